//! The output folder is replaced atomically: a build that fails, or is killed half-way,
//! leaves the previous site exactly as it was, and the next build cleans up after it.

mod common;

use std::ffi::OsStr;
use std::fs;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use common::{
    annexa_command, build_json, list_files, snapshot, snapshot_diff, write_project, TempProject,
    TODAY,
};

/// Entries of `dir` (not recursive) whose name starts with `prefix`.
fn entries_starting_with(dir: &Path, prefix: &str) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.retain(|n| n.starts_with(prefix));
    names.sort();
    names
}

fn small_project() -> TempProject {
    write_project(&[
        ("annexa.toml", "title = \"Small ISMS\"\n"),
        (
            "policies/a.md",
            "---\nid: POL-A\ntitle: A Policy\nstatus: approved\nlast_reviewed: 2026-06-01\n---\n\n## Purpose\n\nSee [[POL-B]].\n",
        ),
        (
            "policies/b.md",
            "---\nid: POL-B\ntitle: B Policy\nstatus: approved\nlast_reviewed: 2026-06-01\n---\n\n## Purpose\n\nSee [[POL-A#purpose]].\n",
        ),
        ("static/evidence.txt", "evidence\n"),
    ])
}

#[test]
fn a_failed_build_leaves_the_previous_site_byte_identical() {
    let project = small_project();
    let site = project.beside("site");
    let good = build_json(&project.root, &site);
    assert_eq!(good.code, 0, "{good}");
    let previous = snapshot(&site);

    // Introduce an error: the next build must fail and write nothing.
    project.write(
        "policies/b.md",
        "---\nid: POL-B\ntitle: B Policy, changed\nstatus: approved\nlast_reviewed: 2026-06-01\n---\n\nSee [[NOPE]].\n",
    );
    let failed = build_json(&project.root, &site);
    assert_eq!(failed.code, 1, "{failed}");
    let now = snapshot(&site);
    assert!(
        previous == now,
        "a failed build changed the site:\n{}",
        snapshot_diff(&previous, &now).join("\n")
    );
    let leftovers = entries_starting_with(project.dir.path(), ".site.");
    assert!(
        leftovers.is_empty(),
        "a failed build left {leftovers:?} beside the site"
    );
}

#[test]
fn a_build_replaces_the_whole_site() {
    let project = small_project();
    let site = project.beside("site");
    assert_eq!(build_json(&project.root, &site).code, 0);
    assert!(site.join("docs/pol-b.html").is_file());
    // A file someone put into the site, and a document that is deleted, do not survive.
    fs::write(site.join("stale.html"), "<p>stale</p>\n").ok();
    project.write(
        "policies/a.md",
        "---\nid: POL-A\ntitle: A Policy\nstatus: approved\nlast_reviewed: 2026-06-01\n---\n\n## Purpose\n\nAlone now.\n",
    );
    fs::remove_file(project.root.join("policies/b.md")).ok();
    let rebuilt = build_json(&project.root, &site);
    assert_eq!(rebuilt.code, 0, "{rebuilt}");
    let files = list_files(&site);
    assert!(
        !files.contains("stale.html"),
        "a file of the previous site survived the rebuild"
    );
    assert!(
        !files.contains("docs/pol-b.html"),
        "the page of a deleted document survived the rebuild"
    );
    assert!(files.contains("docs/pol-a.html"));
    let leftovers = entries_starting_with(project.dir.path(), ".site.");
    assert!(
        leftovers.is_empty(),
        "the build left {leftovers:?} beside the site"
    );
}

/// Number of documents of the large project (about 3 KB each): enough for a build that
/// takes seconds, so that it can be killed while it writes, and few enough to keep the
/// test within about 10 s on two cores.
const LARGE_DOCUMENTS: usize = 3000;

/// Writes a project of `LARGE_DOCUMENTS` documents of about 3 KB, each linking to a few
/// others, into `root`. The manual's title is `title`.
fn write_large_project(root: &Path, title: &str) {
    write_generated_project(root, title, LARGE_DOCUMENTS);
}

/// Writes a project of `documents` documents of about 3 KB, each linking to a few others.
fn write_generated_project(root: &Path, title: &str, documents: usize) {
    fs::create_dir_all(root.join("policies")).ok();
    fs::create_dir_all(root.join("static")).ok();
    fs::write(root.join("static/evidence.txt"), "evidence\n").ok();
    fs::write(root.join("annexa.toml"), format!("title = \"{title}\"\n")).ok();
    let paragraph =
        "Access to information is granted on the basis of need to know and least privilege. \
Owners review the rights of their systems every quarter and remove what is no longer needed. \
Exceptions are approved by the CISO, recorded in the register and reviewed twice a year.\n\n";
    for i in 0..documents {
        let next = (i + 1) % documents;
        let far = (i + 997) % documents;
        // Spread over A.5.1 to A.5.37, so that no control is listed by too many documents.
        let control = i % 37 + 1;
        let mut text = format!(
            "---\nid: DOC-{i:04}\ntitle: Generated document {i}\ntype: policy\nstatus: approved\n\
last_reviewed: 2026-06-01\ncontrols: [A.5.{control}]\nrelated: [DOC-{next:04}]\n---\n\n\
## Purpose\n\nThis document follows [[DOC-{next:04}]] and refers to [[DOC-{far:04}#rules]].\n\n## Rules\n\n"
        );
        for section in 0..3 {
            text.push_str(&format!("### Rule {section}\n\n"));
            text.push_str(paragraph);
            text.push_str(paragraph);
            text.push_str(paragraph);
        }
        fs::write(root.join(format!("policies/doc-{i:04}.md")), text).ok();
    }
}

#[test]
fn an_interrupted_build_leaves_the_previous_site_and_the_next_build_cleans_up() {
    let tmp = common::tempdir();
    let project = tmp.path().join("project");
    let out_parent = tmp.path().join("out");
    let site = out_parent.join("site");
    write_large_project(&project, "Large ISMS");

    // 1. A full build.
    let started = Instant::now();
    let first = build_json(&project, &site);
    let full_build = started.elapsed();
    assert_eq!(first.code, 0, "{first}");
    let previous = snapshot(&site);
    assert!(
        previous.contains_key(&format!("docs/doc-{:04}.html", LARGE_DOCUMENTS - 1)),
        "the first build did not write every page"
    );

    // 2. Change every page (the manual's title is in each header), build, and kill the build
    //    while it writes: as soon as its staging folder has pages, or at 90% of the time the
    //    full build took, whichever comes first.
    write_large_project(&project, "Large ISMS, second edition");
    let mut child = annexa_command([
        OsStr::new("build"),
        project.as_os_str(),
        OsStr::new("-o"),
        site.as_os_str(),
        OsStr::new("--today"),
        OsStr::new(TODAY),
    ])
    .stdout(Stdio::null())
    .stderr(Stdio::null())
    .spawn()
    .unwrap_or_else(|e| panic!("cannot start annexa: {e}"));
    let staging = out_parent.join(format!(".site.annexa-staging-{}", child.id()));
    let deadline = full_build.mul_f64(0.9);
    let started = Instant::now();
    let mut saw_staging = false;
    loop {
        if let Ok(Some(status)) = child.try_wait() {
            panic!(
                "the build finished ({status}) after {:?}, before it could be interrupted; \
                 the full build took {full_build:?}",
                started.elapsed()
            );
        }
        saw_staging |= staging.exists();
        if staging.join("docs").exists() || started.elapsed() >= deadline {
            break;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    child
        .kill()
        .unwrap_or_else(|e| panic!("cannot kill the build: {e}"));
    let killed_after = started.elapsed();
    let status = child
        .wait()
        .unwrap_or_else(|e| panic!("cannot wait for the build: {e}"));
    assert!(
        !status.success(),
        "the build completed ({status}) before it was killed: nothing was interrupted"
    );
    eprintln!(
        "killed the build after {killed_after:?} (full build: {full_build:?}); staging folder seen: {saw_staging}; \
         left beside the site: {:?}",
        entries_starting_with(&out_parent, ".site.")
    );

    let now = snapshot(&site);
    let diff = snapshot_diff(&previous, &now);
    assert!(
        diff.is_empty(),
        "after the interrupted build the site is not the previous one ({} differences), e.g.:\n{}",
        diff.len(),
        diff.iter().take(20).cloned().collect::<Vec<_>>().join("\n")
    );

    // 3. The next full build succeeds, shows the change, and leaves no staging folder behind.
    let third = build_json(&project, &site);
    assert_eq!(third.code, 0, "{third}");
    let index = fs::read_to_string(site.join("index.html")).unwrap_or_default();
    assert!(
        index.contains("Large ISMS, second edition"),
        "the third build did not replace the site"
    );
    let leftovers = entries_starting_with(&out_parent, ".site.annexa-staging-");
    assert!(
        leftovers.is_empty(),
        "staging folders left after the next build: {leftovers:?}"
    );
    let others = entries_starting_with(&out_parent, "");
    assert_eq!(
        others,
        vec!["site".to_string()],
        "unexpected entries beside the site"
    );
}

/// `annexa build PROJECT -o SITE --today … [extra]`, started and left running.
fn spawn_build(project: &Path, site: &Path, extra: &[&str]) -> std::process::Child {
    let mut args: Vec<&OsStr> = vec![
        OsStr::new("build"),
        project.as_os_str(),
        OsStr::new("-o"),
        site.as_os_str(),
        OsStr::new("--today"),
        OsStr::new(TODAY),
    ];
    args.extend(extra.iter().map(OsStr::new));
    annexa_command(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start annexa: {e}"))
}

/// Two builds into one output at once (a CI job and a developer) used to clear each other's
/// staging folders: a site with 3,063 of 3,164 files and, once the marker was gone, every
/// later build refused. Now the second waits for the first: 20 rounds of two concurrent
/// builds both succeed, the site is whole, and the next build works.
#[test]
fn concurrent_builds_into_one_output_are_serialised() {
    let tmp = common::tempdir();
    let project = tmp.path().join("project");
    let out_parent = tmp.path().join("out");
    let site = out_parent.join("site");
    write_generated_project(&project, "Concurrent ISMS", 150);
    for round in 0..20 {
        let a = spawn_build(&project, &site, &[]);
        let b = spawn_build(&project, &site, &[]);
        for (name, child) in [("first", a), ("second", b)] {
            let out = child
                .wait_with_output()
                .unwrap_or_else(|e| panic!("cannot wait for annexa: {e}"));
            assert!(
                out.status.success(),
                "round {round}: the {name} build failed ({}):\n{}",
                out.status,
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
    assert!(site.join(".annexa-output").is_file(), "the marker is there");
    let files = list_files(&site);
    for page in [
        "index.html",
        "soa.html",
        "controls/a-5-1.html",
        "docs/doc-0149.html",
    ] {
        assert!(files.contains(page), "{page} is missing");
    }
    let broken = common::check_links(&site);
    assert!(
        broken.is_empty(),
        "broken links: {:?}",
        &broken[..broken.len().min(20)]
    );
    assert_eq!(
        entries_starting_with(&out_parent, ".site."),
        Vec::<String>::new(),
        "nothing is left beside the site"
    );
    let again = build_json(&project, &site);
    assert_eq!(again.code, 0, "one more build: {again}");
}

/// While another build holds the output, `--no-wait` refuses with exit 2 and a plain build
/// says it waits, then finishes once the other is done.
#[test]
fn a_busy_output_is_refused_with_no_wait_and_waited_for_without() {
    use std::os::fd::AsRawFd;
    let project = small_project();
    let out_parent = project.beside("out");
    let site = out_parent.join("site");
    fs::create_dir_all(&out_parent).expect("create the output's folder");
    // Hold the lock annexa takes: flock on the folder that holds the output.
    let held = fs::File::open(&out_parent).expect("open the output's folder");
    assert_eq!(unsafe { libc::flock(held.as_raw_fd(), libc::LOCK_EX) }, 0);

    let refused = spawn_build(&project.root, &site, &["--no-wait"])
        .wait_with_output()
        .expect("wait for annexa");
    let said = String::from_utf8_lossy(&refused.stderr);
    assert_eq!(refused.status.code(), Some(2), "{said}");
    assert!(
        said.contains("another annexa build is writing to"),
        "{said}"
    );
    assert!(!site.exists(), "nothing was written");

    // The build loads the project first and takes the lock when it is about to write: wait
    // until it says that it waits (however slow the machine), then let it go.
    let mut waiting = spawn_build(&project.root, &site, &[]);
    let stderr = waiting.stderr.take().expect("stderr is piped");
    let (lines, said_lines) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        use std::io::BufRead;
        for line in std::io::BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
        {
            if lines.send(line).is_err() {
                break;
            }
        }
    });
    let mut said = String::new();
    let deadline = Instant::now() + Duration::from_secs(120);
    while !said.contains("waiting for another build writing to") {
        let left = deadline.saturating_duration_since(Instant::now());
        match said_lines.recv_timeout(left) {
            Ok(line) => said.push_str(&(line + "\n")),
            Err(_) => panic!("the build never said that it waits:\n{said}"),
        }
    }
    assert!(
        waiting.try_wait().ok().flatten().is_none(),
        "the build did not wait for the lock"
    );
    assert!(!site.exists(), "the waiting build wrote nothing yet");
    drop(held);
    let status = waiting.wait().expect("wait for annexa");
    said.extend(said_lines.iter().map(|l| l + "\n"));
    assert!(status.success(), "{said}");
    assert!(site.join("index.html").is_file());
}

/// A dangling symlink as the output is named as such (it used to say "Not a directory").
#[test]
fn a_dangling_symlink_as_output_is_explained() {
    let project = small_project();
    let link = project.beside("site-link");
    std::os::unix::fs::symlink(project.beside("nowhere"), &link).expect("symlink");
    let run = build_json(&project.root, &link);
    assert_eq!(run.code, 2, "{run}");
    assert!(run.stderr.contains("is a symbolic link to"), "{run}");
    assert!(run.stderr.contains("which does not exist"), "{run}");
    assert!(!run.stderr.contains("Not a directory"), "{run}");
}

/// A full disk while copying `static/` names the file that could not be written (it named
/// the source). Needs a small tmpfs: mounting one needs root.
#[test]
fn a_full_disk_names_the_destination() {
    let tmp = common::tempdir();
    let mount = tmp.path().join("small");
    fs::create_dir_all(&mount).expect("create the mount point");
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=2m", "tmpfs"])
        .arg(&mount)
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI=true: cannot mount a tmpfs (needs root) for the full-disk test"
        );
        eprintln!("SKIPPED a_full_disk_names_the_destination: cannot mount a tmpfs (not root?)");
        return;
    }
    struct Unmount<'a>(&'a Path);
    impl Drop for Unmount<'_> {
        fn drop(&mut self) {
            let _ = std::process::Command::new("umount").arg(self.0).status();
        }
    }
    let _unmount = Unmount(&mount);
    let project = small_project();
    project.write("static/big.bin", vec![7u8; 4 << 20]);
    let site = mount.join("site");
    let run = build_json(&project.root, &site);
    assert_eq!(run.code, 2, "{run}");
    assert!(run.stderr.contains("big.bin to "), "{run}");
    assert!(
        run.stderr.contains(&mount.display().to_string()),
        "names where it could not write: {run}"
    );
    assert!(!site.exists(), "nothing was swapped in");
}
