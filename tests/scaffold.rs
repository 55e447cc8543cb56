//! `annexa init` and `annexa new`: a starter ISMS that checks with warnings only and
//! builds, the README's CI recipe on it, and new documents with the project's next id.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use common::{check_json, check_links, run, tempdir, Run, TODAY};

/// Every file under `root`, relative, with its text.
fn texts(root: &Path) -> BTreeMap<String, String> {
    common::list_files(root)
        .into_iter()
        .filter(|rel| !rel.ends_with('/'))
        .map(|rel| {
            let text = fs::read_to_string(root.join(&rel)).unwrap_or_default();
            (rel, text)
        })
        .collect()
}

/// `annexa init DIR --organisation NAME --today TODAY`, which must succeed.
fn init_starter(dir: &Path, organisation: &str) -> Run {
    let created = run([
        "init",
        &dir.to_string_lossy(),
        "--organisation",
        organisation,
        "--today",
        TODAY,
    ]);
    assert_eq!(created.code, 0, "{created}");
    created
}

/// Builds `dir` into `out`; the site must have no broken link.
fn build_and_check_links(dir: &Path, out: &Path, extra: &[&str]) {
    let mut args = vec![
        "build".to_string(),
        dir.to_string_lossy().into_owned(),
        "-o".into(),
        out.to_string_lossy().into_owned(),
        "--today".into(),
        TODAY.into(),
        "--format".into(),
        "json".into(),
    ];
    args.extend(extra.iter().map(|a| a.to_string()));
    let built = run(&args);
    assert_eq!(built.code, 0, "{built}");
    assert!(out.join("index.html").is_file() && out.join("soa.html").is_file());
    let broken = check_links(out);
    assert!(broken.is_empty(), "broken links: {broken:#?}");
}

#[test]
fn init_writes_a_starter_isms_for_the_organisation_that_checks_with_warnings_only() {
    let tmp = tempdir();
    let dir = tmp.path().join("my-isms");
    let created = init_starter(&dir, "Acme & Sons GmbH");
    assert!(
        created.stdout.contains("annexa serve"),
        "init prints the next commands: {created}"
    );
    let files = texts(&dir);
    let names: Vec<&str> = files.keys().map(String::as_str).collect();
    for expected in [
        ".github/workflows/isms.yml",
        ".gitignore",
        "README.md",
        "annexa.toml",
        "soa.yaml",
        "isms/scope.md",
        "isms/information-security-policy.md",
        "isms/risk-methodology.md",
        "isms/objectives.md",
        "isms/competence-awareness.md",
        "isms/document-control.md",
        "isms/internal-audit.md",
        "isms/management-review.md",
        "isms/nonconformity-corrective-action.md",
    ] {
        assert!(
            names.contains(&expected),
            "{expected} missing from {names:?}"
        );
    }
    assert_eq!(files[".gitignore"], "_site/\n");
    for (rel, text) in &files {
        assert!(!text.contains("Northwind"), "{rel} names Northwind");
        assert!(!text.contains("{{"), "{rel} keeps a placeholder");
    }
    assert!(files["annexa.toml"].contains("organisation = \"Acme & Sons GmbH\""));
    // The ISO/IEC 27001 clause each skeleton fulfils, as guidance, and the name filled in.
    for (rel, clause) in [
        ("isms/scope.md", "clause 4.3"),
        ("isms/information-security-policy.md", "clause 5.2"),
        ("isms/risk-methodology.md", "clause 6.1.3"),
        ("isms/objectives.md", "clause 6.2"),
        ("isms/competence-awareness.md", "clause 7.2"),
        ("isms/document-control.md", "clause 7.5"),
        ("isms/internal-audit.md", "clause 9.2"),
        ("isms/management-review.md", "clause 9.3"),
        ("isms/nonconformity-corrective-action.md", "clause 10.2"),
    ] {
        let text = &files[rel];
        assert!(text.contains(clause), "{rel} does not mention {clause}");
        assert!(text.contains("status: draft\n"), "{rel} is not a draft");
        assert!(text.contains(r"Acme \& Sons GmbH"), "{rel} lacks the name");
        assert!(
            text.contains(&format!("date: {TODAY}")),
            "{rel} is not dated"
        );
        assert!(text.matches("\n## ").count() >= 4, "{rel} has few sections");
    }

    // Warnings only: the 93 undecided controls, each at its own line of soa.yaml.
    let checked = check_json(&dir);
    assert_eq!(checked.code, 0, "{checked}");
    let diagnostics = checked.diagnostics();
    assert!(
        diagnostics
            .iter()
            .all(|d| d.level == "warning" && d.name == "soa-missing-decision"),
        "{checked}"
    );
    assert_eq!(diagnostics.len(), 93, "{checked}");
    let soa_lines: Vec<&str> = files["soa.yaml"].lines().collect();
    for d in &diagnostics {
        let line = d.line.unwrap_or(0) as usize;
        let id = d.message.split(' ').next().unwrap_or("");
        assert!(
            line > 0
                && soa_lines[line - 1]
                    .trim_start()
                    .starts_with(&format!("{id}:")),
            "{id} is reported at soa.yaml:{line}, not at its entry"
        );
    }

    build_and_check_links(&dir, &tmp.path().join("site"), &[]);
    build_and_check_links(&dir, &tmp.path().join("site-drafts"), &["--drafts"]);
    let page =
        fs::read_to_string(tmp.path().join("site-drafts/docs/isms-scope.html")).unwrap_or_default();
    assert!(page.contains("Acme &amp; Sons GmbH"), "{page}");
}

/// The CI recipe of README.md, as a YAML block: the workflow `annexa init` writes.
fn readme_ci_recipe() -> String {
    let readme = fs::read_to_string(common::repo_root().join("README.md")).unwrap_or_default();
    let section = readme
        .split("\n## CI recipe (GitHub Actions)\n")
        .nth(1)
        .unwrap_or_default();
    let block = section.split("```yaml\n").nth(1).unwrap_or_default();
    block.split("```").next().unwrap_or_default().to_string()
}

/// Marks every control of a starter soa.yaml applicable, as a user deciding the SoA would.
fn decide_every_control(soa: &str) -> String {
    soa.lines()
        .map(|line| match line.strip_prefix("  A.") {
            Some(rest) => {
                let id = rest.split(':').next().unwrap_or("");
                format!("  A.{id}: {{ applicable: true, status: planned, justification: Needed for the services we run }}")
            }
            None => line.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The `annexa …` commands of a workflow's `run:` lines, split into arguments.
fn annexa_commands(workflow: &str) -> Vec<Vec<String>> {
    workflow
        .lines()
        .filter_map(|l| l.trim().strip_prefix("- run: annexa "))
        .map(|c| c.split_whitespace().map(str::to_string).collect())
        .collect()
}

/// Runs the commands in `dir`, as a CI job would; the runs in order.
fn run_in(dir: &Path, commands: &[Vec<String>]) -> Vec<Run> {
    commands
        .iter()
        .map(|args| {
            let output = common::annexa_command(args)
                .current_dir(dir)
                .env("SOURCE_DATE_EPOCH", "1764028800") // 2025-11-25
                .output()
                .unwrap_or_else(|e| panic!("cannot run annexa: {e}"));
            Run {
                code: output.status.code().unwrap_or(-1),
                stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
                stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
            }
        })
        .collect()
}

#[test]
fn the_readme_ci_recipe_is_the_starter_workflow_and_passes_once_the_soa_is_decided() {
    let tmp = tempdir();
    let dir = tmp.path().join("isms");
    init_starter(&dir, "Example Ltd");
    let workflow = fs::read_to_string(dir.join(".github/workflows/isms.yml")).unwrap_or_default();
    assert_eq!(
        workflow,
        readme_ci_recipe(),
        "the workflow init writes is the README's CI recipe"
    );
    assert!(
        !workflow.contains("example") && workflow.contains("cargo install --locked --path .annexa"),
        "annexa is built from a source the project pins, not from a placeholder URL"
    );
    let commands = annexa_commands(&workflow);
    assert_eq!(
        commands.iter().map(|c| c[0].as_str()).collect::<Vec<_>>(),
        ["check", "pack", "build"]
    );

    // Undecided, the gate fails, on the undecided controls only.
    let before = run_in(&dir, &commands[..1]);
    assert_eq!(before[0].code, 1, "{}", before[0]);
    assert_eq!(
        before[0].stdout.matches("::error ").count(),
        93,
        "{}",
        before[0]
    );
    assert!(
        before[0].stdout.contains("title=soa-missing-decision"),
        "{}",
        before[0]
    );

    let soa = fs::read_to_string(dir.join("soa.yaml")).unwrap_or_default();
    fs::write(dir.join("soa.yaml"), decide_every_control(&soa)).ok();
    let after = run_in(&dir, &commands);
    for run in &after {
        assert_eq!(run.code, 0, "{run}");
    }
    // What is left shows on the pull request without failing it: the controls that no
    // approved document implements yet, since every document is still a draft.
    assert!(!after[0].stdout.contains("::error "), "{}", after[0]);
    let warnings: Vec<&str> = after[0]
        .stdout
        .lines()
        .filter(|l| l.starts_with("::warning "))
        .collect();
    assert_eq!(warnings.len(), 93, "{}", after[0]);
    assert!(
        warnings
            .iter()
            .all(|w| w.contains("title=soa-uncovered-control")),
        "{}",
        after[0]
    );
    assert!(dir.join("site/index.html").is_file());
    let manifest = std::process::Command::new("unzip")
        .args(["-p", "evidence-pack.zip", "MANIFEST.txt"])
        .current_dir(&dir)
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default();
    assert!(
        dir.join("evidence-pack.zip").is_file() && manifest.starts_with("annexa evidence pack"),
        "{manifest}"
    );
}

#[test]
fn init_says_how_to_install_annexa_when_it_is_not_on_the_path() {
    let tmp = tempdir();
    let init = |dir: &str, path: &std::ffi::OsStr| {
        let output = common::annexa_command(["init", dir, "--organisation", "Acme"])
            .current_dir(tmp.path())
            .env("PATH", path)
            .output()
            .unwrap_or_else(|e| panic!("cannot run annexa: {e}"));
        assert!(output.status.success(), "{output:?}");
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    let hint = "install it from its source folder with `cargo install --locked --path .`";
    let missing = init("a", std::ffi::OsStr::new(""));
    assert!(missing.contains(hint), "{missing}");
    let bin_dir = common::annexa_bin()
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let installed = init("b", bin_dir.as_os_str());
    assert!(!installed.contains(hint), "{installed}");
}

#[test]
fn soa_add_missing_fills_the_starter_soa_in_place() {
    let tmp = tempdir();
    let dir = tmp.path().join("isms");
    init_starter(&dir, "Example Ltd");
    let added = run(["soa", "add-missing", &dir.to_string_lossy()]);
    assert_eq!(added.code, 0, "{added}");
    let soa = fs::read_to_string(dir.join("soa.yaml")).unwrap_or_default();
    assert_eq!(soa.matches("\n  A.5.1:").count(), 1, "{soa}");
    assert!(
        soa.contains("\n  A.5.1:  # Policies for information security\n    applicable: true\n"),
        "{soa}"
    );
    let checked = check_json(&dir);
    let errors = checked.errors();
    assert_eq!(errors.len(), 93, "{checked}");
    assert!(
        errors.iter().all(|d| d.name == "soa-empty-justification"),
        "{checked}"
    );
}

#[test]
fn init_example_copies_the_example_project() {
    let tmp = tempdir();
    let dir = tmp.path().join("northwind");
    let created = run(["init", &dir.to_string_lossy(), "--example"]);
    assert_eq!(created.code, 0, "{created}");
    let copied = texts(&dir);
    let original = texts(&common::content_example());
    let expected: BTreeMap<&String, &String> = original
        .iter()
        .filter(|(rel, _)| !rel.starts_with('_') && !rel.starts_with('.'))
        .collect();
    assert_eq!(copied.iter().collect::<BTreeMap<_, _>>(), expected);
    let checked = check_json(&dir);
    assert_eq!(checked.code, 0, "{checked}");
    let both = run(["init", "x", "--example", "--organisation", "Acme"]);
    assert_eq!(both.code, 2, "{both}");
    let neither = run(["init", &tmp.path().join("y").to_string_lossy()]);
    assert_eq!(neither.code, 2, "{neither}");
    assert!(neither.stderr.contains("--organisation"), "{neither}");
}

#[test]
fn init_refuses_a_folder_that_is_not_empty_unless_forced_and_never_replaces_a_file() {
    let tmp = tempdir();
    fs::create_dir_all(tmp.path().join("isms")).ok();
    fs::write(tmp.path().join("keep.md"), "mine").ok();
    fs::write(tmp.path().join("isms/scope.md"), "my scope").ok();
    let root = tmp.path().to_string_lossy().into_owned();
    let refused = run(["init", &root, "--organisation", "Acme"]);
    assert_eq!(refused.code, 2, "{refused}");
    assert!(refused.stderr.contains("not empty"), "{refused}");
    assert!(refused.stderr.contains("--force"), "{refused}");
    assert_eq!(texts(tmp.path()).len(), 2, "nothing was written");

    let forced = run(["init", &root, "--organisation", "Acme", "--force"]);
    assert_eq!(forced.code, 0, "{forced}");
    assert!(forced.stdout.contains("kept isms/scope.md"), "{forced}");
    let files = texts(tmp.path());
    assert_eq!(files["keep.md"], "mine");
    assert_eq!(files["isms/scope.md"], "my scope");
    assert!(files.contains_key("isms/internal-audit.md") && files.contains_key("soa.yaml"));
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

#[test]
fn new_follows_initials_ids_and_warns_about_a_similar_title() {
    let project = common::write_project(&[
        (
            "policies/access-control.md",
            "---\nid: POL-AC\ntitle: Access Control Policy\n---\n",
        ),
        (
            "policies/remote-working.md",
            "---\nid: POL-RW\ntitle: Remote Working Policy\n---\n",
        ),
        (
            "policies/old.md",
            "---\nid: POL-001\ntitle: Old Policy\n---\n",
        ),
        (
            "procedures/remote.md",
            "---\nid: PRO-001\ntitle: Remote Working Procedure\n---\n",
        ),
    ]);
    let root = project.root.to_string_lossy().into_owned();
    let new = |title: &str| run(["new", "policy", title, &root, "--today", TODAY]);

    let mobile = new("Mobile Device Policy");
    assert_eq!(mobile.code, 0, "{mobile}");
    assert!(!mobile.stderr.contains("warning"), "{mobile}");
    let text = fs::read_to_string(project.root.join("policies/mobile-device-policy.md"))
        .unwrap_or_default();
    assert!(text.contains("id: POL-MD\n"), "{text}");
    let body = text.splitn(3, "---\n").nth(2).unwrap_or_default();
    assert!(
        !body.contains("Mobile Device Policy") && !body.contains("\n# "),
        "the body does not repeat the title: {body}"
    );
    assert!(body.contains("## 3. Policy statements\n"), "{body}");

    // A similar title of the same type: a warning naming it; the id stays free.
    let again = new("Remote Work Policy");
    assert_eq!(again.code, 0, "{again}");
    assert!(
        again.stderr.contains(
            "warning: POL-RW Remote Working Policy already exists (policies/remote-working.md)"
        ),
        "{again}"
    );
    assert!(
        !again.stderr.contains("PRO-001"),
        "other types are not similar: {again}"
    );
    let text =
        fs::read_to_string(project.root.join("policies/remote-work-policy.md")).unwrap_or_default();
    assert!(text.contains("id: POL-RW2\n"), "{text}");

    let checked = check_json(&project.root);
    assert!(checked.errors().is_empty(), "{checked}");
}

#[test]
fn new_follows_numbered_ids_and_the_style_set_in_annexa_toml() {
    let project = common::write_project(&[
        ("policies/a.md", "---\nid: POL-001\ntitle: A Policy\n---\n"),
        ("policies/b.md", "---\nid: POL-002\ntitle: B Policy\n---\n"),
        (
            "policies/c.md",
            "---\nid: POL-AC\ntitle: Access Control Policy\n---\n",
        ),
        ("standards/s.md", "---\nid: STD-001\ntitle: S\n---\n"),
    ]);
    let root = project.root.to_string_lossy().into_owned();
    let created = run(["new", "policy", "Remote Working Policy", &root]);
    assert_eq!(created.code, 0, "{created}");
    let text = fs::read_to_string(project.root.join("policies/remote-working-policy.md"))
        .unwrap_or_default();
    assert!(text.contains("id: POL-003\n"), "{text}");
    // No guideline yet: the style of the project's other ids.
    let guideline = run(["new", "guideline", "Secure Coding", &root]);
    assert_eq!(guideline.code, 0, "{guideline}");
    let text =
        fs::read_to_string(project.root.join("guidelines/secure-coding.md")).unwrap_or_default();
    assert!(text.contains("id: GDL-001\n"), "{text}");

    project.write("annexa.toml", "[types.policy]\nids = \"initials\"\n");
    let chosen = run(["new", "policy", "Clean Desk Policy", &root]);
    assert_eq!(chosen.code, 0, "{chosen}");
    let text =
        fs::read_to_string(project.root.join("policies/clean-desk-policy.md")).unwrap_or_default();
    assert!(text.contains("id: POL-CD\n"), "{text}");
}

/// The plain Markdown files of tests/fixtures/import-plain that have no front matter, with
/// their bytes.
fn plain_documents() -> Vec<(&'static str, Vec<u8>)> {
    [
        "guidelines/clean-desk.md",
        "plans/business-continuity.md",
        "policies/acceptable-use.md",
        "policies/access-control-policy.md",
        "procedures/incident-response.md",
        "standards/password-standard.md",
    ]
    .into_iter()
    .map(|rel| {
        let bytes = fs::read(common::fixture("import-plain").join(rel))
            .unwrap_or_else(|e| panic!("{rel}: {e}"));
        (rel, bytes)
    })
    .collect()
}

#[test]
fn import_markdown_writes_front_matter_from_what_the_files_say_and_the_result_builds() {
    let source = common::copy_fixture("import-plain");
    let out = source.beside("project");
    let imported = run([
        "import",
        "markdown",
        &source.root.to_string_lossy(),
        "--into",
        &out.to_string_lossy(),
    ]);
    assert_eq!(imported.code, 0, "{imported}");
    for line in [
        "policies/access-control-policy.md: POL-AC Access Control Policy\n",
        "procedures/incident-response.md: PRO-IR Incident Response Procedure\n",
        "guidelines/visitor-guideline.md: has front matter, left as it is\n",
        "  - approved: `12/03/2025` could be day/month or month/day (write it as YYYY-MM-DD) (line 7)\n",
        "  - last_reviewed: `last spring` is not a date annexa can read (write it as YYYY-MM-DD) (line 4)\n",
        "standards/password-standard.md: STD-PAS Password Standard\n",
    ] {
        assert!(imported.stdout.contains(line), "missing {line:?} in:\n{imported}");
    }
    // Every decided value, for the file that says everything.
    let access =
        fs::read_to_string(out.join("policies/access-control-policy.md")).unwrap_or_default();
    assert!(
        access.starts_with("---\nid: POL-AC\ntitle: Access Control Policy\nstatus: approved\nversion: \"2.1\"\nowner: Head of IT\napprover: CISO\nclassification: internal\nlast_reviewed: 2025-03-01\nreview_every: 12 months\n---\n# Access Control Policy\n"),
        "{access}"
    );
    // Bodies byte for byte (the CRLF one too), after the front matter.
    for (rel, original) in plain_documents() {
        let written = fs::read(out.join(rel)).unwrap_or_default();
        assert!(written.starts_with(b"---"), "{rel} has front matter");
        assert!(
            written.ends_with(&original),
            "{rel}: the body is not kept as it was"
        );
    }
    let crlf = fs::read_to_string(out.join("guidelines/clean-desk.md")).unwrap_or_default();
    assert!(crlf.starts_with("---\r\nid: GDL-CD\r\n"), "{crlf:?}");
    // The rest is copied as it is.
    for rel in [
        "guidelines/visitor-guideline.md",
        "README.md",
        "policies/attachments/account-request.txt",
        "templates/policy-template.md",
    ] {
        assert_eq!(
            fs::read(out.join(rel)).ok(),
            fs::read(source.root.join(rel)).ok(),
            "{rel}"
        );
    }

    // The result checks with warnings only (the templates/ folder among them) and builds.
    let checked = check_json(&out);
    assert_eq!(checked.code, 0, "{checked}");
    let names: Vec<String> = checked.diagnostics().into_iter().map(|d| d.name).collect();
    assert!(
        names.iter().any(|n| n == "markdown-in-theme-overrides"),
        "{names:?}"
    );
    let site = source.beside("site");
    let built = run([
        "build",
        &out.to_string_lossy(),
        "-o",
        &site.to_string_lossy(),
        "--drafts",
        "--today",
        TODAY,
    ]);
    assert_eq!(built.code, 0, "{built}");
    let page = fs::read_to_string(site.join("docs/pro-ir.html")).unwrap_or_default();
    assert!(
        page.contains("diagram-source"),
        "the procedure's diagram is there"
    );
    assert!(
        site.join("docs/std-pas.html").is_file(),
        "drafts are built with --drafts"
    );
    // Without drafts (the published site), every link leads somewhere. (With --drafts,
    // owners.html links the feed of an owner of drafts only, which is not written: a
    // problem of the owners page, not of the import.)
    let published = source.beside("published");
    let built = run([
        "build",
        &out.to_string_lossy(),
        "-o",
        &published.to_string_lossy(),
        "--today",
        TODAY,
    ]);
    assert_eq!(built.code, 0, "{built}");
    assert!(published.join("docs/pol-ac.html").is_file());
    let broken = check_links(&published);
    assert!(broken.is_empty(), "{broken:?}");

    // Again into the same folder: every file is there, none is replaced.
    let before = common::snapshot(&out);
    let again = run([
        "import",
        "markdown",
        &source.root.to_string_lossy(),
        "--into",
        &out.to_string_lossy(),
    ]);
    assert_eq!(again.code, 0, "{again}");
    assert!(
        again.stdout.contains("policies/access-control-policy.md: "),
        "{again}"
    );
    assert!(
        again.stdout.contains("is there already, left as it is"),
        "{again}"
    );
    assert!(
        again.stderr.contains("0 other files copied, 3 kept"),
        "{again}"
    );
    assert!(common::snapshot_diff(&before, &common::snapshot(&out)).is_empty());
}

#[test]
fn import_markdown_in_place_adds_front_matter_once() {
    let project = common::copy_fixture("import-plain");
    let dir = project.root.to_string_lossy().into_owned();
    let first = run(["import", "markdown", &dir]);
    assert_eq!(first.code, 0, "{first}");
    for (rel, original) in plain_documents() {
        let written = fs::read(project.root.join(rel)).unwrap_or_default();
        assert!(
            written.starts_with(b"---") && written.ends_with(&original),
            "{rel}"
        );
    }
    assert_eq!(check_json(&project.root).code, 0);
    // No temporary file is left, and a second run changes nothing.
    let before = common::snapshot(&project.root);
    assert!(
        !before.keys().any(|k| k.contains("annexa-import")),
        "{:?}",
        before.keys()
    );
    let second = run(["import", "markdown", &dir]);
    assert_eq!(second.code, 0, "{second}");
    assert!(
        second.stderr.contains("wrote front matter for 0 documents"),
        "{second}"
    );
    assert!(common::snapshot_diff(&before, &common::snapshot(&project.root)).is_empty());
}

#[test]
fn import_markdown_refuses_what_it_cannot_do() {
    let project = common::copy_fixture("import-plain");
    let missing = run([
        "import",
        "markdown",
        &project.beside("nowhere").to_string_lossy(),
    ]);
    assert_eq!(missing.code, 2, "{missing}");
    assert!(
        missing.stderr.contains("is not a folder of Markdown files"),
        "{missing}"
    );
    let before = common::snapshot(&project.root);
    let inside = project.root.join("out");
    let nested = run([
        "import",
        "markdown",
        &project.root.to_string_lossy(),
        "--into",
        &inside.to_string_lossy(),
    ]);
    assert_eq!(nested.code, 2, "{nested}");
    assert!(
        nested
            .stderr
            .contains("write the project to a folder of its own"),
        "{nested}"
    );
    assert!(common::snapshot_diff(&before, &common::snapshot(&project.root)).is_empty());
    let bad_config = project.beside("bad");
    fs::create_dir_all(&bad_config).ok();
    fs::write(bad_config.join("annexa.toml"), "titel = 1\n").ok();
    let refused = run(["import", "markdown", &bad_config.to_string_lossy()]);
    assert_eq!(refused.code, 2, "{refused}");
    assert!(
        refused.stderr.contains("fix annexa.toml first"),
        "{refused}"
    );
}
