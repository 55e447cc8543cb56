//! The built-in frameworks, from the YAML compiled into the binary: ISO/IEC 27001:2022
//! Annex A, its 2013 predecessor (mapped to 2022), ISO/IEC 27001:2022 clauses 4–10 and NIST
//! CSF 2.0 (mapped to ISO/IEC 27001:2022 by NIST's informative references).

use std::collections::{BTreeSet, HashMap};
use std::sync::OnceLock;

use serde::Deserialize;

use super::framework::{
    ControlRef, Framework, FrameworkControl, Group, IdSyntax, Mapping, Relationship,
};
use super::{catalog, Theme};

pub const ISO_2022: &str = "iso27001-2022";
pub const ISO_2013: &str = "iso27001-2013";
pub const ISO_2022_CLAUSES: &str = "iso27001-2022-clauses";
pub const NIST_CSF_2: &str = "nist-csf-2.0";

const CLAUSES: &str = include_str!("data/iso27001-2022-clauses.yaml");
const CSF: &str = include_str!("data/nist-csf-2.0.yaml");
const CSF_TO_ISO: &str = include_str!("data/nist-csf-2.0-to-iso27001-2022.yaml");

/// Every built-in framework, built on first use.
pub fn builtin() -> &'static [Framework] {
    static BUILTIN: OnceLock<Vec<Framework>> = OnceLock::new();
    BUILTIN.get_or_init(|| vec![iso_2022(), iso_2013(), clauses(), nist_csf()])
}

fn attribute(name: &str, values: &[String]) -> Option<(String, String)> {
    (!values.is_empty()).then(|| (name.to_string(), values.join(", ")))
}

fn iso_2022() -> Framework {
    let groups = Theme::ALL
        .iter()
        .map(|t| Group {
            id: t.key().to_string(),
            title: format!("{} controls ({})", t.label(), t.clause()),
        })
        .collect();
    let controls = catalog()
        .controls
        .iter()
        .map(|c| {
            let a = &c.attributes;
            let attributes = [
                attribute("Control type", &a.control_type),
                attribute("Security properties", &a.security_properties),
                attribute("Cybersecurity concepts", &a.cybersecurity_concepts),
                attribute("Operational capabilities", &a.operational_capabilities),
                attribute("Security domains", &a.security_domains),
            ];
            FrameworkControl {
                id: c.id.to_string(),
                title: c.title.clone(),
                group: Some(c.theme.key().to_string()),
                description: None,
                attributes: attributes.into_iter().flatten().collect(),
            }
        })
        .collect();
    Framework::new(
        ISO_2022,
        "ISO/IEC 27001:2022 Annex A",
        "2022",
        IdSyntax::AnnexA,
        groups,
        controls,
        Vec::new(),
    )
}

/// The 2013 catalogue; each control maps to its 2022 successor(s): `equivalent` when the
/// two are one-to-one, `subset` when it merged into a successor with others, `intersects`
/// when it was split over several.
fn iso_2013() -> Framework {
    let legacy = &catalog().legacy;
    let mut predecessors: HashMap<&str, usize> = HashMap::new();
    for control in legacy {
        for successor in &control.successors {
            *predecessors.entry(successor.as_str()).or_default() += 1;
        }
    }
    let mut groups: Vec<Group> = Vec::new();
    let mut controls = Vec::with_capacity(legacy.len());
    let mut mappings = Vec::new();
    for control in legacy {
        if groups.last().is_none_or(|g| g.id != control.domain) {
            groups.push(Group {
                id: control.domain.clone(),
                title: control.domain_title.clone(),
            });
        }
        controls.push(FrameworkControl {
            id: control.id.to_string(),
            title: control.title.clone(),
            group: Some(control.domain.clone()),
            description: None,
            attributes: Vec::new(),
        });
        for successor in &control.successors {
            let relationship = match (control.successors.len(), predecessors[successor.as_str()]) {
                (1, 1) => Relationship::Equivalent,
                (1, _) => Relationship::Subset,
                _ => Relationship::Intersects,
            };
            mappings.push(Mapping {
                from: control.id.to_string(),
                to: ControlRef {
                    framework: ISO_2022.to_string(),
                    control: successor.to_string(),
                },
                relationship,
            });
        }
    }
    Framework::new(
        ISO_2013,
        "ISO/IEC 27001:2013 Annex A",
        "2013",
        IdSyntax::AnnexA,
        groups,
        controls,
        mappings,
    )
}

#[derive(Deserialize)]
struct ClausesFile {
    clauses: Vec<RawClause>,
}

#[derive(Deserialize)]
struct RawClause {
    id: String,
    title: String,
    requires: Option<Requirement>,
}

#[derive(Deserialize)]
struct Requirement {
    kind: String,
    what: String,
}

/// Clauses 4–10; a top-level clause is a group and a control (it can be cited itself).
fn clauses() -> Framework {
    // Compiled in and checked by the tests below: a failure is a bug in annexa.
    let file: ClausesFile = serde_yaml::from_str(CLAUSES).expect("built-in clauses are valid YAML");
    let groups = file
        .clauses
        .iter()
        .filter(|c| !c.id.contains('.'))
        .map(|c| Group {
            id: c.id.clone(),
            title: c.title.clone(),
        })
        .collect();
    let controls = file
        .clauses
        .into_iter()
        .map(|c| {
            let group = c.id.split('.').next().map(str::to_string);
            let attributes = c
                .requires
                .map(|r| {
                    let kind = match r.kind.as_str() {
                        "document" => "Documented information to maintain",
                        "record" => "Documented information to retain",
                        _ => "Documented information",
                    };
                    vec![(kind.to_string(), r.what)]
                })
                .unwrap_or_default();
            FrameworkControl {
                id: c.id,
                title: c.title,
                group,
                description: None,
                attributes,
            }
        })
        .collect();
    Framework::new(
        ISO_2022_CLAUSES,
        "ISO/IEC 27001:2022 clauses 4–10",
        "2022",
        IdSyntax::Exact,
        groups,
        controls,
        Vec::new(),
    )
    .with_noun("clause", "clauses")
}

#[derive(Deserialize)]
struct CsfFunction {
    id: String,
    name: String,
    categories: Vec<CsfCategory>,
}

#[derive(Deserialize)]
struct CsfCategory {
    id: String,
    name: String,
    subcategories: Vec<CsfSubcategory>,
}

#[derive(Deserialize)]
struct CsfSubcategory {
    id: String,
    text: String,
}

#[derive(Deserialize)]
struct CsfMappingFile {
    mappings: Vec<CsfMapping>,
}

#[derive(Deserialize)]
struct CsfMapping {
    csf: String,
    iso: Vec<String>,
}

/// NIST CSF 2.0: categories are the groups, a subcategory's outcome is its title, its
/// function an attribute. Mappings are NIST's informative references to ISO/IEC 27001:2022
/// (Annex A ids to `iso27001-2022`, clause numbers to `iso27001-2022-clauses`), all `related`.
fn nist_csf() -> Framework {
    let functions: Vec<CsfFunction> =
        serde_yaml::from_str(CSF).expect("built-in NIST CSF 2.0 is valid YAML");
    let file: CsfMappingFile =
        serde_yaml::from_str(CSF_TO_ISO).expect("built-in CSF mapping is valid YAML");
    let mut groups = Vec::new();
    let mut controls = Vec::new();
    for function in functions {
        for category in function.categories {
            groups.push(Group {
                id: category.id.clone(),
                title: category.name,
            });
            for sub in category.subcategories {
                controls.push(FrameworkControl {
                    id: sub.id,
                    title: sub.text,
                    group: Some(category.id.clone()),
                    description: None,
                    attributes: vec![(
                        "Function".to_string(),
                        format!("{} ({})", function.name, function.id),
                    )],
                });
            }
        }
    }
    let mut mappings = Vec::new();
    for mapping in file.mappings {
        // One entry may hold several ids ("4.1, 6.1"); a list item ("4.2(a)") maps to its
        // clause.
        let targets: BTreeSet<ControlRef> = mapping
            .iso
            .iter()
            .flat_map(|entry| entry.split(','))
            .map(|id| id.trim().split('(').next().unwrap_or("").to_string())
            .filter(|id| !id.is_empty())
            .map(|id| ControlRef {
                framework: if id.starts_with("A.") {
                    ISO_2022
                } else {
                    ISO_2022_CLAUSES
                }
                .to_string(),
                control: id,
            })
            .collect();
        mappings.extend(targets.into_iter().map(|to| Mapping {
            from: mapping.csf.clone(),
            to,
            relationship: Relationship::Related,
        }));
    }
    Framework::new(
        NIST_CSF_2,
        "NIST Cybersecurity Framework 2.0",
        "2.0",
        IdSyntax::Exact,
        groups,
        controls,
        mappings,
    )
    .with_noun("subcategory", "subcategories")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn get(id: &str) -> &'static Framework {
        builtin().iter().find(|f| f.id == id).unwrap()
    }

    #[test]
    fn counts_match_the_reference_data() {
        assert_eq!(get(ISO_2022).controls.len(), 93);
        assert_eq!(get(ISO_2022).groups.len(), 4);
        assert_eq!(get(ISO_2013).controls.len(), 114);
        assert_eq!(get(ISO_2013).groups.len(), 14);
        assert_eq!(get(ISO_2013).mappings.len(), 115);
        let csf = get(NIST_CSF_2);
        assert_eq!(csf.controls.len(), 106);
        assert_eq!(csf.groups.len(), 22);
        let clauses = get(ISO_2022_CLAUSES);
        assert_eq!(clauses.groups.len(), 7);
        assert!(clauses.control("6.1.2").is_some());
    }

    #[test]
    fn every_mapping_lands_on_a_built_in_control() {
        for framework in builtin() {
            for mapping in &framework.mappings {
                assert!(framework.control(&mapping.from).is_some(), "{mapping:?}");
                let target = get(&mapping.to.framework);
                assert!(target.control(&mapping.to.control).is_some(), "{mapping:?}");
            }
        }
    }

    #[test]
    fn control_pages_have_distinct_names() {
        for framework in builtin() {
            let mut slugs: Vec<String> = framework
                .controls
                .iter()
                .map(|c| super::super::control_slug(&c.id))
                .collect();
            slugs.sort();
            let before = slugs.len();
            slugs.dedup();
            assert_eq!(before, slugs.len(), "{}", framework.id);
        }
    }

    #[test]
    fn mapping_relationships() {
        let iso13 = get(ISO_2013);
        let of = |id: &str| -> Vec<(String, Relationship)> {
            iso13
                .mappings_from(id)
                .map(|m| (m.to.control.clone(), m.relationship))
                .collect()
        };
        // A.5.1.1 and A.5.1.2 both became A.5.1.
        assert_eq!(of("A.5.1.1"), [("A.5.1".to_string(), Relationship::Subset)]);
        // A.18.2.3 was split over A.5.36 and A.8.8.
        assert_eq!(of("A.18.2.3").len(), 2);
        assert!(of("A.18.2.3")
            .iter()
            .all(|(_, r)| *r == Relationship::Intersects));
        let csf = get(NIST_CSF_2);
        let targets: Vec<String> = csf
            .mappings_from("GV.OC-01")
            .map(|m| m.to.to_string())
            .collect();
        assert!(
            targets.contains(&"iso27001-2022-clauses:4.1".to_string()),
            "{targets:?}"
        );
        assert!(csf
            .mappings
            .iter()
            .all(|m| m.relationship == Relationship::Related));
    }
}
