//! Raw HTML in Markdown, made safe with ammonia: scripts, event handlers, `javascript:`
//! URLs, iframes, forms and styles are removed; what annexa itself writes is kept.

use std::collections::HashSet;
use std::sync::OnceLock;

fn cleaner() -> &'static ammonia::Builder<'static> {
    static CLEANER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    CLEANER.get_or_init(|| {
        let mut builder = ammonia::Builder::default();
        builder
            .add_generic_attributes(["id", "class"])
            .add_tags(["input", "figure", "figcaption", "mark", "time", "caption"])
            .add_tag_attributes("input", ["type", "checked", "disabled"])
            .add_tag_attributes("time", ["datetime"])
            .add_tag_attributes("td", ["colspan", "rowspan"])
            .add_tag_attributes("th", ["colspan", "rowspan", "scope"])
            .url_schemes(HashSet::from(["http", "https", "mailto", "tel"]))
            .link_rel(Some("noopener noreferrer"))
            // Task list checkboxes are the only inputs Markdown produces: any other kind of
            // input is turned into a plain checkbox, disabled.
            .attribute_filter(|element, attribute, value| match (element, attribute) {
                ("input", "type") => Some("checkbox".into()),
                ("input", "disabled") => Some("".into()),
                _ => Some(value.into()),
            });
        builder
    })
}

/// Sanitises an HTML fragment.
pub fn sanitize(html: &str) -> String {
    cleaner().clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_what_can_attack_the_intranet() {
        let cases = [
            ("<script>alert(1)</script><p>ok</p>", "<p>ok</p>"),
            (
                "<img src=\"x.png\" onerror=\"alert(1)\">",
                "<img src=\"x.png\">",
            ),
            (
                "<a href=\"javascript:alert(1)\">x</a>",
                "<a rel=\"noopener noreferrer\">x</a>",
            ),
            ("<iframe src=\"https://evil.example\"></iframe>", ""),
            ("<form action=\"/x\"><button>go</button></form>", "go"),
            ("<p style=\"color:red\">x</p>", "<p>x</p>"),
            ("<svg><script>alert(1)</script></svg>", ""),
        ];
        for (input, expected) in cases {
            assert_eq!(sanitize(input), expected, "{input}");
        }
    }

    #[test]
    fn keeps_annexa_markup() {
        let html = "<h2 id=\"scope\">Scope</h2><pre class=\"code hl-code\"><code class=\"language-yaml\"><span class=\"hl-source\">a</span></code></pre><table><thead><tr><th class=\"align-left\">A</th></tr></thead></table><ul><li><input disabled=\"\" type=\"checkbox\" checked=\"\">done</li></ul>";
        let clean = sanitize(html);
        assert!(clean.contains("<h2 id=\"scope\">"), "{clean}");
        assert!(clean.contains("class=\"hl-source\""), "{clean}");
        assert!(clean.contains("class=\"align-left\""), "{clean}");
        assert!(clean.contains("type=\"checkbox\""), "{clean}");
    }
}
