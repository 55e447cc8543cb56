//! `annexa soa add-missing`: a decision stub in soa.yaml for every Annex A control it does not
//! decide yet. The stubs are written into the file as text, after its last decision, so its
//! comments, order and layout stay as they are; each stub has an empty `justification:`,
//! which `check` reports (`soa-empty-justification`) until a reason is written.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use std::collections::{BTreeMap, BTreeSet};

use crate::catalog::{catalog, ControlId};
use crate::diagnostic::{Level, Location};
use crate::source::soa::{parse, SOA_FILE};

/// What `add_missing` wrote.
#[derive(Debug)]
pub struct AddedStubs {
    pub path: PathBuf,
    /// The controls that got a stub, in catalogue order (empty: nothing was written).
    pub added: Vec<ControlId>,
}

/// Why no stub was written.
#[derive(Debug)]
pub struct StubError {
    pub message: String,
}

fn refuse(message: impl Into<String>) -> StubError {
    StubError {
        message: message.into(),
    }
}

/// Adds a stub for every undecided control to `project`'s soa.yaml (created when missing).
/// Refuses, writing nothing, while soa.yaml has errors: a stub beside a decision that could
/// not be read would decide that control twice.
pub fn add_missing(project: &Path) -> Result<AddedStubs, StubError> {
    let path = project.join(SOA_FILE);
    let raw = match std::fs::read(&path) {
        Ok(bytes) => String::from_utf8(bytes).map_err(|_| {
            refuse(format!(
                "{} is not UTF-8 text: save it as UTF-8 first",
                path.display()
            ))
        })?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if !project.is_dir() {
                return Err(refuse(format!("{} is not a folder", project.display())));
            }
            String::new()
        }
        Err(e) => return Err(refuse(format!("cannot read {}: {e}", path.display()))),
    };
    let (bom, text) = match raw.strip_prefix('\u{feff}') {
        Some(rest) => ("\u{feff}", rest),
        None => ("", raw.as_str()),
    };
    let (soa, diagnostics) = parse(text);
    if let Some(error) = diagnostics.iter().find(|d| d.level == Level::Error) {
        let place = error
            .location
            .as_ref()
            .map(|l| format!("{}:{}:{}: ", l.file, l.line, l.column))
            .unwrap_or_default();
        return Err(refuse(format!(
            "{SOA_FILE} has errors; fix them first (`annexa check` lists them): {place}{}",
            error.message
        )));
    }
    let missing: Vec<ControlId> = catalog()
        .controls
        .iter()
        .filter(|c| !soa.decisions.contains_key(&c.id))
        .map(|c| c.id.clone())
        .collect();
    if missing.is_empty() {
        return Ok(AddedStubs {
            path,
            added: missing,
        });
    }
    // Controls written with nothing under them (as `annexa init` lists them) get their
    // stub where they are; the others after the last decision.
    let filled = fill_undecided(text, &soa.undecided);
    let absent: Vec<ControlId> = missing
        .iter()
        .filter(|id| !soa.undecided.contains_key(*id))
        .cloned()
        .collect();
    let controls_line = soa.controls_location.as_ref().map(|l| l.line);
    let updated = if absent.is_empty() {
        filled
    } else {
        insert_stubs(&filled, controls_line, &absent)?
    };
    // What is written must read back with every control decided and no error.
    let (check, problems) = parse(&updated);
    let undecided = catalog()
        .controls
        .iter()
        .filter(|c| !check.decisions.contains_key(&c.id))
        .count();
    if undecided > 0 || problems.iter().any(|d| d.level == Level::Error) {
        return Err(refuse(format!(
            "cannot add the stubs to {} without changing its meaning (its `controls:` is \
             written in a way annexa cannot extend); add them by hand",
            path.display()
        )));
    }
    write_atomically(&path, &format!("{bom}{updated}"))?;
    Ok(AddedStubs {
        path,
        added: missing,
    })
}

/// `text` with the stubs for `missing` after the last line of the `controls:` mapping (on
/// line `controls_line`, 1-based), or with a new `controls:` at the end when there is none.
fn insert_stubs(
    text: &str,
    controls_line: Option<usize>,
    missing: &[ControlId],
) -> Result<String, StubError> {
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let Some(line) = controls_line.filter(|&l| l >= 1 && l <= lines.len()) else {
        // No `controls:` yet (or no file): a new mapping at the end.
        if text.trim().is_empty() {
            lines = vec![
                "# Statement of Applicability: one decision per ISO/IEC 27001:2022 Annex A control."
                    .to_string(),
                "framework: iso27001-2022".to_string(),
            ];
        }
        lines.push("controls:".to_string());
        lines.extend(stub_lines(missing, "  "));
        return Ok(join(&lines, newline));
    };
    let index = line - 1;
    let (key, value) = lines[index].split_once(':').unwrap_or((&lines[index], ""));
    let value = value.split(" #").next().unwrap_or("").trim();
    match value {
        "" => {}
        "{}" | "~" | "null" => lines[index] = format!("{key}:"),
        _ => {
            return Err(refuse(format!(
                "`controls:` in {SOA_FILE} (line {line}) is written on one line; write each \
                 decision on lines of its own under it, then run this again"
            )))
        }
    }
    // The mapping ends at its last indented line before the next line at the left margin
    // (a comment at the margin between decisions still belongs to it).
    let mut last = index;
    let mut indent = None;
    for (i, l) in lines.iter().enumerate().skip(index + 1) {
        let trimmed = l.trim_start();
        if trimmed.is_empty() || (trimmed.starts_with('#') && trimmed.len() == l.len()) {
            continue;
        }
        if trimmed.len() == l.len() {
            break;
        }
        if indent.is_none() && !trimmed.starts_with('#') {
            indent = Some(l[..l.len() - trimmed.len()].to_string());
        }
        last = i;
    }
    let indent = indent.unwrap_or_else(|| "  ".to_string());
    let stubs = stub_lines(missing, &indent);
    lines.splice(last + 1..last + 1, stubs);
    Ok(join(&lines, newline))
}

/// `text` with the stub's fields under each control written with nothing under it
/// (`  A.5.1:   # title`, or `A.5.1: ~`), indented one step deeper than its key.
fn fill_undecided(text: &str, undecided: &BTreeMap<ControlId, Location>) -> String {
    if undecided.is_empty() {
        return text.to_string();
    }
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let lines: Vec<&str> = text.lines().collect();
    let mut out: Vec<String> = Vec::with_capacity(lines.len() + 3 * undecided.len());
    let key_lines: BTreeSet<usize> = undecided.values().map(|l| l.line).collect();
    for (index, line) in lines.iter().enumerate() {
        if !key_lines.contains(&(index + 1)) {
            out.push((*line).to_string());
            continue;
        }
        let indent = &line[..line.len() - line.trim_start().len()];
        let (key, rest) = line.split_once(':').unwrap_or((line, ""));
        let comment = rest.find('#').map(|i| &rest[i..]).unwrap_or_default();
        out.push(if comment.is_empty() {
            format!("{key}:")
        } else {
            format!("{key}:  {comment}")
        });
        let child = format!("{indent}{}", if indent.is_empty() { "  " } else { indent });
        out.push(format!("{child}applicable: true"));
        out.push(format!(
            "{child}# status: implemented | partial | planned | not-implemented"
        ));
        out.push(format!("{child}{REASONS_HINT}"));
        out.push(format!("{child}justification:"));
    }
    join(&out, newline)
}

fn join(lines: &[String], newline: &str) -> String {
    let mut out = lines.join(newline);
    out.push_str(newline);
    out
}

/// The `reasons:` of a stub, as a comment: an empty `reasons: []` would say "selected for no
/// reason" of a control not decided yet; the comment shows the field and its values.
const REASONS_HINT: &str = "# reasons: [legal, contractual, business, risk]   # those that apply";

/// The stub of each control, with a comment line before each theme.
fn stub_lines(missing: &[ControlId], indent: &str) -> Vec<String> {
    let catalog = catalog();
    let mut out = vec![format!(
        "{indent}# Added by `annexa soa add-missing`: for each control, decide `applicable:` and"
    )];
    out.push(format!(
        "{indent}# write the reason after `justification:` (`annexa check` fails until you do)."
    ));
    let mut theme = None;
    for id in missing {
        let Some(control) = catalog.control(id) else {
            continue;
        };
        if theme != Some(control.theme) {
            theme = Some(control.theme);
            out.push(format!("{indent}# {} controls", control.theme.label()));
        }
        let mut stub = String::new();
        let _ = write!(stub, "{indent}{id}:  # {}", control.title);
        out.push(stub);
        out.push(format!("{indent}{indent}applicable: true"));
        out.push(format!(
            "{indent}{indent}# status: implemented | partial | planned | not-implemented"
        ));
        out.push(format!("{indent}{indent}{REASONS_HINT}"));
        out.push(format!("{indent}{indent}justification:"));
    }
    out
}

fn write_atomically(path: &Path, text: &str) -> Result<(), StubError> {
    let partial = path.with_extension("yaml.annexa-partial");
    std::fs::write(&partial, text)
        .and_then(|()| std::fs::rename(&partial, path))
        .map_err(|e| {
            let _ = std::fs::remove_file(&partial);
            refuse(format!("cannot write {}: {e}", path.display()))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(list: &[&str]) -> Vec<ControlId> {
        list.iter()
            .filter_map(|s| catalog().controls.iter().find(|c| c.id.to_string() == *s))
            .map(|c| c.id.clone())
            .collect()
    }

    #[test]
    fn stubs_go_after_the_last_decision_before_the_next_key() {
        let text = "# top\nframework: iso27001-2022\ncontrols:\n    A.5.1:\n        applicable: true\n# margin comment\n    A.5.2: { applicable: true }\nextra: 1\n";
        let out = insert_stubs(text, Some(3), &ids(&["A.5.3"])).unwrap_or_default();
        let (head, tail) = out.split_once("    # Added by").unwrap_or_default();
        assert!(head.ends_with("    A.5.2: { applicable: true }\n"), "{out}");
        assert!(
            tail.contains("\n    A.5.3:  # Segregation of duties\n        applicable: true\n"),
            "{out}"
        );
        assert!(out.ends_with("extra: 1\n"), "{out}");
        assert!(
            out.starts_with("# top\nframework: iso27001-2022\n"),
            "{out}"
        );
    }

    #[test]
    fn an_empty_flow_mapping_becomes_a_block_and_other_flows_are_refused() {
        let out = insert_stubs("controls: {}\n", Some(1), &ids(&["A.5.1"])).unwrap_or_default();
        assert!(out.starts_with("controls:\n  # Added by"), "{out}");
        let refused = insert_stubs(
            "controls: { A.5.1: { applicable: true } }\n",
            Some(1),
            &ids(&["A.5.2"]),
        );
        assert!(refused.is_err());
    }

    #[test]
    fn a_control_written_with_nothing_under_it_gets_its_stub_in_place() {
        let text = "controls:\n  # A.5 Organizational controls\n  A.5.1:   # Policies for information security\n  A.5.2: ~\n  A.5.3: { applicable: false, justification: No. }\n";
        let (soa, _) = parse(text);
        let out = fill_undecided(text, &soa.undecided);
        assert_eq!(
            out,
            "controls:\n  # A.5 Organizational controls\n  A.5.1:  # Policies for information security\n    applicable: true\n    # status: implemented | partial | planned | not-implemented\n    # reasons: [legal, contractual, business, risk]   # those that apply\n    justification:\n  A.5.2:\n    applicable: true\n    # status: implemented | partial | planned | not-implemented\n    # reasons: [legal, contractual, business, risk]   # those that apply\n    justification:\n  A.5.3: { applicable: false, justification: No. }\n"
        );
        let (filled, problems) = parse(&out);
        assert!(problems.is_empty(), "{problems:?}");
        assert!(filled.undecided.is_empty() && filled.decisions.len() == 3);
    }

    #[test]
    fn windows_line_endings_are_kept() {
        let out = insert_stubs(
            "controls:\r\n  A.5.1: {applicable: true}\r\n",
            Some(1),
            &ids(&["A.5.2"]),
        )
        .unwrap_or_default();
        assert!(!out.replace("\r\n", "").contains('\n'), "{out:?}");
    }
}
