//! The frameworks of a project: the built-in ones and those in `frameworks/*.yaml`, with the
//! ones annexa.toml enables (`frameworks = [...]`).

use std::path::Path;

use super::framework::{Framework, Frameworks};
use super::user::{check_mappings, read_framework, UserFramework};
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Location};

/// The folder of user frameworks, at the project root.
pub const FRAMEWORKS_DIR: &str = "frameworks";

/// Reads `frameworks/*.yaml` of `project` and enables what `config` names. A framework file
/// with errors is left out (its diagnostics say why); an enabled name that no framework has
/// is an `invalid-config` error at annexa.toml.
pub fn load(project: &Path, config: &Config) -> (Frameworks, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut users: Vec<(UserFramework, String)> = Vec::new();
    // Files that gave no framework at all: their own errors say why, so enabling them is not
    // reported again.
    let mut unusable: Vec<String> = Vec::new();
    for (rel_path, text) in framework_files(project, &mut diagnostics) {
        let (user, problems) = read_framework(&rel_path, &text);
        diagnostics.extend(problems);
        match user {
            // A control or mapping with a mistake is left out; the rest is used.
            Some(user) => users.push((user, text)),
            None => unusable.push(file_stem(&rel_path).to_string()),
        }
    }
    let all_frameworks = |users: &[(UserFramework, String)]| -> Vec<Framework> {
        super::builtin()
            .iter()
            .cloned()
            .chain(users.iter().map(|(u, _)| u.framework.clone()))
            .collect()
    };
    // Mappings may point at any framework, enabled or not.
    let every = Frameworks::new(all_frameworks(&users), &[]);
    for (user, text) in &mut users {
        diagnostics.extend(check_mappings(user, text, &every));
    }
    let enabled: Vec<&str> = config.frameworks.iter().map(|f| f.id.as_str()).collect();
    let frameworks = Frameworks::new(all_frameworks(&users), &enabled);
    for (unknown, close) in frameworks.unknown(&enabled) {
        if unusable.iter().any(|u| u == unknown) {
            continue;
        }
        let location = config
            .frameworks
            .iter()
            .find(|f| f.id == unknown)
            .map_or_else(
                || Location::whole_file(crate::config::CONFIG_FILE),
                |f| f.location.clone(),
            );
        let help = match close {
            Some(close) => format!("did you mean `{close}`?"),
            None => format!(
                "built in: {}; or define it in {FRAMEWORKS_DIR}/{unknown}.yaml",
                super::builtin()
                    .iter()
                    .map(|f| f.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        diagnostics.push(
            crate::lint::registry::INVALID_CONFIG
                .report(format!("frameworks: no framework has the id `{unknown}`"))
                .at(location)
                .with_help(help),
        );
    }
    (frameworks, diagnostics)
}

fn file_stem(rel_path: &str) -> &str {
    let name = rel_path.rsplit('/').next().unwrap_or(rel_path);
    name.strip_suffix(".yaml")
        .or_else(|| name.strip_suffix(".yml"))
        .unwrap_or(name)
}

/// The `.yaml`/`.yml` files directly in `frameworks/`, sorted, as (relative path, text).
fn framework_files(project: &Path, diagnostics: &mut Vec<Diagnostic>) -> Vec<(String, String)> {
    let Ok(entries) = std::fs::read_dir(project.join(FRAMEWORKS_DIR)) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .flatten()
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| n.ends_with(".yaml") || n.ends_with(".yml"))
        .collect();
    names.sort();
    let mut files = Vec::with_capacity(names.len());
    for name in names {
        let rel_path = format!("{FRAMEWORKS_DIR}/{name}");
        match std::fs::read_to_string(project.join(&rel_path)) {
            Ok(text) => files.push((rel_path, text)),
            Err(e) => diagnostics.push(
                crate::lint::INVALID_FRAMEWORK
                    .report(format!("cannot read {rel_path}: {e}"))
                    .at(Location::whole_file(&rel_path))
                    .with_help("a framework file must be readable UTF-8 text"),
            ),
        }
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        dir
    }

    #[test]
    fn enables_built_in_and_user_frameworks() {
        let dir = project(&[
            ("annexa.toml", "frameworks = [\"iso27001-2022\", \"acme\"]\n"),
            ("frameworks/acme.yaml", "id: acme\ncontrols:\n  - { id: IAM-01, title: MFA }\nmappings:\n  - { from: IAM-01, to: \"nist-csf-2.0:PR.AA-03\", relationship: related }\n"),
        ]);
        let config = crate::config::load(dir.path()).unwrap();
        let (frameworks, diagnostics) = load(dir.path(), &config);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let enabled: Vec<&str> = frameworks.enabled().map(|f| f.id.as_str()).collect();
        assert_eq!(enabled, ["iso27001-2022", "acme"]);
        assert_eq!(frameworks.get("acme").unwrap().mappings.len(), 1);
    }

    #[test]
    fn unknown_names_and_bad_files_are_reported() {
        let dir = project(&[
            (
                "annexa.toml",
                "frameworks = [\"iso27001-2022\", \"nist-csf-20\", \"broken\"]\n",
            ),
            ("frameworks/broken.yaml", "id: broken\ncontrols: [\n"),
        ]);
        let config = crate::config::load(dir.path()).unwrap();
        let (frameworks, diagnostics) = load(dir.path(), &config);
        assert_eq!(frameworks.enabled().count(), 1);
        let summary: Vec<(&str, &str, usize, Option<&str>)> = diagnostics
            .iter()
            .map(|d| {
                let at = d.location.as_ref().unwrap();
                (d.name, at.file.as_str(), at.line, d.help.as_deref())
            })
            .collect();
        assert_eq!(summary[0].0, "invalid-framework");
        assert_eq!(summary[0].1, "frameworks/broken.yaml");
        assert_eq!(summary[1].0, "invalid-config");
        assert_eq!(summary[1].3, Some("did you mean `nist-csf-2.0`?"));
        // `broken` is enabled, but its file's own error says what is wrong.
        assert_eq!(summary.len(), 2, "{summary:?}");
    }
}
