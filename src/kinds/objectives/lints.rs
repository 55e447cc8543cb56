//! The checks on objectives and KPIs: the files' own errors, objectives without KPIs or past
//! their date, KPIs without data, a missing measurement, a KPI off target for three periods.

use crate::diagnostic::{did_you_mean, Diagnostic, Level};
use crate::lint::registry::{fixed_error, lint_def, BROKEN_REFERENCE};
use crate::lint::Lint;
use crate::model::Isms;

use super::compute::{number, series};
use super::measurements::FOLDER;
use super::period::Period;
use super::register::{ObjectiveStatus, FILE};

pub const INVALID_OBJECTIVES: Lint = fixed_error(
    "invalid-objectives",
    "objectives.yaml cannot be used as written",
);
pub const INVALID_MEASUREMENT: Lint = fixed_error(
    "invalid-measurement",
    "a row of measurements/<KPI>.csv cannot be used: a bad period, one of another frequency, a value that is not a number",
);
pub const INVALID_INCIDENT: Lint = fixed_error(
    "invalid-incident",
    "a row of incidents.csv cannot be used: no id, a bad severity or time, resolved before detected",
);
pub const UNKNOWN_KPI: Lint = lint_def(
    "unknown-kpi",
    Level::Error,
    "an objective or a measurements file names a KPI that objectives.yaml does not define",
);
pub const KPI_WITHOUT_DATA: Lint = lint_def(
    "kpi-without-data",
    Level::Warning,
    "a KPI has neither a measurements file nor a metric annexa computes",
);
pub const KPI_MEASUREMENT_MISSING: Lint = lint_def(
    "kpi-measurement-missing",
    Level::Warning,
    "a measured KPI has no value for the last period that has ended",
);
pub const KPI_OFF_TARGET: Lint = lint_def(
    "kpi-off-target",
    Level::Warning,
    "a KPI missed its target in its last three periods and no nonconformity or action is linked to it",
);
pub const OBJECTIVE_OVERDUE: Lint = lint_def(
    "objective-overdue",
    Level::Warning,
    "an open objective is past its due date",
);
pub const OBJECTIVE_WITHOUT_KPI: Lint = lint_def(
    "objective-without-kpi",
    Level::Warning,
    "an objective has no KPI to measure it (6.2 b: objectives are measurable)",
);

/// The lints of objectives.yaml.
pub const OBJECTIVE_LINTS: &[Lint] = &[
    INVALID_OBJECTIVES,
    UNKNOWN_KPI,
    OBJECTIVE_OVERDUE,
    OBJECTIVE_WITHOUT_KPI,
];

/// The lints of the KPIs and their measurements.
pub const KPI_LINTS: &[Lint] = &[
    INVALID_MEASUREMENT,
    KPI_WITHOUT_DATA,
    KPI_MEASUREMENT_MISSING,
    KPI_OFF_TARGET,
];

/// The lints of the incident log.
pub const INCIDENT_LINTS: &[Lint] = &[INVALID_INCIDENT];

/// How many periods in a row off target call for a nonconformity or an action.
pub const OFF_TARGET_RUN: usize = 3;

/// Checks the objectives.
pub fn check_objectives(isms: &Isms) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let Some(data) = isms.data.objectives.get() else {
        return out;
    };
    let register = &data.register;
    let at = |span: crate::diagnostic::Span| span.locate(FILE, &register.text);
    for objective in &register.objectives {
        let id = &objective.id.value;
        if objective.kpis.is_empty() {
            out.push(
                OBJECTIVE_WITHOUT_KPI
                    .report(format!("the objective {id} has no KPI to measure it"))
                    .at(at(objective.id.span))
                    .with_help("add `kpis: [KPI-…]` with the KPIs that show whether it is met (define them under `kpis:`)"),
            );
        }
        for kpi in &objective.kpis {
            if register.kpi(&kpi.value).is_some() {
                continue;
            }
            let ids = register.kpis.iter().map(|k| k.id.value.as_str());
            let help = match did_you_mean(&kpi.value, ids) {
                Some(close) => format!("did you mean `{close}`?"),
                None => format!("define `{}` under `kpis:` in {FILE}", kpi.value),
            };
            out.push(
                UNKNOWN_KPI
                    .report(format!(
                        "the objective {id} names the KPI `{}`, which {FILE} does not define",
                        kpi.value
                    ))
                    .at(at(kpi.span))
                    .with_help(help),
            );
        }
        if let (ObjectiveStatus::Open, Some(due)) = (objective.status, &objective.due) {
            if due.value < isms.today {
                out.push(
                    OBJECTIVE_OVERDUE
                        .report(format!("the objective {id} was due on {} and is still open", due.value))
                        .at(at(due.span))
                        .with_help("mark it `status: achieved` or `abandoned` once evaluated, or set a new `due:` date"),
                );
            }
        }
    }
    out
}

/// Checks the KPIs.
pub fn check_kpis(isms: &Isms) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let Some(data) = isms.data.objectives.get() else {
        return out;
    };
    let register = &data.register;
    unknown_nonconformities(isms, register, &mut out);
    let at = |span: crate::diagnostic::Span| span.locate(FILE, &register.text);
    for kpi in &register.kpis {
        let id = &kpi.id.value;
        if kpi.metric.is_none() && !data.measurements.contains_key(id) {
            out.push(
                KPI_WITHOUT_DATA
                    .report(format!("the KPI {id} has no {FOLDER}/{id}.csv and no `metric:`"))
                    .at(at(kpi.id.span))
                    .with_help(format!(
                        "record its values in {FOLDER}/{id}.csv (period,value,note), or compute them with `source:` and `metric:`"
                    )),
            );
            continue;
        }
        let points = series(isms, kpi);
        let last = Period::last_closed(isms.today, kpi.frequency);
        if kpi.metric.is_none() && !points.iter().any(|p| p.period == last) {
            out.push(
                KPI_MEASUREMENT_MISSING
                    .report(format!(
                        "the KPI {id} has no value for {last}, the last {} period that has ended",
                        kpi.frequency.key()
                    ))
                    .at(at(kpi.id.span))
                    .with_help(format!(
                        "add a row `{last},<value>,<note>` to {FOLDER}/{id}.csv"
                    )),
            );
        }
        let run = off_target_run(&points, kpi);
        let linked = !kpi.nonconformities.is_empty() || !kpi.actions.is_empty();
        if run.len() >= OFF_TARGET_RUN && !linked {
            let values: Vec<String> = run
                .iter()
                .rev()
                .map(|(p, v)| format!("{p}: {}", number(*v)))
                .collect();
            out.push(
                KPI_OFF_TARGET
                    .report(format!(
                        "the KPI {id} missed its target ({} {}) in its last {} periods ({})",
                        if kpi.direction == super::register::Direction::Lower { "≤" } else { "≥" },
                        number(kpi.target),
                        run.len(),
                        values.join(", ")
                    ))
                    .at(at(kpi.id.span))
                    .with_help("raise a nonconformity and list it under the KPI's `nonconformities:`, or record what is done about it under `actions:`"),
            );
        }
    }
    out
}

/// The periods off target in a row up to the KPI's latest value (latest first): periods must
/// follow each other; a period without a value ends the run.
pub fn off_target_run(
    points: &[super::compute::Point],
    kpi: &super::register::Kpi,
) -> Vec<(Period, f64)> {
    let mut run = Vec::new();
    let mut expected: Option<Period> = None;
    for point in points.iter().rev() {
        if expected.is_some_and(|e| e != point.period) {
            break;
        }
        match point.value {
            Some(v) if !kpi.direction.meets(v, kpi.target) => run.push((point.period, v)),
            _ => break,
        }
        expected = Some(point.period.previous());
    }
    run
}

/// The incidents' links to nonconformities: an id that is no record or document of the
/// project is a broken reference (the log's own problems are reported where it is read).
pub fn check_incidents(isms: &Isms) -> Vec<Diagnostic> {
    let Some(log) = isms.data.incidents.get() else {
        return Vec::new();
    };
    log.rows
        .iter()
        .filter_map(|incident| {
            let id = incident.nonconformity.as_deref()?;
            if isms.document(id).is_some() {
                return None;
            }
            let at = incident.nonconformity_at.clone()?;
            Some(
                BROKEN_REFERENCE
                    .report(format!(
                        "the incident {} names the nonconformity `{id}`, which the project does not have",
                        incident.id
                    ))
                    .at(at)
                    .with_help("write the id of a nonconformity record (nonconformities/*.md), or leave the cell empty"),
            )
        })
        .collect()
}

/// A KPI's `nonconformities:` that name nothing.
fn unknown_nonconformities(
    isms: &Isms,
    register: &super::register::Register,
    out: &mut Vec<Diagnostic>,
) {
    for kpi in &register.kpis {
        for nc in &kpi.nonconformities {
            if isms.document(&nc.value).is_none() {
                out.push(
                    BROKEN_REFERENCE
                        .report(format!(
                            "the KPI {} names the nonconformity `{}`, which the project does not have",
                            kpi.id.value, nc.value
                        ))
                        .at(nc.span.locate(FILE, &register.text))
                        .with_help("write the id of a nonconformity record (nonconformities/*.md)"),
                );
            }
        }
    }
}
