//! The SoA as a controlled document: why each applicable control was selected, whether
//! soa.yaml changed after its approval, its review, owner and approver.

use super::owners::role_help;
use super::registry::{SOA_CHANGED_AFTER_APPROVAL, SOA_MISSING_REASON};
use crate::diagnostic::{Diagnostic, Location};
use crate::model::review::{soa_review, ReviewState};
use crate::model::Isms;
use crate::source::soa::SOA_FILE;

/// `soa-missing-reason`: applicable, decided, and neither `reasons:`, a justification nor a
/// risk selecting it says why. (A stub with `justification:` and nothing after it is
/// `soa-empty-justification`.)
pub fn missing_reasons(isms: &Isms) -> Vec<Diagnostic> {
    isms.soa
        .decisions
        .iter()
        .filter(|(_, d)| d.applicable && d.empty_justification.is_none())
        .filter(|(_, d)| d.reasons.is_empty() && d.justification.is_none())
        // A risk selecting the control is its reason (6.1.3 d).
        .filter(|(id, _)| isms.records_for_control(id).is_empty())
        .map(|(id, d)| {
            SOA_MISSING_REASON
                .report(format!("{id} is applicable, but nothing says why it was selected"))
                .at(d.location.clone())
                .with_help(format!(
                    "add `reasons: [legal, contractual, business, risk]` (those that apply) or a \
                     `justification:` under {id} (ISO/IEC 27001 clause 6.1.3 d)"
                ))
                .grouped(
                    "applicable controls have neither reasons nor a justification",
                    id.to_string(),
                    "add `reasons:` (legal, contractual, business, risk) or a `justification:` to each",
                )
        })
        .collect()
}

/// `soa-changed-after-approval`: the newest `history:` entry is dated after `approved:`, so
/// the approved SoA is not the one in force. Judged from the dates in soa.yaml alone; a later
/// version compares the file's git history with `approved:`.
pub fn changed_after_approval(isms: &Isms) -> Vec<Diagnostic> {
    let control = &isms.soa.control;
    let (Some(approved), Some(changed)) = (control.approved, control.latest_change()) else {
        return Vec::new();
    };
    if changed <= approved {
        return Vec::new();
    }
    let location = isms
        .soa
        .control_location("approved")
        .unwrap_or_else(|| Location::whole_file(SOA_FILE));
    let mut diagnostic = SOA_CHANGED_AFTER_APPROVAL
        .report(format!(
            "the SoA changed on {changed} (history), after its approval on {approved}"
        ))
        .at(location)
        .with_help(
            "have the changed SoA approved, then set `approved:` (and `version:`) to match the \
             newest history entry",
        );
    if let Some(history) = isms.soa.control_location("history") {
        diagnostic = diagnostic.with_related(history, "the newest change is in the history");
    }
    vec![diagnostic]
}

/// `review-overdue`, `review-due-soon` and `never-reviewed` for an approved SoA, as for an
/// approved document.
pub fn review(isms: &Isms) -> Vec<Diagnostic> {
    let soa = &isms.soa;
    let review_keys = ["approved", "last_reviewed", "next_review", "review_every"];
    if soa.control.approved.is_none() || review_keys.iter().any(|k| soa.control_invalid.contains(k))
    {
        return Vec::new();
    }
    let Some(review) = soa_review(soa, &isms.config, isms.today) else {
        return Vec::new();
    };
    let location = ["next_review", "last_reviewed", "approved"]
        .iter()
        .find_map(|k| soa.control_location(k))
        .unwrap_or_else(|| Location::whole_file(SOA_FILE));
    let today = isms.today;
    let diagnostic = match (review.state, review.next) {
        (ReviewState::Overdue, Some(next)) => {
            let days = next.until(today).map(|s| s.get_days()).unwrap_or(0);
            crate::lint::registry::REVIEW_OVERDUE
                .report(format!(
                    "the SoA was due for review on {next} ({days} days ago)"
                ))
                .with_help(
                    "review the SoA, then set `last_reviewed:` in soa.yaml to the review date",
                )
        }
        (ReviewState::DueSoon, Some(next)) => {
            let days = today.until(next).map(|s| s.get_days()).unwrap_or(0);
            crate::lint::registry::REVIEW_DUE_SOON
                .report(format!(
                    "the SoA is due for review on {next} (in {days} days)"
                ))
                .with_help("plan the review with the owner; after it, update `last_reviewed:`")
        }
        (ReviewState::NeverReviewed, _) => crate::lint::registry::NEVER_REVIEWED
            .report("the SoA is approved but has no review date")
            .with_help("add `last_reviewed: YYYY-MM-DD` (and `review_every:`) to soa.yaml"),
        _ => return Vec::new(),
    };
    vec![diagnostic.at(location)]
}

/// `missing-owner` for a controlled SoA, and `unknown-owner` for its owner and approver.
pub fn owners(isms: &Isms) -> Vec<Diagnostic> {
    let soa = &isms.soa;
    let mut out = Vec::new();
    if soa.is_controlled() && soa.control.owner.is_none() && !soa.control_invalid.contains(&"owner")
    {
        let location = soa
            .control_location("version")
            .or_else(|| soa.control_keys.first().map(|(_, l)| l.clone()))
            .unwrap_or_else(|| Location::whole_file(SOA_FILE));
        out.push(
            crate::lint::registry::MISSING_OWNER
                .report("the SoA has no owner")
                .at(location)
                .with_help(
                    "add `owner:` to soa.yaml with the role responsible, e.g. `owner: CISO`",
                ),
        );
    }
    let roles = &isms.config.roles;
    if roles.is_empty() {
        return out;
    }
    for (field, person) in [
        ("owner", &soa.control.owner),
        ("approver", &soa.control.approver),
    ] {
        let Some(person) = person else { continue };
        if roles.iter().any(|r| r == &person.value) {
            continue;
        }
        let location = soa
            .control_location(field)
            .unwrap_or_else(|| Location::whole_file(SOA_FILE));
        out.push(
            crate::lint::registry::UNKNOWN_OWNER
                .report(format!(
                    "`{}` ({field} of the SoA) is not a role listed in annexa.toml",
                    person.value
                ))
                .at(location)
                .with_help(role_help(&person.value, roles)),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ModelInput;

    /// The model of a project with only `soa` as soa.yaml, on 2026-11-25.
    fn isms_with_soa(soa: &str) -> Isms {
        let (soa, diagnostics) = crate::source::soa::parse(soa);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        Isms::build(ModelInput {
            config: crate::config::Config::default(),
            today: jiff::civil::date(2026, 11, 25),
            documents: Vec::new(),
            static_files: Default::default(),
            soa: Some(soa),
            include_drafts: true,
            frameworks: Default::default(),
            applicability: Default::default(),
            data: Default::default(),
        })
    }

    fn names(diagnostics: &[Diagnostic]) -> Vec<(&'static str, usize)> {
        diagnostics
            .iter()
            .map(|d| (d.name, d.location.as_ref().map_or(0, |l| l.line)))
            .collect()
    }

    #[test]
    fn the_soa_review_is_judged_like_an_approved_document() {
        let cases: &[(&str, &[(&str, usize)])] = &[
            // Not approved yet: no review is due.
            ("version: \"0.1\"\nowner: CISO\n", &[]),
            (
                "approved: 2026-01-01\nowner: CISO\n",
                &[("never-reviewed", 1)],
            ),
            (
                "owner: CISO\napproved: 2025-01-01\nlast_reviewed: 2025-01-01\n",
                &[("review-overdue", 3)],
            ),
            (
                "owner: CISO\napproved: 2025-12-01\nlast_reviewed: 2025-12-10\n",
                &[("review-due-soon", 3)],
            ),
            (
                "owner: CISO\napproved: 2026-01-01\nnext_review: 2027-01-01\n",
                &[],
            ),
        ];
        for (control, expected) in cases {
            let isms = isms_with_soa(&format!("{control}controls:\n"));
            assert_eq!(names(&review(&isms)), *expected, "{control}");
        }
    }

    #[test]
    fn a_history_entry_after_the_approval_is_a_change_after_approval() {
        let history = "history:\n  - { version: \"2\", date: 2026-03-01, change: x }\n";
        let cases = [
            (
                "approved: 2026-02-01\n",
                vec![("soa-changed-after-approval", 1)],
            ),
            ("approved: 2026-03-01\n", vec![]),
            // Never approved: nothing was approved to change (owner lints say the rest).
            ("", vec![]),
        ];
        for (approved, expected) in cases {
            let isms = isms_with_soa(&format!("{approved}{history}controls:\n"));
            assert_eq!(
                names(&changed_after_approval(&isms)),
                expected,
                "{approved}"
            );
        }
    }

    #[test]
    fn a_controlled_soa_needs_an_owner() {
        let isms = isms_with_soa("version: \"1\"\ncontrols:\n");
        assert_eq!(names(&owners(&isms)), [("missing-owner", 1)]);
        let isms = isms_with_soa("controls:\n");
        assert_eq!(names(&owners(&isms)), []);
    }
}
