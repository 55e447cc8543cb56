//! Helpers shared by the integration tests: running the `annexa` binary, reading its JSON
//! diagnostics, setting up projects in temporary folders, snapshotting a built site and
//! checking every link of it.
//!
//! Each test crate uses a different subset of these helpers.
#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde::Deserialize;

pub mod serve;

/// The `annexa` binary built by Cargo for these tests.
pub fn annexa_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_annexa"))
}

/// The repository root (where Cargo.toml is).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The example project shipped in the repository.
pub fn content_example() -> PathBuf {
    repo_root().join("content-example")
}

/// A fixture project under `tests/fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    repo_root().join("tests").join("fixtures").join(name)
}

/// What one run of the binary did.
#[derive(Debug)]
pub struct Run {
    /// The exit code; a process killed by a signal gets `-signal` (e.g. -6 for an abort).
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// The diagnostics of a `--format json` run (one JSON object per stdout line).
    pub fn diagnostics(&self) -> Vec<Diag> {
        parse_json_diagnostics(&self.stdout)
    }

    /// Diagnostics of level `error`.
    pub fn errors(&self) -> Vec<Diag> {
        self.diagnostics()
            .into_iter()
            .filter(|d| d.level == "error")
            .collect()
    }

    /// Whether the process ended by a Rust panic (or a crash) rather than an orderly exit.
    pub fn panicked(&self) -> bool {
        self.code == 101 || self.code < 0 || self.stderr.contains("panicked")
    }
}

impl std::fmt::Display for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "exit code {}\n--- stdout ---\n{}\n--- stderr ---\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

fn exit_code(output: &Output) -> i32 {
    if let Some(code) = output.status.code() {
        return code;
    }
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = output.status.signal() {
            return -signal;
        }
    }
    -1000
}

/// A `Command` for the binary with a controlled environment: no colours, no
/// SOURCE_DATE_EPOCH (so "today" comes from `--today` only), no backtraces.
pub fn annexa_command<I, S>(args: I) -> Command
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let mut command = Command::new(annexa_bin());
    command
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("SOURCE_DATE_EPOCH")
        .env_remove("RUST_BACKTRACE")
        .env_remove("RUST_LOG")
        // The example and the fixtures live in annexa's own repository: its history (and a
        // shallow CI clone) must not change what they build. Tests of document control
        // make their own repositories.
        .env("GIT_CEILING_DIRECTORIES", repo_root());
    command
}

/// Runs `annexa ARGS...` to completion: (exit code, stdout, stderr).
pub fn run<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let output = annexa_command(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", annexa_bin().display()));
    Run {
        code: exit_code(&output),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// `annexa check DIR --today 2026-11-25 --format json`.
pub fn check_json(dir: &Path) -> Run {
    run([
        OsStr::new("check"),
        dir.as_os_str(),
        OsStr::new("--today"),
        OsStr::new(TODAY),
        OsStr::new("--format"),
        OsStr::new("json"),
    ])
}

/// `annexa build DIR -o OUT --today 2026-11-25 --format json`.
pub fn build_json(dir: &Path, out: &Path) -> Run {
    run([
        OsStr::new("build"),
        dir.as_os_str(),
        OsStr::new("-o"),
        out.as_os_str(),
        OsStr::new("--today"),
        OsStr::new(TODAY),
        OsStr::new("--format"),
        OsStr::new("json"),
    ])
}

/// The date the tests treat as today.
pub const TODAY: &str = "2026-11-25";

/// A place in a file, as in a diagnostic's `related` list.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Related {
    pub file: String,
    pub line: Option<u64>,
    pub column: Option<u64>,
    pub label: String,
}

/// One diagnostic of `--format json`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Diag {
    pub name: String,
    pub level: String,
    pub file: Option<String>,
    pub line: Option<u64>,
    pub column: Option<u64>,
    pub message: String,
    pub help: Option<String>,
    pub related: Vec<Related>,
}

impl Diag {
    /// (name, file, line, column): what the tests compare.
    pub fn place(&self) -> (&str, &str, Option<u64>, Option<u64>) {
        (
            &self.name,
            self.file.as_deref().unwrap_or(""),
            self.line,
            self.column,
        )
    }
}

/// Parses `--format json` output: every non-empty stdout line must be one diagnostic object.
pub fn parse_json_diagnostics(stdout: &str) -> Vec<Diag> {
    stdout
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            serde_json::from_str::<Diag>(line)
                .unwrap_or_else(|e| panic!("stdout line is not a JSON diagnostic ({e}): {line}"))
        })
        .collect()
}

/// A project (or any folder) in a temporary directory, removed when dropped.
pub struct TempProject {
    pub dir: tempfile::TempDir,
    /// The project folder inside `dir`.
    pub root: PathBuf,
}

impl TempProject {
    /// A path beside the project (inside the temporary directory), e.g. an output folder.
    pub fn beside(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Writes (or overwrites) a file of the project.
    pub fn write(&self, rel: &str, content: impl AsRef<[u8]>) {
        write_file(&self.root.join(rel), content.as_ref());
    }
}

/// A fresh temporary directory.
pub fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("cannot create a temporary directory: {e}"))
}

fn write_file(path: &Path, content: &[u8]) {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)
            .unwrap_or_else(|e| panic!("cannot create {}: {e}", parent.display()));
    }
    fs::write(path, content).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}

/// Copies the folder `from` (recursively) to `to`.
pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap_or_else(|e| panic!("cannot create {}: {e}", to.display()));
    let entries =
        fs::read_dir(from).unwrap_or_else(|e| panic!("cannot read {}: {e}", from.display()));
    for entry in entries {
        let entry = entry.unwrap_or_else(|e| panic!("cannot read {}: {e}", from.display()));
        let path = entry.path();
        let file_type = entry
            .file_type()
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let dest = to.join(entry.file_name());
        if file_type.is_dir() {
            copy_dir(&path, &dest);
        } else if file_type.is_file() {
            fs::copy(&path, &dest)
                .unwrap_or_else(|e| panic!("cannot copy {}: {e}", path.display()));
        }
    }
}

/// Copies the fixture `tests/fixtures/NAME` into a temporary directory (as `TMP/NAME`), so
/// that builds never write into the repository.
pub fn copy_fixture(name: &str) -> TempProject {
    let dir = tempdir();
    let root = dir.path().join(name);
    copy_dir(&fixture(name), &root);
    TempProject { dir, root }
}

/// Writes a project from (path, content) pairs into a temporary directory (as `TMP/project`).
pub fn write_project(files: &[(&str, &str)]) -> TempProject {
    let dir = tempdir();
    let root = dir.path().join("project");
    fs::create_dir_all(&root).unwrap_or_else(|e| panic!("cannot create {}: {e}", root.display()));
    for (rel, content) in files {
        write_file(&root.join(rel), content.as_bytes());
    }
    TempProject { dir, root }
}

/// Every entry under `root` (hidden ones included), by path relative to `root` with `/`;
/// folders end with `/`.
pub fn list_files(root: &Path) -> BTreeSet<String> {
    let mut out = BTreeMap::new();
    walk(root, root, false, &mut out);
    out.into_keys().collect()
}

/// Every entry under `root` with the bytes of each file, by path relative to `root` with
/// `/`; folders end with `/` (and have no bytes); symlinks are recorded as `-> target`.
pub fn snapshot(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    walk(root, root, true, &mut out);
    out
}

fn walk(root: &Path, dir: &Path, read: bool, out: &mut BTreeMap<String, Vec<u8>>) {
    let entries =
        fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()));
    for entry in entries {
        let entry = entry.unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()));
        let path = entry.path();
        let rel = path
            .strip_prefix(root)
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        let file_type = entry
            .file_type()
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        if file_type.is_symlink() {
            let target = fs::read_link(&path)
                .map(|t| t.to_string_lossy().into_owned())
                .unwrap_or_default();
            out.insert(rel, format!("-> {target}").into_bytes());
        } else if file_type.is_dir() {
            out.insert(format!("{rel}/"), Vec::new());
            walk(root, &path, read, out);
        } else {
            let bytes = if read {
                fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
            } else {
                Vec::new()
            };
            out.insert(rel, bytes);
        }
    }
}

/// Describes how two snapshots differ (empty when they are equal).
pub fn snapshot_diff(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    let mut out = Vec::new();
    for (path, bytes) in a {
        match b.get(path) {
            None => out.push(format!("only in the first: {path}")),
            Some(other) if other != bytes => out.push(format!("differs: {path}")),
            Some(_) => {}
        }
    }
    for path in b.keys() {
        if !a.contains_key(path) {
            out.push(format!("only in the second: {path}"));
        }
    }
    out
}

// ---------------------------------------------------------------------------------------
// HTML scanning and the link checker
// ---------------------------------------------------------------------------------------

/// One attribute of one start tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attr {
    /// The tag's name, lower case.
    pub tag: String,
    /// The attribute's name, lower case.
    pub name: String,
    /// The value with character references decoded.
    pub value: String,
    /// 1-based line of the tag.
    pub line: usize,
}

/// The tags of one page: every attribute of every start tag.
#[derive(Debug, Default)]
pub struct ScannedPage {
    /// Attributes in page order, each with the number of its tag (0 for the first tag).
    pub attrs: Vec<(usize, Attr)>,
}

impl ScannedPage {
    /// Every value of `id` attributes.
    pub fn ids(&self) -> BTreeSet<String> {
        self.attrs
            .iter()
            .filter(|(_, a)| a.name == "id")
            .map(|(_, a)| a.value.clone())
            .collect()
    }

    /// The attributes of the tag numbered `tag_index`.
    pub fn tag_attrs(&self, tag_index: usize) -> impl Iterator<Item = &Attr> {
        self.attrs
            .iter()
            .filter(move |(i, _)| *i == tag_index)
            .map(|(_, a)| a)
    }
}

/// Decodes HTML character references: `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;`, `&nbsp;`,
/// `&#39;`, `&#x2F;`. Unknown or malformed references are left as they are.
pub fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let end = after.find(';').filter(|&e| e > 0 && e <= 32);
        let decoded = end.and_then(|e| {
            let name = &after[..e];
            let c = if let Some(num) = name.strip_prefix('#') {
                let code = match num.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok(),
                    None => num.parse::<u32>().ok(),
                };
                code.and_then(char::from_u32)
            } else {
                match name {
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    "nbsp" => Some('\u{a0}'),
                    _ => None,
                }
            };
            c.map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &after[e + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Finds `needle` (ASCII) in `haystack` from `from`, ignoring ASCII case.
fn find_ascii_ci(haystack: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || haystack.len() < needle.len() {
        return None;
    }
    (from..=haystack.len() - needle.len())
        .find(|&i| haystack[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

/// Scans an HTML page for start tags and their attributes. Comments, doctype and
/// processing instructions are skipped, and so are the contents of `<script>`, `<style>`,
/// `<textarea>` and `<title>` (text, not tags). Attribute values may be double-quoted,
/// single-quoted or unquoted.
pub fn scan_html(text: &str) -> ScannedPage {
    let bytes = text.as_bytes();
    let mut page = ScannedPage::default();
    let mut tag_index = 0;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'<' {
            i += 1;
            continue;
        }
        if bytes[i..].starts_with(b"<!--") {
            i = find_ascii_ci(bytes, i + 4, b"-->").map_or(bytes.len(), |e| e + 3);
            continue;
        }
        if bytes
            .get(i + 1)
            .is_some_and(|&b| b == b'!' || b == b'?' || b == b'/')
        {
            i = bytes[i..]
                .iter()
                .position(|&b| b == b'>')
                .map_or(bytes.len(), |e| i + e + 1);
            continue;
        }
        if !bytes.get(i + 1).is_some_and(u8::is_ascii_alphabetic) {
            i += 1;
            continue;
        }
        // A start tag: its name, then attributes up to `>`.
        let tag_start = i;
        let line = line_of(text, tag_start);
        i += 1;
        let name_start = i;
        while i < bytes.len()
            && !bytes[i].is_ascii_whitespace()
            && bytes[i] != b'>'
            && bytes[i] != b'/'
        {
            i += 1;
        }
        let tag = text[name_start..i].to_ascii_lowercase();
        loop {
            while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
                i += 1;
            }
            if i >= bytes.len() {
                break;
            }
            if bytes[i] == b'>' {
                i += 1;
                break;
            }
            let attr_start = i;
            while i < bytes.len()
                && !bytes[i].is_ascii_whitespace()
                && !matches!(bytes[i], b'=' | b'>' | b'/')
            {
                i += 1;
            }
            // A stray character such as `"` must still move the scanner on.
            if i == attr_start {
                i += 1;
                continue;
            }
            let attr_name = text[attr_start..i].to_ascii_lowercase();
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            let mut value = String::new();
            if i < bytes.len() && bytes[i] == b'=' {
                i += 1;
                while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                    i += 1;
                }
                if i < bytes.len() && (bytes[i] == b'"' || bytes[i] == b'\'') {
                    let quote = bytes[i];
                    let value_start = i + 1;
                    let value_end = bytes[value_start..]
                        .iter()
                        .position(|&b| b == quote)
                        .map_or(bytes.len(), |e| value_start + e);
                    value = decode_entities(&text[value_start..value_end]);
                    i = (value_end + 1).min(bytes.len());
                } else {
                    let value_start = i;
                    while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                        i += 1;
                    }
                    value = decode_entities(&text[value_start..i]);
                }
            }
            page.attrs.push((
                tag_index,
                Attr {
                    tag: tag.clone(),
                    name: attr_name,
                    value,
                    line,
                },
            ));
        }
        tag_index += 1;
        if matches!(tag.as_str(), "script" | "style" | "textarea" | "title") {
            let closing = format!("</{tag}");
            i = find_ascii_ci(bytes, i, closing.as_bytes()).unwrap_or(bytes.len());
        }
    }
    page
}

/// Decodes `%XX` escapes of a URL path or fragment.
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(b) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The scheme of a URL (`https` in `https://x`), if it has one.
fn scheme(url: &str) -> Option<&str> {
    let colon = url.find(':')?;
    let candidate = &url[..colon];
    let mut chars = candidate.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then_some(candidate)
}

/// Schemes that leave the site (or embed data) and are not checked.
const EXTERNAL_SCHEMES: &[&str] = &["http", "https", "mailto", "tel", "data"];

/// Attributes whose value is a URL.
const URL_ATTRIBUTES: &[&str] = &["href", "src"];

/// Resolves `path` (already percent-decoded, no query or fragment) against the folder of
/// `page` (site-relative, `/`-separated). None when it climbs above the site root.
fn resolve(page: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    let segments: Vec<&str> = path.split('/').collect();
    let last = segments.len() - 1;
    for (n, segment) in segments.iter().enumerate() {
        match *segment {
            "." => {}
            "" if n != last => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    // A path ending in `/` (or `/.`, `/..`) names a folder: its index page.
    if path.is_empty() || path.ends_with('/') || segments[last] == "." || segments[last] == ".." {
        if parts.last() == Some(&"") {
            parts.pop();
        }
        parts.push("index.html");
    }
    Some(parts.join("/"))
}

fn is_html(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    lower.ends_with(".html") || lower.ends_with(".htm")
}

/// Checks every `href` and `src` of every `.html` page under `site_root`. Returns one line
/// per problem: a missing file, a missing `#fragment` (an element with that `id`), a URL
/// that starts with `/` (the site must use relative URLs only), a URL that climbs out of
/// the site, a link to a folder, or an unexpected scheme such as `javascript:`.
pub fn check_links(site_root: &Path) -> Vec<String> {
    let files: BTreeSet<String> = list_files(site_root);
    let is_dir = |rel: &str| files.contains(&format!("{rel}/"));
    let mut pages: HashMap<String, ScannedPage> = HashMap::new();
    for rel in files.iter().filter(|f| is_html(f)) {
        let text =
            fs::read(site_root.join(rel)).unwrap_or_else(|e| panic!("cannot read {rel}: {e}"));
        pages.insert(rel.clone(), scan_html(&String::from_utf8_lossy(&text)));
    }
    let mut problems = Vec::new();
    let mut page_names: Vec<&String> = pages.keys().collect();
    page_names.sort();
    for page in page_names {
        for (_, attr) in &pages[page].attrs {
            if !URL_ATTRIBUTES.contains(&attr.name.as_str()) {
                continue;
            }
            let url = attr.value.trim_matches(|c: char| c.is_ascii_whitespace());
            let here = format!(
                "{page}:{}: <{} {}=\"{}\">",
                attr.line, attr.tag, attr.name, attr.value
            );
            if url.starts_with("//") {
                continue; // protocol-relative: another host
            }
            if let Some(scheme) = scheme(url) {
                if !EXTERNAL_SCHEMES.contains(&scheme.to_ascii_lowercase().as_str()) {
                    problems.push(format!("{here}: unexpected URL scheme `{scheme}:`"));
                }
                continue;
            }
            if url.starts_with('/') || url.starts_with('\\') {
                problems.push(format!(
                    "{here}: absolute path; the site must use relative URLs only"
                ));
                continue;
            }
            let (before_fragment, fragment) = match url.split_once('#') {
                Some((p, f)) => (p, Some(percent_decode(f))),
                None => (url, None),
            };
            let path = before_fragment.split('?').next().unwrap_or(before_fragment);
            let target = if path.is_empty() {
                page.clone()
            } else {
                match resolve(page, &percent_decode(path)) {
                    Some(target) => target,
                    None => {
                        problems.push(format!("{here}: climbs out of the site root"));
                        continue;
                    }
                }
            };
            if is_dir(&target) {
                problems.push(format!(
                    "{here}: `{target}` is a folder; link to a file (e.g. {target}/index.html)"
                ));
                continue;
            }
            if !files.contains(&target) {
                problems.push(format!("{here}: `{target}` does not exist"));
                continue;
            }
            let Some(fragment) = fragment.filter(|f| !f.is_empty()) else {
                continue;
            };
            let ids = if let Some(scanned) = pages.get(&target) {
                scanned.ids()
            } else if target.to_ascii_lowercase().ends_with(".svg") {
                let text = fs::read(site_root.join(&target)).unwrap_or_default();
                scan_html(&String::from_utf8_lossy(&text)).ids()
            } else {
                continue; // fragments of other files (e.g. PDF pages) are not ids
            };
            if !ids.contains(&fragment) {
                problems.push(format!(
                    "{here}: `{target}` has no element with id=\"{fragment}\""
                ));
            }
        }
    }
    problems
}

/// Requests a page would make to other hosts when opened: `src` of any element, and
/// stylesheets, icons, preloads and manifests of `<link>`, with an absolute or
/// protocol-relative URL; and `url(...)` / `@import` in CSS files pointing elsewhere.
pub fn external_requests(site_root: &Path) -> Vec<String> {
    let leaves = |url: &str| {
        let url = url.trim();
        url.starts_with("//")
            || scheme(url).is_some_and(|s| {
                let s = s.to_ascii_lowercase();
                s != "data" && s != "mailto" && s != "tel"
            })
    };
    let mut problems = Vec::new();
    for rel in list_files(site_root) {
        let lower = rel.to_ascii_lowercase();
        if is_html(&lower) {
            let text = String::from_utf8_lossy(&fs::read(site_root.join(&rel)).unwrap_or_default())
                .into_owned();
            let page = scan_html(&text);
            let tags: BTreeSet<usize> = page.attrs.iter().map(|(i, _)| *i).collect();
            for tag in tags {
                let attrs: Vec<&Attr> = page.tag_attrs(tag).collect();
                let rel_attr = attrs
                    .iter()
                    .find(|a| a.name == "rel")
                    .map(|a| a.value.to_ascii_lowercase())
                    .unwrap_or_default();
                for a in &attrs {
                    let fetched = a.name == "src"
                        || a.name == "srcset"
                        || a.name == "poster"
                        || (a.tag == "link"
                            && a.name == "href"
                            && [
                                "stylesheet",
                                "icon",
                                "preload",
                                "modulepreload",
                                "manifest",
                                "prefetch",
                            ]
                            .iter()
                            .any(|r| rel_attr.split_whitespace().any(|w| w == *r)));
                    if fetched && leaves(&a.value) {
                        problems.push(format!(
                            "{rel}:{}: <{} {}=\"{}\"> loads from another host",
                            a.line, a.tag, a.name, a.value
                        ));
                    }
                }
            }
        } else if lower.ends_with(".css") {
            let text = String::from_utf8_lossy(&fs::read(site_root.join(&rel)).unwrap_or_default())
                .into_owned();
            for (n, line) in text.lines().enumerate() {
                let l = line.to_ascii_lowercase();
                let mut rest = l.as_str();
                while let Some(p) = rest.find("url(") {
                    let inner = rest[p + 4..].trim_start_matches([' ', '"', '\'']);
                    if leaves(inner) {
                        problems.push(format!(
                            "{rel}:{}: {} loads from another host",
                            n + 1,
                            line.trim()
                        ));
                    }
                    rest = &rest[p + 4..];
                }
                if l.contains("@import") && (l.contains("//") || l.contains("http")) {
                    problems.push(format!(
                        "{rel}:{}: {} imports from another host",
                        n + 1,
                        line.trim()
                    ));
                }
            }
        }
    }
    problems
}

/// Like `run`, but kills the process and panics if it takes longer than `limit` (a hang
/// is as bad as a crash).
pub fn run_with_timeout<I, S>(args: I, limit: std::time::Duration) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    use std::io::Read;
    use std::process::Stdio;
    let args: Vec<std::ffi::OsString> = args
        .into_iter()
        .map(|a| a.as_ref().to_os_string())
        .collect();
    let mut child = annexa_command(&args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", annexa_bin().display()));
    let mut stdout = child.stdout.take();
    let mut stderr = child.stderr.take();
    let out_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(s) = stdout.as_mut() {
            let _ = s.read_to_end(&mut buf);
        }
        buf
    });
    let err_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(s) = stderr.as_mut() {
            let _ = s.read_to_end(&mut buf);
        }
        buf
    });
    let started = std::time::Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > limit => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("annexa {args:?} did not finish within {limit:?}");
            }
            Ok(None) => std::thread::sleep(std::time::Duration::from_millis(5)),
            Err(e) => panic!("cannot wait for annexa: {e}"),
        }
    };
    let output = Output {
        status,
        stdout: out_reader.join().unwrap_or_default(),
        stderr: err_reader.join().unwrap_or_default(),
    };
    Run {
        code: exit_code(&output),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

// ---------------------------------------------------------------------------------------
// The 404 page's inline parts
// ---------------------------------------------------------------------------------------

/// The CSP source (`'sha256-…'`, standard base64) that allows an inline element with `text`.
pub fn csp_hash(text: &str) -> String {
    use sha2::{Digest, Sha256};
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let digest = Sha256::digest(text.as_bytes());
    let mut encoded = String::new();
    for chunk in digest.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | (u32::from(b) << (16 - 8 * i)));
        for i in 0..4 {
            encoded.push(if i <= chunk.len() {
                ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char
            } else {
                '='
            });
        }
    }
    format!("'sha256-{encoded}'")
}

/// The texts of the inline `<tag>` elements of `html` (`style`, or `script` without `src`).
pub fn inline_elements(html: &str, tag: &str) -> Vec<String> {
    let open = format!("<{tag}");
    let close = format!("</{tag}>");
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find(&open) {
        let after = &rest[at..];
        let Some(tag_end) = after.find('>') else {
            break;
        };
        let Some(end) = after.find(&close) else { break };
        if !after[..tag_end].contains(" src=") {
            found.push(after[tag_end + 1..end].to_string());
        }
        rest = &after[end + close.len()..];
    }
    found
}

/// (lint, file, line, column) of the diagnostics of `run` whose lint `keep` accepts, sorted.
pub fn places(run: &Run, keep: impl Fn(&str) -> bool) -> Vec<(String, String, u64, u64)> {
    let mut found: Vec<_> = run
        .diagnostics()
        .into_iter()
        .filter(|d| keep(&d.name))
        .map(|d| {
            (
                d.name.clone(),
                d.file.clone().unwrap_or_default(),
                d.line.unwrap_or(0),
                d.column.unwrap_or(0),
            )
        })
        .collect();
    found.sort();
    found
}

/// One expected (lint, file, line, column), to compare with `places`.
pub fn place(name: &str, file: &str, line: u64, column: u64) -> (String, String, u64, u64) {
    (name.into(), file.into(), line, column)
}
