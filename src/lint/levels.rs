//! Lint levels chosen by the user: `[lints]` in annexa.toml, then `-A`, `-W`, `-D` and
//! `--deny warnings` on the command line.

use std::collections::HashMap;

use crate::config::{Config, LintLevelSetting};
use crate::diagnostic::{did_you_mean, Diagnostic, Level};

use super::registry::lint;

/// What the command line says about lint levels.
#[derive(Clone, Debug, Default)]
pub struct LintFlags {
    /// `-D NAME` / `--deny NAME`; the name `warnings` turns every warning into an error.
    pub deny: Vec<String>,
    /// `-W NAME` / `--warn NAME`.
    pub warn: Vec<String>,
    /// `-A NAME` / `--allow NAME`.
    pub allow: Vec<String>,
}

/// The level of each lint after the user's choices; `None` means allowed (not reported).
#[derive(Clone, Debug, Default)]
pub struct LintLevels {
    overrides: HashMap<&'static str, Option<Level>>,
    deny_warnings: bool,
}

fn unknown_lint_help(name: &str) -> String {
    match did_you_mean(name, super::registry::all().map(|l| l.name)) {
        Some(known) => format!("did you mean `{known}`?"),
        None => "run `annexa lints` to list every lint".to_string(),
    }
}

impl LintLevels {
    /// Levels from annexa.toml's `[lints]`; unknown or fixed lints there are `invalid-config`.
    pub fn from_config(config: &Config) -> (LintLevels, Vec<Diagnostic>) {
        let mut levels = LintLevels::default();
        let mut problems = Vec::new();
        for setting in &config.lints {
            let Some(found) = lint(&setting.name) else {
                problems.push(
                    crate::lint::registry::INVALID_CONFIG
                        .report(format!("lints: unknown lint `{}`", setting.name))
                        .at(setting.location.clone())
                        .with_help(unknown_lint_help(&setting.name)),
                );
                continue;
            };
            if !found.configurable {
                problems.push(
                    crate::lint::registry::INVALID_CONFIG
                        .report(format!(
                            "lints: the level of `{}` cannot be changed",
                            found.name
                        ))
                        .at(setting.location.clone())
                        .with_help("this problem makes the input unusable; fix it instead"),
                );
                continue;
            }
            let level = match setting.level {
                LintLevelSetting::Allow => None,
                LintLevelSetting::Warn => Some(Level::Warning),
                LintLevelSetting::Error => Some(Level::Error),
            };
            levels.overrides.insert(found.name, level);
        }
        (levels, problems)
    }

    /// Applies the command line flags on top (`-A`, then `-W`, then `-D`). Errors name the
    /// bad flag; they are argument errors (exit code 2).
    pub fn apply_flags(&mut self, flags: &LintFlags) -> Result<(), String> {
        let groups = [
            (&flags.allow, None, "-A"),
            (&flags.warn, Some(Level::Warning), "-W"),
            (&flags.deny, Some(Level::Error), "-D"),
        ];
        for (names, level, flag) in groups {
            for name in names {
                if name == "warnings" && flag == "-D" {
                    self.deny_warnings = true;
                    continue;
                }
                let found = lint(name).ok_or_else(|| {
                    format!("{flag} {name}: unknown lint; {}", unknown_lint_help(name))
                })?;
                if !found.configurable {
                    return Err(format!(
                        "{flag} {name}: the level of this lint cannot be changed"
                    ));
                }
                self.overrides.insert(found.name, level);
            }
        }
        Ok(())
    }

    /// Sets each diagnostic to its chosen level and drops allowed ones.
    pub fn apply(&self, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
        diagnostics
            .into_iter()
            .filter_map(|mut d| {
                if let Some(level) = self.overrides.get(d.name) {
                    d.level = (*level)?;
                }
                if self.deny_warnings && d.level == Level::Warning {
                    d.level = Level::Error;
                }
                Some(d)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diag(name: &'static str, level: Level) -> Diagnostic {
        Diagnostic::new(name, level, "m")
    }

    #[test]
    fn config_then_flags_then_deny_warnings() {
        let config = crate::config::parse("[lints]\nreview-overdue = \"error\"\nnever-reviewed = \"allow\"\nlink-to-draft = \"warn\"\n").unwrap_or_default();
        let (mut levels, problems) = LintLevels::from_config(&config);
        assert!(problems.is_empty());
        let flags = LintFlags {
            deny: vec!["warnings".into()],
            allow: vec!["link-to-draft".into()],
            warn: vec![],
        };
        assert_eq!(levels.apply_flags(&flags), Ok(()));
        let out = levels.apply(vec![
            diag("review-overdue", Level::Warning),
            diag("never-reviewed", Level::Warning),
            diag("link-to-draft", Level::Warning),
            diag("unknown-field", Level::Warning),
            diag("review-due-soon", Level::Note),
        ]);
        let got: Vec<(&str, Level)> = out.iter().map(|d| (d.name, d.level)).collect();
        assert_eq!(
            got,
            vec![
                ("review-overdue", Level::Error),
                ("unknown-field", Level::Error),
                ("review-due-soon", Level::Note)
            ]
        );
    }

    #[test]
    fn unknown_and_fixed_lints_are_rejected() {
        let config =
            crate::config::parse("[lints]\nreview-overdu = \"error\"\ninvalid-date = \"allow\"\n")
                .unwrap_or_default();
        let (_, problems) = LintLevels::from_config(&config);
        assert_eq!(problems.len(), 2);
        assert_eq!(
            problems[0].help.as_deref(),
            Some("did you mean `review-overdue`?")
        );
        assert_eq!(problems[0].location.as_ref().map(|l| l.line), Some(2));
        let mut levels = LintLevels::default();
        let err = levels.apply_flags(&LintFlags {
            deny: vec!["nope-lint".into()],
            ..Default::default()
        });
        assert!(err.is_err_and(|e| e.starts_with("-D nope-lint: unknown lint")));
        assert!(levels
            .apply_flags(&LintFlags {
                allow: vec!["duplicate-id".into()],
                ..Default::default()
            })
            .is_err());
    }
}
