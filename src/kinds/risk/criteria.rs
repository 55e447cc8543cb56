//! risk-criteria.yaml: the scales, levels, appetite and acceptance authority that every risk
//! is assessed against (6.1.2 a), read and checked at file:line:col.

use std::path::Path;

use crate::diagnostic::{did_you_mean, Diagnostic};
use crate::lint::registry::UNKNOWN_FIELD;
use crate::source::yaml::{Fields, Node, Reader};

use super::lints::INVALID_RISK_CRITERIA;

/// The file's name, at the project's top.
pub const FILE: &str = "risk-criteria.yaml";

const KEYS: &[&str] = &[
    "likelihood",
    "impact",
    "levels",
    "matrix",
    "appetite",
    "acceptance",
];

const EXAMPLE: &str = "likelihood: [Rare, Unlikely, Possible, Likely, Almost certain]
impact: [Negligible, Minor, Moderate, Major, Severe]
levels: [{ name: Low, max: 4 }, { name: Medium, max: 9 }, { name: High, max: 15 }, { name: Critical, max: 25 }]
appetite: Medium
acceptance: { Low: [Risk owner], Medium: [CISO], High: [CEO], Critical: [] }";

/// Colours of the levels, lowest first, when the file gives none: green to dark red.
const PALETTE: &[&str] = &[
    "#2e7d32", "#9e9d24", "#f9a825", "#ef6c00", "#c62828", "#7b1f1f",
];

/// Which colours of `PALETTE` a list of 2 to 6 levels takes.
fn palette_for(levels: usize) -> &'static [usize] {
    match levels {
        2 => &[0, 4],
        3 => &[0, 2, 4],
        4 => &[0, 2, 3, 4],
        5 => &[0, 1, 2, 3, 4],
        _ => &[0, 1, 2, 3, 4, 5],
    }
}

/// One named level of risk.
#[derive(Clone, Debug, PartialEq)]
pub struct RiskLevel {
    pub name: String,
    /// The highest score of this level (with a score scale; None with a matrix).
    pub max: Option<u32>,
    pub colour: String,
    /// The roles that may accept a residual risk of this level (`Risk owner`: the risk's own).
    pub accepted_by: Vec<String>,
}

/// The checked criteria.
#[derive(Clone, Debug, PartialEq)]
pub struct RiskCriteria {
    pub likelihood: Vec<String>,
    pub impact: Vec<String>,
    /// Lowest first.
    pub levels: Vec<RiskLevel>,
    /// `matrix[likelihood - 1][impact - 1]`: a level index; None: score = likelihood × impact.
    pub matrix: Option<Vec<Vec<usize>>>,
    /// The highest level that may stand without treatment.
    pub appetite: usize,
}

/// The role that stands for the risk's own owner in `acceptance:`.
pub const RISK_OWNER: &str = "Risk owner";

impl RiskCriteria {
    /// The level index of a likelihood and an impact (both 1-based, on the scales).
    pub fn level_of(&self, likelihood: u32, impact: u32) -> usize {
        let (l, i) = (likelihood.max(1) as usize - 1, impact.max(1) as usize - 1);
        if let Some(matrix) = &self.matrix {
            return matrix
                .get(l)
                .and_then(|row| row.get(i))
                .copied()
                .unwrap_or(self.levels.len() - 1);
        }
        let score = likelihood * impact;
        self.levels
            .iter()
            .position(|level| level.max.is_some_and(|max| score <= max))
            .unwrap_or(self.levels.len() - 1)
    }

    /// The score shown next to the level: likelihood × impact.
    pub fn score(likelihood: u32, impact: u32) -> u32 {
        likelihood * impact
    }

    /// `written` (a number or a name of `scale`) as a 1-based position on the scale.
    pub fn position(scale: &[String], written: &str) -> Option<u32> {
        if let Ok(n) = written.trim().parse::<u32>() {
            return (1..=scale.len() as u32).contains(&n).then_some(n);
        }
        scale
            .iter()
            .position(|name| name.eq_ignore_ascii_case(written.trim()))
            .map(|i| i as u32 + 1)
    }

    /// Whether `role` may accept a residual risk of level `level`, for a risk owned by `owner`.
    pub fn may_accept(&self, level: usize, role: &str, owner: Option<&str>) -> bool {
        self.levels[level].accepted_by.iter().any(|allowed| {
            allowed.eq_ignore_ascii_case(role)
                || (allowed.eq_ignore_ascii_case(RISK_OWNER)
                    && owner.is_some_and(|o| o.eq_ignore_ascii_case(role)))
        })
    }

    pub fn above_appetite(&self, level: usize) -> bool {
        level > self.appetite
    }
}

/// Reads `risk-criteria.yaml` of `project`: None when there is none (or it cannot be used,
/// with its diagnostics).
pub fn load(project: &Path) -> (Option<RiskCriteria>, Vec<Diagnostic>) {
    match crate::kinds::data_file::read(project, FILE, &INVALID_RISK_CRITERIA) {
        Ok(Some(text)) => parse(FILE, &text),
        Ok(None) => (None, Vec::new()),
        Err(problems) => (None, problems),
    }
}

/// Parses `text` (the file `file`) as risk criteria.
pub fn parse(file: &str, text: &str) -> (Option<RiskCriteria>, Vec<Diagnostic>) {
    let mut reader = Reader::new(file, text, &INVALID_RISK_CRITERIA, &UNKNOWN_FIELD);
    let criteria = reader.parse().and_then(|root| read(&mut reader, &root));
    let usable = criteria.filter(|_| {
        !reader
            .diagnostics
            .iter()
            .any(|d| d.name == INVALID_RISK_CRITERIA.name || d.name == "invalid-date")
    });
    (usable, reader.diagnostics)
}

fn read(reader: &mut Reader, root: &Node) -> Option<RiskCriteria> {
    let fields = reader.fields(root, FILE, KEYS, EXAMPLE)?;
    let likelihood = scale(reader, &fields, "likelihood");
    let impact = scale(reader, &fields, "impact");
    let mut levels = read_levels(reader, &fields)?;
    let (likelihood, impact) = (likelihood?, impact?);
    let matrix = match fields.get("matrix") {
        Some(node) => Some(read_matrix(
            reader,
            node,
            &levels,
            likelihood.len(),
            impact.len(),
        )?),
        None => {
            check_scores(reader, &fields, &levels, likelihood.len() * impact.len())?;
            None
        }
    };
    let names: Vec<&str> = levels.iter().map(|l| l.name.as_str()).collect();
    let appetite_node = reader.required(&fields, "appetite", FILE, names[names.len() / 2])?;
    let appetite = level_index(reader, appetite_node, &names, "`appetite`")?;
    if let Some(node) = fields.get("acceptance") {
        let names: Vec<String> = names.iter().map(|s| s.to_string()).collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let example = "acceptance: { Low: [Risk owner], High: [CEO] }";
        let accepted = reader.fields(node, "`acceptance`", &names, example)?;
        for (key, _, value) in accepted.iter() {
            let Some(index) = names.iter().position(|n| *n == key) else {
                continue;
            };
            levels[index].accepted_by = reader
                .text_list(value, &format!("`acceptance` of {key}"), "[CISO]")
                .into_iter()
                .map(|r| r.value)
                .collect();
        }
    }
    Some(RiskCriteria {
        likelihood,
        impact,
        levels,
        matrix,
        appetite,
    })
}

/// A scale of 3 to 10 named steps, lowest first.
fn scale(reader: &mut Reader, fields: &Fields, key: &str) -> Option<Vec<String>> {
    let example = "[Rare, Unlikely, Possible, Likely, Almost certain]";
    let node = reader.required(fields, key, FILE, example)?;
    let steps = reader.text_list(node, &format!("`{key}`"), example);
    if !(3..=10).contains(&steps.len()) {
        reader.error(
            node.span,
            format!("`{key}` has {} steps; a scale has 3 to 10", steps.len()),
            format!("name each step, lowest first: `{key}: {example}`"),
        );
        return None;
    }
    for (i, step) in steps.iter().enumerate() {
        if steps[..i]
            .iter()
            .any(|s| s.value.eq_ignore_ascii_case(&step.value))
        {
            reader.error(
                step.span,
                format!("`{}` is named twice in `{key}`", step.value),
                "give each step its own name",
            );
            return None;
        }
    }
    Some(steps.into_iter().map(|s| s.value).collect())
}

fn read_levels(reader: &mut Reader, fields: &Fields) -> Option<Vec<RiskLevel>> {
    let example = "[{ name: Low, max: 4 }, { name: Medium, max: 9 }, { name: High, max: 25 }]";
    let node = reader.required(fields, "levels", FILE, example)?;
    let items = reader.list(node, "`levels`", example);
    if !(2..=PALETTE.len()).contains(&items.len()) {
        reader.error(
            node.span,
            format!(
                "`levels` lists {} levels; write 2 to {}",
                items.len(),
                PALETTE.len()
            ),
            format!("lowest first: `levels: {example}`"),
        );
        return None;
    }
    let mut levels = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let level = reader.fields(
            item,
            "a level",
            &["name", "max", "colour"],
            "{ name: Low, max: 4 }",
        )?;
        let name = reader
            .required(&level, "name", "a level", "Low")
            .and_then(|n| reader.nonempty_text(n, "a level's `name`", "Low"))?;
        if levels
            .iter()
            .any(|l: &RiskLevel| l.name.eq_ignore_ascii_case(&name.value))
        {
            reader.error(
                name.span,
                format!("the level `{}` is named twice", name.value),
                "give each level its own name",
            );
            return None;
        }
        let max = match level.get("max") {
            Some(n) => Some(reader.whole_number(n, "a level's `max`", 1, 100)?),
            None => None,
        };
        let colour = match level.get("colour") {
            Some(n) => {
                let colour = reader.text(n, "a level's `colour`", "\"#c62828\"")?;
                if !is_hex_colour(&colour.value) {
                    reader.error(
                        n.span,
                        format!("`{}` is not a colour", colour.value),
                        "write it as `\"#rrggbb\"` (quoted: `#` starts a comment)",
                    );
                    return None;
                }
                colour.value
            }
            None => PALETTE[palette_for(items.len())[i]].to_string(),
        };
        levels.push(RiskLevel {
            name: name.value,
            max,
            colour,
            accepted_by: Vec::new(),
        });
    }
    Some(levels)
}

fn is_hex_colour(text: &str) -> bool {
    text.len() == 7 && text.starts_with('#') && text[1..].chars().all(|c| c.is_ascii_hexdigit())
}

/// With scores: every level has a `max`, rising, and the last reaches the highest score.
fn check_scores(
    reader: &mut Reader,
    fields: &Fields,
    levels: &[RiskLevel],
    top: usize,
) -> Option<()> {
    let span = fields.get("levels").map_or(fields.node.span, |n| n.span);
    let mut previous = 0;
    for level in levels {
        let Some(max) = level.max else {
            reader.error(
                span,
                format!("the level `{}` has no `max` score", level.name),
                "give every level the highest score (likelihood × impact) it covers, or write a `matrix:`",
            );
            return None;
        };
        if max <= previous {
            reader.error(
                span,
                format!(
                    "the level `{}` ends at {max}, not above the level before it ({previous})",
                    level.name
                ),
                "list the levels lowest first, each `max` higher than the one before",
            );
            return None;
        }
        previous = max;
    }
    if (previous as usize) < top {
        reader.error(
            span,
            format!("the highest level ends at {previous}, but scores go up to {top}"),
            format!("set the last level's `max` to {top}"),
        );
        return None;
    }
    Some(())
}

/// A matrix: one row per likelihood, lowest first, each naming the level of every impact.
fn read_matrix(
    reader: &mut Reader,
    node: &Node,
    levels: &[RiskLevel],
    rows: usize,
    columns: usize,
) -> Option<Vec<Vec<usize>>> {
    let names: Vec<&str> = levels.iter().map(|l| l.name.as_str()).collect();
    let example = "- [Low, Low, Medium]   # likelihood 1, impact 1..N";
    let items = reader.list(node, "`matrix`", example);
    if items.len() != rows {
        reader.error(
            node.span,
            format!(
                "`matrix` has {} rows; the likelihood scale has {rows}",
                items.len()
            ),
            "write one row per likelihood, lowest first",
        );
        return None;
    }
    let mut matrix = Vec::with_capacity(rows);
    for row in items {
        let cells = reader.list(row, "a row of `matrix`", "[Low, Low, Medium]");
        if cells.len() != columns {
            reader.error(
                row.span,
                format!(
                    "this row of `matrix` has {} cells; the impact scale has {columns}",
                    cells.len()
                ),
                "name one level per impact, lowest impact first",
            );
            return None;
        }
        let mut out = Vec::with_capacity(columns);
        for cell in cells {
            out.push(level_index(reader, cell, &names, "a cell of `matrix`")?);
        }
        matrix.push(out);
    }
    Some(matrix)
}

fn level_index(reader: &mut Reader, node: &Node, names: &[&str], what: &str) -> Option<usize> {
    let text = reader.text(node, what, names[0])?;
    if let Some(i) = names
        .iter()
        .position(|n| n.eq_ignore_ascii_case(&text.value))
    {
        return Some(i);
    }
    let close = did_you_mean(&text.value, names.iter().copied())
        .map(|c| format!("did you mean `{c}`? "))
        .unwrap_or_default();
    reader.error(
        node.span,
        format!("`{}` is not a level of `levels`", text.value),
        format!("{close}the levels are: {}", names.join(", ")),
    );
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> (Option<RiskCriteria>, Vec<(String, usize, usize)>) {
        let (criteria, diagnostics) = parse(FILE, text);
        let places = diagnostics
            .iter()
            .map(|d| {
                let l = d.location.as_ref();
                (
                    d.message.clone(),
                    l.map_or(0, |l| l.line),
                    l.map_or(0, |l| l.column),
                )
            })
            .collect();
        (criteria, places)
    }

    #[test]
    fn the_design_example_reads() {
        let (criteria, problems) = parsed(EXAMPLE);
        assert!(problems.is_empty(), "{problems:?}");
        let c = criteria.unwrap();
        assert_eq!(c.likelihood.len(), 5);
        assert_eq!(c.levels[c.level_of(4, 5)].name, "Critical");
        assert_eq!(c.levels[c.level_of(2, 2)].name, "Low");
        assert_eq!(c.levels[c.level_of(3, 3)].name, "Medium");
        assert_eq!(c.appetite, 1);
        assert!(c.above_appetite(2) && !c.above_appetite(1));
        assert!(c.may_accept(2, "ceo", None));
        assert!(!c.may_accept(2, "CISO", None));
        assert!(c.may_accept(0, "Jane", Some("jane")));
        assert!(!c.may_accept(3, "CEO", None));
        assert_eq!(RiskCriteria::position(&c.likelihood, "likely"), Some(4));
        assert_eq!(RiskCriteria::position(&c.likelihood, "6"), None);
    }

    #[test]
    fn a_matrix_decides_the_level() {
        let text = "likelihood: [L, M, H]\nimpact: [l, m, h]\nlevels: [{ name: Low }, { name: High }]\nmatrix:\n  - [Low, Low, High]\n  - [Low, High, High]\n  - [High, High, High]\nappetite: Low\n";
        let (criteria, problems) = parsed(text);
        assert!(problems.is_empty(), "{problems:?}");
        let c = criteria.unwrap();
        assert_eq!(c.level_of(1, 2), 0);
        assert_eq!(c.level_of(1, 3), 1);
    }

    #[test]
    fn mistakes_are_placed() {
        let cases: &[(usize, &str, &str, usize, usize)] = &[
            (0, "likelihood: [A, B]", "`likelihood` has 2 steps", 1, 13),
            (
                2,
                "levels: [{ name: Low, max: 4 }, { name: High, max: 20 }]",
                "scores go up to 25",
                3,
                9,
            ),
            (3, "appetite: Meduim", "`Meduim` is not a level", 4, 11),
            (5, "matrix: [[Low]]", "`matrix` has 1 rows", 6, 9),
            (5, "likelihod: x", "unknown key `likelihod`", 6, 1),
        ];
        for (at, replacement, message, line, column) in cases {
            let mut lines: Vec<&str> = EXAMPLE.lines().collect();
            if *at < lines.len() {
                lines[*at] = replacement;
            } else {
                lines.push(replacement);
            }
            let (_, problems) = parsed(&lines.join("\n"));
            assert!(
                problems
                    .iter()
                    .any(|p| p.0.contains(message) && (p.1, p.2) == (*line, *column)),
                "{replacement}: {problems:?}"
            );
        }
    }
}
