//! Mermaid diagrams: a ```` ```mermaid ```` fence becomes a `<pre>` of its source, which the
//! theme's `assets/diagrams.js` replaces with the drawn SVG on the document's page. Without
//! JavaScript, and in the print view (which loads no renderer), the source text shows.

use super::highlight::escape_html;

/// The class of the `<pre>` that holds a diagram's source; `diagrams.js` looks for it.
pub const SOURCE_CLASS: &str = "diagram-source";

/// Whether a theme asset (path under the theme's `static/`) is only for pages with a
/// diagram: the renderer (3.4 MiB), its licence and the script that runs it. A site without
/// a diagram is written without them.
pub fn is_diagram_asset(path: &str) -> bool {
    path == "diagrams.js" || path.starts_with("vendor/mermaid.")
}

/// The site paths of the diagram assets (`assets/diagrams.js`, …).
pub fn asset_paths() -> impl Iterator<Item = String> {
    super::templates::theme_assets()
        .into_iter()
        .filter(|(path, _)| is_diagram_asset(path))
        .map(|(path, _)| format!("assets/{path}"))
}

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
    fn the_diagram_assets_are_the_renderer_its_licence_and_its_script() {
        let assets: Vec<String> = crate::render::templates::theme_assets()
            .into_iter()
            .map(|(path, _)| path)
            .filter(|path| is_diagram_asset(path))
            .collect();
        assert_eq!(
            assets,
            [
                "diagrams.js",
                "vendor/mermaid.LICENSE.txt",
                "vendor/mermaid.min.js"
            ]
        );
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
