//! The hostile changes made to a copy of a good site: one per case, chosen by a seeded generator
//! so that every case can be made again from its seed alone.

use std::fs;
use std::path::{Path, PathBuf};

/// SplitMix64: small, seedable and the same on every machine, which is all a fuzzer needs.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// What a mutation did, and what the issue demands of the result.
pub struct Applied {
    /// One line for the report: the kind of change, the file and the detail.
    pub description: String,
    /// The input is broken beyond doubt (invalid UTF-8, a duplicate key, a duration beyond a
    /// year, an unreadable or looping file): the build must refuse it with exit 1.
    pub must_fail: bool,
    /// The change is one of the file system's (a name, a folder, a link, a permission) that has
    /// no line to point at: an error naming only the path is located enough.
    pub path_only: bool,
    /// The paths (relative to the site) the change created or altered, as an error may name them.
    pub touched: Vec<PathBuf>,
}

/// The input files a writer edits: `site.toml`, posts and pages, event files.
fn text_files(site: &Path) -> Vec<PathBuf> {
    let mut files = vec![PathBuf::from("site.toml")];
    let mut stack = vec![site.join("content")];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("md" | "yaml" | "yml")
            ) {
                files.push(path.strip_prefix(site).unwrap().to_path_buf());
            }
        }
    }
    files.sort();
    files
}

/// The posts, pages and event files (every input file but `site.toml`).
fn content_files(site: &Path) -> Vec<PathBuf> {
    let mut files = text_files(site);
    files.retain(|file| file != Path::new("site.toml"));
    files
}

/// The input files with the extension; any content file where the site has none (the calendar
/// fixture has no posts).
fn files_with_extension(site: &Path, extension: &str) -> Vec<PathBuf> {
    let files: Vec<PathBuf> = content_files(site)
        .into_iter()
        .filter(|file| file.extension().is_some_and(|e| e == extension))
        .collect();
    if files.is_empty() {
        content_files(site)
    } else {
        files
    }
}

/// The byte range of a file's lines that hold YAML or TOML: the front matter of a Markdown file
/// (with its fences), the whole of any other.
fn structured_lines(file: &Path, lines: &[&[u8]]) -> std::ops::Range<usize> {
    if file.extension().is_some_and(|e| e == "md") && lines.first() == Some(&&b"---"[..]) {
        let close = lines[1..]
            .iter()
            .position(|line| *line == b"---")
            .map_or(lines.len(), |i| i + 2);
        0..close
    } else {
        0..lines.len()
    }
}

fn split_lines(bytes: &[u8]) -> Vec<&[u8]> {
    let mut lines: Vec<&[u8]> = bytes.split(|&b| b == b'\n').collect();
    if lines.last().is_some_and(|line| line.is_empty()) {
        lines.pop();
    }
    lines
}

fn join_lines(lines: &[Vec<u8>]) -> Vec<u8> {
    let mut out = Vec::new();
    for line in lines {
        out.extend_from_slice(line);
        out.push(b'\n');
    }
    out
}

/// Writes `bytes` to `file` and describes the change; invalid UTF-8 always must fail.
fn rewrite(site: &Path, file: &Path, bytes: Vec<u8>, kind: &str, detail: String) -> Applied {
    let must_fail = std::str::from_utf8(&bytes).is_err();
    fs::write(site.join(file), bytes).unwrap();
    Applied {
        description: format!("{kind} in {}: {detail}", file.display()),
        must_fail,
        path_only: false,
        touched: vec![file.to_path_buf()],
    }
}

/// One kind of hostile change.
type Mutation = fn(&Path, &mut Rng) -> Applied;

/// Applies one mutation, chosen by `rng`, to the site in `site`.
pub fn mutate(site: &Path, rng: &mut Rng) -> Applied {
    let kinds: [(u64, Mutation); 11] = [
        (20, flip_bytes),
        (15, truncate),
        (8, invalid_utf8),
        (8, huge_value),
        (6, many_values),
        (5, deep_nesting),
        (5, yaml_aliases),
        (10, duplicate_key),
        (8, hostile_name),
        (6, wrong_kind_of_entry),
        (6, symlink),
    ];
    let total: u64 = kinds.iter().map(|(weight, _)| weight).sum();
    let mut roll = rng.next() % total;
    for (weight, mutation) in kinds {
        if roll < weight {
            return mutation(site, rng);
        }
        roll -= weight;
    }
    unreachable!("the weights add up to the total")
}

fn flip_bytes(site: &Path, rng: &mut Rng) -> Applied {
    let file = rng.pick(&text_files(site)).clone();
    let mut bytes = fs::read(site.join(&file)).unwrap();
    let lines = split_lines(&bytes);
    let structured = structured_lines(&file, &lines);
    let structured_end: usize = lines[..structured.end].iter().map(|l| l.len() + 1).sum();
    let mut detail = Vec::new();
    for _ in 0..1 + rng.below(3) {
        let within = if rng.chance(75) && structured_end > 0 {
            structured_end.min(bytes.len())
        } else {
            bytes.len()
        };
        if within == 0 {
            break;
        }
        let at = rng.below(within);
        let old = bytes[at];
        bytes[at] = if rng.chance(40) {
            old ^ (1 << rng.below(8))
        } else {
            *rng.pick(b":- \n\"'[]{}#&*!|>\t0123456789%@`,?\\")
        };
        detail.push(format!("byte {at} {old:#04x}->{:#04x}", bytes[at]));
    }
    rewrite(site, &file, bytes, "byte flip", detail.join(", "))
}

fn truncate(site: &Path, rng: &mut Rng) -> Applied {
    let file = rng.pick(&text_files(site)).clone();
    let bytes = fs::read(site.join(&file)).unwrap();
    let lines = split_lines(&bytes);
    let structured = structured_lines(&file, &lines);
    let keep = rng.below(structured.end.max(1));
    let mut kept: Vec<Vec<u8>> = lines[..keep].iter().map(|l| l.to_vec()).collect();
    let mut detail = format!("kept {keep} lines");
    if let Some(next) = lines
        .get(keep)
        .filter(|line| !line.is_empty() && rng.chance(50))
    {
        let text = String::from_utf8_lossy(next);
        let cut = text
            .char_indices()
            .map(|(i, _)| i)
            .nth(rng.below(text.chars().count()))
            .unwrap_or(0);
        detail.push_str(&format!(" and {cut} bytes of line {}", keep + 1));
        let mut out = join_lines(&kept);
        out.extend_from_slice(&text.as_bytes()[..cut]);
        return rewrite(site, &file, out, "truncation", detail);
    }
    if rng.chance(30) {
        kept.push(Vec::new());
    }
    rewrite(site, &file, join_lines(&kept), "truncation", detail)
}

/// Bytes that are not UTF-8, as editors and old systems write them: Latin-1 umlauts,
/// Windows-1252 quotes, a cut-off sequence, a surrogate, an overlong slash, a lone 0xFF.
const NOT_UTF8: &[&[u8]] = &[
    b"Gr\xfc\xdfe",
    b"\x84Hallo\x93",
    b"\xc3",
    b"\xe2\x82",
    b"\xed\xa0\x80",
    b"\xc0\xaf",
    b"\xff",
];

fn invalid_utf8(site: &Path, rng: &mut Rng) -> Applied {
    let file = rng.pick(&text_files(site)).clone();
    let bytes = fs::read(site.join(&file)).unwrap();
    let lines = split_lines(&bytes);
    let structured = structured_lines(&file, &lines);
    let line = if rng.chance(80) || structured.end == lines.len() {
        rng.below(structured.end.max(1))
    } else {
        structured.end + rng.below(lines.len() - structured.end)
    };
    let mut lines: Vec<Vec<u8>> = lines.iter().map(|l| l.to_vec()).collect();
    if lines.is_empty() {
        lines.push(Vec::new());
    }
    let target = &mut lines[line];
    let at = target.len() - rng.below(target.len() + 1) / 2;
    let bad = rng.pick(NOT_UTF8);
    target.splice(at..at, bad.iter().copied());
    let detail = format!("{bad:?} at line {} column {}", line + 1, at + 1);
    rewrite(site, &file, join_lines(&lines), "invalid UTF-8", detail)
}

/// The length of a huge line: `TREFFPUNKT_FUZZ_HUGE_MB` megabytes, 1 by default so that the quick
/// run stays quick in a debug build (a linear build takes about 2 s a megabyte there); the long
/// run uses 10 in a release build.
fn huge_line_length() -> usize {
    let megabytes = std::env::var("TREFFPUNKT_FUZZ_HUGE_MB")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(1);
    megabytes * 1024 * 1024
}

/// Durations and counts far beyond any event: the first four exceed a year and must be refused.
const HUGE_DURATIONS: &[(&str, bool)] = &[
    ("106751997300d", true),
    ("9236854775807h", true),
    ("100000000d", true),
    ("99999999999999999999999m", true),
    ("-1h", true),
    ("0m", false),
    ("8784h", false),
];

fn huge_value(site: &Path, rng: &mut Rng) -> Applied {
    let big = "a".repeat(huge_line_length());
    let huge = format!("{} MB line", big.len() >> 20);
    match rng.below(6) {
        0 => {
            let file = rng.pick(&text_files(site)).clone();
            let comment = if file.extension().is_some_and(|e| e == "md") {
                // A comment only where YAML reads: after the opening fence.
                let text = fs::read(site.join(&file)).unwrap();
                let mut out = b"---\n# ".to_vec();
                out.extend_from_slice(big.as_bytes());
                out.push(b'\n');
                out.extend_from_slice(text.strip_prefix(b"---\n").unwrap_or(&text));
                return rewrite(site, &file, out, &huge, "a comment".into());
            } else {
                format!("# {big}\n")
            };
            let mut out = comment.into_bytes();
            out.extend(fs::read(site.join(&file)).unwrap());
            rewrite(site, &file, out, &huge, "a comment".into())
        }
        1 => replace_value(site, rng, "md", "title", &format!("\"{big}\""), false),
        2 => {
            let file = rng.pick(&files_with_extension(site, "md")).clone();
            let mut out = fs::read(site.join(&file)).unwrap();
            out.extend_from_slice(format!("\n{big}\n").as_bytes());
            rewrite(site, &file, out, &huge, "a paragraph".into())
        }
        3 => {
            let (duration, must_fail) = *rng.pick(HUGE_DURATIONS);
            replace_value(site, rng, "yaml", "duration", duration, must_fail)
        }
        4 => {
            let setting = rng.pick(&[
                "posts_per_page = 99999999999999999999",
                "posts_per_page = 0",
                "months_ahead = 4294967297",
                "months_ahead = 100000",
                "months_back = 100000",
                "posts_per_page = -1",
            ]);
            let (key, _) = setting.split_once(" = ").unwrap();
            let text = fs::read_to_string(site.join("site.toml")).unwrap();
            let out = match text.lines().find(|line| line.starts_with(key)) {
                Some(line) => text.replacen(line, setting, 1),
                None => {
                    let table = if key == "posts_per_page" {
                        "blog"
                    } else {
                        "calendar"
                    };
                    if text.contains(&format!("[{table}]")) {
                        text.replacen(&format!("[{table}]"), &format!("[{table}]\n{setting}"), 1)
                    } else {
                        format!("{text}\n[{table}]\n{setting}\n")
                    }
                }
            };
            rewrite(
                site,
                Path::new("site.toml"),
                out.into_bytes(),
                "huge number",
                (*setting).into(),
            )
        }
        _ => {
            let (key, value) = *rng.pick(&[
                ("repeat", "FREQ=SECONDLY"),
                ("repeat", "FREQ=MINUTELY;COUNT=999999999"),
                ("repeat", "FREQ=DAILY;INTERVAL=0"),
                ("repeat", "FREQ=YEARLY;UNTIL=99991231T000000Z"),
                ("repeat", "FREQ=DAILY;BYSETPOS=99999999999"),
                ("start", "99999-12-31 19:00"),
                ("start", "0000-01-01 00:00"),
                ("start", "2026-02-30 19:00"),
            ]);
            let must_fail = value.contains("2026-02-30") || value.contains("INTERVAL=0");
            replace_value(site, rng, "yaml", key, value, must_fail)
        }
    }
}

/// Sets `key: value` in one file with the extension (replacing the key's line, or adding it).
fn replace_value(
    site: &Path,
    rng: &mut Rng,
    extension: &str,
    key: &str,
    value: &str,
    must_fail: bool,
) -> Applied {
    let file = rng.pick(&files_with_extension(site, extension)).clone();
    let text = fs::read_to_string(site.join(&file)).unwrap();
    let prefix = format!("{key}:");
    let line = format!("{key}: {value}");
    let out = match text.lines().find(|l| l.starts_with(&prefix)) {
        Some(old) => text.replacen(old, &line, 1),
        None if file.extension().is_some_and(|e| e == "md") => {
            text.replacen("---\n", &format!("---\n{line}\n"), 1)
        }
        None => format!("{text}{line}\n"),
    };
    let shown: String = line.chars().take(60).collect();
    let mut applied = rewrite(site, &file, out.into_bytes(), "value", shown);
    applied.must_fail |= must_fail;
    applied
}

/// Inputs large in number rather than in bytes: every stage must stay linear in them.
fn many_values(site: &Path, rng: &mut Rng) -> Applied {
    match rng.below(4) {
        0 => {
            let file = rng.pick(&files_with_extension(site, "md")).clone();
            let mut out = fs::read(site.join(&file)).unwrap();
            out.extend_from_slice("\n## x\n".repeat(20_000).as_bytes());
            rewrite(site, &file, out, "many", "20000 equal headings".into())
        }
        1 => {
            let tags: Vec<String> = (0..20_000).map(|n| format!("t{n}")).collect();
            let value = format!("[{}]", tags.join(", "));
            let key = if rng.chance(50) { "tags" } else { "category" };
            let mut applied = replace_value(site, rng, "md", key, &value, false);
            applied.description = format!("many: 20000 values for {key}");
            applied
        }
        2 => {
            let dates: Vec<String> = (0..20_000)
                .map(|n| {
                    let day =
                        chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Days::new(n);
                    day.to_string()
                })
                .collect();
            let value = format!("[{}]", dates.join(", "));
            let mut applied = replace_value(site, rng, "yaml", "except", &value, false);
            applied.description = "many: 20000 except dates".into();
            applied
        }
        _ => {
            let ids = text_files(site)
                .into_iter()
                .filter(|f| f.starts_with("content/events"))
                .filter_map(|f| Some(f.file_stem()?.to_str()?.to_owned()))
                .collect::<Vec<_>>();
            let Some(id) = ids.first() else {
                return truncate(site, rng);
            };
            let value = format!("[{}]", vec![id.as_str(); 2_000].join(", "));
            let mut applied = replace_value(site, rng, "md", "events", &value, false);
            applied.description = format!("many: the event id {id} 2000 times in events:");
            applied
        }
    }
}

fn deep_nesting(site: &Path, rng: &mut Rng) -> Applied {
    let depth = 100_000;
    match rng.below(4) {
        0 => {
            let value = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
            let mut applied = replace_value(site, rng, "md", "extra", &value, false);
            applied.description = "deep: 100000 nested flow lists in extra".into();
            applied
        }
        1 => {
            let value = format!("{}1{}", "{a: ".repeat(depth), "}".repeat(depth));
            let mut applied = replace_value(site, rng, "yaml", "location", &value, false);
            applied.description = "deep: 100000 nested flow maps in an event".into();
            applied
        }
        2 => {
            let mut text = fs::read_to_string(site.join("site.toml")).unwrap();
            let value = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
            text = format!("tiefe = {value}\n{text}");
            let mut applied = rewrite(
                site,
                Path::new("site.toml"),
                text.into_bytes(),
                "deep",
                "100000 nested arrays".into(),
            );
            applied.must_fail = true;
            applied
        }
        _ => {
            let file = rng.pick(&files_with_extension(site, "md")).clone();
            let mut out = fs::read(site.join(&file)).unwrap();
            let nest = if rng.chance(50) { "> " } else { "- " };
            out.extend_from_slice(format!("\n{}x\n", nest.repeat(depth)).as_bytes());
            rewrite(site, &file, out, "deep", format!("{depth} times `{nest}`"))
        }
    }
}

/// Billion laughs: nine anchors, each a list of nine aliases of the one before.
fn yaml_aliases(site: &Path, rng: &mut Rng) -> Applied {
    let mut lines = vec!["  l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]".to_owned()];
    for n in 1..10 {
        let aliases = vec![format!("*l{}", n - 1); 9].join(", ");
        lines.push(format!("  l{n}: &l{n} [{aliases}]"));
    }
    let block = lines.join("\n");
    let file = rng.pick(&content_files(site)).clone();
    let text = fs::read_to_string(site.join(&file)).unwrap();
    let out = if let Some(extra) = text.lines().find(|line| line.starts_with("extra:")) {
        text.replacen(extra, &format!("extra:\n{block}"), 1)
    } else if file.extension().is_some_and(|e| e == "md") {
        text.replacen("---\n", &format!("---\nextra:\n{block}\n"), 1)
    } else {
        format!("{text}extra:\n{block}\n")
    };
    rewrite(
        site,
        &file,
        out.into_bytes(),
        "YAML aliases",
        "billion laughs".into(),
    )
}

/// Repeats a `key:` line of a mapping right below itself, or a TOML `key =` line.
fn duplicate_key(site: &Path, rng: &mut Rng) -> Applied {
    let file = rng.pick(&text_files(site)).clone();
    let bytes = fs::read(site.join(&file)).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let structured = structured_lines(
        &file,
        &lines.iter().map(|l| l.as_bytes()).collect::<Vec<_>>(),
    );
    let toml = file.extension().is_some_and(|e| e == "toml");
    let mut keys = Vec::new();
    let mut scalar_indent: Option<usize> = None;
    for (n, line) in lines.iter().enumerate().take(structured.end) {
        let indent = line.len() - line.trim_start().len();
        // Lines of a block scalar (`key: |`) are text, not keys.
        if let Some(outer) = scalar_indent {
            if line.trim().is_empty() || indent > outer {
                continue;
            }
            scalar_indent = None;
        }
        let body = line.trim_start();
        let is_key = if toml {
            body.split_once('=')
                .is_some_and(|(k, _)| !k.trim().is_empty() && !body.starts_with('['))
                || (body.starts_with('[') && !body.starts_with("[["))
        } else {
            body.chars().next().is_some_and(|c| c.is_alphanumeric())
                && body.split_once(':').is_some_and(|(k, rest)| {
                    !k.contains(' ') && (rest.is_empty() || rest.starts_with(' '))
                })
        };
        if is_key {
            keys.push(n);
        }
        if !toml && (body.ends_with(": |") || body.ends_with(": >") || body.ends_with(": |-")) {
            scalar_indent = Some(indent);
        }
    }
    let Some(&line) = (!keys.is_empty()).then(|| rng.pick(&keys)) else {
        return flip_bytes(site, rng);
    };
    let mut out: Vec<Vec<u8>> = lines.iter().map(|l| l.as_bytes().to_vec()).collect();
    out.insert(line + 1, lines[line].as_bytes().to_vec());
    let mut applied = rewrite(
        site,
        &file,
        join_lines(&out),
        "duplicate key",
        format!("line {} repeated: {}", line + 1, lines[line]),
    );
    applied.must_fail = true;
    applied
}

fn name_bytes(name: &[u8]) -> std::ffi::OsString {
    use std::os::unix::ffi::OsStrExt;
    std::ffi::OsStr::from_bytes(name).to_os_string()
}

/// Renames a post, page or event file to a name a file system allows and a URL does not like.
fn hostile_name(site: &Path, rng: &mut Rng) -> Applied {
    let file = rng.pick(&content_files(site)).clone();
    let extension = file.extension().unwrap().to_str().unwrap().to_owned();
    let stem_bytes: Vec<u8> = match rng.below(9) {
        0 => vec![b'a'; 255 - extension.len() - 1],
        1 => b"\xff\xfe-kaputt".to_vec(),
        2 => b"-x".to_vec(),
        3 => b"--help".to_vec(),
        4 => b"mit  leer zeichen ".to_vec(),
        5 => b" ".to_vec(),
        6 => b"zeilen\numbruch".to_vec(),
        7 => "U\u{308}berblick".as_bytes().to_vec(),
        _ => b"!!!".to_vec(),
    };
    let mut name = stem_bytes;
    name.push(b'.');
    name.extend_from_slice(extension.as_bytes());
    let target = file.with_file_name(name_bytes(&name));
    fs::rename(site.join(&file), site.join(&target)).unwrap();
    Applied {
        description: format!(
            "hostile name: {} renamed to {:?}",
            file.display(),
            String::from_utf8_lossy(&name)
        ),
        must_fail: false,
        path_only: true,
        touched: vec![file, target],
    }
}

/// A folder where a file belongs, a file where a folder belongs, or an unreadable entry.
fn wrong_kind_of_entry(site: &Path, rng: &mut Rng) -> Applied {
    let (path, must_fail, what) = match rng.below(4) {
        0 => {
            let file = rng.pick(&text_files(site)).clone();
            fs::remove_file(site.join(&file)).unwrap();
            fs::create_dir(site.join(&file)).unwrap();
            let must_fail = file == Path::new("site.toml");
            (file, must_fail, "a folder instead of the file")
        }
        1 => {
            let folder = PathBuf::from(rng.pick(&["content", "content/posts", "content/events"]));
            if site.join(&folder).exists() {
                fs::remove_dir_all(site.join(&folder)).unwrap();
            }
            fs::write(site.join(&folder), "kein Ordner\n").unwrap();
            (folder, true, "a file instead of the folder")
        }
        _ => {
            use std::os::unix::fs::PermissionsExt;
            let mut candidates = text_files(site);
            candidates.extend(["content/posts", "content/events"].map(PathBuf::from));
            candidates.retain(|p| site.join(p).exists());
            let path = rng.pick(&candidates).clone();
            fs::set_permissions(site.join(&path), fs::Permissions::from_mode(0o000)).unwrap();
            // Root reads everything anyway: then this case shows nothing, and says so.
            let unreadable = if site.join(&path).is_dir() {
                fs::read_dir(site.join(&path)).is_err()
            } else {
                fs::read(site.join(&path)).is_err()
            };
            let what = if unreadable {
                "made unreadable"
            } else {
                "made unreadable (no effect: running as root)"
            };
            (path, unreadable, what)
        }
    };
    Applied {
        description: format!("{what}: {}", path.display()),
        must_fail,
        path_only: true,
        touched: vec![path],
    }
}

fn symlink(site: &Path, rng: &mut Rng) -> Applied {
    use std::os::unix::fs::symlink;
    let folder = PathBuf::from(rng.pick(&["content/posts", "content/events", "content/pages"]));
    fs::create_dir_all(site.join(&folder)).unwrap();
    let extension = if folder.ends_with("events") {
        "yaml"
    } else {
        "md"
    };
    let (links, what): (Vec<(PathBuf, PathBuf)>, &str) = match rng.below(5) {
        0 => (
            vec![(".".into(), "schleife".into())],
            "a link to its own folder",
        ),
        1 => (
            vec![("../..".into(), "oben".into())],
            "a link to the site's root",
        ),
        2 => (
            vec![
                (
                    format!("b.{extension}").into(),
                    format!("a.{extension}").into(),
                ),
                (
                    format!("a.{extension}").into(),
                    format!("b.{extension}").into(),
                ),
            ],
            "two links pointing at each other",
        ),
        3 => (
            vec![("nirgendwo".into(), format!("weg.{extension}").into())],
            "a broken link",
        ),
        _ => (
            vec![("/etc/hostname".into(), format!("aussen.{extension}").into())],
            "a link out of the site",
        ),
    };
    let mut touched = Vec::new();
    for (target, name) in links {
        symlink(&target, site.join(&folder).join(&name)).unwrap();
        touched.push(folder.join(name));
    }
    Applied {
        description: format!("symlink: {what} in {}", folder.display()),
        must_fail: true,
        path_only: true,
        touched,
    }
}
