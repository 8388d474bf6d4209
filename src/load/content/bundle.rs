//! The other files of a page bundle (a post's or page's `index.md` in a folder of its own):
//! published as they are below the page's URL, as Hugo and Zola publish a bundle's resources.
//!
//! Photos are the exception: the text shows them as resized variants without their metadata,
//! and a photo the text links to, `[Foto in voller Größe](foto.jpg)`, is published at its
//! address as a full-size copy made by the image pipeline, without the camera's metadata (its
//! GPS position, its serial number). A photo the text neither shows nor links to is not
//! published.

use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use percent_encoding::percent_decode_str;
use pulldown_cmark::{Event, LinkType, Parser, Tag};

use crate::diagnostic::{Diagnostic, Diagnostics, Written, display_path};
use crate::images::{self, Picture, PicturePlace};
use crate::load::config::ImagesConfig;
use crate::load::source_files;
use crate::load::static_files::StaticFile;
use crate::model::routes;
use crate::render::markdown;

/// The file name that makes a folder a page bundle.
pub const INDEX: &str = "index.md";

/// Kinds of image whose files carry a camera's metadata; published only when linked to.
const PHOTO_EXTENSIONS: [&str; 10] = [
    "jpg", "jpeg", "png", "webp", "gif", "avif", "heic", "heif", "tif", "tiff",
];

/// The photos of [`PHOTO_EXTENSIONS`] that the image pipeline reads, and so publishes as a
/// clean copy when linked to; the others (AVIF, HEIC, TIFF) it cannot read, and they are
/// published as they are.
const CLEANED_EXTENSIONS: [&str; 5] = ["jpg", "jpeg", "png", "webp", "gif"];

const LINKED_PHOTO_HELP: &str = "a photo the page links to is published as a copy without the camera's metadata, made from its pixels: save it again as a JPEG, PNG, WebP or GIF file, or give it the extension of its format";

/// The files of a bundle and where its text links to the photos published as clean copies.
#[derive(Debug, Default)]
pub struct Bundle {
    pub files: Vec<BundleFile>,
    /// The first link to each photo of `files` published as a clean copy, for a problem found
    /// only when the copy is made (a photo broken past its header).
    pub places: Vec<PicturePlace>,
}

/// A file of a bundle, published below the page's URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BundleFile {
    /// Its path below the bundle's folder, which is its path below the page's URL.
    pub relative: PathBuf,
    /// The file as the site's folder names it, for messages.
    pub shown: PathBuf,
    pub file: StaticFile,
    /// For a photo the text links to: its full-size copy without metadata, published in its
    /// place by the image pipeline; `None` for a file published as it is.
    pub clean: Option<Arc<Picture>>,
}

/// The files published beside the text in `file`, a bundle's `index.md` in a folder below
/// `section` (`content/posts`), for the page at `page_path` whose Markdown is `body`; none for a
/// text that is no bundle. Left out: Markdown files (texts of their own), hidden files and
/// folders, editors' litter, the folders of bundles inside this one, and photos the text does
/// not link to. Symbolic links follow the rules of all content. A linked photo is planned from
/// its header with `images`; `at` places a problem at an offset of `body` (the link).
pub fn files(
    root: &Path,
    section: &Path,
    file: &Path,
    body: &str,
    page_path: &str,
    images: &ImagesConfig,
    at: &dyn Fn(usize, String) -> Diagnostic,
) -> Result<Bundle, Diagnostics> {
    let Some(folder) = file.parent() else {
        return Ok(Bundle::default());
    };
    if file.file_name().is_none_or(|name| name != INDEX) || folder == section {
        return Ok(Bundle::default());
    }
    let listed = source_files::list(root, folder, |_| true).into_result()?;
    let inner_bundles: HashSet<&Path> = listed
        .iter()
        .filter(|path| path.file_name().is_some_and(|name| name == INDEX))
        .filter_map(|path| path.parent())
        .filter(|parent| *parent != folder)
        .collect();
    // A file's own folders, looked up one by one: linear in the files, however many bundles.
    let in_inner_bundle = |path: &Path| {
        (path.ancestors().skip(1))
            .take_while(|ancestor| *ancestor != folder)
            .any(|ancestor| inner_bundles.contains(ancestor))
    };
    let linked = linked_paths(body, page_path);
    let cache = images::cache::dir(root);
    let mut bundle = Bundle::default();
    let mut problems = Diagnostics::default();
    for path in &listed {
        let Ok(relative) = path.strip_prefix(folder) else {
            continue;
        };
        let hidden = relative.components().any(|part| match part {
            Component::Normal(name) => name.to_string_lossy().starts_with('.'),
            _ => true,
        });
        let is_markdown = path.extension().is_some_and(|ext| ext == "md");
        if hidden || is_markdown || in_inner_bundle(path) {
            continue;
        }
        let site_path = format!(
            "{page_path}{}",
            relative
                .components()
                .map(|part| part.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/")
        );
        let link = linked.get(&site_path).copied();
        if is_photo(path, &PHOTO_EXTENSIONS) && link.is_none() {
            continue;
        }
        let shown = display_path(root, path);
        let clean = match link {
            Some(offset) if is_photo(path, &CLEANED_EXTENSIONS) => {
                let shown = shown.display().to_string();
                match images::plan_full_size(path, &shown, images, &cache, &site_path) {
                    Ok(clean) => clean.map(|picture| (offset, Arc::new(picture))),
                    Err(error) => {
                        problems.push(at(offset, error.to_string()).with_help(LINKED_PHOTO_HELP));
                        continue;
                    }
                }
            }
            _ => None,
        };
        if let Some((offset, picture)) = &clean
            && let Some(key) = picture.key()
        {
            bundle.places.push(PicturePlace {
                key: key.to_owned(),
                written: Written::at(at(*offset, String::new())),
            });
        }
        match std::fs::metadata(path) {
            Ok(metadata) => bundle.files.push(BundleFile {
                relative: relative.to_path_buf(),
                file: StaticFile {
                    source: path.clone(),
                    fingerprint: crate::render::fingerprint::of(&(
                        path,
                        metadata.len(),
                        metadata.modified().ok(),
                    )),
                },
                shown,
                clean: clean.map(|(_, picture)| picture),
            }),
            Err(error) => {
                problems.push(Diagnostic::new(
                    shown,
                    format!("cannot read this file: {error}"),
                ));
            }
        }
    }
    problems.into_result(bundle)
}

fn is_photo(path: &Path, extensions: &[&str]) -> bool {
    path.extension().is_some_and(|ext| {
        extensions
            .iter()
            .any(|photo| ext.eq_ignore_ascii_case(photo))
    })
}

/// The site paths the links of `body` lead to (images aside: they show a variant), each with
/// the offset in `body` of its first link.
fn linked_paths(body: &str, page_path: &str) -> HashMap<String, usize> {
    let mut linked = HashMap::new();
    for (event, range) in Parser::new_ext(body, markdown::parser_options()).into_offset_iter() {
        if let Event::Start(Tag::Link {
            link_type,
            dest_url,
            ..
        }) = event
            && link_type != LinkType::Email
            && let Some((target, _)) = routes::resolve_link(&dest_url, page_path)
        {
            linked
                .entry(percent_decode_str(&target).decode_utf8_lossy().into_owned())
                .or_insert(range.start);
        }
    }
    linked
}
