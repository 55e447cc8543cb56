//! The checks on risks: the criteria file, ratings on its scales, appetite and acceptance,
//! treatment, actions, and the controls a risk selects.

use crate::diagnostic::{did_you_mean, Diagnostic, Level};
use crate::lint::registry::{fixed_error, lint_def};
use crate::lint::Lint;
use crate::model::{ControlRef, Isms};

use super::criteria::{RiskCriteria, FILE};
use super::record::{Rating, Treatment};
use super::{accepted_on, place, risks, ActionState, RiskRef};

pub const INVALID_RISK_CRITERIA: Lint = fixed_error(
    "invalid-risk-criteria",
    "risk-criteria.yaml cannot be used as written",
);
pub const MISSING_RISK_CRITERIA: Lint = lint_def(
    "missing-risk-criteria",
    Level::Error,
    "the project has risks but no risk-criteria.yaml to assess them against (6.1.2 a)",
);
pub const RISK_OUT_OF_SCALE: Lint = lint_def(
    "risk-out-of-scale",
    Level::Error,
    "a risk's likelihood or impact is not on the scale of risk-criteria.yaml",
);
pub const RISK_ABOVE_APPETITE: Lint = lint_def(
    "risk-above-appetite",
    Level::Warning,
    "an open risk's level is above the appetite and no acceptance of it stands",
);
pub const RISK_ACCEPTANCE_NOT_ALLOWED: Lint = lint_def(
    "risk-acceptance-not-allowed",
    Level::Error,
    "a residual risk was accepted by a role that risk-criteria.yaml does not allow for its level",
);
pub const RISK_ACCEPTANCE_EXPIRED: Lint = lint_def(
    "risk-acceptance-expired",
    Level::Warning,
    "the acceptance of an open risk has expired",
);
pub const RISK_ACCEPTANCE_EXPIRING: Lint = lint_def(
    "risk-acceptance-expiring",
    Level::Note,
    "the acceptance of an open risk expires within `warn_before`",
);
pub const RISK_RESIDUAL_ABOVE_INHERENT: Lint = lint_def(
    "risk-residual-above-inherent",
    Level::Warning,
    "a risk's residual rating is higher than its inherent rating",
);
pub const RISK_TREATMENT_INCOMPLETE: Lint = lint_def(
    "risk-treatment-incomplete",
    Level::Warning,
    "an open risk has no treatment, `mitigate` without controls or actions, or `accept` without an acceptance",
);
pub const RISK_ACTION_OVERDUE: Lint = lint_def(
    "risk-action-overdue",
    Level::Warning,
    "a treatment action of an open risk is past its due date and not done",
);
pub const RISK_CONTROL_EXCLUDED: Lint = lint_def(
    "risk-control-excluded",
    Level::Error,
    "a risk selects a control that the SoA excludes",
);
pub const RISK_CLOSED_WITH_OPEN_ACTIONS: Lint = lint_def(
    "risk-closed-with-open-actions",
    Level::Warning,
    "a closed risk still has treatment actions that are not done",
);

/// The lints above, for the registry.
pub const LINTS: &[Lint] = &[
    INVALID_RISK_CRITERIA,
    MISSING_RISK_CRITERIA,
    RISK_OUT_OF_SCALE,
    RISK_ACCEPTANCE_NOT_ALLOWED,
    RISK_CONTROL_EXCLUDED,
    RISK_ABOVE_APPETITE,
    RISK_ACCEPTANCE_EXPIRED,
    RISK_RESIDUAL_ABOVE_INHERENT,
    RISK_TREATMENT_INCOMPLETE,
    RISK_ACTION_OVERDUE,
    RISK_CLOSED_WITH_OPEN_ACTIONS,
    RISK_ACCEPTANCE_EXPIRING,
];

/// Every risk check over the model.
pub fn check(isms: &Isms) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let all: Vec<RiskRef> = risks(isms).collect();
    if all.is_empty() {
        return out;
    }
    for risk in &all {
        treatment(isms, risk, &mut out);
        actions(isms, risk, &mut out);
        excluded_controls(isms, risk, &mut out);
    }
    match isms.data.risk_criteria.get() {
        Some(criteria) => {
            for risk in &all {
                scales(criteria, risk, &mut out);
                appetite(isms, criteria, risk, &mut out);
            }
        }
        None if !isms.data.risk_criteria.is_unusable() => {
            let first = &all[0];
            out.push(
                MISSING_RISK_CRITERIA
                    .report(format!(
                        "{} risks are recorded but there is no {FILE} to rate them against",
                        all.len()
                    ))
                    .at(first.doc.source.locate(first.doc.source.front.opening))
                    .with_help(format!(
                        "write {FILE} at the project's top with the likelihood and impact scales, the levels, the appetite and who may accept each level (see the README, \"Risks\")"
                    )),
            );
        }
        None => {}
    }
    out
}

/// Likelihood and impact on the criteria's scales (a number 1..N or a step's name).
fn scales(criteria: &RiskCriteria, risk: &RiskRef, out: &mut Vec<Diagnostic>) {
    let ratings = [
        ("inherent", &risk.risk.inherent),
        ("residual", &risk.risk.residual),
    ];
    for (which, rating) in ratings {
        let Some(Rating {
            likelihood, impact, ..
        }) = rating
        else {
            continue;
        };
        for (part, value, scale) in [
            ("likelihood", likelihood, &criteria.likelihood),
            ("impact", impact, &criteria.impact),
        ] {
            if RiskCriteria::position(scale, &value.value).is_some() {
                continue;
            }
            let close = did_you_mean(&value.value, scale.iter().map(String::as_str))
                .map(|c| format!("did you mean `{c}`? "))
                .unwrap_or_default();
            out.push(
                RISK_OUT_OF_SCALE
                    .report(format!(
                        "the {which} {part} `{}` of {} is not on the {part} scale (1 to {})",
                        value.value,
                        risk.doc.id(),
                        scale.len()
                    ))
                    .at(risk.doc.source.locate(value.span))
                    .with_help(format!(
                        "{close}write a number from 1 to {} or one of: {} ({FILE})",
                        scale.len(),
                        scale.join(", ")
                    )),
            );
        }
    }
}

/// Appetite, acceptance authority and expiry, residual against inherent.
fn appetite(isms: &Isms, criteria: &RiskCriteria, risk: &RiskRef, out: &mut Vec<Diagnostic>) {
    let doc = risk.doc;
    let inherent = place(criteria, risk.risk.inherent.as_ref());
    let residual = place(criteria, risk.risk.residual.as_ref());
    if let (Some(i), Some(r), Some(rating)) = (inherent, residual, &risk.risk.residual) {
        if r.level > i.level || (r.level == i.level && r.score() > i.score()) {
            out.push(
                RISK_RESIDUAL_ABOVE_INHERENT
                    .report(format!(
                        "the residual rating of {} ({}, {}) is higher than its inherent rating ({}, {})",
                        doc.id(),
                        criteria.levels[r.level].name,
                        r.score(),
                        criteria.levels[i.level].name,
                        i.score()
                    ))
                    .at(doc.source.locate(rating.span))
                    .with_help("treatment lowers a risk: check the residual likelihood and impact, or assess the inherent risk again"),
            );
        }
    }
    let Some(current) = residual.or(inherent) else {
        return;
    };
    let level = &criteria.levels[current.level];
    if let Some(acceptance) = &risk.risk.acceptance {
        let owner = doc.source.front.owner.as_ref().map(|o| o.value.as_str());
        if !criteria.may_accept(current.level, &acceptance.by.value, owner) {
            let allowed = if level.accepted_by.is_empty() {
                format!(
                    "no one may accept a {} risk in {FILE}: treat it further",
                    level.name
                )
            } else {
                format!(
                    "{FILE} lets {} accept a {} risk",
                    level.accepted_by.join(" or "),
                    level.name
                )
            };
            out.push(
                RISK_ACCEPTANCE_NOT_ALLOWED
                    .report(format!(
                        "{} accepted {} at level {}, which they may not",
                        acceptance.by.value,
                        doc.id(),
                        level.name
                    ))
                    .at(doc.source.locate(acceptance.by.span))
                    .with_help(allowed),
            );
        }
        if risk.is_open() {
            if let Some(expires) = acceptance.expires {
                let warn_from = isms.config.warn_before.before(expires);
                if expires < isms.today {
                    out.push(
                        RISK_ACCEPTANCE_EXPIRED
                            .report(format!("the acceptance of {} expired on {expires}", doc.id()))
                            .at(doc.source.locate(acceptance.span))
                            .with_help("review the risk and accept it again (a new `acceptance:` with the new dates), or treat it further"),
                    );
                } else if warn_from <= isms.today {
                    out.push(
                        RISK_ACCEPTANCE_EXPIRING
                            .report(format!(
                                "the acceptance of {} expires on {expires}",
                                doc.id()
                            ))
                            .at(doc.source.locate(acceptance.span))
                            .with_help("plan the risk's review before the acceptance expires"),
                    );
                }
            }
        }
    }
    if risk.is_open()
        && criteria.above_appetite(current.level)
        && !accepted_on(risk.risk, isms.today)
    {
        let at = risk
            .risk
            .residual
            .as_ref()
            .or(risk.risk.inherent.as_ref())
            .map_or(doc.source.front.opening, |r| r.span);
        out.push(
            RISK_ABOVE_APPETITE
                .report(format!(
                    "{} is {} ({}), above the appetite ({}), and its residual risk is not accepted",
                    doc.id(),
                    level.name,
                    current.score(),
                    criteria.levels[criteria.appetite].name
                ))
                .at(doc.source.locate(at))
                .with_help("treat the risk until its residual level is within the appetite, or record its acceptance by a role allowed for that level (`acceptance: { by: …, date: …, expires: … }`)"),
        );
    }
}

fn treatment(_isms: &Isms, risk: &RiskRef, out: &mut Vec<Diagnostic>) {
    if !risk.is_open() {
        return;
    }
    let doc = risk.doc;
    let front = &doc.source.front;
    let problem = match risk.risk.treatment.as_ref().map(|t| t.value) {
        None if risk.risk.span_of("treatment").is_none() => Some((
            front.opening,
            format!("{} has no treatment", doc.id()),
            "add `treatment: mitigate` (with `controls:` or `actions:`), `accept`, `avoid` or `transfer`",
        )),
        Some(Treatment::Mitigate) if front.controls.is_empty() && risk.risk.actions.is_empty() => Some((
            risk.risk.span_of("treatment").unwrap_or(front.opening),
            format!("{} is to be mitigated, but no control or action is named", doc.id()),
            "list the controls selected to treat it in `controls:`, or the work to do in `actions:`",
        )),
        Some(Treatment::Accept) if risk.risk.acceptance.is_none() => Some((
            risk.risk.span_of("treatment").unwrap_or(front.opening),
            format!("{} is to be accepted, but no acceptance is recorded", doc.id()),
            "add `acceptance: { by: ROLE, date: YYYY-MM-DD, expires: YYYY-MM-DD }` (6.1.3 f)",
        )),
        _ => None,
    };
    if let Some((span, message, help)) = problem {
        out.push(
            RISK_TREATMENT_INCOMPLETE
                .report(message)
                .at(doc.source.locate(span))
                .with_help(help),
        );
    }
}

fn actions(isms: &Isms, risk: &RiskRef, out: &mut Vec<Diagnostic>) {
    let doc = risk.doc;
    for action in &risk.risk.actions {
        let name = action.id.as_deref().unwrap_or(&action.action);
        match ActionState::of(action, isms.today) {
            ActionState::Overdue if risk.is_open() => out.push(
                RISK_ACTION_OVERDUE
                    .report(format!(
                        "the action {name} of {} was due on {} and is not done",
                        doc.id(),
                        action.due.map(|d| d.to_string()).unwrap_or_default()
                    ))
                    .at(doc.source.locate(action.span))
                    .with_help("record `done: YYYY-MM-DD` when it is done, or agree a new `due:` date"),
            ),
            ActionState::Overdue | ActionState::Open if !risk.is_open() => out.push(
                RISK_CLOSED_WITH_OPEN_ACTIONS
                    .report(format!("{} is closed, but its action {name} is not done", doc.id()))
                    .at(doc.source.locate(action.span))
                    .with_help("record `done:` on the action, remove it if it was dropped, or reopen the risk"),
            ),
            _ => {}
        }
    }
}

fn excluded_controls(isms: &Isms, risk: &RiskRef, out: &mut Vec<Diagnostic>) {
    let doc = risk.doc;
    for (entry, control) in doc.source.front.controls.iter().zip(&doc.controls) {
        let ControlRef::Current(id) = control else {
            continue;
        };
        let Some(decision) = isms.soa.decisions.get(id) else {
            continue;
        };
        if !decision.applicable {
            out.push(
                RISK_CONTROL_EXCLUDED
                    .report(format!("{} selects {id} to treat it, but the SoA excludes {id}", doc.id()))
                    .at(doc.source.locate(entry.span))
                    .with_related(decision.location.clone(), "excluded here")
                    .with_help(format!(
                        "make {id} applicable in soa.yaml (with `reasons: [risk]`), or select another control for {}",
                        doc.id()
                    )),
            );
        }
    }
}
