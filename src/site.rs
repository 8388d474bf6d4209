//! The site model: the published posts in order, the pages, and the taxonomies that group posts,
//! checked so that no two things claim the same URL.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};

use crate::calendar::Calendar;
use crate::config::SiteConfig;
use crate::content::{Content, Page, Post};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::routes::{self, TaxonomyKind};
use crate::slug::Slug;

/// What a build publishes besides the finished posts.
#[derive(Debug, Clone, Copy)]
pub struct Publish {
    pub drafts: bool,
    pub future: bool,
    /// The build time: posts dated after it are scheduled.
    pub now: DateTime<Utc>,
}

pub struct Site {
    pub config: SiteConfig,
    /// Published posts, newest first, ties by title.
    pub posts: Vec<Post>,
    /// Published pages, sorted by title.
    pub pages: Vec<Page>,
    pub taxonomies: Vec<Taxonomy>,
    pub calendar: Calendar,
    pub now: DateTime<Utc>,
}

pub struct Taxonomy {
    pub kind: TaxonomyKind,
    /// Sorted by name, case-insensitively.
    pub terms: Vec<Term>,
    positions: HashMap<Slug, usize>,
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
    ) -> Result<Site, Diagnostics> {
        let mut posts: Vec<Post> = content
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
        let mut pages: Vec<Page> = content
            .pages
            .into_iter()
            .filter(|page| publish.drafts || !page.draft)
            .collect();
        pages.sort_by_cached_key(|page| page.title.to_lowercase());

        let taxonomies = TaxonomyKind::ALL
            .iter()
            .map(|&kind| Taxonomy::collect(kind, &posts))
            .collect();
        let site = Site {
            config,
            posts,
            pages,
            taxonomies,
            calendar,
            now: publish.now,
        };
        site.check_unique_urls()?;
        Ok(site)
    }

    pub fn is_scheduled(&self, post: &Post) -> bool {
        post.date > self.now
    }

    pub fn taxonomy(&self, kind: TaxonomyKind) -> &Taxonomy {
        &self.taxonomies[kind.index()]
    }

    /// Two posts or pages on one URL would overwrite each other; a page on a URL the blog uses
    /// would hide it. Either is an error naming both.
    fn check_unique_urls(&self) -> Result<(), Diagnostics> {
        let mut claimed: HashMap<String, String> = HashMap::new();
        let generated = |what: &str| format!("the {what} that Treffpunkt generates");
        claimed.insert(routes::HOME.to_owned(), generated("home page"));
        claimed.insert(routes::blog(&self.config), generated("blog listing"));
        for kind in TaxonomyKind::ALL {
            claimed.insert(kind.path(), generated(&format!("list of {}", kind.name())));
        }
        claimed.insert(routes::calendar(&self.config), generated("calendar"));
        for month in self.calendar.window.months() {
            claimed.insert(
                routes::calendar_month(&self.config, month),
                generated("calendar month"),
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
            let here = source.display().to_string();
            if let Some(other) = claimed.insert(path.clone(), here.clone()) {
                problems.push(
                    Diagnostic::new(
                        source,
                        format!("{here} and {other} would both be published at {path}"),
                    )
                    .with_help("give one of them another `slug:` in its front matter"),
                );
            }
        }
        problems.into_result(())
    }
}

impl Taxonomy {
    fn collect(kind: TaxonomyKind, posts: &[Post]) -> Taxonomy {
        // Names that slugify alike ("Netzwerken", "netzwerken") are one term, named as first seen.
        let mut by_slug: BTreeMap<Slug, Term> = BTreeMap::new();
        for (index, post) in posts.iter().enumerate() {
            let names: Vec<&str> = match kind {
                TaxonomyKind::Tags => post.tags.iter().map(String::as_str).collect(),
                TaxonomyKind::Categories => post.category.as_deref().into_iter().collect(),
                TaxonomyKind::Authors => vec![post.author.as_str()],
            };
            for name in names {
                let Some(slug) = Slug::from_text(name) else {
                    continue;
                };
                let term = by_slug.entry(slug.clone()).or_insert_with(|| Term {
                    name: name.trim().to_owned(),
                    slug,
                    posts: Vec::new(),
                });
                if term.posts.last() != Some(&index) {
                    term.posts.push(index);
                }
            }
        }
        let mut terms: Vec<Term> = by_slug.into_values().collect();
        terms.sort_by_cached_key(|term| term.name.to_lowercase());
        let positions = terms
            .iter()
            .enumerate()
            .map(|(position, term)| (term.slug.clone(), position))
            .collect();
        Taxonomy {
            kind,
            terms,
            positions,
        }
    }

    /// Where the term named `name` (in any spelling that slugifies alike) stands in `terms`.
    pub fn position_of(&self, name: &str) -> Option<usize> {
        self.positions.get(&Slug::from_text(name)?).copied()
    }
}
