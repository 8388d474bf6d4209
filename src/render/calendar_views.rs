//! What calendar templates see: occurrences, months as week grids, events with their next dates,
//! all formatted in the site's language and the event's own time zone.

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, Months, NaiveDate};
use serde::Serialize;

use crate::load::theme::UiLanguage;
use crate::model::calendar::event::{Event, Occurrence, Status};
use crate::model::calendar::when::When;
use crate::model::calendar::{Calendar, Listed};
use crate::model::routes;
use crate::model::site::Site;
use crate::model::slug::Slug;
use crate::render::rule_text;

/// How many coming dates an event page and a post's event box show.
pub const NEXT_DATES: usize = 10;

#[derive(Serialize)]
pub struct OccurrenceView<'a> {
    event_id: &'a str,
    title: &'a str,
    url: String,
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
    location: Option<&'a str>,
    summary: Option<&'a str>,
    status: &'static str,
    cancelled: bool,
    moved: bool,
    original_date_display: Option<String>,
    note: Option<&'a str>,
    categories: &'a [String],
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
    location: Option<&'a str>,
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
    ics_url: String,
    webcal_url: String,
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
    site: &'a Site,
    ui: &'a UiLanguage,
}

impl<'a> CalendarViews<'a> {
    pub fn new(site: &'a Site, ui: &'a UiLanguage) -> Self {
        CalendarViews { site, ui }
    }

    pub fn calendar(&self) -> &'a Calendar {
        &self.site.calendar
    }

    /// When the event at `index` takes place, in words; `next` is its next occurrence.
    fn recurrence_text_of(&self, index: usize, next: Option<Listed>) -> String {
        let event = &self.calendar().events[index];
        let next = next.map(|listed| self.calendar().occurrence(listed).1);
        rule_text::describe(
            &rule_text::Series::of(event, next),
            rule_text::Language::of(&self.site.config.language),
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
        self.site
            .config
            .base_url
            .join(&routes::event(&self.site.config, &event.id))
    }

    pub fn occurrence(&self, listed: Listed) -> OccurrenceView<'a> {
        let (event, occurrence) = self.calendar().occurrence(listed);
        self.occurrence_of(event, occurrence)
    }

    fn occurrence_of(&self, event: &'a Event, occurrence: &'a Occurrence) -> OccurrenceView<'a> {
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
            url: self.event_url(event),
            start: occurrence.start.to_rfc3339(zone),
            end: occurrence.end.to_rfc3339(zone),
            all_day: event.is_all_day(),
            date_display: ui.format(&occurrence.start.date(), &ui.event_date_format),
            end_date_display: (last_day != occurrence.start.date())
                .then(|| ui.format(&last_day, &ui.event_date_format)),
            time_display,
            timezone: zone.name(),
            timezone_display: (zone != self.site.config.timezone && !event.is_all_day())
                .then(|| zone.name()),
            location: occurrence.location.as_deref(),
            summary: occurrence.summary.as_deref(),
            status: occurrence.status.as_str(),
            cancelled: occurrence.status == Status::Cancelled,
            moved: occurrence.moved(),
            original_date_display: occurrence
                .moved()
                .then(|| ui.format(&occurrence.original.date(), &ui.event_date_format)),
            note: occurrence.note.as_deref(),
            categories: &event.categories,
        }
    }

    /// The coming occurrences, grouped by the month they start in.
    pub fn upcoming_by_month(&self) -> Vec<MonthGroup<'a>> {
        let mut groups: BTreeMap<NaiveDate, Vec<OccurrenceView<'a>>> = BTreeMap::new();
        for listed in self.calendar().upcoming() {
            let (event, occurrence) = self.calendar().occurrence(listed);
            let first_day = occurrence
                .start
                .date()
                .with_day(1)
                .unwrap_or(occurrence.start.date());
            groups
                .entry(first_day)
                .or_default()
                .push(self.occurrence_of(event, occurrence));
        }
        let window = &self.calendar().window;
        groups
            .into_iter()
            .map(|(month, occurrences)| MonthGroup {
                name: self.ui.format(&month, &self.ui.month_format),
                url: (window.first_month..=window.last_month)
                    .contains(&month)
                    .then(|| {
                        self.site
                            .config
                            .base_url
                            .join(&routes::calendar_month(&self.site.config, month))
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
        let config = &self.site.config;
        let window = &self.calendar().window;
        let url = |month: NaiveDate| config.base_url.join(&routes::calendar_month(config, month));
        let next_month = first_day + Months::new(1);
        let in_month: Vec<(&Event, &Occurrence)> = self
            .calendar()
            .listed
            .iter()
            .map(|&listed| self.calendar().occurrence(listed))
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
                        .map(|(event, occurrence)| self.occurrence_of(event, occurrence))
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
                .map(|(event, occurrence)| self.occurrence_of(event, occurrence))
                .collect(),
        }
    }

    pub fn event(&self, index: usize) -> EventView<'a> {
        let event = &self.calendar().events[index];
        let config = &self.site.config;
        let ics_url = config.base_url.join(&routes::event_ics(config, &event.id));
        let map_url = match (event.geo, &event.location) {
            (Some((lat, lon)), _) => Some(format!(
                "https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}"
            )),
            (None, Some(location)) => Some(format!(
                "https://www.openstreetmap.org/search?query={}",
                percent_encoding::utf8_percent_encode(location, percent_encoding::NON_ALPHANUMERIC)
            )),
            (None, None) => None,
        };
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
            location: event.location.as_deref(),
            geo: event.geo.map(|(lat, lon)| Geo { lat, lon }),
            map_url,
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
            upcoming: self
                .calendar()
                .upcoming()
                .filter(|listed| listed.event == index)
                .take(NEXT_DATES)
                .map(|listed| self.occurrence(listed))
                .collect(),
            extra: &event.extra,
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
        let config = &self.site.config;
        let ics_url = config.base_url.join(&routes::category_ics(config, &slug));
        Some(CategoryFeed {
            name: name.to_owned(),
            slug: slug.to_string(),
            webcal_url: routes::webcal(&ics_url),
            ics_url,
        })
    }
}
