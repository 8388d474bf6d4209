//! What `build`, `check` and `init` tell the user: what `build` would refuse `check` finds first,
//! what a build left out, and the next step after `init`.

use crate::support::TestSite;

/// Names of 300 characters (beyond the 255 bytes a file name may have) give slugs cut after a
/// word, so the site builds; and `check` passes exactly when `build` does.
#[test]
fn very_long_names_give_slugs_that_build() {
    let long = "Netzwerken ".repeat(28);
    let long = long.trim();
    assert_eq!(long.len(), 307);
    let site = TestSite::fixture("blog").post(
        "lang.md",
        &format!(
            "title: Lang\ndate: 2021-01-01\nauthor: {long}\ntags: [{long}]\ncategory: {long}\nslug: {long}"
        ),
        "Text.",
    );
    site.run(&["check"]).succeeds();
    site.build(&[]).succeeds();
    let slug = ["netzwerken"; 9].join("-");
    for page in [
        format!("blog/{slug}/index.html"),
        format!("authors/{slug}/index.html"),
        format!("tags/{slug}/index.html"),
        format!("categories/{slug}/index.html"),
    ] {
        assert!(site.has_output(&page), "{page} is missing");
    }
}

/// A name that no file system can hold (here a blog path of 300 letters in site.toml) fails
/// `check` as it fails `build`, at its setting.
#[test]
fn check_refuses_what_build_cannot_write() {
    let site = TestSite::fixture("blog");
    let config = site
        .read("site.toml")
        .replace("[blog]", &format!("[blog]\npath = \"{}\"", "b".repeat(300)));
    site.put("site.toml", &config);
    // Refused at the setting (QA finding Q16), before any name is written.
    let said = "site.toml:7:8: the part `bbbbbbbbbbbbbbbbbbbb…` of this path is 300 characters long, more than the 100 a part may have";
    site.build(&[]).fails().reports(said);
    site.run(&["check"]).fails().reports(said);
}

#[test]
fn build_says_what_it_left_out_and_which_flag_includes_it() {
    let site = TestSite::fixture("blog")
        .post(
            "entwurf.md",
            "title: Entwurf\ndate: 2020-02-01\ndraft: true",
            "E.",
        )
        .post("spaeter.md", "title: Später\ndate: 2027-01-01", "S.")
        .post(
            "noch-spaeter.md",
            "title: Noch später\ndate: 2027-02-01",
            "S.",
        )
        .write(
            "content/pages/geheim.md",
            "---\ntitle: Geheim\ndraft: true\n---\nG.\n",
        );
    let run = site.build(&[]).succeeds();
    assert!(
        run.stdout.contains(
            "Not published: 2 drafts (--drafts includes them), 2 posts dated after now (--future includes them)."
        ),
        "{}",
        run.stdout
    );
    let run = site.build(&["--drafts"]).succeeds();
    assert!(
        run.stdout
            .contains("Not published: 2 posts dated after now (--future includes them)."),
        "{}",
        run.stdout
    );
    let run = site.build(&["--drafts", "--future"]).succeeds();
    assert!(!run.stdout.contains("Not published"), "{}", run.stdout);
}

#[test]
fn init_here_says_no_cd() {
    let dir = TestSite::folder();
    let run = dir.run(&["init", "."]).succeeds();
    assert!(
        run.stdout.contains("Next: treffpunkt serve"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("cd ."), "{}", run.stdout);
    let run = dir.run(&["init", "neu"]).succeeds();
    assert!(
        run.stdout.contains("Next: cd neu && treffpunkt serve"),
        "{}",
        run.stdout
    );
}
