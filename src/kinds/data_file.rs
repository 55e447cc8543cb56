//! Reading a data file (risk-criteria.yaml, certification.yaml, objectives.yaml, assets.csv…):
//! absent is no problem; unreadable or not UTF-8 is an error of the file's lint at the whole
//! file. A byte order mark (spreadsheet exports, Windows editors) is dropped.

use std::path::Path;

use crate::diagnostic::{Diagnostic, Location};
use crate::lint::Lint;

/// The text of `rel` in `project`: Ok(None) when there is no such file.
pub fn read(
    project: &Path,
    rel: &str,
    lint: &'static Lint,
) -> Result<Option<String>, Vec<Diagnostic>> {
    match std::fs::read(project.join(rel)) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(vec![lint
            .report(format!("cannot read {rel}: {e}"))
            .at(Location::whole_file(rel))
            .with_help("make the file readable, or remove it")]),
        Ok(mut bytes) => {
            if bytes.starts_with(b"\xEF\xBB\xBF") {
                bytes.drain(..3);
            }
            String::from_utf8(bytes).map(Some).map_err(|_| {
                vec![lint
                    .report(format!("{rel} is not UTF-8 text"))
                    .at(Location::whole_file(rel))
                    .with_help("save the file as UTF-8")]
            })
        }
    }
}
