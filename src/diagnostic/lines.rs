//! Where the lines of a text start: locating many values of one long file (a data file of
//! thousands of entries, such as assets.yaml or incidents.csv) without counting its lines
//! again for each value, which `Location::in_text` does and which grows with entries × size.

use std::cell::OnceCell;

use super::{floor_char_boundary, Location};

/// Below this offset `Location::in_text` reads so little that building the index would
/// cost more than it saves (a document's front matter).
const WORTH_INDEXING: usize = 4096;

/// The byte offset of the start of every line of a text, in order.
#[derive(Clone, Debug, Default)]
pub struct LineStarts {
    starts: OnceCell<Vec<usize>>,
}

impl LineStarts {
    pub fn new() -> LineStarts {
        LineStarts::default()
    }

    /// `Location::in_text(file, text, offset, len)`, for the `text` these are the lines of
    /// (always the same one), in time logarithmic in its lines once the index is built on the
    /// first offset past the first few kilobytes.
    pub fn locate(&self, file: &str, text: &str, offset: usize, len: usize) -> Location {
        if offset < WORTH_INDEXING {
            return Location::in_text(file, text, offset, len);
        }
        let starts = self.starts.get_or_init(|| {
            std::iter::once(0)
                .chain(
                    text.bytes()
                        .enumerate()
                        .filter(|(_, b)| *b == b'\n')
                        .map(|(i, _)| i + 1),
                )
                .collect()
        });
        let offset = floor_char_boundary(text, offset.min(text.len()));
        // The lines starting at or before the offset: the last of them holds it.
        let line = starts.partition_point(|&start| start <= offset);
        Location::on_line(file, text, offset, len, line, starts[line - 1])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every offset of a long text is located as `Location::in_text` locates it: line
    /// breaks, `\r\n`, a multi-byte character, an offset inside it, the end of the text.
    #[test]
    fn locates_every_offset_as_in_text_does() {
        let mut text = String::new();
        for i in 0..400 {
            text.push_str(&format!("  - {{ id: AS-{i:04}, name: Größe {i} }}\r\n"));
            if i % 50 == 0 {
                text.push('\n');
            }
        }
        text.push_str("last line without a break");
        assert!(text.len() > 3 * WORTH_INDEXING);
        let lines = LineStarts::new();
        for offset in (0..=text.len() + 2).rev() {
            for len in [0, 1, 7] {
                assert_eq!(
                    lines.locate("assets.yaml", &text, offset, len),
                    Location::in_text("assets.yaml", &text, offset, len),
                    "offset {offset}, len {len}"
                );
            }
        }
    }

    #[test]
    fn a_text_ending_in_a_line_break() {
        let text = format!("{}\n", "x".repeat(WORTH_INDEXING * 2));
        let lines = LineStarts::new();
        for offset in [WORTH_INDEXING, text.len() - 1, text.len()] {
            assert_eq!(
                lines.locate("f", &text, offset, 1),
                Location::in_text("f", &text, offset, 1)
            );
        }
    }
}
