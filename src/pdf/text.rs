//! A document's Markdown as plain blocks for the PDF: headings, paragraphs, list items,
//! code, table rows. What print cannot show degrades to words: an image to its alt text,
//! a diagram to a note, raw HTML is left out.

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// One block of a document's body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    Heading(u8, String),
    Paragraph(String),
    /// A list item: its depth (1 for a top-level list) and its marker (`•` or `3.`).
    Item(usize, String, String),
    /// A code block's lines.
    Code(Vec<String>),
    /// A table row's cells; `true` for the header row.
    Row(Vec<String>, bool),
    Rule,
}

/// `[[ID|text]]` → `text`; `[[ID]]` and `[[ID#anchor]]` → what `name` says of `ID` (the
/// HTML shows a published document's title, and never the id of one left out).
fn plain_wiki_links(text: &str, name: &dyn Fn(&str) -> String) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("[[") {
        let Some(len) = rest[start + 2..].find("]]") else {
            break;
        };
        out.push_str(&rest[..start]);
        let inner = &rest[start + 2..start + 2 + len];
        match inner.split_once('|') {
            Some((_, label)) => out.push_str(label),
            None => out.push_str(&name(inner.split('#').next().unwrap_or(inner))),
        }
        rest = &rest[start + 4 + len..];
    }
    out.push_str(rest);
    out
}

/// The blocks of a Markdown body; `name` gives the text of a `[[ID]]` reference.
pub fn blocks(markdown: &str, name: &dyn Fn(&str) -> String) -> Vec<Block> {
    let text = plain_wiki_links(markdown, name);
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let mut out = Vec::new();
    let mut buffer = String::new();
    let mut lists: Vec<Option<u64>> = Vec::new();
    let mut item_marker: Option<(usize, String)> = None;
    let mut code: Option<(Vec<String>, bool)> = None;
    let mut cells: Vec<String> = Vec::new();
    let mut in_head = false;
    let flush = |buffer: &mut String, out: &mut Vec<Block>, item: &mut Option<(usize, String)>| {
        let text = buffer.split_whitespace().collect::<Vec<_>>().join(" ");
        buffer.clear();
        if text.is_empty() {
            return;
        }
        match item.take() {
            Some((depth, marker)) => out.push(Block::Item(depth, marker, text)),
            None => out.push(Block::Paragraph(text)),
        }
    };
    for event in Parser::new_ext(&text, options) {
        match event {
            Event::Start(Tag::Heading { .. }) => buffer.clear(),
            Event::End(TagEnd::Heading(level)) => {
                let level = match level {
                    HeadingLevel::H1 => 1,
                    HeadingLevel::H2 => 2,
                    HeadingLevel::H3 => 3,
                    _ => 4,
                };
                out.push(Block::Heading(level, buffer.trim().to_string()));
                buffer.clear();
            }
            Event::End(TagEnd::Paragraph) => flush(&mut buffer, &mut out, &mut item_marker),
            Event::Start(Tag::List(start)) => {
                flush(&mut buffer, &mut out, &mut item_marker);
                lists.push(start);
            }
            Event::End(TagEnd::List(_)) => {
                flush(&mut buffer, &mut out, &mut item_marker);
                lists.pop();
            }
            Event::Start(Tag::Item) => {
                flush(&mut buffer, &mut out, &mut item_marker);
                let marker = match lists.last_mut() {
                    Some(Some(n)) => {
                        *n += 1;
                        format!("{}.", *n - 1)
                    }
                    _ => "•".to_string(),
                };
                item_marker = Some((lists.len(), marker));
            }
            Event::End(TagEnd::Item) => flush(&mut buffer, &mut out, &mut item_marker),
            Event::Start(Tag::CodeBlock(kind)) => {
                flush(&mut buffer, &mut out, &mut item_marker);
                let diagram =
                    matches!(&kind, CodeBlockKind::Fenced(lang) if lang.as_ref() == "mermaid");
                code = Some((Vec::new(), diagram));
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((lines, diagram)) = code.take() {
                    if diagram {
                        out.push(Block::Paragraph(
                            "[Diagram: shown in the HTML manual]".to_string(),
                        ));
                    } else {
                        out.push(Block::Code(lines));
                    }
                }
            }
            Event::Start(Tag::TableHead) => {
                in_head = true;
                cells.clear();
            }
            Event::End(TagEnd::TableHead) => {
                out.push(Block::Row(std::mem::take(&mut cells), true));
                in_head = false;
            }
            Event::Start(Tag::TableRow) => cells.clear(),
            Event::End(TagEnd::TableRow) => {
                out.push(Block::Row(std::mem::take(&mut cells), in_head))
            }
            Event::End(TagEnd::TableCell) => {
                cells.push(buffer.split_whitespace().collect::<Vec<_>>().join(" "));
                buffer.clear();
            }
            Event::Start(Tag::Image { .. }) => buffer.push_str("[Image: "),
            Event::End(TagEnd::Image) => buffer.push(']'),
            Event::Text(t) | Event::Code(t) => match code.as_mut() {
                Some((lines, _)) => lines.extend(t.lines().map(str::to_string)),
                None => buffer.push_str(&t),
            },
            Event::SoftBreak | Event::HardBreak => buffer.push(' '),
            Event::FootnoteReference(name) => buffer.push_str(&format!("[{name}]")),
            Event::TaskListMarker(done) => buffer.push_str(if done { "[x] " } else { "[ ] " }),
            Event::Rule => out.push(Block::Rule),
            _ => {}
        }
    }
    flush(&mut buffer, &mut out, &mut item_marker);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_becomes_plain_blocks() {
        let md = "## 1. Scope\n\nSee [[POL-IS]] and [[POL-AC|the access policy]].\n\n- one\n- two\n\n1. first\n2. second\n\n```sh\nls -l\nexit\n```\n\n| A | B |\n|---|---|\n| x | y |\n\n![Logo](static/logo.png)\n\n<div>raw</div>\n\n```mermaid\ngraph TD\n```\n";
        let name = |id: &str| {
            if id == "POL-IS" {
                "Security Policy".to_string()
            } else {
                "unpublished document".to_string()
            }
        };
        assert_eq!(
            blocks("[[POL-X]] and [[POL-X|mine]]", &name),
            vec![Block::Paragraph("unpublished document and mine".into())]
        );
        assert_eq!(
            blocks(md, &name),
            vec![
                Block::Heading(2, "1. Scope".into()),
                Block::Paragraph("See Security Policy and the access policy.".into()),
                Block::Item(1, "•".into(), "one".into()),
                Block::Item(1, "•".into(), "two".into()),
                Block::Item(1, "1.".into(), "first".into()),
                Block::Item(1, "2.".into(), "second".into()),
                Block::Code(vec!["ls -l".into(), "exit".into()]),
                Block::Row(vec!["A".into(), "B".into()], true),
                Block::Row(vec!["x".into(), "y".into()], false),
                Block::Paragraph("[Image: Logo]".into()),
                Block::Paragraph("[Diagram: shown in the HTML manual]".into()),
            ]
        );
    }
}
