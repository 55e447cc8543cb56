//! The project's data files beside its documents (risk-criteria.yaml, and those the record
//! kinds add): read once per run with their diagnostics, and carried into the model. A kind
//! that needs a file adds a field here and a line to `load`; nothing else changes shape.

use std::path::Path;

use crate::diagnostic::Diagnostic;
use crate::kinds::risk::RiskCriteria;

/// One data file as the run found it.
#[derive(Clone, Debug, Default)]
pub enum Loaded<T> {
    /// The project has no such file.
    #[default]
    Absent,
    /// The file exists but cannot be used (its errors are reported).
    Unusable,
    Read(T),
}

impl<T> Loaded<T> {
    /// A file read by a loader that returns the value when usable and the problems found:
    /// no value with problems means the file exists but cannot be used.
    pub fn from_read(value: Option<T>, problems: &[Diagnostic]) -> Loaded<T> {
        match value {
            Some(value) => Loaded::Read(value),
            None if problems.is_empty() => Loaded::Absent,
            None => Loaded::Unusable,
        }
    }

    pub fn get(&self) -> Option<&T> {
        match self {
            Loaded::Read(value) => Some(value),
            _ => None,
        }
    }

    pub fn is_unusable(&self) -> bool {
        matches!(self, Loaded::Unusable)
    }
}

/// Every data file of the project.
#[derive(Clone, Debug, Default)]
pub struct DataFiles {
    /// risk-criteria.yaml.
    pub risk_criteria: Loaded<RiskCriteria>,
    /// certification.yaml.
    pub certification: Loaded<crate::kinds::certification::Certification>,
    /// audits/programme.yaml.
    pub audit_programme: Loaded<crate::kinds::audit::Programme>,
    /// objectives.yaml with measurements/*.csv.
    pub objectives: Loaded<crate::kinds::objectives::Objectives>,
    /// incidents.csv.
    pub incidents: Loaded<crate::kinds::objectives::Incidents>,
    /// assets.yaml or assets.csv.
    pub assets: Loaded<crate::kinds::asset::AssetRegister>,
    /// obligations.yaml.
    pub obligations: Loaded<crate::kinds::obligation::Obligations>,
}

/// Reads every data file of `project`, with the problems found in them.
pub fn load(project: &Path) -> (DataFiles, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let (criteria, problems) = crate::kinds::risk::criteria::load(project);
    let risk_criteria = Loaded::from_read(criteria, &problems);
    diagnostics.extend(problems);
    let (read, problems) = crate::kinds::certification::file::load(project);
    let certification = Loaded::from_read(read, &problems);
    diagnostics.extend(problems);
    let (read, problems) = crate::kinds::audit::programme::load(project);
    let audit_programme = Loaded::from_read(read, &problems);
    diagnostics.extend(problems);
    let (objectives, problems) = crate::kinds::objectives::load(project);
    let objectives = Loaded::from_read(objectives, &problems);
    diagnostics.extend(problems);
    let (incidents, problems) = crate::kinds::objectives::incidents::load(project);
    let incidents = Loaded::from_read(incidents, &problems);
    diagnostics.extend(problems);
    let (assets, problems) = crate::kinds::asset::file::load(project);
    let assets = Loaded::from_read(assets, &problems);
    diagnostics.extend(problems);
    let (obligations, problems) = crate::kinds::obligation::file::load(project);
    let obligations = Loaded::from_read(obligations, &problems);
    diagnostics.extend(problems);
    (
        DataFiles {
            risk_criteria,
            certification,
            audit_programme,
            objectives,
            incidents,
            assets,
            obligations,
        },
        diagnostics,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Location;
    use crate::lint::registry::UNKNOWN_FIELD;

    #[test]
    fn a_file_with_problems_and_no_value_is_unusable() {
        let problem = UNKNOWN_FIELD.report("x").at(Location::whole_file("f"));
        assert!(Loaded::<u8>::from_read(None, std::slice::from_ref(&problem)).is_unusable());
        assert!(matches!(Loaded::<u8>::from_read(None, &[]), Loaded::Absent));
        assert_eq!(Loaded::from_read(Some(3), &[problem]).get(), Some(&3));
    }
}
