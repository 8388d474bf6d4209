//! What crawlers read: `sitemap.xml` listing every page, and `robots.txt` naming it.

use std::fmt::Write;

use chrono::DateTime;
use chrono_tz::Tz;

use crate::load::config::SiteConfig;
use crate::model::routes;
use crate::render::escape::escape_markup;

/// A page the sitemap lists.
#[derive(Hash)]
pub struct Entry {
    pub path: String,
    pub last_modified: Option<Modified>,
}

/// A page's last change, hashed with its zone, which its written form shows.
pub struct Modified(pub DateTime<Tz>);

impl std::hash::Hash for Modified {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        (self.0, self.0.timezone()).hash(state);
    }
}

pub fn sitemap(config: &SiteConfig, entries: &[Entry]) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n\
         <urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for entry in entries {
        let location = escape_markup(&config.base_url.join(&entry.path));
        // Writing into a String cannot fail.
        let _ = match &entry.last_modified {
            Some(Modified(date)) => writeln!(
                xml,
                "<url><loc>{location}</loc><lastmod>{}</lastmod></url>",
                date.to_rfc3339()
            ),
            None => writeln!(xml, "<url><loc>{location}</loc></url>"),
        };
    }
    xml.push_str("</urlset>\n");
    xml
}

pub fn robots(config: &SiteConfig) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\n",
        config.base_url.join(routes::SITEMAP)
    )
}
