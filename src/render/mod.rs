//! Rendering: the model to HTML pages (tera templates over ready-made views) and assets.

pub mod control_rows;
pub mod coverage_view;
pub mod diagram;
mod edits;
pub mod exports;
pub mod feeds;
pub mod framework_exports;
pub mod highlight;
pub mod markdown;
pub mod nav;
pub(crate) mod pages;
mod remote_images;
pub mod sanitize;
pub mod search;
mod site;
pub mod soa_view;
mod soa_xlsx;
pub mod svg;
pub mod templates;
pub mod urls;
pub mod view;
mod withheld;

use std::io;

use bytes::Bytes;

use crate::diagnostic::Diagnostic;

pub use edits::render_body_edits;
pub use site::{
    render_home, render_overview, render_print, render_site, render_with_cache, search_index,
    DocumentParts, PartsCache,
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

/// An `io::Write` over `Pieces`, handing them on 64 KiB at a time: a serialiser writes a
/// large file (annexa.json is 9 MB at 10,000 documents) without the whole of it in memory.
struct PieceWriter<'a> {
    out: &'a mut dyn Pieces,
    buffer: Vec<u8>,
}

const PIECE_BYTES: usize = 64 * 1024;

impl PieceWriter<'_> {
    fn hand_on(&mut self) -> io::Result<()> {
        if !self.buffer.is_empty() {
            let piece = Bytes::from(std::mem::replace(
                &mut self.buffer,
                Vec::with_capacity(PIECE_BYTES),
            ));
            self.out.push(&piece)?;
        }
        Ok(())
    }
}

impl io::Write for PieceWriter<'_> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.buffer.extend_from_slice(bytes);
        if self.buffer.len() >= PIECE_BYTES {
            self.hand_on()?;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.hand_on()
    }
}

/// Stores the file at `path` that `write` writes through an `io::Write`, a piece at a time.
pub(crate) fn put_written(
    sink: &(impl PageSink + ?Sized),
    path: &str,
    write: impl Fn(&mut dyn io::Write) -> io::Result<()>,
) -> Result<(), RenderError> {
    let io_error = RenderError::writing(path);
    sink.put_streamed(path, &mut |out| {
        let mut writer = PieceWriter {
            out,
            buffer: Vec::with_capacity(PIECE_BYTES),
        };
        write(&mut writer).map_err(&io_error)?;
        io::Write::flush(&mut writer).map_err(&io_error)
    })
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

impl RenderError {
    /// Makes an error writing the site file `path` out of an I/O error.
    pub fn writing(path: &str) -> impl Fn(io::Error) -> RenderError + '_ {
        move |error| RenderError::Io {
            path: path.to_string(),
            error,
        }
    }
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
    sink.put(path, bytes).map_err(RenderError::writing(path))
}

/// What a render produced.
#[derive(Debug, Default)]
pub struct RenderReport {
    /// Pages rendered (document pages taken from a cache are not counted).
    pub pages: usize,
    /// Document pages rendered.
    pub documents: usize,
}
