//! The staging folder: a build's files written beside the output folder and swapped in only
//! when the whole build succeeded, so a failed build leaves the previous output as it was.

use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use super::{CopyError, Output, WriteError, io_error, output_file};

/// A build's files, written into a new folder beside the output folder.
pub struct Staging {
    target: PathBuf,
    dir: PathBuf,
    committed: bool,
    files: AtomicUsize,
}

/// What a failed build did to the output folder it was to replace: the message after a failure
/// says exactly this, never more.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Left {
    /// There was no output folder before, and none was made.
    NothingWritten,
    /// The output folder is byte for byte what it was before the build.
    AsItWas,
    /// The swap failed halfway and even putting the old folder back failed: it is here.
    SetAside(PathBuf),
}

impl fmt::Display for Left {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Left::NothingWritten => write!(f, "nothing was written"),
            Left::AsItWas => write!(f, "the previous output was left as it was"),
            Left::SetAside(path) => write!(
                f,
                "the previous output could not be put back and is now at {}",
                path.display()
            ),
        }
    }
}

/// A swap that failed, and where that left the previous output.
#[derive(Debug, thiserror::Error)]
#[error("{error}")]
pub struct SwapError {
    pub error: WriteError,
    pub left: Left,
}

/// A finished swap; `leftover` tells of a previous output that could not be removed afterwards
/// (the new site is in place all the same).
#[derive(Debug)]
pub struct Swapped {
    pub leftover: Option<WriteError>,
}

impl Staging {
    /// Starts a staging folder next to `target` (on the same file system, so the swap is a
    /// rename), after removing the staging and previous folders that builds which were killed
    /// left beside it.
    pub fn create(target: &Path) -> Result<Staging, WriteError> {
        let parent = target.parent().unwrap_or(Path::new("."));
        fs::create_dir_all(parent).map_err(io_error("create the folder", parent))?;
        remove_stale(target);
        let dir = beside(target, "staging", std::process::id());
        if dir.exists() {
            fs::remove_dir_all(&dir).map_err(io_error("clear the old staging folder", &dir))?;
        }
        fs::create_dir(&dir).map_err(io_error("create the staging folder", &dir))?;
        Ok(Staging {
            target: target.to_path_buf(),
            dir,
            committed: false,
            files: AtomicUsize::new(0),
        })
    }

    pub fn files_written(&self) -> usize {
        self.files.load(Ordering::Relaxed)
    }

    /// Puts the staging folder in the output folder's place.
    ///
    /// Where the system can exchange two folders in one step (Linux's `renameat2` with
    /// `RENAME_EXCHANGE`), the output folder is at every moment either the old site or the new
    /// one. Elsewhere the old folder is renamed aside first and the new one renamed into its
    /// place; a failure in between puts the old one back, and for the moment between the two
    /// renames there is no output folder.
    pub fn commit(self) -> Result<Swapped, SwapError> {
        self.commit_with(exchange)
    }

    /// [`Staging::commit`] with the system's exchange of two folders given, so that tests can
    /// take the way of systems without one.
    fn commit_with(
        mut self,
        exchange: fn(&Path, &Path) -> io::Result<()>,
    ) -> Result<Swapped, SwapError> {
        let target = self.target.clone();
        if target.symlink_metadata().is_err() {
            fs::rename(&self.dir, &target).map_err(failed(
                "move the new site into",
                &target,
                Left::NothingWritten,
            ))?;
            self.committed = true;
            return Ok(Swapped { leftover: None });
        }
        let old = match exchange(&self.dir, &target) {
            // The staging folder's name now holds the previous output.
            Ok(()) => self.dir.clone(),
            Err(error) if exchange_unsupported(&error) => {
                let aside = beside(&target, "previous", std::process::id());
                fs::rename(&target, &aside).map_err(failed(
                    "move aside",
                    &target,
                    Left::AsItWas,
                ))?;
                if let Err(error) = fs::rename(&self.dir, &target) {
                    let left = match fs::rename(&aside, &target) {
                        Ok(()) => Left::AsItWas,
                        Err(_) => Left::SetAside(aside),
                    };
                    return Err(failed("move the new site into", &target, left)(error));
                }
                aside
            }
            Err(error) => {
                return Err(failed("swap the new site into", &target, Left::AsItWas)(
                    error,
                ));
            }
        };
        self.committed = true;
        let leftover = fs::remove_dir_all(&old)
            .err()
            .map(|error| WriteError::new("remove the previous output at", &old, error));
        Ok(Swapped { leftover })
    }
}

fn failed<'p>(
    action: &'static str,
    path: &'p Path,
    left: Left,
) -> impl FnOnce(io::Error) -> SwapError + 'p {
    move |source| SwapError {
        error: WriteError::new(action, path, source),
        left,
    }
}

/// `.<name>.<what>-<pid>` beside `target`.
fn beside(target: &Path, what: &str, pid: u32) -> PathBuf {
    let name = target.file_name().unwrap_or_default().to_string_lossy();
    target.with_file_name(format!(".{name}.{what}-{pid}"))
}

/// Removes the staging and previous folders beside `target` that belong to no running build.
/// What cannot be removed stays; the next build tries again.
fn remove_stale(target: &Path) {
    let name = target.file_name().unwrap_or_default().to_string_lossy();
    let parent = target.parent().unwrap_or(Path::new("."));
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let file_name = file_name.to_string_lossy();
        let pid = ["staging", "previous"].iter().find_map(|what| {
            file_name
                .strip_prefix(&format!(".{name}.{what}-"))
                .and_then(|pid| pid.parse::<u32>().ok())
        });
        let Some(pid) = pid else { continue };
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if is_dir && pid != std::process::id() && !is_running(pid, &entry.path()) {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

/// Whether the build with process id `pid`, which made `folder`, may still be running.
#[cfg(target_os = "linux")]
fn is_running(pid: u32, _folder: &Path) -> bool {
    Path::new("/proc").join(pid.to_string()).exists()
}

/// Whether the build with process id `pid`, which made `folder`, may still be running: without
/// `/proc`, a folder untouched for a day is taken as left by a build that was killed.
#[cfg(not(target_os = "linux"))]
fn is_running(_pid: u32, folder: &Path) -> bool {
    const DAY: std::time::Duration = std::time::Duration::from_secs(24 * 60 * 60);
    let age = folder
        .metadata()
        .and_then(|metadata| metadata.modified())
        .ok()
        .and_then(|modified| modified.elapsed().ok());
    !age.is_some_and(|age| age >= DAY)
}

/// Exchanges the folders `a` and `b` in one step.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(io::Error::from)
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> io::Result<()> {
    Err(io::ErrorKind::Unsupported.into())
}

/// The errors by which Linux or a file system says it cannot exchange two paths (kernels before
/// 3.15, some network and FUSE file systems), so that the two renames are the way left.
#[cfg(target_os = "linux")]
fn exchange_unsupported(error: &io::Error) -> bool {
    use rustix::io::Errno;
    error.kind() == io::ErrorKind::Unsupported
        || [Errno::INVAL, Errno::NOSYS, Errno::OPNOTSUPP]
            .iter()
            .any(|errno| error.raw_os_error() == Some(errno.raw_os_error()))
}

#[cfg(not(target_os = "linux"))]
fn exchange_unsupported(error: &io::Error) -> bool {
    error.kind() == io::ErrorKind::Unsupported
}

impl Output for Staging {
    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), WriteError> {
        let file = self.dir.join(output_file(path)?);
        if let Some(parent) = file.parent() {
            fs::create_dir_all(parent).map_err(io_error("create the folder", parent))?;
        }
        fs::write(&file, bytes).map_err(io_error("write", &file))?;
        self.files.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    fn copy(&self, path: &str, source: &Path) -> Result<(), CopyError> {
        let file = self.dir.join(output_file(path)?);
        if let Some(parent) = file.parent() {
            fs::create_dir_all(parent).map_err(io_error("create the folder", parent))?;
        }
        fs::copy(source, &file).map_err(io_error("copy", source))?;
        self.files.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            // A failed build leaves nothing behind; the previous output was never touched.
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site_in(dir: &Path, text: &str) {
        fs::create_dir_all(dir).unwrap();
        fs::write(dir.join("index.html"), text).unwrap();
    }

    /// The swap is one exchange where the system has one: the folders trade places, so the
    /// output folder never goes missing in between.
    #[cfg(target_os = "linux")]
    #[test]
    fn folders_are_exchanged_in_one_step() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        site_in(&a, "A");
        site_in(&b, "B");
        exchange(&a, &b).unwrap();
        assert_eq!(fs::read_to_string(a.join("index.html")).unwrap(), "B");
        assert_eq!(fs::read_to_string(b.join("index.html")).unwrap(), "A");
    }

    #[test]
    fn a_commit_replaces_the_output_and_removes_the_previous_one() {
        let dir = tempfile::tempdir().unwrap();
        let public = dir.path().join("public");
        site_in(&public, "alt");
        let staging = Staging::create(&public).unwrap();
        staging.write("/", b"neu").unwrap();
        let swapped = staging.commit().unwrap();
        assert!(swapped.leftover.is_none());
        assert_eq!(
            fs::read_to_string(public.join("index.html")).unwrap(),
            "neu"
        );
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|entry| entry.unwrap().file_name())
            .collect();
        assert_eq!(names, ["public"]);
    }

    fn no_exchange(_a: &Path, _b: &Path) -> io::Result<()> {
        Err(io::ErrorKind::Unsupported.into())
    }

    #[test]
    fn without_an_exchange_the_old_site_is_renamed_aside_and_back_on_failure() {
        let dir = tempfile::tempdir().unwrap();
        let public = dir.path().join("public");
        site_in(&public, "alt");
        let staging = Staging::create(&public).unwrap();
        staging.write("/", b"neu").unwrap();
        assert!(staging.commit_with(no_exchange).unwrap().leftover.is_none());
        assert_eq!(
            fs::read_to_string(public.join("index.html")).unwrap(),
            "neu"
        );
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);

        // The new site cannot be moved in (here: its folder is gone): the old one goes back.
        let staging = Staging::create(&public).unwrap();
        fs::remove_dir_all(&staging.dir).unwrap();
        let failed = staging.commit_with(no_exchange).unwrap_err();
        assert_eq!(failed.left, Left::AsItWas);
        assert_eq!(
            fs::read_to_string(public.join("index.html")).unwrap(),
            "neu"
        );
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
