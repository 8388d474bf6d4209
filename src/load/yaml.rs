//! Reading YAML (front matter and event files) into typed values: the one place that knows the
//! YAML library. Syntax errors are told in plain words at the line of the mistake, with the fix;
//! a key given twice in one map is an error naming both lines, as the library would silently
//! keep only the later one.

use std::cell::RefCell;
use std::collections::HashSet;
use std::fmt;

use serde::de::{self, DeserializeOwned, DeserializeSeed, Deserializer, Visitor};

use crate::diagnostic::{missing_key, unknown_key, unknown_value};

/// What is wrong with a YAML text and where: lines are counted in the whole file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub help: Option<String>,
}

/// Deserialises `yaml`, which starts on line `first_line` of its file (front matter starts on
/// line 2). An empty text is an empty map.
pub fn from_str<T: DeserializeOwned>(yaml: &str, first_line: usize) -> Result<T, Problem> {
    let yaml = if yaml.trim().is_empty() { "{}" } else { yaml };
    let shift = |mut problem: Problem| {
        problem.line += first_line - 1;
        problem
    };
    if let Some(problem) = control_character(yaml).or_else(|| nested_too_deeply(yaml)) {
        return Err(shift(problem));
    }
    if let Some(problem) = repeated_key(yaml, first_line) {
        return Err(shift(problem));
    }
    serde_yaml::from_str(yaml).map_err(|error| shift(explain(yaml, &error)))
}

/// The first character YAML does not allow (a control character such as NUL, or U+FFFE), at its
/// line and column: the library names only its byte offset, and at line 1.
fn control_character(yaml: &str) -> Option<Problem> {
    let allowed = |c: char| {
        matches!(c, '\t' | '\n' | '\r' | '\u{85}')
            || !(c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}')
    };
    let (index, text) = yaml
        .lines()
        .enumerate()
        .find(|(_, text)| !text.chars().all(allowed))?;
    let (column, c) = text.chars().enumerate().find(|&(_, c)| !allowed(c))?;
    Some(Problem {
        line: index + 1,
        column: column + 1,
        message: format!(
            "this line holds the control character U+{:04X}, which YAML does not allow",
            u32::from(c)
        ),
        help: Some(
            "remove it (most editors show it as nothing or as a small box); it often comes with text pasted from another program"
                .to_owned(),
        ),
    })
}

/// Brackets (`[`, `{`) open at once that no front matter or event needs; the library refuses
/// deeper values anyway, but its parser takes time quadratic in the depth before it gets there.
const DEEPEST: usize = 100;

const TOO_DEEP: &str = "the values here are nested too deeply";

/// The place where `yaml` opens more than [`DEEPEST`] brackets at once. Brackets in quoted or
/// plain text count too, which only matters for text holding a hundred unclosed ones.
fn nested_too_deeply(yaml: &str) -> Option<Problem> {
    let mut depth = 0usize;
    let (mut line, mut column) = (1, 0);
    for c in yaml.chars() {
        column += 1;
        match c {
            '\n' => (line, column) = (line + 1, 0),
            '[' | '{' => {
                depth += 1;
                if depth > DEEPEST {
                    return Some(Problem {
                        line,
                        column,
                        message: TOO_DEEP.to_owned(),
                        help: Some(format!(
                            "more than {DEEPEST} `[` or `{{` are open here; front matter and event files need a few at most"
                        )),
                    });
                }
            }
            ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// A deserialiser's message without the " at line L column C" that we show in our own form.
fn without_marks(message: &str) -> String {
    let mut message = message.to_owned();
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

// ---------------------------------------------------------------------------------------------
// Keys given twice

/// The first key that a map of `yaml` holds twice, reported at its second place and naming the
/// first. The YAML library accepts repeats (the later wins), so the document is walked twice
/// through it: once to find the repeat, and only then once more to find where the key came
/// first. Anything else wrong with the text is left to the typed reading that follows.
fn repeated_key(yaml: &str, first_line: usize) -> Option<Problem> {
    let walk = |target: Option<(usize, String)>| {
        let state = RefCell::new(Walk {
            maps: 0,
            target,
            repeated: None,
        });
        let result = Walker { state: &state }.deserialize(serde_yaml::Deserializer::from_str(yaml));
        let location = result.err().and_then(|error| error.location());
        (state.into_inner().repeated, location)
    };
    let (Some((map, key)), Some(again)) = walk(None) else {
        return None;
    };
    let (_, first) = walk(Some((map, key.clone())));
    let first = first?;
    let first_line_in_file = first.line() + first_line - 1;
    let again_line_in_file = again.line() + first_line - 1;
    let lines = if first_line_in_file == again_line_in_file {
        format!("twice on line {first_line_in_file}")
    } else {
        format!("on line {first_line_in_file} and again on line {again_line_in_file}")
    };
    let quoted_first = yaml
        .lines()
        .nth(first.line() - 1)
        .unwrap_or_default()
        .trim();
    Some(Problem {
        line: again.line(),
        column: again.column(),
        message: format!("the key `{key}` is given twice in the same place: {lines}"),
        help: Some(format!(
            "a key may appear only once in a map, else only the later one would count; merge the two or remove one (line {first_line_in_file} is `{quoted_first}`)"
        )),
    })
}

struct Walk {
    /// Maps entered so far, in document order: the same map has the same number in both walks.
    maps: usize,
    /// In the second walk, the key to stop at when it first appears in its map.
    target: Option<(usize, String)>,
    /// In the first walk, the map and key found twice.
    repeated: Option<(usize, String)>,
}

/// Visits any YAML value, entering every map and list.
#[derive(Clone, Copy)]
struct Walker<'a> {
    state: &'a RefCell<Walk>,
}

impl<'de> DeserializeSeed<'de> for Walker<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Walker<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_i128<E>(self, _: i128) -> Result<(), E> {
        Ok(())
    }
    fn visit_u128<E>(self, _: u128) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_none<E>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(self)?.is_some() {}
        Ok(())
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let number = {
            let mut state = self.state.borrow_mut();
            state.maps += 1;
            state.maps
        };
        let mut seen = HashSet::new();
        while map
            .next_key_seed(Key {
                walker: self,
                map: number,
                seen: &mut seen,
            })?
            .is_some()
        {
            map.next_value_seed(self)?;
        }
        Ok(())
    }

    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<(), A::Error> {
        // A tagged value (`!tag value`): its content may hold maps too.
        let (de::IgnoredAny, variant) = data.variant()?;
        de::VariantAccess::newtype_variant_seed(variant, self)
    }
}

/// A map's key, compared with the keys before it in the same map. The error is raised while the
/// key is read, so that the library places it at the key.
struct Key<'a, 'b> {
    walker: Walker<'a>,
    map: usize,
    seen: &'b mut HashSet<String>,
}

impl<'de> DeserializeSeed<'de> for Key<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl Key<'_, '_> {
    fn check<E: de::Error>(self, key: String) -> Result<(), E> {
        let mut state = self.walker.state.borrow_mut();
        if state.target.as_ref() == Some(&(self.map, key.clone())) {
            return Err(E::custom("first place of the repeated key"));
        }
        if self.seen.contains(&key) {
            state.repeated = Some((self.map, key));
            return Err(E::custom("repeated key"));
        }
        self.seen.insert(key);
        Ok(())
    }
}

impl<'de> Visitor<'de> for Key<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<(), E> {
        self.check(v.to_string())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<(), E> {
        self.check(v.to_string())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<(), E> {
        self.check(v.to_string())
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<(), E> {
        self.check(v.to_string())
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<(), E> {
        self.check(v.to_string())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<(), E> {
        self.check(v.to_string())
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        self.check(v.to_owned())
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.check("null".to_owned())
    }
    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.check("null".to_owned())
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
    // A list or map as a key is never compared, but the maps inside it are walked.
    fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        self.walker.visit_seq(seq)
    }
    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        self.walker.visit_map(map)
    }
    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<(), A::Error> {
        self.walker.visit_enum(data)
    }
}

// ---------------------------------------------------------------------------------------------
// Errors in plain words

/// The library's error, told in plain words at the place of the mistake. Lines are counted in
/// `yaml`.
fn explain(yaml: &str, error: &serde_yaml::Error) -> Problem {
    let text = error.to_string();
    let (line, column) = error
        .location()
        .map_or((1, 1), |location| (location.line(), location.column()));
    let at = |line: usize, column: usize, message: String, help: Option<String>| Problem {
        line,
        column,
        message,
        help,
    };
    let Some(syntax) = Syntax::read(&text, (line, column)) else {
        let message = without_marks(&text);
        return match unknown_key(&message) {
            Some((message, help)) => at(line, column, message, Some(help)),
            None if unknown_value(&message).is_some() => {
                let (message, help) = unknown_value(&message).unwrap_or((message, None));
                at(line, column, message, help)
            }
            None if missing_key(&message).is_some() => {
                at(line, column, missing_key(&message).unwrap_or(message), None)
            }
            None if message.contains("more than one document") => {
                let (line, column) = yaml
                    .lines()
                    .position(|l| l.trim_end() == "---" || l.trim_end() == "...")
                    .map_or((1, 1), |index| (index + 1, 1));
                at(
                    line,
                    column,
                    "a line `---` here starts a second YAML document".to_owned(),
                    Some(
                        "a file holds one: remove this line, or put the rest in a file of its own"
                            .to_owned(),
                    ),
                )
            }
            // The whole text is one value, not `key: value` lines: nearly always a key written
            // without its colon or without the space after it.
            None if message.starts_with("invalid type: ")
                && (message.contains("expected struct") || message.ends_with("expected a map")) =>
            {
                not_key_value_lines(yaml, &message)
            }
            None if message.contains(": invalid type: ") => match wrong_type(&message) {
                Some((message, help)) => at(line, column, message, help),
                None => at(line, column, message, None),
            },
            None if message.contains("recursion limit exceeded") => at(
                line,
                column,
                TOO_DEEP.to_owned(),
                Some(
                    "front matter and event files need a few levels of indentation at most"
                        .to_owned(),
                ),
            ),
            None if message.contains("repetition limit exceeded") => {
                // The library names no place: point at the first reference.
                let (line, column) = yaml
                    .lines()
                    .enumerate()
                    .find_map(|(index, text)| {
                        let at = text.match_indices('*').find(|(at, _)| {
                            *at == 0 || matches!(text.as_bytes()[at - 1], b' ' | b'[' | b',')
                        })?;
                        Some((index + 1, text[..at.0].chars().count() + 1))
                    })
                    .unwrap_or((line, column));
                at(
                line,
                column,
                "references (`*name`) repeat values here too often".to_owned(),
                Some(
                    "write the values out instead of repeating them through `&name` and `*name`"
                        .to_owned(),
                ),
            )
            }
            None => at(line, column, message, None),
        };
    };
    syntax.explain(yaml)
}

/// serde's "tags: invalid type: string \"Netzwerken\", expected a sequence" in plain words,
/// with the form the key takes.
fn wrong_type(message: &str) -> Option<(String, Option<String>)> {
    let (path, rest) = message.split_once(": invalid type: ")?;
    let (found, expected) = rest.rsplit_once(", expected ")?;
    let found_text = found
        .strip_prefix("string \"")
        .and_then(|text| text.strip_suffix('"'));
    let found_words = match found_text {
        Some(text) => format!("the text `{text}`"),
        None => match found.split_once(' ') {
            _ if found == "map" => "`key: value` lines".to_owned(),
            _ if found == "sequence" => "a list".to_owned(),
            _ if found == "unit value" => "nothing".to_owned(),
            Some(("integer" | "floating", value)) => format!(
                "the number {}",
                value.trim_start_matches("point ").trim_matches('`')
            ),
            Some(("boolean", value)) => value.to_owned(),
            _ => found.to_owned(),
        },
    };
    let key = path.rsplit('.').next().unwrap_or(path);
    let (expected_words, help) = match expected {
        "a sequence" => (
            "a list",
            Some(match found_text {
                Some(text) => format!(
                    "write `{key}: [{text}]`, or each entry on a line of its own below `{key}:`, as `  - {text}`"
                ),
                None => format!("write `{key}: [eins, zwei]`, or each entry on a line of its own below `{key}:`, as `  - eins`"),
            }),
        ),
        "a boolean" => (
            "`true` or `false`",
            Some(format!("write `{key}: true` or `{key}: false`")),
        ),
        "a string" => (
            "text",
            Some(match found {
                "map" => "write the text on the key's line; lines indented below a key make `key: value` lines".to_owned(),
                "sequence" => "write the text without `[ ]` or `- `, in quotes if it begins with `[`".to_owned(),
                _ => "write the text after the colon".to_owned(),
            }),
        ),
        expected if expected == "a map" || expected.starts_with("struct ") => (
            "`key: value` lines",
            Some(format!(
                "write the `key: value` lines below `{key}:`, indented with spaces"
            )),
        ),
        expected => (expected, None),
    };
    Some((
        format!("`{path}` takes {expected_words}, not {found_words}"),
        help,
    ))
}

/// For a text that is a single value rather than `key: value` lines: the first line, told what
/// it lacks.
fn not_key_value_lines(yaml: &str, message: &str) -> Problem {
    let (index, text) = yaml
        .lines()
        .enumerate()
        .find(|(_, text)| !text.trim().is_empty() && !text.trim_start().starts_with('#'))
        .unwrap_or((0, ""));
    let indent = text.len() - text.trim_start().len();
    let written = text.trim();
    let problem = |column: usize, message: &str, help: String| Problem {
        line: index + 1,
        column,
        message: message.to_owned(),
        help: Some(help),
    };
    if message.starts_with("invalid type: sequence") {
        return problem(
            indent + 1,
            "this must be `key: value` lines, not a list",
            "begin each line with a key, such as `title: ...`".to_owned(),
        );
    }
    match written.find(':') {
        Some(colon) if !written[colon + 1..].starts_with(' ') && colon + 1 < written.len() => {
            let key = &written[..colon];
            let value = &written[colon + 1..];
            problem(
                text[..indent + colon + 1].chars().count() + 1,
                "a key's colon needs a space after it",
                format!("write `{key}: {value}`"),
            )
        }
        _ => {
            let fix = match written.split_once(char::is_whitespace) {
                Some((key, value)) => {
                    format!("{}: {}", key.trim_end_matches(':'), value.trim_start())
                }
                None => "key: value".to_owned(),
            };
            problem(
                indent + 1,
                "a key needs a colon",
                format!(
                    "write `{fix}`; if this line continues the value above it, indent it with spaces"
                ),
            )
        }
    }
}

/// A syntax error from the YAML parser: what it found where, and what it was reading since where.
struct Syntax<'a> {
    problem: &'a str,
    at: (usize, usize),
    context: Option<&'a str>,
    /// Where the construct began that the parser was reading (the opening quote or bracket).
    since: (usize, usize),
}

impl<'a> Syntax<'a> {
    /// Parses the library's "PROBLEM at line L column C, CONTEXT at line L column C"; `None` for
    /// errors that are not about syntax (a wrong type, an unknown key).
    fn read(text: &'a str, at: (usize, usize)) -> Option<Syntax<'a>> {
        const PROBLEMS: [&str; 7] = [
            "did not find expected",
            "could not find expected",
            "found ",
            "mapping values are not allowed",
            "mapping keys are not allowed",
            "block sequence entries are not allowed",
            "unknown anchor",
        ];
        if !PROBLEMS.iter().any(|problem| text.starts_with(problem)) {
            return None;
        }
        let (first, context) = match text.split_once(", while ") {
            Some((first, context)) => (first, Some(context)),
            None => (text, None),
        };
        let problem = first.split(" at line ").next().unwrap_or(first);
        let problem = problem.split(" at position ").next().unwrap_or(problem);
        let (context, since) = match context {
            None => (None, (1, 1)),
            Some(context) => match context.split_once(" at line ") {
                // The library leaves out a mark at the very start of the text.
                None => (Some(context), (1, 1)),
                Some((context, mark)) => {
                    let mut numbers = mark
                        .split(" column ")
                        .map(|n| n.trim().parse::<usize>().unwrap_or(1));
                    let line = numbers.next().unwrap_or(1);
                    let column = numbers.next().unwrap_or(1);
                    (Some(context), (line, column))
                }
            },
        };
        Some(Syntax {
            problem,
            at,
            context,
            since,
        })
    }

    fn explain(&self, yaml: &str) -> Problem {
        let (line, column) = self.at;
        let line_text = |number: usize| yaml.lines().nth(number.saturating_sub(1)).unwrap_or("");
        let char_at = |(line, column): (usize, usize)| line_text(line).chars().nth(column - 1);
        let problem = |(line, column): (usize, usize), message: &str, help: String| Problem {
            line,
            column,
            message: message.to_owned(),
            help: Some(help),
        };
        let context = self.context.unwrap_or_default();

        if context.starts_with("scanning a quoted scalar") {
            return unclosed_quote_at(self.since, char_at(self.since).unwrap_or('"'));
        }
        // A quote left open runs on to the next quote of the text, and the parser stumbles later.
        if let Some((place, quote)) = first_unclosed_quote(yaml, line) {
            return unclosed_quote_at(place, quote);
        }
        if let Some(tab) = leading_tab(line_text(line), column)
            && (self.problem.contains("tab") || self.problem.contains("cannot start any token"))
        {
            return problem(
                (line, tab),
                "YAML does not allow tabs for indentation; use spaces",
                "replace the tab at the start of this line with spaces, as many as the lines above use for the same level".to_owned(),
            );
        }
        let reserved = |place: (usize, usize)| {
            match char_at(place) {
                // The text ended where a value was due: most often inside a bracket that a
                // comment cut short.
                None => {
                    return match last_open_bracket(yaml, place) {
                        Some(bracket) => unclosed_bracket(yaml, bracket),
                        None => problem(
                            place,
                            "a value is missing here",
                            "write the value, or remove what asks for it".to_owned(),
                        ),
                    };
                }
                Some(',') => {
                    return problem(
                        place,
                        "a value is missing before this `,`",
                        "remove the extra comma, or write the value before it".to_owned(),
                    );
                }
                Some(':') => {
                    return problem(
                        place,
                        "a key is missing before this `:`",
                        "write the key before the colon, as in `title: ...`".to_owned(),
                    );
                }
                Some('\t') => {
                    return problem(
                        place,
                        "YAML does not allow a tab here; use spaces",
                        "replace the tab with a space".to_owned(),
                    );
                }
                _ => {}
            }
            let found = match char_at(place) {
                Some('`') | None => "a backtick".to_owned(),
                Some(found) => format!("`{found}`"),
            };
            problem(
                place,
                &format!("a value cannot begin with {found} unless it is in quotes"),
                format!(
                    "put the value in quotes: `{}`",
                    quote_value(line_text(place.0), place.1)
                ),
            )
        };
        // Characters that start a YAML construct (`&a`, `*a`, `!tag`, `%DIRECTIVE`) where the
        // writer meant plain text.
        if [
            "scanning an anchor",
            "scanning an alias",
            "scanning a tag",
            "parsing a tag",
            "scanning a directive",
            "scanning a %",
        ]
        .iter()
        .any(|construct| context.starts_with(construct))
            || self.problem == "found undefined tag handle"
        {
            return reserved(self.since);
        }
        if context.starts_with("scanning a block scalar") {
            return problem(
                self.since,
                "after `|` or `>`, the text begins on the next line",
                "write the text on the lines below, indented with spaces; or, if the value itself begins with `|` or `>`, put it in quotes".to_owned(),
            );
        }
        match self.problem {
            "could not find expected ':'" if context.starts_with("scanning a simple key") => {
                let written = line_text(self.since.0).trim();
                let fix = match written.split_once(char::is_whitespace) {
                    Some((key, value)) => format!("{key}: {}", value.trim_start()),
                    None => "key: value".to_owned(),
                };
                problem(
                    self.since,
                    "a key needs a colon",
                    format!(
                        "write `{fix}`; if this line continues the value above it, indent it with spaces"
                    ),
                )
            }
            "did not find expected ',' or ']'" | "did not find expected ',' or '}'" => {
                unclosed_bracket(yaml, self.since)
            }
            "found character that cannot start any token" | "did not find expected node content" => {
                reserved(self.at)
            }
            "found unexpected ':'" | "mapping keys are not allowed in this context" => problem(
                self.at,
                "a `:` or `?` inside a value needs quotes around the value",
                format!("put the value in quotes: `{}`", quote_value(line_text(line), value_start(line_text(line)).map_or(1, |at| line_text(line)[..at].chars().count() + 1))),
            ),
            "unknown anchor" => problem(
                self.at,
                "a value cannot begin with `*` unless it is in quotes (YAML reads `*name` as a reference)",
                format!("put the value in quotes: `{}`", quote_value(line_text(line), column)),
            ),
            "found unknown escape character" => problem(
                self.at,
                "a backslash in double quotes starts an escape such as `\\n`, and this one is not known",
                "write `\\\\` for a backslash, or put the value in single quotes instead: 'C:\\Vereine'".to_owned(),
            ),
            "mapping values are not allowed in this context" => {
                let text = line_text(line);
                let before: String = text.chars().take(column - 1).collect();
                if before.contains(": ") {
                    problem(
                        self.at,
                        "a value that contains `: ` must be in quotes",
                        format!("write `{}`", quote_value(text, before.find(": ").map_or(1, |i| before[..i + 2].chars().count() + 1))),
                    )
                } else {
                    let indent = text.len() - text.trim_start().len();
                    problem(
                        (line, indent + 1),
                        "this line is indented more than the key above it",
                        "keys of one map start in the same column: remove the extra spaces at the start of this line, or, if it continues the value above, put that value in quotes".to_owned(),
                    )
                }
            }
            "block sequence entries are not allowed in this context" => problem(
                self.at,
                "a list entry `- ` cannot stand on the same line as its key",
                "write the key alone (`tags:`) and each entry on a line of its own below it, indented: `  - Netzwerken`; or write `tags: [Netzwerken]`".to_owned(),
            ),
            "did not find expected key" | "did not find expected '-' indicator" => {
                let text = line_text(line);
                let found = char_at(self.at);
                let before = text.chars().take(column - 1).collect::<String>();
                let indent = text.len() - text.trim_start().len();
                if matches!(found, Some(']' | '}')) {
                    problem(
                        self.at,
                        &format!("this `{}` closes nothing", found.unwrap_or(']')),
                        "remove it, or check that every `[` and `{` before it is closed once".to_owned(),
                    )
                } else if before.trim_end().ends_with(['"', '\'']) {
                    problem(
                        self.at,
                        "a quoted value ends at its closing quote, but text follows it",
                        "to use quotes inside a value, put the whole value in single quotes ('Er sagte \"Hallo\"'), or write each inner \" as \\\" inside double quotes".to_owned(),
                    )
                } else if text.trim_start().starts_with(": ") || text.trim() == ":" {
                    problem(
                        (line, indent + 1),
                        "a key is missing before this `:`",
                        "write the key before the colon, as in `title: ...`".to_owned(),
                    )
                } else if text.trim_start().starts_with("- ") || text.trim() == "-" {
                    problem(
                        (line, indent + 1),
                        "a list entry must follow a key that has nothing after its colon",
                        "write the key alone on its line (`tags:`) with the entries indented below it".to_owned(),
                    )
                } else {
                    problem(
                        (line, indent + 1),
                        "this line is indented differently from the lines above it",
                        "keys of one map start in the same column, and a value on the lines below its key is indented further; use spaces".to_owned(),
                    )
                }
            }
            _ => {
                let context = self
                    .context
                    .map(|context| format!(", while {context}"))
                    .unwrap_or_default();
                Problem {
                    line,
                    column,
                    message: format!("the YAML cannot be read here: {}{context}", self.problem),
                    help: None,
                }
            }
        }
    }
}

/// The `[` or `{` at `place` (1-based line and column in `yaml`) that is never closed.
fn unclosed_bracket(yaml: &str, place: (usize, usize)) -> Problem {
    let line = yaml.lines().nth(place.0 - 1).unwrap_or_default();
    let bracket = line.chars().nth(place.1 - 1).unwrap_or('[');
    let mut help = if bracket == '{' {
        "end it with `}` on the same line, or write each `key: value` on a line of its own"
            .to_owned()
    } else {
        "end the list with `]` on the same line, e.g. `tags: [Netzwerken, Praxis]`, or write each entry on a line of its own starting with `- `".to_owned()
    };
    if line.contains(" #") || line.contains("[#") || line.contains(",#") {
        help.push_str("; a `#` after a space starts a comment that hides the rest of the line, so put a value with `#` in quotes: `\"#eins\"`");
    }
    Problem {
        line: place.0,
        column: place.1,
        message: format!("the `{bracket}` opened here is never closed"),
        help: Some(help),
    }
}

/// The last `[` or `{` before `place` that no `]` or `}` closes, not counting comments.
fn last_open_bracket(yaml: &str, place: (usize, usize)) -> Option<(usize, usize)> {
    let mut open = Vec::new();
    for (index, line) in yaml.lines().take(place.0).enumerate() {
        let mut previous = ' ';
        for (column, c) in line.chars().enumerate() {
            match c {
                // Where a value may begin, the parser takes `#` for a comment.
                '#' if previous.is_whitespace() || matches!(previous, '[' | '{' | ',') => break,
                '[' | '{' => open.push((index + 1, column + 1)),
                ']' | '}' => {
                    open.pop();
                }
                _ => {}
            }
            previous = c;
        }
    }
    open.pop()
}

fn unclosed_quote_at(place: (usize, usize), quote: char) -> Problem {
    Problem {
        line: place.0,
        column: place.1,
        message: "the quote opened here is never closed".to_owned(),
        help: Some(format!(
            "end the value with a matching {quote} on the same line{}",
            if quote == '"' {
                "; a \" inside the value is written \\\""
            } else {
                "; a ' inside the value is written ''"
            }
        )),
    }
}

/// The place and kind of the first quote, on lines up to `last_line`, that opens a value and is
/// never closed: no closing quote follows, or the next one stands on a later line with more text
/// after it (so it was meant to open a later value). A value that spans lines inside its quotes
/// and ends at its closing quote is fine.
fn first_unclosed_quote(yaml: &str, last_line: usize) -> Option<((usize, usize), char)> {
    let mut line_start = 0;
    // Lines that start before this offset lie inside a quoted value that spans lines.
    let mut inside_until = 0;
    for (index, text) in yaml.split('\n').enumerate().take(last_line) {
        let start = line_start;
        line_start += text.len() + 1;
        if start < inside_until {
            continue;
        }
        let Some(value_start) = value_start(text) else {
            continue;
        };
        let Some(quote) = text[value_start..]
            .chars()
            .next()
            .filter(|c| matches!(c, '"' | '\''))
        else {
            continue;
        };
        let place = (index + 1, text[..value_start].chars().count() + 1);
        let after_opening = start + value_start + 1;
        let Some(closing) = closing_quote(&yaml[after_opening..], quote) else {
            return Some((place, quote));
        };
        let closing = after_opening + closing;
        if !yaml[after_opening..closing].contains('\n') {
            continue;
        }
        let after = yaml[closing + 1..]
            .split('\n')
            .next()
            .unwrap_or_default()
            .trim();
        if after.is_empty() || after.starts_with('#') {
            inside_until = closing;
        } else {
            return Some((place, quote));
        }
    }
    None
}

/// Where the value of a `key: value` line or a `- value` list entry begins, in bytes.
fn value_start(text: &str) -> Option<usize> {
    let trimmed = text.trim_start();
    let rest = match trimmed.strip_prefix("- ") {
        Some(rest) => rest,
        None => {
            let colon = text.find(": ")?;
            if text[..colon].trim_start().starts_with(['"', '\'']) {
                return None;
            }
            &text[colon + 2..]
        }
    };
    Some(text.len() - rest.trim_start().len())
}

/// The byte offset in `rest` (what follows an opening quote) of its closing quote.
fn closing_quote(rest: &str, quote: char) -> Option<usize> {
    let mut chars = rest.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        match (quote, c) {
            ('"', '\\') => {
                chars.next();
            }
            ('\'', '\'') if chars.peek().is_some_and(|(_, next)| *next == '\'') => {
                chars.next();
            }
            _ if c == quote => return Some(at),
            _ => {}
        }
    }
    None
}

/// The column of a tab among the spaces that indent `line`, when there is one before `column`
/// (or at its start).
fn leading_tab(line: &str, column: usize) -> Option<usize> {
    line.chars()
        .take_while(|c| c.is_whitespace())
        .position(|c| c == '\t')
        .map(|index| index + 1)
        .filter(|tab| *tab <= column.max(1))
}

/// `line` with its value from `column` on put in double quotes.
fn quote_value(line: &str, column: usize) -> String {
    let split = line
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(line.len(), |(i, _)| i);
    let key = line[..split].trim_start();
    let value = line[split..]
        .trim_end()
        .replace('\\', "\\\\")
        .replace('"', "\\\"");
    format!("{key}\"{value}\"")
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    fn problem(yaml: &str) -> Problem {
        from_str::<BTreeMap<String, serde_yaml::Value>>(yaml, 1).unwrap_err()
    }

    #[test]
    fn a_control_character_is_shown_where_it_is() {
        assert_eq!(
            problem("title: a\ndate: 1\nsummary: a\u{0}b\n"),
            Problem {
                line: 3,
                column: 11,
                message: "this line holds the control character U+0000, which YAML does not allow"
                    .to_owned(),
                help: Some("remove it (most editors show it as nothing or as a small box); it often comes with text pasted from another program".to_owned()),
            }
        );
        assert_eq!(problem("a: \u{7f}\n").column, 4);
        assert!(from_str::<BTreeMap<String, String>>("a: \"x\ty\"\r\nb: x\u{a0}y\n", 1).is_ok());
    }

    #[test]
    fn marks_are_removed_from_messages() {
        assert_eq!(
            without_marks("invalid type: string at line 3 column 7, expected x"),
            "invalid type: string, expected x"
        );
    }

    #[test]
    fn a_repeated_key_names_both_lines() {
        let found = problem("title: a\ndate: 1\ntitle: b\n");
        assert_eq!((found.line, found.column), (3, 1));
        assert_eq!(
            found.message,
            "the key `title` is given twice in the same place: on line 1 and again on line 3"
        );
        let found =
            problem("changes:\n  2026-12-08:\n    status: cancelled\n  2026-12-08:\n    note: x\n");
        assert_eq!((found.line, found.column), (4, 3));
        assert!(
            found.message.contains("on line 2 and again on line 4"),
            "{found:?}"
        );
    }

    #[test]
    fn deep_nesting_and_alias_bombs_are_refused_in_words() {
        let deep = format!("a: {}1{}\n", "[".repeat(200), "]".repeat(200));
        let found = problem(&deep);
        assert_eq!(
            (found.line, found.column, found.message.as_str()),
            (1, 104, "the values here are nested too deeply")
        );
        // A hundred thousand levels are refused at once, not after a quadratic parse.
        let started = std::time::Instant::now();
        let deep = format!("a: {}1{}\n", "{a: ".repeat(100_000), "}".repeat(100_000));
        assert_eq!(problem(&deep).line, 1);
        assert!(started.elapsed() < std::time::Duration::from_secs(2));
        // Block nesting is deep only with lines that grow, and the library's limit holds it.
        let block: String = (0..200)
            .map(|level| format!("{}a:\n", " ".repeat(level)))
            .collect();
        assert_eq!(
            problem(&block).message,
            "the values here are nested too deeply"
        );
        let mut bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n".to_owned();
        for level in b'b'..=b'j' {
            let previous = char::from(level - 1);
            let level = char::from(level);
            bomb.push_str(&format!(
                "{level}: &{level} [*{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}]\n"
            ));
        }
        let found = problem(&bomb);
        assert_eq!(
            (found.line, found.column, found.message.as_str()),
            (2, 8, "references (`*name`) repeat values here too often")
        );
    }

    #[test]
    fn a_quoted_value_over_several_lines_is_not_taken_for_an_unclosed_quote() {
        let found = problem("summary: \"eins\n  zwei\"\ntitle: x\ncategory Praxis\n");
        assert_eq!(
            (found.line, found.message.as_str()),
            (4, "a key needs a colon")
        );
        let found = problem("title: \"a\" b\n");
        assert_eq!(
            found.message,
            "a quoted value ends at its closing quote, but text follows it"
        );
        let found = problem("title: 'It''s\ndate: 1\nsummary: 'x'\n");
        assert_eq!(
            (found.line, found.column, found.message.as_str()),
            (1, 8, "the quote opened here is never closed")
        );
    }

    #[test]
    fn reserved_characters_and_missing_spaces_are_explained() {
        let cases = [
            (
                "title:\"Hallo\"\ndate: 1\n",
                (1, 7),
                "a key's colon needs a space after it",
            ),
            (
                "- eins\n- zwei\n",
                (1, 1),
                "this must be `key: value` lines, not a list",
            ),
            (
                "title: & Co\n",
                (1, 8),
                "a value cannot begin with `&` unless it is in quotes",
            ),
            (
                "title: |x\n",
                (1, 8),
                "after `|` or `>`, the text begins on the next line",
            ),
            (
                "tags: [a, , b]\n",
                (1, 11),
                "a value is missing before this `,`",
            ),
            (
                "title: x\n: y\n",
                (2, 1),
                "a key is missing before this `:`",
            ),
        ];
        for (yaml, place, message) in cases {
            let found = problem(yaml);
            assert_eq!(
                ((found.line, found.column), found.message.as_str()),
                (place, message),
                "{yaml:?}"
            );
        }
        assert_eq!(
            problem("title:\"Hallo\"\n").help.as_deref(),
            Some("write `title: \"Hallo\"`")
        );
    }

    #[test]
    fn wrong_types_are_told_with_the_form_expected() {
        #[derive(serde::Deserialize, Debug)]
        #[expect(dead_code, reason = "only read to see its type errors")]
        struct Front {
            tags: Option<Vec<String>>,
            draft: Option<bool>,
            title: Option<String>,
        }
        let told = |yaml: &str| {
            let found = from_str::<Front>(yaml, 2).unwrap_err();
            (
                found.line,
                found.column,
                found.message,
                found.help.unwrap_or_default(),
            )
        };
        assert_eq!(
            told("tags: Netzwerken\n"),
            (
                2,
                7,
                "`tags` takes a list, not the text `Netzwerken`".to_owned(),
                "write `tags: [Netzwerken]`, or each entry on a line of its own below `tags:`, as `  - Netzwerken`".to_owned()
            )
        );
        assert_eq!(
            told("draft: ja\n").2,
            "`draft` takes `true` or `false`, not the text `ja`"
        );
        assert_eq!(
            told("title:\n  a: 1\n").2,
            "`title` takes text, not `key: value` lines"
        );
    }

    #[test]
    fn the_same_key_in_different_maps_is_fine() {
        let yaml = "a:\n  x: 1\nb:\n  x: 2\nc: [{x: 1}, {x: 2}]\n";
        assert!(from_str::<BTreeMap<String, serde_yaml::Value>>(yaml, 1).is_ok());
    }
}
