//! Unreadable input and the output folder: nothing that cannot be read is taken as missing, and
//! the published folder is replaced in one step or not at all.

#![cfg(unix)]

use std::fs;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::Path;
use std::process::Command;

use crate::support::{Run, TestSite, walkdir};

/// Runs `treffpunkt args` in `site` as an ordinary user, for whom permission bits count.
fn as_ordinary_user(site: &TestSite, args: &[&str]) -> Run {
    site.command(args).ordinary_user().run()
}

#[track_caller]
fn mkfifo(path: &Path) {
    let made = Command::new("mkfifo").arg(path).status();
    assert!(
        made.is_ok_and(|status| status.success()),
        "mkfifo is needed for this test"
    );
}

/// Each way a post, an event or a folder of them can be unreadable, made in a built site: `build`
/// fails naming it and leaves `public/` byte for byte, `check` fails naming it.
#[test]
fn what_cannot_be_read_is_an_error_in_build_and_check() {
    type Break = fn(&Path);
    let cases: [(&str, Break, &str); 9] = [
        (
            "a broken link",
            |root| symlink(root.join("fehlt.md"), root.join("content/posts/neu.md")).unwrap(),
            "content/posts/neu.md: this symbolic link (to ",
        ),
        (
            "a link loop",
            |root| {
                symlink(
                    root.join("content/posts"),
                    root.join("content/posts/schleife"),
                )
                .unwrap()
            },
            "content/posts/schleife: this symbolic link leads back into content/posts",
        ),
        (
            "a named pipe",
            |root| mkfifo(&root.join("content/posts/rohr.md")),
            "content/posts/rohr.md: this is not a regular file",
        ),
        (
            "the posts folder is a file",
            |root| {
                fs::remove_dir_all(root.join("content/posts")).unwrap();
                fs::write(root.join("content/posts"), "").unwrap();
            },
            "content/posts: this should be a folder, but it is a file",
        ),
        (
            "the content folder is a file",
            |root| {
                fs::remove_dir_all(root.join("content")).unwrap();
                fs::write(root.join("content"), "").unwrap();
            },
            "content: this should be a folder, but it is a file",
        ),
        (
            "a broken link for the events folder",
            |root| {
                fs::remove_dir_all(root.join("content/events")).unwrap();
                symlink(root.join("termine"), root.join("content/events")).unwrap();
            },
            "content/events: this symbolic link (to ",
        ),
        (
            "a broken link among the templates",
            |root| {
                fs::create_dir_all(root.join("templates")).unwrap();
                symlink(root.join("fehlt.html"), root.join("templates/post.html")).unwrap();
            },
            "templates/post.html: this symbolic link (to ",
        ),
        (
            "the static folder is a file",
            |root| {
                fs::remove_dir_all(root.join("static")).unwrap();
                fs::write(root.join("static"), "").unwrap();
            },
            "static: it is a file",
        ),
        (
            "a broken link among the static files",
            |root| symlink(root.join("fehlt.png"), root.join("static/bild.png")).unwrap(),
            "static/bild.png: No such file or directory",
        ),
    ];
    let blog = TestSite::fixture("blog");
    blog.build(&[]).succeeds();
    let before = blog.output_tree();
    for (case, make, message) in cases {
        let site = blog.copy();
        make(site.path());
        let run = site.build(&[]).fails().reports(message);
        assert!(
            run.stderr
                .to_lowercase()
                .contains("the previous output was left as it was"),
            "{case}: {}",
            run.stderr
        );
        assert!(site.output_tree() == before, "{case}: the output changed");
        let found = site.check_problems();
        assert!(found.contains(message), "{case}: check says\n{found}");
    }
}

#[test]
fn an_unreadable_folder_is_an_error_not_an_empty_site() {
    let site = TestSite::fixture("blog").post(
        "archiv/2017-01-01-alt.md",
        "title: Alt\ndate: 2017-01-01",
        "Alt.",
    );
    site.build(&[]).succeeds();
    let before = site.output_tree();
    for (folder, message) in [
        (
            "content/posts/archiv",
            "content/posts/archiv: cannot read this folder: Permission denied",
        ),
        (
            "content/posts",
            "content/posts: cannot read this folder: Permission denied",
        ),
        (
            "content/events",
            "content/events: cannot read this folder: Permission denied",
        ),
        (
            "content",
            "content: cannot read this folder: Permission denied",
        ),
        (
            "themes",
            "themes: cannot read this folder: Permission denied",
        ),
        ("static", "cannot read ./static: Permission denied"),
    ] {
        let path = site.path().join(folder);
        fs::set_permissions(&path, fs::Permissions::from_mode(0o000)).unwrap();
        let build = as_ordinary_user(&site, &["build"]);
        let check = as_ordinary_user(&site, &["check"]);
        fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
        let build = build.fails().reports(message);
        assert!(
            build
                .stderr
                .to_lowercase()
                .contains("the previous output was left as it was"),
            "{}",
            build.stderr
        );
        check.fails().reports(message);
        assert!(site.output_tree() == before, "{folder}: the output changed");
    }
}

#[test]
fn the_preview_reports_what_cannot_be_read() {
    let site = TestSite::fixture("blog");
    symlink(
        site.path().join("fehlt.yaml"),
        site.path().join("content/events/neu.yaml"),
    )
    .unwrap();
    let preview = site.serve(&[]);
    let terminal = preview.terminal_with("content/events/neu.yaml");
    assert!(
        terminal.contains("content/events/neu.yaml: this symbolic link (to "),
        "{terminal}"
    );
}

#[test]
fn linked_posts_and_events_inside_the_site_are_published_and_others_refused() {
    let site = TestSite::fixture("blog");
    let root = site.path();
    fs::create_dir_all(root.join("archiv")).unwrap();
    fs::rename(
        root.join("content/posts/2019-03-12-der-tag-danach.md"),
        root.join("archiv/2019-03-12-der-tag-danach.md"),
    )
    .unwrap();
    symlink(
        "../../archiv/2019-03-12-der-tag-danach.md",
        root.join("content/posts/2019-03-12-der-tag-danach.md"),
    )
    .unwrap();
    fs::rename(
        root.join("content/events/stammtisch-muenchen.yaml"),
        root.join("archiv/stammtisch-muenchen.yaml"),
    )
    .unwrap();
    symlink(root.join("archiv"), root.join("content/events/archiv")).unwrap();
    site.build(&[]).succeeds();
    assert!(site.has_output("blog/der-tag-danach/index.html"));
    assert!(site.has_output("events/stammtisch-muenchen/index.html"));

    let outside = tempfile::tempdir().unwrap();
    fs::write(
        outside.path().join("fremd.yaml"),
        "title: Fremd\nstart: 2026-12-01 19:00\n",
    )
    .unwrap();
    symlink(
        outside.path().join("fremd.yaml"),
        root.join("content/events/fremd.yaml"),
    )
    .unwrap();
    site.build(&[])
        .fails()
        .reports("content/events/fremd.yaml: this symbolic link leads outside the site's folder");
}

#[test]
fn folders_left_by_killed_builds_are_removed_by_the_next() {
    let site = TestSite::fixture("blog");
    site.build(&[]).succeeds();
    // Process ids never go above 2^22 on Linux; the test's own process is alive.
    let dead = 4_194_305;
    let alive = std::process::id();
    for name in [
        format!(".public.staging-{dead}"),
        format!(".public.previous-{dead}"),
        format!(".public.staging-{alive}"),
    ] {
        site.put(&format!("{name}/index.html"), "alt");
    }
    site.build(&[]).succeeds();
    assert!(!site.path().join(format!(".public.staging-{dead}")).exists());
    assert!(
        !site
            .path()
            .join(format!(".public.previous-{dead}"))
            .exists()
    );
    assert!(
        site.path()
            .join(format!(".public.staging-{alive}/index.html"))
            .exists(),
        "a running build's staging folder is kept"
    );
}

#[test]
fn a_failed_first_build_does_not_claim_a_previous_output() {
    let site = TestSite::fixture("blog");
    site.put(
        "content/posts/kaputt.md",
        "---\ntitle: Kaputt\ndate: nie\n---\n",
    );
    let run = site
        .build(&[])
        .fails()
        .reports("The build failed with 1 problem; nothing was written.");
    assert!(!run.stderr.contains("left as it was"), "{}", run.stderr);
    assert!(!site.path().join("public").exists());
}

/// The previous output cannot be removed after the swap (its folder is read-only): the build
/// succeeded and says so, with a warning, and never that the output was left as it was.
#[test]
fn a_read_only_previous_output_is_no_reason_to_lie() {
    let site = TestSite::fixture("blog");
    as_ordinary_user(&site, &["build"]).succeeds();
    let public = site.path().join("public");
    fs::set_permissions(&public, fs::Permissions::from_mode(0o555)).unwrap();
    site.put(
        "content/posts/2020-01-20-stammtisch.md",
        "---\ntitle: Neuer Titel\ndate: 2020-01-20\n---\nNeu.\n",
    );
    let run = as_ordinary_user(&site, &["build"]);
    let leftovers: Vec<_> = fs::read_dir(site.path())
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.to_string_lossy().contains(".public.staging-"))
        .collect();
    for leftover in &leftovers {
        fs::set_permissions(leftover, fs::Permissions::from_mode(0o755)).unwrap();
    }
    let run = run
        .succeeds()
        .reports("warning: cannot remove the previous output at");
    assert!(!run.stderr.contains("left as it was"), "{}", run.stderr);
    assert!(run.stdout.contains("Built "), "{}", run.stdout);
    assert!(
        site.output("blog/stammtisch/index.html")
            .contains("Neuer Titel")
    );
    assert_eq!(leftovers.len(), 1, "the previous output is kept aside");
}

#[test]
fn an_output_path_through_a_link_into_content_is_refused() {
    let site = TestSite::fixture("blog");
    symlink(site.path().join("content"), site.path().join("x")).unwrap();
    let before = walkdir(&site.path().join("content"));
    site.build(&["--output", "x/public"])
        .fails()
        .reports("it lies inside the site's content (through a symbolic link, it is ")
        .reports("Nothing was written.");
    assert_eq!(walkdir(&site.path().join("content")), before);

    symlink(site.path().join("hin"), site.path().join("her")).unwrap();
    symlink(site.path().join("her"), site.path().join("hin")).unwrap();
    site.build(&["--output", "hin/public"])
        .fails()
        .reports("do symbolic links on its way lead in a circle?");
}

#[test]
fn an_output_folder_that_is_a_link_is_written_through() {
    let site = TestSite::fixture("blog");
    let served = tempfile::tempdir().unwrap();
    let www = served.path().join("www");
    symlink(&www, site.path().join("public")).unwrap();
    for _ in 0..2 {
        let run = site.build(&[]).succeeds();
        assert!(
            run.stdout.contains(&format!(
                "into {}",
                served.path().canonicalize().unwrap().join("www").display()
            )),
            "{}",
            run.stdout
        );
        let link = fs::symlink_metadata(site.path().join("public")).unwrap();
        assert!(link.is_symlink(), "the link is kept");
        assert!(www.join("index.html").is_file());
        assert!(site.has_output("blog/stammtisch/index.html"));
    }
}
