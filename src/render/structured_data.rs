//! schema.org JSON-LD for search engines: `Event`s of event pages, `BlogPosting`, `WebSite`,
//! `Organization` and `BreadcrumbList`, as typed values serialised into one `@graph` that is safe
//! inside a `<script>` element.

use chrono::SecondsFormat;
use serde::Serialize;

use crate::load::config::SiteConfig;
use crate::load::content::Post;
use crate::model::calendar::event::{Event, Occurrence, Status};
use crate::model::calendar::registration::{OccurrenceRegistration, Price, Signup};
use crate::model::calendar::venue::Place;
use crate::model::calendar::when::When;
use crate::model::routes::{self, TaxonomyKind};

/// The schema.org vocabulary, as every node's `@type` and every enumeration value is read.
const SCHEMA: &str = "https://schema.org";

/// The JSON-LD of one page.
#[derive(Serialize)]
pub struct Graph {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@graph")]
    nodes: Vec<Node>,
}

impl Graph {
    pub fn new(nodes: Vec<Node>) -> Graph {
        Graph {
            context: SCHEMA,
            nodes,
        }
    }

    /// The JSON text to place inside `<script type="application/ld+json">`: `<`, `>` and `&`
    /// are written as `\u003c` etc., which JSON reads as the same characters, so no text
    /// (an event titled `</script>`) can end the element or open a comment.
    pub fn to_script_text(&self) -> String {
        let json = serde_json::to_string(self).unwrap_or_else(|_| "{}".to_owned());
        let mut out = String::with_capacity(json.len());
        for c in json.chars() {
            match c {
                '<' => out.push_str("\\u003c"),
                '>' => out.push_str("\\u003e"),
                '&' => out.push_str("\\u0026"),
                c => out.push(c),
            }
        }
        out
    }
}

/// A schema.org thing on a page.
#[derive(Serialize)]
#[serde(tag = "@type")]
pub enum Node {
    Event(Box<EventNode>),
    BlogPosting(Box<BlogPosting>),
    WebSite(WebSite),
    Organization(Organization),
    BreadcrumbList(BreadcrumbList),
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EventNode {
    name: String,
    start_date: String,
    end_date: String,
    event_status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    previous_start_date: Option<String>,
    event_attendance_mode: String,
    location: Vec<Location>,
    #[serde(skip_serializing_if = "Option::is_none")]
    organizer: Option<Organization>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    url: String,
    in_language: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    offers: Option<Offer>,
}

#[derive(Serialize)]
#[serde(tag = "@type")]
pub enum Location {
    Place {
        name: String,
        address: Address,
        #[serde(skip_serializing_if = "Option::is_none")]
        geo: Option<GeoCoordinates>,
        #[serde(skip_serializing_if = "Option::is_none")]
        url: Option<String>,
    },
    VirtualLocation {
        url: String,
    },
}

/// A place's address: its parts when it has them, else the line it was written as.
#[derive(Serialize)]
#[serde(untagged)]
pub enum Address {
    Line(String),
    Postal(PostalAddress),
}

#[derive(Serialize)]
#[serde(tag = "@type", rename_all = "camelCase")]
pub struct PostalAddress {
    #[serde(skip_serializing_if = "Option::is_none")]
    street_address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    postal_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    address_locality: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    address_region: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    address_country: Option<String>,
}

/// How to sign up for one date.
#[derive(Serialize)]
#[serde(tag = "@type", rename_all = "camelCase")]
pub struct Offer {
    url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    price: Option<Price>,
    #[serde(skip_serializing_if = "Option::is_none")]
    price_currency: Option<String>,
    availability: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    valid_through: Option<String>,
}

#[derive(Serialize)]
#[serde(tag = "@type")]
pub struct GeoCoordinates {
    latitude: f64,
    longitude: f64,
}

#[derive(Serialize)]
#[serde(tag = "@type")]
pub struct Organization {
    #[serde(rename = "@id", skip_serializing_if = "Option::is_none")]
    id: Option<String>,
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<String>,
}

#[derive(Serialize)]
#[serde(tag = "@type")]
pub struct Person {
    name: String,
    url: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BlogPosting {
    headline: String,
    date_published: String,
    date_modified: String,
    author: Person,
    publisher: Organization,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<String>,
    url: String,
    main_entity_of_page: String,
    in_language: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WebSite {
    #[serde(rename = "@id")]
    id: String,
    name: String,
    url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    in_language: String,
    publisher: Organization,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BreadcrumbList {
    item_list_element: Vec<ListItem>,
}

#[derive(Serialize)]
#[serde(tag = "@type")]
pub struct ListItem {
    position: usize,
    name: String,
    item: String,
}

/// The trail from the home page to a page: names with their absolute addresses.
pub fn breadcrumbs(crumbs: Vec<(String, String)>) -> Node {
    Node::BreadcrumbList(BreadcrumbList {
        item_list_element: crumbs
            .into_iter()
            .enumerate()
            .map(|(index, (name, item))| ListItem {
                position: index + 1,
                name,
                item,
            })
            .collect(),
    })
}

/// The site's publisher: the site itself, named by its title.
fn site_organization(config: &SiteConfig, image: Option<&str>, full: bool) -> Organization {
    let home = config.base_url.join(routes::HOME);
    Organization {
        id: Some(format!("{home}#organization")),
        name: config.title.clone(),
        url: Some(home),
        email: None,
        description: (full && !config.description.is_empty()).then(|| config.description.clone()),
        image: image.filter(|_| full).map(str::to_owned),
    }
}

/// The home page's `WebSite` and `Organization`; `image` is the site's share image.
pub fn home(config: &SiteConfig, image: Option<&str>) -> Vec<Node> {
    let home = config.base_url.join(routes::HOME);
    vec![
        Node::WebSite(WebSite {
            id: format!("{home}#website"),
            name: config.title.clone(),
            url: home,
            description: (!config.description.is_empty()).then(|| config.description.clone()),
            in_language: config.language.clone(),
            publisher: site_organization(config, None, false),
        }),
        Node::Organization(site_organization(config, image, true)),
    ]
}

/// A post as a `BlogPosting`; `description` is its summary, `image` its share image.
pub fn blog_posting(
    config: &SiteConfig,
    post: &Post,
    description: Option<&str>,
    image: Option<&str>,
) -> Node {
    let url = config.base_url.join(&routes::post(config, &post.slug));
    let author_url = crate::model::slug::Slug::from_text(&post.author)
        .map(|slug| {
            config
                .base_url
                .join(&TaxonomyKind::Authors.term_path(&slug))
        })
        .unwrap_or_else(|| config.base_url.join(routes::HOME));
    let published = post.date.to_rfc3339_opts(SecondsFormat::Secs, false);
    Node::BlogPosting(Box::new(BlogPosting {
        headline: post.title.clone(),
        date_modified: post.updated.map_or_else(
            || published.clone(),
            |updated| updated.to_rfc3339_opts(SecondsFormat::Secs, false),
        ),
        date_published: published,
        author: Person {
            name: post.author.clone(),
            url: author_url,
        },
        publisher: site_organization(config, None, false),
        description: description.map(str::to_owned),
        image: image.map(str::to_owned),
        main_entity_of_page: url.clone(),
        url,
        in_language: config.language.clone(),
    }))
}

/// What an `Event` node of one occurrence is made of besides the occurrence.
pub struct EventPage<'a> {
    pub config: &'a SiteConfig,
    pub event: &'a Event,
    /// The page the occurrence is shown on.
    pub url: String,
    pub image: Option<&'a str>,
}

/// One occurrence as an `Event`: its own times, status and place.
pub fn event(page: &EventPage, occurrence: &Occurrence) -> Node {
    let event = page.event;
    let cancelled = occurrence.status == Status::Cancelled;
    let (status, previous_start) = if cancelled {
        ("EventCancelled", None)
    } else if occurrence.moved() {
        (
            "EventRescheduled",
            Some(date_value(occurrence.original, event.zone)),
        )
    } else {
        ("EventScheduled", None)
    };
    let mut location = Vec::new();
    if let Some(place) = occurrence.place.as_deref() {
        // The coordinates belong to the series' place, not to a place a change names.
        let geo = (event.place.as_deref() == Some(place))
            .then_some(event.geo)
            .flatten();
        location.push(place_node(place, geo));
    }
    if let Some(url) = &event.online {
        location.push(Location::VirtualLocation { url: url.clone() });
    }
    let mode = match (occurrence.place.is_some(), event.online.is_some()) {
        (true, true) => "MixedEventAttendanceMode",
        (false, true) => "OnlineEventAttendanceMode",
        _ => "OfflineEventAttendanceMode",
    };
    let description = [
        Some(event.description_text.as_str()),
        occurrence.summary.as_deref(),
        event.summary.as_deref(),
    ]
    .into_iter()
    .flatten()
    .find(|text| !text.trim().is_empty());
    Node::Event(Box::new(EventNode {
        name: occurrence.title.clone(),
        start_date: date_value(occurrence.start, event.zone),
        end_date: end_date_value(occurrence, event.zone),
        event_status: format!("{SCHEMA}/{status}"),
        previous_start_date: previous_start,
        event_attendance_mode: format!("{SCHEMA}/{mode}"),
        location,
        organizer: event.organizer.as_ref().map(|organizer| Organization {
            id: None,
            name: organizer.name.clone(),
            url: None,
            email: organizer.email.clone(),
            description: None,
            image: None,
        }),
        description: description.map(str::to_owned),
        url: page.url.clone(),
        in_language: page.config.language.clone(),
        image: page.image.map(str::to_owned),
        offers: occurrence
            .registration
            .as_ref()
            .map(|registration| offer(registration, &page.url, event.zone)),
    }))
}

/// A place with its address in parts when it has them (a place written as one line is its own
/// name and address).
fn place_node(place: &Place, geo: Option<(f64, f64)>) -> Location {
    let parts = [
        &place.street,
        &place.postal_code,
        &place.city,
        &place.region,
    ];
    let address = if parts.iter().any(|part| part.is_some()) {
        Address::Postal(PostalAddress {
            street_address: place.street.clone(),
            postal_code: place.postal_code.clone(),
            address_locality: place.city.clone(),
            address_region: place.region.clone(),
            address_country: place.country.map(|country| country.as_str().to_owned()),
        })
    } else {
        Address::Line(place.line().to_owned())
    };
    Location::Place {
        name: place
            .name
            .clone()
            .unwrap_or_else(|| place.line().to_owned()),
        address,
        geo: geo.map(|(latitude, longitude)| GeoCoordinates {
            latitude,
            longitude,
        }),
        url: place.url.clone(),
    }
}

/// The registration for a date: where to sign up (the page that says how, for sign-up by
/// e-mail), the price, whether places are left, and until when.
fn offer(registration: &OccurrenceRegistration, page_url: &str, zone: chrono_tz::Tz) -> Offer {
    let terms = &registration.terms;
    let availability = if terms.full { "SoldOut" } else { "InStock" };
    Offer {
        url: match &terms.signup {
            Signup::Url(url) => url.clone(),
            Signup::Email(_) => page_url.to_owned(),
        },
        price: terms.price,
        price_currency: terms.price.map(|price| price.currency.as_str().to_owned()),
        availability: format!("{SCHEMA}/{availability}"),
        valid_through: registration.deadline().map(|deadline| {
            deadline
                .with_timezone(&zone)
                .to_rfc3339_opts(SecondsFormat::Secs, false)
        }),
    }
}

/// A start as schema.org reads it: a date and time with its offset, or the day alone.
fn date_value(when: When, zone: chrono_tz::Tz) -> String {
    match when {
        When::Timed(moment) => moment
            .with_timezone(&zone)
            .to_rfc3339_opts(SecondsFormat::Secs, false),
        When::AllDay(day) => day.format("%Y-%m-%d").to_string(),
    }
}

/// An end as schema.org reads it: all-day ends name the last day, where iCalendar names the
/// day after.
fn end_date_value(occurrence: &Occurrence, zone: chrono_tz::Tz) -> String {
    match occurrence.end {
        When::AllDay(_) => occurrence.last_day().format("%Y-%m-%d").to_string(),
        timed => date_value(timed, zone),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    use crate::model::calendar::code::{Country, Currency};
    use crate::model::calendar::event::Organizer;
    use crate::model::calendar::registration::{Deadline, Registration};
    use crate::model::calendar::venue::{RawLocation, RawPlace};
    use crate::model::calendar::when::Length;

    /// `registration:` for the occurrence starting at `start`.
    fn registration(terms: Registration, start: When) -> Option<OccurrenceRegistration> {
        let When::Timed(start) = start else {
            unreachable!("the tests' registrations are for timed dates")
        };
        Some(OccurrenceRegistration::new(Arc::new(terms), start))
    }
    use chrono::TimeZone;

    fn config() -> SiteConfig {
        crate::load::config::parse(
            "title = \"Treffpunkt\"\nbase_url = \"https://example.org\"\nauthor = \"A\"\n",
            None,
        )
        .unwrap()
    }

    fn at(zone: chrono_tz::Tz, y: i32, m: u32, d: u32, h: u32) -> When {
        When::Timed(zone.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap())
    }

    /// `location: {name: Wirtshaus, street: Markt 1, postal_code: "80331", city: München}` on a
    /// German site.
    fn wirtshaus() -> Arc<Place> {
        let parts = RawPlace {
            name: Some("Wirtshaus".into()),
            street: Some("Markt 1".into()),
            postal_code: Some("80331".into()),
            city: Some("München".into()),
            ..RawPlace::default()
        };
        let germany = Country::parse("DE").ok();
        Arc::new(Place::new(Some(&RawLocation::Parts(parts)), None, germany).unwrap())
    }

    /// The model of `title: Stammtisch`, `start: 2026-11-10 19:00`, `duration: 3h`, the place
    /// above, `geo: [48.1, 11.5]`, with one occurrence.
    fn stammtisch(occurrence: Occurrence) -> Event {
        let zone = chrono_tz::Europe::Berlin;
        Event {
            id: crate::model::slug::Slug::from_text("stammtisch").unwrap(),
            source: "content/events/stammtisch.yaml".into(),
            title: "Stammtisch".into(),
            summary: None,
            description_html: "<p>Wer kommt, ist da.</p>\n".into(),
            pictures: Default::default(),
            picture_places: Vec::new(),
            image_warnings: Vec::new(),
            description_text: "Wer kommt, ist da.".into(),
            start: occurrence.original,
            written_start: crate::model::calendar::recurrence::FirstStart::Timed(
                chrono::NaiveDate::from_ymd_opt(2026, 11, 10)
                    .unwrap()
                    .and_hms_opt(19, 0, 0)
                    .unwrap(),
            ),
            length: crate::model::calendar::when::Length(chrono::Duration::hours(3)),
            zone,
            place: Some(wirtshaus()),
            geo: Some((48.1, 11.5)),
            online: None,
            url: None,
            organizer: Some(Organizer {
                name: "Verein".into(),
                email: Some("v@example.org".into()),
            }),
            image: None,
            categories: vec![],
            status: Status::Confirmed,
            registration: None,
            rule: None,
            exceptions: vec![],
            changes: vec![],
            sequence: 0,
            extra: tera::Map::new(),
            occurrences: vec![occurrence],
        }
    }

    fn occurrence(original: When, start: When, end: When, status: Status) -> Occurrence {
        Occurrence {
            original,
            original_local: original.date().and_hms_opt(19, 0, 0).unwrap(),
            start,
            end,
            title: "Stammtisch".into(),
            summary: None,
            place: Some(wirtshaus()),
            status,
            note: None,
            registration: None,
            changed: true,
            day_number: 1,
        }
    }

    fn json_of(event: &Event) -> serde_json::Value {
        let config = config();
        let page = EventPage {
            config: &config,
            event,
            url: "https://example.org/events/stammtisch/".into(),
            image: None,
        };
        serde_json::to_value(Graph::new(vec![super::event(&page, &event.occurrences[0])])).unwrap()
    }

    #[test]
    fn a_cancelled_occurrence_is_an_event_cancelled() {
        let zone = chrono_tz::Europe::Berlin;
        let start = at(zone, 2027, 1, 12, 19);
        let end = at(zone, 2027, 1, 12, 22);
        let mut cancelled = occurrence(start, start, end, Status::Cancelled);
        // registration: {url: https://tickets.example.org/s, price: 12.50, deadline: 2d}
        let terms = Registration {
            signup: Signup::Url("https://tickets.example.org/s".into()),
            deadline: Some(Deadline::Before(Length(chrono::Duration::days(2)))),
            price: Some(Price {
                cents: 1250,
                currency: Currency::parse("EUR").unwrap(),
            }),
            full: false,
        };
        cancelled.registration = registration(terms, start);
        let event = stammtisch(cancelled);
        let expected = serde_json::json!({
            "@context": "https://schema.org",
            "@graph": [{
                "@type": "Event",
                "name": "Stammtisch",
                "startDate": "2027-01-12T19:00:00+01:00",
                "endDate": "2027-01-12T22:00:00+01:00",
                "eventStatus": "https://schema.org/EventCancelled",
                "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
                "location": [{
                    "@type": "Place",
                    "name": "Wirtshaus",
                    "address": {
                        "@type": "PostalAddress",
                        "streetAddress": "Markt 1",
                        "postalCode": "80331",
                        "addressLocality": "München",
                        "addressCountry": "DE"
                    },
                    "geo": {"@type": "GeoCoordinates", "latitude": 48.1, "longitude": 11.5}
                }],
                "organizer": {"@type": "Organization", "name": "Verein", "email": "v@example.org"},
                "description": "Wer kommt, ist da.",
                "url": "https://example.org/events/stammtisch/",
                "inLanguage": "de",
                "offers": {
                    "@type": "Offer",
                    "url": "https://tickets.example.org/s",
                    "price": 12.5,
                    "priceCurrency": "EUR",
                    "availability": "https://schema.org/InStock",
                    "validThrough": "2027-01-10T19:00:00+01:00"
                }
            }]
        });
        assert_eq!(json_of(&event), expected);
    }

    #[test]
    fn a_moved_occurrence_is_rescheduled_from_its_original_start() {
        let zone = chrono_tz::Europe::Berlin;
        let original = at(zone, 2026, 12, 8, 19);
        let start = at(zone, 2026, 12, 1, 19);
        let end = at(zone, 2026, 12, 1, 22);
        let mut moved = occurrence(original, start, end, Status::Confirmed);
        // registration: {email: anmeldung@example.org, full: true}
        let terms = Registration {
            signup: Signup::Email("anmeldung@example.org".into()),
            deadline: None,
            price: None,
            full: true,
        };
        moved.registration = registration(terms, start);
        let mut event = stammtisch(moved);
        event.online = Some("https://meet.example.org/stammtisch".into());
        let expected = serde_json::json!({
            "@context": "https://schema.org",
            "@graph": [{
                "@type": "Event",
                "name": "Stammtisch",
                "startDate": "2026-12-01T19:00:00+01:00",
                "endDate": "2026-12-01T22:00:00+01:00",
                "eventStatus": "https://schema.org/EventRescheduled",
                "previousStartDate": "2026-12-08T19:00:00+01:00",
                "eventAttendanceMode": "https://schema.org/MixedEventAttendanceMode",
                "location": [
                    {
                        "@type": "Place",
                        "name": "Wirtshaus",
                        "address": {
                            "@type": "PostalAddress",
                            "streetAddress": "Markt 1",
                            "postalCode": "80331",
                            "addressLocality": "München",
                            "addressCountry": "DE"
                        },
                        "geo": {"@type": "GeoCoordinates", "latitude": 48.1, "longitude": 11.5}
                    },
                    {"@type": "VirtualLocation", "url": "https://meet.example.org/stammtisch"}
                ],
                "organizer": {"@type": "Organization", "name": "Verein", "email": "v@example.org"},
                "description": "Wer kommt, ist da.",
                "url": "https://example.org/events/stammtisch/",
                "inLanguage": "de",
                "offers": {
                    "@type": "Offer",
                    "url": "https://example.org/events/stammtisch/",
                    "availability": "https://schema.org/SoldOut"
                }
            }]
        });
        assert_eq!(json_of(&event), expected);
    }

    #[test]
    fn all_day_dates_are_days_and_the_end_is_the_last_day() {
        let day = |d| When::AllDay(chrono::NaiveDate::from_ymd_opt(2026, 10, d).unwrap());
        let mut event = stammtisch(occurrence(day(8), day(8), day(10), Status::Confirmed));
        event.place = None;
        event.occurrences[0].place = None;
        event.online = Some("https://meet.example.org/k".into());
        let json = json_of(&event);
        let node = &json["@graph"][0];
        assert_eq!(node["startDate"], "2026-10-08");
        assert_eq!(node["endDate"], "2026-10-09");
        assert_eq!(node["eventStatus"], "https://schema.org/EventScheduled");
        assert_eq!(
            node["eventAttendanceMode"],
            "https://schema.org/OnlineEventAttendanceMode"
        );
        assert_eq!(node["location"][0]["@type"], "VirtualLocation");
    }

    #[test]
    fn no_text_can_end_the_script_element() {
        let zone = chrono_tz::Europe::Berlin;
        let start = at(zone, 2027, 1, 12, 19);
        let mut event = stammtisch(occurrence(start, start, start, Status::Confirmed));
        event.occurrences[0].title = "</script><!-- & -->".into();
        let config = config();
        let page = EventPage {
            config: &config,
            event: &event,
            url: "https://example.org/e/".into(),
            image: None,
        };
        let text = Graph::new(vec![super::event(&page, &event.occurrences[0])]).to_script_text();
        assert!(!text.contains('<') && !text.contains('>') && !text.contains('&'));
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["@graph"][0]["name"], "</script><!-- & -->");
    }
}
