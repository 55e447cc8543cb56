//! Typed getters over a positioned YAML tree: each reports what is wrong where it was
//! written (file:line:col), with what would be right — the expected type and an example, the
//! allowed values, the key it probably meant. A file kind declares its keys and reads its
//! values through these; it does not write a parser.

use std::collections::HashMap;

use super::tree::{parse, Node, Value};
use crate::diagnostic::{did_you_mean, Diagnostic, Location, Span};
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
    pub diagnostics: Vec<Diagnostic>,
}

/// The entries of a mapping whose keys were checked against the keys a file kind declares.
pub struct Fields<'n> {
    /// The mapping itself: where "missing key" errors point.
    pub node: &'n Node,
    by_key: HashMap<&'n str, &'n Node>,
}

impl<'n> Fields<'n> {
    /// The value of `key` unless it is absent or null.
    pub fn get(&self, key: &str) -> Option<&'n Node> {
        self.by_key.get(key).copied().filter(|n| !n.is_null())
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
            diagnostics: Vec::new(),
        }
    }

    pub fn file(&self) -> &'t str {
        self.file
    }

    pub fn locate(&self, span: Span) -> Location {
        span.locate(self.file, self.text)
    }

    /// The file as a tree, or None after reporting its syntax error.
    pub fn parse(&mut self) -> Option<Node> {
        match parse(self.text) {
            Ok(root) => Some(root),
            Err(error) => {
                let location = Location::in_text(self.file, self.text, error.offset, 1);
                self.diagnostics.push(
                    self.invalid
                        .report(format!("this is not valid YAML: {}", error.message))
                        .at(location)
                        .with_help("check the indentation and quoting around this place"),
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
        let mut by_key: HashMap<&'n str, &'n Node> = HashMap::with_capacity(entries.len());
        for (key, value) in entries {
            let Some(name) = key.as_text() else {
                self.wrong_type(key, &format!("a key of {what}"), "text", example);
                continue;
            };
            if by_key.contains_key(name) {
                self.error(
                    key.span,
                    format!("`{name}` is written twice in {what}"),
                    "keep one of them (annexa reads the first)",
                );
                continue;
            }
            by_key.insert(name, value);
            if !known.contains(&name) {
                let help = match did_you_mean(name, known.iter().copied()) {
                    Some(close) => format!("did you mean `{close}`?"),
                    None => format!("the keys of {what} are: {}", known.join(", ")),
                };
                let location = self.locate(key.span);
                self.diagnostics.push(
                    self.unknown_key
                        .report(format!("{what} has an unknown key `{name}`"))
                        .at(location)
                        .with_help(help),
                );
            }
        }
        Some(Fields { node, by_key })
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
        let wanted = text.value.to_lowercase();
        if let Some(found) = allowed.iter().find(|a| a.to_lowercase() == wanted) {
            return Some(found);
        }
        let close = did_you_mean(&text.value, allowed.iter().copied())
            .map(|c| format!("did you mean `{c}`? "))
            .unwrap_or_default();
        self.error(
            node.span,
            format!("{what} `{}` is not one of the allowed values", text.value),
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
