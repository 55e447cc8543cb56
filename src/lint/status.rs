//! `missing-status`: documents that are drafts only because nobody wrote a status.

use crate::diagnostic::Diagnostic;
use crate::model::Isms;

use super::registry::MISSING_STATUS;

/// A document without `status:` (or with an empty one) is a draft, which `build` leaves out:
/// say so at its front matter, or it vanishes from the site unless another document cites it.
pub fn missing_status(isms: &Isms) -> Vec<Diagnostic> {
    isms.documents
        .iter()
        // A record without a status has its kind's first (a risk is open).
        .filter(|d| d.source.front.record.is_none())
        .filter(|d| !d.source.front.key_spans.contains_key("status"))
        .map(|d| {
            MISSING_STATUS
                .report(format!(
                    "{} has no status: it is treated as a draft and left out of the site",
                    d.id()
                ))
                .at(d.source.locate(d.source.front.opening))
                .with_help(
                    "add `status: draft` to keep it a draft on purpose, or `status: approved` (or `in-review`) to publish it",
                )
                .grouped(
                    "documents have no status: they are treated as drafts and left out of the site",
                    d.id(),
                    "add `status: draft` to each that is a draft on purpose, or `status: approved` (or `in-review`) to publish it",
                )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::for_tests::isms_of;

    #[test]
    fn only_documents_without_a_status_are_reported() {
        let cases = [
            ("---\nid: POL-A\ntitle: A\n---\n", Some((1, 1))),
            ("---\nid: POL-A\ntitle: A\nstatus:\n---\n", Some((1, 1))),
            ("---\nid: POL-A\ntitle: A\nstatus: draft\n---\n", None),
            ("---\nid: POL-A\ntitle: A\nstatus: approved\n---\n", None),
            ("---\nid: POL-A\ntitle: A\nstatus: retired\n---\n", None),
        ];
        for (text, expected) in cases {
            let found = missing_status(&isms_of(text));
            let place = found
                .first()
                .and_then(|d| d.location.as_ref())
                .map(|l| (l.line, l.column));
            assert_eq!(place, expected, "{text:?}");
            if let Some(d) = found.first() {
                assert_eq!(
                    (d.name, d.level),
                    ("missing-status", crate::diagnostic::Level::Warning)
                );
                assert_eq!(
                    d.message,
                    "POL-A has no status: it is treated as a draft and left out of the site"
                );
            }
        }
    }
}
