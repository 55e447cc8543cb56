//! The heading ids a link may name in a document, and the ids annexa gave the same headings
//! before its ids followed GitHub's, so a link written against an old id gets the new one as
//! its did-you-mean.

use std::collections::{BTreeSet, HashMap};

use super::body::BodyScan;
use super::slug::{slugify, Slugger};

/// The anchors of one document.
#[derive(Debug, Default)]
pub struct Anchors {
    ids: BTreeSet<String>,
    /// annexa's former id of a heading → its id now, where the two differ
    /// (`4-3-access-reviews` → `43-access-reviews`).
    renamed: HashMap<String, String>,
}

impl Anchors {
    pub fn of(scan: &BodyScan) -> Anchors {
        let mut former = Slugger::default();
        let mut renamed = HashMap::new();
        for heading in &scan.headings {
            let old = former.unique(slugify(&heading.text));
            if old != heading.id {
                renamed.entry(old).or_insert_with(|| heading.id.clone());
            }
        }
        Anchors {
            ids: scan.headings.iter().map(|h| h.id.clone()).collect(),
            renamed,
        }
    }

    pub fn contains(&self, anchor: &str) -> bool {
        self.ids.contains(anchor)
    }

    /// The help for a link to `anchor`, which is none of these ids: the heading's id now when
    /// `anchor` was annexa's former id for it, else the closest id.
    pub fn help(&self, anchor: &str) -> Option<String> {
        if let Some(now) = self.renamed.get(anchor) {
            return Some(format!(
                "did you mean `#{now}`? heading ids follow GitHub's now (`## 4.3 Access reviews` is `#43-access-reviews`)"
            ));
        }
        crate::diagnostic::did_you_mean(anchor, self.ids.iter().map(String::as_str))
            .map(|s| format!("did you mean `#{s}`?"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn former_ids_suggest_the_new_ones() {
        let anchors = Anchors::of(&super::super::body::scan(
            "## 4.3 Access reviews\n\n## 🎯 Purpose\n\n## Scope & purpose\n\n## Scope\n",
        ));
        assert!(anchors.contains("43-access-reviews") && anchors.contains("-purpose"));
        for (old, new) in [
            ("4-3-access-reviews", "43-access-reviews"),
            ("purpose", "-purpose"),
            ("scope-purpose", "scope--purpose"),
        ] {
            let help = anchors.help(old).unwrap_or_default();
            assert!(
                help.starts_with(&format!("did you mean `#{new}`?")),
                "{old}: {help}"
            );
            assert!(help.contains("GitHub"), "{help}");
        }
        assert_eq!(
            anchors.help("scop").as_deref(),
            Some("did you mean `#scope`?")
        );
        assert_eq!(anchors.help("nothing-like-it"), None);
    }
}
