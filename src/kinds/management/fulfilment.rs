//! What fulfils each clause of ISO/IEC 27001:2022 (4.1–10.2): approved documents by their
//! `clauses:`, record kinds and registers by the clauses their data is evidence for (when
//! they have entries), and the SoA for 6.1.3. The management system page and the check of
//! mandatory documented information read this one answer.

use crate::catalog::clauses::{clause_framework, touches, MANDATORY};
use crate::model::Isms;
use crate::source::Status;

/// One thing that fulfils a clause.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fulfiller {
    /// An approved document (index) declaring the clause.
    Document(usize),
    /// A record kind or register with entries: its key, label and page.
    Part {
        key: &'static str,
        label: String,
        page: Option<&'static str>,
    },
    /// The Statement of Applicability (soa.yaml), for 6.1.3 d.
    Soa,
}

/// Whether the project takes part in the management system checks: a document declares
/// `clauses:`, or the project keeps certification.yaml or an audit programme. Projects that
/// do none of this are not told about 13 missing items.
pub fn in_use(isms: &Isms) -> bool {
    isms.data.certification.get().is_some()
        || isms.data.audit_programme.get().is_some()
        || isms.declares_clauses
}

/// The parts (record kinds and registers) that have entries, with a label and their page.
fn parts_with_entries(
    isms: &Isms,
) -> Vec<(&'static crate::kinds::Part, String, Option<&'static str>)> {
    let mut out = Vec::new();
    for kind in crate::kinds::KINDS {
        if isms.records_of(kind).any(|i| isms.documents[i].published) {
            let page = (kind.part.nav)(isms).first().map(|(_, _, p)| *p);
            out.push((&kind.part, kind.plural.to_string(), page));
        }
    }
    for part in crate::kinds::REGISTERS {
        if part.clauses.is_empty() {
            continue;
        }
        let nav = (part.nav)(isms);
        if let Some((_, label, page)) = nav.first() {
            out.push((*part, label.to_string(), Some(*page)));
        }
    }
    out
}

/// What fulfils clause `id`.
pub fn fulfillers(isms: &Isms, id: &str) -> Vec<Fulfiller> {
    let mut out: Vec<Fulfiller> = isms
        .documents
        .iter()
        .enumerate()
        .filter(|(_, d)| d.published && d.source.front.record.is_none())
        .filter(|(_, d)| d.source.front.status == Status::Approved)
        .filter(|(_, d)| d.source.front.clauses.iter().any(|c| touches(&c.value, id)))
        .map(|(i, _)| Fulfiller::Document(i))
        .collect();
    for (part, label, page) in parts_with_entries(isms) {
        if part.clauses.iter().any(|c| touches(c, id)) {
            out.push(Fulfiller::Part {
                key: part.key,
                label,
                page,
            });
        }
    }
    if isms.has_soa && touches("6.1.3", id) && id != "6" && id != "6.1" {
        out.push(Fulfiller::Soa);
    }
    out
}

/// Whether clause `id` is an item of mandatory documented information, with what it asks.
pub fn mandatory(id: &str) -> Option<&'static str> {
    MANDATORY.contains(&id).then(|| {
        clause_framework()
            .controls
            .iter()
            .filter(|c| c.id == id || crate::catalog::clauses::covers(id, &c.id))
            .flat_map(|c| c.attributes.iter())
            .map(|(_, what)| what.as_str())
            .next()
            .unwrap_or("Documented information")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::for_tests::isms_of;

    #[test]
    fn in_use_once_a_document_declares_clauses() {
        let with = isms_of("---\nid: A\ntitle: T\nstatus: approved\nclauses: [\"4.3\"]\n---\n");
        assert!(with.declares_clauses && in_use(&with));
        let without = isms_of("---\nid: A\ntitle: T\nstatus: approved\n---\n");
        assert!(!without.declares_clauses && !in_use(&without));
    }
}
