//! The front matter text of an imported document, put before its body as written.

use super::decide::Decided;

/// A YAML scalar for `value`: plain when YAML reads it back as the same string, else
/// double-quoted. Versions are always quoted (`2.10` unquoted is the number 2.1).
pub fn scalar(key: &str, value: &str) -> String {
    let plain = !value.is_empty()
        && key != "version"
        && !value.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@`~ ".contains(c))
        && !value.ends_with([' ', ':'])
        && !value.contains(": ")
        && !value.contains(" #")
        && !value.chars().any(char::is_control)
        // Numbers, dates and YAML 1.1's booleans read as something else in some tools.
        && !value.starts_with(|c: char| c.is_ascii_digit() || c == '.')
        && !matches!(
            value.to_ascii_lowercase().as_str(),
            "yes" | "no" | "on" | "off" | "y" | "n" | "true" | "false" | "null" | "~"
        )
        && serde_yaml::from_str::<serde_yaml::Value>(value)
            .is_ok_and(|v| v == serde_yaml::Value::String(value.to_string()));
    if plain {
        return value.to_string();
    }
    let mut quoted = String::with_capacity(value.len() + 2);
    quoted.push('"');
    for c in value.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '\t' => quoted.push_str("\\t"),
            c if c.is_control() => quoted.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

/// Dates, statuses, classifications and intervals are written plain: they are known to be
/// what annexa reads.
fn is_checked(key: &str) -> bool {
    matches!(
        key,
        "type"
            | "status"
            | "approved"
            | "classification"
            | "last_reviewed"
            | "review_every"
            | "next_review"
    )
}

/// The front matter block (`---` … `---`) for `decided`, with `newline` line ends.
pub fn front_matter(decided: &Decided, newline: &str) -> String {
    let mut lines = vec![
        "---".to_string(),
        format!("id: {}", decided.id),
        format!("title: {}", scalar("title", &decided.title)),
    ];
    for (key, value) in &decided.fields {
        let value = if is_checked(key) {
            value.clone()
        } else {
            scalar(key, value)
        };
        lines.push(format!("{key}: {value}"));
    }
    lines.push("---".to_string());
    let mut text = lines.join(newline);
    text.push_str(newline);
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_stay_strings() {
        for (value, expected) in [
            ("Head of IT", "Head of IT"),
            ("Policy: Access", "\"Policy: Access\""),
            ("#1 Policy", "\"#1 Policy\""),
            ("yes", "\"yes\""),
            ("2025-03-01", "\"2025-03-01\""),
            ("12", "\"12\""),
            ("null", "\"null\""),
            ("A \"quoted\" \\ title", "A \"quoted\" \\ title"),
            ("\"Quoted\" at the start", "\"\\\"Quoted\\\" at the start\""),
            ("- dash", "\"- dash\""),
            ("🔐 Encryption Policy", "🔐 Encryption Policy"),
        ] {
            assert_eq!(scalar("title", value), expected, "{value}");
            let back: Result<String, _> = serde_yaml::from_str(&scalar("title", value));
            assert_eq!(back.ok().as_deref(), Some(value), "{value} reads back");
        }
        assert_eq!(scalar("version", "2.10"), "\"2.10\"");
    }

    #[test]
    fn the_block_uses_the_files_line_ends() {
        let decided = Decided {
            id: "POL-AC".into(),
            title: "Access: Control".into(),
            fields: vec![("status", "draft".into()), ("version", "1.0".into())],
            undecided: Vec::new(),
        };
        assert_eq!(
            front_matter(&decided, "\r\n"),
            "---\r\nid: POL-AC\r\ntitle: \"Access: Control\"\r\nstatus: draft\r\nversion: \"1.0\"\r\n---\r\n"
        );
    }
}
