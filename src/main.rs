//! The `treffpunkt` command line: parses arguments, runs the pipeline and reports the outcome.

use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::{DateTime, NaiveDate, Utc};
use clap::{Args, CommandFactory, Parser, Subcommand, ValueHint};
use clap_complete::Shell;

use treffpunkt::commands::{build, check, events, scaffold, serve};
use treffpunkt::pipeline::{self, BuildOptions};
use treffpunkt::terminal::{Terminal, Verbosity};

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
        #[arg(long, default_value = pipeline::DEFAULT_OUTPUT, value_name = "FOLDER", value_hint = ValueHint::DirPath)]
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
        #[arg(long, value_enum, default_value_t = check::Format::Human)]
        format: check::Format,
    },
    /// List the dates of the event calendar as a table.
    #[command(
        after_help = "Lists every occurrence from --from (default: today) through --until (default: three months later), both days included, with exceptions and changes applied. With --format json, each occurrence also carries its event's schedule in words of the site's language (recurrence_text).\n\nExamples:\n  treffpunkt events\n  treffpunkt events --from 2026-12-01 --until 2026-12-31\n  treffpunkt events --category Stammtisch\n  treffpunkt events --format json > termine.json"
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
        /// `human` for a table, `json` for scripts (with each event's schedule in words).
        #[arg(long, value_enum, default_value_t = check::Format::Human)]
        format: check::Format,
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
    match run(cli.command, terminal) {
        Ok(true) => ExitCode::SUCCESS,
        // The command has reported its problems.
        Ok(false) => ExitCode::FAILURE,
        Err(error) => {
            terminal.error(format!("{error:#}"));
            ExitCode::FAILURE
        }
    }
}

/// Runs a command: `Ok(false)` when it found problems and reported them itself.
fn run(command: Command, terminal: Terminal) -> anyhow::Result<bool> {
    let now = pipeline::build_time().map_err(anyhow::Error::msg)?;
    Ok(match command {
        Command::Init { dir, force } => scaffold::run_init(terminal, &dir, force, now),
        Command::New { kind, title, site } => {
            scaffold::run_new(terminal, &site.root, kind, &title, now)
        }
        Command::Build {
            site,
            output,
            publish,
            base_url,
        } => build::run(
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
            serve::serve(serve::ServeOptions {
                build: build_options(site, publish, None, now),
                bind,
                port,
                open,
                terminal,
            })?;
            true
        }
        Command::Check {
            site,
            publish,
            format,
        } => check::run(terminal, &build_options(site, publish, None, now), format),
        Command::Events {
            site,
            from,
            until,
            category,
            format,
        } => events::run(
            &events::AgendaOptions {
                root: &site.root,
                now,
                from,
                until,
                category: category.as_deref(),
            },
            format,
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
    })
}

fn build_options(
    site: SiteFolder,
    publish: Publish,
    base_url: Option<String>,
    now: DateTime<Utc>,
) -> BuildOptions {
    BuildOptions {
        root: site.root,
        drafts: publish.drafts,
        future: publish.future,
        base_url,
        now,
    }
}
