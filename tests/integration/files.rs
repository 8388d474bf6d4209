//! Unreadable input and the output folder: nothing that cannot be read is taken as missing, and
//! the published folder is replaced in one step or not at all.

#![cfg(unix)]

use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt, symlink};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::Command;

use crate::support::{NOW, Run, TestSite, treffpunkt};

/// Runs `treffpunkt args` in `site` as an ordinary user: as root, permission bits stop nothing,
/// so the command then runs as `nobody` (the site's folder is opened up for it to enter).
fn as_ordinary_user(site: &TestSite, args: &[&str]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_treffpunkt"));
    command
        .current_dir(site.path())
        .env("SOURCE_DATE_EPOCH", epoch(NOW))
        .args(args);
    if fs::metadata(site.path()).unwrap().uid() == 0 {
        fs::set_permissions(site.path(), fs::Permissions::from_mode(0o777)).unwrap();
        command.uid(65534).gid(65534);
    }
    Run::from(command.output().expect("the treffpunkt binary runs"))
}

fn epoch(time: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(time)
        .unwrap()
        .timestamp()
        .to_string()
}

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
    let cases: [(&str, Break, &str); 7] = [
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
    ];
    for (case, make, message) in cases {
        let site = TestSite::fixture("blog");
        site.build(&[]).succeeds();
        let before = site.output_tree();
        make(site.path());
        let run = site.build(&[]).fails().reports(message);
        assert!(
            run.stderr
                .contains("the previous output was left as it was"),
            "{case}: {}",
            run.stderr
        );
        assert!(site.output_tree() == before, "{case}: the output changed");
        treffpunkt(site.path(), &["check"], &[])
            .fails()
            .reports(message);
    }
}

#[test]
fn an_unreadable_folder_is_an_error_not_an_empty_site() {
    let site = TestSite::fixture("blog");
    site.build(&[]).succeeds();
    let before = site.output_tree();
    for folder in ["content/posts", "content/events", "content"] {
        let path = site.path().join(folder);
        fs::set_permissions(&path, fs::Permissions::from_mode(0o000)).unwrap();
        let build = as_ordinary_user(&site, &["build"]);
        let check = as_ordinary_user(&site, &["check"]);
        fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
        build
            .fails()
            .reports(&format!("{folder}: cannot read this folder"))
            .reports("Permission denied")
            .reports("the previous output was left as it was");
        check
            .fails()
            .reports(&format!("{folder}: cannot read this folder"));
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
    let preview = site.serve(NOW, &[]);
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
    site.build_at(NOW, &[]).succeeds();
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
    site.build_at(NOW, &[])
        .fails()
        .reports("content/events/fremd.yaml: this symbolic link leads outside the site's folder");
}
