//! Creating files for the author: a starter project (`annexa init`) and a new document with
//! the next free id (`annexa new`), decision stubs in soa.yaml (`annexa soa add-missing`).

mod init;
mod new_document;
mod soa_stubs;

pub use init::{init, InitReport};
pub use new_document::{new_document, NewDocument};
pub use soa_stubs::{add_missing, AddedStubs, StubError};
