//! Ready-made values for templates: labels, states and relative URLs, so that templates hold
//! markup and no logic.

use serde::Serialize;

use crate::model::review::{Review, ReviewState};
use crate::model::{Document, Isms};
use crate::source::Status;

use super::urls::document_href;

/// Site-wide values every page shows.
#[derive(Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub organisation: &'a str,
    pub version: &'a str,
    pub today: String,
    /// Path of the logo in the site, if the project has one.
    pub logo: Option<&'a str>,
    /// Absolute URL of the site (ends with `/`), for canonical links.
    pub base_url: Option<&'a str>,
    /// `[images] allow_hosts`: the hosts the pages' Content-Security-Policy lets images come
    /// from, besides the site itself.
    pub image_hosts: &'a [String],
}

impl<'a> SiteView<'a> {
    pub fn new(isms: &'a Isms) -> SiteView<'a> {
        let config = &isms.config;
        SiteView {
            title: &config.title,
            organisation: &config.organisation,
            version: &config.version,
            today: isms.today.to_string(),
            logo: config.logo.as_deref(),
            base_url: config.base_url.as_deref(),
            image_hosts: &config.image_hosts,
        }
    }
}

/// One entry of the main navigation.
#[derive(Serialize)]
pub struct NavItem {
    pub key: &'static str,
    pub label: &'static str,
    pub href: String,
}

/// The main navigation, relative to `root`.
pub fn nav(root: &str) -> Vec<NavItem> {
    [
        ("home", "Home", "index.html"),
        ("documents", "Documents", "documents.html"),
        ("soa", "Statement of Applicability", "soa.html"),
        ("coverage", "Coverage", "coverage.html"),
        ("reviews", "Reviews", "reviews.html"),
        ("owners", "Owners", "owners.html"),
        ("register", "Register", "register.html"),
        ("print", "Print view", "print.html"),
    ]
    .into_iter()
    .map(|(key, label, page)| NavItem {
        key,
        label,
        href: format!("{root}{page}"),
    })
    .collect()
}

/// A status as a label and a key for CSS classes.
#[derive(Serialize, Clone)]
pub struct StatusView {
    pub key: &'static str,
    pub label: &'static str,
}

impl StatusView {
    /// What a page shows as the status of `front`: a record's own status (open, closed…),
    /// else the document's.
    pub fn of(front: &crate::source::FrontMatter) -> StatusView {
        match &front.record {
            Some(record) => StatusView {
                key: record.status,
                label: record.status_label(),
            },
            None => front.status.into(),
        }
    }
}

impl From<Status> for StatusView {
    fn from(status: Status) -> StatusView {
        StatusView {
            key: status.key(),
            label: status.label(),
        }
    }
}

/// A document as a line in a list or table.
#[derive(Serialize, Clone)]
pub struct DocSummary<'a> {
    pub id: &'a str,
    pub title: &'a str,
    /// None when the document has no page in this build.
    pub href: Option<String>,
    pub doc_type: &'a str,
    pub status: StatusView,
    pub version: Option<&'a str>,
    pub owner: Option<&'a str>,
    /// The review state (None for retired documents).
    pub review: Option<ReviewView>,
}

/// What a document's page and its print view section both show of its front matter.
/// (`annexa.json` has its own shape: keys, not labels.)
#[derive(Serialize)]
pub struct DocMeta<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub type_heading: String,
    pub status: StatusView,
    pub version: Option<&'a str>,
    pub owner: Option<&'a str>,
    pub approver: Option<&'a str>,
    pub approved: Option<String>,
    pub classification: Option<&'static str>,
    pub last_reviewed: Option<String>,
    pub review: Option<ReviewView>,
    pub history: HistoryTable<'a>,
}

/// A document's `history:` as a table: a column that no entry fills (often the author) is
/// left out rather than shown empty.
#[derive(Serialize)]
pub struct HistoryTable<'a> {
    pub rows: Vec<HistoryRow<'a>>,
    pub show_version: bool,
    pub show_author: bool,
}

#[derive(Serialize)]
pub struct HistoryRow<'a> {
    pub version: Option<&'a str>,
    pub date: Option<String>,
    pub change: &'a str,
    pub author: Option<&'a str>,
}

impl<'a> HistoryTable<'a> {
    pub fn new(history: &'a [crate::source::HistoryEntry]) -> HistoryTable<'a> {
        let rows: Vec<HistoryRow<'a>> = history
            .iter()
            .map(|h| HistoryRow {
                version: h.version.as_deref(),
                date: h.date.map(|d| d.to_string()),
                change: &h.change,
                author: h.author.as_deref().filter(|a| !a.trim().is_empty()),
            })
            .collect();
        HistoryTable {
            show_version: rows.iter().any(|r| r.version.is_some()),
            show_author: rows.iter().any(|r| r.author.is_some()),
            rows,
        }
    }
}

impl<'a> DocMeta<'a> {
    pub fn new(doc: &'a Document) -> DocMeta<'a> {
        let front = &doc.source.front;
        DocMeta {
            id: doc.id(),
            title: doc.title(),
            type_heading: type_heading(&doc.doc_type),
            status: StatusView::of(front),
            version: front.version.as_deref(),
            owner: front.owner.as_ref().map(|o| o.value.as_str()),
            approver: front.approver.as_ref().map(|o| o.value.as_str()),
            approved: front.approved.map(|d| d.to_string()),
            classification: front.classification.map(|c| c.key()),
            last_reviewed: front.last_reviewed.map(|d| d.to_string()),
            review: doc.review.as_ref().map(ReviewView::from),
            history: HistoryTable::new(&front.history),
        }
    }
}

/// A document as a link with its status: what the SoA page shows of each document.
#[derive(Serialize, Clone)]
pub struct DocLink<'a> {
    pub id: &'a str,
    pub title: &'a str,
    /// None when the document has no page in this build.
    pub href: Option<String>,
    pub status: StatusView,
    /// The review state (None for retired documents), shown beside the status when it is
    /// not in date.
    pub review: Option<ReviewView>,
}

impl<'a> DocLink<'a> {
    pub fn new(doc: &'a Document, root: &str) -> DocLink<'a> {
        DocLink {
            id: doc.id(),
            title: doc.title(),
            href: doc.published.then(|| document_href(root, doc)),
            status: StatusView::of(&doc.source.front),
            review: doc.review.as_ref().map(ReviewView::from),
        }
    }
}

/// A review state and date, ready to show. Every list of documents shows it the same way,
/// through the theme's `_badges.html`: beside the status badge, when `notable`.
#[derive(Serialize, Clone)]
pub struct ReviewView {
    pub key: &'static str,
    pub label: &'static str,
    pub next: Option<String>,
    /// The state in words with its days: "Review overdue by 166 days", "Review due in 12
    /// days", "Never reviewed", "In date".
    pub text: String,
    /// Whether a reader must be told: every state but "in date".
    pub notable: bool,
}

impl From<&Review> for ReviewView {
    fn from(review: &Review) -> ReviewView {
        ReviewView {
            key: review.state.key(),
            label: review.state.label(),
            next: review.next.map(|d| d.to_string()),
            text: review_text(review),
            notable: review.state != ReviewState::Ok,
        }
    }
}

/// "Review overdue by 166 days", "Review due today", "Review due in 1 day".
fn review_text(review: &Review) -> String {
    let days = |n: i32| {
        if n == 1 {
            "1 day".to_string()
        } else {
            format!("{n} days")
        }
    };
    match (review.state, review.days_left) {
        (ReviewState::Overdue, Some(left)) => format!("Review overdue by {}", days(-left)),
        (ReviewState::DueSoon, Some(0)) => "Review due today".to_string(),
        (ReviewState::DueSoon, Some(left)) => format!("Review due in {}", days(left)),
        (state, _) => state.label().to_string(),
    }
}

impl<'a> DocSummary<'a> {
    pub fn new(doc: &'a Document, root: &str) -> DocSummary<'a> {
        let front = &doc.source.front;
        DocSummary {
            id: doc.id(),
            title: doc.title(),
            href: doc.published.then(|| document_href(root, doc)),
            doc_type: &doc.doc_type,
            status: StatusView::of(front),
            version: front.version.as_deref(),
            owner: front.owner.as_ref().map(|o| o.value.as_str()),
            review: doc.review.as_ref().map(ReviewView::from),
        }
    }
}

/// Types in the order a handbook lists them; others follow alphabetically.
const TYPE_ORDER: &[&str] = &[
    "manual",
    "policy",
    "standard",
    "procedure",
    "guideline",
    "plan",
    "record",
    "document",
];

/// Sort key for a document type.
pub fn type_rank(doc_type: &str) -> (usize, String) {
    let rank = TYPE_ORDER
        .iter()
        .position(|t| *t == doc_type)
        .unwrap_or(TYPE_ORDER.len());
    (rank, doc_type.to_string())
}

/// The published documents in handbook order (by type, then id): the order of the print
/// view and of the search index's rows.
pub fn handbook_order(isms: &Isms) -> Vec<usize> {
    let mut order: Vec<usize> = isms.published().map(|(i, _)| i).collect();
    order.sort_by_cached_key(|&i| {
        let doc = &isms.documents[i];
        (type_rank(&doc.doc_type), doc.id().to_string())
    });
    order
}

/// "policy" → "Policies", "document" → "Other documents".
pub fn type_heading(doc_type: &str) -> String {
    match doc_type {
        "policy" => "Policies".into(),
        "document" => "ISMS documents".into(),
        other => {
            if let Some(kind) = crate::kinds::by_name(other) {
                return kind.plural.into();
            }
            let mut chars = other.chars();
            let first: String = chars
                .next()
                .map(|c| c.to_uppercase().collect())
                .unwrap_or_default();
            let rest: String = chars.collect();
            if rest.ends_with('s') {
                format!("{first}{rest}")
            } else {
                format!("{first}{rest}s")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_history_column_that_no_entry_fills_is_left_out() {
        let entry = |version: Option<&str>, author: Option<&str>| crate::source::HistoryEntry {
            version: version.map(String::from),
            date: None,
            change: "First issue".into(),
            author: author.map(String::from),
        };
        let without_authors = [entry(Some("1.0"), None), entry(Some("1.1"), Some(" "))];
        let table = HistoryTable::new(&without_authors);
        assert!(table.show_version && !table.show_author);
        let one_author = [entry(None, None), entry(None, Some("CISO"))];
        let table = HistoryTable::new(&one_author);
        assert!(!table.show_version && table.show_author);
        assert_eq!(table.rows[1].author, Some("CISO"));
    }

    use super::*;

    #[test]
    fn review_states_in_words() {
        let review = |state, days_left| Review {
            next: None,
            state,
            days_left,
            source: crate::model::review::ReviewSource::None,
        };
        let text = |state, days| ReviewView::from(&review(state, days)).text;
        assert_eq!(
            text(ReviewState::Overdue, Some(-166)),
            "Review overdue by 166 days"
        );
        assert_eq!(
            text(ReviewState::Overdue, Some(-1)),
            "Review overdue by 1 day"
        );
        assert_eq!(text(ReviewState::DueSoon, Some(0)), "Review due today");
        assert_eq!(
            text(ReviewState::DueSoon, Some(12)),
            "Review due in 12 days"
        );
        assert_eq!(text(ReviewState::NeverReviewed, None), "Never reviewed");
        assert!(!ReviewView::from(&review(ReviewState::Ok, Some(90))).notable);
        assert!(ReviewView::from(&review(ReviewState::NeverReviewed, None)).notable);
    }

    #[test]
    fn type_headings() {
        assert_eq!(type_heading("policy"), "Policies");
        assert_eq!(type_heading("procedure"), "Procedures");
        assert_eq!(type_heading("risk-register"), "Risk-registers");
        assert_eq!(type_heading("nonconformity"), "Nonconformities");
        assert_eq!(type_heading("management-review"), "Management reviews");
        assert!(type_rank("policy") < type_rank("record"));
        assert!(type_rank("record") < type_rank("zebra"));
    }
}
