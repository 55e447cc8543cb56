//! Rendering: the model to HTML pages (tera templates over ready-made views) and assets.

pub mod control_rows;
mod edits;
pub mod exports;
pub mod feeds;
pub mod highlight;
pub mod markdown;
pub mod nav;
mod pages;
pub mod sanitize;
pub mod search;
mod site;
pub mod svg;
pub mod templates;
pub mod urls;
pub mod view;

use std::io;

use bytes::Bytes;

use crate::diagnostic::Diagnostic;

pub use edits::render_body_edits;
pub use site::{
    render_home, render_site, render_with_cache, search_index, DocumentParts, PartsCache,
};
pub use templates::Templates;

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
