//! The test suite's own rules: a test that cannot run here is visible as ignored, with its
//! reason, and CI runs it; none returns early and reports `ok`; the binary is run, and the clock
//! set, in one place only.

use std::fs;
use std::path::{Path, PathBuf};

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}

/// The name of the first `fn` after line `from`.
fn next_test_name(lines: &[&str], from: usize) -> String {
    lines[from..]
        .iter()
        .find_map(|line| line.trim_start().strip_prefix("fn "))
        .and_then(|rest| rest.split('(').next())
        .unwrap_or_default()
        .to_owned()
}

#[test]
fn a_test_that_cannot_run_here_is_ignored_with_its_reason_and_ci_runs_it() {
    let repository = crate::support::repository();
    let ci = fs::read_to_string(repository.join(".ci/run")).unwrap();
    let this_file = repository.join(file!());
    let mut wrong = Vec::new();
    for file in rust_files(&repository.join("tests")) {
        if file == this_file {
            continue;
        }
        let text = fs::read_to_string(&file).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        for (n, line) in lines.iter().enumerate() {
            let place = format!("{}:{}", file.display(), n + 1);
            let line = line.trim();
            if line.starts_with("#[ignore") && !line.starts_with("#[ignore = \"") {
                wrong.push(format!("{place}: an ignored test without its reason"));
            }
            // Tests that need something installed are left out of a plain `cargo test`; CI
            // installs it and must run them by name.
            if line.starts_with("#[ignore = \"needs ") {
                let name = next_test_name(&lines, n);
                if !ci.contains(&format!("::{name}")) {
                    wrong.push(format!(
                        "{place}: .ci/run does not run the ignored test {name}"
                    ));
                }
            }
            // The message may sit on the lines after `eprintln!(`.
            let statement = lines[n..lines.len().min(n + 3)].join(" ").to_lowercase();
            if line.contains("eprintln!") && statement.contains("skip") {
                wrong.push(format!(
                    "{place}: a test that says it skipped and then reports ok: use #[ignore = \"…\"]"
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Outside the harness (`support.rs`) and the fuzzer's watch (`tests/fuzz/judge.rs`), no test
/// starts the binary itself or sets its clock: they would miss the fixed clock or `NO_COLOR`.
#[test]
fn the_binary_runs_and_the_clock_is_set_in_the_harness_alone() {
    let repository = crate::support::repository();
    let allowed = [
        repository.join("tests/integration/support.rs"),
        repository.join("tests/fuzz/judge.rs"),
        repository.join(file!()),
    ];
    let mut wrong = Vec::new();
    for file in rust_files(&repository.join("tests")) {
        if allowed.contains(&file) {
            continue;
        }
        let text = fs::read_to_string(&file).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or_default();
            for what in ["CARGO_BIN_EXE_treffpunkt", "\"SOURCE_DATE_EPOCH\""] {
                if code.contains(what) {
                    wrong.push(format!(
                        "{}:{}: {what} outside the harness: use TestSite::command(…) and .now(…)",
                        file.display(),
                        n + 1
                    ));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
