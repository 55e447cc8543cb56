//! The positioned YAML reader: a YAML text as a tree whose values keep their spans
//! ([`tree`]), and typed getters that report a wrong type, an unknown key or a bad choice at
//! file:line:col with what would be right ([`reader`], [`values`]). Front matter, soa.yaml,
//! applicability files and framework files are read with it.

mod reader;
mod tree;
mod values;

pub use reader::{Fields, Reader};
pub use tree::{parse, Node, Scalar, Style, SyntaxError, Value};
