//! iCalendar (RFC 5545) output: content lines with TEXT escaping, folding at 75 octets and CRLF,
//! and the calendars Treffpunkt publishes (all events, one event, one category).

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

use super::vtimezone;
use crate::model::calendar::event::{Event, Occurrence, Status};
use crate::model::calendar::recurrence::End;
use crate::model::calendar::when::{When, is_ambiguous_as_local};
use crate::model::routes::DatePage;

/// How often subscribed calendars should be fetched again.
const REFRESH: &str = "PT12H";

/// Collects content lines; each is folded and ended with CRLF.
#[derive(Default)]
pub struct ContentLines(String);

impl ContentLines {
    /// A property whose value is already in iCalendar form (dates, numbers, URIs, rules). A
    /// control character, which would break the file, becomes a space.
    pub fn raw(&mut self, name: &str, value: &str) {
        let value: String = value
            .chars()
            .map(|c| if c.is_control() && c != '\t' { ' ' } else { c })
            .collect();
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
            // TEXT allows no other control character but the tab.
            c if c.is_control() && c != '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A parameter value (RFC 5545 3.2 with RFC 6868's escapes), always quoted: `^` becomes `^^`,
/// a line break `^n` and a double quote `^'`; other control characters, which no parameter may
/// hold, become spaces.
pub fn parameter_value(text: &str) -> String {
    let normalized = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = String::with_capacity(normalized.len() + 2);
    out.push('"');
    for c in normalized.chars() {
        match c {
            '^' => out.push_str("^^"),
            '\n' => out.push_str("^n"),
            '"' => out.push_str("^'"),
            c if c.is_control() && c != '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
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
    // Each zone's VTIMEZONE covers every instant the feed names in it.
    let zones = events
        .iter()
        .filter(|event| !event.is_all_day())
        .map(|event| {
            let (earliest, latest) = instants_named(event, feed.until);
            (event.zone, earliest, latest)
        });
    write_calendar(feed, zones, |lines| {
        for event in events {
            write_event(lines, feed, event);
        }
    })
}

/// A calendar of one date of a series (`/termine/<id>/2026-12-08.ics`, "add this date"): the
/// occurrence as it takes place, changes applied, with no rule, under a UID of its own
/// (`<id>-20261208@<host>`, `-2` added for the day's second date) so that a program that has
/// the series too keeps both.
pub fn occurrence(feed: &Feed, event: &Event, occurrence: &Occurrence, date: DatePage) -> String {
    let zone = event.zone;
    let utc = |when: When| when.instant(zone).with_timezone(&Utc);
    let margin = Duration::days(1);
    let zones = (!event.is_all_day()).then(|| {
        (
            zone,
            utc(occurrence.start) - margin,
            utc(occurrence.end) + margin,
        )
    });
    write_calendar(feed, zones, |lines| {
        let mut uid = format!("{}-{}", event.id, date.day.format("%Y%m%d"));
        if date.number > 1 {
            uid.push_str(&format!("-{}", date.number));
        }
        begin_vevent_as(lines, feed, &format!("{uid}@{}", feed.host));
        write_times(lines, event, occurrence);
        finish_vevent(lines, feed, event, &Details::of(occurrence));
    })
}

/// A VCALENDAR with its header, a VTIMEZONE per zone (covering the widest span `zones` names in
/// it) and the components `body` writes.
fn write_calendar(
    feed: &Feed,
    zones: impl IntoIterator<Item = (Tz, DateTime<Utc>, DateTime<Utc>)>,
    body: impl FnOnce(&mut ContentLines),
) -> String {
    let mut lines = ContentLines::default();
    lines.raw("BEGIN", "VCALENDAR");
    lines.raw("VERSION", "2.0");
    // The last part is the language of the product's name (ISO 9070), not the site's: it stays
    // `DE` whatever the site's language, so calendar programs see one product.
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

    let mut spans: BTreeMap<&str, (Tz, DateTime<Utc>, DateTime<Utc>)> = BTreeMap::new();
    for (zone, earliest, latest) in zones {
        spans
            .entry(zone.name())
            .and_modify(|(_, from, to)| {
                *from = (*from).min(earliest);
                *to = (*to).max(latest);
            })
            .or_insert((zone, earliest, latest));
    }
    for (zone, earliest, latest) in spans.into_values() {
        vtimezone::write(&mut lines, zone, earliest, latest);
    }
    body(&mut lines);
    lines.raw("END", "VCALENDAR");
    lines.into_string()
}

/// The first and last instant a timed event's VEVENTs name (starts, ends, UNTIL, EXDATE,
/// RECURRENCE-ID), the last at least the calendar's end; a day's margin covers local times.
fn instants_named(event: &Event, until: DateTime<Utc>) -> (DateTime<Utc>, DateTime<Utc>) {
    let zone = event.zone;
    let utc = |when: When| when.instant(zone).with_timezone(&Utc);
    let mut earliest = utc(event.start);
    let mut latest = utc(event.first_end()).max(until);
    for occurrence in &event.occurrences {
        earliest = earliest.min(utc(occurrence.start));
        latest = latest
            .max(utc(occurrence.end))
            .max(utc(occurrence.original));
    }
    if let Some(last) = event.exceptions.last() {
        latest = latest.max(last.and_utc());
    }
    if let Some(End::UntilInstant(instant)) = event.rule.as_ref().map(|rule| rule.end) {
        latest = latest.max(instant);
    }
    let margin = Duration::days(1);
    (earliest - margin, latest + margin)
}

/// A point in time: `DTSTART;TZID=Europe/Berlin:20260113T190000`, or in UTC when the local time
/// would name another instant (the second half of a fold), or `DTSTART;VALUE=DATE:20260113`.
fn write_when(lines: &mut ContentLines, name: &str, when: When, zone: Tz) {
    match when {
        When::Timed(moment) if is_ambiguous_as_local(moment) => {
            lines.raw(
                name,
                &moment
                    .with_timezone(&Utc)
                    .format("%Y%m%dT%H%M%SZ")
                    .to_string(),
            );
        }
        When::Timed(moment) => write_local(
            lines,
            name,
            moment.with_timezone(&zone).naive_local(),
            false,
            zone,
        ),
        When::AllDay(day) => write_local(lines, name, day.and_time(NaiveTime::MIN), true, zone),
    }
}

/// A wall-clock time as the rule or the author gives it, which may lie in a daylight-saving gap
/// (02:30, which readers take as 03:30): DTSTART, EXDATE and RECURRENCE-ID name it so.
fn write_local(
    lines: &mut ContentLines,
    name: &str,
    local: NaiveDateTime,
    all_day: bool,
    zone: Tz,
) {
    write_locals(lines, name, &[local], all_day, zone);
}

fn write_locals(
    lines: &mut ContentLines,
    name: &str,
    locals: &[NaiveDateTime],
    all_day: bool,
    zone: Tz,
) {
    let (format, name) = if all_day {
        ("%Y%m%d", format!("{name};VALUE=DATE"))
    } else {
        ("%Y%m%dT%H%M%S", format!("{name};TZID={}", zone.name()))
    };
    let values: Vec<String> = locals
        .iter()
        .map(|local| local.format(format).to_string())
        .collect();
    lines.raw(&name, &values.join(","));
}

/// The end of a VEVENT whose DTSTART is the start as written. When that start lies in a
/// daylight-saving gap, programs disagree about the instant it names, so the length is given as
/// an exact DURATION (hours, minutes and seconds: RFC 5545 counts days in wall-clock time).
fn write_end(
    lines: &mut ContentLines,
    event: &Event,
    written_start: NaiveDateTime,
    start: When,
    end: When,
) {
    let in_gap = !event.is_all_day()
        && event
            .zone
            .from_local_datetime(&written_start)
            .earliest()
            .is_none();
    if !in_gap {
        write_when(lines, "DTEND", end, event.zone);
        return;
    }
    let seconds = (end.instant(event.zone) - start.instant(event.zone)).num_seconds();
    let (hours, minutes, seconds) = (seconds / 3600, seconds % 3600 / 60, seconds % 60);
    let mut value = format!("PT{hours}H");
    if minutes > 0 || seconds > 0 {
        value.push_str(&format!("{minutes}M"));
    }
    if seconds > 0 {
        value.push_str(&format!("{seconds}S"));
    }
    lines.raw("DURATION", &value);
}

fn uid(feed: &Feed, event: &Event) -> String {
    format!("{}@{}", event.id, feed.host)
}

fn write_event(lines: &mut ContentLines, feed: &Feed, event: &Event) {
    let all_day = event.is_all_day();
    let written_start = event.written_start.local();
    let Some(rule) = &event.rule else {
        // A single event is its one occurrence, moved or changed as `changes` says; an `except`
        // that names it leaves nothing to publish.
        let Some(occurrence) = event.occurrences.first() else {
            return;
        };
        begin_vevent(lines, feed, event);
        if occurrence.moved() {
            write_when(lines, "DTSTART", occurrence.start, event.zone);
            write_when(lines, "DTEND", occurrence.end, event.zone);
        } else {
            write_local(lines, "DTSTART", written_start, all_day, event.zone);
            write_end(
                lines,
                event,
                written_start,
                occurrence.start,
                occurrence.end,
            );
        }
        finish_vevent(lines, feed, event, &Details::of(occurrence));
        return;
    };
    begin_vevent(lines, feed, event);
    // The series as its rule defines it: the first start as written and the usual length.
    write_local(lines, "DTSTART", written_start, all_day, event.zone);
    write_end(lines, event, written_start, event.start, event.first_end());
    lines.raw("RRULE", &rule.ics_value());
    if !event.exceptions.is_empty() {
        write_locals(lines, "EXDATE", &event.exceptions, all_day, event.zone);
    }
    let series = Details {
        title: &event.title,
        summary: event.summary.as_deref(),
        location: event.location(),
        note: None,
        status: event.status,
    };
    finish_vevent(lines, feed, event, &series);

    // Every changed occurrence overrides its instance of the series, named by the rule's time.
    for occurrence in event.occurrences.iter().filter(|o| o.changed) {
        begin_vevent(lines, feed, event);
        write_local(
            lines,
            "RECURRENCE-ID",
            occurrence.original_local,
            all_day,
            event.zone,
        );
        write_times(lines, event, occurrence);
        finish_vevent(lines, feed, event, &Details::of(occurrence));
    }
}

/// The start and end of one occurrence of a series. Unmoved, it starts at the rule's time,
/// written as a RECURRENCE-ID is: a reader that reads a gap time its own way then still puts
/// both at one instant.
fn write_times(lines: &mut ContentLines, event: &Event, occurrence: &Occurrence) {
    if occurrence.moved() {
        write_when(lines, "DTSTART", occurrence.start, event.zone);
        write_when(lines, "DTEND", occurrence.end, event.zone);
    } else {
        let local = occurrence.original_local;
        write_local(lines, "DTSTART", local, event.is_all_day(), event.zone);
        write_end(lines, event, local, occurrence.start, occurrence.end);
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

impl<'a> Details<'a> {
    fn of(occurrence: &'a Occurrence) -> Details<'a> {
        Details {
            title: &occurrence.title,
            summary: occurrence.summary.as_deref(),
            location: occurrence.location(),
            note: occurrence.note.as_deref(),
            status: occurrence.status,
        }
    }
}

fn begin_vevent(lines: &mut ContentLines, feed: &Feed, event: &Event) {
    begin_vevent_as(lines, feed, &uid(feed, event));
}

fn begin_vevent_as(lines: &mut ContentLines, feed: &Feed, uid: &str) {
    lines.raw("BEGIN", "VEVENT");
    lines.raw("UID", uid);
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
        lines.raw(
            &format!("ORGANIZER;CN={}", parameter_value(&organizer.name)),
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
    fn parameter_values_follow_rfc_6868_and_hold_no_control_character() {
        assert_eq!(
            parameter_value("Anna \"die Gr^oße\"\nMüller\r\nX\u{7}Y"),
            "\"Anna ^'die Gr^^oße^'^nMüller^nX Y\""
        );
        assert_eq!(escape_text("a\u{0}b\u{1b}c\td"), "a b c\td");
        let mut lines = ContentLines::default();
        lines.raw("URL", "https://x.example/\na");
        assert_eq!(lines.into_string(), "URL:https://x.example/ a\r\n");
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
