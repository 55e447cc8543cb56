//! Document identity: ids must be unique.

use crate::diagnostic::Diagnostic;
use crate::model::Isms;

/// `duplicate-id`: both places are shown.
pub fn duplicate_ids(isms: &Isms) -> Vec<Diagnostic> {
    isms.duplicates
        .iter()
        .map(|dup| {
            crate::lint::registry::DUPLICATE_ID
                .report(format!(
                    "the id `{}` is already used by {}",
                    dup.id, dup.first.file
                ))
                .at(dup.second.clone())
                .with_related(dup.first.clone(), "first used here")
                .with_help("give each document its own id; ids are compared without regard to case")
        })
        .collect()
}
