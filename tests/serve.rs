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
    // The preview is for authors: its findings name their lint (a build's do not).
    assert!(
        home.body
            .contains("<span class=\"muted finding-detail\">soa-missing-decision"),
        "serve's home page names the lints of its findings"
    );
    // print.html's running headers are served too.
    page_has(
        &server,
        "/assets/print-pages.css",
        "[id=\"doc-pol-alpha\"] { page: annexa-doc-",
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
    // The page names its source file: the new one.
    page_has(&server, "/docs/pol-beta.html", "policies/beta-renamed.md");
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

#[test]
fn after_a_rebuild_only_the_changed_diagnostics_are_printed() {
    let project = common::write_project(&[
        ("annexa.toml", "title = \"T\"\n"),
        (
            "policies/a.md",
            "---\nid: POL-A\ntitle: A Policy\nstatus: approved\nowner: CISO\nlast_reviewed: 2026-06-01\nflavour: vanilla\n---\n# A\n\nText.\n",
        ),
        (
            "policies/b.md",
            "---\nid: POL-B\ntitle: B Policy\nstatus: approved\nlast_reviewed: 2026-06-01\n---\n# B\n\nText.\n",
        ),
    ]);
    let root = &project.root;
    let server = Server::start(root, &[]);
    // The first build prints every diagnostic.
    let first = server.stderr_until("annexa: rebuilt", Duration::from_secs(60));
    assert!(first.contains("warning[unknown-field]"), "{first}");
    assert!(first.contains("policies/a.md:7"), "{first}");
    assert!(first.contains("warning[missing-owner]"), "{first}");

    // A line added above a warning moves it: it is the same warning, not printed again.
    let a = root.join("policies/a.md");
    let text = fs::read_to_string(&a).unwrap_or_default();
    fs::write(
        &a,
        text.replace("owner: CISO\n", "owner: CISO\nversion: \"1.1\"\n"),
    )
    .ok();
    let moved = server.stderr_until("annexa: rebuilt", WAIT);
    assert!(!moved.contains("unknown-field"), "{moved}");
    assert!(!moved.contains("missing-owner"), "{moved}");
    assert!(
        moved.contains("(0 errors, 3 warnings, 0 notes; 0 new, 0 resolved)"),
        "{moved}"
    );

    // A fixed warning is listed as resolved, in one line.
    let b = root.join("policies/b.md");
    let text = fs::read_to_string(&b).unwrap_or_default();
    fs::write(
        &b,
        text.replace("status: approved\n", "status: approved\nowner: CISO\n"),
    )
    .ok();
    let fixed = server.stderr_until("annexa: rebuilt", WAIT);
    assert!(
        fixed.contains("annexa: resolved: warning[missing-owner] policies/b.md"),
        "{fixed}"
    );
    assert!(!fixed.contains("unknown-field"), "{fixed}");
    assert!(fixed.contains("0 new, 1 resolved"), "{fixed}");

    // A new warning is printed in full, the old ones are not.
    let text = fs::read_to_string(&b).unwrap_or_default();
    fs::write(
        &b,
        text.replace("owner: CISO\n", "owner: CISO\ncolour: blue\n"),
    )
    .ok();
    let new = server.stderr_until("annexa: rebuilt", WAIT);
    assert!(new.contains("warning[unknown-field]"), "{new}");
    assert!(new.contains("policies/b.md:6"), "{new}");
    assert!(!new.contains("policies/a.md"), "{new}");
    assert!(new.contains("1 new, 0 resolved"), "{new}");
}

/// Sends `request` with `Host: host` over a fresh connection.
fn with_host(server: &Server, target: &str, host: &str) -> common::serve::Response {
    common::serve::send(
        &server.address,
        &format!("GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
    )
}

#[test]
fn only_requests_naming_this_machine_are_answered() {
    let project = copy_fixture("serve-basic");
    let server = Server::start(&project.root, &["--allow-host", "preview.example"]);
    let port = server.address.rsplit(':').next().unwrap_or("");
    // A page that made its own name resolve to 127.0.0.1 (DNS rebinding) sends that name.
    for host in ["evil.example", &format!("evil.example:{port}")] {
        for target in ["/", "/docs/pol-alpha.html", "/__annexa/status"] {
            let response = with_host(&server, target, host);
            assert_eq!(response.status, 403, "{host} {target}: {}", response.body);
            assert!(!response.body.contains("Alpha"), "{}", response.body);
            assert!(response.body.contains("--allow-host"), "{}", response.body);
        }
    }
    let absolute = common::serve::send(
        &server.address,
        &format!("GET http://evil.example/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"),
    );
    assert_eq!(absolute.status, 403, "{}", absolute.body);
    let no_host = common::serve::send(
        &server.address,
        "GET / HTTP/1.0\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(no_host.status, 403, "{}", no_host.body);
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
        format!("preview.example:{port}"),
    ] {
        let response = with_host(&server, "/docs/pol-alpha.html", &host);
        assert_eq!(response.status, 200, "{host}: {}", response.body);
        assert!(response.body.contains("the original text"), "{host}");
    }
}

#[test]
fn a_connection_that_sends_no_request_is_closed_and_the_event_stream_is_not() {
    use std::io::{Read, Write};
    use std::net::TcpStream;
    use std::time::Instant;

    let project = copy_fixture("serve-basic");
    let root = &project.root;
    let server = Server::start(root, &[]);
    let mut events = TcpStream::connect(&server.address).expect("connects");
    write!(
        events,
        "GET /__annexa/events HTTP/1.1\r\nHost: {}\r\n\r\n",
        server.address
    )
    .ok();
    events.set_read_timeout(Some(Duration::from_secs(30))).ok();
    let mut head = [0u8; 512];
    let read = events.read(&mut head).unwrap_or(0);
    assert!(
        String::from_utf8_lossy(&head[..read]).starts_with("HTTP/1.1 200"),
        "{}",
        String::from_utf8_lossy(&head[..read])
    );

    let started = Instant::now();
    let mut idle = TcpStream::connect(&server.address).expect("connects");
    let mut partial = TcpStream::connect(&server.address).expect("connects");
    partial
        .write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        .ok();
    for (what, stream) in [("an idle", &mut idle), ("a half-sent", &mut partial)] {
        stream.set_read_timeout(Some(Duration::from_secs(30))).ok();
        let mut rest = Vec::new();
        let closed = stream.read_to_end(&mut rest).is_ok();
        assert!(closed, "{what} connection stayed open for 30 s");
        let after = started.elapsed();
        assert!(
            after >= Duration::from_secs(4) && after < Duration::from_secs(15),
            "{what} connection closed after {after:?}"
        );
    }

    // The event stream, open all along, still tells of the next rebuild.
    let alpha = root.join("policies/alpha.md");
    let text = fs::read_to_string(&alpha).unwrap_or_default();
    fs::write(
        &alpha,
        text.replace("the original text", "the text after the wait"),
    )
    .ok();
    let mut seen = String::new();
    let mut buffer = [0u8; 4096];
    while !seen.contains("event: reload") {
        match events.read(&mut buffer) {
            Ok(0) | Err(_) => panic!("the event stream was closed: {seen}"),
            Ok(n) => seen.push_str(&String::from_utf8_lossy(&buffer[..n])),
        }
    }
    assert!(seen.contains("docs/pol-alpha.html"), "{seen}");
}
