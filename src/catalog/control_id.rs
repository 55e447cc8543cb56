//! Normalised Annex A control ids: `A.5.15`, `a.5.15` and `5.15` are the same control.

use std::fmt;

/// A normalised Annex A control id, always written `A.<n>.<n>[.<n>]`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(transparent)]
pub struct ControlId(pub(crate) String);

impl ControlId {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The numbers after `A.`, for ordering in catalogue order (5.2 before 5.10).
    pub fn numbers(&self) -> Vec<u32> {
        self.0[2..]
            .split('.')
            .filter_map(|n| n.parse().ok())
            .collect()
    }

    /// A file-name-safe slug: `A.5.15` → `a-5-15`.
    pub fn slug(&self) -> String {
        self.0.to_ascii_lowercase().replace('.', "-")
    }
}

impl fmt::Display for ControlId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What a control reference written by a user looks like once normalised.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParsedControlRef {
    /// Two numbers: an ISO/IEC 27001:2022 id (`A.5.15`).
    Current(ControlId),
    /// Three numbers: an ISO/IEC 27001:2013 id (`A.12.6.1`).
    Legacy(ControlId),
}

impl ParsedControlRef {
    /// Parses `A.5.15`, `a.5.15`, `5.15`, `A.12.6.1`, `12.6.1`. Returns `None` for text that
    /// does not have the shape of an Annex A id at all.
    pub fn parse(text: &str) -> Option<ParsedControlRef> {
        let trimmed = text.trim();
        let numbers = trimmed
            .strip_prefix("A.")
            .or_else(|| trimmed.strip_prefix("a."))
            .unwrap_or(trimmed);
        let parts: Vec<&str> = numbers.split('.').collect();
        let all_numeric = parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit()));
        if !all_numeric {
            return None;
        }
        let normalised: Vec<String> = parts
            .iter()
            .map(|p| p.trim_start_matches('0'))
            .map(|p| {
                if p.is_empty() {
                    "0".to_string()
                } else {
                    p.to_string()
                }
            })
            .collect();
        let id = ControlId(format!("A.{}", normalised.join(".")));
        match parts.len() {
            2 => Some(ParsedControlRef::Current(id)),
            3 => Some(ParsedControlRef::Legacy(id)),
            _ => None,
        }
    }

    /// True when the text starts like a control id (`A.` followed by a digit, or a digit then
    /// a dot), so that a malformed one is reported as an unknown control, not as a document id.
    pub fn looks_like_control(text: &str) -> bool {
        let t = text.trim();
        let rest = t.strip_prefix("A.").or_else(|| t.strip_prefix("a."));
        match rest {
            Some(r) => r.starts_with(|c: char| c.is_ascii_digit()),
            None => {
                let mut chars = t.chars();
                matches!(chars.next(), Some(c) if c.is_ascii_digit())
                    && t.contains('.')
                    && t.bytes().all(|b| b.is_ascii_digit() || b == b'.')
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn current(s: &str) -> Option<ParsedControlRef> {
        Some(ParsedControlRef::Current(ControlId(s.to_string())))
    }

    #[test]
    fn accepted_shapes() {
        let cases = [
            ("A.5.15", current("A.5.15")),
            ("a.5.15", current("A.5.15")),
            ("5.15", current("A.5.15")),
            (" A.8.1 ", current("A.8.1")),
            ("A.05.015", current("A.5.15")),
            (
                "A.12.6.1",
                Some(ParsedControlRef::Legacy(ControlId("A.12.6.1".into()))),
            ),
            (
                "12.6.1",
                Some(ParsedControlRef::Legacy(ControlId("A.12.6.1".into()))),
            ),
        ];
        for (input, expected) in cases {
            assert_eq!(ParsedControlRef::parse(input), expected, "{input}");
        }
    }

    #[test]
    fn rejected_shapes() {
        for input in [
            "POL-AC",
            "A.5",
            "A..5",
            "A.5.x",
            "5",
            "",
            "A.1.2.3.4",
            "A.5.15a",
        ] {
            assert_eq!(ParsedControlRef::parse(input), None, "{input}");
        }
    }

    #[test]
    fn looks_like_control() {
        assert!(ParsedControlRef::looks_like_control("A.5.99"));
        assert!(ParsedControlRef::looks_like_control("5.99"));
        assert!(!ParsedControlRef::looks_like_control("POL-AC"));
        assert!(!ParsedControlRef::looks_like_control("ISMS-2"));
    }

    #[test]
    fn slug_and_numbers() {
        let id = ControlId("A.5.15".into());
        assert_eq!(id.slug(), "a-5-15");
        assert_eq!(id.numbers(), vec![5, 15]);
    }
}
