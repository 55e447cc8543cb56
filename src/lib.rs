//! annexa: turns a repository of ISMS documents (Markdown with YAML front matter) into a
//! cross-linked HTML manual with a Statement of Applicability.

pub mod calendar;
pub mod catalog;
pub mod config;
pub mod diagnostic;
pub mod source;
pub mod model;
pub mod lint;
pub mod render;
pub mod output;
pub mod pipeline;
