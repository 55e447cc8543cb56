//! Chooses how diagnostics are printed: for people (rustc style) or for CI (JSON, GitHub).

use std::io::{self, Write};

use super::{human, machine, Counts, Diagnostic};

/// The `--format` of `annexa build` and `annexa check`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// rustc-style messages with the source line and a caret, on stderr.
    #[default]
    Human,
    /// One JSON object per diagnostic and line, on stdout.
    Json,
    /// GitHub Actions workflow commands (`::error file=…::…`), on stdout.
    Github,
}

/// Prints `diagnostics` (already sorted) in `format`.
pub fn emit(diagnostics: &[Diagnostic], format: OutputFormat, colour: bool) -> io::Result<()> {
    match format {
        OutputFormat::Human => {
            let mut err = io::stderr().lock();
            for text in human::render_grouped(diagnostics, colour) {
                writeln!(err, "{text}\n")?;
            }
            Ok(())
        }
        OutputFormat::Json => {
            let mut out = io::stdout().lock();
            for d in diagnostics {
                writeln!(out, "{}", machine::json_line(d))?;
            }
            Ok(())
        }
        OutputFormat::Github => {
            let mut out = io::stdout().lock();
            for d in diagnostics {
                writeln!(out, "{}", machine::github_line(d))?;
            }
            Ok(())
        }
    }
}

/// Writes `diagnostics` for people to `out` as `annexa check` prints them: a set with one
/// cause as one diagnostic (what `serve` prints on the terminal after its first build).
pub fn emit_grouped_to(
    out: &mut dyn Write,
    diagnostics: &[Diagnostic],
    colour: bool,
) -> io::Result<()> {
    for text in human::render_grouped(diagnostics, colour) {
        writeln!(out, "{text}\n")?;
    }
    Ok(())
}

/// Writes `diagnostics` in the human format to `out`, each on its own (what `serve` shows
/// in the page).
pub fn emit_to(out: &mut dyn Write, diagnostics: &[Diagnostic], colour: bool) -> io::Result<()> {
    for d in diagnostics {
        writeln!(out, "{}\n", human::render(d, colour))?;
    }
    Ok(())
}

/// `1 error`, `2 errors`: a count with its noun, plural by adding `s`.
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// The one-line summary printed at the end of a run.
pub fn summary_line(counts: Counts) -> String {
    format!(
        "{}, {}, {}",
        plural(counts.errors, "error"),
        plural(counts.warnings, "warning"),
        plural(counts.notes, "note")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_pluralises() {
        let counts = Counts {
            errors: 1,
            warnings: 0,
            notes: 2,
        };
        assert_eq!(summary_line(counts), "1 error, 0 warnings, 2 notes");
    }
}
