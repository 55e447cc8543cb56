//! The preview server: files from the in-memory site, the live-reload script and event
//! stream, and the current build status. Only paths inside the site are ever served.

use std::convert::Infallible;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
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
}

/// A message to the open tabs.
#[derive(Clone, Debug)]
pub enum Notice {
    Reload(u64),
    Failed(String),
}

/// Shared between the HTTP handlers and the rebuild loop.
#[derive(Clone)]
pub struct ServerState {
    pub shown: Arc<RwLock<Shown>>,
    pub notices: broadcast::Sender<Notice>,
}

/// The router of the preview server.
pub fn router(state: ServerState) -> Router {
    Router::new()
        .route("/__annexa/live.js", get(live_js))
        .route("/__annexa/events", get(events))
        .route("/__annexa/status", get(status))
        .fallback(get(file))
        .with_state(state)
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
    let (errors, version) = match state.shown.read() {
        Ok(shown) => (shown.errors.clone(), shown.version),
        Err(_) => (None, 0),
    };
    let body = serde_json::json!({ "errors": errors.is_some(), "text": errors.unwrap_or_default(), "version": version });
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
                Ok(Notice::Reload(version)) => {
                    return Some((
                        Ok(Event::default().event("reload").data(version.to_string())),
                        receiver,
                    ))
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
