//! The review lifecycle: review lints with their places, lint levels from annexa.toml and
//! the command line, the output formats, and the review calendars read back.

mod common;

use std::fs;

use common::{copy_fixture, run};

const TODAY: &str = "2026-11-25";

/// A diagnostic's level, file, line and column.
type Place = (String, Option<String>, Option<u64>, Option<u64>);

fn check(dir: &str, extra: &[&str]) -> common::Run {
    let mut args = vec!["check", dir, "--today", TODAY, "--format", "json"];
    args.extend_from_slice(extra);
    run(args)
}

fn found(run: &common::Run, name: &str) -> Vec<Place> {
    run.diagnostics()
        .into_iter()
        .filter(|d| d.name == name)
        .map(|d| (d.level, d.file, d.line, d.column))
        .collect()
}

fn at(
    level: &str,
    file: &str,
    line: u64,
    column: u64,
) -> (String, Option<String>, Option<u64>, Option<u64>) {
    (
        level.to_string(),
        Some(file.to_string()),
        Some(line),
        Some(column),
    )
}

#[test]
fn every_review_lint_at_its_place() {
    let project = copy_fixture("reviews");
    let dir = project.root.to_string_lossy().into_owned();
    let result = check(&dir, &[]);
    assert_eq!(result.code, 0, "warnings and notes only: {result}");
    // 2025-01-31 + 1 month clamps to 2025-02-28: long overdue.
    assert_eq!(
        found(&result, "review-overdue"),
        vec![at("warning", "policies/overdue.md", 6, 1)]
    );
    assert!(
        result.stdout.contains("was due for review on 2025-02-28"),
        "{result}"
    );
    assert_eq!(
        found(&result, "review-due-soon"),
        vec![at("note", "policies/due-soon.md", 6, 1)]
    );
    assert_eq!(
        found(&result, "never-reviewed"),
        vec![at("warning", "policies/never.md", 2, 1)]
    );
    assert_eq!(
        found(&result, "link-to-draft"),
        vec![at("warning", "policies/overdue.md", 11, 7)]
    );
    assert_eq!(
        found(&result, "link-to-retired"),
        vec![at("warning", "policies/overdue.md", 11, 25)]
    );
    assert_eq!(
        found(&result, "missing-owner"),
        vec![at("warning", "policies/ok.md", 2, 5)]
    );
    let unknown = found(&result, "unknown-owner");
    assert_eq!(
        unknown,
        vec![
            at("warning", "policies/never.md", 5, 8),
            at("warning", "policies/ok.md", 5, 11)
        ]
    );
    let never = result
        .diagnostics()
        .into_iter()
        .find(|d| d.name == "unknown-owner")
        .map(|d| d.help.unwrap_or_default());
    assert!(
        never.is_some_and(|h| h.contains("the closest role in annexa.toml is `Head of IT`")),
        "help names the closest role"
    );
    // Retired documents have no review state, so POL-OLD (reviewed 2020) is not overdue.
    assert!(!result.stdout.contains("POL-OLD was due"));
}

#[test]
fn lint_levels_from_annexa_toml_and_the_command_line() {
    let project = copy_fixture("reviews");
    let dir = project.root.to_string_lossy().into_owned();
    let config = project.root.join("annexa.toml");
    let text = fs::read_to_string(&config).unwrap_or_default();
    fs::write(
        &config,
        format!("{text}\n[lints]\nreview-overdue = \"error\"\nnever-reviewed = \"allow\"\n"),
    )
    .ok();
    let result = check(&dir, &[]);
    assert_eq!(result.code, 1, "review-overdue is an error now: {result}");
    assert_eq!(found(&result, "review-overdue")[0].0, "error");
    assert!(found(&result, "never-reviewed").is_empty());

    let allowed = check(&dir, &["-A", "review-overdue"]);
    assert_eq!(allowed.code, 0, "-A overrides annexa.toml: {allowed}");
    assert!(found(&allowed, "review-overdue").is_empty());

    let denied = check(&dir, &["-A", "review-overdue", "--deny", "warnings"]);
    assert_eq!(denied.code, 1, "{denied}");
    assert_eq!(found(&denied, "link-to-draft")[0].0, "error");
    assert_eq!(
        found(&denied, "review-due-soon")[0].0,
        "note",
        "--deny warnings leaves notes alone"
    );

    let one = check(&dir, &["-A", "review-overdue", "-D", "missing-owner"]);
    assert_eq!(one.code, 1);
    assert_eq!(found(&one, "missing-owner")[0].0, "error");

    let unknown = run(["check", &dir, "-D", "review-overdu"]);
    assert_eq!(unknown.code, 2, "{unknown}");
    assert!(
        unknown.stderr.contains("did you mean `review-overdue`"),
        "{unknown}"
    );

    fs::write(
        &config,
        format!("{text}\n[lints]\nreview-overdeu = \"error\"\n"),
    )
    .ok();
    let bad = check(&dir, &[]);
    assert_eq!(bad.code, 1, "{bad}");
    let config_errors = found(&bad, "invalid-config");
    assert_eq!(config_errors, vec![at("error", "annexa.toml", 7, 1)]);
}

#[test]
fn github_format_lines_are_exact() {
    let project = copy_fixture("reviews");
    let dir = project.root.to_string_lossy().into_owned();
    let result = run(["check", &dir, "--today", TODAY, "--format", "github"]);
    assert_eq!(result.code, 0);
    let lines: Vec<&str> = result.stdout.lines().collect();
    assert!(
        lines.contains(&"::notice file=policies/due-soon.md,line=6,col=1,title=review-due-soon::POL-SOON is due for review on 2026-12-10 (in 15 days)%0Ahelp: plan the review with the owner; after it, update `last_reviewed:`"),
        "{}",
        result.stdout
    );
    assert!(lines.iter().any(|l| l.starts_with("::warning file=policies/overdue.md,line=6,col=1,title=review-overdue::POL-OVERDUE was due for review on 2025-02-28")));
    assert!(
        result.stderr.contains("warnings") && result.stderr.contains("1 note"),
        "summary line: {}",
        result.stderr
    );
}

#[test]
fn review_calendars_parse_and_hold_the_due_reviews() {
    use icalendar::{Calendar, CalendarComponent, Component};
    let project = copy_fixture("reviews");
    let out = project.beside("site");
    let built = run([
        "build",
        &project.root.to_string_lossy(),
        "-o",
        &out.to_string_lossy(),
        "--today",
        TODAY,
    ]);
    assert_eq!(built.code, 0, "{built}");
    let text = fs::read_to_string(out.join("reviews.ics")).unwrap_or_default();
    let calendar: Calendar = text.parse().expect("reviews.ics is valid iCalendar");
    let events: Vec<_> = calendar
        .components
        .iter()
        .filter_map(|c| match c {
            CalendarComponent::Event(e) => Some(e),
            _ => None,
        })
        .collect();
    // POL-OVERDUE (2025-01-31 + 1 month = 2025-02-28) stays on its due date, marked
    // overdue, until it is reviewed; then POL-SOON (2026-12-10) and POL-OK (2026-06-01 + 12
    // months); not the draft or retired ones, not the never reviewed one.
    let summaries: Vec<String> = events
        .iter()
        .filter_map(|e| e.get_summary().map(str::to_string))
        .collect();
    assert_eq!(
        summaries,
        vec![
            "OVERDUE: Review POL-OVERDUE Overdue Policy",
            "Review POL-SOON Due Soon Policy",
            "Review POL-OK In Date Policy"
        ]
    );
    assert!(text.contains("DTSTART;VALUE=DATE:20250228"), "{text}");
    assert!(text.contains("CATEGORIES:ISMS review,Overdue"), "{text}");
    let overdue_days = 635; // 2025-02-28 to 2026-11-25
    assert!(
        text.replace("\r\n ", "")
            .contains(&format!("{overdue_days} days before 2026-11-25")),
        "{text}"
    );
    let ciso = fs::read_to_string(out.join("reviews/ciso.ics")).unwrap_or_default();
    assert!(
        ciso.contains("OVERDUE: Review POL-OVERDUE"),
        "the owner's feed keeps it: {ciso}"
    );
    let first = events[1];
    assert_eq!(first.get_uid(), Some("review-pol-soon@fixture-gmbh.annexa"));
    assert!(text.contains("DTSTART;VALUE=DATE:20261210"), "{text}");
    assert!(text.contains("DTEND;VALUE=DATE:20261211"), "{text}");
    assert!(text.contains("\r\n"), "RFC 5545 line endings");
    // One feed per owner.
    let it = fs::read_to_string(out.join("reviews/head-of-it.ics")).unwrap_or_default();
    let it: Calendar = it.parse().expect("the owner feed parses");
    assert_eq!(
        it.components
            .iter()
            .filter(|c| matches!(c, CalendarComponent::Event(_)))
            .count(),
        1
    );
    // Stable UIDs: a changed review date keeps the event's UID.
    let soon = project.root.join("policies/due-soon.md");
    let doc = fs::read_to_string(&soon).unwrap_or_default();
    fs::write(&soon, doc.replace("2026-12-10", "2027-01-20")).ok();
    let again = run([
        "build",
        &project.root.to_string_lossy(),
        "-o",
        &out.to_string_lossy(),
        "--today",
        TODAY,
    ]);
    assert_eq!(again.code, 0, "{again}");
    let moved = fs::read_to_string(out.join("reviews.ics")).unwrap_or_default();
    assert!(
        moved.contains("UID:review-pol-soon@fixture-gmbh.annexa")
            && moved.contains("DTSTART;VALUE=DATE:20270120"),
        "{moved}"
    );
}

#[test]
fn review_pages_and_register() {
    let project = copy_fixture("reviews");
    let out = project.beside("site");
    let built = run([
        "build",
        &project.root.to_string_lossy(),
        "-o",
        &out.to_string_lossy(),
        "--today",
        TODAY,
    ]);
    assert_eq!(built.code, 0, "{built}");
    let reviews = fs::read_to_string(out.join("reviews.html")).unwrap_or_default();
    let overdue = reviews
        .split("id=\"overdue\"")
        .nth(1)
        .and_then(|s| s.split("id=\"due-30\"").next())
        .unwrap_or("");
    assert!(
        overdue.contains("POL-OVERDUE") && !overdue.contains("POL-SOON"),
        "{overdue}"
    );
    let due_30 = reviews
        .split("id=\"due-30\"")
        .nth(1)
        .and_then(|s| s.split("id=\"due-90\"").next())
        .unwrap_or("");
    assert!(due_30.contains("POL-SOON"), "{due_30}");
    assert!(
        reviews.contains("id=\"month-2026-12\""),
        "a month by month calendar"
    );
    let page = fs::read_to_string(out.join("docs/pol-overdue.html")).unwrap_or_default();
    assert!(page.contains("banner-overdue"), "overdue banner");
    let soon = fs::read_to_string(out.join("docs/pol-soon.html")).unwrap_or_default();
    assert!(soon.contains("banner-due-soon"), "due-soon banner");
    let register = fs::read_to_string(out.join("register.csv")).unwrap_or_default();
    let mut rows = csv::Reader::from_reader(register.as_bytes());
    let headers = rows
        .headers()
        .map(|h| h.iter().map(str::to_string).collect::<Vec<_>>())
        .unwrap_or_default();
    assert_eq!(
        headers[..11],
        [
            "Id",
            "Title",
            "Type",
            "Version",
            "Status",
            "Owner",
            "Approver",
            "Approved",
            "Classification",
            "Last reviewed",
            "Next review"
        ]
    );
    let ids: Vec<String> = rows.records().flatten().map(|r| r[0].to_string()).collect();
    assert_eq!(
        ids,
        vec!["POL-NEVER", "POL-OK", "POL-OLD", "POL-OVERDUE", "POL-SOON"],
        "published documents, by id"
    );
    let owners = fs::read_to_string(out.join("owners.html")).unwrap_or_default();
    assert!(owners.contains("reviews/head-of-it.ics"));
}

#[test]
fn the_soa_review_is_in_the_calendars_like_a_document_review() {
    // soa.yaml with document control: last reviewed 2024-10-01, every 12 months, so its
    // review was due on 2025-10-01 and is overdue on 2026-11-25; its owner owns no document.
    let project = common::write_project(&[
        ("annexa.toml", "title = \"T\"\norganisation = \"Fixture GmbH\"\n"),
        (
            "soa.yaml",
            "framework: iso27001-2022\nversion: \"3\"\nowner: ISMS Manager\napproved: 2024-10-01\nlast_reviewed: 2024-10-01\nreview_every: 12 months\ncontrols:\n  A.5.1:\n    applicable: true\n    justification: Clause 5.2.\n",
        ),
        (
            "policies/is.md",
            "---\nid: POL-IS\ntitle: Information Security Policy\nstatus: approved\nowner: CISO\nlast_reviewed: 2026-06-01\ncontrols: [A.5.1]\n---\n# Policy\n",
        ),
    ]);
    let out = project.beside("site");
    let built = run([
        "build",
        &project.root.to_string_lossy(),
        "-o",
        &out.to_string_lossy(),
        "--today",
        TODAY,
    ]);
    assert_eq!(built.code, 0, "{built}");
    let text = fs::read_to_string(out.join("reviews.ics"))
        .unwrap_or_default()
        .replace("\r\n ", "");
    assert!(
        text.contains("SUMMARY:OVERDUE: Review SoA Statement of Applicability"),
        "{text}"
    );
    assert!(
        text.contains("UID:review-soa@fixture-gmbh.annexa"),
        "{text}"
    );
    assert!(text.contains("DTSTART;VALUE=DATE:20251001"), "{text}");
    assert!(
        text.contains("Owner: ISMS Manager. Current version: 3. Source: soa.yaml."),
        "{text}"
    );
    // The SoA's owner gets a feed with it; the document's owner keeps theirs without it.
    let manager = fs::read_to_string(out.join("reviews/isms-manager.ics")).unwrap_or_default();
    assert!(manager.contains("Review SoA"), "{manager}");
    let ciso = fs::read_to_string(out.join("reviews/ciso.ics")).unwrap_or_default();
    assert!(
        ciso.contains("Review POL-IS") && !ciso.contains("Review SoA"),
        "{ciso}"
    );
    // The Reviews page names it too, with its state in words (2025-10-01 to 2026-11-25).
    let page = fs::read_to_string(out.join("reviews.html")).unwrap_or_default();
    let line = page
        .split("<p class=\"soa-review\" id=\"soa-review\">")
        .nth(1)
        .and_then(|rest| rest.split("</p>").next())
        .unwrap_or_else(|| panic!("reviews.html has no SoA line: {page}"));
    assert!(line.contains("version 3 (owner ISMS Manager)"), "{line}");
    assert!(line.contains("Review overdue by 420 days"), "{line}");
}
