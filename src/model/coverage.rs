//! Control coverage: for each Annex A control, its SoA decision and the documents that
//! implement it; per theme and overall, how many applicable controls approved documents cover
//! (documents the site publishes: see `covers_in_site`).

use serde::Serialize;

use crate::catalog::{catalog, ControlId, Theme};
use crate::source::soa::{Implementation, SoaFile};
use crate::source::Status;

use super::Document;

/// Whether an approved document covers an applicable control (in the ISMS: what the lints
/// check).
pub fn is_covering(doc: &Document) -> bool {
    doc.source.front.status == Status::Approved
}

/// Whether a document covers a control on the published site: approved and published. A
/// document `--max-classification` leaves out covers nothing there, or a control would show
/// "covered" with no document listed, a trace of the document.
pub fn covers_in_site(doc: &Document) -> bool {
    is_covering(doc) && doc.published
}

/// Coverage figures for one theme or for all of Annex A.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct CoverageFigures {
    /// Controls in the catalogue.
    pub controls: usize,
    /// Controls decided applicable in the SoA.
    pub applicable: usize,
    /// Controls decided not applicable.
    pub excluded: usize,
    /// Controls without a decision.
    pub undecided: usize,
    /// Applicable controls listed by at least one approved document ("documented"). Says
    /// nothing about whether the control is implemented: that is the SoA status below.
    pub covered: usize,
    /// Applicable controls whose SoA status is `partial`.
    pub partial: usize,
    /// Applicable controls whose SoA status is `implemented`.
    pub implemented: usize,
    /// Applicable controls whose SoA status is `planned`.
    pub planned: usize,
    /// Applicable controls whose SoA status is `not-implemented`.
    pub not_implemented: usize,
    /// Applicable controls whose SoA decision gives no status.
    pub no_status: usize,
    /// Applicable controls whose SoA status is `planned` or `not-implemented` (the sum of
    /// the two, kept for readers of annexa.json that know only this key).
    pub not_yet: usize,
    /// Applicable controls no approved document lists.
    pub gaps: Vec<ControlId>,
}

impl CoverageFigures {
    /// Covered applicable controls in percent (0–100), rounded down; 0 when nothing applies.
    pub fn percent_covered(&self) -> usize {
        (self.covered * 100)
            .checked_div(self.applicable)
            .unwrap_or(0)
    }
}

/// Coverage per theme (catalogue order) and overall.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Coverage {
    pub themes: Vec<(Theme, CoverageFigures)>,
    pub overall: CoverageFigures,
}

/// Computes coverage from the SoA and, for each control, the documents that list it.
pub fn compute(
    soa: &SoaFile,
    documents: &[Document],
    documents_for: impl Fn(&ControlId) -> Vec<usize>,
) -> Coverage {
    let catalog = catalog();
    let mut coverage = Coverage {
        themes: Theme::ALL
            .iter()
            .map(|&t| (t, CoverageFigures::default()))
            .collect(),
        overall: CoverageFigures::default(),
    };
    for control in &catalog.controls {
        let theme_index = Theme::ALL
            .iter()
            .position(|&t| t == control.theme)
            .unwrap_or(0);
        let covered = documents_for(&control.id)
            .iter()
            .any(|&i| covers_in_site(&documents[i]));
        let decision = soa.decisions.get(&control.id);
        for figures in [&mut coverage.themes[theme_index].1, &mut coverage.overall] {
            figures.controls += 1;
            match decision {
                None => figures.undecided += 1,
                Some(d) if !d.applicable => figures.excluded += 1,
                Some(d) => {
                    figures.applicable += 1;
                    match d.status {
                        Some(Implementation::Implemented) => figures.implemented += 1,
                        Some(Implementation::Partial) => figures.partial += 1,
                        Some(Implementation::Planned) => {
                            figures.planned += 1;
                            figures.not_yet += 1;
                        }
                        Some(Implementation::NotImplemented) => {
                            figures.not_implemented += 1;
                            figures.not_yet += 1;
                        }
                        None => figures.no_status += 1,
                    }
                    if covered {
                        figures.covered += 1;
                    } else {
                        figures.gaps.push(control.id.clone());
                    }
                }
            }
        }
    }
    coverage
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent() {
        let f = CoverageFigures {
            applicable: 3,
            covered: 2,
            ..Default::default()
        };
        assert_eq!(f.percent_covered(), 66);
        assert_eq!(CoverageFigures::default().percent_covered(), 0);
    }
}
