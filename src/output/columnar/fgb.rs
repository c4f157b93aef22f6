//! FlatGeobuf through the `flatgeobuf` crate (default features off: no HTTP
//! client). Features are spooled to a temporary file as they come, then
//! sorted on a Hilbert curve and written after the packed R-tree that lets
//! QGIS and GDAL read a window without reading the file. CRS EPSG:4326.
//!
//! A row without a point is left out and counted ([`TableCounts::left_out`]):
//! an indexed FlatGeobuf holds no null geometry (GDAL refuses one, and the
//! index has no box to give it).

use std::io::{self, Write};
use std::sync::mpsc::Receiver;

use arrow_array::cast::AsArray;
use arrow_array::types::{Date32Type, Float64Type, Int64Type};
use arrow_array::Array;
use flatgeobuf::geozero::error::Result as GzResult;
use flatgeobuf::geozero::{ColumnValue, GeomProcessor, GeozeroGeometry, PropertyProcessor};
use flatgeobuf::{ColumnType, FgbCrs, FgbWriter, FgbWriterOptions, GeometryType};

use super::batch::Batch;
use super::{table_error, Column, Kind, TableCounts};

/// A point as geozero hands it to the writer.
struct Point(f64, f64);

impl GeozeroGeometry for Point {
    fn process_geom<P: GeomProcessor>(&self, p: &mut P) -> GzResult<()> {
        p.point_begin(0)?;
        p.xy(self.0, self.1, 0)?;
        p.point_end(0)
    }
}

/// Writes the batches that come as a FlatGeobuf file to `w` (on the encoder's thread).
pub fn encode<W: Write>(
    mut w: W,
    columns: &[Column],
    layer: &str,
    batches: Receiver<Batch>,
) -> io::Result<(W, TableCounts)> {
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
    for c in columns {
        let t = match c.kind {
            Kind::Str => ColumnType::String,
            Kind::Int => ColumnType::Long,
            Kind::Float => ColumnType::Double,
            Kind::Date => ColumnType::DateTime,
        };
        fgb.add_column(&c.name, t, |_, col| col.nullable = true);
    }
    let mut counts = TableCounts::default();
    let mut day = String::new();
    for b in batches {
        for (row, p) in b.points.iter().enumerate() {
            let Some((x, y)) = *p else {
                counts.left_out += 1;
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
                                day = d.format("%Y-%m-%d").to_string();
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
            counts.written += 1;
        }
    }
    fgb.write(&mut w).map_err(table_error)?;
    Ok((w, counts))
}
