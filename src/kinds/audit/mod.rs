//! Internal audits (clause 9.2): the programme of the cycle (audits/programme.yaml), the
//! audit reports (`audit` records in audits/), their lints, pages, exports and calendar.

pub mod coverage;
pub mod export;
pub mod internal;
pub mod lints;
pub mod pages;
pub mod programme;
pub mod record;
pub mod scope;
pub mod view;

pub use internal::{internal_audits, InternalAudit};
pub use programme::Programme;
pub use record::Audit;

use super::Kind;
use crate::model::{Document, Isms};

pub const KIND: Kind = Kind {
    name: "audit",
    folder: "audits",
    label: "Internal audit",
    plural: "Internal audits",
    statuses: &[("planned", "Planned"), ("done", "Done")],
    keys: record::KEYS,
    read: record::read,
    part: super::Part {
        key: "audits",
        clauses: &["9.2"],
        lints: lints::LINTS,
        check: lints::check,
        pages: pages::render,
        nav: pages::nav,
        card: |_| None,
        exports: export::write,
        json: export::json,
        calendar: export::calendar,
    },
};

/// An audit report of the model.
#[derive(Clone, Copy)]
pub struct AuditRef<'a> {
    pub index: usize,
    pub doc: &'a Document,
    pub audit: &'a Audit,
}

impl AuditRef<'_> {
    pub fn is_done(&self) -> bool {
        self.status_key() == "done"
    }

    pub fn status_key(&self) -> &'static str {
        self.doc
            .source
            .front
            .record
            .as_ref()
            .map_or("planned", |r| r.status)
    }
}

/// Every audit report of the model, in path order.
pub fn reports(isms: &Isms) -> impl Iterator<Item = AuditRef<'_>> {
    isms.records_of(&KIND).filter_map(|index| {
        let doc = &isms.documents[index];
        let audit = doc.source.front.record.as_ref()?.audit()?;
        Some(AuditRef { index, doc, audit })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::for_tests::isms_of;

    #[test]
    fn an_audit_report_is_a_record_with_its_scope_and_findings() {
        let isms = isms_of(
            "---\nid: IA-2026-1\ntitle: ISMS core\ntype: audit\nstatus: done\ndate: 2026-02-12\nauditors: [External consultant]\nscope: { clauses: [\"4\", \"6.1\"], controls: [A.5.1], processes: [Risk management] }\nfindings: [NC-2026-001]\nreported_to: MR-2026-1\n---\nBody\n",
        );
        let all: Vec<AuditRef> = reports(&isms).collect();
        assert_eq!(all.len(), 1);
        let audit = all[0].audit;
        assert!(all[0].is_done());
        assert_eq!(audit.date, Some(jiff::civil::date(2026, 2, 12)));
        assert_eq!(audit.auditors[0].value, "External consultant");
        assert!(audit.scope.has_clause("6.1.3"));
        assert_eq!(audit.scope.processes, ["Risk management"]);
        assert_eq!(audit.findings[0].value, "NC-2026-001");
        assert_eq!(audit.reported_to.as_ref().unwrap().value, "MR-2026-1");
        let internal = internal_audits(&isms);
        assert_eq!(internal.len(), 1);
        assert!(internal[0].entry.is_none() && internal[0].is_done());
    }

    #[test]
    fn a_document_declares_the_clauses_it_fulfils() {
        let isms =
            isms_of("---\nid: A\ntitle: T\nstatus: approved\nclauses: [\"4.3\", \"9.2\"]\n---\n");
        let clauses: Vec<&str> = isms.documents[0]
            .source
            .front
            .clauses
            .iter()
            .map(|c| c.value.as_str())
            .collect();
        assert_eq!(clauses, ["4.3", "9.2"]);
    }
}
