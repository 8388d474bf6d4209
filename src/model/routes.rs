//! The URL scheme: where each kind of page is published, and which file holds it.

use std::path::PathBuf;

use crate::load::config::SiteConfig;
use crate::model::slug::Slug;

/// The three ways posts are grouped, each with its own listing pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TaxonomyKind {
    Tags,
    Categories,
    Authors,
}

impl TaxonomyKind {
    pub const ALL: [TaxonomyKind; 3] = [Self::Tags, Self::Categories, Self::Authors];

    /// The position in `ALL`, which is also where the site keeps this taxonomy.
    pub fn index(self) -> usize {
        self as usize
    }

    /// The name used in URLs and given to templates as `taxonomy.kind`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Tags => "tags",
            Self::Categories => "categories",
            Self::Authors => "authors",
        }
    }

    pub fn path(self) -> String {
        format!("/{}/", self.name())
    }

    pub fn term_path(self, slug: &Slug) -> String {
        format!("/{}/{slug}/", self.name())
    }

    /// Only tags get a feed each: they are what readers follow.
    pub fn term_feed_path(self, slug: &Slug) -> Option<String> {
        (self == Self::Tags).then(|| format!("/tags/{slug}/feed.xml"))
    }
}

pub const HOME: &str = "/";
pub const FEED: &str = "/feed.xml";
pub const SITEMAP: &str = "/sitemap.xml";
pub const ROBOTS: &str = "/robots.txt";
pub const NOT_FOUND: &str = "/404.html";

pub const CALENDAR_ICS: &str = "/calendar.ics";
pub const EVENTS_JSON: &str = "/events.json";

pub fn calendar(config: &SiteConfig) -> String {
    format!("/{}/", config.calendar.path)
}

/// The month page of the calendar for the month that `first_day` begins.
pub fn calendar_month(config: &SiteConfig, first_day: chrono::NaiveDate) -> String {
    format!("/{}/{}/", config.calendar.path, first_day.format("%Y/%m"))
}

pub fn event(config: &SiteConfig, id: &Slug) -> String {
    format!("/{}/{id}/", config.calendar.path)
}

/// The page of one date of a series: `/termine/<id>/2026-12-08/`, named by the local day the
/// rule gives it (a moved date keeps its address); the second date the rule gives on one day is
/// `2026-12-08-2`.
pub fn event_date(config: &SiteConfig, id: &Slug, date: DatePage) -> String {
    format!("{}{}/", event(config, id), date.name())
}

/// The one-date calendar file beside a date's page: `/termine/<id>/2026-12-08.ics`.
pub fn event_date_ics(config: &SiteConfig, id: &Slug, date: DatePage) -> String {
    format!("{}{}.ics", event(config, id), date.name())
}

/// Which date of a series a date page shows: the rule's local day, and which of that day's
/// starts (from 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DatePage {
    pub day: chrono::NaiveDate,
    pub number: u32,
}

impl DatePage {
    /// `2026-12-08`, or `2026-12-08-2` for the day's second start.
    pub fn name(self) -> String {
        let day = self.day.format("%Y-%m-%d");
        if self.number > 1 {
            format!("{day}-{}", self.number)
        } else {
            day.to_string()
        }
    }
}

/// The page of the events of one category: `/termine/categories/<slug>/`.
pub fn category(config: &SiteConfig, slug: &Slug) -> String {
    format!("/{}/categories/{slug}/", config.calendar.path)
}

/// The Atom feed of the coming dates.
pub fn events_feed(config: &SiteConfig) -> String {
    format!("/{}/feed.xml", config.calendar.path)
}

pub fn event_ics(config: &SiteConfig, id: &Slug) -> String {
    format!("/{}/{id}.ics", config.calendar.path)
}

pub fn category_ics(config: &SiteConfig, slug: &Slug) -> String {
    format!("/{}/categories/{slug}.ics", config.calendar.path)
}

/// The `webcal://` form of a feed's address, which calendar programs open as a subscription.
pub fn webcal(url: &str) -> String {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .unwrap_or(url);
    format!("webcal://{rest}")
}

pub fn blog(config: &SiteConfig) -> String {
    format!("/{}/", config.blog.path)
}

pub fn post(config: &SiteConfig, slug: &Slug) -> String {
    format!("/{}/{slug}/", config.blog.path)
}

pub fn page(slug: &Slug) -> String {
    format!("/{slug}/")
}

/// Page `number` (from 1) of a paginated listing whose first page is `first`.
/// The share card of the page at `page` (a folder path such as `/blog/x/`), beside its
/// `index.html`: its address stays as long as the page's.
pub fn share_card(page: &str) -> String {
    format!("{}/card.png", page.trim_end_matches('/'))
}

pub fn listing_page(first: &str, number: usize) -> String {
    if number <= 1 {
        first.to_owned()
    } else {
        format!("{first}page/{number}/")
    }
}

/// The sections Treffpunkt writes itself, by their site path, each with what it is ("the blog
/// listing"): no post or page may take their URLs.
pub fn sections(config: &SiteConfig) -> Vec<(String, String)> {
    let mut sections = vec![
        (HOME.to_owned(), "the home page".to_owned()),
        (blog(config), "the blog listing".to_owned()),
        (calendar(config), "the calendar".to_owned()),
    ];
    sections.extend(
        TaxonomyKind::ALL.map(|kind| (kind.path(), format!("the list of {}", kind.name()))),
    );
    sections
}

/// The site path of the file that serves `path` (`/blog/` → `/blog/index.html`).
pub fn file_path(path: &str) -> String {
    let mut file = String::with_capacity(path.len() + "/index.html".len());
    for segment in path
        .split('/')
        .filter(|segment| !matches!(*segment, "" | "." | ".."))
    {
        file.push('/');
        file.push_str(segment);
    }
    if path.ends_with('/') {
        file.push_str("/index.html");
    }
    file
}

/// Where a link written on the page at `page_path` leads inside the site: the site path, with `.`
/// and `..` resolved, and the query and fragment as written. `None` for a link that leaves the
/// site (another host, `mailto:`), stays on the page (`#teil`) or is empty.
pub fn resolve_link<'a>(destination: &'a str, page_path: &str) -> Option<(String, &'a str)> {
    let end = destination.find(['?', '#']).unwrap_or(destination.len());
    let (path, rest) = destination.split_at(end);
    let leaves_site = destination.starts_with("//")
        || path
            .split_once(':')
            .is_some_and(|(scheme, _)| !scheme.contains('/'));
    if path.is_empty() || leaves_site {
        return None;
    }
    let joined = if path.starts_with('/') {
        path.to_owned()
    } else {
        // A page's path is a folder (`/blog/x/`): what follows its last slash is not part of it.
        let folder = &page_path[..page_path.rfind('/').map_or(0, |i| i + 1)];
        format!("{folder}{path}")
    };
    Some((normalize(&joined), rest))
}

/// Resolves `.` and `..` segments and empty ones; a path never climbs above the site's root.
fn normalize(path: &str) -> String {
    let mut segments: Vec<&str> = Vec::new();
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        match segment {
            "." => {}
            ".." => {
                segments.pop();
            }
            other => segments.push(other),
        }
    }
    let mut normal = format!("/{}", segments.join("/"));
    let is_folder = path.ends_with('/') || path.ends_with("/.") || path.ends_with("/..");
    if is_folder && normal.len() > 1 {
        normal.push('/');
    }
    normal
}

/// The file below the output folder that serves `path`.
pub fn output_file(path: &str) -> PathBuf {
    file_path(path)
        .split('/')
        .filter(|segment| !segment.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_resolve_against_the_page_and_leave_other_sites_alone() {
        let resolve = resolve_link;
        assert_eq!(
            resolve("/blog/x/", "/ueber/"),
            Some(("/blog/x/".into(), ""))
        );
        assert_eq!(
            resolve("../y/#teil", "/blog/x/"),
            Some(("/blog/y/".into(), "#teil"))
        );
        assert_eq!(
            resolve("bild.png?v=2", "/blog/x/"),
            Some(("/blog/x/bild.png".into(), "?v=2"))
        );
        assert_eq!(resolve("../../../a/..", "/blog/x/"), Some(("/".into(), "")));
        for elsewhere in [
            "https://example.org/",
            "//cdn.example/x",
            "mailto:a@b.c",
            "#oben",
            "tel:+49",
            "",
        ] {
            assert_eq!(resolve(elsewhere, "/blog/x/"), None, "{elsewhere}");
        }
    }

    #[test]
    fn listing_pages_and_files() {
        assert_eq!(listing_page("/blog/", 1), "/blog/");
        assert_eq!(listing_page("/blog/", 3), "/blog/page/3/");
        assert_eq!(output_file("/"), PathBuf::from("index.html"));
        assert_eq!(
            output_file("/blog/page/3/"),
            PathBuf::from("blog/page/3/index.html")
        );
        assert_eq!(
            output_file("/tags/x/feed.xml"),
            PathBuf::from("tags/x/feed.xml")
        );
    }
}
