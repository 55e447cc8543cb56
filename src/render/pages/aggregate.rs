//! Pages about the ISMS as a whole: the home page, the index of documents, the 404 page.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::Isms;
use crate::render::view::{type_heading, type_rank, DocSummary, StatusView};
use crate::render::{PageSink, RenderError, Templates};
use crate::source::Status;

use super::{render_page, Page};

#[derive(Serialize)]
struct TypeGroup<'a> {
    doc_type: String,
    heading: String,
    anchor: String,
    documents: Vec<DocSummary<'a>>,
}

#[derive(Serialize)]
struct StatusCount {
    status: StatusView,
    count: usize,
}

#[derive(Serialize)]
struct HomePage<'a> {
    total: usize,
    by_status: Vec<StatusCount>,
    groups: Vec<TypeGroup<'a>>,
}

#[derive(Serialize)]
struct DocumentsPage<'a> {
    total: usize,
    groups: Vec<TypeGroup<'a>>,
}

#[derive(Serialize)]
struct Empty {}

/// Published documents grouped by type, handbook order, each group in id order.
fn groups<'a>(isms: &'a Isms, root: &str) -> Vec<TypeGroup<'a>> {
    let mut by_type: BTreeMap<(usize, String), Vec<DocSummary<'a>>> = BTreeMap::new();
    for (_, doc) in isms.published() {
        by_type
            .entry(type_rank(&doc.doc_type))
            .or_default()
            .push(DocSummary::new(doc, root));
    }
    by_type
        .into_iter()
        .map(|((_, doc_type), mut documents)| {
            documents.sort_by(|a, b| a.id.cmp(b.id));
            TypeGroup {
                heading: type_heading(&doc_type),
                anchor: format!("type-{}", crate::model::slug::slugify(&doc_type)),
                doc_type,
                documents,
            }
        })
        .collect()
}

/// Renders the home page, the documents index and the 404 page. Returns how many pages.
pub fn render_all(
    isms: &Isms,
    templates: &Templates,
    sink: &dyn PageSink,
) -> Result<usize, RenderError> {
    let published: Vec<_> = isms.published().collect();
    let by_status = Status::ALL
        .iter()
        .map(|&s| StatusCount {
            status: s.into(),
            count: published
                .iter()
                .filter(|(_, d)| d.source.front.status == s)
                .count(),
        })
        .collect();
    let home = HomePage {
        total: published.len(),
        by_status,
        groups: groups(isms, ""),
    };
    render_page(
        isms,
        templates,
        sink,
        Page {
            path: "index.html",
            template: "home.html",
            title: &isms.config.title,
            nav_key: "home",
        },
        &home,
    )?;
    let documents = DocumentsPage {
        total: published.len(),
        groups: groups(isms, ""),
    };
    render_page(
        isms,
        templates,
        sink,
        Page {
            path: "documents.html",
            template: "documents.html",
            title: "All documents",
            nav_key: "documents",
        },
        &documents,
    )?;
    render_page(
        isms,
        templates,
        sink,
        Page {
            path: "404.html",
            template: "404.html",
            title: "Page not found",
            nav_key: "",
        },
        &Empty {},
    )?;
    Ok(3)
}
