//! Document identity: ids must be unique.

use crate::diagnostic::{Diagnostic, Level};
use crate::model::Isms;

/// `duplicate-id`: both places are shown.
pub fn duplicate_ids(isms: &Isms) -> Vec<Diagnostic> {
    isms.duplicates
        .iter()
        .map(|dup| {
            Diagnostic::new(
                "duplicate-id",
                Level::Error,
                format!("the id `{}` is already used by {}", dup.id, dup.first.file),
            )
            .at(dup.second.clone())
            .with_related(dup.first.clone(), "first used here")
            .with_help("give each document its own id; ids are compared without regard to case")
        })
        .collect()
}
