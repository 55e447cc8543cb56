//! Rendering: the model to HTML pages (tera templates over ready-made views) and assets.

pub mod control_rows;
pub mod exports;
pub mod feeds;
pub mod highlight;
pub mod markdown;
pub mod nav;
mod pages;
pub mod sanitize;
pub mod search;
pub mod svg;
pub mod templates;
pub mod urls;
pub mod view;

use std::io::{self, Write};
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::model::Isms;
use crate::timings::time;

pub use templates::Templates;

/// Documents rendered at a time in the document pass: enough to keep both cores busy, few
/// enough that their print sections are small to hold until they are written in order.
const DOCUMENT_CHUNK: usize = 64;

/// Where rendered files go: a staging folder for `build`, memory for `serve`.
pub trait PageSink: Sync {
    /// Stores `bytes` at `path` (relative to the site root, `/`-separated).
    fn put(&self, path: &str, bytes: &[u8]) -> io::Result<()>;

    /// Stores the file at `path` that `write` writes piece by piece (print.html, too large
    /// to hold whole). By default the pieces are gathered and stored with `put`.
    fn put_streamed(
        &self,
        path: &str,
        write: &mut dyn FnMut(&mut dyn Write) -> Result<(), RenderError>,
    ) -> Result<(), RenderError> {
        let mut bytes = Vec::new();
        write(&mut bytes)?;
        put(self, path, &bytes)
    }
}

/// Why rendering stopped.
#[derive(Debug)]
pub enum RenderError {
    /// A template failed: the user's problem, reported like any diagnostic.
    Template(Diagnostic),
    /// Writing failed.
    Io { path: String, error: io::Error },
}

impl From<Diagnostic> for RenderError {
    fn from(d: Diagnostic) -> RenderError {
        RenderError::Template(d)
    }
}

pub(crate) fn put(
    sink: &(impl PageSink + ?Sized),
    path: &str,
    bytes: &[u8],
) -> Result<(), RenderError> {
    sink.put(path, bytes).map_err(|error| RenderError::Io {
        path: path.to_string(),
        error,
    })
}

/// What a render produced.
#[derive(Debug, Default)]
pub struct RenderReport {
    /// Pages rendered (document pages taken from a cache are not counted).
    pub pages: usize,
    /// Document pages rendered.
    pub documents: usize,
}

/// What the rest of the site needs from a rendered document page.
#[derive(Debug)]
pub struct DocumentParts {
    pub has_code: bool,
    /// The document's section of print.html, when it is printed.
    pub print_section: Option<String>,
    pub terms: Arc<search::DocTerms>,
}

/// Document pages rendered earlier: `serve` keeps them between rebuilds so that an edit
/// re-renders only the pages it changes.
pub trait PartsCache: Sync {
    /// The parts of document `index` when its page (already in the sink) is unchanged.
    fn reuse(&self, index: usize) -> Option<Arc<DocumentParts>>;
    /// Keeps the parts of document `index`, just rendered.
    fn keep(&self, index: usize, parts: &Arc<DocumentParts>);
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
fn document_parts(
    isms: &Isms,
    templates: &Templates,
    sink: &dyn PageSink,
    print: &pages::print::PrintPlan<'_>,
    index: usize,
) -> Result<DocumentParts, RenderError> {
    let doc = &isms.documents[index];
    let body = pages::document::render(isms, templates, sink, index)?;
    let print_section = if print.prints(doc) {
        Some(print.section(templates, doc, &body.html)?)
    } else {
        None
    };
    Ok(DocumentParts {
        has_code: body.has_code,
        print_section,
        terms: Arc::new(search::terms_of(doc, &body.text)),
    })
}

fn io_error(path: &str) -> impl Fn(io::Error) -> RenderError + '_ {
    move |error| RenderError::Io {
        path: path.to_string(),
        error,
    }
}

/// Renders every page into `sink`, taking unchanged document pages from `cache`.
///
/// One pass over the published documents, in handbook order and in parallel chunks, renders
/// each page once; print.html is written as the pass goes (each document's section in
/// order), and each document's search terms are kept (compactly) for the index. Then the
/// pages over all documents (home, SoA, controls, reviews, exports, feeds, index) are
/// rendered side by side.
pub fn render_with_cache(
    isms: &Isms,
    templates: &Templates,
    diagnostics: &[Diagnostic],
    sink: &dyn PageSink,
    cache: &dyn PartsCache,
) -> Result<RenderReport, RenderError> {
    let order = view::handbook_order(isms);
    let print = pages::print::PrintPlan::new(isms, &order);
    let (print_head, print_tail) = time("print shell", || print.shell(isms, templates))?;
    let mut documents = 0;
    let mut has_code = false;
    let mut terms: Vec<Arc<search::DocTerms>> = Vec::with_capacity(order.len());
    time("document pages", || {
        sink.put_streamed("print.html", &mut |out| {
            out.write_all(print_head.as_bytes())
                .map_err(io_error("print.html"))?;
            for chunk in order.chunks(DOCUMENT_CHUNK) {
                let parts: Vec<(Arc<DocumentParts>, bool)> = chunk
                    .par_iter()
                    .map(|&index| match cache.reuse(index) {
                        Some(parts) => Ok((parts, false)),
                        None => {
                            let parts =
                                Arc::new(document_parts(isms, templates, sink, &print, index)?);
                            cache.keep(index, &parts);
                            Ok((parts, true))
                        }
                    })
                    .collect::<Result<_, RenderError>>()?;
                for (parts, rendered) in parts {
                    documents += usize::from(rendered);
                    has_code |= parts.has_code;
                    if let Some(section) = &parts.print_section {
                        out.write_all(section.as_bytes())
                            .map_err(io_error("print.html"))?;
                    }
                    terms.push(Arc::clone(&parts.terms));
                }
            }
            out.write_all(print_tail.as_bytes())
                .map_err(io_error("print.html"))
        })
    })?;

    type Job<'a> = (
        &'static str,
        Box<dyn Fn() -> Result<usize, RenderError> + Send + Sync + 'a>,
    );
    let jobs: Vec<Job> = vec![
        (
            "home and indexes",
            Box::new(|| pages::aggregate::render_all(isms, templates, diagnostics, sink)),
        ),
        (
            "soa and controls",
            Box::new(|| pages::controls::render_all(isms, templates, sink)),
        ),
        (
            "reviews and owners",
            Box::new(|| pages::reviews::render_all(isms, templates, sink)),
        ),
        (
            "nav.js",
            Box::new(|| {
                put(sink, "assets/nav.js", nav::nav_js(isms).as_bytes())?;
                Ok(0)
            }),
        ),
        (
            "search index",
            Box::new(|| {
                let rows = order
                    .iter()
                    .map(|&i| search::row_of(&isms.documents[i]))
                    .collect();
                let per_doc: Vec<&search::DocTerms> = terms.iter().map(|t| &**t).collect();
                let index = search::SearchIndex::from_terms(rows, &per_doc);
                put(sink, "assets/search-index.js", index.to_js().as_bytes())?;
                Ok(0)
            }),
        ),
        (
            "exports",
            Box::new(|| {
                exports::write_exports(isms, sink)?;
                Ok(0)
            }),
        ),
        (
            "feeds",
            Box::new(|| {
                feeds::write_feeds(isms, sink)?;
                Ok(0)
            }),
        ),
        (
            "assets",
            Box::new(|| {
                for (path, bytes) in templates::theme_assets() {
                    put(sink, &format!("assets/{path}"), bytes)?;
                }
                if has_code {
                    put(
                        sink,
                        "assets/syntax.css",
                        highlight::stylesheet().as_bytes(),
                    )?;
                }
                Ok(0)
            }),
        ),
    ];
    let overview_pages: usize = jobs
        .par_iter()
        .map(|(name, job)| time(name, job))
        .collect::<Result<Vec<usize>, RenderError>>()?
        .into_iter()
        .sum();
    Ok(RenderReport {
        pages: documents + overview_pages + 1,
        documents,
    })
}
