//! Objectives, KPIs and incidents (DESIGN.md, "Objectives, KPIs and measurements"): every lint
//! at its place on a fixture, bad files at file:line:col, MTTD and MTTR against an independent
//! computation from the same CSV, the charts' points read back from the SVG, the exports.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use common::*;

fn ours(name: &str) -> bool {
    name.starts_with("kpi-")
        || name.starts_with("objective-")
        || name.starts_with("invalid-")
        || name == "unknown-kpi"
        || name == "unknown-field"
        || name == "broken-reference"
}

#[test]
fn every_objective_and_kpi_lint_is_reported_at_its_place() {
    let run = check_json(&fixture("objectives"));
    assert_eq!(run.code, 1, "{run}");
    let mut expected = vec![
        place("objective-overdue", "objectives.yaml", 13, 10),
        place("objective-without-kpi", "objectives.yaml", 15, 9),
        place("unknown-kpi", "objectives.yaml", 24, 23),
        place("kpi-off-target", "objectives.yaml", 38, 11),
        place("kpi-measurement-missing", "objectives.yaml", 42, 11),
        place("kpi-without-data", "objectives.yaml", 44, 11),
        // INC-03 names a nonconformity the project does not have; NC-2026-001 (of INC-06
        // and KPI-PHISH) is a record.
        place("broken-reference", "incidents.csv", 4, 91),
    ];
    expected.sort();
    assert_eq!(places(&run, ours), expected, "{run}");
    let diagnostics = run.diagnostics();
    let message = |name: &str| {
        diagnostics
            .iter()
            .find(|d| d.name == name)
            .map(|d| (d.message.clone(), d.help.clone().unwrap_or_default()))
            .unwrap()
    };
    // Off target for four quarters in a row; KPI-PHISH is off target too but has its
    // nonconformity, KPI-DOCS its action.
    assert!(message("kpi-off-target")
        .0
        .contains("KPI-TRAIN missed its target (≥ 95) in its last 4 periods"));
    assert_eq!(message("unknown-kpi").1, "did you mean `KPI-PATCH`?");
    assert!(message("kpi-measurement-missing")
        .1
        .contains("`2026-10,<value>,<note>`"));
}

/// A copy of the fixture without its one error, so that it builds.
fn buildable() -> TempProject {
    let project = copy_fixture("objectives");
    let text = fs::read_to_string(project.root.join("objectives.yaml")).unwrap();
    project.write("objectives.yaml", text.replace(", KPI-PATHC", ""));
    let log = fs::read_to_string(project.root.join("incidents.csv")).unwrap();
    project.write("incidents.csv", log.replace(",NC-2026-099", ","));
    project
}

#[test]
fn bad_files_are_reported_at_file_line_column() {
    let project = write_project(&[
        (
            "objectives.yaml",
            "objectives:\n  - { id: OBJ-1, title: T, kpis: [KPI-A] }\nkpis:\n  - { id: KPI-A, title: A, unit: \"%\", direction: higher, target: 95, frequency: quarterly, nonconformities: [NC-404] }\n  - { id: KPI-B, title: B, unit: h, direction: up, target: 1, frequency: monthly }\n",
        ),
        (
            "measurements/KPI-A.csv",
            "period,value,note\n2026-Q1,91,\n2026-04,92,\n2026-Q3,9O,typo\n2026-Q3,93,\n2026-Q5,1,\n",
        ),
        ("measurements/KPI-Z.csv", "period,value\n2026-Q1,1\n"),
        (
            "incidents.csv",
            "id,title,severity,occurred,detected,resolved,category\nI-1,A,low,2026-03-01T08:00,2026-03-01T09:00,2026-03-01T08:30,x\nI-2,B,severe,2026-03-01T08:00,2026-03-01T09:00,,x\nI-3,C,low,yesterday,2026-03-01T09:00,,x\n",
        ),
        ("policies/p.md", "---\nid: P-1\ntitle: P\nstatus: approved\n---\nText.\n"),
    ]);
    let run = check_json(&project.root);
    assert_eq!(run.code, 1, "{run}");
    let mut expected = vec![
        place("invalid-objectives", "objectives.yaml", 5, 48),
        place("invalid-measurement", "measurements/KPI-A.csv", 3, 1),
        place("invalid-measurement", "measurements/KPI-A.csv", 4, 9),
        place("invalid-measurement", "measurements/KPI-A.csv", 6, 1),
        place("unknown-kpi", "measurements/KPI-Z.csv", 0, 0),
        place("broken-reference", "objectives.yaml", 4, 110),
        place("invalid-incident", "incidents.csv", 2, 45),
        place("invalid-incident", "incidents.csv", 3, 7),
        place("invalid-incident", "incidents.csv", 4, 11),
    ];
    expected.sort();
    // KPI-A's value for 2026-Q3 was not a number and the second row for it stands: 2026-Q1
    // and 2026-Q3 are off target, but not three periods in a row (2026-Q2 has no value).
    assert_eq!(places(&run, ours), expected, "{run}");
    let messages: Vec<String> = run.diagnostics().into_iter().map(|d| d.message).collect();
    for wanted in [
        "`2026-04` is a monthly period, but KPI-A is measured quarterly",
        "the value of 2026-Q3 is not a number: `9O`",
        "the incident `I-1` was resolved (2026-03-01T08:30) before it was detected (2026-03-01T09:00)",
        "`severe` is not a severity",
        "measurements/KPI-Z.csv holds values of `KPI-Z`, which objectives.yaml does not define",
    ] {
        assert!(messages.iter().any(|m| m.contains(wanted)), "{wanted}: {messages:#?}");
    }
}

/// Minutes since 1970 of an ISO 8601 date-time `YYYY-MM-DDTHH:MM[:SS][Z|±HH:MM]`, computed
/// here without annexa's code.
fn minutes(text: &str) -> i64 {
    let (date, rest) = text.split_at(10);
    let parts: Vec<i64> = date.split('-').map(|p| p.parse().unwrap()).collect();
    let (y, m, d) = (parts[0], parts[1], parts[2]);
    // Days from civil (Howard Hinnant's algorithm).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let time = &rest[1..];
    let hh: i64 = time[0..2].parse().unwrap();
    let mm: i64 = time[3..5].parse().unwrap();
    let zone = time[5..].trim_start_matches(|c: char| c == ':' || c.is_ascii_digit());
    let offset = match zone.chars().next() {
        Some(sign @ ('+' | '-')) => {
            let h: i64 = zone[1..3].parse().unwrap();
            let m: i64 = zone[4..6].parse().unwrap();
            let total = h * 60 + m;
            if sign == '+' {
                total
            } else {
                -total
            }
        }
        _ => 0,
    };
    days * 1440 + hh * 60 + mm - offset
}

/// (month of detection → (hours to detect, hours to resolve)) from the fixture's CSV.
fn independent_means(csv: &str) -> BTreeMap<String, (Vec<f64>, Vec<f64>)> {
    let mut by_month: BTreeMap<String, (Vec<f64>, Vec<f64>)> = BTreeMap::new();
    for line in csv.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let cells: Vec<&str> = line.split(',').collect();
        let (occurred, detected, resolved) = (cells[3], cells[4], cells[5]);
        let (o, d) = (minutes(occurred), minutes(detected));
        // The UTC month of detection.
        let month = {
            let days = d.div_euclid(1440);
            let mut found = String::new();
            for y in 1970..2100 {
                for m in 1..=12 {
                    let first = minutes(&format!("{y}-{m:02}-01T00:00")).div_euclid(1440);
                    if first <= days {
                        found = format!("{y}-{m:02}");
                    }
                }
            }
            found
        };
        let entry = by_month.entry(month).or_default();
        entry.0.push((d - o) as f64 / 60.0);
        if !resolved.is_empty() {
            entry.1.push((minutes(resolved) - d) as f64 / 60.0);
        }
    }
    by_month
}

fn mean(values: &[f64]) -> Option<f64> {
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
}

fn kpi_values(json: &serde_json::Value, id: &str) -> BTreeMap<String, Option<f64>> {
    json["kpis"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["id"] == id)
        .unwrap_or_else(|| panic!("no {id} in annexa.json"))["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v["period"].as_str().unwrap().to_string(),
                v["value"].as_f64(),
            )
        })
        .collect()
}

#[test]
fn mttd_and_mttr_equal_an_independent_computation_from_the_csv() {
    let project = buildable();
    let site = project.beside("site");
    let run = build_json(&project.root, &site);
    assert_eq!(run.code, 0, "{run}");
    let json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(site.join("annexa.json")).unwrap()).unwrap();
    let csv = fs::read_to_string(project.root.join("incidents.csv")).unwrap();
    let expected = independent_means(&csv);
    let mttd = kpi_values(&json, "KPI-MTTD");
    let mttr = kpi_values(&json, "KPI-MTTR");
    // Today is 2026-11-25: months up to October, the last one that has ended.
    assert_eq!(
        mttd.keys().collect::<Vec<_>>(),
        ["2026-08", "2026-09", "2026-10"]
    );
    for (month, value) in &mttd {
        let (detect, _) = &expected[month];
        let want = mean(detect).unwrap();
        assert!(
            (value.unwrap() - want).abs() < 1e-9,
            "MTTD {month}: {value:?} ≠ {want}"
        );
    }
    for (month, value) in &mttr {
        let want = mean(&expected[month].1);
        match (value, want) {
            (Some(v), Some(w)) => assert!((v - w).abs() < 1e-9, "MTTR {month}: {v} ≠ {w}"),
            (None, None) => {}
            _ => panic!("MTTR {month}: {value:?} ≠ {want:?}"),
        }
    }
    // INC-05 was detected at 06:00+02:00 (04:00 UTC), 2 hours after it occurred; the
    // September MTTD is the mean of 20 minutes and 2 hours.
    assert!((mttd["2026-09"].unwrap() - (20.0 / 60.0 + 2.0) / 2.0).abs() < 1e-9);
    // The count per quarter: five incidents detected in Q3.
    assert_eq!(kpi_values(&json, "KPI-COUNT")["2026-Q3"], Some(5.0));
    // Each value lists the incidents it came from, with their rows.
    let mttd_page = fs::read_to_string(site.join("kpis/KPI-MTTD.html")).unwrap();
    for (id, row) in [("INC-01", 2), ("INC-04", 5), ("INC-06", 7)] {
        assert!(mttd_page.contains(id), "{id} missing on the KPI page");
        assert!(
            mttd_page.contains(&format!("incidents.csv:{row}")),
            "row {row}"
        );
    }
    // Incidents have their own section of annexa.json and their page.
    assert_eq!(json["incidents"].as_array().unwrap().len(), 8);
    let incidents = fs::read_to_string(site.join("incidents.html")).unwrap();
    assert!(incidents.contains("id=\"chart-mttd-title\""));
    assert!(
        incidents.contains("<td>2</td>"),
        "August has two low and one high…"
    );
}

/// Every point of the chart on `page` as (period, value read back from its position).
fn plotted(page: &str) -> Vec<(String, f64)> {
    let attr = |tag: &str, name: &str| -> Option<String> {
        let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        Some(tag[at..at + tag[at..].find('"')?].to_string())
    };
    let start = page.find("<g class=\"plot\"").expect("a chart");
    let plot_tag = &page[start..start + page[start..].find('>').unwrap()];
    let num = |name: &str| attr(plot_tag, name).unwrap().parse::<f64>().unwrap();
    let (min, max, top, bottom) = (
        num("data-min"),
        num("data-max"),
        num("data-top"),
        num("data-bottom"),
    );
    let end = start + page[start..].find("</svg>").unwrap();
    let svg = &page[start..end];
    let mut points = Vec::new();
    for piece in svg
        .split('<')
        .filter(|p| p.starts_with("circle class=\"point") || p.starts_with("path class=\"point"))
    {
        let y = match attr(piece, "cy") {
            Some(cy) => cy.parse::<f64>().unwrap(),
            // A diamond: `M x,y-6 …`.
            None => {
                let d = attr(piece, "d").unwrap();
                let first = d[1..].split(' ').next().unwrap();
                first.split(',').nth(1).unwrap().parse::<f64>().unwrap() + 6.0
            }
        };
        let value = min + (bottom - y) / (bottom - top) * (max - min);
        points.push((attr(piece, "data-period").unwrap(), value));
    }
    points
}

#[test]
fn the_charts_plot_the_values_of_kpis_csv() {
    let project = buildable();
    let site = project.beside("site");
    let run = build_json(&project.root, &site);
    assert_eq!(run.code, 0, "{run}");
    let csv = fs::read_to_string(site.join("kpis.csv")).unwrap();
    let mut by_kpi: BTreeMap<String, Vec<(String, f64)>> = BTreeMap::new();
    for line in csv.trim_start_matches('\u{feff}').lines().skip(1) {
        let cells: Vec<&str> = line.split(',').collect();
        if let Ok(value) = cells[3].parse::<f64>() {
            by_kpi
                .entry(cells[0].into())
                .or_default()
                .push((cells[2].into(), value));
        }
    }
    assert_eq!(by_kpi["KPI-TRAIN"].len(), 4);
    assert_eq!(by_kpi["KPI-PHISH"][1], ("2026-Q2".into(), 8.0));
    for (kpi, values) in &by_kpi {
        let page = fs::read_to_string(site.join(format!("kpis/{kpi}.html"))).unwrap();
        let points = plotted(&page);
        assert_eq!(points.len(), values.len(), "{kpi}");
        for ((period, value), (p, v)) in values.iter().zip(&points) {
            assert_eq!(period, p, "{kpi}");
            // Positions are written with two decimals: well within 0.5 % of the range.
            assert!(
                (value - v).abs() < 0.05,
                "{kpi} {period}: {value} plotted as {v}"
            );
        }
        // Off target points are diamonds, and there are as many as the CSV says.
        let off = csv
            .lines()
            .filter(|l| l.starts_with(&format!("{kpi},")) && l.contains(",no,"))
            .count();
        let chart_end = page.find("</svg>").unwrap();
        assert_eq!(
            page[..chart_end].matches("point off-target").count(),
            off,
            "{kpi}"
        );
    }
    // The table beneath each chart has the same values.
    let kpis = fs::read_to_string(site.join("kpis.html")).unwrap();
    assert!(kpis.contains("<th scope=\"row\">2026-Q2</th>\n<td data-label=\"Value\">8</td>"));
}

#[test]
fn objectives_page_calendar_and_json() {
    let project = buildable();
    let site = project.beside("site");
    let run = build_json(&project.root, &site);
    assert_eq!(run.code, 0, "{run}");
    let page = fs::read_to_string(site.join("objectives.html")).unwrap();
    for text in [
        "Tune the SIEM rules and the on-call runbook",
        "SIEM tuning, ten days of the SOC",
        "MTTD and MTTR from the incident log",
        "href=\"kpis/KPI-MTTD.html\"",
    ] {
        assert!(page.contains(text), "{text}");
    }
    assert!(page.contains("<span class=\"badge objective-overdue\">Overdue</span>"));
    let json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(site.join("annexa.json")).unwrap()).unwrap();
    let objectives = json["objectives"].as_array().unwrap();
    assert_eq!(objectives.len(), 5);
    assert_eq!(objectives[1]["overdue"], true);
    assert_eq!(objectives[4]["status"], "achieved");
    let ics = fs::read_to_string(site.join("reviews.ics")).unwrap();
    assert!(
        ics.contains("SUMMARY:Objective OBJ-1 due: Detect and resolve incidents faster"),
        "{ics}"
    );
    assert!(
        ics.contains("SUMMARY:OVERDUE: Objective OBJ-2 due"),
        "{ics}"
    );
    assert!(
        !ics.contains("Objective OBJ-5"),
        "an achieved objective is not due"
    );
    let home = fs::read_to_string(site.join("index.html")).unwrap();
    assert_eq!(home.matches("class=\"sparkline\"").count(), 8);
}

#[test]
fn a_project_without_objectives_has_no_kpi_pages() {
    let project = write_project(&[(
        "policies/p.md",
        "---\nid: P-1\ntitle: P\nstatus: approved\n---\nText.\n",
    )]);
    let site = project.beside("site");
    let run = build_json(&project.root, &site);
    assert_eq!(run.code, 0, "{run}");
    for file in ["objectives.html", "kpis.html", "incidents.html", "kpis.csv"] {
        assert!(!Path::new(&site.join(file)).exists(), "{file}");
    }
}

/// The management review input pack (d2) shows each KPI's last value with a value, as
/// kpis.csv has it, against its target.
#[test]
fn the_input_pack_shows_each_kpis_last_value_as_kpis_csv_has_it() {
    let dir = tempdir();
    let site = dir.path().join("site");
    let run = build_json(&content_example(), &site);
    assert!(run.code <= 1, "{run}");
    let csv = fs::read_to_string(site.join("kpis.csv")).unwrap();
    let mut last: BTreeMap<String, (String, String, String, String, String)> = BTreeMap::new();
    for line in csv.trim_start_matches('\u{feff}').lines().skip(1) {
        let cells: Vec<&str> = line.split(',').collect();
        let (kpi, period, value, unit, target, on) =
            (cells[0], cells[2], cells[3], cells[4], cells[6], cells[7]);
        if !value.is_empty() {
            last.insert(
                kpi.to_string(),
                (
                    period.into(),
                    value.into(),
                    unit.into(),
                    target.into(),
                    on.into(),
                ),
            );
        }
    }
    assert!(last.len() >= 6, "{last:?}");
    let page = fs::read_to_string(site.join("management-review-input.html")).unwrap();
    for (kpi, (period, value, unit, target, on)) in &last {
        let start = page
            .find(&format!("<tr data-item=\"{kpi}\">"))
            .unwrap_or_else(|| panic!("{kpi} is not in the input pack"));
        let row = &page[start..start + page[start..].find("</tr>").unwrap()];
        assert!(row.contains(&format!("<td>{period}</td>")), "{kpi}: {row}");
        assert!(
            row.contains(&format!("<td>{value} {unit}</td>")),
            "{kpi}: {row}"
        );
        assert!(
            row.contains(&format!("<td>{target} {unit}</td>")),
            "{kpi}: {row}"
        );
        let state = if on == "yes" {
            "on target"
        } else {
            "off target"
        };
        assert!(row.contains(state), "{kpi}: {row}");
    }
}
