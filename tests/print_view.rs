//! print.html, which annexa writes piece by piece: the shell from print.html, each approved
//! document's section from _print_doc.html (in handbook order, its URLs made to work from
//! the site root), and the errors for a print.html that does not say where documents go.

mod common;

use std::fs;

use common::{build_json, write_project, TempProject};

fn document(id: &str, title: &str, status: &str, body: &str) -> String {
    format!(
        "---\nid: {id}\ntitle: {title}\nstatus: {status}\nowner: CISO\nlast_reviewed: 2026-06-01\ncontrols: [A.5.1]\n---\n{body}"
    )
}

fn project(extra: &[(&str, &str)]) -> TempProject {
    let alpha = document(
        "POL-ALPHA",
        "Alpha Policy",
        "approved",
        "# Alpha Policy\n\n## Scope\n\nSee [[POL-BETA#rules]], [[A.5.1]], [[PRO-DRAFT]] and [the logo](../static/logo.svg).\n\n<a href=\"#\">Back to top</a>\n\n```yaml\nkey: value\n```\n",
    );
    let beta = document(
        "POL-BETA",
        "Beta Policy",
        "approved",
        "# Beta Policy\n\n## Rules\n\nBack to [[POL-ALPHA#scope]].\n",
    );
    let draft = document(
        "PRO-DRAFT",
        "Secret Draft Procedure",
        "draft",
        "# Draft\n\nNot ready.\n",
    );
    let mut files = vec![
        ("annexa.toml", "title = \"Print test\"\n"),
        ("policies/alpha.md", alpha.as_str()),
        ("policies/beta.md", beta.as_str()),
        ("procedures/draft.md", draft.as_str()),
        (
            "static/logo.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        ),
    ];
    files.extend_from_slice(extra);
    write_project(&files)
}

#[test]
fn print_view_holds_approved_documents_in_order_with_site_relative_urls() {
    let project = project(&[]);
    let out = project.beside("site");
    let run = build_json(&project.root, &out);
    assert_eq!(run.code, 0, "{run}");
    let print = fs::read_to_string(out.join("print.html")).unwrap_or_default();
    let alpha = print.find("id=\"doc-pol-alpha\"");
    let beta = print.find("id=\"doc-pol-beta\"");
    assert!(alpha.is_some() && beta.is_some(), "{print}");
    assert!(alpha < beta, "documents out of handbook order");
    assert!(print.contains("2 approved documents"), "{print}");
    // Headings are demoted and prefixed; links between printed documents stay in the page.
    assert!(
        print.contains("<h3 id=\"doc-pol-alpha--scope\">"),
        "{print}"
    );
    assert!(print.contains("href=\"#doc-pol-beta--rules\""), "{print}");
    assert!(print.contains("href=\"#doc-pol-alpha--scope\""), "{print}");
    // Other site URLs lose the document page's `../`.
    assert!(print.contains("href=\"controls/a-5-1.html\""), "{print}");
    assert!(print.contains("href=\"logo.svg\""), "{print}");
    assert!(!print.contains("href=\"../"), "{print}");
    // Every in-page link leads to an element of the page; raw `<a href="#">` (the top of
    // the document) leads to the document's section.
    let page = common::scan_html(&print);
    let ids = page.ids();
    let dangling: Vec<String> = page
        .attrs
        .iter()
        .filter(|(_, a)| a.name == "href")
        .filter_map(|(_, a)| a.value.strip_prefix('#'))
        .filter(|fragment| !ids.contains(*fragment))
        .map(str::to_string)
        .collect();
    assert!(
        dangling.is_empty(),
        "fragments without a target: {dangling:?}"
    );
    assert!(
        print.contains("<a href=\"#doc-pol-alpha\" rel=\"noopener noreferrer\">Back to top</a>"),
        "{print}"
    );
    // The draft is neither printed nor named.
    assert!(!print.contains("Secret Draft"), "{print}");
    // The highlighted code is there once, as on the document page.
    assert_eq!(print.matches("hl-code").count(), 1, "{print}");
    assert!(print.trim_end().ends_with("</html>"), "{print}");
}

#[test]
fn a_section_template_of_the_project_is_used() {
    let project = project(&[(
        "templates/_print_doc.html",
        "<article class=\"custom\" id=\"{{ d.anchor }}\">{{ d.id }}: {{ d.body | safe }}</article>\n",
    )]);
    let out = project.beside("site");
    let run = build_json(&project.root, &out);
    assert_eq!(run.code, 0, "{run}");
    let print = fs::read_to_string(out.join("print.html")).unwrap_or_default();
    assert_eq!(
        print.matches("<article class=\"custom\"").count(),
        2,
        "{print}"
    );
    assert!(print.contains("POL-BETA: "), "{print}");
}

fn print_template_error(template: &str) {
    let project = project(&[("templates/print.html", template)]);
    let out = project.beside("site");
    let run = build_json(&project.root, &out);
    assert_eq!(run.code, 1, "{run}");
    let errors = run.errors();
    assert!(
        errors.iter().any(|d| d.name == "template-error"
            && d.file.as_deref() == Some("templates/print.html")
            && d.message
                .contains("print.html must show the printed documents exactly once")),
        "{run}"
    );
    assert!(!out.exists(), "a site was written despite the error");
}

#[test]
fn print_template_without_the_documents_is_an_error() {
    print_template_error(
        "{% extends \"base.html\" %}{% block content %}<h1>Print</h1>{% endblock content %}\n",
    );
}

#[test]
fn print_template_with_the_documents_twice_is_an_error() {
    print_template_error(
        "{% extends \"base.html\" %}{% block content %}{{ print_documents | safe }}{{ print_documents | safe }}{% endblock content %}\n",
    );
}

#[test]
fn an_error_in_the_section_template_stops_the_build_and_writes_nothing() {
    let project = project(&[(
        "templates/_print_doc.html",
        "<article>{{ d.no_such_value }}</article>\n",
    )]);
    let out = project.beside("site");
    let run = build_json(&project.root, &out);
    assert_eq!(run.code, 1, "{run}");
    assert!(
        run.errors().iter().any(|d| d.name == "template-error"
            && d.file.as_deref() == Some("templates/_print_doc.html")),
        "{run}"
    );
    assert!(!out.exists(), "a site was written despite the error");
}

#[test]
fn each_printed_page_has_a_running_header_with_id_version_and_classification() {
    let alpha = "---\nid: POL-ALPHA\ntitle: Alpha Policy\nstatus: approved\nversion: '2.1 \"final\"'\nclassification: confidential\nowner: CISO\nlast_reviewed: 2026-06-01\n---\n# Alpha\n\n## Scope\n";
    let project = project(&[("policies/alpha.md", alpha)]);
    let out = project.beside("site");
    let run = build_json(&project.root, &out);
    assert_eq!(run.code, 0, "{run}");
    let print = fs::read_to_string(out.join("print.html")).unwrap_or_default();
    assert!(
        print.contains("<link rel=\"stylesheet\" href=\"assets/print-pages.css\">"),
        "print.html does not load its running headers"
    );
    let css = fs::read_to_string(out.join("assets/print-pages.css")).unwrap_or_default();
    // Each printed document's section is a named page whose top margin boxes name it.
    let page_of = |anchor: &str| {
        css.lines()
            .find_map(|l| l.strip_prefix(&format!("[id=\"{anchor}\"] {{ page: ")))
            .and_then(|rest| rest.strip_suffix("; }"))
            .unwrap_or_else(|| panic!("no named page for {anchor}:\n{css}"))
            .to_string()
    };
    let alpha_page = page_of("doc-pol-alpha");
    assert!(
        css.contains(&format!(
            "@page {alpha_page} {{ @top-left {{ content: \"POL-ALPHA \\b7  Version 2.1 \\\"final\\\"\"; }} @top-right {{ content: \"Confidential\"; }} }}"
        )),
        "{css}"
    );
    let beta_page = page_of("doc-pol-beta");
    assert_ne!(alpha_page, beta_page);
    assert!(
        css.contains(&format!(
            "@page {beta_page} {{ @top-left {{ content: \"POL-BETA\"; }} @top-right {{ content: \"\"; }} }}"
        )),
        "a document without version or classification: {css}"
    );
    assert!(
        !css.contains("PRO-DRAFT") && !css.contains("doc-pro-draft"),
        "{css}"
    );
    assert!(css.is_ascii(), "{css}");
}
