//! The risk pages: the register (heat maps, filters, the table), the treatment plan, and the
//! risk block of each risk's own page.

use serde::Serialize;

use crate::model::Isms;
use crate::render::pages::{render_page, Page};
use crate::render::urls::root_for;
use crate::render::{PageSink, RenderError, Templates};

use super::heatmap::{heat_map, HeatMap, Which};
use super::view::{CriteriaView, RiskView};
use super::{risks, ActionState, RiskRef};

pub const REGISTER: &str = "risks.html";
pub const PLAN: &str = "risk-treatment.html";

/// A filter's choices: value and label.
#[derive(Serialize)]
struct Choice {
    key: String,
    label: String,
}

#[derive(Serialize)]
struct RegisterPage {
    risks: Vec<RiskView>,
    open: usize,
    closed: usize,
    above_appetite: usize,
    overdue_actions: usize,
    criteria: Option<CriteriaView>,
    heat_maps: Vec<HeatMap>,
    levels: Vec<Choice>,
    owners: Vec<Choice>,
    treatments: Vec<Choice>,
    statuses: Vec<Choice>,
}

/// One line of the treatment plan.
#[derive(Serialize)]
struct PlanRow {
    due: Option<String>,
    done: Option<String>,
    state: &'static str,
    state_label: &'static str,
    id: Option<String>,
    action: String,
    owner: Option<String>,
    risk_id: String,
    risk_title: String,
    risk_href: String,
    risk_status: &'static str,
    controls: Vec<super::view::ControlLink>,
}

#[derive(Serialize)]
struct PlanPage {
    rows: Vec<PlanRow>,
    overdue: usize,
    open: usize,
    done: usize,
}

/// The pages of the risks, when the project has any: (path, label) for the navigation.
pub fn nav(isms: &Isms) -> Vec<(&'static str, &'static str, &'static str)> {
    if risks(isms).next().is_none() {
        return Vec::new();
    }
    vec![
        ("risks", "Risks", REGISTER),
        ("risk-treatment", "Risk treatment plan", PLAN),
    ]
}

/// The home page's card: open risks, those above the appetite, overdue actions.
pub fn card(isms: &Isms) -> Option<crate::kinds::Card> {
    let all: Vec<RiskRef> = risks(isms).filter(|r| r.doc.published).collect();
    if all.is_empty() {
        return None;
    }
    let views: Vec<RiskView> = all.iter().map(|r| RiskView::new(isms, *r, "")).collect();
    let open: Vec<&RiskView> = views.iter().filter(|v| v.status == "open").collect();
    let above: Vec<(String, String, String)> = views
        .iter()
        .filter(|v| v.above_appetite)
        .map(|v| (v.id.clone(), v.title.clone(), v.href.clone()))
        .collect();
    let accepted = open
        .iter()
        .filter(|v| v.acceptance.as_ref().is_some_and(|a| a.state == "standing"))
        .count();
    let figure =
        |label: &str, count: usize, class: &'static str, href: &'static str| crate::kinds::Figure {
            label: label.to_string(),
            count,
            class,
            href,
        };
    Some(crate::kinds::Card {
        key: "risks",
        heading: "Risks",
        figures: vec![
            figure("open risks", open.len(), "status-open", REGISTER),
            figure(
                "above appetite, not accepted",
                above.len(),
                "risk-above",
                "risks.html#register",
            ),
            figure(
                "accepted",
                accepted,
                "status-accepted",
                "risks.html#register",
            ),
            figure(
                "overdue treatment actions",
                open.iter().map(|v| v.overdue_actions).sum(),
                "action-overdue",
                PLAN,
            ),
        ],
        attention_heading: "Above the risk appetite".into(),
        attention: above,
        links: vec![
            ("Risk register", REGISTER),
            ("Treatment plan", PLAN),
            ("risks.xlsx", "risks.xlsx"),
        ],
        sparklines: Vec::new(),
    })
}

/// Renders the register and the treatment plan; the number of pages written.
pub fn render_all(
    isms: &Isms,
    templates: &Templates,
    sink: &dyn PageSink,
) -> Result<usize, RenderError> {
    let all: Vec<RiskRef> = risks(isms).filter(|r| r.doc.published).collect();
    if risks(isms).next().is_none() {
        return Ok(0);
    }
    register(isms, templates, sink, &all)?;
    plan(isms, templates, sink, &all)?;
    Ok(2)
}

fn register(
    isms: &Isms,
    templates: &Templates,
    sink: &dyn PageSink,
    all: &[RiskRef],
) -> Result<(), RenderError> {
    let root = root_for(REGISTER);
    let views: Vec<RiskView> = all.iter().map(|r| RiskView::new(isms, *r, &root)).collect();
    let open: Vec<RiskRef> = all.iter().copied().filter(RiskRef::is_open).collect();
    let open_hrefs: Vec<String> = open
        .iter()
        .map(|r| crate::render::urls::document_href(&root, r.doc))
        .collect();
    let heat_maps = match isms.data.risk_criteria.get() {
        Some(criteria) => [Which::Inherent, Which::Residual]
            .into_iter()
            .map(|which| heat_map(criteria, &open, which, &open_hrefs))
            .collect(),
        None => Vec::new(),
    };
    let mut owners: Vec<String> = views.iter().filter_map(|v| v.owner.clone()).collect();
    owners.sort_by(|a, b| crate::diagnostic::natural_cmp(a, b));
    owners.dedup();
    let page = RegisterPage {
        open: views.iter().filter(|v| v.status == "open").count(),
        closed: views.iter().filter(|v| v.status != "open").count(),
        above_appetite: views.iter().filter(|v| v.above_appetite).count(),
        overdue_actions: views
            .iter()
            .filter(|v| v.status == "open")
            .map(|v| v.overdue_actions)
            .sum(),
        criteria: isms.data.risk_criteria.get().map(CriteriaView::new),
        heat_maps,
        levels: isms
            .data
            .risk_criteria
            .get()
            .iter()
            .flat_map(|c| &c.levels)
            .map(|l| Choice {
                key: l.name.clone(),
                label: l.name.clone(),
            })
            .collect(),
        owners: owners
            .into_iter()
            .map(|o| Choice {
                key: o.clone(),
                label: o,
            })
            .collect(),
        treatments: super::Treatment::ALL
            .iter()
            .map(|t| Choice {
                key: t.key().into(),
                label: t.label().into(),
            })
            .collect(),
        statuses: super::KIND
            .statuses
            .iter()
            .map(|(k, l)| Choice {
                key: (*k).into(),
                label: (*l).into(),
            })
            .collect(),
        risks: views,
    };
    render_page(
        isms,
        templates,
        sink,
        Page {
            path: REGISTER,
            template: "risks.html",
            title: "Risk register",
            nav_key: "risks",
        },
        &page,
    )
}

fn plan(
    isms: &Isms,
    templates: &Templates,
    sink: &dyn PageSink,
    all: &[RiskRef],
) -> Result<(), RenderError> {
    let root = root_for(PLAN);
    let mut rows = Vec::new();
    for risk in all {
        let view = RiskView::new(isms, *risk, &root);
        for action in &risk.risk.actions {
            let state = ActionState::of(action, isms.today);
            rows.push((
                state,
                action.due,
                PlanRow {
                    due: action.due.map(|d| d.to_string()),
                    done: action.done.map(|d| d.to_string()),
                    state: state.key(),
                    state_label: state.label(),
                    id: action.id.clone(),
                    action: action.action.clone(),
                    owner: action.owner.clone(),
                    risk_id: view.id.clone(),
                    risk_title: view.title.clone(),
                    risk_href: view.href.clone(),
                    risk_status: view.status,
                    controls: view.controls.clone(),
                },
            ));
        }
    }
    // Overdue first, then open, then done; each by due date (no date last), then by risk.
    let rank = |s: ActionState| match s {
        ActionState::Overdue => 0,
        ActionState::Open => 1,
        ActionState::Done => 2,
    };
    rows.sort_by(|a, b| {
        rank(a.0)
            .cmp(&rank(b.0))
            .then_with(|| a.1.is_none().cmp(&b.1.is_none()))
            .then_with(|| a.1.cmp(&b.1))
            .then_with(|| crate::diagnostic::natural_cmp(&a.2.risk_id, &b.2.risk_id))
    });
    let page = PlanPage {
        overdue: rows.iter().filter(|r| r.0 == ActionState::Overdue).count(),
        open: rows.iter().filter(|r| r.0 == ActionState::Open).count(),
        done: rows.iter().filter(|r| r.0 == ActionState::Done).count(),
        rows: rows.into_iter().map(|r| r.2).collect(),
    };
    render_page(
        isms,
        templates,
        sink,
        Page {
            path: PLAN,
            template: "risk_treatment.html",
            title: "Risk treatment plan",
            nav_key: "risk-treatment",
        },
        &page,
    )
}
