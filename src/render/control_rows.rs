//! One row per Annex A control, joining the catalogue, the SoA decision and the implementing
//! documents: the data behind the SoA page, the control pages and the exports.

use serde::Serialize;

use crate::catalog::{catalog, Control};
use crate::model::coverage::covers_in_site;
use crate::model::{Document, Isms};
use crate::source::soa::Decision;

use super::urls::{control_href, control_page};
use super::view::DocSummary;

/// A value with a key for CSS classes and filters, and a label for people.
#[derive(Serialize, Clone, Copy)]
pub struct Labelled {
    pub key: &'static str,
    pub label: &'static str,
}

/// One control as the SoA shows it. `D` is how its documents are shown: in full on control
/// pages, as links on the SoA page, by id in the print view (at 10,000 documents the rows
/// name 50,000 documents, and every field of every one costs the templates memory).
#[derive(Serialize)]
pub struct ControlRow<'a, D = DocSummary<'a>> {
    pub id: String,
    pub title: &'a str,
    pub page: String,
    pub href: String,
    pub theme: Labelled,
    pub new_in_2022: bool,
    /// yes / no / undecided.
    pub applicable: Labelled,
    pub justification: Option<&'a str>,
    /// Why it was selected (`reasons:`): key and short label, in the order of `Reason::ALL`.
    pub reasons: Vec<Labelled>,
    /// implemented / partial / planned / not-implemented / none.
    pub status: Labelled,
    pub documents: Vec<D>,
    /// The risks that selected the control (`controls:` of a risk record): its reason for
    /// inclusion from the risk assessment (6.1.3 d).
    pub risks: Vec<RiskLink>,
    /// Applicable and listed by an approved document.
    pub covered: bool,
    /// Applicable and not covered.
    pub gap: bool,
}

/// A risk that selected a control, linked to its page.
#[derive(Serialize, Clone)]
pub struct RiskLink {
    pub id: String,
    pub title: String,
    pub href: String,
}

/// Yes / No / Not decided, from a decision of soa.yaml or an applicability file.
pub fn applicable_of(decision: Option<&Decision>) -> Labelled {
    match decision {
        Some(d) if d.applicable => Labelled {
            key: "yes",
            label: "Yes",
        },
        Some(_) => Labelled {
            key: "no",
            label: "No",
        },
        None => Labelled {
            key: "undecided",
            label: "Not decided",
        },
    }
}

/// The implementation status of a decision, or `none`.
pub fn status_of(decision: Option<&Decision>) -> Labelled {
    match decision.and_then(|d| d.status) {
        Some(s) => Labelled {
            key: s.key(),
            label: s.label(),
        },
        None => Labelled {
            key: "none",
            label: "—",
        },
    }
}

/// The row of `control`, with links relative to `root`.
pub fn row<'a>(isms: &'a Isms, control: &'a Control, root: &str) -> ControlRow<'a> {
    row_with(isms, control, root, |d| DocSummary::new(d, root))
}

/// The row of `control`, its documents shown by `document`.
pub fn row_with<'a, D>(
    isms: &'a Isms,
    control: &'a Control,
    root: &str,
    document: impl Fn(&'a Document) -> D,
) -> ControlRow<'a, D> {
    let decision = isms.soa.decisions.get(&control.id);
    let indexes = isms.documents_for_control(&control.id);
    let applicable = decision.is_some_and(|d| d.applicable);
    let covered = applicable && indexes.iter().any(|&i| covers_in_site(&isms.documents[i]));
    let risks: Vec<RiskLink> = isms
        .records_for_control(&control.id)
        .iter()
        .map(|&i| &isms.documents[i])
        .filter(|d| {
            d.published
                && d.source
                    .front
                    .record
                    .as_ref()
                    .is_some_and(|r| r.risk().is_some())
        })
        .map(|d| RiskLink {
            id: d.id().to_string(),
            title: d.title().to_string(),
            href: super::urls::document_href(root, d),
        })
        .collect();
    let mut reasons: Vec<Labelled> = decision
        .map(|d| {
            d.reasons
                .iter()
                .map(|r| Labelled {
                    key: r.key(),
                    label: r.short_label(),
                })
                .collect()
        })
        .unwrap_or_default();
    // A risk that selected an applicable control is a reason for it, written or not.
    let risk = crate::source::reasons::Reason::Risk;
    if applicable && !risks.is_empty() && !reasons.iter().any(|r| r.key == risk.key()) {
        reasons.push(Labelled {
            key: risk.key(),
            label: risk.short_label(),
        });
    }
    ControlRow {
        id: control.id.to_string(),
        title: &control.title,
        page: control_page(&control.id),
        href: control_href(root, &control.id),
        theme: Labelled {
            key: control.theme.key(),
            label: control.theme.label(),
        },
        new_in_2022: control.new_in_2022,
        applicable: applicable_of(decision),
        justification: decision.and_then(|d| d.justification.as_deref()),
        reasons,
        status: status_of(decision),
        documents: indexes
            .iter()
            .map(|&i| &isms.documents[i])
            .filter(|d| d.published)
            .map(document)
            .collect(),
        risks,
        covered,
        gap: applicable && !covered,
    }
}

/// Every control in catalogue order.
pub fn rows<'a>(isms: &'a Isms, root: &str) -> Vec<ControlRow<'a>> {
    rows_with(isms, root, |d| DocSummary::new(d, root))
}

/// Every control in catalogue order, its documents shown by `document`.
pub fn rows_with<'a, D>(
    isms: &'a Isms,
    root: &str,
    document: impl Fn(&'a Document) -> D + Copy,
) -> Vec<ControlRow<'a, D>> {
    catalog()
        .controls
        .iter()
        .map(|c| row_with(isms, c, root, document))
        .collect()
}
