//! The event calendar: event series defined in YAML, expanded into occurrences within the
//! calendar window, and written as pages, iCalendar feeds and JSON.

pub mod code;
pub mod event;
pub mod recurrence;
pub mod registration;
pub mod venue;
pub mod when;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use chrono::{DateTime, Datelike, Months, NaiveDate, NaiveTime, Utc};
use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Diagnostics, display_path};
use crate::load::config::SiteConfig;
use crate::load::content::CONTENT_DIR;
use crate::load::source_files::{self, Listing};
use crate::model::routes::DatePage;
use crate::model::slug::Slug;
use crate::render::markdown::QuoteMarks;
use event::{Event, Occurrence};
use when::resolve_local;

pub const EVENTS_DIR: &str = "events";

/// The span of time the calendar shows: whole months from `months_back` before the build's month
/// through `months_ahead` after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub now: DateTime<Utc>,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// The first day shown and the day after the last, as local days: an occurrence is in the
    /// window when a day it touches in its own zone is, wherever that zone lies.
    pub first_day: NaiveDate,
    pub end_day: NaiveDate,
    /// The first day of the first and of the last month shown.
    pub first_month: NaiveDate,
    pub last_month: NaiveDate,
}

impl Window {
    pub fn new(config: &SiteConfig, now: DateTime<Utc>) -> Window {
        let today = now.with_timezone(&config.timezone).date_naive();
        let this_month = today.with_day(1).unwrap_or(today);
        let first_month = this_month - Months::new(config.calendar.months_back);
        let last_month = this_month + Months::new(config.calendar.months_ahead);
        Window::between(config, now, first_month, last_month + Months::new(1))
    }

    /// From midnight of day `first` up to midnight of day `end` (not included), in the site's
    /// time zone.
    pub fn between(
        config: &SiteConfig,
        now: DateTime<Utc>,
        first: NaiveDate,
        end: NaiveDate,
    ) -> Window {
        let midnight = |day: NaiveDate| {
            resolve_local(config.timezone, day.and_time(NaiveTime::MIN)).with_timezone(&Utc)
        };
        let month_of = |day: NaiveDate| day.with_day(1).unwrap_or(day);
        Window {
            now,
            start: midnight(first),
            end: midnight(end),
            first_day: first,
            end_day: end,
            first_month: month_of(first),
            last_month: month_of(end.pred_opt().unwrap_or(end)),
        }
    }

    /// The first day of every month shown, in order.
    pub fn months(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        std::iter::successors(Some(self.first_month), |month| {
            Some(*month + Months::new(1))
        })
        .take_while(|month| *month <= self.last_month)
    }
}

/// An occurrence in the window, by its event and its place in that event's occurrences.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Listed {
    pub event: usize,
    pub occurrence: usize,
}

pub struct Calendar {
    /// Sorted by id.
    pub events: Vec<Event>,
    pub window: Window,
    /// Every occurrence that overlaps the window, by start, then title.
    pub listed: Vec<Listed>,
    positions: HashMap<Slug, usize>,
    /// Of every event file, every venue and the window.
    pub fingerprint: u64,
    /// What does not stop a build but should be fixed: events search engines will not show.
    pub warnings: Diagnostics,
}

impl Calendar {
    pub fn occurrence(&self, listed: Listed) -> (&Event, &Occurrence) {
        let event = &self.events[listed.event];
        (event, &event.occurrences[listed.occurrence])
    }

    /// The date page of an occurrence: every occurrence of a repeating series that touches the
    /// window has one; a one-off event has its event page only.
    pub fn date_page(&self, event: usize, occurrence: usize) -> Option<DatePage> {
        let event = &self.events[event];
        let occurrence = event.occurrences.get(occurrence)?;
        (event.rule.is_some()
            && occurrence.touches_days(self.window.first_day, self.window.end_day))
        .then(|| DatePage {
            day: occurrence.original_local.date(),
            number: occurrence.day_number,
        })
    }

    /// The occurrences of the window that have date pages, in the window's order.
    pub fn dated(&self) -> impl Iterator<Item = Listed> + '_ {
        self.listed
            .iter()
            .copied()
            .filter(|listed| self.events[listed.event].rule.is_some())
    }

    /// The date pages of the series before and after `listed` (in order of start).
    pub fn neighbours(&self, listed: Listed) -> (Option<Listed>, Option<Listed>) {
        let occurrences = &self.events[listed.event].occurrences;
        let has_page = |occurrence: usize| {
            self.date_page(listed.event, occurrence)
                .is_some()
                .then_some(Listed {
                    event: listed.event,
                    occurrence,
                })
        };
        let previous = (0..listed.occurrence).rev().find_map(has_page);
        let next = (listed.occurrence + 1..occurrences.len()).find_map(has_page);
        (previous, next)
    }

    /// Where the event a post names (in any spelling that slugifies alike) stands in `events`.
    pub fn position_of(&self, id: &str) -> Option<usize> {
        self.positions.get(&Slug::from_text(id)?).copied()
    }

    /// Occurrences that have not ended at the build time, in order.
    pub fn upcoming(&self) -> impl Iterator<Item = Listed> + '_ {
        self.listed.iter().copied().filter(|&listed| {
            let (event, occurrence) = self.occurrence(listed);
            occurrence.end.instant(event.zone) > self.window.now
        })
    }

    /// Every category events name (spellings that slugify alike are one), with its events.
    pub fn categories(&self) -> Vec<(Slug, String, Vec<usize>)> {
        let mut categories: BTreeMap<Slug, (String, Vec<usize>)> = BTreeMap::new();
        for (index, event) in self.events.iter().enumerate() {
            for name in &event.categories {
                let Some(slug) = Slug::from_text(name) else {
                    continue;
                };
                let entry = categories
                    .entry(slug)
                    .or_insert_with(|| (name.clone(), Vec::new()));
                if entry.1.last() != Some(&index) {
                    entry.1.push(index);
                }
            }
        }
        categories
            .into_iter()
            .map(|(slug, (name, events))| (slug, name, events))
            .collect()
    }
}

/// The event files below `root/content/events`, and what could not be read there.
pub fn event_files(root: &Path) -> Listing {
    source_files::list(root, &root.join(CONTENT_DIR).join(EVENTS_DIR), |name| {
        name.ends_with(".yaml") || name.ends_with(".yml")
    })
}

/// The ids events will have, from their file names alone: posts can be checked against them
/// while the events themselves are still being read (which also reports what cannot be listed).
/// `None` when some of them could not be listed: an event missing from the ids then may well be
/// in the folder that could not be read, and that folder is the one problem to report.
pub fn event_ids(root: &Path) -> Option<HashSet<Slug>> {
    let listing = event_files(root);
    listing.problems.is_empty().then(|| {
        listing
            .files
            .iter()
            .filter_map(|file| event_id(file))
            .collect()
    })
}

/// An event's id: its file's name without `.yaml`, slugified.
pub fn event_id(file: &Path) -> Option<Slug> {
    Slug::from_text(&file.file_stem()?.to_string_lossy())
}

/// One event file read: the event, the fingerprint of its file, and what `check` warns of.
struct LoadedEvent {
    event: Event,
    fingerprint: u64,
    warning: Option<Diagnostic>,
}

/// Reads every event file below `root/content/events`, reporting all broken files together.
pub fn load(
    root: &Path,
    config: &SiteConfig,
    quotes: QuoteMarks,
    window: Window,
) -> Result<Calendar, Diagnostics> {
    let venues = venue::load(root, code::Country::of_language(&config.language))?;
    let Listing {
        files,
        mut problems,
    } = event_files(root);
    let loaded: Vec<Result<LoadedEvent, Diagnostics>> = files
        .par_iter()
        .map(|file| {
            let shown = display_path(root, file);
            let bytes = std::fs::read(file).map_err(|error| {
                Diagnostic::new(&shown, format!("cannot read this file: {error}"))
            })?;
            let source = crate::load::encoding::decode(&shown, bytes)?;
            let event = event::load_event(&shown, &source, config, quotes, &window, &venues)?;
            let warning = event::address_warning(&event, &source);
            Ok(LoadedEvent {
                fingerprint: crate::render::fingerprint::of(&(file, &source)),
                event,
                warning,
            })
        })
        .collect();

    let mut events = Vec::new();
    let mut sources = Vec::new();
    let mut warnings = Diagnostics::default();
    for result in loaded {
        match result {
            Ok(loaded) => {
                events.push(loaded.event);
                sources.push(loaded.fingerprint);
                warnings.extend(loaded.warning.into_iter().collect());
            }
            Err(found) => problems.extend(found),
        }
    }
    events.sort_by(|a, b| a.id.cmp(&b.id));
    for pair in events.windows(2) {
        if pair[0].id == pair[1].id {
            problems.push(
                Diagnostic::new(
                    &pair[1].source,
                    format!(
                        "{} and {} both define the event `{}`",
                        pair[0].source.display(),
                        pair[1].source.display(),
                        pair[0].id
                    ),
                )
                .with_help("an event's id is its file name: rename one of the files"),
            );
        }
    }
    let events = problems.into_result(events)?;

    let mut listed: Vec<Listed> = events
        .iter()
        .enumerate()
        .flat_map(|(event_index, event)| {
            event
                .occurrences
                .iter()
                .enumerate()
                .filter(|(_, o)| o.touches_days(window.first_day, window.end_day))
                .map(move |(occurrence, _)| Listed {
                    event: event_index,
                    occurrence,
                })
        })
        .collect();
    let sort_key = |listed: &Listed| {
        let event = &events[listed.event];
        let occurrence = &event.occurrences[listed.occurrence];
        (
            occurrence.start.instant(event.zone),
            occurrence.title.as_str(),
        )
    };
    listed.sort_by(|a, b| sort_key(a).cmp(&sort_key(b)));
    let positions = events
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.clone(), i))
        .collect();
    Ok(Calendar {
        events,
        listed,
        positions,
        fingerprint: crate::render::fingerprint::of(&(
            sources,
            venues.fingerprint,
            window.start,
            window.end,
        )),
        window,
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_covers_whole_months_around_the_build() {
        let mut config = crate::load::config::parse(
            "title = \"T\"\nbase_url = \"https://t.example\"\nauthor = \"A\"\n[calendar]\nmonths_ahead = 2\nmonths_back = 1\n",
            None,
        )
        .unwrap();
        config.timezone = chrono_tz::Europe::Berlin;
        let now = DateTime::parse_from_rfc3339("2026-11-21T12:00:00Z")
            .unwrap()
            .to_utc();
        let window = Window::new(&config, now);
        assert_eq!(window.start.to_rfc3339(), "2026-09-30T22:00:00+00:00");
        assert_eq!(window.end.to_rfc3339(), "2027-01-31T23:00:00+00:00");
        let months: Vec<String> = window
            .months()
            .map(|m| m.format("%Y-%m").to_string())
            .collect();
        assert_eq!(months, ["2026-10", "2026-11", "2026-12", "2027-01"]);
    }
}
