//! The print view, `print.html`: the whole manual in one page for the browser's "Save as
//! PDF": a cover, a table of contents, every approved document (each starting on a new page,
//! its headings and cross-references made unique within the page), and the SoA at the end.

use std::collections::HashMap;

use rayon::prelude::*;
use serde::Serialize;

use crate::model::{Document, Isms};
use crate::render::control_rows::{rows, ControlRow};
use crate::render::markdown::render_body;
use crate::render::nav::type_anchor;
use crate::render::view::{type_heading, type_rank, ReviewView, StatusView};
use crate::render::{PageSink, RenderError, Templates};
use crate::source::Status;

use super::{render_page, Page};

#[derive(Serialize)]
struct PrintDoc<'a> {
    id: &'a str,
    title: &'a str,
    /// `doc-pol-ac`: the id of the document's section; its headings get `doc-pol-ac--…`.
    anchor: String,
    type_heading: String,
    status: StatusView,
    version: Option<&'a str>,
    owner: Option<&'a str>,
    approver: Option<&'a str>,
    approved: Option<String>,
    classification: Option<&'static str>,
    last_reviewed: Option<String>,
    review: Option<ReviewView>,
    controls: Vec<String>,
    body: String,
}

#[derive(Serialize)]
struct TocEntry<'a> {
    id: &'a str,
    title: &'a str,
    anchor: String,
}

#[derive(Serialize)]
struct TocGroup<'a> {
    heading: String,
    anchor: String,
    documents: Vec<TocEntry<'a>>,
}

#[derive(Serialize)]
struct PrintPage<'a> {
    toc: Vec<TocGroup<'a>>,
    documents: Vec<PrintDoc<'a>>,
    soa: Vec<ControlRow<'a>>,
    has_soa: bool,
    /// How many documents are in force but not approved (left out of the print).
    left_out: usize,
}

/// The section id of a document in the print view.
fn doc_anchor(doc: &Document) -> String {
    format!("doc-{}", doc.id().to_lowercase())
}

/// Rewrites a rendered body for the print page: every `id` gets the document's `prefix`;
/// in-page links follow; links to other printed documents (`docs/x.html#h`) become links
/// within the print page (`#doc-x--h`). Bodies are pulldown-cmark output, whose text never
/// holds a raw `"`, so every `="` opens an attribute value. One pass over the body.
fn localise(html: &str, prefix: &str, printed: &HashMap<&str, String>) -> String {
    let mut out = String::with_capacity(html.len() + 256);
    let mut done = 0;
    let mut from = 0;
    while let Some(found) = html[from..].find("=\"") {
        let value_start = from + found + 2;
        let Some(len) = html[value_start..].find('"') else {
            break;
        };
        let value_end = value_start + len;
        from = value_end + 1;
        let name = &html[..value_start - 2];
        let is_id = name.ends_with(" id");
        if !is_id && !name.ends_with(" href") {
            continue;
        }
        let value = &html[value_start..value_end];
        out.push_str(&html[done..value_start]);
        if is_id {
            out.push_str(prefix);
            out.push_str("--");
            out.push_str(value);
        } else if let Some(fragment) = value.strip_prefix('#') {
            out.push('#');
            out.push_str(prefix);
            out.push_str("--");
            out.push_str(fragment);
        } else {
            let (path, fragment) = value.split_once('#').unwrap_or((value, ""));
            match printed.get(path) {
                Some(anchor) => {
                    out.push('#');
                    out.push_str(anchor);
                    if !fragment.is_empty() {
                        out.push_str("--");
                        out.push_str(fragment);
                    }
                }
                None => out.push_str(value),
            }
        }
        done = value_end;
    }
    out.push_str(&html[done..]);
    out
}

/// Moves headings one level down (h2 → h3 …, h6 stays): in the print view a document's
/// title is an h2 under the manual's h1. One pass over the body.
fn demote_headings(html: &str) -> String {
    let bytes = html.as_bytes();
    let mut out = String::with_capacity(html.len());
    let mut done = 0;
    let mut from = 0;
    while let Some(found) = html[from..].find('<') {
        let at = from + found;
        from = at + 1;
        let digit = if bytes.get(at + 1) == Some(&b'/') {
            at + 3
        } else {
            at + 2
        };
        let is_heading = bytes.get(digit - 1).is_some_and(|&b| b == b'h')
            && bytes.get(digit).is_some_and(|b| (b'1'..=b'5').contains(b))
            && bytes
                .get(digit + 1)
                .is_some_and(|&b| b == b'>' || b.is_ascii_whitespace());
        if is_heading {
            out.push_str(&html[done..digit]);
            out.push(char::from(bytes[digit] + 1));
            done = digit + 1;
        }
    }
    out.push_str(&html[done..]);
    out
}

fn print_doc<'a>(
    isms: &'a Isms,
    doc: &'a Document,
    printed: &HashMap<&str, String>,
) -> PrintDoc<'a> {
    let front = &doc.source.front;
    let anchor = doc_anchor(doc);
    let body = render_body(isms, doc, "");
    PrintDoc {
        id: doc.id(),
        title: doc.title(),
        type_heading: type_heading(&doc.doc_type),
        status: front.status.into(),
        version: front.version.as_deref(),
        owner: front.owner.as_ref().map(|o| o.value.as_str()),
        approver: front.approver.as_ref().map(|o| o.value.as_str()),
        approved: front.approved.map(|d| d.to_string()),
        classification: front.classification.map(|c| c.key()),
        last_reviewed: front.last_reviewed.map(|d| d.to_string()),
        review: doc.review.as_ref().map(ReviewView::from),
        controls: doc.current_controls().map(ToString::to_string).collect(),
        body: demote_headings(&localise(&body.html, &anchor, printed)),
        anchor,
    }
}

/// Renders `print.html`.
pub fn render(isms: &Isms, templates: &Templates, sink: &dyn PageSink) -> Result<(), RenderError> {
    let mut approved: Vec<&Document> = isms
        .published()
        .map(|(_, d)| d)
        .filter(|d| d.source.front.status == Status::Approved)
        .collect();
    approved.sort_by_cached_key(|d| (type_rank(&d.doc_type), d.id().to_string()));
    let printed: HashMap<&str, String> = approved
        .iter()
        .map(|d| (d.page.as_str(), doc_anchor(d)))
        .collect();
    let documents: Vec<PrintDoc> = approved
        .par_iter()
        .map(|d| print_doc(isms, d, &printed))
        .collect();
    let mut toc: Vec<TocGroup> = Vec::new();
    for doc in &approved {
        let anchor = format!("print-{}", type_anchor(&doc.doc_type));
        if toc.last().is_none_or(|g| g.anchor != anchor) {
            toc.push(TocGroup {
                heading: type_heading(&doc.doc_type),
                anchor,
                documents: Vec::new(),
            });
        }
        if let Some(group) = toc.last_mut() {
            group.documents.push(TocEntry {
                id: doc.id(),
                title: doc.title(),
                anchor: doc_anchor(doc),
            });
        }
    }
    let left_out = isms
        .published()
        .filter(|(_, d)| matches!(d.source.front.status, Status::Draft | Status::InReview))
        .count();
    let page = PrintPage {
        toc,
        documents,
        soa: rows(isms, ""),
        has_soa: isms.has_soa,
        left_out,
    };
    render_page(
        isms,
        templates,
        sink,
        Page {
            path: "print.html",
            template: "print.html",
            title: "Print view",
            nav_key: "print",
        },
        &page,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_links_are_localised() {
        let printed: HashMap<&str, String> = [("docs/pol-is.html", "doc-pol-is".to_string())]
            .into_iter()
            .collect();
        let html = concat!(
            "<h2 id=\"scope\">Scope</h2><p><a href=\"#scope\">here</a> ",
            "<a href=\"docs/pol-is.html\" title=\"POL-IS\">IS</a> ",
            "<a href=\"docs/pol-is.html#roles\">roles</a> ",
            "<a href=\"docs/pro-x.html\">not printed</a> ",
            "<a href=\"controls/a-5-15.html\">A.5.15</a></p>"
        );
        assert_eq!(
            localise(html, "doc-pol-ac", &printed),
            concat!(
                "<h2 id=\"doc-pol-ac--scope\">Scope</h2><p><a href=\"#doc-pol-ac--scope\">here</a> ",
                "<a href=\"#doc-pol-is\" title=\"POL-IS\">IS</a> ",
                "<a href=\"#doc-pol-is--roles\">roles</a> ",
                "<a href=\"docs/pro-x.html\">not printed</a> ",
                "<a href=\"controls/a-5-15.html\">A.5.15</a></p>"
            )
        );
        assert_eq!(localise("no attributes", "p", &printed), "no attributes");
        assert_eq!(
            demote_headings("<h1>A</h1><h2 id=\"x\">B</h2><h6>C</h6><hr/><p>x<h</p><header>"),
            "<h2>A</h2><h3 id=\"x\">B</h3><h6>C</h6><hr/><p>x<h</p><header>"
        );
    }
}
