//! The checks on the certification cycle (ISO/IEC 17021-1): surveillance in time and every
//! calendar year, the certificate's expiry, and an ISMS checked before each external audit.

use jiff::civil::Date;
use jiff::ToSpan;

use crate::diagnostic::{Diagnostic, Level};
use crate::lint::registry::{fixed_error, lint_def};
use crate::lint::Lint;
use crate::model::Isms;

use super::file::{Certification, ExternalAudit, ExternalKind, FILE};

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

/// Days before expiry from which `certificate-expiring` warns.
pub const EXPIRY_WARNING_DAYS: i32 = 90;
/// Days before an external audit from which `external-audit-unprepared` looks.
pub const PREPARATION_DAYS: i32 = 60;

/// Every certification check over the model.
pub fn check(isms: &Isms) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let Some(cert) = isms.data.certification.get() else {
        return out;
    };
    first_surveillance(isms, cert, &mut out);
    yearly_surveillance(isms, cert, &mut out);
    expiry(isms, cert, &mut out);
    preparation(isms, cert, &mut out);
    out
}

/// Days from `from` to `to` (negative when `to` is earlier).
pub fn days_between(from: Date, to: Date) -> i32 {
    from.until(to).map_or(0, |s| s.get_days())
}

fn first_surveillance(isms: &Isms, cert: &Certification, out: &mut Vec<Diagnostic>) {
    let decided = cert.certified.value;
    let deadline = decided.checked_add(12.months()).unwrap_or(Date::MAX);
    let first = cert
        .audits
        .iter()
        .find(|a| a.kind == ExternalKind::Surveillance1)
        .or_else(|| {
            cert.audits
                .iter()
                .find(|a| a.kind.keeps_certificate() && a.day() > decided)
        });
    match first {
        Some(audit) if audit.day() > deadline => out.push(
            SURVEILLANCE_LATE
                .report(format!(
                    "the first surveillance audit is {} {}, later than 12 months after the certification decision of {decided} (by {deadline})",
                    if audit.is_done() { "dated" } else { "planned for" },
                    audit.day()
                ))
                .at(cert.locate(audit.day_span))
                .with_help("ISO/IEC 17021-1 (9.6.2.2) wants the first surveillance audit within 12 months of the certification decision: agree an earlier date with the certification body"),
        ),
        None if isms.today > deadline => out.push(
            SURVEILLANCE_LATE
                .report(format!(
                    "no surveillance audit is recorded and 12 months have passed since the certification decision of {decided}"
                ))
                .at(cert.locate(cert.audits_key))
                .with_help("add the first surveillance audit to `audits:` (`{ kind: surveillance-1, date: … }`)"),
        ),
        _ => {}
    }
}

fn yearly_surveillance(isms: &Isms, cert: &Certification, out: &mut Vec<Diagnostic>) {
    // The certification audit falls in the first year and the recertification in the last;
    // every calendar year between needs a surveillance audit, once it has begun.
    let first = cert.certified.value.year().saturating_add(1);
    let last = cert
        .expires
        .value
        .year()
        .saturating_sub(1)
        .min(isms.today.year());
    for year in first..=last {
        let held = cert
            .audits
            .iter()
            .any(|a| a.kind.keeps_certificate() && a.day().year() == year);
        if !held {
            out.push(
                SURVEILLANCE_MISSING
                    .report(format!(
                        "{year} has no surveillance audit, held or planned, in {FILE}"
                    ))
                    .at(cert.locate(cert.audits_key))
                    .with_help(format!(
                        "surveillance audits are due at least once every calendar year of the cycle (ISO/IEC 17021-1, 9.6.2.2): add the {year} audit (`{{ kind: surveillance-…, planned: {year}-… }}`)"
                    )),
            );
        }
    }
}

fn expiry(isms: &Isms, cert: &Certification, out: &mut Vec<Diagnostic>) {
    let expires = cert.expires.value;
    let days = days_between(isms.today, expires);
    if days > EXPIRY_WARNING_DAYS {
        return;
    }
    let message = if days < 0 {
        format!("the certificate expired on {expires}")
    } else {
        format!("the certificate expires on {expires}, in {days} days")
    };
    out.push(
        CERTIFICATE_EXPIRING
            .report(message)
            .at(cert.locate(cert.expires.span))
            .with_help("hold the recertification audit before the expiry and write the new certificate's `certified:` and `expires:`"),
    );
}

/// The day of the last external audit held before today, else the certification decision.
fn last_external(isms: &Isms, cert: &Certification) -> Date {
    cert.audits
        .iter()
        .filter_map(|a| a.date)
        .filter(|d| *d <= isms.today)
        .max()
        .unwrap_or(cert.certified.value)
}

fn preparation(isms: &Isms, cert: &Certification, out: &mut Vec<Diagnostic>) {
    let upcoming: Option<&ExternalAudit> = cert.audits.iter().find(|a| {
        !a.is_done() && {
            let days = days_between(isms.today, a.day());
            (0..=PREPARATION_DAYS).contains(&days)
        }
    });
    let Some(audit) = upcoming else {
        return;
    };
    let since = last_external(isms, cert);
    let held = |d: Date| d > since && d <= isms.today;
    let internal = crate::kinds::audit::internal_audits(isms)
        .iter()
        .any(|a| a.is_done() && a.day().is_some_and(held));
    let review = crate::kinds::management_review::held(isms)
        .iter()
        .any(|r| r.mr.date.is_some_and(held));
    if internal || review {
        return;
    }
    out.push(
        EXTERNAL_AUDIT_UNPREPARED
            .report(format!(
                "the {} on {} is in {} days and no internal audit or management review was held since the last external audit ({since})",
                audit.kind.label().to_lowercase(),
                audit.day(),
                days_between(isms.today, audit.day())
            ))
            .at(cert.locate(audit.day_span))
            .with_help("hold an internal audit or a management review before it, and record it (audits/ with `status: done`, management-reviews/ with `status: held`)"),
    );
}
