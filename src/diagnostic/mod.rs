//! Diagnostics: one type for every problem annexa reports, and the ways to print them.

mod format;
mod human;
mod lines;
pub use human::natural_cmp;
pub use lines::LineStarts;
mod machine;
mod suggest;

pub use format::{emit, emit_grouped_to, emit_to, plural, summary_line, OutputFormat};
pub use suggest::{did_you_mean, Suggestions};

use serde::Serialize;

/// How serious a diagnostic is. Ordered from least to most severe.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Note,
    Warning,
    Error,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Note => "note",
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }
}

/// A place in a project file: the path relative to the project (with `/`), 1-based line and
/// column (in characters), the length of the marked text, and the line itself for display.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub len: usize,
    pub source_line: String,
}

/// A place in a file's text as bytes: where a value of the front matter was written.
/// Documents keep spans, not locations: a location holds the file's path and the line's
/// text, which for every value of 10,000 documents came to ~60 MB. A span is turned into a
/// location when a diagnostic needs it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Span {
    pub offset: u32,
    pub len: u32,
}

impl Span {
    pub fn new(offset: usize, len: usize) -> Span {
        let clamp = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Span {
            offset: clamp(offset),
            len: clamp(len),
        }
    }

    /// The location of this span in `text`, the whole contents of `file`.
    pub fn locate(self, file: &str, text: &str) -> Location {
        Location::in_text(file, text, self.offset as usize, self.len as usize)
    }
}

impl Location {
    /// Locates byte `offset` (with `len` bytes marked) in `text`, the whole contents of `file`.
    pub fn in_text(file: &str, text: &str, offset: usize, len: usize) -> Location {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        // Counting bytes is several times faster than a `str` pattern search, and this runs
        // for every located value of every document. (It reads the text up to the offset:
        // to locate many values of one long file, use `LineStarts`.)
        let line = text.as_bytes()[..line_start]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        Location::on_line(file, text, offset, len, line, line_start)
    }

    /// The location of `offset` (a char boundary) on the 1-based `line` starting at byte
    /// `line_start` of `text`.
    fn on_line(
        file: &str,
        text: &str,
        offset: usize,
        len: usize,
        line: usize,
        line_start: usize,
    ) -> Location {
        let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
        let source_line = text[line_start..line_end].trim_end_matches('\r');
        let column = text[line_start..offset].chars().count() + 1;
        let end = ceil_char_boundary(text, (offset + len).min(line_end));
        let len = text[offset..end.max(offset)].chars().count();
        Location {
            file: file.to_string(),
            line,
            column,
            len,
            source_line: source_line.to_string(),
        }
    }

    /// A location that is the file itself, without a line (unreadable file, empty file).
    pub fn whole_file(file: &str) -> Location {
        Location {
            file: file.to_string(),
            line: 0,
            column: 0,
            len: 0,
            source_line: String::new(),
        }
    }

    /// Locates a 1-based `line` and `column` in `text`.
    pub fn at_line_column(
        file: &str,
        text: &str,
        line: usize,
        column: usize,
        len: usize,
    ) -> Location {
        let line_start: usize = text
            .split_inclusive('\n')
            .take(line.saturating_sub(1))
            .map(str::len)
            .sum();
        let line_text = text[line_start.min(text.len())..]
            .split('\n')
            .next()
            .unwrap_or("");
        let column_offset: usize = line_text
            .chars()
            .take(column.saturating_sub(1))
            .map(char::len_utf8)
            .sum();
        Location::in_text(file, text, line_start + column_offset, len)
    }
}

fn ceil_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset += 1;
    }
    offset
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// One problem found in a project.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The lint's kebab-case name, e.g. `broken-reference`.
    pub name: &'static str,
    pub level: Level,
    pub message: String,
    pub location: Option<Location>,
    /// Other places that belong to the same problem (the first definition of a duplicate id).
    pub related: Vec<(Location, String)>,
    pub help: Option<String>,
    /// Set when this is one of a set of diagnostics with one cause (60 undecided controls):
    /// people see the set as one diagnostic, machines still get one record each.
    pub group: Option<Grouping>,
}

/// How a diagnostic belongs to a set with one cause.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Grouping {
    /// A set described by its own words.
    Set(Box<Group>),
    /// Every diagnostic of the lint with this message and help (the references to one
    /// missing id): `N <noun>: <message>`, each listed by file and line. It costs nothing
    /// until the diagnostics are printed for people, which matters when there are 90,000.
    SameMessage(&'static str),
}

/// What the members of a set of diagnostics with one cause share, and what each is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    /// The shared message after the count: `controls have no decision in the SoA`.
    pub headline: String,
    /// What this member is about, short: `A.5.7`, or a file and line.
    pub subject: String,
    /// The help for the whole set.
    pub help: String,
}

impl Diagnostic {
    pub fn new(name: &'static str, level: Level, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            name,
            level,
            message: message.into(),
            location: None,
            related: Vec::new(),
            help: None,
            group: None,
        }
    }

    /// Marks this diagnostic as one of a set with one cause (see [`Group`]).
    pub fn grouped(
        mut self,
        headline: impl Into<String>,
        subject: impl Into<String>,
        help: impl Into<String>,
    ) -> Diagnostic {
        self.group = Some(Grouping::Set(Box::new(Group {
            headline: headline.into(),
            subject: subject.into(),
            help: help.into(),
        })));
        self
    }

    /// Marks this diagnostic as one of the set of those with its name, message and help,
    /// called `noun` when counted (see [`Grouping::SameMessage`]).
    pub fn grouped_by_message(mut self, noun: &'static str) -> Diagnostic {
        self.group = Some(Grouping::SameMessage(noun));
        self
    }

    /// What identifies the set this diagnostic belongs to: (noun, headline, help), the noun
    /// empty for a set described by its own words.
    pub fn group_key(&self) -> Option<(&'static str, &str, &str)> {
        match self.group.as_ref()? {
            Grouping::Set(g) => Some(("", &g.headline, &g.help)),
            Grouping::SameMessage(noun) => Some((
                noun,
                &self.message,
                self.help.as_deref().unwrap_or_default(),
            )),
        }
    }

    /// What this member of a set is about, short.
    pub fn group_subject(&self) -> Option<String> {
        match self.group.as_ref()? {
            Grouping::Set(g) => Some(g.subject.clone()),
            Grouping::SameMessage(_) => Some(
                self.location
                    .as_ref()
                    .map(|l| format!("{}:{}", l.file, l.line))
                    .unwrap_or_default(),
            ),
        }
    }

    pub fn at(mut self, location: Location) -> Diagnostic {
        self.location = Some(location);
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    pub fn with_related(mut self, location: Location, label: impl Into<String>) -> Diagnostic {
        self.related.push((location, label.into()));
        self
    }

    /// Sort key that makes the printed order independent of thread scheduling (borrowed:
    /// copying the path and message of 90,000 diagnostics to sort them cost more than the
    /// comparisons).
    fn sort_key(&self) -> (&str, usize, usize, &'static str, &str) {
        match &self.location {
            Some(l) => (&l.file, l.line, l.column, self.name, &self.message),
            None => ("", 0, 0, self.name, &self.message),
        }
    }
}

/// Sorts diagnostics by file, line and column, then name: the order they are printed in.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
}

/// Counts of diagnostics per level.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub notes: usize,
}

impl Counts {
    pub fn of(diagnostics: &[Diagnostic]) -> Counts {
        let mut counts = Counts::default();
        for d in diagnostics {
            match d.level {
                Level::Error => counts.errors += 1,
                Level::Warning => counts.warnings += 1,
                Level::Note => counts.notes += 1,
            }
        }
        counts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn location_counts_lines_and_characters() {
        let text = "---\nid: X\ntitle: Zürich ü\n";
        let offset = text.find('ü').map(|i| i + 3).unwrap_or(0);
        let loc = Location::in_text("a.md", text, offset, 1);
        assert_eq!((loc.line, loc.column), (3, 11));
        assert_eq!(loc.source_line, "title: Zürich ü");
    }

    #[test]
    fn location_from_line_and_column() {
        let text = "a\r\nbb\r\nccc\r\n";
        let loc = Location::at_line_column("f", text, 3, 2, 1);
        assert_eq!((loc.line, loc.column, loc.len), (3, 2, 1));
        assert_eq!(loc.source_line, "ccc");
    }
}
