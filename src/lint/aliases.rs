//! `invalid-alias` for aliases that cannot get a redirect page: a path annexa writes itself,
//! a file of static/, or another alias's path.

use crate::diagnostic::{Diagnostic, Location};
use crate::model::alias::{is_site_path, Alias};
use crate::model::Isms;

fn place(isms: &Isms, alias: &Alias) -> Location {
    let doc = &isms.documents[alias.document];
    doc.source.locate(doc.source.front.aliases[alias.entry].span)
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
