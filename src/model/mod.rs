//! The ISMS as one model: documents with resolved links, and the indexes every page and lint
//! needs (id → document, backlinks, control → documents).

pub mod alias;
mod anchors;
pub mod body;
pub mod coverage;
pub mod data_files;
mod document;
pub mod external;
pub mod framework_coverage;
pub mod html_header;
pub mod html_images;
mod resolve;
pub mod review;
pub mod slug;
pub mod transition;

pub use document::{page_for_id, type_from_folder, Broken, ControlRef, Document, Target};

use std::collections::{BTreeMap, BTreeSet, HashMap};

use jiff::civil::Date;
use rayon::prelude::*;

use crate::catalog::{
    catalog, ControlId, Frameworks, ParsedControlRef, Resolution, ISO_2013, ISO_2022,
};
use crate::config::Config;
use crate::diagnostic::Location;
use crate::source::soa::SoaFile;
use crate::source::{Classification, SourceDocument, Status};

use anchors::Anchors;
use resolve::Resolver;

/// A document file with its front matter parsed and its body scanned: the unit the model is
/// built from, and what `serve` keeps between rebuilds so unchanged files are not parsed again.
#[derive(Debug)]
pub struct ScannedDocument {
    pub source: SourceDocument,
    pub scan: body::BodyScan,
}

/// Scans the bodies of `sources` in parallel.
pub fn scan_documents(sources: Vec<SourceDocument>) -> Vec<ScannedDocument> {
    sources
        .into_par_iter()
        .map(|source| {
            let scan = body::scan(source.body());
            ScannedDocument { source, scan }
        })
        .collect()
}

/// A second document with an id already taken.
#[derive(Debug)]
pub struct DuplicateId {
    pub id: String,
    pub first: Location,
    pub second: Location,
}

/// The whole ISMS, ready to be linted and rendered.
#[derive(Debug)]
pub struct Isms {
    /// Whether any document declares `clauses:`: every page's sidebar asks (the management
    /// system entry), so it is found once and not by a pass over all documents per page.
    pub declares_clauses: bool,
    pub config: Config,
    pub today: Date,
    /// Documents in path order.
    pub documents: Vec<Document>,
    pub duplicates: Vec<DuplicateId>,
    /// The documents left out because their id was taken (kept to hand them back).
    dropped: Vec<ScannedDocument>,
    /// Lower-case id → index.
    by_key: HashMap<String, usize>,
    /// For each document, the documents that link to it (sorted, no repeats).
    pub referenced_by: Vec<Vec<usize>>,
    /// For each 2022 control, the documents that list it in `controls:` (path order).
    pub by_control: BTreeMap<ControlId, Vec<usize>>,
    /// Files under `static/`, relative to it.
    pub static_files: BTreeSet<String>,
    /// The SoA decisions (empty when the project has no soa.yaml).
    pub soa: SoaFile,
    /// Whether the project has a soa.yaml at all.
    pub has_soa: bool,
    pub coverage: coverage::Coverage,
    /// The frameworks the project knows and enables.
    pub frameworks: Frameworks,
    /// Decisions and coverage of each framework with its own decisions, in the order enabled.
    pub framework_coverage: Vec<framework_coverage::FrameworkCoverage>,
    /// The documents' `aliases:`: their redirect pages, and the aliases that clash.
    pub aliases: alias::Aliases,
    /// The project the bodies are read from again after `release_bodies`.
    bodies_from: Option<std::path::PathBuf>,
    /// The project's data files (risk-criteria.yaml…).
    pub data: data_files::DataFiles,
    /// For each record kind (by name), its records in path order.
    pub records: BTreeMap<&'static str, Vec<usize>>,
    /// For each 2022 control, the records that select it (risks treated by it), path order.
    pub records_by_control: BTreeMap<ControlId, Vec<usize>>,
    /// Document control from git (`build`, `check` and `pack` read it; None in `serve`).
    pub history: Option<crate::history::Control>,
}

/// What to build the model from.
pub struct ModelInput {
    pub config: Config,
    pub today: Date,
    /// Documents in path order.
    pub documents: Vec<ScannedDocument>,
    pub static_files: BTreeSet<String>,
    /// soa.yaml, when the project has one.
    pub soa: Option<SoaFile>,
    /// Whether drafts get pages (`--drafts`, and always in `serve`).
    pub include_drafts: bool,
    /// The frameworks the project knows and enables (built in and `frameworks/*.yaml`).
    pub frameworks: Frameworks,
    /// The decisions for each framework with its own (`applicability/<id>.yaml`).
    pub applicability: BTreeMap<String, crate::source::applicability::Applicability>,
    /// The project's data files (risk-criteria.yaml…).
    pub data: data_files::DataFiles,
}

/// Whether a document may be published in a build limited to `max` (None: no limit).
/// A document without a classification counts as `internal`.
pub fn within_classification(doc: &SourceDocument, max: Option<Classification>) -> bool {
    let level = doc.front.classification.unwrap_or(Classification::Internal);
    max.is_none_or(|max| level <= max)
}

impl Isms {
    pub fn build(input: ModelInput) -> Isms {
        let ModelInput {
            config,
            today,
            documents: sources,
            static_files,
            soa,
            include_drafts,
            frameworks,
            applicability,
            data,
        } = input;
        let max_classification = config.max_classification;

        // Ids are unique regardless of case: the first document (in path order) keeps its id.
        let mut by_key: HashMap<String, usize> = HashMap::with_capacity(sources.len());
        let mut kept: Vec<SourceDocument> = Vec::with_capacity(sources.len());
        let mut scans: Vec<body::BodyScan> = Vec::with_capacity(sources.len());
        let mut duplicates = Vec::new();
        let mut dropped = Vec::new();
        for scanned in sources {
            let source = &scanned.source;
            let key = source.front.id.value.to_lowercase();
            match by_key.get(&key) {
                Some(&first) => {
                    duplicates.push(DuplicateId {
                        id: source.front.id.value.clone(),
                        first: kept[first].locate(kept[first].front.id.span),
                        second: source.locate(source.front.id.span),
                    });
                    dropped.push(scanned);
                }
                None => {
                    by_key.insert(key, kept.len());
                    kept.push(scanned.source);
                    scans.push(scanned.scan);
                }
            }
        }

        let headings: Vec<Anchors> = scans.iter().map(Anchors::of).collect();
        let ids: Vec<String> = kept.iter().map(|s| s.front.id.value.clone()).collect();
        let mut by_path: HashMap<String, usize> = kept
            .iter()
            .enumerate()
            .map(|(i, s)| (s.file.rel_path.clone(), i))
            .collect();
        let mut duplicate_paths = std::collections::HashSet::new();
        for scanned in &dropped {
            let key = scanned.source.front.id.value.to_lowercase();
            if let Some(&index) = by_key.get(&key) {
                by_path.insert(scanned.source.file.rel_path.clone(), index);
                duplicate_paths.insert(scanned.source.file.rel_path.clone());
            }
        }
        let suggestions = crate::diagnostic::Suggestions::new(&ids);
        let aliases = alias::Aliases::new(kept.iter());
        let resolver = Resolver {
            by_key: &by_key,
            by_path: &by_path,
            duplicate_paths: &duplicate_paths,
            headings: &headings,
            ids: &suggestions,
            static_files: &static_files,
            frameworks: &frameworks,
            aliases: &aliases,
            origin: config.links_origin.as_deref(),
        };

        let documents: Vec<Document> =
            kept.into_par_iter()
                .zip(scans)
                .enumerate()
                .map(|(index, (source, scan))| {
                    let links = scan
                        .links
                        .iter()
                        .map(|l| resolver.link(&source.file.rel_path, &headings[index], l))
                        .collect();
                    let related = source
                        .front
                        .related
                        .iter()
                        .map(|r| resolver.id(&r.value))
                        .collect();
                    let controls = source
                        .front
                        .controls
                        .iter()
                        .map(|c| control_ref(&c.value, &frameworks))
                        .collect();
                    let doc_type =
                        match &source.front.record {
                            Some(record) => record.kind.name.to_string(),
                            None => source.front.doc_type.clone().unwrap_or_else(|| {
                                document::type_from_folder(&source.file.rel_path)
                            }),
                        };
                    let published = (include_drafts || source.front.status != Status::Draft)
                        && within_classification(&source, max_classification);
                    let review = crate::kinds::supplier::review(&source.front, &config, today)
                        .unwrap_or_else(|| review::review(&source.front, &config, today));
                    Document {
                        page: page_for_id(&source.front.id.value),
                        source,
                        doc_type,
                        scan,
                        links,
                        related,
                        controls,
                        published,
                        review,
                        in_review: None,
                    }
                })
                .collect();

        let mut referenced_by: Vec<Vec<usize>> = vec![Vec::new(); documents.len()];
        let mut by_control: BTreeMap<ControlId, Vec<usize>> = BTreeMap::new();
        let mut records: BTreeMap<&'static str, Vec<usize>> = BTreeMap::new();
        let mut records_by_control: BTreeMap<ControlId, Vec<usize>> = BTreeMap::new();
        for (from, doc) in documents.iter().enumerate() {
            for target in doc.links.iter().chain(&doc.related) {
                if let Target::Document { index, .. } = target {
                    if *index != from {
                        referenced_by[*index].push(from);
                    }
                }
            }
            // A record selects controls (a risk treated by them); it does not implement them.
            let index = match &doc.source.front.record {
                Some(record) => {
                    records.entry(record.kind.name).or_default().push(from);
                    &mut records_by_control
                }
                None => &mut by_control,
            };
            for control in doc.current_controls() {
                index.entry(control.clone()).or_default().push(from);
            }
        }
        for list in &mut referenced_by {
            list.sort_unstable();
            list.dedup();
        }

        let has_soa = soa.is_some();
        let soa = soa.unwrap_or_default();
        let declares_clauses = documents.iter().any(|d| !d.source.front.clauses.is_empty());
        let coverage = coverage::compute(&soa, &documents, |c| {
            by_control.get(c).cloned().unwrap_or_default()
        });
        let framework_coverage =
            framework_coverage::compute(&frameworks, applicability, &documents, &by_control);
        Isms {
            framework_coverage,
            declares_clauses,
            config,
            today,
            documents,
            duplicates,
            dropped,
            by_key,
            referenced_by,
            by_control,
            static_files,
            soa,
            has_soa,
            coverage,
            frameworks,
            aliases,
            bodies_from: None,
            data,
            records,
            records_by_control,
            history: None,
        }
    }

    /// Lets go of the documents' bodies (60 MB at 10,000 documents) once the lints have run:
    /// `build` reads each one again from `project` for its page (`body_text`), and holds
    /// one chunk of documents' bodies at a time. Bodies that cite 2013 controls are kept:
    /// the transition page shows the line of each citation.
    pub fn release_bodies(&mut self, project: &std::path::Path) {
        use rayon::prelude::*;
        self.bodies_from = Some(project.to_path_buf());
        self.documents.par_iter_mut().for_each(|doc| {
            let cites_2013 = !doc.scan.legacy_mentions.is_empty()
                || doc
                    .links
                    .iter()
                    .any(|t| matches!(t, Target::LegacyControl(_)));
            // A document shown at its approved version from git keeps that text: its file
            // holds the revision in review.
            if !cites_2013 && doc.in_review.is_none() {
                doc.source.release_body();
            }
        });
    }

    /// The Markdown body of `doc`: held, or read again after `release_bodies`.
    pub fn body_text<'a>(
        &self,
        doc: &'a Document,
    ) -> Result<std::borrow::Cow<'a, str>, crate::diagnostic::Diagnostic> {
        match &self.bodies_from {
            Some(project) => doc.source.body_text(project),
            None => Ok(std::borrow::Cow::Borrowed(doc.source.body())),
        }
    }

    /// Takes the model apart into its documents (with those left out as duplicates), in path
    /// order, so a new model can be built from them without parsing them again.
    pub fn into_documents(self) -> Vec<ScannedDocument> {
        let mut all: Vec<ScannedDocument> = self
            .documents
            .into_iter()
            .map(|d| ScannedDocument {
                source: d.source,
                scan: d.scan,
            })
            .chain(self.dropped)
            .collect();
        all.sort_by(|a, b| a.source.file.rel_path.cmp(&b.source.file.rel_path));
        all
    }

    /// The document with this id (case-insensitive).
    pub fn document(&self, id: &str) -> Option<&Document> {
        self.by_key
            .get(&id.to_lowercase())
            .map(|&i| &self.documents[i])
    }

    /// Documents that get a page in this build.
    pub fn published(&self) -> impl Iterator<Item = (usize, &Document)> {
        self.documents
            .iter()
            .enumerate()
            .filter(|(_, d)| d.published)
    }

    /// The records of `kind`, in path order.
    pub fn records_of(&self, kind: &crate::kinds::Kind) -> impl Iterator<Item = usize> + '_ {
        self.records.get(kind.name).into_iter().flatten().copied()
    }

    /// Records selecting `control` (risks it treats), in path order.
    pub fn records_for_control(&self, control: &ControlId) -> &[usize] {
        self.records_by_control
            .get(control)
            .map_or(&[], Vec::as_slice)
    }

    /// Documents listing `control`, in path order.
    pub fn documents_for_control(&self, control: &ControlId) -> &[usize] {
        self.by_control.get(control).map_or(&[], Vec::as_slice)
    }
}

/// What a `controls:` entry names: an ISO/IEC 27001:2022 control (or a 2013 one, for the
/// `legacy-control` lint) as before, or a control of another enabled framework.
pub(crate) fn control_ref(text: &str, frameworks: &Frameworks) -> ControlRef {
    if frameworks.enabled().next().is_some() {
        match frameworks.resolve(text) {
            Resolution::Found(found)
                if found.framework == ISO_2022 || found.framework == ISO_2013 =>
            {
                return iso_control_ref(&found.control)
            }
            Resolution::Found(found) => return ControlRef::Other(found),
            Resolution::Ambiguous(candidates) => return ControlRef::Ambiguous(candidates),
            Resolution::Unknown { .. } | Resolution::UnknownFramework { .. } => {}
        }
    }
    iso_control_ref(text)
}

fn iso_control_ref(text: &str) -> ControlRef {
    let catalog = catalog();
    match ParsedControlRef::parse(text) {
        Some(ParsedControlRef::Current(id)) if catalog.control(&id).is_some() => {
            ControlRef::Current(id)
        }
        Some(ParsedControlRef::Legacy(id)) if catalog.legacy_control(&id).is_some() => {
            ControlRef::Legacy(id)
        }
        _ => ControlRef::Unknown,
    }
}

/// Models of one-document projects for unit tests.
#[cfg(test)]
pub mod for_tests {
    use super::{scan_documents, Isms, ModelInput, ScannedDocument};
    use crate::source::{parse_documents, SourceFile};

    /// `text` as the document `policies/a.md`, front matter parsed and body scanned.
    pub fn scanned(text: &str) -> ScannedDocument {
        let (documents, problems) = parse_documents(vec![SourceFile {
            rel_path: "policies/a.md".into(),
            text: text.into(),
        }]);
        assert!(problems.is_empty(), "{problems:?}");
        scan_documents(documents).remove(0)
    }

    /// The model of a project whose only document is `text`, on 2026-11-25, drafts included.
    pub fn isms_of(text: &str) -> Isms {
        Isms::build(ModelInput {
            config: crate::config::Config::default(),
            today: jiff::civil::date(2026, 11, 25),
            documents: vec![scanned(text)],
            static_files: Default::default(),
            soa: None,
            include_drafts: true,
            frameworks: Default::default(),
            applicability: Default::default(),
            data: Default::default(),
        })
    }
}
