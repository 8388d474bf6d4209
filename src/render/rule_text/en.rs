//! English, as the theme's English strings write dates and times (en_US): "October 14, 2026",
//! "7:00–10:00 PM", "on the second Tuesday of every month".

use chrono::{Datelike, Duration, Locale, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Weekday};

use super::{
    Clock, Grammar, Scope, Shape, Unit, join, join_each, length_parts, month_date, month_run,
    weekday_date, weekday_run,
};

pub struct English;

const LOCALE: Locale = Locale::en_US;

const WORKWEEK: [Weekday; 5] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
];

fn weekday(day: Weekday) -> String {
    weekday_date(day).format_localized("%A", LOCALE).to_string()
}

fn month(month: u32) -> String {
    month_date(month).format_localized("%B", LOCALE).to_string()
}

/// "two" for 2: numbers up to twelve in words, larger ones in digits.
fn number(n: u32) -> String {
    const WORDS: [&str; 13] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve",
    ];
    WORDS
        .get(n as usize)
        .map_or_else(|| n.to_string(), |word| (*word).to_owned())
}

/// "two hours", "one hour".
fn amount(n: i64, unit: &str) -> String {
    let n = u32::try_from(n).unwrap_or(u32::MAX);
    if n == 1 {
        format!("one {unit}")
    } else {
        format!("{} {unit}s", number(n))
    }
}

/// "every three weeks"; `one` for an interval of 1.
fn every(n: u32, one: &str, unit: &str) -> String {
    if n == 1 {
        one.to_owned()
    } else {
        format!("every {} {unit}s", number(n))
    }
}

/// "2nd", "23rd", "111th".
fn ordinal_digits(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// "second", "last", "second-to-last".
fn ordinal_word(n: i32) -> String {
    const WORDS: [&str; 13] = [
        "", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
        "tenth", "eleventh", "twelfth",
    ];
    let magnitude = n.unsigned_abs();
    let word = WORDS
        .get(magnitude as usize)
        .map_or_else(|| ordinal_digits(magnitude), |word| (*word).to_owned());
    match n {
        -1 => "last".to_owned(),
        n if n < 0 => format!("{word}-to-last"),
        _ => word,
    }
}

/// "2nd" for positions counted from the start, "last" for those counted from the end.
fn ordinal(n: i32) -> String {
    if n > 0 {
        ordinal_digits(n.unsigned_abs())
    } else {
        ordinal_word(n)
    }
}

fn ordinals(values: &[i32], words: bool) -> String {
    join_each(values, if words { ordinal_word } else { ordinal }, "and")
}

/// Weekdays after an interval: " on Tuesday and Thursday", ", Monday through Friday".
fn on_weekdays(days: &[Weekday]) -> String {
    match weekday_run(days) {
        Some((from, to)) => format!(", {} through {}", weekday(from), weekday(to)),
        None => format!(" on {}", join_each(days, weekday, "and")),
    }
}

/// Weekdays of every week: "every Tuesday", "Monday through Friday", "every day".
fn each_week(days: &[Weekday]) -> String {
    if days.len() == 7 {
        return "every day".to_owned();
    }
    match weekday_run(days) {
        Some((from, to)) => format!("{} through {}", weekday(from), weekday(to)),
        None => format!("every {}", join_each(days, weekday, "and")),
    }
}

/// Shape counted from the start and from the end: "the 1st and 15th", "the last day",
/// "the 15th and the last day".
fn numbered_days(days: &[i32], unit: &str) -> String {
    let (from_start, from_end): (Vec<i32>, Vec<i32>) = days.iter().partition(|&&n| n > 0);
    let start = (!from_start.is_empty()).then(|| format!("the {}", ordinals(&from_start, false)));
    let end = (!from_end.is_empty()).then(|| format!("the {} {unit}", ordinals(&from_end, true)));
    match (start, end) {
        (Some(start), Some(end)) => format!("{start} and {end}"),
        (start, end) => start.or(end).unwrap_or_default(),
    }
}

fn months_list(months: &[u32]) -> String {
    let names: Vec<String> = months.iter().map(|&m| month(m)).collect();
    join(&names, "and")
}

/// "October 14, 2026"; without the year when `year` says it.
fn date(day: NaiveDate, year: Option<i32>) -> String {
    if Some(day.year()) == year {
        day.format_localized("%B %-d", LOCALE).to_string()
    } else {
        day.format_localized("%B %-d, %Y", LOCALE).to_string()
    }
}

/// "Thursday, October 8, 2026".
fn full_date(day: NaiveDate) -> String {
    day.format_localized("%A, %B %-d, %Y", LOCALE).to_string()
}

/// "7:30" and "AM" or "PM", with seconds only when there are some.
fn time_parts(time: NaiveTime) -> (String, String) {
    let clock = if time.second() == 0 {
        time.format("%-I:%M")
    } else {
        time.format("%-I:%M:%S")
    };
    let half = if time.hour() < 12 { "AM" } else { "PM" };
    (clock.to_string(), half.to_owned())
}

/// "7:30 PM".
fn time(time: NaiveTime) -> String {
    let (clock, half) = time_parts(time);
    format!("{clock} {half}")
}

/// "7:00–10:00 PM", "11:00 AM–2:00 PM".
fn time_range(start: NaiveTime, end: NaiveTime) -> String {
    let (start_clock, start_half) = time_parts(start);
    if start_half == time_parts(end).1 && start <= end {
        format!("{start_clock}–{}", time(end))
    } else {
        format!("{}–{}", time(start), time(end))
    }
}

/// "two days and three hours", "90 minutes".
fn duration(length: Duration) -> String {
    let (days, hours, minutes) = length_parts(length);
    if days == 0 && hours < 2 && minutes != 0 {
        return amount(hours * 60 + minutes, "minute");
    }
    let mut parts = Vec::new();
    if days > 0 {
        parts.push(amount(days, "day"));
    }
    if hours > 0 {
        parts.push(amount(hours, "hour"));
    }
    if minutes > 0 {
        parts.push(amount(minutes, "minute"));
    }
    if parts.is_empty() {
        return "zero minutes".to_owned();
    }
    join(&parts, "and")
}

impl Grammar for English {
    fn days(&self, days: &Shape) -> String {
        match days {
            Shape::Daily { every: n } => every(*n, "every day", "day"),
            Shape::Weekdays { every: 1, days } => each_week(days),
            Shape::Weekdays { every: n, days } => {
                format!("{}{}", every(*n, "", "week"), on_weekdays(days))
            }
            Shape::MonthDays { every: n, days } => format!(
                "{} on {}",
                every(*n, "monthly", "month"),
                numbered_days(days, "day")
            ),
            Shape::Numbered { scope, every, days } => numbered(scope, *every, days),
            Shape::Positions {
                scope,
                every: n,
                positions,
                weekdays,
            } => {
                let set = if weekdays == &WORKWEEK {
                    "weekday".to_owned()
                } else {
                    join_each(weekdays, weekday, "or")
                };
                let what = format!("on the {} {set}", ordinals(positions, true));
                match scope {
                    Scope::Month if *n == 1 => format!("{what} of every month"),
                    Scope::Month => format!("{} {what}", every(*n, "", "month")),
                    Scope::Year(months) => format!(
                        "{} {what} {}",
                        every(*n, "every year", "year"),
                        of_year(months)
                    ),
                }
            }
            Shape::Dates {
                every: n,
                months,
                days,
            } => {
                let dates = if months.len() * days.len() <= super::MOST_LISTED {
                    let items: Vec<String> = months
                        .iter()
                        .flat_map(|&m| days.iter().map(move |&d| (m, d)))
                        .map(|(m, d)| {
                            if d > 0 {
                                format!("{} {d}", month(m))
                            } else {
                                format!("the {} day of {}", ordinal_word(d), month(m))
                            }
                        })
                        .collect();
                    join(&items, "and")
                } else {
                    format!("{} of {}", numbered_days(days, "day"), months_list(months))
                };
                format!("{} on {dates}", every(*n, "every year", "year"))
            }
            Shape::Weeks {
                every: n,
                weeks,
                weekdays,
            } => {
                let on = if weekdays.is_empty() {
                    "every day".to_owned()
                } else {
                    join_each(weekdays, weekday, "and")
                };
                let (from_start, from_end): (Vec<i32>, Vec<i32>) =
                    weeks.iter().partition(|&&n| n > 0);
                let mut which = Vec::new();
                match from_start.as_slice() {
                    [] => {}
                    [one] => which.push(format!("week {one}")),
                    several => {
                        let numbers: Vec<String> = several.iter().map(i32::to_string).collect();
                        which.push(format!("weeks {}", join(&numbers, "and")));
                    }
                }
                if !from_end.is_empty() {
                    which.push(format!("the {} week", ordinals(&from_end, true)));
                }
                format!(
                    "{} on {on} of {}",
                    every(*n, "every year", "year"),
                    which.join(" and ")
                )
            }
            Shape::YearDays { every: n, days } => {
                let (from_start, from_end): (Vec<i32>, Vec<i32>) =
                    days.iter().partition(|&&n| n > 0);
                let mut which = Vec::new();
                if !from_start.is_empty() {
                    which.push(format!("the {} day", ordinals(&from_start, false)));
                }
                if !from_end.is_empty() {
                    which.push(format!("the {} day", ordinals(&from_end, true)));
                }
                format!(
                    "{} on {} of the year",
                    every(*n, "every year", "year"),
                    which.join(" and ")
                )
            }
            Shape::Often {
                unit,
                every: n,
                weekdays,
            } => {
                let often = match unit {
                    Unit::Hour => every(*n, "every hour", "hour"),
                    Unit::Minute => every(*n, "every minute", "minute"),
                    Unit::Second => every(*n, "every second", "second"),
                };
                if weekdays.is_empty() {
                    often
                } else {
                    format!("{often}, {}", each_week(weekdays))
                }
            }
        }
    }

    fn months(&self, months: &[u32]) -> String {
        match month_run(months) {
            Some((from, to)) => format!("from {} through {}", month(from), month(to)),
            None => format!("in {}", months_list(months)),
        }
    }

    fn span(&self, first: NaiveDate, last: NaiveDate) -> String {
        if first == last {
            format!("only on {}", date(first, None))
        } else if first.year() != last.year() {
            format!("from {} to {}", date(first, None), date(last, None))
        } else if first.month() != last.month() {
            format!(
                "from {} to {}",
                date(first, Some(first.year())),
                date(last, None)
            )
        } else {
            format!(
                "from {} to {}, {}",
                date(first, Some(first.year())),
                last.day(),
                last.year()
            )
        }
    }

    fn counted(&self, first: NaiveDate, count: u32) -> String {
        format!("from {} ({count} dates)", date(first, None))
    }

    fn clock(&self, clock: &Clock) -> String {
        match clock {
            Clock::Days(days) => format!("for {}", amount(*days, "day")),
            Clock::Range(start, end) => time_range(*start, *end),
            Clock::At(start) => format!("at {}", time(*start)),
            Clock::From(start, length) => {
                format!("from {}, for {}", time(*start), duration(*length))
            }
            Clock::Several(times, length) => {
                let times: Vec<String> = times.iter().map(|&t| time(t)).collect();
                format!("at {}, {} each", join(&times, "and"), duration(*length))
            }
            Clock::Each(length) => format!("{} each", duration(*length)),
        }
    }

    fn except(&self, shown: &[NaiveDate], more: usize, year: i32) -> String {
        let dates: Vec<String> = shown.iter().map(|&d| date(d, Some(year))).collect();
        if more == 0 {
            format!("except {}", dates.join(", "))
        } else {
            format!("except {} and {more} more", dates.join(", "))
        }
    }

    fn fallback(&self, date: NaiveDateTime, is_next: bool, all_day: bool) -> String {
        let which = if is_next { "next" } else { "first" };
        let mut text = format!("regularly, {which} on {}", full_date(date.date()));
        if !all_day {
            text.push_str(&format!(", at {}", time(date.time())));
        }
        text
    }

    fn single_days(&self, first: NaiveDate, last: NaiveDate) -> String {
        if first == last {
            full_date(first)
        } else if first.year() != last.year() {
            format!("{} – {}", date(first, None), date(last, None))
        } else if first.month() != last.month() {
            format!("{} – {}", date(first, Some(first.year())), date(last, None))
        } else {
            format!(
                "{}–{}, {}",
                date(first, Some(first.year())),
                last.day(),
                last.year()
            )
        }
    }

    fn single_timed(&self, start: NaiveDateTime, end: NaiveDateTime) -> String {
        let length = end - start;
        if length.is_zero() {
            return format!("{}, {}", full_date(start.date()), time(start.time()));
        }
        if length < Duration::days(1) {
            return format!(
                "{}, {}",
                full_date(start.date()),
                time_range(start.time(), end.time())
            );
        }
        format!(
            "{}, {} – {}, {}",
            date(start.date(), None),
            time(start.time()),
            date(end.date(), None),
            time(end.time())
        )
    }
}

/// "of December", "of March and September", "of the year".
fn of_year(months: &[u32]) -> String {
    if months.is_empty() {
        "of the year".to_owned()
    } else {
        format!("of {}", months_list(months))
    }
}

/// Numbered weekdays: "on the second Tuesday of every month", "on the 2nd and 4th Tuesday of
/// every month", "every year on the 3rd Friday of December".
fn numbered(scope: &Scope, n: u32, days: &[(i32, Weekday)]) -> String {
    let one_weekday = days.iter().all(|(_, d)| *d == days[0].1);
    // In words when one position is named alone, as the German text does after "jeden".
    let words = matches!(days, [(k, _)] if *k > 0) && *scope == Scope::Month && n == 1;
    let phrase = if one_weekday {
        let numbers: Vec<i32> = days.iter().map(|(n, _)| *n).collect();
        format!("{} {}", ordinals(&numbers, words), weekday(days[0].1))
    } else {
        let items: Vec<String> = days
            .iter()
            .map(|&(n, d)| {
                let n = if words { ordinal_word(n) } else { ordinal(n) };
                format!("{n} {}", weekday(d))
            })
            .collect();
        join(&items, "and")
    };
    match scope {
        Scope::Month if n == 1 => format!("on the {phrase} of every month"),
        Scope::Month => format!("{} on the {phrase}", every(n, "", "month")),
        Scope::Year(months) => format!(
            "{} on the {phrase} {}",
            every(n, "every year", "year"),
            of_year(months)
        ),
    }
}
