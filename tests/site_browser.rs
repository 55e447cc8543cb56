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
            ("csf", "frameworks/nist-csf-2.0/index.html"),
            ("csf-control", "frameworks/nist-csf-2.0/pr-aa-05.html"),
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
        ("csf", "frameworks/nist-csf-2.0/index.html"),
        ("csf-control", "frameworks/nist-csf-2.0/pr-aa-05.html"),
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
