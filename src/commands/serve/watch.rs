//! Watching the site's files, and telling which changes matter to the preview and how.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

use notify::RecursiveMode;
use notify::event::{AccessKind, AccessMode, EventKind};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};
use same_file::Handle;

use crate::load::config::CONFIG_FILE;
use crate::load::content::{CONTENT_DIR, is_editor_litter};
use crate::load::theme::{SITE_TEMPLATES_DIR, STATIC_DIR, THEMES_DIR};

/// The folders whose files make the site; site.toml is watched through the site's folder.
const SITE_FOLDERS: [&str; 4] = [CONTENT_DIR, STATIC_DIR, SITE_TEMPLATES_DIR, THEMES_DIR];

/// Editors save in bursts (a temporary file, a rename, a change of attributes): one rebuild for
/// each burst, started soon enough that the preview feels instant.
const DEBOUNCE: Duration = Duration::from_millis(20);

pub struct Watcher {
    root: PathBuf,
    debouncer: Debouncer<notify::RecommendedWatcher, RecommendedCache>,
    /// The site folders watched, each with a handle on the folder itself: a folder replaced by
    /// another of the same name (`mv content.new content`, some sync tools, `git checkout`) is a
    /// different folder, which the old watch does not see.
    watched: BTreeMap<&'static str, Handle>,
}

impl Watcher {
    /// Watches the site's folder itself (not recursively: editors that save site.toml by writing
    /// a new file and renaming it would go unnoticed otherwise) and each of its site folders.
    pub fn start(root: &Path, events: Sender<DebounceEventResult>) -> notify::Result<Watcher> {
        let mut debouncer = new_debouncer(DEBOUNCE, None, events)?;
        debouncer.watch(root, RecursiveMode::NonRecursive)?;
        let mut watcher = Watcher {
            root: root.to_path_buf(),
            debouncer,
            watched: BTreeMap::new(),
        };
        watcher.watch_site_folders();
        Ok(watcher)
    }

    /// Starts watching site folders created since (a new `static/`, say) or replaced by another
    /// folder of the same name; forgets removed ones. Returns the folders that were replaced.
    pub fn watch_site_folders(&mut self) -> Vec<&'static str> {
        let mut replaced = Vec::new();
        for folder in SITE_FOLDERS {
            let path = self.root.join(folder);
            let now = path
                .is_dir()
                .then(|| Handle::from_path(&path).ok())
                .flatten();
            let same = match (self.watched.get(folder), &now) {
                (Some(before), Some(now)) => before == now,
                (None, None) => true,
                _ => false,
            };
            if same {
                continue;
            }
            if self.watched.remove(folder).is_some() {
                let _ = self.debouncer.unwatch(&path);
                if now.is_some() {
                    replaced.push(folder);
                }
            }
            if let Some(now) = now
                && self
                    .debouncer
                    .watch(&path, RecursiveMode::Recursive)
                    .is_ok()
            {
                self.watched.insert(folder, now);
            }
        }
        replaced
    }
}

/// What the preview does about one burst of file system events.
#[derive(Debug, PartialEq, Eq)]
pub enum Reaction {
    Nothing,
    Rebuild(Changes),
    /// Events may have been lost or whole folders changed: read everything again, saying why.
    ReloadEverything(String),
}

/// The reaction to `batch`, after the site folders named in `replaced` were found replaced.
pub fn react(root: &Path, batch: DebounceEventResult, replaced: &[&str]) -> Reaction {
    let events = match batch {
        Ok(events) => events,
        Err(errors) => {
            let errors: Vec<String> = errors.iter().map(ToString::to_string).collect();
            return Reaction::ReloadEverything(format!(
                "watching the files failed ({})",
                errors.join("; ")
            ));
        }
    };
    if let Some(folder) = replaced.first() {
        return Reaction::ReloadEverything(format!("the folder {folder}/ was replaced"));
    }
    if events.iter().any(|event| event.need_rescan()) {
        return Reaction::ReloadEverything(
            "too many changes at once for the file watcher to follow".to_owned(),
        );
    }
    let paths = events
        .into_iter()
        .filter(|event| is_change(&event.kind))
        .flat_map(|event| event.event.paths);
    let changes = Changes::of(root, paths);
    if changes.files.len() > MANY_CHANGES {
        // Telling the cache each file would cost the files it holds times the files changed.
        return Reaction::ReloadEverything(format!("{} files changed", changes.files.len()));
    }
    if changes.is_empty() {
        Reaction::Nothing
    } else {
        Reaction::Rebuild(changes)
    }
}

/// Beyond this many files changed at once (a `git checkout`, a sync), everything is read again.
const MANY_CHANGES: usize = 256;

/// Whether a file system event changes a file; reading one (as every build does) does not.
pub fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) | EventKind::Other => false,
        EventKind::Any | EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_) => true,
    }
}

/// The files of one burst of changes that matter to the site, relative to its folder.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Changes {
    files: BTreeSet<PathBuf>,
}

impl Changes {
    /// Keeps site.toml and the files in the site folders; drops editor litter, the output
    /// folder and everything else beside the site.
    pub fn of(root: &Path, paths: impl IntoIterator<Item = PathBuf>) -> Changes {
        let files = paths
            .into_iter()
            .filter_map(|path| path.strip_prefix(root).ok().map(Path::to_path_buf))
            .filter(|relative| {
                let first = relative.components().next();
                let in_site = match first {
                    Some(Component::Normal(name)) => {
                        (name == CONFIG_FILE && relative.components().count() == 1)
                            || SITE_FOLDERS.iter().any(|folder| name == *folder)
                    }
                    _ => false,
                };
                let litter = relative
                    .file_name()
                    .is_some_and(|name| is_editor_litter(&name.to_string_lossy()));
                in_site && !litter
            })
            .collect();
        Changes { files }
    }

    /// The changed files as absolute paths below `root`.
    pub fn paths(&self, root: &Path) -> Vec<PathBuf> {
        self.files.iter().map(|file| root.join(file)).collect()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Whether the static files must be read again: anything but content changed.
    pub fn touch_static_files(&self) -> bool {
        self.files.iter().any(|file| !file.starts_with(CONTENT_DIR))
    }

    /// Whether only stylesheets among the static files changed, which pages can swap in place.
    pub fn only_stylesheets(&self) -> bool {
        !self.files.is_empty()
            && self.files.iter().all(|file| {
                let in_static = file.starts_with(STATIC_DIR)
                    || (file.starts_with(THEMES_DIR)
                        && file
                            .components()
                            .nth(2)
                            .is_some_and(|c| c.as_os_str() == STATIC_DIR));
                in_static && file.extension().is_some_and(|ext| ext == "css")
            })
    }

    /// "content/posts/a.md", or "content/posts/a.md and 2 more files".
    pub fn describe(&self) -> String {
        let mut files = self.files.iter();
        let Some(first) = files.next() else {
            return "nothing".into();
        };
        match files.count() {
            0 => first.display().to_string(),
            1 => format!("{} and 1 more file", first.display()),
            more => format!("{} and {more} more files", first.display()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn changes(paths: &[&str]) -> Changes {
        Changes::of(
            Path::new("/site"),
            paths.iter().map(|path| Path::new("/site").join(path)),
        )
    }

    #[test]
    fn only_the_site_s_own_files_count() {
        let found = changes(&[
            "content/posts/a.md",
            "content/posts/.a.md.swp",
            "content/posts/a.md~",
            "content/posts/4913",
            "content/posts/.#a.md",
            ".DS_Store",
            "public/index.html",
            ".public.staging-12/index.html",
            "README.md",
            "site.toml",
            "themes/default/templates/base.html",
        ]);
        assert_eq!(
            found
                .files
                .iter()
                .map(|p| p.to_str().unwrap())
                .collect::<Vec<_>>(),
            [
                "content/posts/a.md",
                "site.toml",
                "themes/default/templates/base.html"
            ]
        );
    }

    fn event(kind: EventKind, path: &str) -> notify_debouncer_full::DebouncedEvent {
        notify_debouncer_full::DebouncedEvent::new(
            notify::Event::new(kind).add_path(Path::new("/site").join(path)),
            std::time::Instant::now(),
        )
    }

    #[test]
    fn lost_events_and_replaced_folders_reload_everything() {
        let root = Path::new("/site");
        let saved = || {
            Ok(vec![event(
                EventKind::Modify(notify::event::ModifyKind::Any),
                "content/posts/a.md",
            )])
        };
        assert_eq!(
            react(root, saved(), &[]),
            Reaction::Rebuild(changes(&["content/posts/a.md"]))
        );
        let overflow = notify::Event::new(EventKind::Other).set_flag(notify::event::Flag::Rescan);
        let rescan = Ok(vec![notify_debouncer_full::DebouncedEvent::new(
            overflow,
            std::time::Instant::now(),
        )]);
        assert!(matches!(
            react(root, rescan, &[]),
            Reaction::ReloadEverything(why) if why.contains("too many changes")
        ));
        assert!(matches!(
            react(root, saved(), &["content"]),
            Reaction::ReloadEverything(why) if why == "the folder content/ was replaced"
        ));
        assert!(matches!(
            react(root, Err(vec![notify::Error::generic("kaputt")]), &[]),
            Reaction::ReloadEverything(why) if why.contains("kaputt")
        ));
        let checkout = Ok((0..=MANY_CHANGES)
            .map(|n| {
                event(
                    EventKind::Create(notify::event::CreateKind::File),
                    &format!("content/posts/{n}.md"),
                )
            })
            .collect());
        assert_eq!(
            react(root, checkout, &[]),
            Reaction::ReloadEverything("257 files changed".to_owned())
        );
        let read = Ok(vec![event(
            EventKind::Access(AccessKind::Read),
            "content/posts/a.md",
        )]);
        assert_eq!(react(root, read, &[]), Reaction::Nothing);
    }

    #[test]
    fn stylesheets_alone_are_told_apart() {
        assert!(
            changes(&["static/extra.css", "themes/default/static/style.css"]).only_stylesheets()
        );
        assert!(!changes(&["static/extra.css", "content/posts/a.md"]).only_stylesheets());
        assert!(!changes(&["themes/default/templates/x.css"]).only_stylesheets());
        assert!(!changes(&["content/posts/a.md"]).touch_static_files());
        assert!(changes(&["site.toml"]).touch_static_files());
    }
}
