//! certification.html (the cycle: the timeline and the same events as a table, the
//! certificate), and the home page's card: the next external audit and the days left,
//! internal audits overdue.

use serde::Serialize;

use crate::kinds::audit::internal_audits;
use crate::kinds::audit::view::AuditState;
use crate::model::Isms;
use crate::render::pages::{render_page, Page};
use crate::render::urls::root_for;
use crate::render::{PageSink, RenderError, Templates};

use super::events::{events, next_external};
use super::lints::days_between;
use super::timeline::timeline;

pub const PAGE: &str = "certification.html";

#[derive(Serialize)]
struct EventView {
    day: String,
    kind: &'static str,
    label: String,
    state: &'static str,
    detail: Option<String>,
    href: Option<String>,
    past: bool,
}

#[derive(Serialize)]
struct CertificationPage {
    standard: Option<String>,
    body: Option<String>,
    certificate: Option<String>,
    scope: Option<String>,
    certified: String,
    expires: String,
    days_to_expiry: i32,
    next_external: Option<(String, &'static str, i32)>,
    timeline: String,
    events: Vec<EventView>,
    years: Vec<(String, String)>,
}

pub fn nav(isms: &Isms) -> Vec<(&'static str, &'static str, &'static str)> {
    if isms.data.certification.get().is_some() {
        vec![("certification", "Certification cycle", PAGE)]
    } else {
        Vec::new()
    }
}

pub fn render(
    isms: &Isms,
    templates: &Templates,
    sink: &dyn PageSink,
) -> Result<usize, RenderError> {
    let Some(cert) = isms.data.certification.get() else {
        return Ok(0);
    };
    let root = root_for(PAGE);
    let all = events(isms, cert);
    let from = all
        .first()
        .map_or(cert.certified.value, |e| e.day)
        .min(cert.certified.value);
    let to = cert.expires.value;
    let label = format!(
        "The certification cycle from {} to {}: {} events, listed in the table below",
        cert.certified.value,
        cert.expires.value,
        all.len()
    );
    let svg = timeline(&all, from, to, isms.today, &label);
    let cycle = super::cycle::Cycle::of(isms);
    let page = CertificationPage {
        standard: cert.standard.as_ref().map(|s| match s.as_str() {
            "iso27001-2022" => "ISO/IEC 27001:2022".to_string(),
            "iso27001-2013" => "ISO/IEC 27001:2013".to_string(),
            other => other.to_string(),
        }),
        body: cert.body.clone(),
        certificate: cert.certificate.clone(),
        scope: cert.scope.clone(),
        certified: cert.certified.value.to_string(),
        expires: cert.expires.value.to_string(),
        days_to_expiry: days_between(isms.today, cert.expires.value),
        next_external: next_external(isms, cert)
            .map(|(day, label)| (day.to_string(), label, days_between(isms.today, day))),
        timeline: svg,
        events: all
            .iter()
            .map(|e| EventView {
                day: e.day.to_string(),
                kind: e.kind.key(),
                label: e.label.clone(),
                state: if e.done { "done" } else { "planned" },
                detail: e.detail.clone(),
                href: e.page.as_ref().map(|p| format!("{root}{p}")),
                past: e.day < isms.today,
            })
            .collect(),
        years: cycle
            .years()
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect(),
    };
    render_page(
        isms,
        templates,
        sink,
        Page {
            path: PAGE,
            template: "certification.html",
            title: "Certification cycle",
            nav_key: "certification",
        },
        &page,
    )?;
    Ok(1)
}

/// The home card: next external audit and days left, internal audits overdue.
pub fn card(isms: &Isms) -> Option<crate::kinds::Card> {
    let cert = isms.data.certification.get();
    let audits = internal_audits(isms);
    if cert.is_none() && audits.is_empty() {
        return None;
    }
    let overdue: Vec<(String, String, String)> = audits
        .iter()
        .filter(|a| AuditState::of(a, isms.today) == AuditState::Overdue)
        .map(|a| {
            let href = match a.report.filter(|r| r.doc.published) {
                Some(r) => r.doc.page.clone(),
                None => format!("{}#audit-{}", crate::kinds::audit::pages::PAGE, a.id),
            };
            (
                a.id.to_string(),
                a.title().unwrap_or("Internal audit").to_string(),
                href,
            )
        })
        .collect();
    let mut figures = Vec::new();
    let mut heading_extra = String::new();
    if let Some(cert) = cert {
        if let Some((day, label)) = next_external(isms, cert) {
            let days = days_between(isms.today, day).max(0) as usize;
            heading_extra = format!("{label} on {day}");
            figures.push(crate::kinds::Figure {
                label: format!("days to the {}", label.to_lowercase()),
                count: days,
                class: if days <= 60 {
                    "review-due-soon"
                } else {
                    "status-open"
                },
                href: PAGE,
            });
        }
        let expiry = days_between(isms.today, cert.expires.value).max(0) as usize;
        figures.push(crate::kinds::Figure {
            label: "days until the certificate expires".into(),
            count: expiry,
            class: if expiry <= 90 {
                "review-overdue"
            } else {
                "status-approved"
            },
            href: PAGE,
        });
    }
    figures.push(crate::kinds::Figure {
        label: "internal audits overdue".into(),
        count: overdue.len(),
        class: if overdue.is_empty() {
            "status-approved"
        } else {
            "action-overdue"
        },
        href: crate::kinds::audit::pages::PAGE,
    });
    let mut links = Vec::new();
    if cert.is_some() {
        links.push(("Certification cycle", PAGE));
    }
    if !audits.is_empty() {
        links.push(("Audit programme", crate::kinds::audit::pages::PAGE));
    }
    Some(crate::kinds::Card {
        key: "certification",
        heading: "Audits and certification",
        figures,
        attention_heading: if heading_extra.is_empty() {
            "Internal audits overdue".into()
        } else {
            format!("Next: {heading_extra}. Internal audits overdue")
        },
        attention: overdue,
        links,
        sparklines: Vec::new(),
    })
}
