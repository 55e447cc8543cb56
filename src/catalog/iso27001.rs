//! The built-in ISO/IEC 27001:2022 Annex A catalogue, the 2013 catalogue and the 2013→2022 mapping.
//!
//! The data is copied from `shared/reference/` into `data/` and compiled into the binary; it is
//! parsed once, on first use.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::ControlId;

const ANNEX_A_2022: &str = include_str!("data/iso27001-2022-annex-a.yaml");
const ANNEX_A_2013: &str = include_str!("data/iso27001-2013-annex-a.yaml");
const MAPPING_2013_TO_2022: &str = include_str!("data/iso27001-2013-to-2022.yaml");

/// The four themes of ISO/IEC 27001:2022 Annex A, in catalogue order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    Organizational,
    People,
    Physical,
    Technological,
}

impl Theme {
    pub const ALL: [Theme; 4] = [
        Theme::Organizational,
        Theme::People,
        Theme::Physical,
        Theme::Technological,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Theme::Organizational => "Organizational",
            Theme::People => "People",
            Theme::Physical => "Physical",
            Theme::Technological => "Technological",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Theme::Organizational => "organizational",
            Theme::People => "people",
            Theme::Physical => "physical",
            Theme::Technological => "technological",
        }
    }

    /// The clause of Annex A the theme occupies (`A.5` … `A.8`).
    pub fn clause(self) -> &'static str {
        match self {
            Theme::Organizational => "A.5",
            Theme::People => "A.6",
            Theme::Physical => "A.7",
            Theme::Technological => "A.8",
        }
    }
}

/// The ISO/IEC 27002:2022 attribute values of a control (Table A.1), lower case, no `#`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Attributes {
    pub control_type: Vec<String>,
    pub security_properties: Vec<String>,
    pub cybersecurity_concepts: Vec<String>,
    pub operational_capabilities: Vec<String>,
    pub security_domains: Vec<String>,
}

/// One ISO/IEC 27001:2022 Annex A control.
#[derive(Clone, Debug, Serialize)]
pub struct Control {
    pub id: ControlId,
    pub title: String,
    pub theme: Theme,
    pub new_in_2022: bool,
    pub attributes: Attributes,
    /// The 2013 controls this control replaces (empty for the 11 new controls).
    pub replaces: Vec<ControlId>,
}

/// One ISO/IEC 27001:2013 Annex A control and its 2022 successor(s).
#[derive(Clone, Debug, Serialize)]
pub struct LegacyControl {
    pub id: ControlId,
    pub title: String,
    /// The 2013 clause it sits under (`A.12`) and its heading.
    pub domain: String,
    pub domain_title: String,
    pub successors: Vec<ControlId>,
}

/// Both catalogues with lookups by id.
pub struct Catalog {
    pub controls: Vec<Control>,
    pub legacy: Vec<LegacyControl>,
    by_id: HashMap<ControlId, usize>,
    legacy_by_id: HashMap<ControlId, usize>,
}

impl Catalog {
    pub fn control(&self, id: &ControlId) -> Option<&Control> {
        self.by_id.get(id).map(|&i| &self.controls[i])
    }

    /// Position of a control in catalogue order.
    pub fn position(&self, id: &ControlId) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    pub fn legacy_control(&self, id: &ControlId) -> Option<&LegacyControl> {
        self.legacy_by_id.get(id).map(|&i| &self.legacy[i])
    }

    /// The 2022 id closest in spelling to `text`, for did-you-mean help.
    pub fn closest_control(&self, text: &str) -> Option<&Control> {
        self.controls
            .iter()
            .map(|c| (strsim::levenshtein(c.id.as_str(), text), c))
            .filter(|(distance, _)| *distance <= 2)
            .min_by_key(|(distance, _)| *distance)
            .map(|(_, c)| c)
    }
}

#[derive(Deserialize)]
struct RawControl2022 {
    id: String,
    title: String,
    theme: Theme,
    new_in_2022: bool,
    #[serde(flatten)]
    attributes: Attributes,
}

#[derive(Deserialize)]
struct RawControl2013 {
    id: String,
    title: String,
    domain: String,
    domain_title: String,
}

#[derive(Deserialize)]
struct RawMappingFile {
    mappings: Vec<RawMapping>,
}

#[derive(Deserialize)]
struct RawMapping {
    from: String,
    to: Vec<String>,
}

/// The built-in catalogue, parsed on first use.
pub fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(parse_builtin)
}

fn parse_builtin() -> Catalog {
    // The data is compiled in and checked by the tests below: a failure here is a bug in
    // annexa, never a user's error.
    let raw_2022: Vec<RawControl2022> =
        serde_yaml::from_str(ANNEX_A_2022).expect("built-in 2022 catalogue is valid YAML");
    let raw_2013: Vec<RawControl2013> =
        serde_yaml::from_str(ANNEX_A_2013).expect("built-in 2013 catalogue is valid YAML");
    let mapping: RawMappingFile =
        serde_yaml::from_str(MAPPING_2013_TO_2022).expect("built-in mapping is valid YAML");

    let successors: HashMap<String, Vec<ControlId>> = mapping
        .mappings
        .into_iter()
        .map(|m| (m.from, m.to.into_iter().map(ControlId::from_data).collect()))
        .collect();

    let legacy: Vec<LegacyControl> = raw_2013
        .into_iter()
        .map(|raw| LegacyControl {
            successors: successors.get(&raw.id).cloned().unwrap_or_default(),
            id: ControlId::from_data(raw.id),
            title: raw.title,
            domain: raw.domain,
            domain_title: raw.domain_title,
        })
        .collect();

    let controls: Vec<Control> = raw_2022
        .into_iter()
        .map(|raw| {
            let id = ControlId::from_data(raw.id);
            let replaces = legacy
                .iter()
                .filter(|l| l.successors.contains(&id))
                .map(|l| l.id.clone())
                .collect();
            Control {
                id,
                title: raw.title,
                theme: raw.theme,
                new_in_2022: raw.new_in_2022,
                attributes: raw.attributes,
                replaces,
            }
        })
        .collect();

    let by_id = controls
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.clone(), i))
        .collect();
    let legacy_by_id = legacy
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.clone(), i))
        .collect();
    Catalog {
        controls,
        legacy,
        by_id,
        legacy_by_id,
    }
}

impl ControlId {
    fn from_data(id: String) -> ControlId {
        match super::ParsedControlRef::parse(&id) {
            Some(super::ParsedControlRef::Current(c) | super::ParsedControlRef::Legacy(c)) => c,
            None => panic!("built-in catalogue holds a malformed id: {id}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Counts straight from the reference files, by text, not through the parser under test.
    fn count_entries(text: &str) -> usize {
        text.lines().filter(|l| l.starts_with("- id: ")).count()
    }

    #[test]
    fn counts_match_the_reference_files() {
        let c = catalog();
        assert_eq!(c.controls.len(), 93);
        assert_eq!(c.controls.len(), count_entries(ANNEX_A_2022));
        let per_theme: Vec<usize> = Theme::ALL
            .iter()
            .map(|t| c.controls.iter().filter(|x| x.theme == *t).count())
            .collect();
        assert_eq!(per_theme, vec![37, 8, 14, 34]);
        assert_eq!(c.legacy.len(), 114);
        assert_eq!(c.legacy.len(), count_entries(ANNEX_A_2013));
        let pairs: usize = c.legacy.iter().map(|l| l.successors.len()).sum();
        assert_eq!(pairs, 115);
        let new: Vec<&str> = c
            .controls
            .iter()
            .filter(|x| x.new_in_2022)
            .map(|x| x.id.as_str())
            .collect();
        assert_eq!(new.len(), 11);
        // The mapping file's own list of new controls agrees with the catalogue's flags,
        // and exactly those have no 2013 predecessor.
        let listed = MAPPING_2013_TO_2022
            .lines()
            .find_map(|l| l.strip_prefix("new_in_2022: ["))
            .expect("mapping lists new controls");
        let listed: Vec<&str> = listed.trim_end_matches(']').split(", ").collect();
        assert_eq!(new, listed);
        let without_predecessor: Vec<&str> = c
            .controls
            .iter()
            .filter(|x| x.replaces.is_empty())
            .map(|x| x.id.as_str())
            .collect();
        assert_eq!(without_predecessor, listed);
    }

    #[test]
    fn lookups() {
        let c = catalog();
        let id = ControlId("A.5.15".into());
        assert_eq!(
            c.control(&id).map(|x| x.title.as_str()),
            Some("Access control")
        );
        let legacy = c
            .legacy_control(&ControlId("A.18.2.3".into()))
            .expect("A.18.2.3 exists");
        let succ: Vec<&str> = legacy.successors.iter().map(|s| s.as_str()).collect();
        assert_eq!(succ, vec!["A.5.36", "A.8.8"]);
        assert_eq!(
            c.closest_control("A.5.51").map(|x| x.id.as_str()),
            Some("A.5.1")
        );
        assert!(c.position(&ControlId("A.5.2".into())) < c.position(&ControlId("A.5.10".into())));
    }
}
