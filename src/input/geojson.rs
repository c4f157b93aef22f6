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
    /// Where each feature's JSON text is in the body.
    spans: Vec<(usize, usize)>,
    next: usize,
    /// The columns: property names in order of first appearance, then
    /// `longitude`, `latitude` when a feature has a Point geometry.
    headers: Vec<String>,
    index: rustc_hash::FxHashMap<String, usize>,
    point_columns: bool,
    /// Geometry types seen, with how many features have each (`null` for none).
    pub geometry_kinds: std::collections::BTreeMap<String, usize>,
    cells: Vec<String>,
    /// The property columns filled (the others are left empty, their values skipped).
    wanted: Vec<bool>,
}

/// Where the features' text is: in memory, or in a file read again, in
/// order, one feature at a time (a large file is never held whole).
enum Body {
    Text(String),
    File {
        file: std::io::BufReader<std::fs::File>,
        /// The file's read position.
        pos: usize,
        buf: Vec<u8>,
    },
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
    #[serde(rename = "type")]
    kind: String,
    #[serde(borrow, default)]
    coordinates: Option<&'a RawValue>,
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
        if let Some(n) = serde_json::Number::from_f64(v) {
            self.0.push_str(&n.to_string());
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
                    *point = g.filter(|g| g.kind == "Point").and_then(|g| {
                        let c: Vec<f64> = serde_json::from_str(g.coordinates?.get()).ok()?;
                        Some((*c.first()?, *c.get(1)?))
                    });
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

/// Finds the features of a large GeoJSON file in one streaming pass — a
/// structural scan (strings, escapes, depth) that captures one feature's
/// bytes at a time — so that the file is never held whole. `None` when the
/// file is not a FeatureCollection or a sequence of features that the scan
/// recognises (the caller then reads it as usual, with its usual errors).
fn scan_file(path: &Path, cols: &mut Columns) -> Result<Option<Vec<(usize, usize)>>> {
    use std::io::BufRead;
    let label = path;
    let file = std::fs::File::open(path).map_err(|e| Error::unreadable(path, e))?;
    let mut r = std::io::BufReader::with_capacity(1 << 20, file);
    let mut spans = Vec::new();
    // Position and line (1-based) of the next byte, and where its line starts.
    let (mut off, mut line, mut line_start) = (0usize, 1usize, 0usize);
    let (mut depth, mut in_str, mut esc) = (0u32, false, false);
    // Keys of the top-level object: the one being read, the last one complete.
    let (mut expect_key, mut key, mut reading_key, mut in_features) = (false, Vec::new(), false, false);
    let mut top_type: Option<Vec<u8>> = None;
    let (mut value_str, mut reading_value) = (Vec::new(), false);
    let mut feat: Vec<u8> = Vec::new();
    let mut feat_at = (0usize, 1usize, 1usize); // offset, line, column
    let mut first = true;
    let mut sequence = false;
    // The top-level object has closed: anything but whitespace after it is a sequence.
    let mut top_closed = false;
    loop {
        let chunk = r.fill_buf().map_err(|e| Error::unreadable(path, e))?;
        if chunk.is_empty() {
            break;
        }
        let n = chunk.len();
        let mut cap_from: Option<usize> = if feat.is_empty() || depth < 3 { None } else { Some(0) };
        let mut i = 0;
        while i < n {
            // Inside a string nothing but a quote or a backslash matters: jump to the next.
            if in_str && !esc && !reading_key && !reading_value {
                match memchr::memchr2(b'"', b'\\', &chunk[i..]) {
                    Some(k) => i += k,
                    None => break,
                }
            }
            let b = chunk[i];
            let at = off + i;
            i += 1;
            if top_closed && !b.is_ascii_whitespace() {
                return Ok(None);
            }
            if first && !b.is_ascii_whitespace() && !(at < 3 && matches!(b, 0xEF | 0xBB | 0xBF)) {
                first = false;
                if b == 0x1E {
                    sequence = true;
                } else if b != b'{' {
                    return Ok(None);
                }
            }
            if in_str {
                if esc {
                    esc = false;
                } else if b == b'\\' {
                    esc = true;
                } else if b == b'"' {
                    in_str = false;
                    if reading_key {
                        reading_key = false;
                    } else if reading_value {
                        reading_value = false;
                        if key == b"type" {
                            top_type = Some(std::mem::take(&mut value_str));
                        }
                    }
                    continue;
                }
                if reading_key {
                    key.push(b);
                } else if reading_value {
                    value_str.push(b);
                }
                continue;
            }
            let i = i - 1;
            match b {
                b'\n' => {
                    line += 1;
                    line_start = at + 1;
                }
                b'"' => {
                    in_str = true;
                    if depth == 1 && expect_key {
                        key.clear();
                        reading_key = true;
                        expect_key = false;
                    } else if depth == 1 {
                        value_str.clear();
                        reading_value = true;
                    }
                }
                b'{' | b'[' => {
                    if depth == 0 && b == b'{' && sequence {
                        return Ok(None);
                    }
                    depth += 1;
                    if depth == 1 {
                        expect_key = true;
                    }
                    if depth == 2 && b == b'[' && key == b"features" {
                        in_features = true;
                    }
                    if depth == 3 && b == b'{' && in_features {
                        feat.clear();
                        cap_from = Some(i);
                        feat_at = (at, line, at - line_start + 1);
                    }
                }
                b'}' | b']' => {
                    if depth == 0 {
                        return Ok(None);
                    }
                    depth -= 1;
                    top_closed = depth == 0;
                    if depth == 2 && b == b'}' && in_features {
                        if let Some(c) = cap_from.take() {
                            feat.extend_from_slice(&chunk[c..=i]);
                        }
                        let k = spans.len();
                        let (s, fl, fc) = feat_at;
                        cols.add(&feat, k, label, |e| {
                            let (l, c) = if e.line() <= 1 { (fl, fc + e.column().saturating_sub(1)) } else { (fl + e.line() - 1, e.column()) };
                            Error::new(
                                ErrorKind::MalformedLine,
                                format!(
                                    "{}:{l}:{c}: feature {}: {e}; check that the file is GeoJSON (UTF-8, one FeatureCollection or one feature per line)",
                                    label.display(),
                                    k + 1
                                ),
                            )
                        })?;
                        spans.push((s, at + 1));
                        feat.clear();
                    }
                    if depth == 1 && b == b']' {
                        in_features = false;
                    }
                }
                b',' if depth == 1 => expect_key = true,
                _ => {}
            }
        }
        if let Some(c) = cap_from {
            feat.extend_from_slice(&chunk[c..]);
        }
        off += n;
        r.consume(n);
    }
    if sequence || depth != 0 || in_str || top_type.as_deref() != Some(b"FeatureCollection".as_slice()) {
        // Sequences, truncated or odd files: the in-memory reader says what is wrong.
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
                let file = std::fs::File::open(path).map_err(|e| Error::unreadable(path, e))?;
                let body = Body::File {
                    file: std::io::BufReader::with_capacity(1 << 20, file),
                    pos: 0,
                    buf: Vec::new(),
                };
                return Ok(Self::with(body, spans, cols));
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
        Ok(Self::with(Body::Text(text), spans, cols))
    }

    /// The rows of `spans` in `body`, with the columns the first pass found.
    fn with(body: Body, spans: Vec<(usize, usize)>, cols: Columns) -> Self {
        let (headers, index, geometry_kinds, point_columns) = cols.finish();
        let props = index.len();
        FeatureRows {
            body,
            spans,
            next: 0,
            cells: vec![String::new(); props],
            wanted: vec![true; props],
            headers,
            index,
            point_columns,
            geometry_kinds,
        }
    }

    /// The columns every row has.
    pub fn headers(&self) -> &[String] {
        &self.headers
    }

    /// Whether there are no features.
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// Fills only these columns from now on (the others stay empty): what a
    /// reader needs when no output keeps a row's other columns.
    pub fn keep_only(&mut self, columns: &[usize]) {
        self.wanted.iter_mut().for_each(|w| *w = false);
        for &c in columns {
            if let Some(w) = self.wanted.get_mut(c) {
                *w = true;
            }
        }
    }

    /// Reads the next feature into `rec`; false at the end.
    pub fn read(&mut self, rec: &mut csv::ByteRecord) -> Result<bool> {
        let Some(&(s, e)) = self.spans.get(self.next) else {
            return Ok(false);
        };
        self.next += 1;
        for c in self.cells.iter_mut() {
            c.clear();
        }
        let mut point = None;
        let json: &[u8] = match &mut self.body {
            Body::Text(t) => &t.as_bytes()[s..e],
            Body::File { file, pos, buf } => {
                use std::io::Read;
                let skip = (s - *pos) as u64;
                std::io::copy(&mut file.by_ref().take(skip), &mut std::io::sink())
                    .and_then(|_| {
                        buf.resize(e - s, 0);
                        file.read_exact(buf)
                    })
                    .map_err(|err| Error::new(ErrorKind::InputUnreadable, format!("reading a feature again: {err}")))?;
                *pos = e;
                buf
            }
        };
        let mut de = serde_json::Deserializer::from_slice(json);
        Row {
            index: &self.index,
            wanted: &self.wanted,
            cells: &mut self.cells,
            point: &mut point,
        }
        .deserialize(&mut de)
        .map_err(|err| Error::new(ErrorKind::MalformedLine, format!("not a GeoJSON Feature: {err}")))?;
        rec.clear();
        for c in &self.cells {
            rec.push_field(c.as_bytes());
        }
        if self.point_columns {
            match point {
                Some((lon, lat)) => {
                    rec.push_field(lon.to_string().as_bytes());
                    rec.push_field(lat.to_string().as_bytes());
                }
                None => {
                    rec.push_field(b"");
                    rec.push_field(b"");
                }
            }
        }
        Ok(true)
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
        assert!(
            matches!(streamed.body, Body::File { .. }),
            "the streaming path was taken"
        );
        let (a, ka) = read_all(streamed);
        let (b, kb) = read_all(FeatureRows::new(text.as_bytes().to_vec(), &p).unwrap());
        assert_eq!(a, b);
        assert_eq!(ka, kb);
        assert_eq!(a.len(), 4);
        assert_eq!(a[1][0], "Quetta \"}]\\");
        // A bad feature is reported at its line in the file.
        std::fs::write(&p, text.replace(r#""n":1"#, r#""n":1,"#)).unwrap();
        let e = FeatureRows::open_streaming_from(&p, 0).err().unwrap();
        assert!(e.message.contains("f.geojson:2:"), "{}", e.message);
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
