//! The authoring commands: `init`, `new`, `check`, `events`, and how the command line talks.

use std::fs;

use crate::support::{TestSite, external, repository};

#[test]
fn init_writes_a_site_that_checks_clean_and_builds_from_any_folder() {
    let dir = TestSite::folder();
    // The binary runs outside the repository: the theme and starter files come from the binary.
    let run = dir.run(&["init", "mein-verein"]).succeeds();
    assert!(
        run.stdout.contains("Created a new site in mein-verein"),
        "{}",
        run.stdout
    );
    let site = dir.path().join("mein-verein");
    for file in [
        "site.toml",
        ".gitignore",
        "content/posts/2026-11-21-willkommen.md",
        "content/pages/impressum.md",
        "content/events/stammtisch.yaml",
        "themes/default/templates/base.html",
        "themes/default/i18n/de.toml",
        "themes/default/static/style.css",
    ] {
        assert!(site.join(file).is_file(), "{file} was not written");
    }
    for file in ["templates/post.html", "static/style.css", "i18n/en.toml"] {
        assert_eq!(
            fs::read(site.join("themes/default").join(file)).unwrap(),
            fs::read(repository().join("themes/default").join(file)).unwrap(),
            "the embedded {file} differs from the theme's"
        );
    }

    let run = dir.run(&["check", "--root", "mein-verein"]).succeeds();
    assert!(run.stdout.contains("No problems found"), "{}", run.stdout);
    dir.run(&["build", "--root", "mein-verein"]).succeeds();
    let public = site.join("public");
    let welcome = fs::read_to_string(public.join("blog/willkommen/index.html")).unwrap();
    assert!(welcome.contains("Willkommen auf unserer neuen Seite"));
    assert!(public.join("impressum/index.html").is_file());
    // The Stammtisch starts on the second Tuesday of the next month.
    let stammtisch = fs::read_to_string(public.join("termine/stammtisch/index.html")).unwrap();
    assert!(stammtisch.contains("2026-12-08"), "{stammtisch}");
}

#[test]
fn init_refuses_a_folder_that_is_not_empty_and_force_keeps_every_file() {
    let dir = TestSite::folder().write("site.toml", "title = \"Meins\"\n");
    dir.run(&["init", "."])
        .fails()
        .reports("is not empty")
        .reports("--force");
    assert!(!dir.path().join("content").exists());

    // A welcome post from an earlier `init`, since renamed: a second one would take its URL.
    fs::create_dir_all(dir.path().join("content/posts")).unwrap();
    fs::write(
        dir.path().join("content/posts/2026-11-14-willkommen.md"),
        "---\ntitle: Hallo\ndate: 2026-11-14\n---\n",
    )
    .unwrap();
    let run = dir.run(&["init", ".", "--force"]).succeeds();
    for kept in ["site.toml", "content/posts/2026-11-14-willkommen.md"] {
        assert!(
            run.stdout.contains(&format!("kept {kept} as it was")),
            "{}",
            run.stdout
        );
    }
    assert!(
        !dir.path()
            .join("content/posts/2026-11-21-willkommen.md")
            .exists()
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("site.toml")).unwrap(),
        "title = \"Meins\"\n"
    );
    assert!(dir.path().join("content/events/stammtisch.yaml").is_file());
}

#[test]
fn new_post_writes_a_dated_draft_with_the_site_author() {
    let site = TestSite::fixture("blog");
    let run = site
        .run(&["new", "post", "Größe zählt: Netzwerken für Einsteiger"])
        .succeeds();
    let file = "content/posts/2026-11-21-groesse-zaehlt-netzwerken-fuer-einsteiger.md";
    assert_eq!(run.stdout.trim(), file);
    let text = site.read(file);
    for line in [
        "title: \"Größe zählt: Netzwerken für Einsteiger\"",
        "date: 2026-11-21",
        "author: \"Erika Muster\"",
        "tags: []",
        "draft: true",
    ] {
        assert!(text.lines().any(|l| l == line), "no `{line}` in\n{text}");
    }
    // Every optional key is there to be uncommented.
    for key in ["summary", "category", "events", "slug", "extra"] {
        assert!(text.contains(&format!("# {key}:")), "no {key} in\n{text}");
    }

    site.run(&["check", "--drafts"]).succeeds();
    site.build(&[]).succeeds();
    assert!(!site.has_output("blog/groesse-zaehlt-netzwerken-fuer-einsteiger/index.html"));
    site.build(&["--drafts"]).succeeds();
    assert!(site.has_output("blog/groesse-zaehlt-netzwerken-fuer-einsteiger/index.html"));
}

#[test]
fn new_never_overwrites_a_file_or_takes_a_url_in_use() {
    let site = TestSite::fixture("blog");
    site.run(&["new", "post", "Zweimal"]).succeeds();
    let file = "content/posts/2026-11-21-zweimal.md";
    site.put(
        file,
        "---\ntitle: Schon geschrieben\ndate: 2026-11-21\n---\nText\n",
    );
    site.run(&["new", "post", "Zweimal"])
        .fails()
        .reports(file)
        .reports("already exists");
    assert!(site.read(file).contains("Schon geschrieben"));

    // The fixture's 2020-01-20-stammtisch.md has the URL a new "Stammtisch" would get.
    site.run(&["new", "post", "Stammtisch"])
        .fails()
        .reports("content/posts/2020-01-20-stammtisch.md already exists");
    site.run(&["new", "page", "Impressum"])
        .fails()
        .reports("content/pages/impressum.md already exists");
    site.run(&["new", "event", "Stammtisch München"])
        .fails()
        .reports("content/events/stammtisch-muenchen.yaml already exists; it defines the event `stammtisch-muenchen`");
    site.run(&["new", "page", "Tags"])
        .fails()
        .reports("would have the URL /tags/, where Treffpunkt publishes the list of tags");
    site.run(&["new", "post", "!!!"])
        .fails()
        .reports("has no letters or digits");
    TestSite::folder()
        .run(&["new", "post", "Irgendwo"])
        .fails()
        .reports("there is no site here")
        .reports("treffpunkt init");
}

#[test]
fn new_event_explains_every_key_and_is_listed_right_away() {
    let site = TestSite::fixture("blog");
    let run = site.run(&["new", "event", "Sommerfest 2027"]).succeeds();
    assert_eq!(run.stdout.trim(), "content/events/sommerfest-2027.yaml");
    let text = site.read("content/events/sommerfest-2027.yaml");
    let lines: Vec<&str> = text.lines().collect();
    for key in [
        "title",
        "summary",
        "description",
        "start",
        "duration",
        "end",
        "timezone",
        "location",
        "geo",
        "online",
        "url",
        "organizer",
        "categories",
        "status",
        "repeat",
        "except",
        "changes",
        "sequence",
        "extra",
    ] {
        let at = lines
            .iter()
            .position(|line| {
                line.starts_with(&format!("{key}:")) || line.starts_with(&format!("# {key}:"))
            })
            .unwrap_or_else(|| panic!("no key `{key}` in\n{text}"));
        // Each key has a line of its own that explains it, right above it.
        let above = if at > 0 { lines[at - 1] } else { "" };
        let is_key = |line: &str| {
            let line = line.trim_start_matches("# ");
            line.split_once(':')
                .is_some_and(|(key, _)| key.chars().all(|c| c.is_ascii_lowercase()))
        };
        assert!(
            above.starts_with("# ") && !is_key(above),
            "`{key}` is not explained in\n{text}"
        );
    }
    assert!(lines.contains(&"title: \"Sommerfest 2027\""));
    assert!(lines.contains(&"start: 2026-11-28 19:00"));

    site.run(&["check"]).succeeds();
    let run = site.run(&["events", "--until", "2026-11-30"]).succeeds();
    assert!(
        run.stdout
            .contains("Sat 2026-11-28  19:00–21:00  Sommerfest 2027"),
        "{}",
        run.stdout
    );
}

/// A site whose files load, but whose links, images and URLs are wrong.
fn site_with_broken_links() -> TestSite {
    TestSite::fixture("blog")
        .post(
            "2026-02-01-verweise.md",
            "title: Verweise\ndate: 2026-02-01",
            "Zum [Stammtisch](/blog/stammtisch/) und zur [Startseite](/).\n\
             Ein [Tippfehler](/blog/der-tag-danac/) und ein ![Foto](/bilder/fehlt.jpg).\n\
             Extern: [Beispiel](https://example.org/nirgends), [Mail](mailto:a@b.example), [oben](#oben).\n\
             Relativ: [zurück](../der-tag-danach/) und [ins Leere](../gibt-es-nicht/).\n\
             Vorhanden: [Text](/hallo.txt) und [Termin](/events/stammtisch-muenchen/).\n\
             Text gleich Adresse: [/blog/kaputt/](/blog/kaputt/).",
        )
        .post(
            "2026-02-02-noch-einmal.md",
            "title: Noch einmal\ndate: 2026-02-02\nslug: verweise",
            "Gleiche Adresse.",
        )
}

#[test]
fn check_finds_links_and_images_that_lead_nowhere_and_urls_taken_twice() {
    let site = site_with_broken_links();
    let run = site.run(&["check"]).fails();
    // The text begins on line 5, after two lines of front matter between the fences; each
    // problem points at the address.
    let run = run
        .reports("content/posts/2026-02-01-verweise.md:6:18: the link `/blog/der-tag-danac/` leads to nothing this site publishes")
        .reports("did you mean `/blog/der-tag-danach/`?")
        .reports("content/posts/2026-02-01-verweise.md:6:56: the image `/bilder/fehlt.jpg` leads to nothing")
        .reports("put the file at static/bilder/fehlt.jpg")
        .reports("content/posts/2026-02-01-verweise.md:8:55: the link `../gibt-es-nicht/` leads to nothing")
        .reports("would both be published at /blog/verweise/")
        .reports("content/posts/2026-02-01-verweise.md:10:38: the link `/blog/kaputt/`")
        .reports("Found 5 problems.");
    for fine in [
        "/blog/stammtisch/",
        "example.org",
        "mailto",
        "#oben",
        "../der-tag-danach/",
        "/hallo.txt",
        "/events/",
    ] {
        assert!(
            !run.stderr.contains(&format!("`{fine}")),
            "{fine} was reported:\n{}",
            run.stderr
        );
    }
    assert!(!site.has_output(""), "check wrote the site");

    let run = site.run(&["check", "--format", "json"]).fails();
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json["ok"], false);
    let problems = json["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 5);
    let image = problems
        .iter()
        .find(|p| p["message"].as_str().unwrap().contains("fehlt.jpg"))
        .unwrap();
    assert_eq!(image["file"], "content/posts/2026-02-01-verweise.md");
    assert_eq!(
        (image["line"].as_u64(), image["column"].as_u64()),
        (Some(6), Some(56))
    );
    assert_eq!(json["checked"]["posts"], 5);
}

#[test]
fn check_reports_every_broken_file_at_once_with_its_place() {
    let site = TestSite::fixture("blog")
        .post("a.md", "title: A\ndate: 2026-01-01\nkategorie: x", "x")
        .post(
            "b.md",
            "title: B\ndate: 2026-01-01\nevents: [sommerfest]",
            "x",
        )
        .event(
            "regel",
            "title: Regel\nstart: 2026-01-13 19:00\nrepeat: FREQ=MONTHLY;BYDAY=2XX\n",
        )
        .event(
            "zeit",
            "title: Zeit\nstart: 2026-01-13 19:00\ntimezone: Europe/Muenchen\n",
        )
        .write("templates/page.html", "{{ page.titel | upper }}");
    let run = site
        .run(&["check"])
        .fails()
        .reports("content/posts/a.md:4:1: unknown key `kategorie`")
        .reports("= help: did you mean `category`? Keys are written in English")
        .reports("content/posts/b.md:4:9: there is no event `sommerfest`")
        .reports("content/events/regel.yaml:3:22: invalid repeat rule: `2XX` is not a weekday")
        .reports("content/events/zeit.yaml:3:11: `Europe/Muenchen` is not a known time zone")
        .reports("Found 4 problems. Links are checked once every file loads.");
    assert!(!run.stderr.contains("page.html"));

    // Once the files load, the template is rendered and its mistake found.
    for file in [
        "content/posts/a.md",
        "content/posts/b.md",
        "content/events/regel.yaml",
        "content/events/zeit.yaml",
    ] {
        fs::remove_file(site.path().join(file)).unwrap();
    }
    site.run(&["check"]).fails().reports("templates/page.html");
}

#[test]
fn check_is_quiet_about_a_clean_site_and_says_so() {
    let example = TestSite::example();
    let run = example.run(&["check"]).succeeds();
    assert_eq!(run.stdout.trim(), "No problems found.");
    let run = example.run(&["check", "--format", "json"]).succeeds();
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json["ok"], true);
    assert_eq!(json["problems"].as_array().map(Vec::len), Some(0));
    assert_eq!(example.run(&["check", "--quiet"]).succeeds().stdout, "");
}

#[test]
fn events_lists_the_example_sites_dates_with_exceptions_and_changes() {
    let example = TestSite::example();
    let run = example
        .run(&["events", "--from", "2026-12-01", "--until", "2026-12-31"])
        .succeeds();
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines[0].split_whitespace().collect::<Vec<_>>(),
        ["Date", "Time", "Title", "Location", "Status"]
    );
    let row = |date: &str| {
        lines
            .iter()
            .find(|line| line.contains(date))
            .unwrap_or_else(|| panic!("no row for {date} in\n{}", run.stdout))
    };
    // The Stammtisch of 8 December is moved to the 1st.
    assert!(row("Tue 2026-12-01").contains("19:00–22:00  Business-Stammtisch München"));
    assert!(row("Tue 2026-12-01").ends_with("moved from 2026-12-08"));
    assert!(row("Fri 2026-12-18").contains("Weihnachtsfeier des Vereins"));
    // The breakfast club pauses on Christmas Eve and New Year's Eve.
    for thursday in ["2026-12-03", "2026-12-10", "2026-12-17"] {
        assert!(row(thursday).contains("07:30–09:00  Frühstücksclub  "));
    }
    assert!(
        !lines
            .iter()
            .any(|l| l.contains("Thu 2026-12-24") || l.contains("Thu 2026-12-31"))
    );
    // The count goes to stderr: stdout is the table alone.
    assert!(
        run.stderr
            .contains("5 dates from 2026-12-01 through 2026-12-31")
    );
    // In February 2026 only two series have begun; that the others begin later is no error.
    let run = example
        .run(&["events", "--from", "2026-02-01", "--until", "2026-02-28"])
        .succeeds();
    assert!(run.stdout.contains("Frühstücksclub") && !run.stdout.contains("Golf"));

    let run = example
        .run(&[
            "events",
            "--from",
            "2026-12-01",
            "--until",
            "2026-12-31",
            "--category",
            "frühstück",
        ])
        .succeeds();
    assert_eq!(run.stdout.matches("Frühstücksclub").count(), 3);
    assert!(!run.stdout.contains("Stammtisch"));
}

#[test]
fn events_refuses_what_it_cannot_list() {
    let example = TestSite::example();
    example
        .run(&["events", "--category", "Tanzkurs"])
        .fails()
        .reports("no event has the category `Tanzkurs`")
        .reports("known categories: ");
    example
        .run(&["events", "--from", "2027-01-10", "--until", "2027-01-01"])
        .fails()
        .reports("before it begins");
    example
        .run(&["events", "--from", "12.01.2027"])
        .exits(2)
        .reports("write it as YYYY-MM-DD");
}

#[test]
fn colour_only_when_asked_for_and_never_with_no_color() {
    let site = TestSite::empty().post("a.md", "title: A\ndate: morgen", "x");
    let escape = '\u{1b}';
    // Output to a pipe has no colour.
    let plain = site
        .command(&["check"])
        .env_remove("NO_COLOR")
        .run()
        .fails();
    assert!(!plain.stderr.contains(escape), "{}", plain.stderr);
    let forced = site
        .command(&["check"])
        .env_remove("NO_COLOR")
        .env("CLICOLOR_FORCE", "1")
        .run();
    assert!(
        forced.stderr.contains(escape),
        "colour cannot be forced:\n{}",
        forced.stderr
    );
    let refused = site
        .command(&["check"])
        .env("CLICOLOR_FORCE", "1")
        .env("NO_COLOR", "1")
        .run();
    assert!(!refused.stderr.contains(escape), "{}", refused.stderr);
    // The colours are only added: the text is the same.
    assert_eq!(refused.stderr, plain.stderr);
}

#[test]
fn quiet_prints_problems_only_and_verbose_the_stages() {
    let site = TestSite::fixture("blog");
    let run = site.build(&["--quiet"]).succeeds();
    assert_eq!((run.stdout.as_str(), run.stderr.as_str()), ("", ""));
    let run = site.build(&["--verbose"]).succeeds();
    for stage in ["load and check:", "render:", "swap in:"] {
        assert!(run.stderr.contains(stage), "no {stage} in\n{}", run.stderr);
    }
    assert!(run.stdout.contains("Built "));
    let broken = TestSite::empty().post("a.md", "title: A\ndate: morgen", "x");
    broken
        .build(&["--quiet"])
        .fails()
        .reports("content/posts/a.md:3:7");
}

#[test]
fn every_command_has_help_with_examples_and_completions_for_three_shells() {
    let example = TestSite::example();
    for command in [
        "init",
        "new",
        "build",
        "serve",
        "check",
        "events",
        "completions",
    ] {
        let run = example.run(&[command, "--help"]).succeeds();
        assert!(
            run.stdout.contains("Examples:")
                && run.stdout.contains(&format!("treffpunkt {command}")),
            "`{command} --help` has no examples:\n{}",
            run.stdout
        );
    }
    for shell in ["bash", "zsh", "fish"] {
        let run = example.run(&["completions", shell]).succeeds();
        for word in [
            "treffpunkt",
            "init",
            "check",
            "events",
            "drafts",
            "category",
        ] {
            assert!(run.stdout.contains(word), "{shell} completion lacks {word}");
        }
    }
    let bash = example.run(&["completions", "bash"]).succeeds();
    let script = tempfile::NamedTempFile::new().unwrap();
    fs::write(script.path(), bash.stdout).unwrap();
    // Fails here unless the completion is valid bash.
    external("bash").arg("-n").arg(script.path()).succeeds();
}
