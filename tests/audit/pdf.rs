//! `annexa pdf`: the manual's text as `pdftotext` extracts it (every published document's
//! title, every SoA row, running headers and page numbers, the classification marking),
//! repeatable bytes, `--max-classification`, and its error paths.

use std::path::Path;
use std::process::Command;

use crate::common::{content_example, copy_dir, copy_fixture, run, tempdir, Run, TODAY};

/// pdftotext (poppler-utils, installed by .ci/install-test-tools); None when missing, which
/// fails under CI=true.
pub fn pdftotext(pdf: &Path) -> Option<String> {
    match Command::new("pdftotext")
        .args(["-layout"])
        .arg(pdf)
        .arg("-")
        .output()
    {
        Ok(output) if output.status.success() => {
            Some(String::from_utf8_lossy(&output.stdout).into_owned())
        }
        Ok(output) => panic!(
            "pdftotext failed on {}: {}",
            pdf.display(),
            String::from_utf8_lossy(&output.stderr)
        ),
        Err(_) if std::env::var("CI").as_deref() == Ok("true") => {
            panic!("pdftotext is missing: run .ci/install-test-tools (poppler-utils)")
        }
        Err(_) => {
            eprintln!("SKIPPED: pdftotext is missing (apt-get install poppler-utils, or .ci/install-test-tools)");
            None
        }
    }
}

fn pdf(project: &Path, out: &Path, extra: &[&str]) -> Run {
    let mut args: Vec<&std::ffi::OsStr> = vec![
        "pdf".as_ref(),
        project.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
        "--today".as_ref(),
        TODAY.as_ref(),
    ];
    args.extend(extra.iter().map(|a| std::ffi::OsStr::new(*a)));
    run(args)
}

/// (id, title, classification) of each published document of the example, from annexa.json.
fn example_documents() -> Vec<(String, String, String)> {
    let dir = tempdir();
    let out = dir.path().join("site");
    let built = crate::common::build_json(&content_example(), &out);
    assert!(out.join("annexa.json").is_file(), "{built}");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("annexa.json")).unwrap()).unwrap();
    json["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["id"].as_str().unwrap().to_string(),
                d["title"].as_str().unwrap().to_string(),
                d["classification"]
                    .as_str()
                    .unwrap_or("internal")
                    .to_string(),
            )
        })
        .collect()
}

/// pdftotext breaks nothing inside a line but may pad between words: compare words.
fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_manual_holds_every_document_and_every_soa_row_with_headers_and_markings() {
    let dir = tempdir();
    let project = dir.path().join("example");
    copy_dir(&content_example(), &project);
    let out = dir.path().join("manual.pdf");
    let run = pdf(&project, &out, &[]);
    assert_eq!(run.code, 0, "{run}");
    let Some(text) = pdftotext(&out) else { return };
    let flat = squeeze(&text);
    let documents = example_documents();
    assert!(documents.len() > 30);
    for (id, title, _) in &documents {
        assert!(flat.contains(&squeeze(title)), "{id} {title} missing");
    }
    for control in ["A.5.1 ", "A.5.23 ", "A.6.8 ", "A.7.14 ", "A.8.34 "] {
        assert!(text.contains(control), "SoA row {control} missing");
    }
    let pages = text.matches('\u{c}').count();
    let last = format!("page {pages} of {pages}");
    assert!(
        text.contains("page 1 of ") && text.contains(&last),
        "no running page numbers up to {last}"
    );
    assert!(
        text.contains("POL-AC v2.1 · Access Control Policy"),
        "no running header"
    );
    assert!(text.contains("Document control") && text.contains("Contents"));
    // The contents give each document's page: POL-AC's entry names the page whose header is POL-AC.
    let entry = text
        .lines()
        .find(|l| {
            l.trim_start().starts_with("POL-AC ")
                && l.split_whitespace()
                    .last()
                    .is_some_and(|n| n.parse::<usize>().is_ok())
        })
        .unwrap();
    let number: usize = entry.split_whitespace().last().unwrap().parse().unwrap();
    let page = text.split('\u{c}').nth(number - 1).unwrap();
    assert!(
        page.contains("POL-AC v2.1"),
        "contents point POL-AC at page {number}: {page}"
    );
    assert!(page.contains("INTERNAL"), "{page}");
    assert!(
        text.contains("RESTRICTED"),
        "the most restricted document sets the cover's marking"
    );
    assert!(
        run.stderr.contains(&format!(
            "({pages} pages, {} documents and the SoA)",
            documents.len()
        )),
        "{run}"
    );

    // The same project and date give the same bytes.
    let again = dir.path().join("again.pdf");
    assert_eq!(pdf(&project, &again, &[]).code, 0);
    assert_eq!(std::fs::read(&out).unwrap(), std::fs::read(&again).unwrap());
}

#[test]
fn max_classification_leaves_confidential_documents_out_of_the_manual() {
    let dir = tempdir();
    let out = dir.path().join("internal.pdf");
    let run = pdf(
        &content_example(),
        &out,
        &["--max-classification", "internal"],
    );
    assert_eq!(run.code, 0, "{run}");
    let Some(text) = pdftotext(&out) else { return };
    let flat = squeeze(&text);
    let documents = example_documents();
    let (hidden, shown): (Vec<_>, Vec<_>) = documents
        .iter()
        .partition(|(_, _, c)| c == "confidential" || c == "restricted");
    assert!(!hidden.is_empty());
    for (id, title, _) in hidden {
        assert!(
            !flat.contains(&squeeze(title)),
            "{id} {title} is in the internal manual"
        );
        assert!(
            !text.contains(&format!("{id} ")),
            "{id} is named in the internal manual"
        );
    }
    for (id, title, _) in shown {
        assert!(flat.contains(&squeeze(title)), "{id} {title} missing");
    }
    assert!(!text.contains("CONFIDENTIAL") && !text.contains("RESTRICTED"));
}

#[test]
fn errors_write_no_pdf_and_an_unwritable_place_fails_first() {
    let project = copy_fixture("broken-reference");
    let out = project.dir.path().join("manual.pdf");
    let run = pdf(&project.root, &out, &[]);
    assert_eq!(run.code, 1, "{run}");
    assert!(run.stderr.contains("no PDF was written"), "{run}");
    let left: Vec<_> = std::fs::read_dir(project.dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(left.len(), 1, "{left:?}");

    let run = pdf(
        &project.root,
        &project.dir.path().join("no/such/manual.pdf"),
        &[],
    );
    assert_eq!(run.code, 2, "{run}");
    assert!(run.stderr.contains("cannot write the PDF to"), "{run}");
}

/// (control, applicable, status) of every decision in the example's soa.yaml, read here
/// with serde_yaml rather than by annexa.
fn example_decisions() -> Vec<(String, bool, String)> {
    let text = std::fs::read_to_string(content_example().join("soa.yaml")).unwrap();
    let yaml: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    yaml["controls"]
        .as_mapping()
        .unwrap()
        .iter()
        .map(|(id, d)| {
            (
                id.as_str().unwrap().to_string(),
                d["applicable"].as_bool().unwrap(),
                d["status"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

#[test]
fn the_soa_alone_has_every_decision_and_figures_recounted_from_soa_yaml() {
    let dir = tempdir();
    let project = dir.path().join("example");
    copy_dir(&content_example(), &project);
    let out = dir.path().join("manual.pdf");
    let run = pdf(&project, &out, &[]);
    assert_eq!(run.code, 0, "{run}");
    let soa = dir
        .path()
        .join(format!("statement-of-applicability-{TODAY}.pdf"));
    assert!(soa.is_file(), "no SoA beside the manual: {run}");
    assert!(
        run.stderr.contains("(the Statement of Applicability,"),
        "{run}"
    );
    let Some(text) = pdftotext(&soa) else { return };
    let decisions = example_decisions();
    assert_eq!(decisions.len(), 93);
    for (id, applicable, status) in &decisions {
        let row = text
            .lines()
            .find(|l| l.starts_with(&format!("{id} ")))
            .unwrap_or_else(|| panic!("no row for {id}"));
        let cells: Vec<&str> = row.split_whitespace().collect();
        let expected = if *applicable { "yes" } else { "no" };
        assert!(cells.contains(&expected), "{id}: {row}");
        if !status.is_empty() {
            assert!(cells.contains(&status.as_str()), "{id}: {row}");
        }
    }
    let applicable = decisions.iter().filter(|d| d.1).count();
    let implemented = decisions
        .iter()
        .filter(|d| d.1 && d.2 == "implemented")
        .count();
    let excluded = decisions.len() - applicable;
    let figures = format!(
        "93: {applicable} applicable ({implemented} implemented), {excluded} excluded, 0 undecided"
    );
    assert!(squeeze(&text).contains(&figures), "no `{figures}`");
    assert!(text.contains("Statement of Applicability v2026.2"));
    assert!(
        text.contains("Documents: ISMS-ROLES"),
        "documents per control"
    );
    assert!(
        !text.contains("Access Control Policy"),
        "the SoA alone holds no document"
    );
    // The same inputs give the same bytes.
    let first = std::fs::read(&soa).unwrap();
    let again = dir.path().join("again.pdf");
    let run = pdf(
        &project,
        &again,
        &[
            "--soa-output",
            dir.path().join("again-soa.pdf").to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 0, "{run}");
    assert_eq!(
        std::fs::read(dir.path().join("again-soa.pdf")).unwrap(),
        first
    );
}

#[test]
fn without_soa_yaml_there_is_no_soa_pdf_and_an_unwritable_soa_place_fails_first() {
    let project = copy_fixture("serve-basic");
    let out = project.dir.path().join("manual.pdf");
    let run = pdf(&project.root, &out, &[]);
    assert_eq!(run.code, 0, "{run}");
    assert!(out.is_file());
    assert!(
        run.stderr
            .contains("no soa.yaml: no Statement of Applicability PDF"),
        "{run}"
    );
    let left: Vec<String> = std::fs::read_dir(project.dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".pdf") || n.ends_with(".partial"))
        .collect();
    assert_eq!(left, ["manual.pdf"]);

    std::fs::remove_file(&out).unwrap();
    let nowhere = project.dir.path().join("no/such/soa.pdf");
    let run = pdf(
        &project.root,
        &out,
        &["--soa-output", nowhere.to_str().unwrap()],
    );
    assert_eq!(run.code, 2, "{run}");
    assert!(
        run.stderr.contains("cannot write the PDF to") && run.stderr.contains("--soa-output"),
        "{run}"
    );
    assert!(
        !out.exists(),
        "the manual is not written when the SoA cannot be"
    );
}

#[test]
fn pdf_build_puts_both_pdfs_into_the_site_and_links_them() {
    let dir = tempdir();
    let project = dir.path().join("example");
    copy_dir(&content_example(), &project);
    let plain = dir.path().join("plain");
    let built = crate::common::build_json(&project, &plain);
    assert_eq!(built.code, 0, "{built}");
    assert!(!plain.join("isms-manual.pdf").exists());
    assert!(!std::fs::read_to_string(plain.join("index.html"))
        .unwrap()
        .contains("Manual as PDF"));

    let config = project.join("annexa.toml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str("\n[pdf]\nbuild = true\n");
    std::fs::write(&config, text).unwrap();
    let site = dir.path().join("site");
    let built = crate::common::build_json(&project, &site);
    assert_eq!(built.code, 0, "{built}");
    let manual = site.join("isms-manual.pdf");
    let soa = site.join("statement-of-applicability.pdf");
    assert!(std::fs::read(&manual).unwrap().starts_with(b"%PDF-"));
    assert!(std::fs::read(&soa).unwrap().starts_with(b"%PDF-"));
    let home = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(
        home.contains(r#"href="isms-manual.pdf" download>Manual as PDF"#),
        "no link on the home page"
    );
    let soa_page = std::fs::read_to_string(site.join("soa.html")).unwrap();
    assert!(soa_page.contains(r#"href="statement-of-applicability.pdf" download"#));
    // The same PDF as `annexa pdf` writes.
    let out = dir.path().join("manual.pdf");
    let run = pdf(&project, &out, &[]);
    assert_eq!(run.code, 0, "{run}");
    assert_eq!(
        std::fs::read(&out).unwrap(),
        std::fs::read(&manual).unwrap()
    );
}
