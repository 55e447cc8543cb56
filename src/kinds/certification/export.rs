//! The certification in annexa.json, and its dates for the calendars: external audits
//! planned and the certificate's expiry.

use serde::Serialize;

use crate::model::Isms;

use super::file::FILE;

#[derive(Serialize)]
struct JsonExternal {
    kind: &'static str,
    date: Option<String>,
    planned: Option<String>,
    result: Option<&'static str>,
    findings: Vec<String>,
}

#[derive(Serialize)]
struct JsonCertification {
    standard: Option<String>,
    body: Option<String>,
    certificate: Option<String>,
    scope: Option<String>,
    certified: String,
    expires: String,
    audits: Vec<JsonExternal>,
}

pub fn json(isms: &Isms) -> Option<serde_json::Value> {
    let cert = isms.data.certification.get()?;
    serde_json::to_value(JsonCertification {
        standard: cert.standard.clone(),
        body: cert.body.clone(),
        certificate: cert.certificate.clone(),
        scope: cert.scope.clone(),
        certified: cert.certified.value.to_string(),
        expires: cert.expires.value.to_string(),
        audits: cert
            .audits
            .iter()
            .map(|a| JsonExternal {
                kind: a.kind.key(),
                date: a.date.map(|d| d.to_string()),
                planned: a.planned.map(|d| d.to_string()),
                result: a.result.map(|r| r.key()),
                findings: a.findings.iter().map(|f| f.value.clone()).collect(),
            })
            .collect(),
    })
    .ok()
}

pub fn calendar(isms: &Isms) -> Vec<crate::kinds::CalendarEntry> {
    let Some(cert) = isms.data.certification.get() else {
        return Vec::new();
    };
    let mut out: Vec<crate::kinds::CalendarEntry> = cert
        .audits
        .iter()
        .filter(|a| !a.is_done())
        .map(|a| crate::kinds::CalendarEntry {
            uid: format!("external-audit-{}-{}", a.kind.key(), a.day()),
            date: a.day(),
            summary: format!(
                "{}{}",
                a.kind.label(),
                cert.body
                    .as_ref()
                    .map(|b| format!(" by {b}"))
                    .unwrap_or_default()
            ),
            owner: None,
            page: super::pages::PAGE.to_string(),
            source: FILE.to_string(),
            category: "External audit",
        })
        .collect();
    out.push(crate::kinds::CalendarEntry {
        uid: format!("certificate-expiry-{}", cert.expires.value),
        date: cert.expires.value,
        summary: format!(
            "Certificate {}expires",
            cert.certificate
                .as_ref()
                .map(|c| format!("{c} "))
                .unwrap_or_default()
        ),
        owner: None,
        page: super::pages::PAGE.to_string(),
        source: FILE.to_string(),
        category: "Certification",
    });
    out
}
