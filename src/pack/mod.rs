//! The evidence pack: the built site with every export and the manual as PDF, in one
//! deterministic zip with MANIFEST.txt (each file's SHA-256 and size, the build date,
//! annexa's version, the git commit and whether the tree was clean), and its verification.

mod archive;
mod manifest;
mod verify;

pub use manifest::{sha256_hex, FileEntry, Manifest, MANIFEST};
pub use verify::{verify, Mismatch, Verified, VerifyError};

use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;
use crate::history::GitState;
use crate::output::{WhenBusy, MARKER};
use crate::pipeline::{build_with, LoadOptions, RunError};

/// The folder of the zip that holds the site.
pub const SITE_FOLDER: &str = "site";

/// The manual as PDF, at the top of the zip.
pub const MANUAL_PDF: &str = crate::pdf::SITE_MANUAL;

/// What `pack` did.
pub struct PackOutcome {
    pub diagnostics: Vec<Diagnostic>,
    /// The pack written, or None when errors in the content stopped the build.
    pub written: Option<Written>,
    /// Why there is no git history, said once on stderr.
    pub history_note: Option<String>,
}

/// A pack written to disk.
pub struct Written {
    pub path: PathBuf,
    /// Files in the pack besides the manifest.
    pub files: usize,
    /// The SHA-256 of the zip file.
    pub sha256: String,
    pub git: GitState,
}

/// The default file name of a pack built on `today`.
pub fn default_file_name(today: jiff::civil::Date) -> String {
    format!("evidence-pack-{today}.zip")
}

/// Removes a folder this run created when the run ends, however it ends.
struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn temp_dir() -> Result<TempDir, RunError> {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let dir = std::env::temp_dir().join(format!("annexa-pack-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| RunError {
        message: format!("cannot create a temporary folder {}: {e}", dir.display()),
    })?;
    Ok(TempDir(dir))
}

/// The file being written beside the pack, renamed into place once complete; removed when
/// the run fails.
struct Partial {
    path: PathBuf,
    done: bool,
}

impl Drop for Partial {
    fn drop(&mut self) {
        if !self.done {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

fn cannot_write(output: &Path, e: impl std::fmt::Display) -> RunError {
    RunError {
        message: format!(
            "cannot write the pack to {}: {e}; choose a writable place with -o FILE.zip",
            output.display()
        ),
    }
}

/// Builds the project (no drafts: what is published) and writes the pack to `output`.
/// Content errors come back as diagnostics and nothing is written; I/O failures as RunError.
pub fn pack(options: &LoadOptions, output: &Path) -> Result<PackOutcome, RunError> {
    if output.is_dir() {
        return Err(cannot_write(output, "it is a folder"));
    }
    let file_name = output
        .file_name()
        .ok_or_else(|| cannot_write(output, "it has no file name"))?;
    // The state of the project before anything is written into it; the pack itself (when
    // written inside the project) is not one of the project's files.
    let git = without_output(GitState::of(&options.project), &options.project, output);
    let mut partial = Partial {
        path: output.with_file_name(format!("{}.partial", file_name.to_string_lossy())),
        done: false,
    };
    // Fail before the build when the pack cannot be written there.
    let file = std::fs::File::create(&partial.path).map_err(|e| cannot_write(output, e))?;
    let temp = temp_dir()?;
    let site = temp.0.join(SITE_FOLDER);
    let built = build_with(options, &site, None, WhenBusy::Refuse)?;
    if built.pages.is_none() {
        return Ok(PackOutcome {
            diagnostics: built.diagnostics,
            written: None,
            history_note: built.history_note,
        });
    }
    let mut files = site_files(&site)?;
    // The manual as PDF, from the same model the site was built from.
    let loaded = crate::pipeline::load(options)?;
    let Some(isms) = loaded.isms.as_ref() else {
        return Ok(PackOutcome {
            diagnostics: loaded.diagnostics,
            written: None,
            history_note: built.history_note,
        });
    };
    match crate::pdf::both(isms) {
        Ok((manual, soa)) => {
            files.push((MANUAL_PDF.to_string(), manual.bytes));
            if let Some(soa) = soa {
                files.push((crate::pdf::SITE_SOA.to_string(), soa.bytes));
            }
        }
        Err(d) => {
            let mut diagnostics = built.diagnostics;
            diagnostics.push(d);
            return Ok(PackOutcome {
                diagnostics,
                written: None,
                history_note: built.history_note,
            });
        }
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    let manifest = Manifest {
        facts: facts(options.today, &git),
        files: files.iter().map(|(p, d)| FileEntry::of(p, d)).collect(),
    };
    let mut entries = Vec::with_capacity(files.len() + 1);
    entries.push((MANIFEST.to_string(), manifest.render().into_bytes()));
    let count = files.len();
    entries.extend(files);
    let writer = std::io::BufWriter::new(file);
    let mut writer =
        archive::write(writer, options.today, &entries).map_err(|e| cannot_write(output, e))?;
    std::io::Write::flush(&mut writer).map_err(|e| cannot_write(output, e))?;
    drop(writer);
    let bytes = std::fs::read(&partial.path).map_err(|e| cannot_write(output, e))?;
    std::fs::rename(&partial.path, output).map_err(|e| cannot_write(output, e))?;
    partial.done = true;
    Ok(PackOutcome {
        diagnostics: built.diagnostics,
        written: Some(Written {
            path: output.to_path_buf(),
            files: count,
            sha256: sha256_hex(&bytes),
            git,
        }),
        history_note: built.history_note,
    })
}

/// `state` without the pack's own file, when `output` lies inside the project.
fn without_output(state: GitState, project: &Path, output: &Path) -> GitState {
    let GitState::At {
        commit,
        mut differing,
        shallow,
    } = state
    else {
        return state;
    };
    let absolute = |p: &Path| -> Option<PathBuf> {
        let parent = p
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        Some(std::fs::canonicalize(parent).ok()?.join(p.file_name()?))
    };
    if let (Some(output), Ok(project)) = (absolute(output), std::fs::canonicalize(project)) {
        if let Some(rel) = output.strip_prefix(&project).ok().and_then(|r| r.to_str()) {
            let rel = rel.replace('\\', "/");
            differing.retain(|d| *d != rel);
        }
    }
    GitState::At {
        commit,
        differing,
        shallow,
    }
}

/// Every file of the built site as (zip path, contents), sorted by path; the output marker
/// is annexa's bookkeeping, not part of the site.
fn site_files(site: &Path) -> Result<Vec<(String, Vec<u8>)>, RunError> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(site).min_depth(1) {
        let entry = entry.map_err(|e| RunError {
            message: format!("cannot read the built site in {}: {e}", site.display()),
        })?;
        if !entry.file_type().is_file() || entry.file_name() == MARKER {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(site)
            .ok()
            .and_then(|p| p.to_str())
            .map(|p| p.replace('\\', "/"))
            .filter(|p| !p.chars().any(char::is_control))
            .ok_or_else(|| RunError {
                message: format!(
                    "cannot pack {}: its name is not UTF-8 or holds a control character (a line break?); rename the file in static/",
                    entry.path().display()
                ),
            })?;
        let data = std::fs::read(entry.path()).map_err(|e| RunError {
            message: format!("cannot read {}: {e}", entry.path().display()),
        })?;
        files.push((format!("{SITE_FOLDER}/{rel}"), data));
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(files)
}

/// The manifest's facts about the build.
fn facts(today: jiff::civil::Date, git: &GitState) -> Vec<(String, String)> {
    let (commit, tree) = match git {
        GitState::NotARepository => (
            "none (the project is not in a git repository)".to_string(),
            "unknown".to_string(),
        ),
        GitState::NoCommit => (
            "none (the repository has no commit yet)".to_string(),
            "unknown".to_string(),
        ),
        GitState::Unreadable(e) => (format!("unknown ({e})"), "unknown".to_string()),
        GitState::At {
            commit, differing, ..
        } => {
            let tree = if differing.is_empty() {
                "clean (the project's files are those of the commit)".to_string()
            } else {
                let shown: Vec<&str> = differing.iter().take(10).map(String::as_str).collect();
                let more = differing.len().saturating_sub(shown.len());
                let more = if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                };
                format!(
                    "modified ({} files differ from the commit: {}{more})",
                    differing.len(),
                    shown.join(", ")
                )
            };
            (commit.clone(), tree)
        }
    };
    vec![
        ("Build date".to_string(), today.to_string()),
        (
            "annexa version".to_string(),
            env!("CARGO_PKG_VERSION").to_string(),
        ),
        ("Git commit".to_string(), commit),
        ("Git tree".to_string(), tree),
    ]
}
