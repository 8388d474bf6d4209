//! The event calendar: recurrence expanded exactly (across DST, with exceptions and changes),
//! pages, iCalendar feeds and JSON that agree, and located errors for bad event files.

//!
//! What is rendered is checked in this process (`TestSite::render`); the binary runs only for the
//! external checker, which reads a built folder.

use serde_json::Value;

use crate::support::{Rendered, Reports, TestSite, external, interop_python, repository};

/// A site whose calendar window is the year 2026: built on 1 January 2026.
#[track_caller]
fn calendar_site() -> TestSite {
    TestSite::empty().now("2026-01-01T12:00:00Z").write(
        "site.toml",
        "title = \"Kalender\"\nbase_url = \"https://kalender.example\"\nauthor = \"A\"\n\
         [calendar]\npath = \"termine\"\nmonths_ahead = 11\nmonths_back = 0\n",
    )
}

#[track_caller]
fn json(site: &Rendered) -> Value {
    site.json("events.json")
}

/// The starts of one event's occurrences in events.json.
#[track_caller]
fn starts(site: &Rendered, id: &str) -> Vec<String> {
    json(site)["occurrences"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["id"] == id)
        .map(|o| o["start"].as_str().unwrap().to_owned())
        .collect()
}

/// The content lines of a feed, unfolded.
pub fn ics_lines(text: &str) -> Vec<String> {
    text.replace("\r\n ", "")
        .split("\r\n")
        .map(str::to_owned)
        .collect()
}

#[test]
fn monthly_on_the_second_tuesday_stays_at_seven_across_both_dst_switches() {
    let site = calendar_site().event(
        "stammtisch",
        "title: Stammtisch\nstart: 2025-11-11 19:00\nduration: 3h\nrepeat: RRULE:FREQ=MONTHLY;BYDAY=2TU\n",
    );
    let site = site.render();
    let starts = starts(&site, "stammtisch");
    assert_eq!(starts.len(), 12, "{starts:?}");
    assert_eq!(starts[0], "2026-01-13T19:00:00+01:00");
    assert_eq!(starts[2], "2026-03-10T19:00:00+01:00");
    assert_eq!(starts[3], "2026-04-14T19:00:00+02:00");
    assert_eq!(starts[9], "2026-10-13T19:00:00+02:00");
    assert_eq!(starts[10], "2026-11-10T19:00:00+01:00");
    let occurrence = &json(&site)["occurrences"][0];
    assert_eq!(occurrence["end"], "2026-01-13T22:00:00+01:00");
    assert_eq!(
        occurrence["url"],
        "https://kalender.example/termine/stammtisch/"
    );
    assert_eq!(occurrence["timezone"], "Europe/Berlin");
    assert_eq!(occurrence["all_day"], false);
    assert_eq!(occurrence["status"], "confirmed");
}

#[test]
fn last_friday_weekly_with_interval_and_until_yearly_and_count() {
    let site = calendar_site()
        .event(
            "letzter",
            "title: L\nstart: 2026-01-30 18:00\nrepeat: FREQ=MONTHLY;BYDAY=-1FR\n",
        )
        .event(
            "zweiwoechig",
            "title: Z\nstart: 2026-01-08 07:30\nrepeat: FREQ=WEEKLY;INTERVAL=2;UNTIL=20260305\n",
        )
        .event(
            "jaehrlich",
            "title: J\nstart: 2024-12-18 18:30\nrepeat: FREQ=YEARLY\n",
        )
        .event(
            "dreimal",
            "title: D\nstart: 2026-02-02 10:00\nrepeat: FREQ=DAILY;COUNT=3\n",
        );
    let site = site.render();
    let last_fridays = starts(&site, "letzter");
    assert_eq!(last_fridays.len(), 12);
    assert_eq!(last_fridays[1], "2026-02-27T18:00:00+01:00");
    assert_eq!(last_fridays[4], "2026-05-29T18:00:00+02:00");
    assert_eq!(
        starts(&site, "zweiwoechig"),
        [
            "2026-01-08T07:30:00+01:00",
            "2026-01-22T07:30:00+01:00",
            "2026-02-05T07:30:00+01:00",
            "2026-02-19T07:30:00+01:00",
            "2026-03-05T07:30:00+01:00"
        ]
    );
    assert_eq!(starts(&site, "jaehrlich"), ["2026-12-18T18:30:00+01:00"]);
    assert_eq!(starts(&site, "dreimal").len(), 3);
    let ics = site.file("termine/zweiwoechig.ics");
    assert!(
        ics_lines(&ics).contains(&"RRULE:FREQ=WEEKLY;INTERVAL=2;UNTIL=20260305T225959Z".to_owned()),
        "{ics}"
    );
}

#[test]
fn exceptions_moves_and_cancellations_agree_in_json_and_ical() {
    let site = calendar_site().event(
        "fruehstueck",
        "title: Frühstück\nstart: 2026-07-02 07:30\nduration: 90m\nlocation: Café\nrepeat: FREQ=WEEKLY;BYDAY=TH;COUNT=6\n\
         except: [2026-07-16]\n\
         changes:\n  2026-07-23:\n    start: 2026-07-24 08:00\n    location: Terrasse\n    note: Einen Tag später\n  2026-07-30:\n    status: cancelled\n",
    );
    let site = site.render();
    let doc = json(&site);
    let occurrences: Vec<&Value> = doc["occurrences"].as_array().unwrap().iter().collect();
    let starts: Vec<&str> = occurrences
        .iter()
        .map(|o| o["start"].as_str().unwrap())
        .collect();
    assert_eq!(
        starts,
        [
            "2026-07-02T07:30:00+02:00",
            "2026-07-09T07:30:00+02:00",
            "2026-07-24T08:00:00+02:00",
            "2026-07-30T07:30:00+02:00",
            "2026-08-06T07:30:00+02:00"
        ]
    );
    assert_eq!(
        occurrences[2]["original_start"],
        "2026-07-23T07:30:00+02:00"
    );
    // As the README says: present on every occurrence, `null` unless moved.
    assert_eq!(occurrences[0].get("original_start"), Some(&Value::Null));
    assert_eq!(occurrences[3].get("original_start"), Some(&Value::Null));
    assert_eq!(occurrences[2]["location"], "Terrasse");
    assert_eq!(occurrences[3]["status"], "cancelled");

    let lines = ics_lines(&site.file("termine/fruehstueck.ics"));
    for expected in [
        "DTSTART;TZID=Europe/Berlin:20260702T073000",
        "DTEND;TZID=Europe/Berlin:20260702T090000",
        "RRULE:FREQ=WEEKLY;COUNT=6;BYDAY=TH",
        "EXDATE;TZID=Europe/Berlin:20260716T073000",
        "RECURRENCE-ID;TZID=Europe/Berlin:20260723T073000",
        "DTSTART;TZID=Europe/Berlin:20260724T080000",
        "LOCATION:Terrasse",
        "RECURRENCE-ID;TZID=Europe/Berlin:20260730T073000",
        "STATUS:CANCELLED",
    ] {
        assert!(
            lines.contains(&expected.to_owned()),
            "{expected} is missing from the feed"
        );
    }
    assert_eq!(lines.iter().filter(|l| *l == "BEGIN:VEVENT").count(), 3);

    let page = site.file("termine/index.html");
    assert!(
        page.contains("datetime=\"2026-07-24T08:00:00+02:00\""),
        "moved occurrence on the calendar page"
    );
}

#[test]
fn all_day_and_multi_day_events_use_dates() {
    let site = calendar_site()
        .event(
            "konferenz",
            "title: Konferenz\nstart: 2026-05-12\nend: 2026-05-13\ntimezone: Europe/Vienna\n",
        )
        .event(
            "feiertag",
            "title: Feiertag\nstart: 2026-10-03\nrepeat: FREQ=YEARLY\n",
        );
    let site = site.render();
    let doc = json(&site);
    let conference = doc["occurrences"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == "konferenz")
        .unwrap();
    assert_eq!(conference["all_day"], true);
    assert_eq!(conference["start"], "2026-05-12T00:00:00+02:00");
    assert_eq!(conference["end"], "2026-05-14T00:00:00+02:00");
    let lines = ics_lines(&site.file("termine/konferenz.ics"));
    assert!(lines.contains(&"DTSTART;VALUE=DATE:20260512".to_owned()));
    assert!(lines.contains(&"DTEND;VALUE=DATE:20260514".to_owned()));
    assert!(
        !lines.iter().any(|l| l.starts_with("BEGIN:VTIMEZONE")),
        "all-day events need no zone"
    );
    // The month grid shows a two-day event on both days.
    let may = site.file("termine/2026/05/index.html");
    assert!(may.contains("<table"));
    assert!(may.matches("termine/konferenz/").count() >= 2, "{may}");
    assert_eq!(starts(&site, "feiertag"), ["2026-10-03T00:00:00+02:00"]);
}

#[test]
fn vienna_beside_berlin_with_one_vtimezone_each() {
    let site = calendar_site()
        .event("wien", "title: Wien\nstart: 2026-03-05 18:00\ntimezone: Europe/Vienna\nrepeat: FREQ=WEEKLY;COUNT=5\ncategories: [Wien]\n")
        .event("berlin", "title: Berlin\nstart: 2026-10-22 19:00\nrepeat: FREQ=WEEKLY;COUNT=2\ncategories: [Berlin]\n");
    let site = site.render();
    assert_eq!(
        starts(&site, "wien"),
        [
            "2026-03-05T18:00:00+01:00",
            "2026-03-12T18:00:00+01:00",
            "2026-03-19T18:00:00+01:00",
            "2026-03-26T18:00:00+01:00",
            "2026-04-02T18:00:00+02:00"
        ]
    );
    assert_eq!(
        starts(&site, "berlin"),
        ["2026-10-22T19:00:00+02:00", "2026-10-29T19:00:00+01:00"]
    );
    let text = site.file("calendar.ics");
    let lines = ics_lines(&text);
    for zone in ["Europe/Berlin", "Europe/Vienna"] {
        assert_eq!(
            lines
                .iter()
                .filter(|l| **l == format!("TZID:{zone}"))
                .count(),
            1,
            "{zone}"
        );
    }
    assert!(lines.contains(&"RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU".to_owned()));
    assert!(lines.contains(&"X-WR-TIMEZONE:Europe/Berlin".to_owned()));
    // Category feeds carry only their events.
    let vienna = site.file("termine/categories/wien.ics");
    assert!(vienna.contains("UID:wien@kalender.example") && !vienna.contains("UID:berlin@"));
}

#[test]
fn ical_feeds_follow_rfc_5545_and_are_reproducible() {
    let long = "Ein sehr langer Titel mit Umlauten – Größe, Übermaß und Ärger; dazu Kommas, Semikola und mehr Text";
    let site = calendar_site().event(
        "lang",
        &format!("title: \"{long}\"\nstart: 2026-02-03 19:00\ndescription: \"Zeile eins\\r\\n\\r\\nZeile zwei\"\ngeo: [48.1, 11.5]\norganizer: {{name: Erika, email: erika@example.org}}\nsequence: 2\n"),
    );
    let text = site.render().file("termine/lang.ics");
    assert!(text.ends_with("END:VCALENDAR\r\n"));
    assert!(
        !text.replace("\r\n", "").contains('\n'),
        "every line ends with CRLF"
    );
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line}", line.len());
    }
    let lines = ics_lines(&text);
    for expected in [
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:Kalender – Ein sehr langer Titel mit Umlauten – Größe\\, Übermaß und Ärger\\; dazu Kommas\\, Semikola und mehr Text",
        "REFRESH-INTERVAL;VALUE=DURATION:PT12H",
        "X-PUBLISHED-TTL:PT12H",
        "UID:lang@kalender.example",
        "DTSTAMP:20260101T120000Z",
        "DESCRIPTION:Zeile eins\\n\\nZeile zwei",
        "GEO:48.1;11.5",
        "URL:https://kalender.example/termine/lang/",
        "ORGANIZER;CN=\"Erika\":mailto:erika@example.org",
        "SEQUENCE:2",
        "STATUS:CONFIRMED",
    ] {
        assert!(
            lines.contains(&expected.to_owned()),
            "{expected} is missing:\n{text}"
        );
    }
    assert!(lines.iter().any(|l| l.starts_with("PRODID:")));
    // The same input and clock give the same bytes.
    assert_eq!(site.render().file("termine/lang.ics"), text);
}

#[test]
fn pages_show_the_calendar_and_link_posts_and_events() {
    let site = calendar_site()
        .event(
            "stammtisch",
            "title: Stammtisch\nstart: 2025-11-11 19:00\nlocation: Wirtshaus\ngeo: [48.1, 11.5]\nrepeat: FREQ=MONTHLY;BYDAY=2TU\n",
        )
        .post("bericht.md", "title: Bericht\ndate: 2025-12-01\nevents: [stammtisch]", "Text.");
    let site = site.render();
    let event = site.file("termine/stammtisch/index.html");
    assert!(event.contains("webcal://kalender.example/termine/stammtisch.ics"));
    assert!(event.contains("https://kalender.example/termine/stammtisch.ics"));
    assert!(event.contains("https://www.openstreetmap.org/?mlat=48.1&amp;mlon=11.5"));
    assert!(
        event.contains("https://kalender.example/blog/bericht/"),
        "the posts that name it"
    );
    assert!(event.contains("datetime=\"2026-01-13T19:00:00+01:00\""));
    assert!(!event.contains("<iframe"), "no embedded map");
    let post = site.file("blog/bericht/index.html");
    assert!(post.contains("https://kalender.example/termine/stammtisch/"));
    assert!(
        post.contains("Dienstag, 13. Januar 2026"),
        "the post shows the next date"
    );
    let home = site.file("index.html");
    assert!(
        home.contains("datetime=\"2026-01-13T19:00:00+01:00\""),
        "home shows upcoming dates"
    );
    let january = site.file("termine/2026/01/index.html");
    assert!(
        january.contains("https://kalender.example/termine/2026/02/"),
        "next month link"
    );
    assert!(
        !january.contains("termine/2025/12/"),
        "no link before the window"
    );
    assert!(site.has("termine/2026/12/index.html"));
    assert!(!site.has("termine/2027/01/index.html"));
    let sitemap = site.file("sitemap.xml");
    assert!(sitemap.contains("https://kalender.example/termine/stammtisch/"));
    assert!(sitemap.contains("https://kalender.example/termine/2026/06/"));
}

/// The messages for the event file `fehler.yaml` of `site` hold each of `expected`.
#[track_caller]
fn refused(site: TestSite, yaml: &str, expected: &[&str]) {
    let mut problems = site.event("fehler", yaml).problems();
    for part in expected {
        problems = problems.reports(part);
    }
}

#[track_caller]
fn event_error(yaml: &str, expected: &[&str]) {
    refused(calendar_site(), yaml, expected);
}

#[test]
fn bad_event_files_are_located() {
    event_error(
        "title: X\nstart: 2026-01-13 19:00\nrepeat: FREQ=MONTHLY;BYDAY=2XY\n",
        &[
            "content/events/fehler.yaml:3:22: invalid repeat rule",
            "`2XY`",
        ],
    );
    event_error(
        "title: X\nstart: 2026-01-13 19:00\nrepeat: FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=30\n",
        &["fehler.yaml:3:9: the rule gives no date at all"],
    );
    event_error(
        "title: X\nstart: 2026-01-08 07:30\nrepeat: FREQ=WEEKLY\nexcept: [2026-01-09]\n",
        &[
            "fehler.yaml:4:10: 2026-01-09 is not an occurrence of this event (the nearest are 2026-01-08 and 2026-01-15)",
        ],
    );
    event_error(
        "title: X\nstart: 2026-01-08 07:30\nrepeat: FREQ=WEEKLY\nchanges:\n  2026-01-10:\n    note: x\n",
        &["fehler.yaml:5:3: 2026-01-10 is not an occurrence"],
    );
    event_error(
        "title: X\nstart: 2026-01-08 07:30\nrepeat: FREQ=WEEKLY\nchanges:\n  2026-01-08:\n    start: 2026-01-15 07:30\n",
        &[
            "fehler.yaml:5:3: the change of 2026-01-08 moves that occurrence onto another one on 2026-01-15",
        ],
    );
    event_error(
        "title: X\nstart: 2026-01-08 19:00\nend: \"18:00\"\n",
        &["fehler.yaml:3:6: the event ends before it starts"],
    );
    event_error(
        "title: X\nstart: 2026-01-08 19:00\nort: Halle\n",
        &[
            "fehler.yaml:3:1: unknown key `ort`",
            "= help: did you mean `location`? Keys are written in English",
        ],
    );
    event_error(
        "title: X\nstart: 2026-01-08 19:00\nstatus: abgesagt\n",
        &[
            "fehler.yaml:3:9: `status` is one of `confirmed`, `tentative`, `cancelled`, not `abgesagt`",
            "= help: did you mean `cancelled`?",
        ],
    );
    event_error(
        "title: X\nstart: 2026-01-08 19:00\nduration: lang\n",
        &["fehler.yaml:3:11: duration: `lang` is not a duration"],
    );
    event_error(
        "title: X\nstart: 8. Januar\n",
        &["fehler.yaml:2:8: start: `8. Januar` is not a date or time"],
    );
    event_error(
        "title: X\nstart: 2026-01-08 19:00\ntimezone: Europe/Munich\n",
        &["fehler.yaml:3:11: `Europe/Munich` is not a known time zone"],
    );
}

#[test]
fn a_post_naming_an_unknown_event_is_an_error() {
    calendar_site()
        .event("stammtisch", "title: S\nstart: 2026-01-13 19:00\n")
        .post(
            "x.md",
            "title: X\ndate: 2025-12-01\nevents: [stamtisch]",
            "x",
        )
        .problems()
        .reports("error: content/posts/x.md:4:9: there is no event `stamtisch`")
        .reports("known: stammtisch");
}

#[track_caller]
fn check_with_python(public: &std::path::Path) {
    let report = external(interop_python())
        .arg(repository().join("tests/interop/check_ics.py"))
        .arg(public)
        .succeeds();
    assert!(report.contains(" agree on "), "{report}");
    assert!(
        !report.contains("; 0 one-date calendars"),
        "the series' dates have calendars of their own: {report}"
    );
}

#[test]
#[ignore = "needs Python's icalendar and recurring-ical-events, which .ci/run installs before it runs this test"]
fn an_independent_implementation_expands_the_feeds_to_the_json() {
    let site = TestSite::fixture("calendar").now("2026-02-15T10:00:00Z");
    site.build(&[]).succeeds();
    check_with_python(&site.path().join("public"));

    let example = crate::support::temp_dir();
    let public = example.path().join("public");
    TestSite::example()
        .now("2026-11-21T08:00:00Z")
        .command(&["build", "--output"])
        .arg(&public)
        .run()
        .succeeds();
    check_with_python(&public);
}

#[test]
fn times_in_the_dst_gap_and_fold_follow_rfc_5545() {
    let site = calendar_site()
        .event(
            "fruehling",
            "title: F\nstart: 2026-03-28 02:30\nduration: 1h\nrepeat: FREQ=DAILY;COUNT=3\n",
        )
        .event(
            "herbst",
            "title: H\nstart: 2026-10-25 02:30\nduration: 1h\n",
        );
    let site = site.render();
    // 02:30 does not exist on 29 March: RFC 5545 reads it with the offset before the gap, and the
    // occurrence keeps its exact length (3.8.5.3). Python's recurring-ical-events adds lengths in
    // wall-clock time there, so this case stays out of the interop fixture.

    assert_eq!(
        starts(&site, "fruehling"),
        [
            "2026-03-28T02:30:00+01:00",
            "2026-03-29T03:30:00+02:00",
            "2026-03-30T02:30:00+02:00"
        ]
    );
    // 02:30 happens twice on 25 October: the first one counts.
    assert_eq!(starts(&site, "herbst"), ["2026-10-25T02:30:00+02:00"]);
}

#[test]
fn the_home_page_shows_the_next_date_of_each_event() {
    let site = calendar_site()
        .event(
            "woechentlich",
            "title: Wöchentlich\nstart: 2026-01-05 08:00\nrepeat: FREQ=WEEKLY\n",
        )
        .event("feier", "title: Feier\nstart: 2026-03-20 18:00\n");
    let site = site.render();
    let home = site.file("index.html");
    assert!(home.contains("datetime=\"2026-01-05T08:00:00+01:00\""));
    assert!(
        !home.contains("datetime=\"2026-01-12T08:00:00+01:00\""),
        "one date per event"
    );
    assert!(
        home.contains("datetime=\"2026-03-20T18:00:00+01:00\""),
        "the party is not crowded out"
    );
}

// Issue 10's classes, each with the example the issue gives: built on 2026-03-01 with the site in
// Europe/Berlin, three months back and twelve ahead (December 2025 through March 2027).

#[track_caller]
fn issue_site() -> TestSite {
    TestSite::empty().now("2026-03-01T00:00:00Z").write(
        "site.toml",
        "title = \"Kalender\"\nbase_url = \"https://kalender.example\"\nauthor = \"A\"\n\
         timezone = \"Europe/Berlin\"\n\
         [calendar]\npath = \"termine\"\nmonths_ahead = 12\nmonths_back = 3\n",
    )
}

/// The (start, end) of one event's occurrences in events.json.
#[track_caller]
fn spans(site: &Rendered, id: &str) -> Vec<(String, String)> {
    json(site)["occurrences"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["id"] == id)
        .map(|o| {
            (
                o["start"].as_str().unwrap().to_owned(),
                o["end"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn has_line(lines: &[String], expected: &str) -> bool {
    lines.iter().any(|line| line == expected)
}

#[test]
fn class_1_only_the_instance_in_the_gap_moves_and_dtstart_stays_as_written() {
    let site = issue_site().event(
        "luecke",
        "title: L\nstart: 2026-03-29 02:30\nduration: 1h\nrepeat: FREQ=WEEKLY;COUNT=3\n",
    );
    let site = site.render();
    assert_eq!(
        starts(&site, "luecke"),
        [
            "2026-03-29T03:30:00+02:00",
            "2026-04-05T02:30:00+02:00",
            "2026-04-12T02:30:00+02:00"
        ]
    );
    let lines = ics_lines(&site.file("termine/luecke.ics"));
    assert!(
        has_line(&lines, "DTSTART;TZID=Europe/Berlin:20260329T023000"),
        "{lines:?}"
    );
    // Programs disagree about the instant a time in the gap names; the length stays exact.
    assert!(has_line(&lines, "DURATION:PT1H"), "{lines:?}");
    assert!(!lines.iter().any(|l| l.starts_with("DTEND")), "{lines:?}");
}

#[test]
fn class_2_ends_in_the_second_half_of_a_fold_are_exact_in_the_feed() {
    let site = issue_site()
        .event("nacht", "title: N\nstart: 2026-10-24 23:00\nduration: 4h\n")
        .event(
            "falte",
            "title: F\nstart: 2026-10-25 02:30\nduration: 1h\nrepeat: FREQ=WEEKLY;COUNT=2\n",
        );
    let site = site.render();
    assert_eq!(
        spans(&site, "nacht"),
        [(
            "2026-10-24T23:00:00+02:00".to_owned(),
            "2026-10-25T02:00:00+01:00".to_owned()
        )]
    );
    // 02:00+01:00 is 01:00 UTC; written as local 02:00 it would be read as 02:00+02:00.
    let lines = ics_lines(&site.file("termine/nacht.ics"));
    assert!(has_line(&lines, "DTEND:20261025T010000Z"), "{lines:?}");
    let lines = ics_lines(&site.file("termine/falte.ics"));
    assert!(
        has_line(&lines, "DTSTART;TZID=Europe/Berlin:20261025T023000"),
        "{lines:?}"
    );
    assert!(has_line(&lines, "DTEND:20261025T013000Z"), "{lines:?}");
}

/// The VTIMEZONE of a feed, unfolded.
#[track_caller]
fn vtimezone_of(lines: &[String]) -> Vec<String> {
    let begin = lines.iter().position(|l| l == "BEGIN:VTIMEZONE").unwrap();
    let end = lines.iter().position(|l| l == "END:VTIMEZONE").unwrap();
    lines[begin..=end].to_vec()
}

#[test]
fn class_3_a_far_future_event_gets_daylight_saving_time() {
    let site = issue_site().event("fern", "title: F\nstart: 2030-05-16 12:15\n");
    let site = site.render();
    let zone = vtimezone_of(&ics_lines(&site.file("termine/fern.ics")));
    let daylight = zone
        .iter()
        .position(|l| l == "BEGIN:DAYLIGHT")
        .expect("a DAYLIGHT observance");
    assert_eq!(zone[daylight + 3], "TZOFFSETTO:+0200", "{zone:?}");
    assert!(
        zone[daylight + 1].as_str() <= "DTSTART:20300516T121500",
        "{zone:?}"
    );
}

#[test]
fn class_4_the_vtimezone_begins_at_or_before_the_earliest_instant() {
    let site = issue_site().event(
        "alt",
        "title: A\nstart: 1975-01-07 19:00\nrepeat: FREQ=MONTHLY\n",
    );
    let site = site.render();
    let zone = vtimezone_of(&ics_lines(&site.file("termine/alt.ics")));
    let first_start = zone.iter().find(|l| l.starts_with("DTSTART:")).unwrap();
    assert!(
        first_start.as_str() <= "DTSTART:19750107T190000",
        "{zone:?}"
    );
    // Berlin kept +01:00 from October 1949 to April 1980.
    let first = zone.iter().position(|l| l.starts_with("DTSTART:")).unwrap();
    assert_eq!(zone[first + 2], "TZOFFSETTO:+0100", "{zone:?}");
}

/// Every occurrence in events.json, as (event id, first local day).
#[track_caller]
fn json_days(site: &Rendered) -> Vec<(String, String)> {
    json(site)["occurrences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (
                o["id"].as_str().unwrap().to_owned(),
                o["start"].as_str().unwrap()[..10].to_owned(),
            )
        })
        .collect()
}

#[test]
fn classes_5_and_15_the_window_edges_are_local_days_in_every_output() {
    let site = issue_site()
        .event(
            "sydney",
            "title: S\nstart: 2027-03-30\ntimezone: Australia/Sydney\nrepeat: FREQ=DAILY;COUNT=3\n",
        )
        .event(
            "sydney-abend",
            "title: SA\nstart: 2027-03-31 23:00\nduration: 30m\ntimezone: Australia/Sydney\nrepeat: FREQ=DAILY;COUNT=2\n",
        )
        .event(
            "new-york",
            "title: NY\nstart: 2025-11-30\ntimezone: America/New_York\nrepeat: FREQ=DAILY;COUNT=2\n",
        );
    let site = site.render();
    let days = json_days(&site);
    let day = |id: &str, day: &str| (id.to_owned(), day.to_owned());
    // 1 April in Sydney is 31 March in Berlin, yet a day after the window's last one.
    assert!(days.contains(&day("sydney", "2027-03-30")), "{days:?}");
    assert!(days.contains(&day("sydney", "2027-03-31")), "{days:?}");
    assert!(!days.contains(&day("sydney", "2027-04-01")), "{days:?}");
    assert!(
        days.contains(&day("sydney-abend", "2027-03-31")),
        "{days:?}"
    );
    assert!(
        !days.contains(&day("sydney-abend", "2027-04-01")),
        "{days:?}"
    );
    // 30 November in New York overlaps 1 December in Berlin, yet lies before the window.
    assert!(!days.contains(&day("new-york", "2025-11-30")), "{days:?}");
    assert!(days.contains(&day("new-york", "2025-12-01")), "{days:?}");
    // Every occurrence of events.json is on its month's page.
    for (id, date) in &days {
        let page = site.file(&format!(
            "termine/{}/{}/index.html",
            &date[..4],
            &date[5..7]
        ));
        assert!(
            page.contains(&format!("termine/{id}/")),
            "{id} {date} is on no month page"
        );
    }
    // The JSON names the local days that decide, so a reader can tell why 30 March in Sydney is
    // listed although it lies before the window's `start` instant in Berlin.
    let json: serde_json::Value = serde_json::from_str(&site.file("events.json")).unwrap();
    assert_eq!(json["window"]["first_day"], "2025-12-01");
    assert_eq!(json["window"]["last_day"], "2027-03-31");
}

#[test]
fn class_6_except_on_a_single_event_removes_it_from_every_output() {
    let site = issue_site()
        .event(
            "einmal",
            "title: Einmal\nstart: 2026-05-05 19:00\nexcept: [2026-05-05]\n",
        )
        .event("andere", "title: Andere\nstart: 2026-05-06 19:00\n");
    let site = site.render();
    assert!(starts(&site, "einmal").is_empty());
    let lines = ics_lines(&site.file("termine/einmal.ics"));
    assert!(!has_line(&lines, "BEGIN:VEVENT"), "{lines:?}");
    let all = site.file("calendar.ics");
    assert!(!all.contains("UID:einmal@"), "{all}");
    assert!(all.contains("UID:andere@"), "{all}");
    assert!(
        !site
            .file("termine/2026/05/index.html")
            .contains("termine/einmal/")
    );
    // Its own page stays, so that posts' links lead somewhere, and says that nothing is planned.
    assert!(
        site.file("termine/einmal/index.html")
            .contains("Derzeit sind keine Termine geplant.")
    );
}

#[test]
fn class_7_changes_on_a_single_event_give_it_its_new_time_without_recurrence_id() {
    let site = issue_site().event(
        "einmal",
        "title: Einmal\nstart: 2026-05-05 19:00\nchanges:\n  2026-05-05:\n    start: 2026-05-06 20:00\n    title: Verschoben\n",
    );
    let site = site.render();
    assert_eq!(starts(&site, "einmal"), ["2026-05-06T20:00:00+02:00"]);
    let lines = ics_lines(&site.file("termine/einmal.ics"));
    assert_eq!(lines.iter().filter(|l| *l == "BEGIN:VEVENT").count(), 1);
    assert!(
        !lines.iter().any(|l| l.starts_with("RECURRENCE-ID")),
        "{lines:?}"
    );
    assert!(
        has_line(&lines, "DTSTART;TZID=Europe/Berlin:20260506T200000"),
        "{lines:?}"
    );
    assert!(
        has_line(&lines, "DTEND;TZID=Europe/Berlin:20260506T220000"),
        "{lines:?}"
    );
    assert!(has_line(&lines, "SUMMARY:Verschoben"), "{lines:?}");
}

#[track_caller]
fn issue_error(yaml: &str, expected: &[&str]) {
    refused(issue_site(), yaml, expected);
}

#[test]
fn class_8_a_time_in_changes_of_an_all_day_series_is_refused() {
    issue_error(
        "title: X\nstart: 2026-05-12\ntimezone: America/New_York\nrepeat: FREQ=WEEKLY\nchanges:\n  2026-05-19: {start: \"19:00\"}\n",
        &["fehler.yaml:6:3: the change of 2026-05-19 gives a time, but the event lasts whole days"],
    );
}

#[test]
fn classes_9_and_16_rules_rfc_5545_forbids_are_refused_at_the_part() {
    issue_error(
        "title: X\nstart: 2026-01-12 19:00\nrepeat: FREQ=WEEKLY;BYDAY=2MO\n",
        &[
            "fehler.yaml:3:21: invalid repeat rule: a numbered weekday such as `2MO` is not allowed outside MONTHLY and YEARLY rules",
        ],
    );
    issue_error(
        "title: X\nstart: 2026-01-12 19:00\nrepeat: FREQ=DAILY;COUNT=3;UNTIL=20260301\n",
        &["fehler.yaml:3:20: invalid repeat rule: a rule takes either COUNT or UNTIL, not both"],
    );
    issue_error(
        "title: X\nstart: 2026-01-12 19:00\nrepeat: FREQ=WEEKLY;BYWEEKDAY=MO\n",
        &[
            "fehler.yaml:3:21: invalid repeat rule: `BYWEEKDAY` is not a part of an RRULE; did you mean `BYDAY`?",
        ],
    );
    issue_error(
        "title: X\nstart: 2026-01-12 19:00\nrepeat: FREQ=MONTHLY;BYWEEKNO=3\n",
        &["fehler.yaml:3:22: invalid repeat rule: BYWEEKNO is only allowed with FREQ=YEARLY"],
    );
    issue_error(
        "title: X\nstart: 2026-01-12 19:00\nrepeat: FREQ=MONTHLY;BYSETPOS=1\n",
        &[
            "fehler.yaml:3:22: invalid repeat rule: BYSETPOS picks among the dates of another BYxxx part",
        ],
    );
    // What reaches the feed is the rule as Treffpunkt writes it.
    let site = issue_site().event(
        "klein",
        "title: K\nstart: 2026-01-13 19:00\nrepeat: \"rrule: byday = 2tu ; freq=monthly ;\"\n",
    );
    let site = site.render();
    let lines = ics_lines(&site.file("termine/klein.ics"));
    assert!(
        has_line(&lines, "RRULE:FREQ=MONTHLY;BYDAY=2TU"),
        "{lines:?}"
    );
}

#[test]
fn class_10_ordinals_up_to_five_monthly_and_53_yearly_are_valid() {
    let site = issue_site()
        .event(
            "fuenfter",
            "title: F\nstart: 2026-04-02 18:00\nrepeat: FREQ=MONTHLY;BYDAY=-5TH;COUNT=3\n",
        )
        .event(
            "montag",
            "title: M\nstart: 2029-01-01 09:00\nrepeat: FREQ=YEARLY;BYDAY=-53MO;COUNT=1\n",
        );
    let site = site.render();
    // Months with five Thursdays: April, July and October 2026.
    assert_eq!(
        starts(&site, "fuenfter"),
        [
            "2026-04-02T18:00:00+02:00",
            "2026-07-02T18:00:00+02:00",
            "2026-10-01T18:00:00+02:00"
        ]
    );
    let lines = ics_lines(&site.file("termine/montag.ics"));
    assert!(
        has_line(&lines, "RRULE:FREQ=YEARLY;COUNT=1;BYDAY=-53MO"),
        "{lines:?}"
    );
}

#[test]
fn class_11_times_that_meet_in_a_gap_count_once() {
    let site = issue_site().event(
        "doppelt",
        "title: D\nstart: 2026-03-28 02:30\nduration: 30m\nrepeat: FREQ=DAILY;BYHOUR=2,3;COUNT=6\n",
    );
    let site = site.render();
    assert_eq!(
        starts(&site, "doppelt"),
        [
            "2026-03-28T02:30:00+01:00",
            "2026-03-28T03:30:00+01:00",
            "2026-03-29T03:30:00+02:00",
            "2026-03-30T02:30:00+02:00",
            "2026-03-30T03:30:00+02:00"
        ]
    );
}

#[test]
fn classes_12_and_18_a_gap_instance_is_named_by_either_time_and_written_by_the_rules() {
    for written in ["2026-03-29 02:30", "2026-03-29 03:30"] {
        let site = issue_site().event(
            "luecke",
            &format!(
                "title: L\nstart: 2026-03-22 02:30\nduration: 1h\nrepeat: FREQ=WEEKLY;COUNT=3\nexcept: [\"{written}\"]\n"
            ),
        );
        let site = site.render();
        assert_eq!(
            starts(&site, "luecke"),
            ["2026-03-22T02:30:00+01:00", "2026-04-05T02:30:00+02:00"],
            "{written}"
        );
        let lines = ics_lines(&site.file("termine/luecke.ics"));
        assert!(
            has_line(&lines, "EXDATE;TZID=Europe/Berlin:20260329T023000"),
            "{written}: {lines:?}"
        );
    }
    let site = issue_site().event(
        "luecke",
        "title: L\nstart: 2026-03-22 02:30\nduration: 1h\nrepeat: FREQ=WEEKLY;COUNT=3\nchanges:\n  \"2026-03-29 03:30\": {title: Anders}\n",
    );
    let site = site.render();
    let lines = ics_lines(&site.file("termine/luecke.ics"));
    assert!(
        has_line(&lines, "RECURRENCE-ID;TZID=Europe/Berlin:20260329T023000"),
        "{lines:?}"
    );
    // The unmoved override starts where its RECURRENCE-ID says, with an exact length.
    let at = lines
        .iter()
        .position(|l| l.starts_with("RECURRENCE-ID"))
        .unwrap();
    assert_eq!(lines[at + 1], "DTSTART;TZID=Europe/Berlin:20260329T023000");
    assert_eq!(lines[at + 2], "DURATION:PT1H");
}

#[test]
fn class_13_a_start_that_is_no_occurrence_is_refused_naming_the_first_date() {
    issue_error(
        "title: X\nstart: 2026-01-07 19:00\nrepeat: FREQ=WEEKLY;BYDAY=MO;COUNT=3\n",
        &[
            "fehler.yaml:2:8: the start is not a date the rule gives: its first is 2026-01-12 19:00 (Monday)",
            "help: write `start: 2026-01-12 19:00`, or change the rule so that it gives the start",
        ],
    );
}

#[test]
fn class_14_parameter_values_are_escaped_and_no_control_character_reaches_a_feed() {
    let site = issue_site().event(
        "orga",
        "title: \"Titel\\u0007mit Glocke\"\nstart: 2026-05-05 19:00\norganizer: {name: \"Anna \\\"Nina\\\"\\nMüller\", email: anna@example.org}\n",
    );
    let site = site.render();
    let text = site.file("termine/orga.ics");
    assert!(
        !text
            .replace("\r\n", "")
            .chars()
            .any(|c| c.is_control() && c != '\t'),
        "a control character in the feed: {text:?}"
    );
    let lines = ics_lines(&text);
    assert!(
        has_line(
            &lines,
            "ORGANIZER;CN=\"Anna ^'Nina^'^nMüller\":mailto:anna@example.org"
        ),
        "{lines:?}"
    );
}

#[test]
fn class_17_an_open_ended_series_gets_zone_rules_that_continue() {
    let site = issue_site().event(
        "sydney",
        "title: S\nstart: 1996-01-04 19:00\ntimezone: Australia/Sydney\nrepeat: FREQ=WEEKLY\n",
    );
    let site = site.render();
    let zone = vtimezone_of(&ics_lines(&site.file("termine/sydney.ics")));
    // Since 2008: summer time from the first Sunday of October to the first Sunday of April.
    for rule in [
        "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=1SU",
        "RRULE:FREQ=YEARLY;BYMONTH=4;BYDAY=1SU",
    ] {
        assert!(has_line(&zone, rule), "{rule}: {zone:?}");
    }
    assert!(
        !zone
            .iter()
            .any(|l| l.contains("UNTIL") || l.starts_with("RDATE")),
        "{zone:?}"
    );
    let first_start = zone.iter().find(|l| l.starts_with("DTSTART:")).unwrap();
    assert!(
        first_start.as_str() <= "DTSTART:19960104T190000",
        "{zone:?}"
    );
}

#[test]
fn class_19_overflow_and_limits_are_plain_errors_or_no_limit_at_all() {
    // Issue 11 item 5: no duration may panic; beyond a year is refused.
    for duration in ["100000000d", "106751997300d", "9236854775807h"] {
        issue_error(
            &format!("title: X\nstart: 2026-01-12 19:00\nduration: {duration}\n"),
            &["fehler.yaml:3:11: duration: `", "is longer than a year"],
        );
    }
    issue_error(
        "title: X\nstart: 2026-01-12 19:00\nend: 2028-01-12 19:00\n",
        &["fehler.yaml:3:6: the event is longer than a year"],
    );
    issue_error(
        "title: X\nstart: 2026-01-12 19:00\nrepeat: FREQ=DAILY;UNTIL=20250101\n",
        &["fehler.yaml:3:20: invalid repeat rule: the rule ends (UNTIL) before the series starts"],
    );
    // A daily series since 1800 has every day of the window. (These long series are counted in
    // the model: rendering thousands of dates would test the pages, not the rule.)
    let days = issue_site()
        .event("alt", "title: A\nstart: 1800-01-01\nrepeat: FREQ=DAILY\n")
        .listed_starts("alt");
    assert_eq!(
        days.len(),
        31 + 365 + 90,
        "December 2025 through March 2027"
    );
    assert_eq!(days.last().unwrap(), "2027-03-31T00:00:00+02:00");
    // An hourly series over the whole window is shown; a minutely one would write hundreds of
    // thousands of rows (found by the long fuzz run: more than 1 GB) and is refused at the rule.
    let hourly = issue_site()
        .event(
            "stuendlich",
            "title: H\nstart: 2025-12-01 00:00\nduration: 30m\nrepeat: FREQ=HOURLY\n",
        )
        .listed_starts("stuendlich");
    // 486 days of 24 local hours, less the two hours the spring changes skip (2026 and 2027).
    assert_eq!(hourly.len(), 486 * 24 - 2);
    // Counted in a window of one month, March 2026: counting the dates of the issue's window
    // (638,100) takes seconds in a debug build. 31 days of 1,440 minutes, less the hour the
    // spring change skips.
    let march = TestSite::empty().now("2026-03-01T00:00:00Z").write(
        "site.toml",
        "title = \"Kalender\"\nbase_url = \"https://kalender.example\"\nauthor = \"A\"\n\
         timezone = \"Europe/Berlin\"\n[calendar]\nmonths_ahead = 0\nmonths_back = 0\n",
    );
    refused(
        march,
        "title: X\nstart: 2026-03-01 00:00\nduration: 1m\nrepeat: FREQ=MINUTELY;COUNT=999999999\n",
        &[&format!(
            "fehler.yaml:4:9: the rule gives {} dates within the calendar's window; a series may show at most 20000",
            31 * 1440 - 60
        )],
    );
}

/// The example's events and a weekly breakfast, in a site that shows `months_ahead` months.
fn example_events_with_a_weekly_series(months_ahead: u32) -> TestSite {
    let site = TestSite::empty()
        .now("2026-01-01T12:00:00Z")
        .write(
            "site.toml",
            &format!(
                "title = \"Kalender\"\nbase_url = \"https://kalender.example\"\nauthor = \"A\"\n\
                 language = \"de\"\ntimezone = \"Europe/Berlin\"\n\
                 [calendar]\npath = \"termine\"\nmonths_ahead = {months_ahead}\nmonths_back = 3\n"
            ),
        )
        .event(
            "wochenfruehstueck",
            "title: Wochenfrühstück\nstart: 2026-01-05 07:30\nduration: 90m\n\
             location: Café am Markt, Marktplatz 1, 80331 München\nrepeat: FREQ=WEEKLY;BYDAY=MO\n",
        )
        .event(
            "sommerfest",
            "title: Sommerfest\nstart: 2026-07-10 17:00\nduration: 5h\n",
        );
    for folder in ["content/events", "content/venues"] {
        crate::support::copy_tree(&repository().join(folder), &site.path().join(folder));
    }
    site
}

#[test]
fn the_calendar_index_shows_each_frequent_series_once_and_stays_short() {
    for months_ahead in [12, 60] {
        let site = example_events_with_a_weekly_series(months_ahead);
        let index = site.render().file("termine/index.html");
        assert!(
            index.len() < 30_000,
            "/termine/ has {} bytes with {months_ahead} months ahead",
            index.len()
        );
        // The weekly, the other weekly and the monthly series, each once with its next three
        // dates and a link to the series.
        for id in [
            "wochenfruehstueck",
            "fruehstuecksclub",
            "stammtisch-muenchen",
        ] {
            let title = format!(
                "class=\"series__title\"><a href=\"https://kalender.example/termine/{id}/\""
            );
            assert_eq!(
                crate::support::count(&index, &title),
                1,
                "{id} is listed once"
            );
        }
        assert_eq!(
            crate::support::count(
                &index,
                // Its event page or a date's page below it.
                "class=\"occurrence__title\"><a class=\"p-name u-url\" href=\"https://kalender.example/termine/wochenfruehstueck/"
            ),
            0,
            "no date of the weekly series is listed on its own"
        );
        for date in ["2026-01-05T07:30", "2026-01-12T07:30", "2026-01-19T07:30"] {
            assert!(
                index.contains(&format!("datetime=\"{date}")),
                "the next dates: {date}"
            );
        }
        assert!(
            !index.contains("datetime=\"2026-01-26T07:30"),
            "three dates, no more"
        );
        // A one-off event comes in full, in its month; so does the yearly party while the window
        // holds no more than three of its dates.
        let in_full = |id: &str| {
            index.contains(&format!(
                "class=\"occurrence__title\"><a class=\"p-name u-url\" href=\"https://kalender.example/termine/{id}/"
            ))
        };
        assert!(in_full("sommerfest"));
        assert_eq!(in_full("weihnachtsfeier"), months_ahead == 12);
    }
}

#[test]
fn the_event_page_puts_the_facts_first_and_names_a_place_only_where_it_differs() {
    let site = calendar_site().event(
        "stammtisch",
        "title: Stammtisch\nstart: 2026-01-13 19:00\nduration: 3h\nlocation: Wirtshaus am Markt\n\
         description: Wer kommt, ist da.\nrepeat: FREQ=MONTHLY;BYDAY=2TU\n\
         changes:\n  2026-02-10:\n    location: Biergarten am See\n",
    );
    let html = site.render().file("termine/stammtisch/index.html");
    // The page's body: the head's structured data repeats the description.
    let page = &html[html.find("<body").expect("a body")..];
    let at = |needle: &str| {
        page.find(needle)
            .unwrap_or_else(|| panic!("{needle} is on the page"))
    };
    // When, the next date, where, then the buttons, and only then the description and the dates.
    assert!(at("class=\"event__facts\"") < at("class=\"feed-links\""));
    assert!(at("class=\"feed-links\"") < at("Wer kommt, ist da."));
    assert!(at("Wer kommt, ist da.") < at("class=\"date-rows\""));
    let facts = &page[at("class=\"event__facts\"")..at("class=\"feed-links\"")];
    assert!(
        facts.contains("datetime=\"2026-01-13T19:00:00+01:00\""),
        "the next date"
    );
    assert!(facts.contains("Wirtshaus am Markt"));
    let dates = &page[at("class=\"date-rows\"")..];
    assert_eq!(
        crate::support::count(dates, "class=\"date-row "),
        10,
        "ten dates, one row each"
    );
    // Shown, that is: each row names it for microformats readers in a `data` element.
    assert!(
        !dates.contains(">Wirtshaus am Markt<"),
        "the series' place is not repeated"
    );
    assert_eq!(
        crate::support::count(dates, "Biergarten am See"),
        1,
        "the other place is named"
    );
}

#[test]
fn each_dot_of_the_month_grid_leads_to_its_date_in_the_list_which_a_legend_explains() {
    let site = calendar_site().event(
        "stammtisch",
        "title: Stammtisch\nstart: 2026-01-13 19:00\nduration: 3h\nrepeat: FREQ=WEEKLY;BYDAY=TU\n\
         changes:\n  2026-01-20:\n    status: cancelled\n",
    );
    let january = site.render().file("termine/2026/01/index.html");
    let dots: Vec<&str> = january
        .split("class=\"month__dot\" href=\"#")
        .skip(1)
        .map(|rest| &rest[..rest.find('"').unwrap()])
        .collect();
    assert_eq!(dots.len(), 3, "13, 20 and 27 January");
    for id in &dots {
        assert_eq!(
            crate::support::count(&january, &format!("id=\"{id}\"")),
            1,
            "the dot's date {id} is in the list once"
        );
    }
    assert!(january.contains("class=\"month-legend\""));
}

#[test]
fn the_phone_menu_needs_no_script_and_the_home_page_does_not_repeat_the_title() {
    let site = calendar_site();
    let home = site.render().file("index.html");
    let menu = &home[home
        .find("<details class=\"site-nav__menu\">")
        .expect("a menu")..];
    let menu = &menu[..menu.find("</details>").unwrap()];
    assert!(menu.contains("<summary"));
    assert!(
        menu.contains("https://kalender.example/termine/"),
        "the links are in it"
    );
    assert_eq!(
        crate::support::count(&home, "<h1 class=\"visually-hidden\">Kalender</h1>"),
        1,
        "the heading is there for screen readers only: the header shows the title"
    );
}

/// The `recurrence_text` of each event in events.json, by id; one text per event.
fn recurrence_texts(site: &Rendered) -> Vec<(String, String)> {
    let mut texts: Vec<(String, String)> = json(site)["occurrences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (
                o["id"].as_str().unwrap().to_owned(),
                o["recurrence_text"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    texts.sort();
    texts.dedup();
    texts
}

/// The first term and its description among an event page's facts.
fn first_fact(page: &str) -> (&str, &str) {
    let facts = page.split("class=\"event__facts\"").nth(1).unwrap();
    let inner = |tag: &str| {
        let open = facts.find(&format!("<{tag}")).unwrap();
        let text = &facts[open..];
        let start = text.find('>').unwrap() + 1;
        let end = text.find(&format!("</{tag}>")).unwrap();
        text[start..end].trim()
    };
    (inner("dt"), inner("dd"))
}

#[test]
fn events_json_and_the_event_page_say_when_in_words() {
    let events = |site: TestSite| {
        site.event(
            "fruehstueck",
            "title: Frühstück\nstart: 2026-01-08 07:30\nduration: 90m\nrepeat: FREQ=WEEKLY;BYDAY=TH\n\
             except: [2026-08-06, 2026-08-13]\n",
        )
        .event(
            "stammtisch",
            "title: Stammtisch\nstart: 2025-11-11 19:00\nduration: 3h\nrepeat: FREQ=MONTHLY;BYDAY=2TU\n",
        )
        .event(
            "vortrag",
            "title: Vortrag\nstart: 2026-10-08 19:00\nend: \"22:00\"\n",
        )
    };
    let site = events(calendar_site()).render();
    assert_eq!(
        recurrence_texts(&site),
        [
            (
                "fruehstueck".to_owned(),
                "jeden Donnerstag, 7:30–9:00 Uhr (außer 6. August, 13. August)".to_owned()
            ),
            (
                "stammtisch".to_owned(),
                "jeden zweiten Dienstag im Monat, 19:00–22:00 Uhr".to_owned()
            ),
            (
                "vortrag".to_owned(),
                "Donnerstag, 8. Oktober 2026, 19:00–22:00 Uhr".to_owned()
            ),
        ]
    );
    let page = site.file("termine/stammtisch/index.html");
    assert_eq!(
        first_fact(&page),
        ("Wann", "jeden zweiten Dienstag im Monat, 19:00–22:00 Uhr"),
        "the text heads the facts"
    );

    let english = events(TestSite::empty().now("2026-01-01T12:00:00Z").write(
        "site.toml",
        "title = \"Calendar\"\nbase_url = \"https://calendar.example\"\nauthor = \"A\"\nlanguage = \"en\"\n\
         [calendar]\npath = \"events\"\nmonths_ahead = 11\nmonths_back = 0\n",
    ))
    .render();
    let page = english.file("events/stammtisch/index.html");
    assert_eq!(
        first_fact(&page),
        (
            "When",
            "on the second Tuesday of every month, 7:00–10:00 PM"
        )
    );
    assert!(
        english
            .file("events.json")
            .contains("\"recurrence_text\": \"Thursday, October 8, 2026, 7:00–10:00 PM\"")
    );
}
