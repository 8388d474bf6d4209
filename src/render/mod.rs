//! Rendering: every file of the site planned by its kind (`kinds/`), made in parallel from its
//! inputs unless its fingerprint is as the last render left it, and handed to the output.

pub mod calendar_views;
pub mod escape;
pub mod events_json;
pub mod feeds;
pub mod fingerprint;
pub mod html;
pub mod ics;
pub mod inputs;
pub mod kinds;
pub mod markdown;
pub mod page_meta;
pub mod rule_text;
pub mod share_card;
pub mod sitemap;
pub mod structured_data;
pub mod views;
pub mod vtimezone;

use std::collections::HashMap;

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::static_files::StaticFiles;
use crate::load::theme::Theme;
use crate::model::site::Site;
use crate::output::{CopyError, Output, WriteError};
use inputs::Shared;
use kinds::{Body, Model, Planned, Sources};
use views::Views;

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("{0}")]
    Templates(Diagnostics),
    #[error(transparent)]
    Write(#[from] WriteError),
    #[error(transparent)]
    Copy(#[from] CopyError),
    #[error("{0}")]
    Internal(String),
}

/// What the previous render left for the next: the fingerprint of every file it made and the
/// post summaries, so that a rebuild of the preview server makes only the files whose inputs
/// changed. `build` starts with an empty one and so makes everything.
#[derive(Default)]
pub struct RenderMemory {
    files: HashMap<String, Remembered>,
    summaries: views::SummaryCache,
    /// The share cards drawn before, on disk for `build` and `serve`.
    pub cards: share_card::CardCache,
}

impl RenderMemory {
    /// A memory of no render that keeps what is costly to make in the folder `cache`.
    pub fn with_cache(cache: &std::path::Path) -> Self {
        RenderMemory {
            cards: share_card::CardCache::in_folder(cache.join(share_card::CACHE_FOLDER)),
            ..RenderMemory::default()
        }
    }
}

struct Remembered {
    fingerprint: u64,
    copied: bool,
}

#[derive(Debug, Default)]
pub struct RenderReport {
    /// The site paths (such as `/blog/`) rendered anew.
    pub written: Vec<String>,
    /// The site paths of static files copied anew.
    pub copied: Vec<String>,
    /// The site paths the previous render wrote and this one no longer has.
    pub removed: Vec<String>,
    /// The site paths of static files the previous render copied and this one no longer has.
    pub uncopied: Vec<String>,
    /// How many share cards were drawn (the others were taken from the cache).
    pub cards_drawn: usize,
}

/// What became of one planned file.
struct Outcome {
    path: String,
    fingerprint: u64,
    copied: bool,
    made: bool,
}

/// Makes into `output` every file of the site (rendered pages and feeds, static files) whose
/// inputs changed since the render `memory` remembers; the memory is updated only when the
/// whole render succeeded.
pub fn render(
    site: &Site,
    theme: &Theme,
    static_files: &StaticFiles,
    output: &impl Output,
    memory: &mut RenderMemory,
) -> Result<RenderReport, RenderError> {
    let views = Views::build(site, theme, &mut memory.summaries).map_err(|error| {
        RenderError::Templates(
            Diagnostic::new(
                &theme.ui.file,
                format!("cannot prepare the template data: {error}"),
            )
            .into(),
        )
    })?;
    memory.cards.start();
    let results = planned(
        site,
        theme,
        static_files,
        &views,
        &memory.cards,
        |files, sources, shared| {
            output.expect(files.len());
            files
                .par_iter()
                .map(|file| make(file.as_ref(), sources, shared, output, memory))
                .collect()
        },
    );
    memory.summaries = views.into_summary_cache();
    let mut report = remember(results, memory)?;
    report.cards_drawn = memory.cards.drawn();
    Ok(report)
}

/// Plans every file and hands the plan to `then` with what the files are made from.
fn planned<R>(
    site: &Site,
    theme: &Theme,
    static_files: &StaticFiles,
    views: &Views,
    cards: &share_card::CardCache,
    then: impl FnOnce(&[Box<dyn Planned>], &Sources, &Shared) -> R,
) -> R {
    let model = Model {
        site,
        theme,
        static_files,
    };
    let files = kinds::plan(model);
    let sitemap: Vec<sitemap::Entry> = files
        .iter()
        .filter_map(|file| file.sitemap_entry(model))
        .collect();
    let sources = Sources {
        site,
        static_files,
        views,
        sitemap: &sitemap,
    };
    then(&files, &sources, &Shared::new(site, theme, views, cards))
}

/// The file `file`, made and handed to `output` unless its fingerprint is as remembered.
fn make(
    file: &dyn Planned,
    sources: &Sources,
    shared: &Shared,
    output: &impl Output,
    memory: &RenderMemory,
) -> Result<Outcome, RenderError> {
    let path = file.path();
    let previous = memory.files.get(path);
    let made = file.make(sources, shared, previous.map(|p| p.fingerprint))?;
    let copied = match &made.body {
        None => previous.is_some_and(|p| p.copied),
        Some(Body::Text(text)) => {
            output.write(path, text.as_bytes())?;
            false
        }
        Some(Body::Bytes(bytes)) => {
            output.write(path, bytes)?;
            false
        }
        Some(Body::Copy(source)) => {
            output.copy(path, source)?;
            true
        }
        Some(Body::Cached(file)) => {
            output.refer(path, file)?;
            true
        }
    };
    Ok(Outcome {
        path: path.to_owned(),
        fingerprint: made.fingerprint,
        copied,
        made: made.body.is_some(),
    })
}

/// The report of a render whose files came out as `results`, remembered for the next one.
fn remember(
    results: Vec<Result<Outcome, RenderError>>,
    memory: &mut RenderMemory,
) -> Result<RenderReport, RenderError> {
    let mut problems = Diagnostics::default();
    // A broken template fails every page that uses it: say so once. Looked up by hash, as a
    // site may have a hundred thousand pages fail alike.
    let mut reported = std::collections::HashSet::new();
    let mut files = HashMap::with_capacity(results.len());
    let mut report = RenderReport::default();
    for result in results {
        match result {
            Ok(outcome) => {
                if outcome.made {
                    match outcome.copied {
                        true => report.copied.push(outcome.path.clone()),
                        false => report.written.push(outcome.path.clone()),
                    }
                }
                let remembered = Remembered {
                    fingerprint: outcome.fingerprint,
                    copied: outcome.copied,
                };
                files.insert(outcome.path, remembered);
            }
            Err(RenderError::Templates(found)) => {
                for problem in found.iter() {
                    if reported.insert((problem.origin.clone(), problem.message.clone())) {
                        problems.push(problem.clone());
                    }
                }
            }
            Err(other) => return Err(other),
        }
    }
    problems.into_result(()).map_err(RenderError::Templates)?;
    for (path, remembered) in &memory.files {
        if !files.contains_key(path) {
            match remembered.copied {
                true => report.uncopied.push(path.clone()),
                false => report.removed.push(path.clone()),
            }
        }
    }
    memory.files = files;
    Ok(report)
}

/// The site path of every file the site publishes, such as `/blog/x/` or `/css/style.css`.
pub fn site_paths(site: &Site, theme: &Theme, static_files: &StaticFiles) -> Vec<String> {
    kinds::plan(Model {
        site,
        theme,
        static_files,
    })
    .iter()
    .map(|file| file.path().to_owned())
    .collect()
}

/// The kind and fingerprint of every file the site publishes, by site path.
#[cfg(test)]
pub(crate) fn fingerprints(
    site: &Site,
    theme: &Theme,
    static_files: &StaticFiles,
) -> HashMap<String, (&'static str, u64)> {
    let views = Views::build(site, theme, &mut views::SummaryCache::default()).unwrap();
    planned(
        site,
        theme,
        static_files,
        &views,
        &share_card::CardCache::default(),
        |files, sources, shared| {
            files
                .iter()
                .map(|file| {
                    let fingerprint = file.fingerprint(sources, shared);
                    (file.path().to_owned(), (file.kind(), fingerprint))
                })
                .collect()
        },
    )
}
