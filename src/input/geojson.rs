//! Reads incidents back from GeoJSON (what `geocode` writes, or any
//! FeatureCollection of points) for maps and counts.

use std::path::Path;

use crate::error::{Error, ErrorKind, Result};
use crate::model::{LocatedIncident, DATE_FIELDS, EVENT_TYPE_FIELDS, FATALITY_FIELDS};

fn prop_str(props: &serde_json::Map<String, serde_json::Value>, names: &[&str]) -> Option<String> {
    names.iter().find_map(|n| match props.get(*n) {
        Some(serde_json::Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Some(serde_json::Value::Number(x)) => Some(x.to_string()),
        _ => None,
    })
}

/// Reads every feature; a feature without a point geometry is kept, unlocated.
pub fn read_incidents(path: &Path) -> Result<Vec<LocatedIncident>> {
    let label = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| Error::unreadable(path, e))?;
    let v: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
        Error::new(
            ErrorKind::MalformedLine,
            format!("{label}:{}:{}: not valid GeoJSON: {e}", e.line(), e.column()),
        )
    })?;
    let features = v["features"].as_array().ok_or_else(|| {
        Error::new(
            ErrorKind::MalformedLine,
            format!("{label}: not a GeoJSON FeatureCollection (no \"features\" array)"),
        )
    })?;
    Ok(features
        .iter()
        .map(|f| {
            let empty = serde_json::Map::new();
            let props = f["properties"].as_object().unwrap_or(&empty);
            let coords = &f["geometry"]["coordinates"];
            let point = (f["geometry"]["type"] == "Point")
                .then(|| Some((coords[0].as_f64()?, coords[1].as_f64()?)))
                .flatten();
            LocatedIncident {
                lon: point.map(|p| p.0),
                lat: point.map(|p| p.1),
                precision: props.get("geo_precision").and_then(|p| p.as_u64()).map(|p| p as u8),
                district: prop_str(props, &["geo_district"]),
                province: prop_str(props, &["geo_province"]),
                fatalities: prop_str(props, FATALITY_FIELDS).and_then(|s| s.parse().ok()),
                event_type: prop_str(props, EVENT_TYPE_FIELDS),
                date: prop_str(props, DATE_FIELDS),
            }
        })
        .collect())
}
