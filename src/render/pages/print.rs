//! The print view, `print.html`: the whole manual in one page for the browser's "Save as
//! PDF": a cover, a table of contents, every approved document (each starting on a new page,
//! its headings and cross-references made unique within the page), and the SoA at the end.
//!
//! At 10,000 documents the page is over 100 MB, so it is never held whole: the page's shell
//! (print.html rendered with a marker where the documents go) is written, then each
//! document's section (`_print_doc.html`) as the document pass renders its body, in
//! handbook order, then the rest of the shell.
//!
//! Each printed page carries a running header with its document's id, version and
//! classification. Chromium does not implement `position: running()` or `string-set`, but it
//! does print `@page` margin boxes and named pages: `assets/print-pages.css` gives each
//! printed document a named page whose `@top-left` and `@top-right` boxes hold its facts.

use crate::render::soa_view::SoaControlView;
use std::collections::HashMap;

use serde::Serialize;

use crate::model::{Document, Isms};
use crate::render::control_rows::{rows_with, ControlRow};
use crate::render::nav::type_anchor;
use crate::render::view::{type_heading, DocMeta};
use crate::render::{RenderError, Templates};
use crate::source::Status;

use super::base_context;

/// Where print.html's documents go: the template shows `{{ print_documents | safe }}`.
const DOCUMENTS_MARKER: &str = "<!-- annexa: the printed documents -->";

#[derive(Serialize)]
struct PrintDoc<'a> {
    #[serde(flatten)]
    meta: DocMeta<'a>,
    /// `doc-pol-ac`: the id of the document's section; its headings get `doc-pol-ac--…`.
    anchor: String,
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
struct PrintShell<'a> {
    toc: Vec<TocGroup<'a>>,
    document_count: usize,
    print_documents: &'static str,
    /// Each control's documents by id (a list of strings: an object per document would cost
    /// ~700 bytes in the template's values, 40 MB at 10,000 documents).
    soa: Vec<ControlRow<'a, &'a str>>,
    has_soa: bool,
    /// The SoA's document control (version, approval, review, history), when soa.yaml has it.
    soa_control: Option<SoaControlView<'a>>,
    /// How many documents are in force but not approved (left out of the print).
    left_out: usize,
}

/// The stylesheet of print.html's running headers (linked from print.html).
pub const RUNNING_HEADERS_CSS: &str = "assets/print-pages.css";

/// `text` as a CSS string: quoted, with `"`, `\`, control and non-ASCII characters escaped,
/// so that the file is ASCII whatever a version says.
fn css_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            ' '..='~' => out.push(c),
            other => out.push_str(&format!("\\{:x} ", u32::from(other))),
        }
    }
    out.push('"');
    out
}

/// The running header of a printed document: (left box, right box), "POL-AC · Version 2.1"
/// and "Internal".
fn running_header(doc: &Document) -> (String, String) {
    let front = &doc.source.front;
    let left = match front.version.as_deref() {
        Some(version) => format!("{} \u{b7} Version {version}", doc.id()),
        None => doc.id().to_string(),
    };
    let right = front
        .classification
        .map(|c| {
            let key = c.key();
            key[..1].to_uppercase() + &key[1..]
        })
        .unwrap_or_default();
    (left, right)
}

/// The section id of a document in the print view.
fn doc_anchor(doc: &Document) -> String {
    format!("doc-{}", doc.id().to_lowercase())
}

/// Document pages are one folder below the site root, print.html is at the root: a URL the
/// page's body leads with `../` leads without it here.
const DOCUMENT_ROOT: &str = "../";

/// Rewrites a document page's body for the print page: every `id` gets the document's
/// `prefix`; in-page links follow (`#` alone, the top of the page, leads to the section);
/// links to other printed documents (`../docs/x.html#h`)
/// become links within the print page (`#doc-x--h`); other site URLs (`href`, `src`) lose the
/// document page's `../`. Bodies are pulldown-cmark output, whose text never holds a raw `"`,
/// so every `="` opens an attribute value. One pass over the body.
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
        let is_src = name.ends_with(" src");
        if !is_id && !is_src && !name.ends_with(" href") {
            continue;
        }
        let value = &html[value_start..value_end];
        out.push_str(&html[done..value_start]);
        if is_id {
            out.push_str(prefix);
            out.push_str("--");
            out.push_str(value);
        } else if let Some(fragment) = value.strip_prefix('#') {
            // `#` alone is the top of the page: here, the top of the document's section.
            out.push('#');
            out.push_str(prefix);
            if !fragment.is_empty() {
                out.push_str("--");
                out.push_str(fragment);
            }
        } else {
            let value = value.strip_prefix(DOCUMENT_ROOT).unwrap_or(value);
            let (path, fragment) = value.split_once('#').unwrap_or((value, ""));
            match printed.get(path).filter(|_| !is_src) {
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

/// Which documents the print view holds (the approved ones among those published, in
/// handbook order) and where each one's section is.
pub struct PrintPlan<'a> {
    approved: Vec<&'a Document>,
    /// Page of each printed document → its section's id.
    printed: HashMap<&'a str, String>,
}

impl<'a> PrintPlan<'a> {
    /// The plan for the published documents of `isms` in handbook `order`.
    pub fn new(isms: &'a Isms, order: &[usize]) -> PrintPlan<'a> {
        let approved: Vec<&Document> = order
            .iter()
            .map(|&i| &isms.documents[i])
            .filter(|d| d.source.front.status == Status::Approved)
            .collect();
        let printed = approved
            .iter()
            .map(|d| (d.page.as_str(), doc_anchor(d)))
            .collect();
        PrintPlan { approved, printed }
    }

    /// `assets/print-pages.css`: a named page per printed document, its margin boxes holding
    /// the running header.
    pub fn running_headers_css(&self) -> String {
        let mut css = String::from(
            "/* annexa: the running headers of print.html, one named page per document. Generated: do not edit. */\n",
        );
        for (n, doc) in self.approved.iter().enumerate() {
            let (left, right) = running_header(doc);
            css.push_str(&format!(
                "[id={}] {{ page: annexa-doc-{n}; }}\n@page annexa-doc-{n} {{ @top-left {{ content: {}; }} @top-right {{ content: {}; }} }}\n",
                css_string(&doc_anchor(doc)),
                css_string(&left),
                css_string(&right),
            ));
        }
        css
    }

    /// Whether `doc` has a section in the print view.
    pub fn prints(&self, doc: &Document) -> bool {
        self.printed.contains_key(doc.page.as_str())
    }

    /// print.html before and after the documents' sections.
    pub fn shell(
        &self,
        isms: &Isms,
        templates: &Templates,
    ) -> Result<(String, String), RenderError> {
        let mut toc: Vec<TocGroup> = Vec::new();
        for doc in &self.approved {
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
        let shell = PrintShell {
            toc,
            document_count: self.approved.len(),
            print_documents: DOCUMENTS_MARKER,
            soa: rows_with(isms, "", |d| d.id()),
            has_soa: isms.has_soa,
            soa_control: SoaControlView::of(isms),
            left_out,
        };
        let mut context = base_context(isms, "print.html", "Print view", "print");
        context.extend(super::context_of("print.html", &shell)?);
        let html = templates.render("print.html", &context)?;
        let mut parts = html.splitn(3, DOCUMENTS_MARKER);
        match (parts.next(), parts.next(), parts.next()) {
            (Some(head), Some(tail), None) => Ok((head.to_string(), tail.to_string())),
            _ => Err(RenderError::Template(
                crate::lint::registry::TEMPLATE_ERROR
                    .report("print.html must show the printed documents exactly once")
                .at(crate::diagnostic::Location::whole_file("templates/print.html"))
                .with_help("put `{{ print_documents | safe }}` where the documents go, once; each one is rendered with _print_doc.html"),
            )),
        }
    }

    /// The print view's section of `doc`, whose page's body is `body_html`.
    pub fn section(
        &self,
        templates: &Templates,
        doc: &Document,
        body_html: &str,
    ) -> Result<String, RenderError> {
        let anchor = doc_anchor(doc);
        let view = PrintDoc {
            meta: DocMeta::new(doc),
            controls: doc.current_controls().map(ToString::to_string).collect(),
            body: demote_headings(&localise(body_html, &anchor, &self.printed)),
            anchor,
        };
        let mut context = tera::Context::new();
        context.insert("d", &view);
        context.insert("root", "");
        Ok(templates.render("_print_doc.html", &context)?)
    }
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
            "<a href=\"#\">top</a> <a href=\"../docs/pol-is.html#\">IS top</a> ",
            "<a href=\"../docs/pol-is.html\" title=\"POL-IS\">IS</a> ",
            "<a href=\"../docs/pol-is.html#roles\">roles</a> ",
            "<a href=\"../docs/pro-x.html\">not printed</a> ",
            "<img src=\"../img/x.png\" alt=\"x\"> <a href=\"https://example.org/\">out</a> ",
            "<a href=\"../controls/a-5-15.html\">A.5.15</a></p>"
        );
        assert_eq!(
            localise(html, "doc-pol-ac", &printed),
            concat!(
                "<h2 id=\"doc-pol-ac--scope\">Scope</h2><p><a href=\"#doc-pol-ac--scope\">here</a> ",
                "<a href=\"#doc-pol-ac\">top</a> <a href=\"#doc-pol-is\">IS top</a> ",
                "<a href=\"#doc-pol-is\" title=\"POL-IS\">IS</a> ",
                "<a href=\"#doc-pol-is--roles\">roles</a> ",
                "<a href=\"docs/pro-x.html\">not printed</a> ",
                "<img src=\"img/x.png\" alt=\"x\"> <a href=\"https://example.org/\">out</a> ",
                "<a href=\"controls/a-5-15.html\">A.5.15</a></p>"
            )
        );
        assert_eq!(localise("no attributes", "p", &printed), "no attributes");
        assert_eq!(
            css_string("2.1 \"beta\" \\ \u{b7}\n"),
            "\"2.1 \\\"beta\\\" \\\\ \\b7 \\a \""
        );
        assert_eq!(
            demote_headings("<h1>A</h1><h2 id=\"x\">B</h2><h6>C</h6><hr/><p>x<h</p><header>"),
            "<h2>A</h2><h3 id=\"x\">B</h3><h6>C</h6><hr/><p>x<h</p><header>"
        );
    }
}
