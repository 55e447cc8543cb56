//! Suppliers as template values: criticality, data, assessment due state, certificates with
//! their expiry state, contract and missing clauses, DPA, the assets it provides; one shape
//! for the register, the supplier's page and the exports.

use serde::Serialize;

use crate::model::Isms;
use crate::render::urls::document_href;
use crate::source::Classification;

use super::settings::clause_key;
use super::{CertificateState, SupplierRef};

/// A certificate with its expiry state.
#[derive(Clone, Serialize)]
pub struct CertificateView {
    pub standard: String,
    pub expires: Option<String>,
    pub state: &'static str,
    pub state_label: &'static str,
    /// The badge's CSS class.
    pub class: &'static str,
}

/// An asset the supplier provides, linked to the inventory.
#[derive(Clone, Serialize)]
pub struct AssetLink {
    pub id: String,
    pub name: String,
    pub href: Option<String>,
}

/// A supplier for the templates.
#[derive(Clone, Serialize)]
pub struct SupplierView {
    pub id: String,
    pub title: String,
    pub href: String,
    pub status: &'static str,
    pub status_label: &'static str,
    pub status_class: &'static str,
    pub owner: Option<String>,
    pub criticality: Option<&'static str>,
    pub criticality_label: Option<&'static str>,
    /// 1 (low) to 4 (critical), 0 without one: for sorting.
    pub criticality_rank: usize,
    pub criticality_class: &'static str,
    pub services: Vec<String>,
    pub data: Option<&'static str>,
    pub data_class: &'static str,
    pub last_assessed: Option<String>,
    pub assess_every: Option<String>,
    pub next_assessment: Option<String>,
    /// `overdue`, `due-soon`, `ok`, `never` (never assessed) or `none` (no interval, or
    /// offboarded).
    pub assessment: &'static str,
    pub assessment_label: &'static str,
    pub assessment_class: &'static str,
    pub certificates: Vec<CertificateView>,
    /// The worst state of its certificates (`expired`, `expiring`, `valid`, `` without).
    pub certificates_state: &'static str,
    pub contract_start: Option<String>,
    pub contract_end: Option<String>,
    pub contract_ended: bool,
    pub clauses: Vec<String>,
    pub missing_clauses: Vec<String>,
    /// `signed` (with `dpa_date`), `none` (written `false`), `` (not written).
    pub dpa: &'static str,
    pub dpa_date: Option<String>,
    /// Confidential or restricted data without a signed DPA.
    pub dpa_missing: bool,
    pub assets: Vec<AssetLink>,
}

fn class_of_classification(c: Classification) -> &'static str {
    match c {
        Classification::Public => "class-public",
        Classification::Internal => "class-internal",
        Classification::Confidential => "class-confidential",
        Classification::Restricted => "class-restricted",
    }
}

fn cert_class(state: CertificateState) -> &'static str {
    match state {
        CertificateState::Valid => "review-ok",
        CertificateState::Expiring => "review-due-soon",
        CertificateState::Expired => "review-overdue",
        CertificateState::Undated => "status-retired",
    }
}

impl SupplierView {
    /// The view of `s`, with links relative to `root` (the page's way back to the site root).
    pub fn new(isms: &Isms, s: SupplierRef<'_>, root: &str) -> SupplierView {
        let settings = &isms.config.suppliers;
        let today = isms.today;
        let status = s.status_key();
        let criticality = s.criticality();
        let next = s.next_assessment(settings);
        let (assessment, assessment_label, assessment_class) = if !s.is_current() {
            ("none", "not assessed (offboarded)", "status-retired")
        } else {
            match (s.interval(settings), s.supplier.last_assessed, next) {
                (None, _, _) => ("none", "no interval (no criticality)", "status-retired"),
                (Some(_), None, _) => ("never", "never assessed", "review-never-reviewed"),
                (_, _, Some(due)) if due < today => ("overdue", "overdue", "review-overdue"),
                (_, _, Some(due)) if settings.warn_before.before(due) <= today => {
                    ("due-soon", "due soon", "review-due-soon")
                }
                _ => ("ok", "up to date", "review-ok"),
            }
        };
        let certificates: Vec<CertificateView> = s
            .supplier
            .certifications
            .iter()
            .map(|c| {
                let state = CertificateState::of(c.expires, today, settings.warn_before);
                CertificateView {
                    standard: c.standard.clone(),
                    expires: c.expires.map(|d| d.to_string()),
                    state: state.key(),
                    state_label: state.label(),
                    class: cert_class(state),
                }
            })
            .collect();
        let certificates_state = ["expired", "expiring", "valid", "undated"]
            .into_iter()
            .find(|k| certificates.iter().any(|c| c.state == *k))
            .unwrap_or("");
        let contract = s.supplier.contract.as_ref();
        let clauses: Vec<String> = contract
            .iter()
            .flat_map(|c| &c.clauses)
            .map(|c| c.value.clone())
            .collect();
        let written: Vec<String> = clauses.iter().map(|c| clause_key(c)).collect();
        let missing_clauses = criticality
            .map(|c| settings.required_clauses(c))
            .unwrap_or_default()
            .iter()
            .filter(|r| !written.contains(&clause_key(r)))
            .cloned()
            .collect();
        let data = s.supplier.data.as_ref().map(|d| d.value);
        let signed = s.supplier.dpa.as_ref().is_some_and(|d| d.signed);
        let dpa = match &s.supplier.dpa {
            Some(d) if d.signed => "signed",
            Some(_) => "none",
            None => "",
        };
        let mut assets: Vec<AssetLink> = Vec::new();
        let register = isms.data.assets.get();
        let id = s.doc.id();
        let mut add = |asset_id: &str| {
            if assets.iter().any(|a| a.id.eq_ignore_ascii_case(asset_id)) {
                return;
            }
            let found = register.and_then(|r| r.get(asset_id));
            assets.push(AssetLink {
                id: found.map_or(asset_id.to_string(), |a| a.id.clone()),
                name: found.map(|a| a.name.clone()).unwrap_or_default(),
                href: found.map(|a| {
                    format!(
                        "{root}{}#{}",
                        crate::kinds::asset::pages::PAGE,
                        asset_anchor(&a.id)
                    )
                }),
            });
        };
        for asset in &s.supplier.assets {
            add(&asset.value);
        }
        for asset in register.iter().flat_map(|r| &r.assets) {
            if asset
                .supplier
                .as_ref()
                .is_some_and(|(sup, _)| sup.eq_ignore_ascii_case(id))
            {
                add(&asset.id);
            }
        }
        SupplierView {
            id: id.to_string(),
            title: s.doc.source.front.title.clone(),
            href: document_href(root, s.doc),
            status,
            status_label: s
                .doc
                .source
                .front
                .record
                .as_ref()
                .map_or("Active", |r| r.status_label()),
            status_class: match status {
                "active" => "status-approved",
                "onboarding" => "status-in-review",
                _ => "status-retired",
            },
            owner: s.doc.source.front.owner.as_ref().map(|o| o.value.clone()),
            criticality: criticality.map(|c| c.key()),
            criticality_label: criticality.map(|c| c.label()),
            criticality_rank: criticality.map_or(0, |c| c.index() + 1),
            criticality_class: match criticality {
                Some(super::Criticality::Critical) => "review-overdue",
                Some(super::Criticality::High) => "review-due-soon",
                Some(super::Criticality::Medium) => "status-in-review",
                Some(super::Criticality::Low) => "status-retired",
                None => "",
            },
            services: s.supplier.services.clone(),
            data: data.map(|d| d.key()),
            data_class: data.map_or("", class_of_classification),
            last_assessed: s.supplier.last_assessed.map(|d| d.to_string()),
            assess_every: s.interval(settings).map(|i| i.to_string()),
            next_assessment: next.map(|d| d.to_string()),
            assessment,
            assessment_label,
            assessment_class,
            certificates,
            certificates_state,
            contract_start: contract.and_then(|c| c.start).map(|d| d.to_string()),
            contract_end: contract.and_then(|c| c.end).map(|d| d.to_string()),
            contract_ended: contract.and_then(|c| c.end).is_some_and(|e| e < today),
            clauses,
            missing_clauses,
            dpa,
            dpa_date: s
                .supplier
                .dpa
                .as_ref()
                .and_then(|d| d.date)
                .map(|d| d.to_string()),
            dpa_missing: data.is_some_and(|d| d >= Classification::Confidential) && !signed,
            assets,
        }
    }
}

/// The anchor of an asset's row on the inventory page.
pub fn asset_anchor(id: &str) -> String {
    format!("asset-{}", crate::model::slug::slugify(id))
}

/// A view serialised for annexa.json: the values without what only the templates use (CSS
/// classes, labels, sort ranks, anchors).
pub fn for_json(value: impl Serialize) -> Option<serde_json::Value> {
    fn strip(value: &mut serde_json::Value) {
        match value {
            serde_json::Value::Object(map) => {
                map.retain(|key, _| {
                    !(key.ends_with("_class")
                        || key.ends_with("_label")
                        || key.ends_with("_rank")
                        || key == "class"
                        || key == "anchor")
                });
                map.values_mut().for_each(strip);
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let mut value = serde_json::to_value(value).ok()?;
    strip(&mut value);
    Some(value)
}
