//! Slugs: the lower-case ASCII names that posts, pages, tags and authors get in URLs.

use std::fmt;

/// A non-empty run of `[a-z0-9]` words joined by single hyphens, safe as one URL path segment.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(transparent)]
pub struct Slug(String);

/// The most characters a slug has. A slug names a folder (`blog/<slug>/`) or a file with a short
/// ending (`<slug>.ics`), and file systems allow 255 bytes for a name; 100 leaves room for any
/// ending and keeps addresses readable.
pub const MOST_CHARACTERS: usize = 100;

impl Slug {
    /// Slugifies `text`, cut after a word at [`MOST_CHARACTERS`]; `None` when nothing of it
    /// survives (a title of only punctuation).
    pub fn from_text(text: &str) -> Option<Slug> {
        let slug = slugify(text);
        (!slug.is_empty()).then(|| Slug(slug).cut_to(MOST_CHARACTERS))
    }

    /// The slug cut after the last word that ends within `most` characters (in the middle of a
    /// word only when its first word alone is longer).
    pub fn cut_to(mut self, most: usize) -> Slug {
        // Slugs are ASCII, so characters and bytes are one.
        if self.0.len() > most {
            let end = match self.0[..=most].rfind('-') {
                Some(hyphen) if hyphen > 0 => hyphen,
                _ => most,
            };
            self.0.truncate(end);
        }
        self
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// German transliteration first (deunicode alone turns "Ü" into "U"), then every other letter,
/// then runs of anything but ASCII letters and digits collapse into one `-`.
///
/// The rule is code, not the theme's i18n file, on purpose: a slug is an address (and an event's
/// id in its iCalendar UID), so it must not change when the site's language or theme does, and it
/// is made while loading, before any theme is read. `ü` is `ue` in a German name on an English
/// site too.
pub fn slugify(text: &str) -> String {
    let mut transliterated = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            'ä' | 'Ä' => transliterated.push_str("ae"),
            'ö' | 'Ö' => transliterated.push_str("oe"),
            'ü' | 'Ü' => transliterated.push_str("ue"),
            'ß' | 'ẞ' => transliterated.push_str("ss"),
            c if c.is_ascii() => transliterated.push(c),
            c => transliterated.push_str(deunicode::deunicode_char(c).unwrap_or("-")),
        }
    }
    let mut slug = String::with_capacity(transliterated.len());
    for c in transliterated.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    if slug.ends_with('-') {
        slug.pop();
    }
    slug
}

#[cfg(test)]
mod tests {
    use super::{MOST_CHARACTERS, Slug, slugify};

    #[test]
    fn long_slugs_are_cut_after_a_word() {
        let title = "Netzwerken ".repeat(30);
        let slug = Slug::from_text(&title).unwrap();
        // "netzwerken-" is 11 characters: nine whole words fit in 100.
        assert_eq!(slug.as_str(), ["netzwerken"; 9].join("-"));
        let word = "a".repeat(300);
        assert_eq!(
            Slug::from_text(&word).unwrap().as_str().len(),
            MOST_CHARACTERS
        );
        let exact = format!("{}-b", "a".repeat(MOST_CHARACTERS));
        assert_eq!(
            Slug::from_text(&exact).unwrap().as_str(),
            "a".repeat(MOST_CHARACTERS)
        );
    }

    #[test]
    fn examples_from_the_format_reference() {
        assert_eq!(
            slugify("Netzwerken – ja bitte. Aber richtig!"),
            "netzwerken-ja-bitte-aber-richtig"
        );
        assert_eq!(slugify("Größe zählt nicht"), "groesse-zaehlt-nicht");
        assert_eq!(
            slugify("Weihnachtsfeier-Zeit: Netzwerken as usual?"),
            "weihnachtsfeier-zeit-netzwerken-as-usual"
        );
    }

    #[test]
    fn upper_case_umlauts_and_other_letters() {
        assert_eq!(slugify("ÄRGER über STRAẞE"), "aerger-ueber-strasse");
        assert_eq!(slugify("Café crème à Zürich"), "cafe-creme-a-zuerich");
        assert_eq!(slugify("  --Hallo__Welt--  "), "hallo-welt");
        assert_eq!(slugify("../../etc/passwd"), "etc-passwd");
        assert_eq!(slugify("!!!"), "");
    }
}
