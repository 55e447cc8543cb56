//! What the published site may say about documents a build leaves out for their
//! classification: nothing. Finds the diagnostics that would name one.

use std::collections::HashSet;

use crate::diagnostic::Diagnostic;
use crate::model::{within_classification, Isms};

/// The documents `--max-classification` leaves out: their ids (lower case), titles and files.
pub struct Withheld<'a> {
    ids: HashSet<String>,
    titles: Vec<&'a str>,
    files: HashSet<&'a str>,
}

/// Characters of an id (see `valid_id`): a word of them in a message may be an id.
fn id_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '-' | '_' | '.')
}

impl<'a> Withheld<'a> {
    pub fn of(isms: &'a Isms) -> Withheld<'a> {
        let max = isms.config.max_classification;
        let mut withheld = Withheld {
            ids: HashSet::new(),
            titles: Vec::new(),
            files: HashSet::new(),
        };
        for doc in isms
            .documents
            .iter()
            .filter(|d| !within_classification(&d.source, max))
        {
            withheld.ids.insert(doc.id().to_lowercase());
            withheld.titles.push(doc.title());
            withheld.files.insert(doc.rel_path());
        }
        withheld
    }

    /// Whether `text` names a withheld document: its id as a word of its own (ignoring
    /// case; a `.` after it may end the sentence) or its title.
    pub fn named_in(&self, text: &str) -> bool {
        if self.ids.is_empty() {
            return false;
        }
        let lower = text.to_lowercase();
        let id_named = lower
            .split(|c: char| !id_char(c))
            .any(|word| self.ids.contains(word) || self.ids.contains(word.trim_matches('.')));
        id_named
            || self
                .titles
                .iter()
                .any(|t| !t.trim().is_empty() && text.contains(t))
    }

    /// Whether `diagnostic` is about a withheld document or names one: such a diagnostic is
    /// for the terminal only, never for a published page.
    pub fn concerns(&self, diagnostic: &Diagnostic) -> bool {
        let in_withheld_file = |file: &str| self.files.contains(file);
        diagnostic
            .location
            .as_ref()
            .is_some_and(|l| in_withheld_file(&l.file))
            || diagnostic
                .related
                .iter()
                .any(|(l, label)| in_withheld_file(&l.file) || self.named_in(label))
            || self.named_in(&diagnostic.message)
            || diagnostic.help.as_deref().is_some_and(|h| self.named_in(h))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn withheld() -> Withheld<'static> {
        Withheld {
            ids: ["pol-secret".to_string(), "std.1".to_string()].into(),
            titles: vec!["Merger Plan"],
            files: ["policies/secret.md"].into(),
        }
    }

    #[test]
    fn names_ids_as_words_and_titles() {
        let w = withheld();
        let cases = [
            ("POL-INT cites POL-SECRET, which is classified", true),
            ("see pol-secret.", true),
            ("see STD.1.", true),
            ("(POL-SECRET)", true),
            ("the Merger Plan is due", true),
            ("POL-SECRETS is another document", false),
            ("XPOL-SECRET", false),
            ("POL-SECRET-2 cites POL-A", false),
            ("STD.10 is fine", false),
            ("merger plans in general", false),
        ];
        for (text, expected) in cases {
            assert_eq!(w.named_in(text), expected, "{text:?}");
        }
    }

    #[test]
    fn a_diagnostic_in_or_about_a_withheld_document() {
        let w = withheld();
        let plain = Diagnostic::new("x", crate::diagnostic::Level::Warning, "POL-A has no owner");
        assert!(!w.concerns(&plain));
        let located = plain.clone().at(crate::diagnostic::Location::whole_file(
            "policies/secret.md",
        ));
        assert!(w.concerns(&located));
        let helped = plain.with_help("approve POL-SECRET first");
        assert!(w.concerns(&helped));
    }
}
