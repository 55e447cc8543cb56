//! The register of legal, statutory, regulatory and contractual requirements (A.5.31):
//! obligations.yaml, its lints (review overdue, no control, non-compliant with nothing done
//! about it), the legal register page, obligations.csv, annexa.json and the calendar.

pub mod export;
pub mod file;
pub mod lints;
pub mod pages;

pub use file::{Compliance, Obligation, ObligationKind, Obligations};

use jiff::civil::Date;

use super::Part;
use crate::model::Isms;

pub const PART: Part = Part {
    key: "obligations",
    clauses: &[],
    lints: lints::LINTS,
    check: lints::check,
    pages: pages::render_all,
    nav: pages::nav,
    card: pages::card,
    exports: export::write,
    json: export::json,
    calendar: export::calendar_entries,
};

/// When the obligation is next to be reviewed: the last review plus its interval (the
/// project's `default_review` when it sets none); None when never reviewed.
pub fn next_review(isms: &Isms, obligation: &Obligation) -> Option<Date> {
    let interval = obligation
        .review_every
        .unwrap_or(isms.config.default_review);
    Some(interval.after(obligation.last_reviewed?))
}

/// The obligations of the project (none without obligations.yaml).
pub fn all(isms: &Isms) -> &[Obligation] {
    isms.data
        .obligations
        .get()
        .map_or(&[], |o| o.obligations.as_slice())
}

/// The nonconformity records that deal with an obligation: those it names in
/// `nonconformities:` and those whose `source:` is its id, in path order, each with whether
/// it is still open (not closed).
pub fn nonconformities_of<'a>(
    isms: &'a Isms,
    obligation: &Obligation,
) -> Vec<(&'a crate::model::Document, bool)> {
    let kind = &crate::kinds::nonconformity::KIND;
    isms.records_of(kind)
        .map(|index| &isms.documents[index])
        .filter_map(|doc| {
            let record = doc.source.front.record.as_ref()?;
            let nc = record.nonconformity()?;
            let named = obligation
                .nonconformities
                .iter()
                .any(|(id, _)| id.eq_ignore_ascii_case(doc.id()));
            let sourced = nc
                .source
                .as_ref()
                .is_some_and(|s| s.value.eq_ignore_ascii_case(&obligation.id));
            (named || sourced).then_some((doc, record.status != "closed"))
        })
        .collect()
}
