//! Owners and approvers: every document has an owner, and roles are the ones annexa.toml lists.

use crate::diagnostic::{did_you_mean, Diagnostic};
use crate::model::Isms;
use crate::source::Status;

/// `missing-owner`: a document in force without an owner.
pub fn missing_owners(isms: &Isms) -> Vec<Diagnostic> {
    isms.documents
        .iter()
        .filter(|d| d.source.front.status != Status::Retired && d.source.front.owner.is_none())
        .filter(|d| !d.source.front.is_invalid("owner"))
        .map(|d| {
            crate::lint::registry::MISSING_OWNER.report(format!("{} has no owner", d.id()),
            )
            .at(d.source.locate(d.source.front.id.span))
            .with_help(
                "add `owner:` with the role responsible for the document, e.g. `owner: Head of IT`",
            )
            .grouped(
                "documents in force have no owner",
                d.id(),
                "add `owner:` with the role responsible to each, e.g. `owner: Head of IT`",
            )
        })
        .collect()
}

/// The listed role most like `name` (by normalised edit distance).
fn closest_role<'a>(name: &str, roles: &'a [String]) -> &'a str {
    let name = name.to_lowercase();
    roles
        .iter()
        .map(|r| {
            (
                strsim::normalized_damerau_levenshtein(&name, &r.to_lowercase()),
                r,
            )
        })
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map_or("", |(_, r)| r.as_str())
}

/// How to fix `name`, which is not one of `roles`.
pub(super) fn role_help(name: &str, roles: &[String]) -> String {
    match did_you_mean(name, roles.iter().map(String::as_str)) {
        Some(role) => format!("did you mean `{role}`?"),
        None => format!(
            "the closest role in annexa.toml is `{}`; use a listed role, or add `{name}` to `roles`",
            closest_role(name, roles),
        ),
    }
}

/// `unknown-owner`: when annexa.toml lists roles, owners and approvers must be among them.
pub fn unknown_owners(isms: &Isms) -> Vec<Diagnostic> {
    let roles = &isms.config.roles;
    if roles.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for doc in &isms.documents {
        let front = &doc.source.front;
        for (field, person) in [("owner", &front.owner), ("approver", &front.approver)] {
            let Some(person) = person else { continue };
            if roles.iter().any(|r| r == &person.value) {
                continue;
            }
            let help = role_help(&person.value, roles);
            out.push(
                crate::lint::registry::UNKNOWN_OWNER
                    .report(format!(
                        "`{}` ({field} of {}) is not a role listed in annexa.toml",
                        person.value,
                        doc.id()
                    ))
                    .at(doc.source.locate(person.span))
                    .with_help(help)
                    .grouped(
                        format!(
                            "documents name `{}`, which is not a role listed in annexa.toml",
                            person.value
                        ),
                        format!("{} ({field})", doc.id()),
                        format!(
                            "use a listed role, or add `{}` to `roles` in annexa.toml",
                            person.value
                        ),
                    ),
            );
        }
    }
    out
}
