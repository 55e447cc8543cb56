//! `invalid-alias` for aliases that cannot get a redirect page: a path annexa writes itself,
//! a file of static/, or another alias's path.

use crate::diagnostic::{Diagnostic, Location};
use crate::model::alias::{is_site_path, Alias};
use crate::model::Isms;

fn place(isms: &Isms, alias: &Alias) -> Location {
    let doc = &isms.documents[alias.document];
    doc.source
        .locate(doc.source.front.aliases[alias.entry].span)
}

fn written<'a>(isms: &'a Isms, alias: &Alias) -> &'a str {
    &isms.documents[alias.document].source.front.aliases[alias.entry].value
}

/// The aliases that cannot have their redirect page.
pub fn alias_conflicts(isms: &Isms) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (alias, first) in &isms.aliases.clashes {
        let other = &isms.documents[first.document];
        out.push(
            crate::lint::registry::INVALID_ALIAS
                .report(format!(
                    "`{}` is already an alias of {}",
                    written(isms, alias),
                    other.id()
                ))
                .at(place(isms, alias))
                .with_related(place(isms, first), "first claimed here")
                .with_help("an old address can lead to one document only: remove one of the two"),
        );
    }
    for alias in isms.aliases.all() {
        let lower = alias.file.to_lowercase();
        let problem = if is_site_path(&alias.file) {
            format!("annexa writes `{}` itself", alias.file)
        } else if isms.static_files.iter().any(|f| f.to_lowercase() == lower) {
            format!("`static/{}` is copied to this path", alias.file)
        } else {
            continue;
        };
        out.push(
            crate::lint::registry::INVALID_ALIAS
                .report(format!(
                    "`{}` cannot be an alias: {problem}",
                    written(isms, alias)
                ))
                .at(place(isms, alias))
                .with_help("links within the site use the documents' own pages; remove the alias, or keep the old page under another path"),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::for_tests::scanned;
    use crate::model::{Isms, ModelInput};

    fn project(a: &str, b: &str, static_files: &[&str]) -> Isms {
        let mut second = scanned(b);
        second.source.file.rel_path = "policies/b.md".into();
        Isms::build(ModelInput {
            config: crate::config::Config::default(),
            today: jiff::civil::date(2026, 11, 25),
            documents: vec![scanned(a), second],
            static_files: static_files.iter().map(|s| s.to_string()).collect(),
            soa: None,
            include_drafts: true,
            frameworks: Default::default(),
            applicability: Default::default(),
            data: Default::default(),
        })
    }

    #[test]
    fn clashes_site_paths_and_static_files() {
        let isms = project(
            "---\nid: POL-A\ntitle: A\naliases: [/old/a/, /soa.html, /docs/x/, /logo.svg.html]\n---\n",
            "---\nid: POL-B\ntitle: B\naliases:\n  - /Old/A\n  - /vendor/\n---\n",
            &["logo.svg.html"],
        );
        let diagnostics = alias_conflicts(&isms);
        let found: Vec<(String, &str, usize, usize)> = diagnostics
            .iter()
            .map(|d| {
                let l = d.location.as_ref();
                (
                    d.message.clone(),
                    l.map_or("", |l| l.file.as_str()),
                    l.map_or(0, |l| l.line),
                    l.map_or(0, |l| l.column),
                )
            })
            .collect();
        assert_eq!(
            found,
            [
                ("`/Old/A` is already an alias of POL-A".to_string(), "policies/b.md", 5, 5),
                ("`/docs/x/` cannot be an alias: annexa writes `docs/x/index.html` itself".to_string(), "policies/a.md", 4, 31),
                ("`/logo.svg.html` cannot be an alias: `static/logo.svg.html` is copied to this path".to_string(), "policies/a.md", 4, 41),
                ("`/soa.html` cannot be an alias: annexa writes `soa.html` itself".to_string(), "policies/a.md", 4, 20),
            ]
        );
        // A link to an alias leads to its document, with the anchor checked there.
        assert_eq!(isms.aliases.document_at("/vendor"), Some(1));
        assert_eq!(isms.aliases.document_at("/old/a/index.html"), Some(0));
    }
}
