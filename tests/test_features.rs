//! The curated features layer (`gazetteer/features.csv`, issue 11): every row
//! parses into a place of a non-settlement kind with a cited source, and every
//! row lies in (or within a few km of) the district it names, checked against
//! the OSM 2023 district polygons in `../shared` (skipped visibly without them,
//! a failure in CI).

mod common;

use std::collections::HashMap;
use std::path::Path;

use geo::{Closest, ClosestPoint, Contains, MultiPolygon, Point};
use incident_mapper::boundaries::Boundaries;
use incident_mapper::gazetteer::csv_format::read_rows;
use incident_mapper::gazetteer::districts::DistrictTable;
use incident_mapper::gazetteer::haversine_km;
use incident_mapper::model::{Place, PlaceKind};

/// A point may lie this far outside the district it names (coastline and
/// boundary generalisation, features on a district border).
const TOLERANCE_KM: f64 = 3.0;
/// Islands, bays and capes (sources say "offshore") may lie off the land polygons.
const OFFSHORE_KM: f64 = 40.0;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn features() -> Vec<Place> {
    let path = root().join("gazetteer/features.csv");
    let file = std::fs::File::open(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    read_rows(file, "features.csv")
        .expect("features.csv parses")
        .into_iter()
        .map(|r| r.into_place("features.csv").expect("every feature has coordinates"))
        .collect()
}

use common::shared_data as need;

/// Kilometres from `p` to the nearest point of `area` (0 inside).
fn km_outside(area: &MultiPolygon<f64>, p: Point<f64>) -> f64 {
    if area.contains(&p) {
        return 0.0;
    }
    match area.closest_point(&p) {
        Closest::Intersection(_) => 0.0,
        Closest::SinglePoint(q) => haversine_km(p.y(), p.x(), q.y(), q.x()),
        Closest::Indeterminate => f64::INFINITY,
    }
}

#[test]
fn every_feature_is_a_sourced_non_settlement_place_in_balochistan() {
    let rows = features();
    assert!(rows.len() >= 100, "features.csv has {} rows", rows.len());
    let districts = DistrictTable::embedded();
    let mut ids = std::collections::HashSet::new();
    for f in &rows {
        assert!(ids.insert(f.id.clone()), "{}: duplicate id", f.id);
        assert!(
            !matches!(
                f.kind,
                PlaceKind::Village | PlaceKind::Town | PlaceKind::District | PlaceKind::Province | PlaceKind::Country
            ),
            "{} {}: a settlement kind ({:?}) in the features layer",
            f.id,
            f.name,
            f.kind
        );
        assert!(f.source.len() > 10, "{} {}: no source cited", f.id, f.name);
        assert_eq!(f.province.as_deref(), Some("Balochistan"), "{} {}", f.id, f.name);
        // Balochistan's bounding box, with a margin for offshore islands.
        assert!(
            (24.5..=32.2).contains(&f.lat) && (60.8..=70.4).contains(&f.lon),
            "{} {}: {} {}",
            f.id,
            f.name,
            f.lat,
            f.lon
        );
        if let Some(d) = &f.district {
            let known = districts
                .get(d)
                .unwrap_or_else(|| panic!("{} {}: district {d} unknown", f.id, f.name));
            assert_eq!(
                &known.name, d,
                "{} {}: district not in its canonical spelling",
                f.id, f.name
            );
        }
    }
}

#[test]
fn every_feature_lies_in_the_district_it_names() {
    let Some(path) = need("boundaries/balochistan_districts_osm2023.geojson") else {
        return;
    };
    let b = Boundaries::from_file(&path, None).expect("OSM district polygons load");
    let table = DistrictTable::embedded();
    // Polygons by the canonical district name (OSM writes "Kachhi (Bolan)").
    let mut by_district: HashMap<String, Vec<&MultiPolygon<f64>>> = HashMap::new();
    for r in &b.regions {
        let canon = table
            .get(&r.name)
            .or_else(|| table.get(r.name.split(" (").next().unwrap_or(&r.name)))
            .map(|d| d.name.clone())
            .unwrap_or_else(|| panic!("OSM district {} has no row in districts.csv", r.name));
        by_district.entry(canon).or_default().push(&r.geometry);
    }
    let rows = features();
    let mut problems = Vec::new();
    let mut inside = 0;
    for f in &rows {
        let p = Point::new(f.lon, f.lat);
        let offshore = f.source.contains("offshore");
        let (limit, areas): (f64, Vec<&MultiPolygon<f64>>) = match &f.district {
            Some(d) => {
                let areas = by_district.get(d).cloned().unwrap_or_default();
                assert!(
                    !areas.is_empty(),
                    "{} {}: no OSM polygon for district {d}",
                    f.id,
                    f.name
                );
                (if offshore { OFFSHORE_KM } else { TOLERANCE_KM }, areas)
            }
            // Province-level rows (ranges, long rivers): anywhere in Balochistan.
            None => (TOLERANCE_KM, b.regions.iter().map(|r| &r.geometry).collect()),
        };
        let km = areas.iter().map(|a| km_outside(a, p)).fold(f64::INFINITY, f64::min);
        if km == 0.0 {
            inside += 1;
        }
        if km > limit {
            let actual = b
                .locate(f.lon, f.lat)
                .map(|i| b.regions[i].name.as_str())
                .unwrap_or("outside Balochistan");
            problems.push(format!(
                "{} {} ({}, {}): {:.1} km outside {} (the point is in {actual})",
                f.id,
                f.name,
                f.lat,
                f.lon,
                km,
                f.district.as_deref().unwrap_or("Balochistan")
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "{} of {} features off their district:\n{}",
        problems.len(),
        rows.len(),
        problems.join("\n")
    );
    // Most lie strictly inside; the tolerance is for a few on borders and coasts.
    assert!(
        inside * 10 >= rows.len() * 9,
        "only {inside} of {} strictly inside their district",
        rows.len()
    );
}
