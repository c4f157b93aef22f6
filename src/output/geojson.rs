//! A streaming RFC 7946 GeoJSON FeatureCollection writer.
//!
//! One Feature per input row: `id` is the 1-based row number, geometry a
//! Point `[lon, lat]` rounded to 6 decimals (about 0.1 m) or `null` when
//! unresolved, no `crs` member. Properties are flat (strings, numbers,
//! null), as QGIS's processing tools require: first every input column in
//! input order (empty cells as null), then the `geo_*` properties of
//! [`GEO_PROPERTIES`]. An input column whose name clashes with one of those
//! is kept as `src_<name>`.

use std::io::{self, Write};

use crate::gazetteer::Gazetteer;
use crate::model::{Facts, Resolution};
use crate::output::columnar::{Cell, Kind};

/// The properties the geocoder adds, in output order.
pub const GEO_PROPERTIES: &[&str] = &[
    "geo_name",
    "geo_id",
    "geo_kind",
    "geo_district",
    "geo_province",
    "geo_method",
    "geo_score",
    "geo_precision",
    "geo_candidates",
    "geo_alternatives",
    "geo_matched",
    "geo_district_source",
    "geo_flags",
    "geo_reason",
    "geo_date",
    "geo_date_end",
    "geo_date_precision",
    "geo_fatalities",
    "geo_event_type",
    "geo_actor",
    "geo_source_precision",
    "geo_dedup_count",
    "geo_dedup_ids",
];

/// The type of each of [`GEO_PROPERTIES`] in a typed table (GeoParquet, FlatGeobuf).
pub const GEO_KINDS: [Kind; GEO_PROPERTIES.len()] = {
    use Kind::*;
    [
        Str, Str, Str, Str, Str, Str, Float, Int, Int, Str, Str, Str, Str, Str, // geo_name .. geo_reason
        Date, Date, Str, Int, Str, Str, Str, Int, Str, // geo_date .. geo_dedup_ids
    ]
};

/// Rounds to 6 decimals, the precision RFC 7946 suggests is plenty.
pub fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// The property names for input columns: clashes with `geo_*` renamed, duplicates numbered.
pub fn property_names(headers: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(headers.len());
    for (i, h) in headers.iter().enumerate() {
        let mut name = if h.is_empty() {
            format!("column_{}", i + 1)
        } else {
            h.clone()
        };
        if GEO_PROPERTIES.contains(&name.as_str()) {
            name = format!("src_{name}");
        }
        // A new name must not take one that the input itself uses later.
        let taken = |n: &String, out: &Vec<String>| out.contains(n) || (n != h && headers[i + 1..].contains(n));
        let base = name.clone();
        let mut k = 2;
        while taken(&name, &out) {
            name = format!("{base}_{k}");
            k += 1;
        }
        out.push(name);
    }
    out
}

/// The one streaming GeoJSON writer: a FeatureCollection written one
/// feature at a time, or (`seq`) GeoJSON Text Sequences (RFC 8142): each
/// feature preceded by RS (0x1E) and followed by a line feed, no collection
/// around them. Every command that writes GeoJSON writes through it; memory
/// stays one feature's worth.
///
/// ```
/// use incident_mapper::output::geojson::{FeatureWriter, Geometry};
/// let mut w = FeatureWriter::new(Vec::new(), false).unwrap();
/// let mut f = w.feature(Some(1), &Geometry::Point(66.990501, 30.183270));
/// f.str("district", Some("Quetta")).num("incidents", Some(3.0)).num("rate", None);
/// f.end().unwrap();
/// let out = String::from_utf8(w.finish().unwrap()).unwrap();
/// let v: serde_json::Value = serde_json::from_str(&out).unwrap();
/// assert_eq!(v["features"][0]["properties"]["incidents"], 3);
/// assert_eq!(v["features"][0]["geometry"]["coordinates"][1], 30.18327);
/// ```
pub struct FeatureWriter<W: Write> {
    w: W,
    first: bool,
    seq: bool,
    buf: Vec<u8>,
}

/// A feature's geometry.
#[derive(Debug, Clone, Copy)]
pub enum Geometry<'a> {
    Null,
    /// `lon`, `lat`, written rounded to 6 decimals.
    Point(f64, f64),
    /// A geometry rendered before (see [`RenderedGeo`]).
    Json(&'a [u8]),
    MultiPolygon(&'a geo::MultiPolygon<f64>),
}

impl Geometry<'_> {
    /// Appends the geometry as a GeoJSON geometry object (or `null`).
    pub fn push_json(&self, out: &mut Vec<u8>) {
        match self {
            Geometry::Null => out.extend_from_slice(b"null"),
            Geometry::Point(lon, lat) => {
                let _ = write!(
                    out,
                    "{{\"type\":\"Point\",\"coordinates\":[{},{}]}}",
                    round6(*lon),
                    round6(*lat)
                );
            }
            Geometry::Json(bytes) => out.extend_from_slice(bytes),
            Geometry::MultiPolygon(mp) => {
                out.extend_from_slice(b"{\"type\":\"MultiPolygon\",\"coordinates\":[");
                for (i, poly) in mp.0.iter().enumerate() {
                    if i > 0 {
                        out.push(b',');
                    }
                    out.push(b'[');
                    for (j, ring) in std::iter::once(poly.exterior()).chain(poly.interiors()).enumerate() {
                        if j > 0 {
                            out.push(b',');
                        }
                        out.push(b'[');
                        for (k, c) in ring.0.iter().enumerate() {
                            let _ = write!(out, "{}[{},{}]", if k > 0 { "," } else { "" }, c.x, c.y);
                        }
                        out.push(b']');
                    }
                    out.push(b']');
                }
                out.extend_from_slice(b"]}");
            }
        }
    }
}

/// The properties of one feature being written; [`Properties::end`] writes it.
pub struct Properties<'a, W: Write> {
    writer: &'a mut FeatureWriter<W>,
    first: bool,
}

impl<W: Write> Properties<'_, W> {
    /// Starts a member: the separator and `key` (a JSON string literal with
    /// its colon, escaped before: see [`member_key`]); returns the buffer to
    /// append the value to.
    pub fn key_escaped(&mut self, key: &[u8]) -> &mut Vec<u8> {
        let buf = self.next_member();
        buf.extend_from_slice(key);
        buf
    }

    /// The buffer, after the comma that separates a member from the one before.
    fn next_member(&mut self) -> &mut Vec<u8> {
        let buf = &mut self.writer.buf;
        if !std::mem::take(&mut self.first) {
            buf.push(b',');
        }
        buf
    }

    /// Starts a member named `key`; returns the buffer to append the value to.
    pub fn key(&mut self, key: &str) -> &mut Vec<u8> {
        let buf = self.next_member();
        push_json_str(buf, key);
        buf.push(b':');
        buf
    }

    /// A string member (`null` for `None`).
    pub fn str(&mut self, key: &str, v: Option<&str>) -> &mut Self {
        push_opt_str(self.key(key), v);
        self
    }

    /// A number member (`null` for `None` and for what JSON cannot hold: NaN, infinities).
    pub fn num(&mut self, key: &str, v: Option<f64>) -> &mut Self {
        push_num(self.key(key), v);
        self
    }

    /// Members rendered before: `"k":v` pairs separated by commas.
    pub fn members(&mut self, rendered: &[u8]) -> &mut Self {
        if !rendered.is_empty() {
            self.next_member().extend_from_slice(rendered);
        }
        self
    }

    /// Closes the feature and writes it.
    pub fn end(self) -> io::Result<()> {
        let fw = self.writer;
        fw.buf.extend_from_slice(b"}}");
        if fw.seq {
            fw.buf.push(b'\n');
        }
        fw.w.write_all(&fw.buf)
    }
}

/// `key` as a JSON string literal followed by a colon, for [`Properties::key_escaped`].
pub fn member_key(key: &str) -> Vec<u8> {
    let mut v = Vec::with_capacity(key.len() + 3);
    push_json_str(&mut v, key);
    v.push(b':');
    v
}

/// Appends a number, or `null` for `None` and non-finite values.
pub fn push_num(out: &mut Vec<u8>, v: Option<f64>) {
    match v.filter(|x| x.is_finite()) {
        // A whole number (a count, mostly) as an integer: what `{x}` prints, without the float formatter.
        Some(x) if x.fract() == 0.0 && x.abs() < 1e15 && !(x == 0.0 && x.is_sign_negative()) => {
            out.extend_from_slice(itoa::Buffer::new().format(x as i64).as_bytes())
        }
        Some(x) => {
            let _ = write!(out, "{x}");
        }
        None => out.extend_from_slice(b"null"),
    }
}

impl<W: Write> FeatureWriter<W> {
    /// Starts the collection (or the sequence).
    pub fn new(w: W, seq: bool) -> io::Result<Self> {
        Self::with_members(w, seq, &[])
    }

    /// Starts a collection with top-level string members before `features`
    /// (an attribution, say); a sequence has no place for them.
    pub fn with_members(mut w: W, seq: bool, members: &[(&str, &str)]) -> io::Result<Self> {
        if !seq {
            let mut head = b"{\"type\":\"FeatureCollection\",".to_vec();
            for (k, v) in members {
                push_json_str(&mut head, k);
                head.push(b':');
                push_json_str(&mut head, v);
                head.push(b',');
            }
            head.extend_from_slice(b"\"features\":[\n");
            w.write_all(&head)?;
        }
        Ok(FeatureWriter {
            w,
            first: true,
            seq,
            buf: Vec::with_capacity(4096),
        })
    }

    /// Starts a feature (`id` when given) with its geometry; add its
    /// properties to what this returns, then [`Properties::end`] it.
    pub fn feature(&mut self, id: Option<u64>, geometry: &Geometry) -> Properties<'_, W> {
        let buf = &mut self.buf;
        buf.clear();
        if self.seq {
            buf.push(0x1E);
        } else if !self.first {
            buf.extend_from_slice(b",\n");
        }
        self.first = false;
        buf.extend_from_slice(b"{\"type\":\"Feature\",");
        if let Some(id) = id {
            buf.extend_from_slice(b"\"id\":");
            buf.extend_from_slice(itoa::Buffer::new().format(id).as_bytes());
            buf.push(b',');
        }
        buf.extend_from_slice(b"\"geometry\":");
        geometry.push_json(buf);
        buf.extend_from_slice(b",\"properties\":{");
        Properties {
            writer: self,
            first: true,
        }
    }

    /// Closes the collection and returns the writer.
    pub fn finish(mut self) -> io::Result<W> {
        if !self.seq {
            self.w.write_all(b"\n]}\n")?;
        }
        Ok(self.w)
    }
}

/// Writes geocoded rows: the input columns, then the `geo_*` properties.
pub struct GeoJsonWriter<W: Write> {
    out: FeatureWriter<W>,
    keys: Vec<Vec<u8>>,
}

/// Appends `s` as a JSON string literal (RFC 8259 escaping).
pub fn push_json_str(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    let bytes = s.as_bytes();
    // Most strings need no escaping: one scan, eight bytes at a time, and one copy.
    if !needs_escape(bytes) {
        out.extend_from_slice(bytes);
        out.push(b'"');
        return;
    }
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let esc: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0..=0x1f => {
                out.extend_from_slice(&bytes[start..i]);
                out.extend_from_slice(format!("\\u{:04x}", b).as_bytes());
                start = i + 1;
                continue;
            }
            _ => continue,
        };
        out.extend_from_slice(&bytes[start..i]);
        out.extend_from_slice(esc);
        start = i + 1;
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
}

/// Whether `bytes` hold a byte that a JSON string must escape: a control
/// character, `"` or `\\`. Eight bytes at a time in a `u64` (the bit tricks
/// of "Bit Twiddling Hacks", *Determine if a word has a byte less than n*,
/// exact for n ≤ 128); UTF-8's bytes ≥ 0x80 never match.
fn needs_escape(bytes: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let word = |w: u64| {
        let below = |x: u64, n: u64| x.wrapping_sub(ONES * n) & !x & HIGH;
        below(w, 0x20) | below(w ^ (ONES * b'"' as u64), 1) | below(w ^ (ONES * b'\\' as u64), 1) != 0
    };
    let mut chunks = bytes.chunks_exact(8);
    let mut found = false;
    for c in &mut chunks {
        found |= word(u64::from_le_bytes(c.try_into().expect("eight bytes")));
    }
    let rest = chunks.remainder();
    if bytes.len() >= 8 {
        // The tail as the last eight bytes (some seen twice).
        let last = &bytes[bytes.len() - 8..];
        found |= word(u64::from_le_bytes(last.try_into().expect("eight bytes")));
    } else if !rest.is_empty() {
        // A short string, padded with a byte that needs no escape (in
        // registers: a copy to a stack array would stall the load after it).
        let mut w = ONES * b'a' as u64;
        for (i, &b) in rest.iter().enumerate() {
            w = (w & !(0xff << (8 * i))) | (b as u64) << (8 * i);
        }
        found |= word(w);
    }
    found
}

fn push_opt_str(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        Some(s) => push_json_str(out, s),
        None => out.extend_from_slice(b"null"),
    }
}

/// A flat property value: what GeoJSON properties and CSV cells both hold.
#[derive(Debug, Clone, PartialEq)]
pub enum Flat {
    Null,
    Str(String),
    Num(f64),
    /// A whole number (written like a number).
    Int(i64),
    /// A day, written `YYYY-MM-DD`.
    Date(chrono::NaiveDate),
}

impl Flat {
    fn opt(s: Option<&str>) -> Flat {
        s.map_or(Flat::Null, |s| Flat::Str(s.to_string()))
    }

    /// Appends the value as JSON.
    pub fn push_json(&self, out: &mut Vec<u8>) {
        match self {
            Flat::Null => out.extend_from_slice(b"null"),
            Flat::Str(s) => push_json_str(out, s),
            Flat::Num(x) => push_num(out, Some(*x)),
            Flat::Int(v) => out.extend_from_slice(itoa::Buffer::new().format(*v).as_bytes()),
            Flat::Date(d) => {
                out.push(b'"');
                crate::input::dates::push_iso_day(out, *d);
                out.push(b'"');
            }
        }
    }

    /// The value as a typed table's cell.
    pub fn as_cell(&self) -> Cell<'_> {
        match self {
            Flat::Null => Cell::Null,
            Flat::Str(s) => Cell::Str(s),
            Flat::Num(x) => Cell::Float(*x),
            Flat::Int(v) => Cell::Int(*v),
            Flat::Date(d) => Cell::Date(*d),
        }
    }

    /// The value as a CSV cell (empty for null).
    pub fn cell(&self) -> String {
        match self {
            Flat::Null => String::new(),
            Flat::Str(s) => s.clone(),
            Flat::Num(x) => format!("{x}"),
            Flat::Int(v) => v.to_string(),
            Flat::Date(d) => crate::input::dates::iso_day(*d),
        }
    }
}

/// The `geo_*` properties of a resolution, in [`GEO_PROPERTIES`] order (the first 14).
pub fn geo_fields(r: &Resolution, gaz: &Gazetteer) -> Vec<Flat> {
    let place = r.place.map(|i| gaz.place(i));
    let coords_only = r.method == crate::model::Method::Coordinates && place.is_none();
    let flags = crate::model::join_flags(&r.flags);
    vec![
        Flat::opt(place.map(|p| p.name.as_str())),
        Flat::opt(place.map(|p| p.id.as_str())),
        Flat::opt(place.map(|p| p.kind.as_str()).or(coords_only.then_some("point"))),
        Flat::opt(r.district.as_deref()),
        Flat::opt(r.province.as_deref()),
        Flat::Str(r.method.as_str().to_string()),
        Flat::Num(r.score),
        r.precision.map_or(Flat::Null, |p| Flat::Int(i64::from(p.code()))),
        Flat::Int(r.candidates as i64),
        Flat::opt(describe_alternatives(gaz, r).as_deref()),
        Flat::opt(r.matched.as_deref()),
        Flat::opt(r.district_source),
        Flat::opt(Some(flags.as_str()).filter(|s| !s.is_empty())),
        Flat::opt(r.reason.as_deref()),
    ]
}

/// The common model's per-row properties, in [`GEO_PROPERTIES`] order (the last 9):
/// the date (`geo_date`: always `YYYY-MM-DD`, the first day of the period, so
/// that GDAL reads a Date field; `geo_date_end` for a range;
/// `geo_date_precision` day|month|year), fatalities, event type,
/// actor, the source's own precision code as written, and with `--dedup`
/// the number of rows merged into this one and their ids.
pub fn fact_fields(f: &Facts) -> Vec<Flat> {
    vec![
        f.date.map_or(Flat::Null, |d| Flat::Date(d.start)),
        f.date.and_then(|d| d.end).map_or(Flat::Null, Flat::Date),
        Flat::opt(f.date.map(|d| d.precision.as_str())),
        f.fatalities
            .map_or(Flat::Null, |x| match x.fract() == 0.0 && x.abs() < 9.0e15 {
                true => Flat::Int(x as i64),
                false => Flat::Num(x),
            }),
        Flat::opt(f.event_type.as_deref()),
        Flat::opt(f.actor.as_deref()),
        Flat::opt(f.source_precision.as_ref().map(|p| p.0.as_str())),
        f.dedup.as_ref().map_or(Flat::Null, |d| Flat::Int(d.0 as i64)),
        Flat::opt(f.dedup.as_ref().map(|d| d.1.as_str())),
    ]
}

/// Adds the properties of [`fact_fields`], written straight from the facts
/// (the same JSON, without building the values first).
fn push_facts<W: Write>(p: &mut Properties<'_, W>, f: &Facts) {
    // The member names as JSON, `"name":`, made at compile time (a row writes nine).
    macro_rules! key {
        ($k:literal) => {
            p.key_escaped(concat!("\"", $k, "\":").as_bytes())
        };
    }
    let quoted = |out: &mut Vec<u8>, write: &dyn Fn(&mut Vec<u8>)| {
        out.push(b'"');
        write(out);
        out.push(b'"');
    };
    match f.date {
        Some(d) => quoted(key!("geo_date"), &|o| d.push_start_iso(o)),
        None => key!("geo_date").extend_from_slice(b"null"),
    }
    match f.date.filter(|d| d.end.is_some()) {
        Some(d) => quoted(key!("geo_date_end"), &|o| {
            d.push_end_iso(o);
        }),
        None => key!("geo_date_end").extend_from_slice(b"null"),
    }
    push_opt_str(key!("geo_date_precision"), f.date.map(|d| d.precision.as_str()));
    push_num(key!("geo_fatalities"), f.fatalities);
    push_opt_str(key!("geo_event_type"), f.event_type.as_deref());
    push_opt_str(key!("geo_actor"), f.actor.as_deref());
    push_opt_str(
        key!("geo_source_precision"),
        f.source_precision.as_ref().map(|p| p.0.as_str()),
    );
    push_num(key!("geo_dedup_count"), f.dedup.as_ref().map(|d| d.0 as f64));
    push_opt_str(key!("geo_dedup_ids"), f.dedup.as_ref().map(|d| d.1.as_str()));
}

/// Appends `,"key":value` for each of `values`, named from `GEO_PROPERTIES[offset..]`.
fn push_props(out: &mut Vec<u8>, offset: usize, values: &[Flat]) {
    for (k, v) in GEO_PROPERTIES[offset..].iter().zip(values) {
        if !(offset == 0 && out.is_empty()) {
            out.push(b',');
        }
        push_json_str(out, k);
        out.push(b':');
        v.push_json(out);
    }
}

/// `Name (kind, district) 0.85; ...` — the alternatives as one flat string.
pub fn describe_alternatives(gaz: &Gazetteer, r: &Resolution) -> Option<String> {
    if r.alternatives.is_empty() {
        return None;
    }
    Some(
        r.alternatives
            .iter()
            .map(|c| format!("{} {}", gaz.place(c.place).describe(), c.score))
            .collect::<Vec<_>>()
            .join("; "),
    )
}

/// The part of a feature that depends only on the resolution: its geometry
/// and its `geo_*` properties, rendered once and reused for every row that
/// resolves the same way.
#[derive(Debug, Clone, PartialEq)]
pub struct RenderedGeo {
    pub geometry: Vec<u8>,
    pub props: std::rc::Rc<[u8]>,
}

impl RenderedGeo {
    pub fn new(r: &Resolution, gaz: &Gazetteer) -> Self {
        let mut props = Vec::with_capacity(512);
        push_props(&mut props, 0, &geo_fields(r, gaz));
        Self::with_props(r, props.into())
    }

    /// The geometry of `r` with properties rendered before (for rows that
    /// differ only in their coordinates; see [`props_key`]).
    pub fn with_props(r: &Resolution, props: std::rc::Rc<[u8]>) -> Self {
        let mut geometry = Vec::with_capacity(64);
        match (r.lon, r.lat) {
            (Some(lon), Some(lat)) => Geometry::Point(lon, lat),
            _ => Geometry::Null,
        }
        .push_json(&mut geometry);
        RenderedGeo { geometry, props }
    }
}

/// A hash of everything in a resolution that its `geo_*` properties show
/// (all but the coordinates): rows with coordinates near one named place
/// share their properties, rendered once.
pub fn props_key(r: &Resolution) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    r.place.hash(&mut h);
    r.district.hash(&mut h);
    r.province.hash(&mut h);
    r.district_source.hash(&mut h);
    r.method.as_str().hash(&mut h);
    r.score.to_bits().hash(&mut h);
    r.precision.hash(&mut h);
    r.candidates.hash(&mut h);
    for c in &r.alternatives {
        c.place.hash(&mut h);
        c.score.to_bits().hash(&mut h);
    }
    r.matched.hash(&mut h);
    r.flags.hash(&mut h);
    r.reason.hash(&mut h);
    h.finish()
}

impl<W: Write> GeoJsonWriter<W> {
    /// Starts the collection; `headers` are the input columns.
    pub fn new(w: W, headers: &[String], seq: bool) -> io::Result<Self> {
        let keys = property_names(headers).iter().map(|k| member_key(k)).collect();
        Ok(GeoJsonWriter {
            out: FeatureWriter::new(w, seq)?,
            keys,
        })
    }

    /// Writes one feature: the input `fields`, the rendered resolution, and the row's facts.
    pub fn write(&mut self, id: u64, fields: &csv::StringRecord, geo: &RenderedGeo, facts: &Facts) -> io::Result<()> {
        let mut p = self.out.feature(Some(id), &Geometry::Json(&geo.geometry));
        for (i, k) in self.keys.iter().enumerate() {
            push_opt_str(p.key_escaped(k), fields.get(i).filter(|s| !s.is_empty()));
        }
        p.members(&geo.props);
        push_facts(&mut p, facts);
        p.end()
    }

    /// Closes the collection and returns the writer.
    pub fn finish(self) -> io::Result<W> {
        self.out.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_word_at_a_time_escape_check_agrees_with_a_byte_at_a_time_one() {
        let slow = |b: &[u8]| b.iter().any(|&c| c < 0x20 || c == b'"' || c == b'\\');
        // Every byte value at every position of strings up to 19 bytes long,
        // in a run of ordinary letters (so the tail and whole words are both tried).
        for len in 1..20 {
            for pos in 0..len {
                for byte in 0..=255u8 {
                    let mut v = vec![b'k'; len];
                    v[pos] = byte;
                    assert_eq!(needs_escape(&v), slow(&v), "{v:?}");
                }
            }
        }
        assert!(!needs_escape(b""));
        assert!(!needs_escape("Nōshki — نوشکی 19°".as_bytes()));
        let mut out = Vec::new();
        push_json_str(&mut out, "a\"b\\c\nd\u{1}é");
        assert_eq!(String::from_utf8(out).unwrap(), r#""a\"b\\c\nd\u0001é""#);
    }

    #[test]
    fn numbers_are_written_as_rust_displays_them() {
        let values = [
            0.0,
            -0.0,
            1.0,
            -1.0,
            3.0,
            42.0,
            1200.0,
            2.5,
            -7.25,
            0.1,
            1e14,
            999_999_999_999_999.0,
            1e15,
            1e16,
            -1e15,
            1e300,
            5e-324,
            66.97,
            30.18333,
        ];
        for x in values {
            let mut out = Vec::new();
            push_num(&mut out, Some(x));
            assert_eq!(String::from_utf8(out).unwrap(), format!("{x}"), "{x:?}");
        }
        let mut out = Vec::new();
        push_num(&mut out, Some(f64::NAN));
        push_num(&mut out, None);
        assert_eq!(out, b"nullnull");
    }

    #[test]
    fn renames_clashing_and_duplicate_columns() {
        let h: Vec<String> = ["location", "geo_precision", "location", ""]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(
            property_names(&h),
            vec!["location", "src_geo_precision", "location_2", "column_4"]
        );
        let h: Vec<String> = ["geo_name", "src_geo_name"].iter().map(|s| s.to_string()).collect();
        assert_eq!(property_names(&h), vec!["src_geo_name_2", "src_geo_name"]);
    }

    /// Facts with every member set: a day range, fatalities, a merged duplicate.
    fn full_facts() -> Facts {
        Facts {
            date: Some(crate::input::dates::EventDate {
                start: chrono::NaiveDate::from_ymd_opt(2025, 3, 16).unwrap(),
                end: chrono::NaiveDate::from_ymd_opt(2025, 3, 18),
                precision: crate::input::dates::Precision::Day,
                ambiguous: false,
            }),
            fatalities: Some(5.0),
            event_type: Some("Battles \"armed\" clash".into()),
            actor: Some("BLA".into()),
            id: Some("PAK1".into()),
            source_precision: Some(("2".into(), None)),
            dedup: Some((3, "PAK1;PAK2;PAK3".into())),
        }
    }

    #[test]
    fn facts_written_directly_match_their_flat_values() {
        let full = full_facts();
        let month = Facts {
            date: Some(crate::input::dates::EventDate {
                end: None,
                precision: crate::input::dates::Precision::Month,
                ..full.date.unwrap()
            }),
            fatalities: Some(0.5),
            ..Facts::default()
        };
        for f in [full, month, Facts::default()] {
            let mut w = FeatureWriter::new(Vec::new(), true).unwrap();
            let mut p = w.feature(None, &Geometry::Null);
            push_facts(&mut p, &f);
            p.end().unwrap();
            let direct = String::from_utf8(w.finish().unwrap()).unwrap();
            let mut flat = Vec::new();
            push_props(&mut flat, 14, &fact_fields(&f));
            let flat = String::from_utf8(flat).unwrap();
            assert!(
                direct.ends_with(&format!("\"properties\":{{{}}}}}\n", &flat[1..])),
                "{direct}\n{flat}"
            );
        }
    }

    #[test]
    fn geo_kinds_match_the_values_written() {
        use crate::model::{GeoPrecision, Method};
        let facts = full_facts();
        let gaz = Gazetteer::embedded();
        let r = Resolution {
            method: Method::District,
            score: 0.9,
            precision: Some(GeoPrecision::Area),
            candidates: 2,
            district: Some("Kech".into()),
            ..Resolution::unresolved("only the district")
        };
        let values: Vec<Flat> = geo_fields(&r, &gaz).into_iter().chain(fact_fields(&facts)).collect();
        assert_eq!(values.len(), GEO_KINDS.len());
        for ((name, kind), v) in GEO_PROPERTIES.iter().zip(GEO_KINDS).zip(&values) {
            let fits = matches!(
                (kind, v),
                (_, Flat::Null)
                    | (Kind::Str, Flat::Str(_))
                    | (Kind::Int, Flat::Int(_))
                    | (Kind::Float, Flat::Num(_))
                    | (Kind::Date, Flat::Date(_))
            );
            assert!(fits, "{name}: {kind:?} column, value {v:?}");
        }
        // Every typed column holds a value here (none is null by accident).
        for (name, v) in GEO_PROPERTIES.iter().zip(&values) {
            if [
                "geo_date",
                "geo_date_end",
                "geo_fatalities",
                "geo_dedup_count",
                "geo_precision",
                "geo_candidates",
            ]
            .contains(name)
            {
                assert_ne!(*v, Flat::Null, "{name}");
            }
        }
    }

    #[test]
    fn escapes_json_strings_like_serde() {
        for s in [
            "plain",
            "Quetta's \"bazaar\"",
            "a\\b",
            "line\nbreak\ttab",
            "\u{1}ctl",
            "Quétta ✓",
            "",
        ] {
            let mut v = Vec::new();
            push_json_str(&mut v, s);
            assert_eq!(String::from_utf8(v).unwrap(), serde_json::to_string(s).unwrap());
        }
    }

    #[test]
    fn feature_writer_writes_collections_sequences_and_polygons_as_serde_reads_them() {
        use geo::polygon;
        let square = geo::MultiPolygon(vec![polygon![
            exterior: [(x: 66.0, y: 30.0), (x: 67.5, y: 30.0), (x: 67.5, y: 31.25), (x: 66.0, y: 30.0)],
            interiors: [[(x: 66.5, y: 30.2), (x: 66.6, y: 30.2), (x: 66.6, y: 30.3), (x: 66.5, y: 30.2)]],
        ]]);
        let mut w = FeatureWriter::with_members(Vec::new(), false, &[("attribution", "© \"OSM\"")]).unwrap();
        let mut p = w.feature(None, &Geometry::MultiPolygon(&square));
        p.str("name", Some("Quetta\n"))
            .num("nan", Some(f64::NAN))
            .num("inf", Some(f64::INFINITY));
        p.end().unwrap();
        let mut p = w.feature(Some(7), &Geometry::Null);
        p.str("none", None)
            .members(b"\"a\":1,\"b\":\"x\"")
            .num("half", Some(0.5));
        p.end().unwrap();
        let v: serde_json::Value = serde_json::from_slice(&w.finish().unwrap()).unwrap();
        assert_eq!(v["attribution"], "© \"OSM\"");
        let f = &v["features"];
        assert_eq!(f.as_array().unwrap().len(), 2);
        assert_eq!(
            f[0]["properties"],
            serde_json::json!({"name": "Quetta\n", "nan": null, "inf": null})
        );
        assert!(f[0].get("id").is_none());
        let back: geojson::Geometry = serde_json::from_value(f[0]["geometry"].clone()).unwrap();
        assert_eq!(
            geo::Geometry::<f64>::try_from(back).unwrap(),
            geo::Geometry::MultiPolygon(square)
        );
        assert_eq!(f[1]["id"], 7);
        assert!(f[1]["geometry"].is_null());
        assert_eq!(
            f[1]["properties"],
            serde_json::json!({"none": null, "a": 1, "b": "x", "half": 0.5})
        );

        // A sequence: RS before, LF after each feature, nothing around them.
        let mut w = FeatureWriter::with_members(Vec::new(), true, &[("attribution", "ignored")]).unwrap();
        for i in 0..2 {
            w.feature(Some(i), &Geometry::Point(66.1234567, 30.0)).end().unwrap();
        }
        let out = String::from_utf8(w.finish().unwrap()).unwrap();
        let parts: Vec<&str> = out.split('\u{1e}').collect();
        assert_eq!(parts[0], "");
        assert_eq!(parts.len(), 3);
        for (i, part) in parts[1..].iter().enumerate() {
            assert!(part.ends_with('\n'));
            let f: serde_json::Value = serde_json::from_str(part).unwrap();
            assert_eq!(f["id"], i as u64);
            assert_eq!(f["geometry"]["coordinates"], serde_json::json!([66.123457, 30]));
        }
    }

    #[test]
    fn rounds_to_six_decimals() {
        assert_eq!(round6(67.001_412_345), 67.001412);
        assert_eq!(round6(-0.000_000_4), -0.0);
    }
}
