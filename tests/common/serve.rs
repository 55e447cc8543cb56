//! Running `annexa serve` in tests: start it on a free loopback port, wait for its URL,
//! fetch pages over plain HTTP/1.1, stop it when dropped.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use super::annexa_command;

/// A running `annexa serve`; killed when dropped.
pub struct Server {
    child: Child,
    /// e.g. `127.0.0.1:40123`.
    pub address: String,
    stderr: std::sync::Mutex<mpsc::Receiver<String>>,
}

/// An HTTP response: status code, headers (lower-case names), body.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

impl Server {
    /// Starts `annexa serve --port 0 --today 2026-11-25 <project> <extra args>`.
    pub fn start(project: &Path, extra: &[&str]) -> Server {
        let mut command = annexa_command(["serve", "--port", "0", "--today", "2026-11-25"]);
        command
            .arg(project)
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = command.spawn().expect("annexa serve starts");
        let stdout = child.stdout.take().expect("stdout is piped");
        let stderr = child.stderr.take().expect("stderr is piped");
        let (err_tx, err_rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = err_tx.send(line);
            }
        });
        let (url_tx, url_rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(at) = line.find("http://") {
                    let address = line[at + 7..].split('/').next().unwrap_or("").to_string();
                    let _ = url_tx.send(address);
                }
            }
        });
        let address = url_rx
            .recv_timeout(Duration::from_secs(60))
            .unwrap_or_else(|_| {
                let _ = child.kill();
                let errors: Vec<String> = err_rx.try_iter().collect();
                panic!(
                    "annexa serve printed no URL within 60 s; stderr:\n{}",
                    errors.join("\n")
                )
            });
        Server {
            child,
            address,
            stderr: std::sync::Mutex::new(err_rx),
        }
    }

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The server's resident memory in KiB (Linux; 0 elsewhere).
    pub fn rss_kib(&self) -> u64 {
        std::fs::read_to_string(format!("/proc/{}/status", self.pid()))
            .ok()
            .and_then(|status| {
                let line = status
                    .lines()
                    .find(|l| l.starts_with("VmRSS:"))?
                    .to_string();
                line.split_whitespace().nth(1)?.parse().ok()
            })
            .unwrap_or(0)
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.address)
    }

    /// Everything the server printed on stderr so far.
    pub fn stderr(&self) -> String {
        match self.stderr.lock() {
            Ok(receiver) => receiver.try_iter().collect::<Vec<_>>().join("\n"),
            Err(_) => String::new(),
        }
    }

    /// Waits until the server prints a line containing `text` on stderr; returns every line
    /// it printed since the last call, up to that one.
    pub fn stderr_until(&self, text: &str, limit: Duration) -> String {
        let start = Instant::now();
        let mut lines = Vec::new();
        let Ok(receiver) = self.stderr.lock() else {
            panic!("the stderr lock is poisoned");
        };
        loop {
            let left = limit.saturating_sub(start.elapsed());
            match receiver.recv_timeout(left) {
                Ok(line) => {
                    let done = line.contains(text);
                    lines.push(line);
                    if done {
                        return lines.join("\n");
                    }
                }
                Err(_) => panic!(
                    "waited {limit:?} for `{text}` on the server's stderr; it printed:\n{}",
                    lines.join("\n")
                ),
            }
        }
    }

    /// GET `target` (sent as written, so `..` and `%2e` reach the server unchanged).
    pub fn get(&self, target: &str) -> Response {
        get(&self.address, target)
    }

    /// Polls `target` until `done` holds for the response, or panics after `limit`.
    pub fn wait_for(
        &self,
        target: &str,
        limit: Duration,
        what: &str,
        done: impl Fn(&Response) -> bool,
    ) -> Response {
        let start = Instant::now();
        loop {
            let response = self.get(target);
            if done(&response) {
                return response;
            }
            if start.elapsed() > limit {
                panic!("waited {limit:?} for {what} at {target}; last response: {} {}\nserver stderr:\n{}", response.status, &response.body[..response.body.len().min(2000)], self.stderr());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A minimal HTTP/1.1 GET over a fresh connection.
pub fn get(address: &str, target: &str) -> Response {
    send(
        address,
        &format!("GET {target} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"),
    )
}

/// Sends `request` as written over a fresh connection and reads the response.
pub fn send(address: &str, request: &str) -> Response {
    let mut stream = TcpStream::connect(address).expect("connects to the server");
    stream.set_read_timeout(Some(Duration::from_secs(20))).ok();
    stream
        .write_all(request.as_bytes())
        .expect("sends the request");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("reads the response");
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let chunked = headers
        .iter()
        .any(|(n, v)| n == "transfer-encoding" && v.contains("chunked"));
    let body = if chunked {
        dechunk(body)
    } else {
        body.to_string()
    };
    Response {
        status,
        headers,
        body,
    }
}

fn dechunk(mut body: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = body.split_once("\r\n") {
        let Ok(size) = usize::from_str_radix(size.trim(), 16) else {
            break;
        };
        if size == 0 || rest.len() < size {
            break;
        }
        out.push_str(&rest[..size]);
        body = rest[size..].trim_start_matches("\r\n");
    }
    out
}
