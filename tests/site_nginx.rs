//! The built content-example served by a real nginx under the sub-path `/isms/`, as on an
//! intranet server: every page reachable from /isms/index.html is crawled, and every link,
//! script, stylesheet and image it names must answer 200 within /isms/. The README's setup
//! (`error_page 404 /isms/404.html;`) shows the site's 404 page at any address, which must
//! work at any depth (checked in headless Chromium).
//!
//! nginx is Debian's (`/usr/sbin/nginx`); when it is missing the test is skipped with a loud
//! message, except with CI=true, where it fails.

mod browser;
mod common;

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::ffi::OsStr;
use std::fs;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use browser::Browser;
use common::{content_example, decode_entities, percent_decode, scan_html, tempdir};

const PREFIX: &str = "/isms/";

/// File types the crawler follows.
const FOLLOWED: &[&str] = &[
    ".html", ".css", ".js", ".svg", ".png", ".csv", ".xlsx", ".ics", ".json",
];

fn nginx_path() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("NGINX").map(PathBuf::from) {
        return path.is_file().then_some(path);
    }
    ["/usr/sbin/nginx", "/usr/bin/nginx"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.is_file())
}

/// nginx serving `site` at `/isms/` on a free port of 127.0.0.1; stopped when dropped.
struct Nginx {
    child: Child,
    port: u16,
    dir: tempfile::TempDir,
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Nginx {
    fn start(binary: &Path, site: &Path) -> Nginx {
        let dir = tempdir();
        let d = dir.path().display();
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        // One process, no workers: it runs as the current user (workers started by root
        // would switch to `nobody`, who cannot read a private temporary folder), and killing
        // it leaves nothing behind.
        let conf = format!(
            r#"master_process off;
daemon off;
pid {d}/nginx.pid;
error_log {d}/error.log warn;
events {{ worker_connections 64; }}
http {{
    types {{
        text/html html; text/css css; application/javascript js; image/svg+xml svg;
        image/png png; text/csv csv; text/calendar ics; application/json json;
        application/vnd.openxmlformats-officedocument.spreadsheetml.sheet xlsx;
    }}
    default_type application/octet-stream;
    access_log {d}/access.log;
    client_body_temp_path {d}/client_body;
    proxy_temp_path {d}/proxy;
    fastcgi_temp_path {d}/fastcgi;
    uwsgi_temp_path {d}/uwsgi;
    scgi_temp_path {d}/scgi;
    server {{
        listen 127.0.0.1:{port};
        server_name localhost;
        location {PREFIX} {{ alias {site}/; error_page 404 {PREFIX}404.html; }}
    }}
}}
"#,
            site = site.display(),
        );
        let conf_path = dir.path().join("nginx.conf");
        fs::write(&conf_path, conf).expect("nginx.conf");
        let child = Command::new(binary)
            .arg("-p")
            .arg(dir.path())
            .arg("-e")
            .arg(dir.path().join("error.log"))
            .arg("-c")
            .arg(&conf_path)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", binary.display()));
        let mut nginx = Nginx { child, port, dir };
        let deadline = Instant::now() + Duration::from_secs(15);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Ok(Some(status)) = nginx.child.try_wait() {
                panic!("nginx exited ({status}):\n{}", nginx.error_log());
            }
            assert!(
                Instant::now() < deadline,
                "nginx did not listen on port {port}:\n{}",
                nginx.error_log()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        nginx
    }

    fn error_log(&self) -> String {
        fs::read_to_string(self.dir.path().join("error.log")).unwrap_or_default()
    }

    /// GET `path` over HTTP/1.1 with `Connection: close`: (status, content type, body).
    fn get(&self, path: &str) -> (u16, String, Vec<u8>) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect to nginx");
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .expect("timeout");
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nUser-Agent: annexa-test\r\nConnection: close\r\n\r\n",
            self.port
        )
        .expect("send the request");
        let mut response = Vec::new();
        stream
            .read_to_end(&mut response)
            .expect("read the response");
        let split = response
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .unwrap_or_else(|| panic!("GET {path}: no header end"));
        let head = String::from_utf8_lossy(&response[..split]).into_owned();
        let status = head
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let content_type = head
            .lines()
            .find_map(|l| {
                let (name, value) = l.split_once(':')?;
                name.eq_ignore_ascii_case("content-type")
                    .then(|| value.trim().to_string())
            })
            .unwrap_or_default();
        (status, content_type, response[split + 4..].to_vec())
    }
}

/// Resolves `reference` against the URL path `base`; None for other hosts and schemes.
fn resolve(base: &str, reference: &str) -> Option<String> {
    let reference = reference.trim();
    if reference.starts_with("//") || reference.contains("://") || reference.starts_with('#') {
        return None;
    }
    if let Some(colon) = reference.find(':') {
        if !reference[..colon].contains('/') {
            return None; // mailto:, data:, tel:
        }
    }
    let path = reference.split(['#', '?']).next().unwrap_or("");
    if path.is_empty() {
        return None;
    }
    let joined = if path.starts_with('/') {
        path.to_string()
    } else {
        format!("{}{path}", &base[..=base.rfind('/').unwrap_or(0)])
    };
    let mut parts: Vec<&str> = Vec::new();
    for segment in joined.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    Some(format!("/{}", parts.join("/")))
}

/// URLs named by a page: every `href` and `src`, and `url(...)` in stylesheets.
fn references(content_type: &str, body: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(body);
    if content_type.starts_with("text/html") {
        scan_html(&text)
            .attrs
            .into_iter()
            .filter(|(_, a)| a.name == "href" || a.name == "src")
            .map(|(_, a)| a.value)
            .collect()
    } else if content_type.starts_with("text/css") {
        text.split("url(")
            .skip(1)
            .filter_map(|rest| {
                let end = rest.find(')')?;
                Some(decode_entities(rest[..end].trim_matches(['"', '\'', ' '])))
            })
            .collect()
    } else {
        Vec::new()
    }
}

/// nginx, or None (after a loud message) when it is not installed.
fn nginx_or_skip() -> Option<PathBuf> {
    let binary = nginx_path();
    if binary.is_none() {
        let message = "SKIPPED: nginx not found: install Debian's nginx (`bash .ci/install-test-tools`) or set NGINX";
        assert!(
            std::env::var("CI").map_or(true, |v| v != "true"),
            "{message} (CI=true: a missing test tool is a failure)"
        );
        // Straight to stderr: the test harness captures eprintln! of passing tests.
        let line = "=".repeat(66);
        let _ = writeln!(std::io::stderr(), "\n{line}\n{message}\n{line}\n");
    }
    binary
}

/// content-example built into `tmp/site`.
fn build_example(tmp: &tempfile::TempDir) -> PathBuf {
    let site = tmp.path().join("site");
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
}

#[test]
fn every_link_answers_under_a_sub_path_of_nginx() {
    let Some(binary) = nginx_or_skip() else {
        return;
    };
    let tmp = tempdir();
    let site = build_example(&tmp);
    let nginx = Nginx::start(&binary, &site);

    let start = format!("{PREFIX}index.html");
    let mut queue = VecDeque::from([(start.clone(), "(start)".to_string())]);
    let mut seen = BTreeSet::from([start]);
    let mut problems: BTreeMap<String, String> = BTreeMap::new();
    let mut fetched: BTreeMap<&'static str, usize> = BTreeMap::new();
    while let Some((path, from)) = queue.pop_front() {
        let (status, content_type, body) = nginx.get(&path);
        if status != 200 {
            problems.insert(path.clone(), format!("HTTP {status} (linked from {from})"));
            continue;
        }
        let kind = FOLLOWED
            .iter()
            .find(|e| path.ends_with(*e))
            .copied()
            .unwrap_or("other");
        *fetched.entry(kind).or_insert(0) += 1;
        for reference in references(&content_type, &body) {
            let Some(target) = resolve(&path, &percent_decode(&reference)) else {
                continue;
            };
            if !target.starts_with(PREFIX) {
                problems.insert(
                    target.clone(),
                    format!("`{reference}` in {path} leaves {PREFIX}"),
                );
                continue;
            }
            if FOLLOWED.iter().any(|e| target.ends_with(e)) && seen.insert(target.clone()) {
                queue.push_back((target, path.clone()));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} broken URLs under {PREFIX}:\n{}\nnginx error log:\n{}",
        problems.len(),
        problems
            .iter()
            .map(|(url, why)| format!("  {url}: {why}"))
            .collect::<Vec<_>>()
            .join("\n"),
        nginx.error_log()
    );
    // The crawl reached the whole site, its assets and exports.
    let count = |kind| fetched.get(kind).copied().unwrap_or(0);
    assert!(count(".html") > 130, "crawled only {fetched:?}");
    for kind in [".css", ".js", ".svg", ".csv", ".xlsx", ".ics"] {
        assert!(count(kind) > 0, "no {kind} reached; crawled {fetched:?}");
    }
    for asset in [
        "assets/nav.js",
        "assets/search-index.js",
        "assets/search.js",
        "search.html",
        "print.html",
    ] {
        let path = format!("{PREFIX}{asset}");
        assert!(seen.contains(&path), "{path} is not reachable by links");
        let (status, content_type, _) = nginx.get(&path);
        assert_eq!(status, 200, "{path}");
        if asset.ends_with(".js") {
            assert_eq!(content_type, "application/javascript", "{path}");
        }
    }
}

#[test]
fn the_404_page_works_in_a_folder_of_the_sub_path() {
    let Some(binary) = nginx_or_skip() else {
        return;
    };
    let tmp = tempdir();
    let site = build_example(&tmp);
    let nginx = Nginx::start(&binary, &site);
    let missing = format!("{PREFIX}docs/old-name.html");
    let (status, content_type, body) = nginx.get(&missing);
    assert_eq!(status, 404, "{missing}");
    assert!(content_type.starts_with("text/html"), "{content_type}");
    assert!(
        String::from_utf8_lossy(&body).contains("<h1>Page not found</h1>"),
        "nginx shows the site's 404 page"
    );
    let Some(mut browser) = Browser::launch() else {
        return;
    };
    let url = |path: &str| format!("http://127.0.0.1:{}{path}", nginx.port);
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("site-screenshots");
    for deep in [missing.clone(), format!("{PREFIX}docs/x/y/z.html")] {
        for (width, height, mobile) in [(1366, 768, false), (390, 844, true)] {
            for scheme in ["light", "dark"] {
                browser.set_viewport(width, height, mobile);
                browser.set_color_scheme(scheme);
                browser.goto(&url(&deep));
                browser.wait_for(&format!(
                    "document.documentElement.getAttribute('data-root') === '{PREFIX}'"
                ));
                let display = browser
                    .eval("getComputedStyle(document.querySelector('.site-header')).display");
                assert_eq!(display, "flex", "{deep}: the 404 page is not styled");
                let links = browser.eval(
                    "Array.from(document.querySelectorAll('a.home-link, .brand, link, img')).map(e => e.getAttribute('href') || e.getAttribute('src'))",
                );
                for link in links.as_array().into_iter().flatten() {
                    let link = link.as_str().unwrap_or("");
                    assert!(
                        link.starts_with(PREFIX),
                        "{deep}: {link} is not in {PREFIX}"
                    );
                }
                if deep == missing {
                    browser.screenshot(
                        &shots.join(format!("404-nginx-{width}x{height}-{scheme}.png")),
                        false,
                    );
                }
            }
        }
        browser.eval("document.querySelector('a.home-link').click(); true");
        browser.wait_for(&format!(
            "location.pathname === '{PREFIX}index.html' && document.readyState === 'complete' && !!document.querySelector('.dashboard')"
        ));
    }
}

#[test]
fn urls_resolve_like_a_browser() {
    assert_eq!(
        resolve("/isms/docs/a.html", "../b.html#x").as_deref(),
        Some("/isms/b.html")
    );
    assert_eq!(
        resolve("/isms/index.html", "assets/s.css?v=1").as_deref(),
        Some("/isms/assets/s.css")
    );
    assert_eq!(
        resolve("/isms/index.html", "../../x.html").as_deref(),
        Some("/x.html")
    );
    assert_eq!(resolve("/isms/index.html", "https://example.org/"), None);
    assert_eq!(resolve("/isms/index.html", "mailto:a@b"), None);
    assert_eq!(resolve("/isms/index.html", "#top"), None);
}
