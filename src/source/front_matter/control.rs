//! Document control: the version, ownership, approval, review and history fields that a
//! document's front matter and soa.yaml share, checked by the same code for both.

use serde_yaml::{Mapping, Value};

use super::fields::{describe, scalar_text, Checker};
use super::keys::KeyIndex;
use super::types::{HistoryEntry, KeySpans, Spanned};
use crate::calendar::{parse_date, Interval};
use crate::diagnostic::{did_you_mean, Diagnostic, Location};

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

/// The document-control fields of a whole YAML file (soa.yaml): its top-level keys are at
/// column 1 like a front matter's. Other keys of `mapping` are left to the caller.
pub struct CheckedControl {
    pub control: DocumentControl,
    /// Where each document-control key was written.
    pub key_spans: KeySpans,
    /// Keys written with a value that could not be used.
    pub invalid: Vec<&'static str>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Checks the document-control keys of `mapping`, the parsed top level of `text` (the whole
/// file `file`); values of the wrong shape are reported as `invalid_lint`.
pub fn check_control(
    file: &str,
    text: &str,
    mapping: &Mapping,
    invalid_lint: &'static crate::lint::Lint,
) -> CheckedControl {
    let mut c = Checker {
        file,
        text,
        keys: KeyIndex::scan(text, 0..text.len()),
        diagnostics: Vec::new(),
        current: "",
        invalid: Vec::new(),
        invalid_lint,
    };
    let mut control = DocumentControl::default();
    let mut key_spans = KeySpans::default();
    for (key, value) in mapping {
        let Some(key) = key.as_str() else { continue };
        if value.is_null() || !CONTROL_KEYS.contains(&key) {
            continue;
        }
        key_spans.insert(CONTROL_KEYS, key, c.key_span(key));
        c.control_field(key, value, &mut control);
    }
    CheckedControl {
        control,
        key_spans,
        invalid: c.invalid,
        diagnostics: c.diagnostics,
    }
}

impl Checker<'_> {
    /// Checks `key` if it is a document-control key, into `out`; false for other keys.
    pub(super) fn control_field(
        &mut self,
        key: &str,
        value: &Value,
        out: &mut DocumentControl,
    ) -> bool {
        let Some(&known) = CONTROL_KEYS.iter().find(|&&k| k == key) else {
            return false;
        };
        self.current = known;
        match known {
            "version" => out.version = self.text_field("version", value, "\"1.0\""),
            "owner" => out.owner = self.spanned_text("owner", value, "Head of IT"),
            "approver" => out.approver = self.spanned_text("approver", value, "CISO"),
            "approved" => out.approved = self.date("approved", value),
            "last_reviewed" => out.last_reviewed = self.date("last_reviewed", value),
            "next_review" => out.next_review = self.date("next_review", value),
            "review_every" => out.review_every = self.interval("review_every", value),
            _ => out.history = self.history(value),
        }
        true
    }

    fn interval(&mut self, key: &str, value: &Value) -> Option<Interval> {
        let text = self.scalar(key, value, "12 months")?;
        match Interval::parse(&text) {
            Ok(interval) => Some(interval),
            Err(message) => {
                let location = self.value_location(key);
                self.error(
                    self.invalid_lint,
                    location,
                    format!("`{key}`: {message}"),
                    format!("e.g. `{key}: 12 months`"),
                );
                None
            }
        }
    }

    fn date(&mut self, key: &str, value: &Value) -> Option<jiff::civil::Date> {
        let text = self.scalar(key, value, "2025-03-01")?;
        match parse_date(&text) {
            Ok(date) => Some(date),
            Err(message) => {
                let location = self.value_location(key);
                self.error(
                    &crate::lint::registry::INVALID_DATE,
                    location,
                    format!("`{key}`: {message}"),
                    format!("write the date as YYYY-MM-DD, e.g. `{key}: 2025-03-01`"),
                );
                None
            }
        }
    }

    fn history(&mut self, value: &Value) -> Vec<HistoryEntry> {
        let example = "[{ version: \"1.0\", date: 2025-03-01, change: First issue }]";
        let Value::Sequence(entries) = value else {
            if !value.is_null() {
                self.wrong_type("history", "a list of entries", example, value);
            }
            return Vec::new();
        };
        let mut history = Vec::with_capacity(entries.len());
        let written = self.keys.raw_items(self.text, "history");
        for (i, entry) in entries.iter().enumerate() {
            let Value::Mapping(map) = entry else {
                let location = match written.get(i).filter(|_| written.len() == entries.len()) {
                    Some((offset, text)) => {
                        Location::in_text(self.file, self.text, *offset, text.len())
                    }
                    None => self.value_location("history"),
                };
                self.error(
                    self.invalid_lint,
                    location,
                    format!("each `history` entry must be a mapping with version, date and change; found {}", describe(entry)),
                    format!("write each entry like `- {{ version: \"1.0\", date: 2025-03-01, change: First issue }}` (or as a list: {example})"),
                );
                return Vec::new();
            };
            let get = |k: &str| map.get(k).and_then(scalar_text);
            let date = match get("date") {
                Some(text) => match parse_date(&text) {
                    Ok(date) => Some(date),
                    Err(message) => {
                        let location = self.history_location(&text);
                        self.error(
                            &crate::lint::registry::INVALID_DATE,
                            location,
                            format!("history: {message}"),
                            "write the date as YYYY-MM-DD, e.g. `date: 2025-03-01`".into(),
                        );
                        None
                    }
                },
                None => None,
            };
            let unknown: Vec<String> = map
                .keys()
                .filter_map(|k| k.as_str())
                .filter(|k| !["version", "date", "change", "author"].contains(k))
                .map(str::to_string)
                .collect();
            for key in unknown {
                let location = self.history_location(&key);
                let help = match did_you_mean(&key, ["version", "date", "change", "author"]) {
                    Some(known) => format!("did you mean `{known}`?"),
                    None => {
                        "a history entry has `version`, `date`, `change` and `author`".to_string()
                    }
                };
                self.diagnostics.push(
                    crate::lint::registry::UNKNOWN_FIELD
                        .report(format!("unknown history field `{key}`"))
                        .at(location)
                        .with_help(help),
                );
            }
            history.push(HistoryEntry {
                version: get("version"),
                date,
                change: get("change").unwrap_or_default(),
                author: get("author"),
            });
        }
        history
    }

    fn history_location(&self, needle: &str) -> Location {
        let spans = self
            .keys
            .item_spans(self.text, "history", &[needle.to_string()]);
        let (offset, len) = spans.first().copied().unwrap_or((0, 0));
        Location::in_text(self.file, self.text, offset, len)
    }
}
