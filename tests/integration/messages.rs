//! The messages are the product: for the everyday mistakes, the whole diagnostic as the writer
//! sees it (place, words, quoted line, caret and fix), compared exactly. They are found by the
//! library in this process; that the binary prints them so is tested once, at the end.

use crate::support::TestSite;

#[track_caller]
fn post_file(text: &str) -> String {
    TestSite::empty()
        .write("content/posts/beitrag.md", text)
        .problems()
}

#[track_caller]
fn event_file(text: &str) -> String {
    TestSite::empty().event("treffen", text).problems()
}

#[track_caller]
fn site_toml(text: &str) -> String {
    TestSite::empty().write("site.toml", text).problems()
}

const CONFIG: &str = "title = \"T\"\nbase_url = \"https://t.example\"\nauthor = \"A\"\n";

// Item 17: YAML syntax errors at the line of the mistake, in plain words, with the fix.

#[test]
fn an_unclosed_quote_is_shown_where_it_opens() {
    // The parser itself stumbles two lines further down, at the next quote.
    assert_eq!(
        post_file("---\ntitle: \"Hallo\ndate: 2026-01-01\nsummary: \"kurz\"\n---\nText\n"),
        [
            "error: content/posts/beitrag.md:2:8: the quote opened here is never closed",
            "   |",
            " 2 | title: \"Hallo",
            "   |        ^",
            "  = help: end the value with a matching \" on the same line; a \" inside the value is written \\\"",
        ]
        .join("\n")
    );
    assert_eq!(
        event_file("title: 'Stammtisch\nstart: 2026-01-13 19:00\n"),
        [
            "error: content/events/treffen.yaml:1:8: the quote opened here is never closed",
            "   |",
            " 1 | title: 'Stammtisch",
            "   |        ^",
            "  = help: end the value with a matching ' on the same line; a ' inside the value is written ''",
        ]
        .join("\n")
    );
}

#[test]
fn a_missing_colon_is_shown_with_the_fixed_line() {
    assert_eq!(
        post_file(
            "---\ntitle: Hallo\ndate: 2026-01-01\ntags: [a]\nauthor: Erika\nsummary: kurz\ncategory Praxis\n---\nText\n"
        ),
        [
            "error: content/posts/beitrag.md:7:1: a key needs a colon",
            "   |",
            " 7 | category Praxis",
            "   | ^",
            "  = help: write `category: Praxis`; if this line continues the value above it, indent it with spaces",
        ]
        .join("\n")
    );
}

#[test]
fn a_tab_used_for_indentation_is_named() {
    assert_eq!(
        post_file("---\ntitle: Hallo\ndate: 2026-01-01\ntags:\n  - eins\n\t- zwei\n---\nText\n"),
        [
            "error: content/posts/beitrag.md:6:1: YAML does not allow tabs for indentation; use spaces",
            "   |",
            " 6 | \t- zwei",
            "   | ^",
            "  = help: replace the tab at the start of this line with spaces, as many as the lines above use for the same level",
        ]
        .join("\n")
    );
    assert!(
        post_file("---\ntitle: Hallo\ndate: 2026-01-01\ntags:\n\t- eins\n---\n").starts_with(
            "error: content/posts/beitrag.md:5:1: YAML does not allow tabs for indentation; use spaces"
        )
    );
}

#[test]
fn brackets_colons_and_indentation_are_explained() {
    assert_eq!(
        post_file("---\ntitle: Hallo\ntags: [eins, zwei\ndate: 2026-01-01\n---\n"),
        [
            "error: content/posts/beitrag.md:3:7: the `[` opened here is never closed",
            "   |",
            " 3 | tags: [eins, zwei",
            "   |       ^",
            "  = help: end the list with `]` on the same line, e.g. `tags: [Netzwerken, Praxis]`, or write each entry on a line of its own starting with `- `",
        ]
        .join("\n")
    );
    assert_eq!(
        post_file("---\ntitle: Treffen: heute\ndate: 2026-01-01\n---\n"),
        [
            "error: content/posts/beitrag.md:2:15: a value that contains `: ` must be in quotes",
            "   |",
            " 2 | title: Treffen: heute",
            "   |               ^",
            "  = help: write `title: \"Treffen: heute\"`",
        ]
        .join("\n")
    );
    assert_eq!(
        post_file("---\ntitle: Hallo\n  date: 2026-01-01\n---\n"),
        [
            "error: content/posts/beitrag.md:3:3: this line is indented more than the key above it",
            "   |",
            " 3 |   date: 2026-01-01",
            "   |   ^",
            "  = help: keys of one map start in the same column: remove the extra spaces at the start of this line, or, if it continues the value above, put that value in quotes",
        ]
        .join("\n")
    );
    assert_eq!(
        event_file("title: X\nstart: 2026-01-08 19:00\norganizer:\n  name: Erika\n email: e@x.org\n"),
        [
            "error: content/events/treffen.yaml:5:2: this line is indented differently from the lines above it",
            "   |",
            " 5 |  email: e@x.org",
            "   |  ^",
            "  = help: keys of one map start in the same column, and a value on the lines below its key is indented further; use spaces",
        ]
        .join("\n")
    );
    assert!(
        post_file("---\ntitle: Hallo\ntags: - eins\n---\n").starts_with(
            "error: content/posts/beitrag.md:3:7: a list entry `- ` cannot stand on the same line as its key"
        )
    );
    assert!(
        post_file("---\ntitle: \"Er sagte \"Hallo\"\"\n---\n").starts_with(
            "error: content/posts/beitrag.md:2:19: a quoted value ends at its closing quote, but text follows it"
        )
    );
    assert!(
        post_file("---\ntitle: @verein\n---\n")
            .contains("beitrag.md:2:8: a value cannot begin with `@` unless it is in quotes\n")
    );
}

#[test]
fn a_hash_that_starts_a_comment_is_explained() {
    assert_eq!(
        post_file("---\ntitle: #1 Treffen\ndate: 2026-01-01\n---\n"),
        [
            "error: content/posts/beitrag.md:2:8: `title` is empty",
            "   |",
            " 2 | title: #1 Treffen",
            "   |        ^",
            "  = help: a `#` after a space starts a comment, so the value is empty: put it in quotes, as in `title: \"#1 Treffen\"`",
        ]
        .join("\n")
    );
    assert_eq!(
        post_file("---\ntitle: X\ndate: 2026-01-01\ntags: [#eins, zwei]\n---\n"),
        [
            "error: content/posts/beitrag.md:4:7: the `[` opened here is never closed",
            "   |",
            " 4 | tags: [#eins, zwei]",
            "   |       ^",
            "  = help: end the list with `]` on the same line, e.g. `tags: [Netzwerken, Praxis]`, or write each entry on a line of its own starting with `- `; a `#` after a space starts a comment that hides the rest of the line, so put a value with `#` in quotes: `\"#eins\"`",
        ]
        .join("\n")
    );
}

// Item 11: keys given twice.

#[test]
fn a_key_given_twice_names_both_lines() {
    assert_eq!(
        post_file("---\ntitle: Eins\ndate: 2026-01-01\ntitle: Zwei\n---\n"),
        [
            "error: content/posts/beitrag.md:4:1: the key `title` is given twice in the same place: on line 2 and again on line 4",
            "   |",
            " 4 | title: Zwei",
            "   | ^",
            "  = help: a key may appear only once in a map, else only the later one would count; merge the two or remove one (line 2 is `title: Eins`)",
        ]
        .join("\n")
    );
    // The later entry would silently win: a cancellation could be lost.
    assert_eq!(
        event_file(
            "title: Stammtisch\nstart: 2026-01-13 19:00\nrepeat: FREQ=MONTHLY;BYDAY=2TU\nchanges:\n  2026-12-08:\n    status: cancelled\n  2026-12-08:\n    note: Im Nebenraum\n"
        ),
        [
            "error: content/events/treffen.yaml:7:3: the key `2026-12-08` is given twice in the same place: on line 5 and again on line 7",
            "   |",
            " 7 |   2026-12-08:",
            "   |   ^",
            "  = help: a key may appear only once in a map, else only the later one would count; merge the two or remove one (line 5 is `2026-12-08:`)",
        ]
        .join("\n")
    );
    // Two spellings of one date are the same entry too.
    assert!(
        event_file(
            "title: Stammtisch\nstart: 2026-01-13 19:00\nrepeat: FREQ=MONTHLY;BYDAY=2TU\nchanges:\n  2026-12-08:\n    status: cancelled\n  \"2026-12-08 19:00\":\n    note: x\n"
        )
        .starts_with("error: content/events/treffen.yaml:7:4: `2026-12-08` and `2026-12-08 19:00` in `changes` name the same occurrence\n")
    );
    assert!(
        event_file(
            "title: X\nstart: 2026-01-08 19:00\norganizer:\n  name: Erika\n  email: a@x.org\n  name: Max\n"
        )
        .starts_with("error: content/events/treffen.yaml:6:3: the key `name` is given twice in the same place: on line 4 and again on line 6")
    );
    assert!(
        post_file("---\ntitle: X\ndate: 2026-01-01\nextra:\n  farbe: rot\n  farbe: blau\n---\n")
            .starts_with("error: content/posts/beitrag.md:6:3: the key `farbe` is given twice in the same place: on line 5 and again on line 6")
    );
}

#[test]
fn site_toml_refuses_a_key_or_table_given_twice_naming_both_lines() {
    assert_eq!(
        site_toml(&format!("{CONFIG}title = \"Noch einmal\"\n")),
        [
            "error: site.toml:4:1: the key `title` is given twice: on line 1 and again on line 4",
            "   |",
            " 4 | title = \"Noch einmal\"",
            "   | ^",
            "  = help: a key may appear only once in a table: keep the one you mean and remove the other",
        ]
        .join("\n")
    );
    assert!(
        site_toml(&format!(
            "{CONFIG}[blog]\npath = \"b\"\n[blog]\nposts_per_page = 3\n"
        ))
        .starts_with(
            "error: site.toml:6:2: the table `[blog]` is given twice: on line 4 and again on line 6"
        )
    );
}

// Item 18: German key names.

#[test]
fn german_key_names_get_the_english_key() {
    assert_eq!(
        post_file("---\ntitel: Hallo\ndate: 2026-01-01\n---\n"),
        [
            "error: content/posts/beitrag.md:2:1: unknown key `titel`",
            "   |",
            " 2 | titel: Hallo",
            "   | ^",
            "  = help: did you mean `title`? Keys are written in English",
        ]
        .join("\n")
    );
    for (key, meant) in [
        ("datum", "date"),
        ("kategorie", "category"),
        ("autor", "author"),
        ("schlagwörter", "tags"),
        ("schlagworte", "tags"),
        ("zusammenfassung", "summary"),
        ("beschreibung", "summary"),
        ("entwurf", "draft"),
    ] {
        let shown = post_file(&format!("---\ntitle: X\ndate: 2026-01-01\n{key}: x\n---\n"));
        assert!(
            shown.starts_with(&format!(
                "error: content/posts/beitrag.md:4:1: unknown key `{key}`\n"
            )) && shown.ends_with(&format!(
                "= help: did you mean `{meant}`? Keys are written in English"
            )),
            "{shown}"
        );
    }
    for (key, meant) in [
        ("ort", "location"),
        ("beschreibung", "description"),
        ("wiederholung", "repeat"),
        ("ende", "end"),
        ("dauer", "duration"),
        ("zeitzone", "timezone"),
        ("ausnahmen", "except"),
        ("änderungen", "changes"),
        ("kategorien", "categories"),
    ] {
        let shown = event_file(&format!("title: X\nstart: 2026-01-08 19:00\n{key}: x\n"));
        assert!(
            shown.ends_with(&format!(
                "= help: did you mean `{meant}`? Keys are written in English"
            )),
            "{shown}"
        );
    }
}

#[test]
fn an_unknown_key_lists_the_allowed_ones_once() {
    let shown = post_file("---\ntitle: X\ndate: 2026-01-01\nfarbe: rot\n---\n");
    assert!(
        shown.ends_with("= help: the keys allowed here are `title`, `date`, `updated`, `author`, `tags`, `category`, `summary`, `draft`, `slug`, `events`, `image`, `image_alt`, `extra`"),
        "{shown}"
    );
    assert_eq!(shown.matches("`summary`").count(), 1, "{shown}");
}

// Item 10: names that give no URL are refused at their line.

#[test]
fn an_author_or_category_without_letters_is_refused_at_its_line() {
    assert_eq!(
        post_file("---\ntitle: X\ndate: 2026-01-01\nauthor: \"!!!\"\n---\n"),
        [
            "error: content/posts/beitrag.md:4:9: the author `!!!` has no letters or digits to form a URL",
            "   |",
            " 4 | author: \"!!!\"",
            "   |         ^",
            "  = help: the author gets a page of its own, whose address is made from its name: write a name with letters or digits",
        ]
        .join("\n")
    );
    assert!(
        post_file("---\ntitle: X\ndate: 2026-01-01\ncategory: \"???\"\n---\n").starts_with(
            "error: content/posts/beitrag.md:4:11: the category `???` has no letters or digits to form a URL"
        )
    );
    assert!(
        post_file("---\ntitle: X\ndate: 2026-01-01\ntags: [gut, \"--\"]\n---\n").starts_with(
            "error: content/posts/beitrag.md:4:7: the entry `--` in `tags` has no letters or digits to form a URL"
        )
    );
    assert!(
        event_file("title: X\nstart: 2026-01-08 19:00\ncategories: [\"!\"]\n").starts_with(
            "error: content/events/treffen.yaml:3:13: the category `!` has no letters or digits to form a URL"
        )
    );
    assert!(
        site_toml("title = \"T\"\nbase_url = \"https://t.example\"\nauthor = \"!!!\"\n")
            .starts_with(
                "error: site.toml:3:10: the author `!!!` has no letters or digits to form a URL"
            )
    );
}

// Item 13: bytes that are not UTF-8.

#[track_caller]
fn with_bytes(relative: &str, bytes: &[u8]) -> String {
    TestSite::empty().write_bytes(relative, bytes).problems()
}

#[test]
fn windows_1252_text_is_located_and_named() {
    assert_eq!(
        with_bytes(
            "content/posts/gruss.md",
            b"---\ntitle: Gr\xfc\xdfe\ndate: 2026-01-01\n---\nText\n"
        ),
        [
            "error: content/posts/gruss.md:2:10: this file is not UTF-8: the byte 0xFC here is `\u{fc}` in Windows-1252 (Latin-1), the encoding the file seems to be saved in",
            "   |",
            " 2 | title: Gr\u{fffd}\u{fffd}e",
            "   |          ^",
            "  = help: save the file as UTF-8 (in the editor's \"Save as\" dialog, choose the encoding UTF-8) and check that umlauts and quotes still look right",
        ]
        .join("\n")
    );
    for (file, bytes, place) in [
        (
            "content/posts/zitat.md",
            &b"---\ntitle: X\ndate: 2026-01-01\n---\nEr sagte \x84Hallo\x93.\n"[..],
            "content/posts/zitat.md:5:10: this file is not UTF-8: the byte 0x84 here is `\u{201e}`",
        ),
        (
            "content/pages/ueber.md",
            &b"---\ntitle: \xc4rzte\n---\n"[..],
            "content/pages/ueber.md:2:8: this file is not UTF-8: the byte 0xC4 here is `\u{c4}`",
        ),
        (
            "content/events/fest.yaml",
            &b"title: Sommerfest\nstart: 2026-07-01 18:00\nlocation: Stra\xdfe 1\n"[..],
            "content/events/fest.yaml:3:15: this file is not UTF-8: the byte 0xDF here is `\u{df}`",
        ),
        (
            "site.toml",
            &b"title = \"M\xfcnchen\"\nbase_url = \"https://t.example\"\nauthor = \"A\"\n"[..],
            "site.toml:1:11: this file is not UTF-8: the byte 0xFC here is `\u{fc}`",
        ),
        (
            "themes/default/templates/page.html",
            &b"<p>Gr\xfc\xdfe</p>\n"[..],
            "themes/default/templates/page.html:1:6: this file is not UTF-8",
        ),
        (
            "themes/default/i18n/de.toml",
            &b"locale = \"de_DE\"\n# \xe4\n"[..],
            "themes/default/i18n/de.toml:2:3: this file is not UTF-8: the byte 0xE4 here is `\u{e4}`",
        ),
    ] {
        let shown = with_bytes(file, bytes);
        assert!(shown.starts_with(&format!("error: {place}")), "{shown}");
    }
}

// Item 4: generated sections on one URL.

#[test]
fn two_sections_on_one_url_name_both_settings() {
    assert_eq!(
        site_toml(&format!("{CONFIG}[blog]\npath = \"termine\"\n[calendar]\npath = \"termine\"\n")),
        [
            "error: site.toml:7:8: `[calendar] path = \"termine\"` puts the calendar at /termine/, where `[blog] path` (site.toml:5:8) puts the blog",
            "   |",
            " 7 | path = \"termine\"",
            "   |        ^",
            "  = help: give each section a path of its own, not inside another one: /tags/, /categories/ and /authors/ are taken, and the blog and the calendar need two different paths, such as \"blog\" and \"termine\"",
        ]
        .join("\n")
    );
    for (settings, expected) in [
        (
            "[blog]\npath = \"events\"\n",
            "error: site.toml:5:8: `[blog] path = \"events\"` puts the blog at /events/, where the calendar is by default (`[calendar] path` is \"events\" when not set)\n",
        ),
        (
            "[calendar]\npath = \"tags\"\n",
            "error: site.toml:5:8: `[calendar] path = \"tags\"` puts the calendar at /tags/, where Treffpunkt publishes the tag pages\n",
        ),
        (
            "[blog]\npath = \"authors\"\n",
            "error: site.toml:5:8: `[blog] path = \"authors\"` puts the blog at /authors/, where Treffpunkt publishes the author pages\n",
        ),
        (
            "[calendar]\npath = \"blog/termine\"\n",
            "error: site.toml:5:8: `[calendar] path = \"blog/termine\"` puts the calendar at /blog/termine/, inside /blog/, where the blog is by default (`[blog] path` is \"blog\" when not set)\n",
        ),
        (
            "[calendar]\npath = \"verein/termine\"\n[blog]\npath = \"verein\"\n",
            "error: site.toml:7:8: `[blog] path = \"verein\"` puts the blog at /verein/, around /verein/termine/, where `[calendar] path` (site.toml:5:8) puts the calendar\n",
        ),
        (
            "[blog]\npath = \"categories/blog\"\n",
            "error: site.toml:5:8: `[blog] path = \"categories/blog\"` puts the blog at /categories/blog/, inside /categories/, where Treffpunkt publishes the category pages\n",
        ),
    ] {
        let shown = site_toml(&format!("{CONFIG}{settings}"));
        assert!(shown.starts_with(expected), "{shown}");
    }
}

// Item 20: every published URL is a candidate for "did you mean".

#[test]
fn a_broken_link_to_an_event_or_taxonomy_page_gets_a_suggestion() {
    let site = TestSite::empty()
        .event(
            "stammtisch-muenchen",
            "title: Stammtisch\nstart: 2026-01-13 19:00\ncategories: [Stammtisch]\n",
        )
        .write("content/pages/impressum.md", "---\ntitle: Impressum\n---\n")
        .post(
            "a.md",
            "title: A\ndate: 2026-01-01\ntags: [Netzwerken]",
            "[x](/termine/stammtisch-muenchen/) [y](/events/stammtisch-munchen/)\n\n[z](/tag/netzwerken/) [i](/blog/impressum/) [f](/events/categories/stamtisch.ics)",
        );
    let shown = site.check_problems();
    for (written, meant) in [
        (
            "/termine/stammtisch-muenchen/",
            "/events/stammtisch-muenchen/",
        ),
        (
            "/events/stammtisch-munchen/",
            "/events/stammtisch-muenchen/",
        ),
        ("/tag/netzwerken/", "/tags/netzwerken/"),
        ("/blog/impressum/", "/impressum/"),
        (
            "/events/categories/stamtisch.ics",
            "/events/categories/stammtisch.ics",
        ),
    ] {
        assert!(
            shown.contains(&format!(
                "the link `{written}` leads to nothing this site publishes\n"
            )),
            "{shown}"
        );
        assert!(
            shown.contains(&format!("= help: did you mean `{meant}`?")),
            "{meant}: {shown}"
        );
    }
}

// Item 19: messages and help are self-contained.

#[test]
fn no_help_text_sends_the_reader_to_the_readme() {
    let site = TestSite::empty();
    for command in [
        &["--help"][..],
        &["init", "--help"],
        &["new", "--help"],
        &["build", "--help"],
        &["serve", "--help"],
        &["check", "--help"],
        &["events", "--help"],
        &["completions", "--help"],
    ] {
        let run = site.run(command).succeeds();
        assert!(
            !run.stdout.to_lowercase().contains("readme"),
            "{command:?}: {}",
            run.stdout
        );
    }
    let messages = [
        post_file("---\ntitle: X\n---\n"),
        post_file("---\ntitle: X\ndate: 2026-01-01\nfarbe: rot\n---\n"),
        event_file("start: 2026-01-08 19:00\n"),
    ];
    for shown in messages {
        assert!(!shown.to_lowercase().contains("readme"), "{shown}");
    }
}

#[test]
fn a_string_missing_from_the_theme_s_strings_file_names_that_file_and_key() {
    let site = TestSite::empty();
    let strings = site.read("themes/default/i18n/de.toml");
    let without = strings.replace("skip_link = \"Zum Inhalt springen\"\n", "");
    assert_ne!(without, strings, "the line to remove is in de.toml");
    site.put("themes/default/i18n/de.toml", &without);
    let shown = site.problems();
    assert!(
        shown.starts_with(
            "error: themes/default/i18n/de.toml: the [strings] table has no `skip_link`, which the template themes/default/templates/"
        ),
        "{shown}"
    );
}

// QA findings: template, site.toml and date messages in plain words at their place.

#[track_caller]
fn template(name: &str, text: &str) -> String {
    let site = TestSite::empty()
        .write(&format!("templates/{name}"), text)
        .post("beitrag.md", "title: Hallo\ndate: 2026-01-01", "Text");
    let build = site.problems();
    assert_eq!(site.check_problems(), build, "check and build say the same");
    build
}

const POST_START: &str = "{% extends \"base.html\" %}\n{% block content %}\n";

#[test]
fn template_syntax_errors_say_what_is_wrong_and_how_to_fix_it() {
    assert_eq!(
        template(
            "post.html",
            &format!("{POST_START}{{% if %}}x{{% endif %}}\n{{% endblock content %}}\n")
        ),
        [
            "error: templates/post.html:3:7: `{% if %}` needs a condition",
            "   |",
            " 3 | {% if %}x{% endif %}",
            "   |       ^",
            "  = help: write what to test, e.g. `{% if post.updated %}`",
        ]
        .join("\n")
    );
    assert_eq!(
        template(
            "post.html",
            "<!-- x -->{% if true %}{% endif %}\n{% extends \"base.html\" %}\n"
        ),
        [
            "error: templates/post.html:2:1: `extends` must be the first tag of the template",
            "   |",
            " 2 | {% extends \"base.html\" %}",
            "   | ^",
            "  = help: move `{% extends … %}` to the very start of the file: nothing may come before it, not even text or a comment; a template that extends another puts all its content in `{% block %}`s",
        ]
        .join("\n")
    );
    assert_eq!(
        template(
            "post.html",
            &format!("{POST_START}{{% if post.updated %}}\n<p>x</p>\n{{% endblock content %}}\n")
        ),
        [
            "error: templates/post.html:3:1: this `{% if %}` is never closed",
            "   |",
            " 3 | {% if post.updated %}",
            "   | ^",
            "  = help: end it with `{% endif %}` before the `{% endblock %}` on line 5",
        ]
        .join("\n")
    );
    assert_eq!(
        template(
            "post.html",
            &format!("{POST_START}<h1>{{{{ post.title </h1>\n{{% endblock content %}}\n")
        ),
        [
            "error: templates/post.html:3:5: the `{{` opened here is never closed",
            "   |",
            " 3 | <h1>{{ post.title </h1>",
            "   |     ^",
            "  = help: end it with `}}` on the same line",
        ]
        .join("\n")
    );
    assert_eq!(
        template(
            "post.html",
            &format!("{POST_START}{{% endfor %}}\n{{% endblock content %}}\n")
        ),
        [
            "error: templates/post.html:3:1: `{% endfor %}` ends nothing: no `{% for %}` is open here",
            "   |",
            " 3 | {% endfor %}",
            "   | ^",
            "  = help: remove it, or add the `{% for … %}` it belongs to before it",
        ]
        .join("\n")
    );
    assert_eq!(
        template(
            "post.html",
            &format!(
                "{POST_START}{{% if post.title = \"x\" %}}y{{% endif %}}\n{{% endblock content %}}\n"
            )
        ),
        [
            "error: templates/post.html:3:18: `=` does not compare; `==` does",
            "   |",
            " 3 | {% if post.title = \"x\" %}y{% endif %}",
            "   |                  ^",
            "  = help: write `==` to test whether two values are equal",
        ]
        .join("\n")
    );
}

#[test]
fn template_render_errors_are_located_with_the_variable_meant() {
    assert_eq!(
        template(
            "post.html",
            &format!("{POST_START}<h1>{{{{ post.titel }}}}</h1>\n{{% endblock content %}}\n")
        ),
        [
            "error: templates/post.html:3:8: this page has no variable `post.titel`",
            "   |",
            " 3 | <h1>{{ post.titel }}</h1>",
            "   |        ^",
            "  = help: did you mean `post.title`? (while rendering /blog/beitrag/)",
        ]
        .join("\n")
    );
    assert_eq!(
        template(
            "post.html",
            &format!("{POST_START}{{% for i in range(end=100000000) %}}{{% endfor %}}\n{{% endblock content %}}\n")
        ),
        [
            "error: templates/post.html:3:13: `range(…)` would count 100000000 numbers, more than the 1000000 a page may count in all its loops (1000000 are left)",
            "   |",
            " 3 | {% for i in range(end=100000000) %}{% endfor %}",
            "   |             ^",
            "  = help: this happened while rendering /blog/beitrag/; a loop of the template probably runs far more often than meant",
        ]
        .join("\n")
    );
    assert_eq!(
        template(
            "post.html",
            &format!("{POST_START}{{{{ post.title | grossbuchstaben }}}}\n{{% endblock content %}}\n")
        ),
        [
            "error: templates/post.html:3:17: there is no filter `grossbuchstaben`",
            "   |",
            " 3 | {{ post.title | grossbuchstaben }}",
            "   |                 ^",
            "  = help: check its name; filters such as `upper` or `date` are written after `|`, as in `{{ post.title | upper }}` (while rendering /blog/beitrag/)",
        ]
        .join("\n")
    );
}

#[test]
fn a_control_character_in_yaml_is_located_and_to_be_removed() {
    // What keeps the character from the terminal is the command line's printing: the binary runs.
    let site = TestSite::empty().event("treffen", "start: 2026-01-13 19:00\ntitle: Tref\0fen\n");
    assert_eq!(
        site.build(&[]).fails().problems(),
        [
            "error: content/events/treffen.yaml:2:12: this line holds the control character U+0000, which YAML does not allow",
            "   |",
            // The terminal is not sent the character itself.
            " 2 | title: Treffen",
            "   |            ^",
            "  = help: remove it (most editors show it as nothing or as a small box); it often comes with text pasted from another program",
        ]
        .join("\n")
    );
}

#[test]
fn site_toml_syntax_errors_are_explained_with_the_fix() {
    assert_eq!(
        site_toml(&format!("{CONFIG}language = \"de\ntimezone = \"Europe/Berlin\"\n")),
        [
            "error: site.toml:4:12: the quote opened here is never closed",
            "   |",
            " 4 | language = \"de",
            "   |            ^",
            "  = help: end the value with a matching \" on the same line; a \" inside the value is written \\\"",
        ]
        .join("\n")
    );
    assert_eq!(
        site_toml(&format!("{CONFIG}language \"de\"\n")),
        [
            "error: site.toml:4:10: a key needs `=` between it and its value",
            "   |",
            " 4 | language \"de\"",
            "   |          ^",
            "  = help: write `language = \"de\"`",
        ]
        .join("\n")
    );
    assert_eq!(
        site_toml(&format!("{CONFIG}language = de\n")),
        [
            "error: site.toml:4:12: text values must be in quotes",
            "   |",
            " 4 | language = de",
            "   |            ^",
            "  = help: write `language = \"de\"`",
        ]
        .join("\n")
    );
    assert_eq!(
        site_toml(&format!("{CONFIG}[blog\npath = \"blog\"\n")),
        [
            "error: site.toml:4:1: the `[` opened here is never closed",
            "   |",
            " 4 | [blog",
            "   | ^",
            "  = help: end the table's name with `]` on the same line, e.g. `[blog]`",
        ]
        .join("\n")
    );
    assert_eq!(
        site_toml(&format!("{CONFIG}[calendar]\nmonths_ahead =\n")),
        [
            "error: site.toml:5:15: `months_ahead` has no value after `=`",
            "   |",
            " 5 | months_ahead =",
            "   |               ^",
            "  = help: write the value after `=` (a number, `true` or `false`, or text in quotes such as `\"…\"`), or remove the line",
        ]
        .join("\n")
    );
}

#[test]
fn a_day_that_does_not_exist_is_named_as_such() {
    assert_eq!(
        post_file("---\ntitle: Hallo\ndate: 2026-02-30 08:30\n---\nText\n"),
        [
            "error: content/posts/beitrag.md:3:7: date: `2026-02-30 08:30` is not a date: February 2026 has 28 days",
            "   |",
            " 3 | date: 2026-02-30 08:30",
            "   |       ^",
        ]
        .join("\n")
    );
    assert_eq!(
        event_file("title: T\nstart: 2026-04-31 19:00\n"),
        [
            "error: content/events/treffen.yaml:2:8: start: `2026-04-31 19:00` is not a date: April 2026 has 30 days",
            "   |",
            " 2 | start: 2026-04-31 19:00",
            "   |        ^",
        ]
        .join("\n")
    );
}

#[test]
fn unreadable_events_are_not_followed_by_unknown_event_errors() {
    let site = TestSite::empty()
        .write("content/events", "kein Ordner")
        .post(
            "beitrag.md",
            "title: Hallo\ndate: 2026-01-01\nevents: [stammtisch]",
            "Text",
        )
        .post(
            "zweiter.md",
            "title: Zwei\ndate: 2026-01-02\nevents: [stammtisch]",
            "Text",
        );
    assert_eq!(
        site.problems(),
        [
            "error: content/events: this should be a folder, but it is a file",
            "  = help: rename or remove the file; Treffpunkt reads the folder of this name",
        ]
        .join("\n")
    );
}

#[test]
fn an_organizer_address_without_at_is_refused_at_its_line() {
    assert_eq!(
        event_file(
            "title: T\nstart: 2026-01-13 19:00\norganizer:\n  name: Erika\n  email: erika.example.org\n"
        ),
        [
            "error: content/events/treffen.yaml:5:10: `erika.example.org` is not an e-mail address",
            "   |",
            " 5 |   email: erika.example.org",
            "   |          ^",
            "  = help: write it as name@example.org, or leave `email` out",
        ]
        .join("\n")
    );
}

#[test]
fn the_year_0000_is_refused() {
    assert_eq!(
        post_file("---\ntitle: Hallo\ndate: 0000-01-01\n---\nText\n"),
        [
            "error: content/posts/beitrag.md:3:7: date: `0000-01-01` is not a date: there is no year 0000; years start at 0001",
            "   |",
            " 3 | date: 0000-01-01",
            "   |       ^",
        ]
        .join("\n")
    );
}

#[test]
fn an_overlong_section_path_is_refused_at_its_setting() {
    let long = "a".repeat(150);
    assert_eq!(
        site_toml(&format!("{CONFIG}[calendar]\npath = \"{long}\"\n")),
        [
            "error: site.toml:5:8: the part `aaaaaaaaaaaaaaaaaaaa…` of this path is 150 characters long, more than the 100 a part may have",
            "   |",
            &format!(" 5 | path = \"{}…", "a".repeat(92)),
            "   |        ^",
            "  = help: use a short path of a word or two, such as \"blog\" or \"termine\"",
        ]
        .join("\n")
    );
}

#[test]
fn a_start_the_rule_does_not_give_is_shown_at_the_start_with_the_fix() {
    assert_eq!(
        event_file("title: T\nstart: 2025-09-10 19:00\nrepeat: FREQ=MONTHLY;BYDAY=2TU\n"),
        [
            "error: content/events/treffen.yaml:2:8: the start is not a date the rule gives: its first is 2025-10-14 19:00 (Tuesday); RFC 5545 leaves such a start undefined and calendar programs disagree about it",
            "   |",
            " 2 | start: 2025-09-10 19:00",
            "   |        ^",
            "  = help: write `start: 2025-10-14 19:00`, or change the rule so that it gives the start",
        ]
        .join("\n")
    );
}

/// QA finding Q14: placing each broken link reads its file up to it, so a file of thousands cost
/// their square; past twenty they are counted, as `except` dates are.
#[test]
fn broken_links_past_twenty_in_one_file_are_counted() {
    let body = (1..=25)
        .map(|n| format!("[Link {n}](/nix-{n}/)"))
        .collect::<Vec<_>>()
        .join("\n\n");
    let site = TestSite::empty().post("beitrag.md", "title: Hallo\ndate: 2026-01-01", &body);
    let said = site.check_problems();
    let blocks: Vec<&str> = said.split("\n\n").collect();
    assert_eq!(blocks.len(), 21, "{said}");
    // Problems are sorted by place; the count, which has none, comes first.
    assert!(
        blocks[20].starts_with(
            "error: content/posts/beitrag.md:43:11: the link `/nix-20/` leads to nothing this site publishes"
        ),
        "{}",
        blocks[20]
    );
    assert_eq!(
        blocks[0],
        "error: content/posts/beitrag.md: … and 5 more links or images in this file that lead to nothing this site publishes\n  = help: correct the ones above, then run `treffpunkt check` again to see the rest"
    );
}

/// QA finding Q11: a language is a code of two or three letters, not a name.
#[test]
fn a_language_name_is_not_taken_for_a_code() {
    assert_eq!(
        site_toml(&format!("{CONFIG}language = \"klingon\"\n")),
        [
            "error: site.toml:4:12: `klingon` is not a language code",
            "   |",
            " 4 | language = \"klingon\"",
            "   |            ^",
            "  = help: use a code such as \"de\", \"de-AT\" or \"en\"",
        ]
        .join("\n")
    );
}

/// The messages above are found in this process; the binary prints exactly those, then the sum.
#[test]
fn build_and_check_print_the_messages_the_library_finds_and_exit_1() {
    let site = TestSite::empty()
        .post("a.md", "title: A\ndate: morgen", "x")
        .event("treffen", "title: 'Stammtisch\nstart: 2026-01-13 19:00\n");
    let build = site.build(&[]).fails();
    assert_eq!(build.problems(), site.problems());
    assert!(
        build
            .stderr
            .ends_with("\nThe build failed with 2 problems; nothing was written.\n"),
        "{}",
        build.stderr
    );
    let check = site.run(&["check"]).fails();
    assert_eq!(check.problems(), site.check_problems());
    assert_eq!(check.problems(), build.problems());
}

#[test]
fn a_theme_without_the_date_page_template_is_told_at_load() {
    let site = TestSite::empty();
    std::fs::remove_file(site.path().join("themes/default/templates/date.html")).unwrap();
    assert_eq!(
        site.problems(),
        [
            "error: themes/default/templates/date.html: the theme has no template `date.html`",
            "  = help: add it to the theme's templates/ folder or to the site's templates/ folder",
        ]
        .join("\n")
    );
}
