//! Running the real binary on a mutated site under a clock, a time limit and a memory watch, and
//! judging what it did against issue 11's promises.

use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

pub struct Limits {
    pub time: Duration,
    pub memory_kib: u64,
}

pub enum Ending {
    Exited {
        code: i32,
        stderr: String,
    },
    Signal(i32),
    TimedOut,
    /// Killed by the watch after its resident memory passed the limit (in KiB).
    TooMuchMemory(u64),
}

/// Runs `treffpunkt <command> --root site` from `dir`, killing it at the limits.
pub fn run(dir: &Path, command: &str, limits: &Limits) -> Ending {
    let mut child = Command::new(env!("CARGO_BIN_EXE_treffpunkt"))
        .current_dir(dir)
        // The integration tests' clock.
        .env(
            "SOURCE_DATE_EPOCH",
            crate::clock::epoch(crate::clock::NOW).to_string(),
        )
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .args([command, "--root", "site"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the treffpunkt binary runs");
    let mut pipe = child.stderr.take().unwrap();
    // The pipe is drained beside the watch: a full pipe would stall the child.
    let reader = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        bytes
    });
    let started = Instant::now();
    let status_file = PathBuf::from(format!("/proc/{}/status", child.id()));
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            use std::os::unix::process::ExitStatusExt;
            let stderr = String::from_utf8_lossy(&reader.join().unwrap()).into_owned();
            break match (status.code(), status.signal()) {
                (Some(code), _) => Ending::Exited { code, stderr },
                (None, Some(signal)) => Ending::Signal(signal),
                (None, None) => unreachable!("a process ends with a code or a signal"),
            };
        }
        let resident = resident_kib(&status_file);
        let over = if resident > limits.memory_kib {
            Some(Ending::TooMuchMemory(resident))
        } else if started.elapsed() > limits.time {
            Some(Ending::TimedOut)
        } else {
            None
        };
        if let Some(ending) = over {
            let _ = child.kill();
            let _ = child.wait();
            let _ = reader.join();
            break ending;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The resident memory of a running process from `/proc` (0 where there is none).
fn resident_kib(status_file: &Path) -> u64 {
    fs::read_to_string(status_file)
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|line| line.strip_prefix("VmRSS:"))
                .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

/// One entry of a folder tree, compared without following links.
#[derive(Debug, PartialEq, Eq)]
pub enum Entry {
    Folder,
    File { length: u64, hash: u64 },
    Link(PathBuf),
    Unreadable,
}

pub type Tree = BTreeMap<PathBuf, Entry>;

/// Every entry below `root` except those in `skip` (the output folder and the cache), with the
/// bytes of files hashed.
pub fn snapshot(root: &Path, skip: &[&Path]) -> Tree {
    use std::hash::{Hash, Hasher};
    let mut tree = Tree::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            tree.insert(
                dir.strip_prefix(root).unwrap().to_path_buf(),
                Entry::Unreadable,
            );
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if skip.contains(&path.as_path()) {
                continue;
            }
            let relative = path.strip_prefix(root).unwrap().to_path_buf();
            let kind = fs::symlink_metadata(&path).unwrap().file_type();
            let entry = if kind.is_symlink() {
                Entry::Link(fs::read_link(&path).unwrap())
            } else if kind.is_dir() {
                stack.push(path);
                Entry::Folder
            } else {
                match fs::read(&path) {
                    Ok(bytes) => {
                        let mut hasher = std::collections::hash_map::DefaultHasher::new();
                        bytes.hash(&mut hasher);
                        Entry::File {
                            length: bytes.len() as u64,
                            hash: hasher.finish(),
                        }
                    }
                    Err(_) => Entry::Unreadable,
                }
            };
            tree.insert(relative, entry);
        }
    }
    tree
}

/// The first difference between two trees, for the report.
pub fn difference(before: &Tree, after: &Tree) -> Option<String> {
    for (path, entry) in before {
        match after.get(path) {
            None => return Some(format!("{} was removed", path.display())),
            Some(now) if now != entry => return Some(format!("{} was changed", path.display())),
            Some(_) => {}
        }
    }
    after
        .keys()
        .find(|path| !before.contains_key(*path))
        .map(|path| format!("{} was added", path.display()))
}

/// How an `error:` line names its place.
#[derive(Debug, PartialEq, Eq)]
pub enum Place {
    /// `path:line:col: message`
    Located,
    /// `path: message`, the path one in the site (or one the mutation made, which may be gone).
    PathOnly,
    Unlocated,
}

/// Reads the place from the text after `error: `: the path comes first, as the project's
/// diagnostics print it. `site` is the site's folder; `touched` are the paths the mutation made,
/// which may no longer exist or be printed with replacement characters.
pub fn place(message: &str, site: &Path, touched: &[PathBuf]) -> Place {
    let Some((path, rest)) = message.split_once(':') else {
        return Place::Unlocated;
    };
    let shown = Path::new(path);
    let relative = shown.strip_prefix(site).unwrap_or(shown);
    let of_touched = touched
        .iter()
        .any(|t| relative.starts_with(Path::new(&*t.to_string_lossy())));
    let in_site = !path.is_empty()
        && !path.contains(".public.")
        && (of_touched
            || site.join(relative).symlink_metadata().is_ok()
            || (shown.is_absolute() && shown.starts_with(site)));
    if !in_site {
        return Place::Unlocated;
    }
    let mut parts = rest.splitn(3, ':');
    let number = |part: Option<&str>| {
        part.is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) && n != "0")
    };
    if number(parts.next())
        && number(parts.next())
        && parts.next().is_some_and(|m| m.starts_with(' '))
    {
        Place::Located
    } else if rest.starts_with(' ') {
        Place::PathOnly
    } else {
        Place::Unlocated
    }
}
