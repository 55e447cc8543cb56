//! Measurement periods (`2026-03`, `2026-Q1`, `2026`) and KPI frequencies: parsing, order,
//! the period a date falls in, and the last period that has ended.

use jiff::civil::{date, Date};

/// How often a KPI is measured.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Frequency {
    Monthly,
    Quarterly,
    Yearly,
}

impl Frequency {
    pub const KEYS: &'static [&'static str] = &["monthly", "quarterly", "yearly"];

    pub fn from_key(key: &str) -> Option<Frequency> {
        match key {
            "monthly" => Some(Frequency::Monthly),
            "quarterly" => Some(Frequency::Quarterly),
            "yearly" => Some(Frequency::Yearly),
            _ => None,
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Frequency::Monthly => "monthly",
            Frequency::Quarterly => "quarterly",
            Frequency::Yearly => "yearly",
        }
    }

    /// How a period of this frequency is written, for help lines.
    pub fn example(self) -> &'static str {
        match self {
            Frequency::Monthly => "2026-03",
            Frequency::Quarterly => "2026-Q1",
            Frequency::Yearly => "2026",
        }
    }
}

/// A month, a quarter or a year. Periods of one frequency sort in time order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    pub year: i16,
    /// Month 1–12, quarter 1–4, or 0 for a year.
    pub part: i8,
    pub frequency: Frequency,
}

impl PartialOrd for Frequency {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Frequency {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (*self as u8).cmp(&(*other as u8))
    }
}

impl Period {
    /// `2026-03`, `2026-Q1` (any case) or `2026`; the error says what is wrong.
    pub fn parse(text: &str) -> Result<Period, String> {
        let text = text.trim();
        let bad = || {
            format!("`{text}` is not a period: write a month `2026-03`, a quarter `2026-Q1` or a year `2026`")
        };
        let year_of = |y: &str| {
            (y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()))
                .then(|| y.parse::<i16>().ok())
                .flatten()
                .filter(|y| (1900..=2999).contains(y))
        };
        if let Some(year) = year_of(text) {
            return Ok(Period {
                year,
                part: 0,
                frequency: Frequency::Yearly,
            });
        }
        let (y, rest) = text.split_once('-').ok_or_else(bad)?;
        let year = year_of(y).ok_or_else(bad)?;
        if let Some(q) = rest.strip_prefix(['Q', 'q']) {
            return match q.parse::<i8>() {
                Ok(n @ 1..=4) if q.len() == 1 => Ok(Period {
                    year,
                    part: n,
                    frequency: Frequency::Quarterly,
                }),
                _ => Err(format!(
                    "`{text}` has no quarter {q}: quarters are Q1 to Q4"
                )),
            };
        }
        match rest.parse::<i8>() {
            Ok(m @ 1..=12) if rest.len() == 2 => Ok(Period {
                year,
                part: m,
                frequency: Frequency::Monthly,
            }),
            Ok(_) if rest.len() == 2 => {
                Err(format!("`{text}` has no month {rest}: months are 01 to 12"))
            }
            _ => Err(bad()),
        }
    }

    /// The period of `frequency` that holds `day`.
    pub fn of(day: Date, frequency: Frequency) -> Period {
        let part = match frequency {
            Frequency::Monthly => day.month(),
            Frequency::Quarterly => (day.month() - 1) / 3 + 1,
            Frequency::Yearly => 0,
        };
        Period {
            year: day.year(),
            part,
            frequency,
        }
    }

    /// The last period of `frequency` that ended before `today`.
    pub fn last_closed(today: Date, frequency: Frequency) -> Period {
        Period::of(today, frequency).previous()
    }

    pub fn first_day(self) -> Date {
        let month = match self.frequency {
            Frequency::Monthly => self.part,
            Frequency::Quarterly => (self.part - 1) * 3 + 1,
            Frequency::Yearly => 1,
        };
        date(self.year, month, 1)
    }

    /// The day after the period's last day.
    pub fn end(self) -> Date {
        self.next().first_day()
    }

    pub fn next(self) -> Period {
        let top = self.parts();
        match self.frequency {
            Frequency::Yearly => Period {
                year: self.year + 1,
                ..self
            },
            _ if self.part == top => Period {
                year: self.year + 1,
                part: 1,
                ..self
            },
            _ => Period {
                part: self.part + 1,
                ..self
            },
        }
    }

    pub fn previous(self) -> Period {
        match self.frequency {
            Frequency::Yearly => Period {
                year: self.year - 1,
                ..self
            },
            _ if self.part == 1 => Period {
                year: self.year - 1,
                part: self.parts(),
                ..self
            },
            _ => Period {
                part: self.part - 1,
                ..self
            },
        }
    }

    fn parts(self) -> i8 {
        match self.frequency {
            Frequency::Monthly => 12,
            Frequency::Quarterly => 4,
            Frequency::Yearly => 0,
        }
    }

    /// The periods from `self` to `last`, both included (empty when `last` is earlier).
    pub fn through(self, last: Period) -> Vec<Period> {
        let mut out = Vec::new();
        let mut p = self;
        while p <= last && out.len() < 1200 {
            out.push(p);
            p = p.next();
        }
        out
    }

    /// A short label for chart axes: `Mar 26`, `Q1 26`, `2026`.
    pub fn short(self) -> String {
        const MONTHS: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        let yy = self.year.rem_euclid(100);
        match self.frequency {
            Frequency::Monthly => format!("{} {yy:02}", MONTHS[(self.part - 1) as usize]),
            Frequency::Quarterly => format!("Q{} {yy:02}", self.part),
            Frequency::Yearly => self.year.to_string(),
        }
    }
}

impl std::fmt::Display for Period {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.frequency {
            Frequency::Monthly => write!(f, "{}-{:02}", self.year, self.part),
            Frequency::Quarterly => write!(f, "{}-Q{}", self.year, self.part),
            Frequency::Yearly => write!(f, "{}", self.year),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_parse_and_print() {
        for text in ["2026-03", "2026-Q1", "2026", "2025-12"] {
            assert_eq!(Period::parse(text).unwrap().to_string(), text);
        }
        assert_eq!(Period::parse("2026-q4").unwrap().to_string(), "2026-Q4");
        for bad in [
            "2026-13", "2026-Q5", "26-01", "2026-1", "March", "", "2026-00",
        ] {
            assert!(Period::parse(bad).is_err(), "{bad}");
        }
        assert!(Period::parse("2026-13")
            .unwrap_err()
            .contains("months are 01 to 12"));
    }

    #[test]
    fn periods_step_and_close() {
        let today = date(2026, 1, 15);
        assert_eq!(
            Period::last_closed(today, Frequency::Monthly).to_string(),
            "2025-12"
        );
        assert_eq!(
            Period::last_closed(today, Frequency::Quarterly).to_string(),
            "2025-Q4"
        );
        assert_eq!(
            Period::last_closed(today, Frequency::Yearly).to_string(),
            "2025"
        );
        let q = Period::parse("2026-Q2").unwrap();
        assert_eq!(
            (q.first_day(), q.end()),
            (date(2026, 4, 1), date(2026, 7, 1))
        );
        let months = Period::parse("2025-11")
            .unwrap()
            .through(Period::parse("2026-02").unwrap());
        let labels: Vec<String> = months.iter().map(|p| p.to_string()).collect();
        assert_eq!(labels, ["2025-11", "2025-12", "2026-01", "2026-02"]);
        assert_eq!(
            Period::of(date(2026, 8, 31), Frequency::Quarterly).to_string(),
            "2026-Q3"
        );
        assert_eq!(months[0].short(), "Nov 25");
    }
}
