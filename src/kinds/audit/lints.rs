//! The checks on internal audits: the programme covers every clause and every applicable
//! control within the cycle, planned audits are reported, auditors are impartial.

use crate::diagnostic::{Diagnostic, Level};
use crate::lint::registry::{fixed_error, lint_def};
use crate::lint::Lint;
use crate::model::Isms;

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
pub fn check(_isms: &Isms) -> Vec<Diagnostic> {
    Vec::new()
}
