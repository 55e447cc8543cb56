//! The pages of each framework with its own decisions: a decision table with coverage by
//! group (`frameworks/<id>/index.html`) and a page per control, showing direct coverage and
//! coverage via mapping apart.

use serde::Serialize;

use crate::catalog::{ControlRef, Framework, FrameworkControl, ISO_2022};
use crate::model::framework_coverage::{ControlCoverage, FrameworkCoverage, FrameworkFigures};
use crate::model::Isms;
use crate::render::control_rows::{applicable_of, status_of, Labelled};
use crate::render::svg::stacked_bar;
use crate::render::urls::{control_href, framework_control_page, framework_page, root_for};
use crate::render::view::DocSummary;
use crate::render::{PageSink, RenderError, Templates};
use crate::source::applicability::file_of;
use crate::source::soa::Decision;

use super::{render_page, Page};

#[derive(Serialize)]
struct FrameworkHeader<'a> {
    id: &'a str,
    name: &'a str,
    version: &'a str,
    href: String,
    /// `applicability/<id>.yaml`, and whether the project has it.
    decisions_file: String,
    has_decisions: bool,
    /// The CSV export, relative to the page.
    csv: String,
    /// What the framework calls a control, and controls.
    noun: &'a str,
    nouns: &'a str,
}

#[derive(Serialize)]
struct GroupRow<'a> {
    id: &'a str,
    title: &'a str,
    figures: FrameworkFigures,
    bar: String,
}

/// A control mapped to this one, and the documents that list it.
#[derive(Serialize)]
struct ViaRow<'a> {
    /// `iso27001-2022:A.8.5`
    through: String,
    /// `ISO/IEC 27001:2022 Annex A` and `A.8.5`.
    framework_name: &'a str,
    control: &'a str,
    through_title: Option<&'a str>,
    href: Option<String>,
    relationship: &'static str,
    documents: Vec<DocSummary<'a>>,
}

#[derive(Serialize)]
struct ControlView<'a> {
    id: &'a str,
    title: &'a str,
    description: Option<&'a str>,
    group: Option<&'a str>,
    href: String,
    attributes: &'a [(String, String)],
    applicable: Labelled,
    status: Labelled,
    justification: Option<&'a str>,
    /// The reasons for inclusion, as the exports label them.
    reasons: Vec<&'static str>,
    documents: Vec<DocSummary<'a>>,
    /// Every mapped control, with its documents (maybe none).
    mapped: Vec<ViaRow<'a>>,
    /// The mapped controls that published documents list.
    via: Vec<ViaRow<'a>>,
    /// documented / via-mapping / gap / excluded / undecided.
    state: Labelled,
}

#[derive(Serialize)]
struct IndexPage<'a> {
    framework: FrameworkHeader<'a>,
    overall: GroupRow<'a>,
    groups: Vec<GroupRow<'a>>,
    controls: Vec<ControlView<'a>>,
}

#[derive(Serialize)]
struct ControlPage<'a> {
    framework: FrameworkHeader<'a>,
    control: ControlView<'a>,
}

/// What the home page shows of a framework with its own decisions.
#[derive(Serialize)]
pub struct FrameworkCard<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub href: String,
    pub figures: FrameworkFigures,
    pub bar: String,
    pub has_decisions: bool,
    /// What the framework calls its controls (`subcategories`).
    pub nouns: &'a str,
}

/// A card per framework with its own decisions, links relative to `root`.
pub fn cards<'a>(isms: &'a Isms, root: &str) -> Vec<FrameworkCard<'a>> {
    isms.framework_coverage
        .iter()
        .filter_map(|coverage| {
            let framework = isms.frameworks.get(&coverage.id)?;
            let figures = coverage.figures(framework, &isms.documents, |_| true);
            Some(FrameworkCard {
                id: &framework.id,
                name: &framework.name,
                href: format!("{root}{}", framework_page(&framework.id)),
                bar: figures_bar(&figures, &framework.name),
                figures,
                has_decisions: coverage.applicability.file.is_some(),
                nouns: &framework.noun.1,
            })
        })
        .collect()
}

/// Renders the pages of every framework with its own decisions; returns how many.
pub fn render_all(
    isms: &Isms,
    templates: &Templates,
    sink: &dyn PageSink,
) -> Result<usize, RenderError> {
    let mut pages = 0;
    for coverage in &isms.framework_coverage {
        let Some(framework) = isms.frameworks.get(&coverage.id) else {
            continue;
        };
        pages += render_framework(isms, templates, sink, framework, coverage)?;
    }
    Ok(pages)
}

fn render_framework(
    isms: &Isms,
    templates: &Templates,
    sink: &dyn PageSink,
    framework: &Framework,
    coverage: &FrameworkCoverage,
) -> Result<usize, RenderError> {
    let index_path = framework_page(&framework.id);
    let root = root_for(&index_path);
    let header = || FrameworkHeader {
        id: &framework.id,
        name: &framework.name,
        version: &framework.version,
        href: format!("{root}{index_path}"),
        decisions_file: file_of(&framework.id),
        has_decisions: coverage.applicability.file.is_some(),
        csv: format!(
            "{root}{}",
            crate::render::framework_exports::csv_path(&framework.id)
        ),
        noun: &framework.noun.0,
        nouns: &framework.noun.1,
    };
    let group_row = |title: &str, which: &dyn Fn(usize) -> bool| {
        let figures = coverage.figures(framework, &isms.documents, which);
        let bar = figures_bar(&figures, title);
        (figures, bar)
    };
    let (figures, bar) = group_row("All controls", &|_| true);
    let overall = GroupRow {
        id: "all",
        title: "All controls",
        figures,
        bar,
    };
    let groups = framework
        .groups
        .iter()
        .map(|g| {
            let (figures, bar) = group_row(&g.title, &|i: usize| {
                framework.controls[i].group.as_deref() == Some(g.id.as_str())
            });
            GroupRow {
                id: &g.id,
                title: &g.title,
                figures,
                bar,
            }
        })
        .collect();
    let view = |i: usize, root: &str| control_view(isms, framework, coverage, i, root);
    let controls = (0..framework.controls.len())
        .map(|i| view(i, &root))
        .collect();
    let title = framework.name.clone();
    render_page(
        isms,
        templates,
        sink,
        Page {
            path: &index_path,
            template: "framework.html",
            title: &title,
            nav_key: &format!("framework-{}", framework.id),
        },
        &IndexPage {
            framework: header(),
            overall,
            groups,
            controls,
        },
    )?;
    let csv = crate::render::framework_exports::framework_csv(isms, framework, coverage).map_err(
        |e| {
            crate::render::exports::export_error(
                &crate::render::framework_exports::csv_path(&framework.id),
                e.to_string(),
            )
        },
    )?;
    crate::render::put(
        sink,
        &crate::render::framework_exports::csv_path(&framework.id),
        &csv,
    )?;
    for (i, control) in framework.controls.iter().enumerate() {
        let path = framework_control_page(&framework.id, &control.id);
        let control_root = root_for(&path);
        let title = format!("{} {}", control.id, control.title);
        render_page(
            isms,
            templates,
            sink,
            Page {
                path: &path,
                template: "framework_control.html",
                title: &title,
                nav_key: &format!("framework-{}", framework.id),
            },
            &ControlPage {
                framework: header(),
                control: view(i, &control_root),
            },
        )?;
    }
    Ok(1 + framework.controls.len())
}

fn figures_bar(f: &FrameworkFigures, title: &str) -> String {
    stacked_bar(
        &[
            ("bar-covered", f.documented),
            ("bar-partial", f.via_mapping),
            ("bar-gap", f.gaps),
        ],
        f.applicable,
        &format!(
            "{title}: of {} applicable controls, {} documented, {} via mapping only, {} gaps",
            f.applicable, f.documented, f.via_mapping, f.gaps
        ),
    )
}

fn control_view<'a>(
    isms: &'a Isms,
    framework: &'a Framework,
    coverage: &'a FrameworkCoverage,
    index: usize,
    root: &str,
) -> ControlView<'a> {
    let control: &FrameworkControl = &framework.controls[index];
    let decision = coverage.decision(&control.id);
    let state = &coverage.controls[index];
    let summaries = |indexes: &[usize]| -> Vec<DocSummary<'a>> {
        indexes
            .iter()
            .map(|&i| &isms.documents[i])
            .filter(|d| d.published)
            .map(|d| DocSummary::new(d, root))
            .collect()
    };
    ControlView {
        id: &control.id,
        title: &control.title,
        description: control.description.as_deref(),
        group: control
            .group
            .as_deref()
            .and_then(|g| framework.group(g))
            .map(|g| g.title.as_str()),
        href: format!(
            "{root}{}",
            framework_control_page(&framework.id, &control.id)
        ),
        attributes: &control.attributes,
        applicable: applicable_of(decision),
        status: status_of(decision),
        justification: decision.and_then(|d| d.justification.as_deref()),
        reasons: decision
            .map(|d| d.reasons.iter().map(|r| r.label()).collect())
            .unwrap_or_default(),
        documents: summaries(&state.direct),
        mapped: mapped_rows(isms, state, root, &summaries),
        via: mapped_rows(isms, state, root, &summaries)
            .into_iter()
            .filter(|v| !v.documents.is_empty())
            .collect(),
        state: state_of(isms, decision, state),
    }
}

/// The rows of the controls mapped to a control.
fn mapped_rows<'a>(
    isms: &'a Isms,
    state: &'a ControlCoverage,
    root: &str,
    summaries: &dyn Fn(&[usize]) -> Vec<DocSummary<'a>>,
) -> Vec<ViaRow<'a>> {
    state
        .via
        .iter()
        .map(|m| {
            let target = isms.frameworks.get(&m.through.framework);
            ViaRow {
                through: m.through.to_string(),
                framework_name: target.map_or(m.through.framework.as_str(), |f| f.name.as_str()),
                control: &m.through.control,
                through_title: target
                    .and_then(|f| f.control(&m.through.control))
                    .map(|c| c.title.as_str()),
                href: control_link(isms, &m.through, root),
                relationship: m.relationship.key(),
                documents: summaries(&m.documents),
            }
        })
        .collect()
}

/// The page of a mapped control, when the site has one.
fn control_link(isms: &Isms, control: &ControlRef, root: &str) -> Option<String> {
    if control.framework == ISO_2022 {
        let id = crate::catalog::ParsedControlRef::parse(&control.control)?;
        let crate::catalog::ParsedControlRef::Current(id) = id else {
            return None;
        };
        return Some(control_href(root, &id));
    }
    isms.framework_coverage
        .iter()
        .any(|c| c.id == control.framework)
        .then(|| {
            format!(
                "{root}{}",
                framework_control_page(&control.framework, &control.control)
            )
        })
}

fn state_of(isms: &Isms, decision: Option<&Decision>, state: &ControlCoverage) -> Labelled {
    match decision.map(|d| d.applicable) {
        None => Labelled {
            key: "undecided",
            label: "Not decided",
        },
        Some(false) => Labelled {
            key: "excluded",
            label: "Excluded",
        },
        Some(true) if state.is_documented(&isms.documents) => Labelled {
            key: "documented",
            label: "Documented",
        },
        Some(true) if state.is_documented_via_mapping(&isms.documents) => Labelled {
            key: "via-mapping",
            label: "Via mapping only",
        },
        Some(true) => Labelled {
            key: "gap",
            label: "Not documented",
        },
    }
}
