//! `closed-on-time`: for each period, of the nonconformities due in it (the latest due date
//! of their corrective actions), the percentage closed by that date.

use crate::kinds::nonconformity::nonconformities;
use crate::model::Isms;

use super::compute::{window, Point, SourceRow};
use super::period::{Frequency, Period};

/// The values of `closed-on-time` per period of `frequency`, up to the last closed period.
pub fn closed_on_time(isms: &Isms, frequency: Frequency) -> Vec<Point> {
    let due: Vec<_> = nonconformities(isms)
        .filter(|n| n.doc.published)
        .filter_map(|n| Some((n.nc.actions.iter().filter_map(|a| a.due).max()?, n)))
        .collect();
    let first = due.iter().map(|(d, _)| Period::of(*d, frequency)).min();
    if first.is_none() {
        return Vec::new();
    }
    window(first, frequency, isms.today)
        .into_iter()
        .map(|period| {
            let mut sources = Vec::new();
            let mut on_time = 0;
            for (date, nc) in due
                .iter()
                .filter(|(d, _)| Period::of(*d, frequency) == period)
            {
                let closed = nc.closed_on();
                let ok = closed.is_some_and(|c| c <= *date);
                on_time += usize::from(ok);
                sources.push(SourceRow {
                    id: nc.doc.id().to_string(),
                    title: nc.doc.title().to_string(),
                    detail: match closed {
                        Some(c) => format!(
                            "due {date}, closed {c}: {}",
                            if ok { "on time" } else { "late" }
                        ),
                        None => format!("due {date}, not closed"),
                    },
                    place: nc.doc.rel_path().to_string(),
                    page: Some(nc.doc.page.clone()),
                });
            }
            Point {
                period,
                value: (!sources.is_empty()).then(|| on_time as f64 * 100.0 / sources.len() as f64),
                note: if sources.is_empty() {
                    "no nonconformity due".into()
                } else {
                    format!("{on_time} of {} closed on time", sources.len())
                },
                sources,
            }
        })
        .collect()
}
