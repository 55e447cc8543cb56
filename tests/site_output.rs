//! The built site as files: nothing loaded from another host, no inline script, no inline
//! event handler or style, and the Content-Security-Policy meta tag on every page.

mod common;

use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::{content_example, list_files, scan_html, ScannedPage};

/// content-example built once for this test binary (with drafts, so that every kind of
/// page is there), under Cargo's target/tmp.
fn built() -> &'static Path {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    SITE.get_or_init(|| {
        let site = Path::new(env!("CARGO_TARGET_TMPDIR")).join("site-output");
        let example = content_example();
        let run = common::run([
            OsStr::new("build"),
            example.as_os_str(),
            OsStr::new("-o"),
            site.as_os_str(),
            OsStr::new("--today"),
            OsStr::new(common::TODAY),
            OsStr::new("--drafts"),
        ]);
        assert_eq!(run.code, 0, "{run}");
        site
    })
}

/// `text_files` but for the vendored renderer (`assets/vendor/`, Mermaid), whose minified
/// code names URLs, `fetch` and `innerHTML` in code paths a diagram never takes: the text
/// tests below would only find those names. What it does in a page is checked in the
/// browser instead (tests/site_browser.rs: no request leaves the site, no console error,
/// the page's own policy).
fn theme_text_files(site: &Path, extensions: &[&str]) -> Vec<(String, String)> {
    text_files(site, extensions)
        .into_iter()
        .filter(|(file, _)| !file.starts_with("assets/vendor/"))
        .collect()
}

fn text_files(site: &Path, extensions: &[&str]) -> Vec<(String, String)> {
    list_files(site)
        .into_iter()
        .filter(|f| extensions.iter().any(|e| f.ends_with(e)))
        .map(|f| {
            let text = fs::read_to_string(site.join(&f))
                .unwrap_or_else(|e| panic!("cannot read {f}: {e}"));
            (f, text)
        })
        .collect()
}

/// Every HTML page with its text and its scanned tags, scanned once for all the tests.
fn pages() -> &'static [(String, String, ScannedPage)] {
    static PAGES: OnceLock<Vec<(String, String, ScannedPage)>> = OnceLock::new();
    PAGES.get_or_init(|| {
        text_files(built(), &[".html"])
            .into_iter()
            .map(|(file, text)| {
                let scanned = scan_html(&text);
                (file, text, scanned)
            })
            .collect()
    })
}

/// A URL that leaves the site: `http://`, `https://` or protocol-relative `//`.
fn leaves_the_site(url: &str) -> bool {
    let url = url.trim().to_ascii_lowercase();
    url.starts_with("http://") || url.starts_with("https://") || url.starts_with("//")
}

#[test]
fn nothing_points_to_another_host() {
    let site = built();
    let mut problems = Vec::new();
    let svgs: Vec<(String, String, ScannedPage)> = text_files(site, &[".svg"])
        .into_iter()
        .map(|(file, text)| {
            let scanned = scan_html(&text);
            (file, text, scanned)
        })
        .collect();
    for (file, _, scanned) in pages().iter().chain(&svgs) {
        for (_, attr) in &scanned.attrs {
            let is_url = matches!(
                attr.name.as_str(),
                "href" | "src" | "srcset" | "action" | "poster" | "xlink:href" | "data"
            );
            // The SVG namespace is a name, not a request.
            if is_url && leaves_the_site(&attr.value) {
                problems.push(format!(
                    "{file}:{}: <{} {}=\"{}\">",
                    attr.line, attr.tag, attr.name, attr.value
                ));
            }
        }
    }
    for (file, text) in theme_text_files(site, &[".css", ".html", ".js"]) {
        let lower = text.to_ascii_lowercase();
        let mut rest = lower.as_str();
        while let Some(at) = rest.find("url(") {
            let inner = rest[at + 4..].trim_start_matches([' ', '"', '\'']);
            if leaves_the_site(inner) {
                problems.push(format!("{file}: url({}", &inner[..inner.len().min(60)]));
            }
            rest = &rest[at + 4..];
        }
        if lower.contains("@import") {
            problems.push(format!("{file}: @import"));
        }
    }
    // The theme's scripts build URLs from the page's root only.
    for (file, text) in theme_text_files(site, &[".js"]) {
        for needle in [
            "http://",
            "https://",
            "fetch(",
            "xmlhttprequest",
            "websocket",
        ] {
            if text.to_ascii_lowercase().contains(needle) {
                problems.push(format!("{file}: contains `{needle}`"));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "the site refers to other hosts:\n{}",
        problems.join("\n")
    );
}

#[test]
fn scripts_come_from_files_and_no_markup_holds_code() {
    let site = built();
    let mut problems = Vec::new();
    let mut scripts = 0;
    for (file, text, scanned) in pages() {
        let lower = text.to_ascii_lowercase();
        let mut from = 0;
        while let Some(at) = lower[from..].find("<script") {
            let start = from + at;
            let Some(end) = lower[start..].find('>').map(|e| start + e + 1) else {
                problems.push(format!("{file}: unterminated <script"));
                break;
            };
            scripts += 1;
            let tag = scan_html(&text[start..end]);
            if !tag
                .attrs
                .iter()
                .any(|(_, a)| a.name == "src" && !a.value.is_empty())
                && file != "404.html"
            {
                problems.push(format!("{file}: {} has no src", &text[start..end]));
            }
            if !lower[end..].starts_with("</script>") && file != "404.html" {
                problems.push(format!("{file}: {} has a body", &text[start..end]));
            }
            from = end;
        }
        for (_, attr) in &scanned.attrs {
            if attr.name.len() > 2 && attr.name.starts_with("on") {
                problems.push(format!(
                    "{file}:{}: event handler attribute <{} {}>",
                    attr.line, attr.tag, attr.name
                ));
            }
            if attr.name == "style" {
                problems.push(format!(
                    "{file}:{}: style attribute on <{}> (the CSP blocks it)",
                    attr.line, attr.tag
                ));
            }
            if matches!(attr.name.as_str(), "href" | "src" | "action")
                && attr
                    .value
                    .trim()
                    .to_ascii_lowercase()
                    .starts_with("javascript:")
            {
                problems.push(format!("{file}:{}: javascript: URL", attr.line));
            }
        }
        if lower.contains("<style") && file != "404.html" {
            problems.push(format!("{file}: <style> element (the CSP blocks it)"));
        }
    }
    for (file, text) in theme_text_files(site, &[".js"]) {
        for needle in [
            "innerhtml",
            "outerhtml",
            "document.write",
            "eval(",
            "new function",
        ] {
            if text.to_ascii_lowercase().contains(needle) {
                problems.push(format!("{file}: uses `{needle}`"));
            }
        }
    }
    assert!(
        scripts > 100,
        "only {scripts} script tags in the whole site"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_page_carries_a_strict_content_security_policy() {
    let mut problems = Vec::new();
    let pages = pages();
    assert!(pages.len() > 100, "only {} pages", pages.len());
    for (file, text, scanned) in pages {
        let csp_tag = scanned.attrs.iter().find(|(_, a)| {
            a.tag == "meta"
                && a.name == "http-equiv"
                && a.value.eq_ignore_ascii_case("content-security-policy")
        });
        let Some((tag, _)) = csp_tag else {
            problems.push(format!("{file}: no Content-Security-Policy meta tag"));
            continue;
        };
        let policy = scanned
            .tag_attrs(*tag)
            .find(|a| a.name == "content")
            .map(|a| a.value.clone())
            .unwrap_or_default();
        let directive = |name: &str| {
            policy
                .split(';')
                .map(str::trim)
                .find(|d| d.split_whitespace().next() == Some(name))
                .map(str::to_string)
        };
        // The 404 page, self-contained, allows its own inline stylesheet and script by
        // their hashes, and nothing else.
        let (style_src, script_src) = if file == "404.html" {
            let hashes = |tag| {
                common::inline_elements(text, tag)
                    .iter()
                    .map(|t| format!(" {}", common::csp_hash(t)))
                    .collect::<String>()
            };
            let (style, script) = (hashes("style"), hashes("script"));
            if style.is_empty() || script.is_empty() {
                problems.push(format!("{file}: no inline stylesheet or script"));
            }
            (
                format!("style-src 'self'{style}"),
                format!("script-src 'self'{script}"),
            )
        } else {
            (
                "style-src 'self'".to_string(),
                "script-src 'self'".to_string(),
            )
        };
        for (name, expected) in [
            ("default-src", "default-src 'self'"),
            ("script-src", script_src.as_str()),
            ("style-src", style_src.as_str()),
            ("object-src", "object-src 'none'"),
            ("base-uri", "base-uri 'none'"),
        ] {
            if directive(name).as_deref() != Some(expected) {
                problems.push(format!(
                    "{file}: expected `{expected}`, the policy is `{policy}`"
                ));
            }
        }
        if policy.contains("unsafe-") || policy.contains('*') || policy.contains("http") {
            problems.push(format!("{file}: the policy is not strict: `{policy}`"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn pages_do_not_grow_with_the_number_of_documents() {
    // Neither the home page nor an ordinary page lists every document: the sidebar's tree
    // is in assets/nav.js, the full index on documents.html only.
    let site = built();
    let read = |rel: &str| fs::read_to_string(site.join(rel)).unwrap_or_default();
    let nav = read("assets/nav.js");
    assert!(nav.starts_with("/* annexa navigation"), "{nav:.80}");
    let documents = list_files(site)
        .into_iter()
        .filter(|f| f.starts_with("docs/") && f.ends_with(".html"))
        .collect::<Vec<_>>();
    assert!(documents.len() > 30);
    for page in [
        "index.html",
        "coverage.html",
        "docs/pol-ac.html",
        "controls/a-5-15.html",
    ] {
        let html = read(page);
        let linked = documents
            .iter()
            .filter(|d| html.contains(&format!("{d}\"")))
            .count();
        assert!(
            linked < documents.len() / 2,
            "{page} links to {linked} of {} document pages",
            documents.len()
        );
    }
    for doc in &documents {
        assert!(nav.contains(&format!("\"{doc}\"")), "nav.js lacks {doc}");
    }
    let search = read("assets/search-index.js");
    assert!(search.contains("window.annexaSearchIndex = {"));
}

/// The JSON a generated script assigns to `window.NAME`.
fn assigned_json(script: &str, name: &str) -> serde_json::Value {
    let json = script
        .split_once(&format!("window.{name} = "))
        .and_then(|(_, rest)| rest.trim_end().strip_suffix(';'))
        .unwrap_or_else(|| panic!("the script does not assign window.{name}"));
    serde_json::from_str(json).unwrap_or_else(|e| panic!("window.{name} is not JSON: {e}"))
}

#[test]
fn the_navigation_tree_and_the_search_index_point_at_real_pages() {
    let site = built();
    let read = |rel: &str| fs::read_to_string(site.join(rel)).unwrap_or_default();
    let files = list_files(site);
    let mut problems = Vec::new();
    let mut check = |url: &str, from: &str| {
        let (path, fragment) = url.split_once('#').unwrap_or((url, ""));
        if !files.contains(path) {
            problems.push(format!("{from}: {url}: no such page"));
        } else if !fragment.is_empty() && !read(path).contains(&format!("id=\"{fragment}\"")) {
            problems.push(format!("{from}: {url}: no id {fragment}"));
        }
    };
    fn walk(node: &serde_json::Value, out: &mut Vec<String>) {
        for doc in node["docs"].as_array().into_iter().flatten() {
            out.push(doc[2].as_str().unwrap_or("").to_string());
        }
        for folder in node["folders"].as_array().into_iter().flatten() {
            walk(folder, out);
        }
    }
    let nav = assigned_json(&read("assets/nav.js"), "annexaNav");
    let mut nav_docs = Vec::new();
    for section in nav["sections"].as_array().expect("sections") {
        check(section["href"].as_str().unwrap_or(""), "nav.js");
        walk(section, &mut nav_docs);
    }
    for url in &nav_docs {
        check(url, "nav.js");
    }
    let index = assigned_json(&read("assets/search-index.js"), "annexaSearchIndex");
    assert_eq!(index["format"], "annexa-search/2");
    let rows = index["rows"].as_array().expect("rows");
    // Every row (document, control, overview page) leads to a page of the site.
    for row in rows {
        check(row[5].as_str().unwrap_or(""), "search-index.js");
    }
    let kind_count = |kind: &str| rows.iter().filter(|r| r[0] == kind).count();
    let control_pages = files
        .iter()
        .filter(|f| f.starts_with("controls/") && f.ends_with(".html"))
        .count();
    assert_eq!(kind_count("c"), control_pages, "a row per control page");
    assert!(kind_count("p") >= 8, "rows for the overview pages");
    let pages = files
        .iter()
        .filter(|f| f.starts_with("docs/") && f.ends_with(".html"))
        .count();
    assert_eq!(
        nav_docs.len(),
        pages,
        "nav.js lists every document page once"
    );
    assert_eq!(
        kind_count("d"),
        pages,
        "the search index lists every document page once"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_sidebar_opens_with_the_pinned_documents_and_hides_no_document_in_a_folder_of_one() {
    // content-example's annexa.toml: `pinned = ["ISMS-SCOPE", …]`, read here on its own.
    let toml = fs::read_to_string(content_example().join("annexa.toml")).unwrap_or_default();
    let pinned: Vec<String> = toml
        .lines()
        .find_map(|l| l.strip_prefix("pinned = "))
        .map(|list| {
            list.trim_matches(|c| c == '[' || c == ']')
                .split(',')
                .map(|id| id.trim().trim_matches('"').to_string())
                .collect()
        })
        .unwrap_or_default();
    assert!(pinned.contains(&"ISMS-POL".to_string()), "{pinned:?}");
    let read = |rel: &str| fs::read_to_string(built().join(rel)).unwrap_or_default();
    let nav = assigned_json(&read("assets/nav.js"), "annexaNav");
    let shown: Vec<&str> = nav["pinned"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|d| d[0].as_str())
        .collect();
    assert_eq!(
        shown, pinned,
        "the pinned documents, in annexa.toml's order"
    );
    for doc in nav["pinned"].as_array().into_iter().flatten() {
        let url = doc[2].as_str().unwrap_or("");
        assert!(built().join(url).is_file(), "pinned {url}");
    }
    // The information security policy is at the top of the policies, in no folder.
    let policies = nav["sections"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|s| s["key"] == "type-policy")
        .expect("a Policies section");
    assert_eq!(policies["docs"][0][0], "ISMS-POL", "{policies}");
    // Folders are named for readers, and none holds a single document.
    fn folders(node: &serde_json::Value, out: &mut Vec<(String, usize)>) {
        for folder in node["folders"].as_array().into_iter().flatten() {
            let docs = folder["docs"].as_array().map_or(0, Vec::len);
            out.push((folder["label"].as_str().unwrap_or("").to_string(), docs));
            folders(folder, out);
        }
    }
    let mut all = Vec::new();
    for section in nav["sections"].as_array().into_iter().flatten() {
        folders(section, &mut all);
    }
    assert!(all.contains(&("ISMS procedures".to_string(), 5)), "{all:?}");
    for (label, docs) in &all {
        assert!(
            !label.contains('/') && *docs != 1,
            "folder {label:?} with {docs} documents"
        );
    }
}

/// The policy of the `Content-Security-Policy` meta tag of a page.
fn policy_of(html: &str) -> String {
    let scanned = scan_html(html);
    scanned
        .attrs
        .iter()
        .find(|(_, a)| a.tag == "meta" && a.name == "http-equiv")
        .and_then(|(tag, _)| scanned.tag_attrs(*tag).find(|a| a.name == "content"))
        .map(|a| a.value.clone())
        .unwrap_or_default()
}

#[test]
fn only_pages_with_a_diagram_load_mermaid_and_allow_its_inline_styles() {
    let project = common::fixture("diagrams");
    let out = common::tempdir();
    let site = out.path().join("site");
    let run = common::run([
        OsStr::new("build"),
        project.as_os_str(),
        OsStr::new("-o"),
        site.as_os_str(),
        OsStr::new("--today"),
        OsStr::new(common::TODAY),
    ]);
    assert_eq!(run.code, 0, "{run}");
    let read = |rel: &str| fs::read_to_string(site.join(rel)).unwrap_or_default();

    let diagram = read("docs/pro-inc.html");
    let strict = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'";
    assert_eq!(
        policy_of(&diagram),
        strict.replace(
            "style-src 'self';",
            "style-src 'self'; style-src-elem 'self' 'unsafe-inline'; style-src-attr 'unsafe-inline';"
        )
    );
    assert!(diagram.contains("<script src=\"../assets/vendor/mermaid.min.js\" defer></script>"));
    assert!(diagram.contains("<script src=\"../assets/diagrams.js\" defer></script>"));
    // Without JavaScript the source shows, escaped; the YAML block is still highlighted.
    assert!(
        diagram.contains("<pre class=\"code diagram-source\"><code class=\"language-mermaid\">flowchart LR\n  report[Event reported] --&gt; triage{Security incident?}"),
        "{diagram}"
    );
    assert!(diagram.contains("<pre class=\"code hl-code\"><code class=\"language-yaml\">"));
    assert!(diagram.contains("assets/syntax.css"));

    let plain = read("docs/pol-plain.html");
    assert_eq!(policy_of(&plain), strict);
    assert!(!plain.contains("mermaid.min.js") && !plain.contains("diagrams.js"));
    assert!(plain.contains("<code class=\"language-text\">mermaid is only a word here"));

    // The print view loads no renderer: its diagrams are their source text.
    let print = read("print.html");
    assert_eq!(policy_of(&print), strict);
    assert!(!print.contains("mermaid.min.js"));
    assert!(print.contains("class=\"code diagram-source\""));

    // The renderer ships with its licence, and other pages do not mention it.
    let vendored = fs::metadata(site.join("assets/vendor/mermaid.min.js")).map(|m| m.len());
    assert!(
        vendored.as_ref().is_ok_and(|len| *len > 1_000_000),
        "{vendored:?}"
    );
    assert!(read("assets/vendor/mermaid.LICENSE.txt").contains("MIT License"));
    for rel in ["index.html", "soa.html", "documents.html"] {
        assert!(!read(rel).contains("mermaid"), "{rel} mentions mermaid");
    }
    // A site without a diagram (content-example) is written without the renderer.
    for rel in ["assets/vendor", "assets/diagrams.js"] {
        assert!(
            !built().join(rel).exists(),
            "{rel} in a site without diagrams"
        );
    }
}
