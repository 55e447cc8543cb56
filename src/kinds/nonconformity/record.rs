//! A nonconformity record's own front matter fields (DESIGN.md, "Nonconformities and
//! corrective actions"), read at file:line:col.

use jiff::civil::Date;

use crate::diagnostic::Span;
use crate::kinds::action::{read_actions, Action};
use crate::kinds::RecordData;
use crate::source::yaml::{Fields, Node, Reader};
use crate::source::Spanned;

/// The keys a nonconformity adds to a document's front matter.
pub const KEYS: &[&str] = &[
    "grade",
    "source",
    "raised",
    "correction",
    "root_cause",
    "actions",
    "effectiveness",
];

/// How serious a nonconformity is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Grade {
    Major,
    Minor,
    Observation,
    Opportunity,
}

impl Grade {
    pub const ALL: [Grade; 4] = [
        Grade::Major,
        Grade::Minor,
        Grade::Observation,
        Grade::Opportunity,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Grade::Major => "major",
            Grade::Minor => "minor",
            Grade::Observation => "observation",
            Grade::Opportunity => "opportunity",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Grade::Major => "Major",
            Grade::Minor => "Minor",
            Grade::Observation => "Observation",
            Grade::Opportunity => "Opportunity for improvement",
        }
    }
}

/// The check that the corrective action worked (10.2 d).
#[derive(Clone, Debug)]
pub struct Effectiveness {
    pub due: Option<Date>,
    pub checked: Option<Date>,
    pub by: Option<String>,
    pub effective: Option<bool>,
    pub span: Span,
}

/// A nonconformity's own fields; `owner`, `controls`, `clauses` and `status` are the
/// document's.
#[derive(Clone, Debug, Default)]
pub struct Nonconformity {
    pub grade: Option<Grade>,
    pub source: Option<Spanned<String>>,
    pub raised: Option<Date>,
    pub correction: Option<String>,
    pub root_cause: Option<String>,
    pub actions: Vec<Action>,
    pub effectiveness: Option<Effectiveness>,
    /// Where each of the keys above was written.
    pub key_spans: Vec<(&'static str, Span)>,
}

impl Nonconformity {
    pub fn span_of(&self, key: &str) -> Option<Span> {
        self.key_spans
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, s)| *s)
    }
}

/// Reads the nonconformity keys of `fields`; `grade` and `raised` must be there.
pub fn read(reader: &mut Reader, fields: &Fields) -> RecordData {
    let mut nc = Nonconformity::default();
    for key in ["grade", "raised"] {
        if fields.get(key).is_none() {
            let example = if key == "grade" {
                "minor"
            } else {
                "2026-02-12"
            };
            let span = Span::new(fields.node.span.offset as usize, 1);
            reader.error(
                span,
                format!("a nonconformity has no `{key}`"),
                format!("add `{key}: {example}`"),
            );
        }
    }
    for (key, key_node, value) in fields.iter() {
        let Some(&known) = KEYS.iter().find(|&&k| k == key) else {
            continue;
        };
        if value.is_null() {
            continue;
        }
        nc.key_spans.push((known, key_node.span));
        match known {
            "grade" => {
                let keys = Grade::ALL.map(Grade::key);
                nc.grade = reader
                    .choice(value, "`grade`", &keys)
                    .and_then(|k| Grade::ALL.into_iter().find(|g| g.key() == k));
            }
            "source" => nc.source = reader.nonempty_text(value, "`source`", "source: IA-2026-1"),
            "raised" => nc.raised = reader.date(value, "`raised`", "2026-02-12"),
            "correction" => {
                nc.correction = reader
                    .nonempty_text(value, "`correction`", "correction: Q3 review done late")
                    .map(|t| t.value)
            }
            "root_cause" => {
                nc.root_cause = reader
                    .nonempty_text(value, "`root_cause`", "root_cause: No reminder")
                    .map(|t| t.value)
            }
            "actions" => nc.actions = read_actions(
                reader,
                value,
                "a corrective action",
                "{ action: Quarterly review in the runbook, owner: Head of IT, due: 2026-03-31 }",
            ),
            "effectiveness" => nc.effectiveness = read_effectiveness(reader, value),
            _ => {}
        }
    }
    RecordData::Nonconformity(Box::new(nc))
}

fn read_effectiveness(reader: &mut Reader, node: &Node) -> Option<Effectiveness> {
    let example = "{ due: 2026-07-31, checked: 2026-07-10, by: CISO, effective: true }";
    let fields = reader.fields(
        node,
        "`effectiveness`",
        &["due", "checked", "by", "effective"],
        example,
    )?;
    let date = |reader: &mut Reader, key: &str| {
        fields
            .get(key)
            .and_then(|v| reader.date(v, &format!("`effectiveness` `{key}`"), "2026-07-31"))
    };
    let due = date(reader, "due");
    let checked = date(reader, "checked");
    let by = fields
        .get("by")
        .and_then(|v| reader.nonempty_text(v, "`effectiveness` `by`", "CISO"))
        .map(|t| t.value);
    let effective = fields
        .get("effective")
        .and_then(|v| reader.choice(v, "`effectiveness` `effective`", &["true", "false"]))
        .map(|v| v == "true");
    Some(Effectiveness {
        due,
        checked,
        by,
        effective,
        span: node.span,
    })
}
