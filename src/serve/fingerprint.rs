//! What a document page is rendered from, as one number: when it is unchanged after an edit,
//! the page need not be rendered again.
//!
//! A document's own text counts as its revision: the workspace numbers each reading of a
//! file anew, so that the fingerprints of 10,000 documents do not hash their 60 MB of text
//! after every edit.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use crate::model::{Document, Isms, Target};

fn summary(doc: &Document, h: &mut DefaultHasher) {
    doc.id().hash(h);
    doc.title().hash(h);
    doc.page.hash(h);
    doc.published.hash(h);
    doc.doc_type.hash(h);
    doc.source.front.status.hash(h);
    doc.source.front.version.hash(h);
    doc.source.front.owner.as_ref().map(|o| &o.value).hash(h);
    doc.review
        .map(|r| (r.state, r.next.map(|d| d.to_string())))
        .hash(h);
}

/// Everything the page of document `index` shows: its own file (`revision`, the number of
/// the reading its text came from; its text itself when None) and where it is (the page
/// names its source path), the documents it links to (titles, states, headings), the
/// documents that link to it, and its review state.
pub fn document_fingerprint(isms: &Isms, index: usize, revision: Option<u64>) -> u64 {
    let mut h = DefaultHasher::new();
    let doc = &isms.documents[index];
    doc.rel_path().hash(&mut h);
    match revision {
        Some(revision) => revision.hash(&mut h),
        None => doc.source.file.text.hash(&mut h),
    }
    summary(doc, &mut h);
    for target in doc.links.iter().chain(&doc.related) {
        match target {
            Target::Document { index, anchor } => {
                let other = &isms.documents[*index];
                summary(other, &mut h);
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
            Target::InPage(anchor) | Target::Static(anchor) => anchor.hash(&mut h),
            Target::External => 0u8.hash(&mut h),
            Target::Broken(b) => b.message.hash(&mut h),
        }
    }
    for &referrer in &isms.referenced_by[index] {
        summary(&isms.documents[referrer], &mut h);
    }
    h.finish()
}
