//! Aliases: the paths documents had on an earlier site (`aliases:` in front matter), which
//! document each belongs to, and the site's own paths that no alias may take.

use std::collections::HashMap;

use crate::source::front_matter::alias_file;
use crate::source::SourceDocument;

/// The folders of the site that annexa fills itself.
pub const SITE_FOLDERS: &[&str] = &["docs", "controls", "frameworks", "assets", "reviews"];

/// The files annexa writes at the site's root (checked against a real build in
/// tests/real_repos.rs).
pub const SITE_FILES: &[&str] = &[
    "index.html",
    "404.html",
    "documents.html",
    "soa.html",
    "soa.csv",
    "soa.xlsx",
    "coverage.html",
    "transition.html",
    "reviews.html",
    "reviews.ics",
    "owners.html",
    "register.html",
    "register.csv",
    "search.html",
    "print.html",
    "annexa.json",
    ".annexa-output",
    // Written when the project has risks.
    "risks.html",
    "risk-treatment.html",
    "risks.csv",
    "risks.xlsx",
];

/// Whether annexa writes (or may write) the site file `file` itself.
pub fn is_site_path(file: &str) -> bool {
    let lower = file.to_lowercase();
    match lower.split_once('/') {
        Some((folder, _)) => SITE_FOLDERS.contains(&folder),
        None => SITE_FILES.contains(&lower.as_str()),
    }
}

/// One alias of one document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Alias {
    /// The document (index in the model).
    pub document: usize,
    /// Which entry of its `aliases:`.
    pub entry: usize,
    /// The redirect page's file in the site (`security-policies/vendor/index.html`).
    pub file: String,
}

/// Every document's aliases, by the lower-cased file of their redirect page (servers on
/// case-insensitive file systems cannot hold two files differing in case). The first claim
/// of a file, in path order, holds it; the others are `clashes`.
#[derive(Debug, Default)]
pub struct Aliases {
    by_file: HashMap<String, Alias>,
    /// Aliases whose file an earlier alias holds, with that alias.
    pub clashes: Vec<(Alias, Alias)>,
}

impl Aliases {
    pub fn new<'a>(documents: impl Iterator<Item = &'a SourceDocument>) -> Aliases {
        let mut aliases = Aliases::default();
        for (document, source) in documents.enumerate() {
            for (entry, alias) in source.front.aliases.iter().enumerate() {
                let Ok(file) = alias_file(&alias.value) else {
                    continue;
                };
                let alias = Alias {
                    document,
                    entry,
                    file,
                };
                match aliases.by_file.get(&alias.file.to_lowercase()) {
                    Some(first) => aliases.clashes.push((alias, first.clone())),
                    None => {
                        aliases.by_file.insert(alias.file.to_lowercase(), alias);
                    }
                }
            }
        }
        aliases
    }

    /// The document a site-absolute link path (`/security-policies/vendor/`, without query
    /// or fragment) is an alias of.
    pub fn document_at(&self, path: &str) -> Option<usize> {
        let file = alias_file(path).ok()?;
        self.by_file.get(&file.to_lowercase()).map(|a| a.document)
    }

    /// Every alias that holds its file, in file order (deterministic output).
    pub fn all(&self) -> Vec<&Alias> {
        let mut all: Vec<&Alias> = self.by_file.values().collect();
        all.sort_by(|a, b| a.file.cmp(&b.file));
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_paths() {
        assert!(is_site_path("docs/old/index.html"));
        assert!(is_site_path("SOA.html"));
        assert!(is_site_path("index.html"));
        assert!(!is_site_path("security-policies/vendor/index.html"));
        assert!(!is_site_path("old-policy.html"));
    }
}
