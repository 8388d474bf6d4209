//! The preview's image work behind its back: a rebuild queues the pictures whose variants the
//! cache lacks and swaps its pages in at once; the variants are then made on threads of their
//! own (never the render's, never the server's), and a request for one waits until it is made
//! or has failed.
//!
//! A variant's name holds the hash of its source and settings, so a picture being made is never
//! queued twice, and a photo saved again while its older bytes are being made is a new picture.

use std::collections::{HashMap, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use tokio::sync::watch;

use super::Picture;
use super::cache::{self, ImageReport, Unmade};
use crate::diagnostic::{Diagnostic, Diagnostics, Written, display_path};

/// What the background tells its owner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finished {
    /// A picture's variants could not be made; requests for them are answered with the
    /// problems, at the places that show it.
    Failed(Diagnostics),
    /// Every picture started is done: `made` of them were made, in `elapsed` since the first
    /// was started.
    Idle { made: usize, elapsed: Duration },
}

/// Makes one picture's missing variants in the site's folder (`cache::make`, or a stand-in in
/// tests).
type Maker = dyn Fn(&Path, &Picture) -> Result<(), Unmade> + Send + Sync;
type Listener = dyn Fn(Finished) + Send + Sync;

/// The queue of pictures to make and the variants waited for; cheap to clone.
#[derive(Clone)]
pub struct Background {
    shared: Arc<Shared>,
}

struct Shared {
    root: PathBuf,
    make: Box<Maker>,
    tell: Box<Listener>,
    threads: rayon::ThreadPool,
    state: Mutex<State>,
    /// Counts the pictures finished, so that waiting requests look again.
    finished: watch::Sender<u64>,
}

#[derive(Default)]
struct State {
    /// The variants not in the cache that are queued, being made or failed, by cache file.
    variants: HashMap<PathBuf, Making>,
    /// Queued by a rebuild, to be started after it.
    queued: Vec<Queued>,
    /// Started, waiting for a thread: the front first, where a request moves its picture.
    ready: VecDeque<Queued>,
    /// Started and not finished (those ready and those being made).
    running: usize,
    /// Made since the background was last idle, and since when it is busy.
    made: usize,
    busy_since: Option<Instant>,
}

/// A picture to make, and the places that show it, where a failure is reported.
struct Queued {
    picture: Picture,
    places: Vec<Written>,
}

#[derive(Debug, Clone)]
enum Making {
    Queued,
    /// Why, and the problems as the places that showed it when it was queued report them.
    Failed(Unmade, Diagnostics),
}

/// Where a variant is, for a request that asks for it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Status {
    /// In the cache, or not the background's to make.
    Ready,
    Making,
    Failed(Diagnostics),
}

impl Background {
    /// Makes variants for the site in `root`, with as many threads as there are cores; `tell`
    /// hears of every failure and of every time the work is done.
    pub fn new(
        root: &Path,
        tell: impl Fn(Finished) + Send + Sync + 'static,
    ) -> Result<Background, std::io::Error> {
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        Background::with_maker(root, cores, cache::make, tell)
    }

    fn with_maker(
        root: &Path,
        threads: usize,
        make: impl Fn(&Path, &Picture) -> Result<(), Unmade> + Send + Sync + 'static,
        tell: impl Fn(Finished) + Send + Sync + 'static,
    ) -> Result<Background, std::io::Error> {
        let threads = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .thread_name(|n| format!("treffpunkt-images-{n}"))
            // A panic is caught where it matters (`make`); one in telling the owner, such as
            // a terminal gone, must not abort the preview.
            .panic_handler(|_| {})
            .build()
            .map_err(std::io::Error::other)?;
        Ok(Background {
            shared: Arc::new(Shared {
                root: root.to_owned(),
                make: Box::new(make),
                tell: Box::new(tell),
                threads,
                state: Mutex::default(),
                finished: watch::Sender::new(0),
            }),
        })
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.shared
            .state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Queues the pictures whose variants the cache lacks, unless they are queued or being
    /// made already; nothing starts before [`Background::start`]. A picture that failed for
    /// what is in its file fails the rebuild, as it fails `build`; one whose variants could not
    /// be written is tried again. `shown_at` gives the places that show a picture, where a
    /// problem with it is reported.
    pub fn queue(
        &self,
        pictures: &[&Picture],
        shown_at: &dyn Fn(&Picture) -> Vec<Written>,
    ) -> Result<ImageReport, Diagnostics> {
        let mut report = ImageReport::default();
        let mut problems = Diagnostics::default();
        let mut state = self.state();
        for picture in pictures {
            let missing = cache::missing(picture);
            if missing.is_empty() {
                report.from_cache += picture.files.len();
                continue;
            }
            report.from_cache += picture.files.len() - missing.len();
            // A picture's missing variants are queued and finished together: one tells all.
            match state.variants.get(&missing[0].file) {
                Some(Making::Queued) => continue,
                Some(Making::Failed(unmade, _)) if unmade.lasting => {
                    for problem in unmade.located(&shown_at(picture)) {
                        problems.push(problem);
                    }
                    continue;
                }
                Some(Making::Failed(..)) | None => {}
            }
            for variant in missing {
                state.variants.insert(variant.file.clone(), Making::Queued);
            }
            state.queued.push(Queued {
                picture: (*picture).clone(),
                places: shown_at(picture),
            });
            report.processed += 1;
        }
        problems.into_result(report)
    }

    /// Starts making what is queued, after the rebuild that queued it swapped its pages in.
    pub fn start(&self) {
        let mut state = self.state();
        if state.queued.is_empty() {
            return;
        }
        if state.running == 0 {
            state.busy_since = Some(Instant::now());
            state.made = 0;
        }
        let started = std::mem::take(&mut state.queued);
        state.running += started.len();
        for queued in started {
            state.ready.push_back(queued);
            // Each takes the picture at the front when a thread is free for it.
            let background = self.clone();
            self.shared.threads.spawn(move || background.make_next());
        }
    }

    fn make_next(&self) {
        let next = self.state().ready.pop_front();
        if let Some(queued) = next {
            self.make(&queued);
        }
    }

    fn make(&self, Queued { picture, places }: &Queued) {
        let shared = &self.shared;
        let made = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            (shared.make)(&shared.root, picture)
        }))
        .unwrap_or_else(|_| {
            Err(Unmade {
                problem: Diagnostic::new(
                    display_path(&shared.root, &picture.source),
                    "Treffpunkt failed inside while making this image; this is a bug: please report it with the image. Saving a file tries again.",
                ),
                lasting: false,
            })
        });
        let failed = made
            .as_ref()
            .err()
            .map(|unmade| (unmade, unmade.located(places).into_iter().collect()));
        let idle = {
            let mut state = self.state();
            // Only the variants queued: the picture's others were in the cache already.
            for variant in &picture.files {
                match &failed {
                    None => {
                        state.variants.remove(&variant.file);
                    }
                    Some((unmade, problems)) => {
                        if let Some(making) = state.variants.get_mut(&variant.file) {
                            *making =
                                Making::Failed((*unmade).clone(), Diagnostics::clone(problems));
                        }
                    }
                }
            }
            state.running -= 1;
            state.made += usize::from(made.is_ok());
            (state.running == 0 && state.queued.is_empty()).then(|| Finished::Idle {
                made: state.made,
                elapsed: state
                    .busy_since
                    .map(|since| since.elapsed())
                    .unwrap_or_default(),
            })
        };
        shared.finished.send_modify(|count| *count += 1);
        if let Some((_, problems)) = failed {
            (shared.tell)(Finished::Failed(problems));
        }
        if let Some(idle) = idle {
            (shared.tell)(idle);
        }
    }

    /// Moves the picture of the variant cached as `file`, if it waits for a thread, to the front:
    /// a page being looked at comes before the photos of a hundred others.
    fn hurry(&self, file: &Path) {
        let mut state = self.state();
        let wanted = state
            .ready
            .iter()
            .position(|queued| (queued.picture.files.iter()).any(|variant| variant.file == file));
        if let Some(picture) = wanted.and_then(|at| state.ready.remove(at)) {
            state.ready.push_front(picture);
        }
    }

    /// Where the variant cached as `file` is now.
    fn status(&self, file: &Path) -> Status {
        match self.state().variants.get(file) {
            None => Status::Ready,
            Some(Making::Queued) => Status::Making,
            Some(Making::Failed(_, problems)) => Status::Failed(problems.clone()),
        }
    }

    /// Waits, without holding a thread, until the variant cached as `file` is made (or is not
    /// the background's to make), or has failed.
    pub async fn made(&self, file: &Path) -> Result<(), Diagnostics> {
        // Subscribed before looking, so that a picture finished in between is not missed.
        let mut finished = self.shared.finished.subscribe();
        self.hurry(file);
        loop {
            match self.status(file) {
                Status::Ready => return Ok(()),
                Status::Failed(problem) => return Err(problem),
                Status::Making => {}
            }
            // The sender lives as long as `self`, so this cannot end while anyone waits.
            let _ = finished.changed().await;
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::mpsc;

    use super::*;
    use crate::images::{OutputFormat, PictureKind, Variant};

    /// A photo whose one variant is cached as `name` in `dir`.
    fn picture(dir: &Path, name: &str) -> Picture {
        Picture {
            source: dir.join("foto.jpg"),
            files: vec![Variant {
                path: format!("/img/{name}"),
                width: 32,
                height: 24,
                format: OutputFormat::Jpeg,
                file: dir.join(name),
            }],
            kind: PictureKind::Resized {
                width: 32,
                height: 24,
                orientation: 1,
                quality: 80,
            },
        }
    }

    /// Queues `pictures` as a rebuild does, shown nowhere in particular.
    fn queue(background: &Background, pictures: &[&Picture]) -> Result<ImageReport, Diagnostics> {
        background.queue(pictures, &|_| Vec::new())
    }

    fn runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
    }

    const LONG: Duration = Duration::from_secs(30);

    /// A background whose maker waits for a word on the returned sender before it makes a
    /// picture (writing its files, or failing with `fails`), counting the pictures it began.
    fn held(dir: &Path, fails: Option<Unmade>) -> Held {
        held_on(dir, 2, fails)
    }

    struct Held {
        background: Background,
        release: mpsc::Sender<()>,
        told: mpsc::Receiver<Finished>,
        begun: Arc<AtomicUsize>,
        /// The pictures in the order they were begun, by their first variant's path.
        order: Arc<Mutex<Vec<String>>>,
    }

    fn held_on(dir: &Path, threads: usize, fails: Option<Unmade>) -> Held {
        let (release, released) = mpsc::channel::<()>();
        let released = Mutex::new(released);
        let (tell, told) = mpsc::channel();
        let tell = Mutex::new(tell);
        let begun = Arc::new(AtomicUsize::new(0));
        let counted = Arc::clone(&begun);
        let begun_in = Arc::new(Mutex::new(Vec::new()));
        let order = Arc::clone(&begun_in);
        let background = Background::with_maker(
            dir,
            threads,
            move |_: &Path, picture: &Picture| {
                order.lock().unwrap().push(picture.files[0].path.clone());
                counted.fetch_add(1, Ordering::SeqCst);
                released.lock().unwrap().recv_timeout(LONG).unwrap();
                if let Some(unmade) = &fails {
                    return Err(unmade.clone());
                }
                for variant in &picture.files {
                    std::fs::write(&variant.file, b"made").unwrap();
                }
                Ok(())
            },
            move |finished| {
                let _ = tell.lock().unwrap().send(finished);
            },
        )
        .unwrap();
        Held {
            background,
            release,
            told,
            begun,
            order: begun_in,
        }
    }

    #[test]
    fn a_request_for_a_variant_waits_until_it_is_made() {
        let dir = tempfile::tempdir().unwrap();
        let photo = picture(dir.path(), "foto-32-1.jpg");
        let file = photo.files[0].file.clone();
        let Held {
            background,
            release,
            told,
            ..
        } = held(dir.path(), None);
        let queued = queue(&background, &[&photo]).unwrap();
        assert_eq!(queued.processed, 1);
        assert_eq!(background.status(&file), Status::Making);
        background.start();
        runtime().block_on(async {
            let waiting = background.clone();
            let wanted = file.clone();
            let request = tokio::spawn(async move { waiting.made(&wanted).await });
            tokio::task::yield_now().await;
            // The maker is held, so the request cannot have been answered.
            assert!(!request.is_finished());
            assert!(!file.exists());
            release.send(()).unwrap();
            assert_eq!(request.await.unwrap(), Ok(()));
        });
        assert!(file.is_file(), "answered before the variant was there");
        assert!(matches!(
            told.recv_timeout(LONG).unwrap(),
            Finished::Idle { made: 1, .. }
        ));
        // Made once: a variant in the cache is ready, and the next rebuild finds it there.
        assert_eq!(background.status(&file), Status::Ready);
        assert_eq!(
            queue(&background, &[&photo]).unwrap(),
            ImageReport {
                processed: 0,
                from_cache: 1
            }
        );
    }

    #[test]
    fn a_picture_queued_or_being_made_is_made_once_and_a_newer_one_as_well() {
        let dir = tempfile::tempdir().unwrap();
        let older = picture(dir.path(), "foto-32-1.jpg");
        let newer = picture(dir.path(), "foto-32-2.jpg");
        let Held {
            background,
            release,
            told,
            begun,
            ..
        } = held(dir.path(), None);
        assert_eq!(queue(&background, &[&older]).unwrap().processed, 1);
        // Queued twice before it starts (two saves in a row), and once more while it is made.
        assert_eq!(queue(&background, &[&older]).unwrap().processed, 0);
        background.start();
        assert_eq!(queue(&background, &[&older]).unwrap().processed, 0);
        // The photo saved again while its older bytes are made: new names, a picture of its own.
        assert_eq!(queue(&background, &[&newer]).unwrap().processed, 1);
        background.start();
        release.send(()).unwrap();
        release.send(()).unwrap();
        let mut made = 0;
        while made < 2 {
            if let Finished::Idle { made: now, .. } = told.recv_timeout(LONG).unwrap() {
                made += now;
            }
        }
        assert_eq!(begun.load(Ordering::SeqCst), 2);
        assert!(older.files[0].file.is_file() && newer.files[0].file.is_file());
    }

    #[test]
    fn a_failed_picture_answers_its_requests_with_the_problem_and_fails_the_next_rebuild() {
        let dir = tempfile::tempdir().unwrap();
        let photo = picture(dir.path(), "foto-32-1.jpg");
        let file = photo.files[0].file.clone();
        let unmade = Unmade {
            problem: Diagnostic::new("content/posts/foto.jpg", "cannot read this image: broken"),
            lasting: true,
        };
        // Told at the place that shows the image, with the line as it was when queued.
        let shown = |line: usize| {
            vec![Written::at(
                Diagnostic::new("content/posts/feier.md", "").at("\n\n![](foto.jpg)", line, 1),
            )]
        };
        let located = |line: usize| Diagnostics::from_iter(unmade.located(&shown(line)));
        let Held {
            background,
            release,
            told,
            begun,
            ..
        } = held(dir.path(), Some(unmade.clone()));
        background.queue(&[&photo], &|_| shown(3)).unwrap();
        background.start();
        let answer = runtime().block_on(async {
            let waiting = background.clone();
            let wanted = file.clone();
            let request = tokio::spawn(async move { waiting.made(&wanted).await });
            release.send(()).unwrap();
            request.await.unwrap()
        });
        assert_eq!(answer, Err(located(3)));
        assert!(
            located(3)
                .to_string()
                .contains("content/posts/feier.md:3:1: cannot read")
        );
        assert_eq!(
            told.recv_timeout(LONG).unwrap(),
            Finished::Failed(located(3))
        );
        // The same bytes would fail again: the next rebuild reports it where it is now shown,
        // as `build` does.
        let again = background.queue(&[&photo], &|_| shown(2)).unwrap_err();
        assert_eq!(again, located(2));
        assert_eq!(begun.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn a_picture_whose_variants_could_not_be_written_is_tried_again() {
        let dir = tempfile::tempdir().unwrap();
        let photo = picture(dir.path(), "foto-32-1.jpg");
        let unmade = Unmade {
            problem: Diagnostic::new("content/posts/foto.jpg", "cannot write: disk full"),
            lasting: false,
        };
        let Held {
            background,
            release,
            told,
            ..
        } = held(dir.path(), Some(unmade));
        queue(&background, &[&photo]).unwrap();
        background.start();
        release.send(()).unwrap();
        assert!(matches!(
            told.recv_timeout(LONG).unwrap(),
            Finished::Failed(_)
        ));
        assert_eq!(queue(&background, &[&photo]).unwrap().processed, 1);
    }

    #[test]
    fn a_maker_that_panics_fails_its_picture_instead_of_leaving_requests_waiting() {
        let dir = tempfile::tempdir().unwrap();
        let photo = picture(dir.path(), "foto-32-1.jpg");
        let (tell, told) = mpsc::channel();
        let tell = Mutex::new(tell);
        let background = Background::with_maker(
            dir.path(),
            1,
            |_: &Path, _: &Picture| panic!("a bug"),
            move |finished| {
                let _ = tell.lock().unwrap().send(finished);
            },
        )
        .unwrap();
        queue(&background, &[&photo]).unwrap();
        background.start();
        let answer = runtime().block_on(background.made(&photo.files[0].file));
        let problem = answer.unwrap_err().to_string();
        assert!(problem.contains("this is a bug"), "{problem}");
        assert!(matches!(
            told.recv_timeout(LONG).unwrap(),
            Finished::Failed(_)
        ));
    }

    #[test]
    fn a_requested_picture_is_made_before_the_others_waiting() {
        let dir = tempfile::tempdir().unwrap();
        let [first, second, wanted] =
            ["a-32-1.jpg", "b-32-1.jpg", "c-32-1.jpg"].map(|name| picture(dir.path(), name));
        let held = held_on(dir.path(), 1, None);
        let background = &held.background;
        queue(background, &[&first, &second, &wanted]).unwrap();
        background.start();
        // The one thread is held at `first` before the request comes.
        let deadline = Instant::now() + LONG;
        while held.begun.load(Ordering::SeqCst) == 0 {
            assert!(
                Instant::now() < deadline,
                "the first picture was never begun"
            );
            std::thread::yield_now();
        }
        runtime().block_on(async {
            let waiting = background.clone();
            let file = wanted.files[0].file.clone();
            let request = tokio::spawn(async move { waiting.made(&file).await });
            // The request runs up to its wait.
            for _ in 0..3 {
                tokio::task::yield_now().await;
            }
            for _ in 0..3 {
                held.release.send(()).unwrap();
            }
            assert_eq!(request.await.unwrap(), Ok(()));
        });
        while !matches!(held.told.recv_timeout(LONG).unwrap(), Finished::Idle { .. }) {}
        assert_eq!(
            *held.order.lock().unwrap(),
            ["/img/a-32-1.jpg", "/img/c-32-1.jpg", "/img/b-32-1.jpg"]
        );
    }
}
