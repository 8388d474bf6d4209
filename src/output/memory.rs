//! The sink of `serve`: a rebuild's rendered files kept in memory by their file path
//! (`/blog/index.html`), held back until the whole rebuild succeeded.

use std::sync::Mutex;

use super::{Output, WriteError};
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

impl Output for Memory {
    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), WriteError> {
        let file = (routes::file_path(path), bytes.to_vec());
        self.files
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push(file);
        Ok(())
    }
}
