//! What calendar templates see: occurrences, months as week grids, events with their next dates,
//! all formatted in the site's language and the event's own time zone.

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, Months, NaiveDate};
use serde::Serialize;

use super::escape::escape_markup;
use super::feeds::DateEntry;
use super::page_meta::occurrence_url;
use super::views::{ShareLink, share_links};
use crate::load::config::SiteConfig;
use crate::load::theme::UiLanguage;
use crate::model::calendar::event::{Event, Occurrence, Status};
use crate::model::calendar::registration::{
    OccurrenceRegistration, Price, RegistrationState, Signup,
};
use crate::model::calendar::venue::Place;
use crate::model::calendar::when::When;
use crate::model::calendar::{Calendar, Listed};
use crate::model::routes::{self, DatePage};
use crate::model::slug::Slug;
use crate::render::rule_text;

/// How many coming dates an event page and a post's event box show.
pub const NEXT_DATES: usize = 10;

/// How many coming dates the calendar's index shows of a series before it links to the series'
/// page. A series with more coming dates than this in the window is "frequent": the index lists
/// it once, with these dates, instead of every date in its month. The count decides, not the
/// rule's `FREQ`: a weekly rule with `COUNT=2` is two dates worth listing in full, a yearly rule
/// on every day of December is thirty-one that are not, and counting is what keeps the index
/// short whatever the window: each event adds at most this many dates to it.
pub const SERIES_DATES: usize = 3;

#[derive(Serialize)]
pub struct OccurrenceView<'a> {
    event_id: &'a str,
    title: &'a str,
    /// The date's own page when it has one (a date of a series), else the event's page.
    url: String,
    /// The event's page.
    series_url: String,
    start: String,
    end: String,
    all_day: bool,
    date_display: String,
    /// The last day, when the occurrence spans several days.
    end_date_display: Option<String>,
    /// "19:00–22:00" in the event's zone; null for all-day occurrences.
    time_display: Option<String>,
    timezone: &'a str,
    /// The zone's name when it differs from the site's, so readers know which 19:00 is meant.
    timezone_display: Option<&'a str>,
    /// The place on one line.
    location: Option<&'a str>,
    place: Option<PlaceView<'a>>,
    summary: Option<&'a str>,
    status: &'static str,
    cancelled: bool,
    moved: bool,
    original_date_display: Option<String>,
    note: Option<&'a str>,
    categories: &'a [String],
    registration: Option<RegistrationView<'a>>,
}

/// A place as templates and `events.json` see it: the parts of its address (`null` where not
/// given; a place written as one line has only `name`), the line, and where it is on a map.
#[derive(Serialize)]
pub struct PlaceView<'a> {
    name: Option<&'a str>,
    street: Option<&'a str>,
    postal_code: Option<&'a str>,
    city: Option<&'a str>,
    region: Option<&'a str>,
    /// ISO 3166 alpha-2, e.g. "DE".
    country: Option<&'a str>,
    url: Option<&'a str>,
    /// "Wirtshaus am Viktualienmarkt, Prälat-Zistl-Straße 6, 80331 München".
    line: &'a str,
    /// Whether it has a street and a city.
    has_address: bool,
    geo: Option<Geo>,
    /// An OpenStreetMap link: the point when `geo` is known, else a search for the address.
    map_url: String,
}

impl<'a> PlaceView<'a> {
    pub fn new(place: &'a Place, geo: Option<(f64, f64)>) -> Self {
        PlaceView {
            name: place.name.as_deref(),
            street: place.street.as_deref(),
            postal_code: place.postal_code.as_deref(),
            city: place.city.as_deref(),
            region: place.region.as_deref(),
            country: place.country.as_ref().map(|country| country.as_str()),
            url: place.url.as_deref(),
            line: place.line(),
            has_address: place.has_address(),
            geo: geo.map(|(lat, lon)| Geo { lat, lon }),
            map_url: map_url(geo, Some(place)).unwrap_or_default(),
        }
    }
}

/// An OpenStreetMap link to `geo`, else a search for the place.
fn map_url(geo: Option<(f64, f64)>, place: Option<&Place>) -> Option<String> {
    match (geo, place) {
        (Some((lat, lon)), _) => Some(format!(
            "https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}"
        )),
        (None, Some(place)) => Some(format!(
            "https://www.openstreetmap.org/search?query={}",
            percent_encoding::utf8_percent_encode(
                &place.search_text(),
                percent_encoding::NON_ALPHANUMERIC
            )
        )),
        (None, None) => None,
    }
}

/// One date as the "new event" forms of Google Calendar and Outlook.com take it.
struct AddDate<'a> {
    title: &'a str,
    start: When,
    /// Exclusive for all-day dates.
    end: When,
    zone: chrono_tz::Tz,
    location: Option<&'a str>,
    details: String,
}

impl AddDate<'_> {
    fn encode(text: &str) -> String {
        percent_encoding::utf8_percent_encode(text, super::views::QUERY_VALUE).to_string()
    }

    /// Google takes `dates=<start>/<end>`: days (`20261224/20261225`, the end excluded) for an
    /// all-day date, else local times read in the zone `ctz` names.
    fn google_url(&self) -> String {
        let format = |when: When| match when {
            When::AllDay(day) => day.format("%Y%m%d").to_string(),
            When::Timed(moment) => moment
                .with_timezone(&self.zone)
                .format("%Y%m%dT%H%M%S")
                .to_string(),
        };
        let mut url = format!(
            "https://calendar.google.com/calendar/render?action=TEMPLATE&text={}&dates={}/{}&details={}",
            Self::encode(self.title),
            format(self.start),
            format(self.end),
            Self::encode(&self.details),
        );
        if let Some(location) = self.location {
            url.push_str(&format!("&location={}", Self::encode(location)));
        }
        url.push_str(&format!("&ctz={}", Self::encode(self.zone.name())));
        url
    }

    /// Outlook.com takes ISO 8601: a time in UTC (it shows it in the reader's zone), or days with
    /// `allday=true` (the end excluded, as Outlook itself stores all-day events); `path` and
    /// `rru` name the form, which older links need.
    fn outlook_url(&self) -> String {
        let format = |when: When| match when {
            When::AllDay(day) => day.format("%Y-%m-%d").to_string(),
            When::Timed(moment) => moment
                .with_timezone(&chrono::Utc)
                .format("%Y-%m-%dT%H:%M:%SZ")
                .to_string(),
        };
        let mut url = format!(
            "https://outlook.live.com/calendar/0/deeplink/compose?subject={}&startdt={}&enddt={}",
            Self::encode(self.title),
            Self::encode(&format(self.start)),
            Self::encode(&format(self.end)),
        );
        if matches!(self.start, When::AllDay(_)) {
            url.push_str("&allday=true");
        }
        if let Some(location) = self.location {
            url.push_str(&format!("&location={}", Self::encode(location)));
        }
        url.push_str(&format!("&body={}", Self::encode(&self.details)));
        url.push_str("&path=%2Fcalendar%2Faction%2Fcompose&rru=addevent");
        url
    }
}

/// The registration for one occurrence as `events.json` carries it; templates see it with
/// words added ([`RegistrationView`]).
#[derive(Serialize)]
pub struct RegistrationFacts<'a> {
    /// `open`, `closed` (the deadline or the start has passed at the build) or `full`.
    state: RegistrationState,
    /// The ticket or form page, or null.
    url: Option<&'a str>,
    /// The address to sign up by e-mail, or null.
    email: Option<&'a str>,
    /// The deadline (RFC 3339), or null when registering is open until the start.
    deadline: Option<String>,
    /// When registering closes (RFC 3339): the deadline, else the start.
    closes: String,
    full: bool,
    /// A number in `currency` (0 when free), or null when no price is given.
    price: Option<Price>,
    currency: Option<&'a str>,
}

impl<'a> RegistrationFacts<'a> {
    pub fn new(
        registration: &'a OccurrenceRegistration,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Self {
        let terms = &registration.terms;
        let (url, email) = match &terms.signup {
            Signup::Url(url) => (Some(url.as_str()), None),
            Signup::Email(email) => (None, Some(email.as_str())),
        };
        RegistrationFacts {
            state: registration.state(now),
            url,
            email,
            deadline: registration
                .deadline()
                .map(|deadline| deadline.to_rfc3339()),
            closes: registration.closes.to_rfc3339(),
            full: terms.full,
            price: terms.price,
            currency: terms.price.as_ref().map(|price| price.currency.as_str()),
        }
    }
}

/// An occurrence's registration for templates: the facts, and what to show.
#[derive(Serialize)]
pub struct RegistrationView<'a> {
    #[serde(flatten)]
    facts: RegistrationFacts<'a>,
    /// The occurrence's day: "Dienstag, 13. Januar 2027".
    date_display: String,
    open: bool,
    closed: bool,
    /// Where the sign-up link leads: the `url`, or a `mailto:` link whose subject and body are
    /// written in the site's language.
    href: String,
    /// "Montag, 12. Januar 2027, 19:00 Uhr", or null without a deadline.
    deadline_display: Option<String>,
    free: bool,
    /// "25 EUR", "12,50 EUR" or "kostenlos"; null without a price.
    price_display: Option<String>,
}

#[derive(Serialize)]
pub struct MonthGroup<'a> {
    name: String,
    url: Option<String>,
    occurrences: Vec<OccurrenceView<'a>>,
}

#[derive(Serialize)]
pub struct MonthView<'a> {
    name: String,
    url: String,
    previous_url: Option<String>,
    next_url: Option<String>,
    weekdays: Vec<String>,
    weeks: Vec<Week<'a>>,
    occurrences: Vec<OccurrenceView<'a>>,
}

#[derive(Serialize)]
struct Week<'a> {
    number: u32,
    days: Vec<Day<'a>>,
}

#[derive(Serialize)]
struct Day<'a> {
    date: String,
    day: u32,
    date_display: String,
    in_month: bool,
    today: bool,
    occurrences: Vec<OccurrenceView<'a>>,
}

#[derive(Serialize)]
pub struct EventView<'a> {
    id: &'a str,
    title: &'a str,
    summary: Option<&'a str>,
    description: &'a str,
    url: String,
    ics_url: String,
    webcal_url: String,
    all_day: bool,
    recurring: bool,
    timezone: &'a str,
    /// The place on one line.
    location: Option<&'a str>,
    place: Option<PlaceView<'a>>,
    geo: Option<Geo>,
    map_url: Option<String>,
    online: Option<&'a str>,
    external_url: Option<&'a str>,
    organizer: Option<&'a crate::model::calendar::event::Organizer>,
    categories: Vec<CategoryFeed>,
    status: &'static str,
    /// When the event takes place, in words: its rule, or its date.
    recurrence_text: String,
    upcoming: Vec<OccurrenceView<'a>>,
    /// Links that share the event's page, as posts have them.
    share: Vec<ShareLink>,
    /// The registration for the next date (the first of `upcoming`), or null.
    registration: Option<RegistrationView<'a>>,
    extra: &'a tera::Map<String, tera::Value>,
}

#[derive(Serialize)]
struct Geo {
    lat: f64,
    lon: f64,
}

#[derive(Serialize, Clone)]
pub struct CategoryFeed {
    name: String,
    slug: String,
    /// The category's page.
    url: String,
    ics_url: String,
    webcal_url: String,
}

/// A frequent series on the calendar's index: the event with only its first coming dates, and
/// how many it has in the window.
#[derive(Serialize)]
pub struct SeriesView<'a> {
    #[serde(flatten)]
    event: EventView<'a>,
    upcoming_count: usize,
}

/// What the calendar's index shows: each frequent series once, then every other coming date by
/// month.
pub struct CalendarIndex<'a> {
    pub series: Vec<SeriesView<'a>>,
    pub months: Vec<MonthGroup<'a>>,
}

/// A date's page: the date, its series, its neighbours and the ways to add it to a calendar.
#[derive(Serialize)]
pub struct DateView<'a> {
    #[serde(flatten)]
    occurrence: OccurrenceView<'a>,
    /// The series, without its dates.
    series: EventView<'a>,
    /// "Add this date": the one-date `.ics`, and Google Calendar's and Outlook.com's forms for a
    /// new event, filled in.
    ics_url: String,
    google_url: String,
    outlook_url: String,
    map_url: Option<String>,
    previous: Option<OccurrenceView<'a>>,
    next: Option<OccurrenceView<'a>>,
    /// Links that share the date's page.
    share: Vec<ShareLink>,
}

impl DateView<'_> {
    /// The date's day in words, "Dienstag, 1. Dezember 2026" (where it takes place).
    pub fn date_display(&self) -> &str {
        &self.occurrence.date_display
    }
}

/// The link from a post to an event it names.
#[derive(Serialize)]
pub struct EventLink<'a> {
    id: &'a str,
    title: &'a str,
    url: String,
    next: Option<OccurrenceView<'a>>,
}

/// Formats occurrences for one build.
pub struct CalendarViews<'a> {
    config: &'a SiteConfig,
    calendar: &'a Calendar,
    ui: &'a UiLanguage,
}

impl<'a> CalendarViews<'a> {
    pub fn new(config: &'a SiteConfig, calendar: &'a Calendar, ui: &'a UiLanguage) -> Self {
        CalendarViews {
            config,
            calendar,
            ui,
        }
    }

    pub fn calendar(&self) -> &'a Calendar {
        self.calendar
    }

    /// When the event at `index` takes place, in words; `next` is its next occurrence.
    fn recurrence_text_of(&self, index: usize, next: Option<Listed>) -> String {
        let event = &self.calendar().events[index];
        let next = next.map(|listed| self.calendar().occurrence(listed).1);
        rule_text::describe(
            &rule_text::Series::of(event, next),
            rule_text::Language::of(&self.config.language),
        )
    }

    /// [`CalendarViews::recurrence_text_of`] for every event, index for index, in one pass
    /// over the calendar.
    pub fn recurrence_texts(&self) -> Vec<String> {
        let mut next = vec![None; self.calendar().events.len()];
        for listed in self.calendar().upcoming() {
            let taking_place = self.calendar().occurrence(listed).1.status != Status::Cancelled;
            if let Some(slot @ None) = next.get_mut(listed.event)
                && taking_place
            {
                *slot = Some(listed);
            }
        }
        next.into_iter()
            .enumerate()
            .map(|(index, next)| self.recurrence_text_of(index, next))
            .collect()
    }

    pub fn event_url(&self, event: &Event) -> String {
        self.config
            .base_url
            .join(&routes::event(self.config, &event.id))
    }

    /// The page of the occurrence `listed`: its date page, else its event's page.
    pub fn occurrence_url(&self, listed: Listed) -> String {
        occurrence_url(self.config, self.calendar, listed)
    }

    pub fn occurrence(&self, listed: Listed) -> OccurrenceView<'a> {
        let (event, occurrence) = self.calendar().occurrence(listed);
        let ui = self.ui;
        let zone = event.zone;
        let last_day = occurrence.last_day();
        let time_display = match (occurrence.start, occurrence.end) {
            (When::Timed(start), When::Timed(end)) => Some(format!(
                "{}–{}",
                ui.format(&start.with_timezone(&zone), &ui.time_format),
                ui.format(&end.with_timezone(&zone), &ui.time_format)
            )),
            _ => None,
        };
        OccurrenceView {
            event_id: event.id.as_str(),
            title: &occurrence.title,
            url: occurrence_url(self.config, self.calendar, listed),
            series_url: self.event_url(event),
            start: occurrence.start.to_rfc3339(zone),
            end: occurrence.end.to_rfc3339(zone),
            all_day: event.is_all_day(),
            date_display: ui.format(&occurrence.start.date(), &ui.event_date_format),
            end_date_display: (last_day != occurrence.start.date())
                .then(|| ui.format(&last_day, &ui.event_date_format)),
            time_display,
            timezone: zone.name(),
            timezone_display: (zone != self.config.timezone && !event.is_all_day())
                .then(|| zone.name()),
            location: occurrence.location(),
            place: occurrence
                .place
                .as_deref()
                .map(|place| PlaceView::new(place, event.geo)),
            summary: occurrence.summary.as_deref(),
            status: occurrence.status.as_str(),
            cancelled: occurrence.status == Status::Cancelled,
            moved: occurrence.moved(),
            original_date_display: occurrence
                .moved()
                .then(|| ui.format(&occurrence.original.date(), &ui.event_date_format)),
            note: occurrence.note.as_deref(),
            categories: &event.categories,
            registration: occurrence
                .registration
                .as_ref()
                .map(|registration| self.registration(occurrence, registration)),
        }
    }

    fn registration(
        &self,
        occurrence: &'a Occurrence,
        registration: &'a OccurrenceRegistration,
    ) -> RegistrationView<'a> {
        let ui = self.ui;
        let words = &ui.registration;
        let facts = RegistrationFacts::new(registration, self.calendar().window.now);
        let date = ui.format(&occurrence.start.date(), &ui.event_date_format);
        let href = match &registration.terms.signup {
            Signup::Url(url) => url.clone(),
            Signup::Email(email) => {
                let fill = |text: &str| {
                    let text = text
                        .replace("{title}", &occurrence.title)
                        .replace("{date}", &date);
                    // RFC 6068: line breaks in a mailto body are CRLF, every byte escaped.
                    percent_encoding::utf8_percent_encode(
                        &text.replace("\r\n", "\n").replace('\n', "\r\n"),
                        percent_encoding::NON_ALPHANUMERIC,
                    )
                    .to_string()
                };
                format!(
                    "mailto:{email}?subject={}&body={}",
                    fill(&words.email_subject),
                    fill(&words.email_body)
                )
            }
        };
        let deadline_display = registration.deadline().map(|deadline| {
            words
                .deadline
                .replace(
                    "{date}",
                    &ui.format(&deadline.date_naive(), &ui.event_date_format),
                )
                .replace("{time}", &ui.format(&deadline, &ui.time_format))
        });
        let price = registration.terms.price;
        RegistrationView {
            date_display: date,
            open: facts.state == RegistrationState::Open,
            closed: facts.state == RegistrationState::Closed,
            href,
            deadline_display,
            free: price.is_some_and(|price| price.is_free()),
            price_display: price.map(|price| {
                if price.is_free() {
                    words.free.clone()
                } else {
                    words
                        .price
                        .replace("{amount}", &price.amount_text(&words.decimal_separator))
                        .replace("{currency}", price.currency.as_str())
                }
            }),
            facts,
        }
    }

    /// The calendar's index: the frequent series (see [`SERIES_DATES`]) in the order of their
    /// next date, then the coming dates of all other events by month. One pass over the calendar.
    pub fn index(&self) -> CalendarIndex<'a> {
        self.index_of(|_| true)
    }

    /// The calendar's index of the events `shown` lets through (a category's page).
    pub fn index_of(&self, shown: impl Fn(usize) -> bool) -> CalendarIndex<'a> {
        let calendar = self.calendar();
        let mut coming: Vec<Vec<Listed>> = vec![Vec::new(); calendar.events.len()];
        let mut counts = vec![0usize; calendar.events.len()];
        let mut order = Vec::new();
        for listed in calendar.upcoming().filter(|listed| shown(listed.event)) {
            if counts[listed.event] == 0 {
                order.push(listed.event);
            }
            counts[listed.event] += 1;
            if coming[listed.event].len() < SERIES_DATES {
                coming[listed.event].push(listed);
            }
        }
        let frequent = |event: usize| counts[event] > SERIES_DATES;
        let series = order
            .iter()
            .filter(|&&event| frequent(event))
            .map(|&event| SeriesView {
                event: self.event_with(event, std::mem::take(&mut coming[event])),
                upcoming_count: counts[event],
            })
            .collect();
        CalendarIndex {
            series,
            months: self.upcoming_by_month(|event| shown(event) && !frequent(event)),
        }
    }

    /// The coming occurrences of the events `shown` lets through, grouped by the month they start
    /// in.
    fn upcoming_by_month(&self, shown: impl Fn(usize) -> bool) -> Vec<MonthGroup<'a>> {
        let mut groups: BTreeMap<NaiveDate, Vec<OccurrenceView<'a>>> = BTreeMap::new();
        for listed in self.calendar().upcoming().filter(|l| shown(l.event)) {
            let (_, occurrence) = self.calendar().occurrence(listed);
            let first_day = occurrence
                .start
                .date()
                .with_day(1)
                .unwrap_or(occurrence.start.date());
            groups
                .entry(first_day)
                .or_default()
                .push(self.occurrence(listed));
        }
        let window = &self.calendar().window;
        groups
            .into_iter()
            .map(|(month, occurrences)| MonthGroup {
                name: self.ui.format(&month, &self.ui.month_format),
                url: (window.first_month..=window.last_month)
                    .contains(&month)
                    .then(|| {
                        self.config
                            .base_url
                            .join(&routes::calendar_month(self.config, month))
                    }),
                occurrences,
            })
            .collect()
    }

    /// The next date of each event, soonest first: a weekly series does not crowd out the
    /// yearly party.
    pub fn next_of_each_event(&self, limit: usize) -> Vec<OccurrenceView<'a>> {
        let mut seen = std::collections::HashSet::new();
        self.calendar()
            .upcoming()
            .filter(|listed| seen.insert(listed.event))
            .take(limit)
            .map(|listed| self.occurrence(listed))
            .collect()
    }

    /// The month starting `first_day` as a grid of whole weeks and as a list.
    pub fn month(&self, first_day: NaiveDate) -> MonthView<'a> {
        let config = &self.config;
        let window = &self.calendar().window;
        let url = |month: NaiveDate| config.base_url.join(&routes::calendar_month(config, month));
        let next_month = first_day + Months::new(1);
        let in_month: Vec<(Listed, &Occurrence)> = self
            .calendar()
            .listed
            .iter()
            .map(|&listed| (listed, self.calendar().occurrence(listed).1))
            .filter(|(_, o)| o.touches_days(first_day, next_month))
            .collect();

        let week_start = if self.ui.week_starts_on_monday {
            chrono::Weekday::Mon
        } else {
            chrono::Weekday::Sun
        };
        let offset = first_day.weekday().days_since(week_start);
        let grid_start = first_day - Duration::days(i64::from(offset));
        let today = window.now.with_timezone(&config.timezone).date_naive();
        let mut weeks = Vec::new();
        let mut day = grid_start;
        while day < next_month {
            let days: Vec<Day<'a>> = (0..7)
                .map(|i| day + Duration::days(i))
                .map(|date| Day {
                    date: date.format("%Y-%m-%d").to_string(),
                    day: date.day(),
                    date_display: self.ui.format(&date, &self.ui.event_date_format),
                    in_month: date.month() == first_day.month(),
                    today: date == today,
                    occurrences: in_month
                        .iter()
                        .filter(|(_, o)| o.start.date() <= date && date <= o.last_day())
                        .map(|&(listed, _)| self.occurrence(listed))
                        .collect(),
                })
                .collect();
            // The ISO week of the row's Thursday, which is the week's number in either layout.
            let thursday =
                day + Duration::days(i64::from(chrono::Weekday::Thu.days_since(week_start)));
            weeks.push(Week {
                number: thursday.iso_week().week(),
                days,
            });
            day += Duration::days(7);
        }
        MonthView {
            name: self.ui.format(&first_day, &self.ui.month_format),
            url: url(first_day),
            previous_url: (first_day > window.first_month).then(|| url(first_day - Months::new(1))),
            next_url: (first_day < window.last_month).then(|| url(next_month)),
            weekdays: (0..7)
                .map(|i| {
                    self.ui.format(
                        &(grid_start + Duration::days(i)),
                        &self.ui.weekday_short_format,
                    )
                })
                .collect(),
            weeks,
            occurrences: in_month
                .iter()
                .map(|&(listed, _)| self.occurrence(listed))
                .collect(),
        }
    }

    /// The page of event `index`, with its next [`NEXT_DATES`] dates.
    pub fn event(&self, index: usize) -> EventView<'a> {
        let upcoming = self
            .calendar()
            .upcoming()
            .filter(|listed| listed.event == index)
            .take(NEXT_DATES)
            .collect();
        self.event_with(index, upcoming)
    }

    /// Event `index` with `upcoming`, its coming dates to show.
    fn event_with(&self, index: usize, upcoming: Vec<Listed>) -> EventView<'a> {
        let event = &self.calendar().events[index];
        let config = &self.config;
        let ics_url = config.base_url.join(&routes::event_ics(config, &event.id));
        EventView {
            id: event.id.as_str(),
            title: &event.title,
            summary: event.summary.as_deref(),
            description: &event.description_html,
            url: self.event_url(event),
            webcal_url: routes::webcal(&ics_url),
            ics_url,
            all_day: event.is_all_day(),
            recurring: event.rule.is_some(),
            timezone: event.zone.name(),
            location: event.location(),
            place: event
                .place
                .as_deref()
                .map(|place| PlaceView::new(place, event.geo)),
            geo: event.geo.map(|(lat, lon)| Geo { lat, lon }),
            map_url: map_url(event.geo, event.place.as_deref()),
            online: event.online.as_deref(),
            external_url: event.url.as_deref(),
            organizer: event.organizer.as_ref(),
            categories: event
                .categories
                .iter()
                .filter_map(|name| self.category_feed(name))
                .collect(),
            status: event.status.as_str(),
            recurrence_text: self.recurrence_text_of(
                index,
                self.calendar().upcoming().find(|listed| {
                    listed.event == index
                        && self.calendar().occurrence(*listed).1.status != Status::Cancelled
                }),
            ),
            registration: upcoming.first().and_then(|&listed| {
                let (_, occurrence) = self.calendar().occurrence(listed);
                occurrence
                    .registration
                    .as_ref()
                    .map(|registration| self.registration(occurrence, registration))
            }),
            upcoming: upcoming
                .into_iter()
                .map(|listed| self.occurrence(listed))
                .collect(),
            share: share_links(&self.event_url(event), &event.title, self.ui),
            extra: &event.extra,
        }
    }

    /// The next `limit` dates as entries of the calendar's feed.
    pub fn feed_entries(&self, limit: usize) -> Vec<DateEntry> {
        let word = |key: &str| {
            self.ui
                .strings
                .get(key)
                .and_then(tera::Value::as_str)
                .unwrap_or(key)
                .to_owned()
        };
        self.calendar()
            .upcoming()
            .take(limit)
            .map(|listed| {
                let (event, occurrence) = self.calendar().occurrence(listed);
                let view = self.occurrence(listed);
                let mut when = view.date_display.clone();
                if let Some(last) = &view.end_date_display {
                    when.push_str(&format!(" – {last}"));
                }
                if let Some(time) = &view.time_display {
                    when.push_str(&format!(", {time}"));
                }
                let mut facts = vec![when.clone()];
                facts.extend(occurrence.location().map(str::to_owned));
                if view.cancelled {
                    facts.push(word("status_cancelled"));
                } else if let Some(original) = &view.original_date_display {
                    facts.push(word("moved_from").replace("{date}", original));
                }
                facts.extend(occurrence.note.clone());
                let mut content: String = facts
                    .iter()
                    .map(|fact| format!("<p>{}</p>", escape_markup(fact)))
                    .collect();
                content.push_str(&event.description_html);
                DateEntry {
                    title: format!("{}: {when}", occurrence.title),
                    url: view.url,
                    content_html: content,
                    categories: event.categories.clone(),
                }
            })
            .collect()
    }

    /// The page of the date `listed`, which has one (see [`Calendar::date_page`]).
    pub fn date(&self, listed: Listed, date: DatePage) -> DateView<'a> {
        let config = self.config;
        let (event, occurrence) = self.calendar().occurrence(listed);
        let (previous, next) = self.calendar().neighbours(listed);
        let view = self.occurrence(listed);
        let page = view.url.clone();
        let adding = AddDate {
            title: &occurrence.title,
            start: occurrence.start,
            end: occurrence.end,
            zone: event.zone,
            location: occurrence.location().or(event.online.as_deref()),
            details: [occurrence.note.as_deref(), occurrence.summary.as_deref()]
                .into_iter()
                .flatten()
                .chain([page.as_str()])
                .collect::<Vec<_>>()
                .join("\n\n"),
        };
        DateView {
            ics_url: config
                .base_url
                .join(&routes::event_date_ics(config, &event.id, date)),
            google_url: adding.google_url(),
            outlook_url: adding.outlook_url(),
            map_url: map_url(event.geo, occurrence.place.as_deref()),
            previous: previous.map(|listed| self.occurrence(listed)),
            next: next.map(|listed| self.occurrence(listed)),
            share: share_links(&page, &occurrence.title, self.ui),
            series: self.event_with(listed.event, Vec::new()),
            occurrence: view,
        }
    }

    /// The link to the event `id`; `next` is [`CalendarViews::next_of_every_event`].
    pub fn event_link(&self, id: &'a str, next: &[Option<Listed>]) -> Option<EventLink<'a>> {
        let index = self.calendar().position_of(id)?;
        let event = &self.calendar().events[index];
        Some(EventLink {
            id: event.id.as_str(),
            title: &event.title,
            url: self.event_url(event),
            next: next
                .get(index)
                .copied()
                .flatten()
                .map(|listed| self.occurrence(listed)),
        })
    }

    /// The next occurrence of every event, index for index with the calendar's events, found in
    /// one pass over the calendar: looked up one by one, every post's link to an event would
    /// cost a walk through the whole calendar.
    pub fn next_of_every_event(&self) -> Vec<Option<Listed>> {
        let mut next = vec![None; self.calendar().events.len()];
        for listed in self.calendar().upcoming() {
            if let Some(slot @ None) = next.get_mut(listed.event) {
                *slot = Some(listed);
            }
        }
        next
    }

    pub fn category_feed(&self, name: &str) -> Option<CategoryFeed> {
        let slug = Slug::from_text(name)?;
        let config = &self.config;
        let ics_url = config.base_url.join(&routes::category_ics(config, &slug));
        Some(CategoryFeed {
            url: config.base_url.join(&routes::category(config, &slug)),
            name: name.to_owned(),
            slug: slug.to_string(),
            webcal_url: routes::webcal(&ics_url),
            ics_url,
        })
    }
}
