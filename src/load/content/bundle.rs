//! The other files of a page bundle (a post's or page's `index.md` in a folder of its own):
//! published as they are below the page's URL, as Hugo and Zola publish a bundle's resources.
//!
//! Photos are the exception: the text shows them as resized variants without their metadata,
//! so their original file (which may carry the camera's GPS position) is published only when
//! the text links to it, `[Foto in voller Größe](foto.jpg)`.

use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};

use percent_encoding::percent_decode_str;
use pulldown_cmark::{Event, LinkType, Parser, Tag};

use crate::diagnostic::{Diagnostic, Diagnostics, display_path};
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

/// A file of a bundle, published below the page's URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BundleFile {
    /// Its path below the bundle's folder, which is its path below the page's URL.
    pub relative: PathBuf,
    /// The file as the site's folder names it, for messages.
    pub shown: PathBuf,
    pub file: StaticFile,
}

/// The files published beside the text in `file`, a bundle's `index.md` in a folder below
/// `section` (`content/posts`), for the page at `page_path` whose Markdown is `body`; none for a
/// text that is no bundle. Left out: Markdown files (texts of their own), hidden files and
/// folders, editors' litter, the folders of bundles inside this one, and photos the text does
/// not link to. Symbolic links follow the rules of all content.
pub fn files(
    root: &Path,
    section: &Path,
    file: &Path,
    body: &str,
    page_path: &str,
) -> Result<Vec<BundleFile>, Diagnostics> {
    let Some(folder) = file.parent() else {
        return Ok(Vec::new());
    };
    if file.file_name().is_none_or(|name| name != INDEX) || folder == section {
        return Ok(Vec::new());
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
    let mut files = Vec::new();
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
        if is_photo(path) && !linked.contains(&site_path) {
            continue;
        }
        let shown = display_path(root, path);
        match std::fs::metadata(path) {
            Ok(metadata) => files.push(BundleFile {
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
            }),
            Err(error) => {
                problems.push(Diagnostic::new(
                    shown,
                    format!("cannot read this file: {error}"),
                ));
            }
        }
    }
    problems.into_result(files)
}

fn is_photo(path: &Path) -> bool {
    path.extension().is_some_and(|ext| {
        PHOTO_EXTENSIONS
            .iter()
            .any(|photo| ext.eq_ignore_ascii_case(photo))
    })
}

/// The site paths the links of `body` lead to (images aside: they show a variant).
fn linked_paths(body: &str, page_path: &str) -> HashSet<String> {
    Parser::new_ext(body, markdown::parser_options())
        .filter_map(|event| match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) if link_type != LinkType::Email => {
                let (target, _) = routes::resolve_link(&dest_url, page_path)?;
                Some(percent_decode_str(&target).decode_utf8_lossy().into_owned())
            }
            _ => None,
        })
        .collect()
}
