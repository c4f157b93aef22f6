//! The incidents CSV reader.
//!
//! Detects the file's encoding (UTF-8 with or without BOM, UTF-16 with BOM,
//! Windows-1252 when the start is not UTF-8: converted, with a warning),
//! its delimiter (comma, semicolon or tab) and its schema (ACLED, UCDP GED,
//! GTD or generic: see [`super::schema`]), and yields one [`Incident`] per
//! row with the common model filled in, or a [`RowError`] that names the
//! line and field. Reading streams: memory does not grow with the file.

use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::{Path, PathBuf};

use crate::error::{Error, ErrorKind, Result};
use crate::input::dates::{self, Order};
use crate::input::schema::{self, DateColumns, Layout, Schema};
use crate::input::values;
use crate::model::{Flag, Incident};

pub use crate::input::schema::{ADMIN2_COLUMNS, LOCATION_COLUMNS};

/// How to read: what the command line says about the file.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// The location column, overriding detection.
    pub location_column: Option<String>,
    /// The schema, overriding detection.
    pub schema: Option<Schema>,
    /// Day/month order of numeric dates.
    pub order: Order,
    /// The encoding, overriding detection.
    pub encoding: Option<Encoding>,
    /// Only the columns of the common model are needed (no output keeps the
    /// others): GeoJSON properties outside them are skipped while parsing.
    pub model_only: bool,
    /// Show a progress bar (on a terminal) for the steps of opening that read
    /// the whole file (a large GeoJSON file's scan).
    pub progress: bool,
}

/// The text encoding found (or chosen) for a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Encoding {
    #[value(name = "utf-8")]
    Utf8,
    #[value(skip)]
    Utf8Bom,
    #[value(name = "utf-16le")]
    Utf16Le,
    #[value(name = "utf-16be")]
    Utf16Be,
    #[value(name = "windows-1252")]
    Windows1252,
}

impl Encoding {
    pub fn as_str(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8Bom => "UTF-8 with BOM",
            Encoding::Utf16Le => "UTF-16LE",
            Encoding::Utf16Be => "UTF-16BE",
            Encoding::Windows1252 => "Windows-1252",
        }
    }
}

/// The encoding of a file from its first bytes: a BOM, else UTF-8 when the
/// start decodes as UTF-8 (a character cut at the end of the sample is
/// fine), else Windows-1252, the encoding of spreadsheets saved on Windows.
///
/// ```
/// use incident_mapper::input::incidents::{sniff_encoding, Encoding};
/// assert_eq!(sniff_encoding(b"location\nQuetta\n"), Encoding::Utf8);
/// assert_eq!(sniff_encoding(b"\xEF\xBB\xBFlocation"), Encoding::Utf8Bom);
/// assert_eq!(sniff_encoding(b"\xFF\xFEl\0o\0"), Encoding::Utf16Le);
/// assert_eq!(sniff_encoding(b"location\nQu\xe9tta\n"), Encoding::Windows1252);
/// ```
pub fn sniff_encoding(head: &[u8]) -> Encoding {
    if head.starts_with(b"\xEF\xBB\xBF") {
        return Encoding::Utf8Bom;
    }
    if head.starts_with(b"\xFF\xFE") {
        return Encoding::Utf16Le;
    }
    if head.starts_with(b"\xFE\xFF") {
        return Encoding::Utf16Be;
    }
    match crate::input::encoding::utf16_without_bom(head) {
        Some(true) => return Encoding::Utf16Le,
        Some(false) => return Encoding::Utf16Be,
        None => {}
    }
    match std::str::from_utf8(head) {
        Ok(_) => Encoding::Utf8,
        // Cut mid-character at the end of the sample: still UTF-8.
        Err(e) if e.error_len().is_none() => Encoding::Utf8,
        Err(_) => Encoding::Windows1252,
    }
}

/// A row that cannot be used, with its line and raw fields (for a rejects file).
#[derive(Debug)]
pub struct RowError {
    pub error: Error,
    pub line: u64,
    pub raw: Vec<String>,
}

impl RowError {
    /// Whether `--on-error skip` may set the row aside and go on (a file that
    /// cannot be read any further cannot be skipped past).
    pub fn skippable(&self) -> bool {
        self.error.kind != ErrorKind::InputUnreadable
    }

    /// The error that stops a run at this row, saying that `--on-error skip` would go on.
    pub fn into_error(self) -> Error {
        if !self.skippable() {
            return self.error;
        }
        Error::new(
            self.error.kind,
            format!(
                "{} (--on-error skip writes such rows to a rejects file and goes on)",
                self.error.message
            ),
        )
    }
}

/// Streams incidents from a CSV file or standard input.
pub struct IncidentReader {
    src: Source,
    label: PathBuf,
    headers: Vec<String>,
    cols: Layout,
    order: Order,
    encoding: Encoding,
    /// UTF-16 recognised without a BOM (from its NUL bytes).
    utf16_guessed: bool,
    /// 1 for CRLF files: the csv crate counts a record's line before the `\n`
    /// that ends the line before it, one short.
    crlf_lines: u64,
    /// For a file assumed UTF-8: where it turned out to be Windows-1252, if it did.
    late_1252: Option<crate::input::encoding::Found>,
    date_cache: std::cell::RefCell<rustc_hash::FxHashMap<String, Option<dates::EventDate>>>,
    rows: u64,
    /// Bytes and fields of the last record read.
    last_size: (usize, usize),
    /// A record handed back by [`IncidentReader::recycle`], to read the next row into.
    spare: Option<csv::ByteRecord>,
    /// What a Parquet file's reading left aside (nested columns, geometries that are not points), for the notice.
    source_note: Option<String>,
}

/// Where rows come from: a CSV's records or a GeoJSON's features.
enum Source {
    Csv(csv::Reader<Box<dyn Read + Send>>),
    Features(Box<crate::input::geojson::FeatureRows>),
    #[cfg(feature = "columnar")]
    Parquet(Box<crate::input::geoparquet::ParquetRows>),
}

/// Reads up to `n` bytes from the start of `src` (fewer at its end).
fn peek(src: &mut dyn Read, n: usize, path: &Path) -> Result<Vec<u8>> {
    let mut buf = vec![0u8; n];
    let mut k = 0;
    while k < buf.len() {
        match src.read(&mut buf[k..]) {
            Ok(0) => break,
            Ok(m) => k += m,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(Error::unreadable(path, e)),
        }
    }
    buf.truncate(k);
    Ok(buf)
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
    /// Opens `path` (`-` for standard input): a CSV, or GeoJSON (a
    /// FeatureCollection or a sequence of features, by extension), whose
    /// features become rows with their properties as columns.
    pub fn open(path: &Path, opts: &ReadOptions) -> Result<Self> {
        let mut src: Box<dyn Read + Send> = if path.as_os_str() == "-" {
            Box::new(io::stdin())
        } else {
            let f = File::open(path).map_err(|e| Error::unreadable(path, e))?;
            if f.metadata().map(|m| m.is_dir()).unwrap_or(false) {
                return Err(Error::unreadable(path, "is a directory"));
            }
            Box::new(f)
        };
        match crate::output::columnar::TableFormat::of_path(path) {
            Some(crate::output::columnar::TableFormat::GeoParquet) => {
                drop(src);
                return Self::from_parquet(path, opts);
            }
            Some(crate::output::columnar::TableFormat::FlatGeobuf) => {
                return Err(Error::unreadable(
                    path,
                    "FlatGeobuf is written here, not read: give the GeoParquet, GeoJSON or CSV of the same rows \
                     (ogr2ogr -f GeoJSON out.geojson in.fgb converts it)",
                ));
            }
            None => {}
        }
        if crate::input::geojson::is_geojson_path(path) && path.as_os_str() != "-" {
            // A file: a large FeatureCollection is read from disk twice, never whole.
            drop(src);
            let rows = crate::input::geojson::FeatureRows::open(path, opts.progress)?;
            return Self::from_feature_rows(rows, path, opts);
        }
        if crate::input::geojson::is_geojson_path(path) {
            let mut text = Vec::new();
            src.read_to_end(&mut text).map_err(|e| Error::unreadable(path, e))?;
            return Self::from_geojson(text, path, opts);
        }
        Self::from_reader(src, path, opts)
    }

    /// Reads GeoJSON text: its features are the rows, their properties the
    /// columns, a Point geometry their coordinates.
    pub fn from_geojson(text: Vec<u8>, path: &Path, opts: &ReadOptions) -> Result<Self> {
        let rows = crate::input::geojson::FeatureRows::new(text, path)?;
        Self::from_feature_rows(rows, path, opts)
    }

    /// The reader over features found by [`crate::input::geojson::FeatureRows`].
    fn from_feature_rows(rows: crate::input::geojson::FeatureRows, path: &Path, opts: &ReadOptions) -> Result<Self> {
        if rows.is_empty() {
            return Err(Error::new(
                ErrorKind::NoLocationColumn,
                format!("{}: the collection has no features", path.display()),
            ));
        }
        let list: Vec<String> = rows.geometry_kinds.iter().map(|(k, n)| format!("{n} {k}")).collect();
        let no_location = format!(
            "{}: no feature is a point and no property names a location (features: {}); incidents are \
             points, or features with a location property — a polygon file goes to --districts",
            path.display(),
            list.join(", ")
        );
        let headers = rows.headers().to_vec();
        Self::from_rows(Source::Features(Box::new(rows)), headers, path, opts, Some(no_location))
    }

    /// The reader over the rows of a record source that knows its columns up
    /// front (GeoJSON features, Parquet rows): `no_location` says what its
    /// geometries were when it has neither points nor a location column; only
    /// the columns the command needs are filled when it keeps no others.
    fn from_rows(
        src: Source,
        headers: Vec<String>,
        path: &Path,
        opts: &ReadOptions,
        no_location: Option<String>,
    ) -> Result<Self> {
        let mut r = Self::build(src, headers, path, opts, Encoding::Utf8).map_err(|mut e| {
            if let (ErrorKind::NoLocationColumn, Some(m)) = (e.kind, no_location) {
                e.message = m;
            }
            e
        })?;
        if opts.model_only {
            let cols = r.cols.columns();
            match &mut r.src {
                Source::Features(f) => f.keep_only(&cols),
                #[cfg(feature = "columnar")]
                Source::Parquet(p) => p.keep_only(&cols),
                Source::Csv(_) => {}
            }
        }
        Ok(r)
    }

    /// Reads a (Geo)Parquet file: its rows, its columns, a point geometry their coordinates.
    fn from_parquet(path: &Path, opts: &ReadOptions) -> Result<Self> {
        crate::output::columnar::check_built(crate::output::columnar::TableFormat::GeoParquet)?;
        #[cfg(feature = "columnar")]
        {
            let rows = crate::input::geoparquet::ParquetRows::open(path)?;
            if rows.is_empty() {
                return Err(Error::new(
                    ErrorKind::NoLocationColumn,
                    format!("{}: the file has no rows", path.display()),
                ));
            }
            let kinds = rows.geometry_types.join(", ");
            let no_location = (!kinds.is_empty()).then(|| {
                format!(
                    "{}: no row is a point and no column names a location (geometry types: {kinds}); \
                     incidents are points, or rows with a location column",
                    path.display()
                )
            });
            let notes: Vec<String> = (!rows.skipped.is_empty())
                .then(|| format!("columns left out (no text form here): {}", rows.skipped.join(", ")))
                .into_iter()
                .chain(rows.not_points.clone())
                .collect();
            let headers = rows.headers().to_vec();
            let mut r = Self::from_rows(Source::Parquet(Box::new(rows)), headers, path, opts, no_location)?;
            if !notes.is_empty() {
                r.source_note = Some(format!("{}: {}", path.display(), notes.join("; ")));
            }
            Ok(r)
        }
        #[cfg(not(feature = "columnar"))]
        {
            let _ = (path, opts);
            unreachable!("refused above")
        }
    }

    /// Reads from any source; `path` labels it in messages.
    pub fn from_reader(mut src: Box<dyn Read + Send>, path: &Path, opts: &ReadOptions) -> Result<Self> {
        // Peek at the start: encoding, then delimiter.
        let head = peek(&mut src, 8192, path)?;
        let sniffed = sniff_encoding(&head);
        let utf16_guessed = opts.encoding.is_none()
            && matches!(sniffed, Encoding::Utf16Le | Encoding::Utf16Be)
            && !head.starts_with(b"\xFF\xFE")
            && !head.starts_with(b"\xFE\xFF");
        let mut late_1252 = None;
        let encoding = match (opts.encoding, sniffed) {
            // Declared UTF-8 with a BOM: still skip the BOM.
            (Some(Encoding::Utf8), Encoding::Utf8Bom) => Encoding::Utf8Bom,
            (Some(e), _) => e,
            (None, e) => e,
        };
        let raw: Box<dyn Read + Send> = Box::new(io::Cursor::new(head).chain(src));
        // Everything not UTF-8 is transcoded to UTF-8 while streaming; a BOM is dropped.
        let (body, sample): (Box<dyn Read + Send>, Vec<u8>) = {
            let enc = match encoding {
                Encoding::Utf8 | Encoding::Utf8Bom => None,
                Encoding::Utf16Le => Some(encoding_rs::UTF_16LE),
                Encoding::Utf16Be => Some(encoding_rs::UTF_16BE),
                Encoding::Windows1252 => Some(encoding_rs::WINDOWS_1252),
            };
            let mut r: Box<dyn Read + Send> = match enc {
                // UTF-8 is read as it is (no copy through a decoder); only its BOM is skipped.
                None => {
                    let mut raw = raw;
                    if encoding == Encoding::Utf8Bom {
                        let mut bom = [0u8; 3];
                        raw.read_exact(&mut bom).map_err(|e| Error::unreadable(path, e))?;
                    }
                    if opts.encoding.is_none() {
                        // Not declared: checked as it streams, Windows-1252 from the first byte that is not UTF-8.
                        let (r, found) = crate::input::encoding::Utf8Or1252::new(raw);
                        late_1252 = Some(found);
                        Box::new(r)
                    } else {
                        raw
                    }
                }
                Some(e) => Box::new(
                    encoding_rs_io::DecodeReaderBytesBuilder::new()
                        .encoding(Some(e))
                        .bom_override(true)
                        .strip_bom(true)
                        .build(raw),
                ),
            };
            // Re-peek the decoded start for the delimiter.
            let sample = peek(&mut r, 4096, path)?;
            (Box::new(io::Cursor::new(sample.clone()).chain(r)), sample)
        };
        let delim = sniff_delimiter(&sample);
        let crlf_lines = u64::from(
            sample
                .windows(2)
                .position(|w| w[1] == b'\n')
                .is_some_and(|i| sample[i] == b'\r'),
        );
        let mut rdr = csv::ReaderBuilder::new()
            .delimiter(delim)
            .flexible(true)
            .from_reader(Box::new(BufReader::with_capacity(1 << 16, body)) as Box<dyn Read + Send>);
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
        let mut r = Self::build(Source::Csv(rdr), headers, path, opts, encoding)?;
        r.utf16_guessed = utf16_guessed;
        r.late_1252 = late_1252;
        r.crlf_lines = crlf_lines;
        Ok(r)
    }

    /// The reader over a record source: the layout of its columns, checked.
    fn build(src: Source, headers: Vec<String>, path: &Path, opts: &ReadOptions, encoding: Encoding) -> Result<Self> {
        let location_column = opts.location_column.as_deref();
        let schema = opts.schema.unwrap_or_else(|| schema::detect(&headers));
        let cols = Layout::new(schema, &headers, location_column);
        // Coordinates alone are enough (a points file); a named location column must exist.
        let coordinates_only =
            cols.location.is_none() && location_column.is_none() && cols.lat.is_some() && cols.lon.is_some();
        if cols.location.is_none() && !coordinates_only {
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
        Ok(IncidentReader {
            src,
            label: path.to_path_buf(),
            headers,
            cols,
            order: opts.order,
            encoding,
            utf16_guessed: false,
            late_1252: None,
            crlf_lines: 0,
            date_cache: Default::default(),
            rows: 0,
            last_size: (0, 0),
            spare: None,
            source_note: None,
        })
    }

    pub fn headers(&self) -> &[String] {
        &self.headers
    }

    /// Bytes of (decoded) input read so far, for progress reports.
    /// How many rows the input holds, when that is known before reading
    /// them (a GeoJSON file's features): for callers that keep every row.
    pub fn rows_hint(&self) -> Option<usize> {
        match &self.src {
            Source::Features(f) => Some(f.len()),
            #[cfg(feature = "columnar")]
            Source::Parquet(p) => usize::try_from(p.len()).ok(),
            _ => None,
        }
    }

    pub fn byte_position(&self) -> u64 {
        match &self.src {
            Source::Csv(r) => r.position().byte(),
            Source::Features(f) => f.position(),
            #[cfg(feature = "columnar")]
            Source::Parquet(p) => p.position(),
        }
    }

    /// The schema the columns were read with.
    pub fn schema(&self) -> Schema {
        self.cols.schema
    }

    /// The encoding the file was read in.
    pub fn encoding(&self) -> Encoding {
        self.encoding
    }

    /// Where the common model's columns are.
    pub fn layout(&self) -> &Layout {
        &self.cols
    }

    /// What a user should know about how the file was read: an encoding
    /// guessed rather than declared.
    pub fn notice(&self) -> Option<String> {
        if let Some(n) = &self.source_note {
            return Some(format!("note: {n}"));
        }
        if self.utf16_guessed {
            return Some(format!(
                "warning: {}: no byte-order mark, but a NUL in every other byte: read as {} (use --encoding to say otherwise)",
                self.label.display(),
                self.encoding.as_str()
            ));
        }
        (self.encoding == Encoding::Windows1252).then(|| {
            format!(
                "warning: {}: not UTF-8; read as Windows-1252 and converted (use --encoding to say otherwise)",
                self.label.display()
            )
        })
    }

    /// Said after reading: a file that looked like UTF-8 but had a byte that
    /// is not, after plain ASCII, and was read from there on as Windows-1252.
    pub fn late_notice(&self) -> Option<String> {
        #[cfg(feature = "columnar")]
        if let Source::Parquet(p) = &self.src {
            let n = p.other_geometries();
            return (n > 0).then(|| {
                format!(
                    "note: {}: {n} rows have a geometry that is not a point (a line or polygon): located by their \
                     other columns, if at all",
                    self.label.display()
                )
            });
        }
        let at = self.late_1252.as_ref()?.switched_at()?;
        Some(format!(
            "warning: {}: not UTF-8 from byte {at} on (everything before is plain ASCII); read as Windows-1252 \
             and converted (use --encoding to say otherwise)",
            self.label.display()
        ))
    }

    fn parse_coord(&self, rec: &csv::StringRecord, col: usize, line: u64, lim: f64) -> Result<Option<f64>> {
        let raw = values::trim(rec.get(col).unwrap_or(""));
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
            Ok((location, admin2, admin1, coords, mut flags)) => {
                let facts = self.facts(&rec, &mut flags);
                Ok(Incident {
                    row: self.rows,
                    line,
                    fields: rec,
                    location,
                    admin2,
                    admin1,
                    coords,
                    flags,
                    facts,
                })
            }
            Err(e) => Err((e, rec)),
        }
    }

    /// Date, fatalities, event type, actor, id and the source's precision
    /// code; doubtful values are flagged, not fatal (the original column is
    /// kept in the output either way).
    /// A date column's value, parsed once per distinct string (a file has a few hundred dates, repeated).
    fn parse_date(&self, s: &str) -> Option<dates::EventDate> {
        let mut cache = self.date_cache.borrow_mut();
        if let Some(d) = cache.get(s) {
            return *d;
        }
        if cache.len() >= 100_000 {
            cache.clear();
        }
        let d = dates::parse(s, self.order);
        cache.insert(s.to_string(), d);
        d
    }

    fn facts(&self, rec: &csv::StringRecord, flags: &mut Vec<Flag>) -> crate::model::Facts {
        let get = |c: Option<usize>| c.and_then(|c| rec.get(c)).map(values::trim).filter(|s| !s.is_empty());
        let cols = &self.cols;
        // None: no date column; Some(None): a date that cannot be read.
        let date: Option<Option<dates::EventDate>> = match cols.date {
            DateColumns::None => None,
            DateColumns::Single(c) => get(Some(c)).map(|s| self.parse_date(s)),
            DateColumns::Range(a, b) => get(Some(a)).map(|s| dates::range(s, get(Some(b)).unwrap_or(""), self.order)),
            DateColumns::Written(d, end, precision) => get(Some(d)).map(|s| {
                let mut date = dates::parse(s, Order::Unspecified)?;
                match get(precision) {
                    Some("month") => date.precision = dates::Precision::Month,
                    Some("year") => date.precision = dates::Precision::Year,
                    _ => {}
                }
                if let Some(e) = get(end).and_then(|e| dates::parse(e, Order::Unspecified)) {
                    if e.start > date.start {
                        date.end = Some(e.start);
                    }
                }
                Some(date)
            }),
            DateColumns::Parts(y, m, d) => Some(dates::from_parts(
                get(Some(y)).unwrap_or(""),
                get(Some(m)).unwrap_or(""),
                get(Some(d)).unwrap_or(""),
            )),
        };
        let date = match date.map(|d| d.map(values::date)) {
            Some(Some(Ok(d))) => {
                if d.ambiguous {
                    flags.push(Flag::AmbiguousDate);
                }
                Some(d)
            }
            Some(Some(Err(flag))) => {
                flags.push(flag);
                None
            }
            Some(None) => {
                flags.push(Flag::UnparsedDate);
                None
            }
            None => None,
        };
        let fatalities = get(cols.fatalities).and_then(|s| match values::fatalities(s) {
            Ok(x) => Some(x),
            Err(flag) => {
                flags.push(flag);
                None
            }
        });
        let event_type = get(cols.event_type).map(|s| match cols.schema {
            Schema::Ucdp => schema::ucdp_violence(s).map_or_else(|| s.to_string(), String::from),
            _ => s.to_string(),
        });
        let source_precision = get(cols.precision).map(|code| {
            let meaning = schema::translate_precision(cols.schema, code);
            if meaning.is_none() {
                flags.push(Flag::UnknownSourcePrecision);
            }
            (code.to_string(), meaning)
        });
        crate::model::Facts {
            date,
            fatalities,
            event_type,
            actor: get(cols.actor).map(String::from),
            id: get(cols.id).map(String::from),
            source_precision,
            dedup: None,
        }
    }

    /// The location, district, province, coordinates and flags of a record.
    #[allow(clippy::type_complexity)]
    fn check(
        &self,
        rec: &csv::StringRecord,
        line: u64,
    ) -> Result<(String, Option<String>, Option<String>, Option<(f64, f64)>, Vec<Flag>)> {
        let get = |c: Option<usize>| {
            c.and_then(|c| rec.get(c))
                .map(values::trim)
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
                flags.push(Flag::ZeroCoordinates);
                None
            }
            (Some(a), Some(b)) => Some((a, b)),
            (None, None) => None,
            _ => {
                flags.push(Flag::PartialCoordinates);
                None
            }
        };
        let location = values::trim(self.cols.location.and_then(|c| rec.get(c)).unwrap_or("")).to_string();
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

    /// Hands back a row's fields once the caller is done with them: the
    /// next row is read into their buffers instead of new ones.
    pub fn recycle(&mut self, fields: csv::StringRecord) {
        self.spare = Some(fields.into_byte_record());
    }

    /// The next row, or `None` at the end of the input.
    pub fn next_row(&mut self) -> Option<std::result::Result<Incident, RowError>> {
        loop {
            // Sized like the previous row, so reading does not grow the buffers field by field.
            let mut rec = self
                .spare
                .take()
                .unwrap_or_else(|| csv::ByteRecord::with_capacity(self.last_size.0 + 16, self.last_size.1.max(1)));
            // A CSV row's position is its line; a GeoJSON row's, its feature number.
            let (res, line) = match &mut self.src {
                Source::Csv(r) => {
                    let res = r.read_byte_record(&mut rec);
                    (res, rec.position().map(|p| p.line() + self.crlf_lines).unwrap_or(0))
                }
                #[cfg(feature = "columnar")]
                Source::Parquet(p) => match p.read(&mut rec) {
                    Ok(more) => (Ok(more), self.rows + 1),
                    Err(error) => {
                        // The row's values, read before its geometry failed, go to the rejects.
                        self.rows += 1;
                        let raw = rec.iter().map(|f| String::from_utf8_lossy(f).into_owned()).collect();
                        return Some(Err(RowError {
                            error,
                            line: self.rows,
                            raw,
                        }));
                    }
                },
                Source::Features(f) => match f.read(&mut rec) {
                    Ok(more) => (Ok(more), self.rows + 1),
                    Err(e) => {
                        self.rows += 1;
                        let line = self.rows;
                        let error = Error::at_line(e.kind, &self.label, line, e.message);
                        return Some(Err(RowError {
                            error,
                            line,
                            raw: Vec::new(),
                        }));
                    }
                },
            };
            self.last_size = (rec.as_slice().len(), rec.len());
            match res {
                Ok(false) => return None,
                Ok(true) => {}
                Err(e) => {
                    self.rows += 1;
                    let line = e.position().map(|p| p.line() + self.crlf_lines).unwrap_or(line);
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
                            "malformed CSV line: field '{name}' (column {}) is not valid UTF-8{}",
                            field + 1,
                            if self.encoding == Encoding::Windows1252 {
                                ""
                            } else {
                                "; if the file was saved by Excel on Windows, read it with --encoding windows-1252"
                            }
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
