//! Dates as authors write them in front matter, resolved into the site's time zone.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, TimeZone};
use chrono_tz::Tz;
use serde::{Deserialize, Deserializer};

use crate::load::front_matter::deserialize_parsed;

/// A date or date-time exactly as written; its time zone is applied by [`DateInput::resolve`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateInput {
    /// `YYYY-MM-DD`: midnight in the site's time zone.
    Day(NaiveDate),
    /// `YYYY-MM-DD HH:MM[:SS]`: a wall-clock time in the site's time zone.
    Local(NaiveDateTime),
    /// RFC 3339 with its own offset.
    Absolute(DateTime<FixedOffset>),
}

pub const DATE_FORMS: &str = "YYYY-MM-DD, YYYY-MM-DD HH:MM, YYYY-MM-DD HH:MM:SS or RFC 3339 such as 2026-03-10T19:00:00+01:00";

impl DateInput {
    /// The date `text` gives, in years 1 to 9999 (as events have them: year 0 is a typo).
    pub fn parse(text: &str) -> Option<DateInput> {
        let parsed = Self::parse_any_year(text.trim())?;
        let year = match parsed {
            DateInput::Day(day) => day.year(),
            DateInput::Local(local) => local.year(),
            DateInput::Absolute(instant) => instant.year(),
        };
        (1..=9999).contains(&year).then_some(parsed)
    }

    fn parse_any_year(text: &str) -> Option<DateInput> {
        if let Ok(day) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            return Some(DateInput::Day(day));
        }
        for format in ["%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"] {
            if let Ok(local) = NaiveDateTime::parse_from_str(text, format) {
                return Some(DateInput::Local(local));
            }
        }
        DateTime::parse_from_rfc3339(text)
            .ok()
            .map(DateInput::Absolute)
    }

    /// The instant in `zone`. A wall-clock time that the zone skips (the hour lost when clocks go
    /// forward) is an error; one that occurs twice takes the earlier, as RFC 5545 does.
    pub fn resolve(self, zone: Tz) -> Result<DateTime<Tz>, String> {
        let local = match self {
            DateInput::Absolute(instant) => return Ok(instant.with_timezone(&zone)),
            DateInput::Day(day) => day.and_time(chrono::NaiveTime::MIN),
            DateInput::Local(local) => local,
        };
        zone.from_local_datetime(&local).earliest().ok_or_else(|| {
            format!(
                "{} does not exist in {zone}: the clocks skip that hour when summer time begins",
                local.format("%Y-%m-%d %H:%M")
            )
        })
    }
}

impl<'de> Deserialize<'de> for DateInput {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_parsed(deserializer, "a date", |text| {
            DateInput::parse(text).ok_or_else(|| {
                no_such_day(text)
                    .unwrap_or_else(|| format!("`{text}` is not a date; expected {DATE_FORMS}"))
            })
        })
    }
}

/// Why `text`, which starts in the form YYYY-MM-DD, names no day of the calendar (`2026-02-30`,
/// `2026-13-01`); `None` when it is not in that form or the day exists. The writer got the form
/// right, so the message says what is wrong with the day rather than repeating the forms.
pub fn no_such_day(text: &str) -> Option<String> {
    let text = text.trim();
    let day_part = text.get(..10)?;
    let mut parts = day_part.split('-');
    let (Some(year), Some(month), Some(day), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    let digits =
        |part: &str, len: usize| part.len() == len && part.bytes().all(|b| b.is_ascii_digit());
    if !(digits(year, 4) && digits(month, 2) && digits(day, 2)) {
        return None;
    }
    let (year, month, day): (i32, u32, u32) =
        (year.parse().ok()?, month.parse().ok()?, day.parse().ok()?);
    if year == 0 {
        return Some(format!(
            "`{text}` is not a date: there is no year 0000; years start at 0001"
        ));
    }
    if !(1..=12).contains(&month) {
        return Some(format!(
            "`{text}` is not a date: there is no month {month:02}; the month comes second, 01 to 12 (YYYY-MM-DD)"
        ));
    }
    let first = NaiveDate::from_ymd_opt(year, month, 1)?;
    let next = first.checked_add_months(chrono::Months::new(1))?;
    let length = next.signed_duration_since(first).num_days();
    if day == 0 || i64::from(day) > length {
        // chrono's `%B` is English; the calendar's own words for the month are not needed here.
        return Some(format!(
            "`{text}` is not a date: {} has {length} days",
            first.format("%B %Y")
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Europe::Berlin;

    fn resolve(text: &str) -> Result<String, String> {
        DateInput::parse(text)
            .ok_or("unparsed".to_owned())?
            .resolve(Berlin)
            .map(|d| d.to_rfc3339())
    }

    #[test]
    fn every_form_resolves_in_the_site_zone() {
        assert_eq!(resolve("2026-01-15").unwrap(), "2026-01-15T00:00:00+01:00");
        assert_eq!(
            resolve("2026-07-15 19:00").unwrap(),
            "2026-07-15T19:00:00+02:00"
        );
        assert_eq!(
            resolve("2026-07-15 19:00:30").unwrap(),
            "2026-07-15T19:00:30+02:00"
        );
        assert_eq!(
            resolve("2026-07-15T17:00:00Z").unwrap(),
            "2026-07-15T19:00:00+02:00"
        );
    }

    #[test]
    fn a_day_that_does_not_exist_is_named() {
        assert_eq!(
            no_such_day("2026-02-30 08:30").unwrap(),
            "`2026-02-30 08:30` is not a date: February 2026 has 28 days"
        );
        assert_eq!(
            no_such_day("2028-02-30").unwrap(),
            "`2028-02-30` is not a date: February 2028 has 29 days"
        );
        assert_eq!(
            no_such_day("2026-04-31").unwrap(),
            "`2026-04-31` is not a date: April 2026 has 30 days"
        );
        assert_eq!(
            no_such_day("2026-13-01").unwrap(),
            "`2026-13-01` is not a date: there is no month 13; the month comes second, 01 to 12 (YYYY-MM-DD)"
        );
        assert_eq!(
            no_such_day("0000-01-01").unwrap(),
            "`0000-01-01` is not a date: there is no year 0000; years start at 0001"
        );
        assert_eq!(DateInput::parse("0000-01-01"), None);
        assert_eq!(DateInput::parse("0000-01-01T00:00:00Z"), None);
        assert_eq!(no_such_day("2026-02-28"), None);
        assert_eq!(no_such_day("15.07.2026"), None);
    }

    #[test]
    fn invalid_and_skipped_times_are_refused() {
        assert!(DateInput::parse("2026-13-01").is_none());
        assert!(DateInput::parse("15.07.2026").is_none());
        assert!(
            resolve("2026-03-29 02:30")
                .unwrap_err()
                .contains("does not exist")
        );
        assert_eq!(
            resolve("2026-10-25 02:30").unwrap(),
            "2026-10-25T02:30:00+02:00"
        );
    }
}
