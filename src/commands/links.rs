//! Links and images inside posts and pages that lead to nothing the site publishes, found with
//! their place in the Markdown file.

use std::collections::HashSet;
use std::path::Path;

use percent_encoding::percent_decode_str;
use pulldown_cmark::{Event, LinkType, Parser, Tag};
use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::images::Pictures;
use crate::load::front_matter;
use crate::model::routes;
use crate::model::site::Site;
use crate::render::markdown;

/// Every file a build publishes, by its site path in file form (`/blog/x/index.html`).
pub struct Published {
    files: HashSet<String>,
}

impl Published {
    /// `paths` are site paths such as `/blog/x/` or `/css/style.css`.
    pub fn new(paths: impl IntoIterator<Item = String>) -> Published {
        Published {
            files: paths
                .into_iter()
                .map(|path| routes::file_path(&path))
                .collect(),
        }
    }

    /// Whether a request for `path` finds a file. `/blog/x` counts when `/blog/x/` exists, as
    /// web servers redirect the one to the other.
    fn serves(&self, path: &str) -> bool {
        self.files.contains(&routes::file_path(path))
            || (!path.ends_with('/')
                && self.files.contains(&routes::file_path(&format!("{path}/"))))
    }

    /// The published page or file closest to `path`: one a typo away (`der-tag-danac` for
    /// `der-tag-danach`, but not `nix` for `bom`), else one whose last part is, wherever it lies
    /// (`/events/stammtisch/` for the calendar's `/termine/stammtisch/`, `/stammtisch/` for it).
    /// Every page and file is a candidate: posts, pages, events, taxonomies, feeds, static files.
    fn closest(&self, path: &str) -> Option<String> {
        let wanted = routes::file_path(path);
        let name = last_part(path);
        let tolerance = (name.chars().count() / 4).max(1);
        let as_link = |file: &str| file.strip_suffix("index.html").unwrap_or(file).to_owned();
        let typo = self
            .files
            .iter()
            .map(|file| (strsim::levenshtein(&wanted, file), file))
            .filter(|(distance, _)| *distance <= tolerance)
            .min();
        if let Some((_, file)) = typo {
            return Some(as_link(file));
        }
        if name.is_empty() {
            return None;
        }
        self.files
            .iter()
            .filter_map(|file| {
                let link = as_link(file);
                let distance = strsim::levenshtein(name, last_part(&link));
                (distance <= tolerance)
                    .then(|| ((distance, strsim::levenshtein(&wanted, file)), link))
            })
            .min()
            .map(|(_, link)| link)
    }
}

/// The last part of a site path: `stammtisch` of `/termine/stammtisch/`.
fn last_part(path: &str) -> &str {
    path.trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or_default()
}

/// Links and images in the site's posts and pages that lead to nothing in `published`. Links to
/// other sites, e-mail addresses and anchors on the same page are not followed.
pub fn broken(root: &Path, site: &Site, published: &Published) -> Diagnostics {
    let documents: Vec<(&Path, String, &Pictures)> = site
        .posts
        .iter()
        .map(|post| {
            (
                post.source.as_path(),
                routes::post(&site.config, &post.slug),
                &post.pictures,
            )
        })
        .chain(site.pages.iter().map(|page| {
            (
                page.source.as_path(),
                routes::page(&page.slug),
                &page.pictures,
            )
        }))
        .collect();
    let found: Vec<Diagnostic> = documents
        .par_iter()
        .flat_map_iter(|(file, url, pictures)| broken_in(root, file, url, pictures, published))
        .collect();
    found.into_iter().collect()
}

/// `pictures` are the document's images published as variants under other names: they were
/// found when the document was loaded.
fn broken_in(
    root: &Path,
    file: &Path,
    url: &str,
    pictures: &Pictures,
    published: &Published,
) -> Vec<Diagnostic> {
    let source = std::fs::read(root.join(file))
        .ok()
        .and_then(|bytes| crate::load::encoding::decode(file, bytes).ok());
    let Some(source) = source else {
        // The file was read moments ago when the site was loaded; it has gone since.
        return Vec::new();
    };
    let Ok(doc) = front_matter::split(file, &source) else {
        return Vec::new();
    };
    let mut problems = Vec::new();
    let mut unlisted = 0usize;
    for (event, range) in Parser::new_ext(doc.body, markdown::parser_options()).into_offset_iter() {
        let Some((what, destination)) = link_of(event) else {
            continue;
        };
        if what == "image" && pictures.contains_key(destination.as_ref()) {
            continue;
        }
        let Some((target, _)) = routes::resolve_link(&destination, url) else {
            continue;
        };
        let target = percent_decode_str(&target).decode_utf8_lossy().into_owned();
        if published.serves(&target) {
            continue;
        }
        // Placing a problem reads the file up to it: past a few, they are only counted, which
        // keeps a file of thousands of broken links linear to check.
        if problems.len() == MOST_LISTED_PER_FILE {
            unlisted += 1;
            continue;
        }
        let link = Link {
            what,
            destination: &destination,
            target: &target,
            range,
        };
        problems.push(not_published(file, &doc, &link, published));
    }
    if unlisted > 0 {
        problems.push(
            Diagnostic::new(
                file,
                format!("… and {unlisted} more links or images in this file that lead to nothing this site publishes"),
            )
            .with_help("correct the ones above, then run `treffpunkt check` again to see the rest"),
        );
    }
    problems
}

/// A link or image of the Markdown event `event`, with its address; e-mail links are none.
fn link_of(event: Event<'_>) -> Option<(&'static str, pulldown_cmark::CowStr<'_>)> {
    let (what, link_type, destination) = match event {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            ..
        }) => ("link", link_type, dest_url),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            ..
        }) => ("image", link_type, dest_url),
        _ => return None,
    };
    (link_type != LinkType::Email).then_some((what, destination))
}

/// A link or image that leads to nothing the site publishes.
struct Link<'a> {
    what: &'static str,
    /// The address as written.
    destination: &'a str,
    /// The site path it leads to.
    target: &'a str,
    /// Where it is written in the body.
    range: std::ops::Range<usize>,
}

/// The problem of `link`, placed in `doc`, with the published file it may have meant.
fn not_published(
    file: &Path,
    doc: &front_matter::Document,
    link: &Link,
    published: &Published,
) -> Diagnostic {
    let Link {
        what,
        destination,
        target,
        ..
    } = *link;
    let body_offset = doc.source.len() - doc.body.len();
    // Point at the address where it is written after the link's text (which may quote it);
    // a reference link or an escaped address is pointed at as a whole.
    let written = &doc.body[link.range.clone()];
    let at = [format!("]({destination}"), format!("](<{destination}")]
        .iter()
        .find_map(|form| {
            written
                .find(form.as_str())
                .map(|i| i + form.len() - destination.len())
        })
        .unwrap_or(0);
    let mut problem = Diagnostic::new(
        file,
        format!("the {what} `{destination}` leads to nothing this site publishes"),
    )
    .at_offset(doc.source, body_offset + link.range.start + at);
    problem.help = Some(match published.closest(target) {
        Some(closest) => format!("did you mean `{closest}`?"),
        None if what == "image" => format!(
            "put the file at static{target}, or correct the address (a path from the site's root, such as /bilder/foto.jpg)"
        ),
        None => "correct the address: a path from the site's root, such as /blog/mein-beitrag/, or a path relative to this page".to_owned(),
    });
    problem
}

/// The most broken links of one file that are listed one by one.
const MOST_LISTED_PER_FILE: usize = 20;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_are_served_with_and_without_their_slash() {
        let published = Published::new(["/blog/x/", "/bilder/a.png"].map(str::to_owned));
        assert!(published.serves("/blog/x/"));
        assert!(published.serves("/blog/x"));
        assert!(published.serves("/blog/x/index.html"));
        assert!(published.serves("/bilder/a.png"));
        assert!(!published.serves("/blog/y/"));
        assert_eq!(published.closest("/blog/xy/").as_deref(), Some("/blog/x/"));
    }

    #[test]
    fn every_published_url_is_a_candidate() {
        let published = Published::new(
            [
                "/termine/stammtisch-muenchen/",
                "/tags/netzwerken/",
                "/impressum/",
                "/termine/categories/",
                "/termine/stammtisch-muenchen.ics",
            ]
            .map(str::to_owned),
        );
        for (written, meant) in [
            (
                "/termine/stammtisch-munchen/",
                "/termine/stammtisch-muenchen/",
            ),
            (
                "/events/stammtisch-muenchen/",
                "/termine/stammtisch-muenchen/",
            ),
            ("/stammtisch-muenchen", "/termine/stammtisch-muenchen/"),
            ("/blog/impressum/", "/impressum/"),
            ("/tag/netzwerken/", "/tags/netzwerken/"),
            (
                "/termine/stammtisch-muenchen.isc",
                "/termine/stammtisch-muenchen.ics",
            ),
        ] {
            assert_eq!(
                published.closest(written).as_deref(),
                Some(meant),
                "{written}"
            );
        }
        assert_eq!(published.closest("/blog/ganz-anders/"), None);
    }
}
