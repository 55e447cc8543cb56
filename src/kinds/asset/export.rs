//! The inventory's exports: assets.csv (the columns assets.csv is read with, plus the risks
//! that name each asset) and the assets of annexa.json.

use crate::model::Isms;
use crate::render::exports::{csv_writer, export_error, into_bytes, write_safe_record};
use crate::render::{put, PageSink, RenderError};

use super::pages::views;

pub const COLUMNS: [&str; 8] = [
    "id",
    "name",
    "type",
    "owner",
    "classification",
    "supplier",
    "location",
    "risks",
];

/// `assets.csv`.
pub fn assets_csv(isms: &Isms) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv_writer();
    write_safe_record(&mut writer, COLUMNS)?;
    let register = isms.data.assets.get();
    for (asset, view) in register.iter().flat_map(|r| &r.assets).zip(views(isms, "")) {
        let risks: Vec<&str> = view.risks.iter().map(|r| r.id.as_str()).collect();
        let cells = [
            view.id.as_str(),
            view.name.as_str(),
            view.asset_type.as_deref().unwrap_or(""),
            view.owner.as_deref().unwrap_or(""),
            view.classification.unwrap_or(""),
            asset.supplier.as_ref().map_or("", |(s, _)| s.as_str()),
            view.location.as_deref().unwrap_or(""),
            &risks.join(", "),
        ];
        write_safe_record(&mut writer, cells)?;
    }
    into_bytes(writer)
}

/// The assets for annexa.json (None without an inventory).
pub fn json(isms: &Isms) -> Option<serde_json::Value> {
    isms.data.assets.get()?;
    crate::kinds::supplier::view::for_json(views(isms, ""))
}

pub fn write(isms: &Isms, sink: &dyn PageSink) -> Result<(), RenderError> {
    if isms.data.assets.get().is_none() {
        return Ok(());
    }
    let csv = assets_csv(isms).map_err(|e| export_error("assets.csv", e.to_string()))?;
    put(sink, "assets.csv", &csv)
}
