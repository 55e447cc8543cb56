//! Record kinds: the ISMS in operation (risks, and the kinds to come). A kind declares its
//! folder, its lifecycle statuses, its front matter keys and how to read them, its lints and
//! its pages; the front matter reader, the model, the lint runner and the site call into the
//! list below and need no other change for a new kind.

pub mod action;
pub mod asset;
pub mod audit;
pub mod certification;
pub mod data_file;
pub mod management;
pub mod management_review;
pub mod nonconformity;
pub mod objectives;
pub mod obligation;
pub mod risk;
pub mod supplier;

use crate::lint::Lint;
use crate::source::yaml::{Fields, Reader};

/// One part of the ISMS in operation: a record kind's machinery, or a register kept in data
/// files (certification.yaml, objectives.yaml…). Its lints, pages, exports, calendar entries
/// and home card; the lint runner and the site iterate `parts()` and need no other change.
#[derive(Debug)]
pub struct Part {
    /// Its key in annexa.json and in timings: `risks`.
    pub key: &'static str,
    /// The ISO/IEC 27001:2022 clauses its records or data are evidence for (the management
    /// system page counts it for them when it has entries).
    pub clauses: &'static [&'static str],
    /// The lints this part reports (in the registry's list of every lint).
    pub lints: &'static [Lint],
    /// Runs those lints over the model.
    pub check: fn(&crate::model::Isms) -> Vec<crate::diagnostic::Diagnostic>,
    /// Its pages: the number written.
    pub pages: fn(
        &crate::model::Isms,
        &crate::render::Templates,
        &dyn crate::render::PageSink,
    ) -> Result<usize, crate::render::RenderError>,
    /// Its entries in the main navigation (key, label, page), when the project has data.
    pub nav: fn(&crate::model::Isms) -> Vec<(&'static str, &'static str, &'static str)>,
    /// Its files in the site root (risks.csv, risks.xlsx…), when the project has data.
    pub exports: fn(
        &crate::model::Isms,
        &dyn crate::render::PageSink,
    ) -> Result<(), crate::render::RenderError>,
    /// Its data in annexa.json, under `key` (None: none).
    pub json: fn(&crate::model::Isms) -> Option<serde_json::Value>,
    /// Its dated entries for the .ics calendars (treatment actions due…).
    pub calendar: fn(&crate::model::Isms) -> Vec<CalendarEntry>,
    /// Its card on the home page, when the project has data for it.
    pub card: fn(&crate::model::Isms) -> Option<Card>,
}

/// One kind of record.
#[derive(Debug)]
pub struct Kind {
    /// `type:` value and the name in diagnostics: `risk`.
    pub name: &'static str,
    /// The top folder whose files are of this kind by default: `risks`.
    pub folder: &'static str,
    /// Singular and plural for pages: `Risk`, `Risks`.
    pub label: &'static str,
    pub plural: &'static str,
    /// The record's own lifecycle (`status:`), the first being the default; with labels.
    pub statuses: &'static [(&'static str, &'static str)],
    /// Front matter keys of this kind, on top of a document's.
    pub keys: &'static [&'static str],
    /// Reads the kind's keys of a record's front matter.
    pub read: fn(&mut Reader, &Fields) -> RecordData,
    /// Its lints, pages, exports, calendar entries and card.
    pub part: Part,
}

/// A kind's card on the home page: figures (each linking to where it is explained), items
/// that need attention, and links.
#[derive(serde::Serialize)]
pub struct Card {
    pub key: &'static str,
    pub heading: &'static str,
    pub figures: Vec<Figure>,
    /// Records that need attention, as (id, title, href).
    pub attention_heading: String,
    pub attention: Vec<(String, String, String)>,
    pub links: Vec<(&'static str, &'static str)>,
    /// Small trend lines (KPIs), each linking to its page.
    pub sparklines: Vec<Sparkline>,
}

/// A card's small trend line: its label, latest value and state, and the SVG.
#[derive(serde::Serialize)]
pub struct Sparkline {
    pub label: String,
    pub value: String,
    /// `met`, `missed` or `none`.
    pub state: &'static str,
    pub href: String,
    pub svg: String,
}

/// One figure of a card: a count, its label, a CSS class for its badge and a link.
#[derive(serde::Serialize)]
pub struct Figure {
    pub label: String,
    pub count: usize,
    pub class: &'static str,
    pub href: &'static str,
}

/// A dated entry of a record for the calendars: an all-day event on `date`.
pub struct CalendarEntry {
    /// Unique and stable while the record and entry keep their ids (lower case).
    pub uid: String,
    pub date: jiff::civil::Date,
    /// The event's summary: "Treatment action RT-1 of R-07: …".
    pub summary: String,
    pub owner: Option<String>,
    /// The record's page and file.
    pub page: String,
    pub source: String,
    pub category: &'static str,
}

/// Every record kind.
pub const KINDS: &[&Kind] = &[
    &risk::KIND,
    &audit::KIND,
    &nonconformity::KIND,
    &management_review::KIND,
    &supplier::KIND,
];

/// The registers kept in data files rather than records (certification, objectives…).
pub const REGISTERS: &[&Part] = &[
    &certification::REGISTER,
    &objectives::OBJECTIVES,
    &objectives::KPIS,
    &objectives::INCIDENTS,
    &asset::PART,
    &obligation::PART,
    &management::REGISTER,
];

/// Every part: the record kinds' and the registers'.
pub fn parts() -> impl Iterator<Item = &'static Part> {
    KINDS
        .iter()
        .map(|k| &k.part)
        .chain(REGISTERS.iter().copied())
}

/// The fields of a record beyond a document's, by kind.
#[derive(Clone, Debug)]
pub enum RecordData {
    Risk(Box<risk::Risk>),
    Audit(Box<audit::Audit>),
    Nonconformity(Box<nonconformity::Nonconformity>),
    ManagementReview(Box<management_review::ManagementReview>),
    Supplier(Box<supplier::Supplier>),
}

/// What a record adds to a document's front matter.
#[derive(Clone, Debug)]
pub struct Record {
    pub kind: &'static Kind,
    /// The status key (one of the kind's), the kind's first when none is written.
    pub status: &'static str,
    pub data: RecordData,
}

impl Record {
    pub fn status_label(&self) -> &'static str {
        self.kind
            .statuses
            .iter()
            .find(|(key, _)| *key == self.status)
            .map_or(self.status, |(_, label)| label)
    }

    pub fn risk(&self) -> Option<&risk::Risk> {
        match &self.data {
            RecordData::Risk(risk) => Some(risk),
            _ => None,
        }
    }

    pub fn audit(&self) -> Option<&audit::Audit> {
        match &self.data {
            RecordData::Audit(audit) => Some(audit),
            _ => None,
        }
    }

    pub fn nonconformity(&self) -> Option<&nonconformity::Nonconformity> {
        match &self.data {
            RecordData::Nonconformity(nc) => Some(nc),
            _ => None,
        }
    }

    pub fn management_review(&self) -> Option<&management_review::ManagementReview> {
        match &self.data {
            RecordData::ManagementReview(mr) => Some(mr),
            _ => None,
        }
    }

    pub fn supplier(&self) -> Option<&supplier::Supplier> {
        match &self.data {
            RecordData::Supplier(supplier) => Some(supplier),
            _ => None,
        }
    }
}

/// Whether records of `kind` are events (a nonconformity raised, a review held) rather
/// than standing entries reviewed on a cycle: they get no review unless they set dates.
pub fn is_event(kind: &Kind) -> bool {
    ["nonconformity", "management-review", "audit"].contains(&kind.name)
}

/// The records the changes page starts from when no `--since` is given: the last external
/// audit and the last management review held by `isms.today`.
pub fn history_anchors(isms: &crate::model::Isms) -> crate::history::Anchors {
    let last_external_audit = isms.data.certification.get().and_then(|cert| {
        cert.audits
            .iter()
            .filter_map(|a| Some((a.date?, a)))
            .filter(|(date, _)| *date <= isms.today)
            .max_by_key(|(date, _)| *date)
            .map(|(date, audit)| (date, format!("the {} of {date}", audit.kind.label())))
    });
    let last_management_review = management_review::held(isms)
        .last()
        .and_then(|r| Some((r.mr.date?, r.doc.id().to_string())));
    crate::history::Anchors {
        last_external_audit,
        last_management_review,
    }
}

/// The kind named `name` (a `type:` value, any case).
pub fn by_name(name: &str) -> Option<&'static Kind> {
    KINDS
        .iter()
        .copied()
        .find(|k| k.name.eq_ignore_ascii_case(name))
}

/// The kind of the file at `rel_path` whose `type:` is `written` (None when absent): the
/// type decides; without one, the top folder does.
pub fn of_file(rel_path: &str, written: Option<&str>) -> Option<&'static Kind> {
    match written {
        Some(name) => by_name(name),
        None => {
            let (folder, _) = rel_path.split_once('/')?;
            KINDS
                .iter()
                .copied()
                .find(|k| k.folder.eq_ignore_ascii_case(folder))
        }
    }
}

/// The lints of every part.
pub fn lints() -> impl Iterator<Item = &'static Lint> {
    parts().flat_map(|p| p.lints.iter())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_type_decides_and_the_folder_is_the_default() {
        assert_eq!(of_file("risks/R-1.md", None).map(|k| k.name), Some("risk"));
        assert_eq!(of_file("Risks/R-1.md", None).map(|k| k.name), Some("risk"));
        assert_eq!(
            of_file("risks/R-1.md", Some("policy")).map(|k| k.name),
            None
        );
        assert_eq!(
            of_file("other/R-1.md", Some("Risk")).map(|k| k.name),
            Some("risk")
        );
        assert!(of_file("risks.md", None).is_none());
        assert_eq!(
            of_file("nonconformities/NC-1.md", None).map(|k| k.name),
            Some("nonconformity")
        );
        assert_eq!(
            of_file("management-reviews/MR-1.md", None).map(|k| k.name),
            Some("management-review")
        );
        assert_eq!(
            of_file("x/MR-1.md", Some("Management-Review")).map(|k| k.name),
            Some("management-review")
        );
    }
}
