//! `pack --verify`: recomputes every file's SHA-256 and size and compares them with
//! MANIFEST.txt: files missing from the zip, files the manifest does not list, files whose
//! contents changed.

use std::collections::BTreeMap;
use std::path::Path;

use super::archive;
use super::manifest::{sha256_hex, FileEntry, Manifest, MANIFEST};

/// One way a pack differs from its manifest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mismatch {
    /// Listed in the manifest, not in the zip.
    Missing(String),
    /// In the zip, not listed in the manifest.
    Extra(String),
    /// In both, with other contents (or contents that cannot be read).
    Changed {
        path: String,
        expected: FileEntry,
        /// What the zip holds, or why it cannot be read.
        found: Result<FileEntry, String>,
    },
}

impl std::fmt::Display for Mismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Mismatch::Missing(path) => write!(
                f,
                "missing: {path} is listed in {MANIFEST} but not in the pack"
            ),
            Mismatch::Extra(path) => write!(
                f,
                "extra: {path} is in the pack but not listed in {MANIFEST}"
            ),
            Mismatch::Changed {
                path,
                expected,
                found: Ok(found),
            } => write!(
                f,
                "changed: {path}: SHA-256 {} ({} bytes), the manifest says {} ({} bytes)",
                found.sha256, found.size, expected.sha256, expected.size
            ),
            Mismatch::Changed {
                path,
                found: Err(e),
                ..
            } => {
                write!(f, "changed: {path} cannot be read from the pack ({e})")
            }
        }
    }
}

/// What verification found.
pub struct Verified {
    pub manifest: Manifest,
    /// The SHA-256 of the zip file itself (to compare with the one recorded at packing).
    pub sha256: String,
    pub mismatches: Vec<Mismatch>,
}

/// Why a file could not be verified at all.
#[derive(Debug)]
pub enum VerifyError {
    /// The file cannot be read, or is not a zip archive (a failure of the run, exit 2).
    Unreadable(String),
    /// A zip without a usable MANIFEST.txt: it cannot be shown to be a complete pack.
    NotAPack(String),
}

impl std::fmt::Display for VerifyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            VerifyError::Unreadable(m) | VerifyError::NotAPack(m) => f.write_str(m),
        }
    }
}

/// Verifies the pack at `path` against its manifest.
pub fn verify(path: &Path) -> Result<Verified, VerifyError> {
    let bytes = std::fs::read(path)
        .map_err(|e| VerifyError::Unreadable(format!("cannot read {}: {e}", path.display())))?;
    let entries = archive::read_all(std::io::Cursor::new(&bytes)).map_err(|e| {
        VerifyError::Unreadable(format!(
            "{} is not a zip archive ({e}): give the .zip file `annexa pack` wrote",
            path.display()
        ))
    })?;
    let manifest_text = match entries.iter().find(|e| e.name == MANIFEST) {
        None => {
            return Err(VerifyError::NotAPack(format!(
                "{} has no {MANIFEST}: it was not written by `annexa pack`, or the manifest was removed",
                path.display()
            )))
        }
        Some(entry) => match &entry.contents {
            Ok(data) => String::from_utf8_lossy(data).into_owned(),
            Err(e) => {
                return Err(VerifyError::NotAPack(format!(
                    "{MANIFEST} in {} cannot be read ({e}): the pack is damaged",
                    path.display()
                )))
            }
        },
    };
    let manifest = Manifest::parse(&manifest_text)
        .map_err(|e| VerifyError::NotAPack(format!("{MANIFEST} in {}: {e}", path.display())))?;
    let mismatches = compare(&manifest, &entries);
    Ok(Verified {
        manifest,
        sha256: sha256_hex(&bytes),
        mismatches,
    })
}

/// The mismatches between the manifest and the zip's entries, in path order.
fn compare(manifest: &Manifest, entries: &[archive::ReadEntry]) -> Vec<Mismatch> {
    let mut found: BTreeMap<&str, &archive::ReadEntry> = BTreeMap::new();
    let mut mismatches = Vec::new();
    for entry in entries.iter().filter(|e| e.name != MANIFEST) {
        if found.insert(entry.name.as_str(), entry).is_some() {
            mismatches.push(Mismatch::Extra(format!(
                "{} (a second entry of that name)",
                entry.name
            )));
        }
    }
    let mut listed = BTreeMap::new();
    for expected in &manifest.files {
        listed.insert(expected.path.as_str(), expected);
    }
    for (path, expected) in &listed {
        match found.get(path) {
            None => mismatches.push(Mismatch::Missing(path.to_string())),
            Some(entry) => {
                let actual = entry
                    .contents
                    .as_ref()
                    .map(|data| FileEntry::of(path, data));
                match actual {
                    Ok(actual) if &actual == *expected => {}
                    other => mismatches.push(Mismatch::Changed {
                        path: path.to_string(),
                        expected: (*expected).clone(),
                        found: other.map_err(Clone::clone),
                    }),
                }
            }
        }
    }
    for path in found.keys().filter(|p| !listed.contains_key(*p)) {
        mismatches.push(Mismatch::Extra(path.to_string()));
    }
    mismatches.sort_by(|a, b| key(a).cmp(key(b)));
    mismatches
}

fn key(m: &Mismatch) -> &str {
    match m {
        Mismatch::Missing(p) | Mismatch::Extra(p) | Mismatch::Changed { path: p, .. } => p,
    }
}
