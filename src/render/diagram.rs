//! Mermaid diagrams: a ```` ```mermaid ```` fence becomes a `<pre>` of its source, which the
//! theme's `assets/diagrams.js` replaces with the drawn SVG on the document's page. Without
//! JavaScript, and in the print view (which loads no renderer), the source text shows.

use super::highlight::escape_html;

/// The class of the `<pre>` that holds a diagram's source; `diagrams.js` looks for it.
pub const SOURCE_CLASS: &str = "diagram-source";

/// Whether a fence's info string (`mermaid`, `mermaid title="x"`) asks for a diagram. Only the
/// first word counts, as for highlighting; any other language keeps its highlighting.
pub fn is_diagram(info: &str) -> bool {
    info.split([' ', ',', '{'])
        .next()
        .is_some_and(|language| language.trim().eq_ignore_ascii_case("mermaid"))
}

/// The block for a diagram whose Mermaid source is `source`: the source as text (escaped,
/// so nothing in it is markup), marked for the renderer.
pub fn diagram_block(source: &str) -> String {
    format!(
        "<pre class=\"code {SOURCE_CLASS}\"><code class=\"language-mermaid\">{}</code></pre>\n",
        escape_html(source)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_mermaid_fences_are_diagrams() {
        for (info, diagram) in [
            ("mermaid", true),
            ("Mermaid", true),
            ("mermaid title=\"Flow\"", true),
            ("mermaid,ignore", true),
            ("", false),
            ("yaml", false),
            ("mermaidjs", false),
            ("text mermaid", false),
        ] {
            assert_eq!(is_diagram(info), diagram, "{info:?}");
        }
    }

    #[test]
    fn the_source_is_text_not_markup() {
        let block =
            diagram_block("flowchart LR\n  A[\"<img src=x onerror=alert(1)>\"] --> B & C\n");
        assert!(
            block.starts_with("<pre class=\"code diagram-source\""),
            "{block}"
        );
        assert!(
            block.contains("&lt;img src=x onerror=alert(1)&gt;"),
            "{block}"
        );
        assert!(block.contains("B &amp; C"), "{block}");
        assert!(!block.contains("<img"), "{block}");
    }
}
