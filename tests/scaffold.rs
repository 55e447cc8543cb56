//! `annexa init` and `annexa new`: a starter project that builds, and new documents with
//! the next free id.

mod common;

use std::fs;

use common::{run, tempdir};

#[test]
fn init_creates_a_project_that_checks_and_builds() {
    let tmp = tempdir();
    let dir = tmp.path().join("my-isms");
    let dir_arg = dir.to_string_lossy().into_owned();
    let created = run(["init", &dir_arg]);
    assert_eq!(created.code, 0, "{created}");
    assert!(
        created.stdout.contains("annexa serve"),
        "init prints the next commands: {created}"
    );
    assert!(dir.join("annexa.toml").is_file() && dir.join("soa.yaml").is_file());
    assert!(!dir.join("_site").exists(), "no built output is copied");
    let checked = run([
        "check",
        &dir_arg,
        "--today",
        "2026-11-25",
        "--format",
        "json",
    ]);
    assert_eq!(checked.code, 0, "{checked}");
    assert!(checked.errors().is_empty());
    let out = tmp.path().join("site");
    let built = run([
        "build",
        &dir_arg,
        "-o",
        &out.to_string_lossy(),
        "--today",
        "2026-11-25",
    ]);
    assert_eq!(built.code, 0, "{built}");
    assert!(out.join("index.html").is_file());
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let tmp = tempdir();
    fs::write(tmp.path().join("keep.md"), "mine").ok();
    let result = run(["init", &tmp.path().to_string_lossy()]);
    assert_eq!(result.code, 2, "{result}");
    assert!(result.stderr.contains("not empty"), "{result}");
    assert_eq!(
        fs::read_to_string(tmp.path().join("keep.md"))
            .ok()
            .as_deref(),
        Some("mine")
    );
    assert_eq!(fs::read_dir(tmp.path()).map(|d| d.count()).unwrap_or(0), 1);
}

#[test]
fn new_writes_a_draft_with_the_next_free_id() {
    let project = common::write_project(&[
        (
            "annexa.toml",
            "title = \"T\"\n[types.risk]\nprefix = \"RSK\"\nfolder = \"risks\"\n",
        ),
        ("policies/a.md", "---\nid: POL-007\ntitle: A\n---\n"),
        ("policies/b.md", "---\nid: POL-AC\ntitle: B\n---\n"),
    ]);
    let root = project.root.to_string_lossy().into_owned();
    let created = run([
        "new",
        "policy",
        "Mobile Device Policy",
        &root,
        "--today",
        "2026-11-25",
    ]);
    assert_eq!(created.code, 0, "{created}");
    let path = project.root.join("policies/mobile-device-policy.md");
    assert_eq!(
        created.stdout.trim(),
        path.to_string_lossy(),
        "new prints the path"
    );
    let text = fs::read_to_string(&path).unwrap_or_default();
    assert!(text.contains("id: POL-008\n"), "{text}");
    assert!(text.contains("status: draft\n"), "{text}");
    assert!(text.contains("date: 2026-11-25"), "{text}");
    assert!(text.contains("owner:"), "{text}");

    let second = run([
        "new",
        "policy",
        "Second Policy",
        &root,
        "--today",
        "2026-11-25",
    ]);
    assert_eq!(second.code, 0, "{second}");
    let text =
        fs::read_to_string(project.root.join("policies/second-policy.md")).unwrap_or_default();
    assert!(text.contains("id: POL-009\n"), "{text}");

    let risk = run([
        "new",
        "risk",
        "Supplier outage",
        &root,
        "--today",
        "2026-11-25",
    ]);
    assert_eq!(risk.code, 0, "{risk}");
    assert!(project.root.join("risks/supplier-outage.md").is_file());

    let checked = run(["check", &root, "--today", "2026-11-25", "--format", "json"]);
    assert!(
        checked.errors().is_empty(),
        "new documents check without errors: {checked}"
    );
}

#[test]
fn new_rejects_unknown_types_and_existing_files() {
    let project = common::write_project(&[("policies/a.md", "---\nid: POL-001\ntitle: A\n---\n")]);
    let root = project.root.to_string_lossy().into_owned();
    let unknown = run(["new", "polcy", "X", &root]);
    assert_eq!(unknown.code, 2, "{unknown}");
    assert!(
        unknown.stderr.contains("did you mean `policy`"),
        "{unknown}"
    );
    let first = run(["new", "policy", "Same Title", &root]);
    assert_eq!(first.code, 0, "{first}");
    let again = run(["new", "policy", "Same Title", &root]);
    assert_eq!(again.code, 2, "{again}");
    assert!(again.stderr.contains("already exists"), "{again}");
}
