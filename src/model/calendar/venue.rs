//! Where an event happens: a [`Place`] written as one line or as an address (`location:` in an
//! event, its changes, and the venues of `content/venues/*.yaml` that several events share).

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};

use super::code::Country;
use crate::diagnostic::{Diagnostic, Diagnostics, closest, display_path};
use crate::load::content::CONTENT_DIR;
use crate::load::front_matter::Document;
use crate::load::source_files::{self, Listing};
use crate::model::slug::Slug;

pub const VENUES_DIR: &str = "venues";

/// The parts of an address as written; every part may be left out, and a later layer (an
/// event over its venue, a change over its event) replaces only the parts it gives.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPlace {
    pub name: Option<String>,
    pub street: Option<String>,
    pub postal_code: Option<String>,
    pub city: Option<String>,
    pub region: Option<String>,
    pub country: Option<Country>,
    pub url: Option<String>,
}

impl RawPlace {
    /// `self`'s parts where given, else `base`'s.
    pub fn over(self, base: &RawPlace) -> RawPlace {
        let pick = |own: Option<String>, base: &Option<String>| own.or_else(|| base.clone());
        RawPlace {
            name: pick(self.name, &base.name),
            street: pick(self.street, &base.street),
            postal_code: pick(self.postal_code, &base.postal_code),
            city: pick(self.city, &base.city),
            region: pick(self.region, &base.region),
            country: self.country.or(base.country),
            url: pick(self.url, &base.url),
        }
    }
}

/// `location:` as written: one line of text, or the parts of an address.
#[derive(Debug, Clone, PartialEq)]
pub enum RawLocation {
    Line(String),
    Parts(RawPlace),
}

const LOCATION_FORMS: &str = "one line of text, or `key: value` lines (name, street, postal_code, city, region, country, url)";

impl<'de> Deserialize<'de> for RawLocation {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Either;
        impl<'de> Visitor<'de> for Either {
            type Value = RawLocation;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str(LOCATION_FORMS)
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<RawLocation, E> {
                Ok(RawLocation::Line(text.to_owned()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawLocation, A::Error> {
                RawPlace::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(RawLocation::Parts)
            }
        }
        deserializer.deserialize_any(Either)
    }
}

/// A place as shown: the parts of its address (a place written as one line has only a `name`)
/// and that line. Built only through [`Place::new`], so the line always matches the parts.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    pub name: Option<String>,
    pub street: Option<String>,
    pub postal_code: Option<String>,
    pub city: Option<String>,
    pub region: Option<String>,
    pub country: Option<Country>,
    pub url: Option<String>,
    /// "Wirtshaus am Viktualienmarkt, Prälat-Zistl-Straße 6, 80331 München".
    line: String,
}

impl Place {
    /// The place `location` gives over `base` (a venue's or the event's place): a line replaces
    /// it, parts replace its parts. An address without a country is in `default_country`.
    /// `None` when nothing is left.
    pub fn new(
        location: Option<&RawLocation>,
        base: Option<&Place>,
        default_country: Option<Country>,
    ) -> Option<Place> {
        let base_parts = base.map(Place::parts).unwrap_or_default();
        let parts = match location {
            None => base_parts,
            Some(RawLocation::Line(line)) => RawPlace {
                name: Some(line.clone()),
                ..RawPlace::default()
            },
            Some(RawLocation::Parts(parts)) => parts.clone().over(&base_parts),
        };
        let text = |part: Option<String>| {
            part.map(|text| text.trim().to_owned())
                .filter(|text| !text.is_empty())
        };
        let mut place = Place {
            name: text(parts.name),
            street: text(parts.street),
            postal_code: text(parts.postal_code),
            city: text(parts.city),
            region: text(parts.region),
            country: parts.country,
            url: text(parts.url),
            line: String::new(),
        };
        if place.country.is_none() && (place.street.is_some() || place.city.is_some()) {
            place.country = default_country;
        }
        let town = [&place.postal_code, &place.city]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(" ");
        let mut line: Vec<&str> = [place.name.as_deref(), place.street.as_deref()]
            .into_iter()
            .flatten()
            .collect();
        if !town.is_empty() {
            line.push(&town);
        }
        if line.is_empty() {
            line.extend(place.region.as_deref());
        }
        place.line = line.join(", ");
        (!place.line.is_empty()).then_some(place)
    }

    fn parts(&self) -> RawPlace {
        RawPlace {
            name: self.name.clone(),
            street: self.street.clone(),
            postal_code: self.postal_code.clone(),
            city: self.city.clone(),
            region: self.region.clone(),
            country: self.country,
            url: self.url.clone(),
        }
    }

    /// The place on one line, for feeds and listings.
    pub fn line(&self) -> &str {
        &self.line
    }

    /// Whether search engines can read an address: a street in a city.
    pub fn has_address(&self) -> bool {
        self.street.is_some() && self.city.is_some()
    }

    /// What a map search finds best: the address without the name, when there is one.
    pub fn search_text(&self) -> String {
        if !self.has_address() {
            return self.line.clone();
        }
        let town = [&self.postal_code, &self.city]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(" ");
        [self.street.as_deref().unwrap_or_default(), &town].join(", ")
    }
}

/// Why `[lat, lon]` is no place on Earth, with the fix.
pub fn geo_problem((lat, lon): (f64, f64)) -> Option<(String, &'static str)> {
    let on_earth = (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon);
    (!on_earth).then(|| {
        (
            format!("[{lat}, {lon}] is not a place on Earth"),
            "write [latitude, longitude], e.g. [48.137, 11.575]",
        )
    })
}

/// A place shared by events: `content/venues/<id>.yaml`.
#[derive(Debug, Clone, PartialEq)]
pub struct Venue {
    pub place: Place,
    pub geo: Option<(f64, f64)>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawVenue {
    name: String,
    street: Option<String>,
    postal_code: Option<String>,
    city: Option<String>,
    region: Option<String>,
    country: Option<Country>,
    url: Option<String>,
    geo: Option<[f64; 2]>,
}

const VENUE_KEYS_HELP: &str =
    "a venue takes name, street, postal_code, city, region, country, url and geo; name is required";

/// Every venue of the site, by id.
#[derive(Debug, Default)]
pub struct Venues {
    by_id: BTreeMap<Slug, Venue>,
    /// Of every venue file.
    pub fingerprint: u64,
}

impl Venues {
    /// The venue `id` names, or a message with the help to give.
    pub fn get(&self, id: &str) -> Result<&Venue, (String, String)> {
        if let Some(venue) = Slug::from_text(id).and_then(|slug| self.by_id.get(&slug)) {
            return Ok(venue);
        }
        let message = format!("there is no venue `{id}` in {CONTENT_DIR}/{VENUES_DIR}/");
        let help = match closest(id, self.by_id.keys().map(Slug::as_str)) {
            Some(meant) => format!("did you mean `{meant}`?"),
            None => format!(
                "create {CONTENT_DIR}/{VENUES_DIR}/{id}.yaml with name, street, postal_code and city, or write the place under `location`"
            ),
        };
        Err((message, help))
    }
}

/// Reads every venue file below `root/content/venues`; an address without a country is in
/// `default_country`.
pub fn load(root: &Path, default_country: Option<Country>) -> Result<Venues, Diagnostics> {
    let Listing {
        files,
        mut problems,
    } = source_files::list(root, &root.join(CONTENT_DIR).join(VENUES_DIR), |name| {
        name.ends_with(".yaml") || name.ends_with(".yml")
    });
    let mut venues = Venues::default();
    let mut sources = Vec::new();
    for file in &files {
        let shown = display_path(root, file);
        match read_venue(&shown, file, default_country) {
            Ok((id, venue, source)) => {
                if venues.by_id.insert(id.clone(), venue).is_some() {
                    problems.push(
                        Diagnostic::new(&shown, format!("two files define the venue `{id}`"))
                            .with_help("a venue's id is its file name: rename one of the files"),
                    );
                }
                sources.push((shown, source));
            }
            Err(found) => problems.extend(found),
        }
    }
    venues.fingerprint = crate::render::fingerprint::of(&sources);
    problems.into_result(venues)
}

fn read_venue(
    shown: &Path,
    file: &Path,
    default_country: Option<Country>,
) -> Result<(Slug, Venue, String), Diagnostics> {
    let bytes = std::fs::read(file)
        .map_err(|error| Diagnostic::new(shown, format!("cannot read this file: {error}")))?;
    let source = crate::load::encoding::decode(shown, bytes)?;
    let id = super::event_id(shown).ok_or_else(|| {
        Diagnostic::new(shown, "the file name gives no usable venue id")
            .with_help("rename the file, e.g. wirtshaus.yaml")
    })?;
    let venue = parse_venue(shown, &source, default_country)?;
    Ok((id, venue, source))
}

fn parse_venue(
    shown: &Path,
    source: &str,
    default_country: Option<Country>,
) -> Result<Venue, Diagnostic> {
    let doc = Document::whole_yaml(source);
    let raw: RawVenue = doc.parse(shown, VENUE_KEYS_HELP)?;
    let geo = raw.geo.map(|[lat, lon]| (lat, lon));
    if let Some((message, help)) = geo.and_then(geo_problem) {
        return Err(doc.problem_at_key(shown, "geo", message).with_help(help));
    }
    let parts = RawPlace {
        name: Some(raw.name),
        street: raw.street,
        postal_code: raw.postal_code,
        city: raw.city,
        region: raw.region,
        country: raw.country,
        url: raw.url,
    };
    let place = Place::new(Some(&RawLocation::Parts(parts)), None, default_country)
        .filter(|place| place.name.is_some())
        .ok_or_else(|| {
            doc.problem_at_key(shown, "name", "`name` is empty".to_owned())
                .with_help("write the venue's name, e.g. `name: Wirtshaus am Viktualienmarkt`")
        })?;
    Ok(Venue { place, geo })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(yaml: &str) -> RawLocation {
        crate::load::yaml::from_str(yaml, 1).unwrap()
    }

    #[test]
    fn a_place_is_one_line_or_an_address_in_the_sites_country() {
        let de = Country::parse("DE").ok();
        let line = Place::new(Some(&parts("Café Rosengarten")), None, de).unwrap();
        assert_eq!(line.line(), "Café Rosengarten");
        assert_eq!((line.country, line.has_address()), (None, false));
        let address = Place::new(
            Some(&parts(
                "name: Wirtshaus am Viktualienmarkt\nstreet: Prälat-Zistl-Straße 6\npostal_code: \"80331\"\ncity: München\n",
            )),
            None,
            de,
        )
        .unwrap();
        assert_eq!(
            address.line(),
            "Wirtshaus am Viktualienmarkt, Prälat-Zistl-Straße 6, 80331 München"
        );
        assert_eq!(
            address.search_text(),
            "Prälat-Zistl-Straße 6, 80331 München"
        );
        assert_eq!(address.country, de);
        assert!(address.has_address());
        // A change names another room: the rest of the address stays.
        let room = Place::new(Some(&parts("name: Nebenzimmer\n")), Some(&address), de).unwrap();
        assert_eq!(
            room.line(),
            "Nebenzimmer, Prälat-Zistl-Straße 6, 80331 München"
        );
        assert_eq!(Place::new(Some(&parts("name: \" \"\n")), None, de), None);
    }

    #[test]
    fn a_venue_is_checked_where_it_is_written() {
        let problem = |yaml: &str| {
            let found = parse_venue(Path::new("content/venues/cafe.yaml"), yaml, None).unwrap_err();
            (
                found.to_string().lines().next().unwrap().to_owned(),
                found.help.unwrap_or_default(),
            )
        };
        assert_eq!(
            problem("name: Café\nstrasse: Sendlinger Straße 40\n"),
            (
                "content/venues/cafe.yaml:2:1: unknown key `strasse`".to_owned(),
                "did you mean `street`? Keys are written in English".to_owned()
            )
        );
        assert_eq!(
            problem("name: Café\ncountry: Deutschland\n"),
            (
                "content/venues/cafe.yaml:2:10: country: `Deutschland` is not an ISO 3166 country code: write 2 letters, such as DE, AT or CH; did you mean `DE`?".to_owned(),
                String::new()
            )
        );
        assert_eq!(
            problem("name: Café\ngeo: [148.1, 11.5]\n"),
            (
                "content/venues/cafe.yaml:2:6: [148.1, 11.5] is not a place on Earth".to_owned(),
                "write [latitude, longitude], e.g. [48.137, 11.575]".to_owned()
            )
        );
        // Plain scalars are read as written: the leading zero stays.
        let venue = parse_venue(
            Path::new("content/venues/cafe.yaml"),
            "name: Café\npostal_code: 01067\ncity: Dresden\n",
            None,
        )
        .unwrap();
        assert_eq!(venue.place.line(), "Café, 01067 Dresden");
    }
}
