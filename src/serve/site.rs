//! The site `serve` shows, held in memory: an immutable snapshot that is swapped whole after
//! each rebuild, so a request never sees a half-written page.

use std::collections::HashMap;
use std::io;
use std::sync::Mutex;

use axum::body::Bytes;

use crate::render::{PageSink, RenderError};

/// Every file of a built site by its path (`docs/pol-ac.html`).
#[derive(Clone, Debug, Default)]
pub struct SiteFiles {
    files: HashMap<String, Bytes>,
}

impl SiteFiles {
    pub fn get(&self, path: &str) -> Option<&Bytes> {
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
        self.files.insert(path, bytes);
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
}

impl MemorySink {
    fn store(&self, path: &str, bytes: Bytes) -> io::Result<()> {
        let mut files = self
            .files
            .lock()
            .map_err(|_| io::Error::other("site lock poisoned"))?;
        files.insert(path.to_string(), bytes);
        if let Ok(mut written) = self.written.lock() {
            *written += 1;
        }
        Ok(())
    }
}

impl PageSink for MemorySink {
    fn put(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        self.store(path, Bytes::copy_from_slice(bytes))
    }

    fn put_streamed(
        &self,
        path: &str,
        write: &mut dyn FnMut(&mut dyn io::Write) -> Result<(), RenderError>,
    ) -> Result<(), RenderError> {
        let mut bytes = Vec::new();
        write(&mut bytes)?;
        self.store(path, Bytes::from(bytes))
            .map_err(|error| RenderError::Io {
                path: path.to_string(),
                error,
            })
    }
}
