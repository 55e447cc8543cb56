//! Nonconformities as template values: grade, status, age, actions with their due state,
//! the effectiveness check; one shape for the tracker, the record's page and the exports.

use serde::Serialize;

use crate::kinds::action::ActionView;
use crate::model::{ControlRef, Isms};
use crate::render::urls::{control_href, document_href};

use super::lints::days_between;
use super::NcRef;

/// A clause or control a nonconformity names, linked when it has a page.
#[derive(Serialize, Clone)]
pub struct Named {
    pub id: String,
    pub href: Option<String>,
}

/// The effectiveness check as shown.
#[derive(Serialize)]
pub struct EffectivenessView {
    pub due: Option<String>,
    pub checked: Option<String>,
    pub by: Option<String>,
    pub effective: Option<bool>,
    /// `effective`, `not-effective`, `overdue`, `due`, `unscheduled`.
    pub state: &'static str,
    pub state_label: &'static str,
}

/// One nonconformity, everything a page shows of it.
#[derive(Serialize)]
pub struct NcView {
    pub id: String,
    pub title: String,
    pub href: String,
    pub owner: Option<String>,
    pub grade: Option<&'static str>,
    pub grade_label: Option<&'static str>,
    pub status: &'static str,
    pub status_label: &'static str,
    pub source: Option<String>,
    /// The source's page, when it is a record of the project.
    pub source_href: Option<String>,
    pub raised: Option<String>,
    /// Days since it was raised (to today, or to when it was closed).
    pub age_days: Option<i64>,
    pub clauses: Vec<String>,
    pub controls: Vec<Named>,
    pub correction: Option<String>,
    pub root_cause: Option<String>,
    pub actions: Vec<ActionView>,
    pub open_actions: usize,
    pub overdue_actions: usize,
    pub effectiveness: Option<EffectivenessView>,
}

impl NcView {
    pub fn new(isms: &Isms, nc: NcRef<'_>, root: &str) -> NcView {
        let today = isms.today;
        let doc = nc.doc;
        let front = &doc.source.front;
        let n = nc.nc;
        let actions: Vec<ActionView> = n
            .actions
            .iter()
            .map(|a| ActionView::new(a, today))
            .collect();
        let end = nc.closed_on().unwrap_or(today);
        let source = n.source.as_ref().map(|s| s.value.clone());
        let source_href = source
            .as_deref()
            .and_then(|s| isms.document(s))
            .filter(|d| d.published)
            .map(|d| document_href(root, d));
        NcView {
            id: doc.id().to_string(),
            title: doc.title().to_string(),
            href: document_href(root, doc),
            owner: nc.owner(),
            grade: n.grade.map(|g| g.key()),
            grade_label: n.grade.map(|g| g.label()),
            status: nc.status_key(),
            status_label: front
                .record
                .as_ref()
                .map_or("Open", |record| record.status_label()),
            source,
            source_href,
            raised: n.raised.map(|d| d.to_string()),
            age_days: n.raised.map(|r| days_between(r, end).max(0)),
            clauses: front.clauses.iter().map(|c| c.value.clone()).collect(),
            controls: doc
                .controls
                .iter()
                .zip(&front.controls)
                .map(|(control, written)| match control {
                    ControlRef::Current(id) => Named {
                        id: id.to_string(),
                        href: Some(control_href(root, id)),
                    },
                    _ => Named {
                        id: written.value.clone(),
                        href: None,
                    },
                })
                .collect(),
            correction: n.correction.clone(),
            root_cause: n.root_cause.clone(),
            open_actions: actions.iter().filter(|a| a.state != "done").count(),
            overdue_actions: if nc.is_closed() {
                0
            } else {
                actions.iter().filter(|a| a.state == "overdue").count()
            },
            actions,
            effectiveness: n.effectiveness.as_ref().map(|e| {
                let (state, state_label) = match (e.checked, e.effective, e.due) {
                    (Some(_), Some(true), _) => ("effective", "Effective"),
                    (Some(_), Some(false), _) => ("not-effective", "Not effective"),
                    (Some(_), None, _) => ("checked", "Checked, no result"),
                    (None, _, Some(due)) if due < today => ("overdue", "Overdue"),
                    (None, _, Some(_)) => ("due", "Due"),
                    (None, _, None) => ("unscheduled", "Not scheduled"),
                };
                EffectivenessView {
                    due: e.due.map(|d| d.to_string()),
                    checked: e.checked.map(|d| d.to_string()),
                    by: e.by.clone(),
                    effective: e.effective,
                    state,
                    state_label,
                }
            }),
        }
    }
}
