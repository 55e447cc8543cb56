//! `annexa import markdown DIR [--into OUT]`: front matter for a folder of plain Markdown
//! policies, decided from what each file says (its first heading, its metadata lines or
//! table), with the body kept byte for byte. Files that have front matter are left alone,
//! no file is ever replaced, and what could not be decided is said per file.

mod decide;
mod metadata;
mod values;
mod write;

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::config::{self, Config};
use crate::pipeline::RunError;
use crate::source;

/// What `import` is asked to do.
pub struct ImportOptions {
    /// The folder of Markdown files.
    pub source: PathBuf,
    /// Where the project is written; None writes the front matter into the files in place.
    pub into: Option<PathBuf>,
}

/// What happened to one Markdown file.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Front matter written; `undecided` says what the author still has to decide.
    Imported {
        id: String,
        title: String,
        draft: bool,
        undecided: Vec<String>,
    },
    /// The file has front matter already: left as it is (copied as it is with `--into`).
    HasFrontMatter,
    /// `--into` holds a file of this name already: left as it is.
    Exists,
    /// The file is not UTF-8 text: left out.
    NotText,
}

/// One Markdown file of the source folder and what happened to it.
#[derive(Debug)]
pub struct Imported {
    /// Relative to the source folder, `/`-separated.
    pub path: String,
    pub outcome: Outcome,
}

/// The result of an import.
#[derive(Debug)]
pub struct ImportReport {
    /// Where the project is (the source folder when imported in place).
    pub project: PathBuf,
    pub documents: Vec<Imported>,
    /// Other files copied to `--into` (images, attachments), and those left because a file
    /// of the same name was there.
    pub copied: usize,
    pub kept: usize,
}

fn io_error(what: &str, path: &Path, e: &std::io::Error) -> RunError {
    RunError {
        message: format!("cannot {what} {}: {e}", path.display()),
    }
}

/// `path` made absolute through its nearest existing ancestor (it need not exist).
fn resolve(path: &Path) -> PathBuf {
    let mut existing = path.to_path_buf();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name.to_os_string());
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let base = if existing.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        existing
    };
    let mut resolved = fs::canonicalize(&base).unwrap_or(base);
    for name in rest.iter().rev() {
        resolved.push(name);
    }
    resolved
}

/// The id in a document's front matter (`id: POL-AC`), if it has one.
fn front_matter_id(text: &str) -> Option<String> {
    let split = source::front_matter::split(text).ok()?;
    text[split.yaml].lines().find_map(|line| {
        let value = line.strip_prefix("id:")?.trim();
        let value = value.trim_matches(['"', '\'']);
        (!value.is_empty()).then(|| value.to_string())
    })
}

/// Whether `text` opens with front matter (or with a `---` line, which annexa reads as its
/// start: better left to the author than doubled).
fn has_front_matter(text: &str) -> bool {
    text.lines()
        .next()
        .is_some_and(|first| first.trim_end() == "---")
}

/// The settings that decide ids, types and which files are documents: the destination's
/// annexa.toml, else the source's, else the defaults.
fn settings(source: &Path, into: Option<&Path>) -> Result<Config, RunError> {
    let project = into
        .filter(|p| p.join(config::CONFIG_FILE).is_file())
        .unwrap_or(source);
    config::load(project).map_err(|d| RunError {
        message: format!(
            "{}: {} (fix annexa.toml first)",
            project.join(config::CONFIG_FILE).display(),
            d.message
        ),
    })
}

/// Ids already taken: those of the documents with front matter in `folder`.
fn ids_in(folder: &Path, config: &Config) -> Vec<String> {
    let found = source::discover(folder, &config.exclude, None, &config.theme_overrides);
    found
        .files
        .iter()
        .filter_map(|rel| fs::read_to_string(folder.join(rel)).ok())
        .filter_map(|text| front_matter_id(text.trim_start_matches('\u{feff}')))
        .collect()
}

/// Writes `bytes` to a new file `path`; Ok(false) when a file is there already.
fn write_new(path: &Path, bytes: &[u8]) -> Result<bool, RunError> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|e| io_error("create", parent, &e))?;
    }
    match fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
    {
        Ok(mut file) => {
            file.write_all(bytes)
                .map_err(|e| io_error("write", path, &e))?;
            Ok(true)
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
        Err(e) => Err(io_error("create", path, &e)),
    }
}

/// Replaces `path` with `bytes` through a temporary file beside it, keeping its permissions:
/// an interrupted import leaves the file whole.
fn replace_in_place(path: &Path, bytes: &[u8]) -> Result<(), RunError> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = path.with_file_name(format!(".{name}.annexa-import"));
    fs::write(&temp, bytes).map_err(|e| io_error("write", &temp, &e))?;
    if let Ok(metadata) = fs::metadata(path) {
        let _ = fs::set_permissions(&temp, metadata.permissions());
    }
    fs::rename(&temp, path).map_err(|e| {
        let _ = fs::remove_file(&temp);
        io_error("replace", path, &e)
    })
}

/// Whether the walk over the source folder skips this entry (as annexa does when it looks
/// for documents): hidden files and folders, `_` folders, and other tools' folders.
fn skipped(entry: &walkdir::DirEntry) -> bool {
    let name = entry.file_name().to_string_lossy();
    entry.depth() > 0
        && (name.starts_with('.')
            || (entry.file_type().is_dir()
                && (name.starts_with('_') || (entry.depth() == 1 && source::is_tool_dir(&name)))))
}

/// Runs the import.
pub fn import_markdown(options: &ImportOptions) -> Result<ImportReport, RunError> {
    let source_dir = &options.source;
    if !source_dir.is_dir() {
        return Err(RunError {
            message: format!("{} is not a folder of Markdown files", source_dir.display()),
        });
    }
    let source_abs = resolve(source_dir);
    let into = options
        .into
        .as_deref()
        .filter(|into| resolve(into) != source_abs);
    if let Some(into) = into {
        if resolve(into).starts_with(&source_abs) {
            return Err(RunError {
                message: format!(
                    "--into {} is inside {}: write the project to a folder of its own",
                    into.display(),
                    source_dir.display()
                ),
            });
        }
    }
    let config = settings(source_dir, into)?;
    let mut used = ids_in(source_dir, &config);
    if let Some(into) = into {
        used.extend(ids_in(into, &config));
    }
    let found = source::discover(source_dir, &config.exclude, None, &config.theme_overrides);
    let mut report = ImportReport {
        project: into.unwrap_or(source_dir).to_path_buf(),
        documents: Vec::new(),
        copied: 0,
        kept: 0,
    };
    for rel in &found.files {
        let path = source_dir.join(rel);
        let bytes = fs::read(&path).map_err(|e| io_error("read", &path, &e))?;
        let outcome = import_file(&config, rel, &bytes, into, &mut used)?;
        if let Some(new) = &outcome.1 {
            match into {
                Some(into) => {
                    if !write_new(&into.join(rel), new)? {
                        report.documents.push(Imported {
                            path: rel.clone(),
                            outcome: Outcome::Exists,
                        });
                        continue;
                    }
                }
                None => replace_in_place(&path, new)?,
            }
        }
        report.documents.push(Imported {
            path: rel.clone(),
            outcome: outcome.0,
        });
    }
    if let Some(into) = into {
        copy_the_rest(source_dir, into, &found.files, &mut report)?;
    }
    Ok(report)
}

/// What becomes of one document file: its outcome, and the bytes to write (None: nothing).
fn import_file(
    config: &Config,
    rel: &str,
    bytes: &[u8],
    into: Option<&Path>,
    used: &mut Vec<String>,
) -> Result<(Outcome, Option<Vec<u8>>), RunError> {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Ok((Outcome::NotText, None));
    };
    let (bom, body) = match text.strip_prefix('\u{feff}') {
        Some(rest) => ("\u{feff}", rest),
        None => ("", text),
    };
    if has_front_matter(body) {
        // Copied as it is with --into; in place, nothing to do.
        return Ok((Outcome::HasFrontMatter, into.map(|_| bytes.to_vec())));
    }
    let metadata = metadata::read(body);
    let decided = decide::decide(config, rel, &metadata, used);
    // The front matter follows the file's line ends: CRLF when its first line has one.
    let crlf = body.find('\n').is_some_and(|at| body[..at].ends_with('\r'));
    let newline = if crlf { "\r\n" } else { "\n" };
    let mut new = Vec::with_capacity(bytes.len() + 256);
    new.extend_from_slice(bom.as_bytes());
    new.extend_from_slice(write::front_matter(&decided, newline).as_bytes());
    new.extend_from_slice(body.as_bytes());
    let draft = decided
        .fields
        .iter()
        .any(|(k, v)| *k == "status" && v == "draft");
    Ok((
        Outcome::Imported {
            id: decided.id,
            title: decided.title,
            draft,
            undecided: decided.undecided,
        },
        Some(new),
    ))
}

/// Copies the source folder's other files (not the documents, which are written already)
/// to `into`, leaving any file that is there.
fn copy_the_rest(
    source_dir: &Path,
    into: &Path,
    documents: &[String],
    report: &mut ImportReport,
) -> Result<(), RunError> {
    let walker = WalkDir::new(source_dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !skipped(e));
    for entry in walker.flatten() {
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(source_dir) else {
            continue;
        };
        let rel_text = rel.to_string_lossy().replace('\\', "/");
        if documents.contains(&rel_text) {
            continue;
        }
        let bytes = fs::read(entry.path()).map_err(|e| io_error("read", entry.path(), &e))?;
        if write_new(&into.join(rel), &bytes)? {
            report.copied += 1;
        } else {
            report.kept += 1;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_ids_and_openings() {
        assert_eq!(
            front_matter_id("---\ntitle: T\nid: \"POL-A\"\n---\nx"),
            Some("POL-A".to_string())
        );
        assert_eq!(front_matter_id("# T\n\nid: x\n"), None);
        assert!(has_front_matter("---\r\nid: A\r\n---\r\n"));
        assert!(!has_front_matter("# Title\n---\n"));
    }

    #[test]
    fn the_body_is_kept_byte_for_byte_after_a_byte_order_mark_and_in_crlf() {
        let text = "\u{feff}# Access Policy\r\n\r\nOwner: CISO\r\n\r\nBody  \r\n";
        let (outcome, bytes) = import_file(
            &Config::default(),
            "policies/access.md",
            text.as_bytes(),
            None,
            &mut Vec::new(),
        )
        .unwrap_or_else(|e| panic!("{}", e.message));
        assert!(
            matches!(outcome, Outcome::Imported { ref id, .. } if id == "POL-ACC"),
            "{outcome:?}"
        );
        let written = String::from_utf8(bytes.unwrap_or_default()).unwrap_or_default();
        assert!(
            written.starts_with("\u{feff}---\r\nid: POL-ACC\r\ntitle: Access Policy\r\n"),
            "{written:?}"
        );
        assert!(written.ends_with(&text["\u{feff}".len()..]), "{written:?}");
        let (outcome, bytes) = import_file(
            &Config::default(),
            "a.md",
            &[0xff, 0xfe],
            None,
            &mut Vec::new(),
        )
        .unwrap_or_else(|e| panic!("{}", e.message));
        assert_eq!((outcome, bytes), (Outcome::NotText, None));
    }
}
