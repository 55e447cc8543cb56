//! The pages of objectives, KPIs and incidents: objectives.html (the 6.2 table), kpis.html
//! (a trend chart per KPI with its table), kpis/<KPI>.html (chart, values and the rows each
//! came from), incidents.html (counts by severity and month, MTTD and MTTR), and the KPI card
//! of the home page.

use serde::Serialize;

use crate::kinds::{Card, Figure};
use crate::model::Isms;
use crate::render::pages::{render_page, Page};
use crate::render::urls::root_for;
use crate::render::{PageSink, RenderError, Templates};

use super::chart::{sparkline, trend, Plotted};
use super::compute::{incident_metric, number, series, Point, SourceRow};
use super::incidents::{Incident, Severity};
use super::period::{Frequency, Period};
use super::register::{Kpi, Metric, ObjectiveStatus};

pub const OBJECTIVES_PAGE: &str = "objectives.html";
pub const KPIS_PAGE: &str = "kpis.html";
pub const INCIDENTS_PAGE: &str = "incidents.html";

/// A KPI's own page: `kpis/KPI-MTTD.html` (characters unsafe in a file name become `-`).
pub fn kpi_page(kpi: &Kpi) -> String {
    let name: String = kpi
        .id
        .value
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    format!("kpis/{name}.html")
}

/// No card.
pub fn no_card(_: &Isms) -> Option<Card> {
    None
}

fn kpis_of(isms: &Isms) -> &[Kpi] {
    isms.data.objectives.get().map_or(&[], |d| &d.register.kpis)
}

pub fn objectives_nav(isms: &Isms) -> Vec<(&'static str, &'static str, &'static str)> {
    match isms.data.objectives.get() {
        Some(d) if !d.register.objectives.is_empty() => {
            vec![("objectives", "Objectives", OBJECTIVES_PAGE)]
        }
        _ => Vec::new(),
    }
}

pub fn kpis_nav(isms: &Isms) -> Vec<(&'static str, &'static str, &'static str)> {
    if kpis_of(isms).is_empty() {
        Vec::new()
    } else {
        vec![("kpis", "KPIs", KPIS_PAGE)]
    }
}

pub fn incidents_nav(isms: &Isms) -> Vec<(&'static str, &'static str, &'static str)> {
    match isms.data.incidents.get() {
        Some(_) => vec![("incidents", "Incidents", INCIDENTS_PAGE)],
        None => Vec::new(),
    }
}

/// A value of a KPI as a table shows it.
#[derive(Serialize)]
struct ValueRow {
    period: String,
    value: Option<String>,
    /// `met`, `missed` or `none`.
    state: &'static str,
    note: String,
    sources: Vec<SourceView>,
}

#[derive(Serialize)]
struct SourceView {
    id: String,
    title: String,
    detail: String,
    place: String,
    href: Option<String>,
}

#[derive(Serialize)]
struct Link {
    id: String,
    title: String,
    href: Option<String>,
}

#[derive(Serialize)]
struct ActionView {
    id: Option<String>,
    action: String,
    owner: Option<String>,
    due: Option<String>,
    done: Option<String>,
}

#[derive(Serialize)]
struct KpiView {
    id: String,
    anchor: String,
    title: String,
    description: Option<String>,
    href: String,
    unit: String,
    direction: &'static str,
    target: String,
    /// `≤ 24 hours`.
    target_label: String,
    frequency: &'static str,
    owner: Option<String>,
    source: String,
    chart: String,
    rows: Vec<ValueRow>,
    latest: Option<String>,
    latest_period: Option<String>,
    latest_state: &'static str,
    off_target_run: usize,
    objectives: Vec<Link>,
    nonconformities: Vec<Link>,
    actions: Vec<ActionView>,
}

fn state(kpi: &Kpi, point: &Point) -> &'static str {
    match point.value {
        Some(v) if kpi.direction.meets(v, kpi.target) => "met",
        Some(_) => "missed",
        None => "none",
    }
}

fn source_label(kpi: &Kpi) -> String {
    match kpi.metric {
        Some(Metric::Mttd) => {
            "Computed: mean hours from occurrence to detection, incidents.csv".into()
        }
        Some(Metric::Mttr) => {
            "Computed: mean hours from detection to resolution, incidents.csv".into()
        }
        Some(Metric::Count) => "Computed: incidents detected in the period, incidents.csv".into(),
        Some(Metric::ClosedOnTime) => {
            "Computed: nonconformities due in the period whose corrective actions were all done on time".into()
        }
        Some(Metric::DocumentsReviewedOnTime) => {
            "Computed: documents whose review was not overdue at the period's end".into()
        }
        None => format!(
            "Measured: {}/{}.csv",
            super::measurements::FOLDER,
            kpi.id.value
        ),
    }
}

fn kpi_view(isms: &Isms, kpi: &Kpi, root: &str, with_sources: bool) -> KpiView {
    let points = series(isms, kpi);
    let plotted: Vec<Plotted> = points
        .iter()
        .map(|p| Plotted {
            short: p.period.short(),
            period: p.period.to_string(),
            value: p.value,
        })
        .collect();
    let anchor = kpi.id.value.to_lowercase();
    let chart = trend(
        &format!("chart-{anchor}"),
        &format!(
            "{}: values per period against the target of {}",
            kpi.title,
            number(kpi.target)
        ),
        &kpi.unit,
        &plotted,
        Some(kpi.target),
        kpi.direction,
    );
    let latest = points.iter().rev().find(|p| p.value.is_some());
    let objectives = isms
        .data
        .objectives
        .get()
        .iter()
        .flat_map(|d| &d.register.objectives)
        .filter(|o| {
            o.kpis
                .iter()
                .any(|k| k.value.eq_ignore_ascii_case(&kpi.id.value))
        })
        .map(|o| Link {
            id: o.id.value.clone(),
            title: o.title.clone(),
            href: Some(format!(
                "{root}{OBJECTIVES_PAGE}#{}",
                o.id.value.to_lowercase()
            )),
        })
        .collect();
    let nonconformities = kpi
        .nonconformities
        .iter()
        .map(|n| {
            let doc = isms.document(&n.value).filter(|d| d.published);
            Link {
                id: n.value.clone(),
                title: doc.map_or_else(String::new, |d| d.title().to_string()),
                href: doc.map(|d| format!("{root}{}", d.page)),
            }
        })
        .collect();
    let sign = match kpi.direction {
        super::register::Direction::Higher => "≥",
        super::register::Direction::Lower => "≤",
    };
    KpiView {
        id: kpi.id.value.clone(),
        title: kpi.title.clone(),
        description: kpi.description.clone(),
        href: format!("{root}{}", kpi_page(kpi)),
        unit: kpi.unit.clone(),
        direction: kpi.direction.key(),
        target: number(kpi.target),
        target_label: format!("{sign} {} {}", number(kpi.target), kpi.unit)
            .trim_end()
            .to_string(),
        frequency: kpi.frequency.key(),
        owner: kpi.owner.clone(),
        source: source_label(kpi),
        chart,
        latest: latest.and_then(|p| p.value).map(number),
        latest_period: latest.map(|p| p.period.to_string()),
        latest_state: latest.map_or("none", |p| state(kpi, p)),
        off_target_run: super::lints::off_target_run(&points, kpi).len(),
        objectives,
        nonconformities,
        actions: kpi
            .actions
            .iter()
            .map(|a| ActionView {
                id: a.id.clone(),
                action: a.action.clone(),
                owner: a.owner.clone(),
                due: a.due.map(|d| d.to_string()),
                done: a.done.map(|d| d.to_string()),
            })
            .collect(),
        rows: points
            .iter()
            .rev()
            .map(|p| ValueRow {
                period: p.period.to_string(),
                value: p.value.map(number),
                state: state(kpi, p),
                note: p.note.clone(),
                sources: if with_sources {
                    p.sources.iter().map(|s| source_view(s, root)).collect()
                } else {
                    Vec::new()
                },
            })
            .collect(),
        anchor,
    }
}

fn source_view(source: &SourceRow, root: &str) -> SourceView {
    SourceView {
        id: source.id.clone(),
        title: source.title.clone(),
        detail: source.detail.clone(),
        place: source.place.clone(),
        href: source.page.as_ref().map(|p| format!("{root}{p}")),
    }
}

#[derive(Serialize)]
struct ObjectiveView {
    id: String,
    anchor: String,
    title: String,
    owner: Option<String>,
    due: Option<String>,
    overdue: bool,
    status: &'static str,
    status_label: &'static str,
    plan: Option<String>,
    resources: Option<String>,
    evaluation: Option<String>,
    kpis: Vec<KpiLink>,
}

#[derive(Serialize)]
struct KpiLink {
    id: String,
    title: String,
    href: Option<String>,
    latest: Option<String>,
    unit: String,
    state: &'static str,
}

#[derive(Serialize)]
struct ObjectivesPage {
    objectives: Vec<ObjectiveView>,
    open: usize,
    overdue: usize,
    achieved: usize,
}

/// objectives.html.
pub fn objectives(
    isms: &Isms,
    templates: &Templates,
    sink: &dyn PageSink,
) -> Result<usize, RenderError> {
    let Some(data) = isms.data.objectives.get() else {
        return Ok(0);
    };
    if data.register.objectives.is_empty() {
        return Ok(0);
    }
    let list: Vec<ObjectiveView> = data
        .register
        .objectives
        .iter()
        .map(|o| ObjectiveView {
            id: o.id.value.clone(),
            anchor: o.id.value.to_lowercase(),
            title: o.title.clone(),
            owner: o.owner.clone(),
            due: o.due.as_ref().map(|d| d.value.to_string()),
            overdue: o.status == ObjectiveStatus::Open
                && o.due.as_ref().is_some_and(|d| d.value < isms.today),
            status: o.status.key(),
            status_label: o.status.label(),
            plan: o.plan.clone(),
            resources: o.resources.clone(),
            evaluation: o.evaluation.clone(),
            kpis: o
                .kpis
                .iter()
                .map(|k| match data.register.kpi(&k.value) {
                    Some(kpi) => {
                        let points = series(isms, kpi);
                        let latest = points.iter().rev().find(|p| p.value.is_some());
                        KpiLink {
                            id: kpi.id.value.clone(),
                            title: kpi.title.clone(),
                            href: Some(kpi_page(kpi)),
                            latest: latest.and_then(|p| p.value).map(number),
                            unit: kpi.unit.clone(),
                            state: latest.map_or("none", |p| state(kpi, p)),
                        }
                    }
                    None => KpiLink {
                        id: k.value.clone(),
                        title: "not defined".into(),
                        href: None,
                        latest: None,
                        unit: String::new(),
                        state: "none",
                    },
                })
                .collect(),
        })
        .collect();
    let page = ObjectivesPage {
        open: list.iter().filter(|o| o.status == "open").count(),
        overdue: list.iter().filter(|o| o.overdue).count(),
        achieved: list.iter().filter(|o| o.status == "achieved").count(),
        objectives: list,
    };
    render_page(
        isms,
        templates,
        sink,
        Page {
            path: OBJECTIVES_PAGE,
            template: "objectives.html",
            title: "Information security objectives",
            nav_key: "objectives",
        },
        &page,
    )?;
    Ok(1)
}

#[derive(Serialize)]
struct KpisPage {
    kpis: Vec<KpiView>,
    met: usize,
    missed: usize,
    without: usize,
}

#[derive(Serialize)]
struct KpiPage {
    kpi: KpiView,
}

/// kpis.html and a page per KPI.
pub fn kpis(isms: &Isms, templates: &Templates, sink: &dyn PageSink) -> Result<usize, RenderError> {
    let all = kpis_of(isms);
    if all.is_empty() {
        return Ok(0);
    }
    let root = root_for(KPIS_PAGE);
    let views: Vec<KpiView> = all
        .iter()
        .map(|k| kpi_view(isms, k, &root, false))
        .collect();
    let page = KpisPage {
        met: views.iter().filter(|v| v.latest_state == "met").count(),
        missed: views.iter().filter(|v| v.latest_state == "missed").count(),
        without: views.iter().filter(|v| v.latest_state == "none").count(),
        kpis: views,
    };
    render_page(
        isms,
        templates,
        sink,
        Page {
            path: KPIS_PAGE,
            template: "kpis.html",
            title: "Key performance indicators",
            nav_key: "kpis",
        },
        &page,
    )?;
    for kpi in all {
        let path = kpi_page(kpi);
        let root = root_for(&path);
        let title = format!("{} {}", kpi.id.value, kpi.title);
        render_page(
            isms,
            templates,
            sink,
            Page {
                path: &path,
                template: "kpi.html",
                title: &title,
                nav_key: "kpis",
            },
            &KpiPage {
                kpi: kpi_view(isms, kpi, &root, true),
            },
        )?;
    }
    Ok(1 + all.len())
}

#[derive(Serialize)]
struct MonthRow {
    period: String,
    counts: Vec<usize>,
    total: usize,
}

#[derive(Serialize)]
struct IncidentView {
    id: String,
    title: String,
    severity: &'static str,
    severity_label: &'static str,
    occurred: String,
    detected: String,
    resolved: Option<String>,
    to_detect: String,
    to_resolve: Option<String>,
    category: String,
    nonconformity: Option<Link>,
}

#[derive(Serialize)]
struct MetricRow {
    period: String,
    mttd: Option<String>,
    mttr: Option<String>,
}

#[derive(Serialize)]
struct IncidentsPage {
    total: usize,
    unresolved: usize,
    severities: Vec<&'static str>,
    totals: Vec<usize>,
    months: Vec<MonthRow>,
    mttd_chart: String,
    mttr_chart: String,
    metrics: Vec<MetricRow>,
    incidents: Vec<IncidentView>,
}

/// A time as the incident table shows it: `2026-03-04 10:15` (UTC).
fn time(t: jiff::Timestamp) -> String {
    t.strftime("%Y-%m-%d %H:%M").to_string()
}

/// incidents.html.
pub fn incidents(
    isms: &Isms,
    templates: &Templates,
    sink: &dyn PageSink,
) -> Result<usize, RenderError> {
    let Some(log) = isms.data.incidents.get() else {
        return Ok(0);
    };
    let rows: &[Incident] = &log.rows;
    let mut months: Vec<MonthRow> = Vec::new();
    if let (Some(first), Some(last)) = (
        rows.iter()
            .map(|i| Period::of(super::compute::detected_day(i), Frequency::Monthly))
            .min(),
        rows.iter()
            .map(|i| Period::of(super::compute::detected_day(i), Frequency::Monthly))
            .max(),
    ) {
        for period in first.through(last).into_iter().rev() {
            let within: Vec<&Incident> = rows
                .iter()
                .filter(|i| {
                    Period::of(super::compute::detected_day(i), Frequency::Monthly) == period
                })
                .collect();
            months.push(MonthRow {
                period: period.to_string(),
                counts: Severity::ALL
                    .iter()
                    .map(|s| within.iter().filter(|i| i.severity == *s).count())
                    .collect(),
                total: within.len(),
            });
        }
    }
    let mttd = incident_metric(rows, Metric::Mttd, Frequency::Monthly, isms.today);
    let mttr = incident_metric(rows, Metric::Mttr, Frequency::Monthly, isms.today);
    let plot = |points: &[Point]| -> Vec<Plotted> {
        points
            .iter()
            .map(|p| Plotted {
                short: p.period.short(),
                period: p.period.to_string(),
                value: p.value,
            })
            .collect()
    };
    let target_of = |metric: Metric| {
        kpis_of(isms)
            .iter()
            .find(|k| k.metric == Some(metric) && k.frequency == Frequency::Monthly)
            .map(|k| (k.target, k.direction))
    };
    let chart = |id: &str, title: &str, points: &[Point], metric: Metric| {
        let (target, direction) = match target_of(metric) {
            Some((t, d)) => (Some(t), d),
            None => (None, super::register::Direction::Lower),
        };
        trend(id, title, "h", &plot(points), target, direction)
    };
    let mut incidents: Vec<&Incident> = rows.iter().collect();
    incidents.sort_by(|a, b| b.detected.cmp(&a.detected).then_with(|| a.id.cmp(&b.id)));
    let page = IncidentsPage {
        total: rows.len(),
        unresolved: rows.iter().filter(|i| i.resolved.is_none()).count(),
        severities: Severity::ALL.iter().map(|s| s.label()).collect(),
        totals: Severity::ALL
            .iter()
            .map(|s| rows.iter().filter(|i| i.severity == *s).count())
            .collect(),
        months,
        mttd_chart: chart(
            "chart-mttd",
            "Mean time to detect per month, in hours",
            &mttd,
            Metric::Mttd,
        ),
        mttr_chart: chart(
            "chart-mttr",
            "Mean time to resolve per month, in hours",
            &mttr,
            Metric::Mttr,
        ),
        metrics: mttd
            .iter()
            .zip(&mttr)
            .rev()
            .map(|(d, r)| MetricRow {
                period: d.period.to_string(),
                mttd: d.value.map(number),
                mttr: r.value.map(number),
            })
            .collect(),
        incidents: incidents
            .into_iter()
            .map(|i| IncidentView {
                id: i.id.clone(),
                title: i.title.clone(),
                severity: i.severity.key(),
                severity_label: i.severity.label(),
                occurred: time(i.occurred),
                detected: time(i.detected),
                resolved: i.resolved.map(time),
                to_detect: number(i.hours_to_detect()),
                to_resolve: i.hours_to_resolve().map(number),
                category: i.category.clone(),
                nonconformity: i.nonconformity.as_ref().map(|n| {
                    let doc = isms.document(n).filter(|d| d.published);
                    Link {
                        id: n.clone(),
                        title: doc.map_or_else(String::new, |d| d.title().to_string()),
                        href: doc.map(|d| d.page.clone()),
                    }
                }),
            })
            .collect(),
    };
    render_page(
        isms,
        templates,
        sink,
        Page {
            path: INCIDENTS_PAGE,
            template: "incidents.html",
            title: "Incidents",
            nav_key: "incidents",
        },
        &page,
    )?;
    Ok(1)
}

/// The home page's KPI card: KPIs on and off target, overdue objectives, a sparkline per KPI.
pub fn kpi_card(isms: &Isms) -> Option<Card> {
    let all = kpis_of(isms);
    if all.is_empty() {
        return None;
    }
    let mut met = 0;
    let mut missed = Vec::new();
    let mut sparklines = Vec::new();
    for kpi in all {
        let points = series(isms, kpi);
        let latest = points.iter().rev().find(|p| p.value.is_some());
        let shown = latest.map_or("none", |p| state(kpi, p));
        match shown {
            "met" => met += 1,
            "missed" => missed.push((kpi.id.value.clone(), kpi.title.clone(), kpi_page(kpi))),
            _ => {}
        }
        let recent: Vec<Option<f64>> = points
            .iter()
            .rev()
            .take(12)
            .rev()
            .map(|p| p.value)
            .collect();
        let value = latest.and_then(|p| p.value).map_or_else(
            || "no value".to_string(),
            |v| format!("{} {}", number(v), kpi.unit),
        );
        let label = format!(
            "{}: latest {value}{}, target {} {}",
            kpi.title,
            latest.map_or(String::new(), |p| format!(" ({})", p.period)),
            number(kpi.target),
            kpi.unit
        );
        sparklines.push(crate::kinds::Sparkline {
            label: kpi.title.clone(),
            value,
            state: shown,
            href: kpi_page(kpi),
            svg: sparkline(&label, &recent, Some(kpi.target)),
        });
    }
    let overdue = isms
        .data
        .objectives
        .get()
        .iter()
        .flat_map(|d| &d.register.objectives)
        .filter(|o| {
            o.status == ObjectiveStatus::Open
                && o.due.as_ref().is_some_and(|d| d.value < isms.today)
        })
        .count();
    let figure = |label: &str, count: usize, class: &'static str, href: &'static str| Figure {
        label: label.to_string(),
        count,
        class,
        href,
    };
    Some(Card {
        key: "kpis",
        heading: "Objectives and KPIs",
        figures: vec![
            figure("KPIs on target", met, "kpi-met", KPIS_PAGE),
            figure("KPIs off target", missed.len(), "kpi-missed", KPIS_PAGE),
            figure(
                "objectives overdue",
                overdue,
                "objective-overdue",
                OBJECTIVES_PAGE,
            ),
        ],
        attention_heading: "Off target".into(),
        attention: missed,
        links: vec![
            ("Objectives", OBJECTIVES_PAGE),
            ("KPIs", KPIS_PAGE),
            ("kpis.csv", super::export::KPIS_CSV),
        ],
        sparklines,
    })
}
