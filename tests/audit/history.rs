//! Document control from git: last changes on document pages, the changes page, the
//! `changed-after-approval` and `review-ahead-of-change` lints, and projects outside git
//! or in a shallow clone. Each test scripts its own repository with fixed dates.

use std::path::Path;

use crate::common::{run, tempdir, Run, TODAY};
use crate::git::{commit_all, git, init};

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn document(id: &str, title: &str, control: &str, body: &str) -> String {
    format!("---\nid: {id}\ntitle: {title}\nowner: CISO\n{control}---\n# {title}\n\n{body}\n")
}

fn check(project: &Path) -> Run {
    run([
        "check".as_ref(),
        project.as_os_str(),
        "--today".as_ref(),
        TODAY.as_ref(),
        "--format".as_ref(),
        "json".as_ref(),
    ])
}

fn build(project: &Path, out: &Path, since: Option<&str>) -> Run {
    let mut args: Vec<&std::ffi::OsStr> = vec![
        "build".as_ref(),
        project.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
        "--today".as_ref(),
        TODAY.as_ref(),
    ];
    if let Some(since) = since {
        args.push("--since".as_ref());
        args.push(since.as_ref());
    }
    run(args)
}

/// (lint, file, line) of the document control lints of a run.
fn history_lints(run: &Run) -> Vec<(String, String, u64)> {
    run.diagnostics()
        .into_iter()
        .filter(|d| {
            [
                "changed-after-approval",
                "review-ahead-of-change",
                "shallow-history",
            ]
            .contains(&d.name.as_str())
        })
        .map(|d| (d.name, d.file.unwrap_or_default(), d.line.unwrap_or(0)))
        .collect()
}

/// A repository whose ISMS lives in `isms/`, with this history:
/// - 2026-01-05 "Draft the policies": POL-A, POL-B in review; POL-C approved
/// - 2026-01-12 "Approve POL-A and POL-B" (approved: 2026-01-10)
/// - 2026-03-01 "Fix typo in POL-A": body only, version unchanged
/// - 2026-04-15 "POL-B 1.1: shorter retention": version 1.1 and a history entry
/// - 2026-04-20 "Update the README": outside the documents
struct Scripted {
    _dir: tempfile::TempDir,
    repo: std::path::PathBuf,
    project: std::path::PathBuf,
    fix_commit: String,
}

fn scripted() -> Scripted {
    let dir = tempdir();
    let repo = dir.path().join("repo");
    let project = repo.join("isms");
    std::fs::create_dir_all(&project).unwrap();
    init(&repo);
    let in_review = "status: in-review\nversion: \"1.0\"\n";
    let approved =
        "status: approved\nversion: \"1.0\"\napproved: 2026-01-10\nlast_reviewed: 2026-01-10\n";
    write(
        &project.join("policies/a.md"),
        &document("POL-A", "Access Policy", in_review, "Text."),
    );
    write(
        &project.join("policies/b.md"),
        &document("POL-B", "Backup Policy", in_review, "Keep 90 days."),
    );
    // Claims a review on 2026-11-01, but its file is never touched after 2026-01-05.
    write(
        &project.join("policies/c.md"),
        &document(
            "POL-C",
            "Crypto Policy",
            "status: approved\nversion: \"2.0\"\napproved: 2025-12-01\nlast_reviewed: 2026-11-01\nreview_every: 3 months\n",
            "Use AES.",
        ),
    );
    commit_all(&repo, "2026-01-05", "Draft the policies");
    write(
        &project.join("policies/a.md"),
        &document("POL-A", "Access Policy", approved, "Text."),
    );
    write(
        &project.join("policies/b.md"),
        &document("POL-B", "Backup Policy", approved, "Keep 90 days."),
    );
    commit_all(&repo, "2026-01-12", "Approve POL-A and POL-B");
    write(
        &project.join("policies/a.md"),
        &document("POL-A", "Access Policy", approved, "Text, corrected."),
    );
    let fix_commit = commit_all(&repo, "2026-03-01", "Fix typo in POL-A");
    let b_1_1 = "status: approved\nversion: \"1.1\"\napproved: 2026-01-10\nlast_reviewed: 2026-01-10\nhistory:\n  - { version: \"1.1\", date: 2026-04-15, change: Shorter retention }\n";
    write(
        &project.join("policies/b.md"),
        &document("POL-B", "Backup Policy", b_1_1, "Keep 30 days."),
    );
    commit_all(&repo, "2026-04-15", "POL-B 1.1: shorter retention");
    write(&repo.join("README.md"), "The ISMS.\n");
    commit_all(&repo, "2026-04-20", "Update the README");
    Scripted {
        _dir: dir,
        repo,
        project,
        fix_commit,
    }
}

#[test]
fn a_change_after_approval_without_a_new_version_is_reported_and_a_recorded_one_is_not() {
    let s = scripted();
    let run = check(&s.project);
    assert_eq!(run.code, 0, "{run}");
    assert_eq!(
        history_lints(&run),
        [
            (
                "changed-after-approval".to_string(),
                "policies/a.md".to_string(),
                7
            ),
            (
                "review-ahead-of-change".to_string(),
                "policies/c.md".to_string(),
                8
            ),
        ],
        "{run}"
    );
    let a = run
        .diagnostics()
        .into_iter()
        .find(|d| d.name == "changed-after-approval")
        .unwrap();
    assert!(
        a.message.contains(&format!(
            "commit {} on 2026-03-01: \"Fix typo in POL-A\"",
            &s.fix_commit[..7]
        )),
        "{}",
        a.message
    );
    assert!(
        a.message.contains("its version is still 1.0"),
        "{}",
        a.message
    );
    let c = run
        .diagnostics()
        .into_iter()
        .find(|d| d.name == "review-ahead-of-change")
        .unwrap();
    assert_eq!(c.level, "note");
    assert!(
        c.message.contains("last changed on 2026-01-05"),
        "{}",
        c.message
    );
    assert!(!run.stderr.contains("not in a git repository"), "{run}");
}

#[test]
fn a_new_approval_after_the_change_clears_the_warning() {
    let s = scripted();
    let approved_again =
        "status: approved\nversion: \"1.0\"\napproved: 2026-03-05\nlast_reviewed: 2026-03-05\n";
    write(
        &s.project.join("policies/a.md"),
        &document("POL-A", "Access Policy", approved_again, "Text, corrected."),
    );
    commit_all(&s.repo, "2026-03-05", "Approve the corrected POL-A");
    let run = check(&s.project);
    assert_eq!(
        history_lints(&run),
        [(
            "review-ahead-of-change".to_string(),
            "policies/c.md".to_string(),
            8
        )],
        "{run}"
    );
}

#[test]
fn document_pages_show_the_last_change_of_their_file() {
    let s = scripted();
    let out = s.repo.parent().unwrap().join("site");
    let run = build(&s.project, &out, None);
    assert_eq!(run.code, 0, "{run}");
    let page = std::fs::read_to_string(out.join("docs/pol-a.html")).unwrap();
    assert!(
        page.contains(&format!(
            "<dt>Last change</dt><dd><time datetime=\"2026-03-01\">2026-03-01</time> <code title=\"{}: Fix typo in POL-A\">{}</code></dd>",
            s.fix_commit,
            &s.fix_commit[..7]
        )),
        "{page}"
    );
    let c = std::fs::read_to_string(out.join("docs/pol-c.html")).unwrap();
    assert!(
        c.contains("<time datetime=\"2026-01-05\">2026-01-05</time> <code"),
        "{c}"
    );
}

/// The document ids of changes.html's groups in order, and each group's commit summaries.
fn change_groups(html: &str) -> Vec<(String, Vec<String>)> {
    html.split("<section class=\"changes-group\"")
        .skip(1)
        .map(|section| {
            let id = section
                .split("<span class=\"doc-id\">")
                .nth(1)
                .and_then(|s| s.split('<').next())
                .unwrap_or_default()
                .to_string();
            let summaries = section
                .split("</code></td><td>")
                .skip(1)
                .map(|s| s.split("</td>").next().unwrap_or_default().to_string())
                .collect();
            (id, summaries)
        })
        .collect()
}

#[test]
fn the_changes_page_lists_changes_since_the_given_date_by_document() {
    let s = scripted();
    let out = s.repo.parent().unwrap().join("site");
    let run = build(&s.project, &out, Some("2026-02-01"));
    assert_eq!(run.code, 0, "{run}");
    let html = std::fs::read_to_string(out.join("changes.html")).unwrap();
    assert!(html.contains("the date given with --since"), "{html}");
    assert!(html.contains("2 documents in 2 commits"), "{html}");
    assert_eq!(
        change_groups(&html),
        [
            (
                "POL-B".to_string(),
                vec!["POL-B 1.1: shorter retention".to_string()]
            ),
            ("POL-A".to_string(), vec!["Fix typo in POL-A".to_string()]),
        ]
    );
    let register = std::fs::read_to_string(out.join("register.html")).unwrap();
    assert!(register.contains("<a href=\"changes.html\">"), "{register}");
}

#[test]
fn without_a_date_the_changes_page_covers_the_last_twelve_months_and_says_so() {
    let s = scripted();
    let out = s.repo.parent().unwrap().join("site");
    assert_eq!(build(&s.project, &out, None).code, 0);
    let html = std::fs::read_to_string(out.join("changes.html")).unwrap();
    assert!(
        html.contains("<time datetime=\"2025-11-25\">2025-11-25</time> (the last 12 months"),
        "{html}"
    );
    let groups = change_groups(&html);
    let ids: Vec<&str> = groups.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(ids, ["POL-B", "POL-A", "POL-C"]);
    assert_eq!(
        groups[1].1,
        [
            "Fix typo in POL-A",
            "Approve POL-A and POL-B",
            "Draft the policies"
        ]
    );
}

#[test]
fn outside_git_the_build_says_so_once_and_carries_on() {
    let dir = tempdir();
    let project = dir.path().join("isms");
    write(
        &project.join("policies/a.md"),
        &document(
            "POL-A",
            "Access Policy",
            "status: approved\nversion: \"1.0\"\napproved: 2026-01-10\nlast_reviewed: 2026-01-10\n",
            "Text.",
        ),
    );
    // The ceiling the tests set for annexa's own repository must not be what stops the
    // search here: the temporary folder is outside any repository.
    let out = dir.path().join("site");
    let run = build(&project, &out, None);
    assert_eq!(run.code, 0, "{run}");
    assert_eq!(
        run.stderr.matches("not in a git repository").count(),
        1,
        "{run}"
    );
    assert!(
        run.stderr
            .contains("annexa: note: the project is not in a git repository"),
        "{run}"
    );
    assert!(!out.join("changes.html").exists());
    let page = std::fs::read_to_string(out.join("docs/pol-a.html")).unwrap();
    assert!(!page.contains("Last change"), "{page}");
    let checked = check(&project);
    assert_eq!(checked.code, 0, "{checked}");
    assert!(history_lints(&checked).is_empty(), "{checked}");
    assert_eq!(
        checked.stderr.matches("not in a git repository").count(),
        1,
        "{checked}"
    );
}

#[test]
fn a_shallow_clone_is_reported_with_the_fix() {
    let s = scripted();
    let clone = s.repo.parent().unwrap().join("clone");
    let source = format!("file://{}", s.repo.display());
    git(
        s.repo.parent().unwrap(),
        &[
            "clone",
            "-q",
            "--depth",
            "1",
            &source,
            clone.to_str().unwrap(),
        ],
        None,
    );
    let project = clone.join("isms");
    let run = check(&project);
    let shallow: Vec<_> = run
        .diagnostics()
        .into_iter()
        .filter(|d| d.name == "shallow-history")
        .collect();
    assert_eq!(shallow.len(), 1, "{run}");
    assert_eq!(shallow[0].level, "warning");
    assert!(
        shallow[0]
            .message
            .contains("shallow (it starts on 2026-04-20)"),
        "{}",
        shallow[0].message
    );
    let help = shallow[0].help.as_deref().unwrap_or_default();
    assert!(
        help.contains("git fetch --unshallow") && help.contains("fetch-depth: 0"),
        "{help}"
    );
    // Nothing can be told from a cut history: no change after approval, no review note.
    assert_eq!(history_lints(&run).len(), 1, "{run}");

    let out = s.repo.parent().unwrap().join("shallow-site");
    assert_eq!(build(&project, &out, None).code, 0);
    let page = std::fs::read_to_string(out.join("docs/pol-a.html")).unwrap();
    assert!(
        page.contains("<time datetime=\"2026-04-20\">2026-04-20</time> or earlier"),
        "{page}"
    );
    let html = std::fs::read_to_string(out.join("changes.html")).unwrap();
    assert!(html.contains("Shallow clone"), "{html}");
    assert!(change_groups(&html).is_empty(), "{html}");
}

#[test]
fn a_merge_is_not_a_change_of_a_file_it_took_from_one_side() {
    let s = scripted();
    git(&s.repo, &["checkout", "-q", "-b", "edit"], None);
    let b_1_2 = "status: in-review\nversion: \"1.2\"\n";
    write(
        &s.project.join("policies/b.md"),
        &document("POL-B", "Backup Policy", b_1_2, "Keep 14 days."),
    );
    commit_all(&s.repo, "2026-05-02", "POL-B 1.2 for review");
    git(&s.repo, &["checkout", "-q", "main"], None);
    write(&s.repo.join("README.md"), "The ISMS, on main.\n");
    commit_all(&s.repo, "2026-05-03", "README on main");
    git(
        &s.repo,
        &[
            "merge",
            "-q",
            "--no-ff",
            "-m",
            "Merge the POL-B review",
            "edit",
        ],
        Some("2026-05-04"),
    );
    let out = s.repo.parent().unwrap().join("site");
    assert_eq!(build(&s.project, &out, Some("2026-05-01")).code, 0);
    let html = std::fs::read_to_string(out.join("changes.html")).unwrap();
    assert_eq!(
        change_groups(&html),
        [(
            "POL-B".to_string(),
            vec!["POL-B 1.2 for review".to_string()]
        )],
        "{html}"
    );
}

#[test]
fn without_a_date_the_changes_page_starts_at_the_last_external_audit_else_review() {
    let s = scripted();
    // A management review held on 2026-02-01: the page starts there.
    write(
        &s.project.join("management-reviews/MR-2026-1.md"),
        "---\nid: MR-2026-1\ntitle: Management review 2026\nowner: CISO\nstatus: held\ndate: 2026-02-01\n---\nMinutes.\n",
    );
    let out = s.repo.parent().unwrap().join("site-mr");
    let built = build(&s.project, &out, None);
    assert!(built.code <= 1, "{built}");
    let html = std::fs::read_to_string(out.join("changes.html")).unwrap();
    assert!(
        html.contains("<time datetime=\"2026-02-01\">2026-02-01</time> (the last management review, MR-2026-1"),
        "{html}"
    );
    let ids: Vec<String> = change_groups(&html).into_iter().map(|(id, _)| id).collect();
    assert_eq!(ids, ["POL-B", "POL-A"]);
    // An external audit held on 2026-03-15 comes first; a planned one does not count.
    write(
        &s.project.join("certification.yaml"),
        "standard: iso27001-2022\ncertified: 2025-05-20\nexpires: 2028-05-19\naudits:\n  - { kind: stage-2, date: 2025-04-15, result: passed }\n  - { kind: surveillance-1, date: 2026-03-15, result: passed }\n  - { kind: surveillance-2, planned: 2026-11-20 }\n",
    );
    let out = s.repo.parent().unwrap().join("site-audit");
    let built = build(&s.project, &out, None);
    assert!(built.code <= 1, "{built}");
    let html = std::fs::read_to_string(out.join("changes.html")).unwrap();
    assert!(
        html.contains("<time datetime=\"2026-03-15\">2026-03-15</time> (the last external audit"),
        "{html}"
    );
    let ids: Vec<String> = change_groups(&html).into_iter().map(|(id, _)| id).collect();
    assert_eq!(ids, ["POL-B"]);
    // --since still decides.
    let out = s.repo.parent().unwrap().join("site-given");
    build(&s.project, &out, Some("2026-01-01"));
    let html = std::fs::read_to_string(out.join("changes.html")).unwrap();
    assert!(html.contains("(the date given with --since"), "{html}");
}
