//! The sink of `serve`: a rebuild's rendered files kept in memory by their file path
//! (`/blog/index.html`), static files read in, held back until the whole rebuild succeeded.
//! Files of the image cache are kept by their place only: they may still be being made, and
//! their names say what they hold.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::{CopyError, Output, WriteError};
use crate::load::static_files::ReadError;
use crate::model::routes;

/// A rebuild's rendered files, held back until the whole rebuild succeeded.
#[derive(Default)]
pub struct Memory {
    files: Mutex<Vec<(String, Kept)>>,
}

/// A file as the memory keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kept {
    Bytes(Vec<u8>),
    /// A file of the image cache, read when it is asked for.
    Cached(PathBuf),
}

impl Memory {
    /// The files written, by their file path (as made by `routes::file_path`).
    pub fn into_kept(self) -> Vec<(String, Kept)> {
        self.files
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The files written with their bytes (those of the image cache left out).
    pub fn into_files(self) -> Vec<(String, Vec<u8>)> {
        self.into_kept()
            .into_iter()
            .filter_map(|(file, kept)| match kept {
                Kept::Bytes(bytes) => Some((file, bytes)),
                Kept::Cached(_) => None,
            })
            .collect()
    }

    fn keep(&self, path: &str, kept: Kept) {
        let file = (routes::file_path(path), kept);
        self.files
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push(file);
    }
}

impl Output for Memory {
    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), WriteError> {
        self.keep(path, Kept::Bytes(bytes.to_vec()));
        Ok(())
    }

    fn copy(&self, path: &str, source: &Path) -> Result<(), CopyError> {
        let bytes = std::fs::read(source).map_err(|error| ReadError::new("read", source, error))?;
        self.keep(path, Kept::Bytes(bytes));
        Ok(())
    }

    fn refer(&self, path: &str, cached: &Path) -> Result<(), CopyError> {
        self.keep(path, Kept::Cached(cached.to_owned()));
        Ok(())
    }
}
