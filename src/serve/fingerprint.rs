//! What a document page is rendered from, as one number: when it is unchanged after an edit,
//! the page need not be rendered again.
//!
//! A document's own text counts as its revision: the workspace numbers each reading of a
//! file anew, so that the fingerprints of 10,000 documents do not hash their 60 MB of text
//! after every edit. What the pages of other documents show of a document (its summary) is
//! hashed once per document (`summaries`), not once per link to it.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use crate::model::{Document, Isms, Target};

fn summary(doc: &Document) -> u64 {
    let mut h = DefaultHasher::new();
    doc.id().hash(&mut h);
    doc.title().hash(&mut h);
    doc.page.hash(&mut h);
    doc.published.hash(&mut h);
    doc.doc_type.hash(&mut h);
    doc.source.front.status.hash(&mut h);
    doc.source.front.version.hash(&mut h);
    doc.source
        .front
        .owner
        .as_ref()
        .map(|o| &o.value)
        .hash(&mut h);
    doc.review.map(|r| (r.state, r.next)).hash(&mut h);
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
    summaries: &[u64],
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
    summaries[index].hash(&mut h);
    for target in doc.links.iter().chain(&doc.related) {
        match target {
            Target::Document { index, anchor } => {
                let other = &isms.documents[*index];
                summaries[*index].hash(&mut h);
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
            Target::Broken(b) => b.message.hash(&mut h),
        }
    }
    for &referrer in &isms.referenced_by[index] {
        summaries[referrer].hash(&mut h);
    }
    h.finish()
}
