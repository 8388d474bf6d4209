//! The served site, kept in memory: the rendered files and the static files, by their site path
//! (`/blog/index.html`), swapped in only after a rebuild succeeded.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::RwLock;

use axum::body::Bytes;

use crate::load::static_files::{ReadError, static_files};
use crate::model::routes;
use crate::output::memory::Memory;
use crate::render::RenderReport;

#[derive(Default)]
pub struct SiteFiles {
    files: RwLock<Files>,
}

#[derive(Default)]
struct Files {
    rendered: HashMap<String, Bytes>,
    /// Behind the rendered files, as in `build`, where rendering overwrites a static file.
    static_files: StaticFiles,
}

impl SiteFiles {
    /// The file at the site path `file` (as made by `routes::file_path`).
    pub fn get(&self, file: &str) -> Option<Bytes> {
        let files = self
            .files
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        files
            .rendered
            .get(file)
            .or_else(|| files.static_files.get(file))
            .cloned()
    }

    /// Takes in a successful rebuild: its rendered files, the removed ones and, when they were
    /// read again, the static files. Tells whether the static files changed.
    pub fn update(
        &self,
        rendered: Memory,
        report: &RenderReport,
        static_files: Option<StaticFiles>,
    ) -> bool {
        let mut files = self
            .files
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        for path in &report.removed {
            files.rendered.remove(&routes::file_path(path));
        }
        files.rendered.extend(
            rendered
                .into_files()
                .into_iter()
                .map(|(file, bytes)| (file, Bytes::from(bytes))),
        );
        match static_files {
            Some(static_files) if static_files != files.static_files => {
                files.static_files = static_files;
                true
            }
            _ => false,
        }
    }
}

/// Static files by site path.
pub type StaticFiles = HashMap<String, Bytes>;

/// Reads the static files of `dirs` into memory.
pub fn read_static(root: &Path, dirs: &[PathBuf]) -> Result<StaticFiles, ReadError> {
    static_files(root, dirs)?
        .into_iter()
        .map(|(relative, source)| {
            let bytes =
                std::fs::read(&source).map_err(|error| ReadError::new("read", &source, error))?;
            Ok((site_path(&relative), Bytes::from(bytes)))
        })
        .collect()
}

fn site_path(relative: &Path) -> String {
    relative
        .components()
        .filter_map(|component| match component {
            Component::Normal(name) => Some(format!("/{}", name.to_string_lossy())),
            _ => None,
        })
        .collect()
}
