//! Splitting a document into its YAML front matter and its Markdown body.

/// Where the front matter and the body lie in a document's text.
#[derive(Debug, PartialEq, Eq)]
pub struct Split {
    /// Byte range of the YAML between the two `---` lines.
    pub yaml: std::ops::Range<usize>,
    /// Byte offset where the Markdown body starts.
    pub body_offset: usize,
}

#[derive(Debug, PartialEq, Eq)]
pub enum SplitError {
    /// The first line is not `---`.
    Missing,
    /// No closing `---` line.
    Unterminated,
}

fn is_fence(line: &str, closing: bool) -> bool {
    let line = line.trim_end_matches(['\r', '\n']).trim_end();
    line == "---" || (closing && line == "...")
}

/// Splits `text` (without byte order mark). The front matter starts with a `---` line and
/// ends with the next `---` (or `...`) line. CRLF line endings are accepted.
pub fn split(text: &str) -> Result<Split, SplitError> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().ok_or(SplitError::Missing)?;
    if !is_fence(first, false) {
        return Err(SplitError::Missing);
    }
    let yaml_start = first.len();
    let mut offset = yaml_start;
    for line in lines {
        if is_fence(line, true) {
            return Ok(Split {
                yaml: yaml_start..offset,
                body_offset: offset + line.len(),
            });
        }
        offset += line.len();
    }
    Err(SplitError::Unterminated)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        let text = "---\nid: A\n---\nbody\n";
        assert_eq!(
            split(text),
            Ok(Split {
                yaml: 4..10,
                body_offset: 14
            })
        );
        let crlf = "---\r\nid: A\r\n---\r\nbody";
        assert_eq!(
            split(crlf),
            Ok(Split {
                yaml: 5..12,
                body_offset: 17
            })
        );
        assert_eq!(
            split("---\n---"),
            Ok(Split {
                yaml: 4..4,
                body_offset: 7
            })
        );
        assert_eq!(split("---\nid: A\n...\n").map(|s| s.body_offset), Ok(14));
        assert_eq!(split("# Title\n"), Err(SplitError::Missing));
        assert_eq!(split(""), Err(SplitError::Missing));
        assert_eq!(split("---\nid: A\n"), Err(SplitError::Unterminated));
        assert_eq!(split("----\n---\n"), Err(SplitError::Missing));
    }
}
