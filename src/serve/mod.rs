//! `annexa serve`: builds the project with drafts into memory, serves it on loopback,
//! watches the files, rebuilds what changed and reloads the open tabs that show a changed
//! page; build errors show in the page while the last good site stays up.

mod fingerprint;
pub mod http;
mod report;
pub mod site;
mod watch;
pub mod workspace;

use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::{mpsc, Arc, RwLock};

use jiff::civil::Date;
use tokio::sync::broadcast;

use crate::diagnostic::{emit_to, Diagnostic};
use crate::lint::LintFlags;
use crate::pipeline::RunError;

use http::{AllowedHosts, Notice, ServerState, Shown};
use workspace::{Change, FollowUp, Rebuilt, Workspace};

/// How to serve.
pub struct ServeOptions {
    pub project: PathBuf,
    pub bind: IpAddr,
    /// More host names to answer to (`--allow-host`).
    pub allow_hosts: Vec<String>,
    /// 0 picks a free port.
    pub port: u16,
    pub open: bool,
    pub today: Date,
    pub lint_flags: LintFlags,
}

/// Publishes rebuilds to the terminal, the server and the open tabs.
struct Publisher {
    state: ServerState,
    /// The diagnostics of the last rebuild (None before the first): after a rebuild only
    /// what changed since is printed.
    printed: Option<Vec<Diagnostic>>,
}

impl Publisher {
    /// Prints what changed in the diagnostics and the summary, swaps the site in (a failed
    /// rebuild keeps the last good one and shows its errors over the page) and tells the
    /// tabs.
    fn publish(&mut self, rebuilt: Rebuilt) {
        let colour = std::io::IsTerminal::is_terminal(&std::io::stderr());
        let _ = crate::timings::time("serve: print", || {
            report::print(
                &mut std::io::stderr().lock(),
                self.printed.as_deref(),
                &rebuilt,
                colour,
            )
        });
        let failed = rebuilt.has_errors();
        // The overlay shows every diagnostic, as the terminal does at the first build.
        let overlay = failed.then(|| {
            let mut text = Vec::new();
            let _ = emit_to(&mut text, &rebuilt.diagnostics, false);
            String::from_utf8_lossy(&text).into_owned()
        });
        let Rebuilt {
            diagnostics,
            site,
            changed,
            ..
        } = rebuilt;
        self.printed = Some(diagnostics);
        let version = match self.state.shown.write() {
            Ok(mut shown) => {
                shown.version += 1;
                if let Some(site) = site {
                    shown.site = Arc::new(site);
                }
                shown.errors.clone_from(&overlay);
                shown.version
            }
            Err(_) => return,
        };
        let _ = self.state.notices.send(match overlay {
            Some(text) => Notice::Failed(text),
            None => Notice::Reload { version, changed },
        });
    }

    /// Tells `/__annexa/status` whether a rebuild (or what follows one) is under way.
    fn busy(&self, busy: bool) {
        if let Ok(mut shown) = self.state.shown.write() {
            shown.busy = busy;
        }
    }

    /// Swaps in the site `finish_pending` completed; the tabs showing a changed page reload.
    fn follow_up(&mut self, follow_up: FollowUp) {
        match follow_up {
            FollowUp::Site { site, changed } => {
                let version = match self.state.shown.write() {
                    Ok(mut shown) => {
                        shown.site = Arc::new(site);
                        if !changed.is_empty() {
                            shown.version += 1;
                        }
                        shown.version
                    }
                    Err(_) => return,
                };
                if !changed.is_empty() {
                    let _ = self.state.notices.send(Notice::Reload {
                        version,
                        changed: Some(changed),
                    });
                }
            }
            FollowUp::Failed(rebuilt) => self.publish(rebuilt),
        }
    }
}

fn open_browser(url: &str) {
    let command = if cfg!(target_os = "macos") {
        ("open", vec![url.to_string()])
    } else if cfg!(windows) {
        (
            "cmd",
            vec!["/C".to_string(), "start".to_string(), url.to_string()],
        )
    } else {
        ("xdg-open", vec![url.to_string()])
    };
    if let Err(e) = std::process::Command::new(command.0)
        .args(&command.1)
        .spawn()
    {
        eprintln!("annexa: could not open a browser ({e}); open {url} yourself");
    }
}

/// Runs the preview server until interrupted.
pub fn run(options: ServeOptions) -> Result<(), RunError> {
    if !options.project.is_dir() {
        return Err(RunError {
            message: format!(
                "{} is not a folder: give the path of an ISMS project",
                options.project.display()
            ),
        });
    }
    let mut workspace = Workspace::new(
        options.project.clone(),
        options.today,
        options.lint_flags.clone(),
    );
    let hosts = AllowedHosts::new(options.bind, &options.allow_hosts)
        .map_err(|message| RunError { message })?;
    let (notices, _) = broadcast::channel(64);
    let state = ServerState {
        shown: Arc::new(RwLock::new(Shown::default())),
        notices,
    };
    let mut publisher = Publisher {
        state: state.clone(),
        printed: None,
    };
    // Watching starts before the first build: a file saved while it runs (or before the
    // URL is printed) is rebuilt after it, not missed.
    let (batches_tx, batches_rx) = mpsc::channel();
    let _watcher = watch::watch(&options.project, batches_tx).map_err(|e| RunError {
        message: format!("cannot watch {}: {e}", options.project.display()),
    })?;
    publisher.publish(workspace.rebuild(&Change::Everything)?);

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| RunError {
            message: format!("cannot start the server: {e}"),
        })?;
    let address = SocketAddr::new(options.bind, options.port);
    let listener = runtime.block_on(tokio::net::TcpListener::bind(address)).map_err(|e| {
        let message = if e.kind() == std::io::ErrorKind::AddrInUse {
            format!("port {} on {} is in use: choose another with --port, or --port 0 for any free port", options.port, options.bind)
        } else {
            format!("cannot listen on {address}: {e}")
        };
        RunError { message }
    })?;
    let local = listener.local_addr().map_err(|e| RunError {
        message: format!("cannot listen on {address}: {e}"),
    })?;
    if !options.bind.is_loopback() {
        eprintln!("warning: serving on {} makes the preview (drafts included) reachable from other machines; use --bind 127.0.0.1 unless you mean it", options.bind);
    }
    let url = format!("http://{local}/");
    println!(
        "annexa: serving {} at {url} (Ctrl-C stops)",
        options.project.display()
    );
    let _ = std::io::stdout().flush();

    std::thread::spawn(move || {
        let mut waiting: Option<watch::Batch> = None;
        loop {
            let mut batch = match waiting.take() {
                Some(batch) => batch,
                None => match batches_rx.recv() {
                    Ok(batch) => batch,
                    Err(_) => break,
                },
            };
            publisher.busy(true);
            // Fold batches that queued up while the last rebuild ran into one.
            while let Ok(more) = batches_rx.try_recv() {
                batch.extend(more);
            }
            if std::env::var_os("ANNEXA_DEBUG_WATCH").is_some() {
                eprintln!("annexa: changed: {batch:?}");
            }
            if let Some(change) = Change::of_paths(batch) {
                match workspace.rebuild(&change) {
                    Ok(rebuilt) => publisher.publish(rebuilt),
                    Err(e) => eprintln!("annexa: rebuild failed: {e}"),
                }
            }
            // The pages over all documents and the search index follow the edited pages,
            // unless another change is already waiting: its rebuild comes first, and they
            // follow that one.
            match batches_rx.try_recv() {
                Ok(more) => waiting = Some(more),
                Err(_) => {
                    match workspace.finish_pending() {
                        Ok(Some(follow_up)) => publisher.follow_up(follow_up),
                        Ok(None) => {}
                        Err(e) => eprintln!("annexa: rebuild failed: {e}"),
                    }
                    publisher.busy(false);
                }
            }
        }
    });

    if options.open {
        open_browser(&url);
    }
    let app = http::router(state, hosts);
    runtime.block_on(http::serve(listener, app, async {
        let _ = tokio::signal::ctrl_c().await;
    }));
    Ok(())
}
