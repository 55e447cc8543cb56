//! A supplier record's own front matter fields (DESIGN.md, "Suppliers, assets and
//! obligations"), read at file:line:col.

use jiff::civil::Date;

use crate::calendar::Interval;
use crate::diagnostic::Span;
use crate::kinds::RecordData;
use crate::source::yaml::{Fields, Node, Reader};
use crate::source::{Classification, Spanned};

/// The keys a supplier adds to a document's front matter.
pub const KEYS: &[&str] = &[
    "criticality",
    "services",
    "data",
    "certifications",
    "contract",
    "dpa",
    "last_assessed",
    "assess_every",
    "assets",
];

/// How much the organisation depends on a supplier (A.5.19).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Criticality {
    Low,
    Medium,
    High,
    Critical,
}

impl Criticality {
    pub const ALL: [Criticality; 4] = [
        Criticality::Low,
        Criticality::Medium,
        Criticality::High,
        Criticality::Critical,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Criticality::Low => "low",
            Criticality::Medium => "medium",
            Criticality::High => "high",
            Criticality::Critical => "critical",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Criticality::Low => "Low",
            Criticality::Medium => "Medium",
            Criticality::High => "High",
            Criticality::Critical => "Critical",
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

/// A certificate the supplier holds (ISO/IEC 27001, SOC 2…).
#[derive(Clone, Debug)]
pub struct Certification {
    pub standard: String,
    pub expires: Option<Date>,
    pub span: Span,
}

/// The contract with the supplier (A.5.20).
#[derive(Clone, Debug, Default)]
pub struct Contract {
    pub start: Option<Date>,
    pub end: Option<Date>,
    pub clauses: Vec<Spanned<String>>,
    pub span: Span,
}

/// The data processing agreement: signed (on a date, when given) or not.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dpa {
    pub signed: bool,
    pub date: Option<Date>,
    pub span: Span,
}

/// A supplier's own fields; `owner`, `status` and the title are the document's.
#[derive(Clone, Debug, Default)]
pub struct Supplier {
    pub criticality: Option<Spanned<Criticality>>,
    pub services: Vec<String>,
    pub data: Option<Spanned<Classification>>,
    pub certifications: Vec<Certification>,
    pub contract: Option<Contract>,
    pub dpa: Option<Dpa>,
    pub last_assessed: Option<Date>,
    pub assess_every: Option<Interval>,
    /// The assets (ids of assets.yaml) the supplier provides or hosts.
    pub assets: Vec<Spanned<String>>,
    /// Where each of the keys above was written.
    pub key_spans: Vec<(&'static str, Span)>,
}

impl Supplier {
    pub fn span_of(&self, key: &str) -> Option<Span> {
        self.key_spans
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, s)| *s)
    }
}

/// Reads the supplier keys of `fields`.
pub fn read(reader: &mut Reader, fields: &Fields) -> RecordData {
    let mut supplier = Supplier::default();
    for (key, key_node, value) in fields.iter() {
        let Some(&known) = KEYS.iter().find(|&&k| k == key) else {
            continue;
        };
        if value.is_null() {
            continue;
        }
        supplier.key_spans.push((known, key_node.span));
        match known {
            "criticality" => {
                let keys = Criticality::ALL.map(Criticality::key);
                supplier.criticality = reader
                    .choice(value, "`criticality`", &keys)
                    .and_then(|k| Criticality::ALL.into_iter().find(|c| c.key() == k))
                    .map(|c| Spanned {
                        value: c,
                        span: value.span,
                    });
            }
            "services" => {
                supplier.services = reader
                    .text_list(value, "`services`", "services: [Cloud hosting, Backups]")
                    .into_iter()
                    .map(|s| s.value)
                    .collect()
            }
            "data" => {
                let keys = Classification::ALL.map(Classification::key);
                supplier.data = reader
                    .choice(
                        value,
                        "`data` (the highest classification it handles)",
                        &keys,
                    )
                    .and_then(|k| Classification::ALL.into_iter().find(|c| c.key() == k))
                    .map(|c| Spanned {
                        value: c,
                        span: value.span,
                    });
            }
            "certifications" => {
                let example =
                    "certifications:\n  - { standard: ISO/IEC 27001, expires: 2027-05-31 }";
                for item in reader.list(value, "`certifications`", example) {
                    if let Some(c) = read_certification(reader, item) {
                        supplier.certifications.push(c);
                    }
                }
            }
            "contract" => supplier.contract = read_contract(reader, value),
            "dpa" => supplier.dpa = read_dpa(reader, value),
            "last_assessed" => {
                supplier.last_assessed = reader.date(value, "`last_assessed`", "2026-03-15")
            }
            "assess_every" => {
                supplier.assess_every = reader.interval(value, "`assess_every`", "12 months")
            }
            "assets" => supplier.assets = reader.text_list(value, "`assets`", "assets: [AS-CRM]"),
            _ => {}
        }
    }
    RecordData::Supplier(Box::new(supplier))
}

fn read_certification(reader: &mut Reader, node: &Node) -> Option<Certification> {
    let example = "{ standard: ISO/IEC 27001, expires: 2027-05-31 }";
    let fields = reader.fields(node, "a certification", &["standard", "expires"], example)?;
    let standard = reader
        .required(&fields, "standard", "a certification", "ISO/IEC 27001")
        .and_then(|v| reader.nonempty_text(v, "the certification's `standard`", "ISO/IEC 27001"));
    let expires = fields
        .get("expires")
        .and_then(|v| reader.date(v, "the certification's `expires`", "2027-05-31"));
    Some(Certification {
        standard: standard?.value,
        expires,
        span: node.span,
    })
}

fn read_contract(reader: &mut Reader, node: &Node) -> Option<Contract> {
    let example =
        "{ start: 2024-01-01, end: 2026-12-31, clauses: [confidentiality, right-to-audit] }";
    let fields = reader.fields(node, "`contract`", &["start", "end", "clauses"], example)?;
    let start = fields
        .get("start")
        .and_then(|v| reader.date(v, "the contract's `start`", "2024-01-01"));
    let end = fields
        .get("end")
        .and_then(|v| reader.date(v, "the contract's `end`", "2026-12-31"));
    let clauses = fields
        .get("clauses")
        .map(|v| reader.text_list(v, "the contract's `clauses`", "[confidentiality]"))
        .unwrap_or_default();
    if let (Some(s), Some(e), Some(end_node)) = (start, end, fields.get("end")) {
        if e < s {
            reader.error(
                end_node.span,
                format!("the contract ends ({e}) before it starts ({s})"),
                "check the contract's `start` and `end` dates",
            );
        }
    }
    Some(Contract {
        start,
        end,
        clauses,
        span: node.span,
    })
}

/// `dpa: true|false|yes|no` or the date the agreement was signed.
fn read_dpa(reader: &mut Reader, node: &Node) -> Option<Dpa> {
    let text = reader.text(node, "`dpa`", "dpa: 2025-04-01")?;
    let signed = match text.value.to_lowercase().as_str() {
        "true" | "yes" => Some(true),
        "false" | "no" => Some(false),
        _ => None,
    };
    if let Some(signed) = signed {
        return Some(Dpa {
            signed,
            date: None,
            span: node.span,
        });
    }
    match crate::calendar::parse_date(&text.value) {
        Ok(date) => Some(Dpa {
            signed: true,
            date: Some(date),
            span: node.span,
        }),
        Err(_) => {
            reader.error(
                node.span,
                format!(
                    "`dpa` must be `true`, `false` or the date it was signed, not `{}`",
                    text.value
                ),
                "write `dpa: 2025-04-01` (signed on that date), `dpa: true` or `dpa: false`",
            );
            None
        }
    }
}
