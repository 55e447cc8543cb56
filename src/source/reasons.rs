//! Reasons for including a control in the SoA (`reasons:` of a decision in soa.yaml): the
//! classic SoA's columns legal or regulatory requirement, contractual obligation, business
//! requirement and risk assessment result.

use serde::Serialize;

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
