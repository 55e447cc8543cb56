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

use super::decision::read_decision;
use super::front_matter::{read_control, DocumentControl, CONTROL_KEYS};
use super::reasons::Reason;
use super::yaml::{Node, Reader};
use crate::catalog::{catalog, ControlId, ParsedControlRef, ISO_2022};
use crate::diagnostic::{Diagnostic, Location, Span};
use crate::lint::registry::{INVALID_SOA, LEGACY_CONTROL, UNKNOWN_CONTROL, UNKNOWN_FIELD};

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

const FILE_KEYS: &[&str] = &[
    "framework",
    "controls",
    "version",
    "owner",
    "approver",
    "approved",
    "last_reviewed",
    "review_every",
    "next_review",
    "history",
];

/// Parses the text of soa.yaml.
pub fn parse(text: &str) -> (SoaFile, Vec<Diagnostic>) {
    let mut soa = SoaFile {
        readable: true,
        ..Default::default()
    };
    let mut reader = Reader::new(SOA_FILE, text, &INVALID_SOA, &UNKNOWN_FIELD);
    match reader.parse() {
        Some(root) => read(&mut reader, &root, &mut soa),
        None => soa.readable = false,
    }
    (soa, reader.diagnostics)
}

fn read(reader: &mut Reader, root: &Node, soa: &mut SoaFile) {
    if root.is_null() {
        return;
    }
    if root.as_map().is_none() {
        reader.error(
            Span::new(root.span.offset as usize, 1),
            "soa.yaml must be a mapping with `framework:` and `controls:`",
            "see the README for the format of soa.yaml",
        );
        soa.readable = false;
        return;
    }
    let example = "framework: iso27001-2022\ncontrols:\n  A.5.1:\n    applicable: true";
    let Some(fields) = reader.fields(root, "soa.yaml", FILE_KEYS, example) else {
        soa.readable = false;
        return;
    };
    if let Some(framework) = fields
        .get("framework")
        .and_then(|n| reader.text(n, "`framework`", "framework: iso27001-2022"))
    {
        if framework.value != ISO_2022 {
            reader.error(
                framework.span,
                format!("unknown framework `{}`", framework.value),
                "annexa's built-in catalogue is `framework: iso27001-2022`",
            );
        }
        soa.framework = Some(framework.value);
    }
    let checked = read_control(reader, &fields);
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
            Some((k, reader.locate(span)))
        })
        .collect();
    soa.control_invalid = checked.invalid;
    soa.control = checked.control;

    let Some((controls_key, controls)) = fields.entry("controls") else {
        return;
    };
    soa.controls_location = Some(reader.locate(controls_key.span));
    if controls.is_null() {
        return;
    }
    let Some(entries) = controls.as_map() else {
        reader.error(
            controls_key.span,
            "`controls` must be a mapping from control ids to decisions",
            "write `controls:` and under it `  A.5.1:` with `applicable`, `status` and `justification`",
        );
        soa.readable = false;
        return;
    };
    for (key, value) in entries {
        read_entry(reader, key, value, soa);
    }
}

/// One control's entry under `controls:`.
fn read_entry(reader: &mut Reader, key: &Node, value: &Node, soa: &mut SoaFile) {
    let Some(written) = reader.text(key, "a control id", "A.5.1") else {
        return;
    };
    let written = written.value;
    let key_location = reader.locate(key.span);
    let catalog = catalog();
    let id = match ParsedControlRef::parse(&written) {
        Some(ParsedControlRef::Current(id)) if catalog.control(&id).is_some() => id,
        Some(ParsedControlRef::Legacy(id)) if catalog.legacy_control(&id).is_some() => {
            let successors: Vec<String> = catalog
                .legacy_control(&id)
                .map(|l| l.successors.iter().map(ToString::to_string).collect())
                .unwrap_or_default();
            reader.diagnostics.push(
                LEGACY_CONTROL
                    .report(format!(
                        "`{written}` is an ISO/IEC 27001:2013 control id; its decision is ignored"
                    ))
                    .at(key_location)
                    .with_help(format!(
                        "decide its 2022 successor instead: {}",
                        successors.join(", ")
                    )),
            );
            return;
        }
        _ => {
            let help = catalog
                .closest_control(&written)
                .map(|x| format!("did you mean `{}` ({})?", x.id, x.title))
                .unwrap_or_else(|| "ISO/IEC 27001:2022 Annex A has controls A.5.1–A.5.37, A.6.1–A.6.8, A.7.1–A.7.14 and A.8.1–A.8.34".into());
            reader.diagnostics.push(
                UNKNOWN_CONTROL
                    .report(format!("`{written}` is not an Annex A control"))
                    .at(key_location)
                    .with_help(help),
            );
            return;
        }
    };
    let previous = soa
        .decisions
        .get(&id)
        .map(|d| &d.location)
        .or_else(|| soa.undecided.get(&id));
    if let Some(previous) = previous {
        let d = INVALID_SOA
            .report(format!("{id} is decided twice"))
            .at(key_location)
            .with_related(previous.clone(), "first decided here")
            .with_help("keep one entry per control");
        reader.diagnostics.push(d);
        return;
    }
    if value.is_null() {
        soa.undecided.insert(id, key_location);
        return;
    }
    if let Some(decision) = read_decision(reader, id.as_str(), key, value) {
        soa.decisions.insert(id, decision);
    }
}

#[cfg(test)]
#[path = "soa_tests.rs"]
mod tests;
