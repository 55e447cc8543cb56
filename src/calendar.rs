//! Dates: what "today" is, parsing `YYYY-MM-DD`, and review intervals such as `12 months`.

use std::fmt;

use jiff::civil::Date;
use jiff::{Span, ToSpan};

/// Parses a calendar date written `YYYY-MM-DD`.
pub fn parse_date(text: &str) -> Result<Date, String> {
    let trimmed = text.trim();
    let well_formed = trimmed.len() == 10
        && trimmed.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if !well_formed {
        return Err(format!("`{trimmed}` is not a date in the form YYYY-MM-DD"));
    }
    trimmed
        .parse::<Date>()
        .map_err(|_| format!("`{trimmed}` is not a real calendar date"))
}

/// Resolves today's date: `--today`, else SOURCE_DATE_EPOCH (seconds, UTC), else the system
/// clock in the local time zone.
pub fn resolve_today(flag: Option<&str>, source_date_epoch: Option<&str>) -> Result<Date, String> {
    if let Some(text) = flag {
        return parse_date(text).map_err(|e| format!("--today: {e}"));
    }
    if let Some(epoch) = source_date_epoch.filter(|s| !s.trim().is_empty()) {
        let seconds: i64 = epoch
            .trim()
            .parse()
            .map_err(|_| format!("SOURCE_DATE_EPOCH=`{epoch}` is not a number of seconds"))?;
        let timestamp = jiff::Timestamp::from_second(seconds)
            .map_err(|e| format!("SOURCE_DATE_EPOCH=`{epoch}` is out of range: {e}"))?;
        return Ok(timestamp.to_zoned(jiff::tz::TimeZone::UTC).date());
    }
    Ok(jiff::Zoned::now().date())
}

/// A unit of a review interval.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IntervalUnit {
    Days,
    Weeks,
    Months,
    Years,
}

/// A review interval such as `12 months`, `1 year`, `6 weeks` or `90 days`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Interval {
    pub count: u32,
    pub unit: IntervalUnit,
}

impl Interval {
    pub const fn new(count: u32, unit: IntervalUnit) -> Interval {
        Interval { count, unit }
    }

    pub fn parse(text: &str) -> Result<Interval, String> {
        let help = "write a number and a unit, e.g. `12 months`, `1 year`, `6 weeks`, `90 days`";
        let mut parts = text.split_whitespace();
        let (Some(number), Some(unit), None) = (parts.next(), parts.next(), parts.next()) else {
            return Err(format!("`{text}` is not an interval: {help}"));
        };
        let count: u32 = number
            .parse()
            .ok()
            .filter(|&n| (1..=1000).contains(&n))
            .ok_or_else(|| format!("`{number}` is not a count between 1 and 1000: {help}"))?;
        let unit = match unit.to_ascii_lowercase().as_str() {
            "day" | "days" => IntervalUnit::Days,
            "week" | "weeks" => IntervalUnit::Weeks,
            "month" | "months" => IntervalUnit::Months,
            "year" | "years" => IntervalUnit::Years,
            other => return Err(format!("`{other}` is not a unit: {help}")),
        };
        Ok(Interval { count, unit })
    }

    fn span(self) -> Span {
        let n = i64::from(self.count);
        match self.unit {
            IntervalUnit::Days => n.days(),
            IntervalUnit::Weeks => n.weeks(),
            IntervalUnit::Months => n.months(),
            IntervalUnit::Years => n.years(),
        }
    }

    /// `date` plus this interval. Month ends clamp: 31 Jan + 1 month = 28 or 29 Feb.
    /// Saturates at the largest date rather than failing.
    pub fn after(self, date: Date) -> Date {
        date.checked_add(self.span()).unwrap_or(Date::MAX)
    }

    /// `date` minus this interval, clamped the same way.
    pub fn before(self, date: Date) -> Date {
        date.checked_sub(self.span()).unwrap_or(Date::MIN)
    }
}

impl fmt::Display for Interval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let unit = match self.unit {
            IntervalUnit::Days => "day",
            IntervalUnit::Weeks => "week",
            IntervalUnit::Months => "month",
            IntervalUnit::Years => "year",
        };
        let plural = if self.count == 1 { "" } else { "s" };
        write!(f, "{} {unit}{plural}", self.count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn dates() {
        assert_eq!(parse_date("2025-03-01"), Ok(date(2025, 3, 1)));
        assert!(parse_date("2025-02-30").is_err());
        assert!(parse_date("2025-3-1").is_err());
        assert!(parse_date("01.03.2025").is_err());
        assert!(parse_date("").is_err());
    }

    #[test]
    fn today_sources_in_order() {
        assert_eq!(
            resolve_today(Some("2026-01-02"), Some("0")),
            Ok(date(2026, 1, 2))
        );
        assert_eq!(resolve_today(None, Some("86400")), Ok(date(1970, 1, 2)));
        assert!(resolve_today(None, Some("soon")).is_err());
        assert!(resolve_today(Some("tomorrow"), None).is_err());
    }

    #[test]
    fn intervals_parse() {
        let cases = [
            ("12 months", Interval::new(12, IntervalUnit::Months)),
            ("1 year", Interval::new(1, IntervalUnit::Years)),
            ("6 Weeks", Interval::new(6, IntervalUnit::Weeks)),
            ("90  days", Interval::new(90, IntervalUnit::Days)),
        ];
        for (text, expected) in cases {
            assert_eq!(Interval::parse(text), Ok(expected), "{text}");
        }
        for bad in [
            "12",
            "months",
            "0 days",
            "twelve months",
            "3 fortnights",
            "1 year ago",
        ] {
            assert!(Interval::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn month_ends_clamp() {
        let month = Interval::new(1, IntervalUnit::Months);
        assert_eq!(month.after(date(2025, 1, 31)), date(2025, 2, 28));
        assert_eq!(month.after(date(2024, 1, 31)), date(2024, 2, 29));
        assert_eq!(
            Interval::new(1, IntervalUnit::Years).after(date(2024, 2, 29)),
            date(2025, 2, 28)
        );
        assert_eq!(
            Interval::new(2, IntervalUnit::Weeks).after(date(2025, 12, 25)),
            date(2026, 1, 8)
        );
        assert_eq!(
            Interval::new(30, IntervalUnit::Days).after(date(2025, 2, 1)),
            date(2025, 3, 3)
        );
        assert_eq!(month.before(date(2025, 3, 31)), date(2025, 2, 28));
    }
}
