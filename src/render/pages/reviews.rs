//! The review lifecycle pages: reviews (overdue, due soon, by month), owners, and the
//! document register (ISO/IEC 27001 clause 7.5.3).

use std::collections::BTreeMap;

use jiff::civil::Date;
use jiff::ToSpan;
use serde::Serialize;

use crate::model::review::ReviewState;
use crate::model::{Document, Isms};
use crate::render::view::DocSummary;
use crate::render::{PageSink, RenderError, Templates};
use crate::source::Status;

use super::{render_page, Page};

/// Documents whose reviews the ISMS tracks: published, neither draft nor retired.
pub fn tracked(isms: &Isms) -> impl Iterator<Item = &Document> {
    isms.published()
        .map(|(_, d)| d)
        .filter(|d| !matches!(d.source.front.status, Status::Draft | Status::Retired))
}

#[derive(Serialize)]
struct Month<'a> {
    label: String,
    key: String,
    documents: Vec<DocSummary<'a>>,
}

#[derive(Serialize)]
struct ReviewsPage<'a> {
    overdue: Vec<DocSummary<'a>>,
    due_30: Vec<DocSummary<'a>>,
    due_90: Vec<DocSummary<'a>>,
    never: Vec<DocSummary<'a>>,
    months: Vec<Month<'a>>,
    warn_before: String,
    /// The SoA's own review, when soa.yaml has document control.
    soa: Option<SoaReview<'a>>,
}

/// The review of the SoA as the Reviews page shows it.
#[derive(Serialize)]
struct SoaReview<'a> {
    version: Option<&'a str>,
    owner: Option<&'a str>,
    review: crate::render::view::ReviewView,
}

const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The first day of the month `offset` months after `today`'s month.
fn month_start(today: Date, offset: i32) -> Date {
    let first = today.first_of_month();
    first.checked_add(offset.months()).unwrap_or(first)
}

fn reviews_page<'a>(
    isms: &'a Isms,
    templates: &Templates,
    sink: &dyn PageSink,
) -> Result<(), RenderError> {
    let today = isms.today;
    let in_30 = today.checked_add(30.days()).unwrap_or(Date::MAX);
    let in_90 = today.checked_add(90.days()).unwrap_or(Date::MAX);
    let mut dated: Vec<(Date, &'a Document)> = tracked(isms)
        .filter_map(|d| Some((d.review?.next?, d)))
        .collect();
    dated.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.id().cmp(b.1.id())));
    let summary = |d: &&'a Document| DocSummary::new(d, "");
    let overdue = dated
        .iter()
        .filter(|(next, _)| *next < today)
        .map(|(_, d)| summary(d))
        .collect();
    let due_30 = dated
        .iter()
        .filter(|(next, _)| *next >= today && *next <= in_30)
        .map(|(_, d)| summary(d))
        .collect();
    let due_90 = dated
        .iter()
        .filter(|(next, _)| *next > in_30 && *next <= in_90)
        .map(|(_, d)| summary(d))
        .collect();
    let never = tracked(isms)
        .filter(|d| {
            d.review
                .is_some_and(|r| r.state == ReviewState::NeverReviewed)
        })
        .map(|d| DocSummary::new(d, ""))
        .collect();
    let months = (0..12)
        .map(|offset| {
            let start = month_start(today, offset);
            let end = month_start(today, offset + 1);
            Month {
                label: format!(
                    "{} {}",
                    MONTH_NAMES[start.month() as usize - 1],
                    start.year()
                ),
                key: format!("{:04}-{:02}", start.year(), start.month()),
                documents: dated
                    .iter()
                    .filter(|(next, _)| *next >= start.max(today) && *next < end)
                    .map(|(_, d)| summary(d))
                    .collect(),
            }
        })
        .collect();
    let page = ReviewsPage {
        overdue,
        due_30,
        due_90,
        never,
        months,
        warn_before: isms.config.warn_before.to_string(),
        soa: crate::model::review::soa_review(&isms.soa, &isms.config, today).map(|review| {
            SoaReview {
                version: isms.soa.control.version.as_deref(),
                owner: isms.soa.control.owner.as_ref().map(|o| o.value.as_str()),
                review: (&review).into(),
            }
        }),
    };
    render_page(
        isms,
        templates,
        sink,
        Page {
            path: "reviews.html",
            template: "reviews.html",
            title: "Reviews",
            nav_key: "reviews",
        },
        &page,
    )
}

#[derive(Serialize)]
struct OwnerGroup<'a> {
    name: String,
    anchor: String,
    feed: Option<String>,
    documents: Vec<DocSummary<'a>>,
    approves: Vec<DocSummary<'a>>,
    overdue: usize,
}

#[derive(Serialize)]
struct OwnersPage<'a> {
    owners: Vec<OwnerGroup<'a>>,
}

/// The slug of an owner's name, for anchors and feed file names.
pub fn owner_slug(name: &str) -> String {
    crate::model::slug::slugify(name)
}

/// Owners (as written) → the published documents they own, in id order.
pub fn documents_by_owner(isms: &Isms) -> BTreeMap<String, Vec<&Document>> {
    let mut owners: BTreeMap<String, Vec<&Document>> = BTreeMap::new();
    for (_, doc) in isms.published() {
        if let Some(owner) = &doc.source.front.owner {
            owners.entry(owner.value.clone()).or_default().push(doc);
        }
    }
    for docs in owners.values_mut() {
        docs.sort_by(|a, b| a.id().cmp(b.id()));
    }
    owners
}

fn owners_page(isms: &Isms, templates: &Templates, sink: &dyn PageSink) -> Result<(), RenderError> {
    let by_owner = documents_by_owner(isms);
    let mut names: Vec<String> = by_owner.keys().cloned().collect();
    for role in &isms.config.roles {
        if !names.contains(role) {
            names.push(role.clone());
        }
    }
    for (_, doc) in isms.published() {
        if let Some(approver) = &doc.source.front.approver {
            if !names.contains(&approver.value) {
                names.push(approver.value.clone());
            }
        }
    }
    names.sort();
    let mut owners: Vec<OwnerGroup> = names
        .into_iter()
        .map(|name| {
            let owned = by_owner.get(&name).cloned().unwrap_or_default();
            let mut approves: Vec<DocSummary> = isms
                .published()
                .map(|(_, d)| d)
                .filter(|d| {
                    d.source
                        .front
                        .approver
                        .as_ref()
                        .is_some_and(|a| a.value == name)
                })
                .map(|d| DocSummary::new(d, ""))
                .collect();
            approves.sort_by(|a, b| a.id.cmp(b.id));
            let has_feed = owned
                .iter()
                .any(|d| d.review.is_some_and(|r| r.next.is_some()));
            OwnerGroup {
                anchor: format!("owner-{}", owner_slug(&name)),
                feed: has_feed.then(|| format!("reviews/{}.ics", owner_slug(&name))),
                overdue: owned
                    .iter()
                    .filter(|d| d.review.is_some_and(|r| r.state == ReviewState::Overdue))
                    .count(),
                documents: owned.iter().map(|d| DocSummary::new(d, "")).collect(),
                approves,
                name,
            }
        })
        .collect();
    let unowned: Vec<DocSummary> = isms
        .published()
        .map(|(_, d)| d)
        .filter(|d| d.source.front.owner.is_none())
        .map(|d| DocSummary::new(d, ""))
        .collect();
    if !unowned.is_empty() {
        owners.push(OwnerGroup {
            name: "No owner".into(),
            anchor: "owner-none".into(),
            feed: None,
            overdue: 0,
            documents: unowned,
            approves: Vec::new(),
        });
    }
    render_page(
        isms,
        templates,
        sink,
        Page {
            path: "owners.html",
            template: "owners.html",
            title: "Owners",
            nav_key: "owners",
        },
        &OwnersPage { owners },
    )
}

/// One line of the document register.
#[derive(Serialize)]
pub struct RegisterRow<'a> {
    pub summary: DocSummary<'a>,
    pub approver: Option<&'a str>,
    pub approved: Option<String>,
    pub classification: Option<&'static str>,
    pub last_reviewed: Option<String>,
    pub next_review: Option<String>,
}

/// Every published document in id order, with the register's columns.
pub fn register_rows<'a>(isms: &'a Isms, root: &str) -> Vec<RegisterRow<'a>> {
    let mut rows: Vec<RegisterRow<'a>> = isms
        .published()
        .map(|(_, doc)| {
            let front = &doc.source.front;
            RegisterRow {
                summary: DocSummary::new(doc, root),
                approver: front.approver.as_ref().map(|a| a.value.as_str()),
                approved: front.approved.map(|d| d.to_string()),
                classification: front.classification.map(|c| c.key()),
                last_reviewed: front.last_reviewed.map(|d| d.to_string()),
                next_review: doc.review.and_then(|r| r.next).map(|d| d.to_string()),
            }
        })
        .collect();
    rows.sort_by(|a, b| a.summary.id.cmp(b.summary.id));
    rows
}

#[derive(Serialize)]
struct RegisterPage<'a> {
    rows: Vec<RegisterRow<'a>>,
    /// Whether changes.html is written (the project has git history).
    has_changes: bool,
}

fn register_page(
    isms: &Isms,
    templates: &Templates,
    sink: &dyn PageSink,
) -> Result<(), RenderError> {
    let page = RegisterPage {
        rows: register_rows(isms, ""),
        has_changes: isms.history.as_ref().is_some_and(|h| h.history().is_some()),
    };
    render_page(
        isms,
        templates,
        sink,
        Page {
            path: "register.html",
            template: "register.html",
            title: "Document register",
            nav_key: "register",
        },
        &page,
    )
}

/// Renders the reviews, owners and register pages. Returns how many.
pub fn render_all(
    isms: &Isms,
    templates: &Templates,
    sink: &dyn PageSink,
) -> Result<usize, RenderError> {
    reviews_page(isms, templates, sink)?;
    owners_page(isms, templates, sink)?;
    register_page(isms, templates, sink)?;
    Ok(3)
}
