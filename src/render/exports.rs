//! Exports for other tools: `soa.csv`, `soa.xlsx` and `annexa.json` (the whole model).

use serde::Serialize;

use crate::model::{Document, Isms};
use crate::source::reasons::Reason;

use super::control_rows::{rows_with, ControlRow};
use super::{put, PageSink, RenderError};

/// The columns of the SoA exports: the classic SoA's four reasons for inclusion each get a
/// column ("Yes" where it applies), so a spreadsheet filters on them.
pub(super) const SOA_COLUMNS: [&str; 12] = [
    "Control",
    "Title",
    "Theme",
    "New in 2022",
    "Applicable",
    "Legal or regulatory requirement",
    "Contractual obligation",
    "Business requirement",
    "Risk assessment result",
    "Justification",
    "Implementation status",
    // Not "implementing documents": a planned control can be listed by a document too.
    "Documents",
];

/// The SoA rows for the exports, each control's documents as they are in the model (no
/// summaries to build for the 50,000 entries of a 10,000-document SoA).
pub(super) fn export_rows(isms: &Isms) -> Vec<ControlRow<'_, &Document>> {
    rows_with(isms, "", |d| d)
}

/// A document as the SoA exports name it: id, title, status and review, e.g.
/// "POL-AC Access Control Policy (Approved; In date, next review 2027-03-01)".
pub(super) fn document_entry(d: &Document) -> String {
    let status = d.source.front.status.label();
    match d.review {
        Some(review) => match review.next {
            Some(next) => format!(
                "{} {} ({status}; {}, next review {next})",
                d.id(),
                d.title(),
                review.state.label()
            ),
            None => format!(
                "{} {} ({status}; {})",
                d.id(),
                d.title(),
                review.state.label()
            ),
        },
        None => format!("{} {} ({status})", d.id(), d.title()),
    }
}

pub(super) fn soa_record(row: &ControlRow<&Document>) -> [String; 12] {
    let documents: Vec<String> = row.documents.iter().map(|d| document_entry(d)).collect();
    let reason = |reason: Reason| {
        if row.reasons.iter().any(|r| r.key == reason.key()) {
            "Yes"
        } else {
            ""
        }
        .to_string()
    };
    [
        row.id.clone(),
        row.title.to_string(),
        row.theme.label.to_string(),
        if row.new_in_2022 { "Yes" } else { "No" }.to_string(),
        row.applicable.label.to_string(),
        reason(Reason::Legal),
        reason(Reason::Contractual),
        reason(Reason::Business),
        reason(Reason::Risk),
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

/// A workbook whose properties carry `title`, the organisation and `today` as its creation
/// date: a fixed date keeps the file byte-identical between builds.
pub(crate) fn workbook(
    title: &str,
    organisation: &str,
    today: jiff::civil::Date,
) -> Result<rust_xlsxwriter::Workbook, rust_xlsxwriter::XlsxError> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let created = rust_xlsxwriter::ExcelDateTime::from_ymd(
        today.year() as u16,
        today.month() as u8,
        today.day() as u8,
    )?;
    workbook.set_properties(
        &rust_xlsxwriter::DocProperties::new()
            .set_title(title)
            .set_company(organisation)
            .set_creation_datetime(&created),
    );
    Ok(workbook)
}

/// The format of a register sheet's header row.
pub(crate) fn header_format() -> rust_xlsxwriter::Format {
    rust_xlsxwriter::Format::new()
        .set_bold()
        .set_background_color("DDE6F3")
        .set_border_bottom(rust_xlsxwriter::FormatBorder::Thin)
}

/// A CSV writer for the exports: a UTF-8 byte order mark, then RFC 4180 with CRLF line ends.
pub(crate) fn csv_writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(UTF8_BOM.to_vec())
}

/// Writes one record, every cell through `spreadsheet_text`: every CSV annexa writes goes
/// through here, so no cell of user text opens as a live formula.
pub(crate) fn write_safe_record<'a>(
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

pub(crate) fn into_bytes(writer: csv::Writer<Vec<u8>>) -> Result<Vec<u8>, csv::Error> {
    writer
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))
}

/// `soa.csv`: UTF-8, RFC 4180 (CRLF line ends, quotes where needed), one row per control;
/// cells that would start a formula begin with `'` (see `spreadsheet_text`).
///
/// When soa.yaml is a controlled document, two last columns give every row the SoA's
/// version and approval date: the file stays one header row and one record per control
/// (what importers expect), and a copy handed on still says which SoA it is.
pub fn soa_csv(isms: &Isms) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv_writer();
    let control = &isms.soa.control;
    let controlled = isms.soa.is_controlled();
    let version = control.version.clone().unwrap_or_default();
    let approved = control.approved.map(|d| d.to_string()).unwrap_or_default();
    let soa_columns: &[&str] = if controlled {
        &["SoA version", "SoA approved"]
    } else {
        &[]
    };
    write_safe_record(&mut writer, SOA_COLUMNS.iter().chain(soa_columns).copied())?;
    for row in export_rows(isms) {
        let record = soa_record(&row);
        let cells = record.iter().map(String::as_str);
        if controlled {
            write_safe_record(
                &mut writer,
                cells.chain([version.as_str(), approved.as_str()]),
            )?;
        } else {
            write_safe_record(&mut writer, cells)?;
        }
    }
    into_bytes(writer)
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
    /// `reasons:` keys (legal, contractual, business, risk).
    reasons: Vec<&'static str>,
    documents: Vec<&'a str>,
    covered: bool,
}

/// One line of the SoA's history.
#[derive(Serialize)]
struct JsonHistory<'a> {
    version: Option<&'a str>,
    date: Option<String>,
    change: &'a str,
    author: Option<&'a str>,
}

/// The SoA's document control.
#[derive(Serialize)]
struct JsonSoa<'a> {
    version: Option<&'a str>,
    owner: Option<&'a str>,
    approver: Option<&'a str>,
    approved: Option<String>,
    last_reviewed: Option<String>,
    next_review: Option<String>,
    review_state: Option<&'static str>,
    /// The newest history date when it is after `approved`.
    changed_after_approval: Option<String>,
    history: Vec<JsonHistory<'a>>,
}

impl<'a> JsonSoa<'a> {
    fn of(isms: &'a Isms) -> Option<JsonSoa<'a>> {
        let view = super::soa_view::SoaControlView::of(isms)?;
        let review = crate::model::review::soa_review(&isms.soa, &isms.config, isms.today);
        Some(JsonSoa {
            version: view.version,
            owner: view.owner,
            approver: view.approver,
            approved: view.approved,
            last_reviewed: view.last_reviewed,
            next_review: review.and_then(|r| r.next).map(|d| d.to_string()),
            review_state: review.map(|r| r.state.key()),
            changed_after_approval: view.changed_after_approval,
            history: isms
                .soa
                .control
                .history
                .iter()
                .map(|h| JsonHistory {
                    version: h.version.as_deref(),
                    date: h.date.map(|d| d.to_string()),
                    change: &h.change,
                    author: h.author.as_deref(),
                })
                .collect(),
        })
    }
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
    /// The SoA's document control; null when soa.yaml has none.
    soa: Option<JsonSoa<'a>>,
    documents: Vec<JsonDocument<'a>>,
    controls: Vec<JsonControl<'a>>,
    coverage: Vec<JsonCoverage<'a>>,
    /// Every framework with its own decisions (`applicability/<id>.yaml`).
    frameworks: Vec<super::framework_exports::JsonFramework<'a>>,
    /// The records of each kind the project has, under the kind's plural (`risks`).
    #[serde(flatten)]
    records: std::collections::BTreeMap<String, serde_json::Value>,
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
                reasons: row.reasons.iter().map(|r| r.key).collect(),
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
        soa: JsonSoa::of(isms),
        documents,
        controls,
        coverage,
        frameworks: super::framework_exports::json_frameworks(isms),
        records: crate::kinds::parts()
            .filter_map(|part| Some((part.key.to_string(), (part.json)(isms)?)))
            .collect(),
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

pub(crate) fn export_error(file: &str, message: String) -> RenderError {
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
        let xlsx =
            super::soa_xlsx::soa_xlsx(isms).map_err(|e| export_error("soa.xlsx", e.to_string()))?;
        put(sink, "soa.xlsx", &xlsx)
    })?;
    time("register.csv", || {
        let register =
            register_csv(isms).map_err(|e| export_error("register.csv", e.to_string()))?;
        put(sink, "register.csv", &register)
    })?;
    for part in crate::kinds::parts() {
        time(part.key, || (part.exports)(isms, sink))?;
    }
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
