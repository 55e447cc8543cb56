//! Pages about the ISMS as a whole: the home page dashboard, the index of documents, the
//! search page and the 404 page.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Level};
use crate::model::review::ReviewState;
use crate::model::Isms;
use crate::render::coverage_view::CoverageView;
use crate::render::nav::type_anchor;
use crate::render::urls::control_href;
use crate::render::view::{type_heading, type_rank, DocSummary, StatusView};
use crate::render::withheld::Withheld;
use crate::render::{PageSink, RenderError, Templates};
use crate::source::Status;

use super::reviews::tracked;
use super::{render_page, Page};

/// The home page lists at most this many findings; `annexa check` prints them all.
const MAX_FINDINGS: usize = 100;

#[derive(Serialize)]
struct TypeGroup<'a> {
    doc_type: String,
    heading: String,
    anchor: String,
    /// The type's section of documents.html, relative to the site root.
    href: String,
    count: usize,
    /// Empty on the home page, which shows counts only, so that its size does not grow
    /// with the number of documents.
    documents: Vec<DocSummary<'a>>,
}

#[derive(Serialize)]
struct Count {
    key: &'static str,
    label: &'static str,
    count: usize,
}

/// A warning or note on the home page: a sentence linking to the document or control it is
/// about. The lint name and the file:line are for authors (`annexa serve`, or
/// `[site] show_diagnostics_detail`), not for the auditors reading a published site.
#[derive(Serialize)]
struct Finding {
    level: &'static str,
    message: String,
    href: Option<String>,
    name: Option<&'static str>,
    place: Option<String>,
}

#[derive(Serialize)]
struct CoverageSummary {
    #[serde(flatten)]
    figures: CoverageView,
    has_soa: bool,
    /// The older names of `documented`, `documented_percent` and `documented_bar`, so that
    /// a project's own home.html written for them still renders.
    covered: usize,
    percent: usize,
    bar: String,
}

#[derive(Serialize)]
struct HomePage<'a> {
    total: usize,
    by_status: Vec<Count>,
    /// How many drafts this build leaves out, as a sentence (None when none is left out).
    drafts_note: Option<String>,
    review_health: Vec<Count>,
    coverage: CoverageSummary,
    findings: Vec<Finding>,
    more_findings: usize,
    groups: Vec<TypeGroup<'a>>,
}

#[derive(Serialize)]
struct DocumentsPage<'a> {
    total: usize,
    groups: Vec<TypeGroup<'a>>,
}

/// Published documents grouped by type, handbook order, each group in id order.
fn groups<'a>(isms: &'a Isms, root: &str) -> Vec<TypeGroup<'a>> {
    let mut by_type: BTreeMap<(usize, String), Vec<DocSummary<'a>>> = BTreeMap::new();
    // Records are listed on their own pages (the risk register…), not among the documents.
    for (_, doc) in isms
        .published()
        .filter(|(_, d)| d.source.front.record.is_none())
    {
        by_type
            .entry(type_rank(&doc.doc_type))
            .or_default()
            .push(DocSummary::new(doc, root));
    }
    by_type
        .into_iter()
        .map(|((_, doc_type), mut documents)| {
            documents.sort_by(|a, b| a.id.cmp(b.id));
            let anchor = type_anchor(&doc_type);
            TypeGroup {
                heading: type_heading(&doc_type),
                href: format!("documents.html#{anchor}"),
                anchor,
                count: documents.len(),
                doc_type,
                documents,
            }
        })
        .collect()
}

/// Warnings and notes of the run, each linked to the page of the document or control it
/// concerns.
fn findings(isms: &Isms, diagnostics: &[Diagnostic]) -> Vec<Finding> {
    let pages: HashMap<&str, &str> = isms
        .published()
        .map(|(_, d)| (d.rel_path(), d.page.as_str()))
        .collect();
    // A finding placed on a control's decision in soa.yaml is about that control.
    let mut decisions: HashMap<(&str, usize), String> = isms
        .soa
        .decisions
        .iter()
        .map(|(id, d)| {
            (
                (d.location.file.as_str(), d.location.line),
                control_href("", id),
            )
        })
        .collect();
    // So is one placed on a decision in applicability/<framework>.yaml.
    for coverage in &isms.framework_coverage {
        for (id, d) in &coverage.applicability.decisions {
            decisions.insert(
                (d.location.file.as_str(), d.location.line),
                crate::render::urls::framework_control_page(&coverage.id, id),
            );
        }
    }
    let detail = isms.config.show_diagnostics_detail;
    let unpublished: std::collections::HashSet<&str> = isms
        .documents
        .iter()
        .filter(|d| !d.published)
        .map(|d| d.rel_path())
        .collect();
    let withheld = Withheld::of(isms);
    diagnostics
        .iter()
        .filter(|d| d.level != Level::Error)
        // Nothing about a document this build leaves out may show, and a document left out
        // for its classification may not even be named (not its id, not its title): the
        // warnings that cite one go to the terminal only.
        .filter(|d| {
            !d.location
                .as_ref()
                .is_some_and(|l| unpublished.contains(l.file.as_str()))
        })
        .filter(|d| !withheld.concerns(d))
        .map(|d| {
            let file = d.location.as_ref().map(|l| l.file.as_str()).unwrap_or("");
            let place = match &d.location {
                Some(l) if l.line > 0 => Some(format!("{}:{}", l.file, l.line)),
                Some(l) => Some(l.file.clone()),
                None => None,
            };
            let line = d.location.as_ref().map_or(0, |l| l.line);
            let href = pages
                .get(file)
                .map(|p| p.to_string())
                .or_else(|| decisions.get(&(file, line)).cloned())
                .or_else(|| part_page(isms, d.name));
            Finding {
                level: d.level.as_str(),
                message: d.message.clone(),
                href,
                name: detail.then_some(d.name),
                place: place.filter(|_| detail),
            }
        })
        .collect()
}

/// The first page of the part (record kind or register) whose lint `name` is: where a
/// finding about a data file (certification.yaml) or about the ISMS as a whole leads.
fn part_page(isms: &Isms, name: &str) -> Option<String> {
    crate::kinds::parts()
        .find(|p| p.lints.iter().any(|l| l.name == name))
        .and_then(|p| (p.nav)(isms).first().map(|(_, _, page)| page.to_string()))
}

fn home_page<'a>(isms: &'a Isms, diagnostics: &[Diagnostic]) -> HomePage<'a> {
    // Records (risks…) have their own lifecycle and their own cards.
    let published: Vec<_> = isms
        .published()
        .map(|(_, d)| d)
        .filter(|d| d.source.front.record.is_none())
        .collect();
    let by_status = Status::ALL
        .iter()
        .map(|&s| {
            let view: StatusView = s.into();
            Count {
                key: view.key,
                label: view.label,
                count: published
                    .iter()
                    .filter(|d| d.source.front.status == s)
                    .count(),
            }
        })
        .collect();
    // Drafts left out of a build without --drafts; documents withheld by classification are
    // not counted (a published file holds no trace of them).
    let drafts_left_out = isms
        .documents
        .iter()
        .filter(|d| !d.published && d.source.front.status == Status::Draft)
        .filter(|d| crate::model::within_classification(&d.source, isms.config.max_classification))
        .count();
    let drafts_note = match drafts_left_out {
        0 => None,
        1 => Some("1 draft exists and is not published in this manual.".to_string()),
        n => Some(format!(
            "{n} drafts exist and are not published in this manual."
        )),
    };
    let review_health = ReviewState::ALL
        .iter()
        .map(|&state| Count {
            key: state.key(),
            label: state.label(),
            count: tracked(isms)
                .filter(|d| d.review.is_some_and(|r| r.state == state))
                .count(),
        })
        .collect();
    let figures = CoverageView::of(&isms.coverage.overall, "All of Annex A");
    let coverage = CoverageSummary {
        covered: figures.documented,
        percent: figures.documented_percent,
        bar: figures.documented_bar.clone(),
        figures,
        has_soa: isms.has_soa,
    };
    let mut all_findings = findings(isms, diagnostics);
    let more_findings = all_findings.len().saturating_sub(MAX_FINDINGS);
    all_findings.truncate(MAX_FINDINGS);
    HomePage {
        total: published.len(),
        by_status,
        drafts_note,
        review_health,
        coverage,
        findings: all_findings,
        more_findings,
        groups: groups(isms, "")
            .into_iter()
            .map(|g| TypeGroup {
                documents: Vec::new(),
                ..g
            })
            .collect(),
    }
}

#[derive(Serialize)]
struct SearchPage {
    total: usize,
}

/// Renders the home page: the dashboard with the run's findings.
pub fn render_home(
    isms: &Isms,
    templates: &Templates,
    diagnostics: &[Diagnostic],
    sink: &dyn PageSink,
) -> Result<(), RenderError> {
    /// The home page's values and a card per framework with its own decisions.
    #[derive(Serialize)]
    struct WithFrameworks<'a, T: Serialize> {
        #[serde(flatten)]
        home: T,
        frameworks: Vec<super::frameworks::FrameworkCard<'a>>,
        record_cards: Vec<crate::kinds::Card>,
    }
    let home = WithFrameworks {
        home: home_page(isms, diagnostics),
        frameworks: super::frameworks::cards(isms, ""),
        record_cards: crate::kinds::parts()
            .filter_map(|part| (part.card)(isms))
            .collect(),
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
    )
}

/// Renders the home page, the documents index, the search page and the 404 page. Returns
/// how many pages.
pub fn render_all(
    isms: &Isms,
    templates: &Templates,
    diagnostics: &[Diagnostic],
    sink: &dyn PageSink,
) -> Result<usize, RenderError> {
    render_home(isms, templates, diagnostics, sink)?;
    let total = isms
        .published()
        .filter(|(_, d)| d.source.front.record.is_none())
        .count();
    let documents = DocumentsPage {
        total,
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
            path: "search.html",
            template: "search.html",
            title: "Search",
            nav_key: "search",
        },
        &SearchPage { total },
    )?;
    super::not_found::render(isms, templates, sink)?;
    Ok(4)
}
