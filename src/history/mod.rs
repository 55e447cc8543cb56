//! Document control from git: which commit the project is at, whether its files match that
//! commit, and when each file last changed. Read-only, through `gix`; a project outside a
//! git repository simply has no history.

pub mod approved;
mod changes;
mod control;
mod repo;
mod tree;

pub use approved::RevisionInReview;
pub use changes::{read, Blobs, Change, FileHistory, History, Read};
pub use control::{Anchors, Control, Since, SinceReason};
pub use repo::{open, Opened, Tree};

/// The git state of a project: what the evidence pack's manifest records.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GitState {
    /// The project folder is not inside a git repository.
    NotARepository,
    /// A repository without any commit yet.
    NoCommit,
    /// The project is at this commit.
    At {
        /// The full hexadecimal commit id.
        commit: String,
        /// Project files (relative to the project) that differ from the commit: modified,
        /// deleted or not in it. Empty when the tree is clean.
        differing: Vec<String>,
        /// Whether the clone is shallow (history before some commit is missing).
        shallow: bool,
    },
    /// The repository could not be read.
    Unreadable(String),
}

impl GitState {
    /// The state of the repository holding `project`.
    pub fn of(project: &std::path::Path) -> GitState {
        match open(project) {
            Ok(None) => GitState::NotARepository,
            Err(e) => GitState::Unreadable(e),
            Ok(Some(opened)) => match opened.head_tree() {
                Ok(None) => GitState::NoCommit,
                Err(e) => GitState::Unreadable(e),
                Ok(Some((commit, tree))) => match tree::differing_files(project, &opened, &tree) {
                    Ok(differing) => GitState::At {
                        commit,
                        differing,
                        shallow: opened.shallow,
                    },
                    Err(e) => GitState::Unreadable(e),
                },
            },
        }
    }
}
