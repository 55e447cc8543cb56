//! Fuzzes Markdown with cross-references: body scanning, link resolution, lints and
//! rendering of a document among others.
#![no_main]

use std::collections::BTreeSet;

use annexa::config::Config;
use annexa::model::{scan_documents, Isms, ModelInput};
use annexa::source::{front_matter, SourceDocument, SourceFile};
use libfuzzer_sys::fuzz_target;

fn document(path: &str, text: String) -> Option<SourceDocument> {
    let parsed = front_matter::parse(path, &text);
    let front = parsed.front?;
    Some(SourceDocument::new(SourceFile { rel_path: path.into(), text }, front, parsed.body_offset))
}

fuzz_target!(|data: &[u8]| {
    let body = String::from_utf8_lossy(data);
    let sources: Vec<SourceDocument> = [
        document("policies/a.md", format!("---\nid: POL-A\ntitle: A\nstatus: approved\n---\n{body}")),
        document("policies/b.md", "---\nid: POL-B\ntitle: B\nstatus: draft\n---\n# Scope\n[[POL-A]]\n".to_string()),
    ]
    .into_iter()
    .flatten()
    .collect();
    let isms = Isms::build(ModelInput {
        config: Config::default(),
        today: jiff::civil::date(2026, 11, 25),
        documents: scan_documents(sources),
        static_files: BTreeSet::from(["logo.svg".to_string()]),
        soa: None,
        include_drafts: false,
    });
    let _ = annexa::lint::run(&isms);
    for doc in &isms.documents {
        let _ = annexa::render::markdown::render_body(&isms, doc, doc.source.body(), "../");
    }
});
