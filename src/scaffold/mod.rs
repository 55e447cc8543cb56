//! Creating files for the author: a starter ISMS (`annexa init`), a new document with the
//! next free id (`annexa new`), decision stubs in soa.yaml (`annexa soa add-missing`), front
//! matter for plain Markdown policies (`annexa import markdown`).

mod ids;
mod import;
mod init;
mod new_document;
mod skeleton;
mod soa_stubs;
mod starter;

pub use import::{import_markdown, ImportOptions, ImportReport, Imported, Outcome};
pub use init::{init, InitOptions, InitReport, Starter};
pub use new_document::{new_document, NewDocument, SimilarDocument};
pub use soa_stubs::{add_missing, AddedStubs, StubError};
