//! Finding where top-level keys and list items of the front matter are written, so that a
//! problem with a value can be reported at its line and column in the `.md` file.
//!
//! serde_yaml gives positions for syntax errors but not for values; front matter is a flat
//! mapping written one key per line, so a scan of the lines is exact for it.

use std::collections::BTreeMap;
use std::ops::Range;

/// Top-level keys of a front matter block and the byte ranges they occupy in the file.
pub struct KeyIndex {
    /// key → (offset of the key, range of the whole entry up to the next key).
    keys: BTreeMap<String, (usize, Range<usize>)>,
}

impl KeyIndex {
    /// Scans `text[yaml]` for lines that start a top-level key (`key:` at column 1).
    pub fn scan(text: &str, yaml: Range<usize>) -> KeyIndex {
        let mut starts: Vec<(String, usize)> = Vec::new();
        let mut offset = yaml.start;
        for line in text[yaml.clone()].split_inclusive('\n') {
            if let Some(key) = top_level_key(line) {
                starts.push((key.to_string(), offset));
            }
            offset += line.len();
        }
        let mut keys = BTreeMap::new();
        for (i, (key, start)) in starts.iter().enumerate() {
            let end = starts.get(i + 1).map_or(yaml.end, |(_, next)| *next);
            keys.entry(key.clone()).or_insert((*start, *start..end));
        }
        KeyIndex { keys }
    }

    /// Offset of `key` in the file.
    pub fn key_offset(&self, key: &str) -> Option<usize> {
        self.keys.get(key).map(|(offset, _)| *offset)
    }

    /// Offset and length of the value written after `key:` on the key's own line, or the
    /// key itself when the value is on later lines.
    pub fn value_span(&self, text: &str, key: &str) -> Option<(usize, usize)> {
        let (offset, _) = self.keys.get(key)?;
        let line_end = text[*offset..]
            .find('\n')
            .map_or(text.len(), |i| offset + i);
        let line = &text[*offset..line_end];
        let after_colon = line.find(':').map_or(0, |i| i + 1);
        let value = line[after_colon..].trim_end_matches('\r');
        let value_trimmed = value.trim();
        if value_trimmed.is_empty() || value_trimmed.starts_with('#') {
            return Some((*offset, key.len()));
        }
        let lead = value.len() - value.trim_start().len();
        let start = offset + after_colon + lead;
        let unquoted = value_trimmed
            .split(" #")
            .next()
            .unwrap_or(value_trimmed)
            .trim_end();
        Some((start, unquoted.len()))
    }

    /// The list items of `key` exactly as written (offset, text without quotes), for a flow
    /// list (`[a, b]`) or a block list (`- a` lines). Empty when the value is neither.
    pub fn raw_items<'t>(&self, text: &'t str, key: &str) -> Vec<(usize, &'t str)> {
        let Some((_, range)) = self.keys.get(key) else {
            return Vec::new();
        };
        let entry = &text[range.clone()];
        let Some(colon) = entry.find(':') else {
            return Vec::new();
        };
        let mut items = Vec::new();
        let value = &entry[colon + 1..];
        let value_start = range.start + colon + 1;
        let trimmed = value.trim_start();
        if let Some(rest) = trimmed.strip_prefix('[') {
            let open = value_start + (value.len() - trimmed.len()) + 1;
            let close = rest.find(']').unwrap_or(rest.len());
            let mut offset = open;
            for part in rest[..close].split(',') {
                let lead = part.len() - part.trim_start().len();
                let item = part.trim().trim_matches(['"', '\'']);
                if !item.is_empty() {
                    let quote = usize::from(part.trim_start().starts_with(['"', '\'']));
                    items.push((offset + lead + quote, item));
                }
                offset += part.len() + 1;
            }
            return items;
        }
        let mut offset = value_start;
        for line in value.split_inclusive('\n') {
            let body = line.trim_start();
            if let Some(item) = body.strip_prefix("- ") {
                let item_text = item
                    .split(" #")
                    .next()
                    .unwrap_or(item)
                    .trim()
                    .trim_matches(['"', '\'']);
                let at =
                    offset + (line.len() - body.len()) + 2 + (item.len() - item.trim_start().len());
                let quote = usize::from(item.trim_start().starts_with(['"', '\'']));
                items.push((at + quote, item_text));
            }
            offset += line.len();
        }
        items
    }

    /// Offsets of the list items of `key`, in order: each item is searched for after the
    /// previous one within the key's entry. Items that cannot be found get the key's offset.
    pub fn item_spans(&self, text: &str, key: &str, items: &[String]) -> Vec<(usize, usize)> {
        let Some((key_offset, range)) = self.keys.get(key) else {
            return items.iter().map(|_| (0, 0)).collect();
        };
        let entry = &text[range.clone()];
        let mut cursor = key.len() + 1;
        items
            .iter()
            .map(|item| {
                let found = entry
                    .get(cursor..)
                    .and_then(|rest| find_token(rest, item))
                    .map(|i| cursor + i);
                match found {
                    Some(i) => {
                        cursor = i + item.len();
                        (range.start + i, item.len())
                    }
                    None => (*key_offset, key.len()),
                }
            })
            .collect()
    }
}

/// Finds `token` in `haystack` where it is not part of a longer word.
fn find_token(haystack: &str, token: &str) -> Option<usize> {
    if token.is_empty() {
        return None;
    }
    let is_word = |c: char| c.is_alphanumeric() || c == '-' || c == '_' || c == '.';
    let mut from = 0;
    while let Some(i) = haystack[from..].find(token).map(|i| i + from) {
        let before = haystack[..i].chars().next_back();
        let after = haystack[i + token.len()..].chars().next();
        let bounded_before = before.is_none_or(|c| !is_word(c));
        let bounded_after = after.is_none_or(|c| {
            !is_word(c)
                || (c == '.'
                    && !haystack[i + token.len() + 1..].starts_with(|d: char| d.is_alphanumeric()))
        });
        if bounded_before && bounded_after {
            return Some(i);
        }
        from = i + token.len();
    }
    None
}

fn top_level_key(line: &str) -> Option<&str> {
    let first = line.chars().next()?;
    if !(first.is_ascii_alphabetic() || first == '_' || first == '"' || first == '\'') {
        return None;
    }
    let colon = line.find(':')?;
    let key = line[..colon].trim_end().trim_matches(['"', '\'']);
    let valid = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-' || c == ' ');
    let followed_by_space =
        line[colon + 1..].starts_with([' ', '\t', '\r', '\n']) || line.len() == colon + 1;
    (valid && followed_by_space).then_some(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "---\nid: POL-AC\ncontrols: [A.5.1, A.5.15, A.5.1]\nrelated:\n  - POL-IS\n  - PRO-JML # joiners\ntitle: Access: \"x\"\n---\n";

    fn index() -> KeyIndex {
        KeyIndex::scan(TEXT, 4..TEXT.len() - 4)
    }

    #[test]
    fn finds_keys_and_values() {
        let index = index();
        assert_eq!(index.key_offset("id"), Some(4));
        let (start, len) = index.value_span(TEXT, "id").unwrap_or_default();
        assert_eq!(&TEXT[start..start + len], "POL-AC");
        let (start, len) = index.value_span(TEXT, "related").unwrap_or_default();
        assert_eq!(&TEXT[start..start + len], "related");
    }

    #[test]
    fn finds_items_in_order_and_whole_words_only() {
        let index = index();
        let items = [
            "A.5.1".to_string(),
            "A.5.15".to_string(),
            "A.5.1".to_string(),
        ];
        let spans = index.item_spans(TEXT, "controls", &items);
        let first = TEXT.find("A.5.1,").unwrap_or(0);
        let second = TEXT.find("A.5.15").unwrap_or(0);
        let third = TEXT.rfind("A.5.1]").unwrap_or(0);
        assert_eq!(spans, vec![(first, 5), (second, 6), (third, 5)]);
        let raw: Vec<&str> = index
            .raw_items(TEXT, "controls")
            .into_iter()
            .map(|(_, t)| t)
            .collect();
        assert_eq!(raw, vec!["A.5.1", "A.5.15", "A.5.1"]);
        let raw = index.raw_items(TEXT, "related");
        assert_eq!(
            raw.iter().map(|(_, t)| *t).collect::<Vec<_>>(),
            vec!["POL-IS", "PRO-JML"]
        );
        assert_eq!(&TEXT[raw[1].0..raw[1].0 + 7], "PRO-JML");
        let related = index.item_spans(TEXT, "related", &["PRO-JML".to_string()]);
        assert_eq!(related[0].0, TEXT.find("PRO-JML").unwrap_or(0));
    }
}
