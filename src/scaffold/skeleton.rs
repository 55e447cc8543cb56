//! The body `annexa new` writes for a document type: numbered headings, each with a line of
//! guidance on what the section must say. Never the title: the page template shows it.

const PURPOSE: (&str, &str) = (
    "Purpose",
    "Why this document exists and which risks or requirements it addresses.",
);
const SCOPE: (&str, &str) = (
    "Scope",
    "The people, information, systems and locations it applies to.",
);
const ROLES: (&str, &str) = (
    "Roles and responsibilities",
    "Who does what, by role: the owner, the approver, the people who carry it out.",
);
const RELATED: (&str, &str) = (
    "Related documents",
    "The documents this one depends on or that implement it, as `[[ID]]` links.",
);

/// The sections of a type's skeleton: (heading, guidance).
fn sections(doc_type: &str) -> Vec<(&'static str, &'static str)> {
    match doc_type {
        "policy" => vec![
            PURPOSE,
            SCOPE,
            ("Policy statements", "The rules, each a short statement that can be checked (\"must\", \"must not\")."),
            ROLES,
            ("Compliance and exceptions", "How compliance is checked, how an exception is requested and approved, and what follows a breach."),
            RELATED,
        ],
        "procedure" => vec![
            PURPOSE,
            SCOPE,
            ROLES,
            ("Procedure", "The steps in order: who does what, when, and with which tool."),
            ("Records", "The evidence each run leaves, where it is kept and for how long."),
            RELATED,
        ],
        "standard" => vec![
            PURPOSE,
            SCOPE,
            ("Requirements", "Measurable technical requirements: settings, versions, lengths, intervals."),
            ("Exceptions", "How a deviation is approved and recorded."),
            RELATED,
        ],
        "guideline" => vec![
            PURPOSE,
            ("Guidance", "Recommended practice with examples; a guideline advises, it does not require."),
            RELATED,
        ],
        "plan" => vec![
            PURPOSE,
            ("Objectives", "What the plan achieves, with a measure for each objective."),
            ("Actions and timeline", "What will be done, by whom, by when, with which resources."),
            ("Monitoring", "How progress is measured and reported, and to whom."),
            RELATED,
        ],
        "record" => vec![
            ("Summary", "What this record is evidence of, and the period it covers."),
            ("Details", "The entries, results or decisions recorded."),
            ("Evidence", "Where the supporting evidence is kept (files in static/, tickets, tools)."),
        ],
        "manual" => vec![
            PURPOSE,
            ("Content", "The description of the management system this document is about."),
            RELATED,
        ],
        _ => vec![
            PURPOSE,
            SCOPE,
            ("Content", "What the document says."),
            RELATED,
        ],
    }
}

/// The Markdown body of a new document of `doc_type`.
pub fn body(doc_type: &str) -> String {
    let mut out = String::new();
    for (number, (heading, guidance)) in sections(doc_type).iter().enumerate() {
        if number > 0 {
            out.push('\n');
        }
        out.push_str(&format!("## {}. {heading}\n\n> {guidance}\n", number + 1));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_type_has_numbered_sections_with_guidance_and_no_title() {
        for doc_type in [
            "policy",
            "procedure",
            "standard",
            "guideline",
            "plan",
            "record",
            "manual",
            "risk",
        ] {
            let text = body(doc_type);
            assert!(text.starts_with("## 1. "), "{doc_type}: {text}");
            assert!(!text.contains("\n# "), "{doc_type} repeats a title: {text}");
            let headings = text.lines().filter(|l| l.starts_with("## ")).count();
            let notes = text.lines().filter(|l| l.starts_with("> ")).count();
            assert!(headings >= 3 && headings == notes, "{doc_type}: {text}");
        }
        assert!(body("procedure").contains("## 4. Procedure\n"));
        assert!(body("standard").contains("## 3. Requirements\n"));
    }
}
