//! The theme: its Tera templates (with the site's own overrides), its static folder and the UI
//! strings for the site's language.

pub mod cards;
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
use cards::CARD_TEMPLATES;

pub const THEMES_DIR: &str = "themes";
pub const SITE_TEMPLATES_DIR: &str = "templates";
pub const STATIC_DIR: &str = "static";

/// Templates every theme must provide, one for each kind of page.
pub const REQUIRED_TEMPLATES: [&str; 11] = [
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
    "date.html",
];

pub struct Theme {
    pub tera: tera::Tera,
    /// Which file each template came from, and its text: render errors are located in it.
    pub template_files: BTreeMap<String, (PathBuf, String)>,
    /// Static folders in the order they are copied: the theme's, then the site's.
    pub static_dirs: Vec<PathBuf>,
    pub ui: Arc<UiLanguage>,
    /// The share cards' fonts and title boxes, when the theme draws cards (`cards/`).
    pub cards: Option<Arc<cards::CardStyle>>,
    /// Of every template, the strings and the cards' fonts: whatever they change, every page
    /// changes.
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
    pub registration: RegistrationWords,
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

/// The `[strings]` entries the Rust code writes registrations with; `{title}`, `{date}`,
/// `{time}`, `{amount}` and `{currency}` are filled in.
#[derive(Debug, Clone)]
pub struct RegistrationWords {
    /// The subject of the sign-up e-mail: "Anmeldung: {title} am {date}".
    pub email_subject: String,
    /// Its body, asking for name and company.
    pub email_body: String,
    /// A deadline: "{date}, {time} Uhr".
    pub deadline: String,
    /// "{amount} {currency}".
    pub price: String,
    /// The price 0: "kostenlos".
    pub free: String,
    /// Before the cents: ",".
    pub decimal_separator: String,
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
const CODE_STRINGS: [&str; 8] = [
    "title_separator",
    "share_email",
    "registration_email_subject",
    "registration_email_body",
    "registration_deadline_format",
    "registration_price_format",
    "registration_free",
    "decimal_separator",
];

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
    let templates = collect_templates(root, &theme_dir);
    let card_style = cards::load(root, &theme_dir);
    let (templates, card_style) = match (templates, card_style) {
        (Ok(templates), Ok(card_style)) => (templates, card_style),
        (templates, card_style) => {
            let mut problems = Diagnostics::default();
            problems.extend(templates.err().unwrap_or_default());
            problems.extend(card_style.err().unwrap_or_default());
            return Err(problems);
        }
    };
    let fingerprint = crate::render::fingerprint::of(&(
        &templates,
        ui.fingerprint,
        &theme_dir,
        card_style.as_ref().map(|style| style.fingerprint),
    ));
    if let Some(previous) = previous.filter(|theme| theme.fingerprint == fingerprint) {
        return Ok(Arc::clone(previous));
    }
    let tera = compile_templates(root, &templates)?;
    Ok(Arc::new(Theme {
        fingerprint,
        tera,
        template_files: templates,
        static_dirs: vec![theme_dir.join(STATIC_DIR), root.join(STATIC_DIR)],
        ui,
        cards: card_style,
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
    let has_cards = source_files::folder_exists(root, &theme_dir.join(cards::CARDS_DIR))
        .map_err(Diagnostics::from)?;
    if has_cards {
        problems.extend(cards::templates(root, theme_dir, &mut templates));
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
    for required in CARD_TEMPLATES.iter().filter(|_| has_cards) {
        if !templates.contains_key(*required) {
            problems.push(
                Diagnostic::new(
                    display_path(root, &theme_dir.join(required)),
                    format!(
                        "the theme has a cards/ folder but no share card template `{required}`"
                    ),
                )
                .with_help("add it, or remove the cards/ folder to share the site's image instead"),
            );
        }
    }
    problems.into_result(templates)
}

/// Parses every template on its own first, so that all syntax errors are reported together.
fn compile_templates(root: &Path, templates: &TemplateSources) -> Result<tera::Tera, Diagnostics> {
    // Each template is parsed once, on its own, so that a syntax error names its file; the
    // parsed templates are then linked (`extends`, imported macros) as `add_raw_templates`
    // would, without parsing them again.
    let mut tera = tera::Tera::default();
    let mut problems = Diagnostics::default();
    for (name, (file, text)) in templates.iter() {
        match tera::Template::new(name, None, text) {
            Ok(template) => {
                tera.templates.insert(name.clone(), template);
            }
            Err(error) => problems.push(template_diagnostic(file, Some(text), &error)),
        }
    }
    problems.into_result(())?;
    tera.set_escape_fn(escape_markup);
    tera.autoescape_on(vec![".html", ".xml", ".svg"]);
    tera.build_inheritance_chains()
        .and_then(|()| tera.check_macro_files())
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
    let chain = error_chain(error);
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
    let (message, help) = match (place, source) {
        (Some((line, column)), Some(source)) if message.is_empty() => {
            let (message, help, opened) = plain_syntax(source, line, column, expected.as_deref());
            let diagnostic = Diagnostic::new(file, message).with_help(help);
            let (line, column) = opened.unwrap_or((line, column));
            return diagnostic.at(source, line, column);
        }
        _ => (message, expected),
    };
    let mut diagnostic = Diagnostic::new(file, message);
    if let Some(help) = help {
        diagnostic = diagnostic.with_help(help);
    }
    match (place, source) {
        (Some((line, column)), Some(source)) => diagnostic.at(source, line, column),
        _ => diagnostic,
    }
}

/// Tera's parser says only what it expected next, in grammar words ("a value that can be
/// negated"); this tells the mistake from the tag at the place (`line`, `column`) and what comes
/// before it, with the fix, and where the tag or expression left open was opened.
fn plain_syntax(
    source: &str,
    line: usize,
    column: usize,
    expected: Option<&str>,
) -> (String, String, Option<(usize, usize)>) {
    let expected = expected.unwrap_or_default();
    let offset = source
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum::<usize>()
        + source
            .lines()
            .nth(line.saturating_sub(1))
            .unwrap_or_default()
            .chars()
            .take(column.saturating_sub(1))
            .map(char::len_utf8)
            .sum::<usize>();
    let before = &source[..offset.min(source.len())];
    let here = &source[before.len()..];
    let place_of = |at: usize| {
        let line_start = before[..at].rfind('\n').map_or(0, |start| start + 1);
        (
            before[..at].matches('\n').count() + 1,
            before[line_start..at].chars().count() + 1,
        )
    };
    // The tag or expression the place is in, and the one that starts at the place.
    let open_tag = before
        .rfind("{%")
        .filter(|&at| !before[at..].contains("%}"));
    let open_print = before
        .rfind("{{")
        .filter(|&at| !before[at..].contains("}}"));
    let tag_here = here.starts_with("{%").then(|| tag_keyword(here));
    let tag_open = open_tag.map(|at| tag_keyword(&before[at..]));
    let plain = |message: &str, help: &str| (message.to_owned(), help.to_owned(), None);

    if expected.contains("a macro definition tag") && tag_here.as_deref() == Some("extends") {
        return plain(
            "`extends` must be the first tag of the template",
            "move `{% extends … %}` to the very start of the file: nothing may come before it, not even text or a comment; a template that extends another puts all its content in `{% block %}`s",
        );
    }
    // An expression or tag whose line has no end for it: whatever the parser stumbled on next.
    for (open, start, end) in [(open_print, "{{", "}}"), (open_tag, "{%", "%}")] {
        let Some(open) = open else { continue };
        let line_rest = source[open..].lines().next().unwrap_or_default();
        if !line_rest.contains(end) {
            return (
                format!("the `{start}` opened here is never closed"),
                format!("end it with `{end}` on the same line"),
                Some(place_of(open)),
            );
        }
    }
    if expected.contains("a value that can be negated") {
        if let Some(tag) = tag_open.filter(|tag| ["if", "elif"].contains(&tag.as_str())) {
            return (
                format!("`{{% {tag} %}}` needs a condition"),
                format!("write what to test, e.g. `{{% {tag} post.updated %}}`"),
                None,
            );
        }
        if open_print.is_some() {
            return plain(
                "`{{ }}` needs something to show",
                "write a variable between the braces, e.g. `{{ post.title }}`, or remove them",
            );
        }
        return plain(
            "a value is missing here",
            "write a variable, a number or text in quotes here",
        );
    }
    if expected.contains("an identifier") && tag_open.as_deref() == Some("for") {
        return plain(
            "`{% for %}` needs a name for each item and the list to go through",
            "write e.g. `{% for post in posts %}`",
        );
    }
    if expected.contains("`%}`") && here.starts_with('=') && !here.starts_with("==") {
        return plain(
            "`=` does not compare; `==` does",
            "write `==` to test whether two values are equal",
        );
    }
    // An end tag is missing: the parser reached another tag first.
    let missing_end = END_TAGS
        .into_iter()
        .find(|end| expected.contains(&format!("an {end} tag")));
    if let (Some(end), Some(found)) = (missing_end, tag_here) {
        let opener = &end["end".len()..];
        if !KNOWN_TAGS.contains(&found.as_str()) && !END_TAGS.contains(&found.as_str()) {
            return (
                format!("`{{% {found} %}}` is not a tag Tera knows"),
                format!(
                    "the tags are {}, each ended by its `end…` tag where it has one",
                    KNOWN_TAGS.map(|tag| format!("`{tag}`")).join(", ")
                ),
                None,
            );
        }
        if let Some(stray) = found.strip_prefix("end")
            && found != end
            && last_open(before, stray).is_none()
        {
            return (
                format!("`{{% {found} %}}` ends nothing: no `{{% {stray} %}}` is open here"),
                format!("remove it, or add the `{{% {stray} … %}}` it belongs to before it"),
                None,
            );
        }
        let opened = last_open(before, opener).map(place_of);
        return (
            format!("this `{{% {opener} %}}` is never closed"),
            format!("end it with `{{% {end} %}}` before the `{{% {found} %}}` on line {line}"),
            opened,
        );
    }
    (
        "Tera cannot read the template here".to_owned(),
        format!("{expected}; compare this place with a template that works"),
        None,
    )
}

/// The first word of the tag that `tag` starts with: `if` for `{%- if x %}`.
fn tag_keyword(tag: &str) -> String {
    tag.trim_start_matches("{%")
        .trim_start_matches('-')
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .trim_end_matches(['%', '-', '}'])
        .to_owned()
}

/// Where in `before` the innermost `{% opener %}` still open at its end starts.
fn last_open(before: &str, opener: &str) -> Option<usize> {
    let end = format!("end{opener}");
    let mut open = Vec::new();
    for (at, _) in before.match_indices("{%") {
        let keyword = tag_keyword(&before[at..]);
        if keyword == opener {
            open.push(at);
        } else if keyword == end {
            open.pop();
        }
    }
    open.pop()
}

const END_TAGS: [&str; 6] = [
    "endif",
    "endfor",
    "endblock",
    "endmacro",
    "endfilter",
    "endraw",
];

/// The tags Tera's templates have besides the `end…` tags.
const KNOWN_TAGS: [&str; 15] = [
    "if",
    "elif",
    "else",
    "for",
    "break",
    "continue",
    "set",
    "set_global",
    "block",
    "extends",
    "include",
    "import",
    "macro",
    "filter",
    "raw",
];

/// A render error of the page template `name` as a diagnostic at the expression that failed.
/// Tera gives no place at render time, so the first occurrence of the expression is searched in
/// the template the error names (else in `name` and the templates it extends); `context`, the
/// page's variables, gives the "did you mean" for a variable that is not there.
pub fn render_diagnostic(
    theme: &Theme,
    name: &str,
    error: &tera::Error,
    context: &tera::Value,
    page: &str,
) -> Diagnostic {
    let chain = error_chain(error);
    let named = chain.iter().find_map(|part| {
        let (_, rest) = part.split_once(" while rendering '")?;
        Some(rest.split('\'').next()?.to_owned())
    });
    let between = |part: &str, start: &str, end: &str| -> Option<String> {
        Some(part.strip_prefix(start)?.split(end).next()?.to_owned())
    };
    let failed = chain.iter().find_map(|part| {
        if let Some(variable) = between(part, "Variable `", "`") {
            return Some(Failing::Variable(variable));
        }
        for (start, kind) in [
            ("Filter '", Failing::Filter as fn(String) -> Failing),
            ("Filter call '", Failing::Filter),
            ("Function '", Failing::Function),
            ("Function call '", Failing::Function),
            ("Test '", Failing::Test),
            ("Test call '", Failing::Test),
        ] {
            if let Some(found) = between(part, start, "'") {
                return Some(kind(found));
            }
        }
        None
    });
    let likely = if is_limit(error) {
        "a loop of the template probably runs far more often than meant"
    } else {
        "the template may use a variable that this page does not have: test it first, as in `{% if post.updated %}`"
    };
    let (message, help) = match &failed {
        Some(Failing::Variable(variable)) => (
            format!("this page has no variable `{variable}`"),
            match meant_variable(variable, context) {
                Some(meant) => format!("did you mean `{meant}`? (while rendering {page})"),
                None => format!("this happened while rendering {page}; {likely}"),
            },
        ),
        Some(Failing::Filter(filter)) if chain.iter().any(|part| part.ends_with("not found")) => (
            format!("there is no filter `{filter}`"),
            format!(
                "check its name; filters such as `upper` or `date` are written after `|`, as in `{{{{ post.title | upper }}}}` (while rendering {page})"
            ),
        ),
        Some(Failing::Function(function))
            if chain.iter().any(|part| part.ends_with("not found")) =>
        {
            (
                format!("there is no function `{function}`"),
                format!(
                    "check its name; the templates have the functions `range` and `throw` (while rendering {page})"
                ),
            )
        }
        _ => (
            plain_render_message(&chain),
            format!("this happened while rendering {page}; {likely}"),
        ),
    };
    let mut searched: Vec<&str> = named.iter().map(String::as_str).collect();
    searched.push(name);
    if let Ok(template) = theme.tera.get_template(name) {
        searched.extend(template.parents.iter().map(String::as_str));
    }
    let found = failed.as_ref().and_then(|failed| {
        searched.iter().find_map(|template| {
            let (file, source) = theme.template_files.get(*template)?;
            let (line, column) = failed.find_in(source)?;
            Some(
                Diagnostic::new(file, message.clone())
                    .with_help(help.clone())
                    .at(source, line, column),
            )
        })
    });
    found.unwrap_or_else(|| {
        let file = searched
            .iter()
            .find_map(|template| theme.template_files.get(*template))
            .map_or_else(|| PathBuf::from(name), |(file, _)| file.clone());
        Diagnostic::new(file, message).with_help(help)
    })
}

/// The message of `error` and of each error under it, outermost first.
fn error_chain(error: &tera::Error) -> Vec<String> {
    let mut chain = vec![error.to_string()];
    let mut cause = std::error::Error::source(error);
    while let Some(inner) = cause {
        chain.push(inner.to_string());
        cause = inner.source();
    }
    chain
}

/// The words of Tera's error chain that say what went wrong, without the wrappers that only say
/// where ("Failed to render 'post.html'", "Function call 'range' failed", "Io error while …").
fn plain_render_message(chain: &[String]) -> String {
    const WRAPPERS: [&str; 5] = [
        "Failed to render '",
        "Function call '",
        "Filter call '",
        "Test call '",
        "Io error while writing rendered value",
    ];
    let said: Vec<&str> = chain
        .iter()
        .filter(|part| !WRAPPERS.iter().any(|start| part.starts_with(start)))
        .map(|part| {
            part.split(" while rendering '")
                .next()
                .unwrap_or(part)
                .trim()
        })
        .collect();
    if said.is_empty() {
        chain.join(": ")
    } else {
        said.join(": ")
    }
}

/// What a render error names as failing: a variable path, or the name of a filter, function
/// or test.
enum Failing {
    Variable(String),
    Filter(String),
    Function(String),
    Test(String),
}

impl Failing {
    /// Line and column of the first place in `source` that uses it.
    fn find_in(&self, source: &str) -> Option<(usize, usize)> {
        let (name, fits): (&str, fn(&str, &str) -> bool) = match self {
            Failing::Variable(name) => (name, |_, _| true),
            Failing::Filter(name) => (name, |before, _| before.trim_end().ends_with('|')),
            Failing::Function(name) => (name, |_, after| after.trim_start().starts_with('(')),
            Failing::Test(name) => (name, |before, _| {
                let before = before.trim_end();
                before.ends_with(" is") || before.ends_with(" not")
            }),
        };
        let is_word = |c: char| c.is_alphanumeric() || c == '_' || c == '.';
        let at = source.match_indices(name).map(|(at, _)| at).find(|&at| {
            let (before, after) = (&source[..at], &source[at + name.len()..]);
            !before.ends_with(is_word)
                && !after.starts_with(|c: char| c.is_alphanumeric() || c == '_')
                && fits(before, after)
        })?;
        let line_start = source[..at].rfind('\n').map_or(0, |start| start + 1);
        Some((
            source[..at].matches('\n').count() + 1,
            source[line_start..at].chars().count() + 1,
        ))
    }
}

/// The variable the template probably meant by `written` (`post.titel` → `post.title`): the
/// first part of the path that the page does not have, replaced by the closest one it has.
fn meant_variable(written: &str, context: &tera::Value) -> Option<String> {
    let parts: Vec<&str> = written.split('.').collect();
    let mut value = context;
    for (index, part) in parts.iter().enumerate() {
        let tera::Value::Object(fields) = value else {
            return None;
        };
        match fields.get(*part) {
            Some(inner) => value = inner,
            None => {
                let meant = crate::diagnostic::closest(part, fields.keys().map(String::as_str))?;
                let mut fixed = parts.clone();
                fixed[index] = meant;
                return Some(fixed.join("."));
            }
        }
    }
    None
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
    let [
        title_separator,
        share_email,
        email_subject,
        email_body,
        deadline,
        price,
        free,
        decimal_separator,
    ] = CODE_STRINGS.map(|key| {
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
        registration: RegistrationWords {
            email_subject,
            email_body,
            deadline,
            price,
            free,
            decimal_separator,
        },
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

    /// QA finding Q18: the page-size limit is told without Tera's wrappers.
    #[test]
    fn wrappers_are_left_out_of_render_messages() {
        let io =
            std::io::Error::other("the page would be larger than 64 MB, the most a page may be");
        let error = tera::Error::chain("Failed to render 'post.html'", tera::Error::io_error(io));
        assert_eq!(
            plain_render_message(&error_chain(&error)),
            "the page would be larger than 64 MB, the most a page may be"
        );
    }
}
