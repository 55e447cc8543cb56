//! The two questions about applicable controls, worded once for every page and export that
//! shows them: is a control *documented* (an approved, published document lists it) and how
//! far is it *implemented* (its status in soa.yaml). They are never merged into one figure: a
//! planned control can be documented, and is still not implemented.

use serde::Serialize;

use crate::model::coverage::CoverageFigures;
use crate::source::soa::Implementation;

use super::svg::stacked_bar;

/// One part of a stacked bar and its legend entry.
#[derive(Serialize)]
pub struct Part {
    /// CSS class of the bar segment; its legend swatch has `{class}-swatch`.
    pub class: &'static str,
    /// What the part counts, lower case ("partially implemented").
    pub label: String,
    pub count: usize,
}

/// The documented and implementation figures of one theme or of all of Annex A.
#[derive(Serialize)]
pub struct CoverageView {
    pub applicable: usize,
    pub documented: usize,
    pub gaps: usize,
    /// Documented applicable controls in percent, rounded down.
    pub documented_percent: usize,
    /// "86 of 88 applicable controls are listed by an approved document (2 gaps)."
    pub documented_sentence: String,
    pub documented_bar: String,
    pub documented_parts: Vec<Part>,
    pub implemented: usize,
    pub partial: usize,
    pub planned: usize,
    pub not_implemented: usize,
    pub no_status: usize,
    /// "80 implemented, 4 partially implemented, 2 planned, 2 not implemented."
    pub implementation_sentence: String,
    pub implementation_bar: String,
    pub implementation_parts: Vec<Part>,
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// "86 of 88 applicable controls are listed by an approved document (2 gaps)."
pub fn documented_sentence(f: &CoverageFigures) -> String {
    if f.applicable == 0 {
        return "No control is applicable.".to_string();
    }
    let verb = if f.covered == 1 { "is" } else { "are" };
    let noun = if f.applicable == 1 {
        "applicable control"
    } else {
        "applicable controls"
    };
    let gaps = match f.gaps.len() {
        0 => "no gap".to_string(),
        n => plural(n, "gap", "gaps"),
    };
    format!(
        "{} of {} {noun} {verb} listed by an approved document ({gaps}).",
        f.covered, f.applicable
    )
}

/// The parts of the implementation bar, in the SoA's order; "no status" only when some
/// applicable control has none.
fn implementation_parts(f: &CoverageFigures) -> Vec<Part> {
    let counts = [f.implemented, f.partial, f.planned, f.not_implemented];
    let mut parts: Vec<Part> = Implementation::ALL
        .iter()
        .zip(counts)
        .map(|(s, count)| Part {
            class: match s {
                Implementation::Implemented => "bar-implemented",
                Implementation::Partial => "bar-partial",
                Implementation::Planned => "bar-planned",
                Implementation::NotImplemented => "bar-not-implemented",
            },
            label: s.label().to_lowercase(),
            count,
        })
        .collect();
    if f.no_status > 0 {
        parts.push(Part {
            class: "bar-no-status",
            label: "without a status".to_string(),
            count: f.no_status,
        });
    }
    parts
}

/// "80 implemented, 4 partially implemented, 2 planned, 2 not implemented."
pub fn implementation_sentence(f: &CoverageFigures) -> String {
    if f.applicable == 0 {
        return "No control is applicable.".to_string();
    }
    let parts: Vec<String> = implementation_parts(f)
        .iter()
        .map(|p| format!("{} {}", p.count, p.label))
        .collect();
    format!("{}.", parts.join(", "))
}

impl CoverageView {
    /// The view of `figures`; `scope` names them in the bars' accessible labels ("All of
    /// Annex A", "Organizational").
    pub fn of(figures: &CoverageFigures, scope: &str) -> CoverageView {
        let documented_sentence = documented_sentence(figures);
        let implementation_sentence = implementation_sentence(figures);
        let documented_parts = vec![
            Part {
                class: "bar-covered",
                label: "documented".to_string(),
                count: figures.covered,
            },
            Part {
                class: "bar-gap",
                label: "gaps".to_string(),
                count: figures.gaps.len(),
            },
        ];
        let implementation_parts = implementation_parts(figures);
        let bar = |parts: &[Part], label: String| {
            let parts: Vec<(&str, usize)> = parts.iter().map(|p| (p.class, p.count)).collect();
            stacked_bar(&parts, figures.applicable, &label)
        };
        CoverageView {
            applicable: figures.applicable,
            documented: figures.covered,
            gaps: figures.gaps.len(),
            documented_percent: figures.percent_covered(),
            documented_bar: bar(
                &documented_parts,
                format!("{scope}, documented: {documented_sentence}"),
            ),
            implementation_bar: bar(
                &implementation_parts,
                format!("{scope}, implementation (SoA): {implementation_sentence}"),
            ),
            documented_sentence,
            documented_parts,
            implemented: figures.implemented,
            partial: figures.partial,
            planned: figures.planned,
            not_implemented: figures.not_implemented,
            no_status: figures.no_status,
            implementation_sentence,
            implementation_parts,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::ControlId;

    fn figures() -> CoverageFigures {
        CoverageFigures {
            applicable: 88,
            covered: 86,
            gaps: vec![
                ControlId("A.5.6".to_string()),
                ControlId("A.8.23".to_string()),
            ],
            implemented: 80,
            partial: 4,
            planned: 2,
            not_implemented: 2,
            not_yet: 4,
            ..Default::default()
        }
    }

    #[test]
    fn the_two_questions_have_their_own_sentences() {
        let f = figures();
        assert_eq!(
            documented_sentence(&f),
            "86 of 88 applicable controls are listed by an approved document (2 gaps)."
        );
        assert_eq!(
            implementation_sentence(&f),
            "80 implemented, 4 partially implemented, 2 planned, 2 not implemented."
        );
    }

    #[test]
    fn a_planned_control_is_never_called_implemented() {
        let f = CoverageFigures {
            applicable: 1,
            covered: 1,
            planned: 1,
            not_yet: 1,
            ..Default::default()
        };
        let view = CoverageView::of(&f, "All");
        assert_eq!(
            view.documented_sentence,
            "1 of 1 applicable control is listed by an approved document (no gap)."
        );
        assert_eq!(
            view.implementation_sentence,
            "0 implemented, 0 partially implemented, 1 planned, 0 not implemented."
        );
        assert!(view.implementation_bar.contains("class=\"bar-planned\""));
        assert!(!view
            .implementation_bar
            .contains("class=\"bar-implemented\""));
    }

    #[test]
    fn controls_without_a_status_are_counted_apart() {
        let f = CoverageFigures {
            applicable: 3,
            implemented: 1,
            no_status: 2,
            gaps: vec![ControlId("A.5.1".to_string())],
            covered: 2,
            ..Default::default()
        };
        assert_eq!(
            implementation_sentence(&f),
            "1 implemented, 0 partially implemented, 0 planned, 0 not implemented, 2 without a status."
        );
        assert_eq!(
            documented_sentence(&f),
            "2 of 3 applicable controls are listed by an approved document (1 gap)."
        );
    }
}
