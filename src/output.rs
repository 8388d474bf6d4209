//! Writing the site: into a staging folder beside the output folder, swapped in only when the
//! whole build succeeded, so a failed build leaves the previous output exactly as it was.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::content::is_editor_litter;
use crate::routes;

#[derive(Debug, thiserror::Error)]
#[error("cannot {action} {}: {source}", path.display())]
pub struct WriteError {
    action: &'static str,
    path: PathBuf,
    source: io::Error,
}

impl WriteError {
    pub fn new(action: &'static str, path: &Path, source: io::Error) -> WriteError {
        WriteError {
            action,
            path: path.to_path_buf(),
            source,
        }
    }
}

fn io_error<'p>(action: &'static str, path: &'p Path) -> impl FnOnce(io::Error) -> WriteError + 'p {
    move |source| WriteError::new(action, path, source)
}

/// Where rendered files go: a staging folder for `build`; the preview server may keep them elsewhere.
pub trait Output: Sync {
    /// Writes the file that serves the site path `path` (such as `/blog/` or `/feed.xml`).
    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), WriteError>;

    /// Told, before the first `write`, how many files the render will write at most.
    fn expect(&self, _files: usize) {}
}

/// Told of the files as they are written; the command line draws its progress bar with it.
pub trait Progress: Sync {
    fn expect(&self, files: usize);
    fn advance(&self);
}

/// An output that tells `progress` of every file written to it.
pub struct Reporting<'a, O> {
    pub output: &'a O,
    pub progress: &'a dyn Progress,
}

impl<O: Output> Output for Reporting<'_, O> {
    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), WriteError> {
        self.output.write(path, bytes)?;
        self.progress.advance();
        Ok(())
    }

    fn expect(&self, files: usize) {
        self.progress.expect(files);
    }
}

pub struct Staging {
    target: PathBuf,
    dir: PathBuf,
    committed: bool,
    files: AtomicUsize,
}

impl Staging {
    /// Starts a staging folder next to `target` (on the same file system, so the swap is a rename).
    pub fn create(target: &Path) -> Result<Staging, WriteError> {
        let parent = target.parent().unwrap_or(Path::new("."));
        fs::create_dir_all(parent).map_err(io_error("create the folder", parent))?;
        let name = target.file_name().unwrap_or_default().to_string_lossy();
        let dir = parent.join(format!(".{name}.staging-{}", std::process::id()));
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

    /// Copies the static files (see [`static_files`]).
    pub fn copy_static(&self, root: &Path, dirs: &[PathBuf]) -> Result<usize, WriteError> {
        let files = static_files(root, dirs)?;
        files.par_iter().try_for_each(|(relative, source)| {
            let destination = self.dir.join(relative);
            if let Some(parent) = destination.parent() {
                fs::create_dir_all(parent).map_err(io_error("create the folder", parent))?;
            }
            fs::copy(source, &destination).map_err(io_error("copy", source))?;
            self.files.fetch_add(1, Ordering::Relaxed);
            Ok(())
        })?;
        Ok(files.len())
    }

    /// Replaces the output folder with the staging folder.
    pub fn commit(mut self) -> Result<(), WriteError> {
        let name = self
            .target
            .file_name()
            .unwrap_or_default()
            .to_string_lossy();
        let previous = self
            .target
            .with_file_name(format!(".{name}.previous-{}", std::process::id()));
        let had_previous = self.target.exists();
        if had_previous {
            fs::rename(&self.target, &previous).map_err(io_error("move aside", &self.target))?;
        }
        if let Err(error) = fs::rename(&self.dir, &self.target) {
            if had_previous {
                // Put the old site back; if even that fails, the message names where it is.
                let _ = fs::rename(&previous, &self.target);
            }
            return Err(io_error("move the new site into", &self.target)(error));
        }
        self.committed = true;
        if had_previous {
            fs::remove_dir_all(&previous)
                .map_err(io_error("remove the previous site at", &previous))?;
        }
        Ok(())
    }
}

/// The static files to publish, by their path below the output folder: the folders' files in
/// order, a later folder's file replacing an earlier one's. Symbolic links are followed, but only
/// to files inside the site's folder or the static folder, so that no link publishes a file from
/// elsewhere.
pub fn static_files(
    root: &Path,
    dirs: &[PathBuf],
) -> Result<BTreeMap<PathBuf, PathBuf>, WriteError> {
    let site = root
        .canonicalize()
        .map_err(io_error("find the site's folder", root))?;
    let mut files: BTreeMap<PathBuf, PathBuf> = BTreeMap::new();
    for dir in dirs.iter().filter(|dir| dir.is_dir()) {
        let real_dir = dir
            .canonicalize()
            .map_err(io_error("find the folder", dir))?;
        for entry in WalkDir::new(dir).follow_links(true) {
            let entry = entry.map_err(|error| {
                let path = error.path().unwrap_or(dir).to_path_buf();
                let source = error
                    .into_io_error()
                    .unwrap_or_else(|| io::Error::other("a symbolic link loop"));
                WriteError::new("read", &path, source)
            })?;
            let litter = is_editor_litter(&entry.file_name().to_string_lossy());
            if !entry.file_type().is_file() || litter {
                continue;
            }
            let real = entry
                .path()
                .canonicalize()
                .map_err(io_error("follow the link", entry.path()))?;
            if !real.starts_with(&site) && !real.starts_with(&real_dir) {
                continue;
            }
            let relative = entry
                .path()
                .strip_prefix(dir)
                .unwrap_or(entry.path())
                .to_path_buf();
            files.insert(relative, entry.into_path());
        }
    }
    Ok(files)
}

impl Output for Staging {
    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), WriteError> {
        let file = self.dir.join(routes::output_file(path));
        if let Some(parent) = file.parent() {
            fs::create_dir_all(parent).map_err(io_error("create the folder", parent))?;
        }
        fs::write(&file, bytes).map_err(io_error("write", &file))?;
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
