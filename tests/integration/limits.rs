//! Hostile sizes: repeated and huge inputs are refused or handled at a cost linear in their size,
//! measured as work done (files, bytes rendered), never as time. Rendering is a function: these
//! run the library in this process.

use crate::support::{Reports, TestSite};

#[test]
fn an_event_named_again_in_a_post_is_refused_at_the_repeat() {
    let entries = "  - stammtisch\n".repeat(1_000);
    TestSite::fixture("calendar")
        .post(
            "bericht.md",
            &format!("title: Bericht\ndate: 2025-12-01\nevents:\n{}", entries.trim_end()),
            "Text.",
        )
        .problems()
        .reports("content/posts/bericht.md:6:5: the event `stammtisch` is listed twice in `events` (and 998 more repeats)")
        .reports("remove this line");
    TestSite::fixture("calendar")
        .post(
            "bericht.md",
            "title: Bericht\ndate: 2025-12-01\nevents: [stammtisch, fruehstueck, Stammtisch]",
            "Text.",
        )
        .problems()
        .reports("content/posts/bericht.md:4:35: the event `Stammtisch` is listed twice");
}

/// Tera follows such templates until the stack overflows, which aborted the process (exit 134).
#[test]
fn templates_that_include_or_call_themselves_are_refused_by_name() {
    let site = || TestSite::empty().post("x.md", "title: X\ndate: 2026-01-01", "x");
    site()
        .write(
            "templates/post.html",
            "{% extends \"base.html\" %}\n{% block content %}{% include \"post.html\" %}{% endblock content %}\n",
        )
        .problems()
        .reports("templates/post.html: `post.html` includes itself")
        .reports("would never end");
    site()
        .write("templates/a.html", "{% include \"b.html\" %}")
        .write("templates/b.html", "{% include \"a.html\" %}")
        .problems()
        .reports("templates/a.html: the templates call each other in a circle: `a.html` → `b.html` → `a.html`");
    site()
        .write(
            "templates/macros.html",
            "{% macro tree(n) %}{{ self::tree(n=n) }}{% endmacro tree %}",
        )
        .problems()
        .reports("templates/macros.html: the macro `tree` of `macros.html` calls itself");
    site()
        .write("templates/post.html", "{% extends \"post.html\" %}")
        .problems()
        .reports("templates/post.html: Circular extend detected for template 'post.html'");
}

#[test]
fn a_template_that_produces_absurd_output_is_stopped_with_its_page() {
    TestSite::empty()
        .post("x.md", "title: X\ndate: 2026-01-01", "x")
        .write(
            "templates/post.html",
            "{% for i in range(end=100000000) %}Zeile {{ i }}\n{% endfor %}",
        )
        .problems()
        .reports("templates/post.html:")
        .reports("would count 100000000 numbers")
        .reports("while rendering /blog/x/; a loop of the template probably runs far more often than meant");
    // Tera's own `range` looped for ever with step_by=0, filling the memory.
    TestSite::empty()
        .post("x.md", "title: X\ndate: 2026-01-01", "x")
        .write(
            "templates/post.html",
            "{% for i in range(end=5, step_by=0) %}{{ i }}{% endfor %}",
        )
        .problems()
        .reports("`range` received step_by=0, which never ends");
    TestSite::empty()
        .post(
            "x.md",
            "title: X\ndate: 2026-01-01",
            &"Absatz. ".repeat(20_000),
        )
        .write(
            "templates/post.html",
            "{% for i in range(end=1000) %}{{ post.content | safe }}{% endfor %}",
        )
        .problems()
        .reports("the page would be larger than 64 MB")
        .reports("while rendering /blog/x/; a loop of the template probably runs far more often than meant");
}

fn tags(prefix: &str, count: usize) -> String {
    (0..count)
        .map(|i| format!("  - {prefix}{i}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// One post with 1,000 tags wrote 198 MB: every tag page and tag feed showed the post with all
/// 1,000 tags.
#[test]
fn a_post_with_too_many_tags_is_refused_and_the_allowed_most_writes_little() {
    TestSite::empty()
        .post(
            "viele.md",
            &format!(
                "title: Viele\ndate: 2026-01-01\ntags:\n{}",
                tags("t", 1_000)
            ),
            &"Wort ".repeat(1_200),
        )
        .problems()
        .reports("content/posts/viele.md:4:")
        .reports("`tags` has 1000 entries, more than the 100 one file may have");
    let site = TestSite::empty().post(
        "viele.md",
        &format!("title: Viele\ndate: 2026-01-01\ntags:\n{}", tags("t", 100)),
        &"Wort ".repeat(1_200),
    );
    let bytes = site.render().size();
    assert!(
        bytes < 8_000_000,
        "100 tags on one 6 kB post wrote {bytes} bytes"
    );
    TestSite::fixture("calendar")
        .write(
            "content/events/viele.yaml",
            &format!(
                "title: Viele\nstart: 2026-12-01 19:00\ncategories:\n{}\n",
                tags("k", 101)
            ),
        )
        .problems()
        .reports("content/events/viele.yaml:")
        .reports("`categories` has 101 entries");
}

/// Twice the posts with as many tags each write twice the bytes, not four times.
#[test]
fn output_grows_linearly_with_posts_and_their_tags() {
    let site_of = |posts: usize| {
        let mut site = TestSite::empty();
        for post in 0..posts {
            site = site.post(
                &format!("p{post}.md"),
                &format!(
                    "title: Beitrag {post}\ndate: 2025-01-01\ncategory: Kategorie {post}\nevents: []\ntags:\n{}",
                    tags(&format!("p{post}t"), 20)
                ),
                &"## Abschnitt\n\nText.\n\n".repeat(50),
            );
        }
        site.render().size()
    };
    let small = site_of(10);
    let large = site_of(20);
    let ratio = large as f64 / small as f64;
    assert!(
        (1.8..=2.2).contains(&ratio),
        "10 posts wrote {small} bytes, 20 posts {large}: a ratio of {ratio:.2}"
    );
}

/// Every page repeats its title a dozen times: a title of megabytes is refused where it is
/// written, not found later as a page over the size limit that names only its template.
#[test]
fn a_title_longer_than_a_thousand_characters_is_refused_at_its_line() {
    let long = "Ä".repeat(1_001);
    let site = TestSite::empty()
        .post("lang.md", &format!("title: {long}\ndate: 2026-01-10"), "Text.")
        .post(
            "gerade.md",
            &format!("title: {}\ndate: 2026-01-11", "Ä".repeat(1_000)),
            "Text.",
        )
        .write(
            "content/pages/lang.md",
            &format!("---\ntitle: \"{long}\"\n---\nText.\n"),
        )
        .event(
            "fest",
            &format!(
                "title: Fest\nstart: 2026-03-03 18:00\nrepeat: FREQ=WEEKLY;COUNT=3\nchanges:\n  2026-03-10:\n    title: {long}\n"
            ),
        );
    let problems = site.problems();
    let said = "it has 1001 characters, more than the 1000 a title may have";
    for place in [
        "content/posts/lang.md:2:8: title:",
        "content/pages/lang.md:2:8: title:",
        "content/events/fest.yaml:6:12: changes.2026-03-10.title:",
    ] {
        assert!(
            problems.contains(&format!("{place} {said}")),
            "{place}\n{problems}"
        );
    }
    assert_eq!(problems.matches("error:").count(), 3, "{problems}");
}
