//! management-system.html: every clause 4.1–10.2 with its sub-clauses, what fulfils each,
//! and the items of mandatory documented information nothing fulfils.

use serde::Serialize;

use crate::catalog::clauses::{clause_framework, covers, sections, MANDATORY};
use crate::model::Isms;
use crate::render::pages::{render_page, Page};
use crate::render::urls::{document_href, root_for};
use crate::render::{PageSink, RenderError, Templates};

use super::fulfilment::{fulfillers, in_use, mandatory, Fulfiller};

pub const PAGE: &str = "management-system.html";

/// One thing that fulfils a clause, as a link.
#[derive(Serialize)]
pub struct FulfillerView {
    pub id: Option<String>,
    pub label: String,
    pub href: Option<String>,
}

/// One clause's row.
#[derive(Serialize)]
pub struct ClauseView {
    pub id: String,
    pub title: String,
    /// A sub-clause (6.1.2) of a section (6.1).
    pub sub: bool,
    /// What the clause asks to be documented, when it is an item of mandatory information.
    pub mandatory: Option<&'static str>,
    pub fulfilled_by: Vec<FulfillerView>,
    /// A mandatory item nothing fulfils.
    pub missing: bool,
}

#[derive(Serialize)]
struct ManagementPage {
    groups: Vec<(String, String, Vec<ClauseView>)>,
    mandatory_total: usize,
    fulfilled: usize,
    missing: Vec<ClauseView>,
}

pub fn nav(isms: &Isms) -> Vec<(&'static str, &'static str, &'static str)> {
    if in_use(isms) {
        vec![("management-system", "Management system", PAGE)]
    } else {
        Vec::new()
    }
}

fn view(isms: &Isms, root: &str, id: &str, title: &str) -> ClauseView {
    let fulfilled_by: Vec<FulfillerView> = fulfillers(isms, id)
        .into_iter()
        .map(|f| match f {
            Fulfiller::Document(i) => {
                let doc = &isms.documents[i];
                FulfillerView {
                    id: Some(doc.id().to_string()),
                    label: doc.title().to_string(),
                    href: Some(document_href(root, doc)),
                }
            }
            Fulfiller::Part { label, page, .. } => FulfillerView {
                id: None,
                label,
                href: page.map(|p| format!("{root}{p}")),
            },
            Fulfiller::Soa => FulfillerView {
                id: None,
                label: "Statement of Applicability".into(),
                href: Some(format!("{root}soa.html")),
            },
        })
        .collect();
    let is_mandatory = MANDATORY.contains(&id);
    ClauseView {
        id: id.to_string(),
        title: title.to_string(),
        sub: id.matches('.').count() > 1,
        mandatory: mandatory(id),
        missing: is_mandatory && fulfilled_by.is_empty(),
        fulfilled_by,
    }
}

/// Every clause by its top-level clause (4 … 10): each section, then its sub-clauses.
pub fn clause_views(isms: &Isms, root: &str) -> Vec<(String, String, Vec<ClauseView>)> {
    clause_framework()
        .groups
        .iter()
        .map(|group| {
            let rows = sections()
                .filter(|s| covers(&group.id, &s.id))
                .flat_map(|section| {
                    clause_framework()
                        .controls
                        .iter()
                        .filter(|c| covers(&section.id, &c.id))
                        .map(|c| view(isms, root, &c.id, &c.title))
                        .collect::<Vec<_>>()
                })
                .collect();
            (group.id.clone(), group.title.clone(), rows)
        })
        .collect()
}

pub fn render(
    isms: &Isms,
    templates: &Templates,
    sink: &dyn PageSink,
) -> Result<usize, RenderError> {
    if !in_use(isms) {
        return Ok(0);
    }
    let root = root_for(PAGE);
    let groups = clause_views(isms, &root);
    let missing = MANDATORY
        .iter()
        .filter_map(|id| {
            let c = crate::catalog::clauses::clause(id)?;
            Some(view(isms, &root, id, &c.title))
        })
        .filter(|v| v.missing)
        .collect::<Vec<_>>();
    let page = ManagementPage {
        fulfilled: MANDATORY.len() - missing.len(),
        groups,
        mandatory_total: MANDATORY.len(),
        missing,
    };
    render_page(
        isms,
        templates,
        sink,
        Page {
            path: PAGE,
            template: "management_system.html",
            title: "Management system",
            nav_key: "management-system",
        },
        &page,
    )?;
    Ok(1)
}
