//! The management system (clauses 4–10): what fulfils each clause, the check that every item
//! of mandatory documented information is fulfilled, and the management system page.

pub mod fulfilment;
pub mod pages;

use crate::catalog::clauses::MANDATORY;
use crate::diagnostic::{Diagnostic, Level};
use crate::lint::registry::lint_def;
use crate::lint::Lint;
use crate::model::Isms;

pub const MANDATORY_INFORMATION_MISSING: Lint = lint_def(
    "mandatory-information-missing",
    Level::Warning,
    "an item of mandatory documented information (4.3, 5.2, 6.1.2, 6.1.3, 6.2, 7.2, 8.1, 8.2, 8.3, 9.1, 9.2, 9.3, 10.2) that no approved document or record fulfils",
);

pub const LINTS: &[Lint] = &[MANDATORY_INFORMATION_MISSING];

pub const REGISTER: super::Part = super::Part {
    key: "management-system",
    clauses: &[],
    lints: LINTS,
    check,
    pages: pages::render,
    nav: pages::nav,
    card: |_| None,
    exports: |_, _| Ok(()),
    json: |_| None,
    calendar: |_| Vec::new(),
};

/// One diagnostic per mandatory item that nothing fulfils.
pub fn check(isms: &Isms) -> Vec<Diagnostic> {
    if !fulfilment::in_use(isms) {
        return Vec::new();
    }
    MANDATORY
        .iter()
        .filter(|id| fulfilment::fulfillers(isms, id).is_empty())
        .map(|id| {
            let title = crate::catalog::clauses::clause(id).map_or("", |c| c.title.as_str());
            let what = fulfilment::mandatory(id).unwrap_or("documented information");
            MANDATORY_INFORMATION_MISSING
                .report(format!(
                    "nothing approved or recorded fulfils clause {id} ({title}): {}",
                    what
                ))
                .with_help(format!(
                    "add `clauses: [\"{id}\"]` to the approved document that fulfils it, or keep its records in annexa (see the README, \"Management system\")"
                ))
        })
        .collect()
}
