//! The list of lints: names, default levels and what each one catches.

use crate::diagnostic::Level;

/// A named check with its default level.
#[derive(Debug)]
pub struct Lint {
    pub name: &'static str,
    pub default_level: Level,
    pub summary: &'static str,
}

const fn lint_def(name: &'static str, default_level: Level, summary: &'static str) -> Lint {
    Lint {
        name,
        default_level,
        summary,
    }
}

/// Every lint annexa knows, errors first.
pub const LINTS: &[Lint] = &[
    lint_def("invalid-config", Level::Error, "annexa.toml cannot be read, has an unknown setting or a bad value"),
    lint_def("invalid-front-matter", Level::Error, "a document's front matter is missing, unclosed, not YAML, or has a value of the wrong type"),
    lint_def("invalid-utf8", Level::Error, "a document is not UTF-8 text"),
    lint_def("invalid-file-name", Level::Error, "a document's file name is not UTF-8"),
    lint_def("unreadable-file", Level::Error, "a document or folder cannot be read"),
    lint_def("missing-field", Level::Error, "a document has no `id` or no `title`"),
    lint_def("invalid-id", Level::Error, "a document id cannot be used in a file name or URL"),
    lint_def("invalid-date", Level::Error, "a date is not a real date written YYYY-MM-DD"),
    lint_def("duplicate-id", Level::Error, "two documents have the same id (ignoring case)"),
    lint_def("broken-reference", Level::Error, "a link, `[[ID]]` or `related:` entry points at nothing"),
    lint_def("unknown-control", Level::Error, "a control id is not in ISO/IEC 27001:2022 Annex A"),
    lint_def("soa-unjustified-exclusion", Level::Error, "a control is excluded in soa.yaml without a justification"),
    lint_def("invalid-soa", Level::Error, "soa.yaml is not valid: YAML, an invalid status or applicability, a control decided twice"),
    lint_def("soa-missing-decision", Level::Warning, "a control of Annex A has no decision in soa.yaml"),
    lint_def("soa-uncovered-control", Level::Warning, "an applicable control that no approved document implements"),
    lint_def("soa-excluded-but-referenced", Level::Warning, "a document implements a control that soa.yaml excludes"),
    lint_def("unknown-field", Level::Warning, "a front matter key annexa does not know (often a typo)"),
    lint_def("legacy-control", Level::Warning, "an ISO/IEC 27001:2013 control id, with its 2022 successor"),
    lint_def("template-error", Level::Error, "a template of the project cannot be compiled or rendered"),
    lint_def("static-conflict", Level::Error, "a file in static/ has the path of a generated page"),
    lint_def("symlink-outside-project", Level::Warning, "a document is a symlink to a file outside the project"),
];

/// Looks a lint up by name.
pub fn lint(name: &str) -> Option<&'static Lint> {
    LINTS.iter().find(|l| l.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_kebab_case() {
        let mut names: Vec<&str> = LINTS.iter().map(|l| l.name).collect();
        for n in &names {
            assert!(n.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'), "{n}");
        }
        names.sort_unstable();
        let before = names.len();
        names.dedup();
        assert_eq!(before, names.len());
    }
}
