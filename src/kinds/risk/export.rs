//! The risk exports: risks.csv (one row per risk, the columns `annexa import risks` reads
//! back), risks.xlsx (legend, inherent and residual matrices, all risks, treatment plan) and
//! the risks of annexa.json.

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, XlsxError};
use serde::Serialize;

use crate::model::Isms;
use crate::render::exports::{
    csv_writer, export_error, into_bytes, spreadsheet_text, write_safe_record,
};
use crate::render::{put, PageSink, RenderError};

use super::heatmap::{heat_map, Which};
use super::view::{RatingView, RiskView};
use super::{risks, RiskRef};

/// The columns of risks.csv and of the "Risks" sheet; `annexa import risks` knows them.
pub const COLUMNS: [&str; 26] = [
    "Id",
    "Title",
    "Owner",
    "Status",
    "Identified",
    "Assets",
    "Threat",
    "Vulnerability",
    "Inherent likelihood",
    "Inherent impact",
    "Inherent score",
    "Inherent level",
    "Treatment",
    "Controls",
    "Residual likelihood",
    "Residual impact",
    "Residual score",
    "Residual level",
    "Accepted by",
    "Accepted on",
    "Acceptance expires",
    "Open actions",
    "Overdue actions",
    "Last reviewed",
    "Next review",
    "Page",
];

fn published(isms: &Isms) -> Vec<RiskRef<'_>> {
    risks(isms).filter(|r| r.doc.published).collect()
}

fn rating_cells(rating: Option<&RatingView>) -> [String; 4] {
    match rating {
        Some(r) => [
            r.likelihood.to_string(),
            r.impact.to_string(),
            r.score.to_string(),
            r.level.clone(),
        ],
        None => Default::default(),
    }
}

/// One risk as the cells of `COLUMNS`.
fn record(isms: &Isms, risk: &RiskRef, view: &RiskView) -> Vec<String> {
    let front = &risk.doc.source.front;
    let [il, ii, is, ilevel] = rating_cells(view.inherent.as_ref());
    let [rl, ri, rs, rlevel] = rating_cells(view.residual.as_ref());
    let acceptance = view.acceptance.as_ref();
    vec![
        view.id.clone(),
        view.title.clone(),
        view.owner.clone().unwrap_or_default(),
        view.status.to_string(),
        view.identified.clone().unwrap_or_default(),
        view.assets.join(", "),
        view.threat.clone().unwrap_or_default(),
        view.vulnerability.clone().unwrap_or_default(),
        il,
        ii,
        is,
        ilevel,
        view.treatment.unwrap_or_default().to_string(),
        front
            .controls
            .iter()
            .map(|c| c.value.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        rl,
        ri,
        rs,
        rlevel,
        acceptance.map(|a| a.by.clone()).unwrap_or_default(),
        acceptance.and_then(|a| a.date.clone()).unwrap_or_default(),
        acceptance
            .and_then(|a| a.expires.clone())
            .unwrap_or_default(),
        view.open_actions.to_string(),
        view.overdue_actions.to_string(),
        front
            .last_reviewed
            .map(|d| d.to_string())
            .unwrap_or_default(),
        view.next_review.clone().unwrap_or_default(),
        link(isms, &risk.doc.page),
    ]
}

fn link(isms: &Isms, page: &str) -> String {
    match isms.config.base_url.as_deref() {
        Some(base) => format!("{base}{page}"),
        None => page.to_string(),
    }
}

/// `risks.csv`.
pub fn risks_csv(isms: &Isms) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv_writer();
    write_safe_record(&mut writer, COLUMNS)?;
    for risk in published(isms) {
        let view = RiskView::new(isms, risk, "");
        let cells = record(isms, &risk, &view);
        write_safe_record(&mut writer, cells.iter().map(String::as_str))?;
    }
    into_bytes(writer)
}

/// `risks.xlsx`.
pub fn risks_xlsx(isms: &Isms) -> Result<Vec<u8>, XlsxError> {
    let today = isms.today;
    let mut workbook =
        crate::render::exports::workbook("Risk register", &isms.config.organisation, today)?;
    let bold = Format::new().set_bold();
    let title = Format::new().set_bold().set_font_size(14);
    let header = crate::render::exports::header_format();
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let all = published(isms);
    let views: Vec<RiskView> = all.iter().map(|r| RiskView::new(isms, *r, "")).collect();
    let heading = format!(
        "{} — risk register · generated {today}",
        isms.config.organisation
    );

    // Legend: the criteria.
    let sheet = workbook.add_worksheet();
    sheet.set_name("Legend")?;
    sheet.write_string_with_format(0, 0, &heading, &title)?;
    let mut row = 2;
    match isms.data.risk_criteria.get() {
        Some(criteria) => {
            for (name, scale) in [
                ("Likelihood", &criteria.likelihood),
                ("Impact", &criteria.impact),
            ] {
                sheet.write_string_with_format(row, 0, name, &bold)?;
                for (i, step) in scale.iter().enumerate() {
                    sheet.write_number(row + 1 + i as u32, 0, (i + 1) as f64)?;
                    sheet.write_string(row + 1 + i as u32, 1, spreadsheet_text(step).as_ref())?;
                }
                row += scale.len() as u32 + 2;
            }
            for (col, name) in [
                "Level",
                "Scores up to",
                "Within appetite",
                "May be accepted by",
            ]
            .iter()
            .enumerate()
            {
                sheet.write_string_with_format(row, col as u16, *name, &header)?;
            }
            for (i, level) in criteria.levels.iter().enumerate() {
                let r = row + 1 + i as u32;
                let fill = Format::new().set_background_color(level.colour.trim_start_matches('#'));
                sheet.write_string_with_format(
                    r,
                    0,
                    spreadsheet_text(&level.name).as_ref(),
                    &fill,
                )?;
                if let Some(max) = level.max {
                    sheet.write_number(r, 1, max as f64)?;
                }
                sheet.write_string(r, 2, if i <= criteria.appetite { "Yes" } else { "No" })?;
                sheet.write_string(
                    r,
                    3,
                    spreadsheet_text(&level.accepted_by.join(", ")).as_ref(),
                )?;
            }
        }
        None => {
            sheet.write_string(row, 0, "No risk-criteria.yaml: the risks are not rated.")?;
        }
    }
    sheet.set_column_width(0, 22)?;
    sheet.set_column_width(1, 22)?;
    sheet.set_column_width(3, 30)?;

    // The two matrices: counts of open risks per cell, highest likelihood on top.
    if let Some(criteria) = isms.data.risk_criteria.get() {
        let open: Vec<RiskRef> = all.iter().copied().filter(RiskRef::is_open).collect();
        let hrefs = vec![String::new(); open.len()];
        for which in [Which::Inherent, Which::Residual] {
            let map = heat_map(criteria, &open, which, &hrefs);
            let sheet = workbook.add_worksheet();
            sheet.set_name(match which {
                Which::Inherent => "Inherent matrix",
                Which::Residual => "Residual matrix",
            })?;
            sheet.write_string_with_format(
                0,
                0,
                format!("{}: open risks by likelihood and impact", which.label()),
                &title,
            )?;
            sheet.write_string_with_format(2, 0, "Likelihood \\ impact", &header)?;
            for (i, name) in map.impact.iter().enumerate() {
                sheet.write_string_with_format(
                    2,
                    1 + i as u16,
                    spreadsheet_text(name).as_ref(),
                    &header,
                )?;
            }
            for (r, line) in map.rows.iter().enumerate() {
                let r = 3 + r as u32;
                sheet.write_string_with_format(
                    r,
                    0,
                    spreadsheet_text(&line.likelihood).as_ref(),
                    &bold,
                )?;
                for (i, cell) in line.counts.iter().enumerate() {
                    let colour = criteria
                        .levels
                        .iter()
                        .find(|l| l.name == cell.level)
                        .map_or("FFFFFF", |l| l.colour.trim_start_matches('#'));
                    let format = Format::new()
                        .set_background_color(colour)
                        .set_align(FormatAlign::Center)
                        .set_border(FormatBorder::Thin);
                    sheet.write_number_with_format(r, 1 + i as u16, cell.count as f64, &format)?;
                }
            }
            sheet.set_column_width(0, 22)?;
            for i in 0..map.impact.len() {
                sheet.set_column_width(1 + i as u16, 14)?;
            }
        }
    }

    // All risks.
    let sheet = workbook.add_worksheet();
    sheet.set_name("Risks")?;
    for (col, name) in COLUMNS.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *name, &header)?;
    }
    for (i, (risk, view)) in all.iter().zip(&views).enumerate() {
        for (col, value) in record(isms, risk, view).iter().enumerate() {
            sheet.write_string_with_format(
                1 + i as u32,
                col as u16,
                spreadsheet_text(value).as_ref(),
                &wrap,
            )?;
        }
    }
    sheet.set_freeze_panes(1, 1)?;
    sheet.autofilter(0, 0, all.len() as u32, COLUMNS.len() as u16 - 1)?;
    for (col, width) in [(1, 40.0), (2, 18.0), (6, 30.0), (7, 30.0), (13, 20.0)] {
        sheet.set_column_width(col, width)?;
    }

    // The treatment plan: every action.
    let sheet = workbook.add_worksheet();
    sheet.set_name("Treatment plan")?;
    let plan_columns = [
        "Risk",
        "Action id",
        "Action",
        "Owner",
        "Due",
        "Done",
        "State",
        "Risk status",
    ];
    for (col, name) in plan_columns.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *name, &header)?;
    }
    let mut r = 1;
    for view in &views {
        for action in &view.actions {
            let cells = [
                view.id.as_str(),
                action.id.as_deref().unwrap_or_default(),
                action.action.as_str(),
                action.owner.as_deref().unwrap_or_default(),
                action.due.as_deref().unwrap_or_default(),
                action.done.as_deref().unwrap_or_default(),
                action.state_label,
                view.status_label,
            ];
            for (col, value) in cells.iter().enumerate() {
                sheet.write_string_with_format(
                    r,
                    col as u16,
                    spreadsheet_text(value).as_ref(),
                    &wrap,
                )?;
            }
            r += 1;
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(
        0,
        0,
        r.saturating_sub(1).max(1),
        plan_columns.len() as u16 - 1,
    )?;
    sheet.set_column_width(2, 50)?;
    sheet.set_column_width(3, 20)?;
    workbook.save_to_buffer()
}

/// A risk in annexa.json: keys, not labels.
#[derive(Serialize)]
struct JsonRisk {
    id: String,
    title: String,
    page: String,
    owner: Option<String>,
    status: &'static str,
    identified: Option<String>,
    assets: Vec<String>,
    threat: Option<String>,
    vulnerability: Option<String>,
    inherent: Option<JsonRating>,
    treatment: Option<&'static str>,
    controls: Vec<String>,
    residual: Option<JsonRating>,
    acceptance: Option<JsonAcceptance>,
    above_appetite: bool,
    actions: Vec<JsonAction>,
}

#[derive(Serialize)]
struct JsonRating {
    likelihood: u32,
    impact: u32,
    score: u32,
    level: String,
}

#[derive(Serialize)]
struct JsonAcceptance {
    by: String,
    date: Option<String>,
    expires: Option<String>,
    standing: bool,
}

#[derive(Serialize)]
struct JsonAction {
    id: Option<String>,
    action: String,
    owner: Option<String>,
    due: Option<String>,
    done: Option<String>,
    state: &'static str,
}

/// The risks for annexa.json (None when the project has none).
pub fn json(isms: &Isms) -> Option<serde_json::Value> {
    let all = published(isms);
    risks(isms).next()?;
    let rating = |r: Option<RatingView>| {
        r.map(|r| JsonRating {
            likelihood: r.likelihood,
            impact: r.impact,
            score: r.score,
            level: r.level,
        })
    };
    let list: Vec<JsonRisk> = all
        .iter()
        .map(|risk| {
            let view = RiskView::new(isms, *risk, "");
            JsonRisk {
                id: view.id,
                title: view.title,
                page: risk.doc.page.clone(),
                owner: view.owner,
                status: view.status,
                identified: view.identified,
                assets: view.assets,
                threat: view.threat,
                vulnerability: view.vulnerability,
                inherent: rating(view.inherent),
                treatment: view.treatment,
                controls: risk
                    .doc
                    .source
                    .front
                    .controls
                    .iter()
                    .map(|c| c.value.clone())
                    .collect(),
                residual: rating(view.residual),
                acceptance: view.acceptance.map(|a| JsonAcceptance {
                    standing: a.state == "standing",
                    by: a.by,
                    date: a.date,
                    expires: a.expires,
                }),
                above_appetite: view.above_appetite,
                actions: view
                    .actions
                    .into_iter()
                    .map(|a| JsonAction {
                        id: a.id,
                        action: a.action,
                        owner: a.owner,
                        due: a.due,
                        done: a.done,
                        state: a.state,
                    })
                    .collect(),
            }
        })
        .collect();
    serde_json::to_value(list).ok()
}

/// Writes risks.csv and risks.xlsx when the project has risks.
pub fn write(isms: &Isms, sink: &dyn PageSink) -> Result<(), RenderError> {
    if risks(isms).next().is_none() {
        return Ok(());
    }
    let csv = risks_csv(isms).map_err(|e| export_error("risks.csv", e.to_string()))?;
    put(sink, "risks.csv", &csv)?;
    let xlsx = risks_xlsx(isms).map_err(|e| export_error("risks.xlsx", e.to_string()))?;
    put(sink, "risks.xlsx", &xlsx)
}
