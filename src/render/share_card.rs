//! Share cards: a page's title fitted into the theme's box (lines broken with the advances of
//! the theme's font), the theme's SVG template (`cards/*.svg`) filled in and drawn to a
//! 1200 × 630 PNG with resvg using only the theme's fonts, and the cache of drawn cards in
//! `.treffpunkt-cache/cards/` that spares drawing a card whose SVG and fonts did not change.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use resvg::{tiny_skia, usvg};
use skrifa::instance::{LocationRef, Size};
use skrifa::{FontRef, MetadataProvider};

use super::RenderError;
use super::html::Context;
use super::inputs::Shared;
use crate::diagnostic::Diagnostic;
use crate::load::theme::cards::{CardStyle, TitleBox};

/// More characters than any card can show in its title.
const MOST_TITLE_CHARS: usize = 1_000;
/// The size Open Graph and X show without cropping.
pub const WIDTH: u32 = 1200;
pub const HEIGHT: u32 = 630;

/// The subfolder of the site's cache that holds drawn cards.
pub const CACHE_FOLDER: &str = "cards";

/// Changes whenever the same SVG would be drawn differently (a new resvg): old cards are then
/// drawn anew rather than taken from the cache.
const DRAWING: &str = "resvg 0.49, opaque RGBA";

/// Which template a card is drawn from.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Template {
    /// `cards/post.svg`: posts and pages.
    Post,
    /// `cards/event.svg`: events and their dates.
    Event,
}

impl Template {
    pub fn name(self) -> &'static str {
        match self {
            Template::Post => "cards/post.svg",
            Template::Event => "cards/event.svg",
        }
    }

    fn title_box(self, style: &CardStyle) -> TitleBox {
        match self {
            Template::Post => style.post,
            Template::Event => style.event,
        }
    }
}

/// A title set in lines, at a font size in pixels.
#[derive(Debug, PartialEq)]
pub struct Fitted {
    pub size: u32,
    pub lines: Vec<String>,
}

/// Widths of text in a font, from its glyphs' advances (no kerning: lines are broken with a
/// little room to spare rather than exactly).
pub struct Measure<'a> {
    font: FontRef<'a>,
    units_per_em: f32,
}

impl<'a> Measure<'a> {
    pub fn new(bytes: &'a [u8]) -> Result<Self, String> {
        let font = FontRef::new(bytes).map_err(|error| format!("not a readable font: {error}"))?;
        let units_per_em = f32::from(
            font.metrics(Size::unscaled(), LocationRef::default())
                .units_per_em
                .max(1),
        );
        Ok(Measure { font, units_per_em })
    }

    /// Whether the font has a glyph for `c` (else it would draw the empty `.notdef` box).
    pub fn has_glyph(&self, c: char) -> bool {
        self.font.charmap().map(c).is_some()
    }

    /// The width of `text` at a font size of 1 pixel.
    pub fn width(&self, text: &str) -> f32 {
        let charmap = self.font.charmap();
        let metrics = self
            .font
            .glyph_metrics(Size::unscaled(), LocationRef::default());
        text.chars()
            .map(|c| {
                let glyph = charmap.map(c).unwrap_or_default();
                metrics.advance_width(glyph).unwrap_or(0.0)
            })
            .sum::<f32>()
            / self.units_per_em
    }

    /// `title` in at most `title_box.lines` lines no wider than its width, in the largest size
    /// from `largest` down to `smallest` where it fits; a title that does not fit even in the
    /// smallest size ends its last line with "…".
    pub fn fit(&self, title: &str, title_box: TitleBox) -> Fitted {
        // A card holds a few lines of a few dozen characters: a longer title is cut first, so
        // that a title of a megabyte costs no more than one of a thousand characters.
        let cut;
        let title = match title.char_indices().nth(MOST_TITLE_CHARS) {
            Some((end, _)) => {
                cut = format!("{}…", &title[..end]);
                cut.as_str()
            }
            None => title,
        };
        let words: Vec<&str> = title.split_whitespace().collect();
        let widths: Vec<f32> = words.iter().map(|word| self.width(word)).collect();
        let space = self.width(" ");
        let lines = title_box.lines as usize;
        let mut size = title_box.largest;
        loop {
            let room = title_box.width as f32 / size as f32;
            let broken = self.wrap(&words, &widths, space, room);
            if broken.len() <= lines {
                return Fitted {
                    size,
                    lines: broken,
                };
            }
            if size < title_box.smallest + 2 {
                let mut kept: Vec<String> = broken.into_iter().take(lines).collect();
                if let Some(last) = kept.last_mut() {
                    *last = self.ellipsized(last, room);
                }
                return Fitted { size, lines: kept };
            }
            size -= 2;
        }
    }

    /// Greedy line breaking at spaces; a word wider than a line is broken between letters.
    fn wrap(&self, words: &[&str], widths: &[f32], space: f32, room: f32) -> Vec<String> {
        let mut lines: Vec<String> = Vec::new();
        let mut line = String::new();
        let mut used = 0.0;
        for (word, &width) in words.iter().zip(widths) {
            if !line.is_empty() && used + space + width <= room {
                line.push(' ');
                line.push_str(word);
                used += space + width;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            if width <= room {
                line.push_str(word);
                used = width;
                continue;
            }
            used = 0.0;
            for c in word.chars() {
                let advance = self.width(c.encode_utf8(&mut [0; 4]));
                if !line.is_empty() && used + advance > room {
                    lines.push(std::mem::take(&mut line));
                    used = 0.0;
                }
                line.push(c);
                used += advance;
            }
        }
        if !line.is_empty() {
            lines.push(line);
        }
        lines
    }

    /// `line` shortened until it fits `room` with "…" after it.
    fn ellipsized(&self, line: &str, room: f32) -> String {
        let ellipsis = self.width("…");
        let mut kept: Vec<char> = line.chars().collect();
        let mut used = self.width(line);
        while used + ellipsis > room {
            match kept.pop() {
                Some(c) => used -= self.width(c.encode_utf8(&mut [0; 4])),
                None => break,
            }
        }
        let kept: String = kept.into_iter().collect();
        format!("{}…", kept.trim_end())
    }
}

/// What a card shows besides the site: its title and, where it has them, a date, a time and a
/// place, each already in the site's language.
pub struct CardText<'a> {
    pub template: Template,
    /// `post`, `page`, `event` or `date`, for a template that tells them apart.
    pub kind: &'static str,
    pub title: &'a str,
    pub date: Option<String>,
    pub time: Option<String>,
    pub place: Option<&'a str>,
}

/// How the cards of one render are drawn: the theme's style, its fonts for resvg, and the cache.
pub struct Cards<'a> {
    style: &'a CardStyle,
    options: usvg::Options<'static>,
    cache: &'a CardCache,
}

impl<'a> Cards<'a> {
    pub fn new(style: &'a CardStyle, cache: &'a CardCache) -> Self {
        let mut fonts = usvg::fontdb::Database::new();
        for font in &style.fonts {
            fonts.load_font_source(usvg::fontdb::Source::Binary(font.bytes.clone()));
        }
        // A family the template names that the theme lacks falls back to the title font,
        // never to a font of the machine.
        let family = fonts
            .faces()
            .next()
            .and_then(|face| face.families.first())
            .map(|(name, _)| name.clone())
            .unwrap_or_default();
        let options = usvg::Options {
            font_family: family,
            fontdb: std::sync::Arc::new(fonts),
            ..usvg::Options::default()
        };
        Cards {
            style,
            options,
            cache,
        }
    }
}

impl Shared<'_> {
    /// The PNG of the card of the page at `page` showing `text`, taken from the cache when a
    /// card of the same SVG was drawn before.
    pub fn share_card(&self, page: &str, text: &CardText) -> Result<Vec<u8>, RenderError> {
        let Some(cards) = &self.cards else {
            return Err(RenderError::Internal(
                "a share card was planned for a theme that draws none".into(),
            ));
        };
        let template = text.template;
        // Text may hold characters XML does not allow (a title with a control character).
        let title = &xml_text(text.title);
        let measure = Measure::new(&cards.style.title_font().bytes[..]).map_err(|message| {
            RenderError::Templates(Diagnostic::new(&cards.style.title_font().file, message).into())
        })?;
        let title_box = template.title_box(cards.style);
        let fitted = measure.fit(title, title_box);
        let mut context: Context = self.context(page);
        // A place too long for one line is shortened; titles are the only text that wraps.
        let room = title_box.width as f32 / title_box.detail_size as f32;
        let place = text
            .place
            .map(xml_text)
            .map(|place| match measure.width(&place) <= room {
                true => place,
                false => measure.ellipsized(&place, room),
            });
        let values: [(&str, tera::Value); 11] = [
            ("kind", text.kind.into()),
            ("title", title.as_str().into()),
            ("title_lines", fitted.lines.into()),
            ("title_size", fitted.size.into()),
            ("title_width", title_box.width.into()),
            ("site_name", xml_text(&self.config.title).into()),
            ("date", text.date.as_deref().map(xml_text).into()),
            ("time", text.time.as_deref().map(xml_text).into()),
            ("place", place.into()),
            ("detail_size", title_box.detail_size.into()),
            ("width", WIDTH.into()),
        ];
        context.extend(
            values
                .into_iter()
                .map(|(key, value)| (key.to_owned(), value)),
        );
        context.insert("height".into(), HEIGHT.into());
        let svg = self.template(template.name(), page, context)?;
        let key = super::fingerprint::of(&(DRAWING, &svg, cards.style.fingerprint));
        cards.cache.get_or_draw(key, || {
            draw(&svg, &cards.options).map_err(|message| {
                let file = self
                    .theme
                    .template_files
                    .get(template.name())
                    .map_or_else(|| PathBuf::from(template.name()), |(file, _)| file.clone());
                RenderError::Templates(
                    Diagnostic::new(file, format!("the share cards drawn from this template are not drawable SVG: {message} (in the SVG the template gives)"))
                        .with_help("the template must give an SVG image (an <svg> element with the SVG namespace) once its variables are filled in")
                        .into(),
                )
            })
        })
    }
}

/// `text` without the characters XML 1.0 does not allow (controls other than tab and line
/// breaks, U+FFFE and U+FFFF), which would make the card's SVG unreadable.
fn xml_text(text: &str) -> String {
    text.chars()
        .filter(|&c| {
            !(c.is_control() && !matches!(c, '\t' | '\n' | '\r') && c < '\u{80}'
                || c == '\u{FFFE}'
                || c == '\u{FFFF}')
        })
        .collect()
}

/// `svg` drawn to a PNG of [`WIDTH`] × [`HEIGHT`] (stretched to it whatever size it says).
fn draw(svg: &str, options: &usvg::Options) -> Result<Vec<u8>, String> {
    let tree = usvg::Tree::from_str(svg, options).map_err(|error| error.to_string())?;
    let mut pixmap = tiny_skia::Pixmap::new(WIDTH, HEIGHT).ok_or("no room to draw the card")?;
    // A card is opaque: what shows through a transparent part (social networks put cards on
    // white or black) is the template's to say with a background; where it says nothing, white.
    pixmap.fill(tiny_skia::Color::WHITE);
    let size = tree.size();
    let transform = tiny_skia::Transform::from_scale(
        WIDTH as f32 / size.width(),
        HEIGHT as f32 / size.height(),
    );
    resvg::render(&tree, transform, &mut pixmap.as_mut());
    encode(&pixmap).map_err(|error| error.to_string())
}

/// `pixmap` as a PNG, compressed fast: tiny-skia's own encoder (balanced compression) spends
/// most of a card's time compressing. The card was drawn onto white, so every pixel is opaque
/// and its premultiplied colour is its colour: the pixels are written as they are, with no pass
/// over them (which costs more than the compression in a debug build's tests).
fn encode(pixmap: &tiny_skia::Pixmap) -> Result<Vec<u8>, png::EncodingError> {
    let mut png = Vec::new();
    let mut encoder = png::Encoder::new(&mut png, pixmap.width(), pixmap.height());
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    let mut writer = encoder.write_header()?;
    writer.write_image_data(pixmap.data())?;
    writer.finish()?;
    Ok(png)
}

/// Drawn cards by the fingerprint of their SVG and fonts, in a folder of the site's cache (none
/// for a render that keeps nothing); what a render used is kept, so that a build can prune the
/// rest.
#[derive(Default)]
pub struct CardCache {
    folder: Option<PathBuf>,
    /// Whether cards drawn anew are stored (`check` only reads).
    stores: bool,
    drawn: AtomicUsize,
    used: Mutex<HashSet<String>>,
}

impl CardCache {
    pub fn in_folder(folder: PathBuf) -> Self {
        CardCache {
            folder: Some(folder),
            stores: true,
            ..CardCache::default()
        }
    }

    /// The same cache, from now on only read: cards missing from it are drawn but not stored.
    pub fn read_only(&mut self) {
        self.stores = false;
    }

    /// Forgets what the last render drew and used.
    pub fn start(&self) {
        self.drawn.store(0, Ordering::Relaxed);
        self.lock_used().clear();
    }

    /// How many cards were drawn since [`CardCache::start`] (the others came from the cache).
    pub fn drawn(&self) -> usize {
        self.drawn.load(Ordering::Relaxed)
    }

    fn lock_used(&self) -> std::sync::MutexGuard<'_, HashSet<String>> {
        // A panic elsewhere while holding it leaves a set of names that is still whole.
        self.used
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn get_or_draw(
        &self,
        key: u64,
        draw: impl FnOnce() -> Result<Vec<u8>, RenderError>,
    ) -> Result<Vec<u8>, RenderError> {
        let name = format!("{key:016x}.png");
        self.lock_used().insert(name.clone());
        let Some(folder) = &self.folder else {
            self.drawn.fetch_add(1, Ordering::Relaxed);
            return draw();
        };
        let file = folder.join(&name);
        match std::fs::read(&file) {
            // A file cut short (a crash while writing) is not a card: drawn again.
            Ok(bytes)
                if imagesize::blob_size(&bytes).is_ok_and(|size| {
                    (size.width, size.height) == (WIDTH as usize, HEIGHT as usize)
                }) && bytes.ends_with(&PNG_END) =>
            {
                return Ok(bytes);
            }
            Ok(_) => {}
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
            Err(error) => return Err(cache_error(&file, "read", &error)),
        }
        self.drawn.fetch_add(1, Ordering::Relaxed);
        let bytes = draw()?;
        if !self.stores {
            return Ok(bytes);
        }
        write_atomically(folder, &name, &bytes)
            .map_err(|(path, error)| cache_error(&path, "write", &error))?;
        Ok(bytes)
    }

    /// Removes the cards of the folder that the last render did not use.
    pub fn prune(&self) -> Result<(), RenderError> {
        let Some(folder) = self.folder.as_ref().filter(|_| self.stores) else {
            return Ok(());
        };
        let entries = match std::fs::read_dir(folder) {
            Ok(entries) => entries,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(error) => return Err(cache_error(folder, "read", &error)),
        };
        let used = self.lock_used();
        for entry in entries {
            let entry = entry.map_err(|error| cache_error(folder, "read", &error))?;
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if used.contains(&*name) || is_being_written(&name, &entry) {
                continue;
            }
            std::fs::remove_file(entry.path())
                .map_err(|error| cache_error(&entry.path(), "remove", &error))?;
        }
        Ok(())
    }
}

/// Whether `entry` is a card another process (a preview beside the build) is writing: a part
/// file younger than an hour. Older ones were left by a crash and go.
fn is_being_written(name: &str, entry: &std::fs::DirEntry) -> bool {
    name.ends_with(".part")
        && entry
            .metadata()
            .and_then(|metadata| metadata.modified())
            .is_ok_and(|modified| {
                modified
                    .elapsed()
                    .is_ok_and(|age| age < std::time::Duration::from_secs(3600))
            })
}

/// The last chunk of every PNG file.
const PNG_END: [u8; 12] = [0, 0, 0, 0, b'I', b'E', b'N', b'D', 0xAE, 0x42, 0x60, 0x82];

/// Writes `bytes` to `folder/name` through a temporary file, so that no half-written card is
/// ever found there.
fn write_atomically(
    folder: &Path,
    name: &str,
    bytes: &[u8],
) -> Result<(), (PathBuf, std::io::Error)> {
    // Two pages may show the same card (the same title and date), drawn at the same time.
    static WRITTEN: AtomicUsize = AtomicUsize::new(0);
    std::fs::create_dir_all(folder).map_err(|error| (folder.to_path_buf(), error))?;
    let number = WRITTEN.fetch_add(1, Ordering::Relaxed);
    let temporary = folder.join(format!(".{name}.{}.{number}.part", std::process::id()));
    std::fs::write(&temporary, bytes).map_err(|error| (temporary.clone(), error))?;
    std::fs::rename(&temporary, folder.join(name)).map_err(|error| (temporary, error))
}

fn cache_error(path: &Path, what: &str, error: &std::io::Error) -> RenderError {
    RenderError::Templates(
        Diagnostic::new(path, format!("cannot {what} the share card cache: {error}"))
            .with_help("make sure the site's folder can be written, or delete the folder .treffpunkt-cache (it is made anew)")
            .into(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const BOLD: &[u8] = include_bytes!("../../themes/default/fonts/Inter-Bold.otf");

    fn post_box() -> TitleBox {
        TitleBox {
            width: 1040,
            lines: 3,
            largest: 80,
            smallest: 44,
            detail_size: 30,
        }
    }

    #[test]
    fn a_short_title_keeps_the_largest_size_on_one_line() {
        let measure = Measure::new(BOLD).unwrap();
        let fitted = measure.fit("Stammtisch im März", post_box());
        assert_eq!(fitted.size, 80);
        assert_eq!(fitted.lines, ["Stammtisch im März"]);
    }

    #[test]
    fn a_long_german_title_wraps_into_three_lines_within_the_width_and_shrinks() {
        let measure = Measure::new(BOLD).unwrap();
        let title = "Weihnachtsessen der Unternehmerinnen und Unternehmer aus \
                     Süddeutschland – „Großer Saal“ im Hofbräuhaus";
        let fitted = measure.fit(title, post_box());
        assert!(fitted.lines.len() <= 3, "{:?}", fitted.lines);
        assert!(fitted.size < 80, "the size shrinks: {}", fitted.size);
        assert!(
            fitted.size > 44,
            "but no further than needed: {}",
            fitted.size
        );
        for line in &fitted.lines {
            let width = measure.width(line) * fitted.size as f32;
            assert!(width <= 1040.0, "{line:?} is {width} px wide");
        }
        // Every word is still there, in order.
        assert_eq!(
            fitted
                .lines
                .join(" ")
                .split_whitespace()
                .collect::<Vec<_>>(),
            title.split_whitespace().collect::<Vec<_>>()
        );
    }

    #[test]
    fn a_title_too_long_for_the_smallest_size_ends_with_an_ellipsis() {
        let measure = Measure::new(BOLD).unwrap();
        let title = "Netzwerken ".repeat(60);
        let fitted = measure.fit(&title, post_box());
        assert_eq!(fitted.size, 44);
        assert_eq!(fitted.lines.len(), 3);
        assert!(fitted.lines[2].ends_with('…'));
        assert!(measure.width(&fitted.lines[2]) * 44.0 <= 1040.0);
    }

    #[test]
    fn a_title_of_a_megabyte_is_cut_before_it_is_fitted() {
        let fitted = Measure::new(BOLD)
            .unwrap()
            .fit(&"a".repeat(1_000_000), post_box());
        assert_eq!(fitted.lines.len(), post_box().lines as usize);
        assert!(fitted.lines[2].ends_with('…'));
    }

    #[test]
    fn a_word_wider_than_the_line_is_broken_between_letters() {
        let measure = Measure::new(BOLD).unwrap();
        let word = "Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichenverleihung";
        let fitted = measure.fit(word, post_box());
        assert!(fitted.lines.len() > 1);
        assert_eq!(fitted.lines.concat(), word);
        for line in &fitted.lines {
            assert!(measure.width(line) * fitted.size as f32 <= 1040.0);
        }
    }

    #[test]
    fn the_theme_font_has_every_german_letter_and_mark() {
        let measure = Measure::new(BOLD).unwrap();
        for c in "ÄÖÜäöüßẞ„“‚‘–—…€".chars() {
            assert!(measure.has_glyph(c), "{c} would be the .notdef box");
        }
    }

    #[test]
    fn german_letters_and_marks_are_drawn_with_the_theme_font() {
        let style = crate::load::theme::cards::CardStyle {
            fonts: vec![crate::load::theme::cards::Font {
                file: "Inter-Bold.otf".into(),
                bytes: std::sync::Arc::new(BOLD.to_vec()),
            }],
            post: post_box(),
            event: post_box(),
            fingerprint: 0,
        };
        let cache = CardCache::default();
        let cards = Cards::new(&style, &cache);
        let inked = |text: &str| {
            let svg = format!(
                r#"<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="630"><text x="10" y="300" font-family="Inter" font-size="60">{text}</text></svg>"#
            );
            let png = draw(&svg, &cards.options).unwrap();
            let mut decoder = png::Decoder::new(std::io::Cursor::new(png))
                .read_info()
                .unwrap();
            let mut rgba = vec![0; decoder.output_buffer_size().unwrap()];
            let frame = decoder.next_frame(&mut rgba).unwrap();
            assert_eq!((frame.width, frame.height), (WIDTH, HEIGHT));
            assert_eq!(frame.color_type, png::ColorType::Rgba);
            assert!(
                rgba.chunks(4).all(|pixel| pixel[3] == 255),
                "a pixel is not opaque"
            );
            // Drawn onto white: ink is every pixel that is not.
            (rgba.chunks(4))
                .filter(|pixel| *pixel != [255, 255, 255, 255])
                .count()
        };
        assert_eq!(inked(""), 0);
        // Each mark on its own leaves ink: none is left out for want of a glyph.
        for c in ["Ä", "ö", "ü", "ß", "„", "“", "–"] {
            assert!(inked(c) > 0, "{c} drew nothing");
        }
        assert!(inked("Größe „Übung“ – Straße") > inked("Größe"));
    }

    #[test]
    fn characters_xml_refuses_are_left_out_of_card_text() {
        assert_eq!(
            xml_text("Stamm\u{7}tisch\u{1b} „Größe“\tam\u{FFFF} Markt"),
            "Stammtisch „Größe“\tam Markt"
        );
    }
}
