//! annexa: turns a repository of ISMS documents (Markdown with YAML front matter) into a
//! cross-linked HTML manual with a Statement of Applicability.

// Diagnostics are the error values of content problems; they are returned rarely and off the
// hot path, so their size (a location with its source line) does not matter.
#![allow(clippy::result_large_err)]

pub mod calendar;
pub mod catalog;
pub mod config;
pub mod diagnostic;
pub mod kinds;
pub mod lint;
pub mod model;
pub mod output;
pub mod pipeline;
pub mod project;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod source;
pub mod timings;
