//! Every check annexa makes: pure functions from the model to diagnostics.

mod controls;
mod identity;
mod references;
mod registry;
mod soa;

pub use registry::{lint, Lint, LINTS};

use crate::diagnostic::Diagnostic;
use crate::model::Isms;

/// Runs every lint over the model. Diagnostics come back unsorted, at their default levels.
pub fn run(isms: &Isms) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    diagnostics.extend(identity::duplicate_ids(isms));
    diagnostics.extend(references::broken_references(isms));
    diagnostics.extend(controls::document_controls(isms));
    diagnostics.extend(soa::unjustified_exclusions(isms));
    diagnostics.extend(soa::missing_decisions(isms));
    diagnostics.extend(soa::uncovered_controls(isms));
    diagnostics.extend(soa::excluded_but_referenced(isms));
    diagnostics
}
