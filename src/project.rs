//! The one project loader: what a project's settings are (annexa.toml, lint levels,
//! templates, static files, frameworks and their decisions), how its document files are
//! read, and how the model and its diagnostics are made from them. `build` and `check`
//! (`pipeline::load`) and `serve` (its full and incremental rebuilds) all go through here, so
//! a new input is added once.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use jiff::civil::Date;

use crate::catalog::Frameworks;
use crate::config::{self, Config};
use crate::diagnostic::{self, Diagnostic};
use crate::lint::{self, LintFlags, LintLevels};
use crate::model::{Isms, ModelInput, ScannedDocument};
use crate::pipeline::{check_logo, static_files, RunError};
use crate::render::Templates;
use crate::source::applicability::{self, Applicability};
use crate::source::soa::SoaFile;
use crate::source::Classification;
use crate::timings::time;

/// Everything but the documents and soa.yaml: read once per build, and again by `serve`
/// when annexa.toml, a template, a static file, a framework or a decision file changes.
pub struct Settings {
    pub config: Config,
    pub levels: LintLevels,
    pub templates: Option<Templates>,
    pub static_files: BTreeSet<String>,
    pub frameworks: Frameworks,
    pub applicability: BTreeMap<String, Applicability>,
    /// The data files beside the documents (risk-criteria.yaml…).
    pub data: crate::model::data_files::DataFiles,
    /// annexa.toml's own error, when it cannot be used (defaults stand in for it).
    pub config_error: Option<Diagnostic>,
    /// Problems with lint levels, templates, the logo, framework and decision files.
    pub diagnostics: Vec<Diagnostic>,
}

impl Settings {
    /// Reads the settings of `project`. `max_classification` (the command line's) overrides
    /// annexa.toml's. Fails only when `flags` name no lint (a mistake on the command line).
    pub fn load(
        project: &Path,
        flags: &LintFlags,
        max_classification: Option<Classification>,
    ) -> Result<Settings, RunError> {
        let (mut config, config_error) = match config::load(project) {
            Ok(config) => (config, None),
            Err(d) => (Config::default(), Some(d)),
        };
        if max_classification.is_some() {
            config.max_classification = max_classification;
        }
        let (mut levels, mut diagnostics) = LintLevels::from_config(&config);
        levels
            .apply_flags(flags)
            .map_err(|message| RunError { message })?;
        let templates = match Templates::load(project, &config.theme_overrides) {
            Ok(t) => Some(t),
            Err(d) => {
                diagnostics.push(d);
                None
            }
        };
        let static_files = static_files(project);
        diagnostics.extend(check_logo(&config, &static_files));
        let (frameworks, problems) = crate::catalog::load(project, &config);
        diagnostics.extend(problems);
        let (applicability, problems) = applicability::load_all(project, &frameworks);
        diagnostics.extend(problems);
        let (data, problems) = crate::model::data_files::load(project);
        diagnostics.extend(problems);
        Ok(Settings {
            data,
            config,
            levels,
            templates,
            static_files,
            frameworks,
            applicability,
            config_error,
            diagnostics,
        })
    }

    /// The model of `documents` and `soa` under these settings.
    pub fn model(
        &self,
        today: Date,
        documents: Vec<ScannedDocument>,
        soa: Option<SoaFile>,
        include_drafts: bool,
    ) -> Isms {
        Isms::build(ModelInput {
            config: self.config.clone(),
            today,
            documents,
            static_files: self.static_files.clone(),
            soa,
            include_drafts,
            frameworks: self.frameworks.clone(),
            applicability: self.applicability.clone(),
            data: self.data.clone(),
        })
    }

    /// Every diagnostic of a run at its level, sorted: annexa.toml's, the settings', those of
    /// reading the project (`found`), and the lints' over `isms`.
    pub fn diagnostics<'a>(
        &'a self,
        found: impl IntoIterator<Item = &'a Diagnostic>,
        isms: &Isms,
    ) -> Vec<Diagnostic> {
        let mut diagnostics: Vec<Diagnostic> = self
            .config_error
            .iter()
            .chain(&self.diagnostics)
            .chain(found)
            .cloned()
            .collect();
        diagnostics.extend(time("lint", || lint::run(isms)));
        let mut diagnostics = self.levels.apply(diagnostics);
        diagnostic::sort(&mut diagnostics);
        diagnostics
    }
}

/// Reads, parses and scans the document files `paths` (relative to `project`): the documents
/// whose front matter could be used, and the problems of all of them.
pub fn read_documents(project: &Path, paths: &[String]) -> (Vec<ScannedDocument>, Vec<Diagnostic>) {
    let (files, mut problems) = time("read", || crate::source::read_sources(project, paths));
    let (documents, parse_problems) = time("parse", || crate::source::parse_documents(files));
    problems.extend(parse_problems);
    let documents = time("scan bodies", || crate::model::scan_documents(documents));
    (documents, problems)
}
