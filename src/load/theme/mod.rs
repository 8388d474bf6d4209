//! The theme: its Tera templates (with the site's own overrides), its static folder and the UI
//! strings for the site's language.

mod cycles;
mod limits;

pub use limits::{is_limit, render as render_page};

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::Locale;
use chrono::format::StrftimeItems;
use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Diagnostics, display_path, toml_diagnostic};
use crate::load::config::SiteConfig;
use crate::load::source_files;
use crate::render::escape::escape_markup;
use crate::render::markdown::QuoteMarks;

pub const THEMES_DIR: &str = "themes";
pub const SITE_TEMPLATES_DIR: &str = "templates";
pub const STATIC_DIR: &str = "static";

/// Templates every theme must provide, one for each kind of page.
pub const REQUIRED_TEMPLATES: [&str; 10] = [
    "index.html",
    "blog.html",
    "post.html",
    "page.html",
    "taxonomy_list.html",
    "taxonomy_term.html",
    "404.html",
    "calendar.html",
    "calendar_month.html",
    "event.html",
];

pub struct Theme {
    pub tera: tera::Tera,
    /// Which file each template came from, for error messages.
    pub template_files: BTreeMap<String, PathBuf>,
    /// Static folders in the order they are copied: the theme's, then the site's.
    pub static_dirs: Vec<PathBuf>,
    pub ui: Arc<UiLanguage>,
    /// Of every template and the strings: whatever they change, every page changes.
    pub fingerprint: u64,
}

/// The language-dependent part of the theme, from `i18n/<language>.toml`: everything the Rust
/// code writes in the site's language comes from here, so that a language is added as a file.
pub struct UiLanguage {
    pub file: PathBuf,
    pub locale: Locale,
    /// What straight quotes in Markdown become.
    pub quotes: QuoteMarks,
    pub date_format: String,
    /// A calendar day with its weekday: "Dienstag, 13. Januar 2026".
    pub event_date_format: String,
    pub time_format: String,
    pub month_format: String,
    pub weekday_short_format: String,
    pub week_starts_on_monday: bool,
    pub reading_time_one: String,
    pub reading_time_other: String,
    /// `[strings]` entries the Rust code uses too: between the site's title and a part's name
    /// (the title of a tag's feed, of a calendar feed), and the name of the e-mail share link.
    pub title_separator: String,
    pub share_email: String,
    /// The `[strings]` table, given to templates as `t`.
    pub strings: tera::Value,
    /// Of the strings file's text.
    pub fingerprint: u64,
}

impl UiLanguage {
    pub fn format_date(&self, date: &chrono::DateTime<chrono_tz::Tz>) -> String {
        self.format(date, &self.date_format)
    }

    /// Formats a day or time with one of the validated formats of this file.
    pub fn format(&self, value: &impl Localized, format: &str) -> String {
        value.localized(format, self.locale)
    }

    pub fn reading_time(&self, minutes: usize) -> String {
        if minutes == 1 {
            self.reading_time_one.clone()
        } else {
            self.reading_time_other.replace("{n}", &minutes.to_string())
        }
    }
}

/// Four quotation marks, each one character.
fn quote_marks(quotes: &[String]) -> Option<QuoteMarks> {
    let mut chars = quotes.iter().map(|text| {
        let mut chars = text.chars();
        chars.next().filter(|_| chars.next().is_none())
    });
    let mut next = || chars.next().flatten();
    let marks = QuoteMarks {
        double_open: next()?,
        double_close: next()?,
        single_open: next()?,
        single_close: next()?,
    };
    (quotes.len() == 4).then_some(marks)
}

/// Dates and times that chrono can format with a locale.
pub trait Localized {
    fn localized(&self, format: &str, locale: Locale) -> String;
}

impl Localized for chrono::NaiveDate {
    fn localized(&self, format: &str, locale: Locale) -> String {
        self.format_localized(format, locale).to_string()
    }
}

impl Localized for chrono::DateTime<chrono_tz::Tz> {
    fn localized(&self, format: &str, locale: Locale) -> String {
        self.format_localized(format, locale).to_string()
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawUiLanguage {
    locale: String,
    date_format: String,
    event_date_format: String,
    time_format: String,
    month_format: String,
    weekday_short_format: String,
    week_starts_on_monday: bool,
    reading_time_one: String,
    reading_time_other: String,
    quotes: Vec<String>,
    strings: toml::Table,
}

/// The `[strings]` entries that the Rust code reads, beside the templates.
const CODE_STRINGS: [&str; 2] = ["title_separator", "share_email"];

/// The theme's strings for the site's language. They are read before the content, whose
/// Markdown takes the language's quotation marks.
pub fn language(root: &Path, config: &SiteConfig) -> Result<Arc<UiLanguage>, Diagnostics> {
    let theme_dir = theme_dir(root, config)?;
    load_ui_language(root, &theme_dir, &config.language).map(Arc::new)
}

/// Loads the theme with `ui` from [`language`]; `previous` is taken again when no template and
/// no string changed, which spares the preview server compiling the templates on every save.
pub fn load(
    root: &Path,
    config: &SiteConfig,
    ui: Arc<UiLanguage>,
    previous: Option<&Arc<Theme>>,
) -> Result<Arc<Theme>, Diagnostics> {
    let theme_dir = theme_dir(root, config)?;
    let templates = collect_templates(root, &theme_dir)?;
    let fingerprint = crate::render::fingerprint::of(&(&templates, ui.fingerprint, &theme_dir));
    if let Some(previous) = previous.filter(|theme| theme.fingerprint == fingerprint) {
        return Ok(Arc::clone(previous));
    }
    let tera = compile_templates(root, &templates)?;
    Ok(Arc::new(Theme {
        fingerprint,
        tera,
        template_files: templates
            .into_iter()
            .map(|(name, (file, _))| (name, file))
            .collect(),
        static_dirs: vec![theme_dir.join(STATIC_DIR), root.join(STATIC_DIR)],
        ui,
    }))
}

fn theme_dir(root: &Path, config: &SiteConfig) -> Result<PathBuf, Diagnostics> {
    let theme_dir = root.join(THEMES_DIR).join(&config.theme);
    if !source_files::folder_exists(root, &theme_dir)? {
        return Err(Diagnostic::new(
            crate::load::config::CONFIG_FILE,
            format!(
                "the theme `{}` does not exist: there is no folder {}",
                config.theme,
                display_path(root, &theme_dir).display()
            ),
        )
        .with_help(
            "set `theme` in site.toml to a folder inside themes/, or remove it to use \"default\"",
        )
        .into());
    }
    Ok(theme_dir)
}

type TemplateSources = BTreeMap<String, (PathBuf, String)>;

/// The theme's templates, each replaced by the site's file of the same name where there is one.
fn collect_templates(root: &Path, theme_dir: &Path) -> Result<TemplateSources, Diagnostics> {
    let mut templates = TemplateSources::new();
    let mut problems = Diagnostics::default();
    // A template that is there but cannot be read is reported as such, not as missing too.
    let mut unreadable = Vec::new();
    for dir in [
        theme_dir.join(SITE_TEMPLATES_DIR),
        root.join(SITE_TEMPLATES_DIR),
    ] {
        let listing = source_files::list(root, &dir, |name| {
            name.ends_with(".html") || name.ends_with(".xml")
        });
        problems.extend(listing.problems);
        for path in &listing.files {
            let name = path
                .strip_prefix(&dir)
                .unwrap_or(path)
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            let shown = display_path(root, path);
            let text = std::fs::read(path)
                .map_err(|error| {
                    Diagnostic::new(&shown, format!("cannot read this template: {error}"))
                })
                .and_then(|bytes| crate::load::encoding::decode(&shown, bytes));
            match text {
                Ok(text) => {
                    templates.insert(name, (shown, text));
                }
                Err(problem) => {
                    problems.push(problem);
                    unreadable.push(name);
                }
            }
        }
    }
    for required in REQUIRED_TEMPLATES {
        if !templates.contains_key(required) && !unreadable.iter().any(|name| name == required) {
            problems.push(
                Diagnostic::new(
                    display_path(root, &theme_dir.join(SITE_TEMPLATES_DIR).join(required)),
                    format!("the theme has no template `{required}`"),
                )
                .with_help(
                    "add it to the theme's templates/ folder or to the site's templates/ folder",
                ),
            );
        }
    }
    problems.into_result(templates)
}

/// Parses every template on its own first, so that all syntax errors are reported together.
fn compile_templates(root: &Path, templates: &TemplateSources) -> Result<tera::Tera, Diagnostics> {
    let problems: Diagnostics = templates
        .iter()
        .filter_map(|(name, (file, text))| {
            tera::Template::new(name, None, text)
                .err()
                .map(|error| template_diagnostic(file, Some(text), &error))
        })
        .collect();
    problems.into_result(())?;

    let mut tera = tera::Tera::default();
    tera.set_escape_fn(escape_markup);
    tera.autoescape_on(vec![".html", ".xml"]);
    tera.add_raw_templates(
        templates
            .iter()
            .map(|(name, (_, text))| (name.as_str(), text.as_str())),
    )
    .map_err(|error| {
        // Tera checks the `extends` of every template here; name the template at fault.
        let template = match error.kind {
            tera::ErrorKind::CircularExtend { ref tpl, .. } => Some(tpl),
            tera::ErrorKind::MissingParent { ref current, .. } => Some(current),
            _ => None,
        };
        let file = template.and_then(|name| templates.get(name)).map_or_else(
            || display_path(root, &root.join(THEMES_DIR)),
            |(file, _)| file.clone(),
        );
        template_diagnostic(&file, None, &error)
    })?;
    if let Some(cycle) = cycles::find(&tera.templates) {
        let first = cycle.0[0].template();
        let file = templates
            .get(first)
            .map_or_else(|| first.into(), |(file, _)| file.clone());
        return Err(Diagnostic::new(file, cycle.describe())
            .with_help("rendering would never end; make sure no template includes or calls itself, directly or through others")
            .into());
    }
    tera.register_function("range", limits::range);
    Ok(tera)
}

/// The `[strings]` key that a template asked for as `t.<key>` and the strings file lacks: such a
/// page is the strings file's fault, not the template's.
pub fn missing_string(error: &tera::Error) -> Option<String> {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(error) = cause {
        let text = error.to_string();
        if let Some((_, rest)) = text.split_once("Variable `t.")
            && let Some((key, after)) = rest.split_once('`')
            && after.trim_start().starts_with("not found")
            && !key.is_empty()
            && key.chars().all(|c| c.is_alphanumeric() || c == '_')
        {
            return Some(key.to_owned());
        }
        cause = error.source();
    }
    None
}

/// A Tera error as a diagnostic; Tera's parser reports the place as ` --> line:column`.
pub fn template_diagnostic(file: &Path, source: Option<&str>, error: &tera::Error) -> Diagnostic {
    let mut chain = vec![error.to_string()];
    let mut cause = std::error::Error::source(error);
    while let Some(inner) = cause {
        chain.push(inner.to_string());
        cause = inner.source();
    }
    let full = chain.join("\n");
    let place = full.split_once(" --> ").and_then(|(_, rest)| {
        let (line, rest) = rest.split_once(':')?;
        let column: String = rest.chars().take_while(char::is_ascii_digit).collect();
        Some((
            line.trim().parse::<usize>().ok()?,
            column.parse::<usize>().ok()?,
        ))
    });
    let expected = full
        .lines()
        .find_map(|line| line.trim_start().strip_prefix("= "))
        .map(str::to_owned);
    let message = chain
        .iter()
        .filter(|part| !part.contains(" --> "))
        .map(|part| part.trim())
        .collect::<Vec<_>>()
        .join(": ");
    let mut diagnostic = Diagnostic::new(file, message);
    if let Some(expected) = expected {
        diagnostic = diagnostic.with_help(expected);
    }
    match (place, source) {
        (Some((line, column)), Some(source)) => diagnostic.at(source, line, column),
        _ => diagnostic,
    }
}

/// The strings for `language`: `de-AT.toml`, else `de.toml`, else `en.toml`.
fn load_ui_language(
    root: &Path,
    theme_dir: &Path,
    language: &str,
) -> Result<UiLanguage, Diagnostics> {
    let i18n = theme_dir.join("i18n");
    let primary = language.split('-').next().unwrap_or(language);
    let file = [language, primary, "en"]
        .iter()
        .map(|code| i18n.join(format!("{code}.toml")))
        .find(|file| file.is_file())
        .ok_or_else(|| {
            Diagnostic::new(
                display_path(root, &i18n.join(format!("{primary}.toml"))),
                format!("the theme has no UI strings for the language `{language}`"),
            )
            .with_help("add i18n/<language>.toml to the theme (copy en.toml and translate it)")
        })?;
    let shown = display_path(root, &file);
    let bytes = std::fs::read(&file)
        .map_err(|error| Diagnostic::new(&shown, format!("cannot read this file: {error}")))?;
    let source = crate::load::encoding::decode(&shown, bytes)?;
    let raw: RawUiLanguage =
        toml::from_str(&source).map_err(|error| toml_diagnostic(&shown, &source, &error))?;
    let locale = Locale::try_from(raw.locale.as_str()).map_err(|_| {
        Diagnostic::new(&shown, format!("`{}` is not a known locale", raw.locale))
            .with_help("use a POSIX locale name such as \"de_DE\", \"de_AT\" or \"en_US\"")
    })?;
    for (key, format) in [
        ("date_format", &raw.date_format),
        ("event_date_format", &raw.event_date_format),
        ("time_format", &raw.time_format),
        ("month_format", &raw.month_format),
        ("weekday_short_format", &raw.weekday_short_format),
    ] {
        if StrftimeItems::new_with_locale(format, locale)
            .parse()
            .is_err()
        {
            return Err(Diagnostic::new(
                &shown,
                format!("{key} `{format}` is not a valid date format"),
            )
            .with_help("use chrono's strftime syntax, e.g. \"%-d. %B %Y\"")
            .into());
        }
    }
    let quotes = quote_marks(&raw.quotes).ok_or_else(|| {
        Diagnostic::new(
            &shown,
            format!("quotes {:?} are not four quotation marks", raw.quotes),
        )
        .with_help("list the opening and closing double quote, then the opening and closing single quote, each as one character: quotes = [\"„\", \"“\", \"‚\", \"‘\"]")
    })?;
    let code_string = |key: &str| match raw.strings.get(key) {
        Some(toml::Value::String(text)) => Ok(text.clone()),
        Some(_) => Err(
            Diagnostic::new(&shown, format!("`{key}` in [strings] is not a string"))
                .with_help(format!("write it as {key} = \"…\".")),
        ),
        None => Err(
            Diagnostic::new(&shown, format!("the [strings] table has no `{key}`")).with_help(
                format!("add {key} = \"…\" under [strings], translated from another file of i18n/"),
            ),
        ),
    };
    let mut problems = Diagnostics::default();
    let [title_separator, share_email] = CODE_STRINGS.map(|key| {
        code_string(key)
            .map_err(|problem| problems.push(problem))
            .unwrap_or_default()
    });
    problems.into_result(())?;
    let strings = tera::to_value(&raw.strings).map_err(|error| {
        Diagnostic::new(
            &shown,
            format!("the [strings] table cannot be used: {error}"),
        )
    })?;
    Ok(UiLanguage {
        file: shown,
        locale,
        date_format: raw.date_format,
        event_date_format: raw.event_date_format,
        time_format: raw.time_format,
        month_format: raw.month_format,
        weekday_short_format: raw.weekday_short_format,
        week_starts_on_monday: raw.week_starts_on_monday,
        reading_time_one: raw.reading_time_one,
        reading_time_other: raw.reading_time_other,
        quotes,
        title_separator,
        share_email,
        strings,
        fingerprint: crate::render::fingerprint::of(&source),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The default theme's German strings with `edit` applied, loaded as `site/themes/t`.
    fn load_edited(edit: impl Fn(String) -> String) -> Result<UiLanguage, Diagnostics> {
        let site = tempfile::tempdir().unwrap();
        let theme = site.path().join("themes/t");
        std::fs::create_dir_all(theme.join("i18n")).unwrap();
        let german = include_str!("../../../themes/default/i18n/de.toml").to_owned();
        std::fs::write(theme.join("i18n/de.toml"), edit(german)).unwrap();
        load_ui_language(site.path(), &theme, "de-AT")
    }

    fn only_problem(result: Result<UiLanguage, Diagnostics>) -> Diagnostic {
        let problems = result.err().expect("an error");
        assert_eq!(problems.len(), 1, "{problems:?}");
        problems.iter().next().unwrap().clone()
    }

    #[test]
    fn the_language_falls_back_and_brings_its_quotation_marks() {
        let ui = load_edited(|text| text).unwrap();
        assert_eq!(ui.file, Path::new("themes/t/i18n/de.toml"));
        assert_eq!(
            [
                ui.quotes.double_open,
                ui.quotes.double_close,
                ui.quotes.single_open,
                ui.quotes.single_close
            ],
            ['„', '“', '‚', '‘']
        );
        assert_eq!(ui.share_email, "Per E-Mail");
    }

    #[test]
    fn a_string_the_code_reads_is_an_error_when_missing_not_empty() {
        let problem = only_problem(load_edited(|text| {
            text.replace("share_email = \"Per E-Mail\"\n", "")
        }));
        assert_eq!(problem.origin.as_path(), Path::new("themes/t/i18n/de.toml"));
        assert_eq!(problem.message, "the [strings] table has no `share_email`");
    }

    #[test]
    fn a_missing_top_level_key_names_the_file_and_the_key() {
        let problem = only_problem(load_edited(|text| {
            text.replace("reading_time_one = \"Lesezeit: 1 Minute\"\n", "")
        }));
        assert_eq!(problem.origin.as_path(), Path::new("themes/t/i18n/de.toml"));
        assert!(
            problem.message.contains("`reading_time_one`"),
            "{}",
            problem.message
        );
    }

    #[test]
    fn quotation_marks_must_be_four_single_characters() {
        for quotes in [r#"["„", "“", "‚"]"#, r#"["„", "“", "‚", "‘‘"]"#] {
            let problem = only_problem(load_edited(|text| {
                text.replace(
                    r#"quotes = ["„", "“", "‚", "‘"]"#,
                    &format!("quotes = {quotes}"),
                )
            }));
            assert_eq!(problem.origin.as_path(), Path::new("themes/t/i18n/de.toml"));
            assert!(
                problem.message.starts_with("quotes "),
                "{}",
                problem.message
            );
        }
    }
}
