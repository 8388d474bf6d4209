//! What every HTML page says about itself in its `<head>`: the Open Graph and Twitter card
//! preview (title, description, absolute address, locale, image) and its schema.org JSON-LD,
//! given to templates as `meta`.

use serde::Serialize;

use super::structured_data::{self, EventPage, Graph, Node};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::config::SiteConfig;
use crate::load::content::{Page, Post};
use crate::load::image::{self, Image, ImageSource};
use crate::load::theme::{Theme, UiLanguage};
use crate::model::calendar::{Calendar, Listed};
use crate::model::routes::{self, TaxonomyKind};
use crate::model::slug::Slug;
use crate::render::RenderError;
use crate::render::inputs::Shared;

/// The image a theme ships for pages that have none: `static/share.png`.
const THEME_IMAGE: &str = "/share.png";

/// How many dates of a series its page describes as `Event`s.
pub const EVENTS_PER_PAGE: usize = 12;

/// The longest description a preview carries, in characters; longer ones end with "…".
const DESCRIPTION_CHARACTERS: usize = 300;

/// The page a `meta` is made for, with what it shows.
pub enum Subject<'a> {
    Home,
    BlogListing {
        page: usize,
        pages: usize,
    },
    Post(&'a Post),
    Page(&'a Page),
    TaxonomyList(TaxonomyKind),
    TermListing {
        kind: TaxonomyKind,
        name: &'a str,
        slug: &'a Slug,
        page: usize,
        pages: usize,
    },
    CalendarIndex,
    /// A month page, with its name ("Dezember 2026").
    CalendarMonth(&'a str),
    /// The page of the event `index` of `calendar`.
    Event {
        calendar: &'a Calendar,
        index: usize,
    },
    /// The page of one date of a series, `date` its day in words.
    Date {
        calendar: &'a Calendar,
        listed: Listed,
        date: &'a str,
    },
    /// The page of the events of a category, with its name.
    Category(&'a str),
    NotFound,
}

#[derive(Serialize, Clone)]
pub struct ImageView {
    url: String,
    width: Option<u32>,
    height: Option<u32>,
    alt: String,
}

/// What templates see as `meta`.
#[derive(Serialize)]
pub struct PageMeta {
    title: String,
    description: String,
    url: String,
    /// `article` for posts, `website` for every other page.
    r#type: &'static str,
    locale: String,
    site_name: String,
    image: Option<ImageView>,
    /// `summary_large_image` with an image, `summary` without.
    twitter_card: &'static str,
    /// The JSON-LD, to be placed unescaped in `<script type="application/ld+json">`.
    json_ld: String,
}

/// What one page says of itself: its trail below the home page, its schema.org things, whether
/// it is an article, its description and its own image.
#[derive(Default)]
struct Own {
    trail: Vec<(String, String)>,
    nodes: Vec<Node>,
    article: bool,
    description: Option<String>,
    image: Option<ImageView>,
}

/// The parts of every page's `meta` that are the same for the whole build.
pub struct Heads<'a> {
    config: &'a SiteConfig,
    theme: &'a Theme,
    /// The site's image from site.toml, else the theme's; an image site.toml names but the site
    /// does not publish is an error of every page, which the render reports once.
    site_image: Result<Option<ImageView>, Diagnostic>,
    /// The site's image from site.toml only, for the JSON-LD.
    configured_image: Option<String>,
    locale: String,
    /// Of the site's share image as found (the theme's may come or go): part of every page's
    /// fingerprint, as every page may show it.
    pub fingerprint: u64,
}

impl<'a> Heads<'a> {
    /// Reads the size of the site's share image.
    pub fn new(config: &'a SiteConfig, theme: &'a Theme) -> Heads<'a> {
        let site_image = match &config.image {
            Some(image) => image_view(theme, image, &config.base_url, &config.title)
                .map(Some)
                .map_err(|message| {
                    image
                        .written
                        .problem(message)
                        .with_help(crate::load::image::IMAGE_HELP)
                }),
            None => {
                let shipped = ImageSource::SitePath(THEME_IMAGE.to_owned());
                // A theme without the file simply has no image to offer.
                Ok(match image::dimensions(&theme.static_dirs, &shipped) {
                    Ok(Some((width, height))) => Some(ImageView {
                        url: shipped.url(&config.base_url),
                        width: Some(width),
                        height: Some(height),
                        alt: config.title.clone(),
                    }),
                    _ => None,
                })
            }
        };
        let found = site_image.as_ref().ok().and_then(Option::as_ref);
        let fingerprint = crate::render::fingerprint::of(
            &found.map(|image| (&image.url, image.width, image.height, &image.alt)),
        );
        Heads {
            config,
            theme,
            fingerprint,
            configured_image: found
                .filter(|_| config.image.is_some())
                .map(|image| image.url.clone()),
            site_image,
            locale: og_locale(&config.language),
        }
    }

    /// The site's share image, or the error of one site.toml names but the site lacks.
    fn site_image(&self) -> Result<Option<&ImageView>, Diagnostics> {
        self.site_image
            .as_ref()
            .map(Option::as_ref)
            .map_err(|problem| problem.clone().into())
    }

    fn ui(&self) -> &UiLanguage {
        &self.theme.ui
    }

    /// A string of the theme's `[strings]`, as the templates read it.
    fn string(&self, key: &str) -> Result<String, Diagnostics> {
        match self.ui().strings.get(key) {
            Some(tera::Value::String(text)) => Ok(text.clone()),
            _ => Err(Diagnostic::new(
                &self.ui().file,
                format!(
                    "the [strings] table has no `{key}`, which the pages' structured data uses"
                ),
            )
            .with_help(format!(
                "add {key} = \"…\" under [strings], translated from another file of i18n/"
            ))
            .into()),
        }
    }

    /// "Seite 2 von 5" after a listing's name, from its second page on.
    fn listing_page(&self, page: usize, pages: usize) -> Result<Option<String>, Diagnostics> {
        if page < 2 {
            return Ok(None);
        }
        Ok(Some(
            self.string("page_of")?
                .replace("{current}", &page.to_string())
                .replace("{total}", &pages.to_string()),
        ))
    }

    /// The `meta` of the page `subject` at site path `path`.
    pub fn of(&self, subject: &Subject, path: &str) -> Result<tera::Value, Diagnostics> {
        let config = self.config;
        let here = config.base_url.join(path);
        let own = self.own(subject, &here)?;
        let title = match subject {
            Subject::Home => config.title.clone(),
            Subject::Date {
                calendar,
                listed,
                date,
            } => format!("{}, {date}", calendar.occurrence(*listed).1.title),
            _ => own
                .trail
                .last()
                .map(|(name, _)| name.clone())
                .unwrap_or_default(),
        };
        let home = (config.title.clone(), config.base_url.join(routes::HOME));
        let mut nodes = own.nodes;
        nodes.push(structured_data::breadcrumbs(
            std::iter::once(home).chain(own.trail).collect(),
        ));
        let image = match own.image {
            Some(image) => Some(image),
            None => self.site_image()?.cloned(),
        };
        let meta = PageMeta {
            title,
            description: own
                .description
                .filter(|text| !text.trim().is_empty())
                .unwrap_or_else(|| config.description.clone()),
            url: here,
            r#type: if own.article { "article" } else { "website" },
            locale: self.locale.clone(),
            site_name: config.title.clone(),
            twitter_card: if image.is_some() {
                "summary_large_image"
            } else {
                "summary"
            },
            image,
            json_ld: Graph::new(nodes).to_script_text(),
        };
        tera::to_value(meta).map_err(|error| {
            Diagnostic::new(
                &self.ui().file,
                format!("the page's share preview has no JSON form: {error}"),
            )
            .into()
        })
    }

    /// What the page `subject` at the address `here` says of itself.
    fn own(&self, subject: &Subject, here: &str) -> Result<Own, Diagnostics> {
        let config = self.config;
        let url = |path: &str| config.base_url.join(path);
        let at = |name: String| (name, here.to_owned());
        let mut own = Own::default();
        match subject {
            Subject::Home => {
                own.nodes = structured_data::home(config, self.configured_image.as_deref());
            }
            Subject::BlogListing { page, pages } => {
                own.trail
                    .push((self.string("blog")?, url(&routes::blog(config))));
                own.trail.extend(self.listing_page(*page, *pages)?.map(at));
            }
            Subject::Post(post) => return self.post(post, here),
            Subject::Page(page) => {
                own.trail.push(at(page.title.clone()));
                own.image = (self.own_image(page.image.as_ref(), &page.title)?)
                    .or_else(|| self.card(here, &page.title));
            }
            Subject::TaxonomyList(kind) => {
                own.trail
                    .push((self.string(kind.name())?, url(&kind.path())));
            }
            Subject::TermListing {
                kind,
                name,
                slug,
                page,
                pages,
            } => {
                own.trail
                    .push((self.string(kind.name())?, url(&kind.path())));
                own.trail
                    .push(((*name).to_owned(), url(&kind.term_path(slug))));
                own.trail.extend(self.listing_page(*page, *pages)?.map(at));
            }
            Subject::CalendarIndex => {
                own.trail
                    .push((self.string("calendar")?, url(&routes::calendar(config))));
            }
            Subject::CalendarMonth(name) => {
                own.trail
                    .push((self.string("calendar")?, url(&routes::calendar(config))));
                own.trail.push(at((*name).to_owned()));
            }
            Subject::Event { calendar, index } => return self.event(calendar, *index, here),
            Subject::Date {
                calendar,
                listed,
                date,
            } => return self.date(calendar, *listed, date, here),
            Subject::Category(name) => {
                own.trail
                    .push((self.string("calendar")?, url(&routes::calendar(config))));
                own.trail.push(at((*name).to_owned()));
            }
            Subject::NotFound => {
                own.trail.push(at(self.string("not_found_title")?));
            }
        }
        Ok(own)
    }

    /// A post's page: an article, with its `BlogPosting`.
    fn post(&self, post: &Post, here: &str) -> Result<Own, Diagnostics> {
        let config = self.config;
        let description = shortened(&post.summary_text);
        let image = (self.own_image(post.image.as_ref(), &post.title)?)
            .or_else(|| self.card(here, &post.title));
        let site_image = self
            .site_image()?
            .filter(|_| self.configured_image.is_some());
        let posting = structured_data::blog_posting(
            config,
            post,
            Some(description.as_str()).filter(|d| !d.is_empty()),
            image
                .as_ref()
                .or(site_image)
                .map(|image| image.url.as_str()),
        );
        Ok(Own {
            trail: vec![
                (
                    self.string("blog")?,
                    config.base_url.join(&routes::blog(config)),
                ),
                (post.title.clone(), here.to_owned()),
            ],
            nodes: vec![posting],
            article: true,
            description: Some(description),
            image,
        })
    }

    /// An event's page: its coming dates as `Event`s.
    fn event(&self, calendar: &Calendar, index: usize, here: &str) -> Result<Own, Diagnostics> {
        let config = self.config;
        let event = &calendar.events[index];
        let image = (self.own_image(event.image.as_ref(), &event.title)?)
            .or_else(|| self.card(here, &event.title));
        let shown = match &image {
            Some(image) => Some(image.url.as_str()),
            None => self.configured_image.as_deref(),
        };
        Ok(Own {
            trail: vec![
                (
                    self.string("calendar")?,
                    config.base_url.join(&routes::calendar(config)),
                ),
                (event.title.clone(), here.to_owned()),
            ],
            nodes: self.events(calendar, index, shown),
            article: false,
            description: event
                .summary
                .clone()
                .or_else(|| Some(shortened(&event.description_text))),
            image,
        })
    }

    /// A date's page: the `Event` of that date, with the page as its `url`.
    fn date(
        &self,
        calendar: &Calendar,
        listed: Listed,
        date: &str,
        here: &str,
    ) -> Result<Own, Diagnostics> {
        let config = self.config;
        let (event, occurrence) = calendar.occurrence(listed);
        let image = (self.own_image(event.image.as_ref(), &event.title)?)
            .or_else(|| self.card(here, &format!("{}, {date}", occurrence.title)));
        let page = EventPage {
            config,
            event,
            url: here.to_owned(),
            image: match &image {
                Some(image) => Some(image.url.as_str()),
                None => self.configured_image.as_deref(),
            },
        };
        let node = structured_data::event(&page, occurrence);
        Ok(Own {
            trail: vec![
                (
                    self.string("calendar")?,
                    config.base_url.join(&routes::calendar(config)),
                ),
                (
                    event.title.clone(),
                    config.base_url.join(&routes::event(config, &event.id)),
                ),
                (date.to_owned(), here.to_owned()),
            ],
            nodes: vec![node],
            article: false,
            description: occurrence
                .summary
                .clone()
                .or_else(|| Some(shortened(&event.description_text))),
            image,
        })
    }

    /// The share card drawn for the page at the address `here` (showing `title`), when the
    /// theme draws cards: the image of a post, page, event or date without its own.
    fn card(&self, here: &str, title: &str) -> Option<ImageView> {
        self.theme.cards.as_ref()?;
        Some(ImageView {
            url: routes::share_card(here),
            width: Some(super::share_card::WIDTH),
            height: Some(super::share_card::HEIGHT),
            alt: title.to_owned(),
        })
    }

    /// A post's, page's or event's own image; one it names but the site does not publish is an
    /// error at its file.
    fn own_image(
        &self,
        image: Option<&Image>,
        title: &str,
    ) -> Result<Option<ImageView>, Diagnostics> {
        let Some(image) = image else {
            return Ok(None);
        };
        image_view(self.theme, image, &self.config.base_url, title)
            .map(Some)
            .map_err(|message| {
                image
                    .written
                    .problem(message)
                    .with_help(crate::load::image::IMAGE_HELP)
                    .into()
            })
    }

    /// The event's coming dates (at most [`EVENTS_PER_PAGE`]) as `Event`s; a past event's last
    /// date, so that its page still says what it was.
    fn events(&self, calendar: &Calendar, index: usize, image: Option<&str>) -> Vec<Node> {
        let event = &calendar.events[index];
        let page = EventPage {
            config: self.config,
            event,
            url: String::new(),
            image,
        };
        let mut coming: Vec<usize> = calendar
            .upcoming()
            .filter(|listed| listed.event == index)
            .take(EVENTS_PER_PAGE)
            .map(|listed| listed.occurrence)
            .collect();
        if coming.is_empty() {
            coming.extend(event.occurrences.len().checked_sub(1));
        }
        coming
            .into_iter()
            .map(|occurrence| {
                let page = EventPage {
                    url: occurrence_url(
                        self.config,
                        calendar,
                        Listed {
                            event: index,
                            occurrence,
                        },
                    ),
                    ..page
                };
                structured_data::event(&page, &event.occurrences[occurrence])
            })
            .collect()
    }
}

/// The page that shows one occurrence of an event: its date page when it has one (a date of a
/// series in the window), else the event's page. Every link to a date is made here.
pub fn occurrence_url(config: &SiteConfig, calendar: &Calendar, listed: Listed) -> String {
    let id = &calendar.events[listed.event].id;
    let path = match calendar.date_page(listed.event, listed.occurrence) {
        Some(date) => routes::event_date(config, id, date),
        None => routes::event(config, id),
    };
    config.base_url.join(&path)
}

/// An image with its absolute address, its size when the site publishes it, and its text.
fn image_view(
    theme: &Theme,
    image: &Image,
    base_url: &crate::load::config::BaseUrl,
    fallback_alt: &str,
) -> Result<ImageView, String> {
    let size = match image::share_variant_of(image) {
        Some(variant) => Some((variant.width, variant.height)),
        None => image::dimensions(&theme.static_dirs, &image.src)?,
    };
    Ok(ImageView {
        url: image.src.url(base_url),
        width: size.map(|(width, _)| width),
        height: size.map(|(_, height)| height),
        alt: image.alt.clone().unwrap_or_else(|| fallback_alt.to_owned()),
    })
}

/// Open Graph's locale (`de_DE`) for a language code: the code's own region when it has one
/// (`de-AT` → `de_AT`), else the region where the language is mostly spoken.
pub fn og_locale(language: &str) -> String {
    let mut parts = language.split('-');
    let primary = parts.next().unwrap_or_default().to_ascii_lowercase();
    let region =
        parts.find(|part| part.len() == 2 && part.chars().all(|c| c.is_ascii_alphabetic()));
    if let Some(region) = region {
        return format!("{primary}_{}", region.to_ascii_uppercase());
    }
    let region = match primary.as_str() {
        "en" => "US",
        "cs" => "CZ",
        "da" => "DK",
        "el" => "GR",
        "ja" => "JP",
        "ko" => "KR",
        "nb" | "nn" | "no" => "NO",
        "sv" => "SE",
        "uk" => "UA",
        "zh" => "CN",
        other => return format!("{other}_{}", other.to_ascii_uppercase()),
    };
    format!("{primary}_{region}")
}

/// `text` on one line, cut after a word when longer than a preview shows.
fn shortened(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= DESCRIPTION_CHARACTERS {
        return text;
    }
    let cut: String = text.chars().take(DESCRIPTION_CHARACTERS).collect();
    let cut = cut
        .rsplit_once(' ')
        .map_or(cut.as_str(), |(words, _)| words);
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.', ' ']))
}

impl Shared<'_> {
    /// The share preview and structured data of the page `subject` at `path` (`meta` in
    /// templates).
    pub fn meta(&self, subject: &Subject, path: &str) -> Result<tera::Value, RenderError> {
        self.heads.of(subject, path).map_err(RenderError::Templates)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_locale_comes_from_the_language() {
        assert_eq!(og_locale("de"), "de_DE");
        assert_eq!(og_locale("en"), "en_US");
        assert_eq!(og_locale("de-AT"), "de_AT");
        assert_eq!(og_locale("fr"), "fr_FR");
        assert_eq!(og_locale("sr-Latn-RS"), "sr_RS");
    }

    #[test]
    fn long_descriptions_end_after_a_word() {
        assert_eq!(shortened("Kurz\nund  gut."), "Kurz und gut.");
        let long = "Wort ".repeat(100);
        let short = shortened(&long);
        assert!(short.ends_with("Wort…"), "{short}");
        assert!(short.chars().count() <= DESCRIPTION_CHARACTERS + 1);
    }
}
