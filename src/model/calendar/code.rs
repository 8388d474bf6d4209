//! ISO codes written in event and venue files: countries (ISO 3166-1 alpha-2) and currencies
//! (ISO 4217), checked for their shape and kept in capitals.

use std::fmt;

use serde::{Deserialize, Deserializer};

use crate::load::front_matter::deserialize_parsed;

/// `N` ASCII capitals: whether the code is assigned is not checked, as new ones appear.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Code<const N: usize>([u8; N]);

/// A country, as in `country: DE`.
pub type Country = Code<2>;
/// A currency, as in `currency: EUR`.
pub type Currency = Code<3>;

/// Names writers give instead of a code, with the code meant.
const NAMES: &[(&str, &str)] = &[
    ("deutschland", "DE"),
    ("germany", "DE"),
    ("ger", "DE"),
    ("deu", "DE"),
    ("österreich", "AT"),
    ("oesterreich", "AT"),
    ("austria", "AT"),
    ("aut", "AT"),
    ("schweiz", "CH"),
    ("switzerland", "CH"),
    ("che", "CH"),
    ("€", "EUR"),
    ("euro", "EUR"),
    ("fr.", "CHF"),
    ("franken", "CHF"),
    ("$", "USD"),
    ("£", "GBP"),
];

impl<const N: usize> Code<N> {
    /// `text` in either case; anything but `N` letters is refused with the code meant, when the
    /// text is a name for one.
    pub fn parse(text: &str) -> Result<Self, String> {
        let trimmed = text.trim();
        let bytes = trimmed.as_bytes();
        if bytes.len() == N && bytes.iter().all(u8::is_ascii_alphabetic) {
            let mut code = [0; N];
            for (to, from) in code.iter_mut().zip(bytes) {
                *to = from.to_ascii_uppercase();
            }
            return Ok(Code(code));
        }
        let (kind, example) = if N == 2 {
            ("an ISO 3166 country code", "DE, AT or CH")
        } else {
            ("an ISO 4217 currency code", "EUR or CHF")
        };
        let lower = trimmed.to_lowercase();
        let meant = NAMES
            .iter()
            .find(|(name, code)| *name == lower && code.len() == N)
            .map(|(_, code)| format!("; did you mean `{code}`?"))
            .unwrap_or_default();
        Err(format!(
            "`{trimmed}` is not {kind}: write {N} letters, such as {example}{meant}"
        ))
    }

    pub fn as_str(&self) -> &str {
        // Only ASCII letters are ever stored.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }
}

impl Country {
    /// The country a site's language implies: its region (`de-AT` → AT), else the one country
    /// where most of the language's readers of a German association's site live (`de` → DE).
    /// English and other languages spoken in many countries imply none.
    pub fn of_language(language: &str) -> Option<Country> {
        let mut parts = language.split('-').skip(1);
        if let Some(region) = parts.find(|part| part.len() == 2) {
            return Country::parse(region).ok();
        }
        let primary = language.split('-').next().unwrap_or_default();
        let country = match primary.to_ascii_lowercase().as_str() {
            "de" => "DE",
            "fr" => "FR",
            "it" => "IT",
            "nl" => "NL",
            "pl" => "PL",
            "cs" => "CZ",
            "da" => "DK",
            _ => return None,
        };
        Country::parse(country).ok()
    }
}

impl<const N: usize> fmt::Display for Code<N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl<'de, const N: usize> Deserialize<'de> for Code<N> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let expecting = if N == 2 {
            "a country code"
        } else {
            "a currency code"
        };
        deserialize_parsed(deserializer, expecting, Code::parse)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_letters_of_their_length_in_capitals() {
        assert_eq!(Country::parse("at").unwrap().as_str(), "AT");
        assert_eq!(Currency::parse(" eur ").unwrap().as_str(), "EUR");
        assert_eq!(
            Country::parse("Deutschland").unwrap_err(),
            "`Deutschland` is not an ISO 3166 country code: write 2 letters, such as DE, AT or CH; did you mean `DE`?"
        );
        assert_eq!(
            Currency::parse("€").unwrap_err(),
            "`€` is not an ISO 4217 currency code: write 3 letters, such as EUR or CHF; did you mean `EUR`?"
        );
        assert_eq!(
            Country::parse("D1").unwrap_err(),
            "`D1` is not an ISO 3166 country code: write 2 letters, such as DE, AT or CH"
        );
    }

    #[test]
    fn a_language_implies_its_region_or_its_main_country() {
        let of = |language| Country::of_language(language).map(|c| c.to_string());
        assert_eq!(of("de").as_deref(), Some("DE"));
        assert_eq!(of("de-AT").as_deref(), Some("AT"));
        assert_eq!(of("en-GB").as_deref(), Some("GB"));
        assert_eq!(of("en"), None);
        assert_eq!(of("sr-Latn-RS").as_deref(), Some("RS"));
    }
}
