//! Finding the site's source files: walking its folders, following symbolic links that stay
//! inside the site, and reporting everything that cannot be read as a problem at its path.
//!
//! Nothing unreadable is ever taken as missing: a folder that cannot be opened, a broken link or
//! a named pipe where a post should be would otherwise publish a site without those files.

use std::io;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diagnostic::{Diagnostic, Diagnostics, display_path};
use crate::load::content::is_editor_litter;

/// The files a walk found, and every problem it met on the way.
#[derive(Debug, Default)]
pub struct Listing {
    /// In a stable order (by name, folder by folder).
    pub files: Vec<PathBuf>,
    pub problems: Diagnostics,
}

impl Listing {
    pub fn into_result(self) -> Result<Vec<PathBuf>, Diagnostics> {
        self.problems.into_result(self.files)
    }
}

/// Every file below `dir` (inside the site's folder `root`) whose name `wanted` accepts, editors'
/// litter left out. A missing `dir` holds none. Symbolic links are followed when they lead to a
/// place inside the site's folder; any other link, and anything that cannot be read, is a problem.
pub fn list(root: &Path, dir: &Path, wanted: impl Fn(&str) -> bool) -> Listing {
    let mut listing = Listing::default();
    let site = match root.canonicalize() {
        Ok(site) => site,
        Err(error) => {
            listing.problems.push(cannot_read(root, root, &error));
            return listing;
        }
    };
    match folder_state(root, &site, dir) {
        Ok(true) => {}
        Ok(false) => return listing,
        Err(problem) => {
            listing.problems.push(problem);
            return listing;
        }
    }
    let mut walk = WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .min_depth(1)
        .into_iter();
    while let Some(entry) = walk.next() {
        let entry = match entry {
            Ok(entry) => entry,
            // Emacs marks a file being edited with a link to nothing, `.#post.md`.
            Err(error) if error.path().is_some_and(is_litter) => continue,
            Err(error) => {
                listing.problems.push(walk_problem(root, dir, error));
                continue;
            }
        };
        let path = entry.path();
        if entry.path_is_symlink()
            && let Err(problem) = check_link(root, &site, path)
        {
            listing.problems.push(problem);
            if entry.file_type().is_dir() {
                walk.skip_current_dir();
            }
            continue;
        }
        let name = entry.file_name().to_string_lossy();
        if entry.file_type().is_dir() || is_editor_litter(&name) || !wanted(&name) {
            continue;
        }
        if !entry.file_type().is_file() {
            listing.problems.push(
                Diagnostic::new(
                    display_path(root, path),
                    "this is not a regular file (a named pipe, socket or device), so it cannot be read",
                )
                .with_help("replace it with a regular file, or move it out of the site's folder"),
            );
            continue;
        }
        listing.files.push(entry.into_path());
    }
    listing
}

fn is_litter(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|name| is_editor_litter(&name.to_string_lossy()))
}

/// Whether the folder `dir` inside the site's folder `root` exists: `Ok(false)` only when it is
/// missing, a problem when it (or a folder on its way) cannot be read, is a file, or is a link
/// to nothing or to a place outside the site.
pub fn folder_exists(root: &Path, dir: &Path) -> Result<bool, Diagnostic> {
    let site = root
        .canonicalize()
        .map_err(|error| cannot_read(root, root, &error))?;
    folder_state(root, &site, dir)
}

/// Whether `dir` exists as a folder (or a link to one inside the site), checked from the site's
/// folder down so that the first part that is not a folder is the one named.
fn folder_state(root: &Path, site: &Path, dir: &Path) -> Result<bool, Diagnostic> {
    let below = dir.strip_prefix(root).unwrap_or(dir);
    let mut path = root.to_path_buf();
    for part in below.components() {
        path.push(part);
        let metadata = match path.symlink_metadata() {
            Ok(metadata) => metadata,
            Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(false),
            // What cannot even be looked at lies in a folder that cannot be opened.
            Err(error) if error.kind() == io::ErrorKind::PermissionDenied => {
                let folder = path.parent().unwrap_or(&path);
                return Err(cannot_read(root, folder, &error));
            }
            Err(error) => return Err(cannot_read(root, &path, &error)),
        };
        if metadata.is_symlink() {
            check_link(root, site, &path)?;
        }
        match path.metadata() {
            Ok(metadata) if metadata.is_dir() => {}
            Ok(_) => {
                return Err(Diagnostic::new(
                    display_path(root, &path),
                    "this should be a folder, but it is a file",
                )
                .with_help("rename or remove the file; Treffpunkt reads the folder of this name"));
            }
            Err(error) => return Err(cannot_read(root, &path, &error)),
        }
    }
    Ok(true)
}

/// Accepts a symbolic link that leads to something inside the site's folder (`site`, real path).
fn check_link(root: &Path, site: &Path, link: &Path) -> Result<(), Diagnostic> {
    let shown = display_path(root, link);
    let real = link.canonicalize().map_err(|error| {
        if error.kind() == io::ErrorKind::NotFound {
            broken_link(root, link)
        } else {
            cannot_read(root, link, &error)
        }
    })?;
    if real.starts_with(site) {
        return Ok(());
    }
    Err(Diagnostic::new(
        shown,
        format!(
            "this symbolic link leads outside the site's folder, to {}; Treffpunkt follows links only to files and folders inside the site",
            real.display()
        ),
    )
    .with_help("copy what it points to into the site's folder, or link to a place inside it"))
}

fn broken_link(root: &Path, link: &Path) -> Diagnostic {
    let target = std::fs::read_link(link)
        .map(|target| format!(" (to {})", target.display()))
        .unwrap_or_default();
    Diagnostic::new(
        display_path(root, link),
        format!("this symbolic link{target} leads to nothing"),
    )
    .with_help("point the link at an existing file, or remove it")
}

fn cannot_read(root: &Path, path: &Path, error: &io::Error) -> Diagnostic {
    if let Some(circle) = link_circle(path) {
        let chain = circle
            .iter()
            .map(|link| display_path(root, link).display().to_string())
            .collect::<Vec<_>>()
            .join(" → ");
        return Diagnostic::new(
            display_path(root, path),
            format!("this symbolic link leads in a circle ({chain}), never to a file"),
        )
        .with_help("point one of these links at a real file or folder, or remove it");
    }
    let shown = display_path(root, path);
    let what = if path.is_dir() { "folder" } else { "file" };
    let diagnostic = Diagnostic::new(&shown, format!("cannot read this {what}: {error}"));
    if error.kind() == io::ErrorKind::PermissionDenied {
        diagnostic.with_help(format!(
            "give the user running Treffpunkt permission to read it (for example `chmod -R u+rX {}`)",
            shown.display()
        ))
    } else {
        diagnostic
    }
}

/// The links from `path` on up to the first one met again, when following them goes round in a
/// circle; the system only says "too many levels of symbolic links", which names neither.
fn link_circle(path: &Path) -> Option<Vec<PathBuf>> {
    // The system gives up after 40 links; a chain that long is not worth naming either.
    const MOST: usize = 40;
    let mut chain: Vec<PathBuf> = Vec::new();
    let mut seen = Vec::new();
    let mut current = path.to_path_buf();
    for _ in 0..MOST {
        let parent = current.parent()?.to_path_buf();
        // Two spellings of one link (`./a` and `a`) are told apart by their real folder.
        let real = parent.canonicalize().ok()?.join(current.file_name()?);
        if seen.contains(&real) {
            chain.push(current);
            return Some(chain);
        }
        let target = std::fs::read_link(&current).ok()?;
        seen.push(real);
        chain.push(current);
        current = parent
            .join(target)
            .components()
            .filter(|part| part != &std::path::Component::CurDir)
            .collect();
    }
    None
}

fn walk_problem(root: &Path, dir: &Path, error: walkdir::Error) -> Diagnostic {
    let path = error.path().unwrap_or(dir).to_path_buf();
    if let Some(ancestor) = error.loop_ancestor() {
        return Diagnostic::new(
            display_path(root, &path),
            format!(
                "this symbolic link leads back into {}, a folder that contains it, so the folder would never end",
                display_path(root, ancestor).display()
            ),
        )
        .with_help("remove the link, or point it at a folder outside this one");
    }
    let is_link = path.symlink_metadata().is_ok_and(|m| m.is_symlink());
    match error.into_io_error() {
        Some(error) if error.kind() == io::ErrorKind::NotFound && is_link => {
            broken_link(root, &path)
        }
        Some(error) => cannot_read(root, &path, &error),
        None => Diagnostic::new(display_path(root, &path), "cannot read this folder"),
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::fs;
    use std::os::unix::fs::symlink;

    fn markdown(name: &str) -> bool {
        name.ends_with(".md")
    }

    fn messages_of(listing: &Listing) -> Vec<String> {
        listing.problems.iter().map(|p| p.to_string()).collect()
    }

    #[test]
    fn links_inside_the_site_are_followed_and_others_refused() {
        let site = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let root = site.path();
        let posts = root.join("content/posts");
        fs::create_dir_all(&posts).unwrap();
        fs::create_dir_all(root.join("drafts/more")).unwrap();
        fs::write(root.join("drafts/a.md"), "a").unwrap();
        fs::write(root.join("drafts/more/b.md"), "b").unwrap();
        fs::write(outside.path().join("c.md"), "c").unwrap();
        symlink(root.join("drafts/a.md"), posts.join("a.md")).unwrap();
        symlink(root.join("drafts/more"), posts.join("more")).unwrap();
        symlink(outside.path().join("c.md"), posts.join("c.md")).unwrap();
        symlink(outside.path(), posts.join("elsewhere")).unwrap();

        let listing = list(root, &posts, markdown);
        assert_eq!(listing.files, [posts.join("a.md"), posts.join("more/b.md")]);
        let messages = messages_of(&listing);
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(messages[0].starts_with("content/posts/c.md: this symbolic link leads outside"));
        assert!(
            messages[1].starts_with("content/posts/elsewhere: this symbolic link leads outside")
        );
    }

    #[test]
    fn links_in_a_circle_are_named_in_order() {
        let site = tempfile::tempdir().unwrap();
        let root = site.path();
        let posts = root.join("content/posts");
        fs::create_dir_all(&posts).unwrap();
        symlink("loop2.md", posts.join("loop1.md")).unwrap();
        symlink("./loop1.md", posts.join("loop2.md")).unwrap();

        let listing = list(root, &posts, markdown);
        assert_eq!(
            messages_of(&listing),
            [
                "content/posts/loop1.md: this symbolic link leads in a circle (content/posts/loop1.md → content/posts/loop2.md → content/posts/loop1.md), never to a file\n  = help: point one of these links at a real file or folder, or remove it",
                "content/posts/loop2.md: this symbolic link leads in a circle (content/posts/loop2.md → content/posts/loop1.md → content/posts/loop2.md), never to a file\n  = help: point one of these links at a real file or folder, or remove it",
            ]
        );
    }

    #[test]
    fn broken_links_loops_pipes_and_files_for_folders_are_problems() {
        let site = tempfile::tempdir().unwrap();
        let root = site.path();
        let posts = root.join("content/posts");
        fs::create_dir_all(&posts).unwrap();
        symlink(root.join("nowhere.md"), posts.join("broken.md")).unwrap();
        symlink(&posts, posts.join("loop")).unwrap();
        let fifo = posts.join("pipe.md");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(
            made.is_ok_and(|status| status.success()),
            "mkfifo works here"
        );

        let messages = messages_of(&list(root, &posts, markdown));
        assert_eq!(messages.len(), 3, "{messages:?}");
        assert!(messages[0].starts_with("content/posts/broken.md: this symbolic link (to "));
        assert!(messages[0].contains("leads to nothing"));
        assert!(
            messages[1].starts_with(
                "content/posts/loop: this symbolic link leads back into content/posts"
            )
        );
        assert!(messages[2].starts_with("content/posts/pipe.md: this is not a regular file"));

        fs::write(root.join("content/events"), "kein Ordner").unwrap();
        let messages = messages_of(&list(root, &root.join("content/events/sub"), markdown));
        assert_eq!(messages.len(), 1, "{messages:?}");
        assert!(
            messages[0].starts_with("content/events: this should be a folder, but it is a file")
        );

        assert!(
            list(root, &root.join("content/pages"), markdown)
                .into_result()
                .unwrap()
                .is_empty()
        );
    }
}
