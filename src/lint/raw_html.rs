//! Raw HTML that annexa will not sanitise because there is too much of it.

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
