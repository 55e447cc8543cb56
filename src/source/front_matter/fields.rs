//! Checking each front matter field and turning it into its typed value.

use serde_yaml::Value;

use super::control::DocumentControl;
use super::keys::KeyIndex;
use super::split::Split;
use super::types::{Classification, FrontMatter, KeySpans, Spanned, Status};
use crate::diagnostic::{did_you_mean, Diagnostic, Location, Span};

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
    "related",
    "history",
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

pub(super) struct Checker<'a> {
    pub(super) file: &'a str,
    pub(super) text: &'a str,
    pub(super) keys: KeyIndex,
    pub(super) diagnostics: Vec<Diagnostic>,
    /// The known key being checked ("" between keys).
    pub(super) current: &'static str,
    /// Known keys whose value had an error.
    pub(super) invalid: Vec<&'static str>,
    /// The lint of a value of the wrong shape: `invalid-front-matter` in a document,
    /// `invalid-soa` in soa.yaml.
    pub(super) invalid_lint: &'static crate::lint::Lint,
}

impl Checker<'_> {
    pub(super) fn key_span(&self, key: &str) -> Span {
        let offset = self.keys.key_offset(key).unwrap_or(0);
        Span::new(offset, key.len())
    }

    pub(super) fn key_location(&self, key: &str) -> Location {
        self.locate(self.key_span(key))
    }

    pub(super) fn value_span(&self, key: &str) -> Span {
        match self.keys.value_span(self.text, key) {
            Some((offset, len)) => Span::new(offset, len),
            None => self.key_span(key),
        }
    }

    pub(super) fn value_location(&self, key: &str) -> Location {
        self.locate(self.value_span(key))
    }

    pub(super) fn locate(&self, span: Span) -> Location {
        span.locate(self.file, self.text)
    }

    /// Reports an error about the value of the key being checked, which is then left unset.
    pub(super) fn error(
        &mut self,
        lint: &'static crate::lint::Lint,
        location: Location,
        message: String,
        help: String,
    ) {
        if !self.current.is_empty() && !self.invalid.contains(&self.current) {
            self.invalid.push(self.current);
        }
        self.diagnostics
            .push(lint.report(message).at(location).with_help(help));
    }

    pub(super) fn wrong_type(&mut self, key: &str, expected: &str, example: &str, found: &Value) {
        let location = self.value_location(key);
        self.error(
            self.invalid_lint,
            location,
            format!("`{key}` must be {expected}, found {}", describe(found)),
            format!("write it like `{key}: {example}`"),
        );
    }

    /// A scalar as text: strings as they are, numbers and booleans as YAML wrote them.
    /// A scalar as text. Numbers are taken as written in the file (`version: 1.10` is
    /// "1.10", `id: 0x1F` is "0x1F"), not as YAML's number.
    pub(super) fn scalar(&mut self, key: &str, value: &Value, example: &str) -> Option<String> {
        if let Value::Number(_) = value {
            if let Some((offset, len)) = self.keys.value_span(self.text, key) {
                let written = self.text[offset..offset + len].trim();
                if !written.is_empty() && written != key {
                    return Some(written.to_string());
                }
            }
        }
        match scalar_text(value) {
            Some(text) => Some(text),
            None => {
                self.wrong_type(key, "a single value", example, value);
                None
            }
        }
    }

    pub(super) fn text_field(&mut self, key: &str, value: &Value, example: &str) -> Option<String> {
        let text = self.scalar(key, value, example)?;
        if text.trim().is_empty() {
            let location = self.value_location(key);
            self.error(
                self.invalid_lint,
                location,
                format!("`{key}` is empty"),
                format!("write it like `{key}: {example}`, or remove the line"),
            );
            return None;
        }
        Some(text.trim().to_string())
    }

    pub(super) fn spanned_text(
        &mut self,
        key: &str,
        value: &Value,
        example: &str,
    ) -> Option<Spanned<String>> {
        let text = self.text_field(key, value, example)?;
        Some(Spanned {
            value: text,
            span: self.value_span(key),
        })
    }

    pub(super) fn choice<T: Copy>(
        &mut self,
        key: &str,
        value: &Value,
        options: &[(T, &'static str)],
    ) -> Option<T> {
        let names: Vec<&str> = options.iter().map(|(_, name)| *name).collect();
        let text = self.scalar(key, value, names[0])?;
        let normalised = text.trim().to_lowercase().replace(['_', ' '], "-");
        if let Some((choice, _)) = options.iter().find(|(_, name)| *name == normalised) {
            return Some(*choice);
        }
        let location = self.value_location(key);
        let help = match did_you_mean(&normalised, names.iter().copied()) {
            Some(name) => format!("did you mean `{name}`?"),
            None => format!("use one of: {}", names.join(", ")),
        };
        self.error(
            self.invalid_lint,
            location,
            format!(
                "`{text}` is not a valid {key}; expected one of {}",
                names.join(", ")
            ),
            help,
        );
        None
    }

    /// A list of scalars (a single scalar counts as a list of one), each with its location.
    /// Numbers are taken as written (`5.10` stays `5.10`, not the number 5.1).
    pub(super) fn list(&mut self, key: &str, value: &Value, example: &str) -> Vec<Spanned<String>> {
        let raw = self.keys.raw_items(self.text, key);
        let items: Vec<String> = match value {
            Value::Null => Vec::new(),
            Value::Sequence(seq) => {
                let mut items = Vec::with_capacity(seq.len());
                for (i, item) in seq.iter().enumerate() {
                    let written = match (item, raw.get(i)) {
                        (Value::Number(_), Some((_, text))) if raw.len() == seq.len() => {
                            Some(text.to_string())
                        }
                        _ => scalar_text(item),
                    };
                    match written {
                        Some(text) => items.push(text.trim().to_string()),
                        None => {
                            self.wrong_type(key, "a list of ids", example, item);
                            return Vec::new();
                        }
                    }
                }
                items
            }
            other => match scalar_text(other) {
                Some(text) => vec![text.trim().to_string()],
                None => {
                    self.wrong_type(key, "a list of ids", example, other);
                    return Vec::new();
                }
            },
        };
        let spans = if raw.len() == items.len() && raw.iter().zip(&items).all(|((_, r), i)| r == i)
        {
            raw.iter().map(|(offset, r)| (*offset, r.len())).collect()
        } else {
            self.keys.item_spans(self.text, key, &items)
        };
        items
            .into_iter()
            .zip(spans)
            .map(|(value, (offset, len))| Spanned {
                value,
                span: Span::new(offset, len),
            })
            .collect()
    }
}

pub(super) fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Tagged(tagged) => scalar_text(&tagged.value),
        _ => None,
    }
}

pub(super) fn describe(value: &Value) -> &'static str {
    match value {
        Value::Null => "nothing",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a text",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a mapping",
        Value::Tagged(_) => "a tagged value",
    }
}

/// Checks the parsed YAML `value` of the front matter of `file`.
pub fn check(
    file: &str,
    text: &str,
    parts: &Split,
    value: Value,
) -> (Option<FrontMatter>, Vec<Diagnostic>) {
    let opening_span = Span::new(0, 3);
    let opening = opening_span.locate(file, text);
    let mapping = match value {
        Value::Mapping(mapping) => mapping,
        Value::Null => serde_yaml::Mapping::new(),
        other => {
            let d = crate::lint::registry::INVALID_FRONT_MATTER
                .report(format!(
                    "the front matter must be a set of `key: value` lines, found {}",
                    describe(&other)
                ))
                .at(Location::in_text(file, text, parts.yaml.start, 1))
                .with_help("write one `key: value` per line, starting with `id:` and `title:`");
            return (None, vec![d]);
        }
    };
    let mut c = Checker {
        file,
        text,
        keys: KeyIndex::scan(text, parts.yaml.clone()),
        diagnostics: Vec::new(),
        current: "",
        invalid: Vec::new(),
        invalid_lint: &crate::lint::registry::INVALID_FRONT_MATTER,
    };

    let mut id = None;
    let mut control = DocumentControl::default();
    let mut title = None;
    let mut front = FrontMatter {
        id: Spanned {
            value: String::new(),
            span: opening_span,
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
        related: Vec::new(),
        history: Vec::new(),
        key_spans: KeySpans::default(),
        opening: opening_span,
        invalid: Vec::new(),
    };

    for (key, value) in &mapping {
        c.current = "";
        let Some(key) = scalar_text(key) else {
            let location = Location::in_text(file, text, parts.yaml.start, 1);
            c.error(
                &crate::lint::registry::INVALID_FRONT_MATTER,
                location,
                "front matter keys must be plain words".into(),
                "write one `key: value` per line".into(),
            );
            continue;
        };
        // `owner:` with nothing after it is YAML's null: the field is not set. For `id` and
        // `title` that is reported as a missing field below.
        if value.is_null() && KNOWN_KEYS.contains(&key.as_str()) {
            continue;
        }
        front.key_spans.insert(KNOWN_KEYS, &key, c.key_span(&key));
        c.current = KNOWN_KEYS
            .iter()
            .find(|&&k| k == key)
            .copied()
            .unwrap_or("");
        match key.as_str() {
            "id" => {
                if let Some(spanned) = c.spanned_text("id", value, "POL-AC") {
                    if valid_id(&spanned.value) {
                        id = Some(spanned);
                    } else {
                        c.error(
                            &crate::lint::registry::INVALID_ID,
                            c.locate(spanned.span),
                            format!("`{}` cannot be used as a document id", spanned.value),
                            "ids start with a letter or digit and use only letters, digits, `-`, `_` and `.` (no spaces, `/` or `..`), at most 64 characters".into(),
                        );
                    }
                }
            }
            "title" => title = c.text_field("title", value, "Access Control Policy"),
            "type" => {
                front.doc_type = c
                    .text_field("type", value, "policy")
                    .map(|t| t.to_lowercase())
            }
            "status" => {
                let options = Status::ALL.map(|s| (s, s.key()));
                if let Some(status) = c.choice("status", value, &options) {
                    front.status = status;
                }
            }
            "classification" => {
                let options = Classification::ALL.map(|s| (s, s.key()));
                // A classification that cannot be read counts as the highest: a build limited
                // by `--max-classification` never publishes the document by mistake.
                front.classification = c
                    .choice("classification", value, &options)
                    .or(Some(Classification::Restricted));
            }
            "controls" => front.controls = c.list("controls", value, "[A.5.15, A.8.2]"),
            "related" => front.related = c.list("related", value, "[POL-IS, PRO-JML]"),
            key if c.control_field(key, value, &mut control) => {}
            unknown => {
                let location = c.key_location(unknown);
                let help = match did_you_mean(unknown, KNOWN_KEYS.iter().copied()) {
                    Some(known) => format!("did you mean `{known}`?"),
                    None => format!("known fields: {}", KNOWN_KEYS.join(", ")),
                };
                c.diagnostics.push(
                    crate::lint::registry::UNKNOWN_FIELD
                        .report(format!("unknown field `{unknown}`"))
                        .grouped(
                            format!("documents have the unknown front matter field `{unknown}`"),
                            format!("{}:{}", location.file, location.line),
                            help.clone(),
                        )
                        .at(location)
                        .with_help(help),
                );
            }
        }
    }

    c.current = "";
    for (key, found, example) in [
        ("id", id.is_some(), "POL-AC"),
        ("title", title.is_some(), "Access Control Policy"),
    ] {
        if !found && !front.key_spans.contains_key(key) {
            c.error(
                &crate::lint::registry::MISSING_FIELD,
                opening.clone(),
                format!("the front matter has no `{key}`"),
                format!("add a line `{key}: {example}` to the front matter"),
            );
        }
    }
    // Like rustc, one mistake is one error: a document whose id can be used stays in the
    // model with the bad fields unset (and its id as title if the title is missing), so
    // references to it resolve and every other check still runs on it.
    let Some(id) = id else {
        return (None, c.diagnostics);
    };
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
    front.invalid = c.invalid;
    (Some(front), c.diagnostics)
}

#[cfg(test)]
mod tests {
    use super::super::parse;
    use super::*;

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
        assert_eq!(
            parsed.diagnostics[0].help.as_deref(),
            Some("did you mean `approved`?")
        );
    }

    #[test]
    fn front_matter_must_be_a_mapping() {
        assert_eq!(
            errors("---\n- a\n- b\n---\n"),
            vec![("invalid-front-matter", 2, 1)]
        );
    }
}
