//! `closed-on-time`: the share of nonconformities due in a period that were closed by their
//! due date, computed from the nonconformity records.

use crate::model::Isms;

use super::compute::Point;
use super::period::Frequency;

/// The values of `closed-on-time` per period of `frequency`.
pub fn closed_on_time(_isms: &Isms, _frequency: Frequency) -> Vec<Point> {
    Vec::new()
}
