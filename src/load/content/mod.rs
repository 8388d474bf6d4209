//! Loading `content/`: posts and pages read from Markdown files with front matter into typed,
//! validated values with their HTML already rendered.

pub mod bundle;
pub mod date;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::DateTime;
use chrono_tz::Tz;
use rayon::prelude::*;
use serde::Deserialize;

use crate::diagnostic::Written;
use crate::diagnostic::{Diagnostic, Diagnostics, display_path};
use crate::images::{self, Picture, PicturePlace, Pictures};
use crate::load::config::SiteConfig;
use crate::load::front_matter::{self, Document, Title};
use crate::load::image::Image;
use crate::load::source_files;
use crate::model::routes;
use crate::model::slug::Slug;
use crate::render::markdown::{self, MarkdownOptions, QuoteMarks};
use bundle::BundleFile;
use date::DateInput;

pub const CONTENT_DIR: &str = "content";
pub const POSTS_DIR: &str = "posts";
pub const PAGES_DIR: &str = "pages";

#[derive(Debug, Clone)]
pub struct Post {
    /// The file, relative to the site root.
    pub source: PathBuf,
    pub title: String,
    pub slug: Slug,
    pub date: DateTime<Tz>,
    pub updated: Option<DateTime<Tz>>,
    pub author: String,
    pub tags: Vec<String>,
    pub category: Option<String>,
    pub draft: bool,
    pub events: Vec<String>,
    pub image: Option<Image>,
    pub extra: tera::Map<String, tera::Value>,
    pub html: String,
    pub summary_html: String,
    /// The summary without markup, for descriptions in share previews.
    pub summary_text: String,
    pub reading_time: usize,
    /// The images of its text that are published as variants.
    pub pictures: Pictures,
    /// Where its text shows them.
    pub picture_places: Vec<PicturePlace>,
    /// What `check` says of its images: no alt text, a very large file.
    pub image_warnings: Vec<Diagnostic>,
    /// The other files of its bundle, published below its URL.
    pub bundle_files: Vec<BundleFile>,
    /// Of the file's name and text.
    pub fingerprint: u64,
}

#[derive(Debug, Clone)]
pub struct Page {
    pub source: PathBuf,
    pub title: String,
    pub slug: Slug,
    pub draft: bool,
    pub image: Option<Image>,
    pub extra: tera::Map<String, tera::Value>,
    pub html: String,
    /// The images of its text that are published as variants.
    pub pictures: Pictures,
    /// Where its text shows them.
    pub picture_places: Vec<PicturePlace>,
    /// What `check` says of its images: no alt text, a very large file.
    pub image_warnings: Vec<Diagnostic>,
    /// The other files of its bundle, published below its URL.
    pub bundle_files: Vec<BundleFile>,
    /// Of the file's name and text.
    pub fingerprint: u64,
}

#[derive(Debug, Default)]
pub struct Content {
    pub posts: Vec<Arc<Post>>,
    pub pages: Vec<Arc<Page>>,
}

/// Posts and pages as last loaded, so that a rebuild of the preview server reads only the files
/// its watcher saw change (see [`ContentCache::forget`]). `build` starts with an empty one.
#[derive(Default)]
pub struct ContentCache {
    /// What the cached files were loaded under: the site's settings and the known event ids.
    loaded_under: u64,
    /// The post files and page files, until a file is added, removed or renamed.
    listing: Option<(Vec<PathBuf>, Vec<PathBuf>)>,
    posts: FileCache<Post>,
    pages: FileCache<Page>,
}

impl ContentCache {
    /// Forgets what was loaded from the files at `paths` or below them (a renamed folder).
    pub fn forget(&mut self, paths: &[PathBuf]) {
        // Saving a known file changes only that file; anything else may change the listing.
        let known = |path: &PathBuf| {
            (self.posts.files.contains_key(path) || self.pages.files.contains_key(path))
                && path.is_file()
        };
        if !paths.iter().all(known) {
            self.listing = None;
        }
        let changed = |file: &PathBuf| paths.iter().any(|path| file.starts_with(path));
        self.posts.files.retain(|file, _| !changed(file));
        self.pages.files.retain(|file, _| !changed(file));
        // A changed image is read again by the texts that show it, and a text that failed may
        // have failed for want of it; a bundle lists its files again when one of them changed,
        // came or went.
        let images: Vec<&PathBuf> = paths
            .iter()
            .filter(|path| path.extension().is_none_or(|ext| ext != "md"))
            .collect();
        if !images.is_empty() {
            let holds = |file: &PathBuf| {
                file.file_name().is_some_and(|name| name == bundle::INDEX)
                    && file
                        .parent()
                        .is_some_and(|folder| images.iter().any(|path| path.starts_with(folder)))
            };
            let shows = |pictures: &Pictures, image: &Option<Image>| {
                let front = image.as_ref().and_then(|image| image.picture.as_deref());
                pictures
                    .values()
                    .map(AsRef::as_ref)
                    .chain(front)
                    .any(|picture| images.iter().any(|path| picture.source.starts_with(path)))
            };
            self.posts.files.retain(|file, post| {
                !holds(file)
                    && post
                        .as_ref()
                        .is_ok_and(|post| !shows(&post.pictures, &post.image))
            });
            self.pages.files.retain(|file, page| {
                !holds(file)
                    && page
                        .as_ref()
                        .is_ok_and(|page| !shows(&page.pictures, &page.image))
            });
        }
    }
}

type CachedFile<T> = Result<Arc<T>, Diagnostics>;

struct FileCache<T> {
    files: HashMap<PathBuf, CachedFile<T>>,
}

impl<T> Default for FileCache<T> {
    fn default() -> Self {
        FileCache {
            files: HashMap::new(),
        }
    }
}

impl<T: Send + Sync> FileCache<T> {
    /// Every file's content in the order given, loading only the files not in the cache.
    fn refresh(
        &mut self,
        files: &[PathBuf],
        load: impl Fn(&Path) -> Result<T, Diagnostics> + Sync,
    ) -> Vec<CachedFile<T>> {
        let missing: Vec<(PathBuf, CachedFile<T>)> = files
            .par_iter()
            .filter(|file| !self.files.contains_key(*file))
            .map(|file| (file.clone(), load(file).map(Arc::new)))
            .collect();
        self.files.extend(missing);
        if self.files.len() > files.len() {
            let present: HashSet<&PathBuf> = files.iter().collect();
            self.files.retain(|file, _| present.contains(file));
        }
        files
            .iter()
            .filter_map(|file| self.files.get(file).cloned())
            .collect()
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PostFrontMatter {
    title: Title,
    date: DateInput,
    updated: Option<DateInput>,
    author: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    category: Option<String>,
    summary: Option<String>,
    #[serde(default)]
    draft: bool,
    slug: Option<String>,
    #[serde(default)]
    events: Vec<String>,
    image: Option<String>,
    image_alt: Option<String>,
    #[serde(default)]
    extra: tera::Map<String, tera::Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PageFrontMatter {
    title: Title,
    slug: Option<String>,
    #[serde(default)]
    draft: bool,
    image: Option<String>,
    image_alt: Option<String>,
    #[serde(default)]
    extra: tera::Map<String, tera::Value>,
}

const POST_HELP: &str = "a post's front matter takes title, date, updated, author, tags, category, summary, draft, slug, events, image, image_alt and extra; title and date are required";
const PAGE_HELP: &str =
    "a page's front matter takes title, slug, draft, image, image_alt and extra; title is required";

/// Reads every post and page below `root/content`, reporting all broken files together.
/// `event_ids` are the events that posts may name (`None` when they could not all be listed:
/// then names are not checked, as the unlisted folder is reported already). What `cache` holds from unchanged files, loaded
/// under the same settings and events, is taken as it is.
pub fn load(
    root: &Path,
    config: &SiteConfig,
    quotes: QuoteMarks,
    event_ids: Option<&HashSet<Slug>>,
    cache: &mut ContentCache,
) -> Result<Content, Diagnostics> {
    let sorted_ids = event_ids.map(|ids| {
        let mut sorted: Vec<&Slug> = ids.iter().collect();
        sorted.sort_unstable();
        sorted
    });
    let loaded_under = crate::render::fingerprint::of(&(config.fingerprint, quotes, sorted_ids));
    if cache.loaded_under != loaded_under {
        *cache = ContentCache {
            loaded_under,
            ..ContentCache::default()
        };
    }
    let (post_files, page_files) = match cache.listing.take() {
        Some(listing) => listing,
        None => {
            let content_dir = root.join(CONTENT_DIR);
            match (
                markdown_files(root, &content_dir.join(POSTS_DIR)),
                markdown_files(root, &content_dir.join(PAGES_DIR)),
            ) {
                (Ok(posts), Ok(pages)) => (posts, pages),
                (posts, pages) => {
                    let mut problems = posts.err().unwrap_or_default();
                    problems.extend(pages.err().unwrap_or_default());
                    return Err(problems);
                }
            }
        }
    };
    let posts = cache.posts.refresh(&post_files, |file| {
        load_post(root, file, config, quotes, event_ids)
    });
    let pages = cache
        .pages
        .refresh(&page_files, |file| load_page(root, file, config, quotes));
    cache.listing = Some((post_files, page_files));

    let mut problems = Diagnostics::default();
    let mut content = Content::default();
    for post in posts {
        match post {
            Ok(post) => content.posts.push(post),
            Err(found) => problems.extend(found),
        }
    }
    for page in pages {
        match page {
            Ok(page) => content.pages.push(page),
            Err(found) => problems.extend(found),
        }
    }
    problems.into_result(content)
}

/// Every `*.md` file below `dir`, in a stable order; a missing folder holds none, and anything
/// that cannot be read is a problem (see [`source_files::list`]).
pub fn markdown_files(root: &Path, dir: &Path) -> Result<Vec<PathBuf>, Diagnostics> {
    source_files::list(root, dir, |name| name.ends_with(".md")).into_result()
}

/// Files that editors leave beside the real ones while saving (vim's `.x.swp` and `4913`, emacs's
/// `.#x` and `x~`, macOS's `.DS_Store`): never content, never copied.
pub fn is_editor_litter(file_name: &str) -> bool {
    file_name.starts_with(".#")
        || file_name.ends_with('~')
        || file_name.ends_with(".swp")
        || file_name.ends_with(".swx")
        || file_name == "4913"
        || file_name == ".DS_Store"
        || (file_name.starts_with('.') && file_name.ends_with(".md"))
}

fn read(root: &Path, file: &Path) -> Result<String, Diagnostic> {
    let shown = display_path(root, file);
    let bytes = std::fs::read(file)
        .map_err(|error| Diagnostic::new(&shown, format!("cannot read this file: {error}")))?;
    crate::load::encoding::decode(&shown, bytes)
}

fn markdown_options<'a>(
    config: &'a SiteConfig,
    quotes: QuoteMarks,
    slug: &'a Slug,
    page_path: &'a str,
    pictures: &'a Pictures,
    image: Option<&Image>,
) -> MarkdownOptions<'a> {
    MarkdownOptions {
        quotes,
        link_base: config.base_url.as_str(),
        footnote_prefix: slug.as_str(),
        page_path,
        pictures,
        image_sizes: &config.images.sizes,
        below_image: image.is_some(),
    }
}

/// The images of the document's text that the site publishes, planned from their files, and the
/// warnings for `check`; an image that does not exist or cannot be read is a problem at its
/// place in the text.
fn pictures(
    root: &Path,
    file: &Path,
    shown: &Path,
    doc: &Document,
    config: &SiteConfig,
) -> Result<TextPictures, Diagnostics> {
    pictures_of(root, file, doc.body, config, &body_at(doc, shown))
}

/// Places a message at an offset of the document's Markdown text.
fn body_at<'a>(doc: &'a Document, shown: &'a Path) -> impl Fn(usize, String) -> Diagnostic + 'a {
    let body_start = doc.body.as_ptr() as usize - doc.source.as_ptr() as usize;
    move |offset, message| {
        Diagnostic::new(shown, message).at_offset(doc.source, body_start + offset)
    }
}

/// The bundle of the document in `file` (none for a text that is no bundle), published below
/// `page_path`; the places where it links to photos join `places`.
fn bundle_of(
    root: &Path,
    section: &str,
    (file, shown, doc): (&Path, &Path, &Document),
    page_path: &str,
    config: &SiteConfig,
    places: &mut Vec<PicturePlace>,
) -> Result<Vec<bundle::BundleFile>, Diagnostics> {
    let section = root.join(CONTENT_DIR).join(section);
    let at = body_at(doc, shown);
    let bundle = bundle::files(
        root,
        &section,
        file,
        doc.body,
        page_path,
        &config.images,
        &at,
    )?;
    places.extend(bundle.places);
    Ok(bundle.files)
}

/// The images a text shows.
#[derive(Debug, Default)]
pub struct TextPictures {
    /// Those published as variants, by their address as written.
    pub pictures: Pictures,
    /// Where the text shows them, the first [`MOST_PLACES`].
    pub places: Vec<PicturePlace>,
    /// What `check` says of them: no alt text, a very large file.
    pub warnings: Vec<Diagnostic>,
}

/// How many places of one text that show images are kept for later problems: placing one reads
/// the text up to it, and a broken photo shown a thousand times is fixed in one file anyway.
const MOST_PLACES: usize = 20;

/// The images of the Markdown `text` written in `file` that the site publishes, with their
/// places, and the warnings for `check`; `at` places a message at an offset of `text`.
pub fn pictures_of(
    root: &Path,
    file: &Path,
    text: &str,
    config: &SiteConfig,
    at: &dyn Fn(usize, String) -> Diagnostic,
) -> Result<TextPictures, Diagnostics> {
    let static_dirs = crate::load::image::static_dirs(root, config);
    let cache = images::cache::dir(root);
    let mut found = TextPictures::default();
    let mut problems = Diagnostics::default();
    for reference in markdown::image_references(text) {
        let address = &reference.address;
        let warn = |message: String, help: &str| at(reference.offset, message).with_help(help);
        if !reference.has_alt {
            found.warnings.push(warn(
                format!("the image `{address}` has no alt text"),
                "say in the brackets what the image shows, for readers who cannot see it: ![Die Gäste am Buffet](feier.jpg)",
            ));
        }
        if !images::is_local(address) {
            continue;
        }
        let mut shown_here = |picture: &Picture| {
            if let Some(key) = picture.key()
                && found.places.len() < MOST_PLACES
            {
                found.places.push(PicturePlace {
                    key: key.to_owned(),
                    written: Written::at(at(reference.offset, String::new())),
                });
            }
        };
        if let Some(picture) = found.pictures.get(address) {
            shown_here(picture);
            continue;
        }
        // A missing image is shown as written, as a link that leads nowhere is: `check` finds
        // both, and the build goes on.
        let Some(located) = images::locate(address, file, &static_dirs) else {
            continue;
        };
        let shown_image = display_path(root, &located).display().to_string();
        if let Ok(metadata) = std::fs::metadata(&located)
            && metadata.len() > images::LARGE_FILE
        {
            found.warnings.push(warn(
                format!(
                    "the image {shown_image} has {} MB, more than 20 MB",
                    metadata.len() / (1024 * 1024)
                ),
                "every build reads the whole file: save it smaller (a photo of 4,000 pixels is about 5 MB as JPEG)",
            ));
        }
        let planned = images::plan(&located, &shown_image, &config.images, &cache);
        match planned {
            Ok(picture) => {
                shown_here(&picture);
                found.pictures.insert(address.clone(), Arc::new(picture));
            }
            Err(error) => problems
                .push(at(reference.offset, error.to_string()).with_help(images::PICTURE_HELP)),
        }
    }
    problems.into_result(found)
}

/// The slug from the front matter, else from the file name: a leading `YYYY-MM-DD-` is dropped,
/// and a bundle's `index.md` takes its folder's name.
fn slug_for(
    file: &Path,
    shown: &Path,
    doc: &Document,
    given: Option<&str>,
) -> Result<Slug, Diagnostic> {
    if let Some(given) = given {
        return Slug::from_text(given).ok_or_else(|| {
            doc.problem_at_key(
                shown,
                "slug",
                format!("the slug `{given}` has no letters or digits to form a URL"),
            )
            .with_help("give a slug such as `mein-beitrag`")
        });
    }
    slug_of_file(file).ok_or_else(|| {
        Diagnostic::new(shown, "the file name gives no usable URL")
            .with_help("rename the file, or set `slug:` in the front matter")
    })
}

/// The slug a post's or page's file name gives: a leading `YYYY-MM-DD-` is dropped, and a
/// bundle's `index.md` takes its folder's name.
pub fn slug_of_file(file: &Path) -> Option<Slug> {
    let stem = file.file_stem().unwrap_or_default().to_string_lossy();
    let stem = if stem == "index" {
        file.parent()
            .and_then(Path::file_name)
            .map_or(stem.clone(), |name| name.to_string_lossy())
    } else {
        stem
    };
    Slug::from_text(strip_date_prefix(&stem))
}

fn strip_date_prefix(stem: &str) -> &str {
    let bytes = stem.as_bytes();
    let is_date_prefix = bytes.len() > 11
        && bytes[..10].iter().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                *b == b'-'
            } else {
                b.is_ascii_digit()
            }
        })
        && bytes[10] == b'-';
    if is_date_prefix { &stem[11..] } else { stem }
}

fn resolve_date(
    doc: &Document,
    shown: &Path,
    key: &str,
    input: DateInput,
    zone: Tz,
) -> Result<DateTime<Tz>, Diagnostic> {
    input.resolve(zone).map_err(|message| {
        doc.problem_at_key(shown, key, message)
            .with_help("choose a time outside the hour that is skipped")
    })
}

fn non_empty(doc: &Document, shown: &Path, key: &str, value: &str) -> Result<(), Diagnostic> {
    if !value.trim().is_empty() {
        return Ok(());
    }
    let problem = doc.problem_at_key(shown, key, format!("`{key}` is empty"));
    // `title: #1 Treffen` reads as an empty title and a comment.
    let comment = problem
        .source_line
        .as_ref()
        .and_then(|quote| quote.text.split_once(": #"))
        .map(|(_, comment)| comment.trim_end().to_owned());
    Err(match comment {
        Some(comment) => problem.with_help(format!(
            "a `#` after a space starts a comment, so the value is empty: put it in quotes, as in `{key}: \"#{comment}\"`"
        )),
        None => problem,
    })
}

/// An event named twice in one post is a mistake (a copied line, an id meant to be another):
/// it is refused rather than merged, so that the writer sees which line to fix. Reported at the
/// first repeat, with how many there are.
fn no_repeated_event(doc: &Document, shown: &Path, events: &[String]) -> Result<(), Diagnostic> {
    let mut first_of: HashMap<Slug, usize> = HashMap::with_capacity(events.len());
    let mut repeats = events.iter().enumerate().filter_map(|(index, id)| {
        let slug = Slug::from_text(id)?;
        let first = *first_of.entry(slug).or_insert(index);
        (first != index).then_some((first, index))
    });
    let Some((first, repeat)) = repeats.next() else {
        return Ok(());
    };
    let more = repeats.count();
    let (line, column) = doc.locate_list_entry("events", &events[first], &events[repeat]);
    let also = match more {
        0 => String::new(),
        1 => " (and 1 more repeat)".to_owned(),
        n => format!(" (and {n} more repeats)"),
    };
    Err(Diagnostic::new(
        shown,
        format!(
            "the event `{}` is listed twice in `events`{also}",
            events[repeat]
        ),
    )
    .with_help("name each event once: remove this line")
    .at(doc.source, line, column))
}

fn load_post(
    root: &Path,
    file: &Path,
    config: &SiteConfig,
    quotes: QuoteMarks,
    event_ids: Option<&HashSet<Slug>>,
) -> Result<Post, Diagnostics> {
    let shown = display_path(root, file);
    let source = read(root, file)?;
    let doc = front_matter::split(&shown, &source)?;
    let front: PostFrontMatter = doc.parse(&shown, POST_HELP)?;

    let mut problems = Diagnostics::default();
    let mut keep = |result: Result<(), Diagnostic>| {
        if let Err(problem) = result {
            problems.push(problem);
        }
    };
    keep(non_empty(&doc, &shown, "title", &front.title.0));
    for (key, values) in [("tags", &front.tags), ("events", &front.events)] {
        if let Some(bad) = values.iter().find(|v| Slug::from_text(v).is_none()) {
            keep(Err(doc.problem_at_key(
                &shown,
                key,
                format!("the entry `{bad}` in `{key}` has no letters or digits to form a URL"),
            )));
        }
    }
    if let Some(event_ids) = event_ids
        && let Some(unknown) = front
            .events
            .iter()
            .find(|id| Slug::from_text(id).is_some_and(|slug| !event_ids.contains(&slug)))
    {
        keep(Err(doc
            .problem_at_key(&shown, "events", format!("there is no event `{unknown}`"))
            .with_help(format!(
                "an event's id is the name of its file in content/events/ without .yaml; known: {}",
                known_list(event_ids)
            ))));
    }
    for (key, values) in [("tags", &front.tags), ("events", &front.events)] {
        if let Err(message) = crate::model::site::within_term_limit(key, values.len()) {
            keep(Err(doc.problem_at_key(&shown, key, message)));
        }
    }
    keep(no_repeated_event(&doc, &shown, &front.events));
    let image = front_image(
        root,
        file,
        config,
        &doc,
        &shown,
        front.image,
        front.image_alt,
    );
    keep(image.as_ref().map(|_| ()).map_err(Clone::clone));
    // An author and a category get pages of their own, so their names must give a URL.
    for (key, name) in [("category", &front.category), ("author", &front.author)] {
        if let Some(name) = name {
            keep(non_empty(&doc, &shown, key, name).and_then(|()| {
                match Slug::from_text(name) {
                    Some(_) => Ok(()),
                    None => Err(doc
                        .problem_at_key(
                            &shown,
                            key,
                            format!("the {key} `{name}` has no letters or digits to form a URL"),
                        )
                        .with_help(format!(
                            "the {key} gets a page of its own, whose address is made from its name: write a name with letters or digits"
                        ))),
                }
            }));
        }
    }
    let slug = slug_for(file, &shown, &doc, front.slug.as_deref());
    let date = resolve_date(&doc, &shown, "date", front.date, config.timezone);
    let updated = front
        .updated
        .map(|input| resolve_date(&doc, &shown, "updated", input, config.timezone))
        .transpose();
    let (slug, date, updated) = match (slug, date, updated) {
        (Ok(slug), Ok(date), Ok(updated)) => (slug, date, updated),
        (slug, date, updated) => {
            for problem in [slug.err(), date.err(), updated.err()]
                .into_iter()
                .flatten()
            {
                problems.push(problem);
            }
            return Err(problems);
        }
    };
    let Ok(image) = image else {
        return Err(problems);
    };
    let TextPictures {
        pictures,
        places: picture_places,
        warnings: image_warnings,
    } = match pictures(root, file, &shown, &doc, config) {
        Ok(found) => found,
        Err(found) => {
            problems.extend(found);
            Default::default()
        }
    };
    if !problems.is_empty() {
        return Err(problems);
    }

    let page_path = routes::post(config, &slug);
    let mut picture_places = picture_places;
    let bundle_files = bundle_of(
        root,
        POSTS_DIR,
        (file, &shown, &doc),
        &page_path,
        config,
        &mut picture_places,
    )?;
    let options = markdown_options(config, quotes, &slug, &page_path, &pictures, image.as_ref());
    let rendered = markdown::render(doc.body, &options);
    let summary_html = match &front.summary {
        Some(summary) => markdown::render_fragment(summary, &options),
        None => rendered.summary_html,
    };
    let summary_text = summary_text(front.summary.as_deref(), doc.body, quotes);
    // The pictures' names hold their sources' hashes: a changed photo changes the page.
    let front_picture = image.as_ref().and_then(|image| image.picture.as_deref());
    let fingerprint = crate::render::fingerprint::of(&(file, &source, &pictures, front_picture));
    Ok(Post {
        source: shown,
        title: front.title.0,
        slug,
        date,
        updated,
        author: front.author.unwrap_or_else(|| config.author.clone()),
        tags: front.tags,
        category: front.category,
        draft: front.draft,
        events: front.events,
        image,
        extra: front.extra,
        html: rendered.html,
        summary_html,
        summary_text,
        reading_time: rendered.reading_time,
        pictures,
        picture_places,
        image_warnings,
        bundle_files,
        fingerprint,
    })
}

/// `image` and its description `image_alt` from front matter. A file of the site (beside the
/// text, or under static/) is processed like the images of the text; one written from the
/// site's root that no static folder has is reported when pages are made, as before.
fn front_image(
    root: &Path,
    file: &Path,
    config: &SiteConfig,
    doc: &Document,
    shown: &Path,
    image: Option<String>,
    alt: Option<String>,
) -> Result<Option<Image>, Diagnostic> {
    if let Some(alt) = &alt {
        non_empty(doc, shown, "image_alt", alt)?;
    }
    let Some(image) = image else {
        return match alt {
            Some(_) => Err(doc
                .problem_at_key(
                    shown,
                    "image_alt",
                    "image_alt describes an image, but there is no `image`".into(),
                )
                .with_help("add image: /bilder/name.jpg (a file of static/) or remove image_alt")),
            None => Ok(None),
        };
    };
    let (src, picture) = crate::load::image::resolve(root, file, config, &image, &|message| {
        doc.problem_at_key(shown, "image", message)
    })?;
    Ok(Some(Image {
        src,
        alt: alt.map(|alt| alt.trim().to_owned()),
        written: Written::at(doc.problem_at_key(shown, "image", String::new())),
        picture,
    }))
}

/// The words of a post's summary: its `summary`, else the text before `<!-- more -->`, else its
/// first paragraph, as the HTML summary takes them.
fn summary_text(summary: Option<&str>, body: &str, quotes: QuoteMarks) -> String {
    if let Some(summary) = summary {
        return markdown::plain_text(summary, quotes);
    }
    match body.find(markdown::MORE_MARKER) {
        Some(cut) => markdown::plain_text(&body[..cut], quotes),
        None => markdown::plain_text(body, quotes)
            .split("\n\n")
            .next()
            .unwrap_or_default()
            .to_owned(),
    }
}

fn known_list(ids: &HashSet<Slug>) -> String {
    let mut ids: Vec<&str> = ids.iter().map(Slug::as_str).collect();
    ids.sort_unstable();
    if ids.is_empty() {
        "none yet".to_owned()
    } else {
        ids.join(", ")
    }
}

fn load_page(
    root: &Path,
    file: &Path,
    config: &SiteConfig,
    quotes: QuoteMarks,
) -> Result<Page, Diagnostics> {
    let shown = display_path(root, file);
    let source = read(root, file)?;
    let doc = front_matter::split(&shown, &source)?;
    let front: PageFrontMatter = doc.parse(&shown, PAGE_HELP)?;
    non_empty(&doc, &shown, "title", &front.title.0)?;
    let image = front_image(
        root,
        file,
        config,
        &doc,
        &shown,
        front.image,
        front.image_alt,
    )?;
    let slug = slug_for(file, &shown, &doc, front.slug.as_deref())?;
    let TextPictures {
        pictures,
        places: picture_places,
        warnings: image_warnings,
    } = pictures(root, file, &shown, &doc, config)?;
    let page_path = routes::page(&slug);
    let mut picture_places = picture_places;
    let bundle_files = bundle_of(
        root,
        PAGES_DIR,
        (file, &shown, &doc),
        &page_path,
        config,
        &mut picture_places,
    )?;
    let html = markdown::render(
        doc.body,
        &markdown_options(config, quotes, &slug, &page_path, &pictures, image.as_ref()),
    )
    .html;
    let front_picture = image.as_ref().and_then(|image| image.picture.as_deref());
    let fingerprint = crate::render::fingerprint::of(&(file, &source, &pictures, front_picture));
    Ok(Page {
        source: shown,
        title: front.title.0,
        slug,
        draft: front.draft,
        image,
        extra: front.extra,
        html,
        pictures,
        picture_places,
        image_warnings,
        bundle_files,
        fingerprint,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_prefixes_are_dropped_from_file_names() {
        assert_eq!(strip_date_prefix("2026-03-10-stammtisch"), "stammtisch");
        assert_eq!(strip_date_prefix("2026-stammtisch"), "2026-stammtisch");
        assert_eq!(strip_date_prefix("2026-03-10"), "2026-03-10");
    }

    #[test]
    fn editor_litter_is_recognised() {
        for name in [".post.md.swp", "post.md~", ".#post.md", "4913", ".DS_Store"] {
            assert!(is_editor_litter(name), "{name}");
        }
        assert!(!is_editor_litter("post.md"));
    }
}
