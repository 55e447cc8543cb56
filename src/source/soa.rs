//! soa.yaml: the Statement of Applicability decisions, checked and placed at their lines.
//!
//! ```yaml
//! framework: iso27001-2022
//! version: "2026.1"            # document control, as in a document's front matter
//! owner: CISO
//! approver: CEO
//! approved: 2026-02-01
//! last_reviewed: 2026-02-01
//! review_every: 12 months
//! history:
//!   - { version: "2026.1", date: 2026-02-01, change: First issue }
//! controls:
//!   A.5.1:
//!     applicable: true
//!     status: implemented      # implemented | partial | planned | not-implemented
//!     reasons: [legal, contractual]   # legal | contractual | business | risk
//!     justification: Required by clause 5.2.
//!   A.5.2:                     # nothing under it: undecided (`soa-missing-decision`)
//! ```

use std::collections::BTreeMap;

use serde::Serialize;
use serde_yaml::Value;

use super::front_matter::{check_control, DocumentControl, CONTROL_KEYS};
use super::reasons::{self, Reason, ReasonError};
use crate::catalog::{catalog, ControlId, ParsedControlRef};
use crate::diagnostic::{did_you_mean, Diagnostic, Location};

pub const SOA_FILE: &str = "soa.yaml";

/// How far an applicable control is implemented.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Implementation {
    Implemented,
    Partial,
    Planned,
    NotImplemented,
}

impl Implementation {
    pub const ALL: [Implementation; 4] = [
        Implementation::Implemented,
        Implementation::Partial,
        Implementation::Planned,
        Implementation::NotImplemented,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Implementation::Implemented => "implemented",
            Implementation::Partial => "partial",
            Implementation::Planned => "planned",
            Implementation::NotImplemented => "not-implemented",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Implementation::Implemented => "Implemented",
            Implementation::Partial => "Partially implemented",
            Implementation::Planned => "Planned",
            Implementation::NotImplemented => "Not implemented",
        }
    }
}

/// The decision for one control.
#[derive(Clone, Debug)]
pub struct Decision {
    pub applicable: bool,
    pub status: Option<Implementation>,
    pub justification: Option<String>,
    /// Why the control was selected (`reasons:`), in the order of `Reason::ALL`.
    pub reasons: Vec<Reason>,
    /// Where `justification:` is written with nothing after it (the stub that
    /// `annexa soa add-missing` writes): a decision still to be made.
    pub empty_justification: Option<Location>,
    /// Where the control's key is written in soa.yaml.
    pub location: Location,
}

/// soa.yaml, parsed. Controls that could not be understood are left out (with a diagnostic).
#[derive(Clone, Debug, Default)]
pub struct SoaFile {
    pub framework: Option<String>,
    pub decisions: BTreeMap<ControlId, Decision>,
    /// Controls written with nothing under them (`A.5.2:`), as `annexa init` lists them:
    /// undecided, reported by `soa-missing-decision` at their own line.
    pub undecided: BTreeMap<ControlId, Location>,
    /// Where `controls:` is written (for diagnostics about missing decisions).
    pub controls_location: Option<Location>,
    /// False when the file could not be read as an SoA at all (its error says why); no
    /// control counts as undecided then, to avoid 93 follow-on warnings.
    pub readable: bool,
    /// The SoA's own document control (version, owner, approval, review, history).
    pub control: DocumentControl,
    /// Where each document-control key is written (owner and approver: their values).
    pub control_keys: Vec<(&'static str, Location)>,
    /// Document-control keys written with a value that could not be used.
    pub control_invalid: Vec<&'static str>,
}

impl SoaFile {
    /// Whether soa.yaml has any document-control field: an SoA without them predates them
    /// and is not held to them.
    pub fn is_controlled(&self) -> bool {
        !self.control_keys.is_empty() || !self.control_invalid.is_empty()
    }

    /// The location of the document-control key `key`, when it is written.
    pub fn control_location(&self, key: &str) -> Option<Location> {
        self.control_keys
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, l)| l.clone())
    }
}

/// Reads soa.yaml from the project; None (and no diagnostic) when there is none.
pub fn load(project: &std::path::Path) -> (Option<SoaFile>, Vec<Diagnostic>) {
    match std::fs::read(project.join(SOA_FILE)) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => {
                let text = text.strip_prefix('\u{feff}').unwrap_or(&text).to_string();
                let (soa, diagnostics) = parse(&text);
                (Some(soa), diagnostics)
            }
            Err(e) => {
                let valid_up_to = e.utf8_error().valid_up_to();
                let bytes = e.into_bytes();
                (
                    None,
                    vec![crate::lint::registry::INVALID_SOA
                        .report(format!(
                            "soa.yaml is not valid UTF-8 (first bad byte 0x{:02X})",
                            bytes[valid_up_to]
                        ))
                        .at(super::file::utf8_error_location(
                            SOA_FILE,
                            &bytes,
                            valid_up_to,
                        ))
                        .with_help("save soa.yaml as UTF-8")],
                )
            }
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => (None, Vec::new()),
        Err(e) => (
            None,
            vec![crate::lint::registry::UNREADABLE_FILE
                .report(format!("cannot read soa.yaml: {e}"))
                .at(Location::whole_file(SOA_FILE))],
        ),
    }
}

/// Where the lines of one control's entry are.
struct EntrySpan {
    key_offset: usize,
    key_len: usize,
    end: usize,
}

/// Finds each control key written under `controls:` (any indentation deeper than `controls:`).
fn entry_spans(text: &str) -> Vec<(String, EntrySpan)> {
    let mut spans: Vec<(String, EntrySpan)> = Vec::new();
    let mut offset = 0;
    let mut in_controls = false;
    let mut key_indent: Option<usize> = None;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if indent == 0 && !trimmed.is_empty() && !trimmed.starts_with('#') {
            in_controls = trimmed.starts_with("controls:");
            if let Some((_, last)) = spans.last_mut() {
                if last.end == usize::MAX {
                    last.end = offset;
                }
            }
        } else if in_controls && !trimmed.is_empty() && !trimmed.starts_with('#') {
            let indent_ok = key_indent.is_none_or(|k| k == indent);
            if indent_ok {
                if let Some(colon) = trimmed.find(':') {
                    let key = trimmed[..colon].trim().trim_matches(['"', '\'']);
                    if let Some((_, last)) = spans.last_mut() {
                        if last.end == usize::MAX {
                            last.end = offset;
                        }
                    }
                    key_indent = Some(indent);
                    spans.push((
                        key.to_string(),
                        EntrySpan {
                            key_offset: offset + indent,
                            key_len: key.len(),
                            end: usize::MAX,
                        },
                    ));
                }
            }
        }
        offset += line.len();
    }
    if let Some((_, last)) = spans.last_mut() {
        if last.end == usize::MAX {
            last.end = text.len();
        }
    }
    spans
}

/// YAML reads a key written `5.10:` as the number 5.1 (and then `5.1` and `5.10` collide).
/// Returns the text with such keys quoted, and where quotes were inserted (offsets in the
/// returned text), so error positions can be mapped back.
fn quote_numeric_keys(text: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(text.len() + 64);
    let mut inserted = Vec::new();
    for line in text.split_inclusive('\n') {
        let body = line.trim_start_matches(' ');
        let indent = line.len() - body.len();
        let key_len = body.find(':').unwrap_or(0);
        let key = &body[..key_len];
        let is_number =
            indent > 0 && key.contains('.') && key.bytes().all(|b| b.is_ascii_digit() || b == b'.');
        let numeric = is_number
            && (body.len() == key_len + 1 || body[key_len + 1..].starts_with([' ', '\r', '\n']));
        if numeric {
            out.push_str(&line[..indent]);
            inserted.push(out.len());
            out.push('"');
            out.push_str(key);
            inserted.push(out.len());
            out.push('"');
            out.push_str(&body[key_len..]);
        } else {
            out.push_str(line);
        }
    }
    (out, inserted)
}

/// Maps an offset in the text returned by `quote_numeric_keys` back to the original text.
fn original_offset(offset: usize, inserted: &[usize]) -> usize {
    offset - inserted.iter().filter(|&&i| i < offset).count()
}

fn c_error_control(c: &mut SoaChecker, at: usize, message: String) {
    let location = c.at(at, 1);
    c.error(
        &crate::lint::registry::INVALID_SOA,
        location,
        message,
        "remove the character; YAML allows no control characters but tabs and line breaks",
    );
}

struct SoaChecker<'a> {
    text: &'a str,
    diagnostics: Vec<Diagnostic>,
}

impl SoaChecker<'_> {
    fn at(&self, offset: usize, len: usize) -> Location {
        Location::in_text(SOA_FILE, self.text, offset, len)
    }

    /// Location of `field` within an entry, or of the entry's key.
    fn field(&self, span: &EntrySpan, field: &str) -> Location {
        let block = &self.text[span.key_offset..span.end];
        let found = block
            .match_indices(field)
            .find(|(i, _)| block[i + field.len()..].trim_start().starts_with(':'))
            .map(|(i, _)| i);
        match found {
            Some(i) => {
                let after = &block[i + field.len()..];
                let colon = after.find(':').unwrap_or(0);
                let value = &after[colon + 1..];
                let lead = value.len() - value.trim_start_matches([' ', '\t']).len();
                let value_len = value[lead..]
                    .find([',', '}', '\n', '\r', '#'])
                    .unwrap_or(value.len() - lead);
                let start = span.key_offset + i + field.len() + colon + 1 + lead;
                if value_len == 0 {
                    self.at(span.key_offset + i, field.len())
                } else {
                    self.at(start, value[lead..lead + value_len].trim_end().len())
                }
            }
            None => self.at(span.key_offset, span.key_len),
        }
    }

    /// Location of the list item `item` of `field` within an entry (the field's value when
    /// the item cannot be found as written).
    fn item(&self, span: &EntrySpan, field: &str, item: &str) -> Location {
        let block = &self.text[span.key_offset..span.end];
        let after_field = block
            .match_indices(field)
            .find(|(i, _)| block[i + field.len()..].trim_start().starts_with(':'))
            .map(|(i, _)| i + field.len());
        match after_field.and_then(|from| block[from..].find(item).map(|i| from + i)) {
            Some(i) if !item.is_empty() => self.at(span.key_offset + i, item.len()),
            _ => self.field(span, field),
        }
    }

    fn error(
        &mut self,
        lint: &'static crate::lint::Lint,
        location: Location,
        message: String,
        help: &str,
    ) {
        self.diagnostics.push(
            lint.report(message)
                .at(location)
                .with_help(help.to_string()),
        );
    }
}

fn text_of(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Parses the text of soa.yaml.
pub fn parse(text: &str) -> (SoaFile, Vec<Diagnostic>) {
    let mut soa = SoaFile {
        readable: true,
        ..Default::default()
    };
    let mut c = SoaChecker {
        text,
        diagnostics: Vec::new(),
    };
    let value: Value = if text.trim().is_empty() {
        Value::Null
    } else {
        if let Some((at, ch)) = super::yaml_errors::control_character(text) {
            let message = format!(
                "soa.yaml contains the control character U+{:04X}",
                u32::from(ch)
            );
            c_error_control(&mut c, at, message);
            soa.readable = false;
            return (soa, c.diagnostics);
        }
        let (quoted, inserted) = quote_numeric_keys(text);
        match serde_yaml::from_str(&quoted) {
            Ok(v) => v,
            Err(e) => {
                let message = e.to_string();
                let offset = match super::yaml_errors::duplicate_key_offset(text, &message) {
                    Some(at) => at,
                    None => e
                        .location()
                        .map_or(0, |l| original_offset(l.index(), &inserted)),
                };
                let message = message
                    .split(" at line ")
                    .next()
                    .unwrap_or(&message)
                    .to_string();
                c.error(&crate::lint::registry::INVALID_SOA, c.at(offset, 1), format!("invalid YAML: {message}"), "soa.yaml is YAML: `controls:` then one entry per control, indented with spaces");
                soa.readable = false;
                return (soa, c.diagnostics);
            }
        }
    };
    let Value::Mapping(root) = value else {
        if !value.is_null() {
            c.error(
                &crate::lint::registry::INVALID_SOA,
                c.at(0, 1),
                "soa.yaml must be a mapping with `framework:` and `controls:`".into(),
                "see the README for the format of soa.yaml",
            );
            soa.readable = false;
        }
        return (soa, c.diagnostics);
    };
    if let Some(offset) = text
        .find("\ncontrols:")
        .map(|i| i + 1)
        .or_else(|| text.starts_with("controls:").then_some(0))
    {
        soa.controls_location = Some(c.at(offset, "controls".len()));
    }
    for (key, value) in &root {
        match key.as_str() {
            Some("framework") => {
                let framework = text_of(value).unwrap_or_default();
                if framework != "iso27001-2022" {
                    let offset = text
                        .find(&framework)
                        .filter(|_| !framework.is_empty())
                        .unwrap_or(0);
                    c.error(
                        &crate::lint::registry::INVALID_SOA,
                        c.at(offset, framework.len().max(1)),
                        format!("unknown framework `{framework}`"),
                        "annexa's built-in catalogue is `framework: iso27001-2022`",
                    );
                }
                soa.framework = Some(framework);
            }
            Some("controls") => {}
            Some(key) if CONTROL_KEYS.contains(&key) => {}
            Some(other) => {
                let offset = text.find(&format!("{other}:")).unwrap_or(0);
                let known = ["framework", "controls"].iter().chain(CONTROL_KEYS);
                let help = match did_you_mean(other, known.copied()) {
                    Some(k) => format!("did you mean `{k}`?"),
                    None => format!(
                        "soa.yaml has the keys `framework`, `controls` and the document control fields {}",
                        CONTROL_KEYS.join(", ")
                    ),
                };
                c.diagnostics.push(
                    crate::lint::registry::UNKNOWN_FIELD
                        .report(format!("unknown key `{other}` in soa.yaml"))
                        .at(c.at(offset, other.len()))
                        .with_help(help),
                );
            }
            None => {}
        }
    }
    let checked = check_control(SOA_FILE, text, &root, &crate::lint::registry::INVALID_SOA);
    c.diagnostics.extend(checked.diagnostics);
    // Owner and approver are placed at their values (a role to correct), the rest at keys.
    let value_span = |key: &str| match key {
        "owner" => checked.control.owner.as_ref().map(|o| o.span),
        "approver" => checked.control.approver.as_ref().map(|o| o.span),
        _ => None,
    };
    soa.control_keys = CONTROL_KEYS
        .iter()
        .filter_map(|&k| {
            let span = value_span(k).or_else(|| checked.key_spans.get(k))?;
            Some((k, span.locate(SOA_FILE, text)))
        })
        .collect();
    soa.control_invalid = checked.invalid;
    soa.control = checked.control;
    let controls = match root.get("controls") {
        Some(Value::Mapping(m)) => m.clone(),
        Some(Value::Null) | None => serde_yaml::Mapping::new(),
        Some(_) => {
            let location = soa.controls_location.clone().unwrap_or_else(|| c.at(0, 1));
            c.error(&crate::lint::registry::INVALID_SOA, location, "`controls` must be a mapping from control ids to decisions".into(), "write `controls:` and under it `  A.5.1:` with `applicable`, `status` and `justification`");
            soa.readable = false;
            return (soa, c.diagnostics);
        }
    };
    let spans = entry_spans(text);
    let catalog = catalog();
    for (index, (key, entry)) in controls.iter().enumerate() {
        // A key written `5.10` is the number 5.1 to YAML: take numbers as written in the file.
        let written = match (key, spans.get(index)) {
            (Value::Number(_), Some((raw, _))) if spans.len() == controls.len() => raw.clone(),
            _ => text_of(key).unwrap_or_default(),
        };
        let span = spans
            .iter()
            .find(|(k, _)| *k == written)
            .map(|(_, s)| s)
            .or_else(|| spans.get(index).map(|(_, s)| s));
        let fallback = EntrySpan {
            key_offset: 0,
            key_len: 1,
            end: text.len(),
        };
        let span = span.unwrap_or(&fallback);
        let key_location = c.at(span.key_offset, span.key_len);
        let id = match ParsedControlRef::parse(&written) {
            Some(ParsedControlRef::Current(id)) if catalog.control(&id).is_some() => id,
            Some(ParsedControlRef::Legacy(id)) if catalog.legacy_control(&id).is_some() => {
                let successors: Vec<String> = catalog
                    .legacy_control(&id)
                    .map(|l| l.successors.iter().map(ToString::to_string).collect())
                    .unwrap_or_default();
                c.diagnostics.push(
                    crate::lint::registry::LEGACY_CONTROL.report(format!("`{written}` is an ISO/IEC 27001:2013 control id; its decision is ignored"))
                        .at(key_location)
                        .with_help(format!("decide its 2022 successor instead: {}", successors.join(", "))),
                );
                continue;
            }
            _ => {
                let help = catalog
                    .closest_control(&written)
                    .map(|x| format!("did you mean `{}` ({})?", x.id, x.title))
                    .unwrap_or_else(|| "ISO/IEC 27001:2022 Annex A has controls A.5.1–A.5.37, A.6.1–A.6.8, A.7.1–A.7.14 and A.8.1–A.8.34".into());
                c.error(
                    &crate::lint::registry::UNKNOWN_CONTROL,
                    key_location,
                    format!("`{written}` is not an Annex A control"),
                    &help,
                );
                continue;
            }
        };
        let previous = soa
            .decisions
            .get(&id)
            .map(|d| &d.location)
            .or_else(|| soa.undecided.get(&id));
        if let Some(previous) = previous {
            let d = crate::lint::registry::INVALID_SOA
                .report(format!("{id} is decided twice"))
                .at(key_location)
                .with_related(previous.clone(), "first decided here")
                .with_help("keep one entry per control");
            c.diagnostics.push(d);
            continue;
        }
        if entry.is_null() {
            soa.undecided.insert(id, key_location);
            continue;
        }
        let Value::Mapping(fields) = entry else {
            c.error(&crate::lint::registry::INVALID_SOA, key_location, format!("the decision for {id} must be a mapping"), "write `applicable: true`, `status: implemented` and `justification: ...` under the control");
            continue;
        };
        let applicable = match fields.get("applicable") {
            Some(Value::Bool(b)) => *b,
            Some(_) => {
                let location = c.field(span, "applicable");
                c.error(
                    &crate::lint::registry::INVALID_SOA,
                    location,
                    format!("`applicable` of {id} must be true or false"),
                    "write `applicable: true` or `applicable: false`",
                );
                continue;
            }
            None => {
                c.error(
                    &crate::lint::registry::INVALID_SOA,
                    key_location,
                    format!("the decision for {id} has no `applicable`"),
                    "add `applicable: true` or `applicable: false`",
                );
                continue;
            }
        };
        let status = match fields.get("status").map(text_of) {
            None | Some(None) if !fields.contains_key("status") => None,
            Some(Some(text)) => {
                let normalised = text.trim().to_lowercase().replace(['_', ' '], "-");
                match Implementation::ALL
                    .into_iter()
                    .find(|s| s.key() == normalised)
                {
                    Some(s) => Some(s),
                    None => {
                        let location = c.field(span, "status");
                        let keys = Implementation::ALL.map(Implementation::key);
                        let help = match did_you_mean(&normalised, keys) {
                            Some(k) => format!("did you mean `{k}`?"),
                            None => format!("use one of: {}", keys.join(", ")),
                        };
                        c.error(
                            &crate::lint::registry::INVALID_SOA,
                            location,
                            format!("`{text}` is not a valid status for {id}"),
                            &help,
                        );
                        continue;
                    }
                }
            }
            _ => {
                let location = c.field(span, "status");
                c.error(
                    &crate::lint::registry::INVALID_SOA,
                    location,
                    format!("`status` of {id} must be a single word"),
                    "use one of: implemented, partial, planned, not-implemented",
                );
                continue;
            }
        };
        let justification = fields
            .get("justification")
            .and_then(text_of)
            .map(|j| j.trim().to_string())
            .filter(|j| !j.is_empty());
        let empty_justification = (justification.is_none() && fields.contains_key("justification"))
            .then(|| c.field(span, "justification"));
        let reasons = match fields.get("reasons").map(reasons::parse) {
            None => Vec::new(),
            Some(Ok(reasons)) => reasons,
            Some(Err(ReasonError::Unknown { written, help })) => {
                let location = c.item(span, "reasons", &written);
                c.error(
                    &crate::lint::registry::INVALID_SOA,
                    location,
                    format!("`{written}` is not a reason for including {id}"),
                    &help,
                );
                continue;
            }
            Some(Err(ReasonError::NotAList)) => {
                let location = c.field(span, "reasons");
                c.error(
                    &crate::lint::registry::INVALID_SOA,
                    location,
                    format!("`reasons` of {id} must be a list of words"),
                    "write it like `reasons: [legal, risk]`; the reasons are legal, contractual, business and risk",
                );
                continue;
            }
        };
        const DECISION_KEYS: [&str; 4] = ["applicable", "status", "justification", "reasons"];
        for field in fields.keys().filter_map(Value::as_str) {
            if !DECISION_KEYS.contains(&field) {
                let location = c.field(span, field);
                let help = match did_you_mean(field, DECISION_KEYS) {
                    Some(k) => format!("did you mean `{k}`?"),
                    None => "a decision has `applicable`, `status`, `reasons` and `justification`"
                        .into(),
                };
                c.diagnostics.push(
                    crate::lint::registry::UNKNOWN_FIELD
                        .report(format!("unknown field `{field}` in the decision for {id}"))
                        .at(location)
                        .with_help(help),
                );
            }
        }
        soa.decisions.insert(
            id,
            Decision {
                applicable,
                status,
                justification,
                reasons,
                empty_justification,
                location: key_location,
            },
        );
    }
    (soa, c.diagnostics)
}

#[cfg(test)]
#[path = "soa_tests.rs"]
mod tests;
