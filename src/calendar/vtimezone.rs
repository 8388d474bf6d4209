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

/// The tz database's rules are taken to continue when they hold through this year: chrono-tz
/// carries transitions to about 2100 and nothing after.
const LAST_RELIABLE_YEAR: i32 = 2090;

/// Writes the VTIMEZONE of `zone`, right for every instant from `earliest` through `latest`: it
/// begins with an observance in force at `earliest`, and when the zone's current rules continue
/// it ends with yearly rules that have no end, so open-ended series stay right in every client.
pub fn write(lines: &mut ContentLines, zone: Tz, earliest: DateTime<Utc>, latest: DateTime<Utc>) {
    lines.raw("BEGIN", "VTIMEZONE");
    lines.raw("TZID", zone.name());
    let anchor = Utc
        .with_ymd_and_hms(earliest.year() - 1, 1, 1, 0, 0, 0)
        .single()
        .unwrap_or(earliest);
    let scan_end = Utc
        .with_ymd_and_hms(
            (latest.year() + 2).clamp(anchor.year() + 4, LAST_RELIABLE_YEAR.max(anchor.year() + 4)),
            1,
            1,
            0,
            0,
            0,
        )
        .single()
        .unwrap_or(latest);
    let mut transitions = transitions(zone, anchor, scan_end);
    let year_of_earliest = Utc
        .with_ymd_and_hms(earliest.year(), 1, 1, 0, 0, 0)
        .single()
        .unwrap_or(earliest);
    if transitions
        .first()
        .is_none_or(|first| first.at > year_of_earliest)
    {
        // The observance in force since the start of the earliest instant's year began before
        // the anchor: the zone is right for that whole year.
        if let Some(before) = last_transition_before(zone, anchor) {
            transitions.insert(0, before);
        }
    }
    if transitions
        .first()
        .is_none_or(|first| first.at > year_of_earliest)
    {
        // No change before: the offset of that time holds from long ago.
        transitions.insert(0, since_long_ago(zone, year_of_earliest));
    }
    let (history, rules) = continuing_rules(&transitions, scan_end);
    let components = transitions[..history]
        .iter()
        .map(|transition| (transition, None))
        .chain(
            rules
                .into_iter()
                .map(|(transition, rule)| (transition, Some(rule))),
        );
    for (transition, rule) in components {
        let kind = if transition.daylight {
            "DAYLIGHT"
        } else {
            "STANDARD"
        };
        write_component(
            lines,
            kind,
            transition.local_onset(),
            transition.before,
            transition.after,
            &transition.name,
            rule.map(|rule| rule.ics_value()).as_deref(),
        );
    }
    lines.raw("END", "VTIMEZONE");
}

/// The observance in force at `at` as if it had begun on 1 January 1601 (or of the year of `at`,
/// when that is earlier), for a zone with no earlier change.
fn since_long_ago(zone: Tz, at: DateTime<Utc>) -> Transition {
    let offset = zone.offset_from_utc_datetime(&at.naive_utc());
    let fixed = offset.fix();
    let onset = NaiveDate::from_ymd_opt(at.year().min(1601), 1, 1)
        .unwrap_or_default()
        .and_time(chrono::NaiveTime::MIN);
    Transition {
        at: Utc.from_utc_datetime(&(onset - Duration::seconds(i64::from(fixed.local_minus_utc())))),
        before: fixed,
        after: fixed,
        name: offset.abbreviation().unwrap_or(zone.name()).to_owned(),
        daylight: offset.dst_offset() != Duration::zero(),
    }
}

/// Where the zone's current yearly rules begin in `transitions`, and for each of its standard and
/// daylight observances the first transition under the rule and the rule. No rules when the
/// zone's changes do not follow yearly rules up to `scan_end`.
fn continuing_rules(
    transitions: &[Transition],
    scan_end: DateTime<Utc>,
) -> (usize, Vec<(&Transition, YearlyRule)>) {
    let none = (transitions.len(), Vec::new());
    let last_of = |daylight: bool| transitions.iter().rposition(|t| t.daylight == daylight);
    let (Some(last_standard), Some(last_daylight)) = (last_of(false), last_of(true)) else {
        return none;
    };
    let alive = |index: usize| scan_end - transitions[index].at < Duration::days(400);
    if !alive(last_standard) || !alive(last_daylight) {
        return none;
    }
    // Walking back from the end: each kind keeps the rules all its transitions so far fit.
    let mut fits: [Vec<YearlyRule>; 2] = [
        YearlyRule::candidates(transitions[last_standard].local_onset().date()),
        YearlyRule::candidates(transitions[last_daylight].local_onset().date()),
    ];
    let mut next_year = [None::<i32>, None::<i32>];
    let mut start = transitions.len();
    for index in (0..transitions.len()).rev() {
        let transition = &transitions[index];
        let kind = usize::from(transition.daylight);
        let last = &transitions[if transition.daylight {
            last_daylight
        } else {
            last_standard
        }];
        let onset = transition.local_onset();
        let same_shape = transition.before == last.before
            && transition.after == last.after
            && transition.name == last.name
            && onset.time() == last.local_onset().time();
        let consecutive = next_year[kind].is_none_or(|year| year == onset.year() + 1);
        let candidates = YearlyRule::candidates(onset.date());
        let still: Vec<YearlyRule> = fits[kind]
            .iter()
            .copied()
            .filter(|rule| candidates.contains(rule))
            .collect();
        if !same_shape || !consecutive || still.is_empty() {
            break;
        }
        fits[kind] = still;
        next_year[kind] = Some(onset.year());
        start = index;
    }
    let suffix = &transitions[start..];
    let mut rules = Vec::new();
    for daylight in [false, true] {
        let Some(first) = suffix.iter().find(|t| t.daylight == daylight) else {
            return none;
        };
        rules.push((first, fits[usize::from(daylight)][0]));
    }
    (start, rules)
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

/// The offset of `zone` at an instant, and whether it is daylight-saving time.
fn state(zone: Tz, at: DateTime<Utc>) -> (FixedOffset, bool) {
    let offset = zone.offset_from_utc_datetime(&at.naive_utc());
    (offset.fix(), offset.dst_offset() != Duration::zero())
}

/// How far apart the instants are at which changes are looked for: no zone changes twice
/// within a week.
const STEP_DAYS: i64 = 7;

/// The change between `low` (in the old state) and `high` (in another), to the second.
fn transition_between(zone: Tz, low: DateTime<Utc>, high: DateTime<Utc>) -> Transition {
    let before = state(zone, low);
    let (mut below, mut above) = (0i64, (high - low).num_seconds());
    while above - below > 1 {
        let middle = below + (above - below) / 2;
        if state(zone, low + Duration::seconds(middle)) == before {
            below = middle;
        } else {
            above = middle;
        }
    }
    let at = low + Duration::seconds(above);
    let offset = zone.offset_from_utc_datetime(&at.naive_utc());
    Transition {
        at,
        before: before.0,
        after: offset.fix(),
        name: offset.abbreviation().unwrap_or("").to_owned(),
        daylight: offset.dst_offset() != Duration::zero(),
    }
}

/// Every change of offset from `from` up to `to`.
fn transitions(zone: Tz, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<Transition> {
    let mut found = Vec::new();
    let mut cursor = from;
    while cursor < to {
        let next = cursor + Duration::days(STEP_DAYS);
        if state(zone, next) == state(zone, cursor) {
            cursor = next;
            continue;
        }
        let transition = transition_between(zone, cursor, next);
        cursor = transition.at;
        found.push(transition);
    }
    found
}

/// The last change of offset before `at`, looked for back to the early days of time zones.
fn last_transition_before(zone: Tz, at: DateTime<Utc>) -> Option<Transition> {
    let oldest = Utc.with_ymd_and_hms(1800, 1, 1, 0, 0, 0).single()?;
    let mut cursor = at;
    while cursor > oldest {
        let earlier = cursor - Duration::days(STEP_DAYS);
        if state(zone, earlier) != state(zone, cursor) {
            return transitions(zone, earlier, cursor).pop();
        }
        cursor = earlier;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().to_utc()
    }

    fn vtimezone(zone: Tz, earliest: &str, latest: &str) -> String {
        let mut lines = ContentLines::default();
        write(&mut lines, zone, at(earliest), at(latest));
        lines.into_string()
    }

    #[test]
    fn europe_berlin_gets_yearly_rules() {
        let text = vtimezone(
            chrono_tz::Europe::Berlin,
            "2025-09-09T17:00:00Z",
            "2027-01-01T00:00:00Z",
        );
        assert!(text.contains("BEGIN:STANDARD\r\nDTSTART:20241027T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD"), "{text}");
        assert!(text.contains("BEGIN:DAYLIGHT\r\nDTSTART:20240331T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT"), "{text}");
        assert_eq!(text.matches("BEGIN:").count(), 3);
    }

    #[test]
    fn new_york_counts_from_the_start_of_the_month() {
        let text = vtimezone(
            chrono_tz::America::New_York,
            "2026-01-01T00:00:00Z",
            "2027-01-01T00:00:00Z",
        );
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
    fn zones_without_dst_begin_with_their_last_change() {
        let text = vtimezone(
            chrono_tz::Asia::Tokyo,
            "2026-01-01T00:00:00Z",
            "2027-01-01T00:00:00Z",
        );
        assert!(text.contains("BEGIN:STANDARD\r\nDTSTART:19510909T010000\r\nTZOFFSETFROM:+1000\r\nTZOFFSETTO:+0900\r\nTZNAME:JST"), "{text}");
        assert!(!text.contains("DAYLIGHT"), "{text}");
        let text = vtimezone(
            chrono_tz::UTC,
            "2026-01-01T00:00:00Z",
            "2027-01-01T00:00:00Z",
        );
        assert!(
            text.contains("DTSTART:16010101T000000\r\nTZOFFSETFROM:+0000\r\nTZOFFSETTO:+0000"),
            "{text}"
        );
    }

    #[test]
    fn far_future_events_get_daylight_saving_time() {
        // Class 3: an event in 2030 alone in its zone.
        let text = vtimezone(
            chrono_tz::Europe::Berlin,
            "2030-05-16T10:15:00Z",
            "2030-05-16T12:15:00Z",
        );
        assert!(
            text.contains("BEGIN:DAYLIGHT\r\nDTSTART:20290325T020000"),
            "{text}"
        );
        assert!(
            text.contains("RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU"),
            "{text}"
        );
    }

    #[test]
    fn the_first_observance_is_in_force_at_the_earliest_instant() {
        // Class 4: a series from 1975; Berlin had no daylight saving from 1950 to 1979.
        let text = vtimezone(
            chrono_tz::Europe::Berlin,
            "1975-01-07T18:00:00Z",
            "2027-04-01T00:00:00Z",
        );
        let first = text.find("BEGIN:STANDARD").unwrap();
        assert!(text[first..].starts_with("BEGIN:STANDARD\r\nDTSTART:19491002T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100"), "{text}");
        // 1980–1995 summer time ended in September; the rules without end begin after it.
        assert!(text.contains("DTSTART:19950924T030000"), "{text}");
        assert!(text.contains("BEGIN:STANDARD\r\nDTSTART:19961027T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n"), "{text}");
    }

    #[test]
    fn the_whole_year_of_the_earliest_instant_is_covered() {
        // Berlin's summer time came back on 6 April 1980: a start in September 1980 still gets
        // the observance in force since 1949, so January 1980 reads as +0100 too.
        let text = vtimezone(
            chrono_tz::Europe::Berlin,
            "1980-09-27T00:30:00Z",
            "1981-01-01T00:00:00Z",
        );
        let first = text.find("BEGIN:STANDARD").unwrap();
        assert!(
            text[first..].starts_with("BEGIN:STANDARD\r\nDTSTART:19491002T030000\r\n"),
            "{text}"
        );
    }

    #[test]
    fn local_mean_time_before_the_first_change_is_covered() {
        // Berlin kept local mean time (+00:53:28) until 1893.
        let text = vtimezone(
            chrono_tz::Europe::Berlin,
            "1850-06-01T12:00:00Z",
            "1900-01-01T00:00:00Z",
        );
        assert!(text.contains("BEGIN:STANDARD\r\nDTSTART:16010101T000000\r\nTZOFFSETFROM:+005328\r\nTZOFFSETTO:+005328\r\n"), "{text}");
        assert!(
            text.contains("DTSTART:18930401T000000\r\nTZOFFSETFROM:+005328\r\nTZOFFSETTO:+0100"),
            "{text}"
        );
    }

    #[test]
    fn the_zones_current_rules_continue_without_end() {
        // Class 17: Sydney changed its rules in 2008; the feed ends with rules that continue.
        let text = vtimezone(
            chrono_tz::Australia::Sydney,
            "1996-01-04T08:00:00Z",
            "2027-04-01T00:00:00Z",
        );
        assert!(
            text.contains("RRULE:FREQ=YEARLY;BYMONTH=4;BYDAY=1SU\r\n"),
            "{text}"
        );
        assert!(
            text.contains("RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=1SU\r\n"),
            "{text}"
        );
        assert!(!text.contains("UNTIL"), "{text}");
        assert!(!text.contains("DTSTART:2027"), "{text}");
    }
}
