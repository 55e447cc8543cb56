//! Reading document files: UTF-8 checked, byte order mark removed, paths relative to the project.

use std::path::Path;

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Location};

/// The text of one document file.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the project, with `/` separators.
    pub rel_path: String,
    pub text: String,
}

/// Reads `rel_paths` (relative to `project`) in parallel. Files that cannot be read or are
/// not UTF-8 become diagnostics.
pub fn read_sources(project: &Path, rel_paths: &[String]) -> (Vec<SourceFile>, Vec<Diagnostic>) {
    let results: Vec<Result<SourceFile, Diagnostic>> = rel_paths
        .par_iter()
        .map(|rel| read_one(project, rel))
        .collect();
    let mut files = Vec::with_capacity(results.len());
    let mut diagnostics = Vec::new();
    for result in results {
        match result {
            Ok(file) => files.push(file),
            Err(d) => diagnostics.push(d),
        }
    }
    (files, diagnostics)
}

/// The line and column of the first invalid byte (`valid_up_to`) of a file.
pub fn utf8_error_location(rel: &str, bytes: &[u8], valid_up_to: usize) -> Location {
    let valid = String::from_utf8_lossy(&bytes[..valid_up_to]);
    let shown = String::from_utf8_lossy(bytes);
    let line = valid.matches('\n').count() + 1;
    let column = valid.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Location::at_line_column(rel, &shown, line, column, 1)
}

/// Documents larger than this are refused: a policy is never this long, and a runaway file
/// (a pasted log, a binary saved as .md) would slow every build and page down.
pub const MAX_DOCUMENT_BYTES: u64 = 8 * 1024 * 1024;

pub(super) fn read_one(project: &Path, rel: &str) -> Result<SourceFile, Diagnostic> {
    let path = project.join(rel);
    if let Ok(meta) = std::fs::metadata(&path) {
        if meta.len() > MAX_DOCUMENT_BYTES {
            return Err(crate::lint::registry::FILE_TOO_LARGE.report(format!("this file has {} MiB; documents may have at most {} MiB", meta.len() / (1024 * 1024), MAX_DOCUMENT_BYTES / (1024 * 1024)),
            )
            .at(Location::whole_file(rel))
            .with_help("split the document, move attachments to static/, or exclude the file in annexa.toml"));
        }
    }
    let bytes =
        std::fs::read(&path).map_err(|e| {
            crate::lint::registry::UNREADABLE_FILE.report(format!("cannot read this file: {e}"),
        )
        .at(Location::whole_file(rel))
        .with_help("check the file's permissions, or exclude it in annexa.toml (`exclude = [...]`)")
        })?;
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let valid_up_to = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            return Err(crate::lint::registry::INVALID_UTF8.report(format!("this file is not valid UTF-8 (first bad byte 0x{:02X})", bytes[valid_up_to]),
            )
            .at(utf8_error_location(rel, &bytes, valid_up_to))
            .with_help("save the file as UTF-8 in your editor (most editors: File → Save with encoding → UTF-8)"));
        }
    };
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    };
    Ok(SourceFile {
        rel_path: rel.to_string(),
        text,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_utf8_and_strips_bom() {
        let dir = tempfile::tempdir().ok();
        let Some(dir) = dir else { return };
        std::fs::write(dir.path().join("a.md"), "\u{feff}---\nid: A\n").ok();
        std::fs::write(dir.path().join("b.md"), b"ok\nab\xFFc\n").ok();
        let (files, diagnostics) = read_sources(dir.path(), &["a.md".into(), "b.md".into()]);
        assert_eq!(files.len(), 1);
        assert!(files[0].text.starts_with("---"));
        assert_eq!(diagnostics.len(), 1);
        let loc = diagnostics[0].location.as_ref().map(|l| (l.line, l.column));
        assert_eq!(loc, Some((2, 3)));
        assert_eq!(diagnostics[0].name, "invalid-utf8");
    }
}
