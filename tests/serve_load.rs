//! `annexa serve` under load: many concurrent connections from loopback for a bounded time
//! while a document is edited and the site rebuilt. No request may fail, no page may be
//! served half-written, and memory must stay flat.

mod common;

use std::fs;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::serve::Server;

const CLIENTS: usize = 24;
const DURATION: Duration = Duration::from_secs(8);
const PAGES: &[&str] = &[
    "/",
    "/docs/pol-alpha.html",
    "/docs/pol-beta.html",
    "/documents.html",
    "/soa.html",
    "/controls/a-5-1.html",
    "/assets/style.css",
    "/__annexa/status",
];

#[test]
fn serves_every_request_whole_while_rebuilding() {
    let project = common::copy_fixture("serve-basic");
    let server = Arc::new(Server::start(&project.root, &[]));
    // Warm up, then take the memory baseline.
    for page in PAGES {
        assert_eq!(server.get(page).status, 200, "{page}");
    }
    let rss_before = server.rss_kib();

    let stop = Arc::new(AtomicBool::new(false));
    let requests = Arc::new(AtomicUsize::new(0));
    let failures = Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let mut clients = Vec::new();
    for client in 0..CLIENTS {
        let (server, stop, requests, failures) = (
            server.clone(),
            stop.clone(),
            requests.clone(),
            failures.clone(),
        );
        clients.push(std::thread::spawn(move || {
            let mut n = client;
            while !stop.load(Ordering::Relaxed) {
                let page = PAGES[n % PAGES.len()];
                n += 1;
                let response = server.get(page);
                requests.fetch_add(1, Ordering::Relaxed);
                let whole = !page.ends_with(".html") && page != "/"
                    || response.body.trim_end().ends_with("</html>");
                if response.status != 200 || !whole {
                    if let Ok(mut f) = failures.lock() {
                        f.push(format!(
                            "{page}: {} ({} bytes)",
                            response.status,
                            response.body.len()
                        ));
                    }
                }
            }
        }));
    }

    // Edit a document over and over while the clients run.
    let alpha = project.root.join("policies/alpha.md");
    let original = fs::read_to_string(&alpha).unwrap_or_default();
    let started = Instant::now();
    let mut edits = 0;
    while started.elapsed() < DURATION {
        edits += 1;
        fs::write(
            &alpha,
            original.replace("the original text", &format!("edit number {edits}")),
        )
        .ok();
        std::thread::sleep(Duration::from_millis(150));
    }
    stop.store(true, Ordering::Relaxed);
    for client in clients {
        client.join().ok();
    }
    // The last edit is served once the server has caught up.
    server.wait_for(
        "/docs/pol-alpha.html",
        Duration::from_secs(20),
        "the last edit",
        |r| r.body.contains(&format!("edit number {edits}")),
    );

    let failures = failures.lock().map(|f| f.clone()).unwrap_or_default();
    let total = requests.load(Ordering::Relaxed);
    assert!(total > 500, "only {total} requests were made");
    assert!(
        failures.is_empty(),
        "{} of {total} requests failed: {:?}",
        failures.len(),
        &failures[..failures.len().min(10)]
    );
    let rss_after = server.rss_kib();
    eprintln!("serve under load: {total} requests, {edits} edits, RSS {rss_before} KiB -> {rss_after} KiB");
    if rss_before > 0 {
        assert!(
            rss_after < rss_before * 2 + 20 * 1024,
            "memory grew from {rss_before} KiB to {rss_after} KiB"
        );
    }
}
