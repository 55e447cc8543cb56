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

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::model::Isms;

pub use templates::Templates;

/// Where rendered files go: a staging folder for `build`, memory for `serve`.
pub trait PageSink: Sync {
    /// Stores `bytes` at `path` (relative to the site root, `/`-separated).
    fn put(&self, path: &str, bytes: &[u8]) -> io::Result<()>;
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

pub(crate) fn put(sink: &dyn PageSink, path: &str, bytes: &[u8]) -> Result<(), RenderError> {
    sink.put(path, bytes).map_err(|error| RenderError::Io {
        path: path.to_string(),
        error,
    })
}

/// What a render produced.
#[derive(Debug, Default)]
pub struct RenderReport {
    pub pages: usize,
}

/// Renders every page of the site and the theme's assets into `sink`. `diagnostics` are the
/// run's findings, shown on the home page's dashboard.
pub fn render_site(
    isms: &Isms,
    templates: &Templates,
    diagnostics: &[Diagnostic],
    sink: &dyn PageSink,
) -> Result<RenderReport, RenderError> {
    let documents: Vec<usize> = isms.published().map(|(i, _)| i).collect();
    render_selected(isms, templates, diagnostics, sink, &documents)
}

/// Renders the pages of the `documents` given (indexes of published documents) and every
/// page that is not a document page (home, indexes, SoA, controls, exports, assets). `serve`
/// uses it to re-render only the documents a change affects.
pub fn render_selected(
    isms: &Isms,
    templates: &Templates,
    diagnostics: &[Diagnostic],
    sink: &dyn PageSink,
    documents: &[usize],
) -> Result<RenderReport, RenderError> {
    let mut pages = 0;
    let has_code: Vec<bool> = documents
        .par_iter()
        .map(|&i| pages::document::render(isms, templates, sink, i))
        .collect::<Result<_, _>>()?;
    pages += documents.len();
    pages += pages::aggregate::render_all(isms, templates, diagnostics, sink)?;
    pages += pages::controls::render_all(isms, templates, sink)?;
    pages += pages::reviews::render_all(isms, templates, sink)?;
    pages::print::render(isms, templates, sink)?;
    pages += 1;
    put(sink, "assets/nav.js", nav::nav_js(isms).as_bytes())?;
    let index = search::SearchIndex::of_isms(isms);
    put(sink, "assets/search-index.js", index.to_js().as_bytes())?;
    exports::write_exports(isms, sink)?;
    feeds::write_feeds(isms, sink)?;
    for (path, bytes) in templates::theme_assets() {
        put(sink, &format!("assets/{path}"), bytes)?;
    }
    if has_code.iter().any(|&c| c) {
        put(
            sink,
            "assets/syntax.css",
            highlight::stylesheet().as_bytes(),
        )?;
    }
    Ok(RenderReport { pages })
}
