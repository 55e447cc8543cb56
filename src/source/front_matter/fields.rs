//! Checking each front matter field and turning it into its typed value.

use super::control::{read_control_field, DocumentControl};
use super::types::{Classification, FrontMatter, KeySpans, Spanned, Status};
use crate::diagnostic::Span;
use crate::lint::registry::{INVALID_FRONT_MATTER, INVALID_ID, MISSING_FIELD};
use crate::source::yaml::{Node, Reader, Value};

/// Every key a document's front matter may have.
pub const KNOWN_KEYS: &[&str] = &[
    "id",
    "title",
    "type",
    "status",
    "version",
    "owner",
    "approver",
    "approved",
    "classification",
    "last_reviewed",
    "review_every",
    "next_review",
    "controls",
    "clauses",
    "related",
    "history",
    "aliases",
];

/// Characters allowed in a document id: it becomes a file name and a URL.
pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id.starts_with(|c: char| c.is_ascii_alphanumeric())
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        && !id.contains("..")
}

/// Checks the front matter `root`, read by `reader` (whose diagnostics collect every
/// problem); `opening` is the opening `---`. None when the document cannot be used (no
/// usable id, or not a mapping at all).
pub fn check(reader: &mut Reader, root: &Node, opening: Span) -> Option<FrontMatter> {
    let file = reader.file();
    let empty = Node {
        span: root.span,
        value: Value::Map(Vec::new()),
    };
    let mapping = if root.is_null() { &empty } else { root };
    if mapping.as_map().is_none() {
        let location = reader.locate(Span::new(root.span.offset as usize, 1));
        reader.diagnostics.push(
            INVALID_FRONT_MATTER
                .report(format!(
                    "the front matter must be a set of `key: value` lines, found {}",
                    root.describe()
                ))
                .at(location)
                .with_help("write one `key: value` per line, starting with `id:` and `title:`"),
        );
        return None;
    }
    // A record's kind comes from `type:` or, without one, from its top folder; its keys are
    // known on top of a document's.
    let written_type = mapping
        .as_map()
        .and_then(|entries| entries.iter().find(|(k, _)| k.as_text() == Some("type")))
        .and_then(|(_, v)| v.as_text());
    let kind = crate::kinds::of_file(file, written_type);
    let known: Vec<&str> = match kind {
        Some(kind) => KNOWN_KEYS.iter().chain(kind.keys).copied().collect(),
        None => KNOWN_KEYS.to_vec(),
    };
    let fields = reader.fields(mapping, "the front matter", &known, "id: POL-AC")?;
    let mut record_status = None;

    let mut id = None;
    let mut title = None;
    let mut control = DocumentControl::default();
    let mut front = FrontMatter {
        id: Spanned {
            value: String::new(),
            span: opening,
        },
        title: String::new(),
        doc_type: None,
        status: Status::Draft,
        version: None,
        owner: None,
        approver: None,
        approved: None,
        classification: None,
        last_reviewed: None,
        review_every: None,
        next_review: None,
        controls: Vec::new(),
        clauses: Vec::new(),
        related: Vec::new(),
        history: Vec::new(),
        aliases: Vec::new(),
        key_spans: KeySpans::default(),
        opening,
        invalid: Vec::new(),
        record: None,
    };

    for (key, key_node, value) in fields.iter() {
        // `owner:` with nothing after it is YAML's null: the field is not set. For `id` and
        // `title` that is reported as a missing field below.
        let Some(&known) = KNOWN_KEYS.iter().find(|&&k| k == key) else {
            continue;
        };
        if value.is_null() {
            continue;
        }
        front.key_spans.insert(KNOWN_KEYS, known, key_node.span);
        let before = reader.diagnostics.len();
        match known {
            "id" => id = read_id(reader, value),
            "title" => {
                title = reader
                    .nonempty_text(value, "`title`", "title: Access Control Policy")
                    .map(|t| t.value)
            }
            "type" => {
                front.doc_type = reader
                    .nonempty_text(value, "`type`", "type: policy")
                    .map(|t| t.value.to_lowercase())
            }
            "status" if kind.is_some() => {
                let statuses = kind.map_or(&[][..], |k| k.statuses);
                let keys: Vec<&'static str> = statuses.iter().map(|(key, _)| *key).collect();
                let what = format!("the status of a {}", kind.map_or("record", |k| k.name));
                record_status = reader.choice(value, &what, &keys);
            }
            "status" => {
                let keys = Status::ALL.map(Status::key);
                if let Some(key) = reader.choice(value, "the status", &keys) {
                    front.status = Status::ALL
                        .into_iter()
                        .find(|s| s.key() == key)
                        .unwrap_or(Status::Draft);
                }
            }
            "classification" => {
                let keys = Classification::ALL.map(Classification::key);
                // A classification that cannot be read counts as the highest: a build limited
                // by `--max-classification` never publishes the document by mistake.
                front.classification = Some(
                    reader
                        .choice(value, "the classification", &keys)
                        .and_then(|key| Classification::ALL.into_iter().find(|c| c.key() == key))
                        .unwrap_or(Classification::Restricted),
                );
            }
            "controls" => {
                front.controls = reader.text_list(value, "`controls`", "controls: [A.5.15, A.8.2]")
            }
            "clauses" => {
                front.clauses = crate::kinds::audit::scope::read_clauses(reader, value, "`clauses`")
            }
            "related" => {
                front.related = reader.text_list(value, "`related`", "related: [POL-IS, PRO-JML]")
            }
            "aliases" => front.aliases = super::alias::read_aliases(reader, value),
            _ => read_control_field(reader, known, value, &mut control),
        }
        if reader.failed_since(before) {
            front.invalid.push(known);
        }
    }

    for (key, found, example) in [
        ("id", id.is_some(), "POL-AC"),
        ("title", title.is_some(), "Access Control Policy"),
    ] {
        if !found && !front.key_spans.contains_key(key) {
            let location = reader.locate(opening);
            reader.diagnostics.push(
                MISSING_FIELD
                    .report(format!("the front matter has no `{key}`"))
                    .at(location)
                    .with_help(format!("add a line `{key}: {example}` to the front matter")),
            );
        }
    }
    // Like rustc, one mistake is one error: a document whose id can be used stays in the
    // model with the bad fields unset (and its id as title if the title is missing), so
    // references to it resolve and every other check still runs on it.
    let id = id?;
    if let Some(kind) = kind {
        // Records are published whatever their own status (DESIGN.md, "Records").
        front.status = Status::Approved;
        front.record = Some(Box::new(crate::kinds::Record {
            kind,
            status: record_status.unwrap_or(kind.statuses[0].0),
            data: (kind.read)(reader, &fields),
        }));
    }
    let DocumentControl {
        version,
        owner,
        approver,
        approved,
        last_reviewed,
        review_every,
        next_review,
        history,
    } = control;
    front.version = version;
    front.owner = owner;
    front.approver = approver;
    front.approved = approved;
    front.last_reviewed = last_reviewed;
    front.review_every = review_every;
    front.next_review = next_review;
    front.history = history;
    front.title = title.unwrap_or_else(|| id.value.clone());
    front.id = id;
    Some(front)
}

/// The document id, if it can be a file name and a URL.
fn read_id(reader: &mut Reader, value: &Node) -> Option<Spanned<String>> {
    let id = reader.nonempty_text(value, "`id`", "id: POL-AC")?;
    if valid_id(&id.value) {
        return Some(id);
    }
    let location = reader.locate(id.span);
    reader.diagnostics.push(
        INVALID_ID
            .report(format!("`{}` cannot be used as a document id", id.value))
            .at(location)
            .with_help("ids start with a letter or digit and use only letters, digits, `-`, `_` and `.` (no spaces, `/` or `..`), at most 64 characters"),
    );
    None
}

#[cfg(test)]
mod tests {
    use super::super::parse;
    use super::*;
    use crate::diagnostic::Diagnostic;

    fn parse_ok(text: &str) -> (FrontMatter, Vec<Diagnostic>) {
        let parsed = parse("p.md", text);
        let names: Vec<&str> = parsed.diagnostics.iter().map(|d| d.name).collect();
        let front = parsed
            .front
            .unwrap_or_else(|| panic!("did not parse: {names:?}"));
        (front, parsed.diagnostics)
    }

    fn errors(text: &str) -> Vec<(&'static str, usize, usize)> {
        parse("p.md", text)
            .diagnostics
            .iter()
            .map(|d| {
                let l = d.location.as_ref();
                (d.name, l.map_or(0, |l| l.line), l.map_or(0, |l| l.column))
            })
            .collect()
    }

    const FULL: &str = "---
id: POL-AC
title: Access Control Policy
type: Policy
status: approved
version: 2.1
owner: Head of IT
approver: CISO
approved: 2025-03-01
classification: internal
last_reviewed: 2025-03-01
review_every: 12 months
controls: [A.5.15, A.8.2]
related:
  - POL-IS
history:
  - { version: \"2.1\", date: 2025-03-01, change: MFA }
---
# Body
";

    #[test]
    fn full_front_matter() {
        let (front, diagnostics) = parse_ok(FULL);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(front.id.value, "POL-AC");
        let at = |span: Span| {
            let l = span.locate("p.md", FULL);
            (l.line, l.column)
        };
        assert_eq!(at(front.id.span), (2, 5));
        assert_eq!(front.doc_type.as_deref(), Some("policy"));
        assert_eq!(front.status, Status::Approved);
        assert_eq!(front.version.as_deref(), Some("2.1"));
        assert_eq!(front.classification, Some(Classification::Internal));
        assert_eq!(front.controls.len(), 2);
        assert_eq!(at(front.controls[1].span), (13, 20));
        assert_eq!(at(front.related[0].span).0, 15);
        assert_eq!(front.history[0].change, "MFA");
    }

    #[test]
    fn missing_fields_point_at_the_opening_line() {
        assert_eq!(
            errors("---\nowner: x\n---\n"),
            vec![("missing-field", 1, 1), ("missing-field", 1, 1)]
        );
    }

    #[test]
    fn empty_values_are_not_set() {
        let (front, diagnostics) =
            parse_ok("---\nid: A\ntitle: T\nowner:\napproved:\ncontrols:\n---\n");
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert!(front.owner.is_none() && front.approved.is_none() && front.controls.is_empty());
        assert_eq!(
            errors("---\nid:\ntitle: T\n---\n"),
            vec![("missing-field", 1, 1)]
        );
    }

    #[test]
    fn unknown_field_is_a_warning_with_did_you_mean() {
        let (_, diagnostics) = parse_ok("---\nid: A\ntitle: T\nlast_reveiwed: 2025-01-01\n---\n");
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(diagnostics[0].name, "unknown-field");
        assert_eq!(diagnostics[0].level, crate::diagnostic::Level::Warning);
        assert_eq!(
            diagnostics[0].help.as_deref(),
            Some("did you mean `last_reviewed`?")
        );
        assert_eq!(diagnostics[0].location.as_ref().map(|l| l.line), Some(4));
    }

    #[test]
    fn field_errors_point_at_the_value() {
        let cases: &[(&str, (&str, usize, usize))] = &[
            ("approved: 2025-13-01", ("invalid-date", 4, 11)),
            ("last_reviewed: March 2025", ("invalid-date", 4, 16)),
            ("status: aproved", ("invalid-front-matter", 4, 9)),
            ("classification: secret", ("invalid-front-matter", 4, 17)),
            ("review_every: often", ("invalid-front-matter", 4, 15)),
            ("controls: {a: 1}", ("invalid-front-matter", 4, 11)),
            ("owner: [a, b]", ("invalid-front-matter", 4, 8)),
            ("history: 5", ("invalid-front-matter", 4, 10)),
        ];
        for (line, expected) in cases {
            let text = format!("---\nid: A\ntitle: T\n{line}\n---\n");
            assert_eq!(errors(&text), vec![*expected], "{line}");
        }
    }

    #[test]
    fn numeric_control_ids_keep_their_trailing_zeros() {
        let text = "---\nid: A\ntitle: T\ncontrols: [5.10, 8.20, A.5.1]\nrelated:\n  - 2024\n---\n";
        let (front, _) = parse_ok(text);
        let controls: Vec<(&str, usize)> = front
            .controls
            .iter()
            .map(|c| (c.value.as_str(), c.span.locate("p.md", text).column))
            .collect();
        assert_eq!(controls, vec![("5.10", 12), ("8.20", 18), ("A.5.1", 24)]);
        assert_eq!(front.related[0].value, "2024");
    }

    #[test]
    fn numbers_are_taken_as_written() {
        let (front, _) = parse_ok("---\nid: 0x1F\ntitle: 2024\nversion: 1.10 # minor\n---\n");
        assert_eq!(
            (front.id.value.as_str(), front.title.as_str()),
            ("0x1F", "2024")
        );
        assert_eq!(front.version.as_deref(), Some("1.10"));
    }

    #[test]
    fn ids_that_cannot_be_file_names() {
        for id in ["a/b", "../x", "with space", ".hidden", "-dash"] {
            let text = format!("---\nid: \"{id}\"\ntitle: T\n---\n");
            assert_eq!(errors(&text)[0].0, "invalid-id", "{id}");
        }
        assert!(valid_id("POL-AC.v2"));
    }

    #[test]
    fn status_did_you_mean() {
        let parsed = parse("p.md", "---\nid: A\ntitle: T\nstatus: aproved\n---\n");
        let help = parsed.diagnostics[0].help.as_deref().unwrap_or_default();
        assert!(help.starts_with("did you mean `approved`?"), "{help}");
    }

    #[test]
    fn front_matter_must_be_a_mapping() {
        assert_eq!(
            errors("---\n- a\n- b\n---\n"),
            vec![("invalid-front-matter", 2, 1)]
        );
    }
}
