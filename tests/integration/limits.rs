//! Hostile sizes: repeated and huge inputs are refused or handled at a cost linear in their size,
//! measured as work done (files, bytes written), never as time.

use crate::support::TestSite;

#[test]
fn an_event_named_again_in_a_post_is_refused_at_the_repeat() {
    let entries = "  - stammtisch\n".repeat(1_000);
    TestSite::fixture("calendar")
        .post(
            "bericht.md",
            &format!("title: Bericht\ndate: 2025-12-01\nevents:\n{}", entries.trim_end()),
            "Text.",
        )
        .build(&[])
        .fails()
        .reports("content/posts/bericht.md:6:5: the event `stammtisch` is listed twice in `events` (and 998 more repeats)")
        .reports("remove this line");
    TestSite::fixture("calendar")
        .post(
            "bericht.md",
            "title: Bericht\ndate: 2025-12-01\nevents: [stammtisch, fruehstueck, Stammtisch]",
            "Text.",
        )
        .build(&[])
        .fails()
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
        .build(&[])
        .fails()
        .reports("templates/post.html: `post.html` includes itself")
        .reports("would never end");
    site()
        .write("templates/a.html", "{% include \"b.html\" %}")
        .write("templates/b.html", "{% include \"a.html\" %}")
        .build(&[])
        .fails()
        .reports("templates/a.html: the templates call each other in a circle: `a.html` → `b.html` → `a.html`");
    site()
        .write(
            "templates/macros.html",
            "{% macro tree(n) %}{{ self::tree(n=n) }}{% endmacro tree %}",
        )
        .build(&[])
        .fails()
        .reports("templates/macros.html: the macro `tree` of `macros.html` calls itself");
    site()
        .write("templates/post.html", "{% extends \"post.html\" %}")
        .build(&[])
        .fails()
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
        .build(&[])
        .fails()
        .reports("templates/post.html:")
        .reports("would count 100000000 numbers")
        .reports("while rendering /blog/x/");
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
        .build(&[])
        .fails()
        .reports("the page would be larger than 64 MB")
        .reports("while rendering /blog/x/");
}
