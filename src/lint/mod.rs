//! Every check annexa makes: pure functions from the model to diagnostics.

mod controls;
mod identity;
mod levels;
mod owners;
mod raw_html;
mod references;
mod registry;
mod reviews;
mod soa;
mod status_links;

pub use levels::{LintFlags, LintLevels};
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
    diagnostics.extend(reviews::review_dates(isms));
    diagnostics.extend(status_links::links_by_status(isms));
    diagnostics.extend(owners::missing_owners(isms));
    diagnostics.extend(owners::unknown_owners(isms));
    diagnostics.extend(raw_html::too_complex(isms));
    diagnostics
}
