//! The Statement of Applicability: soa.yaml lints, the SoA table, control pages and the
//! coverage figures.
//!
//! The coverage figures of `content-example` are computed here independently from soa.yaml
//! and the documents' front matter (no call into annexa's library), then compared with
//! `annexa.json`, `coverage.html`, `soa.html` and the control pages of a real build.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use common::{check_json, check_links, content_example, fixture, scan_html, Diag, TODAY};
use serde_yaml::Value;

// ---------------------------------------------------------------------------------------
// The catalogue, written out independently of annexa's data files
// ---------------------------------------------------------------------------------------

/// (Annex A clause, theme, number of controls) of ISO/IEC 27001:2022.
const THEMES: [(u32, &str, u32); 4] = [
    (5, "organizational", 37),
    (6, "people", 8),
    (7, "physical", 14),
    (8, "technological", 34),
];

/// The 93 controls in catalogue order, each with its theme.
fn catalogue() -> Vec<(String, &'static str)> {
    THEMES
        .iter()
        .flat_map(|&(clause, theme, count)| {
            (1..=count).map(move |n| (format!("A.{clause}.{n}"), theme))
        })
        .collect()
}

/// `A.5.15`, `a.5.15`, `5.15`, `A.05.15` → `A.5.15`; None for anything that is not a
/// two-number Annex A id.
fn normalise(text: &str) -> Option<String> {
    let t = text.trim();
    let rest = t
        .strip_prefix("A.")
        .or_else(|| t.strip_prefix("a."))
        .unwrap_or(t);
    let parts: Vec<&str> = rest.split('.').collect();
    if parts.len() != 2
        || parts
            .iter()
            .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let numbers: Vec<u32> = parts
        .iter()
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    Some(format!("A.{}.{}", numbers[0], numbers[1]))
}

/// `A.5.15` → `a-5-15` (the control page's file name without `.html`).
fn slug(id: &str) -> String {
    id.to_ascii_lowercase().replace('.', "-")
}

/// The text of a YAML scalar (a key or a list item).
fn scalar(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        other => panic!("expected a scalar, found {other:?}"),
    }
}

// ---------------------------------------------------------------------------------------
// Running the binary
// ---------------------------------------------------------------------------------------

/// Builds the project `dir` into a fresh temporary folder; panics unless the build
/// succeeds. Returns the temporary folder (keep it alive) and the site's root.
fn build(dir: &Path, extra: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let tmp = common::tempdir();
    let out = tmp.path().join("site");
    let mut args: Vec<std::ffi::OsString> = vec![
        "build".into(),
        dir.into(),
        "-o".into(),
        out.clone().into(),
        "--today".into(),
        TODAY.into(),
        "--format".into(),
        "json".into(),
    ];
    args.extend(extra.iter().map(Into::into));
    let run = common::run(&args);
    assert!(!run.panicked(), "annexa build panicked:\n{run}");
    assert_eq!(run.code, 0, "annexa build {} failed:\n{run}", dir.display());
    assert!(
        out.join("index.html").is_file(),
        "no site was written:\n{run}"
    );
    (tmp, out)
}

/// Copies fixture `name` to a temporary folder and builds it. A `static/` folder is added
/// when the fixture has none, so that these tests are about the SoA only (a project without
/// `static/` has its own test in tests/exports.rs).
fn build_fixture(name: &str) -> (common::TempProject, tempfile::TempDir, PathBuf) {
    let project = common::copy_fixture(name);
    fs::create_dir_all(project.root.join("static")).expect("create static/");
    let (tmp, site) = build(&project.root, &[]);
    (project, tmp, site)
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn read_json(path: &Path) -> serde_json::Value {
    serde_json::from_str(&read(path))
        .unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

/// (level, file, line, column) of each diagnostic named `name`, sorted.
fn places<'a>(diags: &'a [Diag], name: &str) -> Vec<(&'a str, &'a str, Option<u64>, Option<u64>)> {
    let mut out: Vec<_> = diags
        .iter()
        .filter(|d| d.name == name)
        .map(|d| {
            (
                d.level.as_str(),
                d.file.as_deref().unwrap_or(""),
                d.line,
                d.column,
            )
        })
        .collect();
    out.sort();
    out
}

/// Panics if a diagnostic has a name other than `allowed` (a fixture must have exactly one
/// kind of problem; undecided controls are accepted as they are part of minimal fixtures).
fn assert_only(diags: &[Diag], allowed: &[&str]) {
    let unexpected: Vec<&Diag> = diags
        .iter()
        .filter(|d| !allowed.contains(&d.name.as_str()) && d.name != "soa-missing-decision")
        .collect();
    assert!(
        unexpected.is_empty(),
        "unexpected diagnostics: {unexpected:#?}"
    );
}

/// The first word of `message` that is a control id of the catalogue, normalised.
fn control_in(message: &str) -> Option<String> {
    let ids: BTreeSet<String> = catalogue().into_iter().map(|(id, _)| id).collect();
    message
        .split(|c: char| c.is_whitespace() || c == '`' || c == '(' || c == ')' || c == ',')
        .filter_map(|w| normalise(w.trim_end_matches(['.', ':', ';'])))
        .find(|id| ids.contains(id))
}

// ---------------------------------------------------------------------------------------
// Expected figures, computed from the project's files
// ---------------------------------------------------------------------------------------

#[derive(Debug, Clone)]
struct Decision {
    applicable: bool,
    status: Option<String>,
}

/// soa.yaml's decisions by normalised control id.
fn read_soa(project: &Path) -> BTreeMap<String, Decision> {
    let text = read(&project.join("soa.yaml"));
    let value: Value = serde_yaml::from_str(&text).expect("soa.yaml of the example is valid YAML");
    let controls = value
        .get("controls")
        .and_then(Value::as_mapping)
        .expect("soa.yaml has a `controls` mapping");
    let mut out = BTreeMap::new();
    for (key, decision) in controls {
        let id = normalise(&scalar(key))
            .unwrap_or_else(|| panic!("soa.yaml: {key:?} is not a control id"));
        let applicable = decision
            .get("applicable")
            .and_then(Value::as_bool)
            .unwrap_or_else(|| panic!("soa.yaml: {id} has no boolean `applicable`"));
        let status = decision.get("status").map(scalar);
        assert!(
            out.insert(id.clone(), Decision { applicable, status })
                .is_none(),
            "{id} twice"
        );
    }
    out
}

/// The front matter of a Markdown file (None when it has none).
fn front_matter(text: &str) -> Option<Value> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.split_inclusive('\n');
    if lines.next()?.trim_end() != "---" {
        return None;
    }
    let mut yaml = String::new();
    for line in lines {
        if matches!(line.trim_end(), "---" | "...") {
            return Some(serde_yaml::from_str(&yaml).expect("front matter is YAML"));
        }
        yaml.push_str(line);
    }
    None
}

/// The ids of the built-in NIST CSF 2.0 catalogue, read from its data file.
fn csf_ids() -> BTreeSet<String> {
    read(&common::repo_root().join("src/catalog/data/nist-csf-2.0.yaml"))
        .lines()
        .filter_map(|line| line.trim_start().strip_prefix("- id: "))
        .map(|id| id.trim().to_string())
        .collect()
}

/// Every document of the project: (path relative to the project, status, normalised Annex A
/// controls).
fn read_documents(project: &Path) -> Vec<(String, String, Vec<String>)> {
    let config: toml::Table = read(&project.join("annexa.toml"))
        .parse()
        .expect("annexa.toml");
    assert!(
        !config.contains_key("exclude"),
        "annexa.toml sets `exclude`: teach this test which files it excludes"
    );
    let csf = csf_ids();
    let mut docs = Vec::new();
    let skip = ["_site", "static", "templates", "frameworks"];
    let walker = walkdir::WalkDir::new(project)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            e.depth() == 0
                || !(name.starts_with('.') || (e.depth() == 1 && skip.contains(&name.as_ref())))
        });
    for entry in walker {
        let entry = entry.expect("walk the project");
        let rel = entry
            .path()
            .strip_prefix(project)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if !entry.file_type().is_file() || !rel.ends_with(".md") || rel == "README.md" {
            continue;
        }
        let fm = front_matter(&read(entry.path()))
            .unwrap_or_else(|| panic!("{rel} has no front matter"));
        let status = fm
            .get("status")
            .map(scalar)
            .unwrap_or_else(|| "draft".into());
        let controls = match fm.get("controls") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Sequence(items)) => items
                .iter()
                // NIST CSF 2.0 subcategories count on the CSF pages, not for Annex A.
                .filter(|v| !csf.contains(&scalar(v)))
                .map(|v| {
                    normalise(&scalar(v))
                        .unwrap_or_else(|| panic!("{rel}: {v:?} is not a 2022 control"))
                })
                .collect(),
            Some(one) => vec![normalise(&scalar(one)).expect("a control id")],
        };
        docs.push((rel, status, controls));
    }
    assert!(
        docs.len() > 10,
        "the example should have many documents, found {}",
        docs.len()
    );
    docs
}

#[derive(Debug, Default, PartialEq, Eq)]
struct Figures {
    controls: u64,
    applicable: u64,
    excluded: u64,
    undecided: u64,
    covered: u64,
    partial: u64,
    implemented: u64,
    planned: u64,
    not_implemented: u64,
    no_status: u64,
    gaps: Vec<String>,
}

impl Figures {
    fn percent(&self) -> u64 {
        (self.covered * 100)
            .checked_div(self.applicable)
            .unwrap_or(0)
    }
}

/// Coverage per theme (catalogue order) and for "all".
fn expected_coverage(project: &Path) -> Vec<(String, Figures)> {
    let soa = read_soa(project);
    let docs = read_documents(project);
    let covered_by_approved: BTreeSet<&String> = docs
        .iter()
        .filter(|(_, status, _)| status == "approved")
        .flat_map(|(_, _, controls)| controls)
        .collect();
    let mut out: Vec<(String, Figures)> = THEMES
        .iter()
        .map(|(_, t, _)| t.to_string())
        .chain(["all".to_string()])
        .map(|t| (t, Figures::default()))
        .collect();
    for (id, theme) in catalogue() {
        let index = THEMES.iter().position(|(_, t, _)| *t == theme).unwrap();
        for i in [index, THEMES.len()] {
            let f = &mut out[i].1;
            f.controls += 1;
            match soa.get(&id) {
                None => f.undecided += 1,
                Some(d) if !d.applicable => f.excluded += 1,
                Some(d) => {
                    f.applicable += 1;
                    match d.status.as_deref() {
                        Some("implemented") => f.implemented += 1,
                        Some("partial") => f.partial += 1,
                        Some("planned") => f.planned += 1,
                        Some("not-implemented") => f.not_implemented += 1,
                        None => f.no_status += 1,
                        Some(other) => panic!("{id}: unknown status {other:?}"),
                    }
                    if covered_by_approved.contains(&id) {
                        f.covered += 1;
                    } else {
                        f.gaps.push(id.clone());
                    }
                }
            }
        }
    }
    out
}

fn all_no_status(expected: &[(String, Figures)]) -> u64 {
    expected.last().map_or(0, |(_, f)| f.no_status)
}

/// "86 of 88 applicable controls are listed by an approved document (2 gaps)."
fn documented_sentence(f: &Figures) -> String {
    let gaps = match f.gaps.len() {
        0 => "no gap".to_string(),
        1 => "1 gap".to_string(),
        n => format!("{n} gaps"),
    };
    format!(
        "{} of {} applicable controls are listed by an approved document ({gaps}).",
        f.covered, f.applicable
    )
}

/// "80 implemented, 4 partially implemented, 2 planned, 2 not implemented."
fn implementation_sentence(f: &Figures) -> String {
    format!(
        "{} implemented, {} partially implemented, {} planned, {} not implemented.",
        f.implemented, f.partial, f.planned, f.not_implemented
    )
}

/// The text of each `<td>` of the `<tr id="ROW_ID">` row, tags stripped.
fn row_cells(html: &str, row_id: &str) -> Vec<String> {
    let start = html
        .find(&format!("<tr id=\"{row_id}\""))
        .unwrap_or_else(|| panic!("no <tr id=\"{row_id}\">"));
    let row = &html[start..];
    let row = &row[..row.find("</tr>").expect("</tr>")];
    let mut cells = Vec::new();
    let mut rest = row;
    while let Some(open) = rest.find("<td") {
        let after = &rest[open..];
        let content_start = after.find('>').expect("<td ...>") + 1;
        let end = after.find("</td>").expect("</td>");
        cells.push(strip_tags(&after[content_start..end]));
        rest = &after[end + 5..];
    }
    cells
}

/// Text content of an HTML fragment, whitespace collapsed.
fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    common::decode_entities(&out)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

// ---------------------------------------------------------------------------------------
// content-example
// ---------------------------------------------------------------------------------------

/// annexa.json's coverage and coverage.html's table agree with the figures computed from
/// soa.yaml and the documents' front matter.
#[test]
fn example_coverage_matches_soa_and_front_matter() {
    let project = content_example();
    let expected = expected_coverage(&project);
    let (_tmp, site) = build(&project, &[]);

    let model = read_json(&site.join("annexa.json"));
    let coverage = model["coverage"]
        .as_array()
        .expect("annexa.json: coverage is an array");
    let themes: Vec<&str> = coverage
        .iter()
        .map(|c| c["theme"].as_str().unwrap_or("?"))
        .collect();
    assert_eq!(
        themes,
        [
            "organizational",
            "people",
            "physical",
            "technological",
            "all"
        ]
    );
    for ((theme, want), got) in expected.iter().zip(coverage) {
        let n = |k: &str| {
            got[k]
                .as_u64()
                .unwrap_or_else(|| panic!("{theme}: `{k}` is not a number: {got}"))
        };
        let got_figures = Figures {
            controls: n("controls"),
            applicable: n("applicable"),
            excluded: n("excluded"),
            undecided: n("undecided"),
            covered: n("covered"),
            partial: n("partial"),
            implemented: n("implemented"),
            planned: n("planned"),
            not_implemented: n("not_implemented"),
            no_status: n("no_status"),
            gaps: got["gaps"]
                .as_array()
                .expect("gaps is an array")
                .iter()
                .map(|g| g.as_str().expect("gap id").to_string())
                .collect(),
        };
        assert_eq!(&got_figures, want, "annexa.json coverage of {theme}");
        assert_eq!(
            n("percent_covered"),
            want.percent(),
            "annexa.json percent_covered of {theme}"
        );
        // The newer names of the documented figures, and the older sum of the statuses
        // that are not (yet) implemented.
        assert_eq!(
            n("documented"),
            want.covered,
            "annexa.json documented of {theme}"
        );
        assert_eq!(
            n("percent_documented"),
            want.percent(),
            "annexa.json percent_documented of {theme}"
        );
        assert_eq!(
            n("not_yet"),
            want.planned + want.not_implemented,
            "annexa.json not_yet of {theme}"
        );
    }
    // The example is meant to show both a gap and a full theme; make sure it still does,
    // otherwise this test would no longer exercise the gap paths.
    let all = &expected.last().unwrap().1;
    assert_eq!(all.controls, 93);
    assert!(
        !all.gaps.is_empty() && all.excluded > 0,
        "the example has no gap or no exclusion: {all:?}"
    );

    let html = read(&site.join("coverage.html"));
    for (theme, want) in &expected {
        let cells = row_cells(&html, &format!("theme-{theme}"));
        let want_cells = vec![
            want.controls.to_string(),
            want.applicable.to_string(),
            want.excluded.to_string(),
            want.covered.to_string(),
            want.gaps.len().to_string(),
            format!("{}%", want.percent()),
        ];
        assert_eq!(cells, want_cells, "coverage.html row theme-{theme}");
        // The implementation table: one column per SoA status (no status column, since
        // every applicable control of the example has a status), then the bar.
        assert_eq!(all_no_status(&expected), 0);
        let cells = row_cells(&html, &format!("implementation-{theme}"));
        let want_cells = vec![
            want.applicable.to_string(),
            want.implemented.to_string(),
            want.partial.to_string(),
            want.planned.to_string(),
            want.not_implemented.to_string(),
            String::new(),
        ];
        assert_eq!(
            cells, want_cells,
            "coverage.html row implementation-{theme}"
        );
        let row = &html[html.find(&format!("id=\"theme-{theme}\"")).unwrap()..];
        let row = &row[..row.find("</tr>").unwrap()];
        assert!(
            row.contains("<svg class=\"bar\""),
            "theme-{theme} has no inline <svg class=\"bar\">"
        );
    }

    // The Gaps section links to exactly the gap controls.
    let gaps_start = html
        .find("id=\"gaps\"")
        .expect("coverage.html has a Gaps section (id=\"gaps\")");
    let section = &html[gaps_start..];
    let section = &section[..section[1..].find("<h2").map_or(section.len(), |e| e + 1)];
    let linked: BTreeSet<String> = scan_html(section)
        .attrs
        .iter()
        .filter(|(_, a)| a.name == "href")
        .filter_map(|(_, a)| {
            a.value
                .strip_prefix("controls/")?
                .strip_suffix(".html")
                .map(str::to_string)
        })
        .collect();
    let want: BTreeSet<String> = all.gaps.iter().map(|g| slug(g)).collect();
    assert_eq!(
        linked, want,
        "controls linked from the Gaps section of coverage.html"
    );
}

/// The two questions stay apart everywhere the example's figures show: *documented* (an
/// approved document lists the control) and the *implementation status* of the SoA. The
/// home page, coverage.html, the summary of soa.html, soa.csv and soa.xlsx each give the
/// figures computed here from soa.yaml and the front matter; none calls a planned control
/// implemented.
#[test]
fn example_documented_and_implementation_status_are_separate_everywhere() {
    let project = content_example();
    let expected = expected_coverage(&project);
    let all = &expected.last().expect("overall figures").1;
    // The example must keep a control that is documented but only planned: the case that
    // made the home page say "implemented" for a planned control.
    let soa = read_soa(&project);
    let docs = read_documents(&project);
    let planned_and_documented = soa.iter().any(|(id, d)| {
        d.applicable
            && d.status.as_deref() == Some("planned")
            && docs
                .iter()
                .any(|(_, status, controls)| status == "approved" && controls.contains(id))
    });
    assert!(
        planned_and_documented,
        "the example has no planned control that an approved document lists"
    );
    assert_ne!(all.covered, all.implemented, "{all:?}");
    let documented = documented_sentence(all);
    let implementation = implementation_sentence(all);
    let (_tmp, site) = build(&project, &[]);

    for page in ["index.html", "coverage.html", "soa.html"] {
        let text = strip_tags(&read(&site.join(page)));
        assert!(
            text.contains(&documented),
            "{page} does not say {documented:?}: {text}"
        );
        assert!(
            text.contains(&implementation),
            "{page} does not say {implementation:?}: {text}"
        );
        for wrong in [
            "implemented by approved documents",
            "controls are implemented by",
            "Implemented by",
            "Implementing documents",
            "no approved document implements",
        ] {
            assert!(!text.contains(wrong), "{page} still says {wrong:?}");
        }
    }
    let home = strip_tags(&read(&site.join("index.html")));
    assert!(
        home.contains(&format!(
            "{}% of applicable controls documented",
            all.percent()
        )),
        "the home page's percentage is not labelled as documented: {home}"
    );
    for page in ["coverage.html", "soa.html"] {
        let text = strip_tags(&read(&site.join(page)));
        assert!(
            text.contains(&format!("Documented: {documented}"))
                && text.contains(&format!("Implementation (SoA): {implementation}")),
            "{page}: the summary does not name both questions"
        );
    }

    // soa.csv and soa.xlsx carry the figures row by row: the status column and the
    // documents with their status.
    let csv_text = read(&site.join("soa.csv"));
    let mut reader = csv::Reader::from_reader(csv_text.trim_start_matches('\u{feff}').as_bytes());
    let header: Vec<String> = reader
        .headers()
        .expect("soa.csv header")
        .iter()
        .map(str::to_string)
        .collect();
    let csv_rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| {
            r.expect("soa.csv record")
                .iter()
                .map(str::to_string)
                .collect()
        })
        .collect();
    assert_eq!(
        export_figures(&header, &csv_rows),
        all_export_figures(all),
        "soa.csv"
    );
    let mut workbook: calamine::Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(
        fs::read(site.join("soa.xlsx")).expect("soa.xlsx"),
    ))
    .expect("soa.xlsx is an xlsx workbook");
    use calamine::Reader;
    let range = workbook.worksheet_range("SoA").expect("sheet SoA");
    let cells: Vec<Vec<String>> = range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    let header_at = cells
        .iter()
        .position(|r| r.first().is_some_and(|c| c == "Control"))
        .expect("soa.xlsx has a header row");
    // soa.csv adds the SoA's version and approval as two last columns.
    assert_eq!(
        cells[header_at][..],
        header[..header.len() - 2],
        "soa.xlsx and soa.csv share columns"
    );
    assert_eq!(header[header.len() - 2..], ["SoA version", "SoA approved"]);
    assert_eq!(
        export_figures(&cells[header_at], &cells[header_at + 1..]),
        all_export_figures(all),
        "soa.xlsx"
    );
}

/// (documented, implemented, partial, planned, not implemented) of applicable controls.
type ExportFigures = (u64, u64, u64, u64, u64);

fn all_export_figures(f: &Figures) -> ExportFigures {
    (
        f.covered,
        f.implemented,
        f.partial,
        f.planned,
        f.not_implemented,
    )
}

/// The figures of an SoA export's rows, read by column name.
fn export_figures(header: &[String], rows: &[Vec<String>]) -> ExportFigures {
    let column = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name:?} in {header:?}"))
    };
    let (applicable, status, documents) = (
        column("Applicable"),
        column("Implementation status"),
        column("Documents"),
    );
    let mut out = (0, 0, 0, 0, 0);
    for row in rows.iter().filter(|r| r[applicable] == "Yes") {
        // "POL-AC Access Control Policy (Approved; In date, next review 2027-03-01)"
        if row[documents].contains("(Approved;") {
            out.0 += 1;
        }
        match row[status].as_str() {
            "Implemented" => out.1 += 1,
            "Partially implemented" => out.2 += 1,
            "Planned" => out.3 += 1,
            "Not implemented" => out.4 += 1,
            other => panic!("{}: unexpected status {other:?}", row[0]),
        }
    }
    out
}

/// soa.html has one row per control, in catalogue order, with data-* attributes that
/// match soa.yaml, each linking to an existing control page.
#[test]
fn example_soa_table_matches_soa_yaml() {
    let project = content_example();
    let soa = read_soa(&project);
    let (_tmp, site) = build(&project, &[]);
    let html = read(&site.join("soa.html"));
    let page = scan_html(&html);
    assert!(
        page.ids().contains("soa-table"),
        "soa.html has no id=\"soa-table\""
    );
    assert!(
        page.ids().contains("soa-filters"),
        "soa.html has no id=\"soa-filters\""
    );

    // Every <script> loads a file; the filter script is one of them and exists.
    let scripts: Vec<&str> = html
        .match_indices("<script")
        .map(|(i, _)| &html[i..i + html[i..].find('>').unwrap()])
        .collect();
    assert!(
        scripts.iter().all(|s| s.contains(" src=")),
        "inline <script> in soa.html: {scripts:?}"
    );
    assert!(
        scripts.iter().any(|s| s.contains("assets/soa-filter.js")),
        "soa.html does not load assets/soa-filter.js"
    );
    assert!(
        site.join("assets/soa-filter.js").is_file(),
        "assets/soa-filter.js is missing"
    );

    // Rows of the table: <tr> tags with data-applicable.
    let mut rows: BTreeMap<usize, BTreeMap<String, String>> = BTreeMap::new();
    for (tag, attr) in &page.attrs {
        if attr.tag == "tr" {
            rows.entry(*tag)
                .or_default()
                .insert(attr.name.clone(), attr.value.clone());
        }
    }
    let rows: Vec<BTreeMap<String, String>> = rows
        .into_values()
        .filter(|a| a.contains_key("data-applicable"))
        .collect();
    let ids: Vec<&str> = rows
        .iter()
        .map(|r| r.get("id").map_or("", String::as_str))
        .collect();
    let want: Vec<(String, &str)> = catalogue();
    assert_eq!(
        ids,
        want.iter().map(|(id, _)| id.as_str()).collect::<Vec<_>>(),
        "rows of soa.html"
    );

    let mut mismatches = Vec::new();
    for (row, (id, theme)) in rows.iter().zip(&want) {
        let decision = soa.get(id);
        let applicable = match decision {
            None => "undecided",
            Some(d) if d.applicable => "yes",
            Some(_) => "no",
        };
        let status = decision.and_then(|d| d.status.as_deref()).unwrap_or("none");
        for (attr, value) in [
            ("data-theme", *theme),
            ("data-applicable", applicable),
            ("data-status", status),
        ] {
            if row.get(attr).map(String::as_str) != Some(value) {
                mismatches.push(format!(
                    "{id}: {attr}={:?}, soa.yaml says {value:?}",
                    row.get(attr)
                ));
            }
        }
        let link = format!("href=\"controls/{}.html\"", slug(id));
        if !html.contains(&link) {
            mismatches.push(format!("{id}: soa.html has no {link}"));
        }
        if !site
            .join("controls")
            .join(format!("{}.html", slug(id)))
            .is_file()
        {
            mismatches.push(format!("{id}: controls/{}.html is missing", slug(id)));
        }
    }
    assert!(
        mismatches.is_empty(),
        "soa.html disagrees with soa.yaml:\n{}",
        mismatches.join("\n")
    );
}

/// Each gap's control page says that no approved document covers it; a covered control's
/// page does not.
#[test]
fn example_gap_control_pages_say_not_covered() {
    let project = content_example();
    let expected = expected_coverage(&project);
    let all = &expected.last().unwrap().1;
    let (_tmp, site) = build(&project, &[]);
    let says_uncovered = |id: &str| {
        let path = site.join("controls").join(format!("{}.html", slug(id)));
        let text = strip_tags(&read(&path)).to_lowercase();
        assert!(
            text.contains(&id.to_lowercase()),
            "{} does not name {id}",
            path.display()
        );
        text.contains("no approved document") || text.contains("not covered")
    };
    assert!(!all.gaps.is_empty());
    for gap in &all.gaps {
        assert!(
            says_uncovered(gap),
            "the page of gap {gap} does not say it is not covered"
        );
    }
    let soa = read_soa(&project);
    let covered = catalogue()
        .into_iter()
        .map(|(id, _)| id)
        .find(|id| soa.get(id).is_some_and(|d| d.applicable) && !all.gaps.contains(id))
        .expect("a covered control");
    assert!(
        !says_uncovered(&covered),
        "the page of covered control {covered} says it is not covered"
    );
}

/// Every link of the built example (SoA, coverage, transition and all control pages)
/// resolves.
#[test]
fn example_site_links_resolve() {
    let (_tmp, site) = build(&content_example(), &[]);
    let pages = fs::read_dir(site.join("controls"))
        .expect("controls/")
        .count();
    assert_eq!(pages, 93, "control pages in controls/");
    for page in ["soa.html", "coverage.html", "transition.html"] {
        assert!(site.join(page).is_file(), "{page} is missing");
    }
    let problems = check_links(&site);
    assert!(
        problems.is_empty(),
        "broken links:\n{}",
        problems.join("\n")
    );
}

// ---------------------------------------------------------------------------------------
// Lints, one fixture each
// ---------------------------------------------------------------------------------------

fn check(name: &str) -> (common::Run, Vec<Diag>) {
    let run = check_json(&fixture(name));
    assert!(!run.panicked(), "annexa check panicked:\n{run}");
    let diags = run.diagnostics();
    (run, diags)
}

#[test]
fn soa_unjustified_exclusion() {
    let (run, diags) = check("soa-unjustified-exclusion");
    // A.7.4 has no justification, A.7.5 an empty one; A.7.6 is justified.
    assert_eq!(
        places(&diags, "soa-unjustified-exclusion"),
        [
            ("error", "soa.yaml", Some(7), Some(3)),
            ("error", "soa.yaml", Some(9), Some(3))
        ],
        "{run}"
    );
    let named: Vec<Option<String>> = diags
        .iter()
        .filter(|d| d.name == "soa-unjustified-exclusion")
        .map(|d| control_in(&d.message))
        .collect();
    assert!(
        named.contains(&Some("A.7.4".into())) && named.contains(&Some("A.7.5".into())),
        "{named:?}"
    );
    assert_only(&diags, &["soa-unjustified-exclusion"]);
    assert_eq!(run.code, 1, "an error was reported:\n{run}");
}

#[test]
fn soa_missing_decision_per_undecided_control() {
    let (run, diags) = check("soa-missing-decision");
    let missing: Vec<&Diag> = diags
        .iter()
        .filter(|d| d.name == "soa-missing-decision")
        .collect();
    // soa.yaml decides A.5.1, a.6.3 and 8.34; `controls:` is on line 4.
    for d in &missing {
        assert_eq!(
            (d.level.as_str(), d.file.as_deref(), d.line, d.column),
            ("warning", Some("soa.yaml"), Some(4), Some(1)),
            "{d:?}"
        );
    }
    let named: BTreeSet<String> = missing
        .iter()
        .map(|d| {
            control_in(&d.message).unwrap_or_else(|| panic!("no control named in {:?}", d.message))
        })
        .collect();
    let decided = ["A.5.1", "A.6.3", "A.8.34"];
    let want: BTreeSet<String> = catalogue()
        .into_iter()
        .map(|(id, _)| id)
        .filter(|id| !decided.contains(&id.as_str()))
        .collect();
    assert_eq!(missing.len(), 90, "one warning per undecided control");
    assert_eq!(named, want, "controls named by soa-missing-decision");
    assert_only(&diags, &[]);
    assert_eq!(run.code, 0, "only warnings:\n{run}");
}

#[test]
fn soa_missing_decision_without_soa_file() {
    let (run, diags) = check("soa-missing-decision-no-file");
    assert_eq!(
        places(&diags, "soa-missing-decision"),
        [("warning", "soa.yaml", None, None)],
        "{run}"
    );
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!(run.code, 0, "only a warning:\n{run}");
}

#[test]
fn soa_uncovered_control() {
    let (run, diags) = check("soa-uncovered-control");
    // A.5.1 is listed by an approved policy; A.5.2 only by a draft; A.5.3 by nothing;
    // A.7.4 is excluded.
    assert_eq!(
        places(&diags, "soa-uncovered-control"),
        [
            ("warning", "soa.yaml", Some(7), Some(3)),
            ("warning", "soa.yaml", Some(11), Some(3))
        ],
        "{run}"
    );
    assert_only(&diags, &["soa-uncovered-control"]);
    assert_eq!(run.code, 0, "only warnings:\n{run}");
    // The warning is about documentation: A.5.2 is planned and A.5.3 not implemented in the
    // SoA, and the message (which the home page shows) must not speak of implementing.
    for d in diags.iter().filter(|d| d.name == "soa-uncovered-control") {
        assert!(
            d.message
                .ends_with("is applicable but no approved document lists it"),
            "{}",
            d.message
        );
        let help = d.help.as_deref().unwrap_or_default();
        assert!(
            !d.message.contains("implement") && !help.contains("implement"),
            "{} / {help}",
            d.message
        );
    }
}

#[test]
fn soa_excluded_but_referenced() {
    let (run, diags) = check("soa-excluded-but-referenced");
    // An approved policy (block list) and a draft (flow list, `7.4`) list excluded A.7.4;
    // a retired policy lists it too but is not reported.
    assert_eq!(
        places(&diags, "soa-excluded-but-referenced"),
        [
            ("warning", "policies/cctv.md", Some(12), Some(19)),
            (
                "warning",
                "policies/physical-security.md",
                Some(14),
                Some(5)
            ),
        ],
        "{run}"
    );
    for d in diags
        .iter()
        .filter(|d| d.name == "soa-excluded-but-referenced")
    {
        let related: Vec<_> = d
            .related
            .iter()
            .map(|r| (r.file.as_str(), r.line, r.column))
            .collect();
        assert_eq!(
            related,
            [("soa.yaml", Some(7), Some(3))],
            "related location of {d:?}"
        );
    }
    assert_only(&diags, &["soa-excluded-but-referenced"]);
    assert_eq!(run.code, 0, "only warnings:\n{run}");
}

#[test]
fn soa_unknown_control() {
    let (run, diags) = check("soa-unknown-control");
    // `A.5.99:` in soa.yaml, `A.8.99` in a policy's flow list.
    assert_eq!(
        places(&diags, "unknown-control"),
        [
            ("error", "policies/security-policy.md", Some(12), Some(19)),
            ("error", "soa.yaml", Some(7), Some(3))
        ],
        "{run}"
    );
    let ids: BTreeSet<String> = catalogue().into_iter().map(|(id, _)| id).collect();
    for d in diags.iter().filter(|d| d.name == "unknown-control") {
        let help = d.help.as_deref().unwrap_or("");
        let suggestion = help.strip_prefix("did you mean").and_then(control_in);
        assert!(
            suggestion.is_some_and(|s| ids.contains(&s)),
            "help should suggest a real control: {help:?}"
        );
    }
    assert_only(&diags, &["unknown-control"]);
    assert_eq!(run.code, 1, "an error was reported:\n{run}");
}

#[test]
fn soa_legacy_control() {
    let (run, diags) = check("soa-legacy-control");
    // `A.12.6.1:` in soa.yaml (→ A.8.8), `9.2.3` in a policy's block list (→ A.8.2).
    assert_eq!(
        places(&diags, "legacy-control"),
        [
            ("warning", "policies/security-policy.md", Some(14), Some(5)),
            ("warning", "soa.yaml", Some(7), Some(3))
        ],
        "{run}"
    );
    for d in diags.iter().filter(|d| d.name == "legacy-control") {
        let successor = if d.file.as_deref() == Some("soa.yaml") {
            "A.8.8"
        } else {
            "A.8.2"
        };
        let help = d.help.as_deref().unwrap_or("");
        assert!(
            help.contains(successor),
            "help should name {successor}: {d:?}"
        );
    }
    assert_only(&diags, &["legacy-control"]);
    assert_eq!(run.code, 0, "only warnings:\n{run}");
}

#[test]
fn invalid_soa_values_and_duplicates() {
    let (run, diags) = check("soa-invalid-soa");
    // `status: done` (line 9), `applicable: maybe` (line 12), A.5.1 decided again as `5.1`.
    assert_eq!(
        places(&diags, "invalid-soa"),
        [
            ("error", "soa.yaml", Some(9), Some(13)),
            ("error", "soa.yaml", Some(12), Some(17)),
            ("error", "soa.yaml", Some(14), Some(3)),
        ],
        "{run}"
    );
    let duplicate = diags
        .iter()
        .find(|d| d.name == "invalid-soa" && d.line == Some(14))
        .unwrap();
    let related: Vec<_> = duplicate
        .related
        .iter()
        .map(|r| (r.file.as_str(), r.line, r.column))
        .collect();
    assert_eq!(
        related,
        [("soa.yaml", Some(3), Some(3))],
        "the first decision of A.5.1"
    );
    assert_only(&diags, &["invalid-soa"]);
    assert_eq!(run.code, 1, "errors were reported:\n{run}");
}

#[test]
fn invalid_soa_yaml_syntax() {
    let (run, diags) = check("soa-invalid-soa-yaml");
    // `justification:` is indented one space less than its siblings (line 6, column 4).
    assert_eq!(
        places(&diags, "invalid-soa"),
        [("error", "soa.yaml", Some(6), Some(4))],
        "{run}"
    );
    // The same place as the YAML parser's own report.
    let text = read(&fixture("soa-invalid-soa-yaml").join("soa.yaml"));
    let error = serde_yaml::from_str::<Value>(&text).expect_err("invalid YAML");
    let index = error.location().expect("a location").index();
    let line = text[..index].matches('\n').count() + 1;
    let column = text[..index].rsplit('\n').next().unwrap().chars().count() + 1;
    assert_eq!((line, column), (6, 4), "serde_yaml's location");
    assert_only(&diags, &["invalid-soa"]);
    assert_eq!(run.code, 1, "an error was reported:\n{run}");
}

/// When soa.yaml cannot be parsed, annexa does not add undecided-control warnings that
/// point nowhere: the contract places them at the `controls:` line, or (only when there is
/// no soa.yaml at all) a single one without a line.
#[test]
fn unparseable_soa_yaml_adds_no_unlocated_missing_decisions() {
    let (run, diags) = check("soa-invalid-soa-yaml");
    let unlocated: Vec<&Diag> = diags
        .iter()
        .filter(|d| d.name == "soa-missing-decision" && d.line.is_none())
        .collect();
    assert!(
        unlocated.is_empty(),
        "{} soa-missing-decision warnings without a line for an existing (but invalid) soa.yaml, e.g. {:?}\n(exit code {})",
        unlocated.len(),
        unlocated.first().map(|d| &d.message),
        run.code
    );
}

// ---------------------------------------------------------------------------------------
// Normalised ids
// ---------------------------------------------------------------------------------------

/// The page of each document, from annexa.json.
fn document_pages(site: &Path) -> BTreeMap<String, String> {
    read_json(&site.join("annexa.json"))["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .map(|d| {
            (
                d["id"].as_str().unwrap().to_string(),
                d["page"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// The implementing documents listed on a control page: the pages it links to under docs/.
fn implementing_links(site: &Path, id: &str) -> BTreeSet<String> {
    let html = read(&site.join("controls").join(format!("{}.html", slug(id))));
    scan_html(&html)
        .attrs
        .iter()
        .filter(|(_, a)| a.name == "href")
        .filter_map(|(_, a)| a.value.strip_prefix("../").map(str::to_string))
        .filter(|href| href.starts_with("docs/"))
        .collect()
}

#[test]
fn normalised_ids_share_one_control_page() {
    let (_project, _tmp, site) = build_fixture("soa-normalisation");
    let pages = document_pages(&site);
    // POL-AC lists `5.15`, POL-NET lists `a.5.15`; POL-HR lists A.6.1 only.
    let want: BTreeSet<String> = ["POL-AC", "POL-NET"]
        .iter()
        .map(|id| {
            pages
                .get(*id)
                .unwrap_or_else(|| panic!("{id} is not in annexa.json"))
                .clone()
        })
        .collect();
    assert_eq!(
        implementing_links(&site, "A.5.15"),
        want,
        "documents linked from controls/a-5-15.html"
    );
    let model = read_json(&site.join("annexa.json"));
    let a515 = model["controls"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "A.5.15")
        .expect("A.5.15");
    let docs: BTreeSet<&str> = a515["documents"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d.as_str())
        .collect();
    assert_eq!(
        docs,
        BTreeSet::from(["POL-AC", "POL-NET"]),
        "annexa.json documents of A.5.15"
    );
    assert_eq!(a515["covered"], true);
}

/// `5.10` written without quotes is a YAML number (5.1); it must still mean A.5.10 in
/// soa.yaml, not be read as A.5.1.
#[test]
fn unquoted_soa_key_with_trailing_zero_is_its_own_control() {
    let (run, diags) = check("soa-unquoted-ids");
    let errors: Vec<&Diag> = diags.iter().filter(|d| d.level == "error").collect();
    assert!(
        errors.is_empty(),
        "`5.10:` next to `A.5.1:` in soa.yaml: {errors:#?}"
    );
    let undecided: BTreeSet<String> = diags
        .iter()
        .filter(|d| d.name == "soa-missing-decision")
        .filter_map(|d| control_in(&d.message))
        .collect();
    assert!(
        !undecided.contains("A.5.10"),
        "A.5.10 is decided by `5.10:` but reported undecided"
    );
    assert_eq!(run.code, 0, "{run}");
}

/// `controls: [5.10, 8.20]` in a document means A.5.10 and A.8.20, not A.5.1 and A.8.2.
#[test]
fn unquoted_document_controls_with_trailing_zero_are_their_own_controls() {
    let (_project, _tmp, site) = build_fixture("soa-unquoted-ids-in-documents");
    let model = read_json(&site.join("annexa.json"));
    let documents_of = |id: &str| -> Vec<String> {
        let control = model["controls"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .expect(id);
        control["documents"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d.as_str().unwrap().to_string())
            .collect()
    };
    let listed: BTreeMap<&str, Vec<String>> = ["A.5.1", "A.5.10", "A.8.2", "A.8.20"]
        .into_iter()
        .map(|id| (id, documents_of(id)))
        .collect();
    let want: BTreeMap<&str, Vec<String>> = [
        ("A.5.1", vec![]),
        ("A.5.10", vec!["POL-AUP".to_string()]),
        ("A.8.2", vec![]),
        ("A.8.20", vec!["POL-AUP".to_string()]),
    ]
    .into_iter()
    .collect();
    assert_eq!(
        listed, want,
        "documents listing each control in annexa.json"
    );
}

// ---------------------------------------------------------------------------------------
// Many documents for one control
// ---------------------------------------------------------------------------------------

#[test]
fn the_soa_page_lists_ten_documents_a_control_and_links_to_the_rest() {
    let mut files: Vec<(String, String)> = (1..=12)
        .map(|n| {
            (
                format!("policies/p{n:02}.md"),
                format!("---\nid: POL-{n:02}\ntitle: Policy {n}\nstatus: approved\nowner: CISO\nlast_reviewed: 2026-06-01\ncontrols: [A.5.1]\n---\n# Policy {n}\n"),
            )
        })
        .collect();
    files.push(("annexa.toml".into(), "title = \"Many\"\n".into()));
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let project = common::write_project(&refs);
    let out = project.beside("site");
    let run = common::build_json(&project.root, &out);
    assert_eq!(run.code, 0, "{run}");
    let soa = fs::read_to_string(out.join("soa.html")).unwrap_or_default();
    let row_start = soa
        .find("<tr id=\"A.5.1\"")
        .unwrap_or_else(|| panic!("no A.5.1 row"));
    let row = &soa[row_start..row_start + soa[row_start..].find("</tr>").unwrap_or(0)];
    assert_eq!(row.matches("class=\"doc-id\"").count(), 10, "{row}");
    assert!(row.contains("POL-10") && !row.contains("POL-11"), "{row}");
    assert!(
        row.contains("<a class=\"more-documents\" href=\"controls/a-5-1.html\">and 2 more</a>"),
        "{row}"
    );
    let control = fs::read_to_string(out.join("controls/a-5-1.html")).unwrap_or_default();
    for n in 1..=12 {
        assert!(
            control.contains(&format!("POL-{n:02}")),
            "POL-{n:02} missing on the control page"
        );
    }
    // The print view's SoA and the exports list every document.
    let print = fs::read_to_string(out.join("print.html")).unwrap_or_default();
    assert!(
        print.contains("POL-12</span></td>"),
        "the print SoA lists all documents"
    );
    let csv = fs::read_to_string(out.join("soa.csv")).unwrap_or_default();
    assert!(csv.contains("POL-12"), "{csv}");
}

// ---------------------------------------------------------------------------------------
// One cause, one diagnostic for people; `annexa soa add-missing`
// ---------------------------------------------------------------------------------------

/// `annexa check DIR --today … [--format F]`.
fn check_as(dir: &Path, format: &str) -> common::Run {
    common::run([
        "check".as_ref(),
        dir.as_os_str(),
        "--today".as_ref(),
        TODAY.as_ref(),
        "--format".as_ref(),
        format.as_ref(),
    ])
}

#[test]
fn undecided_controls_are_one_diagnostic_for_people_and_one_record_each_for_tools() {
    let dir = fixture("soa-missing-decision");
    let human = check_as(&dir, "human");
    let heads: Vec<&str> = human
        .stderr
        .lines()
        .filter(|l| l.starts_with("warning[soa-missing-decision]"))
        .collect();
    assert_eq!(
        heads,
        ["warning[soa-missing-decision]: 90 controls have no decision in the SoA"],
        "{human}"
    );
    // The set lists every undecided control, in catalogue order.
    let decided = ["A.5.1", "A.6.3", "A.8.34"];
    let undecided: Vec<String> = catalogue()
        .into_iter()
        .map(|(id, _)| id)
        .filter(|id| !decided.contains(&id.as_str()))
        .collect();
    let (_, list) = human.stderr.split_once("= note: ").unwrap_or_default();
    let (list, _) = list.split_once("= help:").unwrap_or_default();
    let listed: Vec<&str> = list
        .split([',', ' ', '\n'])
        .filter(|w| !w.is_empty())
        .collect();
    assert_eq!(listed, undecided, "{human}");
    assert!(human.stderr.contains("annexa soa add-missing"), "{human}");
    assert!(
        human.stderr.contains("annexa: 0 errors, 90 warnings"),
        "the summary still counts each: {human}"
    );
    let github = check_as(&dir, "github");
    let lines = github
        .stdout
        .lines()
        .filter(|l| l.contains("title=soa-missing-decision"))
        .count();
    assert_eq!(lines, 90, "{github}");
}

#[test]
fn add_missing_writes_a_failing_stub_per_undecided_control_and_keeps_the_file() {
    let project = common::copy_fixture("soa-missing-decision");
    let soa_path = project.root.join("soa.yaml");
    let before = read(&soa_path);
    let run = common::run([
        "soa".as_ref(),
        "add-missing".as_ref(),
        project.root.as_os_str(),
    ]);
    assert_eq!(run.code, 0, "{run}");
    assert!(run.stderr.contains("added 90 decision stubs"), "{run}");
    let after = read(&soa_path);
    assert!(
        after.starts_with(&before),
        "the file's own lines (comments, order) are kept as they were:\n{after}"
    );

    // Every stub fails `check` at its `justification:` line; nothing is undecided.
    let checked = check_json(&project.root);
    assert_eq!(checked.code, 1, "{checked}");
    let diags = checked.diagnostics();
    assert!(
        !diags.iter().any(|d| d.name == "soa-missing-decision"),
        "{diags:#?}"
    );
    let stubs: Vec<&Diag> = diags
        .iter()
        .filter(|d| d.name == "soa-empty-justification")
        .collect();
    assert_eq!(stubs.len(), 90, "{checked}");
    let lines: Vec<&str> = after.lines().collect();
    for d in &stubs {
        assert_eq!(d.level, "error");
        let line = d.line.unwrap_or(0) as usize;
        assert_eq!(
            lines.get(line.wrapping_sub(1)).map(|l| l.trim()),
            Some("justification:"),
            "{d:?}"
        );
    }
    assert!(
        !diags.iter().any(|d| d.name == "soa-uncovered-control"),
        "a stub is not a decision yet, so it is not reported as uncovered either: {diags:#?}"
    );

    // Writing the reasons makes check pass again; a second run adds nothing.
    fs::write(
        &soa_path,
        after.replace("justification:\n", "justification: Needed.\n"),
    )
    .expect("write soa.yaml");
    let decided = check_json(&project.root);
    assert_eq!(decided.code, 0, "{decided}");
    assert!(!decided
        .diagnostics()
        .iter()
        .any(|d| d.name == "soa-empty-justification"));
    let again = common::run([
        "soa".as_ref(),
        "add-missing".as_ref(),
        project.root.as_os_str(),
    ]);
    assert_eq!(again.code, 0, "{again}");
    assert!(again.stderr.contains("nothing to add"), "{again}");
}

#[test]
fn add_missing_creates_soa_yaml_and_refuses_a_file_with_errors() {
    let project = common::write_project(&[(
        "policies/a.md",
        "---\nid: POL-A\ntitle: A\nstatus: draft\n---\nText.\n",
    )]);
    let run = common::run([
        "soa".as_ref(),
        "add-missing".as_ref(),
        project.root.as_os_str(),
    ]);
    assert_eq!(run.code, 0, "{run}");
    let written = read(&project.root.join("soa.yaml"));
    assert!(
        written.contains("framework: iso27001-2022\ncontrols:\n"),
        "{written}"
    );
    let stubs = check_json(&project.root)
        .diagnostics()
        .into_iter()
        .filter(|d| d.name == "soa-empty-justification")
        .count();
    assert_eq!(stubs, 93);

    let broken = common::copy_fixture("soa-invalid-soa");
    let soa_path = broken.root.join("soa.yaml");
    let before = read(&soa_path);
    let refused = common::run([
        "soa".as_ref(),
        "add-missing".as_ref(),
        broken.root.as_os_str(),
    ]);
    assert_eq!(refused.code, 2, "{refused}");
    assert!(refused.stderr.contains("soa.yaml has errors"), "{refused}");
    assert!(
        refused.stderr.contains("soa.yaml:"),
        "names the place: {refused}"
    );
    assert_eq!(read(&soa_path), before, "nothing was written");
}

/// A project's own home.html and coverage.html written for the older names of the
/// documented figures (`coverage.covered`, `percent`, `bar`) still render, with the
/// documented figures: A.5.1 of the fixture is listed by an approved policy, A.5.2 only by
/// a draft, A.5.3 by nothing.
#[test]
fn project_templates_using_the_older_coverage_names_still_render() {
    let project = common::copy_fixture("soa-uncovered-control");
    fs::create_dir_all(project.root.join("static")).expect("create static/");
    project.write(
        "templates/home.html",
        "{% extends \"base.html\" %}{% block content %}<p id=\"old\">{{ coverage.covered }} of \
         {{ coverage.applicable }}, {{ coverage.percent }}%, {{ coverage.gaps }} gaps</p>\
         {{ coverage.bar | safe }}{% endblock content %}",
    );
    project.write(
        "templates/coverage.html",
        "{% extends \"base.html\" %}{% block content %}{% for t in themes %}<p id=\"old-{{ t.key \
         }}\">{{ t.figures.covered }}: {{ t.percent }}%</p>{{ t.bar | safe }}{% endfor %}\
         <p id=\"old-all\">{{ overall.figures.covered }}: {{ overall.percent }}%</p>\
         {% endblock content %}",
    );
    let (_tmp, site) = build(&project.root, &[]);
    let home = read(&site.join("index.html"));
    assert!(
        home.contains("<p id=\"old\">1 of 3, 33%, 2 gaps</p>"),
        "{home}"
    );
    assert!(home.contains("<svg class=\"bar\""), "{home}");
    let coverage = read(&site.join("coverage.html"));
    assert!(
        coverage.contains("<p id=\"old-organizational\">1: 33%</p>"),
        "{coverage}"
    );
    assert!(
        coverage.contains("<p id=\"old-all\">1: 33%</p>"),
        "{coverage}"
    );
}

// ---------------------------------------------------------------------------------------
// Frameworks with their own decisions (tests/fixtures/frameworks)
// ---------------------------------------------------------------------------------------

/// The acme-baseline figures of the fixture, recomputed from its YAML and the documents'
/// front matter: (controls, applicable, excluded, documented, via mapping only, gaps).
fn acme_figures(project: &Path) -> [usize; 6] {
    let framework: Value =
        serde_yaml::from_str(&read(&project.join("frameworks/acme-baseline.yaml"))).unwrap();
    let decisions: Value =
        serde_yaml::from_str(&read(&project.join("applicability/acme-baseline.yaml"))).unwrap();
    let mut listed: BTreeSet<String> = BTreeSet::new();
    for entry in fs::read_dir(project.join("policies")).unwrap().flatten() {
        let front = front_matter(&read(&entry.path())).unwrap();
        if front["status"].as_str() != Some("approved") {
            continue;
        }
        for control in front["controls"].as_sequence().unwrap() {
            let id = control.as_str().unwrap().to_uppercase();
            listed.insert(id.trim_start_matches("ACME-BASELINE:").to_string());
        }
    }
    let mapped_to = |id: &str| -> Vec<String> {
        framework["mappings"]
            .as_sequence()
            .unwrap()
            .iter()
            .filter(|m| m["from"].as_str() == Some(id))
            .map(|m| {
                let to = m["to"].as_str().unwrap();
                to.split_once(':').unwrap().1.to_uppercase()
            })
            .collect()
    };
    let mut figures = [0; 6];
    for control in framework["controls"].as_sequence().unwrap() {
        let id = control["id"].as_str().unwrap();
        figures[0] += 1;
        match decisions["controls"][id]["applicable"].as_bool() {
            Some(true) => figures[1] += 1,
            Some(false) => {
                figures[2] += 1;
                continue;
            }
            None => continue,
        }
        if listed.contains(id) {
            figures[3] += 1;
        } else if mapped_to(id).iter().any(|m| listed.contains(m)) {
            figures[4] += 1;
        } else {
            figures[5] += 1;
        }
    }
    figures
}

#[test]
fn a_framework_with_its_own_decisions_gets_pages_with_coverage_via_mapping_apart() {
    let project = fixture("frameworks");
    let out = common::tempdir();
    let site = out.path().join("site");
    let built = common::build_json(&project, &site);
    assert_eq!(built.code, 0, "{built}");
    let page = read(&site.join("frameworks/acme-baseline/index.html"));
    let [controls, applicable, excluded, documented, via, gaps] = acme_figures(&project);
    assert_eq!(
        [controls, applicable, excluded, documented, via, gaps],
        [5, 4, 1, 2, 1, 1]
    );
    let total_row = page
        .split("<tr id=\"group-all\">")
        .nth(1)
        .and_then(|rest| rest.split("</tr>").next())
        .expect("the total row");
    let cells: Vec<String> = total_row
        .split("<td>")
        .skip(1)
        .map(|c| c.split('<').next().unwrap_or("").to_string())
        .collect();
    assert_eq!(
        cells[..6],
        [controls, applicable, excluded, documented, via, gaps].map(|n| n.to_string())
    );
    let model: serde_json::Value = serde_json::from_str(&read(&site.join("annexa.json"))).unwrap();
    let acme = model["frameworks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == "acme-baseline")
        .expect("acme-baseline in annexa.json");
    let json_figures = [
        "controls",
        "applicable",
        "excluded",
        "documented",
        "via_mapping",
        "gaps",
    ]
    .map(|k| acme["coverage"][k].as_u64().unwrap() as usize);
    assert_eq!(
        json_figures,
        [controls, applicable, excluded, documented, via, gaps]
    );
    let csv = read(&site.join("frameworks/acme-baseline/acme-baseline.csv"));
    assert!(
        csv.contains("IAM-03,Identity and access,Privileged access is separate,yes,partial,"),
        "{csv}"
    );
    assert!(
        csv.contains("iso27001-2022:A.8.2 (STD-ADM),via mapping only"),
        "{csv}"
    );
    // The control covered only through a mapping says so, and names the path.
    let iam03 = read(&site.join("frameworks/acme-baseline/iam-03.html"));
    assert!(iam03.contains("Via mapping only"), "{iam03}");
    assert!(iam03.contains("ISO/IEC 27001:2022 Annex A</td><td><a href=\"../../controls/a-8-2.html\"><span class=\"control-id\">A.8.2</span>"), "{iam03}");
    assert!(iam03.contains("STD-ADM"), "{iam03}");
    assert!(
        iam03.contains("Administrators use separate accounts"),
        "{iam03}"
    );
    assert!(iam03.contains("Owner team"), "{iam03}");
    // A document citing a CSF id and an ISO id lands on both coverage pages.
    let csf = read(&site.join("frameworks/nist-csf-2.0/pr-aa-01.html"));
    assert!(csf.contains("POL-AC"), "{csf}");
    let iso = read(&site.join("controls/a-5-15.html"));
    assert!(iso.contains("POL-AC"));
    // Every framework is in the navigation, and every link of the site resolves.
    let home = read(&site.join("index.html"));
    assert!(home.contains("frameworks/acme-baseline/index.html"));
    assert!(home.contains("frameworks/nist-csf-2.0/index.html"));
    // A finding on a decision of applicability/acme-baseline.yaml links to its control.
    assert!(home.contains("<a href=\"frameworks/acme-baseline/iam-03.html\">IAM-03 Privileged access is separate is applicable"), "{home}");
    let broken = check_links(&site);
    assert!(broken.is_empty(), "{broken:#?}");
}

#[test]
fn applicability_lints_apply_to_every_framework() {
    let project = fixture("frameworks");
    let checked = check_json(&project);
    let got: Vec<(String, String)> = checked
        .diagnostics()
        .iter()
        .map(|d| (d.name.clone(), d.message.clone()))
        .collect();
    let has = |name: &str, part: &str| got.iter().any(|(n, m)| n == name && m.contains(part));
    assert!(has("soa-uncovered-control", "IAM-03"), "{got:#?}");
    assert!(has("soa-uncovered-control", "OPS-01"), "{got:#?}");
    assert!(!has("soa-uncovered-control", "IAM-01"), "{got:#?}");
    // 104 CSF subcategories are undecided.
    let csf_undecided = got
        .iter()
        .filter(|(n, m)| {
            n == "soa-missing-decision" && m.contains("applicability/nist-csf-2.0.yaml")
        })
        .count();
    assert_eq!(csf_undecided, 104);
}

// ---------------------------------------------------------------------------------------
// The SoA as a controlled document; reasons for inclusion
// ---------------------------------------------------------------------------------------

/// `annexa check --format json` of a project made of `soa` and a one-line annexa.toml.
fn check_soa(soa: &str) -> Vec<Diag> {
    let project = common::write_project(&[
        (
            "annexa.toml",
            "title = \"T\"\nroles = [\"CISO\", \"CEO\"]\n",
        ),
        ("soa.yaml", soa),
    ]);
    let run = check_json(&project.root);
    assert!(!run.panicked(), "{run}");
    run.diagnostics()
        .into_iter()
        .filter(|d| d.name != "soa-missing-decision" && d.name != "soa-uncovered-control")
        .collect()
}

#[test]
fn bad_document_control_values_of_soa_yaml_are_placed_with_how_to_fix() {
    let soa = "framework: iso27001-2022
version: \"2026.1\"
owner: CISO
approver: CEOO
approved: 2026-02-30
review_every: every year
last_reveiwed: 2026-01-01
history:
  - { version: \"2026.1\", date: 01.02.2026, change: First issue }
controls:
  A.5.1: { applicable: true, reasons: [legal, contractal] }
";
    let diags = check_soa(soa);
    let mut got: Vec<(&str, Option<u64>, Option<u64>)> = diags
        .iter()
        .map(|d| (d.name.as_str(), d.line, d.column))
        .collect();
    got.sort();
    assert_eq!(
        got,
        [
            ("invalid-date", Some(5), Some(11)),
            ("invalid-date", Some(9), Some(32)),
            ("invalid-soa", Some(6), Some(15)),
            ("invalid-soa", Some(11), Some(47)),
            ("unknown-field", Some(7), Some(1)),
            ("unknown-owner", Some(4), Some(11)),
        ],
        "{diags:#?}"
    );
    let help = |name: &str, line: u64| {
        diags
            .iter()
            .find(|d| d.name == name && d.line == Some(line))
            .and_then(|d| d.help.clone())
            .unwrap_or_default()
    };
    assert!(help("invalid-date", 5).contains("YYYY-MM-DD"), "{diags:#?}");
    assert!(help("invalid-soa", 6).contains("12 months"), "{diags:#?}");
    assert_eq!(help("unknown-field", 7), "did you mean `last_reviewed`?");
    assert_eq!(help("unknown-owner", 4), "did you mean `CEO`?");
    let reason = help("invalid-soa", 11);
    assert!(
        reason.contains("did you mean `contractual`?")
            && reason.contains("legal, contractual, business, risk"),
        "{reason}"
    );
    assert!(
        diags.iter().all(|d| d.file.as_deref() == Some("soa.yaml")),
        "{diags:#?}"
    );
}

#[test]
fn an_applicable_control_needs_reasons_or_a_justification() {
    let soa = "framework: iso27001-2022
controls:
  A.5.1: { applicable: true, status: implemented }
  A.5.2: { applicable: true, reasons: [business] }
  A.5.3: { applicable: true, justification: Clause 5.3. }
  A.5.4: { applicable: true, reasons: [] }
  A.7.4: { applicable: false, justification: No premises. }
";
    let diags = check_soa(soa);
    assert_eq!(
        places(&diags, "soa-missing-reason"),
        [
            ("warning", "soa.yaml", Some(3), Some(3)),
            ("warning", "soa.yaml", Some(6), Some(3)),
        ],
        "{diags:#?}"
    );
    assert_only(&diags, &["soa-missing-reason"]);
    let lints = common::run(["lints"]);
    assert!(
        lints.stdout.contains("soa-missing-reason")
            && lints.stdout.contains("soa-changed-after-approval"),
        "the registry lists the new lints:\n{lints}"
    );
}

#[test]
fn an_soa_changed_after_approval_and_overdue_for_review_is_reported() {
    let soa = "framework: iso27001-2022
version: \"2025.2\"
owner: CISO
approver: CEO
approved: 2025-03-01
last_reviewed: 2025-03-01
review_every: 6 months
history:
  - { version: \"2025.1\", date: 2025-03-01, change: First issue }
  - { version: \"2025.2\", date: 2025-09-15, change: A.8.23 added }
controls:
  A.5.1: { applicable: true, justification: Clause 5.2. }
";
    let diags = check_soa(soa);
    assert_eq!(
        places(&diags, "soa-changed-after-approval"),
        [("warning", "soa.yaml", Some(5), Some(1))],
        "{diags:#?}"
    );
    let changed = diags
        .iter()
        .find(|d| d.name == "soa-changed-after-approval")
        .map(|d| d.message.as_str());
    assert_eq!(
        changed,
        Some("the SoA changed on 2025-09-15 (history), after its approval on 2025-03-01")
    );
    assert_eq!(
        places(&diags, "review-overdue"),
        [("warning", "soa.yaml", Some(6), Some(1))],
        "the SoA was due on 2025-09-01: {diags:#?}"
    );
    assert_only(&diags, &["soa-changed-after-approval", "review-overdue"]);
    // The SoA page says so above the table, with the overdue review.
    let project = common::write_project(&[("annexa.toml", "title = \"T\"\n"), ("soa.yaml", soa)]);
    let (_tmp, site) = build(&project.root, &[]);
    let page = strip_tags(&read(&site.join("soa.html")));
    assert!(
        page.contains("Changed after approval — the history records a change on 2025-09-15, after the approval on 2025-03-01."),
        "{page}"
    );
    assert!(
        page.contains("Next review 2025-09-01 Review overdue"),
        "{page}"
    );
    // Approved on the day of the last change, reviewed in time: nothing to report.
    let fixed = soa
        .replace("approved: 2025-03-01", "approved: 2025-09-15")
        .replace("last_reviewed: 2025-03-01", "last_reviewed: 2026-09-01");
    assert_eq!(check_soa(&fixed), [], "nothing to report");
}

#[test]
fn the_soa_page_and_print_view_show_its_document_control_and_reasons() {
    let project = common::write_project(&[
        ("annexa.toml", "title = \"T\"\n"),
        (
            "soa.yaml",
            "framework: iso27001-2022
version: \"2026.3\"
owner: Head of IT
approver: Management Board
approved: 2026-10-01
last_reviewed: 2026-10-01
review_every: 12 months
history:
  - { version: \"2026.3\", date: 2026-10-01, change: Yearly review of the SoA, author: Head of IT }
controls:
  A.5.1: { applicable: true, reasons: [legal, risk], justification: Clause 5.2. }
",
        ),
    ]);
    let (_tmp, site) = build(&project.root, &[]);
    let soa = read(&site.join("soa.html"));
    let start = soa
        .find("class=\"soa-control\"")
        .expect("a document-control block");
    let block = &soa[start..start + soa[start..].find("</section>").unwrap_or(0)];
    let text = common::decode_entities(&strip_tags(block));
    for expected in [
        "Version 2026.3",
        "Owner Head of IT",
        "Approver Management Board",
        "Approved 2026-10-01",
        "Next review 2027-10-01 In date",
    ] {
        assert!(
            text.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .contains(expected),
            "{expected:?} in {text}"
        );
    }
    let history = soa
        .find("id=\"soa-history-heading\"")
        .map(|i| &soa[i..])
        .expect("the SoA's history");
    assert!(
        history.contains("<td>Yearly review of the SoA</td><td>Head of IT</td>"),
        "{history}"
    );
    let row = row_cells(&soa, "A.5.1");
    assert!(
        row.iter().any(|c| c == "Legal Risk"),
        "reasons column: {row:?}"
    );
    let print = read(&site.join("print.html"));
    let section = &print[print
        .find("id=\"print-soa\"")
        .expect("the SoA in print.html")..];
    assert!(
        section.contains("<dt>Version</dt><dd>2026.3</dd>")
            && section.contains("History of the Statement of Applicability")
            && section.contains("Yearly review of the SoA"),
        "{section}"
    );
}
