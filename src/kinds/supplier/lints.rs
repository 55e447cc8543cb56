//! The checks on suppliers: assessment overdue (interval by criticality), certificates
//! expired or expiring, contract clauses required for the criticality, confidential or
//! restricted data without a DPA, a contract that ended while the supplier is active.

use crate::diagnostic::{Diagnostic, Level};
use crate::lint::registry::lint_def;
use crate::lint::Lint;
use crate::model::Isms;
use crate::source::Classification;

use super::settings::clause_key;
use super::{suppliers, CertificateState, SupplierRef};

pub const SUPPLIER_ASSESSMENT_OVERDUE: Lint = lint_def(
    "supplier-assessment-overdue",
    Level::Warning,
    "a current supplier was never assessed, or its assessment is overdue (interval by criticality)",
);
pub const SUPPLIER_CERTIFICATE_EXPIRED: Lint = lint_def(
    "supplier-certificate-expired",
    Level::Warning,
    "a current supplier's certificate has expired",
);
pub const SUPPLIER_CERTIFICATE_EXPIRING: Lint = lint_def(
    "supplier-certificate-expiring",
    Level::Note,
    "a current supplier's certificate expires within `[suppliers] warn_before`",
);
pub const SUPPLIER_CONTRACT_CLAUSE_MISSING: Lint = lint_def(
    "supplier-contract-clause-missing",
    Level::Warning,
    "a supplier's contract lacks a clause `[suppliers] clauses` requires for its criticality",
);
pub const SUPPLIER_DATA_WITHOUT_DPA: Lint = lint_def(
    "supplier-data-without-dpa",
    Level::Warning,
    "a supplier handles confidential or restricted data without a data processing agreement",
);
pub const SUPPLIER_CONTRACT_ENDED: Lint = lint_def(
    "supplier-contract-ended",
    Level::Warning,
    "the contract of an active supplier has ended",
);
pub const SUPPLIER_WITHOUT_CRITICALITY: Lint = lint_def(
    "supplier-without-criticality",
    Level::Warning,
    "a supplier has no `criticality`, so its assessment interval and required clauses are unknown",
);

pub const LINTS: &[Lint] = &[
    SUPPLIER_ASSESSMENT_OVERDUE,
    SUPPLIER_CERTIFICATE_EXPIRED,
    SUPPLIER_CERTIFICATE_EXPIRING,
    SUPPLIER_CONTRACT_CLAUSE_MISSING,
    SUPPLIER_DATA_WITHOUT_DPA,
    SUPPLIER_CONTRACT_ENDED,
    SUPPLIER_WITHOUT_CRITICALITY,
];

/// Every supplier check over the model.
pub fn check(isms: &Isms) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for supplier in suppliers(isms) {
        if !supplier.is_current() {
            continue;
        }
        criticality(&supplier, &mut out);
        assessment(isms, &supplier, &mut out);
        certificates(isms, &supplier, &mut out);
        contract(isms, &supplier, &mut out);
        dpa(&supplier, &mut out);
    }
    out
}

fn criticality(s: &SupplierRef, out: &mut Vec<Diagnostic>) {
    if s.supplier.criticality.is_none() && s.supplier.span_of("criticality").is_none() {
        out.push(
            SUPPLIER_WITHOUT_CRITICALITY
                .report(format!("{} has no criticality", s.doc.id()))
                .at(s.doc.source.locate(s.doc.source.front.opening))
                .with_help("add `criticality: low`, `medium`, `high` or `critical`"),
        );
    }
}

fn assessment(isms: &Isms, s: &SupplierRef, out: &mut Vec<Diagnostic>) {
    let settings = &isms.config.suppliers;
    let Some(interval) = s.interval(settings) else {
        return;
    };
    let doc = s.doc;
    let basis = match (s.supplier.assess_every, s.criticality()) {
        (Some(_), _) => "its `assess_every`".to_string(),
        (None, Some(c)) => format!("a {} supplier", c.key()),
        (None, None) => String::new(),
    };
    match s.next_assessment(settings) {
        None if s.supplier.span_of("last_assessed").is_none() => out.push(
            SUPPLIER_ASSESSMENT_OVERDUE
                .report(format!("{} has never been assessed", doc.id()))
                .at(doc.source.locate(doc.source.front.opening))
                .with_help(format!(
                    "assess it and record `last_assessed: YYYY-MM-DD` (every {interval} for {basis})"
                )),
        ),
        Some(due) if due < isms.today => out.push(
            SUPPLIER_ASSESSMENT_OVERDUE
                .report(format!(
                    "the assessment of {} was due on {due} (every {interval} for {basis})",
                    doc.id()
                ))
                .at(doc.source.locate(
                    s.supplier.span_of("last_assessed").unwrap_or(doc.source.front.opening),
                ))
                .with_help("assess the supplier again and update `last_assessed`"),
        ),
        _ => {}
    }
}

fn certificates(isms: &Isms, s: &SupplierRef, out: &mut Vec<Diagnostic>) {
    let warn_before = isms.config.suppliers.warn_before;
    for cert in &s.supplier.certifications {
        let Some(expires) = cert.expires else {
            continue;
        };
        match CertificateState::of(Some(expires), isms.today, warn_before) {
            CertificateState::Expired => out.push(
                SUPPLIER_CERTIFICATE_EXPIRED
                    .report(format!(
                        "the {} certificate of {} expired on {expires}",
                        cert.standard,
                        s.doc.id()
                    ))
                    .at(s.doc.source.locate(cert.span))
                    .with_help("ask the supplier for the renewed certificate and record its new `expires`, or remove it"),
            ),
            CertificateState::Expiring => out.push(
                SUPPLIER_CERTIFICATE_EXPIRING
                    .report(format!(
                        "the {} certificate of {} expires on {expires}",
                        cert.standard,
                        s.doc.id()
                    ))
                    .at(s.doc.source.locate(cert.span))
                    .with_help("ask the supplier for the renewal before it expires"),
            ),
            _ => {}
        }
    }
}

fn contract(isms: &Isms, s: &SupplierRef, out: &mut Vec<Diagnostic>) {
    let doc = s.doc;
    if let Some(criticality) = s.criticality() {
        let required = isms.config.suppliers.required_clauses(criticality);
        let written: Vec<String> = s
            .supplier
            .contract
            .iter()
            .flat_map(|c| &c.clauses)
            .map(|c| clause_key(&c.value))
            .collect();
        let missing: Vec<&str> = required
            .iter()
            .filter(|r| !written.contains(&clause_key(r)))
            .map(String::as_str)
            .collect();
        if !missing.is_empty() {
            let at = s
                .supplier
                .contract
                .as_ref()
                .map_or(doc.source.front.opening, |c| c.span);
            let what = if s.supplier.contract.is_none() {
                "has no `contract`"
            } else {
                "has a contract without"
            };
            out.push(
                SUPPLIER_CONTRACT_CLAUSE_MISSING
                    .report(format!(
                        "{} is a {} supplier and {what} the clause{} {}",
                        doc.id(),
                        criticality.key(),
                        if missing.len() == 1 { "" } else { "s" },
                        missing.join(", ")
                    ))
                    .at(doc.source.locate(at))
                    .with_help(format!(
                        "agree the clauses with the supplier and list them in `contract: {{ clauses: [...] }}` (required for {} suppliers by [suppliers] clauses in annexa.toml: {})",
                        criticality.key(),
                        required.join(", ")
                    )),
            );
        }
    }
    if s.status_key() == "active" {
        if let Some(end) = s.supplier.contract.as_ref().and_then(|c| c.end) {
            if end < isms.today {
                let span = s
                    .supplier
                    .contract
                    .as_ref()
                    .map_or(doc.source.front.opening, |c| c.span);
                out.push(
                    SUPPLIER_CONTRACT_ENDED
                        .report(format!(
                            "the contract with {} ended on {end}, but the supplier is active",
                            doc.id()
                        ))
                        .at(doc.source.locate(span))
                        .with_help(
                            "record the renewed contract's `end`, or set `status: offboarded`",
                        ),
                );
            }
        }
    }
}

fn dpa(s: &SupplierRef, out: &mut Vec<Diagnostic>) {
    let Some(data) = &s.supplier.data else {
        return;
    };
    if data.value < Classification::Confidential {
        return;
    }
    if s.supplier.dpa.as_ref().is_some_and(|d| d.signed) {
        return;
    }
    out.push(
        SUPPLIER_DATA_WITHOUT_DPA
            .report(format!(
                "{} handles {} data but has no data processing agreement",
                s.doc.id(),
                data.value.key()
            ))
            .at(s.doc.source.locate(data.span))
            .with_help("sign a DPA with the supplier and record `dpa: YYYY-MM-DD` (the date it was signed)"),
    );
}
