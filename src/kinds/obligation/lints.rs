//! The checks on the legal register: a review overdue, an obligation that no control
//! addresses, a non-compliant obligation with neither a nonconformity nor an action, and ids
//! that resolve to nothing.

use crate::diagnostic::{did_you_mean, Diagnostic, Level};
use crate::lint::registry::{fixed_error, lint_def, BROKEN_REFERENCE, UNKNOWN_CONTROL};
use crate::lint::Lint;
use crate::model::{ControlRef, Isms};

use super::{all, next_review, Compliance};

pub const INVALID_OBLIGATIONS: Lint = fixed_error(
    "invalid-obligations",
    "obligations.yaml cannot be used as written (YAML, a missing id or title, a repeated id, a bad kind or status)",
);
pub const OBLIGATION_REVIEW_OVERDUE: Lint = lint_def(
    "obligation-review-overdue",
    Level::Warning,
    "an obligation was never reviewed, or its review is overdue (`last_reviewed` + `review_every`)",
);
pub const OBLIGATION_WITHOUT_CONTROL: Lint = lint_def(
    "obligation-without-control",
    Level::Warning,
    "an obligation names no control that addresses it",
);
pub const OBLIGATION_NONCOMPLIANT_UNTREATED: Lint = lint_def(
    "obligation-noncompliant-untreated",
    Level::Warning,
    "a non-compliant obligation has neither a nonconformity nor an open action",
);

pub const LINTS: &[Lint] = &[
    INVALID_OBLIGATIONS,
    OBLIGATION_REVIEW_OVERDUE,
    OBLIGATION_WITHOUT_CONTROL,
    OBLIGATION_NONCOMPLIANT_UNTREATED,
];

/// Every obligation check over the model.
pub fn check(isms: &Isms) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for obligation in all(isms) {
        let id = &obligation.id;
        match next_review(isms, obligation) {
            None => out.push(
                OBLIGATION_REVIEW_OVERDUE
                    .report(format!("the obligation {id} has never been reviewed"))
                    .at(obligation.at.clone())
                    .with_help("review it and record `last_reviewed: YYYY-MM-DD` (and `review_every`)"),
            ),
            Some(due) if due < isms.today => out.push(
                OBLIGATION_REVIEW_OVERDUE
                    .report(format!("the review of the obligation {id} was due on {due}"))
                    .at(obligation.at.clone())
                    .with_help("review whether it still applies and how far it is met, then update `last_reviewed` and `status`"),
            ),
            Some(_) => {}
        }
        if obligation.controls.is_empty() {
            out.push(
                OBLIGATION_WITHOUT_CONTROL
                    .report(format!("no control addresses the obligation {id}"))
                    .at(obligation.at.clone())
                    .with_help(
                        "list the controls that meet it in `controls:` (e.g. [A.5.34] for privacy)",
                    ),
            );
        }
        for (control, at) in &obligation.controls {
            if matches!(
                crate::model::control_ref(control, &isms.frameworks),
                ControlRef::Unknown
            ) {
                out.push(
                    UNKNOWN_CONTROL
                        .report(format!(
                            "the obligation {id} names the control `{control}`, which no enabled framework has"
                        ))
                        .at(at.clone())
                        .with_help("write an Annex A control id such as A.5.31, or a control of a framework in annexa.toml"),
                );
            }
        }
        for (nc, at) in &obligation.nonconformities {
            let problem = match isms.document(nc) {
                Some(doc)
                    if doc
                        .source
                        .front
                        .record
                        .as_ref()
                        .is_some_and(|r| r.nonconformity().is_some()) =>
                {
                    continue
                }
                Some(doc) => format!(
                    "the obligation {id} names `{nc}` as a nonconformity, but {nc} is a {}",
                    doc.doc_type
                ),
                None => format!(
                    "the obligation {id} names the nonconformity `{nc}`, which does not exist"
                ),
            };
            let ids = isms
                .records_of(&crate::kinds::nonconformity::KIND)
                .map(|index| isms.documents[index].id());
            let close = did_you_mean(nc, ids)
                .map(|c| format!("did you mean `{c}`? "))
                .unwrap_or_default();
            out.push(
                BROKEN_REFERENCE
                    .report(problem)
                    .at(at.clone())
                    .with_help(format!(
                        "{close}write the id of a nonconformity record (nonconformities/)"
                    )),
            );
        }
        let nonconformities = super::nonconformities_of(isms, obligation)
            .iter()
            .filter(|(_, open)| *open)
            .count();
        let open_actions = obligation
            .actions
            .iter()
            .filter(|a| a.done.is_none())
            .count();
        if obligation.status == Some(Compliance::NonCompliant)
            && nonconformities == 0
            && open_actions == 0
        {
            out.push(
                OBLIGATION_NONCOMPLIANT_UNTREATED
                    .report(format!(
                        "the obligation {id} is non-compliant, but no open nonconformity or action deals with it"
                    ))
                    .at(obligation.status_at.clone())
                    .with_help("raise a nonconformity (`source:` the obligation's id, or name it in `nonconformities:`), or plan the work in `actions:` ({ action, owner, due })"),
            );
        }
    }
    out
}
