//! Hostile input (issue 8): one case per bad project or file, each built on top of a small
//! valid project whose site was built first.
//!
//! Every case runs the same procedure:
//!
//! 1. copy `tests/fixtures/hostile/base/` (two good documents and an annexa.toml) with its
//!    site into a temporary folder: the base is built (`annexa build DIR --today 2026-11-25
//!    --format json`, into `DIR/_site`) once per test process and copied for each case;
//! 2. add the hostile files: the case's fixture folder `tests/fixtures/hostile/cases/<name>/`
//!    (copied over the project), then the case's `setup` for what cannot be committed to git
//!    (symlinks, non-UTF-8 file names, 20 MB files, unreadable files, FIFOs, deep nesting);
//! 3. snapshot `_site` and list every entry of the project;
//! 4. build again, with a time limit (a hang fails the case);
//! 5. assert: no panic or crash (exit code 0, 1 or 2, no "panicked" on stderr), the expected
//!    exit code, the expected diagnostics by name, level, file and line/column (null line
//!    and column for whole-file problems), no unexpected errors; when the exit code is not
//!    0, `_site` byte-identical to the snapshot and no entry added to or removed from the
//!    project (no staging folder left behind, nothing written by a refused `-o`); when it is
//!    0, the case's own checks of the new site.
//!
//! The table is the `cases!` invocation below: one `#[test]` per case, named after it.

mod common;

use std::collections::BTreeSet;
use std::ffi::{OsStr, OsString};
use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{symlink, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

use common::{
    copy_dir, repo_root, run_with_timeout, scan_html, snapshot, snapshot_diff, tempdir, Diag, Run,
    TODAY,
};

// ---------------------------------------------------------------------------------------
// What a case expects
// ---------------------------------------------------------------------------------------

/// Where a diagnostic must point.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Pos {
    /// A whole-file problem: `line` and `column` are null.
    Whole,
    /// This line and column (1-based).
    At(u64, u64),
    /// This line, any column.
    Line(u64),
    /// Anywhere (for limits whose position is an implementation detail, like an alias bomb).
    Any,
}

/// One diagnostic a case expects.
#[derive(Clone, Debug)]
struct Want {
    level: &'static str,
    name: &'static str,
    file: &'static str,
    pos: Pos,
    /// A substring of the message.
    message: Option<&'static str>,
    /// A substring of the help.
    help: Option<&'static str>,
    /// A related place: (file, line).
    related: Option<(&'static str, u64)>,
}

fn error(name: &'static str, file: &'static str) -> Want {
    Want {
        level: "error",
        name,
        file,
        pos: Pos::Whole,
        message: None,
        help: None,
        related: None,
    }
}

fn warning(name: &'static str, file: &'static str) -> Want {
    Want {
        level: "warning",
        ..error(name, file)
    }
}

impl Want {
    fn at(mut self, line: u64, column: u64) -> Self {
        self.pos = Pos::At(line, column);
        self
    }
    fn line(mut self, line: u64) -> Self {
        self.pos = Pos::Line(line);
        self
    }
    fn anywhere(mut self) -> Self {
        self.pos = Pos::Any;
        self
    }
    fn message(mut self, text: &'static str) -> Self {
        self.message = Some(text);
        self
    }
    fn help(mut self, text: &'static str) -> Self {
        self.help = Some(text);
        self
    }
    fn related(mut self, file: &'static str, line: u64) -> Self {
        self.related = Some((file, line));
        self
    }

    fn matches(&self, d: &Diag) -> bool {
        let pos_ok = match self.pos {
            Pos::Whole => d.line.is_none() && d.column.is_none(),
            Pos::At(l, c) => d.line == Some(l) && d.column == Some(c),
            Pos::Line(l) => d.line == Some(l),
            Pos::Any => true,
        };
        d.level == self.level
            && d.name == self.name
            && d.file.as_deref() == Some(self.file)
            && pos_ok
            && self.message.is_none_or(|m| d.message.contains(m))
            && self
                .help
                .is_none_or(|h| d.help.as_deref().is_some_and(|x| x.contains(h)))
            && self.related.is_none_or(|(file, line)| {
                d.related
                    .iter()
                    .any(|r| r.file == file && r.line == Some(line))
            })
    }

    /// Same lint and file: the diagnostic the case is about, wherever it points.
    fn same_subject(&self, d: &Diag) -> bool {
        d.name == self.name && d.file.as_deref() == Some(self.file)
    }
}

/// What a case's setup decided.
enum Setup {
    Ready,
    /// The case cannot run here (the reason is printed and the case passes).
    Skip(String),
}

/// What a check of an accepted case gets.
struct Built<'a> {
    root: &'a Path,
    site: &'a Path,
    run: &'a Run,
}

impl Built<'_> {
    fn read(&self, rel: &str) -> String {
        let path = self.site.join(rel);
        let bytes = fs::read(&path).unwrap_or_else(|e| {
            panic!(
                "cannot read {} of the new site: {e}\n{}",
                path.display(),
                self.run
            )
        });
        String::from_utf8(bytes).unwrap_or_else(|e| panic!("{rel} is not UTF-8: {e}"))
    }

    /// Every `.html` page of the site with its text.
    fn pages(&self) -> Vec<(String, String)> {
        common::list_files(self.site)
            .into_iter()
            .filter(|f| f.ends_with(".html"))
            .map(|f| {
                let text = self.read(&f);
                (f, text)
            })
            .collect()
    }
}

/// One case of the table.
struct Case {
    setup: fn(&Path) -> Setup,
    /// `-o` relative to the project ("" is the project itself); None: the default `_site`.
    out: Option<&'static str>,
    today: &'static str,
    timeout: Duration,
    code: i32,
    want: Vec<Want>,
    /// A substring stderr must contain (for exit code 2, which has no JSON diagnostic).
    stderr: Option<&'static str>,
    /// Checks of the new site (exit code 0) or of the project (any exit code).
    check: Option<fn(&Built)>,
}

fn case() -> Case {
    Case {
        setup: |_| Setup::Ready,
        out: None,
        today: TODAY,
        timeout: Duration::from_secs(60),
        code: 1,
        want: Vec::new(),
        stderr: None,
        check: None,
    }
}

impl Case {
    fn setup(mut self, setup: fn(&Path) -> Setup) -> Self {
        self.setup = setup;
        self
    }
    fn out(mut self, out: &'static str) -> Self {
        self.out = Some(out);
        self
    }
    fn today(mut self, today: &'static str) -> Self {
        self.today = today;
        self
    }
    fn timeout(mut self, secs: u64) -> Self {
        self.timeout = Duration::from_secs(secs);
        self
    }
    fn exit(mut self, code: i32) -> Self {
        self.code = code;
        self
    }
    fn want(mut self, want: Want) -> Self {
        self.want.push(want);
        self
    }
    fn stderr(mut self, text: &'static str) -> Self {
        self.stderr = Some(text);
        self
    }
    fn check(mut self, check: fn(&Built)) -> Self {
        self.check = Some(check);
        self
    }
}

// ---------------------------------------------------------------------------------------
// Running a case
// ---------------------------------------------------------------------------------------

fn hostile_fixtures() -> PathBuf {
    repo_root().join("tests").join("fixtures").join("hostile")
}

fn build(root: &Path, out: Option<&Path>, today: &str, limit: Duration) -> Run {
    let mut args: Vec<OsString> = vec!["build".into(), root.as_os_str().to_os_string()];
    if let Some(out) = out {
        args.push("-o".into());
        args.push(out.as_os_str().to_os_string());
    }
    args.extend(["--today", today, "--format", "json"].map(OsString::from));
    run_with_timeout(&args, limit)
}

/// Every entry under `root` (without following symlinks or reading anything, ignoring what
/// cannot be listed), relative to it; folders end with `/`, symlinks with ` -> target`.
fn tree(root: &Path) -> BTreeSet<String> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeSet<String>) {
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let rel = path
                .strip_prefix(root)
                .map(|p| p.to_string_lossy().into_owned())
                .unwrap_or_default();
            let Ok(meta) = fs::symlink_metadata(&path) else {
                continue;
            };
            if meta.file_type().is_symlink() {
                let target = fs::read_link(&path).unwrap_or_default();
                out.insert(format!("{rel} -> {}", target.display()));
            } else if meta.is_dir() {
                out.insert(format!("{rel}/"));
                walk(root, &path, out);
            } else {
                out.insert(rel);
            }
        }
    }
    let mut out = BTreeSet::new();
    walk(root, root, &mut out);
    out
}

/// Gives back every permission a case took away, so that the checks and the clean-up of
/// the temporary folder work.
fn restore_permissions(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(meta) = fs::symlink_metadata(&path) else {
            continue;
        };
        if meta.is_dir() {
            if meta.permissions().mode() & 0o700 != 0o700 {
                let _ = fs::set_permissions(&path, fs::Permissions::from_mode(0o755));
            }
            restore_permissions(&path);
        } else if meta.is_file() && meta.permissions().mode() & 0o600 != 0o600 {
            let _ = fs::set_permissions(&path, fs::Permissions::from_mode(0o644));
        }
    }
}

fn describe(wants: &[Want]) -> String {
    wants
        .iter()
        .map(|w| format!("  {w:?}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Runs the case `name` (the test's name; its fixture folder is spelt with `-`).
/// The base project with its site built, once per test process (in Cargo's temporary
/// folder for tests, removed when the process exits).
fn built_base() -> &'static Path {
    static BASE: OnceLock<PathBuf> = OnceLock::new();
    extern "C" fn remove_base() {
        if let Some(dir) = BASE.get() {
            let _ = fs::remove_dir_all(dir);
        }
    }
    BASE.get_or_init(|| {
        let mut tmp = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
        if fs::create_dir_all(&tmp).is_err() || tempfile::tempdir_in(&tmp).is_err() {
            tmp = std::env::temp_dir(); // a read-only target folder
        }
        // Leftovers of runs that were killed before they could clean up.
        for entry in fs::read_dir(&tmp).into_iter().flatten().flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if let Some(pid) = name.strip_prefix("hostile-base-") {
                if !Path::new("/proc").join(pid).exists() {
                    let _ = fs::remove_dir_all(entry.path());
                }
            }
        }
        let dir = tmp.join(format!("hostile-base-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        copy_dir(&hostile_fixtures().join("base"), &dir);
        let run = build(&dir, None, TODAY, Duration::from_secs(60));
        assert_eq!(run.code, 0, "the base project must build cleanly:\n{run}");
        // SAFETY: registers a plain function without arguments to run at exit.
        unsafe { libc::atexit(remove_base) };
        dir
    })
}

fn run_case(test_name: &str, case: Case) {
    let name = test_name.replace('_', "-");
    let name = name.as_str();
    let tmp = tempdir();
    let root = tmp.path().join("project");

    // 1. The previous site: the base project and its site, built once, copied.
    copy_dir(built_base(), &root);
    let site = root.join("_site");
    assert!(
        site.join(".annexa-output").is_file(),
        "[{name}] the copy of the base site has no .annexa-output"
    );

    // 2. The hostile files.
    let overlay = hostile_fixtures().join("cases").join(name);
    if overlay.is_dir() {
        copy_dir(&overlay, &root);
    }
    if let Setup::Skip(reason) = (case.setup)(&root) {
        restore_permissions(&root);
        eprintln!("[{name}] SKIPPED: {reason}");
        return;
    }

    // 3. The state before.
    let site_before = site.is_dir().then(|| snapshot(&site));
    let tree_before = tree(&root);

    // 4. The hostile build.
    let out = case.out.map(|o| {
        if o.is_empty() {
            root.clone()
        } else {
            root.join(o)
        }
    });
    let run = build(&root, out.as_deref(), case.today, case.timeout);
    let tree_after = tree(&root);
    restore_permissions(&root);

    // 5. Assertions.
    assert!(
        !run.panicked() && (0..=2).contains(&run.code),
        "[{name}] annexa crashed or panicked:\n{run}"
    );
    assert_eq!(
        run.code, case.code,
        "[{name}] wrong exit code (expected {}):\n{run}",
        case.code
    );
    if let Some(text) = case.stderr {
        assert!(
            run.stderr.contains(text),
            "[{name}] stderr must contain {text:?}:\n{run}"
        );
    }
    let diags = run.diagnostics();
    for want in &case.want {
        if !diags.iter().any(|d| want.matches(d)) {
            let near: Vec<String> = diags
                .iter()
                .filter(|d| want.same_subject(d))
                .map(|d| format!("  {d:?}"))
                .collect();
            panic!(
                "[{name}] missing diagnostic\n  {want:?}\nsame lint and file, elsewhere or different:\n{}\n{run}",
                if near.is_empty() { "  (none)".to_string() } else { near.join("\n") }
            );
        }
    }
    {
        let unexpected: Vec<String> = diags
            .iter()
            .filter(|d| d.level == "error" && !case.want.iter().any(|w| w.matches(d)))
            .map(|d| format!("  {d:?}"))
            .collect();
        assert!(
            unexpected.is_empty(),
            "[{name}] errors that the case does not expect:\n{}\nexpected:\n{}",
            unexpected.join("\n"),
            describe(&case.want)
        );
    }
    if run.code != 0 {
        if let Some(before) = &site_before {
            assert!(
                site.is_dir(),
                "[{name}] the previous _site is gone after a failed build:\n{run}"
            );
            let diff = snapshot_diff(before, &snapshot(&site));
            assert!(
                diff.is_empty(),
                "[{name}] a failed build changed the previous _site:\n{}",
                diff.join("\n")
            );
        }
        let added: Vec<&String> = tree_after.difference(&tree_before).collect();
        let removed: Vec<&String> = tree_before.difference(&tree_after).collect();
        assert!(
            added.is_empty() && removed.is_empty(),
            "[{name}] a failed build changed the project: added {added:?}, removed {removed:?}"
        );
    }
    if let Some(check) = case.check {
        check(&Built {
            root: &root,
            site: &site,
            run: &run,
        });
    }
}

macro_rules! cases {
    ($($name:ident => $case:expr;)*) => {
        $(
            #[test]
            fn $name() {
                run_case(stringify!($name), $case);
            }
        )*

        /// The names of every case, in table order.
        const CASE_NAMES: &[&str] = &[$(stringify!($name)),*];
    };
}

// ---------------------------------------------------------------------------------------
// Runtime fixtures (what cannot be committed to git)
// ---------------------------------------------------------------------------------------

/// A valid approved document with `id`, then `body`.
fn doc(id: &str, body: &str) -> String {
    format!(
        "---\nid: {id}\ntitle: Document {id}\nstatus: approved\nowner: CISO\nlast_reviewed: 2026-06-01\n---\n{body}"
    )
}

fn write(path: &Path, bytes: impl AsRef<[u8]>) {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{}: {e}", parent.display()));
    }
    fs::write(path, bytes).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}

fn link(target: impl AsRef<Path>, at: &Path) {
    symlink(target.as_ref(), at).unwrap_or_else(|e| panic!("cannot link {}: {e}", at.display()));
}

/// A document of `size` bytes: a valid front matter, then lines of text.
fn large_document(path: &Path, size: usize) {
    let mut text = doc("BIG-1", "# Big\n\n").into_bytes();
    let line = b"Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod.\n";
    while text.len() + line.len() <= size {
        text.extend_from_slice(line);
    }
    text.resize(size, b'x');
    write(path, text);
}

/// The text a document outside the project carries; it must never reach the site.
const OUTSIDE_SECRET: &str = "OUTSIDE-SECRET-7f3a";

/// A folder beside the project (in the same temporary folder) with one document.
fn outside_folder(root: &Path) -> PathBuf {
    let outside = root.parent().expect("temporary folder").join("outside");
    write(
        &outside.join("secret.md"),
        doc("OUT-1", &format!("# Outside\n\n{OUTSIDE_SECRET}\n")),
    );
    outside
}

/// chmod 000 on `path`; Skip when the process can read it anyway (root, CAP_DAC_OVERRIDE).
fn make_unreadable(path: &Path) -> Setup {
    fs::set_permissions(path, fs::Permissions::from_mode(0o000))
        .unwrap_or_else(|e| panic!("chmod {}: {e}", path.display()));
    let readable = if path.is_dir() {
        fs::read_dir(path).is_ok()
    } else {
        fs::File::open(path).is_ok()
    };
    if readable {
        Setup::Skip(format!(
            "this process can read {} despite chmod 000 (running as root); \
             the case `broken_symlink` covers `unreadable-file` here",
            path.display()
        ))
    } else {
        Setup::Ready
    }
}

fn assert_not_published(b: &Built, id_page: &str) {
    assert!(
        !b.site.join(id_page).exists(),
        "{id_page} must not be built:\n{}",
        b.run
    );
    for (page, text) in b.pages() {
        assert!(
            !text.contains(OUTSIDE_SECRET),
            "{page} shows the text of a file outside the project"
        );
    }
    let json = b.read("annexa.json");
    assert!(!json.contains(OUTSIDE_SECRET) && !json.contains("OUT-1"));
}

// ---------------------------------------------------------------------------------------
// Checks of accepted cases
// ---------------------------------------------------------------------------------------

fn title_of(page: &str) -> &str {
    page.split_once("<title>")
        .and_then(|(_, rest)| rest.split_once("</title>"))
        .map_or("", |(t, _)| t)
}

fn check_bom(b: &Built) {
    let page = b.read("docs/bom-1.html");
    assert!(!page.contains('\u{feff}'), "the page contains a BOM");
    assert!(
        title_of(&page).starts_with("BOM-1 Byte Order Mark"),
        "wrong <title>: {}",
        title_of(&page)
    );
    assert!(page.contains(">Byte Order Mark</h1>"), "no title heading");
    assert!(page.contains("id=\"heading-one\""), "no heading id");
    assert!(
        page.contains("href=\"../docs/pol-is.html\""),
        "[[POL-IS]] not linked"
    );
    let json = b.read("annexa.json");
    assert!(
        json.contains("\"title\": \"Byte Order Mark\"")
            || json.contains("\"title\":\"Byte Order Mark\"")
    );
    assert!(!json.contains('\u{feff}') && !json.contains("\\ufeff"));
    for (name, text) in b.pages() {
        assert!(!text.contains('\u{feff}'), "{name} contains a BOM");
    }
}

fn check_crlf(b: &Built) {
    let page = b.read("docs/crlf-1.html");
    assert!(!page.contains('\r'), "the page contains a carriage return");
    assert!(
        title_of(&page).starts_with("CRLF-1 Carriage Return ·"),
        "wrong <title>: {:?}",
        title_of(&page)
    );
    assert!(!title_of(&page).contains('\r'));
    for id in ["heading-one", "section-two"] {
        assert!(page.contains(&format!("id=\"{id}\"")), "no heading id {id}");
    }
    for href in [
        "../docs/pol-is.html\"",
        "../docs/crlf-1.html#section-two\"",
        "../docs/pol-is.html#scope\"",
    ] {
        assert!(page.contains(&format!("href=\"{href}")), "no link {href}");
    }
    let problems = common::check_links(b.site);
    assert!(
        problems.is_empty(),
        "broken links:\n{}",
        problems.join("\n")
    );
    let json = b.read("annexa.json");
    assert!(
        !json.contains("\\r"),
        "annexa.json carries a carriage return"
    );
}

fn check_bom_and_crlf(b: &Built) {
    let page = b.read("docs/bc-1.html");
    assert!(!page.contains('\r') && !page.contains('\u{feff}'));
    assert!(title_of(&page).starts_with("BC-1 BOM and CRLF"));
    assert!(page.contains("id=\"only-section\""));
    assert!(page.contains("href=\"../docs/bc-1.html#only-section\""));
}

fn check_mixed(b: &Built) {
    let page = b.read("docs/mix-1.html");
    assert!(!page.contains('\r'));
    assert!(title_of(&page).starts_with("MIX-1 Mixed Endings"));
    assert!(page.contains("id=\"part-a\""));
    assert!(page.contains("href=\"../docs/mix-1.html#part-a\""));
}

fn check_id_index(b: &Built) {
    let home = b.read("index.html");
    assert!(
        !home.contains("Index document body"),
        "index.html is the document, not the home page"
    );
    assert_eq!(
        title_of(&home),
        "Hostile Test ISMS",
        "index.html is not the home page"
    );
    let page = b.read("docs/index.html");
    assert!(page.contains("Index document body"));
    assert!(title_of(&page).starts_with("index Index Document"));
}

fn check_id_404(b: &Built) {
    let not_found = b.read("404.html");
    assert!(
        !not_found.contains("Not a not-found page"),
        "404.html was replaced"
    );
    let page = b.read("docs/404.html");
    assert!(page.contains("Not a not-found page"));
}

fn check_id_soa(b: &Built) {
    let soa = b.read("soa.html");
    assert!(
        !soa.contains("How we keep the SoA"),
        "soa.html was replaced"
    );
    assert!(title_of(&soa).starts_with("Statement of Applicability"));
    let page = b.read("docs/soa.html");
    assert!(page.contains("How we keep the SoA"));
    assert!(b.site.join("soa.csv").is_file() && b.site.join("soa.xlsx").is_file());
}

/// No inline script, event handler, `javascript:` URL, iframe or foreign form in any page;
/// the only `<script>` elements are the theme's, loaded by a relative `src`.
fn check_sanitised(b: &Built) {
    for (name, text) in b.pages() {
        assert!(
            !text.contains("alert("),
            "{name} contains the body's scripts"
        );
    }
    // The pages that show the body.
    for name in ["docs/body-1.html", "print.html"] {
        let text = b.read(name);
        let lower = text.to_ascii_lowercase();
        for bad in [
            "alert(",
            "onerror",
            "onclick",
            "javascript:",
            "<iframe",
            "evil.example",
        ] {
            assert!(!lower.contains(bad), "{name} contains {bad:?}");
        }
        let scanned = scan_html(&text);
        let script_tags: BTreeSet<usize> = scanned
            .attrs
            .iter()
            .filter(|(_, a)| a.tag == "script")
            .map(|(i, _)| *i)
            .collect();
        for tag in script_tags {
            let src = scanned
                .tag_attrs(tag)
                .find(|a| a.name == "src")
                .map(|a| a.value.clone());
            let src = src.unwrap_or_else(|| panic!("{name}: a <script> without src (inline)"));
            assert!(
                !src.contains("//") && !src.contains(':'),
                "{name}: <script src={src:?}> is not a file of the site"
            );
        }
        // A <script> without attributes has no entry in `attrs`: count the tags instead.
        let opening = lower.matches("<script").count();
        let with_src = lower.matches("<script src=").count();
        assert_eq!(opening, with_src, "{name} has an inline <script>");
    }
    let page = b.read("docs/body-1.html");
    assert!(page.contains("js link"), "the link text is kept");
}

fn check_escaped_front_matter(b: &Built) {
    for (name, text) in b.pages() {
        for bad in [
            "<script>alert",
            "<img src=x",
            "<b>bold",
            "<b>me",
            "<i>1</i>",
        ] {
            assert!(!text.contains(bad), "{name} contains raw {bad:?}");
        }
    }
    let page = b.read("docs/xss-1.html");
    assert!(
        page.contains("&lt;script&gt;alert(1)&lt;/script&gt;")
            || page.contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt;")
    );
    // The owner's calendar stays a plain file name in reviews/.
    let tmp = b.root.parent().expect("temporary folder");
    for entry in fs::read_dir(tmp).expect("temporary folder") {
        let name = entry.expect("entry").file_name();
        assert!(
            name == "project",
            "a file was written outside the project: {name:?}"
        );
    }
    for entry in fs::read_dir(b.site.join("reviews")).expect("reviews/") {
        let entry = entry.expect("entry");
        assert!(entry.file_type().expect("type").is_file());
    }
}

fn check_unclosed_wikilinks(b: &Built) {
    let page = b.read("docs/body-1.html");
    assert!(
        page.contains("See [[POL-IS and more text."),
        "the text is kept as it is"
    );
}

fn check_far_future(b: &Built) {
    assert!(b.site.join("docs/fut-1.html").is_file());
}

fn check_outside_file(b: &Built) {
    assert_not_published(b, "docs/out-1.html");
}

fn check_static_symlink(b: &Built) {
    if let Ok(text) = fs::read_to_string(b.site.join("passwd.txt")) {
        assert!(
            !text.contains("root:"),
            "static/ leaked /etc/passwd into the site"
        );
    }
}

fn check_site_is_a_file(b: &Built) {
    let text = fs::read_to_string(b.root.join("_site")).expect("_site is still the file");
    assert_eq!(text, "my notes, not a site\n");
}

fn check_new_site(b: &Built) {
    assert!(b.site.join("index.html").is_file());
}

// ---------------------------------------------------------------------------------------
// The table
// ---------------------------------------------------------------------------------------

const BAD: &str = "policies/bad.md";

cases! {
    // --- Encodings and line endings -------------------------------------------------------
    invalid_utf8 => case()
        .want(error("invalid-utf8", BAD).at(6, 3));
    invalid_utf8_in_front_matter => case()
        .want(error("invalid-utf8", BAD).at(3, 12));
    utf16_file => case()
        .want(error("invalid-utf8", BAD).at(1, 1));
    // `title: nul\0byte`: the NUL is on line 3, column 11.
    nul_byte_in_front_matter => case()
        .want(error("invalid-front-matter", BAD).at(3, 11));
    utf8_bom => case().exit(0).check(check_bom);
    crlf_line_endings => case().exit(0).check(check_crlf);
    bom_and_crlf => case().exit(0).check(check_bom_and_crlf);
    mixed_line_endings => case().exit(0).check(check_mixed);
    // Classic Mac line endings: the file is one line, so it has no front matter.
    cr_only_line_endings => case()
        .want(error("invalid-front-matter", "policies/mac.md").message("line endings"));

    // --- Front matter structure -----------------------------------------------------------
    empty_file => case()
        .want(error("invalid-front-matter", BAD).message("empty"));
    no_front_matter => case()
        .want(error("invalid-front-matter", BAD).at(1, 1));
    unterminated_front_matter => case()
        .want(error("invalid-front-matter", BAD).at(1, 1).message("not closed"));
    front_matter_is_a_list => case()
        .want(error("invalid-front-matter", BAD).line(2));
    yaml_syntax_error => case()
        .want(error("invalid-front-matter", BAD).line(5));
    tab_indentation => case()
        .want(error("invalid-front-matter", BAD).at(5, 1));
    yaml_alias_bomb => case()
        .want(error("invalid-front-matter", BAD).anywhere());
    yaml_undefined_alias => case()
        .want(error("invalid-front-matter", BAD).at(3, 8));
    // The second `status:` is on line 6.
    duplicate_front_matter_key => case()
        .want(error("invalid-front-matter", BAD).line(6));
    deep_nesting_flow => case()
        .setup(|root| {
            let depth = 1_000;
            let text = format!(
                "---\nid: DEEP-1\ntitle: Deep\nx: {}{}\n---\nbody\n",
                "[".repeat(depth),
                "]".repeat(depth)
            );
            write(&root.join(BAD), text);
            Setup::Ready
        })
        .want(error("invalid-front-matter", BAD).line(4).message("recursion limit"));
    deep_nesting_block => case()
        .setup(|root| {
            let mut text = String::from("---\nid: DEEP-2\ntitle: Deep\nx:\n");
            for depth in 1..300 {
                text.push_str(&" ".repeat(depth));
                text.push_str("a:\n");
            }
            text.push_str("---\nbody\n");
            write(&root.join(BAD), text);
            Setup::Ready
        })
        .want(error("invalid-front-matter", BAD).anywhere().message("recursion limit"));

    // --- Wrong types (the bad value is on line 4 unless said otherwise) ------------------
    wrong_type_title => case()
        .want(error("invalid-front-matter", BAD).at(3, 8));
    wrong_type_id => case()
        .want(error("invalid-front-matter", BAD).at(2, 5));
    wrong_type_controls => case()
        .want(error("invalid-front-matter", BAD).at(4, 11));
    wrong_type_status => case()
        .want(error("invalid-front-matter", BAD).at(4, 9));
    status_typo => case()
        .want(error("invalid-front-matter", BAD).at(4, 9).help("approved"));
    wrong_type_approved => case()
        .want(error("invalid-date", BAD).at(4, 11));
    wrong_type_history => case()
        .want(error("invalid-front-matter", BAD).at(4, 10));
    // `history:` then `  - 5`: the bad entry is on line 5, column 5.
    wrong_type_history_entry => case()
        .want(error("invalid-front-matter", BAD).at(5, 5));
    invalid_history_date => case()
        .want(error("invalid-date", BAD).at(5, 27));
    wrong_type_owner => case()
        .want(error("invalid-front-matter", BAD).at(4, 8));
    wrong_type_review_every => case()
        .want(error("invalid-front-matter", BAD).at(4, 15));
    zero_review_interval => case()
        .want(error("invalid-front-matter", BAD).at(4, 15));
    // `related: [[a]]`: the item that is not an id.
    wrong_type_related => case()
        .want(error("invalid-front-matter", BAD).at(4, 11));
    wrong_type_classification => case()
        .want(error("invalid-front-matter", BAD).at(4, 17));
    wrong_type_version => case()
        .want(error("invalid-front-matter", BAD).at(4, 10));
    // A version is text, taken as written, however many digits it has.
    huge_integer_version => case().exit(0);
    impossible_next_review => case()
        .want(error("invalid-date", BAD).at(4, 14));
    timestamp_last_reviewed => case()
        .want(error("invalid-date", BAD).at(4, 16));
    missing_id => case()
        .want(error("missing-field", BAD).at(1, 1).message("`id`"));
    missing_title => case()
        .want(error("missing-field", BAD).at(1, 1).message("`title`"));
    empty_front_matter => case()
        .want(error("missing-field", BAD).at(1, 1).message("`id`"))
        .want(error("missing-field", BAD).at(1, 1).message("`title`"));
    empty_id => case()
        .want(error("invalid-front-matter", BAD).at(2, 5));

    // --- Ids --------------------------------------------------------------------------------
    id_with_slash => case().want(error("invalid-id", BAD).at(2, 5));
    id_with_dotdot => case().want(error("invalid-id", BAD).at(2, 5));
    id_with_space => case().want(error("invalid-id", BAD).at(2, 5));
    id_with_leading_dot => case().want(error("invalid-id", BAD).at(2, 5));
    id_too_long => case().want(error("invalid-id", BAD).at(2, 5));
    id_with_nul => case().want(error("invalid-id", BAD).at(2, 5));
    // procedures/zz-copy.md (`id: pol-is`) comes after policies/security.md (`id: POL-IS`).
    duplicate_id_differing_by_case => case()
        .want(
            error("duplicate-id", "procedures/zz-copy.md")
                .at(2, 5)
                .related("policies/security.md", 2),
        );
    // policies/a-copy.md (`id: pol-is`) comes first: security.md is the duplicate, and
    // nothing else may be reported (procedures/backup.md's link to security.md is fine).
    duplicate_id_differing_by_case_sorted_first => case()
        .want(
            error("duplicate-id", "policies/security.md")
                .at(2, 5)
                .related("policies/a-copy.md", 2),
        );
    id_index => case().exit(0).check(check_id_index);
    id_404 => case().exit(0).check(check_id_404);
    id_soa => case().exit(0).check(check_id_soa);

    // --- Sizes ------------------------------------------------------------------------------
    twenty_megabyte_document => case()
        .setup(|root| {
            large_document(&root.join("policies/big.md"), 20 * 1024 * 1024);
            Setup::Ready
        })
        .want(error("file-too-large", "policies/big.md"));
    one_byte_over_eight_mib => case()
        .setup(|root| {
            large_document(&root.join("policies/big.md"), 8 * 1024 * 1024 + 1);
            Setup::Ready
        })
        .want(error("file-too-large", "policies/big.md"));

    // --- File system ------------------------------------------------------------------------
    symlink_loop => case()
        .setup(|root| {
            link("b.md", &root.join("policies/a.md"));
            link("a.md", &root.join("policies/b.md"));
            Setup::Ready
        })
        .want(error("unreadable-file", "policies/a.md").message("loops"))
        .want(error("unreadable-file", "policies/b.md").message("loops"));
    broken_symlink => case()
        .setup(|root| {
            link("does-not-exist.md", &root.join("policies/gone.md"));
            Setup::Ready
        })
        .want(error("unreadable-file", "policies/gone.md"));
    unreadable_file => case()
        .setup(|root| {
            let path = root.join("policies/locked.md");
            write(&path, doc("LOCK-1", "x\n"));
            make_unreadable(&path)
        })
        .want(error("unreadable-file", "policies/locked.md"));
    unreadable_folder => case()
        .setup(|root| {
            let path = root.join("procedures/locked");
            write(&path.join("inner.md"), doc("LOCK-2", "x\n"));
            make_unreadable(&path)
        })
        .want(error("unreadable-file", "procedures/locked"));
    symlink_outside_project => case()
        .setup(|root| {
            let outside = outside_folder(root);
            link(outside.join("secret.md"), &root.join("policies/out.md"));
            Setup::Ready
        })
        .exit(0)
        .want(warning("symlink-outside-project", "policies/out.md"))
        .check(check_outside_file);
    symlink_to_etc_passwd => case()
        .setup(|root| {
            link("/etc/passwd", &root.join("policies/passwd.md"));
            Setup::Ready
        })
        .exit(0)
        .want(warning("symlink-outside-project", "policies/passwd.md"))
        .check(check_outside_file);
    symlinked_folder_outside_project => case()
        .setup(|root| {
            let outside = outside_folder(root);
            link(outside, &root.join("policies/linked"));
            Setup::Ready
        })
        .exit(0)
        .check(check_outside_file);
    symlinked_folder_loop => case()
        .setup(|root| {
            link("..", &root.join("policies/up"));
            link("../..", &root.join("procedures/upup"));
            Setup::Ready
        })
        .exit(0)
        .check(check_new_site);
    non_utf8_file_name => case()
        .setup(|root| {
            let name = OsStr::from_bytes(b"caf\xe9.md");
            write(&root.join("policies").join(name), doc("NAME-1", "x\n"));
            Setup::Ready
        })
        .want(error("invalid-file-name", "policies/caf\u{fffd}.md"));
    non_utf8_folder_name => case()
        .setup(|root| {
            let name = OsStr::from_bytes(b"d\xff");
            write(&root.join("policies").join(name).join("ok.md"), doc("NAME-2", "x\n"));
            Setup::Ready
        })
        .want(error("invalid-file-name", "policies/d\u{fffd}/ok.md"));
    fifo_named_like_a_document => case()
        .setup(|root| {
            let path = root.join("policies/pipe.md");
            let c_path = std::ffi::CString::new(path.as_os_str().as_bytes()).expect("path");
            // SAFETY: a valid NUL-terminated path.
            let rc = unsafe { libc::mkfifo(c_path.as_ptr(), 0o644) };
            assert_eq!(rc, 0, "mkfifo {}", path.display());
            Setup::Ready
        })
        .timeout(20)
        .exit(0)
        .check(check_new_site);

    // --- Output folders ---------------------------------------------------------------------
    output_inside_documents => case()
        .out("policies/site")
        .exit(2)
        .stderr("holds documents");
    output_deep_inside_documents => case()
        .out("procedures/a/b/site")
        .exit(2)
        .stderr("holds documents");
    output_is_the_project => case()
        .out("")
        .exit(2)
        .stderr("project folder");
    output_is_a_documents_folder => case()
        .out("policies")
        .exit(2)
        .stderr("refusing");
    output_through_symlink_into_documents => case()
        .setup(|root| {
            link("policies", &root.join("pl"));
            Setup::Ready
        })
        .out("pl/site")
        .exit(2)
        .stderr("holds documents");
    // static/ is copied into the site: a site written there is copied into the next one.
    output_in_static => case()
        .out("static")
        .exit(2)
        .stderr("refusing");
    site_without_marker => case()
        .setup(|root| {
            fs::remove_file(root.join("_site/.annexa-output")).expect("marker");
            Setup::Ready
        })
        .exit(2)
        .stderr(".annexa-output");
    site_is_a_file => case()
        .setup(|root| {
            fs::remove_dir_all(root.join("_site")).expect("_site");
            write(&root.join("_site"), "my notes, not a site\n");
            Setup::Ready
        })
        .exit(2)
        .stderr("not a folder")
        .check(check_site_is_a_file);
    impossible_today => case()
        .today("2026-02-30")
        .exit(2)
        .stderr("2026-02-30");

    // --- static/ ----------------------------------------------------------------------------
    static_index_html => case()
        .want(error("static-conflict", "static/index.html"));
    static_document_page => case()
        .want(error("static-conflict", "static/docs/pol-is.html"));
    // A folder static/index.html/ cannot be copied where the home page goes.
    static_folder_named_like_page => case()
        .want(error("static-conflict", "static/index.html/readme.txt"));
    // SOA.html and soa.html are one file on case-insensitive file systems (macOS, Windows).
    static_page_differing_by_case => case()
        .want(error("static-conflict", "static/SOA.html"));
    static_symlink_to_etc_passwd => case()
        .setup(|root| {
            fs::create_dir_all(root.join("static")).expect("static/");
            link("/etc/passwd", &root.join("static/passwd.txt"));
            Setup::Ready
        })
        .exit(0)
        .check(check_static_symlink);

    // --- soa.yaml ---------------------------------------------------------------------------
    // `    status: implemented: yes`: an unquoted `: ` on line 5, column 24.
    soa_yaml_syntax_error => case()
        .want(error("invalid-soa", "soa.yaml").at(5, 24));
    soa_unknown_control => case()
        .want(error("unknown-control", "soa.yaml").at(7, 3).help("A.5.9"));
    soa_status_typo => case()
        .want(error("invalid-soa", "soa.yaml").at(5, 13).help("implemented"));
    soa_decided_twice => case()
        .want(error("invalid-soa", "soa.yaml").at(7, 3).related("soa.yaml", 3));
    // The second `A.5.1:` is on line 7.
    soa_duplicate_key => case()
        .want(error("invalid-soa", "soa.yaml").line(7));
    soa_applicable_not_boolean => case()
        .want(error("invalid-soa", "soa.yaml").at(4, 17));
    soa_alias_bomb => case()
        .want(error("invalid-soa", "soa.yaml").anywhere());
    // `    justification: caf\xe9`: the bad byte is on line 6, column 23.
    soa_invalid_utf8 => case()
        .want(error("invalid-soa", "soa.yaml").at(6, 23));

    // --- annexa.toml ------------------------------------------------------------------------
    config_unknown_key => case()
        .want(error("invalid-config", "annexa.toml").at(2, 1).help("did you mean `title`"));
    config_syntax_error => case()
        .want(error("invalid-config", "annexa.toml").line(1));
    config_wrong_type => case()
        .want(error("invalid-config", "annexa.toml").at(1, 9));
    config_allow_fixed_error => case()
        .want(error("invalid-config", "annexa.toml").line(4));
    // base_url ends up in canonical links and in the calendars' URL fields.
    config_javascript_base_url => case()
        .want(error("invalid-config", "annexa.toml").line(2));
    // `annexa new risk` would write to ../../outside.
    config_type_folder_outside => case()
        .want(error("invalid-config", "annexa.toml").line(5));

    // --- Templates --------------------------------------------------------------------------
    // tera reports the error at 3:32 of templates/base.html.
    template_syntax_error => case()
        .want(error("template-error", "templates/base.html").line(3));
    template_unknown_variable => case()
        .want(error("template-error", "templates/home.html").anywhere());
    template_include_outside => case()
        .want(error("template-error", "templates/home.html").anywhere());
    template_circular_extends => case()
        .want(error("template-error", "templates/home.html").anywhere());
    template_recursive_macro => case()
        .want(error("template-error", "templates/home.html").anywhere());

    // --- Bodies -----------------------------------------------------------------------------
    raw_script_in_body => case().exit(0).check(check_sanitised);
    html_in_front_matter => case().exit(0).check(check_escaped_front_matter);
    unclosed_wikilinks => case().exit(0).check(check_unclosed_wikilinks);
    empty_wikilink_target => case()
        .want(error("broken-reference", "policies/body.md").at(10, 5));
    link_to_etc_passwd => case()
        .want(error("broken-reference", "policies/body.md").at(10, 5).message("outside the project"));
    image_from_etc_passwd => case()
        .want(error("broken-reference", "policies/body.md").at(10, 1).message("outside the project"));
    percent_encoded_traversal => case()
        .want(error("broken-reference", "policies/body.md").at(10, 1).message("outside the project"));
    // An absolute path leaves the site (the README: every URL is relative).
    absolute_path_link => case()
        .want(error("broken-reference", "policies/body.md").at(10, 1));
    // A `javascript:` link written in Markdown (not raw HTML) is refused outright.
    markdown_javascript_link => case()
        .want(error("broken-reference", "policies/body.md").at(10, 1).message("not allowed"));
    deeply_nested_blockquotes => case()
        .setup(|root| {
            let body = format!("{} deep\n", ">".repeat(50_000));
            write(&root.join("policies/body.md"), doc("BODY-1", &body));
            Setup::Ready
        })
        .timeout(20)
        .exit(0)
        .check(check_new_site);
    // 330 kB of nested <div>: well under the 8 MiB limit, so it must build promptly.
    deeply_nested_html => case()
        .setup(|root| {
            let body = format!("{}x{}\n", "<div>".repeat(30_000), "</div>".repeat(30_000));
            write(&root.join("policies/body.md"), doc("BODY-1", &body));
            Setup::Ready
        })
        .timeout(10)
        .exit(0)
        .check(check_new_site);
    far_future_review_date => case().exit(0).check(check_far_future);
}

/// The issue asks for at least 40 bad projects and files.
#[test]
fn at_least_forty_cases() {
    assert!(CASE_NAMES.len() >= 40, "{} cases", CASE_NAMES.len());
}

/// Every fixture folder under `cases/` belongs to a case of the table (no orphan).
#[test]
fn every_fixture_folder_has_a_case() {
    let names: BTreeSet<String> = CASE_NAMES.iter().map(|n| n.replace('_', "-")).collect();
    let dir = hostile_fixtures().join("cases");
    for entry in fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        assert!(
            names.contains(&name),
            "tests/fixtures/hostile/cases/{name} has no case"
        );
    }
}

/// `annexa new` with a type whose folder climbs out of the project writes nothing outside it.
#[test]
fn new_with_type_folder_outside_project() {
    let tmp = tempdir();
    let root = tmp.path().join("a").join("project");
    copy_dir(&hostile_fixtures().join("base"), &root);
    copy_dir(
        &hostile_fixtures().join("cases/config-type-folder-outside"),
        &root,
    );
    let run = run_with_timeout(
        [
            OsStr::new("new"),
            OsStr::new("risk"),
            OsStr::new("Evil"),
            root.as_os_str(),
        ],
        Duration::from_secs(60),
    );
    assert!(!run.panicked(), "annexa new crashed:\n{run}");
    let outside = tmp.path().join("outside");
    assert!(
        !outside.exists(),
        "annexa new wrote outside the project ({}):\n{run}",
        outside.display()
    );
    assert!(
        run.code == 1 || run.code == 2,
        "annexa new must refuse the type folder `../../outside`:\n{run}"
    );
}
