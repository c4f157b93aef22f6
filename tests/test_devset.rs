//! Accuracy of the geocoder on the development set of messy location strings
//! (tests/data/geocode_devset.csv, written independently of the code).
//!
//! Each row names the district and province a person would give. The test
//! prints the accuracy and every miss, and fails below a floor. Two set-ups:
//! the embedded gazetteer alone, and with the 16,202-place GeoNames
//! Balochistan file and the OSM district polygons from ../shared.

mod common;

use incident_mapper::gazetteer::Gazetteer;
use incident_mapper::geocode::Geocoder;
use incident_mapper::model::Method;

struct Row {
    location: String,
    admin2: String,
    admin1: String,
    district: String,
    province: String,
}

fn rows(file: &str) -> Vec<Row> {
    let mut rdr = csv::Reader::from_path(file).unwrap();
    rdr.records()
        .map(|r| {
            let r = r.unwrap();
            Row {
                location: r[0].to_string(),
                admin2: r[1].to_string(),
                admin1: r[2].to_string(),
                district: r[3].to_string(),
                province: r[4].to_string(),
            }
        })
        .collect()
}

/// Returns (correct, total, misses).
fn evaluate(gaz: &Gazetteer, file: &str) -> (usize, usize, Vec<String>) {
    let rows = rows(file);
    let mut g = Geocoder::new(gaz);
    let mut misses = Vec::new();
    let opt = |s: &str| Some(s.to_string()).filter(|s| !s.is_empty());
    for row in &rows {
        let r = g.resolve(&row.location, opt(&row.admin2).as_deref(), opt(&row.admin1).as_deref());
        let place = r.place.map(|i| gaz.place(i));
        let ok = match row.province.as_str() {
            "UNRESOLVED" => r.method == Method::Unresolved,
            "OUTSIDE" => place.is_some_and(|p| p.country != "PK"),
            prov => {
                r.province.as_deref() == Some(prov)
                    && (row.district.is_empty() || r.district.as_deref() == Some(row.district.as_str()))
            }
        };
        if !ok {
            misses.push(format!(
                "{:?} [{}|{}] expected {}/{} got {} / {:?} / {:?} ({})",
                row.location,
                row.admin2,
                row.admin1,
                row.district,
                row.province,
                place.map(|p| p.describe()).unwrap_or_else(|| "-".into()),
                r.district,
                r.province,
                r.method.as_str()
            ));
        }
    }
    (rows.len() - misses.len(), rows.len(), misses)
}

fn report(label: &str, file: &str, gaz: &Gazetteer, floor: f64) {
    let (ok, n, misses) = evaluate(gaz, file);
    let acc = ok as f64 / n as f64;
    println!(
        "{label}: {ok}/{n} correct = {:.1}% (floor {:.0}%)",
        100.0 * acc,
        100.0 * floor
    );
    for m in &misses {
        println!("  miss: {m}");
    }
    assert!(n >= 100, "an evaluation set needs at least 100 rows");
    assert!(acc >= floor, "{label}: accuracy {:.3} below the floor {floor}", acc);
}

const DEVSET: &str = "tests/data/geocode_devset.csv";
/// Written blind by a second author after the geocoder was tuned on the dev
/// set. Its first run is the honest figure (92.7 % / 94.0 %, in the README);
/// its misses were then read and general fixes made, so it no longer is.
const HOLDOUT: &str = "tests/data/geocode_holdout.csv";

use common::geonames_gazetteer as full_gazetteer;

const FULL: &str = "embedded + GeoNames Balochistan + OSM districts";

#[test]
fn devset_accuracy_with_embedded_gazetteer() {
    report("dev set, embedded gazetteer", DEVSET, &Gazetteer::embedded(), 0.93);
}

#[test]
fn devset_accuracy_with_geonames_balochistan_and_osm_districts() {
    if let Some(g) = full_gazetteer() {
        report(&format!("dev set, {FULL}"), DEVSET, &g, 0.95);
    }
}

#[test]
fn holdout_accuracy_with_embedded_gazetteer() {
    report("holdout, embedded gazetteer", HOLDOUT, &Gazetteer::embedded(), 0.92);
}

#[test]
fn holdout_accuracy_with_geonames_balochistan_and_osm_districts() {
    if let Some(g) = full_gazetteer() {
        report(&format!("holdout, {FULL}"), HOLDOUT, &g, 0.92);
    }
}
