//! Images of the content: published as width variants in their own format and as WebP, shown
//! with `<picture>`, kept in the image cache between builds, and located when they are broken.

use std::collections::BTreeMap;
use std::fs;
use std::io::Cursor;
use std::sync::Mutex;

use image::{ImageDecoder, ImageReader, Rgb, RgbImage};

use crate::support::TestSite;

/// A photo-like JPEG of `width` × `height`: gradients, so it compresses as photos do. Made once
/// per size for the whole test run: encoding in a debug build is the slowest part of a test.
pub fn photo(width: u32, height: u32) -> Vec<u8> {
    static MADE: Mutex<BTreeMap<(u32, u32), Vec<u8>>> = Mutex::new(BTreeMap::new());
    let mut made = MADE.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    made.entry((width, height))
        .or_insert_with(|| {
            let image = RgbImage::from_fn(width, height, |x, y| {
                Rgb([
                    (x * 255 / width) as u8,
                    (y * 255 / height) as u8,
                    ((x + y) % 256) as u8,
                ])
            });
            let mut out = Vec::new();
            image
                .write_to(&mut Cursor::new(&mut out), image::ImageFormat::Jpeg)
                .unwrap();
            out
        })
        .clone()
}

fn site_with_photo() -> TestSite {
    TestSite::empty()
        .post(
            "feier/index.md",
            "title: Die Feier\ndate: 2026-01-10",
            "Der Saal: ![Die Gäste am Buffet](foto.jpg)\n\n![Noch einmal](foto.jpg \"Titel\")",
        )
        .write_bytes("content/posts/feier/foto.jpg", &photo(2000, 1000))
}

/// The `attribute="…"` values of every `<img>` and `<source>` of `html`.
fn attribute<'a>(html: &'a str, name: &str) -> Vec<&'a str> {
    let key = format!(" {name}=\"");
    html.match_indices(&key)
        .map(|(at, _)| {
            let rest = &html[at + key.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect()
}

fn cache_files(site: &TestSite) -> Vec<(String, std::time::SystemTime)> {
    let mut files: Vec<_> = fs::read_dir(site.path().join(".treffpunkt-cache/images"))
        .map(|entries| {
            entries
                .map(|entry| {
                    let entry = entry.unwrap();
                    let modified = entry.metadata().unwrap().modified().unwrap();
                    (entry.file_name().to_string_lossy().into_owned(), modified)
                })
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

#[test]
fn a_photo_is_published_in_every_width_and_the_cache_saves_the_second_build() {
    let site = site_with_photo();
    let first = site.build(&[]).succeeds();
    assert!(
        first.stdout.contains("images: 1 processed, 0 from cache"),
        "{}",
        first.stdout
    );
    let page = site.output("blog/feier/index.html");
    let html = &page[page.find("<picture>").unwrap()..];
    assert_eq!(html.matches("<picture>").count(), 2);
    assert_eq!(
        attribute(html, "sizes"),
        ["(max-width: 50rem) 100vw, 50rem"; 4]
    );
    assert_eq!(attribute(html, "width"), ["1600", "1600"]);
    assert_eq!(attribute(html, "height"), ["800", "800"]);
    assert_eq!(
        attribute(html, "alt"),
        ["Die Gäste am Buffet", "Noch einmal"]
    );
    assert_eq!(attribute(html, "fetchpriority"), ["high"]);
    assert_eq!(attribute(html, "loading"), ["lazy"]);
    assert!(html.contains("<source type=\"image/webp\" srcset=\""));
    // On the blog's listing, the summary's picture waits until it comes into view.
    let listing = site.output("blog/index.html");
    let summary = &listing[listing.find("<picture>").expect("the summary's picture")..];
    assert_eq!(attribute(summary, "loading"), ["lazy"]);
    assert_eq!(attribute(summary, "fetchpriority"), [] as [&str; 0]);
    let srcsets = attribute(html, "srcset");
    assert_eq!(srcsets.len(), 4);
    for srcset in &srcsets[..2] {
        let mut widths = Vec::new();
        for candidate in srcset.split(", ") {
            let (url, width) = candidate.split_once(' ').unwrap();
            let width: u32 = width.trim_end_matches('w').parse().unwrap();
            widths.push(width);
            let path = url.strip_prefix("https://test.example/").unwrap();
            let bytes = fs::read(site.path().join("public").join(path)).unwrap();
            let mut decoder = ImageReader::new(Cursor::new(&bytes))
                .with_guessed_format()
                .unwrap()
                .into_decoder()
                .unwrap();
            assert_eq!(decoder.exif_metadata().unwrap(), None, "{path}");
            let expected_height = width / 2;
            assert_eq!(decoder.dimensions(), (width, expected_height), "{path}");
        }
        assert_eq!(widths, [480, 800, 1200, 1600]);
    }
    assert!(srcsets[0].contains(".webp ") && srcsets[1].contains(".jpg "));
    // The bundle's source file is not published as it is: only its variants.
    assert!(!site.has_output("blog/feier/foto.jpg"));

    let cached = cache_files(&site);
    assert_eq!(cached.len(), 8);
    let before = site.output_tree();
    let second = site.build(&[]).succeeds();
    assert!(
        second.stdout.contains("images: 0 processed, 8 from cache"),
        "{}",
        second.stdout
    );
    assert_eq!(cache_files(&site), cached, "the cache was written again");
    assert_eq!(site.output_tree(), before);

    // A build whose text no longer shows the photo leaves nothing of it in the cache.
    site.put(
        "content/posts/feier/index.md",
        "---\ntitle: Die Feier\ndate: 2026-01-10\n---\nOhne Bild.\n",
    );
    site.build(&[]).succeeds();
    assert_eq!(cache_files(&site), []);
}

#[test]
fn an_image_that_is_no_image_is_an_error_and_a_missing_one_a_check_problem_at_its_place() {
    let site = TestSite::empty()
        .post(
            "kaputt.md",
            "title: Kaputt\ndate: 2026-01-10",
            "Erste Zeile.\n\nDas Bild: ![Ein Bild](kaputt.jpg) und ![Fehlt](/bilder/fehlt.png)",
        )
        .write("content/posts/kaputt.jpg", "Das ist Text, kein Bild.");
    let problems = site.problems();
    assert!(
        problems.contains("content/posts/kaputt.md:7:11: cannot read the image content/posts/kaputt.jpg: it is not a JPEG, PNG, WebP, GIF or SVG file"),
        "{problems}"
    );
    assert_eq!(problems.matches("error:").count(), 1, "{problems}");
    site.build(&[]).fails();
    assert!(!site.path().join("public").exists());
    // A missing image is, like a link that leads nowhere, for `check` to find.
    site.put_bytes("content/posts/kaputt.jpg", &photo(64, 48));
    let found = site.check_problems();
    assert!(
        found.contains("content/posts/kaputt.md:7:48: the image `/bilder/fehlt.png` leads to nothing this site publishes"),
        "{found}"
    );
}

#[test]
fn check_warns_of_an_image_without_alt_text() {
    let site = TestSite::empty()
        .post(
            "ohne.md",
            "title: Ohne\ndate: 2026-01-10",
            "![](foto.jpg)\n\n![Mit Text](foto.jpg)",
        )
        .write_bytes("content/posts/foto.jpg", &photo(64, 48));
    let run = site.run(&["check"]).succeeds();
    let shown = format!("{}{}", run.stdout, run.stderr);
    assert!(
        shown.contains("content/posts/ohne.md:5:1: the image `foto.jpg` has no alt text"),
        "{shown}"
    );
    assert_eq!(shown.matches("has no alt text").count(), 1, "{shown}");
}

/// The preview's way: a photo saved again is read again with the posts that show it, and their
/// pages are made anew with the new variants' names.
#[test]
fn a_photo_saved_again_changes_its_page_in_the_preview() {
    // Small widths: what is shown is the rebuild, not the resizing.
    let site = TestSite::empty()
        .config("[images]\nwidths = [100, 200]\n")
        .post(
            "feier/index.md",
            "title: Die Feier\ndate: 2026-01-10",
            "![Der Saal](foto.jpg)",
        )
        .write_bytes("content/posts/feier/foto.jpg", &photo(300, 200));
    let mut project = site.project();
    let render = |project: &mut treffpunkt::pipeline::Project| {
        let page = crate::support::render_project(project)
            .unwrap()
            .file("blog/feier/index.html");
        (page, project.images)
    };
    let (before, images) = render(&mut project);
    assert_eq!(images.processed, 1);

    site.put_bytes("content/posts/feier/foto.jpg", &photo(150, 100));
    project.forget(&[site.path().join("content/posts/feier/foto.jpg")]);
    let (after, images) = render(&mut project);
    assert_eq!(images.processed, 1);
    assert_ne!(attribute(&before, "srcset"), attribute(&after, "srcset"));
    assert_eq!(
        attribute(&after, "width")[attribute(&after, "width").len() - 1],
        "150"
    );
}

/// The `content` of the `<meta property="…">` named `property` in `html`.
fn meta<'a>(html: &'a str, property: &str) -> &'a str {
    let key = format!("<meta property=\"{property}\" content=\"");
    let rest = &html[html.find(&key).unwrap_or_else(|| panic!("no {property}")) + key.len()..];
    &rest[..rest.find('"').unwrap()]
}

#[test]
fn a_front_matter_image_is_processed_shown_at_the_top_and_shared_in_a_large_variant() {
    let site = TestSite::empty()
        .post(
            "feier/index.md",
            "title: Die Feier\ndate: 2026-01-10\nimage: titel.jpg\nimage_alt: Der Saal",
            "Ein Abend.\n\n![Das Buffet](buffet.jpg)",
        )
        .write_bytes("content/posts/feier/titel.jpg", &photo(1500, 1000))
        .write_bytes("content/posts/feier/buffet.jpg", &photo(300, 200))
        .write(
            "content/pages/verein.md",
            "---\ntitle: Der Verein\nimage: /bilder/haus.jpg\n---\nUnser Haus.\n",
        )
        .write_bytes("static/bilder/haus.jpg", &photo(500, 300));
    site.build(&[]).succeeds();

    let post = site.output("blog/feier/index.html");
    let top = &post[post
        .find("<div class=\"post__image\"><picture>")
        .expect(&post)..];
    let top = &top[..top.find("</picture>").unwrap()];
    assert!(top.contains("fetchpriority=\"high\""), "{top}");
    assert!(top.contains("alt=\"Der Saal\""), "{top}");
    assert_eq!(attribute(top, "width"), ["1500"]);
    // The image at the top is the one the page loads at once; the text's wait.
    assert_eq!(post.matches("fetchpriority=").count(), 1, "{post}");
    assert!(post.contains("loading=\"lazy\" decoding=\"async\" alt=\"Das Buffet\""));
    let shared = meta(&post, "og:image");
    let file = shared.strip_prefix("https://test.example/").unwrap();
    assert!(
        file.starts_with("img/titel-1200-") && file.ends_with(".jpg"),
        "{shared}"
    );
    let bytes = fs::read(site.path().join("public").join(file)).unwrap();
    let decoded = image::load_from_memory(&bytes).unwrap();
    assert_eq!((decoded.width(), decoded.height()), (1200, 800));
    assert_eq!(meta(&post, "og:image:width"), "1200");
    assert_eq!(meta(&post, "og:image:height"), "800");
    assert_eq!(meta(&post, "og:image:alt"), "Der Saal");

    // A site path under static/ is processed the same way; narrower than 1200, it is shared
    // whole, and its alt text is the title.
    let page = site.output("verein/index.html");
    assert!(
        page.contains("<div class=\"post__image\"><picture>"),
        "{page}"
    );
    assert!(
        meta(&page, "og:image").starts_with("https://test.example/img/haus-500-"),
        "{page}"
    );
    assert_eq!(meta(&page, "og:image:width"), "500");
    assert_eq!(meta(&page, "og:image:alt"), "Der Verein");
}

#[test]
fn an_events_image_and_the_images_of_its_description_are_processed() {
    let site = TestSite::empty()
        .now("2026-02-15T10:00:00Z")
        .event(
            "fest",
            "title: Sommerfest\nstart: 2026-03-01 18:00\nimage: fest.jpg\nimage_alt: Der Garten\ndescription: \"Die Bühne: ![Die Bühne](buehne.jpg)\"\n",
        )
        .write_bytes("content/events/fest.jpg", &photo(800, 600))
        .write_bytes("content/events/buehne.jpg", &photo(500, 250));
    site.build(&[]).succeeds();
    let page = site.output("events/fest/index.html");
    assert!(
        page.contains("<div class=\"post__image\"><picture>"),
        "{page}"
    );
    let shared = meta(&page, "og:image");
    assert!(
        shared.starts_with("https://test.example/img/fest-800-") && shared.ends_with(".jpg"),
        "{shared}"
    );
    assert_eq!(meta(&page, "og:image:height"), "600");
    assert_eq!(meta(&page, "og:image:alt"), "Der Garten");
    let file = shared.strip_prefix("https://test.example/").unwrap();
    assert!(site.has_output(file), "{file}");

    // The description's images are processed as a post's are.
    let described = &page[page.find("event__description").unwrap()..];
    let described = &described[..described.find("</picture>").expect(described)];
    assert!(described.contains("alt=\"Die Bühne\""), "{described}");
    let sources = attribute(described, "src");
    let variant = sources.last().unwrap();
    assert!(variant.contains("/img/buehne-500-"), "{described}");
    let variant = variant.strip_prefix("https://test.example/").unwrap();
    assert!(site.has_output(variant), "{variant}");
}

/// A site whose variants are 16 and 32 pixels wide: small to make in a debug build.
fn site_with_small_widths() -> TestSite {
    let site = TestSite::empty();
    let config = site.read("site.toml");
    site.write(
        "site.toml",
        &format!("{config}\n[images]\nwidths = [16, 32]\n"),
    )
}

const WAIT: std::time::Duration = std::time::Duration::from_secs(10);

fn generation(state: &serde_json::Value) -> u64 {
    state["pages_generation"].as_u64().expect("a generation")
}

/// The preview swaps in the page of a new photo before the photo is decoded: the rebuild says
/// so (`making 1 image in the background`, printed when the pages are served and before the
/// image work starts), the terminal tells when the image is made, a request for a variant is
/// answered with it, and the variants are in the cache `build` uses.
#[test]
fn the_preview_shows_a_new_photo_at_once_and_makes_its_variants_behind_the_page() {
    let site = site_with_small_widths()
        .post(
            "feier.md",
            "title: Die Feier\ndate: 2026-01-10",
            "Noch ohne Bild.",
        )
        .write_bytes("content/posts/foto.jpg", &photo(48, 32));
    let preview = site.serve(&[]);
    let mut events = preview.events();
    let before = generation(&events.next(WAIT));

    site.put(
        "content/posts/feier.md",
        "---\ntitle: Die Feier\ndate: 2026-01-10\n---\nDer Saal: ![Die Gäste](foto.jpg)\n",
    );
    events.until(WAIT, |state| {
        generation(state) > before && state["error"].is_null()
    });
    let making = "; making 1 image in the background";
    let rebuilt = preview.terminal_with(making);
    let rebuilt_line = rebuilt
        .lines()
        .find(|line| line.ends_with(making))
        .unwrap_or_else(|| panic!("the rebuild's line says the image is being made:\n{rebuilt}"))
        .to_owned();
    assert!(
        rebuilt_line.contains("content/posts/feier.md changed: "),
        "{rebuilt}"
    );

    let page = preview.get("/blog/feier/").text();
    let picture = &page[page.find("<picture>").expect(&page)..];
    let picture = &picture[..picture.find("</picture>").unwrap()];
    assert_eq!(attribute(picture, "width"), ["32"]);
    let site_url = format!("http://{}", preview.address);
    let srcsets = attribute(picture, "srcset");
    assert_eq!(srcsets.len(), 2, "{picture}");
    for (srcset, content_type) in srcsets.iter().zip(["image/webp", "image/jpeg"]) {
        for candidate in srcset.split(", ") {
            let (url, width) = candidate.split_once(' ').unwrap();
            let width: u32 = width.trim_end_matches('w').parse().unwrap();
            let variant = preview.get(url.strip_prefix(&site_url).expect(url));
            assert_eq!(variant.status, 200, "{url}: {}", variant.text());
            assert_eq!(variant.header("content-type"), Some(content_type), "{url}");
            let image = image::load_from_memory(&variant.body).expect(url);
            assert_eq!(
                (image.width(), image.height()),
                (width, (32 * width + 24) / 48),
                "{url}"
            );
        }
    }

    let terminal = preview.terminal_with("1 image made in ");
    let made = terminal
        .find("1 image made in ")
        .unwrap_or_else(|| panic!("the terminal tells when the image is made:\n{terminal}"));
    assert!(
        terminal.find(&rebuilt_line).unwrap() < made,
        "the page was served before the image was made:\n{terminal}"
    );
    // Made into the cache `build` uses, which finds them there.
    assert_eq!(cache_files(&site).len(), 4);
    let built = site.build(&[]).succeeds();
    assert!(
        built.stdout.contains("images: 0 processed, 4 from cache"),
        "{}",
        built.stdout
    );
}

/// A PNG whose header can be read and whose pixels cannot: cut off in its image data.
fn broken_png() -> Vec<u8> {
    let image = RgbImage::from_fn(48, 32, |x, y| {
        Rgb([(x * y * 37) as u8, (x * 91) as u8, (y * 53) as u8])
    });
    let mut bytes = Vec::new();
    image
        .write_to(&mut Cursor::new(&mut bytes), image::ImageFormat::Png)
        .unwrap();
    bytes.truncate(bytes.len() / 2);
    bytes
}

/// A photo broken past its header still gets its page served at once; when making it fails,
/// a request for a variant gets an error instead of waiting, and open pages and the terminal
/// show the problem as `build` words it; the next rebuild fails with it, as `build` does.
#[test]
fn a_photo_broken_past_its_header_is_reported_by_the_preview_as_build_reports_it() {
    let site = site_with_small_widths()
        .post(
            "feier.md",
            "title: Die Feier\ndate: 2026-01-10",
            "Der Saal: ![Die Gäste](foto.png)",
        )
        .write_bytes("content/posts/foto.png", &broken_png());
    let from_build = site.problems();
    assert!(
        from_build.contains("content/posts/foto.png"),
        "{from_build}"
    );

    let preview = site.serve(&[]);
    let page = preview.get("/blog/feier/").text();
    let picture = &page[page.find("<picture>").expect(&page)..];
    let url = attribute(picture, "src")[0];
    let variant = preview.get(
        url.strip_prefix(&format!("http://{}", preview.address))
            .unwrap(),
    );
    assert_eq!(variant.status, 500);
    assert!(
        variant.text().contains(&from_build),
        "{}\n---\n{from_build}",
        variant.text()
    );

    let mut events = preview.events();
    let failed = events.until(WAIT, |state| !state["error"].is_null());
    assert_eq!(failed["error"].as_str().unwrap().trim_end(), from_build);
    // A message of several lines, whole on its own stream.
    let terminal = preview.errors_with(&from_build);
    assert!(
        terminal.contains("An image could not be made") && terminal.contains(&from_build),
        "{terminal}"
    );

    site.put(
        "content/posts/feier.md",
        "---\ntitle: Die Feier\ndate: 2026-01-10\n---\nDer Saal, noch einmal: ![Die Gäste](foto.png)\n",
    );
    let terminal = preview.terminal_with("feier.md changed: the build failed");
    assert!(
        terminal.contains("feier.md changed: the build failed"),
        "{terminal}"
    );
    assert_eq!(cache_files(&site), []);
}

#[test]
fn the_images_of_an_events_description_are_placed_at_their_own_line() {
    let site = TestSite::empty()
        .now("2026-02-15T10:00:00Z")
        .event(
            "fest",
            "title: Sommerfest\nstart: 2026-03-01 18:00\ndescription: |\n  Der Garten.\n\n  Die Bühne: ![](buehne.jpg)\n  Das Zelt: ![Das Zelt](zelt.jpg)\n",
        )
        .write_bytes("content/events/buehne.jpg", &photo(40, 30))
        .write("content/events/zelt.jpg", "kein Bild");
    let problems = site.problems();
    assert!(
        problems.contains("content/events/fest.yaml:7:13: cannot read the image content/events/zelt.jpg: it is not a JPEG, PNG, WebP, GIF or SVG file"),
        "{problems}"
    );
    site.put_bytes("content/events/zelt.jpg", &photo(40, 30));
    let warnings = site.check_warnings();
    assert!(
        warnings.contains("content/events/fest.yaml:6:14: the image `buehne.jpg` has no alt text"),
        "{warnings}"
    );
}

#[test]
fn a_photo_broken_past_its_header_is_an_error_at_every_place_that_shows_it() {
    // Large enough that half of it holds the whole header.
    let whole = photo(200, 150);
    let broken = &whole[..whole.len() / 2];
    let site = TestSite::empty()
        .now("2026-02-15T10:00:00Z")
        .post(
            "feier/index.md",
            "title: Die Feier\ndate: 2026-01-10\nimage: saal.jpg",
            "Erste Zeile.\n\nDer Saal: ![Der Saal](saal.jpg)",
        )
        .write_bytes("content/posts/feier/saal.jpg", broken)
        // The same bytes elsewhere are the same picture.
        .write_bytes("static/bilder/saal.jpg", broken)
        .write(
            "content/pages/verein.md",
            "---\ntitle: Der Verein\n---\n![Unser Saal](/bilder/saal.jpg)\n",
        )
        .event(
            "fest",
            "title: Sommerfest\nstart: 2026-03-01 18:00\ndescription: >\n  Im Saal:\n  ![Der Saal](/bilder/saal.jpg)\n",
        );
    let reason = "cannot read the image content/posts/feier/saal.jpg: ";
    let problems = site.problems();
    for place in [
        "content/posts/feier/index.md:4:8:",
        "content/posts/feier/index.md:8:11:",
        "content/pages/verein.md:4:1:",
        "content/events/fest.yaml:5:3:",
    ] {
        assert!(
            problems.contains(&format!("{place} {reason}")),
            "{place}\n{problems}"
        );
    }
    assert_eq!(problems.matches("error:").count(), 4, "{problems}");
    assert!(
        problems.contains("the file is damaged after its first bytes"),
        "{problems}"
    );
    let found = site.check_problems();
    assert!(
        found.contains(&format!("content/events/fest.yaml:5:3: {reason}")),
        "{found}"
    );
}
