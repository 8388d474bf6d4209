//! The files of the theme's and the site's `static/` folders, published as they are.

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
        model.static_files.keys().cloned().collect()
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
        Known::static_file(&from.static_files[relative])
    }

    fn render(
        _: &Shared,
        _: &str,
        file: &Known<static_files::StaticFile>,
    ) -> Result<Body, RenderError> {
        Ok(Body::Copy(file.source.clone()))
    }
}
