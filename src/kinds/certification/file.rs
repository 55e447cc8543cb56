//! certification.yaml: the certificate and its 3-year cycle (ISO/IEC 17021-1): the decision,
//! the expiry, and the external audits done and planned, read at file:line:col.

use std::path::Path;

use jiff::civil::Date;

use crate::diagnostic::{Diagnostic, Location, Span};
use crate::lint::registry::UNKNOWN_FIELD;
use crate::source::yaml::{Node, Reader};
use crate::source::Spanned;

use super::lints::INVALID_CERTIFICATION;

/// The file's name, at the project's top.
pub const FILE: &str = "certification.yaml";

const KEYS: &[&str] = &[
    "standard",
    "body",
    "certificate",
    "scope",
    "certified",
    "expires",
    "audits",
];

const EXAMPLE: &str = "standard: iso27001-2022
body: Example Certification GmbH
certificate: DE-12345
certified: 2024-05-20
expires: 2027-05-19
audits:
  - { kind: stage-2, date: 2024-04-15, result: passed }";

const AUDIT_EXAMPLE: &str = "{ kind: surveillance-1, date: 2025-04-22, result: passed }";

/// The kind of an external audit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ExternalKind {
    Stage1,
    Stage2,
    Surveillance1,
    Surveillance2,
    Recertification,
    Special,
}

impl ExternalKind {
    pub const ALL: [ExternalKind; 6] = [
        ExternalKind::Stage1,
        ExternalKind::Stage2,
        ExternalKind::Surveillance1,
        ExternalKind::Surveillance2,
        ExternalKind::Recertification,
        ExternalKind::Special,
    ];

    pub fn key(self) -> &'static str {
        match self {
            ExternalKind::Stage1 => "stage-1",
            ExternalKind::Stage2 => "stage-2",
            ExternalKind::Surveillance1 => "surveillance-1",
            ExternalKind::Surveillance2 => "surveillance-2",
            ExternalKind::Recertification => "recertification",
            ExternalKind::Special => "special",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ExternalKind::Stage1 => "Stage 1 audit",
            ExternalKind::Stage2 => "Stage 2 audit",
            ExternalKind::Surveillance1 => "Surveillance audit 1",
            ExternalKind::Surveillance2 => "Surveillance audit 2",
            ExternalKind::Recertification => "Recertification audit",
            ExternalKind::Special => "Special audit",
        }
    }

    /// A surveillance or recertification audit: what keeps the certificate each year.
    pub fn keeps_certificate(self) -> bool {
        matches!(
            self,
            ExternalKind::Surveillance1
                | ExternalKind::Surveillance2
                | ExternalKind::Recertification
        )
    }
}

/// The outcome of an external audit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuditResult {
    Passed,
    Conditional,
    Failed,
}

impl AuditResult {
    pub const ALL: [AuditResult; 3] = [
        AuditResult::Passed,
        AuditResult::Conditional,
        AuditResult::Failed,
    ];

    pub fn key(self) -> &'static str {
        match self {
            AuditResult::Passed => "passed",
            AuditResult::Conditional => "conditional",
            AuditResult::Failed => "failed",
        }
    }
}

/// One external audit: held on `date`, or `planned` for a day.
#[derive(Clone, Debug)]
pub struct ExternalAudit {
    pub kind: ExternalKind,
    pub date: Option<Date>,
    pub planned: Option<Date>,
    pub result: Option<AuditResult>,
    pub findings: Vec<Spanned<String>>,
    pub span: Span,
    /// Where its `date` (else `planned`) is written.
    pub day_span: Span,
}

impl ExternalAudit {
    /// The day it was held, else the day it is planned for.
    pub fn day(&self) -> Date {
        self.date.or(self.planned).unwrap_or(Date::MIN)
    }

    pub fn is_done(&self) -> bool {
        self.date.is_some()
    }
}

/// The checked certification.
#[derive(Clone, Debug)]
pub struct Certification {
    pub standard: Option<String>,
    pub body: Option<String>,
    pub certificate: Option<String>,
    pub scope: Option<String>,
    /// The certification decision: the cycle starts here.
    pub certified: Spanned<Date>,
    pub expires: Spanned<Date>,
    /// By day.
    pub audits: Vec<ExternalAudit>,
    /// Where `audits:` is written, else `certified:`.
    pub audits_key: Span,
    /// The file's text, to place diagnostics found after reading.
    pub text: String,
}

impl Certification {
    pub fn locate(&self, span: Span) -> Location {
        span.locate(FILE, &self.text)
    }
}

/// Reads certification.yaml of `project`: None when there is none.
pub fn load(project: &Path) -> (Option<Certification>, Vec<Diagnostic>) {
    match crate::kinds::data_file::read(project, FILE, &INVALID_CERTIFICATION) {
        Err(problems) => (None, problems),
        Ok(None) => (None, Vec::new()),
        Ok(Some(text)) => parse(FILE, &text),
    }
}

/// Parses `text` (the file `file`) as a certification.
pub fn parse(file: &str, text: &str) -> (Option<Certification>, Vec<Diagnostic>) {
    let mut reader = Reader::new(file, text, &INVALID_CERTIFICATION, &UNKNOWN_FIELD);
    let read = reader
        .parse()
        .and_then(|root| read(&mut reader, &root, text));
    (read, reader.diagnostics)
}

fn read(reader: &mut Reader, root: &Node, text: &str) -> Option<Certification> {
    let fields = reader.fields(root, FILE, KEYS, EXAMPLE)?;
    let mut texts = Vec::new();
    for (key, example) in [
        ("standard", "iso27001-2022"),
        ("body", "Example Certification GmbH"),
        ("certificate", "DE-12345"),
        (
            "scope",
            "Development and operation of the analytics platform",
        ),
    ] {
        texts.push(
            fields
                .get(key)
                .and_then(|v| reader.nonempty_text(v, &format!("`{key}`"), example))
                .map(|t| t.value),
        );
    }
    let mut date = |key: &str, example: &str| {
        let node = reader.required(&fields, key, FILE, example)?;
        let value = reader.date(node, &format!("`{key}`"), example)?;
        Some(Spanned {
            value,
            span: node.span,
        })
    };
    let certified = date("certified", "2024-05-20");
    let expires = date("expires", "2027-05-19");
    let mut audits = Vec::new();
    let audits_key = fields.entry("audits").map(|(k, _)| k.span);
    if let Some(list) = fields.get("audits") {
        for item in reader.list(list, "`audits`", AUDIT_EXAMPLE) {
            audits.extend(read_audit(reader, item));
        }
    }
    audits.sort_by_key(ExternalAudit::day);
    let (certified, expires) = (certified?, expires?);
    if expires.value <= certified.value {
        reader.error(
            expires.span,
            format!(
                "the certificate expires ({}) before it was granted ({})",
                expires.value, certified.value
            ),
            "`expires` is the last day of the certificate, usually 3 years after `certified` less a day",
        );
        return None;
    }
    let audits_key = audits_key.unwrap_or(certified.span);
    let [standard, body, certificate, scope] = <[Option<String>; 4]>::try_from(texts).ok()?;
    Some(Certification {
        standard,
        body,
        certificate,
        scope,
        certified,
        expires,
        audits,
        audits_key,
        text: text.to_string(),
    })
}

fn read_audit(reader: &mut Reader, node: &Node) -> Option<ExternalAudit> {
    let fields = reader.fields(
        node,
        "an external audit",
        &["kind", "date", "planned", "result", "findings"],
        AUDIT_EXAMPLE,
    )?;
    let keys = ExternalKind::ALL.map(ExternalKind::key);
    let kind = reader
        .required(&fields, "kind", "an external audit", "surveillance-1")
        .and_then(|v| reader.choice(v, "the audit's `kind`", &keys))
        .and_then(|k| ExternalKind::ALL.into_iter().find(|x| x.key() == k));
    let day_span = fields
        .get("date")
        .or_else(|| fields.get("planned"))
        .map_or(node.span, |n| n.span);
    let date = fields
        .get("date")
        .and_then(|v| reader.date(v, "the audit's `date`", "2025-04-22"));
    let planned = fields
        .get("planned")
        .and_then(|v| reader.date(v, "the audit's `planned`", "2026-04-20"));
    let results = AuditResult::ALL.map(AuditResult::key);
    let result = fields
        .get("result")
        .and_then(|v| reader.choice(v, "the audit's `result`", &results))
        .and_then(|k| AuditResult::ALL.into_iter().find(|x| x.key() == k));
    let findings = fields
        .get("findings")
        .map(|v| reader.text_list(v, "the audit's `findings`", "[NC-2024-001]"))
        .unwrap_or_default();
    if !fields.has("date") && !fields.has("planned") {
        reader.error(
            Span::new(node.span.offset as usize, 1),
            "an external audit has neither `date` (held) nor `planned`",
            "add `date: 2025-04-22` for an audit held, or `planned: 2026-04-20`",
        );
        return None;
    }
    Some(ExternalAudit {
        kind: kind?,
        date,
        planned,
        result,
        findings,
        span: node.span,
        day_span,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "standard: iso27001-2022\nbody: CB\ncertificate: DE-1\ncertified: 2024-05-20\nexpires: 2027-05-19\naudits:\n  - { kind: surveillance-1, date: 2025-04-22, result: passed }\n  - { kind: stage-2, date: 2024-04-15, result: passed, findings: [NC-2024-001] }\n  - { kind: surveillance-2, planned: 2026-12-08 }\n";

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
    fn a_certification_reads_with_its_audits_by_day() {
        let (read, problems) = parse(FILE, GOOD);
        assert!(problems.is_empty(), "{problems:?}");
        let read = read.unwrap();
        let kinds: Vec<&str> = read.audits.iter().map(|a| a.kind.key()).collect();
        assert_eq!(kinds, ["stage-2", "surveillance-1", "surveillance-2"]);
        assert!(!read.audits[2].is_done());
        assert_eq!(read.audits[0].findings[0].value, "NC-2024-001");
    }

    #[test]
    fn every_bad_value_is_reported_where_written() {
        for (text, expected) in [
            ("certified: 2024-05-20\n", vec![("invalid-certification", 1, 1)]),
            (
                "certified: 2024-05-20\nexpires: 2027-02-30\n",
                vec![("invalid-date", 2, 10)],
            ),
            (
                "certified: 2024-05-20\nexpires: 2023-05-19\n",
                vec![("invalid-certification", 2, 10)],
            ),
            (
                "certified: 2024-05-20\nexpires: 2027-05-19\nexpiry: x\n",
                vec![("unknown-field", 3, 1)],
            ),
            (
                "certified: 2024-05-20\nexpires: 2027-05-19\naudits:\n  - { kind: surveilance-1, date: 2025-04-22 }\n",
                vec![("invalid-certification", 4, 13)],
            ),
            (
                "certified: 2024-05-20\nexpires: 2027-05-19\naudits:\n  - { kind: special }\n",
                vec![("invalid-certification", 4, 5)],
            ),
            (
                "certified: 2024-05-20\nexpires: 2027-05-19\naudits:\n  - { kind: special, date: 2025-01-01, result: pass }\n",
                vec![("invalid-certification", 4, 48)],
            ),
        ] {
            let expected: Vec<(String, usize, usize)> = expected
                .into_iter()
                .map(|(n, l, c)| (n.to_string(), l, c))
                .collect();
            assert_eq!(problems(text), expected, "{text}");
        }
        let bad_kind = &parse(FILE, "certified: 2024-05-20\nexpires: 2027-05-19\naudits:\n  - { kind: surveilance-1, date: 2025-04-22 }\n").1[0];
        assert_eq!(
            bad_kind
                .help
                .as_deref()
                .map(|h| h.starts_with("did you mean `surveillance-1`?")),
            Some(true)
        );
    }
}
