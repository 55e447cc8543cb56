//! Raw HTML headers: the `<h1 align="center">Title</h1>` and `<p align="center">` badges that
//! documents written for GitHub open with. annexa shows the title itself, so a header that
//! repeats it is left out (with a note); any other heading in such a header is shown as a
//! paragraph, so it neither makes a second title nor stands apart from the contents.

/// The raw HTML blocks a body opens with, before any other block.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HtmlHeader {
    /// How many (the first `blocks` HTML blocks of the body).
    pub blocks: usize,
    /// Their byte range in the body.
    pub range: std::ops::Range<usize>,
    /// The text of the first heading (`<h1>` … `<h6>`) in them, tags removed.
    pub heading: Option<String>,
}

impl HtmlHeader {
    /// Whether the header's heading says the document's title (the same words, ignoring
    /// case, emoji and punctuation: `<h1>🔐 Access Control Policy</h1>`).
    pub fn repeats(&self, title: &str) -> bool {
        self.heading
            .as_deref()
            .is_some_and(|h| !words(title).is_empty() && words(h) == words(title))
    }
}

fn words(text: &str) -> String {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Where the first `<hN` tag of `html` is, and N.
fn heading_open(html: &str) -> Option<(usize, char)> {
    let lower = html.to_ascii_lowercase();
    let bytes = lower.as_bytes();
    lower.match_indices("<h").find_map(|(i, _)| {
        let level = *bytes.get(i + 2)?;
        let after = *bytes.get(i + 3)?;
        ((b'1'..=b'6').contains(&level) && (after == b'>' || after.is_ascii_whitespace()))
            .then_some((i, level as char))
    })
}

/// The text of the first heading of `html`: tags removed, entities for `&`, `<`, `>`, quotes
/// and spaces decoded, white space collapsed.
pub fn heading_text(html: &str) -> Option<String> {
    let (start, level) = heading_open(html)?;
    let open_end = start + html[start..].find('>')? + 1;
    let close = format!("</h{level}");
    let inner_end = open_end + html[open_end..].to_ascii_lowercase().find(&close)?;
    let mut text = String::new();
    let mut in_tag = false;
    for c in html[open_end..inner_end].chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    let text = text
        .replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    Some(text.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// `html` with its headings made paragraphs (`<h1 align="center">` → `<p class="html-heading"
/// align="center">`).
pub fn demote_headings(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + 32);
    let mut rest = html;
    while let Some((i, _)) = heading_open(rest) {
        out.push_str(&rest[..i]);
        out.push_str("<p class=\"html-heading\"");
        rest = &rest[i + 3..];
    }
    out.push_str(rest);
    let mut result = String::with_capacity(out.len());
    let mut rest = out.as_str();
    while let Some(i) = rest.to_ascii_lowercase().find("</h") {
        let level = rest.as_bytes().get(i + 3).copied().unwrap_or(0);
        result.push_str(&rest[..i]);
        if (b'1'..=b'6').contains(&level) {
            result.push_str("</p");
            rest = &rest[i + 4..];
        } else {
            result.push_str("</h");
            rest = &rest[i + 3..];
        }
    }
    result.push_str(rest);
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_texts() {
        let cases = [
            ("<h1 align=\"center\">Information Security Policy</h1>", Some("Information Security Policy")),
            ("<div align=\"center\">\n  <H1>\n  <img src=\"logo.png\" alt=\"\">Incident&nbsp;Response &amp; Recovery</H1>\n</div>", Some("Incident Response & Recovery")),
            ("<p align=\"center\"><img src=\"x.svg\"></p>", None),
            ("<header><hr><h2 id=\"x\">Two</h2></header>", Some("Two")),
            ("<h1>unclosed", None),
        ];
        for (html, text) in cases {
            assert_eq!(heading_text(html).as_deref(), text, "{html}");
        }
    }

    #[test]
    fn repeats_the_title() {
        let header = |h: &str| HtmlHeader {
            heading: Some(h.to_string()),
            ..HtmlHeader::default()
        };
        assert!(header("🔐 Access Control Policy").repeats("Access Control Policy"));
        assert!(header("ACCESS CONTROL POLICY").repeats("Access control policy"));
        assert!(!header("🔐 Access Control").repeats("Access Control Policy"));
        assert!(!header("🔐").repeats("🔐"));
        assert!(!HtmlHeader::default().repeats("Access Control Policy"));
    }

    #[test]
    fn headings_become_paragraphs() {
        assert_eq!(
            demote_headings("<h1 align=\"center\">🔐 Access</h1>\n<HR><H2>x</H2><hgroup></hgroup>"),
            "<p class=\"html-heading\" align=\"center\">🔐 Access</p>\n<HR><p class=\"html-heading\">x</p><hgroup></hgroup>"
        );
    }
}
