//! Relative URLs between pages, so the site works under any sub-path and from file://.

use crate::catalog::ControlId;
use crate::model::Document;

/// The path from a page back to the site root: `""` for `index.html`, `"../"` for `docs/x.html`.
pub fn root_for(page: &str) -> String {
    "../".repeat(page.matches('/').count())
}

pub fn document_href(root: &str, doc: &Document) -> String {
    format!("{root}{}", doc.page)
}

pub fn control_page(id: &ControlId) -> String {
    format!("controls/{}.html", id.slug())
}

pub fn control_href(root: &str, id: &ControlId) -> String {
    format!("{root}{}", control_page(id))
}

/// The decision and coverage page of a framework with its own decisions.
pub fn framework_page(framework: &str) -> String {
    format!("frameworks/{framework}/index.html")
}

/// The page of a control of a framework with its own decisions.
pub fn framework_control_page(framework: &str, control: &str) -> String {
    format!(
        "frameworks/{framework}/{}.html",
        crate::catalog::control_slug(control)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roots() {
        assert_eq!(root_for("index.html"), "");
        assert_eq!(root_for("docs/pol-ac.html"), "../");
        assert_eq!(root_for("a/b/c.html"), "../../");
    }
}
