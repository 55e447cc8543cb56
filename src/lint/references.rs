//! References that point at nothing: `[[ID]]`, Markdown links, images and `related:` ids.

use crate::diagnostic::{Diagnostic, Level, Location};
use crate::model::{Isms, Target};

fn report(target: &Target, location: Location) -> Option<Diagnostic> {
    let Target::Broken(broken) = target else {
        return None;
    };
    let mut d = Diagnostic::new(broken.lint, Level::Error, broken.message.clone()).at(location);
    if let Some(help) = &broken.help {
        d = d.with_help(help.clone());
    }
    Some(d)
}

/// `broken-reference` and `unknown-control` for links in bodies and `related:` entries.
pub fn broken_references(isms: &Isms) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for doc in &isms.documents {
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
    }
    out
}
