//! Risks (clauses 6.1.2, 6.1.3, 8.2, 8.3): the criteria they are assessed against, the
//! record's fields, its lints, the register, heat maps and treatment plan, its exports and
//! the spreadsheet import.

pub mod criteria;
pub mod export;
pub mod heatmap;
pub mod import;
pub mod lints;
pub mod pages;
pub mod record;
pub mod view;

pub use criteria::RiskCriteria;
pub use record::{Acceptance, Action, Rating, Risk, Treatment};

use jiff::civil::Date;

use super::Kind;
use crate::model::{Document, Isms};

pub const KIND: Kind = Kind {
    name: "risk",
    folder: "risks",
    label: "Risk",
    plural: "Risks",
    statuses: &[("open", "Open"), ("closed", "Closed")],
    keys: record::KEYS,
    read: record::read,
    part: super::Part {
        key: "risks",
        clauses: &["6.1.2", "6.1.3", "8.2", "8.3"],
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

/// A risk record of the model.
#[derive(Clone, Copy)]
pub struct RiskRef<'a> {
    pub index: usize,
    pub doc: &'a Document,
    pub risk: &'a Risk,
}

impl RiskRef<'_> {
    pub fn is_open(&self) -> bool {
        self.doc
            .source
            .front
            .record
            .as_ref()
            .is_none_or(|r| r.status != "closed")
    }

    pub fn status_key(&self) -> &'static str {
        self.doc
            .source
            .front
            .record
            .as_ref()
            .map_or("open", |r| r.status)
    }
}

/// Every risk of the model, in path order.
pub fn risks(isms: &Isms) -> impl Iterator<Item = RiskRef<'_>> {
    isms.records_of(&KIND).filter_map(|index| {
        let doc = &isms.documents[index];
        let risk = doc.source.front.record.as_ref()?.risk()?;
        Some(RiskRef { index, doc, risk })
    })
}

/// A rating placed on the criteria's scales: positions (1-based) and level index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Placed {
    pub likelihood: u32,
    pub impact: u32,
    pub level: usize,
}

impl Placed {
    pub fn score(self) -> u32 {
        self.likelihood * self.impact
    }
}

/// `rating` on `criteria`'s scales, when both its values are on them.
pub fn place(criteria: &RiskCriteria, rating: Option<&Rating>) -> Option<Placed> {
    let rating = rating?;
    let likelihood = RiskCriteria::position(&criteria.likelihood, &rating.likelihood.value)?;
    let impact = RiskCriteria::position(&criteria.impact, &rating.impact.value)?;
    Some(Placed {
        likelihood,
        impact,
        level: criteria.level_of(likelihood, impact),
    })
}

/// The rating that stands for the risk now: the residual once assessed, else the inherent.
pub fn current(criteria: &RiskCriteria, risk: &Risk) -> Option<Placed> {
    place(criteria, risk.residual.as_ref()).or_else(|| place(criteria, risk.inherent.as_ref()))
}

/// Whether the risk's residual risk stands accepted on `today` (accepted, not expired).
pub fn accepted_on(risk: &Risk, today: Date) -> bool {
    risk.acceptance
        .as_ref()
        .is_some_and(|a| a.expires.is_none_or(|e| e >= today))
}

pub use crate::kinds::action::ActionState;

/// The open treatment actions with a due date, for the calendars (each on its due date; an
/// overdue one stays there, marked, until it is done).
fn calendar_entries(isms: &Isms) -> Vec<super::CalendarEntry> {
    let mut entries = Vec::new();
    for risk in risks(isms).filter(|r| r.doc.published && r.is_open()) {
        for (n, action) in risk.risk.actions.iter().enumerate() {
            let (Some(due), None) = (action.due, action.done) else {
                continue;
            };
            let name = action.id.clone().unwrap_or_else(|| format!("{}", n + 1));
            let overdue = ActionState::of(action, isms.today) == ActionState::Overdue;
            entries.push(super::CalendarEntry {
                uid: format!("action-{}-{}", risk.doc.id(), name).to_lowercase(),
                date: due,
                summary: format!(
                    "{}Treatment action {name} of {}: {}",
                    if overdue { "OVERDUE: " } else { "" },
                    risk.doc.id(),
                    action.action
                ),
                owner: action.owner.clone().or_else(|| {
                    risk.doc
                        .source
                        .front
                        .owner
                        .as_ref()
                        .map(|o| o.value.clone())
                }),
                page: risk.doc.page.clone(),
                source: risk.doc.rel_path().to_string(),
                category: if overdue {
                    "Risk treatment,Overdue"
                } else {
                    "Risk treatment"
                },
            });
        }
    }
    entries
}
