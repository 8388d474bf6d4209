//! A builder for test sites in temporary folders, and the real binary run on them.

use std::collections::BTreeMap;
use std::fs;
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

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

    /// Runs `treffpunkt args` inside the site's folder (see [`treffpunkt`]).
    pub fn run(&self, args: &[&str]) -> Run {
        treffpunkt(self.path(), args, &[])
    }

    pub fn read(&self, relative: &str) -> String {
        let path = self.path().join(relative);
        fs::read_to_string(&path).unwrap_or_else(|e| panic!("{} is missing: {e}", path.display()))
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

/// The clock of the authoring commands' tests: the dates `new` writes and `events` lists follow it.
pub const NOW: &str = "2026-11-21T10:00:00Z";

/// Runs `treffpunkt args` in `dir` with the clock at [`NOW`], the colour settings of the test's
/// environment removed, and `env` set.
pub fn treffpunkt(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let epoch = chrono::DateTime::parse_from_rfc3339(NOW)
        .unwrap()
        .timestamp();
    let output = Command::new(env!("CARGO_BIN_EXE_treffpunkt"))
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", epoch.to_string())
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR")
        .env_remove("CLICOLOR_FORCE")
        .envs(env.iter().copied())
        .args(args)
        .output()
        .expect("the treffpunkt binary runs");
    Run::from(output)
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
        assert_eq!(
            self.code,
            Some(0),
            "the command failed:\n{}{}",
            self.stdout,
            self.stderr
        );
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

impl TestSite {
    /// Starts `treffpunkt serve --port 0` on the site at the time `now` (RFC 3339), once the
    /// first build is served.
    pub fn serve(&self, now: &str, args: &[&str]) -> Preview {
        let epoch = chrono::DateTime::parse_from_rfc3339(now)
            .expect("an RFC 3339 time")
            .timestamp();
        Preview::start(self.path(), epoch, args)
    }
}

/// A running preview server, stopped when dropped.
pub struct Preview {
    child: std::process::Child,
    pub address: std::net::SocketAddr,
    /// Everything the server printed so far, on either stream.
    terminal: std::sync::Arc<std::sync::Mutex<String>>,
}

impl Preview {
    fn start(root: &Path, epoch: i64, args: &[&str]) -> Preview {
        use std::io::BufRead;
        use std::process::Stdio;

        let mut child = Command::new(env!("CARGO_BIN_EXE_treffpunkt"))
            .env("SOURCE_DATE_EPOCH", epoch.to_string())
            .args(["serve", "--port", "0", "--root"])
            .arg(root)
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the treffpunkt binary runs");
        let terminal = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let (address_found, address) = std::sync::mpsc::channel();
        let stdout = child.stdout.take().unwrap();
        let stderr = child.stderr.take().unwrap();
        let record = |stream: Box<dyn std::io::Read + Send>,
                      tell: Option<std::sync::mpsc::Sender<String>>| {
            let terminal = std::sync::Arc::clone(&terminal);
            std::thread::spawn(move || {
                for line in std::io::BufReader::new(stream)
                    .lines()
                    .map_while(Result::ok)
                {
                    if let (Some(tell), Some(rest)) =
                        (&tell, line.split("Serving the site at http://").nth(1))
                    {
                        let _ = tell.send(rest.split('/').next().unwrap_or_default().to_owned());
                    }
                    let mut terminal = terminal.lock().unwrap();
                    terminal.push_str(&line);
                    terminal.push('\n');
                }
            });
        };
        record(Box::new(stdout), Some(address_found));
        record(Box::new(stderr), None);
        let address = address
            .recv_timeout(Duration::from_secs(30))
            .unwrap_or_else(|_| panic!("the server did not start:\n{}", terminal.lock().unwrap()));
        Preview {
            child,
            address: address.parse().expect("a socket address"),
            terminal,
        }
    }

    pub fn terminal(&self) -> String {
        self.terminal.lock().unwrap().clone()
    }

    /// What the server printed, once it holds `text` (or after ten seconds): the lines reach the
    /// test through pipes and threads of their own, a moment after the server wrote them.
    pub fn terminal_with(&self, text: &str) -> String {
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        loop {
            let terminal = self.terminal();
            if terminal.contains(text) || std::time::Instant::now() > deadline {
                return terminal;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Sends one request with the raw `target` (not normalised, so `..` reaches the server).
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
    pub fn next(&mut self, timeout: Duration) -> serde_json::Value {
        use std::io::Read;
        let deadline = std::time::Instant::now() + timeout;
        loop {
            if let Some(start) = self.buffer.find("data: ")
                && let Some(end) = self.buffer[start..].find('\n')
            {
                let json = self.buffer[start + 6..start + end].trim().to_owned();
                self.buffer.drain(..start + end);
                return serde_json::from_str(&json).expect("a JSON state");
            }
            let left = deadline.saturating_duration_since(std::time::Instant::now());
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
    pub fn until(
        &mut self,
        timeout: Duration,
        wanted: impl Fn(&serde_json::Value) -> bool,
    ) -> serde_json::Value {
        let deadline = std::time::Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            let state = self.next(left.max(Duration::from_millis(1)));
            if wanted(&state) {
                return state;
            }
        }
    }
}
