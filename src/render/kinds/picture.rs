//! The published files of the content's images: resized variants and the full-size copies of
//! the bundles' linked photos, taken from the image cache (filled before the render, or behind
//! it in the preview: see `pipeline::MakeImages`), and SVGs and animations as they are.

use super::{Body, Kind, Model, Sitemap, Sources};
use crate::images::{OutputFormat, Variant};
use crate::render::RenderError;
use crate::render::inputs::Shared;

#[derive(Clone)]
pub struct PictureFile;

impl Kind for PictureFile {
    /// The variant: its name holds the hash of its source and settings.
    type File = Variant;
    type Inputs<'a> = &'a Variant;
    const READS_SHARED: bool = false;

    fn plan(&self, model: Model) -> Vec<Variant> {
        model
            .site
            .pictures()
            .into_iter()
            .flat_map(|picture| picture.files.iter().cloned())
            .collect()
    }

    fn path(&self, _: Model, variant: &Variant) -> String {
        variant.path.clone()
    }

    fn sitemap(&self, _: Model, _: &Variant) -> Sitemap {
        Sitemap::Unlisted
    }

    fn inputs<'a>(&self, _: &'a Sources, variant: &'a Variant) -> &'a Variant {
        variant
    }

    fn render(_: &Shared, _: &str, variant: &&Variant) -> Result<Body, RenderError> {
        Ok(match variant.format {
            // The source itself, which the writer may change under the same name.
            OutputFormat::AsIs => Body::Copy(variant.file.clone()),
            _ => Body::Cached(variant.file.clone()),
        })
    }
}
