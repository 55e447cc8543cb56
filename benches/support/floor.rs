//! The floor: the least work any generator must do for a project of Markdown documents
//! with YAML front matter, on the machine's 2 cores. Read every document, split off its
//! front matter and parse it with serde_yaml, render the body with pulldown-cmark (tables
//! on), and write one HTML file per document. No links, templates, SoA or indexes.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use pulldown_cmark::{html, Options, Parser};

/// Worker threads: the benchmark machine has 2 cores.
pub const THREADS: usize = 2;

/// The project's documents: every `.md` file except the root README.md and files in hidden
/// folders or folders starting with `_`.
fn documents(project: &Path) -> io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let walker = walkdir::WalkDir::new(project)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0
                || !e
                    .file_name()
                    .to_str()
                    .is_some_and(|n| n.starts_with(['.', '_']))
        });
    for entry in walker {
        let entry = entry.map_err(io::Error::other)?;
        let path = entry.path();
        if entry.file_type().is_file()
            && path.extension().is_some_and(|e| e == "md")
            && !(entry.depth() == 1 && entry.file_name() == "README.md")
        {
            files.push(path.to_path_buf());
        }
    }
    Ok(files)
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn render_one(path: &Path, out: &Path) -> io::Result<()> {
    let text = fs::read_to_string(path)?;
    let bad = |why: &str| io::Error::other(format!("{}: {why}", path.display()));
    let rest = text
        .strip_prefix("---\n")
        .ok_or_else(|| bad("no front matter"))?;
    let end = rest
        .find("\n---\n")
        .ok_or_else(|| bad("unclosed front matter"))?;
    let (yaml, body) = (&rest[..end + 1], &rest[end + 5..]);
    let front: serde_yaml::Value =
        serde_yaml::from_str(yaml).map_err(|e| bad(&format!("front matter: {e}")))?;
    let field = |key: &str| front.get(key).and_then(serde_yaml::Value::as_str);
    let id = field("id").ok_or_else(|| bad("no id"))?;
    let title = field("title").ok_or_else(|| bad("no title"))?;

    let mut page = String::with_capacity(body.len() * 3 / 2 + 256);
    page.push_str("<!doctype html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>");
    page.push_str(&escape(title));
    page.push_str("</title></head>\n<body>\n<h1>");
    page.push_str(&escape(title));
    page.push_str("</h1>\n");
    html::push_html(&mut page, Parser::new_ext(body, Options::ENABLE_TABLES));
    page.push_str("</body>\n</html>\n");
    fs::write(out.join(format!("{}.html", id.to_lowercase())), page)
}

/// Renders every document of `project` into `out`; returns how many.
pub fn run(project: &Path, out: &Path) -> io::Result<usize> {
    let files = documents(project)?;
    fs::create_dir_all(out)?;
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..THREADS)
            .map(|_| {
                scope.spawn(|| -> io::Result<()> {
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(path) = files.get(i) else {
                            return Ok(());
                        };
                        render_one(path, out)?;
                    }
                })
            })
            .collect();
        for worker in workers {
            worker
                .join()
                .map_err(|_| io::Error::other("a floor worker panicked"))??;
        }
        Ok(files.len())
    })
}
