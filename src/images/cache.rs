//! The cache of made variants, `.treffpunkt-cache/images/` in the site's folder, shared by
//! `build` and `serve`. A variant's file name carries the hash of its source's bytes and of the
//! settings that shape it, so a name found in the cache is the variant wanted; `build` removes
//! the names it no longer uses once it succeeded.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use super::{Picture, PictureKind, Variant};
use crate::diagnostic::{Diagnostic, Diagnostics, Written, display_path};

/// The cache's folder, relative to the site's folder.
pub const CACHE_DIR: &str = ".treffpunkt-cache/images";

/// How much image work a render did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImageReport {
    /// Source images decoded to make variants the cache did not have (in `serve`: handed to
    /// the background to be made).
    pub processed: usize,
    /// Variants found in the cache.
    pub from_cache: usize,
}

pub fn dir(root: &Path) -> PathBuf {
    root.join(CACHE_DIR)
}

/// What to do with an image whose header reads but whose pixels do not.
const BROKEN_HELP: &str = "the file is damaged after its first bytes (cut off while copying, say): open it in an image program and save it again as JPEG, PNG or WebP, or replace it";

/// Why the variants of a picture could not be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unmade {
    /// Names the image file.
    pub problem: Diagnostic,
    /// The image itself is at fault (it cannot be read or decoded), so making it again from
    /// the same bytes fails again; otherwise the cache could not be written.
    pub lasting: bool,
}

impl Unmade {
    /// The problem where the writer can fix it: an image at fault at every place of `places`
    /// that shows it (at the image file when none is known); the cache's problem as it is.
    pub fn located(&self, places: &[Written]) -> Vec<Diagnostic> {
        if !self.lasting || places.is_empty() {
            return vec![self.problem.clone()];
        }
        places
            .iter()
            .map(|place| Diagnostic {
                help: self.problem.help.clone(),
                ..place.problem(self.problem.message.clone())
            })
            .collect()
    }
}

/// The variants of `picture` the cache lacks. Files published as they are are not cached:
/// they are copied from their source.
pub fn missing(picture: &Picture) -> Vec<&Variant> {
    if picture.kind == PictureKind::AsIs {
        return Vec::new();
    }
    picture
        .files
        .iter()
        .filter(|variant| !variant.file.is_file())
        .collect()
}

/// Makes the variants of `pictures` that the cache in `root` lacks, the pictures in parallel.
/// An image broken past its header is a problem at every place `shown_at` says shows it.
pub fn fill(
    root: &Path,
    pictures: &[&Picture],
    shown_at: &(dyn Fn(&Picture) -> Vec<Written> + Sync),
) -> Result<ImageReport, Diagnostics> {
    let processed = AtomicUsize::new(0);
    let from_cache = AtomicUsize::new(0);
    let problems: Vec<Diagnostic> = pictures
        .par_iter()
        .filter(|picture| picture.kind != PictureKind::AsIs)
        .flat_map_iter(|picture| {
            let wanted = missing(picture).len();
            from_cache.fetch_add(picture.files.len() - wanted, Ordering::Relaxed);
            if wanted == 0 {
                return Vec::new();
            }
            processed.fetch_add(1, Ordering::Relaxed);
            match make(root, picture) {
                Ok(()) => Vec::new(),
                Err(unmade) => unmade.located(&shown_at(picture)),
            }
        })
        .collect();
    let mut diagnostics = Diagnostics::default();
    for problem in problems {
        diagnostics.push(problem);
    }
    diagnostics.into_result(ImageReport {
        processed: processed.into_inner(),
        from_cache: from_cache.into_inner(),
    })
}

/// Tells the files being written aside apart.
static PARTIAL: AtomicUsize = AtomicUsize::new(0);

/// Makes the variants of `picture` that the cache in `root` lacks, decoding its source once.
pub fn make(root: &Path, picture: &Picture) -> Result<(), Unmade> {
    let cache = dir(root);
    let shown = display_path(root, &picture.source);
    let unmade = |message: String, lasting: bool| Unmade {
        problem: Diagnostic::new(&shown, message),
        lasting,
    };
    let missing = |variant: &Variant| !variant.file.is_file();
    let unreadable = |reason: String| Unmade {
        problem: Diagnostic::new(
            &shown,
            super::PictureError::Unreadable {
                file: shown.display().to_string(),
                reason,
            }
            .to_string(),
        ),
        lasting: true,
    };
    let source = std::fs::read(&picture.source).map_err(|error| unreadable(error.to_string()))?;
    let made = super::process::make(picture, &source, missing).map_err(|error| {
        let mut broken = unreadable(error.to_string());
        broken.problem.help = Some(BROKEN_HELP.to_owned());
        broken
    })?;
    if made.is_empty() {
        return Ok(());
    }
    std::fs::create_dir_all(&cache).map_err(|error| {
        unmade(
            format!("cannot create the image cache {}: {error}", cache.display()),
            false,
        )
    })?;
    for (variant, bytes) in made {
        // Written aside and renamed, so that a build stopped halfway leaves no partial file
        // under a name that says it is whole; the aside is this write's own, as two pictures
        // (one photo in two bundles) may make one cache file at the same time.
        let partial = cache.join(format!(
            ".{}.{}-{}.partial",
            variant.file_name(),
            std::process::id(),
            PARTIAL.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::write(&partial, bytes)
            .and_then(|()| std::fs::rename(&partial, &variant.file))
            .map_err(|error| {
                unmade(
                    format!("cannot write {}: {error}", variant.file.display()),
                    false,
                )
            })?;
    }
    Ok(())
}

/// Removes the cached variants no picture of `pictures` uses.
pub fn prune(root: &Path, pictures: &[&Picture]) -> std::io::Result<()> {
    let cache = dir(root);
    let used: HashSet<std::borrow::Cow<str>> = pictures
        .iter()
        .flat_map(|picture| picture.files.iter().map(super::Variant::file_name))
        .collect();
    let entries = match std::fs::read_dir(&cache) {
        Ok(entries) => entries,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(error) => return Err(error),
    };
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name();
        if !used.contains(name.to_string_lossy().as_ref()) && entry.file_type()?.is_file() {
            std::fs::remove_file(entry.path())?;
        }
    }
    Ok(())
}
