//! Points in event time: a wall-clock moment in a zone, or a whole day; and how long events last.

use std::fmt;

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone};
use chrono_tz::Tz;

use crate::load::front_matter::deserialize_parsed;

/// The start or end of an occurrence. All-day ends are exclusive, as in iCalendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum When {
    Timed(DateTime<Tz>),
    AllDay(NaiveDate),
}

impl When {
    pub fn date(self) -> NaiveDate {
        match self {
            When::Timed(moment) => moment.date_naive(),
            When::AllDay(day) => day,
        }
    }

    /// The instant this begins, all-day dates at midnight in `zone`.
    pub fn instant(self, zone: Tz) -> DateTime<Tz> {
        match self {
            When::Timed(moment) => moment,
            When::AllDay(day) => resolve_local(zone, day.and_time(NaiveTime::MIN)),
        }
    }

    pub fn to_rfc3339(self, zone: Tz) -> String {
        self.instant(zone).to_rfc3339()
    }
}

/// A wall-clock time in `zone` as RFC 5545 reads it: a time the clocks skip is taken with the
/// offset before the gap (02:30 on the spring change becomes 03:30), a time that occurs twice is
/// the first of the two. The same rule the recurrence expansion follows.
pub fn resolve_local(zone: Tz, local: NaiveDateTime) -> DateTime<Tz> {
    if let Some(moment) = zone.from_local_datetime(&local).earliest() {
        return moment;
    }
    // In a gap: the offset in force a day earlier is the one before the gap.
    let before = zone
        .offset_from_utc_datetime(&(local - Duration::days(1)))
        .fix();
    zone.from_utc_datetime(&(local - Duration::seconds(i64::from(before.local_minus_utc()))))
}

/// Whether writing `moment` as a local time in its zone names another instant: the second
/// half of a fold, whose wall-clock times RFC 5545 reads as the first.
pub fn is_ambiguous_as_local(moment: DateTime<Tz>) -> bool {
    resolve_local(moment.timezone(), moment.naive_local()) != moment
}

/// How long an occurrence lasts: `2h30m`, `90m`, `2d`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Length(pub Duration);

/// The longest an occurrence may last: longer "events" are nearly always a typo, and the
/// limit keeps every date computed from a length within the calendar's range.
pub const MAX_LENGTH_DAYS: i64 = 366;

impl Length {
    pub fn parse(text: &str) -> Result<Length, String> {
        let text = text.trim();
        let not_a_duration = || {
            format!(
                "`{text}` is not a duration; expected hours and minutes such as 2h30m, 90m or 2d"
            )
        };
        let mut minutes: u64 = 0;
        let mut number = String::new();
        let mut seen_unit = false;
        for c in text.chars() {
            if c.is_ascii_digit() {
                number.push(c);
                continue;
            }
            let unit: u64 = match c {
                'd' => 24 * 60,
                'h' => 60,
                'm' => 1,
                _ => return Err(not_a_duration()),
            };
            let amount: u64 = match number.parse() {
                Ok(amount) => amount,
                Err(_) if number.is_empty() => return Err(not_a_duration()),
                Err(_) => u64::MAX,
            };
            number.clear();
            minutes = amount
                .checked_mul(unit)
                .and_then(|part| minutes.checked_add(part))
                .unwrap_or(u64::MAX);
            seen_unit = true;
        }
        if !number.is_empty() || !seen_unit || minutes == 0 {
            return Err(not_a_duration());
        }
        Length::checked(Duration::minutes(
            i64::try_from(minutes.min(u64::from(u32::MAX))).unwrap_or(i64::MAX),
        ))
        .map_err(|message| format!("`{text}` {message}"))
    }

    /// `length` if it lies within the bound, else why not ("is longer than a year…").
    pub fn checked(length: Duration) -> Result<Length, String> {
        if length > Duration::days(MAX_LENGTH_DAYS) {
            return Err(format!(
                "is longer than a year; an occurrence lasts at most {MAX_LENGTH_DAYS} days"
            ));
        }
        Ok(Length(length))
    }

    pub fn whole_days(&self) -> Option<i64> {
        (self.0.num_seconds() % 86_400 == 0).then(|| self.0.num_days())
    }
}

impl<'de> serde::Deserialize<'de> for Length {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_parsed(deserializer, "a duration", Length::parse)
    }
}

impl fmt::Display for Length {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let minutes = self.0.num_minutes();
        let (days, hours, minutes) = (minutes / 1440, minutes % 1440 / 60, minutes % 60);
        for (amount, unit) in [(days, "d"), (hours, "h"), (minutes, "m")] {
            if amount > 0 {
                write!(f, "{amount}{unit}")?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Europe::Berlin;

    fn local(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn lengths_parse_in_the_documented_forms() {
        assert_eq!(Length::parse("2h30m"), Ok(Length(Duration::minutes(150))));
        assert_eq!(Length::parse("90m"), Ok(Length(Duration::minutes(90))));
        assert_eq!(Length::parse("2d").unwrap().whole_days(), Some(2));
        assert_eq!(Length::parse("1d12h").unwrap().to_string(), "1d12h");
        for bad in ["", "2", "h", "2x", "0m", "2h30"] {
            assert!(
                Length::parse(bad).unwrap_err().contains("not a duration"),
                "{bad}"
            );
        }
    }

    #[test]
    fn lengths_beyond_a_year_are_refused_without_overflow() {
        for huge in [
            "100000000d",
            "106751997300d",
            "9236854775807h",
            "99999999999999999999999m",
            "367d",
            "366d1m",
        ] {
            let message = Length::parse(huge).unwrap_err();
            assert!(message.contains("longer than a year"), "{huge}: {message}");
        }
        assert_eq!(Length::parse("366d").unwrap().whole_days(), Some(366));
    }

    #[test]
    fn gaps_and_folds_follow_rfc_5545() {
        assert_eq!(
            resolve_local(Berlin, local("2026-03-29 02:30")).to_rfc3339(),
            "2026-03-29T03:30:00+02:00"
        );
        assert_eq!(
            resolve_local(Berlin, local("2026-10-25 02:30")).to_rfc3339(),
            "2026-10-25T02:30:00+02:00"
        );
        assert_eq!(
            resolve_local(Berlin, local("2026-07-14 19:00")).to_rfc3339(),
            "2026-07-14T19:00:00+02:00"
        );
        // Santiago's clocks jump from 00:00 to 01:00: a gap at midnight.
        assert_eq!(
            resolve_local(chrono_tz::America::Santiago, local("2026-09-06 00:30")).to_rfc3339(),
            "2026-09-06T01:30:00-03:00"
        );
        let second_half = resolve_local(Berlin, local("2026-10-25 02:30")) + Duration::hours(1);
        assert!(is_ambiguous_as_local(second_half));
        assert!(!is_ambiguous_as_local(second_half - Duration::hours(1)));
    }
}
