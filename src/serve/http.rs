//! The preview server: files from the in-memory site, the live-reload script and event
//! stream, and the current build status. Only paths inside the site are ever served, only
//! to requests whose Host names this machine (no DNS rebinding), and a connection that
//! sends no complete request within a few seconds is closed.

use std::convert::Infallible;
use std::future::Future;
use std::net::IpAddr;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tokio::net::TcpListener;
use tokio::sync::broadcast;

use super::site::{SiteFile, SiteFiles};

const LIVE_JS: &str = include_str!("live.js");
const LIVE_SCRIPT_TAG: &str = "<script src=\"/__annexa/live.js\" defer></script>";

/// What the server shows: the last good site and the state of the last rebuild.
#[derive(Default)]
pub struct Shown {
    pub site: Arc<SiteFiles>,
    /// The diagnostics of the last rebuild when it failed (human text), else None.
    pub errors: Option<String>,
    /// Counts rebuilds, so clients can tell a new site from the one they have.
    pub version: u64,
    /// Whether a rebuild, or what follows one (the pages over all documents, the search
    /// index), is under way.
    pub busy: bool,
}

/// A message to the open tabs.
#[derive(Clone, Debug)]
pub enum Notice {
    /// A new site: the tabs that show one of the `changed` files (all, when None) reload;
    /// the others only check the build status (to drop an error overlay).
    Reload {
        version: u64,
        changed: Option<Vec<String>>,
    },
    Failed(String),
}

/// Shared between the HTTP handlers and the rebuild loop.
#[derive(Clone)]
pub struct ServerState {
    pub shown: Arc<RwLock<Shown>>,
    pub notices: broadcast::Sender<Notice>,
}

/// The router of the preview server: it answers only requests whose Host `hosts` allows.
pub fn router(state: ServerState, hosts: AllowedHosts) -> Router {
    Router::new()
        .route("/__annexa/live.js", get(live_js))
        .route("/__annexa/events", get(events))
        .route("/__annexa/status", get(status))
        .fallback(get(file))
        .with_state(state)
        .layer(middleware::from_fn_with_state(Arc::new(hosts), check_host))
}

/// The host names the preview answers to. A web page the author visits can make its own
/// name resolve to 127.0.0.1 (DNS rebinding) and then read the preview as same-origin; its
/// requests carry its own name in `Host`, so only names of this machine are accepted:
/// localhost, 127.0.0.1, [::1], the address serve listens on, and the `--allow-host`
/// names. When serve listens on every address (0.0.0.0 or ::), any IP address is
/// accepted too: a rebinding page always has a name. The port is not checked: it does not
/// tell a rebinding page from the author (whose port may be forwarded, as with `ssh -L`).
#[derive(Clone, Debug)]
pub struct AllowedHosts {
    names: Vec<String>,
    any_address: bool,
}

impl AllowedHosts {
    /// The names for serve listening on `bind`, and `extra` (`--allow-host`); an error names
    /// an extra value that is not a host name.
    pub fn new(bind: IpAddr, extra: &[String]) -> Result<AllowedHosts, String> {
        let mut names: Vec<String> = ["localhost", "127.0.0.1", "::1"]
            .iter()
            .map(|n| n.to_string())
            .collect();
        names.push(bind.to_string());
        for value in extra {
            names.push(host_name(value).ok_or_else(|| {
                format!("--allow-host {value:?} is not a host name: give a name such as preview.example or an address such as 192.168.1.5")
            })?);
        }
        Ok(AllowedHosts {
            names,
            any_address: bind.is_unspecified(),
        })
    }

    /// Whether a request with this `Host` value (`name`, `name:port`, `[v6]:port`) is
    /// answered.
    pub fn allows(&self, host: &str) -> bool {
        let Some(name) = host_name(host) else {
            return false;
        };
        self.names.contains(&name) || (self.any_address && name.parse::<IpAddr>().is_ok())
    }
}

/// The name in a `Host` value, lower case, without the port, the brackets of an IPv6
/// address or a final dot; None when the value is not a host.
fn host_name(host: &str) -> Option<String> {
    let host = host.trim();
    let (name, port) = if let Some(rest) = host.strip_prefix('[') {
        let (inside, after) = rest.split_once(']')?;
        (inside, after.strip_prefix(':'))
    } else if host.matches(':').count() == 1 {
        let (name, port) = host.split_once(':')?;
        (name, Some(port))
    } else {
        (host, None)
    };
    if port.is_some_and(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    let name = name.strip_suffix('.').unwrap_or(name).to_ascii_lowercase();
    let valid = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b':' | b'_'));
    valid.then_some(name)
}

/// Answers 403 to a request whose `Host` (or absolute URI) names another host.
async fn check_host(
    State(hosts): State<Arc<AllowedHosts>>,
    request: Request,
    next: Next,
) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    let named_in_uri = request.uri().authority().map(|a| a.as_str());
    if hosts.allows(host) && named_in_uri.is_none_or(|a| hosts.allows(a)) {
        return next.run(request).await;
    }
    let shown: String = named_in_uri
        .unwrap_or(host)
        .chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect();
    let body = format!(
        "annexa serve answers only to this machine's names (localhost, 127.0.0.1, [::1], the --bind address); this request named `{shown}`. To preview under that name, start serve with --allow-host NAME.\n"
    );
    (
        StatusCode::FORBIDDEN,
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response()
}

/// How long a connection may take to send a complete request head, and stay idle between
/// requests: then it is closed. A server-sent event stream is not idle (it is a response
/// being written) and stays open.
pub const REQUEST_HEAD_TIMEOUT: Duration = Duration::from_secs(5);

/// Serves `app` on the connections `listener` accepts until `shutdown` completes.
pub async fn serve(listener: TcpListener, app: Router, shutdown: impl Future<Output = ()>) {
    tokio::pin!(shutdown);
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut shutdown => return,
        };
        let stream = match accepted {
            Ok((stream, _)) => stream,
            // Out of file descriptors, or a connection reset before it was accepted: the
            // listener stays good; wait a moment rather than spin.
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let service = hyper_util::service::TowerToHyperService::new(app.clone());
        tokio::spawn(async move {
            let _ = hyper::server::conn::http1::Builder::new()
                .timer(hyper_util::rt::TokioTimer::new())
                .header_read_timeout(REQUEST_HEAD_TIMEOUT)
                .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                .await;
        });
    }
}

async fn live_js() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        LIVE_JS,
    )
        .into_response()
}

async fn status(State(state): State<ServerState>) -> Response {
    let (errors, version, busy) = match state.shown.read() {
        Ok(shown) => (shown.errors.clone(), shown.version, shown.busy),
        Err(_) => (None, 0, false),
    };
    let body = serde_json::json!({ "errors": errors.is_some(), "text": errors.unwrap_or_default(), "version": version, "busy": busy });
    (
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body.to_string(),
    )
        .into_response()
}

async fn events(
    State(state): State<ServerState>,
) -> Sse<impl futures_core::Stream<Item = Result<Event, Infallible>>> {
    let receiver = state.notices.subscribe();
    let stream = futures_util::stream::unfold(receiver, |mut receiver| async move {
        loop {
            match receiver.recv().await {
                Ok(Notice::Reload { version, changed }) => {
                    let data = serde_json::json!({ "version": version, "changed": changed });
                    return Some((
                        Ok(Event::default().event("reload").data(data.to_string())),
                        receiver,
                    ));
                }
                Ok(Notice::Failed(text)) => {
                    return Some((Ok(Event::default().event("failed").data(text)), receiver))
                }
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}

/// Maps a request path to a file of the site, or None when it is not a path inside it.
/// Percent-escapes are decoded first, so `%2e%2e` is `..` and is refused like it.
pub fn site_path(uri_path: &str) -> Option<String> {
    let decoded = percent_decode(uri_path)?;
    if decoded.contains('\0') || decoded.contains('\\') {
        return None;
    }
    let mut parts = Vec::new();
    for part in decoded.split('/') {
        match part {
            "" => {}
            "." | ".." => return None,
            other => parts.push(other),
        }
    }
    let mut path = parts.join("/");
    if path.is_empty() || decoded.ends_with('/') {
        if !path.is_empty() {
            path.push('/');
        }
        path.push_str("index.html");
    }
    Some(path)
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let hex = |b: u8| (b as char).to_digit(16);
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hi = hex(*bytes.get(i + 1)?)?;
            let lo = hex(*bytes.get(i + 2)?)?;
            out.push((hi * 16 + lo) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn content_type(path: &str) -> HeaderValue {
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    let value = match mime.type_() {
        mime_guess::mime::TEXT => format!("{mime}; charset=utf-8"),
        _ if mime.subtype() == "javascript" || mime.subtype() == "json" => {
            format!("{mime}; charset=utf-8")
        }
        _ => mime.to_string(),
    };
    HeaderValue::from_str(&value).unwrap_or(HeaderValue::from_static("application/octet-stream"))
}

/// Adds the live-reload script to an HTML page.
fn with_live_reload(html: &[u8]) -> Bytes {
    let text = String::from_utf8_lossy(html);
    let injected = match text.rfind("</body>") {
        Some(at) => format!("{}{LIVE_SCRIPT_TAG}\n{}", &text[..at], &text[at..]),
        None => format!("{text}\n{LIVE_SCRIPT_TAG}\n"),
    };
    Bytes::from(injected)
}

/// A page for when nothing has built yet; `respond` adds the live-reload script, which
/// shows the errors over it.
fn nothing_built_page() -> Bytes {
    Bytes::from_static(
        b"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>annexa: no site yet</title></head><body><h1>The project does not build yet</h1><p>annexa shows the errors over this page and reloads it when they are fixed.</p></body></html>\n",
    )
}

fn respond(status: StatusCode, path: &str, bytes: Bytes) -> Response {
    respond_file(status, path, &SiteFile::Whole(bytes))
}

/// Responds with `file`; a file made of pieces is sent piece by piece, not copied whole.
fn respond_file(status: StatusCode, path: &str, file: &SiteFile) -> Response {
    let mut pieces = file.pieces();
    if path.ends_with(".html") {
        // The last piece holds `</body>`.
        if let Some(last) = pieces.last_mut() {
            *last = with_live_reload(last);
        }
    }
    let body = if pieces.len() == 1 {
        Body::from(pieces.remove(0))
    } else {
        Body::from_stream(futures_util::stream::iter(
            pieces.into_iter().map(Ok::<Bytes, Infallible>),
        ))
    };
    let mut response = Response::new(body);
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, content_type(path));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    response
}

async fn file(State(state): State<ServerState>, uri: Uri) -> Response {
    let site = match state.shown.read() {
        Ok(shown) => Arc::clone(&shown.site),
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    let found = site_path(uri.path()).and_then(|path| site.file(&path).map(|file| (path, file)));
    match found {
        Some((path, file)) => respond_file(StatusCode::OK, &path, file),
        None if site.is_empty() => respond(
            StatusCode::SERVICE_UNAVAILABLE,
            "index.html",
            nothing_built_page(),
        ),
        None => match site.get("404.html") {
            Some(page) => respond(StatusCode::NOT_FOUND, "404.html", page),
            None => (StatusCode::NOT_FOUND, "not found").into_response(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_inside_the_site_only() {
        let cases = [
            ("/", Some("index.html")),
            ("/docs/pol-ac.html", Some("docs/pol-ac.html")),
            ("/docs/", Some("docs/index.html")),
            ("//docs//x.html", Some("docs/x.html")),
            ("/my%20file.pdf", Some("my file.pdf")),
            ("/../etc/passwd", None),
            ("/docs/../../x", None),
            ("/%2e%2e/etc/passwd", None),
            ("/%2E%2E%2Fetc%2Fpasswd", None),
            ("/a/./b", None),
            ("/a%5c..%5cb", None),
            ("/x%00.html", None),
            ("/bad%zz", None),
        ];
        for (input, expected) in cases {
            assert_eq!(site_path(input).as_deref(), expected, "{input}");
        }
    }

    #[test]
    fn only_this_machines_host_names() {
        let hosts = |bind: [u8; 4], extra: &[&str]| {
            let extra: Vec<String> = extra.iter().map(|e| e.to_string()).collect();
            AllowedHosts::new(IpAddr::from(bind), &extra).unwrap_or_else(|e| panic!("{e}"))
        };
        let loopback = hosts([127, 0, 0, 1], &[]);
        for host in [
            "127.0.0.1:1111",
            "127.0.0.1",
            "localhost:1111",
            "LOCALHOST.:8080",
            "[::1]:1111",
            "[::1]",
        ] {
            assert!(loopback.allows(host), "{host}");
        }
        for host in [
            "evil.example:1111",
            "evil.example",
            "127.0.0.1.evil.example:1111",
            "localhost.evil.example",
            "192.168.1.5:1111",
            "",
            "127.0.0.1:",
            "127.0.0.1:x",
            "[::1",
            "a b",
        ] {
            assert!(!loopback.allows(host), "{host}");
        }
        let named = hosts([127, 0, 0, 1], &["Preview.Example"]);
        assert!(named.allows("preview.example:1111"));
        assert!(AllowedHosts::new(IpAddr::from([127, 0, 0, 1]), &["a b".to_string()]).is_err());
        let lan = hosts([192, 168, 1, 5], &[]);
        assert!(lan.allows("192.168.1.5:1111"));
        assert!(!lan.allows("192.168.1.6:1111"));
        let every = hosts([0, 0, 0, 0], &[]);
        assert!(every.allows("192.168.1.6:1111"));
        assert!(every.allows("[fe80::1]:1111"));
        assert!(!every.allows("evil.example:1111"));
    }

    #[test]
    fn live_reload_goes_before_the_body_end() {
        let out = with_live_reload(b"<html><body><p>x</p></body></html>");
        assert_eq!(
            &out[..],
            format!("<html><body><p>x</p>{LIVE_SCRIPT_TAG}\n</body></html>").as_bytes()
        );
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("a.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("a.css"), "text/css; charset=utf-8");
        assert_eq!(
            content_type("soa.xlsx"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        );
        assert_eq!(content_type("reviews.ics"), "text/calendar; charset=utf-8");
    }
}
