//! A page such as `/ueber/`: a Markdown file outside the blog.

use super::{Body, Kind, Model, Sitemap, Sources};
use crate::load::content::Page;
use crate::model::routes;
use crate::render::RenderError;
use crate::render::html::to_value;
use crate::render::inputs::{Known, Shared};
use crate::render::page_meta::Subject;
use crate::render::views;

#[derive(Clone)]
pub struct PagePage;

impl Kind for PagePage {
    /// The page's index in `Site::pages`.
    type File = usize;
    type Inputs<'a> = Known<'a, Page>;

    fn plan(&self, model: Model) -> Vec<usize> {
        (0..model.site.pages.len()).collect()
    }

    fn path(&self, model: Model, index: &usize) -> String {
        routes::page(&model.site.pages[*index].slug)
    }

    fn sitemap(&self, _: Model, _: &usize) -> Sitemap {
        Sitemap::Listed {
            last_modified: None,
        }
    }

    fn inputs<'a>(&self, from: &'a Sources, index: &'a usize) -> Known<'a, Page> {
        Known::page(&from.site.pages[*index])
    }

    fn render(shared: &Shared, path: &str, page: &Known<Page>) -> Result<Body, RenderError> {
        let mut context = shared.context(path);
        context.insert("meta".into(), shared.meta(&Subject::Page(page), path)?);
        context.insert(
            "page".into(),
            to_value(&views::page_view(shared.config, page))?,
        );
        Ok(Body::Text(shared.template("page.html", path, context)?))
    }
}
