//! Control catalogues: the built-in ISO/IEC 27001:2022 and 2013 Annex A with the mapping between them.

mod control_id;
mod iso27001;

pub use control_id::{ControlId, ParsedControlRef};
pub use iso27001::{catalog, Catalog, Control, LegacyControl, Theme};
