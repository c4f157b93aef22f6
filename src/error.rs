//! Errors and the exit codes they map to.
//!
//! Every failure a user can cause has its own exit code, so scripts can tell
//! "the file is missing" from "line 12 is malformed" without parsing stderr.
//! The table is printed by `incident-mapper --help` and documented in the README.

use std::path::Path;

/// What went wrong, at the level a user (or a script) acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// An option's value cannot be read, such as a `--from` date (exit 2, as for any usage error).
    Usage,
    /// An input file is missing or cannot be read (exit 3).
    InputUnreadable,
    /// The input has no usable location column (exit 4).
    NoLocationColumn,
    /// A CSV line is malformed: wrong field count, bad quoting, invalid UTF-8 (exit 5).
    MalformedLine,
    /// A row has an empty location and no coordinates (exit 6).
    EmptyLocation,
    /// A row's coordinates are not numbers or out of range (exit 7).
    InvalidCoordinates,
    /// A gazetteer file is in an unknown format or malformed (exit 8).
    Gazetteer,
    /// A boundary file is missing, malformed or has no polygons (exit 9).
    Boundaries,
    /// An output file cannot be written, or would overwrite the input (exit 10).
    Output,
    /// An option's value is out of range or unknown: a map size, a province (exit 11).
    Argument,
    /// Two polygons of a boundary file carry the same district name (exit 12).
    DuplicateDistrict,
    /// Districts by point-in-polygon were asked for, but no incident has a point (exit 13).
    NoCoordinates,
}

impl ErrorKind {
    /// The process exit code for this kind of error.
    pub fn exit_code(self) -> i32 {
        match self {
            ErrorKind::Usage => 2,
            ErrorKind::InputUnreadable => 3,
            ErrorKind::NoLocationColumn => 4,
            ErrorKind::MalformedLine => 5,
            ErrorKind::EmptyLocation => 6,
            ErrorKind::InvalidCoordinates => 7,
            ErrorKind::Gazetteer => 8,
            ErrorKind::Boundaries => 9,
            ErrorKind::Output => 10,
            ErrorKind::Argument => 11,
            ErrorKind::DuplicateDistrict => 12,
            ErrorKind::NoCoordinates => 13,
        }
    }
}

/// An error with its kind and a message that names the file, line and field.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct Error {
    pub kind: ErrorKind,
    pub message: String,
}

impl Error {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error {
            kind,
            message: message.into(),
        }
    }

    /// `FILE: cannot read: REASON`
    pub fn unreadable(path: &Path, err: impl std::fmt::Display) -> Self {
        Error::new(
            ErrorKind::InputUnreadable,
            format!("{}: cannot read: {}", path.display(), err),
        )
    }

    /// `FILE:LINE: MESSAGE`
    pub fn at_line(kind: ErrorKind, path: &Path, line: u64, message: impl std::fmt::Display) -> Self {
        Error::new(kind, format!("{}:{}: {}", path.display(), line, message))
    }

    pub fn output(path: &Path, err: impl std::fmt::Display) -> Self {
        Error::new(ErrorKind::Output, format!("{}: cannot write: {}", path.display(), err))
    }
}

/// Text from the input as a message quotes it: in double quotes, with control
/// characters and other non-printable ones escaped (`\u{1b}`), so that a
/// message can never carry a terminal escape sequence.
///
/// ```
/// use incident_mapper::error::quote;
/// assert_eq!(quote("Turbat"), "\"Turbat\"");
/// assert_eq!(quote("a\x1b[31mb"), "\"a\\u{1b}[31mb\"");
/// ```
pub fn quote(s: &str) -> String {
    format!("\"{}\"", printable(s))
}

/// `s` with control characters (and other non-printable ones) escaped as `\u{..}`.
pub fn printable(s: &str) -> String {
    if !s.chars().any(needs_escape) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if needs_escape(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    out
}

fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
