//! `applicability/<framework>.yaml`: the decisions for a framework other than ISO/IEC
//! 27001:2022 (whose decisions are soa.yaml), in the same shape, read with the positioned
//! YAML reader.

use std::collections::BTreeMap;
use std::path::Path;

use super::decision::read_decision;
use super::soa::Decision;
use super::yaml::{Node, Reader};
use crate::catalog::{Framework, Frameworks};
use crate::diagnostic::{Diagnostic, Location};
use crate::lint::{INVALID_APPLICABILITY, UNKNOWN_FIELD};

/// The folder of applicability files, at the project root.
pub const APPLICABILITY_DIR: &str = "applicability";

const FILE_KEYS: &[&str] = &["framework", "controls"];

/// The decisions for one framework.
#[derive(Clone, Debug, Default)]
pub struct Applicability {
    /// `applicability/<framework>.yaml`; None when the project has no such file.
    pub file: Option<String>,
    /// By the control's id as the framework lists it.
    pub decisions: BTreeMap<String, Decision>,
}

/// The path of the applicability file of `framework`.
pub fn file_of(framework: &str) -> String {
    format!("{APPLICABILITY_DIR}/{framework}.yaml")
}

/// Reads the applicability file of `framework` in `project`, if there is one.
pub fn load(project: &Path, framework: &Framework) -> (Applicability, Vec<Diagnostic>) {
    let rel_path = file_of(&framework.id);
    match std::fs::read_to_string(project.join(&rel_path)) {
        Ok(text) => parse(&rel_path, &text, framework),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            (Applicability::default(), Vec::new())
        }
        Err(e) => (
            Applicability::default(),
            vec![INVALID_APPLICABILITY
                .report(format!("cannot read {rel_path}: {e}"))
                .at(Location::whole_file(&rel_path))
                .with_help("it must be a readable UTF-8 text file")],
        ),
    }
}

/// The frameworks that get their own decisions and pages: every enabled one but ISO/IEC
/// 27001:2022 (soa.yaml and the SoA pages) and its 2013 predecessor (the transition page).
pub fn with_own_decisions(frameworks: &Frameworks) -> impl Iterator<Item = &Framework> {
    frameworks
        .enabled()
        .filter(|f| f.id != crate::catalog::ISO_2022 && f.id != crate::catalog::ISO_2013)
}

/// Reads the applicability file of every framework that has its own decisions.
pub fn load_all(
    project: &Path,
    frameworks: &Frameworks,
) -> (BTreeMap<String, Applicability>, Vec<Diagnostic>) {
    let mut all = BTreeMap::new();
    let mut diagnostics = Vec::new();
    for framework in with_own_decisions(frameworks) {
        let (applicability, problems) = load(project, framework);
        diagnostics.extend(problems);
        all.insert(framework.id.clone(), applicability);
    }
    (all, diagnostics)
}

/// Parses `text`, the contents of `file`, as the decisions for `framework`.
pub fn parse(file: &str, text: &str, framework: &Framework) -> (Applicability, Vec<Diagnostic>) {
    let mut reader = Reader::new(file, text, &INVALID_APPLICABILITY, &UNKNOWN_FIELD);
    let mut applicability = Applicability {
        file: Some(file.to_string()),
        decisions: BTreeMap::new(),
    };
    if let Some(root) = reader.parse() {
        read(&mut reader, &root, framework, &mut applicability);
    }
    (applicability, reader.diagnostics)
}

fn read(reader: &mut Reader, root: &Node, framework: &Framework, out: &mut Applicability) {
    if root.is_null() {
        return;
    }
    let example = format!(
        "framework: {}\ncontrols:\n  ID:\n    applicable: true",
        framework.id
    );
    let Some(fields) = reader.fields(root, "the applicability file", FILE_KEYS, &example) else {
        return;
    };
    if let Some(named) = fields
        .get("framework")
        .and_then(|n| reader.text(n, "`framework`", &framework.id))
    {
        if named.value != framework.id {
            reader.error(
                named.span,
                format!(
                    "this file holds the decisions for `{}`, not `{}`",
                    framework.id, named.value
                ),
                format!("write `framework: {}`", framework.id),
            );
        }
    }
    let Some(controls) = fields.get("controls") else {
        return;
    };
    let Some(entries) = controls.as_map() else {
        reader.error(
            controls.span,
            format!(
                "`controls` must be a mapping of control ids, not {}",
                controls.describe()
            ),
            "write one entry per control: `  ID:` and under it `applicable: true`",
        );
        return;
    };
    for (key, value) in entries {
        let Some(written) = reader.text(key, "a control id", "PR.AA-01") else {
            continue;
        };
        let Some(control) = framework.find(&written.value).map(|(c, _)| c) else {
            let help = crate::diagnostic::did_you_mean(
                &written.value,
                framework.controls.iter().map(|c| c.id.as_str()),
            )
            .map_or_else(
                || format!("{} has no such control", framework.name),
                |close| format!("did you mean `{close}`?"),
            );
            let location = reader.locate(key.span);
            reader.diagnostics.push(
                crate::lint::registry::UNKNOWN_CONTROL
                    .report(format!(
                        "`{}` is not a control of {}",
                        written.value, framework.name
                    ))
                    .at(location)
                    .with_help(help),
            );
            continue;
        };
        if out.decisions.contains_key(&control.id) {
            reader.error(
                key.span,
                format!("`{}` is decided twice", control.id),
                "keep one decision per control",
            );
            continue;
        }
        if let Some(decision) = read_decision(reader, &control.id, key, value) {
            out.decisions.insert(control.id.clone(), decision);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::soa::Implementation;

    fn csf() -> &'static Framework {
        crate::catalog::builtin()
            .iter()
            .find(|f| f.id == "nist-csf-2.0")
            .unwrap()
    }

    #[test]
    fn decisions_are_read_by_the_listed_id() {
        let text = "framework: nist-csf-2.0\ncontrols:\n  pr.aa-01:\n    applicable: true\n    status: partial\n    justification: SSO for staff.\n  GV.OC-01:\n    applicable: false\n    justification:\n";
        let (applicability, diagnostics) = parse("applicability/nist-csf-2.0.yaml", text, csf());
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let decision = &applicability.decisions["PR.AA-01"];
        assert_eq!(decision.status, Some(Implementation::Partial));
        assert_eq!(decision.location.line, 3);
        assert!(applicability.decisions["GV.OC-01"]
            .empty_justification
            .is_some());
    }

    #[test]
    fn reasons_are_read_in_order_and_unknown_ones_placed() {
        let text = "controls:\n  PR.AA-01:\n    applicable: true\n    reasons: [risk, legal]\n  PR.AA-02:\n    applicable: true\n    reasons: [legal, riks]\n";
        let (applicability, diagnostics) = parse("applicability/nist-csf-2.0.yaml", text, csf());
        let keys: Vec<&str> = applicability.decisions["PR.AA-01"]
            .reasons
            .iter()
            .map(|r| r.key())
            .collect();
        assert_eq!(keys, ["legal", "risk"]);
        let at = diagnostics[0].location.as_ref().unwrap();
        assert_eq!((at.line, at.column), (7, 22));
        assert!(diagnostics[0]
            .help
            .as_deref()
            .unwrap()
            .starts_with("did you mean `risk`?"));
    }

    #[test]
    fn mistakes_are_placed() {
        let text = "framework: nist-csf\ncontrols:\n  PR.AA-1:\n    applicable: true\n  PR.AA-02:\n    applicable: yes\n    stauts: planned\n";
        let (_, diagnostics) = parse("applicability/nist-csf-2.0.yaml", text, csf());
        let got: Vec<(&str, usize, usize)> = diagnostics
            .iter()
            .map(|d| {
                let at = d.location.as_ref().unwrap();
                (d.name, at.line, at.column)
            })
            .collect();
        assert_eq!(
            got,
            [
                ("invalid-applicability", 1, 12),
                ("unknown-control", 3, 3),
                ("unknown-field", 7, 5),
                ("invalid-applicability", 6, 17),
            ]
        );
        assert_eq!(
            diagnostics[1].help.as_deref(),
            Some("did you mean `PR.AA-01`?")
        );
    }
}
