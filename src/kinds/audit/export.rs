//! The audit exports: audit-programme.csv (one row per internal audit), the internal audits
//! in annexa.json, and the planned audits for the calendars.

use serde::Serialize;

use crate::model::Isms;
use crate::render::exports::{csv_writer, export_error, into_bytes, write_safe_record};
use crate::render::{put, PageSink, RenderError};

use super::internal_audits;
use super::view::{AuditView, ScopeView};

pub const CSV: &str = "audit-programme.csv";

/// The columns of audit-programme.csv.
pub const COLUMNS: &[&str] = &[
    "id",
    "title",
    "planned",
    "held",
    "state",
    "cycle_year",
    "auditors",
    "clauses",
    "controls",
    "processes",
    "findings",
    "reported_to",
    "report",
];

fn ids(links: &[super::view::Link]) -> String {
    links
        .iter()
        .map(|l| l.id.as_str())
        .collect::<Vec<_>>()
        .join("; ")
}

fn views(isms: &Isms) -> Vec<AuditView> {
    let cycle = crate::kinds::certification::cycle::Cycle::of(isms);
    internal_audits(isms)
        .iter()
        .map(|a| {
            let year = a.day().and_then(|d| cycle.year_of(d));
            AuditView::new(isms, "", a, year)
        })
        .collect()
}

/// audit-programme.csv.
pub fn programme_csv(isms: &Isms) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv_writer();
    write_safe_record(&mut writer, COLUMNS.iter().copied())?;
    for v in views(isms) {
        let empty = ScopeView {
            clauses: Vec::new(),
            controls: Vec::new(),
            processes: Vec::new(),
        };
        let scope = v.scope.as_ref().unwrap_or(&empty);
        let cells = [
            v.id.clone(),
            v.title.clone().unwrap_or_default(),
            v.planned.clone().unwrap_or_default(),
            if v.state == "done" {
                v.date.clone().unwrap_or_default()
            } else {
                String::new()
            },
            v.state.to_string(),
            v.year.map(|y| y.to_string()).unwrap_or_default(),
            v.auditors.join("; "),
            ids(&scope.clauses),
            ids(&scope.controls),
            scope.processes.join("; "),
            ids(&v.findings),
            v.reported_to
                .as_ref()
                .map(|r| r.id.clone())
                .unwrap_or_default(),
            v.href.clone().unwrap_or_default(),
        ];
        write_safe_record(&mut writer, cells.iter().map(String::as_str))?;
    }
    into_bytes(writer)
}

pub fn write(isms: &Isms, sink: &dyn PageSink) -> Result<(), RenderError> {
    if internal_audits(isms).is_empty() {
        return Ok(());
    }
    let csv = programme_csv(isms).map_err(|e| export_error(CSV, e.to_string()))?;
    put(sink, CSV, &csv)
}

#[derive(Serialize)]
struct JsonScope {
    clauses: Vec<String>,
    controls: Vec<String>,
    processes: Vec<String>,
}

#[derive(Serialize)]
struct JsonAudit {
    id: String,
    title: Option<String>,
    planned: Option<String>,
    date: Option<String>,
    state: &'static str,
    cycle_year: Option<usize>,
    auditors: Vec<String>,
    scope: Option<JsonScope>,
    findings: Vec<String>,
    reported_to: Option<String>,
    page: Option<String>,
}

/// The internal audits in annexa.json.
pub fn json(isms: &Isms) -> Option<serde_json::Value> {
    let list: Vec<JsonAudit> = views(isms)
        .into_iter()
        .map(|v| JsonAudit {
            scope: v.scope.map(|s| JsonScope {
                clauses: s.clauses.into_iter().map(|l| l.id).collect(),
                controls: s.controls.into_iter().map(|l| l.id).collect(),
                processes: s.processes,
            }),
            findings: v.findings.into_iter().map(|l| l.id).collect(),
            reported_to: v.reported_to.map(|l| l.id),
            id: v.id,
            title: v.title,
            planned: v.planned,
            date: v.date,
            state: v.state,
            cycle_year: v.year,
            auditors: v.auditors,
            page: v.href,
        })
        .collect();
    if list.is_empty() {
        return None;
    }
    serde_json::to_value(list).ok()
}

/// Internal audits not done yet, for the calendars: on the report's date, else the first
/// day of the planned month.
pub fn calendar(isms: &Isms) -> Vec<crate::kinds::CalendarEntry> {
    let mut out = Vec::new();
    for audit in internal_audits(isms) {
        if audit.is_done() {
            continue;
        }
        let Some(day) = audit.day() else { continue };
        let overdue =
            super::view::AuditState::of(&audit, isms.today) == super::view::AuditState::Overdue;
        let report = audit.report.filter(|r| r.doc.published);
        out.push(crate::kinds::CalendarEntry {
            uid: format!("internal-audit-{}", audit.id).to_lowercase(),
            date: day,
            summary: format!(
                "{}Internal audit {}{}",
                if overdue { "OVERDUE: " } else { "" },
                audit.id,
                audit.title().map(|t| format!(": {t}")).unwrap_or_default()
            ),
            owner: audit.auditors().first().map(|a| a.value.clone()),
            page: report.map_or_else(|| super::pages::PAGE.to_string(), |r| r.doc.page.clone()),
            source: report.map_or_else(
                || super::programme::FILE.to_string(),
                |r| r.doc.rel_path().to_string(),
            ),
            category: if overdue {
                "Internal audit,Overdue"
            } else {
                "Internal audit"
            },
        });
    }
    out
}
