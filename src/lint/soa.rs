//! The Statement of Applicability: every control decided, exclusions justified, applicable
//! controls listed by approved documents, excluded controls not claimed by documents.

use crate::catalog::catalog;
use crate::diagnostic::{Diagnostic, Location};
use crate::model::coverage::is_covering;
use crate::model::{ControlRef, Isms};
use crate::source::soa::SOA_FILE;
use crate::source::Status;

/// `soa-unjustified-exclusion`: a control excluded without a reason.
pub fn unjustified_exclusions(isms: &Isms) -> Vec<Diagnostic> {
    isms.soa
        .decisions
        .iter()
        .filter(|(_, d)| !d.applicable && d.justification.is_none())
        .map(|(id, d)| {
            crate::lint::registry::SOA_UNJUSTIFIED_EXCLUSION.report(format!("{id} is excluded without a justification"))
                .at(d.location.clone())
                .with_help("ISO/IEC 27001 clause 6.1.3 d) requires a justification for every excluded control: add `justification: ...`")
        })
        .collect()
}

/// `soa-empty-justification`: `justification:` written with nothing after it, as the stubs of
/// `annexa soa add-missing` are: the decision is not made until a reason is written.
pub fn empty_justifications(isms: &Isms) -> Vec<Diagnostic> {
    isms.soa
        .decisions
        .iter()
        // An excluded control without a reason is `soa-unjustified-exclusion`.
        .filter(|(_, d)| d.applicable)
        .filter_map(|(id, d)| Some((id, d.empty_justification.clone()?)))
        .map(|(id, location)| {
            crate::lint::registry::SOA_EMPTY_JUSTIFICATION.report(format!("{id} has an empty justification"),
            )
            .at(location)
            .with_help(format!(
                "decide whether {id} applies (it says applicable) and write why after `justification:` \
                 (ISO/IEC 27001 clause 6.1.3 d)"
            ))
            .grouped(
                "controls have an empty justification in the SoA",
                id.to_string(),
                "decide whether each applies (`applicable: true` or `false`) and write why after \
                 `justification:` (ISO/IEC 27001 clause 6.1.3 d)",
            )
        })
        .collect()
}

/// `soa-missing-decision`: a control of the catalogue with no decision.
pub fn missing_decisions(isms: &Isms) -> Vec<Diagnostic> {
    let catalog = catalog();
    if !isms.has_soa {
        return vec![crate::lint::registry::SOA_MISSING_DECISION.report(format!("the project has no {SOA_FILE}: none of the {} Annex A controls is decided", catalog.controls.len()),
        )
        .at(Location::whole_file(SOA_FILE))
        .with_help("create soa.yaml with `framework: iso27001-2022` and a decision under `controls:` for every control")];
    }
    if !isms.soa.readable {
        return Vec::new();
    }
    let location = isms
        .soa
        .controls_location
        .clone()
        .unwrap_or_else(|| Location::whole_file(SOA_FILE));
    catalog
        .controls
        .iter()
        .filter(|c| !isms.soa.decisions.contains_key(&c.id))
        .map(|c| {
            let diagnostic = crate::lint::registry::SOA_MISSING_DECISION.report(format!("{} {} has no decision in the SoA", c.id, c.title),
            );
            let diagnostic = match isms.soa.undecided.get(&c.id) {
                Some(written) => diagnostic.at(written.clone()).with_help(format!(
                    "write under `{}:` `applicable: true` or `false`, a `status:` and a `justification:`",
                    c.id
                )),
                None => diagnostic.at(location.clone()).with_help(format!(
                    "add `{}:` under `controls:` with `applicable:` and a `justification:`",
                    c.id
                )),
            };
            diagnostic.grouped(
                "controls have no decision in the SoA",
                c.id.to_string(),
                "add each under `controls:` with `applicable:` and a `justification:`; \
                 `annexa soa add-missing` writes a stub for every undecided control",
            )
        })
        .collect()
}

/// `soa-uncovered-control`: applicable, but no approved document lists it.
pub fn uncovered_controls(isms: &Isms) -> Vec<Diagnostic> {
    let catalog = catalog();
    // While a document's `controls:` cannot be read, which controls are covered is not
    // known: its error is the one to fix first.
    if isms
        .documents
        .iter()
        .any(|d| d.source.front.is_invalid("controls"))
    {
        return Vec::new();
    }
    isms.soa
        .decisions
        .iter()
        // A stub (empty justification) is not a decision yet: `soa-empty-justification` says so.
        .filter(|(_, d)| d.applicable && d.empty_justification.is_none())
        .filter(|(id, _)| {
            // A document whose status cannot be read may be the approved one.
            !isms.documents_for_control(id).iter().any(|&i| {
                let doc = &isms.documents[i];
                is_covering(doc) || doc.source.front.is_invalid("status")
            })
        })
        .map(|(id, d)| {
            let title = catalog
                .control(id)
                .map(|c| c.title.as_str())
                .unwrap_or_default();
            let drafts: Vec<&str> = isms
                .documents_for_control(id)
                .iter()
                .map(|&i| isms.documents[i].id())
                .collect();
            let help = if drafts.is_empty() {
                format!("list {id} in the `controls:` of the approved document that covers it")
            } else {
                format!(
                    "only documents that are not approved list it ({}); approve one of them",
                    drafts.join(", ")
                )
            };
            let diagnostic = crate::lint::registry::SOA_UNCOVERED_CONTROL
                .report(format!(
                    "{id} {title} is applicable but no approved document lists it"
                ))
                .at(d.location.clone());
            if drafts.is_empty() {
                diagnostic.with_help(help).grouped(
                    "applicable controls are listed by no approved document",
                    id.to_string(),
                    "list each in the `controls:` of the approved document that covers it",
                )
            } else {
                diagnostic.with_help(help)
            }
        })
        .collect()
}

/// `soa-excluded-but-referenced`: a document claims to implement an excluded control.
pub fn excluded_but_referenced(isms: &Isms) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for doc in &isms.documents {
        // A record selecting an excluded control has its own lint (`risk-control-excluded`).
        if doc.source.front.status == Status::Retired || doc.source.front.record.is_some() {
            continue;
        }
        for (entry, control) in doc.source.front.controls.iter().zip(&doc.controls) {
            let ControlRef::Current(id) = control else {
                continue;
            };
            let Some(decision) = isms.soa.decisions.get(id) else {
                continue;
            };
            if !decision.applicable {
                out.push(
                    crate::lint::registry::SOA_EXCLUDED_BUT_REFERENCED.report(format!("{id} is excluded in the SoA, but this document implements it"))
                        .at(doc.source.locate(entry.span))
                        .with_related(decision.location.clone(), "excluded here")
                        .with_help("either make the control applicable in soa.yaml or remove it from `controls:`"),
                );
            }
        }
    }
    out
}
