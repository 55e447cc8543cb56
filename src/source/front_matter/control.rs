//! Document control: the version, ownership, approval, review and history fields that a
//! document's front matter and soa.yaml share, read by the same code for both.

use super::types::{HistoryEntry, KeySpans, Spanned};
use crate::calendar::Interval;
use crate::source::yaml::{Fields, Node, Reader};

/// The document-control keys, as written.
pub const CONTROL_KEYS: &[&str] = &[
    "version",
    "owner",
    "approver",
    "approved",
    "last_reviewed",
    "review_every",
    "next_review",
    "history",
];

const HISTORY_KEYS: &[&str] = &["version", "date", "change", "author"];

/// The document-control fields, checked and typed. A field whose value could not be used is
/// left unset (its error is reported).
#[derive(Clone, Debug, Default)]
pub struct DocumentControl {
    pub version: Option<String>,
    pub owner: Option<Spanned<String>>,
    pub approver: Option<Spanned<String>>,
    pub approved: Option<jiff::civil::Date>,
    pub last_reviewed: Option<jiff::civil::Date>,
    pub review_every: Option<Interval>,
    pub next_review: Option<jiff::civil::Date>,
    pub history: Vec<HistoryEntry>,
}

impl DocumentControl {
    /// The date of the newest `history` entry.
    pub fn latest_change(&self) -> Option<jiff::civil::Date> {
        self.history.iter().filter_map(|h| h.date).max()
    }
}

/// The document-control fields of a mapping (soa.yaml's top level), with where they were
/// written. Other keys are left to the caller.
pub struct CheckedControl {
    pub control: DocumentControl,
    /// Where each document-control key was written.
    pub key_spans: KeySpans,
    /// Keys written with a value that could not be used.
    pub invalid: Vec<&'static str>,
}

/// Reads the document-control keys of `fields`; problems go to the reader's diagnostics.
pub fn read_control(reader: &mut Reader, fields: &Fields) -> CheckedControl {
    let mut checked = CheckedControl {
        control: DocumentControl::default(),
        key_spans: KeySpans::default(),
        invalid: Vec::new(),
    };
    for (key, key_node, value) in fields.iter() {
        let Some(&known) = CONTROL_KEYS.iter().find(|&&k| k == key) else {
            continue;
        };
        if value.is_null() {
            continue;
        }
        checked.key_spans.insert(CONTROL_KEYS, key, key_node.span);
        let before = reader.diagnostics.len();
        read_control_field(reader, known, value, &mut checked.control);
        if reader.failed_since(before) {
            checked.invalid.push(known);
        }
    }
    checked
}

/// Reads the value of the document-control key `key` into `out`.
pub fn read_control_field(reader: &mut Reader, key: &str, value: &Node, out: &mut DocumentControl) {
    match key {
        "version" => {
            out.version = reader
                .nonempty_text(value, "`version`", "version: \"1.0\"")
                .map(|v| v.value)
        }
        "owner" => out.owner = reader.nonempty_text(value, "`owner`", "owner: Head of IT"),
        "approver" => out.approver = reader.nonempty_text(value, "`approver`", "approver: CISO"),
        "approved" => out.approved = reader.date(value, "`approved`", "approved: 2025-03-01"),
        "last_reviewed" => {
            out.last_reviewed = reader.date(value, "`last_reviewed`", "last_reviewed: 2025-03-01")
        }
        "next_review" => {
            out.next_review = reader.date(value, "`next_review`", "next_review: 2026-03-01")
        }
        "review_every" => {
            out.review_every = reader.interval(value, "`review_every`", "review_every: 12 months")
        }
        "history" => out.history = read_history(reader, value),
        _ => {}
    }
}

fn read_history(reader: &mut Reader, value: &Node) -> Vec<HistoryEntry> {
    let example = "history: [{ version: \"1.0\", date: 2025-03-01, change: First issue }]";
    let entries = reader.list(value, "`history`", example);
    let mut history = Vec::with_capacity(entries.len());
    for entry in entries {
        if entry.as_map().is_none() {
            reader.error(
                entry.span,
                format!(
                    "each `history` entry must be a mapping with version, date and change; found {}",
                    entry.describe()
                ),
                format!("write each entry like `- {{ version: \"1.0\", date: 2025-03-01, change: First issue }}` (or as a list: {example})"),
            );
            return Vec::new();
        }
        let Some(fields) = reader.fields(entry, "a history entry", HISTORY_KEYS, example) else {
            return Vec::new();
        };
        let text = |key: &str, reader: &mut Reader| {
            fields
                .get(key)
                .and_then(|n| reader.text(n, &format!("history `{key}`"), "change: First issue"))
                .map(|t| t.value)
        };
        let version = text("version", reader);
        let change = text("change", reader).unwrap_or_default();
        let author = text("author", reader);
        let date = fields
            .get("date")
            .and_then(|n| reader.date(n, "history", "date: 2025-03-01"));
        history.push(HistoryEntry {
            version,
            date,
            change,
            author,
        });
    }
    history
}
