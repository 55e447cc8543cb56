//! The input pack for the next management review: what happened since the last held one,
//! gathered from the model for the 9.3.2 inputs it can speak to — previous actions' status
//! (a), nonconformities opened and closed (d1), KPIs against their targets and the objectives
//! (d2, d4), audits held (d3), risk treatment status (f),
//! the review health of documents, and the SoA's changes in git.

use jiff::civil::Date;
use serde::Serialize;

use crate::diagnostic::natural_cmp;
use crate::kinds::action::{ActionState, ActionView};
use crate::kinds::nonconformity::{self, view::NcView};
use crate::kinds::risk;
use crate::model::review::ReviewState;
use crate::model::Isms;
use crate::render::urls::document_href;

use super::{held, next_due, reviews};

/// An action of an earlier review, with where it stands.
#[derive(Serialize)]
pub struct PreviousAction {
    pub review_id: String,
    pub review_href: String,
    #[serde(flatten)]
    pub action: ActionView,
}

/// A nonconformity as the pack lists it.
#[derive(Serialize)]
pub struct NcItem {
    pub id: String,
    pub title: String,
    pub href: String,
    pub grade: Option<&'static str>,
    pub grade_label: Option<&'static str>,
    pub status_label: &'static str,
    pub raised: Option<String>,
    pub closed: Option<String>,
}

/// An internal or external audit held in the period (d3).
#[derive(Serialize)]
pub struct AuditItem {
    pub name: String,
    pub href: Option<String>,
    pub internal: bool,
    pub date: String,
    pub result: Option<&'static str>,
    pub findings: Vec<(String, Option<String>)>,
}

/// Risk treatment at a glance.
#[derive(Serialize, Default)]
pub struct RiskStatus {
    pub open: usize,
    pub closed: usize,
    pub above_appetite: Vec<(String, String)>,
    pub actions_overdue: usize,
    pub actions_open: usize,
    pub actions_done_since: usize,
}

/// Documents by review state.
#[derive(Serialize)]
pub struct ReviewHealth {
    pub key: &'static str,
    pub label: &'static str,
    pub documents: Vec<(String, String)>,
}

/// A KPI's latest value against its target (d2, d4).
#[derive(Serialize)]
pub struct KpiItem {
    pub id: String,
    pub title: String,
    pub href: String,
    /// The last period with a value, the value with its unit, and whether it meets the
    /// target (None: no value yet).
    pub period: Option<String>,
    pub value: Option<String>,
    pub target: String,
    pub on_target: Option<bool>,
}

/// An objective and where it stands (d4).
#[derive(Serialize)]
pub struct ObjectiveItem {
    pub id: String,
    pub title: String,
    pub status: &'static str,
    pub due: Option<String>,
    pub overdue: bool,
}

/// A commit that changed soa.yaml.
#[derive(Serialize)]
pub struct SoaChange {
    pub date: String,
    pub short: String,
    pub summary: String,
}

/// Everything the pack holds.
#[derive(Serialize)]
pub struct InputPack {
    /// The last held review, the pack's starting point (None: no review held yet, so the
    /// pack covers everything recorded).
    pub since_review: Option<String>,
    pub since_href: Option<String>,
    pub since: Option<String>,
    /// The next planned review, and when one is due at the latest.
    pub next_planned: Option<String>,
    pub next_planned_date: Option<String>,
    pub next_due: Option<String>,
    pub previous_actions: Vec<PreviousAction>,
    pub nc_opened: Vec<NcItem>,
    pub nc_closed: Vec<NcItem>,
    pub nc_open_now: usize,
    pub audits: Vec<AuditItem>,
    pub has_risks: bool,
    pub risk: RiskStatus,
    /// Whether the project has objectives.yaml; its KPIs (d2) and objectives (d4).
    pub has_objectives: bool,
    pub kpis: Vec<KpiItem>,
    pub objectives: Vec<ObjectiveItem>,
    pub review_health: Vec<ReviewHealth>,
    /// None: no git history to read; Some(empty): soa.yaml unchanged since.
    pub soa_changes: Option<Vec<SoaChange>>,
    pub has_history: bool,
    pub today: String,
}

/// Whether `date` falls in the pack's period: after `since` (when there is one), up to today.
fn in_period(date: Option<Date>, since: Option<Date>, today: Date) -> bool {
    date.is_some_and(|d| since.is_none_or(|s| d > s) && d <= today)
}

impl InputPack {
    pub fn build(isms: &Isms, root: &str) -> InputPack {
        let today = isms.today;
        let held = held(isms);
        let last = held.last();
        let since = last.and_then(|r| r.mr.date);
        let next = reviews(isms)
            .into_iter()
            .find(|r| !r.is_held() && r.mr.date.is_none_or(|d| since.is_none_or(|s| d >= s)));

        // (a) Every action of a held review that is not done, and those of the last held
        // review whatever their state.
        let mut previous_actions = Vec::new();
        for review in held.iter().filter(|r| r.doc.published) {
            let is_last = last.is_some_and(|l| l.index == review.index);
            for action in &review.mr.actions {
                if !(is_last || action.done.is_none() || in_period(action.done, since, today)) {
                    continue;
                }
                previous_actions.push(PreviousAction {
                    review_id: review.doc.id().to_string(),
                    review_href: document_href(root, review.doc),
                    action: ActionView::new(action, today),
                });
            }
        }

        // (d1) Nonconformities raised, and closed, in the period.
        let ncs: Vec<nonconformity::NcRef> = nonconformity::nonconformities(isms)
            .filter(|n| n.doc.published)
            .collect();
        let item = |n: &nonconformity::NcRef| {
            let v = NcView::new(isms, *n, root);
            NcItem {
                id: v.id,
                title: v.title,
                href: v.href,
                grade: v.grade,
                grade_label: v.grade_label,
                status_label: v.status_label,
                raised: v.raised,
                closed: n.closed_on().map(|d| d.to_string()),
            }
        };
        let mut nc_opened: Vec<NcItem> = ncs
            .iter()
            .filter(|n| in_period(n.nc.raised, since, today))
            .map(item)
            .collect();
        let mut nc_closed: Vec<NcItem> = ncs
            .iter()
            .filter(|n| in_period(n.closed_on(), since, today))
            .map(item)
            .collect();
        nc_opened.sort_by(|a, b| natural_cmp(&a.id, &b.id));
        nc_closed.sort_by(|a, b| natural_cmp(&a.id, &b.id));

        // (d3) Audits held in the period: internal reports done, external audits held.
        let finding = |id: &str| {
            let href = isms
                .document(id)
                .filter(|d| d.published)
                .map(|d| document_href(root, d));
            (id.to_string(), href)
        };
        let mut audits: Vec<AuditItem> = crate::kinds::audit::reports(isms)
            .filter(|a| a.doc.published && a.is_done() && in_period(a.audit.date, since, today))
            .map(|a| AuditItem {
                name: format!("{} {}", a.doc.id(), a.doc.title()),
                href: Some(document_href(root, a.doc)),
                internal: true,
                date: a.audit.date.map(|d| d.to_string()).unwrap_or_default(),
                result: None,
                findings: a.audit.findings.iter().map(|f| finding(&f.value)).collect(),
            })
            .collect();
        if let Some(cert) = isms.data.certification.get() {
            for external in cert
                .audits
                .iter()
                .filter(|e| in_period(e.date, since, today))
            {
                audits.push(AuditItem {
                    name: format!("External audit: {}", external.kind.key()),
                    href: None,
                    internal: false,
                    date: external.date.map(|d| d.to_string()).unwrap_or_default(),
                    result: external.result.map(|r| r.key()),
                    findings: external
                        .findings
                        .iter()
                        .map(|f| finding(&f.value))
                        .collect(),
                });
            }
        }
        audits.sort_by(|a, b| {
            a.date
                .cmp(&b.date)
                .then_with(|| natural_cmp(&a.name, &b.name))
        });

        // (f) Risk treatment.
        let risks: Vec<risk::RiskRef> = risk::risks(isms).filter(|r| r.doc.published).collect();
        let mut risk_status = RiskStatus::default();
        for r in &risks {
            let view = risk::view::RiskView::new(isms, *r, root);
            if r.is_open() {
                risk_status.open += 1;
            } else {
                risk_status.closed += 1;
            }
            if view.above_appetite {
                risk_status
                    .above_appetite
                    .push((view.id.clone(), view.href.clone()));
            }
            for action in &r.risk.actions {
                match ActionState::of(action, today) {
                    ActionState::Overdue if r.is_open() => risk_status.actions_overdue += 1,
                    ActionState::Open if r.is_open() => risk_status.actions_open += 1,
                    ActionState::Done if in_period(action.done, since, today) => {
                        risk_status.actions_done_since += 1
                    }
                    _ => {}
                }
            }
        }

        // (d2, d4) Each KPI's last value against its target, and the objectives.
        let register = isms.data.objectives.get().map(|o| &o.register);
        let kpis: Vec<KpiItem> = register
            .iter()
            .flat_map(|r| &r.kpis)
            .map(|kpi| {
                let last = crate::kinds::objectives::compute::series(isms, kpi)
                    .into_iter()
                    .rev()
                    .find_map(|p| Some((p.period, p.value?)));
                let number = crate::kinds::objectives::compute::number;
                KpiItem {
                    id: kpi.id.value.clone(),
                    title: kpi.title.clone(),
                    href: format!("{root}{}", crate::kinds::objectives::pages::kpi_page(kpi)),
                    period: last.map(|(p, _)| p.to_string()),
                    value: last.map(|(_, v)| format!("{} {}", number(v), kpi.unit)),
                    target: format!("{} {}", number(kpi.target), kpi.unit),
                    on_target: last.map(|(_, v)| kpi.direction.meets(v, kpi.target)),
                }
            })
            .collect();
        let objectives: Vec<ObjectiveItem> = register
            .iter()
            .flat_map(|r| &r.objectives)
            .map(|o| {
                let due = o.due.as_ref().map(|d| d.value);
                ObjectiveItem {
                    id: o.id.value.clone(),
                    title: o.title.clone(),
                    status: o.status.label(),
                    due: due.map(|d| d.to_string()),
                    overdue: o.status.key() == "open" && due.is_some_and(|d| d < today),
                }
            })
            .collect();

        // Review health of the documents (records have their own lifecycle).
        let review_health = ReviewState::ALL
            .iter()
            .filter(|s| **s != ReviewState::Ok)
            .map(|state| {
                let mut documents: Vec<(String, String)> = isms
                    .published()
                    .filter(|(_, d)| d.source.front.record.is_none())
                    .filter(|(_, d)| d.review.as_ref().is_some_and(|r| r.state == *state))
                    .map(|(_, d)| (d.id().to_string(), document_href(root, d)))
                    .collect();
                documents.sort_by(|a, b| natural_cmp(&a.0, &b.0));
                ReviewHealth {
                    key: state.key(),
                    label: state.label(),
                    documents,
                }
            })
            .collect();

        let soa_changes = isms.history.as_ref().and_then(|h| h.history()).map(|h| {
            h.changes_of("soa.yaml")
                .map(|(c, _)| c)
                .filter(|c| in_period(Some(c.date), since, today))
                .map(|c| SoaChange {
                    date: c.date.to_string(),
                    short: c.short().to_string(),
                    summary: c.summary.clone(),
                })
                .collect()
        });

        InputPack {
            since_review: last.map(|r| r.doc.id().to_string()),
            since_href: last.map(|r| document_href(root, r.doc)),
            since: since.map(|d| d.to_string()),
            next_planned: next.map(|r| r.doc.id().to_string()),
            next_planned_date: next.and_then(|r| r.mr.date).map(|d| d.to_string()),
            next_due: next_due(isms).map(|d| d.to_string()),
            has_objectives: register.is_some(),
            kpis,
            objectives,
            previous_actions,
            nc_opened,
            nc_closed,
            nc_open_now: ncs.iter().filter(|n| !n.is_closed()).count(),
            audits,
            has_risks: !risks.is_empty(),
            risk: risk_status,
            review_health,
            has_history: soa_changes.is_some(),
            soa_changes,
            today: today.to_string(),
        }
    }
}
