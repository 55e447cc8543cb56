//! Running a child process and measuring it: wall time, and its peak resident set size from
//! `wait4`'s resource usage (the child's own, not the sum or maximum over earlier children).

use std::fs::File;
use std::io;
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// What one measured run cost.
#[derive(Clone, Copy, Debug)]
pub struct Sample {
    pub wall: Duration,
    /// User plus system CPU time.
    pub cpu: Duration,
    /// Peak resident set size in KiB.
    pub peak_rss_kib: u64,
}

/// A finished child process.
pub struct ChildRun {
    pub sample: Sample,
    pub status: ExitStatus,
}

/// Writes dirty pages out (`sync`), so that the write-back of an earlier run's output (or of
/// a removed folder) is not measured as part of the next run.
pub fn settle() {
    // SAFETY: sync takes no arguments and cannot fail.
    unsafe { libc::sync() };
}

/// Runs `command` with no input and both output streams written to `log`; times it from
/// spawn to exit. Settles the file system first, untimed.
pub fn run(command: &mut Command, log: &Path) -> Result<ChildRun, String> {
    settle();
    let out = File::create(log).map_err(|e| format!("cannot create {}: {e}", log.display()))?;
    let err = out.try_clone().map_err(|e| e.to_string())?;
    command
        .stdin(Stdio::null())
        .stdout(Stdio::from(out))
        .stderr(Stdio::from(err));
    let start = Instant::now();
    let child = command
        .spawn()
        .map_err(|e| format!("cannot start {:?}: {e}", command.get_program()))?;
    let pid = libc::pid_t::try_from(child.id()).map_err(|e| e.to_string())?;
    let mut status: libc::c_int = 0;
    // SAFETY: `rusage` is a plain C struct for which all-zero bytes are a valid value.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: `pid` is our own child, not yet reaped (std never waits for it: the
        // `Child` is only dropped); `status` and `usage` are live locals.
        let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if reaped == pid {
            break;
        }
        let error = io::Error::last_os_error();
        if error.kind() != io::ErrorKind::Interrupted {
            return Err(format!("wait4 failed: {error}"));
        }
    }
    let wall = start.elapsed();
    // Reaped above: `Child` must not wait again, and dropping it does not.
    std::mem::forget(child);
    Ok(ChildRun {
        sample: Sample {
            wall,
            cpu: timeval(usage.ru_utime) + timeval(usage.ru_stime),
            // Linux reports ru_maxrss in KiB.
            peak_rss_kib: u64::try_from(usage.ru_maxrss).unwrap_or(0),
        },
        status: ExitStatus::from_raw(status),
    })
}

/// The peak RSS of this process's memory (`VmHWM`) in KiB. A child started with vfork (as
/// `Command` does) inherits it as the least peak RSS it can report.
pub fn own_peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
            line.split_whitespace().nth(1)?.parse().ok()
        })
        .unwrap_or(0)
}

fn timeval(t: libc::timeval) -> Duration {
    let secs = u64::try_from(t.tv_sec).unwrap_or(0);
    let micros = u32::try_from(t.tv_usec).unwrap_or(0);
    Duration::from_secs(secs) + Duration::from_micros(u64::from(micros))
}

/// The 1-minute load average, to tell a quiet machine from a busy one.
pub fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().map(str::to_string))
        .unwrap_or_else(|| "?".into())
}

/// The last `lines` lines of a log, for error messages.
pub fn tail(log: &Path, lines: usize) -> String {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}
