//! Markdown to HTML: CommonMark with the extensions the content format promises, heading ids,
//! per-post footnote ids, the site language's quotation marks, safe external links, and the
//! summary.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, LinkType, Options, Parser, Tag, TagEnd, html};
use pulldown_cmark_escape::{escape_href, escape_html};

use crate::images::{self, Pictures};
use crate::model::routes;
use crate::model::slug::slugify;

/// Where `<!-- more -->` separates a post's summary from the rest.
pub const MORE_MARKER: &str = "<!-- more -->";

const WORDS_PER_MINUTE: usize = 200;

/// The quotation marks of a language, from the theme's `i18n/<language>.toml` (`quotes`), so
/// that a language is added there rather than here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct QuoteMarks {
    pub double_open: char,
    pub double_close: char,
    pub single_open: char,
    pub single_close: char,
}

#[cfg(test)]
impl QuoteMarks {
    pub const GERMAN: QuoteMarks = QuoteMarks {
        double_open: '„',
        double_close: '“',
        single_open: '‚',
        single_close: '‘',
    };
    pub const ENGLISH: QuoteMarks = QuoteMarks {
        double_open: '“',
        double_close: '”',
        single_open: '‘',
        single_close: '’',
    };
}

pub struct MarkdownOptions<'a> {
    /// What straight quotes become; quotes the writer typed stay.
    pub quotes: QuoteMarks,
    /// Prefix for root-relative links (`/blog/x/`), so that they also work in feeds and under a
    /// base URL with a path: the site's base URL.
    pub link_base: &'a str,
    /// Makes footnote ids unique when several documents share a page.
    pub footnote_prefix: &'a str,
    /// The document's own site path (`/blog/x/`): relative links are resolved against it, so that
    /// they still lead to the right place where the text is shown elsewhere (listings, feeds).
    pub page_path: &'a str,
    /// The images of the text that are published as variants, by their address as written;
    /// an image not here is shown as written.
    pub pictures: &'a Pictures,
    /// The `sizes` attribute of those images.
    pub image_sizes: &'a str,
}

/// An image of a Markdown text, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageReference {
    pub address: String,
    /// Where the image starts, in bytes from the start of the text.
    pub offset: usize,
    pub has_alt: bool,
}

/// Every image of `markdown`, in order.
pub fn image_references(markdown: &str) -> Vec<ImageReference> {
    let mut found: Vec<ImageReference> = Vec::new();
    let mut inside = false;
    for (event, range) in Parser::new_ext(markdown, parser_options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Image { dest_url, .. }) => {
                inside = true;
                found.push(ImageReference {
                    address: dest_url.into_string(),
                    offset: range.start,
                    has_alt: false,
                });
            }
            Event::End(TagEnd::Image) => inside = false,
            Event::Text(text) | Event::Code(text) if inside && !text.trim().is_empty() => {
                if let Some(last) = found.last_mut() {
                    last.has_alt = true;
                }
            }
            _ => {}
        }
    }
    found
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedMarkdown {
    pub html: String,
    /// The part before `<!-- more -->`, else the first paragraph.
    pub summary_html: String,
    /// Whole minutes to read the text, at least one.
    pub reading_time: usize,
}

pub fn render(markdown: &str, options: &MarkdownOptions) -> RenderedMarkdown {
    let events = transform(markdown, options, Loading::FirstAtOnce);
    let words: usize = events
        .iter()
        .map(|event| match event {
            Event::Text(text) | Event::Code(text) => text.split_whitespace().count(),
            _ => 0,
        })
        .sum();
    // Summaries are shown by the dozen on listings, where no image should push ahead.
    let summary_html = match markdown.find(MORE_MARKER) {
        Some(cut) => to_html(transform(&markdown[..cut], options, Loading::AllLazy)),
        None if options.pictures.is_empty() => to_html(first_paragraph(&events).to_vec()),
        None => to_html(first_paragraph(&transform(markdown, options, Loading::AllLazy)).to_vec()),
    };
    RenderedMarkdown {
        html: to_html(events),
        summary_html,
        reading_time: words.div_ceil(WORDS_PER_MINUTE).max(1),
    }
}

/// Renders a short text such as a front-matter summary.
pub fn render_fragment(markdown: &str, options: &MarkdownOptions) -> String {
    to_html(transform(markdown, options, Loading::AllLazy))
}

/// Whether a text's first picture is loaded at once (a page's own text) or every picture only
/// when it comes into view (summaries on listings).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Loading {
    FirstAtOnce,
    AllLazy,
}

/// The text of Markdown without markup, for plain-text fields such as an iCalendar DESCRIPTION:
/// paragraphs separated by blank lines, list items on lines of their own, link targets in
/// parentheses after their text. Quotes as in HTML.
pub fn plain_text(markdown: &str, marks: QuoteMarks) -> String {
    let mut text = String::new();
    let mut link_targets = Vec::new();
    let mut quotes = Quotes::new(markdown, marks);
    let mut in_code_block = false;
    for (event, range) in Parser::new_ext(markdown, parser_options()).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code_block = true,
            Event::Text(part) if !in_code_block => text.push_str(&quotes.convert(part, range)),
            Event::Text(part) | Event::Code(part) => text.push_str(&part),
            Event::SoftBreak => text.push(' '),
            Event::HardBreak => text.push('\n'),
            Event::Start(Tag::Item) => text.push_str("- "),
            Event::Start(Tag::Link { dest_url, .. }) => link_targets.push(dest_url),
            Event::End(TagEnd::Link) => {
                if let Some(target) = link_targets.pop()
                    && !text.ends_with(target.as_ref())
                {
                    text.push_str(&format!(" ({target})"));
                }
            }
            Event::End(TagEnd::Item) => text.push('\n'),
            Event::End(
                end
                @ (TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::CodeBlock | TagEnd::List(_)),
            ) => {
                in_code_block &= end != TagEnd::CodeBlock;
                quotes.end_block();
                if !text.ends_with("\n\n") {
                    text.push_str(if text.ends_with('\n') { "\n" } else { "\n\n" });
                }
            }
            _ => {}
        }
    }
    text.trim_end().to_owned()
}

fn to_html(events: Vec<Event>) -> String {
    let mut out = String::new();
    html::push_html(&mut out, events.into_iter());
    out
}

pub fn parser_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

fn first_paragraph<'e, 'a>(events: &'e [Event<'a>]) -> &'e [Event<'a>] {
    let mut depth = 0usize;
    let mut start = None;
    for (index, event) in events.iter().enumerate() {
        match event {
            Event::Start(Tag::Paragraph) if depth == 0 => start = Some(index),
            Event::End(TagEnd::Paragraph) if depth == 1 && start.is_some() => {
                return &events[start.unwrap_or(0)..=index];
            }
            _ => {}
        }
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    &[]
}

fn transform<'a>(markdown: &'a str, options: &MarkdownOptions, loading: Loading) -> Vec<Event<'a>> {
    let (events, ranges): (Vec<Event<'a>>, Vec<Range<usize>>) =
        Parser::new_ext(markdown, parser_options())
            .into_offset_iter()
            .unzip();
    let footnotes = FootnoteNumbers::of(&events);
    let mut heading_ids = HeadingIds::default();
    let mut quotes = Quotes::new(markdown, options.quotes);
    let mut in_code_block = false;
    let mut first_picture = loading == Loading::FirstAtOnce;
    let mut out = Vec::with_capacity(events.len());
    let mut index = 0;
    while index < events.len() {
        let event = events[index].clone();
        let range = ranges[index].clone();
        index += 1;
        match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                let end = events[index..]
                    .iter()
                    .position(|e| matches!(e, Event::End(TagEnd::Heading(_))))
                    .map_or(events.len(), |offset| index + offset);
                let id = id
                    .unwrap_or_else(|| heading_ids.next(&heading_text(&events[index..end])).into());
                out.push(Event::Start(Tag::Heading {
                    level,
                    id: Some(id),
                    classes,
                    attrs,
                }));
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                in_code_block = true;
                out.push(Event::Start(Tag::CodeBlock(kind)));
            }
            Event::End(TagEnd::CodeBlock) => {
                in_code_block = false;
                out.push(Event::End(TagEnd::CodeBlock));
            }
            Event::Text(text) if !in_code_block => {
                out.push(Event::Text(quotes.convert(text, range)));
            }
            Event::End(
                end @ (TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::BlockQuote(_)),
            ) => {
                quotes.end_block();
                out.push(Event::End(end));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            }) => out.push(Event::InlineHtml(
                link_open(link_type, &dest_url, &title, options).into(),
            )),
            Event::End(TagEnd::Link) => out.push(Event::InlineHtml("</a>".into())),
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) if options.pictures.contains_key(dest_url.as_ref()) => {
                let end = events[index..]
                    .iter()
                    .position(|e| matches!(e, Event::End(TagEnd::Image)))
                    .map_or(events.len(), |offset| index + offset);
                let alt = heading_text(&events[index..end]);
                let shown = images::Shown {
                    alt: &alt,
                    title: &title,
                    first: first_picture,
                    sizes: options.image_sizes,
                    link_base: options.link_base,
                };
                first_picture = false;
                out.push(Event::InlineHtml(
                    images::html(&options.pictures[dest_url.as_ref()], &shown).into(),
                ));
                index = (end + 1).min(events.len());
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => out.push(Event::Start(Tag::Image {
                link_type,
                dest_url: absolute(dest_url, options),
                title,
                id,
            })),
            Event::FootnoteReference(name) => {
                let number = footnotes.number(&name);
                let id = footnote_id(options.footnote_prefix, &name);
                out.push(Event::InlineHtml(
                    format!(
                        "<sup class=\"footnote-reference\" id=\"fnref-{id}\"><a href=\"#fn-{id}\">{number}</a></sup>"
                    )
                    .into(),
                ));
            }
            Event::Start(Tag::FootnoteDefinition(name)) => {
                let number = footnotes.number(&name);
                let id = footnote_id(options.footnote_prefix, &name);
                out.push(Event::Html(
                    format!(
                        "<div class=\"footnote-definition\" id=\"fn-{id}\"><sup class=\"footnote-definition-label\"><a href=\"#fnref-{id}\">{number}</a></sup>"
                    )
                    .into(),
                ));
            }
            Event::End(TagEnd::FootnoteDefinition) => out.push(Event::Html("</div>\n".into())),
            Event::Html(html) if html.trim() == MORE_MARKER => {
                out.push(Event::Html("<span id=\"weiterlesen\"></span>\n".into()));
            }
            other => out.push(other),
        }
    }
    out
}

fn heading_text(events: &[Event]) -> String {
    events
        .iter()
        .filter_map(|event| match event {
            Event::Text(text) | Event::Code(text) => Some(text.as_ref()),
            _ => None,
        })
        .collect()
}

fn is_external(url: &str) -> bool {
    url.starts_with("http://") || url.starts_with("https://") || url.starts_with("//")
}

/// A link into the site (`/blog/x/`, `../x/`) becomes absolute: `<base>/blog/x/`; links to other
/// sites and to anchors on the page stay as written.
fn absolute<'a>(url: CowStr<'a>, options: &MarkdownOptions) -> CowStr<'a> {
    match routes::resolve_link(&url, options.page_path) {
        Some((path, rest)) => format!("{}{path}{rest}", options.link_base).into(),
        None => url,
    }
}

fn link_open(link_type: LinkType, dest: &str, title: &str, options: &MarkdownOptions) -> String {
    let href = match link_type {
        LinkType::Email => format!("mailto:{dest}"),
        _ => absolute(dest.into(), options).into_string(),
    };
    let mut tag = String::from("<a href=\"");
    // Writing into a String cannot fail.
    let _ = escape_href(&mut tag, &href);
    tag.push('"');
    if !title.is_empty() {
        tag.push_str(" title=\"");
        let _ = escape_html(&mut tag, title);
        tag.push('"');
    }
    if is_external(dest) {
        tag.push_str(" rel=\"noopener\"");
    }
    tag.push('>');
    tag
}

fn footnote_id(prefix: &str, name: &str) -> String {
    let name = slugify(name);
    if prefix.is_empty() {
        name
    } else {
        format!("{prefix}-{name}")
    }
}

/// Footnotes are numbered in the order of their first reference, as readers expect; a definition
/// that is never referenced is numbered after all referenced ones.
struct FootnoteNumbers(HashMap<String, usize>);

impl FootnoteNumbers {
    fn of(events: &[Event]) -> Self {
        let mut numbers = HashMap::new();
        let referenced = events.iter().filter_map(|e| match e {
            Event::FootnoteReference(name) => Some(name),
            _ => None,
        });
        let defined = events.iter().filter_map(|e| match e {
            Event::Start(Tag::FootnoteDefinition(name)) => Some(name),
            _ => None,
        });
        for name in referenced.chain(defined) {
            let next = numbers.len() + 1;
            numbers.entry(name.to_string()).or_insert(next);
        }
        FootnoteNumbers(numbers)
    }

    fn number(&self, name: &str) -> usize {
        self.0.get(name).copied().unwrap_or(0)
    }
}

/// Unique ids for headings without an explicit `{#id}`: the first heading of a text takes its
/// slug, the later ones `slug-1`, `slug-2`… Each base remembers its next number, so that many
/// headings of the same text cost no more than as many different ones.
#[derive(Default)]
struct HeadingIds {
    taken: HashSet<String>,
    next_number: HashMap<String, usize>,
}

impl HeadingIds {
    fn next(&mut self, text: &str) -> String {
        let base = match slugify(text) {
            slug if slug.is_empty() => "abschnitt".to_owned(),
            slug => slug,
        };
        if self.taken.insert(base.clone()) {
            return base;
        }
        let number = self.next_number.entry(base.clone()).or_insert(1);
        // A heading may have taken `base-N` with its own text ("x 1" is `x-1`): skip such numbers.
        loop {
            let candidate = format!("{base}-{number}");
            *number += 1;
            if self.taken.insert(candidate.clone()) {
                return candidate;
            }
        }
    }
}

/// The kind of quotation mark at one place of the text.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mark {
    DoubleOpen,
    DoubleClose,
    SingleOpen,
    SingleClose,
    Apostrophe,
}

/// Quotation marks. pulldown-cmark's smart punctuation turns each straight quote into a curly one
/// on its own, without knowing the quotes the writer typed (`„Hallo Welt"` would open twice) or
/// the language's forms. So every quote it made from a straight one is decided again here, from the
/// characters around it in the source and the quotes open in the block, typed ones included; the
/// quotes the writer typed are kept as they are.
struct Quotes<'s> {
    source: &'s str,
    marks: QuoteMarks,
    double_open: bool,
    single_open: bool,
}

impl<'s> Quotes<'s> {
    fn new(source: &'s str, marks: QuoteMarks) -> Self {
        Quotes {
            source,
            marks,
            double_open: false,
            single_open: false,
        }
    }

    /// Quotes do not pair across paragraphs, headings, list items or table cells.
    fn end_block(&mut self) {
        self.double_open = false;
        self.single_open = false;
    }

    /// `text` is a text event of the source at `range`.
    fn convert<'a>(&mut self, text: CowStr<'a>, range: Range<usize>) -> CowStr<'a> {
        let straight = self.source.get(range.clone());
        if let (Some("\"" | "'"), Some(made)) = (straight, single_char(&text))
            && matches!(made, '“' | '”' | '‘' | '’')
        {
            let mark = self.straight(made == '“' || made == '”', range);
            return self.glyph(mark).to_string().into();
        }
        for c in text.chars() {
            self.typed(c);
        }
        text
    }

    /// The mark a straight quote at `range` stands for, pairing it with the open quotes.
    fn straight(&mut self, double: bool, range: Range<usize>) -> Mark {
        let before = self.source[..range.start].chars().next_back();
        let after = self.source[range.end..].chars().next();
        let space = |c: Option<char>| c.is_none_or(char::is_whitespace);
        let punctuation = |c: Option<char>| c.is_some_and(|c| !c.is_alphanumeric());
        // CommonMark's flanking rules, as pulldown-cmark applies them to quotes.
        let can_open =
            !space(after) && (!punctuation(after) || space(before) || punctuation(before));
        let can_close =
            !space(before) && (!punctuation(before) || space(after) || punctuation(after));
        let alphanumeric = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
        if double {
            if self.double_open && can_close {
                self.double_open = false;
                Mark::DoubleClose
            } else if can_open || !can_close {
                self.double_open = true;
                Mark::DoubleOpen
            } else {
                Mark::DoubleClose
            }
        } else if alphanumeric(before) && alphanumeric(after) {
            // geht's
            Mark::Apostrophe
        } else if !alphanumeric(before) && after.is_some_and(|c| c.is_ascii_digit()) {
            // '99
            Mark::Apostrophe
        } else if !alphanumeric(before) && is_elision(&self.source[range.end..]) {
            // 's ist spät, gib mir 'n Bier
            Mark::Apostrophe
        } else if self.single_open && can_close {
            self.single_open = false;
            Mark::SingleClose
        } else if can_open {
            self.single_open = true;
            Mark::SingleOpen
        } else {
            // Hans' Buch
            Mark::Apostrophe
        }
    }

    /// Follows the quotes the writer typed, so that a straight quote can close them. `“` and `‘`
    /// open in English but close in German: where they are the language's closing marks, they
    /// close an open quote and open otherwise.
    fn typed(&mut self, c: char) {
        match c {
            '„' => self.double_open = true,
            '”' => self.double_open = false,
            '“' => {
                self.double_open = !self.double_open || self.marks.double_close != '“';
            }
            '‚' => self.single_open = true,
            '‘' => {
                self.single_open = !self.single_open || self.marks.single_close != '‘';
            }
            _ => {}
        }
    }

    fn glyph(&self, mark: Mark) -> char {
        match mark {
            Mark::DoubleOpen => self.marks.double_open,
            Mark::DoubleClose => self.marks.double_close,
            Mark::SingleOpen => self.marks.single_open,
            Mark::SingleClose => self.marks.single_close,
            Mark::Apostrophe => '’',
        }
    }
}

/// Whether the text after a `'` is a word shortened at its start (`'s`, `'ne`, `'em`), not a
/// quotation. Only the common ones: a short quoted word such as `'ab'` is a quotation.
fn is_elision(after: &str) -> bool {
    const SHORTENED: [&str; 9] = ["s", "n", "ne", "nen", "nem", "ner", "em", "tis", "twas"];
    let word: String = after.chars().take_while(|c| c.is_alphanumeric()).collect();
    let next = after[word.len()..].chars().next();
    SHORTENED.contains(&word.as_str()) && next != Some('\'')
}

fn single_char(text: &str) -> Option<char> {
    let mut chars = text.chars();
    let c = chars.next()?;
    chars.next().is_none().then_some(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options() -> MarkdownOptions<'static> {
        MarkdownOptions {
            quotes: QuoteMarks::GERMAN,
            link_base: "https://example.org",
            footnote_prefix: "post",
            page_path: "/blog/post/",
            pictures: &images::NO_PICTURES,
            image_sizes: "100vw",
        }
    }

    fn english() -> MarkdownOptions<'static> {
        MarkdownOptions {
            quotes: QuoteMarks::ENGLISH,
            ..options()
        }
    }

    fn paragraph(markdown: &str, options: &MarkdownOptions) -> String {
        let html = render(markdown, options).html;
        html.trim()
            .strip_prefix("<p>")
            .and_then(|p| p.strip_suffix("</p>"))
            .unwrap_or(&html)
            .to_owned()
    }

    #[test]
    fn typed_quotes_stay_and_straight_ones_pair_with_them() {
        for (typed, german) in [
            (
                "Er sagte „Hallo Welt“ und ging.",
                "Er sagte „Hallo Welt“ und ging.",
            ),
            (
                "Er sagte „Hallo Welt\" und ging.",
                "Er sagte „Hallo Welt“ und ging.",
            ),
            (
                "Er sagte \"Hallo Welt“ und ging.",
                "Er sagte „Hallo Welt“ und ging.",
            ),
            (
                "Er sagte \"Hallo Welt\" und ging.",
                "Er sagte „Hallo Welt“ und ging.",
            ),
            ("„Hallo Welt\"", "„Hallo Welt“"),
            (
                "Sie sagte ‚single‘ und 'single'.",
                "Sie sagte ‚single‘ und ‚single‘.",
            ),
            ("‚Hallo Welt'", "‚Hallo Welt‘"),
            (
                "Wie geht's? Sommer '99 und Hans' Buch.",
                "Wie geht’s? Sommer ’99 und Hans’ Buch.",
            ),
            (
                "Gib mir 'n Bier, 's ist spät, 'ne Menge.",
                "Gib mir ’n Bier, ’s ist spät, ’ne Menge.",
            ),
            (
                "Sie rief 'los' und 'ab geht's'.",
                "Sie rief ‚los‘ und ‚ab geht’s‘.",
            ),
            (
                "'Geht's dir gut?', fragte sie.",
                "‚Geht’s dir gut?‘, fragte sie.",
            ),
            ("\"Er sagte 'geht's'\"", "„Er sagte ‚geht’s‘“"),
            (
                "\"*betont*\" und \"[Link](#a)\"",
                "„<em>betont</em>“ und „<a href=\"#a\">Link</a>“",
            ),
            ("Englisch “typed” bleibt.", "Englisch “typed” bleibt."),
        ] {
            assert_eq!(paragraph(typed, &options()), german, "German: {typed}");
        }
        for (typed, expected) in [
            ("He said \"hello\" and 'bye'.", "He said “hello” and ‘bye’."),
            ("He said “hello\" and left.", "He said “hello” and left."),
            ("It's the summer of '99.", "It’s the summer of ’99."),
            ("German „Hallo“ stays.", "German „Hallo“ stays."),
        ] {
            assert_eq!(paragraph(typed, &english()), expected, "English: {typed}");
        }
    }

    #[test]
    fn quotes_do_not_pair_across_paragraphs_or_into_code() {
        let html = render("\"Offen\n\nZu\" `\"code\"`", &options()).html;
        assert_eq!(html, "<p>„Offen</p>\n<p>Zu“ <code>\"code\"</code></p>\n");
    }

    #[test]
    fn german_quotes_and_apostrophes() {
        let html = render("Er sagte \"Hallo\" und 'bitte' – geht's?", &options()).html;
        assert!(
            html.contains("Er sagte „Hallo“ und ‚bitte‘ – geht’s?"),
            "{html}"
        );
    }

    #[test]
    fn headings_get_unique_ids() {
        let html = render(
            "## Größe zählt\n\n## Größe zählt\n\n## Eigen {#mein-id}",
            &options(),
        )
        .html;
        assert!(html.contains("<h2 id=\"groesse-zaehlt\">"), "{html}");
        assert!(html.contains("<h2 id=\"groesse-zaehlt-1\">"), "{html}");
        assert!(html.contains("<h2 id=\"mein-id\">"), "{html}");
    }

    #[test]
    fn numbered_heading_ids_skip_numbers_taken_by_other_headings() {
        let html = render("## x\n\n## x 1\n\n## x\n\n## x\n", &options()).html;
        let ids: Vec<&str> = html
            .split("id=\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .collect();
        assert_eq!(ids, ["x", "x-1", "x-2", "x-3"]);
    }

    /// 20,000 headings of one text took 45 s when each counted from 1 through the ids taken.
    #[test]
    fn many_identical_headings_cost_linear_work() {
        let mut ids = HeadingIds::default();
        for _ in 0..20_000 {
            ids.next("x");
        }
        assert_eq!(ids.next("x"), "x-20000");
        assert_eq!(ids.next_number["x"], 20_001, "one number tried per heading");
    }

    #[test]
    fn links_external_internal_and_email() {
        let html = render(
            "[a](https://x.org \"T\") [b](/blog/x/) [c](#anker) <info@example.org>",
            &options(),
        )
        .html;
        assert!(
            html.contains(r#"<a href="https://x.org" title="T" rel="noopener">a</a>"#),
            "{html}"
        );
        assert!(
            html.contains(r#"<a href="https://example.org/blog/x/">b</a>"#),
            "{html}"
        );
        assert!(html.contains(r##"<a href="#anker">c</a>"##), "{html}");
        assert!(
            html.contains(r#"<a href="mailto:info@example.org">"#),
            "{html}"
        );
    }

    #[test]
    fn footnotes_carry_the_prefix() {
        let html = render("Text[^quelle].\n\n[^quelle]: Eine Quelle.", &options()).html;
        assert!(
            html.contains(r##"<a href="#fn-post-quelle">1</a>"##),
            "{html}"
        );
        assert!(html.contains(r#"id="fn-post-quelle""#), "{html}");
    }

    #[test]
    fn summary_is_the_part_before_more_else_the_first_paragraph() {
        let with_more = render("Eins.\n\nZwei.\n\n<!-- more -->\n\nDrei.", &options());
        assert!(with_more.summary_html.contains("Zwei."));
        assert!(!with_more.summary_html.contains("Drei."));
        let without = render("# Titel\n\nErster Absatz.\n\nZweiter.", &options());
        assert_eq!(without.summary_html, "<p>Erster Absatz.</p>\n");
    }

    #[test]
    fn reading_time_counts_words() {
        let words = "wort ".repeat(401);
        assert_eq!(render(&words, &options()).reading_time, 3);
        assert_eq!(render("", &options()).reading_time, 1);
    }

    #[test]
    fn plain_text_keeps_words_and_link_targets() {
        let text = plain_text(
            "# Ort\n\nIm *Wirtshaus* [am Markt](https://example.org).\n\n- Bier\n- Brezn\n\nEnde.",
            QuoteMarks::GERMAN,
        );
        assert_eq!(
            text,
            "Ort\n\nIm Wirtshaus am Markt (https://example.org).\n\n- Bier\n- Brezn\n\nEnde."
        );
    }

    #[test]
    fn plain_text_pairs_quotes_as_the_html_does() {
        assert_eq!(
            plain_text(
                "Er sagte „Hallo Welt\" und 'tschüs'. Geht's?",
                QuoteMarks::GERMAN
            ),
            "Er sagte „Hallo Welt“ und ‚tschüs‘. Geht’s?"
        );
        assert_eq!(
            plain_text("\"Hi\" and 'bye'", QuoteMarks::ENGLISH),
            "“Hi” and ‘bye’"
        );
        assert_eq!(
            plain_text("```\nsay \"hi\"\n```\n\n\"Danach\"", QuoteMarks::GERMAN),
            "say \"hi\"\n\n„Danach“"
        );
    }

    #[test]
    fn extensions_are_on() {
        let html = render(
            "| a |\n|---|\n| b |\n\n~~weg~~\n\n- [x] erledigt",
            &options(),
        )
        .html;
        assert!(html.contains("<table>"));
        assert!(html.contains("<del>weg</del>"));
        assert!(html.contains("checkbox"));
    }
}
