//! `annexa serve`: builds the project with drafts into memory, serves it on loopback,
//! watches the files, rebuilds what changed and reloads the open tabs; build errors show in
//! the page while the last good site stays up.

mod fingerprint;
pub mod http;
pub mod site;
mod watch;
pub mod workspace;

use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::{mpsc, Arc, RwLock};

use jiff::civil::Date;
use tokio::sync::broadcast;

use crate::diagnostic::{emit_to, Counts};
use crate::lint::LintFlags;
use crate::pipeline::RunError;

use http::{Notice, ServerState, Shown};
use workspace::{Change, Rebuilt, Workspace};

/// How to serve.
pub struct ServeOptions {
    pub project: PathBuf,
    pub bind: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    pub open: bool,
    pub today: Date,
    pub lint_flags: LintFlags,
}

/// Prints a rebuild's diagnostics and a one-line summary; returns the diagnostics as text
/// (what the error overlay shows).
fn report(rebuilt: &Rebuilt) -> String {
    let mut text = Vec::new();
    let _ = emit_to(&mut text, &rebuilt.diagnostics, false);
    let text = String::from_utf8_lossy(&text).into_owned();
    let mut err = std::io::stderr().lock();
    let _ = emit_to(
        &mut err,
        &rebuilt.diagnostics,
        std::io::IsTerminal::is_terminal(&std::io::stderr()),
    );
    let counts = Counts::of(&rebuilt.diagnostics);
    let _ = if rebuilt.has_errors() {
        writeln!(
            err,
            "annexa: {}; still serving the last good site",
            crate::diagnostic::summary_line(counts)
        )
    } else {
        writeln!(
            err,
            "annexa: rebuilt {} ({}) in {} ms ({})",
            crate::diagnostic::plural(rebuilt.rendered, "file"),
            crate::diagnostic::plural(rebuilt.documents_rendered, "document page"),
            rebuilt.elapsed.as_millis(),
            crate::diagnostic::summary_line(counts)
        )
    };
    text
}

/// Publishes a rebuild to the server and the open tabs.
fn publish(state: &ServerState, rebuilt: Rebuilt) {
    let text = report(&rebuilt);
    let failed = rebuilt.has_errors();
    let version = match state.shown.write() {
        Ok(mut shown) => {
            shown.version += 1;
            if let Some(site) = rebuilt.site {
                shown.site = Arc::new(site);
            }
            shown.errors = failed.then(|| text.clone());
            shown.version
        }
        Err(_) => return,
    };
    let _ = state.notices.send(if failed {
        Notice::Failed(text)
    } else {
        Notice::Reload(version)
    });
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
    let (notices, _) = broadcast::channel(64);
    let state = ServerState {
        shown: Arc::new(RwLock::new(Shown::default())),
        notices,
    };
    publish(&state, workspace.rebuild(&Change::Everything)?);

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

    let (batches_tx, batches_rx) = mpsc::channel();
    let _watcher = watch::watch(&options.project, batches_tx).map_err(|e| RunError {
        message: format!("cannot watch {}: {e}", options.project.display()),
    })?;
    let rebuild_state = state.clone();
    std::thread::spawn(move || {
        while let Ok(mut batch) = batches_rx.recv() {
            // Fold batches that queued up while the last rebuild ran into one.
            while let Ok(more) = batches_rx.try_recv() {
                batch.extend(more);
            }
            if std::env::var_os("ANNEXA_DEBUG_WATCH").is_some() {
                eprintln!("annexa: changed: {batch:?}");
            }
            let Some(change) = Change::of_paths(batch) else {
                continue;
            };
            match workspace.rebuild(&change) {
                Ok(rebuilt) => publish(&rebuild_state, rebuilt),
                Err(e) => eprintln!("annexa: rebuild failed: {e}"),
            }
            // The search index of a fast rebuild follows its pages, without a reload.
            if let Some(site) = workspace.finish_pending() {
                if let Ok(mut shown) = rebuild_state.shown.write() {
                    shown.site = Arc::new(site);
                }
            }
        }
    });

    if options.open {
        open_browser(&url);
    }
    let app = http::router(state);
    runtime
        .block_on(async move {
            axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = tokio::signal::ctrl_c().await;
                })
                .await
        })
        .map_err(|e| RunError {
            message: format!("the server stopped: {e}"),
        })
}
