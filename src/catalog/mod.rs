//! Control catalogues: frameworks as data (built in and from `frameworks/*.yaml`), and the
//! ISO/IEC 27001:2022 and 2013 Annex A catalogue the pages use today.

mod builtin;
pub mod clauses;
mod control_id;
mod framework;
mod iso27001;
mod load;
mod transition;
mod user;

pub use builtin::{builtin, ISO_2013, ISO_2022, ISO_2022_CLAUSES, NIST_CSF_2};
pub use control_id::{ControlId, ParsedControlRef};
pub use framework::{
    control_slug, ControlRef, Framework, FrameworkControl, Frameworks, Group, IdSyntax, Mapping,
    Relationship, Resolution,
};
pub use iso27001::{catalog, Catalog, Control, LegacyControl, Theme};
pub use load::{load, FRAMEWORKS_DIR};
pub use transition::{successor_ids, successors, successors_in_words};
pub use user::{check_mappings, read_framework, UserFramework};
