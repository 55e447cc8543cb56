//! Suppliers (A.5.19–A.5.23): the record's fields, the `[suppliers]` settings, the lints on
//! assessments, certificates, contracts and DPAs, the register and each supplier's block, the
//! exports and the calendar entries.

pub mod export;
pub mod lints;
pub mod pages;
pub mod record;
pub mod settings;
pub mod view;

pub use record::{Certification, Contract, Criticality, Dpa, Supplier};
pub use settings::SupplierSettings;

use jiff::civil::Date;

use super::Kind;
use crate::calendar::Interval;
use crate::model::{Document, Isms};

pub const KIND: Kind = Kind {
    name: "supplier",
    folder: "suppliers",
    label: "Supplier",
    plural: "Suppliers",
    statuses: &[
        ("active", "Active"),
        ("onboarding", "Onboarding"),
        ("offboarded", "Offboarded"),
    ],
    keys: record::KEYS,
    read: record::read,
    part: super::Part {
        key: "suppliers",
        clauses: &[],
        lints: lints::LINTS,
        check: lints::check,
        pages: pages::render_all,
        nav: pages::nav,
        card: pages::card,
        exports: export::write,
        json: export::json,
        calendar: export::calendar_entries,
    },
};

/// A supplier record of the model.
#[derive(Clone, Copy)]
pub struct SupplierRef<'a> {
    pub index: usize,
    pub doc: &'a Document,
    pub supplier: &'a Supplier,
}

impl SupplierRef<'_> {
    pub fn status_key(&self) -> &'static str {
        self.doc
            .source
            .front
            .record
            .as_ref()
            .map_or("active", |r| r.status)
    }

    /// Onboarding or active: the relationship stands (offboarded ones are history).
    pub fn is_current(&self) -> bool {
        self.status_key() != "offboarded"
    }

    pub fn criticality(&self) -> Option<Criticality> {
        self.supplier.criticality.as_ref().map(|c| c.value)
    }

    /// The assessment interval: its own `assess_every`, else its criticality's.
    pub fn interval(&self, settings: &SupplierSettings) -> Option<Interval> {
        self.supplier
            .assess_every
            .or_else(|| self.criticality().map(|c| settings.interval(c)))
    }

    /// When the next assessment is due: the last one plus the interval; None when never
    /// assessed or without an interval.
    pub fn next_assessment(&self, settings: &SupplierSettings) -> Option<Date> {
        let last = self.supplier.last_assessed?;
        Some(self.interval(settings)?.after(last))
    }
}

/// A supplier record's review as a document: its assessment (the last one plus its
/// interval); none once offboarded. None (not a supplier): the document's own review.
pub fn review(
    front: &crate::source::FrontMatter,
    config: &crate::config::Config,
    today: Date,
) -> Option<Option<crate::model::review::Review>> {
    let record = front.record.as_ref()?;
    let supplier = record.supplier()?;
    if record.status == "offboarded" {
        return Some(None);
    }
    let interval = supplier.assess_every.or_else(|| {
        supplier
            .criticality
            .as_ref()
            .map(|c| config.suppliers.interval(c.value))
    });
    let dates = crate::model::review::ReviewDates {
        next_review: supplier
            .last_assessed
            .zip(interval)
            .map(|(last, every)| every.after(last)),
        last_reviewed: supplier.last_assessed,
        review_every: interval,
    };
    Some(Some(crate::model::review::review_of(dates, config, today)))
}

/// Every supplier of the model, in path order.
pub fn suppliers(isms: &Isms) -> impl Iterator<Item = SupplierRef<'_>> {
    isms.records_of(&KIND).filter_map(|index| {
        let doc = &isms.documents[index];
        let supplier = doc.source.front.record.as_ref()?.supplier()?;
        Some(SupplierRef {
            index,
            doc,
            supplier,
        })
    })
}

/// The supplier with id `id` (any case).
pub fn find<'a>(isms: &'a Isms, id: &str) -> Option<SupplierRef<'a>> {
    suppliers(isms).find(|s| s.doc.id().eq_ignore_ascii_case(id))
}

/// Where a certificate stands on a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CertificateState {
    Valid,
    Expiring,
    Expired,
    /// No expiry date written.
    Undated,
}

impl CertificateState {
    pub fn of(expires: Option<Date>, today: Date, warn_before: Interval) -> CertificateState {
        match expires {
            None => CertificateState::Undated,
            Some(e) if e < today => CertificateState::Expired,
            Some(e) if warn_before.before(e) <= today => CertificateState::Expiring,
            Some(_) => CertificateState::Valid,
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            CertificateState::Valid => "valid",
            CertificateState::Expiring => "expiring",
            CertificateState::Expired => "expired",
            CertificateState::Undated => "undated",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            CertificateState::Valid => "valid",
            CertificateState::Expiring => "expiring soon",
            CertificateState::Expired => "expired",
            CertificateState::Undated => "no expiry date",
        }
    }
}
