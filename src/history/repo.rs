//! Opening the git repository that holds a project, and where the project sits in it.

use std::path::{Path, PathBuf};

use gix::ObjectId;

/// A repository opened for reading, with the project's place in its tree.
pub struct Opened {
    pub repo: gix::Repository,
    /// The project folder's path inside the repository's tree, as folder names (empty when
    /// the project is the repository's root).
    pub prefix: Vec<String>,
    /// Whether the clone is shallow: commits before its boundary are missing.
    pub shallow: bool,
}

/// The folder holding `.git` at or above `start`, if any: found by hand so that "not a
/// repository" is told apart from a repository that cannot be read. As git does, the
/// search never moves up into a folder of GIT_CEILING_DIRECTORIES.
fn repository_root(start: &Path) -> Option<PathBuf> {
    let ceilings: Vec<PathBuf> = std::env::var_os("GIT_CEILING_DIRECTORIES")
        .map(|v| {
            std::env::split_paths(&v)
                .filter(|p| p.is_absolute())
                .map(|p| std::fs::canonicalize(&p).unwrap_or(p))
                .collect()
        })
        .unwrap_or_default();
    let mut dir = Some(start);
    while let Some(d) = dir {
        if d.join(".git").exists() {
            return Some(d.to_path_buf());
        }
        dir = d.parent().filter(|p| !ceilings.iter().any(|c| c == p));
    }
    None
}

pub(crate) fn describe(what: &str, e: impl std::fmt::Display) -> String {
    format!("{what}: {e}")
}

/// Opens the repository holding `project`: `Ok(None)` when there is none.
pub fn open(project: &Path) -> Result<Option<Opened>, String> {
    let project = std::fs::canonicalize(project)
        .map_err(|e| describe(&format!("cannot read {}", project.display()), e))?;
    let Some(root) = repository_root(&project) else {
        return Ok(None);
    };
    let repo = gix::open(&root).map_err(|e| {
        describe(
            &format!("cannot open the git repository at {}", root.display()),
            e,
        )
    })?;
    let workdir = repo
        .workdir()
        .map(|w| std::fs::canonicalize(w).unwrap_or_else(|_| w.to_path_buf()))
        .unwrap_or(root);
    let prefix = project
        .strip_prefix(&workdir)
        .map(|rel| {
            rel.components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    let shallow = repo.is_shallow();
    Ok(Some(Opened {
        repo,
        prefix,
        shallow,
    }))
}

impl Opened {
    /// HEAD's commit id and the id of the project folder's tree in it (None when the
    /// commit does not hold the project folder); `Ok(None)` before the first commit.
    pub fn head_tree(&self) -> Result<Option<(String, Option<ObjectId>)>, String> {
        let head = self
            .repo
            .head()
            .map_err(|e| describe("cannot read HEAD", e))?;
        let Some(id) = head.id() else {
            return Ok(None);
        };
        let commit = id.detach();
        let tree = self.project_tree(commit)?;
        Ok(Some((commit.to_hex().to_string(), tree)))
    }

    /// The id of the project folder's tree in `commit` (None when the commit lacks it).
    pub fn project_tree(&self, commit: ObjectId) -> Result<Option<ObjectId>, String> {
        let commit = self
            .repo
            .find_commit(commit)
            .map_err(|e| describe("cannot read a commit", e))?;
        let mut tree = commit
            .tree_id()
            .map_err(|e| describe("cannot read a commit's tree", e))?
            .detach();
        for name in &self.prefix {
            match super::tree::entry(self, tree, name)? {
                Some((id, true)) => tree = id,
                _ => return Ok(None),
            }
        }
        Ok(Some(tree))
    }
}

/// What the module exports as a commit's project tree.
pub type Tree = Option<ObjectId>;
