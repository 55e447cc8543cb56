//! The checks on management reviews (9.3): a held review missing 9.3.2 inputs or decisions,
//! too long since the last held review, and actions of the previous review that the next
//! one does not report on.

use crate::diagnostic::{Diagnostic, Level, Location};
use crate::kinds::action::Action;
use crate::lint::registry::lint_def;
use crate::lint::Lint;
use crate::model::Isms;

use super::{held, next_due, reviews, ReviewRef, INPUTS};

pub const MR_INPUTS_MISSING: Lint = lint_def(
    "mr-inputs-missing",
    Level::Warning,
    "a held management review does not record every input 9.3.2 requires (the missing letters are named)",
);
pub const MR_NO_DECISIONS: Lint = lint_def(
    "mr-no-decisions",
    Level::Warning,
    "a held management review records no decisions (9.3.3)",
);
pub const MR_OVERDUE: Lint = lint_def(
    "mr-overdue",
    Level::Warning,
    "more than `management_review_every` (annexa.toml, default 12 months) since the last held management review",
);
pub const MR_PREVIOUS_ACTIONS_UNREPORTED: Lint = lint_def(
    "mr-previous-actions-unreported",
    Level::Warning,
    "an action of the previous management review is neither done nor reported on in the next review's `previous_actions` (9.3.2 a)",
);

pub const MR_HELD_WITHOUT_DATE: Lint = lint_def(
    "mr-held-without-date",
    Level::Warning,
    "a held management review has no `date`: it cannot count as the last review",
);

/// The lints above, for the registry.
pub const LINTS: &[Lint] = &[
    MR_HELD_WITHOUT_DATE,
    MR_INPUTS_MISSING,
    MR_NO_DECISIONS,
    MR_OVERDUE,
    MR_PREVIOUS_ACTIONS_UNREPORTED,
];

/// Every management review check over the model.
pub fn check(isms: &Isms) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for review in reviews(isms)
        .iter()
        .filter(|r| r.is_held() && r.mr.date.is_none() && r.mr.span_of("date").is_none())
    {
        out.push(
            MR_HELD_WITHOUT_DATE
                .report(format!("{} is held but has no `date`", review.doc.id()))
                .at(review.doc.source.locate_key("status"))
                .with_help("add `date: YYYY-MM-DD`, the day the review was held"),
        );
    }
    let held = held(isms);
    for review in &held {
        inputs(review, &mut out);
        decisions(review, &mut out);
    }
    for pair in held.windows(2) {
        previous_actions(&pair[0], &pair[1], &mut out);
    }
    overdue(isms, held.last(), &mut out);
    out
}

fn at_key(review: &ReviewRef, key: &str) -> Location {
    match review.mr.span_of(key) {
        Some(span) => review.doc.source.locate(span),
        None => review.doc.source.locate_key("status"),
    }
}

fn inputs(review: &ReviewRef, out: &mut Vec<Diagnostic>) {
    let missing = review.mr.missing_inputs();
    if missing.is_empty() {
        return;
    }
    let keys: Vec<String> = INPUTS
        .iter()
        .filter(|(_, letter, _)| missing.contains(letter))
        .map(|(key, letter, _)| format!("`{key}` ({letter})"))
        .collect();
    out.push(
        MR_INPUTS_MISSING
            .report(format!(
                "{} was held without the 9.3.2 input{} {}",
                review.doc.id(),
                if missing.len() == 1 { "" } else { "s" },
                missing.join(", ")
            ))
            .at(at_key(review, "inputs"))
            .with_help(format!(
                "record what the review considered under `inputs:` {}; if it was not considered, say so there, and plan it for the next review",
                keys.join(", ")
            )),
    );
}

fn decisions(review: &ReviewRef, out: &mut Vec<Diagnostic>) {
    if !review.mr.decisions.is_empty() {
        return;
    }
    out.push(
        MR_NO_DECISIONS
            .report(format!("{} was held but records no decisions", review.doc.id()))
            .at(at_key(review, "decisions"))
            .with_help("list the decisions on continual improvement and any need for changes to the ISMS under `decisions:` (9.3.3)"),
    );
}

fn overdue(isms: &Isms, last: Option<&ReviewRef>, out: &mut Vec<Diagnostic>) {
    let (Some(last), Some(due)) = (last, next_due(isms)) else {
        return;
    };
    if due >= isms.today {
        return;
    }
    let every = isms.config.management_review_every;
    out.push(
        MR_OVERDUE
            .report(format!(
                "the last held management review, {}, was on {}: the next was due by {due} (every {every})",
                last.doc.id(),
                last.mr.date.map(|d| d.to_string()).unwrap_or_default()
            ))
            .at(at_key(last, "date"))
            .with_help("hold the next management review and record it in management-reviews/ with `status: held`, or set `management_review_every` in annexa.toml if the ISMS plans another interval"),
    );
}

/// Whether the text of `previous_actions` names the action: its id, else its text.
pub fn reported(review: &ReviewRef, action: &Action) -> bool {
    let Some(input) = review.mr.input("previous_actions") else {
        return false;
    };
    let wanted = action.name().to_lowercase();
    input
        .items
        .iter()
        .any(|t| t.to_lowercase().contains(&wanted))
}

fn previous_actions(previous: &ReviewRef, next: &ReviewRef, out: &mut Vec<Diagnostic>) {
    for action in &previous.mr.actions {
        if action.done.is_some() || reported(next, action) {
            continue;
        }
        let at = match next.mr.input("previous_actions") {
            Some(input) => next.doc.source.locate(input.span),
            None => at_key(next, "inputs"),
        };
        out.push(
            MR_PREVIOUS_ACTIONS_UNREPORTED
                .report(format!(
                    "{} does not report on the action {} of {}, which is not done",
                    next.doc.id(),
                    action.name(),
                    previous.doc.id()
                ))
                .at(at)
                .with_related(previous.doc.source.locate(action.span), "the action")
                .with_help(format!(
                    "say where {} stands in `inputs: previous_actions:` (naming it), or record `done:` on it in {}",
                    action.name(),
                    previous.doc.rel_path()
                )),
        );
    }
}
