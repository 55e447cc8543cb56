//! obligations.yaml (A.5.31): the legal, statutory, regulatory and contractual requirements,
//! read and checked at file:line:col with the key or value it probably meant.

use std::path::Path;

use jiff::civil::Date;

use crate::calendar::Interval;
use crate::diagnostic::{Diagnostic, Location, Span};
use crate::lint::registry::UNKNOWN_FIELD;
use crate::source::yaml::{Fields, Node, Reader};

use super::lints::INVALID_OBLIGATIONS;

pub const FILE: &str = "obligations.yaml";

const KEYS: &[&str] = &[
    "id",
    "title",
    "kind",
    "jurisdiction",
    "source",
    "owner",
    "applies_to",
    "controls",
    "status",
    "last_reviewed",
    "review_every",
    "nonconformities",
    "actions",
];

const EXAMPLE: &str = "obligations:\n  - id: OBL-GDPR\n    title: General Data Protection Regulation\n    kind: regulation\n    jurisdiction: EU\n    source: Regulation (EU) 2016/679\n    owner: DPO\n    controls: [A.5.34]\n    status: compliant\n    last_reviewed: 2026-03-01\n    review_every: 12 months";

/// What kind of requirement it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ObligationKind {
    Law,
    Regulation,
    Contract,
    Standard,
}

impl ObligationKind {
    pub const ALL: [ObligationKind; 4] = [
        ObligationKind::Law,
        ObligationKind::Regulation,
        ObligationKind::Contract,
        ObligationKind::Standard,
    ];

    pub fn key(self) -> &'static str {
        match self {
            ObligationKind::Law => "law",
            ObligationKind::Regulation => "regulation",
            ObligationKind::Contract => "contract",
            ObligationKind::Standard => "standard",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ObligationKind::Law => "Law",
            ObligationKind::Regulation => "Regulation",
            ObligationKind::Contract => "Contract",
            ObligationKind::Standard => "Standard",
        }
    }
}

/// How far the organisation complies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Compliance {
    Compliant,
    Partial,
    NonCompliant,
}

impl Compliance {
    pub const ALL: [Compliance; 3] = [
        Compliance::Compliant,
        Compliance::Partial,
        Compliance::NonCompliant,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Compliance::Compliant => "compliant",
            Compliance::Partial => "partial",
            Compliance::NonCompliant => "non-compliant",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Compliance::Compliant => "Compliant",
            Compliance::Partial => "Partially compliant",
            Compliance::NonCompliant => "Non-compliant",
        }
    }
}

/// An action planned to reach compliance.
#[derive(Clone, Debug)]
pub struct ObligationAction {
    pub action: String,
    pub owner: Option<String>,
    pub due: Option<Date>,
    pub done: Option<Date>,
}

/// One requirement.
#[derive(Clone, Debug)]
pub struct Obligation {
    pub id: String,
    pub title: String,
    pub kind: Option<ObligationKind>,
    pub jurisdiction: Option<String>,
    /// The citation or address of the text.
    pub source: Option<String>,
    pub owner: Option<String>,
    pub applies_to: Vec<String>,
    /// Control ids as written, with their places.
    pub controls: Vec<(String, Location)>,
    pub status: Option<Compliance>,
    pub last_reviewed: Option<Date>,
    pub review_every: Option<Interval>,
    /// Ids of nonconformity records, with their places.
    pub nonconformities: Vec<(String, Location)>,
    pub actions: Vec<ObligationAction>,
    /// The entry.
    pub at: Location,
    /// Where `status` is written (the entry when it is not).
    pub status_at: Location,
}

/// The register, in file order.
#[derive(Clone, Debug, Default)]
pub struct Obligations {
    pub obligations: Vec<Obligation>,
}

/// Reads obligations.yaml of `project`.
pub fn load(project: &Path) -> (Option<Obligations>, Vec<Diagnostic>) {
    match crate::kinds::data_file::read(project, FILE, &INVALID_OBLIGATIONS) {
        Ok(Some(text)) => parse(FILE, &text),
        Ok(None) => (None, Vec::new()),
        Err(problems) => (None, problems),
    }
}

/// Parses `text` (the file `file`): `obligations:` with a list of entries.
pub fn parse(file: &str, text: &str) -> (Option<Obligations>, Vec<Diagnostic>) {
    let mut reader = Reader::new(file, text, &INVALID_OBLIGATIONS, &UNKNOWN_FIELD);
    let Some(root) = reader.parse() else {
        return (None, reader.diagnostics);
    };
    let mut register = Obligations::default();
    if let Some(fields) = reader.fields(&root, file, &["obligations"], EXAMPLE) {
        if let Some(list) = reader.required(&fields, "obligations", file, "[…]") {
            for item in reader.list(list, "`obligations`", EXAMPLE) {
                let Some(obligation) = read_one(&mut reader, item) else {
                    continue;
                };
                if let Some(first) = register
                    .obligations
                    .iter()
                    .find(|o| o.id.eq_ignore_ascii_case(&obligation.id))
                {
                    let diagnostic = INVALID_OBLIGATIONS
                        .report(format!(
                            "the obligation id `{}` is used twice",
                            obligation.id
                        ))
                        .at(obligation.at.clone())
                        .with_related(first.at.clone(), "first used here")
                        .with_help("give each obligation its own id");
                    reader.diagnostics.push(diagnostic);
                    continue;
                }
                register.obligations.push(obligation);
            }
        }
    }
    (Some(register), reader.diagnostics)
}

fn read_one(reader: &mut Reader, node: &Node) -> Option<Obligation> {
    let fields = reader.fields(node, "an obligation", KEYS, EXAMPLE)?;
    let at = reader.locate(Span::new(node.span.offset as usize, 1));
    let id = reader
        .required(&fields, "id", "an obligation", "OBL-GDPR")
        .and_then(|v| reader.nonempty_text(v, "the obligation's `id`", "OBL-GDPR"));
    let title = reader
        .required(
            &fields,
            "title",
            "an obligation",
            "General Data Protection Regulation",
        )
        .and_then(|v| reader.nonempty_text(v, "the obligation's `title`", "GDPR"));
    let text = |reader: &mut Reader, key: &str, example: &str| {
        fields
            .get(key)
            .and_then(|v| reader.nonempty_text(v, &format!("the obligation's `{key}`"), example))
            .map(|t| t.value)
    };
    let jurisdiction = text(reader, "jurisdiction", "EU");
    let source = text(reader, "source", "Regulation (EU) 2016/679");
    let owner = text(reader, "owner", "DPO");
    let kind = fields.get("kind").and_then(|v| {
        let keys = ObligationKind::ALL.map(ObligationKind::key);
        reader
            .choice(v, "the obligation's `kind`", &keys)
            .and_then(|k| ObligationKind::ALL.into_iter().find(|c| c.key() == k))
    });
    let status = fields.get("status").and_then(|v| {
        let keys = Compliance::ALL.map(Compliance::key);
        reader
            .choice(v, "the obligation's `status`", &keys)
            .and_then(|k| Compliance::ALL.into_iter().find(|c| c.key() == k))
    });
    let status_at = fields
        .get("status")
        .map_or_else(|| at.clone(), |v| reader.locate(v.span));
    let placed = |reader: &mut Reader, key: &str, example: &str| {
        fields
            .get(key)
            .map(|v| reader.text_list(v, &format!("the obligation's `{key}`"), example))
            .unwrap_or_default()
            .into_iter()
            .map(|s| (s.value.clone(), reader.locate(s.span)))
            .collect::<Vec<_>>()
    };
    let controls = placed(reader, "controls", "[A.5.31, A.5.34]");
    let nonconformities = placed(reader, "nonconformities", "[NC-2026-03]");
    let applies_to = placed(reader, "applies_to", "[Customer data, AS-CRM]")
        .into_iter()
        .map(|(s, _)| s)
        .collect();
    let last_reviewed = fields
        .get("last_reviewed")
        .and_then(|v| reader.date(v, "the obligation's `last_reviewed`", "2026-03-01"));
    let review_every = fields
        .get("review_every")
        .and_then(|v| reader.interval(v, "the obligation's `review_every`", "12 months"));
    let actions = read_actions(reader, &fields);
    Some(Obligation {
        id: id?.value,
        title: title?.value,
        kind,
        jurisdiction,
        source,
        owner,
        applies_to,
        controls,
        status,
        last_reviewed,
        review_every,
        nonconformities,
        actions,
        at,
        status_at,
    })
}

fn read_actions(reader: &mut Reader, fields: &Fields) -> Vec<ObligationAction> {
    let example = "{ action: Sign the DPA with the payroll provider, owner: DPO, due: 2026-12-31 }";
    let Some(list) = fields.get("actions") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for item in reader.list(list, "the obligation's `actions`", example) {
        let Some(fields) = reader.fields(
            item,
            "an action",
            &["action", "owner", "due", "done"],
            example,
        ) else {
            continue;
        };
        let action = reader
            .required(&fields, "action", "an action", "Sign the DPA")
            .and_then(|v| reader.nonempty_text(v, "the action's `action`", "Sign the DPA"));
        let owner = fields
            .get("owner")
            .and_then(|v| reader.nonempty_text(v, "the action's `owner`", "DPO"))
            .map(|t| t.value);
        let due = fields
            .get("due")
            .and_then(|v| reader.date(v, "the action's `due`", "2026-12-31"));
        let done = fields
            .get("done")
            .and_then(|v| reader.date(v, "the action's `done`", "2026-12-01"));
        if let Some(action) = action {
            out.push(ObligationAction {
                action: action.value,
                owner,
                due,
                done,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_values_are_placed_with_what_is_right() {
        let text = "obligations:\n  - id: OBL-1\n    title: GDPR\n    kind: regulaton\n    status: non compliant\n    last_reviewed: 2026-13-01\n    contrls: [A.5.34]\n  - { id: obl-1, title: Again }\n  - { title: No id }\n";
        let (register, problems) = parse(FILE, text);
        let register = register.unwrap();
        assert_eq!(register.obligations.len(), 1);
        assert_eq!(
            register.obligations[0].status,
            Some(Compliance::NonCompliant)
        );
        let got: Vec<(&str, usize, usize)> = problems
            .iter()
            .map(|d| {
                let at = d.location.as_ref().unwrap();
                (d.name, at.line, at.column)
            })
            .collect();
        assert_eq!(
            got,
            [
                ("unknown-field", 7, 5),
                ("invalid-obligations", 4, 11),
                ("invalid-date", 6, 20),
                ("invalid-obligations", 8, 5),
                ("invalid-obligations", 9, 5),
            ]
        );
        assert!(problems[1]
            .help
            .as_deref()
            .unwrap()
            .starts_with("did you mean `regulation`?"));
        assert_eq!(
            problems[0].help.as_deref(),
            Some("did you mean `controls`?")
        );
    }

    #[test]
    fn actions_and_unreadable_files_are_checked() {
        let text = "obligations:\n  - id: O\n    title: T\n    actions:\n      - { owner: DPO, due: someday }\n      - { action: Sign, due: 2027-01-01 }\n";
        let (register, problems) = parse(FILE, text);
        let register = register.unwrap();
        assert_eq!(register.obligations[0].actions.len(), 1);
        let got: Vec<(&str, usize)> = problems
            .iter()
            .map(|d| (d.name, d.location.as_ref().unwrap().line))
            .collect();
        assert_eq!(got, [("invalid-obligations", 5), ("invalid-date", 5)]);
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(FILE), b"\xff").unwrap();
        let (register, problems) = load(dir.path());
        assert!(register.is_none());
        assert_eq!(problems[0].message, "obligations.yaml is not UTF-8 text");
    }
}
