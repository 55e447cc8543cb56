//! Reading a project: find the document files, read them, split and parse their front matter.

pub mod applicability;
mod decision;
mod discover;
mod file;
pub mod front_matter;
pub mod reasons;
pub mod soa;
pub mod table;
pub mod yaml;

pub use discover::{
    discover, is_reserved_root_dir, is_tool_dir, Discovered, FIXED_SETTINGS_DIRS, SETTINGS_DIRS,
};
pub use file::{read_sources, SourceFile};
pub use front_matter::{Classification, FrontMatter, HistoryEntry, Spanned, Status};

use crate::diagnostic::Diagnostic;

/// A document file whose front matter parsed: the file, its front matter and where the
/// Markdown body starts.
#[derive(Debug)]
pub struct SourceDocument {
    pub file: SourceFile,
    pub front: FrontMatter,
    pub body_offset: usize,
    /// Set when the body was let go to save memory (`build`, between the lints and the
    /// document pages): the hash of the whole text, to check the file when it is read again.
    released: Option<u64>,
}

/// A file's text as one number, to tell whether it changed.
fn text_hash(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut hasher);
    hasher.finish()
}

impl SourceDocument {
    pub fn new(file: SourceFile, front: FrontMatter, body_offset: usize) -> SourceDocument {
        SourceDocument {
            file,
            front,
            body_offset,
            released: None,
        }
    }

    /// The Markdown body, while it is held (empty once released).
    pub fn body(&self) -> &str {
        self.file.text.get(self.body_offset..).unwrap_or("")
    }

    /// Lets go of the body, keeping the front matter (which diagnostics point into).
    pub fn release_body(&mut self) {
        if self.released.is_none() {
            self.released = Some(text_hash(&self.file.text));
            self.file.text.truncate(self.body_offset);
            self.file.text.shrink_to_fit();
        }
    }

    /// The Markdown body: held, or read again from the file in `project` after
    /// `release_body`. An error (a diagnostic about the file) when the file changed since it
    /// was parsed or cannot be read.
    pub fn body_text(
        &self,
        project: &std::path::Path,
    ) -> Result<std::borrow::Cow<'_, str>, Diagnostic> {
        let Some(hash) = self.released else {
            return Ok(std::borrow::Cow::Borrowed(self.body()));
        };
        let mut text = file::read_one(project, &self.file.rel_path)?.text;
        if text_hash(&text) != hash {
            return Err(crate::lint::registry::FILE_CHANGED
                .report("this file changed while annexa was building the site")
                .at(crate::diagnostic::Location::whole_file(&self.file.rel_path))
                .with_help("build again once the file is saved; nothing was written"));
        }
        text.drain(..self.body_offset);
        Ok(std::borrow::Cow::Owned(text))
    }

    /// The location of `span` in this document's file.
    pub fn locate(&self, span: crate::diagnostic::Span) -> crate::diagnostic::Location {
        span.locate(&self.file.rel_path, &self.file.text)
    }

    /// Where the front matter key `key` was written (the opening line when it is absent).
    pub fn locate_key(&self, key: &str) -> crate::diagnostic::Location {
        self.locate(self.front.span_of(key))
    }
}

/// Parses the front matter of every file. Files with errors in their front matter are left
/// out (their diagnostics say why); the others are returned in file order.
pub fn parse_documents(files: Vec<SourceFile>) -> (Vec<SourceDocument>, Vec<Diagnostic>) {
    use rayon::prelude::*;
    let results: Vec<(Option<SourceDocument>, Vec<Diagnostic>)> = files
        .into_par_iter()
        .map(|file| {
            let parsed = front_matter::parse(&file.rel_path, &file.text);
            let document = parsed
                .front
                .map(|front| SourceDocument::new(file, front, parsed.body_offset));
            (document, parsed.diagnostics)
        })
        .collect();
    let mut documents = Vec::with_capacity(results.len());
    let mut diagnostics = Vec::new();
    for (document, mut found) in results {
        documents.extend(document);
        diagnostics.append(&mut found);
    }
    (documents, diagnostics)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "---\nid: POL-A\ntitle: A\n---\n# A\n\nThe body.\n";

    fn parsed(project: &std::path::Path) -> SourceDocument {
        let (files, problems) = read_sources(project, &["a.md".to_string()]);
        assert!(problems.is_empty(), "{problems:?}");
        let (mut documents, problems) = parse_documents(files);
        assert!(problems.is_empty(), "{problems:?}");
        documents.remove(0)
    }

    #[test]
    fn a_released_body_is_read_again_and_checked() {
        let Ok(dir) = tempfile::tempdir() else { return };
        std::fs::write(dir.path().join("a.md"), TEXT).ok();
        let mut document = parsed(dir.path());
        let body = document.body().to_string();
        document.release_body();
        assert_eq!(document.body(), "");
        assert!(
            document.file.text.starts_with("---\nid: POL-A"),
            "the front matter stays"
        );
        let again = document.body_text(dir.path()).map(|b| b.into_owned());
        assert_eq!(again.ok().as_deref(), Some(body.as_str()));

        std::fs::write(
            dir.path().join("a.md"),
            TEXT.replace("The body.", "Edited."),
        )
        .ok();
        let changed = document.body_text(dir.path()).err();
        assert_eq!(changed.as_ref().map(|d| d.name), Some("file-changed"));
        assert_eq!(
            changed.and_then(|d| d.location).map(|l| l.file),
            Some("a.md".to_string())
        );

        std::fs::remove_file(dir.path().join("a.md")).ok();
        let gone = document.body_text(dir.path()).err();
        assert_eq!(gone.map(|d| d.name), Some("unreadable-file"));
    }
}
