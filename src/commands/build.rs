//! `treffpunkt build`: runs the pipeline into the output folder and reports the outcome.

use std::path::Path;

use crate::model::site::HeldBack;
use crate::pipeline::{BuildError, BuildOptions, Failed, build};
use crate::terminal::{SUCCESS, Terminal, count};

/// `treffpunkt build`: builds the site into `output` and reports what it did; `true` on success.
pub fn run(terminal: Terminal, options: BuildOptions, output: &Path) -> bool {
    let progress = terminal.progress("Rendering");
    let result = build(&options, output, &progress);
    drop(progress);
    match result {
        Ok(report) => {
            for (stage, took) in &report.stages {
                terminal.detail(format!("  {stage}: {} ms", took.as_millis()));
            }
            terminal.detail(format!(
                "  share cards drawn: {} (the others came from .treffpunkt-cache)",
                report.cards_drawn
            ));
            terminal.status(format!(
                "{SUCCESS}Built{SUCCESS:#} {} ({}) in {} ms into {}",
                count(report.files, "file"),
                count(report.posts, "post"),
                report.elapsed.as_millis(),
                report.output.display()
            ));
            let images = report.images;
            if images.processed + images.from_cache > 0 {
                terminal.status(format!(
                    "images: {} processed, {} from cache",
                    images.processed, images.from_cache
                ));
            }
            if let Some(unpruned) = report.unpruned {
                terminal.warning(unpruned);
            }
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
        Err(Failed {
            error: BuildError::Invalid(problems),
            left,
        }) => {
            terminal.problems(&problems, |found| {
                format!("The build failed with {found}; {left}.")
            });
            false
        }
        Err(Failed { error, left }) => {
            terminal.error(format!("{error}\n{}.", capitalized(&left.to_string())));
            false
        }
    }
}

/// "Not published: 2 drafts (--drafts includes them), …", when the build left anything out.
fn held_back(held_back: HeldBack) -> Option<String> {
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
