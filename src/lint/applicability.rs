//! The SoA lints for every framework with its own decisions (`applicability/<id>.yaml`):
//! every control decided, exclusions justified, applicable controls listed by approved
//! documents, excluded controls not claimed by documents.

use crate::catalog::Framework;
use crate::diagnostic::{Diagnostic, Location};
use crate::model::coverage::is_covering;
use crate::model::framework_coverage::FrameworkCoverage;
use crate::model::{ControlRef, Isms};
use crate::source::applicability::file_of;
use crate::source::Status;

/// Each framework with its own decisions, with its coverage.
fn each(isms: &Isms) -> impl Iterator<Item = (&Framework, &FrameworkCoverage)> {
    isms.framework_coverage
        .iter()
        .filter_map(|c| Some((isms.frameworks.get(&c.id)?, c)))
}

/// `soa-missing-decision` for other frameworks.
pub fn missing_decisions(isms: &Isms) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (framework, coverage) in each(isms) {
        let file = file_of(&framework.id);
        if coverage.applicability.file.is_none() {
            out.push(
                crate::lint::registry::SOA_MISSING_DECISION.report(format!(
                        "the project has no {file}: none of the {} controls of {} is decided",
                        framework.controls.len(),
                        framework.name
                    ),
                )
                .at(Location::whole_file(&file))
                .with_help(format!(
                    "create {file} with `framework: {}` and a decision under `controls:` for every control",
                    framework.id
                )),
            );
            continue;
        }
        let headline = format!("controls of {} have no decision in {file}", framework.name);
        for control in &framework.controls {
            if coverage.decision(&control.id).is_some() {
                continue;
            }
            out.push(
                crate::lint::registry::SOA_MISSING_DECISION
                    .report(format!(
                        "{} {} has no decision in {file}",
                        control.id, control.title
                    ))
                    .at(Location::whole_file(&file))
                    .with_help(format!(
                        "add `{}:` under `controls:` with `applicable:` and a `justification:`",
                        control.id
                    ))
                    .grouped(
                        headline.clone(),
                        control.id.clone(),
                        "add each under `controls:` with `applicable:` and a `justification:`",
                    ),
            );
        }
    }
    out
}

/// `soa-unjustified-exclusion` and `soa-empty-justification` for other frameworks.
pub fn justifications(isms: &Isms) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (framework, coverage) in each(isms) {
        for (id, decision) in &coverage.applicability.decisions {
            if !decision.applicable && decision.justification.is_none() {
                out.push(
                    crate::lint::registry::SOA_UNJUSTIFIED_EXCLUSION
                        .report(format!(
                            "{id} of {} is excluded without a justification",
                            framework.name
                        ))
                        .at(decision.location.clone())
                        .with_help("write why it does not apply: add `justification: ...`"),
                );
            } else if let Some(location) = decision
                .empty_justification
                .clone()
                .filter(|_| decision.applicable)
            {
                out.push(
                    crate::lint::registry::SOA_EMPTY_JUSTIFICATION
                        .report(format!(
                            "{id} of {} has an empty justification",
                            framework.name
                        ))
                        .at(location)
                        .with_help(format!("write why {id} applies after `justification:`")),
                );
            }
        }
    }
    out
}

/// `soa-missing-reason` for other frameworks: applicable, with neither reasons nor a
/// justification.
pub fn missing_reasons(isms: &Isms) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (framework, coverage) in each(isms) {
        let headline = format!(
            "applicable controls of {} have neither reasons nor a justification",
            framework.name
        );
        for (id, decision) in &coverage.applicability.decisions {
            let missing = decision.applicable
                && decision.empty_justification.is_none()
                && decision.reasons.is_empty()
                && decision.justification.is_none();
            if !missing {
                continue;
            }
            out.push(
                super::registry::SOA_MISSING_REASON
                    .report(format!("{id} of {} is applicable, but nothing says why it was selected", framework.name))
                    .at(decision.location.clone())
                    .with_help(format!(
                        "add `reasons: [legal, contractual, business, risk]` (those that apply) or a `justification:` under {id}"
                    ))
                    .grouped(
                        headline.clone(),
                        id.clone(),
                        "add `reasons:` (legal, contractual, business, risk) or a `justification:` to each",
                    ),
            );
        }
    }
    out
}

/// `soa-uncovered-control` for other frameworks: applicable, but no approved document lists
/// it (a mapped control's document does not count; the help says when there is one).
pub fn uncovered_controls(isms: &Isms) -> Vec<Diagnostic> {
    if isms
        .documents
        .iter()
        .any(|d| d.source.front.is_invalid("controls"))
    {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (framework, coverage) in each(isms) {
        let headline = format!(
            "applicable controls of {} are listed by no approved document",
            framework.name
        );
        for (i, control) in framework.controls.iter().enumerate() {
            let Some(decision) = coverage.decision(&control.id) else {
                continue;
            };
            if !decision.applicable || decision.empty_justification.is_some() {
                continue;
            }
            let state = &coverage.controls[i];
            let covered = state.direct.iter().any(|&d| {
                let doc = &isms.documents[d];
                is_covering(doc) || doc.source.front.is_invalid("status")
            });
            if covered {
                continue;
            }
            let via: Vec<String> = state
                .via
                .iter()
                .filter(|m| m.documents.iter().any(|&d| is_covering(&isms.documents[d])))
                .map(|m| m.through.to_string())
                .collect();
            let help = if via.is_empty() {
                format!(
                    "list {} in the `controls:` of the approved document that covers it",
                    control.id
                )
            } else {
                format!(
                    "documents list the mapped {} ({}); if one of them covers this control too, list {} in its `controls:`",
                    if via.len() == 1 { "control" } else { "controls" },
                    via.join(", "),
                    control.id
                )
            };
            out.push(
                crate::lint::registry::SOA_UNCOVERED_CONTROL
                    .report(format!(
                        "{} {} is applicable but no approved document lists it",
                        control.id, control.title
                    ))
                    .at(decision.location.clone())
                    .with_help(help)
                    .grouped(
                        headline.clone(),
                        control.id.clone(),
                        "list each in the `controls:` of the approved document that covers it",
                    ),
            );
        }
    }
    out
}

/// `soa-excluded-but-referenced` for other frameworks.
pub fn excluded_but_referenced(isms: &Isms) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for doc in &isms.documents {
        if doc.source.front.status == Status::Retired {
            continue;
        }
        for (entry, control) in doc.source.front.controls.iter().zip(&doc.controls) {
            let ControlRef::Other(r) = control else {
                continue;
            };
            let Some(coverage) = isms.framework_coverage.iter().find(|c| c.id == r.framework)
            else {
                continue;
            };
            let Some(decision) = coverage.decision(&r.control).filter(|d| !d.applicable) else {
                continue;
            };
            out.push(
                crate::lint::registry::SOA_EXCLUDED_BUT_REFERENCED
                    .report(format!(
                        "{r} is excluded in {}, but this document implements it",
                        file_of(&r.framework)
                    ))
                    .at(doc.source.locate(entry.span))
                    .with_related(decision.location.clone(), "excluded here")
                    .with_help(format!(
                        "either make the control applicable in {} or remove it from `controls:`",
                        file_of(&r.framework)
                    )),
            );
        }
    }
    out
}
