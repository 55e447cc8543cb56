//! Suppliers, the asset inventory and the legal register (DESIGN.md, "Suppliers, assets and
//! obligations"): bad values at their places, every lint on a fixture, the pages, exports,
//! annexa.json and calendars of the fixture.

mod common;

use common::*;

fn places(run: &Run, keep: impl Fn(&str) -> bool) -> Vec<(String, String, u64, u64)> {
    let mut found: Vec<_> = run
        .diagnostics()
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
        .collect();
    found.sort();
    found
}

fn place(name: &str, file: &str, line: u64, column: u64) -> (String, String, u64, u64) {
    (name.into(), file.into(), line, column)
}

#[test]
fn bad_supplier_fields_are_reported_where_written() {
    let project = write_project(&[(
        "suppliers/SUP-X.md",
        "---\nid: SUP-X\ntitle: X\nstatus: activ\ncriticality: hihg\ndata: secret\ncertifications: [{ standard: ISO 27001, expires: 2027-02-30 }]\ncontract: { start: 2026-01-01, end: 2025-01-01, clausess: [a] }\ndpa: maybe\nlast_assessed: yesterday\nassess_every: often\nservice: Hosting\n---\n",
    )]);
    let run = check_json(&project.root);
    let found = places(&run, |n| n.starts_with("invalid-") || n == "unknown-field");
    let mut expected = vec![
        place("invalid-front-matter", "suppliers/SUP-X.md", 4, 9),
        place("invalid-front-matter", "suppliers/SUP-X.md", 5, 14),
        place("invalid-front-matter", "suppliers/SUP-X.md", 6, 7),
        place("invalid-date", "suppliers/SUP-X.md", 7, 50),
        place("unknown-field", "suppliers/SUP-X.md", 8, 49),
        place("invalid-front-matter", "suppliers/SUP-X.md", 8, 37),
        place("invalid-front-matter", "suppliers/SUP-X.md", 9, 6),
        place("invalid-date", "suppliers/SUP-X.md", 10, 16),
        place("invalid-front-matter", "suppliers/SUP-X.md", 11, 15),
        place("unknown-field", "suppliers/SUP-X.md", 12, 1),
    ];
    expected.sort();
    assert_eq!(found, expected, "{run}");
    let diagnostics = run.diagnostics();
    let help = |line: u64| {
        diagnostics
            .iter()
            .find(|d| d.line == Some(line) && d.file.as_deref() == Some("suppliers/SUP-X.md"))
            .and_then(|d| d.help.clone())
            .unwrap_or_default()
    };
    assert!(help(4).starts_with("did you mean `active`?"), "{}", help(4));
    assert!(help(5).starts_with("did you mean `high`?"), "{}", help(5));
    assert_eq!(help(12), "did you mean `services`?");
}

#[test]
fn bad_registers_and_settings_are_reported_where_written() {
    let project = write_project(&[
        (
            "assets.csv",
            "id,name,ownr,classification\nAS-1,Db,CTO,internal\nAS-2,Laptop,,confidental\n",
        ),
        (
            "obligations.yaml",
            "obligations:\n  - id: OBL-1\n    title: GDPR\n    knd: law\n    status: compliant\n",
        ),
    ]);
    let run = check_json(&project.root);
    let found = places(&run, |n| n.starts_with("invalid-") || n == "unknown-field");
    let expected = vec![
        place("invalid-assets", "assets.csv", 3, 14),
        place("unknown-field", "assets.csv", 1, 9),
        place("unknown-field", "obligations.yaml", 4, 5),
    ];
    assert_eq!(found, expected, "{run}");

    let project = write_project(&[(
        "annexa.toml",
        "[suppliers]\nassess_every = { hihg = \"12 months\" }\n",
    )]);
    let run = check_json(&project.root);
    assert_eq!(
        places(&run, |n| n == "invalid-config"),
        [place("invalid-config", "annexa.toml", 2, 18)],
        "{run}"
    );
}

#[test]
fn every_supplier_asset_and_obligation_lint_is_reported_at_its_place() {
    let run = check_json(&fixture("suppliers"));
    assert_eq!(run.code, 1, "{run}");
    let ours = |n: &str| {
        n.starts_with("supplier-")
            || n.starts_with("obligation-")
            || n.starts_with("asset-")
            || n.starts_with("unknown-")
            || n == "broken-reference"
            || n.contains("review")
    };
    let mut expected = vec![
        place("asset-without-owner", "assets.yaml", 3, 5),
        place("unknown-supplier", "assets.yaml", 9, 15),
        place("obligation-review-overdue", "obligations.yaml", 13, 5),
        place("obligation-review-overdue", "obligations.yaml", 20, 5),
        place("obligation-without-control", "obligations.yaml", 25, 5),
        place(
            "obligation-noncompliant-untreated",
            "obligations.yaml",
            34,
            13,
        ),
        place("unknown-control", "obligations.yaml", 47, 16),
        place("broken-reference", "obligations.yaml", 49, 23),
        place("unknown-asset", "risks/R-01.md", 7, 16),
        place("supplier-assessment-overdue", "suppliers/SUP-02.md", 9, 1),
        place("supplier-certificate-expired", "suppliers/SUP-03.md", 8, 5),
        place("supplier-certificate-expiring", "suppliers/SUP-04.md", 8, 5),
        place(
            "supplier-contract-clause-missing",
            "suppliers/SUP-05.md",
            7,
            11,
        ),
        place("supplier-data-without-dpa", "suppliers/SUP-06.md", 7, 7),
        place("supplier-contract-ended", "suppliers/SUP-07.md", 7, 11),
        place("supplier-without-criticality", "suppliers/SUP-09.md", 1, 1),
        place("supplier-assessment-overdue", "suppliers/SUP-10.md", 1, 1),
        place("unknown-asset", "suppliers/SUP-11.md", 8, 16),
    ];
    expected.sort();
    assert_eq!(places(&run, ours), expected, "{run}");
    let diagnostics = run.diagnostics();
    let message = |name: &str, file: &str| {
        diagnostics
            .iter()
            .find(|d| d.name == name && d.file.as_deref() == Some(file))
            .map(|d| (d.message.clone(), d.help.clone().unwrap_or_default()))
            .unwrap_or_default()
    };
    // The interval comes from the criticality; annexa.toml's [suppliers] overrides one.
    assert_eq!(
        message("supplier-assessment-overdue", "suppliers/SUP-02.md").0,
        "the assessment of SUP-02 was due on 2026-10-01 (every 12 months for a high supplier)"
    );
    assert!(
        message("supplier-assessment-overdue", "suppliers/SUP-10.md")
            .1
            .contains("every 36 months for a low supplier")
    );
    assert_eq!(
        message("unknown-supplier", "assets.yaml").1,
        "did you mean `SUP-02`? write the id of a record in suppliers/, or add suppliers/SUP-2.md"
    );
    assert!(message("unknown-asset", "risks/R-01.md")
        .1
        .starts_with("did you mean `AS-1`?"));
    // Suppliers are reviewed by their assessments: no document review lints for them.
    assert!(!diagnostics.iter().any(|d| d.name.contains("review")
        && d.file
            .as_deref()
            .is_some_and(|f| f.starts_with("suppliers/"))));
}

#[test]
fn the_settings_change_what_is_required() {
    let project = copy_fixture("suppliers");
    project.write(
        "annexa.toml",
        "[suppliers]\nwarn_before = \"1 week\"\nassess_every = { high = \"24 months\" }\nclauses = { medium = [] }\n",
    );
    let run = check_json(&project.root);
    let names: Vec<(String, String)> = run
        .diagnostics()
        .into_iter()
        .map(|d| (d.name, d.file.unwrap_or_default()))
        .collect();
    for (name, file) in [
        ("supplier-assessment-overdue", "suppliers/SUP-02.md"),
        ("supplier-certificate-expiring", "suppliers/SUP-04.md"),
        ("supplier-contract-clause-missing", "suppliers/SUP-05.md"),
    ] {
        assert!(
            !names.contains(&(name.to_string(), file.to_string())),
            "{name} in {file}: {run}"
        );
    }
}
