//! Watching the project for changes with notify and a debouncer: editors' save patterns
//! (write to a temporary file and rename, delete and create) arrive as one batch of paths.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use notify::RecursiveMode;
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};

/// How long the debouncer waits after an event for more of the same burst. Editors' saves
/// (a temporary file renamed over the document, or delete and create) take a few
/// milliseconds; a burst that outlasts this arrives as two batches, and the rebuild loop
/// folds a batch that comes while it rebuilds into the next rebuild.
pub const DEBOUNCE: Duration = Duration::from_millis(20);

/// How often the debouncer looks for events that have waited `DEBOUNCE`: a change is
/// reported 20 to 25 ms after it happened.
const TICK: Duration = Duration::from_millis(5);

/// A running watcher; dropping it stops watching.
pub struct Watcher {
    _debouncer: Debouncer<notify::RecommendedWatcher, RecommendedCache>,
}

/// Project-relative paths (with `/`) of the changed files and folders in one batch.
pub type Batch = BTreeSet<String>;

fn relative(project: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(project).ok()?;
    Some(rel.to_string_lossy().replace('\\', "/"))
}

/// Watches `project` recursively and sends each debounced batch of changed paths.
pub fn watch(project: &Path, batches: mpsc::Sender<Batch>) -> notify::Result<Watcher> {
    let root: PathBuf = std::fs::canonicalize(project).unwrap_or_else(|_| project.to_path_buf());
    let prefix = root.clone();
    let mut debouncer = new_debouncer(DEBOUNCE, Some(TICK), move |result: DebounceEventResult| {
        let Ok(events) = result else { return };
        // Reading files (as every rebuild does) raises access events: only changes count.
        let batch: Batch = events
            .iter()
            .filter(|event| !matches!(event.kind, notify::EventKind::Access(_)))
            .flat_map(|event| event.paths.iter())
            .filter_map(|path| relative(&prefix, path))
            .collect();
        if !batch.is_empty() {
            let _ = batches.send(batch);
        }
    })?;
    debouncer.watch(&root, RecursiveMode::Recursive)?;
    Ok(Watcher {
        _debouncer: debouncer,
    })
}
