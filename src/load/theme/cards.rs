//! The theme's share cards: its `cards/cards.toml` (the fonts and the box each card's title is
//! fitted into) and the font files of `fonts/` the cards are drawn with. The SVG templates
//! (`cards/*.svg`) are compiled with the theme's other templates.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Diagnostics, display_path, toml_diagnostic};

pub const CARDS_DIR: &str = "cards";
pub const FONTS_DIR: &str = "fonts";
const SETTINGS_FILE: &str = "cards.toml";

/// The card templates a theme with a `cards/` folder must have: one for posts and pages, one
/// for events and their dates.
pub const CARD_TEMPLATES: [&str; 2] = ["cards/post.svg", "cards/event.svg"];

/// How a title is fitted: into at most `lines` lines of at most `width` pixels, in the largest
/// font size from `largest` down to `smallest` (in steps of 2) at which it fits; the lines
/// below it (date, place) are `detail_size` pixels high and shortened to `width`.
#[derive(Debug, Clone, Copy, Deserialize, Hash, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct TitleBox {
    pub width: u32,
    pub lines: u32,
    pub largest: u32,
    pub smallest: u32,
    pub detail_size: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSettings {
    fonts: Vec<String>,
    post: TitleBox,
    event: TitleBox,
}

/// A font file of the theme, as bytes.
pub struct Font {
    pub file: PathBuf,
    pub bytes: Arc<Vec<u8>>,
}

/// What a theme says about its share cards.
pub struct CardStyle {
    /// The fonts the cards may use; the first is the one titles are measured in.
    pub fonts: Vec<Font>,
    pub post: TitleBox,
    pub event: TitleBox,
    /// Of the settings and every font's bytes.
    pub fingerprint: u64,
}

impl CardStyle {
    /// The font titles are set in.
    pub fn title_font(&self) -> &Font {
        &self.fonts[0]
    }
}

/// The card settings of the theme in `theme_dir`, or `None` when it has no `cards/` folder
/// (then pages without an image share the site's or the theme's image).
pub fn load(root: &Path, theme_dir: &Path) -> Result<Option<Arc<CardStyle>>, Diagnostics> {
    let cards_dir = theme_dir.join(CARDS_DIR);
    if !crate::load::source_files::folder_exists(root, &cards_dir)? {
        return Ok(None);
    }
    let file = cards_dir.join(SETTINGS_FILE);
    let shown = display_path(root, &file);
    let bytes = std::fs::read(&file).map_err(|error| {
        Diagnostic::new(&shown, format!("cannot read the share cards' settings: {error}"))
            .with_help("a theme with a cards/ folder needs cards/cards.toml, naming the fonts and the title boxes")
    })?;
    let source = crate::load::encoding::decode(&shown, bytes)?;
    let raw: RawSettings =
        toml::from_str(&source).map_err(|error| toml_diagnostic(&shown, &source, &error))?;
    if raw.fonts.is_empty() {
        return Err(Diagnostic::new(&shown, "`fonts` names no font file")
            .with_help("name at least one font file of the theme's fonts/ folder, such as fonts = [\"Inter-Bold.otf\"]")
            .into());
    }
    let mut problems = Diagnostics::default();
    for (name, title_box) in [("post", raw.post), ("event", raw.event)] {
        if title_box.lines == 0
            || title_box.width == 0
            || title_box.smallest == 0
            || title_box.smallest > title_box.largest
            || title_box.largest > 1000
            || title_box.detail_size == 0
            || title_box.detail_size > 1000
        {
            problems.push(
                Diagnostic::new(&shown, format!("[{name}] is not a box a title fits into"))
                    .with_help("give `width` and `lines` above 0, 0 < `smallest` ≤ `largest` ≤ 1000 and 0 < `detail_size` ≤ 1000 (font sizes in pixels)"),
            );
        }
    }
    let mut fonts = Vec::new();
    for name in &raw.fonts {
        let path = theme_dir.join(FONTS_DIR).join(name);
        let shown_font = display_path(root, &path);
        match std::fs::read(&path) {
            Ok(bytes) if skrifa::FontRef::new(&bytes).is_ok() => fonts.push(Font {
                file: shown_font,
                bytes: Arc::new(bytes),
            }),
            Ok(_) => problems.push(
                Diagnostic::new(&shown_font, "this is not a font file (OpenType or TrueType)")
                    .with_help("replace it with an .otf or .ttf font, or remove it from `fonts` in cards/cards.toml"),
            ),
            Err(error) => problems.push(
                Diagnostic::new(&shown, format!("cannot read the font {}: {error}", shown_font.display()))
                    .with_help("put the font file into the theme's fonts/ folder, or remove it from `fonts`"),
            ),
        }
    }
    problems.into_result(())?;
    let fingerprint = crate::render::fingerprint::of(&(
        &source,
        fonts
            .iter()
            .map(|font| crate::render::fingerprint::of(&font.bytes.as_slice()))
            .collect::<Vec<_>>(),
    ));
    Ok(Some(Arc::new(CardStyle {
        fonts,
        post: raw.post,
        event: raw.event,
        fingerprint,
    })))
}

/// The card templates of the theme in `theme_dir` (`cards/*.svg`), by template name.
pub fn templates(
    root: &Path,
    theme_dir: &Path,
    into: &mut BTreeMap<String, (PathBuf, String)>,
) -> Diagnostics {
    let dir = theme_dir.join(CARDS_DIR);
    let listing = crate::load::source_files::list(root, &dir, |name| name.ends_with(".svg"));
    let mut problems = listing.problems;
    for path in &listing.files {
        let Some(name) = path.file_name() else {
            continue;
        };
        let shown = display_path(root, path);
        let text = std::fs::read(path)
            .map_err(|error| Diagnostic::new(&shown, format!("cannot read this template: {error}")))
            .and_then(|bytes| crate::load::encoding::decode(&shown, bytes));
        match text {
            Ok(text) => {
                into.insert(
                    format!("{CARDS_DIR}/{}", name.to_string_lossy()),
                    (shown, text),
                );
            }
            Err(problem) => problems.push(problem),
        }
    }
    problems
}
