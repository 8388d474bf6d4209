//! `/events.json`: every occurrence in the calendar window, for scripts and other sites.

use serde::Serialize;

use crate::render::calendar_views::{CalendarViews, PlaceView, RegistrationFacts};

#[derive(Serialize)]
struct JsonFeed<'a> {
    window: JsonWindow,
    occurrences: Vec<Entry<'a>>,
}

#[derive(Serialize)]
struct JsonWindow {
    start: String,
    end: String,
    /// The window's first and last day as local dates: an occurrence is listed when a day it
    /// touches in its own zone lies between them, which the site zone's instants cannot say.
    first_day: String,
    last_day: String,
}

#[derive(Serialize)]
struct Entry<'a> {
    id: &'a str,
    title: &'a str,
    start: String,
    end: String,
    /// The start the series gives it, when this occurrence was moved.
    original_start: Option<String>,
    all_day: bool,
    timezone: &'a str,
    /// The place on one line, as before `place` was added.
    location: Option<&'a str>,
    place: Option<PlaceView<'a>>,
    /// The event's page.
    url: String,
    /// The date's own page (a date of a series), else the event's page.
    occurrence_url: String,
    status: &'static str,
    categories: &'a [String],
    registration: Option<RegistrationFacts<'a>>,
    /// When the event takes place, in words of the site's language, the same for each of its
    /// occurrences.
    recurrence_text: &'a str,
}

pub fn events_json(views: &CalendarViews) -> String {
    let calendar = views.calendar();
    let texts = views.recurrence_texts();
    let occurrences = calendar
        .listed
        .iter()
        .map(|&listed| {
            let (event, occurrence) = calendar.occurrence(listed);
            Entry {
                id: event.id.as_str(),
                title: &occurrence.title,
                start: occurrence.start.to_rfc3339(event.zone),
                end: occurrence.end.to_rfc3339(event.zone),
                original_start: occurrence
                    .moved()
                    .then(|| occurrence.original.to_rfc3339(event.zone)),
                all_day: event.is_all_day(),
                timezone: event.zone.name(),
                location: occurrence.location(),
                place: occurrence
                    .place
                    .as_deref()
                    .map(|place| PlaceView::new(place, event.geo)),
                url: views.event_url(event),
                occurrence_url: views.occurrence_url(listed),
                status: occurrence.status.as_str(),
                categories: &event.categories,
                registration: occurrence
                    .registration
                    .as_ref()
                    .map(|registration| RegistrationFacts::new(registration, calendar.window.now)),
                recurrence_text: &texts[listed.event],
            }
        })
        .collect();
    let document = JsonFeed {
        window: JsonWindow {
            start: calendar.window.start.to_rfc3339(),
            end: calendar.window.end.to_rfc3339(),
            first_day: calendar.window.first_day.to_string(),
            last_day: calendar
                .window
                .end_day
                .pred_opt()
                .unwrap_or(calendar.window.end_day)
                .to_string(),
        },
        occurrences,
    };
    serde_json::to_string_pretty(&document).unwrap_or_else(|_| "{}".to_owned())
}
