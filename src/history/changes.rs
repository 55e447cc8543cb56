//! The history of the project's files: every commit reachable from HEAD, and for each file
//! the commits that changed it (as `git log -- FILE` lists them: a merge counts only when
//! the file differs from every parent).

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use gix::ObjectId;
use jiff::civil::Date;

use super::repo::{describe, open, Opened};
use super::tree::changed_paths;

/// One commit of the history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// The full hexadecimal commit id.
    pub commit: String,
    /// The commit date (the committer's, in the committer's time zone).
    pub date: Date,
    /// The first line of the commit message.
    pub summary: String,
    /// A shallow clone's oldest commit: its "changes" are every file that existed then,
    /// whose real last change is older and unknown.
    pub boundary: bool,
}

impl Change {
    /// The commit id as `git log --oneline` shortens it (seven digits).
    pub fn short(&self) -> &str {
        &self.commit[..self.commit.len().min(7)]
    }
}

/// The commits that changed one file, newest first, each with the file's blob after it
/// (None when the commit deleted the file).
#[derive(Clone, Debug, Default)]
pub struct FileHistory {
    pub changes: Vec<(usize, Option<ObjectId>)>,
}

/// The project's history: the commits (newest first) and, by path relative to the project,
/// the changes of each file.
pub struct History {
    pub commits: Vec<Change>,
    pub files: BTreeMap<String, FileHistory>,
    /// Whether the clone is shallow.
    pub shallow: bool,
    /// The repository's git folder, to read old revisions from ([`History::blobs`]).
    git_dir: std::path::PathBuf,
}

impl std::fmt::Debug for History {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("History")
            .field("commits", &self.commits.len())
            .field("files", &self.files.len())
            .field("shallow", &self.shallow)
            .finish()
    }
}

/// What reading the history found.
#[derive(Debug)]
pub enum Read {
    NotARepository,
    NoCommit,
    History(History),
    Unreadable(String),
}

struct Walked {
    id: ObjectId,
    parents: Vec<ObjectId>,
    /// Whether a parent is missing (the boundary of a shallow clone).
    cut: bool,
    seconds: i64,
    date: Date,
    summary: String,
    tree: Option<ObjectId>,
}

fn commit_date(time: gix::date::Time) -> Date {
    let offset = jiff::tz::Offset::from_seconds(time.offset).unwrap_or(jiff::tz::Offset::UTC);
    jiff::Timestamp::from_second(time.seconds)
        .map(|t| t.to_zoned(jiff::tz::TimeZone::fixed(offset)).date())
        .unwrap_or(Date::MIN)
}

fn walk(opened: &Opened, head: ObjectId) -> Result<Vec<Walked>, String> {
    let mut seen = HashSet::new();
    let mut stack = vec![head];
    let mut out = Vec::new();
    while let Some(id) = stack.pop() {
        if !seen.insert(id) {
            continue;
        }
        let commit = opened
            .repo
            .find_commit(id)
            .map_err(|e| describe("cannot read a commit", e))?;
        let mut parents = Vec::new();
        let mut cut = false;
        for parent in commit.parent_ids() {
            let parent = parent.detach();
            if opened.repo.has_object(parent) {
                parents.push(parent);
                stack.push(parent);
            } else {
                cut = true;
            }
        }
        let time = commit
            .time()
            .map_err(|e| describe("cannot read a commit's date", e))?;
        let summary = commit
            .message()
            .map(|m| m.summary().to_string())
            .unwrap_or_default();
        out.push(Walked {
            id,
            parents,
            cut,
            seconds: time.seconds,
            date: commit_date(time),
            summary,
            tree: opened.project_tree(id)?,
        });
    }
    // Newest first; commits of the same second by id, so the order never depends on the walk.
    out.sort_by(|a, b| b.seconds.cmp(&a.seconds).then(a.id.cmp(&b.id)));
    Ok(out)
}

/// Reads the history of the project's files.
pub fn read(project: &Path) -> Read {
    let opened = match open(project) {
        Ok(None) => return Read::NotARepository,
        Ok(Some(opened)) => opened,
        Err(e) => return Read::Unreadable(e),
    };
    match read_opened(&opened) {
        Ok(Some(history)) => Read::History(history),
        Ok(None) => Read::NoCommit,
        Err(e) => Read::Unreadable(e),
    }
}

fn read_opened(opened: &Opened) -> Result<Option<History>, String> {
    let head = match opened
        .repo
        .head()
        .map_err(|e| describe("cannot read HEAD", e))?
        .id()
    {
        Some(id) => id.detach(),
        None => return Ok(None),
    };
    let walked = walk(opened, head)?;
    let trees: BTreeMap<ObjectId, Option<ObjectId>> =
        walked.iter().map(|w| (w.id, w.tree)).collect();
    let mut commits = Vec::with_capacity(walked.len());
    let mut files: BTreeMap<String, FileHistory> = BTreeMap::new();
    for (index, w) in walked.iter().enumerate() {
        let boundary = w.cut && w.parents.is_empty();
        let mut changed = Vec::new();
        let first = w
            .parents
            .first()
            .and_then(|p| trees.get(p).copied().flatten());
        changed_paths(opened, first, w.tree, "", &mut changed)?;
        for other in w.parents.iter().skip(1) {
            let mut against = Vec::new();
            let tree = trees.get(other).copied().flatten();
            changed_paths(opened, tree, w.tree, "", &mut against)?;
            let against: HashSet<String> = against.into_iter().map(|(p, _)| p).collect();
            changed.retain(|(p, _)| against.contains(p));
        }
        for (path, blob) in changed {
            files.entry(path).or_default().changes.push((index, blob));
        }
        commits.push(Change {
            commit: w.id.to_hex().to_string(),
            date: w.date,
            summary: w.summary.clone(),
            boundary,
        });
    }
    Ok(Some(History {
        commits,
        files,
        shallow: opened.shallow,
        git_dir: opened.repo.git_dir().to_path_buf(),
    }))
}

impl History {
    /// The changes of the file at `path` (relative to the project), newest first.
    pub fn changes_of<'a>(
        &'a self,
        path: &str,
    ) -> impl Iterator<Item = (&'a Change, Option<ObjectId>)> + 'a {
        self.files
            .get(path)
            .into_iter()
            .flat_map(|f| f.changes.iter())
            .map(|(index, blob)| (&self.commits[*index], *blob))
    }

    /// The newest commit that changed `path`.
    pub fn last_change(&self, path: &str) -> Option<&Change> {
        self.changes_of(path).next().map(|(c, _)| c)
    }

    /// A reader of old revisions (the repository opened again: the model stays free of
    /// gix's single-threaded handles); None when it cannot be opened.
    pub fn blobs(&self) -> Option<Blobs> {
        gix::open(&self.git_dir).ok().map(Blobs)
    }
}

/// Reads files as they were committed.
pub struct Blobs(gix::Repository);

impl Blobs {
    /// The text of a file's blob, when it can be read as UTF-8.
    pub fn text(&self, blob: ObjectId) -> Option<String> {
        let blob = self.0.find_blob(blob).ok()?;
        String::from_utf8(blob.data.clone()).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_commit_is_dated_in_its_own_time_zone() {
        // 2026-03-01 23:30 UTC is 2026-03-02 in UTC+01:00 and 2026-03-01 in UTC-05:00.
        let seconds = 1_772_407_800;
        assert_eq!(
            commit_date(gix::date::Time {
                seconds,
                offset: 3600
            }),
            jiff::civil::date(2026, 3, 2)
        );
        assert_eq!(
            commit_date(gix::date::Time {
                seconds,
                offset: -5 * 3600
            }),
            jiff::civil::date(2026, 3, 1)
        );
    }
}
