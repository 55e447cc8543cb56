//! A YAML text as a tree of nodes that each keep their byte span, built from saphyr-parser's
//! events. Scalars stay text (with their style): what a value means is for the reader to say.

use std::borrow::Cow;

use saphyr_parser::{Event, Parser, ScalarStyle};

use crate::diagnostic::Span;

/// How many nodes a file may expand to, aliases included: a guard against "billion laughs"
/// (a few lines of anchors that expand to gigabytes).
const MAX_NODES: usize = 1_000_000;

/// How deep collections may nest: deeper YAML is refused (no file of annexa's needs more
/// than a handful of levels, and the tree is walked recursively).
pub const MAX_DEPTH: usize = 64;

/// One value of a YAML file and where it was written.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub span: Span,
    pub value: Value,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Scalar(Scalar),
    Seq(Vec<Node>),
    /// Entries in the order written. Keys are nodes so that errors can point at them.
    Map(Vec<(Node, Node)>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Scalar {
    pub text: String,
    pub style: Style,
}

/// How a scalar was written: a plain scalar may be null, a boolean or a number; a quoted or
/// block scalar is always text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    Plain,
    Quoted,
    Block,
}

/// A YAML syntax error: where (byte offset) and what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub offset: usize,
    pub message: String,
}

impl Node {
    /// A plain scalar that means "no value": empty, `~` or `null`.
    pub fn is_null(&self) -> bool {
        matches!(&self.value, Value::Scalar(s) if s.style == Style::Plain
            && matches!(s.text.as_str(), "" | "~" | "null" | "Null" | "NULL"))
    }

    /// The text of a scalar that is not null.
    pub fn as_text(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar(s) if !self.is_null() => Some(&s.text),
            _ => None,
        }
    }

    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Seq(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_map(&self) -> Option<&[(Node, Node)]> {
        match &self.value {
            Value::Map(entries) => Some(entries),
            _ => None,
        }
    }

    /// What kind of value this is, in words for an error message.
    pub fn describe(&self) -> &'static str {
        match &self.value {
            _ if self.is_null() => "nothing",
            Value::Scalar(s) if s.style == Style::Plain && is_number(&s.text) => "a number",
            Value::Scalar(s)
                if s.style == Style::Plain && matches!(s.text.as_str(), "true" | "false") =>
            {
                "a boolean"
            }
            Value::Scalar(_) => "text",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }
}

fn is_number(text: &str) -> bool {
    !text.is_empty()
        && text
            .trim_start_matches(['-', '+'])
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit())
        && text.parse::<f64>().is_ok()
}

/// Byte offsets of character indices: saphyr counts characters, spans count bytes.
struct Offsets<'t> {
    text: &'t str,
    /// For non-ASCII text, the byte offset of every character (and of the end).
    table: Option<Vec<usize>>,
}

impl<'t> Offsets<'t> {
    fn new(text: &'t str) -> Offsets<'t> {
        let table = (!text.is_ascii()).then(|| {
            let mut table: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
            table.push(text.len());
            table
        });
        Offsets { text, table }
    }

    fn byte(&self, char_index: usize) -> usize {
        match &self.table {
            None => char_index.min(self.text.len()),
            Some(table) => table.get(char_index).copied().unwrap_or(self.text.len()),
        }
    }

    fn span(&self, span: saphyr_parser::Span) -> Span {
        let start = self.byte(span.start.index());
        let end = self.byte(span.end.index()).max(start);
        Span::new(start, end - start)
    }
}

/// A collection being built: its start, its anchor and what it holds so far.
struct Open {
    start: Span,
    anchor: usize,
    items: Vec<Node>,
    is_map: bool,
}

/// Parses `text` (one YAML document; an empty text is a null scalar).
pub fn parse(text: &str) -> Result<Node, SyntaxError> {
    let offsets = Offsets::new(text);
    let mut anchors: Vec<Option<Node>> = Vec::new();
    let mut stack: Vec<Open> = Vec::new();
    let mut root: Option<Node> = None;
    let mut nodes = 0usize;
    let mut documents = 0usize;
    for event in Parser::new_from_str(text) {
        let (event, span) = event.map_err(|e| SyntaxError {
            offset: offsets.byte(e.marker().index()),
            message: e.info().to_string(),
        })?;
        let here = offsets.span(span);
        let finished = match event {
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return Err(SyntaxError {
                        offset: here.offset as usize,
                        message: "a second YAML document (`---`): one file holds one document"
                            .to_string(),
                    });
                }
                None
            }
            Event::Scalar(value, style, anchor, tag) => {
                let style = match style {
                    _ if tag.as_deref().is_some_and(|t| t.suffix == "str") => Style::Quoted,
                    ScalarStyle::Plain => Style::Plain,
                    ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => Style::Quoted,
                    ScalarStyle::Literal | ScalarStyle::Folded => Style::Block,
                };
                let node = Node {
                    span: here,
                    value: Value::Scalar(Scalar {
                        text: Cow::into_owned(value),
                        style,
                    }),
                };
                remember(&mut anchors, anchor, &node);
                Some(node)
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(SyntaxError {
                        offset: here.offset as usize,
                        message: format!(
                            "the YAML nests more than {MAX_DEPTH} levels deep (recursion limit)"
                        ),
                    });
                }
                stack.push(Open {
                    start: here,
                    anchor,
                    items: Vec::new(),
                    is_map: matches!(event, Event::MappingStart(..)),
                });
                None
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(open) = stack.pop() else {
                    continue;
                };
                let end = (here.offset + here.len).max(open.start.offset);
                let span = Span::new(
                    open.start.offset as usize,
                    (end - open.start.offset) as usize,
                );
                let value = if open.is_map {
                    let mut entries = Vec::with_capacity(open.items.len() / 2);
                    let mut items = open.items.into_iter();
                    while let (Some(key), Some(value)) = (items.next(), items.next()) {
                        entries.push((key, value));
                    }
                    Value::Map(entries)
                } else {
                    Value::Seq(open.items)
                };
                let node = Node { span, value };
                remember(&mut anchors, open.anchor, &node);
                Some(node)
            }
            Event::Alias(anchor) => {
                let node = anchors.get(anchor).and_then(Option::as_ref).cloned();
                let Some(mut node) = node else {
                    return Err(SyntaxError {
                        offset: here.offset as usize,
                        message: "an alias (`*name`) to an anchor that is not defined before it"
                            .to_string(),
                    });
                };
                nodes += count(&node);
                node.span = here;
                Some(node)
            }
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => None,
        };
        let Some(node) = finished else { continue };
        nodes += 1;
        if nodes > MAX_NODES {
            return Err(SyntaxError {
                offset: here.offset as usize,
                message: format!(
                    "the YAML expands to more than {MAX_NODES} values (aliases of aliases)"
                ),
            });
        }
        match stack.last_mut() {
            Some(open) => open.items.push(node),
            None => root = Some(node),
        }
    }
    Ok(root.unwrap_or(Node {
        span: Span::new(0, 0),
        value: Value::Scalar(Scalar {
            text: String::new(),
            style: Style::Plain,
        }),
    }))
}

impl Node {
    /// Moves every span `by` bytes later: for YAML parsed out of a larger text (front matter).
    pub fn shift(&mut self, by: usize) {
        self.span = Span::new(self.span.offset as usize + by, self.span.len as usize);
        match &mut self.value {
            Value::Scalar(_) => {}
            Value::Seq(items) => items.iter_mut().for_each(|n| n.shift(by)),
            Value::Map(entries) => entries.iter_mut().for_each(|(k, v)| {
                k.shift(by);
                v.shift(by);
            }),
        }
    }
}

fn remember(anchors: &mut Vec<Option<Node>>, anchor: usize, node: &Node) {
    if anchor == 0 {
        return;
    }
    if anchors.len() <= anchor {
        anchors.resize(anchor + 1, None);
    }
    anchors[anchor] = Some(node.clone());
}

fn count(node: &Node) -> usize {
    match &node.value {
        Value::Scalar(_) => 1,
        Value::Seq(items) => 1 + items.iter().map(count).sum::<usize>(),
        Value::Map(entries) => {
            1 + entries
                .iter()
                .map(|(k, v)| count(k) + count(v))
                .sum::<usize>()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_at<'t>(text: &'t str, node: &Node) -> &'t str {
        &text[node.span.offset as usize..(node.span.offset + node.span.len) as usize]
    }

    #[test]
    fn values_keep_their_spans() {
        let text = "id: A-1\ntitle: \"Zugang für alle\"\nlist:\n  - one\n  - two\n";
        let root = parse(text).unwrap();
        let map = root.as_map().unwrap();
        assert_eq!(map.len(), 3);
        assert_eq!(text_at(text, &map[0].0), "id");
        assert_eq!(text_at(text, &map[0].1), "A-1");
        assert_eq!(text_at(text, &map[1].1), "\"Zugang für alle\"");
        assert_eq!(map[1].1.as_text(), Some("Zugang für alle"));
        let list = map[2].1.as_seq().unwrap();
        assert_eq!(text_at(text, &list[1]), "two");
    }

    #[test]
    fn spans_are_bytes_after_non_ascii_text() {
        let text = "title: Übersicht\nid: X-2\n";
        let root = parse(text).unwrap();
        let map = root.as_map().unwrap();
        assert_eq!(text_at(text, &map[1].1), "X-2");
    }

    #[test]
    fn scalars_stay_text_with_their_style() {
        let root = parse("a: 1.10\nb: '1.10'\nc: ~\nd:\ne: |\n  x\n").unwrap();
        let map = root.as_map().unwrap();
        assert_eq!(map[0].1.as_text(), Some("1.10"));
        assert_eq!(map[0].1.describe(), "a number");
        assert_eq!(map[1].1.describe(), "text");
        assert!(map[2].1.is_null());
        assert!(map[3].1.is_null());
        assert_eq!(map[4].1.as_text(), Some("x\n"));
    }

    #[test]
    fn flow_collections_and_aliases() {
        let root = parse("base: &b { id: IAM, title: Identity }\ncopy: *b\n").unwrap();
        let map = root.as_map().unwrap();
        assert_eq!(map[1].1.as_map().unwrap()[0].1.as_text(), Some("IAM"));
    }

    #[test]
    fn syntax_errors_have_a_place() {
        let text = "id: A\ntitle: [unclosed\n";
        let error = parse(text).unwrap_err();
        assert!(error.offset >= 6, "{error:?}");
        let undefined = parse("a: *nothing\n").unwrap_err();
        assert_eq!(undefined.offset, 3, "{undefined:?}");
        assert!(parse("a: 1\n---\nb: 2\n").is_err());
    }

    #[test]
    fn billion_laughs_is_refused() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..9 {
            let p = i - 1;
            text.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        let error = parse(&text).unwrap_err();
        assert!(error.message.contains("expands"), "{error:?}");
    }

    #[test]
    fn deep_nesting_is_refused() {
        let deep = format!("x: {}{}\n", "[".repeat(1000), "]".repeat(1000));
        let error = parse(&deep).unwrap_err();
        assert!(error.message.contains("recursion limit"), "{error:?}");
        let fine = format!(
            "x: {}{}\n",
            "[".repeat(MAX_DEPTH - 1),
            "]".repeat(MAX_DEPTH - 1)
        );
        assert!(parse(&fine).is_ok());
    }

    #[test]
    fn empty_text_is_null() {
        assert!(parse("").unwrap().is_null());
        assert!(parse("# only a comment\n").unwrap().is_null());
    }
}
