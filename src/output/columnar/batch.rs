//! Rows gathered into Arrow arrays, a batch at a time, on the caller's
//! thread; each batch is handed to the format's encoder on a thread of its
//! own ([`Pipeline`]), so that making rows and writing them overlap.

use std::io::{self, Write};
use std::sync::mpsc::{Receiver, SyncSender};
use std::sync::Arc;

use arrow_array::builder::{Date32Builder, Float64Builder, Int64Builder, StringBuilder};
use arrow_array::ArrayRef;
use arrow_schema::DataType;

use super::{Cell, Kind, TableCounts, BATCH_ROWS};

/// One column being filled.
enum Builder {
    Str(StringBuilder),
    Int(Int64Builder),
    Float(Float64Builder),
    Date(Date32Builder),
}

/// The Arrow type a column of `kind` is written as.
pub fn data_type(kind: Kind) -> DataType {
    match kind {
        Kind::Str => DataType::Utf8,
        Kind::Int => DataType::Int64,
        Kind::Float => DataType::Float64,
        Kind::Date => DataType::Date32,
    }
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

    fn finish(&mut self) -> ArrayRef {
        match self {
            Builder::Str(b) => Arc::new(b.finish()),
            Builder::Int(b) => Arc::new(b.finish()),
            Builder::Float(b) => Arc::new(b.finish()),
            Builder::Date(b) => Arc::new(b.finish()),
        }
    }
}

/// Parquet's and Arrow's DATE: days since 1970-01-01.
fn days_since_epoch(d: chrono::NaiveDate) -> i32 {
    (d - chrono::NaiveDate::from_ymd_opt(1970, 1, 1).expect("a valid date")).num_days() as i32
}

/// A batch of rows: one array per column (typed as the columns' kinds), and each row's point.
pub struct Batch {
    pub columns: Vec<ArrayRef>,
    pub points: Vec<Option<(f64, f64)>>,
}

/// A table's rows on their way to an encoder running on a thread of its own.
pub struct Pipeline<W> {
    builders: Vec<Builder>,
    points: Vec<Option<(f64, f64)>>,
    text: String,
    /// Batches to the encoder (one waits while it works on another).
    tx: Option<SyncSender<Batch>>,
    encoder: Option<std::thread::JoinHandle<io::Result<(W, TableCounts)>>>,
    /// Set when the table is given up: the encoder then leaves the file unfinished.
    given_up: Arc<std::sync::atomic::AtomicBool>,
}

/// What an encoder reads: the batches, in order, and what it writes of them.
pub struct Batches {
    rx: Receiver<Batch>,
    given_up: Arc<std::sync::atomic::AtomicBool>,
    /// Rows written and left out, for the encoder to count.
    pub counts: TableCounts,
}

impl Batches {
    /// The next batch; `None` at the end.
    pub fn next(&mut self) -> Option<Batch> {
        self.rx.recv().ok()
    }

    /// An error when the table was given up (the run failed): the encoder
    /// must not end the file then — a footer would make the rows written so
    /// far look like a whole file on standard output or a FIFO.
    pub fn given_up(&self) -> io::Result<()> {
        if self.given_up.load(std::sync::atomic::Ordering::SeqCst) {
            return Err(io::Error::other("the table was given up"));
        }
        Ok(())
    }
}

impl<W: Write + Send + 'static> Pipeline<W> {
    /// Starts `encode` on a thread of its own, reading the batches of columns
    /// of `kinds`; it ends the file when the batches end, unless the table was
    /// given up ([`Batches::given_up`]).
    pub fn start(
        kinds: &[Kind],
        name: &str,
        encode: impl FnOnce(&mut Batches) -> io::Result<W> + Send + 'static,
    ) -> io::Result<Self> {
        let (tx, rx) = std::sync::mpsc::sync_channel(1);
        let given_up = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let flag = Arc::clone(&given_up);
        let thread = std::thread::Builder::new().name(name.into()).spawn(move || {
            let mut batches = Batches {
                rx,
                given_up: flag,
                counts: TableCounts::default(),
            };
            let w = encode(&mut batches)?;
            Ok((w, batches.counts))
        })?;
        Ok(Pipeline {
            builders: kinds.iter().map(|k| Builder::new(*k)).collect(),
            points: Vec::with_capacity(BATCH_ROWS),
            text: String::new(),
            tx: Some(tx),
            encoder: Some(thread),
            given_up,
        })
    }

    /// Adds a row; a full batch goes to the encoder.
    pub fn row<'a>(&mut self, point: Option<(f64, f64)>, cells: impl IntoIterator<Item = Cell<'a>>) -> io::Result<()> {
        let mut cells = cells.into_iter();
        for b in &mut self.builders {
            b.push(&cells.next().unwrap_or(Cell::Null), &mut self.text);
        }
        debug_assert!(cells.next().is_none(), "more cells than columns");
        self.points.push(point.filter(|p| p.0.is_finite() && p.1.is_finite()));
        if self.points.len() >= BATCH_ROWS {
            self.flush()?;
        }
        Ok(())
    }

    /// Hands the rows gathered to the encoder.
    fn flush(&mut self) -> io::Result<()> {
        if self.points.is_empty() {
            return Ok(());
        }
        let batch = Batch {
            columns: self.builders.iter_mut().map(Builder::finish).collect(),
            points: std::mem::replace(&mut self.points, Vec::with_capacity(BATCH_ROWS)),
        };
        let sent = self.tx.as_ref().is_some_and(|tx| tx.send(batch).is_ok());
        if !sent {
            // The encoder stopped: its error is the reason.
            return self.join().map(|_| ());
        }
        Ok(())
    }

    /// Ends the encoder and returns what it returned.
    fn join(&mut self) -> io::Result<(W, TableCounts)> {
        drop(self.tx.take());
        match self.encoder.take().map(|t| t.join()) {
            Some(Ok(r)) => r,
            Some(Err(_)) => Err(io::Error::other("the table encoder panicked")),
            None => Err(io::Error::other("the table encoder stopped before")),
        }
    }

    /// Sends the last rows, waits for the encoder to end the file, and returns what it wrote.
    pub fn finish(mut self) -> io::Result<(W, TableCounts)> {
        self.flush()?;
        self.join()
    }
}

impl<W> Drop for Pipeline<W> {
    /// A table given up (the run failed): the encoder stops without ending
    /// the file, and what it holds is dropped here, before the process exits
    /// — a temporary file is removed, a stream is left without its footer.
    fn drop(&mut self) {
        self.given_up.store(true, std::sync::atomic::Ordering::SeqCst);
        drop(self.tx.take());
        if let Some(t) = self.encoder.take() {
            let _ = t.join();
        }
    }
}
