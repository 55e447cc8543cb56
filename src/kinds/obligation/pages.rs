//! The legal register (obligations.html): every obligation with its compliance, the controls
//! that address it and the documents that implement those controls, its review and what is
//! being done about a gap; the home card and the navigation entry.

use std::collections::HashSet;

use serde::Serialize;

use crate::catalog::ControlRef as CatalogRef;
use crate::model::{ControlRef, Isms};
use crate::render::pages::{render_page, Page};
use crate::render::urls::{control_href, document_href, root_for};
use crate::render::{PageSink, RenderError, Templates};

use crate::kinds::asset::pages::RecordLink;
use crate::kinds::supplier::pages::Choice;

use super::{all, next_review, Compliance, Obligation, ObligationKind};

pub const PAGE: &str = "obligations.html";

/// A control that addresses an obligation.
#[derive(Serialize)]
pub struct ControlView {
    pub id: String,
    pub title: String,
    pub href: Option<String>,
}

/// An action planned towards compliance.
#[derive(Serialize)]
pub struct ActionView {
    pub action: String,
    pub owner: Option<String>,
    pub due: Option<String>,
    pub done: Option<String>,
    pub overdue: bool,
}

/// An obligation for the templates and the exports.
#[derive(Serialize)]
pub struct ObligationView {
    pub id: String,
    pub anchor: String,
    pub title: String,
    pub kind: Option<&'static str>,
    pub kind_label: Option<&'static str>,
    pub jurisdiction: Option<String>,
    pub source: Option<String>,
    /// The source when it is a web address.
    pub source_url: Option<String>,
    pub owner: Option<String>,
    pub applies_to: Vec<String>,
    pub controls: Vec<ControlView>,
    pub documents: Vec<RecordLink>,
    pub status: Option<&'static str>,
    pub status_label: Option<&'static str>,
    pub status_class: &'static str,
    pub last_reviewed: Option<String>,
    pub review_every: Option<String>,
    pub next_review: Option<String>,
    /// `overdue`, `never`, `due-soon` or `ok`.
    pub review: &'static str,
    pub review_label: &'static str,
    pub review_class: &'static str,
    pub nonconformities: Vec<RecordLink>,
    pub actions: Vec<ActionView>,
}

impl ObligationView {
    pub fn new(isms: &Isms, o: &Obligation, root: &str) -> ObligationView {
        let catalog = crate::catalog::catalog();
        let mut controls = Vec::new();
        let mut documents: Vec<RecordLink> = Vec::new();
        // The ids listed: a control is implemented by hundreds of documents in a large
        // project, and the controls of an obligation share many of them.
        let mut listed: HashSet<&str> = HashSet::new();
        for (written, _) in &o.controls {
            let control = crate::model::control_ref(written, &isms.frameworks);
            let view = match &control {
                ControlRef::Current(id) => {
                    for &index in isms.documents_for_control(id) {
                        let doc = &isms.documents[index];
                        if doc.published && listed.insert(doc.id()) {
                            documents.push(RecordLink {
                                id: doc.id().to_string(),
                                title: doc.source.front.title.clone(),
                                href: document_href(root, doc),
                            });
                        }
                    }
                    ControlView {
                        id: id.to_string(),
                        title: catalog
                            .control(id)
                            .map(|c| c.title.clone())
                            .unwrap_or_default(),
                        href: Some(control_href(root, id)),
                    }
                }
                ControlRef::Other(CatalogRef { framework, control }) => ControlView {
                    id: control.clone(),
                    title: isms
                        .frameworks
                        .get(framework)
                        .and_then(|f| f.control(control))
                        .map(|c| c.title.clone())
                        .unwrap_or_default(),
                    href: None,
                },
                _ => ControlView {
                    id: written.clone(),
                    title: String::new(),
                    href: None,
                },
            };
            controls.push(view);
        }
        let next = next_review(isms, o);
        let (review, review_label, review_class) = match next {
            None => ("never", "never reviewed", "review-never-reviewed"),
            Some(d) if d < isms.today => ("overdue", "overdue", "review-overdue"),
            Some(d) if isms.config.warn_before.before(d) <= isms.today => {
                ("due-soon", "due soon", "review-due-soon")
            }
            Some(_) => ("ok", "up to date", "review-ok"),
        };
        let source_url = o
            .source
            .as_ref()
            .filter(|s| s.starts_with("https://") || s.starts_with("http://"))
            .cloned();
        ObligationView {
            id: o.id.clone(),
            anchor: format!("obligation-{}", crate::model::slug::slugify(&o.id)),
            title: o.title.clone(),
            kind: o.kind.map(ObligationKind::key),
            kind_label: o.kind.map(ObligationKind::label),
            jurisdiction: o.jurisdiction.clone(),
            source: o.source.clone(),
            source_url,
            owner: o.owner.clone(),
            applies_to: o.applies_to.clone(),
            controls,
            documents,
            status: o.status.map(Compliance::key),
            status_label: o.status.map(Compliance::label),
            status_class: match o.status {
                Some(Compliance::Compliant) => "review-ok",
                Some(Compliance::Partial) => "review-due-soon",
                Some(Compliance::NonCompliant) => "review-overdue",
                None => "",
            },
            last_reviewed: o.last_reviewed.map(|d| d.to_string()),
            review_every: o.review_every.map(|i| i.to_string()),
            next_review: next.map(|d| d.to_string()),
            review,
            review_label,
            review_class,
            nonconformities: super::nonconformities_of(isms, o)
                .into_iter()
                .filter(|(d, _)| d.published)
                .map(|(d, _)| RecordLink {
                    id: d.id().to_string(),
                    title: d.source.front.title.clone(),
                    href: document_href(root, d),
                })
                .collect(),
            actions: o
                .actions
                .iter()
                .map(|a| ActionView {
                    action: a.action.clone(),
                    owner: a.owner.clone(),
                    due: a.due.map(|d| d.to_string()),
                    done: a.done.map(|d| d.to_string()),
                    overdue: a.done.is_none() && a.due.is_some_and(|d| d < isms.today),
                })
                .collect(),
        }
    }
}

pub fn views(isms: &Isms, root: &str) -> Vec<ObligationView> {
    all(isms)
        .iter()
        .map(|o| ObligationView::new(isms, o, root))
        .collect()
}

#[derive(Serialize)]
struct RegisterPage {
    obligations: Vec<ObligationView>,
    compliant: usize,
    partial: usize,
    non_compliant: usize,
    reviews_due: usize,
    kinds: Vec<Choice>,
    statuses: Vec<Choice>,
    jurisdictions: Vec<Choice>,
}

pub fn nav(isms: &Isms) -> Vec<(&'static str, &'static str, &'static str)> {
    if isms.data.obligations.get().is_none() {
        return Vec::new();
    }
    vec![("obligations", "Legal register", PAGE)]
}

/// The home card: compliance and reviews due.
pub fn card(isms: &Isms) -> Option<crate::kinds::Card> {
    isms.data.obligations.get()?;
    let views = views(isms, "");
    let count = |status: &str| views.iter().filter(|v| v.status == Some(status)).count();
    let figure = |label: &str, count: usize, class: &'static str| crate::kinds::Figure {
        label: label.to_string(),
        count,
        class,
        href: PAGE,
    };
    Some(crate::kinds::Card {
        key: "obligations",
        heading: "Legal and contractual obligations",
        figures: vec![
            figure("compliant", count("compliant"), "review-ok"),
            figure("partially compliant", count("partial"), "review-due-soon"),
            figure("non-compliant", count("non-compliant"), "review-overdue"),
            figure(
                "reviews overdue",
                views
                    .iter()
                    .filter(|v| matches!(v.review, "overdue" | "never"))
                    .count(),
                "review-overdue",
            ),
        ],
        attention_heading: "Non-compliant".into(),
        attention: views
            .iter()
            .filter(|v| v.status == Some("non-compliant"))
            .map(|v| {
                (
                    v.id.clone(),
                    v.title.clone(),
                    format!("{PAGE}#{}", v.anchor),
                )
            })
            .collect(),
        links: vec![
            ("Legal register", PAGE),
            ("obligations.csv", "obligations.csv"),
        ],
        sparklines: Vec::new(),
    })
}

pub fn render_all(
    isms: &Isms,
    templates: &Templates,
    sink: &dyn PageSink,
) -> Result<usize, RenderError> {
    if isms.data.obligations.get().is_none() {
        return Ok(0);
    }
    let root = root_for(PAGE);
    let obligations = views(isms, &root);
    let count = |status: &str| {
        obligations
            .iter()
            .filter(|v| v.status == Some(status))
            .count()
    };
    let mut jurisdictions: Vec<String> = obligations
        .iter()
        .filter_map(|o| o.jurisdiction.clone())
        .collect();
    jurisdictions.sort_by(|a, b| crate::diagnostic::natural_cmp(a, b));
    jurisdictions.dedup();
    let page = RegisterPage {
        compliant: count("compliant"),
        partial: count("partial"),
        non_compliant: count("non-compliant"),
        reviews_due: obligations
            .iter()
            .filter(|v| matches!(v.review, "overdue" | "never"))
            .count(),
        kinds: ObligationKind::ALL
            .iter()
            .map(|k| Choice::new(k.key(), k.label()))
            .collect(),
        statuses: Compliance::ALL
            .iter()
            .map(|c| Choice::new(c.key(), c.label()))
            .collect(),
        jurisdictions: jurisdictions.iter().map(|j| Choice::new(j, j)).collect(),
        obligations,
    };
    render_page(
        isms,
        templates,
        sink,
        Page {
            path: PAGE,
            template: "obligations.html",
            title: "Legal register",
            nav_key: "obligations",
        },
        &page,
    )?;
    Ok(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::data_files::Loaded;
    use crate::model::{scan_documents, Isms, ModelInput};
    use crate::source::{parse_documents, SourceFile};

    /// Each document implementing any of an obligation's controls is listed once, in the
    /// order the controls and their documents come.
    #[test]
    fn documents_sharing_the_controls_are_listed_once() {
        let doc = |id: &str, controls: &str| {
            SourceFile {
            rel_path: format!("policies/{}.md", id.to_lowercase()),
            text: format!("---\nid: {id}\ntitle: {id}\nstatus: approved\ncontrols: [{controls}]\n---\nText.\n"),
        }
        };
        let (documents, problems) = parse_documents(vec![
            doc("P-1", "A.5.31, A.5.34"),
            doc("P-2", "A.5.34"),
            doc("P-3", "A.5.31"),
            doc("P-4", "A.8.1"),
        ]);
        assert!(problems.is_empty(), "{problems:?}");
        let mut isms = Isms::build(ModelInput {
            config: crate::config::Config::default(),
            today: jiff::civil::date(2026, 11, 25),
            documents: scan_documents(documents),
            static_files: Default::default(),
            soa: None,
            include_drafts: true,
            frameworks: Default::default(),
            applicability: Default::default(),
            data: Default::default(),
        });
        let (register, problems) = super::super::file::parse(
            "obligations.yaml",
            "obligations:\n  - { id: OBL-1, title: GDPR, controls: [A.5.34, A.5.31] }\n",
        );
        assert!(problems.is_empty(), "{problems:?}");
        isms.data.obligations = Loaded::Read(register.unwrap());
        let view = ObligationView::new(&isms, &all(&isms)[0], "");
        let ids: Vec<&str> = view.documents.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["P-1", "P-2", "P-3"]);
    }
}
