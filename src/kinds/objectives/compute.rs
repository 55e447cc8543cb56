//! A KPI's values, period by period: read from its measurements file, or computed from the
//! incident log, the documents' reviews or the nonconformities. Every value keeps the rows it
//! came from, so the KPI page can show how it was reached.

use crate::model::Isms;

use super::incidents::Incident;
use super::period::{Frequency, Period};
use super::register::{Kpi, Metric};

/// One row a value came from: a measurement, an incident, a document.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct SourceRow {
    /// The row's id (`INC-2026-004`, `POL-001`) or the period of a measurement.
    pub id: String,
    pub title: String,
    /// What it contributed: `12.0 h to detect`, `next review 2026-05-01: on time`.
    pub detail: String,
    /// Where it is: `incidents.csv:7`, `policies/access.md`.
    pub place: String,
    /// The document's page (relative to the site's root), for documents.
    pub page: Option<String>,
}

/// A KPI's value for one period.
#[derive(Clone, Debug, PartialEq)]
pub struct Point {
    pub period: Period,
    /// None when the period has nothing to compute from (no incident resolved…).
    pub value: Option<f64>,
    pub note: String,
    pub sources: Vec<SourceRow>,
}

/// How many periods a computed KPI shows, up to the last closed one.
const COMPUTED_PERIODS: usize = 18;

/// The values of `kpi`, oldest first.
pub fn series(isms: &Isms, kpi: &Kpi) -> Vec<Point> {
    match kpi.metric {
        None => measured(isms, kpi),
        Some(Metric::Mttd | Metric::Mttr | Metric::Count) => {
            let incidents = isms.data.incidents.get().map_or(&[][..], |i| &i.rows[..]);
            incident_metric(
                incidents,
                kpi.metric.unwrap_or(Metric::Count),
                kpi.frequency,
                isms.today,
            )
        }
        Some(Metric::DocumentsReviewedOnTime) => reviews(isms, kpi.frequency),
        Some(Metric::ClosedOnTime) => super::nonconformities::closed_on_time(isms, kpi.frequency),
    }
}

fn measured(isms: &Isms, kpi: &Kpi) -> Vec<Point> {
    let Some(data) = isms.data.objectives.get() else {
        return Vec::new();
    };
    data.measurements
        .get(&kpi.id.value)
        .into_iter()
        .flatten()
        .map(|m| Point {
            period: m.period,
            value: Some(m.value),
            note: m.note.clone(),
            sources: vec![SourceRow {
                id: m.period.to_string(),
                title: m.note.clone(),
                detail: format!("{} {}", number(m.value), kpi.unit),
                place: format!("{}:{}", m.file, m.line),
                page: None,
            }],
        })
        .collect()
}

/// The periods a computed KPI shows: from the first with data (at most `COMPUTED_PERIODS`
/// back) to the last closed one.
pub fn window(
    first: Option<Period>,
    frequency: Frequency,
    today: jiff::civil::Date,
) -> Vec<Period> {
    let last = Period::last_closed(today, frequency);
    let mut start = last;
    for _ in 1..COMPUTED_PERIODS {
        start = start.previous();
    }
    let start = first.map_or(start, |f| f.max(start));
    start.through(last)
}

/// The UTC day an incident was detected on.
pub fn detected_day(incident: &Incident) -> jiff::civil::Date {
    incident.detected.to_zoned(jiff::tz::TimeZone::UTC).date()
}

/// `count`, `mttd` or `mttr` of `incidents` per period: an incident counts in the period it
/// was detected in; MTTR averages those of them resolved.
pub fn incident_metric(
    incidents: &[Incident],
    metric: Metric,
    frequency: Frequency,
    today: jiff::civil::Date,
) -> Vec<Point> {
    let first = incidents
        .iter()
        .map(|i| Period::of(detected_day(i), frequency))
        .min();
    if first.is_none() {
        return Vec::new();
    }
    window(first, frequency, today)
        .into_iter()
        .map(|period| {
            let within: Vec<&Incident> = incidents
                .iter()
                .filter(|i| Period::of(detected_day(i), frequency) == period)
                .collect();
            let (value, sources) = match metric {
                Metric::Mttd => {
                    let hours: Vec<(f64, &Incident)> =
                        within.iter().map(|i| (i.hours_to_detect(), *i)).collect();
                    (mean(&hours), rows(&hours, "to detect"))
                }
                Metric::Mttr => {
                    let hours: Vec<(f64, &Incident)> = within
                        .iter()
                        .filter_map(|i| i.hours_to_resolve().map(|h| (h, *i)))
                        .collect();
                    (mean(&hours), rows(&hours, "to resolve"))
                }
                _ => (
                    Some(within.len() as f64),
                    within
                        .iter()
                        .map(|i| incident_row(i, format!("{} severity", i.severity.key())))
                        .collect(),
                ),
            };
            Point {
                period,
                value,
                note: String::new(),
                sources,
            }
        })
        .collect()
}

fn mean(values: &[(f64, &Incident)]) -> Option<f64> {
    (!values.is_empty()).then(|| values.iter().map(|(h, _)| h).sum::<f64>() / values.len() as f64)
}

fn rows(hours: &[(f64, &Incident)], what: &str) -> Vec<SourceRow> {
    hours
        .iter()
        .map(|(h, i)| incident_row(i, format!("{} h {what}", number(*h))))
        .collect()
}

fn incident_row(incident: &Incident, detail: String) -> SourceRow {
    SourceRow {
        id: incident.id.clone(),
        title: incident.title.clone(),
        detail,
        place: format!("{}:{}", super::incidents::FILE, incident.line),
        page: None,
    }
}

/// `documents-reviewed-on-time`: for each period, of the documents reviewed by its end whose
/// review state at its end is known (their last review was before it), the percentage whose
/// next review was not yet overdue. A document reviewed again since is left out of the
/// earlier periods: its review then is not known.
fn reviews(isms: &Isms, frequency: Frequency) -> Vec<Point> {
    let docs: Vec<_> = isms
        .documents
        .iter()
        .filter(|d| d.published && d.source.front.record.is_none() && d.review.is_some())
        .filter_map(|d| {
            let last = d.source.front.last_reviewed?;
            let next = d.review.and_then(|r| r.next)?;
            Some((d, last, next))
        })
        .collect();
    let first = docs
        .iter()
        .map(|(_, last, _)| Period::of(*last, frequency))
        .min();
    if first.is_none() {
        return Vec::new();
    }
    window(first, frequency, isms.today)
        .into_iter()
        .map(|period| {
            let end = period.end();
            let mut sources = Vec::new();
            let mut on_time = 0;
            for (doc, last, next) in &docs {
                if *last >= end {
                    continue;
                }
                let ok = *next >= end;
                on_time += usize::from(ok);
                sources.push(SourceRow {
                    id: doc.id().to_string(),
                    title: doc.title().to_string(),
                    detail: format!(
                        "reviewed {last}, next review {next}: {}",
                        if ok { "on time" } else { "overdue" }
                    ),
                    place: doc.rel_path().to_string(),
                    page: Some(doc.page.clone()),
                });
            }
            Point {
                period,
                value: (!sources.is_empty()).then(|| on_time as f64 * 100.0 / sources.len() as f64),
                note: format!("{on_time} of {} on time", sources.len()),
                sources,
            }
        })
        .collect()
}

/// A value as shown: at most two decimals, no trailing zeros (`12`, `12.5`, `3.33`).
pub fn number(value: f64) -> String {
    let text = format!("{value:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".into()
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn incident(id: &str, occurred: &str, detected: &str, resolved: Option<&str>) -> Incident {
        use super::super::incidents::{parse_time, Severity};
        Incident {
            id: id.into(),
            title: id.into(),
            severity: Severity::Low,
            occurred: parse_time(occurred).unwrap(),
            detected: parse_time(detected).unwrap(),
            resolved: resolved.map(|r| parse_time(r).unwrap()),
            category: String::new(),
            nonconformity: None,
            nonconformity_at: None,
            line: 2,
        }
    }

    #[test]
    fn incident_metrics_by_month() {
        let log = [
            incident(
                "A",
                "2026-01-01T00:00",
                "2026-01-01T10:00",
                Some("2026-01-02T10:00"),
            ),
            incident("B", "2026-01-05T00:00", "2026-01-05T02:00", None),
            incident(
                "C",
                "2026-02-27T00:00",
                "2026-03-01T00:00",
                Some("2026-03-01T06:00"),
            ),
        ];
        let today = date(2026, 4, 10);
        let mttd = incident_metric(&log, Metric::Mttd, Frequency::Monthly, today);
        let periods: Vec<String> = mttd.iter().map(|p| p.period.to_string()).collect();
        assert_eq!(periods, ["2026-01", "2026-02", "2026-03"]);
        let values: Vec<Option<f64>> = mttd.iter().map(|p| p.value).collect();
        assert_eq!(values, [Some(6.0), None, Some(48.0)]);
        let mttr = incident_metric(&log, Metric::Mttr, Frequency::Monthly, today);
        assert_eq!(mttr[0].value, Some(24.0));
        assert_eq!(mttr[0].sources.len(), 1);
        let count = incident_metric(&log, Metric::Count, Frequency::Quarterly, today);
        assert_eq!(count.len(), 1);
        assert_eq!(count[0].value, Some(3.0));
        assert!(incident_metric(&[], Metric::Count, Frequency::Monthly, today).is_empty());
    }

    #[test]
    fn numbers_are_short() {
        assert_eq!(number(12.0), "12");
        assert_eq!(number(12.5), "12.5");
        assert_eq!(number(10.0 / 3.0), "3.33");
        assert_eq!(number(-0.001), "0");
    }
}
