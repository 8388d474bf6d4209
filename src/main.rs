//! The `treffpunkt` command line: parses arguments, runs the pipeline and reports the outcome.

mod commands;
mod diagnostic;
mod load;
mod model;
mod output;
mod pipeline;
mod render;
mod terminal;

use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::{DateTime, NaiveDate, Utc};
use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum, ValueHint};
use clap_complete::Shell;

use commands::events as agenda;
use commands::{check, scaffold, serve};
use model::site;
use pipeline as build;
use terminal::{SUCCESS, Terminal, Verbosity, count};

#[derive(Parser)]
#[command(
    name = "treffpunkt",
    version,
    about = "A static-site generator for networking blogs and their event calendars",
    after_help = "Getting started:\n  treffpunkt init mein-verein\n  cd mein-verein\n  treffpunkt serve --drafts\n  treffpunkt new post \"Fünf Fragen für den ersten Kontakt\"\n  treffpunkt check\n  treffpunkt build\n\nColour is used on a terminal only, and never when NO_COLOR is set."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Print problems only.
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Also print what each stage did and how long it took.
    #[arg(long, short, global = true)]
    verbose: bool,
}

#[derive(Args)]
struct SiteFolder {
    /// The site's folder (the one with site.toml).
    #[arg(long, default_value = ".", value_name = "FOLDER", value_hint = ValueHint::DirPath)]
    root: PathBuf,
}

#[derive(Args)]
struct Publish {
    /// Also include posts and pages marked `draft: true`.
    #[arg(long)]
    drafts: bool,
    /// Also include posts dated after now.
    #[arg(long)]
    future: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Create a new site: site.toml, a post, an event, an Impressum and the default theme.
    #[command(
        after_help = "The folder must be new or empty. With --force, the starter files that are missing are added to a folder that is not, and every file already there is kept.\n\nExamples:\n  treffpunkt init mein-verein\n  treffpunkt init .\n  treffpunkt init --force bestehende-seite"
    )]
    Init {
        /// The folder for the new site; created when missing.
        #[arg(default_value = ".", value_name = "FOLDER", value_hint = ValueHint::DirPath)]
        dir: PathBuf,
        /// Also write into a folder that is not empty (no file is overwritten).
        #[arg(long)]
        force: bool,
    },
    /// Create a post, page or event from a template with every key explained.
    #[command(
        after_help = "Posts are named content/posts/YYYY-MM-DD-<slug>.md (today's date), pages content/pages/<slug>.md, events content/events/<slug>.yaml. Posts and pages start as drafts. An existing file is never overwritten.\n\nExamples:\n  treffpunkt new post \"Netzwerken im Advent\"\n  treffpunkt new event \"Sommerfest 2027\"\n  treffpunkt new page \"Über uns\" --root mein-verein"
    )]
    New {
        /// What to create.
        kind: scaffold::Kind,
        /// Its title; the file name and URL are made from it.
        title: String,
        #[command(flatten)]
        site: SiteFolder,
    },
    /// Build the site into a folder of static files.
    #[command(
        after_help = "Examples:\n  treffpunkt build\n  treffpunkt build --root mein-verein --drafts\n  treffpunkt build --output /tmp/vorschau --base-url https://staging.example.org"
    )]
    Build {
        #[command(flatten)]
        site: SiteFolder,
        /// Where the site is written; relative to the site's folder.
        #[arg(long, default_value = build::DEFAULT_OUTPUT, value_name = "FOLDER", value_hint = ValueHint::DirPath)]
        output: PathBuf,
        #[command(flatten)]
        publish: Publish,
        /// Use this address instead of `base_url` from site.toml.
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
    },
    /// Build the site into memory, serve it locally and rebuild on every save; open pages reload.
    #[command(
        after_help = "The site is kept in memory: public/ is neither read nor written.\n\nExamples:\n  treffpunkt serve\n  treffpunkt serve --drafts --future --open\n  treffpunkt serve --root mein-verein --port 0\n  treffpunkt serve --bind 0.0.0.0 --port 8080   (reachable from other devices)"
    )]
    Serve {
        #[command(flatten)]
        site: SiteFolder,
        /// The address to listen on; loopback unless you choose otherwise.
        #[arg(long, default_value = "127.0.0.1", value_name = "ADDRESS")]
        bind: IpAddr,
        /// The port; 0 picks a free one.
        #[arg(long, default_value_t = 1111, value_name = "PORT")]
        port: u16,
        /// Open the site in the browser once it is built.
        #[arg(long)]
        open: bool,
        #[command(flatten)]
        publish: Publish,
    },
    /// Check the whole site without writing anything; exit 0 only when it is clean.
    #[command(
        after_help = "Finds every problem a build would stop at (site.toml, front matter, event files and their repeat rules, events named by posts, templates, two pages on one URL) and every link or image in a post or page that leads to nothing the site publishes, each with file, line and column.\n\nExamples:\n  treffpunkt check\n  treffpunkt check --drafts\n  treffpunkt check --format json > probleme.json"
    )]
    Check {
        #[command(flatten)]
        site: SiteFolder,
        #[command(flatten)]
        publish: Publish,
        /// `human` for people, `json` for editors and CI.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// List the dates of the event calendar as a table.
    #[command(
        after_help = "Lists every occurrence from --from (default: today) through --until (default: three months later), both days included, with exceptions and changes applied.\n\nExamples:\n  treffpunkt events\n  treffpunkt events --from 2026-12-01 --until 2026-12-31\n  treffpunkt events --category Stammtisch"
    )]
    Events {
        #[command(flatten)]
        site: SiteFolder,
        /// The first day, YYYY-MM-DD.
        #[arg(long, value_parser = parse_day, value_name = "DATE")]
        from: Option<NaiveDate>,
        /// The last day, YYYY-MM-DD.
        #[arg(long, value_parser = parse_day, value_name = "DATE")]
        until: Option<NaiveDate>,
        /// Only events of this category.
        #[arg(long, value_name = "CATEGORY")]
        category: Option<String>,
    },
    /// Print a completion script for a shell.
    #[command(
        after_help = "Examples:\n  treffpunkt completions bash > ~/.local/share/bash-completion/completions/treffpunkt\n  treffpunkt completions zsh > ~/.zfunc/_treffpunkt\n  treffpunkt completions fish > ~/.config/fish/completions/treffpunkt.fish"
    )]
    Completions {
        /// The shell: bash, zsh, fish, elvish or powershell.
        shell: Shell,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Human,
    Json,
}

fn parse_day(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| format!("`{text}` is not a date; write it as YYYY-MM-DD, e.g. 2026-12-01"))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let terminal = Terminal {
        verbosity: if cli.quiet {
            Verbosity::Quiet
        } else if cli.verbose {
            Verbosity::Verbose
        } else {
            Verbosity::Normal
        },
    };
    let now = match build::build_time() {
        Ok(now) => now,
        Err(message) => {
            terminal.error(message);
            return ExitCode::FAILURE;
        }
    };
    let succeeded = match cli.command {
        Command::Init { dir, force } => init(terminal, &dir, force, now),
        Command::New { kind, title, site } => new(terminal, &site.root, kind, &title, now),
        Command::Build {
            site,
            output,
            publish,
            base_url,
        } => build(
            terminal,
            build_options(site, publish, base_url, now),
            &output,
        ),
        Command::Serve {
            site,
            bind,
            port,
            open,
            publish,
        } => {
            let options = serve::ServeOptions {
                build: build_options(site, publish, None, now),
                bind,
                port,
                open,
                terminal,
            };
            serve::serve(options)
                .map_err(|error| terminal.error(format!("{error:#}")))
                .is_ok()
        }
        Command::Check {
            site,
            publish,
            format,
        } => check(terminal, &build_options(site, publish, None, now), format),
        Command::Events {
            site,
            from,
            until,
            category,
        } => events(
            &agenda::AgendaOptions {
                root: &site.root,
                now,
                from,
                until,
                category: category.as_deref(),
            },
            terminal,
        ),
        Command::Completions { shell } => {
            clap_complete::generate(
                shell,
                &mut Cli::command(),
                "treffpunkt",
                &mut std::io::stdout(),
            );
            true
        }
    };
    if succeeded {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn build_options(
    site: SiteFolder,
    publish: Publish,
    base_url: Option<String>,
    now: DateTime<Utc>,
) -> build::BuildOptions {
    build::BuildOptions {
        root: site.root,
        drafts: publish.drafts,
        future: publish.future,
        base_url,
        now,
    }
}

fn init(terminal: Terminal, dir: &Path, force: bool, now: DateTime<Utc>) -> bool {
    match scaffold::init(dir, force, now) {
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

fn new(
    terminal: Terminal,
    root: &Path,
    kind: scaffold::Kind,
    title: &str,
    now: DateTime<Utc>,
) -> bool {
    match scaffold::new_file(root, kind, title, now) {
        Ok(relative) => {
            // The path alone on stdout, so that `$EDITOR "$(treffpunkt new post …)"` works.
            let path = root.join(&relative);
            println!("{}", path.strip_prefix(".").unwrap_or(&path).display());
            if kind != scaffold::Kind::Event {
                terminal.note("It is a draft: delete the line `draft: true` to publish it.");
            }
            true
        }
        Err(scaffold::ScaffoldError::Config(problems)) => {
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

fn build(terminal: Terminal, options: build::BuildOptions, output: &Path) -> bool {
    let progress = terminal.progress("Rendering");
    let result = build::build(&options, output, &progress);
    drop(progress);
    match result {
        Ok(report) => {
            for (stage, took) in &report.stages {
                terminal.detail(format!("  {stage}: {} ms", took.as_millis()));
            }
            terminal.status(format!(
                "{SUCCESS}Built{SUCCESS:#} {} ({}) in {} ms into {}",
                count(report.files, "file"),
                count(report.posts, "post"),
                report.elapsed.as_millis(),
                report.output.display()
            ));
            if let Some(held_back) = held_back(report.held_back) {
                terminal.status(held_back);
            }
            if let Some(leftover) = report.leftover {
                terminal.warning(format!(
                    "{leftover}\nThe new site is in place; delete that folder by hand (the next build tries again)."
                ));
            }
            true
        }
        Err(build::Failed {
            error: build::BuildError::Invalid(problems),
            left,
        }) => {
            terminal.problems(&problems, |found| {
                format!("The build failed with {found}; {left}.")
            });
            false
        }
        Err(build::Failed { error, left }) => {
            terminal.error(format!("{error}\n{}.", capitalized(&left.to_string())));
            false
        }
    }
}

/// "Not published: 2 drafts (--drafts includes them), …", when the build left anything out.
fn held_back(held_back: site::HeldBack) -> Option<String> {
    let them = |n: usize| if n == 1 { "it" } else { "them" };
    let mut parts = Vec::new();
    if held_back.drafts > 0 {
        parts.push(format!(
            "{} (--drafts includes {})",
            count(held_back.drafts, "draft"),
            them(held_back.drafts)
        ));
    }
    if held_back.future > 0 {
        parts.push(format!(
            "{} dated after now (--future includes {})",
            count(held_back.future, "post"),
            them(held_back.future)
        ));
    }
    (!parts.is_empty()).then(|| format!("Not published: {}.", parts.join(", ")))
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn check(terminal: Terminal, options: &build::BuildOptions, format: Format) -> bool {
    let started = std::time::Instant::now();
    let progress = terminal.progress("Checking");
    let report = check::check(options, &progress);
    drop(progress);
    let clean = report.problems.is_empty();
    if format == Format::Json {
        println!("{}", check::to_json(&report, &options.root));
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
    if clean {
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

fn events(options: &agenda::AgendaOptions, terminal: Terminal) -> bool {
    match agenda::agenda(options) {
        Ok(agenda) if agenda.rows.is_empty() => {
            terminal.status(format!(
                "No events from {} through {}.",
                agenda.from, agenda.until
            ));
            true
        }
        Ok(agenda) => {
            // Only a terminal has a width to fit; `None` (also for a pipe) cuts nothing.
            let width = console::Term::stdout()
                .size_checked()
                .map(|(_, columns)| usize::from(columns));
            anstream::print!("{}", agenda.table(width));
            terminal.note(agenda.summary());
            true
        }
        Err(problems) => {
            terminal.problems(&problems, |found| {
                format!("No dates could be listed: {found}.")
            });
            false
        }
    }
}
