//! News text for `extract`: a UTF-8 or UTF-16 file, or standard input.

use std::io::Read;
use std::path::Path;

use crate::error::{Error, ErrorKind, Result};
use crate::output::atomic::is_stdout;

/// The line and column (both from 1) of byte `at` of `text`.
///
/// ```
/// use incident_mapper::input::text::line_col;
/// assert_eq!(line_col(b"ab\ncd", 4), (2, 2));
/// assert_eq!(line_col(b"ab", 0), (1, 1));
/// ```
pub fn line_col(text: &[u8], at: usize) -> (usize, usize) {
    let before = &text[..at.min(text.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let col = before.len() - before.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1) + 1;
    (line, col)
}

/// Reads one text (`-`: standard input) as UTF-8, a BOM dropped, or as
/// UTF-16 (with a BOM, or recognised by a NUL in every other byte); anything
/// else is an error naming the line and column. Returns its label and text.
pub fn read_text(path: &Path) -> Result<(String, String)> {
    let (label, bytes) = if is_stdout(path) {
        let mut v = Vec::new();
        std::io::stdin()
            .read_to_end(&mut v)
            .map_err(|e| Error::unreadable(Path::new("<stdin>"), e))?;
        ("<stdin>".to_string(), v)
    } else {
        (
            path.display().to_string(),
            std::fs::read(path).map_err(|e| Error::unreadable(path, e))?,
        )
    };
    let utf16 = if bytes.starts_with(b"\xFF\xFE") {
        Some(encoding_rs::UTF_16LE)
    } else if bytes.starts_with(b"\xFE\xFF") {
        Some(encoding_rs::UTF_16BE)
    } else {
        match crate::input::encoding::utf16_without_bom(&bytes) {
            Some(true) => Some(encoding_rs::UTF_16LE),
            Some(false) => Some(encoding_rs::UTF_16BE),
            None => None,
        }
    };
    if let Some(enc) = utf16 {
        let (text, _, bad) = enc.decode(&bytes);
        if bad {
            return Err(Error::new(
                ErrorKind::MalformedLine,
                format!(
                    "{label}: read as {} but it is not valid {0}; convert it first, e.g. with iconv",
                    enc.name()
                ),
            ));
        }
        return Ok((label, text.into_owned()));
    }
    // The bytes become the text in place: no second copy of a large file.
    let mut bytes = bytes;
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    match String::from_utf8(bytes) {
        Ok(s) => Ok((label, s)),
        Err(err) => {
            let (body, e) = (err.as_bytes(), err.utf8_error());
            let (line, col) = line_col(body, e.valid_up_to());
            Err(Error::new(
                ErrorKind::MalformedLine,
                format!(
                    "{label}:{line}:{col}: not UTF-8 text (byte 0x{:02x}); convert it first, e.g. with iconv",
                    body[e.valid_up_to()]
                ),
            ))
        }
    }
}
