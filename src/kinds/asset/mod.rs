//! The asset inventory (A.5.9): assets.yaml or assets.csv, its lints (an asset without an
//! owner, a supplier or asset id that resolves to nothing), the inventory page with the risks
//! per asset, assets.csv and the assets of annexa.json.

pub mod csv_cells;
pub mod export;
pub mod file;
pub mod lints;
pub mod pages;

pub use file::{Asset, AssetRegister};

use super::Part;

pub const PART: Part = Part {
    key: "assets",
    clauses: &[],
    lints: lints::LINTS,
    check: lints::check,
    pages: pages::render_all,
    nav: pages::nav,
    card: pages::card,
    exports: export::write,
    json: export::json,
    calendar: no_calendar,
};

/// Assets have no dates.
fn no_calendar(_: &crate::model::Isms) -> Vec<super::CalendarEntry> {
    Vec::new()
}
