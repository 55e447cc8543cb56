//! The short excerpt each search result shows (the browser highlights the query in it): the
//! opening of a document's text, read from its Markdown as the page is rendered.

use pulldown_cmark::{Event, Tag, TagEnd};

/// Characters of a document's excerpt: two lines of a result, ~1.6 MB at 10,000 documents.
pub const EXCERPT_CHARS: usize = 160;

/// The first `max` characters of `text` with runs of white space as one space; cut after a
/// whole word and ended with `…` when `text` is longer (a single longer word is cut).
pub fn excerpt(text: &str, max: usize) -> String {
    let mut out = String::new();
    let mut count = 0;
    for word in text.split_whitespace() {
        let gap = usize::from(count > 0);
        let chars = word.chars().count();
        if count + gap + chars > max {
            if count == 0 {
                out.extend(word.chars().take(max));
            }
            out.push('…');
            return out;
        }
        if gap == 1 {
            out.push(' ');
        }
        out.push_str(word);
        count += gap + chars;
    }
    out
}

/// Collects the text of a Markdown body from its first paragraph on (the headings above it
/// are the page's title and section names, not its content), until there is enough for an
/// excerpt. Inline markup adds nothing, so `**least** privilege` reads `least privilege`.
#[derive(Debug, Default)]
pub struct Lead {
    text: String,
    started: bool,
}

impl Lead {
    /// Takes in the next event of the body; `withheld` when its text is left out of the
    /// page's search text (the id of a document this build does not publish).
    pub fn see(&mut self, event: &Event<'_>, withheld: bool) {
        if self.text.len() > EXCERPT_CHARS * 4 {
            return;
        }
        if matches!(event, Event::Start(Tag::Paragraph)) {
            self.started = true;
        }
        if !self.started {
            return;
        }
        match event {
            Event::Text(t) | Event::Code(t) if !withheld => self.text.push_str(t),
            Event::Text(_) | Event::Code(_) => {}
            Event::Start(tag) if is_inline(tag) => {}
            Event::End(tag) if is_inline_end(*tag) => {}
            _ => self.text.push(' '),
        }
    }

    /// The excerpt: at most `EXCERPT_CHARS` characters.
    pub fn finish(self) -> String {
        excerpt(&self.text, EXCERPT_CHARS)
    }
}

fn is_inline(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. } | Tag::Image { .. }
    )
}

fn is_inline_end(tag: TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link | TagEnd::Image
    )
}

#[cfg(test)]
mod tests {
    use pulldown_cmark::Parser;

    use super::*;
    use crate::model::body::markdown_options;

    fn lead_of(markdown: &str) -> String {
        let mut lead = Lead::default();
        for event in Parser::new_ext(markdown, markdown_options()) {
            lead.see(&event, false);
        }
        lead.finish()
    }

    #[test]
    fn excerpts_are_cut_after_a_word() {
        assert_eq!(excerpt("  one\n two   three ", 20), "one two three");
        assert_eq!(excerpt("one two three", 9), "one two…");
        assert_eq!(excerpt("one two three", 7), "one two…");
        assert_eq!(excerpt("abcdefgh", 4), "abcd…");
        assert_eq!(excerpt("", 4), "");
        assert_eq!(excerpt("Grüße aus Köln", 9), "Grüße aus…");
    }

    #[test]
    fn the_lead_starts_at_the_first_paragraph_and_ignores_inline_markup() {
        let lead = lead_of(
            "# Title\n\n## 1. Purpose\n\nThis **policy** sets the `rules`\nfor [access](x.html).\n\n## 2. Scope\n\nAll staff.\n",
        );
        assert_eq!(
            lead,
            "This policy sets the rules for access. 2. Scope All staff."
        );
        assert_eq!(lead_of("# Only a heading\n"), "");
        let long: String = "word ".repeat(200);
        assert!(lead_of(&long).chars().count() <= EXCERPT_CHARS + 1);
    }
}
