//! Links that cite a document whose status makes it unfit to rely on: drafts and retired ones.

use crate::diagnostic::{Diagnostic, Level, Location};
use crate::model::{within_classification, Document, Isms, Target};
use crate::source::Status;

/// Every reference of `doc` to another document, with where it is written.
fn document_references(doc: &Document) -> impl Iterator<Item = (usize, Location)> + '_ {
    let text = &doc.source.file.text;
    let body =
        doc.scan
            .links
            .iter()
            .zip(&doc.links)
            .filter_map(move |(link, target)| match target {
                Target::Document { index, .. } => Some((
                    *index,
                    Location::in_text(
                        doc.rel_path(),
                        text,
                        doc.source.body_offset + link.range.start,
                        link.range.len(),
                    ),
                )),
                _ => None,
            });
    let related = doc
        .source
        .front
        .related
        .iter()
        .zip(&doc.related)
        .filter_map(|(entry, target)| match target {
            Target::Document { index, .. } => Some((*index, entry.location.clone())),
            _ => None,
        });
    body.chain(related)
}

/// `link-to-draft` (from a document that is not a draft) and `link-to-retired` (from one
/// that is not retired).
pub fn links_by_status(isms: &Isms) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for doc in &isms.documents {
        let from = doc.source.front.status;
        for (index, location) in document_references(doc) {
            let target = &isms.documents[index];
            match target.source.front.status {
                Status::Draft if from != Status::Draft => out.push(
                    Diagnostic::new(
                        "link-to-draft",
                        Level::Warning,
                        format!("{} cites {}, which is a draft", doc.id(), target.id()),
                    )
                    .at(location)
                    .with_help(format!(
                        "a draft must not be relied on: approve {} or remove the reference",
                        target.id()
                    )),
                ),
                _ if doc.published && !target.published && !within_classification(&target.source, isms.config.max_classification) => out.push(
                    Diagnostic::new("link-to-unpublished", Level::Warning, format!("{} cites {}, which is classified above what this build publishes", doc.id(), target.id()))
                        .at(location)
                        .with_help("the link is shown as plain text; remove it, or publish the site for a wider classification"),
                ),
                Status::Retired if from != Status::Retired => out.push(
                    Diagnostic::new(
                        "link-to-retired",
                        Level::Warning,
                        format!("{} cites {}, which is retired", doc.id(), target.id()),
                    )
                    .at(location)
                    .with_help(format!(
                        "point to the document that replaced {}",
                        target.id()
                    )),
                ),
                _ => {}
            }
        }
    }
    out
}
