//! `annexa build content-example --today 2026-11-25 -o SITE`: the example project of the
//! repository builds cleanly into a complete, cross-linked, deterministic site.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use common::{
    check_links, content_example, external_requests, list_files, run, scan_html, snapshot,
    snapshot_diff, tempdir, Run, TODAY,
};

/// A site built from content-example into a temporary folder.
struct Built {
    tmp: tempfile::TempDir,
    site: PathBuf,
    run: Run,
}

/// `annexa build content-example -o TMP/site --today 2026-11-25 --format json [EXTRA...]`.
fn build_example(extra: &[&str]) -> Built {
    build_project(&content_example(), extra)
}

/// `annexa build PROJECT -o TMP/site --today 2026-11-25 --format json [EXTRA...]`, which must
/// succeed without error diagnostics.
fn build_project(project: &Path, extra: &[&str]) -> Built {
    let tmp = tempdir();
    let site = tmp.path().join("site");
    let mut args: Vec<String> = vec![
        "build".into(),
        project.to_string_lossy().into_owned(),
        "-o".into(),
        site.to_string_lossy().into_owned(),
        "--today".into(),
        TODAY.into(),
        "--format".into(),
        "json".into(),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    let run = run(&args);
    assert_eq!(run.code, 0, "annexa {}\n{run}", args.join(" "));
    let errors = run.errors();
    assert!(
        errors.is_empty(),
        "{} has error diagnostics: {errors:#?}",
        project.display()
    );
    Built { tmp, site, run }
}

/// The front matter of one source document, as `key: value` lines at the top level.
struct Source {
    path: PathBuf,
    text: String,
    fields: BTreeMap<String, String>,
}

impl Source {
    fn field(&self, key: &str) -> &str {
        self.fields.get(key).map(String::as_str).unwrap_or("")
    }

    fn id(&self) -> &str {
        self.field("id")
    }

    /// `controls: [A.5.15, A.8.2]` as a list.
    fn list(&self, key: &str) -> Vec<String> {
        self.field(key)
            .trim_matches(|c| c == '[' || c == ']')
            .split(',')
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect()
    }
}

/// Every document of content-example (every `.md` file but the root README.md).
fn example_sources() -> Vec<Source> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .flatten()
        {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if path.is_dir() {
                if !name.starts_with(['.', '_']) && name != "static" && name != "templates" {
                    walk(&path, out);
                }
            } else if name.ends_with(".md") {
                out.push(path);
            }
        }
    }
    let root = content_example();
    let mut paths = Vec::new();
    walk(&root, &mut paths);
    paths.retain(|p| p != &root.join("README.md"));
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let text =
                fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let front = text
                .strip_prefix("---\n")
                .and_then(|rest| rest.split("\n---\n").next())
                .unwrap_or("");
            let fields = front
                .lines()
                .filter(|l| !l.starts_with([' ', '-', '#']))
                .filter_map(|l| l.split_once(':'))
                .map(|(k, v)| (k.trim().to_string(), v.trim().trim_matches('"').to_string()))
                .collect();
            Source { path, text, fields }
        })
        .collect()
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

#[test]
fn content_example_builds_without_errors_into_a_complete_site() {
    let built = build_example(&[]);
    assert!(
        built.run.stderr.contains("annexa: 0 errors"),
        "no summary line `annexa: 0 errors, …` on stderr:\n{}",
        built.run.stderr
    );
    let files = list_files(&built.site);
    for required in [
        "index.html",
        "documents.html",
        "404.html",
        "assets/style.css",
        ".annexa-output",
        "logo.svg",
    ] {
        assert!(
            files.contains(required),
            "the site has no {required}; it has {files:#?}"
        );
    }
    // static/ is copied verbatim to the site root.
    assert_eq!(
        fs::read(built.site.join("logo.svg")).ok(),
        fs::read(content_example().join("static/logo.svg")).ok(),
        "logo.svg is not a copy of static/logo.svg"
    );
    // One page per document that is not a draft, named after the lower-case id.
    let sources = example_sources();
    assert!(
        sources.len() >= 30,
        "content-example has only {} documents",
        sources.len()
    );
    for source in &sources {
        let page = format!("docs/{}.html", source.id().to_lowercase());
        let expected = source.field("status") != "draft";
        assert_eq!(
            files.contains(&page),
            expected,
            "{} (status {}): page {page} {}",
            source.path.display(),
            source.field("status"),
            if expected {
                "is missing"
            } else {
                "should not exist without --drafts"
            }
        );
    }
    // documents.html lists the documents; records are listed on their kind's own page.
    let documents = read(&built.site.join("documents.html"));
    let record_pages: Vec<(&str, String)> = [
        ("risks", "risks.html"),
        ("nonconformities", "nonconformities.html"),
        ("management-reviews", "management-reviews.html"),
        ("audits", "audit-programme.html"),
        ("suppliers", "suppliers.html"),
    ]
    .into_iter()
    .filter(|(_, page)| built.site.join(page).exists())
    .map(|(folder, page)| (folder, page.to_string()))
    .collect();
    let pages: Vec<(String, String)> = record_pages
        .iter()
        .map(|(_, page)| (page.clone(), read(&built.site.join(page))))
        .collect();
    for source in sources.iter().filter(|s| s.field("status") != "draft") {
        let link = format!("docs/{}.html", source.id().to_lowercase());
        let record_page = record_pages
            .iter()
            .find(|(folder, _)| source.path.starts_with(content_example().join(folder)))
            .map(|(_, page)| page.as_str());
        let (name, list) = match record_page {
            Some(page) => (page, &pages.iter().find(|(p, _)| p == page).unwrap().1),
            None => ("documents.html", &documents),
        };
        assert!(
            list.contains(&link),
            "{name} does not link to {}",
            source.id()
        );
        if record_page.is_some() {
            assert!(
                !documents.contains(&link),
                "{} is listed on the wrong page",
                source.id()
            );
        }
        for (page, text) in pages
            .iter()
            .filter(|(p, _)| Some(p.as_str()) != record_page)
        {
            if record_page.is_none() {
                assert!(!text.contains(&link), "{} is listed on {page}", source.id());
            }
        }
    }
}

#[test]
fn every_link_of_the_example_site_resolves() {
    for extra in [&[][..], &["--drafts"][..]] {
        let built = build_example(extra);
        let problems = check_links(&built.site);
        // Grouped by reason (what is missing), with the first page that links to it.
        let mut reasons: BTreeMap<&str, (usize, &str)> = BTreeMap::new();
        for p in &problems {
            let reason = p.rsplit_once(">: ").map_or(p.as_str(), |(_, r)| r);
            reasons.entry(reason).or_insert((0, p)).0 += 1;
        }
        assert!(
            problems.is_empty(),
            "build {extra:?}: {} broken links; by reason:\n{}",
            problems.len(),
            reasons
                .iter()
                .map(|(r, (n, first))| format!("{n:4} × {r}   (first: {first})"))
                .collect::<Vec<_>>()
                .join("\n")
        );
        let external = external_requests(&built.site);
        assert!(
            external.is_empty(),
            "build {extra:?}: requests that leave the site:\n{}",
            external.join("\n")
        );
    }
}

#[test]
fn document_page_has_title_controls_referenced_by_and_history() {
    let built = build_example(&[]);
    let page = read(&built.site.join("docs/pol-ac.html"));
    // A document in review says so above its title; an approved one does not.
    let in_review = read(&built.site.join("docs/isms-obj.html"));
    assert!(
        in_review.contains("banner-in-review"),
        "ISMS-OBJ is in review"
    );
    assert!(!page.contains("banner-in-review"), "POL-AC is approved");
    // print.html carries each printed document's history.
    let print = read(&built.site.join("print.html"));
    assert!(
        print.contains("History of POL-AC"),
        "print.html has no history of POL-AC"
    );
    let sources = example_sources();
    let source = sources
        .iter()
        .find(|s| s.id() == "POL-AC")
        .expect("content-example has POL-AC");

    // Title.
    let title = source.field("title");
    assert_eq!(title, "Access Control Policy");
    assert!(
        page.contains(title),
        "docs/pol-ac.html does not show its title {title:?}"
    );

    // Controls: each entry of `controls:` links to its control page, an ISO one or a
    // NIST CSF 2.0 one.
    let controls = source.list("controls");
    assert!(controls.contains(&"A.5.15".to_string()), "{controls:?}");
    assert!(controls.contains(&"PR.AA-01".to_string()), "{controls:?}");
    let csf = csf_ids();
    for control in &controls {
        let slug = control.to_lowercase().replace('.', "-");
        let href = if csf.contains(control) {
            format!("../frameworks/nist-csf-2.0/{slug}.html")
        } else {
            format!("../controls/{slug}.html")
        };
        assert!(
            page.contains(&format!("href=\"{href}\"")),
            "docs/pol-ac.html does not link control {control} as {href}"
        );
        assert!(
            page.contains(control.as_str()),
            "docs/pol-ac.html does not name control {control}"
        );
    }

    // Referenced by: a section listing documents that really reference POL-AC.
    let start = page
        .find("Referenced by")
        .expect("docs/pol-ac.html has no \"Referenced by\" section");
    let section = &page[start..];
    let section = &section[..section.find("</section>").unwrap_or(section.len())];
    let referrers: Vec<String> = scan_html(section)
        .attrs
        .iter()
        .filter(|(_, a)| a.name == "href")
        .filter_map(|(_, a)| {
            a.value
                .strip_prefix("../docs/")
                .map(|p| p.trim_end_matches(".html").to_string())
        })
        .collect();
    assert!(
        !referrers.is_empty(),
        "\"Referenced by\" lists no document:\n{section}"
    );
    for referrer in &referrers {
        assert_ne!(referrer, "pol-ac", "POL-AC is listed as referencing itself");
        let from = sources
            .iter()
            .find(|s| s.id().to_lowercase() == *referrer)
            .unwrap_or_else(|| panic!("\"Referenced by\" lists {referrer}, which is no document"));
        assert!(
            from.text.contains("POL-AC") || from.text.contains("access-control.md"),
            "\"Referenced by\" lists {} but {} does not reference POL-AC",
            from.id(),
            from.path.display()
        );
    }

    // History: every entry's version, date and change.
    let start = page
        .find(">History<")
        .expect("docs/pol-ac.html has no History section");
    let history = common::decode_entities(&page[start..]);
    let entries: Vec<&str> = source
        .text
        .lines()
        .skip_while(|l| !l.starts_with("history:"))
        .skip(1)
        .take_while(|l| l.starts_with("  -"))
        .collect();
    assert!(
        entries.len() >= 3,
        "POL-AC's history has {} entries",
        entries.len()
    );
    for entry in entries {
        let value = |key: &str| -> String {
            let rest = entry.split(&format!("{key}: ")).nth(1).unwrap_or("");
            let end = if key == "change" {
                rest.rfind(" }").unwrap_or(rest.len())
            } else {
                rest.find(',').unwrap_or(rest.len())
            };
            rest[..end].trim().trim_matches('"').to_string()
        };
        for key in ["version", "date", "author", "change"] {
            let v = value(key);
            assert!(
                !v.is_empty(),
                "cannot read {key} of history entry {entry:?}"
            );
            assert!(
                history.contains(&v),
                "the History section does not show {key} {v:?}"
            );
        }
        // The Author column is the cell after the change.
        let row_end = format!("{}</td><td>{}</td>", value("change"), value("author"));
        assert!(
            history.contains(&row_end),
            "the History row does not end with the change and its author: {row_end:?}"
        );
    }
}

#[test]
fn drafts_get_a_page_only_with_the_drafts_flag() {
    let without = build_example(&[]);
    assert!(
        !without.site.join("docs/pol-ai.html").exists(),
        "the draft POL-AI has a page although --drafts was not given"
    );
    // The home page says that a draft exists and is left out (it said "Draft 0").
    let drafts: usize = example_sources()
        .iter()
        .filter(|s| s.fields.get("status").map(String::as_str) == Some("draft"))
        .count();
    assert_eq!(drafts, 1, "content-example has one draft");
    let home = read(&without.site.join("index.html"));
    assert!(
        home.contains("1 draft exists and is not published in this manual."),
        "the home page does not say that a draft is left out"
    );
    let with = build_example(&["--drafts"]);
    assert!(!read(&with.site.join("index.html")).contains("not published in this manual"));
    let page = read(&with.site.join("docs/pol-ai.html"));
    assert!(
        page.contains("Generative AI Usage Policy"),
        "docs/pol-ai.html does not show its title"
    );
    assert!(
        page.contains("DRAFT"),
        "docs/pol-ai.html has no DRAFT banner"
    );
    // Approved documents carry no DRAFT banner.
    let approved = read(&with.site.join("docs/pol-ac.html"));
    assert!(
        !approved.contains("DRAFT"),
        "the approved POL-AC carries a DRAFT banner"
    );
}

#[test]
fn two_builds_are_byte_identical() {
    let first = build_example(&[]);
    let second = build_example(&[]);
    let a = snapshot(&first.site);
    let b = snapshot(&second.site);
    assert!(a.len() > 30, "the site has only {} files", a.len());
    let diff = snapshot_diff(&a, &b);
    assert!(
        diff.is_empty(),
        "two builds of the same project differ:\n{}",
        diff.join("\n")
    );
}

/// The ids of the built-in NIST CSF 2.0 catalogue (functions, categories, subcategories).
fn csf_ids() -> BTreeSet<String> {
    let path = common::repo_root().join("src/catalog/data/nist-csf-2.0.yaml");
    read(&path)
        .lines()
        .filter_map(|line| line.trim_start().strip_prefix("- id: "))
        .map(|id| id.trim().to_string())
        .collect()
}

/// A copy of content-example as it was before it enabled NIST CSF 2.0: no `frameworks =`
/// line, no applicability/ folder, and no CSF id in the documents' `controls:` lists.
/// Returns the copy and how many CSF ids it took out of the documents.
fn example_without_csf() -> (common::TempProject, usize) {
    let dir = tempdir();
    let root = dir.path().join("content-example");
    common::copy_dir(&content_example(), &root);
    let copy = common::TempProject { dir, root };

    let toml = read(&copy.root.join("annexa.toml"));
    let kept: Vec<&str> = toml
        .lines()
        .filter(|l| !l.trim_start().starts_with("frameworks"))
        .collect();
    assert_eq!(
        kept.len() + 1,
        toml.lines().count(),
        "content-example/annexa.toml has no single `frameworks =` line:\n{toml}"
    );
    copy.write("annexa.toml", kept.join("\n") + "\n");
    fs::remove_dir_all(copy.root.join("applicability"))
        .unwrap_or_else(|e| panic!("content-example has no applicability/ folder: {e}"));

    let csf = csf_ids();
    let mut removed = 0;
    for source in example_sources() {
        let rel = source
            .path
            .strip_prefix(content_example())
            .unwrap_or_else(|_| panic!("{} is outside content-example", source.path.display()));
        let controls = source.list("controls");
        let iso: Vec<&str> = controls
            .iter()
            .map(String::as_str)
            .filter(|c| !csf.contains(*c))
            .collect();
        if iso.len() == controls.len() {
            continue;
        }
        removed += controls.len() - iso.len();
        let line = format!("controls: {}", source.field("controls"));
        assert!(
            source.text.contains(&format!("\n{line}\n")),
            "{}: no line `{line}`",
            rel.display()
        );
        let text = source.text.replacen(
            &format!("\n{line}\n"),
            &format!("\ncontrols: [{}]\n", iso.join(", ")),
            1,
        );
        copy.write(&rel.to_string_lossy(), text);
    }
    (copy, removed)
}

/// The `<main id="main" …>…</main>` element of a page: everything but the header, the
/// navigation (which lists the enabled frameworks) and the footer.
fn main_element(page: &str) -> &str {
    let start = page.find("<main id=\"main\"").unwrap_or(0);
    let end = page
        .find("</main>")
        .map_or(page.len(), |i| i + "</main>".len());
    &page[start..end.max(start)]
}

/// Where `a` and `b` first differ, with some context of each.
fn first_difference(a: &[u8], b: &[u8]) -> String {
    let at = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let context = |bytes: &[u8]| {
        let from = at.saturating_sub(120);
        String::from_utf8_lossy(&bytes[from..(at + 200).min(bytes.len())]).into_owned()
    };
    format!(
        "at byte {at} ({} vs {} bytes)\n  with CSF:    {:?}\n  without CSF: {:?}",
        a.len(),
        b.len(),
        context(a),
        context(b)
    )
}

#[test]
fn enabling_nist_csf_leaves_the_iso_pages_and_exports_unchanged() {
    let (without, removed) = example_without_csf();
    assert!(
        removed >= 50,
        "the documents of content-example list only {removed} CSF subcategories"
    );
    let with_csf = build_example(&[]);
    let iso_only = build_project(&without.root, &[]);
    let csf_index = "frameworks/nist-csf-2.0/index.html";
    assert!(with_csf.site.join(csf_index).is_file(), "no {csf_index}");
    assert!(
        !iso_only.site.join(csf_index).exists(),
        "the copy without CSF still has {csf_index}"
    );

    let controls = |site: &Path| -> BTreeSet<String> {
        list_files(&site.join("controls"))
            .into_iter()
            .map(|f| format!("controls/{f}"))
            .collect()
    };
    let pages = controls(&with_csf.site);
    assert_eq!(pages, controls(&iso_only.site), "control pages");
    assert!(pages.len() >= 93, "only {} control pages", pages.len());
    let mut differences = Vec::new();
    let pages = ["soa.html", "coverage.html", "transition.html"]
        .into_iter()
        .map(String::from)
        .chain(pages);
    for page in pages {
        let a = read(&with_csf.site.join(&page));
        let b = read(&iso_only.site.join(&page));
        let (a, b) = (main_element(&a), main_element(&b));
        assert!(a.len() > 100, "{page} has no <main> element");
        if a != b {
            differences.push(format!(
                "{page} <main>: {}",
                first_difference(a.as_bytes(), b.as_bytes())
            ));
        }
    }
    for file in ["soa.csv", "soa.xlsx"] {
        let a = fs::read(with_csf.site.join(file)).unwrap_or_default();
        let b = fs::read(iso_only.site.join(file)).unwrap_or_default();
        assert!(!a.is_empty(), "no {file}");
        if a != b {
            differences.push(format!("{file}: {}", first_difference(&a, &b)));
        }
    }
    let model = |site: &Path| -> serde_json::Value {
        serde_json::from_str(&read(&site.join("annexa.json"))).expect("annexa.json is JSON")
    };
    let (a, b) = (model(&with_csf.site), model(&iso_only.site));
    for key in ["controls", "coverage"] {
        assert!(!a[key].is_null(), "annexa.json has no `{key}`");
        if a[key] != b[key] {
            let (a, b) = (a[key].to_string(), b[key].to_string());
            differences.push(format!(
                "annexa.json `{key}`: {}",
                first_difference(a.as_bytes(), b.as_bytes())
            ));
        }
    }
    assert!(
        differences.is_empty(),
        "enabling NIST CSF 2.0 in content-example changed ISO output:\n{}",
        differences.join("\n")
    );
}

#[test]
fn csf_control_page_lists_mapped_controls_in_catalogue_order() {
    let built = build_example(&[]);
    let page = read(&built.site.join("frameworks/nist-csf-2.0/pr-aa-05.html"));
    // NIST's word for its controls is "subcategory".
    assert!(
        page.contains("Documents listing this subcategory"),
        "{page}"
    );
    let index = read(&built.site.join("frameworks/nist-csf-2.0/index.html"));
    assert!(
        index.contains("<p class=\"lead\">106 subcategories (version 2.0)"),
        "{index}"
    );
    let start = page
        .find("Mapped controls and coverage via mapping")
        .expect("pr-aa-05.html has no section of mapped controls");
    // Each row: framework name, then the mapped control's id.
    let mapped: Vec<&str> = page[start..]
        .split("<td>ISO/IEC 27001:2022 Annex A</td>")
        .skip(1)
        .filter_map(|rest| rest.split("<span class=\"control-id\">").nth(1))
        .filter_map(|rest| rest.split('<').next())
        .collect();
    // NIST maps PR.AA-05 to eleven Annex A controls; the example documents all of them.
    assert_eq!(
        mapped,
        [
            "A.5.1", "A.5.3", "A.5.14", "A.5.15", "A.5.16", "A.5.17", "A.5.18", "A.8.2", "A.8.3",
            "A.8.5", "A.8.18"
        ],
        "the mapped controls of PR.AA-05 are not in catalogue order"
    );
}

/// `HH:MM:SS` times of day in `text`.
fn times_of_day(text: &str) -> Vec<String> {
    let b = text.as_bytes();
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    (0..b.len().saturating_sub(7))
        .filter(|&i| {
            digit(i)
                && digit(i + 1)
                && b[i + 2] == b':'
                && digit(i + 3)
                && digit(i + 4)
                && b[i + 5] == b':'
                && digit(i + 6)
                && digit(i + 7)
        })
        .filter(|&i| !digit(i.wrapping_sub(1)) && !digit(i + 8))
        .map(|i| text[i..i + 8].to_string())
        .collect()
}

/// Runs of exactly 10 digits that read as a Unix time within a year of now.
fn recent_unix_times(text: &str, now: u64) -> Vec<String> {
    let mut out = Vec::new();
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() {
            let start = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            if i - start == 10 || i - start == 13 {
                let seconds: u64 = text[start..start + 10].parse().unwrap_or(0);
                if seconds + 366 * 86_400 > now && seconds < now + 86_400 {
                    out.push(text[start..i].to_string());
                }
            }
        } else {
            i += 1;
        }
    }
    out
}

#[test]
fn output_has_no_machine_paths_and_no_timestamp_but_today() {
    let built = build_example(&[]);
    let sources: String = example_sources()
        .iter()
        .map(|s| s.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);

    // Paths of this machine that must not leak into the site.
    let mut machine_paths: Vec<String> = vec![
        built.tmp.path().to_string_lossy().into_owned(),
        content_example().to_string_lossy().into_owned(),
        common::repo_root().to_string_lossy().into_owned(),
    ];
    for path in [built.tmp.path().to_path_buf(), content_example()] {
        if let Ok(canonical) = fs::canonicalize(path) {
            machine_paths.push(canonical.to_string_lossy().into_owned());
        }
    }
    if let Ok(cwd) = std::env::current_dir() {
        machine_paths.push(cwd.to_string_lossy().into_owned());
    }
    if let Some(home) = std::env::var_os("HOME").filter(|h| h.len() > 1) {
        machine_paths.push(format!("{}/", home.to_string_lossy()));
    }

    for (rel, bytes) in snapshot(&built.site) {
        let text = String::from_utf8_lossy(&bytes);
        for path in &machine_paths {
            assert!(
                !text.contains(path.as_str()),
                "{rel} contains the machine path {path}"
            );
        }
        assert!(!text.contains("file://"), "{rel} contains a file:// URL");
        for time in times_of_day(&text) {
            assert!(
                sources.contains(&time),
                "{rel} contains the time of day {time}, which is in no source"
            );
        }
        let epochs = recent_unix_times(&text, now);
        assert!(
            epochs.is_empty(),
            "{rel} contains what looks like the build time: {epochs:?}"
        );
    }

    // The footer names the given today.
    let index = read(&built.site.join("index.html"));
    assert!(
        index.contains(TODAY),
        "index.html does not show today ({TODAY})"
    );
}

/// Dates written `YYYY-MM-DD`, or `YYYYMMDD` as in iCalendar, in `text`, with their year.
fn dates(text: &str) -> Vec<(u32, String)> {
    let b = text.as_bytes();
    let digits = |from: usize, n: usize| {
        b.len() >= from + n && b[from..from + n].iter().all(u8::is_ascii_digit)
    };
    let boundary = |i: usize| i >= b.len() || !b[i].is_ascii_digit();
    let mut out = Vec::new();
    for i in 0..b.len() {
        if i > 0 && b[i - 1].is_ascii_digit() {
            continue;
        }
        let (len, month, day) = if digits(i, 4)
            && b.get(i + 4) == Some(&b'-')
            && digits(i + 5, 2)
            && b.get(i + 7) == Some(&b'-')
            && digits(i + 8, 2)
        {
            (10, &text[i + 5..i + 7], &text[i + 8..i + 10])
        } else if digits(i, 8) {
            (8, &text[i + 4..i + 6], &text[i + 6..i + 8])
        } else {
            continue;
        };
        if !boundary(i + len) {
            continue;
        }
        let (Ok(year), Ok(month), Ok(day)) = (
            text[i..i + 4].parse::<u32>(),
            month.parse::<u32>(),
            day.parse::<u32>(),
        ) else {
            continue;
        };
        if (1900..2200).contains(&year) && (1..=12).contains(&month) && (1..=31).contains(&day) {
            out.push((year, text[i..i + len].to_string()));
        }
    }
    out
}

#[test]
fn the_clock_is_not_read_when_today_is_given() {
    // A project whose every date lies in 2001: built with --today 2001-06-15, its site may
    // show dates of 2000 to 2003 only (review dates are computed from the 2001 dates). Any
    // other year, such as the machine's, came from the clock. Two builds 2.1 s apart must
    // also be byte-identical: a time of day would differ, even inside compressed files.
    let project = common::write_project(&[
        (
            "policies/a.md",
            "---\nid: POL-A\ntitle: A Policy\nstatus: approved\nowner: CISO\napprover: CEO\napproved: 2001-03-01\n\
             last_reviewed: 2001-03-01\nreview_every: 12 months\ncontrols: [A.5.1]\n\
             history:\n  - { version: \"1.0\", date: 2001-03-01, change: First version }\n---\n\n## Purpose\n\nSee [[POL-B]].\n",
        ),
        (
            "policies/b.md",
            "---\nid: POL-B\ntitle: B Policy\nstatus: approved\nowner: CISO\nnext_review: 2001-07-01\ncontrols: [A.5.2]\n---\n\nText.\n",
        ),
        (
            "policies/c.md",
            "---\nid: POL-C\ntitle: C Policy\nstatus: draft\nowner: CISO\nlast_reviewed: 2000-12-01\n---\n\nText.\n",
        ),
        ("static/evidence.txt", "evidence\n"),
    ]);
    let today = "2001-06-15";
    let build = |name: &str| {
        let out = project.beside(name);
        let r = run([
            std::ffi::OsStr::new("build"),
            project.root.as_os_str(),
            std::ffi::OsStr::new("-o"),
            out.as_os_str(),
            std::ffi::OsStr::new("--drafts"),
            std::ffi::OsStr::new("--today"),
            std::ffi::OsStr::new(today),
        ]);
        assert_eq!(r.code, 0, "{r}");
        snapshot(&out)
    };
    let first = build("first");
    std::thread::sleep(std::time::Duration::from_millis(2100));
    let second = build("second");
    let diff = snapshot_diff(&first, &second);
    assert!(
        diff.is_empty(),
        "two builds 2.1 s apart differ:\n{}",
        diff.join("\n")
    );

    let mut shows_today = false;
    let mut dates_seen = 0;
    for (rel, bytes) in &first {
        let Ok(text) = std::str::from_utf8(bytes) else {
            continue;
        };
        shows_today |= text.contains(today);
        dates_seen += dates(text).len();
        for (year, date) in dates(text) {
            assert!(
                (2000..=2003).contains(&year),
                "{rel} shows the date {date}, which no input gives"
            );
        }
        assert!(
            times_of_day(text).is_empty(),
            "{rel} shows a time of day: {:?}",
            times_of_day(text)
        );
    }
    assert!(shows_today, "no page shows today ({today})");
    assert!(dates_seen > 10, "only {dates_seen} dates found in the site");
}

#[test]
fn the_date_scanner_finds_both_forms() {
    let found = dates(
        "on 2026-11-25, DTSTAMP:20261125T000000Z; ISO/IEC 27001:2022, 1234567890, 2026-13-01",
    );
    let found: Vec<(u32, &str)> = found.iter().map(|(y, d)| (*y, d.as_str())).collect();
    assert_eq!(found, vec![(2026, "2026-11-25"), (2026, "20261125")]);
}

/// The approved documents of content-example whose review is overdue on TODAY, with the
/// days, worked out from their front matter (`next_review:`, else `last_reviewed:` plus
/// `review_every: N months`, the only interval the example uses).
fn overdue_documents(sources: &[Source]) -> Vec<(String, i32, Vec<String>)> {
    let today: jiff::civil::Date = TODAY.parse().expect("TODAY is a date");
    sources
        .iter()
        .filter(|s| s.field("status") == "approved")
        .filter_map(|s| {
            let next: jiff::civil::Date = match s.field("next_review") {
                "" => {
                    let last: jiff::civil::Date = s.field("last_reviewed").parse().ok()?;
                    let months: i32 = s
                        .field("review_every")
                        .strip_suffix(" months")
                        .and_then(|n| n.parse().ok())
                        .unwrap_or(12);
                    last.checked_add(jiff::Span::new().months(months)).ok()?
                }
                date => date.parse().ok()?,
            };
            let days = next.until(today).ok()?.get_days();
            (next < today).then(|| (s.id().to_string(), days, s.list("controls")))
        })
        .collect()
}

#[test]
fn every_list_of_documents_shows_an_overdue_review_beside_the_status() {
    let built = build_example(&[]);
    let overdue = overdue_documents(&example_sources());
    assert!(!overdue.is_empty(), "content-example has an overdue review");
    let soa = read(&built.site.join("soa.html"));
    let soa_rows: BTreeMap<&str, &str> = soa
        .split("<tr id=\"")
        .skip(1)
        .filter_map(|row| row.split_once('"'))
        .collect();
    let row_of = |page: &str, id: &str| -> String {
        page.split("<tr")
            .find(|row| {
                [">{id}</a></td>", "\"doc-id\">{id}<", ">{id}</span>"]
                    .iter()
                    .any(|p| row.contains(&p.replace("{id}", id)))
            })
            .unwrap_or("")
            .to_string()
    };
    let mut overdue_controls = std::collections::BTreeSet::new();
    for (id, days, controls) in &overdue {
        let badge = format!(">Review overdue by {days} days</span>");
        for page in [
            "documents.html",
            "register.html",
            "owners.html",
            "reviews.html",
        ] {
            let row = row_of(&read(&built.site.join(page)), id);
            assert!(
                row.contains(&badge),
                "{page}: the row of {id} lacks {badge}: {row}"
            );
        }
        for control in controls {
            overdue_controls.insert(control.clone());
            let slug = control.to_lowercase().replace('.', "-");
            let page = read(&built.site.join(format!("controls/{slug}.html")));
            let row = row_of(&page, id);
            assert!(
                row.contains("status-approved") && row.contains(&badge),
                "controls/{slug}.html: {id} shows no overdue review beside its status: {row}"
            );
            let soa_row = soa_rows.get(control.as_str()).copied().unwrap_or("");
            assert!(
                soa_row.contains(&badge),
                "soa.html: the row of {control} shows no overdue review of {id}"
            );
        }
    }
    // Document pages: wherever an overdue document is listed (related documents, referenced
    // by), its badge follows it.
    for (id, days, _) in &overdue {
        let badge = format!(">Review overdue by {days} days</span>");
        let mut listed = 0;
        for file in list_files(&built.site.join("docs")) {
            let page = read(&built.site.join("docs").join(&file));
            for item in page.split("<li>").skip(1) {
                let item = item.split("</li>").next().unwrap_or("");
                if item.contains(&format!("<span class=\"doc-id\">{id}</span>")) {
                    listed += 1;
                    assert!(item.contains(&badge), "docs/{file}: {item}");
                }
            }
        }
        assert!(listed > 0, "no document page lists {id}");
    }
    // The SoA filter's data: a row says "overdue" exactly when one of its documents is.
    for (control, row) in &soa_rows {
        let reviews = row
            .split("data-reviews=\"")
            .nth(1)
            .and_then(|r| r.split('"').next())
            .unwrap_or_else(|| panic!("soa.html: the row of {control} has no data-reviews"));
        assert_eq!(
            reviews.split(' ').any(|k| k == "overdue"),
            overdue_controls.contains(*control),
            "soa.html: {control} has data-reviews=\"{reviews}\""
        );
    }
    // An in-date document shows its status alone.
    let documents = read(&built.site.join("documents.html"));
    let in_date = row_of(&documents, "POL-AC");
    assert!(
        in_date.contains("status-approved") && !in_date.contains("badge review-"),
        "{in_date}"
    );
}

/// The `<li>` findings of a home page's "Current warnings".
fn home_findings(site: &Path) -> Vec<String> {
    let home = read(&site.join("index.html"));
    let section = home
        .split("id=\"findings\"")
        .nth(1)
        .and_then(|s| s.split("</section>").next())
        .unwrap_or("")
        .to_string();
    section
        .split("<li ")
        .skip(1)
        .map(|li| li.split("</li>").next().unwrap_or("").to_string())
        .collect()
}

#[test]
fn home_page_findings_are_sentences_that_link_to_the_control_or_document() {
    let built = build_example(&[]);
    let findings = home_findings(&built.site);
    // The warnings of the run, as `annexa check` names them.
    let warnings: Vec<_> = built
        .run
        .diagnostics()
        .into_iter()
        .filter(|d| d.level != "error")
        .collect();
    assert_eq!(findings.len(), warnings.len(), "{findings:#?}");
    let uncovered: Vec<_> = warnings
        .iter()
        .filter(|d| d.name == "soa-uncovered-control")
        .collect();
    assert!(
        !uncovered.is_empty(),
        "content-example has an uncovered control"
    );
    for d in &warnings {
        let li = findings
            .iter()
            .find(|f| f.contains(&d.message))
            .unwrap_or_else(|| panic!("no finding says {:?}: {findings:#?}", d.message));
        assert!(
            !li.contains(d.name.as_str()) && !li.contains(".md:") && !li.contains("soa.yaml"),
            "a published finding shows a lint name or a repository path: {li}"
        );
        let href = li
            .split("href=\"")
            .nth(1)
            .and_then(|h| h.split('"').next())
            .unwrap_or_else(|| panic!("finding without a link: {li}"));
        assert!(built.site.join(href).is_file(), "{href} of {li}");
        if d.name == "soa-uncovered-control" {
            let control = d.message.split(' ').next().unwrap_or("");
            let slug = control.to_lowercase().replace('.', "-");
            // A decision of applicability/<framework>.yaml links to that framework's page.
            let framework = d
                .file
                .as_deref()
                .and_then(|f| f.strip_prefix("applicability/"))
                .and_then(|f| f.strip_suffix(".yaml"));
            let page = match framework {
                Some(framework) => format!("frameworks/{framework}/{slug}.html"),
                None => format!("controls/{slug}.html"),
            };
            assert_eq!(href, page, "{li}");
        }
    }

    // With `[site] show_diagnostics_detail = true` (what `annexa serve` shows), the lint
    // names and places are back.
    let project = built.tmp.path().join("project");
    common::copy_dir(&content_example(), &project);
    let toml = read(&project.join("annexa.toml"));
    fs::write(
        project.join("annexa.toml"),
        format!("{toml}\n[site]\nshow_diagnostics_detail = true\n"),
    )
    .unwrap_or_else(|e| panic!("annexa.toml: {e}"));
    let site = built.tmp.path().join("detailed");
    let detailed = common::build_json(&project, &site);
    assert_eq!(detailed.code, 0, "{detailed}");
    let findings = home_findings(&site);
    for d in &uncovered {
        let place = format!(
            "soa-uncovered-control · <code>{}:{}</code>",
            d.file.as_deref().unwrap_or(""),
            d.line.unwrap_or(0)
        );
        assert!(
            findings
                .iter()
                .any(|f| f.contains(&d.message) && f.contains(&place)),
            "no finding with {place}: {findings:#?}"
        );
    }
}
