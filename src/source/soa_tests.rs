//! Unit tests of soa.yaml parsing: decisions, places of errors, document control, reasons.
use super::*;

fn names_and_lines(text: &str) -> Vec<(&'static str, usize, usize)> {
    parse(text)
        .1
        .iter()
        .map(|d| {
            (
                d.name,
                d.location.as_ref().map_or(0, |l| l.line),
                d.location.as_ref().map_or(0, |l| l.column),
            )
        })
        .collect()
}

#[test]
fn parses_decisions() {
    let text = "framework: iso27001-2022\ncontrols:\n  A.5.1:\n    applicable: true\n    status: implemented\n    justification: Needed.\n  5.2: { applicable: false, justification: No. }\n";
    let (soa, diagnostics) = parse(text);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    assert_eq!(soa.decisions.len(), 2);
    let a51 = soa.decisions.values().next();
    assert_eq!(
        a51.map(|d| (d.applicable, d.status)),
        Some((true, Some(Implementation::Implemented)))
    );
    let a52 = soa.decisions.values().nth(1);
    assert_eq!(
        a52.map(|d| (d.applicable, d.location.line)),
        Some((false, 7))
    );
}

#[test]
fn errors_at_their_lines() {
    let text = "framework: iso27001-2022\ncontrols:\n  A.5.99:\n    applicable: true\n  A.5.1:\n    applicable: true\n    status: done\n  A.12.6.1:\n    applicable: true\n  A.5.2:\n    applicable: yes please\n";
    assert_eq!(
        names_and_lines(text),
        vec![
            ("unknown-control", 3, 3),
            ("invalid-soa", 7, 13),
            ("legacy-control", 8, 3),
            ("invalid-soa", 11, 17)
        ]
    );
}

#[test]
fn numeric_keys_keep_their_trailing_zeros() {
    let (soa, diagnostics) =
        parse("controls:\n  5.1:\n    applicable: true\n  5.10:\n    applicable: true\n");
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let ids: Vec<&str> = soa.decisions.keys().map(|k| k.as_str()).collect();
    assert_eq!(ids, vec!["A.5.1", "A.5.10"]);
}

#[test]
fn a_control_with_nothing_under_it_is_undecided() {
    let text = "controls:\n  # A.5 Organizational controls\n  A.5.1:    # Policies for information security\n  A.5.2:\n  A.5.3: { applicable: true }\n";
    let (soa, diagnostics) = parse(text);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let undecided: Vec<(&str, usize)> = soa
        .undecided
        .iter()
        .map(|(id, l)| (id.as_str(), l.line))
        .collect();
    assert_eq!(undecided, vec![("A.5.1", 3), ("A.5.2", 4)]);
    let decided: Vec<&str> = soa.decisions.keys().map(|k| k.as_str()).collect();
    assert_eq!(decided, vec!["A.5.3"]);
    // Written twice, once undecided: still one entry per control.
    let twice = "controls:\n  A.5.1:\n  5.1: { applicable: true }\n";
    assert_eq!(names_and_lines(twice), vec![("invalid-soa", 3, 3)]);
}

#[test]
fn duplicates_and_yaml_errors() {
    let text = "controls:\n  A.5.1:\n    applicable: true\n  5.1:\n    applicable: false\n";
    assert_eq!(names_and_lines(text), vec![("invalid-soa", 4, 3)]);
    let bad = "controls:\n  A.5.1:\n    applicable: true\n   status: x\n";
    assert_eq!(names_and_lines(bad)[0].0, "invalid-soa");
    assert_eq!(names_and_lines(bad)[0].1, 4);
}

#[test]
fn document_control_is_checked_like_front_matter() {
    let text = "framework: iso27001-2022\nversion: \"2026.1\"\nowner: CISO\napproved: 2026-02-30\nreview_every: sometimes\nlast_reveiwed: 2026-01-01\nhistory:\n  - { version: \"2026.1\", date: 2026-13-01, change: First }\ncontrols:\n  A.5.1: { applicable: true, reasons: [legal] }\n";
    let (soa, _) = parse(text);
    assert_eq!(
        names_and_lines(text),
        vec![
            ("unknown-field", 6, 1),
            ("invalid-date", 4, 11),
            ("invalid-soa", 5, 15),
            ("invalid-date", 8, 32),
        ]
    );
    assert_eq!(soa.control.version.as_deref(), Some("2026.1"));
    assert_eq!(
        soa.control.owner.as_ref().map(|o| o.value.as_str()),
        Some("CISO")
    );
    assert_eq!(soa.control.approved, None, "a bad date is left unset");
    assert!(soa.is_controlled());
    assert_eq!(soa.control_location("owner").map(|l| l.line), Some(3));
    let help = parse(text)
        .1
        .into_iter()
        .find(|d| d.name == "unknown-field");
    assert_eq!(
        help.and_then(|d| d.help).as_deref(),
        Some("did you mean `last_reviewed`?")
    );
    assert!(!parse("controls:\n").0.is_controlled());
}

#[test]
fn reasons_are_read_and_unknown_ones_placed() {
    let text = "controls:\n  A.5.1:\n    applicable: true\n    reasons: [risk, legal]\n  A.5.2:\n    applicable: true\n    reasons:\n      - business\n      - contractal\n";
    let (soa, diagnostics) = parse(text);
    let a51 = soa.decisions.values().next().map(|d| d.reasons.clone());
    assert_eq!(a51, Some(vec![Reason::Legal, Reason::Risk]));
    assert_eq!(names_and_lines(text), vec![("invalid-soa", 9, 9)]);
    let help = diagnostics[0].help.as_deref().unwrap_or_default();
    assert!(help.contains("did you mean `contractual`?"), "{help}");
    assert!(
        help.contains("legal, contractual, business, risk"),
        "{help}"
    );
}
