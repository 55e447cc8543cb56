//! Headless Chromium for the integration tests: finds Debian's chromium, starts it with a
//! fresh profile, and drives one page over the DevTools protocol (a minimal CDP client over
//! a WebSocket). Also finds axe-core for accessibility checks.
//!
//! When chromium or axe-core is missing, the test prints a loud "SKIPPED: …" line and
//! passes, except with CI=true, where a missing tool fails the test (CI installs them with
//! `.ci/install-test-tools`).
//!
//! Why not the `headless_chrome` crate: with `default-features = false` its build script
//! downloads the protocol definition from GitHub (no network in CI), and with its defaults
//! it generates and compiles the whole protocol (~100k lines) for the dozen methods used here.
#![allow(dead_code)]

use std::collections::VecDeque;
use std::fs;
use std::io::{ErrorKind, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use tungstenite::{Message, WebSocket};

/// How long one DevTools call or wait may take.
const TIMEOUT: Duration = Duration::from_secs(30);

/// Whether a missing tool must fail the test (CI) rather than skip it.
fn required() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

/// Reports a missing tool: panics in CI, prints a loud line elsewhere.
fn missing(what: &str, help: &str) {
    let message = format!("{what} not found: {help}");
    if required() {
        panic!("{message} (CI=true: a missing test tool is a failure)");
    }
    // Straight to stderr: the test harness captures eprintln! of passing tests.
    let line = "=".repeat(66);
    let _ = writeln!(std::io::stderr(), "\n{line}\nSKIPPED: {message}\n{line}\n");
}

fn in_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

/// Chromium: `$CHROMIUM`, `/usr/bin/chromium`, or `chromium` in PATH.
pub fn chromium_path() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("CHROMIUM").map(PathBuf::from) {
        return path.is_file().then_some(path);
    }
    let debian = PathBuf::from("/usr/bin/chromium");
    if debian.is_file() {
        return Some(debian);
    }
    in_path("chromium")
}

/// axe-core's `axe.min.js`: `$AXE_CORE_JS`, or where `.ci/install-test-tools` puts it.
pub fn axe_core_path() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("AXE_CORE_JS").map(PathBuf::from) {
        return path.is_file().then_some(path);
    }
    let local = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("target/test-tools/node_modules/axe-core/axe.min.js");
    local.is_file().then_some(local)
}

/// The source of axe-core, or None (after reporting it) when it is missing.
pub fn axe_core() -> Option<String> {
    match axe_core_path() {
        Some(path) => Some(
            fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display())),
        ),
        None => {
            missing(
                "axe-core (axe.min.js)",
                "run `bash .ci/install-test-tools` or set AXE_CORE_JS",
            );
            None
        }
    }
}

/// A `file://` URL for a local path.
pub fn file_url(path: &Path) -> String {
    let absolute = path
        .canonicalize()
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut url = String::from("file://");
    for byte in absolute.to_string_lossy().bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => {
                url.push(byte as char)
            }
            other => url.push_str(&format!("%{other:02X}")),
        }
    }
    url
}

/// A running headless Chromium with one page attached. Killed when dropped.
pub struct Browser {
    child: Child,
    socket: WebSocket<TcpStream>,
    session: String,
    next_id: u64,
    /// Events received while waiting for something else.
    events: VecDeque<Value>,
    profile: tempfile::TempDir,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One axe-core finding.
#[derive(Debug, Clone)]
pub struct Violation {
    pub id: String,
    pub impact: String,
    pub help: String,
    /// CSS selectors and HTML of the first offending nodes.
    pub nodes: Vec<String>,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "[{}] {}: {}", self.impact, self.id, self.help)?;
        for node in &self.nodes {
            write!(f, "\n      {node}")?;
        }
        Ok(())
    }
}

impl Browser {
    /// Starts Chromium, or returns None (after reporting it) when it is not installed.
    pub fn launch() -> Option<Browser> {
        let Some(chromium) = chromium_path() else {
            missing(
                "chromium",
                "install Debian's chromium (`bash .ci/install-test-tools`) or set CHROMIUM",
            );
            return None;
        };
        let profile = tempfile::tempdir().expect("a temporary profile folder");
        let log = fs::File::create(profile.path().join("chromium.log")).expect("a log file");
        let child = Command::new(&chromium)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-extensions",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--hide-scrollbars",
                "--mute-audio",
                "--remote-debugging-port=0",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", chromium.display()));
        let mut browser_guard = Launching {
            child: Some(child),
            profile: Some(profile),
        };
        let ws_url = browser_guard.devtools_url();
        let socket = connect(&ws_url);
        let (child, profile) = browser_guard.take();
        let mut browser = Browser {
            child,
            socket,
            session: String::new(),
            next_id: 0,
            events: VecDeque::new(),
            profile,
        };
        let target = browser.call_browser("Target.createTarget", json!({ "url": "about:blank" }));
        let target_id = target["targetId"]
            .as_str()
            .expect("a target id")
            .to_string();
        let attached = browser.call_browser(
            "Target.attachToTarget",
            json!({ "targetId": target_id, "flatten": true }),
        );
        browser.session = attached["sessionId"]
            .as_str()
            .expect("a session id")
            .to_string();
        browser.call("Page.enable", json!({}));
        browser.call("Runtime.enable", json!({}));
        Some(browser)
    }

    fn send(&mut self, method: &str, params: Value, session: Option<String>) -> Value {
        self.send_checked(method, params, session)
            .unwrap_or_else(|error| panic!("DevTools {method} failed: {error}"))
    }

    /// Sends a DevTools command and waits for its answer: its result, or its error.
    fn send_checked(
        &mut self,
        method: &str,
        params: Value,
        session: Option<String>,
    ) -> Result<Value, Value> {
        self.next_id += 1;
        let id = self.next_id;
        let mut message = json!({ "id": id, "method": method, "params": params });
        if let Some(session) = session {
            message["sessionId"] = Value::String(session);
        }
        self.socket
            .send(Message::text(message.to_string()))
            .unwrap_or_else(|e| panic!("DevTools {method}: cannot send: {e}"));
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let value = self.receive(deadline, method);
            if value["id"].as_u64() == Some(id) {
                if let Some(error) = value.get("error") {
                    return Err(error.clone());
                }
                return Ok(value["result"].clone());
            }
            if value.get("method").is_some() {
                self.events.push_back(value);
            }
        }
    }

    fn receive(&mut self, deadline: Instant, what: &str) -> Value {
        loop {
            if Instant::now() > deadline {
                panic!(
                    "DevTools: no answer to {what} within {TIMEOUT:?}; chromium log:\n{}",
                    self.log()
                );
            }
            match self.socket.read() {
                Ok(Message::Text(text)) => {
                    return serde_json::from_str(text.as_str())
                        .unwrap_or_else(|e| panic!("DevTools sent bad JSON ({e})"))
                }
                Ok(_) => {}
                Err(tungstenite::Error::Io(e))
                    if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
                Err(e) => panic!("DevTools connection failed during {what}: {e}"),
            }
        }
    }

    /// What chromium wrote to stderr so far.
    pub fn log(&self) -> String {
        fs::read_to_string(self.profile.path().join("chromium.log")).unwrap_or_default()
    }

    fn call_browser(&mut self, method: &str, params: Value) -> Value {
        self.send(method, params, None)
    }

    /// Calls a DevTools method on the page.
    pub fn call(&mut self, method: &str, params: Value) -> Value {
        let session = self.session.clone();
        self.send(method, params, Some(session))
    }

    /// Waits for the page event `method` (e.g. `Page.loadEventFired`).
    pub fn wait_event(&mut self, method: &str) -> Value {
        if let Some(at) = self.events.iter().position(|e| e["method"] == method) {
            return self.events.remove(at).unwrap_or_default();
        }
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let value = self.receive(deadline, method);
            if value["method"] == method {
                return value;
            }
            if value.get("method").is_some() {
                self.events.push_back(value);
            }
        }
    }

    /// Opens `url` and waits until it has loaded (with its deferred scripts run).
    pub fn goto(&mut self, url: &str) {
        self.events.clear();
        let result = self.call("Page.navigate", json!({ "url": url }));
        if let Some(error) = result.get("errorText").and_then(Value::as_str) {
            panic!("cannot open {url}: {error}");
        }
        self.wait_event("Page.loadEventFired");
    }

    /// Evaluates `expression` in the page (awaiting a promise) and returns its value.
    pub fn eval(&mut self, expression: &str) -> Value {
        match self.try_eval(expression) {
            Ok(value) => value,
            Err(error) => panic!("DevTools Runtime.evaluate failed: {error}"),
        }
    }

    /// `eval`, with DevTools' own failure as an error: a page that navigates while the
    /// expression runs ("Inspected target navigated or closed") is not a failed test.
    fn try_eval(&mut self, expression: &str) -> Result<Value, Value> {
        let session = self.session.clone();
        let result = self.send_checked(
            "Runtime.evaluate",
            json!({ "expression": expression, "returnByValue": true, "awaitPromise": true }),
            Some(session),
        )?;
        if let Some(exception) = result.get("exceptionDetails") {
            panic!("JavaScript failed: {expression}\n{exception}");
        }
        Ok(result["result"]["value"].clone())
    }

    /// Waits until `expression` is truthy; returns its value.
    pub fn wait_for(&mut self, expression: &str) -> Value {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let value = match self.try_eval(expression) {
                Ok(value) => value,
                // The page navigated under the expression: try again on the new page.
                Err(error) if Instant::now() < deadline => {
                    eprintln!("retrying `{expression}`: {error}");
                    std::thread::sleep(Duration::from_millis(50));
                    continue;
                }
                Err(error) => panic!("DevTools Runtime.evaluate failed: {error}"),
            };
            let truthy = match &value {
                Value::Null => false,
                Value::Bool(b) => *b,
                Value::Number(n) => n.as_f64() != Some(0.0),
                Value::String(s) => !s.is_empty(),
                _ => true,
            };
            if truthy {
                return value;
            }
            if Instant::now() > deadline {
                panic!("timed out waiting for `{expression}` (last value {value})");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The page's URL.
    pub fn url(&mut self) -> String {
        self.eval("location.href")
            .as_str()
            .unwrap_or("")
            .to_string()
    }

    /// Sets the viewport width and height (CSS pixels); `mobile` emulates a phone.
    pub fn set_viewport(&mut self, width: u32, height: u32, mobile: bool) {
        self.call(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile }),
        );
    }

    /// Reports the page's console errors, uncaught exceptions and browser messages
    /// (Content-Security-Policy violations among them) to `console_errors` from now on.
    /// Also records the page's requests for `requests`.
    pub fn watch_console(&mut self) {
        self.call("Log.enable", json!({}));
        self.call("Network.enable", json!({}));
    }

    /// The URLs the page requested since the last `goto` (needs `watch_console`).
    pub fn requests(&mut self) -> Vec<String> {
        self.eval("true");
        self.events
            .iter()
            .filter(|e| e["method"] == "Network.requestWillBeSent")
            .filter_map(|e| e["params"]["request"]["url"].as_str().map(String::from))
            .collect()
    }

    /// The errors reported since the last `goto` (needs `watch_console`): console.error
    /// calls, uncaught exceptions and browser log entries of level error or warning.
    pub fn console_errors(&mut self) -> Vec<String> {
        // A round trip, so that events already sent are read.
        self.eval("true");
        self.events
            .iter()
            .filter_map(|event| {
                let params = &event["params"];
                match event["method"].as_str()? {
                    "Runtime.exceptionThrown" => {
                        Some(format!("exception: {}", params["exceptionDetails"]))
                    }
                    "Runtime.consoleAPICalled"
                        if matches!(
                            params["type"].as_str(),
                            Some("error" | "warning" | "assert")
                        ) =>
                    {
                        Some(format!("console.{}: {}", params["type"], params["args"]))
                    }
                    "Log.entryAdded"
                        if matches!(
                            params["entry"]["level"].as_str(),
                            Some("error" | "warning")
                        ) =>
                    {
                        Some(format!(
                            "{} {}: {}",
                            params["entry"]["source"],
                            params["entry"]["level"],
                            params["entry"]["text"]
                        ))
                    }
                    _ => None,
                }
            })
            .collect()
    }

    /// Emulates `prefers-color-scheme: light` or `dark`.
    pub fn set_color_scheme(&mut self, scheme: &str) {
        self.call(
            "Emulation.setEmulatedMedia",
            json!({ "features": [{ "name": "prefers-color-scheme", "value": scheme }] }),
        );
    }

    /// Presses a key (`"/"`, `"ArrowDown"`, `"Enter"`, `"Escape"`) on the focused element.
    pub fn press(&mut self, key: &str) {
        let (code, key_code, text) = match key {
            "Enter" => ("Enter", 13, Some("\r")),
            "Escape" => ("Escape", 27, None),
            "ArrowDown" => ("ArrowDown", 40, None),
            "ArrowUp" => ("ArrowUp", 38, None),
            "Tab" => ("Tab", 9, None),
            "/" => ("Slash", 191, Some("/")),
            other => panic!("press: unknown key {other}"),
        };
        let mut down = json!({ "type": if text.is_some() { "keyDown" } else { "rawKeyDown" },
            "key": key, "code": code, "windowsVirtualKeyCode": key_code });
        if let Some(text) = text {
            down["text"] = Value::String(text.to_string());
        }
        self.call("Input.dispatchKeyEvent", down);
        self.call(
            "Input.dispatchKeyEvent",
            json!({ "type": "keyUp", "key": key, "code": code, "windowsVirtualKeyCode": key_code }),
        );
    }

    /// Types `text` into the focused element, as a keyboard would (input events fire).
    pub fn type_text(&mut self, text: &str) {
        self.call("Input.insertText", json!({ "text": text }));
    }

    /// Saves a PNG of the page: the viewport, or the whole page when `full_page`.
    pub fn screenshot(&mut self, path: &Path, full_page: bool) {
        let result = self.call(
            "Page.captureScreenshot",
            json!({ "format": "png", "captureBeyondViewport": full_page }),
        );
        let data = result["data"].as_str().expect("screenshot data");
        let bytes = base64_decode(data);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{}: {e}", parent.display()));
        }
        fs::write(path, bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }

    /// Prints the page to a PDF (A4, backgrounds on, as "Save as PDF" does); returns the
    /// number of pages.
    pub fn print_to_pdf(&mut self, path: &Path) -> usize {
        let result = self.call(
            "Page.printToPDF",
            json!({ "paperWidth": 8.27, "paperHeight": 11.69, "printBackground": true,
                    "preferCSSPageSize": true }),
        );
        let bytes = base64_decode(result["data"].as_str().expect("PDF data"));
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{}: {e}", parent.display()));
        }
        fs::write(path, &bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let marker = b"/Type /Page";
        bytes
            .windows(marker.len() + 1)
            .filter(|w| w.starts_with(marker) && !w[marker.len()].is_ascii_alphanumeric())
            .count()
    }

    /// Runs axe-core (`axe_source`, injected on first use) over the page; returns the
    /// violations of impact `serious` or `critical`.
    pub fn serious_violations(&mut self, axe_source: &str) -> Vec<Violation> {
        self.serious_violations_in(axe_source, "document")
    }

    /// `serious_violations` within the elements `context` selects (an axe-core context, as
    /// a JavaScript expression: `"document"`, `"{ include: ['.diagram'] }"`).
    pub fn serious_violations_in(&mut self, axe_source: &str, context: &str) -> Vec<Violation> {
        if self.eval("typeof window.axe") != "object" {
            let result = self.call(
                "Runtime.evaluate",
                json!({ "expression": axe_source, "returnByValue": true }),
            );
            if let Some(exception) = result.get("exceptionDetails") {
                panic!("cannot inject axe-core: {exception}");
            }
        }
        let report = self.eval(
            &(String::from("axe.run(")
                + context
                + ", { resultTypes: ['violations'] }).then(r => r.violations.map(v => ({
                id: v.id, impact: v.impact || '', help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + '  ' + n.html.slice(0, 160)
                    + (n.failureSummary ? '  -- ' + n.failureSummary.replace(/\\s+/g, ' ') : ''))
            })))"),
        );
        report
            .as_array()
            .cloned()
            .unwrap_or_default()
            .into_iter()
            .map(|v| Violation {
                id: v["id"].as_str().unwrap_or("").to_string(),
                impact: v["impact"].as_str().unwrap_or("").to_string(),
                help: v["help"].as_str().unwrap_or("").to_string(),
                nodes: v["nodes"]
                    .as_array()
                    .map(|n| {
                        n.iter()
                            .map(|s| s.as_str().unwrap_or("").to_string())
                            .collect()
                    })
                    .unwrap_or_default(),
            })
            .filter(|v| v.impact == "serious" || v.impact == "critical")
            .collect()
    }
}

/// Chromium while it starts: killed if the start fails.
struct Launching {
    child: Option<Child>,
    profile: Option<tempfile::TempDir>,
}

impl Launching {
    /// Reads the browser's WebSocket URL from `DevToolsActivePort` in the profile.
    fn devtools_url(&mut self) -> String {
        let profile = self.profile.as_ref().expect("profile").path().to_path_buf();
        let file = profile.join("DevToolsActivePort");
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Ok(text) = fs::read_to_string(&file) {
                let mut lines = text.lines();
                if let (Some(port), Some(path)) = (lines.next(), lines.next()) {
                    return format!("ws://127.0.0.1:{port}{path}");
                }
            }
            if let Some(Ok(Some(status))) = self.child.as_mut().map(Child::try_wait) {
                panic!(
                    "chromium exited ({status}) before it opened DevTools:\n{}",
                    fs::read_to_string(profile.join("chromium.log")).unwrap_or_default()
                );
            }
            if Instant::now() > deadline {
                panic!(
                    "chromium did not open DevTools within {TIMEOUT:?}:\n{}",
                    fs::read_to_string(profile.join("chromium.log")).unwrap_or_default()
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn take(&mut self) -> (Child, tempfile::TempDir) {
        (
            self.child.take().expect("child"),
            self.profile.take().expect("profile"),
        )
    }
}

impl Drop for Launching {
    fn drop(&mut self) {
        if let Some(child) = self.child.as_mut() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn connect(url: &str) -> WebSocket<TcpStream> {
    let address = url
        .strip_prefix("ws://")
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_else(|| panic!("unexpected DevTools URL {url}"));
    let stream = TcpStream::connect(address)
        .unwrap_or_else(|e| panic!("cannot connect to DevTools at {address}: {e}"));
    // A long timeout for the handshake; then a short one, so that reads come back to check
    // the deadline of what they wait for.
    stream
        .set_read_timeout(Some(TIMEOUT))
        .expect("a read timeout");
    let config = tungstenite::protocol::WebSocketConfig::default()
        .max_message_size(Some(256 << 20))
        .max_frame_size(Some(256 << 20));
    let (socket, _) = tungstenite::client::client_with_config(url, stream, Some(config))
        .unwrap_or_else(|e| panic!("DevTools WebSocket handshake with {url} failed: {e}"));
    socket
        .get_ref()
        .set_read_timeout(Some(Duration::from_millis(200)))
        .expect("a read timeout");
    socket
}

/// Standard base64 (screenshots come as base64 PNG).
fn base64_decode(text: &str) -> Vec<u8> {
    let value = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut buffer = 0u32;
    let mut bits = 0;
    for c in text.bytes().filter_map(value) {
        buffer = (buffer << 6) | c;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    out
}
