//! GeoParquet (and plain Parquet) as a record source: each row is a row, its
//! columns the columns, the primary geometry — when it is a point — the
//! row's `longitude` and `latitude`, as for GeoJSON. Read a row group at a
//! time, in batches, and only the columns a command needs (`count` reads a
//! few of thirty), so that memory stays a batch's worth.
//!
//! Geometry: WKB (ISO or extended, either byte order) or GeoArrow's native
//! point encoding; other geometry types give no point. A file whose CRS is
//! not longitude/latitude on WGS 84 is refused (its numbers would land the
//! points elsewhere). Values are read back as text, as a CSV holds them:
//! whole numbers without a decimal point, dates `YYYY-MM-DD`.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Date32Type, Date64Type, Float32Type, Float64Type, Int16Type, Int32Type, Int64Type, Int8Type, UInt16Type,
    UInt32Type, UInt64Type, UInt8Type,
};
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_schema::{DataType, TimeUnit};
use geo_traits::{CoordTrait, GeometryTrait, GeometryType, PointTrait};
use parquet::arrow::arrow_reader::{ArrowReaderMetadata, ParquetRecordBatchReader, ParquetRecordBatchReaderBuilder};
use parquet::arrow::ProjectionMask;

use crate::error::{Error, ErrorKind, Result};
use crate::input::schema::{LAT_COLUMNS, LON_COLUMNS};

/// Rows decoded at once.
const BATCH: usize = 8192;

/// Where a header's values come from.
#[derive(Debug, Clone, Copy, PartialEq)]
enum From {
    /// A root column, by its index in the file.
    Column(usize),
    Lon,
    Lat,
}

/// The rows of a (Geo)Parquet file.
pub struct ParquetRows {
    label: PathBuf,
    file: File,
    meta: ArrowReaderMetadata,
    headers: Vec<String>,
    from: Vec<From>,
    /// The geometry column (root index), when it can hold points.
    geometry: Option<usize>,
    /// Which headers to fill (all, until [`ParquetRows::keep_only`]).
    wanted: Vec<bool>,
    /// Batches decoded and turned into rows on a thread of their own, a batch or two ahead.
    reader: Option<std::sync::mpsc::Receiver<std::result::Result<Rows, String>>>,
    /// The rows of the batch being read.
    batch: std::collections::VecDeque<std::result::Result<csv::ByteRecord, (String, csv::ByteRecord)>>,
    rows: u64,
    read: u64,
    size: u64,
    /// Columns left out (types with no text form here), for a notice.
    pub skipped: Vec<String>,
    /// Geometry types the file declares.
    pub geometry_types: Vec<String>,
    /// Why the geometry gives no points, when it gives none.
    pub not_points: Option<String>,
    /// Rows whose geometry was read and is not a point (counted as they are read).
    other_geometries: Arc<AtomicU64>,
}

/// Whether a path names a Parquet file by its extension.
pub fn is_parquet_path(p: &Path) -> bool {
    crate::output::columnar::TableFormat::of_path(p) == Some(crate::output::columnar::TableFormat::GeoParquet)
}

/// Whether a column's values can be read as text here.
fn readable(t: &DataType) -> bool {
    use DataType::*;
    match t {
        Utf8
        | LargeUtf8
        | Utf8View
        | Boolean
        | Int8
        | Int16
        | Int32
        | Int64
        | UInt8
        | UInt16
        | UInt32
        | UInt64
        | Float32
        | Float64
        | Date32
        | Date64
        | Timestamp(_, _)
        | Decimal32(_, _)
        | Decimal64(_, _)
        | Decimal128(_, _)
        | Decimal256(_, _) => true,
        Dictionary(_, v) => matches!(**v, Utf8 | LargeUtf8),
        _ => false,
    }
}

/// Whether a CRS (PROJJSON, or a string) is longitude/latitude on WGS 84.
fn lon_lat(crs: &serde_json::Value) -> bool {
    let id = |v: &serde_json::Value| {
        let a = v["authority"].as_str().unwrap_or("").to_ascii_uppercase();
        let c = match &v["code"] {
            serde_json::Value::Number(n) => n.to_string(),
            serde_json::Value::String(s) => s.to_ascii_uppercase(),
            _ => String::new(),
        };
        (a, c)
    };
    match crs {
        serde_json::Value::Null => true,
        serde_json::Value::String(s) => {
            let s = s.to_ascii_uppercase();
            s.ends_with("CRS84") || s == "EPSG:4326" || s == "WGS84"
        }
        v => matches!(
            id(&v["id"]),
            (a, c) if (a == "OGC" && c == "CRS84") || (a == "EPSG" && c == "4326") || (a == "OGC" && c == "CRS:84")
        ),
    }
}

/// What a file's `geo` metadata says of its primary geometry.
#[derive(Default)]
struct Geometry {
    /// The column to read points from (its root index), when it can hold points.
    column: Option<usize>,
    /// The geometry types declared (`Point`, `Polygon Z`, ...), sorted.
    types: Vec<String>,
    /// Why the geometry gives no points, when its encoding cannot hold any.
    not_points: Option<String>,
    /// The geometry columns and their coverings: not columns of the rows.
    not_columns: Vec<String>,
}

/// The primary geometry of a GeoParquet file: refused when its CRS is not
/// longitude/latitude (exit 7), none when its encoding holds no points.
fn primary_geometry(
    g: &geoparquet::metadata::GeoParquetMetadata,
    schema: &arrow_schema::Schema,
    path: &Path,
) -> Result<Geometry> {
    let bad = |msg: String| Error::new(ErrorKind::NoLocationColumn, format!("{}: {msg}", path.display()));
    let mut not_columns = Vec::new();
    for (name, c) in &g.columns {
        not_columns.push(name.clone());
        if let Some(cov) = &c.covering {
            not_columns.extend(cov.bbox.xmin.first().cloned());
        }
    }
    let primary = &g.primary_column;
    let c = g.columns.get(primary).ok_or_else(|| {
        bad(format!(
            "its GeoParquet metadata names `{primary}` the primary column but does not describe it"
        ))
    })?;
    if let Some(crs) = c.crs.as_ref().filter(|c| !lon_lat(c)) {
        let name = crs["name"]
            .as_str()
            .map(str::to_string)
            .unwrap_or_else(|| crs.to_string());
        return Err(Error::new(
            ErrorKind::InvalidCoordinates,
            format!(
                "{}: the geometry's CRS is {name}, not longitude/latitude on WGS 84 (OGC:CRS84, EPSG:4326); \
                 reproject it first, e.g. ogr2ogr -t_srs EPSG:4326",
                path.display()
            ),
        ));
    }
    let idx = schema
        .index_of(primary)
        .map_err(|_| bad(format!("the geometry column `{primary}` is not in the file")))?;
    let as_str = |v: Option<serde_json::Value>| v.and_then(|v| v.as_str().map(str::to_string));
    let mut types: Vec<String> = c
        .geometry_types
        .iter()
        .map(|t| as_str(serde_json::to_value(t).ok()).unwrap_or_default())
        .collect();
    types.sort();
    let holds_points = match schema.field(idx).data_type() {
        DataType::Binary | DataType::LargeBinary | DataType::BinaryView => true,
        DataType::Struct(f) => f.iter().any(|f| f.name() == "x") && f.iter().any(|f| f.name() == "y"),
        _ => false,
    };
    // Lines or polygons in GeoArrow's native encodings: no point to read.
    let not_points = (!holds_points).then(|| {
        format!(
            "the geometry column `{primary}` holds {} ({} encoding), not points: rows are located by their other \
             columns",
            types.join(", "),
            as_str(serde_json::to_value(c.encoding).ok()).unwrap_or_else(|| "native".into())
        )
    });
    Ok(Geometry {
        column: holds_points.then_some(idx),
        types,
        not_points,
        not_columns,
    })
}

impl ParquetRows {
    /// Opens a Parquet file and reads its footer (no rows yet).
    pub fn open(path: &Path) -> Result<Self> {
        let file = File::open(path).map_err(|e| Error::unreadable(path, e))?;
        let size = file.metadata().map(|m| m.len()).unwrap_or(0);
        let meta = ArrowReaderMetadata::load(&file, Default::default())
            .map_err(|e| Error::unreadable(path, format!("not a Parquet file: {e}")))?;
        let geo = match geoparquet::metadata::GeoParquetMetadata::from_parquet_meta(meta.metadata().file_metadata()) {
            Some(Ok(g)) => Some(g),
            Some(Err(e)) => {
                return Err(Error::new(
                    ErrorKind::NoLocationColumn,
                    format!(
                        "{}: its GeoParquet metadata (key `geo`) cannot be read: {e}",
                        path.display()
                    ),
                ))
            }
            None => None,
        };
        let schema = meta.schema().clone();
        let found = match &geo {
            Some(g) => primary_geometry(g, &schema, path)?,
            None => Geometry::default(),
        };
        let Geometry {
            column: geometry,
            types: geometry_types,
            not_points,
            not_columns,
        } = found;
        let points =
            geometry.is_some() && (geometry_types.is_empty() || geometry_types.iter().any(|t| t.starts_with("Point")));
        // A file that declares only lines or polygons: no point columns, and a note that says why.
        let not_points = not_points.or_else(|| {
            (geometry.is_some() && !points).then(|| {
                format!(
                    "the geometry holds {}, not points: rows are located by their other columns",
                    geometry_types.join(", ")
                )
            })
        });
        let mut headers = Vec::new();
        let mut from = Vec::new();
        let mut skipped = Vec::new();
        for (i, f) in schema.fields().iter().enumerate() {
            if not_columns.iter().any(|n| n == f.name()) {
                continue;
            }
            if !readable(f.data_type()) {
                skipped.push(format!("{} ({})", f.name(), f.data_type()));
                continue;
            }
            let mut name = f.name().clone();
            if points
                && LAT_COLUMNS
                    .iter()
                    .chain(LON_COLUMNS)
                    .any(|c| name.eq_ignore_ascii_case(c))
            {
                // The geometry is the point: a column of the same name is kept aside.
                name = format!("src_{name}");
            }
            headers.push(name);
            from.push(From::Column(i));
        }
        if points {
            headers.extend(["longitude".to_string(), "latitude".to_string()]);
            from.extend([From::Lon, From::Lat]);
        }
        let rows = meta.metadata().file_metadata().num_rows().max(0) as u64;
        Ok(ParquetRows {
            label: path.to_path_buf(),
            file,
            meta,
            wanted: vec![true; headers.len()],
            headers,
            from,
            geometry,
            reader: None,
            batch: Default::default(),
            rows,
            read: 0,
            size,
            skipped,
            geometry_types,
            not_points,
            other_geometries: Default::default(),
        })
    }

    pub fn headers(&self) -> &[String] {
        &self.headers
    }

    /// Rows in the file (from its footer).
    pub fn len(&self) -> u64 {
        self.rows
    }

    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    /// About where in the file reading is (rows read, in proportion), for a progress bar.
    pub fn position(&self) -> u64 {
        match self.rows {
            0 => 0,
            n => (self.size as u128 * self.read as u128 / n as u128) as u64,
        }
    }

    /// How many rows read so far have a geometry that is not a point (a line,
    /// a polygon): located by their other columns, if at all.
    pub fn other_geometries(&self) -> u64 {
        self.other_geometries.load(Ordering::Relaxed)
    }

    /// Fills only these columns (the others stay empty) and reads only
    /// theirs from the file. Before the first row.
    pub fn keep_only(&mut self, columns: &[usize]) {
        self.wanted.iter_mut().for_each(|w| *w = false);
        for &c in columns {
            if let Some(w) = self.wanted.get_mut(c) {
                *w = true;
            }
        }
    }

    /// Starts decoding every row group, the columns wanted, on a thread of its own.
    fn start(&mut self) -> Result<std::sync::mpsc::Receiver<std::result::Result<Rows, String>>> {
        let reader = self.reader_of_wanted()?;
        let render = Render {
            schema: self.meta.schema().clone(),
            from: self.from.clone(),
            wanted: self.wanted.clone(),
            geometry: self.geometry,
            other_geometries: Arc::clone(&self.other_geometries),
        };
        let (tx, rx) = std::sync::mpsc::sync_channel(2);
        std::thread::Builder::new()
            .name("parquet".into())
            .spawn(move || {
                for b in reader {
                    // A closed channel: the rows are no longer wanted.
                    if tx.send(b.map(|b| render.rows(&b)).map_err(|e| e.to_string())).is_err() {
                        break;
                    }
                }
            })
            .map_err(|e| Error::unreadable(&self.label, e))?;
        Ok(rx)
    }

    /// The reader over every row group, of the columns wanted.
    fn reader_of_wanted(&mut self) -> Result<ParquetRecordBatchReader> {
        let mut roots: Vec<usize> = self
            .from
            .iter()
            .zip(&self.wanted)
            .filter_map(|(f, w)| match (f, w) {
                (From::Column(i), true) => Some(*i),
                _ => None,
            })
            .collect();
        let wants_point = self
            .from
            .iter()
            .zip(&self.wanted)
            .any(|(f, w)| *w && matches!(f, From::Lon | From::Lat));
        if let (true, Some(g)) = (wants_point, self.geometry) {
            roots.push(g);
        }
        roots.sort_unstable();
        let file = self.file.try_clone().map_err(|e| Error::unreadable(&self.label, e))?;
        let mask = ProjectionMask::roots(self.meta.parquet_schema(), roots);
        ParquetRecordBatchReaderBuilder::new_with_metadata(file, self.meta.clone())
            .with_projection(mask)
            .with_batch_size(BATCH)
            .build()
            .map_err(|e| Error::unreadable(&self.label, e))
    }

    /// Reads the next row into `rec`; false at the end.
    pub fn read(&mut self, rec: &mut csv::ByteRecord) -> Result<bool> {
        while self.batch.is_empty() {
            if self.reader.is_none() {
                self.reader = Some(self.start()?);
            }
            match self.reader.as_ref().and_then(|r| r.recv().ok()) {
                None => return Ok(false),
                Some(Err(e)) => {
                    return Err(Error::unreadable(
                        &self.label,
                        format!("reading on from row {}: {e}", self.read + 1),
                    ))
                }
                Some(Ok(rows)) => self.batch = rows.into(),
            }
        }
        self.read += 1;
        match self.batch.pop_front().expect("a row") {
            Ok(r) => {
                *rec = r;
                Ok(true)
            }
            Err((e, r)) => {
                // The row's values go with its error (to the rejects file).
                *rec = r;
                Err(Error::at_line(
                    ErrorKind::InvalidCoordinates,
                    &self.label,
                    self.read,
                    format!("geometry: {e}"),
                ))
            }
        }
    }
}

/// Turns a batch into rows of text, as the headers ask: on the decoding thread.
struct Render {
    schema: arrow_schema::SchemaRef,
    from: Vec<From>,
    wanted: Vec<bool>,
    geometry: Option<usize>,
    other_geometries: Arc<AtomicU64>,
}

/// A batch's rows; a row whose geometry cannot be read comes with its error.
type Rows = Vec<std::result::Result<csv::ByteRecord, (String, csv::ByteRecord)>>;

impl Render {
    fn rows(&self, b: &RecordBatch) -> Rows {
        // Each header's column in the batch, found by name (the projection keeps names).
        let bs = b.schema();
        let cols: Vec<Option<usize>> = self
            .from
            .iter()
            .map(|f| match f {
                From::Column(i) => bs.index_of(self.schema.field(*i).name()).ok(),
                _ => None,
            })
            .collect();
        let g = self
            .geometry
            .and_then(|g| bs.index_of(self.schema.field(g).name()).ok());
        let mut text = Vec::new();
        (0..b.num_rows())
            .map(|row| {
                let (point, error) = match g.map(|g| point_at(b.column(g), row)) {
                    Some(Ok(Found::Point(x, y))) => (Some((x, y)), None),
                    Some(Ok(Found::Other)) => {
                        self.other_geometries.fetch_add(1, Ordering::Relaxed);
                        (None, None)
                    }
                    Some(Err(e)) => (None, Some(e)),
                    Some(Ok(Found::Null)) | None => (None, None),
                };
                let mut rec = csv::ByteRecord::with_capacity(256, self.from.len());
                for ((f, col), wanted) in self.from.iter().zip(&cols).zip(&self.wanted) {
                    text.clear();
                    if *wanted {
                        match (f, col, point) {
                            (From::Column(_), Some(c), _) => push_text(b.column(*c), row, &mut text),
                            (From::Lon, _, Some((x, _))) => push_float(&mut text, x),
                            (From::Lat, _, Some((_, y))) => push_float(&mut text, y),
                            _ => {}
                        }
                    }
                    rec.push_field(&text);
                }
                match error {
                    Some(e) => Err((e, rec)),
                    None => Ok(rec),
                }
            })
            .collect()
    }
}

fn push_float(out: &mut Vec<u8>, x: f64) {
    use std::io::Write;
    let _ = write!(out, "{x}");
}

/// What a row's geometry is.
enum Found {
    /// Null or empty.
    Null,
    Point(f64, f64),
    /// A line, a polygon, a collection: no point to take.
    Other,
}

/// A row's point, if its geometry is one.
fn point_at(a: &ArrayRef, row: usize) -> std::result::Result<Found, String> {
    if a.is_null(row) {
        return Ok(Found::Null);
    }
    let found = match a.data_type() {
        DataType::Binary => wkb_point(a.as_binary::<i32>().value(row))?,
        DataType::LargeBinary => wkb_point(a.as_binary::<i64>().value(row))?,
        DataType::BinaryView => wkb_point(a.as_binary_view().value(row))?,
        DataType::Struct(_) => {
            let s = a.as_struct();
            let coord = |n: &str| {
                s.column_by_name(n)
                    .and_then(|c| c.as_primitive_opt::<Float64Type>())
                    .map(|c| c.value(row))
            };
            match coord("x").zip(coord("y")) {
                Some((x, y)) => Found::Point(x, y),
                None => Found::Null,
            }
        }
        t => return Err(format!("a {t} column holds no points")),
    };
    Ok(match found {
        Found::Point(x, y) if x.is_nan() || y.is_nan() => Found::Null,
        f => f,
    })
}

/// The point of a WKB geometry.
fn wkb_point(bytes: &[u8]) -> std::result::Result<Found, String> {
    let g = wkb::reader::read_wkb(bytes).map_err(|e| format!("not WKB: {e}"))?;
    Ok(match g.as_type() {
        GeometryType::Point(p) => p.coord().map_or(Found::Null, |c| Found::Point(c.x(), c.y())),
        _ => Found::Other,
    })
}

/// Appends a value as text (nothing for null).
fn push_text(a: &ArrayRef, row: usize, out: &mut Vec<u8>) {
    use std::io::Write;
    if a.is_null(row) {
        return;
    }
    macro_rules! num {
        ($t:ty) => {{
            let _ = write!(out, "{}", a.as_primitive::<$t>().value(row));
        }};
    }
    macro_rules! dec {
        ($t:ty) => {
            out.extend_from_slice(a.as_primitive::<$t>().value_as_string(row).as_bytes())
        };
    }
    match a.data_type() {
        DataType::Utf8 => out.extend_from_slice(a.as_string::<i32>().value(row).as_bytes()),
        DataType::LargeUtf8 => out.extend_from_slice(a.as_string::<i64>().value(row).as_bytes()),
        DataType::Utf8View => out.extend_from_slice(a.as_string_view().value(row).as_bytes()),
        DataType::Boolean => out.extend_from_slice(if a.as_boolean().value(row) { "true" } else { "false" }.as_bytes()),
        DataType::Int8 => num!(Int8Type),
        DataType::Int16 => num!(Int16Type),
        DataType::Int32 => num!(Int32Type),
        DataType::Int64 => num!(Int64Type),
        DataType::UInt8 => num!(UInt8Type),
        DataType::UInt16 => num!(UInt16Type),
        DataType::UInt32 => num!(UInt32Type),
        DataType::UInt64 => num!(UInt64Type),
        DataType::Float32 => num!(Float32Type),
        DataType::Float64 => num!(Float64Type),
        DataType::Date32 => {
            if let Some(d) = a.as_primitive::<Date32Type>().value_as_date(row) {
                crate::input::dates::push_iso_day(out, d);
            }
        }
        DataType::Date64 => {
            if let Some(d) = a.as_primitive::<Date64Type>().value_as_date(row) {
                crate::input::dates::push_iso_day(out, d);
            }
        }
        DataType::Timestamp(unit, tz) => {
            use arrow_array::types::{
                TimestampMicrosecondType as Us, TimestampMillisecondType as Ms, TimestampNanosecondType as Ns,
                TimestampSecondType as S,
            };
            // A zone's local day and time (an event in Quetta on the 5th, not in UTC on the 4th).
            let zone: Option<arrow_array::timezone::Tz> = tz.as_deref().and_then(|z| z.parse().ok());
            let t = match unit {
                TimeUnit::Second => local::<S>(a, row, zone),
                TimeUnit::Millisecond => local::<Ms>(a, row, zone),
                TimeUnit::Microsecond => local::<Us>(a, row, zone),
                TimeUnit::Nanosecond => local::<Ns>(a, row, zone),
            };
            if let Some(t) = t {
                if t.time() == chrono::NaiveTime::MIN {
                    crate::input::dates::push_iso_day(out, t.date());
                } else {
                    let _ = write!(out, "{}", t.format("%Y-%m-%d %H:%M:%S"));
                }
            }
        }
        DataType::Decimal32(_, _) => dec!(arrow_array::types::Decimal32Type),
        DataType::Decimal64(_, _) => dec!(arrow_array::types::Decimal64Type),
        DataType::Decimal128(_, _) => dec!(arrow_array::types::Decimal128Type),
        DataType::Decimal256(_, _) => dec!(arrow_array::types::Decimal256Type),
        DataType::Dictionary(_, _) => {
            if let Some(d) = a.as_any_dictionary_opt() {
                if let Some(k) = key_at(d.keys(), row) {
                    push_text(d.values(), k, out);
                }
            }
        }
        _ => {}
    }
}

/// A timestamp as the clock showed it in `zone` (UTC's when there is none).
fn local<T: arrow_array::types::ArrowTimestampType>(
    a: &ArrayRef,
    row: usize,
    zone: Option<arrow_array::timezone::Tz>,
) -> Option<chrono::NaiveDateTime> {
    let p = a.as_primitive::<T>();
    match zone {
        Some(z) => p.value_as_datetime_with_tz(row, z).map(|t| t.naive_local()),
        None => p.value_as_datetime(row),
    }
}

/// A dictionary's key at `row`, as an index into its values.
fn key_at(keys: &dyn Array, row: usize) -> Option<usize> {
    macro_rules! key {
        ($t:ty) => {
            usize::try_from(keys.as_primitive::<$t>().value(row)).ok()
        };
    }
    match keys.data_type() {
        DataType::Int8 => key!(Int8Type),
        DataType::Int16 => key!(Int16Type),
        DataType::Int32 => key!(Int32Type),
        DataType::Int64 => key!(Int64Type),
        DataType::UInt8 => key!(UInt8Type),
        DataType::UInt16 => key!(UInt16Type),
        DataType::UInt32 => key!(UInt32Type),
        DataType::UInt64 => key!(UInt64Type),
        _ => None,
    }
}
