//! objectives.yaml: the information security objectives (6.2) and the KPIs that measure them
//! (9.1), read and checked at file:line:col.

use jiff::civil::Date;

use crate::diagnostic::{did_you_mean, Span};
use crate::lint::registry::UNKNOWN_FIELD;
use crate::source::yaml::{Fields, Node, Reader};
use crate::source::Spanned;

use super::lints::INVALID_OBJECTIVES;
use super::period::Frequency;

/// The file's name, at the project's top.
pub const FILE: &str = "objectives.yaml";

const KEYS: &[&str] = &["objectives", "kpis"];
const OBJECTIVE_KEYS: &[&str] = &[
    "id",
    "title",
    "owner",
    "due",
    "plan",
    "resources",
    "evaluation",
    "status",
    "kpis",
];
const KPI_KEYS: &[&str] = &[
    "id",
    "title",
    "description",
    "unit",
    "direction",
    "target",
    "frequency",
    "owner",
    "source",
    "metric",
    "nonconformities",
    "actions",
];
const ACTION_KEYS: &[&str] = &["id", "action", "owner", "due", "done"];

const OBJECTIVE_EXAMPLE: &str = "{ id: OBJ-1, title: Detect incidents faster, owner: CISO, due: 2026-12-31, resources: SIEM tuning, evaluation: MTTD from the incident log, kpis: [KPI-MTTD] }";
const KPI_EXAMPLE: &str = "{ id: KPI-TRAIN, title: Awareness training completed, unit: \"%\", direction: higher, target: 95, frequency: quarterly, owner: Head of People }";

/// Where an objective stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ObjectiveStatus {
    Open,
    Achieved,
    Abandoned,
}

impl ObjectiveStatus {
    const KEYS: &'static [&'static str] = &["open", "achieved", "abandoned"];

    pub fn key(self) -> &'static str {
        Self::KEYS[self as usize]
    }

    pub fn label(self) -> &'static str {
        ["Open", "Achieved", "Abandoned"][self as usize]
    }
}

/// One objective with what planning it requires (6.2 e–k).
#[derive(Clone, Debug)]
pub struct Objective {
    pub id: Spanned<String>,
    pub title: String,
    pub owner: Option<String>,
    pub due: Option<Spanned<Date>>,
    /// What will be done.
    pub plan: Option<String>,
    pub resources: Option<String>,
    /// How the results will be evaluated.
    pub evaluation: Option<String>,
    pub status: ObjectiveStatus,
    pub kpis: Vec<Spanned<String>>,
    /// The objective's entry (where "has no KPI" points).
    pub span: Span,
}

/// Whether a higher or a lower value is better.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Higher,
    Lower,
}

impl Direction {
    pub fn key(self) -> &'static str {
        match self {
            Direction::Higher => "higher",
            Direction::Lower => "lower",
        }
    }

    /// Whether `value` meets `target`.
    pub fn meets(self, value: f64, target: f64) -> bool {
        match self {
            Direction::Higher => value >= target,
            Direction::Lower => value <= target,
        }
    }
}

/// A value annexa computes from the project's other data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Metric {
    /// Mean hours from occurrence to detection (incidents.csv).
    Mttd,
    /// Mean hours from detection to resolution (incidents.csv).
    Mttr,
    /// Incidents detected in the period (incidents.csv).
    Count,
    /// Percentage of nonconformities due in the period closed by their due date.
    ClosedOnTime,
    /// Percentage of documents whose review was not overdue at the period's end.
    DocumentsReviewedOnTime,
}

/// `source:` → its metrics.
pub const SOURCES: &[(&str, &[&str])] = &[
    ("incidents", &["mttd", "mttr", "count"]),
    ("nonconformities", &["closed-on-time"]),
    ("reviews", &["documents-reviewed-on-time"]),
];

impl Metric {
    pub fn from_key(key: &str) -> Option<Metric> {
        Some(match key {
            "mttd" => Metric::Mttd,
            "mttr" => Metric::Mttr,
            "count" => Metric::Count,
            "closed-on-time" => Metric::ClosedOnTime,
            "documents-reviewed-on-time" => Metric::DocumentsReviewedOnTime,
            _ => return None,
        })
    }

    pub fn key(self) -> &'static str {
        match self {
            Metric::Mttd => "mttd",
            Metric::Mttr => "mttr",
            Metric::Count => "count",
            Metric::ClosedOnTime => "closed-on-time",
            Metric::DocumentsReviewedOnTime => "documents-reviewed-on-time",
        }
    }

    pub fn source(self) -> &'static str {
        match self {
            Metric::Mttd | Metric::Mttr | Metric::Count => "incidents",
            Metric::ClosedOnTime => "nonconformities",
            Metric::DocumentsReviewedOnTime => "reviews",
        }
    }
}

/// An action taken on a KPI off target.
#[derive(Clone, Debug)]
pub struct KpiAction {
    pub id: Option<String>,
    pub action: String,
    pub owner: Option<String>,
    pub due: Option<Date>,
    pub done: Option<Date>,
}

/// One KPI.
#[derive(Clone, Debug)]
pub struct Kpi {
    pub id: Spanned<String>,
    pub title: String,
    pub description: Option<String>,
    pub unit: String,
    pub direction: Direction,
    pub target: f64,
    pub frequency: Frequency,
    pub owner: Option<String>,
    /// Computed from other data; None: values from measurements/<id>.csv.
    pub metric: Option<Metric>,
    /// Nonconformities raised because the KPI missed its target.
    pub nonconformities: Vec<Spanned<String>>,
    pub actions: Vec<KpiAction>,
    pub span: Span,
}

/// What objectives.yaml holds.
#[derive(Clone, Debug, Default)]
pub struct Register {
    /// The file's text (where the lints point).
    pub text: String,
    pub objectives: Vec<Objective>,
    pub kpis: Vec<Kpi>,
}

impl Register {
    pub fn kpi(&self, id: &str) -> Option<&Kpi> {
        self.kpis
            .iter()
            .find(|k| k.id.value.eq_ignore_ascii_case(id))
    }
}

/// Parses `text` as objectives.yaml: None when it cannot be used.
pub fn parse(text: &str) -> (Option<Register>, Vec<crate::diagnostic::Diagnostic>) {
    let mut reader = Reader::new(FILE, text, &INVALID_OBJECTIVES, &UNKNOWN_FIELD);
    let register = reader
        .parse()
        .and_then(|root| read(&mut reader, &root, text));
    (register, reader.diagnostics)
}

fn read(reader: &mut Reader, root: &Node, text: &str) -> Option<Register> {
    let example = "objectives:\n  - { id: OBJ-1, … }\nkpis:\n  - { id: KPI-1, … }";
    if root.is_null() {
        return Some(Register {
            text: text.to_string(),
            ..Register::default()
        });
    }
    let fields = reader.fields(root, FILE, KEYS, example)?;
    let mut kpis: Vec<Kpi> = Vec::new();
    if let Some(node) = fields.get("kpis") {
        for item in reader.list(node, "`kpis`", KPI_EXAMPLE) {
            if let Some(kpi) = read_kpi(reader, item) {
                if kpis
                    .iter()
                    .any(|k| k.id.value.eq_ignore_ascii_case(&kpi.id.value))
                {
                    reader.error(
                        kpi.id.span,
                        format!("the KPI `{}` is defined twice", kpi.id.value),
                        "give each KPI its own id",
                    );
                    continue;
                }
                kpis.push(kpi);
            }
        }
    }
    let mut objectives: Vec<Objective> = Vec::new();
    if let Some(node) = fields.get("objectives") {
        for item in reader.list(node, "`objectives`", OBJECTIVE_EXAMPLE) {
            if let Some(objective) = read_objective(reader, item) {
                if objectives
                    .iter()
                    .any(|o| o.id.value.eq_ignore_ascii_case(&objective.id.value))
                {
                    reader.error(
                        objective.id.span,
                        format!("the objective `{}` is defined twice", objective.id.value),
                        "give each objective its own id",
                    );
                    continue;
                }
                objectives.push(objective);
            }
        }
    }
    Some(Register {
        text: text.to_string(),
        objectives,
        kpis,
    })
}

fn optional_text(reader: &mut Reader, fields: &Fields, key: &str, what: &str) -> Option<String> {
    let node = fields.get(key)?;
    reader
        .nonempty_text(node, &format!("{what}'s `{key}`"), "text")
        .map(|t| t.value)
}

fn read_objective(reader: &mut Reader, item: &Node) -> Option<Objective> {
    let fields = reader.fields(item, "an objective", OBJECTIVE_KEYS, OBJECTIVE_EXAMPLE)?;
    let id = reader
        .required(&fields, "id", "an objective", "OBJ-1")
        .and_then(|n| reader.nonempty_text(n, "an objective's `id`", "OBJ-1"))?;
    let title = reader
        .required(&fields, "title", "an objective", "Detect incidents faster")
        .and_then(|n| {
            reader.nonempty_text(n, "an objective's `title`", "Detect incidents faster")
        })?;
    let due = fields.get("due").and_then(|n| {
        reader
            .date(n, "an objective's `due`", "2026-12-31")
            .map(|value| Spanned {
                value,
                span: n.span,
            })
    });
    let status = match fields.get("status") {
        Some(n) => match reader.choice(n, "an objective's `status`", ObjectiveStatus::KEYS)? {
            "achieved" => ObjectiveStatus::Achieved,
            "abandoned" => ObjectiveStatus::Abandoned,
            _ => ObjectiveStatus::Open,
        },
        None => ObjectiveStatus::Open,
    };
    let kpis = fields.get("kpis").map_or_else(Vec::new, |n| {
        reader.text_list(n, "an objective's `kpis`", "[KPI-MTTD]")
    });
    Some(Objective {
        id,
        title: title.value,
        owner: optional_text(reader, &fields, "owner", "an objective"),
        due,
        plan: optional_text(reader, &fields, "plan", "an objective"),
        resources: optional_text(reader, &fields, "resources", "an objective"),
        evaluation: optional_text(reader, &fields, "evaluation", "an objective"),
        status,
        kpis,
        span: item.span,
    })
}

/// A number as YAML wrote it (`95`, `12.5`).
fn number(reader: &mut Reader, node: &Node, what: &str, example: &str) -> Option<f64> {
    let text = reader.text(node, what, example)?;
    match text.value.parse::<f64>() {
        Ok(n) if n.is_finite() => Some(n),
        _ => {
            reader.error(
                node.span,
                format!("{what} must be a number, not `{}`", text.value),
                format!("write a number such as `{example}` (the unit goes in `unit:`)"),
            );
            None
        }
    }
}

fn read_kpi(reader: &mut Reader, item: &Node) -> Option<Kpi> {
    let fields = reader.fields(item, "a KPI", KPI_KEYS, KPI_EXAMPLE)?;
    let id = reader
        .required(&fields, "id", "a KPI", "KPI-1")
        .and_then(|n| reader.nonempty_text(n, "a KPI's `id`", "KPI-1"))?;
    let title = reader
        .required(&fields, "title", "a KPI", "Mean time to detect")
        .and_then(|n| reader.nonempty_text(n, "a KPI's `title`", "Mean time to detect"));
    let unit = reader
        .required(&fields, "unit", "a KPI", "hours")
        .and_then(|n| reader.text(n, "a KPI's `unit`", "hours"));
    let direction = reader
        .required(&fields, "direction", "a KPI", "higher")
        .and_then(|n| reader.choice(n, "a KPI's `direction`", &["higher", "lower"]));
    let target = reader
        .required(&fields, "target", "a KPI", "95")
        .and_then(|n| number(reader, n, "a KPI's `target`", "95"));
    let frequency = reader
        .required(&fields, "frequency", "a KPI", "monthly")
        .and_then(|n| reader.choice(n, "a KPI's `frequency`", Frequency::KEYS));
    let metric = read_metric(reader, &fields);
    let nonconformities = fields.get("nonconformities").map_or_else(Vec::new, |n| {
        reader.text_list(n, "a KPI's `nonconformities`", "[NC-2026-001]")
    });
    let mut actions = Vec::new();
    if let Some(node) = fields.get("actions") {
        let example = "{ action: Tune the SIEM rules, owner: SOC Lead, due: 2026-03-31 }";
        for item in reader.list(node, "a KPI's `actions`", example) {
            let Some(action) = reader.fields(item, "an action", ACTION_KEYS, example) else {
                continue;
            };
            let Some(text) = reader
                .required(&action, "action", "an action", "Tune the SIEM rules")
                .and_then(|n| {
                    reader.nonempty_text(n, "an action's `action`", "Tune the SIEM rules")
                })
            else {
                continue;
            };
            actions.push(KpiAction {
                id: optional_text(reader, &action, "id", "an action"),
                action: text.value,
                owner: optional_text(reader, &action, "owner", "an action"),
                due: action
                    .get("due")
                    .and_then(|n| reader.date(n, "an action's `due`", "2026-03-31")),
                done: action
                    .get("done")
                    .and_then(|n| reader.date(n, "an action's `done`", "2026-03-20")),
            });
        }
    }
    Some(Kpi {
        id,
        title: title?.value,
        description: optional_text(reader, &fields, "description", "a KPI"),
        unit: unit?.value,
        direction: if direction? == "lower" {
            Direction::Lower
        } else {
            Direction::Higher
        },
        target: target?,
        frequency: Frequency::from_key(frequency?)?,
        owner: optional_text(reader, &fields, "owner", "a KPI"),
        metric: metric?,
        nonconformities,
        actions,
        span: item.span,
    })
}

/// `source:` and `metric:`: Some(None) for a measured KPI, None when they cannot be used.
fn read_metric(reader: &mut Reader, fields: &Fields) -> Option<Option<Metric>> {
    let sources: Vec<&str> = SOURCES.iter().map(|(s, _)| *s).collect();
    let source = match fields.get("source") {
        Some(n) => Some((reader.choice(n, "a KPI's `source`", &sources)?, n)),
        None => None,
    };
    let Some(node) = fields.get("metric") else {
        if let Some((source, node)) = source {
            let metrics = SOURCES
                .iter()
                .find(|(s, _)| *s == source)
                .map_or(&[][..], |(_, m)| m);
            reader.error(
                node.span,
                format!("the KPI has `source: {source}` but no `metric:`"),
                format!("add `metric:` with one of: {}", metrics.join(", ")),
            );
            return None;
        }
        return Some(None);
    };
    let all: Vec<&str> = SOURCES
        .iter()
        .flat_map(|(_, m)| m.iter().copied())
        .collect();
    let allowed: Vec<&str> = match source {
        Some((source, _)) => SOURCES
            .iter()
            .find(|(s, _)| *s == source)
            .map_or_else(Vec::new, |(_, m)| m.to_vec()),
        None => all.clone(),
    };
    let text = reader.text(node, "a KPI's `metric`", "mttd")?;
    let key = text.value.trim().to_lowercase();
    if allowed.contains(&key.as_str()) {
        return Some(Metric::from_key(&key));
    }
    let help = match (did_you_mean(&key, allowed.iter().copied()), source) {
        (Some(close), _) => format!("did you mean `{close}`? allowed: {}", allowed.join(", ")),
        (None, Some((source, _))) if all.contains(&key.as_str()) => format!(
            "`{key}` is computed from {}, not {source}; allowed with `source: {source}`: {}",
            Metric::from_key(&key).map_or("", Metric::source),
            allowed.join(", ")
        ),
        _ => format!("allowed: {}", allowed.join(", ")),
    };
    reader.error(
        node.span,
        format!("`{}` is not a metric annexa computes", text.value),
        help,
    );
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(text: &str) -> Vec<(String, usize, usize, String)> {
        parse(text)
            .1
            .iter()
            .map(|d| {
                let at = d.location.as_ref().unwrap();
                (d.name.to_string(), at.line, at.column, d.message.clone())
            })
            .collect()
    }

    #[test]
    fn the_design_example_reads() {
        let text = "objectives:\n  - { id: OBJ-1, title: Detect incidents faster, owner: CISO, due: 2026-12-31,\n      resources: SIEM tuning, evaluation: MTTD from the incident log, kpis: [KPI-MTTD] }\nkpis:\n  - { id: KPI-MTTD, title: Mean time to detect, unit: hours, direction: lower, target: 24,\n      frequency: monthly, owner: SOC Lead, source: incidents, metric: mttd }\n  - { id: KPI-TRAIN, title: Awareness training completed, unit: \"%\", direction: higher,\n      target: 95, frequency: quarterly, owner: Head of People }\n";
        let (register, problems) = parse(text);
        assert!(problems.is_empty(), "{problems:?}");
        let register = register.unwrap();
        assert_eq!(register.objectives[0].kpis[0].value, "KPI-MTTD");
        assert_eq!(register.kpis[0].metric, Some(Metric::Mttd));
        assert_eq!(register.kpis[1].metric, None);
        assert_eq!(register.kpis[1].frequency, Frequency::Quarterly);
        assert_eq!(register.kpis[1].direction, Direction::Higher);
    }

    #[test]
    fn bad_values_are_placed() {
        let text = "kpis:\n  - id: K-1\n    title: T\n    unit: h\n    direction: lowr\n    target: ten\n    frequency: weekly\n    metric: mtdd\n  - { id: K-2, title: T, unit: h, direction: lower, target: 1, frequency: monthly, source: reviews, metric: mttr }\n  - { id: K-3, title: T, unit: h, direction: lower, target: 1, frequency: monthly, source: incidents }\nobjectives:\n  - { id: O-1, title: T, due: 2026-02-30, status: done }\n";
        let got = problems(text);
        let at: Vec<(usize, usize)> = got.iter().map(|p| (p.1, p.2)).collect();
        assert_eq!(
            at,
            [
                (5, 16),
                (6, 13),
                (7, 16),
                (8, 13),
                (9, 109),
                (10, 92),
                (12, 31),
                (12, 51)
            ],
            "{got:?}"
        );
        assert!(got[4].3.contains("not a metric"), "{got:?}");
        assert_eq!(got[6].0, "invalid-date");
    }

    #[test]
    fn duplicates_and_unknown_keys() {
        let text = "kpis:\n  - { id: K, title: T, unit: h, direction: lower, target: 1, frequency: monthly, colour: red }\n  - { id: k, title: T, unit: h, direction: lower, target: 1, frequency: monthly }\n";
        let got = problems(text);
        assert_eq!(got[0].0, "unknown-field");
        assert_eq!((got[1].1, got[1].2), (3, 11));
        assert!(got[1].3.contains("defined twice"));
    }
}
