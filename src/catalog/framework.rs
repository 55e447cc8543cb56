//! A framework as data: a catalogue of controls in optional groups, how its ids may be
//! written, and its mappings to other frameworks' controls. Built-in and user frameworks are
//! the same type; [`Frameworks`] is the set a project knows and resolves references in.

use std::collections::HashMap;

use crate::diagnostic::did_you_mean;

/// How a framework's control ids may be written in `controls:` and `[[…]]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IdSyntax {
    /// As listed, ignoring case (`PR.AA-01`, `pr.aa-01`).
    Exact,
    /// ISO Annex A style: the `A.` prefix is optional and numbers may have leading zeros
    /// (`A.5.15`, `a.5.15`, `5.15`, `A.05.15`).
    AnnexA,
}

/// How a mapped control relates to its target (DESIGN.md, "Frameworks").
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Relationship {
    Equivalent,
    Subset,
    Superset,
    Intersects,
    Related,
}

impl Relationship {
    pub const KEYS: [&'static str; 5] =
        ["equivalent", "subset", "superset", "intersects", "related"];

    pub fn from_key(key: &str) -> Option<Relationship> {
        Some(match key {
            "equivalent" => Relationship::Equivalent,
            "subset" => Relationship::Subset,
            "superset" => Relationship::Superset,
            "intersects" => Relationship::Intersects,
            "related" => Relationship::Related,
            _ => return None,
        })
    }

    pub fn key(self) -> &'static str {
        Relationship::KEYS[self as usize]
    }
}

/// A group of controls (an ISO theme, a CSF category).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    pub id: String,
    pub title: String,
}

/// One control of a framework.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FrameworkControl {
    pub id: String,
    pub title: String,
    /// The id of its group, one of the framework's `groups`.
    pub group: Option<String>,
    pub description: Option<String>,
    /// Further facts shown on the control's page, in order (name, value).
    pub attributes: Vec<(String, String)>,
}

/// A control of some framework: `framework:ID` once resolved.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ControlRef {
    pub framework: String,
    pub control: String,
}

impl std::fmt::Display for ControlRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.framework, self.control)
    }
}

/// One control of this framework mapped to a control of another.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mapping {
    pub from: String,
    pub to: ControlRef,
    pub relationship: Relationship,
}

#[derive(Clone, Debug)]
pub struct Framework {
    /// Used in URLs and in `framework:ID` references.
    pub id: String,
    pub name: String,
    pub version: String,
    pub syntax: IdSyntax,
    pub groups: Vec<Group>,
    pub controls: Vec<FrameworkControl>,
    pub mappings: Vec<Mapping>,
    /// What the framework calls its controls, singular and plural (NIST CSF: subcategory).
    pub noun: (String, String),
    /// Control position by its id in lower case.
    by_id: HashMap<String, usize>,
}

impl Framework {
    pub fn new(
        id: impl Into<String>,
        name: impl Into<String>,
        version: impl Into<String>,
        syntax: IdSyntax,
        groups: Vec<Group>,
        controls: Vec<FrameworkControl>,
        mappings: Vec<Mapping>,
    ) -> Framework {
        let by_id = controls
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.to_lowercase(), i))
            .collect();
        Framework {
            id: id.into(),
            name: name.into(),
            version: version.into(),
            syntax,
            groups,
            controls,
            mappings,
            noun: ("control".to_string(), "controls".to_string()),
            by_id,
        }
    }

    /// The framework with its own word for a control (`subcategory`, `subcategories`).
    pub fn with_noun(mut self, singular: &str, plural: &str) -> Framework {
        self.noun = (singular.to_string(), plural.to_string());
        self
    }

    /// The control written exactly (ignoring case) as `id`.
    pub fn control(&self, id: &str) -> Option<&FrameworkControl> {
        self.by_id
            .get(&id.trim().to_lowercase())
            .map(|&i| &self.controls[i])
    }

    /// Where the control written exactly (ignoring case) as `id` stands in the catalogue.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.by_id.get(&id.trim().to_lowercase()).copied()
    }

    /// The control `written` names in this framework's id syntax, and whether it was written
    /// exactly as listed (a loose spelling such as `5.1` for `A.5.1` loses to an exact one in
    /// another framework).
    pub fn find(&self, written: &str) -> Option<(&FrameworkControl, bool)> {
        if let Some(control) = self.control(written) {
            return Some((control, true));
        }
        match self.syntax {
            IdSyntax::Exact => None,
            IdSyntax::AnnexA => {
                let normalised = annex_a_form(written)?;
                self.control(&normalised).map(|c| (c, false))
            }
        }
    }

    pub fn group(&self, id: &str) -> Option<&Group> {
        self.groups.iter().find(|g| g.id == id)
    }

    /// The mappings from one of this framework's controls.
    pub fn mappings_from<'a>(&'a self, control: &'a str) -> impl Iterator<Item = &'a Mapping> {
        self.mappings.iter().filter(move |m| m.from == control)
    }
}

/// The file-name form of a control id: lower case, every run of other characters than
/// letters and digits one `-` (`PR.AA-01` → `pr-aa-01`).
pub fn control_slug(id: &str) -> String {
    let mut slug = String::with_capacity(id.len());
    for c in id.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_matches('-').to_string()
}

/// `5.15`, `a.05.15` → `A.5.15`; None when the text is not numbers joined by dots.
fn annex_a_form(written: &str) -> Option<String> {
    let t = written.trim();
    let numbers = t
        .strip_prefix("A.")
        .or_else(|| t.strip_prefix("a."))
        .unwrap_or(t);
    let parts: Vec<&str> = numbers.split('.').collect();
    let numeric = parts
        .iter()
        .all(|p| !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit()));
    if !numeric || parts.len() < 2 {
        return None;
    }
    let parts: Vec<&str> = parts
        .iter()
        .map(|p| match p.trim_start_matches('0') {
            "" => "0",
            rest => rest,
        })
        .collect();
    Some(format!("A.{}", parts.join(".")))
}

/// What a control reference written by a user names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Resolution {
    Found(ControlRef),
    /// Several enabled frameworks list the id (their ids, in the order enabled).
    Ambiguous(Vec<ControlRef>),
    /// `framework:ID` with a framework nobody enabled or defined; perhaps this one was meant.
    UnknownFramework {
        framework: String,
        suggestion: Option<String>,
    },
    /// No enabled framework lists it; perhaps this qualified id was meant.
    Unknown {
        suggestion: Option<ControlRef>,
    },
}

/// The frameworks of a project: every one it can name, and those it enabled in annexa.toml.
#[derive(Clone, Debug, Default)]
pub struct Frameworks {
    all: Vec<Framework>,
    enabled: Vec<usize>,
}

impl Frameworks {
    /// `all` with the frameworks named in `enabled` switched on (unknown names are for the
    /// caller to report: see [`Frameworks::unknown`]).
    pub fn new(all: Vec<Framework>, enabled: &[&str]) -> Frameworks {
        let enabled = enabled
            .iter()
            .filter_map(|id| all.iter().position(|f| f.id == *id))
            .collect();
        Frameworks { all, enabled }
    }

    /// The names in `enabled` that no framework has, each with the closest id.
    pub fn unknown<'a>(&self, enabled: &[&'a str]) -> Vec<(&'a str, Option<&str>)> {
        enabled
            .iter()
            .filter(|id| self.get(id).is_none())
            .map(|id| {
                (
                    *id,
                    did_you_mean(id, self.all.iter().map(|f| f.id.as_str())),
                )
            })
            .collect()
    }

    pub fn get(&self, id: &str) -> Option<&Framework> {
        self.all.iter().find(|f| f.id == id)
    }

    pub fn all(&self) -> &[Framework] {
        &self.all
    }

    pub fn enabled(&self) -> impl Iterator<Item = &Framework> {
        self.enabled.iter().map(|&i| &self.all[i])
    }

    /// Resolves `written` (`A.5.15`, `PR.AA-01`, `nist-csf-2.0:PR.AA-01`) in the enabled
    /// frameworks: an exact spelling in one framework wins over loose ones elsewhere; two
    /// exact (or, with none exact, two loose) matches are ambiguous.
    pub fn resolve(&self, written: &str) -> Resolution {
        let written = written.trim();
        if let Some((framework, id)) = written.split_once(':') {
            let Some(fw) = self.get(framework) else {
                return Resolution::UnknownFramework {
                    framework: framework.to_string(),
                    suggestion: did_you_mean(framework, self.all.iter().map(|f| f.id.as_str()))
                        .map(str::to_string),
                };
            };
            return match fw.find(id) {
                Some((control, _)) => Resolution::Found(ControlRef {
                    framework: fw.id.clone(),
                    control: control.id.clone(),
                }),
                None => Resolution::Unknown {
                    suggestion: closest_in(fw, id),
                },
            };
        }
        let mut exact = Vec::new();
        let mut loose = Vec::new();
        for fw in self.enabled() {
            if let Some((control, is_exact)) = fw.find(written) {
                let found = ControlRef {
                    framework: fw.id.clone(),
                    control: control.id.clone(),
                };
                if is_exact {
                    exact.push(found);
                } else {
                    loose.push(found);
                }
            }
        }
        let mut matches = if exact.is_empty() { loose } else { exact };
        match matches.len() {
            0 => Resolution::Unknown {
                suggestion: self.enabled().find_map(|fw| closest_in(fw, written)),
            },
            1 => Resolution::Found(matches.remove(0)),
            _ => Resolution::Ambiguous(matches),
        }
    }
}

fn closest_in(fw: &Framework, written: &str) -> Option<ControlRef> {
    did_you_mean(written, fw.controls.iter().map(|c| c.id.as_str())).map(|id| ControlRef {
        framework: fw.id.clone(),
        control: id.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn control(id: &str) -> FrameworkControl {
        FrameworkControl {
            id: id.to_string(),
            title: format!("Control {id}"),
            group: None,
            description: None,
            attributes: Vec::new(),
        }
    }

    fn framework(id: &str, syntax: IdSyntax, ids: &[&str]) -> Framework {
        let controls = ids.iter().map(|i| control(i)).collect();
        Framework::new(id, id, "1", syntax, Vec::new(), controls, Vec::new())
    }

    fn set(enabled: &[&str]) -> Frameworks {
        Frameworks::new(
            vec![
                framework("iso", IdSyntax::AnnexA, &["A.5.1", "A.5.15"]),
                framework("clauses", IdSyntax::Exact, &["5.1", "9.2"]),
                framework("acme", IdSyntax::Exact, &["IAM-01", "A.5.15"]),
            ],
            enabled,
        )
    }

    fn found(framework: &str, control: &str) -> Resolution {
        Resolution::Found(ControlRef {
            framework: framework.into(),
            control: control.into(),
        })
    }

    #[test]
    fn ids_resolve_in_the_enabled_frameworks() {
        let frameworks = set(&["iso", "acme"]);
        assert_eq!(frameworks.resolve("a.05.1"), found("iso", "A.5.1"));
        assert_eq!(frameworks.resolve("iam-01"), found("acme", "IAM-01"));
        assert_eq!(frameworks.resolve("acme:A.5.15"), found("acme", "A.5.15"));
        // Not enabled, but a qualified id always works.
        assert_eq!(frameworks.resolve("clauses:9.2"), found("clauses", "9.2"));
        assert_eq!(
            frameworks.resolve("9.2"),
            Resolution::Unknown { suggestion: None }
        );
    }

    #[test]
    fn an_id_two_frameworks_list_is_ambiguous() {
        let Resolution::Ambiguous(candidates) = set(&["iso", "acme"]).resolve("A.5.15") else {
            panic!("not ambiguous")
        };
        let names: Vec<String> = candidates.iter().map(ToString::to_string).collect();
        assert_eq!(names, ["iso:A.5.15", "acme:A.5.15"]);
    }

    #[test]
    fn an_exact_spelling_wins_over_a_loose_one() {
        // `5.1` is clause 5.1 as written, and A.5.1 only loosely.
        assert_eq!(
            set(&["iso", "clauses"]).resolve("5.1"),
            found("clauses", "5.1")
        );
        assert_eq!(set(&["iso"]).resolve("5.1"), found("iso", "A.5.1"));
    }

    #[test]
    fn unknown_ids_and_frameworks_get_a_suggestion() {
        let frameworks = set(&["iso", "acme"]);
        assert_eq!(
            frameworks.resolve("IAM-10"),
            Resolution::Unknown {
                suggestion: Some(ControlRef {
                    framework: "acme".into(),
                    control: "IAM-01".into()
                })
            }
        );
        assert_eq!(
            frameworks.resolve("acmee:IAM-01"),
            Resolution::UnknownFramework {
                framework: "acmee".into(),
                suggestion: Some("acme".into())
            }
        );
        assert_eq!(
            frameworks.unknown(&["iso", "isoo"]),
            vec![("isoo", Some("iso"))]
        );
    }
}
