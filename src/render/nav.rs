//! The sidebar's tree of documents by type and folder, written once to `assets/nav.js` (a
//! script assigning `window.annexaNav`) and rendered into the sidebar by the theme's script.
//! Pages themselves carry only the site's main sections, so that neither a page's size nor
//! the time to render it grows with the number of documents.
//!
//! Format `annexa-nav/1`: `pinned`, the documents of annexa.toml's `[navigation] pinned` in
//! that order (left out when empty); `sections` in handbook order, each
//! `{key, label, href, count, folders, docs}`; a folder is `{label, folders, docs}` (empty lists
//! left out); a document is `[id, title, url]`, with its status key as a fourth item when it
//! is not approved. URLs are relative to the site root. Within a type, documents are grouped
//! by the folders they are in, except the type's own folder (`policies/` for policies),
//! whose documents sit at the top of the section, and a folder holding a single document
//! (the information security policy in `isms/`), which would only hide it. A folder is
//! labelled by its name and the type: `isms/` among procedures is "ISMS procedures".

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::slug::slugify;
use crate::model::{Document, Isms};
use crate::source::Status;

use super::view::{type_heading, type_rank};

/// Published documents by type, in handbook order.
fn by_type(isms: &Isms) -> BTreeMap<(usize, String), Vec<&Document>> {
    let mut groups: BTreeMap<(usize, String), Vec<&Document>> = BTreeMap::new();
    for (_, doc) in isms.published() {
        groups
            .entry(type_rank(&doc.doc_type))
            .or_default()
            .push(doc);
    }
    groups
}

/// The anchor of a document type on documents.html.
pub fn type_anchor(doc_type: &str) -> String {
    format!("type-{}", slugify(doc_type))
}

#[derive(Serialize)]
struct NavFolder<'a> {
    label: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    folders: Vec<NavFolder<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    docs: Vec<NavDoc<'a>>,
}

#[derive(Serialize)]
struct NavSection<'a> {
    key: String,
    label: String,
    href: String,
    count: usize,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    folders: Vec<NavFolder<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    docs: Vec<NavDoc<'a>>,
}

#[derive(Serialize)]
struct NavTree<'a> {
    format: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pinned: Vec<NavDoc<'a>>,
    sections: Vec<NavSection<'a>>,
}

/// A document in the tree: its `[id, title, url, status?]` entry.
type NavDoc<'a> = Vec<&'a str>;

/// Folders as the source tree has them, before labels.
#[derive(Default)]
struct Node<'a> {
    children: BTreeMap<&'a str, Node<'a>>,
    docs: Vec<NavDoc<'a>>,
}

impl<'a> Node<'a> {
    /// Files the document at `rel_path` (its path in the project) under its folders.
    fn insert(&mut self, rel_path: &'a str, doc: NavDoc<'a>) {
        let folders = rel_path.rsplit_once('/').map_or("", |(dir, _)| dir);
        let mut node = self;
        for part in folders.split('/').filter(|p| !p.is_empty()) {
            node = node.children.entry(part).or_default();
        }
        node.docs.push(doc);
    }

    /// Adds `other`'s documents and folders to this folder's.
    fn merge(&mut self, other: Node<'a>) {
        self.docs.extend(other.docs);
        for (name, child) in other.children {
            self.children.entry(name).or_default().merge(child);
        }
    }

    /// Lifts the documents of the type's own top folder (`policies/` for policies) to the
    /// section itself; documents elsewhere (`isms/`) keep their folder.
    fn lift_home_folder(mut self, doc_type: &str) -> Node<'a> {
        let heading = type_heading(doc_type);
        let home: Vec<&str> = self
            .children
            .keys()
            .copied()
            .filter(|name| {
                name.eq_ignore_ascii_case(doc_type) || name.eq_ignore_ascii_case(&heading)
            })
            .collect();
        for name in home {
            if let Some(folder) = self.children.remove(name) {
                self.merge(folder);
            }
        }
        self
    }

    /// Skips folders that only hold one folder: `policies/` when every policy is in it.
    fn collapsed(mut self) -> Node<'a> {
        while self.docs.is_empty() && self.children.len() == 1 {
            let Some((_, only)) = self.children.pop_first() else {
                break;
            };
            self = only;
        }
        self
    }

    /// The number of documents in this folder and below.
    fn len(&self) -> usize {
        self.docs.len() + self.children.values().map(Node::len).sum::<usize>()
    }

    /// Folders (by name) and documents (by id) of this folder, ready to serialise; a folder
    /// with a single document gives it to this folder's list.
    fn into_parts(mut self, doc_type: &str) -> (Vec<NavFolder<'a>>, Vec<NavDoc<'a>>) {
        let mut folders = Vec::new();
        for (name, node) in std::mem::take(&mut self.children) {
            if node.len() == 1 {
                self.merge(node);
                continue;
            }
            let (sub_folders, docs) = node.into_parts(doc_type);
            folders.push(NavFolder {
                label: folder_label(name, doc_type),
                folders: sub_folders,
                docs,
            });
        }
        let mut docs = self.docs;
        docs.sort_by(|a, b| a.first().cmp(&b.first()));
        (folders, docs)
    }
}

fn nav_doc(doc: &Document) -> Vec<&str> {
    let mut entry = vec![doc.id(), doc.title(), doc.page.as_str()];
    let status = doc.source.front.status;
    if status != Status::Approved {
        entry.push(status.key());
    }
    entry
}

/// A folder as readers name it, with the type of its documents: `isms` among procedures is
/// "ISMS procedures", `access-control` among policies "Access control policies". Short
/// names (up to four letters: `isms`, `hr`, `it`) are taken for acronyms.
fn folder_label(name: &str, doc_type: &str) -> String {
    let words = name.replace(['-', '_'], " ");
    let words = words.trim();
    let named = if words.chars().count() <= 4 && !words.contains(' ') {
        words.to_uppercase()
    } else {
        let mut chars = words.chars();
        chars
            .next()
            .map(|c| c.to_uppercase().chain(chars).collect())
            .unwrap_or_default()
    };
    let heading = type_heading(doc_type);
    // "Policies" → "policies", but "ISMS documents" keeps its acronym.
    let first_word = heading.split(' ').next().unwrap_or("");
    let kind = if first_word.chars().all(|c| !c.is_lowercase()) {
        heading.clone()
    } else {
        heading.to_lowercase()
    };
    if named.is_empty() {
        heading
    } else {
        format!("{named} {kind}")
    }
}

/// `assets/nav.js`: the tree of every published document by type and folder.
pub fn nav_js(isms: &Isms) -> String {
    let sections = by_type(isms)
        .into_iter()
        .map(|((_, doc_type), docs)| {
            let count = docs.len();
            let mut root = Node::default();
            for doc in docs {
                root.insert(doc.rel_path(), nav_doc(doc));
            }
            let (folders, docs) = root
                .lift_home_folder(&doc_type)
                .collapsed()
                .into_parts(&doc_type);
            let key = type_anchor(&doc_type);
            // A record kind's section leads to its register (risks.html), where its records
            // are listed; documents.html lists documents only.
            let register = crate::kinds::by_name(&doc_type).and_then(|kind| {
                (kind.part.nav)(isms)
                    .first()
                    .map(|(_, _, page)| page.to_string())
            });
            NavSection {
                href: register.unwrap_or_else(|| format!("documents.html#{key}")),
                label: type_heading(&doc_type),
                key,
                count,
                folders,
                docs,
            }
        })
        .collect();
    // Pinned documents that this build publishes (an unknown id is a lint; a draft or a
    // withheld document is simply not shown).
    let pinned = isms
        .config
        .pinned
        .iter()
        .filter_map(|p| isms.document(&p.id))
        .filter(|d| d.published)
        .map(nav_doc)
        .collect();
    let tree = NavTree {
        format: "annexa-nav/1",
        pinned,
        sections,
    };
    let json = serde_json::to_string(&tree).unwrap_or_else(|_| "{}".to_string());
    format!("/* annexa navigation (annexa-nav/1), generated: do not edit. */\nwindow.annexaNav = {json};\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tree of one type's documents, given as (path, id), as `folder/…: ids` lines.
    fn tree(doc_type: &str, docs: &[(&'static str, &'static str)]) -> Vec<String> {
        let mut root = Node::default();
        for (path, id) in docs {
            root.insert(path, vec![id]);
        }
        let (folders, docs) = root
            .lift_home_folder(doc_type)
            .collapsed()
            .into_parts(doc_type);
        fn lines(prefix: &str, folders: &[NavFolder], docs: &[NavDoc], out: &mut Vec<String>) {
            let ids: Vec<&str> = docs.iter().map(|d| d[0]).collect();
            out.push(format!("{prefix}: {}", ids.join(" ")));
            for f in folders {
                lines(&format!("{prefix}{}", f.label), &f.folders, &f.docs, out);
            }
        }
        let mut out = Vec::new();
        lines("", &folders, &docs, &mut out);
        out
    }

    #[test]
    fn documents_are_grouped_by_folder() {
        let docs = [
            ("policies/b.md", "POL-B"),
            ("policies/a.md", "POL-A"),
            ("isms/top.md", "ISMS-POL"),
            ("policies/hr/leave.md", "POL-HR"),
        ];
        // A folder with one document does not hide it: ISMS-POL sits with the policies.
        assert_eq!(tree("policy", &docs), [": ISMS-POL POL-A POL-B POL-HR"]);
        let docs = [
            ("policies/a.md", "POL-A"),
            ("policies/hr/leave.md", "POL-HR-1"),
            ("policies/hr/pay.md", "POL-HR-2"),
            ("isms/audit.md", "ISMS-AUDIT"),
            ("isms/nc.md", "ISMS-NC"),
        ];
        assert_eq!(
            tree("policy", &docs),
            [
                ": POL-A",
                "HR policies: POL-HR-1 POL-HR-2",
                "ISMS policies: ISMS-AUDIT ISMS-NC"
            ]
        );
        // One folder holding everything is skipped, however deep.
        let deep = [("x/y/a.md", "A-1"), ("x/y/b.md", "A-2")];
        assert_eq!(tree("record", &deep), [": A-1 A-2"]);
        let top = [
            ("top.md", "T-1"),
            ("guides/g.md", "G-1"),
            ("guides/h.md", "G-2"),
        ];
        assert_eq!(
            tree("document", &top),
            [": T-1", "Guides ISMS documents: G-1 G-2"]
        );
    }

    #[test]
    fn folder_labels() {
        assert_eq!(
            folder_label("access-control", "policy"),
            "Access control policies"
        );
        assert_eq!(folder_label("isms", "procedure"), "ISMS procedures");
        assert_eq!(type_anchor("risk register"), "type-risk-register");
    }
}
