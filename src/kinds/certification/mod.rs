//! The certification cycle (ISO/IEC 17021-1): certification.yaml, its lints, the cycle's
//! page with its timeline, calendar entries, and its part of annexa.json.

pub mod cycle;
pub mod events;
pub mod export;
pub mod file;
pub mod lints;
pub mod pages;
pub mod timeline;

pub use file::{Certification, ExternalAudit, ExternalKind};

pub const REGISTER: super::Part = super::Part {
    key: "certification",
    clauses: &[],
    lints: lints::LINTS,
    check: lints::check,
    pages: pages::render,
    nav: pages::nav,
    card: pages::card,
    exports: |_, _| Ok(()),
    json: export::json,
    calendar: export::calendar,
};
