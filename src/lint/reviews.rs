//! Reviews: approved documents must be reviewed on schedule.

use crate::diagnostic::Diagnostic;
use crate::model::review::{ReviewSource, ReviewState};
use crate::model::{Document, Isms};
use crate::source::Status;

fn review_location(doc: &Document, source: ReviewSource) -> crate::diagnostic::Location {
    let front = &doc.source.front;
    let key = match source {
        ReviewSource::NextReview => "next_review",
        ReviewSource::Interval | ReviewSource::DefaultInterval => "last_reviewed",
        ReviewSource::None => "id",
    };
    let span = front.key_spans.get(key).unwrap_or(front.id.span);
    doc.source.locate(span)
}

/// `review-overdue`, `review-due-soon` and `never-reviewed` for approved documents.
pub fn review_dates(isms: &Isms) -> Vec<Diagnostic> {
    let today = isms.today;
    let mut out = Vec::new();
    for doc in isms
        .documents
        .iter()
        .filter(|d| d.source.front.status == Status::Approved)
        // A supplier's periodic review is its assessment (`supplier-assessment-overdue`).
        .filter(|d| {
            d.source
                .front
                .record
                .as_ref()
                .is_none_or(|r| r.supplier().is_none())
        })
        // A review date that could not be read is reported as such, not again as missing.
        .filter(|d| {
            !["approved", "last_reviewed", "next_review", "review_every"]
                .iter()
                .any(|k| d.source.front.is_invalid(k))
        })
    {
        let Some(review) = doc.review else { continue };
        let location = review_location(doc, review.source);
        match (review.state, review.next) {
            (ReviewState::Overdue, Some(next)) => {
                let days = next.until(today).map(|s| s.get_days()).unwrap_or(0);
                out.push(
                    crate::lint::registry::REVIEW_OVERDUE.report(format!("{} was due for review on {next} ({days} days ago)", doc.id()))
                        .at(location)
                        .with_help("review the document, then set `last_reviewed:` to the review date (and remove or move `next_review:`)"),
                );
            }
            (ReviewState::DueSoon, Some(next)) => {
                let days = today.until(next).map(|s| s.get_days()).unwrap_or(0);
                let when = if days == 0 { "today".to_string() } else { format!("in {days} days") };
                out.push(
                    crate::lint::registry::REVIEW_DUE_SOON.report(format!("{} is due for review on {next} ({when})", doc.id()))
                        .at(location)
                        .with_help("plan the review with the owner; after it, update `last_reviewed:`"),
                );
            }
            (ReviewState::NeverReviewed, _) => out.push(
                crate::lint::registry::NEVER_REVIEWED.report(format!("{} is approved but has no review date", doc.id()))
                    .at(location)
                    .with_help("add `last_reviewed: YYYY-MM-DD` (and `review_every:` if it differs from the default), or `next_review:`")
                    .grouped("approved documents have no review date", doc.id(), "add `last_reviewed: YYYY-MM-DD` to each (and `review_every:` if it differs from the default), or `next_review:`"),
            ),
            _ => {}
        }
    }
    out
}
