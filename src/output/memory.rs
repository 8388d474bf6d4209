//! The sink of `serve`: a rebuild's rendered files kept in memory by their file path
//! (`/blog/index.html`), static files read in, held back until the whole rebuild succeeded.
//! A file of the image cache not made yet is kept by its place: it is being made in the
//! background, and its name says what it will hold.

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
    /// A file of the image cache still to be made, read when it is asked for.
    Cached(PathBuf),
}

impl Memory {
    /// The files written, by their file path (as made by `routes::file_path`).
    pub fn into_kept(self) -> Vec<(String, Kept)> {
        self.files
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The files written with their bytes (those of the image cache not made yet left out).
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
        let kept = match std::fs::read(cached) {
            Ok(bytes) => Kept::Bytes(bytes),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                Kept::Cached(cached.to_owned())
            }
            Err(error) => return Err(ReadError::new("read", cached, error).into()),
        };
        self.keep(path, kept);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cached_file_is_kept_by_its_bytes_once_made_and_by_its_place_before() {
        let dir = tempfile::tempdir().unwrap();
        let made = dir.path().join("foto-16-1.jpg");
        std::fs::write(&made, b"made").unwrap();
        let coming = dir.path().join("foto-16-2.jpg");
        let memory = Memory::default();
        memory.refer("/img/foto-16-1.jpg", &made).unwrap();
        memory.refer("/img/foto-16-2.jpg", &coming).unwrap();
        assert_eq!(
            memory.into_kept(),
            [
                (
                    "/img/foto-16-1.jpg".to_owned(),
                    Kept::Bytes(b"made".to_vec())
                ),
                ("/img/foto-16-2.jpg".to_owned(), Kept::Cached(coming)),
            ]
        );
    }
}
