//! The cache of made variants, `.treffpunkt-cache/images/` in the site's folder, shared by
//! `build` and `serve`. A variant's file name carries the hash of its source's bytes and of the
//! settings that shape it, so a name found in the cache is the variant wanted; `build` removes
//! the names it no longer uses once it succeeded.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use super::{Picture, PictureKind};
use crate::diagnostic::{Diagnostic, Diagnostics, Written, display_path};

/// The cache's folder, relative to the site's folder.
pub const CACHE_DIR: &str = ".treffpunkt-cache/images";

/// How much image work a render did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImageReport {
    /// Source images decoded to make variants the cache did not have.
    pub processed: usize,
    /// Variants found in the cache.
    pub from_cache: usize,
}

pub fn dir(root: &Path) -> PathBuf {
    root.join(CACHE_DIR)
}

/// What to do with an image whose header reads but whose pixels do not.
const BROKEN_HELP: &str = "the file is damaged after its first bytes (cut off while copying, say): open it in an image program and save it again as JPEG, PNG or WebP, or replace it";

/// Makes the variants of `pictures` that the cache in `root` lacks, the pictures in parallel.
/// Files published as they are are not cached: they are copied from their source. An image
/// broken past its header is a problem at every place `shown_at` says shows it.
pub fn fill(
    root: &Path,
    pictures: &[&Picture],
    shown_at: &(dyn Fn(&Picture) -> Vec<Written> + Sync),
) -> Result<ImageReport, Diagnostics> {
    let cache = dir(root);
    let processed = AtomicUsize::new(0);
    let from_cache = AtomicUsize::new(0);
    let problems: Vec<Diagnostic> = pictures
        .par_iter()
        .filter(|picture| picture.kind != PictureKind::AsIs)
        .flat_map_iter(|picture| {
            let shown = display_path(root, &picture.source);
            let missing = |variant: &super::Variant| !variant.file.is_file();
            let wanted = picture.files.iter().filter(|v| missing(v)).count();
            from_cache.fetch_add(picture.files.len() - wanted, Ordering::Relaxed);
            if wanted == 0 {
                return Vec::new();
            }
            processed.fetch_add(1, Ordering::Relaxed);
            let problem = |message: String| vec![Diagnostic::new(&shown, message)];
            let source = match std::fs::read(&picture.source) {
                Ok(bytes) => bytes,
                Err(error) => return problem(format!("cannot read this image: {error}")),
            };
            let made = match super::process::make(picture, &source, missing) {
                Ok(made) => made,
                Err(error) => {
                    let message = super::PictureError::Unreadable {
                        file: shown.display().to_string(),
                        reason: error.to_string(),
                    }
                    .to_string();
                    let places = shown_at(picture);
                    if places.is_empty() {
                        return vec![Diagnostic::new(&shown, message).with_help(BROKEN_HELP)];
                    }
                    return places
                        .iter()
                        .map(|place| place.problem(message.clone()).with_help(BROKEN_HELP))
                        .collect();
                }
            };
            if let Err(error) = std::fs::create_dir_all(&cache) {
                return problem(format!(
                    "cannot create the image cache {}: {error}",
                    cache.display()
                ));
            }
            for (variant, bytes) in made {
                // Written aside and renamed, so that a build stopped halfway leaves no partial
                // file under a name that says it is whole.
                let partial = cache.join(format!(".{}.partial", variant.file_name()));
                if let Err(error) = std::fs::write(&partial, bytes)
                    .and_then(|()| std::fs::rename(&partial, &variant.file))
                {
                    return problem(format!("cannot write {}: {error}", variant.file.display()));
                }
            }
            Vec::new()
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

/// Removes the cached variants no picture of `pictures` uses.
pub fn prune(root: &Path, pictures: &[&Picture]) -> std::io::Result<()> {
    let cache = dir(root);
    let used: HashSet<&str> = pictures
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
