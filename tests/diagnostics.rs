//! One fixture project per diagnostic, under `tests/fixtures/<name>/`: the command, the
//! exit code, and the diagnostics it must print (name, file, line, column), like the
//! README's examples. Also: exit code 2 for runs that cannot happen, refused output
//! folders, and the human (rustc-style) and GitHub output formats.

mod common;

use std::ffi::OsStr;
use std::fs;
use std::path::Path;

use common::{
    copy_fixture, run, snapshot, snapshot_diff, write_project, Diag, Run, TempProject, TODAY,
};

/// An expected diagnostic: (name, file, line, column).
type Place = (&'static str, &'static str, Option<u64>, Option<u64>);

fn at(name: &'static str, file: &'static str, line: u64, column: u64) -> Place {
    (name, file, Some(line), Some(column))
}

fn places(diagnostics: &[Diag]) -> Vec<(&str, &str, Option<u64>, Option<u64>)> {
    diagnostics.iter().map(Diag::place).collect()
}

/// `annexa check FIXTURE --today 2026-11-25 --format json`.
fn check(project: &TempProject) -> Run {
    common::check_json(&project.root)
}

/// `annexa build FIXTURE --today 2026-11-25 --format json` (output: FIXTURE/_site).
fn build_default_output(project: &TempProject) -> Run {
    run([
        OsStr::new("build"),
        project.root.as_os_str(),
        OsStr::new("--today"),
        OsStr::new(TODAY),
        OsStr::new("--format"),
        OsStr::new("json"),
    ])
}

/// Runs `check` and `build` on a copy of the fixture and asserts that both exit with 1,
/// report exactly the `expected` errors (in this order), and that `build` writes nothing
/// at all: no `_site`, no staging folder, no other file. Returns the errors for more
/// assertions.
fn expect_errors(fixture: &str, expected: &[Place]) -> Vec<Diag> {
    let project = copy_fixture(fixture);
    let checked = check(&project);
    assert_eq!(checked.code, 1, "annexa check {fixture}:\n{checked}");
    let errors = checked.errors();
    assert_eq!(
        places(&errors),
        expected.to_vec(),
        "annexa check {fixture}: errors differ:\n{errors:#?}"
    );

    let before = snapshot(project.dir.path());
    let built = build_default_output(&project);
    assert_eq!(built.code, 1, "annexa build {fixture}:\n{built}");
    assert_eq!(
        built.errors(),
        errors,
        "annexa build {fixture} reports other errors than check"
    );
    assert!(
        !project.root.join("_site").exists(),
        "annexa build {fixture} created _site despite errors"
    );
    let after = snapshot(project.dir.path());
    assert!(
        before == after,
        "annexa build {fixture} changed files despite errors:\n{}",
        snapshot_diff(&before, &after).join("\n")
    );
    assert!(
        built.stderr.contains("annexa: ") && built.stderr.contains(" error"),
        "no summary line on stderr:\n{}",
        built.stderr
    );
    errors
}

#[test]
fn invalid_front_matter_is_located_in_the_md_file() {
    // tests/fixtures/invalid-front-matter/policies/bad-yaml.md, line 5: `  owner: Head of IT`
    // is indented under `status:`. Line 5 of the file is line 4 of the YAML between the
    // `---` lines: the diagnostic must use the file's numbering.
    let errors = expect_errors(
        "invalid-front-matter",
        &[at("invalid-front-matter", "policies/bad-yaml.md", 5, 8)],
    );
    assert!(
        !errors[0].message.contains("at line"),
        "the message repeats the YAML fragment's position: {}",
        errors[0].message
    );
}

#[test]
fn missing_title_is_reported_at_the_front_matter() {
    // tests/fixtures/missing-field/policies/no-title.md has an id but no title.
    let errors = expect_errors(
        "missing-field",
        &[at("missing-field", "policies/no-title.md", 1, 1)],
    );
    assert!(errors[0].message.contains("title"), "{}", errors[0].message);
}

#[test]
fn duplicate_id_shows_both_places() {
    // policies/access-control.md and procedures/backup.md both say `id: POL-DUP`; the first
    // in path order keeps it, the second is reported, pointing back at the first.
    let errors = expect_errors(
        "duplicate-id",
        &[at("duplicate-id", "procedures/backup.md", 2, 5)],
    );
    let related: Vec<(&str, Option<u64>, Option<u64>)> = errors[0]
        .related
        .iter()
        .map(|r| (r.file.as_str(), r.line, r.column))
        .collect();
    assert_eq!(
        related,
        vec![("policies/access-control.md", Some(2), Some(5))],
        "{:#?}",
        errors[0]
    );
    assert!(
        !errors[0].related[0].label.is_empty(),
        "the related place has no label"
    );
    assert!(
        errors[0].message.contains("POL-DUP"),
        "{}",
        errors[0].message
    );
}

#[test]
fn broken_references_point_at_the_link() {
    // tests/fixtures/broken-reference/policies/source.md, lines 12 to 15:
    //   Broken: see [[NOPE]] for details.
    //   Anchor: read [[POL-TARGET#missing-anchor]] first.
    //   File: the [procedure](../procedures/missing.md) does not exist.
    //   Übersicht — siehe [[ALSO-NOPE]].          (columns count characters, not bytes)
    let errors = expect_errors(
        "broken-reference",
        &[
            at("broken-reference", "policies/source.md", 12, 13),
            at("broken-reference", "policies/source.md", 13, 14),
            at("broken-reference", "policies/source.md", 14, 11),
            at("broken-reference", "policies/source.md", 15, 19),
        ],
    );
    assert!(errors[0].message.contains("NOPE"), "{}", errors[0].message);
    assert!(
        errors[1].message.contains("missing-anchor"),
        "{}",
        errors[1].message
    );
    assert!(
        errors[2].message.contains("missing.md"),
        "{}",
        errors[2].message
    );
    assert!(
        errors[3].message.contains("ALSO-NOPE"),
        "{}",
        errors[3].message
    );
}

#[test]
fn unknown_field_is_a_warning_with_did_you_mean() {
    // tests/fixtures/unknown-field/policies/typo.md, line 5: `last_reveiwed: 2026-06-01`.
    let project = copy_fixture("unknown-field");
    let checked = check(&project);
    assert_eq!(
        checked.code, 0,
        "warnings alone must not fail the run:\n{checked}"
    );
    assert!(checked.errors().is_empty(), "{checked}");
    let diagnostics = checked.diagnostics();
    let typo = diagnostics
        .iter()
        .find(|d| d.name == "unknown-field")
        .unwrap_or_else(|| panic!("no unknown-field diagnostic:\n{checked}"));
    assert_eq!(typo.place(), at("unknown-field", "policies/typo.md", 5, 1));
    assert_eq!(typo.level, "warning");
    let help = typo.help.as_deref().unwrap_or("");
    assert!(
        help.contains("did you mean `last_reviewed`"),
        "help: {help:?}"
    );

    // With warnings only, build writes the site (default: _site in the project).
    let built = build_default_output(&project);
    assert_eq!(built.code, 0, "{built}");
    assert!(
        built
            .diagnostics()
            .iter()
            .any(|d| d.name == "unknown-field"),
        "{built}"
    );
    let site = project.root.join("_site");
    assert!(
        site.join("index.html").is_file(),
        "build wrote no _site/index.html"
    );
    assert!(
        site.join("docs/pol-typo.html").is_file(),
        "build wrote no docs/pol-typo.html"
    );
    assert!(
        site.join(".annexa-output").is_file(),
        "the output folder has no .annexa-output marker"
    );
}

#[test]
fn a_document_without_status_is_a_warning_at_its_front_matter() {
    // tests/fixtures/missing-status/policies/no-status.md has no `status:`; approved.md has.
    let project = copy_fixture("missing-status");
    let checked = check(&project);
    assert_eq!(
        checked.code, 0,
        "a warning alone must not fail the run:\n{checked}"
    );
    let missing: Vec<Diag> = checked
        .diagnostics()
        .into_iter()
        .filter(|d| d.name == "missing-status")
        .collect();
    assert_eq!(
        places(&missing),
        [at("missing-status", "policies/no-status.md", 1, 1)],
        "{checked}"
    );
    assert_eq!(missing[0].level, "warning");
    assert_eq!(
        missing[0].message,
        "POL-A has no status: it is treated as a draft and left out of the site"
    );
    // The build leaves the document out, as the warning says.
    let built = build_default_output(&project);
    assert_eq!(built.code, 0, "{built}");
    assert!(!project.root.join("_site/docs/pol-a.html").exists());
    assert!(project.root.join("_site/docs/pol-b.html").is_file());
    // Like every lint, its level can be raised.
    let denied = run([
        OsStr::new("check"),
        project.root.as_os_str(),
        OsStr::new("--format"),
        OsStr::new("json"),
        OsStr::new("-D"),
        OsStr::new("missing-status"),
    ]);
    assert_eq!(denied.code, 1, "{denied}");
}

#[test]
fn impossible_date_is_invalid_date() {
    // tests/fixtures/invalid-date/policies/bad-date.md, line 5: `approved: 2025-02-30`.
    let errors = expect_errors(
        "invalid-date",
        &[at("invalid-date", "policies/bad-date.md", 5, 11)],
    );
    assert!(
        errors[0].message.contains("2025-02-30"),
        "{}",
        errors[0].message
    );
}

#[test]
fn unknown_setting_in_annexa_toml_suggests_the_known_one() {
    // tests/fixtures/invalid-config/annexa.toml, line 2: `organization = "x"`.
    let errors = expect_errors(
        "invalid-config",
        &[at("invalid-config", "annexa.toml", 2, 1)],
    );
    let help = errors[0].help.as_deref().unwrap_or("");
    assert!(help.contains("organisation"), "help: {help:?}");
}

#[test]
fn unknown_control_points_at_the_list_entry() {
    // tests/fixtures/unknown-control/policies/controls.md, line 6: `controls: [A.5.15, A.5.99]`.
    let errors = expect_errors(
        "unknown-control",
        &[at("unknown-control", "policies/controls.md", 6, 20)],
    );
    assert!(
        errors[0].message.contains("A.5.99"),
        "{}",
        errors[0].message
    );
}

// ---------------------------------------------------------------------------------------
// Output formats
// ---------------------------------------------------------------------------------------

#[test]
fn human_output_is_rustc_style_on_stderr() {
    let project = copy_fixture("broken-reference");
    let checked = run([
        OsStr::new("check"),
        project.root.as_os_str(),
        OsStr::new("--today"),
        OsStr::new(TODAY),
    ]);
    assert_eq!(checked.code, 1, "{checked}");
    assert!(
        checked.stdout.trim().is_empty(),
        "human diagnostics must go to stderr, not stdout:\n{checked}"
    );
    let err = &checked.stderr;
    for expected in [
        "error[broken-reference]: no document has the id `NOPE`",
        " --> policies/source.md:12:13",
        "Broken: see [[NOPE]] for details.",
        " --> policies/source.md:13:14",
        "= help: ",
    ] {
        assert!(err.contains(expected), "stderr lacks {expected:?}:\n{err}");
    }
    // The caret line under `[[NOPE]]`: carets start below column 13 of the source line.
    let lines: Vec<&str> = err.lines().collect();
    let source = lines
        .iter()
        .position(|l| l.ends_with("Broken: see [[NOPE]] for details."))
        .unwrap_or_else(|| panic!("no source line:\n{err}"));
    let source_line = lines[source];
    let carets = lines.get(source + 1).copied().unwrap_or("");
    let text_start = source_line.len() - "Broken: see [[NOPE]] for details.".len();
    let caret_col = carets
        .find('^')
        .unwrap_or_else(|| panic!("no caret under the source line:\n{err}"));
    assert_eq!(
        caret_col - text_start + 1,
        13,
        "the caret is not under `[[`:\n{source_line}\n{carets}"
    );
    assert!(
        err.lines().any(|l| l.starts_with("annexa: 4 errors, ")),
        "no summary line `annexa: 4 errors, …`:\n{err}"
    );
}

#[test]
fn github_output_is_workflow_commands() {
    let project = copy_fixture("broken-reference");
    let checked = run([
        OsStr::new("check"),
        project.root.as_os_str(),
        OsStr::new("--today"),
        OsStr::new(TODAY),
        OsStr::new("--format"),
        OsStr::new("github"),
    ]);
    assert_eq!(checked.code, 1, "{checked}");
    let all = format!("{}{}", checked.stdout, checked.stderr);
    assert!(
        all.lines().any(|l| l.starts_with("::error file=policies/source.md,line=12,col=13,")
            && l.contains("title=broken-reference")),
        "no `::error file=policies/source.md,line=12,col=13,title=broken-reference::…` line:\n{all}"
    );
}

// ---------------------------------------------------------------------------------------
// Exit code 2: the run itself failed
// ---------------------------------------------------------------------------------------

/// A small project that builds cleanly.
fn clean_project() -> TempProject {
    write_project(&[
        (
            "policies/a.md",
            "---\nid: POL-A\ntitle: A Policy\nstatus: approved\nlast_reviewed: 2026-06-01\n---\n\n## Purpose\n\nSee [[POL-B]].\n",
        ),
        (
            "policies/b.md",
            "---\nid: POL-B\ntitle: B Policy\nstatus: approved\nlast_reviewed: 2026-06-01\n---\n\n## Purpose\n\nSee [[POL-A]].\n",
        ),
        ("static/evidence.txt", "evidence\n"),
    ])
}

fn build_to(project: &Path, out: &Path) -> Run {
    common::build_json(project, out)
}

#[test]
fn a_clean_project_builds_without_optional_files() {
    // No annexa.toml, no soa.yaml, no static/, no templates/: every one is optional.
    let project = write_project(&[(
        "policies/a.md",
        "---\nid: POL-A\ntitle: A Policy\nstatus: approved\nlast_reviewed: 2026-06-01\n---\n\n## Purpose\n\nText.\n",
    )]);
    let out = project.beside("site");
    let built = build_to(&project.root, &out);
    assert_eq!(
        built.code, 0,
        "a project without static/ must build:\n{built}"
    );
    assert!(out.join("docs/pol-a.html").is_file(), "no docs/pol-a.html");
}

#[test]
fn a_control_implemented_by_many_documents_builds() {
    // 300 records with long titles all implementing A.5.1: the SoA lists every one of them
    // for A.5.1, more text than fits in one spreadsheet cell (32,767 characters). The build
    // must still succeed.
    let long_title = "Evidence of the annual information security policy acknowledgement by every employee, contractor and supplier";
    let documents: Vec<(String, String)> = (0..300)
        .map(|i| {
            (
                format!("records/rec-{i:03}.md"),
                format!(
                    "---\nid: REC-{i:03}\ntitle: {long_title} {i}\nstatus: approved\nlast_reviewed: 2026-06-01\ncontrols: [A.5.1]\n---\n\nRecord.\n"
                ),
            )
        })
        .collect();
    let mut files: Vec<(&str, &str)> = documents
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    files.push(("static/evidence.txt", "evidence\n"));
    let project = write_project(&files);
    let out = project.beside("site");
    let built = build_to(&project.root, &out);
    assert_eq!(built.code, 0, "{built}");
    assert!(
        out.join("docs/rec-299.html").is_file(),
        "no docs/rec-299.html"
    );
}

#[test]
fn missing_project_folder_is_exit_code_2() {
    let tmp = common::tempdir();
    let missing = tmp.path().join("no-such-project");
    for command in ["build", "check"] {
        let r = run([
            OsStr::new(command),
            missing.as_os_str(),
            OsStr::new("--today"),
            OsStr::new(TODAY),
        ]);
        assert_eq!(r.code, 2, "annexa {command} on a missing folder:\n{r}");
        assert!(
            r.stderr.contains("no-such-project"),
            "the message does not name the folder:\n{r}"
        );
        assert!(!r.stderr.contains("panicked"), "{r}");
    }
    assert!(
        !missing.exists(),
        "annexa created the missing project folder"
    );
}

#[test]
fn bad_arguments_are_exit_code_2() {
    let project = clean_project();
    let root = project.root.as_os_str();
    let cases: Vec<Vec<&OsStr>> = vec![
        vec![OsStr::new("frobnicate")],
        vec![
            OsStr::new("build"),
            root,
            OsStr::new("--today"),
            OsStr::new("2026-13-45"),
        ],
        vec![
            OsStr::new("check"),
            root,
            OsStr::new("--today"),
            OsStr::new("yesterday"),
        ],
        vec![
            OsStr::new("check"),
            root,
            OsStr::new("--format"),
            OsStr::new("xml"),
        ],
        vec![OsStr::new("build"), root, OsStr::new("--no-such-flag")],
    ];
    for case in cases {
        let r = run(&case);
        assert_eq!(r.code, 2, "annexa {case:?}:\n{r}");
        assert!(
            !r.stderr.trim().is_empty(),
            "annexa {case:?} gives no message:\n{r}"
        );
    }
    assert!(
        !project.root.join("_site").exists(),
        "a failed run wrote _site"
    );
}

/// Asserts that `annexa build PROJECT -o OUT` is refused with exit code 2 and a message,
/// and that nothing changed in `watched` (a folder containing the project and `out`).
fn assert_refused(project: &Path, out: &Path, watched: &Path) {
    let before = snapshot(watched);
    let r = build_to(project, out);
    assert_eq!(
        r.code,
        2,
        "annexa build -o {} must be refused:\n{r}",
        out.display()
    );
    assert!(
        r.stderr.contains("error") && r.stderr.contains("-o"),
        "the message does not say what is wrong and how to fix it (-o):\n{r}"
    );
    let after = snapshot(watched);
    assert!(
        before == after,
        "a refused build changed files:\n{}",
        snapshot_diff(&before, &after).join("\n")
    );
}

#[test]
fn output_into_the_project_folder_itself_is_refused() {
    let project = clean_project();
    project.write("keep.txt", "keep me\n");
    assert_refused(&project.root, &project.root, project.dir.path());
    // The same folder, spelled differently.
    assert_refused(
        &project.root,
        &project.root.join("policies/.."),
        project.dir.path(),
    );
    assert_eq!(
        fs::read_to_string(project.root.join("keep.txt"))
            .ok()
            .as_deref(),
        Some("keep me\n")
    );
}

#[test]
fn output_to_a_folder_containing_the_project_is_refused() {
    let project = clean_project();
    fs::write(project.beside("keep.txt"), "keep me\n").ok();
    assert_refused(&project.root, project.dir.path(), project.dir.path());
    assert!(project.beside("keep.txt").is_file());
}

#[test]
fn output_to_the_root_folder_is_refused() {
    // For safety the project has an error: even a build that wrongly accepted `/` would stop
    // before writing. Checking the output path is argument checking and comes first: 2.
    let project = clean_project();
    project.write(
        "policies/c.md",
        "---\nid: POL-C\ntitle: C\n---\nSee [[NOPE]].\n",
    );
    assert_refused(&project.root, Path::new("/"), project.dir.path());
}

#[test]
fn output_to_a_foreign_non_empty_folder_is_refused() {
    let project = clean_project();
    let foreign = project.beside("foreign");
    fs::create_dir_all(foreign.join("sub")).ok();
    fs::write(foreign.join("keep.txt"), "keep me\n").ok();
    fs::write(
        foreign.join("sub/index.html"),
        "<p>someone else's site</p>\n",
    )
    .ok();
    assert_refused(&project.root, &foreign, project.dir.path());
    assert_eq!(
        fs::read_to_string(foreign.join("keep.txt")).ok().as_deref(),
        Some("keep me\n")
    );
}

#[test]
fn output_to_a_file_is_refused() {
    let project = clean_project();
    let file = project.beside("site");
    fs::write(&file, "not a folder\n").ok();
    assert_refused(&project.root, &file, project.dir.path());
}

#[test]
fn output_to_an_empty_folder_or_a_previous_site_is_accepted() {
    let project = clean_project();
    let out = project.beside("site");
    fs::create_dir_all(&out).ok();
    let first = build_to(&project.root, &out);
    assert_eq!(
        first.code, 0,
        "an empty output folder must be accepted:\n{first}"
    );
    assert!(
        out.join(".annexa-output").is_file(),
        "no marker in the output folder"
    );
    let second = build_to(&project.root, &out);
    assert_eq!(
        second.code, 0,
        "annexa's own output folder must be replaced:\n{second}"
    );
    assert!(out.join("docs/pol-a.html").is_file());
}

// ---------------------------------------------------------------------------------------
// Values are not silently changed
// ---------------------------------------------------------------------------------------

/// Whether `d` is at `file:line` and quotes `written` (the value as the author wrote it)
/// in its message or help: a diagnostic about that value, not another one on the same line.
fn about(d: &Diag, file: &str, line: u64, written: &str) -> bool {
    d.file.as_deref() == Some(file)
        && d.line == Some(line)
        && (d.message.contains(written) || d.help.as_deref().unwrap_or("").contains(written))
}

#[test]
fn an_unquoted_version_keeps_its_text_or_gets_a_diagnostic() {
    // `version: 1.10` is the YAML number 1.1: a document at version 1.10 must not be shown as
    // version 1.1 without a word.
    let project = write_project(&[
        (
            "policies/a.md",
            "---\nid: POL-V\ntitle: Versioned Policy\nstatus: approved\nversion: 1.10\nlast_reviewed: 2026-06-01\n---\n\nText.\n",
        ),
        ("static/evidence.txt", "evidence\n"),
    ]);
    let out = project.beside("site");
    let built = build_to(&project.root, &out);
    let flagged = built
        .diagnostics()
        .iter()
        .any(|d| about(d, "policies/a.md", 5, "1.10"));
    if !flagged {
        assert_eq!(built.code, 0, "{built}");
        let page = fs::read_to_string(out.join("docs/pol-v.html")).unwrap_or_default();
        let shown = page
            .split("<dt>Version</dt>")
            .nth(1)
            .and_then(|rest| rest.split("</dd>").next())
            .map(|dd| dd.trim_start_matches("<dd>"))
            .unwrap_or("(no Version entry)");
        assert!(
            page.contains("1.10"),
            "`version: 1.10` is shown as {shown:?} on docs/pol-v.html, with no diagnostic about it at policies/a.md:5"
        );
    }
}

#[test]
fn a_numeric_looking_id_keeps_its_text_or_gets_a_diagnostic() {
    // `id: 0x1F` is the YAML number 31: either the id is `0x1F` (and `[[0x1F]]` finds it) or
    // the id line gets a diagnostic; never a page `31.html` and a baffling broken reference.
    let project = write_project(&[
        ("policies/a.md", "---\nid: 0x1F\ntitle: Hex Policy\nstatus: approved\nlast_reviewed: 2026-06-01\n---\n\nText.\n"),
        (
            "policies/b.md",
            "---\nid: POL-B\ntitle: B Policy\nstatus: approved\nlast_reviewed: 2026-06-01\n---\n\nSee [[0x1F]].\n",
        ),
    ]);
    let checked = check(&project);
    let diagnostics = checked.diagnostics();
    let flagged = diagnostics
        .iter()
        .any(|d| about(d, "policies/a.md", 2, "0x1F"));
    let broken: Vec<_> = diagnostics
        .iter()
        .filter(|d| d.name == "broken-reference")
        .collect();
    assert!(
        flagged || broken.is_empty(),
        "`id: 0x1F` gets no diagnostic, yet `[[0x1F]]` does not find it: {broken:#?}"
    );
}

// ---------------------------------------------------------------------------------------
// One mistake, one error: a bad front matter value keeps the document in the model
// ---------------------------------------------------------------------------------------

const RECOVERY_RW: &str = "---
id: POL-RW
title: Remote Working Policy
type: policy
status: approved
version: \"1.0\"
owner: CISO
approver: CEO
approved: 2026-01-10
classification: internal
last_reviewed: 2026-01-10
review_every: 12 months
controls: [A.5.15]
related: [POL-A]
history:
  - { version: \"1.0\", date: 2026-01-10, change: First issue, author: CISO }
---
Work from home as in [[POL-A]]. This link is broken on purpose: [[POL-NOPE]].
";

const RECOVERY_A: &str = "---
id: POL-A
title: Access Policy
status: approved
owner: CISO
approver: CEO
approved: 2026-01-10
last_reviewed: 2026-01-10
review_every: 12 months
related: [POL-RW]
---
See [[POL-RW]] and [the policy](rw.md).
";

const RECOVERY_SOA: &str = "framework: iso27001-2022
controls:
  A.5.15:
    applicable: true
    status: implemented
    justification: Access is controlled.
";

/// For every front matter field, a bad value in POL-RW gives exactly one error, at that
/// field, and nothing else changes: POL-A's references to POL-RW still resolve (no
/// `broken-reference`, no `link-to-draft`), A.5.15 stays covered, and POL-RW's own other
/// problem (a broken link in its body) is still reported.
#[test]
fn a_bad_value_in_any_field_is_one_error_and_the_document_stays() {
    // (field, the line replaced, the bad line, the error's name)
    let cases: &[(&str, &str, &str, &str)] = &[
        ("title", "title: Remote Working Policy", "title: [Remote, Working]", "invalid-front-matter"),
        ("type", "type: policy", "type: [policy]", "invalid-front-matter"),
        ("status", "status: approved", "status: aproved", "invalid-front-matter"),
        ("version", "version: \"1.0\"", "version: [1, 0]", "invalid-front-matter"),
        ("owner", "owner: CISO", "owner: [CISO, CEO]", "invalid-front-matter"),
        ("approver", "approver: CEO", "approver: { name: CEO }", "invalid-front-matter"),
        ("approved", "approved: 2026-01-10", "approved: 2025-13-45", "invalid-date"),
        ("classification", "classification: internal", "classification: secret", "invalid-front-matter"),
        ("last_reviewed", "last_reviewed: 2026-01-10", "last_reviewed: 2026-02-30", "invalid-date"),
        ("review_every", "review_every: 12 months", "review_every: sometimes", "invalid-front-matter"),
        ("next_review", "review_every: 12 months", "next_review: tomorrow", "invalid-date"),
        ("related", "related: [POL-A]", "related: { a: b }", "invalid-front-matter"),
        ("history", "history:\n  - { version: \"1.0\", date: 2026-01-10, change: First issue, author: CISO }", "history: 5", "invalid-front-matter"),
        ("controls", "controls: [A.5.15]", "controls: { a: b }", "invalid-front-matter"),
    ];
    for &(field, good, bad, lint) in cases {
        assert!(RECOVERY_RW.contains(good), "{field}");
        let rw = RECOVERY_RW.replacen(good, bad, 1);
        let bad_line = rw
            .lines()
            .position(|l| l == bad.lines().next().unwrap_or(bad))
            .map(|i| i as u64 + 1);
        let project = write_project(&[
            ("policies/rw.md", &rw),
            ("policies/a.md", RECOVERY_A),
            ("soa.yaml", RECOVERY_SOA),
        ]);
        let result = check(&project);
        let diags = result.diagnostics();
        let errors: Vec<&Diag> = diags.iter().filter(|d| d.level == "error").collect();
        let field_errors: Vec<&Diag> = errors
            .iter()
            .copied()
            .filter(|d| d.name != "broken-reference")
            .collect();
        assert_eq!(
            field_errors.len(),
            1,
            "{field}: one error for one mistake:\n{result}"
        );
        assert_eq!(
            (
                field_errors[0].name.as_str(),
                field_errors[0].file.as_deref(),
                field_errors[0].line
            ),
            (lint, Some("policies/rw.md"), bad_line),
            "{field}:\n{result}"
        );
        let broken: Vec<(&str, Option<&str>)> = errors
            .iter()
            .filter(|d| d.name == "broken-reference")
            .map(|d| (d.message.as_str(), d.file.as_deref()))
            .collect();
        assert_eq!(
            broken,
            [("no document has the id `POL-NOPE`", Some("policies/rw.md"))],
            "{field}: POL-RW stays in the model (references to it resolve) and is still checked:\n{result}"
        );
        let phantom: Vec<&Diag> = diags
            .iter()
            .filter(|d| {
                d.file.as_deref() == Some("policies/a.md")
                    || matches!(d.name.as_str(), "never-reviewed" | "missing-owner")
                    || d.name == "soa-uncovered-control"
            })
            .collect();
        assert!(
            phantom.is_empty(),
            "{field}: follow-on diagnostics: {phantom:#?}\n{result}"
        );
        assert_eq!(result.code, 1, "{field}");
    }
}

#[test]
fn framework_files_and_settings_are_checked_where_written() {
    // tests/fixtures/invalid-framework: annexa.toml line 2 enables `nist-csf-20`; the
    // framework file puts a control in group `IMA` (line 7) and maps to `A.8.55` (line 9).
    let errors = expect_errors(
        "invalid-framework",
        &[
            at("invalid-config", "annexa.toml", 2, 49),
            at("invalid-framework", "frameworks/acme-baseline.yaml", 7, 58),
            at("invalid-framework", "frameworks/acme-baseline.yaml", 9, 25),
        ],
    );
    let helps: Vec<&str> = errors
        .iter()
        .map(|e| e.help.as_deref().unwrap_or(""))
        .collect();
    assert_eq!(helps[0], "did you mean `nist-csf-2.0`?");
    assert_eq!(helps[1], "did you mean `IAM`?");
    assert_eq!(helps[2], "did you mean `iso27001-2022:A.8.5`?");
}

#[test]
fn controls_of_other_enabled_frameworks_resolve_and_show_on_the_document() {
    // tests/fixtures/frameworks: NIST CSF 2.0 and a user framework are enabled; the policy
    // lists an ISO id, a CSF id, a qualified user id and a user id in other case.
    let project = copy_fixture("frameworks");
    let out = project.beside("site");
    let built = common::build_json(&project.root, &out);
    assert_eq!(built.code, 0, "{built}");
    let page = fs::read_to_string(out.join("docs/pol-ac.html")).unwrap();
    let page = common::decode_entities(&page);
    for expected in [
        "NIST Cybersecurity Framework 2.0",
        "PR.AA-01",
        "ACME Cloud Security Baseline",
        "IAM-01",
        "MFA for every human account",
        "IAM-02",
    ] {
        assert!(page.contains(expected), "the page lacks {expected:?}");
    }
    // `[[PR.AA-01]]` and `[[acme-baseline:IAM-03]]` link to their control pages.
    assert!(
        page.contains("href=\"../frameworks/nist-csf-2.0/pr-aa-01.html\""),
        "{page}"
    );
    assert!(
        page.contains("href=\"../frameworks/acme-baseline/iam-03.html\""),
        "{page}"
    );
    assert!(
        page.contains("IAM-03 Privileged access is separate"),
        "{page}"
    );
}

#[test]
fn an_id_two_frameworks_list_is_ambiguous_and_a_typo_finds_its_framework() {
    let framework = "id: acme\ncontrols:\n  - { id: A.5.15, title: Our own access control }\n";
    let project = write_project(&[
        ("annexa.toml", "frameworks = [\"iso27001-2022\", \"nist-csf-2.0\", \"acme\"]\n"),
        ("frameworks/acme.yaml", framework),
        (
            "policies/a.md",
            "---\nid: POL-A\ntitle: A\nstatus: approved\nowner: CISO\nlast_reviewed: 2026-06-01\ncontrols: [A.5.15, PR.AA-1]\n---\n# A\n\nSee [[acme:A.5.15]], [[acmee:IAM-01]].\n",
        ),
    ]);
    let checked = check(&project);
    assert_eq!(checked.code, 1, "{checked}");
    let errors = checked.errors();
    assert_eq!(
        places(&errors),
        [
            at("ambiguous-control", "policies/a.md", 7, 12),
            at("unknown-control", "policies/a.md", 7, 20),
            at("unknown-control", "policies/a.md", 11, 22),
        ]
    );
    assert_eq!(errors[2].help.as_deref(), Some("did you mean `acme`?"));
    assert_eq!(
        errors[0].help.as_deref(),
        Some("write which one you mean: `iso27001-2022:A.5.15` or `acme:A.5.15`")
    );
    assert_eq!(
        errors[1].help.as_deref(),
        Some("did you mean `nist-csf-2.0:PR.AA-01`?")
    );
}

#[test]
fn an_unknown_pinned_document_is_a_warning_at_its_line_in_annexa_toml() {
    let project = write_project(&[
        (
            "annexa.toml",
            "title = \"T\"\n\n[navigation]\npinned = [\n  \"POL-IS\",\n  \"POL-SI\",\n]\n",
        ),
        (
            "policies/is.md",
            "---\nid: POL-IS\ntitle: Information Security Policy\nstatus: approved\nowner: CISO\nlast_reviewed: 2026-06-01\n---\n# Policy\n",
        ),
    ]);
    let checked = check(&project);
    assert_eq!(checked.code, 0, "a warning only:\n{checked}");
    let found: Vec<Diag> = checked
        .diagnostics()
        .into_iter()
        .filter(|d| d.name == "unknown-pinned-document")
        .collect();
    assert_eq!(
        places(&found),
        [at("unknown-pinned-document", "annexa.toml", 6, 3)],
        "{checked}"
    );
    assert_eq!(found[0].level, "warning");
    assert_eq!(found[0].help.as_deref(), Some("did you mean `POL-IS`?"));
}

/// A document of the `templates` tests: approved, reviewed, with an owner.
fn approved_doc(id: &str, title: &str) -> String {
    format!("---\nid: {id}\ntitle: {title}\nstatus: approved\nowner: CISO\nlast_reviewed: 2026-06-01\n---\nText of {title}.\n")
}

#[test]
fn a_templates_folder_of_markdown_is_named_with_the_setting_that_builds_it() {
    let project = write_project(&[
        ("policies/a.md", &approved_doc("POL-A", "Access Policy")),
        (
            "templates/policy-template.md",
            &approved_doc("TPL-POL", "Policy Template"),
        ),
        (
            "templates/forms/request.md",
            &approved_doc("TPL-REQ", "Request Form"),
        ),
    ]);
    let checked = check(&project);
    assert_eq!(checked.code, 0, "{checked}");
    let diagnostics = checked.diagnostics();
    let reported: Vec<&Diag> = diagnostics
        .iter()
        .filter(|d| d.name == "markdown-in-theme-overrides")
        .collect();
    let [d] = reported.as_slice() else {
        panic!("one markdown-in-theme-overrides: {checked}");
    };
    assert_eq!(d.level, "warning");
    assert_eq!(d.file.as_deref(), Some("templates/forms/request.md"));
    assert!(
        d.message
            .starts_with("templates/ holds 2 Markdown files and no template"),
        "{}",
        d.message
    );
    assert!(
        d.help
            .as_deref()
            .is_some_and(|h| h.contains("`[theme] overrides = \"theme-overrides\"`")),
        "{d:?}"
    );

    // With the overrides in a folder of their own, templates/ is built like any folder, and
    // the new folder's templates apply (a template left in templates/ no longer does).
    project.write("annexa.toml", "[theme]\noverrides = \"theme-overrides\"\n");
    project.write(
        "theme-overrides/document.html",
        "{% extends \"base.html\" %}{% block content %}<p class=\"from-overrides\">{{ doc.title }}</p>{% endblock content %}",
    );
    project.write(
        "templates/document.html",
        "{% extends \"base.html\" %}{% block content %}<p class=\"from-templates\">{{ doc.title }}</p>{% endblock content %}",
    );
    let out = project.beside("site");
    let built = run([
        OsStr::new("build"),
        project.root.as_os_str(),
        OsStr::new("-o"),
        out.as_os_str(),
        OsStr::new("--today"),
        OsStr::new(TODAY),
        OsStr::new("--format"),
        OsStr::new("json"),
    ]);
    assert_eq!(built.code, 0, "{built}");
    assert!(
        built
            .diagnostics()
            .iter()
            .all(|d| d.name != "markdown-in-theme-overrides"),
        "{built}"
    );
    for (page, title) in [
        ("docs/tpl-pol.html", "Policy Template"),
        ("docs/tpl-req.html", "Request Form"),
        ("docs/pol-a.html", "Access Policy"),
    ] {
        let html = fs::read_to_string(out.join(page)).unwrap_or_default();
        assert!(
            html.contains(&format!("<p class=\"from-overrides\">{title}</p>")),
            "{page}:\n{html}"
        );
        assert!(!html.contains("from-templates"), "{page}");
    }

    // An error in a template of the new folder is reported there.
    project.write(
        "theme-overrides/document.html",
        "{% extends \"base.html\" %}{% block content %}{{ doc.title }",
    );
    let checked = check(&project);
    assert_eq!(checked.code, 1, "{checked}");
    let errors = checked.errors();
    assert_eq!(
        errors.first().map(|d| (d.name.as_str(), d.file.as_deref())),
        Some(("template-error", Some("theme-overrides/document.html"))),
        "{errors:#?}"
    );
}

#[test]
fn a_theme_overrides_folder_that_is_not_one_folder_of_its_own_is_refused() {
    let project = write_project(&[
        (
            "annexa.toml",
            "title = \"T\"\n[theme]\noverrides = \"static\"\n",
        ),
        ("policies/a.md", &approved_doc("POL-A", "Access Policy")),
    ]);
    let checked = check(&project);
    assert_eq!(checked.code, 1, "{checked}");
    assert_eq!(
        places(&checked.errors()),
        vec![at("invalid-config", "annexa.toml", 3, 13)]
    );
}
