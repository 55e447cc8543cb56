//! The certification cycle as an inline SVG timeline drawn at build time: the years on an
//! axis, external audits above it, internal audits and management reviews below, the decision and the expiry on
//! it, today as a dashed line. Every mark has a <title>; the page lists the same events in
//! a table beneath, which is what assistive technology reads.

use jiff::civil::Date;

use crate::render::highlight::escape_html;

use super::events::{Event, EventKind};

const WIDTH: f64 = 1000.0;
const HEIGHT: f64 = 190.0;
const LEFT: f64 = 30.0;
const RIGHT: f64 = 970.0;
const AXIS: f64 = 100.0;

/// Which side of the axis a kind of event is drawn on: -1 above, 1 below, 0 on it.
fn side_of(kind: EventKind) -> i8 {
    match kind {
        EventKind::External => -1,
        EventKind::Internal | EventKind::Review => 1,
        EventKind::Decision | EventKind::Expiry => 0,
    }
}

fn x_of(day: Date, from: Date, to: Date) -> f64 {
    let span = from.until(to).map_or(1, |s| s.get_days()).max(1) as f64;
    let at = from.until(day).map_or(0, |s| s.get_days()) as f64;
    LEFT + (RIGHT - LEFT) * (at / span).clamp(0.0, 1.0)
}

/// The timeline of `events` from `from` to `to`, `today` marked.
pub fn timeline(events: &[Event], from: Date, to: Date, today: Date, label: &str) -> String {
    let mut svg = format!(
        "<svg class=\"timeline\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" role=\"img\" aria-labelledby=\"timeline-title\"><title id=\"timeline-title\">{}</title>",
        escape_html(label)
    );
    svg.push_str(&format!(
        "<line class=\"axis\" x1=\"{LEFT}\" y1=\"{AXIS}\" x2=\"{RIGHT}\" y2=\"{AXIS}\"/>"
    ));
    for year in from.year() + 1..=to.year() {
        let x = x_of(jiff::civil::date(year, 1, 1), from, to);
        svg.push_str(&format!(
            "<line class=\"year-tick\" x1=\"{x:.1}\" y1=\"30\" x2=\"{x:.1}\" y2=\"170\"/><text x=\"{:.1}\" y=\"185\">{year}</text>",
            x + 3.0
        ));
    }
    // Marks that would overlap move further from the axis.
    let mut lanes: Vec<(EventKind, f64, usize)> = Vec::new();
    for event in events {
        let x = x_of(event.day, from, to);
        let side = match event.kind {
            EventKind::External => -1.0,
            EventKind::Internal | EventKind::Review => 1.0,
            EventKind::Decision | EventKind::Expiry => 0.0,
        };
        let lane = lanes
            .iter()
            .filter(|(k, lx, _)| side_of(*k) == side_of(event.kind) && (lx - x).abs() < 28.0)
            .map(|(_, _, l)| l + 1)
            .max()
            .unwrap_or(0);
        lanes.push((event.kind, x, lane));
        let y = AXIS + side * (28.0 + 22.0 * lane as f64);
        let classes = format!(
            "ev-{}{}",
            event.kind.key(),
            if event.done { "" } else { " ev-planned" }
        );
        let title = format!(
            "{} {}{}",
            event.day,
            event.label,
            event
                .detail
                .as_ref()
                .map(|d| format!(" ({d})"))
                .unwrap_or_default()
        );
        let title = escape_html(&title);
        match event.kind {
            EventKind::Decision | EventKind::Expiry => svg.push_str(&format!(
                "<g class=\"{classes}\"><title>{title}</title><rect x=\"{:.1}\" y=\"{:.1}\" width=\"12\" height=\"12\" transform=\"rotate(45 {x:.1} {AXIS})\"/><text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text></g>",
                x - 6.0,
                AXIS - 6.0,
                x,
                AXIS - 16.0,
                escape_html(&event.mark)
            )),
            _ => {
                let text_y = if side < 0.0 { y - 12.0 } else { y + 20.0 };
                svg.push_str(&format!(
                    "<g class=\"{classes}\"><title>{title}</title><line class=\"year-tick\" x1=\"{x:.1}\" y1=\"{AXIS}\" x2=\"{x:.1}\" y2=\"{y:.1}\"/><circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"7\"/><text x=\"{x:.1}\" y=\"{text_y:.1}\" text-anchor=\"middle\">{}</text></g>",
                    escape_html(&event.mark)
                ));
            }
        }
    }
    if (from..=to).contains(&today) {
        let x = x_of(today, from, to);
        svg.push_str(&format!(
            "<g><title>Today, {today}</title><line class=\"today\" x1=\"{x:.1}\" y1=\"22\" x2=\"{x:.1}\" y2=\"172\"/><text class=\"today-label\" x=\"{x:.1}\" y=\"16\" text-anchor=\"middle\">Today</text></g>"
        ));
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn event(day: Date, kind: EventKind, done: bool) -> Event {
        Event {
            day,
            kind,
            label: "X <y>".into(),
            mark: "S1".into(),
            done,
            detail: None,
            page: None,
        }
    }

    #[test]
    fn marks_sit_where_their_day_is_and_today_is_marked() {
        let (from, to) = (date(2024, 1, 1), date(2026, 12, 31));
        let svg = timeline(
            &[
                event(from, EventKind::Decision, true),
                event(date(2025, 7, 2), EventKind::External, false),
                event(date(2025, 7, 3), EventKind::External, true),
            ],
            from,
            to,
            date(2026, 1, 1),
            "cycle",
        );
        assert!(svg.contains("transform=\"rotate(45 30.0 100)\""), "{svg}");
        assert!(svg.contains("class=\"ev-external ev-planned\""));
        // The second external audit on nearly the same day moves one lane up.
        assert!(
            svg.contains("cy=\"72.0\"") && svg.contains("cy=\"50.0\""),
            "{svg}"
        );
        assert!(svg.contains("X &lt;y&gt;"));
        assert!(svg.contains("<title>Today, 2026-01-01</title>"));
        assert_eq!(svg.matches("class=\"year-tick\" x1").count() - 2, 2);
    }
}
