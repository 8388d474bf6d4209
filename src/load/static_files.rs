//! The static files a site publishes: the theme's and the site's `static/` folders listed with
//! the file each published path is copied from.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::load::content::is_editor_litter;

/// A file or folder of the site that could not be read, and what was being done with it.
#[derive(Debug, thiserror::Error)]
#[error("cannot {action} {}: {source}", path.display())]
pub struct ReadError {
    action: &'static str,
    path: PathBuf,
    source: io::Error,
}

impl ReadError {
    pub fn new(action: &'static str, path: &Path, source: io::Error) -> ReadError {
        ReadError {
            action,
            path: path.to_path_buf(),
            source,
        }
    }
}

fn io_error<'p>(action: &'static str, path: &'p Path) -> impl FnOnce(io::Error) -> ReadError + 'p {
    move |source| ReadError::new(action, path, source)
}

/// A file published as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaticFile {
    pub source: PathBuf,
    /// Of its place, length and time of its last change: the preview reads again only a file
    /// whose fingerprint changed.
    pub fingerprint: u64,
}

/// The static files to publish, by their path below the output folder.
pub type StaticFiles = BTreeMap<PathBuf, StaticFile>;

/// The static files to publish, by their path below the output folder: the folders' files in
/// order, a later folder's file replacing an earlier one's. Symbolic links are followed, but only
/// to files inside the site's folder or the static folder, so that no link publishes a file from
/// elsewhere.
pub fn static_files(root: &Path, dirs: &[PathBuf]) -> Result<StaticFiles, ReadError> {
    let site = root
        .canonicalize()
        .map_err(io_error("find the site's folder", root))?;
    let mut files = StaticFiles::new();
    for dir in dirs {
        // A missing folder has nothing to publish; one that cannot be opened is no such case.
        match dir.metadata() {
            Ok(metadata) if metadata.is_dir() => {}
            Err(error)
                if error.kind() == io::ErrorKind::NotFound && dir.symlink_metadata().is_err() =>
            {
                continue;
            }
            Ok(_) => {
                return Err(ReadError::new(
                    "read the folder",
                    dir,
                    io::Error::other("it is a file"),
                ));
            }
            Err(error) => return Err(ReadError::new("read the folder", dir, error)),
        }
        let real_dir = dir
            .canonicalize()
            .map_err(io_error("find the folder", dir))?;
        for entry in WalkDir::new(dir).follow_links(true) {
            // Emacs marks a file being edited with a link to nothing, `.#name`.
            if let Err(error) = &entry {
                let name = error.path().and_then(Path::file_name);
                if name.is_some_and(|name| is_editor_litter(&name.to_string_lossy())) {
                    continue;
                }
            }
            let entry = entry.map_err(|error| {
                let path = error.path().unwrap_or(dir).to_path_buf();
                let source = error
                    .into_io_error()
                    .unwrap_or_else(|| io::Error::other("a symbolic link loop"));
                ReadError::new("read", &path, source)
            })?;
            let litter = is_editor_litter(&entry.file_name().to_string_lossy());
            if entry.file_type().is_dir() || litter {
                continue;
            }
            if !entry.file_type().is_file() {
                return Err(ReadError::new(
                    "copy",
                    entry.path(),
                    io::Error::other("it is not a regular file (a named pipe, socket or device)"),
                ));
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
            let metadata = entry
                .metadata()
                .map_err(|error| ReadError::new("read", entry.path(), error.into()))?;
            let fingerprint = crate::render::fingerprint::of(&(
                entry.path(),
                metadata.len(),
                metadata.modified().ok(),
            ));
            let source = entry.into_path();
            files.insert(
                relative,
                StaticFile {
                    source,
                    fingerprint,
                },
            );
        }
    }
    Ok(files)
}
