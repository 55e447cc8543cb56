//! The ISMS manual as one PDF, typeset in-process: the PDF base-14 fonts (nothing to embed
//! or download), their width tables for line breaking, `pdf-writer` for the file. The same
//! project and `--today` give the same bytes.

mod layout;
mod manual;
mod metrics;
mod soa;
mod text;
mod write;

use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;
use crate::model::Isms;
use crate::pipeline::RunError;

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

/// The Statement of Applicability alone, when the project has a soa.yaml.
pub fn soa(isms: &Isms) -> Option<Typeset> {
    if !isms.has_soa {
        return None;
    }
    let pages = soa::pages(isms);
    let title = format!("{} Statement of Applicability", isms.config.organisation);
    Some(Typeset {
        bytes: write::pdf(&pages, &title, &isms.config.organisation),
        pages: pages.len(),
    })
}

/// A typeset PDF other than the manual.
pub struct Typeset {
    pub bytes: Vec<u8>,
    pub pages: usize,
}

/// The manual's file name in the site root (`[pdf] build`) and in the evidence pack.
pub const SITE_MANUAL: &str = "isms-manual.pdf";
/// The SoA's file name in the site root and in the evidence pack.
pub const SITE_SOA: &str = "statement-of-applicability.pdf";

/// Puts the manual and, with a soa.yaml, the SoA into the site (`[pdf] build`).
pub fn put_into_site(
    isms: &Isms,
    sink: &dyn crate::render::PageSink,
) -> Result<(), crate::render::RenderError> {
    let (manual, soa) = both(isms).map_err(crate::render::RenderError::Template)?;
    sink.put(SITE_MANUAL, &manual.bytes)
        .map_err(crate::render::RenderError::writing(SITE_MANUAL))?;
    if let Some(soa) = soa {
        sink.put(SITE_SOA, &soa.bytes)
            .map_err(crate::render::RenderError::writing(SITE_SOA))?;
    }
    Ok(())
}

/// What `annexa pdf` did.
pub struct PdfOutcome {
    pub diagnostics: Vec<Diagnostic>,
    /// The manual written, or None when errors in the content stopped it.
    pub written: Option<Manual>,
    /// The SoA written on its own, or None without soa.yaml (or when errors stopped it).
    pub soa: Option<Typeset>,
    /// Why there is no git history, said once on stderr.
    pub history_note: Option<String>,
}

fn cannot_write(output: &Path, e: impl std::fmt::Display) -> RunError {
    RunError {
        message: format!(
            "cannot write the PDF to {}: {e}; choose a writable place with -o FILE.pdf (the manual) or --soa-output FILE.pdf (the SoA)",
            output.display()
        ),
    }
}

/// A file written beside its final place first, renamed into place once complete, and
/// removed when the run ends without that.
struct Partial {
    path: PathBuf,
    output: PathBuf,
    done: bool,
}

impl Partial {
    /// Claims the place: fails before any work when `output` cannot be written.
    fn claim(output: &Path) -> Result<Partial, RunError> {
        if output.is_dir() {
            return Err(cannot_write(output, "it is a folder"));
        }
        let name = output
            .file_name()
            .ok_or_else(|| cannot_write(output, "it has no file name"))?;
        let path = output.with_file_name(format!("{}.partial", name.to_string_lossy()));
        std::fs::write(&path, b"").map_err(|e| cannot_write(output, e))?;
        Ok(Partial {
            path,
            output: output.to_path_buf(),
            done: false,
        })
    }

    fn finish(mut self, bytes: &[u8]) -> Result<(), RunError> {
        std::fs::write(&self.path, bytes)
            .and_then(|()| std::fs::rename(&self.path, &self.output))
            .map_err(|e| cannot_write(&self.output, e))?;
        self.done = true;
        Ok(())
    }
}

impl Drop for Partial {
    fn drop(&mut self) {
        if !self.done {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// The manual and the SoA of `isms`, typeset; a diagnostic when a document's body cannot
/// be read again.
pub fn both(isms: &Isms) -> Result<(Manual, Option<Typeset>), Diagnostic> {
    Ok((manual(isms)?, soa(isms)))
}

/// Loads and checks the project, then writes its manual to `output` and, when it has a
/// soa.yaml, the SoA alone to `soa_output` (each beside its place first, then renamed into
/// place). Content errors come back as diagnostics and nothing is written.
pub fn write_manual(
    options: &crate::pipeline::LoadOptions,
    output: &Path,
    soa_output: &Path,
) -> Result<PdfOutcome, RunError> {
    let manual_file = Partial::claim(output)?;
    let soa_file = Partial::claim(soa_output)?;
    let loaded = crate::pipeline::load(options)?;
    let mut diagnostics = loaded.diagnostics;
    let has_errors = diagnostics
        .iter()
        .any(|d| d.level == crate::diagnostic::Level::Error);
    let typeset = match (&loaded.isms, has_errors) {
        (Some(isms), false) => match both(isms) {
            Ok(typeset) => Some(typeset),
            Err(d) => {
                diagnostics.push(d);
                None
            }
        },
        _ => None,
    };
    let (written, soa) = match typeset {
        Some((manual, soa)) => {
            manual_file.finish(&manual.bytes)?;
            if let Some(soa) = &soa {
                soa_file.finish(&soa.bytes)?;
            }
            (Some(manual), soa)
        }
        None => (None, None),
    };
    Ok(PdfOutcome {
        diagnostics,
        written,
        soa,
        history_note: loaded.history_note,
    })
}
