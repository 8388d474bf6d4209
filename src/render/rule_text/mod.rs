//! When an event takes place, in words of the site's language: a series' repeat rule ("jeden
//! zweiten Dienstag im Monat, 19:00–22:00 Uhr") or a single event's date, for the event page,
//! `events.json` and `treffpunkt events`.
//!
//! The rule is first read into a [`Shape`] that both languages say alike (which days, how
//! often, which months); a rule no shape fits reads "regelmäßig, nächster Termin am …". Each
//! language then writes the shape in a module of its own (`de.rs`, `en.rs`): word order, cases
//! ("jeden zweiten Dienstag", "am 2. Dienstag"), plurals, ordinals and list joining differ too
//! much between languages for a table of strings in the theme's `i18n/*.toml` to hold them, so
//! this grammar is code, while day and month names come from chrono's locales. A site in any
//! other language gets the English text, as the theme falls back to English strings too.

mod de;
mod en;
#[cfg(test)]
mod tests;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Weekday};
use chrono_tz::Tz;

use crate::model::calendar::event::{Event, Occurrence, Status};
use crate::model::calendar::recurrence::{ByDay, End, FirstStart, Frequency, Rule};
use crate::model::calendar::when::{Length, When};

/// The languages whose grammar is written here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    German,
    English,
}

impl Language {
    /// The grammar for a site's `language` code: German for `de` and its regional forms
    /// (`de-AT`); English for every other language, as no grammar for it is written yet.
    pub fn of(code: &str) -> Language {
        let primary = code.split('-').next().unwrap_or(code);
        if primary.eq_ignore_ascii_case("de") {
            Language::German
        } else {
            Language::English
        }
    }

    fn grammar(self) -> &'static dyn Grammar {
        match self {
            Language::German => &de::German,
            Language::English => &en::English,
        }
    }
}

/// What the text is made from: an event's schedule as written, and its next date.
#[derive(Debug, Clone)]
pub struct Series<'a> {
    pub rule: Option<&'a Rule>,
    /// The first start as written (the rule's wall-clock time).
    pub start: FirstStart,
    pub length: Length,
    pub zone: Tz,
    /// The rule's local times of occurrences that do not take place.
    pub exceptions: &'a [NaiveDateTime],
    /// For a single event: its start and end as they take place, changes applied.
    pub single: Option<(When, When)>,
    /// The local start of the next occurrence that takes place, if there is one.
    pub next: Option<NaiveDateTime>,
}

impl<'a> Series<'a> {
    /// `event`'s schedule; `next` is its next occurrence (a cancelled one is passed over).
    pub fn of(event: &'a Event, next: Option<&Occurrence>) -> Series<'a> {
        let local = |when: When| match when {
            When::Timed(moment) => moment.naive_local(),
            When::AllDay(day) => day.and_time(NaiveTime::MIN),
        };
        let single = event
            .rule
            .is_none()
            .then(|| match event.occurrences.first() {
                Some(occurrence) => (occurrence.start, occurrence.end),
                None => (event.start, event.first_end()),
            });
        Series {
            rule: event.rule.as_ref(),
            start: event.written_start,
            length: event.length,
            zone: event.zone,
            exceptions: &event.exceptions,
            single,
            next: next
                .filter(|occurrence| occurrence.status != Status::Cancelled)
                .map(|occurrence| local(occurrence.start)),
        }
    }
}

/// The text for `series` in `language`; never empty.
pub fn describe(series: &Series, language: Language) -> String {
    let grammar = language.grammar();
    let all_day = matches!(series.start, FirstStart::AllDay(_));
    let Some(rule) = series.rule else {
        let (start, end) = series.single.unwrap_or_else(|| {
            let first = When::AllDay(series.start.local().date());
            (first, first)
        });
        return match (start, end) {
            (When::Timed(start), When::Timed(end)) => {
                grammar.single_timed(start.naive_local(), end.naive_local())
            }
            (start, end) => {
                let last = end.date().pred_opt().unwrap_or(end.date());
                grammar.single_days(start.date(), last.max(start.date()))
            }
        };
    };
    let first = series.start.local();
    let Some(pattern) = pattern(rule, first, all_day) else {
        return grammar.fallback(series.next.unwrap_or(first), series.next.is_some(), all_day);
    };
    let mut text = grammar.days(&pattern.days);
    if !pattern.months.is_empty() {
        text.push(' ');
        text.push_str(&grammar.months(&pattern.months));
    }
    match end(rule, series) {
        Ending::Never => {}
        Ending::Span(last) => {
            text.push(' ');
            text.push_str(&grammar.span(first.date(), last));
        }
        Ending::Counted(count) => {
            text.push(' ');
            text.push_str(&grammar.counted(first.date(), count));
        }
    }
    if let Some(clock) = clock(&pattern, series.length, all_day) {
        text.push_str(", ");
        text.push_str(&grammar.clock(&clock));
    }
    if let Some(reference) = series.next.map(|next| next.date()) {
        let mut upcoming: Vec<NaiveDate> = series
            .exceptions
            .iter()
            .map(NaiveDateTime::date)
            .filter(|day| *day >= reference)
            .collect();
        upcoming.dedup();
        if !upcoming.is_empty() {
            let shown = upcoming.len().min(SHOWN_EXCEPTIONS);
            text.push_str(" (");
            text.push_str(&grammar.except(
                &upcoming[..shown],
                upcoming.len() - shown,
                reference.year(),
            ));
            text.push(')');
        }
    }
    text
}

/// How many coming exceptions the text names before it counts the rest.
const SHOWN_EXCEPTIONS: usize = 3;

/// A COUNT is said as the day of the last date when finding that day takes at most this many
/// dates; a longer series is said with its count instead of expanding it on every build.
const COUNT_EXPANDED: u32 = 1_000;

/// More times a day than this, or more listed dates, read as a table rather than a phrase.
const MOST_LISTED: usize = 4;

/// Which days a rule gives, in the terms both languages say alike. Weekdays are in calendar
/// order, Monday first; numbered days and positions keep the author's order of RFC 5545
/// ordinals sorted first to last (positive ones, then those counted from the end).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Shape {
    /// Every `every` days.
    Daily { every: u32 },
    /// On these weekdays every `every` weeks.
    Weekdays { every: u32, days: Vec<Weekday> },
    /// These days of the month (negative: counted from its end), every `every` months.
    MonthDays { every: u32, days: Vec<i32> },
    /// Numbered weekdays (`2TU`, `-1FR`) of each month or year, every `every` of them.
    Numbered {
        scope: Scope,
        every: u32,
        days: Vec<(i32, Weekday)>,
    },
    /// The `positions`-th of the days that are one of `weekdays`, within each month or year.
    Positions {
        scope: Scope,
        every: u32,
        positions: Vec<i32>,
        weekdays: Vec<Weekday>,
    },
    /// These days of these months, every `every` years.
    Dates {
        every: u32,
        months: Vec<u32>,
        days: Vec<i32>,
    },
    /// On `weekdays` (every day when empty) of numbered weeks, every `every` years.
    Weeks {
        every: u32,
        weeks: Vec<i32>,
        weekdays: Vec<Weekday>,
    },
    /// Numbered days of the year, every `every` years.
    YearDays { every: u32, days: Vec<i32> },
    /// Every `every` hours, minutes or seconds, on `weekdays` (each day when empty).
    Often {
        unit: Unit,
        every: u32,
        weekdays: Vec<Weekday>,
    },
}

/// Where numbered days are counted: in each month, or in each year (in `months` if any).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Scope {
    Month,
    Year(Vec<u32>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Unit {
    Hour,
    Minute,
    Second,
}

/// A rule in words: its days, the months it keeps to (empty: all), its times of day.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Pattern {
    days: Shape,
    months: Vec<u32>,
    /// Empty for all-day series and for sub-daily ones, whose times are their frequency.
    times: Vec<NaiveTime>,
}

/// What the text says about how long each occurrence is and when it begins.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Clock {
    /// All-day, each occurrence `days` long (more than one).
    Days(i64),
    /// From `start` to `end` the same or the next day.
    Range(NaiveTime, NaiveTime),
    /// Starts at a time and takes no time.
    At(NaiveTime),
    /// From `start` for a day or more.
    From(NaiveTime, Duration),
    /// At several times a day, each lasting as long.
    Several(Vec<NaiveTime>, Duration),
    /// A sub-daily series: how long each occurrence lasts.
    Each(Duration),
}

enum Ending {
    Never,
    /// The last day a date may fall on.
    Span(NaiveDate),
    Counted(u32),
}

/// What a language's grammar writes; `describe` puts the pieces together in the same order for
/// every language: days, months, span, clock, exceptions.
pub(super) trait Grammar: Sync {
    fn days(&self, days: &Shape) -> String;
    /// The months a rule keeps to: "im Juli und August".
    fn months(&self, months: &[u32]) -> String;
    /// From the first day to the last: "vom 14. bis 15. Oktober 2026".
    fn span(&self, first: NaiveDate, last: NaiveDate) -> String;
    /// From the first day, `count` dates in all.
    fn counted(&self, first: NaiveDate, count: u32) -> String;
    fn clock(&self, clock: &Clock) -> String;
    /// The coming exceptions `shown`, and how many more there are; `year` needs no saying.
    fn except(&self, shown: &[NaiveDate], more: usize, year: i32) -> String;
    /// A rule too intricate to say well: its next date (else its first).
    fn fallback(&self, date: NaiveDateTime, is_next: bool, all_day: bool) -> String;
    /// A single event on the days `first` through `last`.
    fn single_days(&self, first: NaiveDate, last: NaiveDate) -> String;
    /// A single event at a time.
    fn single_timed(&self, start: NaiveDateTime, end: NaiveDateTime) -> String;
}

/// Weekdays in calendar order, Monday first, each once.
fn weekdays(days: impl IntoIterator<Item = Weekday>) -> Vec<Weekday> {
    let mut days: Vec<Weekday> = days.into_iter().collect();
    days.sort_by_key(|day| day.num_days_from_monday());
    days.dedup();
    days
}

/// RFC 5545 ordinals first to last: 1, 2, …, then …, -2, -1.
fn ordinal_order(values: &[i32]) -> Vec<i32> {
    let mut values = values.to_vec();
    values.sort_by_key(|&n| if n > 0 { (0, n) } else { (1, n) });
    values.dedup();
    values
}

fn plain(by_day: &[ByDay]) -> Option<Vec<Weekday>> {
    by_day
        .iter()
        .map(|day| day.ordinal.is_none().then_some(day.weekday))
        .collect::<Option<Vec<_>>>()
        .map(weekdays)
}

/// Numbered weekdays that read as one phrase: one weekday with several numbers, or several
/// weekdays with one number each.
fn numbered(by_day: &[ByDay]) -> Option<Vec<(i32, Weekday)>> {
    let mut days: Vec<(i32, Weekday)> = by_day
        .iter()
        .map(|day| day.ordinal.map(|n| (n, day.weekday)))
        .collect::<Option<Vec<_>>>()?;
    let one_weekday = days.iter().all(|(_, day)| *day == days[0].1);
    let distinct = weekdays(days.iter().map(|(_, day)| *day)).len() == days.len();
    if !one_weekday && !distinct {
        return None;
    }
    let order = ordinal_order(&days.iter().map(|(n, _)| *n).collect::<Vec<_>>());
    days.sort_by_key(|(n, day)| {
        (
            order.iter().position(|o| o == n),
            day.num_days_from_monday(),
        )
    });
    Some(days)
}

/// The rule's shape, or `None` when it has none both languages say well.
fn pattern(rule: &Rule, first: NaiveDateTime, all_day: bool) -> Option<Pattern> {
    let sub_daily = rule.frequency > Frequency::Daily;
    let times = if all_day || sub_daily {
        Vec::new()
    } else {
        times(rule, first.time())?
    };
    let every = rule.interval;
    let months: Vec<u32> = {
        let mut months = rule.by_month.clone();
        months.sort_unstable();
        months
    };
    if !rule.by_set_pos.is_empty() {
        return positions(rule, months, times);
    }
    let by_day = &rule.by_day;
    let month_days = ordinal_order(&rule.by_month_day);
    let start_weekday = || vec![first.weekday()];
    // Which BY… parts a shape reads; any other one present sends the rule to the fallback.
    let (days, months) = match rule.frequency {
        Frequency::Yearly if !rule.by_year_day.is_empty() => {
            let alone = by_day.is_empty()
                && month_days.is_empty()
                && rule.by_week_no.is_empty()
                && months.is_empty();
            if !alone {
                return None;
            }
            let days = ordinal_order(&rule.by_year_day);
            (Shape::YearDays { every, days }, months)
        }
        Frequency::Yearly if !rule.by_week_no.is_empty() => {
            // Numbered weeks read as the ISO weeks people know only with Monday as week start.
            if !month_days.is_empty()
                || !months.is_empty()
                || rule.week_start.is_some_and(|day| day != Weekday::Mon)
            {
                return None;
            }
            let weeks = ordinal_order(&rule.by_week_no);
            let weekdays = plain(by_day)?;
            (
                Shape::Weeks {
                    every,
                    weeks,
                    weekdays,
                },
                Vec::new(),
            )
        }
        Frequency::Yearly if !by_day.is_empty() => {
            if !month_days.is_empty() {
                return None;
            }
            if let Some(days) = plain(by_day) {
                if every != 1 {
                    return None;
                }
                (Shape::Weekdays { every, days }, months)
            } else {
                let days = numbered(by_day)?;
                let scope = Scope::Year(months);
                (Shape::Numbered { scope, every, days }, Vec::new())
            }
        }
        Frequency::Yearly if month_days.is_empty() || !months.is_empty() => {
            let months = if months.is_empty() {
                vec![first.month()]
            } else {
                months
            };
            let days = if month_days.is_empty() {
                vec![first.day() as i32]
            } else {
                month_days
            };
            (
                Shape::Dates {
                    every,
                    months,
                    days,
                },
                Vec::new(),
            )
        }
        // Shape of every month, which a yearly rule without BYMONTH gives.
        Frequency::Yearly if every == 1 => (
            Shape::MonthDays {
                every,
                days: month_days,
            },
            months,
        ),
        Frequency::Yearly => return None,
        Frequency::Monthly if !by_day.is_empty() => {
            if !month_days.is_empty() {
                return None;
            }
            if let Some(days) = plain(by_day) {
                if every != 1 {
                    return None;
                }
                (Shape::Weekdays { every, days }, months)
            } else {
                let days = numbered(by_day)?;
                let scope = Scope::Month;
                (Shape::Numbered { scope, every, days }, months)
            }
        }
        Frequency::Monthly => {
            let days = if month_days.is_empty() {
                vec![first.day() as i32]
            } else {
                month_days
            };
            (Shape::MonthDays { every, days }, months)
        }
        Frequency::Weekly => {
            let days = if by_day.is_empty() {
                start_weekday()
            } else {
                plain(by_day)?
            };
            (Shape::Weekdays { every, days }, months)
        }
        Frequency::Daily => match (by_day.is_empty(), month_days.is_empty()) {
            (true, true) => (Shape::Daily { every }, months),
            (false, true) if every == 1 => (
                Shape::Weekdays {
                    every,
                    days: plain(by_day)?,
                },
                months,
            ),
            (true, false) if every == 1 => (
                Shape::MonthDays {
                    every,
                    days: month_days,
                },
                months,
            ),
            _ => return None,
        },
        Frequency::Hourly | Frequency::Minutely | Frequency::Secondly => {
            let restricted = !(month_days.is_empty()
                && rule.by_year_day.is_empty()
                && rule.by_hour.is_empty()
                && rule.by_minute.is_empty()
                && rule.by_second.is_empty());
            if restricted {
                return None;
            }
            let unit = match rule.frequency {
                Frequency::Hourly => Unit::Hour,
                Frequency::Minutely => Unit::Minute,
                _ => Unit::Second,
            };
            let weekdays = plain(by_day)?;
            (
                Shape::Often {
                    unit,
                    every,
                    weekdays,
                },
                months,
            )
        }
    };
    if listed(&days) > MOST_LISTED * 2 {
        return None;
    }
    // All twelve months are no restriction.
    let months = if months.len() == 12 {
        Vec::new()
    } else {
        months
    };
    Some(Pattern {
        days,
        months,
        times,
    })
}

/// How many items a shape lists (weekdays aside, which are at most seven).
fn listed(days: &Shape) -> usize {
    match days {
        Shape::MonthDays { days, .. } | Shape::YearDays { days, .. } => days.len(),
        Shape::Numbered { days, .. } => days.len(),
        Shape::Positions { positions, .. } => positions.len(),
        Shape::Dates { months, days, .. } => months.len().max(days.len()),
        Shape::Weeks { weeks, .. } => weeks.len(),
        Shape::Daily { .. } | Shape::Weekdays { .. } | Shape::Often { .. } => 0,
    }
}

/// BYSETPOS picking among plain weekdays of a month or year ("the last weekday of the month").
fn positions(rule: &Rule, months: Vec<u32>, times: Vec<NaiveTime>) -> Option<Pattern> {
    let weekdays = plain(&rule.by_day).filter(|days| !days.is_empty())?;
    let others = rule.by_month_day.is_empty()
        && rule.by_year_day.is_empty()
        && rule.by_week_no.is_empty()
        && times.len() <= 1
        && rule.by_set_pos.len() <= MOST_LISTED;
    if !others {
        return None;
    }
    let positions = ordinal_order(&rule.by_set_pos);
    let every = rule.interval;
    let (scope, months) = match rule.frequency {
        Frequency::Monthly => (Scope::Month, months),
        Frequency::Yearly if months.len() <= 1 => (Scope::Year(months), Vec::new()),
        _ => return None,
    };
    Some(Pattern {
        days: Shape::Positions {
            scope,
            every,
            positions,
            weekdays,
        },
        months,
        times,
    })
}

/// The times of day of a daily or less frequent rule: BYHOUR, BYMINUTE and BYSECOND with the
/// start's own in place of those not given; `None` when there are too many to list.
fn times(rule: &Rule, start: NaiveTime) -> Option<Vec<NaiveTime>> {
    let pick = |values: &[u32], default: u32| {
        if values.is_empty() {
            vec![default]
        } else {
            values.to_vec()
        }
    };
    let hours = pick(&rule.by_hour, start.hour());
    let minutes = pick(&rule.by_minute, start.minute());
    let seconds = pick(&rule.by_second, start.second());
    if hours.len() * minutes.len() * seconds.len() > MOST_LISTED {
        return None;
    }
    let mut times = Vec::new();
    for &hour in &hours {
        for &minute in &minutes {
            times.extend(
                seconds
                    .iter()
                    .filter_map(|&second| NaiveTime::from_hms_opt(hour, minute, second)),
            );
        }
    }
    times.sort_unstable();
    times.dedup();
    Some(times)
}

/// Where the series ends, as the text says it.
fn end(rule: &Rule, series: &Series) -> Ending {
    match rule.end {
        End::Never => Ending::Never,
        End::UntilDay(day) => Ending::Span(day),
        End::UntilInstant(instant) => {
            Ending::Span(instant.with_timezone(&series.zone).date_naive())
        }
        End::Count(count) if count <= COUNT_EXPANDED => {
            // The last date of the rule itself: `except` does not shorten a series.
            let through = NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or(NaiveDate::MAX);
            match rule.expand(series.start, through) {
                Ok(starts) => match starts.last() {
                    Some(last) => Ending::Span(last.date()),
                    None => Ending::Counted(count),
                },
                Err(_) => Ending::Counted(count),
            }
        }
        End::Count(count) => Ending::Counted(count),
    }
}

/// How the text says each occurrence's time and length.
fn clock(pattern: &Pattern, length: Length, all_day: bool) -> Option<Clock> {
    let length = length.0;
    if all_day {
        // As the event reads it: an all-day length of no whole days is one day.
        let days = Length(length).whole_days().unwrap_or(1).max(1);
        return (days > 1).then_some(Clock::Days(days));
    }
    if matches!(pattern.days, Shape::Often { .. }) {
        return Some(Clock::Each(length));
    }
    match pattern.times.as_slice() {
        [] => None,
        [start] if length.is_zero() => Some(Clock::At(*start)),
        [start] if length < Duration::days(1) => {
            let (end, _) = start.overflowing_add_signed(length);
            Some(Clock::Range(*start, end))
        }
        [start] => Some(Clock::From(*start, length)),
        several => Some(Clock::Several(several.to_vec(), length)),
    }
}

/// Shape, hours and minutes of a length (seconds are dropped), for saying it in words.
pub(super) fn length_parts(length: Duration) -> (i64, i64, i64) {
    let minutes = length.num_minutes();
    (minutes / (24 * 60), minutes / 60 % 24, minutes % 60)
}

/// A day of the week as a date, for chrono's localised names.
pub(super) fn weekday_date(day: Weekday) -> NaiveDate {
    // 1 January 2024 was a Monday.
    NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default()
        + Duration::days(i64::from(day.num_days_from_monday()))
}

/// A month as a date, for chrono's localised names.
pub(super) fn month_date(month: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, month, 1).unwrap_or_default()
}

/// Consecutive weekdays from Monday's side (three or more): said as a range.
pub(super) fn weekday_run(days: &[Weekday]) -> Option<(Weekday, Weekday)> {
    let numbers: Vec<u32> = days.iter().map(|d| d.num_days_from_monday()).collect();
    let consecutive = numbers.windows(2).all(|pair| pair[1] == pair[0] + 1);
    (days.len() >= 3 && consecutive).then(|| (days[0], days[days.len() - 1]))
}

/// Consecutive months (three or more, fewer than all): said as a range.
pub(super) fn month_run(months: &[u32]) -> Option<(u32, u32)> {
    let consecutive = months.windows(2).all(|pair| pair[1] == pair[0] + 1);
    (months.len() >= 3 && consecutive).then(|| (months[0], months[months.len() - 1]))
}

/// Each of `values` in words (`word`), joined as a list: "Dienstag, Mittwoch und Freitag".
pub(super) fn join_each<T: Copy>(values: &[T], word: fn(T) -> String, and: &str) -> String {
    let items: Vec<String> = values.iter().map(|&value| word(value)).collect();
    join(&items, and)
}

/// `items` joined as a list: "a, b und c".
pub(super) fn join(items: &[String], and: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} {and} {last}", init.join(", ")),
    }
}
