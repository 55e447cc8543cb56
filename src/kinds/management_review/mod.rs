//! Management reviews (clause 9.3): the record's fields and its 9.3.2 inputs, its lints, the
//! reviews page with a completeness card per review, the input pack for the next review,
//! and calendar entries.

pub mod input_pack;
pub mod lints;
pub mod pages;
pub mod record;

pub use record::{ManagementReview, INPUTS};

use jiff::civil::Date;

use super::action::ActionState;
use super::{CalendarEntry, Kind};
use crate::model::{Document, Isms};

pub const KIND: Kind = Kind {
    name: "management-review",
    folder: "management-reviews",
    label: "Management review",
    plural: "Management reviews",
    statuses: &[("planned", "Planned"), ("held", "Held")],
    keys: record::KEYS,
    read: record::read,
    part: super::Part {
        key: "management-reviews",
        clauses: &["9.3"],
        lints: lints::LINTS,
        check: lints::check,
        pages: pages::render_all,
        nav: pages::nav,
        card: pages::card,
        exports: no_exports,
        json: pages::json,
        calendar: calendar_entries,
    },
};

/// A management review of the model.
#[derive(Clone, Copy)]
pub struct ReviewRef<'a> {
    pub index: usize,
    pub doc: &'a Document,
    pub mr: &'a ManagementReview,
}

impl ReviewRef<'_> {
    pub fn is_held(&self) -> bool {
        self.doc
            .source
            .front
            .record
            .as_ref()
            .is_some_and(|r| r.status == "held")
    }

    pub fn status_key(&self) -> &'static str {
        if self.is_held() {
            "held"
        } else {
            "planned"
        }
    }
}

/// Every management review of the model, by date (undated last), then path.
pub fn reviews(isms: &Isms) -> Vec<ReviewRef<'_>> {
    let mut all: Vec<ReviewRef> = isms
        .records_of(&KIND)
        .filter_map(|index| {
            let doc = &isms.documents[index];
            let mr = doc.source.front.record.as_ref()?.management_review()?;
            Some(ReviewRef { index, doc, mr })
        })
        .collect();
    all.sort_by(|a, b| {
        a.mr.date
            .is_none()
            .cmp(&b.mr.date.is_none())
            .then(a.mr.date.cmp(&b.mr.date))
            .then(a.index.cmp(&b.index))
    });
    all
}

/// The held reviews with a date up to `today`, oldest first.
pub fn held(isms: &Isms) -> Vec<ReviewRef<'_>> {
    reviews(isms)
        .into_iter()
        .filter(|r| r.is_held() && r.mr.date.is_some_and(|d| d <= isms.today))
        .collect()
}

/// The date the next review is due: the last held one's date plus `management_review_every`.
pub fn next_due(isms: &Isms) -> Option<Date> {
    let last = held(isms).last()?.mr.date?;
    Some(isms.config.management_review_every.after(last))
}

fn no_exports(
    _isms: &Isms,
    _sink: &dyn crate::render::PageSink,
) -> Result<(), crate::render::RenderError> {
    Ok(())
}

/// Planned reviews on their dates; open review actions on their due dates.
fn calendar_entries(isms: &Isms) -> Vec<CalendarEntry> {
    let mut entries = Vec::new();
    for review in reviews(isms).into_iter().filter(|r| r.doc.published) {
        let id = review.doc.id();
        if let (false, Some(date)) = (review.is_held(), review.mr.date) {
            entries.push(CalendarEntry {
                uid: format!("management-review-{id}").to_lowercase(),
                date,
                summary: format!("Management review {id}: {}", review.doc.title()),
                owner: review
                    .doc
                    .source
                    .front
                    .owner
                    .as_ref()
                    .map(|o| o.value.clone()),
                page: review.doc.page.clone(),
                source: review.doc.rel_path().to_string(),
                category: "Management review",
            });
        }
        for (n, action) in review.mr.actions.iter().enumerate() {
            let (Some(due), None) = (action.due, action.done) else {
                continue;
            };
            let name = action.id.clone().unwrap_or_else(|| format!("{}", n + 1));
            let overdue = ActionState::of(action, isms.today) == ActionState::Overdue;
            entries.push(CalendarEntry {
                uid: format!("review-action-{id}-{name}").to_lowercase(),
                date: due,
                summary: format!(
                    "{}Management review action {name} of {id}: {}",
                    if overdue { "OVERDUE: " } else { "" },
                    action.action
                ),
                owner: action.owner.clone(),
                page: review.doc.page.clone(),
                source: review.doc.rel_path().to_string(),
                category: if overdue {
                    "Management review action,Overdue"
                } else {
                    "Management review action"
                },
            });
        }
    }
    entries
}
