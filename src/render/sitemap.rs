//! What crawlers read: `sitemap.xml` listing every page, and `robots.txt` naming it.

use std::fmt::Write;

use chrono::DateTime;
use chrono_tz::Tz;

use crate::model::routes;
use crate::model::site::Site;
use crate::render::escape::escape_markup;

pub struct Entry {
    pub path: String,
    pub last_modified: Option<DateTime<Tz>>,
}

pub fn sitemap(site: &Site, entries: &[Entry]) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n\
         <urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for entry in entries {
        let location = escape_markup(&site.config.base_url.join(&entry.path));
        // Writing into a String cannot fail.
        let _ = match entry.last_modified {
            Some(date) => writeln!(
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

pub fn robots(site: &Site) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\n",
        site.config.base_url.join(routes::SITEMAP)
    )
}
