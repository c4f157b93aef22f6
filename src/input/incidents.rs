//! The incidents CSV reader.
//!
//! Finds the location column (`location`, `place`, `location_as_reported`,
//! `city`, or `--location-column`), the optional district/province columns
//! and coordinate columns, and yields one [`Incident`] per row, or a
//! [`RowError`] that names the line and field. Reading streams: memory does
//! not grow with the file.

use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::{Path, PathBuf};

use crate::error::{Error, ErrorKind, Result};
use crate::model::Incident;

/// Accepted names of the location column, in order of preference.
pub const LOCATION_COLUMNS: &[&str] = &["location", "place", "location_as_reported", "city"];
pub const ADMIN2_COLUMNS: &[&str] = &["admin2", "district", "adm_2", "adm2"];
const ADMIN1_COLUMNS: &[&str] = &["admin1", "province", "provstate", "adm_1", "adm1"];
const LAT_COLUMNS: &[&str] = &["latitude", "lat"];
const LON_COLUMNS: &[&str] = &["longitude", "lon", "lng"];

/// Where the reader found what it needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Columns {
    /// None when the file has coordinate columns and no location column.
    pub location: Option<usize>,
    pub admin2: Option<usize>,
    pub admin1: Option<usize>,
    pub lat: Option<usize>,
    pub lon: Option<usize>,
}

/// A row that cannot be used, with its line and raw fields (for a rejects file).
#[derive(Debug)]
pub struct RowError {
    pub error: Error,
    pub line: u64,
    pub raw: Vec<String>,
}

/// Streams incidents from a CSV file or standard input.
pub struct IncidentReader {
    rdr: csv::Reader<Box<dyn Read>>,
    label: PathBuf,
    headers: Vec<String>,
    cols: Columns,
    rows: u64,
    /// Bytes and fields of the last record read.
    last_size: (usize, usize),
}

fn find(headers: &[String], names: &[&str]) -> Option<usize> {
    names
        .iter()
        .find_map(|n| headers.iter().position(|h| h.trim().eq_ignore_ascii_case(n)))
}

/// Guesses the delimiter from the header line: the most frequent of `,`, `;`,
/// tab outside double quotes (comma on a tie).
fn sniff_delimiter(head: &[u8]) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for &b in head {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|&i| (counts[i], i == 0)).unwrap_or(0);
    [b',', b';', b'\t'][best]
}

impl IncidentReader {
    /// Opens `path` (`-` for standard input). `location_column` overrides detection.
    pub fn open(path: &Path, location_column: Option<&str>) -> Result<Self> {
        let src: Box<dyn Read> = if path.as_os_str() == "-" {
            Box::new(io::stdin())
        } else {
            let f = File::open(path).map_err(|e| Error::unreadable(path, e))?;
            if f.metadata().map(|m| m.is_dir()).unwrap_or(false) {
                return Err(Error::unreadable(path, "is a directory"));
            }
            Box::new(f)
        };
        Self::from_reader(src, path, location_column)
    }

    /// Reads from any source; `path` labels it in messages.
    pub fn from_reader(mut src: Box<dyn Read>, path: &Path, location_column: Option<&str>) -> Result<Self> {
        // Peek at the start: BOM and delimiter.
        let mut head = vec![0u8; 8192];
        let mut n = 0;
        while n < head.len() {
            match src.read(&mut head[n..]) {
                Ok(0) => break,
                Ok(k) => n += k,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(Error::unreadable(path, e)),
            }
        }
        head.truncate(n);
        let skip = if head.starts_with(b"\xEF\xBB\xBF") { 3 } else { 0 };
        let delim = sniff_delimiter(&head[skip..]);
        let body: Box<dyn Read> = Box::new(io::Cursor::new(head[skip..].to_vec()).chain(src));
        let mut rdr = csv::ReaderBuilder::new()
            .delimiter(delim)
            .flexible(true)
            .from_reader(Box::new(BufReader::with_capacity(1 << 16, body)) as Box<dyn Read>);
        let headers: Vec<String> = match rdr.headers() {
            Ok(h) => h.iter().map(|s| s.trim().to_string()).collect(),
            Err(e) => {
                return Err(Error::at_line(
                    ErrorKind::MalformedLine,
                    path,
                    1,
                    format!("header: {e}"),
                ))
            }
        };
        if headers.len() <= 1 && headers.first().is_none_or(|h| h.is_empty()) {
            return Err(Error::new(
                ErrorKind::NoLocationColumn,
                format!("{}: the file is empty or has no header line", path.display()),
            ));
        }
        let location = match location_column {
            Some(c) => headers.iter().position(|h| h.eq_ignore_ascii_case(c)),
            None => find(&headers, LOCATION_COLUMNS),
        };
        let (lat, lon) = (find(&headers, LAT_COLUMNS), find(&headers, LON_COLUMNS));
        // Coordinates alone are enough (a points file); a named location column must exist.
        let coordinates_only = location.is_none() && location_column.is_none() && lat.is_some() && lon.is_some();
        if location.is_none() && !coordinates_only {
            let wanted = location_column
                .map(|c| format!("'{c}'"))
                .unwrap_or_else(|| LOCATION_COLUMNS.join(", "));
            return Err(Error::new(
                ErrorKind::NoLocationColumn,
                format!(
                    "{}: no location column (looked for {wanted}; found: {}) and no latitude/longitude columns; \
                     name one with --location-column",
                    path.display(),
                    headers.join(", ")
                ),
            ));
        }
        let cols = Columns {
            location,
            admin2: find(&headers, ADMIN2_COLUMNS),
            admin1: find(&headers, ADMIN1_COLUMNS),
            lat,
            lon,
        };
        Ok(IncidentReader {
            rdr,
            label: path.to_path_buf(),
            headers,
            cols,
            rows: 0,
            last_size: (0, 0),
        })
    }

    pub fn headers(&self) -> &[String] {
        &self.headers
    }

    fn parse_coord(&self, rec: &csv::StringRecord, col: usize, line: u64, lim: f64) -> Result<Option<f64>> {
        let raw = rec.get(col).unwrap_or("").trim();
        if raw.is_empty() {
            return Ok(None);
        }
        let name = &self.headers[col];
        match raw.replace(',', ".").parse::<f64>() {
            Ok(v) if v.is_finite() && v.abs() <= lim => Ok(Some(v)),
            Ok(v) if !v.is_finite() => Err(Error::at_line(
                ErrorKind::InvalidCoordinates,
                &self.label,
                line,
                format!("field '{name}': '{raw}' is not a finite number"),
            )),
            Ok(_) => Err(Error::at_line(
                ErrorKind::InvalidCoordinates,
                &self.label,
                line,
                format!("field '{name}': {raw} is out of range [-{lim}, {lim}]"),
            )),
            Err(_) => Err(Error::at_line(
                ErrorKind::InvalidCoordinates,
                &self.label,
                line,
                format!("field '{name}': '{raw}' is not a number"),
            )),
        }
    }

    /// Checks a record and makes it an incident; on failure the record comes back, for the rejects file.
    fn incident(&self, rec: csv::StringRecord, line: u64) -> std::result::Result<Incident, (Error, csv::StringRecord)> {
        match self.check(&rec, line) {
            Ok((location, admin2, admin1, coords, flags)) => Ok(Incident {
                row: self.rows,
                line,
                fields: rec,
                location,
                admin2,
                admin1,
                coords,
                flags,
            }),
            Err(e) => Err((e, rec)),
        }
    }

    /// The location, district, province, coordinates and flags of a record.
    #[allow(clippy::type_complexity)]
    fn check(
        &self,
        rec: &csv::StringRecord,
        line: u64,
    ) -> Result<(
        String,
        Option<String>,
        Option<String>,
        Option<(f64, f64)>,
        Vec<&'static str>,
    )> {
        let get = |c: Option<usize>| {
            c.and_then(|c| rec.get(c))
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
        };
        let mut flags = Vec::new();
        let lat = match self.cols.lat {
            Some(c) => self.parse_coord(rec, c, line, 90.0)?,
            None => None,
        };
        let lon = match self.cols.lon {
            Some(c) => self.parse_coord(rec, c, line, 180.0)?,
            None => None,
        };
        let coords = match (lat, lon) {
            (Some(a), Some(b)) if a == 0.0 && b == 0.0 => {
                flags.push("zero_coordinates");
                None
            }
            (Some(a), Some(b)) => Some((a, b)),
            (None, None) => None,
            _ => {
                flags.push("partial_coordinates");
                None
            }
        };
        let location = self
            .cols
            .location
            .and_then(|c| rec.get(c))
            .unwrap_or("")
            .trim()
            .to_string();
        if location.is_empty() && coords.is_none() {
            let what = match self.cols.location {
                Some(c) => format!("field '{}' is empty", self.headers[c]),
                None => "there is no location column".to_string(),
            };
            return Err(Error::at_line(
                ErrorKind::EmptyLocation,
                &self.label,
                line,
                format!("{what} and the row has no coordinates"),
            ));
        }
        let (admin2, admin1) = (get(self.cols.admin2), get(self.cols.admin1));
        Ok((location, admin2, admin1, coords, flags))
    }

    /// The next row, or `None` at the end of the input.
    pub fn next_row(&mut self) -> Option<std::result::Result<Incident, RowError>> {
        loop {
            // Sized like the previous row, so reading does not grow the buffers field by field.
            let mut rec = csv::ByteRecord::with_capacity(self.last_size.0 + 16, self.last_size.1.max(1));
            let res = self.rdr.read_byte_record(&mut rec);
            self.last_size = (rec.as_slice().len(), rec.len());
            let line = rec.position().map(|p| p.line()).unwrap_or(0);
            match res {
                Ok(false) => return None,
                Ok(true) => {}
                Err(e) => {
                    self.rows += 1;
                    let line = e.position().map(|p| p.line()).unwrap_or(line);
                    let error = match e.kind() {
                        csv::ErrorKind::Io(_) => Error::unreadable(&self.label, e),
                        _ => Error::at_line(
                            ErrorKind::MalformedLine,
                            &self.label,
                            line,
                            format!("malformed CSV line: {e}"),
                        ),
                    };
                    return Some(Err(RowError {
                        error,
                        line,
                        raw: Vec::new(),
                    }));
                }
            }
            // A blank line (one empty field) is not a row.
            if rec.len() == 1 && rec[0].iter().all(u8::is_ascii_whitespace) && self.headers.len() > 1 {
                continue;
            }
            self.rows += 1;
            let lossy = |r: &csv::ByteRecord| r.iter().map(|f| String::from_utf8_lossy(f).into_owned()).collect();
            if rec.len() != self.headers.len() {
                let newlines = rec
                    .iter()
                    .map(|f| f.iter().filter(|b| **b == b'\n').count())
                    .sum::<usize>();
                let mut msg = format!(
                    "malformed CSV line: {} fields where the header has {}",
                    rec.len(),
                    self.headers.len()
                );
                if newlines > 0 {
                    msg.push_str(&format!(
                        "; a quoted field runs over {} lines (an unterminated quote?)",
                        newlines + 1
                    ));
                }
                let error = Error::at_line(ErrorKind::MalformedLine, &self.label, line, msg);
                return Some(Err(RowError {
                    error,
                    line,
                    raw: lossy(&rec),
                }));
            }
            let rec = match csv::StringRecord::from_byte_record(rec) {
                Ok(r) => r,
                Err(e) => {
                    let field = e.utf8_error().field();
                    let name = self.headers.get(field).map(String::as_str).unwrap_or("?");
                    let raw = lossy(&e.into_byte_record());
                    let error = Error::at_line(
                        ErrorKind::MalformedLine,
                        &self.label,
                        line,
                        format!(
                            "malformed CSV line: field '{name}' (column {}) is not valid UTF-8",
                            field + 1
                        ),
                    );
                    return Some(Err(RowError { error, line, raw }));
                }
            };
            return Some(match self.incident(rec, line) {
                Ok(inc) => Ok(inc),
                Err((error, rec)) => Err(RowError {
                    error,
                    line,
                    raw: rec.iter().map(String::from).collect(),
                }),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_delimiters() {
        assert_eq!(sniff_delimiter(b"a,b,c\n1,2,3"), b',');
        assert_eq!(sniff_delimiter(b"a;b;c\n"), b';');
        assert_eq!(sniff_delimiter(b"a\tb\tc\n"), b'\t');
        assert_eq!(sniff_delimiter(b"location\n"), b',');
        assert_eq!(sniff_delimiter(b"\"a;b;c\",location\n1,2"), b',');
    }
}
