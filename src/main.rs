//! The `treffpunkt` command line: parses arguments, runs the pipeline and reports the outcome.

mod build;
mod calendar;
mod config;
mod content;
mod diagnostic;
mod escape;
mod feeds;
mod fingerprint;
mod markdown;
mod output;
mod render;
mod routes;
mod serve;
mod site;
mod sitemap;
mod slug;
mod theme;

use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "treffpunkt",
    version,
    about = "A static-site generator for networking blogs and their event calendars"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into a folder of static files.
    #[command(
        after_help = "Examples:\n  treffpunkt build\n  treffpunkt build --root mein-verein --drafts\n  treffpunkt build --output /tmp/vorschau --base-url https://staging.example.org"
    )]
    Build {
        /// The site's folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where the site is written; relative to the site's folder.
        #[arg(long, default_value = build::DEFAULT_OUTPUT)]
        output: PathBuf,
        /// Also publish posts and pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Also publish posts dated after now.
        #[arg(long)]
        future: bool,
        /// Use this address instead of `base_url` from site.toml.
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
    },
    /// Build the site into memory, serve it locally and rebuild on every save; open pages reload.
    #[command(
        after_help = "The site is kept in memory: public/ is neither read nor written.\n\nExamples:\n  treffpunkt serve\n  treffpunkt serve --drafts --future --open\n  treffpunkt serve --root mein-verein --port 0\n  treffpunkt serve --bind 0.0.0.0 --port 8080   (reachable from other devices)"
    )]
    Serve {
        /// The site's folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The address to listen on; loopback unless you choose otherwise.
        #[arg(long, default_value = "127.0.0.1")]
        bind: IpAddr,
        /// The port; 0 picks a free one.
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Open the site in the browser once it is built.
        #[arg(long)]
        open: bool,
        /// Also show posts and pages marked `draft: true` (with a badge).
        #[arg(long)]
        drafts: bool,
        /// Also show posts dated after now (with a badge).
        #[arg(long)]
        future: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let now = match build::build_time() {
        Ok(now) => now,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::FAILURE;
        }
    };
    match cli.command {
        Command::Build {
            root,
            output,
            drafts,
            future,
            base_url,
        } => {
            let options = build::BuildOptions {
                root,
                drafts,
                future,
                base_url,
                now,
            };
            match build::build(&options, &output) {
                Ok(report) => {
                    println!(
                        "Built {} files ({} posts) in {} ms into {}",
                        report.files,
                        report.posts,
                        report.elapsed.as_millis(),
                        report.output.display()
                    );
                    ExitCode::SUCCESS
                }
                Err(error) => {
                    report_failure(&error);
                    ExitCode::FAILURE
                }
            }
        }
        Command::Serve {
            root,
            bind,
            port,
            open,
            drafts,
            future,
        } => {
            let options = serve::ServeOptions {
                build: build::BuildOptions {
                    root,
                    drafts,
                    future,
                    base_url: None,
                    now,
                },
                bind,
                port,
                open,
            };
            match serve::serve(options) {
                Ok(()) => ExitCode::SUCCESS,
                Err(error) => {
                    eprintln!("error: {error:#}");
                    ExitCode::FAILURE
                }
            }
        }
    }
}

fn report_failure(error: &build::BuildError) {
    match error {
        build::BuildError::Invalid(problems) => {
            eprint!("{problems}");
            let count = problems.len();
            let noun = if count == 1 { "problem" } else { "problems" };
            eprintln!(
                "\nThe build failed with {count} {noun}; the previous output was left as it was."
            );
        }
        other => eprintln!("error: {other}\nThe previous output was left as it was."),
    }
}
