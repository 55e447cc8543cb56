//! The fast path of `serve` for the most common change while writing: an edit inside the
//! bodies of documents that leaves their front matter, headings, links, control mentions and
//! amount of raw HTML as they were. Nothing any other page shows of those documents changes,
//! so the model is updated in place and only their pages (and print.html's sections) are
//! rendered again; anything else takes the full rebuild.

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use crate::diagnostic::{Diagnostic, Level};
use crate::model::{scan_documents, Document, Isms, ScannedDocument};
use crate::pipeline::RunError;
use crate::render::{render_body_edits, render_home, DocumentParts, PartsCache};
use crate::source;

use super::super::fingerprint::{document_fingerprint, summary};
use super::super::site::{MemorySink, SiteFile};
use super::{all_diagnostics, Rebuilt, Workspace};

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

impl Workspace {
    /// The fast path for edits inside document bodies (see `body_edit`): None when `paths`
    /// changed anything else, or the last site is not current; the caller then rebuilds.
    pub(super) fn body_edit(
        &mut self,
        paths: &BTreeSet<String>,
        started: Instant,
    ) -> Result<Option<Rebuilt>, RunError> {
        let (Some(isms), Some(settings)) = (self.isms.as_mut(), self.settings.as_ref()) else {
            return Ok(None);
        };
        if settings.templates.is_none() {
            return Ok(None);
        }
        let print_ends = match self.published.site.file("print.html") {
            Some(SiteFile::Pieces(pieces)) if pieces.len() >= 2 => {
                (pieces[0].clone(), pieces[pieces.len() - 1].clone())
            }
            _ => return Ok(None),
        };
        if !self.site_is_current || paths.iter().any(|p| !p.ends_with(".md")) {
            return Ok(None);
        }
        let mut edits = Vec::new();
        for path in paths {
            let Some(index) = isms.documents.iter().position(|d| d.rel_path() == path) else {
                return Ok(None);
            };
            let (files, read_problems) =
                source::read_sources(&self.project, std::slice::from_ref(path));
            let (documents, parse_problems) = source::parse_documents(files);
            let problems: Vec<Diagnostic> =
                read_problems.into_iter().chain(parse_problems).collect();
            let unchanged_problems = self
                .file_diagnostics
                .get(path)
                .map_or(problems.is_empty(), |p| *p == problems);
            let Some(scanned) = scan_documents(documents).pop() else {
                return Ok(None);
            };
            if !unchanged_problems || !same_shape(&isms.documents[index], &scanned) {
                return Ok(None);
            }
            edits.push((index, scanned));
        }
        let changed: Vec<usize> = edits.iter().map(|(index, _)| *index).collect();
        for path in paths {
            self.read_anew(path);
        }
        let (Some(isms), Some(settings)) = (self.isms.as_mut(), self.settings.as_ref()) else {
            return Ok(None);
        };
        let Some(templates) = settings.templates.as_ref() else {
            return Ok(None);
        };
        for (index, scanned) in edits {
            let doc = &mut isms.documents[index];
            doc.source = scanned.source;
            doc.scan = scanned.scan;
        }
        let isms = &*isms;
        let diagnostics = all_diagnostics(
            settings,
            [&self.soa_diagnostics, &self.discover_diagnostics],
            &self.file_diagnostics,
            isms,
        );
        if diagnostics.iter().any(|d| d.level == Level::Error) {
            // The full rebuild reports the errors (it reads the edited files again).
            self.site_is_current = false;
            return Ok(None);
        }
        let sink = MemorySink::new(self.published.site.clone());
        let cache = KeptParts {
            isms,
            kept: &self.published.parts,
            fresh: Mutex::new(HashMap::new()),
        };
        let rendered = render_body_edits(isms, templates, &sink, &cache, &changed, &print_ends)
            .and_then(|report| {
                if report.is_some() && diagnostics != self.last_diagnostics {
                    render_home(isms, templates, &diagnostics, &sink)?;
                }
                Ok(report)
            });
        let Ok(Some(report)) = rendered else {
            self.site_is_current = false;
            return Ok(None);
        };
        let fresh = cache
            .fresh
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        // Only the summaries the edited pages show: hashing all 10,000 costs ~10 ms.
        let summary_of = |i: usize| summary(&isms.documents[i]);
        for &index in &changed {
            let page = &isms.documents[index].page;
            let revision = self
                .revisions
                .get(isms.documents[index].rel_path())
                .copied();
            let fingerprint = document_fingerprint(isms, &summary_of, index, revision);
            self.published
                .fingerprints
                .insert(page.clone(), fingerprint);
        }
        self.published.parts.extend(fresh);
        let finished = sink.finish();
        self.published.site = finished.site.clone();
        self.pending.search_index = true;
        self.last_diagnostics = diagnostics.clone();
        Ok(Some(Rebuilt {
            diagnostics,
            site: Some(finished.site),
            rendered: finished.written.len(),
            documents_rendered: report.documents,
            elapsed: started.elapsed(),
            changed: Some(finished.changed),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::for_tests::{isms_of, scanned};

    fn document(text: &str) -> Document {
        isms_of(text).documents.remove(0)
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
