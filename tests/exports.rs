//! The SoA exports: `soa.csv`, `soa.xlsx` and `annexa.json`.
//!
//! Fixture `tests/fixtures/soa-exports`: organisation "Contoso Zürich AG", version 3.1; an SoA
//! with document control (version 2026.1, owner CISO, approver CEO, approved 2026-02-01,
//! reviewed every 12 months, two history entries) and four decisions (A.5.1 and A.5.15
//! applicable and covered by an approved policy, A.7.4 excluded, A.8.11 applicable and listed
//! only by a draft), each applicable one with reasons; two justifications contain commas and
//! double quotes.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::io::Cursor;
use std::path::{Path, PathBuf};

use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
use common::{content_example, TODAY};

const HEADER: [&str; 12] = [
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
    "Documents",
];

/// The controls ISO/IEC 27002:2022 Table B.1 marks as new.
const NEW_IN_2022: [&str; 11] = [
    "A.5.7", "A.5.23", "A.5.30", "A.7.4", "A.8.9", "A.8.10", "A.8.11", "A.8.12", "A.8.16",
    "A.8.23", "A.8.28",
];

/// The 93 controls in catalogue order with the label of their theme.
fn catalogue() -> Vec<(String, &'static str)> {
    [
        (5, "Organizational", 37),
        (6, "People", 8),
        (7, "Physical", 14),
        (8, "Technological", 34),
    ]
    .into_iter()
    .flat_map(|(clause, theme, count)| (1..=count).map(move |n| (format!("A.{clause}.{n}"), theme)))
    .collect()
}

fn catalogue_ids() -> Vec<String> {
    catalogue().into_iter().map(|(id, _)| id).collect()
}

/// Builds `project` into `out`; panics unless the build succeeds.
fn build_into(project: &Path, out: &Path, extra: &[&str]) {
    let mut args: Vec<std::ffi::OsString> = vec![
        "build".into(),
        project.into(),
        "-o".into(),
        out.into(),
        "--today".into(),
        TODAY.into(),
        "--format".into(),
        "json".into(),
    ];
    args.extend(extra.iter().map(Into::into));
    let run = common::run(&args);
    assert!(!run.panicked(), "annexa build panicked:\n{run}");
    assert_eq!(
        run.code,
        0,
        "annexa build {} failed:\n{run}",
        project.display()
    );
}

/// Copies fixture `soa-exports` to a temporary folder (adding an empty `static/`, see
/// `builds_a_project_without_static_folder`) and builds it.
fn build_exports(extra: &[&str]) -> (common::TempProject, PathBuf) {
    let project = common::copy_fixture("soa-exports");
    fs::create_dir_all(project.root.join("static")).expect("create static/");
    let out = project.beside("site");
    build_into(&project.root, &out, extra);
    (project, out)
}

fn read_bytes(path: &Path) -> Vec<u8> {
    fs::read(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// The justifications written in the fixture's soa.yaml, by control id.
fn fixture_justifications() -> BTreeMap<String, String> {
    let text =
        fs::read_to_string(common::fixture("soa-exports").join("soa.yaml")).expect("soa.yaml");
    let value: serde_yaml::Value = serde_yaml::from_str(&text).expect("soa.yaml is YAML");
    value["controls"]
        .as_mapping()
        .expect("controls")
        .iter()
        .map(|(k, v)| {
            let id = k.as_str().expect("string key").to_string();
            (
                id,
                v["justification"]
                    .as_str()
                    .expect("a justification")
                    .to_string(),
            )
        })
        .collect()
}

/// Every record of soa.csv, header included.
fn csv_records(bytes: &[u8]) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(false)
        .from_reader(bytes);
    reader
        .records()
        .map(|r| {
            r.expect("an RFC 4180 record")
                .iter()
                .map(str::to_string)
                .collect()
        })
        .collect()
}

#[test]
fn soa_csv_rows_quoting_and_line_ends() {
    let (_project, site) = build_exports(&[]);
    let bytes = read_bytes(&site.join("soa.csv"));
    let text = std::str::from_utf8(&bytes).expect("soa.csv is UTF-8");
    // Excel on Windows reads a CSV file as UTF-8 only after a byte order mark.
    let text = text
        .strip_prefix('\u{feff}')
        .expect("soa.csv starts with a UTF-8 byte order mark");

    // CRLF after every record, and no bare LF or CR anywhere (no field holds a line break).
    assert!(text.ends_with("\r\n"), "soa.csv does not end with CRLF");
    assert_eq!(text.matches("\r\n").count(), 94, "CRLF-terminated lines");
    assert_eq!(text.matches('\n').count(), 94, "a bare LF in soa.csv");
    assert_eq!(text.matches('\r').count(), 94, "a bare CR in soa.csv");

    let records = csv_records(&bytes);
    assert_eq!(records.len(), 94, "header and one record per control");
    // The SoA sheet's columns, then the SoA's version and approval (soa.yaml is controlled).
    assert_eq!(records[0][..12], HEADER, "header of soa.csv");
    assert_eq!(
        records[0][12..],
        ["SoA version", "SoA approved"],
        "header of soa.csv"
    );
    assert!(
        records[1..]
            .iter()
            .all(|r| r[12..] == ["2026.1", "2026-02-01"]),
        "every record names the SoA's version and approval (fixture soa.yaml: 2026.1, 2026-02-01)"
    );
    let rows = &records[1..];
    let ids: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(
        ids,
        catalogue_ids(),
        "controls of soa.csv in catalogue order"
    );

    let by_id: BTreeMap<&str, &Vec<String>> = rows.iter().map(|r| (r[0].as_str(), r)).collect();
    let mut problems = Vec::new();
    for (id, theme) in catalogue() {
        let row = by_id[id.as_str()];
        if row[2] != theme {
            problems.push(format!("{id}: theme {:?}, expected {theme:?}", row[2]));
        }
        let new = if NEW_IN_2022.contains(&id.as_str()) {
            "Yes"
        } else {
            "No"
        };
        if row[3] != new {
            problems.push(format!("{id}: new in 2022 {:?}, expected {new:?}", row[3]));
        }
        if row[1].trim().is_empty() {
            problems.push(format!("{id}: no title"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));

    // Applicable: Yes / No / Not decided.
    let applicable: Vec<(&str, &str)> = ["A.5.1", "A.5.2", "A.7.4", "A.8.11"]
        .iter()
        .map(|id| (*id, by_id[id][4].as_str()))
        .collect();
    assert_eq!(
        applicable,
        [
            ("A.5.1", "Yes"),
            ("A.5.2", "Not decided"),
            ("A.7.4", "No"),
            ("A.8.11", "Yes")
        ]
    );

    // Justifications with commas and double quotes round-trip exactly.
    let justifications = fixture_justifications();
    assert!(justifications["A.7.4"].contains(',') && justifications["A.7.4"].contains('"'));
    for (id, justification) in &justifications {
        assert_eq!(
            &by_id[id.as_str()][9],
            justification,
            "justification of {id}"
        );
    }
    assert_eq!(
        by_id["A.5.2"][9], "",
        "an undecided control has no justification"
    );
    assert_eq!(
        by_id["A.5.2"][10], "",
        "an undecided control has no implementation status"
    );
    // Each document with its status, review state and next review (POL-AC: last reviewed
    // 2026-06-01, default interval 12 months).
    assert_eq!(
        by_id["A.5.1"][11],
        "POL-AC Access Control Policy (Approved; In date, next review 2027-06-01)",
        "implementing documents of A.5.1"
    );
    assert_eq!(by_id["A.5.2"][11], "", "A.5.2 has no implementing document");

    // The reasons for inclusion, one column each, as soa.yaml writes them.
    let reasons = |id: &str| by_id[id][5..9].to_vec();
    assert_eq!(
        reasons("A.5.1"),
        ["Yes", "Yes", "", ""],
        "legal, contractual"
    );
    assert_eq!(reasons("A.5.15"), ["", "", "", "Yes"], "risk");
    assert_eq!(reasons("A.8.11"), ["", "", "Yes", "Yes"], "business, risk");
    assert_eq!(reasons("A.7.4"), ["", "", "", ""], "an excluded control");
}

/// What a cell of soa.xlsx (a string cell, whatever its text) is in the CSV, where text that
/// starts like a formula gets a leading `'`.
fn as_csv_text(xlsx: &str) -> String {
    if xlsx.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{xlsx}")
    } else {
        xlsx.to_string()
    }
}

/// A project whose user text is made of spreadsheet formulas.
fn formula_project() -> common::TempProject {
    common::write_project(&[
        ("annexa.toml", "title = \"T\"\norganisation = \"=1+2\"\n"),
        (
            "soa.yaml",
            "framework: iso27001-2022\ncontrols:\n  A.5.1:\n    applicable: true\n    status: implemented\n    justification: '=HYPERLINK(\"http://evil.example\",\"j\")'\n  A.7.4:\n    applicable: false\n    justification: '-1+2'\n",
        ),
        (
            "policies/evil.md",
            "---\nid: POL-EVIL\ntitle: '=HYPERLINK(\"http://evil.example\",\"x\")'\nstatus: approved\nowner: '@SUM(1+1)'\napprover: '+CMD()'\nversion: '-2'\nlast_reviewed: 2026-06-01\ncontrols: [A.5.1]\n---\n# Evil\n",
        ),
    ])
}

#[test]
fn no_cell_of_the_exports_is_a_formula() {
    let project = formula_project();
    let out = project.beside("site");
    build_into(&project.root, &out, &[]);
    let formula_start = |cell: &str| cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    for file in ["soa.csv", "register.csv"] {
        let records = csv_records(&read_bytes(&out.join(file)));
        let cells: Vec<&String> = records.iter().flatten().collect();
        let live: Vec<&&String> = cells.iter().filter(|c| formula_start(c)).collect();
        assert!(
            live.is_empty(),
            "{file} has cells a spreadsheet runs: {live:?}"
        );
        assert!(
            cells.iter().any(|c| c.starts_with("'=HYPERLINK(")),
            "{file} keeps the text, with a leading ': {records:?}"
        );
    }
    let register = csv_records(&read_bytes(&out.join("register.csv")));
    let row = &register[1];
    assert_eq!(
        [
            row[1].as_str(),
            row[3].as_str(),
            row[5].as_str(),
            row[6].as_str()
        ],
        [
            "'=HYPERLINK(\"http://evil.example\",\"x\")",
            "'-2",
            "'@SUM(1+1)",
            "'+CMD()"
        ],
        "title, version, owner, approver of register.csv"
    );
    let soa = csv_records(&read_bytes(&out.join("soa.csv")));
    let a_7_4 = soa
        .iter()
        .find(|r| r[0] == "A.7.4")
        .expect("A.7.4 in soa.csv");
    assert_eq!(a_7_4[9], "'-1+2", "justification of A.7.4");

    let mut workbook: Xlsx<_> =
        open_workbook_from_rs(Cursor::new(read_bytes(&out.join("soa.xlsx"))))
            .expect("soa.xlsx is an xlsx workbook");
    for sheet in workbook.sheet_names() {
        let formulas = workbook.worksheet_formula(&sheet).expect("formulas");
        let written: Vec<&String> = formulas
            .used_cells()
            .map(|(_, _, f)| f)
            .filter(|f| !f.is_empty())
            .collect();
        assert!(
            written.is_empty(),
            "sheet {sheet} of soa.xlsx has formulas: {written:?}"
        );
    }
    let documents = workbook
        .worksheet_range("Documents")
        .expect("sheet Documents");
    assert_eq!(
        documents.get_value((1, 1)),
        Some(&Data::String(
            "=HYPERLINK(\"http://evil.example\",\"x\")".into()
        )),
        "a document title in the Documents sheet is a text cell"
    );
    let range = workbook.worksheet_range("SoA").expect("sheet SoA");
    let texts: Vec<&String> = range
        .used_cells()
        .filter_map(|(_, _, c)| match c {
            Data::String(s) => Some(s),
            _ => None,
        })
        .collect();
    assert!(
        texts
            .iter()
            .any(|t| t.as_str() == "=HYPERLINK(\"http://evil.example\",\"j\")"),
        "the justification is a text cell, as written: {texts:?}"
    );
    assert!(
        texts.iter().any(|t| t.starts_with("=1+2")),
        "the organisation in the title row is text: {texts:?}"
    );
}

#[test]
fn soa_xlsx_matches_csv() {
    let (_project, site) = build_exports(&[]);
    let csv_rows = csv_records(&read_bytes(&site.join("soa.csv")));
    let bytes = read_bytes(&site.join("soa.xlsx"));
    let mut workbook: Xlsx<_> =
        open_workbook_from_rs(Cursor::new(bytes)).expect("soa.xlsx is an xlsx workbook");
    assert_eq!(
        workbook.sheet_names(),
        ["SoA", "Documents", "Document control"],
        "worksheets of soa.xlsx"
    );
    // The autofilter covers the header and the 93 rows (rows 4 to 97).
    let filter = workbook
        .defined_names()
        .iter()
        .find(|(name, range)| name == "_xlnm._FilterDatabase" && range.starts_with("SoA!"))
        .map(|(_, range)| range.clone());
    assert!(
        filter
            .as_deref()
            .is_some_and(|r| r.ends_with("SoA!$A$4:$L$97")),
        "autofilter range: {filter:?}"
    );
    let range = workbook.worksheet_range("SoA").expect("sheet SoA");
    let cell = |row: u32, col: u32| -> String {
        match range.get_value((row, col)) {
            None | Some(Data::Empty) => String::new(),
            Some(Data::String(s)) => s.clone(),
            Some(other) => other.to_string(),
        }
    };
    let title = cell(0, 0);
    assert!(
        title.contains("Contoso Zürich AG"),
        "row 1 should name the organisation: {title:?}"
    );
    let subtitle = cell(1, 0);
    assert!(
        subtitle.contains("ISO/IEC 27001:2022 Annex A")
            && subtitle.contains(&format!("generated {TODAY}"))
            && subtitle.contains("version 2026.1"),
        "row 2 has the SoA's own version: {subtitle:?}"
    );
    assert_eq!(
        cell(2, 0),
        "Owner: CISO · Approver: CEO · Approved: 2026-02-01 · Next review: 2027-02-01 (In date)",
        "row 3: the SoA's document control"
    );
    let header: Vec<String> = (0..12).map(|c| cell(3, c)).collect();
    assert_eq!(header, HEADER, "row 4 is the header");
    let (end_row, end_col) = range.end().expect("a non-empty sheet");
    assert_eq!(
        (end_row, end_col),
        (96, 11),
        "last cell: 93 data rows after row 4, 12 columns"
    );
    let ids: Vec<String> = (4..97).map(|r| cell(r, 0)).collect();
    let csv_ids: Vec<String> = csv_rows[1..].iter().map(|r| r[0].clone()).collect();
    assert_eq!(ids, csv_ids, "first column of soa.xlsx and of soa.csv");
    for (i, csv_row) in csv_rows[1..].iter().enumerate() {
        let row: Vec<String> = (0..12)
            .map(|c| as_csv_text(&cell(4 + i as u32, c)))
            .collect();
        assert_eq!(
            row[..],
            csv_row[..12],
            "row {} of soa.xlsx and record {} of soa.csv",
            i + 5,
            i + 2
        );
    }
}

/// The text of `member` in the xlsx (zip) file `bytes`.
fn xlsx_member(bytes: &[u8], member: &str) -> String {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("soa.xlsx is a zip file");
    let mut file = archive
        .by_name(member)
        .unwrap_or_else(|e| panic!("{member} in soa.xlsx: {e}"));
    let mut text = String::new();
    std::io::Read::read_to_string(&mut file, &mut text).expect("UTF-8 XML");
    text
}

/// The hyperlinks of `sheet`: (row, column) → target.
fn hyperlinks(bytes: &[u8], sheet: &str) -> Vec<((u32, u32), String)> {
    let mut workbook: Xlsx<_> =
        open_workbook_from_rs(Cursor::new(bytes.to_vec())).expect("soa.xlsx is an xlsx workbook");
    workbook
        .hyperlinks_by_sheet_name(sheet)
        .expect("hyperlinks")
        .into_iter()
        .map(|h| (h.range.start, h.target.unwrap_or_default()))
        .collect()
}

#[test]
fn soa_xlsx_links_documents_shows_their_review_and_prints() {
    let (_project, site) = build_exports(&[]);
    let bytes = read_bytes(&site.join("soa.xlsx"));
    let mut workbook: Xlsx<_> =
        open_workbook_from_rs(Cursor::new(bytes.clone())).expect("soa.xlsx is an xlsx workbook");
    let text = |range: &calamine::Range<Data>, row: u32, col: u32| match range.get_value((row, col))
    {
        None | Some(Data::Empty) => String::new(),
        Some(Data::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    };

    // Documents: one row per implementing document (the draft STD-MASK is not published, so
    // it has none), its id linked to its page relative to soa.xlsx, with its review and the
    // controls it is listed for.
    let documents = workbook
        .worksheet_range("Documents")
        .expect("sheet Documents");
    assert_eq!(documents.end(), Some((1, 5)), "a header and one document");
    let rows: Vec<Vec<String>> = (0..2)
        .map(|r| (0..6).map(|c| text(&documents, r, c)).collect())
        .collect();
    assert_eq!(
        rows,
        [
            [
                "Document",
                "Title",
                "Status",
                "Review state",
                "Next review",
                "Controls"
            ],
            [
                "POL-AC",
                "Access Control Policy",
                "Approved",
                "In date",
                "2027-06-01",
                "A.5.1, A.5.15"
            ],
        ]
        .map(|r| r.map(str::to_string).to_vec()),
        "sheet Documents"
    );
    assert_eq!(
        hyperlinks(&bytes, "Documents"),
        [((1, 0), "docs/pol-ac.html".to_string())],
        "document ids link to their pages"
    );
    assert!(
        site.join("docs/pol-ac.html").is_file(),
        "the link target exists beside soa.xlsx"
    );
    // Control ids of the SoA sheet link to the control pages (which list every document).
    let soa_links = hyperlinks(&bytes, "SoA");
    assert_eq!(soa_links.len(), 93, "one link per control");
    assert_eq!(soa_links[0], ((4, 0), "controls/a-5-1.html".to_string()));
    assert!(site.join("controls/a-5-1.html").is_file());

    // Document control: the fields, then the history.
    let control = workbook
        .worksheet_range("Document control")
        .expect("sheet Document control");
    let fields: Vec<(String, String)> = (2..10)
        .map(|r| (text(&control, r, 0), text(&control, r, 1)))
        .collect();
    let expected = [
        ("Version", "2026.1"),
        ("Owner", "CISO"),
        ("Approver", "CEO"),
        ("Approved", "2026-02-01"),
        ("Last reviewed", "2026-02-01"),
        ("Review interval", "12 months"),
        ("Next review", "2027-02-01"),
        ("Review state", "In date"),
    ];
    assert_eq!(
        fields,
        expected
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .to_vec()
    );
    let history: Vec<Vec<String>> = (11..14)
        .map(|r| (0..4).map(|c| text(&control, r, c)).collect())
        .collect();
    assert_eq!(
        history,
        [
            ["Version", "Date", "Change", "Author"],
            ["2025.1", "2025-01-15", "First issue", "CISO"],
            [
                "2026.1",
                "2026-02-01",
                "A.8.11 planned & reasons recorded",
                "ISMS Manager"
            ],
        ]
        .map(|r| r.map(str::to_string).to_vec())
    );

    // Print setup of the SoA sheet: landscape, one page wide, the header row on every page,
    // and a footer with the SoA's version, the build date and page numbers.
    let sheet = xlsx_member(&bytes, "xl/worksheets/sheet1.xml");
    assert!(
        sheet.contains("<pageSetUpPr fitToPage=\"1\"/>"),
        "fit to page: {sheet}"
    );
    assert!(
        sheet.contains("<pageSetup fitToHeight=\"0\" orientation=\"landscape\""),
        "landscape, fit to width: {sheet}"
    );
    let footer = format!(
        "<oddFooter>&amp;LStatement of Applicability, version 2026.1&amp;CPage &amp;P of &amp;N&amp;RGenerated {TODAY}</oddFooter>"
    );
    assert!(sheet.contains(&footer), "footer: {sheet}");
    let book = xlsx_member(&bytes, "xl/workbook.xml");
    assert!(
        book.contains(
            "<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"0\">SoA!$4:$4</definedName>"
        ),
        "the header row repeats on every printed page: {book}"
    );
}

#[test]
fn soa_xlsx_links_are_absolute_under_base_url() {
    let (_project, site) = build_exports(&["--base-url", "https://isms.example.com/manual"]);
    let bytes = read_bytes(&site.join("soa.xlsx"));
    assert_eq!(
        hyperlinks(&bytes, "Documents")[0],
        (
            (1, 0),
            "https://isms.example.com/manual/docs/pol-ac.html".to_string()
        )
    );
    assert_eq!(
        hyperlinks(&bytes, "SoA")[0],
        (
            (4, 0),
            "https://isms.example.com/manual/controls/a-5-1.html".to_string()
        )
    );
}

#[test]
fn an_soa_without_document_control_has_no_control_sheet() {
    let project = formula_project();
    let out = project.beside("site");
    build_into(&project.root, &out, &[]);
    let workbook: Xlsx<_> = open_workbook_from_rs(Cursor::new(read_bytes(&out.join("soa.xlsx"))))
        .expect("soa.xlsx is an xlsx workbook");
    assert_eq!(workbook.sheet_names(), ["SoA", "Documents"]);
}

#[test]
fn annexa_json_model() {
    let (_project, site) = build_exports(&[]);
    let model: serde_json::Value = serde_json::from_slice(&read_bytes(&site.join("annexa.json")))
        .expect("annexa.json is JSON");
    assert_eq!(model["format"], "annexa-model/1");
    assert_eq!(model["title"], "Contoso ISMS Manual");
    assert_eq!(model["organisation"], "Contoso Zürich AG");
    assert_eq!(model["version"], "3.1");
    assert_eq!(model["today"], TODAY);

    let controls = model["controls"].as_array().expect("controls is an array");
    let ids: Vec<&str> = controls
        .iter()
        .map(|c| c["id"].as_str().unwrap_or("?"))
        .collect();
    assert_eq!(
        ids,
        catalogue_ids(),
        "controls of annexa.json in catalogue order"
    );
    let justifications = fixture_justifications();
    for (control, (id, theme)) in controls.iter().zip(catalogue()) {
        assert_eq!(control["theme"], theme.to_lowercase(), "theme of {id}");
        assert_eq!(
            control["new_in_2022"],
            NEW_IN_2022.contains(&id.as_str()),
            "new_in_2022 of {id}"
        );
        if let Some(j) = justifications.get(&id) {
            assert_eq!(
                control["justification"],
                j.as_str(),
                "justification of {id}"
            );
        }
    }
    let control = |id: &str| controls.iter().find(|c| c["id"] == id).unwrap();
    assert_eq!(
        (
            control("A.5.1")["applicable"].clone(),
            control("A.5.1")["status"].clone(),
            control("A.5.1")["covered"].clone()
        ),
        (true.into(), "implemented".into(), true.into())
    );
    assert_eq!(control("A.7.4")["applicable"], false);
    assert_eq!(
        control("A.8.11")["reasons"],
        serde_json::json!(["business", "risk"])
    );
    assert_eq!(control("A.7.4")["reasons"], serde_json::json!([]));
    let soa = &model["soa"];
    assert_eq!(
        (
            &soa["version"],
            &soa["owner"],
            &soa["approved"],
            &soa["next_review"],
            &soa["review_state"]
        ),
        (
            &"2026.1".into(),
            &"CISO".into(),
            &"2026-02-01".into(),
            &"2027-02-01".into(),
            &"ok".into()
        ),
        "the SoA's document control"
    );
    assert_eq!(soa["history"][1]["author"], "ISMS Manager");
    assert_eq!(
        control("A.5.2")["applicable"],
        serde_json::Value::Null,
        "undecided"
    );
    assert_eq!(
        control("A.8.11")["covered"],
        false,
        "only a draft lists A.8.11"
    );
    assert!(
        control("A.7.4")["replaces"]
            .as_array()
            .is_some_and(|r| r.is_empty()),
        "A.7.4 is new in 2022"
    );
    assert!(
        control("A.8.8")["replaces"]
            .as_array()
            .is_some_and(|r| r.iter().any(|x| x == "A.12.6.1")),
        "A.8.8 replaces A.12.6.1"
    );

    // Only published documents: the draft STD-MASK is left out.
    let documents: Vec<&str> = model["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert_eq!(documents, ["POL-AC"], "documents of annexa.json");

    let all = model["coverage"]
        .as_array()
        .and_then(|c| c.iter().find(|t| t["theme"] == "all"))
        .expect("coverage of all");
    let figures: Vec<(&str, u64)> = [
        "controls",
        "applicable",
        "excluded",
        "undecided",
        "covered",
        "partial",
        "percent_covered",
    ]
    .iter()
    .map(|k| (*k, all[*k].as_u64().unwrap_or(u64::MAX)))
    .collect();
    assert_eq!(
        figures,
        [
            ("controls", 93),
            ("applicable", 3),
            ("excluded", 1),
            ("undecided", 89),
            ("covered", 2),
            ("partial", 1),
            ("percent_covered", 66), // floor(2 * 100 / 3)
        ]
    );
    assert_eq!(all["gaps"], serde_json::json!(["A.8.11"]));
}

#[test]
fn annexa_json_lists_drafts_with_drafts_flag() {
    let (_project, site) = build_exports(&["--drafts"]);
    let model: serde_json::Value =
        serde_json::from_slice(&read_bytes(&site.join("annexa.json"))).expect("JSON");
    let mut documents: Vec<&str> = model["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    documents.sort();
    assert_eq!(
        documents,
        ["POL-AC", "STD-MASK"],
        "documents of annexa.json with --drafts"
    );
}

#[test]
fn exports_are_byte_identical_between_builds() {
    let tmp = common::tempdir();
    let (first, second) = (tmp.path().join("first"), tmp.path().join("second-site"));
    build_into(&content_example(), &first, &[]);
    build_into(&content_example(), &second, &[]);
    for file in ["soa.xlsx", "soa.csv", "annexa.json"] {
        let a = read_bytes(&first.join(file));
        assert!(!a.is_empty(), "{file} is empty");
        assert!(
            a == read_bytes(&second.join(file)),
            "{file} differs between two builds"
        );
    }
}

/// `static/` is optional: a project without one builds, and its exports are written.
#[test]
fn builds_a_project_without_static_folder() {
    let project = common::copy_fixture("soa-exports");
    assert!(!project.root.join("static").exists());
    let out = project.beside("site");
    build_into(&project.root, &out, &[]);
    for file in ["soa.csv", "soa.xlsx", "annexa.json"] {
        assert!(out.join(file).is_file(), "{file} was not written");
    }
}
