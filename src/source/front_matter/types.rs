//! The typed front matter of a document.

use jiff::civil::Date;
use serde::Serialize;

use crate::calendar::Interval;
use crate::diagnostic::Span;

/// A value and the place in the file it was written (`SourceDocument::locate` makes it a
/// location).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

/// Where a document is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Draft,
    InReview,
    Approved,
    Retired,
}

impl Status {
    pub const ALL: [Status; 4] = [
        Status::Draft,
        Status::InReview,
        Status::Approved,
        Status::Retired,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::InReview => "in-review",
            Status::Approved => "approved",
            Status::Retired => "retired",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::Draft => "Draft",
            Status::InReview => "In review",
            Status::Approved => "Approved",
            Status::Retired => "Retired",
        }
    }
}

/// How widely a document may be shared, from least to most restricted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Classification {
    Public,
    Internal,
    Confidential,
    Restricted,
}

impl Classification {
    pub const ALL: [Classification; 4] = [
        Classification::Public,
        Classification::Internal,
        Classification::Confidential,
        Classification::Restricted,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Classification::Public => "public",
            Classification::Internal => "internal",
            Classification::Confidential => "confidential",
            Classification::Restricted => "restricted",
        }
    }
}

/// One line of a document's change history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HistoryEntry {
    pub version: Option<String>,
    pub date: Option<Date>,
    pub change: String,
    pub author: Option<String>,
}

/// A document's front matter, checked and typed.
#[derive(Clone, Debug)]
pub struct FrontMatter {
    pub id: Spanned<String>,
    pub title: String,
    /// `type:` as written, lower case; None when the folder decides.
    pub doc_type: Option<String>,
    pub status: Status,
    pub version: Option<String>,
    pub owner: Option<Spanned<String>>,
    pub approver: Option<Spanned<String>>,
    pub approved: Option<Date>,
    pub classification: Option<Classification>,
    pub last_reviewed: Option<Date>,
    pub review_every: Option<Interval>,
    pub next_review: Option<Date>,
    pub controls: Vec<Spanned<String>>,
    /// `clauses:`: the clauses of ISO/IEC 27001:2022 the document fulfils (each known to
    /// the clause catalogue, as written there: `4.3`).
    pub clauses: Vec<Spanned<String>>,
    pub related: Vec<Spanned<String>>,
    pub history: Vec<HistoryEntry>,
    /// `aliases:`: site-absolute paths of the document on an earlier site, each usable
    /// (see `alias::alias_file`).
    pub aliases: Vec<Spanned<String>>,
    /// Where each known top-level key was written, for diagnostics about it.
    pub key_spans: KeySpans,
    /// The opening `---` line.
    pub opening: Span,
    /// Known keys whose value could not be used (its error is reported): the field is left
    /// unset and the document kept, and checks that would only restate that error about
    /// the unset field (never reviewed, no owner, cites a draft) skip it.
    pub invalid: Vec<&'static str>,
    /// A record's kind, status and own fields; None for a document.
    pub record: Option<Box<crate::kinds::Record>>,
}

impl FrontMatter {
    /// Whether `key` was written with a value that could not be used.
    pub fn is_invalid(&self, key: &str) -> bool {
        self.invalid.contains(&key)
    }

    /// Where `key` was written, or the opening line when the key is absent.
    pub fn span_of(&self, key: &str) -> Span {
        self.key_spans.get(key).unwrap_or(self.opening)
    }
}

/// Where the known keys of a front matter were written (unknown ones are reported while
/// parsing and never looked up again): a short list, since every document has one.
#[derive(Clone, Debug, Default)]
pub struct KeySpans(Vec<(&'static str, Span)>);

impl KeySpans {
    /// Records `key` (ignored unless it is one of `known`).
    pub fn insert(&mut self, known: &[&'static str], key: &str, span: Span) {
        if let Some(&name) = known.iter().find(|&&k| k == key) {
            self.0.retain(|(k, _)| *k != name);
            self.0.push((name, span));
        }
    }

    pub fn get(&self, key: &str) -> Option<Span> {
        self.0
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, span)| *span)
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }
}
