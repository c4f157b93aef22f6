//! `incident-mapper districts` (issue 13): the built-in 2023 table, filtered by
//! province, and a boundary file's polygons with their geodesic areas.

mod common;

use std::fs;

fn csv_rows(out: &[u8]) -> Vec<Vec<String>> {
    let mut r = csv::Reader::from_reader(out);
    r.records()
        .map(|x| x.unwrap().iter().map(String::from).collect())
        .collect()
}

#[test]
fn the_built_in_table_lists_every_district_with_its_facts() {
    let d = common::workdir("districts-table");
    let o = common::run_in(&d, &["districts", "--format", "csv", "--province", "BALOCHISTAN"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let rows = csv_rows(&o.stdout);
    assert_eq!(rows.len(), 34);
    let quetta = rows.iter().find(|r| r[0] == "Quetta").unwrap();
    assert_eq!(&quetta[1..4], ["Balochistan", "Quetta", "2595492"]);
    assert!(rows.iter().any(|r| r[0] == "Chagai" && r[4].contains("Chaghi")));
    // Areas of the built-in polygons: Balochistan's add up to its 347,190 km² (within 1 %).
    let area: f64 = rows.iter().map(|r| r[5].parse::<f64>().unwrap()).sum();
    assert!((area - 347_190.0).abs() < 3_500.0, "{area}");
    // An unknown province is refused, naming those there are.
    let o = common::run_in(&d, &["districts", "--province", "Atlantis"]);
    assert_eq!(o.status.code(), Some(11));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("provinces: Azad Jammu & Kashmir, Balochistan, Gilgit-Baltistan"),
        "{err}"
    );
    // JSON: numbers are numbers; every district of Pakistan, with OSM's division where the table has none.
    let o = common::run_in(&d, &["districts", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let all = v.as_array().unwrap();
    assert_eq!(all.len(), 156);
    assert!(all[0]["area_km2"].is_number());
    let quetta = all.iter().find(|x| x["district"] == "Quetta").unwrap();
    assert!(
        quetta["population_2023"].is_u64(),
        "a head count is a whole number: {}",
        quetta["population_2023"]
    );
    let lahore = all.iter().find(|x| x["district"] == "Lahore").unwrap();
    assert_eq!(
        (lahore["province"].as_str(), lahore["division"].as_str()),
        (Some("Punjab"), Some("Lahore"))
    );
    assert!(lahore["population_2023"].is_null());
}

#[test]
fn a_boundary_file_gives_areas_on_the_ellipsoid() {
    let d = common::workdir("districts-area");
    // One degree square on the equator, its exterior ring clockwise: 12,308 km² on WGS 84.
    fs::write(
        d.join("sq.geojson"),
        r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"district":"Kech"},
        "geometry":{"type":"Polygon","coordinates":[[[0,0],[0,1],[1,1],[1,0],[0,0]]]}}]}"#,
    )
    .unwrap();
    let o = common::run_in(&d, &["districts", "--districts", "sq.geojson", "--format", "csv"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let rows = csv_rows(&o.stdout);
    assert_eq!(rows.len(), 1);
    assert_eq!(&rows[0][..3], ["Kech", "Balochistan", "Mekran"]);
    let km2: f64 = rows[0][5].parse().unwrap();
    assert!((km2 - 12_308.0).abs() < 10.0, "{km2}");
    // The OSM polygons of Balochistan add up to the province's 347,190 km² (within 2 %).
    let Some(osm) = common::shared_data("boundaries/balochistan_districts_osm2023.geojson") else {
        return;
    };
    let o = common::run_in(
        &d,
        &["districts", "--districts", osm.to_str().unwrap(), "--format", "csv"],
    );
    let rows = csv_rows(&o.stdout);
    assert_eq!(rows.len(), 34);
    let total: f64 = rows.iter().map(|r| r[5].parse::<f64>().unwrap()).sum();
    assert!((total / 347_190.0 - 1.0).abs() < 0.02, "{total}");
}

/// A province by any of its names (`KPK`, `Baluchistan`): the same districts
/// in `districts`, `boundaries export` and the maps' province subset.
#[test]
fn a_province_is_found_by_its_other_names() {
    let d = common::workdir("districts-aliases");
    for (alias, name, n) in [("KPK", "Khyber Pakhtunkhwa", 35), ("baluchistan", "Balochistan", 34)] {
        let rows = |p: &str| {
            let o = common::run_in(&d, &["districts", "--format", "csv", "--province", p]);
            assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
            csv_rows(&o.stdout)
        };
        assert_eq!(rows(alias).len(), n, "{alias}");
        assert_eq!(rows(alias), rows(name));
        let o = common::run_in(&d, &["boundaries", "export", "--province", alias, "-o", "b.geojson"]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let v: serde_json::Value = serde_json::from_slice(&std::fs::read(d.join("b.geojson")).unwrap()).unwrap();
        assert_eq!(v["features"].as_array().unwrap().len(), n, "{alias}");
        let b = incident_mapper::boundaries::builtin::districts(
            &incident_mapper::gazetteer::districts::DistrictTable::embedded(),
        );
        assert_eq!(b.of_province(alias).unwrap().regions.len(), n, "{alias}");
    }
}
