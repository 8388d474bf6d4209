//! Event files (`content/events/**/*.yaml`): one event or series each, read into a validated
//! [`Event`] whose occurrences are expanded with exceptions and changes applied.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Deserializer};

use super::Window;
use super::code::Country;
use super::recurrence::{End, ExpandError, FirstStart, Rule};
use super::registration::{self, OccurrenceRegistration, RawRegistration, Registration};
use super::venue::{Place, RawLocation, Venues, geo_problem};
use super::when::{Length, When, resolve_local};
use crate::diagnostic::Written;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::config::SiteConfig;
use crate::load::front_matter::{Document, Title, deserialize_parsed};
use crate::load::image::Image;
use crate::model::slug::Slug;
use crate::render::markdown::{self, MarkdownOptions, QuoteMarks};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Confirmed,
    Tentative,
    Cancelled,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Confirmed => "confirmed",
            Status::Tentative => "tentative",
            Status::Cancelled => "cancelled",
        }
    }
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Organizer {
    pub name: String,
    pub email: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Event {
    pub id: Slug,
    pub source: PathBuf,
    pub title: String,
    pub summary: Option<String>,
    pub description_html: String,
    /// The images of its description that are published as variants.
    pub pictures: crate::images::Pictures,
    /// Where its description shows them.
    pub picture_places: Vec<crate::images::PicturePlace>,
    /// What `check` says of its description's images: no alt text, a very large file.
    pub image_warnings: Vec<Diagnostic>,
    pub description_text: String,
    pub start: When,
    /// The start as written: a time in a daylight-saving gap stays as it is (02:30), as the
    /// feed's DTSTART says it.
    pub written_start: FirstStart,
    pub length: Length,
    pub zone: Tz,
    /// From `location` over the `venue`'s place.
    pub place: Option<Arc<Place>>,
    /// The event's own, else its venue's.
    pub geo: Option<(f64, f64)>,
    pub online: Option<String>,
    pub url: Option<String>,
    pub organizer: Option<Organizer>,
    /// The picture the event's page is shared with and its `Event`s show.
    pub image: Option<Image>,
    pub categories: Vec<String>,
    pub status: Status,
    pub registration: Option<Arc<Registration>>,
    pub rule: Option<Rule>,
    /// The rule's local times (midnight for all-day) of occurrences that do not take place.
    pub exceptions: Vec<NaiveDateTime>,
    pub changes: Vec<Change>,
    pub sequence: u32,
    pub extra: tera::Map<String, tera::Value>,
    /// The occurrences in the calendar window and every changed one, in order of their start.
    pub occurrences: Vec<Occurrence>,
}

/// What differs for one occurrence of a series.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// The rule's local time of the occurrence changed.
    pub original: NaiveDateTime,
    pub start: Option<When>,
    pub length: Option<Length>,
    pub title: Option<String>,
    pub summary: Option<String>,
    /// The change's `location` over the event's place.
    pub place: Option<Arc<Place>>,
    pub status: Option<Status>,
    pub note: Option<String>,
    /// The change's `registration` over the event's.
    pub registration: Option<Arc<Registration>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Occurrence {
    /// The start the rule gives it.
    pub original: When,
    /// The rule's local time for it (midnight for all-day): its RECURRENCE-ID when changed, even
    /// when it fell into a daylight-saving gap and `original` was shifted.
    pub original_local: NaiveDateTime,
    pub start: When,
    /// Exclusive for all-day occurrences.
    pub end: When,
    pub title: String,
    pub summary: Option<String>,
    pub place: Option<Arc<Place>>,
    pub status: Status,
    pub note: Option<String>,
    pub registration: Option<OccurrenceRegistration>,
    /// Whether a `changes` entry applies.
    pub changed: bool,
    /// Which of the rule's starts on the local day of `original_local` it is, from 1: the
    /// second of a day (an hourly rule, a `BYHOUR` list) gets a page address of its own. Counted
    /// over every start the rule gives, so an `except` does not renumber the day's others.
    pub day_number: u32,
}

impl Occurrence {
    /// The place on one line.
    pub fn location(&self) -> Option<&str> {
        self.place.as_deref().map(Place::line)
    }

    pub fn moved(&self) -> bool {
        self.start != self.original
    }

    /// The last calendar day it touches in its zone (all-day ends are exclusive; a timed
    /// occurrence that ends at midnight does not reach into the next day).
    pub fn last_day(&self) -> NaiveDate {
        let last = match self.end {
            When::AllDay(end) => end.pred_opt().unwrap_or(end),
            When::Timed(end) => (end - Duration::seconds(1)).date_naive(),
        };
        last.max(self.start.date())
    }

    /// Whether a day it touches, in its own zone, lies in `[first, end)`.
    pub fn touches_days(&self, first: NaiveDate, end: NaiveDate) -> bool {
        self.start.date() < end && self.last_day() >= first
    }
}

impl Event {
    /// The place on one line.
    pub fn location(&self) -> Option<&str> {
        self.place.as_deref().map(Place::line)
    }

    pub fn is_all_day(&self) -> bool {
        matches!(self.start, When::AllDay(_))
    }

    /// The end of the series' first occurrence as the rule defines it.
    pub fn first_end(&self) -> When {
        self.end_of(self.start, self.length)
    }

    /// The end of an occurrence that starts at `start` and lasts `length`.
    fn end_of(&self, start: When, length: Length) -> When {
        match start {
            When::Timed(moment) => When::Timed(moment + length.0),
            When::AllDay(day) => {
                When::AllDay(day + Duration::days(length.whole_days().unwrap_or(1)))
            }
        }
    }
}

/// `YYYY-MM-DD`, `YYYY-MM-DD HH:MM` or (for an end on the same day) `HH:MM`, as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum LocalInput {
    Day(NaiveDate),
    DateTime(NaiveDateTime),
    Time(NaiveTime),
}

const LOCAL_FORMS: &str =
    "YYYY-MM-DD HH:MM, YYYY-MM-DD for a whole day, or HH:MM for an end on the same day";

impl LocalInput {
    pub(super) fn parse(text: &str) -> Option<LocalInput> {
        let text = text.trim();
        // Years beyond 9999 have no iCalendar form, and dates near chrono's limits overflow.
        let in_range = |day: NaiveDate| (1..=9999).contains(&day.year());
        if let Ok(day) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            return in_range(day).then_some(LocalInput::Day(day));
        }
        for format in ["%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S"] {
            if let Ok(local) = NaiveDateTime::parse_from_str(text, format) {
                return in_range(local.date()).then_some(LocalInput::DateTime(local));
            }
        }
        NaiveTime::parse_from_str(text, "%H:%M")
            .ok()
            .map(LocalInput::Time)
    }

    fn day(self) -> Option<NaiveDate> {
        match self {
            LocalInput::Day(day) => Some(day),
            LocalInput::DateTime(local) => Some(local.date()),
            LocalInput::Time(_) => None,
        }
    }
}

impl<'de> Deserialize<'de> for LocalInput {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_parsed(deserializer, "a local date or time", |text| {
            LocalInput::parse(text).ok_or_else(|| {
                crate::load::content::date::no_such_day(text).unwrap_or_else(|| {
                    format!("`{text}` is not a date or time; expected {LOCAL_FORMS}")
                })
            })
        })
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEvent {
    title: Title,
    summary: Option<String>,
    description: Option<String>,
    start: LocalInput,
    end: Option<LocalInput>,
    duration: Option<Length>,
    timezone: Option<String>,
    venue: Option<String>,
    location: Option<RawLocation>,
    geo: Option<[f64; 2]>,
    online: Option<String>,
    url: Option<String>,
    organizer: Option<RawOrganizer>,
    image: Option<String>,
    image_alt: Option<String>,
    #[serde(default)]
    categories: Vec<String>,
    status: Option<Status>,
    registration: Option<RawRegistration>,
    repeat: Option<String>,
    #[serde(default)]
    except: Vec<LocalInput>,
    #[serde(default)]
    changes: BTreeMap<String, RawChange>,
    #[serde(default)]
    sequence: u32,
    #[serde(default)]
    extra: tera::Map<String, tera::Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOrganizer {
    name: String,
    email: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawChange {
    start: Option<LocalInput>,
    end: Option<LocalInput>,
    duration: Option<Length>,
    title: Option<Title>,
    summary: Option<String>,
    location: Option<RawLocation>,
    status: Option<Status>,
    note: Option<String>,
    registration: Option<RawRegistration>,
}

const EVENT_KEYS_HELP: &str = "an event takes title, summary, description, start, end or duration, timezone, venue, location, geo, online, url, organizer, image, image_alt, categories, status, registration, repeat, except, changes, sequence and extra; title and start are required";

/// How many problems with `except` and `changes` one file lists one by one.
const MAX_LISTED_PROBLEMS: usize = 20;

/// The most occurrences one series may show in the calendar window. Each is a row on a month page
/// and an entry in every feed, so a minutely rule would write hundreds of thousands of them; an
/// hourly series over the default window of 16 months stays below it.
const MAX_IN_WINDOW: usize = 20_000;

/// Where the event's problems are reported: a file and its text.
struct EventFile<'a> {
    shown: &'a Path,
    doc: Document<'a>,
}

impl EventFile<'_> {
    fn at_key(&self, key: &str, message: impl Into<String>) -> Diagnostic {
        self.doc.problem_at_key(self.shown, key, message.into())
    }

    /// At `part` within the value of the top-level `key` when it is found on the key's line,
    /// else at the value.
    fn at_part(&self, key: &str, part: &str, message: impl Into<String>) -> Diagnostic {
        let (line, column) = self.doc.locate_key(key);
        let text = self.doc.source.lines().nth(line - 1).unwrap_or_default();
        match text.find(part).filter(|_| !part.is_empty()) {
            Some(at) => Diagnostic::new(self.shown, message).at(
                self.doc.source,
                line,
                text[..at].chars().count() + 1,
            ),
            None => Diagnostic::new(self.shown, message).at(self.doc.source, line, column),
        }
    }

    /// At the value of the key that `path` names, one key below the other (`["changes",
    /// "2027-01-12", "registration", "price"]`; an empty key is skipped), or at the deepest key
    /// found: keys are found as written, in block or in flow style.
    fn at_path(&self, path: &[&str], message: impl Into<String>) -> Diagnostic {
        let source = self.doc.source;
        let mut from = 0;
        let mut place = None;
        for key in path.iter().filter(|key| !key.is_empty()) {
            let Some(at) = key_position(&source[from..], key) else {
                break;
            };
            from += at;
            place = Some(from);
            from += key.len();
        }
        let Some(key_at) = place else {
            return self.at_key(path[0], message);
        };
        // The value, when it follows on the key's line; else the key.
        let rest = &source[key_at..];
        let line_end = rest.find('\n').unwrap_or(rest.len());
        let value_at = rest[..line_end]
            .find(':')
            .map(|colon| {
                colon
                    + 1
                    + (rest[colon + 1..line_end].len()
                        - rest[colon + 1..line_end].trim_start().len())
            })
            .filter(|&value| value < rest[..line_end].trim_end().len())
            .map_or(key_at, |value| key_at + value);
        Diagnostic::new(self.shown, message).at_offset(source, value_at)
    }

    /// At the first mention of `text` below the top-level `section` key (an entry of `except` or
    /// `changes`), else at the key itself.
    fn at_text(&self, text: &str, section: &str, message: impl Into<String>) -> Diagnostic {
        let (section_line, _) = self.doc.locate_key(section);
        let found = self
            .doc
            .source
            .lines()
            .enumerate()
            .skip(section_line - 1)
            .find_map(|(index, line)| line.find(text).map(|at| (index, line, at)));
        match found {
            Some((index, line, at)) => {
                let column = line[..at].chars().count() + 1;
                Diagnostic::new(self.shown, message).at(self.doc.source, index + 1, column)
            }
            None => self.at_key(section, message),
        }
    }
}

/// The byte offset in `text` of the first `key:` written as a key: at the start of a line or
/// after `{` or `,`, perhaps in quotes.
fn key_position(text: &str, key: &str) -> Option<usize> {
    text.match_indices(key).map(|(at, _)| at).find(|&at| {
        let before = text[..at].trim_end_matches(['"', '\'']);
        let after = text[at + key.len()..].trim_start_matches(['"', '\'']);
        let opens = before
            .chars()
            .rev()
            .find(|c| *c != ' ' && *c != '\t')
            .is_none_or(|c| matches!(c, '\n' | '{' | ',' | '-'));
        opens && after.trim_start_matches([' ', '\t']).starts_with(':')
    })
}

/// Reads one event file; `window` bounds the expansion of series without an end, and `venues`
/// are the places `venue:` names.
pub fn load_event(
    root: &Path,
    shown: &Path,
    source: &str,
    config: &SiteConfig,
    quotes: QuoteMarks,
    window: &Window,
    venues: &Venues,
) -> Result<Event, Diagnostics> {
    let file = EventFile {
        shown,
        doc: Document::whole_yaml(source),
    };
    let raw: RawEvent = file.doc.parse(shown, EVENT_KEYS_HELP)?;
    let id = super::event_id(shown).ok_or_else(|| {
        Diagnostic::new(shown, "the file name gives no usable event id")
            .with_help("rename the file, e.g. stammtisch.yaml")
    })?;
    // Problems with names and dates are gathered so that one run lists them all; a problem
    // that leaves nothing to check further ends the reading at once.
    let mut problems = check_names(&file, &raw);
    let schedule = read_schedule(&file, &raw, config, window)?;
    let default_country = Country::of_language(&config.language);
    let EventPlace { place, geo } = event_place(&file, &raw, venues, default_country)?;
    let registration = raw
        .registration
        .as_ref()
        .map(|written| {
            registration::resolve(
                written,
                schedule.zone,
                schedule.start.instant(schedule.zone),
                &|key, message| file.at_path(&["registration", key], message),
            )
        })
        .transpose()?
        .map(Arc::new);
    let base = Base {
        place: place.as_ref(),
        registration: raw.registration.as_ref(),
        default_country,
    };
    // An image problem is listed with the others: reading the dates goes on without it.
    let on_disk = root.join(shown);
    let image = event_image(
        (root, &on_disk, config),
        &file,
        raw.image.as_deref(),
        raw.image_alt.as_deref(),
    )
    .map_err(|problem| problems.push(problem))
    .ok()
    .flatten();
    let (exceptions, changes) = resolve_named_dates(&file, &raw, &schedule, &base, problems)?;

    let description = raw.description.unwrap_or_default();
    // An image's problem is placed where it is written in the description, as in a post; at
    // the key where the text is not written as it reads.
    let crate::load::content::TextPictures {
        pictures,
        places: picture_places,
        warnings: image_warnings,
    } = crate::load::content::pictures_of(
        root,
        &on_disk,
        &description,
        config,
        &|offset, message| match file.doc.value_offset("description", &description, offset) {
            Some(at) => Diagnostic::new(shown, message).at_offset(file.doc.source, at),
            None => file.at_key("description", message),
        },
    )?;
    let description_html = description_html(&description, config, &id, quotes, &pictures);
    let mut event = Event {
        id,
        source: shown.to_path_buf(),
        title: raw.title.0,
        summary: raw.summary,
        description_html,
        pictures,
        picture_places,
        image_warnings,
        description_text: markdown::plain_text(&description, quotes),
        start: schedule.start,
        written_start: schedule.written_start,
        length: schedule.length,
        zone: schedule.zone,
        place,
        geo,
        online: raw.online,
        url: raw.url,
        organizer: raw.organizer.map(|o| Organizer {
            name: o.name,
            email: o.email,
        }),
        image,
        categories: raw.categories,
        status: raw.status.unwrap_or(Status::Confirmed),
        registration,
        rule: schedule.rule,
        exceptions,
        changes,
        sequence: raw.sequence,
        extra: raw.extra,
        occurrences: Vec::new(),
    };
    check_place(&file, raw.geo.map(|[lat, lon]| (lat, lon)))?;
    check_organizer_email(&file, event.organizer.as_ref())?;
    event.occurrences = occurrences(&event, &schedule.originals);
    check_no_collisions(&event, &file)?;
    keep_within_window(&mut event, window, &file)?;
    Ok(event)
}

/// A warning for an event that search engines leave out of their event listings: one with
/// neither an address (a street in a city) nor an `online` address. `source` is its file's text.
pub fn address_warning(event: &Event, source: &str) -> Option<Diagnostic> {
    let has_address = event.place.as_deref().is_some_and(Place::has_address);
    if has_address || event.online.is_some() {
        return None;
    }
    let doc = Document::whole_yaml(source);
    let written = |key: &str| {
        source.lines().any(|line| {
            line.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
    };
    let key = ["location", "venue"]
        .into_iter()
        .find(|key| written(key))
        .unwrap_or("title");
    Some(doc
        .problem_at_key(&event.source, key, "this event has no address (a street and a city) and is not online, so search engines will not list it".to_owned())
        .with_help("write `location` as `key: value` lines with name, street, postal_code and city (or name a `venue` that has them), or give the `online` address"))
}

/// The description as HTML, with links and footnotes made for the event's own page.
fn description_html(
    description: &str,
    config: &SiteConfig,
    id: &Slug,
    quotes: QuoteMarks,
    pictures: &crate::images::Pictures,
) -> String {
    let page_path = crate::model::routes::event(config, id);
    let options = MarkdownOptions {
        quotes,
        link_base: config.base_url.as_str(),
        footnote_prefix: id.as_str(),
        page_path: &page_path,
        pictures,
        image_sizes: &config.images.sizes,
        below_image: false,
    };
    markdown::render(description, &options).html
}

/// Where an event takes place: its `location` over its `venue`'s place, and its own `geo`
/// else the venue's.
struct EventPlace {
    place: Option<Arc<Place>>,
    geo: Option<(f64, f64)>,
}

fn event_place(
    file: &EventFile,
    raw: &RawEvent,
    venues: &Venues,
    default_country: Option<Country>,
) -> Result<EventPlace, Diagnostic> {
    let venue = match &raw.venue {
        None => None,
        Some(id) => Some(
            venues
                .get(id)
                .map_err(|(message, help)| file.at_key("venue", message).with_help(help))?,
        ),
    };
    let place = Place::new(
        raw.location.as_ref(),
        venue.map(|venue| &venue.place),
        default_country,
    );
    if raw.location.is_some() && place.is_none() {
        return Err(file
            .at_key("location", "`location` is empty")
            .with_help("write where the event takes place, or remove `location`"));
    }
    let geo = raw
        .geo
        .map(|[lat, lon]| (lat, lon))
        .or(venue.and_then(|venue| venue.geo));
    Ok(EventPlace {
        place: place.map(Arc::new),
        geo,
    })
}

/// What a change's `location` and `registration` are laid over.
struct Base<'a> {
    place: Option<&'a Arc<Place>>,
    registration: Option<&'a RawRegistration>,
    default_country: Option<Country>,
}

/// When the event happens, before `except` and `changes`.
struct Schedule {
    zone: Tz,
    written_start: FirstStart,
    start: When,
    length: Length,
    rule: Option<Rule>,
    originals: Vec<Original>,
}

fn read_schedule(
    file: &EventFile,
    raw: &RawEvent,
    config: &SiteConfig,
    window: &Window,
) -> Result<Schedule, Diagnostic> {
    let zone = event_zone(file, raw.timezone.as_deref(), config)?;
    let written_start = first_start(file, raw.start)?;
    let start = match written_start {
        FirstStart::AllDay(day) => When::AllDay(day),
        FirstStart::Timed(local) => When::Timed(resolve_local(zone, local)),
    };
    let length = event_length(file, "", start, raw.end, raw.duration, zone)?;
    let rule = parse_rule(file, raw.repeat.as_deref(), written_start, zone)?;
    let through = expansion_end(raw, window);
    let locals = expand(file, rule.as_ref(), written_start, through)?;
    let originals = resolve_originals(&locals, rule.as_ref(), written_start, zone);
    Ok(Schedule {
        zone,
        written_start,
        start,
        length,
        rule,
        originals,
    })
}

/// The occurrences `except` removes and the changes `changes` makes, or every problem found
/// so far with the file.
fn resolve_named_dates(
    file: &EventFile,
    raw: &RawEvent,
    schedule: &Schedule,
    base: &Base,
    mut problems: Diagnostics,
) -> Result<(Vec<NaiveDateTime>, Vec<Change>), Diagnostics> {
    let named = NamedOccurrences::new(file, &schedule.originals, schedule.written_start);
    // Locating a problem reads the file, so a flood of them is counted rather than listed.
    let mut unlisted = 0usize;
    let exceptions = resolve_exceptions(&named, &raw.except, &mut problems, &mut unlisted);
    let changes = resolve_changes(
        &named,
        &raw.changes,
        schedule.zone,
        base,
        &mut problems,
        &mut unlisted,
    );
    if unlisted > 0 {
        problems.push(file.at_key(
            "except",
            format!("… and {unlisted} more dates in `except` or `changes` that are no occurrence of this event"),
        ));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok((exceptions, changes))
}

/// The title and the categories, whose problems do not keep the rest from being checked.
fn check_names(file: &EventFile, raw: &RawEvent) -> Diagnostics {
    let mut problems = Diagnostics::default();
    if raw.title.0.trim().is_empty() {
        problems.push(file.at_key("title", "`title` is empty"));
    }
    if let Err(message) = crate::model::site::within_term_limit("categories", raw.categories.len())
    {
        problems.push(file.at_key("categories", message));
    }
    if let Some(bad) = raw.categories.iter().find(|c| Slug::from_text(c).is_none()) {
        problems.push(
            file.at_key(
                "categories",
                format!("the category `{bad}` has no letters or digits to form a URL"),
            )
            .with_help("each category gets a calendar feed of its own, whose address is made from its name: write a name with letters or digits"),
        );
    }
    problems
}

/// `image` and its description `image_alt`.
fn event_image(
    (root, on_disk, config): (&Path, &Path, &SiteConfig),
    file: &EventFile,
    image: Option<&str>,
    alt: Option<&str>,
) -> Result<Option<Image>, Diagnostic> {
    if alt.is_some_and(|alt| alt.trim().is_empty()) {
        return Err(file.at_key("image_alt", "`image_alt` is empty"));
    }
    let Some(image) = image else {
        return match alt {
            Some(_) => Err(file
                .at_key(
                    "image_alt",
                    "image_alt describes an image, but there is no `image`",
                )
                .with_help("add image: /bilder/name.jpg (a file of static/) or remove image_alt")),
            None => Ok(None),
        };
    };
    let (src, picture) = crate::load::image::resolve(root, on_disk, config, image, &|message| {
        file.at_key("image", message)
    })?;
    Ok(Some(Image {
        src,
        alt: alt.map(|alt| alt.trim().to_owned()),
        written: Written::at(file.at_key("image", "")),
        picture,
    }))
}

/// The event's own time zone, else the site's.
fn event_zone(file: &EventFile, name: Option<&str>, config: &SiteConfig) -> Result<Tz, Diagnostic> {
    match name {
        None => Ok(config.timezone),
        Some(name) => name.parse().map_err(|_| {
            file.at_key("timezone", format!("`{name}` is not a known time zone"))
                .with_help(
                    "use an IANA time-zone name such as \"Europe/Berlin\" or \"Europe/Vienna\"",
                )
        }),
    }
}

/// The start as written; a time alone is allowed only for an end, which has a start's day.
fn first_start(file: &EventFile, start: LocalInput) -> Result<FirstStart, Diagnostic> {
    match start {
        LocalInput::Day(day) => Ok(FirstStart::AllDay(day)),
        LocalInput::DateTime(local) => Ok(FirstStart::Timed(local)),
        LocalInput::Time(_) => Err(file
            .at_key("start", "`start` needs a date")
            .with_help("write e.g. 2026-01-13 19:00")),
    }
}

fn parse_rule(
    file: &EventFile,
    repeat: Option<&str>,
    written_start: FirstStart,
    zone: Tz,
) -> Result<Option<Rule>, Diagnostic> {
    let Some(text) = repeat else {
        return Ok(None);
    };
    Rule::parse(text, written_start, zone).map(Some).map_err(|error| {
        file.at_part("repeat", &error.part, format!("invalid repeat rule: {}", error.message))
            .with_help(error.help.unwrap_or_else(|| "write an RFC 5545 RRULE such as FREQ=MONTHLY;BYDAY=2TU or FREQ=WEEKLY;INTERVAL=2;UNTIL=20271231".to_owned()))
    })
}

/// The last day the expansion must reach. Dates named by `except` and `changes` must be
/// occurrences, so the expansion reaches them; a day beyond the window's end catches local days
/// of zones far from the site's.
fn expansion_end(raw: &RawEvent, window: &Window) -> NaiveDate {
    let latest_named = raw
        .except
        .iter()
        .filter_map(|input| input.day())
        .chain(
            raw.changes
                .keys()
                .filter_map(|key| LocalInput::parse(key).and_then(LocalInput::day)),
        )
        // A change may move an occurrence onto a later one, which must be there to be found.
        .chain(
            raw.changes
                .values()
                .filter_map(|change| change.start.and_then(LocalInput::day)),
        )
        .max();
    latest_named
        .map_or(window.end_day, |day| day.max(window.end_day))
        .succ_opt()
        .unwrap_or(window.end_day)
}

/// The local starts the rule gives through `through`, or the one start of a single event.
fn expand(
    file: &EventFile,
    rule: Option<&Rule>,
    written_start: FirstStart,
    through: NaiveDate,
) -> Result<Vec<NaiveDateTime>, Diagnostic> {
    let Some(rule) = rule else {
        return Ok(vec![written_start.local()]);
    };
    rule.expand(written_start, through)
        .map_err(|error| match error {
            // The rule may be what is wrong, but the start is the one date to change.
            ExpandError::NotFirst(first) => {
                file.at_key("start", error.message()).with_help(format!(
                    "write `start: {}`, or change the rule so that it gives the start",
                    super::recurrence::written(first, false)
                ))
            }
            ExpandError::Rule(_) => file.at_key("repeat", error.message()),
        })
}

/// The occurrences the rule gives, found the ways an `except` or `changes` entry names one: by
/// its date, by the time the rule gives it, or (in a daylight-saving gap) by the time it was
/// shifted to.
struct NamedOccurrences<'a> {
    file: &'a EventFile<'a>,
    originals: &'a [Original],
    by_day: HashMap<NaiveDate, usize>,
    by_time: HashMap<NaiveDateTime, usize>,
    timed: bool,
}

impl<'a> NamedOccurrences<'a> {
    fn new(file: &'a EventFile<'a>, originals: &'a [Original], written_start: FirstStart) -> Self {
        let mut by_day = HashMap::new();
        let mut by_time = HashMap::new();
        // In reverse, so that a name shared by several occurrences means the first.
        for (index, original) in originals.iter().enumerate().rev() {
            by_day.insert(original.local.date(), index);
            by_time.insert(original.local, index);
            if let When::Timed(moment) = original.when {
                by_time.entry(moment.naive_local()).or_insert(index);
            }
        }
        NamedOccurrences {
            file,
            originals,
            by_day,
            by_time,
            timed: matches!(written_start, FirstStart::Timed(_)),
        }
    }

    /// The index of the occurrence `input` names.
    fn find(&self, input: LocalInput) -> Option<usize> {
        match input {
            LocalInput::Day(day) => self.by_day.get(&day).copied(),
            LocalInput::DateTime(local) if self.timed => self.by_time.get(&local).copied(),
            LocalInput::DateTime(local) => self.by_day.get(&local.date()).copied(),
            LocalInput::Time(_) => None,
        }
    }

    fn not_an_occurrence(&self, written: &str, key: &str) -> Diagnostic {
        let nearest = written_day(written)
            .map(|day| nearest_occurrences(self.originals, day))
            .unwrap_or_default();
        self.file
            .at_text(
                written,
                key,
                format!("{written} is not an occurrence of this event{nearest}"),
            )
            .with_help(format!(
                "`{key}` names the original date of an occurrence the rule gives"
            ))
    }
}

/// The original local starts `except` removes, in order; a date named twice counts once.
fn resolve_exceptions(
    named: &NamedOccurrences,
    except: &[LocalInput],
    problems: &mut Diagnostics,
    unlisted: &mut usize,
) -> Vec<NaiveDateTime> {
    let mut excepted = BTreeSet::new();
    for input in except {
        let written = written_form(*input);
        match named.find(*input) {
            Some(index) => {
                excepted.insert(index);
            }
            None if problems.len() < MAX_LISTED_PROBLEMS => {
                problems.push(named.not_an_occurrence(&written, "except"));
            }
            None => *unlisted += 1,
        }
    }
    let mut exceptions: Vec<NaiveDateTime> = excepted
        .into_iter()
        .map(|index| named.originals[index].local)
        .collect();
    exceptions.sort();
    exceptions
}

/// The `changes` entries, each tied to the occurrence it names.
fn resolve_changes(
    named: &NamedOccurrences,
    entries: &BTreeMap<String, RawChange>,
    zone: Tz,
    base: &Base,
    problems: &mut Diagnostics,
    unlisted: &mut usize,
) -> Vec<Change> {
    let file = named.file;
    let mut changes = Vec::new();
    // Two spellings of one occurrence (`2026-12-08` and `2026-12-08 19:00`) would let one
    // change hide the other, as a key written twice would.
    let mut changed: BTreeMap<usize, &str> = BTreeMap::new();
    for (key, change) in entries {
        let Some(index) = LocalInput::parse(key).and_then(|input| named.find(input)) else {
            if problems.len() >= MAX_LISTED_PROBLEMS {
                *unlisted += 1;
            } else {
                problems.push(unknown_change_key(named, key));
            }
            continue;
        };
        if let Some(first) = changed.insert(index, key) {
            problems.push(
                file.at_text(
                    key,
                    "changes",
                    format!("`{first}` and `{key}` in `changes` name the same occurrence"),
                )
                .with_help("merge the two entries into one"),
            );
            continue;
        }
        match resolve_change(file, key, change, named.originals[index], zone, base) {
            Ok(change) => changes.push(change),
            Err(problem) => problems.push(problem),
        }
    }
    changes
}

/// Why a `changes` key names no occurrence: it is no date, or a date the rule does not give.
fn unknown_change_key(named: &NamedOccurrences, key: &str) -> Diagnostic {
    if LocalInput::parse(key).is_some() {
        return named.not_an_occurrence(key, "changes");
    }
    named.file.at_text(
        key,
        "changes",
        crate::load::content::date::no_such_day(key)
            .unwrap_or_else(|| format!("`{key}` is not a date; expected YYYY-MM-DD")),
    )
}

/// One change of `original`, whose start and length it may move.
fn resolve_change(
    file: &EventFile,
    key: &str,
    change: &RawChange,
    original: Original,
    zone: Tz,
    base: &Base,
) -> Result<Change, Diagnostic> {
    let moved_start = moved_start(file, key, change.start, original, zone)?;
    let registration = change
        .registration
        .as_ref()
        .map(|written| {
            let merged = base
                .registration
                .map_or_else(|| written.clone(), |event| written.over(event));
            let start = moved_start.unwrap_or(original.when).instant(zone);
            registration::resolve(&merged, zone, start, &|part, message| {
                file.at_path(&["changes", key, "registration", part], message)
            })
        })
        .transpose()?
        .map(Arc::new);
    let place = change
        .location
        .as_ref()
        .and_then(|location| {
            Place::new(
                Some(location),
                base.place.map(Arc::as_ref),
                base.default_country,
            )
        })
        .map(Arc::new);
    let anchor = moved_start.unwrap_or(original.when);
    let length = event_length(file, key, anchor, change.end, change.duration, zone)?;
    // Without `end` or `duration` the occurrence keeps the event's length.
    let length = (change.end.is_some() || change.duration.is_some()).then_some(length);
    Ok(Change {
        original: original.local,
        start: moved_start,
        length,
        title: change.title.as_ref().map(|title| title.0.clone()),
        summary: change.summary.clone(),
        place,
        status: change.status,
        note: change.note.clone(),
        registration,
    })
}

/// Where a change moves an occurrence; it must keep the event's kind (timed or all-day).
fn moved_start(
    file: &EventFile,
    key: &str,
    start: Option<LocalInput>,
    original: Original,
    zone: Tz,
) -> Result<Option<When>, Diagnostic> {
    match (start, original.when) {
        (None, _) => Ok(None),
        (Some(LocalInput::Time(time)), When::Timed(_)) => Ok(Some(When::Timed(resolve_local(
            zone,
            original.local.date().and_time(time),
        )))),
        (Some(LocalInput::DateTime(local)), When::Timed(_)) => {
            Ok(Some(When::Timed(resolve_local(zone, local))))
        }
        (Some(LocalInput::Day(day)), When::AllDay(_)) => Ok(Some(When::AllDay(day))),
        (Some(_), When::AllDay(_)) => Err(file
            .at_text(
                key,
                "changes",
                format!("the change of {key} gives a time, but the event lasts whole days"),
            )
            .with_help("an all-day event moves to another date (start: YYYY-MM-DD); to give it a time, make the whole event timed")),
        (Some(_), When::Timed(_)) => Err(file
            .at_text(
                key,
                "changes",
                format!("the change of {key} gives a date without a time, but the event has a time"),
            )
            .with_help("a timed event moves to a date and time (YYYY-MM-DD HH:MM) or to a time (HH:MM)")),
    }
}

fn check_place(file: &EventFile, geo: Option<(f64, f64)>) -> Result<(), Diagnostic> {
    match geo.and_then(geo_problem) {
        Some((message, help)) => Err(file.at_key("geo", message).with_help(help)),
        None => Ok(()),
    }
}

/// The address becomes a `mailto:` link in every feed, so it must at least look like one.
fn check_organizer_email(
    file: &EventFile,
    organizer: Option<&Organizer>,
) -> Result<(), Diagnostic> {
    let Some(email) = organizer.and_then(|o| o.email.as_deref()) else {
        return Ok(());
    };
    if registration::is_email_address(email) {
        return Ok(());
    }
    Err(file
        .at_text(
            email,
            "organizer",
            format!("`{email}` is not an e-mail address"),
        )
        .with_help("write it as name@example.org, or leave `email` out"))
}

/// Occurrences far outside the window are of no use beyond this point; a changed one stays,
/// as the feeds carry it, and so does a single event's.
fn keep_within_window(
    event: &mut Event,
    window: &Window,
    file: &EventFile,
) -> Result<(), Diagnostic> {
    let single = event.rule.is_none();
    event
        .occurrences
        .retain(|o| single || o.changed || o.touches_days(window.first_day, window.end_day));
    if event.occurrences.len() > MAX_IN_WINDOW {
        return Err(file
            .at_key(
                "repeat",
                format!(
                    "the rule gives {} dates within the calendar's window; a series may show at most {MAX_IN_WINDOW}",
                    event.occurrences.len()
                ),
            )
            .with_help("every date is listed on the month pages and in every feed: give the rule a longer interval (FREQ=DAILY rather than HOURLY), an UNTIL or a COUNT"));
    }
    Ok(())
}

/// How long occurrences last: from `end` (a local end, or a time on the start's day), else
/// `duration`, else two hours (a day when all-day). An end before the start is an error.
fn event_length(
    file: &EventFile,
    change_key: &str,
    start: When,
    end: Option<LocalInput>,
    duration: Option<Length>,
    zone: Tz,
) -> Result<Length, Diagnostic> {
    let at = |key: &str, message: String| {
        if change_key.is_empty() {
            file.at_key(key, message)
        } else {
            file.at_text(change_key, "changes", message)
        }
    };
    if end.is_some() && duration.is_some() {
        return Err(at(
            "duration",
            "give either `end` or `duration`, not both".into(),
        ));
    }
    let length = match (start, end, duration) {
        (When::AllDay(_), None, None) => Length(Duration::days(1)),
        (When::Timed(_), None, None) => Length(Duration::hours(2)),
        (When::AllDay(_), None, Some(length)) => {
            if length.whole_days().is_none() {
                return Err(at(
                    "duration",
                    format!("an all-day event lasts whole days, not {length}"),
                ));
            }
            length
        }
        (When::Timed(_), None, Some(length)) => length,
        (When::AllDay(first), Some(LocalInput::Day(last)), None) => {
            // The last day is included, as people say it: 12–13 May is two days.
            Length(Duration::days((last - first).num_days() + 1))
        }
        (When::Timed(moment), Some(LocalInput::DateTime(local)), None) => {
            Length(resolve_local(zone, local) - moment)
        }
        (When::Timed(moment), Some(LocalInput::Time(time)), None) => {
            Length(resolve_local(zone, moment.date_naive().and_time(time)) - moment)
        }
        (_, Some(_), None) => {
            return Err(at("end", "`end` must be of the same kind as `start`: a date for an all-day event, a date and time (or a time) otherwise".into()));
        }
        (_, Some(_), Some(_)) => unreachable!("rejected above"),
    };
    if length.0 <= Duration::zero() {
        return Err(at("end", "the event ends before it starts".into())
            .with_help("give an `end` after the `start`, or a `duration`"));
    }
    Length::checked(length.0).map_err(|message| {
        let key = if end.is_some() { "end" } else { "duration" };
        at(key, format!("the event {message}"))
            .with_help("split a long stretch into several events, or check the year of `end`")
    })
}

/// A start the rule gives: its local time, and the instant (or day) that time means.
#[derive(Debug, Clone, Copy)]
struct Original {
    local: NaiveDateTime,
    when: When,
}

/// The rule's local times as instants, in order: a time in a daylight-saving gap is read with
/// the offset before the gap, one in a fold is its first instance, starts after a timed UNTIL
/// are dropped, and times that come to the same instant count once (RFC 5545).
fn resolve_originals(
    locals: &[NaiveDateTime],
    rule: Option<&Rule>,
    written_start: FirstStart,
    zone: Tz,
) -> Vec<Original> {
    let until = match rule.map(|rule| rule.end) {
        Some(End::UntilInstant(instant)) => Some(instant),
        _ => None,
    };
    let mut originals: Vec<Original> = locals
        .iter()
        .map(|&local| Original {
            local,
            when: match written_start {
                FirstStart::AllDay(_) => When::AllDay(local.date()),
                FirstStart::Timed(_) => When::Timed(resolve_local(zone, local)),
            },
        })
        .filter(|original| match (until, original.when) {
            (Some(until), When::Timed(moment)) => moment.with_timezone(&Utc) <= until,
            _ => true,
        })
        .collect();
    originals.sort_by_key(|original| original.when);
    originals.dedup_by_key(|original| original.when);
    originals
}

fn occurrences(event: &Event, originals: &[Original]) -> Vec<Occurrence> {
    let excepted: HashSet<NaiveDateTime> = event.exceptions.iter().copied().collect();
    let changes: HashMap<NaiveDateTime, &Change> = event
        .changes
        .iter()
        .map(|change| (change.original, change))
        .collect();
    // `originals` is in order of time, so the starts of one local day follow each other.
    let mut day_numbers = Vec::with_capacity(originals.len());
    for (index, original) in originals.iter().enumerate() {
        let number = match index.checked_sub(1).map(|before| &originals[before]) {
            Some(before) if before.local.date() == original.local.date() => {
                day_numbers[index - 1] + 1
            }
            _ => 1,
        };
        day_numbers.push(number);
    }
    let mut all: Vec<Occurrence> = originals
        .iter()
        .zip(day_numbers)
        .filter(|(original, _)| !excepted.contains(&original.local))
        .map(
            |(
                &Original {
                    local,
                    when: original,
                },
                day_number,
            )| {
                let change = changes.get(&local).copied();
                let start = change.and_then(|c| c.start).unwrap_or(original);
                let length = change.and_then(|c| c.length).unwrap_or(event.length);
                let status = change.and_then(|c| c.status).unwrap_or(event.status);
                let pick = |field: fn(&Change) -> Option<&String>, base: &Option<String>| {
                    change.and_then(field).cloned().or_else(|| base.clone())
                };
                Occurrence {
                    original,
                    original_local: local,
                    start,
                    end: event.end_of(start, length),
                    title: change
                        .and_then(|c| c.title.clone())
                        .unwrap_or_else(|| event.title.clone()),
                    summary: pick(|c| c.summary.as_ref(), &event.summary),
                    place: change
                        .and_then(|c| c.place.clone())
                        .or_else(|| event.place.clone()),
                    status,
                    note: change.and_then(|c| c.note.clone()),
                    // Nobody signs up for a date that does not take place.
                    registration: change
                        .and_then(|c| c.registration.clone())
                        .or_else(|| event.registration.clone())
                        .filter(|_| status != Status::Cancelled)
                        .map(|terms| OccurrenceRegistration::new(terms, start.instant(event.zone))),
                    changed: change.is_some(),
                    day_number,
                }
            },
        )
        .collect();
    all.sort_by_key(|occurrence| occurrence.start.instant(event.zone));
    all
}

/// A moved occurrence must not land on another one of the same series.
fn check_no_collisions(event: &Event, file: &EventFile) -> Result<(), Diagnostics> {
    let problems: Diagnostics = event
        .occurrences
        .windows(2)
        .filter(|pair| pair[0].start == pair[1].start)
        .map(|pair| {
            let moved = if pair[0].moved() { &pair[0] } else { &pair[1] };
            let key = moved.original.date().format("%Y-%m-%d").to_string();
            file.at_text(
                &key,
                "changes",
                format!(
                    "the change of {key} moves that occurrence onto another one on {}",
                    moved.start.date().format("%Y-%m-%d")
                ),
            )
            .with_help("move it to a free date, or cancel the other occurrence with `except`")
        })
        .collect();
    problems.into_result(())
}

fn written_form(input: LocalInput) -> String {
    match input {
        LocalInput::Day(day) => day.format("%Y-%m-%d").to_string(),
        LocalInput::DateTime(local) => local.format("%Y-%m-%d %H:%M").to_string(),
        LocalInput::Time(time) => time.format("%H:%M").to_string(),
    }
}

fn written_day(written: &str) -> Option<NaiveDate> {
    LocalInput::parse(written).and_then(LocalInput::day)
}

/// ", the nearest are 2026-08-06 and 2026-08-13", to show what was probably meant.
fn nearest_occurrences(originals: &[Original], day: NaiveDate) -> String {
    let after = originals.partition_point(|original| original.local.date() <= day);
    let before = after.checked_sub(1).and_then(|i| originals.get(i));
    let after = originals.get(after);
    let format = |original: &Original| original.local.date().format("%Y-%m-%d").to_string();
    match (before, after) {
        (Some(b), Some(a)) => format!(" (the nearest are {} and {})", format(b), format(a)),
        (Some(one), None) | (None, Some(one)) => format!(" (the nearest is {})", format(one)),
        (None, None) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(source: &str) -> Result<Event, Diagnostics> {
        load_with(source, &Venues::default())
    }

    fn load_with(source: &str, venues: &Venues) -> Result<Event, Diagnostics> {
        let config = crate::load::config::parse(
            "title = \"T\"\nbase_url = \"https://t.example\"\nauthor = \"A\"\ntimezone = \"Europe/Berlin\"\n",
            None,
        )
        .unwrap();
        let now = chrono::DateTime::parse_from_rfc3339("2026-03-01T00:00:00Z")
            .unwrap()
            .to_utc();
        let window = Window::new(&config, now);
        load_event(
            Path::new(""),
            Path::new("events/x.yaml"),
            source,
            &config,
            QuoteMarks::GERMAN,
            &window,
            venues,
        )
    }

    /// The first line of the only problem with `source`, and its help.
    fn problem(source: &str) -> (String, String) {
        let problems = load(source).unwrap_err();
        assert_eq!(problems.len(), 1, "{problems}");
        let problem = problems.iter().next().unwrap();
        (
            problem.to_string().lines().next().unwrap().to_owned(),
            problem.help.clone().unwrap_or_default(),
        )
    }

    fn owned(line: &str, help: &str) -> (String, String) {
        (line.to_owned(), help.to_owned())
    }

    /// The venues of a site whose `content/venues/` holds `files`.
    fn venues(files: &[(&str, &str)]) -> Venues {
        let site = tempfile::tempdir().unwrap();
        let folder = site.path().join("content/venues");
        std::fs::create_dir_all(&folder).unwrap();
        for (name, text) in files {
            std::fs::write(folder.join(name), text).unwrap();
        }
        super::super::venue::load(site.path(), Country::parse("DE").ok()).unwrap()
    }

    const GOLF: &str =
        "title: Golf\nstart: 2026-04-03 14:00\nrepeat: FREQ=MONTHLY;INTERVAL=3;BYDAY=1FR\n";

    #[test]
    fn a_venue_is_named_and_its_parts_are_overridden_by_event_and_change() {
        let venues = venues(&[(
            "wirtshaus.yaml",
            "name: Wirtshaus\nstreet: Prälat-Zistl-Straße 6\npostal_code: \"80331\"\ncity: München\ngeo: [48.1351, 11.5763]\n",
        )]);
        let event = load_with(
            &format!("{GOLF}venue: wirtshaus\nlocation:\n  name: Wirtshaus, Nebenzimmer\nchanges:\n  2026-07-03:\n    location: {{name: Biergarten}}\n  2026-10-02:\n    location: Rathaus, Marienplatz 8, München\n"),
            &venues,
        )
        .unwrap();
        assert_eq!(
            event.location(),
            Some("Wirtshaus, Nebenzimmer, Prälat-Zistl-Straße 6, 80331 München")
        );
        assert_eq!(event.geo, Some((48.1351, 11.5763)));
        let place = event.place.as_deref().unwrap();
        assert_eq!(place.country.map(|c| c.to_string()).as_deref(), Some("DE"));
        let lines: Vec<Option<&str>> = event.occurrences[..3]
            .iter()
            .map(Occurrence::location)
            .collect();
        assert_eq!(
            lines,
            [
                Some("Wirtshaus, Nebenzimmer, Prälat-Zistl-Straße 6, 80331 München"),
                Some("Biergarten, Prälat-Zistl-Straße 6, 80331 München"),
                Some("Rathaus, Marienplatz 8, München"),
            ]
        );
        assert!(event.occurrences[1].place.as_deref().unwrap().has_address());
        assert!(!event.occurrences[2].place.as_deref().unwrap().has_address());
        let problems = load_with(&format!("{GOLF}venue: wirtshuas\n"), &venues).unwrap_err();
        let problem = problems.iter().next().unwrap();
        assert_eq!(
            (
                problem.to_string().lines().next().unwrap(),
                problem.help.as_deref()
            ),
            (
                "events/x.yaml:4:8: there is no venue `wirtshuas` in content/venues/",
                Some("did you mean `wirtshaus`?")
            )
        );
    }

    #[test]
    fn a_location_map_is_checked_at_its_keys() {
        assert_eq!(
            problem(&format!(
                "{GOLF}location:\n  name: Golfanlage Nord\n  plz: \"85716\"\n"
            )),
            owned(
                "events/x.yaml:6:3: location: unknown key `plz`",
                "did you mean `postal_code`? Keys are written in English"
            )
        );
        assert_eq!(
            problem(&format!(
                "{GOLF}location: {{city: München, country: Bayern}}\n"
            )),
            owned(
                "events/x.yaml:4:36: location.country: `Bayern` is not an ISO 3166 country code: write 2 letters, such as DE, AT or CH",
                ""
            )
        );
        assert_eq!(
            problem(&format!("{GOLF}location: [München]\n")),
            owned(
                "events/x.yaml:4:11: `location` takes one line of text, or `key: value` lines (name, street, postal_code, city, region, country, url), not a list",
                ""
            )
        );
        assert_eq!(
            problem(&format!("{GOLF}venue: wirtshaus\n")),
            owned(
                "events/x.yaml:4:8: there is no venue `wirtshaus` in content/venues/",
                "create content/venues/wirtshaus.yaml with name, street, postal_code and city, or write the place under `location`"
            )
        );
    }

    #[test]
    fn registration_terms_apply_to_every_date_and_a_change_overrides_them() {
        let event = load(&format!(
            "{GOLF}registration:\n  email: golf@example.org\n  deadline: 7d\n  price: 25\nchanges:\n  2026-07-03:\n    registration: {{full: true, price: 0}}\n  2026-10-02:\n    registration:\n      deadline: 2026-09-01 12:00\n"
        ))
        .unwrap();
        let terms: Vec<(String, bool, u64)> = event.occurrences[..3]
            .iter()
            .map(|o| {
                let r = o.registration.as_ref().unwrap();
                (
                    r.closes.to_rfc3339(),
                    r.terms.full,
                    r.terms.price.unwrap().cents,
                )
            })
            .collect();
        assert_eq!(
            terms,
            [
                ("2026-03-27T14:00:00+01:00".to_owned(), false, 2500),
                ("2026-06-26T14:00:00+02:00".to_owned(), true, 0),
                ("2026-09-01T12:00:00+02:00".to_owned(), false, 2500),
            ]
        );
        let first = event.occurrences[0].registration.as_ref().unwrap();
        let at = |text: &str| chrono::DateTime::parse_from_rfc3339(text).unwrap().to_utc();
        use super::super::registration::RegistrationState::{Closed, Full, Open};
        assert_eq!(first.state(at("2026-03-27T12:59:59Z")), Open);
        assert_eq!(first.state(at("2026-03-27T13:00:00Z")), Closed);
        assert_eq!(
            event.occurrences[1]
                .registration
                .as_ref()
                .unwrap()
                .state(at("2026-01-01T00:00:00Z")),
            Full
        );
        assert_eq!(
            first.terms.price.unwrap().currency.to_string(),
            "EUR",
            "the currency is EUR unless given"
        );
        let cancelled = load(&format!(
            "{GOLF}registration: {{email: golf@example.org}}\nchanges:\n  2026-07-03: {{status: cancelled}}\n"
        ))
        .unwrap();
        let registered: Vec<bool> = cancelled.occurrences[..3]
            .iter()
            .map(|o| o.registration.is_some())
            .collect();
        assert_eq!(
            registered,
            [true, false, true],
            "no sign-up for a cancelled date"
        );
    }

    #[test]
    fn registration_mistakes_are_told_at_their_key_with_the_fix() {
        let cases = [
            (
                "registration:\n  url: https://example.org/golf\n  preis: 25\n",
                "events/x.yaml:6:3: registration: unknown key `preis`",
                "did you mean `price`? Keys are written in English",
            ),
            (
                "registration:\n  email: golf@example.org\n  deadline: 2026-04-04 12:00\n",
                "events/x.yaml:6:13: the deadline 2026-04-04 12:00 is after the start of the event on 2026-04-03 14:00",
                "give a deadline before the start, or a time before each date such as `2d`",
            ),
            (
                "registration:\n  email: golf@example.org\n  price: -5\n",
                "events/x.yaml:6:10: the price -5 is negative",
                "write what one ticket costs, or `price: 0` when it is free",
            ),
            (
                "registration:\n  email: golf@example.org\n  price: 12.345\n",
                "events/x.yaml:6:10: the price 12.345 has more than two decimal places",
                "write the price in the currency's units with at most two decimals, e.g. 12.50",
            ),
            (
                "registration:\n  price: 25\n",
                "events/x.yaml:4:1: `registration` needs a `url` or an `email` to sign up with",
                "add `url: https://…` (a ticket or form page) or `email: anmeldung@example.org`",
            ),
            (
                "registration: {url: \"https://example.org\", email: a@example.org}\n",
                "events/x.yaml:4:51: `registration` gives both `url` and `email`",
                "keep the one people should use: `url` for a ticket or form page, `email` for a sign-up by e-mail",
            ),
            (
                "registration:\n  url: example.org/golf\n",
                "events/x.yaml:5:8: `example.org/golf` is not a web address",
                "write the whole address of the ticket or form page, starting with https://",
            ),
            (
                "registration:\n  email: golf(at)example.org\n",
                "events/x.yaml:5:10: `golf(at)example.org` is not an e-mail address",
                "write it as name@example.org",
            ),
            (
                "registration:\n  email: golf@example.org\n  currency: EUR\n",
                "events/x.yaml:6:13: `currency: EUR` is given without a `price`",
                "add `price: 25` (or `price: 0` when it is free), or remove `currency`",
            ),
            (
                "registration:\n  email: golf@example.org\n  deadline: 2026-03-30\n",
                "events/x.yaml:6:13: registration.deadline: the deadline `2026-03-30` needs a time of day; write e.g. `2026-03-30 18:00`, or a time before each date such as 2d or 12h, or a date and time such as 2027-01-12 18:00",
                "",
            ),
            (
                "registration:\n  email: golf@example.org\n  price: 25\n  currency: Euro\n",
                "events/x.yaml:7:13: registration.currency: `Euro` is not an ISO 4217 currency code: write 3 letters, such as EUR or CHF; did you mean `EUR`?",
                "",
            ),
            (
                "changes:\n  2026-07-03:\n    registration:\n      full: true\n",
                "events/x.yaml:6:5: `registration` needs a `url` or an `email` to sign up with",
                "add `url: https://…` (a ticket or form page) or `email: anmeldung@example.org`",
            ),
            (
                "registration: {email: golf@example.org}\nchanges:\n  2026-07-03:\n    start: 2026-07-02 14:00\n    registration:\n      deadline: 2026-07-02 15:00\n",
                "events/x.yaml:9:17: the deadline 2026-07-02 15:00 is after the start of the event on 2026-07-02 14:00",
                "give a deadline before the start, or a time before each date such as `2d`",
            ),
        ];
        for (yaml, line, help) in cases {
            assert_eq!(
                problem(&format!("{GOLF}{yaml}")),
                owned(line, help),
                "{yaml}"
            );
        }
    }

    /// Issue 11 item 8: 100,000 `except` dates took 13 s, each one searched for among all
    /// starts. Quadratic work would take minutes here; linear work takes about a second.
    #[test]
    fn a_hundred_thousand_except_dates_cost_linear_time() {
        let first = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap();
        let mut source =
            String::from("title: X\nstart: 2000-01-01 19:00\nrepeat: FREQ=DAILY\nexcept:\n");
        for day in 1..=100_000 {
            source.push_str(&format!("  - {}\n", first + Duration::days(day)));
        }
        let started = std::time::Instant::now();
        let event = load(&source).unwrap();
        assert_eq!(event.exceptions.len(), 100_000);
        assert!(
            started.elapsed() < std::time::Duration::from_secs(60),
            "{:?}",
            started.elapsed()
        );
        // As many dates that are no occurrence: a bounded list of located problems.
        let weekly = source.replace("FREQ=DAILY", "FREQ=WEEKLY");
        let problems = load(&weekly).unwrap_err();
        assert_eq!(problems.len(), MAX_LISTED_PROBLEMS + 1);
    }

    #[test]
    fn a_move_onto_a_later_occurrence_beyond_the_window_is_found() {
        let problems = load(
            "title: X\nstart: 2029-10-03 06:15\nrepeat: FREQ=WEEKLY;COUNT=10\nchanges:\n  2029-10-10:\n    start: 2029-10-17 06:15\n",
        )
        .unwrap_err();
        assert!(
            problems.iter().any(|p| p
                .to_string()
                .contains("moves that occurrence onto another one on 2029-10-17")),
            "{problems:?}"
        );
    }

    #[test]
    fn occurrences_outside_the_window_are_not_kept_but_changed_ones_are() {
        let event = load(
            "title: X\nstart: 2020-01-06 19:00\nrepeat: FREQ=WEEKLY\nchanges:\n  2020-01-13: {title: Y}\n",
        )
        .unwrap();
        assert_eq!(
            event.occurrences[0].original_local.to_string(),
            "2020-01-13 19:00:00"
        );
        assert!(
            event.occurrences[1..]
                .iter()
                .all(|o| o.start.date() >= NaiveDate::from_ymd_opt(2025, 12, 1).unwrap())
        );
    }
}
