//! A term's listing pages, such as `/tags/rust/` and `/tags/rust/page/2/`: its posts' summaries.

use super::{Body, Kind, Model, Sitemap, Sources, page_count, summaries_on_page, values};
use crate::model::routes::TaxonomyKind;
use crate::model::slug::Slug;
use crate::render::RenderError;
use crate::render::inputs::{Known, Shared};
use crate::render::page_meta::Subject;

/// The term pages of one taxonomy.
#[derive(Clone)]
pub struct TermListing(pub TaxonomyKind);

/// Page `page` (from 1) of `pages` of the term at `term` in its taxonomy.
pub struct Listing {
    term: usize,
    page: usize,
    pages: usize,
}

#[derive(Hash)]
pub struct Inputs<'a> {
    kind: TaxonomyKind,
    term: Known<'a, tera::Value>,
    /// The term's name, which its share preview and breadcrumbs show.
    name: &'a str,
    slug: &'a Slug,
    page: usize,
    pages: usize,
    items: usize,
    posts: Vec<Known<'a, tera::Value>>,
}

impl Kind for TermListing {
    type File = Listing;
    type Inputs<'a> = Inputs<'a>;

    fn plan(&self, model: Model) -> Vec<Listing> {
        let per_page = model.site.config.blog.posts_per_page.get();
        let terms = &model.site.taxonomy(self.0).terms;
        terms
            .iter()
            .enumerate()
            .flat_map(|(term, model)| {
                let pages = page_count(model.posts.len(), per_page);
                (1..=pages).map(move |page| Listing { term, page, pages })
            })
            .collect()
    }

    fn path(&self, model: Model, listing: &Listing) -> String {
        let term = &model.site.taxonomy(self.0).terms[listing.term];
        crate::model::routes::listing_page(&self.0.term_path(&term.slug), listing.page)
    }

    fn sitemap(&self, _: Model, _: &Listing) -> Sitemap {
        Sitemap::Listed {
            last_modified: None,
        }
    }

    fn inputs<'a>(&self, from: &'a Sources, listing: &'a Listing) -> Inputs<'a> {
        let term = &from.site.taxonomy(self.0).terms[listing.term];
        Inputs {
            kind: self.0,
            term: Known::term(from.views, self.0, listing.term),
            name: &term.name,
            slug: &term.slug,
            page: listing.page,
            pages: listing.pages,
            items: term.posts.len(),
            posts: summaries_on_page(from, term.posts.iter().copied(), listing.page),
        }
    }

    fn render(shared: &Shared, path: &str, inputs: &Inputs) -> Result<Body, RenderError> {
        let mut context = shared.context(path);
        let subject = Subject::TermListing {
            kind: inputs.kind,
            name: inputs.name,
            slug: inputs.slug,
            page: inputs.page,
            pages: inputs.pages,
        };
        context.insert("meta".into(), shared.meta(&subject, path)?);
        context.insert("taxonomy".into(), shared.taxonomy_value(inputs.kind));
        context.insert("term".into(), inputs.term.get().clone());
        context.insert("posts".into(), values(&inputs.posts));
        let first = inputs.kind.term_path(inputs.slug);
        let paginator = shared.paginator(&first, inputs.page, inputs.pages, inputs.items)?;
        context.insert("paginator".into(), paginator);
        Ok(Body::Text(shared.template(
            "taxonomy_term.html",
            path,
            context,
        )?))
    }
}
