//! The sink of `check`: renders go nowhere, but a name `build` could not write is still refused.

use std::path::Path;

use super::{CopyError, Output, WriteError, output_file};

/// Keeps nothing; `check` wants only the problems, among them a name `build` could not write.
pub struct Discard;

impl Output for Discard {
    fn write(&self, path: &str, _bytes: &[u8]) -> Result<(), WriteError> {
        output_file(path).map(drop)
    }

    fn copy(&self, path: &str, _source: &Path) -> Result<(), CopyError> {
        Ok(output_file(path).map(drop)?)
    }
}
