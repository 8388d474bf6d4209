//! The seeded mutation fuzzer: hostile changes to the fixture sites and the example site, each
//! built over a good earlier output by the real binary, judged against issue 11's promises.
//!
//! For every mutated site, `treffpunkt build` (fixed clock, time limit, memory watch) must:
//! - never panic (exit 101), abort or die by a signal, hang past the time limit or pass the
//!   memory limit;
//! - exit 0, or exit 1 with every `error:` line located as `path:line:col:`; only problems of
//!   the file system, which have no line, may name the path alone (`path: …`), and only after a
//!   change of the file system: a file or folder that cannot be read (permissions, a folder
//!   where a file belongs or the reverse, broken, looping or outside links), file names (not
//!   UTF-8, too long or without letters for a URL) and two files for one URL or one event id;
//! - exit 1 for input that is broken beyond doubt (invalid UTF-8, a duplicate key, a duration
//!   beyond a year, an unreadable entry, a looping, broken or outside link);
//! - after exit 1, leave the previous output byte-identical;
//! - write nothing outside the output folder (the site's tree and its parent are compared).
//!
//! `treffpunkt check` on the same input must not crash either, must fail whenever the build
//! failed (check finds what build refuses), locate its errors the same way and write nothing.
//!
//! The quick run (`.ci/run`) takes about a minute:
//!     cargo test --test fuzz -- --ignored --nocapture
//! The long run, thirty minutes:
//!     TREFFPUNKT_FUZZ_SECONDS=1800 TREFFPUNKT_FUZZ_HUGE_MB=10 \
//!         cargo test --release --test fuzz -- --ignored --nocapture
//! Settings: `TREFFPUNKT_FUZZ_SEED` (printed by every run), `TREFFPUNKT_FUZZ_CASES` (default
//! 100; unlimited when only SECONDS is given), `TREFFPUNKT_FUZZ_SECONDS`, `TREFFPUNKT_FUZZ_ONLY`
//! (one case of the seed, by its number), `TREFFPUNKT_FUZZ_JOBS` (default 2),
//! `TREFFPUNKT_FUZZ_TIMEOUT` (seconds per command, default 30), `TREFFPUNKT_FUZZ_MEMORY_MB`
//! (default 1024), `TREFFPUNKT_FUZZ_HUGE_MB` (the huge lines, default 1) and
//! `TREFFPUNKT_FUZZ_KEEP` (a folder that keeps every failing case's site).

#[path = "../integration/clock.rs"]
mod clock;
mod judge;
mod mutation;

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use judge::{Ending, Limits, Place};
use mutation::Rng;

fn setting(name: &str) -> Option<u64> {
    let value = std::env::var(name).ok()?;
    Some(
        value
            .parse()
            .unwrap_or_else(|_| panic!("{name}={value} is not a whole number")),
    )
}

fn repository() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The three good sites, each built once: `<dir>/<name>/site` with its `public/`.
fn prepare_bases(dir: &Path, limits: &Limits) -> Vec<PathBuf> {
    let theme = repository().join("themes");
    let sources: [(&str, Vec<PathBuf>); 3] = [
        (
            "blog",
            vec![repository().join("tests/fixtures/blog"), theme.clone()],
        ),
        (
            "calendar",
            vec![repository().join("tests/fixtures/calendar"), theme.clone()],
        ),
        (
            "example",
            vec![
                repository().join("content"),
                repository().join("site.toml"),
                theme,
            ],
        ),
    ];
    sources
        .into_iter()
        .map(|(name, parts)| {
            let case = dir.join(name);
            let site = case.join("site");
            for part in parts {
                let file_name = part.file_name().unwrap();
                if part.is_file() {
                    fs::create_dir_all(&site).unwrap();
                    fs::copy(&part, site.join(file_name)).unwrap();
                } else if file_name == "content" || file_name == "themes" {
                    copy_tree(&part, &site.join(file_name));
                } else {
                    copy_tree(&part, &site);
                }
            }
            match judge::run(&case, "build", limits) {
                Ending::Exited { code: 0, .. } => {}
                Ending::Exited { stderr, .. } => panic!("the good {name} site fails:\n{stderr}"),
                _ => panic!("the good {name} site does not build"),
            }
            case
        })
        .collect()
}

struct Failure {
    index: u64,
    description: String,
    problems: Vec<String>,
}

/// What went wrong with one command's ending, beyond its exit code.
fn crash(command: &str, ending: &Ending, limits: &Limits) -> Option<String> {
    match ending {
        Ending::Signal(signal) => Some(format!("{command} was killed by signal {signal}")),
        Ending::TimedOut => Some(format!(
            "{command} did not finish within {} s",
            limits.time.as_secs()
        )),
        Ending::TooMuchMemory(kib) => Some(format!(
            "{command} used more than {} MB ({} MB resident)",
            limits.memory_kib / 1024,
            kib / 1024
        )),
        Ending::Exited { code: 101, stderr } => Some(format!(
            "{command} panicked: {}",
            stderr
                .lines()
                .find(|line| line.contains("panicked"))
                .unwrap_or("(exit 101)")
        )),
        Ending::Exited { code: 0 | 1, .. } => None,
        Ending::Exited { code, .. } => Some(format!("{command} exited with code {code}")),
    }
}

/// Every `error:` line not located as the case allows.
fn unlocated(command: &str, stderr: &str, site: &Path, applied: &mutation::Applied) -> Vec<String> {
    let errors: Vec<&str> = stderr
        .lines()
        .filter_map(|line| line.strip_prefix("error: "))
        .collect();
    if errors.is_empty() {
        return vec![format!("{command} failed without an `error:` line")];
    }
    errors
        .into_iter()
        .filter_map(|message| {
            let shown: String = message.chars().take(200).collect();
            match judge::place(message, site, &applied.touched) {
                Place::Located => None,
                // A change of the file system may also give a line-less problem elsewhere: two
                // files for one URL or one event id.
                Place::PathOnly if applied.path_only => None,
                Place::PathOnly => Some(format!(
                    "{command}: an error without line and column: {shown}"
                )),
                Place::Unlocated => Some(format!(
                    "{command}: an error not located in a file: {shown}"
                )),
            }
        })
        .collect()
}

/// Lets the fuzzer remove what a case made unreadable.
fn restore_permissions(site: &Path, applied: &mutation::Applied) {
    use std::os::unix::fs::PermissionsExt;
    for path in &applied.touched {
        let path = site.join(path);
        if let Ok(meta) = fs::symlink_metadata(&path)
            && !meta.file_type().is_symlink()
        {
            let mode = if meta.is_dir() { 0o755 } else { 0o644 };
            let _ = fs::set_permissions(&path, fs::Permissions::from_mode(mode));
        }
    }
}

fn run_case(
    base: &Path,
    case_dir: &Path,
    rng: &mut Rng,
    limits: &Limits,
) -> (mutation::Applied, Vec<String>) {
    copy_tree(base, case_dir);
    let site = case_dir.join("site");
    let public = site.join("public");
    // The cache of images and share cards is the build's to write and prune.
    let cache = site.join(".treffpunkt-cache");
    let applied = mutation::mutate(&site, rng);
    let output_before = judge::snapshot(&public, &[]);
    let outside_before = judge::snapshot(case_dir, &[&public, &cache]);
    let mut problems = Vec::new();

    let built = judge::run(case_dir, "build", limits);
    problems.extend(crash("build", &built, limits));
    let build_failed = matches!(built, Ending::Exited { code: 1, .. });
    match &built {
        Ending::Exited { code: 0, .. } if applied.must_fail => {
            problems.push("build accepted input that is broken beyond doubt (exit 0)".into());
        }
        Ending::Exited { code: 1, stderr } => {
            problems.extend(unlocated("build", stderr, &site, &applied));
            if let Some(change) = judge::difference(&output_before, &judge::snapshot(&public, &[]))
            {
                problems.push(format!(
                    "build failed and damaged the previous output: {change}"
                ));
            }
        }
        _ => {}
    }
    // A build the watch killed may leave its staging folder: the kill is the failure then.
    let killed = matches!(built, Ending::TimedOut | Ending::TooMuchMemory(_));
    if let Some(change) = judge::difference(
        &outside_before,
        &judge::snapshot(case_dir, &[&public, &cache]),
    )
    .filter(|_| !killed)
    {
        problems.push(format!("build wrote outside the output folder: {change}"));
    }

    // check makes image variants to verify them, into the cache build shares.
    let before_check = judge::snapshot(case_dir, &[&cache]);
    let checked = judge::run(case_dir, "check", limits);
    problems.extend(crash("check", &checked, limits));
    match &checked {
        Ending::Exited { code: 0, .. } if build_failed => {
            problems.push("check passed what build refused (exit 0)".into());
        }
        Ending::Exited { code: 1, stderr } => {
            problems.extend(unlocated("check", stderr, &site, &applied));
        }
        _ => {}
    }
    if let Some(change) = judge::difference(&before_check, &judge::snapshot(case_dir, &[&cache])) {
        problems.push(format!("check wrote to the site: {change}"));
    }
    restore_permissions(&site, &applied);
    (applied, problems)
}

#[test]
#[ignore = "the fuzzer runs for about a minute as its own step of .ci/run: cargo test --test fuzz -- --ignored --nocapture"]
fn mutated_sites_never_crash_or_damage_the_output() {
    let seed = setting("TREFFPUNKT_FUZZ_SEED").unwrap_or_else(|| {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap();
        now.as_secs() ^ u64::from(now.subsec_nanos())
    });
    let seconds = setting("TREFFPUNKT_FUZZ_SECONDS");
    let only = setting("TREFFPUNKT_FUZZ_ONLY");
    let cases = match (only, setting("TREFFPUNKT_FUZZ_CASES"), seconds) {
        (Some(_), _, _) => 1,
        (None, Some(cases), _) => cases,
        (None, None, Some(_)) => u64::MAX,
        (None, None, None) => 100,
    };
    let jobs = setting("TREFFPUNKT_FUZZ_JOBS").unwrap_or(2).max(1);
    let limits = Limits {
        time: Duration::from_secs(setting("TREFFPUNKT_FUZZ_TIMEOUT").unwrap_or(30)),
        memory_kib: setting("TREFFPUNKT_FUZZ_MEMORY_MB").unwrap_or(1024) * 1024,
    };
    let keep = std::env::var_os("TREFFPUNKT_FUZZ_KEEP").map(PathBuf::from);
    println!("fuzz: TREFFPUNKT_FUZZ_SEED={seed}");

    let bases_dir = tempfile::tempdir().unwrap();
    let bases = prepare_bases(bases_dir.path(), &limits);
    let deadline = seconds.map(|s| Instant::now() + Duration::from_secs(s));
    let next = AtomicU64::new(0);
    let passed = AtomicU64::new(0);
    let failures = Mutex::new(Vec::<Failure>::new());

    std::thread::scope(|scope| {
        for _ in 0..jobs {
            scope.spawn(|| {
                loop {
                    let number = next.fetch_add(1, Ordering::Relaxed);
                    if number >= cases || deadline.is_some_and(|d| Instant::now() > d) {
                        break;
                    }
                    let index = only.unwrap_or(number);
                    let mut rng = Rng::new(seed ^ index.wrapping_mul(0xD1B5_4A32_D192_ED03));
                    let base = rng.pick(&bases).clone();
                    let case_dir = tempfile::tempdir().unwrap();
                    let (applied, problems) = run_case(&base, case_dir.path(), &mut rng, &limits);
                    if problems.is_empty() {
                        passed.fetch_add(1, Ordering::Relaxed);
                        continue;
                    }
                    let site_name = base.file_name().unwrap().to_string_lossy().into_owned();
                    let description = format!("{site_name}: {}", applied.description);
                    eprintln!(
                        "fuzz case {index} FAILED ({description}):\n  {}",
                        problems.join("\n  ")
                    );
                    if let Some(keep) = &keep {
                        let kept = keep.join(format!("case-{seed}-{index}"));
                        fs::create_dir_all(keep).unwrap();
                        let _ = fs::rename(case_dir.keep(), &kept);
                        eprintln!("  kept in {}", kept.display());
                    }
                    failures.lock().unwrap().push(Failure {
                        index,
                        description,
                        problems,
                    });
                }
            });
        }
    });

    let passed = passed.into_inner();
    let mut failures = failures.into_inner().unwrap();
    failures.sort_by_key(|failure| failure.index);
    println!(
        "fuzz: seed {seed}, {} cases: {passed} passed, {} failed",
        passed + failures.len() as u64,
        failures.len()
    );
    let report: Vec<String> = failures
        .iter()
        .map(|f| {
            format!(
                "case {} ({}):\n    {}\n    rerun: TREFFPUNKT_FUZZ_SEED={seed} TREFFPUNKT_FUZZ_ONLY={} cargo test --test fuzz -- --ignored --nocapture",
                f.index,
                f.description,
                f.problems.join("\n    "),
                f.index
            )
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} mutated sites broke a promise:\n{}",
        failures.len(),
        passed + failures.len() as u64,
        report.join("\n")
    );
}
