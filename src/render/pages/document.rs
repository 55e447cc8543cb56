//! The page of one document: metadata panel, table of contents, body, referenced-by, history.

use serde::Serialize;

use crate::catalog::catalog;
use crate::model::{ControlRef, Isms, Target};
use crate::render::markdown::{render_body, RenderedBody};
use crate::render::urls::{control_href, framework_control_page, root_for};
use crate::render::view::{DocMeta, DocSummary};
use crate::render::{PageSink, RenderError, Templates};

use super::{render_page, Page};

#[derive(Serialize)]
struct ControlLink {
    id: String,
    title: String,
    href: String,
    /// For a 2013 id: its 2022 successors.
    legacy_note: Option<String>,
}

/// The controls a document lists from one framework other than ISO/IEC 27001:2022.
#[derive(Serialize)]
struct FrameworkControls {
    framework: String,
    controls: Vec<OtherControl>,
}

#[derive(Serialize)]
struct OtherControl {
    id: String,
    title: String,
    /// The control's page, when its framework has pages (its own decisions).
    href: Option<String>,
}

#[derive(Serialize)]
struct TocEntry<'a> {
    level: u8,
    text: &'a str,
    id: &'a str,
}

/// The last commit that changed a document's file.
#[derive(Serialize)]
struct LastChange<'a> {
    date: String,
    commit: &'a str,
    short: &'a str,
    summary: &'a str,
    /// A shallow clone's first commit: the change is on that date or earlier.
    or_earlier: bool,
}

#[derive(Serialize)]
struct DocumentView<'a> {
    #[serde(flatten)]
    meta: DocMeta<'a>,
    doc_type: &'a str,
    type_anchor: String,
    next_review: Option<String>,
    review_every: Option<String>,
    source_path: &'a str,
    controls: Vec<ControlLink>,
    other_frameworks: Vec<FrameworkControls>,
    related: Vec<DocSummary<'a>>,
    is_draft: bool,
    is_retired: bool,
    last_change: Option<LastChange<'a>>,
    /// For a record: its kind's label and the page listing the kind's records.
    record: Option<RecordKindView>,
    /// For a risk: its ratings, treatment, actions and acceptance.
    risk: Option<crate::kinds::risk::view::RiskView>,
    /// For an internal audit report: its plan, scope, findings and state.
    audit: Option<crate::kinds::audit::view::AuditView>,
    /// For a nonconformity: grade, cause, corrective actions, effectiveness.
    nonconformity: Option<crate::kinds::nonconformity::view::NcView>,
    /// For a management review: its 9.3.2 inputs, decisions and actions.
    management_review: Option<crate::kinds::management_review::pages::ReviewView>,
}

#[derive(Serialize)]
struct RecordKindView {
    label: &'static str,
    plural: &'static str,
    href: String,
}

#[derive(Serialize)]
struct DocumentPage<'a> {
    doc: DocumentView<'a>,
    body: &'a str,
    has_code: bool,
    /// The page loads the diagram renderer and allows its inline styles.
    has_diagram: bool,
    toc: Vec<TocEntry<'a>>,
    referenced_by: Vec<DocSummary<'a>>,
}

fn control_links(isms: &Isms, index: usize, root: &str) -> Vec<ControlLink> {
    let catalog = catalog();
    let doc = &isms.documents[index];
    let mut seen = std::collections::HashSet::new();
    doc.controls
        .iter()
        .filter_map(|c| match c {
            ControlRef::Current(id) if seen.insert(id.clone()) => {
                let control = catalog.control(id)?;
                Some(ControlLink {
                    id: id.to_string(),
                    title: control.title.clone(),
                    href: control_href(root, id),
                    legacy_note: None,
                })
            }
            ControlRef::Legacy(id) if seen.insert(id.clone()) => {
                let legacy = catalog.legacy_control(id)?;
                let first = crate::catalog::successors(id).into_iter().next()?;
                Some(ControlLink {
                    id: id.to_string(),
                    title: legacy.title.clone(),
                    href: control_href(root, &first.id),
                    legacy_note: Some(format!(
                        "2013 id; in 2022: {}",
                        crate::catalog::successor_ids(id)
                    )),
                })
            }
            _ => None,
        })
        .collect()
}

/// The document's controls of other frameworks, by framework in the order enabled.
fn other_framework_controls(isms: &Isms, index: usize, root: &str) -> Vec<FrameworkControls> {
    let doc = &isms.documents[index];
    isms.frameworks
        .enabled()
        .filter_map(|framework| {
            let has_pages = isms.framework_coverage.iter().any(|c| c.id == framework.id);
            let mut seen = std::collections::HashSet::new();
            let controls: Vec<OtherControl> = doc
                .controls
                .iter()
                .filter_map(|c| match c {
                    ControlRef::Other(r)
                        if r.framework == framework.id && seen.insert(&r.control) =>
                    {
                        framework.control(&r.control).map(|c| OtherControl {
                            id: c.id.clone(),
                            title: c.title.clone(),
                            href: has_pages.then(|| {
                                format!("{root}{}", framework_control_page(&framework.id, &c.id))
                            }),
                        })
                    }
                    _ => None,
                })
                .collect();
            (!controls.is_empty()).then(|| FrameworkControls {
                framework: framework.name.clone(),
                controls,
            })
        })
        .collect()
}

/// Renders and stores the page of document `index`. Returns the rendered body, which the
/// print view and the search index use too.
pub fn render(
    isms: &Isms,
    templates: &Templates,
    sink: &dyn PageSink,
    index: usize,
) -> Result<RenderedBody, RenderError> {
    let doc = &isms.documents[index];
    let front = &doc.source.front;
    let root = root_for(&doc.page);
    let text = isms.body_text(doc)?;
    let body = render_body(isms, doc, &text, &root);
    let related = doc
        .related
        .iter()
        .filter_map(|t| match t {
            Target::Document { index, .. } if isms.documents[*index].published => {
                Some(DocSummary::new(&isms.documents[*index], &root))
            }
            _ => None,
        })
        .collect();
    let view = DocumentView {
        meta: DocMeta::new(doc),
        doc_type: &doc.doc_type,
        type_anchor: format!("type-{}", crate::model::slug::slugify(&doc.doc_type)),
        next_review: front.next_review.map(|d| d.to_string()),
        review_every: front.review_every.map(|i| i.to_string()),
        source_path: doc.rel_path(),
        controls: control_links(isms, index, &root),
        other_frameworks: other_framework_controls(isms, index, &root),
        related,
        is_draft: front.status == crate::source::Status::Draft,
        is_retired: front.status == crate::source::Status::Retired,
        record: front.record.as_ref().map(|r| RecordKindView {
            label: r.kind.label,
            plural: r.kind.plural,
            href: format!(
                "{root}{}",
                (r.kind.part.nav)(isms)
                    .first()
                    .map_or("index.html", |(_, _, page)| page)
            ),
        }),
        risk: front.record.as_ref().and_then(|r| r.risk()).map(|risk| {
            crate::kinds::risk::view::RiskView::new(
                isms,
                crate::kinds::risk::RiskRef { index, doc, risk },
                &root,
            )
        }),
        audit: front.record.as_ref().and_then(|r| r.audit()).map(|audit| {
            crate::kinds::audit::pages::block(
                isms,
                &root,
                crate::kinds::audit::AuditRef { index, doc, audit },
            )
        }),
        nonconformity: front
            .record
            .as_ref()
            .and_then(|r| r.nonconformity())
            .map(|nc| {
                crate::kinds::nonconformity::view::NcView::new(
                    isms,
                    crate::kinds::nonconformity::NcRef { index, doc, nc },
                    &root,
                )
            }),
        management_review: front
            .record
            .as_ref()
            .and_then(|r| r.management_review())
            .map(|mr| {
                crate::kinds::management_review::pages::ReviewView::new(
                    isms,
                    crate::kinds::management_review::ReviewRef { index, doc, mr },
                    &root,
                )
            }),
        last_change: isms
            .history
            .as_ref()
            .and_then(|h| h.last_change(doc.rel_path()))
            .map(|c| LastChange {
                date: c.date.to_string(),
                commit: &c.commit,
                short: c.short(),
                summary: &c.summary,
                or_earlier: c.boundary,
            }),
    };
    let page = DocumentPage {
        doc: view,
        body: &body.html,
        has_code: body.has_code,
        has_diagram: body.has_diagram,
        toc: doc
            .scan
            .headings
            .iter()
            .filter(|h| (2..=3).contains(&h.level))
            .map(|h| TocEntry {
                level: h.level,
                text: &h.text,
                id: &h.id,
            })
            .collect(),
        referenced_by: isms.referenced_by[index]
            .iter()
            .map(|&i| &isms.documents[i])
            .filter(|d| d.published)
            .map(|d| DocSummary::new(d, &root))
            .collect(),
    };
    let title = format!("{} {}", doc.id(), doc.title());
    render_page(
        isms,
        templates,
        sink,
        Page {
            path: &doc.page,
            template: "document.html",
            title: &title,
            nav_key: front
                .record
                .as_ref()
                .and_then(|r| (r.kind.part.nav)(isms).first().map(|(key, _, _)| *key))
                .unwrap_or("documents"),
        },
        &page,
    )?;
    Ok(body)
}
