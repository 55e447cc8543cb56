//! `cargo bench --bench build [-- SIZE... CASE...]`: annexa on generated ISMS projects of
//! 1,000 and 10,000 documents, next to the floor (the least work any generator must do).
//!
//! For every size the project is generated into `target/bench-projects/<N>/project` (and
//! reused while the generator and the seed are unchanged); then every case runs once
//! untimed (it must succeed), then the measured rounds run the cases in turn (5 rounds at
//! N ≤ 1,000, 3 above; `ANNEXA_BENCH_RUNS` overrides). Each run is a child process: its
//! wall time is measured from spawn to exit, its CPU time and peak RSS come from `wait4`.
//!
//! Every run writes into a new folder and nothing is deleted until all measurements are
//! done; a benchmark started within a minute of the previous one's clean-up first waits
//! for the rest of that minute. The reason is this machine's file system (ext4 without a
//! journal): it does not reuse the inode of a recently deleted file (for 1 to 6 minutes)
//! and checks every such inode again for each file it creates, so creating 10,000 files
//! soon after deleting 20,000 can cost seconds of system time, which would be measured as
//! the next run's time. For the steadiest numbers leave 6 minutes between benchmarks, or
//! put everything on a RAM disk (`ANNEXA_BENCH_DIR=/dev/shm/annexa-bench`). Dirty pages are
//! written out (`sync`) before each run. The last site stays in
//! `target/bench-projects/<N>/site`.
//!
//! Arguments: numbers select sizes (`-- 1000`), words select cases (`-- build check`).
//! Environment: `ANNEXA_BENCH_RUNS`, `ANNEXA_BENCH_SEED`, `ANNEXA_BENCH_RISKS` (risk
//! records added to every generated project, default none), `ANNEXA_BENCH_RECORDS` (N
//! records of the other kinds added to every generated project, default none: N/4
//! nonconformities, N/4 suppliers, N/10 internal audits in audits/programme.yaml with a
//! report for each one held, 2 + N/500 management reviews, N incidents in incidents.csv,
//! N/100 objectives with N/50 KPIs measured monthly for 24 months besides five computed
//! ones, N/2 assets, N/20 obligations and certification.yaml; see
//! `support/records.rs`), `ANNEXA_BENCH_DIR` (where the projects go), `ANNEXA_BENCH_BIN` (another annexa binary to measure, e.g. a copy of an
//! older build, instead of the one cargo built).

#[path = "support/floor.rs"]
mod floor;
#[path = "support/generate.rs"]
mod generate;
#[path = "support/measure.rs"]
mod measure;

use std::cell::Cell;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Duration;

use measure::Sample;

const DEFAULT_SIZES: [usize; 2] = [1_000, 10_000];
const DEFAULT_SEED: u64 = 27_001;
/// How long after deleting many files creating files is slowed down (see above).
const COOL_DOWN: Duration = Duration::from_secs(65);
/// In the benchmark folder: when the last benchmark deleted its outputs (Unix seconds).
const CLEANUP_STAMP: &str = "last-cleanup";
/// Set when this binary runs as a child process of the benchmark: `floor PROJECT OUT` or
/// `generate DIR N SEED`. Generating in a child keeps the benchmark process small, which
/// matters: a child started with vfork (as `Command` does) inherits its parent's peak RSS.
const CHILD_ENV: &str = "ANNEXA_BENCH_CHILD";

/// A generated project and where its cases put their output and logs.
struct Project {
    n: usize,
    dir: PathBuf,
    work: PathBuf,
    annexa: PathBuf,
    /// The round being run: 0 for the untimed one, then 1, 2, …
    round: Cell<usize>,
}

impl Project {
    /// A folder for this round's output of a case: `work/out/<name>-<round>`, which does not
    /// exist yet.
    fn output(&self, name: &str) -> PathBuf {
        self.work
            .join("out")
            .join(format!("{name}-{}", self.round.get()))
    }

    fn log(&self, case: &str) -> PathBuf {
        self.work.join(format!("{case}.log"))
    }

    fn annexa(&self, subcommand: &str) -> Command {
        let mut command = Command::new(&self.annexa);
        command
            .arg(subcommand)
            .arg(&self.dir)
            .args(["--today", generate::TODAY]);
        command
    }
}

/// One measured thing: its name in the table and a function doing one run of it. The
/// function prepares what it needs (untimed), times what the case is about and returns
/// that cost; an `Err` stops the benchmark. `measure::run` times a child process from spawn
/// to exit; a case around a long-running process can time only the part it is about and
/// report that process's peak RSS itself. A new case is such a function and a line in
/// `CASES`.
struct Case {
    name: &'static str,
    run: fn(&Project) -> Result<Sample, String>,
}

/// The cases, in the order they run in each round and appear in the table.
const CASES: &[Case] = &[
    Case {
        name: "floor",
        run: run_floor,
    },
    Case {
        name: "build",
        run: run_build,
    },
    Case {
        name: "check",
        run: run_check,
    },
    Case {
        name: "renamed",
        run: run_check_renamed,
    },
];

/// The floor, in a child process (this binary again) so its memory is measured like annexa's.
fn run_floor(project: &Project) -> Result<Sample, String> {
    let out = project.output("floor");
    let mut command = child("floor")?;
    command.arg(&project.dir).arg(&out);
    let sample = expect_success("floor", project, &mut command)?;
    let said = fs::read_to_string(project.log("floor")).unwrap_or_default();
    // The floor renders every Markdown file: documents, risks and records.
    let markdown =
        project.n + generate::risk_count() + record_counts().map_or(0, |c| c.markdown_files());
    if said.trim() != format!("floor: {markdown} documents") {
        return Err(format!("the floor did not render every document: {said}"));
    }
    Ok(sample)
}

/// How many records of each kind `ANNEXA_BENCH_RECORDS` adds, if any.
fn record_counts() -> Option<generate::records::Counts> {
    let records = generate::records::record_count();
    (records > 0).then(|| generate::records::Counts::new(records, generate::risk_count()))
}

/// This binary as a child process in `mode`.
fn child(mode: &str) -> Result<Command, String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let mut command = Command::new(exe);
    command.env(CHILD_ENV, mode);
    Ok(command)
}

/// `annexa build DIR -o OUT --today …`: the whole site.
fn run_build(project: &Project) -> Result<Sample, String> {
    let site = project.output("site");
    let mut command = project.annexa("build");
    command.arg("-o").arg(&site);
    expect_success("build", project, &mut command)
}

/// `annexa check DIR --today …`: every lint, nothing written.
fn run_check(project: &Project) -> Result<Sample, String> {
    let mut command = project.annexa("check");
    expect_success("check", project, &mut command)
}

/// `annexa check` on a copy of the project in which every document's id was renamed
/// (`POL-0001` → `POL-0001-R`) and no reference was: the error path, where every `[[ID]]`
/// is broken and looks for a did-you-mean among all ids.
fn run_check_renamed(project: &Project) -> Result<Sample, String> {
    let renamed = project.work.join("renamed");
    if !renamed.is_dir() {
        rename_ids(&project.dir, &renamed)?;
    }
    let mut command = Command::new(&project.annexa);
    command
        .arg("check")
        .arg(&renamed)
        .args(["--today", generate::TODAY]);
    expect_exit("renamed", project, &mut command, 1)
}

/// Copies `from` to `to`, appending `-R` to the `id:` of every Markdown file.
fn rename_ids(from: &Path, to: &Path) -> Result<(), String> {
    let partial = to.with_extension("partial");
    remove(&partial)?;
    for entry in walkdir::WalkDir::new(from).into_iter().flatten() {
        let Ok(rel) = entry.path().strip_prefix(from) else {
            continue;
        };
        let target = partial.join(rel);
        let made = if entry.file_type().is_dir() {
            fs::create_dir_all(&target)
        } else if entry.path().extension().is_some_and(|e| e == "md") {
            fs::read_to_string(entry.path()).and_then(|text| {
                let renamed = match text.split_once("\nid: ") {
                    Some((head, rest)) => {
                        let (id, tail) = rest.split_once('\n').unwrap_or((rest, ""));
                        format!("{head}\nid: {}-R\n{tail}", id.trim())
                    }
                    None => text,
                };
                fs::write(&target, renamed)
            })
        } else {
            fs::copy(entry.path(), &target).map(|_| ())
        };
        made.map_err(|e| format!("cannot write {}: {e}", target.display()))?;
    }
    fs::rename(&partial, to).map_err(|e| format!("cannot move {}: {e}", partial.display()))
}

/// Runs `command` (log in `work/<case>.log`) and insists on exit code 0.
fn expect_success(case: &str, project: &Project, command: &mut Command) -> Result<Sample, String> {
    expect_exit(case, project, command, 0)
}

/// Runs `command` (log in `work/<case>.log`) and insists on exit code `code`.
fn expect_exit(
    case: &str,
    project: &Project,
    command: &mut Command,
    code: i32,
) -> Result<Sample, String> {
    let log = project.log(case);
    let run = measure::run(command, &log)?;
    if run.status.code() != Some(code) {
        return Err(format!(
            "{case} failed ({}) on N={}; last lines of {}:\n{}",
            run.status,
            project.n,
            log.display(),
            measure::tail(&log, 40)
        ));
    }
    Ok(run.sample)
}

fn remove(path: &Path) -> Result<(), String> {
    match fs::remove_dir_all(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(format!("cannot remove {}: {e}", path.display()))
        }
        _ => Ok(()),
    }
}

/// Files and bytes under `dir`.
fn disk_usage(dir: &Path) -> (usize, u64) {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .fold((0, 0), |(files, bytes), e| {
            (files + 1, bytes + e.metadata().map_or(0, |m| m.len()))
        })
}

fn mib(bytes: u64) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

/// annexa's summary line and its diagnostics counted by level and lint, from a log (read
/// line by line: the benchmark process stays small).
fn diagnostics_summary(log: &Path) -> String {
    use std::io::BufRead;
    let Ok(file) = fs::File::open(log) else {
        return format!("(no log at {})", log.display());
    };
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut summary = Vec::new();
    for line in std::io::BufReader::new(file).lines().map_while(Result::ok) {
        if let Some((head, _)) = line.split_once("]: ") {
            if ["error[", "warning[", "note["]
                .iter()
                .any(|p| head.starts_with(p))
            {
                *counts.entry(head.to_string()).or_default() += 1;
            }
        } else if line.starts_with("annexa: ") {
            summary.push(format!("«{line}»"));
        }
    }
    let mut parts: Vec<String> = counts.iter().map(|(k, v)| format!("{k}] ×{v}")).collect();
    parts.extend(summary);
    parts.join(", ")
}

struct Row {
    n: usize,
    case: &'static str,
    median: Duration,
    min: Duration,
    cpu: Duration,
    peak_rss_kib: u64,
    runs: usize,
}

fn median(sorted: &[Duration]) -> Duration {
    let mid = sorted.len() / 2;
    if sorted.len() % 2 == 1 {
        sorted[mid]
    } else {
        (sorted[mid - 1] + sorted[mid]) / 2
    }
}

fn print_table(rows: &[Row]) {
    println!(
        "{:>7}  {:<8} {:>9} {:>9} {:>9} {:>9} {:>5}",
        "N", "case", "median s", "min s", "cpu s", "peak MiB", "runs"
    );
    for r in rows {
        println!(
            "{:>7}  {:<8} {:>9.3} {:>9.3} {:>9.3} {:>9.1} {:>5}",
            r.n,
            r.case,
            r.median.as_secs_f64(),
            r.min.as_secs_f64(),
            r.cpu.as_secs_f64(),
            r.peak_rss_kib as f64 / 1024.0,
            r.runs
        );
    }
}

fn find<'a>(rows: &'a [Row], n: usize, case: &str) -> Option<&'a Row> {
    rows.iter().find(|r| r.n == n && r.case == case)
}

/// `a/b` of the medians, when both were measured.
fn ratio(a: Option<&Row>, b: Option<&Row>) -> Option<f64> {
    Some(a?.median.as_secs_f64() / b?.median.as_secs_f64())
}

fn print_ratios(rows: &[Row], sizes: &[usize]) {
    println!("ratios of medians:");
    for &n in sizes {
        let build = find(rows, n, "build");
        let mut parts = Vec::new();
        if let Some(r) = ratio(build, find(rows, n, "floor")) {
            parts.push(format!("build/floor {r:.2}"));
        }
        if let Some(r) = ratio(find(rows, n, "check"), build) {
            parts.push(format!("check/build {r:.2}"));
        }
        if let Some(r) = ratio(find(rows, n, "renamed"), find(rows, n, "check")) {
            parts.push(format!("renamed/check {r:.2}"));
        }
        if !parts.is_empty() {
            println!("  N={n:<6} {}", parts.join(", "));
        }
    }
    let (Some(&small), Some(&large)) = (sizes.iter().min(), sizes.iter().max()) else {
        return;
    };
    if small == large {
        return;
    }
    for case in CASES.iter().map(|c| c.name) {
        if let Some(r) = ratio(find(rows, large, case), find(rows, small, case)) {
            println!("  {case}: time({large})/time({small}) {r:.2}");
        }
    }
}

fn env_number<T: std::str::FromStr>(name: &str) -> Result<Option<T>, String> {
    match std::env::var(name) {
        Ok(v) => v
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| format!("{name}={v:?} is not a number")),
        Err(_) => Ok(None),
    }
}

/// FNV-1a of the generator's source: a project made by another generator is not reused.
fn generator_fingerprint() -> u64 {
    include_str!("support/generate.rs")
        .bytes()
        .chain(include_str!("support/records.rs").bytes())
        .fold(0xCBF2_9CE4_8422_2325, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01B3)
        })
}

/// Moves `path`, if it exists, into `trash` (a rename: deleting comes after measuring).
fn discard(path: &Path, trash: &mut Vec<PathBuf>) -> Result<(), String> {
    if !path.exists() {
        return Ok(());
    }
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("old");
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let moved = path.with_file_name(format!(".trash-{name}-{nanos}"));
    fs::rename(path, &moved).map_err(|e| format!("cannot move {}: {e}", path.display()))?;
    trash.push(moved);
    Ok(())
}

/// The project for `n` documents: reused when the same generator made it with the same
/// seed, else generated (reporting how long that took and its size).
fn prepare(root: &Path, n: usize, seed: u64, trash: &mut Vec<PathBuf>) -> Result<Project, String> {
    let work = root.join(n.to_string());
    let dir = work.join("project");
    let stamp_path = work.join("project.stamp");
    let key = format!(
        "n={n} seed={seed} risks={} records={} generator={:016x}",
        generate::risk_count(),
        generate::records::record_count(),
        generator_fingerprint()
    );
    discard(&work.join("out"), trash)?;
    discard(&work.join("site"), trash)?;
    let stamp = fs::read_to_string(&stamp_path).unwrap_or_default();
    match stamp.split_once('\n') {
        Some((old_key, said)) if old_key == key && dir.is_dir() => {
            println!("N={n}: reusing {} ({})", dir.display(), said.trim());
        }
        _ => {
            discard(&dir, trash)?;
            discard(&work.join("renamed"), trash)?;
            fs::create_dir_all(&work).map_err(|e| e.to_string())?;
            let log = work.join("generate.log");
            let mut command = child("generate")?;
            command.arg(&dir).arg(n.to_string()).arg(seed.to_string());
            let run = measure::run(&mut command, &log)?;
            let summary = fs::read_to_string(&log).unwrap_or_default();
            if !run.status.success() {
                return Err(format!("cannot generate the project: {summary}"));
            }
            let said = format!(
                "generated in {:.2} s, peak {:.1} MiB: {}",
                run.sample.wall.as_secs_f64(),
                run.sample.peak_rss_kib as f64 / 1024.0,
                summary.trim()
            );
            println!("N={n}: {} {said}", dir.display());
            fs::write(&stamp_path, format!("{key}\n{said}\n"))
                .map_err(|e| format!("cannot write {}: {e}", stamp_path.display()))?;
        }
    }
    Ok(Project {
        n,
        dir,
        work,
        annexa: annexa_binary(),
        round: Cell::new(0),
    })
}

fn bench_size(
    root: &Path,
    n: usize,
    seed: u64,
    cases: &[&Case],
    trash: &mut Vec<PathBuf>,
) -> Result<Vec<Row>, String> {
    let project = prepare(root, n, seed, trash)?;
    // One untimed run of each case: it must succeed, and it warms the page cache.
    for case in cases {
        (case.run)(&project)?;
        let log = project.log(case.name);
        if case.name != "floor" {
            println!("  {:<6} {}", case.name, diagnostics_summary(&log));
        }
    }
    let site = project.output("site");
    if site.is_dir() {
        let (files, bytes) = disk_usage(&site);
        println!("  site: {files} files, {:.1} MiB", mib(bytes));
    }
    let runs = match env_number("ANNEXA_BENCH_RUNS")? {
        Some(runs) => usize::max(runs, 1),
        None if n <= 1_000 => 5,
        None => 3,
    };
    let mut samples: Vec<Vec<Sample>> = vec![Vec::new(); cases.len()];
    let load_before = measure::load_average();
    for round in 1..=runs {
        project.round.set(round);
        for (case, samples) in cases.iter().zip(&mut samples) {
            samples.push((case.run)(&project)?);
        }
    }
    println!(
        "  load average (1 min) before/after the measured runs: {load_before}/{}",
        measure::load_average()
    );
    // Keep the last site for inspection; the other outputs go after all measurements.
    if project.output("site").is_dir() {
        fs::rename(project.output("site"), project.work.join("site")).map_err(|e| e.to_string())?;
    }
    discard(&project.work.join("out"), trash)?;
    Ok(cases
        .iter()
        .zip(samples)
        .map(|(case, samples)| {
            let mut walls: Vec<Duration> = samples.iter().map(|s| s.wall).collect();
            walls.sort();
            let mut cpus: Vec<Duration> = samples.iter().map(|s| s.cpu).collect();
            cpus.sort();
            Row {
                n,
                case: case.name,
                median: median(&walls),
                min: walls[0],
                cpu: median(&cpus),
                peak_rss_kib: samples.iter().map(|s| s.peak_rss_kib).max().unwrap_or(0),
                runs,
            }
        })
        .collect())
}

fn unix_seconds() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Waits until `COOL_DOWN` has passed since the previous benchmark deleted its outputs.
fn cool_down(root: &Path) {
    let Some(cleaned) = fs::read_to_string(root.join(CLEANUP_STAMP))
        .ok()
        .and_then(|t| t.trim().parse::<u64>().ok())
    else {
        return;
    };
    let since = Duration::from_secs(unix_seconds().saturating_sub(cleaned));
    if let Some(wait) = COOL_DOWN.checked_sub(since).filter(|w| !w.is_zero()) {
        println!(
            "waiting {} s: the previous benchmark deleted its outputs {} s ago, and creating \
             files is slow for a while after that",
            wait.as_secs(),
            since.as_secs()
        );
        std::thread::sleep(wait);
    }
}

fn annexa_binary() -> PathBuf {
    std::env::var_os("ANNEXA_BENCH_BIN").map_or_else(
        || PathBuf::from(env!("CARGO_BIN_EXE_annexa")),
        PathBuf::from,
    )
}

fn bench_root() -> PathBuf {
    if let Some(dir) = std::env::var_os("ANNEXA_BENCH_DIR") {
        return PathBuf::from(dir);
    }
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    tmp.parent().unwrap_or(tmp).join("bench-projects")
}

fn main_bench() -> Result<(), String> {
    let mut sizes = Vec::new();
    let mut names = Vec::new();
    // cargo bench adds `--bench`; other flags are ignored too.
    for arg in std::env::args().skip(1).filter(|a| !a.starts_with('-')) {
        match arg.parse::<usize>() {
            Ok(n) if n >= 2 => sizes.push(n),
            Ok(_) => return Err(format!("{arg}: a project needs at least 2 documents")),
            Err(_) if CASES.iter().any(|c| c.name == arg) => names.push(arg),
            Err(_) => {
                let known: Vec<&str> = CASES.iter().map(|c| c.name).collect();
                return Err(format!(
                    "{arg:?} is neither a number of documents nor a case ({})",
                    known.join(", ")
                ));
            }
        }
    }
    if sizes.is_empty() {
        sizes.extend(DEFAULT_SIZES);
    }
    let cases: Vec<&Case> = CASES
        .iter()
        .filter(|c| names.is_empty() || names.iter().any(|n| n == c.name))
        .collect();
    let seed = env_number("ANNEXA_BENCH_SEED")?.unwrap_or(DEFAULT_SEED);
    let root = bench_root();
    println!(
        "annexa benchmark: {} on {} (seed {seed})",
        annexa_binary().display(),
        root.display()
    );
    cool_down(&root);
    let mut rows = Vec::new();
    let mut trash = Vec::new();
    let result = sizes.iter().try_for_each(|&n| {
        let measured = bench_size(&root, n, seed, &cases, &mut trash)?;
        print_table(&measured);
        println!();
        rows.extend(measured);
        Ok::<(), String>(())
    });
    for path in &trash {
        remove(path)?;
    }
    measure::settle();
    if !trash.is_empty() {
        fs::write(root.join(CLEANUP_STAMP), unix_seconds().to_string())
            .map_err(|e| format!("cannot write to {}: {e}", root.display()))?;
    }
    result?;
    println!(
        "summary (median and min wall time from spawn to exit; median user+sys CPU time; \
         peak RSS of the process, max over runs):"
    );
    print_table(&rows);
    print_ratios(&rows, &sizes);
    println!(
        "(peak RSS of this benchmark process, the least any child can report: {:.1} MiB)",
        measure::own_peak_rss_kib() as f64 / 1024.0
    );
    Ok(())
}

/// The child side of `run_floor`: `PROJECT OUT`.
fn floor_child(args: &[String]) -> Result<(), String> {
    let [project, out] = args else {
        return Err("usage: floor PROJECT OUT".into());
    };
    let count = floor::run(Path::new(project), Path::new(out)).map_err(|e| e.to_string())?;
    println!("floor: {count} documents");
    Ok(())
}

/// The child side of `prepare`: `DIR N SEED`; prints what it wrote.
fn generate_child(args: &[String]) -> Result<(), String> {
    let [dir, n, seed] = args else {
        return Err("usage: generate DIR N SEED".into());
    };
    let n: usize = n.parse().map_err(|_| format!("{n} is not a number"))?;
    let seed: u64 = seed
        .parse()
        .map_err(|_| format!("{seed} is not a number"))?;
    let summary = generate::generate(Path::new(dir), n, seed).map_err(|e| e.to_string())?;
    println!(
        "{} files, {:.1} MiB ({:.1} KiB a document), {} folders (at most {} documents in \
         one), {} drafts, {} overdue",
        summary.files,
        mib(summary.bytes),
        summary.bytes as f64 / 1024.0 / summary.documents as f64,
        summary.folders,
        summary.max_per_folder,
        summary.drafts,
        summary.overdue
    );
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match std::env::var(CHILD_ENV).as_deref() {
        Ok("floor") => floor_child(&args),
        Ok("generate") => generate_child(&args),
        Ok(other) => Err(format!("{CHILD_ENV}={other:?}: expected floor or generate")),
        Err(_) => main_bench(),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
