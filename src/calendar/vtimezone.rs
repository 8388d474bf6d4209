//! VTIMEZONE components generated from the tz database for the years a feed covers, with yearly
//! RRULEs where the zone's rules are regular (Outlook misreads long RDATE lists).

use chrono::{
    DateTime, Datelike, Duration, FixedOffset, NaiveDate, NaiveDateTime, Offset, TimeZone, Utc,
    Weekday,
};
use chrono_tz::{OffsetComponents, OffsetName, Tz};

use super::ics::ContentLines;

/// A change of the zone's offset.
#[derive(Debug, Clone, PartialEq)]
struct Transition {
    at: DateTime<Utc>,
    before: FixedOffset,
    after: FixedOffset,
    name: String,
    daylight: bool,
}

impl Transition {
    /// The wall-clock time at which the change happens, read in the offset before it (RFC 5545).
    fn local_onset(&self) -> NaiveDateTime {
        self.at.with_timezone(&self.before).naive_local()
    }
}

/// A yearly rule: the `week`th (or last, -1) `weekday` of `month` at the onset's time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct YearlyRule {
    month: u32,
    weekday: Weekday,
    week: i32,
}

impl YearlyRule {
    /// The rules that describe `day`: counted from the month's start, and from its end when it
    /// falls in the last seven days.
    fn candidates(day: NaiveDate) -> Vec<YearlyRule> {
        let from_start = YearlyRule {
            month: day.month(),
            weekday: day.weekday(),
            week: ((day.day() - 1) / 7 + 1) as i32,
        };
        let is_last = (day + Duration::days(7)).month() != day.month();
        let mut rules = vec![from_start];
        if is_last {
            rules.insert(
                0,
                YearlyRule {
                    week: -1,
                    ..from_start
                },
            );
        }
        rules
    }

    fn ics_value(&self) -> String {
        let day = match self.weekday {
            Weekday::Mon => "MO",
            Weekday::Tue => "TU",
            Weekday::Wed => "WE",
            Weekday::Thu => "TH",
            Weekday::Fri => "FR",
            Weekday::Sat => "SA",
            Weekday::Sun => "SU",
        };
        format!(
            "FREQ=YEARLY;BYMONTH={};BYDAY={}{day}",
            self.month, self.week
        )
    }
}

/// Writes the VTIMEZONE of `zone` for the years `from_year..=to_year`.
pub fn write(lines: &mut ContentLines, zone: Tz, from_year: i32, to_year: i32) {
    lines.raw("BEGIN", "VTIMEZONE");
    lines.raw("TZID", zone.name());
    let transitions = transitions(zone, from_year, to_year);
    if transitions.is_empty() {
        // No change in these years: one standard offset from the start.
        let start = Utc
            .with_ymd_and_hms(from_year, 1, 1, 0, 0, 0)
            .single()
            .unwrap_or_default();
        let offset = zone.offset_from_utc_datetime(&start.naive_utc());
        let fixed = offset.fix();
        let name = offset.abbreviation().unwrap_or(zone.name()).to_owned();
        write_component(
            lines,
            "STANDARD",
            start.with_timezone(&fixed).naive_local(),
            fixed,
            fixed,
            &name,
            None,
        );
    } else {
        for daylight in [false, true] {
            let group: Vec<&Transition> = transitions
                .iter()
                .filter(|t| t.daylight == daylight)
                .collect();
            write_group(lines, &group, daylight);
        }
    }
    lines.raw("END", "VTIMEZONE");
}

/// One component with a yearly rule when every transition of the group follows it with the same
/// offsets and name, otherwise one component per transition.
fn write_group(lines: &mut ContentLines, group: &[&Transition], daylight: bool) {
    let Some(first) = group.first() else { return };
    let kind = if daylight { "DAYLIGHT" } else { "STANDARD" };
    let onset = first.local_onset();
    let same_shape = group.iter().all(|t| {
        t.before == first.before
            && t.after == first.after
            && t.name == first.name
            && t.local_onset().time() == onset.time()
    });
    let consecutive_years = group
        .windows(2)
        .all(|pair| pair[1].local_onset().year() == pair[0].local_onset().year() + 1);
    let rule = YearlyRule::candidates(onset.date())
        .into_iter()
        .find(|rule| {
            group
                .iter()
                .all(|t| YearlyRule::candidates(t.local_onset().date()).contains(rule))
        });
    match rule {
        Some(rule) if same_shape && consecutive_years => {
            write_component(
                lines,
                kind,
                onset,
                first.before,
                first.after,
                &first.name,
                Some(&rule.ics_value()),
            );
        }
        _ => {
            for transition in group {
                write_component(
                    lines,
                    kind,
                    transition.local_onset(),
                    transition.before,
                    transition.after,
                    &transition.name,
                    None,
                );
            }
        }
    }
}

fn write_component(
    lines: &mut ContentLines,
    kind: &str,
    onset: NaiveDateTime,
    before: FixedOffset,
    after: FixedOffset,
    name: &str,
    rule: Option<&str>,
) {
    lines.raw("BEGIN", kind);
    lines.raw("DTSTART", &onset.format("%Y%m%dT%H%M%S").to_string());
    lines.raw("TZOFFSETFROM", &offset_value(before));
    lines.raw("TZOFFSETTO", &offset_value(after));
    lines.text("TZNAME", name);
    if let Some(rule) = rule {
        lines.raw("RRULE", rule);
    }
    lines.raw("END", kind);
}

/// `+0100`, or `+013045` for the rare offsets with seconds.
fn offset_value(offset: FixedOffset) -> String {
    let seconds = offset.local_minus_utc();
    let sign = if seconds < 0 { '-' } else { '+' };
    let seconds = seconds.abs();
    let (hours, minutes, rest) = (seconds / 3600, seconds % 3600 / 60, seconds % 60);
    if rest == 0 {
        format!("{sign}{hours:02}{minutes:02}")
    } else {
        format!("{sign}{hours:02}{minutes:02}{rest:02}")
    }
}

/// Every change of offset (or of name) in the years: found a day at a time, then narrowed to
/// the minute (changes happen on whole minutes).
fn transitions(zone: Tz, from_year: i32, to_year: i32) -> Vec<Transition> {
    let state = |at: DateTime<Utc>| {
        let offset = zone.offset_from_utc_datetime(&at.naive_utc());
        let daylight = offset.dst_offset() != Duration::zero();
        (
            offset.fix(),
            offset.abbreviation().unwrap_or("").to_owned(),
            daylight,
        )
    };
    let (Some(mut cursor), Some(end)) = (
        Utc.with_ymd_and_hms(from_year, 1, 1, 0, 0, 0).single(),
        Utc.with_ymd_and_hms(to_year + 1, 1, 1, 0, 0, 0).single(),
    ) else {
        return Vec::new();
    };
    let mut current = state(cursor);
    let mut found = Vec::new();
    while cursor < end {
        let day_later = cursor + Duration::days(1);
        if state(day_later) == current {
            cursor = day_later;
            continue;
        }
        // The first minute in (cursor, day_later] whose state differs.
        let (mut low, mut high) = (0i64, 24 * 60);
        while high - low > 1 {
            let middle = (low + high) / 2;
            if state(cursor + Duration::minutes(middle)) == current {
                low = middle;
            } else {
                high = middle;
            }
        }
        let at = cursor + Duration::minutes(high);
        let after = state(at);
        found.push(Transition {
            at,
            before: current.0,
            after: after.0,
            name: after.1.clone(),
            daylight: after.2,
        });
        cursor = at;
        current = after;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vtimezone(zone: Tz, from: i32, to: i32) -> String {
        let mut lines = ContentLines::default();
        write(&mut lines, zone, from, to);
        lines.into_string()
    }

    #[test]
    fn europe_berlin_gets_yearly_rules() {
        let text = vtimezone(chrono_tz::Europe::Berlin, 2025, 2028);
        assert!(text.contains("BEGIN:STANDARD\r\nDTSTART:20251026T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD"), "{text}");
        assert!(text.contains("BEGIN:DAYLIGHT\r\nDTSTART:20250330T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT"), "{text}");
        assert_eq!(text.matches("BEGIN:").count(), 3);
    }

    #[test]
    fn new_york_counts_from_the_start_of_the_month() {
        let text = vtimezone(chrono_tz::America::New_York, 2025, 2027);
        assert!(
            text.contains("RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU"),
            "{text}"
        );
        assert!(
            text.contains("RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU"),
            "{text}"
        );
    }

    #[test]
    fn zones_without_dst_have_one_standard_component() {
        let text = vtimezone(chrono_tz::Asia::Tokyo, 2025, 2027);
        assert!(text.contains("BEGIN:STANDARD\r\nDTSTART:20250101T090000\r\nTZOFFSETFROM:+0900\r\nTZOFFSETTO:+0900\r\nTZNAME:JST"), "{text}");
        assert!(!text.contains("DAYLIGHT"));
    }
}
