//! What the command line prints and how: colour only on a terminal and never with `NO_COLOR`,
//! as much as `--quiet` or `--verbose` ask for, and a progress bar for builds that take a while.

use std::fmt::Display;
use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anstyle::{AnsiColor, Style};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::diagnostic::{Diagnostics, Palette};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verbosity {
    /// Problems only.
    Quiet,
    Normal,
    /// Also what each stage did and how long it took.
    Verbose,
}

pub const ERROR: Style = AnsiColor::Red.on_default().bold();
pub const WARNING: Style = AnsiColor::Yellow.on_default().bold();
pub const SUCCESS: Style = AnsiColor::Green.on_default().bold();
pub const EMPHASIS: Style = Style::new().bold();
pub const DIM: Style = Style::new().dimmed();

const PALETTE: Palette = Palette {
    error: ERROR,
    location: EMPHASIS,
    gutter: AnsiColor::Blue.on_default().bold(),
    help: AnsiColor::Cyan.on_default().bold(),
};

/// `n` and the noun, in the plural unless `n` is one: "1 file", "3 files".
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// Builds shorter than this finish before a progress bar would be worth drawing.
const PROGRESS_DELAY: Duration = Duration::from_secs(1);

/// The command line's voice. Colour is written freely: `anstream` removes it where the output is
/// not a terminal, or `NO_COLOR` is set, or `CLICOLOR=0`.
#[derive(Debug, Clone, Copy)]
pub struct Terminal {
    pub verbosity: Verbosity,
}

impl Terminal {
    /// What the command did, on stdout; silent with `--quiet`.
    pub fn status(&self, message: impl Display) {
        if self.verbosity >= Verbosity::Normal {
            anstream::println!("{message}");
        }
    }

    /// A hint beside what the command produces, on stderr; silent with `--quiet`.
    pub fn note(&self, message: impl Display) {
        if self.verbosity >= Verbosity::Normal {
            anstream::eprintln!("{DIM}{message}{DIM:#}");
        }
    }

    /// How it went in detail, on stderr so that stdout stays what the command produces.
    pub fn detail(&self, message: impl Display) {
        if self.verbosity >= Verbosity::Verbose {
            anstream::eprintln!("{DIM}{message}{DIM:#}");
        }
    }

    /// A failure that is not about a file of the site.
    pub fn error(&self, message: impl Display) {
        anstream::eprintln!("{ERROR}error:{ERROR:#} {message}");
    }

    /// Something that went wrong after the command did its work.
    pub fn warning(&self, message: impl Display) {
        anstream::eprintln!("{WARNING}warning:{WARNING:#} {message}");
    }

    /// What the site should fix but that does not stop a build, each with its place.
    pub fn warnings(&self, warnings: &Diagnostics) {
        let palette = Palette {
            error: WARNING,
            ..PALETTE
        };
        for warning in warnings.iter() {
            anstream::eprintln!("{WARNING}warning:{WARNING:#} {}\n", warning.styled(palette));
        }
    }

    /// Problems as the terminal shows them, for printing through `anstream`.
    pub fn styled<'a>(&self, problems: &'a Diagnostics) -> impl Display + 'a {
        problems.styled(PALETTE)
    }

    /// Problems in the site's files, each with its place, then one line that sums them up,
    /// written by `summary` from the count ("3 problems").
    pub fn problems(&self, problems: &Diagnostics, summary: impl FnOnce(&str) -> String) {
        let found = count(problems.len(), "problem");
        anstream::eprint!("{}", self.styled(problems));
        anstream::eprintln!("\n{ERROR}{}{ERROR:#}", summary(&found));
    }

    /// A bar on stderr that appears once the work has taken longer than a second, and only on a
    /// terminal and without `--quiet`.
    pub fn progress(&self, what: &'static str) -> ProgressDisplay {
        let shown = self.verbosity >= Verbosity::Normal && std::io::stderr().is_terminal();
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        bar.set_style(
            ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} files")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        bar.set_message(what);
        ProgressDisplay {
            bar,
            started: Instant::now(),
            may_show: shown,
            showing: AtomicBool::new(false),
        }
    }
}

/// Progress through a known number of files, drawn only when it is slow enough to matter.
pub struct ProgressDisplay {
    bar: ProgressBar,
    started: Instant,
    may_show: bool,
    showing: AtomicBool,
}

impl Drop for ProgressDisplay {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
    }
}

impl crate::output::Progress for ProgressDisplay {
    fn expect(&self, files: usize) {
        self.bar.set_length(files as u64);
    }

    fn advance(&self) {
        self.bar.inc(1);
        if self.may_show
            && !self.showing.load(Ordering::Relaxed)
            && self.started.elapsed() >= PROGRESS_DELAY
            && !self.showing.swap(true, Ordering::Relaxed)
        {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    }
}
