//! `treffpunkt serve`: builds the site into memory, serves it on a local address, and rebuilds
//! what changed whenever a file of the site is saved, telling open pages to reload.

mod connections;
mod files;
mod http;
mod watch;

use std::io::{self, ErrorKind};
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::images::background::{Background, Finished};
use crate::output::memory::Memory;
use crate::pipeline::{BuildError, BuildOptions, MakeImages, Project};
use crate::render::RenderReport;
use crate::terminal::{Terminal, count};
use files::SiteFiles;
use watch::{Changes, Reaction, Watcher};

pub struct ServeOptions {
    /// `base_url` is ignored: the preview puts its own address there.
    pub build: BuildOptions,
    pub bind: IpAddr,
    pub port: u16,
    pub open: bool,
    pub terminal: Terminal,
}

/// What open pages learn after every rebuild.
#[derive(Debug, Clone, Default, Serialize)]
pub struct LiveState {
    /// Counts the rebuilds that changed what is served.
    pub generation: u64,
    /// The last generation that changed more than stylesheets: older pages reload.
    pub pages_generation: u64,
    /// The problems of the last rebuild, when it failed; the last good site is still served.
    pub error: Option<String>,
}

/// Why the preview could not start or stopped before Ctrl-C.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(
        "the port {port} on {ip} is already in use (is another preview running?); choose another with `--port {}`, or `--port 0` for any free port",
        port.wrapping_add(1).max(1024)
    )]
    PortInUse { ip: IpAddr, port: u16 },
    #[error(
        "this machine has no address {ip}; use `--bind 127.0.0.1` (or an address of this machine)"
    )]
    NoSuchAddress { ip: IpAddr },
    #[error("{doing}: {source}")]
    Io { doing: String, source: io::Error },
    #[error("cannot watch the files of {}: {source}", root.display())]
    Watch {
        root: std::path::PathBuf,
        source: notify::Error,
    },
    #[error(transparent)]
    Server(io::Error),
}

/// The `context` of an I/O error: what was being done.
fn doing(doing: impl Into<String>) -> impl FnOnce(io::Error) -> ServeError {
    let doing = doing.into();
    move |source| ServeError::Io { doing, source }
}

pub fn serve(options: ServeOptions) -> Result<(), ServeError> {
    let listener = bind(options.bind, options.port)?;
    let address = listener
        .local_addr()
        .map_err(doing("cannot tell the address the preview listens on"))?;
    let site_url = site_url(address);
    let root = std::path::absolute(&options.build.root).map_err(doing(format!(
        "cannot find the folder {}",
        options.build.root.display()
    )))?;
    let build = BuildOptions {
        root: root.clone(),
        base_url: Some(site_url.clone()),
        ..options.build
    };

    let files = Arc::new(SiteFiles::default());
    let (live, live_receiver) = tokio::sync::watch::channel(LiveState::default());
    let images = Background::new(&root, told_of_images(options.terminal, live.clone()))
        .map_err(doing("cannot start the threads that make images"))?;
    let mut rebuilder = Rebuilder {
        project: Project::new(build),
        files: Arc::clone(&files),
        images: images.clone(),
        live,
        terminal: options.terminal,
    };
    rebuilder.rebuild(Trigger::First);

    let (events, batches) = std::sync::mpsc::channel();
    let mut watcher = Watcher::start(&root, events).map_err(|source| ServeError::Watch {
        root: root.clone(),
        source,
    })?;
    std::thread::spawn(move || {
        for batch in batches {
            let replaced = watcher.watch_site_folders();
            match watch::react(&root, batch, &replaced) {
                Reaction::Nothing => {}
                Reaction::Rebuild(changes) => rebuilder.rebuild(Trigger::Changes(&changes)),
                Reaction::ReloadEverything(why) => {
                    rebuilder.rebuild(Trigger::Everything(&why));
                }
            }
        }
    });

    if address.ip().is_unspecified() {
        println!(
            "Listening on every network interface, port {}.",
            address.port()
        );
    }
    println!("Serving the site at {site_url} (Ctrl-C stops).");
    if options.open {
        open_browser(&site_url);
    }

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .enable_time()
        .build()
        .map_err(doing("cannot start the preview server"))?;
    runtime
        .block_on(async {
            listener.set_nonblocking(true)?;
            let listener = tokio::net::TcpListener::from_std(listener)?;
            let app = http::router(files, live_receiver, images);
            tokio::spawn(connections::serve(listener, app));
            tokio::signal::ctrl_c().await
        })
        .map_err(ServeError::Server)?;
    // Open pages keep their event streams open; they are cut rather than waited for.
    runtime.shutdown_timeout(Duration::from_millis(100));
    println!("\nStopped the preview.");
    Ok(())
}

fn bind(ip: IpAddr, port: u16) -> Result<TcpListener, ServeError> {
    let address = SocketAddr::new(ip, port);
    TcpListener::bind(address).map_err(|error| match error.kind() {
        ErrorKind::AddrInUse => ServeError::PortInUse { ip, port },
        ErrorKind::AddrNotAvailable => ServeError::NoSuchAddress { ip },
        _ => doing(format!("cannot listen on {address}"))(error),
    })
}

/// The address pages link to. On every interface, links use the loopback address of the
/// same family, which works on this machine.
fn site_url(address: SocketAddr) -> String {
    let ip = match address.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::from([127, 0, 0, 1]),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::from(std::net::Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    format!("http://{}/", SocketAddr::new(ip, address.port()))
}

/// What the terminal and open pages learn from the images made in the background: a failure as
/// a failed rebuild shows it (the same message `build` gives), and when all are made.
fn told_of_images(
    terminal: Terminal,
    live: tokio::sync::watch::Sender<LiveState>,
) -> impl Fn(Finished) + Send + Sync + 'static {
    move |finished| match finished {
        Finished::Failed(problems) => {
            anstream::eprint!(
                "{} An image could not be made; the pages show it broken until it is fixed\n{}",
                clock(),
                terminal.styled(&problems)
            );
            live.send_modify(|state| state.error = Some(problems.to_string()));
        }
        Finished::Idle { made: 0, .. } => {}
        Finished::Idle { made, elapsed } => terminal.status(format!(
            "{} {} made in {} ms",
            clock(),
            count(made, "image"),
            elapsed.as_millis()
        )),
    }
}

struct Rebuilder {
    project: Project,
    files: Arc<SiteFiles>,
    /// Makes the variants a rebuild found missing, once its pages are swapped in.
    images: Background,
    live: tokio::sync::watch::Sender<LiveState>,
    terminal: Terminal,
}

/// What a rebuild follows.
enum Trigger<'a> {
    First,
    Changes(&'a Changes),
    /// Everything is read again; the reason is told in the terminal.
    Everything(&'a str),
}

type Built = (Memory, RenderReport);

impl Rebuilder {
    /// Loads and renders what changed and swaps it in; a failure keeps the last good site served
    /// and shows its problems in the terminal and on open pages. A panic is a failure too: it is
    /// caught here, so that the preview goes on serving and the next save rebuilds.
    fn rebuild(&mut self, trigger: Trigger) {
        let started = Instant::now();
        let what = match trigger {
            Trigger::First => "Built the site".to_owned(),
            Trigger::Changes(changes) => format!("{} changed", changes.describe()),
            Trigger::Everything(why) => format!("{why}; read everything again"),
        };
        let changes = match trigger {
            Trigger::Changes(changes) => Some(changes),
            Trigger::First | Trigger::Everything(_) => None,
        };
        if let Trigger::Everything(_) = trigger {
            self.project.forget_everything();
        }
        let result = guarded(|| self.build(changes));
        if let Err(BuildError::Internal(_)) = result {
            // Whatever the failed build had read may be half-done: start afresh next time.
            self.project.forget_everything();
        }
        match result {
            Ok((made, report)) => {
                self.files.update(made, &report);
                self.succeeded(&what, started, changes, &report);
            }
            Err(error) => self.failed(&what, &error),
        }
        // Only now, so that the pages are served before any photo is decoded.
        self.images.start();
    }

    /// Tells the terminal and open pages of a rebuild that succeeded with `report`.
    fn succeeded(
        &self,
        what: &str,
        started: Instant,
        changes: Option<&Changes>,
        report: &RenderReport,
    ) {
        let static_changed = !report.copied.is_empty() || !report.uncopied.is_empty();
        let pages_changed = !report.written.is_empty()
            || !report.removed.is_empty()
            || (static_changed && !changes.is_some_and(Changes::only_stylesheets));
        let images = match self.project.images.processed {
            0 => String::new(),
            queued => format!("; making {} in the background", count(queued, "image")),
        };
        // The terminal first: by the time a page reloads, the line is there to read.
        self.terminal.status(format!(
            "{} {what}: {} rendered, {} removed in {} ms{images}",
            clock(),
            count(report.written.len(), "file"),
            report.removed.len(),
            started.elapsed().as_millis()
        ));
        for path in report.written.iter().chain(&report.removed).take(20) {
            self.terminal.detail(format!("  {path}"));
        }
        self.live.send_modify(|state| {
            if pages_changed || static_changed {
                state.generation += 1;
            }
            if pages_changed {
                state.pages_generation = state.generation;
            }
            state.error = None;
        });
    }

    /// Tells the terminal and open pages of a rebuild that failed; the last good site stays.
    fn failed(&self, what: &str, error: &BuildError) {
        let problems = match error {
            BuildError::Invalid(problems) => problems.to_string(),
            other => format!("{other}\n"),
        };
        // Every successful build changes what is served, so generation 0 means none yet.
        let served = if self.live.borrow().generation > 0 {
            "the last good site is still served"
        } else {
            "nothing can be served until it is fixed"
        };
        let shown = match error {
            BuildError::Invalid(found) => self.terminal.styled(found).to_string(),
            _ => problems.clone(),
        };
        anstream::eprint!("{} {what}: the build failed, {served}\n{shown}", clock());
        self.live.send_modify(|state| state.error = Some(problems));
    }

    fn build(&mut self, changes: Option<&Changes>) -> Result<Built, BuildError> {
        if let Some(changes) = changes {
            self.project.forget(&changes.paths(self.project.root()));
            if changes.touch_static_files() {
                self.project.forget_static_files();
            }
        }
        let loaded = self.project.load()?;
        let static_files = self.project.static_files(&loaded.theme)?;
        let made = Memory::default();
        let report = self.project.render(
            &loaded,
            &static_files,
            &made,
            MakeImages::InBackground(&self.images),
        )?;
        Ok((made, report))
    }
}

/// Runs `build`, turning a panic into a build error that says what happened.
fn guarded<T>(build: impl FnOnce() -> Result<T, BuildError>) -> Result<T, BuildError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(build)).unwrap_or_else(|panic| {
        let message = panic
            .downcast_ref::<&str>()
            .map(|text| (*text).to_owned())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "no message".to_owned());
        Err(BuildError::Internal(message))
    })
}

fn clock() -> String {
    chrono::Local::now().format("%H:%M:%S").to_string()
}

/// Opens the preview in the desktop's browser; if that fails, the printed address still works.
fn open_browser(url: &str) {
    let command: &[&str] = if cfg!(target_os = "macos") {
        &["open"]
    } else if cfg!(windows) {
        &["cmd", "/C", "start", ""]
    } else {
        &["xdg-open"]
    };
    let opened = std::process::Command::new(command[0])
        .args(&command[1..])
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if opened.is_err() {
        eprintln!("Could not open a browser; open {url} yourself.");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panicking_build_becomes_an_error_that_says_so() {
        let result: Result<(), BuildError> = guarded(|| panic!("index out of bounds"));
        let Err(BuildError::Internal(message)) = result else {
            panic!("the panic was not caught as an internal error");
        };
        assert_eq!(message, "index out of bounds");
        let shown = BuildError::Internal(message).to_string();
        assert!(shown.contains("this is a bug"), "{shown}");
        assert!(guarded(|| Ok(1)).is_ok_and(|n| n == 1));
    }
}
