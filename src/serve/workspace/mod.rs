//! The project as `serve` keeps it between rebuilds: the parsed documents, templates and
//! settings, the last good site, and what each document page was rendered from. A change
//! to documents re-reads only those files and re-renders only the pages it affects; a
//! change to annexa.toml, templates or static files rebuilds everything. After an edit the
//! edited pages are ready first; the pages over all documents and the search index follow
//! (`finish_pending`, in `follow_up`).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::time::Instant;

use jiff::civil::Date;

use crate::config;
use crate::diagnostic::{Diagnostic, Level};
use crate::lint::LintFlags;
use crate::model::{Isms, ScannedDocument};
use crate::pipeline::RunError;
use crate::project::Settings;
use crate::render::RenderError;
use crate::source;
use crate::source::soa::{self, SoaFile};
use crate::timings::time;

mod body_edit;
mod follow_up;
mod published;

pub use follow_up::FollowUp;

use published::Published;

use super::site::SiteFiles;

/// What changed on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Settings, templates, static files or frameworks: rebuild everything.
    Everything,
    /// These project-relative paths (documents, folders, soa.yaml) changed.
    Paths(BTreeSet<String>),
}

impl Change {
    /// Classifies changed project-relative paths.
    pub fn of_paths(paths: BTreeSet<String>) -> Option<Change> {
        let relevant: BTreeSet<String> = paths.into_iter().filter(|p| is_relevant(p)).collect();
        if relevant.is_empty() {
            return None;
        }
        let everything = relevant.iter().any(|p| {
            let top = p.split('/').next().unwrap_or(p);
            p == config::CONFIG_FILE
                || p == crate::kinds::risk::criteria::FILE
                || crate::kinds::objectives::is_data_file(p)
                || crate::kinds::asset::file::is_data_file(p)
                || p == crate::kinds::obligation::file::FILE
                || source::SETTINGS_DIRS.contains(&top)
        });
        Some(if everything {
            Change::Everything
        } else {
            Change::Paths(relevant)
        })
    }
}

/// Whether a changed path can affect the site (hidden files, `_` folders and editor
/// leftovers cannot).
fn is_relevant(rel: &str) -> bool {
    if rel.is_empty() {
        return true;
    }
    let hidden = rel
        .split('/')
        .any(|part| part.starts_with('.') || part.starts_with('_') || part.ends_with('~'));
    let first = rel.split('/').next().unwrap_or("");
    !hidden && !source::is_tool_dir(first)
}

/// The result of one rebuild.
pub struct Rebuilt {
    pub diagnostics: Vec<Diagnostic>,
    /// The new site, when the rebuild had no error; None keeps the last good site.
    pub site: Option<SiteFiles>,
    /// How many files were rendered.
    pub rendered: usize,
    /// How many of them were document pages.
    pub documents_rendered: usize,
    pub elapsed: std::time::Duration,
    /// The files of the site that changed (other bytes, new or gone), sorted; None when
    /// everything may have (the first build, settings, templates, static files, or no
    /// site).
    pub changed: Option<Vec<String>>,
}

impl Rebuilt {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.level == Level::Error)
    }
}

/// The project between rebuilds.
pub struct Workspace {
    project: PathBuf,
    today: Date,
    flags: LintFlags,
    settings: Option<Settings>,
    soa: Option<SoaFile>,
    soa_diagnostics: Vec<Diagnostic>,
    /// Problems found while discovering, reading or parsing, by file.
    file_diagnostics: BTreeMap<String, Vec<Diagnostic>>,
    discover_diagnostics: Vec<Diagnostic>,
    /// The document files the last discovery found.
    discovered: BTreeSet<String>,
    /// The model of the last rebuild (holds every parsed document).
    isms: Option<Isms>,
    /// The last good site and what its document pages were rendered from.
    published: Published,
    /// Whether the last good site was rendered from `isms` as it is (no errors since).
    site_is_current: bool,
    /// The diagnostics of the last rebuild (the home page lists them).
    last_diagnostics: Vec<Diagnostic>,
    /// What an edit's rebuild left to `finish_pending`.
    pending: Pending,
    /// Document file → the number of the reading its text in the model comes from (see
    /// `fingerprint`); `next_revision` numbers the next.
    revisions: HashMap<String, u64>,
    next_revision: u64,
}

/// The parts of the site a rebuild after an edit leaves for after its pages are shown.
#[derive(Clone, Copy, Debug, Default)]
struct Pending {
    /// The pages over all documents (home, indexes, SoA, controls, reviews, exports).
    overview: bool,
    search_index: bool,
}

/// Every diagnostic of a rebuild at its level, sorted: the settings', `found` (soa.yaml's,
/// discovery's), the files', and the lints' over `isms`.
fn all_diagnostics(
    settings: &Settings,
    found: [&Vec<Diagnostic>; 2],
    files: &BTreeMap<String, Vec<Diagnostic>>,
    isms: &Isms,
) -> Vec<Diagnostic> {
    settings.diagnostics(
        found.into_iter().flatten().chain(files.values().flatten()),
        isms,
    )
}

fn group_by_file(diagnostics: Vec<Diagnostic>) -> BTreeMap<String, Vec<Diagnostic>> {
    let mut grouped: BTreeMap<String, Vec<Diagnostic>> = BTreeMap::new();
    for d in diagnostics {
        let file = d
            .location
            .as_ref()
            .map(|l| l.file.clone())
            .unwrap_or_default();
        grouped.entry(file).or_default().push(d);
    }
    grouped
}

impl Workspace {
    pub fn new(project: PathBuf, today: Date, flags: LintFlags) -> Workspace {
        Workspace {
            project,
            today,
            flags,
            settings: None,
            soa: None,
            soa_diagnostics: Vec::new(),
            file_diagnostics: BTreeMap::new(),
            discover_diagnostics: Vec::new(),
            discovered: BTreeSet::new(),
            isms: None,
            published: Published::default(),
            site_is_current: false,
            last_diagnostics: Vec::new(),
            pending: Pending::default(),
            revisions: HashMap::new(),
            next_revision: 0,
        }
    }

    pub fn project(&self) -> &Path {
        &self.project
    }

    /// The last good site.
    pub fn site(&self) -> &SiteFiles {
        &self.published.site
    }

    fn load_settings(&self) -> Result<Settings, RunError> {
        let mut settings = Settings::load(&self.project, &self.flags, None)?;
        // The preview is for the authors: findings keep their lint names and places.
        settings.config.show_diagnostics_detail = true;
        Ok(settings)
    }

    /// Reads and parses `paths` (project-relative). Files that are gone are dropped.
    fn read_documents(&mut self, paths: &[String]) -> Vec<ScannedDocument> {
        for path in paths {
            self.file_diagnostics.remove(path);
            self.read_anew(path);
        }
        let (documents, problems) = crate::project::read_documents(&self.project, paths);
        for (file, found) in group_by_file(problems) {
            self.file_diagnostics.entry(file).or_default().extend(found);
        }
        documents
    }

    /// Notes that the file at `path` was read again: the page of its document is rendered
    /// again.
    fn read_anew(&mut self, path: &str) {
        self.revisions.insert(path.to_string(), self.next_revision);
        self.next_revision += 1;
    }

    /// Rebuilds after `change`. Content problems come back as diagnostics; only a failure of
    /// the run itself (bad lint flags) is an error.
    pub fn rebuild(&mut self, change: &Change) -> Result<Rebuilt, RunError> {
        let started = Instant::now();
        // A folder of theme overrides named in annexa.toml is a settings folder too.
        let in_overrides = |paths: &BTreeSet<String>, folder: &str| {
            paths.iter().any(|p| p.split('/').next() == Some(folder))
        };
        let everything_instead = Change::Everything;
        let change = match (change, self.settings.as_ref()) {
            (Change::Paths(paths), Some(settings))
                if in_overrides(paths, &settings.config.theme_overrides) =>
            {
                &everything_instead
            }
            _ => change,
        };
        if let Change::Paths(paths) = change {
            if let Some(rebuilt) = self.body_edit(paths, started)? {
                return Ok(rebuilt);
            }
        }
        let everything = matches!(change, Change::Everything) || self.settings.is_none();
        if everything {
            self.settings = Some(self.load_settings()?);
            self.published.fingerprints.clear();
        }
        let reload_soa =
            everything || matches!(change, Change::Paths(p) if p.contains(soa::SOA_FILE));
        if reload_soa {
            let (soa, diagnostics) = soa::load(&self.project);
            self.soa = soa;
            self.soa_diagnostics = diagnostics;
        }
        let Some(settings) = self.settings.as_ref() else {
            return Err(RunError {
                message: "settings were not loaded".into(),
            });
        };
        let exclude = settings.config.exclude.clone();
        let overrides = settings.config.theme_overrides.clone();

        // Which document files exist now, and which of them must be read again. When only
        // files found last time changed, and each is still a plain file, the files are
        // those found last time (walking 10,000 files takes ~15-30 ms).
        let same_files = !everything
            && matches!(change, Change::Paths(changed) if changed.iter().all(|path| {
                self.discovered.contains(path)
                    && std::fs::symlink_metadata(self.project.join(path))
                        .is_ok_and(|m| m.file_type().is_file())
            }));
        if !same_files {
            let found = time("serve: discover", || {
                source::discover(&self.project, &exclude, None, &overrides)
            });
            self.discover_diagnostics = found.diagnostics;
            self.discovered = found.files.into_iter().collect();
        }
        let current = self.discovered.clone();
        let mut kept: BTreeMap<String, ScannedDocument> = self
            .isms
            .take()
            .map(Isms::into_documents)
            .unwrap_or_default()
            .into_iter()
            .map(|d| (d.source.file.rel_path.clone(), d))
            .collect();
        let known: BTreeSet<String> = kept
            .keys()
            .cloned()
            .chain(
                self.file_diagnostics
                    .keys()
                    .filter(|k| k.ends_with(".md"))
                    .cloned(),
            )
            .collect();
        let to_read: Vec<String> = current
            .iter()
            .filter(|path| {
                everything
                    || !known.contains(*path)
                    || matches!(change, Change::Paths(changed) if changed.contains(*path))
            })
            .cloned()
            .collect();
        let reread: BTreeSet<&String> = to_read.iter().collect();
        kept.retain(|path, _| current.contains(path) && !reread.contains(path));
        self.file_diagnostics
            .retain(|path, _| current.contains(path));
        for fresh in time("serve: read", || self.read_documents(&to_read)) {
            kept.insert(fresh.source.file.rel_path.clone(), fresh);
        }

        let settings = self.settings.as_ref().ok_or_else(|| RunError {
            message: "settings were not loaded".into(),
        })?;
        let isms = time("serve: model", || {
            settings.model(
                self.today,
                kept.into_values().collect(),
                self.soa.clone(),
                true,
            )
        });
        let mut diagnostics = time("serve: lints", || {
            all_diagnostics(
                settings,
                [&self.soa_diagnostics, &self.discover_diagnostics],
                &self.file_diagnostics,
                &isms,
            )
        });
        let has_errors = diagnostics.iter().any(|d| d.level == Level::Error);
        let templates = settings.templates.as_ref();
        let result = match (has_errors, templates) {
            (false, Some(templates)) => self.published.render(
                &self.project,
                &isms,
                templates,
                &diagnostics,
                everything,
                &self.revisions,
            ),
            _ => Ok(None),
        };
        self.isms = Some(isms);
        self.site_is_current = matches!(result, Ok(Some(_)));
        if self.site_is_current {
            // After an edit the pages over all documents and the search index follow the
            // document pages (`finish_pending`); a rebuild of everything renders them all.
            self.pending = if everything {
                Pending::default()
            } else {
                Pending {
                    overview: true,
                    search_index: true,
                }
            };
        }
        self.last_diagnostics = diagnostics.clone();
        let (site, rendered, documents_rendered, changed) = match result {
            Ok(Some(done)) => (
                Some(done.site),
                done.rendered,
                done.documents,
                (!everything).then_some(done.changed),
            ),
            Ok(None) => (None, 0, 0, None),
            Err(RenderError::Template(d)) => {
                diagnostics.push(d);
                (None, 0, 0, None)
            }
            Err(RenderError::Io { path, error }) => {
                return Err(RunError {
                    message: format!("cannot render {path}: {error}"),
                });
            }
        };
        Ok(Rebuilt {
            diagnostics,
            site,
            rendered,
            documents_rendered,
            elapsed: started.elapsed(),
            changed,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(paths: &[&str]) -> BTreeSet<String> {
        paths.iter().map(|p| p.to_string()).collect()
    }

    #[test]
    fn classifies_changes() {
        assert_eq!(
            Change::of_paths(set(&["annexa.toml"])),
            Some(Change::Everything)
        );
        assert_eq!(
            Change::of_paths(set(&["templates/base.html", "a.md"])),
            Some(Change::Everything)
        );
        for settings in [
            "frameworks/acme.yaml",
            "risk-criteria.yaml",
            "objectives.yaml",
            "measurements/KPI-TRAIN.csv",
            "incidents.csv",
            "assets.csv",
            "obligations.yaml",
            "applicability/nist-csf-2.0.yaml",
            "static",
        ] {
            assert_eq!(
                Change::of_paths(set(&[settings])),
                Some(Change::Everything),
                "{settings}"
            );
        }
        // A document folder whose name starts like a settings folder is just a folder.
        assert_eq!(
            Change::of_paths(set(&["frameworks-notes/a.md"])),
            Some(Change::Paths(set(&["frameworks-notes/a.md"])))
        );
        assert_eq!(
            Change::of_paths(set(&["policies/a.md"])),
            Some(Change::Paths(set(&["policies/a.md"])))
        );
        assert_eq!(
            Change::of_paths(set(&[
                ".git/index",
                "_site/x.html",
                "policies/.a.md.swp",
                "a.md~"
            ])),
            None
        );
    }
}
