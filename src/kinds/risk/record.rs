//! A risk record's own front matter fields (DESIGN.md, "Risks"), read at file:line:col.

use jiff::civil::Date;

use crate::diagnostic::Span;
use crate::kinds::RecordData;
use crate::source::yaml::{Fields, Node, Reader};
use crate::source::Spanned;

/// The keys a risk adds to a document's front matter.
pub const KEYS: &[&str] = &[
    "identified",
    "assets",
    "threat",
    "vulnerability",
    "inherent",
    "treatment",
    "actions",
    "residual",
    "acceptance",
];

/// How a risk is treated (6.1.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Treatment {
    Mitigate,
    Accept,
    Avoid,
    Transfer,
}

impl Treatment {
    pub const ALL: [Treatment; 4] = [
        Treatment::Mitigate,
        Treatment::Accept,
        Treatment::Avoid,
        Treatment::Transfer,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Treatment::Mitigate => "mitigate",
            Treatment::Accept => "accept",
            Treatment::Avoid => "avoid",
            Treatment::Transfer => "transfer",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Treatment::Mitigate => "Mitigate",
            Treatment::Accept => "Accept",
            Treatment::Avoid => "Avoid",
            Treatment::Transfer => "Transfer",
        }
    }
}

/// A likelihood and an impact as written: a number on the scale or one of its names, checked
/// against risk-criteria.yaml by the lints (the criteria are not known while reading).
#[derive(Clone, Debug)]
pub struct Rating {
    pub likelihood: Spanned<String>,
    pub impact: Spanned<String>,
    /// The whole `{ likelihood, impact }` value.
    pub span: Span,
}

pub use crate::kinds::action::Action;

/// The acceptance of the residual risk (6.1.3 f).
#[derive(Clone, Debug)]
pub struct Acceptance {
    pub by: Spanned<String>,
    pub date: Option<Date>,
    pub expires: Option<Date>,
    pub span: Span,
}

/// A risk's own fields; `owner`, `controls`, `status` and the review dates are the
/// document's.
#[derive(Clone, Debug, Default)]
pub struct Risk {
    pub identified: Option<Date>,
    pub assets: Vec<Spanned<String>>,
    pub threat: Option<String>,
    pub vulnerability: Option<String>,
    pub inherent: Option<Rating>,
    pub treatment: Option<Spanned<Treatment>>,
    pub actions: Vec<Action>,
    pub residual: Option<Rating>,
    pub acceptance: Option<Acceptance>,
    /// Where each of the keys above was written.
    pub key_spans: Vec<(&'static str, Span)>,
}

impl Risk {
    pub fn span_of(&self, key: &str) -> Option<Span> {
        self.key_spans
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, s)| *s)
    }

    /// Actions not done yet.
    pub fn open_actions(&self) -> impl Iterator<Item = &Action> {
        self.actions.iter().filter(|a| a.done.is_none())
    }
}

/// Reads the risk keys of `fields`.
pub fn read(reader: &mut Reader, fields: &Fields) -> RecordData {
    let mut risk = Risk::default();
    for (key, key_node, value) in fields.iter() {
        let Some(&known) = KEYS.iter().find(|&&k| k == key) else {
            continue;
        };
        if value.is_null() {
            continue;
        }
        risk.key_spans.push((known, key_node.span));
        match known {
            "identified" => risk.identified = reader.date(value, "`identified`", "2026-02-10"),
            "assets" => risk.assets = reader.text_list(value, "`assets`", "assets: [AS-DB-PROD]"),
            "threat" => {
                risk.threat = reader
                    .nonempty_text(
                        value,
                        "`threat`",
                        "threat: Ransomware through phished credentials",
                    )
                    .map(|t| t.value)
            }
            "vulnerability" => {
                risk.vulnerability = reader
                    .nonempty_text(
                        value,
                        "`vulnerability`",
                        "vulnerability: Shared administrator credentials",
                    )
                    .map(|t| t.value)
            }
            "inherent" => risk.inherent = read_rating(reader, value, "`inherent`"),
            "residual" => risk.residual = read_rating(reader, value, "`residual`"),
            "treatment" => {
                let keys = Treatment::ALL.map(Treatment::key);
                risk.treatment = reader
                    .choice(value, "`treatment`", &keys)
                    .and_then(|k| Treatment::ALL.into_iter().find(|t| t.key() == k))
                    .map(|t| Spanned {
                        value: t,
                        span: value.span,
                    });
            }
            "actions" => {
                risk.actions = crate::kinds::action::read_actions(
                    reader,
                    value,
                    "a treatment action",
                    "{ id: RT-1, action: Immutable backups, owner: SRE Lead, due: 2026-03-31 }",
                )
            }
            "acceptance" => risk.acceptance = read_acceptance(reader, value),
            _ => {}
        }
    }
    RecordData::Risk(Box::new(risk))
}

fn read_rating(reader: &mut Reader, node: &Node, what: &str) -> Option<Rating> {
    let example = "{ likelihood: 4, impact: 5 }";
    let fields = reader.fields(node, what, &["likelihood", "impact"], example)?;
    let mut part = |key: &str| {
        let value = reader.required(&fields, key, what, "3")?;
        reader.nonempty_text(value, &format!("{what} {key}"), "3")
    };
    let likelihood = part("likelihood");
    let impact = part("impact");
    Some(Rating {
        likelihood: likelihood?,
        impact: impact?,
        span: node.span,
    })
}

fn read_acceptance(reader: &mut Reader, node: &Node) -> Option<Acceptance> {
    let example = "{ by: CEO, date: 2026-04-02, expires: 2027-04-02 }";
    let fields = reader.fields(node, "`acceptance`", &["by", "date", "expires"], example)?;
    let by = reader
        .required(&fields, "by", "`acceptance`", "CEO")
        .and_then(|v| reader.nonempty_text(v, "`acceptance` `by`", "CEO"));
    let date = fields
        .get("date")
        .and_then(|v| reader.date(v, "`acceptance` `date`", "2026-04-02"));
    let expires = fields
        .get("expires")
        .and_then(|v| reader.date(v, "`acceptance` `expires`", "2027-04-02"));
    Some(Acceptance {
        by: by?,
        date,
        expires,
        span: node.span,
    })
}
