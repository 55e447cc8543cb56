//! The typed front matter of a document.

use std::collections::BTreeMap;

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
    pub related: Vec<Spanned<String>>,
    pub history: Vec<HistoryEntry>,
    /// Where each top-level key was written, for diagnostics about it.
    pub key_spans: BTreeMap<String, Span>,
    /// The opening `---` line.
    pub opening: Span,
}

impl FrontMatter {
    /// Where `key` was written, or the opening line when the key is absent.
    pub fn span_of(&self, key: &str) -> Span {
        self.key_spans.get(key).copied().unwrap_or(self.opening)
    }
}
