//! Policy repositories written for GitHub and for Hugo, as teams bring them to annexa
//! (tests/fixtures/real-repos/): emoji and numbered headings with GitHub's anchors, badge
//! tables with empty link targets, raw HTML headers, images from other hosts, aliases from a
//! Hugo site. Each builds with exit 0 and a clean link check, with the diagnostics expected.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::{
    build_json, check_json, check_links, copy_dir, external_requests, fixture, tempdir, Diag,
};

fn real_repo(name: &str) -> std::path::PathBuf {
    fixture(&format!("real-repos/{name}"))
}

/// Builds a copy of the fixture `name`, changed by `edit`; returns the run, the diagnostics
/// and the site folder (inside `dir`).
fn build(dir: &Path, name: &str) -> (common::Run, Vec<Diag>, std::path::PathBuf) {
    let project = dir.join(name);
    copy_dir(&real_repo(name), &project);
    let out = dir.join("site");
    let run = build_json(&project, &out);
    let diagnostics = run.diagnostics();
    (run, diagnostics, out)
}

fn read(site: &Path, page: &str) -> String {
    std::fs::read_to_string(site.join(page)).unwrap_or_else(|e| panic!("{page}: {e}"))
}

fn places<'a>(diagnostics: &'a [Diag], name: &str) -> Vec<(&'a str, Option<u64>, Option<u64>)> {
    diagnostics
        .iter()
        .filter(|d| d.name == name)
        .map(|d| (d.file.as_deref().unwrap_or(""), d.line, d.column))
        .collect()
}

#[test]
fn a_repository_written_for_github_builds_with_its_anchors() {
    let dir = tempdir();
    let (run, diagnostics, site) = build(dir.path(), "github-isms");
    assert_eq!(run.code, 0, "{run}");
    assert!(run.errors().is_empty(), "{run}");

    // Every empty link target of the badge tables, as a warning at its place.
    let isp = "policies/information-security-policy.md";
    let ac = "policies/access-control-policy.md";
    assert_eq!(
        places(&diagnostics, "empty-link"),
        [
            (ac, Some(56), Some(12)),
            (ac, Some(57), Some(11)),
            (ac, Some(57), Some(63)),
            (isp, Some(53), Some(68)),
            (isp, Some(54), Some(78)),
            (isp, Some(55), Some(37)),
        ]
    );
    // Images from other hosts: one warning per host and document, with the count.
    let external: BTreeSet<(&str, &str)> = diagnostics
        .iter()
        .filter(|d| d.name == "external-resource")
        .map(|d| (d.file.as_deref().unwrap_or(""), d.message.as_str()))
        .collect();
    let shows = |id: &str, what: &str, host: &str| {
        format!("{id} shows {what} from `{host}`: shown as alt text, since the site loads nothing from other hosts")
    };
    let expected = [
        (ac, shows("POL-AC", "3 images", "img.shields.io")),
        (ac, shows("POL-AC", "an image", "badgen.net")),
        (isp, shows("POL-ISP", "3 images", "img.shields.io")),
        (
            "procedures/incident-response.md",
            shows("PRO-IR", "an image", "raw.githubusercontent.com"),
        ),
    ];
    let expected: BTreeSet<(&str, &str)> = expected.iter().map(|(f, m)| (*f, m.as_str())).collect();
    assert_eq!(external, expected);
    assert!(diagnostics
        .iter()
        .filter(|d| d.name == "external-resource")
        .all(|d| d
            .help
            .as_deref()
            .is_some_and(|h| h.contains("[images] allow_hosts"))));
    // The raw HTML headers that repeat the title are left out, with a note; POL-AC's says
    // something else and stays, as a paragraph.
    assert_eq!(
        places(&diagnostics, "raw-html-title"),
        [
            (isp, Some(14), Some(1)),
            ("procedures/incident-response.md", Some(14), Some(1))
        ]
    );

    let problems = check_links(&site);
    assert!(
        problems.is_empty(),
        "broken links:\n{}",
        problems.join("\n")
    );
    let requests = external_requests(&site);
    assert!(requests.is_empty(), "{}", requests.join("\n"));

    let isp_page = read(&site, "docs/pol-isp.html");
    assert_eq!(isp_page.matches("<h1").count(), 1, "one title");
    assert!(!isp_page.contains("align=\"center\""));
    for id in [
        "-purpose",
        "-scope",
        "51-roles--responsibilities",
        "52-asset-return",
    ] {
        assert!(
            isp_page.contains(&format!("id=\"{id}\"")),
            "no heading id {id}"
        );
        assert!(
            isp_page.contains(&format!("href=\"#{id}\"")),
            "no link to #{id}"
        );
    }
    assert!(isp_page.contains("href=\"../docs/pol-ac.html#43-access-reviews\""));
    assert!(isp_page.contains("<span class=\"image-alt\" title=\"image from img.shields.io, not loaded (see annexa.toml: [images] allow_hosts)\">approved</span>"));
    let ac_page = read(&site, "docs/pol-ac.html");
    assert_eq!(ac_page.matches("<h1").count(), 1, "one title");
    assert!(
        ac_page.contains("<p class=\"html-heading\" align=\"center\">🔐 Access Control</p>")
            || ac_page.contains("<p class=\"html-heading\">🔐 Access Control</p>")
    );
    for id in [
        "42-responsibilities",
        "42-responsibilities-1",
        "-principles",
    ] {
        assert!(
            ac_page.contains(&format!("id=\"{id}\"")),
            "no heading id {id}"
        );
    }
    let ir_page = read(&site, "docs/pro-ir.html");
    assert!(ir_page.contains("href=\"../docs/pol-isp.html#-purpose\""));
    assert!(
        ir_page.contains("href=\"#-roles-and-contacts\""),
        "the contents link the emoji heading"
    );
}

#[test]
fn links_to_former_heading_ids_name_the_new_id() {
    let dir = tempdir();
    let project = dir.path().join("github-isms");
    copy_dir(&real_repo("github-isms"), &project);
    let file = project.join("procedures/incident-response.md");
    let text = std::fs::read_to_string(&file).unwrap_or_default();
    std::fs::write(&file, format!("{text}\nReviews: [[POL-AC#4-3-access-reviews]], [purpose](#when-to-use-this-procedure).\n")).ok();
    let run = check_json(&project);
    assert_eq!(run.code, 1, "{run}");
    let errors = run.errors();
    let found: Vec<(&str, Option<u64>, &str)> = errors
        .iter()
        .map(|d| (d.name.as_str(), d.column, d.help.as_deref().unwrap_or("")))
        .collect();
    assert_eq!(found.len(), 2, "{run}");
    assert_eq!(found[0].0, "broken-reference");
    assert!(
        found[0].2.starts_with("did you mean `#43-access-reviews`?"),
        "{}",
        found[0].2
    );
    assert!(
        found[1]
            .2
            .starts_with("did you mean `#-when-to-use-this-procedure`?"),
        "{}",
        found[1].2
    );
}

#[test]
fn a_site_moved_from_hugo_keeps_its_addresses() {
    let dir = tempdir();
    let (run, diagnostics, site) = build(dir.path(), "hugo-site");
    assert_eq!(run.code, 0, "{run}");
    assert!(run.errors().is_empty(), "{run}");
    assert!(
        places(&diagnostics, "external-resource").is_empty(),
        "img.shields.io is allowed"
    );

    // A redirect page at each alias, relative so it works under any sub-path.
    for (file, to) in [
        (
            "security-policies/vendor/index.html",
            "../../docs/pol-ven.html",
        ),
        ("policies/vendor-management.html", "../docs/pol-ven.html"),
        (
            "procedures/vendor-offboarding/index.html",
            "../../docs/pro-voff.html",
        ),
    ] {
        let page = read(&site, file);
        assert!(
            page.contains(&format!(
                "<meta http-equiv=\"refresh\" content=\"0; url={to}\">"
            )),
            "{file}: {page}"
        );
        assert!(
            page.contains(&format!("<link rel=\"canonical\" href=\"{to}\">")),
            "{file}"
        );
        assert!(page.contains(&format!("<a href=\"{to}\">")), "{file}");
    }
    // Links to aliases lead to the documents (anchors checked there); the others to the
    // company's web site.
    let voff = read(&site, "docs/pro-voff.html");
    assert!(voff.contains("href=\"../docs/pol-ven.html#2-due-diligence\""));
    assert!(voff.contains("href=\"https://www.example.com/contact/#security\""));
    let ven = read(&site, "docs/pol-ven.html");
    assert!(ven.contains("href=\"https://www.example.com/privacy-policy/\""));
    assert!(ven.contains("href=\"../docs/pro-voff.html\""));
    // The allowed host's image is shown, and every page's policy allows exactly that host.
    assert!(ven.contains(
        "<img src=\"https://img.shields.io/badge/status-approved-brightgreen\" alt=\"Status\""
    ));
    for page in ["index.html", "docs/pol-ven.html", "soa.html"] {
        assert!(
            read(&site, page).contains("img-src 'self' data: https://img.shields.io;"),
            "{page}"
        );
    }
    let problems = check_links(&site);
    assert!(
        problems.is_empty(),
        "broken links:\n{}",
        problems.join("\n")
    );

    // What annexa writes at the site's root is what aliases may not take.
    let top: BTreeSet<String> = std::fs::read_dir(&site)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    for name in &top {
        let ours = annexa::model::alias::SITE_FILES.contains(&name.as_str())
            || annexa::model::alias::SITE_FOLDERS.contains(&name.as_str())
            || ["security-policies", "policies", "procedures"].contains(&name.as_str());
        assert!(
            ours,
            "annexa writes `{name}`, which model::alias does not list"
        );
    }
}

#[test]
fn without_an_origin_site_absolute_links_say_how_to_fix_them() {
    let dir = tempdir();
    let project = dir.path().join("hugo-site");
    copy_dir(&real_repo("hugo-site"), &project);
    std::fs::write(
        project.join("annexa.toml"),
        "title = \"Example\"\n[images]\nallow_hosts = [\"img.shields.io\"]\n",
    )
    .ok();
    let run = check_json(&project);
    assert_eq!(run.code, 1, "{run}");
    let errors = run.errors();
    let found: Vec<(&str, &str, Option<u64>, Option<u64>)> =
        errors.iter().map(|d| d.place()).collect();
    assert_eq!(
        found,
        [
            (
                "broken-reference",
                "procedures/vendor-offboarding.md",
                Some(22),
                Some(21)
            ),
            (
                "broken-reference",
                "security-policies/vendor-management.md",
                Some(26),
                Some(31)
            ),
        ]
    );
    for d in &errors {
        let help = d.help.as_deref().unwrap_or("");
        assert!(
            help.contains("aliases: [/") && help.contains("[links] origin"),
            "{help}"
        );
    }
}

#[test]
fn an_alias_that_annexa_or_another_document_has_is_an_error_at_its_place() {
    let dir = tempdir();
    let project = dir.path().join("hugo-site");
    copy_dir(&real_repo("hugo-site"), &project);
    let file = project.join("procedures/vendor-offboarding.md");
    let text = std::fs::read_to_string(&file).unwrap_or_default();
    std::fs::write(
        &file,
        text.replace(
            "aliases: [/procedures/vendor-offboarding/]",
            "aliases: [/procedures/vendor-offboarding/, /soa.html, /security-policies/vendor, ../up/]",
        ),
    )
    .ok();
    let run = check_json(&project);
    assert_eq!(run.code, 1, "{run}");
    let errors: Vec<Diag> = run
        .errors()
        .into_iter()
        .filter(|d| d.name == "invalid-alias")
        .collect();
    let found: Vec<(&str, &str, Option<u64>, Option<u64>)> =
        errors.iter().map(|d| d.place()).collect();
    let at = "procedures/vendor-offboarding.md";
    // The first claim in path order holds an alias: procedures/ comes before
    // security-policies/, so POL-VEN's own alias is the one reported.
    assert_eq!(
        found,
        [
            ("invalid-alias", at, Some(13), Some(44)),
            ("invalid-alias", at, Some(13), Some(82)),
            (
                "invalid-alias",
                "security-policies/vendor-management.md",
                Some(14),
                Some(5)
            ),
        ],
        "{run}"
    );
    assert!(
        errors[0]
            .message
            .contains("annexa writes `soa.html` itself"),
        "{}",
        errors[0].message
    );
    assert!(
        errors[1].message.contains("starts with `/`"),
        "{}",
        errors[1].message
    );
    assert!(
        errors[2].message.contains("already an alias of PRO-VOFF"),
        "{}",
        errors[2].message
    );
    assert_eq!(
        errors[2].related.first().map(|r| (r.file.as_str(), r.line)),
        Some((at, Some(13)))
    );
}
