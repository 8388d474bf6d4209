//! A complete blog comes out of `treffpunkt build`: URLs, listings, taxonomies, feeds, sitemap.
//! What is rendered is checked in this process (`TestSite::render`); the binary builds where the
//! test is about the command: its flags, the folder it writes, static files.

use std::collections::BTreeSet;

use crate::support::{TestSite, count, repository, walkdir};

/// The distinct post links (`/blog/<slug>/`) on a page.
fn post_links(html: &str) -> BTreeSet<String> {
    html.match_indices("/blog/")
        .filter_map(|(start, _)| {
            let rest = &html[start + "/blog/".len()..];
            let slug: String = rest
                .chars()
                .take_while(|c| *c != '/' && *c != '"')
                .collect();
            let is_post = !slug.is_empty() && slug != "page" && rest[slug.len()..].starts_with('/');
            is_post.then_some(slug)
        })
        .collect()
}

#[test]
fn the_example_site_builds_completely() {
    let out = crate::support::temp_dir();
    let target = out.path().join("site");
    let stdout = TestSite::example()
        .command(&["build", "--output"])
        .arg(&target)
        .run()
        .succeeds()
        .stdout;
    assert!(stdout.starts_with("Built "), "{stdout}");
    for file in [
        "index.html",
        "blog/index.html",
        "feed.xml",
        "sitemap.xml",
        "robots.txt",
        "404.html",
        "impressum/index.html",
        "style.css",
        "tags/index.html",
    ] {
        assert!(target.join(file).is_file(), "{file} is missing");
    }
    // Photos lie beside the posts.
    let post_files: Vec<_> = walkdir(&repository().join("content/posts"))
        .into_iter()
        .filter(|file| file.extension().is_some_and(|ext| ext == "md"))
        .collect();
    let posts = post_files.len();
    let drafts = post_files
        .iter()
        .filter(|f| {
            std::fs::read_to_string(f)
                .unwrap()
                .contains("\ndraft: true")
        })
        .count();
    assert!(posts >= 6 && drafts == 1);
    assert!(
        stdout.contains(&format!("({} posts)", posts - drafts)),
        "{stdout}"
    );
}

#[test]
fn slugs_follow_the_rules() {
    let site = TestSite::empty()
        .post(
            "2026-01-05-Größe zählt nicht.md",
            "title: Egal\ndate: 2026-01-05",
            "x",
        )
        .post(
            "zweiter.md",
            "title: Zwei\ndate: 2026-01-06\nslug: \"Netzwerken – ja bitte. Aber richtig!\"",
            "x",
        )
        .post(
            "Weihnachtsfeier-Zeit: Netzwerken as usual?.md",
            "title: Drei\ndate: 2026-01-07",
            "x",
        )
        .post("bündel/index.md", "title: Vier\ndate: 2026-01-08", "x")
        .write(
            "content/pages/Über uns.md",
            "---\ntitle: Über uns\n---\nWir.\n",
        );
    let site = site.render();
    for file in [
        "blog/groesse-zaehlt-nicht/index.html",
        "blog/netzwerken-ja-bitte-aber-richtig/index.html",
        "blog/weihnachtsfeier-zeit-netzwerken-as-usual/index.html",
        "blog/buendel/index.html",
        "ueber-uns/index.html",
    ] {
        assert!(site.has(file), "{file} is missing");
    }
}

#[test]
fn drafts_and_scheduled_posts_need_their_flags() {
    let site = TestSite::empty()
        .post(
            "veroeffentlicht.md",
            "title: Veröffentlicht\ndate: 2026-01-01",
            "x",
        )
        .post(
            "entwurf.md",
            "title: Entwurf\ndate: 2026-01-02\ndraft: true",
            "x",
        )
        .post("geplant.md", "title: Geplant\ndate: 2999-01-01 10:00", "x");

    site.build(&[]).succeeds();
    assert!(site.has_output("blog/veroeffentlicht/index.html"));
    assert!(!site.has_output("blog/entwurf/index.html"));
    assert!(!site.has_output("blog/geplant/index.html"));
    assert!(!site.output("feed.xml").contains("Geplant"));

    site.build(&["--drafts"]).succeeds();
    assert!(
        site.output("blog/entwurf/index.html")
            .contains("badge--draft")
    );
    assert!(!site.has_output("blog/geplant/index.html"));

    site.build(&["--future"]).succeeds();
    assert!(
        site.output("blog/geplant/index.html")
            .contains("badge--scheduled")
    );
    assert!(!site.has_output("blog/entwurf/index.html"));
    assert!(
        !site
            .output("blog/veroeffentlicht/index.html")
            .contains("badge--")
    );
}

#[test]
fn pagination_at_0_1_10_and_11_posts() {
    for (posts, pages) in [(0, 1), (1, 1), (10, 1), (11, 2)] {
        let site = TestSite::empty().numbered_posts(posts);
        let site = site.render();
        let first = site.file("blog/index.html");
        assert_eq!(
            post_links(&first).len(),
            posts.min(10),
            "{posts} posts, first page"
        );
        let home = site.file("index.html");
        assert_eq!(
            post_links(&home),
            post_links(&first),
            "the home page shows the latest posts"
        );
        if posts == 0 {
            assert!(first.contains("Noch keine Beiträge."));
        }
        assert_eq!(
            site.has("blog/page/2/index.html"),
            pages == 2,
            "{posts} posts"
        );
        assert!(!site.has("blog/page/3/index.html"));
        // Page 1 has no numbered URL of its own: it redirects to the listing.
        assert!(
            site.file("blog/page/1/index.html")
                .contains("url=https://test.example/blog/\"")
        );
        if pages == 2 {
            let second = site.file("blog/page/2/index.html");
            assert_eq!(
                post_links(&second),
                BTreeSet::from(["beitrag-01".to_owned()])
            );
            assert!(
                first.contains("https://test.example/blog/page/2/"),
                "no link to page 2"
            );
            // Newest first: page 1 starts with the 11th post.
            let newest = first.find("beitrag-11").unwrap();
            assert!(newest < first.find("beitrag-02").unwrap());
        }
    }
}

#[test]
fn posts_on_the_same_day_are_ordered_by_title() {
    let site = TestSite::empty()
        .post("b.md", "title: Bertha\ndate: 2026-02-01", "x")
        .post("a.md", "title: Anton\ndate: 2026-02-01", "x");
    let site = site.render();
    let listing = site.file("blog/index.html");
    assert!(listing.find("/blog/a/").unwrap() < listing.find("/blog/b/").unwrap());
}

#[test]
fn post_pages_carry_everything_a_reader_needs() {
    let site = TestSite::fixture("blog");
    let site = site.render();
    let post = site.file("blog/netzwerken-ja-bitte/index.html");
    for expected in [
        "<time class=\"dt-published\" datetime=\"2018-07-07T00:00:00+02:00\">7. Juli 2018</time>",
        "Lesezeit: 1 Minute",
        "https://fixture.example/verein/authors/kai-beispiel/",
        "https://fixture.example/verein/categories/netzwerken-gemeinschaft/",
        "https://fixture.example/verein/tags/kontakte/",
        // Markdown: German quotes, heading ids, tables, footnotes with the post's prefix.
        "„Kontakte“",
        "<h2 id=\"groesse-zaehlt-nicht\">",
        "<table>",
        "href=\"#fn-netzwerken-ja-bitte-quelle\"",
        // External links are safe, internal root-relative links follow the base URL.
        "href=\"https://de.wikipedia.org/wiki/Netzwerk\" rel=\"noopener\"",
        "href=\"https://fixture.example/verein/blog/der-tag-danach/\"",
        // Share links are plain links.
        "https://www.xing.com/spi/shares/new?url=https%3A%2F%2Ffixture.example%2Fverein%2Fblog%2Fnetzwerken-ja-bitte%2F",
        "https://www.linkedin.com/sharing/share-offsite/?url=",
        "https://www.facebook.com/sharer/sharer.php?u=",
        "https://x.com/intent/post?url=",
        "mailto:?subject=",
    ] {
        assert!(post.contains(expected), "the post page lacks {expected}");
    }
    // The one script element is data for search engines (JSON-LD), not a program.
    assert_eq!(
        post.matches("<script").count(),
        post.matches("<script type=\"application/ld+json\">")
            .count(),
        "the theme needs no JavaScript"
    );
    // The oldest post links only to the next, newer one.
    assert!(post.contains("/blog/der-tag-danach/\" rel=\"next\""));
    assert!(!post.contains("rel=\"prev\""));
    assert!(
        site.file("blog/der-tag-danach/index.html")
            .contains("rel=\"prev\"")
    );
}

#[test]
fn summaries_come_from_front_matter_the_more_marker_or_the_first_paragraph() {
    let site = TestSite::fixture("blog");
    let site = site.render();
    let listing = site.file("blog/page/2/index.html");
    assert!(listing.contains("Der erste Absatz sagt, worum es geht"));
    assert!(
        !listing.contains("Größe zählt nicht"),
        "only the first paragraph is the summary"
    );
    let listing = site.file("blog/index.html");
    assert!(listing.contains("Eine eigene Zusammenfassung."));
    assert!(listing.contains("Was vor der Markierung steht"));
    assert!(!listing.contains("NACH-DER-MARKE"));
    assert!(
        site.file("blog/der-tag-danach/index.html")
            .contains("NACH-DER-MARKE")
    );
}

#[test]
fn taxonomies_group_posts_by_tag_category_and_author() {
    let site = TestSite::fixture("blog");
    let site = site.render();
    // "Netzwerken" and "netzwerken" are one tag with two posts.
    let tag = site.file("tags/netzwerken/index.html");
    assert_eq!(
        post_links(&tag),
        BTreeSet::from(["der-tag-danach".into(), "netzwerken-ja-bitte".into()])
    );
    let tags = site.file("tags/index.html");
    for tag in ["netzwerken", "kontakte", "nachbereitung", "stammtisch"] {
        assert!(
            tags.contains(&format!("https://fixture.example/verein/tags/{tag}/")),
            "{tag}"
        );
    }
    assert_eq!(count(&tags, "/tags/netzwerken/\""), 1);
    assert!(site.has("tags/netzwerken/feed.xml"));
    assert_eq!(
        post_links(&site.file("categories/praxistipps/index.html")),
        BTreeSet::from(["der-tag-danach".into()])
    );
    assert!(
        site.file("categories/index.html")
            .contains("/categories/netzwerken-gemeinschaft/")
    );
    // The site's author is the default; an explicit author gets a page of their own.
    assert_eq!(
        post_links(&site.file("authors/erika-muster/index.html")),
        BTreeSet::from(["der-tag-danach".into(), "stammtisch".into()])
    );
    assert_eq!(
        post_links(&site.file("authors/kai-beispiel/index.html")).len(),
        1
    );
    // Term listings paginate like the blog (two posts a page in the fixture).
    let site = TestSite::empty().numbered_posts(3).write("site.toml", "title = \"T\"\nbase_url = \"https://t.example\"\nauthor = \"A\"\n[blog]\nposts_per_page = 2\n");
    let site = site.render();
    assert_eq!(
        post_links(&site.file("authors/a/page/2/index.html")).len(),
        1
    );
}

#[test]
fn the_atom_feed_parses_and_describes_the_latest_posts() {
    let site = TestSite::empty().numbered_posts(25);
    let site = site.render();
    let xml = site.file("feed.xml");
    let doc = roxmltree::Document::parse(&xml).expect("the feed is well-formed XML");
    let atom = "http://www.w3.org/2005/Atom";
    let feed = doc.root_element();
    assert_eq!(
        (feed.tag_name().namespace(), feed.tag_name().name()),
        (Some(atom), "feed")
    );
    let child = |node: roxmltree::Node<'_, '_>, name: &str| {
        node.children()
            .find(|c| c.has_tag_name((atom, name)))
            .map(|c| c.text().unwrap_or_default().to_owned())
    };
    assert_eq!(child(feed, "title").as_deref(), Some("Testseite"));
    assert_eq!(
        child(feed, "id").as_deref(),
        Some("https://test.example/feed.xml")
    );
    assert_eq!(
        child(feed, "updated").as_deref(),
        Some("2026-01-25T00:00:00+01:00")
    );
    let entries: Vec<_> = feed
        .children()
        .filter(|c| c.has_tag_name((atom, "entry")))
        .collect();
    assert_eq!(entries.len(), 20, "the feed carries the 20 latest posts");
    let first = entries[0];
    assert_eq!(child(first, "title").as_deref(), Some("Beitrag 25"));
    assert_eq!(
        child(first, "id").as_deref(),
        Some("https://test.example/blog/beitrag-25/")
    );
    assert_eq!(
        child(first, "updated").as_deref(),
        Some("2026-01-25T00:00:00+01:00")
    );
    let content = first
        .children()
        .find(|c| c.has_tag_name((atom, "content")))
        .unwrap();
    assert_eq!(content.attribute("type"), Some("html"));
    let xml_base = ("http://www.w3.org/XML/1998/namespace", "base");
    assert_eq!(
        content.attribute(xml_base),
        Some("https://test.example/blog/beitrag-25/"),
        "in-page links such as footnotes resolve against the post"
    );

    assert!(
        content
            .text()
            .unwrap()
            .contains("<p>Text von Beitrag 25.</p>")
    );
    assert!(
        first
            .descendants()
            .any(|n| n.has_tag_name((atom, "name")) && n.text() == Some("Erika Muster"))
    );
    assert!(child(entries[19], "title").unwrap().ends_with("06"));

    let site = TestSite::fixture("blog");
    let site = site.render();
    let xml = site.file("tags/netzwerken/feed.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let entries = doc
        .descendants()
        .filter(|n| n.has_tag_name((atom, "entry")))
        .count();
    assert_eq!(entries, 2);
    assert!(
        doc.descendants()
            .any(|n| n.has_tag_name((atom, "category"))
                && n.attribute("term") == Some("praxistipps"))
    );
}

#[test]
fn the_sitemap_lists_every_page_and_robots_names_it() {
    let site = TestSite::fixture("blog");
    site.build(&[]).succeeds();
    let xml = site.output("sitemap.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let listed: BTreeSet<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .map(|n| n.text().unwrap().to_owned())
        .collect();
    let public = site.path().join("public");
    let pages: BTreeSet<String> = walkdir(&public)
        .into_iter()
        .filter(|f| f.file_name().unwrap() == "index.html")
        .filter(|f| {
            !std::fs::read_to_string(f)
                .unwrap()
                .contains("http-equiv=\"refresh\"")
        })
        .map(|f| {
            let folder = f
                .parent()
                .unwrap()
                .strip_prefix(&public)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let path = if folder.is_empty() {
                String::new()
            } else {
                format!("{folder}/")
            };
            format!("https://fixture.example/verein/{path}")
        })
        .collect();
    assert!(pages.len() > 15, "{pages:?}");
    assert_eq!(listed, pages);
    assert!(
        xml.contains("<lastmod>2019-04-01T00:00:00+02:00</lastmod>"),
        "posts carry their last change"
    );
    assert!(
        site.output("robots.txt")
            .contains("Sitemap: https://fixture.example/verein/sitemap.xml")
    );
    assert!(site.output("404.html").contains("Seite nicht gefunden"));
}

#[test]
fn static_files_are_copied_and_the_site_wins() {
    let site = TestSite::fixture("blog").write("static/style.css", "/* eigene */");
    site.build(&[]).succeeds();
    assert_eq!(site.output("hallo.txt"), "Hallo aus static\n");
    assert_eq!(site.output("style.css"), "/* eigene */");
    assert!(
        site.has_output("favicon.svg"),
        "the theme's other files stay"
    );
}

#[test]
fn a_site_template_overrides_the_themes() {
    let site = TestSite::fixture("blog").write(
        "templates/post.html",
        "{% extends \"base.html\" %}{% block content %}<p>EIGENE VORLAGE {{ post.title }}</p>{% endblock %}",
    );
    let site = site.render();
    let post = site.file("blog/stammtisch/index.html");
    assert!(post.contains("EIGENE VORLAGE Stammtisch im Winter"));
    assert!(
        post.contains("<html lang=\"de\">"),
        "the theme's base still applies"
    );
    assert!(!site.file("impressum/index.html").contains("EIGENE VORLAGE"));
}

#[test]
fn the_base_url_can_be_replaced_and_autoescaping_stays_on() {
    let site = TestSite::empty().post(
        "x.md",
        "title: \"<b>Fett</b> & mehr\"\ndate: 2026-01-01",
        "x",
    );
    site.build(&["--base-url", "https://staging.example.org/probe/"])
        .succeeds();
    let post = site.output("blog/x/index.html");
    assert!(
        post.contains(
            "<link rel=\"canonical\" href=\"https://staging.example.org/probe/blog/x/\">"
        )
    );
    assert!(post.contains("&lt;b&gt;Fett&lt;/b&gt; &amp; mehr"));
    assert!(!post.contains("<b>Fett</b>"));
    assert!(
        site.output("feed.xml")
            .contains("<id>https://staging.example.org/probe/feed.xml</id>")
    );
}

#[test]
fn english_sites_get_english_dates_and_quotes() {
    let site = TestSite::empty()
        .write(
            "site.toml",
            "title = \"T\"\nbase_url = \"https://t.example\"\nauthor = \"A\"\nlanguage = \"en\"\n",
        )
        .post("x.md", "title: X\ndate: 2018-07-07", "She said \"hello\".");
    let site = site.render();
    let post = site.file("blog/x/index.html");
    assert!(post.contains("July 7, 2018"));
    assert!(post.contains("“hello”"));
    assert!(post.contains("<html lang=\"en\">"));
}

#[test]
fn the_same_input_and_source_date_epoch_give_the_same_files() {
    let site = TestSite::fixture("blog").now("2026-03-01T09:00:00Z");
    site.build(&[]).succeeds();
    let first = site.output_tree();
    site.build(&[]).succeeds();
    assert!(
        site.output_tree() == first,
        "two builds at the same time differ"
    );
    site.command(&["build"])
        .now("2026-03-02T09:00:00Z")
        .run()
        .succeeds();
    assert!(
        site.output_tree() != first,
        "the build time reaches the output (DTSTAMP)"
    );
}

#[test]
fn relative_links_lead_to_the_same_place_on_listings_and_in_feeds() {
    let site = TestSite::fixture("blog").post(
        "2026-02-01-verweise.md",
        "title: Verweise\ndate: 2026-02-01\ntags: [Verweise]",
        "Siehe [den Tag danach](../der-tag-danach/#anfang) und ![Bild](bild.png).",
    );
    let site = site.render();
    let resolved = "href=\"https://fixture.example/verein/blog/der-tag-danach/#anfang\"";
    let image = "src=\"https://fixture.example/verein/blog/verweise/bild.png\"";
    // The summary shows the first paragraph on pages at other addresses than the post's.
    for page in [
        "blog/verweise/index.html",
        "index.html",
        "blog/index.html",
        "tags/verweise/index.html",
    ] {
        let html = site.file(page);
        assert!(html.contains(resolved), "{page} lacks {resolved}");
        assert!(html.contains(image), "{page} lacks {image}");
    }
    assert!(
        site.file("feed.xml")
            .contains("https://fixture.example/verein/blog/der-tag-danach/#anfang")
    );
}

/// QA finding Q11: language codes are the same in any case; `DE` is German, not English.
#[test]
fn the_language_code_is_read_in_any_case() {
    let site = TestSite::empty()
        .write(
            "site.toml",
            "title = \"T\"\nbase_url = \"https://t.example\"\nauthor = \"A\"\nlanguage = \"DE\"\n",
        )
        .post(
            "beitrag.md",
            "title: Hallo\ndate: 2026-01-01",
            "Er sagte \"Hallo\".",
        );
    let site = site.render();
    let page = site.file("blog/beitrag/index.html");
    assert!(page.contains("<html lang=\"de\""), "{page}");
    assert!(page.contains("Er sagte „Hallo“."), "{page}");
}
