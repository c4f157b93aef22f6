//! What `extract` writes: the mentions table (CSV), and the candidate
//! incidents as CSV or as GeoJSON that `map` and `count` read directly.
//! Every property is flat (string, number or null).

use std::io::Write;

use serde_json::{json, Map, Value};

use crate::extract::{CandidateIncident, Mention, Status};
use crate::gazetteer::Gazetteer;

/// Where a mention's place is, as written out (district possibly from polygons).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Located {
    pub name: Option<String>,
    pub id: Option<String>,
    pub kind: Option<&'static str>,
    pub district: Option<String>,
    pub province: Option<String>,
    pub country: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub precision: Option<u8>,
}

impl Located {
    pub fn of(m: &Mention, gaz: &Gazetteer) -> Self {
        let Some(p) = m.place.map(|i| gaz.place(i)) else {
            return Located::default();
        };
        Located {
            name: Some(p.name.clone()),
            id: Some(p.id.clone()),
            kind: Some(p.kind.as_str()),
            district: p.district.clone(),
            province: p.province.clone(),
            country: Some(p.country.clone()),
            lat: Some(crate::output::geojson::round6(p.lat)),
            lon: Some(crate::output::geojson::round6(p.lon)),
            precision: Some(p.kind.precision().code()),
        }
    }
}

/// One document's results, ready to write.
pub struct DocResult<'a> {
    pub file: &'a str,
    pub mentions: &'a [Mention],
    pub located: &'a [Located],
    pub incidents: &'a [CandidateIncident],
}

pub const MENTION_COLUMNS: &[&str] = &[
    "file",
    "place_as_written",
    "start",
    "end",
    "sentence",
    "status",
    "geo_name",
    "geo_id",
    "geo_kind",
    "geo_district",
    "geo_province",
    "geo_country",
    "latitude",
    "longitude",
    "geo_precision",
    "geo_score",
    "geo_candidates",
    "geo_alternatives",
    "geo_reason",
];

pub const INCIDENT_COLUMNS: &[&str] = &[
    "file",
    "incident",
    "sentence",
    "place_as_written",
    "start",
    "end",
    "status",
    "geo_name",
    "geo_district",
    "geo_province",
    "geo_country",
    "latitude",
    "longitude",
    "geo_precision",
    "geo_date",
    "geo_date_end",
    "geo_date_precision",
    "date_as_written",
    "geo_fatalities",
    "wounded",
    "sentence_killed",
    "sentence_wounded",
    "casualties",
    "places_in_sentence",
    "geo_event_type",
    "event_words",
    "sentence_text",
];

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(|x| x.to_string()).unwrap_or_default()
}

/// Writes one document's mentions.
pub fn write_mentions<W: Write>(w: &mut csv::Writer<W>, d: &DocResult) -> csv::Result<()> {
    for (m, l) in d.mentions.iter().zip(d.located) {
        w.write_record([
            d.file.to_string(),
            m.text.clone(),
            m.start.to_string(),
            m.end.to_string(),
            (m.sentence + 1).to_string(),
            m.status.as_str().to_string(),
            opt(&l.name),
            opt(&l.id),
            opt(&l.kind),
            opt(&l.district),
            opt(&l.province),
            opt(&l.country),
            opt(&l.lat),
            opt(&l.lon),
            opt(&l.precision),
            m.score.to_string(),
            m.candidates.to_string(),
            m.alternatives.clone().unwrap_or_default(),
            m.reason.clone(),
        ])?;
    }
    Ok(())
}

fn incident_values(d: &DocResult, n: usize, i: &CandidateIncident) -> Vec<(&'static str, Value)> {
    let m = &d.mentions[i.mention];
    let l = &d.located[i.mention];
    let s = |v: &Option<String>| v.as_ref().map_or(Value::Null, |x| Value::String(x.clone()));
    let num = |v: Option<f64>| v.map_or(Value::Null, |x| json!(x));
    let int = |v: Option<u32>| v.map_or(Value::Null, |x| json!(x));
    vec![
        ("file", json!(d.file)),
        ("incident", json!(n)),
        ("sentence", json!(i.sentence + 1)),
        ("place_as_written", json!(m.text)),
        ("start", json!(m.start)),
        ("end", json!(m.end)),
        ("status", json!(m.status.as_str())),
        ("geo_name", s(&l.name)),
        ("geo_district", s(&l.district)),
        ("geo_province", s(&l.province)),
        ("geo_country", s(&l.country)),
        ("latitude", num(l.lat)),
        ("longitude", num(l.lon)),
        ("geo_precision", l.precision.map_or(Value::Null, |p| json!(p))),
        ("geo_date", s(&i.date.map(|d| d.start_iso()))),
        ("geo_date_end", s(&i.date.and_then(|d| d.end_iso()))),
        (
            "geo_date_precision",
            s(&i.date.map(|d| d.precision.as_str().to_string())),
        ),
        ("date_as_written", s(&i.date_text)),
        ("geo_fatalities", int(i.killed)),
        ("wounded", int(i.wounded)),
        ("sentence_killed", int(i.sentence_killed)),
        ("sentence_wounded", int(i.sentence_wounded)),
        (
            "casualties",
            if i.casualty_detail.is_empty() {
                Value::Null
            } else {
                json!(i.casualty_detail)
            },
        ),
        ("places_in_sentence", json!(i.places_in_sentence)),
        ("geo_event_type", json!(i.event_type)),
        ("event_words", json!(i.event_words)),
        ("sentence_text", json!(i.sentence_text)),
    ]
}

/// Writes one document's candidate incidents as CSV rows; `n` numbers them across documents.
pub fn write_incidents_csv<W: Write>(w: &mut csv::Writer<W>, d: &DocResult, n: &mut usize) -> csv::Result<()> {
    for i in d.incidents {
        *n += 1;
        let row: Vec<String> = incident_values(d, *n, i)
            .into_iter()
            .map(|(_, v)| match v {
                Value::Null => String::new(),
                Value::String(s) => s,
                v => v.to_string(),
            })
            .collect();
        w.write_record(&row)?;
    }
    Ok(())
}

/// Writes one document's candidate incidents as GeoJSON features (comma-separated after the first).
pub fn write_incidents_geojson<W: Write>(w: &mut W, d: &DocResult, n: &mut usize) -> std::io::Result<()> {
    for i in d.incidents {
        *n += 1;
        let l = &d.located[i.mention];
        let mut props: Map<String, Value> = incident_values(d, *n, i)
            .into_iter()
            .filter(|(k, _)| !matches!(*k, "latitude" | "longitude"))
            .map(|(k, v)| (k.to_string(), v))
            .collect();
        // What `count` and `map` read: where the location came from.
        props.insert("geo_method".into(), json!("text"));
        props.insert("location".into(), json!(d.mentions[i.mention].text));
        let geometry = match (l.lon, l.lat) {
            (Some(x), Some(y)) => json!({"type": "Point", "coordinates": [x, y]}),
            _ => Value::Null,
        };
        let f = json!({"type": "Feature", "id": *n, "geometry": geometry, "properties": props});
        if *n > 1 {
            w.write_all(b",\n")?;
        }
        serde_json::to_writer(&mut *w, &f)?;
    }
    Ok(())
}

/// Counts of one run, for the summary line.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ExtractCounts {
    pub documents: usize,
    pub mentions: usize,
    pub resolved: usize,
    pub outside: usize,
    pub unresolved: usize,
    pub incidents: usize,
}

impl ExtractCounts {
    pub fn add(&mut self, d: &DocResult) {
        self.documents += 1;
        self.mentions += d.mentions.len();
        self.incidents += d.incidents.len();
        for m in d.mentions {
            match m.status {
                Status::Resolved => self.resolved += 1,
                Status::Outside => self.outside += 1,
                Status::Unresolved => self.unresolved += 1,
            }
        }
    }
}
