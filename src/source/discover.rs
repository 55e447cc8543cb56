//! Finding document files: every `.md` file under the project, minus what is excluded.
//!
//! Always excluded: hidden files and folders, folders starting with `_` (such as `_site`),
//! the project's theme overrides (`templates/`, or annexa.toml's `[theme] overrides`),
//! `static/` and `frameworks/`, the output folder, `node_modules`, `target`, and the root
//! `README.md`. annexa.toml's `exclude` globs add to that.

use std::path::{Path, PathBuf};

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use walkdir::WalkDir;

use crate::diagnostic::{Diagnostic, Location};

/// Folders at the project root that annexa reads for settings, whatever annexa.toml says:
/// static files, frameworks, their decisions. (The theme overrides' folder is the fourth.)
pub const FIXED_SETTINGS_DIRS: &[&str] = &[
    "static",
    crate::catalog::FRAMEWORKS_DIR,
    super::applicability::APPLICABILITY_DIR,
];

/// Folders at the project root whose files set up the whole site (a change to one of them
/// makes `serve` rebuild everything): the fixed ones and the default folder of theme
/// overrides. `serve` adds the folder annexa.toml names, once it has read it.
pub const SETTINGS_DIRS: &[&str] = &[
    crate::config::DEFAULT_THEME_OVERRIDES,
    "static",
    crate::catalog::FRAMEWORKS_DIR,
    super::applicability::APPLICABILITY_DIR,
];

/// Other folders at the project root that never hold documents.
const TOOL_DIRS: &[&str] = &["node_modules", "target"];

/// Whether a folder at the project root belongs to other tools (nothing in it matters).
pub fn is_tool_dir(name: &str) -> bool {
    TOOL_DIRS.contains(&name)
}

/// Whether a folder at the project root is not searched for documents, `overrides` being
/// the folder of theme overrides.
pub fn is_reserved_root_dir(name: &str, overrides: &str) -> bool {
    name == overrides || FIXED_SETTINGS_DIRS.contains(&name) || is_tool_dir(name)
}

/// Markdown files in the folder of theme overrides, which holds no template: most likely a
/// folder of document templates (common in ISMS repositories) that annexa would skip
/// without a word. Says which folder, how many files, and the setting that frees the name.
fn markdown_in_overrides(project: &Path, overrides: &str) -> Option<Diagnostic> {
    let dir = project.join(overrides);
    let has_template = std::fs::read_dir(&dir)
        .ok()?
        .flatten()
        .any(|e| e.path().extension().is_some_and(|x| x == "html"));
    if has_template {
        return None;
    }
    let markdown: Vec<String> = WalkDir::new(&dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .filter_map(|e| {
            let rel = e.path().strip_prefix(project).ok()?;
            Some(rel.to_string_lossy().replace('\\', "/"))
        })
        .collect();
    let first = markdown.first()?;
    let count = match markdown.len() {
        1 => "a Markdown file".to_string(),
        n => format!("{n} Markdown files"),
    };
    let default = overrides == crate::config::DEFAULT_THEME_OVERRIDES;
    let help = if default {
        "to build them as documents, give the theme overrides another folder in annexa.toml: `[theme] overrides = \"theme-overrides\"`; to leave them out, allow this lint (`[lints] markdown-in-theme-overrides = \"allow\"`)".to_string()
    } else {
        format!("to build them as documents, move them out of {overrides}/; to leave them out, allow this lint (`[lints] markdown-in-theme-overrides = \"allow\"`)")
    };
    let setting = if default {
        format!("{overrides}/ is where annexa looks for theme overrides")
    } else {
        format!(
            "{overrides}/ is the folder of theme overrides (`[theme] overrides` in annexa.toml)"
        )
    };
    Some(
        crate::lint::registry::MARKDOWN_IN_THEME_OVERRIDES
            .report(format!(
                "{overrides}/ holds {count} and no template: {setting} (`.html` files), so its Markdown files are not documents and are not built"
            ))
            .at(Location::whole_file(first))
            .with_help(help),
    )
}

/// The result of looking for documents.
#[derive(Debug, Default)]
pub struct Discovered {
    /// Document paths relative to the project, `/`-separated, sorted.
    pub files: Vec<String>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Builds the matcher for annexa.toml's `exclude` globs.
fn exclude_set(patterns: &[String]) -> Result<GlobSet, Diagnostic> {
    let mut builder = GlobSetBuilder::new();
    for pattern in patterns {
        let glob = GlobBuilder::new(pattern)
            .literal_separator(true)
            .build()
            .map_err(|e| {
                crate::lint::registry::INVALID_CONFIG
                    .report(format!("exclude: bad glob `{pattern}`: {e}"))
                    .at(Location::whole_file(crate::config::CONFIG_FILE))
                    .with_help(
                        "globs are relative to the project, e.g. `drafts/**` or `**/notes.md`",
                    )
            })?;
        builder.add(glob);
    }
    builder.build().map_err(|e| {
        crate::lint::registry::INVALID_CONFIG
            .report(format!("exclude: {e}"))
            .at(Location::whole_file(crate::config::CONFIG_FILE))
    })
}

/// Lists the document files of `project`. `output` is left out when it lies inside the
/// project, and `overrides`, the folder of theme overrides, always.
pub fn discover(
    project: &Path,
    exclude: &[String],
    output: Option<&Path>,
    overrides: &str,
) -> Discovered {
    let mut found = Discovered::default();
    found
        .diagnostics
        .extend(markdown_in_overrides(project, overrides));
    let excluded = match exclude_set(exclude) {
        Ok(set) => set,
        Err(d) => {
            found.diagnostics.push(d);
            return found;
        }
    };
    let output = output.map(Path::to_path_buf);
    let walker = WalkDir::new(project)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            if entry.depth() == 0 {
                return true;
            }
            let name = entry.file_name().to_string_lossy();
            if name.starts_with('.') {
                return false;
            }
            if entry.file_type().is_dir() {
                if name.starts_with('_') {
                    return false;
                }
                if entry.depth() == 1 && is_reserved_root_dir(&name, overrides) {
                    return false;
                }
                if output
                    .as_deref()
                    .is_some_and(|o| same_path(entry.path(), o))
                {
                    return false;
                }
            }
            true
        });
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let rel = e
                    .path()
                    .and_then(|p| p.strip_prefix(project).ok())
                    .map(|p| p.to_string_lossy().replace('\\', "/"))
                    .unwrap_or_default();
                found.diagnostics.push(
                    crate::lint::registry::UNREADABLE_FILE
                        .report(format!("cannot read this folder: {e}"))
                        .at(Location::whole_file(&rel))
                        .with_help("check its permissions, or exclude it in annexa.toml"),
                );
                continue;
            }
        };
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let Ok(rel) = path.strip_prefix(project) else {
            continue;
        };
        let Some(rel) = rel.to_str().map(|r| r.replace('\\', "/")) else {
            found.diagnostics.push(
                crate::lint::registry::INVALID_FILE_NAME
                    .report(format!(
                        "the file name `{}` is not valid UTF-8",
                        rel.to_string_lossy()
                    ))
                    .at(Location::whole_file(&rel.to_string_lossy()))
                    .with_help("rename the file using UTF-8 characters only"),
            );
            continue;
        };
        if rel == "README.md" || excluded.is_match(&rel) {
            continue;
        }
        if entry.path_is_symlink() {
            match symlink_target_inside(project, path) {
                Some(true) => {}
                Some(false) => {
                    found.diagnostics.push(
                        crate::lint::registry::SYMLINK_OUTSIDE_PROJECT
                            .report("this symlink points outside the project; it is skipped")
                            .at(Location::whole_file(&rel))
                            .with_help("copy the file into the project instead of linking to it"),
                    );
                    continue;
                }
                None => {
                    found.diagnostics.push(
                        crate::lint::registry::UNREADABLE_FILE
                            .report("this symlink is broken or loops")
                            .at(Location::whole_file(&rel))
                            .with_help(
                                "remove the symlink or point it at an existing file in the project",
                            ),
                    );
                    continue;
                }
            }
        }
        if !entry.file_type().is_file() && !entry.path_is_symlink() {
            continue;
        }
        found.files.push(rel);
    }
    found
}

/// Whether the symlink at `path` resolves to a file inside `project`; None if it does not resolve.
fn symlink_target_inside(project: &Path, path: &Path) -> Option<bool> {
    let target = std::fs::canonicalize(path).ok()?;
    if !target.is_file() {
        return None;
    }
    let root = std::fs::canonicalize(project).ok()?;
    Some(target.starts_with(root))
}

fn same_path(a: &Path, b: &Path) -> bool {
    let canon = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| PathBuf::from(p));
    canon(a) == canon(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn touch(root: &Path, rel: &str) {
        let path = root.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).ok();
        }
        std::fs::write(path, "x").ok();
    }

    #[test]
    fn finds_documents_and_skips_the_rest() {
        let Ok(dir) = tempfile::tempdir() else { return };
        let root = dir.path();
        for rel in [
            "README.md",
            "policies/b.md",
            "policies/a.md",
            "policies/README.md",
            "policies/notes.txt",
            ".git/x.md",
            "_site/docs/x.md",
            "templates/page.md",
            "templates/base.html",
            "static/evidence.md",
            "drafts/wip.md",
            "deep/er/c.md",
            "out/x.md",
        ] {
            touch(root, rel);
        }
        let found = discover(
            root,
            &["drafts/**".to_string()],
            Some(&root.join("out")),
            "templates",
        );
        assert_eq!(
            found.files,
            vec![
                "deep/er/c.md",
                "policies/README.md",
                "policies/a.md",
                "policies/b.md"
            ]
        );
        assert!(found.diagnostics.is_empty());
    }

    #[test]
    fn bad_glob_is_a_config_error() {
        let Ok(dir) = tempfile::tempdir() else { return };
        let found = discover(dir.path(), &["a[".to_string()], None, "templates");
        assert_eq!(found.diagnostics[0].name, "invalid-config");
    }

    #[test]
    fn markdown_in_the_theme_overrides_is_reported_unless_it_holds_a_template() {
        let Ok(dir) = tempfile::tempdir() else { return };
        let root = dir.path();
        for rel in [
            "templates/policy-template.md",
            "templates/forms/access-request.md",
            "policies/a.md",
        ] {
            touch(root, rel);
        }
        let found = discover(root, &[], None, "templates");
        assert_eq!(found.files, vec!["policies/a.md"]);
        let [d] = found.diagnostics.as_slice() else {
            panic!("one diagnostic: {:?}", found.diagnostics);
        };
        assert_eq!(d.name, "markdown-in-theme-overrides");
        assert!(
            d.message
                .starts_with("templates/ holds 2 Markdown files and no template"),
            "{}",
            d.message
        );
        assert_eq!(
            d.location.as_ref().map(|l| l.file.as_str()),
            Some("templates/forms/access-request.md")
        );
        assert!(
            d.help
                .as_deref()
                .is_some_and(|h| h.contains("[theme] overrides = \"theme-overrides\"")),
            "{:?}",
            d.help
        );

        // Named elsewhere, templates/ is an ordinary folder of documents, and the new
        // folder is the one left out (and watched for Markdown).
        touch(root, "theme-overrides/notes.md");
        let found = discover(root, &[], None, "theme-overrides");
        assert_eq!(
            found.files,
            vec![
                "policies/a.md",
                "templates/forms/access-request.md",
                "templates/policy-template.md"
            ]
        );
        assert_eq!(found.diagnostics.len(), 1);
        assert!(found.diagnostics[0]
            .message
            .starts_with("theme-overrides/ holds a Markdown file and no template: theme-overrides/ is the folder of theme overrides (`[theme] overrides` in annexa.toml)"));

        // A real template beside them: a theme folder with notes, nothing to say.
        touch(root, "theme-overrides/base.html");
        assert!(discover(root, &[], None, "theme-overrides")
            .diagnostics
            .is_empty());
    }
}
