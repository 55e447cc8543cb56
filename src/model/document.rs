//! A document of the ISMS as the rest of annexa sees it: source, type, page, links, controls.

use crate::catalog::ControlId;
use crate::source::SourceDocument;

use super::body::BodyScan;

/// What a link in a body or a `related:` entry points at once resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// Another document (by index), optionally at a heading id.
    Document {
        index: usize,
        anchor: Option<String>,
    },
    /// An ISO/IEC 27001:2022 control.
    Control(ControlId),
    /// An ISO/IEC 27001:2013 control, shown with its 2022 successor(s).
    LegacyControl(ControlId),
    /// A control of another enabled framework (`[[PR.AA-01]]`, `[[acme:IAM-01]]`).
    FrameworkControl(crate::catalog::ControlRef),
    /// A heading of the same document.
    InPage(String),
    /// A file of the project's `static/` folder, by its path in the site.
    Static(String),
    /// A URL annexa does not check (http, mailto, absolute paths).
    External,
    /// An address outside the site that annexa made: a site-absolute path no alias claims,
    /// on the web site of annexa.toml's `[links] origin`.
    Url(String),
    /// Nothing between the parentheses (`[text]()`): shown as its text, as GitHub does.
    Empty,
    /// Nothing matches: the diagnostic to report.
    Broken(Broken),
}

/// Why a reference does not resolve.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Broken {
    pub lint: &'static crate::lint::Lint,
    pub message: String,
    pub help: Option<String>,
}

/// A control listed in `controls:`, normalised against the catalogue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ControlRef {
    Current(ControlId),
    Legacy(ControlId),
    /// A control of another enabled framework (`PR.AA-01`, `acme-baseline:IAM-01`).
    Other(crate::catalog::ControlRef),
    /// An id that several enabled frameworks list.
    Ambiguous(Vec<crate::catalog::ControlRef>),
    Unknown,
}

/// One document of the ISMS.
#[derive(Debug)]
pub struct Document {
    pub source: SourceDocument,
    /// `type:` or, when absent, the type its folder implies.
    pub doc_type: String,
    /// Path of its page in the site, e.g. `docs/pol-ac.html`.
    pub page: String,
    pub scan: BodyScan,
    /// One entry per link of `scan.links`, in the same order.
    pub links: Vec<Target>,
    /// One entry per `related:` item, in the same order.
    pub related: Vec<Target>,
    /// One entry per `controls:` item, in the same order.
    pub controls: Vec<ControlRef>,
    /// Whether the document gets a page in this build (drafts only with `--drafts`).
    pub published: bool,
    /// The review date and state; None for retired documents.
    pub review: Option<super::review::Review>,
    /// Set when the document is shown at its last approved version from git while its
    /// working copy is a revision in review (`build`, `pdf` and `pack`).
    pub in_review: Option<crate::history::RevisionInReview>,
}

impl Document {
    pub fn id(&self) -> &str {
        &self.source.front.id.value
    }

    pub fn title(&self) -> &str {
        &self.source.front.title
    }

    pub fn rel_path(&self) -> &str {
        &self.source.file.rel_path
    }

    /// The 2022 controls this document lists, normalised, without repeats.
    pub fn current_controls(&self) -> impl Iterator<Item = &ControlId> {
        let mut seen = std::collections::HashSet::new();
        self.controls.iter().filter_map(move |c| match c {
            ControlRef::Current(id) if seen.insert(id) => Some(id),
            _ => None,
        })
    }
}

/// The type a folder implies: `policies/…` → `policy`. Unknown folders give `document`.
pub fn type_from_folder(rel_path: &str) -> String {
    let folder = rel_path
        .split('/')
        .next()
        .filter(|_| rel_path.contains('/'));
    let known = match folder.map(str::to_lowercase).as_deref() {
        Some("policies" | "policy") => "policy",
        Some("procedures" | "procedure") => "procedure",
        Some("standards" | "standard") => "standard",
        Some("guidelines" | "guideline") => "guideline",
        Some("plans" | "plan") => "plan",
        Some("records" | "record") => "record",
        Some("manuals" | "manual") => "manual",
        _ => "document",
    };
    known.to_string()
}

/// The page of a document id: ids are case-insensitive, so pages use the lower-case id.
pub fn page_for_id(id: &str) -> String {
    format!("docs/{}.html", id.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_types() {
        assert_eq!(type_from_folder("policies/ac.md"), "policy");
        assert_eq!(type_from_folder("Procedures/x/y.md"), "procedure");
        assert_eq!(type_from_folder("isms/scope.md"), "document");
        assert_eq!(type_from_folder("top.md"), "document");
    }
}
