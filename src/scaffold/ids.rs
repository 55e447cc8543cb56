//! Ids and titles for `annexa new`: the next id in the style the project already uses for a
//! type (`POL-008` after `POL-007`, `POL-RW` beside `POL-AC`), and the documents whose titles
//! are close to a new one.

use crate::config::IdStyle;

/// Words left out of initials and title comparisons.
const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with",
];

/// Words that name a kind of document: "Remote Working Policy" is about remote working.
const DOCUMENT_WORDS: &[&str] = &[
    "policy",
    "policies",
    "procedure",
    "procedures",
    "standard",
    "standards",
    "guideline",
    "guidelines",
    "plan",
    "plans",
    "record",
    "records",
    "manual",
    "document",
];

/// The part of an id after its prefix and `-`: `POL-AC` → `AC`.
fn suffix(id: &str) -> &str {
    id.split_once('-').map_or("", |(_, rest)| rest)
}

fn is_numbered(id: &str) -> bool {
    let s = suffix(id);
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn is_initials(id: &str) -> bool {
    suffix(id).starts_with(|c: char| c.is_ascii_alphabetic())
}

/// The style the ids of `of_type` follow (ids of the documents of the type); when they are
/// as many one way as the other, the style of `all` (every id of the project); numbered when
/// that does not decide either.
pub fn project_style(of_type: &[&str], all: &[&str]) -> IdStyle {
    let vote = |ids: &[&str]| {
        let numbered = ids.iter().filter(|id| is_numbered(id)).count();
        let initials = ids.iter().filter(|id| is_initials(id)).count();
        match numbered.cmp(&initials) {
            std::cmp::Ordering::Less => Some(IdStyle::Initials),
            std::cmp::Ordering::Greater => Some(IdStyle::Numbered),
            std::cmp::Ordering::Equal => None,
        }
    };
    vote(of_type)
        .or_else(|| vote(all))
        .unwrap_or(IdStyle::Numbered)
}

/// The next free id `PREFIX-NNN` given the ids in use (case-insensitive; at least 3 digits).
pub fn next_numbered(prefix: &str, used: &[&str]) -> String {
    let wanted = format!("{}-", prefix.to_uppercase());
    let mut highest = 0u64;
    let mut width = 3;
    for id in used {
        let upper = id.to_uppercase();
        let Some(number) = upper.strip_prefix(&wanted) else {
            continue;
        };
        if !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()) {
            highest = highest.max(number.parse().unwrap_or(0));
            width = width.max(number.len());
        }
    }
    format!("{}-{:0width$}", prefix.to_uppercase(), highest + 1)
}

/// The words of a title that say what it is about, lower case: "Remote Working Policy" →
/// `remote`, `working`. All words when every one is a stop or document word.
fn topic_words(title: &str) -> Vec<String> {
    let words: Vec<String> = title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let topic: Vec<String> = words
        .iter()
        .filter(|w| !STOP_WORDS.contains(&w.as_str()) && !DOCUMENT_WORDS.contains(&w.as_str()))
        .cloned()
        .collect();
    if topic.is_empty() {
        words
    } else {
        topic
    }
}

/// The letters of an initials id: the first letter of each topic word (up to four), or the
/// first three of a single word ("Backup Policy" → `BAC`). ASCII only, since ids are used in
/// file names and URLs; None when the title has no ASCII letter or digit to take.
fn initials(title: &str) -> Option<String> {
    let ascii: Vec<String> = topic_words(title)
        .iter()
        .map(|w| {
            w.chars()
                .filter(char::is_ascii_alphanumeric)
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .collect();
    let letters: String = match ascii.as_slice() {
        [] => return None,
        [one] => one.chars().take(3).collect(),
        many => many
            .iter()
            .take(4)
            .filter_map(|w| w.chars().next())
            .collect(),
    };
    Some(letters.to_uppercase())
}

/// `PREFIX-XY` from the title's initials, with `2`, `3`, … added when that id is taken.
/// None when the title gives no initials.
pub fn next_initials(prefix: &str, title: &str, used: &[&str]) -> Option<String> {
    let base = format!("{}-{}", prefix.to_uppercase(), initials(title)?);
    let taken = |id: &str| used.iter().any(|u| u.eq_ignore_ascii_case(id));
    if !taken(&base) {
        return Some(base);
    }
    (2u32..)
        .map(|n| format!("{base}{n}"))
        .find(|candidate| !taken(candidate))
}

/// Whether two titles name the same subject: the same topic words, or nearly the same
/// spelling of them ("Remote Work Policy" and "Remote Working Policy").
pub fn similar_titles(a: &str, b: &str) -> bool {
    let a = topic_words(a).join(" ");
    let b = topic_words(b).join(" ");
    a == b || strsim::sorensen_dice(&a, &b) >= 0.8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_numbered_ids() {
        assert_eq!(next_numbered("POL", &[]), "POL-001");
        assert_eq!(
            next_numbered("POL", &["POL-AC", "pol-007", "POL-003", "PRO-100"]),
            "POL-008"
        );
        assert_eq!(next_numbered("pol", &["POL-0042"]), "POL-0043");
        assert_eq!(next_numbered("STD", &["STD-999"]), "STD-1000");
    }

    #[test]
    fn initials_of_titles() {
        let cases = [
            ("Remote Working Policy", Some("RW")),
            ("Data Classification and Handling Policy", Some("DCH")),
            ("Backup Policy", Some("BAC")),
            ("Policy", Some("POL")),
            ("Joiner, Mover and Leaver Procedure", Some("JML")),
            ("Über die Sicherheit", Some("BDS")),
            ("Ääö", None),
            ("A B C D E F", Some("BCDE")),
        ];
        for (title, expected) in cases {
            assert_eq!(initials(title).as_deref(), expected, "{title}");
        }
    }

    #[test]
    fn next_initials_adds_a_number_when_taken() {
        assert_eq!(
            next_initials("POL", "Remote Working Policy", &["POL-AC"]).as_deref(),
            Some("POL-RW")
        );
        assert_eq!(
            next_initials("pol", "Remote Working Policy", &["POL-RW", "pol-rw2"]).as_deref(),
            Some("POL-RW3")
        );
        assert_eq!(next_initials("POL", "…", &[]), None);
    }

    #[test]
    fn the_style_follows_the_type_then_the_project() {
        assert_eq!(
            project_style(&["POL-AC", "POL-RW", "POL-001"], &[]),
            IdStyle::Initials
        );
        assert_eq!(
            project_style(&["POL-001", "POL-002", "ISMS-POL"], &[]),
            IdStyle::Numbered
        );
        assert_eq!(
            project_style(&[], &["ISMS-POL", "ISMS-SCOPE"]),
            IdStyle::Initials
        );
        assert_eq!(project_style(&[], &[]), IdStyle::Numbered);
    }

    #[test]
    fn similar_and_different_titles() {
        let pairs = [
            ("Remote Working Policy", "Remote Working Policy", true),
            ("remote working", "Remote Working Policy", true),
            ("Remote Work Policy", "Remote Working Policy", true),
            ("Policy on Remote Working", "Remote Working Policy", true),
            ("Access Control Policy", "Asset Management Policy", false),
            ("Remote Access Policy", "Remote Working Policy", false),
            ("Backup Policy", "Backup and Restore Test Procedure", false),
        ];
        for (a, b, expected) in pairs {
            assert_eq!(similar_titles(a, b), expected, "{a} / {b}");
        }
    }
}
