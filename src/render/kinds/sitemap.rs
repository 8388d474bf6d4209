//! `/sitemap.xml`: every page whose kind says it is listed, in the order they are planned.

use super::{Body, Kind, Model, Sitemap, Sources};
use crate::model::routes;
use crate::render::RenderError;
use crate::render::inputs::Shared;
use crate::render::sitemap::Entry;

#[derive(Clone)]
pub struct SitemapXml;

impl Kind for SitemapXml {
    type File = ();
    /// The entries themselves: every listed page's address and last change.
    type Inputs<'a> = &'a [Entry];

    fn plan(&self, _: Model) -> Vec<()> {
        vec![()]
    }

    fn path(&self, _: Model, _: &()) -> String {
        routes::SITEMAP.to_owned()
    }

    fn sitemap(&self, _: Model, _: &()) -> Sitemap {
        Sitemap::Unlisted
    }

    fn inputs<'a>(&self, from: &'a Sources, _: &'a ()) -> &'a [Entry] {
        from.sitemap
    }

    fn render(shared: &Shared, _: &str, entries: &&[Entry]) -> Result<Body, RenderError> {
        Ok(Body::Text(crate::render::sitemap::sitemap(
            shared.config,
            entries,
        )))
    }
}
