//! The blog's listing pages: `/blog/`, `/blog/page/2/`, … with the summaries of their posts.

use super::{Body, Kind, Model, Sitemap, Sources, page_count, summaries_on_page, values};
use crate::model::routes;
use crate::render::RenderError;
use crate::render::inputs::{Known, Shared};
use crate::render::page_meta::Subject;

#[derive(Clone)]
pub struct BlogListing;

/// Page `page` (from 1) of `pages`.
pub struct Listing {
    page: usize,
    pages: usize,
}

#[derive(Hash)]
pub struct Inputs<'a> {
    page: usize,
    pages: usize,
    /// How many posts the blog has, which the paginator tells.
    items: usize,
    posts: Vec<Known<'a, tera::Value>>,
}

impl Kind for BlogListing {
    type File = Listing;
    type Inputs<'a> = Inputs<'a>;

    fn plan(&self, model: Model) -> Vec<Listing> {
        let site = model.site;
        let pages = page_count(site.posts.len(), site.config.blog.posts_per_page.get());
        (1..=pages).map(|page| Listing { page, pages }).collect()
    }

    fn path(&self, model: Model, listing: &Listing) -> String {
        routes::listing_page(&routes::blog(&model.site.config), listing.page)
    }

    fn sitemap(&self, _: Model, _: &Listing) -> Sitemap {
        Sitemap::Listed {
            last_modified: None,
        }
    }

    fn inputs<'a>(&self, from: &'a Sources, listing: &'a Listing) -> Inputs<'a> {
        Inputs {
            page: listing.page,
            pages: listing.pages,
            items: from.site.posts.len(),
            posts: summaries_on_page(from, 0..from.site.posts.len(), listing.page),
        }
    }

    fn render(shared: &Shared, path: &str, inputs: &Inputs) -> Result<Body, RenderError> {
        let mut context = shared.context(path);
        let subject = Subject::BlogListing {
            page: inputs.page,
            pages: inputs.pages,
        };
        context.insert("meta".into(), shared.meta(&subject, path)?);
        context.insert("posts".into(), values(&inputs.posts));
        let first = routes::blog(shared.config);
        let paginator = shared.paginator(&first, inputs.page, inputs.pages, inputs.items)?;
        context.insert("paginator".into(), paginator);
        Ok(Body::Text(shared.template("blog.html", path, context)?))
    }
}
