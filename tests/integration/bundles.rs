//! Page bundles: the files beside a post's or page's `index.md` are published below its URL,
//! photos only when the text links to them, and the preview follows them as they change.

use std::collections::BTreeMap;

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
        .write("content/posts/feier/rueckblick/bericht.pdf", "%PDF-1.4 Bericht")
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
    // The linked photo is published as it is; the one only shown, as its variants alone.
    let original = std::fs::read(site.path().join("content/posts/feier/foto.jpg")).unwrap();
    assert_eq!(files["/blog/feier/foto.jpg"], original);
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
