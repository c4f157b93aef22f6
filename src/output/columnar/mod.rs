//! Typed point tables for the tools that take over when one machine is not
//! enough: GeoParquet 1.1 (DuckDB, Spark/Sedona, BigQuery, geopandas) and
//! FlatGeobuf (QGIS, GDAL, web maps, with its spatial index).
//!
//! A [`TableWriter`] takes one row at a time — a point or none, and one
//! [`Cell`] per column of the schema fixed at its start — and writes them in
//! record batches, so that memory stays a batch's worth whatever the number
//! of rows. Columns are typed ([`Kind`]): the `geo_*` model as integers,
//! floats, dates and strings, other columns as strings.
//!
//! Built with the `columnar` cargo feature (on by default); without it the
//! formats are refused with a message that says so.

#[cfg(feature = "columnar")]
mod batch;
#[cfg(feature = "columnar")]
mod fgb;
#[cfg(feature = "columnar")]
mod geoparquet;

use std::io::{self, Write};

use chrono::NaiveDate;

use crate::error::{Error, ErrorKind, Result};

/// Refuses a CSV side output (`--rejects`, `--unmatched`, ...) named like a
/// typed table: it would be CSV under a `.parquet` or `.fgb` name, which
/// every reader of that format would refuse.
pub fn refuse_table_name(option: &str, p: &std::path::Path) -> Result<()> {
    match TableFormat::of_path(p) {
        Some(f) => Err(Error::new(
            ErrorKind::Argument,
            format!(
                "{option} {}: this file is written as CSV, not {}; give it a .csv name",
                p.display(),
                f.name()
            ),
        )),
        None => Ok(()),
    }
}

/// Whether this build writes and reads `format` (the `columnar` feature).
pub fn check_built(format: TableFormat) -> Result<()> {
    if cfg!(feature = "columnar") {
        Ok(())
    } else {
        Err(not_built(format))
    }
}

/// A column's type in a typed table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Str,
    /// A whole number (64 bits).
    Int,
    /// A floating-point number (64 bits).
    Float,
    /// A calendar day (Parquet DATE; FlatGeobuf DateTime `YYYY-MM-DD`).
    Date,
}

/// One value of a row, borrowed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell<'a> {
    Null,
    Str(&'a str),
    Int(i64),
    Float(f64),
    Date(NaiveDate),
}

#[cfg_attr(not(feature = "columnar"), allow(dead_code))]
impl Cell<'_> {
    /// The value as a column of `kind` holds it: numbers and dates written as
    /// strings where a string is wanted, a float that is a whole number where
    /// an integer is; what cannot be converted is null.
    fn int(&self) -> Option<i64> {
        match *self {
            Cell::Int(v) => Some(v),
            Cell::Float(x) if x.fract() == 0.0 && x.abs() < 9.0e15 => Some(x as i64),
            Cell::Str(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    fn float(&self) -> Option<f64> {
        match *self {
            Cell::Float(x) if x.is_finite() => Some(x),
            Cell::Int(v) => Some(v as f64),
            Cell::Str(s) => s.trim().parse().ok().filter(|x: &f64| x.is_finite()),
            _ => None,
        }
    }

    fn date(&self) -> Option<NaiveDate> {
        match *self {
            Cell::Date(d) => Some(d),
            Cell::Str(s) => NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok(),
            _ => None,
        }
    }

    /// Appends the value as text (nothing for null); false when it is null.
    fn text(&self, out: &mut String) -> bool {
        use std::fmt::Write as _;
        match *self {
            Cell::Null => return false,
            Cell::Str(s) => out.push_str(s),
            Cell::Int(v) => {
                let _ = write!(out, "{v}");
            }
            Cell::Float(x) if x.is_finite() => {
                let _ = write!(out, "{x}");
            }
            Cell::Float(_) => return false,
            Cell::Date(d) => out.push_str(&crate::input::dates::iso_day(d)),
        }
        true
    }
}

/// A column of a typed table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub name: String,
    pub kind: Kind,
}

impl Column {
    pub fn new(name: impl Into<String>, kind: Kind) -> Self {
        Column {
            name: name.into(),
            kind,
        }
    }
}

/// The typed table formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableFormat {
    /// GeoParquet 1.1: WKB points, a `bbox` covering column, zstd.
    GeoParquet,
    /// FlatGeobuf with its packed Hilbert R-tree.
    FlatGeobuf,
}

impl TableFormat {
    /// The typed format a path's extension names (`.parquet`, `.geoparquet`, `.fgb`).
    pub fn of_path(p: &std::path::Path) -> Option<TableFormat> {
        match p.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "parquet" | "geoparquet" => Some(TableFormat::GeoParquet),
            "fgb" => Some(TableFormat::FlatGeobuf),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            TableFormat::GeoParquet => "GeoParquet",
            TableFormat::FlatGeobuf => "FlatGeobuf",
        }
    }
}

/// Rows gathered before they are handed to the encoder: the memory a
/// writer holds is about two batches (plus, for GeoParquet, the row group
/// being filled, compressed).
pub const BATCH_ROWS: usize = 16 * 1024;

/// Rows in a GeoParquet row group: what a reader skips or reads at once,
/// and the unit of bounding-box pruning.
pub const ROW_GROUP_ROWS: usize = 128 * 1024;

/// What a finished table holds.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct TableCounts {
    /// Rows in the file.
    pub written: u64,
    /// Rows given without a point and left out (FlatGeobuf: its spatial
    /// index holds no null geometry — GDAL refuses one).
    pub left_out: u64,
}

/// Writes a typed point table, one row at a time: rows are gathered into
/// batches here, and encoded and written on a thread of their own, a batch
/// behind, so that making rows and writing them overlap (two batches in
/// memory at most).
pub struct TableWriter<W: Write + Send + 'static> {
    #[cfg(feature = "columnar")]
    pipeline: batch::Pipeline<W>,
    #[cfg(not(feature = "columnar"))]
    #[allow(dead_code)]
    none: std::marker::PhantomData<W>,
}

/// The error for a build without the `columnar` feature.
pub fn not_built(format: TableFormat) -> Error {
    Error::new(
        ErrorKind::Usage,
        format!(
            "this incident-mapper was built without {} support (cargo feature `columnar`, on by default)",
            format.name()
        ),
    )
}

impl<W: Write + Send + 'static> TableWriter<W> {
    /// Starts a table of `columns` written to `w`; `layer` names it where the
    /// format has a name (FlatGeobuf).
    pub fn new(w: W, format: TableFormat, columns: Vec<Column>, layer: &str) -> io::Result<Self> {
        #[cfg(feature = "columnar")]
        {
            let columns = rename_reserved(columns);
            let kinds: Vec<Kind> = columns.iter().map(|c| c.kind).collect();
            let pipeline = match format {
                TableFormat::GeoParquet => {
                    batch::Pipeline::start(&kinds, "geoparquet", move |rx| geoparquet::encode(w, &columns, rx))?
                }
                TableFormat::FlatGeobuf => {
                    let layer = layer.to_string();
                    batch::Pipeline::start(&kinds, "flatgeobuf", move |rx| fgb::encode(w, &columns, &layer, rx))?
                }
            };
            Ok(TableWriter { pipeline })
        }
        #[cfg(not(feature = "columnar"))]
        {
            let _ = (w, columns, layer);
            Err(io::Error::other(not_built(format).message))
        }
    }

    /// Adds a row: its point (`lon`, `lat`) or none, and one cell per column.
    pub fn row<'a>(&mut self, point: Option<(f64, f64)>, cells: impl IntoIterator<Item = Cell<'a>>) -> io::Result<()> {
        #[cfg(feature = "columnar")]
        {
            self.pipeline.row(point, cells)
        }
        #[cfg(not(feature = "columnar"))]
        {
            let _ = (point, cells.into_iter());
            Ok(())
        }
    }

    /// Writes what is left and the file's metadata; returns the writer and what the table holds.
    pub fn finish(self) -> io::Result<(W, TableCounts)> {
        #[cfg(feature = "columnar")]
        {
            self.pipeline.finish()
        }
        #[cfg(not(feature = "columnar"))]
        {
            unreachable!("no table is started without the feature")
        }
    }
}

/// The names a GeoParquet file uses for itself (its geometry and its
/// covering column), in any case — DuckDB's names are case-insensitive.
const RESERVED: [&str; 2] = ["geometry", "bbox"];

/// The columns, with one named like the geometry or its covering renamed
/// `src_<name>` (as the GeoJSON renames an own `latitude`): two columns of
/// one name make a file that pyarrow and geopandas refuse.
pub fn rename_reserved(mut columns: Vec<Column>) -> Vec<Column> {
    for i in 0..columns.len() {
        if !RESERVED.iter().any(|r| columns[i].name.eq_ignore_ascii_case(r)) {
            continue;
        }
        let base = format!("src_{}", columns[i].name);
        let mut name = base.clone();
        let mut k = 2;
        while columns.iter().any(|c| c.name.eq_ignore_ascii_case(&name)) {
            name = format!("{base}_{k}");
            k += 1;
        }
        columns[i].name = name;
    }
    columns
}

/// An encoder's error as an I/O error of the output it goes to.
#[cfg(feature = "columnar")]
fn table_error(e: impl std::fmt::Display) -> io::Error {
    io::Error::other(e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_convert_to_the_column_kind_or_to_null() {
        let day = NaiveDate::from_ymd_opt(2025, 3, 11).unwrap();
        assert_eq!(Cell::Int(7).int(), Some(7));
        assert_eq!(Cell::Float(7.0).int(), Some(7));
        assert_eq!(Cell::Float(7.5).int(), None, "not a whole number");
        assert_eq!(Cell::Str(" 12 ").int(), Some(12));
        assert_eq!(Cell::Str("many").int(), None);
        assert_eq!(Cell::Float(f64::NAN).float(), None);
        assert_eq!(Cell::Int(3).float(), Some(3.0));
        assert_eq!(Cell::Str("2025-03-11").date(), Some(day));
        assert_eq!(Cell::Str("11/03/2025").date(), None);
        let text = |c: Cell| {
            let mut s = String::new();
            c.text(&mut s).then_some(s)
        };
        assert_eq!(text(Cell::Date(day)).as_deref(), Some("2025-03-11"));
        assert_eq!(text(Cell::Float(0.25)).as_deref(), Some("0.25"));
        assert_eq!(text(Cell::Float(4.0)).as_deref(), Some("4"));
        assert_eq!(text(Cell::Float(f64::INFINITY)), None);
        assert_eq!(text(Cell::Null), None);
    }

    #[test]
    fn columns_named_like_the_geometry_are_renamed() {
        let cols = |names: &[&str]| names.iter().map(|n| Column::new(*n, Kind::Str)).collect::<Vec<_>>();
        let names = |c: Vec<Column>| c.into_iter().map(|c| c.name).collect::<Vec<_>>();
        assert_eq!(
            names(rename_reserved(cols(&["id", "Geometry", "bbox", "src_bbox"]))),
            vec!["id", "src_Geometry", "src_bbox_2", "src_bbox"]
        );
    }

    #[test]
    fn formats_by_extension() {
        use std::path::Path;
        assert_eq!(
            TableFormat::of_path(Path::new("a/x.PARQUET")),
            Some(TableFormat::GeoParquet)
        );
        assert_eq!(
            TableFormat::of_path(Path::new("x.geoparquet")),
            Some(TableFormat::GeoParquet)
        );
        assert_eq!(TableFormat::of_path(Path::new("x.fgb")), Some(TableFormat::FlatGeobuf));
        assert_eq!(TableFormat::of_path(Path::new("x.geojson")), None);
        assert_eq!(TableFormat::of_path(Path::new("parquet")), None);
    }
}
