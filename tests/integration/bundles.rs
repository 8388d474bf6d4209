//! Page bundles: the files beside a post's or page's `index.md` are published below its URL,
//! photos only when the text links to them (as clean copies without their metadata), and the
//! preview follows them as they change.

use std::collections::BTreeMap;
use std::io::Cursor;

use image::codecs::gif::GifEncoder;
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::codecs::webp::WebPEncoder;
use image::{ImageDecoder, ImageEncoder, ImageFormat, ImageReader, Rgb, RgbImage, Rgba, RgbaImage};
use treffpunkt::pipeline::Project;

use crate::images::photo;
use crate::support::{TestSite, render_project};

const FEIER: &str = "Das [Programm](programm.pdf), die [Anfahrt](karten/anfahrt.gpx) und \
    ![Die Gäste](foto.jpg) ([in voller Größe](foto.jpg)).";

/// A post bundle with a handout, a track in a subfolder, a photo it shows and links, a photo it
/// only shows, and files that are never published.
fn site_with_bundle() -> TestSite {
    TestSite::empty()
        .post(
            "feier/index.md",
            "title: Die Feier\ndate: 2026-01-10",
            FEIER,
        )
        .write("content/posts/feier/programm.pdf", "%PDF-1.4 Programm")
        .write("content/posts/feier/karten/anfahrt.gpx", "<gpx/>")
        .write_bytes("content/posts/feier/foto.jpg", &photo(40, 30))
        .write_bytes("content/posts/feier/nur-gezeigt.jpg", &photo(40, 30))
        .post(
            "feier/nachlese.md",
            "title: Nachlese\ndate: 2026-01-11",
            "![Noch eins](nur-gezeigt.jpg)",
        )
        // A bundle inside the bundle: its files are its own.
        .post(
            "feier/rueckblick/index.md",
            "title: Rückblick\ndate: 2026-01-12",
            "[Bericht](bericht.pdf)",
        )
        .write(
            "content/posts/feier/rueckblick/bericht.pdf",
            "%PDF-1.4 Bericht",
        )
        .write("content/posts/feier/.notizen.txt", "geheim")
        .write("content/posts/feier/programm.pdf~", "alt")
        .write("content/posts/feier/.programm.pdf.swp", "vim")
        // A file at the place of the post's own page: the rendered page wins, as over static files.
        .write("content/posts/feier/index.html", "fremd")
        .write(
            "content/pages/verein/index.md",
            "---\ntitle: Der Verein\n---\n[Satzung](satzung.txt)\n",
        )
        .write("content/pages/verein/satzung.txt", "§ 1")
        .post(
            "entwurf/index.md",
            "title: Entwurf\ndate: 2026-01-12\ndraft: true",
            "[Geheim](geheim.pdf)",
        )
        .write("content/posts/entwurf/geheim.pdf", "%PDF-1.4 geheim")
}

/// The files a render of `project` makes below the pages that are not pages or feeds, by
/// their site path.
fn bundled(project: &mut Project) -> BTreeMap<String, Vec<u8>> {
    let rendered = render_project(project).unwrap_or_else(|problems| panic!("{problems}"));
    rendered
        .files()
        .iter()
        .filter(|(path, _)| {
            (path.starts_with("blog/") || path.starts_with("verein/"))
                && !path.ends_with(".html")
                && !path.ends_with(".xml")
        })
        .map(|(path, bytes)| (format!("/{path}"), bytes.clone()))
        .collect()
}

#[test]
fn a_bundle_publishes_its_other_files_below_its_url() {
    let site = site_with_bundle();
    let files = bundled(&mut site.project());
    let published: Vec<&str> = files.keys().map(String::as_str).collect();
    assert_eq!(
        published,
        [
            "/blog/feier/foto.jpg",
            "/blog/feier/karten/anfahrt.gpx",
            "/blog/feier/programm.pdf",
            "/blog/rueckblick/bericht.pdf",
            "/verein/satzung.txt",
        ]
    );
    assert_eq!(files["/blog/feier/programm.pdf"], b"%PDF-1.4 Programm");
    // The linked photo is published as a copy made afresh; the one only shown, as its variants
    // alone.
    let original = std::fs::read(site.path().join("content/posts/feier/foto.jpg")).unwrap();
    assert_ne!(files["/blog/feier/foto.jpg"], original);
    let copy = image::load_from_memory(&files["/blog/feier/foto.jpg"]).unwrap();
    assert_eq!((copy.width(), copy.height()), (40, 30));
    let page = site.render().file("blog/feier/index.html");
    assert!(page.contains("Die Feier"), "{page}");
    assert!(
        page.contains("href=\"https://test.example/blog/feier/programm.pdf\""),
        "{page}"
    );
}

#[test]
fn check_follows_links_into_a_bundle_and_names_both_files_at_one_path() {
    let site = site_with_bundle()
        .post(
            "anders.md",
            "title: Anders\ndate: 2026-01-13",
            "[Das Programm](/blog/feier/programm.pdf), [alt](/blog/feier/programm.pdf~), \
             [Notizen](/blog/feier/.notizen.txt)",
        )
        .write("static/verein/satzung.txt", "§ 1 und 2");
    let found = site.check_problems();
    assert_eq!(found.matches("error:").count(), 3, "{found}");
    assert!(
        found.contains("content/posts/anders.md:5:49: the link `/blog/feier/programm.pdf~` leads to nothing this site publishes"),
        "{found}"
    );
    assert!(
        found.contains("the link `/blog/feier/.notizen.txt` leads to nothing"),
        "{found}"
    );
    assert!(
        found.contains("content/pages/verein/satzung.txt: content/pages/verein/satzung.txt and static/verein/satzung.txt would both be published at /verein/satzung.txt"),
        "{found}"
    );
    site.build(&[]).fails().reports(
        "content/pages/verein/satzung.txt and static/verein/satzung.txt would both be published at /verein/satzung.txt",
    );
    assert!(!site.has_output("index.html"));
}

/// The preview's way: a bundle's file saved, added or removed is published anew or no more.
#[test]
fn the_preview_follows_a_bundles_files() {
    let site = site_with_bundle();
    let mut project = site.project();
    bundled(&mut project);

    let changed = [
        (
            "content/posts/feier/programm.pdf",
            "%PDF-1.4 Neues Programm",
        ),
        ("content/posts/feier/karten/stadtplan.svg", "<svg/>"),
    ];
    for (file, text) in changed {
        site.put(file, text);
    }
    project.forget(&changed.map(|(file, _)| site.path().join(file)));
    let files = bundled(&mut project);
    assert_eq!(
        files["/blog/feier/programm.pdf"],
        b"%PDF-1.4 Neues Programm"
    );
    assert_eq!(files["/blog/feier/karten/stadtplan.svg"], b"<svg/>");

    let gone = site.path().join("content/posts/feier/karten/anfahrt.gpx");
    std::fs::remove_file(&gone).unwrap();
    project.forget(&[gone]);
    let files = bundled(&mut project);
    assert!(
        !files.contains_key("/blog/feier/karten/anfahrt.gpx"),
        "{files:?}"
    );
}

/// Symbolic links in a bundle follow the rules of all content: inside the site's folder they
/// are published, one leading outside is an error.
#[cfg(unix)]
#[test]
fn links_in_a_bundle_follow_the_rules_of_content() {
    use std::os::unix::fs::symlink;

    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("fremd.pdf"), "fremd").unwrap();
    let site = TestSite::empty()
        .post(
            "feier/index.md",
            "title: Die Feier\ndate: 2026-01-10",
            "[Plan](plan.pdf)",
        )
        .write("dokumente/plan.pdf", "%PDF-1.4 Plan");
    let bundle = site.path().join("content/posts/feier");
    symlink(
        site.path().join("dokumente/plan.pdf"),
        bundle.join("plan.pdf"),
    )
    .unwrap();
    let files = bundled(&mut site.project());
    assert_eq!(files["/blog/feier/plan.pdf"], b"%PDF-1.4 Plan");

    symlink(outside.path().join("fremd.pdf"), bundle.join("fremd.pdf")).unwrap();
    let problems = site.problems();
    assert!(
        problems.starts_with(
            "error: content/posts/feier/fremd.pdf: this symbolic link leads outside the site's folder"
        ),
        "{problems}"
    );
}

/// The EXIF block of a phone's photo (without the `Exif` prefix of a JPEG's APP1 segment):
/// "turn 90° clockwise to show" (orientation 6), the GPS position's latitude reference and the
/// camera's serial number `SN4711`.
fn phone_exif() -> Vec<u8> {
    let mut tiff: Vec<u8> = b"II\x2a\0\x08\0\0\0".to_vec();
    // IFD0 at 8: three entries and no next IFD; 8 + 2 + 3 * 12 + 4 = 50.
    tiff.extend([3, 0]);
    tiff.extend([0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0]); // Orientation: SHORT 6
    tiff.extend([0x25, 0x88, 4, 0, 1, 0, 0, 0, 50, 0, 0, 0]); // GPS IFD at 50
    tiff.extend([0x31, 0xa4, 2, 0, 7, 0, 0, 0, 68, 0, 0, 0]); // BodySerialNumber at 68
    tiff.extend([0, 0, 0, 0]);
    // The GPS IFD at 50: GPSLatitudeRef "N"; 50 + 2 + 12 + 4 = 68.
    tiff.extend([1, 0]);
    tiff.extend([1, 0, 2, 0, 2, 0, 0, 0, b'N', 0, 0, 0]);
    tiff.extend([0, 0, 0, 0]);
    tiff.extend(b"SN4711\0");
    tiff
}

/// A 40 × 30 photo (a landscape as stored, a portrait once turned upright) in `format`,
/// carrying [`phone_exif`].
fn phone_photo(format: ImageFormat) -> Vec<u8> {
    let (width, height) = (40, 30);
    let pixels = RgbImage::from_fn(width, height, |x, y| {
        Rgb([(x * 6) as u8, (y * 8) as u8, ((x + y) * 3) as u8])
    });
    let mut out = Vec::new();
    match format {
        ImageFormat::Jpeg => with_exif(JpegEncoder::new_with_quality(&mut out, 90), &pixels),
        ImageFormat::Png => with_exif(PngEncoder::new(&mut out), &pixels),
        ImageFormat::WebP => with_exif(WebPEncoder::new_lossless(&mut out), &pixels),
        other => panic!("no phone photo as {other:?}"),
    }
    out
}

fn with_exif(mut encoder: impl ImageEncoder, pixels: &RgbImage) {
    encoder.set_exif_metadata(phone_exif()).unwrap();
    encoder
        .write_image(
            pixels,
            pixels.width(),
            pixels.height(),
            image::ExtendedColorType::Rgb8,
        )
        .unwrap();
}

/// A GIF of two frames, which is published as it is.
fn animated_gif() -> Vec<u8> {
    let mut out = Vec::new();
    let frames = [Rgba([255, 0, 0, 255]), Rgba([0, 0, 255, 255])]
        .map(|colour| image::Frame::new(RgbaImage::from_pixel(8, 8, colour)));
    GifEncoder::new(&mut out).encode_frames(frames).unwrap();
    out
}

fn contains(bytes: &[u8], part: &[u8]) -> bool {
    bytes.windows(part.len()).any(|window| window == part)
}

const LINKS: &str = "![Die Gäste](foto.jpg)\n\n\
    [Foto in voller Größe](foto.jpg), [der Plan](plan.png), [die Bühne](buehne.webp), \
    [der Tanz](tanz.gif)";

/// A bundle that shows a phone's photo and links to it and to three more.
fn site_with_linked_photos() -> TestSite {
    TestSite::empty()
        .config("\n[images]\nwidths = [16, 32]\n")
        .post(
            "feier/index.md",
            "title: Die Feier\ndate: 2026-01-10",
            LINKS,
        )
        .write_bytes(
            "content/posts/feier/foto.jpg",
            &phone_photo(ImageFormat::Jpeg),
        )
        .write_bytes(
            "content/posts/feier/plan.png",
            &phone_photo(ImageFormat::Png),
        )
        .write_bytes(
            "content/posts/feier/buehne.webp",
            &phone_photo(ImageFormat::WebP),
        )
        .write_bytes("content/posts/feier/tanz.gif", &animated_gif())
}

/// A linked photo is published where the link leads, as a copy of its full size made afresh from
/// its pixels: upright, in its own format, without the camera's EXIF block (GPS position, serial
/// number); an animated GIF as it is. The photo the text also shows gets its variants too.
#[test]
fn a_linked_photo_is_published_upright_and_without_its_metadata() {
    let site = site_with_linked_photos();
    let source = |name: &str| std::fs::read(site.path().join("content/posts/feier").join(name));
    for name in ["foto.jpg", "plan.png", "buehne.webp"] {
        // The sources carry what the copies must not.
        let original = source(name).unwrap();
        assert!(contains(&original, b"SN4711"), "{name}");
    }
    let files = bundled(&mut site.project());
    for (name, format) in [
        ("foto.jpg", ImageFormat::Jpeg),
        ("plan.png", ImageFormat::Png),
        ("buehne.webp", ImageFormat::WebP),
    ] {
        let copy = &files[&format!("/blog/feier/{name}")];
        assert_eq!(image::guess_format(copy).unwrap(), format, "{name}");
        let mut decoder = ImageReader::new(Cursor::new(copy))
            .with_guessed_format()
            .unwrap()
            .into_decoder()
            .unwrap();
        assert_eq!(decoder.exif_metadata().unwrap(), None, "{name}");
        assert_eq!(decoder.dimensions(), (30, 40), "{name}: turned upright");
        for metadata in [&b"Exif"[..], b"eXIf", b"EXIF", b"SN4711", b"XMP"] {
            assert!(!contains(copy, metadata), "{name} holds {metadata:?}");
        }
    }
    assert_eq!(files["/blog/feier/tanz.gif"], source("tanz.gif").unwrap());
    let page = site.render().file("blog/feier/index.html");
    assert!(
        page.contains("href=\"https://test.example/blog/feier/foto.jpg\""),
        "{page}"
    );
    assert!(page.contains("/img/foto-30-"), "the variants too: {page}");
}

/// A broken linked photo is an error at the link, in the build and in `check`: one that is no
/// image when the text is read, one damaged past its header when its copy is made.
#[test]
fn a_broken_linked_photo_is_an_error_at_the_link() {
    let whole = phone_photo(ImageFormat::Jpeg);
    let site = TestSite::empty()
        .post(
            "feier/index.md",
            "title: Die Feier\ndate: 2026-01-10",
            "Erste Zeile.\n\nDas [Foto](foto.jpg) und [der Plan](plan.png).",
        )
        .write_bytes("content/posts/feier/foto.jpg", &whole[..whole.len() - 40])
        .write("content/posts/feier/plan.png", "kein Bild");
    let problems = site.problems();
    assert!(
        problems.contains("content/posts/feier/index.md:7:26: cannot read the image content/posts/feier/plan.png: it is not a JPEG, PNG, WebP, GIF or SVG file"),
        "{problems}"
    );
    assert!(
        problems.contains("save it again as a JPEG, PNG, WebP or GIF file"),
        "{problems}"
    );
    let site = site.write_bytes(
        "content/posts/feier/plan.png",
        &phone_photo(ImageFormat::Png),
    );
    let problems = site.problems();
    assert!(
        problems.starts_with("error: content/posts/feier/index.md:7:5: cannot read the image content/posts/feier/foto.jpg: the file ends before the picture does"),
        "{problems}"
    );
    assert_eq!(problems.matches("error:").count(), 1, "{problems}");
    let found = site.check_problems();
    assert!(
        found.contains(
            "content/posts/feier/index.md:7:5: cannot read the image content/posts/feier/foto.jpg"
        ),
        "{found}"
    );
}

/// The copies are made once into the image cache: a second build makes nothing, a build that no
/// longer links to a photo removes its copy from the cache; a photo of `static/` is published as
/// it is, as every file there.
#[test]
fn a_linked_photos_copy_is_cached_and_pruned_and_static_photos_stay_as_they_are() {
    let site = site_with_linked_photos()
        .write_bytes("static/bilder/roh.jpg", &phone_photo(ImageFormat::Jpeg));
    let first = site.build(&[]).succeeds();
    // The shown photo's variants, and three copies.
    assert!(
        first.stdout.contains("images: 4 processed, 0 from cache"),
        "{}",
        first.stdout
    );
    let second = site.build(&[]).succeeds();
    assert!(
        second.stdout.contains("images: 0 processed, 7 from cache"),
        "{}",
        second.stdout
    );
    let static_photo = std::fs::read(site.path().join("public/bilder/roh.jpg")).unwrap();
    assert_eq!(static_photo, phone_photo(ImageFormat::Jpeg));

    let cached = |stem: &str| {
        std::fs::read_dir(site.path().join(".treffpunkt-cache/images"))
            .unwrap()
            .filter(|entry| {
                let name = entry.as_ref().unwrap().file_name();
                name.to_string_lossy().starts_with(&format!("{stem}-full-"))
            })
            .count()
    };
    assert_eq!(cached("plan"), 1);
    site.put(
        "content/posts/feier/index.md",
        "---\ntitle: Die Feier\ndate: 2026-01-10\n---\n[Foto](foto.jpg)\n",
    );
    site.build(&[]).succeeds();
    assert_eq!(cached("plan"), 0);
    assert_eq!(cached("foto"), 1);
    assert!(!site.has_output("blog/feier/plan.png"));
}

/// The preview makes a linked photo's copy behind the page, as it makes variants, and answers
/// its address with it.
#[test]
fn the_preview_serves_a_linked_photos_clean_copy() {
    let site = site_with_linked_photos();
    let preview = site.serve(&[]);
    let copy = preview.get("/blog/feier/foto.jpg");
    assert_eq!(copy.status, 200, "{}", copy.text());
    assert_eq!(copy.header("content-type"), Some("image/jpeg"));
    let image = image::load_from_memory(&copy.body).unwrap();
    assert_eq!((image.width(), image.height()), (30, 40));
    assert!(!contains(&copy.body, b"Exif"));
}
