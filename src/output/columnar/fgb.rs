//! FlatGeobuf through the `flatgeobuf` crate (default features off: no HTTP
//! client). Features are spooled to a temporary file as they come, then
//! sorted on a Hilbert curve and written after the packed R-tree that lets
//! QGIS and GDAL read a window without reading the file. CRS EPSG:4326.
//!
//! A row without a point is left out and counted ([`TableCounts::left_out`]):
//! an indexed FlatGeobuf holds no null geometry (GDAL refuses one, and the
//! index has no box to give it).

use std::io::{self, Write};

use flatgeobuf::geozero::error::Result as GzResult;
use flatgeobuf::geozero::{ColumnValue, GeomProcessor, GeozeroGeometry, PropertyProcessor};
use flatgeobuf::{ColumnType, FgbCrs, FgbWriter, FgbWriterOptions, GeometryType};

use super::{table_error, Cell, Column, Kind, TableCounts};

/// A point as geozero hands it to the writer.
struct Point(f64, f64);

impl GeozeroGeometry for Point {
    fn process_geom<P: GeomProcessor>(&self, p: &mut P) -> GzResult<()> {
        p.point_begin(0)?;
        p.xy(self.0, self.1, 0)?;
        p.point_end(0)
    }
}

/// A FlatGeobuf file being written.
pub struct FgbSink<W: Write + Send + 'static> {
    out: W,
    fgb: FgbWriter<'static>,
    columns: Vec<Column>,
    counts: TableCounts,
    text: String,
}

impl<W: Write + Send + 'static> FgbSink<W> {
    pub fn new(out: W, columns: Vec<Column>, layer: &str) -> io::Result<Self> {
        let mut fgb = FgbWriter::create_with_options(
            layer,
            GeometryType::Point,
            FgbWriterOptions {
                write_index: true,
                promote_to_multi: false,
                crs: FgbCrs {
                    code: 4326,
                    ..Default::default()
                },
                ..Default::default()
            },
        )
        .map_err(table_error)?;
        for c in &columns {
            let t = match c.kind {
                Kind::Str => ColumnType::String,
                Kind::Int => ColumnType::Long,
                Kind::Float => ColumnType::Double,
                Kind::Date => ColumnType::DateTime,
            };
            fgb.add_column(&c.name, t, |_, col| col.nullable = true);
        }
        Ok(FgbSink {
            out,
            fgb,
            columns,
            counts: TableCounts::default(),
            text: String::new(),
        })
    }

    pub fn row<'a>(&mut self, point: Option<(f64, f64)>, cells: impl IntoIterator<Item = Cell<'a>>) -> io::Result<()> {
        let Some((x, y)) = point.filter(|p| p.0.is_finite() && p.1.is_finite()) else {
            self.counts.left_out += 1;
            return Ok(());
        };
        let (columns, text) = (&self.columns, &mut self.text);
        let mut failed = None;
        self.fgb
            .add_feature_geom(Point(x, y), |f| {
                // Properties are sparse: a null is a column not written.
                for (i, (c, cell)) in columns.iter().zip(cells).enumerate() {
                    let v = match c.kind {
                        Kind::Str => {
                            text.clear();
                            if !cell.text(text) {
                                continue;
                            }
                            ColumnValue::String(text.as_str())
                        }
                        Kind::Int => match cell.int() {
                            Some(v) => ColumnValue::Long(v),
                            None => continue,
                        },
                        Kind::Float => match cell.float() {
                            Some(v) => ColumnValue::Double(v),
                            None => continue,
                        },
                        Kind::Date => match cell.date() {
                            Some(d) => {
                                text.clear();
                                text.push_str(&d.format("%Y-%m-%d").to_string());
                                ColumnValue::DateTime(text.as_str())
                            }
                            None => continue,
                        },
                    };
                    if let Err(e) = f.property(i, &c.name, &v) {
                        failed.get_or_insert(e);
                    }
                }
            })
            .map_err(table_error)?;
        if let Some(e) = failed {
            return Err(table_error(e));
        }
        self.counts.written += 1;
        Ok(())
    }

    pub fn finish(mut self) -> io::Result<(W, TableCounts)> {
        self.fgb.write(&mut self.out).map_err(table_error)?;
        Ok((self.out, self.counts))
    }
}
