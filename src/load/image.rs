//! Images named by settings and front matter (`image`, `image_alt`): validated addresses, and
//! the size of the ones the site publishes from its static folders.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostic::{Diagnostic, Written};
use crate::images::{self, Picture, Variant};
use crate::load::config::{BaseUrl, SiteConfig};

/// An image a page is shared with: where it is and what it shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Image {
    pub src: ImageSource,
    /// What the image shows, for people who cannot see it; `None` when not written.
    pub alt: Option<String>,
    /// Where `image` was written: a file the site does not publish is found only when pages
    /// are made, and reported there.
    pub written: Written,
    /// The variants it is published as, when it is a file of the site that is processed like
    /// the images of a text; `src` is then the variant share previews use.
    pub picture: Option<Arc<Picture>>,
}

/// Where an image is: a path of the published site (`/bilder/x.jpg`, a file of `static/`) or a
/// full address elsewhere.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ImageSource {
    SitePath(String),
    Url(String),
}

pub const IMAGE_HELP: &str = "write the image's path from the site's root, such as \"/bilder/stammtisch.jpg\" for static/bilder/stammtisch.jpg, its path beside the file (\"stammtisch.jpg\"), or its full https:// address";

impl ImageSource {
    pub fn parse(text: &str) -> Result<ImageSource, String> {
        let text = text.trim();
        let plain = !text.is_empty() && !text.contains(char::is_whitespace);
        if plain && (text.starts_with("https://") || text.starts_with("http://")) {
            return Ok(ImageSource::Url(text.to_owned()));
        }
        let inside = text
            .strip_prefix('/')
            .is_some_and(|rest| !rest.is_empty() && !rest.split('/').any(|part| part == ".."));
        if plain && inside && !text.starts_with("//") {
            return Ok(ImageSource::SitePath(text.to_owned()));
        }
        Err(format!(
            "`{text}` is not an image address: a path from the site's root or an http(s) address"
        ))
    }

    /// The absolute address, as share previews need it.
    pub fn url(&self, base_url: &BaseUrl) -> String {
        match self {
            ImageSource::SitePath(path) => base_url.join(path),
            ImageSource::Url(url) => url.clone(),
        }
    }
}

/// The theme's static folder, then the site's: the later wins, as when they are copied.
pub fn static_dirs(root: &Path, config: &SiteConfig) -> [PathBuf; 2] {
    [
        root.join(crate::load::theme::THEMES_DIR)
            .join(&config.theme)
            .join(crate::load::theme::STATIC_DIR),
        root.join(crate::load::theme::STATIC_DIR),
    ]
}

/// Where the `image` written in `file` (a post, page or event, on disk) is: a file of the site
/// (beside `file`, or under static/) is processed as the images of a text are, and its `src` is
/// the variant share previews show; a path from the site's root that no static folder has is
/// reported when pages are made, where the site's `image` is too. `at_image` places a problem
/// at the `image` key.
pub fn resolve(
    root: &Path,
    file: &Path,
    config: &SiteConfig,
    written: &str,
    at_image: &dyn Fn(String) -> Diagnostic,
) -> Result<(ImageSource, Option<Arc<Picture>>), Diagnostic> {
    let written = written.trim();
    let local = images::is_local(written);
    let found = local
        .then(|| images::locate(written, file, &static_dirs(root, config)))
        .flatten();
    if let Some(found) = found {
        let shown = crate::diagnostic::display_path(root, &found);
        let picture = images::plan(
            &found,
            &shown.display().to_string(),
            &config.images,
            &images::cache::dir(root),
        )
        .map_err(|error| at_image(error.to_string()).with_help(images::PICTURE_HELP))?;
        let path = share_variant(&picture)
            .map(|variant| variant.path.clone())
            .unwrap_or_default();
        return Ok((ImageSource::SitePath(path), Some(Arc::new(picture))));
    }
    if local && !written.starts_with('/') {
        return Err(
            at_image(format!("there is no image `{written}` beside this file"))
                .with_help(IMAGE_HELP),
        );
    }
    let src =
        ImageSource::parse(written).map_err(|message| at_image(message).with_help(IMAGE_HELP))?;
    Ok((src, None))
}

/// The width a share preview's variant has at most: what Open Graph's large previews show.
pub const SHARE_WIDTH: u32 = 1200;

/// The variant of `picture` a share preview shows: the widest one in the original's format
/// (previews do not all read WebP) that is at most [`SHARE_WIDTH`] wide, else the narrowest.
pub fn share_variant(picture: &Picture) -> Option<&Variant> {
    let fallback = picture.files.last()?;
    let same_format = || {
        picture
            .files
            .iter()
            .filter(|variant| variant.format == fallback.format)
    };
    same_format()
        .filter(|variant| variant.width <= SHARE_WIDTH)
        .max_by_key(|variant| variant.width)
        .or_else(|| same_format().min_by_key(|variant| variant.width))
}

/// The variant of a processed image a share preview shows; `None` for a file published as it is.
pub fn share_variant_of(image: &Image) -> Option<&Variant> {
    share_variant(image.picture.as_deref()?)
}

/// The width and height of `source` when it is a file the site publishes from `static_dirs`
/// (later folders win, as when they are copied); `None` for an image elsewhere, whose size is
/// not fetched. A site path that no static folder has, or a file that is no image, is an error.
pub fn dimensions(
    static_dirs: &[PathBuf],
    source: &ImageSource,
) -> Result<Option<(u32, u32)>, String> {
    let ImageSource::SitePath(path) = source else {
        return Ok(None);
    };
    let relative = Path::new(path.trim_start_matches('/'));
    let file = static_dirs
        .iter()
        .rev()
        .map(|dir| dir.join(relative))
        .find(|file| file.is_file())
        .ok_or_else(|| {
            format!("the image `{path}` is not a file of static/ (nor of the theme's static/)")
        })?;
    let size = imagesize::size(&file).map_err(|error| {
        format!(
            "cannot read the size of the image {}: {error} (PNG, JPEG, GIF and WebP are read)",
            file.display()
        )
    })?;
    let side = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    Ok(Some((side(size.width), side(size.height))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_addresses_are_site_paths_or_urls() {
        assert_eq!(
            ImageSource::parse("/bilder/x.jpg"),
            Ok(ImageSource::SitePath("/bilder/x.jpg".into()))
        );
        assert_eq!(
            ImageSource::parse("https://cdn.example.org/x.png"),
            Ok(ImageSource::Url("https://cdn.example.org/x.png".into()))
        );
        for bad in [
            "bilder/x.jpg",
            "/",
            "//evil.example/x.png",
            "/../x.png",
            "",
            "/a b.png",
        ] {
            assert!(ImageSource::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_published_image_has_its_size_and_a_missing_one_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let theme_static = dir.path().join("theme");
        std::fs::create_dir_all(&theme_static).unwrap();
        let share = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/themes/default/static/share.png"
        );
        std::fs::copy(share, theme_static.join("share.png")).unwrap();
        let dirs = [theme_static, dir.path().join("site")];
        let size = dimensions(&dirs, &ImageSource::SitePath("/share.png".into()));
        assert_eq!(size, Ok(Some((1200, 630))));
        let missing = dimensions(&dirs, &ImageSource::SitePath("/fehlt.png".into()));
        assert!(
            missing
                .unwrap_err()
                .contains("`/fehlt.png` is not a file of static/")
        );
        let remote = ImageSource::Url("https://example.org/x.png".into());
        assert_eq!(dimensions(&dirs, &remote), Ok(None));
    }
}
