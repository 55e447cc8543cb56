//! Typed getters for the values annexa's files share: dates, review intervals, lists of ids
//! and text that must not be empty. Each reports at the value's place, like the reader's own.

use super::reader::Reader;
use super::tree::Node;
use crate::calendar::{parse_date, Interval};
use crate::lint::registry::INVALID_DATE;
use crate::source::Spanned;

impl Reader<'_> {
    /// Text that must say something: an empty value is an error (`title: ""`).
    pub fn nonempty_text(
        &mut self,
        node: &Node,
        what: &str,
        example: &str,
    ) -> Option<Spanned<String>> {
        let text = self.text(node, what, example)?;
        if text.value.is_empty() {
            self.error(
                node.span,
                format!("{what} is empty"),
                format!("write it like `{example}`, or remove the line"),
            );
            return None;
        }
        Some(text)
    }

    /// A calendar date, YYYY-MM-DD; a date that is not one is `invalid-date`.
    pub fn date(&mut self, node: &Node, what: &str, example: &str) -> Option<jiff::civil::Date> {
        let text = self.text(node, what, example)?;
        match parse_date(&text.value) {
            Ok(date) => Some(date),
            Err(message) => {
                let location = self.locate(node.span);
                self.diagnostics.push(
                    INVALID_DATE
                        .report(format!("{what}: {message}"))
                        .at(location)
                        .with_help(format!("write the date as YYYY-MM-DD, e.g. `{example}`")),
                );
                None
            }
        }
    }

    /// A review interval such as `12 months`.
    pub fn interval(&mut self, node: &Node, what: &str, example: &str) -> Option<Interval> {
        let text = self.text(node, what, example)?;
        match Interval::parse(&text.value) {
            Ok(interval) => Some(interval),
            Err(message) => {
                self.error(
                    node.span,
                    format!("{what}: {message}"),
                    format!("e.g. `{example}`"),
                );
                None
            }
        }
    }

    /// A whole number from `min` to `max` (a likelihood of 1–5, a count).
    pub fn whole_number(&mut self, node: &Node, what: &str, min: u32, max: u32) -> Option<u32> {
        let text = self.text(node, what, &min.to_string())?;
        match text.value.parse::<u32>() {
            Ok(n) if (min..=max).contains(&n) => Some(n),
            _ => {
                self.error(
                    node.span,
                    format!(
                        "{what} must be a whole number from {min} to {max}, not `{}`",
                        text.value
                    ),
                    format!("write a number from {min} to {max}"),
                );
                None
            }
        }
    }

    /// A list of single values (one value alone counts as a list of one), each with its
    /// place, as written (`5.10` stays `5.10`). A list holding something else is reported
    /// and read as empty.
    pub fn text_list(&mut self, node: &Node, what: &str, example: &str) -> Vec<Spanned<String>> {
        if node.is_null() {
            return Vec::new();
        }
        if node.as_text().is_some() {
            return self.text(node, what, example).into_iter().collect();
        }
        let items = self.list(node, what, example);
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            match self.text(item, &format!("each item of {what}"), example) {
                Some(text) => out.push(text),
                None => return Vec::new(),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::registry::{INVALID_FRONT_MATTER, UNKNOWN_FIELD};

    #[test]
    fn dates_intervals_and_lists() {
        let text = "a: 2025-02-30\nb: often\nc: [5.10, A.5.1]\nd: A.8.2\ne: [[x]]\nf: 2025-03-01\n";
        let mut reader = Reader::new("f.yaml", text, &INVALID_FRONT_MATTER, &UNKNOWN_FIELD);
        let root = reader.parse().unwrap();
        let fields = reader
            .fields(&root, "f", &["a", "b", "c", "d", "e", "f"], "")
            .unwrap();
        assert_eq!(
            reader.date(fields.get("a").unwrap(), "`a`", "a: 2025-03-01"),
            None
        );
        assert!(reader.date(fields.get("f").unwrap(), "`f`", "").is_some());
        assert_eq!(
            reader.interval(fields.get("b").unwrap(), "`b`", "b: 12 months"),
            None
        );
        let c: Vec<String> = reader
            .text_list(fields.get("c").unwrap(), "`c`", "")
            .into_iter()
            .map(|s| s.value)
            .collect();
        assert_eq!(c, ["5.10", "A.5.1"]);
        assert_eq!(
            reader.text_list(fields.get("d").unwrap(), "`d`", "").len(),
            1
        );
        assert!(reader
            .text_list(fields.get("e").unwrap(), "`e`", "")
            .is_empty());
        let names: Vec<(&str, usize)> = reader
            .diagnostics
            .iter()
            .map(|d| (d.name, d.location.as_ref().map_or(0, |l| l.line)))
            .collect();
        assert_eq!(
            names,
            [
                ("invalid-date", 1),
                ("invalid-front-matter", 2),
                ("invalid-front-matter", 5)
            ]
        );
    }
}
