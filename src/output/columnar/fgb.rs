//! FlatGeobuf through the `flatgeobuf` crate (default features off: no HTTP
//! client). Features are spooled to a temporary file as they come, then
//! sorted on a Hilbert curve and written after the packed R-tree that lets
//! QGIS and GDAL read a window without reading the file. CRS EPSG:4326.
//!
//! A row without a point is left out and counted ([`super::TableCounts::left_out`]):
//! an indexed FlatGeobuf holds no null geometry (GDAL refuses one, and the
//! index has no box to give it).

use std::io::{self, Write};

use arrow_array::cast::AsArray;
use arrow_array::types::{Date32Type, Float64Type, Int64Type};
use arrow_array::Array;
use flatgeobuf::geozero::error::Result as GzResult;
use flatgeobuf::geozero::{ColumnValue, GeomProcessor, GeozeroGeometry, PropertyProcessor};
use flatgeobuf::{ColumnType, FgbCrs, FgbWriter, FgbWriterOptions, GeometryType};

use super::batch::Batches;
use super::{table_error, Column, Kind};

/// A point as geozero hands it to the writer.
struct Point(f64, f64);

impl GeozeroGeometry for Point {
    fn process_geom<P: GeomProcessor>(&self, p: &mut P) -> GzResult<()> {
        p.point_begin(0)?;
        p.xy(self.0, self.1, 0)?;
        p.point_end(0)
    }
}

/// A FlatGeobuf writer of points with `columns`, with or without its index.
fn writer(columns: &[Column], layer: &str, write_index: bool) -> io::Result<FgbWriter<'static>> {
    let mut fgb = FgbWriter::create_with_options(
        layer,
        GeometryType::Point,
        FgbWriterOptions {
            write_index,
            promote_to_multi: false,
            crs: FgbCrs {
                code: 4326,
                ..Default::default()
            },
            ..Default::default()
        },
    )
    .map_err(table_error)?;
    for c in columns {
        let t = match c.kind {
            Kind::Str => ColumnType::String,
            Kind::Int => ColumnType::Long,
            Kind::Float => ColumnType::Double,
            Kind::Date => ColumnType::DateTime,
        };
        fgb.add_column(&c.name, t, |_, col| col.nullable = true);
    }
    Ok(fgb)
}

/// Writes the batches that come as a FlatGeobuf file to `w` (on the encoder's thread).
pub fn encode<W: Write>(mut w: W, columns: &[Column], layer: &str, batches: &mut Batches) -> io::Result<W> {
    let mut fgb = writer(columns, layer, true)?;
    let mut day = String::new();
    while let Some(b) = batches.next() {
        for (row, p) in b.points.iter().enumerate() {
            let Some((x, y)) = *p else {
                batches.counts.left_out += 1;
                continue;
            };
            let mut failed = None;
            fgb.add_feature_geom(Point(x, y), |f| {
                // Properties are sparse: a null is a column not written.
                for (i, (c, a)) in columns.iter().zip(&b.columns).enumerate() {
                    if a.is_null(row) {
                        continue;
                    }
                    let v = match c.kind {
                        Kind::Str => ColumnValue::String(a.as_string::<i32>().value(row)),
                        Kind::Int => ColumnValue::Long(a.as_primitive::<Int64Type>().value(row)),
                        Kind::Float => ColumnValue::Double(a.as_primitive::<Float64Type>().value(row)),
                        Kind::Date => match a.as_primitive::<Date32Type>().value_as_date(row) {
                            Some(d) => {
                                day = crate::input::dates::iso_day(d);
                                ColumnValue::DateTime(&day)
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
            batches.counts.written += 1;
        }
    }
    batches.given_up()?;
    if batches.counts.written == 0 {
        // No feature: a file without an index (GDAL cannot open an index of nothing).
        fgb = writer(columns, layer, false)?;
    }
    fgb.write(&mut w).map_err(table_error)?;
    Ok(w)
}
