//! A builder for test sites in temporary folders, and the real binary run on them.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use tempfile::TempDir;

const MINIMAL_CONFIG: &str =
    "title = \"Testseite\"\nbase_url = \"https://test.example\"\nauthor = \"Erika Muster\"\n";

pub fn repository() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub struct TestSite {
    dir: TempDir,
}

impl TestSite {
    /// A site with a minimal `site.toml`, no content and the default theme.
    pub fn empty() -> TestSite {
        let site = TestSite {
            dir: tempfile::tempdir().expect("a temporary folder"),
        };
        copy_tree(
            &repository().join("themes/default"),
            &site.path().join("themes/default"),
        );
        site.write("site.toml", MINIMAL_CONFIG)
    }

    /// A copy of `tests/fixtures/<name>` with the default theme.
    pub fn fixture(name: &str) -> TestSite {
        let site = TestSite::empty();
        copy_tree(&repository().join("tests/fixtures").join(name), site.path());
        site
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(self, relative: &str, text: &str) -> TestSite {
        self.put(relative, text);
        self
    }

    /// Writes a file in place, for changes between two builds.
    pub fn put(&self, relative: &str, text: &str) {
        let path = self.path().join(relative);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    /// A post file in `content/posts/` from its front-matter lines and body.
    pub fn post(self, file_name: &str, front_matter: &str, body: &str) -> TestSite {
        let text = format!("---\n{front_matter}\n---\n{body}\n");
        self.write(&format!("content/posts/{file_name}"), &text)
    }

    /// An event file in `content/events/`.
    pub fn event(self, id: &str, yaml: &str) -> TestSite {
        self.write(&format!("content/events/{id}.yaml"), yaml)
    }

    /// Posts `Beitrag 01` ... on consecutive days, so the order is known.
    pub fn numbered_posts(mut self, count: usize) -> TestSite {
        for n in 1..=count {
            self = self.post(
                &format!("beitrag-{n:02}.md"),
                &format!("title: Beitrag {n:02}\ndate: 2026-01-{n:02}"),
                &format!("Text von Beitrag {n:02}."),
            );
        }
        self
    }

    pub fn build(&self, args: &[&str]) -> Run {
        self.run_build(None, args)
    }

    /// A build whose clock reads `now` (RFC 3339), through `SOURCE_DATE_EPOCH`.
    pub fn build_at(&self, now: &str, args: &[&str]) -> Run {
        let epoch = chrono::DateTime::parse_from_rfc3339(now)
            .expect("an RFC 3339 time")
            .timestamp();
        self.run_build(Some(epoch), args)
    }

    fn run_build(&self, epoch: Option<i64>, args: &[&str]) -> Run {
        let mut command = Command::new(env!("CARGO_BIN_EXE_treffpunkt"));
        match epoch {
            Some(epoch) => command.env("SOURCE_DATE_EPOCH", epoch.to_string()),
            None => command.env_remove("SOURCE_DATE_EPOCH"),
        };
        let output = command
            .arg("build")
            .arg("--root")
            .arg(self.path())
            .args(args)
            .output()
            .expect("the treffpunkt binary runs");
        Run::from(output)
    }

    /// A file of the built site, below `public/`.
    pub fn output(&self, relative: &str) -> String {
        let path = self.path().join("public").join(relative);
        fs::read_to_string(&path).unwrap_or_else(|e| panic!("{} is missing: {e}", path.display()))
    }

    pub fn has_output(&self, relative: &str) -> bool {
        self.path().join("public").join(relative).exists()
    }

    /// Every file below `public/` with its bytes.
    pub fn output_tree(&self) -> BTreeMap<PathBuf, Vec<u8>> {
        let public = self.path().join("public");
        walkdir(&public)
            .into_iter()
            .map(|file| {
                (
                    file.strip_prefix(&public).unwrap().to_path_buf(),
                    fs::read(&file).unwrap(),
                )
            })
            .collect()
    }
}

/// Builds the repository's own example site into `output`, at `now` when given.
pub fn build_example(output: &Path, now: Option<&str>) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_treffpunkt"));
    command.env_remove("SOURCE_DATE_EPOCH");
    if let Some(now) = now {
        let epoch = chrono::DateTime::parse_from_rfc3339(now).expect("an RFC 3339 time");
        command.env("SOURCE_DATE_EPOCH", epoch.timestamp().to_string());
    }
    let output = command
        .args(["build", "--root"])
        .arg(repository())
        .arg("--output")
        .arg(output)
        .output()
        .expect("the treffpunkt binary runs");
    Run::from(output)
}

pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl From<std::process::Output> for Run {
    fn from(output: std::process::Output) -> Run {
        Run {
            code: output.status.code(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

impl Run {
    pub fn succeeds(self) -> Run {
        assert_eq!(self.code, Some(0), "the build failed:\n{}", self.stderr);
        self
    }

    /// A failed build: exit code 1 (a panic would be 101), and the messages on stderr.
    pub fn fails(self) -> Run {
        assert_eq!(
            self.code,
            Some(1),
            "expected a clean failure, got:\n{}{}",
            self.stdout,
            self.stderr
        );
        assert!(!self.stderr.contains("panicked"), "{}", self.stderr);
        self
    }

    pub fn reports(self, expected: &str) -> Run {
        assert!(
            self.stderr.contains(expected),
            "expected the error output to contain\n  {expected}\nbut it was:\n{}",
            self.stderr
        );
        self
    }
}

pub fn walkdir(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let Ok(entries) = fs::read_dir(dir) else {
        return files;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(walkdir(&path));
        } else {
            files.push(path);
        }
    }
    files.sort();
    files
}

fn copy_tree(from: &Path, to: &Path) {
    for file in walkdir(from) {
        let target = to.join(file.strip_prefix(from).unwrap());
        fs::create_dir_all(target.parent().unwrap()).unwrap();
        fs::copy(&file, &target).unwrap();
    }
}

/// How many times `needle` occurs in `haystack`.
pub fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}
