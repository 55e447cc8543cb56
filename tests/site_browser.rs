//! The built content-example in headless Chromium, opened from the file system: search by
//! title and by control id, navigation from file://, accessibility (axe-core) in the light
//! and the dark scheme, and the layout on a desktop and a phone (screenshots are saved to
//! target/tmp/site-screenshots/ for people to look at).

mod browser;
mod common;

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use browser::{file_url, Browser};
use common::content_example;

/// content-example built once for this test binary, under Cargo's target/tmp.
fn site() -> &'static Path {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    SITE.get_or_init(|| {
        let site = Path::new(env!("CARGO_TARGET_TMPDIR")).join("site-browser");
        let example = content_example();
        let run = common::run([
            OsStr::new("build"),
            example.as_os_str(),
            OsStr::new("-o"),
            site.as_os_str(),
            OsStr::new("--today"),
            OsStr::new(common::TODAY),
        ]);
        assert_eq!(run.code, 0, "{run}");
        site
    })
}

fn page(rel: &str) -> String {
    let (path, query) = rel.split_once('?').unwrap_or((rel, ""));
    let mut url = file_url(&site().join(path));
    if !query.is_empty() {
        url.push('?');
        url.push_str(query);
    }
    url
}

/// The hrefs of the live results under the header's search box, once they are shown.
fn live_results(browser: &mut Browser) -> Vec<String> {
    browser.wait_for(
        "!document.getElementById('search-live').hidden && document.querySelector('#search-live [role=status]').textContent",
    );
    let value = browser.eval(
        "Array.from(document.querySelectorAll('#search-live li a')).map(a => a.getAttribute('href'))",
    );
    value
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

/// Types `query` into the (focused) header search box, replacing what it held.
fn search_for(browser: &mut Browser, query: &str) -> Vec<String> {
    browser.eval(
        "(() => { const i = document.getElementById('search-input'); i.value = ''; i.focus(); \
         document.getElementById('search-live').hidden = true; return true; })()",
    );
    browser.type_text(query);
    browser.wait_for(&format!(
        "document.getElementById('search-input').value === {}",
        serde_json::Value::String(query.to_string())
    ));
    live_results(browser)
}

#[test]
fn the_search_box_finds_documents_by_title_and_by_control_id() {
    let Some(mut browser) = Browser::launch() else {
        return;
    };
    browser.goto(&page("index.html"));
    // "/" focuses the search box from anywhere.
    browser.eval("document.body.focus(); document.activeElement.blur(); true");
    browser.press("/");
    assert_eq!(
        browser.eval("document.activeElement && document.activeElement.id"),
        "search-input",
        "`/` does not focus the search box"
    );
    let by_title = search_for(&mut browser, "Access Control");
    assert_eq!(
        by_title.first().map(String::as_str),
        Some("docs/pol-ac.html"),
        "searching \"Access Control\" should list POL-AC first: {by_title:?}"
    );
    let by_control = search_for(&mut browser, "A.5.15");
    assert!(
        by_control.iter().any(|h| h == "docs/pol-ac.html"),
        "searching \"A.5.15\" does not find POL-AC: {by_control:?}"
    );
    let by_id = search_for(&mut browser, "pol-ac");
    assert_eq!(by_id.first().map(String::as_str), Some("docs/pol-ac.html"));
    let by_body = search_for(&mut browser, "break-glass");
    assert!(
        by_body.iter().any(|h| h == "docs/pol-ac.html"),
        "searching body text \"break-glass\" does not find POL-AC: {by_body:?}"
    );

    // Arrow keys move into the results; Enter follows the focused one.
    search_for(&mut browser, "Access Control");
    browser.press("ArrowDown");
    assert_eq!(
        browser.eval("document.activeElement.getAttribute('href')"),
        "docs/pol-ac.html"
    );
    browser.press("Enter");
    browser.wait_for("location.href.endsWith('docs/pol-ac.html')");

    // The results page, as the form (GET search.html?q=…) opens it.
    browser.goto(&page("search.html?q=A.5.15"));
    let hrefs = browser.wait_for(
        "(() => { const a = Array.from(document.querySelectorAll('#search-results a')).map(a => a.getAttribute('href')); return a.length ? a : null; })()",
    );
    assert!(
        hrefs
            .as_array()
            .is_some_and(|a| a.iter().any(|h| h == "docs/pol-ac.html")),
        "search.html?q=A.5.15 does not list POL-AC: {hrefs}"
    );
    let status = browser.eval("document.getElementById('search-status').textContent");
    assert!(
        status.as_str().is_some_and(|s| s.contains("match")),
        "{status}"
    );
}

/// The results of search.html for `query`, once shown: for each, its href, its text and the
/// text of its first `<mark>` (None when it has none).
fn results_page(browser: &mut Browser, query: &str) -> Vec<(String, String, Option<String>)> {
    let encoded: String = query
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'.' | b'-' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect();
    browser.goto(&page(&format!("search.html?q={encoded}")));
    let value = browser.wait_for(
        "(() => { const items = Array.from(document.querySelectorAll('#search-results a')); \
         return items.length ? items.map(a => [a.getAttribute('href'), a.textContent, \
         a.querySelector('mark') && a.querySelector('mark').textContent]) : null; })()",
    );
    value
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| {
            let text = |i: usize| r[i].as_str().map(String::from);
            (
                text(0).unwrap_or_default(),
                text(1).unwrap_or_default(),
                text(2),
            )
        })
        .collect()
}

#[test]
fn search_finds_controls_justifications_and_overview_pages_with_the_match_marked() {
    // The justification of A.7.4 in the example's soa.yaml, of which the test searches a
    // phrase (checked here, so that a change to the example does not leave the test blind).
    let soa = std::fs::read_to_string(content_example().join("soa.yaml")).unwrap_or_default();
    let a74 = soa.split("  A.7.4:").nth(1).unwrap_or_default();
    let justification = a74.split("  A.7.5:").next().unwrap_or_default();
    assert!(
        justification.contains("provided by the landlord under the lease"),
        "content-example/soa.yaml no longer has the justification this test searches"
    );
    let Some(mut browser) = Browser::launch() else {
        return;
    };
    // Typed into the header's box: the control comes first, as a control.
    browser.goto(&page("index.html"));
    let live = search_for(&mut browser, "A.7.4");
    assert_eq!(
        live.first().map(String::as_str),
        Some("controls/a-7-4.html"),
        "typing \"A.7.4\" should list the control A.7.4 first: {live:?}"
    );
    let label = browser.eval("document.querySelector('#search-live li a .hit-meta').textContent");
    assert!(
        label
            .as_str()
            .is_some_and(|t| t.contains("Annex A control")),
        "the control's result is labelled as one: {label}"
    );
    // For people to look at: the live results with their snippets.
    browser.set_viewport(1366, 768, false);
    search_for(&mut browser, "physical security");
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("site-screenshots");
    browser.screenshot(&shots.join("search-live-1366.png"), false);

    let by_id = results_page(&mut browser, "A.7.4");
    let (href, text, mark) = &by_id[0];
    assert_eq!(href, "controls/a-7-4.html", "{by_id:?}");
    assert!(text.contains("Physical security monitoring"), "{text}");
    assert_eq!(mark.as_deref(), Some("A.7.4"), "the id is marked: {text}");
    // "7.4" is the same control.
    let short = results_page(&mut browser, "7.4");
    assert_eq!(short[0].0, "controls/a-7-4.html", "{short:?}");

    // A phrase of the justification finds the control first, the words marked in its
    // snippet (the justification, shown from a little before the first match when that is
    // far into it).
    let phrase = results_page(&mut browser, "landlord under the lease");
    assert_eq!(phrase[0].0, "controls/a-7-4.html", "{phrase:?}");
    let marks = browser.eval(
        "Array.from(document.querySelectorAll('#search-results li:first-child .hit-snippet mark')).map(m => m.textContent)",
    );
    // "the" is a stop word: never searched, never marked.
    assert_eq!(
        marks,
        serde_json::json!(["landlord", "under", "lease", "under"]),
        "the snippet marks the query's words (not the stop words)"
    );
    let snippet = browser
        .eval("document.querySelector('#search-results li:first-child .hit-snippet').textContent");
    assert!(
        snippet.as_str().is_some_and(|s| s.starts_with('…')
            && s.contains("guarding are provided by the landlord under the lease")),
        "{snippet}"
    );

    // Overview pages by their names.
    let soa_page = results_page(&mut browser, "statement of applicability");
    assert_eq!(soa_page[0].0, "soa.html", "{soa_page:?}");
    assert!(soa_page[0].1.contains("Overview page"), "{soa_page:?}");
    for (query, href) in [
        ("coverage", "coverage.html"),
        ("document register", "register.html"),
        ("owners", "owners.html"),
        ("transition", "transition.html"),
    ] {
        let results = results_page(&mut browser, query);
        assert_eq!(results[0].0, href, "{query}: {results:?}");
    }

    // A document found by a word of its opening shows it marked in the snippet.
    let body = results_page(&mut browser, "granting");
    let pol_ac = body.iter().find(|r| r.0 == "docs/pol-ac.html");
    assert!(
        pol_ac.is_some_and(|r| r.2.as_deref() == Some("granting")),
        "\"granting\" is marked in POL-AC's snippet: {body:?}"
    );
    // The marks are elements made by the script, never markup from the index: no result
    // holds an element other than the script's own.
    let foreign = browser.eval(
        "Array.from(document.querySelectorAll('#search-results *')).filter(e => !['LI', 'A', 'SPAN', 'MARK'].includes(e.tagName)).length",
    );
    assert_eq!(foreign, 0);
}

#[test]
fn search_results_show_markup_in_the_index_as_text() {
    // Titles, bodies and justifications are the authors' text: the results show them as
    // text, whatever they hold.
    let project = common::write_project(&[
        ("annexa.toml", "title = \"Markup ISMS\"\n"),
        (
            "policies/markup.md",
            "---\nid: POL-MK\ntitle: \"Markup <img src=x onerror=\\\"window.pwned=1\\\"> Policy\"\nstatus: approved\n---\n## Purpose\n\nMarkup `<img src=x onerror=\"window.pwned=2\">` in code.\n",
        ),
        (
            "soa.yaml",
            "controls:\n  A.7.4:\n    applicable: false\n    justification: \"Markup <img src=x onerror='window.pwned=3'> here.\"\n",
        ),
    ]);
    let site = project.beside("site");
    let run = common::run([
        OsStr::new("build"),
        project.root.as_os_str(),
        OsStr::new("-o"),
        site.as_os_str(),
        OsStr::new("--today"),
        OsStr::new(common::TODAY),
    ]);
    assert!(run.code <= 1, "{run}");
    let Some(mut browser) = Browser::launch() else {
        return;
    };
    browser.goto(&format!("{}?q=markup", file_url(&site.join("search.html"))));
    let texts = browser.wait_for(
        "(() => { const a = Array.from(document.querySelectorAll('#search-results a')).map(a => a.textContent); return a.length ? a : null; })()",
    );
    let texts: Vec<&str> = texts
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str())
        .collect();
    assert!(
        texts.iter().any(
            |t| t.contains("<img src=x onerror=\"window.pwned=1\"> Policy")
                && t.contains("<img src=x onerror=\"window.pwned=2\">")
        ),
        "the document's title and snippet show as text: {texts:?}"
    );
    assert!(
        texts
            .iter()
            .any(|t| t.contains("Markup <img src=x onerror='window.pwned=3'> here.")),
        "the justification shows as text: {texts:?}"
    );
    assert_eq!(
        browser.eval(
            "[document.querySelectorAll('#search-results img').length, window.pwned === undefined]"
        ),
        serde_json::json!([0, true])
    );
}

#[test]
fn the_site_works_from_the_file_system() {
    let Some(mut browser) = Browser::launch() else {
        return;
    };
    browser.set_viewport(1280, 900, false);
    browser.goto(&page("index.html"));
    // The stylesheet and the scripts loaded despite file:// and the CSP.
    browser.wait_for("document.documentElement.classList.contains('js') && !!window.annexaNav");
    assert_eq!(
        browser.eval("getComputedStyle(document.querySelector('.layout')).display"),
        "grid",
        "style.css is not applied"
    );
    // The sidebar's tree: open "Policies" and follow a document.
    browser.eval("document.querySelector('[data-section=type-policy] .side-toggle').click(); true");
    let link = browser.wait_for(
        "(() => { const a = document.querySelector('[data-section=type-policy] a[href=\"docs/pol-ac.html\"]'); return a ? a.textContent : null; })()",
    );
    assert!(
        link.as_str().is_some_and(|t| t.contains("Access Control")),
        "{link}"
    );
    browser.eval("document.querySelector('[data-section=type-policy] a[href=\"docs/pol-ac.html\"]').click(); true");
    browser.wait_for(
        "location.href.endsWith('/docs/pol-ac.html') && document.readyState === 'complete'",
    );
    browser.wait_event("Page.loadEventFired");
    // On the document page the tree opens on the current document.
    browser.wait_for(
        "!!document.querySelector('.sidebar a[aria-current=page][href=\"../docs/pol-ac.html\"]')",
    );
    assert!(browser
        .eval("document.querySelector('h1').textContent")
        .as_str()
        .is_some_and(|t| t.contains("Access Control Policy")));
    // Search from a page one level down: the form submits to ../search.html?q=…
    browser.eval(
        "(() => { const i = document.getElementById('search-input'); i.value = 'backup'; i.form.submit(); return true; })()",
    );
    browser
        .wait_for("location.pathname.endsWith('/search.html') && location.search === '?q=backup'");
    let results = browser.wait_for("document.querySelectorAll('#search-results a').length");
    assert!(results.as_u64().unwrap_or(0) >= 1, "{results}");
    let first = browser.eval("document.querySelector('#search-results a').getAttribute('href')");
    assert_eq!(first, "docs/pol-bak.html", "the best match for \"backup\"");
    // The print view loads too.
    browser.goto(&page("print.html"));
    let sections = browser.eval("document.querySelectorAll('.print-doc').length");
    assert!(sections.as_u64().unwrap_or(0) > 20, "{sections}");
    // Each document prints on its own named page, whose margin boxes hold its running
    // header (assets/print-pages.css, loaded despite file:// and the CSP).
    let pages = browser.eval(
        "Array.from(document.querySelectorAll('article.print-doc')).map(a => getComputedStyle(a).page)",
    );
    let pages: Vec<&str> = pages
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| p.as_str())
        .collect();
    assert!(
        !pages.is_empty() && pages.iter().all(|p| p.starts_with("annexa-doc-")),
        "{pages:?}"
    );
    let mut distinct = pages.clone();
    distinct.sort_unstable();
    distinct.dedup();
    assert_eq!(distinct.len(), pages.len(), "one named page per document");
}

#[test]
fn no_serious_accessibility_violations_in_either_colour_scheme() {
    let Some(axe) = browser::axe_core() else {
        return;
    };
    let Some(mut browser) = Browser::launch() else {
        return;
    };
    let mut report = Vec::new();
    for (scheme, width) in [
        ("light", 1280),
        ("dark", 1280),
        ("light", 375),
        ("dark", 375),
    ] {
        browser.set_color_scheme(scheme);
        browser.set_viewport(width, 900, width < 500);
        let scheme_label = format!("{scheme}, {width}px");
        for rel in [
            "index.html",
            "docs/pol-ac.html",
            "soa.html",
            "frameworks/nist-csf-2.0/index.html",
            "frameworks/nist-csf-2.0/pr-aa-05.html",
            "search.html?q=access",
            "risks.html",
            "docs/r-05.html",
            "audit-programme.html",
            "certification.html",
            "management-system.html",
            "docs/ia-2026-1.html",
            "nonconformities.html",
            "docs/nc-2026-001.html",
            "management-reviews.html",
            "docs/mr-2026-1.html",
            "management-review-input.html",
        ] {
            browser.goto(&page(rel));
            if rel.starts_with("search.html") {
                browser.wait_for("document.querySelectorAll('#search-results a').length");
            }
            let matches = browser.eval(&format!(
                "matchMedia('(prefers-color-scheme: {scheme})').matches"
            ));
            assert_eq!(matches, true, "the {scheme} scheme is not emulated");
            for v in browser.serious_violations(&axe) {
                report.push(format!("{rel} ({scheme_label}): {v}"));
            }
        }
        // The other kinds of page, on a desktop.
        if width > 1000 {
            for rel in [
                "documents.html",
                "controls/a-5-15.html",
                "coverage.html",
                "transition.html",
                "reviews.html",
                "owners.html",
                "register.html",
                "print.html",
                "404.html",
                "risk-treatment.html",
            ] {
                browser.goto(&page(rel));
                for v in browser.serious_violations(&axe) {
                    report.push(format!("{rel} ({scheme_label}): {v}"));
                }
            }
        }
        // The live results of the header's search box.
        browser.goto(&page("index.html"));
        search_for(&mut browser, "policy");
        for v in browser.serious_violations(&axe) {
            report.push(format!(
                "index.html, live search results ({scheme_label}): {v}"
            ));
        }
    }
    assert!(
        report.is_empty(),
        "axe-core found serious or critical violations:\n{}",
        report.join("\n")
    );
}

/// Every page at the site's root, every document page and one control page.
fn phone_pages() -> Vec<String> {
    let mut pages: Vec<String> = common::list_files(site())
        .into_iter()
        .filter(|f| f.ends_with(".html") && (!f.contains('/') || f.starts_with("docs/")))
        .collect();
    pages.push("controls/a-5-15.html".to_string());
    pages.push("frameworks/nist-csf-2.0/index.html".to_string());
    pages.push("frameworks/nist-csf-2.0/pr-aa-05.html".to_string());
    pages
}

#[test]
fn pages_fit_a_desktop_and_a_phone() {
    let Some(mut browser) = Browser::launch() else {
        return;
    };
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("site-screenshots");
    let mut problems = Vec::new();
    for (width, height, mobile) in [(1280, 900, false), (375, 812, true)] {
        browser.set_viewport(width, height, mobile);
        for (name, rel) in [
            ("home", "index.html"),
            ("document", "docs/pol-ac.html"),
            ("soa", "soa.html"),
            ("search", "search.html?q=A.7.4"),
            ("csf", "frameworks/nist-csf-2.0/index.html"),
            ("csf-control", "frameworks/nist-csf-2.0/pr-aa-05.html"),
            ("risks", "risks.html"),
            ("risk", "docs/r-05.html"),
            ("risk-treatment", "risk-treatment.html"),
            ("audit-programme", "audit-programme.html"),
            ("certification", "certification.html"),
            ("management-system", "management-system.html"),
            ("audit", "docs/ia-2026-1.html"),
            ("nonconformities", "nonconformities.html"),
            ("nonconformity", "docs/nc-2026-001.html"),
            ("management-reviews", "management-reviews.html"),
            ("management-review", "docs/mr-2026-1.html"),
            ("management-review-input", "management-review-input.html"),
        ] {
            browser.goto(&page(rel));
            browser.wait_for("document.readyState === 'complete'");
            let overflow = browser.eval("document.documentElement.scrollWidth - window.innerWidth");
            if overflow.as_i64().unwrap_or(0) > 0 {
                problems.push(format!(
                    "{rel} at {width}px scrolls sideways by {overflow}px"
                ));
            }
            browser.screenshot(&out.join(format!("{name}-{width}.png")), false);
        }
        if mobile {
            // No page of the site scrolls sideways on a phone: wide tables and code
            // scroll within themselves.
            for rel in phone_pages() {
                browser.goto(&page(&rel));
                let overflow =
                    browser.eval("document.documentElement.scrollWidth - window.innerWidth");
                if overflow.as_i64().unwrap_or(0) > 0 {
                    problems.push(format!(
                        "{rel} at {width}px scrolls sideways by {overflow}px"
                    ));
                }
            }
            // The sidebar hides behind the menu button, which opens it.
            browser.goto(&page("docs/pol-ac.html"));
            assert_eq!(
                browser.eval("getComputedStyle(document.getElementById('sidebar')).display"),
                "none",
                "the sidebar is not folded away on a phone"
            );
            browser.eval("document.querySelector('.menu-toggle').click(); true");
            assert_eq!(
                browser.eval("getComputedStyle(document.getElementById('sidebar')).display"),
                "block"
            );
            browser.screenshot(&out.join(format!("menu-{width}.png")), false);
        }
    }
    // The dark scheme, and the print view as the browser's "Save as PDF" makes it.
    browser.set_viewport(1280, 900, false);
    browser.set_color_scheme("dark");
    for (name, rel) in [
        ("home", "index.html"),
        ("document", "docs/pol-ac.html"),
        ("soa", "soa.html"),
        ("search", "search.html?q=A.7.4"),
        ("csf", "frameworks/nist-csf-2.0/index.html"),
        ("csf-control", "frameworks/nist-csf-2.0/pr-aa-05.html"),
        ("risks", "risks.html"),
        ("risk", "docs/r-05.html"),
        ("risk-treatment", "risk-treatment.html"),
        ("audit-programme", "audit-programme.html"),
        ("certification", "certification.html"),
        ("management-system", "management-system.html"),
        ("audit", "docs/ia-2026-1.html"),
        ("nonconformities", "nonconformities.html"),
        ("nonconformity", "docs/nc-2026-001.html"),
        ("management-reviews", "management-reviews.html"),
        ("management-review", "docs/mr-2026-1.html"),
        ("management-review-input", "management-review-input.html"),
    ] {
        browser.goto(&page(rel));
        browser.screenshot(&out.join(format!("{name}-1280-dark.png")), false);
    }
    browser.set_color_scheme("light");
    browser.goto(&page("print.html"));
    let pdf = browser.print_to_pdf(&out.join("print.pdf"));
    assert!(pdf > 20, "print.pdf has only {pdf} pages");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_nonconformity_register_filters_by_grade_and_status_without_a_script() {
    let Some(mut browser) = Browser::launch() else {
        return;
    };
    browser.set_viewport(1280, 900, false);
    browser.goto(&page("nonconformities.html"));
    // No script filters this table: the radio buttons and CSS :has() do.
    assert_eq!(
        browser.eval("document.querySelectorAll('script[src*=\"risks.js\"]').length"),
        0
    );
    let shown = "Array.from(document.querySelectorAll('#nc-table tbody tr')).filter(r => r.offsetParent !== null).map(r => r.id)";
    let all = browser.eval(shown);
    assert_eq!(all.as_array().map(Vec::len), Some(6), "{all}");
    browser.eval("document.getElementById('nc-grade-major').click(); true");
    assert_eq!(browser.eval(shown), serde_json::json!(["nc-NC-2026-001"]));
    browser.eval("document.getElementById('nc-grade-any').click(); document.getElementById('nc-status-not-closed').click(); true");
    assert_eq!(
        browser.eval(shown),
        serde_json::json!(["nc-NC-2026-001", "nc-NC-2026-002", "nc-NC-2026-003"])
    );
    browser.eval("document.getElementById('nc-grade-minor').click(); true");
    assert_eq!(browser.eval(shown), serde_json::json!(["nc-NC-2026-002"]));
}

#[test]
fn a_framework_decision_table_gives_its_width_to_the_outcome_and_the_justification() {
    let Some(mut browser) = Browser::launch() else {
        return;
    };
    browser.set_viewport(1280, 900, false);
    browser.goto(&page("frameworks/nist-csf-2.0/index.html"));
    browser.wait_for("document.readyState === 'complete'");
    // The widths of the header cells of the decision table, by their text.
    let widths = browser.eval(
        "Object.fromEntries([...document.querySelectorAll('.framework-table thead th')]\
         .map(th => [th.textContent, th.getBoundingClientRect().width]))",
    );
    let width = |column: &str| {
        widths[column]
            .as_f64()
            .unwrap_or_else(|| panic!("no column {column:?}: {widths}"))
    };
    // CSF subcategories have a sentence for a title: it and the justification need the
    // room, not the one-word Applicable and Status badges (the ISO table's min-widths,
    // written for its Title and Justification columns, once landed on these two).
    for (wide, narrow) in [
        ("Title", "Applicable"),
        ("Title", "Status"),
        ("Justification", "Applicable"),
        ("Justification", "Status"),
    ] {
        assert!(
            width(wide) > 1.5 * width(narrow),
            "{wide} is not much wider than {narrow}: {widths}"
        );
    }
}

#[test]
fn the_404_page_opened_from_the_file_system_is_styled_and_leads_home() {
    let Some(mut browser) = Browser::launch() else {
        return;
    };
    browser.goto(&page("404.html"));
    let display = browser.eval("getComputedStyle(document.querySelector('.site-header')).display");
    assert_eq!(display, "flex", "the 404 page is not styled from file://");
    browser.eval("document.querySelector('a.home-link').click(); true");
    browser.wait_for(&format!(
        "location.href === {} && document.readyState === 'complete' && !!document.querySelector('.dashboard')",
        serde_json::Value::String(page("index.html"))
    ));
}

/// The pages about the ISMS as a whole (every page at the site's root but the print view,
/// which is laid out for paper).
const OVERVIEW_PAGES: &[&str] = &[
    "index.html",
    "documents.html",
    "soa.html",
    "coverage.html",
    "transition.html",
    "reviews.html",
    "owners.html",
    "register.html",
    "search.html?q=access",
    "404.html",
    "audit-programme.html",
    "certification.html",
    "management-system.html",
];

#[test]
fn overview_pages_fit_a_laptop_and_a_phone_and_long_tables_scroll_in_their_box() {
    let Some(mut browser) = Browser::launch() else {
        return;
    };
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("site-screenshots");
    let mut problems = Vec::new();
    for (width, height, mobile) in [(1366, 768, false), (390, 844, true)] {
        browser.set_viewport(width, height, mobile);
        for rel in OVERVIEW_PAGES {
            browser.goto(&page(rel));
            browser.wait_for("document.readyState === 'complete'");
            let sizes = browser.eval(
                "[document.documentElement.scrollWidth, document.documentElement.clientWidth]",
            );
            let (scroll, client) = (
                sizes[0].as_i64().unwrap_or(0),
                sizes[1].as_i64().unwrap_or(0),
            );
            if scroll > client {
                problems.push(format!(
                    "{rel} at {width}×{height}: the page scrolls sideways ({scroll} > {client})"
                ));
            }
            if mobile && rel == &"soa.html" {
                // The SoA as cards: the page holds them all, none runs under the footer.
                let overlap = browser.eval(
                    "document.querySelector('#soa-table tbody tr:last-child').getBoundingClientRect().bottom - document.querySelector('.site-footer').getBoundingClientRect().top",
                );
                if overlap.as_f64().unwrap_or(0.0) > 0.0 {
                    problems.push(format!(
                        "soa.html at {width}px: the last control runs {overlap}px under the footer"
                    ));
                }
            }
            if !mobile {
                // On a laptop every table fits its box: nothing to scroll sideways for.
                let wide = browser.eval(
                    "Array.from(document.querySelectorAll('.table-wrap')).filter(w => w.scrollWidth > w.clientWidth).map(w => w.querySelector('table').className + ' ' + w.scrollWidth + '>' + w.clientWidth)",
                );
                if wide.as_array().is_some_and(|a| !a.is_empty()) {
                    problems.push(format!(
                        "{rel} at {width}px: tables wider than their box: {wide}"
                    ));
                }
                let name = rel.split(['.', '?']).next().unwrap_or("page");
                browser.screenshot(&out.join(format!("{name}-{width}.png")), false);
            }
        }
    }
    // The SoA table (93 rows) scrolls inside its own box, its header row staying in view.
    browser.set_viewport(1366, 768, false);
    browser.goto(&page("soa.html"));
    let header = browser.eval(
        "(() => { const wrap = document.querySelector('.table-wrap:has(#soa-table)'); \
         wrap.scrollTop = 600; const th = wrap.querySelector('thead th'); \
         return [wrap.scrollHeight > wrap.clientHeight, wrap.scrollTop, \
                 Math.round(th.getBoundingClientRect().top - wrap.getBoundingClientRect().top)]; })()",
    );
    assert_eq!(
        header[0], true,
        "the SoA table does not scroll in its box: {header}"
    );
    // The box is reachable by keyboard, with a name.
    let stop = browser.eval(
        "(() => { const wrap = document.querySelector('.table-wrap:has(#soa-table)'); return [wrap.getAttribute('tabindex'), wrap.getAttribute('aria-label')]; })()",
    );
    assert_eq!(stop, serde_json::json!(["0", "Table (scrolls down)"]));
    assert!(header[1].as_i64().unwrap_or(0) > 0, "{header}");
    assert!(
        header[2].as_i64().is_some_and(|top| (0..=2).contains(&top)),
        "the SoA header row scrolled away with the rows: {header}"
    );
    // Ids and dates never break: each stays on one line.
    browser.goto(&page("register.html"));
    let broken = browser.eval(
        "Array.from(document.querySelectorAll('.register-table td.doc-id, .register-table time')).filter(e => { const r = document.createRange(); r.selectNodeContents(e); return new Set(Array.from(r.getClientRects()).map(q => Math.round(q.top))).size > 1; }).map(e => e.textContent)",
    );
    assert_eq!(
        broken,
        serde_json::json!([]),
        "ids or dates broken over lines"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The controls that approved documents overdue for review on `common::TODAY` list, from
/// the site's annexa.json (each document's `next_review` and `controls`).
fn controls_of_overdue_documents() -> Vec<String> {
    let text = std::fs::read_to_string(site().join("annexa.json")).unwrap_or_default();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
    let mut controls: Vec<String> = json["documents"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|d| d["status"] == "approved")
        .filter(|d| d["next_review"].as_str().is_some_and(|n| n < common::TODAY))
        .flat_map(|d| d["controls"].as_array().cloned().unwrap_or_default())
        .filter_map(|c| c.as_str().map(String::from))
        .collect();
    controls.sort();
    controls.dedup();
    controls
}

#[test]
fn the_soa_filter_selects_controls_whose_documents_are_overdue() {
    let Some(mut browser) = Browser::launch() else {
        return;
    };
    browser.set_viewport(1366, 768, false);
    browser.goto(&page("soa.html"));
    browser.wait_for("!document.getElementById('soa-filters').hidden");
    let select = |browser: &mut Browser, field: &str, value: &str| {
        browser.eval(&format!(
            "(() => {{ const f = document.getElementById('soa-filters'); \
             f.elements.namedItem({field:?}).value = {value:?}; \
             f.dispatchEvent(new Event('change')); \
             return Array.from(document.querySelectorAll('#soa-table tbody tr')).filter(r => !r.hidden).map(r => r.id).sort(); }})()"
        ))
    };
    let expected = controls_of_overdue_documents();
    assert!(
        !expected.is_empty(),
        "content-example has an overdue document with controls"
    );
    let shown = select(&mut browser, "reviews", "overdue");
    assert_eq!(
        shown,
        serde_json::json!(expected),
        "Documents: with an overdue review"
    );
    let count = browser.eval("document.querySelector('#soa-filters output').value");
    assert_eq!(count, format!("{} of 93 controls shown", expected.len()));
    // Combined with another filter, and back to any.
    let themed = select(&mut browser, "theme", "technological");
    let technological: Vec<&String> = expected.iter().filter(|c| c.starts_with("A.8.")).collect();
    assert_eq!(themed, serde_json::json!(technological));
    select(&mut browser, "theme", "");
    let all = select(&mut browser, "reviews", "");
    assert_eq!(all.as_array().map(Vec::len), Some(93));
}

/// tests/fixtures/diagrams built once for this test binary: a procedure with two Mermaid
/// diagrams and a YAML block, and a policy without a diagram.
fn diagram_site() -> &'static Path {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    SITE.get_or_init(|| {
        let site = Path::new(env!("CARGO_TARGET_TMPDIR")).join("site-browser-diagrams");
        let project = common::fixture("diagrams");
        let run = common::run([
            OsStr::new("build"),
            project.as_os_str(),
            OsStr::new("-o"),
            site.as_os_str(),
            OsStr::new("--today"),
            OsStr::new(common::TODAY),
        ]);
        assert_eq!(run.code, 0, "{run}");
        site
    })
}

/// `{ drawn: N }`, the number of drawn diagrams (an `<svg>` in a `.diagram`), once every
/// source is drawn (and hidden) or has failed (and says so).
const DIAGRAMS_DRAWN: &str = "(() => { const s = document.querySelectorAll('pre.diagram-source'); \
     const done = Array.from(s).every(p => p.hidden || p.previousElementSibling?.classList.contains('diagram-error')); \
     return done ? { drawn: document.querySelectorAll('.diagram svg').length } : null; })()";

/// axe-core's context for the drawn diagrams. (The rest of the page is checked with the
/// example's pages; this fixture's YAML block shows a contrast problem of the highlighting
/// theme that is not the diagrams'.)
const DIAGRAMS: &str = "{ include: [['.diagram']] }";

#[test]
fn mermaid_diagrams_are_drawn_under_the_pages_own_policy_and_only_where_there_is_one() {
    let Some(mut browser) = Browser::launch() else {
        return;
    };
    browser.watch_console();
    let url = file_url(&diagram_site().join("docs/pro-inc.html"));
    let screenshots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("site-screenshots");
    std::fs::create_dir_all(&screenshots).expect("a screenshot folder");

    // Light: one SVG a diagram, the YAML block still highlighted.
    browser.set_color_scheme("light");
    browser.goto(&url);
    let drawn = browser.wait_for(DIAGRAMS_DRAWN);
    assert_eq!(drawn["drawn"], 2, "both diagrams are drawn");
    let errors = browser.console_errors();
    assert!(errors.is_empty(), "console errors: {errors:#?}");
    let requests = browser.requests();
    assert!(
        requests
            .iter()
            .any(|u| u.ends_with("assets/vendor/mermaid.min.js")),
        "{requests:#?}"
    );
    let elsewhere: Vec<&String> = requests
        .iter()
        .filter(|u| !u.starts_with("file://") && !u.starts_with("data:"))
        .collect();
    assert!(
        elsewhere.is_empty(),
        "requests that leave the site: {elsewhere:#?}"
    );
    let csp =
        browser.eval("document.querySelector('meta[http-equiv=Content-Security-Policy]').content");
    let csp = csp.as_str().unwrap_or_default();
    assert!(
        csp.contains("script-src 'self';") && !csp.contains("unsafe-eval"),
        "scripts stay the site's own: {csp}"
    );
    let facts = browser.eval(
        "({ hidden: Array.from(document.querySelectorAll('pre.diagram-source')).every(p => p.hidden), \
           labels: document.querySelector('.diagram svg').textContent, \
           highlighted: !!document.querySelector('pre.hl-code code.language-yaml span'), \
           width: document.querySelector('.diagram svg').getBoundingClientRect().width })",
    );
    assert_eq!(facts["hidden"], true, "{facts}");
    assert_eq!(facts["highlighted"], true, "{facts}");
    assert!(
        facts["labels"]
            .as_str()
            .is_some_and(|t| t.contains("Security incident?")),
        "the flowchart's labels are in the SVG: {facts}"
    );
    assert!(
        facts["width"].as_f64().is_some_and(|w| w > 100.0),
        "{facts}"
    );
    browser.set_viewport(1366, 768, false);
    browser.screenshot(&screenshots.join("diagrams-light-1366.png"), true);
    let axe = browser::axe_core();
    let mut violations = Vec::new();
    if let Some(axe) = &axe {
        violations.extend(
            browser
                .serious_violations_in(axe, DIAGRAMS)
                .iter()
                .map(|v| format!("light: {v}")),
        );
    }

    // Dark: drawn in Mermaid's dark theme for the screen, with a light copy for print.
    browser.set_color_scheme("dark");
    browser.goto(&url);
    assert_eq!(
        browser.wait_for(DIAGRAMS_DRAWN)["drawn"],
        4,
        "screen and print copies"
    );
    let errors = browser.console_errors();
    assert!(
        errors.is_empty(),
        "console errors in the dark scheme: {errors:#?}"
    );
    let shown = browser.eval(
        "Array.from(document.querySelectorAll('.diagram')).filter(d => getComputedStyle(d).display !== 'none').map(d => d.className)",
    );
    assert_eq!(
        shown,
        serde_json::json!(["diagram diagram-screen", "diagram diagram-screen"])
    );
    browser.screenshot(&screenshots.join("diagrams-dark-1366.png"), true);
    // On paper, the light copies.
    browser.call(
        "Emulation.setEmulatedMedia",
        serde_json::json!({ "media": "print", "features": [{ "name": "prefers-color-scheme", "value": "dark" }] }),
    );
    let printed = browser.eval(
        "Array.from(document.querySelectorAll('.diagram')).filter(d => getComputedStyle(d).display !== 'none').map(d => d.className)",
    );
    assert_eq!(
        printed,
        serde_json::json!(["diagram diagram-print", "diagram diagram-print"])
    );
    browser.call(
        "Emulation.setEmulatedMedia",
        serde_json::json!({ "media": "", "features": [{ "name": "prefers-color-scheme", "value": "dark" }] }),
    );
    if let Some(axe) = &axe {
        violations.extend(
            browser
                .serious_violations_in(axe, DIAGRAMS)
                .iter()
                .map(|v| format!("dark: {v}")),
        );
    }
    browser.set_viewport(390, 844, true);
    browser.goto(&url);
    browser.wait_for(DIAGRAMS_DRAWN);
    let phone = browser.eval(
        "Array.from(document.querySelectorAll('.diagram-screen svg')).map(s => Math.round(s.getBoundingClientRect().width))",
    );
    assert!(
        phone
            .as_array()
            .is_some_and(|w| w.iter().all(|w| w.as_f64().is_some_and(|w| w >= 400.0))),
        "on a phone the diagrams keep a readable size and scroll: {phone}"
    );
    if let Some(axe) = &axe {
        violations.extend(
            browser
                .serious_violations_in(axe, DIAGRAMS)
                .iter()
                .map(|v| format!("dark, phone: {v}")),
        );
    }
    assert!(violations.is_empty(), "axe-core: {violations:#?}");
    browser.screenshot(&screenshots.join("diagrams-dark-390.png"), true);
    browser.set_color_scheme("light");
    browser.goto(&url);
    browser.wait_for(DIAGRAMS_DRAWN);
    browser.screenshot(&screenshots.join("diagrams-light-390.png"), true);

    // A page without a diagram neither loads the renderer nor relaxes its policy.
    browser.set_viewport(1366, 768, false);
    browser.goto(&file_url(&diagram_site().join("docs/pol-plain.html")));
    let plain = browser.eval(
        "({ mermaid: typeof window.mermaid, \
           scripts: Array.from(document.scripts).map(s => s.getAttribute('src')).filter(s => s && /mermaid|diagrams/.test(s)), \
           csp: document.querySelector('meta[http-equiv=Content-Security-Policy]').content })",
    );
    assert_eq!(plain["mermaid"], "undefined", "{plain}");
    assert_eq!(plain["scripts"], serde_json::json!([]), "{plain}");
    assert!(
        plain["csp"]
            .as_str()
            .is_some_and(|c| c.contains("style-src 'self';") && !c.contains("unsafe-inline")),
        "{plain}"
    );
    let errors = browser.console_errors();
    assert!(errors.is_empty(), "console errors: {errors:#?}");
}

#[test]
fn a_diagram_mermaid_cannot_read_keeps_its_source_with_the_reason() {
    let project = common::write_project(&[(
        "policies/bad.md",
        "---\nid: POL-BAD\ntitle: Bad Diagram\nstatus: approved\nowner: CISO\nlast_reviewed: 2026-06-01\n---\n# Bad\n\n```mermaid\nflowchart LR\n  A --> \n  ((( nonsense\n```\n",
    )]);
    let out = project.beside("site");
    let run = common::run([
        OsStr::new("build"),
        project.root.as_os_str(),
        OsStr::new("-o"),
        out.as_os_str(),
        OsStr::new("--today"),
        OsStr::new(common::TODAY),
    ]);
    assert_eq!(run.code, 0, "{run}");
    let Some(mut browser) = Browser::launch() else {
        return;
    };
    browser.goto(&file_url(&out.join("docs/pol-bad.html")));
    assert_eq!(browser.wait_for(DIAGRAMS_DRAWN)["drawn"], 0);
    let state = browser.eval(
        "({ source: !document.querySelector('pre.diagram-source').hidden, \
           note: document.querySelector('.diagram-error').textContent, \
           leftovers: document.querySelectorAll('body > div[id^=ddiagram], body > svg').length })",
    );
    assert_eq!(state["source"], true, "{state}");
    assert!(
        state["note"]
            .as_str()
            .is_some_and(|n| n.starts_with("This diagram could not be drawn")),
        "{state}"
    );
    assert_eq!(state["leftovers"], 0, "{state}");
}

/// `key: value` of each risk file of content-example (top-level scalars only).
fn example_risk_fields() -> Vec<std::collections::BTreeMap<String, String>> {
    let dir = content_example().join("risks");
    let mut all: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| {
            let text = std::fs::read_to_string(e.unwrap().path()).unwrap();
            let front = text.split("---").nth(1).unwrap_or("").to_string();
            front
                .lines()
                .filter_map(|l| l.split_once(": "))
                .filter(|(k, _)| !k.starts_with(' '))
                .map(|(k, v)| {
                    (
                        k.to_string(),
                        v.split(" #").next().unwrap().trim().to_string(),
                    )
                })
                .collect::<std::collections::BTreeMap<_, _>>()
        })
        .collect();
    all.sort_by(|a, b| a["id"].cmp(&b["id"]));
    all
}

#[test]
fn the_risk_register_filters_and_sorts() {
    let Some(mut browser) = Browser::launch() else {
        return;
    };
    browser.set_viewport(1366, 768, false);
    browser.goto(&page("risks.html"));
    browser.wait_for("!document.getElementById('risk-filters').hidden");
    let select = |browser: &mut Browser, field: &str, value: &str| {
        browser.eval(&format!(
            "(() => {{ const f = document.getElementById('risk-filters'); \
             f.elements.namedItem({field:?}).value = {value:?}; \
             f.dispatchEvent(new Event('change')); \
             return Array.from(document.querySelectorAll('#risk-table tbody tr')).filter(r => !r.hidden).map(r => r.id.replace('risk-', '')).sort(); }})()"
        ))
    };
    let risks = example_risk_fields();
    let ids = |keep: &dyn Fn(&std::collections::BTreeMap<String, String>) -> bool| {
        let mut ids: Vec<String> = risks
            .iter()
            .filter(|r| keep(r))
            .map(|r| r["id"].clone())
            .collect();
        ids.sort();
        serde_json::json!(ids)
    };
    let closed = ids(&|r| r.get("status").map(String::as_str) == Some("closed"));
    assert_eq!(select(&mut browser, "status", "closed"), closed);
    select(&mut browser, "status", "");
    let cto = ids(&|r| r.get("owner").map(String::as_str) == Some("CTO"));
    assert!(cto.as_array().is_some_and(|a| a.len() > 1));
    assert_eq!(select(&mut browser, "owner", "CTO"), cto);
    let count = browser.eval("document.querySelector('#risk-filters output').value");
    assert_eq!(
        count,
        format!(
            "{} of {} risks shown",
            cto.as_array().unwrap().len(),
            risks.len()
        )
    );
    let accepted = ids(&|r| r.get("treatment").map(String::as_str) == Some("accept"));
    select(&mut browser, "owner", "");
    assert_eq!(select(&mut browser, "treatment", "accept"), accepted);
    select(&mut browser, "treatment", "");

    // Sorting by the residual rating: descending after two clicks, ascending after one.
    let order = |browser: &mut Browser| {
        browser.eval(
            "Array.from(document.querySelectorAll('#risk-table tbody tr')).map(r => Number(r.cells[5].dataset.value))",
        )
    };
    browser.eval("document.querySelectorAll('#risk-table thead th')[5].querySelector('button').click(); true");
    let ascending: Vec<i64> = order(&mut browser)
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_i64().unwrap())
        .collect();
    assert!(ascending.windows(2).all(|w| w[0] <= w[1]), "{ascending:?}");
    assert_eq!(
        browser
            .eval("document.querySelectorAll('#risk-table thead th')[5].getAttribute('aria-sort')"),
        "ascending"
    );
    browser.eval("document.querySelectorAll('#risk-table thead th')[5].querySelector('button').click(); true");
    let descending: Vec<i64> = order(&mut browser)
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_i64().unwrap())
        .collect();
    assert!(
        descending.windows(2).all(|w| w[0] >= w[1]),
        "{descending:?}"
    );
    // By id, in natural order.
    browser.eval("document.querySelectorAll('#risk-table thead th')[0].querySelector('button').click(); true");
    let first = browser.eval("document.querySelector('#risk-table tbody tr').id");
    assert_eq!(first, "risk-R-01");
}
