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
