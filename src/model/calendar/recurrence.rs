//! Recurrence rules: an author's RRULE validated into a typed [`Rule`] (the feed's RRULE is
//! written from it, never copied from the input) and expanded in local wall-clock time, as
//! RFC 5545 defines it; turning those local times into instants is the event's business.

use std::collections::VecDeque;
use std::fmt::Write as _;

use chrono::{
    DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Timelike, Utc,
    Weekday,
};
use chrono_tz::Tz;

use super::when::resolve_local;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Frequency {
    Yearly,
    Monthly,
    Weekly,
    Daily,
    Hourly,
    Minutely,
    Secondly,
}

const FREQUENCIES: [(&str, Frequency); 7] = [
    ("YEARLY", Frequency::Yearly),
    ("MONTHLY", Frequency::Monthly),
    ("WEEKLY", Frequency::Weekly),
    ("DAILY", Frequency::Daily),
    ("HOURLY", Frequency::Hourly),
    ("MINUTELY", Frequency::Minutely),
    ("SECONDLY", Frequency::Secondly),
];

const WEEKDAYS: [(&str, Weekday); 7] = [
    ("MO", Weekday::Mon),
    ("TU", Weekday::Tue),
    ("WE", Weekday::Wed),
    ("TH", Weekday::Thu),
    ("FR", Weekday::Fri),
    ("SA", Weekday::Sat),
    ("SU", Weekday::Sun),
];

/// The parts of an RRULE, in the order Treffpunkt writes them.
const PARTS: [&str; 14] = [
    "FREQ",
    "INTERVAL",
    "COUNT",
    "UNTIL",
    "BYMONTH",
    "BYWEEKNO",
    "BYYEARDAY",
    "BYMONTHDAY",
    "BYDAY",
    "BYHOUR",
    "BYMINUTE",
    "BYSECOND",
    "BYSETPOS",
    "WKST",
];

/// Names people write for a part, beside plain misspellings.
const ALIASES: [(&str, &str); 8] = [
    ("BYWEEKDAY", "BYDAY"),
    ("BYWEEKDAYS", "BYDAY"),
    ("WEEKDAY", "BYDAY"),
    ("DAY", "BYDAY"),
    ("FREQUENCY", "FREQ"),
    ("REPEAT", "FREQ"),
    ("END", "UNTIL"),
    ("WEEKSTART", "WKST"),
];

/// The most dates one series may have before the end of the calendar window.
pub const MAX_STARTS: usize = 1_000_000;
/// How many candidate times one expansion may examine: a rule that needs more (a SECONDLY rule
/// whose every second is filtered out) is refused instead of stalling the build.
const MAX_CANDIDATES: u64 = 50_000_000;
/// Rules are expanded no later than this year.
const LAST_YEAR: i32 = 9999;

/// A weekday in BYDAY, with its ordinal (`2TU`, `-1FR`) if it has one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ByDay {
    pub ordinal: Option<i32>,
    pub weekday: Weekday,
}

/// Where a series ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    Never,
    Count(u32),
    /// For an all-day series: the last day that may hold an occurrence.
    UntilDay(NaiveDate),
    /// For a timed series: the last instant an occurrence may start at.
    UntilInstant(DateTime<Utc>),
}

/// A refused rule: what is wrong, and the part of the written rule that is at fault (empty when
/// the rule as a whole is).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError {
    pub message: String,
    pub part: String,
    pub help: Option<String>,
}

impl RuleError {
    fn new(part: &str, message: impl Into<String>) -> RuleError {
        RuleError {
            message: message.into(),
            part: part.to_owned(),
            help: None,
        }
    }

    fn help(mut self, help: impl Into<String>) -> RuleError {
        self.help = Some(help.into());
        self
    }
}

/// A validated recurrence rule (RFC 5545 3.3.10).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    pub frequency: Frequency,
    pub interval: u32,
    pub end: End,
    pub week_start: Option<Weekday>,
    pub by_month: Vec<u32>,
    pub by_week_no: Vec<i32>,
    pub by_year_day: Vec<i32>,
    pub by_month_day: Vec<i32>,
    pub by_day: Vec<ByDay>,
    pub by_hour: Vec<u32>,
    pub by_minute: Vec<u32>,
    pub by_second: Vec<u32>,
    pub by_set_pos: Vec<i32>,
}

/// A series' first start as written: a local time in the event's zone, or a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FirstStart {
    Timed(NaiveDateTime),
    AllDay(NaiveDate),
}

impl FirstStart {
    /// The local time, midnight for a day.
    pub fn local(self) -> NaiveDateTime {
        match self {
            FirstStart::Timed(local) => local,
            FirstStart::AllDay(day) => day.and_time(NaiveTime::MIN),
        }
    }
}

fn numbers(
    part: &str,
    value: &str,
    name: &str,
    range: (i32, i32),
    signed: bool,
) -> Result<Vec<i32>, RuleError> {
    let mut all = Vec::new();
    for item in value.split(',') {
        let item = item.trim();
        let number: Option<i32> = item
            .strip_prefix('+')
            .unwrap_or(item)
            .parse()
            .ok()
            .filter(|n: &i32| n.unsigned_abs() as i32 >= range.0 && n.abs() <= range.1)
            .filter(|n| signed || *n >= 0);
        let Some(number) = number else {
            let allowed = if signed {
                format!("{} to {} or -{} to -{}", range.0, range.1, range.0, range.1)
            } else {
                format!("{} to {}", range.0, range.1)
            };
            return Err(RuleError::new(
                part,
                format!("`{item}` is not a valid {name} value; allowed are {allowed}"),
            ));
        };
        if !all.contains(&number) {
            all.push(number);
        }
    }
    Ok(all)
}

fn weekday(code: &str) -> Option<Weekday> {
    WEEKDAYS
        .iter()
        .find(|(name, _)| *name == code)
        .map(|(_, day)| *day)
}

fn weekday_code(day: Weekday) -> &'static str {
    WEEKDAYS
        .iter()
        .find(|(_, d)| *d == day)
        .map_or("MO", |(name, _)| name)
}

/// The part a misspelt or unknown name probably means.
fn intended_part(name: &str) -> Option<&'static str> {
    if let Some((_, part)) = ALIASES.iter().find(|(alias, _)| *alias == name) {
        return Some(part);
    }
    PARTS
        .iter()
        .map(|part| (strsim::damerau_levenshtein(name, part), *part))
        .filter(|(distance, part)| *distance <= 2.max(part.len() / 3))
        .min()
        .map(|(_, part)| part)
}

impl Rule {
    /// Checks `text` for a series whose first start is `start` in `zone`.
    pub fn parse(text: &str, start: FirstStart, zone: Tz) -> Result<Rule, RuleError> {
        let body = text.trim();
        let body = match body.get(..6) {
            Some(prefix) if prefix.eq_ignore_ascii_case("RRULE:") => &body[6..],
            _ => body,
        };
        if body.is_empty() || body.chars().any(char::is_control) {
            return Err(RuleError::new(
                "",
                format!("`{}` is not a single RRULE", text.escape_debug()),
            ));
        }
        let mut seen: Vec<(&'static str, &str, String)> = Vec::new();
        for part in body.split(';').filter(|part| !part.trim().is_empty()) {
            let Some((key, value)) = part.split_once('=') else {
                return Err(RuleError::new(
                    part,
                    format!("`{part}` is not of the form NAME=VALUE"),
                ));
            };
            let key_upper = key.trim().to_ascii_uppercase();
            let Some(known) = PARTS.iter().find(|known| **known == key_upper) else {
                let mut message = format!("`{}` is not a part of an RRULE", key.trim());
                if let Some(intended) = intended_part(&key_upper) {
                    let _ = write!(message, "; did you mean `{intended}`?");
                }
                return Err(RuleError::new(part, message)
                    .help(format!("the parts of a rule are {}", PARTS.join(", "))));
            };
            if seen.iter().any(|(name, ..)| name == known) {
                return Err(RuleError::new(part, format!("`{known}` is given twice")));
            }
            seen.push((known, part, value.trim().to_ascii_uppercase()));
        }
        let get = |name: &str| {
            seen.iter()
                .find(|(known, ..)| *known == name)
                .map(|(_, part, value)| (*part, value.as_str()))
        };

        let Some((freq_part, freq)) = get("FREQ") else {
            return Err(RuleError::new("", "the rule has no FREQ")
                .help("start the rule with FREQ=DAILY, WEEKLY, MONTHLY or YEARLY"));
        };
        let Some(frequency) = FREQUENCIES
            .iter()
            .find(|(name, _)| *name == freq)
            .map(|(_, f)| *f)
        else {
            return Err(RuleError::new(
                freq_part,
                format!(
                    "`{freq}` is not a frequency; allowed are YEARLY, MONTHLY, WEEKLY, DAILY, HOURLY, MINUTELY and SECONDLY"
                ),
            ));
        };
        let all_day = matches!(start, FirstStart::AllDay(_));
        if all_day && frequency > Frequency::Daily {
            return Err(RuleError::new(
                freq_part,
                format!(
                    "an all-day event cannot repeat {}",
                    freq.to_ascii_lowercase()
                ),
            )
            .help("give the start a time, or repeat DAILY or less often"));
        }

        let mut rule = Rule {
            frequency,
            interval: 1,
            end: End::Never,
            week_start: None,
            by_month: Vec::new(),
            by_week_no: Vec::new(),
            by_year_day: Vec::new(),
            by_month_day: Vec::new(),
            by_day: Vec::new(),
            by_hour: Vec::new(),
            by_minute: Vec::new(),
            by_second: Vec::new(),
            by_set_pos: Vec::new(),
        };
        if let Some((part, value)) = get("INTERVAL") {
            rule.interval = value
                .parse()
                .ok()
                .filter(|n| (1..=10_000).contains(n))
                .ok_or_else(|| {
                    RuleError::new(
                        part,
                        format!("`INTERVAL={value}` is not a whole number from 1 to 10000"),
                    )
                })?;
        }
        if let (Some((part, _)), Some(_)) = (get("COUNT"), get("UNTIL")) {
            return Err(
                RuleError::new(part, "a rule takes either COUNT or UNTIL, not both")
                    .help("remove COUNT or UNTIL"),
            );
        }
        if let Some((part, value)) = get("COUNT") {
            let count = value.parse().ok().filter(|n| *n >= 1).ok_or_else(|| {
                RuleError::new(
                    part,
                    format!("`COUNT={value}` is not a whole number of at least 1"),
                )
            })?;
            rule.end = End::Count(count);
        }
        if let Some((part, value)) = get("UNTIL") {
            rule.end = until(value, start, zone).ok_or_else(|| {
                RuleError::new(part, format!("`UNTIL={value}` is not a date (YYYYMMDD) or date-time (YYYYMMDDTHHMMSS, optionally with Z)"))
            })?;
        }
        if let Some((part, value)) = get("WKST") {
            rule.week_start = Some(weekday(value).ok_or_else(|| {
                RuleError::new(
                    part,
                    format!("`WKST={value}` is not a weekday; write MO, TU, WE, TH, FR, SA or SU"),
                )
            })?);
        }
        let list = |name: &str, range: (i32, i32), signed: bool| -> Result<Vec<i32>, RuleError> {
            match get(name) {
                None => Ok(Vec::new()),
                Some((part, value)) => numbers(part, value, name, range, signed),
            }
        };
        let unsigned =
            |values: Vec<i32>| values.into_iter().map(|n| n as u32).collect::<Vec<u32>>();
        rule.by_month = unsigned(list("BYMONTH", (1, 12), false)?);
        rule.by_week_no = list("BYWEEKNO", (1, 53), true)?;
        rule.by_year_day = list("BYYEARDAY", (1, 366), true)?;
        rule.by_month_day = list("BYMONTHDAY", (1, 31), true)?;
        rule.by_hour = unsigned(list("BYHOUR", (0, 23), false)?);
        rule.by_minute = unsigned(list("BYMINUTE", (0, 59), false)?);
        rule.by_second = unsigned(list("BYSECOND", (0, 59), false)?);
        rule.by_set_pos = list("BYSETPOS", (1, 366), true)?;
        if let Some((part, value)) = get("BYDAY") {
            rule.by_day = by_day(part, value, frequency, !rule.by_week_no.is_empty())?;
        }

        let misplaced = |name: &str, allowed: &str| -> Result<(), RuleError> {
            match get(name) {
                Some((part, _)) => Err(RuleError::new(
                    part,
                    format!("{name} is only allowed with {allowed}, not with FREQ={freq}"),
                )),
                None => Ok(()),
            }
        };
        if frequency != Frequency::Yearly {
            misplaced("BYWEEKNO", "FREQ=YEARLY")?;
        }
        if matches!(
            frequency,
            Frequency::Monthly | Frequency::Weekly | Frequency::Daily
        ) {
            misplaced("BYYEARDAY", "FREQ=YEARLY, HOURLY, MINUTELY or SECONDLY")?;
        }
        if frequency == Frequency::Weekly {
            misplaced("BYMONTHDAY", "a frequency other than WEEKLY")?;
        }
        if all_day {
            for name in ["BYHOUR", "BYMINUTE", "BYSECOND"] {
                if let Some((part, _)) = get(name) {
                    return Err(RuleError::new(
                        part,
                        format!("an all-day event has no time of day for {name}"),
                    )
                    .help("give the start a time, or remove the part"));
                }
            }
        }
        if let Some((part, _)) = get("BYSETPOS")
            && !seen
                .iter()
                .any(|(name, ..)| name.starts_with("BY") && *name != "BYSETPOS")
        {
            return Err(RuleError::new(
                part,
                "BYSETPOS picks among the dates of another BYxxx part, and the rule has none",
            )
            .help("add e.g. BYDAY=MO,TU,WE,TH,FR, or remove BYSETPOS"));
        }
        let first = start.local();
        match rule.end {
            End::UntilDay(day) if day < first.date() => {
                return Err(until_before_start(get("UNTIL"), first));
            }
            End::UntilInstant(instant)
                if instant < resolve_local(zone, first).with_timezone(&Utc) =>
            {
                return Err(until_before_start(get("UNTIL"), first));
            }
            _ => {}
        }
        Ok(rule)
    }

    /// The rule as RRULE value for a feed, parts in a fixed order.
    pub fn ics_value(&self) -> String {
        let mut out = String::new();
        let name = FREQUENCIES
            .iter()
            .find(|(_, f)| *f == self.frequency)
            .map_or("DAILY", |(n, _)| n);
        let _ = write!(out, "FREQ={name}");
        if self.interval != 1 {
            let _ = write!(out, ";INTERVAL={}", self.interval);
        }
        match self.end {
            End::Never => {}
            End::Count(count) => {
                let _ = write!(out, ";COUNT={count}");
            }
            End::UntilDay(day) => {
                let _ = write!(out, ";UNTIL={}", day.format("%Y%m%d"));
            }
            End::UntilInstant(instant) => {
                let _ = write!(out, ";UNTIL={}", instant.format("%Y%m%dT%H%M%SZ"));
            }
        }
        let join = |values: &mut dyn Iterator<Item = String>| values.collect::<Vec<_>>().join(",");
        let lists: [(&str, String); 9] = [
            (
                "BYMONTH",
                join(&mut self.by_month.iter().map(u32::to_string)),
            ),
            (
                "BYWEEKNO",
                join(&mut self.by_week_no.iter().map(i32::to_string)),
            ),
            (
                "BYYEARDAY",
                join(&mut self.by_year_day.iter().map(i32::to_string)),
            ),
            (
                "BYMONTHDAY",
                join(&mut self.by_month_day.iter().map(i32::to_string)),
            ),
            (
                "BYDAY",
                join(&mut self.by_day.iter().map(|day| {
                    let code = weekday_code(day.weekday);
                    day.ordinal
                        .map_or(code.to_owned(), |n| format!("{n}{code}"))
                })),
            ),
            ("BYHOUR", join(&mut self.by_hour.iter().map(u32::to_string))),
            (
                "BYMINUTE",
                join(&mut self.by_minute.iter().map(u32::to_string)),
            ),
            (
                "BYSECOND",
                join(&mut self.by_second.iter().map(u32::to_string)),
            ),
            (
                "BYSETPOS",
                join(&mut self.by_set_pos.iter().map(i32::to_string)),
            ),
        ];
        for (name, values) in lists {
            if !values.is_empty() {
                let _ = write!(out, ";{name}={values}");
            }
        }
        if let Some(day) = self.week_start {
            let _ = write!(out, ";WKST={}", weekday_code(day));
        }
        out
    }

    /// Every local start of the series up to the end of day `through`, in order, beginning with
    /// `start` itself (a start the rule does not give is an error naming the rule's first date).
    /// An UNTIL instant is the caller's to apply, as it depends on how local times resolve.
    pub fn expand(
        &self,
        start: FirstStart,
        through: NaiveDate,
    ) -> Result<Vec<NaiveDateTime>, ExpandError> {
        let first = start.local();
        let through = match self.end {
            End::UntilDay(day) => day.min(through),
            // A local time can lie up to a day from its UTC instant.
            End::UntilInstant(instant) => (instant.date_naive() + Duration::days(1)).min(through),
            _ => through,
        }
        .max(first.date());
        let mut expansion = Expansion::new(self, first, through);
        let mut starts = Vec::new();
        for local in expansion.by_ref() {
            if starts.is_empty() && local != first {
                return Err(ExpandError::NotFirst(local));
            }
            if starts.len() == MAX_STARTS {
                return Err(ExpandError::Rule(format!(
                    "the rule gives more than {MAX_STARTS} dates before the calendar ends; give it a later start, an UNTIL or COUNT, or a longer interval"
                )));
            }
            starts.push(local);
        }
        if expansion.exhausted {
            return Err(ExpandError::Rule("the rule needs too much work to expand (it examines millions of times that it then filters out); write it with fewer, more specific parts".to_owned()));
        }
        if starts.is_empty() {
            // The search for the rule's real first date may look far ahead.
            let mut search = Expansion::new(
                self,
                first,
                NaiveDate::from_ymd_opt(LAST_YEAR, 12, 31).unwrap_or(through),
            );
            return Err(match search.next() {
                Some(local) => ExpandError::NotFirst(local),
                None => ExpandError::Rule("the rule gives no date at all; check that its BYxxx parts can meet (e.g. BYMONTHDAY=30 never meets BYMONTH=2)".to_owned()),
            });
        }
        Ok(starts)
    }
}

/// Why a rule cannot be expanded from its start: the start is at fault, or the rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExpandError {
    /// The start is not a date the rule gives; this is the rule's first date after it.
    NotFirst(NaiveDateTime),
    Rule(String),
}

impl ExpandError {
    pub fn message(&self) -> String {
        match self {
            ExpandError::NotFirst(first) => format!(
                "the start is not a date the rule gives: its first is {}; RFC 5545 leaves such a start undefined and calendar programs disagree about it",
                written(*first, true)
            ),
            ExpandError::Rule(message) => message.clone(),
        }
    }
}

/// `first` as the writer would write it, with its weekday when `weekday`.
pub fn written(first: NaiveDateTime, weekday: bool) -> String {
    let form = match (first.time() == NaiveTime::MIN, weekday) {
        (true, true) => "%Y-%m-%d (%A)",
        (true, false) => "%Y-%m-%d",
        (false, true) => "%Y-%m-%d %H:%M (%A)",
        (false, false) => "%Y-%m-%d %H:%M",
    };
    first.format(form).to_string()
}

fn until_before_start(part: Option<(&str, &str)>, first: NaiveDateTime) -> RuleError {
    RuleError::new(
        part.map_or("", |(part, _)| part),
        format!(
            "the rule ends (UNTIL) before the series starts ({})",
            first.format("%Y-%m-%d %H:%M")
        ),
    )
    .help("give an UNTIL on or after the start")
}

fn by_day(
    part: &str,
    value: &str,
    frequency: Frequency,
    with_week_no: bool,
) -> Result<Vec<ByDay>, RuleError> {
    let mut all = Vec::new();
    for item in value.split(',') {
        let item = item.trim();
        let split = item.len().saturating_sub(2);
        let (number, code) = (
            item.get(..split).unwrap_or(""),
            item.get(split..).unwrap_or(""),
        );
        let Some(weekday) = weekday(code) else {
            return Err(RuleError::new(
                part,
                format!(
                    "`{item}` is not a weekday; write MO, TU, WE, TH, FR, SA or SU, optionally with a number such as 2TU or -1FR"
                ),
            ));
        };
        let ordinal = if number.is_empty() {
            None
        } else {
            let limit = match frequency {
                Frequency::Monthly => 5,
                Frequency::Yearly if !with_week_no => 53,
                _ => {
                    let why = if frequency == Frequency::Yearly {
                        "with BYWEEKNO"
                    } else {
                        "outside MONTHLY and YEARLY rules"
                    };
                    return Err(RuleError::new(
                        part,
                        format!("a numbered weekday such as `{item}` is not allowed {why}"),
                    )
                    .help(format!(
                        "write the weekday without a number ({code}), or use FREQ=MONTHLY"
                    )));
                }
            };
            let n: i32 = number
                .strip_prefix('+')
                .unwrap_or(number)
                .parse()
                .ok()
                .filter(|n: &i32| *n != 0 && n.abs() <= limit)
                .ok_or_else(|| RuleError::new(part, format!("`{item}`: the number of a weekday is 1 to {limit} or -1 to -{limit} in a {} rule", if limit == 5 { "monthly" } else { "yearly" })))?;
            Some(n)
        };
        let day = ByDay { ordinal, weekday };
        if !all.contains(&day) {
            all.push(day);
        }
    }
    Ok(all)
}

/// UNTIL as the rule ends: a date means "through that day"; a local date-time is read in the
/// event's zone; either becomes UTC for a timed series, as RFC 5545 requires with a TZID.
fn until(value: &str, start: FirstStart, zone: Tz) -> Option<End> {
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
    if !(1..=LAST_YEAR).contains(&local.year()) {
        return None;
    }
    Some(match start {
        FirstStart::AllDay(_) => End::UntilDay(local.date()),
        FirstStart::Timed(_) if is_utc => End::UntilInstant(Utc.from_utc_datetime(&local)),
        FirstStart::Timed(_) => End::UntilInstant(resolve_local(zone, local).with_timezone(&Utc)),
    })
}

fn days_in_year(year: i32) -> i64 {
    if NaiveDate::from_ymd_opt(year, 2, 29).is_some() {
        366
    } else {
        365
    }
}

fn weekday_number(day: Weekday) -> i64 {
    i64::from(day.num_days_from_monday())
}

/// How a year splits into weeks that begin on `week_start`: the index of the first day of week 1,
/// the index of the year's first `week_start`, and the number of weeks (RFC 5545 3.3.10).
fn year_weeks(year: i32, week_start: i64) -> (i64, i64, i64) {
    let first_weekday =
        NaiveDate::from_ymd_opt(year, 1, 1).map_or(0, |d| weekday_number(d.weekday()));
    let length = days_in_year(year);
    let first_week_start = (7 - first_weekday + week_start).rem_euclid(7);
    let (week_one, counted) = if first_week_start >= 4 {
        (0, length + (first_weekday - week_start).rem_euclid(7))
    } else {
        (first_week_start, length - first_week_start)
    };
    (week_one, first_week_start, counted / 7 + (counted % 7) / 4)
}

/// Day-indexed facts about the year being expanded (index 0 is 1 January; the index runs a week
/// into the next year, as a weekly period may).
struct YearInfo {
    year: i32,
    first: NaiveDate,
    length: i64,
    /// Days in a week BYWEEKNO names.
    in_week: Vec<bool>,
}

impl YearInfo {
    fn new(rule: &Rule, year: i32, week_start: i64) -> Option<YearInfo> {
        let first = NaiveDate::from_ymd_opt(year, 1, 1)?;
        let length = days_in_year(year);
        let weekday_at = |i: i64| (weekday_number(first.weekday()) + i).rem_euclid(7);
        let mut in_week = Vec::new();
        if !rule.by_week_no.is_empty() {
            in_week = vec![false; (length + 7) as usize];
            let (week_one, first_week_start, weeks) = year_weeks(year, week_start);
            let mut mark = |mut i: i64| {
                for _ in 0..7 {
                    if let Some(slot) = usize::try_from(i).ok().and_then(|i| in_week.get_mut(i)) {
                        *slot = true;
                    }
                    i += 1;
                    if weekday_at(i) == week_start {
                        break;
                    }
                }
            };
            let week_index = |n: i64| {
                if n > 1 {
                    let i = week_one + (n - 1) * 7;
                    if week_one != first_week_start {
                        i - (7 - first_week_start)
                    } else {
                        i
                    }
                } else {
                    week_one
                }
            };
            for &n in &rule.by_week_no {
                let n = i64::from(n);
                let n = if n < 0 { n + weeks + 1 } else { n };
                if 0 < n && n <= weeks {
                    mark(week_index(n));
                }
            }
            if rule.by_week_no.contains(&1) {
                // Week 1 of the next year may begin in this one.
                let i = week_index(weeks + 1);
                if i < length {
                    mark(i);
                }
            }
            if week_one > 0 {
                // The days before week 1 belong to the last week of the year before.
                let (_, _, last_weeks) = year_weeks(year - 1, week_start);
                if rule
                    .by_week_no
                    .iter()
                    .any(|&n| i64::from(n) == last_weeks || n == -1)
                {
                    for slot in in_week.iter_mut().take(week_one as usize) {
                        *slot = true;
                    }
                }
            }
        }
        Some(YearInfo {
            year,
            first,
            length,
            in_week,
        })
    }

    fn date(&self, index: i64) -> NaiveDate {
        self.first + Duration::days(index)
    }

    fn index(&self, day: NaiveDate) -> i64 {
        (day - self.first).num_days()
    }

    /// The indices of the first and the day after the last day of `month`.
    fn month_range(&self, month: u32) -> (i64, i64) {
        let start = NaiveDate::from_ymd_opt(self.year, month, 1).unwrap_or(self.first);
        let next = if month == 12 {
            NaiveDate::from_ymd_opt(self.year + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(self.year, month + 1, 1)
        }
        .unwrap_or(start);
        (self.index(start), self.index(next))
    }
}

/// The lazy expansion of a rule from its first start through a last day.
struct Expansion<'a> {
    rule: &'a Rule,
    first: NaiveDateTime,
    through: NaiveDate,
    week_start: i64,
    /// The period being expanded: its year, month and first day.
    cursor: NaiveDate,
    info: Option<YearInfo>,
    times: Vec<NaiveTime>,
    pending: VecDeque<NaiveDateTime>,
    remaining: Option<u32>,
    examined: u64,
    exhausted: bool,
    done: bool,
    /// BYMONTHDAY and BYDAY as used, with the defaults RFC 5545 takes from the start.
    month_days: Vec<i32>,
    weekdays: Vec<ByDay>,
    months: Vec<u32>,
}

impl<'a> Expansion<'a> {
    fn new(rule: &'a Rule, first: NaiveDateTime, through: NaiveDate) -> Expansion<'a> {
        let mut month_days = rule.by_month_day.clone();
        let mut weekdays = rule.by_day.clone();
        let mut months = rule.by_month.clone();
        let unrestricted = rule.by_week_no.is_empty()
            && rule.by_year_day.is_empty()
            && month_days.is_empty()
            && weekdays.is_empty();
        if unrestricted {
            match rule.frequency {
                Frequency::Yearly => {
                    if months.is_empty() {
                        months.push(first.month());
                    }
                    month_days.push(first.day() as i32);
                }
                Frequency::Monthly => month_days.push(first.day() as i32),
                Frequency::Weekly => weekdays.push(ByDay {
                    ordinal: None,
                    weekday: first.weekday(),
                }),
                _ => {}
            }
        }
        let pick = |values: &[u32], default: u32| {
            if values.is_empty() {
                vec![default]
            } else {
                values.to_vec()
            }
        };
        let mut times: Vec<NaiveTime> = Vec::new();
        if rule.frequency <= Frequency::Daily {
            for hour in pick(&rule.by_hour, first.hour()) {
                for minute in pick(&rule.by_minute, first.minute()) {
                    for second in pick(&rule.by_second, first.second()) {
                        times.extend(NaiveTime::from_hms_opt(hour, minute, second));
                    }
                }
            }
            times.sort();
        }
        let week_start = weekday_number(rule.week_start.unwrap_or(Weekday::Mon));
        // Each period is whole, the first too: BYSETPOS counts within the whole week, month or
        // year (python-dateutil starts the first week at DTSTART instead).
        let cursor = match rule.frequency {
            Frequency::Yearly => first.date().with_ordinal(1),
            Frequency::Monthly => first.date().with_day(1),
            Frequency::Weekly => first.date().checked_sub_signed(Duration::days(
                (weekday_number(first.weekday()) - week_start).rem_euclid(7),
            )),
            _ => Some(first.date()),
        }
        .unwrap_or(first.date());
        Expansion {
            rule,
            first,
            through,
            week_start,
            cursor,
            info: None,
            times,
            pending: VecDeque::new(),
            remaining: match rule.end {
                End::Count(count) => Some(count),
                _ => None,
            },
            examined: 0,
            exhausted: false,
            done: false,
            month_days,
            weekdays,
            months,
        }
    }

    fn info(&mut self) -> Option<&YearInfo> {
        let year = self.cursor.year();
        if self.info.as_ref().is_none_or(|info| info.year != year) {
            self.info = YearInfo::new(self.rule, year, self.week_start);
        }
        self.info.as_ref()
    }

    /// The days of the current period, as indices into its year.
    fn period_days(&mut self) -> Vec<i64> {
        let frequency = self.rule.frequency;
        let week_start = self.week_start;
        let cursor = self.cursor;
        let Some(info) = self.info() else {
            return Vec::new();
        };
        match frequency {
            Frequency::Yearly => (0..info.length).collect(),
            Frequency::Monthly => {
                let (from, to) = info.month_range(cursor.month());
                (from..to).collect()
            }
            Frequency::Weekly => {
                let first = info.index(cursor);
                let mut days = vec![first];
                let mut i = first + 1;
                while weekday_number(info.date(i).weekday()) != week_start {
                    days.push(i);
                    i += 1;
                }
                days
            }
            _ => vec![info.index(cursor)],
        }
    }

    /// The days BYDAY names with an ordinal in the current period.
    fn numbered_days(&self, info: &YearInfo) -> Vec<i64> {
        let mut ranges = Vec::new();
        match self.rule.frequency {
            Frequency::Yearly if self.rule.by_month.is_empty() => ranges.push((0, info.length)),
            Frequency::Yearly => ranges.extend(self.months.iter().map(|&m| info.month_range(m))),
            Frequency::Monthly => ranges.push(info.month_range(self.cursor.month())),
            _ => {}
        }
        let mut days = Vec::new();
        for (from, to) in ranges {
            let last = to - 1;
            for day in &self.weekdays {
                let Some(n) = day.ordinal else { continue };
                let n = i64::from(n);
                let wanted = weekday_number(day.weekday);
                let at = |i: i64| weekday_number(info.date(i).weekday());
                let i = if n > 0 {
                    let i = from + (n - 1) * 7;
                    i + (7 - at(i) + wanted).rem_euclid(7)
                } else {
                    let i = last + (n + 1) * 7;
                    i - (at(i) - wanted).rem_euclid(7)
                };
                if from <= i && i <= last {
                    days.push(i);
                }
            }
        }
        days
    }

    fn day_matches(&self, info: &YearInfo, index: i64, numbered: &[i64]) -> bool {
        let date = info.date(index);
        let rule = self.rule;
        if !self.months.is_empty() && !self.months.contains(&date.month()) {
            return false;
        }
        if !rule.by_week_no.is_empty()
            && !usize::try_from(index)
                .ok()
                .and_then(|i| info.in_week.get(i))
                .copied()
                .unwrap_or(false)
        {
            return false;
        }
        if !self.weekdays.is_empty() {
            let plain = self
                .weekdays
                .iter()
                .any(|d| d.ordinal.is_none() && d.weekday == date.weekday());
            if !plain && !numbered.contains(&index) {
                return false;
            }
        }
        if !self.month_days.is_empty() {
            let length = i64::from(
                NaiveDate::from_ymd_opt(date.year(), date.month(), 1)
                    .and_then(|d| d.checked_add_months(chrono::Months::new(1)))
                    .map_or(31, |next| next.pred_opt().map_or(31, |d| d.day())),
            );
            let day = i64::from(date.day());
            if !self
                .month_days
                .iter()
                .any(|&n| i64::from(n) == day || i64::from(n) == day - length - 1)
            {
                return false;
            }
        }
        if !rule.by_year_day.is_empty() {
            let day = i64::from(date.ordinal());
            let length = days_in_year(date.year());
            if !rule
                .by_year_day
                .iter()
                .any(|&n| i64::from(n) == day || i64::from(n) == day - length - 1)
            {
                return false;
            }
        }
        true
    }

    /// Expands the current period into `pending` and moves on to the next.
    fn expand_period(&mut self) {
        if self.cursor.year() > LAST_YEAR || self.cursor > self.through {
            self.done = true;
            return;
        }
        let days = self.period_days();
        let Some(info) = self.info.take() else {
            self.done = true;
            return;
        };
        let numbered = self.numbered_days(&info);
        let matching: Vec<NaiveDate> = days
            .into_iter()
            .filter(|&i| self.day_matches(&info, i, &numbered))
            .map(|i| info.date(i))
            .collect();
        self.examined += matching.len() as u64 + 1;
        let mut found: Vec<NaiveDateTime> = if self.rule.frequency <= Frequency::Daily {
            let candidates: Vec<NaiveDateTime> = matching
                .iter()
                .flat_map(|day| self.times.iter().map(|time| day.and_time(*time)))
                .collect();
            self.examined += candidates.len() as u64;
            set_positions(&self.rule.by_set_pos, candidates)
        } else {
            matching
                .iter()
                .flat_map(|day| self.sub_daily(*day))
                .collect()
        };
        found.retain(|local| *local >= self.first);
        found.sort();
        self.pending.extend(found);
        self.info = Some(info);
        self.advance();
        if self.examined > MAX_CANDIDATES {
            self.exhausted = true;
            self.done = true;
        }
    }

    /// The starts of an HOURLY, MINUTELY or SECONDLY rule on one day that passed the filters.
    fn sub_daily(&mut self, day: NaiveDate) -> Vec<NaiveDateTime> {
        let rule = self.rule;
        let first = self.first;
        // The length of a period in seconds, and the minute and second a period's times take
        // when the rule names none (each minute and second of the period when it is finer).
        let (unit, minute, second) = match rule.frequency {
            Frequency::Hourly => (3600, Some(first.minute()), Some(first.second())),
            Frequency::Minutely => (60, None, Some(first.second())),
            _ => (1, None, None),
        };
        let values = |explicit: &[u32], default: Option<u32>, all: u32| -> Vec<u32> {
            let mut values = if !explicit.is_empty() {
                explicit.to_vec()
            } else {
                default.map_or_else(|| (0..all).collect(), |v| vec![v])
            };
            values.sort_unstable();
            values
        };
        let sorted_hours = values(&rule.by_hour, None, 24);
        let sorted_minutes = values(&rule.by_minute, minute, 60);
        let sorted_seconds = values(&rule.by_second, second, 60);
        // The periods are counted from the one of the first start.
        let origin = first.and_utc().timestamp().div_euclid(unit) * unit;
        let step = i64::from(rule.interval) * unit;
        let mut groups: Vec<Vec<NaiveDateTime>> = Vec::new();
        for &hour in &sorted_hours {
            for &minute in &sorted_minutes {
                for &second in &sorted_seconds {
                    self.examined += 1;
                    let Some(local) =
                        NaiveTime::from_hms_opt(hour, minute, second).map(|t| day.and_time(t))
                    else {
                        continue;
                    };
                    let period = local.and_utc().timestamp().div_euclid(unit) * unit;
                    let offset = period - origin;
                    if offset < 0 || offset % step != 0 {
                        continue;
                    }
                    match groups.last_mut() {
                        Some(group)
                            if group.first().is_some_and(|g| {
                                g.and_utc().timestamp().div_euclid(unit) * unit == period
                            }) =>
                        {
                            group.push(local)
                        }
                        _ => groups.push(vec![local]),
                    }
                }
            }
        }
        groups
            .into_iter()
            .flat_map(|group| set_positions(&rule.by_set_pos, group))
            .collect()
    }

    fn advance(&mut self) {
        let rule = self.rule;
        let interval = rule.interval;
        let next = match rule.frequency {
            Frequency::Yearly => i32::try_from(interval)
                .ok()
                .and_then(|step| self.cursor.year().checked_add(step))
                .and_then(|year| NaiveDate::from_ymd_opt(year, 1, 1)),
            Frequency::Monthly => self
                .cursor
                .checked_add_months(chrono::Months::new(interval)),
            Frequency::Weekly => {
                let back = (weekday_number(self.cursor.weekday()) - self.week_start).rem_euclid(7);
                self.cursor
                    .checked_sub_signed(Duration::days(back))
                    .and_then(|week| week.checked_add_signed(Duration::weeks(i64::from(interval))))
            }
            Frequency::Daily => self
                .cursor
                .checked_add_signed(Duration::days(i64::from(interval))),
            // Sub-daily rules go through every day; their interval is kept by the grid of times.
            _ => self.cursor.succ_opt(),
        };
        match next {
            Some(next) => self.cursor = next,
            None => self.done = true,
        }
    }
}

/// BYSETPOS: the candidates of one period at the positions named (1 first, -1 last).
fn set_positions(positions: &[i32], candidates: Vec<NaiveDateTime>) -> Vec<NaiveDateTime> {
    if positions.is_empty() {
        return candidates;
    }
    let length = candidates.len() as i64;
    let mut picked: Vec<NaiveDateTime> = positions
        .iter()
        .filter_map(|&position| {
            let position = i64::from(position);
            let index = if position > 0 {
                position - 1
            } else {
                length + position
            };
            usize::try_from(index)
                .ok()
                .and_then(|i| candidates.get(i))
                .copied()
        })
        .collect();
    picked.sort();
    picked.dedup();
    picked
}

impl Iterator for Expansion<'_> {
    type Item = NaiveDateTime;

    fn next(&mut self) -> Option<NaiveDateTime> {
        loop {
            if self.remaining == Some(0) {
                return None;
            }
            if let Some(local) = self.pending.pop_front() {
                if local.date() > self.through {
                    self.done = true;
                    self.pending.clear();
                    return None;
                }
                if let Some(remaining) = &mut self.remaining {
                    *remaining -= 1;
                }
                return Some(local);
            }
            if self.done {
                return None;
            }
            self.expand_period();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Europe::Berlin;

    fn local(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
    }

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn starts(rule: &str, start: &str, through: &str) -> Vec<String> {
        let first = FirstStart::Timed(local(start));
        Rule::parse(rule, first, Berlin)
            .unwrap()
            .expand(first, day(through))
            .unwrap()
            .iter()
            .map(|local| local.format("%Y-%m-%d %H:%M").to_string())
            .collect()
    }

    fn refusal(rule: &str, start: &str) -> RuleError {
        Rule::parse(rule, FirstStart::Timed(local(start)), Berlin).unwrap_err()
    }

    #[test]
    fn second_tuesday_at_seven_stays_at_seven_local() {
        let all = starts(
            "RRULE:FREQ=MONTHLY;BYDAY=2TU",
            "2026-01-13 19:00",
            "2026-12-31",
        );
        assert_eq!(all.len(), 12);
        assert_eq!(all[3], "2026-04-14 19:00");
        assert_eq!(all[10], "2026-11-10 19:00");
    }

    #[test]
    fn until_becomes_utc_for_timed_and_stays_a_date_for_all_day() {
        let first = FirstStart::Timed(local("2026-01-01 07:30"));
        let rule = Rule::parse("freq=weekly;interval=2;until=20260301", first, Berlin).unwrap();
        assert_eq!(
            rule.ics_value(),
            "FREQ=WEEKLY;INTERVAL=2;UNTIL=20260301T225959Z"
        );
        let all_day = FirstStart::AllDay(day("2026-12-18"));
        let rule = Rule::parse("FREQ=YEARLY;UNTIL=20281218", all_day, Berlin).unwrap();
        assert_eq!(rule.ics_value(), "FREQ=YEARLY;UNTIL=20281218");
        assert_eq!(rule.expand(all_day, day("2040-01-01")).unwrap().len(), 3);
    }

    #[test]
    fn bad_rules_quote_the_part_at_fault() {
        let start = "2026-01-13 19:00";
        assert_eq!(refusal("FREQ=MONTHLY;BYDAY=2XY", start).part, "BYDAY=2XY");
        assert!(
            refusal("FREQ=SOMETIMES", start)
                .message
                .contains("SOMETIMES")
        );
        assert_eq!(
            refusal("FREQ=WEEKLY;UNTIL=morgen", start).part,
            "UNTIL=morgen"
        );
        assert!(refusal("FREQ", start).message.contains("`FREQ`"));
    }

    #[test]
    fn rules_rfc_5545_forbids_are_refused_naming_the_part() {
        let start = "2026-01-05 19:00";
        let error = refusal("FREQ=DAILY;COUNT=3;UNTIL=20260301", start);
        assert!(error.message.contains("COUNT or UNTIL"), "{error:?}");
        let error = refusal("FREQ=WEEKLY;BYWEEKDAY=MO", start);
        assert_eq!(error.part, "BYWEEKDAY=MO");
        assert!(error.message.contains("did you mean `BYDAY`?"), "{error:?}");
        assert!(
            refusal("FREQ=WEEKLY;BYMONHTDAY=5", start)
                .message
                .contains("did you mean `BYMONTHDAY`?")
        );
        let error = refusal("FREQ=MONTHLY;BYWEEKNO=3", start);
        assert_eq!(error.part, "BYWEEKNO=3");
        assert!(
            error.message.contains("only allowed with FREQ=YEARLY"),
            "{error:?}"
        );
        let error = refusal("FREQ=MONTHLY;BYSETPOS=1", start);
        assert!(error.message.contains("BYSETPOS"), "{error:?}");
        // A numbered weekday belongs to MONTHLY and YEARLY rules only (class 9).
        let error = refusal("FREQ=WEEKLY;BYDAY=2MO", start);
        assert!(error.message.contains("2MO"), "{error:?}");
        assert!(
            refusal("FREQ=YEARLY;BYWEEKNO=3;BYDAY=1MO", start)
                .message
                .contains("with BYWEEKNO")
        );
        assert!(
            refusal("FREQ=MONTHLY;BYDAY=6MO", start)
                .message
                .contains("1 to 5")
        );
        assert!(
            refusal("FREQ=YEARLY;BYDAY=54MO", start)
                .message
                .contains("1 to 53")
        );
    }

    #[test]
    fn the_feed_gets_the_rule_written_by_treffpunkt() {
        let first = FirstStart::Timed(local("2026-01-13 19:00"));
        let rule = Rule::parse(" rrule:byday=2tu ; freq=monthly;;", first, Berlin).unwrap();
        assert_eq!(rule.ics_value(), "FREQ=MONTHLY;BYDAY=2TU");
        let rule = Rule::parse(
            "FREQ=YEARLY;BYDAY=+1MO;WKST=SU;BYMONTH=1;INTERVAL=01",
            FirstStart::Timed(local("2026-01-05 10:00")),
            Berlin,
        )
        .unwrap();
        assert_eq!(rule.ics_value(), "FREQ=YEARLY;BYMONTH=1;BYDAY=1MO;WKST=SU");
    }

    #[test]
    fn fifth_last_and_fifty_third_last_weekdays_are_valid() {
        // Months with five Thursdays in 2026: January, April, July, October, December.
        let all = starts("FREQ=MONTHLY;BYDAY=-5TH", "2026-01-01 18:00", "2026-12-31");
        assert_eq!(
            all,
            [
                "2026-01-01 18:00",
                "2026-04-02 18:00",
                "2026-07-02 18:00",
                "2026-10-01 18:00",
                "2026-12-03 18:00"
            ]
        );
        // 2024 and 2029 have 53 Mondays; -53MO is then the first Monday of the year.
        let all = starts("FREQ=YEARLY;BYDAY=-53MO", "2024-01-01 09:00", "2030-12-31");
        assert_eq!(all, ["2024-01-01 09:00", "2029-01-01 09:00"]);
    }

    #[test]
    fn plain_and_numbered_weekdays_each_count() {
        // Every Monday and the first Tuesday (python-dateutil wants a day to be both).
        assert_eq!(
            starts(
                "FREQ=MONTHLY;BYDAY=MO,1TU;COUNT=7",
                "2026-01-05 19:00",
                "2026-12-31"
            ),
            [
                "2026-01-05 19:00",
                "2026-01-06 19:00",
                "2026-01-12 19:00",
                "2026-01-19 19:00",
                "2026-01-26 19:00",
                "2026-02-02 19:00",
                "2026-02-03 19:00"
            ]
        );
    }

    #[test]
    fn daily_rules_keep_their_interval() {
        assert_eq!(
            starts(
                "FREQ=DAILY;INTERVAL=4;BYDAY=TU,SA;COUNT=4",
                "2027-08-24 00:15",
                "2027-12-31"
            ),
            [
                "2027-08-24 00:15",
                "2027-08-28 00:15",
                "2027-09-21 00:15",
                "2027-09-25 00:15"
            ]
        );
    }

    #[test]
    fn bysetpos_counts_within_the_whole_first_week() {
        // The week of Monday 15 December 2025 holds Wednesday 17 and Thursday 18; the second
        // is the start itself.
        assert_eq!(
            starts(
                "FREQ=WEEKLY;BYDAY=WE,TH;BYSETPOS=2;COUNT=2",
                "2025-12-18 01:30",
                "2026-12-31"
            ),
            ["2025-12-18 01:30", "2025-12-25 01:30"]
        );
    }

    #[test]
    fn a_start_that_is_no_occurrence_names_the_rules_first_date() {
        let first = FirstStart::Timed(local("2026-01-07 19:00"));
        let rule = Rule::parse("FREQ=WEEKLY;BYDAY=MO;COUNT=3", first, Berlin).unwrap();
        let error = rule.expand(first, day("2026-12-31")).unwrap_err();
        assert_eq!(error, ExpandError::NotFirst(local("2026-01-12 19:00")));
        assert!(error.message().contains("2026-01-12 19:00 (Monday)"));
        let first = FirstStart::Timed(local("2026-01-30 19:00"));
        let rule = Rule::parse("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", first, Berlin).unwrap();
        assert!(
            rule.expand(first, day("2026-12-31"))
                .unwrap_err()
                .message()
                .contains("no date at all")
        );
    }

    #[test]
    fn an_until_before_the_start_is_said_in_plain_words() {
        let error = refusal("FREQ=DAILY;UNTIL=20250101", "2026-01-05 19:00");
        assert!(
            error.message.contains("before the series starts"),
            "{error:?}"
        );
        assert!(!error.message.contains("should not"));
    }

    #[test]
    fn long_series_have_no_cap_below_a_million() {
        let first = FirstStart::AllDay(day("1800-01-01"));
        let rule = Rule::parse("FREQ=DAILY", first, Berlin).unwrap();
        let all = rule.expand(first, day("2027-12-31")).unwrap();
        assert_eq!(
            all.len() as i64,
            (day("2027-12-31") - day("1800-01-01")).num_days() + 1
        );
    }

    #[test]
    fn week_numbers_bysetpos_and_sub_daily_rules() {
        // RFC 5545's examples: Monday of week 20, last weekday of the month, every 20 minutes.
        assert_eq!(
            starts(
                "FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO",
                "1997-05-12 09:00",
                "1999-12-31"
            ),
            ["1997-05-12 09:00", "1998-05-11 09:00", "1999-05-17 09:00"]
        );
        assert_eq!(
            starts(
                "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
                "1997-09-30 09:00",
                "1997-12-31"
            ),
            [
                "1997-09-30 09:00",
                "1997-10-31 09:00",
                "1997-11-28 09:00",
                "1997-12-31 09:00"
            ]
        );
        assert_eq!(
            starts(
                "FREQ=MINUTELY;INTERVAL=20;BYHOUR=9,10;COUNT=7",
                "1997-09-02 09:00",
                "1997-12-31"
            ),
            [
                "1997-09-02 09:00",
                "1997-09-02 09:20",
                "1997-09-02 09:40",
                "1997-09-02 10:00",
                "1997-09-02 10:20",
                "1997-09-02 10:40",
                "1997-09-03 09:00"
            ]
        );
        assert_eq!(
            starts(
                "FREQ=HOURLY;INTERVAL=3;COUNT=6",
                "1997-09-02 09:00",
                "1997-12-31"
            ),
            [
                "1997-09-02 09:00",
                "1997-09-02 12:00",
                "1997-09-02 15:00",
                "1997-09-02 18:00",
                "1997-09-02 21:00",
                "1997-09-03 00:00"
            ]
        );
        // Week 1 with WKST=SU versus MO (RFC 5545's WKST example).
        assert_eq!(
            starts(
                "FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=MO",
                "1997-08-05 09:00",
                "1997-12-31"
            ),
            [
                "1997-08-05 09:00",
                "1997-08-10 09:00",
                "1997-08-19 09:00",
                "1997-08-24 09:00"
            ]
        );
        assert_eq!(
            starts(
                "FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=SU",
                "1997-08-05 09:00",
                "1997-12-31"
            ),
            [
                "1997-08-05 09:00",
                "1997-08-17 09:00",
                "1997-08-19 09:00",
                "1997-08-31 09:00"
            ]
        );
    }
}
