//! Escaping text for HTML and XML: one function for templates, feeds and the sitemap.

/// Escapes the five characters that matter in HTML and XML text and attribute values. Unlike
/// Tera 1's default it leaves `/` alone, so URLs in templates stay readable.
pub fn escape_markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_markup_but_not_slashes() {
        assert_eq!(
            super::escape_markup(r#"<a href="/x?a=1&b='2'">"#),
            "&lt;a href=&quot;/x?a=1&amp;b=&#39;2&#39;&quot;&gt;"
        );
    }
}
