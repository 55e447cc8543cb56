//! Internal audits, the certification cycle and the management system (DESIGN.md,
//! "Internal audits…", "Management system"): every lint at its place on a fixture, bad files,
//! the example's findings, the coverage matrix against an independent recount of the files,
//! the exports and the calendar.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;

use common::*;

type Place = (String, String, u64, u64);

fn places(run: &Run, names: &[&str]) -> Vec<Place> {
    let mut found: Vec<Place> = run
        .diagnostics()
        .into_iter()
        .filter(|d| names.contains(&d.name.as_str()))
        .map(|d| {
            (
                d.name.clone(),
                d.file.clone().unwrap_or_default(),
                d.line.unwrap_or(0),
                d.column.unwrap_or(0),
            )
        })
        .collect();
    found.sort();
    found
}

fn place(name: &str, file: &str, line: u64, column: u64) -> Place {
    (name.into(), file.into(), line, column)
}

/// The clause ids of the `mandatory-information-missing` findings.
fn missing_mandatory(run: &Run) -> BTreeSet<String> {
    run.diagnostics()
        .into_iter()
        .filter(|d| d.name == "mandatory-information-missing")
        .map(|d| {
            let rest = d
                .message
                .split("fulfils clause ")
                .nth(1)
                .expect("clause in message");
            rest.split(' ').next().unwrap().to_string()
        })
        .collect()
}

const AUDIT_LINTS: &[&str] = &[
    "audit-programme-gap",
    "audit-overdue",
    "auditor-not-impartial",
    "unknown-clause",
    "invalid-audit-programme",
];

const CERTIFICATION_LINTS: &[&str] = &[
    "surveillance-late",
    "surveillance-missing",
    "certificate-expiring",
    "external-audit-unprepared",
    "invalid-certification",
];

#[test]
fn every_audit_programme_lint_is_reported_at_its_place() {
    let run = check_json(&fixture("audits"));
    assert_eq!(run.code, 0, "{run}");
    assert_eq!(
        places(&run, AUDIT_LINTS),
        vec![
            place("audit-overdue", "audits/programme.yaml", 9, 14),
            place("audit-programme-gap", "audits/programme.yaml", 1, 1),
            place("audit-programme-gap", "audits/programme.yaml", 1, 1),
            place("auditor-not-impartial", "audits/programme.yaml", 14, 14),
        ],
        "{run}"
    );
    let messages: Vec<String> = run
        .diagnostics()
        .into_iter()
        .filter(|d| AUDIT_LINTS.contains(&d.name.as_str()))
        .map(|d| d.message)
        .collect();
    // Clause 7.4 is left out of IA-1's scope; A.5.2 is applicable and in no scope; A.5.1 is.
    assert!(
        messages.contains(
            &"clause 7.4 is in the scope of no internal audit in the cycle 2025-01-01 to 2027-12-31"
                .to_string()
        ),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|m| m
            .starts_with("1 applicable Annex A control is in the scope of no internal audit")
            && m.ends_with(": A.5.2")),
        "{messages:?}"
    );
    assert!(messages.contains(
        &"internal audit IA-2 was planned for 2026-09 and has no report marked done".to_string()
    ));
    assert!(messages.contains(
        &"Head of IT audits IA-3 but owns a document inside its scope: POL-AC".to_string()
    ));
    // The audit report is evidence for 9.2, the SoA for 6.1.3.
    let missing = missing_mandatory(&run);
    assert!(
        !missing.contains("9.2") && !missing.contains("6.1.3"),
        "{missing:?}"
    );
}

#[test]
fn every_certification_lint_is_reported_at_its_place() {
    let run = check_json(&fixture("certification-cycle"));
    assert_eq!(run.code, 0, "{run}");
    assert_eq!(
        places(&run, CERTIFICATION_LINTS),
        vec![
            place("certificate-expiring", "certification.yaml", 5, 10),
            place("external-audit-unprepared", "certification.yaml", 9, 39),
            place("surveillance-late", "certification.yaml", 8, 35),
            place("surveillance-missing", "certification.yaml", 6, 1),
        ],
        "{run}"
    );
    let text: Vec<String> = run.diagnostics().into_iter().map(|d| d.message).collect();
    for expected in [
        "the certificate expires on 2027-01-09, in 45 days",
        "2026 has no surveillance audit, held or planned, in certification.yaml",
        "the first surveillance audit is dated 2025-03-01, later than 12 months after the certification decision of 2024-01-10 (by 2025-01-10)",
        "the recertification audit on 2027-01-05 is in 41 days and no internal audit or management review was held since the last external audit (2025-03-01)",
    ] {
        assert!(text.iter().any(|t| t == expected), "{expected}\n{text:#?}");
    }
}

#[test]
fn an_internal_audit_since_the_last_external_one_prepares_the_next() {
    let project = copy_fixture("certification-cycle");
    project.write(
        "audits/IA-2.md",
        "---\nid: IA-2\ntitle: T\nstatus: done\ndate: 2026-10-01\nowner: ISMS Manager\n---\n",
    );
    let run = check_json(&project.root);
    assert!(
        !places(&run, CERTIFICATION_LINTS)
            .iter()
            .any(|p| p.0 == "external-audit-unprepared"),
        "{run}"
    );
}

#[test]
fn a_management_review_since_the_last_external_audit_prepares_the_next() {
    let project = copy_fixture("certification-cycle");
    project.write(
        "management-reviews/MR-2026-1.md",
        "---\nid: MR-2026-1\ntitle: T\nstatus: held\ndate: 2026-09-01\nowner: CEO\n---\n",
    );
    let run = check_json(&project.root);
    assert!(
        !places(&run, CERTIFICATION_LINTS)
            .iter()
            .any(|p| p.0 == "external-audit-unprepared"),
        "{run}"
    );
}

#[test]
fn the_management_system_check_names_each_mandatory_item_nothing_fulfils() {
    let run = check_json(&fixture("management-system"));
    assert_eq!(run.code, 1, "{run}");
    // 4.3 by ISMS-SCOPE; 6.1.2 and 6.1.3 by ISMS-RISK's "6.1"; 5.2 only by a draft.
    let expected: BTreeSet<String> = [
        "5.2", "6.2", "7.2", "8.1", "8.2", "8.3", "9.1", "9.2", "9.3", "10.2",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    assert_eq!(missing_mandatory(&run), expected, "{run}");
    assert_eq!(
        places(&run, &["unknown-clause"]),
        vec![place("unknown-clause", "isms/risk.md", 6, 18)]
    );
    let unknown = run
        .diagnostics()
        .into_iter()
        .find(|d| d.name == "unknown-clause")
        .unwrap();
    assert!(
        unknown
            .help
            .as_deref()
            .unwrap()
            .starts_with("did you mean `4.3`?"),
        "{unknown:?}"
    );
}

#[test]
fn a_project_without_clauses_or_audits_is_not_told_about_the_management_system() {
    let run = check_json(&fixture("risks"));
    assert!(missing_mandatory(&run).is_empty(), "{run}");
    let out = tempdir();
    let run = build_json(&fixture("risks"), out.path());
    assert!(!out.path().join("management-system.html").exists(), "{run}");
    assert!(!out.path().join("audit-programme.html").exists());
    assert!(!out.path().join("certification.html").exists());
}

#[test]
fn bad_files_are_errors_at_their_place() {
    let project = write_project(&[
        (
            "certification.yaml",
            "certified: 2024-05-20\nexpires: 2027-05-19\naudits:\n  - { kind: surveilance-1, date: 2025-04-22 }\n",
        ),
        (
            "audits/programme.yaml",
            "audits:\n  - { id: IA-1, planned: March, scope: { clauses: [\"9.9\"] } }\n",
        ),
        (
            "audits/IA-1.md",
            "---\nid: IA-1\ntitle: T\nstatus: finished\ndate: 2026-02-30\nscope: { controls: [A.5.99] }\n---\n",
        ),
    ]);
    let run = check_json(&project.root);
    assert_eq!(run.code, 1, "{run}");
    let found = places(
        &run,
        &[
            "invalid-certification",
            "invalid-audit-programme",
            "unknown-clause",
            "invalid-front-matter",
            "invalid-date",
        ],
    );
    assert_eq!(
        found,
        vec![
            place("invalid-audit-programme", "audits/programme.yaml", 2, 26),
            place("invalid-certification", "certification.yaml", 4, 13),
            place("invalid-date", "audits/IA-1.md", 5, 7),
            place("invalid-front-matter", "audits/IA-1.md", 4, 9),
            place("invalid-front-matter", "audits/IA-1.md", 6, 21),
            place("unknown-clause", "audits/programme.yaml", 2, 52),
        ],
        "{run}"
    );
    let status = run
        .diagnostics()
        .into_iter()
        .find(|d| d.file.as_deref() == Some("audits/IA-1.md") && d.line == Some(4))
        .unwrap();
    assert_eq!(
        status.help.as_deref(),
        Some("allowed: planned, done"),
        "{status:?}"
    );
}

/// `annexa check content-example --today 2026-11-28`.
fn check_example() -> Run {
    run([
        "check",
        content_example().to_str().unwrap(),
        "--today",
        "2026-11-28",
        "--format",
        "json",
    ])
}

#[test]
fn the_example_shows_one_programme_gap_and_a_cycle_in_order() {
    let run = check_example();
    assert_eq!(run.code, 0, "{run}");
    let found: Vec<(String, String)> = run
        .diagnostics()
        .into_iter()
        .filter(|d| {
            AUDIT_LINTS.contains(&d.name.as_str()) || CERTIFICATION_LINTS.contains(&d.name.as_str())
        })
        .map(|d| (d.name, d.message))
        .collect();
    assert_eq!(
        found,
        vec![(
            "audit-programme-gap".to_string(),
            "clause 7.4 is in the scope of no internal audit in the cycle 2024-05-20 to 2027-05-19"
                .to_string()
        )],
        "{run}"
    );
    // Every mandatory item is fulfilled: 6.2 by objectives.yaml (ISMS-OBJ is still in
    // review) and 9.1 by the KPIs' measurements.
    assert_eq!(missing_mandatory(&run), BTreeSet::new());
}

/// The cells of the clause matrix on audit-programme.html: clause → classes, by year.
fn clause_matrix(html: &str) -> BTreeMap<String, Vec<String>> {
    let mut out = BTreeMap::new();
    for row in html.split("<tr id=\"clause-row-").skip(1) {
        let id = row.split('"').next().unwrap().to_string();
        let row = row.split("</tr>").next().unwrap();
        let cells = row
            .split("<td class=\"cell-")
            .skip(1)
            .map(|c| c.split('"').next().unwrap().to_string())
            .collect();
        out.insert(id, cells);
    }
    out
}

/// The theme matrix: theme → (applicable, covered per year).
fn theme_matrix(html: &str) -> BTreeMap<String, Vec<String>> {
    let mut out = BTreeMap::new();
    for row in html.split("<tr id=\"theme-row-").skip(1) {
        let id = row.split('"').next().unwrap().to_string();
        let row = row.split("</tr>").next().unwrap();
        let cells = row
            .split("<td data-label=\"")
            .skip(1)
            .map(|c| {
                let text = c.split_once('>').unwrap().1;
                text.split(['<', ' ']).next().unwrap().to_string()
            })
            .collect();
        out.insert(id, cells);
    }
    out
}

fn yaml_strings(value: &serde_yaml::Value) -> Vec<String> {
    value
        .as_sequence()
        .map(|s| {
            s.iter()
                .map(|v| match v {
                    serde_yaml::Value::String(s) => s.clone(),
                    other => serde_yaml::to_string(other).unwrap().trim().to_string(),
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn the_coverage_matrices_equal_an_independent_recount_of_the_files() {
    let example = content_example();
    let out = tempdir();
    let built = run([
        "build",
        example.to_str().unwrap(),
        "-o",
        out.path().to_str().unwrap(),
        "--today",
        "2026-11-28",
    ]);
    assert_eq!(built.code, 0, "{built}");
    let html = fs::read_to_string(out.path().join("audit-programme.html")).unwrap();

    // The recount: the programme's audits, each done when its report says `status: done`;
    // the cycle's years from certification.yaml (2024-05-20, 2025-05-20, 2026-05-20).
    let programme: serde_yaml::Value =
        serde_yaml::from_str(&fs::read_to_string(example.join("audits/programme.yaml")).unwrap())
            .unwrap();
    let year_of = |month: &str| match month {
        m if m < "2025-05" => 0,
        m if m < "2026-05" => 1,
        _ => 2,
    };
    let mut audits = Vec::new();
    for audit in programme["audits"].as_sequence().unwrap() {
        let id = audit["id"].as_str().unwrap();
        let planned = audit["planned"].as_str().unwrap().to_string();
        let report = example.join(format!("audits/{id}.md"));
        let done = fs::read_to_string(&report).is_ok_and(|t| t.contains("\nstatus: done\n"));
        audits.push((
            year_of(&planned),
            done,
            yaml_strings(&audit["scope"]["clauses"]),
            yaml_strings(&audit["scope"]["controls"]),
        ));
    }
    let clauses_yaml: serde_yaml::Value = serde_yaml::from_str(
        &fs::read_to_string(repo_root().join("src/catalog/data/iso27001-2022-clauses.yaml"))
            .unwrap(),
    )
    .unwrap();
    let sections: Vec<String> = clauses_yaml["clauses"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_string())
        .filter(|id| id.matches('.').count() == 1)
        .collect();
    let related = |a: &str, b: &str| {
        a == b || b.starts_with(&format!("{a}.")) || a.starts_with(&format!("{b}."))
    };
    let mut expected = BTreeMap::new();
    for section in &sections {
        let cells = (0..3)
            .map(|year| {
                let hits: Vec<bool> = audits
                    .iter()
                    .filter(|(y, _, clauses, _)| {
                        *y == year && clauses.iter().any(|c| related(c, section))
                    })
                    .map(|(_, done, _, _)| *done)
                    .collect();
                match (hits.is_empty(), hits.iter().any(|d| *d)) {
                    (true, _) => "gap",
                    (false, true) => "done",
                    (false, false) => "planned",
                }
                .to_string()
            })
            .collect::<Vec<_>>();
        expected.insert(section.clone(), cells);
    }
    assert_eq!(clause_matrix(&html), expected);
    // The one gap the example is meant to show.
    let gaps: Vec<&String> = expected
        .iter()
        .filter(|(_, cells)| cells.iter().all(|c| c == "gap"))
        .map(|(id, _)| id)
        .collect();
    assert_eq!(gaps, ["7.4"]);

    // Annex A: applicable controls from soa.yaml, by theme (A.5 organizational …).
    let soa: serde_yaml::Value =
        serde_yaml::from_str(&fs::read_to_string(example.join("soa.yaml")).unwrap()).unwrap();
    let applicable: Vec<String> = soa["controls"]
        .as_mapping()
        .unwrap()
        .iter()
        .filter(|(_, d)| d["applicable"].as_bool() == Some(true))
        .map(|(id, _)| id.as_str().unwrap().to_string())
        .collect();
    let themes = [
        ("organizational", "A.5."),
        ("people", "A.6."),
        ("physical", "A.7."),
        ("technological", "A.8."),
    ];
    let mut expected_themes = BTreeMap::new();
    for (theme, prefix) in themes {
        let controls: Vec<&String> = applicable
            .iter()
            .filter(|c| c.starts_with(prefix))
            .collect();
        let mut cells = vec![controls.len().to_string()];
        let mut covered_in_cycle = BTreeSet::new();
        for year in 0..3 {
            let covered: BTreeSet<&String> = controls
                .iter()
                .copied()
                .filter(|c| {
                    audits
                        .iter()
                        .any(|(y, _, _, list)| *y == year && list.contains(c))
                })
                .collect();
            covered_in_cycle.extend(covered.iter().copied());
            cells.push(covered.len().to_string());
        }
        cells.push(covered_in_cycle.len().to_string());
        expected_themes.insert(theme.to_string(), cells);
    }
    assert_eq!(theme_matrix(&html), expected_themes);

    // audit-programme.csv: one row per audit of the programme, states as recounted.
    let csv = fs::read_to_string(out.path().join("audit-programme.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    let rows: Vec<(String, String)> = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[0].to_string(), r[4].to_string())
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("IA-2025-1".to_string(), "done".to_string()),
            ("IA-2026-1".to_string(), "done".to_string()),
            ("IA-2027-1".to_string(), "planned".to_string()),
        ]
    );

    // annexa.json carries the certification and the audits.
    let json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.path().join("annexa.json")).unwrap()).unwrap();
    let text = json.to_string();
    assert!(
        text.contains("\"certified\":\"2024-05-20\""),
        "{text:.2000}"
    );
    assert!(text.contains("\"IA-2027-1\""));

    // The calendar: the planned internal and external audits and the expiry.
    let ics = fs::read_to_string(out.path().join("reviews.ics")).unwrap();
    for uid in [
        "internal-audit-ia-2027-1",
        "external-audit-surveillance-2-2026-12-08",
        "certificate-expiry-2027-05-19",
    ] {
        assert!(ics.contains(uid), "{uid}");
    }
    assert!(!ics.contains("internal-audit-ia-2025-1"));

    // The pages: the timeline with today, the events table, the management system.
    let cert = fs::read_to_string(out.path().join("certification.html")).unwrap();
    assert!(cert.contains("<title>Today, 2026-11-28</title>"));
    // Every management review of the example falls in the cycle.
    let reviews = fs::read_dir(example.join("management-reviews")).map_or(0, |d| d.count());
    for (kind, count) in [
        ("decision", 1),
        ("external", 4),
        ("internal", 3),
        ("review", reviews),
        ("expiry", 1),
    ] {
        assert_eq!(
            cert.matches(&format!("<tr class=\"event-{kind}\"")).count(),
            count,
            "{kind}"
        );
    }
    let ms = fs::read_to_string(out.path().join("management-system.html")).unwrap();
    // 6.2 is fulfilled by the objectives register, not by a document (ISMS-OBJ is in review).
    let row = &ms[ms.find("id=\"clause-6.2\">").expect("no row for 6.2")..];
    let row = &row[..row.find("</tr>").unwrap()];
    assert!(
        row.contains("objectives.html") && !row.contains("class=\"gap\""),
        "{row}"
    );
    assert!(ms.contains("id=\"clause-4.3\">"));
    let report = fs::read_to_string(out.path().join("docs/ia-2026-1.html")).unwrap();
    assert!(report.contains("class=\"audit-block\""));
    assert!(
        check_links(out.path()).is_empty(),
        "{:?}",
        check_links(out.path())
    );
}
