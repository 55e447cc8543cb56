//! `annexa new TYPE "Title"`: a new draft with the next free id of its type, today's date,
//! and the owner left for the author to fill in.

use std::fs;
use std::path::{Path, PathBuf};

use jiff::civil::Date;

use crate::config::{self, Config};
use crate::diagnostic::did_you_mean;
use crate::model::slug::slugify;
use crate::pipeline::RunError;
use crate::source;

/// What `new` wrote.
#[derive(Debug)]
pub struct NewDocument {
    pub id: String,
    /// Path relative to the project.
    pub path: PathBuf,
}

/// The next free id `PREFIX-NNN` given the ids in use (case-insensitive; at least 3 digits).
pub fn next_id(prefix: &str, used: &[String]) -> String {
    let wanted = format!("{}-", prefix.to_uppercase());
    let mut highest = 0u64;
    let mut width = 3;
    for id in used {
        let upper = id.to_uppercase();
        let Some(number) = upper.strip_prefix(&wanted) else {
            continue;
        };
        if !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()) {
            highest = highest.max(number.parse().unwrap_or(0));
            width = width.max(number.len());
        }
    }
    format!("{}-{:0width$}", prefix.to_uppercase(), highest + 1)
}

fn yaml_quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The text of a new document.
fn document_text(id: &str, title: &str, doc_type: &str, today: Date) -> String {
    format!(
        "---\n\
id: {id}\n\
title: {title}\n\
type: {doc_type}\n\
status: draft\n\
version: \"0.1\"\n\
owner:              # the role responsible for this document, e.g. Head of IT\n\
approver:           # the role that approves it, e.g. CISO\n\
classification: internal\n\
review_every: 12 months\n\
controls: []        # the Annex A controls it implements, e.g. [A.5.15, A.8.5]\n\
related: []\n\
history:\n\
  - {{ version: \"0.1\", date: {today}, change: First draft }}\n\
---\n\
# {plain_title}\n\
\n\
## 1. Purpose\n\
\n\
## 2. Scope\n\
\n\
## 3. Requirements\n\
\n\
## 4. Roles and responsibilities\n\
\n\
## 5. Compliance and exceptions\n",
        title = yaml_quoted(title),
        plain_title = title,
    )
}

/// Writes a new document of `doc_type` titled `title` into `project`.
pub fn new_document(
    project: &Path,
    doc_type: &str,
    title: &str,
    today: Date,
) -> Result<NewDocument, RunError> {
    if !project.is_dir() {
        return Err(RunError {
            message: format!(
                "{} is not a folder: run `annexa new` inside an ISMS project or give its path",
                project.display()
            ),
        });
    }
    let title = title.trim();
    if title.is_empty() {
        return Err(RunError {
            message:
                "the title is empty: give one, e.g. annexa new policy \"Access Control Policy\""
                    .into(),
        });
    }
    let config: Config = config::load(project).map_err(|d| RunError {
        message: format!("annexa.toml: {}", d.message),
    })?;
    let key = doc_type.to_lowercase();
    let Some(setting) = config.types.get(&key) else {
        let known: Vec<&str> = config.types.keys().map(String::as_str).collect();
        let hint = did_you_mean(&key, known.iter().copied())
            .map(|k| format!("did you mean `{k}`? "))
            .unwrap_or_default();
        return Err(RunError {
            message: format!("unknown document type `{doc_type}`: {hint}known types are {} (add others under [types.<name>] in annexa.toml)", known.join(", ")),
        });
    };
    let found = source::discover(project, &config.exclude, None);
    let (files, _) = source::read_sources(project, &found.files);
    let (documents, _) = source::parse_documents(files);
    let used: Vec<String> = documents.iter().map(|d| d.front.id.value.clone()).collect();
    let id = next_id(&setting.prefix, &used);
    let file_name = format!("{}.md", slugify(title));
    let rel = PathBuf::from(&setting.folder).join(file_name);
    let dest = project.join(&rel);
    if dest.exists() {
        return Err(RunError {
            message: format!(
                "{} already exists: choose another title, or edit that file",
                rel.display()
            ),
        });
    }
    if let Some(parent) = dest.parent() {
        fs::create_dir_all(parent).map_err(|e| RunError {
            message: format!("cannot create {}: {e}", parent.display()),
        })?;
    }
    fs::write(&dest, document_text(&id, title, &key, today)).map_err(|e| RunError {
        message: format!("cannot write {}: {e}", dest.display()),
    })?;
    Ok(NewDocument { id, path: rel })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_ids() {
        let used = |ids: &[&str]| ids.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(next_id("POL", &used(&[])), "POL-001");
        assert_eq!(
            next_id("POL", &used(&["POL-AC", "pol-007", "POL-003", "PRO-100"])),
            "POL-008"
        );
        assert_eq!(next_id("pol", &used(&["POL-0042"])), "POL-0043");
        assert_eq!(next_id("STD", &used(&["STD-999"])), "STD-1000");
    }

    #[test]
    fn the_new_document_parses_as_a_draft_without_errors() {
        let text = document_text(
            "POL-001",
            "Title: with \"quotes\"",
            "policy",
            jiff::civil::date(2026, 11, 25),
        );
        let parsed = crate::source::front_matter::parse("policies/x.md", &text);
        assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
        let front = parsed.front.unwrap_or_else(|| panic!("parses"));
        assert_eq!(front.title, "Title: with \"quotes\"");
        assert_eq!(front.status, crate::source::Status::Draft);
        assert!(front.owner.is_none());
        assert_eq!(front.history[0].date, Some(jiff::civil::date(2026, 11, 25)));
    }
}
