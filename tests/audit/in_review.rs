//! A document under revision (in review, or a draft again) is published at its last
//! approved version from git, with a note; one never approved is published as it is; the
//! lints and `--drafts` still see the working copy.

use std::path::Path;

use crate::common::{run, tempdir, Run, TODAY};
use crate::git::{commit_all, git, init};

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn policy(id: &str, status: &str, version: &str, extra: &str, body: &str) -> String {
    format!(
        "---\nid: {id}\ntitle: {id} policy\nowner: CISO\nstatus: {status}\nversion: \"{version}\"\n{extra}---\n# {id} policy\n\n{body}\n"
    )
}

fn build(project: &Path, out: &Path, extra: &[&str]) -> Run {
    let mut args: Vec<&std::ffi::OsStr> = vec![
        "build".as_ref(),
        project.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
        "--today".as_ref(),
        TODAY.as_ref(),
        "--format".as_ref(),
        "json".as_ref(),
    ];
    args.extend(extra.iter().map(|a| std::ffi::OsStr::new(*a)));
    run(args)
}

struct Scripted {
    _dir: tempfile::TempDir,
    project: std::path::PathBuf,
    /// The commit whose version of POL-A the site shows.
    approved_a: String,
}

/// POL-A approved twice, then revised (in review) in a commit; POL-D approved, then a draft
/// again in the working copy only; POL-B in review and never approved.
fn scripted() -> Scripted {
    let dir = tempdir();
    let project = dir.path().join("isms");
    std::fs::create_dir_all(&project).unwrap();
    init(&project);
    let a = project.join("policies/pol-a.md");
    let d = project.join("policies/pol-d.md");
    let b = project.join("policies/pol-b.md");
    write(
        &a,
        &policy(
            "POL-A",
            "approved",
            "1.0",
            "approved: 2026-01-10\n",
            "First approved text.",
        ),
    );
    write(
        &d,
        &policy(
            "POL-D",
            "approved",
            "3.0",
            "approved: 2026-01-10\n",
            "Approved text of D.",
        ),
    );
    commit_all(&project, "2026-01-10", "First issue");
    write(
        &a,
        &policy(
            "POL-A",
            "approved",
            "1.1",
            "approved: 2026-03-01\n",
            "Second approved text.",
        ),
    );
    let approved_a = commit_all(&project, "2026-03-01", "POL-A 1.1 approved");
    write(
        &a,
        &policy(
            "POL-A",
            "in-review",
            "1.2",
            "controls: [A.5.1]\n",
            "Revised text under review, [see]().",
        ),
    );
    write(
        &b,
        &policy("POL-B", "in-review", "0.1", "", "Never approved text of B."),
    );
    commit_all(
        &project,
        "2026-06-01",
        "POL-A 1.2 for review; POL-B drafted",
    );
    write(
        &d,
        &policy("POL-D", "draft", "3.1", "", "Draft rewrite of D."),
    );
    Scripted {
        _dir: dir,
        project,
        approved_a,
    }
}

#[test]
fn a_revision_in_review_is_published_at_its_last_approved_version() {
    let s = scripted();
    let out = s.project.parent().unwrap().join("site");
    let built = build(&s.project, &out, &[]);
    assert_eq!(built.code, 0, "{built}");
    let page = std::fs::read_to_string(out.join("docs/pol-a.html")).unwrap();
    assert!(page.contains("Second approved text."), "{page}");
    assert!(!page.contains("Revised text under review"));
    assert!(page.contains("REVISION IN REVIEW"));
    assert!(page.contains("(version 1.2) is in review"), "{page}");
    assert!(page.contains(&format!(
        r#"<code title="{}">{}</code>"#,
        s.approved_a,
        &s.approved_a[..7]
    )));
    assert!(
        page.contains("<dt>Version</dt><dd>1.1</dd>"),
        "the approved version's metadata"
    );
    // The site follows the approved version: the revision's new control is not claimed yet.
    let control = std::fs::read_to_string(out.join("controls/a-5-1.html")).unwrap();
    assert!(
        !control.contains("POL-A"),
        "A.5.1 lists the revision's claim"
    );
    // A draft in the working copy only: the approved version stays published.
    let d = std::fs::read_to_string(out.join("docs/pol-d.html")).unwrap();
    assert!(d.contains("Approved text of D.") && !d.contains("Draft rewrite"));
    assert!(d.contains("(version 3.1) is draft"), "{d}");
    // Never approved: published as it is, marked in review.
    let b = std::fs::read_to_string(out.join("docs/pol-b.html")).unwrap();
    assert!(b.contains("Never approved text of B.") && b.contains("IN REVIEW"));
    assert!(!b.contains("REVISION IN REVIEW"));
    // The search index holds the text published.
    let index = std::fs::read_to_string(out.join("assets/search-index.js")).unwrap();
    assert!(
        index.contains("second"),
        "the approved text is not in the search index"
    );
    assert!(
        !index.contains("revis"),
        "the search index has the revision's words"
    );
    // The lints judged the working copy: the revision's empty link is reported.
    assert!(
        built.diagnostics().iter().any(|d| d.name == "empty-link"),
        "{built}"
    );
}

#[test]
fn drafts_and_check_see_the_working_copy() {
    let s = scripted();
    let out = s.project.parent().unwrap().join("drafts");
    let built = build(&s.project, &out, &["--drafts"]);
    assert_eq!(built.code, 0, "{built}");
    let page = std::fs::read_to_string(out.join("docs/pol-a.html")).unwrap();
    assert!(page.contains("Revised text under review") && !page.contains("REVISION IN REVIEW"));
    let d = std::fs::read_to_string(out.join("docs/pol-d.html")).unwrap();
    assert!(d.contains("Draft rewrite of D."));
    // `check` judges the working copy: the revision's empty link, at its line.
    let checked = run([
        "check".as_ref(),
        s.project.as_os_str(),
        "--today".as_ref(),
        TODAY.as_ref(),
        "--format".as_ref(),
        "json".as_ref(),
    ]);
    let found: Vec<(String, Option<String>, Option<u64>)> = checked
        .diagnostics()
        .into_iter()
        .filter(|d| d.name == "empty-link")
        .map(|d| (d.name, d.file, d.line))
        .collect();
    assert_eq!(
        found,
        [(
            "empty-link".to_string(),
            Some("policies/pol-a.md".to_string()),
            Some(11)
        )],
        "{checked}"
    );
}

#[test]
fn the_pdf_holds_the_approved_version_with_a_note() {
    let s = scripted();
    let out = s.project.parent().unwrap().join("manual.pdf");
    let ran = run([
        "pdf".as_ref(),
        s.project.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
        "--today".as_ref(),
        TODAY.as_ref(),
    ]);
    assert_eq!(ran.code, 0, "{ran}");
    let Some(text) = crate::pdf::pdftotext(&out) else {
        return;
    };
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("Second approved text."), "{flat}");
    assert!(!flat.contains("Revised text under review"));
    assert!(flat.contains(&format!(
        "a revision (version 1.2) is in review; this is the last approved version, from commit {} of 2026-03-01",
        &s.approved_a[..7]
    )), "{flat}");
    let _ = git(&s.project, &["status", "--short"], None);
}
