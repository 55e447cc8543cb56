//! Heat maps of the open risks, inherent and residual: a grid of likelihood × impact drawn as
//! accessible SVG at build time (each count links to the list of its risks; the SVG is a
//! named group, not an image, since it holds those links), and the same counts as a table
//! for screen readers and print.

use serde::Serialize;

use crate::render::highlight::escape_html;

use super::criteria::RiskCriteria;
use super::{place, Placed, RiskRef};

/// Which rating a heat map places the risks by.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Which {
    Inherent,
    Residual,
}

impl Which {
    pub fn key(self) -> &'static str {
        match self {
            Which::Inherent => "inherent",
            Which::Residual => "residual",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Which::Inherent => "Inherent risk",
            Which::Residual => "Residual risk",
        }
    }

    fn placed(self, criteria: &RiskCriteria, risk: &RiskRef) -> Option<Placed> {
        match self {
            Which::Inherent => place(criteria, risk.risk.inherent.as_ref()),
            // A risk not yet treated stands at its inherent rating.
            Which::Residual => super::current(criteria, risk.risk),
        }
    }
}

/// The risks in one cell.
#[derive(Serialize)]
pub struct Cell {
    pub anchor: String,
    pub likelihood: String,
    pub impact: String,
    pub level: String,
    pub risks: Vec<(String, String)>,
}

/// One heat map: the SVG, the table rows (highest likelihood first) and the non-empty cells.
#[derive(Serialize)]
pub struct HeatMap {
    pub key: &'static str,
    pub title: &'static str,
    pub svg: String,
    pub impact: Vec<String>,
    pub rows: Vec<TableRow>,
    pub cells: Vec<Cell>,
    pub placed: usize,
    pub unrated: Vec<String>,
}

#[derive(Serialize)]
pub struct TableRow {
    pub likelihood: String,
    pub counts: Vec<CountCell>,
}

#[derive(Serialize)]
pub struct CountCell {
    pub count: usize,
    pub level: String,
    pub anchor: String,
}

const CELL: usize = 64;
const LEFT: usize = 120;
const TOP: usize = 8;
const BOTTOM: usize = 64;

/// The heat map of `risks` (the open ones) by `which`; `page_href` is the register's URL,
/// which holds the lists the cells link to. Each risk is `(id, href)`.
pub fn heat_map(
    criteria: &RiskCriteria,
    risks: &[RiskRef],
    which: Which,
    hrefs: &[String],
) -> HeatMap {
    let rows = criteria.likelihood.len();
    let columns = criteria.impact.len();
    let mut grid: Vec<Vec<Vec<(String, String)>>> = vec![vec![Vec::new(); columns]; rows];
    let mut unrated = Vec::new();
    let mut placed = 0;
    for (risk, href) in risks.iter().zip(hrefs) {
        match which.placed(criteria, risk) {
            Some(p) => {
                placed += 1;
                grid[p.likelihood as usize - 1][p.impact as usize - 1]
                    .push((risk.doc.id().to_string(), href.clone()));
            }
            None => unrated.push(risk.doc.id().to_string()),
        }
    }
    let anchor = |l: usize, i: usize| format!("{}-l{}-i{}", which.key(), l + 1, i + 1);
    let width = LEFT + columns * CELL + 8;
    let height = TOP + rows * CELL + BOTTOM;
    let mut svg = format!(
        "<svg class=\"heat-map\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"group\" aria-labelledby=\"{key}-title\"><title id=\"{key}-title\">{title}: open risks by likelihood and impact ({placed} rated)</title>",
        key = which.key(),
        title = which.label(),
    );
    for (l, row) in grid.iter().enumerate() {
        // The highest likelihood on top.
        let y = TOP + (rows - 1 - l) * CELL;
        svg.push_str(&format!(
            "<text class=\"axis-label\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{} {}</text>",
            LEFT - 8,
            y + CELL / 2 + 4,
            l + 1,
            escape_html(&criteria.likelihood[l])
        ));
        for (i, risks) in row.iter().enumerate() {
            let x = LEFT + i * CELL;
            let level = &criteria.levels[criteria.level_of(l as u32 + 1, i as u32 + 1)];
            let label = format!(
                "likelihood {}, impact {}: {} ({}) risks",
                criteria.likelihood[l],
                criteria.impact[i],
                risks.len(),
                level.name
            );
            let rect = format!(
                "<rect x=\"{x}\" y=\"{y}\" width=\"{CELL}\" height=\"{CELL}\" fill=\"{}\" class=\"heat-cell\"/>",
                level.colour
            );
            if risks.is_empty() {
                svg.push_str(&rect);
                continue;
            }
            svg.push_str(&format!(
                "<a href=\"#{}\" aria-label=\"{}\">{rect}<text class=\"heat-count\" x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"{}\">{}</text></a>",
                anchor(l, i),
                escape_html(&label),
                x + CELL / 2,
                y + CELL / 2 + 7,
                text_colour(&level.colour),
                risks.len()
            ));
        }
    }
    for (i, name) in criteria.impact.iter().enumerate() {
        let x = LEFT + i * CELL + CELL / 2;
        let y = TOP + rows * CELL + 16;
        svg.push_str(&format!(
            "<text class=\"axis-label\" x=\"{x}\" y=\"{y}\" text-anchor=\"middle\">{}</text><text class=\"axis-label\" x=\"{x}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
            i + 1,
            y + 16,
            escape_html(&short(name))
        ));
    }
    svg.push_str(&format!(
        "<text class=\"axis-title\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">Impact →</text></svg>",
        LEFT + columns * CELL / 2,
        height - 4
    ));

    let table_rows = (0..rows)
        .rev()
        .map(|l| TableRow {
            likelihood: format!("{} {}", l + 1, criteria.likelihood[l]),
            counts: (0..columns)
                .map(|i| CountCell {
                    count: grid[l][i].len(),
                    level: criteria.levels[criteria.level_of(l as u32 + 1, i as u32 + 1)]
                        .name
                        .clone(),
                    anchor: anchor(l, i),
                })
                .collect(),
        })
        .collect();
    let mut cells = Vec::new();
    for l in (0..rows).rev() {
        for i in (0..columns).rev() {
            if grid[l][i].is_empty() {
                continue;
            }
            cells.push(Cell {
                anchor: anchor(l, i),
                likelihood: criteria.likelihood[l].clone(),
                impact: criteria.impact[i].clone(),
                level: criteria.levels[criteria.level_of(l as u32 + 1, i as u32 + 1)]
                    .name
                    .clone(),
                risks: std::mem::take(&mut grid[l][i]),
            });
        }
    }
    HeatMap {
        key: which.key(),
        title: which.label(),
        svg,
        impact: criteria
            .impact
            .iter()
            .enumerate()
            .map(|(i, n)| format!("{} {n}", i + 1))
            .collect(),
        rows: table_rows,
        cells,
        placed,
        unrated,
    }
}

/// An axis name short enough for a column of the grid.
fn short(name: &str) -> String {
    match name.char_indices().nth(12) {
        Some((at, _)) => format!("{}…", name[..at - 1].trim_end()),
        None => name.to_string(),
    }
}

/// Black or white, whichever reads better on `background` (`#rrggbb`).
fn text_colour(background: &str) -> &'static str {
    let channel = |at: usize| {
        u8::from_str_radix(background.get(at..at + 2).unwrap_or("80"), 16).unwrap_or(128) as f64
    };
    let luminance = 0.299 * channel(1) + 0.587 * channel(3) + 0.114 * channel(5);
    if luminance > 150.0 {
        "#111"
    } else {
        "#fff"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_stays_readable() {
        assert_eq!(text_colour("#f9a825"), "#111");
        assert_eq!(text_colour("#c62828"), "#fff");
        assert_eq!(short("Almost certain and more"), "Almost cert…");
        assert_eq!(short("Severe"), "Severe");
    }
}
