//! Reasons for including a control in the SoA (`reasons:` of a decision in soa.yaml): the
//! classic SoA's columns legal or regulatory requirement, contractual obligation, business
//! requirement and risk assessment result.

use serde::Serialize;
use serde_yaml::Value;

use crate::diagnostic::did_you_mean;

/// Why a control was selected.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reason {
    Legal,
    Contractual,
    Business,
    Risk,
}

impl Reason {
    pub const ALL: [Reason; 4] = [
        Reason::Legal,
        Reason::Contractual,
        Reason::Business,
        Reason::Risk,
    ];

    /// As written in soa.yaml.
    pub fn key(self) -> &'static str {
        match self {
            Reason::Legal => "legal",
            Reason::Contractual => "contractual",
            Reason::Business => "business",
            Reason::Risk => "risk",
        }
    }

    /// The column heading of the exports.
    pub fn label(self) -> &'static str {
        match self {
            Reason::Legal => "Legal or regulatory requirement",
            Reason::Contractual => "Contractual obligation",
            Reason::Business => "Business requirement",
            Reason::Risk => "Risk assessment result",
        }
    }

    /// The short label of the SoA page's narrow column.
    pub fn short_label(self) -> &'static str {
        match self {
            Reason::Legal => "Legal",
            Reason::Contractual => "Contract",
            Reason::Business => "Business",
            Reason::Risk => "Risk",
        }
    }
}

/// What is wrong with a `reasons:` value.
#[derive(Debug, PartialEq, Eq)]
pub enum ReasonError {
    /// An item that is no reason, as written, with the help to fix it.
    Unknown { written: String, help: String },
    /// Not a list of words (a mapping, a nested list).
    NotAList,
}

/// The reasons of `value` (a list, or one word as a list of one), in the order of
/// `Reason::ALL`, each once.
pub fn parse(value: &Value) -> Result<Vec<Reason>, ReasonError> {
    let items: Vec<&Value> = match value {
        Value::Null => Vec::new(),
        Value::Sequence(items) => items.iter().collect(),
        Value::String(_) => vec![value],
        _ => return Err(ReasonError::NotAList),
    };
    let mut reasons = Vec::with_capacity(items.len());
    for item in items {
        let Value::String(written) = item else {
            return Err(ReasonError::NotAList);
        };
        let normalised = written.trim().to_lowercase();
        match Reason::ALL.into_iter().find(|r| r.key() == normalised) {
            Some(reason) => reasons.push(reason),
            None => {
                let keys = Reason::ALL.map(Reason::key);
                let allowed = format!("use one or more of: {}", keys.join(", "));
                let help = match did_you_mean(&normalised, keys) {
                    Some(k) => format!("did you mean `{k}`? ({allowed})"),
                    None => allowed,
                };
                return Err(ReasonError::Unknown {
                    written: written.clone(),
                    help,
                });
            }
        }
    }
    reasons.sort_unstable();
    reasons.dedup();
    Ok(reasons)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reasons(yaml: &str) -> Result<Vec<Reason>, ReasonError> {
        parse(&serde_yaml::from_str(yaml).unwrap_or(Value::Null))
    }

    #[test]
    fn accepted_and_rejected_shapes() {
        assert_eq!(
            reasons("[risk, legal, risk]"),
            Ok(vec![Reason::Legal, Reason::Risk])
        );
        assert_eq!(reasons("Business"), Ok(vec![Reason::Business]));
        assert_eq!(reasons("[]"), Ok(vec![]));
        assert_eq!(reasons("{a: 1}"), Err(ReasonError::NotAList));
        assert_eq!(reasons("[[legal]]"), Err(ReasonError::NotAList));
        match reasons("[legal, contractal]") {
            Err(ReasonError::Unknown { written, help }) => {
                assert_eq!(written, "contractal");
                assert!(help.starts_with("did you mean `contractual`?"), "{help}");
                assert!(
                    help.contains("legal, contractual, business, risk"),
                    "{help}"
                );
            }
            other => panic!("{other:?}"),
        }
    }
}
