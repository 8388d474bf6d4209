//! Where rendered files go: the `Output` sinks (a staging folder swapped in by `build`, memory
//! for `serve`, nothing for `check`) and the errors of writing.

pub mod discard;
pub mod memory;
pub mod staging;

use std::io;
use std::path::{Path, PathBuf};

use crate::load::static_files::ReadError;
use crate::model::routes;

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

/// A static file that could not be published: its source could not be read, or its copy written.
#[derive(Debug, thiserror::Error)]
pub enum CopyError {
    #[error(transparent)]
    Read(#[from] ReadError),
    #[error(transparent)]
    Write(#[from] WriteError),
}

/// Where the site's files go: a staging folder for `build`, memory for `serve`, nowhere for `check`.
pub trait Output: Sync {
    /// Writes the file that serves the site path `path` (such as `/blog/` or `/feed.xml`).
    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), WriteError>;

    /// Publishes the file `source` as it is, at the site path `path` (such as `/css/style.css`).
    fn copy(&self, path: &str, source: &Path) -> Result<(), CopyError>;

    /// Publishes `cached`, a file of the image cache whose name says what it holds (so that it
    /// never changes), at the site path `path`. It is copied, unless the sink can refer to it:
    /// the preview's memory keeps the place of one that is still being made.
    fn refer(&self, path: &str, cached: &Path) -> Result<(), CopyError> {
        self.copy(path, cached)
    }

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

    fn copy(&self, path: &str, source: &Path) -> Result<(), CopyError> {
        self.output.copy(path, source)?;
        self.progress.advance();
        Ok(())
    }

    fn refer(&self, path: &str, cached: &Path) -> Result<(), CopyError> {
        self.output.refer(path, cached)?;
        self.progress.advance();
        Ok(())
    }

    fn expect(&self, files: usize) {
        self.progress.expect(files);
    }
}

/// The most bytes file systems allow in one name (ext4, XFS, Btrfs, APFS and NTFS alike).
const MOST_NAME_BYTES: usize = 255;

/// The file below the output folder that serves the site path `path`, refused when a name in it
/// is longer than file systems allow: `check` asks too, so it finds what `build` would fail at.
pub fn output_file(path: &str) -> Result<PathBuf, WriteError> {
    let file = routes::output_file(path);
    match file.iter().find(|name| name.len() > MOST_NAME_BYTES) {
        Some(name) => Err(WriteError::new(
            "write",
            &file,
            io::Error::other(format!(
                "the name `{}` is {} bytes long, and file systems allow {MOST_NAME_BYTES}",
                name.to_string_lossy(),
                name.len()
            )),
        )),
        None => Ok(file),
    }
}
