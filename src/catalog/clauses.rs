//! The clauses 4–10 of ISO/IEC 27001:2022 as the management system sees them: which ids
//! exist, which one a misspelt id meant, which clause covers which (a clause covers its
//! sub-clauses), and the items of mandatory documented information.

use super::builtin::{builtin, ISO_2022_CLAUSES};
use super::framework::{Framework, FrameworkControl};

/// The clauses whose documented information ISO/IEC 27001:2022 requires (DESIGN.md,
/// "Management system"): what the management system check asks something to fulfil.
pub const MANDATORY: &[&str] = &[
    "4.3", "5.2", "6.1.2", "6.1.3", "6.2", "7.2", "8.1", "8.2", "8.3", "9.1", "9.2", "9.3", "10.2",
];

/// The built-in clause catalogue.
pub fn clause_framework() -> &'static Framework {
    builtin()
        .iter()
        .find(|f| f.id == ISO_2022_CLAUSES)
        .expect("the clause catalogue is built in")
}

/// The clause `id` (exactly as in the catalogue: `6.1.2`), if there is one.
pub fn clause(id: &str) -> Option<&'static FrameworkControl> {
    clause_framework().control(id.trim())
}

/// The clause id closest in spelling to `written`, for did-you-mean help.
pub fn closest_clause(written: &str) -> Option<&'static str> {
    crate::diagnostic::did_you_mean(
        written.trim(),
        clause_framework().controls.iter().map(|c| c.id.as_str()),
    )
}

/// Whether clause `outer` covers clause `inner`: the same clause, or one of its sub-clauses
/// (`6.1` covers 6.1.2; `6` covers 6.1 and 6.1.2; `6.1` does not cover `6.10`).
pub fn covers(outer: &str, inner: &str) -> bool {
    inner == outer
        || inner
            .strip_prefix(outer)
            .is_some_and(|rest| rest.starts_with('.'))
}

/// Whether naming `written` in an audit's scope or a document's `clauses:` touches clause
/// `clause`: it covers it (`6` → 6.1), or is one of its sub-clauses (`9.2.2` → 9.2).
pub fn touches(written: &str, clause: &str) -> bool {
    covers(written, clause) || covers(clause, written)
}

/// The sections the coverage matrices and the management system page list: every clause
/// with one dot (4.1 … 10.2), in catalogue order.
pub fn sections() -> impl Iterator<Item = &'static FrameworkControl> {
    clause_framework()
        .controls
        .iter()
        .filter(|c| c.id.matches('.').count() == 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clause_covers_its_sub_clauses_only() {
        for (outer, inner, expected) in [
            ("6.1", "6.1.2", true),
            ("6", "6.1.2", true),
            ("6.1", "6.1", true),
            ("6.1", "6.10", false),
            ("6.1.2", "6.1", false),
            ("1", "10.2", false),
        ] {
            assert_eq!(covers(outer, inner), expected, "{outer} {inner}");
        }
        assert!(touches("9.2.2", "9.2"));
        assert!(!touches("9.2.2", "9.3"));
    }

    #[test]
    fn the_catalogue_knows_every_mandatory_clause_and_the_sections() {
        for id in MANDATORY {
            assert!(clause(id).is_some(), "{id}");
        }
        let ids: Vec<&str> = sections().map(|c| c.id.as_str()).collect();
        assert_eq!(ids.first(), Some(&"4.1"));
        assert_eq!(ids.last(), Some(&"10.2"));
        assert_eq!(ids.len(), 23);
        assert_eq!(closest_clause("6.1.22"), Some("6.1.2"));
        assert!(clause("11").is_none());
    }
}
