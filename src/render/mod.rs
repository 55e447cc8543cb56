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

use std::io;
use std::sync::Arc;

use bytes::Bytes;

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

    /// Stores the file at `path` that `write` hands over piece by piece (print.html, too
    /// large to hold whole). By default the pieces are gathered and stored with `put`.
    fn put_streamed(
        &self,
        path: &str,
        write: &mut dyn FnMut(&mut dyn Pieces) -> Result<(), RenderError>,
    ) -> Result<(), RenderError> {
        let mut bytes = Vec::new();
        write(&mut bytes)?;
        put(self, path, &bytes)
    }
}

/// Where the pieces of a streamed file go, in order: a file for `build`; for `serve` the
/// pieces themselves (shared, not copied), so that an edit re-renders one piece.
pub trait Pieces {
    fn push(&mut self, piece: &Bytes) -> io::Result<()>;
}

impl Pieces for Vec<u8> {
    fn push(&mut self, piece: &Bytes) -> io::Result<()> {
        self.extend_from_slice(piece);
        Ok(())
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
        Some(Bytes::from(print.section(templates, doc, &body.html)?))
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
    let (print_head, print_tail) = (Bytes::from(print_head), Bytes::from(print_tail));
    let mut documents = 0;
    let mut has_code = false;
    let mut terms: Vec<Arc<search::DocTerms>> = Vec::with_capacity(order.len());
    time("document pages", || {
        sink.put_streamed("print.html", &mut |out| {
            out.push(&print_head).map_err(io_error("print.html"))?;
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
                        out.push(section).map_err(io_error("print.html"))?;
                    }
                    terms.push(Arc::clone(&parts.terms));
                }
            }
            out.push(&print_tail).map_err(io_error("print.html"))
        })
    })?;

    // The index first, on both cores, so that every document's terms can go before the
    // other pages over all documents are built.
    time("search index", || {
        let per_doc: Vec<&search::DocTerms> = terms.iter().map(|t| &**t).collect();
        let index = search_index(isms, &order, &per_doc).to_js();
        put(sink, "assets/search-index.js", index.as_bytes())
    })?;
    drop(terms);

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
    // One after another: each is parallel where it has many pages (the control pages), and
    // side by side their template values at 10,000 documents add up to 80 MB more peak
    // memory for 0.2 s less time.
    let overview_pages: usize = jobs
        .iter()
        .map(|(name, job)| time(name, job))
        .collect::<Result<Vec<usize>, RenderError>>()?
        .into_iter()
        .sum();
    Ok(RenderReport {
        pages: documents + overview_pages + 1,
        documents,
    })
}

/// The search index of the published documents in handbook `order`, whose terms are
/// `per_doc` (in the same order).
pub fn search_index(
    isms: &Isms,
    order: &[usize],
    per_doc: &[&search::DocTerms],
) -> search::SearchIndex {
    let rows = order
        .iter()
        .map(|&i| search::row_of(&isms.documents[i]))
        .collect();
    search::SearchIndex::from_terms(rows, per_doc)
}

/// Re-renders after edits that changed only the bodies of the `changed` documents: not their
/// front matter, headings, links, control mentions or amount of raw HTML, so that what other
/// pages show of them is as it was. Renders their pages, print.html (the other documents'
/// sections from `cache`, its shell from `print_ends`, the pieces before and after the
/// documents) and, when one of them cites a 2013 control, transition.html (which shows the
/// line). The search index is left to `search_index`. Returns None when the parts of a
/// document are missing from `cache`: the caller then renders everything.
pub fn render_body_edits(
    isms: &Isms,
    templates: &Templates,
    sink: &dyn PageSink,
    cache: &dyn PartsCache,
    changed: &[usize],
    print_ends: &(Bytes, Bytes),
) -> Result<Option<RenderReport>, RenderError> {
    let order = view::handbook_order(isms);
    let mut parts: Vec<Option<Arc<DocumentParts>>> = order
        .iter()
        .map(|&i| {
            if changed.contains(&i) {
                None
            } else {
                cache.reuse(i)
            }
        })
        .collect();
    if parts
        .iter()
        .zip(&order)
        .any(|(p, i)| p.is_none() && !changed.contains(i))
    {
        return Ok(None);
    }
    let print = pages::print::PrintPlan::new(isms, &order);
    let fresh: Vec<(usize, Arc<DocumentParts>)> = changed
        .par_iter()
        .map(|&index| {
            let rendered = Arc::new(document_parts(isms, templates, sink, &print, index)?);
            cache.keep(index, &rendered);
            Ok((index, rendered))
        })
        .collect::<Result<_, RenderError>>()?;
    for (index, rendered) in fresh {
        if let Some(at) = order.iter().position(|&i| i == index) {
            parts[at] = Some(rendered);
        }
    }
    sink.put_streamed("print.html", &mut |out| {
        out.push(&print_ends.0).map_err(io_error("print.html"))?;
        for section in parts
            .iter()
            .flatten()
            .filter_map(|p| p.print_section.as_ref())
        {
            out.push(section).map_err(io_error("print.html"))?;
        }
        out.push(&print_ends.1).map_err(io_error("print.html"))
    })?;
    let mut pages = changed.len() + 1;
    let cites_2013 = changed.iter().any(|&i| {
        let doc = &isms.documents[i];
        !doc.scan.legacy_mentions.is_empty()
            || doc
                .links
                .iter()
                .any(|t| matches!(t, crate::model::Target::LegacyControl(_)))
    });
    if cites_2013 {
        pages::controls::transition_page(isms, templates, sink)?;
        pages += 1;
    }
    Ok(Some(RenderReport {
        pages,
        documents: changed.len(),
    }))
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
