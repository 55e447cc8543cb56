//! A user's framework from `frameworks/<id>.yaml`, read with the positioned YAML reader: every
//! problem is reported at file:line:col with what would be right.

use std::collections::HashSet;

use super::framework::{
    ControlRef, Framework, FrameworkControl, Frameworks, Group, IdSyntax, Mapping, Relationship,
    Resolution,
};
use crate::diagnostic::{Diagnostic, Span};
use crate::lint::{INVALID_FRAMEWORK, UNKNOWN_FIELD};
use crate::source::yaml::{Fields, Node, Reader};
use crate::source::Spanned;

const FILE_KEYS: &[&str] = &["id", "name", "version", "groups", "controls", "mappings"];
const GROUP_KEYS: &[&str] = &["id", "title"];
const CONTROL_KEYS: &[&str] = &["id", "title", "group", "description", "attributes"];
const MAPPING_KEYS: &[&str] = &["from", "to", "relationship"];

/// A framework read from a file, with where its mappings point (checked once every
/// framework is known: see [`check_mappings`]).
#[derive(Debug)]
pub struct UserFramework {
    pub framework: Framework,
    pub file: String,
    /// The `to:` of each mapping as written, in the order of `framework.mappings`' sources.
    targets: Vec<Spanned<String>>,
}

/// Reads `text`, the contents of `file` (`frameworks/acme.yaml`). None when the file cannot
/// give a usable framework; the diagnostics say why.
pub fn read_framework(file: &str, text: &str) -> (Option<UserFramework>, Vec<Diagnostic>) {
    let mut reader = Reader::new(file, text, &INVALID_FRAMEWORK, &UNKNOWN_FIELD);
    let framework = reader.parse().and_then(|root| read(&mut reader, &root));
    (framework, reader.diagnostics)
}

fn read(reader: &mut Reader, root: &Node) -> Option<UserFramework> {
    let example = "id: acme-baseline\nname: ACME Baseline\ncontrols:\n  - { id: IAM-01, title: … }";
    let fields = reader.fields(root, "the framework file", FILE_KEYS, example)?;
    let id = reader
        .required(&fields, "id", "the framework file", "acme-baseline")
        .and_then(|n| reader.text(n, "`id`", "id: acme-baseline"));
    let id = id.and_then(|id| check_framework_id(reader, id));
    let name = fields
        .get("name")
        .and_then(|n| reader.text(n, "`name`", "name: ACME Cloud Security Baseline"));
    let version = fields
        .get("version")
        .and_then(|n| reader.text(n, "`version`", "version: \"2025\""));
    let groups = read_groups(reader, &fields);
    let controls_node = reader.required(&fields, "controls", "the framework file", "[…]")?;
    let controls = read_controls(reader, controls_node, &groups);
    let (mappings, targets) = read_mappings(reader, &fields, &controls);
    let id = id?;
    let framework = Framework::new(
        id.value.clone(),
        name.map_or(id.value, |n| n.value),
        version.map(|v| v.value).unwrap_or_default(),
        IdSyntax::Exact,
        groups,
        controls,
        mappings,
    );
    Some(UserFramework {
        framework,
        file: reader.file().to_string(),
        targets,
    })
}

/// A framework id is used in URLs and before `:` in references: lower-case letters, digits,
/// `-` and `.`, and it names its file.
fn check_framework_id(reader: &mut Reader, id: Spanned<String>) -> Option<Spanned<String>> {
    let well_formed = !id.value.is_empty()
        && id
            .value
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.');
    if !well_formed {
        reader.error(
            id.span,
            format!("the framework id `{}` cannot be used in a URL", id.value),
            "use lower-case letters, digits, `-` and `.`, like `acme-baseline`",
        );
        return None;
    }
    let stem = reader
        .file()
        .rsplit('/')
        .next()
        .and_then(|name| {
            name.strip_suffix(".yaml")
                .or_else(|| name.strip_suffix(".yml"))
        })
        .unwrap_or("");
    if stem != id.value {
        reader.error(
            id.span,
            format!("the framework id `{}` is not the file's name", id.value),
            format!(
                "name the file `frameworks/{}.yaml`, or write `id: {stem}`",
                id.value
            ),
        );
        return None;
    }
    if super::builtin().iter().any(|f| f.id == id.value) {
        reader.error(
            id.span,
            format!("`{}` is a built-in framework", id.value),
            "enable it in annexa.toml (`frameworks = [...]`) instead of defining it",
        );
        return None;
    }
    Some(id)
}

fn read_groups(reader: &mut Reader, fields: &Fields) -> Vec<Group> {
    let Some(node) = fields.get("groups") else {
        return Vec::new();
    };
    let mut groups: Vec<Group> = Vec::new();
    for item in reader.list(node, "`groups`", "groups: [{ id: IAM, title: Identity }]") {
        let Some(group) =
            reader.fields(item, "a group", GROUP_KEYS, "{ id: IAM, title: Identity }")
        else {
            continue;
        };
        let id = reader
            .required(&group, "id", "a group", "IAM")
            .and_then(|n| reader.text(n, "a group's `id`", "id: IAM"));
        let title = group
            .get("title")
            .and_then(|n| reader.text(n, "a group's `title`", "title: Identity"));
        let Some(id) = id else { continue };
        if groups.iter().any(|g| g.id == id.value) {
            reader.error(
                id.span,
                format!("the group `{}` is listed twice", id.value),
                "give each group its own id",
            );
            continue;
        }
        groups.push(Group {
            title: title.map_or_else(|| id.value.clone(), |t| t.value),
            id: id.value,
        });
    }
    groups
}

fn read_controls(reader: &mut Reader, node: &Node, groups: &[Group]) -> Vec<FrameworkControl> {
    let example = "- { id: IAM-01, title: MFA for every human account }";
    let mut controls = Vec::new();
    let mut seen = HashSet::new();
    for item in reader.list(node, "`controls`", example) {
        let Some(control) = reader.fields(item, "a control", CONTROL_KEYS, example) else {
            continue;
        };
        let id = reader
            .required(&control, "id", "a control", "IAM-01")
            .and_then(|n| reader.text(n, "a control's `id`", "id: IAM-01"));
        let title = reader
            .required(
                &control,
                "title",
                "a control",
                "MFA for every human account",
            )
            .and_then(|n| reader.text(n, "a control's `title`", "title: MFA"));
        let group = control.get("group").and_then(|n| {
            let group = reader.text(n, "a control's `group`", "group: IAM")?;
            if groups.iter().any(|g| g.id == group.value) {
                return Some(group.value);
            }
            let ids: Vec<&str> = groups.iter().map(|g| g.id.as_str()).collect();
            let help = match crate::diagnostic::did_you_mean(&group.value, ids.iter().copied()) {
                Some(close) => format!("did you mean `{close}`?"),
                None if ids.is_empty() => "list it under `groups:` first".to_string(),
                None => format!("the groups are: {}", ids.join(", ")),
            };
            reader.error(
                group.span,
                format!("no group has the id `{}`", group.value),
                help,
            );
            None
        });
        let description = control
            .get("description")
            .and_then(|n| reader.text(n, "a control's `description`", "description: …"));
        let attributes = control
            .get("attributes")
            .map(|n| read_attributes(reader, n))
            .unwrap_or_default();
        let (Some(id), Some(title)) = (id, title) else {
            continue;
        };
        if !valid_control_id(&id.value) {
            reader.error(
                id.span,
                format!(
                    "the control id `{}` cannot be used in a URL or a reference",
                    id.value
                ),
                "use letters, digits, `.`, `-` and `_`, like `IAM-01`",
            );
            continue;
        }
        if !seen.insert(super::control_slug(&id.value)) {
            reader.error(
                id.span,
                format!("the control `{}` is listed twice", id.value),
                "give each control its own id (ids are compared ignoring case and punctuation: `IAM-01` and `iam.01` are one)",
            );
            continue;
        }
        controls.push(FrameworkControl {
            id: id.value,
            title: title.value,
            group,
            description: description.map(|d| d.value),
            attributes,
        });
    }
    controls
}

fn valid_control_id(id: &str) -> bool {
    id.chars().any(|c| c.is_ascii_alphanumeric())
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
}

/// `attributes: { Owner team: Platform, Evidence: Quarterly export }`, in the order written.
fn read_attributes(reader: &mut Reader, node: &Node) -> Vec<(String, String)> {
    let Some(entries) = node.as_map() else {
        reader.error(
            node.span,
            format!("`attributes` must be a mapping, not {}", node.describe()),
            "write it like `attributes: { Evidence: Quarterly access review }`",
        );
        return Vec::new();
    };
    entries
        .iter()
        .filter_map(|(key, value)| {
            let name = reader.text(key, "an attribute's name", "Evidence")?;
            let value = reader.text(value, "an attribute's value", "Evidence: Quarterly review")?;
            Some((name.value, value.value))
        })
        .collect()
}

fn read_mappings(
    reader: &mut Reader,
    fields: &Fields,
    controls: &[FrameworkControl],
) -> (Vec<Mapping>, Vec<Spanned<String>>) {
    let mut mappings = Vec::new();
    let mut targets = Vec::new();
    let Some(node) = fields.get("mappings") else {
        return (mappings, targets);
    };
    let example = "- { from: IAM-01, to: \"iso27001-2022:A.8.5\", relationship: subset }";
    for item in reader.list(node, "`mappings`", example) {
        let Some(mapping) = reader.fields(item, "a mapping", MAPPING_KEYS, example) else {
            continue;
        };
        let from = reader
            .required(&mapping, "from", "a mapping", "IAM-01")
            .and_then(|n| reader.text(n, "a mapping's `from`", "from: IAM-01"));
        let to = reader
            .required(&mapping, "to", "a mapping", "\"iso27001-2022:A.8.5\"")
            .and_then(|n| reader.text(n, "a mapping's `to`", "to: \"iso27001-2022:A.8.5\""));
        let relationship = reader
            .required(&mapping, "relationship", "a mapping", "related")
            .and_then(|n| reader.choice(n, "the relationship", &Relationship::KEYS))
            .and_then(Relationship::from_key);
        let from = from.and_then(|from| {
            let known = controls
                .iter()
                .find(|c| c.id.eq_ignore_ascii_case(&from.value));
            if known.is_none() {
                let help = crate::diagnostic::did_you_mean(
                    &from.value,
                    controls.iter().map(|c| c.id.as_str()),
                )
                .map_or_else(
                    || "`from` names a control of this file".to_string(),
                    |c| format!("did you mean `{c}`?"),
                );
                reader.error(
                    from.span,
                    format!("this framework has no control `{}`", from.value),
                    help,
                );
            }
            known.map(|c| c.id.clone())
        });
        let (Some(from), Some(to), Some(relationship)) = (from, to, relationship) else {
            continue;
        };
        let Some((framework, control)) = to.value.split_once(':') else {
            reader.error(
                to.span,
                format!(
                    "the mapping target `{}` does not name its framework",
                    to.value
                ),
                format!(
                    "write it as `framework:ID`, like `iso27001-2022:{}`",
                    to.value
                ),
            );
            continue;
        };
        mappings.push(Mapping {
            from,
            to: ControlRef {
                framework: framework.to_string(),
                control: control.to_string(),
            },
            relationship,
        });
        targets.push(to);
    }
    (mappings, targets)
}

/// Checks that every mapping of `user` lands on a control some framework has, once all are
/// known; resolves each target to the control's id as listed (`a.8.5` → `A.8.5`).
pub fn check_mappings(
    user: &mut UserFramework,
    text: &str,
    frameworks: &Frameworks,
) -> Vec<Diagnostic> {
    let mut reader = Reader::new(&user.file, text, &INVALID_FRAMEWORK, &UNKNOWN_FIELD);
    let mut keep = Vec::with_capacity(user.framework.mappings.len());
    for (mapping, target) in user.framework.mappings.iter().zip(&user.targets) {
        match frameworks.resolve(&target.value) {
            Resolution::Found(to) => keep.push(Mapping {
                to,
                ..mapping.clone()
            }),
            other => report_target(&mut reader, target.span, &target.value, other),
        }
    }
    user.framework.mappings = keep;
    reader.diagnostics
}

fn report_target(reader: &mut Reader, span: Span, written: &str, resolution: Resolution) {
    let help = match resolution {
        Resolution::UnknownFramework {
            suggestion: Some(s),
            ..
        } => format!("did you mean the framework `{s}`?"),
        Resolution::UnknownFramework { .. } => {
            "name a built-in framework or one in frameworks/".to_string()
        }
        Resolution::Unknown {
            suggestion: Some(s),
        } => format!("did you mean `{s}`?"),
        _ => "check the control id in that framework".to_string(),
    };
    reader.error(
        span,
        format!("no framework has the control `{written}`"),
        help,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "id: acme-baseline\nname: ACME Cloud Security Baseline\nversion: \"2025\"\ngroups: [{ id: IAM, title: Identity and access }]\ncontrols:\n  - { id: IAM-01, title: MFA for every human account, group: IAM, description: \"All humans.\" }\n  - id: IAM-02\n    title: Quarterly access review\n    attributes: { Evidence: Review minutes }\nmappings:\n  - { from: IAM-01, to: \"iso27001-2022:a.8.5\", relationship: subset }\n";

    fn places(diagnostics: &[Diagnostic]) -> Vec<(&str, usize, usize, String)> {
        diagnostics
            .iter()
            .map(|d| {
                let at = d.location.as_ref().unwrap();
                (
                    d.name,
                    at.line,
                    at.column,
                    d.help.clone().unwrap_or_default(),
                )
            })
            .collect()
    }

    #[test]
    fn a_good_file_gives_its_framework() {
        let (user, diagnostics) = read_framework("frameworks/acme-baseline.yaml", GOOD);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let mut user = user.unwrap();
        let fw = &user.framework;
        assert_eq!(
            (fw.name.as_str(), fw.version.as_str()),
            ("ACME Cloud Security Baseline", "2025")
        );
        assert_eq!(fw.controls.len(), 2);
        assert_eq!(fw.controls[0].group.as_deref(), Some("IAM"));
        assert_eq!(
            fw.controls[1].attributes,
            [("Evidence".into(), "Review minutes".into())]
        );
        let frameworks = Frameworks::new(super::super::builtin().to_vec(), &["iso27001-2022"]);
        assert!(check_mappings(&mut user, GOOD, &frameworks).is_empty());
        assert_eq!(
            user.framework.mappings[0].to.to_string(),
            "iso27001-2022:A.8.5"
        );
    }

    #[test]
    fn mistakes_are_placed_with_what_would_be_right() {
        let text = "id: acme-baseline\ncontrol:\n  - { id: X }\ncontrols:\n  - { id: IAM-01, title: MFA, grup: IAM }\n  - { id: iam-01, title: Again }\n  - { id: IAM-03, title: T, group: IMA }\nmappings:\n  - { from: IAM-01, to: \"iso27001-2022:A.8.55\", relationship: subsett }\n  - { from: IAM-01, to: \"iso27001-2022:A.8.55\", relationship: subset }\n";
        let (user, diagnostics) = read_framework("frameworks/acme-baseline.yaml", text);
        let got = places(&diagnostics);
        let expect_at = |line: usize, column: usize, help: &str| {
            assert!(
                got.iter()
                    .any(|g| g.1 == line && g.2 == column && g.3.contains(help)),
                "no diagnostic at {line}:{column} with {help:?} in {got:#?}"
            );
        };
        expect_at(2, 1, "did you mean `controls`?");
        expect_at(5, 31, "did you mean `group`?");
        expect_at(6, 11, "ignoring case");
        expect_at(7, 36, "list it under `groups:` first");
        expect_at(9, 63, "did you mean `subset`?");
        let mut user = user.unwrap();
        let frameworks = Frameworks::new(super::super::builtin().to_vec(), &["iso27001-2022"]);
        let later = check_mappings(&mut user, text, &frameworks);
        let got = places(&later);
        assert_eq!((got[0].1, got[0].2), (10, 25), "{got:?}");
        assert!(
            got[0].3.contains("did you mean `iso27001-2022:A.8.5`?"),
            "{got:?}"
        );
    }

    #[test]
    fn the_id_names_the_file_and_is_not_built_in() {
        let (user, diagnostics) = read_framework("frameworks/other.yaml", GOOD);
        assert!(user.is_none());
        assert!(places(&diagnostics)[0]
            .3
            .contains("frameworks/acme-baseline.yaml"));
        let text = "id: nist-csf-2.0\ncontrols: []\n";
        let (_, diagnostics) = read_framework("frameworks/nist-csf-2.0.yaml", text);
        assert!(
            diagnostics[0].message.contains("built-in"),
            "{diagnostics:?}"
        );
        let (_, diagnostics) = read_framework("frameworks/x.yaml", "id: x\n");
        assert_eq!(
            diagnostics[0].message,
            "the framework file has no `controls`"
        );
    }
}
