//! incidents.csv: the incident log (`id,title,severity,occurred,detected,resolved,category,
//! nonconformity`, ISO 8601 date-times), checked at file:line:col; it feeds the computed KPIs
//! `mttd`, `mttr` and `count`.

use std::collections::HashSet;
use std::path::Path;

use jiff::Timestamp;

use crate::diagnostic::{did_you_mean, Diagnostic, Location};
use crate::lint::registry::UNKNOWN_FIELD;
use crate::source::table::{read_csv, Table};

use super::lints::INVALID_INCIDENT;

/// The file's name, at the project's top.
pub const FILE: &str = "incidents.csv";

const COLUMNS: &[&str] = &[
    "id",
    "title",
    "severity",
    "occurred",
    "detected",
    "resolved",
    "category",
    "nonconformity",
];
/// The columns every file needs (the others may be left out).
const REQUIRED: usize = 5;

/// How bad an incident was, lowest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub const ALL: [Severity; 4] = [
        Severity::Low,
        Severity::Medium,
        Severity::High,
        Severity::Critical,
    ];
    const KEYS: [&'static str; 4] = ["low", "medium", "high", "critical"];

    pub fn key(self) -> &'static str {
        Self::KEYS[self as usize]
    }

    pub fn label(self) -> &'static str {
        ["Low", "Medium", "High", "Critical"][self as usize]
    }
}

/// One incident of the log.
#[derive(Clone, Debug, PartialEq)]
pub struct Incident {
    pub id: String,
    pub title: String,
    pub severity: Severity,
    pub occurred: Timestamp,
    pub detected: Timestamp,
    pub resolved: Option<Timestamp>,
    pub category: String,
    pub nonconformity: Option<String>,
    /// Where the nonconformity's id was written (a reference checked against the records).
    pub nonconformity_at: Option<crate::diagnostic::Location>,
    /// The line of incidents.csv it was written on.
    pub line: usize,
}

impl Incident {
    /// Hours from occurrence to detection.
    pub fn hours_to_detect(&self) -> f64 {
        hours(self.occurred, self.detected)
    }

    /// Hours from detection to resolution, once resolved.
    pub fn hours_to_resolve(&self) -> Option<f64> {
        self.resolved.map(|r| hours(self.detected, r))
    }
}

fn hours(from: Timestamp, to: Timestamp) -> f64 {
    (to.as_second() - from.as_second()) as f64 / 3600.0
}

/// The incident log.
#[derive(Clone, Debug, Default)]
pub struct Incidents {
    /// In the order written.
    pub rows: Vec<Incident>,
}

/// Reads incidents.csv of `project`: None when there is none (or it cannot be used).
pub fn load(project: &Path) -> (Option<Incidents>, Vec<Diagnostic>) {
    let bytes = match std::fs::read(project.join(FILE)) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (None, Vec::new()),
        Err(e) => return (None, vec![whole_file(format!("cannot read {FILE}: {e}"))]),
        Ok(bytes) => bytes,
    };
    match read_csv(FILE, &bytes) {
        Ok(table) => {
            let mut diagnostics = Vec::new();
            let incidents = read(&table, &mut diagnostics);
            (incidents, diagnostics)
        }
        Err(message) => (None, vec![whole_file(message)]),
    }
}

fn whole_file(message: String) -> Diagnostic {
    INVALID_INCIDENT
        .report(message)
        .at(Location::whole_file(FILE))
        .with_help(format!(
            "save {FILE} as CSV text with the header line {}",
            COLUMNS.join(",")
        ))
}

/// An ISO 8601 date-time: `2026-03-04T10:15`, with seconds, with `Z` or an offset, or a space
/// for the `T`. Without an offset it is UTC.
pub fn parse_time(text: &str) -> Result<Timestamp, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("is empty".into());
    }
    if let Ok(t) = text.parse::<Timestamp>() {
        return Ok(t);
    }
    let civil = text.replacen(' ', "T", 1);
    if civil.len() >= 16 {
        if let Ok(dt) = civil.parse::<jiff::civil::DateTime>() {
            if let Ok(zoned) = dt.to_zoned(jiff::tz::TimeZone::UTC) {
                return Ok(zoned.timestamp());
            }
        }
    }
    Err(format!("`{text}` is not an ISO 8601 date-time"))
}

/// The incidents of `table`: None when the header cannot be used.
pub fn read(table: &Table, diagnostics: &mut Vec<Diagnostic>) -> Option<Incidents> {
    let header_row = table
        .rows
        .iter()
        .position(|r| r.iter().any(|c| !c.text.is_empty()))?;
    let mut column: [Option<usize>; 8] = [None; 8];
    for (i, cell) in table.rows[header_row].iter().enumerate() {
        let name = cell.text.to_ascii_lowercase();
        match COLUMNS.iter().position(|c| *c == name) {
            Some(k) => column[k] = Some(i),
            None if name.is_empty() => {}
            None => {
                let help = match did_you_mean(&name, COLUMNS.iter().copied()) {
                    Some(close) => format!("did you mean `{close}`?"),
                    None => format!("the columns are: {}", COLUMNS.join(", ")),
                };
                diagnostics.push(
                    UNKNOWN_FIELD
                        .report(format!("{FILE} has an unknown column `{}`", cell.text))
                        .at(table.location(FILE, header_row, i))
                        .with_help(help),
                );
            }
        }
    }
    if let Some(k) = (0..REQUIRED).find(|&k| column[k].is_none()) {
        diagnostics.push(
            INVALID_INCIDENT
                .report(format!("{FILE} has no `{}` column", COLUMNS[k]))
                .at(table.location(FILE, header_row, 0))
                .with_help(format!(
                    "start the file with the header line {}",
                    COLUMNS.join(",")
                )),
        );
        return None;
    }
    let mut rows: Vec<Incident> = Vec::new();
    // The ids read so far, in lower case: a set, since a log has thousands of rows.
    let mut ids: HashSet<String> = HashSet::new();
    for (row, cells) in table.rows.iter().enumerate().skip(header_row + 1) {
        if cells.iter().all(|c| c.text.is_empty()) {
            continue;
        }
        if let Some(incident) = read_row(table, row, &column, &ids, diagnostics) {
            ids.insert(incident.id.to_ascii_lowercase());
            rows.push(incident);
        }
    }
    Some(Incidents { rows })
}

fn read_row(
    table: &Table,
    row: usize,
    column: &[Option<usize>; 8],
    before: &HashSet<String>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Incident> {
    let cells = &table.rows[row];
    let text = |k: usize| -> &str {
        column[k]
            .and_then(|i| cells.get(i))
            .map_or("", |c| c.text.as_str())
    };
    let place = |k: usize| table.location(FILE, row, column[k].unwrap_or(0));
    let mut failed = false;
    let mut error = |k: usize, message: String, help: String| {
        failed = true;
        diagnostics.push(
            INVALID_INCIDENT
                .report(message)
                .at(place(k))
                .with_help(help),
        );
    };
    let id = text(0).to_string();
    if id.is_empty() {
        error(
            0,
            "an incident has no id".into(),
            "give each incident an id such as `INC-2026-014`".into(),
        );
    } else if before.contains(&id.to_ascii_lowercase()) {
        error(
            0,
            format!("the incident `{id}` is written twice"),
            "give each incident its own id".into(),
        );
    }
    if text(1).is_empty() {
        error(
            1,
            format!("the incident `{id}` has no title"),
            "say in a few words what happened".into(),
        );
    }
    let severity = match Severity::KEYS
        .iter()
        .position(|k| k.eq_ignore_ascii_case(text(2)))
    {
        Some(i) => Some(Severity::ALL[i]),
        None => {
            let close = did_you_mean(&text(2).to_ascii_lowercase(), Severity::KEYS)
                .map(|c| format!("did you mean `{c}`? "))
                .unwrap_or_default();
            error(
                2,
                format!("`{}` is not a severity", text(2)),
                format!("{close}allowed: {}", Severity::KEYS.join(", ")),
            );
            None
        }
    };
    let mut time = |k: usize, required: bool| -> Option<Timestamp> {
        if text(k).is_empty() && !required {
            return None;
        }
        match parse_time(text(k)) {
            Ok(t) => Some(t),
            Err(message) => {
                error(
                    k,
                    format!("the incident `{id}`'s `{}` {message}", COLUMNS[k]),
                    "write an ISO 8601 date-time such as `2026-03-04T10:15` (UTC) or `2026-03-04T10:15+01:00`".into(),
                );
                None
            }
        }
    };
    let occurred = time(3, true);
    let detected = time(4, true);
    let resolved = time(5, false);
    if let (Some(o), Some(d)) = (occurred, detected) {
        if d < o {
            error(
                4,
                format!(
                    "the incident `{id}` was detected ({}) before it occurred ({})",
                    text(4),
                    text(3)
                ),
                "an incident is detected at or after the time it occurred; check both times".into(),
            );
        }
    }
    if let (Some(d), Some(r)) = (detected, resolved) {
        if r < d {
            error(
                5,
                format!(
                    "the incident `{id}` was resolved ({}) before it was detected ({})",
                    text(5),
                    text(4)
                ),
                "an incident is resolved at or after its detection; check both times".into(),
            );
        }
    }
    if failed {
        return None;
    }
    Some(Incident {
        id,
        title: text(1).to_string(),
        severity: severity?,
        occurred: occurred?,
        detected: detected?,
        resolved,
        category: text(6).to_string(),
        nonconformity: Some(text(7).to_string()).filter(|s| !s.is_empty()),
        nonconformity_at: (!text(7).is_empty()).then(|| place(7)),
        line: place(0).line,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (lint, line, column, message) of each diagnostic.
    type Places = Vec<(String, usize, usize, String)>;

    fn run(csv: &str) -> (Option<Incidents>, Places) {
        let table = read_csv(FILE, csv.as_bytes()).unwrap();
        let mut diagnostics = Vec::new();
        let incidents = read(&table, &mut diagnostics);
        let places = diagnostics
            .iter()
            .map(|d| {
                let at = d.location.as_ref().unwrap();
                (d.name.to_string(), at.line, at.column, d.message.clone())
            })
            .collect();
        (incidents, places)
    }

    #[test]
    fn times_in_iso_8601() {
        let utc = parse_time("2026-03-04T10:15").unwrap();
        assert_eq!(parse_time("2026-03-04 10:15:00").unwrap(), utc);
        assert_eq!(parse_time("2026-03-04T11:15+01:00").unwrap(), utc);
        assert_eq!(parse_time("2026-03-04T10:15:00Z").unwrap(), utc);
        for bad in ["2026-03-04", "yesterday", "2026-02-30T10:00", "10:15"] {
            assert!(parse_time(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn incidents_and_their_durations() {
        let csv = "id,title,severity,occurred,detected,resolved,category,nonconformity\nINC-1,Phish,High,2026-03-01T08:00,2026-03-01T20:00,2026-03-02T08:00,phishing,NC-1\nINC-2,Lost laptop,low,2026-03-05T09:00,2026-03-05T09:30,,device,\n";
        let (incidents, problems) = run(csv);
        assert!(problems.is_empty(), "{problems:?}");
        let rows = incidents.unwrap().rows;
        assert_eq!(rows[0].hours_to_detect(), 12.0);
        assert_eq!(rows[0].hours_to_resolve(), Some(12.0));
        assert_eq!(rows[1].hours_to_resolve(), None);
        assert_eq!((rows[1].severity, rows[1].line), (Severity::Low, 3));
        assert_eq!(rows[0].nonconformity.as_deref(), Some("NC-1"));
    }

    #[test]
    fn bad_rows_are_placed() {
        let csv = "id,title,severity,occurred,detected,resolved,owner\nI-1,A,hgh,2026-03-01T08:00,2026-03-01T20:00,,\nI-2,B,low,2026-03-01T08:00,2026-03-01T07:00,,\nI-3,C,low,2026-03-01T08:00,2026-03-01T09:00,2026-03-01T08:30,\nI-3,D,low,2026-03-01,2026-03-01T09:00,,\n";
        let (incidents, problems) = run(csv);
        assert!(incidents.unwrap().rows.is_empty());
        let at: Vec<(&str, usize, usize)> =
            problems.iter().map(|p| (p.0.as_str(), p.1, p.2)).collect();
        assert_eq!(
            at,
            [
                ("unknown-field", 1, 46),
                ("invalid-incident", 2, 7),
                ("invalid-incident", 3, 28),
                ("invalid-incident", 4, 45),
                ("invalid-incident", 5, 11),
            ],
            "{problems:?}"
        );
        assert!(problems[1].3.contains("`hgh` is not a severity"));
        assert!(problems[3]
            .3
            .contains("resolved (2026-03-01T08:30) before it was detected"));
        assert!(problems[4].3.contains("not an ISO 8601 date-time"));
        let (none, problems) = run("id,title,severity,occurred\n");
        assert!(none.is_none());
        assert!(
            problems[0].3.contains("no `detected` column"),
            "{problems:?}"
        );
    }

    /// A repeated id is found among thousands of rows, whatever its case, at the row that
    /// repeats it; the first row stands.
    #[test]
    fn an_id_written_twice() {
        let mut csv = String::from("id,title,severity,occurred,detected\n");
        for i in 0..3000 {
            csv.push_str(&format!(
                "INC-{i},T,low,2026-03-01T08:00,2026-03-01T09:00\n"
            ));
        }
        csv.push_str("inc-17,Again,low,2026-03-02T08:00,2026-03-02T09:00\n");
        let (incidents, problems) = run(&csv);
        assert_eq!(incidents.unwrap().rows.len(), 3000);
        let at: Vec<(&str, usize, usize)> =
            problems.iter().map(|p| (p.0.as_str(), p.1, p.2)).collect();
        assert_eq!(at, [("invalid-incident", 3002, 1)], "{problems:?}");
        assert!(problems[0].3.contains("`inc-17` is written twice"));
    }
}
