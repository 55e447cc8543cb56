//! `annexa serve`: pages over HTTP, rebuilds on edits (including editors' save patterns,
//! deletes, renames and new folders), the error overlay, and requests outside the site.

mod common;

use std::fs;
use std::net::TcpListener;
use std::time::Duration;

use common::serve::Server;
use common::{copy_fixture, run};

const WAIT: Duration = Duration::from_secs(20);

fn page_has(server: &Server, target: &str, text: &str) {
    server.wait_for(target, WAIT, &format!("`{text}`"), |r| {
        r.status == 200 && r.body.contains(text)
    });
}

#[test]
fn serves_pages_and_rebuilds_on_every_kind_of_change() {
    let project = copy_fixture("serve-basic");
    let root = &project.root;
    let server = Server::start(root, &[]);

    let home = server.get("/");
    assert_eq!(home.status, 200, "{}", home.body);
    assert_eq!(
        home.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(
        home.body.contains("/__annexa/live.js"),
        "serve injects the live-reload script"
    );
    let alpha = server.get("/docs/pol-alpha.html");
    assert!(alpha.body.contains("the original text"), "{}", alpha.body);
    assert_eq!(
        server.get("/assets/style.css").header("content-type"),
        Some("text/css; charset=utf-8")
    );
    assert_eq!(server.get("/evidence.txt").body.trim(), "evidence");

    // A plain edit.
    let alpha_path = root.join("policies/alpha.md");
    let text = fs::read_to_string(&alpha_path).unwrap_or_default();
    fs::write(
        &alpha_path,
        text.replace("the original text", "the edited text"),
    )
    .ok();
    page_has(&server, "/docs/pol-alpha.html", "the edited text");
    // The log counts that one page in the singular.
    let logged = (0..100).find_map(|_| {
        let stderr = server.stderr();
        if stderr.contains("annexa: rebuilt ") {
            return Some(stderr);
        }
        std::thread::sleep(Duration::from_millis(50));
        None
    });
    let logged = logged.unwrap_or_else(|| server.stderr());
    assert!(
        logged.contains("(1 document page) in ") && !logged.contains("1 document pages"),
        "{logged}"
    );
    // That edit took the fast path: print.html is served from its pieces (shell and one
    // section per document), whole, with the live-reload script before `</body>`; the
    // search index follows.
    let print = server.get("/print.html");
    assert_eq!(print.status, 200);
    assert!(print.body.contains("the edited text"), "{}", print.body);
    assert!(print.body.contains("id=\"doc-pol-beta\""), "{}", print.body);
    let script = print.body.find("/__annexa/live.js");
    assert!(
        script.is_some() && script < print.body.rfind("</body>"),
        "{}",
        print.body
    );
    assert!(print.body.trim_end().ends_with("</html>"), "{}", print.body);
    page_has(&server, "/assets/search-index.js", "\"edited\"");

    // An editor's save: write a temporary file, then rename it over the document.
    let temp = root.join("policies/.alpha.md.tmp");
    let text = fs::read_to_string(&alpha_path).unwrap_or_default();
    fs::write(
        &temp,
        text.replace("the edited text", "the atomically saved text"),
    )
    .ok();
    fs::rename(&temp, &alpha_path).ok();
    page_has(&server, "/docs/pol-alpha.html", "the atomically saved text");

    // Delete and create again.
    let text = fs::read_to_string(&alpha_path).unwrap_or_default();
    fs::remove_file(&alpha_path).ok();
    server.wait_for(
        "/docs/pol-alpha.html",
        WAIT,
        "the deleted page to go",
        |r| r.status == 404,
    );
    fs::write(
        &alpha_path,
        text.replace("the atomically saved text", "the recreated text"),
    )
    .ok();
    page_has(&server, "/docs/pol-alpha.html", "the recreated text");

    // Beta's page lists Alpha under "Referenced by": a title change there follows.
    let text = fs::read_to_string(&alpha_path).unwrap_or_default();
    fs::write(
        &alpha_path,
        text.replace("title: Alpha Policy", "title: Alpha Renamed Policy"),
    )
    .ok();
    page_has(&server, "/docs/pol-beta.html", "Alpha Renamed Policy");

    // A new document in a new folder.
    fs::create_dir_all(root.join("procedures/deep")).ok();
    fs::write(
        root.join("procedures/deep/gamma.md"),
        "---\nid: PRO-GAMMA\ntitle: Gamma Procedure\nstatus: approved\nowner: CISO\nlast_reviewed: 2026-06-01\n---\nGamma body.\n",
    )
    .ok();
    page_has(&server, "/docs/pro-gamma.html", "Gamma body.");

    // Renaming the folder keeps the document; renaming a file keeps its page.
    fs::rename(root.join("procedures"), root.join("procedures-moved")).ok();
    fs::rename(
        root.join("policies/beta.md"),
        root.join("policies/beta-renamed.md"),
    )
    .ok();
    std::thread::sleep(Duration::from_millis(500));
    page_has(&server, "/docs/pro-gamma.html", "Gamma body.");
    page_has(&server, "/docs/pol-beta.html", "Beta text.");
    page_has(&server, "/documents.html", "Gamma Procedure");
}

#[test]
fn build_errors_show_in_the_page_and_the_last_good_site_stays() {
    let project = copy_fixture("serve-basic");
    let root = &project.root;
    let server = Server::start(root, &[]);
    let status = server.get("/__annexa/status");
    assert!(status.body.contains("\"errors\":false"), "{}", status.body);

    let beta = root.join("policies/beta.md");
    let good = fs::read_to_string(&beta).unwrap_or_default();
    fs::write(
        &beta,
        good.replace("title: Beta Policy", "title: [unclosed"),
    )
    .ok();
    let status = server.wait_for("/__annexa/status", WAIT, "the error overlay", |r| {
        r.body.contains("\"errors\":true")
    });
    assert!(
        status.body.contains("invalid-front-matter"),
        "{}",
        status.body
    );
    assert!(
        status.body.contains("policies/beta.md:"),
        "the overlay names file:line: {}",
        status.body
    );
    // The last good site is still served.
    let page = server.get("/docs/pol-beta.html");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Beta text."));

    fs::write(&beta, good).ok();
    server.wait_for("/__annexa/status", WAIT, "the overlay to go", |r| {
        r.body.contains("\"errors\":false")
    });
}

#[test]
fn requests_outside_the_site_get_404() {
    let project = copy_fixture("serve-basic");
    let root = &project.root;
    // A symlink in static/ that leads out of the site.
    let secret_dir = common::tempdir();
    let secret = secret_dir.path().join("secret.txt");
    fs::write(&secret, "TOP-SECRET-CANARY").ok();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&secret, root.join("static/leak.txt")).ok();
    let server = Server::start(root, &[]);
    for target in [
        "/../../../../etc/passwd",
        "/docs/../../../etc/passwd",
        "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
        "/..%2f..%2f..%2fetc%2fpasswd",
        "/..%5c..%5cetc%5cpasswd",
        "//etc/passwd",
        "/etc/passwd",
        "/leak.txt",
        "/static/leak.txt",
    ] {
        let response = server.get(target);
        assert_eq!(
            response.status,
            404,
            "{target}: {}",
            &response.body[..response.body.len().min(300)]
        );
        assert!(!response.body.contains("root:"), "{target}");
        assert!(!response.body.contains("TOP-SECRET-CANARY"), "{target}");
    }
    let response = server.get("/no-such-page.html");
    assert_eq!(response.status, 404);
    assert!(
        response.body.contains("Page not found"),
        "the site's 404 page is used"
    );
}

#[test]
fn the_404_page_is_self_contained_at_any_depth() {
    // A renamed document (the usual 404) and an address two folders deep: the page must not
    // need any file named relative to the address, which would itself be a 404.
    let project = copy_fixture("serve-basic");
    let server = Server::start(&project.root, &[]);
    for target in ["/docs/old-name.html", "/docs/x/y.html"] {
        let response = server.get(target);
        assert_eq!(response.status, 404, "{target}");
        let page = &response.body;
        assert!(
            page.contains("<h1>Page not found</h1>"),
            "{target}: {page:.300}"
        );
        let scanned = common::scan_html(page);
        let relative: Vec<String> = scanned
            .attrs
            .iter()
            .filter(|(_, a)| {
                (a.tag == "link" && a.name == "href") || (a.tag == "script" && a.name == "src")
            })
            .map(|(_, a)| a.value.clone())
            .filter(|v| !v.starts_with('/'))
            .collect();
        assert!(
            relative.is_empty(),
            "{target}: stylesheets or scripts named relative to the address: {relative:?}"
        );
        // The stylesheet and the script that rebases the links are inline, and the page's
        // own policy allows exactly them.
        let styles = common::inline_elements(page, "style");
        let scripts = common::inline_elements(page, "script");
        assert!(
            styles.len() == 1 && styles[0].contains(".site-header"),
            "{target}: the theme's stylesheet is not inline"
        );
        assert!(
            scripts.len() == 1 && scripts[0].contains("assets/style.css"),
            "{target}: no inline script finds the site root"
        );
        let policy = page
            .split("Content-Security-Policy\" content=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap_or_default()
            .replace("&#39;", "'");
        assert!(
            policy.contains(&format!(
                "style-src 'self' {};",
                common::csp_hash(&styles[0])
            )) && policy.contains(&format!(
                "script-src 'self' {};",
                common::csp_hash(&scripts[0])
            )),
            "{target}: the policy does not allow the inline parts by hash: {policy}"
        );
    }
}

#[test]
fn a_port_in_use_is_a_clear_error() {
    let taken = TcpListener::bind("127.0.0.1:0").expect("binds a port");
    let port = taken
        .local_addr()
        .map(|a| a.port())
        .unwrap_or(0)
        .to_string();
    let project = copy_fixture("serve-basic");
    let root = project.root.to_string_lossy().into_owned();
    let result = common::run_with_timeout(
        ["serve", "--port", &port, "--today", "2026-11-25", &root],
        Duration::from_secs(60),
    );
    assert_eq!(result.code, 2, "{result}");
    assert!(
        result.stderr.contains(&format!("port {port}")) && result.stderr.contains("in use"),
        "{result}"
    );
    drop(taken);
}

#[test]
fn serve_never_writes_the_publish_folder() {
    let project = copy_fixture("serve-basic");
    let root = &project.root;
    let server = Server::start(root, &[]);
    assert_eq!(server.get("/").status, 200);
    drop(server);
    assert!(!root.join("_site").exists(), "serve must not write _site/");
    let _ = run(["--version"]);
}
