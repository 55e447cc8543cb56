//! Internal audits as the templates see them: ready labels, states and links.

use serde::Serialize;

use crate::catalog::catalog;
use crate::model::Isms;
use crate::render::urls::{control_href, document_href};

use super::scope::Scope;
use super::InternalAudit;

/// Where an internal audit stands on `today`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuditState {
    Done,
    Overdue,
    Planned,
}

impl AuditState {
    pub fn of(audit: &InternalAudit, today: jiff::civil::Date) -> AuditState {
        if audit.is_done() {
            return AuditState::Done;
        }
        let last = audit
            .planned()
            .map(|p| p.last)
            .or_else(|| audit.report.and_then(|r| r.audit.date));
        match last {
            Some(last) if last < today => AuditState::Overdue,
            _ => AuditState::Planned,
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            AuditState::Done => "done",
            AuditState::Overdue => "overdue",
            AuditState::Planned => "planned",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            AuditState::Done => "Done",
            AuditState::Overdue => "Overdue",
            AuditState::Planned => "Planned",
        }
    }
}

/// A link to a control or a document, or a bare id when there is nothing to link to.
#[derive(Clone, Serialize)]
pub struct Link {
    pub id: String,
    pub title: String,
    pub href: Option<String>,
}

/// An audit's scope with links.
#[derive(Serialize)]
pub struct ScopeView {
    pub clauses: Vec<Link>,
    pub controls: Vec<Link>,
    pub processes: Vec<String>,
}

impl ScopeView {
    pub fn new(root: &str, scope: &Scope) -> ScopeView {
        ScopeView {
            clauses: scope
                .clauses
                .iter()
                .map(|c| Link {
                    id: c.value.clone(),
                    title: crate::catalog::clauses::clause(&c.value)
                        .map_or(String::new(), |k| k.title.clone()),
                    href: Some(format!(
                        "{root}{}#clause-{}",
                        crate::kinds::management::pages::PAGE,
                        c.value
                    )),
                })
                .collect(),
            controls: scope
                .controls
                .iter()
                .map(|c| Link {
                    id: c.value.as_str().to_string(),
                    title: catalog()
                        .control(&c.value)
                        .map_or(String::new(), |k| k.title.clone()),
                    href: Some(control_href(root, &c.value)),
                })
                .collect(),
            processes: scope.processes.clone(),
        }
    }
}

/// One internal audit.
#[derive(Serialize)]
pub struct AuditView {
    pub id: String,
    pub title: Option<String>,
    /// The report's page.
    pub href: Option<String>,
    pub planned: Option<String>,
    pub date: Option<String>,
    pub state: &'static str,
    pub state_label: &'static str,
    pub auditors: Vec<String>,
    pub scope: Option<ScopeView>,
    /// Findings: nonconformity ids, linked when the project has them.
    pub findings: Vec<Link>,
    pub reported_to: Option<Link>,
    /// The year of the cycle (1–3), when it falls in the cycle.
    pub year: Option<usize>,
}

fn id_link(isms: &Isms, root: &str, id: &str) -> Link {
    match isms.document(id).filter(|d| d.published) {
        Some(doc) => Link {
            id: doc.id().to_string(),
            title: doc.title().to_string(),
            href: Some(document_href(root, doc)),
        },
        None => Link {
            id: id.to_string(),
            title: String::new(),
            href: None,
        },
    }
}

impl AuditView {
    pub fn new(isms: &Isms, root: &str, audit: &InternalAudit, year: Option<usize>) -> AuditView {
        let state = AuditState::of(audit, isms.today);
        let report = audit.report.filter(|r| r.doc.published);
        AuditView {
            id: audit.id.to_string(),
            title: audit.title().map(str::to_string),
            href: report.map(|r| document_href(root, r.doc)),
            planned: audit.planned().map(|p| p.label()),
            date: audit
                .report
                .and_then(|r| r.audit.date)
                .map(|d| d.to_string()),
            state: state.key(),
            state_label: state.label(),
            auditors: audit.auditors().iter().map(|a| a.value.clone()).collect(),
            scope: audit.scope().map(|s| ScopeView::new(root, s)),
            findings: audit
                .report
                .iter()
                .flat_map(|r| &r.audit.findings)
                .map(|f| id_link(isms, root, &f.value))
                .collect(),
            reported_to: audit
                .report
                .and_then(|r| r.audit.reported_to.as_ref())
                .map(|m| id_link(isms, root, &m.value)),
            year: year.map(|y| y + 1),
        }
    }
}
