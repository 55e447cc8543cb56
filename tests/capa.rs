//! Nonconformities and management reviews as records (DESIGN.md, "Nonconformities and
//! corrective actions", "Management reviews"): every lint at its place on a fixture, bad
//! fields at theirs, `management_review_every`, the input pack against an independent
//! recount of the files, the CAPA tracker, the exports and the calendar.

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use common::*;

#[test]
fn every_nonconformity_lint_is_reported_at_its_place() {
    let run = check_json(&fixture("nonconformities"));
    assert_eq!(run.code, 0, "{run}");
    let found = places(&run, |n| n.starts_with("nc-") || n == "never-reviewed");
    let mut expected = vec![
        place("nc-action-overdue", "nonconformities/NC-02.md", 11, 5),
        place("nc-recurring", "nonconformities/NC-03.md", 7, 12),
        place("nc-no-root-cause", "nonconformities/NC-03.md", 8, 1),
        place(
            "nc-effectiveness-unchecked",
            "nonconformities/NC-04.md",
            7,
            1,
        ),
        place(
            "nc-effectiveness-unchecked",
            "nonconformities/NC-05.md",
            9,
            16,
        ),
        place("nc-major-without-actions", "nonconformities/NC-06.md", 5, 1),
        place("nc-recurring", "nonconformities/NC-08.md", 7, 11),
    ];
    expected.sort();
    assert_eq!(found, expected, "{run}");
    let diagnostics = run.diagnostics();
    let recurring = diagnostics
        .iter()
        .find(|d| d.name == "nc-recurring" && d.message.contains("clause 6.1"))
        .unwrap();
    assert!(
        recurring.message.contains("as NC-01 did"),
        "{}",
        recurring.message
    );
    assert_eq!(recurring.level, "note");
    let major = diagnostics
        .iter()
        .find(|d| d.name == "nc-major-without-actions")
        .unwrap();
    assert!(major.message.contains("85 days"), "{}", major.message);
    // NC-04 is closed with an action never done: not an overdue corrective action.
    assert!(!diagnostics
        .iter()
        .any(|d| d.name == "nc-action-overdue"
            && d.file.as_deref() == Some("nonconformities/NC-04.md")));
}

#[test]
fn every_management_review_lint_is_reported_at_its_place() {
    let run = check_json(&fixture("management-reviews"));
    assert_eq!(run.code, 0, "{run}");
    let found = places(&run, |n| n.starts_with("mr-"));
    let mut expected = vec![
        place("mr-no-decisions", "management-reviews/MR-2025-1.md", 5, 1),
        place("mr-overdue", "management-reviews/MR-2025-1.md", 6, 1),
        place("mr-inputs-missing", "management-reviews/MR-2025-1.md", 9, 1),
        place(
            "mr-previous-actions-unreported",
            "management-reviews/MR-2025-1.md",
            10,
            21,
        ),
    ];
    expected.sort();
    assert_eq!(found, expected, "{run}");
    let diagnostics = run.diagnostics();
    let missing = diagnostics
        .iter()
        .find(|d| d.name == "mr-inputs-missing")
        .unwrap();
    assert!(
        missing.message.ends_with("inputs e, g"),
        "{}",
        missing.message
    );
    let unreported = diagnostics
        .iter()
        .find(|d| d.name == "mr-previous-actions-unreported")
        .unwrap();
    assert!(unreported.message.contains("MR-2024-1-A1"));
    assert_eq!(unreported.related.len(), 1);
    assert_eq!(
        unreported.related[0].file,
        "management-reviews/MR-2024-1.md"
    );
}

#[test]
fn management_review_every_sets_when_the_next_review_is_overdue() {
    let project = copy_fixture("management-reviews");
    project.write("annexa.toml", "management_review_every = \"18 months\"\n");
    let run = check_json(&project.root);
    assert!(
        !run.diagnostics().iter().any(|d| d.name == "mr-overdue"),
        "{run}"
    );
    project.write("annexa.toml", "management_review_every = \"yearly\"\n");
    let run = check_json(&project.root);
    assert_eq!(run.code, 1, "{run}");
    let error = run
        .diagnostics()
        .into_iter()
        .find(|d| d.name == "invalid-config")
        .unwrap();
    assert!(
        error.message.starts_with("management_review_every:"),
        "{}",
        error.message
    );
}

#[test]
fn bad_fields_are_reported_at_their_places() {
    let run = check_json(&fixture("capa-invalid"));
    assert_eq!(run.code, 1, "{run}");
    let found = places(&run, |n| {
        matches!(n, "invalid-front-matter" | "invalid-date" | "unknown-field")
    });
    let mut expected = vec![
        place("invalid-front-matter", "management-reviews/MR-X.md", 5, 9),
        place("invalid-date", "management-reviews/MR-X.md", 6, 7),
        place("unknown-field", "management-reviews/MR-X.md", 8, 3),
        place("invalid-front-matter", "management-reviews/MR-X.md", 9, 15),
        place("invalid-front-matter", "management-reviews/MR-X.md", 10, 10),
        place("invalid-front-matter", "nonconformities/NC-X.md", 5, 8),
        place("invalid-date", "nonconformities/NC-X.md", 6, 9),
        place("invalid-front-matter", "nonconformities/NC-X.md", 7, 9),
        place("invalid-front-matter", "nonconformities/NC-X.md", 9, 5),
        place("unknown-field", "nonconformities/NC-X.md", 10, 18),
        place("invalid-front-matter", "nonconformities/NC-X.md", 10, 50),
        place("invalid-front-matter", "nonconformities/NC-X.md", 11, 13),
        place("invalid-front-matter", "nonconformities/NC-Y.md", 2, 1),
        place("invalid-front-matter", "nonconformities/NC-Y.md", 2, 1),
    ];
    expected.sort();
    assert_eq!(found, expected, "{run}");
    let helps: Vec<String> = run
        .diagnostics()
        .into_iter()
        .filter_map(|d| d.help.clone())
        .collect();
    for hint in [
        "did you mean `major`?",
        "did you mean `open`?",
        "did you mean `held`?",
        "did you mean `feedback`?",
        "did you mean `checked`?",
        "add `grade: minor`",
        "add `raised: 2026-02-12`",
    ] {
        assert!(helps.iter().any(|h| h.contains(hint)), "{hint}: {helps:?}");
    }
    assert!(!run.panicked());
}

/// The front matter value of `key` in a fixture file, as written (flow maps included).
fn value_of(text: &str, key: &str) -> Option<String> {
    text.lines()
        .find_map(|l| l.strip_prefix(&format!("{key}: ")))
        .map(|v| v.trim().to_string())
}

#[test]
fn the_input_pack_lists_exactly_the_items_since_the_previous_review() {
    let dir = fixture("management-reviews");
    let out = tempdir();
    let site = out.path().join("site");
    let run = build_json(&dir, &site);
    assert_eq!(run.code, 0, "{run}");

    // An independent recount from the files: the last held review's date, the
    // nonconformities raised after it (up to today) and those closed after it (their
    // effectiveness check's date).
    let mut last_held = String::new();
    let mut open_actions = BTreeSet::new();
    let mut reviews: Vec<(String, String, String)> = Vec::new();
    for entry in fs::read_dir(dir.join("management-reviews")).unwrap() {
        let text = fs::read_to_string(entry.unwrap().path()).unwrap();
        let id = value_of(&text, "id").unwrap();
        let status = value_of(&text, "status").unwrap();
        let date = value_of(&text, "date").unwrap();
        if status == "held" && date.as_str() <= TODAY && date > last_held {
            last_held = date.clone();
        }
        reviews.push((date, id, text.clone()));
    }
    reviews.sort();
    for (date, id, text) in &reviews {
        if date.as_str() > last_held.as_str() {
            continue;
        }
        for line in text
            .lines()
            .filter(|l| l.trim_start().starts_with("- { id:"))
        {
            let action = line
                .split("id: ")
                .nth(1)
                .unwrap()
                .split(',')
                .next()
                .unwrap();
            let done = line.split("done: ").nth(1).map(|d| d[..10].to_string());
            let keep = date == &last_held || done.as_deref().is_none_or(|d| d > last_held.as_str());
            if keep {
                open_actions.insert(format!("{id}/{action}"));
            }
        }
    }
    let mut opened = BTreeSet::new();
    let mut closed = BTreeSet::new();
    for entry in fs::read_dir(dir.join("nonconformities")).unwrap() {
        let text = fs::read_to_string(entry.unwrap().path()).unwrap();
        let id = value_of(&text, "id").unwrap();
        let raised = value_of(&text, "raised").unwrap();
        if raised > last_held && raised.as_str() <= TODAY {
            opened.insert(id.clone());
        }
        if value_of(&text, "status").as_deref() == Some("closed") {
            let checked = value_of(&text, "effectiveness")
                .unwrap()
                .split("checked: ")
                .nth(1)
                .unwrap()[..10]
                .to_string();
            if checked > last_held && checked.as_str() <= TODAY {
                closed.insert(id);
            }
        }
    }
    assert_eq!(last_held, "2025-06-01");
    assert_eq!(opened, BTreeSet::from(["NC-C".to_string()]));
    assert_eq!(closed, BTreeSet::from(["NC-D".to_string()]));

    let json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(site.join("annexa.json")).unwrap()).unwrap();
    let pack = &json["management-reviews"]["input_pack"];
    assert_eq!(pack["since"], "2025-06-01");
    assert_eq!(pack["since_review"], "MR-2025-1");
    assert_eq!(pack["next_planned"], "MR-2026-1");
    let ids = |key: &str| -> BTreeSet<String> {
        pack[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids("nc_opened"), opened);
    assert_eq!(ids("nc_closed"), closed);
    let actions: BTreeSet<String> = pack["previous_actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            format!(
                "{}/{}",
                a["review_id"].as_str().unwrap(),
                a["id"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(actions, open_actions);

    // The page lists the same items, and nothing else.
    let page = fs::read_to_string(site.join("management-review-input.html")).unwrap();
    let items = |section: &str| -> BTreeSet<String> {
        let part = page.split(&format!("id=\"{section}\"")).nth(1).unwrap();
        let part = part.split("</section>").next().unwrap();
        let part = match section {
            "pack-nc-opened" => part.split("id=\"pack-nc-closed\"").next().unwrap(),
            _ => part,
        };
        part.split("data-item=\"")
            .skip(1)
            .map(|s| s.split('"').next().unwrap().to_string())
            .collect()
    };
    assert_eq!(items("pack-actions"), open_actions);
    assert_eq!(items("pack-nc-opened"), opened);
    assert_eq!(items("pack-nc-closed"), closed);
}

fn build_site(name: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let out = tempdir();
    let site = out.path().join("site");
    let run = build_json(&fixture(name), &site);
    assert_eq!(run.code, 0, "{run}");
    (out, site)
}

fn nc_ids(dir: &Path) -> Vec<String> {
    let mut ids: Vec<String> = fs::read_dir(dir.join("nonconformities"))
        .unwrap()
        .map(|e| value_of(&fs::read_to_string(e.unwrap().path()).unwrap(), "id").unwrap())
        .collect();
    ids.sort();
    ids
}

#[test]
fn the_tracker_exports_and_calendar_hold_every_nonconformity() {
    let (_out, site) = build_site("nonconformities");
    let ids = nc_ids(&fixture("nonconformities"));
    let tracker = fs::read_to_string(site.join("nonconformities.html")).unwrap();
    for id in &ids {
        assert!(tracker.contains(&format!("<tr id=\"nc-{id}\"")), "{id}");
    }
    // Open by age and grade: NC-06 (major, 85 days) and NC-07 (major, 15 days).
    let age = tracker
        .split("id=\"by-age\"")
        .nth(1)
        .unwrap()
        .split("</section>")
        .next()
        .unwrap();
    let row = |label: &str| {
        age.split(label)
            .nth(1)
            .unwrap()
            .split("</tr>")
            .next()
            .unwrap()
            .to_string()
    };
    assert!(row("up to 30 days").contains("NC-07"));
    assert!(row("31–90 days").contains("NC-06"));
    // The overdue action and the check to do.
    let overdue = tracker
        .split("id=\"overdue-actions\"")
        .nth(1)
        .unwrap()
        .split("</section>")
        .next()
        .unwrap();
    assert!(
        overdue.contains("CA-2") && overdue.contains("55 days"),
        "{overdue}"
    );
    let checks = tracker
        .split("id=\"checks-due\"")
        .nth(1)
        .unwrap()
        .split("</section>")
        .next()
        .unwrap();
    // NC-05's check was due on 2026-05-01 and is not done; NC-01's was done.
    assert!(
        checks.contains("NC-05") && checks.contains("overdue"),
        "{checks}"
    );
    assert!(!checks.contains("NC-01"), "{checks}");
    // The register filters without JavaScript: radio buttons, and no script on the page.
    assert!(tracker.contains("id=\"nc-grade-major\""));
    assert!(!tracker.contains("<script src=\"assets/risks.js\""));

    let csv = fs::read_to_string(site.join("nonconformities.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    let rows: Vec<String> = reader
        .records()
        .map(|r| r.unwrap()[0].to_string())
        .collect();
    let mut sorted = rows.clone();
    sorted.sort();
    assert_eq!(sorted, ids);

    use calamine::{Reader, Xlsx};
    let mut book: Xlsx<_> = calamine::open_workbook(site.join("nonconformities.xlsx")).unwrap();
    assert_eq!(
        book.sheet_names(),
        vec!["Nonconformities", "Corrective actions"]
    );
    assert_eq!(
        book.worksheet_range("Nonconformities").unwrap().height(),
        ids.len() + 1
    );
    assert_eq!(
        book.worksheet_range("Corrective actions").unwrap().height(),
        1 + 4
    );

    let json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(site.join("annexa.json")).unwrap()).unwrap();
    assert_eq!(json["nonconformities"].as_array().unwrap().len(), ids.len());
    let nc01 = json["nonconformities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["id"] == "NC-01")
        .unwrap();
    assert_eq!(nc01["effectiveness"]["effective"], true);
    assert_eq!(nc01["grade"], "minor");

    let ics = fs::read_to_string(site.join("reviews.ics")).unwrap();
    assert!(
        ics.contains("SUMMARY:OVERDUE: Corrective action CA-2 of NC-02"),
        "{ics}"
    );
    assert!(ics.contains("Effectiveness check of NC-05"), "{ics}");
    let page = fs::read_to_string(site.join("docs/nc-02.html")).unwrap();
    assert!(page.contains("Corrective actions") && page.contains("action-overdue"));
    assert!(check_links(&site).is_empty(), "{:?}", check_links(&site));
}

#[test]
fn the_reviews_page_shows_each_reviews_inputs_and_the_calendar_the_planned_one() {
    let (_out, site) = build_site("management-reviews");
    let page = fs::read_to_string(site.join("management-reviews.html")).unwrap();
    let card = |id: &str| {
        page.split(&format!("id=\"mr-{id}\""))
            .nth(1)
            .unwrap()
            .split("</section>")
            .next()
            .unwrap()
            .to_string()
    };
    assert!(card("MR-2024-1").contains("<strong>10 of 10</strong>"));
    assert!(card("MR-2025-1").contains("<strong>8 of 10</strong>"));
    assert!(card("MR-2025-1").contains("missing e, g"));
    let review = fs::read_to_string(site.join("docs/mr-2025-1.html")).unwrap();
    assert!(review.contains("No decisions recorded."));
    let ics = fs::read_to_string(site.join("reviews.ics")).unwrap();
    assert!(ics.contains("SUMMARY:Management review MR-2026-1"), "{ics}");
    assert!(
        ics.contains("Management review action MR-2025-1-A1 of MR-2025-1"),
        "{ics}"
    );
    let home = fs::read_to_string(site.join("index.html")).unwrap();
    assert!(home.contains("id=\"card-management-reviews\""));
    assert!(home.contains("id=\"card-nonconformities\""));
    assert!(check_links(&site).is_empty(), "{:?}", check_links(&site));
}

#[test]
fn audit_findings_not_in_the_register_are_reported_where_they_are_listed() {
    let run = check_json(&fixture("nc-findings"));
    assert_eq!(run.code, 0, "{run}");
    let found = places(&run, |n| n == "nc-finding-not-registered");
    let mut expected = vec![
        place("nc-finding-not-registered", "audits/IA-2026-1.md", 9, 25),
        place("nc-finding-not-registered", "audits/IA-2026-1.md", 9, 37),
        place("nc-finding-not-registered", "certification.yaml", 4, 67),
    ];
    expected.sort();
    assert_eq!(found, expected, "{run}");
    let diagnostics = run.diagnostics();
    let typo = diagnostics
        .iter()
        .find(|d| d.message.contains("NC-2026-01,"))
        .unwrap();
    assert!(typo
        .help
        .as_deref()
        .is_some_and(|h| h.starts_with("did you mean `NC-2026-001`?")));
    let stage2 = diagnostics
        .iter()
        .find(|d| {
            d.name == "nc-finding-not-registered" && d.file.as_deref() == Some("certification.yaml")
        })
        .unwrap();
    assert!(stage2
        .message
        .starts_with("the stage-2 audit in certification.yaml"));
}

#[test]
fn the_input_pack_lists_the_audits_held_since_the_previous_review() {
    let project = copy_fixture("management-reviews");
    let report = |id: &str, date: &str, findings: &str| {
        format!(
            "---\nid: {id}\ntitle: Internal audit\nowner: CISO\ntype: audit\nstatus: done\ndate: {date}\nauditors: [External consultant]\nfindings: [{findings}]\n---\n"
        )
    };
    project.write(
        "audits/IA-2025-1.md",
        report("IA-2025-1", "2025-03-01", "NC-A"),
    );
    project.write(
        "audits/IA-2025-2.md",
        report("IA-2025-2", "2025-09-01", "NC-C"),
    );
    project.write(
        "certification.yaml",
        "certified: 2024-05-20\nexpires: 2027-05-19\naudits:\n  - { kind: surveillance-1, date: 2025-04-22, result: passed }\n  - { kind: surveillance-2, date: 2026-04-20, result: passed, findings: [NC-C] }\n",
    );
    let out = tempdir();
    let site = out.path().join("site");
    let run = build_json(&project.root, &site);
    assert!(!run.panicked(), "{run}");
    let json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(site.join("annexa.json")).unwrap()).unwrap();
    let audits: Vec<(String, String)> = json["management-reviews"]["input_pack"]["audits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["date"].as_str().unwrap().to_string(),
                a["name"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        audits,
        vec![
            (
                "2025-09-01".to_string(),
                "IA-2025-2 Internal audit".to_string()
            ),
            (
                "2026-04-20".to_string(),
                "External audit: surveillance-2".to_string()
            ),
        ]
    );
    let page = fs::read_to_string(site.join("management-review-input.html")).unwrap();
    let section = page
        .split("id=\"pack-audits\"")
        .nth(1)
        .unwrap()
        .split("</section>")
        .next()
        .unwrap();
    assert!(
        section.contains("IA-2025-2") && !section.contains("IA-2025-1"),
        "{section}"
    );
    assert!(section.contains("docs/nc-c.html"), "{section}");
}

#[test]
fn a_held_review_without_a_date_is_reported_and_not_counted() {
    let project = write_project(&[(
        "management-reviews/MR-1.md",
        "---\nid: MR-1\ntitle: Held, no date\nowner: CISO\nstatus: held\ndecisions: [One]\n---\n",
    )]);
    let run = check_json(&project.root);
    let found = places(&run, |n| n.starts_with("mr-"));
    assert_eq!(
        found,
        vec![place(
            "mr-held-without-date",
            "management-reviews/MR-1.md",
            5,
            1
        )],
        "{run}"
    );
}
