//! Placing YAML problems that serde_yaml reports without a useful position: duplicate keys
//! (reported at the start of their mapping) and control characters.

/// Byte offset (in `yaml`) of the second key named in a serde_yaml "duplicate entry with key"
/// message.
pub fn duplicate_key_offset(yaml: &str, message: &str) -> Option<usize> {
    let rest = message.split("duplicate entry with key ").nth(1)?.trim();
    let key = match rest.strip_prefix('"') {
        Some(quoted) => quoted.split('"').next()?,
        None => rest.split_whitespace().next()?,
    };
    let mut seen = 0;
    let mut offset = 0;
    for line in yaml.split_inclusive('\n') {
        let body = line.trim_start();
        let unquoted = body.trim_start_matches(['"', '\'']);
        let matches = unquoted.strip_prefix(key).is_some_and(|rest| {
            rest.trim_start_matches(['"', '\''])
                .trim_start()
                .starts_with(':')
        });
        if matches {
            seen += 1;
            if seen == 2 {
                return Some(offset + (line.len() - body.len()));
            }
        }
        offset += line.len();
    }
    None
}

/// The first control character YAML does not allow (anything but tab, line feed and
/// carriage return), with its byte offset.
pub fn control_character(yaml: &str) -> Option<(usize, char)> {
    yaml.char_indices()
        .find(|(_, c)| (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || *c == '\u{feff}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_second_key() {
        let yaml = "id: A\nstatus: draft\ntitle: T\nstatus: approved\n";
        assert_eq!(
            duplicate_key_offset(yaml, "duplicate entry with key \"status\""),
            yaml.rfind("status")
        );
        let soa =
            "controls:\n  A.5.1:\n    applicable: true\n  \"A.5.1\":\n    applicable: false\n";
        assert_eq!(
            duplicate_key_offset(soa, "controls: duplicate entry with key \"A.5.1\""),
            soa.find("  \"A.5.1\"").map(|i| i + 2)
        );
        assert_eq!(duplicate_key_offset(yaml, "something else"), None);
        let with_position = "duplicate entry with key \"status\" at line 2 column 1";
        assert_eq!(
            duplicate_key_offset(yaml, with_position),
            yaml.rfind("status")
        );
    }

    #[test]
    fn finds_control_characters() {
        assert_eq!(control_character("title: a\0b"), Some((8, '\0')));
        assert_eq!(control_character("a:\tb\r\n"), None);
    }
}
