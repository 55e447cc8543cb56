//! `<img>` tags in raw HTML (the badges of `<p align="center">` headers): where each is and
//! the address it loads, so images from other hosts are counted with the Markdown ones.

/// One `<img>` tag: its byte range in the text it was found in, and its attributes in order
/// (names lower case, values as written, without quotes; entities not decoded).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImgTag {
    pub range: std::ops::Range<usize>,
    pub attrs: Vec<(String, String)>,
}

impl ImgTag {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Every `<img …>` tag of `html`, in order.
pub fn img_tags(html: &str) -> Vec<ImgTag> {
    let lower = html.to_ascii_lowercase();
    let bytes = html.as_bytes();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(found) = lower[from..].find("<img") {
        let start = from + found;
        let mut i = start + 4;
        if !bytes
            .get(i)
            .is_some_and(|b| b.is_ascii_whitespace() || *b == b'/' || *b == b'>')
        {
            from = i;
            continue;
        }
        let mut attrs = Vec::new();
        // Attributes up to the closing `>`, quotes respected.
        loop {
            while bytes
                .get(i)
                .is_some_and(|b| b.is_ascii_whitespace() || *b == b'/')
            {
                i += 1;
            }
            match bytes.get(i) {
                None => break,
                Some(b'>') => {
                    i += 1;
                    break;
                }
                Some(_) => {}
            }
            let name_start = i;
            while bytes
                .get(i)
                .is_some_and(|b| !b.is_ascii_whitespace() && !matches!(b, b'=' | b'>' | b'/'))
            {
                i += 1;
            }
            let name = lower[name_start..i].to_string();
            while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
                i += 1;
            }
            let mut value = String::new();
            if bytes.get(i) == Some(&b'=') {
                i += 1;
                while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
                    i += 1;
                }
                match bytes.get(i) {
                    Some(&q) if q == b'"' || q == b'\'' => {
                        let end = html[i + 1..]
                            .find(q as char)
                            .map_or(html.len(), |e| i + 1 + e);
                        value = html[i + 1..end].to_string();
                        i = (end + 1).min(html.len());
                    }
                    _ => {
                        let v_start = i;
                        while bytes
                            .get(i)
                            .is_some_and(|b| !b.is_ascii_whitespace() && *b != b'>')
                        {
                            i += 1;
                        }
                        value = html[v_start..i].to_string();
                    }
                }
            }
            if name.is_empty() {
                i += 1;
            } else {
                attrs.push((name, value));
            }
        }
        out.push(ImgTag {
            range: start..i.min(html.len()),
            attrs,
        });
        from = i.max(start + 4).min(html.len());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_and_attributes() {
        let html = "<p align=\"center\">\n  <img src=\"https://img.shields.io/a\" alt=\"A > b\">\n  <IMG SRC='//x.org/b.png' width=20/><imgx src=\"no\"><img alt=c src=local.png>\n";
        let tags = img_tags(html);
        let found: Vec<(Option<&str>, Option<&str>, &str)> = tags
            .iter()
            .map(|t| (t.attr("src"), t.attr("alt"), &html[t.range.clone()]))
            .collect();
        assert_eq!(
            found,
            [
                (
                    Some("https://img.shields.io/a"),
                    Some("A > b"),
                    "<img src=\"https://img.shields.io/a\" alt=\"A > b\">"
                ),
                (
                    Some("//x.org/b.png"),
                    None,
                    "<IMG SRC='//x.org/b.png' width=20/>"
                ),
                (Some("local.png"), Some("c"), "<img alt=c src=local.png>"),
            ]
        );
        assert!(img_tags("<img src=\"unclosed").len() == 1);
        assert!(img_tags("text <img").is_empty());
    }
}
