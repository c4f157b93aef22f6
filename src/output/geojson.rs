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

/// Writes a FeatureCollection one feature at a time, or (`seq`) GeoJSON
/// Text Sequences (RFC 8142): each feature preceded by RS (0x1E) and
/// followed by a line feed, no collection around them.
pub struct GeoJsonWriter<W: Write> {
    w: W,
    keys: Vec<Vec<u8>>,
    first: bool,
    seq: bool,
    buf: Vec<u8>,
}

/// Appends `s` as a JSON string literal (RFC 8259 escaping).
pub fn push_json_str(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    let bytes = s.as_bytes();
    // Most strings need no escaping: one vectorisable scan, one copy.
    // (No early exit: the fold vectorises.)
    if !bytes
        .iter()
        .fold(false, |acc, &b| acc | (b < 0x20) | (b == b'"') | (b == b'\\'))
    {
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
            Flat::Num(x) => {
                let _ = write!(out, "{x}");
            }
        }
    }

    /// The value as a CSV cell (empty for null).
    pub fn cell(&self) -> String {
        match self {
            Flat::Null => String::new(),
            Flat::Str(s) => s.clone(),
            Flat::Num(x) => format!("{x}"),
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
        r.precision.map_or(Flat::Null, |p| Flat::Num(f64::from(p.code()))),
        Flat::Num(r.candidates as f64),
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
        Flat::opt(f.date.map(|d| d.start_iso()).as_deref()),
        Flat::opt(f.date.and_then(|d| d.end_iso()).as_deref()),
        Flat::opt(f.date.map(|d| d.precision.as_str())),
        f.fatalities.map_or(Flat::Null, Flat::Num),
        Flat::opt(f.event_type.as_deref()),
        Flat::opt(f.actor.as_deref()),
        Flat::opt(f.source_precision.as_ref().map(|p| p.0.as_str())),
        f.dedup.as_ref().map_or(Flat::Null, |d| Flat::Num(d.0 as f64)),
        Flat::opt(f.dedup.as_ref().map(|d| d.1.as_str())),
    ]
}

/// Appends the properties of [`fact_fields`], written straight from the facts
/// (the same JSON, without building the values first).
fn push_facts(out: &mut Vec<u8>, f: &Facts) {
    let key = |out: &mut Vec<u8>, k: &str| {
        out.extend_from_slice(b",\"");
        out.extend_from_slice(k.as_bytes());
        out.extend_from_slice(b"\":");
    };
    let null = |out: &mut Vec<u8>| out.extend_from_slice(b"null");
    let quoted = |out: &mut Vec<u8>, write: &dyn Fn(&mut Vec<u8>)| {
        out.push(b'"');
        write(out);
        out.push(b'"');
    };
    key(out, "geo_date");
    match f.date {
        Some(d) => quoted(out, &|o| d.push_start_iso(o)),
        None => null(out),
    }
    key(out, "geo_date_end");
    match f.date.filter(|d| d.end.is_some()) {
        Some(d) => quoted(out, &|o| {
            d.push_end_iso(o);
        }),
        None => null(out),
    }
    key(out, "geo_date_precision");
    push_opt_str(out, f.date.map(|d| d.precision.as_str()));
    key(out, "geo_fatalities");
    f.fatalities.map_or(Flat::Null, Flat::Num).push_json(out);
    key(out, "geo_event_type");
    push_opt_str(out, f.event_type.as_deref());
    key(out, "geo_actor");
    push_opt_str(out, f.actor.as_deref());
    key(out, "geo_source_precision");
    push_opt_str(out, f.source_precision.as_ref().map(|p| p.0.as_str()));
    key(out, "geo_dedup_count");
    match &f.dedup {
        Some(d) => Flat::Num(d.0 as f64).push_json(out),
        None => null(out),
    }
    key(out, "geo_dedup_ids");
    push_opt_str(out, f.dedup.as_ref().map(|d| d.1.as_str()));
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
            (Some(lon), Some(lat)) => {
                let _ = write!(
                    geometry,
                    "{{\"type\":\"Point\",\"coordinates\":[{},{}]}}",
                    round6(lon),
                    round6(lat)
                );
            }
            _ => geometry.extend_from_slice(b"null"),
        }
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
    pub fn new(mut w: W, headers: &[String], seq: bool) -> io::Result<Self> {
        if !seq {
            w.write_all(b"{\"type\":\"FeatureCollection\",\"features\":[\n")?;
        }
        let keys = property_names(headers)
            .iter()
            .map(|k| {
                let mut v = Vec::new();
                push_json_str(&mut v, k);
                v.push(b':');
                v
            })
            .collect();
        Ok(GeoJsonWriter {
            w,
            keys,
            first: true,
            seq,
            buf: Vec::with_capacity(4096),
        })
    }

    /// Writes one feature: the input `fields`, the rendered resolution, and the row's facts.
    pub fn write(&mut self, id: u64, fields: &csv::StringRecord, geo: &RenderedGeo, facts: &Facts) -> io::Result<()> {
        let buf = &mut self.buf;
        buf.clear();
        if self.seq {
            buf.push(0x1E);
        } else if !self.first {
            buf.extend_from_slice(b",\n");
        }
        self.first = false;
        let _ = write!(buf, "{{\"type\":\"Feature\",\"id\":{id},\"geometry\":");
        buf.extend_from_slice(&geo.geometry);
        buf.extend_from_slice(b",\"properties\":{");
        for (i, k) in self.keys.iter().enumerate() {
            buf.extend_from_slice(k);
            push_opt_str(buf, fields.get(i).filter(|s| !s.is_empty()));
            buf.push(b',');
        }
        buf.extend_from_slice(&geo.props);
        push_facts(buf, facts);
        buf.extend_from_slice(b"}}");
        if self.seq {
            buf.push(b'\n');
        }
        self.w.write_all(buf)
    }

    /// Closes the collection and returns the writer.
    pub fn finish(mut self) -> io::Result<W> {
        if !self.seq {
            self.w.write_all(b"\n]}\n")?;
        }
        Ok(self.w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn facts_written_directly_match_their_flat_values() {
        let day = chrono::NaiveDate::from_ymd_opt(2025, 3, 16).unwrap();
        let date = crate::input::dates::EventDate {
            start: day,
            end: None,
            precision: crate::input::dates::Precision::Day,
            ambiguous: false,
        };
        let full = Facts {
            date: Some(crate::input::dates::EventDate {
                end: chrono::NaiveDate::from_ymd_opt(2025, 3, 18),
                ..date
            }),
            fatalities: Some(5.0),
            event_type: Some("Battles \"armed\" clash".into()),
            actor: Some("BLA".into()),
            id: Some("PAK1".into()),
            source_precision: Some(("2".into(), None)),
            dedup: Some((3, "PAK1;PAK2;PAK3".into())),
        };
        let month = Facts {
            date: Some(crate::input::dates::EventDate {
                precision: crate::input::dates::Precision::Month,
                ..date
            }),
            fatalities: Some(0.5),
            ..Facts::default()
        };
        for f in [full, month, Facts::default()] {
            let (mut direct, mut flat) = (Vec::new(), Vec::new());
            push_facts(&mut direct, &f);
            push_props(&mut flat, 14, &fact_fields(&f));
            assert_eq!(String::from_utf8(direct).unwrap(), String::from_utf8(flat).unwrap());
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
    fn rounds_to_six_decimals() {
        assert_eq!(round6(67.001_412_345), 67.001412);
        assert_eq!(round6(-0.000_000_4), -0.0);
    }
}
