//! Scripted git repositories for the tests: commits with fixed author and committer dates,
//! made with the `git` command line (what users run), never with annexa's own git reader.

use std::path::Path;
use std::process::Command;

/// Runs `git ARGS` in `dir` with a fixed identity and, when given, a fixed date for both
/// author and committer; panics with git's output when it fails.
pub fn git(dir: &Path, args: &[&str], date: Option<&str>) -> String {
    let mut command = Command::new("git");
    command
        .current_dir(dir)
        .args(args)
        .env("GIT_AUTHOR_NAME", "Test Author")
        .env("GIT_AUTHOR_EMAIL", "author@example.com")
        .env("GIT_COMMITTER_NAME", "Test Author")
        .env("GIT_COMMITTER_EMAIL", "author@example.com")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE");
    if let Some(date) = date {
        let stamp = format!("{date}T12:00:00+00:00");
        command
            .env("GIT_AUTHOR_DATE", &stamp)
            .env("GIT_COMMITTER_DATE", &stamp);
    }
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("cannot run git: {e}"));
    assert!(
        output.status.success(),
        "git {args:?} failed:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).trim().to_string()
}

/// `git init` with `main` as the first branch.
pub fn init(dir: &Path) {
    git(dir, &["init", "-q", "-b", "main"], None);
}

/// Stages everything and commits it on `date` (YYYY-MM-DD) with `message`; returns the
/// commit id.
pub fn commit_all(dir: &Path, date: &str, message: &str) -> String {
    git(dir, &["add", "-A"], None);
    git(
        dir,
        &["commit", "-q", "--allow-empty", "-m", message],
        Some(date),
    );
    git(dir, &["rev-parse", "HEAD"], None)
}
