//! The fast path of `serve` for the most common change while writing: an edit inside the
//! bodies of documents that leaves their front matter, headings, links, control mentions and
//! amount of raw HTML as they were. Nothing any other page shows of those documents changes,
//! so the model is updated in place and only their pages (and print.html's sections) are
//! rendered again; anything else takes the full rebuild.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::model::{Document, Isms, ScannedDocument};
use crate::render::{DocumentParts, PartsCache};

/// Whether `new` differs from the document `old` only where no other page looks: the bodies'
/// text between the links and headings.
pub fn same_shape(old: &Document, new: &ScannedDocument) -> bool {
    let old_front = &old.source.file.text[..old.source.body_offset];
    let new_front = &new.source.file.text[..new.source.body_offset];
    let (a, b) = (&old.scan, &new.scan);
    old_front == new_front
        && a.headings == b.headings
        && a.raw_html_tags == b.raw_html_tags
        && a.links.len() == b.links.len()
        && a.links
            .iter()
            .zip(&b.links)
            .all(|(x, y)| x.syntax == y.syntax && x.dest == y.dest)
        && a.legacy_mentions.len() == b.legacy_mentions.len()
        && a.legacy_mentions
            .iter()
            .zip(&b.legacy_mentions)
            .all(|(x, y)| x.0 == y.0)
}

/// The parts of the last site's document pages, all reused (the documents not edited are
/// unchanged by definition of the fast path); those rendered now are collected.
pub struct KeptParts<'a> {
    pub isms: &'a Isms,
    pub kept: &'a HashMap<String, Arc<DocumentParts>>,
    pub fresh: Mutex<HashMap<String, Arc<DocumentParts>>>,
}

impl PartsCache for KeptParts<'_> {
    fn reuse(&self, index: usize) -> Option<Arc<DocumentParts>> {
        self.kept.get(&self.isms.documents[index].page).cloned()
    }

    fn keep(&self, index: usize, parts: &Arc<DocumentParts>) {
        if let Ok(mut fresh) = self.fresh.lock() {
            fresh.insert(self.isms.documents[index].page.clone(), Arc::clone(parts));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{scan_documents, ModelInput};
    use crate::source::{parse_documents, SourceFile};

    fn scanned(text: &str) -> ScannedDocument {
        let (documents, _) = parse_documents(vec![SourceFile {
            rel_path: "policies/a.md".into(),
            text: text.into(),
        }]);
        scan_documents(documents).remove(0)
    }

    fn document(text: &str) -> Document {
        let mut isms = Isms::build(ModelInput {
            config: crate::config::Config::default(),
            today: jiff::civil::date(2026, 11, 25),
            documents: vec![scanned(text)],
            static_files: Default::default(),
            soa: None,
            include_drafts: true,
        });
        isms.documents.remove(0)
    }

    const FRONT: &str = "---\nid: POL-A\ntitle: A\nstatus: approved\n---\n";

    #[test]
    fn only_body_text_edits_keep_the_shape() {
        let old = document(&format!(
            "{FRONT}# A\n\n## Scope\n\nSee [[POL-A]] and A.12.6.1.\n"
        ));
        let same = |body: &str| same_shape(&old, &scanned(&format!("{FRONT}{body}")));
        assert!(same(
            "# A\n\nNew text.\n\n## Scope\n\nSee [[POL-A]] and A.12.6.1 now.\n"
        ));
        assert!(!same(
            "# A\n\n## Scope changed\n\nSee [[POL-A]] and A.12.6.1.\n"
        ));
        assert!(!same("# A\n\n## Scope\n\nSee [[POL-B]] and A.12.6.1.\n"));
        assert!(!same("# A\n\n## Scope\n\nSee [[POL-A]] and A.12.6.2.\n"));
        assert!(!same(
            "# A\n\n## Scope\n\nSee [[POL-A]] and A.12.6.1. <b>x</b>\n"
        ));
        let front = FRONT.replace("title: A", "title: B");
        assert!(!same_shape(
            &old,
            &scanned(&format!(
                "{front}# A\n\n## Scope\n\nSee [[POL-A]] and A.12.6.1.\n"
            ))
        ));
    }
}
