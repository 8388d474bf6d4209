//! iCalendar (RFC 5545) output: content lines with TEXT escaping, folding at 75 octets and CRLF,
//! and the calendars Treffpunkt publishes (all events, one event, one category).

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::event::{Event, Status};
use super::vtimezone;
use super::when::When;

/// How often subscribed calendars should be fetched again.
const REFRESH: &str = "PT12H";

/// Collects content lines; each is folded and ended with CRLF.
#[derive(Default)]
pub struct ContentLines(String);

impl ContentLines {
    /// A property whose value is already in iCalendar form (dates, numbers, URIs, rules).
    pub fn raw(&mut self, name: &str, value: &str) {
        self.fold(&format!("{name}:{value}"));
    }

    /// A TEXT property, escaped.
    pub fn text(&mut self, name: &str, value: &str) {
        self.raw(name, &escape_text(value));
    }

    /// Lines longer than 75 octets continue on the next line after a space, never inside a
    /// UTF-8 character.
    fn fold(&mut self, line: &str) {
        let mut rest = line;
        let mut limit = 75;
        while rest.len() > limit {
            let mut cut = limit;
            while !rest.is_char_boundary(cut) {
                cut -= 1;
            }
            self.0.push_str(&rest[..cut]);
            self.0.push_str("\r\n ");
            rest = &rest[cut..];
            limit = 74; // the leading space counts
        }
        self.0.push_str(rest);
        self.0.push_str("\r\n");
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

/// RFC 5545 TEXT: backslash, semicolon, comma and line breaks are escaped; CR LF and lone CR
/// count as one line break.
pub fn escape_text(text: &str) -> String {
    let normalized = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = String::with_capacity(normalized.len());
    for c in normalized.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out
}

/// What the calendar header says about a feed.
pub struct Feed<'a> {
    pub name: &'a str,
    pub site_zone: Tz,
    /// Build time (or SOURCE_DATE_EPOCH): DTSTAMP of every event.
    pub stamp: DateTime<Utc>,
    /// For UIDs: `<event id>@<host>`.
    pub host: &'a str,
    /// The event page of an event, for URL.
    pub event_url: &'a dyn Fn(&Event) -> String,
    /// Calendar window end: VTIMEZONE definitions cover the years up to it.
    pub until: DateTime<Utc>,
}

pub fn calendar(feed: &Feed, events: &[&Event]) -> String {
    let mut lines = ContentLines::default();
    lines.raw("BEGIN", "VCALENDAR");
    lines.raw("VERSION", "2.0");
    lines.raw(
        "PRODID",
        &format!(
            "-//Treffpunkt//Treffpunkt {}//DE",
            env!("CARGO_PKG_VERSION")
        ),
    );
    lines.raw("CALSCALE", "GREGORIAN");
    lines.raw("METHOD", "PUBLISH");
    lines.text("X-WR-CALNAME", feed.name);
    lines.raw("X-WR-TIMEZONE", feed.site_zone.name());
    lines.raw("REFRESH-INTERVAL;VALUE=DURATION", REFRESH);
    lines.raw("X-PUBLISHED-TTL", REFRESH);

    let zones: BTreeSet<&str> = events
        .iter()
        .filter(|event| !event.is_all_day())
        .map(|event| event.zone.name())
        .collect();
    for zone_name in zones {
        let Ok(zone) = zone_name.parse::<Tz>() else {
            continue;
        };
        let first_year = events
            .iter()
            .filter(|event| event.zone == zone)
            .map(|event| chrono::Datelike::year(&event.start.date()))
            .min()
            .unwrap_or(chrono::Datelike::year(&feed.until));
        vtimezone::write(
            &mut lines,
            zone,
            first_year - 1,
            chrono::Datelike::year(&feed.until) + 1,
        );
    }
    for event in events {
        write_event(&mut lines, feed, event);
    }
    lines.raw("END", "VCALENDAR");
    lines.into_string()
}

/// `DTSTART;TZID=Europe/Berlin:20260113T190000` or `DTSTART;VALUE=DATE:20260113`.
fn when_property(name: &str, when: When, zone: Tz) -> (String, String) {
    match when {
        When::Timed(moment) => (
            format!("{name};TZID={}", zone.name()),
            moment
                .with_timezone(&zone)
                .format("%Y%m%dT%H%M%S")
                .to_string(),
        ),
        When::AllDay(day) => (
            format!("{name};VALUE=DATE"),
            day.format("%Y%m%d").to_string(),
        ),
    }
}

fn write_when(lines: &mut ContentLines, name: &str, when: When, zone: Tz) {
    let (name, value) = when_property(name, when, zone);
    lines.raw(&name, &value);
}

fn uid(feed: &Feed, event: &Event) -> String {
    format!("{}@{}", event.id, feed.host)
}

fn write_event(lines: &mut ContentLines, feed: &Feed, event: &Event) {
    begin_vevent(lines, feed, event);
    // The series as its rule defines it: the first original start and the usual length.
    write_when(lines, "DTSTART", event.start, event.zone);
    write_when(lines, "DTEND", event.first_end(), event.zone);
    if let Some(rule) = &event.rule {
        lines.raw("RRULE", &rule.ics_value);
        if let Some(first) = event.exceptions.first() {
            let (name, _) = when_property("EXDATE", *first, event.zone);
            let values: Vec<String> = event
                .exceptions
                .iter()
                .map(|when| when_property("EXDATE", *when, event.zone).1)
                .collect();
            lines.raw(&name, &values.join(","));
        }
    }
    let series = Details {
        title: &event.title,
        summary: event.summary.as_deref(),
        location: event.location.as_deref(),
        note: None,
        status: event.status,
    };
    finish_vevent(lines, feed, event, &series);

    // Every changed occurrence overrides its instance of the series.
    for occurrence in event.occurrences.iter().filter(|o| o.changed) {
        begin_vevent(lines, feed, event);
        write_when(lines, "RECURRENCE-ID", occurrence.original, event.zone);
        write_when(lines, "DTSTART", occurrence.start, event.zone);
        write_when(lines, "DTEND", occurrence.end, event.zone);
        let changed = Details {
            title: &occurrence.title,
            summary: occurrence.summary.as_deref(),
            location: occurrence.location.as_deref(),
            note: occurrence.note.as_deref(),
            status: occurrence.status,
        };
        finish_vevent(lines, feed, event, &changed);
    }
}

/// What one VEVENT says beyond its times: the series' values, or a changed occurrence's.
struct Details<'a> {
    title: &'a str,
    summary: Option<&'a str>,
    location: Option<&'a str>,
    note: Option<&'a str>,
    status: Status,
}

fn begin_vevent(lines: &mut ContentLines, feed: &Feed, event: &Event) {
    lines.raw("BEGIN", "VEVENT");
    lines.raw("UID", &uid(feed, event));
    lines.raw("DTSTAMP", &feed.stamp.format("%Y%m%dT%H%M%SZ").to_string());
}

fn finish_vevent(lines: &mut ContentLines, feed: &Feed, event: &Event, details: &Details) {
    lines.text("SUMMARY", details.title);
    let description: Vec<&str> = [
        details.note,
        details.summary,
        Some(event.description_text.as_str()),
        event.online.as_deref(),
        event.url.as_deref(),
    ]
    .into_iter()
    .flatten()
    .filter(|part| !part.trim().is_empty())
    .collect();
    if !description.is_empty() {
        lines.text("DESCRIPTION", &description.join("\n\n"));
    }
    if let Some(location) = details.location.or(event.online.as_deref()) {
        lines.text("LOCATION", location);
    }
    if let Some((lat, lon)) = event.geo {
        lines.raw("GEO", &format!("{lat};{lon}"));
    }
    lines.raw("URL", &(feed.event_url)(event));
    if !event.categories.is_empty() {
        let categories: Vec<String> = event.categories.iter().map(|c| escape_text(c)).collect();
        lines.raw("CATEGORIES", &categories.join(","));
    }
    if let Some(organizer) = &event.organizer
        && let Some(email) = &organizer.email
    {
        let name = organizer.name.replace('"', "'");
        lines.raw(
            &format!("ORGANIZER;CN=\"{name}\""),
            &format!("mailto:{email}"),
        );
    }
    lines.raw("STATUS", &status_value(details.status));
    lines.raw("SEQUENCE", &event.sequence.to_string());
    lines.raw("END", "VEVENT");
}

fn status_value(status: Status) -> String {
    status.as_str().to_ascii_uppercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_line_breaks_normalised() {
        assert_eq!(
            escape_text("a,b;c\\d\r\ne\rf\ng"),
            "a\\,b\\;c\\\\d\\ne\\nf\\ng"
        );
    }

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_characters() {
        let mut lines = ContentLines::default();
        let value = "ä".repeat(100);
        lines.text("SUMMARY", &value);
        let text = lines.into_string();
        for physical in text.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(
                physical.len() <= 75,
                "{} octets: {physical}",
                physical.len()
            );
        }
        let unfolded = text.replace("\r\n ", "");
        assert_eq!(unfolded, format!("SUMMARY:{value}\r\n"));
    }
}
