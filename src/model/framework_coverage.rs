//! For each framework with its own decisions (every enabled one but ISO/IEC 27001:2022 and
//! 2013): the decision of each control, the documents that list it (direct coverage) and
//! the documents that list a control mapped to it (coverage via mapping, never counted as
//! direct).

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::{coverage::covers_in_site, ControlRef as DocControl, Document};
use crate::catalog::{ControlId, ControlRef, Framework, Frameworks, Relationship, ISO_2022};
use crate::source::applicability::{with_own_decisions, Applicability};
use crate::source::soa::Decision;

/// One framework's decisions and coverage.
#[derive(Debug, Default)]
pub struct FrameworkCoverage {
    pub id: String,
    pub applicability: Applicability,
    /// One entry per control, in the framework's order.
    pub controls: Vec<ControlCoverage>,
}

#[derive(Debug, Default)]
pub struct ControlCoverage {
    /// Documents listing the control, in path order.
    pub direct: Vec<usize>,
    /// Every control mapped to or from this one, with the documents that list it (maybe
    /// none), by framework and then in that framework's order.
    pub via: Vec<MappedCoverage>,
}

#[derive(Debug)]
pub struct MappedCoverage {
    /// The control the mapping leads to (or comes from).
    pub through: ControlRef,
    pub relationship: Relationship,
    pub documents: Vec<usize>,
}

/// Counts over a framework or one of its groups.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct FrameworkFigures {
    pub controls: usize,
    pub applicable: usize,
    pub excluded: usize,
    pub undecided: usize,
    /// Applicable controls an approved, published document lists.
    pub documented: usize,
    /// Applicable controls no such document lists, but one lists a mapped control.
    pub via_mapping: usize,
    /// Applicable controls with neither.
    pub gaps: usize,
}

impl FrameworkCoverage {
    pub fn decision(&self, control: &str) -> Option<&Decision> {
        self.applicability.decisions.get(control)
    }

    /// The figures over the controls `which` selects (by position).
    pub fn figures(
        &self,
        framework: &Framework,
        documents: &[Document],
        which: impl Fn(usize) -> bool,
    ) -> FrameworkFigures {
        let mut f = FrameworkFigures::default();
        for (i, control) in framework
            .controls
            .iter()
            .enumerate()
            .filter(|(i, _)| which(*i))
        {
            f.controls += 1;
            match self.decision(&control.id).map(|d| d.applicable) {
                None => f.undecided += 1,
                Some(false) => f.excluded += 1,
                Some(true) => {
                    f.applicable += 1;
                    let coverage = &self.controls[i];
                    if coverage.is_documented(documents) {
                        f.documented += 1;
                    } else if coverage.is_documented_via_mapping(documents) {
                        f.via_mapping += 1;
                    } else {
                        f.gaps += 1;
                    }
                }
            }
        }
        f
    }
}

impl ControlCoverage {
    pub fn is_documented(&self, documents: &[Document]) -> bool {
        self.direct.iter().any(|&d| covers_in_site(&documents[d]))
    }

    pub fn is_documented_via_mapping(&self, documents: &[Document]) -> bool {
        self.via
            .iter()
            .flat_map(|m| &m.documents)
            .any(|&d| covers_in_site(&documents[d]))
    }
}

/// The coverage of every framework with its own decisions.
pub fn compute(
    frameworks: &Frameworks,
    mut applicability: BTreeMap<String, Applicability>,
    documents: &[Document],
    by_control: &BTreeMap<ControlId, Vec<usize>>,
) -> Vec<FrameworkCoverage> {
    // Documents by the controls of other frameworks they list.
    let mut listing: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
    for (index, doc) in documents.iter().enumerate() {
        for control in &doc.controls {
            if let DocControl::Other(r) = control {
                let entry = listing.entry((&r.framework, &r.control)).or_default();
                if entry.last() != Some(&index) {
                    entry.push(index);
                }
            }
        }
    }
    let documents_of = |r: &ControlRef| -> Vec<usize> {
        if r.framework == ISO_2022 {
            let id = crate::catalog::ParsedControlRef::parse(&r.control).and_then(|p| match p {
                crate::catalog::ParsedControlRef::Current(id) => Some(id),
                crate::catalog::ParsedControlRef::Legacy(_) => None,
            });
            return id
                .and_then(|id| by_control.get(&id).cloned())
                .unwrap_or_default();
        }
        listing
            .get(&(r.framework.as_str(), r.control.as_str()))
            .cloned()
            .unwrap_or_default()
    };
    with_own_decisions(frameworks)
        .map(|framework| {
            let controls = framework
                .controls
                .iter()
                .map(|control| {
                    let here = ControlRef {
                        framework: framework.id.clone(),
                        control: control.id.clone(),
                    };
                    let mut via: Vec<MappedCoverage> = mapped(frameworks, &here)
                        .into_iter()
                        .map(|(through, relationship)| MappedCoverage {
                            documents: documents_of(&through),
                            through,
                            relationship,
                        })
                        .collect();
                    // By framework, then in the catalogue order of the mapped framework
                    // (A.5.3 before A.5.14), not as strings.
                    via.sort_by_cached_key(|m| {
                        let position = frameworks
                            .get(&m.through.framework)
                            .and_then(|f| f.position(&m.through.control));
                        (
                            m.through.framework.clone(),
                            position,
                            m.through.control.clone(),
                        )
                    });
                    ControlCoverage {
                        direct: documents_of(&here),
                        via,
                    }
                })
                .collect();
            FrameworkCoverage {
                id: framework.id.clone(),
                applicability: applicability.remove(&framework.id).unwrap_or_default(),
                controls,
            }
        })
        .collect()
}

/// The controls mapped to or from `control`, in any framework the project knows, each once.
pub fn mapped(frameworks: &Frameworks, control: &ControlRef) -> Vec<(ControlRef, Relationship)> {
    let mut out: Vec<(ControlRef, Relationship)> = Vec::new();
    for framework in frameworks.all() {
        for mapping in &framework.mappings {
            let from = ControlRef {
                framework: framework.id.clone(),
                control: mapping.from.clone(),
            };
            let other = if &from == control {
                mapping.to.clone()
            } else if &mapping.to == control {
                from
            } else {
                continue;
            };
            if !out.iter().any(|(c, _)| *c == other) {
                out.push((other, mapping.relationship));
            }
        }
    }
    out
}
