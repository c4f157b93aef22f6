//! GeoJSON as a record source: each feature is a row, its properties the
//! columns (in order of first appearance), so that a FeatureCollection, a
//! single Feature or a sequence of features (RFC 8142 text sequences,
//! newline-delimited GeoJSON) is read by the same incident reader as a CSV —
//! one model, one set of checks, one verdict for every command.
//!
//! A Point geometry gives the row's `longitude` and `latitude` (a property of
//! one of those names is then kept as `src_<name>`); other geometries give
//! none. Memory: the file's text and one feature at a time — features are
//! located once ([`RawValue`] slices) and parsed when their row is read.

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
            line_end < text.len()
                && serde_json::from_slice::<serde_json::Value>(first)
                    .is_ok_and(|v| v.get("type").and_then(|t| t.as_str()) == Some("Feature"))
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

/// The receiving end of a streamed file's reading thread: rows in batches,
/// each batch's records sent back to be filled again (memory stays a few
/// batches).
struct Feed {
    rx: std::sync::mpsc::Receiver<Result<Vec<csv::ByteRecord>>>,
    back: std::sync::mpsc::SyncSender<Vec<csv::ByteRecord>>,
    batch: Vec<csv::ByteRecord>,
    k: usize,
}

/// Features per batch from the reading thread.
const BATCH: usize = 1024;

/// Turns one feature's JSON text into a row.
struct Parser {
    index: rustc_hash::FxHashMap<String, usize>,
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
            index: &self.index,
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
    /// Starts the thread that reads `spans` of the file at `path` again, in order, and parses them.
    fn start(path: std::path::PathBuf, spans: Vec<(usize, usize)>, mut parser: Parser) -> Feed {
        use std::sync::mpsc::sync_channel;
        let (tx, rx) = sync_channel::<Result<Vec<csv::ByteRecord>>>(2);
        let (back, back_rx) = sync_channel::<Vec<csv::ByteRecord>>(4);
        std::thread::spawn(move || {
            let mut run = || -> Result<()> {
                use std::io::Read;
                let file = std::fs::File::open(&path).map_err(|e| Error::unreadable(&path, e))?;
                let mut file = std::io::BufReader::with_capacity(1 << 20, file);
                let (mut pos, mut buf) = (0usize, Vec::new());
                for (b, chunk) in spans.chunks(BATCH).enumerate() {
                    let mut batch = back_rx.try_recv().unwrap_or_default();
                    batch.resize_with(chunk.len(), csv::ByteRecord::new);
                    for (j, (&(s, e), rec)) in chunk.iter().zip(batch.iter_mut()).enumerate() {
                        std::io::copy(&mut file.by_ref().take((s - pos) as u64), &mut std::io::sink())
                            .and_then(|_| {
                                buf.resize(e - s, 0);
                                file.read_exact(&mut buf)
                            })
                            .map_err(|err| {
                                Error::new(ErrorKind::InputUnreadable, format!("reading a feature again: {err}"))
                            })?;
                        pos = e;
                        parser
                            .parse(&buf, rec)
                            .map_err(|fe| feature_error(b * BATCH + j + 1, file_line_col(&path, s), fe))?;
                    }
                    if tx.send(Ok(batch)).is_err() {
                        return Ok(()); // the reader was dropped
                    }
                }
                Ok(())
            };
            if let Err(e) = run() {
                let _ = tx.send(Err(e));
            }
        });
        Feed {
            rx,
            back,
            batch: Vec::new(),
            k: 0,
        }
    }

    /// The next row into `rec`; false at the end.
    fn next(&mut self, rec: &mut csv::ByteRecord) -> Result<bool> {
        while self.k == self.batch.len() {
            let used = std::mem::take(&mut self.batch);
            if !used.is_empty() {
                let _ = self.back.try_send(used);
            }
            match self.rx.recv() {
                Ok(Ok(b)) => (self.batch, self.k) = (b, 0),
                Ok(Err(e)) => return Err(e),
                Err(_) => return Ok(false),
            }
        }
        std::mem::swap(rec, &mut self.batch[self.k]);
        self.k += 1;
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

impl<'de> Deserialize<'de> for FirstTwo {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = FirstTwo;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("coordinates")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut a: A) -> std::result::Result<FirstTwo, A::Error> {
                /// A number, or anything else skipped.
                struct Num(Option<f64>);
                impl<'de> Deserialize<'de> for Num {
                    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
                        struct N;
                        impl<'de> Visitor<'de> for N {
                            type Value = Num;
                            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                                f.write_str("a coordinate")
                            }
                            fn visit_f64<E>(self, v: f64) -> std::result::Result<Num, E> {
                                Ok(Num(Some(v)))
                            }
                            fn visit_i64<E>(self, v: i64) -> std::result::Result<Num, E> {
                                Ok(Num(Some(v as f64)))
                            }
                            fn visit_u64<E>(self, v: u64) -> std::result::Result<Num, E> {
                                Ok(Num(Some(v as f64)))
                            }
                            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                                self,
                                mut a: A,
                            ) -> std::result::Result<Num, A::Error> {
                                while a.next_element::<IgnoredAny>()?.is_some() {}
                                Ok(Num(None))
                            }
                            fn visit_unit<E>(self) -> std::result::Result<Num, E> {
                                Ok(Num(None))
                            }
                        }
                        d.deserialize_any(N)
                    }
                }
                let x = a.next_element::<Num>()?.and_then(|n| n.0);
                let y = a.next_element::<Num>()?.and_then(|n| n.0);
                while a.next_element::<IgnoredAny>()?.is_some() {}
                Ok(FirstTwo(x.zip(y)))
            }
            fn visit_unit<E>(self) -> std::result::Result<FirstTwo, E> {
                Ok(FirstTwo(None))
            }
        }
        d.deserialize_any(V)
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
    index: &'c rustc_hash::FxHashMap<String, usize>,
    wanted: &'c [bool],
    cells: &'c mut [String],
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
        while let Some(k) = a.next_key::<std::borrow::Cow<'de, str>>()? {
            match self.index.get(k.as_ref()) {
                Some(&i) if self.wanted[i] => {
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
    index: &'c rustc_hash::FxHashMap<String, usize>,
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
            index,
            wanted,
            cells,
            point,
        } = self;
        while let Some(k) = a.next_key::<std::borrow::Cow<'de, str>>()? {
            match k.as_ref() {
                "properties" => a.next_value_seed(Cells {
                    index,
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
        if shape.kind.as_deref().is_some_and(|k| k != "Feature") {
            return Err(Error::new(
                ErrorKind::MalformedLine,
                format!(
                    "{}: feature {}: type {} where a Feature was expected",
                    label.display(),
                    n + 1,
                    crate::error::quote(shape.kind.as_deref().unwrap_or(""))
                ),
            ));
        }
        let kind = shape.geometry.as_ref().map_or("null", |g| g.kind.as_ref());
        match self.geometry_kinds.get_mut(kind) {
            Some(n) => *n += 1,
            None => {
                self.geometry_kinds.insert(kind.to_string(), 1);
            }
        }
        for k in shape.properties.map(|p| p.0).unwrap_or_default() {
            if !self.index.contains_key(k.as_ref()) {
                self.index.insert(k.to_string(), self.headers.len());
                self.headers.push(k.into_owned());
            }
        }
        Ok(())
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
            return Err(Error::new(
                ErrorKind::MalformedLine,
                format!(
                    "{}:{}:{}: feature {}: type {} where a Feature was expected",
                    label.display(),
                    f.at.1,
                    f.at.2,
                    n + 1,
                    crate::error::quote(&String::from_utf8_lossy(kind))
                ),
            ));
        }
        let kind = f.geometry.as_deref().map_or("null".into(), String::from_utf8_lossy);
        match self.geometry_kinds.get_mut(kind.as_ref()) {
            Some(n) => *n += 1,
            None => {
                self.geometry_kinds.insert(kind.into_owned(), 1);
            }
        }
        if last_keys.as_deref() == Some(f.keys.as_slice()) {
            return Ok(());
        }
        for raw in f.keys.strip_suffix(&[0]).into_iter().flat_map(|k| k.split(|&b| b == 0)) {
            let key: String = if f.escaped && raw.contains(&b'\\') {
                let mut quoted = Vec::with_capacity(raw.len() + 2);
                quoted.push(b'"');
                quoted.extend_from_slice(raw);
                quoted.push(b'"');
                serde_json::from_slice(&quoted).unwrap_or_else(|_| String::from_utf8_lossy(raw).into_owned())
            } else {
                String::from_utf8_lossy(raw).into_owned()
            };
            if !self.index.contains_key(&key) {
                self.index.insert(key.clone(), self.headers.len());
                self.headers.push(key);
            }
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

/// Finds the features of a large GeoJSON file, their columns and geometry
/// types in one streaming pass — a structural scan (strings, escapes,
/// depth, the keys that matter) at the speed of reading, with no JSON
/// parsing — so that the file is never held whole. `None` when the file is
/// not a FeatureCollection that the scan recognises (a sequence, a
/// truncated file, a `features` item that is not an object): the caller
/// then reads it as usual, with its usual errors. Syntax errors inside a
/// feature are the parser's, when the feature is read.
fn scan_file(path: &Path, cols: &mut Columns) -> Result<Option<Vec<(usize, usize)>>> {
    use std::io::BufRead;
    let label = path;
    let file = std::fs::File::open(path).map_err(|e| Error::unreadable(path, e))?;
    let mut r = std::io::BufReader::with_capacity(1 << 20, file);
    let mut spans = Vec::new();
    // Position and line (1-based) of the next byte, and where its line starts.
    let (mut off, mut line, mut line_start) = (0usize, 1usize, 0usize);
    let (mut depth, mut in_str, mut esc) = (0u32, false, false);
    // Whether the container at each depth (up to 4) is an object, and the
    // last key read at depths 1, 3 and 4: the top level, the feature, and
    // its geometry.
    let mut object = [false; 5];
    let mut expect_key = false;
    let (mut key1, mut key3, mut key4) = (Vec::new(), Vec::new(), Vec::new());
    let mut capture = Capture::None;
    let mut sbuf: Vec<u8> = Vec::new();
    let mut top_type: Option<Vec<u8>> = None;
    let mut in_features = false;
    let mut feature = FeatureScan::default();
    let mut last_keys: Option<Vec<u8>> = None;
    // Bytes that matter outside strings (inside a feature, the rest are skipped).
    let mut structural = [false; 256];
    for b in [b'"', b'{', b'}', b'[', b']', b',', b'\n'] {
        structural[b as usize] = true;
    }
    let mut first = true;
    // The top-level object has closed: anything but whitespace after it is a sequence.
    let mut top_closed = false;
    loop {
        let chunk = r.fill_buf().map_err(|e| Error::unreadable(path, e))?;
        if chunk.is_empty() {
            break;
        }
        let n = chunk.len();
        let mut i = 0;
        while i < n {
            // Inside a feature, outside strings, only structure matters: numbers, literals, colons pass.
            if !in_str && depth >= 3 {
                while i < n && !structural[chunk[i] as usize] {
                    i += 1;
                }
                if i == n {
                    break;
                }
            }
            // Inside a string nothing but a quote or a backslash matters: jump to the next.
            if in_str && !esc {
                match memchr::memchr2(b'"', b'\\', &chunk[i..]) {
                    Some(k) => {
                        if capture != Capture::None {
                            sbuf.extend_from_slice(&chunk[i..i + k]);
                        }
                        i += k;
                    }
                    None => {
                        if capture != Capture::None {
                            sbuf.extend_from_slice(&chunk[i..]);
                        }
                        break;
                    }
                }
            }
            let b = chunk[i];
            let at = off + i;
            i += 1;
            if in_str {
                if esc {
                    esc = false;
                } else if b == b'\\' {
                    esc = true;
                } else if b == b'"' {
                    in_str = false;
                    let set = |to: &mut Vec<u8>| {
                        to.clear();
                        to.extend_from_slice(&sbuf);
                    };
                    match capture {
                        Capture::Key(1) => set(&mut key1),
                        Capture::Key(3) => set(&mut key3),
                        Capture::Key(_) if key3 == b"properties" => {
                            feature.escaped |= sbuf.contains(&b'\\');
                            feature.keys.extend_from_slice(&sbuf);
                            feature.keys.push(0);
                        }
                        Capture::Key(_) => set(&mut key4),
                        Capture::Value(1) => top_type = Some(sbuf.clone()),
                        Capture::Value(3) => set(feature.kind.get_or_insert_with(Vec::new)),
                        Capture::Value(_) => set(feature.geometry.get_or_insert_with(Vec::new)),
                        Capture::None => {}
                    }
                    capture = Capture::None;
                    continue;
                }
                if capture != Capture::None {
                    sbuf.push(b);
                }
                continue;
            }
            if b.is_ascii_whitespace() {
                if b == b'\n' {
                    line += 1;
                    line_start = at + 1;
                }
                continue;
            }
            if top_closed {
                return Ok(None);
            }
            if first && !(at < 3 && matches!(b, 0xEF | 0xBB | 0xBF)) {
                first = false;
                if b != b'{' {
                    return Ok(None); // a sequence (RS) or not an object
                }
            }
            // An item of the features list that is not an object.
            if in_features && depth == 2 && !matches!(b, b'{' | b',' | b']') {
                return Ok(None);
            }
            match b {
                b'"' => {
                    in_str = true;
                    sbuf.clear();
                    capture = if expect_key {
                        expect_key = false;
                        match depth {
                            1 | 3 => Capture::Key(depth),
                            4 if in_features && (key3 == b"properties" || key3 == b"geometry") => Capture::Key(4),
                            _ => Capture::None,
                        }
                    } else {
                        match depth {
                            1 if key1 == b"type" => Capture::Value(1),
                            3 if in_features && key3 == b"type" => Capture::Value(3),
                            4 if in_features && key3 == b"geometry" && key4 == b"type" => Capture::Value(4),
                            _ => Capture::None,
                        }
                    };
                }
                b'{' | b'[' => {
                    depth += 1;
                    if let Some(o) = object.get_mut(depth as usize) {
                        *o = b == b'{';
                    }
                    expect_key = b == b'{';
                    if depth == 2 && b == b'[' && key1 == b"features" {
                        in_features = true;
                    }
                    if depth == 3 && in_features {
                        feature.at = (at, line, at - line_start + 1);
                        key3.clear();
                    }
                    if depth == 4 && in_features {
                        key4.clear();
                    }
                }
                b'}' | b']' => {
                    if depth == 0 {
                        return Ok(None);
                    }
                    depth -= 1;
                    expect_key = false;
                    top_closed = depth == 0;
                    if depth == 2 && b == b'}' && in_features {
                        cols.add_scanned(&mut feature, spans.len(), label, &mut last_keys)?;
                        spans.push((feature.at.0, at + 1));
                        feature.clear();
                    }
                    if depth == 1 && b == b']' {
                        in_features = false;
                    }
                }
                b',' => expect_key = object.get(depth as usize).copied().unwrap_or(false),
                _ => {}
            }
        }
        off += n;
        r.consume(n);
    }
    if depth != 0 || in_str || top_type.as_deref() != Some(b"FeatureCollection".as_slice()) {
        // Truncated or odd files: the in-memory reader says what is wrong.
        return Ok(None);
    }
    Ok(Some(spans))
}

impl FeatureRows {
    /// Opens a GeoJSON file: one larger than [`STREAM_BYTES`] that is a
    /// FeatureCollection is scanned from disk and its features read again one
    /// at a time; anything else is read into memory ([`FeatureRows::new`]).
    pub fn open(path: &Path) -> Result<Self> {
        Self::open_streaming_from(path, STREAM_BYTES)
    }

    /// [`FeatureRows::open`] with the size from which a file is streamed.
    pub fn open_streaming_from(path: &Path, stream_bytes: u64) -> Result<Self> {
        let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
        if size >= stream_bytes {
            let mut cols = Columns::default();
            if let Some(spans) = scan_file(path, &mut cols)? {
                return Ok(Self::with(Body::File, spans, cols, path));
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
        Ok(Self::with(Body::Text(text), spans, cols, label))
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
                index,
                wanted: vec![true; props],
                cells: vec![String::new(); props],
                point_columns,
                num: String::new(),
            }),
            label: label.to_path_buf(),
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
            Body::Feed(feed) => feed.next(rec),
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
