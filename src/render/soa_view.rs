//! The SoA's document control ready to show: the SoA page, the print view and soa.xlsx all
//! take it from here.

use serde::Serialize;

use crate::model::review::soa_review;
use crate::model::Isms;

use super::view::{HistoryTable, ReviewView};

/// soa.yaml's version, owner, approval, review and history.
#[derive(Serialize)]
pub struct SoaControlView<'a> {
    pub version: Option<&'a str>,
    pub owner: Option<&'a str>,
    pub approver: Option<&'a str>,
    pub approved: Option<String>,
    pub last_reviewed: Option<String>,
    /// "12 months", as written.
    pub review_every: Option<String>,
    pub review: Option<ReviewView>,
    /// The date of the newest history entry when it is after `approved` (the SoA changed
    /// after its approval).
    pub changed_after_approval: Option<String>,
    pub history: HistoryTable<'a>,
}

impl<'a> SoaControlView<'a> {
    /// The SoA's document control, or None when soa.yaml has none.
    pub fn of(isms: &'a Isms) -> Option<SoaControlView<'a>> {
        let soa = &isms.soa;
        if !soa.is_controlled() {
            return None;
        }
        let control = &soa.control;
        let changed = control
            .latest_change()
            .zip(control.approved)
            .filter(|(changed, approved)| changed > approved)
            .map(|(changed, _)| changed.to_string());
        Some(SoaControlView {
            version: control.version.as_deref(),
            owner: control.owner.as_ref().map(|o| o.value.as_str()),
            approver: control.approver.as_ref().map(|o| o.value.as_str()),
            approved: control.approved.map(|d| d.to_string()),
            last_reviewed: control.last_reviewed.map(|d| d.to_string()),
            review_every: control.review_every.map(|i| i.to_string()),
            review: soa_review(soa, &isms.config, isms.today)
                .as_ref()
                .map(ReviewView::from),
            changed_after_approval: changed,
            history: HistoryTable::new(&control.history),
        })
    }
}
