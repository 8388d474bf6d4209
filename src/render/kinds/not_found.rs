//! `/404.html`, which web servers show for an address the site does not have.

use super::{Body, Kind, Model, Sitemap, Sources};
use crate::model::routes;
use crate::render::RenderError;
use crate::render::inputs::Shared;
use crate::render::page_meta::Subject;

#[derive(Clone)]
pub struct NotFound;

impl Kind for NotFound {
    type File = ();
    type Inputs<'a> = ();

    fn plan(&self, _: Model) -> Vec<()> {
        vec![()]
    }

    fn path(&self, _: Model, _: &()) -> String {
        routes::NOT_FOUND.to_owned()
    }

    fn sitemap(&self, _: Model, _: &()) -> Sitemap {
        Sitemap::Unlisted
    }

    fn inputs(&self, _: &Sources, _: &()) {}

    fn render(shared: &Shared, path: &str, _: &()) -> Result<Body, RenderError> {
        let mut context = shared.context(path);
        context.insert("meta".into(), shared.meta(&Subject::NotFound, path)?);
        Ok(Body::Text(shared.template("404.html", path, context)?))
    }
}
