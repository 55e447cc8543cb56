//! The whole site: one pass over the documents (each page rendered once, its print.html
//! section and search terms taken from the same render), then the pages over all documents.

use std::sync::Arc;

use bytes::Bytes;
use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::model::Isms;
use crate::timings::time;

use super::{
    exports, feeds, highlight, nav, pages, put, search, templates, view, PageSink, Pieces,
    RenderError, RenderReport, Templates,
};

/// Documents rendered at a time in the document pass: enough to keep both cores busy, few
/// enough that their print sections are small to hold until they are written in order.
const DOCUMENT_CHUNK: usize = 64;

/// What the rest of the site needs from a rendered document page.
#[derive(Debug)]
pub struct DocumentParts {
    pub has_code: bool,
    /// The page has a Mermaid diagram (the site then carries the renderer).
    pub has_diagram: bool,
    /// The document's section of print.html, when it is printed.
    pub print_section: Option<Bytes>,
    pub terms: Arc<search::DocTerms>,
}

/// Document pages rendered earlier: `serve` keeps them between rebuilds so that an edit
/// re-renders only the pages it changes.
pub trait PartsCache: Sync {
    /// The parts of document `index` when its page (already in the sink) is unchanged.
    fn reuse(&self, index: usize) -> Option<Arc<DocumentParts>>;
    /// Keeps the parts of document `index`, just rendered.
    fn keep(&self, index: usize, parts: &Arc<DocumentParts>);
    /// Whether the search index is left out, to be built with `search_index` from the kept
    /// parts after the pages are shown (serve, after an edit).
    fn search_index_later(&self) -> bool {
        false
    }
    /// Whether the pages over all documents (print.html among them) are left out, to be
    /// rendered with `render_overview` and `render_print` after the document pages are
    /// shown (serve, after an edit).
    fn overview_later(&self) -> bool {
        false
    }
}

/// `build` renders every page once: nothing to reuse or keep.
struct NoCache;

impl PartsCache for NoCache {
    fn reuse(&self, _: usize) -> Option<Arc<DocumentParts>> {
        None
    }
    fn keep(&self, _: usize, _: &Arc<DocumentParts>) {}
}

/// Renders every page of the site and the theme's assets into `sink`. `diagnostics` are the
/// run's findings, shown on the home page's dashboard.
pub fn render_site(
    isms: &Isms,
    templates: &Templates,
    diagnostics: &[Diagnostic],
    sink: &dyn PageSink,
) -> Result<RenderReport, RenderError> {
    render_with_cache(isms, templates, diagnostics, sink, &NoCache)
}

/// Renders the page of document `index` and the parts of it other pages need.
pub(super) fn document_parts(
    isms: &Isms,
    templates: &Templates,
    sink: &dyn PageSink,
    print: &pages::print::PrintPlan<'_>,
    index: usize,
) -> Result<DocumentParts, RenderError> {
    let doc = &isms.documents[index];
    let body = pages::document::render(isms, templates, sink, index)?;
    let print_section = if print.prints(doc) {
        Some(Bytes::from(print.section(templates, doc, &body.html)?))
    } else {
        None
    };
    Ok(DocumentParts {
        has_code: body.has_code,
        has_diagram: body.has_diagram,
        print_section,
        terms: Arc::new(search::terms_of(doc, &body.text, &body.excerpt)),
    })
}

/// Renders every page into `sink`, taking unchanged document pages from `cache`.
///
/// First the pages over all documents (home, SoA, controls, reviews, exports, feeds), one
/// after another. Then one pass over the published documents, in handbook order and in
/// parallel chunks, renders each page once; print.html is written as the pass goes (each
/// document's section in order), and each document's search terms are kept (compactly)
/// for the index, built last. In this order the overview pages' template values (the
/// largest at 10,000 documents) and the documents' search terms are never held together.
pub fn render_with_cache(
    isms: &Isms,
    templates: &Templates,
    diagnostics: &[Diagnostic],
    sink: &dyn PageSink,
    cache: &dyn PartsCache,
) -> Result<RenderReport, RenderError> {
    let overview_pages = if cache.overview_later() {
        0
    } else {
        overview_pages(isms, templates, diagnostics, sink)?
    };
    let order = view::handbook_order(isms);
    let print = pages::print::PrintPlan::new(isms, &order);
    let mut documents = 0;
    let mut has_code = false;
    let mut has_diagram = false;
    let mut terms: Vec<Arc<search::DocTerms>> = Vec::with_capacity(order.len());
    // Renders the pages not in `cache`; the print sections go to `print_out` as they come.
    let mut pass = |mut print_out: Option<&mut dyn Pieces>| -> Result<(), RenderError> {
        for chunk in order.chunks(DOCUMENT_CHUNK) {
            let parts: Vec<(Arc<DocumentParts>, bool)> = chunk
                .par_iter()
                .map(|&index| match cache.reuse(index) {
                    Some(parts) => Ok((parts, false)),
                    None => {
                        let parts = Arc::new(document_parts(isms, templates, sink, &print, index)?);
                        cache.keep(index, &parts);
                        Ok((parts, true))
                    }
                })
                .collect::<Result<_, RenderError>>()?;
            for (parts, rendered) in parts {
                documents += usize::from(rendered);
                has_code |= parts.has_code;
                has_diagram |= parts.has_diagram;
                if let (Some(out), Some(section)) = (print_out.as_mut(), &parts.print_section) {
                    out.push(section)
                        .map_err(RenderError::writing("print.html"))?;
                }
                terms.push(Arc::clone(&parts.terms));
            }
        }
        Ok(())
    };
    if cache.overview_later() {
        // print.html is over all documents too: `render_print` follows.
        time("document pages", || pass(None))?;
    } else {
        let (print_head, print_tail) = time("print shell", || print.shell(isms, templates))?;
        let (print_head, print_tail) = (Bytes::from(print_head), Bytes::from(print_tail));
        put(
            sink,
            pages::print::RUNNING_HEADERS_CSS,
            print.running_headers_css().as_bytes(),
        )?;
        time("document pages", || {
            sink.put_streamed("print.html", &mut |out| {
                out.push(&print_head)
                    .map_err(RenderError::writing("print.html"))?;
                pass(Some(&mut *out))?;
                out.push(&print_tail)
                    .map_err(RenderError::writing("print.html"))
            })
        })?;
    }
    if !cache.search_index_later() {
        time("search index", || {
            let per_doc: Vec<&search::DocTerms> = terms.iter().map(|t| &**t).collect();
            let index = search_index(isms, &order, &per_doc).to_js();
            put(sink, "assets/search-index.js", index.as_bytes())
        })?;
    }
    drop(terms);
    time("assets", || {
        for (path, bytes) in templates::theme_assets() {
            if has_diagram || !super::diagram::is_diagram_asset(&path) {
                put(sink, &format!("assets/{path}"), bytes)?;
            }
        }
        if has_code {
            put(
                sink,
                "assets/syntax.css",
                highlight::stylesheet().as_bytes(),
            )?;
        }
        Ok::<(), RenderError>(())
    })?;
    Ok(RenderReport {
        pages: documents + overview_pages + 1,
        documents,
    })
}

/// Renders print.html from the parts of the published documents in handbook `order` (what
/// `render_with_cache` leaves out when its cache says `overview_later`).
pub fn render_print(
    isms: &Isms,
    templates: &Templates,
    sink: &dyn PageSink,
    order: &[usize],
    parts: &[&DocumentParts],
) -> Result<(), RenderError> {
    let print = pages::print::PrintPlan::new(isms, order);
    let (head, tail) = time("print shell", || print.shell(isms, templates))?;
    let (head, tail) = (Bytes::from(head), Bytes::from(tail));
    put(
        sink,
        pages::print::RUNNING_HEADERS_CSS,
        print.running_headers_css().as_bytes(),
    )?;
    sink.put_streamed("print.html", &mut |out| {
        out.push(&head)
            .map_err(RenderError::writing("print.html"))?;
        for section in parts.iter().filter_map(|p| p.print_section.as_ref()) {
            out.push(section)
                .map_err(RenderError::writing("print.html"))?;
        }
        out.push(&tail).map_err(RenderError::writing("print.html"))
    })
}

/// Renders the pages and files over all documents (what `render_with_cache` leaves out when
/// its cache says `overview_later`). Returns how many pages.
pub fn render_overview(
    isms: &Isms,
    templates: &Templates,
    diagnostics: &[Diagnostic],
    sink: &dyn PageSink,
) -> Result<usize, RenderError> {
    overview_pages(isms, templates, diagnostics, sink)
}

/// The pages and files over all documents: home and indexes, SoA and controls, reviews and
/// owners, the sidebar's tree, exports and calendars. Returns how many pages.
///
/// One after another: each is parallel where it has many pages (the control pages), and
/// side by side their template values at 10,000 documents add up to 80 MB more peak memory
/// for 0.2 s less time.
fn overview_pages(
    isms: &Isms,
    templates: &Templates,
    diagnostics: &[Diagnostic],
    sink: &dyn PageSink,
) -> Result<usize, RenderError> {
    let mut pages = 0;
    pages += time("home and indexes", || {
        pages::aggregate::render_all(isms, templates, diagnostics, sink)
    })?;
    pages += time("soa and controls", || {
        pages::controls::render_all(isms, templates, sink)
    })?;
    pages += time("frameworks", || {
        pages::frameworks::render_all(isms, templates, sink)
    })?;
    pages += time("reviews and owners", || {
        pages::reviews::render_all(isms, templates, sink)
    })?;
    for part in crate::kinds::parts() {
        pages += time(part.key, || (part.pages)(isms, templates, sink))?;
    }
    pages += time("redirects", || pages::redirects::render_all(isms, sink))?;
    pages += time("changes", || pages::changes::render(isms, templates, sink))?;
    time("nav.js", || {
        put(sink, "assets/nav.js", nav::nav_js(isms).as_bytes())
    })?;
    time("exports", || exports::write_exports(isms, sink))?;
    time("feeds", || feeds::write_feeds(isms, sink))?;
    if isms.config.pdf_in_build {
        time("pdf", || crate::pdf::put_into_site(isms, sink))?;
    }
    Ok(pages)
}

/// The search index of the published documents in handbook `order`, whose terms are
/// `per_doc` (in the same order), then of the Annex A controls and the overview pages.
pub fn search_index(
    isms: &Isms,
    order: &[usize],
    per_doc: &[&search::DocTerms],
) -> search::SearchIndex {
    let mut rows: Vec<search::Row> = order
        .iter()
        .zip(per_doc)
        .map(|(&i, terms)| search::row_of(&isms.documents[i], terms))
        .collect();
    let others: Vec<(search::Row, search::DocTerms)> = search::control_rows(isms)
        .into_iter()
        .chain(search::page_rows())
        .collect();
    let mut terms = per_doc.to_vec();
    for (row, row_terms) in &others {
        rows.push(row.clone());
        terms.push(row_terms);
    }
    search::SearchIndex::from_terms(rows, &terms)
}

/// Renders the home page, whose dashboard lists the run's `diagnostics`.
pub fn render_home(
    isms: &Isms,
    templates: &Templates,
    diagnostics: &[Diagnostic],
    sink: &dyn PageSink,
) -> Result<(), RenderError> {
    pages::aggregate::render_home(isms, templates, diagnostics, sink)
}
