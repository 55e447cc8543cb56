//! What the auditor takes away: the evidence pack and its verification, and document
//! control read from git history. One test binary; its parts are modules.

mod common;

#[path = "audit/git.rs"]
mod git;
#[path = "audit/history.rs"]
mod history;
#[path = "audit/in_review.rs"]
mod in_review;
#[path = "audit/pack.rs"]
mod pack;
#[path = "audit/pdf.rs"]
mod pdf;
