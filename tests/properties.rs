//! Property tests of the entry points that take user input: front matter parsing, Markdown
//! with cross-references, soa.yaml. Whatever the input, they return diagnostics, never panic,
//! and every diagnostic's location lies inside the file.

use std::collections::BTreeSet;

use annexa::config::Config;
use annexa::diagnostic::Diagnostic;
use annexa::model::{scan_documents, Isms, ModelInput};
use annexa::render::markdown::render_body;
use annexa::source::front_matter;
use annexa::source::soa;
use proptest::prelude::*;

fn locations_inside(text: &str, diagnostics: &[Diagnostic]) -> Result<(), TestCaseError> {
    let lines = text.split('\n').count().max(1);
    for d in diagnostics {
        if let Some(l) = &d.location {
            prop_assert!(
                l.line <= lines,
                "line {} beyond {} lines: {:?}",
                l.line,
                lines,
                d
            );
        }
    }
    Ok(())
}

/// Text that looks like front matter: keys annexa knows, odd values, YAML punctuation.
fn front_matter_text() -> impl Strategy<Value = String> {
    let key = prop::sample::select(vec![
        "id",
        "title",
        "type",
        "status",
        "version",
        "owner",
        "approver",
        "approved",
        "classification",
        "last_reviewed",
        "review_every",
        "next_review",
        "controls",
        "related",
        "history",
        "tags",
        "x",
    ]);
    let value = prop::sample::select(vec![
        "POL-AC",
        "\"quoted: text\"",
        "2025-03-01",
        "2025-02-30",
        "12 months",
        "[A.5.15, 5.10]",
        "[",
        "{a: 1}",
        "approved",
        "draft",
        "~",
        "&a x",
        "*a",
        "!!binary aGk=",
        "- a\n  - b",
        "|\n  block",
        "\t",
        "0x1F",
        "1.10",
        "",
        "[[POL-AC]]",
        "{ version: \"1\", date: 2025-01-01, change: x }",
    ]);
    prop::collection::vec((key, value), 0..12).prop_map(|pairs| {
        let mut text = String::from("---\n");
        for (k, v) in pairs {
            text.push_str(&format!("{k}: {v}\n"));
        }
        text.push_str("---\n# Body\n");
        text
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn front_matter_never_panics_on_any_text(text in "\\PC{0,400}") {
        let parsed = front_matter::parse("p.md", &text);
        locations_inside(&text, &parsed.diagnostics)?;
    }

    #[test]
    fn front_matter_never_panics_on_front_matter_like_text(text in front_matter_text()) {
        let parsed = front_matter::parse("p.md", &text);
        locations_inside(&text, &parsed.diagnostics)?;
        prop_assert!(parsed.front.is_some() || !parsed.diagnostics.is_empty(), "a refused document says why");
    }

    #[test]
    fn soa_never_panics(text in "(framework: iso27001-2022\n)?controls:\n(  [A5.]{0,3}[0-9]{1,2}\\.[0-9]{1,3}:( \\{ applicable: (true|false|maybe)(, status: (implemented|partial|x))?(, justification: [a-z ,:]{0,10})? \\}|\n    applicable: (true|false)\n    status: [a-z-]{0,12})\n){0,8}") {
        let (_, diagnostics) = soa::parse(&text);
        locations_inside(&text, &diagnostics)?;
    }

    #[test]
    fn soa_with_document_control_and_reasons_never_panics(text in "((version|owner|approver|approved|last_reviewed|review_every|history|approvd): ([a-z0-9 .:-]{0,12}|\\[[a-z, ]{0,12}\\]|\\n  - \\{ date: [0-9-]{0,10}, change: [a-z]{0,5} \\})\n){0,5}controls:\n(  A\\.5\\.[0-9]{1,2}: \\{ applicable: (true|false)(, reasons: (\\[[a-z, ]{0,20}\\]|[a-z]{0,8}|\\{a: 1\\}))?(, justification: [a-z]{0,6})? \\}\n){0,6}") {
        let (_, diagnostics) = soa::parse(&text);
        locations_inside(&text, &diagnostics)?;
    }

    #[test]
    fn soa_never_panics_on_any_text(text in "\\PC{0,300}") {
        let (_, diagnostics) = soa::parse(&text);
        locations_inside(&text, &diagnostics)?;
    }

    #[test]
    fn markdown_with_references_never_panics(body in "([-#>*`|\\[\\]()!<>a-z0-9 .:]|\\[\\[POL-A\\]\\]|\\[\\[A\\.5\\.15\\]\\]|\\[\\[A\\.12\\.6\\.1\\]\\]|\\[\\[x#y\\]\\]|\\[t\\]\\(b\\.md#c\\)|```yaml\n|\n){0,60}") {
        let texts = [
            format!("---\nid: POL-A\ntitle: A\nstatus: approved\n---\n{body}"),
            "---\nid: POL-B\ntitle: B\nstatus: draft\n---\n# C\n".to_string(),
        ];
        let mut sources = Vec::new();
        for (i, text) in texts.iter().enumerate() {
            let path = if i == 0 { "a.md" } else { "b.md" };
            let parsed = front_matter::parse(path, text);
            if let Some(front) = parsed.front {
                sources.push(annexa::source::SourceDocument::new(
                    annexa::source::SourceFile { rel_path: path.into(), text: text.clone() },
                    front,
                    parsed.body_offset,
                ));
            }
        }
        let isms = Isms::build(ModelInput {
            config: Config::default(),
            today: jiff::civil::date(2026, 11, 25),
            documents: scan_documents(sources),
            static_files: BTreeSet::new(),
            soa: None,
            include_drafts: false,
            frameworks: Default::default(),
            applicability: Default::default(),
            data: Default::default(),
        });
        let lints = annexa::lint::run(&isms);
        locations_inside(&texts[0], &lints)?;
        for doc in &isms.documents {
            let html = render_body(&isms, doc, doc.source.body(), "../").html;
            prop_assert!(!html.contains("<script"), "no script from Markdown: {}", html);
        }
    }
}
