//! The sink of `serve`: a rebuild's rendered files kept in memory by their file path
//! (`/blog/index.html`), static files read in, held back until the whole rebuild succeeded.

use std::sync::Mutex;

use std::path::Path;

use super::{CopyError, Output, WriteError};
use crate::load::static_files::ReadError;
use crate::model::routes;

/// A rebuild's rendered files, held back until the whole rebuild succeeded.
#[derive(Default)]
pub struct Memory {
    files: Mutex<Vec<(String, Vec<u8>)>>,
}

impl Memory {
    /// The files written, by their file path (as made by `routes::file_path`).
    pub fn into_files(self) -> Vec<(String, Vec<u8>)> {
        self.files
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Memory {
    fn keep(&self, path: &str, bytes: Vec<u8>) {
        let file = (routes::file_path(path), bytes);
        self.files
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push(file);
    }
}

impl Output for Memory {
    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), WriteError> {
        self.keep(path, bytes.to_vec());
        Ok(())
    }

    fn copy(&self, path: &str, source: &Path) -> Result<(), CopyError> {
        let bytes = std::fs::read(source).map_err(|error| ReadError::new("read", source, error))?;
        self.keep(path, bytes);
        Ok(())
    }
}
