//! The positioned YAML reader: a YAML text as a tree whose values keep their spans
//! ([`tree`]), and typed getters that report a wrong type, an unknown key or a bad choice at
//! file:line:col with what would be right ([`reader`]). Framework files use it; front matter,
//! soa.yaml and the record kinds are to follow.

mod reader;
mod tree;

pub use reader::{Fields, Reader};
pub use tree::{parse, Node, Scalar, Style, SyntaxError, Value};
