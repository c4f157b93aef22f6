//! District boundaries from GeoJSON and ESRI Shapefile: the same districts,
//! and known towns fall in the right ones.

use std::path::{Path, PathBuf};
use std::process::Command;

use incident_mapper::boundaries::Boundaries;
use incident_mapper::gazetteer::districts::DistrictTable;

fn shared(rel: &str) -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data").join(rel);
    if p.exists() {
        return Some(p);
    }
    assert!(std::env::var_os("CI").is_none(), "{} missing in CI", p.display());
    eprintln!("skipped: {} not found (outside CI)", p.display());
    None
}

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
        eprintln!("skipped: ogr2ogr not installed");
        return;
    }
    let dir = std::env::temp_dir().join(format!("im-shp-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
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
