//! The changes page (ISO/IEC 27001 clause 7.5.3, changes identified): what changed in git
//! since a date, grouped by document, with each commit's summary. Written only when the
//! project has git history.

use serde::Serialize;

use crate::history::{Change, History};
use crate::model::Isms;
use crate::render::view::{DocSummary, StatusView};
use crate::render::{PageSink, RenderError, Templates};
use crate::source::soa::SOA_FILE;

use super::{render_page, Page};

/// The page's path.
pub const CHANGES_PAGE: &str = "changes.html";

#[derive(Serialize)]
struct ChangeRow<'a> {
    date: String,
    commit: &'a str,
    short: &'a str,
    summary: &'a str,
}

/// One document (or the SoA) and its commits since the date, newest first.
#[derive(Serialize)]
struct Group<'a> {
    id: &'a str,
    title: &'a str,
    href: Option<String>,
    status: Option<StatusView>,
    version: Option<&'a str>,
    changes: Vec<ChangeRow<'a>>,
}

#[derive(Serialize)]
struct ChangesPage<'a> {
    since: String,
    since_explanation: String,
    groups: Vec<Group<'a>>,
    commits: usize,
    shallow: bool,
}

fn rows<'a>(history: &'a History, path: &str, since: jiff::civil::Date) -> Vec<ChangeRow<'a>> {
    history
        .changes_of(path)
        .map(|(c, _)| c)
        .filter(|c: &&Change| !c.boundary && c.date >= since)
        .map(|c| ChangeRow {
            date: c.date.to_string(),
            commit: &c.commit,
            short: c.short(),
            summary: &c.summary,
        })
        .collect()
}

/// Renders changes.html when the project has history; returns how many pages (0 or 1).
pub fn render(
    isms: &Isms,
    templates: &Templates,
    sink: &dyn PageSink,
) -> Result<usize, RenderError> {
    let Some(control) = isms.history.as_ref() else {
        return Ok(0);
    };
    let Some(history) = control.history() else {
        return Ok(0);
    };
    let since = control.since.date;
    let mut groups: Vec<Group> = isms
        .published()
        .map(|(_, doc)| {
            let summary = DocSummary::new(doc, "");
            Group {
                id: doc.id(),
                title: doc.title(),
                href: summary.href,
                status: Some(summary.status),
                version: summary.version,
                changes: rows(history, doc.rel_path(), since),
            }
        })
        .collect();
    if isms.has_soa {
        groups.push(Group {
            id: "SoA",
            title: "Statement of Applicability",
            href: Some("soa.html".to_string()),
            status: None,
            version: isms.soa.control.version.as_deref(),
            changes: rows(history, SOA_FILE, since),
        });
    }
    groups.retain(|g| !g.changes.is_empty());
    // The most recently changed first; then by id.
    groups.sort_by(|a, b| {
        b.changes[0]
            .date
            .cmp(&a.changes[0].date)
            .then_with(|| a.id.cmp(b.id))
    });
    let mut commits: Vec<&str> = groups
        .iter()
        .flat_map(|g| g.changes.iter().map(|c| c.commit))
        .collect();
    commits.sort_unstable();
    commits.dedup();
    let page = ChangesPage {
        since: since.to_string(),
        since_explanation: control.since.explanation(),
        commits: commits.len(),
        groups,
        shallow: history.shallow,
    };
    render_page(
        isms,
        templates,
        sink,
        Page {
            path: CHANGES_PAGE,
            template: "changes.html",
            title: "Changes",
            nav_key: "register",
        },
        &page,
    )?;
    Ok(1)
}
