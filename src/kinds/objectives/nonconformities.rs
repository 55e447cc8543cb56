//! `closed-on-time`: for each period, of the nonconformities due in it (the latest due date
//! of their corrective actions), the percentage whose corrective actions were all done by
//! their due dates. The record keeps no closing date of its own (it is closed once the
//! effectiveness check, months later, confirms it), so the actions' dates decide.

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
                let late: Vec<String> = nc
                    .nc
                    .actions
                    .iter()
                    .filter_map(|a| {
                        let name = a.id.clone().unwrap_or_else(|| a.action.clone());
                        match (a.due, a.done) {
                            (Some(due), Some(done)) if done > due => {
                                Some(format!("{name} done {done}, due {due}"))
                            }
                            (Some(due), None) => Some(format!("{name} not done, due {due}")),
                            _ => None,
                        }
                    })
                    .collect();
                let ok = late.is_empty();
                on_time += usize::from(ok);
                sources.push(SourceRow {
                    id: nc.doc.id().to_string(),
                    title: nc.doc.title().to_string(),
                    detail: if ok {
                        format!("corrective actions done by their due dates (last due {date})")
                    } else {
                        format!("late: {}", late.join("; "))
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
