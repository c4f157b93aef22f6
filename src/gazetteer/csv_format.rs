//! The project's own gazetteer CSV format (`gazetteer/places.csv`,
//! `gazetteer/curated.csv`, and what `--gazetteer FILE.csv` accepts).
//!
//! Columns: `id,name,alt_names,latitude,longitude,kind,seat,district,province,country,population,source`.
//! `alt_names` is `|`-separated. Only `name`, `latitude` and `longitude` are
//! required; `kind` defaults to `village`, `country` to `PK`.

use std::io::{Read, Write};

use crate::error::{Error, ErrorKind, Result};
use crate::model::{DistrictSource, Place, PlaceKind, Seat};

pub const HEADER: [&str; 12] = [
    "id",
    "name",
    "alt_names",
    "latitude",
    "longitude",
    "kind",
    "seat",
    "district",
    "province",
    "country",
    "population",
    "source",
];

/// A row of a curated file: either a full place or a patch to an existing one.
#[derive(Debug, Clone)]
pub struct Row {
    pub id: String,
    pub name: String,
    pub alt_names: Vec<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub kind: Option<PlaceKind>,
    pub seat: Option<Seat>,
    pub district: Option<String>,
    pub province: Option<String>,
    pub country: Option<String>,
    pub population: Option<u64>,
    pub source: String,
    pub line: u64,
}

impl Row {
    /// Turns the row into a place; fails when it lacks a name or coordinates.
    pub fn into_place(self, label: &str) -> Result<Place> {
        let (Some(lat), Some(lon)) = (self.lat, self.lon) else {
            return Err(Error::new(
                ErrorKind::Gazetteer,
                format!("{label}:{}: place '{}' has no latitude/longitude", self.line, self.name),
            ));
        };
        Ok(Place {
            id: self.id,
            name: self.name,
            alt_names: self.alt_names,
            lat,
            lon,
            kind: self.kind.unwrap_or(PlaceKind::Village),
            seat: self.seat.unwrap_or_default(),
            district: self.district,
            province: self.province,
            country: self.country.unwrap_or_else(|| "PK".into()),
            population: self.population,
            source: self.source,
            district_source: DistrictSource::Gazetteer,
        })
    }

    /// Applies this row as a patch: adds alternate names, overrides set fields.
    pub fn patch(&self, p: &mut Place) {
        for a in &self.alt_names {
            if !p.alt_names.iter().any(|x| x == a) && *a != p.name {
                p.alt_names.push(a.clone());
            }
        }
        if !self.name.is_empty() && self.name != p.name {
            let old = std::mem::replace(&mut p.name, self.name.clone());
            if !p.alt_names.contains(&old) {
                p.alt_names.push(old);
            }
        }
        if let (Some(lat), Some(lon)) = (self.lat, self.lon) {
            p.lat = lat;
            p.lon = lon;
        }
        if let Some(k) = self.kind {
            p.kind = k;
        }
        if let Some(s) = self.seat.filter(|s| *s != Seat::None) {
            p.seat = s;
        }
        if self.district.is_some() {
            p.district = self.district.clone();
        }
        if self.province.is_some() {
            p.province = self.province.clone();
        }
        if let Some(c) = &self.country {
            p.country = c.clone();
        }
        if self.population.is_some() {
            p.population = self.population;
        }
        if !self.source.is_empty() {
            p.source = format!("{}; {}", p.source, self.source);
        }
    }
}

fn opt(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

/// Reads rows in the project CSV format. `label` names the file in errors.
pub fn read_rows<R: Read>(rdr: R, label: &str) -> Result<Vec<Row>> {
    let mut rdr = csv::ReaderBuilder::new().flexible(false).from_reader(rdr);
    let headers = rdr
        .headers()
        .map_err(|e| Error::new(ErrorKind::Gazetteer, format!("{label}: {e}")))?
        .clone();
    let col = |n: &str| headers.iter().position(|h| h.trim().eq_ignore_ascii_case(n));
    let (Some(c_name), Some(c_lat), Some(c_lon)) = (col("name"), col("latitude"), col("longitude")) else {
        return Err(Error::new(
            ErrorKind::Gazetteer,
            format!(
                "{label}: a gazetteer CSV needs the columns name, latitude, longitude (found: {})",
                headers.iter().collect::<Vec<_>>().join(", ")
            ),
        ));
    };
    let cols: Vec<Option<usize>> = HEADER.iter().map(|h| col(h)).collect();
    let mut out = Vec::new();
    for rec in rdr.records() {
        let r = rec.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            Error::new(ErrorKind::Gazetteer, format!("{label}:{line}: {e}"))
        })?;
        let line = r.position().map_or(0, |p| p.line());
        let get = |k: usize| cols[k].and_then(|c| r.get(c)).unwrap_or("");
        let num = |c: usize, what: &str, lo: f64, hi: f64| -> Result<Option<f64>> {
            let s = r.get(c).unwrap_or("").trim();
            if s.is_empty() {
                return Ok(None);
            }
            match s.parse::<f64>() {
                Ok(v) if (lo..=hi).contains(&v) => Ok(Some(v)),
                _ => Err(Error::new(
                    ErrorKind::Gazetteer,
                    format!("{label}:{line}: field '{what}': '{s}' is not a number in [{lo}, {hi}]"),
                )),
            }
        };
        let kind = match opt(get(5)) {
            None => None,
            Some(k) => Some(PlaceKind::parse(&k).ok_or_else(|| {
                Error::new(
                    ErrorKind::Gazetteer,
                    format!("{label}:{line}: field 'kind': unknown kind '{k}'"),
                )
            })?),
        };
        let seat = match opt(get(6)) {
            None => None,
            Some(s) => Some(Seat::parse(&s).ok_or_else(|| {
                Error::new(
                    ErrorKind::Gazetteer,
                    format!("{label}:{line}: field 'seat': unknown seat '{s}'"),
                )
            })?),
        };
        let name = r.get(c_name).unwrap_or("").trim().to_string();
        let id = opt(get(0)).unwrap_or_else(|| format!("{label}#{line}"));
        if name.is_empty() && !id.starts_with("gn:") {
            return Err(Error::new(
                ErrorKind::Gazetteer,
                format!("{label}:{line}: field 'name' is empty"),
            ));
        }
        out.push(Row {
            id,
            name,
            alt_names: get(2).split('|').filter_map(opt).collect(),
            lat: num(c_lat, "latitude", -90.0, 90.0)?,
            lon: num(c_lon, "longitude", -180.0, 180.0)?,
            kind,
            seat,
            district: opt(get(7)),
            province: opt(get(8)),
            country: opt(get(9)),
            population: get(10).trim().parse().ok(),
            source: get(11).trim().to_string(),
            line,
        });
    }
    Ok(out)
}

/// Writes places in the project CSV format.
pub fn write_places<W: Write>(w: W, places: &[Place]) -> csv::Result<()> {
    let mut wtr = csv::Writer::from_writer(w);
    wtr.write_record(HEADER)?;
    for p in places {
        wtr.write_record([
            p.id.as_str(),
            &p.name,
            &p.alt_names.join("|"),
            &format!("{:.5}", p.lat),
            &format!("{:.5}", p.lon),
            p.kind.as_str(),
            p.seat.as_str(),
            p.district.as_deref().unwrap_or(""),
            p.province.as_deref().unwrap_or(""),
            &p.country,
            &p.population.map(|n| n.to_string()).unwrap_or_default(),
            &p.source,
        ])?;
    }
    wtr.flush()?;
    Ok(())
}
