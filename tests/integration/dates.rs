//! A page and a one-date `.ics` per date of a series, the "add this date" links, the category
//! pages and the calendar's Atom feed, and the links to them from everywhere dates are listed.

use serde_json::Value;

use crate::calendar::ics_lines;
use crate::support::{Rendered, TestSite};

/// A site whose calendar window is the year 2026: built on 1 January 2026.
fn calendar_site() -> TestSite {
    TestSite::empty().now("2026-01-01T12:00:00Z").write(
        "site.toml",
        "title = \"Kalender\"\nbase_url = \"https://kalender.example\"\nauthor = \"A\"\n\
         [calendar]\npath = \"termine\"\nmonths_ahead = 11\nmonths_back = 0\n",
    )
}

/// The output file of a site address such as `https://kalender.example/termine/x/2026-02-10/`.
fn file_of(url: &str, base: &str) -> String {
    let path = url.strip_prefix(base).unwrap_or_else(|| panic!("{url}"));
    if path.ends_with('/') || path.is_empty() {
        format!("{path}index.html")
    } else {
        path.to_owned()
    }
}

/// Every `href` of `html` that starts with `prefix`, with `&amp;` read back.
fn links(html: &str, prefix: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|href| href.starts_with(prefix))
        .map(|href| href.replace("&amp;", "&"))
        .collect()
}

/// Asserts what a one-date calendar holds: one VEVENT with its own UID, start and end, no rule.
#[track_caller]
fn assert_one_date(ics: &str, uid: &str, start: &str, end: &str) {
    let lines = ics_lines(ics);
    let has = |line: &str| lines.iter().any(|l| l == line);
    assert!(has(&format!("UID:{uid}")), "{uid} in\n{ics}");
    assert!(has(start), "{start} in\n{ics}");
    assert!(has(end), "{end} in\n{ics}");
    assert_eq!(
        lines.iter().filter(|l| *l == "BEGIN:VEVENT").count(),
        1,
        "{ics}"
    );
    // The VTIMEZONE has rules of its own; the date has none.
    let vevent = lines.iter().skip_while(|l| *l != "BEGIN:VEVENT");
    for line in vevent {
        for forbidden in ["RRULE", "EXDATE", "RECURRENCE-ID", "RDATE"] {
            assert!(!line.starts_with(forbidden), "{forbidden} in\n{ics}");
        }
    }
}

/// The example site rendered once for the tests that only read its pages.
fn example() -> &'static Rendered {
    static RENDERED: std::sync::OnceLock<Rendered> = std::sync::OnceLock::new();
    RENDERED.get_or_init(|| TestSite::example().render())
}

#[test]
fn every_date_of_the_example_series_has_its_page_and_its_calendar() {
    let site = example();
    let base = "https://treffpunkt-wirtschaft.example/";
    let json = site.json("events.json");
    let occurrences = json["occurrences"].as_array().unwrap();
    assert!(occurrences.len() > 40, "the example's calendar is full");
    // Every event of the example repeats: each date has a page of its own beside the series'.
    for occurrence in occurrences {
        let page = occurrence["occurrence_url"].as_str().unwrap();
        let series = occurrence["url"].as_str().unwrap();
        let id = occurrence["id"].as_str().unwrap();
        assert!(
            page.starts_with(series) && page != series,
            "{id}: {page} is not a date of {series}"
        );
        let html = site.file(&file_of(page, base));
        assert!(
            html.contains("class=\"event event--date h-event\""),
            "{page}"
        );
        assert!(
            html.contains(&format!("href=\"{series}\"")),
            "{page} links its series"
        );
        let ics_file = format!(
            "{}.ics",
            file_of(page, base).trim_end_matches("/index.html")
        );
        let ics = site.file(&ics_file);
        let day = page
            .trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap()
            .replace('-', "");
        assert!(
            ics.contains(&format!("UID:{id}-{day}@treffpunkt-wirtschaft.example\r\n")),
            "{ics_file}"
        );
    }

    // The moved December date keeps the address of its original day and says where it went.
    let moved = site.file("termine/stammtisch-muenchen/2026-12-08/index.html");
    assert!(
        moved.contains("Dieser Termin wurde verschoben auf Dienstag, 1. Dezember 2026."),
        "{moved}"
    );
    assert!(moved.contains("Ursprünglich am Dienstag, 8. Dezember 2026"));
    assert!(moved.contains("\"eventStatus\":\"https://schema.org/EventRescheduled\""));
    assert!(moved.contains("\"previousStartDate\":\"2026-12-08T19:00:00+01:00\""));
    assert_one_date(
        &site.file("termine/stammtisch-muenchen/2026-12-08.ics"),
        "stammtisch-muenchen-20261208@treffpunkt-wirtschaft.example",
        "DTSTART;TZID=Europe/Berlin:20261201T190000",
        "DTEND;TZID=Europe/Berlin:20261201T220000",
    );
    assert!(!site.has("termine/stammtisch-muenchen/2026-12-01/index.html"));

    // The cancelled January date says so, and offers nothing to add.
    let cancelled = site.file("termine/stammtisch-muenchen/2027-01-12/index.html");
    assert!(cancelled.contains("Abgesagt"));
    assert!(cancelled.contains("Neujahrspause"));
    assert!(cancelled.contains("\"eventStatus\":\"https://schema.org/EventCancelled\""));
    assert!(links(&cancelled, "https://calendar.google.com/").is_empty());
    let ics = site.file("termine/stammtisch-muenchen/2027-01-12.ics");
    assert!(ics.contains("STATUS:CANCELLED\r\n"), "{ics}");

    // Neighbours: November before, January after.
    assert!(moved.contains(
        "href=\"https://treffpunkt-wirtschaft.example/termine/stammtisch-muenchen/2026-11-10/\" rel=\"prev\""
    ));
    assert!(moved.contains(
        "href=\"https://treffpunkt-wirtschaft.example/termine/stammtisch-muenchen/2027-01-12/\" rel=\"next\""
    ));
}

#[test]
fn listings_link_each_date_to_its_page() {
    let site = example();
    let date = "https://treffpunkt-wirtschaft.example/termine/stammtisch-muenchen/2026-12-08/";
    for file in [
        "termine/2026/12/index.html",
        "termine/stammtisch-muenchen/index.html",
    ] {
        assert!(
            site.file(file).contains(&format!("href=\"{date}\"")),
            "{file} links the date's page"
        );
    }
    let home = site.file("index.html");
    let index = site.file("termine/index.html");
    for (name, html) in [("home", &home), ("calendar index", &index)] {
        assert!(
            !links(
                html,
                "https://treffpunkt-wirtschaft.example/termine/fruehstuecksclub/2026-"
            )
            .is_empty(),
            "the {name} links dates to their pages"
        );
    }
    // The series page's JSON-LD names each date's page.
    let series = site.file("termine/stammtisch-muenchen/index.html");
    assert!(series.contains(&format!("\"url\":\"{date}\"")), "{series}");
    let sitemap = site.file("sitemap.xml");
    assert!(sitemap.contains(&format!("<loc>{date}</loc>")));
    assert!(
        sitemap.contains(
            "<loc>https://treffpunkt-wirtschaft.example/termine/categories/muenchen/</loc>"
        )
    );
    assert!(!sitemap.contains(".ics</loc>"));
}

#[test]
fn category_pages_and_the_events_feed() {
    let site = example();
    let index = site.file("termine/index.html");
    assert!(
        index.contains(
            "href=\"https://treffpunkt-wirtschaft.example/termine/categories/muenchen/\""
        )
    );
    let feed_link = "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Kommende Termine als Feed (Atom)\" href=\"https://treffpunkt-wirtschaft.example/termine/feed.xml\">";
    assert!(index.contains(feed_link));
    assert!(site.file("termine/2026/12/index.html").contains(feed_link));
    let category = site.file("termine/categories/golf/index.html");
    assert!(category.contains("<h1>Termine: Golf</h1>"), "{category}");
    assert!(category.contains("/termine/golf-nachmittag/"));
    assert!(!category.contains("/termine/stammtisch-muenchen/"));

    let feed = site.file("termine/feed.xml");
    assert!(feed.starts_with("<?xml"));
    assert!(feed.contains(
        "<link rel=\"self\" type=\"application/atom+xml\" href=\"https://treffpunkt-wirtschaft.example/termine/feed.xml\"/>"
    ));
    let entries = feed.matches("<entry>").count();
    let ids: std::collections::HashSet<&str> = feed
        .split("<id>")
        .skip(2)
        .filter_map(|rest| rest.split("</id>").next())
        .collect();
    assert!(entries > 5, "{feed}");
    assert_eq!(ids.len(), entries, "one entry per date, each its own id");
    assert!(
        ids.contains(
            "https://treffpunkt-wirtschaft.example/termine/stammtisch-muenchen/2026-12-08/"
        )
    );
}

fn add_links(site: &Rendered, page: &str) -> (String, String) {
    let html = site.file(page);
    let google = links(&html, "https://calendar.google.com/");
    let outlook = links(&html, "https://outlook.live.com/");
    assert_eq!((google.len(), outlook.len()), (1, 1), "{page}");
    (google[0].clone(), outlook[0].clone())
}

#[test]
fn google_and_outlook_links_carry_a_timed_and_an_all_day_date() {
    let site = calendar_site()
        .event(
            "runde",
            "title: Runde & Co\nstart: 2026-01-13 19:00\nduration: 2h\nrepeat: FREQ=MONTHLY;BYDAY=2TU\nlocation: Rathaus, Marienplatz 8\n",
        )
        .event(
            "messe",
            "title: Messe\nstart: 2026-05-04\nend: 2026-05-05\nrepeat: FREQ=YEARLY\n",
        )
        .render();
    let (google, outlook) = add_links(&site, "termine/runde/2026-02-10/index.html");
    assert_eq!(
        google,
        "https://calendar.google.com/calendar/render?action=TEMPLATE&text=Runde%20%26%20Co\
         &dates=20260210T190000/20260210T210000\
         &details=https%3A%2F%2Fkalender.example%2Ftermine%2Frunde%2F2026-02-10%2F\
         &location=Rathaus%2C%20Marienplatz%208&ctz=Europe%2FBerlin"
    );
    assert_eq!(
        outlook,
        "https://outlook.live.com/calendar/0/deeplink/compose?subject=Runde%20%26%20Co\
         &startdt=2026-02-10T18%3A00%3A00Z&enddt=2026-02-10T20%3A00%3A00Z\
         &location=Rathaus%2C%20Marienplatz%208\
         &body=https%3A%2F%2Fkalender.example%2Ftermine%2Frunde%2F2026-02-10%2F\
         &path=%2Fcalendar%2Faction%2Fcompose&rru=addevent"
    );
    let (google, outlook) = add_links(&site, "termine/messe/2026-05-04/index.html");
    assert_eq!(
        google,
        "https://calendar.google.com/calendar/render?action=TEMPLATE&text=Messe\
         &dates=20260504/20260506\
         &details=https%3A%2F%2Fkalender.example%2Ftermine%2Fmesse%2F2026-05-04%2F\
         &ctz=Europe%2FBerlin"
    );
    assert_eq!(
        outlook,
        "https://outlook.live.com/calendar/0/deeplink/compose?subject=Messe\
         &startdt=2026-05-04&enddt=2026-05-06&allday=true\
         &body=https%3A%2F%2Fkalender.example%2Ftermine%2Fmesse%2F2026-05-04%2F\
         &path=%2Fcalendar%2Faction%2Fcompose&rru=addevent"
    );
    assert_one_date(
        &site.file("termine/messe/2026-05-04.ics"),
        "messe-20260504@kalender.example",
        "DTSTART;VALUE=DATE:20260504",
        "DTEND;VALUE=DATE:20260506",
    );
    // A one-off event has its event page only.
    let site = calendar_site()
        .event("fest", "title: Fest\nstart: 2026-06-01 18:00\n")
        .render();
    let json = site.json("events.json");
    assert_eq!(
        json["occurrences"][0]["occurrence_url"],
        "https://kalender.example/termine/fest/"
    );
    assert!(!site.has("termine/fest/2026-06-01/index.html"));
    assert!(!site.has("termine/fest/2026-06-01.ics"));
}

#[test]
fn a_second_date_on_one_day_gets_a_numbered_page() {
    let site = calendar_site()
        .event(
            "sprechstunde",
            "title: Sprechstunde\nstart: 2026-03-02 10:00\nduration: 1h\nrepeat: FREQ=WEEKLY;BYDAY=MO;BYHOUR=10,14;COUNT=4\n",
        )
        .render();
    let urls: Vec<String> = site.json("events.json")["occurrences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["occurrence_url"].as_str().unwrap().to_owned())
        .collect();
    let base = "https://kalender.example/termine/sprechstunde/";
    assert_eq!(
        urls,
        [
            format!("{base}2026-03-02/"),
            format!("{base}2026-03-02-2/"),
            format!("{base}2026-03-09/"),
            format!("{base}2026-03-09-2/"),
        ]
    );
    assert_one_date(
        &site.file("termine/sprechstunde/2026-03-02-2.ics"),
        "sprechstunde-20260302-2@kalender.example",
        "DTSTART;TZID=Europe/Berlin:20260302T140000",
        "DTEND;TZID=Europe/Berlin:20260302T150000",
    );
    assert!(site.has("termine/sprechstunde/2026-03-09-2/index.html"));
}

#[test]
fn a_site_with_50_series_has_a_page_and_a_calendar_for_every_date() {
    let mut site = calendar_site();
    for n in 1..=50 {
        site = site.event(
            &format!("reihe-{n:02}"),
            &format!(
                "title: Reihe {n}\nstart: 2026-01-{day:02} {hour:02}:00\nduration: 1h\nrepeat: FREQ=MONTHLY;BYMONTHDAY={day}\ncategories: [Gruppe {group}]\n",
                day = n % 28 + 1,
                hour = 8 + n % 12,
                group = n % 5,
            ),
        );
    }
    let site = site.render();
    let json: Value = site.json("events.json");
    let occurrences = json["occurrences"].as_array().unwrap();
    assert_eq!(occurrences.len(), 50 * 12);
    let base = "https://kalender.example/";
    for occurrence in occurrences {
        let page = file_of(occurrence["occurrence_url"].as_str().unwrap(), base);
        assert!(site.has(&page), "{page}");
        let ics = format!("{}.ics", page.trim_end_matches("/index.html"));
        assert!(site.has(&ics), "{ics}");
    }
    for group in 0..5 {
        assert!(site.has(&format!("termine/categories/gruppe-{group}/index.html")));
    }
}
