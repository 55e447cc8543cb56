//! Nonconformities and corrective actions (clause 10.2): the record's fields, its lints,
//! the CAPA tracker and each record's block, the exports and calendar entries.

pub mod export;
pub mod lints;
pub mod pages;
pub mod record;
pub mod view;

pub use record::{Effectiveness, Grade, Nonconformity};

use jiff::civil::Date;

use super::action::ActionState;
use super::{CalendarEntry, Kind};
use crate::model::{Document, Isms};

pub const KIND: Kind = Kind {
    name: "nonconformity",
    folder: "nonconformities",
    label: "Nonconformity",
    plural: "Nonconformities",
    statuses: &[
        ("open", "Open"),
        ("planned", "Planned"),
        ("implemented", "Implemented"),
        ("verified", "Verified"),
        ("closed", "Closed"),
    ],
    keys: record::KEYS,
    read: record::read,
    part: super::Part {
        key: "nonconformities",
        clauses: &["10.2"],
        lints: lints::LINTS,
        check: lints::check,
        pages: pages::render_all,
        nav: pages::nav,
        card: pages::card,
        exports: export::write,
        json: export::json,
        calendar: calendar_entries,
    },
};

/// A nonconformity record of the model.
#[derive(Clone, Copy)]
pub struct NcRef<'a> {
    pub index: usize,
    pub doc: &'a Document,
    pub nc: &'a Nonconformity,
}

impl NcRef<'_> {
    pub fn status_key(&self) -> &'static str {
        self.doc
            .source
            .front
            .record
            .as_ref()
            .map_or("open", |r| r.status)
    }

    /// Its place in the lifecycle: 0 open … 4 closed.
    pub fn stage(&self) -> usize {
        let status = self.status_key();
        KIND.statuses
            .iter()
            .position(|(k, _)| *k == status)
            .unwrap_or(0)
    }

    pub fn is_closed(&self) -> bool {
        self.status_key() == "closed"
    }

    /// Whether it was open (raised, not yet closed) on `day`: the record does not say when
    /// it was closed, so a closed one counts as closed on its effectiveness check or, without
    /// one, on the last action's done date.
    pub fn closed_on(&self) -> Option<Date> {
        if !self.is_closed() {
            return None;
        }
        self.nc
            .effectiveness
            .as_ref()
            .and_then(|e| e.checked)
            .or_else(|| self.nc.actions.iter().filter_map(|a| a.done).max())
            .or(self.nc.raised)
    }

    /// The effectiveness check is due and not done.
    pub fn effectiveness_pending(&self) -> Option<Date> {
        let e = self.nc.effectiveness.as_ref()?;
        match (e.due, e.checked) {
            (Some(due), None) if !self.is_closed() => Some(due),
            _ => None,
        }
    }

    pub fn owner(&self) -> Option<String> {
        self.doc
            .source
            .front
            .owner
            .as_ref()
            .map(|o| o.value.clone())
    }
}

/// Every nonconformity of the model, in path order.
pub fn nonconformities(isms: &Isms) -> impl Iterator<Item = NcRef<'_>> {
    isms.records_of(&KIND).filter_map(|index| {
        let doc = &isms.documents[index];
        let nc = doc.source.front.record.as_ref()?.nonconformity()?;
        Some(NcRef { index, doc, nc })
    })
}

/// Open corrective actions on their due dates, pending effectiveness checks on theirs.
fn calendar_entries(isms: &Isms) -> Vec<CalendarEntry> {
    let mut entries = Vec::new();
    for nc in nonconformities(isms).filter(|n| n.doc.published && !n.is_closed()) {
        let id = nc.doc.id();
        for (n, action) in nc.nc.actions.iter().enumerate() {
            let (Some(due), None) = (action.due, action.done) else {
                continue;
            };
            let name = action.id.clone().unwrap_or_else(|| format!("{}", n + 1));
            let overdue = ActionState::of(action, isms.today) == ActionState::Overdue;
            entries.push(CalendarEntry {
                uid: format!("corrective-{id}-{name}").to_lowercase(),
                date: due,
                summary: format!(
                    "{}Corrective action {name} of {id}: {}",
                    if overdue { "OVERDUE: " } else { "" },
                    action.action
                ),
                owner: action.owner.clone().or_else(|| nc.owner()),
                page: nc.doc.page.clone(),
                source: nc.doc.rel_path().to_string(),
                category: if overdue {
                    "Corrective action,Overdue"
                } else {
                    "Corrective action"
                },
            });
        }
        if let Some(due) = nc.effectiveness_pending() {
            let by = nc.nc.effectiveness.as_ref().and_then(|e| e.by.clone());
            entries.push(CalendarEntry {
                uid: format!("effectiveness-{id}").to_lowercase(),
                date: due,
                summary: format!("Effectiveness check of {id}: {}", nc.doc.title()),
                owner: by.or_else(|| nc.owner()),
                page: nc.doc.page.clone(),
                source: nc.doc.rel_path().to_string(),
                category: "Effectiveness check",
            });
        }
    }
    entries
}
