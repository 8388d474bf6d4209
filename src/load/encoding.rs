//! Source files' bytes as text: every file the site is made from is UTF-8. A file that is not is
//! an error at its first bad byte, and the usual cause (saved as Windows-1252 or UTF-16) is named.

use std::path::Path;

use crate::diagnostic::{Diagnostic, Position, Quote};

/// The text of the file shown as `file`, without a UTF-8 byte-order mark.
pub fn decode(file: &Path, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    let error = match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.drain(..'\u{feff}'.len_utf8());
            }
            return Ok(text);
        }
        Err(error) => error,
    };
    let bytes = error.as_bytes();
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(
            Diagnostic::new(file, "this file is saved as UTF-16, not as UTF-8")
                .with_help(SAVE_AS_UTF8),
        );
    }
    let bad = error.utf8_error().valid_up_to();
    let before = String::from_utf8_lossy(&bytes[..bad]);
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let position = Position {
        line: before.matches('\n').count() + 1,
        column: before[line_start..].chars().count() + 1,
    };
    let line_end = bytes[bad..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |i| bad + i);
    let byte = bytes[bad];
    let message = match windows_1252(byte) {
        Some(meant) => format!(
            "this file is not UTF-8: the byte 0x{byte:02X} here is `{meant}` in Windows-1252 (Latin-1), the encoding the file seems to be saved in"
        ),
        None => format!("this file is not UTF-8: the byte 0x{byte:02X} here is not text"),
    };
    let mut diagnostic = Diagnostic::new(file, message).with_help(SAVE_AS_UTF8);
    diagnostic.position = Some(position);
    diagnostic.source_line = Some(Box::new(Quote::of(
        &String::from_utf8_lossy(&bytes[line_start..line_end]),
        position.column,
    )));
    Err(diagnostic)
}

const SAVE_AS_UTF8: &str = "save the file as UTF-8 (in the editor's \"Save as\" dialog, choose the encoding UTF-8) and check that umlauts and quotes still look right";

/// What `byte` stands for in Windows-1252 when it is a letter or punctuation a German text
/// would hold (the common reason for a file that is not UTF-8).
fn windows_1252(byte: u8) -> Option<char> {
    const C1: [Option<char>; 32] = [
        Some('€'),
        None,
        Some('‚'),
        Some('ƒ'),
        Some('„'),
        Some('…'),
        Some('†'),
        Some('‡'),
        Some('ˆ'),
        Some('‰'),
        Some('Š'),
        Some('‹'),
        Some('Œ'),
        None,
        Some('Ž'),
        None,
        None,
        Some('‘'),
        Some('’'),
        Some('“'),
        Some('”'),
        Some('•'),
        Some('–'),
        Some('—'),
        Some('˜'),
        Some('™'),
        Some('š'),
        Some('›'),
        Some('œ'),
        None,
        Some('ž'),
        Some('Ÿ'),
    ];
    match byte {
        0x80..=0x9F => C1[usize::from(byte - 0x80)],
        // Latin-1 proper: letters and signs, but not the no-break space or soft hyphen alone.
        0xA1..=0xAC | 0xAE..=0xFF => Some(char::from(byte)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(bytes: &[u8]) -> Diagnostic {
        decode(Path::new("a.md"), bytes.to_vec()).unwrap_err()
    }

    #[test]
    fn utf8_passes_without_its_byte_order_mark() {
        let text = decode(Path::new("a.md"), "\u{feff}Grüße".as_bytes().to_vec()).unwrap();
        assert_eq!(text, "Grüße");
    }

    #[test]
    fn windows_1252_is_recognised_at_its_first_byte() {
        let found = problem(b"---\ntitle: Gr\xfc\xdfe\n");
        assert_eq!(
            found.position,
            Some(Position {
                line: 2,
                column: 10
            })
        );
        assert_eq!(
            found.source_line.clone().map(|quote| quote.text).as_deref(),
            Some("title: Gr\u{fffd}\u{fffd}e")
        );
        assert!(
            found.message.contains("0xFC here is `ü` in Windows-1252"),
            "{}",
            found.message
        );
        let quotes = problem(&["„Hallo“ – ".as_bytes(), b"\x84x\x93"].concat());
        assert_eq!(
            quotes.position,
            Some(Position {
                line: 1,
                column: 11
            })
        );
        assert!(quotes.message.contains("`„`"), "{}", quotes.message);
    }

    #[test]
    fn other_bytes_and_utf16_are_named() {
        assert!(
            problem(b"a\x81")
                .message
                .ends_with("the byte 0x81 here is not text")
        );
        assert_eq!(
            problem(b"\xff\xfe-\0-\0").message,
            "this file is saved as UTF-16, not as UTF-8"
        );
    }
}
