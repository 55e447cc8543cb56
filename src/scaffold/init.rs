//! `annexa init`: writes a starter ISMS for an organisation (see `starter`), or with
//! `--example` a copy of content-example, which is compiled into the binary so `init` works
//! anywhere. A folder that is not empty is refused unless `--force`, which still never
//! replaces a file.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir};
use jiff::civil::Date;

use crate::pipeline::RunError;

use super::starter;

static EXAMPLE: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/content-example");

/// What `init` writes.
#[derive(Clone, Debug)]
pub enum Starter {
    /// The skeleton ISMS for the organisation of this name.
    Skeleton { organisation: String },
    /// A copy of the example project (Northwind Analytics).
    Example,
}

/// The choices of one `annexa init`.
#[derive(Clone, Debug)]
pub struct InitOptions {
    pub dir: PathBuf,
    pub starter: Starter,
    /// Write into a folder that is not empty, leaving every file already there as it is.
    pub force: bool,
    /// The date of the documents' first history entry.
    pub today: Date,
}

/// What `init` wrote.
#[derive(Debug)]
pub struct InitReport {
    pub dir: PathBuf,
    /// Files written.
    pub files: usize,
    /// Documents among them.
    pub documents: usize,
    /// Files of the starter that were already there and were left as they are (`--force`).
    pub kept: Vec<PathBuf>,
}

/// The example project's files: built output and hidden files are never copied.
fn example_files() -> Vec<starter::StarterFile> {
    fn collect(dir: &'static Dir<'static>, out: &mut Vec<&'static include_dir::File<'static>>) {
        out.extend(dir.files());
        for sub in dir.dirs() {
            collect(sub, out);
        }
    }
    let mut files = Vec::new();
    collect(&EXAMPLE, &mut files);
    let mut files: Vec<starter::StarterFile> = files
        .into_iter()
        .filter(|f| {
            !f.path()
                .components()
                .any(|c| c.as_os_str().to_string_lossy().starts_with(['.', '_']))
        })
        .map(|f| starter::StarterFile {
            path: f.path().to_path_buf(),
            text: f.contents_utf8().unwrap_or_default().to_string(),
        })
        .collect();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

fn io_error(what: &str, path: &Path, e: &std::io::Error) -> RunError {
    RunError {
        message: format!("cannot {what} {}: {e}", path.display()),
    }
}

/// Refuses a path that is not a folder, and a folder that is not empty unless `force`.
fn check_target(dir: &Path, force: bool) -> Result<(), RunError> {
    if !dir.exists() {
        return Ok(());
    }
    if !dir.is_dir() {
        return Err(RunError {
            message: format!("{} exists and is not a folder", dir.display()),
        });
    }
    let empty = fs::read_dir(dir)
        .map_err(|e| io_error("read", dir, &e))?
        .next()
        .is_none();
    if !empty && !force {
        return Err(RunError {
            message: format!("refusing to write into {}: it is not empty; give a new or empty folder (e.g. `annexa init my-isms`), or add --force to add the starter's files and keep every file already there", dir.display()),
        });
    }
    Ok(())
}

/// Writes `text` to `path` unless something is there already (a file, a folder, a link):
/// Ok(false) then. Never replaces anything.
fn write_new(path: &Path, text: &str) -> Result<bool, RunError> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|e| io_error("create", parent, &e))?;
    }
    let file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path);
    match file {
        Ok(mut file) => {
            file.write_all(text.as_bytes())
                .map_err(|e| io_error("write", path, &e))?;
            Ok(true)
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
        Err(e) => Err(io_error("write", path, &e)),
    }
}

/// Writes the starter project into `options.dir`.
pub fn init(options: &InitOptions) -> Result<InitReport, RunError> {
    check_target(&options.dir, options.force)?;
    let files = match &options.starter {
        Starter::Skeleton { organisation } => {
            let name =
                starter::organisation_name(organisation).map_err(|message| RunError { message })?;
            starter::files(&name, options.today)
        }
        Starter::Example => example_files(),
    };
    let mut report = InitReport {
        dir: options.dir.clone(),
        files: 0,
        documents: 0,
        kept: Vec::new(),
    };
    for file in files {
        if !write_new(&options.dir.join(&file.path), &file.text)? {
            report.kept.push(file.path);
            continue;
        }
        report.files += 1;
        let is_document =
            file.path.extension().is_some_and(|e| e == "md") && file.path != Path::new("README.md");
        report.documents += usize::from(is_document);
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(dir: &Path, starter: Starter, force: bool) -> InitOptions {
        InitOptions {
            dir: dir.to_path_buf(),
            starter,
            force,
            today: jiff::civil::date(2026, 11, 28),
        }
    }

    #[test]
    fn the_example_excludes_built_output() {
        let Ok(tmp) = tempfile::tempdir() else { return };
        let dir = tmp.path().join("isms");
        let report = init(&options(&dir, Starter::Example, false));
        assert!(report.as_ref().is_ok_and(|r| r.documents >= 25));
        assert!(dir.join("annexa.toml").is_file() && dir.join("soa.yaml").is_file());
        assert!(!dir.join("_site").exists());
        assert!(
            init(&options(&dir, Starter::Example, false)).is_err(),
            "a second init into the same folder is refused"
        );
    }

    #[test]
    fn force_adds_missing_files_and_keeps_the_others() {
        let Ok(tmp) = tempfile::tempdir() else { return };
        let dir = tmp.path();
        fs::create_dir_all(dir.join("isms")).ok();
        fs::write(dir.join("isms/scope.md"), "mine").ok();
        // A link where a starter file goes is left alone, not followed.
        #[cfg(unix)]
        std::os::unix::fs::symlink(dir.join("elsewhere.txt"), dir.join("README.md")).ok();
        let starter = Starter::Skeleton {
            organisation: "Example Ltd".into(),
        };
        assert!(init(&options(dir, starter.clone(), false)).is_err());
        let report = init(&options(dir, starter, true));
        let kept: Vec<PathBuf> = report.as_ref().map(|r| r.kept.clone()).unwrap_or_default();
        assert!(kept.contains(&PathBuf::from("isms/scope.md")), "{kept:?}");
        assert_eq!(
            fs::read_to_string(dir.join("isms/scope.md"))
                .ok()
                .as_deref(),
            Some("mine")
        );
        assert!(!dir.join("elsewhere.txt").exists());
        assert!(dir.join("isms/internal-audit.md").is_file());
        assert!(report.is_ok_and(|r| r.documents == 8));
    }
}
