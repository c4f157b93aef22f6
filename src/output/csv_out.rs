//! Geocoded incidents as CSV: the input's columns, then the `geo_*`
//! columns, then `latitude,longitude` of the resolved point — what a
//! spreadsheet or pandas user wants instead of GeoJSON.
//!
//! Input columns whose names clash with ours are kept as `src_<name>` (an
//! ACLED file's own `latitude` becomes `src_latitude`), as in the GeoJSON.

use std::io::{self, Write};

use crate::gazetteer::Gazetteer;
use crate::model::{Facts, Resolution};
use crate::output::geojson::{fact_fields, geo_fields, property_names, round6, GEO_PROPERTIES};

/// The output's header for input `headers`.
pub fn header(headers: &[String]) -> Vec<String> {
    let renamed: Vec<String> = headers
        .iter()
        .map(|h| {
            if h.eq_ignore_ascii_case("latitude") || h.eq_ignore_ascii_case("longitude") {
                format!("src_{h}")
            } else {
                h.clone()
            }
        })
        .collect();
    let mut out = property_names(&renamed);
    out.extend(GEO_PROPERTIES.iter().map(|s| s.to_string()));
    out.push("latitude".into());
    out.push("longitude".into());
    out
}

/// Writes rows one at a time.
pub struct CsvIncidentWriter<W: Write> {
    w: csv::Writer<W>,
    width: usize,
}

impl<W: Write> CsvIncidentWriter<W> {
    pub fn new(w: W, headers: &[String]) -> io::Result<Self> {
        let mut w = csv::Writer::from_writer(w);
        w.write_record(header(headers)).map_err(io::Error::other)?;
        Ok(CsvIncidentWriter {
            w,
            width: headers.len(),
        })
    }

    pub fn write(
        &mut self,
        fields: &csv::StringRecord,
        r: &Resolution,
        facts: &Facts,
        gaz: &Gazetteer,
    ) -> io::Result<()> {
        let mut row: Vec<String> = (0..self.width)
            .map(|i| fields.get(i).unwrap_or("").to_string())
            .collect();
        row.extend(geo_fields(r, gaz).iter().map(|v| v.cell()));
        row.extend(fact_fields(facts).iter().map(|v| v.cell()));
        let coord = |x: Option<f64>| x.map(|v| format!("{}", round6(v))).unwrap_or_default();
        row.push(coord(r.lat));
        row.push(coord(r.lon));
        self.w.write_record(&row).map_err(io::Error::other)
    }

    pub fn finish(self) -> io::Result<W> {
        self.w.into_inner().map_err(|e| io::Error::other(e.to_string()))
    }
}
