//! Problems found in a site's input, each located at a file, line and column, and their display.

use std::fmt;
use std::path::{Path, PathBuf};

use anstyle::Style;

/// One problem in one input file or command-line option, pointing at the place to fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Where the problem is: a file or a command-line option.
    pub origin: Origin,
    /// 1-based line and column, when the problem has a place inside the file.
    pub position: Option<Position>,
    /// What is wrong, naming the value at fault.
    pub message: String,
    /// What was expected or how to fix it.
    pub help: Option<String>,
    /// The offending line of the file (a part of it, when it is long), shown under the message.
    /// Boxed, so that a `Result` carrying a diagnostic stays small.
    pub source_line: Option<Box<Quote>>,
}

/// What a diagnostic is about.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Origin {
    /// A file, as the user knows it (relative to the site root where possible).
    File(PathBuf),
    /// A command-line option, such as `--base-url`.
    Option(&'static str),
}

impl Origin {
    /// How the origin is shown and sorted: an option by its name, among the files' paths.
    pub fn as_path(&self) -> &Path {
        match self {
            Origin::File(file) => file,
            Origin::Option(name) => Path::new(name),
        }
    }
}

impl Ord for Origin {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_path().cmp(other.as_path())
    }
}

impl PartialOrd for Origin {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// The part of a line that a diagnostic shows, with the place of its caret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    pub text: String,
    /// 1-based, in characters of `text`.
    pub caret: usize,
}

impl Quote {
    /// Characters shown of a long line: a line of thousands of characters (a list written on
    /// one line) is quoted around the column, so each message stays short however long it is.
    const WIDTH: usize = 100;

    /// `line` quoted with the caret at the 1-based `column`.
    pub fn of(line: &str, column: usize) -> Quote {
        let line = line.trim_end();
        let length = line.chars().count();
        if length <= Self::WIDTH + Self::WIDTH / 5 {
            return Quote {
                text: line.to_owned(),
                caret: column,
            };
        }
        let start = column
            .saturating_sub(1)
            .saturating_sub(Self::WIDTH / 2)
            .min(length - Self::WIDTH);
        let mut text = String::new();
        if start > 0 {
            text.push('…');
        }
        text.extend(line.chars().skip(start).take(Self::WIDTH));
        if start + Self::WIDTH < length {
            text.push('…');
        }
        Quote {
            text,
            caret: column - start + usize::from(start > 0),
        }
    }
}

/// Where a value was written: its file, line and column and the line itself, kept with the
/// value so that a later stage (rendering, which reads no source) can report a problem there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written(Diagnostic);

impl Written {
    /// The place `located` points at (its message is not kept).
    pub fn at(located: Diagnostic) -> Written {
        Written(Diagnostic {
            message: String::new(),
            help: None,
            ..located
        })
    }

    /// A problem with the value written here.
    pub fn problem(&self, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            message: message.into(),
            ..self.0.clone()
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl Diagnostic {
    /// A problem with the file `file`.
    pub fn new(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic::of(Origin::File(file.into()), message)
    }

    /// A problem with the command-line option `name` (`--base-url`).
    pub fn option(name: &'static str, message: impl Into<String>) -> Self {
        Diagnostic::of(Origin::Option(name), message)
    }

    fn of(origin: Origin, message: impl Into<String>) -> Self {
        Diagnostic {
            origin,
            position: None,
            message: message.into(),
            help: None,
            source_line: None,
        }
    }

    /// Places the diagnostic at a 1-based line and column of `source`, quoting that line.
    pub fn at(mut self, source: &str, line: usize, column: usize) -> Self {
        self.position = Some(Position { line, column });
        self.source_line = source
            .lines()
            .nth(line.saturating_sub(1))
            .map(|text| Box::new(Quote::of(text, column)));
        self
    }

    /// Places the diagnostic at a byte offset of `source`.
    pub fn at_offset(self, source: &str, offset: usize) -> Self {
        let Position { line, column } = position_of_offset(source, offset);
        self.at(source, line, column)
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// The 1-based line and column (counted in characters) of a byte offset.
pub fn position_of_offset(source: &str, offset: usize) -> Position {
    let mut offset = offset.min(source.len());
    while !source.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    Position { line, column }
}

/// How the parts of a diagnostic look: plain in files, logs and the preview's overlay; coloured
/// by the command line on a terminal.
#[derive(Debug, Clone, Copy)]
pub struct Palette {
    pub error: Style,
    pub location: Style,
    pub gutter: Style,
    pub help: Style,
}

impl Palette {
    pub const PLAIN: Palette = Palette {
        error: Style::new(),
        location: Style::new(),
        gutter: Style::new(),
        help: Style::new(),
    };
}

/// A diagnostic or a list of them written with a [`Palette`].
pub struct Styled<'a, T> {
    item: &'a T,
    palette: Palette,
}

impl Diagnostic {
    pub fn styled(&self, palette: Palette) -> Styled<'_, Diagnostic> {
        Styled {
            item: self,
            palette,
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.styled(Palette::PLAIN).fmt(f)
    }
}

impl fmt::Display for Styled<'_, Diagnostic> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Palette {
            location,
            gutter,
            help: help_style,
            error,
        } = self.palette;
        let diagnostic = self.item;
        write!(f, "{location}{}", diagnostic.origin.as_path().display())?;
        if let Some(Position { line, column }) = diagnostic.position {
            write!(f, ":{line}:{column}")?;
        }
        write!(f, "{location:#}: {}", diagnostic.message)?;
        if let (Some(Position { line, .. }), Some(Quote { text, caret })) =
            (diagnostic.position, diagnostic.source_line.as_deref())
        {
            let number = line.to_string();
            let caret_indent: String = text
                .chars()
                .take(caret.saturating_sub(1))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            let margin = " ".repeat(number.len());
            write!(
                f,
                "\n{gutter} {margin} |{gutter:#}\n{gutter} {number} |{gutter:#} {text}\n{gutter} {margin} |{gutter:#} {caret_indent}{error}^{error:#}"
            )?;
        }
        if let Some(help) = &diagnostic.help {
            write!(f, "\n  {help_style}= help:{help_style:#} {help}")?;
        }
        Ok(())
    }
}

/// Every problem a stage found, so that one run reports all broken files at once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }

    /// By file, then place.
    pub fn sort(&mut self) {
        self.0.sort_by(|a, b| {
            (&a.origin, a.position, &a.message).cmp(&(&b.origin, b.position, &b.message))
        });
    }

    /// `Ok(value)` when nothing was found, otherwise every problem sorted by file and place.
    pub fn into_result<T>(mut self, value: T) -> Result<T, Diagnostics> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            self.sort();
            // Stages that read the same folder (posts and events below content/) find its
            // problem once each; it is reported once.
            self.0.dedup();
            Err(self)
        }
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(diagnostic: Diagnostic) -> Self {
        Diagnostics(vec![diagnostic])
    }
}

impl FromIterator<Diagnostic> for Diagnostics {
    fn from_iter<I: IntoIterator<Item = Diagnostic>>(iter: I) -> Self {
        Diagnostics(iter.into_iter().collect())
    }
}

impl Diagnostics {
    pub fn styled(&self, palette: Palette) -> Styled<'_, Diagnostics> {
        Styled {
            item: self,
            palette,
        }
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.styled(Palette::PLAIN).fmt(f)
    }
}

impl fmt::Display for Styled<'_, Diagnostics> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let error = self.palette.error;
        for (i, diagnostic) in self.item.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            writeln!(
                f,
                "{error}error:{error:#} {}",
                diagnostic.styled(self.palette)
            )?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

/// `path` relative to `root` when it lies inside it, for messages the user can click.
pub fn display_path(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// A TOML error located in `source`, in plain words for an unknown key.
pub fn toml_diagnostic(file: &Path, source: &str, error: &toml::de::Error) -> Diagnostic {
    let message = error.message().trim().to_owned();
    let repeated = || {
        let span = error.span()?;
        (message == "duplicate key")
            .then(|| toml_repeated_key(source, span.start))
            .flatten()
    };
    if let Some((offset, message, help)) = error
        .span()
        .and_then(|span| toml_syntax(source, span.start, &message))
    {
        return Diagnostic::new(file, message)
            .with_help(help)
            .at_offset(source, offset);
    }
    let diagnostic = match unknown_key(&message).or_else(repeated) {
        Some((message, help)) => Diagnostic::new(file, message).with_help(help),
        None => Diagnostic::new(file, missing_key(&message).unwrap_or(message)),
    };
    match error.span() {
        Some(span) => diagnostic.at_offset(source, span.start),
        None => diagnostic,
    }
}

/// The TOML parser's syntax errors that writers meet most, in plain words with the fix: the
/// place to show (an offset in `source`), the message and the help. The parser stumbles at the
/// end of the line; an unclosed quote or bracket is shown where it opens.
fn toml_syntax(source: &str, offset: usize, message: &str) -> Option<(usize, String, String)> {
    let offset = offset.min(source.len());
    let line_start = source[..offset].rfind('\n').map_or(0, |at| at + 1);
    let line_end = source[offset..]
        .find('\n')
        .map_or(source.len(), |at| offset + at);
    let line = source[line_start..line_end].trim_end_matches('\r');
    let (key, value) = match line.split_once('=') {
        Some((key, value)) => (key.trim(), value.trim()),
        None => (line.trim(), ""),
    };
    let opening = |c: char| line.find(c).map(|at| line_start + at);
    // `line` has no `\r` at its end, which the parser may point at.
    let (before, after) = line
        .split_at_checked(offset - line_start)
        .unwrap_or((line, ""));
    match message {
        "invalid basic string, expected `\"`" | "invalid literal string, expected `'`" => {
            let quote = if message.contains("basic") { '"' } else { '\'' };
            let inside = if quote == '"' {
                "a \" inside the value is written \\\""
            } else {
                "a value with ' inside is written in \"…\" instead"
            };
            Some((
                before.rfind(quote).map_or(offset, |at| line_start + at),
                "the quote opened here is never closed".to_owned(),
                format!("end the value with a matching {quote} on the same line; {inside}"),
            ))
        }
        "key with no value, expected `=`" => {
            let written = before.trim();
            let rest = after.trim();
            let help = if rest.is_empty() {
                format!("write `{written} = ` and the value, e.g. `{written} = \"…\"`, or remove the line")
            } else if rest.starts_with(['"', '\'', '[', '{']) || rest.parse::<f64>().is_ok() || rest == "true" || rest == "false" {
                format!("write `{written} = {rest}`")
            } else {
                "a key has no spaces (write `_` instead) and is followed by `=` and the value, e.g. `title = \"…\"`".to_owned()
            };
            Some((offset, "a key needs `=` between it and its value".to_owned(), help))
        }
        "string values must be quoted, expected literal string" if value.is_empty() => Some((
            offset,
            format!("`{key}` has no value after `=`"),
            "write the value after `=` (a number, `true` or `false`, or text in quotes such as `\"…\"`), or remove the line".to_owned(),
        )),
        "string values must be quoted, expected literal string" => Some((
            offset,
            "text values must be in quotes".to_owned(),
            format!("write `{key} = \"{value}\"`"),
        )),
        "unclosed table, expected `]`" | "unclosed array of tables, expected `]]`" => Some((
            opening('[').unwrap_or(offset),
            "the `[` opened here is never closed".to_owned(),
            format!("end the table's name with `]` on the same line, e.g. `[{}]`", key.trim_start_matches('[').trim()),
        )),
        "unexpected key or value, expected newline, `#`" => Some((
            offset,
            "there is more on this line after the value".to_owned(),
            "put each `key = value` on a line of its own; text with spaces goes in quotes, and a comment starts with `#`".to_owned(),
        )),
        _ => None,
    }
}

/// For TOML's bare "duplicate key" at `offset`, a message naming the key or table and both of
/// its lines, with the fix.
fn toml_repeated_key(source: &str, offset: usize) -> Option<(String, String)> {
    let Position { line, column } = position_of_offset(source, offset);
    let lines: Vec<&str> = source.lines().collect();
    let text = lines.get(line - 1)?;
    let is_header = |text: &str| text.trim_start().starts_with('[');
    let header_name = |text: &str| -> String {
        text.trim()
            .trim_start_matches('[')
            .split(']')
            .next()
            .unwrap_or_default()
            .split('.')
            .map(str::trim)
            .collect::<Vec<_>>()
            .join(".")
    };
    if is_header(text) {
        let name = header_name(text);
        let first = lines[..line - 1]
            .iter()
            .position(|earlier| is_header(earlier) && header_name(earlier) == name)?;
        return Some((
            format!(
                "the table `[{name}]` is given twice: on line {} and again on line {line}",
                first + 1
            ),
            format!("write all keys of `[{name}]` below one `[{name}]` line"),
        ));
    }
    let key: String = text
        .chars()
        .skip(column - 1)
        .take_while(|c| !matches!(c, '=' | ' ' | '\t'))
        .collect();
    let key = key.trim_matches(['"', '\'']);
    let table_start = lines[..line - 1]
        .iter()
        .rposition(|earlier| is_header(earlier))
        .map_or(0, |header| header + 1);
    let first = (table_start..line - 1).find(|&index| {
        lines[index]
            .trim_start()
            .trim_start_matches(['"', '\''])
            .strip_prefix(key)
            .is_some_and(|rest| {
                rest.trim_start_matches(['"', '\''])
                    .trim_start()
                    .starts_with('=')
            })
    })?;
    Some((
        format!(
            "the key `{key}` is given twice: on line {} and again on line {line}",
            first + 1
        ),
        "a key may appear only once in a table: keep the one you mean and remove the other"
            .to_owned(),
    ))
}

/// serde's "unknown field `tittle`, expected one of `title`, ..." as a message naming the key and
/// a help line with the closest allowed key (a typo, or the German word for it) or else the keys
/// allowed there, listed once.
pub fn unknown_key(message: &str) -> Option<(String, String)> {
    let (prefix, rest) = message.split_once("unknown field `")?;
    let unknown = rest.split('`').next()?;
    let allowed: Vec<&str> = rest
        .split_once("expected ")
        .map(|(_, allowed)| allowed.split('`').skip(1).step_by(2).collect())
        .unwrap_or_default();
    let lower = unknown.to_lowercase();
    let german = GERMAN_KEYS
        .iter()
        .filter(|(word, _)| *word == lower)
        .flat_map(|(_, meant)| meant.iter())
        .find(|meant| allowed.contains(meant));
    let typo = || closest(&lower, allowed.iter().copied());
    let help = match (german, typo()) {
        (Some(meant), _) => format!("did you mean `{meant}`? Keys are written in English"),
        (None, Some(meant)) => format!("did you mean `{meant}`?"),
        (None, None) if allowed.is_empty() => "remove this key".to_owned(),
        (None, None) => format!(
            "the keys allowed here are {}",
            allowed
                .iter()
                .map(|key| format!("`{key}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    Some((format!("{prefix}unknown key `{unknown}`"), help))
}

/// The one of `known` that `written` is most likely a typo of, if any is close enough.
pub fn closest<'a>(written: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = written.to_lowercase();
    known
        .into_iter()
        .map(|known| (strsim::damerau_levenshtein(&lower, known), known))
        .filter(|(distance, known)| *distance <= 2.max(known.len() / 3))
        .min()
        .map(|(_, known)| known)
}

/// serde's "missing field `title`" in words: "the required key `title` is missing".
pub fn missing_key(message: &str) -> Option<String> {
    let (prefix, rest) = message.split_once("missing field `")?;
    let key = rest.split('`').next()?;
    Some(format!("{prefix}the required key `{key}` is missing"))
}

/// serde's "status: unknown variant `abgesagt`, expected one of `confirmed`, ..." as a message
/// naming the allowed values once, with the one meant (a typo, or the German word) as help.
pub fn unknown_value(message: &str) -> Option<(String, Option<String>)> {
    let (path, rest) = message.split_once("unknown variant `")?;
    let written = rest.split('`').next()?;
    let allowed: Vec<&str> = rest
        .split_once("expected ")
        .map(|(_, allowed)| allowed.split('`').skip(1).step_by(2).collect())
        .unwrap_or_default();
    let key = path.trim_end_matches(": ");
    let lower = written.to_lowercase();
    let meant = GERMAN_VALUES
        .iter()
        .find(|(word, meant)| *word == lower && allowed.contains(meant))
        .map(|(_, meant)| *meant)
        .or_else(|| closest(&lower, allowed.iter().copied()));
    let listed = allowed
        .iter()
        .map(|value| format!("`{value}`"))
        .collect::<Vec<_>>()
        .join(", ");
    Some((
        format!("`{key}` is one of {listed}, not `{written}`"),
        meant.map(|meant| format!("did you mean `{meant}`?")),
    ))
}

/// German words for the values of `status`.
const GERMAN_VALUES: &[(&str, &str)] = &[
    ("abgesagt", "cancelled"),
    ("ausgefallen", "cancelled"),
    ("fällt aus", "cancelled"),
    ("storniert", "cancelled"),
    ("bestätigt", "confirmed"),
    ("findet statt", "confirmed"),
    ("vorläufig", "tentative"),
    ("unsicher", "tentative"),
    ("geplant", "tentative"),
];

/// German names writers give keys, with the keys they mean (the first one allowed is offered).
const GERMAN_KEYS: &[(&str, &[&str])] = &[
    ("titel", &["title"]),
    ("überschrift", &["title"]),
    ("name", &["title"]),
    ("datum", &["date"]),
    ("aktualisiert", &["updated"]),
    ("geändert", &["updated"]),
    ("autor", &["author"]),
    ("autorin", &["author"]),
    ("verfasser", &["author"]),
    ("verfasserin", &["author"]),
    ("schlagwörter", &["tags"]),
    ("schlagworte", &["tags"]),
    ("schlagwort", &["tags"]),
    ("stichwörter", &["tags"]),
    ("stichworte", &["tags"]),
    ("kategorie", &["category", "categories"]),
    ("kategorien", &["categories", "category"]),
    ("rubrik", &["category", "categories"]),
    ("zusammenfassung", &["summary"]),
    ("kurzfassung", &["summary"]),
    ("beschreibung", &["description", "summary"]),
    ("entwurf", &["draft"]),
    ("adresse", &["slug", "url"]),
    ("termine", &["events"]),
    ("veranstaltungen", &["events"]),
    ("veranstaltungsort", &["location", "venue"]),
    ("wiederholung", &["repeat"]),
    ("wiederholen", &["repeat"]),
    ("beginn", &["start"]),
    ("anfang", &["start"]),
    ("ende", &["end"]),
    ("dauer", &["duration"]),
    ("zeitzone", &["timezone"]),
    ("ausnahmen", &["except"]),
    ("ausnahme", &["except"]),
    ("änderungen", &["changes"]),
    ("änderung", &["changes"]),
    ("veranstalter", &["organizer"]),
    ("veranstalterin", &["organizer"]),
    ("organisator", &["organizer"]),
    ("koordinaten", &["geo"]),
    ("notiz", &["note"]),
    ("hinweis", &["note"]),
    ("bemerkung", &["note"]),
    ("zustand", &["status"]),
    ("sprache", &["language"]),
    ("beiträge_pro_seite", &["posts_per_page"]),
    ("pfad", &["path"]),
    ("e-mail", &["email"]),
    ("mail", &["email"]),
    ("folge", &["sequence"]),
    ("thema", &["theme"]),
    ("straße", &["street"]),
    ("strasse", &["street"]),
    ("plz", &["postal_code"]),
    ("postleitzahl", &["postal_code"]),
    ("stadt", &["city"]),
    ("bundesland", &["region"]),
    ("land", &["country"]),
    ("webseite", &["url"]),
    ("anmeldung", &["registration"]),
    ("preis", &["price"]),
    ("kosten", &["price"]),
    ("währung", &["currency"]),
    ("frist", &["deadline"]),
    ("anmeldeschluss", &["deadline"]),
    ("ausgebucht", &["full"]),
    ("ort", &["location", "city"]),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_option_is_named_and_sorted_like_a_file_of_that_name() {
        let option = Diagnostic::option("--base-url", "`foo` is not an http or https address");
        assert_eq!(
            option.to_string(),
            "--base-url: `foo` is not an http or https address"
        );
        let mut problems: Diagnostics = [
            Diagnostic::new("site.toml", "b"),
            option,
            Diagnostic::new("+notiz.md", "c"),
        ]
        .into_iter()
        .collect();
        problems.sort();
        let origins: Vec<String> = problems
            .iter()
            .map(|problem| problem.origin.as_path().display().to_string())
            .collect();
        // By bytes, as paths sort: `+` before `-` before letters.
        assert_eq!(origins, ["+notiz.md", "--base-url", "site.toml"]);
    }

    #[test]
    fn offsets_become_lines_and_character_columns() {
        let source = "a: 1\nbö: x\n";
        assert_eq!(
            position_of_offset(source, 9),
            Position { line: 2, column: 4 }
        );
        assert_eq!(
            position_of_offset(source, 0),
            Position { line: 1, column: 1 }
        );
    }

    #[test]
    fn display_quotes_the_line_with_a_caret() {
        let d = Diagnostic::new("content/posts/a.md", "unknown field `tittle`")
            .at("---\ntittle: x\n", 2, 1)
            .with_help("did you mean `title`?");
        let shown = d.to_string();
        assert!(shown.starts_with("content/posts/a.md:2:1: unknown field `tittle`"));
        assert!(shown.contains(" 2 | tittle: x\n   | ^"));
        assert!(shown.ends_with("= help: did you mean `title`?"));
    }

    #[test]
    fn a_long_line_is_quoted_around_the_column() {
        let line = format!("except: [{}]", "2026-01-01, ".repeat(1000));
        let d = Diagnostic::new("e.yaml", "x").at(&line, 1, 6010);
        let quote = d.source_line.clone().unwrap();
        assert_eq!(quote.text.chars().count(), 102);
        assert!(quote.text.starts_with('…') && quote.text.ends_with('…'));
        let from_caret: String = quote.text.chars().skip(quote.caret - 1).collect();
        let from_column: String = line.chars().skip(6009).take(20).collect();
        assert!(from_caret.starts_with(&from_column), "{from_caret}");
        assert!(d.to_string().len() < 300);
        let short = Diagnostic::new("a.md", "x").at("title: x", 1, 8);
        assert_eq!(
            short.source_line.as_deref(),
            Some(&Quote {
                text: "title: x".into(),
                caret: 8
            })
        );
    }

    #[test]
    fn unknown_values_name_the_allowed_ones_and_the_one_meant() {
        let message = "status: unknown variant `abgesagt`, expected one of `confirmed`, `tentative`, `cancelled`";
        assert_eq!(
            unknown_value(message),
            Some((
                "`status` is one of `confirmed`, `tentative`, `cancelled`, not `abgesagt`"
                    .to_owned(),
                Some("did you mean `cancelled`?".to_owned())
            ))
        );
        let message = "changes.2026-01-20.status: unknown variant `canceled`, expected one of `confirmed`, `tentative`, `cancelled`";
        assert_eq!(
            unknown_value(message).and_then(|(_, help)| help).as_deref(),
            Some("did you mean `cancelled`?")
        );
    }

    #[test]
    fn unknown_keys_get_a_suggestion_and_the_list_once() {
        let message = "unknown field `tittle`, expected one of `title`, `date`, `tags`";
        assert_eq!(
            unknown_key(message),
            Some((
                "unknown key `tittle`".to_owned(),
                "did you mean `title`?".to_owned()
            ))
        );
        let message = "unknown field `kategorie`, expected one of `title`, `category`";
        assert_eq!(
            unknown_key(message).map(|(_, help)| help).as_deref(),
            Some("did you mean `category`? Keys are written in English")
        );
        let message = "organizer: unknown field `colour`, expected `name` or `email`";
        assert_eq!(
            unknown_key(message),
            Some((
                "organizer: unknown key `colour`".to_owned(),
                "the keys allowed here are `name`, `email`".to_owned()
            ))
        );
    }
}
