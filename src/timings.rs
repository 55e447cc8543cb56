//! Phase timings on stderr, when the environment variable `ANNEXA_TIMINGS` is set: where a
//! build's time goes (`ANNEXA_TIMINGS=1 annexa build`), and the process's peak memory so far
//! after each phase (on Linux), for profiling without a profiler.

use std::sync::OnceLock;
use std::time::Instant;

fn enabled() -> bool {
    static ENABLED: OnceLock<bool> = OnceLock::new();
    *ENABLED.get_or_init(|| std::env::var_os("ANNEXA_TIMINGS").is_some_and(|v| !v.is_empty()))
}

/// Runs `work` and, when timings are on, prints how long it took as `phase`.
pub fn time<T>(phase: &str, work: impl FnOnce() -> T) -> T {
    if !enabled() {
        return work();
    }
    let started = Instant::now();
    let result = work();
    eprintln!(
        "annexa timing: {phase:<28} {:>8.1} ms   peak {}",
        started.elapsed().as_secs_f64() * 1000.0,
        peak_memory().unwrap_or_else(|| "?".to_string())
    );
    result
}

/// The process's peak resident memory so far (`VmHWM`), where the system tells it.
fn peak_memory() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(format!("{:.0} MiB", kib / 1024.0))
}
