//! The supplier register (suppliers.html), the home card and the navigation entry; each
//! supplier's own page shows its block (`_supplier_block.html`).

use serde::Serialize;

use crate::model::Isms;
use crate::render::pages::{render_page, Page};
use crate::render::urls::root_for;
use crate::render::{PageSink, RenderError, Templates};

use super::view::SupplierView;
use super::{suppliers, Criticality, KIND};

pub const PAGE: &str = "suppliers.html";

/// A filter's choices: value and label.
#[derive(Serialize)]
pub struct Choice {
    pub key: String,
    pub label: String,
}

impl Choice {
    pub fn new(key: &str, label: &str) -> Choice {
        Choice {
            key: key.to_string(),
            label: label.to_string(),
        }
    }
}

#[derive(Serialize)]
struct RegisterPage {
    suppliers: Vec<SupplierView>,
    current: usize,
    overdue: usize,
    certificates_expiring: usize,
    certificates_expired: usize,
    contracts_ended: usize,
    warn_before: String,
    criticalities: Vec<Choice>,
    statuses: Vec<Choice>,
    data: Vec<Choice>,
    assessments: Vec<Choice>,
    /// The intervals and clauses by criticality, as annexa.toml sets them.
    settings: Vec<SettingRow>,
}

#[derive(Serialize)]
struct SettingRow {
    criticality: &'static str,
    assess_every: String,
    clauses: Vec<String>,
}

fn published(isms: &Isms, root: &str) -> Vec<SupplierView> {
    suppliers(isms)
        .filter(|s| s.doc.published)
        .map(|s| SupplierView::new(isms, s, root))
        .collect()
}

pub fn nav(isms: &Isms) -> Vec<(&'static str, &'static str, &'static str)> {
    if suppliers(isms).next().is_none() {
        return Vec::new();
    }
    vec![("suppliers", "Suppliers", PAGE)]
}

/// The home page's card: current suppliers, assessments overdue, certificates expiring.
pub fn card(isms: &Isms) -> Option<crate::kinds::Card> {
    let views = published(isms, "");
    if views.is_empty() {
        return None;
    }
    let current: Vec<&SupplierView> = views.iter().filter(|v| v.status != "offboarded").collect();
    let due: Vec<&&SupplierView> = current
        .iter()
        .filter(|v| matches!(v.assessment, "overdue" | "never"))
        .collect();
    let certs = |state: &str| {
        current
            .iter()
            .flat_map(|v| &v.certificates)
            .filter(|c| c.state == state)
            .count()
    };
    let figure = |label: &str, count: usize, class: &'static str| crate::kinds::Figure {
        label: label.to_string(),
        count,
        class,
        href: PAGE,
    };
    Some(crate::kinds::Card {
        key: "suppliers",
        heading: "Suppliers",
        figures: vec![
            figure("current suppliers", current.len(), "status-approved"),
            figure("assessments overdue", due.len(), "review-overdue"),
            figure(
                "certificates expiring",
                certs("expiring"),
                "review-due-soon",
            ),
            figure("certificates expired", certs("expired"), "review-overdue"),
        ],
        attention_heading: "Assessment overdue".into(),
        attention: due
            .iter()
            .map(|v| (v.id.clone(), v.title.clone(), v.href.clone()))
            .collect(),
        links: vec![
            ("Supplier register", PAGE),
            ("suppliers.xlsx", "suppliers.xlsx"),
        ],
        sparklines: Vec::new(),
    })
}

pub fn render_all(
    isms: &Isms,
    templates: &Templates,
    sink: &dyn PageSink,
) -> Result<usize, RenderError> {
    if suppliers(isms).next().is_none() {
        return Ok(0);
    }
    let root = root_for(PAGE);
    let views = published(isms, &root);
    let current = || views.iter().filter(|v| v.status != "offboarded");
    let certs = |state: &str| {
        current()
            .flat_map(|v| &v.certificates)
            .filter(|c| c.state == state)
            .count()
    };
    let settings = &isms.config.suppliers;
    let page = RegisterPage {
        current: current().count(),
        overdue: current()
            .filter(|v| matches!(v.assessment, "overdue" | "never"))
            .count(),
        certificates_expiring: certs("expiring"),
        certificates_expired: certs("expired"),
        contracts_ended: current().filter(|v| v.contract_ended).count(),
        warn_before: settings.warn_before.to_string(),
        criticalities: Criticality::ALL
            .iter()
            .map(|c| Choice::new(c.key(), c.label()))
            .collect(),
        statuses: KIND
            .statuses
            .iter()
            .map(|(k, l)| Choice::new(k, l))
            .collect(),
        data: crate::source::Classification::ALL
            .iter()
            .map(|c| Choice::new(c.key(), c.key()))
            .collect(),
        assessments: [
            ("overdue", "Overdue"),
            ("never", "Never assessed"),
            ("due-soon", "Due soon"),
            ("ok", "Up to date"),
        ]
        .iter()
        .map(|(k, l)| Choice::new(k, l))
        .collect(),
        settings: Criticality::ALL
            .iter()
            .map(|c| SettingRow {
                criticality: c.label(),
                assess_every: settings.interval(*c).to_string(),
                clauses: settings.required_clauses(*c).to_vec(),
            })
            .collect(),
        suppliers: views,
    };
    render_page(
        isms,
        templates,
        sink,
        Page {
            path: PAGE,
            template: "suppliers.html",
            title: "Supplier register",
            nav_key: "suppliers",
        },
        &page,
    )?;
    Ok(1)
}
