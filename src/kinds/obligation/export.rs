//! The legal register's exports: obligations.csv, the obligations of annexa.json, and the
//! calendar entries for their reviews.

use crate::model::Isms;
use crate::render::exports::{csv_writer, export_error, into_bytes, write_safe_record};
use crate::render::{put, PageSink, RenderError};

use super::pages::views;
use super::{all, next_review};

pub const COLUMNS: [&str; 15] = [
    "Id",
    "Title",
    "Kind",
    "Jurisdiction",
    "Source",
    "Owner",
    "Applies to",
    "Controls",
    "Documents",
    "Status",
    "Last reviewed",
    "Review every",
    "Next review",
    "Nonconformities",
    "Open actions",
];

/// `obligations.csv`.
pub fn obligations_csv(isms: &Isms) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv_writer();
    write_safe_record(&mut writer, COLUMNS)?;
    for v in views(isms, "") {
        let join = |items: Vec<&str>| items.join(", ");
        let cells = [
            v.id.clone(),
            v.title.clone(),
            v.kind.unwrap_or_default().to_string(),
            v.jurisdiction.clone().unwrap_or_default(),
            v.source.clone().unwrap_or_default(),
            v.owner.clone().unwrap_or_default(),
            v.applies_to.join(", "),
            join(v.controls.iter().map(|c| c.id.as_str()).collect()),
            join(v.documents.iter().map(|d| d.id.as_str()).collect()),
            v.status.unwrap_or_default().to_string(),
            v.last_reviewed.clone().unwrap_or_default(),
            v.review_every.clone().unwrap_or_default(),
            v.next_review.clone().unwrap_or_default(),
            join(v.nonconformities.iter().map(|n| n.id.as_str()).collect()),
            v.actions
                .iter()
                .filter(|a| a.done.is_none())
                .map(|a| a.action.as_str())
                .collect::<Vec<_>>()
                .join("; "),
        ];
        write_safe_record(&mut writer, cells.iter().map(String::as_str))?;
    }
    into_bytes(writer)
}

pub fn json(isms: &Isms) -> Option<serde_json::Value> {
    isms.data.obligations.get()?;
    crate::kinds::supplier::view::for_json(views(isms, ""))
}

pub fn write(isms: &Isms, sink: &dyn PageSink) -> Result<(), RenderError> {
    if isms.data.obligations.get().is_none() {
        return Ok(());
    }
    let csv = obligations_csv(isms).map_err(|e| export_error("obligations.csv", e.to_string()))?;
    put(sink, "obligations.csv", &csv)
}

/// Each obligation's next review, on its date (an overdue one stays there, marked).
pub fn calendar_entries(isms: &Isms) -> Vec<crate::kinds::CalendarEntry> {
    all(isms)
        .iter()
        .filter_map(|o| {
            let due = next_review(isms, o)?;
            let overdue = due < isms.today;
            Some(crate::kinds::CalendarEntry {
                uid: format!("obligation-review-{}", o.id).to_lowercase(),
                date: due,
                summary: format!(
                    "{}Review of the obligation {}: {}",
                    if overdue { "OVERDUE: " } else { "" },
                    o.id,
                    o.title
                ),
                owner: o.owner.clone(),
                page: format!(
                    "{}#obligation-{}",
                    super::pages::PAGE,
                    crate::model::slug::slugify(&o.id)
                ),
                source: super::file::FILE.to_string(),
                category: if overdue {
                    "Obligation review,Overdue"
                } else {
                    "Obligation review"
                },
            })
        })
        .collect()
}
