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
        if matches!(target, Target::Broken(_)) {
            let location =
                Location::in_text(file, text, body_offset + link.range.start, link.range.len());
            out.extend(report(target, location));
        }
    }
    for (entry, target) in doc.source.front.related.iter().zip(&doc.related) {
        out.extend(report(target, doc.source.locate(entry.span)));
    }
    out
}
