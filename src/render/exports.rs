//! Exports for other tools: `soa.csv`, `soa.xlsx` and `annexa.json` (the whole model).

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, Workbook};
use serde::Serialize;

use crate::model::{Document, Isms};

use super::control_rows::{rows_with, ControlRow};
use super::{put, PageSink, RenderError};

/// The columns of the SoA exports.
const SOA_COLUMNS: [&str; 8] = [
    "Control",
    "Title",
    "Theme",
    "New in 2022",
    "Applicable",
    "Justification",
    "Implementation status",
    // Not "implementing documents": a planned control can be listed by a document too.
    "Documents",
];

/// The SoA rows for the exports, each control's documents as they are in the model (no
/// summaries to build for the 50,000 entries of a 10,000-document SoA).
fn export_rows(isms: &Isms) -> Vec<ControlRow<'_, &Document>> {
    rows_with(isms, "", |d| d)
}

fn soa_record(row: &ControlRow<&Document>) -> [String; 8] {
    let documents: Vec<String> = row
        .documents
        .iter()
        .map(|d| {
            format!(
                "{} {} ({})",
                d.id(),
                d.title(),
                d.source.front.status.label()
            )
        })
        .collect();
    [
        row.id.clone(),
        row.title.to_string(),
        row.theme.label.to_string(),
        if row.new_in_2022 { "Yes" } else { "No" }.to_string(),
        row.applicable.label.to_string(),
        row.justification.unwrap_or_default().to_string(),
        if row.status.key == "none" {
            String::new()
        } else {
            row.status.label.to_string()
        },
        documents.join("; "),
    ]
}

/// The characters that make a spreadsheet read a cell as a formula (or, for tab and carriage
/// return, that Excel strips before it looks for one): OWASP's list for CSV injection.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// `cell` as text a spreadsheet will not run: one that starts like a formula gets a leading
/// `'`, which Excel and LibreOffice read as "this is text" (OWASP, CSV injection). A title
/// `=HYPERLINK("http://evil.example","x")` must reach the auditor as those characters, not
/// as a link that fires when the file is opened.
pub fn spreadsheet_text(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(FORMULA_STARTS) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// The UTF-8 byte order mark: without it Excel on Windows reads a CSV file in the system's
/// code page and shows "Zürich" as "ZÃ¼rich".
const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// A CSV writer for the exports: a UTF-8 byte order mark, then RFC 4180 with CRLF line ends.
pub(super) fn csv_writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(UTF8_BOM.to_vec())
}

/// Writes one record, every cell through `spreadsheet_text`: every CSV annexa writes goes
/// through here, so no cell of user text opens as a live formula.
pub(super) fn write_safe_record<'a>(
    writer: &mut csv::Writer<Vec<u8>>,
    cells: impl IntoIterator<Item = &'a str>,
) -> Result<(), csv::Error> {
    writer.write_record(
        cells
            .into_iter()
            .map(spreadsheet_text)
            .map(|c| c.into_owned()),
    )
}

pub(super) fn into_bytes(writer: csv::Writer<Vec<u8>>) -> Result<Vec<u8>, csv::Error> {
    writer
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))
}

/// `soa.csv`: UTF-8, RFC 4180 (CRLF line ends, quotes where needed), one row per control;
/// cells that would start a formula begin with `'` (see `spreadsheet_text`).
pub fn soa_csv(isms: &Isms) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv_writer();
    write_safe_record(&mut writer, SOA_COLUMNS)?;
    for row in export_rows(isms) {
        write_safe_record(&mut writer, soa_record(&row).iter().map(String::as_str))?;
    }
    into_bytes(writer)
}

/// Excel's limit on the characters in one cell.
const EXCEL_CELL_LIMIT: usize = 32_767;

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

/// `soa.xlsx`: a title row (organisation, date, version), a frozen header row with an
/// autofilter, one row per control, sensible column widths.
pub fn soa_xlsx(isms: &Isms) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let config = &isms.config;
    let today = isms.today;
    let mut workbook = Workbook::new();
    // A fixed creation date (today) keeps the file byte-identical between builds.
    let created =
        ExcelDateTime::from_ymd(today.year() as u16, today.month() as u8, today.day() as u8)?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title("Statement of Applicability")
            .set_company(&config.organisation)
            .set_creation_datetime(&created),
    );
    let sheet = workbook.add_worksheet();
    sheet.set_name("SoA")?;
    let title_format = Format::new().set_bold().set_font_size(14);
    let header_format = Format::new()
        .set_bold()
        .set_background_color("DDE6F3")
        .set_border_bottom(rust_xlsxwriter::FormatBorder::Thin);
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let mut title = String::from("Statement of Applicability");
    if !config.organisation.is_empty() {
        title = format!("{} — {title}", config.organisation);
    }
    sheet.write_string_with_format(0, 0, &title, &title_format)?;
    let mut subtitle = format!("ISO/IEC 27001:2022 Annex A · generated {today}");
    if !config.version.is_empty() {
        subtitle.push_str(&format!(" · version {}", config.version));
    }
    sheet.write_string(1, 0, &subtitle)?;
    let header_row = 3;
    for (col, name) in SOA_COLUMNS.iter().enumerate() {
        sheet.write_string_with_format(header_row, col as u16, *name, &header_format)?;
    }
    let all = export_rows(isms);
    for (i, row) in all.iter().enumerate() {
        let r = header_row + 1 + i as u32;
        for (col, value) in soa_record(row).iter().enumerate() {
            // Always a string cell, never a formula: user text starting with `=` stays text.
            sheet.write_string_with_format(r, col as u16, excel_cell(value).as_ref(), &wrap)?;
        }
    }
    for (col, width) in [10.0, 42.0, 15.0, 11.0, 11.0, 60.0, 22.0, 60.0]
        .iter()
        .enumerate()
    {
        sheet.set_column_width(col as u16, *width)?;
    }
    sheet.set_freeze_panes(header_row + 1, 0)?;
    sheet.autofilter(
        header_row,
        0,
        header_row + all.len() as u32,
        SOA_COLUMNS.len() as u16 - 1,
    )?;
    workbook.save_to_buffer()
}

#[derive(Serialize)]
struct JsonDocument<'a> {
    id: &'a str,
    title: &'a str,
    path: &'a str,
    page: Option<&'a str>,
    #[serde(rename = "type")]
    doc_type: &'a str,
    status: &'static str,
    version: Option<&'a str>,
    owner: Option<&'a str>,
    approver: Option<&'a str>,
    approved: Option<String>,
    classification: Option<&'static str>,
    last_reviewed: Option<String>,
    next_review: Option<String>,
    controls: Vec<String>,
    related: Vec<&'a str>,
    referenced_by: Vec<&'a str>,
}

#[derive(Serialize)]
struct JsonControl<'a> {
    id: String,
    title: &'a str,
    theme: &'static str,
    new_in_2022: bool,
    replaces: Vec<String>,
    applicable: Option<bool>,
    status: Option<&'static str>,
    justification: Option<&'a str>,
    documents: Vec<&'a str>,
    covered: bool,
}

#[derive(Serialize)]
struct JsonCoverage<'a> {
    theme: &'static str,
    #[serde(flatten)]
    figures: &'a crate::model::coverage::CoverageFigures,
    /// The same count as `covered` (its older name), under the name the pages use.
    documented: usize,
    percent_covered: usize,
    percent_documented: usize,
}

impl<'a> JsonCoverage<'a> {
    fn of(theme: &'static str, figures: &'a crate::model::coverage::CoverageFigures) -> Self {
        JsonCoverage {
            theme,
            figures,
            documented: figures.covered,
            percent_covered: figures.percent_covered(),
            percent_documented: figures.percent_covered(),
        }
    }
}

#[derive(Serialize)]
struct JsonModel<'a> {
    format: &'static str,
    generator: &'static str,
    title: &'a str,
    organisation: &'a str,
    version: &'a str,
    today: String,
    documents: Vec<JsonDocument<'a>>,
    controls: Vec<JsonControl<'a>>,
    coverage: Vec<JsonCoverage<'a>>,
    /// Every framework with its own decisions (`applicability/<id>.yaml`).
    frameworks: Vec<super::framework_exports::JsonFramework<'a>>,
}

/// `annexa.json`: published documents' metadata, every control with its SoA decision and
/// documents, and coverage per theme and overall (theme `all`). Shape: see the README.
pub fn write_model_json(isms: &Isms, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let catalog = crate::catalog::catalog();
    let documents = isms
        .published()
        .map(|(index, doc)| {
            let front = &doc.source.front;
            JsonDocument {
                id: doc.id(),
                title: doc.title(),
                path: doc.rel_path(),
                page: Some(&doc.page),
                doc_type: &doc.doc_type,
                status: front.status.key(),
                version: front.version.as_deref(),
                owner: front.owner.as_ref().map(|o| o.value.as_str()),
                approver: front.approver.as_ref().map(|o| o.value.as_str()),
                approved: front.approved.map(|d| d.to_string()),
                classification: front.classification.map(|c| c.key()),
                last_reviewed: front.last_reviewed.map(|d| d.to_string()),
                next_review: doc.review.and_then(|r| r.next).map(|d| d.to_string()),
                controls: doc.current_controls().map(ToString::to_string).collect(),
                related: doc
                    .related
                    .iter()
                    .filter_map(|t| match t {
                        crate::model::Target::Document { index, .. }
                            if isms.documents[*index].published =>
                        {
                            Some(isms.documents[*index].id())
                        }
                        _ => None,
                    })
                    .collect(),
                referenced_by: isms.referenced_by[index]
                    .iter()
                    .map(|&i| &isms.documents[i])
                    .filter(|d| d.published)
                    .map(|d| d.id())
                    .collect(),
            }
        })
        .collect();
    let controls = catalog
        .controls
        .iter()
        .map(|c| {
            let decision = isms.soa.decisions.get(&c.id);
            let row = super::control_rows::row_with(isms, c, "", |d| d);
            JsonControl {
                id: c.id.to_string(),
                title: &c.title,
                theme: c.theme.key(),
                new_in_2022: c.new_in_2022,
                replaces: c.replaces.iter().map(ToString::to_string).collect(),
                applicable: decision.map(|d| d.applicable),
                status: decision.and_then(|d| d.status).map(|s| s.key()),
                justification: decision.and_then(|d| d.justification.as_deref()),
                documents: row.documents.iter().map(|d| d.id()).collect(),
                covered: row.covered,
            }
        })
        .collect();
    let mut coverage: Vec<JsonCoverage> = isms
        .coverage
        .themes
        .iter()
        .map(|(theme, figures)| JsonCoverage::of(theme.key(), figures))
        .collect();
    coverage.push(JsonCoverage::of("all", &isms.coverage.overall));
    let model = JsonModel {
        format: "annexa-model/1",
        generator: concat!("annexa ", env!("CARGO_PKG_VERSION")),
        title: &isms.config.title,
        organisation: &isms.config.organisation,
        version: &isms.config.version,
        today: isms.today.to_string(),
        documents,
        controls,
        coverage,
        frameworks: super::framework_exports::json_frameworks(isms),
    };
    serde_json::to_writer_pretty(&mut *out, &model)?;
    out.write_all(b"\n")
}

/// The columns of the document register.
const REGISTER_COLUMNS: [&str; 12] = [
    "Id",
    "Title",
    "Type",
    "Version",
    "Status",
    "Owner",
    "Approver",
    "Approved",
    "Classification",
    "Last reviewed",
    "Next review",
    "Review state",
];

/// `register.csv`: the document register (ISO/IEC 27001 clause 7.5.3), one row per document;
/// cells that would start a formula begin with `'` (see `spreadsheet_text`).
pub fn register_csv(isms: &Isms) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv_writer();
    write_safe_record(&mut writer, REGISTER_COLUMNS)?;
    for row in super::pages::reviews::register_rows(isms, "") {
        let s = &row.summary;
        let review = s.review.as_ref();
        write_safe_record(
            &mut writer,
            [
                s.id,
                s.title,
                s.doc_type,
                s.version.unwrap_or_default(),
                s.status.label,
                s.owner.unwrap_or_default(),
                row.approver.unwrap_or_default(),
                row.approved.as_deref().unwrap_or_default(),
                row.classification.unwrap_or_default(),
                row.last_reviewed.as_deref().unwrap_or_default(),
                row.next_review.as_deref().unwrap_or_default(),
                review.map(|r| r.label).unwrap_or_default(),
            ],
        )?;
    }
    into_bytes(writer)
}

pub(super) fn export_error(file: &str, message: String) -> RenderError {
    RenderError::Io {
        path: file.to_string(),
        error: std::io::Error::other(message),
    }
}

/// Writes the three exports into the site root.
pub fn write_exports(isms: &Isms, sink: &dyn PageSink) -> Result<(), RenderError> {
    use crate::timings::time;
    time("soa.csv", || {
        let csv = soa_csv(isms).map_err(|e| export_error("soa.csv", e.to_string()))?;
        put(sink, "soa.csv", &csv)
    })?;
    time("soa.xlsx", || {
        let xlsx = soa_xlsx(isms).map_err(|e| export_error("soa.xlsx", e.to_string()))?;
        put(sink, "soa.xlsx", &xlsx)
    })?;
    time("register.csv", || {
        let register =
            register_csv(isms).map_err(|e| export_error("register.csv", e.to_string()))?;
        put(sink, "register.csv", &register)
    })?;
    time("annexa.json", || {
        super::put_written(sink, "annexa.json", |out| write_model_json(isms, out))
    })
}

#[cfg(test)]
mod tests {
    use super::spreadsheet_text;

    #[test]
    fn cells_that_start_a_formula_become_text() {
        let cases = [
            (
                "=HYPERLINK(\"http://evil.example\",\"x\")",
                "'=HYPERLINK(\"http://evil.example\",\"x\")",
            ),
            ("+1", "'+1"),
            ("-2+3", "'-2+3"),
            ("@SUM(1+1)", "'@SUM(1+1)"),
            ("\t=1", "'\t=1"),
            ("\r=1", "'\r=1"),
            ("Access Control Policy", "Access Control Policy"),
            ("A.5.1 = B", "A.5.1 = B"),
            ("'quoted", "'quoted"),
            ("", ""),
        ];
        for (cell, expected) in cases {
            assert_eq!(spreadsheet_text(cell), expected, "{cell:?}");
        }
    }
}
