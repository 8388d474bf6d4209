//! German, as the Duden writes dates and times: "7:30 Uhr", "19:00–22:00 Uhr" with an en dash,
//! "jeden 2. und 4. Dienstag im Monat", "am letzten Freitag im Monat".

use chrono::{Datelike, Duration, Locale, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Weekday};

use super::{
    Clock, Grammar, Scope, Shape, Unit, join, join_each, length_parts, month_date, month_run,
    weekday_date, weekday_run,
};

pub struct German;

const LOCALE: Locale = Locale::de_DE;

fn weekday(day: Weekday) -> String {
    weekday_date(day).format_localized("%A", LOCALE).to_string()
}

fn month(month: u32) -> String {
    month_date(month).format_localized("%B", LOCALE).to_string()
}

/// "zwei" for 2: numbers up to twelve in words, larger ones in digits.
fn number(n: u32) -> String {
    const WORDS: [&str; 13] = [
        "null", "eins", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun", "zehn",
        "elf", "zwölf",
    ];
    WORDS
        .get(n as usize)
        .map_or_else(|| n.to_string(), |word| (*word).to_owned())
}

/// "2 Stunden", with the one in the accusative's gender: "einen Tag", "eine Stunde".
fn amount(n: i64, one: &str, other: &str) -> String {
    match n {
        1 => one.to_owned(),
        n => format!("{} {other}", number(u32::try_from(n).unwrap_or(u32::MAX))),
    }
}

/// "alle drei Wochen"; `one` for an interval of 1.
fn every(n: u32, one: &str, unit: &str) -> String {
    if n == 1 {
        one.to_owned()
    } else {
        format!("alle {} {unit}", number(n))
    }
}

/// The inflected ordinal after "jeden"/"am": "zweiten", "letzten", "vorletzten".
fn ordinal_word(n: i32) -> String {
    const POSITIVE: [&str; 6] = ["", "ersten", "zweiten", "dritten", "vierten", "fünften"];
    const STEMS: [&str; 13] = [
        "", "", "vor", "dritt", "viert", "fünft", "sechst", "siebt", "acht", "neunt", "zehnt",
        "elft", "zwölft",
    ];
    if n > 0 {
        POSITIVE
            .get(n as usize)
            .map_or_else(|| format!("{n}."), |word| (*word).to_owned())
    } else {
        STEMS.get(n.unsigned_abs() as usize).map_or_else(
            || format!("{}.-letzten", -n),
            |stem| format!("{stem}letzten"),
        )
    }
}

/// "2." for positions counted from the start, "letzten" for those counted from the end.
fn ordinal(n: i32) -> String {
    if n > 0 {
        format!("{n}.")
    } else {
        ordinal_word(n)
    }
}

fn ordinals(values: &[i32], words: bool) -> String {
    join_each(values, if words { ordinal_word } else { ordinal }, "und")
}

/// Weekdays after "am"/"an": "am Dienstag und Donnerstag", "von Montag bis Freitag".
fn on_weekdays(days: &[Weekday]) -> String {
    match weekday_run(days) {
        Some((from, to)) => format!("von {} bis {}", weekday(from), weekday(to)),
        None => format!("am {}", join_each(days, weekday, "und")),
    }
}

/// Weekdays of every week: "jeden Dienstag", "montags bis freitags", "täglich".
fn each_week(days: &[Weekday]) -> String {
    if days.len() == 7 {
        return "täglich".to_owned();
    }
    match weekday_run(days) {
        Some((from, to)) => format!(
            "{}s bis {}s",
            weekday(from).to_lowercase(),
            weekday(to).to_lowercase()
        ),
        None => format!("jeden {}", join_each(days, weekday, "und")),
    }
}

/// Shape of the month: "am 1. und 15.", "am letzten Tag", "am 15. und am letzten Tag".
fn month_days(days: &[i32]) -> String {
    let (from_start, from_end): (Vec<i32>, Vec<i32>) = days.iter().partition(|&&n| n > 0);
    let start = (!from_start.is_empty()).then(|| format!("am {}", ordinals(&from_start, false)));
    let end = (!from_end.is_empty()).then(|| format!("am {} Tag", ordinals(&from_end, true)));
    match (start, end) {
        (Some(start), Some(end)) => format!("{start} und {end}"),
        (start, end) => start.or(end).unwrap_or_default(),
    }
}

fn months_list(months: &[u32]) -> String {
    let names: Vec<String> = months.iter().map(|&m| month(m)).collect();
    join(&names, "und")
}

/// "14. Oktober 2026"; without the year when `year` says it.
fn date(day: NaiveDate, year: Option<i32>) -> String {
    if Some(day.year()) == year {
        day.format_localized("%-d. %B", LOCALE).to_string()
    } else {
        day.format_localized("%-d. %B %Y", LOCALE).to_string()
    }
}

/// "Donnerstag, 8. Oktober 2026".
fn full_date(day: NaiveDate) -> String {
    day.format_localized("%A, %-d. %B %Y", LOCALE).to_string()
}

/// "7:30", "19:00", with seconds only when there are some.
fn time(time: NaiveTime) -> String {
    if time.second() == 0 {
        time.format("%-H:%M").to_string()
    } else {
        time.format("%-H:%M:%S").to_string()
    }
}

/// "2 Tage und 3 Stunden", "90 Minuten".
fn duration(length: Duration) -> String {
    let (days, hours, minutes) = length_parts(length);
    if days == 0 && hours < 2 && minutes != 0 {
        return amount(hours * 60 + minutes, "eine Minute", "Minuten");
    }
    let mut parts = Vec::new();
    if days > 0 {
        parts.push(amount(days, "einen Tag", "Tage"));
    }
    if hours > 0 {
        parts.push(amount(hours, "eine Stunde", "Stunden"));
    }
    if minutes > 0 {
        parts.push(amount(minutes, "eine Minute", "Minuten"));
    }
    if parts.is_empty() {
        return "null Minuten".to_owned();
    }
    join(&parts, "und")
}

/// "vom 14. bis 15. Oktober 2026", "vom 8. Januar bis 12. Februar 2026".
fn range(first: NaiveDate, last: NaiveDate, from: &str, to: &str) -> String {
    if first.year() != last.year() {
        format!("{from} {} {to} {}", date(first, None), date(last, None))
    } else if first.month() != last.month() {
        format!(
            "{from} {} {to} {}",
            date(first, Some(first.year())),
            date(last, None)
        )
    } else {
        format!("{from} {}. {to} {}", first.day(), date(last, None))
    }
}

impl Grammar for German {
    fn days(&self, days: &Shape) -> String {
        match days {
            Shape::Daily { every: n } => every(*n, "täglich", "Tage"),
            Shape::Weekdays { every: 1, days } => each_week(days),
            Shape::Weekdays { every: n, days } => {
                format!("{} {}", every(*n, "", "Wochen"), on_weekdays(days))
            }
            Shape::MonthDays { every: n, days } => {
                format!("{} {}", every(*n, "monatlich", "Monate"), month_days(days))
            }
            Shape::Numbered { scope, every, days } => numbered(scope, *every, days),
            Shape::Positions {
                scope,
                every: n,
                positions,
                weekdays,
            } => {
                let set = if weekdays
                    == &[
                        Weekday::Mon,
                        Weekday::Tue,
                        Weekday::Wed,
                        Weekday::Thu,
                        Weekday::Fri,
                    ] {
                    "Werktag (Montag bis Freitag)".to_owned()
                } else {
                    join_each(weekdays, weekday, "oder")
                };
                let what = format!("am {} {set}", ordinals(positions, true));
                match scope {
                    Scope::Month if *n == 1 => format!("{what} im Monat"),
                    Scope::Month => format!("{} {what}", every(*n, "", "Monate")),
                    Scope::Year(months) => {
                        format!(
                            "{} {what} {}",
                            every(*n, "jährlich", "Jahre"),
                            in_year(months)
                        )
                    }
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
                                format!("{d}. {}", month(m))
                            } else {
                                format!("{} Tag im {}", ordinal_word(d), month(m))
                            }
                        })
                        .collect();
                    format!("am {}", join(&items, "und"))
                } else {
                    format!("{} im {}", month_days(days), months_list(months))
                };
                format!("{} {dates}", every(*n, "jährlich", "Jahre"))
            }
            Shape::Weeks {
                every: n,
                weeks,
                weekdays,
            } => {
                let on = if weekdays.is_empty() {
                    "jeden Tag".to_owned()
                } else {
                    format!("am {}", join_each(weekdays, weekday, "und"))
                };
                let (from_start, from_end): (Vec<i32>, Vec<i32>) =
                    weeks.iter().partition(|&&n| n > 0);
                let mut numbered = Vec::new();
                if !from_start.is_empty() {
                    numbered.push(ordinals(&from_start, false));
                }
                if !from_end.is_empty() {
                    numbered.push(ordinals(&from_end, true));
                }
                format!(
                    "{} {on} der {} Kalenderwoche",
                    every(*n, "jährlich", "Jahre"),
                    numbered.join(" und ")
                )
            }
            Shape::YearDays { every: n, days } => format!(
                "{} {} des Jahres",
                every(*n, "jährlich", "Jahre"),
                year_days(days)
            ),
            Shape::Often {
                unit,
                every: n,
                weekdays,
            } => {
                let often = match unit {
                    Unit::Hour => every(*n, "stündlich", "Stunden"),
                    Unit::Minute => every(*n, "jede Minute", "Minuten"),
                    Unit::Second => every(*n, "jede Sekunde", "Sekunden"),
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
            Some((from, to)) => format!("von {} bis {}", month(from), month(to)),
            None => format!("im {}", months_list(months)),
        }
    }

    fn span(&self, first: NaiveDate, last: NaiveDate) -> String {
        if first == last {
            format!("nur am {}", date(first, None))
        } else {
            range(first, last, "vom", "bis")
        }
    }

    fn counted(&self, first: NaiveDate, count: u32) -> String {
        format!("ab {} ({count} Termine)", date(first, None))
    }

    fn clock(&self, clock: &Clock) -> String {
        match clock {
            Clock::Days(days) => format!("{} lang", amount(*days, "einen Tag", "Tage")),
            Clock::Range(start, end) => {
                // Duden writes the end of a day as 24:00.
                let end = if *end == NaiveTime::MIN {
                    "24:00".to_owned()
                } else {
                    time(*end)
                };
                format!("{}–{end} Uhr", time(*start))
            }
            Clock::At(start) => format!("um {} Uhr", time(*start)),
            Clock::From(start, length) => {
                format!("ab {} Uhr, {} lang", time(*start), duration(*length))
            }
            Clock::Several(times, length) => {
                let times: Vec<String> = times.iter().map(|&t| time(t)).collect();
                format!(
                    "um {} Uhr, jeweils {}",
                    join(&times, "und"),
                    duration(*length)
                )
            }
            Clock::Each(length) => format!("jeweils {}", duration(*length)),
        }
    }

    fn except(&self, shown: &[NaiveDate], more: usize, year: i32) -> String {
        let dates: Vec<String> = shown.iter().map(|&d| date(d, Some(year))).collect();
        if more == 0 {
            format!("außer {}", dates.join(", "))
        } else {
            format!("außer {} und {more} weitere", dates.join(", "))
        }
    }

    fn fallback(&self, date: NaiveDateTime, is_next: bool, all_day: bool) -> String {
        let which = if is_next { "nächster" } else { "erster" };
        let mut text = format!("regelmäßig, {which} Termin am {}", full_date(date.date()));
        if !all_day {
            text.push_str(&format!(", um {} Uhr", time(date.time())));
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
            format!("{}.–{}", first.day(), date(last, None))
        }
    }

    fn single_timed(&self, start: NaiveDateTime, end: NaiveDateTime) -> String {
        let length = end - start;
        if length.is_zero() {
            return format!("{}, {} Uhr", full_date(start.date()), time(start.time()));
        }
        if length < Duration::days(1) {
            let clock = self.clock(&Clock::Range(start.time(), end.time()));
            return format!("{}, {clock}", full_date(start.date()));
        }
        format!(
            "{}, {} Uhr – {}, {} Uhr",
            date(start.date(), None),
            time(start.time()),
            date(end.date(), None),
            time(end.time())
        )
    }
}

/// "im Dezember", "im März und September", "im Jahr".
fn in_year(months: &[u32]) -> String {
    if months.is_empty() {
        "im Jahr".to_owned()
    } else {
        format!("im {}", months_list(months))
    }
}

/// Numbered weekdays: "jeden zweiten Dienstag im Monat", "jeden 2. und 4. Dienstag im Monat",
/// "am letzten Freitag im Monat", "jährlich am 3. Freitag im Dezember".
fn numbered(scope: &Scope, n: u32, days: &[(i32, Weekday)]) -> String {
    let one_weekday = days.iter().all(|(_, d)| *d == days[0].1);
    let phrase = |words: bool| {
        if one_weekday {
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
            join(&items, "und")
        }
    };
    match scope {
        Scope::Month if n == 1 => match days {
            // "jeden zweiten Dienstag im Monat": in words after "jeden", whose "zweiten" the
            // month makes clear; the last ones are "am letzten Freitag im Monat".
            [(k, _)] if *k > 0 => format!("jeden {} im Monat", phrase(true)),
            [_] => format!("am {} im Monat", phrase(true)),
            _ if days.iter().all(|(k, _)| *k > 0) => format!("jeden {} im Monat", phrase(false)),
            _ => format!("am {} im Monat", phrase(false)),
        },
        Scope::Month => format!("{} am {}", every(n, "", "Monate"), phrase(false)),
        Scope::Year(months) => format!(
            "{} am {} {}",
            every(n, "jährlich", "Jahre"),
            phrase(false),
            in_year(months)
        ),
    }
}

/// Shape of the year: "am 100. Tag", "am letzten Tag", "am 1. und am letzten Tag".
fn year_days(days: &[i32]) -> String {
    let (from_start, from_end): (Vec<i32>, Vec<i32>) = days.iter().partition(|&&n| n > 0);
    let start =
        (!from_start.is_empty()).then(|| format!("am {} Tag", ordinals(&from_start, false)));
    let end = (!from_end.is_empty()).then(|| format!("am {} Tag", ordinals(&from_end, true)));
    match (start, end) {
        (Some(start), Some(end)) => format!("{start} und {end}"),
        (start, end) => start.or(end).unwrap_or_default(),
    }
}
