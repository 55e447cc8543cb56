//! A management review record's own front matter fields (DESIGN.md, "Management reviews"),
//! read at file:line:col.

use jiff::civil::Date;

use crate::diagnostic::Span;
use crate::kinds::action::{read_actions, Action};
use crate::kinds::RecordData;
use crate::source::yaml::{Fields, Node, Reader};
use crate::source::Spanned;

/// The keys a management review adds to a document's front matter.
pub const KEYS: &[&str] = &[
    "date",
    "attendees",
    "top_management",
    "inputs",
    "decisions",
    "changes",
    "actions",
];

/// The inputs 9.3.2 requires a review to consider: (key, letter, what it is).
pub const INPUTS: [(&str, &str, &str); 10] = [
    (
        "previous_actions",
        "a",
        "the status of actions from previous management reviews",
    ),
    (
        "issues",
        "b",
        "changes in external and internal issues relevant to the ISMS",
    ),
    (
        "interested_parties",
        "c",
        "changes in needs and expectations of interested parties",
    ),
    (
        "nonconformities",
        "d1",
        "nonconformities and corrective actions",
    ),
    ("monitoring", "d2", "monitoring and measurement results"),
    ("audit_results", "d3", "audit results"),
    (
        "objectives",
        "d4",
        "fulfilment of information security objectives",
    ),
    ("feedback", "e", "feedback from interested parties"),
    (
        "risk",
        "f",
        "results of risk assessment and status of the risk treatment plan",
    ),
    (
        "improvement",
        "g",
        "opportunities for continual improvement",
    ),
];

/// One 9.3.2 input as written: its text (a list is joined as paragraphs) and place.
#[derive(Clone, Debug)]
pub struct Input {
    pub key: &'static str,
    pub items: Vec<String>,
    pub span: Span,
}

/// A management review's own fields; `status` is the document's record status.
#[derive(Clone, Debug, Default)]
pub struct ManagementReview {
    pub date: Option<Date>,
    pub attendees: Vec<String>,
    pub top_management: Vec<Spanned<String>>,
    /// The inputs written with something in them, in the order of `INPUTS`.
    pub inputs: Vec<Input>,
    pub decisions: Vec<String>,
    pub changes: Vec<String>,
    pub actions: Vec<Action>,
    pub key_spans: Vec<(&'static str, Span)>,
}

impl ManagementReview {
    pub fn span_of(&self, key: &str) -> Option<Span> {
        self.key_spans
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, s)| *s)
    }

    pub fn input(&self, key: &str) -> Option<&Input> {
        self.inputs.iter().find(|i| i.key == key)
    }

    /// The letters of the 9.3.2 inputs not recorded, in order.
    pub fn missing_inputs(&self) -> Vec<&'static str> {
        INPUTS
            .iter()
            .filter(|(key, _, _)| self.input(key).is_none())
            .map(|(_, letter, _)| *letter)
            .collect()
    }
}

/// Reads the management review keys of `fields`.
pub fn read(reader: &mut Reader, fields: &Fields) -> RecordData {
    let mut mr = ManagementReview::default();
    for (key, key_node, value) in fields.iter() {
        let Some(&known) = KEYS.iter().find(|&&k| k == key) else {
            continue;
        };
        if value.is_null() {
            continue;
        }
        mr.key_spans.push((known, key_node.span));
        let texts = |reader: &mut Reader, what: &str, example: &str| -> Vec<String> {
            reader
                .text_list(value, what, example)
                .into_iter()
                .map(|t| t.value)
                .filter(|t| !t.is_empty())
                .collect()
        };
        match known {
            "date" => mr.date = reader.date(value, "`date`", "2026-03-10"),
            "attendees" => mr.attendees = texts(reader, "`attendees`", "attendees: [CEO, CISO]"),
            "top_management" => {
                mr.top_management =
                    reader.text_list(value, "`top_management`", "top_management: [CEO]")
            }
            "inputs" => mr.inputs = read_inputs(reader, value),
            "decisions" => {
                mr.decisions = texts(
                    reader,
                    "`decisions`",
                    "decisions: [Fund a second SOC analyst]",
                )
            }
            "changes" => {
                mr.changes = texts(
                    reader,
                    "`changes`",
                    "changes: [Scope extended to the EU site]",
                )
            }
            "actions" => {
                mr.actions = read_actions(
                    reader,
                    value,
                    "a management review action",
                    "{ id: MR-2026-1-A1, action: Hire a SOC analyst, owner: CEO, due: 2026-06-30 }",
                )
            }
            _ => {}
        }
    }
    RecordData::ManagementReview(Box::new(mr))
}

fn read_inputs(reader: &mut Reader, node: &Node) -> Vec<Input> {
    let keys: Vec<&str> = INPUTS.iter().map(|(k, _, _)| *k).collect();
    let Some(fields) = reader.fields(
        node,
        "`inputs`",
        &keys,
        "inputs:\n  previous_actions: All three actions of MR-2025-1 done.\n  issues: …",
    ) else {
        return Vec::new();
    };
    let mut inputs = Vec::new();
    for (key, _, _) in INPUTS {
        let Some(value) = fields.get(key) else {
            continue;
        };
        let items: Vec<String> = reader
            .text_list(
                value,
                &format!("the input `{key}`"),
                "No changes this year.",
            )
            .into_iter()
            .map(|t| t.value)
            .filter(|t| !t.is_empty())
            .collect();
        if !items.is_empty() {
            inputs.push(Input {
                key,
                items,
                span: value.span,
            });
        }
    }
    inputs
}
