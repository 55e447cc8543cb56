//! The search tokenizer: how text becomes index terms (lower case, diacritics folded,
//! `a.5.15` and `pol-ac` kept whole), shared by the index and, mirrored line by line, the
//! browser's `search.js`.

use pulldown_cmark::{Event, Parser};

use crate::model::body::markdown_options;

/// Words too common to be worth indexing (and dropped from queries), in ascending order.
pub const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in", "is",
    "it", "its", "of", "on", "or", "that", "the", "their", "this", "to", "was", "were", "which",
    "will", "with",
];

/// Terms longer than this (hashes, URLs run together) are not indexed.
const MAX_TERM_CHARS: usize = 40;

/// Folds a lower-case letter with a diacritic to its base letter (the letters of Latin-1 and
/// Latin Extended-A whose Unicode decomposition is a base letter and marks, as the browser's
/// `normalize("NFD")` gives). Combining marks themselves fold to nothing.
fn fold(c: char) -> Option<char> {
    Some(match c {
        '\u{300}'..='\u{36f}' => return None,
        'à'..='å' | 'ā' | 'ă' | 'ą' => 'a',
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => 'c',
        'ď' => 'd',
        'è'..='ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => 'e',
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => 'g',
        'ĥ' => 'h',
        'ì'..='ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' => 'i',
        'ĵ' => 'j',
        'ķ' => 'k',
        'ĺ' | 'ļ' | 'ľ' => 'l',
        'ñ' | 'ń' | 'ņ' | 'ň' => 'n',
        'ò'..='ö' | 'ō' | 'ŏ' | 'ő' => 'o',
        'ŕ' | 'ŗ' | 'ř' => 'r',
        'ś' | 'ŝ' | 'ş' | 'š' => 's',
        'ţ' | 'ť' => 't',
        'ù'..='ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => 'u',
        'ŵ' => 'w',
        'ý' | 'ÿ' | 'ŷ' => 'y',
        'ź' | 'ż' | 'ž' => 'z',
        other => other,
    })
}

/// Characters that join letters and digits into one term: `a.5.15`, `pol-ac`, `snake_case`.
fn is_joiner(c: char) -> bool {
    matches!(c, '.' | '-' | '_')
}

/// Splits `text` into normalised terms: lower case, diacritics folded, runs of letters and
/// digits (joined by `.`, `-` or `_` between them, which keeps `a.5.15` and `pol-ac` whole).
/// A term with `-` or `_` also yields its parts. Terms of one character, longer than 40
/// characters, or stop words are left out.
pub fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_term(text, |term| out.push(term.to_string()));
    out
}

/// Calls `each` with every term of `text`, as `tokens` lists them, without allocating a
/// string per term (the index reads megabytes of text).
pub fn for_each_term(text: &str, mut each: impl FnMut(&str)) {
    if text.is_ascii() {
        return for_each_ascii_term(&text.to_ascii_lowercase(), each);
    }
    let folded: String = text.to_lowercase().chars().filter_map(fold).collect();
    let mut start: Option<usize> = None;
    let mut chars = folded.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let joins = is_joiner(c)
            && start.is_some()
            && chars.peek().is_some_and(|&(_, n)| n.is_alphanumeric());
        if c.is_alphanumeric() || joins {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            emit(&folded[s..i], &mut each);
        }
    }
    if let Some(s) = start {
        emit(&folded[s..], &mut each);
    }
}

/// `for_each_term` for ASCII text already in lower case (most documents): the same terms,
/// found over bytes (for ASCII, lower-casing, folding and `is_alphanumeric` are all simple).
fn for_each_ascii_term(folded: &str, mut each: impl FnMut(&str)) {
    let bytes = folded.as_bytes();
    let mut start: Option<usize> = None;
    for (i, &b) in bytes.iter().enumerate() {
        let joins = matches!(b, b'.' | b'-' | b'_')
            && start.is_some()
            && bytes.get(i + 1).is_some_and(u8::is_ascii_alphanumeric);
        if b.is_ascii_alphanumeric() || joins {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            emit(&folded[s..i], &mut each);
        }
    }
    if let Some(s) = start {
        emit(&folded[s..], &mut each);
    }
}

fn emit(term: &str, each: &mut impl FnMut(&str)) {
    if term.contains(['-', '_']) {
        for part in term.split(['-', '_']) {
            keep(part, each);
        }
    }
    keep(term, each);
}

fn keep(term: &str, each: &mut impl FnMut(&str)) {
    let count = if term.is_ascii() {
        term.len()
    } else {
        term.chars().count()
    };
    // Every stop word has at most five letters.
    let stop = count <= 5 && STOP_WORDS.binary_search(&term).is_ok();
    if count > 1 && count <= MAX_TERM_CHARS && !stop {
        each(term);
    }
}

/// The text of a Markdown body, without markup.
pub fn plain_text(markdown: &str) -> String {
    let mut text = String::with_capacity(markdown.len());
    for event in Parser::new_ext(markdown, markdown_options()) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            _ => text.push(' '),
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    #[test]
    fn ascii_terms_are_the_general_terms() {
        let texts = [
            "See A.5.15. The end-to-end test of POL-AC, snake_case and ISO/IEC 27001:2022!",
            "x -y- z. a.b. -lead trail- a--b a..b __init__ 3.14.15 end.",
            "",
            "...---___",
        ];
        for text in texts {
            let mut fast = Vec::new();
            for_each_term(text, |t| fast.push(t.to_string()));
            // The general path, forced by a non-ASCII character that yields no term.
            let mut general = Vec::new();
            for_each_term(&format!("{text} é"), |t| general.push(t.to_string()));
            assert_eq!(fast, general, "{text}");
        }
    }

    #[test]
    fn stop_words_are_sorted_for_binary_search() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn tokenizer_cases() {
        let cases: &[(&str, &[&str])] = &[
            ("Access Control Policy", &["access", "control", "policy"]),
            ("See A.5.15.", &["see", "a.5.15"]),
            ("POL-AC", &["pol", "ac", "pol-ac"]),
            ("the end-to-end test", &["end", "end", "end-to-end", "test"]),
            ("Datenschutz für Müller", &["datenschutz", "fur", "muller"]),
            ("ISO/IEC 27001:2022", &["iso", "iec", "27001", "2022"]),
            ("x -y- z.", &[]),
            ("Northwind's SaaS", &["northwind", "saas"]),
            ("snake_case", &["snake", "case", "snake_case"]),
        ];
        for (text, expected) in cases {
            assert_eq!(tokens(text), *expected, "tokens of {text:?}");
        }
        let long = "x".repeat(41);
        assert!(tokens(&long).is_empty());
        assert!(STOP_WORDS.iter().all(|w| w.len() <= 5));
    }

    #[test]
    fn folding_matches_unicode_decomposition() {
        // The lower-case letters of U+00E0..U+017F whose NFD form is a base letter and marks
        // (what the browser's normalize("NFD") gives), and those base letters.
        let from =
            "àáâãäåçèéêëìíîïñòóôõöùúûüýÿāăąćĉċčďēĕėęěĝğġģĥĩīĭįĵķĺļľńņňōŏőŕŗřśŝşšţťũūŭůűųŵŷźżž";
        let to = "aaaaaaceeeeiiiinooooouuuuyyaaaccccdeeeeegggghiiiijklllnnnooorrrssssttuuuuuuwyzzz";
        let table: HashMap<char, char> = from.chars().zip(to.chars()).collect();
        for c in ('\u{e0}'..='\u{17f}').filter(|c| c.is_lowercase()) {
            let expected = table.get(&c).copied().unwrap_or(c);
            assert_eq!(fold(c), Some(expected), "fold({c:?})");
        }
        assert_eq!(fold('\u{301}'), None);
        assert_eq!(tokens("İstanbul ÆSIR"), ["istanbul", "æsir"]);
    }

    #[test]
    fn plain_text_drops_markup() {
        let text = plain_text("## Scope\n\nSee [[POL-AC]] and **bold** `code`.\n");
        let words = tokens(&text);
        assert_eq!(
            words,
            ["scope", "see", "pol", "ac", "pol-ac", "bold", "code"]
        );
    }
}
