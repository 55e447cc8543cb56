//! audit-programme.html (the plan, and coverage matrices clause × year and Annex A theme ×
//! year with the gaps), and the audit block of each report's page.

use serde::Serialize;

use crate::model::Isms;
use crate::render::pages::{render_page, Page};
use crate::render::urls::{control_href, root_for};
use crate::render::{PageSink, RenderError, Templates};

use super::coverage::{coverage, Cell};
use super::view::{AuditState, AuditView, Link};
use super::{internal_audits, reports, AuditRef, InternalAudit};

pub const PAGE: &str = "audit-programme.html";

#[derive(Serialize)]
struct YearView {
    label: String,
    first: String,
    last: String,
}

#[derive(Serialize)]
struct CellView {
    key: &'static str,
    label: &'static str,
}

#[derive(Serialize)]
struct ClauseRowView {
    id: String,
    title: String,
    cells: Vec<CellView>,
    gap: bool,
}

#[derive(Serialize)]
struct ThemeRowView {
    key: &'static str,
    label: &'static str,
    applicable: usize,
    years: [usize; 3],
    covered: usize,
    gap: bool,
    missing: Vec<Link>,
}

#[derive(Serialize)]
struct ProgrammePage {
    cycle_start: String,
    cycle_end: String,
    certified: bool,
    years: Vec<YearView>,
    audits: Vec<AuditView>,
    done: usize,
    planned: usize,
    overdue: usize,
    clause_rows: Vec<ClauseRowView>,
    clause_gaps: usize,
    theme_rows: Vec<ThemeRowView>,
    control_gaps: usize,
    has_soa: bool,
}

/// Every page's sidebar asks this: whether `internal_audits` would list any audit, without
/// joining the programme with the reports (which grows with audits × reports).
pub fn nav(isms: &Isms) -> Vec<(&'static str, &'static str, &'static str)> {
    let planned = isms
        .data
        .audit_programme
        .get()
        .is_some_and(|p| !p.audits.is_empty());
    if planned || reports(isms).next().is_some() {
        vec![("audit-programme", "Audit programme", PAGE)]
    } else {
        Vec::new()
    }
}

/// The audit block of a report's page: the report joined with its programme entry, as
/// `internal_audits` joins them.
pub fn block(isms: &Isms, root: &str, report: AuditRef) -> AuditView {
    let entry = isms
        .data
        .audit_programme
        .get()
        .and_then(|p| p.entry(report.doc.id()));
    let audit = match entry {
        Some(entry) => InternalAudit::new(&entry.id.value, Some(entry), Some(report)),
        None => InternalAudit::new(report.doc.id(), None, Some(report)),
    };
    let cycle = crate::kinds::certification::cycle::Cycle::of(isms);
    let year = audit.day().and_then(|d| cycle.year_of(d));
    AuditView::new(isms, root, &audit, year)
}

pub fn render(
    isms: &Isms,
    templates: &Templates,
    sink: &dyn PageSink,
) -> Result<usize, RenderError> {
    let all = internal_audits(isms);
    if all.is_empty() {
        return Ok(0);
    }
    let root = root_for(PAGE);
    let coverage = coverage(isms);
    let years: Vec<YearView> = coverage
        .cycle
        .years()
        .iter()
        .enumerate()
        .map(|(n, (first, last))| YearView {
            label: format!("Year {}", n + 1),
            first: first.to_string(),
            last: last.to_string(),
        })
        .collect();
    let mut audits: Vec<(Option<jiff::civil::Date>, AuditView)> = all
        .iter()
        .map(|a| {
            let year = a.day().and_then(|d| coverage.cycle.year_of(d));
            (a.day(), AuditView::new(isms, &root, a, year))
        })
        .collect();
    audits.sort_by(|a, b| {
        a.0.is_none()
            .cmp(&b.0.is_none())
            .then(a.0.cmp(&b.0))
            .then_with(|| crate::diagnostic::natural_cmp(&a.1.id, &b.1.id))
    });
    let count = |state: AuditState| audits.iter().filter(|a| a.1.state == state.key()).count();
    let clause_rows: Vec<ClauseRowView> = coverage
        .clauses
        .iter()
        .map(|row| ClauseRowView {
            id: row.id.clone(),
            title: row.title.clone(),
            cells: row
                .years
                .iter()
                .map(|c| CellView {
                    key: c.key(),
                    label: match c {
                        Cell::Done => "Audited",
                        Cell::Planned => "Planned",
                        Cell::Gap => "—",
                    },
                })
                .collect(),
            gap: !row.covered(),
        })
        .collect();
    let theme_rows: Vec<ThemeRowView> = coverage
        .themes
        .iter()
        .map(|t| ThemeRowView {
            key: t.theme.key(),
            label: t.theme.label(),
            applicable: t.applicable.len(),
            years: t.years,
            covered: t.applicable.len() - t.missing.len(),
            gap: !t.missing.is_empty(),
            missing: t
                .missing
                .iter()
                .map(|id| Link {
                    id: id.as_str().to_string(),
                    title: crate::catalog::catalog()
                        .control(id)
                        .map_or(String::new(), |c| c.title.clone()),
                    href: Some(control_href(&root, id)),
                })
                .collect(),
        })
        .collect();
    let page = ProgrammePage {
        cycle_start: coverage.cycle.start.to_string(),
        cycle_end: coverage.cycle.end.to_string(),
        certified: coverage.cycle.certified,
        years,
        done: count(AuditState::Done),
        planned: count(AuditState::Planned),
        overdue: count(AuditState::Overdue),
        audits: audits.into_iter().map(|a| a.1).collect(),
        clause_gaps: clause_rows.iter().filter(|r| r.gap).count(),
        clause_rows,
        control_gaps: theme_rows.iter().map(|t| t.missing.len()).sum(),
        theme_rows,
        has_soa: isms.has_soa,
    };
    render_page(
        isms,
        templates,
        sink,
        Page {
            path: PAGE,
            template: "audit_programme.html",
            title: "Audit programme",
            nav_key: "audit-programme",
        },
        &page,
    )?;
    Ok(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::data_files::Loaded;
    use crate::model::for_tests::isms_of;

    const POLICY: &str = "---\nid: P-1\ntitle: P\nstatus: approved\n---\n";
    const REPORT: &str = "---\nid: IA-2026-1\ntitle: Core\ntype: audit\nstatus: done\ndate: 2026-02-12\nfindings: [NC-1]\n---\n";

    fn with_programme(text: &str) -> Isms {
        let mut isms = isms_of(text);
        let (programme, problems) = super::super::programme::parse(
            "audits/programme.yaml",
            "audits:\n  - id: IA-2026-1\n    planned: 2026-02\n    auditor: External consultant\n    scope: { clauses: [\"4\", \"9.2\"], controls: [A.5.1] }\n",
        );
        assert!(problems.is_empty(), "{problems:?}");
        isms.data.audit_programme = Loaded::Read(programme.unwrap());
        isms
    }

    #[test]
    fn the_nav_entry_is_there_exactly_when_there_are_internal_audits() {
        for (isms, expected) in [
            (isms_of(POLICY), false),
            (with_programme(POLICY), true),
            (isms_of(REPORT), true),
            (with_programme(REPORT), true),
        ] {
            assert_eq!(!internal_audits(&isms).is_empty(), expected);
            assert_eq!(!nav(&isms).is_empty(), expected);
        }
    }

    /// The block joins a report with its programme entry as the programme page does.
    #[test]
    fn a_report_block_is_the_audit_internal_audits_lists() {
        for isms in [isms_of(REPORT), with_programme(REPORT)] {
            let report = reports(&isms).next().unwrap();
            let listed = internal_audits(&isms)
                .into_iter()
                .find(|a| a.report.is_some_and(|r| r.index == report.index))
                .unwrap();
            let cycle = crate::kinds::certification::cycle::Cycle::of(&isms);
            let year = listed.day().and_then(|d| cycle.year_of(d));
            let expected = serde_json::to_value(AuditView::new(&isms, "", &listed, year)).unwrap();
            let got = serde_json::to_value(block(&isms, "", report)).unwrap();
            assert_eq!(got, expected);
        }
        // The programme's scope reaches the report's block.
        let isms = with_programme(REPORT);
        let report = reports(&isms).next().unwrap();
        let got = serde_json::to_value(block(&isms, "", report)).unwrap();
        assert!(got.to_string().contains("A.5.1"), "{got}");
    }
}
