//! `site.toml`: the site's settings, read and validated into typed values.

use std::num::NonZeroUsize;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use crate::diagnostic::Written;
use crate::diagnostic::{Diagnostic, Diagnostics, Position, position_of_offset, toml_diagnostic};
use crate::load::image::{IMAGE_HELP, Image, ImageSource};
use crate::model::routes::TaxonomyKind;
use crate::model::slug::{Slug, slugify};

pub const CONFIG_FILE: &str = "site.toml";

#[derive(Debug, Clone)]
pub struct SiteConfig {
    pub title: String,
    pub base_url: BaseUrl,
    pub language: String,
    pub timezone: chrono_tz::Tz,
    pub author: String,
    pub description: String,
    pub theme: String,
    /// The image pages are shared with when they name none of their own.
    pub image: Option<Image>,
    pub blog: BlogConfig,
    pub calendar: CalendarConfig,
    pub images: ImagesConfig,
    /// Of site.toml's text and the `--base-url` override: whatever they change, everything changes.
    pub fingerprint: u64,
}

#[derive(Debug, Clone)]
pub struct BlogConfig {
    pub posts_per_page: NonZeroUsize,
    /// Path segments of the blog below the site root, without slashes at either end.
    pub path: String,
}

#[derive(Debug, Clone)]
pub struct CalendarConfig {
    /// Path segments of the calendar below the site root, without slashes at either end.
    pub path: String,
    /// How far the calendar reaches from the build time, in whole months.
    pub months_ahead: u32,
    pub months_back: u32,
}

/// How the images of the content are published (`[images]`).
#[derive(Debug, Clone, Hash)]
pub struct ImagesConfig {
    /// The widths of the variants, ascending; an image gets those narrower than itself.
    pub widths: Vec<u32>,
    /// JPEG (and lossy WebP) quality, 1 to 100.
    pub quality: u8,
    /// Whether a WebP variant is offered beside the original format.
    pub webp: bool,
    /// The `sizes` attribute: how wide the image is shown, for the browser's choice of variant.
    pub sizes: String,
}

impl Default for ImagesConfig {
    fn default() -> Self {
        ImagesConfig {
            widths: vec![480, 800, 1200, 1600],
            quality: 80,
            webp: true,
            sizes: "(max-width: 50rem) 100vw, 50rem".to_owned(),
        }
    }
}

/// The site's public address, an http(s) URL kept without a trailing slash so that
/// joining it with a path that starts with `/` gives a permalink.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl(String);

impl BaseUrl {
    pub fn parse(text: &str) -> Result<BaseUrl, String> {
        let trimmed = text.trim().trim_end_matches('/');
        let rest = trimmed
            .strip_prefix("https://")
            .or_else(|| trimmed.strip_prefix("http://"))
            .ok_or_else(|| format!("`{text}` is not an http or https address"))?;
        let host = rest.split('/').next().unwrap_or_default();
        if host.is_empty() || rest.contains(['?', '#', ' ']) {
            return Err(format!("`{text}` is not a plain site address"));
        }
        Ok(BaseUrl(trimmed.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The host part, e.g. `example.org` of `https://example.org/verein`: it makes event UIDs
    /// unique to the site.
    pub fn host(&self) -> &str {
        let rest = self.0.split_once("://").map_or(self.0.as_str(), |(_, r)| r);
        rest.split('/').next().unwrap_or(rest)
    }

    /// The absolute URL of a site path such as `/blog/`.
    pub fn join(&self, path: &str) -> String {
        format!("{}{path}", self.0)
    }
}

const BASE_URL_HELP: &str =
    "write the address the site is published at, e.g. \"https://example.org\"";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: String,
    base_url: Spanned<String>,
    #[serde(default)]
    language: Option<Spanned<String>>,
    #[serde(default)]
    timezone: Option<Spanned<String>>,
    author: Spanned<String>,
    #[serde(default)]
    description: String,
    #[serde(default)]
    theme: Option<Spanned<String>>,
    #[serde(default)]
    image: Option<Spanned<String>>,
    #[serde(default)]
    image_alt: Option<Spanned<String>>,
    #[serde(default)]
    blog: RawBlog,
    #[serde(default)]
    calendar: RawCalendar,
    #[serde(default)]
    images: RawImages,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawImages {
    widths: Option<Spanned<Vec<i64>>>,
    quality: Option<Spanned<i64>>,
    formats: Option<Spanned<Vec<String>>>,
    sizes: Option<Spanned<String>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawBlog {
    posts_per_page: Option<Spanned<i64>>,
    path: Option<Spanned<String>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawCalendar {
    path: Option<Spanned<String>>,
    months_ahead: Option<Spanned<i64>>,
    months_back: Option<Spanned<i64>>,
}

/// Reads `site.toml` in `root`. `base_url_override` (from `--base-url`) replaces `base_url`.
pub fn load(root: &Path, base_url_override: Option<&str>) -> Result<SiteConfig, Diagnostics> {
    let path = root.join(CONFIG_FILE);
    let bytes = std::fs::read(&path).map_err(|error| {
        Diagnostic::new(
            CONFIG_FILE,
            format!("cannot read {}: {error}", path.display()),
        )
        .with_help("run Treffpunkt in the site's folder or name it with --root")
    })?;
    let source = crate::load::encoding::decode(Path::new(CONFIG_FILE), bytes)?;
    parse(&source, base_url_override)
}

pub fn parse(source: &str, base_url_override: Option<&str>) -> Result<SiteConfig, Diagnostics> {
    let raw: RawConfig = toml::from_str(source)
        .map_err(|error| toml_diagnostic(Path::new(CONFIG_FILE), source, &error))?;

    // Every setting is checked, so that one run lists every problem of the file; a setting
    // in error takes a stand-in value until the problems are reported.
    let mut problems = Diagnostics::default();
    let mut problem_at = |spanned_start: usize, message: String, help: &str| {
        problems.push(
            Diagnostic::new(CONFIG_FILE, message)
                .at_offset(source, spanned_start)
                .with_help(help),
        )
    };

    let base_url = base_url(&raw.base_url, base_url_override, &mut problem_at)?;
    let language = language(raw.language, &mut problem_at);
    let timezone = timezone(raw.timezone, &mut problem_at);
    let theme = theme_name(raw.theme, &mut problem_at);
    let image = site_image(source, raw.image, raw.image_alt, &mut problem_at);
    check_author(&raw.author, &mut problem_at);
    let posts_per_page = posts_per_page(raw.blog.posts_per_page, &mut problem_at);
    let (blog_path, calendar_path, overlaps) =
        section_paths(source, raw.blog.path, raw.calendar.path, &mut problem_at);
    let months_ahead = months(
        raw.calendar.months_ahead,
        12,
        "months_ahead",
        &mut problem_at,
    );
    let months_back = months(raw.calendar.months_back, 3, "months_back", &mut problem_at);
    let images = images(raw.images, &mut problem_at);

    for problem in overlaps {
        problems.push(problem);
    }
    problems.into_result(SiteConfig {
        title: raw.title,
        base_url,
        language,
        timezone,
        author: raw.author.into_inner(),
        description: raw.description,
        theme,
        image,
        blog: BlogConfig {
            posts_per_page,
            path: blog_path,
        },
        calendar: CalendarConfig {
            path: calendar_path,
            months_ahead,
            months_back,
        },
        images,
        fingerprint: crate::render::fingerprint::of(&(source, base_url_override)),
    })
}

/// `--base-url` wins over the file; an option in error ends the reading, as no line of the
/// file can show it.
fn base_url(
    written: &Spanned<String>,
    base_url_override: Option<&str>,
    problem_at: &mut impl FnMut(usize, String, &str),
) -> Result<BaseUrl, Diagnostics> {
    match base_url_override {
        Some(text) => BaseUrl::parse(text).map_err(|message| {
            Diagnostics::from(Diagnostic::option("--base-url", message).with_help(BASE_URL_HELP))
        }),
        None => Ok(BaseUrl::parse(written.get_ref()).unwrap_or_else(|message| {
            problem_at(written.span().start, message, BASE_URL_HELP);
            BaseUrl(String::new())
        })),
    }
}

fn language(
    written: Option<Spanned<String>>,
    problem_at: &mut impl FnMut(usize, String, &str),
) -> String {
    let Some(language) = written else {
        return "de".to_owned();
    };
    if !is_language_code(language.get_ref()) {
        problem_at(
            language.span().start,
            format!("`{}` is not a language code", language.get_ref()),
            "use a code such as \"de\", \"de-AT\" or \"en\"",
        );
    }
    canonical_language(language.get_ref())
}

/// A language is two or three letters (ISO 639), then optional parts such as a region.
fn is_language_code(code: &str) -> bool {
    let primary = code.split('-').next().unwrap_or_default();
    (2..=3).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_alphabetic())
        && code
            .split('-')
            .all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric()))
}

fn timezone(
    written: Option<Spanned<String>>,
    problem_at: &mut impl FnMut(usize, String, &str),
) -> chrono_tz::Tz {
    let Some(name) = written else {
        return chrono_tz::Europe::Berlin;
    };
    name.get_ref().parse().unwrap_or_else(|_| {
        problem_at(
            name.span().start,
            format!("`{}` is not a known time zone", name.get_ref()),
            "use an IANA time-zone name such as \"Europe/Berlin\" or \"Europe/Vienna\"",
        );
        chrono_tz::UTC
    })
}

/// The theme is a folder inside `themes/`, so its name must not lead anywhere else.
fn theme_name(
    written: Option<Spanned<String>>,
    problem_at: &mut impl FnMut(usize, String, &str),
) -> String {
    let Some(theme) = written else {
        return "default".to_owned();
    };
    let name = theme.get_ref();
    if name.is_empty() || name.contains(['/', '\\']) || name.starts_with('.') {
        problem_at(
            theme.span().start,
            format!("`{name}` is not a theme name"),
            "name a folder inside themes/, e.g. \"default\"",
        );
    }
    theme.into_inner()
}

/// `image` and its description `image_alt`, which needs an image to describe.
fn site_image(
    source: &str,
    image: Option<Spanned<String>>,
    alt: Option<Spanned<String>>,
    problem_at: &mut impl FnMut(usize, String, &str),
) -> Option<Image> {
    if let Some(alt) = &alt
        && alt.get_ref().trim().is_empty()
    {
        problem_at(
            alt.span().start,
            "image_alt is empty".into(),
            "say in a few words what the image shows, or leave image_alt out",
        );
    }
    let Some(image) = image else {
        if let Some(alt) = &alt {
            problem_at(
                alt.span().start,
                "image_alt describes an image, but there is no `image`".into(),
                "add image = \"/share.jpg\" (a file of static/) or remove image_alt",
            );
        }
        return None;
    };
    match ImageSource::parse(image.get_ref()) {
        Ok(src) => Some(Image {
            src,
            alt: alt.map(|alt| alt.into_inner().trim().to_owned()),
            written: Written::at(
                Diagnostic::new(CONFIG_FILE, "").at_offset(source, image.span().start),
            ),
        }),
        Err(message) => {
            problem_at(image.span().start, message, IMAGE_HELP);
            None
        }
    }
}

fn check_author(author: &Spanned<String>, problem_at: &mut impl FnMut(usize, String, &str)) {
    if Slug::from_text(author.get_ref()).is_none() {
        problem_at(
            author.span().start,
            format!(
                "the author `{}` has no letters or digits to form a URL",
                author.get_ref()
            ),
            "the author gets a page of their own, whose address is made from the name: write a name such as \"Vorname Nachname\"",
        );
    }
}

fn posts_per_page(
    written: Option<Spanned<i64>>,
    problem_at: &mut impl FnMut(usize, String, &str),
) -> NonZeroUsize {
    match written {
        None => NonZeroUsize::new(10),
        Some(count) => usize::try_from(*count.get_ref())
            .ok()
            .and_then(NonZeroUsize::new)
            .or_else(|| {
                problem_at(
                    count.span().start,
                    format!("posts_per_page is {}", count.get_ref()),
                    "posts_per_page must be a whole number of at least 1",
                );
                None
            }),
    }
    .unwrap_or(NonZeroUsize::MIN)
}

const WIDTHS_HELP: &str = "widths = [480, 800, 1200, 1600]: ascending pixel widths from 16 to 8192; the smallest at most 800 and at least two up to 2000, so that a photo of 2000 pixels or more gets a small and a large variant";

/// `[images]`: each setting checked, a setting in error keeps its default.
fn images(raw: RawImages, problem_at: &mut impl FnMut(usize, String, &str)) -> ImagesConfig {
    let mut images = ImagesConfig::default();
    if let Some(widths) = raw.widths {
        let written = widths.get_ref();
        let valid: Vec<u32> = written
            .iter()
            .filter_map(|w| u32::try_from(*w).ok().filter(|w| (16..=8192).contains(w)))
            .collect();
        let ascending = valid.windows(2).all(|pair| pair[0] < pair[1]);
        let small_and_large = valid.first().is_some_and(|w| *w <= 800)
            && valid.iter().filter(|w| **w <= 2000).count() >= 2;
        if valid.len() == written.len() && ascending && small_and_large {
            images.widths = valid;
        } else {
            problem_at(
                widths.span().start,
                format!("widths is {written:?}"),
                WIDTHS_HELP,
            );
        }
    }
    if let Some(quality) = raw.quality {
        match u8::try_from(*quality.get_ref()) {
            Ok(q @ 1..=100) => images.quality = q,
            _ => problem_at(
                quality.span().start,
                format!("quality is {}", quality.get_ref()),
                "quality is a whole number from 1 (smallest files) to 100 (best pictures); 80 is the default",
            ),
        }
    }
    if let Some(formats) = raw.formats {
        let written = formats.get_ref();
        let known = written.iter().all(|f| f == "original" || f == "webp");
        if known && written.iter().any(|f| f == "original") {
            images.webp = written.iter().any(|f| f == "webp");
        } else {
            problem_at(
                formats.span().start,
                format!("formats is {written:?}"),
                "formats lists \"original\" (the image's own format, which every browser shows) and, optionally, \"webp\": formats = [\"original\", \"webp\"]",
            );
        }
    }
    if let Some(sizes) = raw.sizes {
        if sizes.get_ref().trim().is_empty() || sizes.get_ref().contains('"') {
            problem_at(
                sizes.span().start,
                "sizes is empty or has a quotation mark".to_owned(),
                "sizes says how wide images are shown, as in HTML: \"(max-width: 50rem) 100vw, 50rem\"",
            );
        } else {
            images.sizes = sizes.into_inner();
        }
    }
    images
}

/// The blog's and the calendar's paths, and the problems of sections that would share files.
fn section_paths(
    source: &str,
    blog: Option<Spanned<String>>,
    calendar: Option<Spanned<String>>,
    problem_at: &mut impl FnMut(usize, String, &str),
) -> (String, String, Vec<Diagnostic>) {
    let written_at = |path: &Option<Spanned<String>>| path.as_ref().map(|p| p.span().start);
    let (blog_at, calendar_at) = (written_at(&blog), written_at(&calendar));
    let blog_path = section_path(blog, DEFAULT_BLOG_PATH, problem_at);
    let calendar_path = section_path(calendar, DEFAULT_CALENDAR_PATH, problem_at);
    let sections = [
        Section {
            what: "the blog",
            path: &blog_path,
            setting: Some(Setting {
                name: "[blog] path",
                default: DEFAULT_BLOG_PATH,
                written_at: blog_at,
            }),
        },
        Section {
            what: "the calendar",
            path: &calendar_path,
            setting: Some(Setting {
                name: "[calendar] path",
                default: DEFAULT_CALENDAR_PATH,
                written_at: calendar_at,
            }),
        },
    ];
    let overlaps = overlapping_sections(source, &sections);
    (blog_path, calendar_path, overlaps)
}

/// A length of the calendar's window, in months (at most 120).
fn months(
    value: Option<Spanned<i64>>,
    default: u32,
    key: &str,
    problem_at: &mut impl FnMut(usize, String, &str),
) -> u32 {
    let Some(count) = value else {
        return default;
    };
    u32::try_from(*count.get_ref())
        .ok()
        .filter(|months| *months <= 120)
        .unwrap_or_else(|| {
            problem_at(
                count.span().start,
                format!("{key} is {}", count.get_ref()),
                &format!("{key} must be a whole number of months from 0 to 120"),
            );
            default
        })
}

const DEFAULT_BLOG_PATH: &str = "blog";
const DEFAULT_CALENDAR_PATH: &str = "events";

/// A part of the site that Treffpunkt generates below its own path.
struct Section<'a> {
    /// "the blog", "the tag pages".
    what: &'static str,
    path: &'a str,
    /// The setting that moves it, when one does.
    setting: Option<Setting>,
}

#[derive(Clone, Copy)]
struct Setting {
    /// "[blog] path".
    name: &'static str,
    default: &'static str,
    /// Where site.toml sets it; `None` when the default holds.
    written_at: Option<usize>,
}

/// Two generated sections on one URL, or one inside the other (where a post's or event's URL
/// could be a page of the other): an error at the setting that moved a section there (the later
/// one when both were moved), naming the other.
fn overlapping_sections(source: &str, settings: &[Section]) -> Vec<Diagnostic> {
    let fixed = taxonomy_sections();
    let all: Vec<&Section> = settings.iter().chain(&fixed).collect();
    let mut problems = Vec::new();
    for (index, first) in all.iter().enumerate() {
        for second in &all[index + 1..] {
            problems.extend(overlap(source, first, second));
        }
    }
    problems
}

/// The sections Treffpunkt publishes at fixed paths: the taxonomies' pages.
fn taxonomy_sections() -> [Section<'static>; 3] {
    TaxonomyKind::ALL.map(|kind| Section {
        what: match kind {
            TaxonomyKind::Tags => "the tag pages",
            TaxonomyKind::Categories => "the category pages",
            TaxonomyKind::Authors => "the author pages",
        },
        path: kind.name(),
        setting: None,
    })
}

/// The problem of two sections on one URL or one inside the other, reported at the setting
/// written later; `None` when they lie apart or neither was moved by a setting.
fn overlap(source: &str, first: &Section, second: &Section) -> Option<Diagnostic> {
    let written_at = |section: &Section| section.setting.and_then(|setting| setting.written_at);
    let (moved, other) = if written_at(second) > written_at(first) {
        (second, first)
    } else {
        (first, second)
    };
    let Some(Setting {
        name,
        written_at: Some(at),
        ..
    }) = moved.setting
    else {
        return None;
    };
    let relation = relation(moved.path, other.path)?;
    let there = where_it_is(source, other);
    Some(
        Diagnostic::new(
            CONFIG_FILE,
            format!(
                "`{name} = \"{}\"` puts {} {relation}, {there}",
                moved.path, moved.what
            ),
        )
        .at_offset(source, at)
        .with_help("give each section a path of its own, not inside another one: /tags/, /categories/ and /authors/ are taken, and the blog and the calendar need two different paths, such as \"blog\" and \"termine\""),
    )
}

/// Where the section at `path` lies against the one at `other`: on it, inside it or around it;
/// `None` when they lie apart.
fn relation(path: &str, other: &str) -> Option<String> {
    let inside = |inner: &str, outer: &str| {
        inner
            .strip_prefix(outer)
            .is_some_and(|rest| rest.starts_with('/'))
    };
    if path == other {
        Some(format!("at /{path}/"))
    } else if inside(path, other) {
        Some(format!("at /{path}/, inside /{other}/"))
    } else if inside(other, path) {
        Some(format!("at /{path}/, around /{other}/"))
    } else {
        None
    }
}

/// What puts `section` where it is: a setting (with its place in site.toml), its default, or
/// Treffpunkt itself.
fn where_it_is(source: &str, section: &Section) -> String {
    match section.setting {
        Some(Setting {
            name,
            written_at: Some(at),
            ..
        }) => {
            let Position { line, column } = position_of_offset(source, at);
            format!(
                "where `{name}` ({CONFIG_FILE}:{line}:{column}) puts {}",
                section.what
            )
        }
        Some(Setting {
            name,
            default,
            written_at: None,
        }) => format!(
            "where {} is by default (`{name}` is \"{default}\" when not set)",
            section.what
        ),
        None => format!("where Treffpunkt publishes {}", section.what),
    }
}

/// A section's place below the site root (`blog`, `termine`, `verein/termine`), or `default`.
fn section_path(
    path: Option<Spanned<String>>,
    default: &str,
    problem_at: &mut impl FnMut(usize, String, &str),
) -> String {
    let Some(path) = path else {
        return default.to_owned();
    };
    let trimmed = path.get_ref().trim_matches('/');
    let valid = !trimmed.is_empty()
        && trimmed
            .split('/')
            .all(|segment| !segment.is_empty() && slugify(segment) == segment);
    let most = crate::model::slug::MOST_CHARACTERS;
    if !valid {
        problem_at(
            path.span().start,
            format!("`{}` is not a usable path", path.get_ref()),
            "use lower-case words joined by `-`, such as \"blog\" or \"termine\"",
        );
    } else if let Some(long) = trimmed.split('/').find(|segment| segment.len() > most) {
        // Each part names a folder; the file system refuses names past 255 bytes.
        problem_at(
            path.span().start,
            format!(
                "the part `{}…` of this path is {} characters long, more than the {most} a part may have",
                &long[..20],
                long.len()
            ),
            "use a short path of a word or two, such as \"blog\" or \"termine\"",
        );
    }
    trimmed.to_owned()
}

/// A language code in its usual spelling (`DE-at` → `de-AT`): codes are the same in any case
/// (BCP 47), but the theme's strings files and the quotation rules are found by this spelling.
fn canonical_language(code: &str) -> String {
    code.split('-')
        .enumerate()
        .map(|(index, part)| match (index, part.len()) {
            (0, _) => part.to_ascii_lowercase(),
            (_, 2) => part.to_ascii_uppercase(),
            (_, 4) => {
                let lower = part.to_ascii_lowercase();
                lower[..1].to_ascii_uppercase() + &lower[1..]
            }
            _ => part.to_ascii_lowercase(),
        })
        .collect::<Vec<_>>()
        .join("-")
}

#[cfg(test)]
mod tests {
    #[test]
    fn language_codes_are_spelled_as_usual() {
        assert_eq!(super::canonical_language("DE"), "de");
        assert_eq!(super::canonical_language("de-at"), "de-AT");
        assert_eq!(super::canonical_language("SR-LATN-rs"), "sr-Latn-RS");
        assert_eq!(super::canonical_language("de-1996"), "de-1996");
    }

    use super::*;

    const MINIMAL: &str = "title = \"T\"\nbase_url = \"https://example.org/\"\nauthor = \"A\"\n";

    #[test]
    fn defaults_apply() {
        let config = parse(MINIMAL, None).unwrap();
        assert_eq!(config.base_url.as_str(), "https://example.org");
        assert_eq!(config.language, "de");
        assert_eq!(config.timezone, chrono_tz::Europe::Berlin);
        assert_eq!(config.theme, "default");
        assert_eq!(config.blog.posts_per_page.get(), 10);
        assert_eq!(config.blog.path, "blog");
        assert_eq!(config.calendar.path, "events");
        assert_eq!(
            (config.calendar.months_ahead, config.calendar.months_back),
            (12, 3)
        );
    }

    #[test]
    fn base_url_keeps_a_sub_path() {
        let url = BaseUrl::parse("https://example.org/verein/").unwrap();
        assert_eq!(url.join("/blog/"), "https://example.org/verein/blog/");
        assert_eq!(url.host(), "example.org");
        assert!(BaseUrl::parse("example.org").is_err());
    }

    #[test]
    fn bad_values_are_located() {
        let source = format!("{MINIMAL}timezone = \"Europe/Munich\"\n[blog]\nposts_per_page = 0\n");
        let problems = parse(&source, None).unwrap_err();
        let shown = problems.to_string();
        assert!(shown.contains("site.toml:4:12: `Europe/Munich` is not a known time zone"));
        assert!(shown.contains("site.toml:6:18: posts_per_page is 0"));
    }

    #[test]
    fn image_settings_have_defaults_and_are_checked() {
        let config = parse(MINIMAL, None).unwrap();
        assert_eq!(config.images.widths, [480, 800, 1200, 1600]);
        assert!(config.images.webp);
        let source = format!(
            "{MINIMAL}[images]\nwidths = [1200, 2400]\nquality = 0\nformats = [\"webp\"]\n"
        );
        let shown = parse(&source, None).unwrap_err().to_string();
        assert!(
            shown.contains("site.toml:5:10: widths is [1200, 2400]"),
            "{shown}"
        );
        assert!(shown.contains("site.toml:6:11: quality is 0"), "{shown}");
        assert!(
            shown.contains("site.toml:7:11: formats is [\"webp\"]"),
            "{shown}"
        );
        let source = format!("{MINIMAL}[images]\nwidths = [400, 1000]\nformats = [\"original\"]\n");
        let images = parse(&source, None).unwrap().images;
        assert_eq!(images.widths, [400, 1000]);
        assert!(!images.webp);
    }

    #[test]
    fn the_site_image_is_an_address_with_an_optional_description() {
        let config = parse(
            &format!("{MINIMAL}image = \"/share.jpg\"\nimage_alt = \"Der Stammtisch\"\n"),
            None,
        )
        .unwrap();
        let image = config.image.unwrap();
        assert_eq!(image.src, ImageSource::SitePath("/share.jpg".into()));
        assert_eq!(image.alt.as_deref(), Some("Der Stammtisch"));
        assert_eq!(parse(MINIMAL, None).unwrap().image, None);

        let shown = parse(&format!("{MINIMAL}image = \"share.jpg\"\n"), None)
            .unwrap_err()
            .to_string();
        assert!(
            shown.contains("site.toml:4:9: `share.jpg` is not an image address"),
            "{shown}"
        );
        let shown = parse(&format!("{MINIMAL}image_alt = \"Ein Bild\"\n"), None)
            .unwrap_err()
            .to_string();
        assert!(
            shown.contains("site.toml:4:13: image_alt describes an image, but there is no `image`"),
            "{shown}"
        );
    }
}
