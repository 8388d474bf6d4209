//! Hostile input the fuzzer (`tests/fuzz/`) found mishandled, each minimised to the smallest site
//! that shows it: a panic, a hang, broken input accepted, or an error without its place. Broken
//! input must fail with exit 1 at its file, line and column where it has one, leave the previous
//! output as it was and fail `check` too; large input must cost linear time.

use std::fs;
use std::os::unix::fs::symlink;
use std::time::Duration;

use crate::support::{Run, TestSite};

/// The blog fixture, built once so that a failed build can be seen to leave `public/` alone.
#[track_caller]
fn built_blog() -> TestSite {
    let site = TestSite::fixture("blog");
    site.build(&[]).succeeds();
    site
}

/// Builds `site`, expecting a clean failure that leaves the earlier output as it was and that
/// `check` finds too.
#[track_caller]
fn refused(site: &TestSite) -> Run {
    let before = site.output_tree();
    let run = site.build(&[]).fails();
    assert!(
        site.output_tree() == before,
        "the failed build changed public/"
    );
    let check = site.run(&["check"]);
    assert_eq!(
        check.code,
        Some(1),
        "check passes what build refuses:\n{}{}",
        check.stdout,
        check.stderr
    );
    run
}

#[test]
fn invalid_utf8_is_located_at_its_first_bad_byte() {
    let blog = built_blog();
    let site = blog.copy();
    // "Grüße" saved as Latin-1 / Windows-1252: ü is 0xFC, ß is 0xDF.
    site.put_bytes(
        "content/posts/latin1.md",
        b"---\ntitle: Gr\xfc\xdfe\ndate: 2026-01-01\n---\nText.\n",
    );
    refused(&site)
        .reports("content/posts/latin1.md:2:10:")
        .reports("UTF-8");

    let site = blog.copy();
    site.put_bytes(
        "content/events/cafe.yaml",
        b"title: Treffen\nstart: 2026-01-13 19:00\nlocation: Caf\xe9 am Markt\n",
    );
    refused(&site).reports("content/events/cafe.yaml:3:14:");

    let site = blog.copy();
    site.put_bytes("site.toml",
        b"title = \"Fixture\"\nbase_url = \"https://fixture.example/verein/\"\nauthor = \"J\xfcrgen\"\n",
    );
    refused(&site).reports("site.toml:3:12:");
}

#[test]
fn a_broken_symlink_is_an_error_not_a_missing_post() {
    let site = built_blog();
    symlink("nirgendwo.md", site.path().join("content/posts/weg.md")).unwrap();
    refused(&site).reports("content/posts/weg.md");
}

#[test]
fn a_file_where_a_content_folder_belongs_is_an_error() {
    let calendar = TestSite::fixture("calendar");
    calendar.build(&[]).succeeds();
    for folder in ["content/events", "content/posts", "content"] {
        let site = calendar.copy();
        let path = site.path().join(folder);
        if path.exists() {
            fs::remove_dir_all(&path).unwrap();
        }
        fs::write(&path, "kein Ordner\n").unwrap();
        refused(&site).reports(folder);
    }
}

#[test]
fn symlink_loops_are_errors() {
    let blog = built_blog();
    let site = blog.copy();
    symlink(".", site.path().join("content/posts/schleife")).unwrap();
    refused(&site).reports("content/posts/schleife");

    let site = blog.copy();
    let events = site.path().join("content/events");
    symlink("b.yaml", events.join("a.yaml")).unwrap();
    symlink("a.yaml", events.join("b.yaml")).unwrap();
    refused(&site).reports("content/events/a.yaml");
}

#[test]
fn a_symlink_out_of_the_site_is_refused() {
    let outside = crate::support::temp_dir();
    let post = outside.path().join("fremd.md");
    fs::write(&post, "---\ntitle: Fremd\ndate: 2026-01-01\n---\nText.\n").unwrap();
    let site = built_blog();
    symlink(&post, site.path().join("content/posts/aussen.md")).unwrap();
    refused(&site).reports("content/posts/aussen.md");
}

#[test]
fn durations_beyond_a_year_are_refused_without_a_panic() {
    let blog = built_blog();
    for duration in ["106751997300d", "9236854775807h", "100000000d"] {
        let site = blog.copy();
        site.put(
            "content/events/lang.yaml",
            &format!("title: Lang\nstart: 2026-01-13 19:00\nduration: {duration}\n"),
        );
        refused(&site).reports("content/events/lang.yaml:3:11:");
    }
}

#[test]
fn duplicate_keys_in_maps_are_errors() {
    let blog = built_blog();
    let site = blog.copy();
    site.put(
        "content/events/doppelt.yaml",
        "title: Doppelt\nstart: 2026-01-13 19:00\nrepeat: FREQ=WEEKLY\nchanges:\n  2026-01-20:\n    status: cancelled\n  2026-01-20:\n    note: Alles wie immer\n",
    );
    refused(&site)
        .reports("content/events/doppelt.yaml:7:3:")
        .reports("2026-01-20");

    let site = blog.copy();
    site.put(
        "content/posts/doppelt.md",
        "---\ntitle: Doppelt\ndate: 2026-01-01\nextra:\n  bild: a.jpg\n  bild: b.jpg\n---\nText.\n",
    );
    refused(&site).reports("content/posts/doppelt.md:6:3:");
}

/// Builds `site`, killing the build when it takes longer than `limit`.
#[track_caller]
fn build_within(site: &TestSite, limit: Duration) -> Run {
    site.command(&["build", "--quiet"]).run_within(limit)
}

/// Far more than a linear pass over these inputs needs, even in a debug build on a busy machine.
const LINEAR: Duration = Duration::from_secs(20);

#[test]
fn many_equal_headings_and_many_tags_cost_linear_time() {
    let site = TestSite::empty().post(
        "ueberschriften.md",
        "title: Überschriften\ndate: 2026-01-01",
        &"## x\n\n".repeat(20_000),
    );
    build_within(&site, LINEAR).succeeds();

    let tags: Vec<String> = (0..20_000).map(|n| format!("t{n}")).collect();
    let site = TestSite::empty().post(
        "schlagwoerter.md",
        &format!(
            "title: Schlagwörter\ndate: 2026-01-01\ntags: [{}]",
            tags.join(", ")
        ),
        "Text.",
    );
    // A limit on the number of tags is a fix too, when it is said at the line.
    let run = build_within(&site, LINEAR);
    assert!(
        run.code == Some(0)
            || (run.code == Some(1) && run.stderr.contains("content/posts/schlagwoerter.md:4:")),
        "{:?}\n{}",
        run.code,
        run.stderr
    );
}

#[test]
fn deeply_nested_yaml_costs_linear_time() {
    let depth = 100_000;
    let site = TestSite::empty().event(
        "tief",
        &format!(
            "title: Tief\nstart: 2026-01-13 19:00\nlocation: {}1{}\n",
            "{a: ".repeat(depth),
            "}".repeat(depth)
        ),
    );
    build_within(&site, LINEAR)
        .fails()
        .reports("content/events/tief.yaml:3:");

    let site = TestSite::empty().write(
        "content/pages/tief.md",
        &format!(
            "---\ntitle: Tief\nextra: {}{}\n---\nText.\n",
            "[".repeat(depth),
            "]".repeat(depth)
        ),
    );
    build_within(&site, LINEAR)
        .fails()
        .reports("content/pages/tief.md:3:");
}

#[test]
fn many_wrong_except_dates_give_output_linear_in_the_input() {
    // Every day of 2026 to 2039, on one line: most are not a Tuesday of the series, and each such
    // date is an error. Each message quoted the whole line: output quadratic in the input.
    let start = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let dates: Vec<String> = (0..5_000)
        .map(|n| (start + chrono::Days::new(n)).to_string())
        .collect();
    let event = format!(
        "title: Stammtisch\nstart: 2026-01-13 19:00\nrepeat: FREQ=WEEKLY;BYDAY=TU\nexcept: [{}]\n",
        dates.join(", ")
    );
    let site = TestSite::empty().event("stammtisch", &event);
    let run = build_within(&site, LINEAR)
        .fails()
        .reports("content/events/stammtisch.yaml:4:");
    assert!(
        run.stderr.len() < 40 * event.len(),
        "{} bytes of messages for {} bytes of input",
        run.stderr.len(),
        event.len()
    );
}

#[test]
fn an_event_id_repeated_in_a_post_costs_linear_time() {
    let ids = vec!["stammtisch"; 2_000].join(", ");
    let site = TestSite::empty()
        .event("stammtisch", "title: Stammtisch\nstart: 2026-01-13 19:00\n")
        .post(
            "wiederholt.md",
            &format!("title: Wiederholt\ndate: 2026-01-01\nevents: [{ids}]"),
            "Text.",
        );
    let run = build_within(&site, LINEAR);
    assert!(
        matches!(run.code, Some(0 | 1)),
        "repeats are an error or merged, never a crash:\n{}",
        run.stderr
    );
}
