//! `annexa pack` and `annexa pack --verify`: the zip's contents and manifest, byte-for-byte
//! repeatability, and every way a pack can differ from its manifest.

use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};

use crate::common::{copy_fixture, run, tempdir, TODAY};
use crate::git;

fn pack(project: &Path, zip: &Path) -> crate::common::Run {
    run([
        "pack".as_ref(),
        project.as_os_str(),
        "-o".as_ref(),
        zip.as_os_str(),
        "--today".as_ref(),
        TODAY.as_ref(),
    ])
}

fn verify(zip: &Path) -> crate::common::Run {
    run(["pack".as_ref(), "--verify".as_ref(), zip.as_os_str()])
}

/// The entries of a zip: (name, contents), in archive order.
fn entries(zip: &Path) -> Vec<(String, Vec<u8>)> {
    let bytes = std::fs::read(zip).unwrap();
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).unwrap();
            let mut data = Vec::new();
            file.read_to_end(&mut data).unwrap();
            (file.name().unwrap().to_string(), data)
        })
        .collect()
}

fn manifest(zip: &Path) -> String {
    let (name, data) = entries(zip).remove(0);
    assert_eq!(name, "MANIFEST.txt", "the manifest comes first");
    String::from_utf8(data).unwrap()
}

/// Writes a new zip holding `entries` (stored uncompressed, so a test can place a byte).
fn rewrite(zip: &Path, entries: &[(String, Vec<u8>)]) {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, data) in entries {
        writer
            .start_file(name.as_str(), zip::write::SimpleFileOptions::default())
            .unwrap();
        writer.write_all(data).unwrap();
    }
    std::fs::write(zip, writer.finish().unwrap().into_inner()).unwrap();
}

fn packed() -> (crate::common::TempProject, PathBuf) {
    let project = copy_fixture("soa-exports");
    let zip = project.dir.path().join("pack.zip");
    let run = pack(&project.root, &zip);
    assert_eq!(run.code, 0, "{run}");
    (project, zip)
}

#[test]
fn a_pack_holds_the_site_every_export_and_a_manifest_of_them() {
    let (_project, zip) = packed();
    let names: Vec<String> = entries(&zip).into_iter().map(|(n, _)| n).collect();
    for expected in [
        "MANIFEST.txt",
        "isms-manual.pdf",
        "site/index.html",
        "site/soa.html",
        "site/soa.csv",
        "site/soa.xlsx",
        "site/annexa.json",
        "site/reviews.ics",
    ] {
        assert!(
            names.iter().any(|n| n == expected),
            "{expected} missing in {names:?}"
        );
    }
    assert!(
        !names.iter().any(|n| n.ends_with(".annexa-output")),
        "{names:?}"
    );
    let mut sorted = names[1..].to_vec();
    sorted.sort();
    assert_eq!(names[1..], sorted[..], "entries are sorted");
    let manifest = manifest(&zip);
    assert!(manifest.starts_with("annexa evidence pack\n"), "{manifest}");
    assert!(
        manifest.contains("Build date:     2026-11-25\n"),
        "{manifest}"
    );
    assert!(manifest.contains(&format!("annexa version: {}\n", env!("CARGO_PKG_VERSION"))));
    assert!(manifest.contains("Git commit:     none (the project is not in a git repository)"));
    // Every file is listed with its SHA-256 and size.
    for (name, data) in entries(&zip).into_iter().skip(1) {
        let line = manifest
            .lines()
            .find(|l| l.ends_with(&format!("  {name}")))
            .unwrap_or_else(|| panic!("{name} not in the manifest"));
        assert!(line.contains(&format!("  {}  ", data.len())), "{line}");
    }
    let listed = manifest
        .lines()
        .skip_while(|l| !l.starts_with("Files ("))
        .skip(1);
    assert_eq!(
        listed.count(),
        names.len() - 1,
        "one line per file besides the manifest"
    );
}

#[test]
fn the_same_inputs_give_the_same_bytes_with_fixed_times_and_permissions() {
    let (project, zip) = packed();
    let again = project.dir.path().join("again.zip");
    assert_eq!(pack(&project.root, &again).code, 0);
    assert_eq!(std::fs::read(&zip).unwrap(), std::fs::read(&again).unwrap());
    let bytes = std::fs::read(&zip).unwrap();
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    for i in 0..archive.len() {
        let file = archive.by_index(i).unwrap();
        let time = file.last_modified().unwrap();
        assert_eq!(
            (time.year(), time.month(), time.day(), time.hour()),
            (2026, 11, 25, 0)
        );
        assert_eq!(file.unix_mode(), Some(0o100644), "{}", file.name().unwrap());
    }
}

#[test]
fn verify_accepts_an_untouched_pack() {
    let (_project, zip) = packed();
    let run = verify(&zip);
    assert_eq!(run.code, 0, "{run}");
    assert!(run.stderr.contains("ok: all"), "{run}");
    assert!(run.stdout.is_empty(), "{run}");
}

#[test]
fn verify_detects_a_flipped_byte() {
    let (_project, zip) = packed();
    let mut bytes = std::fs::read(&zip).unwrap();
    let start = {
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes.clone())).unwrap();
        let file = archive.by_name("site/soa.csv").unwrap();
        file.data_start().unwrap() as usize
    };
    bytes[start + 3] ^= 0x01;
    std::fs::write(&zip, bytes).unwrap();
    let run = verify(&zip);
    assert_eq!(run.code, 1, "{run}");
    assert!(run.stdout.starts_with("changed: site/soa.csv"), "{run}");
    assert_eq!(run.stdout.lines().count(), 1, "{run}");
}

#[test]
fn verify_reports_removed_added_and_rewritten_files() {
    let (_project, zip) = packed();
    let mut files: Vec<(String, Vec<u8>)> = entries(&zip)
        .into_iter()
        .filter(|(n, _)| n != "site/soa.csv")
        .collect();
    files.push(("site/extra.txt".to_string(), b"added later".to_vec()));
    for (name, data) in files.iter_mut() {
        if name == "site/soa.html" {
            data.extend_from_slice(b"<!-- edited -->");
        }
    }
    rewrite(&zip, &files);
    let run = verify(&zip);
    assert_eq!(run.code, 1, "{run}");
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{run}");
    assert!(lines[0].starts_with("extra: site/extra.txt"), "{run}");
    assert!(lines[1].starts_with("missing: site/soa.csv"), "{run}");
    assert!(
        lines[2].starts_with("changed: site/soa.html: SHA-256 "),
        "{run}"
    );
    assert!(run.stderr.contains("3 mismatches"), "{run}");
}

#[test]
fn verify_refuses_what_is_not_a_pack() {
    let dir = tempdir();
    let text = dir.path().join("notes.zip");
    std::fs::write(&text, "not a zip").unwrap();
    let run = verify(&text);
    assert_eq!(run.code, 2, "{run}");
    assert!(run.stderr.contains("is not a zip archive"), "{run}");

    let run = verify(&dir.path().join("absent.zip"));
    assert_eq!(run.code, 2, "{run}");
    assert!(run.stderr.contains("cannot read"), "{run}");

    let no_manifest = dir.path().join("other.zip");
    rewrite(&no_manifest, &[("a.txt".to_string(), b"a".to_vec())]);
    let run = verify(&no_manifest);
    assert_eq!(run.code, 1, "{run}");
    assert!(run.stderr.contains("has no MANIFEST.txt"), "{run}");

    let bad_manifest = dir.path().join("bad.zip");
    rewrite(
        &bad_manifest,
        &[(
            "MANIFEST.txt".to_string(),
            b"annexa evidence pack\nwhat\n".to_vec(),
        )],
    );
    let run = verify(&bad_manifest);
    assert_eq!(run.code, 1, "{run}");
    assert!(run.stderr.contains("MANIFEST.txt in"), "{run}");
    assert!(run.stderr.contains("line 2"), "{run}");
}

#[test]
fn an_unwritable_output_fails_before_building_and_leaves_nothing() {
    let project = copy_fixture("soa-exports");
    let missing_folder = project.dir.path().join("no/such/folder/pack.zip");
    let run = pack(&project.root, &missing_folder);
    assert_eq!(run.code, 2, "{run}");
    assert!(run.stderr.contains("cannot write the pack to"), "{run}");
    assert!(!project.dir.path().join("no").exists());

    let folder = project.dir.path().join("a-folder");
    std::fs::create_dir(&folder).unwrap();
    let run = pack(&project.root, &folder);
    assert_eq!(run.code, 2, "{run}");
    assert!(run.stderr.contains("it is a folder"), "{run}");
}

#[test]
fn content_errors_write_no_pack() {
    let project = copy_fixture("broken-reference");
    let zip = project.dir.path().join("pack.zip");
    let run = pack(&project.root, &zip);
    assert_eq!(run.code, 1, "{run}");
    assert!(run.stderr.contains("no pack was written"), "{run}");
    let left: Vec<_> = std::fs::read_dir(project.dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert!(!zip.exists() && left.len() == 1, "{left:?}");
}

#[test]
fn the_manifest_names_the_commit_and_whether_the_tree_was_clean() {
    let project = copy_fixture("soa-exports");
    git::init(&project.root);
    let commit = git::commit_all(&project.root, "2026-11-20", "Initial ISMS");
    let zip = project.dir.path().join("pack.zip");
    assert_eq!(pack(&project.root, &zip).code, 0);
    let text = manifest(&zip);
    assert!(
        text.contains(&format!("Git commit:     {commit}\n")),
        "{text}"
    );
    assert!(text.contains("Git tree:       clean"), "{text}");

    // The pack written into the project (twice: the first is there during the second) is
    // not a change to the project.
    let inside = project.root.join("evidence.zip");
    for _ in 0..2 {
        assert_eq!(pack(&project.root, &inside).code, 0);
        let text = manifest(&inside);
        assert!(text.contains("Git tree:       clean"), "{text}");
    }
    std::fs::remove_file(&inside).unwrap();

    let soa = project.root.join("soa.yaml");
    let mut changed = std::fs::read_to_string(&soa).unwrap();
    changed.push_str("# edited\n");
    std::fs::write(&soa, changed).unwrap();
    std::fs::write(project.root.join("policies/new.txt"), "untracked").unwrap();
    let run = pack(&project.root, &zip);
    assert_eq!(run.code, 0, "{run}");
    let text = manifest(&zip);
    assert!(
        text.contains(
            "Git tree:       modified (2 files differ from the commit: policies/new.txt, soa.yaml)"
        ),
        "{text}"
    );
    assert!(
        run.stderr
            .contains("2 project files differ from the commit"),
        "{run}"
    );
}
