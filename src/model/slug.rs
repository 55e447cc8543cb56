//! Stable heading slugs: `## 4. Password requirements` → `4-password-requirements`.

use std::collections::HashMap;

/// Lower case; every run of characters other than letters and digits becomes one `-`;
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
