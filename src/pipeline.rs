//! The build pipeline: load (site.toml, theme, content) → model → render → write, one way.

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

use crate::diagnostic::Diagnostics;
use crate::images::Picture;
use crate::images::background::Background;
use crate::images::cache::{self as image_cache, ImageReport};
use crate::load::config;
use crate::load::content::{self, CONTENT_DIR, ContentCache};
use crate::load::static_files::{self, ReadError, StaticFiles};
use crate::load::theme::{self, SITE_TEMPLATES_DIR, STATIC_DIR, THEMES_DIR, Theme};
use crate::model::calendar::{self, Window};
use crate::model::site::{HeldBack, Publish, Site};
use crate::output::staging::{Left, Staging};
use crate::output::{CopyError, Output, Progress, Reporting, WriteError};
use crate::render::{self, RenderError, RenderMemory, RenderReport};

pub const DEFAULT_OUTPUT: &str = "public";

/// The hidden folder in the site's folder where `build` and `serve` keep what is costly to make
/// again (drawn share cards in `cards/`, resized images in `images/`), each subfolder pruned of
/// what the last build did not use; deleting it is always safe.
pub const CACHE_DIR: &str = ".treffpunkt-cache";

/// What to build; the same for `build` and `serve`.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub drafts: bool,
    pub future: bool,
    pub base_url: Option<String>,
    pub now: DateTime<Utc>,
}

#[derive(Debug)]
pub struct BuildReport {
    pub files: usize,
    pub posts: usize,
    /// How many share cards were drawn; the others came from the cache.
    pub cards_drawn: usize,
    /// The drafts and scheduled posts this build did not publish.
    pub held_back: HeldBack,
    /// The previous output, swapped out but not removed.
    pub leftover: Option<WriteError>,
    pub output: PathBuf,
    pub elapsed: Duration,
    /// How long each stage took, in order, for `--verbose`.
    pub stages: Vec<(&'static str, Duration)>,
    /// How many images were made, and how many variants the cache had.
    pub images: ImageReport,
    /// Why unused variants stayed in the image cache, if they did.
    pub unpruned: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// The site's input has problems; each names its file and place.
    #[error("{0}")]
    Invalid(#[from] Diagnostics),
    #[error("refusing to write the site into {}: {reason}", output.display())]
    UnsafeOutput { output: PathBuf, reason: String },
    #[error(transparent)]
    Read(#[from] ReadError),
    #[error(transparent)]
    Write(#[from] WriteError),
    /// A bug of Treffpunkt's: the preview catches it and goes on serving.
    #[error(
        "Treffpunkt failed inside ({0}); this is a bug: please report it with the file you changed last. Saving a file tries again."
    )]
    Internal(String),
}

impl From<RenderError> for BuildError {
    fn from(error: RenderError) -> Self {
        match error {
            RenderError::Templates(problems) => BuildError::Invalid(problems),
            RenderError::Write(error) | RenderError::Copy(CopyError::Write(error)) => {
                BuildError::Write(error)
            }
            RenderError::Copy(CopyError::Read(error)) => BuildError::Read(error),
            RenderError::Internal(error) => BuildError::Internal(error),
        }
    }
}

/// A build that failed, and what it did to the output folder it was to replace.
#[derive(Debug)]
pub struct Failed {
    pub error: BuildError,
    pub left: Left,
}

/// Builds the whole site into the folder `output` (relative to the site's folder), telling
/// `progress` of each page rendered.
pub fn build(
    options: &BuildOptions,
    output: &Path,
    progress: &dyn Progress,
) -> Result<BuildReport, Failed> {
    let started = Instant::now();
    let mut stages = Vec::new();
    let mut since = started;
    let mut lap = |stage: &'static str| {
        stages.push((stage, since.elapsed()));
        since = Instant::now();
    };
    let output = output_folder(&options.root, Some(output)).map_err(|error| Failed {
        error,
        left: Left::NothingWritten,
    })?;
    let left = if output.exists() {
        Left::AsItWas
    } else {
        Left::NothingWritten
    };
    let failed = |error: BuildError| Failed {
        error,
        left: left.clone(),
    };
    let mut project = Project::new(options.clone());
    let loaded = project.load().map_err(|problems| failed(problems.into()))?;
    lap("load and check");
    let staging = Staging::create(&output).map_err(|error| failed(error.into()))?;
    let static_files = project
        .static_files(&loaded.theme)
        .map_err(|error| failed(error.into()))?;
    lap("list static files");
    let rendered = project
        .render(
            &loaded,
            &static_files,
            &Reporting {
                output: &staging,
                progress,
            },
            MakeImages::BeforeRender,
        )
        .map_err(failed)?;
    lap("render");
    let images = project.images;
    let files = staging.files_written();
    let swapped = staging.commit().map_err(|swap| Failed {
        error: swap.error.into(),
        left: swap.left,
    })?;
    lap("swap in");
    // Only a build that succeeded knows which variants are still used; a failed one keeps all.
    // The site is built either way, so a variant that cannot be removed is only a warning.
    let unpruned_images = image_cache::prune(&options.root, &loaded.site.pictures())
        .err()
        .map(|error| {
            format!(
                "cannot remove unused images from {}: {error}",
                image_cache::dir(&options.root).display()
            )
        });
    let unpruned_cards = project.prune_cache().err().map(|error| error.to_string());
    let unpruned = match (unpruned_images, unpruned_cards) {
        (Some(images), Some(cards)) => Some(format!("{images}\n{cards}")),
        (images, cards) => images.or(cards),
    };
    Ok(BuildReport {
        files,
        posts: loaded.site.posts.len(),
        cards_drawn: rendered.cards_drawn,
        held_back: loaded.site.held_back,
        leftover: swapped.leftover,
        output,
        elapsed: started.elapsed(),
        stages,
        images,
        unpruned,
    })
}

/// When the variants the image cache lacks are made: the one difference between the pipeline
/// of `build` and `check` and that of `serve`.
#[derive(Clone, Copy)]
pub enum MakeImages<'a> {
    /// Before any file is written, the images in parallel: `build` swaps in a whole site, and
    /// `check` finds images broken past their header.
    BeforeRender,
    /// Queued on `background`, which the caller starts once it swapped the rendered files in:
    /// the preview shows a saved page at once, and a request for a variant not made yet waits
    /// for it (`serve`).
    InBackground(&'a Background),
}

/// A site between builds: what to build, and what the last build left for the next to reuse,
/// so that the preview server's rebuilds read and render only what changed.
///
/// `build`, `serve` and `check` drive the same stages: [`Project::load`], then
/// [`Project::static_files`], then [`Project::render`] into their `Output` (a staging folder,
/// memory, nothing).
pub struct Project {
    options: BuildOptions,
    content: ContentCache,
    theme: Option<Arc<Theme>>,
    static_files: Option<Arc<StaticFiles>>,
    memory: RenderMemory,
    /// The image work of the last render.
    pub images: ImageReport,
}

/// The site loaded and checked, ready to render.
pub struct Loaded {
    pub site: Site,
    pub theme: Arc<Theme>,
}

impl Project {
    pub fn new(options: BuildOptions) -> Project {
        Project {
            content: ContentCache::default(),
            theme: None,
            static_files: None,
            memory: RenderMemory::with_cache(&options.root.join(CACHE_DIR)),
            images: ImageReport::default(),
            options,
        }
    }

    pub fn root(&self) -> &Path {
        &self.options.root
    }

    /// Tells the next `load` which files changed, so that it reads them again.
    pub fn forget(&mut self, paths: &[PathBuf]) {
        self.content.forget(paths);
    }

    /// Makes the next `load` read everything again, as after a folder was replaced or the file
    /// watcher lost track. What was rendered is still known, so removed pages are still told.
    pub fn forget_everything(&mut self) {
        self.content = ContentCache::default();
        self.theme = None;
        self.static_files = None;
    }

    /// Makes the next [`Project::static_files`] list the static folders again.
    pub fn forget_static_files(&mut self) {
        self.static_files = None;
    }

    /// The static files `theme` and the site publish, as last listed unless forgotten since.
    pub fn static_files(&mut self, theme: &Theme) -> Result<Arc<StaticFiles>, ReadError> {
        if let Some(listed) = &self.static_files {
            return Ok(Arc::clone(listed));
        }
        let listed = Arc::new(static_files::static_files(
            &self.options.root,
            &theme.static_dirs,
        )?);
        self.static_files = Some(Arc::clone(&listed));
        Ok(listed)
    }

    /// Loads site.toml, the theme, the events and the content, and models the site. Theme,
    /// calendar and content problems are reported together: one run shows all there is to fix.
    pub fn load(&mut self) -> Result<Loaded, Diagnostics> {
        let (loaded, collisions) = self.load_modelled()?;
        collisions.into_result(loaded)
    }

    /// Like [`Project::load`], but a site whose URLs collide is still modelled (and the
    /// collisions returned beside it), so that `check` can go on to look at its links.
    pub fn load_modelled(&mut self) -> Result<(Loaded, Diagnostics), Diagnostics> {
        let options = &self.options;
        let root = options.root.as_path();
        let config = config::load(root, options.base_url.as_deref())?;
        let window = Window::new(&config, options.now);
        let event_ids = calendar::event_ids(root);
        let cache = &mut self.content;
        let previous_theme = self.theme.as_ref();
        let ui = theme::language(root, &config)?;
        let quotes = ui.quotes;
        let (theme, (calendar, content)) = rayon::join(
            || theme::load(root, &config, ui, previous_theme),
            || {
                rayon::join(
                    || calendar::load(root, &config, quotes, window),
                    || content::load(root, &config, quotes, event_ids.as_ref(), cache),
                )
            },
        );
        let (theme, calendar, content) = match (theme, calendar, content) {
            (Ok(theme), Ok(calendar), Ok(content)) => (theme, calendar, content),
            (theme, calendar, content) => {
                let mut problems = Diagnostics::default();
                problems.extend(theme.err().unwrap_or_default());
                problems.extend(calendar.err().unwrap_or_default());
                problems.extend(content.err().unwrap_or_default());
                return Err(problems);
            }
        };
        let publish = Publish {
            drafts: options.drafts,
            future: options.future,
            now: options.now,
        };
        let site = Site::assemble(config, content, calendar, publish);
        let collisions = site.url_collisions();
        self.theme = Some(Arc::clone(&theme));
        Ok((Loaded { site, theme }, collisions))
    }

    /// Makes the render read the cache without adding to it, for `check`, which writes no file.
    pub fn read_only_cache(&mut self) {
        self.memory.cards.read_only();
    }

    /// Removes from the cache what the last render did not use: after a whole build, so that
    /// the preview never removes a card a page it did not render again still needs.
    pub fn prune_cache(&self) -> Result<(), RenderError> {
        self.memory.cards.prune()
    }

    /// Makes into `output` every file (rendered or static) whose inputs changed since the last
    /// successful render, and the variants the image cache lacks when `images` says.
    pub fn render(
        &mut self,
        loaded: &Loaded,
        static_files: &StaticFiles,
        output: &impl Output,
        images: MakeImages,
    ) -> Result<RenderReport, BuildError> {
        // Every page's HTML already knows the variants' names and sizes from the images'
        // headers, so only the files of the variants themselves wait for them. `check` makes
        // them too, which finds images broken past their header.
        let site = &loaded.site;
        let mut problems = site.static_collisions(&self.options.root, static_files);
        let pictures = site.pictures();
        let shown_at = |picture: &Picture| site.places_showing(picture);
        let images = match images {
            MakeImages::BeforeRender => image_cache::fill(&self.options.root, &pictures, &shown_at),
            MakeImages::InBackground(background) => background.queue(&pictures, &shown_at),
        };
        match images {
            Ok(images) => self.images = images,
            Err(found) => problems.extend(found),
        }
        if !problems.is_empty() {
            return Err(BuildError::Invalid(problems));
        }
        Ok(render::render(
            &loaded.site,
            &loaded.theme,
            static_files,
            output,
            &mut self.memory,
        )?)
    }
}

/// The build time: `SOURCE_DATE_EPOCH` (seconds since 1970) when set, so that a build can be
/// reproduced exactly, else now.
pub fn build_time() -> Result<DateTime<Utc>, String> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Err(_) => Ok(Utc::now()),
        Ok(text) => text
            .trim()
            .parse::<i64>()
            .ok()
            .and_then(|seconds| DateTime::from_timestamp(seconds, 0))
            .ok_or_else(|| {
                format!("SOURCE_DATE_EPOCH is `{text}`, but it must be a whole number of seconds since 1970-01-01")
            }),
    }
}

/// The output folder's real path (symbolic links resolved, so that a link is written through
/// and never replaced), refused where swapping it in would destroy the site's own files or
/// someone else's folder.
pub fn output_folder(root: &Path, output: Option<&Path>) -> Result<PathBuf, BuildError> {
    let root = std::path::absolute(root)
        .map(|p| normalize(&p))
        .unwrap_or_else(|_| root.to_path_buf());
    let given = normalize(&root.join(output.unwrap_or(Path::new(DEFAULT_OUTPUT))));
    let refuse = |reason: String| BuildError::UnsafeOutput {
        output: given.clone(),
        reason,
    };
    let real_root = root
        .canonicalize()
        .map_err(|error| refuse(format!("the site's folder cannot be opened: {error}")))?;
    let output = real_path(&given).map_err(|error| {
        refuse(format!(
            "its real place cannot be found ({error}); do symbolic links on its way lead in a circle?"
        ))
    })?;
    let through = if output == given {
        String::new()
    } else {
        format!(" (through a symbolic link, it is {})", output.display())
    };
    if real_root.starts_with(&output) {
        return Err(refuse(format!(
            "it is the site's folder or contains it{through}"
        )));
    }
    for protected in [
        CONTENT_DIR,
        STATIC_DIR,
        SITE_TEMPLATES_DIR,
        THEMES_DIR,
        config::CONFIG_FILE,
    ] {
        let protected_path = real_root.join(protected);
        let real_protected = real_path(&protected_path).unwrap_or(protected_path);
        if output.starts_with(&real_protected) || output.starts_with(real_root.join(protected)) {
            return Err(refuse(format!(
                "it lies inside the site's {protected}{through}"
            )));
        }
    }
    if output.exists() {
        if !output.is_dir() {
            return Err(refuse(format!("it is a file, not a folder{through}")));
        }
        let is_empty = output
            .read_dir()
            .map(|mut entries| entries.next().is_none())
            .unwrap_or(false);
        if !is_empty && !output.join("index.html").is_file() {
            return Err(refuse(format!(
                "it holds files but no index.html{through}, so it is not a site Treffpunkt built and would be replaced; choose a new or empty folder"
            )));
        }
    }
    Ok(output)
}

/// The real path of `path`, which need not exist yet: its longest existing part with every
/// symbolic link resolved (a link to a folder still to be made included), and the rest as given.
fn real_path(path: &Path) -> std::io::Result<PathBuf> {
    real_path_within(path, 0)
}

fn real_path_within(path: &Path, links_followed: usize) -> std::io::Result<PathBuf> {
    // As many links as Linux follows in one path before it reports a loop.
    const MOST_LINKS: usize = 40;
    let mut missing = Vec::new();
    let mut existing = path;
    loop {
        let real = match existing.canonicalize() {
            Ok(real) => real,
            Err(error) if error.kind() != std::io::ErrorKind::NotFound => return Err(error),
            Err(error) => match existing.read_link() {
                // A link to something missing: resolve where it leads, which is to be made.
                Ok(target) if links_followed < MOST_LINKS => {
                    let parent = existing.parent().unwrap_or(Path::new("/"));
                    real_path_within(&normalize(&parent.join(target)), links_followed + 1)?
                }
                Ok(_) => return Err(std::io::Error::other("too many symbolic links")),
                Err(_) => match (existing.file_name(), existing.parent()) {
                    (Some(name), Some(parent)) => {
                        missing.push(name);
                        existing = parent;
                        continue;
                    }
                    _ => return Err(error),
                },
            },
        };
        return Ok(missing
            .iter()
            .rev()
            .fold(real, |real, part| real.join(part)));
    }
}

/// Removes `.` and resolves `..` without touching the file system (the folder may not exist yet).
fn normalize(path: &Path) -> PathBuf {
    let mut normal = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                normal.pop();
            }
            other => normal.push(other),
        }
    }
    normal
}
