//! The district and province polygons that come with the tool.
//!
//! Pakistan's districts (the 2023 census set, with the units of Azad Jammu
//! & Kashmir and Gilgit-Baltistan) and its seven provinces and territories,
//! from OpenStreetMap (`admin_level` 6 and 4, as of 2026-08-01), simplified
//! as one [`Topology`] so that shared borders stay shared. The data is
//! `gazetteer/boundaries_osm2023.bin`, made by [`import`] (the subcommand
//! `incident-mapper boundaries import`) from the GeoJSON files under
//! `../shared/data/boundaries/`, byte for byte the same each time.
//!
//! © OpenStreetMap contributors; the data, and these derived polygons, are
//! under the Open Database Licence (ODbL) 1.0.

use std::path::Path;
use std::sync::OnceLock;

use geo::MultiPolygon;

use super::topology::{Feature, Layer, Topology};
use super::{Boundaries, Region};
use crate::error::{Error, ErrorKind, Result};
use crate::gazetteer::districts::DistrictTable;

/// The embedded topology.
pub const DATA: &[u8] = include_bytes!("../../gazetteer/boundaries_osm2023.bin");

/// The Douglas–Peucker tolerance of the embedded polygons, metres.
pub const TOLERANCE_M: f64 = 100.0;

/// How the built-in polygons are credited (README, map footers, the HTML map, `--help`).
pub const CREDIT: &str = "Boundaries © OpenStreetMap contributors (ODbL)";

/// What the built-in polygons are called in summaries.
pub const LABEL: &str = "built-in districts (OpenStreetMap 2023, © OpenStreetMap contributors, ODbL)";

/// The source and licence recorded in the data.
pub const SOURCE: &str = "OpenStreetMap admin_level 6 (districts) and 4 (provinces) relations, osm_base 2026-08-01, \
     via github.com/AbuBakrCh/pakistan-map@c004fc69 data/bundle/geography.topojson.json";
pub const LICENCE: &str = "ODbL 1.0, © OpenStreetMap contributors";

fn layers() -> &'static [Layer] {
    static LAYERS: OnceLock<Vec<Layer>> = OnceLock::new();
    LAYERS.get_or_init(|| Topology::decode(DATA).expect("the embedded boundaries decode"))
}

fn layer(name: &str) -> &'static Layer {
    layers()
        .iter()
        .find(|l| l.name == name)
        .expect("the embedded boundaries have both layers")
}

/// The built-in layer `districts` or `provinces`, as features with their properties.
pub fn features(name: &str) -> &'static [Feature] {
    &layer(name).features
}

/// The built-in districts, indexed for point-in-polygon. Names of
/// Balochistan's districts are those of the 2023 table (`table`):
/// OpenStreetMap's "Kachhi (Bolan)" counts as Kachhi.
pub fn districts(table: &DistrictTable) -> Boundaries {
    let regions = features("districts")
        .iter()
        .map(|f| {
            let prop = |k: &str| f.properties.get(k).and_then(|v| v.as_str()).map(String::from);
            let aliases = f.properties.get("aliases").and_then(|v| v.as_array());
            let known = table.get(&f.name).or_else(|| {
                aliases
                    .into_iter()
                    .flatten()
                    .filter_map(|a| a.as_str())
                    .find_map(|a| table.get(a))
            });
            Region {
                name: known.map_or_else(|| f.name.clone(), |d| d.name.clone()),
                province: prop("province"),
                geometry: f.geometry.clone(),
            }
        })
        .collect();
    Boundaries::indexed(regions, "name".into()).built_in()
}

/// The built-in provinces and territories.
pub fn provinces() -> Boundaries {
    let regions = features("provinces")
        .iter()
        .map(|f| Region {
            name: f.name.clone(),
            province: Some(f.name.clone()),
            geometry: f.geometry.clone(),
        })
        .collect();
    Boundaries::indexed(regions, "name".into()).built_in()
}

/// Reads a GeoJSON layer as features named by `name`, keeping the other properties.
fn read_layer(path: &Path) -> Result<Vec<Feature>> {
    let label = path.display().to_string();
    let err = |m: String| Error::new(ErrorKind::Boundaries, format!("{label}: {m}"));
    let text = std::fs::read_to_string(path).map_err(|e| err(format!("cannot read: {e}")))?;
    let gj: geojson::GeoJson = text.parse().map_err(|e| err(format!("not valid GeoJSON: {e}")))?;
    let geojson::GeoJson::FeatureCollection(fc) = gj else {
        return Err(err("not a FeatureCollection".into()));
    };
    fc.features
        .into_iter()
        .enumerate()
        .map(|(i, f)| {
            let mut properties = f.properties.unwrap_or_default();
            let name = match properties.remove("name") {
                Some(serde_json::Value::String(s)) if !s.trim().is_empty() => s.trim().to_string(),
                _ => return Err(err(format!("feature {} has no 'name'", i + 1))),
            };
            let g = f
                .geometry
                .ok_or_else(|| err(format!("'{name}' has no geometry")))
                .and_then(|g| geo::Geometry::<f64>::try_from(g.value).map_err(|e| err(format!("'{name}': {e}"))))?;
            let geometry = match g {
                geo::Geometry::Polygon(p) => MultiPolygon(vec![p]),
                geo::Geometry::MultiPolygon(mp) => mp,
                _ => return Err(err(format!("'{name}' is not a polygon"))),
            };
            Ok(Feature {
                name,
                geometry,
                properties,
            })
        })
        .collect()
}

/// Builds the embedded data from the district and province GeoJSON files
/// (`pakistan_districts_osm2023.geojson`, `pakistan_provinces_osm2023.geojson`).
pub fn import(districts: &Path, provinces: &Path, tolerance_m: f64) -> Result<Topology> {
    let d = read_layer(districts)?;
    let p = read_layer(provinces)?;
    Ok(Topology::build(&[("districts", d), ("provinces", p)], tolerance_m).with_credits(SOURCE, LICENCE))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_data_has_pakistan() {
        let t = Topology::parse(DATA).unwrap();
        assert_eq!(t.licence(), LICENCE);
        assert_eq!(features("districts").len(), 156);
        assert_eq!(features("provinces").len(), 7);
        let table = DistrictTable::embedded();
        let b = districts(&table);
        // Quetta at about 30.18 N, 67.00 E; Turbat in Kech; Lahore in Punjab.
        let at = |lon, lat| b.locate(lon, lat).map(|i| b.regions[i].name.as_str());
        assert_eq!(at(67.00, 30.18), Some("Quetta"));
        assert_eq!(at(63.05, 26.00), Some("Kech"));
        assert_eq!(
            b.regions[b.locate(74.34, 31.55).unwrap()].province.as_deref(),
            Some("Punjab")
        );
        assert_eq!(at(55.0, 25.0), None);
        // Every Balochistan polygon carries a 2023 table name.
        let baloch: Vec<&str> = b
            .regions
            .iter()
            .filter(|r| r.province.as_deref() == Some("Balochistan"))
            .map(|r| r.name.as_str())
            .collect();
        assert_eq!(baloch.len(), 34);
        assert!(
            baloch.iter().all(|n| table.districts.iter().any(|d| d.name == *n)),
            "{baloch:?}"
        );
        let p = provinces();
        assert_eq!(p.regions[p.locate(67.00, 30.18).unwrap()].name, "Balochistan");
    }
}
