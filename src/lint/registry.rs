//! The list of lints: names, default levels and what each one catches.

use crate::diagnostic::{Diagnostic, Level};

/// A named check with its default level.
#[derive(Debug)]
pub struct Lint {
    pub name: &'static str,
    pub default_level: Level,
    pub summary: &'static str,
    /// Whether users may change its level.
    pub configurable: bool,
}

/// A lint is its name.
impl PartialEq for Lint {
    fn eq(&self, other: &Lint) -> bool {
        self.name == other.name
    }
}

impl Eq for Lint {}

impl Lint {
    /// A diagnostic of this lint at its default level: the report site names the lint, not
    /// its name and level again.
    pub fn report(&'static self, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(self.name, self.default_level, message)
    }
}

/// A lint whose level users may change.
pub(crate) const fn lint_def(
    name: &'static str,
    default_level: Level,
    summary: &'static str,
) -> Lint {
    Lint {
        name,
        default_level,
        summary,
        configurable: true,
    }
}

/// An error that makes the input unusable (bad YAML, a missing id): it cannot be allowed,
/// because the document or setting could not be used at all.
pub(crate) const fn fixed_error(name: &'static str, summary: &'static str) -> Lint {
    Lint {
        name,
        default_level: Level::Error,
        summary,
        configurable: false,
    }
}

/// `missing-status`: a document without `status:`, which makes it a draft that `build` leaves
/// out without a word.
pub const MISSING_STATUS: Lint = lint_def(
    "missing-status",
    Level::Warning,
    "a document has no `status:`, so it is a draft and left out of the site",
);

/// `unknown-field`: a key in front matter or a YAML file that nothing reads.
pub const UNKNOWN_FIELD: Lint = lint_def(
    "unknown-field",
    Level::Warning,
    "a front matter or YAML key annexa does not know (often a typo)",
);

/// `invalid-framework`: a file in `frameworks/` that cannot be used as a framework.
pub const INVALID_FRAMEWORK: Lint = fixed_error(
    "invalid-framework",
    "a file in frameworks/ is not YAML, lacks an id or controls, repeats a control, or maps to a control no framework has",
);

/// `invalid-applicability`: an `applicability/<framework>.yaml` that cannot be used.
pub const INVALID_APPLICABILITY: Lint = fixed_error(
    "invalid-applicability",
    "an applicability/<framework>.yaml is not valid: YAML, the wrong framework, a bad `applicable` or `status`, a control decided twice",
);

/// `ambiguous-control`: a `controls:` id that several enabled frameworks list.
pub const AMBIGUOUS_CONTROL: Lint = lint_def(
    "ambiguous-control",
    Level::Error,
    "a control id that several enabled frameworks list: write `framework:ID`",
);

/// `soa-missing-reason`: an applicable control in soa.yaml with neither `reasons:` nor a
/// justification: nothing records why it was selected (ISO/IEC 27001 clause 6.1.3 d).
pub const SOA_MISSING_REASON: Lint = lint_def(
    "soa-missing-reason",
    Level::Warning,
    "an applicable control in soa.yaml has neither `reasons:` nor a justification",
);

/// `soa-changed-after-approval`: soa.yaml's newest `history:` entry is dated after its
/// `approved:` date. Judged from the dates written in soa.yaml; comparing with the file's
/// git history comes later.
pub const SOA_CHANGED_AFTER_APPROVAL: Lint = lint_def(
    "soa-changed-after-approval",
    Level::Warning,
    "soa.yaml has a `history:` entry newer than its `approved:` date (judged from the dates in soa.yaml, not yet from git)",
);

// The others, each defined once; the code that reports one names the constant.
pub const BROKEN_REFERENCE: Lint = lint_def(
    "broken-reference",
    Level::Error,
    "a link, `[[ID]]` or `related:` entry points at nothing",
);

pub const UNKNOWN_CONTROL: Lint = lint_def(
    "unknown-control",
    Level::Error,
    "a control id is not in ISO/IEC 27001:2022 Annex A or another enabled framework",
);

pub const SOA_UNJUSTIFIED_EXCLUSION: Lint = lint_def(
    "soa-unjustified-exclusion",
    Level::Error,
    "a control is excluded in soa.yaml without a justification",
);

pub const SOA_EMPTY_JUSTIFICATION: Lint = lint_def("soa-empty-justification", Level::Error, "an applicable control in soa.yaml has `justification:` with nothing after it (the stubs of `annexa soa add-missing`)");

pub const SOA_MISSING_DECISION: Lint = lint_def(
    "soa-missing-decision",
    Level::Warning,
    "a control of Annex A has no decision in soa.yaml",
);

pub const SOA_UNCOVERED_CONTROL: Lint = lint_def(
    "soa-uncovered-control",
    Level::Warning,
    "an applicable control that no approved document implements",
);

pub const SOA_EXCLUDED_BUT_REFERENCED: Lint = lint_def(
    "soa-excluded-but-referenced",
    Level::Warning,
    "a document implements a control that soa.yaml excludes",
);

pub const REVIEW_OVERDUE: Lint = lint_def(
    "review-overdue",
    Level::Warning,
    "an approved document is past its review date",
);

pub const NEVER_REVIEWED: Lint = lint_def(
    "never-reviewed",
    Level::Warning,
    "an approved document has no review date at all",
);

pub const LINK_TO_DRAFT: Lint = lint_def(
    "link-to-draft",
    Level::Warning,
    "a document that is not a draft cites a draft",
);

pub const RAW_HTML_TOO_COMPLEX: Lint = lint_def(
    "raw-html-too-complex",
    Level::Warning,
    "a document has more raw HTML than annexa sanitises; it is shown as text",
);

/// `empty-link`: `[text]()`, common around status badges in tables written for GitHub,
/// which shows such a link as its text; so does annexa.
pub const EMPTY_LINK: Lint = lint_def(
    "empty-link",
    Level::Warning,
    "a link or image with nothing between its parentheses: `[text]()` (shown as its text)",
);

/// `external-resource`: an image the reader's browser would fetch from another host (a status
/// badge, a logo), which the site's Content-Security-Policy blocks and which fails offline.
pub const EXTERNAL_RESOURCE: Lint = lint_def(
    "external-resource",
    Level::Warning,
    "an image from another host; shown as its alt text unless annexa.toml's `[images] allow_hosts` lists the host",
);

/// `raw-html-title`: a document opens with a raw HTML header (`<h1 align="center">`) that
/// repeats its title, which annexa shows itself: the header is left out.
pub const RAW_HTML_TITLE: Lint = lint_def(
    "raw-html-title",
    Level::Note,
    "a raw HTML header at the top of a document repeats its title and is left out",
);

/// `invalid-alias`: an entry of `aliases:` that cannot be a redirect page.
pub const INVALID_ALIAS: Lint = fixed_error(
    "invalid-alias",
    "an `aliases:` entry is not a site-absolute path, leaves the site, or is the path of a generated page, a static file or another alias",
);

pub const LINK_TO_UNPUBLISHED: Lint = lint_def(
    "link-to-unpublished",
    Level::Warning,
    "a published document cites one left out by --max-classification",
);

pub const LINK_TO_RETIRED: Lint = lint_def(
    "link-to-retired",
    Level::Warning,
    "a document in force cites a retired document",
);

pub const MISSING_OWNER: Lint = lint_def(
    "missing-owner",
    Level::Warning,
    "a document in force has no owner",
);

pub const UNKNOWN_OWNER: Lint = lint_def(
    "unknown-owner",
    Level::Warning,
    "an owner or approver is not one of the roles in annexa.toml",
);

pub const REVIEW_DUE_SOON: Lint = lint_def(
    "review-due-soon",
    Level::Note,
    "an approved document's review is due within `warn_before`",
);

pub const LEGACY_CONTROL: Lint = lint_def(
    "legacy-control",
    Level::Warning,
    "an ISO/IEC 27001:2013 control id, with its 2022 successor",
);

pub const UNKNOWN_PINNED_DOCUMENT: Lint = lint_def(
    "unknown-pinned-document",
    Level::Warning,
    "an id in annexa.toml's `[navigation] pinned` is no document's",
);

pub const SYMLINK_OUTSIDE_PROJECT: Lint = lint_def(
    "symlink-outside-project",
    Level::Warning,
    "a document is a symlink to a file outside the project",
);

/// `markdown-in-theme-overrides`: Markdown files where annexa looks for theme overrides,
/// which are therefore not built.
pub const MARKDOWN_IN_THEME_OVERRIDES: Lint = lint_def(
    "markdown-in-theme-overrides",
    Level::Warning,
    "the theme overrides' folder (templates/, or `[theme] overrides`) holds Markdown files and no template: they are not built",
);

pub const INVALID_CONFIG: Lint = fixed_error(
    "invalid-config",
    "annexa.toml cannot be read, has an unknown setting or a bad value",
);

pub const INVALID_FRONT_MATTER: Lint = fixed_error(
    "invalid-front-matter",
    "a document's front matter is missing, unclosed, not YAML, or has a value of the wrong type",
);

/// `invalid-utf8`.
pub const INVALID_UTF8: Lint = fixed_error("invalid-utf8", "a document is not UTF-8 text");

pub const INVALID_FILE_NAME: Lint =
    fixed_error("invalid-file-name", "a document's file name is not UTF-8");

pub const FILE_TOO_LARGE: Lint =
    fixed_error("file-too-large", "a document file is larger than 8 MiB");

pub const UNREADABLE_FILE: Lint =
    fixed_error("unreadable-file", "a document or folder cannot be read");

pub const MISSING_FIELD: Lint =
    fixed_error("missing-field", "a document has no `id` or no `title`");

pub const INVALID_ID: Lint = fixed_error(
    "invalid-id",
    "a document id cannot be used in a file name or URL",
);

pub const INVALID_DATE: Lint = fixed_error(
    "invalid-date",
    "a date is not a real date written YYYY-MM-DD",
);

pub const DUPLICATE_ID: Lint = fixed_error(
    "duplicate-id",
    "two documents have the same id (ignoring case)",
);

pub const INVALID_SOA: Lint = fixed_error(
    "invalid-soa",
    "soa.yaml is not valid: YAML, an invalid status or applicability, a control decided twice",
);

pub const TEMPLATE_ERROR: Lint = fixed_error(
    "template-error",
    "a template of the project cannot be compiled or rendered",
);

pub const FILE_CHANGED: Lint = fixed_error(
    "file-changed",
    "a document changed while the site was being built",
);

pub const STATIC_CONFLICT: Lint = fixed_error(
    "static-conflict",
    "a file in static/ has the path of a generated page",
);

/// `changed-after-approval`: an approved document's file changed in a commit dated after
/// its `approved:` date, with neither a new `version:` nor a `history:` entry.
pub const CHANGED_AFTER_APPROVAL: Lint = lint_def(
    "changed-after-approval",
    Level::Warning,
    "an approved document changed in git after its approval date without a new version or history entry",
);

/// `shallow-history`: the project is in a shallow clone, so its git history is cut.
pub const SHALLOW_HISTORY: Lint = lint_def(
    "shallow-history",
    Level::Warning,
    "the git clone is shallow: last changes and changes after approval cannot be told (fetch the full history)",
);

/// `review-ahead-of-change`: `last_reviewed:` is more than the review interval after the
/// file's last commit.
pub const REVIEW_AHEAD_OF_CHANGE: Lint = lint_def(
    "review-ahead-of-change",
    Level::Note,
    "a document's `last_reviewed:` is more than its review interval after the last commit of its file",
);

/// Every lint annexa knows, errors first.
pub const LINTS: &[Lint] = &[
    INVALID_CONFIG,
    INVALID_FRONT_MATTER,
    INVALID_UTF8,
    INVALID_FILE_NAME,
    FILE_TOO_LARGE,
    UNREADABLE_FILE,
    MISSING_FIELD,
    INVALID_ID,
    INVALID_DATE,
    DUPLICATE_ID,
    INVALID_ALIAS,
    BROKEN_REFERENCE,
    UNKNOWN_CONTROL,
    AMBIGUOUS_CONTROL,
    SOA_UNJUSTIFIED_EXCLUSION,
    SOA_EMPTY_JUSTIFICATION,
    INVALID_FRAMEWORK,
    INVALID_APPLICABILITY,
    INVALID_SOA,
    SOA_MISSING_DECISION,
    SOA_UNCOVERED_CONTROL,
    SOA_MISSING_REASON,
    SOA_CHANGED_AFTER_APPROVAL,
    CHANGED_AFTER_APPROVAL,
    SHALLOW_HISTORY,
    SOA_EXCLUDED_BUT_REFERENCED,
    REVIEW_OVERDUE,
    NEVER_REVIEWED,
    LINK_TO_DRAFT,
    RAW_HTML_TOO_COMPLEX,
    LINK_TO_UNPUBLISHED,
    LINK_TO_RETIRED,
    EMPTY_LINK,
    EXTERNAL_RESOURCE,
    RAW_HTML_TITLE,
    MISSING_STATUS,
    MISSING_OWNER,
    UNKNOWN_OWNER,
    REVIEW_DUE_SOON,
    REVIEW_AHEAD_OF_CHANGE,
    UNKNOWN_FIELD,
    LEGACY_CONTROL,
    TEMPLATE_ERROR,
    FILE_CHANGED,
    STATIC_CONFLICT,
    UNKNOWN_PINNED_DOCUMENT,
    SYMLINK_OUTSIDE_PROJECT,
    MARKDOWN_IN_THEME_OVERRIDES,
];

/// Every lint: the list above, then each record kind's.
pub fn all() -> impl Iterator<Item = &'static Lint> {
    LINTS.iter().chain(crate::kinds::lints())
}

/// Looks a lint up by name.
pub fn lint(name: &str) -> Option<&'static Lint> {
    all().find(|l| l.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Code outside tests reports a lint through its definition here (`NAME.report(..)`),
    /// never by writing its name and level again (`Diagnostic::new("name", Level::..)`).
    #[test]
    fn lints_are_reported_through_their_definition() {
        fn visit(dir: &std::path::Path, found: &mut Vec<String>) {
            for entry in std::fs::read_dir(dir).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    visit(&path, found);
                    continue;
                }
                let rel = path.to_string_lossy().replace('\\', "/");
                if !rel.ends_with(".rs")
                    || rel.contains("/src/diagnostic/")
                    || rel.ends_with("/registry.rs")
                {
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                let code = text.split("#[cfg(test)]").next().unwrap_or("");
                for (n, line) in code.lines().enumerate() {
                    if line.contains("Diagnostic::new(") {
                        found.push(format!("{rel}:{}", n + 1));
                    }
                }
            }
        }
        let mut found = Vec::new();
        visit(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut found,
        );
        assert!(
            found.is_empty(),
            "report these through a registry constant: {found:#?}"
        );
    }

    #[test]
    fn names_are_unique_kebab_case() {
        let mut names: Vec<&str> = all().map(|l| l.name).collect();
        for n in &names {
            assert!(
                n.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{n}"
            );
        }
        names.sort_unstable();
        let before = names.len();
        names.dedup();
        assert_eq!(before, names.len());
    }
}
