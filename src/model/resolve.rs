//! Resolving references: `[[ID]]`, `[[ID#slug]]`, `[[A.5.15]]`, relative `.md` links,
//! links into `static/`, in-page anchors and `related:` ids.

use std::collections::{BTreeSet, HashMap};

use crate::catalog::{catalog, Frameworks, ParsedControlRef, Resolution, ISO_2013, ISO_2022};

use super::anchors::Anchors;
use super::body::{BodyLink, LinkSyntax};
use super::document::{Broken, Target};

/// What resolution needs to know about the project.
pub struct Resolver<'a> {
    /// Lower-case id → document index.
    pub by_key: &'a HashMap<String, usize>,
    /// Project-relative path → document index. The files of documents left out as duplicates
    /// map to the document that kept their id (the duplicate-id error is the one to report).
    pub by_path: &'a HashMap<String, usize>,
    /// Paths of documents left out as duplicates: their headings are unknown.
    pub duplicate_paths: &'a std::collections::HashSet<String>,
    /// Every document's heading ids, by index.
    pub headings: &'a [Anchors],
    /// Every document's id, for did-you-mean.
    pub ids: &'a crate::diagnostic::Suggestions<'a>,
    /// Files under `static/`, relative to it.
    pub static_files: &'a BTreeSet<String>,
    /// The frameworks whose control ids `[[…]]` may name.
    pub frameworks: &'a Frameworks,
    /// The documents' aliases, for site-absolute links.
    pub aliases: &'a super::alias::Aliases,
    /// `[links] origin`: the web site of the site-absolute links no alias claims.
    pub origin: Option<&'a str>,
}

fn broken(lint: &'static crate::lint::Lint, message: String, help: Option<String>) -> Target {
    Target::Broken(Broken {
        lint,
        message,
        help,
    })
}

impl Resolver<'_> {
    fn closest_id(&self, word: &str) -> Option<String> {
        self.ids
            .closest(word)
            .map(|s| format!("did you mean `{s}`?"))
    }

    fn anchor(&self, index: usize, id: &str, anchor: Option<&str>) -> Target {
        match anchor {
            None | Some("") => Target::Document {
                index,
                anchor: None,
            },
            Some(a) if self.headings[index].contains(a) => Target::Document {
                index,
                anchor: Some(a.to_string()),
            },
            Some(a) => {
                let help = self.headings[index].help(a)
                    .or_else(|| Some(format!("{id} has no heading with this id; heading ids are made as GitHub makes them: the heading text in lower case, punctuation removed, each space a `-`")));
                broken(
                    &crate::lint::registry::BROKEN_REFERENCE,
                    format!("`{id}` has no heading `#{a}`"),
                    help,
                )
            }
        }
    }

    /// Resolves a document or control id, as in `[[ID#anchor]]` or `related:`.
    pub fn id(&self, target: &str) -> Target {
        let (id, anchor) = match target.split_once('#') {
            Some((id, anchor)) => (id.trim(), Some(anchor.trim())),
            None => (target.trim(), None),
        };
        if let Some(&index) = self.by_key.get(&id.to_lowercase()) {
            return self.anchor(index, id, anchor);
        }
        match self.other_framework_control(id) {
            Some(target) => return target,
            None if ParsedControlRef::looks_like_control(id) => return control(id),
            None => {}
        }
        broken(
            &crate::lint::registry::BROKEN_REFERENCE,
            format!("no document has the id `{id}`"),
            self.closest_id(id),
        )
    }

    /// A control of an enabled framework other than ISO/IEC 27001:2022 and 2013 (those keep
    /// their own handling, with the legacy-control lint), or an ambiguous id.
    fn other_framework_control(&self, id: &str) -> Option<Target> {
        self.frameworks.enabled().next()?;
        match self.frameworks.resolve(id) {
            Resolution::Found(found)
                if found.framework != ISO_2022 && found.framework != ISO_2013 =>
            {
                Some(Target::FrameworkControl(found))
            }
            Resolution::Ambiguous(candidates) => {
                let names: Vec<String> = candidates.iter().map(|c| format!("`{c}`")).collect();
                Some(broken(
                    &crate::lint::registry::AMBIGUOUS_CONTROL,
                    format!(
                        "`{id}` is a control of {} enabled frameworks",
                        candidates.len()
                    ),
                    Some(format!("write which one you mean: {}", names.join(" or "))),
                ))
            }
            Resolution::UnknownFramework {
                framework,
                suggestion,
            } if !id.contains(char::is_whitespace) => Some(broken(
                &crate::lint::registry::UNKNOWN_CONTROL,
                format!("no framework is called `{framework}`"),
                Some(match suggestion {
                    Some(close) => format!("did you mean `{close}`?"),
                    None => {
                        "enable the framework in annexa.toml (`frameworks = [...]`)".to_string()
                    }
                }),
            )),
            _ => None,
        }
    }

    /// Resolves one body link of the document at `from_path`, whose own headings are `own`.
    pub fn link(&self, from_path: &str, own: &Anchors, link: &BodyLink) -> Target {
        if let LinkSyntax::Wiki { .. } = link.syntax {
            return self.id(&link.dest);
        }
        let dest = link.dest.trim();
        if dest.is_empty() {
            return Target::Empty;
        }
        if let Some(anchor) = dest.strip_prefix('#') {
            if own.contains(anchor) {
                return Target::InPage(anchor.to_string());
            }
            let help = own.help(anchor);
            return broken(
                &crate::lint::registry::BROKEN_REFERENCE,
                format!("this document has no heading `#{anchor}`"),
                help,
            );
        }
        if let Some(scheme) = scheme(dest) {
            let image_data = link.syntax == LinkSyntax::Image
                && dest.to_ascii_lowercase().starts_with("data:image/");
            return match scheme.as_str() {
                "javascript" | "vbscript" | "file" | "data" if !image_data => broken(
                    &crate::lint::registry::BROKEN_REFERENCE,
                    format!("`{scheme}:` links are not allowed"),
                    Some(match scheme.as_str() {
                        "file" => "file: URLs point at the reader's own disk; put the file in static/ and link to it there".to_string(),
                        _ => "link to a document, a file in static/, or an http(s) address".to_string(),
                    }),
                ),
                _ => Target::External,
            };
        }
        if dest.starts_with("//") {
            return Target::External;
        }
        if dest.starts_with('/') {
            return self.site_absolute(dest);
        }
        let (path, anchor) = match dest.split_once('#') {
            Some((p, a)) => (p, Some(a)),
            None => (dest, None),
        };
        let path = percent_decode(path.split('?').next().unwrap_or(path));
        let Some(resolved) = join_relative(from_path, &path) else {
            return broken(
                &crate::lint::registry::BROKEN_REFERENCE,
                format!("`{dest}` points outside the project"),
                Some("link to documents and static files inside the project".into()),
            );
        };
        if path.ends_with(".md") {
            return match self.by_path.get(&resolved) {
                Some(&index) if self.duplicate_paths.contains(&resolved) => Target::Document {
                    index,
                    anchor: None,
                },
                Some(&index) => self.anchor(index, self.ids.option(index), anchor),
                None => broken(
                    &crate::lint::registry::BROKEN_REFERENCE,
                    format!("`{dest}` is not a document of this project (looked for `{resolved}`)"),
                    Some("check the path; it is relative to the folder of this file".into()),
                ),
            };
        }
        match resolved.strip_prefix("static/") {
            Some(in_static) if self.static_files.contains(in_static) => Target::Static(in_static.to_string()),
            Some(_) => broken(
                &crate::lint::registry::BROKEN_REFERENCE,
                format!("`{dest}` does not exist (looked for `{resolved}`)"),
                Some("check the file name; files under static/ are copied into the site".into()),
            ),
            None => broken(
                &crate::lint::registry::BROKEN_REFERENCE,
                format!("`{dest}` is neither a document nor a file under static/"),
                Some("put images and evidence files in the project's static/ folder and link them there".into()),
            ),
        }
    }
}

impl Resolver<'_> {
    /// A site-absolute link (`/security-policies/vendor/#scope`): a document's alias, else a
    /// page of the web site of `[links] origin`.
    fn site_absolute(&self, dest: &str) -> Target {
        let (path, anchor) = match dest.split_once('#') {
            Some((p, a)) => (p, Some(a)),
            None => (dest, None),
        };
        let path = percent_decode(path.split('?').next().unwrap_or(path));
        if let Some(index) = self.aliases.document_at(&path) {
            return self.anchor(index, self.ids.option(index), anchor);
        }
        if let Some(origin) = self.origin {
            return Target::Url(format!("{origin}{dest}"));
        }
        broken(
            &crate::lint::registry::BROKEN_REFERENCE,
            format!("`{dest}` is a path on a web site, and no document has it among its `aliases:`"),
            Some(format!("if a document was published at this address before, add `aliases: [{path}]` to its front matter; if it is a page of your organisation's web site, set `[links] origin = \"https://www.example.com\"` in annexa.toml; otherwise link relative to this file, e.g. `../policies/x.md`")),
        )
    }
}

fn control(id: &str) -> Target {
    let catalog = catalog();
    match ParsedControlRef::parse(id) {
        Some(ParsedControlRef::Current(c)) if catalog.control(&c).is_some() => Target::Control(c),
        Some(ParsedControlRef::Legacy(c)) if catalog.legacy_control(&c).is_some() => {
            Target::LegacyControl(c)
        }
        _ => {
            let help = catalog
                .closest_control(id)
                .map(|c| format!("did you mean `{}` ({})?", c.id, c.title))
                .or_else(|| Some("ISO/IEC 27001:2022 Annex A has controls A.5.1–A.5.37, A.6.1–A.6.8, A.7.1–A.7.14 and A.8.1–A.8.34".into()));
            broken(
                &crate::lint::registry::UNKNOWN_CONTROL,
                format!("`{id}` is not an Annex A control"),
                help,
            )
        }
    }
}

/// The URL scheme of `dest` (lower case), if it has one (`https:`, `mailto:`, `javascript:`).
fn scheme(dest: &str) -> Option<String> {
    let (scheme, _) = dest.split_once(':')?;
    let valid = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c));
    valid.then(|| scheme.to_ascii_lowercase())
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let hex = |b: u8| (b as char).to_digit(16);
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(hi), Some(lo)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((hi * 16 + lo) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Joins `rel` to the folder of `from` (both project-relative), folding `.` and `..`.
/// None when the result would leave the project.
pub fn join_relative(from: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for part in rel.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins() {
        assert_eq!(
            join_relative("policies/a.md", "../isms/b.md"),
            Some("isms/b.md".into())
        );
        assert_eq!(
            join_relative("policies/a.md", "./c.md"),
            Some("policies/c.md".into())
        );
        assert_eq!(join_relative("a.md", "../x.md"), None);
        assert_eq!(
            join_relative("a.md", "static/logo.svg"),
            Some("static/logo.svg".into())
        );
    }

    #[test]
    fn schemes() {
        for (d, s) in [
            ("https://x.org", "https"),
            ("mailto:a@b", "mailto"),
            ("JavaScript:alert(1)", "javascript"),
            ("tel:123", "tel"),
        ] {
            assert_eq!(scheme(d).as_deref(), Some(s), "{d}");
        }
        assert_eq!(scheme("../a.md"), None);
        assert_eq!(scheme("a.md#x:y"), None);
        assert_eq!(percent_decode("my%20file.md"), "my file.md");
    }

    #[test]
    fn resolves_ids_and_controls() {
        let by_key = HashMap::from([("pol-ac".to_string(), 0)]);
        let by_path = HashMap::from([("policies/ac.md".to_string(), 0)]);
        let headings = vec![Anchors::of(&super::super::body::scan("## Scope\n"))];
        let ids = vec!["POL-AC".to_string()];
        let ids = crate::diagnostic::Suggestions::new(&ids);
        let static_files = BTreeSet::from(["logo.svg".to_string()]);
        let duplicate_paths = std::collections::HashSet::new();
        let r = Resolver {
            by_key: &by_key,
            by_path: &by_path,
            duplicate_paths: &duplicate_paths,
            headings: &headings,
            ids: &ids,
            static_files: &static_files,
            frameworks: &Frameworks::default(),
            aliases: &super::super::alias::Aliases::default(),
            origin: None,
        };
        assert_eq!(
            r.id("pol-ac#scope"),
            Target::Document {
                index: 0,
                anchor: Some("scope".into())
            }
        );
        assert!(
            matches!(r.id("POL-AC#scop"), Target::Broken(b) if b.help.as_deref() == Some("did you mean `#scope`?"))
        );
        assert!(
            matches!(r.id("POL-AX"), Target::Broken(b) if b.help.as_deref() == Some("did you mean `POL-AC`?"))
        );
        assert!(matches!(r.id("A.5.15"), Target::Control(_)));
        assert!(matches!(r.id("A.12.6.1"), Target::LegacyControl(_)));
        assert!(matches!(r.id("A.5.99"), Target::Broken(b) if b.lint.name == "unknown-control"));
        let link = |dest: &str| BodyLink {
            syntax: LinkSyntax::Markdown,
            dest: dest.into(),
            range: 0..1,
        };
        let own = Anchors::of(&super::super::body::scan("## Intro\n"));
        assert_eq!(
            r.link("isms/x.md", &own, &link("../policies/ac.md#scope")),
            Target::Document {
                index: 0,
                anchor: Some("scope".into())
            }
        );
        assert_eq!(
            r.link("isms/x.md", &own, &link("../static/logo.svg")),
            Target::Static("logo.svg".into())
        );
        assert_eq!(
            r.link("isms/x.md", &own, &link("#intro")),
            Target::InPage("intro".into())
        );
        assert!(matches!(
            r.link("isms/x.md", &own, &link("#nope")),
            Target::Broken(_)
        ));
        assert!(matches!(
            r.link("isms/x.md", &own, &link("missing.md")),
            Target::Broken(_)
        ));
        assert!(matches!(
            r.link("isms/x.md", &own, &link("notes.txt")),
            Target::Broken(_)
        ));
        for bad in [
            "/etc/passwd",
            "javascript:alert(1)",
            "file:///etc/passwd",
            "data:text/html,x",
        ] {
            assert!(
                matches!(r.link("isms/x.md", &own, &link(bad)), Target::Broken(_)),
                "{bad}"
            );
        }
        assert_eq!(
            r.link("isms/x.md", &own, &link("https://example.org/")),
            Target::External
        );
    }

    #[test]
    fn site_absolute_links_need_an_alias_or_the_origin() {
        let by_key = HashMap::new();
        let by_path = HashMap::new();
        let headings = vec![];
        let ids: Vec<String> = vec![];
        let ids = crate::diagnostic::Suggestions::new(&ids);
        let static_files = BTreeSet::new();
        let duplicate_paths = std::collections::HashSet::new();
        let aliases = super::super::alias::Aliases::default();
        let mut r = Resolver {
            by_key: &by_key,
            by_path: &by_path,
            duplicate_paths: &duplicate_paths,
            headings: &headings,
            ids: &ids,
            static_files: &static_files,
            frameworks: &Frameworks::default(),
            aliases: &aliases,
            origin: None,
        };
        let link = BodyLink {
            syntax: LinkSyntax::Markdown,
            dest: "/privacy-policy/#cookies".into(),
            range: 0..1,
        };
        let own = Anchors::default();
        match r.link("a.md", &own, &link) {
            Target::Broken(b) => {
                let help = b.help.unwrap_or_default();
                assert!(
                    help.contains("`aliases: [/privacy-policy/]`")
                        && help.contains("[links] origin"),
                    "{help}"
                );
            }
            other => panic!("{other:?}"),
        }
        r.origin = Some("https://www.example.com");
        assert_eq!(
            r.link("a.md", &own, &link),
            Target::Url("https://www.example.com/privacy-policy/#cookies".into())
        );
    }
}
