//! The served site, kept in memory: every file by its site path (`/blog/index.html`), the
//! rendered and the static alike, swapped in only after a rebuild succeeded.

use std::collections::HashMap;
use std::sync::RwLock;

use axum::body::Bytes;

use crate::model::routes;
use crate::output::memory::Memory;
use crate::render::RenderReport;

#[derive(Default)]
pub struct SiteFiles {
    files: RwLock<HashMap<String, Bytes>>,
}

impl SiteFiles {
    /// The file at the site path `file` (as made by `routes::file_path`).
    pub fn get(&self, file: &str) -> Option<Bytes> {
        let files = self
            .files
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        files.get(file).cloned()
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
        files.extend(
            made.into_files()
                .into_iter()
                .map(|(file, bytes)| (file, Bytes::from(bytes))),
        );
    }
}
