//! What a document's Markdown body says about the rest of the project: its headings (with
//! their stable ids) and every link and image, in the order they appear.

use pulldown_cmark::{Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

use super::slug::{github_slug, Slugger};
use crate::catalog::{catalog, ControlId, ParsedControlRef};

/// The Markdown extensions annexa turns on. Scanning and rendering must agree on them, or
/// links and headings would not line up.
pub fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_WIKILINKS
        | Options::ENABLE_SMART_PUNCTUATION
}

/// A heading of a document body.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Heading {
    pub level: u8,
    pub text: String,
    pub id: String,
}

/// Whether a link was written `[[...]]` or as an ordinary Markdown link or image.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkSyntax {
    /// `[[ID]]` (piped: `[[ID|text]]`).
    Wiki {
        piped: bool,
    },
    Markdown,
    Image,
}

/// A link as written in the body, with its byte range in the body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BodyLink {
    pub syntax: LinkSyntax,
    pub dest: String,
    pub range: std::ops::Range<usize>,
}

/// Headings and links of one body.
#[derive(Clone, Debug, Default)]
pub struct BodyScan {
    pub headings: Vec<Heading>,
    pub links: Vec<BodyLink>,
    /// ISO/IEC 27001:2013 control ids written as plain text (`A.12.6.1`), with their byte
    /// range in the body.
    pub legacy_mentions: Vec<(ControlId, std::ops::Range<usize>)>,
    /// How many tags of raw HTML the body has (`<` in HTML blocks and inline HTML).
    pub raw_html_tags: usize,
    /// The address of every `<img>` in raw HTML, with the tag's byte range in the body.
    pub html_images: Vec<(String, std::ops::Range<usize>)>,
    /// The raw HTML blocks the body opens with, if it does.
    pub html_header: Option<super::html_header::HtmlHeader>,
}

/// Raw HTML with more tags than this is shown as text, not sanitised: the sanitiser's time
/// grows with the square of the nesting, and no policy needs this much markup.
pub const MAX_RAW_HTML_TAGS: usize = 2_000;

/// Finds `A.x.y.z` tokens in a text event that starts at `start` in the body.
fn legacy_mentions(text: &str, start: usize, out: &mut Vec<(ControlId, std::ops::Range<usize>)>) {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(found) = text[from..].find("A.") {
        let begin = from + found;
        let preceded_by_word =
            begin > 0 && (bytes[begin - 1].is_ascii_alphanumeric() || bytes[begin - 1] == b'.');
        let mut end = begin + 2;
        while end < bytes.len()
            && (bytes[end].is_ascii_digit()
                || (bytes[end] == b'.' && bytes.get(end + 1).is_some_and(u8::is_ascii_digit)))
        {
            end += 1;
        }
        if !preceded_by_word {
            if let Some(ParsedControlRef::Legacy(id)) = ParsedControlRef::parse(&text[begin..end]) {
                if catalog().legacy_control(&id).is_some() {
                    out.push((id, start + begin..start + end));
                }
            }
        }
        from = end.max(begin + 2);
    }
}

fn level_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// The text of a text event as GitHub sees it: smart punctuation (`'` → `’`, `--` → `–`),
/// which GitHub does not do, is taken back to what was written, so heading ids match
/// GitHub's.
fn as_written<'a>(text: &'a str, source: Option<&'a str>) -> &'a str {
    const SMART: [&str; 7] = ["‘", "’", "“", "”", "–", "—", "…"];
    match source {
        Some(source) if SMART.contains(&text) && source != text => source,
        _ => text,
    }
}

/// Scans `body` for headings and links.
pub fn scan(body: &str) -> BodyScan {
    let mut scan = BodyScan::default();
    let mut slugger = Slugger::default();
    // Explicit `{#id}` attributes win over generated slugs: reserve them first.
    let parser = Parser::new_ext(body, markdown_options());
    let events: Vec<(Event, std::ops::Range<usize>)> = parser.into_offset_iter().collect();
    for (event, _) in &events {
        if let Event::Start(Tag::Heading { id: Some(id), .. }) = event {
            slugger.reserve(id);
        }
    }
    let mut heading: Option<(u8, Option<String>, String)> = None;
    // The leading raw HTML blocks, while no other block has started.
    let mut header: Option<(usize, std::ops::Range<usize>)> = Some((0, 0..0));
    for (event, range) in events {
        match (&event, header.as_mut()) {
            (Event::Start(Tag::HtmlBlock), Some((blocks, r))) => {
                if *blocks == 0 {
                    r.start = range.start;
                }
                *blocks += 1;
                r.end = range.end;
            }
            (Event::Start(_), Some(_)) => {
                let (blocks, r) = header.take().unwrap_or_default();
                scan.html_header = leading_header(body, blocks, r);
            }
            _ => {}
        }
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                heading = Some((
                    level_number(level),
                    id.map(|i| i.to_string()),
                    String::new(),
                ));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, id, text)) = heading.take() {
                    let text = text.trim().to_string();
                    let id = match id {
                        Some(id) => id,
                        None => slugger.unique(github_slug(&text)),
                    };
                    scan.headings.push(Heading { level, text, id });
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, _, text)) = heading.as_mut() {
                    text.push_str(as_written(&t, body.get(range.clone())));
                }
                if let Some(raw) = body.get(range.clone()) {
                    legacy_mentions(raw, range.start, &mut scan.legacy_mentions);
                }
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => {
                let syntax = match link_type {
                    LinkType::WikiLink { has_pothole } => LinkSyntax::Wiki { piped: has_pothole },
                    _ => LinkSyntax::Markdown,
                };
                scan.links.push(BodyLink {
                    syntax,
                    dest: dest_url.to_string(),
                    range,
                });
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                scan.raw_html_tags += html.matches('<').count();
                // Where the tag is: exact when the event is the source as written (not
                // inside a block quote or list, whose markers are not part of it).
                let exact = body.get(range.clone()) == Some(&*html);
                for tag in super::html_images::img_tags(&html) {
                    if let Some(src) = tag.attr("src") {
                        let at = if exact {
                            range.start + tag.range.start..range.start + tag.range.end
                        } else {
                            range.clone()
                        };
                        scan.html_images.push((src.to_string(), at));
                    }
                }
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                scan.links.push(BodyLink {
                    syntax: LinkSyntax::Image,
                    dest: dest_url.to_string(),
                    range,
                });
            }
            _ => {}
        }
    }
    if let Some((blocks, r)) = header {
        scan.html_header = leading_header(body, blocks, r);
    }
    scan
}

fn leading_header(
    body: &str,
    blocks: usize,
    range: std::ops::Range<usize>,
) -> Option<super::html_header::HtmlHeader> {
    (blocks > 0).then(|| super::html_header::HtmlHeader {
        blocks,
        heading: body
            .get(range.clone())
            .and_then(super::html_header::heading_text),
        range,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_and_links() {
        let body = "# Title\n\n## Scope\n\nSee [[POL-AC]], [[POL-AC|the policy]], [[A.5.15]] and [backup](../policies/backup.md#restore).\n\n## Scope\n\n### Custom {#mine}\n\n![logo](../static/logo.svg)\n\n`[[not-a-link]]`\n";
        let s = scan(body);
        let ids: Vec<&str> = s.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, vec!["title", "scope", "scope-1", "mine"]);
        let dests: Vec<&str> = s.links.iter().map(|l| l.dest.as_str()).collect();
        assert_eq!(
            dests,
            vec![
                "POL-AC",
                "POL-AC",
                "A.5.15",
                "../policies/backup.md#restore",
                "../static/logo.svg"
            ]
        );
        assert_eq!(s.links[0].syntax, LinkSyntax::Wiki { piped: false });
        assert_eq!(s.links[1].syntax, LinkSyntax::Wiki { piped: true });
        assert_eq!(&body[s.links[0].range.clone()], "[[POL-AC]]");
        assert_eq!(s.links[4].syntax, LinkSyntax::Image);
    }

    #[test]
    fn leading_html_blocks() {
        let body = "<!-- generated -->\n\n<h1 align=\"center\">Title</h1>\n<p align=\"center\"><img src=\"b.svg\"></p>\n\n## Scope\n\n<h2>Later</h2>\n";
        let header = scan(body).html_header.unwrap_or_default();
        assert_eq!(header.blocks, 2);
        assert_eq!(header.heading.as_deref(), Some("Title"));
        assert_eq!(
            &body[header.range.clone()],
            &body[..body.find("\n\n## ").unwrap_or(0) + 1]
        );
        assert_eq!(scan("Text\n\n<h1>Title</h1>\n").html_header, None);
        assert_eq!(scan("").html_header, None);
    }

    #[test]
    fn heading_ids_follow_github() {
        let body = "# 🎯 Purpose\n\n## 5.2 Asset return\n\n## It's *Friday* -- `now`\n\n## Scope\n\n## Scope\n\n## Scope {#scope-1}\n\n## 📋\n";
        let ids: Vec<String> = scan(body).headings.into_iter().map(|h| h.id).collect();
        assert_eq!(
            ids,
            [
                "-purpose",
                "52-asset-return",
                "its-friday----now",
                "scope",
                "scope-2",
                "scope-1",
                "section"
            ]
        );
    }

    #[test]
    fn legacy_ids_in_plain_text() {
        let body = "Formerly A.12.6.1 (and A.9.2.3), not A.5.15, not XA.12.6.1, not A.99.1.1.\n";
        let s = scan(body);
        let found: Vec<(&str, &str)> = s
            .legacy_mentions
            .iter()
            .map(|(id, r)| (id.as_str(), &body[r.clone()]))
            .collect();
        assert_eq!(
            found,
            vec![("A.12.6.1", "A.12.6.1"), ("A.9.2.3", "A.9.2.3")]
        );
    }
}
