//! Images named by settings and front matter (`image`, `image_alt`): validated addresses, and
//! the size of the ones the site publishes from its static folders.

use std::path::{Path, PathBuf};

use crate::diagnostic::Written;
use crate::load::config::BaseUrl;

/// An image a page is shared with: where it is and what it shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Image {
    pub src: ImageSource,
    /// What the image shows, for people who cannot see it; `None` when not written.
    pub alt: Option<String>,
    /// Where `image` was written: a file the site does not publish is found only when pages
    /// are made, and reported there.
    pub written: Written,
}

/// Where an image is: a path of the published site (`/bilder/x.jpg`, a file of `static/`) or a
/// full address elsewhere.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ImageSource {
    SitePath(String),
    Url(String),
}

pub const IMAGE_HELP: &str = "write the image's path from the site's root, such as \"/bilder/stammtisch.jpg\" for static/bilder/stammtisch.jpg, or its full https:// address";

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
