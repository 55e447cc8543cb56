//! `cargo bench --bench serve [-- SIZE...]`: how long `annexa serve` takes from a one-line
//! edit of one document to the rebuilt site being ready to serve, on generated projects of
//! 1,000 and 10,000 documents. Runs the serve workspace in process (the HTTP layer only
//! swaps an `Arc` afterwards), one full build first, then 7 edits; prints median and min.
//! An edit inside a body takes serve's fast path; the search index is rebuilt after the
//! pages are shown (`Workspace::finish_pending`), timed on its own line. Then 3 edits of the
//! front matter (the version), which take the full path.

#[path = "support/generate.rs"]
#[allow(dead_code)]
mod generate;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use annexa::lint::LintFlags;
use annexa::serve::workspace::{Change, Workspace};

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
        "{:>6}  {:<40} {:>10} {:>10}",
        "N", "case", "median ms", "min ms"
    );
    for n in sizes {
        let root = project_for(n);
        let today = jiff::civil::date(2026, 11, 25);
        let mut workspace = Workspace::new(root.clone(), today, LintFlags::default());
        let started = Instant::now();
        let first = workspace
            .rebuild(&Change::Everything)
            .unwrap_or_else(|e| panic!("{e}"));
        let full = started.elapsed();
        assert!(
            !first.has_errors(),
            "the generated project builds without errors"
        );
        println!(
            "{n:>6}  {:<40} {:>10.1} {:>10.1}",
            "serve: first full build",
            full.as_secs_f64() * 1e3,
            full.as_secs_f64() * 1e3
        );

        let rel = some_document(&root);
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
            let started = Instant::now();
            if workspace.finish_pending().is_some() {
                index_samples.push(started.elapsed());
            }
        }
        // An edit of the front matter (the version) takes the full path: model, lints, the
        // pages whose inputs changed (this document's, those listing it) and every page over
        // all documents.
        let mut front_samples = Vec::new();
        let mut front_documents = 0;
        for edit in 0..3 {
            let edited: String = original
                .lines()
                .map(|line| {
                    if line.starts_with("version:") {
                        format!("version: \"9.{edit}\"\n")
                    } else {
                        format!("{line}\n")
                    }
                })
                .collect();
            assert_ne!(edited, original, "the document has a version line");
            fs::write(&path, edited).unwrap_or_else(|e| panic!("{e}"));
            let change = Change::Paths(BTreeSet::from([rel.clone()]));
            let started = Instant::now();
            let rebuilt = workspace.rebuild(&change).unwrap_or_else(|e| panic!("{e}"));
            front_samples.push(started.elapsed());
            assert!(rebuilt.site.is_some(), "the edit rebuilds");
            front_documents = rebuilt.documents_rendered;
        }
        fs::write(&path, &original).ok();
        let min = samples.iter().min().copied().unwrap_or_default();
        let label = format!("serve: one-line edit ({documents} doc pages)");
        println!(
            "{n:>6}  {label:<40} {:>10.1} {:>10.1}",
            median(samples).as_secs_f64() * 1e3,
            min.as_secs_f64() * 1e3
        );
        if !index_samples.is_empty() {
            let min = index_samples.iter().min().copied().unwrap_or_default();
            println!(
                "{n:>6}  {:<40} {:>10.1} {:>10.1}",
                "serve: then the search index",
                median(index_samples).as_secs_f64() * 1e3,
                min.as_secs_f64() * 1e3
            );
        }
        let front_min = front_samples.iter().min().copied().unwrap_or_default();
        let front_label = format!("serve: front matter edit ({front_documents} doc pages)");
        println!(
            "{n:>6}  {front_label:<40} {:>10.1} {:>10.1}",
            median(front_samples).as_secs_f64() * 1e3,
            front_min.as_secs_f64() * 1e3
        );
    }
}
