//! From what a plain Markdown file says (its metadata, its path) to the front matter annexa
//! needs, and the list of what could not be decided.

use crate::config::Config;
use crate::source::Status;

use super::metadata::{Field, Metadata};
use super::values;

/// The front matter of one imported document: keys and YAML values in writing order, and
/// what the author still has to decide (one sentence each).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Decided {
    pub id: String,
    pub title: String,
    pub fields: Vec<(&'static str, String)>,
    pub undecided: Vec<String>,
}

/// Words of a title or file name that name a document type, and the type.
const TYPE_WORDS: &[(&str, &str)] = &[
    ("policy", "policy"),
    ("policies", "policy"),
    ("procedure", "procedure"),
    ("procedures", "procedure"),
    ("process", "procedure"),
    ("standard", "standard"),
    ("standards", "standard"),
    ("guideline", "guideline"),
    ("guidelines", "guideline"),
    ("guidance", "guideline"),
    ("plan", "plan"),
    ("manual", "manual"),
];

/// The type of a document: its folder's (`policies/` → policy), else the first type word of
/// its title or file name ("Incident Response Plan" → plan), else None (annexa's default).
fn doc_type(rel_path: &str, title: &str) -> Option<&'static str> {
    let folder = crate::model::type_from_folder(rel_path);
    if folder != "document" {
        return None;
    }
    let stem = rel_path.rsplit('/').next().unwrap_or(rel_path);
    let words = format!("{title} {stem}").to_lowercase();
    words
        .split(|c: char| !c.is_alphanumeric())
        .find_map(|w| TYPE_WORDS.iter().find(|(word, _)| *word == w))
        .map(|(_, t)| *t)
}

/// The title a file name gives (`access-control_policy.md` → `Access Control Policy`).
fn title_from_file_name(rel_path: &str) -> String {
    let stem = rel_path
        .rsplit('/')
        .next()
        .unwrap_or(rel_path)
        .trim_end_matches(".md");
    stem.split(['-', '_', ' '])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A file name that is an id already (`POL-001.md`, `ISP-05.md`): letters, a `-` and more.
fn id_from_file_name(rel_path: &str) -> Option<String> {
    let stem = rel_path.rsplit('/').next()?.trim_end_matches(".md");
    let (prefix, rest) = stem.split_once('-')?;
    let looks_like_id = (2..=6).contains(&prefix.len())
        && prefix.bytes().all(|b| b.is_ascii_uppercase())
        && !rest.is_empty()
        && rest.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && rest
            .bytes()
            .any(|b| b.is_ascii_digit() || b.is_ascii_uppercase());
    (looks_like_id && crate::source::front_matter::valid_id(stem)).then(|| stem.to_string())
}

/// A new id for a document of `doc_type` named `rel_path`, not in `used`: the file name when
/// it is an id, else the type's prefix and the initials of the file name's words
/// (`access-control-policy.md` → `POL-AC`), else the type's next number.
fn new_id(config: &Config, doc_type: &str, rel_path: &str, used: &[String]) -> String {
    let used: Vec<&str> = used.iter().map(String::as_str).collect();
    if let Some(id) = id_from_file_name(rel_path) {
        if !used.iter().any(|u| u.eq_ignore_ascii_case(&id)) {
            return id;
        }
    }
    let prefix = config
        .types
        .get(doc_type)
        .map_or("DOC", |t| t.prefix.as_str());
    let words = title_from_file_name(rel_path);
    crate::scaffold::ids::next_initials(prefix, &words, &used)
        .unwrap_or_else(|| crate::scaffold::ids::next_numbered(prefix, &used))
}

/// Decides the front matter of the document at `rel_path` from its `metadata`. `used` holds
/// the ids taken so far (the new id is added).
pub fn decide(
    config: &Config,
    rel_path: &str,
    metadata: &Metadata,
    used: &mut Vec<String>,
) -> Decided {
    let mut decided = Decided::default();
    let mut fields: Vec<(&'static str, String)> = Vec::new();
    let mut undecided = Vec::new();
    let line = |field: Field| metadata.get(field).map(|w| (w.value.as_str(), w.line));

    decided.title = match &metadata.title {
        Some(title) => title.clone(),
        None => {
            let title = title_from_file_name(rel_path);
            undecided.push(format!(
                "title: no heading, so `{title}` from the file name"
            ));
            title
        }
    };
    let written_type = doc_type(rel_path, &decided.title);
    let effective_type = written_type
        .map(str::to_string)
        .unwrap_or_else(|| crate::model::type_from_folder(rel_path));

    decided.id = match line(Field::Id) {
        Some((id, _))
            if crate::source::front_matter::valid_id(id)
                && !used.iter().any(|u| u.eq_ignore_ascii_case(id)) =>
        {
            id.to_string()
        }
        Some((id, at)) => {
            let new = new_id(config, &effective_type, rel_path, used);
            undecided.push(format!(
                "id: `{id}` (line {at}) is not a usable id or is taken, so `{new}`"
            ));
            new
        }
        None => new_id(config, &effective_type, rel_path, used),
    };
    used.push(decided.id.clone());

    if let Some(t) = written_type {
        fields.push(("type", t.to_string()));
    }
    let status = match line(Field::Status) {
        Some((text, at)) => match values::status(text) {
            Ok(status) => Some(status),
            Err(why) => {
                undecided.push(format!("status: {why} (line {at})"));
                None
            }
        },
        None => None,
    };
    let mut dates = Vec::new();
    for field in [Field::Approved, Field::LastReviewed, Field::NextReview] {
        if let Some((text, at)) = line(field) {
            match values::date(text) {
                Ok(date) => dates.push((field, date)),
                Err(why) => undecided.push(format!("{}: {why} (line {at})", field.key())),
            }
        }
    }
    let approved_date = dates.iter().any(|(f, _)| *f == Field::Approved);
    let status = match status {
        Some(status) => status,
        // An approval date says the document was approved.
        None if approved_date => Status::Approved,
        None => {
            undecided.push(
                "status: not stated, so `draft` (annexa build leaves drafts out; `annexa serve` and `build --drafts` show them)".to_string(),
            );
            Status::Draft
        }
    };
    fields.push(("status", status.key().to_string()));
    match line(Field::Version) {
        Some((text, _)) => fields.push(("version", values::version(text))),
        None => undecided.push("version: not stated".to_string()),
    }
    match line(Field::Owner) {
        Some((text, _)) => fields.push(("owner", text.to_string())),
        None => undecided.push("owner: not stated (lint missing-owner)".to_string()),
    }
    if let Some((text, _)) = line(Field::Approver) {
        fields.push(("approver", text.to_string()));
    }
    if let Some((_, date)) = dates.iter().find(|(f, _)| *f == Field::Approved) {
        fields.push(("approved", date.to_string()));
    }
    match line(Field::Classification).map(|(text, at)| (values::classification(text), at)) {
        Some((Ok(level), _)) => fields.push(("classification", level.key().to_string())),
        Some((Err(why), at)) => undecided.push(format!("classification: {why} (line {at})")),
        None => {}
    }
    match dates.iter().find(|(f, _)| *f == Field::LastReviewed) {
        Some((_, date)) => fields.push(("last_reviewed", date.to_string())),
        None if status == Status::Approved => {
            undecided.push("last_reviewed: not stated (lint never-reviewed)".to_string())
        }
        None => {}
    }
    let next = dates.iter().find(|(f, _)| *f == Field::NextReview);
    match line(Field::ReviewEvery).map(|(text, at)| (values::interval(text), at)) {
        Some((Ok(interval), _)) => fields.push(("review_every", interval.to_string())),
        Some((Err(why), at)) => undecided.push(format!("review_every: {why} (line {at})")),
        None if next.is_none() => undecided.push(format!(
            "review_every: not stated, so annexa's default ({})",
            config.default_review
        )),
        None => {}
    }
    if let (Some((_, date)), false) = (next, fields.iter().any(|(k, _)| *k == "review_every")) {
        fields.push(("next_review", date.to_string()));
    }
    decided.fields = fields;
    decided.undecided = undecided;
    decided
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scaffold::import::metadata::read;

    fn decide_text(rel: &str, text: &str, used: &mut Vec<String>) -> Decided {
        decide(&Config::default(), rel, &read(text), used)
    }

    #[test]
    fn everything_the_text_says() {
        let text = "# Access Control Policy\n\n**Owner:** Head of IT\n**Version:** v2.1\n**Status:** Final\n**Approved by:** CISO\n**Approval date:** 1 March 2025\n**Last reviewed:** 2025-03-01\n**Review cycle:** Annually\n**Classification:** Internal use only\n\n## Purpose\n";
        let decided = decide_text("policies/access-control.md", text, &mut Vec::new());
        assert_eq!(decided.id, "POL-AC");
        assert_eq!(decided.title, "Access Control Policy");
        assert_eq!(
            decided.fields,
            vec![
                ("status", "approved".into()),
                ("version", "2.1".into()),
                ("owner", "Head of IT".into()),
                ("approver", "CISO".into()),
                ("approved", "2025-03-01".into()),
                ("classification", "internal".into()),
                ("last_reviewed", "2025-03-01".into()),
                ("review_every", "12 months".into()),
            ]
        );
        assert!(decided.undecided.is_empty(), "{:?}", decided.undecided);
    }

    #[test]
    fn what_it_cannot_decide_it_says() {
        let text = "Some text without a heading.\n\nLast updated: last spring\nReview frequency: as needed\n";
        let mut used = vec!["DOC-NP".to_string()];
        let decided = decide_text("notes/new-process.md", text, &mut used);
        assert_eq!(decided.title, "New Process");
        assert_eq!(decided.id, "PRO-NP", "type from the file name's words");
        assert_eq!(
            decided.fields,
            vec![("type", "procedure".into()), ("status", "draft".into())]
        );
        let said = decided.undecided.join("\n");
        for expected in [
            "title: no heading, so `New Process` from the file name",
            "last_reviewed: `last spring` is not a date annexa can read (write it as YYYY-MM-DD) (line 3)",
            "status: not stated, so `draft`",
            "version: not stated",
            "owner: not stated",
            "review_every: `as needed` is not a review cycle annexa can read",
        ] {
            assert!(said.contains(expected), "missing {expected:?} in:\n{said}");
        }
        assert_eq!(used, vec!["DOC-NP", "PRO-NP"]);
    }

    #[test]
    fn ids_from_file_names_stay_unique() {
        let mut used = Vec::new();
        let first = decide_text("policies/access-control.md", "# A\n", &mut used);
        let second = decide_text("policies/acceptable-conduct.md", "# B\n", &mut used);
        let third = decide_text("policies/ISP-05.md", "# C\n", &mut used);
        let fourth = decide_text("misc/ISP-05.md", "# D\n", &mut used);
        let written = decide_text("policies/x.md", "# E\n\nDocument ID: ISP-07\n", &mut used);
        let taken = decide_text("policies/y.md", "# F\n\nDocument ID: ISP-07\n", &mut used);
        assert_eq!(
            [
                first.id,
                second.id,
                third.id,
                fourth.id,
                written.id,
                taken.id.clone()
            ],
            ["POL-AC", "POL-AC2", "ISP-05", "DOC-I0", "ISP-07", "POL-Y"]
        );
        assert!(
            taken.undecided[0].starts_with("id: `ISP-07` (line 3) is not a usable id or is taken")
        );
    }

    #[test]
    fn an_approval_date_means_approved_and_a_next_review_replaces_the_cycle() {
        let text = "# P\n\nEffective date: 2025-01-15\nNext review: 2026-01-15\n";
        let decided = decide_text("policies/p.md", text, &mut Vec::new());
        assert_eq!(
            decided.fields,
            vec![
                ("status", "approved".into()),
                ("approved", "2025-01-15".into()),
                ("next_review", "2026-01-15".into()),
            ]
        );
        assert!(!decided
            .undecided
            .iter()
            .any(|u| u.starts_with("review_every")));
        assert!(decided
            .undecided
            .iter()
            .any(|u| u.starts_with("last_reviewed")));
    }
}
