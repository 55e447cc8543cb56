//! measurements/<KPI>.csv: a measured KPI's values, one row per period (`period,value,note`),
//! checked at file:line:col against the KPI's frequency.

use std::collections::BTreeMap;
use std::path::Path;

use crate::diagnostic::{did_you_mean, Diagnostic, Location};
use crate::lint::registry::UNKNOWN_FIELD;
use crate::source::table::{read_csv, Table};

use super::lints::{INVALID_MEASUREMENT, UNKNOWN_KPI};
use super::period::Period;
use super::register::Register;

/// The folder, at the project's top.
pub const FOLDER: &str = "measurements";

const COLUMNS: &[&str] = &["period", "value", "note"];

/// One value of a KPI.
#[derive(Clone, Debug, PartialEq)]
pub struct Measurement {
    pub period: Period,
    pub value: f64,
    pub note: String,
    /// Where it was written: `measurements/KPI-TRAIN.csv` and its line.
    pub file: String,
    pub line: usize,
}

/// Reads every measurements/*.csv of `project` for the KPIs of `register`: the values of
/// each KPI (by its id as written in objectives.yaml), in period order.
pub fn load(
    project: &Path,
    register: &Register,
) -> (BTreeMap<String, Vec<Measurement>>, Vec<Diagnostic>) {
    let mut out = BTreeMap::new();
    let mut diagnostics = Vec::new();
    let Ok(entries) = std::fs::read_dir(project.join(FOLDER)) else {
        return (out, diagnostics);
    };
    let mut files: Vec<(String, std::path::PathBuf)> = entries
        .flatten()
        .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path()))
        .filter(|(name, _)| name.to_ascii_lowercase().ends_with(".csv"))
        .collect();
    files.sort();
    for (name, path) in files {
        let file = format!("{FOLDER}/{name}");
        let stem = &name[..name.len() - 4];
        let Some(kpi) = register.kpi(stem) else {
            let ids: Vec<&str> = register.kpis.iter().map(|k| k.id.value.as_str()).collect();
            let help = match did_you_mean(stem, ids.iter().copied()) {
                Some(close) => {
                    format!("did you mean `{close}.csv`? A file is named after its KPI's id")
                }
                None => format!(
                    "add a KPI `{stem}` to objectives.yaml, or rename the file after its KPI's id"
                ),
            };
            diagnostics.push(
                UNKNOWN_KPI
                    .report(format!(
                        "{file} holds values of `{stem}`, which objectives.yaml does not define"
                    ))
                    .at(Location::whole_file(&file))
                    .with_help(help),
            );
            continue;
        };
        let table = match std::fs::read(&path)
            .map_err(|e| format!("cannot read {file}: {e}"))
            .and_then(|bytes| read_csv(&file, &bytes))
        {
            Ok(table) => table,
            Err(message) => {
                diagnostics.push(
                    INVALID_MEASUREMENT
                        .report(message)
                        .at(Location::whole_file(&file))
                        .with_help("save the file as CSV text with the columns period,value,note"),
                );
                continue;
            }
        };
        let values = read(&file, &table, kpi, &mut diagnostics);
        if kpi.metric.is_some() {
            diagnostics.push(
                INVALID_MEASUREMENT
                    .report(format!(
                        "{file} holds values of `{}`, whose values annexa computes (`metric: {}`)",
                        kpi.id.value,
                        kpi.metric.map_or("", |m| m.key())
                    ))
                    .at(Location::whole_file(&file))
                    .with_help("remove the file, or remove `source:` and `metric:` from the KPI to record its values by hand"),
            );
            continue;
        }
        out.insert(kpi.id.value.clone(), values);
    }
    (out, diagnostics)
}

/// The rows of one file.
pub fn read(
    file: &str,
    table: &Table,
    kpi: &super::register::Kpi,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Measurement> {
    let mut values: Vec<Measurement> = Vec::new();
    let Some(header_row) = table
        .rows
        .iter()
        .position(|r| r.iter().any(|c| !c.text.is_empty()))
    else {
        return values;
    };
    let header = &table.rows[header_row];
    let mut column = [None; 3];
    for (i, cell) in header.iter().enumerate() {
        let name = cell.text.to_ascii_lowercase();
        match COLUMNS.iter().position(|c| *c == name) {
            Some(k) => column[k] = Some(i),
            None if name.is_empty() => {}
            None => {
                let help = match did_you_mean(&name, COLUMNS.iter().copied()) {
                    Some(close) => format!("did you mean `{close}`?"),
                    None => "the columns are: period, value, note".into(),
                };
                diagnostics.push(
                    UNKNOWN_FIELD
                        .report(format!("{file} has an unknown column `{}`", cell.text))
                        .at(table.location(file, header_row, i))
                        .with_help(help),
                );
            }
        }
    }
    let (Some(period_col), Some(value_col)) = (column[0], column[1]) else {
        let missing = if column[0].is_none() {
            "period"
        } else {
            "value"
        };
        diagnostics.push(
            INVALID_MEASUREMENT
                .report(format!("{file} has no `{missing}` column"))
                .at(table.location(file, header_row, 0))
                .with_help("start the file with the header line `period,value,note`"),
        );
        return values;
    };
    for (row, cells) in table.rows.iter().enumerate().skip(header_row + 1) {
        if cells.iter().all(|c| c.text.is_empty()) {
            continue;
        }
        let cell = |i: usize| cells.get(i).map_or("", |c| c.text.as_str());
        let mut error = |col: usize, message: String, help: String| {
            diagnostics.push(
                INVALID_MEASUREMENT
                    .report(message)
                    .at(table.location(file, row, col))
                    .with_help(help),
            );
        };
        let period = match Period::parse(cell(period_col)) {
            Ok(period) if period.frequency == kpi.frequency => period,
            Ok(period) => {
                error(
                    period_col,
                    format!(
                        "`{period}` is a {} period, but {} is measured {}",
                        match period.frequency {
                            super::period::Frequency::Monthly => "monthly",
                            super::period::Frequency::Quarterly => "quarterly",
                            super::period::Frequency::Yearly => "yearly",
                        },
                        kpi.id.value,
                        kpi.frequency.key()
                    ),
                    format!(
                        "write {} periods like `{}`, or change the KPI's `frequency:`",
                        kpi.frequency.key(),
                        kpi.frequency.example()
                    ),
                );
                continue;
            }
            Err(message) => {
                error(
                    period_col,
                    message,
                    format!(
                        "{} is measured {}: write `{}`",
                        kpi.id.value,
                        kpi.frequency.key(),
                        kpi.frequency.example()
                    ),
                );
                continue;
            }
        };
        let text = cell(value_col);
        let value = match text.parse::<f64>() {
            Ok(v) if v.is_finite() => v,
            _ => {
                error(
                    value_col,
                    format!("the value of {period} is not a number: `{text}`"),
                    format!(
                        "write a number such as `12.5` (a dot for decimals; the unit, {}, goes in objectives.yaml)",
                        if kpi.unit.is_empty() { "none" } else { &kpi.unit }
                    ),
                );
                continue;
            }
        };
        if values.iter().any(|m| m.period == period) {
            error(
                period_col,
                format!("{period} is measured twice in {file}"),
                "keep one row per period".into(),
            );
            continue;
        }
        values.push(Measurement {
            period,
            value,
            note: column[2].map_or("", cell).to_string(),
            file: file.to_string(),
            line: table.location(file, row, 0).line,
        });
    }
    values.sort_by_key(|m| m.period);
    values
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kpi(frequency: &str) -> Register {
        let text = format!("kpis:\n  - {{ id: KPI-T, title: T, unit: \"%\", direction: higher, target: 95, frequency: {frequency} }}\n");
        super::super::register::parse(&text).0.unwrap()
    }

    /// (lint, line, column, message) of each diagnostic.
    type Places = Vec<(String, usize, usize, String)>;

    fn run(csv: &str, frequency: &str) -> (Vec<Measurement>, Places) {
        let register = kpi(frequency);
        let table = read_csv("measurements/KPI-T.csv", csv.as_bytes()).unwrap();
        let mut diagnostics = Vec::new();
        let values = read(
            "measurements/KPI-T.csv",
            &table,
            &register.kpis[0],
            &mut diagnostics,
        );
        let places = diagnostics
            .iter()
            .map(|d| {
                let at = d.location.as_ref().unwrap();
                (d.name.to_string(), at.line, at.column, d.message.clone())
            })
            .collect();
        (values, places)
    }

    #[test]
    fn values_are_read_in_period_order() {
        let (values, problems) = run(
            "period,value,note\n2026-Q2,96,\n2026-Q1,91.5,new starters\n",
            "quarterly",
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(values[0].period.to_string(), "2026-Q1");
        assert_eq!((values[0].value, values[0].line), (91.5, 3));
        assert_eq!(values[0].note, "new starters");
    }

    #[test]
    fn bad_rows_are_placed() {
        let csv = "period,value,notes\n2026-03,90,\n2026-Q2,ninety,\n2026-Q3,ninety,\n2026-Q2,1,\n2026-Q7,1,\n";
        let (values, problems) = run(csv, "quarterly");
        assert_eq!(values.len(), 1);
        let at: Vec<(&str, usize, usize)> =
            problems.iter().map(|p| (p.0.as_str(), p.1, p.2)).collect();
        assert_eq!(
            at,
            [
                ("unknown-field", 1, 14),
                ("invalid-measurement", 2, 1),
                ("invalid-measurement", 3, 9),
                ("invalid-measurement", 4, 9),
                ("invalid-measurement", 6, 1),
            ],
            "{problems:?}"
        );
        assert!(
            problems[1]
                .3
                .contains("monthly period, but KPI-T is measured quarterly"),
            "{problems:?}"
        );
        assert!(problems[2].3.contains("not a number"));
        let (_, problems) = run("when,value\n2026,1\n", "yearly");
        assert!(problems[1].3.contains("no `period` column"), "{problems:?}");
    }
}
