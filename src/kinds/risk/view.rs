//! Risks as template values: ratings with level names and colours, treatment, actions with
//! their due state, acceptance; one shape for the register, the risk's page and the plan.

use serde::Serialize;

use crate::model::{ControlRef, Isms};
use crate::render::urls::{control_href, document_href};

use super::criteria::RiskCriteria;
use super::{accepted_on, place, Placed, Rating, RiskRef};

/// A rating on the scales: names, score, level and its colour.
#[derive(Serialize)]
pub struct RatingView {
    pub likelihood: u32,
    pub likelihood_name: String,
    pub impact: u32,
    pub impact_name: String,
    pub score: u32,
    pub level: String,
    pub level_index: usize,
    pub colour: String,
    /// For sorting a table by this column: level first, then score.
    pub sort_key: u32,
}

impl RatingView {
    pub fn new(criteria: &RiskCriteria, placed: Placed) -> RatingView {
        let level = &criteria.levels[placed.level];
        RatingView {
            likelihood: placed.likelihood,
            likelihood_name: criteria.likelihood[placed.likelihood as usize - 1].clone(),
            impact: placed.impact,
            impact_name: criteria.impact[placed.impact as usize - 1].clone(),
            score: placed.score(),
            level: level.name.clone(),
            level_index: placed.level,
            colour: level.colour.clone(),
            sort_key: placed.level as u32 * 1000 + placed.score(),
        }
    }

    fn of(criteria: Option<&RiskCriteria>, rating: Option<&Rating>) -> Option<RatingView> {
        let criteria = criteria?;
        place(criteria, rating).map(|p| RatingView::new(criteria, p))
    }
}

pub use crate::kinds::action::ActionView;

/// A control a risk selects, linked to its page.
#[derive(Serialize, Clone)]
pub struct ControlLink {
    pub id: String,
    pub title: String,
    pub href: Option<String>,
}

/// The acceptance of the residual risk.
#[derive(Serialize)]
pub struct AcceptanceView {
    pub by: String,
    pub date: Option<String>,
    pub expires: Option<String>,
    /// `standing`, `expired`.
    pub state: &'static str,
}

/// One risk, everything a page shows of it.
#[derive(Serialize)]
pub struct RiskView {
    pub id: String,
    pub title: String,
    pub href: String,
    pub owner: Option<String>,
    pub status: &'static str,
    pub status_label: &'static str,
    pub identified: Option<String>,
    pub assets: Vec<String>,
    /// The same, linked to the asset inventory when it lists them.
    pub asset_links: Vec<crate::kinds::supplier::view::AssetLink>,
    pub threat: Option<String>,
    pub vulnerability: Option<String>,
    pub inherent: Option<RatingView>,
    pub residual: Option<RatingView>,
    /// The residual, else the inherent rating: what the register filters by.
    pub current: Option<RatingView>,
    pub treatment: Option<&'static str>,
    pub treatment_label: Option<&'static str>,
    pub controls: Vec<ControlLink>,
    pub actions: Vec<ActionView>,
    pub open_actions: usize,
    pub overdue_actions: usize,
    pub acceptance: Option<AcceptanceView>,
    /// Open, above the appetite and not accepted.
    pub above_appetite: bool,
    pub next_review: Option<String>,
}

impl RiskView {
    pub fn new(isms: &Isms, risk: RiskRef<'_>, root: &str) -> RiskView {
        let criteria = isms.data.risk_criteria.get();
        let r = risk.risk;
        let doc = risk.doc;
        let front = &doc.source.front;
        let today = isms.today;
        let inherent = RatingView::of(criteria, r.inherent.as_ref());
        let residual = RatingView::of(criteria, r.residual.as_ref());
        let current_placed = criteria.and_then(|c| super::current(c, r));
        let current = criteria
            .zip(current_placed)
            .map(|(c, p)| RatingView::new(c, p));
        let above_appetite = risk.is_open()
            && criteria
                .zip(current_placed)
                .is_some_and(|(c, p)| c.above_appetite(p.level))
            && !accepted_on(r, today);
        let actions: Vec<ActionView> = r
            .actions
            .iter()
            .map(|a| ActionView::new(a, today))
            .collect();
        RiskView {
            id: doc.id().to_string(),
            title: doc.title().to_string(),
            href: document_href(root, doc),
            owner: front.owner.as_ref().map(|o| o.value.clone()),
            status: risk.status_key(),
            status_label: front
                .record
                .as_ref()
                .map_or("Open", |record| record.status_label()),
            identified: r.identified.map(|d| d.to_string()),
            assets: r.assets.iter().map(|a| a.value.clone()).collect(),
            asset_links: r
                .assets
                .iter()
                .map(|a| {
                    let found = isms.data.assets.get().and_then(|reg| reg.get(&a.value));
                    crate::kinds::supplier::view::AssetLink {
                        id: found.map_or(a.value.clone(), |f| f.id.clone()),
                        name: found.map(|f| f.name.clone()).unwrap_or_default(),
                        href: found.map(|f| {
                            format!(
                                "{root}{}#{}",
                                crate::kinds::asset::pages::PAGE,
                                crate::kinds::supplier::view::asset_anchor(&f.id)
                            )
                        }),
                    }
                })
                .collect(),
            threat: r.threat.clone(),
            vulnerability: r.vulnerability.clone(),
            inherent,
            residual,
            current,
            treatment: r.treatment.as_ref().map(|t| t.value.key()),
            treatment_label: r.treatment.as_ref().map(|t| t.value.label()),
            controls: control_links(isms, risk, root),
            open_actions: actions.iter().filter(|a| a.state != "done").count(),
            overdue_actions: actions.iter().filter(|a| a.state == "overdue").count(),
            actions,
            acceptance: r.acceptance.as_ref().map(|a| AcceptanceView {
                by: a.by.value.clone(),
                date: a.date.map(|d| d.to_string()),
                expires: a.expires.map(|d| d.to_string()),
                state: if accepted_on(r, today) {
                    "standing"
                } else {
                    "expired"
                },
            }),
            above_appetite,
            next_review: doc
                .review
                .as_ref()
                .and_then(|r| r.next)
                .map(|d| d.to_string()),
        }
    }
}

fn control_links(isms: &Isms, risk: RiskRef<'_>, root: &str) -> Vec<ControlLink> {
    let catalog = crate::catalog::catalog();
    let mut seen = std::collections::HashSet::new();
    risk.doc
        .controls
        .iter()
        .zip(&risk.doc.source.front.controls)
        .filter(|(_, written)| seen.insert(written.value.clone()))
        .map(|(control, written)| match control {
            ControlRef::Current(id) => ControlLink {
                id: id.to_string(),
                title: catalog
                    .control(id)
                    .map(|c| c.title.clone())
                    .unwrap_or_default(),
                href: Some(control_href(root, id)),
            },
            ControlRef::Other(found) => ControlLink {
                id: found.control.clone(),
                title: isms
                    .frameworks
                    .get(&found.framework)
                    .and_then(|f| f.control(&found.control))
                    .map(|c| c.title.clone())
                    .unwrap_or_default(),
                href: isms
                    .framework_coverage
                    .iter()
                    .any(|c| c.id == found.framework)
                    .then(|| {
                        format!(
                            "{root}{}",
                            crate::render::urls::framework_control_page(
                                &found.framework,
                                &found.control
                            )
                        )
                    }),
            },
            _ => ControlLink {
                id: written.value.clone(),
                title: String::new(),
                href: None,
            },
        })
        .collect()
}

/// The criteria as a legend: scales and levels with colours and who may accept them.
#[derive(Serialize)]
pub struct CriteriaView {
    pub likelihood: Vec<String>,
    pub impact: Vec<String>,
    pub levels: Vec<LevelView>,
    pub appetite: String,
    pub uses_matrix: bool,
}

#[derive(Serialize)]
pub struct LevelView {
    pub name: String,
    pub colour: String,
    pub max: Option<u32>,
    pub accepted_by: String,
    pub within_appetite: bool,
}

impl CriteriaView {
    pub fn new(criteria: &RiskCriteria) -> CriteriaView {
        CriteriaView {
            likelihood: criteria.likelihood.clone(),
            impact: criteria.impact.clone(),
            levels: criteria
                .levels
                .iter()
                .enumerate()
                .map(|(i, l)| LevelView {
                    name: l.name.clone(),
                    colour: l.colour.clone(),
                    max: l.max,
                    accepted_by: if l.accepted_by.is_empty() {
                        "no one".into()
                    } else {
                        l.accepted_by.join(", ")
                    },
                    within_appetite: i <= criteria.appetite,
                })
                .collect(),
            appetite: criteria.levels[criteria.appetite].name.clone(),
            uses_matrix: criteria.matrix.is_some(),
        }
    }
}
