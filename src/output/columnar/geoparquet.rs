//! GeoParquet 1.1 through the `geoparquet` crate: points gathered as a
//! GeoArrow point array, encoded to WKB with a `bbox` covering column (so
//! that Sedona and DuckDB prune row groups by their statistics), written by
//! parquet's `ArrowWriter` with zstd, the `geo` metadata appended at the end.
//! No `crs` member: GeoParquet defines its absence as OGC:CRS84
//! (longitude, latitude on WGS 84), which is what every point here is.
//!
//! Rows are gathered into Arrow arrays on the caller's thread; encoding and
//! compression run on a thread of their own, a batch behind, so that
//! geocoding and writing overlap (two batches in memory at most).

use std::io::{self, Write};
use std::sync::Arc;

use arrow_array::builder::{Date32Builder, Float64Builder, Int64Builder, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use geoarrow_array::builder::PointBuilder;
use geoarrow_array::GeoArrowArray;
use geoarrow_schema::{Dimension, Metadata, PointType};
use geoparquet::writer::{GeoParquetRecordBatchEncoder, GeoParquetWriterOptionsBuilder};
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::metadata::KeyValue;
use parquet::file::properties::WriterProperties;

use super::{table_error, Cell, Column, Kind, TableCounts, BATCH_ROWS, ROW_GROUP_ROWS};

/// The geometry column's name (the covering column is `bbox`).
pub const GEOMETRY: &str = "geometry";

/// One column being filled.
enum Builder {
    Str(StringBuilder),
    Int(Int64Builder),
    Float(Float64Builder),
    Date(Date32Builder),
}

impl Builder {
    fn new(kind: Kind) -> Self {
        match kind {
            Kind::Str => Builder::Str(StringBuilder::with_capacity(BATCH_ROWS, BATCH_ROWS * 8)),
            Kind::Int => Builder::Int(Int64Builder::with_capacity(BATCH_ROWS)),
            Kind::Float => Builder::Float(Float64Builder::with_capacity(BATCH_ROWS)),
            Kind::Date => Builder::Date(Date32Builder::with_capacity(BATCH_ROWS)),
        }
    }

    fn data_type(kind: Kind) -> DataType {
        match kind {
            Kind::Str => DataType::Utf8,
            Kind::Int => DataType::Int64,
            Kind::Float => DataType::Float64,
            Kind::Date => DataType::Date32,
        }
    }

    fn push(&mut self, c: &Cell, text: &mut String) {
        match self {
            Builder::Str(b) => match c {
                Cell::Str(s) => b.append_value(s),
                _ => {
                    text.clear();
                    if c.text(text) {
                        b.append_value(&*text)
                    } else {
                        b.append_null()
                    }
                }
            },
            Builder::Int(b) => b.append_option(c.int()),
            Builder::Float(b) => b.append_option(c.float()),
            Builder::Date(b) => b.append_option(c.date().map(days_since_epoch)),
        }
    }

    fn push_null(&mut self) {
        match self {
            Builder::Str(b) => b.append_null(),
            Builder::Int(b) => b.append_null(),
            Builder::Float(b) => b.append_null(),
            Builder::Date(b) => b.append_null(),
        }
    }

    fn finish(&mut self) -> ArrayRef {
        match self {
            Builder::Str(b) => Arc::new(b.finish()),
            Builder::Int(b) => Arc::new(b.finish()),
            Builder::Float(b) => Arc::new(b.finish()),
            Builder::Date(b) => Arc::new(b.finish()),
        }
    }
}

/// Parquet's DATE: days since 1970-01-01.
fn days_since_epoch(d: chrono::NaiveDate) -> i32 {
    (d - chrono::NaiveDate::from_ymd_opt(1970, 1, 1).expect("a valid date")).num_days() as i32
}

/// A GeoParquet file being written.
pub struct GeoParquetSink<W: Write + Send + 'static> {
    schema: SchemaRef,
    point_type: PointType,
    columns: Vec<Builder>,
    points: PointBuilder,
    pending: usize,
    counts: TableCounts,
    text: String,
    /// Batches to the encoding thread (one waits while it works on another).
    tx: Option<std::sync::mpsc::SyncSender<RecordBatch>>,
    encoder: Option<std::thread::JoinHandle<io::Result<W>>>,
}

/// The encoding thread: each batch to WKB and its covering, then to parquet;
/// at the end the `geo` metadata and the file's footer.
fn encode<W: Write + Send>(
    mut encoder: GeoParquetRecordBatchEncoder,
    mut writer: ArrowWriter<W>,
    batches: std::sync::mpsc::Receiver<RecordBatch>,
) -> io::Result<W> {
    for batch in batches {
        let encoded = encoder.encode_record_batch(&batch).map_err(table_error)?;
        writer.write(&encoded).map_err(table_error)?;
    }
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

impl<W: Write + Send + 'static> GeoParquetSink<W> {
    pub fn new(w: W, columns: Vec<Column>) -> io::Result<Self> {
        let point_type = PointType::new(Dimension::XY, Arc::new(Metadata::default()));
        let mut fields: Vec<Field> = columns
            .iter()
            .map(|c| Field::new(&c.name, Builder::data_type(c.kind), true))
            .collect();
        fields.push(point_type.to_field(GEOMETRY, true));
        let schema = Arc::new(Schema::new(fields));
        let options = GeoParquetWriterOptionsBuilder::default()
            .set_primary_column(GEOMETRY.to_string())
            .set_generate_covering(true)
            .build();
        let encoder = GeoParquetRecordBatchEncoder::try_new(&schema, &options).map_err(table_error)?;
        let props = WriterProperties::builder()
            .set_compression(Compression::ZSTD(ZstdLevel::try_new(3).map_err(table_error)?))
            .set_max_row_group_row_count(Some(ROW_GROUP_ROWS))
            .set_created_by(format!("incident-mapper {}", env!("CARGO_PKG_VERSION")))
            .build();
        let writer = ArrowWriter::try_new(w, encoder.target_schema(), Some(props)).map_err(table_error)?;
        let (tx, rx) = std::sync::mpsc::sync_channel(1);
        let thread = std::thread::Builder::new()
            .name("geoparquet".into())
            .spawn(move || encode(encoder, writer, rx))?;
        Ok(GeoParquetSink {
            schema,
            columns: columns.iter().map(|c| Builder::new(c.kind)).collect(),
            points: PointBuilder::with_capacity(point_type.clone(), BATCH_ROWS),
            point_type,
            pending: 0,
            counts: TableCounts::default(),
            text: String::new(),
            tx: Some(tx),
            encoder: Some(thread),
        })
    }

    pub fn row<'a>(&mut self, point: Option<(f64, f64)>, cells: impl IntoIterator<Item = Cell<'a>>) -> io::Result<()> {
        let mut cells = cells.into_iter();
        for b in &mut self.columns {
            match cells.next() {
                Some(c) => b.push(&c, &mut self.text),
                None => b.push_null(),
            }
        }
        debug_assert!(cells.next().is_none(), "more cells than columns");
        match point {
            Some(p) if p.0.is_finite() && p.1.is_finite() => self.points.push_coord(Some(&p)),
            _ => self.points.push_null(),
        }
        self.pending += 1;
        self.counts.written += 1;
        if self.pending >= BATCH_ROWS {
            self.flush_batch()?;
        }
        Ok(())
    }

    /// Hands the rows gathered to the encoding thread.
    fn flush_batch(&mut self) -> io::Result<()> {
        if self.pending == 0 {
            return Ok(());
        }
        let mut arrays: Vec<ArrayRef> = self.columns.iter_mut().map(Builder::finish).collect();
        let points = std::mem::replace(
            &mut self.points,
            PointBuilder::with_capacity(self.point_type.clone(), BATCH_ROWS),
        );
        arrays.push(points.finish().into_array_ref());
        let batch = RecordBatch::try_new(self.schema.clone(), arrays).map_err(table_error)?;
        self.pending = 0;
        let sent = self.tx.as_ref().map(|tx| tx.send(batch).is_ok());
        if sent != Some(true) {
            // The thread stopped: its error is the reason.
            return self.join().map(|_| ());
        }
        Ok(())
    }

    /// Ends the encoding thread and returns what it returned.
    fn join(&mut self) -> io::Result<W> {
        drop(self.tx.take());
        match self.encoder.take().map(|t| t.join()) {
            Some(Ok(r)) => r,
            Some(Err(_)) => Err(io::Error::other("the GeoParquet encoder panicked")),
            None => Err(io::Error::other("the GeoParquet encoder stopped before")),
        }
    }

    pub fn finish(mut self) -> io::Result<(W, TableCounts)> {
        self.flush_batch()?;
        let w = self.join()?;
        Ok((w, self.counts))
    }
}

impl<W: Write + Send + 'static> Drop for GeoParquetSink<W> {
    /// A file given up (the run failed): the thread is ended and what it
    /// holds dropped here, before the process exits — a temporary file is
    /// removed, not left behind.
    fn drop(&mut self) {
        if self.encoder.is_some() {
            let _ = self.join();
        }
    }
}
