//! KPI trend charts and sparklines as inline SVG drawn at build time: the values as a line, the
//! target as a dashed line, points off target drawn as diamonds (not by colour alone). The
//! plot area carries its scale (`data-min`, `data-max`, `data-top`, `data-bottom`) so a point's
//! value can be read back from its position.

use crate::render::highlight::escape_html;

use super::compute::number;
use super::register::Direction;

/// One value to plot.
pub struct Plotted {
    /// The axis label (`Mar 26`) and the full period (`2026-03`).
    pub short: String,
    pub period: String,
    pub value: Option<f64>,
}

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 240.0;
const LEFT: f64 = 52.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 14.0;
const BOTTOM: f64 = 204.0;

/// The value range shown: from 0 (or the lowest value, when negative) to the first round
/// number (1, 2, 2.5 or 5 × 10ⁿ steps, four of them) at or above the highest value or the
/// target.
fn range(values: &[f64], target: Option<f64>) -> (f64, f64) {
    let all = values.iter().copied().chain(target);
    let (lo, hi) = all.fold((0.0_f64, f64::MIN), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let hi = if hi <= lo { lo + 1.0 } else { hi };
    let rough = (hi - lo) / 4.0;
    let magnitude = 10_f64.powf(rough.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= rough * 0.999_999)
        .unwrap_or(10.0 * magnitude);
    let lo = (lo / step).floor() * step;
    (lo, lo + 4.0 * step)
}

fn y_of(value: f64, (lo, hi): (f64, f64), top: f64, bottom: f64) -> f64 {
    bottom - (value - lo) / (hi - lo) * (bottom - top)
}

fn x_of(index: usize, count: usize, left: f64, right: f64) -> f64 {
    if count <= 1 {
        (left + right) / 2.0
    } else {
        left + index as f64 * (right - left) / (count - 1) as f64
    }
}

/// The line through the values, broken where a period has none.
fn segments(points: &[(f64, Option<f64>)]) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Vec<String> = Vec::new();
    for (x, y) in points {
        match y {
            Some(y) => current.push(format!("{x:.2},{y:.2}")),
            None if !current.is_empty() => out.push(std::mem::take(&mut current).join(" ")),
            None => {}
        }
    }
    if !current.is_empty() {
        out.push(current.join(" "));
    }
    out
}

/// A trend chart: `title` names it for assistive technology (the table beneath holds the
/// same values).
pub fn trend(
    id: &str,
    title: &str,
    unit: &str,
    values: &[Plotted],
    target: Option<f64>,
    direction: Direction,
) -> String {
    let numbers: Vec<f64> = values.iter().filter_map(|v| v.value).collect();
    let scale = range(&numbers, target);
    let right = WIDTH - RIGHT;
    let mut svg = format!(
        "<svg class=\"kpi-chart\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" role=\"img\" aria-labelledby=\"{id}-title\"><title id=\"{id}-title\">{}</title>",
        escape_html(title)
    );
    svg.push_str(&format!(
        "<g class=\"plot\" data-min=\"{}\" data-max=\"{}\" data-top=\"{TOP}\" data-bottom=\"{BOTTOM}\">",
        scale.0, scale.1
    ));
    // Four grid lines with their values.
    for step in 0..=4 {
        let value = scale.0 + (scale.1 - scale.0) * f64::from(step) / 4.0;
        let y = y_of(value, scale, TOP, BOTTOM);
        svg.push_str(&format!(
            "<line class=\"grid\" x1=\"{LEFT}\" y1=\"{y:.2}\" x2=\"{right}\" y2=\"{y:.2}\"/><text class=\"axis\" x=\"{:.2}\" y=\"{:.2}\" text-anchor=\"end\">{}</text>",
            LEFT - 6.0,
            y + 4.0,
            number(value)
        ));
    }
    if let Some(target) = target {
        let y = y_of(target, scale, TOP, BOTTOM);
        svg.push_str(&format!(
            "<line class=\"target\" x1=\"{LEFT}\" y1=\"{y:.2}\" x2=\"{right}\" y2=\"{y:.2}\" data-value=\"{target}\"/><text class=\"target-label\" x=\"{:.2}\" y=\"{:.2}\" text-anchor=\"end\">target {} {}</text>",
            right,
            y - 5.0,
            number(target),
            escape_html(unit)
        ));
    }
    let left = LEFT + 14.0;
    let inner_right = right - 14.0;
    let placed: Vec<(f64, Option<f64>)> = values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            (
                x_of(i, values.len(), left, inner_right),
                v.value.map(|v| y_of(v, scale, TOP, BOTTOM)),
            )
        })
        .collect();
    for line in segments(&placed) {
        svg.push_str(&format!("<polyline class=\"values\" points=\"{line}\"/>"));
    }
    let every = values.len().div_ceil(9).max(1);
    for (i, (v, (x, y))) in values.iter().zip(&placed).enumerate() {
        if i % every == 0 || i + 1 == values.len() {
            svg.push_str(&format!(
                "<text class=\"axis\" x=\"{x:.2}\" y=\"{:.2}\" text-anchor=\"middle\">{}</text>",
                BOTTOM + 20.0,
                escape_html(&v.short)
            ));
        }
        let (Some(value), Some(y)) = (v.value, y) else {
            continue;
        };
        let off = target.is_some_and(|t| !direction.meets(value, t));
        let label = format!(
            "{}: {} {}{}",
            v.period,
            number(value),
            unit,
            if off { " (off target)" } else { "" }
        );
        let shape = if off {
            format!(
                "<path class=\"point off-target\" d=\"M{x:.2},{:.2} L{:.2},{y:.2} L{x:.2},{:.2} L{:.2},{y:.2} Z\"",
                y - 6.0,
                x + 6.0,
                y + 6.0,
                x - 6.0
            )
        } else {
            format!("<circle class=\"point\" cx=\"{x:.2}\" cy=\"{y:.2}\" r=\"4\"")
        };
        svg.push_str(&format!(
            "{shape} data-period=\"{}\" data-value=\"{value}\" data-x=\"{x:.2}\" data-y=\"{y:.2}\"><title>{}</title>{}",
            v.period,
            escape_html(&label),
            if off { "</path>" } else { "</circle>" }
        ));
    }
    svg.push_str("</g></svg>");
    svg
}

/// A small line of the values for the home page, with the target dashed and the last value
/// marked; its label says the latest value.
pub fn sparkline(label: &str, values: &[Option<f64>], target: Option<f64>) -> String {
    let (w, h) = (120.0, 32.0);
    let numbers: Vec<f64> = values.iter().flatten().copied().collect();
    let scale = range(&numbers, target);
    let placed: Vec<(f64, Option<f64>)> = values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            (
                x_of(i, values.len(), 3.0, w - 3.0),
                v.map(|v| y_of(v, scale, 3.0, h - 3.0)),
            )
        })
        .collect();
    let mut svg = format!(
        "<svg class=\"sparkline\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"img\" aria-label=\"{}\">",
        escape_html(label)
    );
    if let Some(target) = target {
        let y = y_of(target, scale, 3.0, h - 3.0);
        svg.push_str(&format!(
            "<line class=\"target\" x1=\"0\" y1=\"{y:.2}\" x2=\"{w}\" y2=\"{y:.2}\"/>"
        ));
    }
    for line in segments(&placed) {
        svg.push_str(&format!("<polyline class=\"values\" points=\"{line}\"/>"));
    }
    if let Some((x, Some(y))) = placed.last() {
        svg.push_str(&format!(
            "<circle class=\"point\" cx=\"{x:.2}\" cy=\"{y:.2}\" r=\"2.5\"/>"
        ));
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plotted(values: &[Option<f64>]) -> Vec<Plotted> {
        values
            .iter()
            .enumerate()
            .map(|(i, v)| Plotted {
                short: format!("P{i}"),
                period: format!("2026-{:02}", i + 1),
                value: *v,
            })
            .collect()
    }

    #[test]
    fn off_target_points_are_diamonds_and_gaps_break_the_line() {
        let svg = trend(
            "k",
            "KPI",
            "h",
            &plotted(&[Some(10.0), Some(30.0), None, Some(20.0)]),
            Some(24.0),
            Direction::Lower,
        );
        assert_eq!(svg.matches("<polyline").count(), 2, "{svg}");
        assert_eq!(svg.matches("class=\"point off-target\"").count(), 1);
        assert_eq!(svg.matches("<circle class=\"point\"").count(), 2);
        assert!(svg.contains("2026-02: 30 h (off target)"));
        assert!(svg.contains("data-max=\"40\""), "{svg}");
    }

    #[test]
    fn a_flat_or_empty_series_still_draws() {
        let svg = trend(
            "k",
            "KPI",
            "",
            &plotted(&[Some(0.0)]),
            None,
            Direction::Higher,
        );
        assert!(svg.contains("data-max=\"1\""), "{svg}");
        assert!(trend("k", "KPI", "", &[], None, Direction::Higher).ends_with("</svg>"));
        assert!(sparkline("x", &[], Some(1.0)).contains("class=\"target\""));
    }
}
