//! What the internal audits of the cycle cover: each clause 4.1–10.2 and each applicable
//! Annex A control by year of the cycle, done or planned. The programme page's matrices,
//! the gap lint and audit-programme.csv all read this one count.

use crate::catalog::clauses::sections;
use crate::catalog::{catalog, ControlId, Theme};
use crate::kinds::certification::cycle::Cycle;
use crate::model::Isms;

use super::{internal_audits, InternalAudit};

/// What a cell of the clause matrix holds: the best of the year's audits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Cell {
    Gap,
    Planned,
    Done,
}

impl Cell {
    pub fn key(self) -> &'static str {
        match self {
            Cell::Gap => "gap",
            Cell::Planned => "planned",
            Cell::Done => "done",
        }
    }
}

/// One clause's row.
pub struct ClauseRow {
    pub id: String,
    pub title: String,
    pub years: [Cell; 3],
}

impl ClauseRow {
    pub fn covered(&self) -> bool {
        self.years.iter().any(|c| *c != Cell::Gap)
    }
}

/// One theme's row: its applicable controls, and how many the audits of each year cover.
pub struct ThemeRow {
    pub theme: Theme,
    pub applicable: Vec<ControlId>,
    pub years: [usize; 3],
    /// Applicable controls no audit of the cycle covers.
    pub missing: Vec<ControlId>,
}

/// The programme's coverage over the cycle.
pub struct Coverage<'a> {
    pub cycle: Cycle,
    /// The internal audits within the cycle, each with its year.
    pub audits: Vec<(usize, InternalAudit<'a>)>,
    pub clauses: Vec<ClauseRow>,
    pub themes: Vec<ThemeRow>,
}

impl Coverage<'_> {
    pub fn missing_clauses(&self) -> impl Iterator<Item = &ClauseRow> {
        self.clauses.iter().filter(|r| !r.covered())
    }

    pub fn missing_controls(&self) -> impl Iterator<Item = &ControlId> {
        self.themes.iter().flat_map(|t| &t.missing)
    }
}

/// The Annex A controls that count: those the SoA decides applicable, or all without an SoA.
pub fn applicable_controls(isms: &Isms) -> Vec<ControlId> {
    catalog()
        .controls
        .iter()
        .map(|c| c.id.clone())
        .filter(|id| !isms.has_soa || isms.soa.decisions.get(id).is_some_and(|d| d.applicable))
        .collect()
}

/// Counts the coverage of the internal audits of the project's current cycle.
pub fn coverage(isms: &Isms) -> Coverage<'_> {
    let cycle = Cycle::of(isms);
    let audits: Vec<(usize, InternalAudit)> = internal_audits(isms)
        .into_iter()
        .filter_map(|a| Some((cycle.year_of(a.day()?)?, a)))
        .collect();
    let state = |a: &InternalAudit| {
        if a.is_done() {
            Cell::Done
        } else {
            Cell::Planned
        }
    };
    let clauses = sections()
        .map(|clause| {
            let mut years = [Cell::Gap; 3];
            for (year, audit) in &audits {
                if audit.scope().is_some_and(|s| s.has_clause(&clause.id)) {
                    years[*year] = years[*year].max(state(audit));
                }
            }
            ClauseRow {
                id: clause.id.clone(),
                title: clause.title.clone(),
                years,
            }
        })
        .collect();
    let applicable = applicable_controls(isms);
    let themes = Theme::ALL
        .iter()
        .map(|&theme| {
            let controls: Vec<ControlId> = applicable
                .iter()
                .filter(|id| catalog().control(id).is_some_and(|c| c.theme == theme))
                .cloned()
                .collect();
            let in_year = |year: usize, id: &ControlId| {
                audits
                    .iter()
                    .any(|(y, a)| *y == year && a.scope().is_some_and(|s| s.has_control(id)))
            };
            let years = [0, 1, 2].map(|y| controls.iter().filter(|id| in_year(y, id)).count());
            let missing = controls
                .iter()
                .filter(|id| !(0..3).any(|y| in_year(y, id)))
                .cloned()
                .collect();
            ThemeRow {
                theme,
                applicable: controls,
                years,
                missing,
            }
        })
        .collect();
    Coverage {
        cycle,
        audits,
        clauses,
        themes,
    }
}
