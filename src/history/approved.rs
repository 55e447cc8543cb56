//! While a revision of a document is in review (or a draft again), the published site and
//! the PDF show its last approved version from git, so an approved policy never disappears
//! from the manual because someone started editing it. The lints still judge the working
//! copy; only what is published is the approved text.

use std::collections::HashMap;

use crate::model::{scan_documents, Isms, ScannedDocument};
use crate::source::front_matter::{self, Status};
use crate::source::soa::SoaFile;
use crate::source::{SourceDocument, SourceFile};

use super::changes::{Change, History};

/// How far back a document's history is searched for an approved version.
const MAX_REVISIONS: usize = 100;

/// What the page and the PDF say about a document shown at its last approved version.
#[derive(Clone, Debug)]
pub struct RevisionInReview {
    /// The working copy's status (`in-review` or `draft`) and version.
    pub status: Status,
    pub version: Option<String>,
    /// The commit whose version of the file is shown.
    pub approved_in: Change,
}

/// Whether a document with this status is a revision under way.
fn under_revision(status: Status) -> bool {
    matches!(status, Status::Draft | Status::InReview)
}

/// The newest version of `rel_path` in the history whose status is approved, with the
/// commit it comes from.
fn last_approved(history: &History, rel_path: &str) -> Option<(SourceDocument, Change)> {
    let blobs = history.blobs()?;
    for (change, blob) in history.changes_of(rel_path).take(MAX_REVISIONS) {
        let text = blobs.text(blob?)?;
        let parsed = front_matter::parse(rel_path, &text);
        let Some(front) = parsed.front else { continue };
        if front.status == Status::Approved {
            let file = SourceFile {
                rel_path: rel_path.to_string(),
                text,
            };
            return Some((
                SourceDocument::new(file, front, parsed.body_offset),
                change.clone(),
            ));
        }
    }
    None
}

/// `isms` with every published document under revision replaced by its last approved
/// version, when the history has one; `rebuild` makes the model of the documents again.
/// Unchanged (and not rebuilt) when no document is under revision.
pub fn show_approved(
    mut isms: Isms,
    rebuild: impl FnOnce(Vec<ScannedDocument>, Option<SoaFile>) -> Isms,
) -> Isms {
    let Some(history) = isms.history.as_ref().and_then(|h| h.history()) else {
        return isms;
    };
    let found: Vec<(SourceDocument, RevisionInReview)> = isms
        .documents
        .iter()
        .filter(|d| d.source.front.record.is_none() && under_revision(d.source.front.status))
        .filter(|d| crate::model::within_classification(&d.source, isms.config.max_classification))
        .filter_map(|d| {
            let (approved, change) = last_approved(history, d.rel_path())?;
            // The approved version must still be the same document.
            (approved.front.id.value == d.id()).then(|| {
                (
                    approved,
                    RevisionInReview {
                        status: d.source.front.status,
                        version: d.source.front.version.clone(),
                        approved_in: change,
                    },
                )
            })
        })
        .collect();
    if found.is_empty() {
        return isms;
    }
    let history = isms.history.take();
    let soa = isms.has_soa.then(|| std::mem::take(&mut isms.soa));
    let (sources, revisions): (Vec<SourceDocument>, Vec<RevisionInReview>) =
        found.into_iter().unzip();
    let paths: Vec<String> = sources.iter().map(|s| s.file.rel_path.clone()).collect();
    let mut approved: HashMap<String, ScannedDocument> = scan_documents(sources)
        .into_iter()
        .map(|d| (d.source.file.rel_path.clone(), d))
        .collect();
    let documents: Vec<ScannedDocument> = isms
        .into_documents()
        .into_iter()
        .map(|doc| approved.remove(&doc.source.file.rel_path).unwrap_or(doc))
        .collect();
    let mut rebuilt = rebuild(documents, soa);
    rebuilt.history = history;
    for (path, revision) in paths.into_iter().zip(revisions) {
        if let Some(doc) = rebuilt
            .documents
            .iter_mut()
            .find(|d| d.source.file.rel_path == path)
        {
            doc.in_review = Some(revision);
        }
    }
    rebuilt
}
