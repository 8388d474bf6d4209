//! Images of the content: which file an `![Alt](bild.jpg)` names, the variants (widths ×
//! formats) it is published as under content-hashed names, and the `<picture>` element that
//! offers them. Making the variants is `process`; keeping them between builds is `cache`.
//!
//! A picture is planned from the source's header alone (size, EXIF orientation, format), so the
//! HTML of a page never waits for an image to be resized: the variants are made afterwards, in
//! parallel, or taken from the cache.

pub mod background;
pub mod cache;
pub mod process;

use std::collections::BTreeMap;
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use image::{ImageDecoder, ImageFormat, ImageReader};
use pulldown_cmark_escape::{escape_href, escape_html};

use crate::diagnostic::Written;
use crate::load::config::ImagesConfig;

/// Raised whenever the bytes of a variant would change for the same source and settings, so
/// that cached variants made by an older Treffpunkt are not reused.
const PROCESS_VERSION: u32 = 1;

/// Where published variants go, below the site root.
pub const IMAGES_PATH: &str = "/img";

/// The largest source file `check` accepts without a warning.
pub const LARGE_FILE: u64 = 20 * 1024 * 1024;

/// The pictures of a text, by their address as written.
pub type Pictures = BTreeMap<String, Arc<Picture>>;

/// For texts rendered without any published image.
pub static NO_PICTURES: Pictures = BTreeMap::new();

/// An image the content shows, with the files it is published as.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Picture {
    /// The source file, as found on disk.
    pub source: PathBuf,
    /// The published files.
    pub files: Vec<Variant>,
    pub kind: PictureKind,
}

impl Picture {
    /// What names the picture however its file is written: the site path of its first
    /// published file, which holds the hash of its bytes.
    pub fn key(&self) -> Option<&str> {
        self.files.first().map(|file| file.path.as_str())
    }
}

/// A place where a text shows a picture, kept for the problems found only when its variants are
/// made (a photo broken past its header).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PicturePlace {
    /// The picture's [`Picture::key`].
    pub key: String,
    pub written: Written,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PictureKind {
    /// Published as it is: SVG, animated GIF.
    AsIs,
    /// Resized and re-encoded; `width` × `height` is the source after its EXIF orientation.
    Resized {
        width: u32,
        height: u32,
        orientation: u8,
        quality: u8,
    },
}

/// One published file of a picture.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Variant {
    /// The site path, such as `/img/feier-800-3f2a9c01d4e5b6a7.jpg` (or, for the full-size
    /// copy of a bundle's photo, the photo's own path below its page).
    pub path: String,
    pub width: u32,
    pub height: u32,
    pub format: OutputFormat,
    /// Where it is copied from: the cache, or the source of a file published as it is.
    pub file: PathBuf,
}

impl Variant {
    /// The name of its file in the cache.
    pub fn file_name(&self) -> std::borrow::Cow<'_, str> {
        self.file
            .file_name()
            .map(|name| name.to_string_lossy())
            .unwrap_or_default()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OutputFormat {
    Jpeg,
    Png,
    /// Lossy for photos, lossless for drawings (PNG and GIF sources).
    WebP {
        lossless: bool,
    },
    /// Only for the full-size copy of a still GIF, whose address says GIF.
    Gif,
    /// A file published as it is, with its extension.
    AsIs,
}

impl OutputFormat {
    fn extension(self) -> &'static str {
        match self {
            OutputFormat::Jpeg => "jpg",
            OutputFormat::Png => "png",
            OutputFormat::WebP { .. } => "webp",
            OutputFormat::Gif => "gif",
            OutputFormat::AsIs => "",
        }
    }
}

/// Why an image cannot be published.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PictureError {
    #[error("cannot read the image {file}: {reason}")]
    Unreadable { file: String, reason: String },
}

pub const PICTURE_HELP: &str = "images are JPEG, PNG, WebP, GIF or SVG files: save it again in one of these formats, or link to it with [text](file) instead of showing it with ![text](file)";

/// Whether `written` (an image's address as written) names a file of the site, rather than a
/// file elsewhere (`https://…`, `data:…`).
pub fn is_local(written: &str) -> bool {
    !(written.is_empty()
        || written.starts_with('#')
        || written.starts_with("//")
        || written.contains("://")
        || written.starts_with("data:")
        || written.starts_with("mailto:"))
}

/// The file `written` names: relative to `document` (the Markdown file), or from the site's
/// root in `static_dirs` (the theme's, then the site's: the later wins, as when copied); `None`
/// when there is no such file.
pub fn locate(written: &str, document: &Path, static_dirs: &[PathBuf]) -> Option<PathBuf> {
    let path = written.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .ok()?;
    let candidates: Vec<PathBuf> = match decoded.strip_prefix('/') {
        Some(relative) if relative.split('/').any(|part| part == "..") => return None,
        Some(relative) => static_dirs
            .iter()
            .rev()
            .map(|dir| dir.join(relative))
            .collect(),
        None => vec![
            document
                .parent()
                .unwrap_or(Path::new(""))
                .join(decoded.as_ref()),
        ],
    };
    candidates.into_iter().find(|file| file.is_file())
}

/// What the header of an image file says.
enum Header {
    /// Published as it is (SVG, animated GIF), with this extension.
    AsIs { extension: &'static str },
    /// Decoded and encoded afresh; `width` × `height` is the image after its EXIF orientation.
    Raster {
        format: ImageFormat,
        width: u32,
        height: u32,
        orientation: u8,
        has_alpha: bool,
    },
}

/// The bytes of the image in `file` and what its header says; `shown` names it in messages.
/// Only the header is read, so that pages are planned without decoding any photo; a file broken
/// further in is an error of the image file when its variants are made.
fn read_header(file: &Path, shown: &str) -> Result<(Vec<u8>, Header), PictureError> {
    let unreadable = |reason: String| PictureError::Unreadable {
        file: shown.to_owned(),
        reason,
    };
    let bytes = std::fs::read(file).map_err(|error| unreadable(error.to_string()))?;
    let is_svg = file
        .extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("svg"));
    if is_svg {
        return Ok((bytes, Header::AsIs { extension: "svg" }));
    }
    let format = image::guess_format(&bytes)
        .map_err(|_| unreadable("it is not a JPEG, PNG, WebP, GIF or SVG file".to_owned()))?;
    match format {
        ImageFormat::Gif if process::is_animated_gif(&bytes) => {
            return Ok((bytes, Header::AsIs { extension: "gif" }));
        }
        ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::Gif | ImageFormat::WebP => {}
        other => {
            return Err(unreadable(format!(
                "{} images are not published; convert it to JPEG, PNG or WebP",
                other.extensions_str().first().unwrap_or(&"such")
            )));
        }
    }
    let (orientation, (raw_width, raw_height), has_alpha) = {
        let mut decoder = ImageReader::with_format(Cursor::new(&bytes), format)
            .into_decoder()
            .map_err(|error| unreadable(error.to_string()))?;
        let orientation = decoder
            .orientation()
            .map_err(|error| unreadable(error.to_string()))?
            .to_exif();
        (
            orientation,
            decoder.dimensions(),
            decoder.color_type().has_alpha(),
        )
    };
    if raw_width == 0 || raw_height == 0 {
        return Err(unreadable("it has no pixels".to_owned()));
    }
    let (width, height) = if matches!(orientation, 5..=8) {
        (raw_height, raw_width)
    } else {
        (raw_width, raw_height)
    };
    Ok((
        bytes,
        Header::Raster {
            format,
            width,
            height,
            orientation,
            has_alpha,
        },
    ))
}

/// Plans the variants of the image in `file` from its header; `shown` names it in messages, and
/// `cache` is the folder its variants are made in (see [`cache::dir`]).
pub fn plan(
    file: &Path,
    shown: &str,
    config: &ImagesConfig,
    cache: &Path,
) -> Result<Picture, PictureError> {
    let (bytes, header) = read_header(file, shown)?;
    let stem = published_stem(file);
    let (format, width, height, orientation, has_alpha) = match header {
        Header::AsIs { extension } => {
            let hash = crate::render::fingerprint::of(&(PROCESS_VERSION, &bytes));
            let (width, height) = imagesize::blob_size(&bytes)
                .map(|size| (side(size.width), side(size.height)))
                .unwrap_or((0, 0));
            return Ok(Picture {
                source: file.to_owned(),
                files: vec![Variant {
                    path: format!("{IMAGES_PATH}/{stem}-{hash:016x}.{extension}"),
                    width,
                    height,
                    format: OutputFormat::AsIs,
                    file: file.to_owned(),
                }],
                kind: PictureKind::AsIs,
            });
        }
        Header::Raster {
            format,
            width,
            height,
            orientation,
            has_alpha,
        } => (format, width, height, orientation, has_alpha),
    };
    let original = match format {
        ImageFormat::Jpeg => OutputFormat::Jpeg,
        ImageFormat::WebP if !has_alpha => OutputFormat::Jpeg,
        _ => OutputFormat::Png,
    };
    let mut formats = vec![original];
    if config.webp {
        formats.insert(
            0,
            OutputFormat::WebP {
                lossless: original == OutputFormat::Png,
            },
        );
    }
    let source_hash = crate::render::fingerprint::of(&bytes);
    let mut files = Vec::new();
    for format in formats {
        for variant_width in widths(width, &config.widths) {
            let variant_height = scaled_height(width, height, variant_width);
            let key = crate::render::fingerprint::of(&(
                PROCESS_VERSION,
                source_hash,
                variant_width,
                format,
                config.quality,
            ));
            let name = format!("{stem}-{variant_width}-{key:016x}.{}", format.extension());
            files.push(Variant {
                path: format!("{IMAGES_PATH}/{name}"),
                file: cache.join(name),
                width: variant_width,
                height: variant_height,
                format,
            });
        }
    }
    Ok(Picture {
        source: file.to_owned(),
        files,
        kind: PictureKind::Resized {
            width,
            height,
            orientation,
            quality: config.quality,
        },
    })
}

/// Plans the clean copy of the photo in `file` that is published at the site path `published`
/// (a bundle's photo the text links to): one variant of the photo's full size after its EXIF
/// orientation, in its own format, encoded afresh without metadata like every variant. `None`
/// for a file published as it is: an SVG is a drawing (its text is the writer's to see), and an
/// animated GIF cannot carry a camera's EXIF block.
pub fn plan_full_size(
    file: &Path,
    shown: &str,
    config: &ImagesConfig,
    cache: &Path,
    published: &str,
) -> Result<Option<Picture>, PictureError> {
    let (bytes, header) = read_header(file, shown)?;
    let Header::Raster {
        format,
        width,
        height,
        orientation,
        ..
    } = header
    else {
        return Ok(None);
    };
    let format = match format {
        ImageFormat::Jpeg => OutputFormat::Jpeg,
        ImageFormat::WebP => OutputFormat::WebP {
            lossless: process::is_lossless_webp(&bytes),
        },
        ImageFormat::Gif => OutputFormat::Gif,
        _ => OutputFormat::Png,
    };
    // "full" keeps its cache file apart from a variant of the same width and format, which
    // the picture shown in the text may be making at the same time.
    let key = crate::render::fingerprint::of(&(
        PROCESS_VERSION,
        crate::render::fingerprint::of(&bytes),
        "full",
        format,
        config.quality,
    ));
    let name = format!(
        "{}-full-{key:016x}.{}",
        published_stem(file),
        format.extension()
    );
    Ok(Some(Picture {
        source: file.to_owned(),
        files: vec![Variant {
            path: published.to_owned(),
            file: cache.join(name),
            width,
            height,
            format,
        }],
        kind: PictureKind::Resized {
            width,
            height,
            orientation,
            quality: config.quality,
        },
    }))
}

fn side(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The widths an image of `width` pixels is published in: the configured ones narrower than it,
/// and its own width when it is narrower than the widest configured one (never enlarged).
pub fn widths(width: u32, configured: &[u32]) -> Vec<u32> {
    let mut chosen: Vec<u32> = configured.iter().copied().filter(|w| *w < width).collect();
    if configured.last().is_none_or(|widest| width <= *widest) {
        chosen.push(width);
    }
    chosen
}

fn scaled_height(width: u32, height: u32, new_width: u32) -> u32 {
    let scaled =
        (u64::from(height) * u64::from(new_width) + u64::from(width) / 2) / u64::from(width);
    u32::try_from(scaled.max(1)).unwrap_or(u32::MAX)
}

/// The file's name without extension, as a slug, so that published names stay readable.
fn published_stem(file: &Path) -> String {
    let stem = file
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_default();
    let slug = crate::model::slug::slugify(&stem);
    if slug.is_empty() {
        "bild".to_owned()
    } else {
        slug
    }
}

/// How a picture is shown on a page.
pub struct Shown<'a> {
    pub alt: &'a str,
    pub title: &'a str,
    /// The page's first image is loaded at once; the others when they come into view.
    pub first: bool,
    pub sizes: &'a str,
    /// Put before every site path: the site's base URL.
    pub link_base: &'a str,
}

/// The `<picture>` element (or a plain `<img>` for a file published as it is).
pub fn html(picture: &Picture, shown: &Shown) -> String {
    let mut out = String::new();
    let url = |variant: &Variant| {
        let mut href = String::new();
        let _ = escape_href(&mut href, &format!("{}{}", shown.link_base, variant.path));
        href
    };
    let srcset = |format: OutputFormat| {
        picture
            .files
            .iter()
            .filter(|variant| variant.format == format)
            .map(|variant| format!("{} {}w", url(variant), variant.width))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut alt = String::new();
    let _ = escape_html(&mut alt, shown.alt);
    let mut title = String::new();
    if !shown.title.is_empty() {
        title.push_str(" title=\"");
        let _ = escape_html(&mut title, shown.title);
        title.push('"');
    }
    let loading = if shown.first {
        "fetchpriority=\"high\" decoding=\"async\""
    } else {
        "loading=\"lazy\" decoding=\"async\""
    };
    let Some(fallback) = picture.files.last() else {
        return out;
    };
    if picture.kind == PictureKind::AsIs {
        let size = if fallback.width > 0 && fallback.height > 0 {
            format!(
                " width=\"{}\" height=\"{}\"",
                fallback.width, fallback.height
            )
        } else {
            String::new()
        };
        out.push_str(&format!(
            "<img src=\"{}\"{size} {loading} alt=\"{alt}\"{title}>",
            url(fallback)
        ));
        return out;
    }
    out.push_str("<picture>");
    for format in [true, false].map(|lossless| OutputFormat::WebP { lossless }) {
        if fallback.format != format && picture.files.iter().any(|v| v.format == format) {
            out.push_str(&format!(
                "<source type=\"image/webp\" srcset=\"{}\" sizes=\"{}\">",
                srcset(format),
                shown.sizes
            ));
        }
    }
    // The largest variant gives the size (its proportions are the image's); the browser picks
    // a variant from srcset, and `src` is for those that cannot.
    out.push_str(&format!(
        "<img src=\"{}\" srcset=\"{}\" sizes=\"{}\" width=\"{}\" height=\"{}\" {loading} alt=\"{alt}\"{title}></picture>",
        url(fallback),
        srcset(fallback.format),
        shown.sizes,
        fallback.width,
        fallback.height,
    ));
    out
}

#[cfg(test)]
mod tests;
