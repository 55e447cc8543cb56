//! The ISMS manual as one PDF, typeset in-process: the PDF base-14 fonts (nothing to embed
//! or download), their width tables for line breaking, `pdf-writer` for the file. The same
//! project and `--today` give the same bytes.

mod layout;
mod manual;
mod metrics;
mod text;
mod write;

use crate::diagnostic::Diagnostic;
use crate::model::Isms;

/// A typeset manual.
pub struct Manual {
    pub bytes: Vec<u8>,
    pub pages: usize,
    pub documents: usize,
}

/// The manual of `isms`' published documents (drafts and documents above the maximum
/// classification are not published) and its SoA.
pub fn manual(isms: &Isms) -> Result<Manual, Diagnostic> {
    let (pages, documents) = manual::pages(isms)?;
    let title = format!("{} ISMS manual", isms.config.organisation);
    Ok(Manual {
        bytes: write::pdf(&pages, &title, &isms.config.organisation),
        pages: pages.len(),
        documents,
    })
}

/// What `annexa pdf` did.
pub struct PdfOutcome {
    pub diagnostics: Vec<Diagnostic>,
    /// The manual written, or None when errors in the content stopped it.
    pub written: Option<Manual>,
    /// Why there is no git history, said once on stderr.
    pub history_note: Option<String>,
}

fn cannot_write(output: &std::path::Path, e: impl std::fmt::Display) -> crate::pipeline::RunError {
    crate::pipeline::RunError {
        message: format!(
            "cannot write the PDF to {}: {e}; choose a writable place with -o FILE.pdf",
            output.display()
        ),
    }
}

/// Loads and checks the project, then writes its manual to `output` (beside it first, then
/// renamed into place). Content errors come back as diagnostics and nothing is written.
pub fn write_manual(
    options: &crate::pipeline::LoadOptions,
    output: &std::path::Path,
) -> Result<PdfOutcome, crate::pipeline::RunError> {
    if output.is_dir() {
        return Err(cannot_write(output, "it is a folder"));
    }
    let name = output
        .file_name()
        .ok_or_else(|| cannot_write(output, "it has no file name"))?;
    let partial = output.with_file_name(format!("{}.partial", name.to_string_lossy()));
    std::fs::write(&partial, b"").map_err(|e| cannot_write(output, e))?;
    let loaded = match crate::pipeline::load(options) {
        Ok(loaded) => loaded,
        Err(e) => {
            let _ = std::fs::remove_file(&partial);
            return Err(e);
        }
    };
    let mut diagnostics = loaded.diagnostics;
    let written = match (
        &loaded.isms,
        diagnostics
            .iter()
            .any(|d| d.level == crate::diagnostic::Level::Error),
    ) {
        (Some(isms), false) => match manual(isms) {
            Ok(manual) => Some(manual),
            Err(d) => {
                diagnostics.push(d);
                None
            }
        },
        _ => None,
    };
    let result = match &written {
        Some(manual) => std::fs::write(&partial, &manual.bytes)
            .and_then(|()| std::fs::rename(&partial, output))
            .map_err(|e| cannot_write(output, e)),
        None => Ok(()),
    };
    if written.is_none() || result.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    result?;
    Ok(PdfOutcome {
        diagnostics,
        written,
        history_note: loaded.history_note,
    })
}
