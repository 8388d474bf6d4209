//! The `treffpunkt` command line: parses arguments, runs the pipeline and reports the outcome.

mod build;
mod calendar;
mod config;
mod content;
mod diagnostic;
mod escape;
mod feeds;
mod markdown;
mod output;
mod render;
mod routes;
mod site;
mod sitemap;
mod slug;
mod theme;

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
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            root,
            output,
            drafts,
            future,
            base_url,
        } => {
            let now = match build::build_time() {
                Ok(now) => now,
                Err(message) => {
                    eprintln!("error: {message}");
                    return ExitCode::FAILURE;
                }
            };
            let options = build::BuildOptions {
                root,
                output: Some(output),
                drafts,
                future,
                base_url,
                now,
            };
            match build::build(&options) {
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
