//! Links that cite a document whose status makes it unfit to rely on: drafts and retired ones.

use crate::diagnostic::{Diagnostic, Location};
use crate::model::{within_classification, Document, Isms, Target};
use crate::source::Status;

/// Where a reference is written: a link in the body (its byte range there) or an entry of
/// `related:`. Located only when a diagnostic needs it.
enum Written<'a> {
    Body(&'a std::ops::Range<usize>),
    Related(crate::diagnostic::Span),
}

impl Written<'_> {
    fn location(&self, doc: &Document) -> Location {
        match self {
            Written::Body(range) => Location::in_text(
                doc.rel_path(),
                &doc.source.file.text,
                doc.source.body_offset + range.start,
                range.len(),
            ),
            Written::Related(span) => doc.source.locate(*span),
        }
    }
}

/// Every reference of `doc` to another document, with where it is written.
fn document_references(doc: &Document) -> impl Iterator<Item = (usize, Written<'_>)> + '_ {
    let body = doc
        .scan
        .links
        .iter()
        .zip(&doc.links)
        .filter_map(|(link, target)| match target {
            Target::Document { index, .. } => Some((*index, Written::Body(&link.range))),
            _ => None,
        });
    let related = doc
        .source
        .front
        .related
        .iter()
        .zip(&doc.related)
        .filter_map(|(entry, target)| match target {
            Target::Document { index, .. } => Some((*index, Written::Related(entry.span))),
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
        for (index, written) in document_references(doc) {
            let target = &isms.documents[index];
            // A status or classification that could not be read is reported at the target;
            // its stand-in value (draft, restricted) says nothing about the citing document.
            let target_front = &target.source.front;
            if target_front.is_invalid("status") || target_front.is_invalid("classification") {
                continue;
            }
            let location = || written.location(doc);
            match target.source.front.status {
                Status::Draft if from != Status::Draft => out.push(
                    crate::lint::registry::LINK_TO_DRAFT.report(format!("{} cites {}, which is a draft", doc.id(), target.id()),
                    )
                    .at(location())
                    .with_help(format!(
                        "a draft must not be relied on: approve {} or remove the reference",
                        target.id()
                    )),
                ),
                _ if doc.published && !target.published && !within_classification(&target.source, isms.config.max_classification) => out.push(
                    crate::lint::registry::LINK_TO_UNPUBLISHED.report(format!("{} cites {}, which is classified above what this build publishes", doc.id(), target.id()))
                        .at(location())
                        .with_help("the link is shown as plain text; remove it, or publish the site for a wider classification"),
                ),
                Status::Retired if from != Status::Retired => out.push(
                    crate::lint::registry::LINK_TO_RETIRED.report(format!("{} cites {}, which is retired", doc.id(), target.id()),
                    )
                    .at(location())
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
