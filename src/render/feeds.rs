//! Atom 1.0 feeds: the site's latest posts and each tag's, and the calendar's coming dates.

use std::fmt::Write;

use crate::model::routes::{self, TaxonomyKind};
use chrono::{DateTime, Utc};

use crate::load::config::SiteConfig;
use crate::load::content::Post;
use crate::render::escape::escape_markup;

/// Where a feed is and what it is called.
pub struct Feed<'a> {
    pub title: &'a str,
    pub self_path: &'a str,
    /// The feed's web page.
    pub alternate_path: &'a str,
}

/// An Atom feed of `posts` (newest first); `now` is its time of change when it has no posts.
pub fn atom(config: &SiteConfig, now: DateTime<Utc>, feed: &Feed, posts: &[&Post]) -> String {
    let url = |path: &str| escape_markup(&config.base_url.join(path));
    let feed_updated = posts
        .iter()
        .map(|post| post.updated.unwrap_or(post.date))
        .max()
        .map_or_else(|| now.to_rfc3339(), |date| date.to_rfc3339());

    let mut xml =
        String::with_capacity(2048 + posts.iter().map(|p| p.html.len() * 2).sum::<usize>());
    head(&mut xml, config, feed, &feed_updated);
    for post in posts {
        let link = url(&routes::post(config, &post.slug));
        let _ = write!(
            xml,
            "<entry>\n<title>{title}</title>\n\
             <link rel=\"alternate\" type=\"text/html\" href=\"{link}\"/>\n\
             <id>{link}</id>\n<published>{published}</published>\n<updated>{updated}</updated>\n\
             <author><name>{author}</name><uri>{author_url}</uri></author>\n",
            title = escape_markup(&post.title),
            published = post.date.to_rfc3339(),
            updated = post.updated.unwrap_or(post.date).to_rfc3339(),
            author = escape_markup(&post.author),
            author_url = crate::model::slug::Slug::from_text(&post.author)
                .map(|slug| url(&TaxonomyKind::Authors.term_path(&slug)))
                .unwrap_or_default(),
        );
        let category_terms = post
            .category
            .iter()
            .map(|name| (TaxonomyKind::Categories, name))
            .chain(post.tags.iter().map(|name| (TaxonomyKind::Tags, name)));
        for (kind, name) in category_terms {
            if let Some(slug) = crate::model::slug::Slug::from_text(name) {
                let _ = writeln!(
                    xml,
                    "<category term=\"{slug}\" label=\"{label}\" scheme=\"{scheme}\"/>",
                    label = escape_markup(name),
                    scheme = url(&kind.path()),
                );
            }
        }
        let _ = write!(
            xml,
            // xml:base lets readers resolve in-page links such as footnotes (#fn-…) to the post.
            "<summary type=\"html\" xml:base=\"{link}\">{summary}</summary>\n\
             <content type=\"html\" xml:base=\"{link}\">{content}</content>\n</entry>\n",
            summary = escape_markup(&post.summary_html),
            content = escape_markup(&post.html),
        );
    }
    xml.push_str("</feed>\n");
    xml
}

/// The feed's own elements, before its entries.
fn head(xml: &mut String, config: &SiteConfig, feed: &Feed, updated: &str) {
    let url = |path: &str| escape_markup(&config.base_url.join(path));
    // Writing into a String cannot fail; the results of write! are ignored for that reason.
    let _ = write!(
        xml,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n\
         <feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{lang}\">\n\
         <title>{title}</title>\n",
        lang = escape_markup(&config.language),
        title = escape_markup(feed.title),
    );
    if !config.description.is_empty() {
        let _ = writeln!(
            xml,
            "<subtitle>{}</subtitle>",
            escape_markup(&config.description)
        );
    }
    let _ = write!(
        xml,
        "<link rel=\"self\" type=\"application/atom+xml\" href=\"{self_url}\"/>\n\
         <link rel=\"alternate\" type=\"text/html\" href=\"{alternate}\"/>\n\
         <id>{self_url}</id>\n\
         <updated>{updated}</updated>\n\
         <author><name>{author}</name></author>\n\
         <generator version=\"{version}\">Treffpunkt</generator>\n",
        self_url = url(feed.self_path),
        alternate = url(feed.alternate_path),
        author = escape_markup(&config.author),
        version = env!("CARGO_PKG_VERSION"),
    );
}

/// One coming date in the calendar's feed.
pub struct DateEntry {
    /// "Business-Stammtisch München: Dienstag, 8. Dezember 2026, 19:00–22:00".
    pub title: String,
    /// The date's page, which is also the entry's id: one entry per date, the same in every build.
    pub url: String,
    /// The date's time, place, status and note, and the event's description, as HTML.
    pub content_html: String,
    pub categories: Vec<String>,
}

/// The calendar's Atom feed of coming dates (`/termine/feed.xml`), soonest first, for newsletter
/// tools that mail from a feed; `updated` is the build's time.
pub fn dates_atom(
    config: &SiteConfig,
    updated: DateTime<Utc>,
    feed: &Feed,
    entries: &[DateEntry],
) -> String {
    let updated = updated.to_rfc3339();
    let mut xml = String::with_capacity(
        2048 + entries
            .iter()
            .map(|e| e.content_html.len() * 2)
            .sum::<usize>(),
    );
    head(&mut xml, config, feed, &updated);
    for entry in entries {
        let link = escape_markup(&entry.url);
        let _ = write!(
            xml,
            "<entry>\n<title>{title}</title>\n\
             <link rel=\"alternate\" type=\"text/html\" href=\"{link}\"/>\n\
             <id>{link}</id>\n<updated>{updated}</updated>\n",
            title = escape_markup(&entry.title),
        );
        for name in &entry.categories {
            if let Some(slug) = crate::model::slug::Slug::from_text(name) {
                let _ = writeln!(
                    xml,
                    "<category term=\"{slug}\" label=\"{label}\"/>",
                    label = escape_markup(name),
                );
            }
        }
        let _ = write!(
            xml,
            "<content type=\"html\" xml:base=\"{link}\">{content}</content>\n</entry>\n",
            content = escape_markup(&entry.content_html),
        );
    }
    xml.push_str("</feed>\n");
    xml
}
