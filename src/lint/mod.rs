//! Every check annexa makes: pure functions from the model to diagnostics.

mod aliases;
mod applicability;
mod controls;
mod external;
mod history;
mod identity;
mod levels;
mod navigation;
mod owners;
mod raw_html;
mod references;
pub mod registry;
mod reviews;
mod soa;
mod soa_control;
mod status;
mod status_links;

pub use levels::{LintFlags, LintLevels};
pub use registry::{lint, Lint, INVALID_APPLICABILITY, INVALID_FRAMEWORK, LINTS, UNKNOWN_FIELD};

use crate::diagnostic::Diagnostic;
use crate::model::Isms;

/// Runs every lint over the model. Diagnostics come back unsorted, at their default levels.
pub fn run(isms: &Isms) -> Vec<Diagnostic> {
    use rayon::prelude::*;
    type LintFn = fn(&Isms) -> Vec<Diagnostic>;
    const LINTS_IN_ORDER: &[LintFn] = &[
        identity::duplicate_ids,
        references::broken_references,
        external::external_images,
        aliases::alias_conflicts,
        controls::document_controls,
        soa::unjustified_exclusions,
        soa::empty_justifications,
        soa::missing_decisions,
        soa::uncovered_controls,
        soa::excluded_but_referenced,
        applicability::missing_decisions,
        applicability::justifications,
        applicability::missing_reasons,
        applicability::uncovered_controls,
        applicability::excluded_but_referenced,
        soa_control::missing_reasons,
        soa_control::changed_after_approval,
        soa_control::review,
        soa_control::owners,
        reviews::review_dates,
        status::missing_status,
        status_links::links_by_status,
        owners::missing_owners,
        owners::unknown_owners,
        raw_html::too_complex,
        raw_html::repeated_titles,
        navigation::unknown_pinned,
        history::shallow,
        history::changed_after_approval,
        history::review_ahead,
    ];
    let kinds = crate::kinds::parts().map(|p| p.check);
    LINTS_IN_ORDER
        .iter()
        .copied()
        .chain(kinds)
        .collect::<Vec<LintFn>>()
        .par_iter()
        .map(|lint| lint(isms))
        .collect::<Vec<_>>()
        .concat()
}
