//! The CAPA tracker (nonconformities.html): open items by age and grade, overdue corrective
//! actions, effectiveness checks due, trends by clause, control and source, and the
//! register, filterable without JavaScript; and the home page's card.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::calendar::{Interval, IntervalUnit};
use crate::diagnostic::natural_cmp;
use crate::kinds::{Card, Figure};
use crate::model::Isms;
use crate::render::pages::{render_page, Page};
use crate::render::urls::root_for;
use crate::render::{PageSink, RenderError, Templates};

use super::view::NcView;
use super::{nonconformities, Grade, NcRef, KIND};

pub const TRACKER: &str = "nonconformities.html";

/// The age brackets of open nonconformities: (label, up to this many days).
const AGES: [(&str, i64); 4] = [
    ("up to 30 days", 30),
    ("31–90 days", 90),
    ("91–180 days", 180),
    ("over 180 days", i64::MAX),
];

#[derive(Serialize)]
struct Link {
    id: String,
    href: String,
}

#[derive(Serialize)]
struct AgeRow {
    label: String,
    cells: Vec<Vec<Link>>,
    total: usize,
}

#[derive(Serialize)]
struct Choice {
    key: &'static str,
    label: &'static str,
}

#[derive(Serialize)]
struct OverdueAction {
    nc_id: String,
    nc_href: String,
    id: Option<String>,
    action: String,
    owner: Option<String>,
    due: String,
    days_overdue: i64,
}

#[derive(Serialize)]
struct CheckDue {
    nc_id: String,
    nc_title: String,
    nc_href: String,
    status_label: &'static str,
    due: Option<String>,
    by: Option<String>,
    overdue: bool,
}

#[derive(Serialize)]
struct Trend {
    name: String,
    href: Option<String>,
    last_year: usize,
    total: usize,
    ncs: Vec<Link>,
}

#[derive(Serialize)]
struct TrackerPage {
    ncs: Vec<NcView>,
    open: usize,
    closed: usize,
    open_majors: usize,
    grades: Vec<Choice>,
    statuses: Vec<Choice>,
    ages: Vec<AgeRow>,
    undated_open: Vec<Link>,
    overdue_actions: Vec<OverdueAction>,
    checks_due: Vec<CheckDue>,
    by_clause: Vec<Trend>,
    by_control: Vec<Trend>,
    by_source: Vec<Trend>,
    trend_since: String,
}

/// The tracker in the navigation, when the project has nonconformities.
pub fn nav(isms: &Isms) -> Vec<(&'static str, &'static str, &'static str)> {
    if nonconformities(isms).next().is_none() {
        return Vec::new();
    }
    vec![("nonconformities", "Nonconformities", TRACKER)]
}

fn published(isms: &Isms) -> Vec<NcRef<'_>> {
    nonconformities(isms).filter(|n| n.doc.published).collect()
}

/// The home page's card: open majors, overdue corrective actions, effectiveness checks due.
pub fn card(isms: &Isms) -> Option<Card> {
    let all = published(isms);
    if all.is_empty() {
        return None;
    }
    let views: Vec<NcView> = all.iter().map(|n| NcView::new(isms, *n, "")).collect();
    let majors: Vec<(String, String, String)> = views
        .iter()
        .filter(|v| v.status != "closed" && v.grade == Some("major"))
        .map(|v| (v.id.clone(), v.title.clone(), v.href.clone()))
        .collect();
    let figure = |label: &str, count: usize, class: &'static str, href: &'static str| Figure {
        label: label.to_string(),
        count,
        class,
        href,
    };
    Some(Card {
        key: "nonconformities",
        heading: "Nonconformities",
        figures: vec![
            figure(
                "open",
                views.iter().filter(|v| v.status != "closed").count(),
                "status-open",
                TRACKER,
            ),
            figure(
                "open majors",
                majors.len(),
                "grade-major",
                "nonconformities.html#by-age",
            ),
            figure(
                "overdue corrective actions",
                views.iter().map(|v| v.overdue_actions).sum(),
                "action-overdue",
                "nonconformities.html#overdue-actions",
            ),
            figure(
                "effectiveness checks due",
                checks_due(isms, &all, "").len(),
                "status-planned",
                "nonconformities.html#checks-due",
            ),
        ],
        attention_heading: "Open major nonconformities".into(),
        attention: majors,
        links: vec![
            ("CAPA tracker", TRACKER),
            ("nonconformities.xlsx", "nonconformities.xlsx"),
        ],
    })
}

/// Renders the tracker; the number of pages written.
pub fn render_all(
    isms: &Isms,
    templates: &Templates,
    sink: &dyn PageSink,
) -> Result<usize, RenderError> {
    if nonconformities(isms).next().is_none() {
        return Ok(0);
    }
    let all = published(isms);
    let root = root_for(TRACKER);
    let views: Vec<NcView> = all.iter().map(|n| NcView::new(isms, *n, &root)).collect();
    let page = TrackerPage {
        open: views.iter().filter(|v| v.status != "closed").count(),
        closed: views.iter().filter(|v| v.status == "closed").count(),
        open_majors: views
            .iter()
            .filter(|v| v.status != "closed" && v.grade == Some("major"))
            .count(),
        grades: Grade::ALL
            .iter()
            .map(|g| Choice {
                key: g.key(),
                label: g.label(),
            })
            .collect(),
        statuses: KIND
            .statuses
            .iter()
            .map(|(k, l)| Choice { key: k, label: l })
            .collect(),
        ages: ages(&views),
        undated_open: views
            .iter()
            .filter(|v| v.status != "closed" && v.age_days.is_none())
            .map(|v| Link {
                id: v.id.clone(),
                href: v.href.clone(),
            })
            .collect(),
        overdue_actions: overdue_actions(isms, &views),
        checks_due: checks_due(isms, &all, &root),
        by_clause: trends(isms, &all, &root, |n| {
            n.doc
                .source
                .front
                .clauses
                .iter()
                .map(|c| (c.value.clone(), None))
                .collect()
        }),
        by_control: trends(isms, &all, &root, |n| {
            n.doc
                .controls
                .iter()
                .filter_map(|c| match c {
                    crate::model::ControlRef::Current(id) => Some((
                        id.to_string(),
                        Some(crate::render::urls::control_href(&root, id)),
                    )),
                    _ => None,
                })
                .collect()
        }),
        by_source: trends(isms, &all, &root, |n| {
            n.nc.source
                .iter()
                .map(|s| {
                    let href = isms
                        .document(&s.value)
                        .filter(|d| d.published)
                        .map(|d| crate::render::urls::document_href(&root, d));
                    (s.value.clone(), href)
                })
                .collect()
        }),
        trend_since: year_ago(isms).to_string(),
        ncs: views,
    };
    render_page(
        isms,
        templates,
        sink,
        Page {
            path: TRACKER,
            template: "nonconformities.html",
            title: "Nonconformities and corrective actions",
            nav_key: "nonconformities",
        },
        &page,
    )?;
    Ok(1)
}

fn year_ago(isms: &Isms) -> jiff::civil::Date {
    Interval::new(12, IntervalUnit::Months).before(isms.today)
}

/// Open nonconformities by age bracket (rows) and grade (columns).
fn ages(views: &[NcView]) -> Vec<AgeRow> {
    let mut rows: Vec<AgeRow> = AGES
        .iter()
        .map(|(label, _)| AgeRow {
            label: (*label).to_string(),
            cells: Grade::ALL.iter().map(|_| Vec::new()).collect(),
            total: 0,
        })
        .collect();
    for v in views.iter().filter(|v| v.status != "closed") {
        let (Some(age), Some(grade)) = (v.age_days, v.grade) else {
            continue;
        };
        let row = AGES
            .iter()
            .position(|(_, max)| age <= *max)
            .unwrap_or(AGES.len() - 1);
        let column = Grade::ALL
            .iter()
            .position(|g| g.key() == grade)
            .unwrap_or(0);
        rows[row].cells[column].push(Link {
            id: v.id.clone(),
            href: v.href.clone(),
        });
        rows[row].total += 1;
    }
    rows
}

fn overdue_actions(isms: &Isms, views: &[NcView]) -> Vec<OverdueAction> {
    let mut out: Vec<OverdueAction> = views
        .iter()
        .filter(|v| v.status != "closed")
        .flat_map(|v| {
            v.actions
                .iter()
                .filter(|a| a.state == "overdue")
                .map(move |a| (v, a))
        })
        .map(|(v, a)| {
            let due = a.due.clone().unwrap_or_default();
            let days_overdue = crate::calendar::parse_date(&due)
                .map(|d| super::lints::days_between(d, isms.today))
                .unwrap_or(0);
            OverdueAction {
                nc_id: v.id.clone(),
                nc_href: v.href.clone(),
                id: a.id.clone(),
                action: a.action.clone(),
                owner: a.owner.clone().or_else(|| v.owner.clone()),
                due,
                days_overdue,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        a.due
            .cmp(&b.due)
            .then_with(|| natural_cmp(&a.nc_id, &b.nc_id))
    });
    out
}

/// Effectiveness checks to do: scheduled and not done, or an implemented nonconformity with
/// none scheduled; by due date (unscheduled last).
fn checks_due(isms: &Isms, all: &[NcRef], root: &str) -> Vec<CheckDue> {
    let mut out: Vec<CheckDue> = all
        .iter()
        .filter_map(|n| {
            let due = n.effectiveness_pending();
            let unscheduled = !n.is_closed()
                && n.stage() >= 2
                && n.nc
                    .effectiveness
                    .as_ref()
                    .is_none_or(|e| e.due.is_none() && e.checked.is_none());
            if due.is_none() && !unscheduled {
                return None;
            }
            let status_label = n
                .doc
                .source
                .front
                .record
                .as_ref()
                .map_or("Open", |r| r.status_label());
            Some(CheckDue {
                nc_id: n.doc.id().to_string(),
                nc_title: n.doc.title().to_string(),
                nc_href: crate::render::urls::document_href(root, n.doc),
                status_label,
                due: due.map(|d| d.to_string()),
                by: n.nc.effectiveness.as_ref().and_then(|e| e.by.clone()),
                overdue: due.is_some_and(|d| d < isms.today),
            })
        })
        .collect();
    out.sort_by(|a, b| {
        a.due
            .is_none()
            .cmp(&b.due.is_none())
            .then_with(|| a.due.cmp(&b.due))
            .then_with(|| natural_cmp(&a.nc_id, &b.nc_id))
    });
    out
}

/// How many nonconformities name each clause (control, source): in the last 12 months and
/// in all; most frequent first.
fn trends(
    isms: &Isms,
    all: &[NcRef],
    root: &str,
    named: impl Fn(&NcRef) -> Vec<(String, Option<String>)>,
) -> Vec<Trend> {
    let since = year_ago(isms);
    let mut by: BTreeMap<String, Trend> = BTreeMap::new();
    for n in all {
        let mut names = named(n);
        names.sort();
        names.dedup();
        for (name, href) in names {
            let trend = by.entry(name.clone()).or_insert_with(|| Trend {
                name,
                href,
                last_year: 0,
                total: 0,
                ncs: Vec::new(),
            });
            trend.total += 1;
            if n.nc.raised.is_some_and(|r| r >= since && r <= isms.today) {
                trend.last_year += 1;
            }
            trend.ncs.push(Link {
                id: n.doc.id().to_string(),
                href: crate::render::urls::document_href(root, n.doc),
            });
        }
    }
    let mut list: Vec<Trend> = by.into_values().collect();
    list.sort_by(|a, b| {
        b.last_year
            .cmp(&a.last_year)
            .then(b.total.cmp(&a.total))
            .then_with(|| natural_cmp(&a.name, &b.name))
    });
    list
}
