//! The Atom feeds: the site's latest posts (`/feed.xml`) and each tag's.

use super::{Body, Kind, Model, Sitemap, Sources};
use crate::load::content::Post;
use crate::model::routes::{self, TaxonomyKind};
use crate::model::slug::Slug;
use crate::render::RenderError;
use crate::render::feeds::{self, Feed};
use crate::render::inputs::{Known, Shared};

/// How many posts a feed carries.
const FEED_ENTRIES: usize = 20;

/// The newest of `posts`, as many as a feed carries.
fn newest<'a>(from: &'a Sources, posts: impl Iterator<Item = usize>) -> Vec<Known<'a, Post>> {
    posts
        .take(FEED_ENTRIES)
        .map(|i| Known::post(&from.site.posts[i]))
        .collect()
}

fn atom(shared: &Shared, feed: &Feed, posts: &[Known<Post>]) -> Body {
    let posts: Vec<&Post> = posts.iter().map(|post| post.get()).collect();
    Body::Text(feeds::atom(shared.config, shared.now, feed, &posts))
}

/// `/feed.xml`: the site's newest posts.
#[derive(Clone)]
pub struct SiteFeed;

impl Kind for SiteFeed {
    type File = ();
    type Inputs<'a> = Vec<Known<'a, Post>>;

    fn plan(&self, _: Model) -> Vec<()> {
        vec![()]
    }

    fn path(&self, _: Model, _: &()) -> String {
        routes::FEED.to_owned()
    }

    fn sitemap(&self, _: Model, _: &()) -> Sitemap {
        Sitemap::Unlisted
    }

    fn inputs<'a>(&self, from: &'a Sources, _: &'a ()) -> Vec<Known<'a, Post>> {
        newest(from, 0..from.site.posts.len())
    }

    fn render(shared: &Shared, path: &str, posts: &Vec<Known<Post>>) -> Result<Body, RenderError> {
        let feed = Feed {
            title: &shared.config.title,
            self_path: path,
            alternate_path: routes::HOME,
        };
        Ok(atom(shared, &feed, posts))
    }
}

/// A tag's feed, such as `/tags/rust/feed.xml`.
#[derive(Clone)]
pub struct TagFeed;

#[derive(Hash)]
pub struct TagInputs<'a> {
    name: &'a str,
    slug: &'a Slug,
    posts: Vec<Known<'a, Post>>,
}

impl Kind for TagFeed {
    /// The tag's index among the tags.
    type File = usize;
    type Inputs<'a> = TagInputs<'a>;

    fn plan(&self, model: Model) -> Vec<usize> {
        (0..model.site.taxonomy(TaxonomyKind::Tags).terms.len()).collect()
    }

    fn path(&self, model: Model, index: &usize) -> String {
        let term = &model.site.taxonomy(TaxonomyKind::Tags).terms[*index];
        TaxonomyKind::Tags
            .term_feed_path(&term.slug)
            .unwrap_or_default()
    }

    fn sitemap(&self, _: Model, _: &usize) -> Sitemap {
        Sitemap::Unlisted
    }

    fn inputs<'a>(&self, from: &'a Sources, index: &'a usize) -> TagInputs<'a> {
        let term = &from.site.taxonomy(TaxonomyKind::Tags).terms[*index];
        TagInputs {
            name: &term.name,
            slug: &term.slug,
            posts: newest(from, term.posts.iter().copied()),
        }
    }

    fn render(shared: &Shared, path: &str, inputs: &TagInputs) -> Result<Body, RenderError> {
        let feed = Feed {
            title: &shared.titled(inputs.name),
            self_path: path,
            alternate_path: &TaxonomyKind::Tags.term_path(inputs.slug),
        };
        Ok(atom(shared, &feed, &inputs.posts))
    }
}
