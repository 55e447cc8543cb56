//! `annexa init`: a starter ISMS, copied from content-example, which is compiled into the
//! binary so `init` works anywhere.

use std::fs;
use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir};

use crate::pipeline::RunError;

static STARTER: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/content-example");

/// What `init` wrote.
#[derive(Debug)]
pub struct InitReport {
    pub dir: PathBuf,
    pub files: usize,
    pub documents: usize,
}

/// Files of the starter project: built output and hidden files are never copied.
fn starter_files() -> Vec<&'static include_dir::File<'static>> {
    fn collect(dir: &'static Dir<'static>, out: &mut Vec<&'static include_dir::File<'static>>) {
        for file in dir.files() {
            out.push(file);
        }
        for sub in dir.dirs() {
            collect(sub, out);
        }
    }
    let mut files = Vec::new();
    collect(&STARTER, &mut files);
    files.retain(|f| {
        !f.path()
            .components()
            .any(|c| c.as_os_str().to_string_lossy().starts_with(['.', '_']))
    });
    files.sort_by(|a, b| a.path().cmp(b.path()));
    files
}

/// Writes the starter project into `dir`, which must not exist or be empty.
pub fn init(dir: &Path) -> Result<InitReport, RunError> {
    if dir.exists() {
        if !dir.is_dir() {
            return Err(RunError {
                message: format!("{} exists and is not a folder", dir.display()),
            });
        }
        let empty = fs::read_dir(dir)
            .map_err(|e| RunError {
                message: format!("cannot read {}: {e}", dir.display()),
            })?
            .next()
            .is_none();
        if !empty {
            return Err(RunError {
                message: format!("refusing to write into {}: it is not empty; give a new or empty folder, e.g. `annexa init my-isms`", dir.display()),
            });
        }
    }
    let mut report = InitReport {
        dir: dir.to_path_buf(),
        files: 0,
        documents: 0,
    };
    for file in starter_files() {
        let dest = dir.join(file.path());
        if let Some(parent) = dest.parent() {
            fs::create_dir_all(parent).map_err(|e| RunError {
                message: format!("cannot create {}: {e}", parent.display()),
            })?;
        }
        fs::write(&dest, file.contents()).map_err(|e| RunError {
            message: format!("cannot write {}: {e}", dest.display()),
        })?;
        report.files += 1;
        let is_document = file.path().extension().is_some_and(|e| e == "md")
            && file.path() != Path::new("README.md");
        report.documents += usize::from(is_document);
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_a_project_that_excludes_built_output() {
        let Ok(tmp) = tempfile::tempdir() else { return };
        let dir = tmp.path().join("isms");
        let report = init(&dir);
        let report = report.as_ref().ok();
        assert!(report.is_some_and(|r| r.documents >= 25));
        assert!(dir.join("annexa.toml").is_file() && dir.join("soa.yaml").is_file());
        assert!(!dir.join("_site").exists());
        assert!(
            init(&dir).is_err(),
            "a second init into the same folder is refused"
        );
    }
}
