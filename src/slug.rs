//! Slugs: the lower-case ASCII names that posts, pages, tags and authors get in URLs.

use std::fmt;

/// A non-empty run of `[a-z0-9]` words joined by single hyphens, safe as one URL path segment.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(transparent)]
pub struct Slug(String);

impl Slug {
    /// Slugifies `text`; `None` when nothing of it survives (a title of only punctuation).
    pub fn from_text(text: &str) -> Option<Slug> {
        let slug = slugify(text);
        (!slug.is_empty()).then_some(Slug(slug))
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
    use super::slugify;

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
