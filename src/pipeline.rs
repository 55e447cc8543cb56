//! The build pipeline, one way: source → model → lint → render → output.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use jiff::civil::Date;

use crate::config::{self, Config};
use crate::diagnostic::{Diagnostic, Level, Location};
use crate::model::Isms;
use crate::output::{check_output_path, Staging, WhenBusy};
use crate::project::Settings;
use crate::render::{render_site, RenderError, Templates};
use crate::timings::time;
use crate::{lint, source};

/// A failure of the run itself (exit code 2): not a problem in the content.
#[derive(Debug)]
pub struct RunError {
    pub message: String,
}

impl std::fmt::Display for RunError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// What to load.
#[derive(Clone, Debug)]
pub struct LoadOptions {
    pub project: PathBuf,
    pub today: Date,
    /// Whether drafts get pages.
    pub include_drafts: bool,
    /// A folder inside the project not to look for documents in (the output).
    pub skip_dir: Option<PathBuf>,
    /// Lint levels from the command line.
    pub lint_flags: lint::LintFlags,
    /// `--max-classification`: overrides `[publish] max_classification`.
    pub max_classification: Option<crate::source::Classification>,
    /// `--since`: the changes page lists changes from this date on.
    pub since: Option<Date>,
    /// Publish a document under revision (draft or in review again) at its last approved
    /// version from git (`build`, `pdf`, `pack`; not with drafts, not for `check`).
    pub show_approved: bool,
}

impl LoadOptions {
    pub fn new(project: PathBuf, today: Date) -> LoadOptions {
        LoadOptions {
            project,
            today,
            include_drafts: false,
            skip_dir: None,
            lint_flags: lint::LintFlags::default(),
            max_classification: None,
            since: None,
            show_approved: false,
        }
    }
}

/// A loaded project: the model (when the configuration could be read) and every diagnostic.
pub struct Loaded {
    pub isms: Option<Isms>,
    /// The theme's templates with the project's overrides, when they compile.
    pub templates: Option<Templates>,
    pub diagnostics: Vec<Diagnostic>,
    /// Why there is no git history, said once on stderr.
    pub history_note: Option<String>,
}

impl Loaded {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.level == Level::Error)
    }
}

/// Files under the project's `static/` folder, relative to it.
pub fn static_files(project: &Path) -> BTreeSet<String> {
    let dir = project.join("static");
    walkdir::WalkDir::new(&dir)
        .follow_links(false)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            e.path()
                .strip_prefix(&dir)
                .ok()?
                .to_str()
                .map(|p| p.replace('\\', "/"))
        })
        .collect()
}

/// Reads the project and lints it. Fails (exit 2) only when the project folder cannot be used.
pub fn load(options: &LoadOptions) -> Result<Loaded, RunError> {
    let project = &options.project;
    if !project.is_dir() {
        return Err(RunError { message: format!("{} is not a folder: give the path of an ISMS project (a folder of Markdown documents)", project.display()) });
    }
    std::fs::read_dir(project).map_err(|e| RunError {
        message: format!("cannot read the project folder {}: {e}", project.display()),
    })?;
    let settings = Settings::load(project, &options.lint_flags, options.max_classification)?;
    if let Some(error) = settings.config_error {
        // Nothing else is worth saying while annexa.toml cannot be used.
        return Ok(Loaded {
            isms: None,
            templates: None,
            diagnostics: vec![error],
            history_note: None,
        });
    }
    let found = time("discover", || {
        source::discover(
            project,
            &settings.config.exclude,
            options.skip_dir.as_deref(),
            &settings.config.theme_overrides,
        )
    });
    let (documents, mut problems) = crate::project::read_documents(project, &found.files);
    problems.extend(found.diagnostics);
    let (soa, soa_problems) = source::soa::load(project);
    problems.extend(soa_problems);
    let mut isms = time("model", || {
        settings.model(options.today, documents, soa, options.include_drafts)
    });
    isms.history = Some(time("history", || {
        let anchors = crate::kinds::history_anchors(&isms);
        crate::history::Control::read(project, options.today, options.since, &anchors)
    }));
    let diagnostics = settings.diagnostics(&problems, &isms);
    if options.show_approved && !options.include_drafts {
        isms = time("approved versions", || {
            crate::history::approved::show_approved(isms, |documents, soa| {
                settings.model(options.today, documents, soa, options.include_drafts)
            })
        });
    }
    let templates = settings.templates;
    let history_note = isms.history.as_ref().and_then(|h| h.note());
    Ok(Loaded {
        isms: Some(isms),
        templates,
        diagnostics,
        history_note,
    })
}

pub fn check_logo(config: &Config, static_files: &BTreeSet<String>) -> Option<Diagnostic> {
    let logo = config.logo.as_deref()?;
    (!static_files.contains(logo)).then(|| {
        crate::lint::registry::INVALID_CONFIG.report(format!("logo: `{logo}` is not a file in static/"))
            .at(Location::whole_file(config::CONFIG_FILE))
            .with_help("put the logo in the project's static/ folder and give its path relative to static/, e.g. logo = \"logo.svg\"")
    })
}

/// What a build did.
pub struct BuildOutcome {
    pub diagnostics: Vec<Diagnostic>,
    /// Pages written; None when errors stopped the build before writing.
    pub pages: Option<usize>,
    pub output: PathBuf,
    /// Why there is no git history, said once on stderr.
    pub history_note: Option<String>,
}

/// The default output folder of a project.
pub fn default_output(project: &Path) -> PathBuf {
    project.join("_site")
}

/// Builds the site of `options.project` into `output`. Content errors are returned as
/// diagnostics (and nothing is written); I/O failures as RunError.
/// Waits quietly for another build writing to the same output.
pub fn build(options: &LoadOptions, output: &Path) -> Result<BuildOutcome, RunError> {
    fn quietly(_: &Path) {}
    build_with(options, output, None, WhenBusy::Wait(&quietly))
}

/// `build`, with a base URL that overrides annexa.toml's, and what to do while another
/// build writes to the same output.
pub fn build_with(
    options: &LoadOptions,
    output: &Path,
    base_url: Option<&str>,
    when_busy: WhenBusy<'_>,
) -> Result<BuildOutcome, RunError> {
    let output =
        check_output_path(&options.project, output).map_err(|e| RunError { message: e.message })?;
    let mut options = options.clone();
    options.skip_dir = Some(output.clone());
    let mut loaded = load(&options)?;
    if let Some(isms) = &loaded.isms {
        refuse_output_among_documents(&options.project, &output, isms)?;
    }
    if let (Some(isms), Some(url)) = (loaded.isms.as_mut(), base_url) {
        isms.config.base_url = Some(url.trim_end_matches('/').to_string() + "/");
    }
    if let Some(isms) = loaded.isms.as_mut() {
        // The lints are done: the document pass reads each body again, one chunk at a time.
        time("release bodies", || isms.release_bodies(&options.project));
    }
    let (Some(isms), Some(templates), false) =
        (&loaded.isms, &loaded.templates, loaded.has_errors())
    else {
        return Ok(BuildOutcome {
            diagnostics: loaded.diagnostics,
            pages: None,
            output,
            history_note: loaded.history_note,
        });
    };
    let staging =
        Staging::begin(&output, when_busy).map_err(|e| RunError { message: e.message })?;
    let rendered = time("render", || {
        render_site(isms, templates, &loaded.diagnostics, &staging)
    });
    let report = match rendered {
        Ok(report) => report,
        Err(RenderError::Template(d)) => {
            loaded.diagnostics.push(d);
            return Ok(BuildOutcome {
                diagnostics: loaded.diagnostics,
                pages: None,
                output,
                history_note: loaded.history_note,
            });
        }
        Err(RenderError::Io { path, error }) => {
            return Err(RunError {
                message: format!(
                    "cannot write {path} in {}: {error}",
                    staging.path().display()
                ),
            });
        }
    };
    if let Some(conflict) = copy_static(&options.project, &staging, &isms.static_files)? {
        loaded.diagnostics.push(conflict);
        return Ok(BuildOutcome {
            diagnostics: loaded.diagnostics,
            pages: None,
            output,
            history_note: loaded.history_note,
        });
    }
    time("commit", || staging.commit()).map_err(|e| RunError { message: e.message })?;
    Ok(BuildOutcome {
        diagnostics: loaded.diagnostics,
        pages: Some(report.pages),
        output,
        history_note: loaded.history_note,
    })
}

/// Refuses an output folder inside a folder that holds documents (`-o policies/site`):
/// generated pages would sit among the sources, and a mistyped path could replace them.
fn refuse_output_among_documents(
    project: &Path,
    output: &Path,
    isms: &Isms,
) -> Result<(), RunError> {
    let Ok(project) = std::fs::canonicalize(project) else {
        return Ok(());
    };
    let Ok(inside) = output.strip_prefix(&project) else {
        return Ok(());
    };
    let folders: BTreeSet<&str> = isms
        .documents
        .iter()
        .filter_map(|d| d.rel_path().rsplit_once('/').map(|(folder, _)| folder))
        .collect();
    let overrides = isms.config.theme_overrides.as_str();
    let reserved_dirs =
        std::iter::once(overrides).chain(source::FIXED_SETTINGS_DIRS.iter().copied());
    for reserved in reserved_dirs {
        if inside.starts_with(reserved) {
            return Err(RunError {
                message: format!(
                    "refusing to write the site to {}: it is inside {reserved}/, which annexa reads; choose a folder of its own, e.g. -o _site",
                    output.display()
                ),
            });
        }
    }
    for folder in folders {
        if inside.starts_with(folder) {
            return Err(RunError {
                message: format!(
                    "refusing to write the site to {}: it is inside {folder}/, which holds documents; choose a folder of its own, e.g. -o _site",
                    output.display()
                ),
            });
        }
    }
    Ok(())
}

/// Copies `static/` to the site root; a static file may not replace a generated file.
fn copy_static(
    project: &Path,
    staging: &Staging,
    files: &BTreeSet<String>,
) -> Result<Option<Diagnostic>, RunError> {
    // Paths compare without regard to case: on macOS and Windows `SOA.html` is `soa.html`.
    let mut generated_files = BTreeSet::new();
    let mut generated_dirs = BTreeSet::new();
    for entry in walkdir::WalkDir::new(staging.path())
        .min_depth(1)
        .into_iter()
        .flatten()
    {
        let Ok(rel) = entry.path().strip_prefix(staging.path()) else {
            continue;
        };
        let rel = rel.to_string_lossy().replace('\\', "/").to_lowercase();
        if entry.file_type().is_dir() {
            generated_dirs.insert(rel);
        } else {
            generated_files.insert(rel);
        }
    }
    for file in files {
        let lower = file.to_lowercase();
        let mut ancestors = lower.match_indices('/').map(|(i, _)| &lower[..i]);
        let conflict = generated_files.contains(&lower)
            || generated_dirs.contains(&lower)
            || ancestors.any(|a| generated_files.contains(a));
        if conflict {
            return Ok(Some(
                crate::lint::registry::STATIC_CONFLICT
                    .report(format!(
                        "static/{file} would replace the generated file {file}"
                    ))
                    .at(Location::whole_file(&format!("static/{file}")))
                    .with_help("rename or move the file: annexa generates this path itself"),
            ));
        }
    }
    staging
        .copy_tree(&project.join("static"), "")
        .map_err(|e| RunError { message: e.message })?;
    Ok(None)
}
