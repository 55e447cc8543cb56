//! assets.yaml or assets.csv (A.5.9): the inventory of information and other associated
//! assets, read and checked at file:line:col (in a CSV file: the row's line and the cell's
//! column), with the key or value it probably meant.

use std::path::Path;

use crate::diagnostic::{did_you_mean, Diagnostic, Location, Span};
use crate::lint::registry::UNKNOWN_FIELD;
use crate::source::yaml::Reader;
use crate::source::Classification;

use super::csv_cells;
use super::lints::INVALID_ASSETS;

pub const YAML_FILE: &str = "assets.yaml";
pub const CSV_FILE: &str = "assets.csv";

/// Whether `rel` (a project-relative path) is the inventory.
pub fn is_data_file(rel: &str) -> bool {
    rel == YAML_FILE || rel == CSV_FILE
}

/// The columns (keys) of an asset.
pub const KEYS: &[&str] = &[
    "id",
    "name",
    "type",
    "owner",
    "classification",
    "supplier",
    "location",
];

const EXAMPLE: &str = "assets:\n  - { id: AS-CRM, name: CRM, type: application, owner: Head of Sales, classification: confidential, supplier: SUP-SF, location: EU }";

/// One asset of the inventory.
#[derive(Clone, Debug)]
pub struct Asset {
    pub id: String,
    pub name: String,
    pub asset_type: Option<String>,
    pub owner: Option<String>,
    pub classification: Option<Classification>,
    /// The supplier's id, with where it is written.
    pub supplier: Option<(String, Location)>,
    pub location: Option<String>,
    /// The asset's entry (YAML) or row (CSV).
    pub at: Location,
}

/// The inventory, in file order.
#[derive(Clone, Debug, Default)]
pub struct AssetRegister {
    /// The file it was read from: `assets.yaml` or `assets.csv`.
    pub file: &'static str,
    pub assets: Vec<Asset>,
}

impl AssetRegister {
    pub fn get(&self, id: &str) -> Option<&Asset> {
        self.assets.iter().find(|a| a.id.eq_ignore_ascii_case(id))
    }
}

/// One entry as written: each key's text and place.
struct Entry {
    at: Location,
    values: Vec<(&'static str, String, Location)>,
}

/// Reads assets.yaml or assets.csv of `project` (both: an error, the YAML is read).
pub fn load(project: &Path) -> (Option<AssetRegister>, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let yaml = read_text(project, YAML_FILE, &mut problems);
    let csv = read_text(project, CSV_FILE, &mut problems);
    if yaml.is_some() && csv.is_some() {
        problems.push(
            INVALID_ASSETS
                .report(format!("the project has both {YAML_FILE} and {CSV_FILE}"))
                .at(Location::whole_file(CSV_FILE))
                .with_help(format!("keep the inventory in one file: annexa reads {YAML_FILE} and ignores {CSV_FILE}")),
        );
    }
    let (register, mut found) = match (yaml, csv) {
        (Some(text), _) => parse_yaml(YAML_FILE, &text),
        (None, Some(text)) => parse_csv(CSV_FILE, &text),
        (None, None) => (None, Vec::new()),
    };
    problems.append(&mut found);
    (register, problems)
}

fn read_text(project: &Path, file: &str, problems: &mut Vec<Diagnostic>) -> Option<String> {
    crate::kinds::data_file::read(project, file, &INVALID_ASSETS).unwrap_or_else(|found| {
        problems.extend(found);
        None
    })
}

/// Parses `text` (assets.yaml): `assets:` with a list of entries.
pub fn parse_yaml(file: &'static str, text: &str) -> (Option<AssetRegister>, Vec<Diagnostic>) {
    let mut reader = Reader::new(file, text, &INVALID_ASSETS, &UNKNOWN_FIELD);
    let Some(root) = reader.parse() else {
        return (None, reader.diagnostics);
    };
    let mut entries = Vec::new();
    if let Some(fields) = reader.fields(&root, file, &["assets"], EXAMPLE) {
        if let Some(list) = reader.required(&fields, "assets", file, "[…]") {
            for item in reader.list(list, "`assets`", EXAMPLE) {
                let Some(fields) = reader.fields(item, "an asset", KEYS, EXAMPLE) else {
                    continue;
                };
                let mut values = Vec::new();
                for (key, _, value) in fields.iter() {
                    let Some(&key) = KEYS.iter().find(|k| **k == key) else {
                        continue;
                    };
                    if value.is_null() {
                        continue;
                    }
                    if let Some(text) = reader.text(value, &format!("the asset's `{key}`"), "x") {
                        values.push((key, text.value, reader.locate(text.span)));
                    }
                }
                entries.push(Entry {
                    at: reader.locate(Span::new(item.span.offset as usize, 1)),
                    values,
                });
            }
        }
    }
    let mut problems = reader.diagnostics;
    let register = build(file, entries, &mut problems);
    (Some(register), problems)
}

/// Parses `text` (assets.csv): a header row naming the columns, then one asset per row.
pub fn parse_csv(file: &'static str, text: &str) -> (Option<AssetRegister>, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let rows = csv_cells::rows(text);
    let lines = crate::diagnostic::LineStarts::new();
    let locate = |cell: &csv_cells::Cell| lines.locate(file, text, cell.offset, cell.len);
    let Some(header) = rows.first() else {
        problems.push(
            INVALID_ASSETS
                .report(format!("{file} is empty"))
                .at(Location::whole_file(file))
                .with_help(format!(
                    "write a header row ({}) and one asset per row",
                    KEYS.join(",")
                )),
        );
        return (None, problems);
    };
    let mut columns: Vec<Option<&'static str>> = Vec::new();
    for cell in header {
        let name = cell.text.trim().to_lowercase().replace(' ', "_");
        let known = KEYS.iter().copied().find(|k| *k == name);
        if known.is_none() && !name.is_empty() {
            let help = match did_you_mean(&name, KEYS.iter().copied()) {
                Some(close) => format!("did you mean `{close}`?"),
                None => format!("the columns of {file} are: {}", KEYS.join(", ")),
            };
            problems.push(
                UNKNOWN_FIELD
                    .report(format!("{file} has an unknown column `{}`", cell.text))
                    .at(locate(cell))
                    .with_help(help),
            );
        }
        if let Some(k) = known {
            if columns.contains(&Some(k)) {
                problems.push(
                    INVALID_ASSETS
                        .report(format!("the column `{k}` is written twice in {file}"))
                        .at(locate(cell))
                        .with_help("keep one of them (annexa reads the first)"),
                );
                columns.push(None);
                continue;
            }
        }
        columns.push(known);
    }
    for required in ["id", "name"] {
        if !columns.contains(&Some(required)) {
            problems.push(
                INVALID_ASSETS
                    .report(format!("{file} has no `{required}` column"))
                    .at(locate(&header[0]))
                    .with_help(format!(
                        "the header row names the columns: {}",
                        KEYS.join(",")
                    )),
            );
        }
    }
    if !columns.contains(&Some("id")) {
        return (None, problems);
    }
    let mut entries = Vec::new();
    for row in &rows[1..] {
        let mut values = Vec::new();
        for (cell, column) in row.iter().zip(&columns) {
            if let (Some(key), false) = (column, cell.text.is_empty()) {
                values.push((*key, cell.text.clone(), locate(cell)));
            }
        }
        if row.len() > columns.len() && row[columns.len()..].iter().any(|c| !c.text.is_empty()) {
            problems.push(
                INVALID_ASSETS
                    .report(format!(
                        "this row has {} cells, the header {}",
                        row.len(),
                        columns.len()
                    ))
                    .at(locate(&row[columns.len()]))
                    .with_help(
                        "quote values that contain the delimiter, or add the column to the header",
                    ),
            );
        }
        entries.push(Entry {
            at: locate(&row[0]),
            values,
        });
    }
    let register = build(file, entries, &mut problems);
    (Some(register), problems)
}

/// Checks the entries' values and makes the inventory: an entry without a usable id is
/// left out; a bad optional value is left unset.
fn build(file: &'static str, entries: Vec<Entry>, problems: &mut Vec<Diagnostic>) -> AssetRegister {
    let mut register = AssetRegister {
        file,
        assets: Vec::new(),
    };
    let error = |problems: &mut Vec<Diagnostic>, at: &Location, message: String, help: String| {
        problems.push(
            INVALID_ASSETS
                .report(message)
                .at(at.clone())
                .with_help(help),
        );
    };
    for entry in entries {
        let value = |key: &str| entry.values.iter().find(|(k, _, _)| *k == key);
        let Some((_, id, id_at)) = value("id") else {
            error(
                problems,
                &entry.at,
                "an asset has no `id`".into(),
                "give every asset an id, e.g. `id: AS-CRM`".into(),
            );
            continue;
        };
        if let Some(first) = register
            .assets
            .iter()
            .find(|a| a.id.eq_ignore_ascii_case(id))
        {
            problems.push(
                INVALID_ASSETS
                    .report(format!("the asset id `{id}` is used twice"))
                    .at(id_at.clone())
                    .with_related(first.at.clone(), "first used here")
                    .with_help("give each asset its own id"),
            );
            continue;
        }
        let name = match value("name") {
            Some((_, name, _)) => name.clone(),
            None => {
                error(
                    problems,
                    &entry.at,
                    format!("the asset {id} has no `name`"),
                    "name the asset, e.g. `name: Customer database`".into(),
                );
                id.clone()
            }
        };
        let classification = value("classification").and_then(|(_, text, at)| {
            let found = crate::config::parse_classification(text);
            if found.is_none() {
                let keys = Classification::ALL.map(Classification::key);
                let close = did_you_mean(&text.to_lowercase(), keys)
                    .map(|c| format!("did you mean `{c}`? "))
                    .unwrap_or_default();
                error(
                    problems,
                    at,
                    format!("`{text}` is not a classification"),
                    format!("{close}allowed: {}", keys.join(", ")),
                );
            }
            found
        });
        let text = |key: &str| value(key).map(|(_, t, _)| t.clone());
        register.assets.push(Asset {
            id: id.clone(),
            name,
            asset_type: text("type"),
            owner: text("owner"),
            classification,
            supplier: value("supplier").map(|(_, t, at)| (t.clone(), at.clone())),
            location: text("location"),
            at: entry.at.clone(),
        });
    }
    register
}

#[cfg(test)]
mod tests {
    use super::*;

    fn places(problems: &[Diagnostic]) -> Vec<(&str, usize, usize)> {
        problems
            .iter()
            .map(|d| {
                let at = d.location.as_ref().unwrap();
                (d.name, at.line, at.column)
            })
            .collect()
    }

    #[test]
    fn yaml_values_are_checked_where_written() {
        let text = "assets:\n  - id: AS-1\n    name: Db\n    clasification: internal\n  - { id: AS-2, name: Laptop, classification: internl }\n  - { id: as-1, name: Again }\n  - { name: No id }\n";
        let (register, problems) = parse_yaml(YAML_FILE, text);
        let register = register.unwrap();
        assert_eq!(register.assets.len(), 2);
        assert_eq!(
            places(&problems),
            [
                ("unknown-field", 4, 5),
                ("invalid-assets", 5, 47),
                ("invalid-assets", 6, 11),
                ("invalid-assets", 7, 5),
            ]
        );
        assert_eq!(
            problems[0].help.as_deref(),
            Some("did you mean `classification`?")
        );
        assert_eq!(
            problems[1].help.as_deref(),
            Some("did you mean `internal`? allowed: public, internal, confidential, restricted")
        );
    }

    #[test]
    fn csv_cells_are_checked_at_row_and_column() {
        let text = "id,name,ownr,classification\nAS-1,Db,CTO,internal\nAS-2,Laptop,,confidental\n";
        let (register, problems) = parse_csv(CSV_FILE, text);
        let register = register.unwrap();
        assert_eq!(register.assets.len(), 2);
        assert_eq!(
            places(&problems),
            [("unknown-field", 1, 9), ("invalid-assets", 3, 14)]
        );
        assert_eq!(problems[0].help.as_deref(), Some("did you mean `owner`?"));
        assert_eq!(
            problems[1].help.as_deref(),
            Some(
                "did you mean `confidential`? allowed: public, internal, confidential, restricted"
            )
        );
        let (register, problems) = parse_csv(CSV_FILE, "name,owner\nDb,CTO\n");
        assert!(register.is_none());
        assert_eq!(places(&problems), [("invalid-assets", 1, 1)]);
    }

    #[test]
    fn every_csv_problem_has_its_place() {
        let (register, problems) = parse_csv(CSV_FILE, "");
        assert!(register.is_none());
        assert!(
            problems[0].message.contains("is empty"),
            "{:?}",
            problems[0]
        );
        let text = "id,name,id\nAS-1,,x,extra\n,Nameless id\n";
        let (register, problems) = parse_csv(CSV_FILE, text);
        assert_eq!(register.unwrap().assets.len(), 1);
        let got: Vec<(usize, usize, &str)> = problems
            .iter()
            .map(|d| {
                let at = d.location.as_ref().unwrap();
                (at.line, at.column, d.message.as_str())
            })
            .collect();
        assert_eq!(
            got,
            [
                (1, 9, "the column `id` is written twice in assets.csv"),
                (2, 9, "this row has 4 cells, the header 3"),
                (2, 1, "the asset AS-1 has no `name`"),
                (3, 1, "an asset has no `id`"),
            ]
        );
    }

    #[test]
    fn both_files_or_unreadable_ones_are_reported() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(YAML_FILE),
            "assets:\n  - { id: A, name: B, owner: C }\n",
        )
        .unwrap();
        std::fs::write(dir.path().join(CSV_FILE), "id,name\nX,Y\n").unwrap();
        let (register, problems) = load(dir.path());
        assert_eq!(register.unwrap().file, YAML_FILE);
        let messages: Vec<&str> = problems.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            ["the project has both assets.yaml and assets.csv"]
        );
        std::fs::remove_file(dir.path().join(YAML_FILE)).unwrap();
        std::fs::write(dir.path().join(CSV_FILE), b"id,name\n\xff,x\n").unwrap();
        let (register, problems) = load(dir.path());
        assert!(register.is_none());
        assert_eq!(problems[0].message, "assets.csv is not UTF-8 text");
    }
}
