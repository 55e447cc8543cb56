//! Coverage bars as inline SVG, drawn at build time: no chart library in the browser.

use super::highlight::escape_html;

/// A horizontal bar of `parts` (CSS class, value), scaled to `total`, with an accessible label.
pub fn stacked_bar(parts: &[(&str, usize)], total: usize, label: &str) -> String {
    let mut svg = format!(
        "<svg class=\"bar\" viewBox=\"0 0 100 10\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"{}\"><rect class=\"bar-track\" x=\"0\" y=\"0\" width=\"100\" height=\"10\"/>",
        escape_html(label)
    );
    let mut x = 0.0_f64;
    for (class, value) in parts {
        if total == 0 || *value == 0 {
            continue;
        }
        let width = *value as f64 * 100.0 / total as f64;
        svg.push_str(&format!(
            "<rect class=\"{class}\" x=\"{x:.2}\" y=\"0\" width=\"{width:.2}\" height=\"10\"/>"
        ));
        x += width;
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bar_widths_add_up() {
        let svg = stacked_bar(&[("bar-covered", 3), ("bar-gap", 1)], 4, "3 of 4 covered");
        assert!(
            svg.contains("class=\"bar-covered\" x=\"0.00\" y=\"0\" width=\"75.00\""),
            "{svg}"
        );
        assert!(
            svg.contains("class=\"bar-gap\" x=\"75.00\" y=\"0\" width=\"25.00\""),
            "{svg}"
        );
        assert!(svg.contains("aria-label=\"3 of 4 covered\""));
        assert!(!stacked_bar(&[("a", 0)], 0, "none").contains("class=\"a\""));
    }
}
