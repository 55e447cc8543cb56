//! The events of the certification cycle, by day: the decision, the external audits, the
//! internal audits, the management reviews, the certificate's expiry. The timeline, the table beneath it and the
//! home card read this one list.

use jiff::civil::Date;

use crate::kinds::audit::internal_audits;
use crate::model::Isms;

use super::cycle::Cycle;
use super::file::Certification;

/// What kind of event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventKind {
    Decision,
    External,
    Internal,
    Review,
    Expiry,
}

impl EventKind {
    pub fn key(self) -> &'static str {
        match self {
            EventKind::Decision => "decision",
            EventKind::External => "external",
            EventKind::Internal => "internal",
            EventKind::Review => "review",
            EventKind::Expiry => "expiry",
        }
    }
}

/// One event of the cycle.
#[derive(Clone, Debug)]
pub struct Event {
    pub day: Date,
    pub kind: EventKind,
    /// `Surveillance audit 2`, `Internal audit IA-2026-1`.
    pub label: String,
    /// A short mark for the timeline: `S2`, `IA`.
    pub mark: String,
    /// Held (or, for the decision and expiry, fixed); false: planned.
    pub done: bool,
    /// The result or state in words.
    pub detail: Option<String>,
    /// The page of a report or record (relative to the site root).
    pub page: Option<String>,
}

/// The events of `cert`'s cycle, by day (then decision, external, internal, expiry).
pub fn events(isms: &Isms, cert: &Certification) -> Vec<Event> {
    let mut out = vec![
        Event {
            day: cert.certified.value,
            kind: EventKind::Decision,
            label: "Certification decision".into(),
            mark: "C".into(),
            done: true,
            detail: cert.certificate.clone(),
            page: None,
        },
        Event {
            day: cert.expires.value,
            kind: EventKind::Expiry,
            label: "Certificate expires".into(),
            mark: "E".into(),
            done: true,
            detail: None,
            page: None,
        },
    ];
    for audit in &cert.audits {
        out.push(Event {
            day: audit.day(),
            kind: EventKind::External,
            label: audit.kind.label().to_string(),
            mark: match audit.kind {
                super::ExternalKind::Stage1 => "St1",
                super::ExternalKind::Stage2 => "St2",
                super::ExternalKind::Surveillance1 => "S1",
                super::ExternalKind::Surveillance2 => "S2",
                super::ExternalKind::Recertification => "R",
                super::ExternalKind::Special => "Sp",
            }
            .into(),
            done: audit.is_done(),
            detail: Some(match (audit.is_done(), audit.result) {
                (true, Some(r)) => r.key().to_string(),
                (true, None) => "held".into(),
                (false, _) => "planned".into(),
            }),
            page: None,
        });
    }
    let cycle = Cycle::of(isms);
    let first = out.iter().map(|e| e.day).min().unwrap_or(cycle.start);
    for audit in internal_audits(isms) {
        let Some(day) = audit.day() else { continue };
        if day < first || day > cycle.end {
            continue;
        }
        out.push(Event {
            day,
            kind: EventKind::Internal,
            label: format!("Internal audit {}", audit.id),
            mark: "IA".into(),
            done: audit.is_done(),
            detail: Some(
                crate::kinds::audit::view::AuditState::of(&audit, isms.today)
                    .label()
                    .to_lowercase(),
            ),
            page: audit
                .report
                .filter(|r| r.doc.published)
                .map(|r| r.doc.page.clone()),
        });
    }
    for review in crate::kinds::management_review::reviews(isms) {
        let Some(day) = review.mr.date else { continue };
        if day < first || day > cycle.end {
            continue;
        }
        out.push(Event {
            day,
            kind: EventKind::Review,
            label: format!("Management review {}", review.doc.id()),
            mark: "MR".into(),
            done: review.is_held(),
            detail: Some(review.status_key().into()),
            page: review.doc.published.then(|| review.doc.page.clone()),
        });
    }
    let rank = |k: EventKind| match k {
        EventKind::Decision => 0,
        EventKind::External => 1,
        EventKind::Internal => 2,
        EventKind::Review => 3,
        EventKind::Expiry => 4,
    };
    out.sort_by(|a, b| a.day.cmp(&b.day).then(rank(a.kind).cmp(&rank(b.kind))));
    out
}

/// The next external audit not yet held, on or after `today`.
pub fn next_external(isms: &Isms, cert: &Certification) -> Option<(Date, &'static str)> {
    cert.audits
        .iter()
        .filter(|a| !a.is_done() && a.day() >= isms.today)
        .map(|a| (a.day(), a.kind.label()))
        .min()
}
