//! The `controls:` list of each document: every id must be an ISO/IEC 27001:2022 control.

use super::registry::AMBIGUOUS_CONTROL;
use crate::catalog::{catalog, Resolution};
use crate::diagnostic::Diagnostic;
use crate::model::{ControlRef, Isms, Target};

/// `unknown-control` and `legacy-control` for `controls:` entries, and `legacy-control` for
/// `[[A.x.y.z]]` in bodies.
pub fn document_controls(isms: &Isms) -> Vec<Diagnostic> {
    let catalog = catalog();
    let mut out = Vec::new();
    for doc in &isms.documents {
        for (entry, control) in doc.source.front.controls.iter().zip(&doc.controls) {
            match control {
                ControlRef::Current(_) | ControlRef::Other(_) => {}
                ControlRef::Ambiguous(candidates) => {
                    let names: Vec<String> = candidates.iter().map(|c| format!("`{c}`")).collect();
                    out.push(
                        AMBIGUOUS_CONTROL
                            .report(format!(
                                "`{}` is a control of {} enabled frameworks",
                                entry.value,
                                candidates.len()
                            ))
                            .at(doc.source.locate(entry.span))
                            .with_help(format!("write which one you mean: {}", names.join(" or "))),
                    );
                }
                ControlRef::Legacy(id) => out.push(legacy(id, doc.source.locate(entry.span))),
                ControlRef::Unknown => {
                    let elsewhere = || {
                        match isms.frameworks.resolve(&entry.value) {
                        Resolution::Unknown {
                            suggestion: Some(close),
                        } => Some(format!("did you mean `{close}`?")),
                        Resolution::UnknownFramework {
                            framework,
                            suggestion,
                        } => Some(match suggestion {
                            Some(close) => format!("no framework is called `{framework}`: did you mean `{close}`?"),
                            None => format!("no framework is called `{framework}`: enable one in annexa.toml (`frameworks = [...]`)"),
                        }),
                        _ => None,
                    }
                    };
                    let help = catalog
                        .closest_control(&entry.value)
                        .map(|c| format!("did you mean `{}` ({})?", c.id, c.title))
                        .or_else(elsewhere)
                        .unwrap_or_else(|| "ISO/IEC 27001:2022 Annex A has controls A.5.1–A.5.37, A.6.1–A.6.8, A.7.1–A.7.14 and A.8.1–A.8.34".into());
                    out.push(
                        crate::lint::registry::UNKNOWN_CONTROL
                            .report(format!("`{}` is not an Annex A control", entry.value))
                            .at(doc.source.locate(entry.span))
                            .with_help(help),
                    );
                }
            }
        }
        let text = &doc.source.file.text;
        for (link, target) in doc.scan.links.iter().zip(&doc.links) {
            if let Target::LegacyControl(id) = target {
                let location = crate::diagnostic::Location::in_text(
                    doc.rel_path(),
                    text,
                    doc.source.body_offset + link.range.start,
                    link.range.len(),
                );
                out.push(legacy(id, location));
            }
        }
    }
    out
}

fn legacy(id: &crate::catalog::ControlId, location: crate::diagnostic::Location) -> Diagnostic {
    let successors = crate::catalog::successors_in_words(id);
    crate::lint::registry::LEGACY_CONTROL
        .report(format!("`{id}` is an ISO/IEC 27001:2013 control id"))
        .at(location)
        .with_help(format!("in ISO/IEC 27001:2022 it is {successors}"))
}
