//! Malformed input never crashes annexa: `annexa check` (and `build`) on broken files
//! exits with 0 or 1, never with a panic, a crash or a hang, and every broken file gets a
//! diagnostic that names it.

mod common;

use std::ffi::OsStr;
use std::path::Path;
use std::time::Duration;

use common::{run_with_timeout, tempdir, Run, TODAY};

/// What a malformed file must produce.
#[derive(Clone, Copy, Debug)]
enum Expect {
    /// Some diagnostic naming the file.
    Diagnostic,
    /// This diagnostic (name, line, column) naming the file.
    At(&'static str, u64, u64),
    /// Nothing in particular, except no crash (odd but valid input).
    Survive,
    /// No error for this file: the input is valid despite its form.
    NoError,
}

struct Case {
    /// The file name (also the name of the case).
    file: &'static str,
    bytes: Vec<u8>,
    expect: Expect,
}

fn case(file: &'static str, bytes: impl Into<Vec<u8>>, expect: Expect) -> Case {
    Case {
        file,
        bytes: bytes.into(),
        expect,
    }
}

/// A valid front matter with `id`, then `body`.
fn doc(id: &str, body: &str) -> String {
    format!("---\nid: {id}\ntitle: Test document {id}\nstatus: approved\nlast_reviewed: 2026-06-01\n---\n\n{body}")
}

/// Deterministic pseudo-random bytes (a linear congruential generator).
fn garbage(len: usize) -> Vec<u8> {
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    (0..len)
        .map(|_| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) as u8
        })
        .collect()
}

/// A YAML "billion laughs": ten levels of nine aliases each.
fn alias_bomb() -> String {
    let mut yaml = String::from("---\nid: BOMB-1\ntitle: Bomb\na: &a [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n");
    let mut previous = 'a';
    for name in "bcdefghij".chars() {
        let refs = vec![format!("*{previous}"); 9].join(", ");
        yaml.push_str(&format!("{name}: &{name} [{refs}]\n"));
        previous = name;
    }
    yaml.push_str("---\n\nBody.\n");
    yaml
}

/// Every malformed file, with what it must produce.
fn cases() -> Vec<Case> {
    use Expect::*;
    let mut binary = garbage(4096);
    binary[0] = 0;
    vec![
        case("empty.md", "", Diagnostic),
        case("whitespace-only.md", "  \n\n\t\n", Diagnostic),
        case("only-fence.md", "---\n", Diagnostic),
        case("only-fence-no-newline.md", "---", Diagnostic),
        case("two-fences.md", "---\n---\n", Diagnostic),
        case("no-front-matter.md", "# Just a heading\n\nAnd text.\n", Diagnostic),
        case("unclosed.md", "---\nid: OPEN-1\ntitle: Never closed\n\nBody.\n", Diagnostic),
        case("binary.md", binary, Diagnostic),
        // The bad byte 0xC3 0x28 is on line 7, column 3.
        case("invalid-utf8.md", b"---\nid: UTF-1\ntitle: T\n---\n\nline six\nab\xC3\x28cd\n".to_vec(), At("invalid-utf8", 7, 3)),
        // A byte order mark is not a column: `[[` is at line 8, column 5.
        case("bom-broken-ref.md", format!("\u{feff}{}", doc("BOM-1", "See [[NOPE]].\n")), At("broken-reference", 8, 5)),
        case("bom-valid.md", format!("\u{feff}{}", doc("BOM-2", "Fine.\n")), NoError),
        case("crlf-broken-ref.md", doc("CRLF-1", "See [[NOPE]].\n").replace('\n', "\r\n"), At("broken-reference", 8, 5)),
        case(
            "crlf-bad-yaml.md",
            "---\r\nid: CRLF-2\r\ntitle: T\r\n  owner: x\r\n---\r\n",
            At("invalid-front-matter", 4, 8),
        ),
        case("crlf-valid.md", doc("CRLF-3", "Fine.\n").replace('\n', "\r\n"), NoError),
        case("cr-only.md", doc("CR-1", "Old Mac line endings.\n").replace('\n', "\r"), Diagnostic),
        case("tabs.md", "---\nid: TAB-1\n\ttitle: Tabbed\n---\n", Diagnostic),
        case("alias-bomb.md", alias_bomb(), Diagnostic),
        case(
            "nested-brackets.md",
            format!("---\nid: NEST-1\ntitle: {}\n---\n", "[".repeat(10_000)),
            Diagnostic,
        ),
        case(
            "nested-mappings.md",
            format!("---\nid: NEST-2\ntitle: T\nx: {}1{}\n---\n", "{a: ".repeat(10_000), "}".repeat(10_000)),
            Diagnostic,
        ),
        case("front-matter-is-a-list.md", "---\n- id: LIST-1\n- title: T\n---\n", Diagnostic),
        case("front-matter-is-text.md", "---\njust some words\n---\n", Diagnostic),
        case(
            "non-string-keys.md",
            "---\nid: KEYS-1\ntitle: T\n? [a, b]\n: c\n? {x: y}\n: z\n1: one\n~: nothing\n---\n",
            Diagnostic,
        ),
        case("huge-number-id.md", "---\nid: 123456789012345678901234567890\ntitle: T\n---\n", Diagnostic),
        case("duplicate-keys.md", "---\nid: DUP-1\nid: DUP-2\ntitle: T\n---\n", Diagnostic),
        case("nul-in-yaml.md", "---\nid: NUL\0-1\ntitle: T\n---\n", Diagnostic),
        case("unterminated-quote.md", "---\nid: \"QUOTE-1\ntitle: T\n---\n", Diagnostic),
        case("id-is-a-path.md", "---\nid: ../../etc/passwd\ntitle: T\n---\n", Diagnostic),
        case("id-is-a-list.md", "---\nid: [A, B]\ntitle: T\n---\n", Diagnostic),
        case("far-dates.md", doc("DATE-1", "x\n").replace("2026-06-01", "9999-12-31"), Survive),
        case(
            "impossible-values.md",
            "---\nid: VAL-1\ntitle: T\nreview_every: 99999999999999999999 months\napproved: 0000-00-00\ncontrols: [A.99999999999999999999.1]\n---\n",
            Diagnostic,
        ),
        // Odd Markdown bodies under a valid front matter: rendered by `build`.
        case("nested-brackets-body.md", doc("BODY-1", &format!("{}x{}\n", "[x".repeat(10_000), "]".repeat(10_000))), Survive),
        case("nested-quotes-body.md", doc("BODY-2", &format!("{} deep\n", ">".repeat(10_000))), Survive),
        case(
            "nested-lists-body.md",
            doc("BODY-3", &(0..2_000).map(|i| format!("{}- item\n", "  ".repeat(i))).collect::<String>()),
            Survive,
        ),
        case(
            "emphasis-body.md",
            doc("BODY-4", &format!("{}a{}\n", "*".repeat(50_000), "_".repeat(50_000))),
            Survive,
        ),
        case(
            "odd-links-body.md",
            doc(
                "BODY-5",
                "[[]] [[|]] [[#]] [[BODY-5#]] [[ |x]] [[A.99999999999999999999.1]] [a](%FF%FE.md) \
                 [b](../../../../etc/passwd) [c](<>) [d](#) [e](?x) [f](.md) <a href=\"/x\">x</a>\n",
            ),
            Survive,
        ),
        case("long-line-body.md", doc("BODY-6", &"word ".repeat(200_000)), Survive),
    ]
}

const LIMIT: Duration = Duration::from_secs(60);

/// `annexa check DIR --today 2026-11-25 --format json`, with a time limit.
fn check(dir: &Path) -> Run {
    run_with_timeout(
        [
            OsStr::new("check"),
            dir.as_os_str(),
            OsStr::new("--today"),
            OsStr::new(TODAY),
            OsStr::new("--format"),
            OsStr::new("json"),
        ],
        LIMIT,
    )
}

/// `annexa build DIR -o OUT --drafts --today 2026-11-25 --format json`, with a time limit.
fn build(dir: &Path, out: &Path) -> Run {
    run_with_timeout(
        [
            OsStr::new("build"),
            dir.as_os_str(),
            OsStr::new("-o"),
            out.as_os_str(),
            OsStr::new("--drafts"),
            OsStr::new("--today"),
            OsStr::new(TODAY),
            OsStr::new("--format"),
            OsStr::new("json"),
        ],
        LIMIT,
    )
}

fn assert_no_crash(what: &str, run: &Run) {
    assert!(!run.panicked(), "{what} crashed:\n{run}");
    assert!(
        run.code == 0 || run.code == 1,
        "{what} must exit with 0 or 1:\n{run}"
    );
}

/// Checks `expect` for `file` against the diagnostics of a run.
fn assert_expectation(what: &str, file: &str, expect: Expect, run: &Run) {
    let diagnostics = run.diagnostics();
    let mine: Vec<_> = diagnostics
        .iter()
        .filter(|d| d.file.as_deref() == Some(file))
        .collect();
    match expect {
        Expect::Diagnostic => {
            assert!(
                !mine.is_empty(),
                "{what}: no diagnostic names {file}:\n{run}"
            );
        }
        Expect::At(name, line, column) => {
            assert!(
                mine.iter()
                    .any(|d| d.name == name && d.line == Some(line) && d.column == Some(column)),
                "{what}: expected {name} at {file}:{line}:{column}, got {mine:#?}"
            );
        }
        Expect::NoError => {
            let errors: Vec<_> = mine.iter().filter(|d| d.level == "error").collect();
            assert!(
                errors.is_empty(),
                "{what}: {file} is valid but got errors {errors:#?}"
            );
        }
        Expect::Survive => {}
    }
}

#[test]
fn each_malformed_file_alone_gets_a_diagnostic_and_no_crash() {
    let mut failures = Vec::new();
    for case in cases() {
        let tmp = tempdir();
        let project = tmp.path().join("project");
        std::fs::create_dir_all(project.join("static")).ok();
        std::fs::write(project.join(case.file), &case.bytes).ok();
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let checked = check(&project);
            let what = format!("annexa check on {}", case.file);
            assert_no_crash(&what, &checked);
            assert_expectation(&what, case.file, case.expect, &checked);
            // Build renders what check accepts: that must not crash either.
            let built = build(&project, &tmp.path().join("site"));
            let what = format!("annexa build --drafts on {}", case.file);
            assert_no_crash(&what, &built);
            assert_expectation(&what, case.file, case.expect, &built);
        }));
        if let Err(e) = outcome {
            let message = e
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            failures.push(format!("{}: {message}", case.file));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of the malformed inputs failed:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn all_malformed_files_together_get_a_diagnostic_each() {
    let tmp = tempdir();
    let project = tmp.path().join("project");
    std::fs::create_dir_all(project.join("static")).ok();
    let cases = cases();
    for case in &cases {
        std::fs::write(project.join(case.file), &case.bytes).ok();
    }
    let checked = check(&project);
    assert_no_crash("annexa check on all malformed files", &checked);
    assert_eq!(
        checked.code, 1,
        "the malformed files must fail the check:\n{checked}"
    );
    for case in &cases {
        assert_expectation(
            "annexa check on all malformed files",
            case.file,
            case.expect,
            &checked,
        );
    }
    let built = build(&project, &tmp.path().join("site"));
    assert_no_crash("annexa build on all malformed files", &built);
    assert_eq!(built.code, 1, "{built}");
    assert!(
        !tmp.path().join("site").exists(),
        "build wrote a site despite errors"
    );
}
