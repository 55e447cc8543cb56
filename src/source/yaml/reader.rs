//! Typed getters over a positioned YAML tree: each reports what is wrong where it was
//! written (file:line:col), with what would be right — the expected type and an example, the
//! allowed values, the key it probably meant. A file kind declares its keys and reads its
//! values through these; it does not write a parser.

use super::tree::{parse, Node, Value};
use crate::diagnostic::{did_you_mean, Diagnostic, LineStarts, Location, Span};
use crate::lint::Lint;
use crate::source::Spanned;

/// Reads one YAML file and collects its diagnostics.
pub struct Reader<'t> {
    file: &'t str,
    text: &'t str,
    /// The lint of a value that cannot be used (bad YAML, wrong type, bad choice).
    invalid: &'static Lint,
    /// The lint of a key nobody reads (usually a typo).
    unknown_key: &'static Lint,
    /// When set, unknown keys are grouped across files under this headline (followed by the
    /// key), as the human output lists a typo repeated in many documents once.
    unknown_key_group: Option<&'static str>,
    pub diagnostics: Vec<Diagnostic>,
    /// For `locate`: a data file of thousands of entries locates every value.
    lines: LineStarts,
}

/// The entries of a mapping whose keys were checked against the keys a file kind declares,
/// in the order written (a key written twice: its first place).
pub struct Fields<'n> {
    /// The mapping itself: where "missing key" errors point.
    pub node: &'n Node,
    entries: Vec<(&'n str, &'n Node, &'n Node)>,
}

impl<'n> Fields<'n> {
    /// The value of `key` unless it is absent or null.
    pub fn get(&self, key: &str) -> Option<&'n Node> {
        self.entry(key).map(|(_, v)| v).filter(|n| !n.is_null())
    }

    /// The key node and value of `key`, even when the value is null.
    pub fn entry(&self, key: &str) -> Option<(&'n Node, &'n Node)> {
        self.entries
            .iter()
            .find(|(name, _, _)| *name == key)
            .map(|(_, k, v)| (*k, *v))
    }

    /// Whether `key` is written, with or without a value.
    pub fn has(&self, key: &str) -> bool {
        self.entry(key).is_some()
    }

    /// (key, key node, value) in the order written.
    pub fn iter(&self) -> impl Iterator<Item = (&'n str, &'n Node, &'n Node)> + '_ {
        self.entries.iter().copied()
    }
}

impl<'t> Reader<'t> {
    pub fn new(
        file: &'t str,
        text: &'t str,
        invalid: &'static Lint,
        unknown_key: &'static Lint,
    ) -> Reader<'t> {
        Reader {
            file,
            text,
            invalid,
            unknown_key,
            unknown_key_group: None,
            diagnostics: Vec::new(),
            lines: LineStarts::new(),
        }
    }

    /// Groups the unknown keys this reader reports under `headline` (see the field).
    pub fn grouping_unknown_keys(mut self, headline: &'static str) -> Reader<'t> {
        self.unknown_key_group = Some(headline);
        self
    }

    pub fn text_of_file(&self) -> &'t str {
        self.text
    }

    /// Whether any diagnostic from the `from`-th on says a value cannot be used (anything
    /// but an unknown key): how a caller learns that a field it read was invalid.
    pub fn failed_since(&self, from: usize) -> bool {
        self.diagnostics[from.min(self.diagnostics.len())..]
            .iter()
            .any(|d| d.name != self.unknown_key.name)
    }

    pub fn file(&self) -> &'t str {
        self.file
    }

    pub fn locate(&self, span: Span) -> Location {
        self.lines.locate(
            self.file,
            self.text,
            span.offset as usize,
            span.len as usize,
        )
    }

    /// The file as a tree, or None after reporting its syntax error.
    pub fn parse(&mut self) -> Option<Node> {
        self.parse_range(0..self.text.len())
    }

    /// `text[range]` as a tree whose spans are offsets in the whole text (front matter
    /// inside a Markdown file), or None after reporting why it cannot be read.
    pub fn parse_range(&mut self, range: std::ops::Range<usize>) -> Option<Node> {
        let yaml = &self.text[range.clone()];
        if let Some((at, c)) = control_character(yaml) {
            let location = Location::in_text(self.file, self.text, range.start + at, 1);
            self.diagnostics.push(
                self.invalid
                    .report(format!(
                        "the YAML contains the control character U+{:04X}",
                        u32::from(c)
                    ))
                    .at(location)
                    .with_help(
                        "remove the character; YAML allows no control characters but tabs and line breaks",
                    ),
            );
            return None;
        }
        match parse(yaml) {
            Ok(mut root) => {
                if range.start > 0 {
                    root.shift(range.start);
                }
                Some(root)
            }
            Err(error) => {
                let mut offset = range.start + error.offset.min(yaml.len());
                // The parser reports a tab where the scalar before it ends: point at the tab.
                let tab = error.message.contains("tab");
                if tab {
                    let line_start = self.text[..offset].rfind('\n').map_or(0, |i| i + 1);
                    let from = line_start.max(range.start);
                    if let Some(at) = self.text[from..range.end].find('\t') {
                        offset = from + at;
                    }
                }
                let location = Location::in_text(self.file, self.text, offset, 1);
                let line = line_around(self.text, offset);
                let help = if error.message.contains("recursion limit")
                    || error.message.contains("expands")
                {
                    "the YAML nests too deeply or expands too many aliases; write it out plainly"
                } else if tab || line.contains('\t') {
                    "YAML does not allow tabs for indentation: indent with spaces"
                } else {
                    "check the indentation and quoting around this place; quote values that contain `: ` or start with a special character"
                };
                self.diagnostics.push(
                    self.invalid
                        .report(format!("invalid YAML: {}", error.message))
                        .at(location)
                        .with_help(help),
                );
                None
            }
        }
    }

    /// Reports an unusable value at `span`.
    pub fn error(&mut self, span: Span, message: impl Into<String>, help: impl Into<String>) {
        let location = self.locate(span);
        self.diagnostics
            .push(self.invalid.report(message).at(location).with_help(help));
    }

    fn wrong_type(&mut self, node: &Node, what: &str, expected: &str, example: &str) {
        self.error(
            node.span,
            format!("{what} must be {expected}, not {}", node.describe()),
            format!("write it like `{example}`"),
        );
    }

    /// The entries of `node`, a mapping with the keys `known`: a duplicate key is an error at
    /// its second place, an unknown key is reported with the known key it is closest to.
    pub fn fields<'n>(
        &mut self,
        node: &'n Node,
        what: &str,
        known: &[&str],
        example: &str,
    ) -> Option<Fields<'n>> {
        let Some(entries) = node.as_map() else {
            self.wrong_type(node, what, "a mapping", example);
            return None;
        };
        let mut written: Vec<(&'n str, &'n Node, &'n Node)> = Vec::with_capacity(entries.len());
        for (key, value) in entries {
            let Some(name) = key.as_text() else {
                self.wrong_type(key, &format!("a key of {what}"), "text", example);
                continue;
            };
            if written.iter().any(|(n, _, _)| *n == name) {
                self.error(
                    key.span,
                    format!("`{name}` is written twice in {what}"),
                    "keep one of them (annexa reads the first)",
                );
                continue;
            }
            written.push((name, key, value));
            if !known.contains(&name) {
                let help = match did_you_mean(name, known.iter().copied()) {
                    Some(close) => format!("did you mean `{close}`?"),
                    None => format!("the keys of {what} are: {}", known.join(", ")),
                };
                let location = self.locate(key.span);
                let mut diagnostic = self
                    .unknown_key
                    .report(format!("{what} has an unknown key `{name}`"));
                if let Some(headline) = self.unknown_key_group {
                    diagnostic = diagnostic.grouped(
                        format!("{headline} `{name}`"),
                        format!("{}:{}", location.file, location.line),
                        help.clone(),
                    );
                }
                self.diagnostics
                    .push(diagnostic.at(location).with_help(help));
            }
        }
        Some(Fields {
            node,
            entries: written,
        })
    }

    /// The value of a key that must be there; reports it missing at the mapping.
    pub fn required<'n>(
        &mut self,
        fields: &Fields<'n>,
        key: &str,
        what: &str,
        example: &str,
    ) -> Option<&'n Node> {
        let found = fields.get(key);
        if found.is_none() {
            let span = Span::new(fields.node.span.offset as usize, 1);
            self.error(
                span,
                format!("{what} has no `{key}`"),
                format!("add `{key}: {example}`"),
            );
        }
        found
    }

    /// A scalar's text (a number or boolean as written).
    pub fn text(&mut self, node: &Node, what: &str, example: &str) -> Option<Spanned<String>> {
        match node.as_text() {
            Some(text) if matches!(node.value, Value::Scalar(_)) => Some(Spanned {
                value: text.trim().to_string(),
                span: node.span,
            }),
            _ => {
                self.wrong_type(node, what, "text", example);
                None
            }
        }
    }

    /// One of `allowed`, compared without regard to case; otherwise an error with the value
    /// it is closest to and the whole list.
    pub fn choice<'a>(&mut self, node: &Node, what: &str, allowed: &[&'a str]) -> Option<&'a str> {
        let text = self.text(node, what, allowed.first().copied().unwrap_or(""))?;
        let wanted = normalise_choice(&text.value);
        if let Some(found) = allowed.iter().find(|a| normalise_choice(a) == wanted) {
            return Some(found);
        }
        let close = did_you_mean(&text.value, allowed.iter().copied())
            .map(|c| format!("did you mean `{c}`? "))
            .unwrap_or_default();
        self.error(
            node.span,
            format!("`{}` is not an allowed value for {what}", text.value),
            format!("{close}allowed: {}", allowed.join(", ")),
        );
        None
    }

    /// The items of a list (null is the empty list).
    pub fn list<'n>(&mut self, node: &'n Node, what: &str, example: &str) -> &'n [Node] {
        if node.is_null() {
            return &[];
        }
        match node.as_seq() {
            Some(items) => items,
            None => {
                self.wrong_type(node, what, "a list", example);
                &[]
            }
        }
    }
}

/// A choice as compared: case, `_` and spaces do not matter (`In_Review` is `in-review`).
fn normalise_choice(text: &str) -> String {
    text.trim().to_lowercase().replace(['_', ' '], "-")
}

/// The line of `text` around `offset`.
fn line_around(text: &str, offset: usize) -> &str {
    let offset = offset.min(text.len());
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    text.get(start..end).unwrap_or("")
}

/// The first control character YAML does not allow (anything but tab, line feed and
/// carriage return; a byte order mark inside the text), with its byte offset.
fn control_character(yaml: &str) -> Option<(usize, char)> {
    yaml.char_indices()
        .find(|(_, c)| (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || *c == '\u{feff}')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Level;

    static INVALID: Lint = Lint {
        name: "invalid-test",
        default_level: Level::Error,
        summary: "",
        configurable: false,
    };
    static UNKNOWN: Lint = Lint {
        name: "unknown-test",
        default_level: Level::Warning,
        summary: "",
        configurable: true,
    };

    /// (lint, line, column, message, help) of each diagnostic.
    fn report(diagnostics: &[Diagnostic]) -> Vec<(&str, usize, usize, String, String)> {
        diagnostics
            .iter()
            .map(|d| {
                let at = d.location.as_ref().unwrap();
                (
                    d.name,
                    at.line,
                    at.column,
                    d.message.clone(),
                    d.help.clone().unwrap_or_default(),
                )
            })
            .collect()
    }

    #[test]
    fn control_characters_and_tabs_are_placed() {
        let text = "---\nid: A\ntitle: nul\0byte\n---\n";
        let mut reader = Reader::new("p.md", text, &INVALID, &UNKNOWN);
        assert!(reader.parse_range(4..text.len() - 4).is_none());
        let got = report(&reader.diagnostics);
        assert_eq!((got[0].1, got[0].2), (3, 11));
        assert!(got[0].3.contains("U+0000"), "{}", got[0].3);

        let text = "---\nid: A\n\ttitle: T\n---\n";
        let mut reader = Reader::new("p.md", text, &INVALID, &UNKNOWN);
        assert!(reader.parse_range(4..text.len() - 4).is_none());
        let got = report(&reader.diagnostics);
        assert_eq!(got[0].1, 3, "{got:?}");
        assert!(got[0].4.contains("tabs"), "{}", got[0].4);
    }

    #[test]
    fn a_range_keeps_the_places_of_the_whole_text() {
        let text = "---\nid: A\ntitle: Ü\nowner: x\n---\nbody\n";
        let mut reader = Reader::new("p.md", text, &INVALID, &UNKNOWN);
        let root = reader.parse_range(4..text.len() - 10).unwrap();
        let fields = reader
            .fields(&root, "the front matter", &["id", "title", "owner"], "")
            .unwrap();
        let owner = fields.get("owner").unwrap();
        let at = reader.locate(owner.span);
        assert_eq!((at.line, at.column), (4, 8));
        let order: Vec<&str> = fields.iter().map(|(k, _, _)| k).collect();
        assert_eq!(order, ["id", "title", "owner"]);
    }

    #[test]
    fn choices_ignore_case_and_separators() {
        let text = "status: In_Review\n";
        let mut reader = Reader::new("f.yaml", text, &INVALID, &UNKNOWN);
        let root = reader.parse().unwrap();
        let fields = reader.fields(&root, "x", &["status"], "").unwrap();
        let status = fields.get("status").unwrap();
        assert_eq!(
            reader.choice(status, "`status`", &["draft", "in-review"]),
            Some("in-review")
        );
        assert!(reader.diagnostics.is_empty());
    }

    #[test]
    fn unknown_and_duplicate_keys_are_placed() {
        let text = "id: X\ntitel: Y\nid: Z\n";
        let mut reader = Reader::new("f.yaml", text, &INVALID, &UNKNOWN);
        let root = reader.parse().unwrap();
        let fields = reader
            .fields(&root, "the framework", &["id", "title"], "id: X")
            .unwrap();
        assert_eq!(fields.get("id").and_then(Node::as_text), Some("X"));
        let got = report(&reader.diagnostics);
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!((got[0].0, got[0].1, got[0].2), ("unknown-test", 2, 1));
        assert_eq!(got[0].4, "did you mean `title`?");
        assert_eq!((got[1].0, got[1].1, got[1].2), ("invalid-test", 3, 1));
    }

    #[test]
    fn wrong_types_and_choices_name_what_is_right() {
        let text = "name: [a, b]\nrelationship: subsett\n";
        let mut reader = Reader::new("f.yaml", text, &INVALID, &UNKNOWN);
        let root = reader.parse().unwrap();
        let fields = reader
            .fields(&root, "a mapping", &["name", "relationship"], "")
            .unwrap();
        assert!(reader
            .text(fields.get("name").unwrap(), "`name`", "name: ACME")
            .is_none());
        let allowed = ["equivalent", "subset", "superset"];
        let node = fields.get("relationship").unwrap();
        assert_eq!(reader.choice(node, "the relationship", &allowed), None);
        let got = report(&reader.diagnostics);
        assert_eq!((got[0].1, got[0].2), (1, 7));
        assert_eq!(got[0].3, "`name` must be text, not a list");
        assert_eq!((got[1].1, got[1].2), (2, 15));
        assert!(
            got[1].4.starts_with("did you mean `subset`?"),
            "{}",
            got[1].4
        );
    }

    #[test]
    fn missing_keys_point_at_the_mapping_and_syntax_errors_at_their_place() {
        let text = "controls:\n  - title: No id\n";
        let mut reader = Reader::new("f.yaml", text, &INVALID, &UNKNOWN);
        let root = reader.parse().unwrap();
        let fields = reader.fields(&root, "the file", &["controls"], "").unwrap();
        let items = reader.list(fields.get("controls").unwrap(), "`controls`", "");
        let control = reader
            .fields(&items[0], "a control", &["id", "title"], "")
            .unwrap();
        assert!(reader
            .required(&control, "id", "a control", "C-1")
            .is_none());
        let got = report(&reader.diagnostics);
        assert_eq!((got[0].1, got[0].2), (2, 5));
        assert_eq!(got[0].3, "a control has no `id`");

        let mut broken = Reader::new("g.yaml", "a: [1,\n", &INVALID, &UNKNOWN);
        assert!(broken.parse().is_none());
        assert_eq!(
            broken.diagnostics[0].location.as_ref().unwrap().file,
            "g.yaml"
        );
    }
}
