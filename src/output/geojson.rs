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
use crate::model::Resolution;

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
        let base = name.clone();
        let mut k = 2;
        while out.contains(&name) {
            name = format!("{base}_{k}");
            k += 1;
        }
        out.push(name);
    }
    out
}

/// Writes a FeatureCollection one feature at a time.
pub struct GeoJsonWriter<W: Write> {
    w: W,
    keys: Vec<Vec<u8>>,
    first: bool,
}

fn json_str<W: Write>(w: &mut W, s: &str) -> io::Result<()> {
    serde_json::to_writer(w, s).map_err(io::Error::from)
}

fn opt_str<W: Write>(w: &mut W, s: Option<&str>) -> io::Result<()> {
    match s {
        Some(s) => json_str(w, s),
        None => w.write_all(b"null"),
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

impl<W: Write> GeoJsonWriter<W> {
    /// Starts the collection; `headers` are the input columns.
    pub fn new(mut w: W, headers: &[String]) -> io::Result<Self> {
        w.write_all(b"{\"type\":\"FeatureCollection\",\"features\":[\n")?;
        let keys = property_names(headers)
            .iter()
            .map(|k| serde_json::to_vec(k).expect("string serialises"))
            .collect();
        Ok(GeoJsonWriter {
            w,
            keys,
            first: true,
        })
    }

    /// Writes one feature.
    pub fn write(
        &mut self,
        id: u64,
        fields: &[String],
        r: &Resolution,
        gaz: &Gazetteer,
    ) -> io::Result<()> {
        let w = &mut self.w;
        if !self.first {
            w.write_all(b",\n")?;
        }
        self.first = false;
        write!(w, "{{\"type\":\"Feature\",\"id\":{id},\"geometry\":")?;
        match (r.lon, r.lat) {
            (Some(lon), Some(lat)) => write!(
                w,
                "{{\"type\":\"Point\",\"coordinates\":[{},{}]}}",
                round6(lon),
                round6(lat)
            )?,
            _ => w.write_all(b"null")?,
        }
        w.write_all(b",\"properties\":{")?;
        for (i, k) in self.keys.iter().enumerate() {
            if i > 0 {
                w.write_all(b",")?;
            }
            w.write_all(k)?;
            w.write_all(b":")?;
            opt_str(
                w,
                fields.get(i).map(String::as_str).filter(|s| !s.is_empty()),
            )?;
        }
        let sep = if self.keys.is_empty() { "" } else { "," };
        let place = r.place.map(|i| gaz.place(i));
        let coords_only = r.method == crate::model::Method::Coordinates && place.is_none();
        w.write_all(sep.as_bytes())?;
        w.write_all(b"\"geo_name\":")?;
        opt_str(w, place.map(|p| p.name.as_str()))?;
        w.write_all(b",\"geo_id\":")?;
        opt_str(w, place.map(|p| p.id.as_str()))?;
        w.write_all(b",\"geo_kind\":")?;
        opt_str(
            w,
            place
                .map(|p| p.kind.as_str())
                .or(coords_only.then_some("point")),
        )?;
        w.write_all(b",\"geo_district\":")?;
        opt_str(w, r.district.as_deref())?;
        w.write_all(b",\"geo_province\":")?;
        opt_str(w, r.province.as_deref())?;
        write!(
            w,
            ",\"geo_method\":\"{}\",\"geo_score\":{}",
            r.method.as_str(),
            r.score
        )?;
        w.write_all(b",\"geo_precision\":")?;
        match r.precision {
            Some(p) => write!(w, "{p}")?,
            None => w.write_all(b"null")?,
        }
        write!(w, ",\"geo_candidates\":{}", r.candidates)?;
        w.write_all(b",\"geo_alternatives\":")?;
        opt_str(w, describe_alternatives(gaz, r).as_deref())?;
        w.write_all(b",\"geo_matched\":")?;
        opt_str(w, r.matched.as_deref())?;
        w.write_all(b",\"geo_district_source\":")?;
        opt_str(w, r.district_source)?;
        w.write_all(b",\"geo_flags\":")?;
        let flags = r.flags.join(";");
        opt_str(w, Some(flags.as_str()).filter(|s| !s.is_empty()))?;
        w.write_all(b",\"geo_reason\":")?;
        opt_str(w, r.reason.as_deref())?;
        w.write_all(b"}}")
    }

    /// Closes the collection and returns the writer.
    pub fn finish(mut self) -> io::Result<W> {
        self.w.write_all(b"\n]}\n")?;
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
    }

    #[test]
    fn rounds_to_six_decimals() {
        assert_eq!(round6(67.001_412_345), 67.001412);
        assert_eq!(round6(-0.000_000_4), -0.0);
    }
}
