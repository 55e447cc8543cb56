//! Document control from git: a shallow clone whose history is cut, a document whose file
//! changed after its approval without a new version or history entry, and a review date
//! written ahead of the file's last change.

use super::registry::{CHANGED_AFTER_APPROVAL, REVIEW_AHEAD_OF_CHANGE, SHALLOW_HISTORY};
use crate::diagnostic::{Diagnostic, Location};
use crate::history::{Blobs, Change, History};
use crate::model::{Document, Isms};
use crate::source::front_matter::{self, FrontMatter};
use crate::source::Status;

fn history(isms: &Isms) -> Option<&History> {
    isms.history.as_ref()?.history()
}

/// `shallow-history`: a shallow clone (CI's default) cuts the history, so last changes and
/// changes after approval cannot be told.
pub fn shallow(isms: &Isms) -> Vec<Diagnostic> {
    let Some(history) = history(isms).filter(|h| h.shallow) else {
        return Vec::new();
    };
    let boundary = history
        .commits
        .iter()
        .filter(|c| c.boundary)
        .map(|c| c.date)
        .max();
    let since = boundary
        .map(|d| format!(" (it starts on {d})"))
        .unwrap_or_default();
    vec![SHALLOW_HISTORY
        .report(format!(
            "the git clone is shallow{since}: changes before its first commit are missing, so last changes may be too recent and changes after approval go unseen"
        ))
        .at(Location::whole_file("."))
        .with_help(
            "fetch the full history: `git fetch --unshallow`; in GitHub Actions give actions/checkout `fetch-depth: 0`",
        )]
}

/// A document's front matter as committed in an older revision.
fn front_at(blobs: &Blobs, doc: &Document, blob: gix::ObjectId) -> Option<FrontMatter> {
    let text = blobs.text(blob)?;
    front_matter::parse(doc.rel_path(), &text).front
}

/// `changed-after-approval`: an approved document whose file changed in a commit dated
/// after its `approved:` date, although neither `version:` nor `history:` says so. The
/// approved revision is the first commit that recorded this `approved:` date; only commits
/// after it count.
pub fn changed_after_approval(isms: &Isms) -> Vec<Diagnostic> {
    let Some(history) = history(isms) else {
        return Vec::new();
    };
    let Some(blobs) = history.blobs() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for doc in &isms.documents {
        let front = &doc.source.front;
        let (Status::Approved, Some(approved)) = (front.status, front.approved) else {
            continue;
        };
        // Oldest first; a shallow clone's boundary stands for unknown older history.
        let changes: Vec<(&Change, Option<gix::ObjectId>)> =
            history.changes_of(doc.rel_path()).collect();
        let mut oldest_first = changes.iter().rev();
        let Some(position) = oldest_first.position(|(_, blob)| {
            blob.and_then(|b| front_at(&blobs, doc, b))
                .is_some_and(|f| f.status == Status::Approved && f.approved == Some(approved))
        }) else {
            continue;
        };
        let approved_index = changes.len() - 1 - position;
        let Some(baseline) = changes[approved_index]
            .1
            .and_then(|b| front_at(&blobs, doc, b))
        else {
            continue;
        };
        let later: Vec<&Change> = changes[..approved_index]
            .iter()
            .map(|(c, _)| *c)
            .filter(|c| !c.boundary && c.date > approved)
            .collect();
        let Some(newest) = later.first() else {
            continue;
        };
        if front.version != baseline.version || front.history.len() > baseline.history.len() {
            continue;
        }
        let version = front
            .version
            .as_deref()
            .map(|v| format!("its version is still {v}"))
            .unwrap_or_else(|| "it has no version".to_string());
        let commits = if later.len() == 1 {
            format!(
                "commit {} on {}: \"{}\"",
                newest.short(),
                newest.date,
                newest.summary
            )
        } else {
            format!(
                "{} commits, the last {} on {}: \"{}\"",
                later.len(),
                newest.short(),
                newest.date,
                newest.summary
            )
        };
        out.push(
            CHANGED_AFTER_APPROVAL
                .report(format!(
                    "{} changed after its approval on {approved} ({commits}), but {version} and no history entry records the change",
                    doc.id()
                ))
                .at(doc.source.locate_key("approved"))
                .with_help(
                    "for an editorial change add a `history:` entry; otherwise raise `version:`, set `status: in-review` and have it approved again (a new `approved:` date)",
                ),
        );
    }
    out
}

/// `review-ahead-of-change`: `last_reviewed:` lies more than the review interval after the
/// file's last commit. Setting the date changes the file, so the date was written long
/// before the review it claims (or the review was never committed).
pub fn review_ahead(isms: &Isms) -> Vec<Diagnostic> {
    let Some(history) = history(isms) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for doc in &isms.documents {
        let front = &doc.source.front;
        let Some(reviewed) = front.last_reviewed else {
            continue;
        };
        let Some(last) = history.last_change(doc.rel_path()).filter(|c| !c.boundary) else {
            continue;
        };
        let interval = front.review_every.unwrap_or(isms.config.default_review);
        if interval.after(last.date) >= reviewed {
            continue;
        }
        out.push(
            REVIEW_AHEAD_OF_CHANGE
                .report(format!(
                    "{} says it was reviewed on {reviewed}, but its file last changed on {} (commit {}), more than {interval} earlier",
                    doc.id(),
                    last.date,
                    last.short()
                ))
                .at(doc.source.locate_key("last_reviewed"))
                .with_help(
                    "set `last_reviewed:` in the commit that records the review, on the day it took place",
                ),
        );
    }
    out
}
