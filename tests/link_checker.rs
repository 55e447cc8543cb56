//! The link checker of `common` on tiny hand-made sites: it must pass a good site and
//! catch each kind of broken link, or the site tests that rely on it prove nothing.

mod common;

use common::{
    check_links, decode_entities, external_requests, scan_html, write_project, TempProject,
};

/// A site from (path, content) pairs; the site root is the project folder.
fn site(files: &[(&str, &str)]) -> TempProject {
    write_project(files)
}

/// A small site in which every link is good.
const GOOD: &[(&str, &str)] = &[
    (
        "index.html",
        r##"<!DOCTYPE html>
<html><head><title>Home <a href="/not-a-tag.html"></title>
<link rel="stylesheet" href="assets/style.css">
<script>var x = '<a href="/in-a-script.html">';</script>
<style>a[href="/in-a-style"] { color: red }</style>
</head>
<body>
<!-- <a href="missing-in-a-comment.html"> -->
<a href="docs/a.html">A</a>
<a href='docs/a.html#scope'>A, scope (single quotes)</a>
<a href=docs/a.html#scope>A, scope (unquoted)</a>
<A HREF="docs/a.html#r%C3%A9sum%C3%A9">percent-encoded fragment</A>
<a href="docs&#x2F;a.html?print=1&amp;x=2#scope">entities and a query</a>
<a href="docs/">folder with an index</a>
<a href="#top" id="top">this page</a>
<a href="">this page, empty</a>
<a href="https://example.org/x">external</a>
<a href="mailto:isms@example.org">mail</a>
<a href="tel:+4930123">phone</a>
<img src="data:image/png;base64,AAAA" alt="">
<img src="logo.svg#mark" alt="">
<a href="evidence/report.pdf#page=2">a PDF page</a>
<a href="//cdn.example.org/x.js">protocol-relative: another host, not checked</a>
</body></html>
"##,
    ),
    ("assets/style.css", "body { color: black }\n"),
    (
        "docs/a.html",
        r#"<html><body>
<h2 id="scope">Scope</h2>
<h2 id="résumé">Résumé</h2>
<a href="../index.html#top">home</a>
<a href="./a.html#scope">itself</a>
<a href="index.html">folder index</a>
</body></html>
"#,
    ),
    (
        "docs/index.html",
        "<html><body><a href=\"a.html\">a</a></body></html>\n",
    ),
    (
        "logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><g id=\"mark\"></g></svg>\n",
    ),
    ("evidence/report.pdf", "%PDF-1.4\n"),
];

#[test]
fn a_good_site_has_no_problems() {
    let s = site(GOOD);
    let problems = check_links(&s.root);
    assert!(problems.is_empty(), "{problems:#?}");
}

/// The good site with one more page; returns the problems found.
fn problems_with(page: &str) -> Vec<String> {
    let mut files = GOOD.to_vec();
    files.push(("docs/extra.html", page));
    check_links(&site(&files).root)
}

#[test]
fn a_missing_file_is_a_problem() {
    let problems = problems_with(r#"<a href="b.html">b</a>"#);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(
        problems[0].contains("docs/extra.html:1:"),
        "{}",
        problems[0]
    );
    assert!(
        problems[0].contains("`docs/b.html` does not exist"),
        "{}",
        problems[0]
    );
}

#[test]
fn a_missing_fragment_is_a_problem() {
    let problems = problems_with(r#"<a href="a.html#no-such-heading">a</a>"#);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(
        problems[0].contains("has no element with id=\"no-such-heading\""),
        "{}",
        problems[0]
    );
}

#[test]
fn a_missing_fragment_on_the_same_page_is_a_problem() {
    let problems = problems_with(
        r##"<h2 id="here">Here</h2><a href="#there">there</a><a href="#here">here</a>"##,
    );
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(
        problems[0].contains("`docs/extra.html` has no element with id=\"there\""),
        "{}",
        problems[0]
    );
}

#[test]
fn an_absolute_path_is_a_problem_even_if_the_file_exists() {
    let problems = problems_with(r#"<a href="/docs/a.html">a</a><img src="/logo.svg">"#);
    assert_eq!(problems.len(), 2, "{problems:#?}");
    assert!(
        problems.iter().all(|p| p.contains("relative URLs only")),
        "{problems:#?}"
    );
}

#[test]
fn a_link_out_of_the_site_is_a_problem() {
    let problems = problems_with(r#"<a href="../../outside.html">out</a>"#);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(
        problems[0].contains("climbs out of the site root"),
        "{}",
        problems[0]
    );
}

#[test]
fn a_broken_src_is_a_problem() {
    let problems = problems_with(r#"<img src="../missing.png" alt="">"#);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(
        problems[0].contains("`missing.png` does not exist"),
        "{}",
        problems[0]
    );
}

#[test]
fn a_folder_without_index_is_a_problem() {
    let problems =
        problems_with(r#"<a href="../assets/">assets</a><a href="../assets">assets</a>"#);
    assert_eq!(problems.len(), 2, "{problems:#?}");
    assert!(
        problems[0].contains("`assets/index.html` does not exist"),
        "{}",
        problems[0]
    );
    assert!(problems[1].contains("is a folder"), "{}", problems[1]);
}

#[test]
fn javascript_urls_are_a_problem() {
    let problems = problems_with(r#"<a href="javascript:alert(1)">x</a>"#);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(
        problems[0].contains("unexpected URL scheme `javascript:`"),
        "{}",
        problems[0]
    );
}

#[test]
fn entities_are_decoded_before_checking() {
    // `&amp;` in the fragment means the id is `a&b`; `&#x2F;` is `/`.
    let good = problems_with(
        r##"<p id="a&amp;b"></p><a href="#a&amp;b">x</a><a href="..&#x2F;index.html">h</a>"##,
    );
    assert!(good.is_empty(), "{good:#?}");
    let bad = problems_with(r##"<p id="a&amp;b"></p><a href="#a&amp;amp;b">x</a>"##);
    assert_eq!(bad.len(), 1, "{bad:#?}");
}

#[test]
fn the_scanner_reads_attributes_in_every_quoting_style() {
    let page = scan_html(
        "<a\nhref = 'x.html' data-x=\"1 > 0\" id=top class=a>t</a><br/><img src=\"i.png\"/>",
    );
    let found: Vec<(String, String, String, usize)> = page
        .attrs
        .iter()
        .map(|(_, a)| (a.tag.clone(), a.name.clone(), a.value.clone(), a.line))
        .collect();
    let expected = [
        ("a", "href", "x.html", 1),
        ("a", "data-x", "1 > 0", 1),
        ("a", "id", "top", 1),
        ("a", "class", "a", 1),
        ("img", "src", "i.png", 2),
    ];
    let expected: Vec<(String, String, String, usize)> = expected
        .iter()
        .map(|(t, n, v, l)| (t.to_string(), n.to_string(), v.to_string(), *l))
        .collect();
    // Lines are those of the tag's `<`: the `<img>` comes after the newline inside `<a\n`.
    assert_eq!(found, expected);
}

#[test]
fn entity_decoding() {
    assert_eq!(
        decode_entities("a&amp;b&lt;&gt;&quot;&#39;&#x2F;&#47;&nbsp;"),
        "a&b<>\"'//\u{a0}"
    );
    assert_eq!(
        decode_entities("AT&T & co; &unknown; &#xZZ;"),
        "AT&T & co; &unknown; &#xZZ;"
    );
}

#[test]
fn external_requests_are_found() {
    let s = site(&[
        (
            "index.html",
            r#"<link rel="stylesheet" href="https://cdn.example.org/x.css">
<link rel="canonical" href="https://isms.example.org/index.html">
<script src="//cdn.example.org/x.js"></script>
<a href="https://example.org">a link is not a request</a>
<img src="logo.svg">"#,
        ),
        ("assets/style.css", "@font-face { src: url(\"https://fonts.example.org/f.woff2\") }\nbody { background: url(bg.png) }\n"),
    ]);
    let problems = external_requests(&s.root);
    assert_eq!(problems.len(), 3, "{problems:#?}");
}
