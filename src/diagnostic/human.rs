//! rustc-style rendering: level and name, `file:line:col`, the source line with a caret, help.

use annotate_snippets::{Level as SnippetLevel, Renderer, Snippet};

use super::{Diagnostic, Level, Location};

fn snippet_level(level: Level) -> SnippetLevel {
    match level {
        Level::Error => SnippetLevel::Error,
        Level::Warning => SnippetLevel::Warning,
        Level::Note => SnippetLevel::Note,
    }
}

/// Byte range of the marked text within the location's source line.
fn line_span(location: &Location) -> std::ops::Range<usize> {
    let line = &location.source_line;
    let start: usize = line
        .chars()
        .take(location.column.saturating_sub(1))
        .map(char::len_utf8)
        .sum();
    let len: usize = line[start.min(line.len())..]
        .chars()
        .take(location.len.max(1))
        .map(char::len_utf8)
        .sum();
    let start = start.min(line.len());
    start..(start + len.max(1)).min(line.len().max(start))
}

/// Renders one diagnostic as text, with ANSI colours when `colour` is set.
pub fn render(diagnostic: &Diagnostic, colour: bool) -> String {
    let renderer = if colour {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let level = snippet_level(diagnostic.level);
    // A location without a line (the file as a whole) has no snippet: name the file in a note.
    let mut file_notes = Vec::new();
    if let Some(location) = diagnostic.location.as_ref().filter(|l| l.line == 0) {
        file_notes.push(format!("in {}", location.file));
    }
    for (location, label) in diagnostic.related.iter().filter(|(l, _)| l.line == 0) {
        file_notes.push(format!("{label}: {}", location.file));
    }
    let mut message = level.title(&diagnostic.message).id(diagnostic.name);
    if let Some(location) = diagnostic.location.as_ref().filter(|l| l.line > 0) {
        message = message.snippet(
            Snippet::source(&location.source_line)
                .line_start(location.line)
                .origin(&location.file)
                // annotate-snippets 0.11 draws `^` only for error-level spans; rustc marks the
                // primary span of every level with `^`.
                .annotation(SnippetLevel::Error.span(line_span(location))),
        );
    }
    for (location, label) in diagnostic.related.iter().filter(|(l, _)| l.line > 0) {
        message = message.snippet(
            Snippet::source(&location.source_line)
                .line_start(location.line)
                .origin(&location.file)
                .annotation(SnippetLevel::Info.span(line_span(location)).label(label)),
        );
    }
    for note in &file_notes {
        message = message.footer(SnippetLevel::Note.title(note));
    }
    if let Some(help) = &diagnostic.help {
        message = message.footer(SnippetLevel::Help.title(help));
    }
    let rendered = renderer.render(message).to_string();
    rendered
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_like_rustc() {
        let text = "---\nid: A\n---\nSee [[POL-XX]] now.\n";
        let offset = text.find("[[").unwrap_or(0);
        let d = Diagnostic::new(
            "broken-reference",
            Level::Error,
            "no document has the id `POL-XX`",
        )
        .at(Location::in_text("policies/a.md", text, offset, 10))
        .with_help("did you mean `POL-AC`?");
        let out = render(&d, false);
        let expected = "\
error[broken-reference]: no document has the id `POL-XX`
 --> policies/a.md:4:5
  |
4 | See [[POL-XX]] now.
  |     ^^^^^^^^^^
  |
  = help: did you mean `POL-AC`?";
        assert_eq!(out, expected);
    }

    #[test]
    fn renders_a_related_location_and_a_whole_file() {
        let a = Location::in_text("a.md", "id: X\n", 4, 1);
        let b = Location::whole_file("b.md");
        let d = Diagnostic::new("duplicate-id", Level::Error, "dup")
            .at(a)
            .with_related(b, "first defined here");
        let out = render(&d, false);
        assert!(out.contains(" --> a.md:1:5"), "{out}");
        assert!(out.contains("first defined here: b.md"), "{out}");
    }
}
