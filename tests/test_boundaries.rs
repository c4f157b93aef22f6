//! District boundaries from GeoJSON and ESRI Shapefile: the same districts,
//! and known towns fall in the right ones.

mod common;

use std::process::Command;

use incident_mapper::boundaries::Boundaries;
use incident_mapper::gazetteer::districts::DistrictTable;

use common::shared_data as shared;

/// The district the tool reports for a point: the polygon's name, made
/// canonical by the district table ("Kachhi (Bolan)" is Kachhi).
fn district_at(b: &Boundaries, lon: f64, lat: f64) -> Option<String> {
    incident_mapper::config::district_of_point(b, &DistrictTable::embedded(), lat, lon).map(|(d, _)| d)
}

/// Known towns and their 2023 districts.
const TOWNS: &[(&str, f64, f64, &str)] = &[
    ("Turbat", 63.04849, 26.00122, "Kech"),
    ("Dhadar", 67.65167, 29.47489, "Kachhi"),
    ("Hub", 66.88534, 25.02555, "Lasbela"),
    ("Chaman", 66.45259, 30.91769, "Chaman"),
    ("Quetta", 67.00141, 30.18414, "Quetta"),
];

#[test]
fn geojson_districts_hold_the_known_towns() {
    let Some(p) = shared("boundaries/balochistan_districts_osm2023.geojson") else {
        return;
    };
    let b = Boundaries::from_file(&p, None).unwrap();
    assert_eq!(b.regions.len(), 34);
    assert_eq!(b.name_field, "name");
    for (town, lon, lat, district) in TOWNS {
        assert_eq!(district_at(&b, *lon, *lat).as_deref(), Some(*district), "{town}");
    }
    // The Arabian Sea is in no district.
    assert_eq!(district_at(&b, 64.0, 24.0), None);
}

#[test]
fn a_shapefile_gives_the_same_districts() {
    let Some(p) = shared("boundaries/balochistan_districts_osm2023.geojson") else {
        return;
    };
    if Command::new("ogr2ogr").arg("--version").output().is_err() {
        assert!(std::env::var_os("CI").is_none(), "CI installs gdal-bin");
        common::skip("ogr2ogr not installed");
        return;
    }
    let dir = common::workdir("shp");
    let shp = dir.join("districts.shp");
    let o = Command::new("ogr2ogr")
        .args(["-f", "ESRI Shapefile"])
        .arg(&shp)
        .arg(&p)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let b = Boundaries::from_file(&shp, None).unwrap();
    let g = Boundaries::from_file(&p, None).unwrap();
    let mut a: Vec<&str> = b.regions.iter().map(|r| r.name.as_str()).collect();
    let mut c: Vec<&str> = g.regions.iter().map(|r| r.name.as_str()).collect();
    a.sort_unstable();
    c.sort_unstable();
    assert_eq!(a, c);
    for (town, lon, lat, district) in TOWNS {
        assert_eq!(
            district_at(&b, *lon, *lat).as_deref(),
            Some(*district),
            "{town} (shapefile)"
        );
    }
    assert_eq!(b.regions[0].province.as_deref(), Some("Balochistan"));
}

/// Concave, holed, multi-part and edge-sharing polygons: the index must give
/// exactly what geo's plain Contains/Intersects give, on a grid that hits
/// vertices and edges (ties) and on points between them.
const TRICKY: &str = r#"{"type":"FeatureCollection","features":[
 {"type":"Feature","properties":{"name":"Comb"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[4,0],[4,3],[3.5,3],[3.5,1],[3,1],[3,3],[2.5,3],[2.5,1],[2,1],[2,3],[1.5,3],[1.5,1],[1,1],[1,3],[0,3],[0,0]],[[0.25,0.25],[0.75,0.25],[0.75,0.75],[0.25,0.75],[0.25,0.25]]]}},
 {"type":"Feature","properties":{"name":"Teeth"},"geometry":{"type":"MultiPolygon","coordinates":[[[[1,1],[1.5,1],[1.5,3],[1,3],[1,1]]],[[[2,1],[2.5,1],[2.5,3],[2,3],[2,1]]],[[[3,1],[3.5,1],[3.5,3],[3,3],[3,1]]]]}},
 {"type":"Feature","properties":{"name":"Hole"},"geometry":{"type":"Polygon","coordinates":[[[0.25,0.25],[0.75,0.25],[0.75,0.75],[0.25,0.75],[0.25,0.25]]]}},
 {"type":"Feature","properties":{"name":"Star"},"geometry":{"type":"Polygon","coordinates":[[[6,0],[6.5,1.5],[8,1.5],[6.8,2.4],[7.3,4],[6,3],[4.7,4],[5.2,2.4],[4,1.5],[5.5,1.5],[6,0]]]}}]}"#;

#[test]
fn the_index_agrees_with_geo_everywhere() {
    let b = Boundaries::from_geojson_str(TRICKY, None, "tricky").unwrap();
    assert!(b.warnings().is_empty(), "{:?}", b.warnings());
    let mut ties = 0;
    let mut n = 0;
    for i in -4..=36 {
        for j in -4..=36 {
            let (x, y) = (f64::from(i) * 0.25, f64::from(j) * 0.125);
            n += 1;
            assert_eq!(b.locate(x, y), b.locate_exhaustive(x, y), "at ({x}, {y})");
            ties += usize::from(b.locate(x, y).is_some() && x.fract() == 0.0);
        }
    }
    // Pseudo-random points between the grid lines.
    let mut s: u64 = 12345;
    for _ in 0..20_000 {
        s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        let x = (s >> 11) as f64 / (1u64 << 53) as f64 * 9.0 - 0.5;
        s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        let y = (s >> 11) as f64 / (1u64 << 53) as f64 * 4.5 - 0.25;
        assert_eq!(b.locate(x, y), b.locate_exhaustive(x, y), "at ({x}, {y})");
    }
    assert!(n > 1600 && ties > 50);
    // Spot checks with known answers.
    let name = |x, y| b.locate(x, y).map(|k| b.regions[k].name.as_str());
    assert_eq!(name(0.5, 2.0), Some("Comb"));
    assert_eq!(name(1.25, 2.0), Some("Teeth")); // between the comb's teeth
    assert_eq!(name(1.0, 2.0), Some("Comb")); // shared edge: first in the file
    assert_eq!(name(0.5, 0.5), Some("Hole"));
    assert_eq!(name(0.25, 0.5), Some("Comb")); // the hole's edge: Comb comes first
    assert_eq!(name(6.0, 2.0), Some("Star"));
    assert_eq!(name(6.0, 3.5), None); // between the star's points
}

#[test]
fn the_index_agrees_with_geo_on_real_districts() {
    for (file, bbox) in [
        (
            "boundaries/balochistan_districts_osm2023.geojson",
            (60.8, 24.8, 70.3, 32.1),
        ),
        (
            "boundaries/pakistan_districts_osm2023.geojson",
            (60.8, 23.6, 77.9, 37.1),
        ),
        (
            "boundaries/balochistan_districts_wof2018.geojson",
            (60.8, 24.8, 70.3, 32.1),
        ),
    ] {
        let Some(p) = shared(file) else {
            return;
        };
        let b = Boundaries::from_file(&p, None).unwrap();
        let mut s: u64 = 99;
        let mut inside = 0;
        for _ in 0..5000 {
            let mut r = || {
                s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                (s >> 11) as f64 / (1u64 << 53) as f64
            };
            let x = bbox.0 + r() * (bbox.2 - bbox.0);
            let y = bbox.1 + r() * (bbox.3 - bbox.1);
            let k = b.locate(x, y);
            assert_eq!(k, b.locate_exhaustive(x, y), "{file} at ({x}, {y})");
            inside += usize::from(k.is_some());
        }
        assert!(inside > 1000, "{file}: {inside}");
        // Every vertex of every polygon is on a border: still agrees.
        for r in b.regions.iter().step_by(5) {
            for c in r.geometry.0[0].exterior().0.iter().step_by(7) {
                assert_eq!(b.locate(c.x, c.y), b.locate_exhaustive(c.x, c.y), "{file} vertex {c:?}");
            }
        }
    }
}

#[test]
fn invalid_and_overlapping_polygons_are_reported_by_name() {
    // Bow: a self-crossing ring. Left/Right share an edge (fine). Over overlaps
    // Right by half a degree square at the equator. Copy duplicates Left.
    let gj = r#"{"type":"FeatureCollection","features":[
 {"type":"Feature","properties":{"name":"Left"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}},
 {"type":"Feature","properties":{"name":"Right"},"geometry":{"type":"Polygon","coordinates":[[[1,0],[2,0],[2,1],[1,1],[1,0]]]}},
 {"type":"Feature","properties":{"name":"Over"},"geometry":{"type":"Polygon","coordinates":[[[1.5,0],[2.5,0],[2.5,0.5],[1.5,0.5],[1.5,0]]]}},
 {"type":"Feature","properties":{"name":"Bow"},"geometry":{"type":"Polygon","coordinates":[[[5,0],[8,3],[8,0],[5,1.5],[5,0]]]}},
 {"type":"Feature","properties":{"name":"Copy"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}}]}"#;
    let b = Boundaries::from_geojson_str(gj, None, "t").unwrap();
    for (r, at) in b.regions.iter().zip(b.self_intersections()) {
        if r.name == "Bow" {
            let at = at.expect("bow tie found");
            assert_eq!((at.x, at.y), (6.0, 1.0));
        } else {
            assert_eq!(*at, None, "{}", r.name);
        }
    }
    let pairs: Vec<(&str, &str)> = b
        .overlaps()
        .iter()
        .map(|o| (b.regions[o.first].name.as_str(), b.regions[o.second].name.as_str()))
        .collect();
    assert_eq!(pairs, vec![("Left", "Copy"), ("Right", "Over")]);
    // Half a degree by half a degree at the equator: R² Δλ sin(0.5°) = 3,098 km² (sphere of radius 6378.137 km).
    let area = b.overlaps()[1].area_km2.unwrap();
    assert!((area - 3098.0).abs() < 2.0, "{area}");
    let w = b.warnings().join("\n");
    assert!(w.contains("district 'Bow' is not a valid polygon"), "{w}");
    assert!(w.contains("'Right' and 'Over' overlap by about 3098 km²"), "{w}");
    assert!(
        w.contains("points there count in 'Right', the first in the file"),
        "{w}"
    );
    // The self-crossing polygon still locates points (by ray casting).
    assert_eq!(b.locate(7.5, 1.0).map(|k| b.regions[k].name.as_str()), Some("Bow"));
    assert_eq!(b.locate(1.75, 0.25).map(|k| b.regions[k].name.as_str()), Some("Right"));
    assert_eq!(b.locate(2.25, 0.25).map(|k| b.regions[k].name.as_str()), Some("Over"));
}

#[test]
fn shared_borders_of_the_real_districts_are_not_overlaps() {
    let Some(p) = shared("boundaries/balochistan_districts_osm2023.geojson") else {
        return;
    };
    let b = Boundaries::from_file(&p, None).unwrap();
    assert!(b.overlaps().is_empty(), "{:?}", b.warnings());
    assert!(b.self_intersections().iter().all(Option::is_none));
    // The older WOF set was digitised separately: its neighbours overlap in slivers.
    let Some(p) = shared("boundaries/balochistan_districts_wof2018.geojson") else {
        return;
    };
    let b = Boundaries::from_file(&p, None).unwrap();
    assert!(b.overlaps().len() > 5);
    assert!(
        b.overlaps().iter().all(|o| o.area_km2.is_some_and(|a| a < 0.1)),
        "{:?}",
        b.overlaps()
    );
}
