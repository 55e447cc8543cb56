//! What a document page is rendered from, as one number: when it is unchanged after an edit,
//! the page need not be rendered again.
//!
//! A document's own text counts as its revision: the workspace numbers each reading of a
//! file anew, so that the fingerprints of 10,000 documents do not hash their 60 MB of text
//! after every edit. What the pages of other documents show of a document (its summary) is
//! hashed once per document (`summaries`), not once per link to it, and is the summary view
//! the templates are given, so it cannot fall behind what the pages show.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use crate::model::{Document, Isms, Target};
use crate::render::view::DocSummary;

/// Feeds what is written into a hasher: a view value is hashed as it is serialized for the
/// templates, without building the text.
struct HashWriter<'h>(&'h mut DefaultHasher);

impl std::io::Write for HashWriter<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.write(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// What other pages show of `doc`, as one number: the summary view the templates get
/// (`DocSummary`, so a field added to it counts here without a word), its page and whether
/// it is published (what links to it show).
pub fn summary(doc: &Document) -> u64 {
    let mut h = DefaultHasher::new();
    // Serializing a view of plain strings, numbers and options into a hasher cannot fail;
    // if it ever did, the hash of what was written so far still changes with the document.
    let _ = serde_json::to_writer(HashWriter(&mut h), &DocSummary::new(doc, ""));
    doc.page.hash(&mut h);
    doc.published.hash(&mut h);
    h.finish()
}

/// What the pages of other documents show of each document (id, title, state, version,
/// owner, review), as one number per document, for `document_fingerprint`.
pub fn summaries(isms: &Isms) -> Vec<u64> {
    use rayon::prelude::*;
    isms.documents.par_iter().map(summary).collect()
}

/// Everything the page of document `index` shows: its own file (`revision`, the number of
/// the reading its text came from; its text itself when None) and where it is (the page
/// names its source path), the documents it links to (titles, states, headings), the
/// documents that link to it, and its review state.
pub fn document_fingerprint(
    isms: &Isms,
    summary_of: &dyn Fn(usize) -> u64,
    index: usize,
    revision: Option<u64>,
) -> u64 {
    let mut h = DefaultHasher::new();
    let doc = &isms.documents[index];
    doc.rel_path().hash(&mut h);
    match revision {
        Some(revision) => revision.hash(&mut h),
        None => doc.source.file.text.hash(&mut h),
    }
    summary_of(index).hash(&mut h);
    for target in doc.links.iter().chain(&doc.related) {
        match target {
            Target::Document { index, anchor } => {
                let other = &isms.documents[*index];
                summary_of(*index).hash(&mut h);
                if let Some(anchor) = anchor {
                    other
                        .scan
                        .headings
                        .iter()
                        .find(|x| &x.id == anchor)
                        .map(|x| &x.text)
                        .hash(&mut h);
                }
            }
            Target::Control(id) | Target::LegacyControl(id) => id.hash(&mut h),
            Target::FrameworkControl(control) => control.hash(&mut h),
            Target::InPage(anchor) | Target::Static(anchor) => anchor.hash(&mut h),
            Target::External => 0u8.hash(&mut h),
            Target::Empty => 1u8.hash(&mut h),
            Target::Url(url) => url.hash(&mut h),
            Target::Broken(b) => b.message.hash(&mut h),
        }
    }
    for &referrer in &isms.referenced_by[index] {
        summary_of(referrer).hash(&mut h);
    }
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::for_tests::isms_of;

    const DOC: &str = "---\nid: POL-A\ntitle: A\nstatus: approved\nowner: CISO\nversion: \"1.0\"\nlast_reviewed: 2026-01-10\n---\n# A\n";

    #[test]
    fn a_summary_follows_every_field_other_pages_show() {
        let base = summaries(&isms_of(DOC))[0];
        assert_eq!(
            base,
            summaries(&isms_of(DOC))[0],
            "the same document, the same number"
        );
        for (field, changed) in [
            ("title", DOC.replace("title: A", "title: B")),
            ("owner", DOC.replace("owner: CISO", "owner: CEO")),
            ("version", DOC.replace("\"1.0\"", "\"1.1\"")),
            ("status", DOC.replace("approved", "in-review")),
            ("review", DOC.replace("2026-01-10", "2025-01-10")),
            ("type", DOC.replace("status:", "type: standard\nstatus:")),
        ] {
            assert_ne!(base, summaries(&isms_of(&changed))[0], "{field}");
        }
        // The body is the document's own page's business, not what others show of it.
        let body = DOC.replace("# A\n", "# A\n\nMore text.\n");
        assert_eq!(base, summaries(&isms_of(&body))[0]);
    }
}
