//! Share cards: every post, page and event without an image of its own has a 1200 × 630 PNG
//! card as its `og:image`; cards are drawn once and taken from `.treffpunkt-cache/cards/`
//! after; a theme restyles them through its `cards/*.svg`.

use std::path::Path;

use crate::support::{TestSite, repository, walkdir};

fn site() -> TestSite {
    TestSite::empty().with_cards()
        .post(
            "2026-02-01-gruss.md",
            "title: Grüße aus der Straße – „Ein Abend“ für Größen\ndate: 2026-02-01",
            "Text.",
        )
        .post(
            "2026-02-02-bild.md",
            "title: Mit Bild\ndate: 2026-02-02\nimage: /bild.png\nimage_alt: Ein Bild",
            "Text.",
        )
        .write("content/pages/ueber.md", "---\ntitle: Über uns\n---\nWer wir sind.\n")
        .event(
            "stammtisch",
            "title: Stammtisch\nstart: 2026-12-08 19:00\nduration: 2h\nlocation: Wirtshaus am Markt, München\n",
        )
        .event(
            "sommerfest",
            "title: Sommerfest\nstart: 2026-12-12 18:00\nduration: 3h\nimage: /bild.png\n",
        )
        .write_bytes(
            "static/bild.png",
            &std::fs::read(repository().join("themes/default/static/share.png")).unwrap(),
        )
}

/// The width and height a PNG file's header gives.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "not a PNG file");
    assert_eq!(&bytes[12..16], b"IHDR");
    let number = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
    (number(16), number(20))
}

/// The colour of the pixel at `x`, `y` of an opaque RGBA PNG image.
fn pixel(png: &[u8], x: usize, y: usize) -> [u8; 3] {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(png))
        .read_info()
        .unwrap();
    let mut rgba = vec![0; decoder.output_buffer_size().unwrap()];
    let frame = decoder.next_frame(&mut rgba).unwrap();
    assert_eq!((frame.width, frame.height), (1200, 630));
    assert_eq!(frame.color_type, png::ColorType::Rgba);
    let at = (y * 1200 + x) * 4;
    assert_eq!(rgba[at + 3], 255, "the card is not opaque at {x}, {y}");
    [rgba[at], rgba[at + 1], rgba[at + 2]]
}

/// The content of the `<meta property="…">` of `html`.
fn meta(html: &str, property: &str) -> Option<String> {
    let tag = format!("<meta property=\"{property}\" content=\"");
    let start = html.find(&tag)? + tag.len();
    Some(html[start..].split('"').next()?.to_owned())
}

fn cache_entries(site: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(site.join(".treffpunkt-cache/cards"))
        .map(|entries| {
            entries
                .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn every_page_without_an_image_shares_its_own_card() {
    let site = site();
    site.build(&[]).succeeds();
    for page in ["blog/gruss/", "ueber/", "events/stammtisch/"] {
        let html = site.output(&format!("{page}index.html"));
        let url = format!("https://test.example/{page}card.png");
        assert_eq!(
            meta(&html, "og:image").as_deref(),
            Some(url.as_str()),
            "{page}"
        );
        assert_eq!(meta(&html, "og:image:width").as_deref(), Some("1200"));
        assert_eq!(meta(&html, "og:image:height").as_deref(), Some("630"));
        assert!(meta(&html, "og:image:alt").is_some_and(|alt| !alt.is_empty()));
        assert!(html.contains(&format!("<meta name=\"twitter:image\" content=\"{url}\"")));
        // Pages describe themselves in JSON-LD with no image; posts and events with their card.
        if page != "ueber/" {
            assert!(
                html.contains(&format!("\"image\":\"{url}\"")),
                "{page}: JSON-LD"
            );
        }
        let card = std::fs::read(site.path().join("public").join(page).join("card.png")).unwrap();
        assert_eq!(png_size(&card), (1200, 630), "{page}");
    }
    // A post or an event with its own image keeps it and has no card.
    for page in ["blog/bild/", "events/sommerfest/"] {
        let html = site.output(&format!("{page}index.html"));
        // Its largest variant of at most 1,200 pixels' width.
        let image = meta(&html, "og:image").unwrap_or_default();
        assert!(
            image.starts_with("https://test.example/img/bild-") && image.ends_with(".png"),
            "{page}: {image}"
        );
        assert!(!site.has_output(&format!("{page}card.png")), "{page}");
    }
    // Listings keep the site's image.
    assert_eq!(
        meta(&site.output("index.html"), "og:image").as_deref(),
        Some("https://test.example/share.png")
    );
}

#[test]
fn cards_are_drawn_once_and_the_same_bytes_come_from_the_cache() {
    let site = site();
    let first = site.build(&["--verbose"]).succeeds();
    assert!(
        first.stderr.contains("share cards drawn: 3 "),
        "{}",
        first.stderr
    );
    let built = site.output_tree();
    assert_eq!(cache_entries(site.path()).len(), 3);

    let second = site.build(&["--verbose"]).succeeds();
    assert!(
        second.stderr.contains("share cards drawn: 0 "),
        "{}",
        second.stderr
    );
    assert!(
        built == site.output_tree(),
        "the second build changed bytes"
    );

    // Without the cache, the cards are drawn again to the very same bytes.
    std::fs::remove_dir_all(site.path().join(".treffpunkt-cache")).unwrap();
    let third = site.build(&["--verbose"]).succeeds();
    assert!(
        third.stderr.contains("share cards drawn: 3 "),
        "{}",
        third.stderr
    );
    assert!(built == site.output_tree(), "a card drawn again differs");

    // A new title draws that card alone, and the old card leaves the cache.
    let before = cache_entries(site.path());
    site.put(
        "content/pages/ueber.md",
        "---\ntitle: Wer wir sind\n---\nWer wir sind.\n",
    );
    let fourth = site.build(&["--verbose"]).succeeds();
    assert!(
        fourth.stderr.contains("share cards drawn: 1 "),
        "{}",
        fourth.stderr
    );
    let after = cache_entries(site.path());
    assert_eq!(after.len(), 3);
    assert_eq!(before.iter().filter(|name| after.contains(name)).count(), 2);
}

#[test]
fn check_draws_without_writing_the_cache() {
    let site = site();
    site.run(&["check"]).succeeds();
    // (The site's photo is processed into the image cache, which check shares with build.)
    assert!(!site.path().join(".treffpunkt-cache/cards").exists());
}

#[test]
fn a_theme_restyles_the_cards_through_its_templates() {
    let site = site().write(
        "themes/default/cards/post.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{{ width }}\" height=\"{{ height }}\">\
         <rect width=\"1200\" height=\"630\" fill=\"#c00000\"/>\
         <text x=\"40\" y=\"200\" font-size=\"{{ title_size }}\">{% for line in title_lines %}{{ line }} {% endfor %}</text></svg>",
    );
    site.build(&[]).succeeds();
    let card = std::fs::read(site.path().join("public/blog/gruss/card.png")).unwrap();
    assert_eq!(pixel(&card, 1190, 620), [0xc0, 0, 0]);
    // The event's card still comes from the theme's event.svg.
    let event = std::fs::read(site.path().join("public/events/stammtisch/card.png")).unwrap();
    assert_ne!(pixel(&event, 1190, 620), [0xc0, 0, 0]);
}

#[test]
fn a_mistake_in_a_card_template_names_the_template() {
    let site = site().write(
        "themes/default/cards/post.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\">{{ titel }}</svg>",
    );
    let problems = site.build(&[]).fails().problems();
    assert!(
        problems.contains("themes/default/cards/post.svg"),
        "{problems}"
    );
    assert!(problems.contains("titel"), "{problems}");
    assert!(!site.has_output("index.html"), "nothing is published");

    site.put("themes/default/cards/post.svg", "<svg>{% if %}</svg>");
    let problems = site.build(&[]).fails().problems();
    assert!(
        problems.contains("themes/default/cards/post.svg:1"),
        "{problems}"
    );

    site.put(
        "themes/default/cards/post.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><rect</svg>",
    );
    let problems = site.build(&[]).fails().problems();
    assert!(
        problems.contains("themes/default/cards/post.svg") && problems.contains("not drawable SVG"),
        "{problems}"
    );
}

#[test]
fn a_theme_without_cards_shares_the_site_image() {
    let site = site();
    std::fs::remove_dir_all(site.path().join("themes/default/cards")).unwrap();
    site.build(&[]).succeeds();
    assert_eq!(
        meta(&site.output("blog/gruss/index.html"), "og:image").as_deref(),
        Some("https://test.example/share.png")
    );
    assert!(
        !walkdir(&site.path().join("public"))
            .iter()
            .any(|file| file.ends_with("card.png"))
    );
}

#[test]
fn the_default_theme_ships_its_fonts_with_their_licence() {
    let theme = repository().join("themes/default");
    let licence = std::fs::read_to_string(theme.join("fonts/OFL.txt")).unwrap();
    assert!(licence.contains("SIL Open Font License"));
    let settings = std::fs::read_to_string(theme.join("cards/cards.toml")).unwrap();
    let fonts: toml::Table = toml::from_str(&settings).unwrap();
    for font in fonts["fonts"].as_array().unwrap() {
        let name = font.as_str().unwrap();
        assert!(
            theme.join("fonts").join(name).is_file(),
            "{name} is missing"
        );
        assert!(licence.contains(name), "OFL.txt does not name {name}");
    }
}

#[test]
fn the_preview_serves_the_cards_from_the_same_cache() {
    let site = site();
    site.build(&[]).succeeds();
    let cached = cache_entries(site.path());
    let preview = site.serve(&[]);
    let card = preview.get("/blog/gruss/card.png");
    assert_eq!(card.status, 200);
    assert_eq!(card.header("content-type"), Some("image/png"));
    assert_eq!(png_size(&card.body), (1200, 630));
    assert_eq!(
        card.body,
        std::fs::read(site.path().join("public/blog/gruss/card.png")).unwrap()
    );
    drop(preview);
    assert_eq!(cache_entries(site.path()), cached);
}

#[test]
fn a_date_page_shares_a_card_of_its_date() {
    let site = TestSite::empty().with_cards().event(
        "runde",
        "title: Runde\nstart: 2026-12-08 19:00\nduration: 2h\nrepeat: FREQ=WEEKLY;COUNT=2\nlocation: Café Größenwahn\n",
    );
    site.build(&[]).succeeds();
    for page in ["events/runde/2026-12-08/", "events/runde/2026-12-15/"] {
        let html = site.output(&format!("{page}index.html"));
        let url = format!("https://test.example/{page}card.png");
        assert_eq!(
            meta(&html, "og:image").as_deref(),
            Some(url.as_str()),
            "{page}"
        );
        assert!(
            html.contains(&format!("\"image\":\"{url}\"")),
            "{page}: JSON-LD"
        );
        let card = std::fs::read(site.path().join("public").join(page).join("card.png")).unwrap();
        assert_eq!(png_size(&card), (1200, 630), "{page}");
    }
    // Each shows its own date.
    assert_ne!(
        std::fs::read(site.path().join("public/events/runde/2026-12-08/card.png")).unwrap(),
        std::fs::read(site.path().join("public/events/runde/2026-12-15/card.png")).unwrap()
    );
}

#[test]
fn pages_that_show_the_same_card_share_one_cache_entry() {
    // Drawn at the same time into the same cache file: neither write may fail.
    let mut site = TestSite::empty().with_cards();
    for number in 1..=8 {
        site = site.write(
            &format!("content/pages/kontakt-{number}.md"),
            "---\ntitle: Kontakt\n---\nText.\n",
        );
    }
    site.build(&[]).succeeds();
    assert_eq!(cache_entries(site.path()).len(), 1);
    assert_eq!(
        std::fs::read(site.path().join("public/kontakt-1/card.png")).unwrap(),
        std::fs::read(site.path().join("public/kontakt-8/card.png")).unwrap()
    );
}
