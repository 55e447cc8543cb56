//! `[suppliers]` in annexa.toml: how often suppliers are assessed and which contract clauses
//! they must have, by criticality, and how early an expiring certificate is flagged.
//!
//! ```toml
//! [suppliers]
//! warn_before = "60 days"
//! assess_every = { low = "36 months", medium = "24 months", high = "12 months", critical = "6 months" }
//! clauses = { high = ["confidentiality", "right-to-audit"], critical = ["confidentiality", "right-to-audit", "exit-plan"] }
//! ```

use serde::Deserialize;

use crate::calendar::{Interval, IntervalUnit};
use crate::config::CONFIG_FILE;
use crate::diagnostic::{Diagnostic, Location};
use crate::lint::registry::INVALID_CONFIG;

use super::record::Criticality;

/// The checked `[suppliers]` settings, with defaults for what is not written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SupplierSettings {
    /// Assessment interval by criticality (`Criticality::index`).
    pub assess_every: [Interval; 4],
    /// Contract clauses required by criticality, as written (compared ignoring case, `_` and
    /// spaces).
    pub clauses: [Vec<String>; 4],
    /// How long before a certificate expires it is flagged.
    pub warn_before: Interval,
}

impl Default for SupplierSettings {
    fn default() -> SupplierSettings {
        let months = |n| Interval::new(n, IntervalUnit::Months);
        let list = |items: &[&str]| items.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let high = [
            "confidentiality",
            "security-requirements",
            "incident-notification",
            "right-to-audit",
        ];
        let critical = [
            "confidentiality",
            "security-requirements",
            "incident-notification",
            "right-to-audit",
            "subcontracting",
            "exit-plan",
        ];
        SupplierSettings {
            assess_every: [months(36), months(24), months(12), months(6)],
            clauses: [
                Vec::new(),
                list(&["confidentiality"]),
                list(&high),
                list(&critical),
            ],
            warn_before: Interval::new(60, IntervalUnit::Days),
        }
    }
}

impl SupplierSettings {
    pub fn interval(&self, criticality: Criticality) -> Interval {
        self.assess_every[criticality.index()]
    }

    pub fn required_clauses(&self, criticality: Criticality) -> &[String] {
        &self.clauses[criticality.index()]
    }
}

/// A clause name as compared: case, `_` and spaces do not matter.
pub fn clause_key(name: &str) -> String {
    name.trim().to_lowercase().replace(['_', ' '], "-")
}

/// A value per criticality as written.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawByCriticality<T> {
    low: Option<T>,
    medium: Option<T>,
    high: Option<T>,
    critical: Option<T>,
}

impl<T> RawByCriticality<T> {
    fn into_array(self) -> [Option<T>; 4] {
        [self.low, self.medium, self.high, self.critical]
    }
}

/// `[suppliers]` as written.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSuppliers {
    warn_before: Option<toml::Spanned<String>>,
    assess_every: Option<RawByCriticality<toml::Spanned<String>>>,
    clauses: Option<RawByCriticality<Vec<toml::Spanned<String>>>>,
}

/// The settings from `[suppliers]` in `text` (annexa.toml), or the error at its place.
pub(crate) fn parse(raw: RawSuppliers, text: &str) -> Result<SupplierSettings, Diagnostic> {
    let mut settings = SupplierSettings::default();
    let at =
        |span: std::ops::Range<usize>| Location::in_text(CONFIG_FILE, text, span.start, span.len());
    let interval = |value: &toml::Spanned<String>, key: &str| {
        Interval::parse(value.get_ref()).map_err(|message| {
            INVALID_CONFIG
                .report(format!("suppliers.{key}: {message}"))
                .at(at(value.span()))
                .with_help(format!("for example: {key} = \"12 months\""))
        })
    };
    if let Some(v) = &raw.warn_before {
        settings.warn_before = interval(v, "warn_before")?;
    }
    if let Some(by) = raw.assess_every {
        for (i, value) in by.into_array().into_iter().enumerate() {
            if let Some(value) = value {
                let key = format!("assess_every.{}", Criticality::ALL[i].key());
                settings.assess_every[i] = interval(&value, &key)?;
            }
        }
    }
    if let Some(by) = raw.clauses {
        for (i, value) in by.into_array().into_iter().enumerate() {
            let Some(list) = value else { continue };
            let mut clauses: Vec<String> = Vec::new();
            for clause in list {
                let name = clause.get_ref().trim();
                if name.is_empty() {
                    return Err(INVALID_CONFIG
                        .report(format!(
                            "suppliers.clauses.{}: a clause name is empty",
                            Criticality::ALL[i].key()
                        ))
                        .at(at(clause.span()))
                        .with_help(
                            "name the clause, e.g. \"right-to-audit\", or remove the entry",
                        ));
                }
                if !clauses.iter().any(|c| clause_key(c) == clause_key(name)) {
                    clauses.push(name.to_string());
                }
            }
            settings.clauses[i] = clauses;
        }
    }
    Ok(settings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_fill_what_is_not_written() {
        let text = "[suppliers]\nwarn_before = \"2 weeks\"\nassess_every = { critical = \"3 months\" }\nclauses = { low = [\"Confidentiality\", \"confidentiality\"] }\n";
        let config = crate::config::parse(text).unwrap();
        let s = &config.suppliers;
        assert_eq!(s.warn_before, Interval::new(2, IntervalUnit::Weeks));
        assert_eq!(
            s.interval(Criticality::Critical),
            Interval::new(3, IntervalUnit::Months)
        );
        assert_eq!(
            s.interval(Criticality::Low),
            Interval::new(36, IntervalUnit::Months)
        );
        assert_eq!(s.required_clauses(Criticality::Low), ["Confidentiality"]);
        assert_eq!(s.required_clauses(Criticality::Medium), ["confidentiality"]);
    }

    #[test]
    fn bad_settings_are_placed_with_what_is_right() {
        let text = "[suppliers]\nassess_every = { hihg = \"12 months\" }\n";
        let error = crate::config::parse(text).unwrap_err();
        let at = error.location.as_ref().unwrap();
        assert_eq!((at.line, at.column), (2, 18), "{error:?}");
        assert_eq!(error.help.as_deref(), Some("did you mean `high`?"));

        let text = "[suppliers]\nassess_every = { high = \"yearly\" }\n";
        let error = crate::config::parse(text).unwrap_err();
        assert!(
            error.message.starts_with("suppliers.assess_every.high:"),
            "{}",
            error.message
        );
        assert_eq!(error.location.as_ref().unwrap().column, 25);

        let text = "[suppliers]\nclauses = { high = [\" \"] }\n";
        let error = crate::config::parse(text).unwrap_err();
        assert!(error.message.contains("empty"), "{}", error.message);

        let text = "[suppliers]\nwarn_befor = \"1 week\"\n";
        let error = crate::config::parse(text).unwrap_err();
        assert_eq!(error.help.as_deref(), Some("did you mean `warn_before`?"));
    }
}
