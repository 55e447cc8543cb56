//! rustc-style rendering: level and name, `file:line:col`, the source line with a caret, help.

use annotate_snippets::{Level as SnippetLevel, Renderer, Snippet};

use std::collections::HashMap;

use super::{Diagnostic, Level, Location};

/// A set of diagnostics with one cause ([`super::Group`]) of at least this many members is
/// printed as one diagnostic; smaller sets are printed one by one.
pub const GROUP_AT: usize = 4;

/// The width the list of a set's members is wrapped to.
const LIST_WIDTH: usize = 96;

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

/// Renders `diagnostics` (sorted) for people: each one as [`render`] does, except that a set
/// of at least [`GROUP_AT`] with one cause becomes one diagnostic, in the place of its first
/// member, that counts them and lists what each is about.
pub fn render_grouped(diagnostics: &[Diagnostic], colour: bool) -> Vec<String> {
    type Key<'a> = (&'static str, Level, &'static str, &'a str, &'a str);
    fn key(d: &Diagnostic) -> Option<Key<'_>> {
        d.group_key()
            .map(|(noun, headline, help)| (d.name, d.level, noun, headline, help))
    }
    let keys: Vec<Option<Key>> = diagnostics.iter().map(key).collect();
    let mut sets: HashMap<&Key, Vec<usize>> = HashMap::new();
    for (i, k) in keys.iter().enumerate() {
        if let Some(k) = k {
            sets.entry(k).or_default().push(i);
        }
    }
    let mut out = Vec::new();
    for (i, d) in diagnostics.iter().enumerate() {
        match keys[i].as_ref().and_then(|k| sets.get(k).map(|m| (k, m))) {
            Some(((_, _, noun, headline, help), members)) if members.len() >= GROUP_AT => {
                if members[0] == i {
                    let headline = match *noun {
                        "" => headline.to_string(),
                        noun => format!("{noun}: {headline}"),
                    };
                    let members: Vec<&Diagnostic> =
                        members.iter().map(|&m| &diagnostics[m]).collect();
                    out.push(render_set(&members, &headline, help, colour));
                }
            }
            _ => out.push(render(d, colour)),
        }
    }
    out
}

/// One diagnostic standing for `members` (at least one), which share `headline` and `help`.
fn render_set(members: &[&Diagnostic], headline: &str, help: &str, colour: bool) -> String {
    let first = members[0];
    let one_file = first.location.as_ref().is_some_and(|l| {
        members
            .iter()
            .all(|m| m.location.as_ref().is_some_and(|ml| ml.file == l.file))
    });
    let set = Diagnostic {
        name: first.name,
        level: first.level,
        message: format!("{} {headline}", members.len()),
        location: if one_file {
            first.location.clone()
        } else {
            None
        },
        related: Vec::new(),
        help: Some(help.to_string()).filter(|h| !h.is_empty()),
        group: None,
    };
    let mut subjects: Vec<String> = members.iter().filter_map(|m| m.group_subject()).collect();
    subjects.sort_by(|a, b| natural_cmp(a, b));
    let subjects: Vec<&str> = subjects.iter().map(String::as_str).collect();
    render_with_notes(&set, &[wrap_list(&subjects).join("\n")], colour)
}

/// Orders numbers by value: `A.5.2` before `A.5.10`, `a.md:9` before `a.md:10` (without
/// allocating: a set can list 90,000 places).
pub fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    let (mut a, mut b) = (a.as_bytes(), b.as_bytes());
    loop {
        match (a.first(), b.first()) {
            (None, None) => return std::cmp::Ordering::Equal,
            (None, Some(_)) => return std::cmp::Ordering::Less,
            (Some(_), None) => return std::cmp::Ordering::Greater,
            (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
                let da = a.iter().take_while(|c| c.is_ascii_digit()).count();
                let db = b.iter().take_while(|c| c.is_ascii_digit()).count();
                let (na, nb) = (trim_zeros(&a[..da]), trim_zeros(&b[..db]));
                let order = na.len().cmp(&nb.len()).then_with(|| na.cmp(nb));
                if order != std::cmp::Ordering::Equal {
                    return order;
                }
                (a, b) = (&a[da..], &b[db..]);
            }
            (Some(x), Some(y)) => {
                if x != y {
                    return x.cmp(y);
                }
                (a, b) = (&a[1..], &b[1..]);
            }
        }
    }
}

fn trim_zeros(digits: &[u8]) -> &[u8] {
    let zeros = digits.iter().take_while(|&&d| d == b'0').count();
    &digits[zeros..]
}

/// `items` joined with `, ` in lines of at most `LIST_WIDTH` characters (or one item).
fn wrap_list(items: &[&str]) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for (i, item) in items.iter().enumerate() {
        let piece = if i + 1 < items.len() {
            format!("{item},")
        } else {
            (*item).to_string()
        };
        if !line.is_empty() && line.chars().count() + 1 + piece.chars().count() > LIST_WIDTH {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&piece);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Renders one diagnostic as text, with ANSI colours when `colour` is set.
pub fn render(diagnostic: &Diagnostic, colour: bool) -> String {
    render_with_notes(diagnostic, &[], colour)
}

/// [`render`], with `notes` (lines) before the help.
fn render_with_notes(diagnostic: &Diagnostic, notes: &[String], colour: bool) -> String {
    let renderer = if colour {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let level = snippet_level(diagnostic.level);
    // A location without a line (the file as a whole) has no snippet: name the file in a note.
    let mut file_notes: Vec<String> = notes.to_vec();
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
    fn a_set_with_one_cause_is_printed_once() {
        let text = "framework: iso27001-2022\ncontrols:\n";
        let at = Location::in_text("soa.yaml", text, 25, 9);
        let undecided = |id: &str| {
            Diagnostic::new(
                "soa-missing-decision",
                Level::Warning,
                format!("{id} has no decision"),
            )
            .at(at.clone())
            .with_help(format!("add `{id}:`"))
            .grouped(
                "controls have no decision in the SoA",
                id,
                "add each under `controls:`",
            )
        };
        let lone = Diagnostic::new(
            "broken-reference",
            Level::Error,
            "no document has the id `X`",
        );
        let ids: Vec<String> = (1..=30).map(|n| format!("A.5.{n}")).collect();
        let mut all: Vec<Diagnostic> = ids.iter().map(|id| undecided(id)).collect();
        all.push(lone.clone());
        let out = render_grouped(&all, false);
        assert_eq!(out.len(), 2, "{out:#?}");
        assert!(
            out[0].starts_with("warning[soa-missing-decision]: 30 controls have no decision in the SoA\n --> soa.yaml:2:1"),
            "{}",
            out[0]
        );
        let (_, list) = out[0].split_once("= note: ").unwrap_or_default();
        let (list, _) = list.split_once("= help").unwrap_or_default();
        let listed: Vec<&str> = list.split_whitespace().collect();
        assert_eq!(listed.join(" "), ids.join(", "), "{}", out[0]);
        assert!(
            out[0].contains("= help: add each under `controls:`"),
            "{}",
            out[0]
        );
        assert!(!out[0].contains("add `A.5.1:`"), "{}", out[0]);
        assert_eq!(out[1], render(&lone, false));
        // Below the threshold each member is printed on its own.
        let few: Vec<Diagnostic> = ids[..GROUP_AT - 1].iter().map(|id| undecided(id)).collect();
        assert_eq!(render_grouped(&few, false).len(), GROUP_AT - 1);
    }

    #[test]
    fn references_to_one_missing_id_are_one_diagnostic() {
        let broken = |file: &str, id: &str| {
            let text = format!("---\nid: X\n---\nSee [[{id}]].\n");
            Diagnostic::new(
                "broken-reference",
                Level::Error,
                format!("no document has the id `{id}`"),
            )
            .at(Location::in_text(file, &text, 18, 10))
            .with_help(format!("did you mean `{id}-R`?"))
            .grouped_by_message("references")
        };
        let mut all: Vec<Diagnostic> = (1..=5)
            .map(|n| broken(&format!("d{n}.md"), "POL-A"))
            .collect();
        all.push(broken("e.md", "POL-B"));
        let out = render_grouped(&all, false);
        assert_eq!(out.len(), 2, "{out:#?}");
        assert!(
            out[0].starts_with(
                "error[broken-reference]: 5 references: no document has the id `POL-A`\n"
            ),
            "{}",
            out[0]
        );
        assert!(
            out[0].contains("= note: d1.md:4, d2.md:4, d3.md:4, d4.md:4, d5.md:4\n"),
            "{}",
            out[0]
        );
        assert!(
            out[0].contains("= help: did you mean `POL-A-R`?"),
            "{}",
            out[0]
        );
        assert_eq!(out[1], render(&all[5], false));
    }

    #[test]
    fn numbers_sort_by_value() {
        let mut ids = vec![
            "A.5.10", "A.5.2", "A.8.1", "A.5.1", "a.md:10", "a.md:9", "b.md:007", "b.md:7x",
        ];
        ids.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(
            ids,
            ["A.5.1", "A.5.2", "A.5.10", "A.8.1", "a.md:9", "a.md:10", "b.md:007", "b.md:7x"]
        );
    }

    #[test]
    fn a_list_wraps_between_items() {
        let items: Vec<String> = (0..40).map(|n| format!("item-{n:02}")).collect();
        let refs: Vec<&str> = items.iter().map(String::as_str).collect();
        let lines = wrap_list(&refs);
        assert!(lines.len() > 1);
        assert!(
            lines.iter().all(|l| l.chars().count() <= LIST_WIDTH),
            "{lines:?}"
        );
        assert_eq!(lines.join(" "), refs.join(", "));
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
