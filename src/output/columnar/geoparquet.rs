//! GeoParquet 1.1 through the `geoparquet` crate: each batch's points made
//! a GeoArrow point array, encoded to WKB with a `bbox` covering column (so
//! that Sedona and DuckDB prune row groups by their statistics), written by
//! parquet's `ArrowWriter` with zstd, the `geo` metadata appended at the end.
//! No `crs` member: GeoParquet defines its absence as OGC:CRS84
//! (longitude, latitude on WGS 84), which is what every point here is.

use std::io::{self, Write};
use std::sync::Arc;

use arrow_array::RecordBatch;
use arrow_schema::{Field, Schema};
use geoarrow_array::builder::PointBuilder;
use geoarrow_array::GeoArrowArray;
use geoarrow_schema::{Dimension, Metadata, PointType};
use geoparquet::writer::{GeoParquetRecordBatchEncoder, GeoParquetWriterOptionsBuilder};
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::metadata::KeyValue;
use parquet::file::properties::WriterProperties;

use super::batch::{data_type, Batches};
use super::{table_error, Column, ROW_GROUP_ROWS};

/// The geometry column's name (the covering column is `bbox`).
pub const GEOMETRY: &str = "geometry";

/// Writes the batches that come as a GeoParquet file to `w` (on the encoder's thread).
pub fn encode<W: Write + Send>(w: W, columns: &[Column], batches: &mut Batches) -> io::Result<W> {
    let point_type = PointType::new(Dimension::XY, Arc::new(Metadata::default()));
    let mut fields: Vec<Field> = columns
        .iter()
        .map(|c| Field::new(&c.name, data_type(c.kind), true))
        .collect();
    fields.push(point_type.to_field(GEOMETRY, true));
    let schema = Arc::new(Schema::new(fields));
    let options = GeoParquetWriterOptionsBuilder::default()
        .set_primary_column(GEOMETRY.to_string())
        .set_generate_covering(true)
        .build();
    let mut encoder = GeoParquetRecordBatchEncoder::try_new(&schema, &options).map_err(table_error)?;
    let props = WriterProperties::builder()
        .set_compression(Compression::ZSTD(ZstdLevel::try_new(3).map_err(table_error)?))
        .set_max_row_group_row_count(Some(ROW_GROUP_ROWS))
        .set_created_by(format!("incident-mapper {}", env!("CARGO_PKG_VERSION")))
        .build();
    let mut writer = ArrowWriter::try_new(w, encoder.target_schema(), Some(props)).map_err(table_error)?;
    while let Some(b) = batches.next() {
        let mut points = PointBuilder::with_capacity(point_type.clone(), b.points.len());
        for p in &b.points {
            match p {
                Some(p) => points.push_coord(Some(p)),
                None => points.push_null(),
            }
        }
        let mut arrays = b.columns;
        arrays.push(points.finish().into_array_ref());
        let batch = RecordBatch::try_new(schema.clone(), arrays).map_err(table_error)?;
        let encoded = encoder.encode_record_batch(&batch).map_err(table_error)?;
        writer.write(&encoded).map_err(table_error)?;
        batches.counts.written += b.points.len() as u64;
    }
    batches.given_up()?;
    let mut meta = encoder.into_geoparquet_metadata();
    // A file without a single point has no extent: no `bbox` (the encoder would write infinities).
    for c in meta.columns.values_mut() {
        if c.bbox.as_ref().is_some_and(|b| b.iter().any(|x| !x.is_finite())) {
            c.bbox = None;
        }
    }
    let json = serde_json::to_string(&meta).map_err(table_error)?;
    writer.append_key_value_metadata(KeyValue::new("geo".to_string(), Some(json)));
    writer.into_inner().map_err(table_error)
}
