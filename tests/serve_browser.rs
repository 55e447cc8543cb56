//! `annexa serve` in headless Chromium: an open page reloads with the new text after an
//! edit, shows the error overlay when the front matter breaks, and drops it once fixed.

mod browser;
mod common;

use std::fs;
use std::time::{Duration, Instant};

use browser::Browser;
use common::serve::Server;
use serde_json::{json, Value};

/// Evaluates `expression` until it is true. Evaluations that fail while the page reloads
/// count as false.
fn wait_until(browser: &mut Browser, expression: &str, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let result = browser.call(
            "Runtime.evaluate",
            json!({ "expression": expression, "returnByValue": true }),
        );
        if result["result"]["value"] == Value::Bool(true) {
            return;
        }
        if Instant::now() > deadline {
            panic!("timed out waiting for {what} (`{expression}`); last result {result}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn the_open_page_reloads_and_shows_build_errors() {
    let Some(mut browser) = Browser::launch() else {
        return;
    };
    let project = common::copy_fixture("serve-basic");
    let server = Server::start(&project.root, &[]);
    browser.goto(&server.url("/docs/pol-alpha.html"));
    wait_until(
        &mut browser,
        "document.body.innerText.includes('the original text')",
        "the page",
    );
    // Give the live-reload connection a moment, and mark this page load.
    wait_until(
        &mut browser,
        "typeof EventSource === 'function'",
        "EventSource",
    );
    std::thread::sleep(Duration::from_millis(500));
    browser.eval("window.annexaTestMarker = 'before'; true");

    let alpha = project.root.join("policies/alpha.md");
    let good = fs::read_to_string(&alpha).unwrap_or_default();
    fs::write(
        &alpha,
        good.replace("the original text", "the text edited in the browser test"),
    )
    .ok();
    wait_until(
        &mut browser,
        "window.annexaTestMarker === undefined && document.body.innerText.includes('the text edited in the browser test')",
        "the page to reload with the edit",
    );

    fs::write(
        &alpha,
        good.replace("title: Alpha Policy", "title: [broken"),
    )
    .ok();
    wait_until(
        &mut browser,
        "(() => { const o = document.getElementById('annexa-error-overlay'); return !!o && o.innerText.includes('invalid-front-matter') && o.innerText.includes('policies/alpha.md:'); })()",
        "the error overlay",
    );
    // The overlay is opaque: the page's text does not show through it.
    wait_until(
        &mut browser,
        "getComputedStyle(document.getElementById('annexa-error-overlay')).backgroundColor === 'rgb(20, 10, 10)'",
        "an opaque overlay",
    );
    // The last good page is still underneath; the button shows it.
    wait_until(
        &mut browser,
        "document.body.innerText.includes('the text edited in the browser test')",
        "the last good page",
    );
    wait_until(
        &mut browser,
        "(() => { document.querySelector('#annexa-error-overlay button').click(); return document.getElementById('annexa-error-overlay') === null; })()",
        "the button to hide the overlay",
    );

    fs::write(&alpha, good.replace("the original text", "the fixed text")).ok();
    wait_until(
        &mut browser,
        "document.getElementById('annexa-error-overlay') === null && document.body.innerText.includes('the fixed text')",
        "the overlay to go",
    );
}

#[test]
fn the_404_page_is_styled_and_leads_home_at_any_depth() {
    let Some(mut browser) = Browser::launch() else {
        return;
    };
    let project = common::copy_fixture("serve-basic");
    let server = Server::start(&project.root, &[]);
    browser.goto(&server.url("/docs/x/y.html"));
    // The inline script found the site root and rebased the links.
    wait_until(
        &mut browser,
        "document.documentElement.getAttribute('data-root') === '/'",
        "the site root",
    );
    let styled = browser.eval("getComputedStyle(document.querySelector('.site-header')).display");
    assert_eq!(styled, json!("flex"), "the 404 page is not styled");
    let home = browser.eval("document.querySelector('a.home-link').href");
    assert_eq!(home, json!(server.url("/index.html")));
    browser.eval("document.querySelector('a.home-link').click(); true");
    wait_until(
        &mut browser,
        "location.pathname === '/index.html' && document.readyState === 'complete' && !!document.querySelector('.dashboard, main h1')",
        "the home page",
    );
}

/// The build's version from `/__annexa/status`.
fn version(server: &Server) -> u64 {
    let status = server.get("/__annexa/status");
    serde_json::from_str::<Value>(&status.body)
        .ok()
        .and_then(|v| v["version"].as_u64())
        .unwrap_or(0)
}

#[test]
fn only_a_tab_whose_page_changed_reloads() {
    let Some(mut browser) = Browser::launch() else {
        return;
    };
    let project = common::copy_fixture("serve-basic");
    let server = Server::start(&project.root, &[]);
    browser.goto(&server.url("/docs/pol-beta.html"));
    wait_until(
        &mut browser,
        "document.body.innerText.includes('Beta text.')",
        "the page",
    );
    std::thread::sleep(Duration::from_millis(500));
    browser.eval("window.annexaTestMarker = 'before'; true");

    // An edit of Alpha's body changes nothing on Beta's page: it stays as it is.
    let alpha = project.root.join("policies/alpha.md");
    let text = fs::read_to_string(&alpha).unwrap_or_default();
    let before = version(&server);
    fs::write(&alpha, text.replace("the original text", "a body edit")).ok();
    server.wait_for(
        "/docs/pol-alpha.html",
        Duration::from_secs(30),
        "the edit",
        |r| r.body.contains("a body edit"),
    );
    let deadline = Instant::now() + Duration::from_secs(30);
    while version(&server) <= before && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_millis(1000));
    wait_until(
        &mut browser,
        "window.annexaTestMarker === 'before'",
        "the page not to reload",
    );

    // Alpha's new title shows on Beta's page (Alpha links to it): that tab reloads.
    fs::write(
        &alpha,
        text.replace("title: Alpha Policy", "title: Alpha Retitled Policy"),
    )
    .ok();
    wait_until(
        &mut browser,
        "window.annexaTestMarker === undefined && document.body.innerText.includes('Alpha Retitled Policy')",
        "the page to reload with the new title",
    );
}
