//! The asset inventory page (assets.html): every asset with its owner, classification and
//! supplier, and the risks that name it; the home card and the navigation entry.

use serde::Serialize;

use crate::model::Isms;
use crate::render::pages::{render_page, Page};
use crate::render::urls::{document_href, root_for};
use crate::render::{PageSink, RenderError, Templates};

use crate::kinds::supplier::pages::Choice;
use crate::kinds::supplier::view::asset_anchor;

use super::Asset;

pub const PAGE: &str = "assets.html";

/// A link to a record: id, title, page.
#[derive(Clone, Serialize)]
pub struct RecordLink {
    pub id: String,
    pub title: String,
    pub href: String,
}

/// An asset for the templates and the exports.
#[derive(Serialize)]
pub struct AssetView {
    pub id: String,
    pub anchor: String,
    pub name: String,
    pub asset_type: Option<String>,
    pub owner: Option<String>,
    pub classification: Option<&'static str>,
    pub classification_class: &'static str,
    pub supplier: Option<RecordLink>,
    /// The supplier id as written when it names no supplier record.
    pub supplier_unknown: Option<String>,
    pub location: Option<String>,
    pub risks: Vec<RecordLink>,
}

impl AssetView {
    pub fn new(isms: &Isms, asset: &Asset, root: &str) -> AssetView {
        let supplier = asset
            .supplier
            .as_ref()
            .and_then(|(id, _)| crate::kinds::supplier::find(isms, id))
            .filter(|s| s.doc.published)
            .map(|s| RecordLink {
                id: s.doc.id().to_string(),
                title: s.doc.source.front.title.clone(),
                href: document_href(root, s.doc),
            });
        let risks = crate::kinds::risk::risks(isms)
            .filter(|r| r.doc.published)
            .filter(|r| {
                r.risk
                    .assets
                    .iter()
                    .any(|a| a.value.eq_ignore_ascii_case(&asset.id))
            })
            .map(|r| RecordLink {
                id: r.doc.id().to_string(),
                title: r.doc.source.front.title.clone(),
                href: document_href(root, r.doc),
            })
            .collect();
        AssetView {
            id: asset.id.clone(),
            anchor: asset_anchor(&asset.id),
            name: asset.name.clone(),
            asset_type: asset.asset_type.clone(),
            owner: asset.owner.clone(),
            classification: asset.classification.map(|c| c.key()),
            classification_class: match asset.classification {
                Some(crate::source::Classification::Confidential) => "class-confidential",
                Some(crate::source::Classification::Restricted) => "class-restricted",
                Some(_) => "status-retired",
                None => "",
            },
            supplier_unknown: match (&supplier, &asset.supplier) {
                (None, Some((id, _))) => Some(id.clone()),
                _ => None,
            },
            supplier,
            location: asset.location.clone(),
            risks,
        }
    }
}

/// Every asset as a view, in file order.
pub fn views(isms: &Isms, root: &str) -> Vec<AssetView> {
    isms.data
        .assets
        .get()
        .iter()
        .flat_map(|r| &r.assets)
        .map(|a| AssetView::new(isms, a, root))
        .collect()
}

#[derive(Serialize)]
struct InventoryPage {
    assets: Vec<AssetView>,
    file: &'static str,
    without_owner: usize,
    with_risks: usize,
    types: Vec<Choice>,
    classifications: Vec<Choice>,
    owners: Vec<Choice>,
}

pub fn nav(isms: &Isms) -> Vec<(&'static str, &'static str, &'static str)> {
    if isms.data.assets.get().is_none() {
        return Vec::new();
    }
    vec![("assets", "Assets", PAGE)]
}

/// The home card: assets, those without an owner, those no risk names.
pub fn card(isms: &Isms) -> Option<crate::kinds::Card> {
    isms.data.assets.get()?;
    let all = views(isms, "");
    let figure = |label: &str, count: usize, class: &'static str| crate::kinds::Figure {
        label: label.to_string(),
        count,
        class,
        href: PAGE,
    };
    let without: Vec<(String, String, String)> = all
        .iter()
        .filter(|a| a.owner.is_none())
        .map(|a| (a.id.clone(), a.name.clone(), format!("{PAGE}#{}", a.anchor)))
        .collect();
    Some(crate::kinds::Card {
        key: "assets",
        heading: "Assets",
        figures: vec![
            figure("assets", all.len(), "status-approved"),
            figure("without an owner", without.len(), "review-overdue"),
            figure(
                "named by a risk",
                all.iter().filter(|a| !a.risks.is_empty()).count(),
                "status-in-review",
            ),
        ],
        attention_heading: "Without an owner".into(),
        attention: without,
        links: vec![("Asset inventory", PAGE), ("assets.csv", "assets.csv")],
        sparklines: Vec::new(),
    })
}

fn choices(mut values: Vec<String>) -> Vec<Choice> {
    values.sort_by(|a, b| crate::diagnostic::natural_cmp(a, b));
    values.dedup();
    values.iter().map(|v| Choice::new(v, v)).collect()
}

pub fn render_all(
    isms: &Isms,
    templates: &Templates,
    sink: &dyn PageSink,
) -> Result<usize, RenderError> {
    let Some(register) = isms.data.assets.get() else {
        return Ok(0);
    };
    let root = root_for(PAGE);
    let assets = views(isms, &root);
    let page = InventoryPage {
        file: register.file,
        without_owner: assets.iter().filter(|a| a.owner.is_none()).count(),
        with_risks: assets.iter().filter(|a| !a.risks.is_empty()).count(),
        types: choices(assets.iter().filter_map(|a| a.asset_type.clone()).collect()),
        classifications: crate::source::Classification::ALL
            .iter()
            .map(|c| Choice::new(c.key(), c.key()))
            .collect(),
        owners: choices(assets.iter().filter_map(|a| a.owner.clone()).collect()),
        assets,
    };
    render_page(
        isms,
        templates,
        sink,
        Page {
            path: PAGE,
            template: "assets.html",
            title: "Asset inventory",
            nav_key: "assets",
        },
        &page,
    )?;
    Ok(1)
}
