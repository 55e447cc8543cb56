//! The nonconformity exports: nonconformities.csv (one row per nonconformity),
//! nonconformities.xlsx (the register and every corrective action) and the nonconformities
//! of annexa.json.

use rust_xlsxwriter::XlsxError;
use serde::Serialize;

use crate::kinds::action::ActionView;
use crate::model::Isms;
use crate::render::exports::{
    csv_writer, export_error, into_bytes, spreadsheet_text, write_safe_record,
};
use crate::render::{put, PageSink, RenderError};

use super::nonconformities;
use super::view::NcView;

/// The columns of nonconformities.csv and of the "Nonconformities" sheet.
pub const COLUMNS: [&str; 19] = [
    "Id",
    "Title",
    "Grade",
    "Status",
    "Source",
    "Raised",
    "Age (days)",
    "Owner",
    "Clauses",
    "Controls",
    "Correction",
    "Root cause",
    "Open actions",
    "Overdue actions",
    "Effectiveness due",
    "Effectiveness checked",
    "Checked by",
    "Effective",
    "Page",
];

fn views(isms: &Isms) -> Vec<NcView> {
    nonconformities(isms)
        .filter(|n| n.doc.published)
        .map(|n| NcView::new(isms, n, ""))
        .collect()
}

fn link(isms: &Isms, page: &str) -> String {
    match isms.config.base_url.as_deref() {
        Some(base) => format!("{base}{page}"),
        None => page.to_string(),
    }
}

/// One nonconformity as the cells of `COLUMNS`.
fn record(isms: &Isms, v: &NcView) -> Vec<String> {
    let e = v.effectiveness.as_ref();
    vec![
        v.id.clone(),
        v.title.clone(),
        v.grade.unwrap_or_default().to_string(),
        v.status.to_string(),
        v.source.clone().unwrap_or_default(),
        v.raised.clone().unwrap_or_default(),
        v.age_days.map(|d| d.to_string()).unwrap_or_default(),
        v.owner.clone().unwrap_or_default(),
        v.clauses.join(", "),
        v.controls
            .iter()
            .map(|c| c.id.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        v.correction.clone().unwrap_or_default(),
        v.root_cause.clone().unwrap_or_default(),
        v.open_actions.to_string(),
        v.overdue_actions.to_string(),
        e.and_then(|e| e.due.clone()).unwrap_or_default(),
        e.and_then(|e| e.checked.clone()).unwrap_or_default(),
        e.and_then(|e| e.by.clone()).unwrap_or_default(),
        match e.and_then(|e| e.effective) {
            Some(true) => "yes".into(),
            Some(false) => "no".into(),
            None => String::new(),
        },
        link(isms, &v.href),
    ]
}

/// `nonconformities.csv`.
pub fn nonconformities_csv(isms: &Isms) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv_writer();
    write_safe_record(&mut writer, COLUMNS)?;
    for v in views(isms) {
        let cells = record(isms, &v);
        write_safe_record(&mut writer, cells.iter().map(String::as_str))?;
    }
    into_bytes(writer)
}

/// `nonconformities.xlsx`: the register and the corrective actions.
pub fn nonconformities_xlsx(isms: &Isms) -> Result<Vec<u8>, XlsxError> {
    let today = isms.today;
    let mut workbook = crate::render::exports::workbook(
        "Nonconformities and corrective actions",
        &isms.config.organisation,
        today,
    )?;
    let header = crate::render::exports::header_format();
    let all = views(isms);

    let sheet = workbook.add_worksheet();
    sheet.set_name("Nonconformities")?;
    for (col, name) in COLUMNS.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *name, &header)?;
    }
    for (r, v) in all.iter().enumerate() {
        for (col, cell) in record(isms, v).iter().enumerate() {
            sheet.write_string(1 + r as u32, col as u16, spreadsheet_text(cell).as_ref())?;
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, (all.len() as u32).max(1), COLUMNS.len() as u16 - 1)?;
    sheet.set_column_width(1, 45)?;

    let columns = [
        "Nonconformity",
        "Action id",
        "Action",
        "Owner",
        "Due",
        "Done",
        "State",
    ];
    let sheet = workbook.add_worksheet();
    sheet.set_name("Corrective actions")?;
    for (col, name) in columns.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *name, &header)?;
    }
    let mut row = 1u32;
    for v in &all {
        for a in &v.actions {
            let cells = [
                v.id.as_str(),
                a.id.as_deref().unwrap_or(""),
                a.action.as_str(),
                a.owner.as_deref().unwrap_or(""),
                a.due.as_deref().unwrap_or(""),
                a.done.as_deref().unwrap_or(""),
                a.state_label,
            ];
            for (col, cell) in cells.iter().enumerate() {
                sheet.write_string(row, col as u16, spreadsheet_text(cell).as_ref())?;
            }
            row += 1;
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, row.saturating_sub(1).max(1), columns.len() as u16 - 1)?;
    sheet.set_column_width(2, 50)?;
    workbook.save_to_buffer()
}

/// A nonconformity in annexa.json: keys, not labels.
#[derive(Serialize)]
struct JsonNc {
    id: String,
    title: String,
    page: String,
    owner: Option<String>,
    grade: Option<&'static str>,
    status: &'static str,
    source: Option<String>,
    raised: Option<String>,
    clauses: Vec<String>,
    controls: Vec<String>,
    correction: Option<String>,
    root_cause: Option<String>,
    actions: Vec<JsonAction>,
    effectiveness: Option<JsonEffectiveness>,
}

#[derive(Serialize)]
pub struct JsonAction {
    id: Option<String>,
    action: String,
    owner: Option<String>,
    due: Option<String>,
    done: Option<String>,
    state: &'static str,
}

impl From<ActionView> for JsonAction {
    fn from(a: ActionView) -> JsonAction {
        JsonAction {
            id: a.id,
            action: a.action,
            owner: a.owner,
            due: a.due,
            done: a.done,
            state: a.state,
        }
    }
}

#[derive(Serialize)]
struct JsonEffectiveness {
    due: Option<String>,
    checked: Option<String>,
    by: Option<String>,
    effective: Option<bool>,
}

/// The nonconformities for annexa.json (None when the project has none).
pub fn json(isms: &Isms) -> Option<serde_json::Value> {
    nonconformities(isms).next()?;
    let list: Vec<JsonNc> = views(isms)
        .into_iter()
        .map(|v| JsonNc {
            page: v.href,
            id: v.id,
            title: v.title,
            owner: v.owner,
            grade: v.grade,
            status: v.status,
            source: v.source,
            raised: v.raised,
            clauses: v.clauses,
            controls: v.controls.into_iter().map(|c| c.id).collect(),
            correction: v.correction,
            root_cause: v.root_cause,
            actions: v.actions.into_iter().map(JsonAction::from).collect(),
            effectiveness: v.effectiveness.map(|e| JsonEffectiveness {
                due: e.due,
                checked: e.checked,
                by: e.by,
                effective: e.effective,
            }),
        })
        .collect();
    serde_json::to_value(list).ok()
}

/// Writes nonconformities.csv and nonconformities.xlsx when the project has any.
pub fn write(isms: &Isms, sink: &dyn PageSink) -> Result<(), RenderError> {
    if nonconformities(isms).next().is_none() {
        return Ok(());
    }
    let csv = nonconformities_csv(isms)
        .map_err(|e| export_error("nonconformities.csv", e.to_string()))?;
    put(sink, "nonconformities.csv", &csv)?;
    let xlsx = nonconformities_xlsx(isms)
        .map_err(|e| export_error("nonconformities.xlsx", e.to_string()))?;
    put(sink, "nonconformities.xlsx", &xlsx)
}
