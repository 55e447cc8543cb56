//! Suppliers, the asset inventory and the legal register (DESIGN.md, "Suppliers, assets and
//! obligations"): bad values at their places, every lint on a fixture, the pages, exports,
//! annexa.json and calendars of the fixture.

mod common;

use common::*;

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
        // Only a closed nonconformity deals with it; OBL-SOURCED has an open one (NC-1's
        // `source:`); a supplier is not a nonconformity.
        place(
            "obligation-noncompliant-untreated",
            "obligations.yaml",
            61,
            13,
        ),
        place("broken-reference", "obligations.yaml", 69, 23),
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
    // The nonconformities' own checks are theirs.
    let found: Vec<_> = places(&run, ours)
        .into_iter()
        .filter(|p| !p.1.starts_with("nonconformities/"))
        .collect();
    assert_eq!(found, expected, "{run}");
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

/// The fixture built with its errors allowed (the pages show what the lints report).
fn built_fixture() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempdir();
    let site = tmp.path().join("site");
    let run = run([
        "build".as_ref(),
        fixture("suppliers").as_os_str(),
        "-o".as_ref(),
        site.as_os_str(),
        "--today".as_ref(),
        TODAY.as_ref(),
        "-A".as_ref(),
        "unknown-asset".as_ref(),
        "-A".as_ref(),
        "unknown-supplier".as_ref(),
        "-A".as_ref(),
        "unknown-control".as_ref(),
        "-A".as_ref(),
        "broken-reference".as_ref(),
    ] as [&std::ffi::OsStr; 14]);
    assert_eq!(run.code, 0, "{run}");
    (tmp, site)
}

fn read(site: &std::path::Path, file: &str) -> String {
    std::fs::read_to_string(site.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
}

/// The rows of a CSV export (its byte order mark dropped).
fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

#[test]
fn the_registers_show_what_the_files_say() {
    let (_tmp, site) = built_fixture();
    let suppliers = read(&site, "suppliers.html");
    // Every supplier has a row with its filter values; the filters wait for the script.
    assert_eq!(suppliers.matches("<tr id=\"supplier-").count(), 11);
    // The filters are radio buttons that CSS alone acts on.
    assert!(suppliers
        .contains("<input type=\"radio\" name=\"sf-assessment\" id=\"sf-assessment-overdue\">"));
    assert!(suppliers.contains("<tr id=\"supplier-SUP-02\" data-criticality=\"high\" data-status=\"active\" data-data=\"internal\" data-assessment=\"overdue\""));
    assert!(suppliers.contains("<tr id=\"supplier-SUP-10\" data-criticality=\"low\" data-status=\"onboarding\" data-data=\"\" data-assessment=\"never\""));
    assert!(suppliers.contains("until <time datetime=\"2026-10-31\">2026-10-31</time> (expired)"));
    assert!(
        suppliers.contains("until <time datetime=\"2027-01-15\">2027-01-15</time> (expiring soon)")
    );
    assert!(suppliers.contains("1 clause missing"));
    // A supplier's page has its block, its assets linked to the inventory.
    let page = read(&site, "docs/sup-01.html");
    assert!(page.contains("<h2 id=\"supplier-heading\">Supplier</h2>"));
    assert!(
        page.contains("href=\"../assets.html#asset-as-1\""),
        "{page}"
    );
    let late = read(&site, "docs/sup-02.html");
    assert!(late.contains("<strong>Assessment overdue</strong> — it was due on 2026-10-01."));

    let assets = read(&site, "assets.html");
    assert_eq!(assets.matches("<tr id=\"asset-").count(), 3);
    assert!(assets.contains("<a href=\"docs/r-01.html\" title=\"Database breach\">R-01</a>"));
    assert!(assets.contains("<span class=\"badge review-overdue\">no owner</span>"));
    assert!(assets.contains("<a href=\"docs/sup-01.html\">Good Cloud</a>"));

    let obligations = read(&site, "obligations.html");
    assert_eq!(obligations.matches("<tr id=\"obligation-").count(), 10);
    // The nonconformity that names the obligation as its source is listed with it.
    assert!(
        obligations.contains(
            "<a href=\"docs/nc-1.html\" title=\"Contractual log retention not met\">NC-1</a>"
        ),
        "{obligations}"
    );
    assert!(
        obligations.contains("<a href=\"controls/a-5-34.html\""),
        "{obligations}"
    );
    assert!(obligations.contains("Renegotiate the contract"));

    let home = read(&site, "index.html");
    for heading in ["Suppliers", "Assets", "Legal and contractual obligations"] {
        assert!(home.contains(&format!(">{heading}</h2>")), "{heading}");
    }
    for entry in ["suppliers.html", "assets.html", "obligations.html"] {
        assert!(home.contains(&format!("href=\"{entry}\"")), "{entry}");
    }
    assert!(check_links(&site).is_empty(), "{:?}", check_links(&site));
}

#[test]
fn the_exports_read_back_equal_the_files() {
    let (_tmp, site) = built_fixture();
    let rows = csv_rows(&read(&site, "suppliers.csv"));
    assert_eq!(rows.len(), 12);
    let column = |name: &str| rows[0].iter().position(|c| c == name).unwrap();
    let row = |id: &str| rows.iter().find(|r| r[0] == id).unwrap().clone();
    // The next assessment is the last one plus the criticality's interval.
    let late = row("SUP-02");
    assert_eq!(late[column("Last assessed")], "2025-10-01");
    assert_eq!(late[column("Next assessment")], "2026-10-01");
    assert_eq!(late[column("Assessment")], "overdue");
    assert_eq!(row("SUP-01")[column("Assessed every")], "6 months");
    assert_eq!(row("SUP-05")[column("Missing clauses")], "confidentiality");
    assert_eq!(row("SUP-03")[column("Certificate state")], "expired");

    use calamine::{Reader, Xlsx};
    let mut book: Xlsx<_> = calamine::open_workbook(site.join("suppliers.xlsx")).unwrap();
    assert_eq!(book.sheet_names(), vec!["Suppliers", "Certificates"]);
    let sheet = book.worksheet_range("Suppliers").unwrap();
    assert_eq!(sheet.height(), 12);
    for (r, line) in sheet.rows().enumerate() {
        let cells: Vec<String> = line.iter().map(|c| c.to_string()).collect();
        assert_eq!(cells, rows[r], "row {r}");
    }
    let certificates = book.worksheet_range("Certificates").unwrap();
    assert_eq!(certificates.height(), 6);

    let assets = csv_rows(&read(&site, "assets.csv"));
    assert_eq!(
        assets,
        [
            [
                "id",
                "name",
                "type",
                "owner",
                "classification",
                "supplier",
                "location",
                "risks"
            ],
            [
                "AS-1",
                "Production database",
                "database",
                "CTO",
                "restricted",
                "SUP-01",
                "eu-central-1",
                "R-01"
            ],
            ["AS-2", "Laptops", "hardware", "", "internal", "", "", ""],
            [
                "AS-3",
                "Payroll system",
                "application",
                "HR Lead",
                "confidential",
                "SUP-2",
                "",
                ""
            ],
        ]
    );
    let obligations = csv_rows(&read(&site, "obligations.csv"));
    assert_eq!(obligations.len(), 11);
    assert_eq!(obligations[1][0], "OBL-GDPR");
    assert_eq!(obligations[1][12], "2027-03-01");

    let json: serde_json::Value = serde_json::from_str(&read(&site, "annexa.json")).unwrap();
    assert_eq!(json["suppliers"].as_array().unwrap().len(), 11);
    assert_eq!(json["assets"].as_array().unwrap().len(), 3);
    assert_eq!(json["obligations"].as_array().unwrap().len(), 10);
    assert_eq!(json["suppliers"][1]["next_assessment"], "2026-10-01");
    assert_eq!(json["obligations"][4]["status"], "non-compliant");
    let text = json.to_string();
    assert!(
        !text.contains("_class") && !text.contains("_label"),
        "presentation leaks into annexa.json"
    );

    let ics = read(&site, "reviews.ics");
    for summary in [
        "SUMMARY:OVERDUE: Supplier assessment of SUP-02: Late Payroll",
        "SUMMARY:ISO/IEC 27001 certificate of SUP-04 (Expiring Certs) expires",
        "SUMMARY:Contract with SUP-07 (Ended Contract) ends",
        "SUMMARY:OVERDUE: Review of the obligation OBL-NIS2: NIS2 Directive",
    ] {
        assert!(ics.contains(summary), "{summary}");
    }
    // Offboarded suppliers have no dates to keep.
    assert!(!ics.contains("SUP-08"));
}

#[test]
fn new_writes_a_supplier_record_that_reads_cleanly() {
    let project = write_project(&[("annexa.toml", "title = \"T\"\n")]);
    let made = run([
        "new".as_ref(),
        "supplier".as_ref(),
        "Acme Cloud".as_ref(),
        project.root.as_os_str(),
        "--today".as_ref(),
        TODAY.as_ref(),
    ] as [&std::ffi::OsStr; 6]);
    assert_eq!(made.code, 0, "{made}");
    assert!(
        made.stderr
            .contains("created SUP-001, a supplier being onboarded"),
        "{made}"
    );
    let text = std::fs::read_to_string(project.root.join("suppliers/acme-cloud.md")).unwrap();
    assert!(
        text.contains("type: supplier\nstatus: onboarding"),
        "{text}"
    );
    let run = check_json(&project.root);
    let names: Vec<String> = run.diagnostics().into_iter().map(|d| d.name).collect();
    assert!(
        !names
            .iter()
            .any(|n| n.starts_with("invalid-") || n == "unknown-field"),
        "{run}"
    );
    assert!(
        names.contains(&"supplier-assessment-overdue".to_string()),
        "{run}"
    );
}

#[test]
fn the_example_has_suppliers_an_inventory_the_risks_resolve_in_and_a_legal_register() {
    let run = run([
        "check".as_ref(),
        content_example().as_os_str(),
        "--today".as_ref(),
        "2026-11-28".as_ref(),
        "--format".as_ref(),
        "json".as_ref(),
    ] as [&std::ffi::OsStr; 6]);
    assert_eq!(run.code, 0, "{run}");
    let diagnostics = run.diagnostics();
    let named = |name: &str| diagnostics.iter().filter(|d| d.name == name).count();
    assert_eq!(
        named("unknown-asset") + named("unknown-supplier"),
        0,
        "{run}"
    );
    assert_eq!(named("supplier-assessment-overdue"), 1, "{run}");
    assert_eq!(named("supplier-certificate-expiring"), 1, "{run}");
    let suppliers = std::fs::read_dir(content_example().join("suppliers"))
        .unwrap()
        .count();
    assert!((10..=15).contains(&suppliers), "{suppliers} suppliers");
    let obligations = std::fs::read_to_string(content_example().join("obligations.yaml")).unwrap();
    let count = obligations.matches("\n  - id: ").count();
    assert!((6..=10).contains(&count), "{count} obligations");
    // Every asset a risk names is in the inventory (read independently of annexa).
    let inventory = std::fs::read_to_string(content_example().join("assets.yaml")).unwrap();
    for entry in std::fs::read_dir(content_example().join("risks")).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let Some(line) = text.lines().find(|l| l.starts_with("assets:")) else {
            continue;
        };
        for id in line["assets:".len()..]
            .trim()
            .trim_matches(['[', ']'])
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            assert!(
                inventory.contains(&format!("id: {id},")),
                "{id} is not in assets.yaml"
            );
        }
    }
}
