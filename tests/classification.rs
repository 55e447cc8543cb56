//! Classification-aware publishing: a build limited to `internal` leaves out everything of a
//! confidential document — page, search entry, export rows, titles in lists — and links to
//! it become plain text.

mod common;

use std::fs;
use std::io::Cursor;
use std::path::Path;

use calamine::{open_workbook_from_rs, Reader, Xlsx};
use common::{build_json, run, write_project, TempProject};

const CANARY: &str = "CANARY-91c2e7";

fn project(config: &str) -> TempProject {
    write_project(&[
        ("annexa.toml", config),
        (
            "soa.yaml",
            "framework: iso27001-2022\ncontrols:\n  A.5.1:\n    applicable: true\n    status: implemented\n    justification: Needed.\n  A.5.24:\n    applicable: true\n    status: implemented\n    justification: Needed.\n",
        ),
        (
            "policies/public.md",
            "---\nid: POL-PUB\ntitle: Public Policy\nstatus: approved\nclassification: public\nowner: CISO\nlast_reviewed: 2026-06-01\ncontrols: [A.5.1]\n---\n# Public\n\nOpen text.\n",
        ),
        (
            "policies/internal.md",
            "---\nid: POL-INT\ntitle: Internal Policy\nstatus: approved\nclassification: internal\nowner: CISO\nlast_reviewed: 2026-06-01\ncontrols: [A.5.1]\nrelated: [POL-SECRET]\n---\n# Internal\n\nSee [[POL-SECRET]] and [[POL-SECRET|the plan]].\n",
        ),
        (
            "policies/secret.md",
            &format!(
                "---\nid: POL-SECRET\ntitle: Merger Plan {CANARY}\nstatus: approved\nclassification: confidential\nowner: CISO\nversion: \"{CANARY}\"\nlast_reviewed: 2025-01-01\ncontrols: [A.5.1, A.5.24]\nrelated: [POL-INT]\nhistory:\n  - {{ version: \"1\", date: 2025-01-01, change: {CANARY} }}\n---\n# Secret {CANARY}\n\nThe body says {CANARY}. See [[POL-INT]].\n"
            ),
        ),
    ])
}

/// Every text of the site, with the cells of the spreadsheet.
fn all_text(site: &Path) -> Vec<(String, String)> {
    let mut texts = Vec::new();
    for path in common::list_files(site) {
        let full = site.join(&path);
        if path.ends_with(".xlsx") {
            let bytes = fs::read(&full).unwrap_or_default();
            let mut book: Xlsx<_> =
                open_workbook_from_rs(Cursor::new(bytes)).expect("soa.xlsx opens");
            for name in book.sheet_names() {
                if let Ok(range) = book.worksheet_range(&name) {
                    for row in range.rows() {
                        for cell in row {
                            texts.push((path.clone(), cell.to_string()));
                        }
                    }
                }
            }
        } else {
            texts.push((
                path.clone(),
                String::from_utf8_lossy(&fs::read(&full).unwrap_or_default()).into_owned(),
            ));
        }
    }
    texts
}

/// Asserts that no file of `site` (every page, script, JSON, CSV, calendar and the cells of
/// the spreadsheet) holds any of `ids` (ignoring case: the search index holds terms in lower
/// case) or `titles`.
fn assert_never_named(site: &Path, ids: &[&str], titles: &[&str]) {
    let texts = all_text(site);
    assert!(
        texts.iter().any(|(path, _)| path == "index.html")
            && texts.iter().any(|(path, _)| path.ends_with(".xlsx"))
            && texts.iter().any(|(path, _)| path.ends_with(".ics")),
        "the site is missing files: {:?}",
        texts.iter().map(|(p, _)| p).collect::<Vec<_>>()
    );
    for (path, text) in texts {
        let lower = text.to_lowercase();
        for id in ids {
            if let Some(at) = lower.find(&id.to_lowercase()) {
                let around: String = lower[at..].chars().take(120).collect();
                panic!("the withheld id {id} is in {path}: {around}…");
            }
        }
        for title in titles {
            assert!(
                !text.contains(title),
                "the withheld title {title:?} is in {path}"
            );
        }
    }
}

fn assert_nothing_leaks(site: &Path) {
    assert!(
        !site.join("docs/pol-secret.html").exists(),
        "no page for the confidential document"
    );
    assert_never_named(site, &["POL-SECRET"], &["Merger Plan"]);
    // A control that only the withheld document covers is not covered on this site: "covered"
    // with no document listed would betray it.
    let model: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(site.join("annexa.json")).unwrap_or_default())
            .expect("annexa.json");
    let a_5_24 = model["controls"]
        .as_array()
        .and_then(|c| c.iter().find(|c| c["id"] == "A.5.24"))
        .expect("A.5.24 in annexa.json");
    assert_eq!(a_5_24["covered"], false, "{a_5_24}");
    assert_eq!(a_5_24["documents"], serde_json::json!([]), "{a_5_24}");
    for (path, text) in all_text(site) {
        assert!(!text.contains(CANARY), "the canary leaked into {path}");
        assert!(
            !text.contains("Merger Plan"),
            "the confidential title leaked into {path}"
        );
        assert!(
            !text.contains("pol-secret.html"),
            "a link to the confidential page leaked into {path}"
        );
    }
}

#[test]
fn an_internal_build_leaves_out_confidential_documents_entirely() {
    let project = project("title = \"T\"\n");
    let out = project.beside("site");
    let built = run([
        "build",
        &project.root.to_string_lossy(),
        "-o",
        &out.to_string_lossy(),
        "--today",
        "2026-11-25",
        "--format",
        "json",
        "--max-classification",
        "internal",
    ]);
    assert_eq!(built.code, 0, "{built}");
    assert_nothing_leaks(&out);
    let page = fs::read_to_string(out.join("docs/pol-int.html")).unwrap_or_default();
    assert!(
        page.contains("See <span class=\"unpublished-link\""),
        "links become plain text: {page}"
    );
    assert!(
        page.contains("the plan</span>"),
        "a piped link keeps its own text"
    );
    let unpublished: Vec<_> = built
        .diagnostics()
        .into_iter()
        .filter(|d| d.name == "link-to-unpublished")
        .collect();
    let places: Vec<(Option<String>, Option<u64>)> = unpublished
        .iter()
        .map(|d| (d.file.clone(), d.line))
        .collect();
    assert!(
        places.contains(&(Some("policies/internal.md".into()), Some(13))),
        "{places:?}"
    );
    assert!(
        places.contains(&(Some("policies/internal.md".into()), Some(9))),
        "the related: entry: {places:?}"
    );
    // The public and internal documents are there.
    assert!(out.join("docs/pol-pub.html").is_file() && out.join("docs/pol-int.html").is_file());
}

#[test]
fn content_example_built_for_internal_names_no_withheld_document() {
    let out = common::tempdir();
    let site = out.path().join("site");
    let built = run([
        "build",
        &common::content_example().to_string_lossy(),
        "-o",
        &site.to_string_lossy(),
        "--today",
        common::TODAY,
        "--format",
        "json",
        "--max-classification",
        "internal",
    ]);
    assert_eq!(built.code, 0, "{built}");
    // The warnings that name them are for the terminal only.
    assert!(
        built
            .diagnostics()
            .iter()
            .any(|d| d.name == "link-to-unpublished" && d.message.contains("STD-CLOUD")),
        "{built}"
    );
    assert_never_named(
        &site,
        &["STD-CLOUD", "REC-SUP", "REC-RISK"],
        &[
            "Cloud Hardening Baseline",
            "Supplier Register (Critical and High Tier)",
            "Risk Register Summary 2026",
        ],
    );
}

#[test]
fn the_limit_can_be_set_in_annexa_toml() {
    let project = project("title = \"T\"\n[publish]\nmax_classification = \"internal\"\n");
    let out = project.beside("site");
    let built = build_json(&project.root, &out);
    assert_eq!(built.code, 0, "{built}");
    assert_nothing_leaks(&out);
}

#[test]
fn without_a_limit_the_confidential_document_is_published() {
    let project = project("title = \"T\"\n");
    let out = project.beside("site");
    let built = build_json(&project.root, &out);
    assert_eq!(built.code, 0, "{built}");
    let page = fs::read_to_string(out.join("docs/pol-secret.html")).unwrap_or_default();
    assert!(
        page.contains(CANARY),
        "the canary test can fail: the canary is in the full build"
    );
}

#[test]
fn an_unknown_level_is_an_argument_error() {
    let project = project("title = \"T\"\n");
    let result = run([
        "build",
        &project.root.to_string_lossy(),
        "--max-classification",
        "secret",
    ]);
    assert_eq!(result.code, 2, "{result}");
    assert!(result.stderr.contains("not a classification"), "{result}");
}
