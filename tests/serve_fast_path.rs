//! serve's fast path for edits inside document bodies: it re-renders only the edited pages
//! (and print.html's sections, transition.html, the home page when the findings change,
//! then the search index), and the site it ends with must be byte for byte the site a full
//! rebuild of the same files gives.

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::path::PathBuf;

use annexa::lint::LintFlags;
use annexa::serve::workspace::{Change, FollowUp, Rebuilt, Workspace};

use common::{content_example, copy_dir, tempdir};

fn today() -> jiff::civil::Date {
    jiff::civil::date(2026, 11, 25)
}

/// Every file of the workspace's site, by path.
fn files(workspace: &Workspace) -> Vec<(String, Vec<u8>)> {
    let site = workspace.site();
    let mut paths: Vec<&String> = site.paths().collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            (
                p.clone(),
                site.get(p).map(|b| b.to_vec()).unwrap_or_default(),
            )
        })
        .collect()
}

/// A full build of the project as it is now.
fn fresh_site(root: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut fresh = Workspace::new(root.to_path_buf(), today(), LintFlags::default());
    let rebuilt = fresh
        .rebuild(&Change::Everything)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(!rebuilt.has_errors(), "{:?}", rebuilt.diagnostics);
    files(&fresh)
}

fn assert_same_site(served: &[(String, Vec<u8>)], fresh: &[(String, Vec<u8>)]) {
    let served_paths: BTreeSet<&String> = served.iter().map(|(p, _)| p).collect();
    let fresh_paths: BTreeSet<&String> = fresh.iter().map(|(p, _)| p).collect();
    assert_eq!(served_paths, fresh_paths);
    for ((path, a), (_, b)) in served.iter().zip(fresh) {
        assert!(
            a == b,
            "{path} differs from a full rebuild:\n--- served\n{}\n--- full\n{}",
            String::from_utf8_lossy(a)
                .chars()
                .take(3000)
                .collect::<String>(),
            String::from_utf8_lossy(b)
                .chars()
                .take(3000)
                .collect::<String>()
        );
    }
}

/// Renders what the last rebuild left for after its pages (the pages over all documents,
/// the search index), as serve does next.
fn follow_up(workspace: &mut Workspace) {
    match workspace.finish_pending() {
        Ok(Some(FollowUp::Failed(rebuilt))) => panic!("{:?}", rebuilt.diagnostics),
        Err(e) => panic!("{e}"),
        Ok(_) => {}
    }
}

/// Edits `rel` with `edit`, rebuilds, and returns (document pages rendered, files rendered).
fn edit_and_rebuild(
    workspace: &mut Workspace,
    root: &std::path::Path,
    rel: &str,
    edit: impl Fn(&str) -> String,
) -> (usize, usize) {
    let path = root.join(rel);
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}"));
    let edited = edit(&text);
    assert_ne!(edited, text, "the edit changes {rel}");
    fs::write(&path, edited).unwrap_or_else(|e| panic!("{e}"));
    let change = Change::Paths(BTreeSet::from([rel.to_string()]));
    let rebuilt = workspace.rebuild(&change).unwrap_or_else(|e| panic!("{e}"));
    assert!(!rebuilt.has_errors(), "{:?}", rebuilt.diagnostics);
    follow_up(workspace);
    (rebuilt.documents_rendered, rebuilt.rendered)
}

/// content-example copied to a temporary folder and built once in a workspace: (the folder
/// to keep alive, the project, the workspace, the first build).
fn example_workspace() -> (tempfile::TempDir, PathBuf, Workspace, Rebuilt) {
    let dir = tempdir();
    let root = dir.path().join("isms");
    copy_dir(&content_example(), &root);
    let _ = fs::remove_dir_all(root.join("_site"));
    let mut workspace = Workspace::new(root.clone(), today(), LintFlags::default());
    let first = workspace
        .rebuild(&Change::Everything)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(!first.has_errors());
    (dir, root, workspace, first)
}

#[test]
fn body_edits_take_the_fast_path_and_give_the_full_rebuilds_site() {
    let (_dir, root, mut workspace, first) = example_workspace();
    let all = first.rendered;

    // A sentence in a body that cites a 2013 control: its page, print.html and
    // transition.html (which shows the line of the citation) are rendered, nothing else.
    let (documents, rendered) = edit_and_rebuild(
        &mut workspace,
        &root,
        "procedures/vulnerability-management.md",
        |t| t.replacen("## 2. Scope", "An added sentence.\n\n## 2. Scope", 1),
    );
    assert_eq!(documents, 1);
    assert!(rendered <= 4, "{rendered} files rendered for a body edit");
    assert_same_site(&files(&workspace), &fresh_site(&root));
    for page in ["docs/pro-vm.html", "print.html"] {
        let served = workspace.site().get(page).unwrap_or_default();
        assert!(
            String::from_utf8_lossy(&served).contains("An added sentence."),
            "{page} does not show the edit"
        );
    }

    // At the end of a body, in a document without 2013 citations.
    let (documents, rendered) = edit_and_rebuild(&mut workspace, &root, "isms/scope.md", |t| {
        format!("{t}\nOne more line at the end.\n")
    });
    assert_eq!(documents, 1);
    assert!(rendered <= 3, "{rendered} files rendered for a body edit");
    assert_same_site(&files(&workspace), &fresh_site(&root));

    // A changed heading is not a body-only edit: other pages link to headings.
    let (documents, rendered) = edit_and_rebuild(&mut workspace, &root, "isms/scope.md", |t| {
        t.replacen("## 2. Organisation and context", "## 2. Organisation", 1)
    });
    assert!(documents >= 1);
    // The full path writes the document pages, print.html and the theme's assets at once,
    // then the pages over all documents (`finish_pending`).
    assert!(
        rendered > 4,
        "a heading edit took the fast path ({rendered} files)"
    );
    assert!(rendered < all);
    assert_same_site(&files(&workspace), &fresh_site(&root));

    // A changed front matter is not either.
    let (_, rendered) = edit_and_rebuild(&mut workspace, &root, "isms/scope.md", |t| {
        t.replacen("status: approved", "status: in-review", 1)
    });
    assert!(
        rendered > 4,
        "a front matter edit took the fast path ({rendered} files)"
    );
    assert_same_site(&files(&workspace), &fresh_site(&root));
}

#[test]
fn a_body_edit_of_a_document_classified_above_the_build_shows_nowhere() {
    let project = common::write_project(&[
        (
            "annexa.toml",
            "title = \"T\"\n[publish]\nmax_classification = \"internal\"\n",
        ),
        (
            "policies/open.md",
            "---\nid: POL-OPEN\ntitle: Open Policy\nstatus: approved\nclassification: internal\nowner: CISO\nlast_reviewed: 2026-06-01\n---\n# Open\n\nOpen text.\n",
        ),
        (
            "policies/secret.md",
            "---\nid: POL-SECRET\ntitle: Secret Policy\nstatus: approved\nclassification: confidential\nowner: CISO\nlast_reviewed: 2026-06-01\n---\n# Secret\n\nSecret text.\n",
        ),
    ]);
    let root = project.root.clone();
    let mut workspace = Workspace::new(root.clone(), today(), LintFlags::default());
    let first = workspace
        .rebuild(&Change::Everything)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(!first.has_errors(), "{:?}", first.diagnostics);
    let (documents, _) = edit_and_rebuild(&mut workspace, &root, "policies/secret.md", |t| {
        t.replace("Secret text.", "Secret text, CANARY-7731.")
    });
    assert_eq!(
        documents, 0,
        "a page was rendered for an unpublished document"
    );
    for (path, bytes) in files(&workspace) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("CANARY-7731"),
            "{path} shows the unpublished document's body"
        );
    }
    assert_same_site(&files(&workspace), &fresh_site(&root));
}

#[test]
fn the_first_code_block_brings_the_syntax_stylesheet_and_the_last_takes_it_away() {
    let project = common::write_project(&[
        ("annexa.toml", "title = \"T\"\n"),
        (
            "policies/a.md",
            "---\nid: POL-A\ntitle: A Policy\nstatus: approved\nowner: CISO\nlast_reviewed: 2026-06-01\n---\n# A\n\nText.\n",
        ),
    ]);
    let root = project.root.clone();
    let mut workspace = Workspace::new(root.clone(), today(), LintFlags::default());
    workspace
        .rebuild(&Change::Everything)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(workspace.site().get("assets/syntax.css").is_none());
    edit_and_rebuild(&mut workspace, &root, "policies/a.md", |t| {
        format!("{t}\n```yaml\nkey: value\n```\n")
    });
    assert!(workspace.site().get("assets/syntax.css").is_some());
    assert_same_site(&files(&workspace), &fresh_site(&root));
    edit_and_rebuild(&mut workspace, &root, "policies/a.md", |t| {
        t.replace("\n```yaml\nkey: value\n```\n", "")
    });
    assert!(workspace.site().get("assets/syntax.css").is_none());
    assert_same_site(&files(&workspace), &fresh_site(&root));
}

#[test]
fn the_first_diagram_brings_the_renderer_and_the_last_takes_it_away() {
    let project = common::write_project(&[
        ("annexa.toml", "title = \"T\"\n"),
        (
            "policies/a.md",
            "---\nid: POL-A\ntitle: A Policy\nstatus: approved\nowner: CISO\nlast_reviewed: 2026-06-01\n---\n# A\n\nText.\n",
        ),
    ]);
    let root = project.root.clone();
    let mut workspace = Workspace::new(root.clone(), today(), LintFlags::default());
    workspace
        .rebuild(&Change::Everything)
        .unwrap_or_else(|e| panic!("{e}"));
    let renderer = "assets/vendor/mermaid.min.js";
    assert!(workspace.site().get(renderer).is_none());
    edit_and_rebuild(&mut workspace, &root, "policies/a.md", |t| {
        format!("{t}\n```mermaid\nflowchart LR\n  A --> B\n```\n")
    });
    assert!(workspace.site().get(renderer).is_some());
    assert!(workspace.site().get("assets/diagrams.js").is_some());
    assert_same_site(&files(&workspace), &fresh_site(&root));
    edit_and_rebuild(&mut workspace, &root, "policies/a.md", |t| {
        t.replace("\n```mermaid\nflowchart LR\n  A --> B\n```\n", "")
    });
    assert!(workspace.site().get(renderer).is_none());
    assert_same_site(&files(&workspace), &fresh_site(&root));
}

/// Applies `event` to the project, rebuilds with the paths the watcher reports for it, and
/// checks the site against a full build of the project as it is then.
fn after_event(
    workspace: &mut Workspace,
    root: &std::path::Path,
    what: &str,
    reported: &[&str],
    event: impl FnOnce(&std::path::Path),
) {
    event(root);
    let paths: BTreeSet<String> = reported.iter().map(|p| p.to_string()).collect();
    let Some(change) = Change::of_paths(paths) else {
        panic!("{what}: the watcher's paths were ignored");
    };
    let rebuilt = workspace.rebuild(&change).unwrap_or_else(|e| panic!("{e}"));
    assert!(!rebuilt.has_errors(), "{what}: {:?}", rebuilt.diagnostics);
    follow_up(workspace);
    let served = files(workspace);
    let fresh = fresh_site(root);
    let differing: Vec<&String> = served
        .iter()
        .filter(|(path, bytes)| fresh.iter().all(|(p, b)| p != path || b != bytes))
        .map(|(path, _)| path)
        .collect();
    assert!(
        differing.is_empty(),
        "after {what}, these files differ from a full build: {differing:?}"
    );
    assert_same_site(&served, &fresh);
}

fn rewrite(root: &std::path::Path, rel: &str, edit: impl Fn(&str) -> String) {
    let path = root.join(rel);
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{rel}: {e}"));
    let edited = edit(&text);
    assert_ne!(edited, text, "the edit changes {rel}");
    fs::write(&path, edited).unwrap_or_else(|e| panic!("{rel}: {e}"));
}

#[test]
fn every_kind_of_file_event_gives_the_full_builds_site() {
    let dir = tempdir();
    let root = dir.path().join("isms");
    copy_dir(&content_example(), &root);
    let _ = fs::remove_dir_all(root.join("_site"));
    let mut workspace = Workspace::new(root.clone(), today(), LintFlags::default());
    let first = workspace
        .rebuild(&Change::Everything)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(!first.has_errors(), "{:?}", first.diagnostics);

    after_event(
        &mut workspace,
        &root,
        "a body edit",
        &["policies/hr-security.md"],
        |root| {
            rewrite(root, "policies/hr-security.md", |t| {
                format!("{t}\nA line at the end.\n")
            })
        },
    );
    after_event(
        &mut workspace,
        &root,
        "an editor's atomic save",
        &["policies/.hr-security.md.tmp", "policies/hr-security.md"],
        |root| {
            let text = fs::read_to_string(root.join("policies/hr-security.md")).unwrap_or_default();
            let temp = root.join("policies/.hr-security.md.tmp");
            fs::write(&temp, text.replace("A line at the end.", "A saved line.")).ok();
            fs::rename(&temp, root.join("policies/hr-security.md")).ok();
        },
    );
    // The page names its source file: a rename must show on it.
    after_event(
        &mut workspace,
        &root,
        "a rename of a file",
        &["policies/hr-security.md", "policies/people-security.md"],
        |root| {
            fs::rename(
                root.join("policies/hr-security.md"),
                root.join("policies/people-security.md"),
            )
            .ok();
        },
    );
    let page = workspace.site().get("docs/pol-hr.html").unwrap_or_default();
    assert!(
        String::from_utf8_lossy(&page).contains("policies/people-security.md"),
        "the page shows the new source path"
    );
    after_event(
        &mut workspace,
        &root,
        "a rename of a folder",
        &["standards", "technical-standards"],
        |root| {
            fs::rename(root.join("standards"), root.join("technical-standards")).ok();
        },
    );
    after_event(
        &mut workspace,
        &root,
        "a new document in a new folder",
        &["policies/extra", "policies/extra/new.md"],
        |root| {
            fs::create_dir_all(root.join("policies/extra")).ok();
            fs::write(
                root.join("policies/extra/new.md"),
                "---\nid: POL-NEW\ntitle: New Policy\nstatus: draft\nowner: CISO\n---\n# New\n\nSee [[POL-HR]].\n",
            )
            .ok();
        },
    );
    after_event(
        &mut workspace,
        &root,
        "a front matter edit",
        &["policies/people-security.md"],
        |root| {
            rewrite(root, "policies/people-security.md", |t| {
                t.replacen(
                    "title: Human Resources Security Policy",
                    "title: People Security Policy",
                    1,
                )
            })
        },
    );
    after_event(
        &mut workspace,
        &root,
        "a deleted document",
        &["policies/extra/new.md"],
        |root| {
            fs::remove_file(root.join("policies/extra/new.md")).ok();
        },
    );
    after_event(
        &mut workspace,
        &root,
        "a deleted folder",
        &["policies/extra"],
        |root| {
            fs::remove_dir_all(root.join("policies/extra")).ok();
        },
    );
    after_event(
        &mut workspace,
        &root,
        "an soa.yaml edit",
        &["soa.yaml"],
        |root| {
            rewrite(root, "soa.yaml", |t| {
                t.replacen("status: implemented", "status: partial", 1)
            })
        },
    );
    after_event(
        &mut workspace,
        &root,
        "a new static file",
        &["static/evidence.txt"],
        |root| {
            fs::write(root.join("static/evidence.txt"), "evidence\n").ok();
        },
    );
    after_event(
        &mut workspace,
        &root,
        "an annexa.toml edit",
        &["annexa.toml"],
        |root| {
            rewrite(root, "annexa.toml", |t| {
                t.replacen("version = \"2026.2\"", "version = \"2026.3\"", 1)
            })
        },
    );

    // A change that breaks the build, then its fix: the site after the fix is the full
    // build's.
    let broken = workspace
        .rebuild(&{
            rewrite(&root, "policies/backup.md", |t| {
                t.replacen("title:", "title: [", 1)
            });
            Change::Paths(BTreeSet::from(["policies/backup.md".to_string()]))
        })
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(broken.has_errors());
    after_event(
        &mut workspace,
        &root,
        "the fix of a broken file",
        &["policies/backup.md"],
        |root| {
            rewrite(root, "policies/backup.md", |t| {
                t.replacen("title: [", "title:", 1)
            })
        },
    );
}

#[test]
fn a_front_matter_edit_serves_its_page_before_the_pages_over_all_documents() {
    let (_dir, root, mut workspace, first) = example_workspace();
    assert_eq!(first.changed, None, "the first build changes everything");
    let documents_before = workspace.site().get("documents.html");

    rewrite(&root, "policies/backup.md", |t| {
        t.replacen("version: \"2.0\"", "version: \"2.7\"", 1)
    });
    let change = Change::Paths(BTreeSet::from(["policies/backup.md".to_string()]));
    let rebuilt = workspace.rebuild(&change).unwrap_or_else(|e| panic!("{e}"));
    assert!(!rebuilt.has_errors(), "{:?}", rebuilt.diagnostics);
    // The edited page (and those showing its version) at once, without the ~100 pages over
    // all documents, which stay as they were until `finish_pending`.
    let changed = rebuilt.changed.unwrap_or_default();
    assert!(
        changed.contains(&"docs/pol-bak.html".to_string()),
        "{changed:?}"
    );
    assert!(
        changed.iter().all(|p| p.starts_with("docs/")),
        "{changed:?}"
    );
    assert!(rebuilt.rendered < 20, "{} files rendered", rebuilt.rendered);
    let page = workspace
        .site()
        .get("docs/pol-bak.html")
        .unwrap_or_default();
    assert!(String::from_utf8_lossy(&page).contains("2.7"));
    assert_eq!(workspace.site().get("documents.html"), documents_before);

    let Ok(Some(FollowUp::Site { changed, .. })) = workspace.finish_pending() else {
        panic!("the pages over all documents follow");
    };
    for page in ["documents.html", "print.html", "annexa.json"] {
        assert!(changed.contains(&page.to_string()), "{page}: {changed:?}");
    }
    assert!(
        !changed.contains(&"docs/pol-bak.html".to_string()),
        "{changed:?}"
    );
    assert_same_site(&files(&workspace), &fresh_site(&root));
    assert!(
        workspace.finish_pending().ok().flatten().is_none(),
        "nothing is left"
    );
}

#[test]
fn what_an_edit_leaves_follows_after_the_next_edit() {
    // serve skips `finish_pending` when another change is already waiting: the pages over
    // all documents follow the next rebuild instead, and the site ends the same.
    let (_dir, root, mut workspace, _first) = example_workspace();
    let rebuild = |workspace: &mut Workspace, paths: &[&str]| {
        let paths = paths.iter().map(|p| p.to_string()).collect();
        let change = Change::of_paths(paths).unwrap_or_else(|| panic!("ignored"));
        let rebuilt = workspace.rebuild(&change).unwrap_or_else(|e| panic!("{e}"));
        assert!(!rebuilt.has_errors(), "{:?}", rebuilt.diagnostics);
    };
    rewrite(&root, "policies/backup.md", |t| {
        t.replacen(
            "title: Backup Policy",
            "title: Backup and Restore Policy",
            1,
        )
    });
    rebuild(&mut workspace, &["policies/backup.md"]);
    fs::write(
        root.join("policies/new.md"),
        "---\nid: POL-NEW\ntitle: New Policy\nstatus: draft\nowner: CISO\n---\n# New\n\nText.\n",
    )
    .ok();
    rebuild(&mut workspace, &["policies/new.md"]);
    // A body edit (the fast path) on a site whose pages over all documents are behind.
    rewrite(&root, "policies/backup.md", |t| {
        format!("{t}\nOne more line.\n")
    });
    rebuild(&mut workspace, &["policies/backup.md"]);
    follow_up(&mut workspace);
    assert_same_site(&files(&workspace), &fresh_site(&root));
}

#[test]
fn a_template_in_the_overrides_folder_annexa_toml_names_rebuilds_every_page() {
    let project = common::write_project(&[
        ("annexa.toml", "title = \"T\"\n[theme]\noverrides = \"theme-overrides\"\n"),
        (
            "policies/a.md",
            "---\nid: POL-A\ntitle: A Policy\nstatus: approved\nowner: CISO\nlast_reviewed: 2026-06-01\n---\nText.\n",
        ),
        (
            "templates/form.md",
            "---\nid: TPL-F\ntitle: A Form\nstatus: approved\nowner: CISO\nlast_reviewed: 2026-06-01\n---\nFill in.\n",
        ),
    ]);
    let root = project.root.clone();
    let mut workspace = Workspace::new(root.clone(), today(), LintFlags::default());
    let first = workspace
        .rebuild(&Change::Everything)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(!first.has_errors(), "{:?}", first.diagnostics);
    assert!(
        workspace.site().get("docs/tpl-f.html").is_some(),
        "templates/ holds documents"
    );
    after_event(
        &mut workspace,
        &root,
        "a new template in theme-overrides/",
        &["theme-overrides", "theme-overrides/document.html"],
        |root| {
            fs::create_dir_all(root.join("theme-overrides")).ok();
            fs::write(
                root.join("theme-overrides/document.html"),
                "{% extends \"base.html\" %}{% block content %}<p class=\"overridden\">{{ doc.title }}</p>{% endblock content %}",
            )
            .ok();
        },
    );
    let page = workspace.site().get("docs/pol-a.html").unwrap_or_default();
    assert!(
        String::from_utf8_lossy(&page).contains("<p class=\"overridden\">A Policy</p>"),
        "the template applies at once"
    );
}
