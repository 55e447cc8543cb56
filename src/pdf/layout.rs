//! Setting text on A4 pages: fonts and their widths, line breaking at spaces, page breaks.
//! Pages hold positioned runs of text; [`super::write`] turns them into PDF.

use super::metrics::{win_ansi, HELVETICA, HELVETICA_BOLD};

/// The three base-14 fonts the manual uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Font {
    Regular,
    Bold,
    Mono,
}

/// A4 in points.
pub const PAGE_WIDTH: f32 = 595.0;
pub const PAGE_HEIGHT: f32 = 842.0;
pub const MARGIN: f32 = 56.0;
/// The body's top and bottom, leaving room for the running header and the footer.
pub const TOP: f32 = PAGE_HEIGHT - 78.0;
pub const BOTTOM: f32 = 70.0;

/// `text` in WinAnsiEncoding; characters it lacks become `?`.
pub fn encode(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c {
            '\t' => b' ',
            c => win_ansi(c).unwrap_or(b'?'),
        })
        .collect()
}

/// The width of `text` in `font` at `size` points.
pub fn width(text: &str, font: Font, size: f32) -> f32 {
    let units: u32 = encode(text)
        .iter()
        .map(|&b| match font {
            Font::Regular => u32::from(HELVETICA[usize::from(b)]),
            Font::Bold => u32::from(HELVETICA_BOLD[usize::from(b)]),
            Font::Mono => 600,
        })
        .sum();
    units as f32 * size / 1000.0
}

/// Breaks `text` into lines no wider than `max` at spaces; a word wider than a line is cut.
pub fn wrap(text: &str, font: Font, size: f32, max: f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if width(&candidate, font, size) <= max {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        let mut rest = word.to_string();
        while width(&rest, font, size) > max {
            let mut cut = String::new();
            for c in rest.chars() {
                if width(&format!("{cut}{c}"), font, size) > max && !cut.is_empty() {
                    break;
                }
                cut.push(c);
            }
            rest = rest[cut.len()..].to_string();
            lines.push(cut);
        }
        line = rest;
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// `text` cut to fit `max`, ending in `…` when cut.
pub fn fit(text: &str, font: Font, size: f32, max: f32) -> String {
    if width(text, font, size) <= max {
        return text.to_string();
    }
    let mut out = String::new();
    for c in text.chars() {
        if width(&format!("{out}{c}…"), font, size) > max {
            break;
        }
        out.push(c);
    }
    format!("{}…", out.trim_end())
}

/// A run of text at a position (points from the bottom left).
#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    pub x: f32,
    pub y: f32,
    pub font: Font,
    pub size: f32,
    pub text: String,
}

/// A thin horizontal line.
#[derive(Clone, Debug, PartialEq)]
pub struct Rule {
    pub x1: f32,
    pub x2: f32,
    pub y: f32,
}

/// One page: what it belongs to (for the running header and the marking) and its content.
#[derive(Clone, Debug, Default)]
pub struct Page {
    /// The running header's left part: a document's id and version, or the part's name.
    pub header: String,
    /// The classification marking, upper case.
    pub marking: String,
    pub runs: Vec<Run>,
    pub rules: Vec<Rule>,
}

/// Lays out flowing content onto pages.
pub struct Flow {
    pub pages: Vec<Page>,
    y: f32,
    header: String,
    marking: String,
}

impl Flow {
    pub fn new() -> Flow {
        Flow {
            pages: Vec::new(),
            y: BOTTOM,
            header: String::new(),
            marking: String::new(),
        }
    }

    /// Starts a new page for a new part with its own header and marking.
    pub fn new_part(&mut self, header: &str, marking: &str) {
        self.header = header.to_string();
        self.marking = marking.to_string();
        self.page_break();
    }

    pub fn page_break(&mut self) {
        self.pages.push(Page {
            header: self.header.clone(),
            marking: self.marking.clone(),
            ..Page::default()
        });
        self.y = TOP;
    }

    /// The index of the current page (0-based).
    pub fn page_index(&self) -> usize {
        self.pages.len().saturating_sub(1)
    }

    /// Makes room for `height` points, breaking the page when they do not fit.
    pub fn need(&mut self, height: f32) {
        if self.pages.is_empty() || self.y - height < BOTTOM {
            self.page_break();
        }
    }

    pub fn space(&mut self, height: f32) {
        if self.y - height >= BOTTOM {
            self.y -= height;
        }
    }

    /// One line of text at `indent` from the left margin.
    pub fn line(&mut self, text: &str, font: Font, size: f32, indent: f32) {
        let leading = size * 1.35;
        self.need(leading);
        self.y -= leading;
        let page = self.pages.last_mut().expect("need() made a page");
        page.runs.push(Run {
            x: MARGIN + indent,
            y: self.y,
            font,
            size,
            text: text.to_string(),
        });
    }

    /// A paragraph wrapped to the text width less `indent`; `first` prefixes its first line
    /// (a bullet or number) in the indent.
    pub fn paragraph(
        &mut self,
        text: &str,
        font: Font,
        size: f32,
        indent: f32,
        first: Option<&str>,
    ) {
        let max = PAGE_WIDTH - 2.0 * MARGIN - indent;
        for (i, line) in wrap(text, font, size, max).iter().enumerate() {
            self.line(line, font, size, indent);
            if let (0, Some(marker)) = (i, first) {
                let page = self.pages.last_mut().expect("a line was set");
                let y = self.y;
                page.runs.push(Run {
                    x: MARGIN + indent - width(marker, font, size) - 4.0,
                    y,
                    font,
                    size,
                    text: marker.to_string(),
                });
            }
        }
    }

    /// Cells at the given x offsets on one line (each cut to its column).
    pub fn row(&mut self, cells: &[(&str, f32, f32)], font: Font, size: f32) {
        let leading = size * 1.4;
        self.need(leading);
        self.y -= leading;
        let y = self.y;
        let page = self.pages.last_mut().expect("need() made a page");
        for (text, x, w) in cells {
            page.runs.push(Run {
                x: MARGIN + x,
                y,
                font,
                size,
                text: fit(text, font, size, *w),
            });
        }
    }

    /// A rule across the text width under the last line.
    pub fn rule(&mut self) {
        let y = self.y - 3.0;
        if let Some(page) = self.pages.last_mut() {
            page.rules.push(Rule {
                x1: MARGIN,
                x2: PAGE_WIDTH - MARGIN,
                y,
            });
        }
        self.space(6.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_come_from_the_font_tables() {
        assert_eq!(width("A", Font::Regular, 1000.0), 667.0);
        assert_eq!(width("A", Font::Bold, 1000.0), 722.0);
        assert_eq!(width("iii", Font::Mono, 10.0), 18.0);
        assert_eq!(
            encode("Größe – “x” €"),
            b"Gr\xf6\xdfe \x96 \x93x\x94 \x80".to_vec()
        );
        assert_eq!(encode("→"), b"?".to_vec());
    }

    #[test]
    fn lines_break_at_spaces_within_the_width() {
        let text = "the quick brown fox jumps over the lazy dog ".repeat(5);
        let lines = wrap(&text, Font::Regular, 10.0, 200.0);
        assert!(lines.len() > 3);
        for line in &lines {
            assert!(width(line, Font::Regular, 10.0) <= 200.0, "{line}");
        }
        assert_eq!(lines.join(" "), text.trim());
        let long = "x".repeat(100);
        let cut = wrap(&long, Font::Mono, 10.0, 60.0);
        assert_eq!(cut.len(), 10);
        assert_eq!(
            fit("Access Control Policy", Font::Regular, 10.0, 50.0)
                .chars()
                .last(),
            Some('…')
        );
    }
}
