//! Recurrence rules: an author's RRULE checked, normalised for iCalendar (UNTIL in UTC when the
//! start has a zone) and expanded with the `rrule` crate, which follows RFC 5545 across DST.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use rrule::{RRule, Unvalidated};

use super::when::{When, resolve_local};

/// A validated rule, as written into `.ics` files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// The RRULE value for the feed, without the `RRULE:` prefix.
    pub ics_value: String,
    /// The same rule as `rrule` expands it (all-day series are expanded at midnight UTC).
    expansion_value: String,
}

/// The most occurrences one series may have before the end of the calendar window.
const MAX_OCCURRENCES: u16 = u16::MAX;

impl Rule {
    /// Checks `text` for a series starting at `start` in `zone`; the error quotes the part at fault.
    pub fn parse(text: &str, start: When, zone: Tz) -> Result<Rule, String> {
        let body = text.trim();
        let body = match body.get(..6) {
            Some(prefix) if prefix.eq_ignore_ascii_case("RRULE:") => &body[6..],
            _ => body,
        };
        if body.is_empty() || body.contains(['\n', '\r']) {
            return Err(format!("`{text}` is not a single RRULE"));
        }
        let mut ics_parts = Vec::new();
        let mut expansion_parts = Vec::new();
        for part in body.split(';').filter(|part| !part.trim().is_empty()) {
            let (key, value) = part
                .split_once('=')
                .ok_or_else(|| format!("`{part}` is not of the form NAME=VALUE"))?;
            let key = key.trim().to_ascii_uppercase();
            let value = value.trim().to_ascii_uppercase();
            if key == "UNTIL" {
                let (ics, expansion) = until_values(&value, start, zone)
                    .ok_or_else(|| format!("`UNTIL={value}` is not a date (YYYYMMDD) or date-time (YYYYMMDDTHHMMSS, optionally with Z)"))?;
                ics_parts.push(format!("UNTIL={ics}"));
                expansion_parts.push(format!("UNTIL={expansion}"));
            } else {
                ics_parts.push(format!("{key}={value}"));
                expansion_parts.push(format!("{key}={value}"));
            }
        }
        let rule = Rule {
            ics_value: ics_parts.join(";"),
            expansion_value: expansion_parts.join(";"),
        };
        rule.set(start, zone)?;
        Ok(rule)
    }

    fn set(&self, start: When, zone: Tz) -> Result<rrule::RRuleSet, String> {
        let parsed: RRule<Unvalidated> = self
            .expansion_value
            .parse()
            .map_err(|error: rrule::RRuleError| plain_rrule_error(&error))?;
        parsed
            .build(expansion_start(start, zone))
            .map_err(|error| plain_rrule_error(&error))
    }

    /// Whether the series has any start at all, however late.
    pub fn yields_any(&self, start: When, zone: Tz) -> Result<bool, String> {
        Ok(!self.set(start, zone)?.all(1).dates.is_empty())
    }

    /// Every start of the series from its first up to `bound` (exclusive), in order.
    pub fn expand(&self, start: When, zone: Tz, bound: DateTime<Utc>) -> Result<Vec<When>, String> {
        let set = self.set(start, zone)?;
        let bound = bound.with_timezone(&rrule::Tz::UTC);
        let result = set.before(bound).all(MAX_OCCURRENCES);
        if result.limited {
            return Err(format!(
                "the rule yields more than {MAX_OCCURRENCES} occurrences before the calendar ends; give it an UNTIL or COUNT, or a longer interval"
            ));
        }
        Ok(result
            .dates
            .into_iter()
            .filter(|date| *date < bound)
            .map(|date| match start {
                When::AllDay(_) => When::AllDay(date.date_naive()),
                When::Timed(_) => When::Timed(date.with_timezone(&zone)),
            })
            .collect())
    }
}

/// The rule's first start as `rrule` wants it: all-day series run at midnight UTC so that no
/// DST change can move a day.
fn expansion_start(start: When, zone: Tz) -> DateTime<rrule::Tz> {
    match start {
        When::Timed(moment) => moment.with_timezone(&rrule::Tz::Tz(zone)),
        When::AllDay(day) => rrule::Tz::UTC.from_utc_datetime(&day.and_time(NaiveTime::MIN)),
    }
}

/// UNTIL for the feed and for expansion. A date means "through that day". For a timed series it
/// becomes the end of that day in the event's zone, written in UTC as RFC 5545 requires when
/// DTSTART has a TZID; an all-day series keeps a DATE.
fn until_values(value: &str, start: When, zone: Tz) -> Option<(String, String)> {
    let (local, is_utc) = if let Ok(day) = NaiveDate::parse_from_str(value, "%Y%m%d") {
        (day.and_hms_opt(23, 59, 59)?, false)
    } else if let Some(utc) = value.strip_suffix('Z') {
        (
            NaiveDateTime::parse_from_str(utc, "%Y%m%dT%H%M%S").ok()?,
            true,
        )
    } else {
        (
            NaiveDateTime::parse_from_str(value, "%Y%m%dT%H%M%S").ok()?,
            false,
        )
    };
    match start {
        When::AllDay(_) => {
            let day = local.date();
            let expansion = day
                .and_hms_opt(23, 59, 59)?
                .format("%Y%m%dT%H%M%SZ")
                .to_string();
            Some((day.format("%Y%m%d").to_string(), expansion))
        }
        When::Timed(_) => {
            let utc = if is_utc {
                Utc.from_utc_datetime(&local)
            } else {
                resolve_local(zone, local).with_timezone(&Utc)
            };
            let text = utc.format("%Y%m%dT%H%M%SZ").to_string();
            Some((text.clone(), text))
        }
    }
}

/// rrule's messages without its own "RRule parsing error:" prefix.
fn plain_rrule_error(error: &rrule::RRuleError) -> String {
    match error {
        rrule::RRuleError::ParserError(inner) => inner.to_string(),
        rrule::RRuleError::ValidationError(inner) => inner.to_string(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Europe::Berlin;

    fn timed(text: &str) -> When {
        let local = NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap();
        When::Timed(resolve_local(Berlin, local))
    }

    fn bound(text: &str) -> DateTime<Utc> {
        Utc.from_utc_datetime(
            &NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .unwrap()
                .and_time(NaiveTime::MIN),
        )
    }

    fn starts(rule: &str, start: When, until: &str) -> Vec<String> {
        Rule::parse(rule, start, Berlin)
            .unwrap()
            .expand(start, Berlin, bound(until))
            .unwrap()
            .iter()
            .map(|when| when.to_rfc3339(Berlin))
            .collect()
    }

    #[test]
    fn second_tuesday_at_seven_stays_at_seven_across_dst() {
        let all = starts(
            "RRULE:FREQ=MONTHLY;BYDAY=2TU",
            timed("2026-01-13 19:00"),
            "2026-12-31",
        );
        assert_eq!(all.len(), 12);
        assert_eq!(all[0], "2026-01-13T19:00:00+01:00");
        assert_eq!(all[3], "2026-04-14T19:00:00+02:00");
        assert_eq!(all[10], "2026-11-10T19:00:00+01:00");
    }

    #[test]
    fn until_becomes_utc_for_timed_and_stays_a_date_for_all_day() {
        let rule = Rule::parse(
            "freq=weekly;interval=2;until=20260301",
            timed("2026-01-01 07:30"),
            Berlin,
        )
        .unwrap();
        assert_eq!(
            rule.ics_value,
            "FREQ=WEEKLY;INTERVAL=2;UNTIL=20260301T225959Z"
        );
        let day = When::AllDay(NaiveDate::from_ymd_opt(2026, 12, 18).unwrap());
        let rule = Rule::parse("FREQ=YEARLY;UNTIL=20281218", day, Berlin).unwrap();
        assert_eq!(rule.ics_value, "FREQ=YEARLY;UNTIL=20281218");
        assert_eq!(
            rule.expand(day, Berlin, bound("2040-01-01")).unwrap().len(),
            3
        );
    }

    #[test]
    fn bad_rules_quote_the_part_at_fault() {
        let start = timed("2026-01-13 19:00");
        assert!(
            Rule::parse("FREQ=MONTHLY;BYDAY=2XY", start, Berlin)
                .unwrap_err()
                .contains("2XY")
        );
        assert!(
            Rule::parse("FREQ=SOMETIMES", start, Berlin)
                .unwrap_err()
                .contains("SOMETIMES")
        );
        assert!(
            Rule::parse("FREQ=WEEKLY;UNTIL=morgen", start, Berlin)
                .unwrap_err()
                .contains("UNTIL=MORGEN")
        );
        assert!(
            Rule::parse("FREQ", start, Berlin)
                .unwrap_err()
                .contains("`FREQ`")
        );
    }
}
