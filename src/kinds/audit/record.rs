//! An internal audit report's own front matter (DESIGN.md, "Internal audits…"): `date`,
//! `auditors`, `scope`, `findings`, `reported_to`, read at file:line:col.

use jiff::civil::Date;

use crate::diagnostic::Span;
use crate::kinds::RecordData;
use crate::source::yaml::{Fields, Reader};
use crate::source::Spanned;

use super::scope::{read_scope, Scope};

/// The keys an audit report adds to a document's front matter.
pub const KEYS: &[&str] = &["date", "auditors", "scope", "findings", "reported_to"];

/// An audit report's own fields; `status` (planned | done) is the record's.
#[derive(Clone, Debug, Default)]
pub struct Audit {
    /// The day it was held (done) or is planned for.
    pub date: Option<Date>,
    pub auditors: Vec<Spanned<String>>,
    pub scope: Scope,
    /// The nonconformities it raised (NC ids).
    pub findings: Vec<Spanned<String>>,
    /// The management review it was reported to (MR id).
    pub reported_to: Option<Spanned<String>>,
    pub key_spans: Vec<(&'static str, Span)>,
}

impl Audit {
    pub fn span_of(&self, key: &str) -> Option<Span> {
        self.key_spans
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, s)| *s)
    }
}

/// Reads the audit keys of `fields`.
pub fn read(reader: &mut Reader, fields: &Fields) -> RecordData {
    let mut audit = Audit::default();
    for (key, key_node, value) in fields.iter() {
        let Some(&known) = KEYS.iter().find(|&&k| k == key) else {
            continue;
        };
        if value.is_null() {
            continue;
        }
        audit.key_spans.push((known, key_node.span));
        match known {
            "date" => audit.date = reader.date(value, "`date`", "2026-02-12"),
            "auditors" => {
                audit.auditors =
                    reader.text_list(value, "`auditors`", "auditors: [External consultant]")
            }
            "scope" => audit.scope = read_scope(reader, value, "`scope`"),
            "findings" => {
                audit.findings = reader.text_list(value, "`findings`", "findings: [NC-2026-001]")
            }
            "reported_to" => {
                audit.reported_to =
                    reader.nonempty_text(value, "`reported_to`", "reported_to: MR-2026-1")
            }
            _ => {}
        }
    }
    RecordData::Audit(Box::new(audit))
}
