//! The last good site of `serve` and what each of its document pages was rendered from: a
//! rebuild re-renders the pages whose inputs changed and reuses the others' parts.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::model::{Document, Isms};
use crate::render::{render_with_cache, DocumentParts, PartsCache, RenderError, Templates};
use crate::timings::time;

use super::super::fingerprint::{document_fingerprint, summaries};
use super::super::site::{MemorySink, SiteFiles};

/// The last good site, and what each of its document pages was rendered from.
#[derive(Default)]
pub(super) struct Published {
    pub(super) site: SiteFiles,
    /// Document page → fingerprint of what it was rendered from.
    pub(super) fingerprints: HashMap<String, u64>,
    /// Document page → what the print view, search index and stylesheet took from it.
    pub(super) parts: HashMap<String, Arc<DocumentParts>>,
}

/// The parts of the last good site's document pages, reused where a page's fingerprint is
/// unchanged; the parts of pages rendered now are collected for the next rebuild.
struct ReusedParts<'a> {
    isms: &'a Isms,
    now: &'a HashMap<String, u64>,
    before: &'a Published,
    fresh: Mutex<HashMap<String, Arc<DocumentParts>>>,
    /// After an edit (not the first build): the document pages first; the search index and
    /// the pages over all documents after them.
    later: bool,
}

impl PartsCache for ReusedParts<'_> {
    fn reuse(&self, index: usize) -> Option<Arc<DocumentParts>> {
        let page = &self.isms.documents[index].page;
        let unchanged = self.now.get(page).is_some()
            && self.now.get(page) == self.before.fingerprints.get(page);
        unchanged.then(|| self.before.parts.get(page).cloned())?
    }

    fn keep(&self, index: usize, parts: &Arc<DocumentParts>) {
        if let Ok(mut fresh) = self.fresh.lock() {
            fresh.insert(self.isms.documents[index].page.clone(), Arc::clone(parts));
        }
    }

    fn search_index_later(&self) -> bool {
        self.later
    }

    fn overview_later(&self) -> bool {
        self.later
    }
}

/// What `Published::render` made.
pub(super) struct Rendered {
    pub(super) site: SiteFiles,
    /// Files rendered, and how many of them were document pages.
    pub(super) rendered: usize,
    pub(super) documents: usize,
    /// The files that changed, sorted.
    pub(super) changed: Vec<String>,
}

impl Published {
    /// Renders the pages affected since the last good site, which it then replaces. After
    /// an edit (not `everything`), the pages over all documents and the search index are
    /// left for `Workspace::finish_pending`: the last site's stay until then.
    pub(super) fn render(
        &mut self,
        project: &Path,
        isms: &Isms,
        templates: &Templates,
        diagnostics: &[Diagnostic],
        everything: bool,
        revisions: &HashMap<String, u64>,
    ) -> Result<Option<Rendered>, RenderError> {
        if everything {
            self.fingerprints.clear();
            self.parts.clear();
        }
        let fingerprints: HashMap<String, u64> = time("serve: fingerprints", || {
            let summaries = summaries(isms);
            let published: Vec<(usize, &Document)> = isms.published().collect();
            published
                .par_iter()
                .map(|&(index, doc)| {
                    let revision = revisions.get(doc.rel_path()).copied();
                    let fingerprint =
                        document_fingerprint(isms, &|i| summaries[i], index, revision);
                    (doc.page.clone(), fingerprint)
                })
                .collect()
        });
        // What the render may keep: the pages of documents still published (it re-renders
        // those whose inputs changed), the static files (unchanged, or `everything`) and,
        // until `finish_pending` renders them again, the pages over all documents and the
        // search index. syntax.css and the diagram renderer go below when no page needs
        // them any more; the calendar of an owner who is gone goes with the pages over all
        // documents.
        let mut base = if everything {
            SiteFiles::default()
        } else {
            self.site.clone()
        };
        let stale: Vec<String> = base
            .paths()
            .filter(|path| {
                self.fingerprints.contains_key(*path) && !fingerprints.contains_key(*path)
            })
            .cloned()
            .collect();
        for path in &stale {
            base.remove(path);
        }
        if everything {
            for file in &isms.static_files {
                if let Ok(bytes) = std::fs::read(project.join("static").join(file)) {
                    base.insert(file.clone(), Bytes::from(bytes));
                }
            }
        }
        let sink = MemorySink::new(base);
        let cache = ReusedParts {
            isms,
            now: &fingerprints,
            before: self,
            fresh: Mutex::new(HashMap::new()),
            later: !everything,
        };
        let report = time("serve: render", || {
            render_with_cache(isms, templates, diagnostics, &sink, &cache)
        })?;
        let mut fresh = cache
            .fresh
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let parts = fingerprints
            .keys()
            .filter_map(|page| {
                let parts = fresh
                    .remove(page)
                    .or_else(|| self.parts.get(page).cloned())?;
                Some((page.clone(), parts))
            })
            .collect();
        let mut finished = sink.finish();
        let mut changed = finished.changed;
        changed.extend(stale);
        // The stylesheet for code is written when a page has code, the diagram renderer
        // when a page has a diagram: after the last code block or diagram they go.
        let on_demand = std::iter::once("assets/syntax.css".to_string())
            .chain(crate::render::diagram::asset_paths());
        for path in on_demand {
            if finished.site.file(&path).is_some() && finished.written.binary_search(&path).is_err()
            {
                finished.site.remove(&path);
                changed.push(path);
            }
        }
        changed.sort();
        self.site = finished.site.clone();
        self.fingerprints = fingerprints;
        self.parts = parts;
        Ok(Some(Rendered {
            site: finished.site,
            rendered: finished.written.len(),
            documents: report.documents,
            changed,
        }))
    }
}
