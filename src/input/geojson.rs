//! Reads incidents back from GeoJSON (what `geocode` writes, or any
//! FeatureCollection of points) for maps, charts and counts.
//!
//! Only the fields used are kept: each feature's point and a few properties
//! (`geo_precision`, `geo_district`, `geo_province`, fatalities, event type,
//! date); everything else is skipped while parsing, so a 100,000-feature file
//! costs a few megabytes, not a tree of every property.

use std::fmt;
use std::path::Path;

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::Deserialize;

use crate::error::{Error, ErrorKind, Result};
use crate::input::dates::{self, Order};
use crate::input::incidents::{ADMIN2_COLUMNS, LOCATION_COLUMNS};
use crate::model::LocatedIncident;

// Property names, in order of preference: what `geocode` wrote first, then the sources' own columns.
const FATALITY_FIELDS: &[&str] = &["geo_fatalities", "fatalities", "nkill", "best", "killed", "deaths"];
const EVENT_TYPE_FIELDS: &[&str] = &[
    "geo_event_type",
    "event_type",
    "attacktype1_txt",
    "type_of_violence",
    "type",
];
const DATE_FIELDS: &[&str] = &["geo_date", "event_date", "date", "date_start"];
use crate::input::schema::ID_COLUMNS as ID_FIELDS;

#[derive(Deserialize)]
struct Collection {
    features: Vec<Feature>,
}

#[derive(Deserialize)]
struct Feature {
    #[serde(default)]
    id: Option<Scalar>,
    #[serde(default)]
    geometry: Option<Geometry>,
    #[serde(default)]
    properties: Option<Props>,
}

#[derive(Deserialize)]
struct Geometry {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    coordinates: serde_json::Value,
}

/// A property value as text: strings as they are, numbers printed, the rest absent.
struct Scalar(Option<String>);

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Scalar;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a property value")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<Scalar, E> {
                Ok(Scalar(Some(v.trim().to_string()).filter(|s| !s.is_empty())))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> std::result::Result<Scalar, E> {
                Ok(Scalar(Some(v.to_string())))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> std::result::Result<Scalar, E> {
                Ok(Scalar(Some(v.to_string())))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> std::result::Result<Scalar, E> {
                Ok(Scalar(Some(v.to_string())))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> std::result::Result<Scalar, E> {
                Ok(Scalar(None))
            }
            fn visit_unit<E: de::Error>(self) -> std::result::Result<Scalar, E> {
                Ok(Scalar(None))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut a: A) -> std::result::Result<Scalar, A::Error> {
                while a.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Scalar(None))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> std::result::Result<Scalar, A::Error> {
                while a.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Scalar(None))
            }
        }
        d.deserialize_any(V)
    }
}

/// The properties used, each from the first of its names present.
#[derive(Default)]
struct Props {
    precision: Option<String>,
    district: Option<String>,
    province: Option<String>,
    method: Option<String>,
    fatalities: (usize, Option<String>),
    event_type: (usize, Option<String>),
    date: (usize, Option<String>),
    date_end: Option<String>,
    date_precision: Option<String>,
    id: (usize, Option<String>),
    location: (usize, Option<String>),
    admin2: (usize, Option<String>),
}

fn keep(slot: &mut (usize, Option<String>), names: &[&str], key: &str, v: Option<String>) {
    if let Some(rank) = names.iter().position(|n| *n == key) {
        if v.is_some() && (slot.1.is_none() || rank < slot.0) {
            *slot = (rank, v);
        }
    }
}

impl<'de> Deserialize<'de> for Props {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Props;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a properties object")
            }
            fn visit_unit<E: de::Error>(self) -> std::result::Result<Props, E> {
                Ok(Props::default())
            }
            fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> std::result::Result<Props, A::Error> {
                let mut p = Props::default();
                while let Some(key) = a.next_key::<std::borrow::Cow<'de, str>>()? {
                    let k = key.as_ref();
                    let wanted = matches!(
                        k,
                        "geo_precision"
                            | "geo_district"
                            | "geo_province"
                            | "geo_method"
                            | "geo_date_end"
                            | "geo_date_precision"
                    ) || [
                        FATALITY_FIELDS,
                        EVENT_TYPE_FIELDS,
                        DATE_FIELDS,
                        ID_FIELDS,
                        LOCATION_COLUMNS,
                        ADMIN2_COLUMNS,
                    ]
                    .iter()
                    .any(|names| names.contains(&k));
                    if !wanted {
                        a.next_value::<IgnoredAny>()?;
                        continue;
                    }
                    let v = a.next_value::<Scalar>()?.0;
                    match k {
                        "geo_precision" => p.precision = v,
                        "geo_district" => p.district = v,
                        "geo_province" => p.province = v,
                        "geo_method" => p.method = v,
                        "geo_date_end" => p.date_end = v,
                        "geo_date_precision" => p.date_precision = v,
                        _ => {
                            keep(&mut p.fatalities, FATALITY_FIELDS, k, v.clone());
                            keep(&mut p.event_type, EVENT_TYPE_FIELDS, k, v.clone());
                            keep(&mut p.id, ID_FIELDS, k, v.clone());
                            keep(&mut p.location, LOCATION_COLUMNS, k, v.clone());
                            keep(&mut p.admin2, ADMIN2_COLUMNS, k, v.clone());
                            keep(&mut p.date, DATE_FIELDS, k, v);
                        }
                    }
                }
                Ok(p)
            }
        }
        d.deserialize_any(V)
    }
}

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

/// Turns GeoJSON features (a FeatureCollection, a Feature, or a sequence)
/// into CSV text for the incident reader: one row per feature, a column per
/// property (in order of first appearance; objects and lists as JSON
/// text), and `longitude`,`latitude` from a Point geometry unless the
/// properties already have them. Every feature becomes a row, even one
/// without properties or geometry.
pub fn to_csv(text: &[u8], label: &Path) -> Result<Vec<u8>> {
    let bad = |m: String| Error::new(ErrorKind::MalformedLine, format!("{}: {m}", label.display()));
    let features: Vec<serde_json::Value> = if is_sequence(text) {
        let mut v = Vec::new();
        for (i, rec) in text.split(|&b| b == 0x1E || b == b'\n').enumerate() {
            if rec.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            v.push(
                serde_json::from_slice(rec)
                    .map_err(|e| bad(format!("record {}: not a GeoJSON Feature: {e}", i + 1)))?,
            );
        }
        v
    } else {
        let doc: serde_json::Value = serde_json::from_slice(text)
            .map_err(|e| bad(format!("line {} column {}: not GeoJSON: {e}", e.line(), e.column())))?;
        match doc.get("type").and_then(|t| t.as_str()) {
            Some("FeatureCollection") => match doc.get("features") {
                Some(serde_json::Value::Array(a)) => a.clone(),
                _ => return Err(bad("a FeatureCollection without a \"features\" list".into())),
            },
            Some("Feature") => vec![doc],
            other => return Err(bad(format!("not a Feature or FeatureCollection (type {other:?})"))),
        }
    };
    let mut keys: Vec<String> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for f in &features {
        if let Some(serde_json::Value::Object(p)) = f.get("properties") {
            for k in p.keys() {
                if seen.insert(k.clone()) {
                    keys.push(k.clone());
                }
            }
        }
    }
    let has = |n: &str| keys.iter().any(|k| k.eq_ignore_ascii_case(n));
    let add_coords = !has("latitude") && !has("longitude") && !has("lat") && !has("lon");
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut head = keys.clone();
    if add_coords {
        head.push("longitude".into());
        head.push("latitude".into());
    }
    w.write_record(&head).map_err(|e| bad(e.to_string()))?;
    for f in &features {
        let props = f.get("properties").and_then(|p| p.as_object());
        let mut row: Vec<String> = keys
            .iter()
            .map(|k| match props.and_then(|p| p.get(k)) {
                None | Some(serde_json::Value::Null) => String::new(),
                Some(serde_json::Value::String(s)) => s.clone(),
                Some(v) => v.to_string(),
            })
            .collect();
        if add_coords {
            let g = f.get("geometry");
            let point = g
                .filter(|g| g.get("type").and_then(|t| t.as_str()) == Some("Point"))
                .and_then(|g| g.get("coordinates"))
                .and_then(|c| Some((c.get(0)?.as_f64()?, c.get(1)?.as_f64()?)));
            row.push(point.map(|p| p.0.to_string()).unwrap_or_default());
            row.push(point.map(|p| p.1.to_string()).unwrap_or_default());
        }
        w.write_record(&row).map_err(|e| bad(e.to_string()))?;
    }
    w.into_inner().map_err(|e| bad(e.to_string()))
}

/// Reads every feature; a feature without a point geometry is kept, unlocated.
/// Dates and fatalities are read and bounded as in a CSV ([`crate::input::values`]);
/// numeric dates in the sources' own date properties follow `order`.
pub fn read_incidents(path: &Path, order: Order) -> Result<Vec<LocatedIncident>> {
    let label = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| Error::unreadable(path, e))?;
    let features: Vec<Feature> = if is_sequence(text.as_bytes()) {
        // GeoJSON Text Sequences (RFC 8142) or newline-delimited GeoJSON: one feature per record.
        let mut v = Vec::new();
        for (i, rec) in text.split(['\x1e', '\n']).enumerate() {
            if rec.trim().is_empty() {
                continue;
            }
            v.push(serde_json::from_str(rec).map_err(|e| {
                Error::new(
                    ErrorKind::MalformedLine,
                    format!("{label}: record {}: not a GeoJSON Feature: {e}", i + 1),
                )
            })?);
        }
        v
    } else {
        let fc: Collection = serde_json::from_str(&text).map_err(|e| {
            Error::new(
                ErrorKind::MalformedLine,
                format!(
                    "{label}:{}:{}: not a GeoJSON FeatureCollection: {e}",
                    e.line(),
                    e.column()
                ),
            )
        })?;
        fc.features
    };
    Ok(features
        .into_iter()
        .enumerate()
        .map(|(n, f)| {
            let point = f
                .geometry
                .filter(|g| g.kind == "Point")
                .and_then(|g| Some((g.coordinates.get(0)?.as_f64()?, g.coordinates.get(1)?.as_f64()?)));
            let p = f.properties.unwrap_or_default();
            // The district the row itself names, apart from its coordinates.
            let named_district = p.admin2.1.or_else(|| {
                p.district
                    .clone()
                    .filter(|_| p.method.as_deref() != Some("coordinates"))
            });
            let mut set_aside = None;
            let fatalities = p.fatalities.1.and_then(|s| {
                crate::input::values::fatalities(&s)
                    .map_err(|flag| set_aside = set_aside.or(Some(flag)))
                    .ok()
            });
            let date = p.date.1.and_then(|s| {
                let Some(mut d) = dates::parse(&s, order) else {
                    set_aside = set_aside.or(Some("unparsed_date"));
                    return None;
                };
                // What `geocode` wrote: the first day of the period, its precision beside it.
                match p.date_precision.as_deref() {
                    Some("month") => d.precision = dates::Precision::Month,
                    Some("year") => d.precision = dates::Precision::Year,
                    _ => {}
                }
                if let Some(e) = p.date_end.as_deref().and_then(|e| dates::parse(e, order)) {
                    if e.start > d.start {
                        d.end = Some(e.start);
                    }
                }
                crate::input::values::date(d)
                    .map_err(|flag| set_aside = set_aside.or(Some(flag)))
                    .ok()
            });
            LocatedIncident {
                line: n as u64 + 1,
                id: p.id.1.or(f.id.and_then(|s| s.0)),
                location: p.location.1,
                named_district,
                lon: point.map(|p| p.0),
                lat: point.map(|p| p.1),
                precision: p.precision.and_then(|s| s.parse::<f64>().ok()).map(|x| x as u8),
                district: p.district,
                province: p.province,
                fatalities,
                event_type: p.event_type.1,
                date,
                set_aside,
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_points_and_the_properties_used() {
        let d = std::env::temp_dir().join(format!("im-gj-{}.geojson", std::process::id()));
        std::fs::write(
            &d,
            r#"{"type":"FeatureCollection","features":[
              {"type":"Feature","id":1,"geometry":{"type":"Point","coordinates":[67.0,30.18]},
               "properties":{"nkill":3,"fatalities":"5","event_type":"Battles","event_date":"2025-03-11",
                             "geo_precision":2,"geo_district":"Quetta","notes":{"deep":[1,2]}}},
              {"type":"Feature","geometry":null,"properties":null}]}"#,
        )
        .unwrap();
        let v = read_incidents(&d, Order::Unspecified).unwrap();
        assert_eq!(v.len(), 2);
        assert_eq!((v[0].lon, v[0].lat), (Some(67.0), Some(30.18)));
        assert_eq!(v[0].fatalities, Some(5.0)); // `fatalities` is preferred to `nkill`
        assert_eq!(v[0].precision, Some(2));
        assert_eq!(v[0].district.as_deref(), Some("Quetta"));
        assert_eq!(v[0].date.map(|d| d.iso()).as_deref(), Some("2025-03-11"));
        assert_eq!(v[0].id.as_deref(), Some("1"));
        assert_eq!(v[1].line, 2);
        assert_eq!(
            v[1],
            LocatedIncident {
                line: 2,
                ..LocatedIncident::default()
            }
        );
    }
}
