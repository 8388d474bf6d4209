//! Structured places, venues and registration: what the feeds, `events.json`, the event page
//! and `check` make of them.

use serde_json::Value;

use crate::calendar::ics_lines;
use crate::support::{Rendered, TestSite};

/// The clock of these tests: before the golf series' registration deadlines.
const JANUARY: &str = "2026-01-01T12:00:00Z";

fn site() -> TestSite {
    TestSite::empty().now(JANUARY)
        .write(
            "site.toml",
            "title = \"Verein\"\nbase_url = \"https://verein.example\"\nauthor = \"A\"\n\
             [calendar]\npath = \"termine\"\nmonths_ahead = 11\nmonths_back = 0\n",
        )
        .write(
            "content/venues/wirtshaus.yaml",
            "name: Wirtshaus am Viktualienmarkt\nstreet: Prälat-Zistl-Straße 6\npostal_code: \"80331\"\ncity: München\ngeo: [48.1351, 11.5763]\n",
        )
}

fn occurrences(rendered: &Rendered) -> Vec<Value> {
    rendered.json("events.json")["occurrences"]
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn a_venue_with_overrides_reaches_the_feed_events_json_and_the_page() {
    let site = site().event(
        "stammtisch",
        "title: Stammtisch\nstart: 2026-01-13 19:00\nrepeat: FREQ=MONTHLY;BYDAY=2TU\nvenue: wirtshaus\nlocation:\n  name: Wirtshaus am Viktualienmarkt, Nebenzimmer\nchanges:\n  2026-02-10:\n    location: Rathaus, Marienplatz 8, München\n",
    );
    let out = site.render();
    let lines = ics_lines(&out.file("calendar.ics"));
    let locations: Vec<&str> = lines
        .iter()
        .filter(|line| line.starts_with("LOCATION:"))
        .map(String::as_str)
        .collect();
    assert_eq!(
        locations,
        [
            "LOCATION:Wirtshaus am Viktualienmarkt\\, Nebenzimmer\\, Prälat-Zistl-Straße 6\\, 80331 München",
            "LOCATION:Rathaus\\, Marienplatz 8\\, München",
        ]
    );
    assert!(lines.iter().any(|line| line == "GEO:48.1351;11.5763"));

    let all = occurrences(&out);
    assert_eq!(
        all[0]["location"],
        "Wirtshaus am Viktualienmarkt, Nebenzimmer, Prälat-Zistl-Straße 6, 80331 München"
    );
    let place = &all[0]["place"];
    assert_eq!(place["name"], "Wirtshaus am Viktualienmarkt, Nebenzimmer");
    assert_eq!(place["street"], "Prälat-Zistl-Straße 6");
    assert_eq!(place["postal_code"], "80331");
    assert_eq!(place["city"], "München");
    assert_eq!(place["country"], "DE");
    assert_eq!(place["region"], Value::Null);
    assert_eq!(place["has_address"], true);
    assert_eq!(place["geo"]["lat"], 48.1351);
    // A change written as one line is a place without an address.
    assert_eq!(all[1]["place"]["name"], "Rathaus, Marienplatz 8, München");
    assert_eq!(all[1]["place"]["street"], Value::Null);
    assert_eq!(all[1]["place"]["country"], Value::Null);

    let page = out.file("termine/stammtisch/index.html");
    assert!(
        page.contains(
            "Wirtshaus am Viktualienmarkt, Nebenzimmer, Prälat-Zistl-Straße 6, 80331 München"
        ),
        "{page}"
    );
    assert!(page.contains("https://www.openstreetmap.org/?mlat=48.1351&amp;mlon=11.5763"));
}

#[test]
fn without_geo_the_map_searches_the_address() {
    let site = site().event(
        "golf",
        "title: Golf\nstart: 2026-04-03 14:00\nlocation:\n  name: Golfanlage Nord\n  street: Am Golfplatz 1\n  postal_code: \"85716\"\n  city: Unterschleißheim\n",
    );
    let out = site.render();
    let page = out.file("termine/golf/index.html");
    assert!(
        page.contains("https://www.openstreetmap.org/search?query=Am%20Golfplatz%201%2C%2085716%20Unterschlei%C3%9Fheim"),
        "{page}"
    );
}

const GOLF: &str = "title: Golf\nstart: 2026-01-16 14:00\nlocation: {name: Golfanlage Nord, street: Am Golfplatz 1, city: Unterschleißheim}\nregistration:\n  email: golf@example.org\n  deadline: 2d\n  price: 25\n";

#[test]
fn registration_by_email_is_open_before_the_deadline() {
    let site = site().event("golf", GOLF);
    let out = site.render();
    let page = out.file("termine/golf/index.html");
    assert!(
        page.contains("data-closes=\"2026-01-14T14:00:00+01:00\""),
        "{page}"
    );
    assert!(page.contains("Freitag, 16. Januar 2026 · Preis: 25 EUR"));
    assert!(page.contains("Anmeldung bis Mittwoch, 14. Januar 2026, 14:00 Uhr"));
    assert!(page.contains(
        "href=\"mailto:golf@example.org?subject=Anmeldung%3A%20Golf%20am%20Freitag%2C%2016%2E%20Januar%202026&amp;body=Guten%20Tag%2C%0D%0A%0D%0Ahiermit%20melde%20ich%20mich%20f%C3%BCr%20%E2%80%9EGolf%E2%80%9C%20am%20Freitag%2C%2016%2E%20Januar%202026%20an%2E%0D%0A%0D%0AName%3A%0D%0AFirma%3A"
    ));
    assert!(page.contains(">Per E-Mail anmelden</a>"));
    // Only the script shows it, once the deadline has passed in the reader's browser.
    assert!(page.contains("<p data-when-closed hidden>Anmeldung geschlossen</p>"));
    let registration = &occurrences(&out)[0]["registration"];
    assert_eq!(
        registration,
        &serde_json::json!({
            "state": "open",
            "url": null,
            "email": "golf@example.org",
            "deadline": "2026-01-14T14:00:00+01:00",
            "closes": "2026-01-14T14:00:00+01:00",
            "full": false,
            "price": 25,
            "currency": "EUR",
        })
    );
}

#[test]
fn registration_is_closed_after_the_deadline() {
    let site = site().now("2026-01-15T12:00:00Z").event("golf", GOLF);
    let out = site.render();
    let page = out.file("termine/golf/index.html");
    assert!(!page.contains("data-closes"), "{page}");
    assert!(!page.contains("mailto:golf@example.org?"));
    assert!(page.contains("<p>Anmeldung geschlossen</p>"));
    assert_eq!(occurrences(&out)[0]["registration"]["state"], "closed");
}

#[test]
fn a_full_date_is_booked_out_and_the_others_stay_open() {
    let site = site().event(
        "konferenz",
        "title: Konferenz\nstart: 2026-03-12\nrepeat: FREQ=MONTHLY;COUNT=3\nlocation: Kongresszentrum\nregistration:\n  url: https://example.org/tickets\n  price: 189.50\n  currency: eur\nchanges:\n  2026-03-12:\n    registration: {full: true}\n",
    );
    let out = site.render();
    let states: Vec<(Value, Value)> = occurrences(&out)
        .iter()
        .map(|o| {
            (
                o["registration"]["state"].clone(),
                o["registration"]["full"].clone(),
            )
        })
        .collect();
    assert_eq!(
        states,
        [
            ("full".into(), true.into()),
            ("open".into(), false.into()),
            ("open".into(), false.into())
        ]
    );
    let first = &occurrences(&out)[0]["registration"];
    assert_eq!(
        (&first["price"], &first["currency"], &first["url"]),
        (
            &189.5.into(),
            &"EUR".into(),
            &"https://example.org/tickets".into()
        )
    );
    let page = out.file("termine/konferenz/index.html");
    assert!(page.contains("Preis: 189,50 EUR"), "{page}");
    assert!(page.contains("Ausgebucht"));
    // No link to sign up for the next date (the structured data still names the ticket page as
    // the offer of the dates that are open).
    assert!(!page.contains("href=\"https://example.org/tickets\""));
}

#[test]
fn english_sites_word_the_registration_in_english() {
    let site = site()
        .write(
            "site.toml",
            "title = \"Club\"\nbase_url = \"https://club.example\"\nauthor = \"A\"\nlanguage = \"en\"\n\
             [calendar]\npath = \"events\"\nmonths_ahead = 11\nmonths_back = 0\n",
        )
        .event("golf", GOLF);
    let out = site.render();
    let page = out.file("events/golf/index.html");
    assert!(
        page.contains("Register by Wednesday, January 14, 2026, 2:00 PM"),
        "{page}"
    );
    assert!(page.contains("Price: EUR 25"));
    assert!(
        page.contains("subject=Registration%3A%20Golf%20on%20Friday%2C%20January%2016%2C%202026")
    );
    // English is spoken in many countries: an address gets no country unless written.
    assert_eq!(occurrences(&out)[0]["place"]["country"], Value::Null);
}

#[test]
fn check_warns_of_an_event_without_an_address_and_still_succeeds() {
    let site = site()
        .event(
            "ohne",
            "title: Ohne Adresse\nstart: 2026-03-12 19:00\nlocation: Wirtshaus\n",
        )
        .event(
            "online",
            "title: Online\nstart: 2026-03-12 19:00\nonline: https://meet.example/verein\n",
        )
        .event(
            "mit",
            "title: Mit Adresse\nstart: 2026-03-12 19:00\nvenue: wirtshaus\n",
        );
    let run = site.run(&["check"]).succeeds();
    assert_eq!(
        run.stderr.lines().next(),
        Some(
            "warning: content/events/ohne.yaml:3:11: this event has no address (a street and a city) and is not online, so search engines will not list it"
        )
    );
    assert_eq!(run.stderr.matches("warning:").count(), 1, "{}", run.stderr);
    assert_eq!(
        run.stdout.trim(),
        "No problems found, but 1 warning to look at."
    );
    let json: Value =
        serde_json::from_str(&site.run(&["check", "--format", "json"]).succeeds().stdout).unwrap();
    assert_eq!(json["ok"], true);
    assert_eq!(json["warnings"][0]["file"], "content/events/ohne.yaml");
    assert_eq!(json["warnings"][0]["line"], 3);
}

#[test]
fn the_preview_renders_an_event_again_when_its_venue_changes() {
    let site = site().event(
        "stammtisch",
        "title: Stammtisch\nstart: 2026-01-13 19:00\nvenue: wirtshaus\n",
    );
    let preview = site.serve(&[]);
    let page = "/termine/stammtisch/";
    assert!(preview.get(page).text().contains("Prälat-Zistl-Straße 6"));
    let mut events = preview.events();
    let wait = std::time::Duration::from_secs(10);
    let before = events.next(wait)["pages_generation"].as_u64().unwrap();
    site.put(
        "content/venues/wirtshaus.yaml",
        "name: Wirtshaus am Viktualienmarkt\nstreet: Viktualienmarkt 3\npostal_code: \"80331\"\ncity: München\n",
    );
    events.until(wait, |state| {
        state["pages_generation"].as_u64().unwrap() > before
    });
    let text = preview.get(page).text();
    assert!(text.contains("Viktualienmarkt 3, 80331 München"), "{text}");
    assert!(!text.contains("Prälat-Zistl-Straße 6"));
}
