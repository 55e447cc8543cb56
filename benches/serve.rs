//! `cargo bench --bench serve [-- SIZE...]`: how long `annexa serve` takes from a one-line
//! edit of one document to the rebuilt page, on generated projects of 1,000 and 10,000
//! documents; prints median and min.
//!
//! In process, the serve workspace: one full build first, then 7 edits inside a body
//! (serve's fast path) and 3 edits of the front matter (the version: the full path), each
//! timed from the change to the edited pages being ready; what follows them (the pages
//! over all documents, the search index: `Workspace::finish_pending`) on its own line.
//!
//! End to end, the `annexa serve` binary as a child process: from just before the file is
//! written to the first HTTP response of the page that shows the edit (the watcher's
//! debounce, the rebuild, printing, the swap and the request all count). The page is
//! polled over fresh loopback connections every 2 ms; after each edit the bench waits until
//! the server is idle again.

#[path = "support/generate.rs"]
#[allow(dead_code)]
mod generate;

use std::collections::BTreeSet;
use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use annexa::lint::LintFlags;
use annexa::serve::workspace::{Change, FollowUp, Workspace};

const DEFAULT_SIZES: [usize; 2] = [1_000, 10_000];
const SEED: u64 = 27_001;
const EDITS: usize = 7;

fn project_for(n: usize) -> PathBuf {
    let base = std::env::var_os("ANNEXA_BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("target")
                .join("bench-projects")
        });
    let root = base.join(format!("serve-{n}"));
    if !root.join("annexa.toml").is_file() {
        let _ = fs::remove_dir_all(&root);
        if let Err(e) = generate::generate(&root, n, SEED) {
            panic!("cannot generate the project in {}: {e}", root.display());
        }
    }
    root
}

/// A document of the project to edit, project-relative.
fn some_document(root: &Path) -> String {
    let mut found: Vec<String> = walk(root, root);
    found.sort();
    found
        .into_iter()
        .find(|p| p.starts_with("policies/"))
        .unwrap_or_default()
}

fn walk(root: &Path, dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(root, &path));
        } else if path.extension().is_some_and(|e| e == "md") {
            if let Ok(rel) = path.strip_prefix(root) {
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    out
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

/// The 1-minute load average: the machine may be shared with other work.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().map(str::to_string))
        .unwrap_or_default()
}

fn print_row(n: usize, label: &str, samples: &[Duration]) {
    if samples.is_empty() {
        return;
    }
    let min = samples.iter().min().copied().unwrap_or_default();
    println!(
        "{n:>6}  {label:<44} {:>10.1} {:>10.1}",
        median(samples.to_vec()).as_secs_f64() * 1e3,
        min.as_secs_f64() * 1e3
    );
}

/// Renders what a rebuild left for after its pages, as serve does; returns how long it took.
fn follow_up(workspace: &mut Workspace) -> Option<Duration> {
    let started = Instant::now();
    match workspace.finish_pending() {
        Ok(Some(FollowUp::Site { .. })) => Some(started.elapsed()),
        Ok(Some(FollowUp::Failed(rebuilt))) => panic!("{:?}", rebuilt.diagnostics),
        Ok(None) => None,
        Err(e) => panic!("{e}"),
    }
}

/// The document at `rel` with its `version:` line set to `version`.
fn with_version(original: &str, version: &str) -> String {
    let edited: String = original
        .lines()
        .map(|line| {
            if line.starts_with("version:") {
                format!("version: \"{version}\"\n")
            } else {
                format!("{line}\n")
            }
        })
        .collect();
    assert_ne!(edited, original, "the document has a version line");
    edited
}

/// The site path of the page of the document `text` (`docs/<id>.html`).
fn page_of(text: &str) -> String {
    let id = text
        .lines()
        .find_map(|l| l.strip_prefix("id: "))
        .unwrap_or_else(|| panic!("the document has an id"));
    format!("/docs/{}.html", id.trim().to_lowercase())
}

/// `annexa serve` on the project, as a child process; killed when dropped.
struct Served {
    child: Child,
    address: String,
}

impl Served {
    fn start(root: &Path, log: &Path) -> Served {
        let log = fs::File::create(log).unwrap_or_else(|e| panic!("{e}"));
        let mut child = Command::new(env!("CARGO_BIN_EXE_annexa"))
            .args(["serve", "--port", "0", "--today", "2026-11-25"])
            .arg(root)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::from(log))
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start annexa serve: {e}"));
        let stdout = child.stdout.take().unwrap_or_else(|| panic!("no stdout"));
        let mut lines = BufReader::new(stdout).lines();
        let address = loop {
            match lines.next() {
                Some(Ok(line)) => {
                    if let Some(at) = line.find("http://") {
                        break line[at + 7..].split('/').next().unwrap_or("").to_string();
                    }
                }
                _ => panic!("annexa serve stopped before it printed its URL"),
            }
        };
        Served { child, address }
    }

    /// The body of the page at `target`, or None when it is not served (yet).
    fn get(&self, target: &str) -> Option<String> {
        let mut stream = TcpStream::connect(&self.address).ok()?;
        stream.set_read_timeout(Some(Duration::from_secs(20))).ok();
        write!(
            stream,
            "GET {target} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.address
        )
        .ok()?;
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).ok()?;
        let text = String::from_utf8_lossy(&raw).into_owned();
        text.starts_with("HTTP/1.1 200").then_some(text)
    }

    /// Waits until the server has finished what follows the last rebuild.
    fn wait_idle(&self) {
        let started = Instant::now();
        while self
            .get("/__annexa/status")
            .is_none_or(|status| !status.contains("\"busy\":false"))
        {
            if started.elapsed() > Duration::from_secs(120) {
                panic!("the server stayed busy for 120 s");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Writes `text` to `path` and returns how long until `target` shows `marker`.
    fn edit(&self, path: &Path, text: &str, target: &str, marker: &str) -> Duration {
        let started = Instant::now();
        fs::write(path, text).unwrap_or_else(|e| panic!("{e}"));
        loop {
            if self.get(target).is_some_and(|page| page.contains(marker)) {
                return started.elapsed();
            }
            if started.elapsed() > Duration::from_secs(60) {
                panic!("{target} did not show `{marker}` within 60 s");
            }
            std::thread::sleep(Duration::from_millis(2));
        }
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Edits the document at `rel` inside its body, then in its front matter, each against the
/// running server; restores it. Prints the end-to-end rows.
fn end_to_end(n: usize, root: &Path, rel: &str) {
    let path = root.join(rel);
    let original = fs::read_to_string(&path).unwrap_or_default();
    let target = page_of(&original);
    let log = root.with_extension("serve.log");
    let served = Served::start(root, &log);
    assert!(
        served.get(&target).is_some(),
        "{target} is served after the first build"
    );
    // What follows an edit (the pages over all documents, the search index) is done before
    // the next one, and the machine has a moment.
    let idle = || {
        served.wait_idle();
        std::thread::sleep(Duration::from_millis(300));
    };
    idle();
    let mut body = Vec::new();
    for edit in 0..EDITS {
        let marker = format!("An end-to-end edit, number {edit}.");
        let text = format!("{original}\n{marker}\n");
        body.push(served.edit(&path, &text, &target, &marker));
        idle();
    }
    let mut front = Vec::new();
    for edit in 0..5 {
        let version = format!("77.{edit}.3");
        let text = with_version(&original, &version);
        front.push(served.edit(&path, &text, &target, &version));
        idle();
    }
    fs::write(&path, &original).ok();
    idle();
    drop(served);
    print_row(n, "end to end: body edit (write → page served)", &body);
    print_row(n, "end to end: front matter edit", &front);
    println!("{n:>6}  (load {} after this size)", load_average());
}

fn main() {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        DEFAULT_SIZES.to_vec()
    } else {
        sizes
    };
    println!(
        "{:>6}  {:<44} {:>10} {:>10}   (load {})",
        "N",
        "case",
        "median ms",
        "min ms",
        load_average()
    );
    for n in sizes {
        let root = project_for(n);
        println!("{n:>6}  (load {} before this size)", load_average());
        in_process(n, &root);
        let rel = some_document(&root);
        end_to_end(n, &root, &rel);
    }
}

/// The serve workspace in process: the first build, body edits and front matter edits.
fn in_process(n: usize, root: &Path) {
    let today = jiff::civil::date(2026, 11, 25);
    let mut workspace = Workspace::new(root.to_path_buf(), today, LintFlags::default());
    let started = Instant::now();
    let first = workspace
        .rebuild(&Change::Everything)
        .unwrap_or_else(|e| panic!("{e}"));
    let full = started.elapsed();
    assert!(
        !first.has_errors(),
        "the generated project builds without errors"
    );
    print_row(n, "serve: first full build", &[full]);

    let rel = some_document(root);
    let path = root.join(&rel);
    let original = fs::read_to_string(&path).unwrap_or_default();
    let mut samples = Vec::new();
    let mut index_samples = Vec::new();
    let mut documents = 0;
    for edit in 0..EDITS {
        fs::write(
            &path,
            format!("{original}\nA one-line edit, number {edit}.\n"),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let change = Change::Paths(BTreeSet::from([rel.clone()]));
        let started = Instant::now();
        let rebuilt = workspace.rebuild(&change).unwrap_or_else(|e| panic!("{e}"));
        samples.push(started.elapsed());
        assert!(rebuilt.site.is_some(), "the edit rebuilds");
        documents = rebuilt.documents_rendered;
        // serve then rebuilds the search index, after the pages are shown.
        index_samples.extend(follow_up(&mut workspace));
    }
    // An edit of the front matter (the version) takes the full path: model, lints, the
    // pages whose inputs changed (this document's, those listing it); then the pages over
    // all documents and the search index.
    let mut front_samples = Vec::new();
    let mut overview_samples = Vec::new();
    let mut front_documents = 0;
    for edit in 0..3 {
        fs::write(&path, with_version(&original, &format!("9.{edit}")))
            .unwrap_or_else(|e| panic!("{e}"));
        let change = Change::Paths(BTreeSet::from([rel.clone()]));
        let started = Instant::now();
        let rebuilt = workspace.rebuild(&change).unwrap_or_else(|e| panic!("{e}"));
        front_samples.push(started.elapsed());
        assert!(rebuilt.site.is_some(), "the edit rebuilds");
        front_documents = rebuilt.documents_rendered;
        overview_samples.extend(follow_up(&mut workspace));
    }
    fs::write(&path, &original).ok();
    print_row(
        n,
        &format!("serve: one-line edit ({documents} doc pages)"),
        &samples,
    );
    print_row(n, "serve: then the search index", &index_samples);
    print_row(
        n,
        &format!("serve: front matter edit ({front_documents} doc pages)"),
        &front_samples,
    );
    print_row(
        n,
        "serve: then overview pages and search index",
        &overview_samples,
    );
}
