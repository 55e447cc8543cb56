//! The Statement of Applicability in PDF: the table the manual ends with, and the SoA alone
//! as its own PDF (a title block with its document control and figures, then the table).

use crate::catalog::catalog;
use crate::model::Isms;
use crate::source::soa::Decision;
use crate::source::Classification;

use super::layout::{wrap, Flow, Font, Page};

const SIZE: f32 = 8.0;
/// (heading, x, width) of each column; the last holds the justification and the documents.
const COLUMNS: [(&str, f32, f32); 5] = [
    ("Control", 0.0, 40.0),
    ("Title", 42.0, 150.0),
    ("Applicable", 195.0, 46.0),
    ("Status", 243.0, 62.0),
    ("Justification and documents", 307.0, 176.0),
];

/// "yes", "no" or "undecided".
pub fn applicability(decision: Option<&Decision>) -> &'static str {
    match decision {
        Some(d) if d.applicable => "yes",
        Some(_) => "no",
        None => "undecided",
    }
}

fn header(flow: &mut Flow) {
    flow.row(&COLUMNS, Font::Bold, SIZE);
    flow.rule();
}

/// The ids of the published documents that implement `control`.
fn documents(isms: &Isms, control: &crate::catalog::ControlId) -> Vec<String> {
    isms.documents_for_control(control)
        .iter()
        .map(|&i| &isms.documents[i])
        .filter(|d| d.published)
        .map(|d| d.id().to_string())
        .collect()
}

/// The table: every Annex A control with its decision and the documents implementing it,
/// the column headings repeated on each page.
pub fn table(flow: &mut Flow, isms: &Isms) {
    flow.line("Statement of Applicability", Font::Bold, 16.0, 0.0);
    let control = &isms.soa.control;
    let mut facts = Vec::new();
    if let Some(v) = &control.version {
        facts.push(format!("Version {v}"));
    }
    if let Some(d) = control.approved {
        facts.push(format!("approved {d}"));
    }
    if !facts.is_empty() {
        flow.line(&facts.join(", "), Font::Regular, 9.0, 0.0);
    }
    flow.space(6.0);
    header(flow);
    for c in &catalog().controls {
        let decision = isms.soa.decisions.get(&c.id);
        let status = decision
            .and_then(|d| d.status)
            .map(|s| s.key())
            .unwrap_or("");
        let mut last = Vec::new();
        let reasons: Vec<&str> = decision
            .map(|d| d.reasons.iter().map(|r| r.key()).collect())
            .unwrap_or_default();
        if !reasons.is_empty() {
            let text = format!("Reasons: {}", reasons.join(", "));
            last.extend(wrap(&text, Font::Regular, SIZE, COLUMNS[4].2));
        }
        if let Some(j) = decision.and_then(|d| d.justification.as_deref()) {
            last.extend(wrap(j, Font::Regular, SIZE, COLUMNS[4].2));
        }
        let docs = documents(isms, &c.id);
        if !docs.is_empty() {
            let text = format!("Documents: {}", docs.join(", "));
            last.extend(wrap(&text, Font::Regular, SIZE, COLUMNS[4].2));
        }
        let id = c.id.to_string();
        let title = wrap(&c.title, Font::Regular, SIZE, COLUMNS[1].2);
        let rows = title.len().max(last.len()).max(1);
        let page = flow.page_index();
        flow.need(SIZE * 1.4 * rows as f32);
        if flow.page_index() != page {
            header(flow);
        }
        for n in 0..rows {
            let first = n == 0;
            let cells = [
                (if first { id.as_str() } else { "" }, 0.0, COLUMNS[0].2),
                (
                    title.get(n).map(String::as_str).unwrap_or(""),
                    COLUMNS[1].1,
                    COLUMNS[1].2,
                ),
                (
                    if first { applicability(decision) } else { "" },
                    COLUMNS[2].1,
                    COLUMNS[2].2,
                ),
                (if first { status } else { "" }, COLUMNS[3].1, COLUMNS[3].2),
                (
                    last.get(n).map(String::as_str).unwrap_or(""),
                    COLUMNS[4].1,
                    COLUMNS[4].2,
                ),
            ];
            flow.row(&cells, Font::Regular, SIZE);
        }
    }
}

/// The running header of the SoA's pages.
pub fn running_header(isms: &Isms) -> String {
    match &isms.soa.control.version {
        Some(v) => format!("Statement of Applicability v{v}"),
        None => "Statement of Applicability".to_string(),
    }
}

/// The SoA alone: a title block (organisation, standard, document control, how many
/// controls are applicable and implemented), then the table. Marked internal, as a document
/// without a classification is.
pub fn pages(isms: &Isms) -> Vec<Page> {
    let marking = super::manual::marking(Classification::Internal);
    let mut flow = Flow::new();
    flow.new_part(&running_header(isms), &marking);
    flow.paragraph(&isms.config.organisation, Font::Bold, 18.0, 0.0, None);
    flow.paragraph(
        "Statement of Applicability: ISO/IEC 27001:2022 Annex A",
        Font::Regular,
        13.0,
        0.0,
        None,
    );
    flow.space(6.0);
    let control = &isms.soa.control;
    let mut facts: Vec<(&str, String)> = vec![("Issued", isms.today.to_string())];
    if let Some(v) = &control.version {
        facts.push(("Version", v.clone()));
    }
    if let Some(o) = &control.owner {
        facts.push(("Owner", o.value.clone()));
    }
    if let Some(a) = &control.approver {
        facts.push(("Approver", a.value.clone()));
    }
    if let Some(d) = control.approved {
        facts.push(("Approved", d.to_string()));
    }
    let decisions = &isms.soa.decisions;
    let controls = catalog().controls.len();
    let applicable = catalog()
        .controls
        .iter()
        .filter(|c| decisions.get(&c.id).is_some_and(|d| d.applicable))
        .count();
    let excluded = catalog()
        .controls
        .iter()
        .filter(|c| decisions.get(&c.id).is_some_and(|d| !d.applicable))
        .count();
    let implemented = catalog()
        .controls
        .iter()
        .filter_map(|c| decisions.get(&c.id))
        .filter(|d| {
            d.applicable && d.status == Some(crate::source::soa::Implementation::Implemented)
        })
        .count();
    facts.push((
        "Controls",
        format!(
            "{controls}: {applicable} applicable ({implemented} implemented), {excluded} excluded, {} undecided",
            controls - applicable - excluded
        ),
    ));
    facts.push(("Classification", marking.clone()));
    for (label, value) in &facts {
        flow.row(
            &[(label, 0.0, 88.0), (value.as_str(), 90.0, 393.0)],
            Font::Regular,
            9.0,
        );
    }
    flow.space(12.0);
    table(&mut flow, isms);
    flow.pages
}
