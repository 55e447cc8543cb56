//! Redirect pages: one at each path in a document's `aliases:` (where it was published by an
//! earlier site), leading to its page. Relative, so they work under any sub-path and from
//! the file system, like every page; Hugo and Zola write the same kind of page.

use crate::model::Isms;
use crate::render::highlight::escape_html;
use crate::render::urls::root_for;
use crate::render::{put, PageSink, RenderError};

/// The redirect page at `file` (a path in the site) for the document page `page`.
pub fn redirect_page(file: &str, page: &str, title: &str, base_url: Option<&str>) -> String {
    let root = root_for(file);
    let href = escape_html(&format!("{root}{page}"));
    let canonical = match base_url {
        Some(base) => escape_html(&format!("{base}{page}")),
        None => href.clone(),
    };
    let title = escape_html(title);
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'self'; base-uri 'none'; form-action 'none'\">\n\
<meta name=\"robots\" content=\"noindex\">\n\
<meta http-equiv=\"refresh\" content=\"0; url={href}\">\n\
<link rel=\"canonical\" href=\"{canonical}\">\n\
<link rel=\"stylesheet\" href=\"{root}assets/style.css\">\n\
<title>{title} has moved</title>\n</head>\n<body>\n<main class=\"redirect\">\n\
<p>{title} has moved to <a href=\"{href}\">its page in the ISMS manual</a>.</p>\n\
</main>\n</body>\n</html>\n"
    )
}

/// Writes the redirect page of every alias of a published document. Returns how many.
pub fn render_all(isms: &Isms, sink: &dyn PageSink) -> Result<usize, RenderError> {
    let mut pages = 0;
    for alias in isms.aliases.all() {
        let doc = &isms.documents[alias.document];
        if !doc.published {
            continue;
        }
        let html = redirect_page(
            &alias.file,
            &doc.page,
            doc.title(),
            isms.config.base_url.as_deref(),
        );
        put(sink, &alias.file, html.as_bytes())?;
        pages += 1;
    }
    Ok(pages)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_refresh_canonical_and_link() {
        let html = redirect_page(
            "security-policies/vendor/index.html",
            "docs/pol-ven.html",
            "Vendor <Management>",
            None,
        );
        assert!(
            html.contains(
                "<meta http-equiv=\"refresh\" content=\"0; url=../../docs/pol-ven.html\">"
            ),
            "{html}"
        );
        assert!(html.contains("<link rel=\"canonical\" href=\"../../docs/pol-ven.html\">"));
        assert!(html.contains("<a href=\"../../docs/pol-ven.html\">"));
        assert!(html.contains("<title>Vendor &lt;Management&gt; has moved</title>"));
        let html = redirect_page(
            "old.html",
            "docs/a.html",
            "A",
            Some("https://isms.example.com/x/"),
        );
        assert!(html.contains("content=\"0; url=docs/a.html\""));
        assert!(html
            .contains("<link rel=\"canonical\" href=\"https://isms.example.com/x/docs/a.html\">"));
    }
}
