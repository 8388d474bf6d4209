//! Rendering: every output file of the site planned as a job, rendered in parallel through the
//! theme's templates (or the feed and sitemap writers) and handed to the output.

pub mod calendar_views;
pub mod escape;
pub mod events_json;
pub mod feeds;
pub mod fingerprint;
pub mod ics;
pub mod markdown;
pub mod rule_text;
pub mod sitemap;
pub mod views;
pub mod vtimezone;

use std::collections::HashMap;

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::theme::Theme;
use crate::model::routes::{self, TaxonomyKind};
use crate::model::site::Site;
use crate::model::slug::Slug;
use crate::output::{Output, WriteError};
use calendar_views::CalendarViews;
use views::Views;

/// How many posts the site-wide Atom feed carries.
const FEED_ENTRIES: usize = 20;

/// How many coming dates the home page shows.
const HOME_OCCURRENCES: usize = 5;

/// One file of the output.
#[derive(Debug, Clone)]
enum Job {
    Home,
    BlogListing {
        page: usize,
        pages: usize,
    },
    Post(usize),
    Page(usize),
    TaxonomyList(TaxonomyKind),
    TermListing {
        kind: TaxonomyKind,
        term: usize,
        page: usize,
        pages: usize,
    },
    /// `/…/page/1/` sends readers to the listing's first page, as Hugo and Zola do.
    FirstPageRedirect {
        from: String,
        to: String,
    },
    CalendarIndex,
    CalendarMonth(chrono::NaiveDate),
    Event(usize),
    EventIcs(usize),
    CalendarIcs,
    /// A category's slug, name and events.
    CategoryIcs(Slug, String, Vec<usize>),
    EventsJson,

    NotFound,
    Feed,
    TagFeed(usize),
    Sitemap,
    Robots,
}

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("{0}")]
    Templates(Diagnostics),
    #[error(transparent)]
    Write(#[from] WriteError),
    #[error("{0}")]
    Internal(String),
}

/// What the previous render left for the next: the fingerprint of every file it wrote and the
/// post summaries, so that a rebuild of the preview server renders only the files whose inputs
/// changed. `build` starts with an empty one and so renders everything.
#[derive(Default)]
pub struct RenderMemory {
    files: HashMap<String, u64>,
    summaries: views::SummaryCache,
}

#[derive(Debug, Default)]
pub struct RenderReport {
    /// The site paths (such as `/blog/`) rendered anew.
    pub written: Vec<String>,
    /// The site paths the previous render wrote and this one no longer has.
    pub removed: Vec<String>,
}

/// Renders into `output` every file of the site whose inputs changed since the render `memory`
/// remembers; the memory is updated only when the whole render succeeded.
pub fn render(
    site: &Site,
    theme: &Theme,
    output: &impl Output,
    memory: &mut RenderMemory,
) -> Result<RenderReport, RenderError> {
    let views = Views::build(site, theme, &mut memory.summaries).map_err(|error| {
        RenderError::Templates(
            Diagnostic::new(
                &theme.ui.file,
                format!("cannot prepare the template data: {error}"),
            )
            .into(),
        )
    })?;
    let jobs = plan(site);
    output.expect(jobs.len());
    let renderer = Renderer {
        site,
        theme,
        views: &views,
        jobs: &jobs,
    };
    let results: Vec<Result<(String, u64, bool), RenderError>> = jobs
        .par_iter()
        .map(|job| {
            let path = job_path(site, job);
            let fingerprint = renderer.fingerprint(job, &path);
            if memory.files.get(&path) == Some(&fingerprint) {
                return Ok((path, fingerprint, false));
            }
            let body = renderer.render(job, &path)?;
            output.write(&path, body.as_bytes())?;
            Ok((path, fingerprint, true))
        })
        .collect();
    memory.summaries = views.into_summary_cache();

    let mut problems = Diagnostics::default();
    // A broken template fails every page that uses it: say so once. Looked up by hash, as a
    // site may have a hundred thousand pages fail alike.
    let mut reported = std::collections::HashSet::new();
    let mut files = HashMap::with_capacity(jobs.len());
    let mut written = Vec::new();
    for result in results {
        match result {
            Ok((path, fingerprint, rendered)) => {
                if rendered {
                    written.push(path.clone());
                }
                files.insert(path, fingerprint);
            }
            Err(RenderError::Templates(found)) => {
                for problem in found.iter() {
                    if reported.insert((problem.origin.clone(), problem.message.clone())) {
                        problems.push(problem.clone());
                    }
                }
            }
            Err(write) => return Err(write),
        }
    }
    problems.into_result(()).map_err(RenderError::Templates)?;
    let removed = memory
        .files
        .keys()
        .filter(|path| !files.contains_key(*path))
        .cloned()
        .collect();
    memory.files = files;
    Ok(RenderReport { written, removed })
}

fn page_count(items: usize, per_page: usize) -> usize {
    items.div_ceil(per_page).max(1)
}

fn plan(site: &Site) -> Vec<Job> {
    let per_page = site.config.blog.posts_per_page.get();
    let mut jobs = vec![
        Job::Home,
        Job::NotFound,
        Job::Feed,
        Job::Sitemap,
        Job::Robots,
    ];

    let blog_pages = page_count(site.posts.len(), per_page);
    jobs.extend((1..=blog_pages).map(|page| Job::BlogListing {
        page,
        pages: blog_pages,
    }));
    jobs.push(first_page_redirect(&routes::blog(&site.config)));
    jobs.extend((0..site.posts.len()).map(Job::Post));
    jobs.extend((0..site.pages.len()).map(Job::Page));

    jobs.extend([Job::CalendarIndex, Job::CalendarIcs, Job::EventsJson]);
    jobs.extend(site.calendar.window.months().map(Job::CalendarMonth));
    jobs.extend((0..site.calendar.events.len()).flat_map(|i| [Job::Event(i), Job::EventIcs(i)]));
    jobs.extend(
        site.calendar
            .categories()
            .into_iter()
            .map(|(slug, name, events)| Job::CategoryIcs(slug, name, events)),
    );

    for taxonomy in &site.taxonomies {
        let kind = taxonomy.kind;
        jobs.push(Job::TaxonomyList(kind));
        for (index, term) in taxonomy.terms.iter().enumerate() {
            let pages = page_count(term.posts.len(), per_page);
            jobs.extend((1..=pages).map(|page| Job::TermListing {
                kind,
                term: index,
                page,
                pages,
            }));
            jobs.push(first_page_redirect(&kind.term_path(&term.slug)));
            if kind == TaxonomyKind::Tags {
                jobs.push(Job::TagFeed(index));
            }
        }
    }
    jobs
}

fn first_page_redirect(first: &str) -> Job {
    Job::FirstPageRedirect {
        from: format!("{first}page/1/"),
        to: first.to_owned(),
    }
}

struct Renderer<'a> {
    site: &'a Site,
    theme: &'a Theme,
    views: &'a Views,
    jobs: &'a [Job],
}

/// The site path of every file the site renders (static files aside), such as `/blog/x/`.
pub fn site_paths(site: &Site) -> Vec<String> {
    plan(site).iter().map(|job| job_path(site, job)).collect()
}

/// The site path of the file `job` writes.
fn job_path(site: &Site, job: &Job) -> String {
    let config = &site.config;
    match job {
        Job::Home => routes::HOME.to_owned(),
        Job::BlogListing { page, .. } => routes::listing_page(&routes::blog(config), *page),
        Job::Post(index) => routes::post(config, &site.posts[*index].slug),
        Job::Page(index) => routes::page(&site.pages[*index].slug),
        Job::TaxonomyList(kind) => kind.path(),
        Job::TermListing {
            kind, term, page, ..
        } => {
            let term = &site.taxonomy(*kind).terms[*term];
            routes::listing_page(&kind.term_path(&term.slug), *page)
        }
        Job::FirstPageRedirect { from, .. } => from.clone(),
        Job::CalendarIndex => routes::calendar(config),
        Job::CalendarMonth(first_day) => routes::calendar_month(config, *first_day),
        Job::Event(index) => routes::event(config, &site.calendar.events[*index].id),
        Job::EventIcs(index) => routes::event_ics(config, &site.calendar.events[*index].id),
        Job::CalendarIcs => routes::CALENDAR_ICS.to_owned(),
        Job::CategoryIcs(slug, ..) => routes::category_ics(config, slug),
        Job::EventsJson => routes::EVENTS_JSON.to_owned(),
        Job::NotFound => routes::NOT_FOUND.to_owned(),
        Job::Feed => routes::FEED.to_owned(),
        Job::TagFeed(index) => {
            let term = &site.taxonomy(TaxonomyKind::Tags).terms[*index];
            TaxonomyKind::Tags
                .term_feed_path(&term.slug)
                .unwrap_or_default()
        }
        Job::Sitemap => routes::SITEMAP.to_owned(),
        Job::Robots => routes::ROBOTS.to_owned(),
    }
}

impl Renderer<'_> {
    /// The fingerprint of everything the file of `job` is made from. It must name every input
    /// that `render` reads for the job: a rebuild skips the job when the fingerprint is as before.
    /// The site-wide inputs (settings, theme, navigation, build time) are in every fingerprint.
    fn fingerprint(&self, job: &Job, path: &str) -> u64 {
        let site = self.site;
        let views = self.views;
        let per_page = site.config.blog.posts_per_page.get();
        let on_page = |posts: &mut dyn Iterator<Item = usize>, page: usize| -> Vec<u64> {
            posts
                .skip((page - 1) * per_page)
                .take(per_page)
                .map(|i| views.summary_fingerprints[i])
                .collect()
        };
        let all_posts = || 0..site.posts.len();
        let summary = |i: Option<usize>| i.and_then(|i| views.summary_fingerprints.get(i).copied());
        let in_feed = |posts: &mut dyn Iterator<Item = usize>| -> Vec<u64> {
            posts
                .take(FEED_ENTRIES)
                .map(|i| site.posts[i].fingerprint)
                .collect()
        };
        let calendar = site.calendar.fingerprint;
        let specific = match job {
            Job::Home => fingerprint::of(&(on_page(&mut all_posts(), 1), calendar)),
            Job::BlogListing { page, pages } => {
                fingerprint::of(&(on_page(&mut all_posts(), *page), pages, site.posts.len()))
            }
            Job::Post(index) => fingerprint::of(&(
                site.posts[*index].fingerprint,
                summary(Some(*index)),
                summary(index.checked_add(1)),
                summary(index.checked_sub(1)),
            )),
            Job::Page(index) => site.pages[*index].fingerprint,
            Job::TaxonomyList(kind) => fingerprint::of(&views.term_fingerprints[kind.index()]),
            Job::TermListing {
                kind,
                term,
                page,
                pages,
            } => {
                let posts = &site.taxonomy(*kind).terms[*term].posts;
                fingerprint::of(&(
                    views.term_fingerprints[kind.index()][*term],
                    on_page(&mut posts.iter().copied(), *page),
                    pages,
                    posts.len(),
                ))
            }
            Job::FirstPageRedirect { to, .. } => fingerprint::of(to),
            Job::Event(index) => {
                let posts: Vec<u64> = views.posts_of_event[*index]
                    .iter()
                    .map(|&i| views.summary_fingerprints[i])
                    .collect();
                fingerprint::of(&(calendar, posts))
            }
            Job::CalendarIndex
            | Job::CalendarMonth(_)
            | Job::EventIcs(_)
            | Job::CalendarIcs
            | Job::CategoryIcs(..)
            | Job::EventsJson => calendar,
            Job::NotFound | Job::Robots => 0,
            Job::Feed => fingerprint::of(&in_feed(&mut all_posts())),
            Job::TagFeed(index) => {
                let tags = TaxonomyKind::Tags.index();
                let term = &site.taxonomy(TaxonomyKind::Tags).terms[*index];
                fingerprint::of(&(
                    views.term_fingerprints[tags][*index],
                    in_feed(&mut term.posts.iter().copied()),
                ))
            }
            // Every page's address and the posts' dates.
            Job::Sitemap => fingerprint::of(&(
                views.summary_fingerprints.as_slice(),
                &views.term_fingerprints,
                site.pages.iter().map(|p| p.fingerprint).collect::<Vec<_>>(),
                calendar,
            )),
        };
        fingerprint::of(&(views.site_fingerprint, path, specific))
    }

    /// The file of `job`, which is published at `path`.
    fn render(&self, job: &Job, path: &str) -> Result<String, RenderError> {
        let site = self.site;
        let config = &site.config;
        match job {
            Job::Home => self.home(path),
            Job::BlogListing { page, pages } => self.blog_listing(path, *page, *pages),
            Job::Post(index) => self.post(path, *index),
            Job::Page(index) => self.page(path, *index),
            Job::TaxonomyList(kind) => self.taxonomy_list(path, *kind),
            Job::TermListing {
                kind,
                term,
                page,
                pages,
            } => self.term_listing(path, *kind, *term, *page, *pages),
            Job::CalendarIndex => self.calendar_index(path),
            Job::CalendarMonth(first_day) => self.calendar_month(path, *first_day),
            Job::Event(index) => self.event_page(path, *index),
            Job::EventIcs(index) => {
                let event = &site.calendar.events[*index];
                Ok(self.ics(&self.titled(&event.title), &[event]))
            }
            Job::CalendarIcs => {
                let events: Vec<&_> = site.calendar.events.iter().collect();
                Ok(self.ics(&config.title, &events))
            }
            Job::CategoryIcs(_, name, indexes) => {
                let events: Vec<&_> = indexes.iter().map(|&i| &site.calendar.events[i]).collect();
                Ok(self.ics(&self.titled(name), &events))
            }
            Job::EventsJson => Ok(crate::render::events_json::events_json(&self.calendar())),
            Job::NotFound => {
                let context = self.context(path);
                self.template("404.html", path, context)
            }
            Job::FirstPageRedirect { to, .. } => {
                Ok(redirect_page(&config.base_url.join(to), &config.language))
            }
            Job::Feed => Ok(self.feed()),
            Job::TagFeed(index) => self.tag_feed(path, *index),
            Job::Sitemap => Ok(sitemap::sitemap(site, &self.sitemap_entries())),
            Job::Robots => Ok(sitemap::robots(site)),
        }
    }

    /// A feed's or calendar's title: the site's title, then `name`.
    fn titled(&self, name: &str) -> String {
        format!(
            "{}{}{name}",
            self.site.config.title, self.theme.ui.title_separator
        )
    }

    /// The summaries of the posts on listing page `page` (counted from 1) of `indexes`.
    fn posts_on_page(&self, indexes: impl Iterator<Item = usize>, page: usize) -> tera::Value {
        let per_page = self.site.config.blog.posts_per_page.get();
        indexes
            .skip((page - 1) * per_page)
            .take(per_page)
            .map(|i| self.views.summaries[i].clone())
            .collect()
    }

    fn home(&self, path: &str) -> Result<String, RenderError> {
        let mut context = self.context(path);
        context.insert(
            "posts".into(),
            self.posts_on_page(0..self.site.posts.len(), 1),
        );
        context.insert(
            "upcoming".into(),
            to_value(&self.calendar().next_of_each_event(HOME_OCCURRENCES))?,
        );
        self.template("index.html", path, context)
    }

    fn blog_listing(&self, path: &str, page: usize, pages: usize) -> Result<String, RenderError> {
        let site = self.site;
        let mut context = self.context(path);
        context.insert(
            "posts".into(),
            self.posts_on_page(0..site.posts.len(), page),
        );
        context.insert(
            "paginator".into(),
            self.paginator(&routes::blog(&site.config), page, pages, site.posts.len())?,
        );
        self.template("blog.html", path, context)
    }

    /// A post's page: its summary view with the full text, and its neighbours in time.
    fn post(&self, path: &str, index: usize) -> Result<String, RenderError> {
        let site = self.site;
        let post = &site.posts[index];
        let mut view = self.views.summaries[index].clone();
        if let tera::Value::Object(fields) = &mut view {
            fields.insert("content".into(), post.html.clone().into());
            fields.insert(
                "share".into(),
                to_value(&views::share_links(site, post, &self.theme.ui))?,
            );
        }
        let neighbour = |i: Option<usize>| {
            i.and_then(|i| self.views.summaries.get(i))
                .cloned()
                .unwrap_or(tera::Value::Null)
        };
        let mut context = self.context(path);
        context.insert("post".into(), view);
        context.insert("previous".into(), neighbour(index.checked_add(1)));
        context.insert("next".into(), neighbour(index.checked_sub(1)));
        self.template("post.html", path, context)
    }

    fn page(&self, path: &str, index: usize) -> Result<String, RenderError> {
        let page = &self.site.pages[index];
        let mut context = self.context(path);
        context.insert("page".into(), to_value(&views::page_view(self.site, page))?);
        self.template("page.html", path, context)
    }

    fn taxonomy_list(&self, path: &str, kind: TaxonomyKind) -> Result<String, RenderError> {
        let mut context = self.context(path);
        let mut taxonomy = self.taxonomy_value(kind);
        if let tera::Value::Object(fields) = &mut taxonomy {
            fields.insert("terms".into(), self.views.terms_of(kind).to_vec().into());
        }
        context.insert("taxonomy".into(), taxonomy);
        self.template("taxonomy_list.html", path, context)
    }

    fn term_listing(
        &self,
        path: &str,
        kind: TaxonomyKind,
        term: usize,
        page: usize,
        pages: usize,
    ) -> Result<String, RenderError> {
        let term_model = &self.site.taxonomy(kind).terms[term];
        let mut context = self.context(path);
        context.insert("taxonomy".into(), self.taxonomy_value(kind));
        context.insert("term".into(), self.views.terms_of(kind)[term].clone());
        context.insert(
            "posts".into(),
            self.posts_on_page(term_model.posts.iter().copied(), page),
        );
        context.insert(
            "paginator".into(),
            self.paginator(
                &kind.term_path(&term_model.slug),
                page,
                pages,
                term_model.posts.len(),
            )?,
        );
        self.template("taxonomy_term.html", path, context)
    }

    fn calendar_index(&self, path: &str) -> Result<String, RenderError> {
        let mut context = self.context(path);
        context.insert(
            "months".into(),
            to_value(&self.calendar().upcoming_by_month())?,
        );
        let categories: Vec<_> = self
            .site
            .calendar
            .categories()
            .iter()
            .filter_map(|(_, name, _)| self.calendar().category_feed(name))
            .collect();
        context.insert("categories".into(), to_value(&categories)?);
        self.template("calendar.html", path, context)
    }

    fn calendar_month(
        &self,
        path: &str,
        first_day: chrono::NaiveDate,
    ) -> Result<String, RenderError> {
        let mut context = self.context(path);
        context.insert("month".into(), to_value(&self.calendar().month(first_day))?);
        self.template("calendar_month.html", path, context)
    }

    /// An event's page, with the posts that link to it.
    fn event_page(&self, path: &str, index: usize) -> Result<String, RenderError> {
        let mut context = self.context(path);
        context.insert("event".into(), to_value(&self.calendar().event(index))?);
        let posts: Vec<tera::Value> = self.views.posts_of_event[index]
            .iter()
            .map(|&i| self.views.summaries[i].clone())
            .collect();
        context.insert("posts".into(), posts.into());
        self.template("event.html", path, context)
    }

    /// The site's feed of its latest posts.
    fn feed(&self) -> String {
        let site = self.site;
        let recent: Vec<usize> = (0..site.posts.len()).take(FEED_ENTRIES).collect();
        feeds::atom(
            site,
            &site.config.title,
            routes::FEED,
            routes::HOME,
            &recent,
        )
    }

    fn tag_feed(&self, path: &str, index: usize) -> Result<String, RenderError> {
        let term = &self.site.taxonomy(TaxonomyKind::Tags).terms[index];
        let recent: Vec<usize> = term.posts.iter().copied().take(FEED_ENTRIES).collect();
        Ok(feeds::atom(
            self.site,
            &self.titled(&term.name),
            path,
            &TaxonomyKind::Tags.term_path(&term.slug),
            &recent,
        ))
    }

    /// Every HTML page of the build that search engines should know, with its last change.
    fn sitemap_entries(&self) -> Vec<sitemap::Entry> {
        self.jobs
            .iter()
            .filter_map(|job| {
                let post = match job {
                    Job::Home => self.site.posts.first(),
                    Job::Post(index) => Some(&self.site.posts[*index]),
                    Job::BlogListing { .. }
                    | Job::Page(_)
                    | Job::TaxonomyList(_)
                    | Job::TermListing { .. }
                    | Job::CalendarIndex
                    | Job::CalendarMonth(_)
                    | Job::Event(_) => None,
                    _ => return None,
                };
                Some(sitemap::Entry {
                    path: job_path(self.site, job),
                    last_modified: post.map(|p| p.updated.unwrap_or(p.date)),
                })
            })
            .collect()
    }

    fn calendar(&self) -> CalendarViews<'_> {
        CalendarViews::new(self.site, &self.theme.ui)
    }

    fn ics(&self, name: &str, events: &[&crate::model::calendar::event::Event]) -> String {
        let calendar = self.calendar();
        let event_url = |event: &crate::model::calendar::event::Event| calendar.event_url(event);
        let feed = crate::render::ics::Feed {
            name,
            site_zone: self.site.config.timezone,
            stamp: self.site.now,
            host: self.site.config.base_url.host(),
            event_url: &event_url,
            until: self.site.calendar.window.end,
        };
        crate::render::ics::calendar(&feed, events)
    }

    fn context(&self, path: &str) -> tera::Map<String, tera::Value> {
        let mut context = tera::Map::new();
        context.insert("site".into(), self.views.site.clone());
        context.insert("t".into(), self.views.strings.clone());
        context.insert(
            "current_url".into(),
            self.site.config.base_url.join(path).into(),
        );
        context.insert("current_path".into(), path.into());
        context
    }

    fn taxonomy_value(&self, kind: TaxonomyKind) -> tera::Value {
        let mut fields = tera::Map::new();
        fields.insert("kind".into(), kind.name().into());
        fields.insert(
            "url".into(),
            self.site.config.base_url.join(&kind.path()).into(),
        );
        tera::Value::Object(fields)
    }

    fn paginator(
        &self,
        first: &str,
        page: usize,
        pages: usize,
        items: usize,
    ) -> Result<tera::Value, RenderError> {
        to_value(&views::paginator(
            first,
            &self.site.config.base_url,
            page,
            pages,
            items,
        ))
    }

    fn template(
        &self,
        name: &str,
        path: &str,
        context: tera::Map<String, tera::Value>,
    ) -> Result<String, RenderError> {
        let file = self
            .theme
            .template_files
            .get(name)
            .map_or_else(|| name.into(), |(file, _)| file.clone());
        let failed = |error: tera::Error, context: &tera::Value| {
            if let Some(key) = crate::load::theme::missing_string(&error) {
                let diagnostic = Diagnostic::new(
                    &self.theme.ui.file,
                    format!(
                        "the [strings] table has no `{key}`, which the template {} (or one it extends or includes) uses",
                        file.display()
                    ),
                )
                .with_help(format!(
                    "add {key} = \"…\" under [strings], translated from another file of i18n/ (this happened while rendering {path})"
                ));
                return RenderError::Templates(diagnostic.into());
            }
            RenderError::Templates(
                crate::load::theme::render_diagnostic(self.theme, name, &error, context, path)
                    .into(),
            )
        };
        let page = tera::Context::from_value(tera::Value::Object(context))
            .map_err(|error| failed(error, &tera::Value::Null))?;
        // The page's variables are copied only when rendering fails, for the "did you mean".
        crate::load::theme::render_page(&self.theme.tera, name, &page)
            .map_err(|error| failed(error, &page.clone().into_json()))
    }
}

fn to_value(value: &impl serde::Serialize) -> Result<tera::Value, RenderError> {
    tera::to_value(value).map_err(|error| {
        // The views are Treffpunkt's own types, so a value that has no JSON form is a bug.
        RenderError::Internal(format!("the data for a template has no JSON form: {error}"))
    })
}

fn redirect_page(target: &str, language: &str) -> String {
    let target = crate::render::escape::escape_markup(target);
    let language = crate::render::escape::escape_markup(language);
    format!(
        "<!doctype html>\n<html lang=\"{language}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{target}</title>\
         <link rel=\"canonical\" href=\"{target}\"><meta name=\"robots\" content=\"noindex\">\
         <meta http-equiv=\"refresh\" content=\"0; url={target}\"></head>\
         <body><a href=\"{target}\">{target}</a></body></html>\n"
    )
}
