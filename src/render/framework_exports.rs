//! Exports of each framework with its own decisions: `frameworks/<id>/<id>.csv` (the decision
//! table with direct and mapped coverage) and its part of `annexa.json`.

use serde::Serialize;

use super::exports::{csv_writer, into_bytes, write_safe_record};
use crate::catalog::Framework;
use crate::model::framework_coverage::{FrameworkCoverage, FrameworkFigures};
use crate::model::Isms;

/// The columns of a framework's CSV.
const COLUMNS: [&str; 10] = [
    "Control",
    "Group",
    "Title",
    "Applicable",
    "Status",
    "Justification",
    "Reasons",
    "Documents",
    "Via mapping",
    "Coverage",
];

/// The path of a framework's CSV in the site.
pub fn csv_path(framework: &str) -> String {
    format!("frameworks/{framework}/{framework}.csv")
}

/// Published documents among `indexes`, by id, joined with `; `.
fn document_ids(isms: &Isms, indexes: &[usize]) -> String {
    indexes
        .iter()
        .map(|&i| &isms.documents[i])
        .filter(|d| d.published)
        .map(|d| d.id())
        .collect::<Vec<_>>()
        .join("; ")
}

/// `frameworks/<id>/<id>.csv`: one row per control; cells that would start a formula begin
/// with `'`, like every CSV annexa writes.
pub fn framework_csv(
    isms: &Isms,
    framework: &Framework,
    coverage: &FrameworkCoverage,
) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv_writer();
    write_safe_record(&mut writer, COLUMNS)?;
    for (i, control) in framework.controls.iter().enumerate() {
        let decision = coverage.decision(&control.id);
        let state = &coverage.controls[i];
        let group = control
            .group
            .as_deref()
            .and_then(|g| framework.group(g))
            .map_or("", |g| g.title.as_str());
        let applicable = match decision.map(|d| d.applicable) {
            Some(true) => "yes",
            Some(false) => "no",
            None => "",
        };
        // The mapped controls that published documents list.
        let via = state
            .via
            .iter()
            .map(|m| (m, document_ids(isms, &m.documents)))
            .filter(|(_, ids)| !ids.is_empty())
            .map(|(m, ids)| format!("{} ({ids})", m.through))
            .collect::<Vec<_>>()
            .join("; ");
        let coverage_state = match decision.map(|d| d.applicable) {
            None => "not decided",
            Some(false) => "excluded",
            Some(true) if state.is_documented(&isms.documents) => "documented",
            Some(true) if state.is_documented_via_mapping(&isms.documents) => "via mapping only",
            Some(true) => "not documented",
        };
        write_safe_record(
            &mut writer,
            [
                control.id.as_str(),
                group,
                control.title.as_str(),
                applicable,
                decision.and_then(|d| d.status).map_or("", |s| s.key()),
                decision
                    .and_then(|d| d.justification.as_deref())
                    .unwrap_or(""),
                &decision
                    .map(|d| {
                        d.reasons
                            .iter()
                            .map(|r| r.key())
                            .collect::<Vec<_>>()
                            .join(", ")
                    })
                    .unwrap_or_default(),
                &document_ids(isms, &state.direct),
                &via,
                coverage_state,
            ],
        )?;
    }
    into_bytes(writer)
}

#[derive(Serialize)]
pub struct JsonFramework<'a> {
    id: &'a str,
    name: &'a str,
    version: &'a str,
    csv: String,
    coverage: FrameworkFigures,
    controls: Vec<JsonFrameworkControl<'a>>,
}

#[derive(Serialize)]
struct JsonFrameworkControl<'a> {
    id: &'a str,
    title: &'a str,
    group: Option<&'a str>,
    applicable: Option<bool>,
    status: Option<&'static str>,
    justification: Option<&'a str>,
    reasons: Vec<&'static str>,
    documents: Vec<&'a str>,
    via_mapping: Vec<JsonVia<'a>>,
}

#[derive(Serialize)]
struct JsonVia<'a> {
    control: String,
    relationship: &'static str,
    documents: Vec<&'a str>,
}

/// The `frameworks` part of `annexa.json`.
pub fn json_frameworks(isms: &Isms) -> Vec<JsonFramework<'_>> {
    let published = |indexes: &[usize]| -> Vec<&str> {
        indexes
            .iter()
            .map(|&i| &isms.documents[i])
            .filter(|d| d.published)
            .map(|d| d.id())
            .collect()
    };
    isms.framework_coverage
        .iter()
        .filter_map(|coverage| {
            let framework = isms.frameworks.get(&coverage.id)?;
            let controls = framework
                .controls
                .iter()
                .zip(&coverage.controls)
                .map(|(control, state)| {
                    let decision = coverage.decision(&control.id);
                    JsonFrameworkControl {
                        id: &control.id,
                        title: &control.title,
                        group: control.group.as_deref(),
                        applicable: decision.map(|d| d.applicable),
                        status: decision.and_then(|d| d.status).map(|s| s.key()),
                        justification: decision.and_then(|d| d.justification.as_deref()),
                        reasons: decision
                            .map(|d| d.reasons.iter().map(|r| r.key()).collect())
                            .unwrap_or_default(),
                        documents: published(&state.direct),
                        via_mapping: state
                            .via
                            .iter()
                            .map(|m| JsonVia {
                                control: m.through.to_string(),
                                relationship: m.relationship.key(),
                                documents: published(&m.documents),
                            })
                            .collect(),
                    }
                })
                .collect();
            Some(JsonFramework {
                id: &framework.id,
                name: &framework.name,
                version: &framework.version,
                csv: csv_path(&framework.id),
                coverage: coverage.figures(framework, &isms.documents, |_| true),
                controls,
            })
        })
        .collect()
}
