//! The starter ISMS `annexa init` writes for an organisation: skeletons of the documents
//! ISO/IEC 27001:2022 requires, annexa.toml with its settings explained, a CI workflow, a
//! `.gitignore`, and a soa.yaml that lists every Annex A control undecided.
//!
//! The files are compiled in from `src/scaffold/starter/`, where `{{organisation}}` and
//! `{{today}}` stand for the values given to `init`; soa.yaml is written from the built-in
//! catalogue, so it always lists exactly the catalogue's controls.

use std::path::PathBuf;

use include_dir::{include_dir, Dir};
use jiff::civil::Date;

use crate::catalog::{catalog, Theme};
use crate::source::soa::SOA_FILE;

static FILES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/src/scaffold/starter");

const ORGANISATION: &str = "{{organisation}}";
const TODAY: &str = "{{today}}";

/// The longest organisation name `init` accepts: it goes into titles and headers.
const MAX_NAME: usize = 200;

/// The organisation's name as given, trimmed; an error saying what is wrong with it.
pub fn organisation_name(given: &str) -> Result<String, String> {
    let name = given.trim();
    if name.is_empty() {
        return Err(
            "the organisation's name is empty: give it with --organisation \"Example Ltd\"".into(),
        );
    }
    if name.chars().any(char::is_control) {
        return Err("the organisation's name contains a line break or another control character: give it on one line".into());
    }
    if name.chars().count() > MAX_NAME {
        return Err(format!(
            "the organisation's name is longer than {MAX_NAME} characters: give a shorter form"
        ));
    }
    Ok(name.to_string())
}

/// `text` as literal text in Markdown: ASCII punctuation that Markdown could read as markup
/// (emphasis, links, HTML, entities, code) is escaped with a backslash.
fn markdown_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`'
                | '*'
                | '_'
                | '['
                | ']'
                | '<'
                | '>'
                | '&'
                | '#'
                | '|'
                | '~'
                | '!'
                | '{'
                | '}'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `text` inside a TOML basic string (`"…"`). Control characters never get here.
fn toml_text(text: &str) -> String {
    text.replace('\\', "\\\\").replace('"', "\\\"")
}

/// One file of the starter project.
pub struct StarterFile {
    /// Path relative to the project.
    pub path: PathBuf,
    pub text: String,
}

/// Every file of the starter project for `organisation` (a name checked by
/// `organisation_name`), dated `today`, in path order.
pub fn files(organisation: &str, today: Date) -> Vec<StarterFile> {
    fn collect(dir: &'static Dir<'static>, out: &mut Vec<&'static include_dir::File<'static>>) {
        out.extend(dir.files());
        for sub in dir.dirs() {
            collect(sub, out);
        }
    }
    let mut embedded = Vec::new();
    collect(&FILES, &mut embedded);
    let mut files: Vec<StarterFile> = embedded
        .into_iter()
        .map(|file| {
            let template = file.contents_utf8().unwrap_or_default();
            let name = match file.path().extension().and_then(|e| e.to_str()) {
                Some("md") => markdown_text(organisation),
                Some("toml") => toml_text(organisation),
                _ => organisation.to_string(),
            };
            StarterFile {
                path: file.path().to_path_buf(),
                text: template
                    .replace(ORGANISATION, &name)
                    .replace(TODAY, &today.to_string()),
            }
        })
        .collect();
    files.push(StarterFile {
        path: PathBuf::from(SOA_FILE),
        text: soa_yaml(organisation, today),
    });
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

/// soa.yaml with the SoA's document control (a draft, version 0.1, not yet approved), every
/// control of the catalogue undecided (`A.5.1:` with nothing under it), a comment line per
/// theme and the control's title as a comment.
pub fn soa_yaml(organisation: &str, today: Date) -> String {
    let catalog = catalog();
    let mut out = format!(
        "# Statement of Applicability of {organisation} (ISO/IEC 27001:2022, clause 6.1.3 d).\n\
#\n\
# Decide every control of Annex A: write under its id whether it applies, how far it is\n\
# implemented, and why it is included or excluded. For example:\n\
#\n\
#   A.5.1:   # Policies for information security\n\
#     applicable: true\n\
#     status: planned         # implemented | partial | planned | not-implemented\n\
#     reasons: [legal, contractual]   # why it is selected: legal | contractual | business | risk\n\
#     justification: Required by clause 5.2 and by customer contracts; see ISMS-POL.\n\
#   A.7.4:   # Physical security monitoring\n\
#     applicable: false\n\
#     justification: No premises of our own; the landlord monitors the building.\n\
#\n\
# A control with nothing under it is undecided: `annexa check` warns about it\n\
# (soa-missing-decision), and the CI workflow fails until every control is decided.\n\
# `annexa soa add-missing` writes `applicable: true` and an empty `justification:` under\n\
# each one, to complete (`annexa check` fails on an empty justification).\n\
#\n\
# The SoA is a controlled document like the others: its version, owner, approval, review\n\
# and history are written here. Set `approved:` when it is approved, and add a history line\n\
# with each new version.\n\
framework: iso27001-2022\n\
version: \"0.1\"\n\
owner: ISMS Manager           # the role responsible for the SoA\n\
approver: Top management      # the role that approves it\n\
# approved: YYYY-MM-DD        # the date it was approved\n\
# last_reviewed: YYYY-MM-DD\n\
review_every: 12 months\n\
history:\n\
  - {{ version: \"0.1\", date: {today}, author: annexa init, change: Every control listed for a decision }}\n\
controls:\n"
    );
    for theme in Theme::ALL {
        let controls: Vec<_> = catalog
            .controls
            .iter()
            .filter(|c| c.theme == theme)
            .collect();
        out.push_str(&format!(
            "\n  # {} {} controls ({})\n",
            theme.clause(),
            theme.label(),
            controls.len()
        ));
        for control in controls {
            let key = format!("{}:", control.id);
            out.push_str(&format!("  {key:<8} # {}\n", control.title));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_checked() {
        assert_eq!(
            organisation_name("  Example Ltd ").as_deref(),
            Ok("Example Ltd")
        );
        assert!(organisation_name(" ").is_err());
        assert!(organisation_name("Line\nbreak").is_err());
        assert!(organisation_name(&"x".repeat(201)).is_err());
    }

    #[test]
    fn the_name_is_literal_text_in_every_file() {
        let name = "Smith & *Sons* <b>\"Ltd\"</b> [1]\\";
        let files = files(name, jiff::civil::date(2026, 11, 28));
        let text = |path: &str| {
            files
                .iter()
                .find(|f| f.path == std::path::Path::new(path))
                .map(|f| f.text.clone())
                .unwrap_or_default()
        };
        let config = crate::config::parse(&text("annexa.toml"));
        assert_eq!(config.map(|c| c.organisation).ok().as_deref(), Some(name));
        let scope = text("isms/scope.md");
        assert!(
            scope.contains(r"Smith \& \*Sons\* \<b\>"),
            "the name is escaped in Markdown: {scope}"
        );
        assert!(scope.contains("date: 2026-11-28,"), "{scope}");
        for file in &files {
            assert!(
                !file.text.contains("{{"),
                "{} keeps a placeholder",
                file.path.display()
            );
        }
    }

    #[test]
    fn annexa_toml_explains_every_setting_and_parses() {
        let files = files("Example Ltd", jiff::civil::date(2026, 11, 28));
        let text = files
            .iter()
            .find(|f| f.path == std::path::Path::new("annexa.toml"))
            .map(|f| f.text.clone())
            .unwrap_or_default();
        for setting in crate::config::KNOWN_SETTINGS {
            let written = text.lines().any(|l| {
                let l = l.trim_start_matches(['#', ' ']);
                l.starts_with(&format!("{setting} =")) || l.starts_with(&format!("[{setting}"))
            });
            assert!(written, "annexa.toml does not show `{setting}`:\n{text}");
        }
        let config = crate::config::parse(&text).ok();
        let manual = config.as_ref().and_then(|c| c.types.get("manual"));
        assert_eq!(
            manual.map(|t| (t.prefix.as_str(), t.folder.as_str())),
            Some(("ISMS", "isms"))
        );
    }

    #[test]
    fn the_soa_lists_every_control_undecided_by_theme() {
        let text = soa_yaml("Example Ltd", jiff::civil::date(2026, 11, 25));
        let (soa, diagnostics) = crate::source::soa::parse(&text);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        // A controlled document from the start: a draft, not approved yet.
        assert!(soa.is_controlled());
        assert_eq!(soa.control.version.as_deref(), Some("0.1"));
        assert_eq!(soa.control.approved, None);
        assert_eq!(
            soa.control.history[0].date,
            Some(jiff::civil::date(2026, 11, 25))
        );
        assert!(
            text.contains("#     reasons: [legal, contractual]"),
            "{text}"
        );
        assert!(soa.decisions.is_empty());
        assert_eq!(soa.undecided.len(), catalog().controls.len());
        assert_eq!(catalog().controls.len(), 93);
        assert!(text.contains("  # A.6 People controls (8)\n"), "{text}");
        assert!(
            text.contains("  A.5.15:  # Access control\n"),
            "the title is a comment beside the id: {text}"
        );
    }
}
