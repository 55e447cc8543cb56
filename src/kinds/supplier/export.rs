//! The supplier exports: suppliers.csv (one row per supplier), suppliers.xlsx (the register
//! and one row per certificate), the suppliers of annexa.json, and the calendar entries for
//! assessments due, certificates expiring and contracts ending.

use rust_xlsxwriter::{Format, FormatAlign, XlsxError};

use crate::model::Isms;
use crate::render::exports::{
    csv_writer, export_error, into_bytes, spreadsheet_text, write_safe_record,
};
use crate::render::{put, PageSink, RenderError};

use super::suppliers;
use super::view::SupplierView;

/// The columns of suppliers.csv and of the "Suppliers" sheet.
pub const COLUMNS: [&str; 20] = [
    "Id",
    "Name",
    "Status",
    "Owner",
    "Criticality",
    "Services",
    "Data",
    "DPA",
    "Last assessed",
    "Assessed every",
    "Next assessment",
    "Assessment",
    "Certificates",
    "Certificate state",
    "Contract start",
    "Contract end",
    "Contract clauses",
    "Missing clauses",
    "Assets",
    "Page",
];

fn published(isms: &Isms) -> Vec<SupplierView> {
    suppliers(isms)
        .filter(|s| s.doc.published)
        .map(|s| SupplierView::new(isms, s, ""))
        .collect()
}

fn link(isms: &Isms, page: &str) -> String {
    match isms.config.base_url.as_deref() {
        Some(base) => format!("{base}{page}"),
        None => page.to_string(),
    }
}

/// One supplier as the cells of `COLUMNS`.
fn record(isms: &Isms, v: &SupplierView) -> Vec<String> {
    let dpa = match (v.dpa, &v.dpa_date) {
        ("signed", Some(date)) => format!("signed {date}"),
        ("signed", None) => "signed".into(),
        ("none", _) => "none".into(),
        _ => String::new(),
    };
    vec![
        v.id.clone(),
        v.title.clone(),
        v.status.to_string(),
        v.owner.clone().unwrap_or_default(),
        v.criticality.unwrap_or_default().to_string(),
        v.services.join(", "),
        v.data.unwrap_or_default().to_string(),
        dpa,
        v.last_assessed.clone().unwrap_or_default(),
        v.assess_every.clone().unwrap_or_default(),
        v.next_assessment.clone().unwrap_or_default(),
        v.assessment.to_string(),
        v.certificates
            .iter()
            .map(|c| match &c.expires {
                Some(e) => format!("{} (expires {e})", c.standard),
                None => c.standard.clone(),
            })
            .collect::<Vec<_>>()
            .join("; "),
        v.certificates_state.to_string(),
        v.contract_start.clone().unwrap_or_default(),
        v.contract_end.clone().unwrap_or_default(),
        v.clauses.join(", "),
        v.missing_clauses.join(", "),
        v.assets
            .iter()
            .map(|a| a.id.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        link(isms, v.href.as_str()),
    ]
}

/// `suppliers.csv`.
pub fn suppliers_csv(isms: &Isms) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv_writer();
    write_safe_record(&mut writer, COLUMNS)?;
    for view in published(isms) {
        let cells = record(isms, &view);
        write_safe_record(&mut writer, cells.iter().map(String::as_str))?;
    }
    into_bytes(writer)
}

/// `suppliers.xlsx`: the register, then one row per certificate.
pub fn suppliers_xlsx(isms: &Isms) -> Result<Vec<u8>, XlsxError> {
    let today = isms.today;
    let mut workbook =
        crate::render::exports::workbook("Supplier register", &isms.config.organisation, today)?;
    let header = crate::render::exports::header_format();
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let flagged = Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_background_color("F8D7DA");
    let views = published(isms);

    let sheet = workbook.add_worksheet();
    sheet.set_name("Suppliers")?;
    for (col, name) in COLUMNS.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *name, &header)?;
    }
    for (i, view) in views.iter().enumerate() {
        for (col, value) in record(isms, view).iter().enumerate() {
            let bad = (COLUMNS[col] == "Assessment"
                && matches!(view.assessment, "overdue" | "never"))
                || (COLUMNS[col] == "Certificate state" && view.certificates_state == "expired")
                || (COLUMNS[col] == "Missing clauses" && !view.missing_clauses.is_empty());
            sheet.write_string_with_format(
                1 + i as u32,
                col as u16,
                spreadsheet_text(value).as_ref(),
                if bad { &flagged } else { &wrap },
            )?;
        }
    }
    sheet.set_freeze_panes(1, 1)?;
    sheet.autofilter(0, 0, views.len() as u32, COLUMNS.len() as u16 - 1)?;
    for (col, width) in [
        (1, 30.0),
        (3, 18.0),
        (5, 30.0),
        (12, 36.0),
        (16, 40.0),
        (17, 30.0),
    ] {
        sheet.set_column_width(col, width)?;
    }

    let sheet = workbook.add_worksheet();
    sheet.set_name("Certificates")?;
    let columns = ["Supplier", "Name", "Standard", "Expires", "State"];
    for (col, name) in columns.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *name, &header)?;
    }
    let mut row = 1;
    for view in &views {
        for cert in &view.certificates {
            let cells = [
                view.id.as_str(),
                view.title.as_str(),
                cert.standard.as_str(),
                cert.expires.as_deref().unwrap_or(""),
                cert.state_label,
            ];
            for (col, value) in cells.iter().enumerate() {
                sheet.write_string_with_format(
                    row,
                    col as u16,
                    spreadsheet_text(value).as_ref(),
                    &wrap,
                )?;
            }
            row += 1;
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, row.saturating_sub(1).max(1), columns.len() as u16 - 1)?;
    sheet.set_column_width(1, 30)?;
    sheet.set_column_width(2, 24)?;
    workbook.save_to_buffer()
}

/// The suppliers for annexa.json (None when the project has none).
pub fn json(isms: &Isms) -> Option<serde_json::Value> {
    suppliers(isms).next()?;
    crate::kinds::supplier::view::for_json(published(isms))
}

/// Writes suppliers.csv and suppliers.xlsx when the project has suppliers.
pub fn write(isms: &Isms, sink: &dyn PageSink) -> Result<(), RenderError> {
    if suppliers(isms).next().is_none() {
        return Ok(());
    }
    let csv = suppliers_csv(isms).map_err(|e| export_error("suppliers.csv", e.to_string()))?;
    put(sink, "suppliers.csv", &csv)?;
    let xlsx = suppliers_xlsx(isms).map_err(|e| export_error("suppliers.xlsx", e.to_string()))?;
    put(sink, "suppliers.xlsx", &xlsx)
}

/// The current suppliers' dates: the next assessment, each certificate's expiry, the
/// contract's end.
pub fn calendar_entries(isms: &Isms) -> Vec<crate::kinds::CalendarEntry> {
    let mut entries = Vec::new();
    let settings = &isms.config.suppliers;
    for s in suppliers(isms).filter(|s| s.doc.published && s.is_current()) {
        let id = s.doc.id();
        let title = &s.doc.source.front.title;
        let owner = s.doc.source.front.owner.as_ref().map(|o| o.value.clone());
        let mut push = |uid: String, date, summary: String, category| {
            entries.push(crate::kinds::CalendarEntry {
                uid: uid.to_lowercase(),
                date,
                summary,
                owner: owner.clone(),
                page: s.doc.page.clone(),
                source: s.doc.rel_path().to_string(),
                category,
            });
        };
        if let Some(due) = s.next_assessment(settings) {
            let overdue = due < isms.today;
            push(
                format!("supplier-assessment-{id}"),
                due,
                format!(
                    "{}Supplier assessment of {id}: {title}",
                    if overdue { "OVERDUE: " } else { "" }
                ),
                if overdue {
                    "Supplier assessment,Overdue"
                } else {
                    "Supplier assessment"
                },
            );
        }
        for cert in &s.supplier.certifications {
            if let Some(expires) = cert.expires {
                push(
                    format!(
                        "supplier-certificate-{id}-{}",
                        crate::model::slug::slugify(&cert.standard)
                    ),
                    expires,
                    format!("{} certificate of {id} ({title}) expires", cert.standard),
                    "Supplier certificate",
                );
            }
        }
        if let Some(end) = s.supplier.contract.as_ref().and_then(|c| c.end) {
            push(
                format!("supplier-contract-{id}"),
                end,
                format!("Contract with {id} ({title}) ends"),
                "Supplier contract",
            );
        }
    }
    entries
}
