//! The checks on internal audits: the programme covers every clause and every applicable
//! control within the cycle, planned audits are reported, auditors are impartial.

use crate::catalog::clauses::touches;
use crate::diagnostic::{Diagnostic, Level, Location};
use crate::lint::registry::{fixed_error, lint_def};
use crate::lint::Lint;
use crate::model::{Document, Isms};

use super::coverage::coverage;
use super::scope::Scope;
use super::{internal_audits, reports, InternalAudit};

pub const INVALID_AUDIT_PROGRAMME: Lint = fixed_error(
    "invalid-audit-programme",
    "audits/programme.yaml cannot be used as written",
);
pub const UNKNOWN_CLAUSE: Lint = lint_def(
    "unknown-clause",
    Level::Error,
    "a clause id in `clauses:` or an audit's scope is not a clause (4–10.2) of ISO/IEC 27001:2022",
);
pub const AUDIT_PROGRAMME_GAP: Lint = lint_def(
    "audit-programme-gap",
    Level::Warning,
    "a clause 4–10 or an applicable Annex A control is in no internal audit's scope, done or planned, within the current cycle",
);
pub const AUDIT_OVERDUE: Lint = lint_def(
    "audit-overdue",
    Level::Warning,
    "a planned internal audit's month has passed without a report marked `status: done`",
);
pub const AUDITOR_NOT_IMPARTIAL: Lint = lint_def(
    "auditor-not-impartial",
    Level::Warning,
    "an auditor owns a document or record inside the audit's scope (9.2.2: auditors are objective and impartial)",
);

/// The lints above, for the registry.
pub const LINTS: &[Lint] = &[
    INVALID_AUDIT_PROGRAMME,
    UNKNOWN_CLAUSE,
    AUDIT_PROGRAMME_GAP,
    AUDIT_OVERDUE,
    AUDITOR_NOT_IMPARTIAL,
];

/// Every internal audit check over the model.
pub fn check(isms: &Isms) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let audits = internal_audits(isms);
    if audits.is_empty() {
        return out;
    }
    gaps(isms, &mut out);
    for audit in &audits {
        overdue(isms, audit, &mut out);
        impartiality(isms, audit, &mut out);
    }
    out
}

/// Where to report about the programme as a whole: its `audits:` line, else the first
/// report's front matter.
fn programme_location(isms: &Isms) -> Option<Location> {
    if let Some(programme) = isms.data.audit_programme.get() {
        return Some(programme.locate(programme.key));
    }
    let first = reports(isms).next()?;
    Some(first.doc.source.locate(first.doc.source.front.opening))
}

/// A list in words: `a, b and c`.
fn in_words(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

fn gaps(isms: &Isms, out: &mut Vec<Diagnostic>) {
    let coverage = coverage(isms);
    let Some(location) = programme_location(isms) else {
        return;
    };
    let cycle = format!("{} to {}", coverage.cycle.start, coverage.cycle.end);
    let clauses: Vec<String> = coverage.missing_clauses().map(|r| r.id.clone()).collect();
    if !clauses.is_empty() {
        out.push(
            AUDIT_PROGRAMME_GAP
                .report(format!(
                    "clause{} {} {} in the scope of no internal audit in the cycle {cycle}",
                    if clauses.len() == 1 { "" } else { "s" },
                    in_words(&clauses),
                    if clauses.len() == 1 { "is" } else { "are" },
                ))
                .at(location.clone())
                .with_help(format!(
                    "add the clause{} to the `scope: {{ clauses: [...] }}` of an audit planned in {}",
                    if clauses.len() == 1 { "" } else { "s" },
                    super::programme::FILE
                )),
        );
    }
    let controls: Vec<String> = coverage
        .missing_controls()
        .map(|c| c.as_str().to_string())
        .collect();
    if !controls.is_empty() {
        let shown: Vec<String> = controls.iter().take(12).cloned().collect();
        let more = controls.len().saturating_sub(shown.len());
        out.push(
            AUDIT_PROGRAMME_GAP
                .report(format!(
                    "{} applicable Annex A control{} in the scope of no internal audit in the cycle {cycle}: {}{}",
                    controls.len(),
                    if controls.len() == 1 { " is" } else { "s are" },
                    shown.join(", "),
                    if more > 0 { format!(" and {more} more") } else { String::new() },
                ))
                .at(location)
                .with_help("add them to the `scope: { controls: [...] }` of audits planned in the cycle (see the coverage matrix on audit-programme.html)"),
        );
    }
}

fn overdue(isms: &Isms, audit: &InternalAudit, out: &mut Vec<Diagnostic>) {
    if audit.is_done() {
        return;
    }
    let (location, when, last) = match (audit.entry, audit.report) {
        (Some(entry), _) => {
            let Some(programme) = isms.data.audit_programme.get() else {
                return;
            };
            (
                programme.locate(entry.planned_span),
                entry.planned.label(),
                entry.planned.last,
            )
        }
        (None, Some(report)) => {
            let Some(date) = report.audit.date else {
                return;
            };
            let span = report
                .audit
                .span_of("date")
                .unwrap_or(report.doc.source.front.opening);
            (report.doc.source.locate(span), date.to_string(), date)
        }
        (None, None) => return,
    };
    if last >= isms.today {
        return;
    }
    let help = match audit.report {
        Some(report) => format!(
            "hold the audit and set `status: done` and its `date:` in {}, or plan it again",
            report.doc.rel_path()
        ),
        None => format!(
            "write its report as audits/{}.md with `status: done`, or plan it again in {}",
            audit.id,
            super::programme::FILE
        ),
    };
    out.push(
        AUDIT_OVERDUE
            .report(format!(
                "internal audit {} was planned for {when} and has no report marked done",
                audit.id
            ))
            .at(location)
            .with_help(help),
    );
}

/// Whether `doc` lies inside `scope`: it lists a control of it, declares a clause of it, or
/// is a record of a kind that is evidence for a clause of it.
fn in_scope(doc: &Document, scope: &Scope) -> bool {
    let front = &doc.source.front;
    doc.current_controls().any(|c| scope.has_control(c))
        || front.clauses.iter().any(|c| scope.has_clause(&c.value))
        || front.record.as_ref().is_some_and(|r| {
            r.kind
                .part
                .clauses
                .iter()
                .any(|k| scope.clauses.iter().any(|c| touches(&c.value, k)))
        })
}

fn impartiality(isms: &Isms, audit: &InternalAudit, out: &mut Vec<Diagnostic>) {
    let Some(scope) = audit.scope() else {
        return;
    };
    for auditor in audit.auditors() {
        let owned: Vec<&Document> = isms
            .documents
            .iter()
            .filter(|d| {
                d.source
                    .front
                    .record
                    .as_ref()
                    .is_none_or(|r| r.kind.name != super::KIND.name)
            })
            .filter(|d| {
                d.source
                    .front
                    .owner
                    .as_ref()
                    .is_some_and(|o| o.value.eq_ignore_ascii_case(&auditor.value))
            })
            .filter(|d| in_scope(d, scope))
            .collect();
        if owned.is_empty() {
            continue;
        }
        let location = match (audit.report, audit.entry) {
            (Some(r), _) if !r.audit.auditors.is_empty() => r.doc.source.locate(auditor.span),
            (_, Some(_)) => match isms.data.audit_programme.get() {
                Some(p) => p.locate(auditor.span),
                None => continue,
            },
            _ => continue,
        };
        let ids: Vec<String> = owned.iter().take(6).map(|d| d.id().to_string()).collect();
        let more = owned.len().saturating_sub(ids.len());
        out.push(
            AUDITOR_NOT_IMPARTIAL
                .report(format!(
                    "{} audits {} but owns {} inside its scope: {}{}",
                    auditor.value,
                    audit.id,
                    if owned.len() == 1 { "a document" } else { "documents" },
                    ids.join(", "),
                    if more > 0 { format!(" and {more} more") } else { String::new() },
                ))
                .at(location)
                .with_help("auditors must not audit their own work (9.2.2): choose another auditor, or take these out of the audit's scope"),
        );
    }
}
