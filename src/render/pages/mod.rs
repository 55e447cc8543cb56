//! One module per kind of page; each builds its view and renders its template.

pub mod aggregate;
pub mod changes;
pub mod controls;
pub mod document;
pub mod frameworks;
pub mod not_found;
pub mod print;
pub mod redirects;
pub mod reviews;

use serde::Serialize;

use crate::model::Isms;

use super::urls::root_for;
use super::view::{nav, SiteView};
use super::{put, PageSink, RenderError, Templates};

/// The values every page has: site, root, navigation, title. Nothing here may grow with the
/// number of documents: the sidebar's tree of documents is in assets/nav.js, built once.
pub fn base_context(isms: &Isms, page: &str, title: &str, nav_key: &str) -> tera::Context {
    let root = root_for(page);
    let mut context = tera::Context::new();
    context.insert("site", &SiteView::new(isms));
    context.insert("nav", &nav(&root));
    context.insert("framework_nav", &framework_nav(isms, &root));
    context.insert("record_nav", &record_nav(isms, &root));
    context.insert("nav_key", nav_key);
    context.insert("page_title", title);
    context.insert("page_path", page);
    context.insert("root", &root);
    context
}

/// One navigation entry per framework with its own pages, shown under the SoA.
#[derive(Serialize)]
pub struct FrameworkNavItem<'a> {
    pub key: String,
    pub label: &'a str,
    pub href: String,
}

pub fn framework_nav<'a>(isms: &'a Isms, root: &str) -> Vec<FrameworkNavItem<'a>> {
    isms.framework_coverage
        .iter()
        .filter_map(|c| isms.frameworks.get(&c.id))
        .map(|f| FrameworkNavItem {
            key: format!("framework-{}", f.id),
            label: &f.name,
            href: format!("{root}{}", super::urls::framework_page(&f.id)),
        })
        .collect()
}

/// The navigation entries of the record kinds the project has (risks…), after Coverage.
pub fn record_nav(isms: &Isms, root: &str) -> Vec<FrameworkNavItem<'static>> {
    crate::kinds::parts()
        .flat_map(|part| (part.nav)(isms))
        .map(|(key, label, page)| FrameworkNavItem {
            key: key.to_string(),
            label,
            href: format!("{root}{page}"),
        })
        .collect()
}

/// A page to render: where it goes, with which template, title and navigation entry.
pub struct Page<'a> {
    pub path: &'a str,
    pub template: &'a str,
    pub title: &'a str,
    pub nav_key: &'a str,
}

/// The values of `extra` (a struct) as a template context, for the page at `path`.
pub fn context_of<T: Serialize>(path: &str, extra: &T) -> Result<tera::Context, RenderError> {
    tera::Context::from_serialize(extra).map_err(|e| {
        RenderError::Template(
            crate::lint::registry::TEMPLATE_ERROR
                .report(format!("cannot prepare the page {path}: {e}")),
        )
    })
}

/// Renders `page` with the base values plus `extra`, and stores it.
pub fn render_page<T: Serialize>(
    isms: &Isms,
    templates: &Templates,
    sink: &dyn PageSink,
    page: Page<'_>,
    extra: &T,
) -> Result<(), RenderError> {
    let mut context = base_context(isms, page.path, page.title, page.nav_key);
    context.extend(context_of(page.path, extra)?);
    let html = templates.render(page.template, &context)?;
    put(sink, page.path, html.as_bytes())
}
