//! Risks as records (DESIGN.md, "Risks"): every risk lint at its place on a fixture, bad
//! criteria and bad fields, the register's heat maps against an independent recount of the
//! files, the exports read back, calendars, the SoA's risks, and the spreadsheet import.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use common::*;

fn places(run: &Run, keep: impl Fn(&str) -> bool) -> Vec<(String, String, u64, u64)> {
    run.diagnostics()
        .into_iter()
        .filter(|d| keep(&d.name))
        .map(|d| {
            (
                d.name.clone(),
                d.file.clone().unwrap_or_default(),
                d.line.unwrap_or(0),
                d.column.unwrap_or(0),
            )
        })
        .collect()
}

fn place(name: &str, file: &str, line: u64, column: u64) -> (String, String, u64, u64) {
    (name.into(), file.into(), line, column)
}

#[test]
fn every_risk_lint_is_reported_at_its_place() {
    let run = check_json(&fixture("risks"));
    assert_eq!(run.code, 1, "{run}");
    let mut found = places(&run, |n| {
        n.starts_with("risk-") || n == "review-overdue" || n == "soa-missing-reason"
    });
    found.sort();
    let mut expected = vec![
        place("risk-above-appetite", "risks/R-02.md", 9, 11),
        place("risk-acceptance-not-allowed", "risks/R-03.md", 9, 19),
        place("risk-acceptance-expired", "risks/R-04.md", 8, 13),
        place("risk-acceptance-expiring", "risks/R-05.md", 8, 13),
        place("risk-residual-above-inherent", "risks/R-06.md", 9, 11),
        place("risk-treatment-incomplete", "risks/R-07.md", 7, 1),
        place("risk-treatment-incomplete", "risks/R-08.md", 7, 1),
        place("risk-action-overdue", "risks/R-09.md", 9, 5),
        place("risk-control-excluded", "risks/R-10.md", 8, 20),
        place("risk-closed-with-open-actions", "risks/R-11.md", 10, 5),
        place("risk-out-of-scale", "risks/R-12.md", 6, 25),
        place("risk-out-of-scale", "risks/R-12.md", 6, 36),
        place("review-overdue", "risks/R-13.md", 5, 1),
        // A.8.16 has no reason and no risk selects it; A.8.13 and A.8.15 are selected by
        // which is their reason.
        place("soa-missing-reason", "soa.yaml", 16, 3),
    ];
    expected.sort();
    assert_eq!(found, expected, "{run}");
    let diagnostics = run.diagnostics();
    let scale = diagnostics
        .iter()
        .find(|d| d.name == "risk-out-of-scale" && d.column == Some(36))
        .expect("impact diagnostic");
    assert_eq!(
        scale.help.as_deref(),
        Some("did you mean `Severe`? write a number from 1 to 5 or one of: Negligible, Minor, Moderate, Major, Severe (risk-criteria.yaml)")
    );
    let authority = diagnostics
        .iter()
        .find(|d| d.name == "risk-acceptance-not-allowed")
        .expect("acceptance diagnostic");
    assert_eq!(
        authority.help.as_deref(),
        Some("risk-criteria.yaml lets CEO accept a High risk")
    );
    // The excluded control is not also reported as a document implementing it.
    assert!(!diagnostics
        .iter()
        .any(|d| d.name == "soa-excluded-but-referenced"));
    // Records have their own status: no `missing-status` for risks written without one.
    assert!(!diagnostics.iter().any(|d| d.name == "missing-status"));
}

const CRITERIA: &str = "likelihood: [Rare, Unlikely, Possible, Likely, Almost certain]
impact: [Negligible, Minor, Moderate, Major, Severe]
levels: [{ name: Low, max: 4 }, { name: Medium, max: 9 }, { name: High, max: 15 }, { name: Critical, max: 25 }]
appetite: Medium
acceptance: { Low: [Risk owner], Medium: [CISO], High: [CEO], Critical: [] }
";

#[test]
fn bad_risk_fields_are_reported_where_written() {
    let project = write_project(&[
        ("risk-criteria.yaml", CRITERIA),
        (
            "risks/R-1.md",
            "---\nid: R-1\ntitle: T\nowner: CISO\nstatus: opened\nidentified: 2026-02-30\ntreatment: mitigat\ninherent: { likelihood: 2 }\nactions: [{ action: A, due: soon }]\nacceptance: { date: 2026-01-01 }\nresidual: 3\nthreats: x\n---\n",
        ),
    ]);
    let run = check_json(&project.root);
    let mut found = places(&run, |n| n != "soa-missing-decision");
    found.sort();
    // One mistake, one diagnostic: the misspelt treatment is not also "no treatment".
    let mut expected = vec![
        place("invalid-front-matter", "risks/R-1.md", 5, 9),
        place("invalid-date", "risks/R-1.md", 6, 13),
        place("invalid-front-matter", "risks/R-1.md", 7, 12),
        place("invalid-front-matter", "risks/R-1.md", 8, 11),
        place("invalid-date", "risks/R-1.md", 9, 29),
        place("invalid-front-matter", "risks/R-1.md", 10, 13),
        place("invalid-front-matter", "risks/R-1.md", 11, 11),
        place("unknown-field", "risks/R-1.md", 12, 1),
        place("never-reviewed", "risks/R-1.md", 2, 1),
    ];
    expected.sort();
    assert_eq!(found, expected, "{run}");
    let diagnostics = run.diagnostics();
    let help = |line: u64| {
        diagnostics
            .iter()
            .find(|d| d.line == Some(line))
            .and_then(|d| d.help.clone())
            .unwrap_or_default()
    };
    assert!(help(5).starts_with("did you mean `open`?"), "{}", help(5));
    assert!(
        help(7).starts_with("did you mean `mitigate`?"),
        "{}",
        help(7)
    );
    assert_eq!(help(12), "did you mean `threat`?");
}

#[test]
fn unusable_criteria_are_errors_and_missing_criteria_are_reported_once() {
    let risk = "---\nid: R-1\ntitle: T\nowner: CISO\nlast_reviewed: 2026-01-01\ninherent: { likelihood: 2, impact: 2 }\ntreatment: avoid\n---\n";
    let project = write_project(&[
        (
            "risk-criteria.yaml",
            "likelihood: [A, B]\nimpact: [a, b, c]\nlevels: [{ name: Low, max: 9 }]\nappetite: Low\n",
        ),
        ("risks/R-1.md", risk),
        ("risks/R-2.md", &risk.replace("R-1", "R-2")),
    ]);
    let run = check_json(&project.root);
    assert_eq!(run.code, 1, "{run}");
    let found = places(&run, |n| n.contains("criteria"));
    assert_eq!(
        found,
        vec![
            place("invalid-risk-criteria", "risk-criteria.yaml", 1, 13),
            place("invalid-risk-criteria", "risk-criteria.yaml", 3, 9),
        ],
        "{run}"
    );
    let out = project.beside("site");
    let built = build_json(&project.root, &out);
    assert_eq!(
        built.code, 1,
        "an unusable risk-criteria.yaml fails the build\n{built}"
    );
    assert!(!out.exists());

    fs::remove_file(project.root.join("risk-criteria.yaml")).unwrap();
    let run = check_json(&project.root);
    assert_eq!(
        places(&run, |n| n.contains("criteria")),
        vec![place("missing-risk-criteria", "risks/R-1.md", 1, 1)],
        "{run}"
    );
}

/// A risk file of content-example, read independently of annexa.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
struct ExampleRisk {
    id: String,
    open: bool,
    /// (likelihood, impact) of the residual rating, else the inherent.
    current: (u32, u32),
    inherent: (u32, u32),
}

fn example_risks() -> Vec<ExampleRisk> {
    let dir = content_example().join("risks");
    let mut out = Vec::new();
    for entry in fs::read_dir(&dir).unwrap() {
        let text = fs::read_to_string(entry.unwrap().path()).unwrap();
        let yaml = text.split("---").nth(1).unwrap();
        let front: serde_yaml::Value = serde_yaml::from_str(yaml).unwrap();
        let rating = |key: &str| {
            front.get(key).map(|r| {
                (
                    r["likelihood"].as_u64().unwrap() as u32,
                    r["impact"].as_u64().unwrap() as u32,
                )
            })
        };
        let inherent = rating("inherent").expect("every example risk is rated");
        out.push(ExampleRisk {
            id: front["id"].as_str().unwrap().to_string(),
            open: front.get("status").and_then(|s| s.as_str()) != Some("closed"),
            current: rating("residual").unwrap_or(inherent),
            inherent,
        });
    }
    out.sort();
    out
}

/// The cells of a heat map on risks.html: anchor → risk ids.
fn cells(html: &str, which: &str) -> BTreeMap<String, BTreeSet<String>> {
    let mut out = BTreeMap::new();
    let needle = format!("<li id=\"{which}-l");
    for piece in html.split(needle.as_str()).skip(1) {
        let (anchor, rest) = piece.split_once('"').unwrap();
        let item = rest.split("</li>").next().unwrap();
        let ids: BTreeSet<String> = item
            .split("\">")
            .skip(1)
            .filter_map(|p| p.split_once("</a>").map(|(id, _)| id.to_string()))
            .collect();
        out.insert(format!("l{anchor}"), ids);
    }
    out
}

#[test]
fn the_register_heat_maps_and_exports_match_the_files() {
    let tmp = tempdir();
    let site = tmp.path().join("site");
    let run = build_json(&content_example(), &site);
    assert_eq!(run.code, 0, "{run}");
    let risks = example_risks();
    assert!((15..=25).contains(&risks.len()));
    let html = fs::read_to_string(site.join("risks.html")).unwrap();

    // Heat maps: every open risk in the cell of its rating, from the files.
    let rating = |risk: &ExampleRisk, which: &str| {
        if which == "inherent" {
            risk.inherent
        } else {
            risk.current
        }
    };
    for which in ["inherent", "residual"] {
        let mut expected: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for risk in risks.iter().filter(|r| r.open) {
            let (l, i) = rating(risk, which);
            expected
                .entry(format!("l{l}-i{i}"))
                .or_default()
                .insert(risk.id.clone());
        }
        assert_eq!(cells(&html, which), expected, "{which} heat map");
    }
    let open = risks.iter().filter(|r| r.open).count();
    assert!(
        html.contains(&format!(
            "{} risks: {open} open, {} closed",
            risks.len(),
            risks.len() - open
        )),
        "the register's summary"
    );
    assert!(html.contains("R-20</a>") && html.contains("above appetite"));
    for ExampleRisk { id, .. } in &risks {
        assert!(
            html.contains(&format!("id=\"risk-{id}\"")),
            "{id} is a row of the register"
        );
    }

    // The treatment plan: the overdue action first.
    let plan = fs::read_to_string(site.join("risk-treatment.html")).unwrap();
    let first_row = plan
        .split("<tbody>")
        .nth(1)
        .unwrap()
        .split("</tr>")
        .next()
        .unwrap();
    assert!(
        first_row.contains("action-overdue") && first_row.contains("RT-08-3"),
        "{first_row}"
    );

    // risks.csv: one row per risk, with the same ids.
    let csv = fs::read_to_string(site.join("risks.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    let ids: Vec<String> = reader
        .records()
        .map(|r| r.unwrap()[0].to_string())
        .collect();
    assert_eq!(ids, risks.iter().map(|r| r.id.clone()).collect::<Vec<_>>());

    // risks.xlsx read back: the sheets, every risk, the matrices' counts.
    use calamine::{Reader, Xlsx};
    let mut book: Xlsx<_> = calamine::open_workbook(site.join("risks.xlsx")).unwrap();
    assert_eq!(
        book.sheet_names(),
        vec![
            "Legend",
            "Inherent matrix",
            "Residual matrix",
            "Risks",
            "Treatment plan"
        ]
    );
    let rows = book.worksheet_range("Risks").unwrap();
    assert_eq!(rows.height(), risks.len() + 1);
    for (sheet, which) in [
        ("Inherent matrix", "inherent"),
        ("Residual matrix", "residual"),
    ] {
        let range = book.worksheet_range(sheet).unwrap();
        // Row 3 is likelihood 5, column 1 impact 1.
        for risk in risks.iter().filter(|r| r.open) {
            let (l, i) = rating(risk, which);
            let expected = risks
                .iter()
                .filter(|r| r.open && rating(r, which) == (l, i))
                .count();
            let cell = range.get_value((3 + (5 - l), i)).unwrap();
            assert_eq!(cell.to_string(), expected.to_string(), "{sheet} l{l} i{i}");
        }
    }

    // annexa.json has the risks, the calendar the open actions with a due date.
    let json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(site.join("annexa.json")).unwrap()).unwrap();
    assert_eq!(json["risks"].as_array().unwrap().len(), risks.len());
    let r20 = json["risks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "R-20")
        .unwrap();
    assert_eq!(r20["above_appetite"], true);
    let ics = fs::read_to_string(site.join("reviews.ics")).unwrap();
    assert!(
        ics.contains("SUMMARY:OVERDUE: Treatment action RT-08-3 of R-08"),
        "{ics}"
    );

    // The SoA and the control pages say which risks selected a control.
    let soa = fs::read_to_string(site.join("soa.html")).unwrap();
    let row = soa
        .split("<tr id=\"A.8.11\"")
        .nth(1)
        .unwrap()
        .split("</tr>")
        .next()
        .unwrap();
    assert!(row.contains(">R-05</a>"), "{row}");
    let control = fs::read_to_string(site.join("controls/a-8-11.html")).unwrap();
    assert!(control.contains("Risks that selected this control") && control.contains("R-05"));

    // Every link of the new pages resolves.
    let broken = check_links(&site);
    assert!(broken.is_empty(), "{broken:#?}");
}

/// A register as teams keep it: a title row, a merged group heading over the ratings, a
/// blank row, dates as text and as date cells.
fn messy_register(path: &Path) {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Register").unwrap();
    sheet
        .write_string(0, 0, "Northwind risk register (exported)")
        .unwrap();
    let merged = Format::new().set_bold();
    sheet.merge_range(1, 4, 1, 5, "Inherent", &merged).unwrap();
    sheet.merge_range(1, 7, 1, 8, "Residual", &merged).unwrap();
    let headings = [
        "Ref",
        "Risk description",
        "Risk owner",
        "Date raised",
        "Likelihood",
        "Impact",
        "Treatment option",
        "Likelihood",
        "Impact",
        "Annex A controls",
        "Comments",
        "Colour",
    ];
    for (col, h) in headings.iter().enumerate() {
        sheet.write_string(2, col as u16, *h).unwrap();
    }
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let rows: [[&str; 12]; 3] = [
        [
            "R-101",
            "Ransomware encrypts the file server",
            "CISO",
            "",
            "4",
            "5",
            "Reduce",
            "2",
            "4",
            "A.8.13, A.5.17",
            "Backups are offline.",
            "red",
        ],
        [
            "",
            "Phishing of finance staff",
            "CEO",
            "15.03.2026",
            "Likely",
            "Major",
            "Retain",
            "",
            "",
            "",
            "",
            "",
        ],
        [
            "R-103",
            "Laptop theft",
            "",
            "31/02/2026",
            "12",
            "3",
            "Share",
            "",
            "",
            "",
            "",
            "",
        ],
    ];
    for (r, row) in rows.iter().enumerate() {
        // A blank row between the first and the others.
        let at = 3 + r as u32 + u32::from(r > 0);
        for (col, value) in row.iter().enumerate() {
            if !value.is_empty() {
                sheet.write_string(at, col as u16, *value).unwrap();
            }
        }
    }
    sheet
        .write_datetime_with_format(3, 3, ExcelDateTime::from_ymd(2026, 2, 10).unwrap(), &date)
        .unwrap();
    book.save(path).unwrap();
}

#[test]
fn a_spreadsheet_register_is_imported_and_checked() {
    let project = write_project(&[("risk-criteria.yaml", CRITERIA)]);
    let register = project.beside("register.xlsx");
    messy_register(&register);
    let root = project.root.to_string_lossy().into_owned();
    let file = register.to_string_lossy().into_owned();
    let imported = run([
        "import",
        "risks",
        &file,
        "--into",
        &root,
        "--today",
        "2026-11-25",
    ]);
    assert_eq!(imported.code, 0, "{imported}");
    let run = imported;
    let written: BTreeSet<String> = fs::read_dir(project.root.join("risks"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        written,
        ["R-001.md", "R-101.md", "R-103.md"]
            .map(String::from)
            .into()
    );
    // Problems name the row and column as the spreadsheet shows them.
    assert!(
        run.stderr
            .contains("row 7, column D (\"Date raised\"): `31/02/2026` is not a date"),
        "{run}"
    );
    assert!(
        run.stderr
            .contains("row 7, column E (\"Likelihood\"): `12` is not on"),
        "{run}"
    );
    assert!(
        run.stderr.contains("column L (\"Colour\") is not imported"),
        "{run}"
    );
    let r101 = fs::read_to_string(project.root.join("risks/R-101.md")).unwrap();
    assert!(r101.contains("identified: 2026-02-10\n"), "{r101}");
    assert!(
        r101.contains("inherent: { likelihood: 4, impact: 5 }"),
        "{r101}"
    );
    assert!(
        r101.contains("residual: { likelihood: 2, impact: 4 }"),
        "{r101}"
    );
    assert!(
        r101.contains("controls: [\"A.8.13\", \"A.5.17\"]"),
        "{r101}"
    );
    let r001 = fs::read_to_string(project.root.join("risks/R-001.md")).unwrap();
    assert!(
        r001.contains("identified: 2026-03-15\n") && r001.contains("treatment: accept\n"),
        "{r001}"
    );

    // The result checks: what is left to fill in is reported, nothing is unreadable.
    let check = check_json(&project.root);
    let names: BTreeSet<String> = check.diagnostics().into_iter().map(|d| d.name).collect();
    for unreadable in ["invalid-front-matter", "invalid-date", "unknown-field"] {
        assert!(!names.contains(unreadable), "{check}");
    }
    assert!(
        names.contains("risk-treatment-incomplete"),
        "R-001 is accepted without an acceptance\n{check}"
    );

    // A second import replaces nothing.
    let before = fs::read(project.root.join("risks/R-101.md")).unwrap();
    let again = common::run([
        "import",
        "risks",
        &file,
        "--into",
        &root,
        "--today",
        "2026-11-25",
    ]);
    assert_eq!(again.code, 0, "{again}");
    assert!(
        again
            .stderr
            .contains("risks/R-101.md exists and was left unchanged"),
        "{again}"
    );
    assert_eq!(
        fs::read(project.root.join("risks/R-101.md")).unwrap(),
        before
    );
}

#[test]
fn import_errors_say_what_to_do() {
    let project = write_project(&[("notes.txt", "x")]);
    let root = project.root.to_string_lossy().into_owned();
    let cases: [(&[&str], &str); 4] = [
        (
            &["import", "risks", "missing.csv", "--into", &root],
            "cannot read missing.csv",
        ),
        (
            &["import", "risks", "register.ods", "--into", &root],
            "annexa reads .csv and .xlsx files",
        ),
        (
            &[
                "import", "risks", "x.csv", "--map", "nothing", "--into", &root,
            ],
            "write it as COLUMN=FIELD",
        ),
        (
            &["import", "risks", "x.csv", "--into", "/nonexistent/folder"],
            "is not a folder",
        ),
    ];
    for (args, message) in cases {
        let run = run(args);
        assert_eq!(run.code, 2, "{args:?}\n{run}");
        assert!(run.stderr.contains(message), "{args:?}\n{run}");
        assert!(!run.panicked());
    }
    let csv = project.root.join("plain.csv");
    fs::write(&csv, "a,b\n1,2\n").unwrap();
    let run = run(["import", "risks", &csv.to_string_lossy(), "--into", &root]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("looks like column headings"), "{run}");
}

/// A risk page links each of its `assets:` to its row of the asset inventory.
#[test]
fn risk_pages_link_their_assets_to_the_inventory() {
    let dir = tempdir();
    let site = dir.path().join("site");
    let run = build_json(&content_example(), &site);
    assert!(run.code <= 1, "{run}");
    let inventory = fs::read_to_string(site.join("assets.html")).unwrap();
    let mut checked = 0;
    for entry in fs::read_dir(content_example().join("risks")).unwrap() {
        let path = entry.unwrap().path();
        let text = fs::read_to_string(&path).unwrap();
        let Some(line) = text.lines().find(|l| l.starts_with("assets:")) else {
            continue;
        };
        let ids: Vec<String> = line["assets:".len()..]
            .trim()
            .trim_matches(['[', ']'])
            .split(',')
            .map(|s| s.trim().trim_matches(['"', '\'']).to_string())
            .filter(|s| !s.is_empty())
            .collect();
        let id = text
            .lines()
            .find_map(|l| l.strip_prefix("id: "))
            .unwrap()
            .trim()
            .to_lowercase();
        let page = fs::read_to_string(site.join(format!("docs/{id}.html"))).unwrap();
        for asset in &ids {
            let anchor = format!("asset-{}", asset.to_lowercase());
            assert!(
                page.contains(&format!(
                    "href=\"../assets.html#{anchor}\"><code>{asset}</code>"
                )),
                "{id} does not link {asset}"
            );
            assert!(
                inventory.contains(&format!("id=\"{anchor}\"")),
                "no row {anchor}"
            );
            checked += 1;
        }
    }
    assert!(checked >= 20, "only {checked} asset links checked");
}
