//! The served site, kept in memory: every file by its site path (`/blog/index.html`), the
//! rendered and the static alike, swapped in only after a rebuild succeeded; an image's variant
//! not made yet by its place in the image cache, until it is made and asked for.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::RwLock;

use axum::body::Bytes;

use crate::model::routes;
use crate::output::memory::{Kept, Memory};
use crate::render::RenderReport;

#[derive(Default)]
pub struct SiteFiles {
    files: RwLock<HashMap<String, Served>>,
}

/// A file as it is served.
#[derive(Debug, Clone)]
pub enum Served {
    Bytes(Bytes),
    /// A variant in the image cache, made in the background if it is not there yet.
    Cached(PathBuf),
}

impl SiteFiles {
    /// The file at the site path `file` (as made by `routes::file_path`).
    pub fn get(&self, file: &str) -> Option<Served> {
        let files = self
            .files
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        files.get(file).cloned()
    }

    /// Keeps the bytes of a variant once it was made and read from the cache, so that it is
    /// served from memory from then on, as every other file is (a `build` that prunes the cache
    /// meanwhile does not take it away).
    pub fn settle(&self, file: &str, cached: &Path, bytes: Bytes) {
        let mut files = self
            .files
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(served) = files.get_mut(file)
            && matches!(served, Served::Cached(path) if path == cached)
        {
            *served = Served::Bytes(bytes);
        }
    }

    /// Takes in a successful rebuild: the files it made anew and the ones it no longer has.
    pub fn update(&self, made: Memory, report: &RenderReport) {
        let mut files = self
            .files
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        for path in report.removed.iter().chain(&report.uncopied) {
            files.remove(&routes::file_path(path));
        }
        files.extend(made.into_kept().into_iter().map(|(file, kept)| {
            let served = match kept {
                Kept::Bytes(bytes) => Served::Bytes(Bytes::from(bytes)),
                Kept::Cached(cached) => Served::Cached(cached),
            };
            (file, served)
        }));
    }
}
