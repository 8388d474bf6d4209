//! What templates see: serialisable views of the site model, built once and shared by every page
//! that shows them, so that no page re-serialises the whole site.

use std::collections::HashMap;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use rayon::prelude::*;
use serde::Serialize;

use super::calendar_views::{CalendarViews, EventLink};
use crate::load::config::SiteConfig;
use crate::load::content::{Page, Post};
use crate::load::theme::{Theme, UiLanguage};
use crate::model::calendar::Listed;
use crate::model::routes::{self, TaxonomyKind};
use crate::model::site::{Site, Term};
use crate::render::fingerprint;

#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: &'a str,
    author: &'a str,
    language: &'a str,
    base_url: &'a str,
    home_url: String,
    blog_url: String,
    tags_url: String,
    categories_url: String,
    authors_url: String,
    feed_url: String,
    sitemap_url: String,
    calendar_url: String,
    calendar_ics_url: String,
    calendar_webcal_url: String,
    events_json_url: String,
    /// The calendar's Atom feed of coming dates.
    events_feed_url: String,
    pages: Vec<PageLink>,
    build_year: i32,
}

#[derive(Serialize)]
struct PageLink {
    title: String,
    url: String,
}

#[derive(Serialize, Hash)]
pub struct TermView {
    name: String,
    slug: String,
    url: String,
    count: usize,
    feed_url: Option<String>,
}

#[derive(Serialize)]
struct PostSummary<'a> {
    title: &'a str,
    url: String,
    path: String,
    slug: &'a str,
    date: String,
    date_display: String,
    updated: Option<String>,
    updated_display: Option<String>,
    author: &'a tera::Value,
    category: Option<&'a tera::Value>,
    tags: Vec<&'a tera::Value>,
    summary: &'a str,
    reading_time: usize,
    reading_time_display: String,
    draft: bool,
    scheduled: bool,
    events: Vec<EventLink<'a>>,
    extra: &'a tera::Map<String, tera::Value>,
}

#[derive(Serialize)]
pub struct ShareLink {
    network: &'static str,
    name: String,
    url: String,
}

#[derive(Serialize)]
pub struct PageView<'a> {
    title: &'a str,
    url: String,
    path: String,
    content: &'a str,
    draft: bool,
    extra: &'a tera::Map<String, tera::Value>,
}

#[derive(Serialize)]
pub struct Paginator {
    pub current: usize,
    pub total_pages: usize,
    pub total_items: usize,
    pub previous_url: Option<String>,
    pub next_url: Option<String>,
    pub first_url: String,
    pub last_url: String,
    pub pages: Vec<PaginatorPage>,
}

#[derive(Serialize)]
pub struct PaginatorPage {
    /// Null for a gap, where page numbers are left out.
    pub number: Option<usize>,
    pub url: Option<String>,
    pub current: bool,
    pub gap: bool,
}

/// How many page numbers either side of the current one the navigation names.
const PAGINATION_NEIGHBOURS: usize = 2;

/// The page numbers a listing's navigation names: the first, the last and the current page's
/// neighbours, with `None` for each gap. Bounded, so a listing page's work does not grow with
/// the number of pages.
fn visible_pages(current: usize, total: usize) -> Vec<Option<usize>> {
    let near = current.saturating_sub(PAGINATION_NEIGHBOURS).max(1)
        ..=(current + PAGINATION_NEIGHBOURS).min(total);
    let mut numbers: Vec<usize> = [1, total].into_iter().chain(near).collect();
    numbers.sort_unstable();
    numbers.dedup();
    let mut visible = Vec::with_capacity(numbers.len() + 2);
    for (i, number) in numbers.iter().enumerate() {
        if i > 0 && number - numbers[i - 1] > 1 {
            visible.push(None);
        }
        visible.push(Some(*number));
    }
    visible
}

/// Views computed once per build and cloned into the pages that show them.
pub struct Views {
    pub site: tera::Value,
    /// One per post, index for index with `Site::posts`.
    pub summaries: Vec<Summary>,
    /// Per taxonomy (in `TaxonomyKind::ALL` order), one view per term.
    pub terms: Vec<Vec<Shown>>,
    /// Per event (index for index with the calendar's events), the posts that name it.
    pub posts_of_event: Vec<Vec<usize>>,
    /// Of the settings, the theme, the site view and the build time: inputs of every page.
    pub site_fingerprint: u64,
}

/// A post's summary as listings show it.
pub struct Summary {
    pub value: tera::Value,
    /// Of what the summary shows.
    pub shown: u64,
    /// Of everything the summary was made from: the key it is kept under for the next render.
    inputs: u64,
}

/// A view with the fingerprint of what it shows.
pub struct Shown {
    pub value: tera::Value,
    pub fingerprint: u64,
}

/// Post summaries with the fingerprint of what they show, by the fingerprint of their inputs,
/// kept from one render for the next.
pub type SummaryCache = HashMap<u64, (tera::Value, u64)>;

/// What every template sees as `site`: the settings and the addresses of the site's sections.
fn site_view(site: &Site) -> SiteView<'_> {
    let config = &site.config;
    let url = |path: &str| config.base_url.join(path);
    SiteView {
        title: &config.title,
        description: &config.description,
        author: &config.author,
        language: &config.language,
        base_url: config.base_url.as_str(),
        home_url: url(routes::HOME),
        blog_url: url(&routes::blog(config)),
        tags_url: url(&TaxonomyKind::Tags.path()),
        categories_url: url(&TaxonomyKind::Categories.path()),
        authors_url: url(&TaxonomyKind::Authors.path()),
        feed_url: url(routes::FEED),
        sitemap_url: url(routes::SITEMAP),
        calendar_url: url(&routes::calendar(config)),
        calendar_ics_url: url(routes::CALENDAR_ICS),
        calendar_webcal_url: routes::webcal(&url(routes::CALENDAR_ICS)),
        events_json_url: url(routes::EVENTS_JSON),
        events_feed_url: url(&routes::events_feed(config)),
        pages: site
            .pages
            .iter()
            .map(|page| PageLink {
                title: page.title.clone(),
                url: url(&routes::page(&page.slug)),
            })
            .collect(),
        build_year: chrono::Datelike::year(&site.now.with_timezone(&config.timezone)),
    }
}

/// Per taxonomy, one view per term.
fn term_views(site: &Site) -> Vec<Vec<TermView>> {
    site.taxonomies
        .iter()
        .map(|taxonomy| {
            taxonomy
                .terms
                .iter()
                .map(|term| term_view(site, taxonomy.kind, term))
                .collect()
        })
        .collect()
}

/// What each summary shows: its post, the views of the post's terms (their counts among them)
/// and, when the post names events, their next dates.
fn summary_inputs(site: &Site, site_fingerprint: u64, terms: &[Vec<Shown>]) -> Vec<u64> {
    let term_fingerprint = |kind: TaxonomyKind, name: &str| {
        site.taxonomy(kind)
            .position_of(name)
            .map(|i| terms[kind.index()][i].fingerprint)
    };
    site.posts
        .iter()
        .map(|post| {
            let tags: Vec<_> = post
                .tags
                .iter()
                .map(|tag| term_fingerprint(TaxonomyKind::Tags, tag))
                .collect();
            fingerprint::of(&(
                site_fingerprint,
                post.fingerprint,
                term_fingerprint(TaxonomyKind::Authors, &post.author),
                post.category
                    .as_deref()
                    .map(|c| term_fingerprint(TaxonomyKind::Categories, c)),
                tags,
                (!post.events.is_empty()).then_some(site.calendar.fingerprint),
            ))
        })
        .collect()
}

/// Each post's summary and the fingerprint of what it shows, taken from `cached` where the
/// inputs are unchanged.
fn summaries(
    site: &Site,
    ui: &UiLanguage,
    terms: &[Vec<Shown>],
    cached: Vec<Option<(tera::Value, u64)>>,
) -> Result<Vec<(tera::Value, u64)>, tera::Error> {
    let calendar = CalendarViews::new(&site.config, &site.calendar, ui);
    let next_of_event = calendar.next_of_every_event();
    let summaries = site
        .posts
        .par_iter()
        .zip(cached)
        .map(|(post, cached)| {
            if let Some(summary) = cached {
                return Ok(summary);
            }
            let summary = post_summary(site, ui, &calendar, &next_of_event, terms, post);
            let summary = tera::to_value(summary)?;
            // Of what the summary shows: a change further down in a post leaves the pages
            // that list it alone.
            let shown = fingerprint::of(&summary.to_string());
            Ok((summary, shown))
        })
        .collect::<Result<Vec<_>, tera::Error>>()?;
    Ok(summaries)
}

fn post_summary<'a>(
    site: &'a Site,
    ui: &UiLanguage,
    calendar: &CalendarViews<'a>,
    next_of_event: &[Option<Listed>],
    terms: &'a [Vec<Shown>],
    post: &'a Post,
) -> PostSummary<'a> {
    let config = &site.config;
    // A post's terms, looked up by slug in the views just built.
    let term_value = |kind: TaxonomyKind, name: &str| -> Option<&'a tera::Value> {
        let term = terms[kind.index()].get(site.taxonomy(kind).position_of(name)?)?;
        Some(&term.value)
    };
    PostSummary {
        title: &post.title,
        url: config.base_url.join(&routes::post(config, &post.slug)),
        path: routes::post(config, &post.slug),
        slug: post.slug.as_str(),
        date: post.date.to_rfc3339(),
        date_display: ui.format_date(&post.date),
        updated: post.updated.map(|d| d.to_rfc3339()),
        updated_display: post.updated.map(|d| ui.format_date(&d)),
        author: term_value(TaxonomyKind::Authors, &post.author).unwrap_or(&tera::Value::Null),
        category: post
            .category
            .as_deref()
            .and_then(|c| term_value(TaxonomyKind::Categories, c)),
        tags: post
            .tags
            .iter()
            .filter_map(|tag| term_value(TaxonomyKind::Tags, tag))
            .collect(),
        summary: &post.summary_html,
        reading_time: post.reading_time,
        reading_time_display: ui.reading_time(post.reading_time),
        draft: post.draft,
        scheduled: site.is_scheduled(post),
        events: post
            .events
            .iter()
            .filter_map(|id| calendar.event_link(id, next_of_event))
            .collect(),
        extra: &post.extra,
    }
}

/// Per event, the posts that name it.
fn posts_of_event(site: &Site) -> Vec<Vec<usize>> {
    let mut posts_of_event = vec![Vec::new(); site.calendar.events.len()];
    for (post_index, post) in site.posts.iter().enumerate() {
        for id in &post.events {
            if let Some(event) = site.calendar.position_of(id) {
                posts_of_event[event].push(post_index);
            }
        }
    }
    posts_of_event
}

impl Views {
    /// Builds the views, taking from `cache` the summaries whose inputs are unchanged.
    pub fn build(
        site: &Site,
        theme: &Theme,
        cache: &mut SummaryCache,
    ) -> Result<Views, tera::Error> {
        let site_view = site_view(site);
        let terms: Vec<Vec<Shown>> = term_views(site)
            .iter()
            .map(|views| {
                views
                    .iter()
                    .map(|view| {
                        Ok(Shown {
                            value: tera::to_value(view)?,
                            fingerprint: fingerprint::of(view),
                        })
                    })
                    .collect::<Result<_, tera::Error>>()
            })
            .collect::<Result<_, _>>()?;
        let site_value = tera::to_value(site_view)?;
        let site_fingerprint = fingerprint::of(&(
            site.config.fingerprint,
            theme.fingerprint,
            site_value.to_string(),
            site.now,
        ));

        let summary_inputs = summary_inputs(site, site_fingerprint, &terms);
        let cached: Vec<Option<(tera::Value, u64)>> =
            summary_inputs.iter().map(|key| cache.remove(key)).collect();
        cache.clear();
        let summaries = summaries(site, &theme.ui, &terms, cached)?
            .into_iter()
            .zip(summary_inputs)
            .map(|((value, shown), inputs)| Summary {
                value,
                shown,
                inputs,
            })
            .collect();

        Ok(Views {
            posts_of_event: posts_of_event(site),
            site: site_value,
            summaries,
            terms,
            site_fingerprint,
        })
    }

    /// The summaries, by fingerprint, for the next render to reuse.
    pub fn into_summary_cache(self) -> SummaryCache {
        self.summaries
            .into_iter()
            .map(|summary| (summary.inputs, (summary.value, summary.shown)))
            .collect()
    }
}

fn term_view(site: &Site, kind: TaxonomyKind, term: &Term) -> TermView {
    TermView {
        name: term.name.clone(),
        slug: term.slug.to_string(),
        url: site.config.base_url.join(&kind.term_path(&term.slug)),
        count: term.posts.len(),
        feed_url: kind
            .term_feed_path(&term.slug)
            .map(|path| site.config.base_url.join(&path)),
    }
}

pub fn page_view<'a>(config: &SiteConfig, page: &'a Page) -> PageView<'a> {
    let path = routes::page(&page.slug);
    PageView {
        title: &page.title,
        url: config.base_url.join(&path),
        path,
        content: &page.html,
        draft: page.draft,
        extra: &page.extra,
    }
}

/// Everything but RFC 3986's unreserved characters is encoded in a query value.
pub const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Plain share links to the page at the absolute address `url` titled `title` (a post, an
/// event): the reader's click goes to the network, no script of theirs loads here. The
/// networks' names are brands, the same in every language; e-mail's is the language's.
pub fn share_links(url: &str, title: &str, ui: &UiLanguage) -> Vec<ShareLink> {
    let encode = |text: &str| utf8_percent_encode(text, QUERY_VALUE).to_string();
    let url = encode(url);
    let title = encode(title);
    vec![
        ShareLink {
            network: "facebook",
            name: "Facebook".into(),
            url: format!("https://www.facebook.com/sharer/sharer.php?u={url}"),
        },
        ShareLink {
            network: "x",
            name: "X".into(),
            url: format!("https://x.com/intent/post?url={url}&text={title}"),
        },
        ShareLink {
            network: "xing",
            name: "XING".into(),
            url: format!("https://www.xing.com/spi/shares/new?url={url}"),
        },
        ShareLink {
            network: "linkedin",
            name: "LinkedIn".into(),
            url: format!("https://www.linkedin.com/sharing/share-offsite/?url={url}"),
        },
        ShareLink {
            network: "email",
            name: ui.share_email.clone(),
            url: format!("mailto:?subject={title}&body={url}"),
        },
    ]
}

/// Navigation for page `current` (from 1) of a listing of `total_items` whose first page is `first`.
pub fn paginator(
    first: &str,
    base_url: &crate::load::config::BaseUrl,
    current: usize,
    total_pages: usize,
    total_items: usize,
) -> Paginator {
    let url = |number: usize| base_url.join(&routes::listing_page(first, number));
    Paginator {
        current,
        total_pages,
        total_items,
        previous_url: (current > 1).then(|| url(current - 1)),
        next_url: (current < total_pages).then(|| url(current + 1)),
        first_url: url(1),
        last_url: url(total_pages),
        pages: visible_pages(current, total_pages)
            .into_iter()
            .map(|number| PaginatorPage {
                number,
                url: number.map(url),
                current: number == Some(current),
                gap: number.is_none(),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::visible_pages;

    #[test]
    fn pagination_names_the_ends_and_the_neighbours() {
        assert_eq!(visible_pages(1, 1), [Some(1)]);
        assert_eq!(visible_pages(2, 4), [Some(1), Some(2), Some(3), Some(4)]);
        assert_eq!(
            visible_pages(50, 99),
            [
                Some(1),
                None,
                Some(48),
                Some(49),
                Some(50),
                Some(51),
                Some(52),
                None,
                Some(99)
            ]
        );
        assert_eq!(
            visible_pages(1, 9),
            [Some(1), Some(2), Some(3), None, Some(9)]
        );
    }
}
