//! Raw HTML that annexa treats specially: a header that repeats the title, and more than
//! annexa sanitises.

use crate::config::RawHtml;
use crate::diagnostic::Diagnostic;
use crate::model::body::MAX_RAW_HTML_TAGS;
use crate::model::Isms;

/// `raw-html-too-complex`: a body with more raw HTML tags than the sanitiser takes.
pub fn too_complex(isms: &Isms) -> Vec<Diagnostic> {
    if isms.config.raw_html != RawHtml::Sanitize {
        return Vec::new();
    }
    isms.documents
        .iter()
        .filter(|d| d.scan.raw_html_tags > MAX_RAW_HTML_TAGS)
        .map(|d| {
            crate::lint::registry::RAW_HTML_TOO_COMPLEX.report(format!("{} has {} tags of raw HTML, more than the {MAX_RAW_HTML_TAGS} annexa sanitises; it is shown as text", d.id(), d.scan.raw_html_tags),
            )
            .at(d.source.locate(d.source.front.id.span))
            .with_help("write the content in Markdown, or move generated HTML to static/ and link to it")
        })
        .collect()
}

/// `raw-html-title`: a document opens with a raw HTML header that repeats its title, which
/// the page shows itself: the header is left out.
pub fn repeated_titles(isms: &Isms) -> Vec<Diagnostic> {
    isms.documents
        .iter()
        .filter_map(|d| {
            let header = d.scan.html_header.as_ref().filter(|h| h.repeats(d.title()))?;
            let body = d.source.body();
            let first_line = body
                .get(header.range.clone())
                .and_then(|h| h.lines().next())
                .map_or(1, str::len);
            let location = crate::diagnostic::Location::in_text(
                d.rel_path(),
                &d.source.file.text,
                d.source.body_offset + header.range.start,
                first_line.max(1),
            );
            Some(
                crate::lint::registry::RAW_HTML_TITLE
                    .report(format!(
                        "{} opens with a raw HTML header that repeats its title: it is left out, since the page shows the title",
                        d.id()
                    ))
                    .at(location)
                    .grouped_by_message("documents")
                    .with_help("nothing to do if the file must still look right on GitHub; otherwise remove the header, since annexa shows the title, status and version itself"),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::for_tests::isms_of;

    #[test]
    fn a_header_repeating_the_title_is_a_note_at_its_first_line() {
        let isms = isms_of("---\nid: POL-A\ntitle: Access Control\n---\n\n<div align=\"center\">\n<h1>Access Control</h1>\n</div>\n\nText\n");
        let found: Vec<(&str, crate::diagnostic::Level, usize, usize)> = repeated_titles(&isms)
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
        assert_eq!(
            found,
            [("raw-html-title", crate::diagnostic::Level::Note, 6, 1)]
        );
        assert!(repeated_titles(&isms_of(
            "---\nid: POL-A\ntitle: Other\n---\n<h1>Access Control</h1>\n"
        ))
        .is_empty());
    }
}
