//! Review dates and states: when each document is next due for review, and whether it is
//! in date, due soon, overdue or has never been reviewed.

use jiff::civil::Date;
use serde::Serialize;

use crate::calendar::Interval;
use crate::config::Config;
use crate::source::front_matter::DocumentControl;
use crate::source::soa::SoaFile;
use crate::source::{FrontMatter, Status};

/// Where a document stands with its review.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReviewState {
    Overdue,
    DueSoon,
    NeverReviewed,
    Ok,
}

impl ReviewState {
    pub const ALL: [ReviewState; 4] = [
        ReviewState::Overdue,
        ReviewState::DueSoon,
        ReviewState::NeverReviewed,
        ReviewState::Ok,
    ];

    pub fn key(self) -> &'static str {
        match self {
            ReviewState::Overdue => "overdue",
            ReviewState::DueSoon => "due-soon",
            ReviewState::NeverReviewed => "never-reviewed",
            ReviewState::Ok => "ok",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ReviewState::Overdue => "Review overdue",
            ReviewState::DueSoon => "Review due soon",
            ReviewState::NeverReviewed => "Never reviewed",
            ReviewState::Ok => "In date",
        }
    }
}

/// A document's review: its next review date (when known) and its state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Review {
    pub next: Option<Date>,
    pub state: ReviewState,
    /// Days from today to the next review: negative when it is overdue (None when there is
    /// no next date).
    pub days_left: Option<i32>,
    /// Which front matter key the next date comes from (for diagnostics).
    pub source: ReviewSource,
}

/// Where the next review date comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReviewSource {
    /// `next_review:` as written.
    NextReview,
    /// `last_reviewed:` plus `review_every:`.
    Interval,
    /// `last_reviewed:` plus annexa.toml's `default_review`.
    DefaultInterval,
    /// Nothing to go on.
    None,
}

/// The review fields of a controlled document: a document's front matter or the SoA's
/// document control in soa.yaml.
#[derive(Clone, Copy, Debug)]
pub struct ReviewDates {
    pub next_review: Option<Date>,
    pub last_reviewed: Option<Date>,
    pub review_every: Option<Interval>,
}

impl From<&FrontMatter> for ReviewDates {
    fn from(front: &FrontMatter) -> ReviewDates {
        ReviewDates {
            next_review: front.next_review,
            last_reviewed: front.last_reviewed,
            review_every: front.review_every,
        }
    }
}

impl From<&DocumentControl> for ReviewDates {
    fn from(control: &DocumentControl) -> ReviewDates {
        ReviewDates {
            next_review: control.next_review,
            last_reviewed: control.last_reviewed,
            review_every: control.review_every,
        }
    }
}

/// The next review date of a document: `next_review`, else `last_reviewed` plus
/// `review_every`, else `last_reviewed` plus the default interval.
pub fn next_review(
    dates: impl Into<ReviewDates>,
    default_review: Interval,
) -> (Option<Date>, ReviewSource) {
    let dates = dates.into();
    if let Some(next) = dates.next_review {
        return (Some(next), ReviewSource::NextReview);
    }
    match (dates.last_reviewed, dates.review_every) {
        (Some(last), Some(every)) => (Some(every.after(last)), ReviewSource::Interval),
        (Some(last), None) => (
            Some(default_review.after(last)),
            ReviewSource::DefaultInterval,
        ),
        (None, _) => (None, ReviewSource::None),
    }
}

/// The state of a review due on `next`, seen on `today`, warning `warn_before` ahead.
pub fn state_on(next: Option<Date>, today: Date, warn_before: Interval) -> ReviewState {
    match next {
        None => ReviewState::NeverReviewed,
        Some(next) if next < today => ReviewState::Overdue,
        Some(next) if next <= warn_before.after(today) => ReviewState::DueSoon,
        Some(_) => ReviewState::Ok,
    }
}

/// The review of a document, or None for retired documents (they are no longer reviewed).
pub fn review(front: &FrontMatter, config: &Config, today: Date) -> Option<Review> {
    if front.status == Status::Retired {
        return None;
    }
    // A record of an event (a nonconformity, a management review) is not reviewed on a
    // cycle, unless it is given review dates.
    let event = front
        .record
        .as_ref()
        .is_some_and(|r| crate::kinds::is_event(r.kind));
    if event && front.last_reviewed.is_none() && front.next_review.is_none() {
        return None;
    }
    Some(review_of(front, config, today))
}

/// The review of the SoA, when soa.yaml has document control (an SoA without any predates
/// it and has no review to show).
pub fn soa_review(soa: &SoaFile, config: &Config, today: Date) -> Option<Review> {
    soa.is_controlled()
        .then(|| review_of(&soa.control, config, today))
}

/// The review of any controlled document (the SoA's too), seen on `today`.
pub fn review_of(dates: impl Into<ReviewDates>, config: &Config, today: Date) -> Review {
    let (next, source) = next_review(dates, config.default_review);
    Review {
        next,
        state: state_on(next, today, config.warn_before),
        days_left: next
            .and_then(|next| today.until(next).ok())
            .map(|s| s.get_days()),
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::IntervalUnit;
    use jiff::civil::date;

    fn front(text: &str) -> FrontMatter {
        let parsed = crate::source::front_matter::parse("t.md", text);
        parsed
            .front
            .unwrap_or_else(|| panic!("{:?}", parsed.diagnostics))
    }

    const MONTH_30: Interval = Interval::new(30, IntervalUnit::Days);

    #[test]
    fn next_review_sources() {
        let year = Interval::new(12, IntervalUnit::Months);
        let f =
            front("---\nid: A\ntitle: T\nlast_reviewed: 2025-01-31\nreview_every: 1 month\n---\n");
        assert_eq!(
            next_review(&f, year),
            (Some(date(2025, 2, 28)), ReviewSource::Interval)
        );
        let f = front("---\nid: A\ntitle: T\nlast_reviewed: 2024-02-29\n---\n");
        assert_eq!(
            next_review(&f, year),
            (Some(date(2025, 2, 28)), ReviewSource::DefaultInterval)
        );
        let f = front("---\nid: A\ntitle: T\nlast_reviewed: 2024-02-29\nreview_every: 2 weeks\nnext_review: 2030-01-01\n---\n");
        assert_eq!(
            next_review(&f, year),
            (Some(date(2030, 1, 1)), ReviewSource::NextReview)
        );
        let f = front("---\nid: A\ntitle: T\n---\n");
        assert_eq!(next_review(&f, year), (None, ReviewSource::None));
    }

    #[test]
    fn each_unit_of_interval() {
        let last = "2024-01-31";
        let cases = [
            ("10 days", date(2024, 2, 10)),
            ("1 week", date(2024, 2, 7)),
            ("1 month", date(2024, 2, 29)),
            ("13 months", date(2025, 2, 28)),
            ("1 year", date(2025, 1, 31)),
        ];
        for (every, expected) in cases {
            let f = front(&format!(
                "---\nid: A\ntitle: T\nlast_reviewed: {last}\nreview_every: {every}\n---\n"
            ));
            assert_eq!(next_review(&f, MONTH_30).0, Some(expected), "{every}");
        }
    }

    #[test]
    fn states_at_the_edges() {
        let today = date(2026, 11, 25);
        assert_eq!(
            state_on(Some(date(2026, 11, 24)), today, MONTH_30),
            ReviewState::Overdue
        );
        assert_eq!(state_on(Some(today), today, MONTH_30), ReviewState::DueSoon);
        assert_eq!(
            state_on(Some(date(2026, 12, 25)), today, MONTH_30),
            ReviewState::DueSoon
        );
        assert_eq!(
            state_on(Some(date(2026, 12, 26)), today, MONTH_30),
            ReviewState::Ok
        );
        assert_eq!(state_on(None, today, MONTH_30), ReviewState::NeverReviewed);
    }

    #[test]
    fn days_left_is_negative_when_overdue() {
        let f = front("---\nid: A\ntitle: T\nnext_review: 2026-06-15\n---\n");
        let config = Config::default();
        let days = |today| review(&f, &config, today).and_then(|r| r.days_left);
        assert_eq!(days(date(2026, 11, 28)), Some(-166));
        assert_eq!(days(date(2026, 6, 3)), Some(12));
        let never = front("---\nid: A\ntitle: T\n---\n");
        assert_eq!(
            review(&never, &config, date(2026, 1, 1)).and_then(|r| r.days_left),
            None
        );
    }

    #[test]
    fn retired_documents_have_no_review() {
        let f = front("---\nid: A\ntitle: T\nstatus: retired\nlast_reviewed: 2020-01-01\n---\n");
        assert_eq!(review(&f, &Config::default(), date(2026, 1, 1)), None);
    }
}
