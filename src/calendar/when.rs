//! Points in event time: a wall-clock moment in a zone, or a whole day; and how long events last.

use std::fmt;

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use chrono_tz::Tz;

use crate::content::front_matter::deserialize_parsed;

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
    let midnight = zone
        .from_local_datetime(&local.date().and_time(NaiveTime::MIN))
        .earliest()
        .unwrap_or_else(|| zone.from_utc_datetime(&local));
    midnight + (local.time() - NaiveTime::MIN)
}

/// How long an occurrence lasts: `2h30m`, `90m`, `2d`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Length(pub Duration);

impl Length {
    pub fn parse(text: &str) -> Option<Length> {
        let text = text.trim();
        let mut total = Duration::zero();
        let mut number = String::new();
        let mut seen_unit = false;
        for c in text.chars() {
            if c.is_ascii_digit() {
                number.push(c);
                continue;
            }
            let amount: i64 = number.parse().ok()?;
            number.clear();
            total += match c {
                'd' => Duration::days(amount),
                'h' => Duration::hours(amount),
                'm' => Duration::minutes(amount),
                _ => return None,
            };
            seen_unit = true;
        }
        (number.is_empty() && seen_unit && total > Duration::zero()).then_some(Length(total))
    }

    pub fn whole_days(&self) -> Option<i64> {
        (self.0.num_seconds() % 86_400 == 0).then(|| self.0.num_days())
    }
}

impl<'de> serde::Deserialize<'de> for Length {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_parsed(deserializer, "a duration", |text| {
            Length::parse(text).ok_or_else(|| {
                format!("`{text}` is not a duration; expected hours and minutes such as 2h30m, 90m or 2d")
            })
        })
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
        assert_eq!(Length::parse("2h30m"), Some(Length(Duration::minutes(150))));
        assert_eq!(Length::parse("90m"), Some(Length(Duration::minutes(90))));
        assert_eq!(Length::parse("2d").unwrap().whole_days(), Some(2));
        assert_eq!(Length::parse("1d12h").unwrap().to_string(), "1d12h");
        for bad in ["", "2", "h", "2x", "0m", "2h30"] {
            assert_eq!(Length::parse(bad), None, "{bad}");
        }
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
    }
}
