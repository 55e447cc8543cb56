//! The 2013 → 2022 transition: every ISO/IEC 27001:2013 control id still cited in the
//! project, where, and its 2022 successor(s).

use std::collections::BTreeMap;

use crate::catalog::ControlId;
use crate::diagnostic::Location;

use super::{ControlRef, Document, Target};

/// How a 2013 id is cited.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum CitationKind {
    /// In the document's `controls:` list.
    FrontMatter,
    /// As `[[A.x.y.z]]`.
    Link,
    /// As plain text in the body.
    Text,
}

impl CitationKind {
    pub fn label(self) -> &'static str {
        match self {
            CitationKind::FrontMatter => "controls list",
            CitationKind::Link => "cross-reference",
            CitationKind::Text => "text",
        }
    }
}

/// One place a 2013 id is cited.
#[derive(Clone, Debug)]
pub struct Citation {
    pub document: usize,
    pub kind: CitationKind,
    pub location: Location,
}

/// Every cited 2013 id (in id order) with the places it is cited (document order).
pub fn legacy_citations(documents: &[Document]) -> BTreeMap<ControlId, Vec<Citation>> {
    let mut cited: BTreeMap<ControlId, Vec<Citation>> = BTreeMap::new();
    for (index, doc) in documents.iter().enumerate() {
        let text = &doc.source.file.text;
        let file = doc.rel_path();
        let body_at = |range: &std::ops::Range<usize>| {
            Location::in_text(
                file,
                text,
                doc.source.body_offset + range.start,
                range.len(),
            )
        };
        for (entry, control) in doc.source.front.controls.iter().zip(&doc.controls) {
            if let ControlRef::Legacy(id) = control {
                cited.entry(id.clone()).or_default().push(Citation {
                    document: index,
                    kind: CitationKind::FrontMatter,
                    location: doc.source.locate(entry.span),
                });
            }
        }
        for (link, target) in doc.scan.links.iter().zip(&doc.links) {
            if let Target::LegacyControl(id) = target {
                cited.entry(id.clone()).or_default().push(Citation {
                    document: index,
                    kind: CitationKind::Link,
                    location: body_at(&link.range),
                });
            }
        }
        for (id, range) in &doc.scan.legacy_mentions {
            // A `[[A.x.y.z]]` is already counted as a link.
            let inside_link = doc
                .scan
                .links
                .iter()
                .any(|l| l.range.start <= range.start && range.end <= l.range.end);
            if !inside_link {
                cited.entry(id.clone()).or_default().push(Citation {
                    document: index,
                    kind: CitationKind::Text,
                    location: body_at(range),
                });
            }
        }
    }
    cited
}
