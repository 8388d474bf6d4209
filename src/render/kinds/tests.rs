//! Each kind's fingerprint follows its inputs: a small site is changed one input at a time, and
//! for every kind the files that read that input get a new fingerprint and the others keep theirs.

use std::collections::HashMap;
use std::fs;
use std::path::Path;
use std::sync::OnceLock;

use crate::output::memory::Memory;
use crate::pipeline::{BuildOptions, MakeImages, Project};
use crate::render::RenderReport;

/// The build time of every test site: 2026-03-01 00:00 UTC.
const NOW: i64 = 1_772_323_200;

/// The posts, newest first: B's neighbours are A and C, D is no one's neighbour but C's.
const POSTS: [(&str, &str); 4] = [
    (
        "a",
        "title: A\ndate: 2026-02-20\ntags: [Rust]\ncategory: Technik\n---\nText A.\n",
    ),
    (
        "b",
        "title: B\ndate: 2026-02-10\ntags: [Rust, Netzwerk]\nevents: [stammtisch]\n---\nAnfang B.\n\n<!-- more -->\n\nEnde.\n",
    ),
    (
        "c",
        "title: C\ndate: 2026-02-01\ntags: [Netzwerk]\n---\nText C.\n",
    ),
    (
        "d",
        "title: D\ndate: 2026-01-20\ntags: [Garten]\n---\nText D.\n",
    ),
];

const STAMMTISCH: &str = "title: Stammtisch\nstart: 2026-03-10 19:00\nduration: 2h\nrepeat: FREQ=MONTHLY;BYDAY=2TU\ncategories: [München]\n";
const SOMMERFEST: &str = "title: Sommerfest\nstart: 2026-04-20 18:00\nduration: 3h\n";

/// Writes the test site into `dir`, with the default theme of this repository.
fn write_site(dir: &Path) {
    let put = |file: &str, text: &str| {
        let path = dir.join(file);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    };
    put(
        "site.toml",
        "title = \"Testseite\"\nbase_url = \"https://test.example\"\nauthor = \"Erika Muster\"\n\
         [blog]\nposts_per_page = 2\n[calendar]\npath = \"termine\"\nmonths_ahead = 2\nmonths_back = 0\n",
    );
    for (name, text) in POSTS {
        put(&format!("content/posts/{name}.md"), &format!("---\n{text}"));
    }
    put(
        "content/pages/ueber.md",
        "---\ntitle: Über\n---\nWer wir sind.\n",
    );
    put("content/events/stammtisch.yaml", STAMMTISCH);
    put("content/events/sommerfest.yaml", SOMMERFEST);
    put("static/hallo.txt", "Hallo\n");
    copy_folder(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default"),
        &dir.join("themes/default"),
    );
}

fn copy_folder(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_folder(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Each change to the test site: its name, the file and the text replaced in it.
const CHANGES: [(&str, &str, &str, &str); 10] = [
    ("nothing", "site.toml", "", ""),
    (B_TEXT, "content/posts/b.md", "Ende.", "Schluss."),
    (B_TITLE, "content/posts/b.md", "title: B", "title: Bee"),
    (D_TITLE, "content/posts/d.md", "title: D", "title: Dee"),
    (PAGE_TEXT, "content/pages/ueber.md", "Wer wir", "Was wir"),
    (
        STAMMTISCH_TITLE,
        "content/events/stammtisch.yaml",
        "Stammtisch\n",
        "Runde\n",
    ),
    (
        SOMMERFEST_TIME,
        "content/events/sommerfest.yaml",
        "18:00",
        "17:00",
    ),
    (
        "a template",
        "themes/default/templates/404.html",
        "{%",
        "{# #}{%",
    ),
    ("site.toml", "site.toml", "Testseite", "Neue Testseite"),
    // Last: written back, the file has a new time of change, which is part of its fingerprint.
    (STATIC_FILE, "static/hallo.txt", "Hallo", "Servus, neu"),
];

const B_TEXT: &str = "B's text below the summary";
const B_TITLE: &str = "B's title";
const D_TITLE: &str = "D's title";
const PAGE_TEXT: &str = "the page's text";
const STAMMTISCH_TITLE: &str = "the Stammtisch's title";
const SOMMERFEST_TIME: &str = "the Sommerfest's time";
const CALENDAR: [&str; 2] = [STAMMTISCH_TITLE, SOMMERFEST_TIME];
const STATIC_FILE: &str = "the static file";

/// Changes that every rendered file reads, through the shared part.
fn site_wide(change: &str) -> bool {
    ["a template", "site.toml"].contains(&change)
}

/// The site in `dir`, built at [`NOW`].
fn project(dir: &Path) -> Project {
    Project::new(BuildOptions {
        root: dir.to_path_buf(),
        drafts: false,
        future: false,
        base_url: None,
        now: chrono::DateTime::from_timestamp(NOW, 0).unwrap(),
    })
}

/// The kind and fingerprint of every file of the site in `dir`.
fn fingerprints(dir: &Path) -> HashMap<String, (&'static str, u64)> {
    let mut project = project(dir);
    let loaded = project
        .load()
        .unwrap_or_else(|problems| panic!("{problems}"));
    let static_files = project.static_files(&loaded.theme).unwrap();
    crate::render::fingerprints(&loaded.site, &loaded.theme, &static_files)
}

/// Per file, its kind and whether its fingerprint changed.
type Changed = HashMap<String, (&'static str, bool)>;

/// Per change, the kind of every file and whether its fingerprint changed. Each change is made
/// to the same site (fingerprints name the files' places) and undone after.
fn changed() -> &'static HashMap<&'static str, Changed> {
    static CHANGED: OnceLock<HashMap<&str, Changed>> = OnceLock::new();
    CHANGED.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        write_site(dir.path());
        let before = fingerprints(dir.path());
        CHANGES
            .iter()
            .map(|&(name, file, old, new)| {
                let path = dir.path().join(file);
                let text = fs::read_to_string(&path).unwrap();
                assert!(text.contains(old), "{file} has no {old:?}");
                fs::write(&path, text.replacen(old, new, 1)).unwrap();
                let after = fingerprints(dir.path());
                fs::write(&path, text).unwrap();
                let mut paths: Vec<_> = after.keys().collect();
                paths.sort();
                assert_eq!(paths.len(), before.len(), "{name} changed the files");
                let changed = after
                    .into_iter()
                    .map(|(path, (kind, fingerprint))| {
                        let same = before.get(&path).map(|b| b.1) == Some(fingerprint);
                        (path, (kind, !same))
                    })
                    .collect();
                (name, changed)
            })
            .collect()
    })
}

/// Asserts, for the file at `path` (of the kind named `kind`), which changes give it a new
/// fingerprint: those in `reads`, and no other.
#[track_caller]
fn follows(kind: &str, path: &str, reads: &[&str]) {
    for (name, ..) in CHANGES {
        let Some(&(file_kind, changed)) = changed()[name].get(path) else {
            panic!("the test site has no {path}");
        };
        assert!(
            file_kind.ends_with(&format!("::{kind}")),
            "{path} is a {file_kind}, not a {kind}"
        );
        let expected = reads.contains(&name) || site_wide(name) && kind != "StaticFile";
        assert_eq!(
            changed,
            expected,
            "{path} ({kind}): a change of {name} should {}change its fingerprint",
            if expected { "" } else { "not " }
        );
    }
}

#[test]
fn home() {
    // Posts A and B, and every coming date.
    follows("Home", "/", &[B_TITLE, STAMMTISCH_TITLE, SOMMERFEST_TIME]);
}

#[test]
fn blog_listing() {
    follows("BlogListing", "/blog/", &[B_TITLE, STAMMTISCH_TITLE]);
    follows("BlogListing", "/blog/page/2/", &[D_TITLE]);
}

#[test]
fn post_page() {
    follows("PostPage", "/blog/a/", &[B_TITLE, STAMMTISCH_TITLE]);
    follows("PostPage", "/blog/b/", &[B_TITLE, B_TEXT, STAMMTISCH_TITLE]);
    follows(
        "PostPage",
        "/blog/c/",
        &[B_TITLE, D_TITLE, STAMMTISCH_TITLE],
    );
    follows("PostPage", "/blog/d/", &[D_TITLE]);
}

#[test]
fn page() {
    follows("PagePage", "/ueber/", &[PAGE_TEXT]);
}

#[test]
fn taxonomy_list() {
    // Term names and counts only: no post's title or text.
    follows("TaxonomyList", "/tags/", &[]);
    follows("TaxonomyList", "/categories/", &[]);
}

#[test]
fn term_listing() {
    follows("TermListing", "/tags/rust/", &[B_TITLE, STAMMTISCH_TITLE]);
    follows("TermListing", "/tags/garten/", &[D_TITLE]);
    follows("TermListing", "/categories/technik/", &[]);
}

#[test]
fn first_page_redirect() {
    follows("FirstPageRedirect", "/blog/page/1/", &[]);
    follows("FirstPageRedirect", "/tags/rust/page/1/", &[]);
}

#[test]
fn not_found_and_robots() {
    follows("NotFound", "/404.html", &[]);
    follows("Robots", "/robots.txt", &[]);
}

#[test]
fn feeds() {
    // Whole posts, not summaries: the text below the summary too.
    follows("SiteFeed", "/feed.xml", &[B_TITLE, B_TEXT, D_TITLE]);
    follows("TagFeed", "/tags/rust/feed.xml", &[B_TITLE, B_TEXT]);
    follows("TagFeed", "/tags/garten/feed.xml", &[D_TITLE]);
}

#[test]
fn sitemap() {
    // Addresses and dates: no title, no text, no event.
    follows("SitemapXml", "/sitemap.xml", &[]);
}

#[test]
fn calendar_pages() {
    follows("CalendarIndex", "/termine/", &CALENDAR);
    follows("CalendarMonth", "/termine/2026/03/", &CALENDAR);
    let with_post = [STAMMTISCH_TITLE, SOMMERFEST_TIME, B_TITLE];
    follows("EventPage", "/termine/stammtisch/", &with_post);
    follows("EventPage", "/termine/sommerfest/", &CALENDAR);
}

#[test]
fn calendar_feeds() {
    follows("EventIcs", "/termine/stammtisch.ics", &CALENDAR);
    follows("CalendarIcs", "/calendar.ics", &CALENDAR);
    follows("CategoryIcs", "/termine/categories/muenchen.ics", &CALENDAR);
    follows("EventsJson", "/events.json", &CALENDAR);
}

#[test]
fn date_pages() {
    // The whole calendar: a date page shows its neighbours, and a change of one event may move
    // the dates of the others in the calendar's order.
    follows("EventDate", "/termine/stammtisch/2026-03-10/", &CALENDAR);
    follows(
        "EventDateIcs",
        "/termine/stammtisch/2026-04-14.ics",
        &CALENDAR,
    );
    follows("CategoryPage", "/termine/categories/muenchen/", &CALENDAR);
    follows("EventsFeed", "/termine/feed.xml", &CALENDAR);
}

#[test]
fn static_file() {
    // Not even the settings or the theme: only the file itself.
    follows("StaticFile", "/hallo.txt", &[STATIC_FILE]);
}

/// The preview's second render after one static file changed copies that file and no other,
/// renders nothing, and tells a removed one.
#[test]
fn a_rebuild_copies_only_the_static_files_that_changed() {
    let dir = tempfile::tempdir().unwrap();
    write_site(dir.path());
    fs::write(dir.path().join("static/zwei.txt"), "zwei\n").unwrap();
    let mut project = project(dir.path());
    let (first, _) = render_into_memory(&mut project);
    assert!(first.copied.contains(&"/hallo.txt".to_owned()), "{first:?}");

    fs::write(dir.path().join("static/hallo.txt"), "Servus\n").unwrap();
    fs::remove_file(dir.path().join("static/zwei.txt")).unwrap();
    project.forget_static_files();
    let (second, files) = render_into_memory(&mut project);
    assert_eq!(second.copied, ["/hallo.txt"]);
    assert_eq!(second.uncopied, ["/zwei.txt"]);
    assert!(
        second.written.is_empty() && second.removed.is_empty(),
        "{second:?}"
    );
    assert_eq!(files, [("/hallo.txt".to_owned(), b"Servus\n".to_vec())]);
}

#[test]
fn share_card() {
    // A post's card reads its title and date, a page's its title (not their text); an event's
    // reads the calendar, as its page does.
    follows("ShareCard", "/blog/b/card.png", &[B_TITLE]);
    follows("ShareCard", "/ueber/card.png", &[]);
    follows("ShareCard", "/termine/stammtisch/card.png", &CALENDAR);
}

/// The render of `project` into memory: its report and the files made.
fn render_into_memory(project: &mut Project) -> (RenderReport, Vec<(String, Vec<u8>)>) {
    let loaded = project.load().unwrap();
    let static_files = project.static_files(&loaded.theme).unwrap();
    let made = Memory::default();
    let report = project
        .render(&loaded, &static_files, &made, MakeImages::BeforeRender)
        .unwrap();
    (report, made.into_files())
}

/// A static file where the site renders a file is left out, in every sink alike: the rendered
/// file wins, as it did when `build` copied static files first and rendered over them.
#[test]
fn a_rendered_file_wins_over_a_static_file_at_its_place() {
    let dir = tempfile::tempdir().unwrap();
    write_site(dir.path());
    fs::write(dir.path().join("static/robots.txt"), "static\n").unwrap();
    let (report, files) = render_into_memory(&mut project(dir.path()));
    assert!(
        !report.copied.contains(&"/robots.txt".to_owned()),
        "{report:?}"
    );
    let robots: Vec<_> = files
        .iter()
        .filter(|(file, _)| file == "/robots.txt")
        .collect();
    assert_eq!(robots.len(), 1, "{robots:?}");
    assert!(robots[0].1.starts_with(b"User-agent: *"));
    // `check` looks at links against the same plan.
    let mut project = project(dir.path());
    let loaded = project.load().unwrap();
    let static_files = project.static_files(&loaded.theme).unwrap();
    let paths = crate::render::site_paths(&loaded.site, &loaded.theme, &static_files);
    assert_eq!(
        paths.iter().filter(|path| *path == "/robots.txt").count(),
        1
    );
}
