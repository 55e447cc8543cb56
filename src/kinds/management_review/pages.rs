//! The management review pages: management-reviews.html (every review with its 9.3.2
//! completeness card), the block on each review's page, management-review-input.html (the
//! input pack for the next review), the home card and annexa.json's entry.

use serde::Serialize;

use crate::kinds::action::ActionView;
use crate::kinds::{Card, Figure};
use crate::model::Isms;
use crate::render::pages::{render_page, Page};
use crate::render::urls::{document_href, root_for};
use crate::render::{PageSink, RenderError, Templates};

use super::input_pack::InputPack;
use super::{held, next_due, reviews, ReviewRef, INPUTS};

pub const LIST: &str = "management-reviews.html";
pub const INPUT_PACK: &str = "management-review-input.html";

/// One 9.3.2 input of a review: present or not, with what was recorded.
#[derive(Serialize)]
pub struct InputView {
    pub key: &'static str,
    pub letter: &'static str,
    pub what: &'static str,
    pub items: Vec<String>,
    pub present: bool,
}

/// One review, everything a page shows of it.
#[derive(Serialize)]
pub struct ReviewView {
    pub id: String,
    pub title: String,
    pub href: String,
    pub status: &'static str,
    pub status_label: &'static str,
    pub date: Option<String>,
    pub attendees: Vec<String>,
    pub top_management: Vec<String>,
    pub inputs: Vec<InputView>,
    pub present: usize,
    pub missing: Vec<&'static str>,
    pub decisions: Vec<String>,
    pub changes: Vec<String>,
    pub actions: Vec<ActionView>,
}

impl ReviewView {
    pub fn new(isms: &Isms, review: ReviewRef<'_>, root: &str) -> ReviewView {
        let mr = review.mr;
        let inputs: Vec<InputView> = INPUTS
            .iter()
            .map(|(key, letter, what)| {
                let items = mr.input(key).map(|i| i.items.clone()).unwrap_or_default();
                InputView {
                    key,
                    letter,
                    what,
                    present: !items.is_empty(),
                    items,
                }
            })
            .collect();
        ReviewView {
            id: review.doc.id().to_string(),
            title: review.doc.title().to_string(),
            href: document_href(root, review.doc),
            status: review.status_key(),
            status_label: if review.is_held() { "Held" } else { "Planned" },
            date: mr.date.map(|d| d.to_string()),
            attendees: mr.attendees.clone(),
            top_management: mr.top_management.iter().map(|t| t.value.clone()).collect(),
            present: inputs.iter().filter(|i| i.present).count(),
            missing: mr.missing_inputs(),
            inputs,
            decisions: mr.decisions.clone(),
            changes: mr.changes.clone(),
            actions: mr
                .actions
                .iter()
                .map(|a| ActionView::new(a, isms.today))
                .collect(),
        }
    }
}

#[derive(Serialize)]
struct ListPage {
    reviews: Vec<ReviewView>,
    held: usize,
    planned: usize,
    last_held: Option<String>,
    next_due: Option<String>,
    overdue: bool,
    every: String,
}

#[derive(Serialize)]
struct PackPage {
    pack: InputPack,
}

fn published(isms: &Isms) -> Vec<ReviewRef<'_>> {
    reviews(isms)
        .into_iter()
        .filter(|r| r.doc.published)
        .collect()
}

/// The pages in the navigation, when the project has management reviews.
pub fn nav(isms: &Isms) -> Vec<(&'static str, &'static str, &'static str)> {
    if reviews(isms).is_empty() {
        return Vec::new();
    }
    vec![
        ("management-reviews", "Management reviews", LIST),
        ("management-review-input", "Review input pack", INPUT_PACK),
    ]
}

/// The home page's card: the last and next review and its inputs.
pub fn card(isms: &Isms) -> Option<Card> {
    let all = published(isms);
    if all.is_empty() {
        return None;
    }
    let incomplete: Vec<(String, String, String)> = held(isms)
        .iter()
        .filter(|r| r.doc.published && !r.mr.missing_inputs().is_empty())
        .map(|r| {
            (
                r.doc.id().to_string(),
                format!(
                    "{} — missing {}",
                    r.doc.title(),
                    r.mr.missing_inputs().join(", ")
                ),
                r.doc.page.clone(),
            )
        })
        .collect();
    let overdue_actions = all
        .iter()
        .flat_map(|r| &r.mr.actions)
        .filter(|a| crate::kinds::action::ActionState::of(a, isms.today).key() == "overdue")
        .count();
    Some(Card {
        key: "management-reviews",
        heading: "Management reviews",
        figures: vec![
            Figure {
                label: "held".into(),
                count: all.iter().filter(|r| r.is_held()).count(),
                class: "status-held",
                href: LIST,
            },
            Figure {
                label: "planned".into(),
                count: all.iter().filter(|r| !r.is_held()).count(),
                class: "status-planned",
                href: LIST,
            },
            Figure {
                label: "overdue review actions".into(),
                count: overdue_actions,
                class: "action-overdue",
                href: INPUT_PACK,
            },
            Figure {
                label: "held without every input".into(),
                count: incomplete.len(),
                class: "action-overdue",
                href: LIST,
            },
        ],
        attention_heading: "Held without every 9.3.2 input".into(),
        attention: incomplete,
        links: vec![
            ("Management reviews", LIST),
            ("Input pack for the next review", INPUT_PACK),
        ],
    })
}

/// Renders the list and the input pack; the number of pages written.
pub fn render_all(
    isms: &Isms,
    templates: &Templates,
    sink: &dyn PageSink,
) -> Result<usize, RenderError> {
    if reviews(isms).is_empty() {
        return Ok(0);
    }
    let root = root_for(LIST);
    let mut views: Vec<ReviewView> = published(isms)
        .into_iter()
        .map(|r| ReviewView::new(isms, r, &root))
        .collect();
    views.reverse();
    let due = next_due(isms);
    let page = ListPage {
        held: views.iter().filter(|v| v.status == "held").count(),
        planned: views.iter().filter(|v| v.status != "held").count(),
        last_held: held(isms).last().map(|r| r.doc.id().to_string()),
        next_due: due.map(|d| d.to_string()),
        overdue: due.is_some_and(|d| d < isms.today),
        every: isms.config.management_review_every.to_string(),
        reviews: views,
    };
    render_page(
        isms,
        templates,
        sink,
        Page {
            path: LIST,
            template: "management_reviews.html",
            title: "Management reviews",
            nav_key: "management-reviews",
        },
        &page,
    )?;
    let page = PackPage {
        pack: InputPack::build(isms, &root_for(INPUT_PACK)),
    };
    render_page(
        isms,
        templates,
        sink,
        Page {
            path: INPUT_PACK,
            template: "management_review_input.html",
            title: "Input pack for the next management review",
            nav_key: "management-review-input",
        },
        &page,
    )?;
    Ok(2)
}

/// The reviews, the next due date and the input pack, for annexa.json.
pub fn json(isms: &Isms) -> Option<serde_json::Value> {
    if reviews(isms).is_empty() {
        return None;
    }
    let list: Vec<ReviewView> = published(isms)
        .into_iter()
        .map(|r| ReviewView::new(isms, r, ""))
        .collect();
    serde_json::to_value(serde_json::json!({
        "reviews": list,
        "next_due": next_due(isms).map(|d| d.to_string()),
        "input_pack": InputPack::build(isms, ""),
    }))
    .ok()
}
