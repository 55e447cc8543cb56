//! Checks of annexa.toml's `[navigation]`: every pinned id names a document.

use crate::diagnostic::{did_you_mean, Diagnostic};
use crate::model::Isms;

/// `unknown-pinned-document`: an id in `[navigation] pinned` that no document has, at its
/// place in annexa.toml, with the closest id.
pub fn unknown_pinned(isms: &Isms) -> Vec<Diagnostic> {
    isms.config
        .pinned
        .iter()
        .filter(|p| isms.document(&p.id).is_none())
        .map(|p| {
            let help = match did_you_mean(&p.id, isms.documents.iter().map(|d| d.id())) {
                Some(id) => format!("did you mean `{id}`?"),
                None => "pin the id of a document (its `id:`), or remove this entry".to_string(),
            };
            crate::lint::registry::UNKNOWN_PINNED_DOCUMENT
                .report(format!(
                    "`{}` in [navigation] pinned is no document's id",
                    p.id
                ))
                .at(p.location.clone())
                .with_help(help)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::for_tests::isms_of;

    #[test]
    fn an_unknown_pinned_id_is_reported_with_the_closest_id() {
        let mut isms = isms_of("---\nid: ISMS-POL\ntitle: Policy\nstatus: approved\n---\n");
        isms.config = crate::config::parse("[navigation]\npinned = [\"isms-pol\", \"ISMS-PLO\"]\n")
            .unwrap_or_default();
        let found = unknown_pinned(&isms);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].help.as_deref(), Some("did you mean `ISMS-POL`?"));
        let place = found[0]
            .location
            .as_ref()
            .map(|l| (l.file.as_str(), l.line, l.column));
        assert_eq!(place, Some(("annexa.toml", 2, 23)));
    }
}
