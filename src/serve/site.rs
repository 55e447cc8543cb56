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

    /// Whether the two files have the same bytes. Pieces shared with the last rebuild are
    /// the same without comparing their bytes.
    fn same(&self, other: &SiteFile) -> bool {
        fn same_piece(a: &Bytes, b: &Bytes) -> bool {
            (a.as_ptr() == b.as_ptr() && a.len() == b.len()) || a == b
        }
        match (self, other) {
            (SiteFile::Pieces(a), SiteFile::Pieces(b)) if a.len() == b.len() => {
                a.iter().zip(b.iter()).all(|(a, b)| same_piece(a, b))
            }
            (SiteFile::Whole(a), SiteFile::Whole(b)) => same_piece(a, b),
            _ => self.bytes() == other.bytes(),
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
    files: Mutex<Written>,
}

#[derive(Default)]
struct Written {
    site: SiteFiles,
    paths: Vec<String>,
    /// The files written with other bytes than the base had, or new.
    changed: Vec<String>,
}

/// What a sink ends with.
pub struct Finished {
    pub site: SiteFiles,
    /// The paths of the files written into the sink, sorted.
    pub written: Vec<String>,
    /// The paths of those whose bytes changed (or that are new), sorted.
    pub changed: Vec<String>,
}

impl MemorySink {
    pub fn new(base: SiteFiles) -> MemorySink {
        MemorySink {
            files: Mutex::new(Written {
                site: base,
                ..Written::default()
            }),
        }
    }

    /// The files, which were written into this sink, and which of those changed.
    pub fn finish(self) -> Finished {
        let mut written = self
            .files
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        for paths in [&mut written.paths, &mut written.changed] {
            paths.sort();
            paths.dedup();
        }
        Finished {
            site: written.site,
            written: written.paths,
            changed: written.changed,
        }
    }

    fn store(&self, path: &str, file: SiteFile) -> io::Result<()> {
        let mut written = self
            .files
            .lock()
            .map_err(|_| io::Error::other("site lock poisoned"))?;
        if written.site.file(path).is_none_or(|old| !old.same(&file)) {
            written.changed.push(path.to_string());
        }
        written.site.insert_file(path.to_string(), file);
        written.paths.push(path.to_string());
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
        let Finished {
            site,
            written,
            changed,
        } = sink.finish();
        assert_eq!(written, vec!["print.html".to_string()]);
        assert_eq!(changed, vec!["print.html".to_string()]);
        let file = site.file("print.html").cloned();
        assert!(matches!(&file, Some(SiteFile::Pieces(p)) if p.len() == 3));
        assert_eq!(
            site.get("print.html").as_deref(),
            Some(&b"<html><body><p>a</p></body></html>"[..])
        );
    }

    #[test]
    fn only_files_with_other_bytes_are_changed() {
        let mut base = SiteFiles::default();
        base.insert("a.html".into(), Bytes::from_static(b"a"));
        base.insert("b.html".into(), Bytes::from_static(b"b"));
        let sink = MemorySink::new(base);
        for (path, bytes) in [("a.html", &b"a"[..]), ("b.html", b"B"), ("c.html", b"c")] {
            assert!(sink.put(path, bytes).is_ok());
        }
        let finished = sink.finish();
        assert_eq!(finished.written.len(), 3);
        assert_eq!(
            finished.changed,
            vec!["b.html".to_string(), "c.html".to_string()]
        );
    }
}
