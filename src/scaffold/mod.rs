//! Creating files for the author: a starter project (`annexa init`) and a new document with
//! the next free id (`annexa new`).

mod init;
mod new_document;

pub use init::{init, InitReport};
pub use new_document::{new_document, NewDocument};
