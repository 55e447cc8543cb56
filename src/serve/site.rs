//! The site `serve` shows, held in memory: an immutable snapshot that is swapped whole after
//! each rebuild, so a request never sees a half-written page.

use std::collections::HashMap;
use std::io;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;

use crate::render::{PageSink, Pieces, RenderError};

/// A file of the site: whole, or the pieces it is made of (print.html: its shell and one
/// section per document, shared with the next rebuild, which replaces only the pieces of
/// the documents it re-renders).
#[derive(Clone, Debug)]
pub enum SiteFile {
    Whole(Bytes),
    Pieces(Arc<[Bytes]>),
}

impl SiteFile {
    /// The file's bytes in one buffer (a copy when it is made of pieces).
    pub fn bytes(&self) -> Bytes {
        match self {
            SiteFile::Whole(bytes) => bytes.clone(),
            SiteFile::Pieces(pieces) => Bytes::from(pieces.concat()),
        }
    }

    /// The pieces, in order (one piece for a whole file).
    pub fn pieces(&self) -> Vec<Bytes> {
        match self {
            SiteFile::Whole(bytes) => vec![bytes.clone()],
            SiteFile::Pieces(pieces) => pieces.to_vec(),
        }
    }
}

/// Every file of a built site by its path (`docs/pol-ac.html`).
#[derive(Clone, Debug, Default)]
pub struct SiteFiles {
    files: HashMap<String, SiteFile>,
}

impl SiteFiles {
    /// The bytes of the file at `path`.
    pub fn get(&self, path: &str) -> Option<Bytes> {
        self.files.get(path).map(SiteFile::bytes)
    }

    /// The file at `path`, as stored.
    pub fn file(&self, path: &str) -> Option<&SiteFile> {
        self.files.get(path)
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    pub fn remove(&mut self, path: &str) {
        self.files.remove(path);
    }

    pub fn paths(&self) -> impl Iterator<Item = &String> {
        self.files.keys()
    }

    pub fn insert(&mut self, path: String, bytes: Bytes) {
        self.files.insert(path, SiteFile::Whole(bytes));
    }

    fn insert_file(&mut self, path: String, file: SiteFile) {
        self.files.insert(path, file);
    }
}

/// A sink that collects rendered files on top of a copy of the previous site.
pub struct MemorySink {
    files: Mutex<SiteFiles>,
    written: Mutex<usize>,
}

impl MemorySink {
    pub fn new(base: SiteFiles) -> MemorySink {
        MemorySink {
            files: Mutex::new(base),
            written: Mutex::new(0),
        }
    }

    /// The files, and how many were written into this sink.
    pub fn finish(self) -> (SiteFiles, usize) {
        let files = self
            .files
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let written = self
            .written
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        (files, written)
    }

    fn store(&self, path: &str, file: SiteFile) -> io::Result<()> {
        let mut files = self
            .files
            .lock()
            .map_err(|_| io::Error::other("site lock poisoned"))?;
        files.insert_file(path.to_string(), file);
        if let Ok(mut written) = self.written.lock() {
            *written += 1;
        }
        Ok(())
    }
}

/// The pieces of a streamed file, kept as they are.
struct KeptPieces(Vec<Bytes>);

impl Pieces for KeptPieces {
    fn push(&mut self, piece: &Bytes) -> io::Result<()> {
        self.0.push(piece.clone());
        Ok(())
    }
}

impl PageSink for MemorySink {
    fn put(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        self.store(path, SiteFile::Whole(Bytes::copy_from_slice(bytes)))
    }

    fn put_streamed(
        &self,
        path: &str,
        write: &mut dyn FnMut(&mut dyn Pieces) -> Result<(), RenderError>,
    ) -> Result<(), RenderError> {
        let mut pieces = KeptPieces(Vec::new());
        write(&mut pieces)?;
        self.store(path, SiteFile::Pieces(pieces.0.into()))
            .map_err(RenderError::writing(path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streamed_files_keep_their_pieces() {
        let sink = MemorySink::new(SiteFiles::default());
        let head = Bytes::from_static(b"<html><body>");
        let tail = Bytes::from_static(b"</body></html>");
        let result = sink.put_streamed("print.html", &mut |out| {
            for piece in [&head, &Bytes::from_static(b"<p>a</p>"), &tail] {
                out.push(piece)
                    .map_err(RenderError::writing("print.html"))?;
            }
            Ok(())
        });
        assert!(result.is_ok());
        let (site, written) = sink.finish();
        assert_eq!(written, 1);
        let file = site.file("print.html").cloned();
        assert!(matches!(&file, Some(SiteFile::Pieces(p)) if p.len() == 3));
        assert_eq!(
            site.get("print.html").as_deref(),
            Some(&b"<html><body><p>a</p></body></html>"[..])
        );
    }
}
