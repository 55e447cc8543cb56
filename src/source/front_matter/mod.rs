//! Front matter: split it from the body, read it with the positioned YAML reader, check
//! each field.

mod alias;
mod control;
mod fields;
mod split;
mod types;

pub use alias::alias_file;
pub use control::{read_control, CheckedControl, DocumentControl, CONTROL_KEYS};
pub use fields::valid_id;
pub use split::{split, Split, SplitError};
pub use types::{Classification, FrontMatter, HistoryEntry, KeySpans, Spanned, Status};

use super::yaml::Reader;
use crate::diagnostic::{Diagnostic, Location, Span};
use crate::lint::registry::{INVALID_FRONT_MATTER, UNKNOWN_FIELD};

/// The outcome of parsing one file's front matter.
pub struct Parsed {
    /// None when an error makes the document unusable.
    pub front: Option<FrontMatter>,
    pub body_offset: usize,
    pub diagnostics: Vec<Diagnostic>,
}

const EXAMPLE: &str =
    "start the file with a line `---`, then `id: POL-XX` and `title: ...`, then a closing `---`";

/// Parses the front matter of `text`, the contents of the file `file`.
pub fn parse(file: &str, text: &str) -> Parsed {
    let failed = |diagnostic: Diagnostic| Parsed {
        front: None,
        body_offset: 0,
        diagnostics: vec![diagnostic],
    };
    if text.trim().is_empty() {
        return failed(
            INVALID_FRONT_MATTER
                .report("the file is empty")
                .at(Location::whole_file(file))
                .with_help(EXAMPLE),
        );
    }
    let parts = match split(text) {
        Ok(parts) => parts,
        Err(SplitError::Missing) if text.contains('\r') && !text.contains('\n') => return failed(
            INVALID_FRONT_MATTER.report("the file uses carriage returns alone as line breaks (classic Mac line endings)",
            )
            .at(Location::whole_file(file))
            .with_help("save the file with LF (or CRLF) line endings"),
        ),
        Err(SplitError::Missing) => {
            return failed(
                INVALID_FRONT_MATTER.report("the document has no front matter",
                )
                .at(Location::in_text(file, text, 0, 1))
                .with_help(EXAMPLE),
            )
        }
        Err(SplitError::Unterminated) => {
            return failed(
                INVALID_FRONT_MATTER.report("the front matter is not closed: no line `---` after it",
                )
                .at(Location::in_text(file, text, 0, 3))
                .with_help("add a line `---` after the last front matter field"),
            )
        }
    };
    let mut reader = Reader::new(file, text, &INVALID_FRONT_MATTER, &UNKNOWN_FIELD)
        .grouping_unknown_keys("documents have the unknown front matter field");
    let front = reader
        .parse_range(parts.yaml.clone())
        .and_then(|root| fields::check(&mut reader, &root, Span::new(0, 3)));
    Parsed {
        front,
        body_offset: parts.body_offset,
        diagnostics: reader.diagnostics,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first(text: &str) -> Diagnostic {
        let parsed = parse("p.md", text);
        assert!(parsed.front.is_none());
        parsed
            .diagnostics
            .into_iter()
            .next()
            .unwrap_or_else(|| Diagnostic::new("none", crate::diagnostic::Level::Note, ""))
    }

    fn line_col(d: &Diagnostic) -> (usize, usize) {
        d.location.as_ref().map_or((0, 0), |l| (l.line, l.column))
    }

    #[test]
    fn yaml_error_is_placed_in_the_md_file() {
        let d = first("---\nid: A\ntitle: [unclosed\nowner: x\n---\n");
        assert_eq!(d.name, "invalid-front-matter");
        assert!(!d.message.contains("at line"), "{}", d.message);
        assert_eq!(line_col(&d).0, 4);
    }

    #[test]
    fn bad_indentation_column() {
        let d = first("---\nid: A\ntitle: T\n  owner: x\n---\n");
        assert_eq!(line_col(&d), (4, 8));
    }

    #[test]
    fn duplicate_keys_and_control_characters_are_placed() {
        // A key written twice is an error at its second place; the first value is kept.
        let parsed = parse(
            "p.md",
            "---\nid: A\nstatus: draft\ntitle: T\nstatus: approved\n---\n",
        );
        assert_eq!(parsed.diagnostics.len(), 1);
        assert_eq!(line_col(&parsed.diagnostics[0]), (5, 1));
        assert_eq!(parsed.diagnostics[0].name, "invalid-front-matter");
        assert_eq!(parsed.front.map(|f| f.status), Some(super::Status::Draft));
        assert_eq!(
            line_col(&first("---\nid: A\ntitle: nul\0byte\n---\n")),
            (3, 11)
        );
    }

    #[test]
    fn tabs_get_their_own_help() {
        let d = first("---\nid: A\n\ttitle: T\n---\n");
        assert_eq!(line_col(&d).0, 3);
        assert!(d.help.as_deref().is_some_and(|h| h.contains("tabs")));
    }

    #[test]
    fn missing_and_unterminated_and_empty() {
        assert_eq!(
            first("# Hello\n").message,
            "the document has no front matter"
        );
        assert_eq!(line_col(&first("---\nid: A\n")), (1, 1));
        assert_eq!(first("").message, "the file is empty");
    }

    #[test]
    fn alias_bomb_is_an_error_not_a_hang() {
        let mut yaml = String::from("---\na: &a [x, x, x, x, x, x, x, x, x]\n");
        let mut prev = 'a';
        for name in "bcdefghijk".chars() {
            yaml.push_str(&format!("{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
            prev = name;
        }
        yaml.push_str("id: A\ntitle: T\n---\n");
        let d = first(&yaml);
        assert_eq!(d.name, "invalid-front-matter");
    }
}
