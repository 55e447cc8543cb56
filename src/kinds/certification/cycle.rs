//! The current certification cycle: from the certification decision to the certificate's
//! expiry (certification.yaml), or, without one, last year to next year; and its three years.

use jiff::civil::Date;
use jiff::ToSpan;

use crate::model::Isms;

/// A cycle of three years.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cycle {
    pub start: Date,
    pub end: Date,
    /// Whether certification.yaml sets it.
    pub certified: bool,
}

impl Cycle {
    /// The project's cycle on its `today`.
    pub fn of(isms: &Isms) -> Cycle {
        match isms.data.certification.get() {
            Some(c) => Cycle {
                start: c.certified.value,
                end: c.expires.value,
                certified: true,
            },
            None => {
                let year = isms.today.year();
                Cycle {
                    start: jiff::civil::date(year.saturating_sub(1), 1, 1),
                    end: jiff::civil::date(year.saturating_add(1), 12, 31),
                    certified: false,
                }
            }
        }
    }

    pub fn contains(&self, day: Date) -> bool {
        self.start <= day && day <= self.end
    }

    /// The cycle's three years, first and last day each (the third ends with the cycle).
    pub fn years(&self) -> [(Date, Date); 3] {
        let at = |n: i64| self.start.checked_add(n.years()).unwrap_or(Date::MAX);
        let before = |d: Date| d.checked_sub(1.day()).unwrap_or(Date::MIN);
        [
            (self.start, before(at(1))),
            (at(1), before(at(2))),
            (at(2), self.end.max(at(2))),
        ]
    }

    /// The year of the cycle (0, 1, 2) that holds `day`.
    pub fn year_of(&self, day: Date) -> Option<usize> {
        self.years()
            .iter()
            .position(|(first, last)| *first <= day && day <= *last)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn a_certificate_cycle_has_three_years() {
        let cycle = Cycle {
            start: date(2024, 5, 20),
            end: date(2027, 5, 19),
            certified: true,
        };
        assert_eq!(
            cycle.years(),
            [
                (date(2024, 5, 20), date(2025, 5, 19)),
                (date(2025, 5, 20), date(2026, 5, 19)),
                (date(2026, 5, 20), date(2027, 5, 19)),
            ]
        );
        assert_eq!(cycle.year_of(date(2025, 5, 20)), Some(1));
        assert_eq!(cycle.year_of(date(2027, 5, 20)), None);
    }
}
