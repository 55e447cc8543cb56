//! References that point at nothing: `[[ID]]`, Markdown links, images and `related:` ids.

use crate::diagnostic::{Diagnostic, Location};
use crate::model::{Isms, Target};

fn report(target: &Target, location: Location) -> Option<Diagnostic> {
    let Target::Broken(broken) = target else {
        return None;
    };
    // Many references to one missing id (a renamed document) are one cause: people see them
    // as one diagnostic that lists where each is.
    let mut d = broken
        .lint
        .report(broken.message.clone())
        .at(location)
        .grouped_by_message("references");
    if let Some(help) = &broken.help {
        d = d.with_help(help.clone());
    }
    Some(d)
}

/// `empty-link`: GitHub shows `[text]()` as its text, and so does annexa; it is still worth
/// a word, since the author may have meant to link somewhere.
fn empty_link(link: &crate::model::body::BodyLink, location: Location) -> Diagnostic {
    use crate::model::body::LinkSyntax;
    let (message, help) = if link.syntax == LinkSyntax::Image {
        (
            "an image has no address: it is shown as its alt text",
            "write the image's path or address between the parentheses: `![logo](../static/logo.svg)`",
        )
    } else {
        (
            "a link has no target: it is shown as its text",
            "write the target between the parentheses (`[text](other.md)`), or remove the brackets and parentheses to keep the text alone",
        )
    };
    crate::lint::registry::EMPTY_LINK
        .report(message)
        .at(location)
        .grouped_by_message("links")
        .with_help(help)
}

/// `broken-reference` and `unknown-control` for links in bodies and `related:` entries.
pub fn broken_references(isms: &Isms) -> Vec<Diagnostic> {
    use rayon::prelude::*;
    isms.documents
        .par_iter()
        .flat_map_iter(document_references)
        .collect()
}

/// The broken references of one document, body first, then `related:`.
fn document_references(doc: &crate::model::Document) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let file = doc.rel_path();
    let text = &doc.source.file.text;
    let body_offset = doc.source.body_offset;
    for (link, target) in doc.scan.links.iter().zip(&doc.links) {
        let location =
            || Location::in_text(file, text, body_offset + link.range.start, link.range.len());
        match target {
            Target::Broken(_) => out.extend(report(target, location())),
            Target::Empty => out.push(empty_link(link, location())),
            _ => {}
        }
    }
    for (entry, target) in doc.source.front.related.iter().zip(&doc.related) {
        out.extend(report(target, doc.source.locate(entry.span)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::for_tests::isms_of;

    #[test]
    fn empty_links_are_warnings_at_their_place() {
        let isms = isms_of("---\nid: POL-A\ntitle: A\nstatus: approved\n---\n| a | [![ok](https://x.org/b.svg)]() |\n|---|---|\n\n![]()\n");
        let found: Vec<(&str, crate::diagnostic::Level, usize, usize)> = broken_references(&isms)
            .iter()
            .map(|d| {
                let l = d.location.as_ref();
                (
                    d.name,
                    d.level,
                    l.map_or(0, |l| l.line),
                    l.map_or(0, |l| l.column),
                )
            })
            .collect();
        use crate::diagnostic::Level::Warning;
        assert_eq!(
            found,
            [("empty-link", Warning, 6, 7), ("empty-link", Warning, 9, 1)]
        );
    }
}
