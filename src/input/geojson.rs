//! GeoJSON as a record source: each feature is a row, its properties the
//! columns (in order of first appearance), so that a FeatureCollection, a
//! single Feature or a sequence of features (RFC 8142 text sequences,
//! newline-delimited GeoJSON) is read by the same incident reader as a CSV —
//! one model, one set of checks, one verdict for every command.
//!
//! A Point geometry gives the row's `longitude` and `latitude` (a property of
//! one of those names is then kept as `src_<name>`); other geometries give
//! none. Features are located once and parsed when their row is read: in the
//! text held in memory ([`RawValue`] slices), or — a FeatureCollection of
//! [`STREAM_BYTES`] or more — by a structural scan of the file, then read again
//! from disk and parsed on every core, so that memory is a few batches of rows.

use std::path::Path;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;

use crate::error::{Error, ErrorKind, Result};
use crate::input::schema::{LAT_COLUMNS, LON_COLUMNS};
use crate::input::text::line_col;

/// Whether text is a sequence of features (RS-separated, or one JSON object
/// per line) rather than one FeatureCollection.
pub fn is_sequence(text: &[u8]) -> bool {
    let start = text.iter().position(|b| !b.is_ascii_whitespace());
    match start {
        Some(i) if text[i] == 0x1E => true,
        Some(i) if text[i] == b'{' => {
            // A first line that is a whole Feature object: newline-delimited.
            let line_end = text[i..].iter().position(|&b| b == b'\n').map_or(text.len(), |k| i + k);
            let first = &text[i..line_end];
            // Only its `type` is kept (no value tree of what may be a whole minified collection).
            #[derive(Deserialize)]
            struct Kind {
                #[serde(rename = "type")]
                kind: Option<String>,
            }
            line_end < text.len()
                && serde_json::from_slice::<Kind>(first).is_ok_and(|k| k.kind.as_deref() == Some("Feature"))
        }
        _ => false,
    }
}

/// Whether a path names GeoJSON (a collection or a sequence) by its extension.
pub fn is_geojson_path(p: &Path) -> bool {
    matches!(
        p.extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref(),
        Some("geojson" | "json" | "geojsons" | "geojsonl" | "geojsonseq" | "geojsonld" | "ndjson" | "jsonl")
    )
}

/// The features of a GeoJSON text, read one row at a time.
pub struct FeatureRows {
    body: Body,
    /// Where each feature's JSON text is in the body (handed to the reading
    /// thread of a streamed file when it starts).
    spans: Vec<(usize, usize)>,
    /// How many features there are.
    features: usize,
    next: usize,
    /// The columns: property names in order of first appearance, then
    /// `longitude`, `latitude` when a feature has a Point geometry.
    headers: Vec<String>,
    /// Geometry types seen, with how many features have each (`null` for none).
    pub geometry_kinds: std::collections::BTreeMap<String, usize>,
    /// Turns a feature into a row (handed to the reading thread with the spans).
    parser: Option<Parser>,
    /// The file, for messages.
    label: std::path::PathBuf,
    /// The size of the text, for [`FeatureRows::position`].
    bytes: u64,
}

/// Where the features' text is: in memory, or in a file read again, in
/// order, one feature at a time (a large file is never held whole) — by a
/// thread of its own, so that parsing the next features overlaps with what
/// the command does with the last ones.
enum Body {
    Text(String),
    /// A streamed file, not read yet.
    File,
    /// A streamed file being read by its thread.
    Feed(Feed),
}

/// The receiving end of a streamed file's reading threads: rows in batches,
/// taken from the threads in turn (batch k from thread k mod n), each
/// batch's records sent back to the thread to be filled again (memory stays
/// a few batches per thread).
struct Feed {
    workers: Vec<Worker>,
    /// The thread whose batch comes next, and the one the current batch came from.
    turn: usize,
    from: usize,
    batch: Batch,
    k: usize,
}

/// Rows parsed by a reading thread; a feature that is not a row is an error
/// at its place (the rows around it are still read: `--on-error skip` goes on).
#[derive(Default)]
struct Batch {
    rows: Vec<csv::ByteRecord>,
    /// (index in `rows`, why that feature is not a row), in order.
    bad: std::collections::VecDeque<(usize, Error)>,
}

/// One reading thread's channels.
struct Worker {
    rx: std::sync::mpsc::Receiver<Result<Batch>>,
    back: std::sync::mpsc::SyncSender<Vec<csv::ByteRecord>>,
}

/// Features per batch from the reading thread.
const BATCH: usize = 1024;

/// Turns one feature's JSON text into a row.
#[derive(Clone)]
struct Parser {
    keys: KeyLookup,
    /// The property columns filled (the others are left empty, their values skipped).
    wanted: Vec<bool>,
    cells: Vec<String>,
    point_columns: bool,
    /// A number being written as a cell.
    num: String,
}

/// Why a feature's text is not a row: where in the text, and what.
struct FeatureError {
    /// The error's line and column within the feature's text (1-based).
    at: (usize, usize),
    message: String,
}

impl Parser {
    fn parse(&mut self, json: &[u8], rec: &mut csv::ByteRecord) -> std::result::Result<(), FeatureError> {
        for c in self.cells.iter_mut() {
            c.clear();
        }
        // Checked as UTF-8 once, then parsed without checking each string again.
        let text = std::str::from_utf8(json).map_err(|e| FeatureError {
            at: line_col(json, e.valid_up_to()),
            message: "not UTF-8 text; GeoJSON is UTF-8 — convert the file first, e.g. with iconv".into(),
        })?;
        let mut point = None;
        let mut de = serde_json::Deserializer::from_str(text);
        Row {
            keys: &mut self.keys,
            wanted: &self.wanted,
            cells: &mut self.cells,
            point: &mut point,
        }
        .deserialize(&mut de)
        .map_err(|e| FeatureError {
            at: (e.line().max(1), e.column().max(1)),
            message: format!("not a GeoJSON Feature: {e}"),
        })?;
        rec.clear();
        for c in &self.cells {
            rec.push_field(c.as_bytes());
        }
        if self.point_columns {
            use std::fmt::Write;
            match point {
                Some((lon, lat)) => {
                    for v in [lon, lat] {
                        self.num.clear();
                        let _ = write!(self.num, "{v}");
                        rec.push_field(self.num.as_bytes());
                    }
                }
                None => {
                    rec.push_field(b"");
                    rec.push_field(b"");
                }
            }
        }
        Ok(())
    }
}

/// The error of feature `n` (1-based) whose text starts at `start` = (line, column) of the file.
fn feature_error(n: usize, start: (usize, usize), e: FeatureError) -> Error {
    let (line, col) = match e.at {
        (1, c) => (start.0, start.1 + c - 1),
        (l, c) => (start.0 + l - 1, c),
    };
    Error::new(
        ErrorKind::MalformedLine,
        format!("feature {n} (line {line}, column {col}): {}", e.message),
    )
}

/// The line and column of byte `offset` of a file (an error's place).
fn file_line_col(path: &Path, offset: usize) -> (usize, usize) {
    use std::io::Read;
    let mut head = Vec::new();
    match std::fs::File::open(path).and_then(|f| f.take(offset as u64).read_to_end(&mut head)) {
        Ok(_) => line_col(&head, head.len()),
        Err(_) => (0, 0),
    }
}

impl Feed {
    /// Starts the threads that read `spans` of the file at `path` again and
    /// parse them, a batch each in turn (one per core, up to four).
    fn start(path: std::path::PathBuf, spans: Vec<(usize, usize)>, parser: Parser) -> Feed {
        let n = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 4);
        let spans = std::sync::Arc::new(spans);
        let workers = (0..n)
            .map(|t| Self::worker(path.clone(), std::sync::Arc::clone(&spans), parser.clone(), t, n))
            .collect();
        Feed {
            workers,
            turn: 0,
            from: 0,
            batch: Batch::default(),
            k: 0,
        }
    }

    /// Thread `t` of `n`: batches t, t + n, t + 2n, ...
    fn worker(
        path: std::path::PathBuf,
        spans: std::sync::Arc<Vec<(usize, usize)>>,
        mut parser: Parser,
        t: usize,
        n: usize,
    ) -> Worker {
        use std::sync::mpsc::sync_channel;
        let (tx, rx) = sync_channel::<Result<Batch>>(2);
        let (back, back_rx) = sync_channel::<Vec<csv::ByteRecord>>(4);
        std::thread::spawn(move || {
            let mut run = || -> Result<()> {
                use std::io::Read;
                let unreadable = |err: std::io::Error| {
                    Error::new(ErrorKind::InputUnreadable, format!("reading a feature again: {err}"))
                };
                let file = std::fs::File::open(&path).map_err(|e| Error::unreadable(&path, e))?;
                let mut file = std::io::BufReader::with_capacity(1 << 20, file);
                let (mut pos, mut buf) = (0usize, Vec::new());
                for (b, chunk) in spans.chunks(BATCH).enumerate().skip(t).step_by(n) {
                    let mut rows = back_rx.try_recv().unwrap_or_default();
                    rows.resize_with(chunk.len(), csv::ByteRecord::new);
                    let mut bad = std::collections::VecDeque::new();
                    for (j, (&(s, e), rec)) in chunk.iter().zip(rows.iter_mut()).enumerate() {
                        file.seek_relative(s as i64 - pos as i64).map_err(unreadable)?;
                        buf.resize(e - s, 0);
                        file.read_exact(&mut buf).map_err(unreadable)?;
                        pos = e;
                        if let Err(fe) = parser.parse(&buf, rec) {
                            bad.push_back((j, feature_error(b * BATCH + j + 1, file_line_col(&path, s), fe)));
                        }
                    }
                    if tx.send(Ok(Batch { rows, bad })).is_err() {
                        return Ok(()); // the reader was dropped
                    }
                }
                Ok(())
            };
            if let Err(e) = run() {
                let _ = tx.send(Err(e));
            }
        });
        Worker { rx, back }
    }

    /// The next row into `rec`; false at the end; an error for a feature that is not a row.
    fn next(&mut self, rec: &mut csv::ByteRecord) -> Result<bool> {
        while self.k == self.batch.rows.len() {
            let used = std::mem::take(&mut self.batch.rows);
            if !used.is_empty() {
                let _ = self.workers[self.from].back.try_send(used);
            }
            self.from = self.turn;
            self.turn = (self.turn + 1) % self.workers.len();
            match self.workers[self.from].rx.recv() {
                Ok(Ok(b)) => (self.batch, self.k) = (b, 0),
                Ok(Err(e)) => return Err(e),
                // The thread whose turn it is has no batch left: every batch has been read.
                Err(_) => return Ok(false),
            }
        }
        let k = self.k;
        self.k += 1;
        if self.batch.bad.front().is_some_and(|b| b.0 == k) {
            return Err(self.batch.bad.pop_front().expect("just seen").1);
        }
        std::mem::swap(rec, &mut self.batch.rows[k]);
        Ok(true)
    }
}

/// Files at least this large are read twice from disk instead of held in memory.
pub const STREAM_BYTES: u64 = 32 << 20;

#[derive(Deserialize)]
struct Top<'a> {
    #[serde(rename = "type", default)]
    kind: Option<String>,
    #[serde(borrow, default)]
    features: Option<Vec<&'a RawValue>>,
}

#[derive(Deserialize)]
struct Geometry<'a> {
    #[serde(rename = "type", borrow)]
    kind: std::borrow::Cow<'a, str>,
    #[serde(default)]
    coordinates: Option<FirstTwo>,
}

/// The first two numbers of a Point's coordinates (a third, the altitude, is
/// skipped); anything else — the nested lists of other geometries — none.
struct FirstTwo(Option<(f64, f64)>);

/// A coordinate: a number, or (anything else, skipped) none.
struct Coord(Option<f64>);

impl<'de> Deserialize<'de> for FirstTwo {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        d.deserialize_any(FirstTwoVisitor)
    }
}

impl<'de> Deserialize<'de> for Coord {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        d.deserialize_any(CoordVisitor)
    }
}

struct FirstTwoVisitor;
struct CoordVisitor;

impl<'de> Visitor<'de> for FirstTwoVisitor {
    type Value = FirstTwo;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("coordinates")
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut a: A) -> std::result::Result<FirstTwo, A::Error> {
        let x = a.next_element::<Coord>()?.and_then(|c| c.0);
        let y = a.next_element::<Coord>()?.and_then(|c| c.0);
        while a.next_element::<IgnoredAny>()?.is_some() {}
        Ok(FirstTwo(x.zip(y)))
    }
    fn visit_unit<E>(self) -> std::result::Result<FirstTwo, E> {
        Ok(FirstTwo(None))
    }
}

impl<'de> Visitor<'de> for CoordVisitor {
    type Value = Coord;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a coordinate")
    }
    fn visit_f64<E>(self, v: f64) -> std::result::Result<Coord, E> {
        Ok(Coord(Some(v)))
    }
    fn visit_i64<E>(self, v: i64) -> std::result::Result<Coord, E> {
        Ok(Coord(Some(v as f64)))
    }
    fn visit_u64<E>(self, v: u64) -> std::result::Result<Coord, E> {
        Ok(Coord(Some(v as f64)))
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut a: A) -> std::result::Result<Coord, A::Error> {
        while a.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Coord(None))
    }
    fn visit_unit<E>(self) -> std::result::Result<Coord, E> {
        Ok(Coord(None))
    }
}

/// A feature's geometry type and property names (values skipped; names
/// borrowed from the text, so the first pass allocates almost nothing).
#[derive(Deserialize)]
struct Shape<'a> {
    #[serde(rename = "type", borrow, default)]
    kind: Option<std::borrow::Cow<'a, str>>,
    #[serde(borrow, default)]
    geometry: Option<GeometryKind<'a>>,
    #[serde(borrow, default)]
    properties: Option<Keys<'a>>,
}

#[derive(Deserialize)]
struct GeometryKind<'a> {
    #[serde(rename = "type", borrow)]
    kind: std::borrow::Cow<'a, str>,
}

/// Property names in order, values skipped.
struct Keys<'a>(Vec<std::borrow::Cow<'a, str>>);

impl<'de: 'a, 'a> Deserialize<'de> for Keys<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
            type Value = Keys<'a>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a properties object")
            }
            fn visit_unit<E: serde::de::Error>(self) -> std::result::Result<Keys<'a>, E> {
                Ok(Keys(Vec::new()))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> std::result::Result<Keys<'a>, A::Error> {
                let mut v = Vec::new();
                while let Some(k) = a.next_key::<std::borrow::Cow<'de, str>>()? {
                    a.next_value::<IgnoredAny>()?;
                    v.push(k);
                }
                Ok(Keys(v))
            }
        }
        d.deserialize_any(V(std::marker::PhantomData))
    }
}

/// Writes a feature's properties into their columns' cells.
struct Cells<'c> {
    keys: &'c mut KeyLookup,
    wanted: &'c [bool],
    cells: &'c mut [String],
}

/// Finds a property key's column: first where the feature before had its
/// key at the same position (files one program wrote repeat one order), then
/// by hashing.
#[derive(Clone)]
struct KeyLookup {
    index: rustc_hash::FxHashMap<String, usize>,
    /// Column by index: its key.
    names: Vec<String>,
    /// The feature before's columns, by key position.
    order: Vec<usize>,
}

impl KeyLookup {
    fn new(index: rustc_hash::FxHashMap<String, usize>) -> Self {
        let mut names = vec![String::new(); index.len()];
        for (k, &i) in &index {
            names[i] = k.clone();
        }
        KeyLookup {
            index,
            names,
            order: Vec::new(),
        }
    }

    /// The column of `key`, the `pos`-th key of its feature.
    #[inline]
    fn column(&mut self, pos: usize, key: &str) -> Option<usize> {
        if let Some(&c) = self.order.get(pos) {
            if self.names[c] == key {
                return Some(c);
            }
        }
        let c = *self.index.get(key)?;
        if pos < self.order.len() {
            self.order[pos] = c;
        } else if pos == self.order.len() {
            self.order.push(c);
        }
        Some(c)
    }
}

/// A property value as a cell: strings as they are, numbers as JSON writes
/// them, booleans as words, null empty, lists and objects as JSON text.
struct Cell<'c>(&'c mut String);

impl<'de> DeserializeSeed<'de> for Cell<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Cell<'_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a property value")
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> std::result::Result<(), E> {
        self.0.push_str(v);
        Ok(())
    }
    fn visit_i64<E: serde::de::Error>(self, v: i64) -> std::result::Result<(), E> {
        use std::fmt::Write;
        let _ = write!(self.0, "{v}");
        Ok(())
    }
    fn visit_u64<E: serde::de::Error>(self, v: u64) -> std::result::Result<(), E> {
        use std::fmt::Write;
        let _ = write!(self.0, "{v}");
        Ok(())
    }
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> std::result::Result<(), E> {
        use std::fmt::Write;
        if let Some(n) = serde_json::Number::from_f64(v) {
            let _ = write!(self.0, "{n}");
        }
        Ok(())
    }
    fn visit_bool<E: serde::de::Error>(self, v: bool) -> std::result::Result<(), E> {
        self.0.push_str(if v { "true" } else { "false" });
        Ok(())
    }
    fn visit_unit<E: serde::de::Error>(self) -> std::result::Result<(), E> {
        Ok(())
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, a: A) -> std::result::Result<(), A::Error> {
        let v = serde_json::Value::deserialize(serde::de::value::SeqAccessDeserializer::new(a))?;
        self.0.push_str(&v.to_string());
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, a: A) -> std::result::Result<(), A::Error> {
        let v = serde_json::Value::deserialize(serde::de::value::MapAccessDeserializer::new(a))?;
        self.0.push_str(&v.to_string());
        Ok(())
    }
}

impl<'de> DeserializeSeed<'de> for Cells<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Cells<'_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a properties object")
    }
    fn visit_unit<E: serde::de::Error>(self) -> std::result::Result<(), E> {
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> std::result::Result<(), A::Error> {
        let mut pos = 0;
        while let Some(k) = a.next_key::<std::borrow::Cow<'de, str>>()? {
            let column = self.keys.column(pos, k.as_ref());
            pos += 1;
            match column {
                Some(i) if self.wanted[i] => {
                    // A key written twice: the last value stands, as in serde_json.
                    self.cells[i].clear();
                    a.next_value_seed(Cell(&mut self.cells[i]))?
                }
                _ => {
                    a.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

/// A feature as a row is read from it: its geometry and, through [`Cells`], its properties.
struct Row<'c> {
    keys: &'c mut KeyLookup,
    wanted: &'c [bool],
    cells: &'c mut [String],
    point: &'c mut Option<(f64, f64)>,
}

impl<'de> DeserializeSeed<'de> for Row<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Row<'_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a GeoJSON Feature")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> std::result::Result<(), A::Error> {
        let Row {
            keys,
            wanted,
            cells,
            point,
        } = self;
        while let Some(k) = a.next_key::<std::borrow::Cow<'de, str>>()? {
            match k.as_ref() {
                "properties" => a.next_value_seed(Cells {
                    keys: &mut *keys,
                    wanted,
                    cells: &mut *cells,
                })?,
                "geometry" => {
                    let g: Option<Geometry> = a.next_value()?;
                    *point = g.filter(|g| g.kind == "Point").and_then(|g| g.coordinates?.0);
                }
                _ => {
                    a.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

/// `label:line:col: what; what to do` for JSON that does not parse.
/// `e`'s position is within the JSON text that starts at byte `offset` of `text`.
fn syntax(label: &Path, text: &[u8], offset: usize, e: &serde_json::Error, what: &str) -> Error {
    let (line, col) = match (line_col(text, offset), e.line()) {
        (_, 0) => (1, 1),
        ((line, col), 1) => (line, col + e.column() - 1),
        ((line, _), n) => (line + n - 1, e.column()),
    };
    Error::new(
        ErrorKind::MalformedLine,
        format!(
            "{}:{line}:{col}: {what}: {e}; check that the file is GeoJSON (UTF-8, one FeatureCollection or one feature per line)",
            label.display()
        ),
    )
}

/// `at: feature n: type X where a Feature was expected`.
fn not_a_feature(at: &str, n: usize, kind: &str) -> Error {
    Error::new(
        ErrorKind::MalformedLine,
        format!(
            "{at}: feature {}: type {} where a Feature was expected",
            n + 1,
            crate::error::quote(kind)
        ),
    )
}

/// The first pass's findings: columns in order of first appearance, and geometry types.
#[derive(Default)]
struct Columns {
    headers: Vec<String>,
    index: rustc_hash::FxHashMap<String, usize>,
    geometry_kinds: std::collections::BTreeMap<String, usize>,
}

impl Columns {
    /// Adds feature `n` (its JSON text); `err` makes a parse error positioned in the file.
    fn add(
        &mut self,
        json: &[u8],
        n: usize,
        label: &Path,
        err: impl FnOnce(&serde_json::Error) -> Error,
    ) -> Result<()> {
        let shape: Shape = serde_json::from_slice(json).map_err(|e| err(&e))?;
        if let Some(kind) = shape.kind.as_deref().filter(|k| *k != "Feature") {
            return Err(not_a_feature(&label.display().to_string(), n, kind));
        }
        self.count_geometry(shape.geometry.as_ref().map_or("null", |g| g.kind.as_ref()), 1);
        for k in shape.properties.map(|p| p.0).unwrap_or_default() {
            self.add_key(k);
        }
        Ok(())
    }

    /// Counts `n` features of geometry type `kind`.
    fn count_geometry(&mut self, kind: &str, n: usize) {
        match self.geometry_kinds.get_mut(kind) {
            Some(c) => *c += n,
            None => {
                self.geometry_kinds.insert(kind.to_string(), n);
            }
        }
    }

    /// A property key: a new column the first time it is seen.
    fn add_key(&mut self, key: std::borrow::Cow<'_, str>) {
        if !self.index.contains_key(key.as_ref()) {
            self.index.insert(key.to_string(), self.headers.len());
            self.headers.push(key.into_owned());
        }
    }

    /// Adds feature `n` as the structural scan found it. Features with the
    /// same property keys as the one before (`last_keys`) — nearly all of a
    /// file that one program wrote — add no column and are not looked up.
    fn add_scanned(
        &mut self,
        f: &mut FeatureScan,
        n: usize,
        label: &Path,
        last_keys: &mut Option<Vec<u8>>,
    ) -> Result<()> {
        if let Some(kind) = f.kind.as_deref().filter(|k| *k != b"Feature") {
            let at = format!("{}:{}:{}", label.display(), f.at.1, f.at.2);
            return Err(not_a_feature(&at, n, &String::from_utf8_lossy(kind)));
        }
        self.count_geometry(&f.geometry.as_deref().map_or("null".into(), String::from_utf8_lossy), 1);
        if last_keys.as_deref() == Some(f.keys.as_slice()) {
            return Ok(());
        }
        for raw in f.keys.strip_suffix(&[0]).into_iter().flat_map(|k| k.split(|&b| b == 0)) {
            let key = if f.escaped && raw.contains(&b'\\') {
                let mut quoted = Vec::with_capacity(raw.len() + 2);
                quoted.push(b'"');
                quoted.extend_from_slice(raw);
                quoted.push(b'"');
                serde_json::from_slice::<String>(&quoted).map_or_else(|_| String::from_utf8_lossy(raw), Into::into)
            } else {
                String::from_utf8_lossy(raw)
            };
            self.add_key(key);
        }
        std::mem::swap(last_keys.get_or_insert_with(Vec::new), &mut f.keys);
        Ok(())
    }

    /// (headers, index, geometry kinds, whether Point columns are added).
    #[allow(clippy::type_complexity)]
    fn finish(
        self,
    ) -> (
        Vec<String>,
        rustc_hash::FxHashMap<String, usize>,
        std::collections::BTreeMap<String, usize>,
        bool,
    ) {
        let Columns {
            mut headers,
            index,
            geometry_kinds,
        } = self;
        let point_columns = geometry_kinds.contains_key("Point");
        if point_columns {
            // The geometry is the point: a property of the same name is kept aside
            // (its column renamed; `index` still finds it by its key).
            for h in headers.iter_mut() {
                if LAT_COLUMNS.iter().chain(LON_COLUMNS).any(|c| h.eq_ignore_ascii_case(c)) {
                    *h = format!("src_{h}");
                }
            }
            headers.push("longitude".into());
            headers.push("latitude".into());
        }
        (headers, index, geometry_kinds, point_columns)
    }
}

/// What the structural scan keeps of the feature it is in.
#[derive(Default)]
struct FeatureScan {
    /// Offset, line and column of its `{`.
    at: (usize, usize, usize),
    /// Its `type` member.
    kind: Option<Vec<u8>>,
    /// Its geometry's `type` (none: a null or missing geometry).
    geometry: Option<Vec<u8>>,
    /// Its property keys as written, each followed by a 0 byte.
    keys: Vec<u8>,
    /// Whether a key has an escape (to be decoded before use).
    escaped: bool,
}

impl FeatureScan {
    /// Ready for the next feature, its buffers kept.
    fn clear(&mut self) {
        self.kind = None;
        self.geometry = None;
        self.keys.clear();
        self.escaped = false;
    }
}

/// A string the scan keeps: a key at `depth`, or the value of the key before it.
#[derive(Clone, Copy, PartialEq)]
enum Capture {
    None,
    Key(u32),
    Value(u32),
}

/// The state of the structural scan of a FeatureCollection's text: where it
/// is (depth, in a string, which keys), what it keeps of the feature it is
/// in, and what it has found (spans, columns).
struct Scanner {
    /// Position and line (1-based) of the next byte, and where its line starts.
    off: usize,
    line: usize,
    line_start: usize,
    depth: u32,
    in_str: bool,
    esc: bool,
    /// Whether the container at each depth (up to 4) is an object.
    object: [bool; 5],
    expect_key: bool,
    /// The last key read at depths 1, 3 and 4: the top level, the feature, its geometry.
    key1: Vec<u8>,
    key3: Vec<u8>,
    key4: Vec<u8>,
    capture: Capture,
    sbuf: Vec<u8>,
    top_type: Option<Vec<u8>>,
    in_features: bool,
    feature: FeatureScan,
    last_keys: Option<Vec<u8>>,
    first: bool,
    /// The top-level object has closed: anything but whitespace after it is a sequence.
    top_closed: bool,
    spans: Vec<(usize, usize)>,
    cols: Columns,
}

/// Bytes that matter outside strings (inside a feature, the rest are skipped).
const STRUCTURAL: [bool; 256] = {
    let mut t = [false; 256];
    t[b'"' as usize] = true;
    t[b'{' as usize] = true;
    t[b'}' as usize] = true;
    t[b'[' as usize] = true;
    t[b']' as usize] = true;
    t[b',' as usize] = true;
    t[b'\n' as usize] = true;
    t
};

impl Scanner {
    /// At the start of a file.
    fn new() -> Self {
        Scanner {
            off: 0,
            line: 1,
            line_start: 0,
            depth: 0,
            in_str: false,
            esc: false,
            object: [false; 5],
            expect_key: false,
            key1: Vec::new(),
            key3: Vec::new(),
            key4: Vec::new(),
            capture: Capture::None,
            sbuf: Vec::new(),
            top_type: None,
            in_features: false,
            feature: FeatureScan::default(),
            last_keys: None,
            first: true,
            top_closed: false,
            spans: Vec::new(),
            cols: Columns::default(),
        }
    }

    /// At the start of a line at byte `off`, assumed to lie between two
    /// features of the `features` list (a raw line feed is never inside a
    /// JSON string); lines counted from there. [`Scanner::between_features`]
    /// of the scan that reaches `off` tells whether the assumption held.
    fn at_line_in_features(off: usize) -> Self {
        let mut s = Scanner::new();
        s.off = off;
        s.line_start = off;
        s.depth = 2;
        s.object[1] = true;
        s.key1 = b"features".to_vec();
        s.in_features = true;
        s.first = false;
        s
    }

    /// Whether the scan stands between two features of the `features` list.
    fn between_features(&self) -> bool {
        self.depth == 2
            && self.in_features
            && !self.in_str
            && !self.top_closed
            && !self.first
            && self.object[1]
            && !self.object[2]
            && self.key1 == b"features"
    }

    /// Scans `chunk`, the bytes from `self.off` on; `Ok(false)` when the text
    /// is not a FeatureCollection the scan recognises.
    fn feed(&mut self, chunk: &[u8], label: &Path) -> Result<bool> {
        let n = chunk.len();
        let mut i = 0;
        while i < n {
            // Inside a feature, outside strings, only structure matters: numbers, literals, colons pass.
            if !self.in_str && self.depth >= 3 {
                while i < n && !STRUCTURAL[chunk[i] as usize] {
                    i += 1;
                }
                if i == n {
                    break;
                }
            }
            // Inside a string nothing but a quote or a backslash matters: jump to the next.
            if self.in_str && !self.esc {
                match memchr::memchr2(b'"', b'\\', &chunk[i..]) {
                    Some(k) => {
                        if self.capture != Capture::None {
                            self.sbuf.extend_from_slice(&chunk[i..i + k]);
                        }
                        i += k;
                    }
                    None => {
                        if self.capture != Capture::None {
                            self.sbuf.extend_from_slice(&chunk[i..]);
                        }
                        break;
                    }
                }
            }
            let b = chunk[i];
            let at = self.off + i;
            i += 1;
            if self.in_str {
                if self.esc {
                    self.esc = false;
                } else if b == b'\\' {
                    self.esc = true;
                } else if b == b'"' {
                    self.in_str = false;
                    self.end_string();
                    continue;
                }
                if self.capture != Capture::None {
                    self.sbuf.push(b);
                }
                continue;
            }
            if b.is_ascii_whitespace() {
                if b == b'\n' {
                    self.line += 1;
                    self.line_start = at + 1;
                }
                continue;
            }
            if self.top_closed {
                return Ok(false);
            }
            if self.first && !(at < 3 && matches!(b, 0xEF | 0xBB | 0xBF)) {
                self.first = false;
                if b != b'{' {
                    return Ok(false); // a sequence (RS) or not an object
                }
            }
            // An item of the features list that is not an object.
            if self.in_features && self.depth == 2 && !matches!(b, b'{' | b',' | b']') {
                return Ok(false);
            }
            match b {
                b'"' => self.start_string(),
                b'{' | b'[' => {
                    self.depth += 1;
                    if let Some(o) = self.object.get_mut(self.depth as usize) {
                        *o = b == b'{';
                    }
                    self.expect_key = b == b'{';
                    if self.depth == 2 && b == b'[' && self.key1 == b"features" {
                        self.in_features = true;
                    }
                    if self.depth == 3 && self.in_features {
                        self.feature.at = (at, self.line, at - self.line_start + 1);
                        self.key3.clear();
                    }
                    if self.depth == 4 && self.in_features {
                        self.key4.clear();
                    }
                }
                b'}' | b']' => {
                    if self.depth == 0 {
                        return Ok(false);
                    }
                    self.depth -= 1;
                    self.expect_key = false;
                    self.top_closed = self.depth == 0;
                    if self.depth == 2 && b == b'}' && self.in_features {
                        self.cols
                            .add_scanned(&mut self.feature, self.spans.len(), label, &mut self.last_keys)?;
                        self.spans.push((self.feature.at.0, at + 1));
                        self.feature.clear();
                    }
                    if self.depth == 1 && b == b']' {
                        self.in_features = false;
                    }
                }
                b',' => self.expect_key = self.object.get(self.depth as usize).copied().unwrap_or(false),
                _ => {}
            }
        }
        self.off += n;
        Ok(true)
    }

    /// A string starts: a key, or a value, kept when it is one that matters.
    fn start_string(&mut self) {
        self.in_str = true;
        self.sbuf.clear();
        let (d, feats) = (self.depth, self.in_features);
        self.capture = if self.expect_key {
            self.expect_key = false;
            match d {
                1 | 3 => Capture::Key(d),
                4 if feats && (self.key3 == b"properties" || self.key3 == b"geometry") => Capture::Key(4),
                _ => Capture::None,
            }
        } else {
            match d {
                1 if self.key1 == b"type" => Capture::Value(1),
                3 if feats && self.key3 == b"type" => Capture::Value(3),
                4 if feats && self.key3 == b"geometry" && self.key4 == b"type" => Capture::Value(4),
                _ => Capture::None,
            }
        };
    }

    /// A string ends: what it was kept for.
    fn end_string(&mut self) {
        let set = |to: &mut Vec<u8>, from: &[u8]| {
            to.clear();
            to.extend_from_slice(from);
        };
        let sbuf = &self.sbuf;
        let f = &mut self.feature;
        match self.capture {
            Capture::Key(1) => set(&mut self.key1, sbuf),
            Capture::Key(3) => set(&mut self.key3, sbuf),
            Capture::Key(_) if self.key3 == b"properties" => {
                f.escaped |= sbuf.contains(&b'\\');
                f.keys.extend_from_slice(sbuf);
                f.keys.push(0);
            }
            Capture::Key(_) => set(&mut self.key4, sbuf),
            Capture::Value(1) => self.top_type = Some(sbuf.clone()),
            Capture::Value(3) => set(f.kind.get_or_insert_with(Vec::new), sbuf),
            Capture::Value(_) => set(f.geometry.get_or_insert_with(Vec::new), sbuf),
            Capture::None => {}
        }
        self.capture = Capture::None;
    }

    /// Scans bytes `range` of the file (`..` to the end).
    fn scan(
        &mut self,
        path: &Path,
        start: usize,
        end: Option<usize>,
        bar: &crate::output::progress::Progress,
    ) -> Result<bool> {
        use std::io::{BufRead, Read, Seek};
        let mut file = std::fs::File::open(path).map_err(|e| Error::unreadable(path, e))?;
        file.seek(std::io::SeekFrom::Start(start as u64))
            .map_err(|e| Error::unreadable(path, e))?;
        let limit = end.map_or(u64::MAX, |e| (e - start) as u64);
        let mut r = std::io::BufReader::with_capacity(1 << 20, file.take(limit));
        loop {
            let chunk = r.fill_buf().map_err(|e| Error::unreadable(path, e))?;
            if chunk.is_empty() {
                return Ok(true);
            }
            let n = chunk.len();
            if !self.feed(chunk, path)? {
                return Ok(false);
            }
            r.consume(n);
            bar.add(n as u64);
        }
    }

    /// Takes over what `later` found after this scan's end: its features, in
    /// order; its columns after these; its end state.
    fn append(&mut self, mut later: Scanner) {
        let mut spans = std::mem::take(&mut self.spans);
        spans.append(&mut later.spans);
        let mut cols = std::mem::take(&mut self.cols);
        let more = std::mem::take(&mut later.cols);
        for h in more.headers {
            cols.add_key(h.into());
        }
        for (k, n) in more.geometry_kinds {
            cols.count_geometry(&k, n);
        }
        let top_type = self.top_type.take().or(later.top_type.take());
        *self = later;
        (self.spans, self.cols, self.top_type) = (spans, cols, top_type);
    }
}

/// What a scan finds: where each feature is (byte range), and the columns.
type Scanned = (Vec<(usize, usize)>, Columns);

/// Files at least this large are scanned in two halves at once.
const SPLIT_BYTES: usize = 64 << 20;

/// Finds the features of a large GeoJSON file, their columns and geometry
/// types in one streaming pass — a structural scan (strings, escapes,
/// depth, the keys that matter) at the speed of reading, with no JSON
/// parsing — so that the file is never held whole. A large file is scanned
/// in two halves at once, split at a line feed: the second half's scan
/// assumes it starts between two features and is kept when the first
/// half's scan ends there (a file written one feature per line, as this
/// tool, GDAL and most programs write them); otherwise the first scan goes
/// on through the second half. `None` when the file is not a
/// FeatureCollection that the scan recognises (a sequence, a truncated
/// file, a `features` item that is not an object): the caller then reads it
/// as usual, with its usual errors. Syntax errors inside a feature are the
/// parser's, when the feature is read.
fn scan_file(path: &Path, split_bytes: usize, bar: &crate::output::progress::Progress) -> Result<Option<Scanned>> {
    let size = std::fs::metadata(path).map(|m| m.len() as usize).unwrap_or(0);
    let split = if size >= split_bytes && std::thread::available_parallelism().map_or(1, |n| n.get()) > 1 {
        split_point(path, size / 2)?
    } else {
        None
    };
    let mut scan = Scanner::new();
    let complete = match split {
        Some(at) => {
            let later = std::thread::scope(|sc| {
                let later = sc.spawn(|| {
                    let mut s = Scanner::at_line_in_features(at);
                    s.scan(path, at, None, bar).map(|ok| ok.then_some(s))
                });
                let first = scan.scan(path, 0, Some(at), bar);
                (first, later.join())
            });
            match later {
                (Err(e), _) => return Err(e),
                (Ok(false), _) => false,
                (Ok(true), Ok(Ok(Some(s)))) if scan.between_features() => {
                    scan.append(s);
                    true
                }
                // The split was not between features, or the later half has an error
                // to be reported in order: the first scan goes on.
                _ => scan.scan(path, at, None, bar)?,
            }
        }
        None => scan.scan(path, 0, None, bar)?,
    };
    if !complete || scan.depth != 0 || scan.in_str || scan.top_type.as_deref() != Some(b"FeatureCollection".as_slice())
    {
        // Truncated or odd files: the in-memory reader says what is wrong.
        return Ok(None);
    }
    Ok(Some((scan.spans, scan.cols)))
}

/// The offset just after the first line feed at or after `from`, if any.
fn split_point(path: &Path, from: usize) -> Result<Option<usize>> {
    use std::io::{Read, Seek};
    let mut file = std::fs::File::open(path).map_err(|e| Error::unreadable(path, e))?;
    file.seek(std::io::SeekFrom::Start(from as u64))
        .map_err(|e| Error::unreadable(path, e))?;
    let mut buf = vec![0; 1 << 20];
    let n = file.read(&mut buf).map_err(|e| Error::unreadable(path, e))?;
    Ok(memchr::memchr(b'\n', &buf[..n]).map(|k| from + k + 1))
}

impl FeatureRows {
    /// Opens a GeoJSON file: one larger than [`STREAM_BYTES`] that is a
    /// FeatureCollection is scanned from disk and its features read again one
    /// at a time; anything else is read into memory ([`FeatureRows::new`]).
    /// `progress`: a bar over the scan, on a terminal.
    pub fn open(path: &Path, progress: bool) -> Result<Self> {
        Self::open_streaming(path, STREAM_BYTES, progress)
    }

    /// [`FeatureRows::open`] with the size from which a file is streamed.
    pub fn open_streaming_from(path: &Path, stream_bytes: u64) -> Result<Self> {
        Self::open_streaming(path, stream_bytes, false)
    }

    fn open_streaming(path: &Path, stream_bytes: u64, progress: bool) -> Result<Self> {
        let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
        if size >= stream_bytes {
            let bar = crate::output::progress::Progress::new(Some(size), !progress);
            bar.set(0, || "scanning the features".into());
            let scanned = scan_file(path, SPLIT_BYTES.max(stream_bytes as usize), &bar)?;
            bar.finish();
            if let Some((spans, cols)) = scanned {
                let mut rows = Self::with(Body::File, spans, cols, path);
                rows.bytes = size;
                return Ok(rows);
            }
        }
        let bytes = std::fs::read(path).map_err(|e| Error::unreadable(path, e))?;
        Self::new(bytes, path)
    }
    /// Finds the features of `text` (a FeatureCollection, a Feature, or a
    /// sequence of features) and the columns they make.
    pub fn new(mut bytes: Vec<u8>, label: &Path) -> Result<Self> {
        if bytes.starts_with(b"\xEF\xBB\xBF") {
            bytes.drain(..3);
        }
        // GeoJSON is UTF-8 (RFC 7946): checked once here, so that parsing need not check each string.
        let text = String::from_utf8(bytes).map_err(|e| {
            let at = e.utf8_error().valid_up_to();
            let (line, col) = line_col(e.as_bytes(), at);
            Error::new(
                ErrorKind::MalformedLine,
                format!(
                    "{}:{line}:{col}: not GeoJSON: not UTF-8 text (byte 0x{:02x}); GeoJSON is UTF-8 — convert the file first, e.g. with iconv",
                    label.display(),
                    e.as_bytes()[at]
                ),
            )
        })?;
        let base = text.as_ptr() as usize;
        let mut spans = Vec::new();
        if is_sequence(text.as_bytes()) {
            let mut start = 0;
            for piece in text.as_bytes().split(|&b| b == 0x1E || b == b'\n') {
                let s = start;
                start += piece.len() + 1;
                if piece.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                spans.push((s, s + piece.len()));
            }
        } else {
            let top: Top =
                serde_json::from_str(&text).map_err(|e| syntax(label, text.as_bytes(), 0, &e, "not GeoJSON"))?;
            match (top.kind.as_deref(), top.features) {
                (Some("FeatureCollection"), Some(f)) => {
                    spans = f
                        .iter()
                        .map(|r| {
                            let s = r.get().as_ptr() as usize - base;
                            (s, s + r.get().len())
                        })
                        .collect();
                }
                (Some("FeatureCollection"), None) => {
                    return Err(Error::new(
                        ErrorKind::MalformedLine,
                        format!("{}: a FeatureCollection without a \"features\" list", label.display()),
                    ))
                }
                (Some("Feature"), _) => spans.push((0, text.len())),
                (other, _) => {
                    return Err(Error::new(
                        ErrorKind::MalformedLine,
                        format!(
                            "{}: not a GeoJSON Feature or FeatureCollection (type {}); incidents are a FeatureCollection of points",
                            label.display(),
                            other.map_or("missing".to_string(), crate::error::quote)
                        ),
                    ))
                }
            }
        }
        // First pass: the columns, and the geometry types.
        let mut cols = Columns::default();
        for (n, &(s, e)) in spans.iter().enumerate() {
            cols.add(&text.as_bytes()[s..e], n, label, |err| {
                syntax(label, text.as_bytes(), s, err, &format!("feature {}", n + 1))
            })?;
        }
        let bytes = text.len() as u64;
        let mut rows = Self::with(Body::Text(text), spans, cols, label);
        rows.bytes = bytes;
        Ok(rows)
    }

    /// The rows of `spans` in `body`, with the columns the first pass found.
    fn with(body: Body, spans: Vec<(usize, usize)>, cols: Columns, label: &Path) -> Self {
        let (headers, index, geometry_kinds, point_columns) = cols.finish();
        let props = index.len();
        FeatureRows {
            body,
            features: spans.len(),
            spans,
            next: 0,
            headers,
            geometry_kinds,
            parser: Some(Parser {
                keys: KeyLookup::new(index),
                wanted: vec![true; props],
                cells: vec![String::new(); props],
                point_columns,
                num: String::new(),
            }),
            label: label.to_path_buf(),
            bytes: 0,
        }
    }

    /// About where in the text reading is (features read, in proportion), for a progress bar.
    pub fn position(&self) -> u64 {
        match self.features {
            0 => 0,
            n => (self.bytes as u128 * self.next as u128 / n as u128) as u64,
        }
    }

    /// The columns every row has.
    pub fn headers(&self) -> &[String] {
        &self.headers
    }

    /// How many features there are.
    pub fn len(&self) -> usize {
        self.features
    }

    /// Whether there are no features.
    pub fn is_empty(&self) -> bool {
        self.features == 0
    }

    /// Fills only these columns from now on (the others stay empty): what a
    /// reader needs when no output keeps a row's other columns. Before the first row.
    pub fn keep_only(&mut self, columns: &[usize]) {
        if let Some(p) = self.parser.as_mut() {
            p.wanted.iter_mut().for_each(|w| *w = false);
            for &c in columns {
                if let Some(w) = p.wanted.get_mut(c) {
                    *w = true;
                }
            }
        }
    }

    /// Reads the next feature into `rec`; false at the end.
    pub fn read(&mut self, rec: &mut csv::ByteRecord) -> Result<bool> {
        match &mut self.body {
            Body::Text(t) => {
                let Some(&(s, e)) = self.spans.get(self.next) else {
                    return Ok(false);
                };
                self.next += 1;
                let parser = self.parser.as_mut().expect("an in-memory text keeps its parser");
                parser
                    .parse(&t.as_bytes()[s..e], rec)
                    .map_err(|fe| feature_error(self.next, line_col(t.as_bytes(), s), fe))?;
                Ok(true)
            }
            Body::File => {
                let spans = std::mem::take(&mut self.spans);
                let parser = self.parser.take().expect("a streamed file starts once");
                self.body = Body::Feed(Feed::start(self.label.clone(), spans, parser));
                self.read(rec)
            }
            Body::Feed(feed) => {
                let more = feed.next(rec)?;
                self.next += usize::from(more);
                Ok(more)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
        let mut f = FeatureRows::new(text.as_bytes().to_vec(), Path::new("t.geojson")).unwrap();
        let mut rec = csv::ByteRecord::new();
        let mut out = Vec::new();
        while f.read(&mut rec).unwrap() {
            out.push(rec.iter().map(|c| String::from_utf8_lossy(c).into_owned()).collect());
        }
        (f.headers().to_vec(), out)
    }

    #[test]
    fn features_become_rows_with_their_point() {
        let (h, r) = rows(
            r#"{"features":[
              {"type":"Feature","id":1,"geometry":{"type":"Point","coordinates":[67.0,30.18]},
               "properties":{"nkill":3,"fatalities":"5","latitude":1.5,"notes":{"deep":[1,2]}}},
              {"type":"Feature","geometry":null,"properties":null},
              {"type":"Feature","geometry":{"type":"Point","coordinates":[62.3,25.1]},"properties":{"place":"Gwadar"}}],
              "type":"FeatureCollection"}"#,
        );
        assert_eq!(
            h,
            [
                "nkill",
                "fatalities",
                "src_latitude",
                "notes",
                "place",
                "longitude",
                "latitude"
            ]
        );
        assert_eq!(r.len(), 3);
        assert_eq!(r[0], ["3", "5", "1.5", r#"{"deep":[1,2]}"#, "", "67", "30.18"]);
        assert_eq!(r[1], ["", "", "", "", "", "", ""]);
        assert_eq!(r[2][4..], ["Gwadar", "62.3", "25.1"]);
    }

    #[test]
    fn sequences_and_single_features_and_errors() {
        let (h, r) = rows("\x1e{\"type\":\"Feature\",\"properties\":{\"location\":\"Turbat\"},\"geometry\":null}\n\x1e{\"type\":\"Feature\",\"properties\":{\"location\":\"Quetta\"},\"geometry\":null}\n");
        assert_eq!(
            (h, r),
            (
                vec!["location".to_string()],
                vec![vec!["Turbat".to_string()], vec!["Quetta".to_string()]]
            )
        );
        let (_, r) = rows(
            r#"{"type":"Feature","properties":{"location":"Turbat"},"geometry":{"type":"Point","coordinates":[63,26]}}"#,
        );
        assert_eq!(r, [["Turbat", "63", "26"]]);
        let bad = FeatureRows::new(
            b"{\"type\":\"FeatureCollection\",\n\"features\":[ {\"type\": }]}".to_vec(),
            Path::new("b.geojson"),
        );
        let msg = bad.err().unwrap().message;
        assert!(msg.starts_with("b.geojson:2:"), "{msg}");
        let poly = FeatureRows::new(
            br#"{"type":"Polygon","coordinates":[]}"#.to_vec(),
            Path::new("p.geojson"),
        );
        assert!(poly.err().unwrap().message.contains("type \"Polygon\""));
    }

    /// A file scanned in two halves at once gives what one scan gives: one
    /// feature per line (the halves joined), features over several lines
    /// (the split inside one: scanned on), and an error in the second half
    /// reported with its place in the whole file.
    #[test]
    fn files_scanned_in_halves_give_what_one_scan_gives() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("h.geojson");
        let feature = |i: usize| {
            format!(
                r#"{{"type":"Feature","geometry":{{"type":"Point","coordinates":[{}.5,28]}},"properties":{{"n":{i},"k{}":"x \"{{[\""}}}}"#,
                60 + i % 8,
                i % 5
            )
        };
        // Keys first seen in the second half, in this order: late_b, then late_a.
        let with_late = |i: usize| match i {
            300.. => feature(i).replacen("\"n\":", "\"late_b\":1,\"late_a\":2,\"n\":", 1),
            _ => feature(i),
        };
        let one_per_line = format!(
            "{{\"type\":\"FeatureCollection\",\"features\":[\n{}\n]}}\n",
            (0..400).map(with_late).collect::<Vec<_>>().join(",\n")
        );
        let pretty = one_per_line.replace(",\"properties\"", ",\n\"properties\"");
        let one = |text: &str, split: usize| {
            std::fs::write(&p, text).unwrap();
            let (spans, cols) = scan_file(&p, split, &crate::output::progress::Progress::new(None, true))
                .unwrap()
                .unwrap();
            (spans, cols.headers, cols.geometry_kinds)
        };
        for text in [&one_per_line, &pretty] {
            let whole = one(text, usize::MAX);
            assert_eq!(whole.0.len(), 400);
            assert_eq!(whole.1, ["n", "k0", "k1", "k2", "k3", "k4", "late_b", "late_a"]);
            assert_eq!(one(text, 0), whole);
        }
        // One feature per line: the first half's scan ends between features, so the halves are joined.
        std::fs::write(&p, &one_per_line).unwrap();
        let at = split_point(&p, one_per_line.len() / 2).unwrap().unwrap();
        let mut first = Scanner::new();
        assert!(first
            .scan(&p, 0, Some(at), &crate::output::progress::Progress::new(None, true))
            .unwrap());
        assert!(first.between_features());
        // A bad feature past the middle: the same error, at its place in the file.
        let bad = one_per_line.replace(&with_late(300), &with_late(300).replacen("Feature", "Festure", 1));
        std::fs::write(&p, &bad).unwrap();
        let e = scan_file(&p, 0, &crate::output::progress::Progress::new(None, true))
            .err()
            .unwrap()
            .message;
        assert!(
            e.ends_with("feature 301: type \"Festure\" where a Feature was expected"),
            "{e}"
        );
        assert!(e.contains(":302:1:"), "{e}");
    }

    /// The file read in one streaming pass and again feature by feature
    /// gives the rows the in-memory reader gives, with tricky strings.
    #[test]
    fn streamed_files_give_the_same_rows() {
        let text = r#"{"type":"FeatureCollection","name":"x {[","features":[
 {"type":"Feature","geometry":{"type":"Point","coordinates":[66.5,27.1]},"properties":{"location":"Quetta \"}]\\","n":1,"o":{"a":[1,{"b":"}"}]}}},
 {"type":"Feature","geometry":null,"properties":{"location":"Turbat","extra":"é"}},
 {"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]},"properties":{}}
],"bbox":[0,0,1,1]}"#;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("f.geojson");
        std::fs::write(&p, text).unwrap();
        let read_all = |mut f: FeatureRows| {
            let mut out = vec![f.headers().to_vec()];
            let mut rec = csv::ByteRecord::new();
            while f.read(&mut rec).unwrap() {
                out.push(rec.iter().map(|x| String::from_utf8_lossy(x).into_owned()).collect());
            }
            (out, f.geometry_kinds.clone())
        };
        let streamed = FeatureRows::open_streaming_from(&p, 0).unwrap();
        assert!(matches!(streamed.body, Body::File), "the streaming path was taken");
        let (a, ka) = read_all(streamed);
        let (b, kb) = read_all(FeatureRows::new(text.as_bytes().to_vec(), &p).unwrap());
        assert_eq!(a, b);
        assert_eq!(ka, kb);
        assert_eq!(a.len(), 4);
        assert_eq!(a[1][0], "Quetta \"}]\\");
        // A bad feature is reported at its line and column in the file, when it is read.
        std::fs::write(&p, text.replace(r#""n":1"#, r#""n":1,"#)).unwrap();
        let mut f = FeatureRows::open_streaming_from(&p, 0).unwrap();
        let e = f.read(&mut csv::ByteRecord::new()).err().unwrap();
        assert!(e.message.starts_with("feature 1 (line 2, column 1"), "{}", e.message);
        let mut rec = csv::ByteRecord::new();
        assert!(f.read(&mut rec).unwrap() && f.read(&mut rec).unwrap() && !f.read(&mut rec).unwrap());
        // So are bytes that are not UTF-8 inside a feature.
        let mut latin1 = text.as_bytes().to_vec();
        let at = text.find("Turbat").unwrap();
        latin1[at + 1] = 0xFC; // "Türbat" as Windows-1252 writes it
        std::fs::write(&p, &latin1).unwrap();
        let mut f = FeatureRows::open_streaming_from(&p, 0).unwrap();
        let mut rec = csv::ByteRecord::new();
        assert!(f.read(&mut rec).unwrap());
        let e = f.read(&mut rec).err().unwrap();
        assert!(e.message.starts_with("feature 2 (line 3, column "), "{}", e.message);
        assert!(e.message.contains("not UTF-8"), "{}", e.message);
        // The rows after it are still read (under --on-error skip the reader goes on), as in memory.
        assert!(f.read(&mut rec).unwrap());
        assert!(!f.read(&mut rec).unwrap());
        // So is a feature that is not one, found by the scan.
        std::fs::write(
            &p,
            text.replace(
                r#"{"type":"Feature","geometry":null"#,
                r#"{"type":"Festure","geometry":null"#,
            ),
        )
        .unwrap();
        let e = FeatureRows::open_streaming_from(&p, 0).err().unwrap();
        assert!(
            e.message.contains("f.geojson:3:2: feature 2: type \"Festure\""),
            "{}",
            e.message
        );
        // A features list with an item that is not an object: the in-memory reader's error, not a row dropped.
        std::fs::write(&p, text.replace("],\"bbox\"", ",null],\"bbox\"")).unwrap();
        assert!(FeatureRows::open_streaming_from(&p, 0).is_err());
        // Newline-delimited features: the scan stops at the second and the in-memory reader takes them.
        let nd = "{\"type\":\"Feature\",\"geometry\":null,\"properties\":{\"location\":\"Quetta\"}}\n".repeat(3);
        std::fs::write(&p, &nd).unwrap();
        let f = FeatureRows::open_streaming_from(&p, 0).unwrap();
        assert!(matches!(f.body, Body::Text(_)));
        assert_eq!(f.spans.len(), 3);
        // A truncated file falls back to the in-memory reader and its error.
        std::fs::write(&p, &text[..200]).unwrap();
        assert!(FeatureRows::open_streaming_from(&p, 0).is_err());
    }
}
