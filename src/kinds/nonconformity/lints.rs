//! The checks on nonconformities (10.2): overdue corrective actions, a missing root cause,
//! closing without an effectiveness check, a major left without actions, and the same clause
//! or control nonconforming again within 12 months.

use std::collections::BTreeMap;

use jiff::civil::Date;

use crate::calendar::{Interval, IntervalUnit};
use crate::diagnostic::{natural_cmp, Diagnostic, Level, Location};
use crate::kinds::action::ActionState;
use crate::lint::registry::lint_def;
use crate::lint::Lint;
use crate::model::{ControlRef, Isms};

use super::{nonconformities, Grade, NcRef};

pub const NC_ACTION_OVERDUE: Lint = lint_def(
    "nc-action-overdue",
    Level::Warning,
    "a corrective action of a nonconformity not closed is past its due date and not done",
);
pub const NC_NO_ROOT_CAUSE: Lint = lint_def(
    "nc-no-root-cause",
    Level::Warning,
    "a nonconformity whose actions are planned or later has no root cause (10.2 b)",
);
pub const NC_EFFECTIVENESS_UNCHECKED: Lint = lint_def(
    "nc-effectiveness-unchecked",
    Level::Warning,
    "a verified or closed nonconformity has no effectiveness check (10.2 d)",
);
pub const NC_MAJOR_WITHOUT_ACTIONS: Lint = lint_def(
    "nc-major-without-actions",
    Level::Warning,
    "a major nonconformity has no corrective actions 30 days after it was raised",
);
pub const NC_RECURRING: Lint = lint_def(
    "nc-recurring",
    Level::Note,
    "the same clause or control is named by two or more nonconformities raised within 12 months: systemic?",
);

pub const NC_FINDING_NOT_REGISTERED: Lint = lint_def(
    "nc-finding-not-registered",
    Level::Warning,
    "a finding of an audit report or of certification.yaml is not a nonconformity of the register",
);

/// The lints above, for the registry.
pub const LINTS: &[Lint] = &[
    NC_FINDING_NOT_REGISTERED,
    NC_ACTION_OVERDUE,
    NC_NO_ROOT_CAUSE,
    NC_EFFECTIVENESS_UNCHECKED,
    NC_MAJOR_WITHOUT_ACTIONS,
    NC_RECURRING,
];

/// Days a major nonconformity may stand without corrective actions.
pub const MAJOR_ACTIONS_WITHIN_DAYS: i64 = 30;

/// Every nonconformity check over the model.
pub fn check(isms: &Isms) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let all: Vec<NcRef> = nonconformities(isms).collect();
    for nc in &all {
        actions(isms, nc, &mut out);
        root_cause(nc, &mut out);
        effectiveness(nc, &mut out);
        major(isms, nc, &mut out);
    }
    recurring(&all, &mut out);
    findings(isms, &all, &mut out);
    out
}

/// Findings of internal audit reports and external audits must be nonconformities of the
/// register (by id).
fn findings(isms: &Isms, all: &[NcRef], out: &mut Vec<Diagnostic>) {
    let registered = |id: &str| {
        isms.document(id)
            .and_then(|d| d.source.front.record.as_ref())
            .is_some_and(|r| r.nonconformity().is_some())
    };
    let ids: Vec<&str> = all.iter().map(|n| n.doc.id()).collect();
    let report = |finding: &crate::source::Spanned<String>,
                  by: &str,
                  source: &str,
                  at: Location| {
        let close = crate::diagnostic::did_you_mean(&finding.value, ids.iter().copied())
            .map(|c| format!("did you mean `{c}`? "))
            .unwrap_or_default();
        NC_FINDING_NOT_REGISTERED
            .report(format!(
                "{by} lists the finding {}, which is not in the nonconformity register",
                finding.value
            ))
            .at(at)
            .with_help(format!(
                "{close}record it as nonconformities/{}.md (`grade`, `source: {source}`, `raised`), or correct the id",
                finding.value
            ))
    };
    for audit in crate::kinds::audit::reports(isms) {
        for finding in &audit.audit.findings {
            if !registered(&finding.value) {
                out.push(report(
                    finding,
                    audit.doc.id(),
                    audit.doc.id(),
                    audit.doc.source.locate(finding.span),
                ));
            }
        }
    }
    if let Some(cert) = isms.data.certification.get() {
        for external in &cert.audits {
            let by = format!("the {} audit in certification.yaml", external.kind.key());
            for finding in &external.findings {
                if !registered(&finding.value) {
                    out.push(report(
                        finding,
                        &by,
                        &format!("{} audit", external.kind.key()),
                        cert.locate(finding.span),
                    ));
                }
            }
        }
    }
}

fn actions(isms: &Isms, nc: &NcRef, out: &mut Vec<Diagnostic>) {
    if nc.is_closed() {
        return;
    }
    for action in &nc.nc.actions {
        if ActionState::of(action, isms.today) != ActionState::Overdue {
            continue;
        }
        out.push(
            NC_ACTION_OVERDUE
                .report(format!(
                    "the corrective action {} of {} was due on {} and is not done",
                    action.name(),
                    nc.doc.id(),
                    action.due.map(|d| d.to_string()).unwrap_or_default()
                ))
                .at(nc.doc.source.locate(action.span))
                .with_help("record `done: YYYY-MM-DD` when it is done, or agree a new `due:` date"),
        );
    }
}

fn status_location(nc: &NcRef) -> Location {
    nc.doc.source.locate_key("status")
}

fn root_cause(nc: &NcRef, out: &mut Vec<Diagnostic>) {
    if nc.stage() == 0 || nc.nc.root_cause.is_some() || nc.nc.span_of("root_cause").is_some() {
        return;
    }
    out.push(
        NC_NO_ROOT_CAUSE
            .report(format!(
                "{} is {}, but no root cause is recorded",
                nc.doc.id(),
                nc.status_key()
            ))
            .at(status_location(nc))
            .with_help("add `root_cause:` saying why it happened: corrective action removes the cause, not only the symptom (10.2 b)"),
    );
}

fn effectiveness(nc: &NcRef, out: &mut Vec<Diagnostic>) {
    if !matches!(nc.status_key(), "verified" | "closed") {
        return;
    }
    let (message, at) = match &nc.nc.effectiveness {
        None => (
            format!(
                "{} is {}, but no effectiveness check is recorded",
                nc.doc.id(),
                nc.status_key()
            ),
            status_location(nc),
        ),
        Some(e) if e.checked.is_none() || e.effective.is_none() => (
            format!(
                "{} is {}, but its effectiveness check has no {}",
                nc.doc.id(),
                nc.status_key(),
                if e.checked.is_none() {
                    "`checked` date"
                } else {
                    "`effective` result"
                }
            ),
            nc.doc.source.locate(e.span),
        ),
        _ => return,
    };
    out.push(
        NC_EFFECTIVENESS_UNCHECKED
            .report(message)
            .at(at)
            .with_help("record `effectiveness: { due: …, checked: YYYY-MM-DD, by: ROLE, effective: true }` once the check is done, or set the status back to `implemented`"),
    );
}

fn major(isms: &Isms, nc: &NcRef, out: &mut Vec<Diagnostic>) {
    let (Some(Grade::Major), Some(raised)) = (nc.nc.grade, nc.nc.raised) else {
        return;
    };
    if !nc.nc.actions.is_empty() || nc.is_closed() {
        return;
    }
    let days = days_between(raised, isms.today);
    if days <= MAJOR_ACTIONS_WITHIN_DAYS {
        return;
    }
    out.push(
        NC_MAJOR_WITHOUT_ACTIONS
            .report(format!(
                "{} is a major nonconformity raised {days} days ago ({raised}) and has no corrective actions",
                nc.doc.id()
            ))
            .at(nc.doc.source.locate(nc.nc.span_of("grade").unwrap_or(nc.doc.source.front.opening)))
            .with_help("plan the corrective actions in `actions:` (what, who, by when): a certification body expects them for a major nonconformity"),
    );
}

/// What two nonconformities can share: a clause or a control.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Shared {
    Clause(String),
    Control(String),
}

fn recurring(all: &[NcRef], out: &mut Vec<Diagnostic>) {
    // (what) → [(raised, nc index in `all`, where it is named)]
    let mut named: BTreeMap<Shared, Vec<(Date, usize, crate::diagnostic::Span)>> = BTreeMap::new();
    for (n, nc) in all.iter().enumerate() {
        let Some(raised) = nc.nc.raised else {
            continue;
        };
        for clause in &nc.doc.source.front.clauses {
            let key = Shared::Clause(clause.value.trim().to_string());
            push_once(named.entry(key).or_default(), (raised, n, clause.span));
        }
        for (control, written) in nc.doc.controls.iter().zip(&nc.doc.source.front.controls) {
            if let ControlRef::Current(id) = control {
                let key = Shared::Control(id.to_string());
                push_once(named.entry(key).or_default(), (raised, n, written.span));
            }
        }
    }
    let year = Interval::new(12, IntervalUnit::Months);
    for (what, mut list) in named {
        if list.len() < 2 {
            continue;
        }
        list.sort_by(|a, b| {
            a.0.cmp(&b.0)
                .then_with(|| natural_cmp(all[a.1].doc.id(), all[b.1].doc.id()))
        });
        // Each one raised within 12 months after an earlier one is reported once, at its
        // naming of the clause or control, with the earlier ones as related places.
        for (i, &(raised, n, span)) in list.iter().enumerate() {
            let earlier: Vec<&(Date, usize, crate::diagnostic::Span)> = list[..i]
                .iter()
                .filter(|(d, _, _)| year.after(*d) >= raised)
                .collect();
            if earlier.is_empty() {
                continue;
            }
            let nc = &all[n];
            let (label, name) = match &what {
                Shared::Clause(c) => ("clause", c.clone()),
                Shared::Control(c) => ("control", c.clone()),
            };
            let ids: Vec<&str> = earlier.iter().map(|(_, m, _)| all[*m].doc.id()).collect();
            let mut d = NC_RECURRING
                .report(format!(
                    "{} names {label} {name}, as {} did within the 12 months before: systemic?",
                    nc.doc.id(),
                    ids.join(" and ")
                ))
                .at(nc.doc.source.locate(span))
                .with_help(format!(
                    "look for a common root cause of the nonconformities on {label} {name}; if there is one, one corrective action on it serves them all"
                ));
            for (_, m, other) in earlier {
                d = d.with_related(
                    all[*m].doc.source.locate(*other),
                    format!("{} names it here", all[*m].doc.id()),
                );
            }
            out.push(d);
        }
    }
}

fn push_once(
    list: &mut Vec<(Date, usize, crate::diagnostic::Span)>,
    entry: (Date, usize, crate::diagnostic::Span),
) {
    if !list.iter().any(|(_, n, _)| *n == entry.1) {
        list.push(entry);
    }
}

/// Whole days from `from` to `to` (negative when `to` is earlier).
pub fn days_between(from: Date, to: Date) -> i64 {
    from.until(to).map_or(0, |s| i64::from(s.get_days()))
}
