//! audits/programme.yaml: the internal audit plan of the certification cycle (9.2.2), each
//! audit with its id, month, auditor and scope, read at file:line:col.

use std::path::Path;

use crate::diagnostic::{Diagnostic, Location, Span};
use crate::lint::registry::UNKNOWN_FIELD;
use crate::source::yaml::{Node, Reader};
use crate::source::Spanned;

use super::lints::INVALID_AUDIT_PROGRAMME;
use super::scope::{read_planned, read_scope, Planned, Scope, SCOPE_EXAMPLE};

/// The file's path in the project.
pub const FILE: &str = "audits/programme.yaml";

const EXAMPLE: &str = "audits:
  - { id: IA-2026-1, planned: 2026-02, auditor: External consultant,
      scope: { clauses: [\"4\", \"5\", \"6.1\"], controls: [A.5.1], processes: [Risk management] } }";

/// One planned internal audit.
#[derive(Clone, Debug)]
pub struct ProgrammeEntry {
    pub id: Spanned<String>,
    pub title: Option<String>,
    pub planned: Planned,
    /// Where `planned` is written.
    pub planned_span: Span,
    pub auditors: Vec<Spanned<String>>,
    pub scope: Scope,
    /// The whole entry.
    pub span: Span,
}

/// The checked programme.
#[derive(Clone, Debug, Default)]
pub struct Programme {
    pub audits: Vec<ProgrammeEntry>,
    /// Where `audits:` is written (diagnostics about the programme as a whole).
    pub key: Span,
    /// The file's text, to place diagnostics found after reading.
    pub text: String,
}

impl Programme {
    pub fn locate(&self, span: Span) -> Location {
        span.locate(FILE, &self.text)
    }

    pub fn entry(&self, id: &str) -> Option<&ProgrammeEntry> {
        self.audits
            .iter()
            .find(|a| a.id.value.eq_ignore_ascii_case(id))
    }
}

/// Reads audits/programme.yaml of `project`: None when there is none.
pub fn load(project: &Path) -> (Option<Programme>, Vec<Diagnostic>) {
    match crate::kinds::data_file::read(project, FILE, &INVALID_AUDIT_PROGRAMME) {
        Err(problems) => (None, problems),
        Ok(None) => (None, Vec::new()),
        Ok(Some(text)) => parse(FILE, &text),
    }
}

/// Parses `text` (the file `file`) as an audit programme.
pub fn parse(file: &str, text: &str) -> (Option<Programme>, Vec<Diagnostic>) {
    let mut reader = Reader::new(file, text, &INVALID_AUDIT_PROGRAMME, &UNKNOWN_FIELD);
    let programme = reader.parse().and_then(|root| read(&mut reader, &root));
    let programme = programme.map(|p| Programme {
        text: text.to_string(),
        ..p
    });
    (programme, reader.diagnostics)
}

fn read(reader: &mut Reader, root: &Node) -> Option<Programme> {
    let fields = reader.fields(root, FILE, &["audits"], EXAMPLE)?;
    let list = reader.required(
        &fields,
        "audits",
        FILE,
        "[{ id: IA-2026-1, planned: 2026-02 }]",
    )?;
    let mut programme = Programme::default();
    for item in reader.list(list, "`audits`", EXAMPLE) {
        let Some(entry) = read_entry(reader, item) else {
            continue;
        };
        if let Some(first) = programme.entry(&entry.id.value) {
            let line = reader.locate(first.id.span).line;
            reader.error(
                entry.id.span,
                format!("`{}` is planned twice in {FILE}", entry.id.value),
                format!("give each audit its own id (the first is on line {line})"),
            );
            continue;
        }
        programme.audits.push(entry);
    }
    Some(programme)
}

fn read_entry(reader: &mut Reader, node: &Node) -> Option<ProgrammeEntry> {
    let example = "{ id: IA-2026-1, planned: 2026-02, auditor: External consultant, scope: { clauses: [\"9.2\"] } }";
    let fields = reader.fields(
        node,
        "a planned audit",
        &["id", "title", "planned", "auditor", "auditors", "scope"],
        example,
    )?;
    let id = reader
        .required(&fields, "id", "a planned audit", "IA-2026-1")
        .and_then(|v| reader.nonempty_text(v, "the audit's `id`", "IA-2026-1"));
    let title = fields
        .get("title")
        .and_then(|v| reader.nonempty_text(v, "the audit's `title`", "ISMS core clauses"))
        .map(|t| t.value);
    let planned_node = reader.required(&fields, "planned", "a planned audit", "2026-02");
    let planned_span = planned_node.map_or(node.span, |n| n.span);
    let planned = planned_node.and_then(|v| read_planned(reader, v, "the audit's `planned`"));
    let mut auditors = Vec::new();
    for key in ["auditor", "auditors"] {
        if let Some(v) = fields.get(key) {
            auditors.extend(reader.text_list(
                v,
                &format!("the audit's `{key}`"),
                "External consultant",
            ));
        }
    }
    let scope = match fields.get("scope") {
        Some(v) => read_scope(reader, v, "the audit's `scope`"),
        None => {
            let span = Span::new(node.span.offset as usize, 1);
            reader.error(
                span,
                "a planned audit has no `scope`",
                format!("add `scope: {SCOPE_EXAMPLE}`"),
            );
            Scope::default()
        }
    };
    Some(ProgrammeEntry {
        id: id?,
        title,
        planned: planned?,
        planned_span,
        auditors,
        scope,
        span: node.span,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(text: &str) -> Vec<(String, usize, usize)> {
        parse(FILE, text)
            .1
            .iter()
            .map(|d| {
                let l = d.location.as_ref().unwrap();
                (d.name.to_string(), l.line, l.column)
            })
            .collect()
    }

    #[test]
    fn a_programme_reads_with_its_scopes() {
        let (programme, problems) = parse(
            FILE,
            "audits:\n  - { id: IA-1, planned: 2026-02, auditor: Jo, scope: { clauses: [\"4\"] } }\n",
        );
        assert!(problems.is_empty(), "{problems:?}");
        let programme = programme.unwrap();
        assert_eq!(programme.audits[0].planned.label(), "2026-02");
        assert_eq!(programme.audits[0].auditors[0].value, "Jo");
    }

    #[test]
    fn every_bad_value_is_reported_where_written() {
        for (text, expected) in [
            ("audits: 3\n", vec![("invalid-audit-programme", 1, 9)]),
            ("audit: []\n", vec![("unknown-field", 1, 1), ("invalid-audit-programme", 1, 1)]),
            (
                "audits:\n  - { id: A, planned: Feb, scope: {} }\n",
                vec![("invalid-audit-programme", 2, 23)],
            ),
            (
                "audits:\n  - { id: A, planned: 2026-02 }\n",
                vec![("invalid-audit-programme", 2, 5)],
            ),
            (
                "audits:\n  - { id: A, planned: 2026-02, scope: { clauses: [\"4.9\"] } }\n",
                vec![("unknown-clause", 2, 51)],
            ),
            (
                "audits:\n  - { id: A, planned: 2026-02, scope: {} }\n  - { id: a, planned: 2026-03, scope: {} }\n",
                vec![("invalid-audit-programme", 3, 11)],
            ),
            (
                "audits:\n  - { id: A, planed: 2026-02, scope: {} }\n",
                vec![("unknown-field", 2, 14), ("invalid-audit-programme", 2, 5)],
            ),
        ] {
            let expected: Vec<(String, usize, usize)> = expected
                .into_iter()
                .map(|(n, l, c)| (n.to_string(), l, c))
                .collect();
            assert_eq!(problems(text), expected, "{text}");
        }
    }
}
