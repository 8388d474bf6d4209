//! Problems found in a site's input, each located at a file, line and column, and their display.

use std::fmt;
use std::path::{Path, PathBuf};

use anstyle::Style;

/// One problem in one input file, pointing at the place to fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file, as the user knows it (relative to the site root where possible).
    pub file: PathBuf,
    /// 1-based line and column, when the problem has a place inside the file.
    pub position: Option<Position>,
    /// What is wrong, naming the value at fault.
    pub message: String,
    /// What was expected or how to fix it.
    pub help: Option<String>,
    /// The offending line of the file, shown under the message.
    pub source_line: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl Diagnostic {
    pub fn new(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.into(),
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
            .map(str::to_owned);
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
        write!(f, "{location}{}", diagnostic.file.display())?;
        if let Some(Position { line, column }) = diagnostic.position {
            write!(f, ":{line}:{column}")?;
        }
        write!(f, "{location:#}: {}", diagnostic.message)?;
        if let (Some(Position { line, column }), Some(text)) =
            (diagnostic.position, &diagnostic.source_line)
        {
            let number = line.to_string();
            let text = text.trim_end();
            let caret_indent: String = text
                .chars()
                .take(column.saturating_sub(1))
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
            (&a.file, a.position, &a.message).cmp(&(&b.file, b.position, &b.message))
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

/// A YAML error's message without the " at line L column C" that we show in our own form.
pub fn yaml_message(error: &serde_yaml::Error) -> String {
    let mut message = error.to_string();
    while let Some(start) = message.find(" at line ") {
        let rest = &message[start + " at line ".len()..];
        let end_of_mark = rest
            .find(" column ")
            .map(|i| {
                let digits = rest[i + " column ".len()..]
                    .find(|c: char| !c.is_ascii_digit())
                    .unwrap_or(rest.len() - i - " column ".len());
                start + " at line ".len() + i + " column ".len() + digits
            })
            .unwrap_or(message.len());
        message.replace_range(start..end_of_mark, "");
    }
    message
}

/// A TOML error located in `source`, with a suggestion when a key is misspelt.
pub fn toml_diagnostic(file: &Path, source: &str, error: &toml::de::Error) -> Diagnostic {
    let message = error.message().trim().to_owned();
    let mut diagnostic = Diagnostic::new(file, message.clone());
    diagnostic.help = suggest_known_field(&message);
    match error.span() {
        Some(span) => diagnostic.at_offset(source, span.start),
        None => diagnostic,
    }
}

/// For serde's "unknown field `tittle`, expected one of `title`, ..." the closest allowed key,
/// as a help line: a typo should be fixed in one look.
pub fn suggest_known_field(message: &str) -> Option<String> {
    let unknown = message.split("unknown field `").nth(1)?.split('`').next()?;
    let allowed = message
        .split("expected one of ")
        .nth(1)
        .or_else(|| message.split("expected ").nth(1))?;
    allowed
        .split('`')
        .skip(1)
        .step_by(2)
        .map(|known| (strsim::damerau_levenshtein(unknown, known), known))
        .filter(|(distance, known)| *distance <= 2.max(known.len() / 3))
        .min()
        .map(|(_, known)| format!("did you mean `{known}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn misspelt_keys_get_a_suggestion() {
        let message = "unknown field `tittle`, expected one of `title`, `date`, `tags`";
        assert_eq!(
            suggest_known_field(message).as_deref(),
            Some("did you mean `title`?")
        );
        let message = "unknown field `colour`, expected one of `title`, `date`";
        assert_eq!(suggest_known_field(message), None);
    }

    #[test]
    fn yaml_locations_are_removed_from_messages() {
        let error = serde_yaml::from_str::<Vec<u8>>("a: [").unwrap_err();
        let message = yaml_message(&error);
        assert!(!message.contains("at line"), "{message}");
    }
}
