//! The site model: the published posts in order, the pages, and the taxonomies that group posts,
//! checked so that no two things claim the same URL.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Diagnostics, Written};
use crate::load::config::SiteConfig;
use crate::load::content::bundle::BundleFile;
use crate::load::content::{Content, Page, Post};
use crate::load::static_files::StaticFiles;
use crate::model::calendar::Calendar;
use crate::model::routes::{self, TaxonomyKind};
use crate::model::slug::Slug;

/// What a build publishes besides the finished posts.
#[derive(Debug, Clone, Copy)]
pub struct Publish {
    pub drafts: bool,
    pub future: bool,
    /// The build time: posts dated after it are scheduled.
    pub now: DateTime<Utc>,
}

/// What a build left out: drafts (posts and pages) without `--drafts`, and posts dated after the
/// build time without `--future` (a scheduled draft counts as a draft).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HeldBack {
    pub drafts: usize,
    pub future: usize,
}

pub struct Site {
    pub config: SiteConfig,
    pub held_back: HeldBack,
    /// Published posts, newest first, ties by title.
    pub posts: Vec<Arc<Post>>,
    /// Published pages, sorted by title.
    pub pages: Vec<Arc<Page>>,
    pub taxonomies: Vec<Taxonomy>,
    pub calendar: Calendar,
    pub now: DateTime<Utc>,
    /// The files of the published posts' and pages' bundles, by their path below the output
    /// folder (the first of two at one path; [`Site::url_collisions`] reports the second).
    pub bundle_files: BTreeMap<PathBuf, BundleFile>,
}

/// How many tags (or events, or event categories) one post or event may name. Every page of a
/// term lists the post with all its terms, and every category feed carries the event with all its
/// categories, so a post's terms cost the square of their number: 1,000 tags on one post wrote
/// 198 MB. Real posts name a handful.
pub const MAX_TERMS: usize = 100;

/// Refuses a list of `count` terms under `key` beyond [`MAX_TERMS`], in words for the writer.
pub fn within_term_limit(key: &str, count: usize) -> Result<(), String> {
    if count <= MAX_TERMS {
        return Ok(());
    }
    Err(format!(
        "`{key}` has {count} entries, more than the {MAX_TERMS} one file may have: each page of an entry shows this file with all its entries, so the site would grow with the square of their number; keep the ones readers look for"
    ))
}

pub struct Taxonomy {
    pub kind: TaxonomyKind,
    /// Sorted by name, case-insensitively.
    pub terms: Vec<Term>,
    positions: HashMap<Slug, usize>,
    /// Every spelling the posts use, with its term's position: most lookups need no slugifying.
    spellings: HashMap<String, usize>,
}

pub struct Term {
    pub name: String,
    pub slug: Slug,
    /// Indexes into `Site::posts`, newest first.
    pub posts: Vec<usize>,
}

impl Site {
    pub fn assemble(
        config: SiteConfig,
        content: Content,
        calendar: Calendar,
        publish: Publish,
    ) -> Site {
        let is_draft_held = |draft: bool| draft && !publish.drafts;
        let held_back = HeldBack {
            drafts: content
                .posts
                .iter()
                .filter(|p| is_draft_held(p.draft))
                .count()
                + content
                    .pages
                    .iter()
                    .filter(|p| is_draft_held(p.draft))
                    .count(),
            future: content
                .posts
                .iter()
                .filter(|p| !is_draft_held(p.draft) && !publish.future && p.date > publish.now)
                .count(),
        };
        let mut posts: Vec<Arc<Post>> = content
            .posts
            .into_iter()
            .filter(|post| publish.drafts || !post.draft)
            .filter(|post| publish.future || post.date <= publish.now)
            .collect();
        posts.sort_by(|a, b| {
            b.date
                .cmp(&a.date)
                .then_with(|| a.title.cmp(&b.title))
                .then_with(|| a.slug.cmp(&b.slug))
        });
        let mut pages: Vec<Arc<Page>> = content
            .pages
            .into_iter()
            .filter(|page| publish.drafts || !page.draft)
            .collect();
        pages.sort_by_cached_key(|page| page.title.to_lowercase());

        let taxonomies = TaxonomyKind::ALL
            .par_iter()
            .map(|&kind| Taxonomy::collect(kind, &posts))
            .collect();
        let mut bundle_files = BTreeMap::new();
        for (path, file) in published_bundle_files(&config, &posts, &pages) {
            bundle_files.entry(path).or_insert_with(|| file.clone());
        }
        Site {
            config,
            held_back,
            posts,
            pages,
            taxonomies,
            calendar,
            now: publish.now,
            bundle_files,
        }
    }

    /// The bundle files that `static_files` publishes at the same path: each an error naming both,
    /// as two sources of one URL are. `root` is the site's folder, for the static file's name.
    pub fn static_collisions(&self, root: &Path, static_files: &StaticFiles) -> Diagnostics {
        let mut problems = Diagnostics::default();
        for (path, bundled) in &self.bundle_files {
            if let Some(other) = static_files.get(path) {
                problems.push(file_collision(
                    bundled,
                    &crate::diagnostic::display_path(root, &other.source),
                    path,
                ));
            }
        }
        problems
    }

    /// The images the published posts, pages and events show as variants (in their text and as
    /// their own `image`), and the clean copies of the bundles' linked photos, each once, by the
    /// site path of their first file.
    pub fn pictures(&self) -> Vec<&crate::images::Picture> {
        let mut pictures: std::collections::BTreeMap<&str, &crate::images::Picture> =
            std::collections::BTreeMap::new();
        let texts = self
            .posts
            .iter()
            .map(|post| &post.pictures)
            .chain(self.pages.iter().map(|page| &page.pictures))
            .chain(self.calendar.events.iter().map(|event| &event.pictures));
        let front = self
            .posts
            .iter()
            .map(|post| &post.image)
            .chain(self.pages.iter().map(|page| &page.image))
            .chain(self.calendar.events.iter().map(|event| &event.image))
            .filter_map(|image| image.as_ref()?.picture.as_deref());
        let linked = self
            .bundle_files
            .values()
            .filter_map(|file| file.clean.as_deref());
        for picture in texts
            .flat_map(|pictures| pictures.values().map(AsRef::as_ref))
            .chain(front)
            .chain(linked)
        {
            if let Some(first) = picture.files.first() {
                pictures.entry(first.path.as_str()).or_insert(picture);
            }
        }
        pictures.into_values().collect()
    }

    /// Every place where a published text or front matter shows `picture` (the first places of
    /// each text), for a problem found only when its variants are made.
    pub fn places_showing(&self, picture: &crate::images::Picture) -> Vec<Written> {
        let Some(key) = picture.key() else {
            return Vec::new();
        };
        let texts = self
            .posts
            .iter()
            .map(|post| (&post.picture_places, &post.image))
            .chain(
                self.pages
                    .iter()
                    .map(|page| (&page.picture_places, &page.image)),
            )
            .chain(
                self.calendar
                    .events
                    .iter()
                    .map(|event| (&event.picture_places, &event.image)),
            );
        let mut places = Vec::new();
        for (in_text, own) in texts {
            let own = own
                .as_ref()
                .filter(|image| {
                    image
                        .picture
                        .as_ref()
                        .is_some_and(|shown| shown.key() == Some(key))
                })
                .map(|image| image.written.clone());
            places.extend(own);
            places.extend(
                in_text
                    .iter()
                    .filter(|place| place.key == key)
                    .map(|place| place.written.clone()),
            );
        }
        places
    }

    pub fn is_scheduled(&self, post: &Post) -> bool {
        post.date > self.now
    }

    pub fn taxonomy(&self, kind: TaxonomyKind) -> &Taxonomy {
        &self.taxonomies[kind.index()]
    }

    /// Where the site would publish two things at one URL.
    ///
    /// Two posts or pages on one URL would overwrite each other; a page on a URL the blog uses
    /// would hide it. Either is an error naming both.
    pub fn url_collisions(&self) -> Diagnostics {
        // Who claimed each URL; formatted only for a message, as sites have thousands of URLs.
        enum Claim<'a> {
            Generated(String),
            File(&'a Path),
        }
        let mut claimed: HashMap<String, Claim> = HashMap::new();
        let generated = |what: &str| Claim::Generated(format!("{what} that Treffpunkt generates"));
        for (path, what) in routes::sections(&self.config) {
            claimed.insert(path, generated(&what));
        }
        for month in self.calendar.window.months() {
            claimed.insert(
                routes::calendar_month(&self.config, month),
                generated("the calendar month"),
            );
        }
        let mut problems = Diagnostics::default();
        let sources = self
            .posts
            .iter()
            .map(|post| (routes::post(&self.config, &post.slug), &post.source))
            .chain(
                self.pages
                    .iter()
                    .map(|page| (routes::page(&page.slug), &page.source)),
            );
        for (path, source) in sources {
            if let Some(other) = claimed.insert(path.clone(), Claim::File(source)) {
                let here = source.display();
                let other = match other {
                    Claim::Generated(what) => what,
                    Claim::File(file) => file.display().to_string(),
                };
                problems.push(
                    Diagnostic::new(
                        source,
                        format!("{here} and {other} would both be published at {path}"),
                    )
                    .with_help("give one of them another `slug:` in its front matter"),
                );
            }
        }
        for (path, file) in published_bundle_files(&self.config, &self.posts, &self.pages) {
            let first = &self.bundle_files[&path];
            if first.shown != file.shown {
                problems.push(file_collision(file, &first.shown, &path));
            }
        }
        problems.sort();
        problems
    }
}

/// Every file of the bundles of `posts` and `pages` with its path below the output folder.
fn published_bundle_files<'a>(
    config: &'a SiteConfig,
    posts: &'a [Arc<Post>],
    pages: &'a [Arc<Page>],
) -> impl Iterator<Item = (PathBuf, &'a BundleFile)> + 'a {
    let posts = posts
        .iter()
        .map(|post| (routes::post(config, &post.slug), &post.bundle_files));
    let pages = pages
        .iter()
        .map(|page| (routes::page(&page.slug), &page.bundle_files));
    posts.chain(pages).flat_map(|(url, files)| {
        let folder = PathBuf::from(url.trim_matches('/'));
        files
            .iter()
            .map(move |file| (folder.join(&file.relative), file))
    })
}

/// Two files that would both be published at `path` (below the output folder).
fn file_collision(file: &BundleFile, other: &Path, path: &Path) -> Diagnostic {
    let url: String = path
        .components()
        .map(|part| format!("/{}", part.as_os_str().to_string_lossy()))
        .collect();
    Diagnostic::new(
        &file.shown,
        format!(
            "{} and {} would both be published at {url}",
            file.shown.display(),
            other.display()
        ),
    )
    .with_help("rename or move one of them")
}

impl Taxonomy {
    fn collect(kind: TaxonomyKind, posts: &[Arc<Post>]) -> Taxonomy {
        // Names that slugify alike ("Netzwerken", "netzwerken") are one term, named as first seen.
        let mut terms: Vec<Term> = Vec::new();
        let mut by_slug: HashMap<Slug, usize> = HashMap::new();
        // Slugifying is the costly part, and a site uses few spellings many times over: each
        // spelling is slugified once and then names its term directly.
        let mut by_spelling: HashMap<&str, Option<usize>> = HashMap::new();
        for (index, post) in posts.iter().enumerate() {
            let names: &[String] = match kind {
                TaxonomyKind::Tags => &post.tags,
                TaxonomyKind::Categories => post.category.as_slice(),
                TaxonomyKind::Authors => std::slice::from_ref(&post.author),
            };
            for name in names {
                let term = *by_spelling.entry(name).or_insert_with(|| {
                    let slug = Slug::from_text(name)?;
                    Some(*by_slug.entry(slug.clone()).or_insert_with(|| {
                        terms.push(Term {
                            name: name.trim().to_owned(),
                            slug,
                            posts: Vec::new(),
                        });
                        terms.len() - 1
                    }))
                });
                let Some(term) = term else {
                    continue;
                };
                let term = &mut terms[term];
                if term.posts.last() != Some(&index) {
                    term.posts.push(index);
                }
            }
        }
        let mut order: Vec<usize> = (0..terms.len()).collect();
        order.sort_by_cached_key(|&i| (terms[i].name.to_lowercase(), terms[i].slug.clone()));
        let mut position_of_term = vec![0; terms.len()];
        for (position, &term) in order.iter().enumerate() {
            position_of_term[term] = position;
        }
        let mut unsorted: Vec<Option<Term>> = terms.into_iter().map(Some).collect();
        let terms: Vec<Term> = order.iter().filter_map(|&i| unsorted[i].take()).collect();
        let positions: HashMap<Slug, usize> = by_slug
            .into_iter()
            .map(|(slug, term)| (slug, position_of_term[term]))
            .collect();
        let spellings = by_spelling
            .into_iter()
            .filter_map(|(name, term)| Some((name.to_owned(), position_of_term[term?])))
            .collect();
        Taxonomy {
            kind,
            terms,
            positions,
            spellings,
        }
    }

    /// Where the term named `name` (in any spelling that slugifies alike) stands in `terms`.
    pub fn position_of(&self, name: &str) -> Option<usize> {
        match self.spellings.get(name) {
            Some(&position) => Some(position),
            None => self.positions.get(&Slug::from_text(name)?).copied(),
        }
    }
}
