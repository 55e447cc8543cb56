//! What a build knows from git for document control: the history (or why there is none)
//! and the date the changes page starts from.

use std::path::Path;

use jiff::civil::Date;

use super::changes::{read, Change, History, Read};

/// Where the changes page's start date comes from (the page says which).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SinceReason {
    /// `--since DATE`.
    Given,
    /// The last external audit held (certification.yaml), described: "the surveillance-1
    /// audit".
    LastExternalAudit(String),
    /// The last management review held, by its id.
    LastManagementReview(String),
    /// No date given and no management review or external audit recorded: a year back.
    LastTwelveMonths,
}

/// The records the changes page may start from when no date is given: the last external
/// audit and the last management review held on or before today, with what to call them.
#[derive(Clone, Debug, Default)]
pub struct Anchors {
    pub last_external_audit: Option<(Date, String)>,
    pub last_management_review: Option<(Date, String)>,
}

/// The first day the changes page lists.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Since {
    pub date: Date,
    pub reason: SinceReason,
}

impl Since {
    /// `given`, else the day of the last external audit, else of the last management
    /// review, else twelve months before `today`.
    pub fn resolve(today: Date, given: Option<Date>, anchors: &Anchors) -> Since {
        if let Some(date) = given {
            return Since {
                date,
                reason: SinceReason::Given,
            };
        }
        if let Some((date, what)) = &anchors.last_external_audit {
            return Since {
                date: *date,
                reason: SinceReason::LastExternalAudit(what.clone()),
            };
        }
        if let Some((date, id)) = &anchors.last_management_review {
            return Since {
                date: *date,
                reason: SinceReason::LastManagementReview(id.clone()),
            };
        }
        Since {
            date: today
                .checked_sub(jiff::Span::new().months(12))
                .unwrap_or(today),
            reason: SinceReason::LastTwelveMonths,
        }
    }

    /// Why the page starts on this date, as a sentence's end.
    pub fn explanation(&self) -> String {
        match &self.reason {
            SinceReason::Given => "the date given with --since".to_string(),
            SinceReason::LastExternalAudit(what) => format!(
                "the last external audit, {what} in certification.yaml; choose another date with --since"
            ),
            SinceReason::LastManagementReview(id) => format!(
                "the last management review, {id}; choose another date with --since"
            ),
            SinceReason::LastTwelveMonths => {
                "the last 12 months: no management review or external audit is recorded; choose another date with --since".to_string()
            }
        }
    }
}

/// Git history for the model.
#[derive(Debug)]
pub struct Control {
    pub read: Read,
    pub since: Since,
}

impl Control {
    /// Reads the history of the repository holding `project`.
    pub fn read(project: &Path, today: Date, since: Option<Date>, anchors: &Anchors) -> Control {
        Control {
            read: read(project),
            since: Since::resolve(today, since, anchors),
        }
    }

    /// The history, when the project is in a repository with commits that could be read.
    pub fn history(&self) -> Option<&History> {
        match &self.read {
            Read::History(history) => Some(history),
            _ => None,
        }
    }

    /// The newest commit that changed the file at `path` (relative to the project).
    pub fn last_change(&self, path: &str) -> Option<&Change> {
        self.history()?.last_change(path)
    }

    /// What to say once when the project has no readable history (`build`, `check` and
    /// `pack` print it as a note on stderr).
    pub fn note(&self) -> Option<String> {
        match &self.read {
            Read::NotARepository => Some(
                "the project is not in a git repository: documents show no last change and there is no changes page; commit the project to git for document control from its history".to_string(),
            ),
            Read::NoCommit => Some(
                "the git repository has no commit yet: documents show no last change until the first commit".to_string(),
            ),
            Read::Unreadable(e) => Some(format!(
                "the git history cannot be read ({e}): documents show no last change"
            )),
            Read::History(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn the_changes_page_starts_at_the_given_date_or_a_year_back() {
        let today = date(2026, 2, 28);
        let none = Anchors::default();
        assert_eq!(
            Since::resolve(today, Some(date(2026, 1, 1)), &none),
            Since {
                date: date(2026, 1, 1),
                reason: SinceReason::Given
            }
        );
        let default = Since::resolve(today, None, &none);
        assert_eq!(default.date, date(2025, 2, 28));
        assert!(default.explanation().starts_with("the last 12 months"));
        // 29 February has no day a year back: the month's last day stands in.
        assert_eq!(
            Since::resolve(date(2028, 2, 29), None, &none).date,
            date(2027, 2, 28)
        );
    }

    #[test]
    fn without_a_date_the_last_external_audit_then_the_last_review_starts_the_page() {
        let today = date(2026, 11, 28);
        let mut anchors = Anchors {
            last_external_audit: None,
            last_management_review: Some((date(2026, 3, 10), "MR-2026-1".to_string())),
        };
        let since = Since::resolve(today, None, &anchors);
        assert_eq!(since.date, date(2026, 3, 10));
        assert!(since.explanation().contains("MR-2026-1"));
        anchors.last_external_audit = Some((
            date(2025, 4, 22),
            "the surveillance-1 audit of 2025-04-22".to_string(),
        ));
        let since = Since::resolve(today, None, &anchors);
        assert_eq!(since.date, date(2025, 4, 22));
        assert!(since.explanation().contains("surveillance-1"));
        assert_eq!(
            Since::resolve(today, Some(date(2026, 1, 1)), &anchors).reason,
            SinceReason::Given
        );
    }
}
