//! The files of the theme's and the site's `static/` folders and of the page bundles, published
//! as they are (every static folder is published verbatim); a bundle's linked photo is the
//! `picture` kind's, as a clean copy.

use std::path::{Component, PathBuf};

use super::{Body, Kind, Model, Sitemap, Sources};
use crate::load::static_files;
use crate::render::RenderError;
use crate::render::inputs::{Known, Shared};

#[derive(Clone)]
pub struct StaticFile;

impl Kind for StaticFile {
    /// The file's path below the output folder.
    type File = PathBuf;
    type Inputs<'a> = Known<'a, static_files::StaticFile>;
    const READS_SHARED: bool = false;

    fn plan(&self, model: Model) -> Vec<PathBuf> {
        // A bundle's file where a static file is published is an error (`Site::static_collisions`).
        let bundled = model
            .site
            .bundle_files
            .iter()
            .filter(|(_, file)| file.clean.is_none())
            .map(|(path, _)| path);
        let static_files = model.static_files.keys();
        let mut files: Vec<PathBuf> = static_files.chain(bundled).cloned().collect();
        files.sort();
        files.dedup();
        files
    }

    fn path(&self, _: Model, relative: &PathBuf) -> String {
        relative
            .components()
            .filter_map(|component| match component {
                Component::Normal(name) => Some(format!("/{}", name.to_string_lossy())),
                _ => None,
            })
            .collect()
    }

    fn sitemap(&self, _: Model, _: &PathBuf) -> Sitemap {
        Sitemap::Unlisted
    }

    fn inputs<'a>(
        &self,
        from: &'a Sources,
        relative: &'a PathBuf,
    ) -> Known<'a, static_files::StaticFile> {
        match from.static_files.get(relative) {
            Some(file) => Known::static_file(file),
            None => Known::static_file(&from.site.bundle_files[relative].file),
        }
    }

    fn render(
        _: &Shared,
        _: &str,
        file: &Known<static_files::StaticFile>,
    ) -> Result<Body, RenderError> {
        Ok(Body::Copy(file.source.clone()))
    }
}
