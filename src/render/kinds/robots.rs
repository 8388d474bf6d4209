//! `/robots.txt`, which names the sitemap.

use super::{Body, Kind, Model, Sitemap, Sources};
use crate::model::routes;
use crate::render::RenderError;
use crate::render::inputs::Shared;

#[derive(Clone)]
pub struct Robots;

impl Kind for Robots {
    type File = ();
    type Inputs<'a> = ();

    fn plan(&self, _: Model) -> Vec<()> {
        vec![()]
    }

    fn path(&self, _: Model, _: &()) -> String {
        routes::ROBOTS.to_owned()
    }

    fn sitemap(&self, _: Model, _: &()) -> Sitemap {
        Sitemap::Unlisted
    }

    fn inputs(&self, _: &Sources, _: &()) {}

    fn render(shared: &Shared, _: &str, _: &()) -> Result<Body, RenderError> {
        Ok(Body::Text(crate::render::sitemap::robots(shared.config)))
    }
}
