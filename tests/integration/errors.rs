//! Bad input never panics: each class of mistake gets a located message (found in this process),
//! and the command a non-zero exit that leaves the previous output exactly as it was.

use crate::support::{Reports, TestSite};

fn site_with_post(front_matter: &str) -> TestSite {
    TestSite::empty().post("beitrag.md", front_matter, "Text.")
}

#[test]
fn a_misspelt_key_is_named_with_the_allowed_ones() {
    site_with_post("tittle: Hallo\ndate: 2026-01-01")
        .problems()
        .reports("content/posts/beitrag.md:2:1: unknown key `tittle`")
        .reports(" 2 | tittle: Hallo")
        .reports("= help: did you mean `title`?");
}

#[test]
fn a_bad_date_names_the_value_and_the_forms_expected() {
    site_with_post("title: Hallo\ndate: 2026-13-45")
        .problems()
        .reports(
            "content/posts/beitrag.md:3:7: date: `2026-13-45` is not a date: there is no month 13",
        );
    site_with_post("title: Hallo\ndate: 15.07.2026")
        .problems()
        .reports("content/posts/beitrag.md:3:7: date: `15.07.2026` is not a date; expected YYYY-MM-DD, YYYY-MM-DD HH:MM");
    site_with_post("title: Hallo\ndate: 2026-01-01\nupdated: gestern")
        .problems()
        .reports("beitrag.md:4:10: updated: `gestern` is not a date");
}

#[test]
fn a_time_that_summer_time_skips_is_refused() {
    site_with_post("title: Hallo\ndate: 2026-03-29 02:30")
        .problems()
        .reports("beitrag.md:3:7: 2026-03-29 02:30 does not exist in Europe/Berlin");
}

#[test]
fn yaml_syntax_errors_are_located() {
    site_with_post("title: Hallo\ndate: 2026-01-01\ntags: [eins, zwei")
        .problems()
        .reports("content/posts/beitrag.md:4:7: the `[` opened here is never closed");
    site_with_post("title: Hallo\ndate: 2026-01-01\ntags: Netzwerken")
        .problems()
        .reports("beitrag.md:4:7: `tags` takes a list, not the text `Netzwerken`")
        .reports("= help: write `tags: [Netzwerken]`, or each entry on a line of its own below `tags:`, as `  - Netzwerken`");
}

#[test]
fn missing_required_keys_and_front_matter() {
    site_with_post("date: 2026-01-01")
        .problems()
        .reports("content/posts/beitrag.md:2:1: the required key `title` is missing")
        .reports("title and date are required");
    site_with_post("title: \"  \"\ndate: 2026-01-01")
        .problems()
        .reports("beitrag.md:2:8: `title` is empty");
    TestSite::empty()
        .write("content/posts/ohne.md", "# Nur Markdown\n")
        .problems()
        .reports("content/posts/ohne.md:1:1: the file does not start with front matter");
    TestSite::empty()
        .write("content/posts/offen.md", "---\ntitle: x\n")
        .problems()
        .reports("content/posts/offen.md:1:1: the front matter is never closed");
}

#[test]
fn odd_files_fail_cleanly() {
    for (name, bytes) in [
        ("leer.md", &b""[..]),
        ("binaer.md", &b"---\ntitle: \xff\xfe\n---\n"[..]),
        ("liste.md", &b"---\n- eins\n- zwei\n---\n"[..]),
        (
            "extra.md",
            &b"---\ntitle: x\ndate: 2026-01-01\nextra: text\n---\n"[..],
        ),
    ] {
        TestSite::empty()
            .write_bytes(&format!("content/posts/{name}"), bytes)
            .problems()
            .reports(&format!("content/posts/{name}"));
    }
}

#[test]
fn every_broken_file_is_reported_at_once() {
    let run = TestSite::empty()
        .post("a.md", "tittle: A\ndate: 2026-01-01", "x")
        .post("b.md", "title: B\ndate: morgen", "x")
        .post("c.md", "title: C\ndate: 2026-01-01", "gut")
        .write("content/pages/d.md", "---\ntitle: D\ndraft: ja\n---\n")
        .build(&[])
        .fails()
        .reports("content/posts/a.md:2:1")
        .reports("content/posts/b.md:3:7")
        .reports("content/pages/d.md:3:8")
        .reports("The build failed with 3 problems");
    assert!(!run.stderr.contains("c.md"));
}

#[test]
fn two_posts_on_one_url_name_both_files() {
    TestSite::empty()
        .post(
            "eins.md",
            "title: Eins\ndate: 2026-01-01\nslug: gleich",
            "x",
        )
        .post("2026-01-02-gleich.md", "title: Zwei\ndate: 2026-01-02", "x")
        .problems()
        .reports("would both be published at /blog/gleich/")
        .reports("content/posts/eins.md")
        .reports("content/posts/2026-01-02-gleich.md");
    TestSite::empty()
        .write("content/pages/blog.md", "---\ntitle: Blog\n---\n")
        .problems()
        .reports("content/pages/blog.md and the blog listing that Treffpunkt generates would both be published at /blog/");
}

#[test]
fn site_toml_errors_name_the_key() {
    let config = |text: &str| TestSite::empty().write("site.toml", text).problems();
    config("title = \"T\"\nbase_url = \"https://t.example\"\nauthor = \"A\"\ntitel = \"x\"\n")
        .reports("site.toml:4:1: unknown key `titel`")
        .reports("= help: did you mean `title`?");
    config("title = \"T\"\nauthor = \"A\"\n")
        .reports("site.toml")
        .reports("the required key `base_url` is missing");
    config("title = \"T\"\nbase_url = \"t.example\"\nauthor = \"A\"\n")
        .reports("site.toml:2:12: `t.example` is not an http or https address");
    config("title = \"T\"\nbase_url = \"https://t.example\"\nauthor = \"A\"\ntimezone = \"Europe/Munich\"\n")
        .reports("site.toml:4:12: `Europe/Munich` is not a known time zone");
    config("title = \"T\"\nbase_url")
        .reports("site.toml:2:9: a key needs `=` between it and its value");
    let site = TestSite::empty();
    std::fs::remove_file(site.path().join("site.toml")).unwrap();
    site.problems()
        .reports("site.toml: cannot read")
        .reports("--root");
}

#[test]
fn template_errors_are_located_in_the_template() {
    TestSite::empty()
        .post("x.md", "title: X\ndate: 2026-01-01", "x")
        .write(
            "templates/post.html",
            "{% extends \"base.html\" %}\n{% block content %}\n{{ post.title }\n{% endblock %}\n",
        )
        .problems()
        .reports("templates/post.html:3:");
    TestSite::empty()
        .post("x.md", "title: X\ndate: 2026-01-01", "x")
        .write("templates/post.html", "{{ post.untertitel }}")
        .problems()
        .reports("templates/post.html:1:4: this page has no variable `post.untertitel`");
    let site = TestSite::empty();
    std::fs::remove_file(site.path().join("themes/default/templates/page.html")).unwrap();
    site.problems()
        .reports("the theme has no template `page.html`");
    TestSite::empty()
        .write(
            "site.toml",
            "title = \"T\"\nbase_url = \"https://t.example\"\nauthor = \"A\"\ntheme = \"fehlt\"\n",
        )
        .problems()
        .reports("the theme `fehlt` does not exist");
}

#[test]
fn a_failed_build_leaves_the_previous_output_intact() {
    let site = TestSite::fixture("blog");
    site.build(&[]).succeeds();
    let before = site.output_tree();
    assert!(before.len() > 20);

    site.put(
        "content/posts/2020-01-20-stammtisch.md",
        "---\ntitle: Kaputt\ndate: nie\n---\n",
    );
    site.put(
        "content/posts/neu.md",
        "---\ntitle: Neu\ndate: 2021-01-01\n---\nNeu.\n",
    );
    site.build(&[])
        .fails()
        .reports("the previous output was left as it was");
    assert!(
        site.output_tree() == before,
        "the output changed after a failed build"
    );

    // Nothing but public/ is left beside the site's own files (it has no images and its theme no
    // share cards, so there is no cache).
    let mut entries: Vec<String> = std::fs::read_dir(site.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    entries.sort();
    assert_eq!(
        entries,
        ["content", "public", "site.toml", "static", "themes"]
    );

    // And a good build afterwards replaces it completely, removed posts included.
    std::fs::remove_file(site.path().join("content/posts/2020-01-20-stammtisch.md")).unwrap();
    site.build(&[]).succeeds();
    assert!(site.has_output("blog/neu/index.html"));
    assert!(!site.has_output("blog/stammtisch/index.html"));
}

#[test]
fn unsafe_output_folders_are_refused() {
    let site = TestSite::fixture("blog");
    site.build(&["--output", "."])
        .fails()
        .reports("refusing to write the site into");
    site.build(&["--output", ".."])
        .fails()
        .reports("it is the site's folder or contains it");
    site.build(&["--output", "content/public"])
        .fails()
        .reports("it lies inside the site's content");
    site.put("fremd/notizen.txt", "wichtig");
    site.build(&["--output", "fremd"])
        .fails()
        .reports("it holds files but no index.html");
    assert_eq!(
        std::fs::read_to_string(site.path().join("fremd/notizen.txt")).unwrap(),
        "wichtig"
    );
    site.build(&["--output", "anderswo/site"]).succeeds();
    assert!(site.path().join("anderswo/site/index.html").is_file());
}
