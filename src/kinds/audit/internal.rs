//! The internal audits of the project as one list: each audit of the programme joined with
//! its report (by id), and reports the programme does not list. What the lints, the
//! programme page and the exports count.

use jiff::civil::Date;

use crate::model::Isms;
use crate::source::Spanned;

use super::programme::ProgrammeEntry;
use super::scope::{Planned, Scope};
use super::{reports, AuditRef};

/// One internal audit: planned in the programme, reported in audits/, or both.
#[derive(Clone)]
pub struct InternalAudit<'a> {
    pub id: &'a str,
    pub entry: Option<&'a ProgrammeEntry>,
    pub report: Option<AuditRef<'a>>,
    /// Its scope: each part (clauses, controls, processes) as the report writes it, else as
    /// the programme plans it.
    pub scope: Option<Scope>,
}

impl<'a> InternalAudit<'a> {
    /// Done: its report says so.
    pub fn is_done(&self) -> bool {
        self.report.is_some_and(|r| r.is_done())
    }

    pub fn new(
        id: &'a str,
        entry: Option<&'a ProgrammeEntry>,
        report: Option<AuditRef<'a>>,
    ) -> InternalAudit<'a> {
        let scope = match (report.map(|r| &r.audit.scope), entry.map(|e| &e.scope)) {
            (Some(written), Some(planned)) => {
                let pick = |a: bool| if a { written } else { planned };
                Some(Scope {
                    clauses: pick(!written.clauses.is_empty()).clauses.clone(),
                    controls: pick(!written.controls.is_empty()).controls.clone(),
                    processes: pick(!written.processes.is_empty()).processes.clone(),
                })
            }
            (Some(one), None) | (None, Some(one)) => Some(one.clone()),
            (None, None) => None,
        };
        InternalAudit {
            id,
            entry,
            report,
            scope,
        }
    }

    pub fn scope(&self) -> Option<&Scope> {
        self.scope.as_ref()
    }

    /// The auditors: the report's when it names them, else the programme's.
    pub fn auditors(&self) -> &'a [Spanned<String>] {
        match (self.report, self.entry) {
            (Some(r), _) if !r.audit.auditors.is_empty() => &r.audit.auditors,
            (_, Some(e)) => &e.auditors,
            _ => &[],
        }
    }

    pub fn planned(&self) -> Option<Planned> {
        self.entry.map(|e| e.planned)
    }

    /// The day it was held (done) or planned for: the report's date, else the first day of
    /// the planned month.
    pub fn day(&self) -> Option<Date> {
        self.report
            .and_then(|r| r.audit.date)
            .or_else(|| self.planned().map(|p| p.first))
    }

    pub fn title(&self) -> Option<&'a str> {
        self.report
            .map(|r| r.doc.title())
            .or_else(|| self.entry.and_then(|e| e.title.as_deref()))
    }
}

/// Every internal audit: the programme's in its order, then the reports it does not list
/// (path order).
pub fn internal_audits(isms: &Isms) -> Vec<InternalAudit<'_>> {
    let all_reports: Vec<AuditRef> = reports(isms).collect();
    let report_of = |id: &str| {
        all_reports
            .iter()
            .copied()
            .find(|r| r.doc.id().eq_ignore_ascii_case(id))
    };
    let mut out: Vec<InternalAudit> = Vec::new();
    if let Some(programme) = isms.data.audit_programme.get() {
        for entry in &programme.audits {
            out.push(InternalAudit::new(
                &entry.id.value,
                Some(entry),
                report_of(&entry.id.value),
            ));
        }
    }
    for report in &all_reports {
        if !out
            .iter()
            .any(|a| a.id.eq_ignore_ascii_case(report.doc.id()))
        {
            out.push(InternalAudit::new(report.doc.id(), None, Some(*report)));
        }
    }
    out
}
