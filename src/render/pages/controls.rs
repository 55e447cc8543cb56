//! The Statement of Applicability, one page per control, coverage and the 2013 transition.

use serde::Serialize;

use crate::catalog::{catalog, Control, Theme};
use crate::model::coverage::CoverageFigures;
use crate::model::review::ReviewState;
use crate::model::transition::legacy_citations;
use crate::model::Isms;
use crate::render::control_rows::{row, rows_with, ControlRow, Labelled};
use crate::render::coverage_view::CoverageView;
use crate::render::soa_view::SoaControlView;
use crate::render::urls::{control_href, control_page, document_href};
use crate::render::view::DocLink;
use crate::render::{PageSink, RenderError, Templates};
use crate::source::soa::Implementation;

use super::{render_page, Page};

#[derive(Serialize)]
struct FilterOption {
    key: &'static str,
    label: &'static str,
}

#[derive(Serialize)]
struct SoaPage<'a> {
    rows: Vec<SoaRow<'a>>,
    themes: Vec<FilterOption>,
    statuses: Vec<FilterOption>,
    /// The "Document reviews" filter's choices: review states a document may be in.
    review_states: Vec<FilterOption>,
    has_soa: bool,
    applicable: usize,
    excluded: usize,
    undecided: usize,
    /// The documented and implementation figures of all of Annex A.
    coverage: CoverageView,
    /// The SoA's document control; `doc` because the `_history.html` include reads
    /// `doc.history`.
    doc: Option<SoaControlView<'a>>,
}

/// How many documents the SoA page lists for a control; its control page lists them all.
/// A large ISMS has hundreds per control, more than a table cell can show.
const SOA_PAGE_DOCUMENTS: usize = 10;

/// A control on the SoA page: its row, with at most `SOA_PAGE_DOCUMENTS` documents.
#[derive(Serialize)]
struct SoaRow<'a> {
    #[serde(flatten)]
    control: ControlRow<'a, DocLink<'a>>,
    /// How many more documents implement it (listed on its page).
    more_documents: usize,
    /// The review states of all its documents (listed or not), space-separated keys in
    /// `ReviewState::ALL` order: what the "Document reviews" filter selects on.
    document_reviews: String,
}

impl<'a> SoaRow<'a> {
    fn of(mut control: ControlRow<'a, DocLink<'a>>) -> SoaRow<'a> {
        let document_reviews = ReviewState::ALL
            .iter()
            .map(|s| s.key())
            .filter(|key| {
                control
                    .documents
                    .iter()
                    .any(|d| d.review.as_ref().is_some_and(|r| r.key == *key))
            })
            .collect::<Vec<_>>()
            .join(" ");
        let more_documents = control.documents.len().saturating_sub(SOA_PAGE_DOCUMENTS);
        control.documents.truncate(SOA_PAGE_DOCUMENTS);
        SoaRow {
            control,
            more_documents,
            document_reviews,
        }
    }
}

/// Renders `soa.html`.
fn soa_page(isms: &Isms, templates: &Templates, sink: &dyn PageSink) -> Result<(), RenderError> {
    let overall = &isms.coverage.overall;
    let mut statuses: Vec<FilterOption> = Implementation::ALL
        .iter()
        .map(|s| FilterOption {
            key: s.key(),
            label: s.label(),
        })
        .collect();
    statuses.push(FilterOption {
        key: "none",
        label: "No status",
    });
    let page = SoaPage {
        rows: rows_with(isms, "", |d| DocLink::new(d, ""))
            .into_iter()
            .map(SoaRow::of)
            .collect(),
        themes: Theme::ALL
            .iter()
            .map(|t| FilterOption {
                key: t.key(),
                label: t.label(),
            })
            .collect(),
        statuses,
        review_states: [
            (ReviewState::Overdue, "With an overdue review"),
            (ReviewState::DueSoon, "With a review due soon"),
            (ReviewState::NeverReviewed, "Never reviewed"),
        ]
        .into_iter()
        .map(|(state, label)| FilterOption {
            key: state.key(),
            label,
        })
        .collect(),
        has_soa: isms.has_soa,
        applicable: overall.applicable,
        excluded: overall.excluded,
        undecided: overall.undecided,
        coverage: CoverageView::of(overall, "All of Annex A"),
        doc: SoaControlView::of(isms),
    };
    render_page(
        isms,
        templates,
        sink,
        Page {
            path: "soa.html",
            template: "soa.html",
            title: "Statement of Applicability",
            nav_key: "soa",
        },
        &page,
    )
}

#[derive(Serialize)]
struct AttributeGroup {
    label: &'static str,
    values: Vec<String>,
}

#[derive(Serialize)]
struct LegacyView {
    id: String,
    title: String,
    domain: String,
}

#[derive(Serialize)]
struct ControlPage<'a> {
    control: ControlRow<'a>,
    attributes: Vec<AttributeGroup>,
    replaces: Vec<LegacyView>,
    theme_clause: &'static str,
}

fn attribute_label(value: &str) -> String {
    let text = value.replace('_', " ");
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
        .unwrap_or_default()
}

fn control_page_view<'a>(isms: &'a Isms, control: &'a Control) -> ControlPage<'a> {
    let catalog = catalog();
    let a = &control.attributes;
    let group = |label, values: &Vec<String>| AttributeGroup {
        label,
        values: values.iter().map(|v| attribute_label(v)).collect(),
    };
    ControlPage {
        control: row(isms, control, "../"),
        attributes: vec![
            group("Control type", &a.control_type),
            group("Information security properties", &a.security_properties),
            group("Cybersecurity concepts", &a.cybersecurity_concepts),
            group("Operational capabilities", &a.operational_capabilities),
            group("Security domains", &a.security_domains),
        ],
        replaces: control
            .replaces
            .iter()
            .filter_map(|id| catalog.legacy_control(id))
            .map(|l| LegacyView {
                id: l.id.to_string(),
                title: l.title.clone(),
                domain: l.domain_title.clone(),
            })
            .collect(),
        theme_clause: control.theme.clause(),
    }
}

#[derive(Serialize)]
struct CoverageRow<'a> {
    key: &'static str,
    label: &'static str,
    figures: &'a CoverageFigures,
    /// The documented and implementation figures, sentences and bars.
    view: CoverageView,
    gaps: Vec<GapView>,
    /// The older names of `view.documented_percent` and `view.documented_bar`, so that a
    /// project's own coverage.html written for them still renders.
    percent: usize,
    bar: String,
}

#[derive(Serialize)]
struct GapView {
    id: String,
    title: String,
    href: String,
    new_in_2022: bool,
    status: Labelled,
}

#[derive(Serialize)]
struct CoveragePage<'a> {
    themes: Vec<CoverageRow<'a>>,
    overall: CoverageRow<'a>,
    has_soa: bool,
    /// Whether some applicable control has no SoA status (its column shows only then).
    any_without_status: bool,
    new_controls: Vec<GapView>,
}

fn gap_view(isms: &Isms, control: &Control) -> GapView {
    let status = row(isms, control, "").status;
    GapView {
        id: control.id.to_string(),
        title: control.title.clone(),
        href: control_href("", &control.id),
        new_in_2022: control.new_in_2022,
        status,
    }
}

fn coverage_row<'a>(
    isms: &Isms,
    key: &'static str,
    label: &'static str,
    figures: &'a CoverageFigures,
) -> CoverageRow<'a> {
    let catalog = catalog();
    let view = CoverageView::of(figures, label);
    CoverageRow {
        key,
        label,
        figures,
        percent: view.documented_percent,
        bar: view.documented_bar.clone(),
        view,
        gaps: figures
            .gaps
            .iter()
            .filter_map(|id| catalog.control(id))
            .map(|c| gap_view(isms, c))
            .collect(),
    }
}

fn coverage_page(
    isms: &Isms,
    templates: &Templates,
    sink: &dyn PageSink,
) -> Result<(), RenderError> {
    let catalog = catalog();
    let page = CoveragePage {
        themes: isms
            .coverage
            .themes
            .iter()
            .map(|(t, f)| coverage_row(isms, t.key(), t.label(), f))
            .collect(),
        overall: coverage_row(isms, "all", "All of Annex A", &isms.coverage.overall),
        has_soa: isms.has_soa,
        any_without_status: isms.coverage.overall.no_status > 0,
        new_controls: catalog
            .controls
            .iter()
            .filter(|c| c.new_in_2022)
            .map(|c| gap_view(isms, c))
            .collect(),
    };
    render_page(
        isms,
        templates,
        sink,
        Page {
            path: "coverage.html",
            template: "coverage.html",
            title: "Control coverage",
            nav_key: "coverage",
        },
        &page,
    )
}

#[derive(Serialize)]
struct CitationView<'a> {
    doc_id: &'a str,
    doc_title: &'a str,
    href: Option<String>,
    kind: &'static str,
    file: String,
    line: usize,
}

#[derive(Serialize)]
struct SuccessorView {
    id: String,
    title: String,
    href: String,
}

#[derive(Serialize)]
struct TransitionEntry<'a> {
    id: String,
    title: String,
    successors: Vec<SuccessorView>,
    citations: Vec<CitationView<'a>>,
}

#[derive(Serialize)]
struct TransitionPage<'a> {
    entries: Vec<TransitionEntry<'a>>,
}

/// Renders transition.html: where documents cite 2013 control ids (file and line).
pub fn transition_page(
    isms: &Isms,
    templates: &Templates,
    sink: &dyn PageSink,
) -> Result<(), RenderError> {
    let catalog = catalog();
    let entries = legacy_citations(&isms.documents)
        .into_iter()
        .filter_map(|(id, citations)| {
            let legacy = catalog.legacy_control(&id)?;
            Some(TransitionEntry {
                id: id.to_string(),
                title: legacy.title.clone(),
                successors: crate::catalog::successors(&id)
                    .into_iter()
                    .map(|c| SuccessorView {
                        id: c.id.to_string(),
                        title: c.title.clone(),
                        href: control_href("", &c.id),
                    })
                    .collect(),
                citations: citations
                    .iter()
                    .filter(|c| isms.documents[c.document].published)
                    .map(|c| {
                        let doc = &isms.documents[c.document];
                        CitationView {
                            doc_id: doc.id(),
                            doc_title: doc.title(),
                            href: doc.published.then(|| document_href("", doc)),
                            kind: c.kind.label(),
                            file: c.location.file.clone(),
                            line: c.location.line,
                        }
                    })
                    .collect(),
            })
        })
        .filter(|entry: &TransitionEntry| !entry.citations.is_empty())
        .collect();
    render_page(
        isms,
        templates,
        sink,
        Page {
            path: "transition.html",
            template: "transition.html",
            title: "2013 → 2022 transition",
            nav_key: "coverage",
        },
        &TransitionPage { entries },
    )
}

/// Renders the SoA, coverage and transition pages and one page per control. Returns how many.
pub fn render_all(
    isms: &Isms,
    templates: &Templates,
    sink: &dyn PageSink,
) -> Result<usize, RenderError> {
    use rayon::prelude::*;
    soa_page(isms, templates, sink)?;
    coverage_page(isms, templates, sink)?;
    transition_page(isms, templates, sink)?;
    let catalog = catalog();
    catalog.controls.par_iter().try_for_each(|control| {
        let page = control_page(&control.id);
        let title = format!("{} {}", control.id, control.title);
        render_page(
            isms,
            templates,
            sink,
            Page {
                path: &page,
                template: "control.html",
                title: &title,
                nav_key: "soa",
            },
            &control_page_view(isms, control),
        )
    })?;
    Ok(3 + catalog.controls.len())
}
