//! Images in raw HTML from hosts the site does not load from: after sanitising, each such
//! `<img>` becomes its alt text, as Markdown images do (see `markdown::shown_as_text`).

use crate::model::external::{host_allowed, remote_host};
use crate::model::html_images::img_tags;

use super::highlight::escape_html;

/// What the title of an image shown as its alt text says.
pub fn not_loaded(host: &str) -> String {
    format!("image from {host}, not loaded (see annexa.toml: [images] allow_hosts)")
}

/// `html` (sanitised: attributes quoted, values escaped) with every `<img>` from a host not
/// in `allowed` replaced by its alt text.
pub fn hide_remote_images(html: &str, allowed: &[String]) -> String {
    if !html.contains("<img") {
        return html.to_string();
    }
    let mut out = String::with_capacity(html.len());
    let mut last = 0;
    for tag in img_tags(html) {
        let Some(host) = tag.attr("src").and_then(remote_host) else {
            continue;
        };
        if host_allowed(allowed, &host) {
            continue;
        }
        let alt = decode(tag.attr("alt").unwrap_or_default());
        out.push_str(&html[last..tag.range.start]);
        out.push_str(&format!(
            "<span class=\"image-alt\" title=\"{}\">{}</span>",
            escape_html(&not_loaded(&host)),
            escape_html(&alt)
        ));
        last = tag.range.end;
    }
    out.push_str(&html[last..]);
    out
}

/// The entities a serialiser writes in attribute values.
fn decode(value: &str) -> String {
    value
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remote_images_become_their_alt_text() {
        let html = "<p align=\"center\"><img src=\"https://img.shields.io/a\" alt=\"Build &amp; <b>test</b>\"> <img src=\"../static/logo.svg\" alt=\"logo\"> <img src=\"https://cdn.example.org/x.png\"></p>";
        let allowed = vec!["cdn.example.org".to_string()];
        assert_eq!(
            hide_remote_images(html, &allowed),
            "<p align=\"center\"><span class=\"image-alt\" title=\"image from img.shields.io, not loaded (see annexa.toml: [images] allow_hosts)\">Build &amp; &lt;b&gt;test&lt;/b&gt;</span> <img src=\"../static/logo.svg\" alt=\"logo\"> <img src=\"https://cdn.example.org/x.png\"></p>"
        );
        assert_eq!(hide_remote_images("<p>x</p>", &allowed), "<p>x</p>");
    }
}
