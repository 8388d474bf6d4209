//! New files from the binary's own templates: `init` writes a whole starter site with the default
//! theme, `new` one post, page or event. Neither ever overwrites a file.

use std::fs::{self, OpenOptions};
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Datelike, Days, Months, NaiveDate, Utc, Weekday};

use crate::diagnostic::Diagnostics;
use crate::load::config::{self, CONFIG_FILE, SiteConfig};
use crate::load::content::{self, CONTENT_DIR, PAGES_DIR, POSTS_DIR};
use crate::load::theme::THEMES_DIR;
use crate::model::calendar::{self, EVENTS_DIR};
use crate::model::routes;
use crate::model::slug::Slug;
use crate::terminal::{SUCCESS, Terminal, count};

include!(concat!(env!("OUT_DIR"), "/default_theme.rs"));

const STARTER_CONFIG: &str = include_str!("starter/site.toml");

#[derive(Debug, thiserror::Error)]
pub enum ScaffoldError {
    #[error(
        "{} is not empty; `init` writes a new site into a new or empty folder (or use --force to add the starter files that are missing, keeping every file that is there)",
        .0.display()
    )]
    NotEmpty(PathBuf),
    #[error("{} already exists; {hint}", .path.display())]
    Exists { path: PathBuf, hint: String },
    #[error(
        "a page titled like this would have the URL {path}, where Treffpunkt publishes {what}; choose another title"
    )]
    Generated { path: String, what: String },
    #[error("the title `{0}` has no letters or digits to form a file name and URL")]
    NoSlug(String),
    #[error("{}: {source}", .path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("there is no site here ({} is missing); create one with `treffpunkt init <folder>`, or name the site's folder with --root", .0.display())]
    NoSite(PathBuf),
    #[error("{0}")]
    Config(Diagnostics),
}

/// What `init` did, file by file.
#[derive(Debug, Default)]
pub struct Initialized {
    pub written: Vec<PathBuf>,
    /// Files that were there already (with `--force`) and were left as they are.
    pub kept: Vec<PathBuf>,
}

/// Writes a starter site into `dir`: `site.toml`, a post, an event, an Impressum and the default
/// theme. `dir` must be new or empty unless `force`; even then, no file is overwritten.
pub fn init(dir: &Path, force: bool, now: DateTime<Utc>) -> Result<Initialized, ScaffoldError> {
    // A folder with only hidden files (a fresh `git init`) counts as empty.
    let is_empty = match fs::read_dir(dir) {
        Ok(entries) => entries
            .flatten()
            .all(|entry| entry.file_name().to_string_lossy().starts_with('.')),
        Err(error) if error.kind() == ErrorKind::NotFound => true,
        Err(source) => return Err(io_error(dir, source)),
    };
    if !is_empty && !force {
        return Err(ScaffoldError::NotEmpty(dir.to_path_buf()));
    }
    // Today where the new site is: in the starter site.toml's time zone.
    let zone = config::parse(STARTER_CONFIG, None).map_or(chrono_tz::UTC, |c| c.timezone);
    let today = now.with_timezone(&zone).date_naive();
    let posts = Path::new(CONTENT_DIR).join(POSTS_DIR);
    let starter: Vec<(PathBuf, Vec<u8>)> = [
        (PathBuf::from(CONFIG_FILE), STARTER_CONFIG.to_owned()),
        (
            PathBuf::from(".gitignore"),
            include_str!("starter/gitignore").to_owned(),
        ),
        (
            posts.join(format!("{today}-willkommen.md")),
            fill(
                include_str!("starter/welcome.md"),
                &[("DATE", &today.to_string())],
            ),
        ),
        (
            Path::new(CONTENT_DIR).join(PAGES_DIR).join("impressum.md"),
            include_str!("starter/impressum.md").to_owned(),
        ),
        (
            Path::new(CONTENT_DIR)
                .join(EVENTS_DIR)
                .join("stammtisch.yaml"),
            fill(
                include_str!("starter/stammtisch.yaml"),
                &[("START", &format!("{} 19:00", second_tuesday_after(today)))],
            ),
        ),
    ]
    .into_iter()
    .map(|(path, text)| (path, text.into_bytes()))
    .chain(DEFAULT_THEME.iter().map(|(name, bytes)| {
        (
            Path::new(THEMES_DIR).join("default").join(name),
            bytes.to_vec(),
        )
    }))
    .collect();

    let mut done = Initialized::default();
    for (relative, bytes) in starter {
        // With --force, a welcome post under another date would share its URL with the new one.
        if relative.starts_with(&posts)
            && let Some(existing) = file_with_slug(dir, POSTS_DIR, &relative)
        {
            done.kept.push(existing);
            continue;
        }
        let path = dir.join(&relative);
        match create_new(&path, &bytes) {
            Ok(()) => done.written.push(relative),
            Err(ScaffoldError::Exists { .. }) => done.kept.push(relative),
            Err(other) => return Err(other),
        }
    }
    Ok(done)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    Post,
    Page,
    Event,
}

/// Writes a new post, page or event titled `title` into the site at `root` and returns its path
/// relative to `root`. Posts and pages are drafts until their `draft: true` line is removed.
pub fn new_file(
    root: &Path,
    kind: Kind,
    title: &str,
    now: DateTime<Utc>,
) -> Result<PathBuf, ScaffoldError> {
    if !root.join(CONFIG_FILE).is_file() {
        return Err(ScaffoldError::NoSite(root.join(CONFIG_FILE)));
    }
    let config = config::load(root, None).map_err(ScaffoldError::Config)?;
    let slug = short_slug(title).ok_or_else(|| ScaffoldError::NoSlug(title.to_owned()))?;
    let today = now.with_timezone(&config.timezone).date_naive();
    let start = today + Days::new(7);
    // The commented examples fit the commented rule (every second Tuesday), so that they can be
    // uncommented together.
    let excepted = second_tuesday_after(start);
    let changed = second_tuesday_after(excepted);
    let (folder, file_name, template) = match kind {
        Kind::Post => (
            POSTS_DIR,
            format!("{today}-{slug}.md"),
            include_str!("starter/post.md"),
        ),
        Kind::Page => (
            PAGES_DIR,
            format!("{slug}.md"),
            include_str!("starter/page.md"),
        ),
        Kind::Event => (
            EVENTS_DIR,
            format!("{slug}.yaml"),
            include_str!("starter/event.yaml"),
        ),
    };
    let relative = Path::new(CONTENT_DIR).join(folder).join(file_name);
    let taken = match kind {
        Kind::Event => calendar::event_files(root)
            .files
            .into_iter()
            .find(|file| calendar::event_id(file).as_ref() == Some(&slug))
            .map(|file| {
                let file = file.strip_prefix(root).unwrap_or(&file).to_path_buf();
                (file, format!("it defines the event `{slug}`"))
            }),
        Kind::Post | Kind::Page => file_with_slug(root, folder, &relative)
            .map(|file| (file, "it has the URL the new file would get".to_owned())),
    };
    if let Some((path, why)) = taken {
        return Err(ScaffoldError::Exists {
            path,
            hint: format!("{why}; choose another title, or edit that file"),
        });
    }
    if kind == Kind::Page {
        refuse_generated_url(&config, &slug)?;
    }
    let text = fill(
        template,
        &[
            ("TITLE", &yaml_string(title)),
            ("SLUG", slug.as_str()),
            ("DATE", &today.to_string()),
            ("AUTHOR", &yaml_string(&config.author)),
            ("ZONE", config.timezone.name()),
            ("START", &format!("{start} 19:00")),
            ("EXCEPT", &excepted.to_string()),
            ("CHANGED", &changed.to_string()),
            ("CHANGED_TO", &(changed + Days::new(2)).to_string()),
        ],
    );
    create_new(&root.join(&relative), text.as_bytes())?;
    Ok(relative)
}

/// The post or page in `folder` whose file name gives `new_file`'s URL, relative to `root`.
fn file_with_slug(root: &Path, folder: &str, new_file: &Path) -> Option<PathBuf> {
    let slug = content::slug_of_file(new_file)?;
    let dir = root.join(CONTENT_DIR).join(folder);
    content::markdown_files(root, &dir)
        .unwrap_or_default()
        .into_iter()
        .find(|file| content::slug_of_file(file).as_ref() == Some(&slug))
        .map(|file| file.strip_prefix(root).unwrap_or(&file).to_path_buf())
}

/// A page named like a section Treffpunkt generates (`/blog/`, `/tags/`) would hide it.
fn refuse_generated_url(config: &SiteConfig, slug: &Slug) -> Result<(), ScaffoldError> {
    let path = routes::page(slug);
    match routes::sections(config)
        .into_iter()
        .find(|(section, _)| *section == path)
    {
        Some((_, what)) => Err(ScaffoldError::Generated { path, what }),
        None => Ok(()),
    }
}

/// Creates `path` with `bytes`, with its folders; an existing file is never replaced.
fn create_new(path: &Path, bytes: &[u8]) -> Result<(), ScaffoldError> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|source| io_error(parent, source))?;
    }
    let mut file = match OpenOptions::new().write(true).create_new(true).open(path) {
        Ok(file) => file,
        Err(error) if error.kind() == ErrorKind::AlreadyExists => {
            return Err(ScaffoldError::Exists {
                path: path.to_path_buf(),
                hint: "it was left as it is".into(),
            });
        }
        Err(source) => return Err(io_error(path, source)),
    };
    file.write_all(bytes)
        .map_err(|source| io_error(path, source))
}

fn io_error(path: &Path, source: std::io::Error) -> ScaffoldError {
    ScaffoldError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// The slug of `title`, cut after a word so that the file name stays short.
fn short_slug(title: &str) -> Option<Slug> {
    Some(Slug::from_text(title)?.cut_to(60))
}

/// `template` with each `@NAME@` replaced by its value.
fn fill(template: &str, values: &[(&str, &str)]) -> String {
    values
        .iter()
        .fold(template.to_owned(), |text, (name, value)| {
            text.replace(&format!("@{name}@"), value)
        })
}

/// A YAML scalar that reads back as exactly `text`, whatever it holds (`:`, `#`, quotes): JSON
/// strings are valid YAML.
fn yaml_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| format!("{text:?}"))
}

/// The second Tuesday of the month after `today`: the starter Stammtisch's first date.
fn second_tuesday_after(today: NaiveDate) -> NaiveDate {
    let first = (today + Months::new(1)).with_day(1).unwrap_or(today);
    let to_tuesday =
        (7 + Weekday::Tue.num_days_from_monday() - first.weekday().num_days_from_monday()) % 7;
    first + Days::new(u64::from(to_tuesday) + 7)
}

/// `treffpunkt init`: writes the starter site and tells what was written and what to do next.
pub fn run_init(terminal: Terminal, dir: &Path, force: bool, now: DateTime<Utc>) -> bool {
    match init(dir, force, now) {
        Ok(done) => {
            for file in &done.written {
                terminal.detail(format!("  wrote {}", file.display()));
            }
            for file in &done.kept {
                terminal.status(format!("  kept {} as it was", file.display()));
            }
            if done.written.is_empty() {
                terminal.status(format!("Nothing was missing in {}.", dir.display()));
                return true;
            }
            let shown = dir.display().to_string();
            let quoted = if shown.contains([' ', '\'', '"']) {
                format!("{shown:?}")
            } else {
                shown.clone()
            };
            let is_here = std::path::absolute(dir).ok() == std::env::current_dir().ok()
                || dir
                    .components()
                    .all(|part| part == std::path::Component::CurDir);
            let cd = if is_here {
                String::new()
            } else {
                format!("cd {quoted} && ")
            };
            terminal.status(format!(
                "{SUCCESS}Created a new site{SUCCESS:#} in {shown} ({}).\nNext: {cd}treffpunkt serve",
                count(done.written.len(), "file"),
            ));
            true
        }
        Err(error) => {
            terminal.error(error);
            false
        }
    }
}

/// `treffpunkt new`: writes a post, page or event and prints its path.
pub fn run_new(
    terminal: Terminal,
    root: &Path,
    kind: Kind,
    title: &str,
    now: DateTime<Utc>,
) -> bool {
    match new_file(root, kind, title, now) {
        Ok(relative) => {
            // The path alone on stdout, so that `$EDITOR "$(treffpunkt new post …)"` works.
            let path = root.join(&relative);
            println!("{}", path.strip_prefix(".").unwrap_or(&path).display());
            if kind != Kind::Event {
                terminal.note("It is a draft: delete the line `draft: true` to publish it.");
            }
            true
        }
        Err(ScaffoldError::Config(problems)) => {
            terminal.problems(&problems, |found| {
                format!("Found {found} in site.toml; nothing was written.")
            });
            false
        }
        Err(error) => {
            terminal.error(error);
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_starter_stammtisch_is_on_a_second_tuesday() {
        let day = |text: &str| NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap();
        assert_eq!(second_tuesday_after(day("2026-11-21")), day("2026-12-08"));
        assert_eq!(second_tuesday_after(day("2026-08-31")), day("2026-09-08"));
    }

    #[test]
    fn titles_become_yaml_that_reads_back_the_same() {
        for title in ["Netzwerken: aber richtig", "#1 \"Tipps\"", "Ja"] {
            let parsed: String = crate::load::yaml::from_str(&yaml_string(title), 1).unwrap();
            assert_eq!(parsed, title);
        }
    }

    #[test]
    fn the_default_theme_is_embedded() {
        let names: Vec<&str> = DEFAULT_THEME.iter().map(|(name, _)| *name).collect();
        for required in crate::load::theme::REQUIRED_TEMPLATES {
            assert!(
                names.contains(&format!("templates/{required}").as_str()),
                "{required}"
            );
        }
        assert!(names.contains(&"i18n/de.toml"));
    }
}
