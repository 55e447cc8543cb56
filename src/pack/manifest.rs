//! MANIFEST.txt: what a pack holds (every file with its SHA-256 and size) and where it came
//! from (build date, annexa version, git commit and whether the tree was clean); written
//! by `pack`, read back by `pack --verify`.

use sha2::{Digest, Sha256};

/// The manifest's file name, at the root of the zip.
pub const MANIFEST: &str = "MANIFEST.txt";

const TITLE: &str = "annexa evidence pack";
const FILES_HEADING: &str = "Files (SHA-256, size in bytes, path):";

/// One file of the pack.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileEntry {
    pub path: String,
    pub size: u64,
    pub sha256: String,
}

impl FileEntry {
    pub fn of(path: &str, data: &[u8]) -> FileEntry {
        FileEntry {
            path: path.to_string(),
            size: data.len() as u64,
            sha256: sha256_hex(data),
        }
    }
}

/// The lowercase hexadecimal SHA-256 of `data`.
pub fn sha256_hex(data: &[u8]) -> String {
    Sha256::digest(data)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The manifest: facts about the build (label, value) and the files.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Manifest {
    pub facts: Vec<(String, String)>,
    pub files: Vec<FileEntry>,
}

impl Manifest {
    /// The text of MANIFEST.txt.
    pub fn render(&self) -> String {
        let width = self.facts.iter().map(|(k, _)| k.len()).max().unwrap_or(0) + 1;
        let mut out = format!("{TITLE}\n\n");
        for (label, value) in &self.facts {
            out.push_str(&format!("{:<width$} {value}\n", format!("{label}:")));
        }
        out.push_str(&format!("\n{FILES_HEADING}\n"));
        for file in &self.files {
            out.push_str(&format!("{}  {}  {}\n", file.sha256, file.size, file.path));
        }
        out
    }

    /// Reads MANIFEST.txt back; an error names the line that is not as `render` writes it.
    pub fn parse(text: &str) -> Result<Manifest, String> {
        let mut lines = text.lines().enumerate();
        match lines.next() {
            Some((_, TITLE)) => {}
            _ => {
                return Err(format!(
                    "line 1: expected `{TITLE}`: this is not an annexa pack's manifest"
                ))
            }
        }
        let mut facts = Vec::new();
        let mut in_files = false;
        let mut files = Vec::new();
        for (index, line) in lines {
            let number = index + 1;
            if line.is_empty() {
                continue;
            }
            if !in_files {
                if line == FILES_HEADING {
                    in_files = true;
                } else if let Some((label, value)) = line.split_once(':') {
                    facts.push((label.to_string(), value.trim().to_string()));
                } else {
                    return Err(format!("line {number}: expected `label: value` or `{FILES_HEADING}`, found `{line}`"));
                }
                continue;
            }
            let mut parts = line.splitn(3, "  ");
            let (Some(sha256), Some(size), Some(path)) = (parts.next(), parts.next(), parts.next())
            else {
                return Err(format!(
                    "line {number}: expected `SHA-256  SIZE  PATH`, found `{line}`"
                ));
            };
            let valid_hash = sha256.len() == 64 && sha256.bytes().all(|b| b.is_ascii_hexdigit());
            let Ok(size) = size.parse::<u64>() else {
                return Err(format!("line {number}: `{size}` is not a size in bytes"));
            };
            if !valid_hash {
                return Err(format!(
                    "line {number}: `{sha256}` is not a SHA-256 (64 hexadecimal digits)"
                ));
            }
            files.push(FileEntry {
                path: path.to_string(),
                size,
                sha256: sha256.to_ascii_lowercase(),
            });
        }
        if !in_files {
            return Err(format!(
                "no `{FILES_HEADING}` line: the list of files is missing"
            ));
        }
        Ok(Manifest { facts, files })
    }

    /// The value of a fact, by its label.
    pub fn fact(&self, label: &str) -> Option<&str> {
        self.facts
            .iter()
            .find(|(k, _)| k == label)
            .map(|(_, v)| v.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Manifest {
        Manifest {
            facts: vec![
                ("Build date".into(), "2026-11-25".into()),
                ("Git commit".into(), "abc".into()),
            ],
            files: vec![FileEntry::of("site/a b.html", b"hello")],
        }
    }

    #[test]
    fn a_manifest_reads_back_as_written() {
        let text = sample().render();
        assert!(text.contains(
            "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824  5  site/a b.html\n"
        ));
        assert_eq!(Manifest::parse(&text).unwrap(), sample());
        assert_eq!(sample().fact("Git commit"), Some("abc"));
    }

    #[test]
    fn a_damaged_manifest_names_its_line() {
        for (text, expected) in [
            ("hello\n", "line 1: expected `annexa evidence pack`"),
            ("annexa evidence pack\n\nBuild date: x\n", "no `Files"),
            (
                "annexa evidence pack\n\nno colon here\n",
                "line 3: expected `label: value`",
            ),
            (
                "annexa evidence pack\nFiles (SHA-256, size in bytes, path):\nabc  5  a\n",
                "line 3: `abc` is not a SHA-256",
            ),
            (
                "annexa evidence pack\nFiles (SHA-256, size in bytes, path):\nabc  five  a\n",
                "line 3: `five` is not a size",
            ),
            (
                "annexa evidence pack\nFiles (SHA-256, size in bytes, path):\nabc\n",
                "line 3: expected `SHA-256  SIZE  PATH`",
            ),
        ] {
            let error = Manifest::parse(text).unwrap_err();
            assert!(error.starts_with(expected), "{text:?}: {error}");
        }
    }
}
