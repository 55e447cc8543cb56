//! Slugs: heading ids as GitHub makes them (`## 5.2 Asset return` → `52-asset-return`), and
//! annexa's own slugs for names in URLs (`## 4.3 Access reviews` → `4-3-access-reviews`, the
//! heading ids before they followed GitHub, still recognised to suggest the new id).

use std::collections::HashMap;

use unicode_general_category::{get_general_category, GeneralCategory};

/// A heading's id as GitHub (and github-slugger, which GitLab, VS Code and most Markdown
/// tools copy) makes it from the heading's text: lower case; every character removed that is
/// not a letter, a combining mark, a decimal or letter number, a connector (`_`), `-` or a
/// space; then each space becomes `-`. Nothing is collapsed or trimmed, so
/// `## 🎯 Purpose` is `-purpose` and `## Scope & purpose` is `scope--purpose`. A heading
/// with nothing left (`## 🎯`) gets `section`, since an id cannot be empty.
pub fn github_slug(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        if c == ' ' || c == '-' {
            slug.push('-');
        } else if kept_by_github(c) {
            slug.push(c);
        }
    }
    if slug.is_empty() {
        slug.push_str("section");
    }
    slug
}

fn kept_by_github(c: char) -> bool {
    use GeneralCategory::*;
    matches!(
        get_general_category(c),
        UppercaseLetter
            | LowercaseLetter
            | TitlecaseLetter
            | ModifierLetter
            | OtherLetter
            | NonspacingMark
            | SpacingMark
            | EnclosingMark
            | DecimalNumber
            | LetterNumber
            | ConnectorPunctuation
    )
}

/// annexa's slugs for names in URLs and ids (types, owners, the organisation), and its
/// heading ids before they followed GitHub. Lower case; every run of characters other than letters and digits becomes one `-`;
/// no leading or trailing `-`. Non-ASCII letters are kept (lower-cased).
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut pending_dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if pending_dash && !slug.is_empty() {
                slug.push('-');
            }
            pending_dash = false;
            slug.extend(c.to_lowercase());
        } else {
            pending_dash = true;
        }
    }
    if slug.is_empty() {
        slug.push_str("section");
    }
    slug
}

/// Hands out unique ids within one page: a repeated slug gets `-1`, `-2`, …
#[derive(Default)]
pub struct Slugger {
    seen: HashMap<String, usize>,
}

impl Slugger {
    pub fn reserve(&mut self, id: &str) {
        self.seen.entry(id.to_string()).or_insert(0);
    }

    pub fn unique(&mut self, base: String) -> String {
        let Some(&start) = self.seen.get(&base) else {
            self.seen.insert(base.clone(), 0);
            return base;
        };
        let mut count = start;
        loop {
            count += 1;
            let candidate = format!("{base}-{count}");
            if !self.seen.contains_key(&candidate) {
                self.seen.insert(base, count);
                self.seen.insert(candidate.clone(), 0);
                return candidate;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// github-slugger's test cases (github.com/Flet/github-slugger, test/fixtures.json) and
    /// what GitHub shows for headings of ISMS repositories.
    #[test]
    fn github_slugs() {
        let cases = [
            ("foo", "foo"),
            ("Foo Bar", "foo-bar"),
            ("foo bar baz", "foo-bar-baz"),
            ("Foo  Bar", "foo--bar"),
            ("Foo-Bar", "foo-bar"),
            ("foo_bar", "foo_bar"),
            ("It's Friday!", "its-friday"),
            ("Scope & Purpose", "scope--purpose"),
            ("🎯 Purpose", "-purpose"),
            ("Purpose 🎯", "purpose-"),
            ("😄 😄", "-"),
            ("5.2 Asset return", "52-asset-return"),
            ("4. Password requirements", "4-password-requirements"),
            ("A.5.15 Access control", "a515-access-control"),
            ("Übersicht Größe", "übersicht-größe"),
            ("Политика безопасности", "политика-безопасности"),
            ("中文标题", "中文标题"),
            ("`code` in heading", "code-in-heading"),
            ("foo(bar)?", "foobar"),
            ("x² and ½", "x-and-"),
            ("1) Roles / responsibilities", "1-roles--responsibilities"),
            ("🎯", "section"),
        ];
        for (text, slug) in cases {
            assert_eq!(github_slug(text), slug, "{text}");
        }
    }

    #[test]
    fn slugs() {
        let cases = [
            ("4. Password requirements", "4-password-requirements"),
            ("  Scope & Purpose!  ", "scope-purpose"),
            ("Übersicht Größe", "übersicht-größe"),
            ("A.5.15 Access control", "a-5-15-access-control"),
            ("???", "section"),
        ];
        for (text, slug) in cases {
            assert_eq!(slugify(text), slug, "{text}");
        }
    }

    #[test]
    fn duplicates_get_numbers() {
        let mut s = Slugger::default();
        assert_eq!(s.unique("scope".into()), "scope");
        assert_eq!(s.unique("scope".into()), "scope-1");
        assert_eq!(s.unique("scope-1".into()), "scope-1-1");
        assert_eq!(s.unique("scope".into()), "scope-2");
    }
}
