//! The `annexa` command line: parses arguments, calls the library, maps the result to an
//! exit code (0 clean, 1 an error was reported, 2 the run itself failed).

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use annexa::calendar::resolve_today;
use annexa::diagnostic::{emit, summary_line, Counts, Diagnostic, OutputFormat};
use annexa::lint::LintFlags;
use annexa::pipeline::{self, LoadOptions};

/// annexa turns a repository of ISMS documents (Markdown with YAML front matter) into a
/// cross-linked HTML manual with a Statement of Applicability, control pages, coverage and
/// review warnings.
#[derive(Parser)]
#[command(name = "annexa", version, about, long_about = None, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into _site/ (or -o OUT). Fails without writing anything on errors.
    Build(BuildArgs),
    /// Run every check and print the diagnostics; writes nothing.
    Check(CheckArgs),
    /// Preview the site while writing: builds with drafts into memory, serves it, rebuilds
    /// on every change and reloads the open browser tabs.
    Serve(ServeArgs),
    /// Create a starter ISMS for your organisation in a new or empty folder: the documents
    /// ISO/IEC 27001 requires as drafts, soa.yaml with every control to decide, settings, CI.
    Init(InitArgs),
    /// Write a new draft document with the next free id of its type and today's date.
    New(NewArgs),
    /// Work on soa.yaml.
    #[command(subcommand)]
    Soa(SoaCommand),
    /// Turn records and documents kept elsewhere into annexa files (never replacing a file).
    #[command(subcommand)]
    Import(ImportCommand),
    /// Build the site into one zip for the auditor: every page and export, and MANIFEST.txt
    /// with each file's SHA-256 and size, the build date, annexa's version and the git
    /// commit; `--verify FILE.zip` checks a pack against its manifest.
    Pack(PackArgs),
    /// Typeset the manual as one PDF: cover, document control, contents, every published
    /// document with its metadata, the SoA; classification marking on every page.
    Pdf(PdfArgs),
    /// List every lint with its default level.
    Lints,
}

#[derive(Args)]
struct PdfArgs {
    #[command(flatten)]
    common: CommonArgs,
    /// The PDF to write. Default: isms-manual-<today>.pdf in the current folder.
    #[arg(short, long, value_name = "FILE.pdf")]
    output: Option<PathBuf>,
    /// The SoA alone, written when the project has a soa.yaml. Default:
    /// statement-of-applicability-<today>.pdf beside the manual.
    #[arg(long, value_name = "FILE.pdf")]
    soa_output: Option<PathBuf>,
}

#[derive(Args)]
struct PackArgs {
    #[command(flatten)]
    common: CommonArgs,
    /// The zip to write. Default: evidence-pack-<today>.zip in the current folder.
    #[arg(short, long, value_name = "FILE.zip", conflicts_with = "verify")]
    output: Option<PathBuf>,
    /// Check a pack instead: recompute every file's SHA-256 and size and report each file
    /// missing, extra or changed against its MANIFEST.txt (exit 1 on any).
    #[arg(long, value_name = "FILE.zip")]
    verify: Option<PathBuf>,
    /// The changes page lists what changed in git from this date on. Default: the last
    /// external audit in certification.yaml, else the last management review held, else
    /// the last 12 months.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_since, conflicts_with = "verify")]
    since: Option<jiff::civil::Date>,
}

#[derive(Subcommand)]
enum ImportCommand {
    /// Write one risks/<id>.md per row of a risk register kept in a spreadsheet (.xlsx or
    /// .csv). Columns are recognised by their headings (risks.csv's, and the usual names:
    /// Ref, Risk, Owner, Likelihood, Impact, Treatment, …); name others with --map.
    Risks {
        /// The spreadsheet: .xlsx or .csv.
        file: PathBuf,
        /// The sheet of an .xlsx workbook to read (default: the first).
        #[arg(long)]
        sheet: Option<String>,
        /// Read the column headed COLUMN as FIELD (id, title, owner, status, identified,
        /// assets, threat, vulnerability, inherent.likelihood, inherent.impact, treatment,
        /// controls, residual.likelihood, residual.impact, acceptance.by, acceptance.date,
        /// acceptance.expires, last_reviewed, review_every, action, action.owner,
        /// action.due, action.done, description, ignore). Repeatable.
        #[arg(long = "map", value_name = "COLUMN=FIELD")]
        maps: Vec<String>,
        /// The ISMS project folder to write risks/ into.
        #[arg(long, default_value = ".")]
        into: PathBuf,
        /// Treat this date (YYYY-MM-DD) as today. Default: SOURCE_DATE_EPOCH, else the system date.
        #[arg(long)]
        today: Option<String>,
    },
    /// Write front matter into plain Markdown policies (no front matter yet), from what each
    /// file says: title from its first heading; owner, version, status, dates and review
    /// cycle from metadata lines (`**Owner:** CISO`) or a table near the top; an id from the
    /// file name. Bodies stay byte for byte, files with front matter are left alone, no file
    /// is replaced, and what could not be decided is printed per file.
    Markdown {
        /// The folder of Markdown files.
        dir: PathBuf,
        /// Write the project (the documents with front matter, and every other file) into
        /// this folder instead of changing the files in DIR.
        #[arg(long, value_name = "DIR")]
        into: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum SoaCommand {
    /// Append a decision stub to soa.yaml for every Annex A control it does not decide
    /// (comments and order kept); `check` fails on each stub until its justification is
    /// written.
    AddMissing {
        /// The ISMS project folder.
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
}

#[derive(Args)]
struct InitArgs {
    /// The folder to create the project in (must not exist or be empty).
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// Your organisation's name, written into the documents and settings.
    #[arg(long, value_name = "NAME", required_unless_present = "example")]
    organisation: Option<String>,
    /// Copy the example project (Northwind Analytics, a complete ISMS) instead.
    #[arg(long, conflicts_with = "organisation")]
    example: bool,
    /// Write into a folder that is not empty; files already there are never replaced.
    #[arg(long)]
    force: bool,
    /// Treat this date (YYYY-MM-DD) as today. Default: SOURCE_DATE_EPOCH, else the system date.
    #[arg(long, value_name = "YYYY-MM-DD")]
    today: Option<String>,
}

#[derive(Args)]
struct NewArgs {
    /// The document type: policy, procedure, standard, guideline, plan, record, manual, or
    /// one defined under [types.<name>] in annexa.toml.
    #[arg(value_name = "TYPE")]
    doc_type: String,
    /// The document's title.
    title: String,
    /// The ISMS project folder.
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// Treat this date (YYYY-MM-DD) as today. Default: SOURCE_DATE_EPOCH, else the system date.
    #[arg(long, value_name = "YYYY-MM-DD")]
    today: Option<String>,
}

#[derive(Args)]
struct ServeArgs {
    /// The ISMS project folder.
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// Port to listen on; 0 picks a free one.
    #[arg(long, default_value_t = 1111)]
    port: u16,
    /// Address to listen on. Anything but loopback exposes drafts to the network.
    #[arg(long, default_value = "127.0.0.1")]
    bind: std::net::IpAddr,
    /// Also answer requests for this host name (the preview answers only to localhost,
    /// 127.0.0.1, [::1] and the --bind address, against DNS rebinding). Repeatable.
    #[arg(long = "allow-host", value_name = "NAME")]
    allow_host: Vec<String>,
    /// Open the site in the default browser.
    #[arg(long)]
    open: bool,
    /// Treat this date (YYYY-MM-DD) as today. Default: SOURCE_DATE_EPOCH, else the system date.
    #[arg(long, value_name = "YYYY-MM-DD")]
    today: Option<String>,
    /// Make a lint an error; `--deny warnings` makes every warning an error.
    #[arg(short = 'D', long = "deny", value_name = "LINT")]
    deny: Vec<String>,
    /// Make a lint a warning.
    #[arg(short = 'W', long = "warn", value_name = "LINT")]
    warn: Vec<String>,
    /// Do not report a lint.
    #[arg(short = 'A', long = "allow", value_name = "LINT")]
    allow: Vec<String>,
}

#[derive(Args)]
struct CommonArgs {
    /// The ISMS project folder.
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// Treat this date (YYYY-MM-DD) as today. Default: SOURCE_DATE_EPOCH, else the system date.
    #[arg(long, value_name = "YYYY-MM-DD")]
    today: Option<String>,
    /// How to print diagnostics.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    format: OutputFormat,
    /// Make a lint an error; `--deny warnings` makes every warning an error.
    #[arg(short = 'D', long = "deny", value_name = "LINT")]
    deny: Vec<String>,
    /// Make a lint a warning.
    #[arg(short = 'W', long = "warn", value_name = "LINT")]
    warn: Vec<String>,
    /// Do not report a lint.
    #[arg(short = 'A', long = "allow", value_name = "LINT")]
    allow: Vec<String>,
    /// Leave out every document classified above this level (public, internal,
    /// confidential, restricted); overrides [publish] max_classification.
    #[arg(long, value_name = "LEVEL", value_parser = parse_level)]
    max_classification: Option<annexa::source::Classification>,
}

fn parse_level(text: &str) -> Result<annexa::source::Classification, String> {
    annexa::config::parse_classification(text).ok_or_else(|| {
        format!(
            "`{text}` is not a classification: use public, internal, confidential or restricted"
        )
    })
}

#[derive(Args)]
struct BuildArgs {
    #[command(flatten)]
    common: CommonArgs,
    /// Output folder. Default: _site inside the project.
    #[arg(short, long, value_name = "OUT")]
    output: Option<PathBuf>,
    /// Include draft documents (they carry a DRAFT banner).
    #[arg(long)]
    drafts: bool,
    /// Absolute URL the site is published at (overrides base_url in annexa.toml).
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// Fail (exit 2) instead of waiting when another build is writing to the same output.
    #[arg(long)]
    no_wait: bool,
    /// The changes page lists what changed in git from this date on. Default: the last
    /// external audit in certification.yaml, else the last management review held, else
    /// the last 12 months.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_since)]
    since: Option<jiff::civil::Date>,
}

fn parse_since(text: &str) -> Result<jiff::civil::Date, String> {
    annexa::calendar::parse_date(text)
}

/// Says once why the build has no git history.
fn say_history_note(note: Option<&String>) {
    if let Some(note) = note {
        eprintln!("annexa: note: {note}");
    }
}

#[derive(Args)]
struct CheckArgs {
    #[command(flatten)]
    common: CommonArgs,
}

fn fail(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(2)
}

fn colour() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// Prints diagnostics and the summary; returns the exit code they imply.
fn report(diagnostics: &[Diagnostic], format: OutputFormat) -> ExitCode {
    if let Err(e) = emit(diagnostics, format, colour()) {
        return fail(&format!("cannot print diagnostics: {e}"));
    }
    let counts = Counts::of(diagnostics);
    eprintln!("annexa: {}", summary_line(counts));
    if counts.errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn load_options(common: &CommonArgs, include_drafts: bool) -> Result<LoadOptions, String> {
    let epoch = std::env::var("SOURCE_DATE_EPOCH").ok();
    let today = resolve_today(common.today.as_deref(), epoch.as_deref())?;
    let mut options = LoadOptions::new(common.dir.clone(), today);
    options.include_drafts = include_drafts;
    options.max_classification = common.max_classification;
    options.lint_flags = LintFlags {
        deny: common.deny.clone(),
        warn: common.warn.clone(),
        allow: common.allow.clone(),
    };
    Ok(options)
}

fn build(args: BuildArgs) -> ExitCode {
    let mut options = match load_options(&args.common, args.drafts) {
        Ok(o) => o,
        Err(e) => return fail(&e),
    };
    options.since = args.since;
    options.show_approved = true;
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| pipeline::default_output(&options.project));
    options.skip_dir = Some(output.clone());
    let say_waiting = |target: &std::path::Path| {
        eprintln!(
            "annexa: waiting for another build writing to {} to finish…",
            target.display()
        );
    };
    let when_busy = if args.no_wait {
        annexa::output::WhenBusy::Refuse
    } else {
        annexa::output::WhenBusy::Wait(&say_waiting)
    };
    let outcome = match pipeline::build_with(&options, &output, args.base_url.as_deref(), when_busy)
    {
        Ok(outcome) => outcome,
        Err(e) => return fail(&e.message),
    };
    let code = report(&outcome.diagnostics, args.common.format);
    say_history_note(outcome.history_note.as_ref());
    match outcome.pages {
        Some(pages) => eprintln!(
            "annexa: built {pages} pages into {}",
            outcome.output.display()
        ),
        None => eprintln!("annexa: nothing was written; the previous site (if any) is unchanged"),
    }
    code
}

fn check(args: CheckArgs) -> ExitCode {
    let options = match load_options(&args.common, true) {
        Ok(o) => o,
        Err(e) => return fail(&e),
    };
    match pipeline::load(&options) {
        Ok(loaded) => {
            let code = report(&loaded.diagnostics, args.common.format);
            say_history_note(loaded.history_note.as_ref());
            code
        }
        Err(e) => fail(&e.message),
    }
}

fn serve(args: ServeArgs) -> ExitCode {
    let epoch = std::env::var("SOURCE_DATE_EPOCH").ok();
    let today = match resolve_today(args.today.as_deref(), epoch.as_deref()) {
        Ok(today) => today,
        Err(e) => return fail(&e),
    };
    let options = annexa::serve::ServeOptions {
        project: args.dir,
        bind: args.bind,
        allow_hosts: args.allow_host,
        port: args.port,
        open: args.open,
        today,
        lint_flags: LintFlags {
            deny: args.deny,
            warn: args.warn,
            allow: args.allow,
        },
    };
    match annexa::serve::run(options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(&e.message),
    }
}

/// Whether a program of this name is in one of the PATH's folders (the next steps `init`
/// prints call `annexa` by name).
fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
}

fn init(args: InitArgs) -> ExitCode {
    let epoch = std::env::var("SOURCE_DATE_EPOCH").ok();
    let today = match resolve_today(args.today.as_deref(), epoch.as_deref()) {
        Ok(today) => today,
        Err(e) => return fail(&e),
    };
    let starter = match args.organisation {
        Some(organisation) if !args.example => annexa::scaffold::Starter::Skeleton { organisation },
        _ => annexa::scaffold::Starter::Example,
    };
    let skeleton = matches!(starter, annexa::scaffold::Starter::Skeleton { .. });
    let options = annexa::scaffold::InitOptions {
        dir: args.dir,
        starter,
        force: args.force,
        today,
    };
    let report = match annexa::scaffold::init(&options) {
        Ok(report) => report,
        Err(e) => return fail(&e.message),
    };
    let dir = report.dir.display();
    let what = if skeleton {
        "a starter ISMS"
    } else {
        "a copy of the example ISMS (Northwind Analytics)"
    };
    println!(
        "annexa: created {what} in {dir} ({} files, {} documents)",
        report.files, report.documents
    );
    for kept in &report.kept {
        println!("  kept {} as it was", kept.display());
    }
    println!();
    if !on_path("annexa") {
        println!("annexa is not on your PATH: install it from its source folder with `cargo install --locked --path .`");
    }
    println!("Next:");
    println!("  cd {dir}");
    println!("  annexa serve            # preview at http://127.0.0.1:1111/ while you edit");
    if skeleton {
        println!("  # decide each control in soa.yaml; replace the guidance notes in isms/*.md");
    }
    println!("  annexa new policy \"Title\"   # add a document");
    println!("  annexa check            # what CI checks");
    println!("  annexa build            # the site, in _site/");
    ExitCode::SUCCESS
}

/// Whether `doc_type` is a record kind (a risk), not a document type.
fn is_record_kind(doc_type: &str) -> bool {
    annexa::kinds::by_name(doc_type).is_some()
}

fn new(args: NewArgs) -> ExitCode {
    let epoch = std::env::var("SOURCE_DATE_EPOCH").ok();
    let today = match resolve_today(args.today.as_deref(), epoch.as_deref()) {
        Ok(today) => today,
        Err(e) => return fail(&e),
    };
    match annexa::scaffold::new_document(&args.dir, &args.doc_type, &args.title, today) {
        Ok(created) => {
            println!("{}", args.dir.join(&created.path).display());
            for similar in &created.similar {
                eprintln!(
                    "warning: {} {} already exists ({}); if it covers the same subject, edit it and delete the new file",
                    similar.id, similar.title, similar.path
                );
            }
            if let Some(file) = created.created {
                eprintln!(
                    "annexa: wrote {file} with example scales, levels, appetite and acceptance: adapt it to your risk methodology"
                );
            }
            if args.doc_type.eq_ignore_ascii_case("supplier") {
                eprintln!(
                    "annexa: created {}, a supplier being onboarded; fill in `owner:`, its criticality, data, contract and first assessment",
                    created.id
                );
            } else if is_record_kind(&args.doc_type) {
                eprintln!(
                    "annexa: created {}, an open risk; fill in `owner:`, the rating, the treatment and its controls",
                    created.id
                );
            } else {
                eprintln!(
                    "annexa: created {} as a draft; fill in `owner:` and `controls:`",
                    created.id
                );
            }
            ExitCode::SUCCESS
        }
        Err(e) => fail(&e.message),
    }
}

fn import(command: ImportCommand) -> ExitCode {
    match command {
        ImportCommand::Risks {
            file,
            sheet,
            maps,
            into,
            today,
        } => import_risks(file, sheet, maps, into, today),
        ImportCommand::Markdown { dir, into } => import_markdown(dir, into),
    }
}

fn import_risks(
    file: PathBuf,
    sheet: Option<String>,
    maps: Vec<String>,
    into: PathBuf,
    today: Option<String>,
) -> ExitCode {
    use annexa::kinds::risk::import;
    let epoch = std::env::var("SOURCE_DATE_EPOCH").ok();
    let today = match resolve_today(today.as_deref(), epoch.as_deref()) {
        Ok(today) => today,
        Err(e) => return fail(&e),
    };
    let mut pairs = Vec::new();
    for map in &maps {
        match map.rsplit_once('=') {
            Some((column, field)) if !column.trim().is_empty() => {
                pairs.push((column.trim().to_string(), field.trim().to_string()))
            }
            _ => {
                return fail(&format!(
                    "--map {map}: write it as COLUMN=FIELD, e.g. --map \"Risk description=title\""
                ))
            }
        }
    }
    if !into.is_dir() {
        return fail(&format!(
            "{} is not a folder: give the ISMS project with --into",
            into.display()
        ));
    }
    let table = match annexa::source::table::read(&file, sheet.as_deref()) {
        Ok(table) => table,
        Err(e) => return fail(&e),
    };
    let options = import::Options { maps: pairs, today };
    let report = match import::import(&into, &table, &options) {
        Ok(report) => report,
        Err(e) => return fail(&e),
    };
    for problem in &report.problems {
        let place = match &problem.column {
            Some(column) => format!("row {}, column {column}", problem.row),
            None => format!("row {}", problem.row),
        };
        eprintln!("warning: {}, {place}: {}", table.source, problem.message);
    }
    for column in &report.unused_columns {
        eprintln!(
            "note: column {column} is not imported; name what it holds with --map \"HEADING=field\""
        );
    }
    for existing in &report.existing {
        eprintln!("note: {existing} exists and was left unchanged");
    }
    for (path, missing) in &report.to_fill {
        println!("{}", into.join(path).display());
        if !missing.is_empty() {
            eprintln!("  still to fill in: {}", missing.join(", "));
        }
    }
    eprintln!(
        "annexa: wrote {} risk{}{}; run `annexa check` to see what is left to complete",
        report.written.len(),
        if report.written.len() == 1 { "" } else { "s" },
        match report.problems.len() {
            0 => String::new(),
            n => format!(
                ", {n} value{} could not be used (above)",
                if n == 1 { "" } else { "s" }
            ),
        }
    );
    ExitCode::SUCCESS
}

fn soa(command: SoaCommand) -> ExitCode {
    let SoaCommand::AddMissing { dir } = command;
    match annexa::scaffold::add_missing(&dir) {
        Ok(report) if report.added.is_empty() => {
            eprintln!(
                "annexa: every control already has a decision in {}; nothing to add",
                report.path.display()
            );
            ExitCode::SUCCESS
        }
        Ok(report) => {
            let ids: Vec<String> = report.added.iter().map(ToString::to_string).collect();
            let listed = match ids.as_slice() {
                [first, .., last] if ids.len() > 6 => format!("{first} … {last}"),
                _ => ids.join(", "),
            };
            eprintln!(
                "annexa: added {} decision stubs to {} ({listed})",
                ids.len(),
                report.path.display(),
            );
            eprintln!(
                "annexa: for each, decide `applicable:` and write the reason after \
                 `justification:`; `annexa check` reports every stub (soa-empty-justification) \
                 until you do"
            );
            ExitCode::SUCCESS
        }
        Err(e) => fail(&e.message),
    }
}

fn pack(args: PackArgs) -> ExitCode {
    if let Some(zip) = args.verify {
        return verify_pack(&zip);
    }
    let mut options = match load_options(&args.common, false) {
        Ok(o) => o,
        Err(e) => return fail(&e),
    };
    options.since = args.since;
    options.show_approved = true;
    let output = args
        .output
        .unwrap_or_else(|| PathBuf::from(annexa::pack::default_file_name(options.today)));
    let outcome = match annexa::pack::pack(&options, &output) {
        Ok(outcome) => outcome,
        Err(e) => return fail(&e.message),
    };
    let code = report(&outcome.diagnostics, args.common.format);
    say_history_note(outcome.history_note.as_ref());
    match outcome.written {
        Some(written) => {
            eprintln!(
                "annexa: packed {} files and {} into {}",
                written.files,
                annexa::pack::MANIFEST,
                written.path.display()
            );
            eprintln!(
                "annexa: SHA-256 of the pack: {} (record it to show later that the pack is unchanged)",
                written.sha256
            );
            if let annexa::history::GitState::At { differing, .. } = &written.git {
                if !differing.is_empty() {
                    eprintln!("annexa: note: {} project files differ from the commit; the manifest says so (commit them for a pack that matches a commit)", differing.len());
                }
            }
        }
        None => eprintln!("annexa: no pack was written"),
    }
    code
}

fn pdf(args: PdfArgs) -> ExitCode {
    let mut options = match load_options(&args.common, false) {
        Ok(o) => o,
        Err(e) => return fail(&e),
    };
    options.show_approved = true;
    let output = args
        .output
        .unwrap_or_else(|| PathBuf::from(format!("isms-manual-{}.pdf", options.today)));
    let soa_output = args.soa_output.unwrap_or_else(|| {
        output.with_file_name(format!("statement-of-applicability-{}.pdf", options.today))
    });
    let outcome = match annexa::pdf::write_manual(&options, &output, &soa_output) {
        Ok(outcome) => outcome,
        Err(e) => return fail(&e.message),
    };
    let code = report(&outcome.diagnostics, args.common.format);
    say_history_note(outcome.history_note.as_ref());
    match &outcome.written {
        Some(manual) => eprintln!(
            "annexa: wrote {} ({} pages, {} documents and the SoA)",
            output.display(),
            manual.pages,
            manual.documents
        ),
        None => eprintln!("annexa: no PDF was written"),
    }
    match (&outcome.soa, outcome.written.is_some()) {
        (Some(soa), _) => eprintln!(
            "annexa: wrote {} (the Statement of Applicability, {} pages)",
            soa_output.display(),
            soa.pages
        ),
        (None, true) => {
            eprintln!("annexa: the project has no soa.yaml: no Statement of Applicability PDF")
        }
        (None, false) => {}
    }
    code
}

fn verify_pack(zip: &std::path::Path) -> ExitCode {
    use annexa::pack::VerifyError;
    let verified = match annexa::pack::verify(zip) {
        Ok(verified) => verified,
        Err(VerifyError::Unreadable(message)) => return fail(&message),
        Err(VerifyError::NotAPack(message)) => {
            eprintln!("error: {message}");
            return ExitCode::from(1);
        }
    };
    for mismatch in &verified.mismatches {
        println!("{mismatch}");
    }
    let fact = |label: &str| {
        verified
            .manifest
            .fact(label)
            .unwrap_or("unknown")
            .to_string()
    };
    eprintln!(
        "annexa: pack built {} from commit {}; SHA-256 of the zip: {}",
        fact("Build date"),
        fact("Git commit"),
        verified.sha256
    );
    if verified.mismatches.is_empty() {
        eprintln!(
            "annexa: ok: all {} files match {}",
            verified.manifest.files.len(),
            annexa::pack::MANIFEST
        );
        ExitCode::SUCCESS
    } else {
        eprintln!(
            "annexa: {} mismatches against {}: the pack is not as it was packed",
            verified.mismatches.len(),
            annexa::pack::MANIFEST
        );
        ExitCode::from(1)
    }
}

fn import_markdown(dir: PathBuf, into: Option<PathBuf>) -> ExitCode {
    use annexa::scaffold::Outcome;
    let options = annexa::scaffold::ImportOptions { source: dir, into };
    let report = match annexa::scaffold::import_markdown(&options) {
        Ok(report) => report,
        Err(e) => return fail(&e.message),
    };
    let (mut imported, mut drafts, mut left, mut existing) = (0, 0, 0, 0);
    for doc in &report.documents {
        match &doc.outcome {
            Outcome::Imported {
                id,
                title,
                draft,
                undecided,
            } => {
                imported += 1;
                drafts += usize::from(*draft);
                println!("{}: {id} {title}", doc.path);
                for what in undecided {
                    println!("  - {what}");
                }
            }
            Outcome::HasFrontMatter => {
                left += 1;
                println!("{}: has front matter, left as it is", doc.path);
            }
            Outcome::Exists => {
                existing += 1;
                println!(
                    "{}: {} is there already, left as it is",
                    doc.path,
                    report.project.join(&doc.path).display()
                );
            }
            Outcome::NotText => println!("{}: not UTF-8 text, left out", doc.path),
        }
    }
    let project = report.project.display();
    eprintln!(
        "annexa: wrote front matter for {imported} documents in {project} ({left} had front matter, {existing} were there already; {} other files copied, {} kept)",
        report.copied, report.kept
    );
    if drafts > 0 {
        eprintln!("annexa: {drafts} of them state no status and are drafts: `annexa serve` and `annexa build --drafts` show them; set `status: approved` once approved");
    }
    eprintln!("annexa: next: `annexa check {project}`, then complete what is listed above");
    ExitCode::SUCCESS
}

fn lints() -> ExitCode {
    for lint in annexa::lint::registry::all() {
        let fixed = if lint.configurable { "" } else { " (fixed)" };
        println!(
            "{:<30} {:<8} {}{fixed}",
            lint.name,
            lint.default_level.as_str(),
            lint.summary
        );
    }
    ExitCode::SUCCESS
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build(args) => build(args),
        Command::Check(args) => check(args),
        Command::Serve(args) => serve(args),
        Command::Init(args) => init(args),
        Command::New(args) => new(args),
        Command::Soa(command) => soa(command),
        Command::Import(command) => import(command),
        Command::Pack(args) => pack(args),
        Command::Pdf(args) => pdf(args),
        Command::Lints => lints(),
    }
}
