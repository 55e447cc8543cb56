//! soa.xlsx, the SoA workbook an auditor is handed: the decision table with the SoA's
//! document control above it, the implementing documents with links to their pages and their
//! review, and the SoA's document control with its history; set up to print (landscape, fit
//! to width, header row on every page, version, date and page numbers in the footer).

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Url, Worksheet, XlsxError};

use std::collections::BTreeMap;

use crate::model::{Document, Isms};
use crate::render::control_rows::ControlRow;

use super::exports::{export_rows, soa_record, SOA_COLUMNS};
use super::soa_view::SoaControlView;

/// Excel's limit on the characters in one cell.
const EXCEL_CELL_LIMIT: usize = 32_767;

/// Excel keeps at most 65,530 hyperlinks on a worksheet: later cells get their text only.
const MAX_LINKS: usize = 65_530;

/// Excel's limit on the length of a link (2,080 UTF-16 units; kept below it).
const MAX_URL: usize = 2_000;

/// `value`, cut to fit in one Excel cell, saying so (the CSV has the full text).
fn excel_cell(value: &str) -> std::borrow::Cow<'_, str> {
    if value.chars().count() <= EXCEL_CELL_LIMIT {
        return value.into();
    }
    let note = " … (cut to fit Excel; soa.csv has the full text)";
    let kept: String = value
        .chars()
        .take(EXCEL_CELL_LIMIT - note.chars().count())
        .collect();
    format!("{kept}{note}").into()
}

/// The link to the site page `page`: absolute under `base_url` when the site has one, else
/// relative to soa.xlsx, which sits in the site's root folder.
fn page_link(base_url: Option<&str>, page: &str) -> String {
    match base_url {
        Some(base) => format!("{base}{page}"),
        // rust_xlsxwriter stores a `file:///` path without a drive as a relative link.
        None => format!("file:///{page}"),
    }
}

/// Writes hyperlinks until Excel's limit is reached, then plain text.
struct Links<'a> {
    base_url: Option<&'a str>,
    written: usize,
}

impl Links<'_> {
    /// Writes `text` at (row, col), linked to the site page `page`. The text is always a
    /// string cell: a document id starting with `=` stays text.
    fn write(
        &mut self,
        sheet: &mut Worksheet,
        (row, col): (u32, u16),
        page: &str,
        text: &str,
    ) -> Result<(), XlsxError> {
        let link = page_link(self.base_url, page);
        if self.written < MAX_LINKS && link.len() <= MAX_URL && !text.is_empty() {
            self.written += 1;
            sheet.write_url_with_text(row, col, Url::new(link), text)?;
        } else {
            sheet.write_string(row, col, text)?;
        }
        Ok(())
    }
}

/// Text for a header or footer, where `&` starts a control code.
fn footer_text(text: &str, max_chars: usize) -> String {
    text.chars()
        .take(max_chars)
        .collect::<String>()
        .replace('&', "&&")
}

/// Landscape, one page wide, `header_row` repeated on every page, and a footer with the
/// SoA's version, the build date and the page number.
fn print_setup(
    sheet: &mut Worksheet,
    header_row: u32,
    version: Option<&str>,
    today: &str,
) -> Result<(), XlsxError> {
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(header_row, header_row)?;
    let left = match version {
        Some(v) => format!("Statement of Applicability, version {}", footer_text(v, 40)),
        None => "Statement of Applicability".to_string(),
    };
    sheet.set_footer(format!("&L{left}&CPage &P of &N&RGenerated {today}"));
    Ok(())
}

struct Formats {
    title: Format,
    header: Format,
    wrap: Format,
    label: Format,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            title: Format::new().set_bold().set_font_size(14),
            header: Format::new()
                .set_bold()
                .set_background_color("DDE6F3")
                .set_border_bottom(FormatBorder::Thin),
            wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            label: Format::new().set_bold(),
        }
    }
}

/// The one line of document control above the table: owner, approval and review.
fn control_line(control: &SoaControlView) -> String {
    let mut parts = Vec::new();
    if let Some(owner) = control.owner {
        parts.push(format!("Owner: {owner}"));
    }
    if let Some(approver) = control.approver {
        parts.push(format!("Approver: {approver}"));
    }
    parts.push(match &control.approved {
        Some(date) => format!("Approved: {date}"),
        None => "Not approved".to_string(),
    });
    if let Some(review) = &control.review {
        parts.push(match &review.next {
            Some(next) => format!("Next review: {next} ({})", review.label),
            None => review.label.to_string(),
        });
    }
    if let Some(changed) = &control.changed_after_approval {
        parts.push(format!(
            "Changed after approval (history entry of {changed})"
        ));
    }
    parts.join(" · ")
}

/// `soa.xlsx`: sheets "SoA" (title rows with the document control, a frozen header row with
/// an autofilter, one row per control), "Documents" (each implementing document, linked to
/// its page, with its review and controls) and, when soa.yaml has document control,
/// "Document control" (its fields and history).
pub fn soa_xlsx(isms: &Isms) -> Result<Vec<u8>, XlsxError> {
    let config = &isms.config;
    let today = isms.today;
    let today_text = today.to_string();
    let control = SoaControlView::of(isms);
    let version = control
        .as_ref()
        .and_then(|c| c.version)
        .or((!config.version.is_empty()).then_some(config.version.as_str()));
    let mut workbook =
        super::exports::workbook("Statement of Applicability", &config.organisation, today)?;
    let formats = Formats::new();
    let mut links = Links {
        base_url: config.base_url.as_deref(),
        written: 0,
    };
    let rows = export_rows(isms);

    let sheet = workbook.add_worksheet();
    sheet.set_name("SoA")?;
    let mut title = String::from("Statement of Applicability");
    if !config.organisation.is_empty() {
        title = format!("{} — {title}", config.organisation);
    }
    sheet.write_string_with_format(0, 0, &title, &formats.title)?;
    let mut subtitle = format!("ISO/IEC 27001:2022 Annex A · generated {today}");
    if let Some(version) = version {
        subtitle.push_str(&format!(" · version {version}"));
    }
    sheet.write_string(1, 0, &subtitle)?;
    if let Some(control) = &control {
        sheet.write_string(2, 0, control_line(control))?;
    }
    let header_row = 3;
    for (col, name) in SOA_COLUMNS.iter().enumerate() {
        sheet.write_string_with_format(header_row, col as u16, *name, &formats.header)?;
    }
    for (i, row) in rows.iter().enumerate() {
        let r = header_row + 1 + i as u32;
        for (col, value) in soa_record(row).iter().enumerate() {
            // Always a string cell, never a formula: user text starting with `=` stays text.
            sheet.write_string_with_format(
                r,
                col as u16,
                excel_cell(value).as_ref(),
                &formats.wrap,
            )?;
        }
        // The control id links to its page, which lists every implementing document.
        links.write(sheet, (r, 0), &row.page, &row.id)?;
    }
    let widths = [
        10.0, 36.0, 14.0, 9.0, 11.0, 11.0, 11.0, 11.0, 11.0, 50.0, 18.0, 60.0,
    ];
    for (col, width) in widths.iter().enumerate() {
        sheet.set_column_width(col as u16, *width)?;
    }
    sheet.set_freeze_panes(header_row + 1, 0)?;
    sheet.autofilter(
        header_row,
        0,
        header_row + rows.len() as u32,
        SOA_COLUMNS.len() as u16 - 1,
    )?;
    print_setup(sheet, header_row, version, &today_text)?;

    documents_sheet(
        workbook.add_worksheet(),
        &rows,
        &formats,
        &mut links,
        version,
        &today_text,
    )?;
    if let Some(control) = &control {
        control_sheet(
            workbook.add_worksheet(),
            control,
            &formats,
            version,
            &today_text,
        )?;
    }
    workbook.save_to_buffer()
}

/// The columns of the "Documents" sheet.
const DOCUMENT_COLUMNS: [&str; 6] = [
    "Document",
    "Title",
    "Status",
    "Review state",
    "Next review",
    "Controls",
];

/// One row per implementing document (by id), linked to its page, with its review and the
/// controls it is listed for. One row a document, not one per control and document: at
/// 10,000 documents that would be 50,000 rows and hyperlinks, 20 times the time to write.
fn documents_sheet(
    sheet: &mut Worksheet,
    rows: &[ControlRow<'_, &Document>],
    formats: &Formats,
    links: &mut Links,
    version: Option<&str>,
    today: &str,
) -> Result<(), XlsxError> {
    sheet.set_name("Documents")?;
    for (col, name) in DOCUMENT_COLUMNS.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *name, &formats.header)?;
    }
    let mut documents: BTreeMap<&str, (&Document, Vec<&str>)> = BTreeMap::new();
    for row in rows {
        for doc in &row.documents {
            documents
                .entry(doc.id())
                .or_insert_with(|| (doc, Vec::new()))
                .1
                .push(&row.id);
        }
    }
    let mut r = 0;
    for (id, (doc, controls)) in &documents {
        r += 1;
        let review = doc.review;
        links.write(sheet, (r, 0), &doc.page, excel_cell(id).as_ref())?;
        sheet.write_string_with_format(r, 1, excel_cell(doc.title()).as_ref(), &formats.wrap)?;
        sheet.write_string(r, 2, doc.source.front.status.label())?;
        sheet.write_string(r, 3, review.map(|v| v.state.label()).unwrap_or_default())?;
        let next = review.and_then(|v| v.next).map(|d| d.to_string());
        sheet.write_string(r, 4, next.unwrap_or_default())?;
        sheet.write_string_with_format(
            r,
            5,
            excel_cell(&controls.join(", ")).as_ref(),
            &formats.wrap,
        )?;
    }
    for (col, width) in [16.0, 44.0, 12.0, 18.0, 12.0, 40.0].iter().enumerate() {
        sheet.set_column_width(col as u16, *width)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    if r > 0 {
        sheet.autofilter(0, 0, r, DOCUMENT_COLUMNS.len() as u16 - 1)?;
    }
    print_setup(sheet, 0, version, today)
}

/// The SoA's document control, one field a row, then its history.
fn control_sheet(
    sheet: &mut Worksheet,
    control: &SoaControlView,
    formats: &Formats,
    version: Option<&str>,
    today: &str,
) -> Result<(), XlsxError> {
    sheet.set_name("Document control")?;
    sheet.write_string_with_format(
        0,
        0,
        "Statement of Applicability: document control",
        &formats.title,
    )?;
    let review = control.review.as_ref();
    let fields: [(&str, Option<String>); 8] = [
        ("Version", control.version.map(str::to_string)),
        ("Owner", control.owner.map(str::to_string)),
        ("Approver", control.approver.map(str::to_string)),
        ("Approved", control.approved.clone()),
        ("Last reviewed", control.last_reviewed.clone()),
        ("Review interval", control.review_every.clone()),
        ("Next review", review.and_then(|r| r.next.clone())),
        ("Review state", review.map(|r| r.label.to_string())),
    ];
    let mut r = 1;
    for (label, value) in fields {
        r += 1;
        sheet.write_string_with_format(r, 0, label, &formats.label)?;
        sheet.write_string(r, 1, excel_cell(value.as_deref().unwrap_or("—")).as_ref())?;
    }
    if let Some(changed) = &control.changed_after_approval {
        r += 1;
        sheet.write_string_with_format(r, 0, "Changed after approval", &formats.label)?;
        sheet.write_string(r, 1, format!("history entry of {changed}"))?;
    }
    r += 2;
    let history_header = r;
    for (col, name) in ["Version", "Date", "Change", "Author"].iter().enumerate() {
        sheet.write_string_with_format(r, col as u16, *name, &formats.header)?;
    }
    for entry in &control.history.rows {
        r += 1;
        sheet.write_string(r, 0, entry.version.unwrap_or_default())?;
        sheet.write_string(r, 1, entry.date.as_deref().unwrap_or_default())?;
        sheet.write_string_with_format(r, 2, excel_cell(entry.change).as_ref(), &formats.wrap)?;
        sheet.write_string(r, 3, entry.author.unwrap_or_default())?;
    }
    for (col, width) in [18.0, 14.0, 70.0, 20.0].iter().enumerate() {
        sheet.set_column_width(col as u16, *width)?;
    }
    print_setup(sheet, history_header, version, today)
}
