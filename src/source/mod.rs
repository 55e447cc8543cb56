//! Reading a project: find the document files, read them, split and parse their front matter.

mod discover;
mod file;
pub mod front_matter;
pub mod soa;
mod yaml_errors;

pub use discover::{discover, Discovered};
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
}

impl SourceDocument {
    pub fn body(&self) -> &str {
        &self.file.text[self.body_offset..]
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
            let document = parsed.front.map(|front| SourceDocument {
                file,
                front,
                body_offset: parsed.body_offset,
            });
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
