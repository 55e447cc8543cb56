//! Reading the values that plain Markdown policies write in their metadata lines and tables
//! (`12 March 2025`, `Annually`, `Final`, `Internal use only`, `v1.2`) as front matter
//! values. Each reader says why it could not, so that `import` can tell the author.

use jiff::civil::Date;

use crate::calendar::{Interval, IntervalUnit};
use crate::source::{Classification, Status};

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The month a word names (`March`, `mar`, `Sept.`), 1-12.
fn month(word: &str) -> Option<i8> {
    let word = word.trim_end_matches('.').to_lowercase();
    if word.len() < 3 {
        return None;
    }
    let word = if word == "sept" { "sep" } else { &word };
    MONTHS
        .iter()
        .position(|m| m.starts_with(word) && (word.len() == 3 || *m == word))
        .and_then(|i| i8::try_from(i + 1).ok())
}

fn number(text: &str) -> Option<i32> {
    let digits = text.trim_end_matches(|c: char| c.is_ascii_alphabetic() || c == ',' || c == '.');
    (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
        .then(|| digits.parse().ok())
        .flatten()
}

fn real_date(year: i32, month: i32, day: i32) -> Option<Date> {
    let year = i16::try_from(year).ok()?;
    let month = i8::try_from(month).ok()?;
    let day = i8::try_from(day).ok()?;
    Date::new(year, month, day).ok()
}

/// A date as people write it: `2025-03-01`, `2025/03/01`, `01.03.2025` (day first),
/// `1 March 2025`, `March 1, 2025`, `1st Mar 2025`, and `01/03/2025` when the day is over
/// 12 (otherwise it is ambiguous between day-first and month-first, and refused).
pub fn date(text: &str) -> Result<Date, String> {
    let text = text.trim();
    let unreadable = || format!("`{text}` is not a date annexa can read (write it as YYYY-MM-DD)");
    let parts: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|p| !p.is_empty())
        .collect();
    if let [single] = parts.as_slice() {
        for separator in ['-', '/', '.'] {
            let numbers: Vec<Option<i32>> = single.split(separator).map(number).collect();
            let [Some(a), Some(b), Some(c)] = numbers.as_slice() else {
                continue;
            };
            let (a, b, c) = (*a, *b, *c);
            if single.split(separator).next().is_some_and(|p| p.len() == 4) {
                return real_date(a, b, c).ok_or_else(unreadable);
            }
            if c < 1000 {
                return Err(unreadable());
            }
            return match separator {
                '.' | '-' => real_date(c, b, a).ok_or_else(unreadable),
                _ if a > 12 => real_date(c, b, a).ok_or_else(unreadable),
                _ if b > 12 => real_date(c, a, b).ok_or_else(unreadable),
                _ if a == b => real_date(c, a, b).ok_or_else(unreadable),
                _ => Err(format!(
                    "`{text}` could be day/month or month/day (write it as YYYY-MM-DD)"
                )),
            };
        }
        return Err(unreadable());
    }
    let (day, month_number, year) = match parts.as_slice() {
        [d, m, y] if month(m).is_some() => (number(d), month(m), number(y)),
        [m, d, y] if month(m).is_some() => (number(d), month(m), number(y)),
        [m, y] if month(m).is_some() && number(y).is_some() => {
            return Err(format!(
                "`{text}` names a month, not a day (write it as YYYY-MM-DD)"
            ))
        }
        _ => return Err(unreadable()),
    };
    match (day, month_number, year) {
        (Some(d), Some(m), Some(y)) if y >= 1000 => {
            real_date(y, i32::from(m), d).ok_or_else(unreadable)
        }
        _ => Err(unreadable()),
    }
}

fn count_word(word: &str) -> Option<u32> {
    let words = [
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
        "twelve",
    ];
    word.parse().ok().or_else(|| {
        words
            .iter()
            .position(|w| *w == word)
            .and_then(|i| u32::try_from(i + 1).ok())
    })
}

/// A review cycle: `Annual`, `Annually`, `Yearly`, `Quarterly`, `Semi-annually`, `Monthly`,
/// `Biennially`, `Every 2 years`, `every six months`, `12 months`, `1 year`.
pub fn interval(text: &str) -> Result<Interval, String> {
    let lower = text.trim().trim_end_matches('.').to_lowercase();
    let named = match lower.as_str() {
        "annual" | "annually" | "yearly" | "every year" | "once a year" | "each year" => {
            Some(Interval::new(12, IntervalUnit::Months))
        }
        "semi-annual" | "semi-annually" | "semiannual" | "semiannually" | "half-yearly"
        | "twice a year" | "every half year" => Some(Interval::new(6, IntervalUnit::Months)),
        "quarterly" | "every quarter" => Some(Interval::new(3, IntervalUnit::Months)),
        "monthly" | "every month" => Some(Interval::new(1, IntervalUnit::Months)),
        "biennial" | "biennially" | "every other year" => {
            Some(Interval::new(24, IntervalUnit::Months))
        }
        _ => None,
    };
    if let Some(interval) = named {
        return Ok(interval);
    }
    let rest = lower.strip_prefix("every ").unwrap_or(&lower);
    let mut words = rest.split_whitespace();
    if let (Some(count), Some(unit), None) = (words.next(), words.next(), words.next()) {
        if let Some(count) = count_word(count) {
            if let Ok(interval) = Interval::parse(&format!("{count} {unit}")) {
                return Ok(interval);
            }
        }
    }
    Err(format!(
        "`{}` is not a review cycle annexa can read (write review_every: 12 months)",
        text.trim()
    ))
}

/// A document status: `Approved`, `Final`, `Published`, `In force` → approved; `Draft`,
/// `WIP` → draft; `Under review`, `Pending approval` → in review; `Superseded`, `Obsolete`,
/// `Withdrawn`, `Archived` → retired.
pub fn status(text: &str) -> Result<Status, String> {
    let lower = text.trim().to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| lower.contains(w));
    if has(&["retired", "superseded", "obsolete", "withdrawn", "archived"]) {
        Ok(Status::Retired)
    } else if has(&["review", "pending", "for approval"]) {
        Ok(Status::InReview)
    } else if has(&["draft", "wip", "work in progress"]) {
        Ok(Status::Draft)
    } else if has(&[
        "approved",
        "final",
        "published",
        "in force",
        "active",
        "effective",
        "released",
    ]) {
        Ok(Status::Approved)
    } else {
        Err(format!(
            "`{}` is not a status annexa can read (draft, in-review, approved, retired)",
            text.trim()
        ))
    }
}

/// A classification: the strongest level its words name (`Internal use only` → internal,
/// `Strictly confidential` → restricted).
pub fn classification(text: &str) -> Result<Classification, String> {
    let lower = text.trim().to_lowercase();
    let has = |word: &str| lower.contains(word);
    if has("restricted") || has("strictly confidential") || has("secret") {
        Ok(Classification::Restricted)
    } else if has("confidential") {
        Ok(Classification::Confidential)
    } else if has("internal") {
        Ok(Classification::Internal)
    } else if has("public") {
        Ok(Classification::Public)
    } else {
        Err(format!(
            "`{}` is not a classification annexa can read (public, internal, confidential, restricted)",
            text.trim()
        ))
    }
}

/// A version as written, without a leading `v` (`v1.2` → `1.2`).
pub fn version(text: &str) -> String {
    let text = text.trim();
    match text.strip_prefix(['v', 'V']) {
        Some(rest) if rest.starts_with(|c: char| c.is_ascii_digit()) => rest.to_string(),
        _ => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_as_people_write_them() {
        let ok = [
            ("2025-03-01", "2025-03-01"),
            ("2025/03/01", "2025-03-01"),
            ("01.03.2025", "2025-03-01"),
            ("1 March 2025", "2025-03-01"),
            ("March 1, 2025", "2025-03-01"),
            ("1st Mar 2025", "2025-03-01"),
            ("Sept. 30, 2024", "2024-09-30"),
            ("25/12/2024", "2024-12-25"),
            ("12/25/2024", "2024-12-25"),
            ("05/05/2024", "2024-05-05"),
        ];
        for (text, expected) in ok {
            assert_eq!(
                date(text).map(|d| d.to_string()),
                Ok(expected.into()),
                "{text}"
            );
        }
        for (text, why) in [
            ("01/03/2025", "could be day/month or month/day"),
            ("March 2025", "names a month, not a day"),
            ("2025-02-30", "is not a date annexa can read"),
            ("last spring", "is not a date annexa can read"),
            ("TBD", "is not a date annexa can read"),
        ] {
            let err = date(text).err().unwrap_or_default();
            assert!(err.contains(why), "{text}: {err}");
        }
    }

    #[test]
    fn review_cycles() {
        let months = |n| Ok(Interval::new(n, IntervalUnit::Months));
        assert_eq!(interval("Annual"), months(12));
        assert_eq!(interval("annually."), months(12));
        assert_eq!(interval("Semi-annually"), months(6));
        assert_eq!(interval("Quarterly"), months(3));
        assert_eq!(interval("Biennially"), months(24));
        assert_eq!(
            interval("Every 2 years"),
            Ok(Interval::new(2, IntervalUnit::Years))
        );
        assert_eq!(interval("every six months"), months(6));
        assert_eq!(interval("12 months"), months(12));
        assert!(interval("as needed").is_err());
        assert!(interval("every now and then").is_err());
    }

    #[test]
    fn statuses_and_classifications() {
        for (text, expected) in [
            ("Approved", Status::Approved),
            ("Final", Status::Approved),
            ("In force", Status::Approved),
            ("Draft v2", Status::Draft),
            ("Under review", Status::InReview),
            ("Pending approval", Status::InReview),
            ("Superseded by POL-2", Status::Retired),
        ] {
            assert_eq!(status(text), Ok(expected), "{text}");
        }
        assert!(status("Green").is_err());
        for (text, expected) in [
            ("Internal use only", Classification::Internal),
            ("Company Confidential", Classification::Confidential),
            ("Strictly confidential", Classification::Restricted),
            ("PUBLIC", Classification::Public),
        ] {
            assert_eq!(classification(text), Ok(expected), "{text}");
        }
        assert!(classification("Amber").is_err());
        assert_eq!(version("v1.2"), "1.2");
        assert_eq!(version("Version 3"), "Version 3");
    }
}
