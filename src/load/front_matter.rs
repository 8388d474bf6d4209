//! Splitting a Markdown file into its YAML front matter and body, and reading the front matter
//! into a typed struct with errors located in the file.

use std::path::Path;

use serde::de::{self, DeserializeOwned};

use super::yaml;
use crate::diagnostic::Diagnostic;

/// A file cut at its `---` fences; line numbers are 1-based within the whole file.
#[derive(Debug)]
pub struct Document<'a> {
    pub source: &'a str,
    pub yaml: &'a str,
    pub yaml_first_line: usize,
    pub body: &'a str,
}

const FENCE_HELP: &str = "start the file with a line `---`, then `key: value` lines such as `title: ...`, then another `---` line, then the text";

pub fn split<'a>(file: &Path, source: &'a str) -> Result<Document<'a>, Diagnostic> {
    let without_bom = source.strip_prefix('\u{feff}').unwrap_or(source);
    let mut lines = line_spans(without_bom);
    let opening = lines.next().map(|(start, end)| &without_bom[start..end]);
    if opening.map(str::trim_end) != Some("---") {
        return Err(
            Diagnostic::new(file, "the file does not start with front matter")
                .at(source, 1, 1)
                .with_help(FENCE_HELP),
        );
    }
    let yaml_start = lines.clone().next().map_or(without_bom.len(), |(s, _)| s);
    for (start, end) in lines {
        let line = without_bom[start..end].trim_end();
        if line == "---" || line == "..." {
            let body_start = without_bom[end..]
                .find('\n')
                .map_or(without_bom.len(), |i| end + i + 1);
            return Ok(Document {
                source: without_bom,
                yaml: &without_bom[yaml_start..start],
                yaml_first_line: 2,
                body: &without_bom[body_start..],
            });
        }
    }
    Err(Diagnostic::new(file, "the front matter is never closed")
        .at(source, 1, 1)
        .with_help("end the front matter with a line `---` before the text begins"))
}

/// Byte ranges of each line without its line break.
fn line_spans(text: &str) -> impl Iterator<Item = (usize, usize)> + Clone + '_ {
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= text.len() {
            return None;
        }
        let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let span = (start, end.min(text.len()));
        start = end + 1;
        Some((
            span.0,
            span.1
                .saturating_sub(usize::from(text[..span.1].ends_with('\r'))),
        ))
    })
}

impl<'a> Document<'a> {
    /// A file that is YAML through and through, such as an event.
    pub fn whole_yaml(source: &'a str) -> Document<'a> {
        Document {
            source,
            yaml: source,
            yaml_first_line: 1,
            body: "",
        }
    }

    /// Deserialises the front matter; a YAML or type error is located in the whole file.
    /// `keys_help` names the keys, for a required one that is missing.
    pub fn parse<T: DeserializeOwned>(
        &self,
        file: &Path,
        keys_help: &str,
    ) -> Result<T, Diagnostic> {
        yaml::from_str(self.yaml, self.yaml_first_line).map_err(|problem| {
            let mut diagnostic = Diagnostic::new(file, problem.message).at(
                self.source,
                problem.line,
                problem.column,
            );
            diagnostic.help = problem.help.or_else(|| {
                diagnostic
                    .message
                    .contains("the required key")
                    .then(|| keys_help.to_owned())
            });
            diagnostic
        })
    }

    /// The 1-based line and column of a top-level `key:` in the front matter, for problems found
    /// after parsing (a date in a daylight-saving gap, an empty title).
    pub fn locate_key(&self, key: &str) -> (usize, usize) {
        self.key_line(key).map_or((1, 1), |index| {
            let line = &self.yaml.lines().nth(index).unwrap_or_default();
            let value_column = line.find(':').map_or(0, |colon| {
                colon + 1 + (line[colon + 1..].len() - line[colon + 1..].trim_start().len())
            });
            (
                index + self.yaml_first_line,
                line[..value_column].chars().count() + 1,
            )
        })
    }

    /// The index among the front matter's lines of the line of the top-level `key`.
    fn key_line(&self, key: &str) -> Option<usize> {
        self.yaml.lines().position(|line| {
            line.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
    }

    /// Where byte `offset` of `value`, the text the top-level `key` holds, is written: its offset
    /// in the whole file, for a problem found in the text (an image of an event's description).
    /// The text may be a block (`|` or `>`, one line of text per line of the file, however
    /// folded) or follow the key on its line (plain or quoted); `None` where it is not written as
    /// it reads (an escape such as `\"` before the offset), so the caller points at the key.
    pub fn value_offset(&self, key: &str, value: &str, offset: usize) -> Option<usize> {
        let yaml_start = self.yaml.as_ptr() as usize - self.source.as_ptr() as usize;
        let mut lines = line_spans(self.yaml).skip(self.key_line(key)?);
        let (key_start, key_end) = lines.next()?;
        let key_text = &self.yaml[key_start..key_end];
        let after_colon = key_start + key_text.find(':')? + 1;
        let written = self.yaml[after_colon..key_end].trim_start();
        let value_start = key_end - written.len();
        // The lines of text with where each starts in the front matter.
        let segments: Vec<(usize, &str)> = match written.chars().next() {
            Some('|' | '>') => {
                let explicit = written[1..]
                    .chars()
                    .find_map(|c| c.to_digit(10))
                    .map(|digit| digit as usize);
                let indent_of = |line: &str| line.len() - line.trim_start_matches(' ').len();
                let mut indent = explicit;
                let mut segments = Vec::new();
                for (start, end) in lines {
                    let line = &self.yaml[start..end];
                    if line.trim().is_empty() {
                        continue;
                    }
                    let own = indent_of(line);
                    let wanted = *indent.get_or_insert(own);
                    // A line indented less (the next key) ends the block.
                    if wanted == 0 || own < wanted {
                        break;
                    }
                    segments.push((start + wanted, &line[wanted..]));
                }
                segments
            }
            Some(first) => {
                let quoted = matches!(first, '"' | '\'');
                let first_line = (
                    value_start + usize::from(quoted),
                    &written[usize::from(quoted)..],
                );
                // A plain or quoted text goes on over the lines indented below the key.
                let more = lines
                    .map(|(start, end)| (start, &self.yaml[start..end]))
                    .filter(|(_, line)| !line.trim().is_empty())
                    .take_while(|(_, line)| line.starts_with([' ', '\t']))
                    .map(|(start, line)| {
                        let text = line.trim_start();
                        (start + line.len() - text.len(), text)
                    });
                std::iter::once(first_line).chain(more).collect()
            }
            None => return None,
        };
        let mut cursor = 0;
        for (at, segment) in segments {
            // Lines of text are joined with line breaks or, folded, with spaces: the segment
            // starts after some of those, where most of it matches.
            let separators = value[cursor..]
                .bytes()
                .take_while(|b| matches!(b, b' ' | b'\n'))
                .count();
            let (start, matched) = (cursor..=cursor + separators)
                .map(|start| (start, common_prefix(&value[start..], segment)))
                .max_by_key(|&(start, matched)| (matched, std::cmp::Reverse(start)))?;
            if matched == 0 {
                return None;
            }
            if (start..start + matched).contains(&offset) {
                return Some(yaml_start + at + offset - start);
            }
            cursor = start + matched;
        }
        None
    }

    /// The 1-based line and column of the entry `repeat` of the list under `key` that comes
    /// after its entry `first`: the text is searched for them as whole words after the key.
    /// Falls back to the key itself when they cannot be told apart.
    pub fn locate_list_entry(&self, key: &str, first: &str, repeat: &str) -> (usize, usize) {
        let (key_line, key_column) = self.locate_key(key);
        let Some(key_offset) = line_spans(self.source)
            .nth(key_line - 1)
            .map(|(start, _)| start)
        else {
            return (key_line, key_column);
        };
        let word_at = |text: &str, from: usize| {
            self.source[from..]
                .match_indices(text)
                .map(|(offset, _)| from + offset)
                .find(|&at| {
                    let before = self.source[..at].chars().next_back();
                    let after = self.source[at + text.len()..].chars().next();
                    let part_of_word = |c: Option<char>| {
                        c.is_some_and(|c| c.is_alphanumeric() || c == '-' || c == '_')
                    };
                    !part_of_word(before) && !part_of_word(after)
                })
        };
        let Some(repeat_at) =
            word_at(first, key_offset).and_then(|first_at| word_at(repeat, first_at + first.len()))
        else {
            return (key_line, key_column);
        };
        let line = self.source[..repeat_at].matches('\n').count() + 1;
        let line_start = self.source[..repeat_at].rfind('\n').map_or(0, |i| i + 1);
        (line, self.source[line_start..repeat_at].chars().count() + 1)
    }

    /// A diagnostic pointing at the value of `key`.
    pub fn problem_at_key(&self, file: &Path, key: &str, message: String) -> Diagnostic {
        let (line, column) = self.locate_key(key);
        Diagnostic::new(file, message).at(self.source, line, column)
    }
}

/// How many bytes `a` and `b` begin with alike, in whole characters.
fn common_prefix(a: &str, b: &str) -> usize {
    a.char_indices()
        .zip(b.chars())
        .find(|((_, x), y)| x != y)
        .map_or_else(|| a.len().min(b.len()), |((at, _), _)| at)
}

/// The most characters a title may have. Every page repeats its title a dozen times (its head,
/// share previews, share links, listings, feeds), so a title of megabytes would make pages of
/// tens of megabytes; no real title comes near this.
pub const MOST_TITLE_CHARS: usize = 1_000;

/// A title as written in a post, page or event: at most [`MOST_TITLE_CHARS`] characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Title(pub String);

impl<'de> de::Deserialize<'de> for Title {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_parsed(deserializer, "a title", |text| {
            let chars = text.chars().count();
            if chars > MOST_TITLE_CHARS {
                return Err(format!(
                    "it has {chars} characters, more than the {MOST_TITLE_CHARS} a title may have: every page repeats its title in its head, share links and listings; keep the title short and put the rest in the text"
                ));
            }
            Ok(Title(text.to_owned()))
        })
    }
}

/// Deserialises a YAML string through `parse`. A parse error becomes a serde error, so the YAML
/// reader places it at the value in the file.
pub fn deserialize_parsed<'de, D, T>(
    deserializer: D,
    expecting: &'static str,
    parse: fn(&str) -> Result<T, String>,
) -> Result<T, D::Error>
where
    D: de::Deserializer<'de>,
{
    struct Visitor<T> {
        expecting: &'static str,
        parse: fn(&str) -> Result<T, String>,
    }
    impl<T> de::Visitor<'_> for Visitor<T> {
        type Value = T;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str(self.expecting)
        }
        fn visit_str<E: de::Error>(self, text: &str) -> Result<T, E> {
            (self.parse)(text).map_err(E::custom)
        }
    }
    deserializer.deserialize_str(Visitor { expecting, parse })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_body_with_crlf() {
        let doc = split(Path::new("a.md"), "---\r\ntitle: x\r\n---\r\nBody\r\n").unwrap();
        assert_eq!(doc.yaml, "title: x\r\n");
        assert_eq!(doc.body, "Body\r\n");
    }

    #[test]
    fn missing_fences_are_errors() {
        assert!(split(Path::new("a.md"), "title: x\n").is_err());
        assert!(split(Path::new("a.md"), "---\ntitle: x\n").is_err());
    }

    /// Where the text `key` holds is written: for each image of the text (`![`), the place in
    /// the file that `value_offset` gives, and the place it is written.
    fn images_placed(source: &str, key: &str) -> Vec<(Option<usize>, usize)> {
        let doc = Document::whole_yaml(source);
        let mapping: std::collections::HashMap<String, String> = yaml::from_str(source, 1).unwrap();
        let value = &mapping[key];
        let written = source.match_indices("![").map(|(at, _)| at);
        value
            .match_indices("![")
            .map(|(offset, _)| doc.value_offset(key, value, offset))
            .zip(written)
            .collect()
    }

    #[test]
    fn the_text_of_a_key_is_placed_in_the_file_in_every_style() {
        let sources = [
            "title: x\ndescription: |\n  Erste Zeile.\n\n  ![A](a.jpg) und\n    eingerückt ![B](b.jpg)\nend: 1\n",
            "title: x\ndescription: >-\n   Ein Satz,\n   gefaltet ![A](a.jpg)\n\n   Neuer Absatz ![B](b.jpg)\n\n\n     mehr ![C](c.jpg)\n",
            "description: |2\n    ![A](a.jpg)\n",
            "description: \"Der Saal: ![A](a.jpg)\"\n",
            "description: 'Der Saal: ![A](a.jpg)'\n",
            "description: Der Saal ![A](a.jpg)\n",
            "description: Der Saal\n  und mehr ![A](a.jpg)\n",
        ];
        for source in sources {
            let placed = images_placed(source, "description");
            assert_eq!(placed.len(), source.matches("![").count(), "{source}");
            for (placed, written) in placed {
                assert_eq!(placed, Some(written), "{source}");
            }
        }
        // An escape before the image: the text is not written as it reads.
        let escaped = "description: \"Ein \\\"Saal\\\": ![A](a.jpg)\"\n";
        assert_eq!(images_placed(escaped, "description")[0].0, None);
    }

    #[test]
    fn keys_are_located_at_their_value() {
        let doc = split(
            Path::new("a.md"),
            "---\ntitle: x\ndate:   2026-01-01\n---\n",
        )
        .unwrap();
        assert_eq!(doc.locate_key("date"), (3, 9));
    }
}
