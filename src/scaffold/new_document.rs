//! `annexa new TYPE "Title"`: a new draft with the next free id of its type in the style the
//! project uses, today's date, the type's skeleton, and the owner left for the author.

use std::fs;
use std::path::{Path, PathBuf};

use jiff::civil::Date;

use crate::config::{self, Config, IdStyle};
use crate::diagnostic::did_you_mean;
use crate::model::slug::slugify;
use crate::model::type_from_folder;
use crate::pipeline::RunError;
use crate::source;

use super::{ids, skeleton};

/// What `new` wrote.
#[derive(Debug)]
pub struct NewDocument {
    pub id: String,
    /// Path relative to the project.
    pub path: PathBuf,
    /// Documents of the same type whose titles are close to the new one's: perhaps the
    /// document was not needed.
    pub similar: Vec<SimilarDocument>,
    /// A settings file written beside it because the project had none (risk-criteria.yaml
    /// for a first risk).
    pub created: Option<&'static str>,
}

/// An existing document whose title is close to the new one's.
#[derive(Debug)]
pub struct SimilarDocument {
    pub id: String,
    pub title: String,
    /// Path relative to the project.
    pub path: String,
}

fn yaml_quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The criteria a first risk is rated against (DESIGN.md's example), to adapt.
const RISK_CRITERIA: &str =
    "# Risk criteria (ISO/IEC 27001 6.1.2 a): adapt them to your risk methodology.
likelihood: [Rare, Unlikely, Possible, Likely, Almost certain]   # 3 to 10 steps, lowest first
impact: [Negligible, Minor, Moderate, Major, Severe]
levels:                       # lowest first; score = likelihood x impact up to `max`
  - { name: Low, max: 4 }
  - { name: Medium, max: 9 }
  - { name: High, max: 16 }
  - { name: Critical, max: 25 }
appetite: Medium              # the highest level that may stand without treatment
acceptance: { Low: [Risk owner], Medium: [Risk owner, CISO], High: [CEO], Critical: [] }
";

/// The text of a new risk record: an open risk to rate and treat.
fn risk_text(id: &str, title: &str, today: Date) -> String {
    format!(
        "---\n\
id: {id}\n\
title: {title}\n\
type: risk\n\
status: open\n\
owner:              # the risk owner, e.g. Head of IT\n\
identified: {today}\n\
assets: []          # the assets it concerns, e.g. [AS-DB-PROD]\n\
threat:             # what could happen, e.g. Ransomware through phished credentials\n\
vulnerability:      # the weakness it exploits, e.g. Shared administrator credentials\n\
inherent: {{ likelihood: 3, impact: 3 }}   # on the scales of risk-criteria.yaml\n\
treatment: mitigate # mitigate | accept | avoid | transfer\n\
controls: []        # the Annex A controls selected to treat it, e.g. [A.8.13]\n\
actions: []         # e.g. - {{ id: RT-1, action: Immutable backups, owner: SRE Lead, due: 2027-03-31 }}\n\
classification: confidential\n\
last_reviewed: {today}\n\
review_every: 12 months\n\
---\n\
\n\
## Scenario\n\
\n\
How the threat would exploit the weakness, and what it would cost.\n\
\n\
## Rating\n\
\n\
Why this likelihood and impact, by the tables of the risk methodology.\n\
\n\
## Treatment\n\
\n\
What is done about it and what is left (the residual risk, and who accepted it).\n",
        title = yaml_quoted(title),
    )
}

/// The text of a new supplier record: onboarding, to assess before it goes live.
fn supplier_text(id: &str, title: &str) -> String {
    format!(
        "---\n\
id: {id}\n\
title: {title}\n\
type: supplier\n\
status: onboarding      # onboarding | active | offboarded\n\
owner:                  # who manages the relationship, e.g. Head of IT\n\
criticality: medium     # low | medium | high | critical ([suppliers] in annexa.toml)\n\
services: []            # what it provides, e.g. [Cloud hosting]\n\
data: internal          # the highest classification it handles\n\
certifications: []      # e.g. - {{ standard: ISO/IEC 27001, expires: 2027-05-31 }}\n\
contract: {{ start: , end: , clauses: [] }}\n\
dpa: false              # the date the DPA was signed, once it is\n\
last_assessed:          # the date of the last supplier assessment\n\
---\n\
\n\
## Services\n\
\n\
What the supplier provides, and which of our information it handles.\n\
\n\
## Assessment\n\
\n\
How the supplier was assessed (questionnaire, certificates, audit) and what was found.\n",
        title = yaml_quoted(title),
    )
}

/// The text of a new document: front matter, then the type's skeleton (no title line; the
/// page shows the title). A record kind gets its own fields instead.
fn document_text(id: &str, title: &str, doc_type: &str, today: Date) -> String {
    if crate::kinds::by_name(doc_type).is_some_and(|k| k.name == crate::kinds::risk::KIND.name) {
        return risk_text(id, title, today);
    }
    if crate::kinds::by_name(doc_type).is_some_and(|k| k.name == crate::kinds::supplier::KIND.name)
    {
        return supplier_text(id, title);
    }
    format!(
        "---\n\
id: {id}\n\
title: {title}\n\
type: {doc_type}\n\
status: draft\n\
version: \"0.1\"\n\
owner:              # the role responsible for this document, e.g. Head of IT\n\
approver:           # the role that approves it, e.g. CISO\n\
classification: internal\n\
review_every: 12 months\n\
controls: []        # the Annex A controls it implements, e.g. [A.5.15, A.8.5]\n\
related: []\n\
history:\n  - {{ version: \"0.1\", date: {today}, change: First draft }}\n\
---\n\
\n\
{body}",
        title = yaml_quoted(title),
        body = skeleton::body(doc_type),
    )
}

/// The type of an existing document: its `type:`, else the configured type whose folder
/// holds it, else the type its top folder implies.
fn type_of(document: &source::SourceDocument, config: &Config) -> String {
    if let Some(written) = &document.front.doc_type {
        return written.to_lowercase();
    }
    let path = &document.file.rel_path;
    config
        .types
        .iter()
        .find(|(_, t)| path.starts_with(&format!("{}/", t.folder)))
        .map(|(name, _)| name.clone())
        .unwrap_or_else(|| type_from_folder(path))
}

/// Writes a new document of `doc_type` titled `title` into `project`.
pub fn new_document(
    project: &Path,
    doc_type: &str,
    title: &str,
    today: Date,
) -> Result<NewDocument, RunError> {
    if !project.is_dir() {
        return Err(RunError {
            message: format!(
                "{} is not a folder: run `annexa new` inside an ISMS project or give its path",
                project.display()
            ),
        });
    }
    let title = title.trim();
    if title.is_empty() {
        return Err(RunError {
            message:
                "the title is empty: give one, e.g. annexa new policy \"Access Control Policy\""
                    .into(),
        });
    }
    if title.chars().any(char::is_control) {
        return Err(RunError {
            message:
                "the title contains a line break or another control character: give it on one line"
                    .into(),
        });
    }
    let config: Config = config::load(project).map_err(|d| RunError {
        message: format!("annexa.toml: {}", d.message),
    })?;
    let key = doc_type.to_lowercase();
    let Some(setting) = config.types.get(&key) else {
        let known: Vec<&str> = config.types.keys().map(String::as_str).collect();
        let hint = did_you_mean(&key, known.iter().copied())
            .map(|k| format!("did you mean `{k}`? "))
            .unwrap_or_default();
        return Err(RunError {
            message: format!("unknown document type `{doc_type}`: {hint}known types are {} (add others under [types.<name>] in annexa.toml)", known.join(", ")),
        });
    };
    let found = source::discover(project, &config.exclude, None, &config.theme_overrides);
    let (files, _) = source::read_sources(project, &found.files);
    let (documents, _) = source::parse_documents(files);
    let used: Vec<&str> = documents
        .iter()
        .map(|d| d.front.id.value.as_str())
        .collect();
    let of_type: Vec<&source::SourceDocument> = documents
        .iter()
        .filter(|d| type_of(d, &config) == key)
        .collect();
    let style = match setting.ids {
        IdStyle::Auto => {
            let ids: Vec<&str> = of_type.iter().map(|d| d.front.id.value.as_str()).collect();
            ids::project_style(&ids, &used)
        }
        chosen => chosen,
    };
    let id = match style {
        IdStyle::Initials => ids::next_initials(&setting.prefix, title, &used),
        IdStyle::Numbered | IdStyle::Auto => None,
    }
    .unwrap_or_else(|| ids::next_numbered(&setting.prefix, &used));
    let similar = of_type
        .iter()
        .filter(|d| ids::similar_titles(title, &d.front.title))
        .map(|d| SimilarDocument {
            id: d.front.id.value.clone(),
            title: d.front.title.clone(),
            path: d.file.rel_path.clone(),
        })
        .collect();
    let file_name = format!("{}.md", slugify(title));
    let rel = PathBuf::from(&setting.folder).join(file_name);
    let dest = project.join(&rel);
    if dest.exists() {
        return Err(RunError {
            message: format!(
                "{} already exists: choose another title, or edit that file",
                rel.display()
            ),
        });
    }
    if let Some(parent) = dest.parent() {
        fs::create_dir_all(parent).map_err(|e| RunError {
            message: format!("cannot create {}: {e}", parent.display()),
        })?;
    }
    fs::write(&dest, document_text(&id, title, &key, today)).map_err(|e| RunError {
        message: format!("cannot write {}: {e}", dest.display()),
    })?;
    // A first risk needs criteria to be rated against.
    let criteria = crate::kinds::risk::criteria::FILE;
    let created = if key == crate::kinds::risk::KIND.name && !project.join(criteria).exists() {
        fs::write(project.join(criteria), RISK_CRITERIA).map_err(|e| RunError {
            message: format!("cannot write {criteria}: {e}"),
        })?;
        Some(criteria)
    } else {
        None
    };
    Ok(NewDocument {
        id,
        path: rel,
        similar,
        created,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_with_a_control_character_is_refused() {
        let Ok(tmp) = tempfile::tempdir() else { return };
        let today = jiff::civil::date(2026, 11, 25);
        for title in ["Two\nlines", "Bell\u{7}"] {
            let result = new_document(tmp.path(), "policy", title, today);
            assert!(
                result.is_err_and(|e| e.message.contains("control character")),
                "{title:?}"
            );
        }
        assert!(!tmp.path().join("policies").exists());
    }

    #[test]
    fn the_new_document_parses_as_a_draft_without_errors() {
        let text = document_text(
            "POL-001",
            "Title: with \"quotes\"",
            "policy",
            jiff::civil::date(2026, 11, 25),
        );
        let parsed = crate::source::front_matter::parse("policies/x.md", &text);
        assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
        let front = parsed.front.unwrap_or_else(|| panic!("parses"));
        assert_eq!(front.title, "Title: with \"quotes\"");
        assert_eq!(front.status, crate::source::Status::Draft);
        assert!(front.owner.is_none());
        assert_eq!(front.history[0].date, Some(jiff::civil::date(2026, 11, 25)));
    }
}
