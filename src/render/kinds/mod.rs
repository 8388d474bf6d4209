//! Every kind of file the site publishes, each defined once in its own module: which files it
//! has, where each is published, what it is made from, how it is made, and whether the sitemap
//! lists it. The list in [`plan`] registers them; nothing else names a kind.

mod atom_feed;
mod blog_listing;
mod calendar_feeds;
mod calendar_index;
mod calendar_month;
mod event_date;
mod event_page;
mod events_feed;
mod events_json;
mod first_page_redirect;
mod home;
mod not_found;
mod page;
mod picture;
mod post;
mod robots;
mod share_card;
mod sitemap;
mod static_file;
mod taxonomy_list;
mod term_listing;

use std::collections::HashSet;
use std::hash::Hash;
use std::path::PathBuf;

use chrono::DateTime;
use chrono_tz::Tz;

use super::RenderError;
use super::fingerprint;
use super::inputs::Shared;
use super::sitemap::{Entry, Modified};
use super::views::Views;
use crate::load::static_files::StaticFiles;
use crate::model::routes::{self, TaxonomyKind};
use crate::model::site::Site;

/// One kind of output file. A kind is a value (mostly a unit struct; the taxonomy pages carry
/// their taxonomy), registered once in [`plan`].
///
/// `render` is given only the site-wide [`Shared`] part and the kind's `Inputs`, and a file's
/// fingerprint is the hash of exactly those (with its path): an input `render` reads is part of
/// the fingerprint because there is no other way to read it. `Inputs` holds plain values and
/// [`super::inputs::Known`] references, which hash as their fingerprint; a type without `Hash`
/// (such as `Site`) cannot be put in it.
pub trait Kind: Clone + Send + Sync + 'static {
    /// What tells one file of the kind from another: a post's index, a listing's page number.
    type File: Send + Sync + 'static;
    /// Everything `render` reads besides [`Shared`].
    type Inputs<'a>: Hash;
    /// Whether `render` reads [`Shared`]; only a kind that ignores it (static files) says no, so
    /// that a change of the settings or the theme does not make its files anew.
    const READS_SHARED: bool = true;

    /// The files of this kind the site has.
    fn plan(&self, model: Model) -> Vec<Self::File>;

    /// The site path of `file`, such as `/blog/x/` (made by `model::routes`).
    fn path(&self, model: Model, file: &Self::File) -> String;

    /// Whether the sitemap lists `file`: every kind answers, no kind is left out by default.
    fn sitemap(&self, model: Model, file: &Self::File) -> Sitemap;

    /// What `render` reads for `file`, taken from everything the render knows.
    fn inputs<'a>(&self, from: &'a Sources, file: &'a Self::File) -> Self::Inputs<'a>;

    /// The file published at `path`, made from `shared` and `inputs` alone.
    fn render(shared: &Shared, path: &str, inputs: &Self::Inputs<'_>) -> Result<Body, RenderError>;
}

/// Whether the sitemap lists a file, and with which last change.
pub enum Sitemap {
    Listed { last_modified: Option<DateTime<Tz>> },
    Unlisted,
}

/// What a file is made of.
pub enum Body {
    Text(String),
    /// Made bytes that are not text (a share card's PNG).
    Bytes(Vec<u8>),
    /// A file published as it is.
    Copy(PathBuf),
    /// A file of the image cache, named by the hash of what it holds, so that it never changes:
    /// `build` copies it, the preview serves it from the cache (once it is made).
    Cached(PathBuf),
}

/// What files are planned from: the site model and the static files it publishes.
#[derive(Clone, Copy)]
pub struct Model<'a> {
    pub site: &'a Site,
    /// Whether the theme draws share cards.
    pub theme: &'a crate::load::theme::Theme,
    pub static_files: &'a StaticFiles,
}

/// What a file's inputs are taken from: the model, the views made of it for templates, and the
/// sitemap's entries (every listed file of every kind).
pub struct Sources<'a> {
    pub site: &'a Site,
    pub static_files: &'a StaticFiles,
    pub views: &'a Views,
    pub sitemap: &'a [Entry],
}

/// The kinds of file, in the order the sitemap lists their pages; a new kind is one line here.
pub fn plan(model: Model) -> Vec<Box<dyn Planned>> {
    let mut plan = Plan {
        model,
        files: Vec::new(),
    };
    plan.add(home::Home);
    plan.add(not_found::NotFound);
    plan.add(atom_feed::SiteFeed);
    plan.add(sitemap::SitemapXml);
    plan.add(robots::Robots);
    plan.add(blog_listing::BlogListing);
    plan.add(first_page_redirect::FirstPageRedirect(None));
    plan.add(post::PostPage);
    plan.add(page::PagePage);
    plan.add(calendar_index::CalendarIndex);
    plan.add(calendar_feeds::CalendarIcs);
    plan.add(events_json::EventsJson);
    plan.add(calendar_month::CalendarMonth);
    plan.add(event_page::EventPage);
    plan.add(calendar_feeds::EventIcs);
    plan.add(calendar_feeds::CategoryIcs);
    plan.add(calendar_index::CategoryPage);
    plan.add(event_date::EventDate);
    plan.add(event_date::EventDateIcs);
    plan.add(events_feed::EventsFeed);
    plan.add(share_card::ShareCard);
    // Each taxonomy's list, then its terms' pages: the sitemap lists them in this order.
    for taxonomy in TaxonomyKind::ALL {
        plan.add(taxonomy_list::TaxonomyList(taxonomy));
        plan.add(term_listing::TermListing(taxonomy));
        plan.add(first_page_redirect::FirstPageRedirect(Some(taxonomy)));
    }
    plan.add(atom_feed::TagFeed);
    // As in a build that copied them first and rendered over them, a rendered file wins (over
    // a bundle's linked photo, too, which is published where the bundle puts it).
    plan.add_behind(picture::PictureFile);
    plan.add_behind(static_file::StaticFile);
    plan.files
}

struct Plan<'a> {
    model: Model<'a>,
    files: Vec<Box<dyn Planned>>,
}

impl Plan<'_> {
    fn add<K: Kind>(&mut self, kind: K) {
        let model = self.model;
        self.files.extend(kind.plan(model).into_iter().map(|file| {
            Box::new(File {
                path: kind.path(model, &file),
                kind: kind.clone(),
                file,
            }) as Box<dyn Planned>
        }));
    }

    /// Adds the files of `kind` that no file planned before is published as.
    fn add_behind<K: Kind>(&mut self, kind: K) {
        let earlier = self.files.len();
        self.add(kind);
        if self.files.len() == earlier {
            return;
        }
        let added: HashSet<String> = self.files[earlier..]
            .iter()
            .map(|file| routes::file_path(file.path()))
            .collect();
        let taken: HashSet<String> = self.files[..earlier]
            .iter()
            .map(|file| routes::file_path(file.path()))
            .filter(|file| added.contains(file))
            .collect();
        if !taken.is_empty() {
            let mut index = 0;
            self.files.retain(|file| {
                index += 1;
                index <= earlier || !taken.contains(&routes::file_path(file.path()))
            });
        }
    }
}

/// One planned file of some kind.
pub trait Planned: Send + Sync {
    fn path(&self) -> &str;

    /// The file's entry in the sitemap, if it is listed.
    fn sitemap_entry(&self, model: Model) -> Option<Entry>;

    /// The name of the file's kind, such as `…::kinds::post::PostPage`.
    fn kind(&self) -> &'static str;

    /// The fingerprint of what the file is made from.
    fn fingerprint(&self, from: &Sources, shared: &Shared) -> u64;

    /// The file's fingerprint and, unless it equals `previous`, the file.
    fn make(
        &self,
        from: &Sources,
        shared: &Shared,
        previous: Option<u64>,
    ) -> Result<Made, RenderError>;
}

/// A file's fingerprint and, when it was made anew, its body.
pub struct Made {
    pub fingerprint: u64,
    pub body: Option<Body>,
}

struct File<K: Kind> {
    kind: K,
    file: K::File,
    path: String,
}

impl<K: Kind> File<K> {
    fn fingerprint_of(&self, shared: &Shared, inputs: &K::Inputs<'_>) -> u64 {
        fingerprint::of(&(
            K::READS_SHARED.then_some(shared.fingerprint),
            self.kind(),
            &self.path,
            inputs,
        ))
    }
}

impl<K: Kind> Planned for File<K> {
    fn path(&self) -> &str {
        &self.path
    }

    fn kind(&self) -> &'static str {
        std::any::type_name::<K>()
    }

    fn fingerprint(&self, from: &Sources, shared: &Shared) -> u64 {
        self.fingerprint_of(shared, &self.kind.inputs(from, &self.file))
    }

    fn sitemap_entry(&self, model: Model) -> Option<Entry> {
        match self.kind.sitemap(model, &self.file) {
            Sitemap::Listed { last_modified } => Some(Entry {
                path: self.path.clone(),
                last_modified: last_modified.map(Modified),
            }),
            Sitemap::Unlisted => None,
        }
    }

    fn make(
        &self,
        from: &Sources,
        shared: &Shared,
        previous: Option<u64>,
    ) -> Result<Made, RenderError> {
        let inputs = self.kind.inputs(from, &self.file);
        let fingerprint = self.fingerprint_of(shared, &inputs);
        if previous == Some(fingerprint) {
            return Ok(Made {
                fingerprint,
                body: None,
            });
        }
        let body = K::render(shared, &self.path, &inputs)?;
        Ok(Made {
            fingerprint,
            body: Some(body),
        })
    }
}

/// How many listing pages `items` fill, at least one.
fn page_count(items: usize, per_page: usize) -> usize {
    items.div_ceil(per_page).max(1)
}

/// The summaries on listing page `page` (counted from 1) of the posts at `indexes`.
fn summaries_on_page<'a>(
    from: &'a Sources,
    indexes: impl Iterator<Item = usize>,
    page: usize,
) -> Vec<super::inputs::Known<'a, tera::Value>> {
    let per_page = from.site.config.blog.posts_per_page.get();
    indexes
        .skip((page - 1) * per_page)
        .take(per_page)
        .map(|i| super::inputs::Known::summary(from.views, i))
        .collect()
}

/// The values of `known` views, for a template.
fn values(known: &[super::inputs::Known<'_, tera::Value>]) -> tera::Value {
    known.iter().map(|view| view.get().clone()).collect()
}

#[cfg(test)]
mod tests;
