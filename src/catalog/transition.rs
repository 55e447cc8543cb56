//! The 2013 → 2022 transition as the mapping between the two built-in ISO frameworks: the
//! successors of a 2013 control, and the one way they are written (the `legacy-control`
//! lint, document pages, links and the transition page all use these).

use super::builtin::{builtin, ISO_2013, ISO_2022};
use super::{catalog, Control, ControlId};

/// The 2022 controls a 2013 control became, in the mapping's order.
pub fn successors(legacy: &ControlId) -> Vec<&'static Control> {
    let Some(iso_2013) = builtin().iter().find(|f| f.id == ISO_2013) else {
        return Vec::new();
    };
    iso_2013
        .mappings_from(legacy.as_str())
        .filter(|m| m.to.framework == ISO_2022)
        .filter_map(|m| catalog().control(&ControlId(m.to.control.clone())))
        .collect()
}

/// `A.5.36, A.8.8`: the successors by id.
pub fn successor_ids(legacy: &ControlId) -> String {
    successors(legacy)
        .iter()
        .map(|c| c.id.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// `A.5.36 (Compliance with policies, rules and standards for information security) and
/// A.8.8 (Management of technical vulnerabilities)`: the successors with their titles.
pub fn successors_in_words(legacy: &ControlId) -> String {
    successors(legacy)
        .iter()
        .map(|c| format!("{} ({})", c.id, c.title))
        .collect::<Vec<_>>()
        .join(" and ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn successors_come_from_the_mapping() {
        let split = ControlId("A.18.2.3".into());
        assert_eq!(successor_ids(&split), "A.5.36, A.8.8");
        assert!(successors_in_words(&split)
            .contains(" and A.8.8 (Management of technical vulnerabilities)"));
        let merged = ControlId("A.5.1.2".into());
        assert_eq!(successor_ids(&merged), "A.5.1");
        // Every 2013 control has a successor.
        for legacy in &catalog().legacy {
            assert!(!successors(&legacy.id).is_empty(), "{}", legacy.id);
        }
    }
}
