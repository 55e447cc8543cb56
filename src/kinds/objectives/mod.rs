//! Objectives, KPIs and measurements (clauses 6.2, 9.1) and the incident log: objectives.yaml,
//! measurements/<KPI>.csv and incidents.csv read into the model, the KPIs' values measured or
//! computed, their lints, pages, charts and exports. Three registers: objectives, KPIs,
//! incidents.

pub mod chart;
pub mod compute;
pub mod export;
pub mod incidents;
pub mod lints;
pub mod measurements;
pub mod nonconformities;
pub mod pages;
pub mod period;
pub mod register;

use std::collections::BTreeMap;
use std::path::Path;

use crate::diagnostic::{Diagnostic, Location};

pub use incidents::{Incident, Incidents, Severity};
pub use measurements::Measurement;
pub use period::{Frequency, Period};
pub use register::{Direction, Kpi, Metric, Objective, ObjectiveStatus, Register};

use super::Part;

/// objectives.yaml with the values of its measured KPIs.
#[derive(Clone, Debug, Default)]
pub struct Objectives {
    pub register: Register,
    /// measurements/<KPI>.csv by the KPI's id as objectives.yaml writes it, period order.
    pub measurements: BTreeMap<String, Vec<Measurement>>,
}

/// Reads objectives.yaml and measurements/*.csv of `project`: None when there is no
/// objectives.yaml (or it cannot be used, with its diagnostics).
pub fn load(project: &Path) -> (Option<Objectives>, Vec<Diagnostic>) {
    let file = register::FILE;
    let text = match crate::kinds::data_file::read(project, file, &lints::INVALID_OBJECTIVES) {
        Ok(Some(text)) => text,
        Ok(None) => return (None, orphan_measurements(project)),
        Err(problems) => return (None, problems),
    };
    let (register, mut diagnostics) = register::parse(&text);
    let Some(register) = register else {
        return (None, diagnostics);
    };
    let (measurements, problems) = measurements::load(project, &register);
    diagnostics.extend(problems);
    (
        Some(Objectives {
            register,
            measurements,
        }),
        diagnostics,
    )
}

/// Whether the project-relative path `rel` is one of the files read here (serve rebuilds
/// everything when one changes).
pub fn is_data_file(rel: &str) -> bool {
    rel == register::FILE
        || rel == incidents::FILE
        || rel == measurements::FOLDER
        || rel
            .strip_prefix(measurements::FOLDER)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// Measurements without an objectives.yaml to say what they measure.
fn orphan_measurements(project: &Path) -> Vec<Diagnostic> {
    let Ok(entries) = std::fs::read_dir(project.join(measurements::FOLDER)) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.to_ascii_lowercase().ends_with(".csv"))
        .collect();
    names.sort();
    names
        .first()
        .map(|name| {
            lints::UNKNOWN_KPI
                .report(format!(
                    "{}/{name} holds a KPI's values, but the project has no {}",
                    measurements::FOLDER,
                    register::FILE
                ))
                .at(Location::whole_file(&format!(
                    "{}/{name}",
                    measurements::FOLDER
                )))
                .with_help(format!(
                    "define the KPIs in {} (see the README, \"Objectives and KPIs\")",
                    register::FILE
                ))
        })
        .into_iter()
        .collect()
}

/// objectives.yaml: the 6.2 table, objective due dates in the calendars.
pub const OBJECTIVES: Part = Part {
    key: "objectives",
    clauses: &["6.2"],
    lints: lints::OBJECTIVE_LINTS,
    check: lints::check_objectives,
    pages: pages::objectives,
    nav: pages::objectives_nav,
    exports: export::none,
    json: export::objectives_json,
    calendar: export::calendar,
    card: pages::no_card,
};

/// The KPIs: their values measured or computed, charts, a page each, kpis.csv, a home card.
pub const KPIS: Part = Part {
    key: "kpis",
    clauses: &["9.1"],
    lints: lints::KPI_LINTS,
    check: lints::check_kpis,
    pages: pages::kpis,
    nav: pages::kpis_nav,
    exports: export::kpis_csv,
    json: export::kpis_json,
    calendar: export::no_calendar,
    card: pages::kpi_card,
};

/// incidents.csv: the incident log and its summary.
pub const INCIDENTS: Part = Part {
    key: "incidents",
    clauses: &[],
    lints: lints::INCIDENT_LINTS,
    check: lints::check_incidents,
    pages: pages::incidents,
    nav: pages::incidents_nav,
    exports: export::none,
    json: export::incidents_json,
    calendar: export::no_calendar,
    card: pages::no_card,
};
