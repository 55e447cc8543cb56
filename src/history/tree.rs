//! Reading trees: one entry, a whole project folder, the paths where two trees differ, and
//! how the files on disk differ from a commit.

use std::collections::BTreeMap;
use std::path::Path;

use gix::ObjectId;

use super::repo::{describe, Opened};

/// A file in a tree: its blob id (symbolic links included, as git stores them).
pub type Files = BTreeMap<String, ObjectId>;

fn decode<R>(
    opened: &Opened,
    tree: ObjectId,
    read: impl FnOnce(gix::objs::TreeRef<'_>) -> R,
) -> Result<R, String> {
    let object = opened
        .repo
        .find_tree(tree)
        .map_err(|e| describe("cannot read a tree", e))?;
    let decoded = object
        .decode()
        .map_err(|e| describe("cannot decode a tree", e))?;
    Ok(read(decoded))
}

/// The entry `name` of `tree`: its id and whether it is a folder.
pub fn entry(
    opened: &Opened,
    tree: ObjectId,
    name: &str,
) -> Result<Option<(ObjectId, bool)>, String> {
    decode(opened, tree, |t| {
        t.entries
            .iter()
            .find(|e| e.filename == name.as_bytes())
            .map(|e| (e.oid.to_owned(), e.mode.is_tree()))
    })
}

/// Entries of one tree: name → (id, is a folder); submodules left out.
fn entries(opened: &Opened, tree: ObjectId) -> Result<BTreeMap<String, (ObjectId, bool)>, String> {
    decode(opened, tree, |t| {
        t.entries
            .iter()
            .filter(|e| e.mode.is_tree() || e.mode.is_blob_or_symlink())
            .map(|e| {
                (
                    String::from_utf8_lossy(e.filename).into_owned(),
                    (e.oid.to_owned(), e.mode.is_tree()),
                )
            })
            .collect()
    })
}

fn join(base: &str, name: &str) -> String {
    if base.is_empty() {
        name.to_string()
    } else {
        format!("{base}/{name}")
    }
}

/// Every file under `tree`, by its path relative to it.
pub fn files(opened: &Opened, tree: ObjectId) -> Result<Files, String> {
    let mut out = Files::new();
    let mut stack = vec![(String::new(), tree)];
    while let Some((base, id)) = stack.pop() {
        for (name, (oid, is_tree)) in entries(opened, id)? {
            let path = join(&base, &name);
            if is_tree {
                stack.push((path, oid));
            } else {
                out.insert(path, oid);
            }
        }
    }
    Ok(out)
}

/// The files that differ between two trees (added, removed or changed), each with its blob
/// in `new` (None when removed), reading only the folders whose ids differ.
pub fn changed_paths(
    opened: &Opened,
    old: Option<ObjectId>,
    new: Option<ObjectId>,
    base: &str,
    out: &mut Vec<(String, Option<ObjectId>)>,
) -> Result<(), String> {
    if old == new {
        return Ok(());
    }
    let old_entries = match old {
        Some(id) => entries(opened, id)?,
        None => BTreeMap::new(),
    };
    let new_entries = match new {
        Some(id) => entries(opened, id)?,
        None => BTreeMap::new(),
    };
    let names: std::collections::BTreeSet<&String> =
        old_entries.keys().chain(new_entries.keys()).collect();
    for name in names {
        let before = old_entries.get(name).copied();
        let after = new_entries.get(name).copied();
        if before == after {
            continue;
        }
        let path = join(base, name);
        let folder = |e: Option<(ObjectId, bool)>| e.filter(|(_, t)| *t).map(|(id, _)| id);
        let file = |e: Option<(ObjectId, bool)>| e.filter(|(_, t)| !*t).map(|(id, _)| id);
        if file(before) != file(after) {
            out.push((path.clone(), file(after)));
        }
        if folder(before).is_some() || folder(after).is_some() {
            changed_paths(opened, folder(before), folder(after), &path, out)?;
        }
    }
    Ok(())
}

fn skipped_folder(name: &str) -> bool {
    name.starts_with('.') || name.starts_with('_') || name == "node_modules" || name == "target"
}

/// Whether annexa looks at a path of the project at all: hidden files and folders, folders
/// starting with `_` (the output), `node_modules/` and `target/` are not the ISMS.
pub fn is_project_path(rel: &str) -> bool {
    match rel.rsplit_once('/') {
        Some((folders, file)) => !file.starts_with('.') && !folders.split('/').any(skipped_folder),
        None => !rel.starts_with('.'),
    }
}

/// The project's files on disk that differ from `tree` (the project folder of a commit):
/// modified, deleted, or not in the commit. Hidden files, `_` folders, `node_modules/` and
/// `target/` are not compared.
pub fn differing_files(
    project: &Path,
    opened: &Opened,
    tree: &Option<ObjectId>,
) -> Result<Vec<String>, String> {
    let mut committed = match tree {
        Some(id) => files(opened, *id)?,
        None => Files::new(),
    };
    committed.retain(|path, _| is_project_path(path));
    let kind = opened.repo.object_hash();
    let mut differing = Vec::new();
    let walk = walkdir::WalkDir::new(project)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            e.depth() == 0
                || if e.file_type().is_dir() {
                    !skipped_folder(&name)
                } else {
                    !name.starts_with('.')
                }
        });
    for entry in walk {
        let entry = entry.map_err(|e| describe("cannot read the project folder", e))?;
        if entry.file_type().is_dir() {
            continue;
        }
        let Some(rel) = entry
            .path()
            .strip_prefix(project)
            .ok()
            .and_then(|p| p.to_str())
            .map(|p| p.replace('\\', "/"))
        else {
            continue;
        };
        if !is_project_path(&rel) {
            continue;
        }
        let data = if entry.path_is_symlink() {
            std::fs::read_link(entry.path())
                .map(|target| target.to_string_lossy().into_owned().into_bytes())
        } else {
            std::fs::read(entry.path())
        }
        .map_err(|e| describe(&format!("cannot read {}", entry.path().display()), e))?;
        let id = gix::objs::compute_hash(kind, gix::objs::Kind::Blob, &data)
            .map_err(|e| describe("cannot hash a file", e))?;
        match committed.remove(&rel) {
            Some(committed_id) if committed_id == id => {}
            _ => differing.push(rel),
        }
    }
    differing.extend(committed.into_keys());
    differing.sort();
    Ok(differing)
}

#[cfg(test)]
mod tests {
    use super::is_project_path;

    #[test]
    fn only_the_files_annexa_reads_are_compared() {
        for (path, compared) in [
            ("soa.yaml", true),
            ("policies/a.md", true),
            ("static/_logo.svg", true),
            (".gitignore", false),
            ("policies/.draft.md", false),
            (".github/workflows/isms.yml", false),
            ("_site/index.html", false),
            ("docs/_build/x.md", false),
            ("node_modules/a/b.js", false),
            ("target/debug/annexa", false),
        ] {
            assert_eq!(is_project_path(path), compared, "{path}");
        }
    }
}
