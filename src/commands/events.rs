//! `treffpunkt events`: the occurrences between two days as a table for the terminal, or as JSON
//! for scripts (with each event's schedule in words).

use std::path::Path;

use anstyle::Style;
use chrono::{DateTime, Months, NaiveDate, Utc};

use serde::Serialize;

use crate::commands::check::Format;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::config;
use crate::model::calendar::event::{Event, Occurrence, Status};
use crate::model::calendar::when::When;
use crate::model::calendar::{self, Window};
use crate::model::slug::Slug;
use crate::render::calendar_views::CalendarViews;
use crate::terminal::{DIM, EMPHASIS, ERROR, Terminal, WARNING, count};

/// How far ahead the listing reaches when `--until` is not given.
const DEFAULT_SPAN: Months = Months::new(3);

pub struct AgendaOptions<'a> {
    pub root: &'a Path,
    pub now: DateTime<Utc>,
    pub from: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    pub category: Option<&'a str>,
}

/// One line of the table, its cells already written out.
pub struct Row {
    cells: [String; 5],
    status: Status,
    moved: bool,
}

/// One occurrence for `--format json`: the facts of its row, unabbreviated.
#[derive(Serialize)]
pub struct Entry {
    id: String,
    title: String,
    start: String,
    end: String,
    all_day: bool,
    timezone: &'static str,
    location: Option<String>,
    status: &'static str,
    /// The start the series gives it, when `changes` moved it.
    original_start: Option<String>,
    /// When the event takes place, in words of the site's language, as `events.json` has it.
    recurrence_text: String,
}

/// What `--format json` prints.
#[derive(Serialize)]
struct Listing<'a> {
    from: String,
    until: String,
    occurrences: &'a [Entry],
}

pub struct Agenda {
    pub from: NaiveDate,
    pub until: NaiveDate,
    pub rows: Vec<Row>,
    /// Index for index with `rows`.
    pub occurrences: Vec<Entry>,
}

const HEADINGS: [&str; 5] = ["Date", "Time", "Title", "Location", "Status"];

/// The occurrences from `from` (today) through `until` (three months on), both days included.
pub fn agenda(options: &AgendaOptions) -> Result<Agenda, Diagnostics> {
    let config = config::load(options.root, None)?;
    let today = options.now.with_timezone(&config.timezone).date_naive();
    let from = options.from.unwrap_or(today);
    let until = options.until.unwrap_or(from + DEFAULT_SPAN);
    if until < from {
        return Err(Diagnostic::new(
            "--until",
            format!("the listing would end ({until}) before it begins ({from})"),
        )
        .with_help("give an --until that is on or after --from")
        .into());
    }
    let end = until.succ_opt().unwrap_or(until);
    let window = Window::between(&config, options.now, from, end);
    let ui = crate::load::theme::language(options.root, &config)?;
    let calendar = calendar::load(options.root, &config, ui.quotes, window)?;
    let texts = CalendarViews::new(&config, &calendar, &ui).recurrence_texts();
    let wanted = match options.category {
        None => None,
        Some(name) => Some(events_of_category(&calendar, name)?),
    };
    let (rows, occurrences) = calendar
        .listed
        .iter()
        .filter(|listed| {
            wanted
                .as_ref()
                .is_none_or(|events| events.contains(&listed.event))
        })
        .map(|&listed| {
            let (event, occurrence) = calendar.occurrence(listed);
            (
                row(event, occurrence, config.timezone),
                entry(event, occurrence, &texts[listed.event]),
            )
        })
        .unzip();
    Ok(Agenda {
        from,
        until,
        rows,
        occurrences,
    })
}

fn entry(event: &Event, occurrence: &Occurrence, recurrence_text: &str) -> Entry {
    Entry {
        id: event.id.to_string(),
        title: occurrence.title.clone(),
        start: occurrence.start.to_rfc3339(event.zone),
        end: occurrence.end.to_rfc3339(event.zone),
        all_day: event.is_all_day(),
        timezone: event.zone.name(),
        location: occurrence.location().map(str::to_owned),
        status: occurrence.status.as_str(),
        original_start: occurrence
            .moved()
            .then(|| occurrence.original.to_rfc3339(event.zone)),
        recurrence_text: recurrence_text.to_owned(),
    }
}

/// The events (by their place in the calendar) of the category named on the command line, in any
/// spelling that slugifies alike.
fn events_of_category(
    calendar: &calendar::Calendar,
    name: &str,
) -> Result<Vec<usize>, Diagnostics> {
    let categories = calendar.categories();
    let wanted = Slug::from_text(name);
    if let Some((.., events)) = categories
        .iter()
        .find(|(known, ..)| Some(known) == wanted.as_ref())
    {
        return Ok(events.clone());
    }
    let known: Vec<&str> = categories
        .iter()
        .map(|(_, name, _)| name.as_str())
        .collect();
    let known = if known.is_empty() {
        "the events have no categories".to_owned()
    } else {
        format!("known categories: {}", known.join(", "))
    };
    Err(
        Diagnostic::option("--category", format!("no event has the category `{name}`"))
            .with_help(known)
            .into(),
    )
}

fn row(event: &Event, occurrence: &Occurrence, site_zone: chrono_tz::Tz) -> Row {
    let date = occurrence.start.date().format("%a %Y-%m-%d").to_string();
    let time = match (occurrence.start, occurrence.end) {
        (When::Timed(start), When::Timed(end)) => {
            // The zone's city, as its abbreviation is often the site's own ("CET" in Vienna).
            let zone = if event.zone == site_zone {
                String::new()
            } else {
                let city = event.zone.name().rsplit('/').next().unwrap_or_default();
                format!(" ({})", city.replace('_', " "))
            };
            let end = if end.date_naive() == start.date_naive() {
                end.format("%H:%M").to_string()
            } else {
                end.format("%a %H:%M").to_string()
            };
            format!("{}–{end}{zone}", start.format("%H:%M"))
        }
        (start, end) => {
            let days = (end.date() - start.date()).num_days();
            if days > 1 {
                format!("all day, {days} days")
            } else {
                "all day".to_owned()
            }
        }
    };
    let location = occurrence
        .location()
        .map(str::to_owned)
        .or_else(|| event.online.clone())
        .unwrap_or_default();
    let status = match occurrence.status {
        Status::Confirmed if occurrence.moved() => format!(
            "moved from {}",
            occurrence.original.date().format("%Y-%m-%d")
        ),
        status => status.as_str().to_owned(),
    };
    Row {
        cells: [date, time, occurrence.title.clone(), location, status],
        status: occurrence.status,
        moved: occurrence.moved(),
    }
}

impl Agenda {
    /// The table, its columns as wide as their widest cell; with a `width`, the location column
    /// gives way first, then the title, then the status, so that each row fits on one line.
    pub fn table(&self, width: Option<usize>) -> String {
        let mut widths = HEADINGS.map(|heading| heading.chars().count());
        for row in &self.rows {
            for (width, cell) in widths.iter_mut().zip(&row.cells) {
                *width = (*width).max(cell.chars().count());
            }
        }
        if let Some(available) = width {
            let gaps = 2 * (widths.len() - 1);
            for (column, floor) in [(3, 10), (2, 12), (4, 9)] {
                let total: usize = widths.iter().sum::<usize>() + gaps;
                if total > available {
                    widths[column] = widths[column]
                        .saturating_sub(total - available)
                        .max(floor.min(widths[column]));
                }
            }
        }
        let headings = line(&HEADINGS.map(str::to_owned), &widths, Style::new());
        let mut table = format!("{EMPHASIS}{headings}{EMPHASIS:#}\n");
        for row in &self.rows {
            let style = match row.status {
                Status::Cancelled => ERROR,
                Status::Tentative => WARNING,
                Status::Confirmed if row.moved => WARNING,
                Status::Confirmed => Style::new(),
            };
            table.push_str(&line(&row.cells, &widths, style));
            table.push('\n');
        }
        table
    }

    pub fn summary(&self) -> String {
        format!(
            "{DIM}{} from {} through {}{DIM:#}",
            count(self.rows.len(), "date"),
            self.from,
            self.until
        )
    }
}

/// One line of cells padded to their column, the status cell in `status_style`.
fn line(cells: &[String; 5], widths: &[usize; 5], status_style: Style) -> String {
    let last = cells.len() - 1;
    let mut line = String::new();
    for (index, (cell, &width)) in cells.iter().zip(widths).enumerate() {
        let cell = fit(cell, width);
        if index == last {
            line.push_str(&format!("{status_style}{cell}{status_style:#}"));
        } else {
            let padding = width - cell.chars().count();
            line.push_str(&format!("{cell}{}  ", " ".repeat(padding)));
        }
    }
    line.trim_end().to_owned()
}

/// `text` cut to `width` characters, with an ellipsis where it was cut.
fn fit(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_owned()
    } else {
        let kept: String = text.chars().take(width.saturating_sub(1)).collect();
        format!("{kept}…")
    }
}

/// `treffpunkt events`: the table of dates (or their JSON), or why there is none; `true` when
/// they could be listed.
pub fn run(options: &AgendaOptions, format: Format, terminal: Terminal) -> bool {
    match agenda(options) {
        Ok(agenda) if format == Format::Json => {
            let listing = Listing {
                from: agenda.from.to_string(),
                until: agenda.until.to_string(),
                occurrences: &agenda.occurrences,
            };
            // Serialising plain strings and numbers cannot fail.
            let json = serde_json::to_string_pretty(&listing).unwrap_or_default();
            anstream::println!("{json}");
            terminal.note(agenda.summary());
            true
        }
        Ok(agenda) if agenda.rows.is_empty() => {
            terminal.status(format!(
                "No events from {} through {}.",
                agenda.from, agenda.until
            ));
            true
        }
        Ok(agenda) => {
            // Only a terminal has a width to fit; `None` (also for a pipe) cuts nothing.
            let width = console::Term::stdout()
                .size_checked()
                .map(|(_, columns)| usize::from(columns));
            anstream::print!("{}", agenda.table(width));
            terminal.note(agenda.summary());
            true
        }
        Err(problems) => {
            terminal.problems(&problems, |found| {
                format!("No dates could be listed: {found}.")
            });
            false
        }
    }
}
