//! What a rebuild after an edit leaves for after its pages are shown: the pages over all
//! documents (home, indexes, SoA and controls, reviews and owners, exports and calendars,
//! print.html: ~0.8 s at 10,000 documents) and the search index (~0.35 s). The edited page is served
//! without waiting for them; they follow, and the tabs that show one of them reload.

use std::time::Instant;

use axum::body::Bytes;

use crate::pipeline::RunError;
use crate::render::search::DocTerms;
use crate::render::view::handbook_order;
use crate::render::{render_overview, render_print, search_index, DocumentParts, RenderError};
use crate::timings::time;

use super::super::site::MemorySink;
use super::{Rebuilt, SiteFiles, Workspace};

/// The result of `finish_pending`.
pub enum FollowUp {
    /// The whole site: serve it. `changed` lists the files whose bytes changed or that are
    /// gone, sorted (the search index, which no page shows, is not among them).
    Site {
        site: SiteFiles,
        changed: Vec<String>,
    },
    /// A template of a page over all documents failed: report it like a failed rebuild.
    Failed(Rebuilt),
}

/// Whether `path` is a file `render_overview` renders (or, gone from the project, removes):
/// not a document page, a static file, print.html (always written again) or one of the
/// assets the document pass writes (the sidebar's nav.js is the one asset of the pages
/// over all documents, and it is always written again).
fn is_overview_file(
    path: &str,
    documents: &dyn Fn(&str) -> bool,
    statics: &dyn Fn(&str) -> bool,
) -> bool {
    !documents(path) && !statics(path) && path != "print.html" && !path.starts_with("assets/")
}

impl Workspace {
    /// Renders what the last rebuild left for after its pages were shown. None when nothing
    /// was left, or the last rebuild failed (what it left is rendered after the next good
    /// one).
    pub fn finish_pending(&mut self) -> Result<Option<FollowUp>, RunError> {
        let pending = self.pending;
        if !self.site_is_current || !(pending.overview || pending.search_index) {
            return Ok(None);
        }
        let (Some(isms), Some(settings)) = (self.isms.as_ref(), self.settings.as_ref()) else {
            return Ok(None);
        };
        let Some(templates) = settings.templates.as_ref() else {
            return Ok(None);
        };
        let started = Instant::now();
        self.pending = Default::default();
        // The parts of the document pages in handbook order (all kept while the site is
        // current), for print.html and the search index.
        let order = handbook_order(isms);
        let parts: Option<Vec<&DocumentParts>> = order
            .iter()
            .map(|&i| {
                self.published
                    .parts
                    .get(&isms.documents[i].page)
                    .map(|p| &**p)
            })
            .collect();
        let mut changed = Vec::new();
        if pending.overview {
            let documents = |path: &str| self.published.fingerprints.contains_key(path);
            let statics = |path: &str| isms.static_files.contains(path);
            let before: Vec<String> = self
                .published
                .site
                .paths()
                .filter(|path| is_overview_file(path, &documents, &statics))
                .cloned()
                .collect();
            let sink = MemorySink::new(self.published.site.clone());
            let rendered = time("serve: overview pages", || {
                render_overview(isms, templates, &self.last_diagnostics, &sink)?;
                match &parts {
                    Some(parts) => render_print(isms, templates, &sink, &order, parts),
                    None => Ok(()),
                }
            });
            match rendered {
                Ok(_) => {}
                Err(RenderError::Template(d)) => {
                    self.site_is_current = false;
                    let mut diagnostics = self.last_diagnostics.clone();
                    diagnostics.push(d);
                    return Ok(Some(FollowUp::Failed(Rebuilt {
                        diagnostics,
                        site: None,
                        rendered: 0,
                        documents_rendered: 0,
                        elapsed: started.elapsed(),
                        changed: None,
                    })));
                }
                Err(RenderError::Io { path, error }) => {
                    return Err(RunError {
                        message: format!("cannot render {path}: {error}"),
                    });
                }
            }
            // A file of the last overview not written now is one the site no longer has
            // (the calendar of an owner who is gone).
            let mut finished = sink.finish();
            let gone: Vec<String> = before
                .into_iter()
                .filter(|path| finished.written.binary_search(path).is_err())
                .collect();
            for path in &gone {
                finished.site.remove(path);
            }
            changed = finished.changed;
            changed.extend(gone);
            changed.sort();
            self.published.site = finished.site;
        }
        if pending.search_index {
            if let Some(parts) = &parts {
                let per_doc: Vec<&DocTerms> = parts.iter().map(|p| &*p.terms).collect();
                let index = time("serve: search index", || {
                    search_index(isms, &order, &per_doc)
                });
                self.published.site.insert(
                    "assets/search-index.js".to_string(),
                    Bytes::from(index.to_js()),
                );
            }
        }
        Ok(Some(FollowUp::Site {
            site: self.published.site.clone(),
            changed,
        }))
    }
}
