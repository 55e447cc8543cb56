//! One writer per output folder: an advisory lock on the folder that holds the output, taken
//! before a build clears leftovers beside the output and held until its site is swapped in.
//!
//! Two builds into one output (a CI job and a developer, two jobs on one runner) used to
//! clear each other's staging folders and swap half-written sites in. The lock is `flock`
//! on the parent folder: it needs no file of its own (nothing to clean up, nothing to
//! ignore in git) and the system releases it when the process ends, however it ends.

use std::fs;
use std::path::Path;

use super::OutputError;

/// What to do when another build holds the lock.
#[derive(Clone, Copy)]
pub enum WhenBusy<'a> {
    /// Wait for it, calling this first (to say so).
    Wait(&'a dyn Fn(&Path)),
    /// Give up at once with an error (`--no-wait`).
    Refuse,
}

/// Held while the output is written; released when dropped.
#[derive(Debug)]
pub struct OutputLock {
    _folder: fs::File,
}

impl OutputLock {
    /// Locks the folder that holds `target` (created if missing).
    pub fn acquire(target: &Path, when_busy: WhenBusy<'_>) -> Result<OutputLock, OutputError> {
        let parent = target.parent().unwrap_or(target);
        fs::create_dir_all(parent).map_err(|e| super::io_error("cannot create", parent, e))?;
        let folder = fs::File::open(parent)
            .map_err(|e| super::io_error("cannot open the folder of", target, e))?;
        lock(&folder, target, when_busy)?;
        Ok(OutputLock { _folder: folder })
    }
}

#[cfg(unix)]
fn lock(folder: &fs::File, target: &Path, when_busy: WhenBusy<'_>) -> Result<(), OutputError> {
    use rustix::fs::{flock, FlockOperation};
    use rustix::io::Errno;
    match flock(folder, FlockOperation::NonBlockingLockExclusive) {
        Ok(()) => Ok(()),
        Err(Errno::WOULDBLOCK) => match when_busy {
            WhenBusy::Refuse => Err(OutputError {
                message: format!(
                    "another annexa build is writing to {} (or beside it); run again when it \
                     is done, or leave out --no-wait to wait for it",
                    target.display()
                ),
            }),
            WhenBusy::Wait(say) => {
                say(target);
                flock(folder, FlockOperation::LockExclusive).map_err(|e| OutputError {
                    message: format!("cannot lock the folder of {}: {e}", target.display()),
                })
            }
        },
        // File systems without locks (some network mounts): one writer cannot be ensured,
        // but the build itself still works as before.
        Err(Errno::NOLCK | Errno::OPNOTSUPP | Errno::BADF) => Ok(()),
        Err(e) => Err(OutputError {
            message: format!("cannot lock the folder of {}: {e}", target.display()),
        }),
    }
}

#[cfg(not(unix))]
fn lock(_: &fs::File, _: &Path, _: WhenBusy<'_>) -> Result<(), OutputError> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_writer_is_refused_or_waits() {
        let Ok(dir) = tempfile::tempdir() else { return };
        let target = dir.path().join("_site");
        let first = OutputLock::acquire(&target, WhenBusy::Refuse);
        assert!(first.is_ok());
        let refused = OutputLock::acquire(&target, WhenBusy::Refuse);
        assert!(refused.is_err_and(|e| e.message.contains("another annexa build")));
        let waited = std::sync::atomic::AtomicBool::new(false);
        std::thread::scope(|s| {
            let waiter = s.spawn(|| {
                let say = |_: &Path| waited.store(true, std::sync::atomic::Ordering::SeqCst);
                OutputLock::acquire(&target, WhenBusy::Wait(&say)).is_ok()
            });
            while !waited.load(std::sync::atomic::Ordering::SeqCst) {
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
            drop(first);
            assert!(waiter.join().unwrap_or(false));
        });
    }
}
