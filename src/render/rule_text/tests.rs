use std::path::Path;

use chrono::{Duration, NaiveDate, NaiveDateTime};
use chrono_tz::Europe::Berlin;

use super::{Language, Series, describe};
use crate::model::calendar::recurrence::{ExpandError, FirstStart, Frequency, Rule};
use crate::model::calendar::when::{Length, When, resolve_local};

fn start(text: &str) -> FirstStart {
    match NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M") {
        Ok(local) => FirstStart::Timed(local),
        Err(_) => FirstStart::AllDay(NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()),
    }
}

fn local(text: &str) -> NaiveDateTime {
    start(text).local()
}

/// One row of the table: a schedule and its text in German and in English.
struct Case {
    repeat: &'static str,
    start: &'static str,
    length: &'static str,
    except: &'static [&'static str],
    next: Option<&'static str>,
    de: &'static str,
    en: &'static str,
}

const fn case(
    repeat: &'static str,
    start: &'static str,
    length: &'static str,
    de: &'static str,
    en: &'static str,
) -> Case {
    Case {
        repeat,
        start,
        length,
        except: &[],
        next: None,
        de,
        en,
    }
}

/// Both texts of a case, the rule parsed as the event loader parses it.
fn texts(case: &Case) -> (String, String) {
    let first = start(case.start);
    let rule = (!case.repeat.is_empty())
        .then(|| Rule::parse(case.repeat, first, Berlin).expect(case.repeat));
    let length = if case.length == "0" {
        Length(Duration::zero())
    } else {
        Length::parse(case.length).unwrap()
    };
    let exceptions: Vec<NaiveDateTime> = case.except.iter().map(|text| local(text)).collect();
    let single = rule.is_none().then(|| match first {
        FirstStart::Timed(at) => {
            let moment = resolve_local(Berlin, at);
            (When::Timed(moment), When::Timed(moment + length.0))
        }
        FirstStart::AllDay(day) => (
            When::AllDay(day),
            When::AllDay(day + Duration::days(length.whole_days().unwrap())),
        ),
    });
    let series = Series {
        rule: rule.as_ref(),
        start: first,
        length,
        zone: Berlin,
        exceptions: &exceptions,
        single,
        next: case.next.map(local),
    };
    (
        describe(&series, Language::German),
        describe(&series, Language::English),
    )
}

const EXCEPT_AUGUST: &[&str] = &["2026-08-06 07:30", "2026-08-13 07:30"];
const EXCEPT_MANY: &[&str] = &[
    "2026-08-06 07:30",
    "2026-08-13 07:30",
    "2026-08-20 07:30",
    "2026-08-27 07:30",
    "2026-12-24 07:30",
    "2026-12-31 07:30",
];
const EXCEPT_INTO_NEXT_YEAR: &[&str] = &[
    "2026-08-06 07:30",
    "2026-12-24 07:30",
    "2026-12-31 07:30",
    "2027-01-07 07:30",
];

/// Hand-written texts, checked for natural German (Duden: "7:30 Uhr", "19:00–22:00 Uhr" with an
/// en dash) and for the English of the theme's en_US dates.
const TABLE: &[Case] = &[
    case(
        "FREQ=MONTHLY;BYDAY=2TU",
        "2025-09-09 19:00",
        "3h",
        "jeden zweiten Dienstag im Monat, 19:00–22:00 Uhr",
        "on the second Tuesday of every month, 7:00–10:00 PM",
    ),
    Case {
        except: EXCEPT_AUGUST,
        next: Some("2026-07-30 07:30"),
        ..case(
            "FREQ=WEEKLY;BYDAY=TH",
            "2026-01-08 07:30",
            "90m",
            "jeden Donnerstag, 7:30–9:00 Uhr (außer 6. August, 13. August)",
            "every Thursday, 7:30–9:00 AM (except August 6, August 13)",
        )
    },
    Case {
        except: EXCEPT_MANY,
        next: Some("2026-07-30 07:30"),
        ..case(
            "FREQ=WEEKLY;BYDAY=TH",
            "2026-01-08 07:30",
            "90m",
            "jeden Donnerstag, 7:30–9:00 Uhr (außer 6. August, 13. August, 20. August und 3 weitere)",
            "every Thursday, 7:30–9:00 AM (except August 6, August 13, August 20 and 3 more)",
        )
    },
    // Exceptions before the next date are past and not named.
    Case {
        except: EXCEPT_INTO_NEXT_YEAR,
        next: Some("2026-12-17 07:30"),
        ..case(
            "FREQ=WEEKLY;BYDAY=TH",
            "2026-01-08 07:30",
            "90m",
            "jeden Donnerstag, 7:30–9:00 Uhr (außer 24. Dezember, 31. Dezember, 7. Januar 2027)",
            "every Thursday, 7:30–9:00 AM (except December 24, December 31, January 7, 2027)",
        )
    },
    // Without a next date there is nothing to be excepted from.
    Case {
        except: EXCEPT_AUGUST,
        ..case(
            "FREQ=WEEKLY;BYDAY=TH",
            "2026-01-08 07:30",
            "90m",
            "jeden Donnerstag, 7:30–9:00 Uhr",
            "every Thursday, 7:30–9:00 AM",
        )
    },
    case(
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE",
        "2026-01-07 18:00",
        "2h",
        "alle zwei Wochen am Mittwoch, 18:00–20:00 Uhr",
        "every two weeks on Wednesday, 6:00–8:00 PM",
    ),
    case(
        "FREQ=YEARLY;BYMONTH=12;BYDAY=3FR",
        "2025-12-19 18:30",
        "4h30m",
        "jährlich am 3. Freitag im Dezember, 18:30–23:00 Uhr",
        "every year on the 3rd Friday of December, 6:30–11:00 PM",
    ),
    case(
        "FREQ=DAILY;COUNT=2",
        "2026-10-14",
        "1d",
        "täglich vom 14. bis 15. Oktober 2026",
        "every day from October 14 to 15, 2026",
    ),
    case(
        "FREQ=DAILY;UNTIL=20261015",
        "2026-10-14",
        "1d",
        "täglich vom 14. bis 15. Oktober 2026",
        "every day from October 14 to 15, 2026",
    ),
    case(
        "FREQ=MONTHLY;BYDAY=2TU,4TU",
        "2026-01-13 19:00",
        "2h",
        "jeden 2. und 4. Dienstag im Monat, 19:00–21:00 Uhr",
        "on the 2nd and 4th Tuesday of every month, 7:00–9:00 PM",
    ),
    case(
        "FREQ=MONTHLY;BYDAY=-1FR",
        "2026-01-30 18:00",
        "3h",
        "am letzten Freitag im Monat, 18:00–21:00 Uhr",
        "on the last Friday of every month, 6:00–9:00 PM",
    ),
    case(
        "FREQ=MONTHLY;BYDAY=-1FR;UNTIL=20261231",
        "2026-01-30 18:00",
        "3h",
        "am letzten Freitag im Monat vom 30. Januar bis 31. Dezember 2026, 18:00–21:00 Uhr",
        "on the last Friday of every month from January 30 to December 31, 2026, 6:00–9:00 PM",
    ),
    case(
        "FREQ=MONTHLY;BYDAY=-2MO",
        "2026-01-19 18:00",
        "3h",
        "am vorletzten Montag im Monat, 18:00–21:00 Uhr",
        "on the second-to-last Monday of every month, 6:00–9:00 PM",
    ),
    case(
        "FREQ=MONTHLY;INTERVAL=3;BYDAY=1FR",
        "2026-04-03 14:00",
        "4h30m",
        "alle drei Monate am 1. Freitag, 14:00–18:30 Uhr",
        "every three months on the 1st Friday, 2:00–6:30 PM",
    ),
    case(
        "FREQ=YEARLY;BYMONTH=10;BYDAY=2TH",
        "2026-10-08",
        "2d",
        "jährlich am 2. Donnerstag im Oktober, zwei Tage lang",
        "every year on the 2nd Thursday of October, for two days",
    ),
    case(
        "FREQ=DAILY;INTERVAL=3;COUNT=8",
        "2026-03-20 18:30",
        "3h30m",
        "alle drei Tage vom 20. März bis 10. April 2026, 18:30–22:00 Uhr",
        "every three days from March 20 to April 10, 2026, 6:30–10:00 PM",
    ),
    case(
        "FREQ=WEEKLY;INTERVAL=2;COUNT=20",
        "2026-02-02 12:00",
        "1h",
        "alle zwei Wochen am Montag vom 2. Februar bis 26. Oktober 2026, 12:00–13:00 Uhr",
        "every two weeks on Monday from February 2 to October 26, 2026, 12:00–1:00 PM",
    ),
    case(
        "FREQ=YEARLY",
        "2025-12-19",
        "1d",
        "jährlich am 19. Dezember",
        "every year on December 19",
    ),
    case(
        "FREQ=YEARLY;INTERVAL=2",
        "2026-06-01 10:00",
        "8h",
        "alle zwei Jahre am 1. Juni, 10:00–18:00 Uhr",
        "every two years on June 1, 10:00 AM–6:00 PM",
    ),
    case(
        "FREQ=MONTHLY",
        "2026-01-09 19:00",
        "2h",
        "monatlich am 9., 19:00–21:00 Uhr",
        "monthly on the 9th, 7:00–9:00 PM",
    ),
    case(
        "FREQ=MONTHLY;BYMONTHDAY=1,15",
        "2026-01-01 08:00",
        "1h",
        "monatlich am 1. und 15., 8:00–9:00 Uhr",
        "monthly on the 1st and 15th, 8:00–9:00 AM",
    ),
    case(
        "FREQ=MONTHLY;BYMONTHDAY=-1",
        "2026-01-31",
        "1d",
        "monatlich am letzten Tag",
        "monthly on the last day",
    ),
    case(
        "FREQ=MONTHLY;BYMONTHDAY=15,-1",
        "2026-01-15 17:00",
        "1h",
        "monatlich am 15. und am letzten Tag, 17:00–18:00 Uhr",
        "monthly on the 15th and the last day, 5:00–6:00 PM",
    ),
    case(
        "FREQ=MONTHLY;BYMONTHDAY=-2",
        "2026-01-30",
        "1d",
        "monatlich am vorletzten Tag",
        "monthly on the second-to-last day",
    ),
    case(
        "FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=10",
        "2026-01-10",
        "1d",
        "alle zwei Monate am 10.",
        "every two months on the 10th",
    ),
    case(
        "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
        "2026-01-05 09:00",
        "8h",
        "montags bis freitags, 9:00–17:00 Uhr",
        "Monday through Friday, 9:00 AM–5:00 PM",
    ),
    case(
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TU,WE,TH,FR",
        "2026-01-05 09:00",
        "1h",
        "alle zwei Wochen von Montag bis Freitag, 9:00–10:00 Uhr",
        "every two weeks, Monday through Friday, 9:00–10:00 AM",
    ),
    case(
        "FREQ=WEEKLY;BYDAY=TU,TH",
        "2026-01-06 18:00",
        "90m",
        "jeden Dienstag und Donnerstag, 18:00–19:30 Uhr",
        "every Tuesday and Thursday, 6:00–7:30 PM",
    ),
    case(
        "FREQ=WEEKLY;BYDAY=MO,WE,FR",
        "2026-01-05 07:00",
        "1h",
        "jeden Montag, Mittwoch und Freitag, 7:00–8:00 Uhr",
        "every Monday, Wednesday and Friday, 7:00–8:00 AM",
    ),
    // WKST changes which weeks an INTERVAL counts, not what the text says.
    case(
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,SU;WKST=SU",
        "2026-01-06 09:00",
        "1h",
        "alle zwei Wochen am Dienstag und Sonntag, 9:00–10:00 Uhr",
        "every two weeks on Tuesday and Sunday, 9:00–10:00 AM",
    ),
    case(
        "FREQ=DAILY",
        "2026-01-01 12:00",
        "30m",
        "täglich, 12:00–12:30 Uhr",
        "every day, 12:00–12:30 PM",
    ),
    case(
        "FREQ=DAILY;INTERVAL=2",
        "2026-01-01",
        "1d",
        "alle zwei Tage",
        "every two days",
    ),
    case(
        "FREQ=DAILY;INTERVAL=14",
        "2026-01-01",
        "1d",
        "alle 14 Tage",
        "every 14 days",
    ),
    case(
        "FREQ=DAILY;BYDAY=SA,SU",
        "2026-01-03 10:00",
        "2h",
        "jeden Samstag und Sonntag, 10:00–12:00 Uhr",
        "every Saturday and Sunday, 10:00 AM–12:00 PM",
    ),
    case(
        "FREQ=WEEKLY;BYMONTH=7,8;BYDAY=TH",
        "2026-07-02 19:00",
        "2h",
        "jeden Donnerstag im Juli und August, 19:00–21:00 Uhr",
        "every Thursday in July and August, 7:00–9:00 PM",
    ),
    case(
        "FREQ=YEARLY;BYMONTH=6,7,8;BYDAY=SA",
        "2026-06-06 15:00",
        "3h",
        "jeden Samstag von Juni bis August, 15:00–18:00 Uhr",
        "every Saturday from June through August, 3:00–6:00 PM",
    ),
    case(
        "FREQ=DAILY;BYMONTH=7,8",
        "2026-07-01",
        "1d",
        "täglich im Juli und August",
        "every day in July and August",
    ),
    case(
        "FREQ=MONTHLY;BYDAY=2TU;BYMONTH=1,2,3,4,5,6",
        "2026-01-13 19:00",
        "3h",
        "jeden zweiten Dienstag im Monat von Januar bis Juni, 19:00–22:00 Uhr",
        "on the second Tuesday of every month from January through June, 7:00–10:00 PM",
    ),
    case(
        "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
        "2026-01-30 16:00",
        "2h",
        "am letzten Werktag (Montag bis Freitag) im Monat, 16:00–18:00 Uhr",
        "on the last weekday of every month, 4:00–6:00 PM",
    ),
    case(
        "FREQ=MONTHLY;BYDAY=SA,SU;BYSETPOS=1",
        "2026-01-03",
        "1d",
        "am ersten Samstag oder Sonntag im Monat",
        "on the first Saturday or Sunday of every month",
    ),
    case(
        "FREQ=YEARLY;BYMONTH=12;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
        "2026-12-31",
        "1d",
        "jährlich am letzten Werktag (Montag bis Freitag) im Dezember",
        "every year on the last weekday of December",
    ),
    case(
        "FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO",
        "1997-05-12 09:00",
        "1h",
        "jährlich am Montag der 20. Kalenderwoche, 9:00–10:00 Uhr",
        "every year on Monday of week 20, 9:00–10:00 AM",
    ),
    case(
        "FREQ=YEARLY;BYWEEKNO=1,27;BYDAY=MO",
        "2026-06-29 10:00",
        "2h",
        "jährlich am Montag der 1. und 27. Kalenderwoche, 10:00–12:00 Uhr",
        "every year on Monday of weeks 1 and 27, 10:00 AM–12:00 PM",
    ),
    case(
        "FREQ=YEARLY;BYYEARDAY=100",
        "2026-04-10",
        "1d",
        "jährlich am 100. Tag des Jahres",
        "every year on the 100th day of the year",
    ),
    case(
        "FREQ=YEARLY;BYYEARDAY=-1",
        "2026-12-31 20:00",
        "5h",
        "jährlich am letzten Tag des Jahres, 20:00–1:00 Uhr",
        "every year on the last day of the year, 8:00 PM–1:00 AM",
    ),
    case(
        "FREQ=YEARLY;BYMONTH=1,7;BYMONTHDAY=1",
        "2026-01-01",
        "1d",
        "jährlich am 1. Januar und 1. Juli",
        "every year on January 1 and July 1",
    ),
    case(
        "FREQ=YEARLY;BYMONTH=3,6,9,12",
        "2026-03-15 10:00",
        "1h",
        "jährlich am 15. März, 15. Juni, 15. September und 15. Dezember, 10:00–11:00 Uhr",
        "every year on March 15, June 15, September 15 and December 15, 10:00–11:00 AM",
    ),
    case(
        "FREQ=YEARLY;BYMONTH=1,4,7,10;BYMONTHDAY=1,15",
        "2026-01-01",
        "1d",
        "jährlich am 1. und 15. im Januar, April, Juli und Oktober",
        "every year on the 1st and 15th of January, April, July and October",
    ),
    case(
        "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1",
        "2026-02-28",
        "1d",
        "jährlich am letzten Tag im Februar",
        "every year on the last day of February",
    ),
    case(
        "FREQ=YEARLY;BYDAY=-1MO;BYMONTH=5",
        "2026-05-25",
        "1d",
        "jährlich am letzten Montag im Mai",
        "every year on the last Monday of May",
    ),
    case(
        "FREQ=YEARLY;BYDAY=20MO",
        "2026-05-18",
        "1d",
        "jährlich am 20. Montag im Jahr",
        "every year on the 20th Monday of the year",
    ),
    case(
        "FREQ=YEARLY;BYMONTH=3,9;BYDAY=3FR",
        "2026-03-20",
        "1d",
        "jährlich am 3. Freitag im März und September",
        "every year on the 3rd Friday of March and September",
    ),
    case(
        "FREQ=MONTHLY;BYDAY=1MO,3WE",
        "2026-01-05 19:00",
        "2h",
        "jeden 1. Montag und 3. Mittwoch im Monat, 19:00–21:00 Uhr",
        "on the 1st Monday and 3rd Wednesday of every month, 7:00–9:00 PM",
    ),
    case(
        "FREQ=MONTHLY;BYDAY=1FR,-1FR",
        "2026-01-02 18:00",
        "2h",
        "am 1. und letzten Freitag im Monat, 18:00–20:00 Uhr",
        "on the 1st and last Friday of every month, 6:00–8:00 PM",
    ),
    case(
        "FREQ=WEEKLY;COUNT=3",
        "2026-01-07",
        "1d",
        "jeden Mittwoch vom 7. bis 21. Januar 2026",
        "every Wednesday from January 7 to 21, 2026",
    ),
    case(
        "FREQ=WEEKLY;UNTIL=20270312",
        "2026-11-05 19:00",
        "2h",
        "jeden Donnerstag vom 5. November 2026 bis 12. März 2027, 19:00–21:00 Uhr",
        "every Thursday from November 5, 2026 to March 12, 2027, 7:00–9:00 PM",
    ),
    case(
        "FREQ=DAILY;COUNT=1",
        "2026-10-14",
        "1d",
        "täglich nur am 14. Oktober 2026",
        "every day only on October 14, 2026",
    ),
    case(
        "FREQ=DAILY;COUNT=5000",
        "2026-01-01",
        "1d",
        "täglich ab 1. Januar 2026 (5000 Termine)",
        "every day from January 1, 2026 (5000 dates)",
    ),
    case(
        "FREQ=WEEKLY;BYDAY=FR",
        "2026-01-02 18:00",
        "2d2h",
        "jeden Freitag, ab 18:00 Uhr, zwei Tage und zwei Stunden lang",
        "every Friday, from 6:00 PM, for two days and two hours",
    ),
    case(
        "FREQ=WEEKLY;BYDAY=FR",
        "2026-01-02 22:00",
        "2h",
        "jeden Freitag, 22:00–24:00 Uhr",
        "every Friday, 10:00 PM–12:00 AM",
    ),
    case(
        "FREQ=WEEKLY",
        "2026-01-06 19:00",
        "0",
        "jeden Dienstag, um 19:00 Uhr",
        "every Tuesday, at 7:00 PM",
    ),
    case(
        "FREQ=DAILY;BYHOUR=9,14",
        "2026-01-05 09:00",
        "1h",
        "täglich, um 9:00 und 14:00 Uhr, jeweils eine Stunde",
        "every day, at 9:00 AM and 2:00 PM, one hour each",
    ),
    case(
        "FREQ=HOURLY",
        "2026-01-01 09:00",
        "30m",
        "stündlich, jeweils 30 Minuten",
        "every hour, 30 minutes each",
    ),
    case(
        "FREQ=HOURLY;INTERVAL=3;COUNT=6",
        "1997-09-02 09:00",
        "30m",
        "alle drei Stunden vom 2. bis 3. September 1997, jeweils 30 Minuten",
        "every three hours from September 2 to 3, 1997, 30 minutes each",
    ),
    case(
        "FREQ=MINUTELY;INTERVAL=15;BYDAY=MO,TU,WE,TH,FR",
        "2026-01-05 09:00",
        "10m",
        "alle 15 Minuten, montags bis freitags, jeweils zehn Minuten",
        "every 15 minutes, Monday through Friday, ten minutes each",
    ),
    case(
        "FREQ=MONTHLY;BYDAY=MO",
        "2026-01-05",
        "1d",
        "jeden Montag",
        "every Monday",
    ),
    case(
        "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR,SA,SU",
        "2026-01-05 06:00",
        "1h",
        "täglich, 6:00–7:00 Uhr",
        "every day, 6:00–7:00 AM",
    ),
    case(
        "FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU,4TU",
        "2026-01-13 19:00",
        "2h",
        "alle zwei Monate am 2. und 4. Dienstag, 19:00–21:00 Uhr",
        "every two months on the 2nd and 4th Tuesday, 7:00–9:00 PM",
    ),
    case(
        "FREQ=MONTHLY;INTERVAL=2;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=1",
        "2026-01-01 09:00",
        "1h",
        "alle zwei Monate am ersten Werktag (Montag bis Freitag), 9:00–10:00 Uhr",
        "every two months on the first weekday, 9:00–10:00 AM",
    ),
    case(
        "FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3,10",
        "2026-03-29 10:00",
        "2h",
        "jährlich am letzten Sonntag im März und Oktober, 10:00–12:00 Uhr",
        "every year on the last Sunday of March and October, 10:00 AM–12:00 PM",
    ),
    case(
        "FREQ=YEARLY;BYMONTH=2,8;BYMONTHDAY=-1",
        "2026-02-28",
        "1d",
        "jährlich am letzten Tag im Februar und letzten Tag im August",
        "every year on the last day of February and the last day of August",
    ),
    case(
        "FREQ=YEARLY;BYWEEKNO=20",
        "2026-05-11",
        "1d",
        "jährlich jeden Tag der 20. Kalenderwoche",
        "every year on every day of week 20",
    ),
    case(
        "FREQ=YEARLY;BYYEARDAY=1,-1",
        "2026-01-01",
        "1d",
        "jährlich am 1. Tag und am letzten Tag des Jahres",
        "every year on the 1st day and the last day of the year",
    ),
    case(
        "FREQ=SECONDLY;INTERVAL=30",
        "2026-01-01 12:00",
        "10m",
        "alle 30 Sekunden, jeweils zehn Minuten",
        "every 30 seconds, ten minutes each",
    ),
    case(
        "FREQ=MINUTELY",
        "2026-01-01 12:00",
        "1m",
        "jede Minute, jeweils eine Minute",
        "every minute, one minute each",
    ),
    // Rules too intricate for a phrase read as their next (else their first) date.
    Case {
        next: Some("1997-09-02 09:20"),
        ..case(
            "FREQ=MINUTELY;INTERVAL=20;BYHOUR=9,10",
            "1997-09-02 09:00",
            "20m",
            "regelmäßig, nächster Termin am Dienstag, 2. September 1997, um 9:20 Uhr",
            "regularly, next on Tuesday, September 2, 1997, at 9:20 AM",
        )
    },
    Case {
        next: Some("2026-03-13"),
        ..case(
            "FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13",
            "2026-02-13",
            "1d",
            "regelmäßig, nächster Termin am Freitag, 13. März 2026",
            "regularly, next on Friday, March 13, 2026",
        )
    },
    case(
        "FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13",
        "2026-02-13",
        "1d",
        "regelmäßig, erster Termin am Freitag, 13. Februar 2026",
        "regularly, first on Friday, February 13, 2026",
    ),
    // Single events.
    case(
        "",
        "2026-10-08 19:00",
        "3h",
        "Donnerstag, 8. Oktober 2026, 19:00–22:00 Uhr",
        "Thursday, October 8, 2026, 7:00–10:00 PM",
    ),
    case(
        "",
        "2026-10-08 22:00",
        "4h",
        "Donnerstag, 8. Oktober 2026, 22:00–2:00 Uhr",
        "Thursday, October 8, 2026, 10:00 PM–2:00 AM",
    ),
    case(
        "",
        "2026-10-08",
        "1d",
        "Donnerstag, 8. Oktober 2026",
        "Thursday, October 8, 2026",
    ),
    case(
        "",
        "2026-10-08",
        "2d",
        "8.–9. Oktober 2026",
        "October 8–9, 2026",
    ),
    case(
        "",
        "2026-09-30",
        "3d",
        "30. September – 2. Oktober 2026",
        "September 30 – October 2, 2026",
    ),
    case(
        "",
        "2026-12-30",
        "4d",
        "30. Dezember 2026 – 2. Januar 2027",
        "December 30, 2026 – January 2, 2027",
    ),
    case(
        "",
        "2026-10-08 18:00",
        "50h",
        "8. Oktober 2026, 18:00 Uhr – 10. Oktober 2026, 20:00 Uhr",
        "October 8, 2026, 6:00 PM – October 10, 2026, 8:00 PM",
    ),
];

#[test]
fn every_rule_of_the_table_reads_as_written_in_german_and_english() {
    assert!(TABLE.iter().filter(|case| !case.repeat.is_empty()).count() >= 40);
    let mut wrong = Vec::new();
    for case in TABLE {
        let (de, en) = texts(case);
        if de != case.de {
            wrong.push(format!(
                "{} from {}:\n  de: {de}\n  expected {}",
                case.repeat, case.start, case.de
            ));
        }
        if en != case.en {
            wrong.push(format!(
                "{} from {}:\n  en: {en}\n  expected {}",
                case.repeat, case.start, case.en
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn other_languages_read_in_english_and_regional_german_in_german() {
    assert_eq!(Language::of("de"), Language::German);
    assert_eq!(Language::of("de-AT"), Language::German);
    assert_eq!(Language::of("en"), Language::English);
    assert_eq!(Language::of("fr"), Language::English);
}

/// A small deterministic generator (xorshift), so that a failure can be replayed.
struct Random(u64);

impl Random {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    /// `count` values from `range` (inclusive), each negated by chance when `signed`.
    fn list(&mut self, low: i64, high: i64, signed: bool) -> String {
        let count = 1 + self.below(3);
        (0..count)
            .map(|_| {
                let n = low + self.below((high - low + 1) as u64) as i64;
                if signed && self.chance(30) { -n } else { n }.to_string()
            })
            .collect::<Vec<_>>()
            .join(",")
    }
}

const FREQUENCIES: [&str; 7] = [
    "YEARLY", "MONTHLY", "WEEKLY", "DAILY", "HOURLY", "MINUTELY", "SECONDLY",
];
const DAYS: [&str; 7] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];

/// BYDAY with 1 to 4 weekdays, numbered by chance when `numbered`.
fn random_weekdays(random: &mut Random, numbered: bool) -> String {
    let count = 1 + random.below(4);
    let days: Vec<String> = (0..count)
        .map(|_| {
            let day = DAYS[random.below(7) as usize];
            if numbered && random.chance(50) {
                let n = 1 + random.below(5) as i64;
                format!("{}{day}", if random.chance(30) { -n } else { n })
            } else {
                day.to_owned()
            }
        })
        .collect();
    format!("BYDAY={}", days.join(","))
}

/// A rule of random parts, most of them allowed with its frequency. Parts that rarely meet on
/// any day (BYYEARDAY with BYMONTH) are not combined: the validator's search for the first date
/// of such a rule runs through the years to 9999, which would make the test slow, not better.
fn random_rule(random: &mut Random) -> String {
    // The sub-daily frequencies are rare, as they expand to many dates.
    let frequency = if random.chance(10) {
        FREQUENCIES[4 + random.below(3) as usize]
    } else {
        FREQUENCIES[random.below(4) as usize]
    };
    let mut parts = vec![format!("FREQ={frequency}")];
    if random.chance(30) {
        parts.push(format!("INTERVAL={}", 1 + random.below(4)));
    }
    if random.chance(40) {
        parts.push(format!("COUNT={}", 1 + random.below(30)));
    } else if random.chance(30) {
        parts.push(format!(
            "UNTIL=20{}0{}15",
            27 + random.below(3),
            1 + random.below(9)
        ));
    }
    if random.chance(10) {
        parts.push(format!("WKST={}", DAYS[random.below(7) as usize]));
    }
    let yearly = frequency == "YEARLY";
    let numbered = yearly || frequency == "MONTHLY";
    match random.below(10) {
        0 if yearly => parts.push(format!("BYYEARDAY={}", random.list(1, 366, true))),
        1 if yearly => {
            parts.push(format!("BYWEEKNO={}", random.list(1, 53, true)));
            if random.chance(60) {
                parts.push(random_weekdays(random, false));
            }
        }
        2 | 3 if frequency != "WEEKLY" => {
            parts.push(format!("BYMONTHDAY={}", random.list(1, 31, true)));
            if random.chance(20) {
                parts.push(format!("BYMONTH={}", random.list(1, 12, false)));
            }
        }
        4..=7 => {
            parts.push(random_weekdays(random, numbered));
            if random.chance(30) {
                parts.push(format!("BYMONTH={}", random.list(1, 12, false)));
            }
            // Positions within the fewest candidates a period may have, else many periods
            // have none.
            if random.chance(25) {
                parts.push(format!("BYSETPOS={}", random.list(1, 1, true)));
            }
        }
        8 => parts.push(format!("BYMONTH={}", random.list(1, 12, false))),
        _ => {}
    }
    if random.chance(10) {
        parts.push(format!("BYHOUR={}", random.list(0, 23, false)));
    }
    if random.chance(10) {
        parts.push(format!("BYMINUTE={}", random.list(0, 59, false)));
    }
    if random.chance(3) {
        parts.push(format!("BYSECOND={}", random.list(0, 59, false)));
    }
    parts.join(";")
}

/// `rule` from `first`, the start moved to the rule's own first date as an author would after
/// the loader's message; `None` when the loader refuses the rule.
fn accepted(rule: &str, first: FirstStart) -> Option<(Rule, FirstStart)> {
    let parsed = Rule::parse(rule, first, Berlin).ok()?;
    // A day holds thousands of sub-daily dates.
    let days = if parsed.frequency > Frequency::Daily {
        1
    } else {
        400
    };
    let horizon = first.local().date() + Duration::days(days);
    match parsed.expand(first, horizon) {
        Ok(_) => Some((parsed, first)),
        Err(ExpandError::NotFirst(real)) => {
            let moved = match first {
                FirstStart::Timed(_) => FirstStart::Timed(real),
                FirstStart::AllDay(_) => FirstStart::AllDay(real.date()),
            };
            let parsed = Rule::parse(rule, moved, Berlin).ok()?;
            parsed.expand(moved, horizon).ok()?;
            Some((parsed, moved))
        }
        Err(ExpandError::Rule(_)) => None,
    }
}

fn assert_reads(rule: &Rule, first: FirstStart, length: Length, next: Option<NaiveDateTime>) {
    let exceptions = [first.local()];
    let series = Series {
        rule: Some(rule),
        start: first,
        length,
        zone: Berlin,
        exceptions: &exceptions,
        single: None,
        next,
    };
    for language in [Language::German, Language::English] {
        let text = describe(&series, language);
        assert!(
            !text.trim().is_empty() && text.trim() == text && !text.contains("  "),
            "{} from {first:?} reads {text:?} in {language:?}",
            rule.ics_value()
        );
    }
}

#[test]
fn every_rule_the_validator_accepts_reads_as_some_text() {
    let mut random = Random(0x5eed_2026_1128);
    let mut read = 0;
    for _ in 0..1000 {
        let rule = random_rule(&mut random);
        let day =
            NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + Duration::days(random.below(730) as i64);
        let first = if random.chance(30) {
            FirstStart::AllDay(day)
        } else {
            FirstStart::Timed(day.and_hms_opt(random.below(24) as u32, 0, 0).unwrap())
        };
        let Some((parsed, first)) = accepted(&rule, first) else {
            continue;
        };
        let length = Length(Duration::minutes(30 + random.below(3000) as i64));
        let next = random.chance(50).then(|| first.local());
        assert_reads(&parsed, first, length, next);
        read += 1;
    }
    // The generator must reach the validator's accepted rules, not only its refusals.
    assert!(read > 300, "only {read} random rules were valid");
}

/// `start:` and `repeat:` of every event file in `dir`, as written.
fn schedules(dir: &Path) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|ext| ext != "yaml") {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        let value = |key: &str| {
            text.lines()
                .find_map(|line| line.strip_prefix(key))
                .map(|value| value.trim().trim_matches('"').to_owned())
        };
        if let (Some(start), Some(repeat)) = (value("start:"), value("repeat:")) {
            found.push((start, repeat));
        }
    }
    found
}

#[test]
fn the_rules_of_the_example_site_and_the_fixtures_read_without_the_fallback() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut all = schedules(&root.join("content/events"));
    all.extend(schedules(&root.join("tests/fixtures")));
    assert!(all.len() >= 10, "{all:?}");
    for (written, repeat) in all {
        let first = start(&written);
        let rule = Rule::parse(&repeat, first, Berlin).unwrap();
        let length = Length(Duration::hours(2));
        let next = Some(first.local());
        assert_reads(&rule, first, length, next);
        let series = Series {
            rule: Some(&rule),
            start: first,
            length,
            zone: Berlin,
            exceptions: &[],
            single: None,
            next,
        };
        let text = describe(&series, Language::German);
        assert!(!text.starts_with("regelmäßig"), "{repeat}: {text}");
    }
}

#[test]
fn the_rules_of_the_recurrence_tests_read_as_some_text() {
    // The RFC 5545 examples and edge cases the expansion is tested with.
    let rules = [
        ("FREQ=MONTHLY;BYDAY=-5TH", "2026-01-01 18:00"),
        ("FREQ=YEARLY;BYDAY=-53MO", "2024-01-01 09:00"),
        ("FREQ=MONTHLY;BYDAY=MO,1TU;COUNT=7", "2026-01-05 19:00"),
        (
            "FREQ=DAILY;INTERVAL=4;BYDAY=TU,SA;COUNT=4",
            "2027-08-24 00:15",
        ),
        (
            "FREQ=WEEKLY;BYDAY=WE,TH;BYSETPOS=2;COUNT=2",
            "2025-12-18 01:30",
        ),
        (
            "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
            "1997-09-30 09:00",
        ),
        (
            "FREQ=MINUTELY;INTERVAL=20;BYHOUR=9,10;COUNT=7",
            "1997-09-02 09:00",
        ),
        (
            "FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=SU",
            "1997-08-05 09:00",
        ),
        ("FREQ=YEARLY;UNTIL=20281218", "2026-12-18"),
        ("FREQ=DAILY", "1800-01-01"),
    ];
    for (rule, written) in rules {
        let first = start(written);
        let parsed = Rule::parse(rule, first, Berlin).unwrap();
        assert_reads(&parsed, first, Length(Duration::hours(1)), None);
    }
}
