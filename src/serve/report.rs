//! What `serve` prints on the terminal: every diagnostic once, at the first build; after a
//! rebuild only what changed (new diagnostics in full, resolved ones a line each) and the
//! one-line summary. At 10,000 documents a project can have 26,000 warnings: printing them
//! all after every save would write megabytes per keystroke.

use std::collections::HashMap;
use std::io::{self, Write};

use crate::diagnostic::{emit_grouped_to, emit_to, summary_line, Counts, Diagnostic, Level};

use super::workspace::Rebuilt;

/// After a rebuild, at most this many new diagnostics are printed in full, and at most this
/// many resolved ones listed (a change to annexa.toml can add or resolve thousands).
pub const LISTED: usize = 50;

/// What a diagnostic is, wherever its line moved: an edit above it shifts its line number,
/// and it is still the same diagnostic.
type Identity<'a> = (
    &'static str,
    Level,
    &'a str,
    Option<(&'a str, usize, &'a str)>,
    Option<&'a str>,
);

fn identity(d: &Diagnostic) -> Identity<'_> {
    (
        d.name,
        d.level,
        &d.message,
        d.location
            .as_ref()
            .map(|l| (l.file.as_str(), l.column, l.source_line.as_str())),
        d.help.as_deref(),
    )
}

/// The diagnostics in `after` that `before` did not have, and those of `before` that
/// `after` no longer has (each in its list's order). A diagnostic that is there twice must
/// be there twice after to be unchanged.
pub fn changes<'a>(
    before: &'a [Diagnostic],
    after: &'a [Diagnostic],
) -> (Vec<&'a Diagnostic>, Vec<&'a Diagnostic>) {
    let mut left: HashMap<Identity<'a>, Vec<usize>> = HashMap::new();
    for (i, d) in before.iter().enumerate().rev() {
        left.entry(identity(d)).or_default().push(i);
    }
    let mut new = Vec::new();
    for d in after {
        match left.get_mut(&identity(d)).and_then(Vec::pop) {
            Some(_) => {}
            None => new.push(d),
        }
    }
    let mut resolved: Vec<usize> = left.into_values().flatten().collect();
    resolved.sort_unstable();
    (new, resolved.into_iter().map(|i| &before[i]).collect())
}

/// One line for a resolved diagnostic: `warning[name] file:line:column: message`.
fn resolved_line(d: &Diagnostic) -> String {
    let place = match &d.location {
        Some(l) if l.line > 0 => format!(" {}:{}:{}", l.file, l.line, l.column),
        Some(l) => format!(" {}", l.file),
        None => String::new(),
    };
    format!("{}[{}]{place}: {}", d.level.as_str(), d.name, d.message)
}

/// Prints the diagnostics of `rebuilt` to `out`: all of them when there is no `before` (the
/// first build), else what changed since `before`, then the summary.
pub fn print(
    out: &mut dyn Write,
    before: Option<&[Diagnostic]>,
    rebuilt: &Rebuilt,
    colour: bool,
) -> io::Result<()> {
    let now = &rebuilt.diagnostics;
    let counts = summary_line(Counts::of(now));
    let counts = match before {
        None => {
            emit_grouped_to(out, now, colour)?;
            counts
        }
        Some(before) => {
            let (new, resolved) = changes(before, now);
            for d in new.iter().take(LISTED) {
                emit_to(out, std::slice::from_ref(*d), colour)?;
            }
            if new.len() > LISTED {
                writeln!(
                    out,
                    "annexa: … and {} more new diagnostics (`annexa check` lists them all)",
                    new.len() - LISTED
                )?;
            }
            for d in resolved.iter().take(LISTED) {
                writeln!(out, "annexa: resolved: {}", resolved_line(d))?;
            }
            if resolved.len() > LISTED {
                writeln!(
                    out,
                    "annexa: … and {} more resolved",
                    resolved.len() - LISTED
                )?;
            }
            format!("{counts}; {} new, {} resolved", new.len(), resolved.len())
        }
    };
    if rebuilt.has_errors() {
        writeln!(out, "annexa: {counts}; still serving the last good site")
    } else {
        writeln!(
            out,
            "annexa: rebuilt {} ({}) in {} ms ({counts})",
            crate::diagnostic::plural(rebuilt.rendered, "file"),
            crate::diagnostic::plural(rebuilt.documents_rendered, "document page"),
            rebuilt.elapsed.as_millis(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Location;

    fn at(name: &'static str, file: &str, line: usize, text: &str) -> Diagnostic {
        Diagnostic::new(name, Level::Warning, format!("{name} here")).at(Location {
            file: file.to_string(),
            line,
            column: 1,
            len: 1,
            source_line: text.to_string(),
        })
    }

    #[test]
    fn a_moved_line_is_unchanged_and_new_and_gone_ones_are_told() {
        let before = vec![
            at("a", "x.md", 3, "one"),
            at("b", "x.md", 5, "two"),
            at("b", "x.md", 5, "two"),
        ];
        let after = vec![
            // Moved down by an edit above it.
            at("a", "x.md", 4, "one"),
            at("b", "x.md", 6, "two"),
            at("c", "y.md", 1, "three"),
        ];
        let (new, resolved) = changes(&before, &after);
        assert_eq!(new, vec![&after[2]]);
        assert_eq!(resolved, vec![&before[2]]);
        assert_eq!(resolved_line(resolved[0]), "warning[b] x.md:5:1: b here");
    }
}
