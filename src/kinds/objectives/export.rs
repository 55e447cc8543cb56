//! The exports of objectives, KPIs and incidents: kpis.csv (every period's value), their
//! entries in annexa.json, and objective due dates for the calendars.

use serde::Serialize;

use crate::kinds::CalendarEntry;
use crate::model::Isms;
use crate::render::exports::{csv_writer, export_error, into_bytes, write_safe_record};
use crate::render::{put, PageSink, RenderError};

use super::compute::{number, series, Point};
use super::register::{Kpi, ObjectiveStatus};

/// The file written beside the KPI pages.
pub const KPIS_CSV: &str = "kpis.csv";

/// The columns of kpis.csv.
pub const COLUMNS: [&str; 11] = [
    "kpi",
    "title",
    "period",
    "value",
    "unit",
    "direction",
    "target",
    "on_target",
    "frequency",
    "source",
    "note",
];

/// A part with no files of its own.
pub fn none(_: &Isms, _: &dyn PageSink) -> Result<(), RenderError> {
    Ok(())
}

/// A part with no dated entries.
pub fn no_calendar(_: &Isms) -> Vec<CalendarEntry> {
    Vec::new()
}

/// Where a KPI's values come from, as kpis.csv and annexa.json say it.
pub fn source_of(kpi: &Kpi) -> String {
    match kpi.metric {
        Some(metric) => format!("{}:{}", metric.source(), metric.key()),
        None => format!("{}/{}.csv", super::measurements::FOLDER, kpi.id.value),
    }
}

fn on_target(kpi: &Kpi, point: &Point) -> Option<bool> {
    point.value.map(|v| kpi.direction.meets(v, kpi.target))
}

/// kpis.csv: one row per KPI and period, oldest first.
pub fn kpis_csv_bytes(isms: &Isms) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv_writer();
    write_safe_record(&mut writer, COLUMNS)?;
    for kpi in isms
        .data
        .objectives
        .get()
        .iter()
        .flat_map(|d| &d.register.kpis)
    {
        let (target, source) = (number(kpi.target), source_of(kpi));
        for point in series(isms, kpi) {
            let period = point.period.to_string();
            let value = point.value.map(number).unwrap_or_default();
            let met = match on_target(kpi, &point) {
                Some(true) => "yes",
                Some(false) => "no",
                None => "",
            };
            write_safe_record(
                &mut writer,
                [
                    kpi.id.value.as_str(),
                    &kpi.title,
                    &period,
                    &value,
                    &kpi.unit,
                    kpi.direction.key(),
                    &target,
                    met,
                    kpi.frequency.key(),
                    &source,
                    &point.note,
                ],
            )?;
        }
    }
    into_bytes(writer)
}

/// Writes kpis.csv when the project has KPIs.
pub fn kpis_csv(isms: &Isms, sink: &dyn PageSink) -> Result<(), RenderError> {
    if isms
        .data
        .objectives
        .get()
        .is_none_or(|d| d.register.kpis.is_empty())
    {
        return Ok(());
    }
    let bytes = kpis_csv_bytes(isms).map_err(|e| export_error(KPIS_CSV, e.to_string()))?;
    put(sink, KPIS_CSV, &bytes)
}

#[derive(Serialize)]
struct JsonObjective<'a> {
    id: &'a str,
    title: &'a str,
    owner: Option<&'a str>,
    due: Option<String>,
    plan: Option<&'a str>,
    resources: Option<&'a str>,
    evaluation: Option<&'a str>,
    status: &'static str,
    overdue: bool,
    kpis: Vec<&'a str>,
}

/// The objectives for annexa.json.
pub fn objectives_json(isms: &Isms) -> Option<serde_json::Value> {
    let data = isms.data.objectives.get()?;
    let list: Vec<JsonObjective> = data
        .register
        .objectives
        .iter()
        .map(|o| JsonObjective {
            id: &o.id.value,
            title: &o.title,
            owner: o.owner.as_deref(),
            due: o.due.as_ref().map(|d| d.value.to_string()),
            plan: o.plan.as_deref(),
            resources: o.resources.as_deref(),
            evaluation: o.evaluation.as_deref(),
            status: o.status.key(),
            overdue: o.status == ObjectiveStatus::Open
                && o.due.as_ref().is_some_and(|d| d.value < isms.today),
            kpis: o.kpis.iter().map(|k| k.value.as_str()).collect(),
        })
        .collect();
    serde_json::to_value(list).ok()
}

#[derive(Serialize)]
struct JsonValue {
    period: String,
    value: Option<f64>,
    on_target: Option<bool>,
    note: String,
    sources: Vec<super::compute::SourceRow>,
}

#[derive(Serialize)]
struct JsonKpi<'a> {
    id: &'a str,
    title: &'a str,
    page: String,
    unit: &'a str,
    direction: &'static str,
    target: f64,
    frequency: &'static str,
    owner: Option<&'a str>,
    source: String,
    nonconformities: Vec<&'a str>,
    values: Vec<JsonValue>,
}

/// The KPIs with every value and the rows it came from, for annexa.json.
pub fn kpis_json(isms: &Isms) -> Option<serde_json::Value> {
    let data = isms.data.objectives.get()?;
    let list: Vec<JsonKpi> = data
        .register
        .kpis
        .iter()
        .map(|kpi| JsonKpi {
            id: &kpi.id.value,
            title: &kpi.title,
            page: super::pages::kpi_page(kpi),
            unit: &kpi.unit,
            direction: kpi.direction.key(),
            target: kpi.target,
            frequency: kpi.frequency.key(),
            owner: kpi.owner.as_deref(),
            source: source_of(kpi),
            nonconformities: kpi
                .nonconformities
                .iter()
                .map(|n| n.value.as_str())
                .collect(),
            values: series(isms, kpi)
                .into_iter()
                .map(|p| JsonValue {
                    period: p.period.to_string(),
                    value: p.value,
                    on_target: on_target(kpi, &p),
                    note: p.note,
                    sources: p.sources,
                })
                .collect(),
        })
        .collect();
    serde_json::to_value(list).ok()
}

#[derive(Serialize)]
struct JsonIncident<'a> {
    id: &'a str,
    title: &'a str,
    severity: &'static str,
    occurred: String,
    detected: String,
    resolved: Option<String>,
    hours_to_detect: f64,
    hours_to_resolve: Option<f64>,
    category: &'a str,
    nonconformity: Option<&'a str>,
}

/// A time in UTC as ISO 8601, to the minute unless it has seconds (`2026-03-04T10:15Z`): no
/// more precise than the log wrote it.
pub fn iso_time(t: jiff::Timestamp) -> String {
    let format = if t.as_second() % 60 == 0 {
        "%Y-%m-%dT%H:%MZ"
    } else {
        "%Y-%m-%dT%H:%M:%SZ"
    };
    t.strftime(format).to_string()
}

/// The incident log for annexa.json.
pub fn incidents_json(isms: &Isms) -> Option<serde_json::Value> {
    let incidents = isms.data.incidents.get()?;
    let list: Vec<JsonIncident> = incidents
        .rows
        .iter()
        .map(|i| JsonIncident {
            id: &i.id,
            title: &i.title,
            severity: i.severity.key(),
            occurred: iso_time(i.occurred),
            detected: iso_time(i.detected),
            resolved: i.resolved.map(iso_time),
            hours_to_detect: i.hours_to_detect(),
            hours_to_resolve: i.hours_to_resolve(),
            category: &i.category,
            nonconformity: i.nonconformity.as_deref(),
        })
        .collect();
    serde_json::to_value(list).ok()
}

/// The due dates of open objectives.
pub fn calendar(isms: &Isms) -> Vec<CalendarEntry> {
    let Some(data) = isms.data.objectives.get() else {
        return Vec::new();
    };
    data.register
        .objectives
        .iter()
        .filter(|o| o.status == ObjectiveStatus::Open)
        .filter_map(|o| {
            let due = o.due.as_ref()?.value;
            let overdue = due < isms.today;
            Some(CalendarEntry {
                uid: format!("objective-{}", o.id.value).to_lowercase(),
                date: due,
                summary: format!(
                    "{}Objective {} due: {}",
                    if overdue { "OVERDUE: " } else { "" },
                    o.id.value,
                    o.title
                ),
                owner: o.owner.clone(),
                page: super::pages::OBJECTIVES_PAGE.to_string(),
                source: super::register::FILE.to_string(),
                category: if overdue {
                    "Objective,Overdue"
                } else {
                    "Objective"
                },
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kinds::objectives::incidents::parse_time;

    #[test]
    fn times_keep_the_precision_they_were_written_with() {
        let t = parse_time("2026-03-04T11:15+01:00").unwrap();
        assert_eq!(iso_time(t), "2026-03-04T10:15Z");
        let t = parse_time("2026-03-04T10:15:07").unwrap();
        assert_eq!(iso_time(t), "2026-03-04T10:15:07Z");
    }
}
