//! `count`: hand-built polygons with known answers, and the accounting.

use std::fs;
use std::process::Command;

use assert_cmd::prelude::*;

/// A: a square with a hole; H fills the hole; B shares A's east edge; C is a
/// square north of A (sharing the corner (2,2) with A and B) plus an island.
const POLYGONS: &str = r#"{"type":"FeatureCollection","features":[
 {"type":"Feature","properties":{"name":"A"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[2,0],[2,2],[0,2],[0,0]],[[0.5,0.5],[1,0.5],[1,1],[0.5,1],[0.5,0.5]]]}},
 {"type":"Feature","properties":{"name":"B"},"geometry":{"type":"Polygon","coordinates":[[[2,0],[4,0],[4,2],[2,2],[2,0]]]}},
 {"type":"Feature","properties":{"name":"C"},"geometry":{"type":"MultiPolygon","coordinates":[[[[0,2],[2,2],[2,4],[0,4],[0,2]]],[[[10,10],[11,10],[11,11],[10,11],[10,10]]]]}},
 {"type":"Feature","properties":{"name":"H"},"geometry":{"type":"Polygon","coordinates":[[[0.5,0.5],[1,0.5],[1,1],[0.5,1],[0.5,0.5]]]}}]}"#;

const POINTS: &str = "location,latitude,longitude,event_date,fatalities
interior of A,1.5,1.0,2025-01-05,2
edge A|B,1.0,2.0,2025-01-09,1
vertex A|B|C,2.0,2.0,2025-02-01,0
in the hole: H,0.75,0.75,2025-02-11,4
the island of C,10.5,10.5,2025-03-03,
the sea,50,50,2025-03-04,1
interior of B,1.0,3.0,2025-03-30,3
";

fn run(args: &[&str], dir: &std::path::Path) -> (String, String, Option<i32>) {
    let o = Command::cargo_bin("incident-mapper")
        .unwrap()
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap();
    (
        String::from_utf8_lossy(&o.stdout).into(),
        String::from_utf8_lossy(&o.stderr).into(),
        o.status.code(),
    )
}

fn setup(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("im-count-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&d);
    fs::create_dir_all(&d).unwrap();
    fs::write(d.join("poly.geojson"), POLYGONS).unwrap();
    fs::write(d.join("pts.csv"), POINTS).unwrap();
    d
}

#[test]
fn points_on_borders_in_holes_and_islands_are_counted_once() {
    let d = setup("borders");
    let (out, err, code) = run(
        &["count", "pts.csv", "--districts", "poly.geojson", "--format", "csv"],
        &d,
    );
    assert_eq!(code, Some(0), "{err}");
    let mut r = csv::Reader::from_reader(out.as_bytes());
    assert_eq!(r.headers().unwrap(), vec!["district", "incidents", "fatalities"]);
    let rows: Vec<(String, u64, f64)> = r
        .records()
        .map(|x| {
            let x = x.unwrap();
            (x[0].to_string(), x[1].parse().unwrap(), x[2].parse().unwrap())
        })
        .collect();
    let get = |k: &str| rows.iter().find(|r| r.0 == k).map(|r| (r.1, r.2));
    // Border points go to the polygon first in the file (A), the hole's point to H.
    assert_eq!(get("A"), Some((3, 3.0)));
    assert_eq!(get("B"), Some((1, 3.0)));
    assert_eq!(get("C"), Some((1, 0.0)));
    assert_eq!(get("H"), Some((1, 4.0)));
    assert_eq!(get("(outside)"), Some((1, 1.0)));
    assert_eq!(rows.iter().map(|r| r.1).sum::<u64>(), 7, "every row counted once");
}

#[test]
fn by_district_and_month_with_zeros_json_and_geojson() {
    let d = setup("month");
    let (out, err, code) = run(
        &[
            "count",
            "pts.csv",
            "--districts",
            "poly.geojson",
            "--by",
            "district,month",
            "--format",
            "json",
            "--geojson",
            "d.geojson",
        ],
        &d,
    );
    assert_eq!(code, Some(0), "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let rows = v.as_array().unwrap();
    // The full grid (A, B, C, H) × (2025-01, 2025-02, 2025-03), plus the one
    // (outside) row where it happened: catch-all rows get no zero rows.
    assert_eq!(rows.len(), 4 * 3 + 1);
    assert!(rows
        .iter()
        .any(|r| r["district"] == "(outside)" && r["month"] == "2025-03" && r["incidents"] == 1));
    let b_feb = rows
        .iter()
        .find(|r| r["district"] == "B" && r["month"] == "2025-02")
        .unwrap();
    assert_eq!(b_feb["incidents"], 0);
    let g: serde_json::Value = serde_json::from_str(&fs::read_to_string(d.join("d.geojson")).unwrap()).unwrap();
    let feats = g["features"].as_array().unwrap();
    assert_eq!(feats.len(), 4);
    let a = feats.iter().find(|f| f["properties"]["district"] == "A").unwrap();
    assert_eq!(a["properties"]["incidents"], 3);
    for f in feats {
        for (k, v) in f["properties"].as_object().unwrap() {
            assert!(!v.is_array() && !v.is_object(), "{k} is not flat");
        }
    }
}

#[test]
fn names_that_do_not_join_are_reported_and_a_crosswalk_joins_them() {
    let d = setup("join");
    // A boundary file of another vintage: "Old Kech" for Kech.
    let gj = r#"{"type":"FeatureCollection","features":[
     {"type":"Feature","properties":{"name":"Old Kech","province":"Balochistan"},"geometry":{"type":"Polygon","coordinates":[[[62.0,25.5],[64.0,25.5],[64.0,27.0],[62.0,27.0],[62.0,25.5]]]}}]}"#;
    fs::write(d.join("old.geojson"), gj).unwrap();
    fs::write(
        d.join("in.csv"),
        "location
Turbat
Quetta
",
    )
    .unwrap();
    let (out, err, code) = run(
        &["count", "in.csv", "--districts", "old.geojson", "--format", "csv"],
        &d,
    );
    assert_eq!(code, Some(0), "{err}");
    assert!(
        err.contains("polygon names not in the district table: Old Kech"),
        "{err}"
    );
    assert!(
        err.contains("district names of incidents with no polygon in old.geojson: Kech (1), Quetta (1)"),
        "{err}"
    );
    assert!(out.contains("Old Kech,1,"), "{out}");
    fs::write(
        d.join("cw.csv"),
        "name,district
Old Kech,Kech
",
    )
    .unwrap();
    let (_, err, code) = run(
        &[
            "count",
            "in.csv",
            "--districts",
            "old.geojson",
            "--crosswalk",
            "cw.csv",
            "--format",
            "csv",
        ],
        &d,
    );
    assert_eq!(code, Some(0), "{err}");
    assert!(!err.contains("not in the district table"), "{err}");
    assert!(err.contains("no polygon in old.geojson: Quetta (1)"), "{err}");
    fs::write(
        d.join("bad.csv"),
        "name,district
X,Atlantis
",
    )
    .unwrap();
    let (_, err, code) = run(&["count", "in.csv", "--crosswalk", "bad.csv"], &d);
    assert_eq!(code, Some(8));
    assert!(
        err.contains("bad.csv: line 2: field 'district': 'Atlantis' is not a district of the table"),
        "{err}"
    );
}

#[test]
fn real_districts_known_towns_and_bad_keys() {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data/boundaries/balochistan_districts_osm2023.geojson");
    if !p.exists() {
        assert!(std::env::var_os("CI").is_none());
        return;
    }
    let d = setup("real");
    fs::write(
        d.join("towns.csv"),
        "location\nTurbat\nDhadar\nHub\nChaman\nQuetta\nQuetta\n",
    )
    .unwrap();
    let (out, err, code) = run(
        &[
            "count",
            "towns.csv",
            "--districts",
            p.to_str().unwrap(),
            "--format",
            "csv",
            "--per-capita",
        ],
        &d,
    );
    assert_eq!(code, Some(0), "{err}");
    let mut r = csv::Reader::from_reader(out.as_bytes());
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 34, "every district, zeros included, nothing outside");
    let n = |name: &str| rows.iter().find(|x| &x[0] == name).map(|x| x[1].to_string());
    assert_eq!(n("Kech").as_deref(), Some("1"));
    assert_eq!(n("Kachhi (Bolan)").as_deref(), Some("1"));
    assert_eq!(n("Lasbela").as_deref(), Some("1"));
    assert_eq!(n("Chaman").as_deref(), Some("1"));
    assert_eq!(n("Quetta").as_deref(), Some("2"));
    let quetta = rows.iter().find(|x| &x[0] == "Quetta").unwrap();
    // 2 incidents per 2,595,492 people (2023 census).
    assert_eq!(&quetta[3], "0.08");
    // Option values that make no sense together: exit 11, with what to do.
    for (args, needle) in [
        (vec!["count", "towns.csv", "--by", "colour"], "unknown key 'colour'"),
        (
            vec!["count", "towns.csv", "--by", "month", "--per-capita"],
            "--per-capita needs district among the --by keys",
        ),
        (
            vec!["count", "towns.csv", "--geojson", "d.geojson"],
            "--geojson needs --districts FILE",
        ),
        (
            vec!["map", "towns.csv", "-o", "m.png", "--style", "choropleth"],
            "--style choropleth and both need --districts FILE",
        ),
    ] {
        let (_, err, code) = run(&args, &d);
        assert_eq!(code, Some(11), "{args:?}: {err}");
        assert!(err.contains(needle), "{args:?}: {err}");
    }
    assert!(!d.join("d.geojson").exists() && !d.join("m.png").exists());
}
