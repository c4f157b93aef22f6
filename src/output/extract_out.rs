//! What `extract` writes: the mentions table (CSV), and the candidate
//! incidents as CSV or as GeoJSON that `map` and `count` read directly.
//! Every property is flat (string, number or null).

use std::io::Write;

use crate::extract::{CandidateIncident, Mention, Status};
use crate::gazetteer::Gazetteer;
use crate::output::columnar::{Column, Kind, TableWriter};
use crate::output::geojson::{FeatureWriter, Flat, Geometry};

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

/// The type of each of [`INCIDENT_COLUMNS`] in a typed table.
pub const INCIDENT_KINDS: [Kind; INCIDENT_COLUMNS.len()] = {
    use Kind::*;
    [
        Str, Int, Int, Str, Int, Int, Str, // file .. status
        Str, Str, Str, Str, Float, Float, Int, // geo_name .. geo_precision
        Date, Date, Str, Str, Int, Int, Int, Int, Str, Int, // geo_date .. places_in_sentence
        Str, Str, Str, // geo_event_type .. sentence_text
    ]
};

fn incident_values(d: &DocResult, n: usize, i: &CandidateIncident) -> Vec<(&'static str, Flat)> {
    let m = &d.mentions[i.mention];
    let l = &d.located[i.mention];
    let s = |v: Option<&str>| v.map_or(Flat::Null, |x| Flat::Str(x.to_string()));
    let num = |v: Option<f64>| v.map_or(Flat::Null, Flat::Num);
    let int = |v: Option<u32>| v.map_or(Flat::Null, |x| Flat::Int(i64::from(x)));
    let count = |v: usize| Flat::Int(v as i64);
    vec![
        ("file", Flat::Str(d.file.to_string())),
        ("incident", count(n)),
        ("sentence", count(i.sentence + 1)),
        ("place_as_written", Flat::Str(m.text.clone())),
        ("start", count(m.start)),
        ("end", count(m.end)),
        ("status", Flat::Str(m.status.as_str().to_string())),
        ("geo_name", s(l.name.as_deref())),
        ("geo_district", s(l.district.as_deref())),
        ("geo_province", s(l.province.as_deref())),
        ("geo_country", s(l.country.as_deref())),
        ("latitude", num(l.lat)),
        ("longitude", num(l.lon)),
        ("geo_precision", int(l.precision.map(u32::from))),
        ("geo_date", i.date.map_or(Flat::Null, |d| Flat::Date(d.start))),
        (
            "geo_date_end",
            i.date.and_then(|d| d.end).map_or(Flat::Null, Flat::Date),
        ),
        ("geo_date_precision", s(i.date.map(|d| d.precision.as_str()))),
        ("date_as_written", s(i.date_text.as_deref())),
        ("geo_fatalities", int(i.killed)),
        ("wounded", int(i.wounded)),
        ("sentence_killed", int(i.sentence_killed)),
        ("sentence_wounded", int(i.sentence_wounded)),
        (
            "casualties",
            s(Some(i.casualty_detail.as_str()).filter(|c| !c.is_empty())),
        ),
        ("places_in_sentence", count(i.places_in_sentence)),
        ("geo_event_type", Flat::Str(i.event_type.to_string())),
        ("event_words", Flat::Str(i.event_words.clone())),
        ("sentence_text", Flat::Str(i.sentence_text.clone())),
    ]
}

/// Writes one document's candidate incidents as CSV rows; `n` numbers them across documents.
pub fn write_incidents_csv<W: Write>(w: &mut csv::Writer<W>, d: &DocResult, n: &mut usize) -> csv::Result<()> {
    for i in d.incidents {
        *n += 1;
        let row: Vec<String> = incident_values(d, *n, i).iter().map(|(_, v)| v.cell()).collect();
        w.write_record(&row)?;
    }
    Ok(())
}

/// The columns a feature has besides the CSV's (but the point): where the
/// location came from, as `count` and `map` read it.
const FEATURE_COLUMNS: [(&str, Kind); 2] = [("geo_method", Kind::Str), ("location", Kind::Str)];

/// Whether a column of [`INCIDENT_COLUMNS`] is the point (a feature's geometry instead).
fn is_point(column: &str) -> bool {
    matches!(column, "latitude" | "longitude")
}

/// A feature's properties, by name, in order.
type Props = Vec<(&'static str, Flat)>;

/// A candidate incident as a feature (GeoJSON or a typed table): its point,
/// and its properties — the CSV's values but the point, then [`FEATURE_COLUMNS`].
fn feature_values(d: &DocResult, n: usize, i: &CandidateIncident) -> (Option<(f64, f64)>, Props) {
    let l = &d.located[i.mention];
    let mut props: Props = incident_values(d, n, i)
        .into_iter()
        .filter(|(k, _)| !is_point(k))
        .collect();
    props.extend([
        (FEATURE_COLUMNS[0].0, Flat::Str("text".into())),
        (FEATURE_COLUMNS[1].0, Flat::Str(d.mentions[i.mention].text.clone())),
    ]);
    (l.lon.zip(l.lat), props)
}

/// Writes one document's candidate incidents as GeoJSON features; `n` numbers them across documents.
pub fn write_incidents_geojson<W: Write>(
    w: &mut FeatureWriter<W>,
    d: &DocResult,
    n: &mut usize,
) -> std::io::Result<()> {
    for i in d.incidents {
        *n += 1;
        let (point, props) = feature_values(d, *n, i);
        let geometry = point.map_or(Geometry::Null, |(x, y)| Geometry::Point(x, y));
        let mut p = w.feature(Some(*n as u64), &geometry);
        for (k, v) in props {
            v.push_json(p.key(k));
        }
        p.end()?;
    }
    Ok(())
}

/// The columns of a typed table of candidate incidents: those of the
/// GeoJSON features, typed.
pub fn incident_table_columns() -> Vec<Column> {
    INCIDENT_COLUMNS
        .iter()
        .zip(INCIDENT_KINDS)
        .filter(|(n, _)| !is_point(n))
        .chain(FEATURE_COLUMNS.iter().map(|(n, k)| (n, *k)))
        .map(|(n, k)| Column::new(*n, k))
        .collect()
}

/// Writes one document's candidate incidents to a typed table (the GeoJSON's values).
pub fn write_incidents_table<W: Write + Send + 'static>(
    w: &mut TableWriter<W>,
    d: &DocResult,
    n: &mut usize,
) -> std::io::Result<()> {
    for i in d.incidents {
        *n += 1;
        let (point, props) = feature_values(d, *n, i);
        w.row(point, props.iter().map(|(_, v)| v.as_cell()))?;
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
