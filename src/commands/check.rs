//! `treffpunkt check`: every problem a build would stop at, and the links and images that lead
//! nowhere, found without writing a file.

use std::path::PathBuf;

use clap::ValueEnum;
use serde::Serialize;

use crate::commands::links::{self, Published};
use crate::diagnostic::{Diagnostic, Diagnostics, Position};
use crate::output::discard::Discard;
use crate::output::{Progress, Reporting};
use crate::pipeline::{BuildError, BuildOptions, MakeImages, Project};
use crate::render;
use crate::terminal::{SUCCESS, Terminal, count};

/// What was checked and what was found.
pub struct CheckReport {
    pub problems: Diagnostics,
    /// What does not stop a build but should be fixed (an event search engines will not list).
    pub warnings: Diagnostics,
    /// What the site holds, once its files could be read; `None` when they could not.
    pub checked: Option<Checked>,
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct Checked {
    pub posts: usize,
    pub pages: usize,
    pub events: usize,
    pub files: usize,
}

/// Checks the site in stages, each reporting all it finds. When files cannot be read at all,
/// links are not followed: a link to a post that failed to load would be reported as broken.
/// `progress` hears of each page rendered.
pub fn check(options: &BuildOptions, progress: &dyn Progress) -> CheckReport {
    let mut project = Project::new(options.clone());
    project.read_only_cache();
    let (loaded, mut problems) = match project.load_modelled() {
        Ok(modelled) => modelled,
        Err(problems) => {
            return CheckReport {
                problems,
                warnings: Diagnostics::default(),
                checked: None,
            };
        }
    };
    let static_files = project.static_files(&loaded.theme).unwrap_or_else(|error| {
        problems.push(Diagnostic::new(&options.root, error.to_string()));
        Default::default()
    });
    // Rendering finds what only the templates know: a variable they use that is missing.
    let output = Reporting {
        output: &Discard,
        progress,
    };
    match project.render(&loaded, &static_files, &output, MakeImages::BeforeRender) {
        Ok(_) => {}
        Err(BuildError::Invalid(found)) => problems.extend(found),
        Err(other) => problems.push(Diagnostic::new(&options.root, other.to_string())),
    }
    let paths = render::site_paths(&loaded.site, &loaded.theme, &static_files);
    let files = paths.len();
    let published = Published::new(paths);
    problems.extend(links::broken(&options.root, &loaded.site, &published));
    problems.sort();
    let site = &loaded.site;
    let mut warnings = site.calendar.warnings.clone();
    let image_warnings = site
        .posts
        .iter()
        .flat_map(|post| &post.image_warnings)
        .chain(site.pages.iter().flat_map(|page| &page.image_warnings))
        .chain(
            site.calendar
                .events
                .iter()
                .flat_map(|event| &event.image_warnings),
        );
    for warning in image_warnings {
        warnings.push(warning.clone());
    }
    warnings.sort();
    CheckReport {
        problems,
        warnings,
        checked: Some(Checked {
            posts: site.posts.len(),
            pages: site.pages.len(),
            events: site.calendar.events.len(),
            files,
        }),
    }
}

/// The report as JSON for editors and CI: `{ok, root, checked, problems: [{file, line, column,
/// message, help, source_line}], warnings: [the same]}`, with paths relative to `root`; `ok`
/// holds with warnings.
pub fn to_json<'a>(report: &'a CheckReport, root: &std::path::Path) -> String {
    #[derive(Serialize)]
    struct Json<'a> {
        ok: bool,
        root: PathBuf,
        checked: Option<Checked>,
        problems: Vec<Problem<'a>>,
        warnings: Vec<Problem<'a>>,
    }
    #[derive(Serialize)]
    struct Problem<'a> {
        file: String,
        line: Option<usize>,
        column: Option<usize>,
        message: &'a str,
        help: Option<&'a str>,
        source_line: Option<&'a str>,
    }
    let listed = |diagnostics: &'a Diagnostics| -> Vec<Problem<'a>> {
        diagnostics
            .iter()
            .map(|problem| {
                let position = problem
                    .position
                    .map(|Position { line, column }| (line, column));
                Problem {
                    file: problem
                        .origin
                        .as_path()
                        .to_string_lossy()
                        .replace('\\', "/"),
                    line: position.map(|(line, _)| line),
                    column: position.map(|(_, column)| column),
                    message: &problem.message,
                    help: problem.help.as_deref(),
                    source_line: problem
                        .source_line
                        .as_ref()
                        .map(|quote| quote.text.as_str()),
                }
            })
            .collect()
    };
    let json = Json {
        ok: report.problems.is_empty(),
        root: std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf()),
        checked: report.checked,
        problems: listed(&report.problems),
        warnings: listed(&report.warnings),
    };
    serde_json::to_string_pretty(&json).unwrap_or_default()
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
/// How `check` and `events` report: for people, or as JSON.
pub enum Format {
    Human,
    Json,
}

/// `treffpunkt check`: the problems for people or as JSON; `true` when there are none.
pub fn run(terminal: Terminal, options: &BuildOptions, format: Format) -> bool {
    let started = std::time::Instant::now();
    let progress = terminal.progress("Checking");
    let report = check(options, &progress);
    drop(progress);
    let clean = report.problems.is_empty();
    if format == Format::Human {
        terminal.warnings(&report.warnings);
    }
    if format == Format::Json {
        println!("{}", to_json(&report, &options.root));
        return clean;
    }
    if let Some(checked) = report.checked {
        terminal.detail(format!(
            "  checked {} posts, {} pages, {} events and {} published files in {} ms",
            checked.posts,
            checked.pages,
            checked.events,
            checked.files,
            started.elapsed().as_millis()
        ));
    }
    if clean && !report.warnings.is_empty() {
        terminal.status(format!(
            "{SUCCESS}No problems found{SUCCESS:#}, but {} to look at.",
            count(report.warnings.len(), "warning")
        ));
    } else if clean {
        terminal.status(format!("{SUCCESS}No problems found.{SUCCESS:#}"));
    } else {
        let links = if report.checked.is_some() {
            ""
        } else {
            " Links are checked once every file loads."
        };
        terminal.problems(&report.problems, |found| format!("Found {found}.{links}"));
    }
    clean
}
