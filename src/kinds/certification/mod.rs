//! The certification cycle (ISO/IEC 17021-1): certification.yaml, its lints, the cycle's
//! page with its timeline, calendar entries, and its part of annexa.json.

pub mod file;
pub mod lints;

pub use file::{Certification, ExternalAudit, ExternalKind};

pub const REGISTER: super::Part = super::Part {
    key: "certification",
    clauses: &[],
    lints: lints::LINTS,
    check: lints::check,
    pages: |_, _, _| Ok(0),
    nav: |_| Vec::new(),
    card: |_| None,
    exports: |_, _| Ok(()),
    json: |_| None,
    calendar: |_| Vec::new(),
};
