//! `count`: hand-built polygons with known answers, and the accounting.

mod common;

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

fn setup(name: &str) -> common::Workdir {
    let d = common::workdir(&format!("count-{name}"));
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
    let Some(p) = shared_boundaries("balochistan_districts_osm2023.geojson") else {
        return;
    };
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
    ] {
        let (_, err, code) = run(&args, &d);
        assert_eq!(code, Some(11), "{args:?}: {err}");
        assert!(err.contains(needle), "{args:?}: {err}");
    }
    // Without --districts, the built-in polygons: the counts by polygon
    // (the towns' own coordinates) and a choropleth.
    let (_, err, code) = run(&["count", "towns.csv", "--geojson", "d.geojson"], &d);
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("6 rows read, 6 counted"), "{err}");
    let gj: serde_json::Value = serde_json::from_slice(&std::fs::read(d.join("d.geojson")).unwrap()).unwrap();
    let features = gj["features"].as_array().unwrap();
    assert_eq!(features.len(), 156, "every built-in district");
    let total: u64 = features
        .iter()
        .map(|f| f["properties"]["incidents"].as_u64().unwrap())
        .sum();
    assert_eq!(total, 6);
    let (_, err, code) = run(&["map", "towns.csv", "-o", "m.png", "--style", "choropleth"], &d);
    assert_eq!(code, Some(0), "{err}");
    assert!(std::fs::read(d.join("m.png")).unwrap().starts_with(b"\x89PNG"));
}

fn shared_boundaries(file: &str) -> Option<std::path::PathBuf> {
    common::shared_data(&format!("boundaries/{file}"))
}

#[test]
fn check_lists_points_that_fall_outside_their_named_district() {
    let Some(p) = shared_boundaries("balochistan_districts_osm2023.geojson") else {
        return;
    };
    let d = setup("check");
    // Line 2 agrees; line 3 is Turbat (Kech) with Quetta's coordinates; line 4
    // names Killa Abdullah at Chaman, carved out of it in 2021 (agrees); line 5
    // is Gwadar in the open sea; line 6 has no coordinates (nothing to check).
    fs::write(
        d.join("rows.csv"),
        "event_id_cnty,location,admin2,latitude,longitude\n\
         PAK1,Turbat,,26.00122,63.04849\n\
         PAK2,Turbat,,30.18414,67.00141\n\
         PAK3,,Killa Abdullah,30.91769,66.45259\n\
         PAK4,Gwadar,Gwadar,24.0,62.0\n\
         PAK5,Quetta,,,\n",
    )
    .unwrap();
    let (out, err, code) = run(
        &[
            "count",
            "rows.csv",
            "--districts",
            p.to_str().unwrap(),
            "--check",
            "--format",
            "csv",
        ],
        &d,
    );
    assert_eq!(code, Some(0), "{err}");
    let mut r = csv::Reader::from_reader(out.as_bytes());
    assert_eq!(
        r.headers().unwrap(),
        vec![
            "line",
            "id",
            "location",
            "latitude",
            "longitude",
            "named_district",
            "polygon_district",
            "km_to_named_district"
        ]
    );
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2, "{out}");
    assert_eq!(&rows[0][0], "3");
    assert_eq!(&rows[0][1], "PAK2");
    assert_eq!((&rows[0][5], &rows[0][6]), ("Kech", "Quetta"));
    // Quetta is some 400 km from Kech's nearest edge.
    let km: f64 = rows[0][7].parse().unwrap();
    assert!((250.0..600.0).contains(&km), "{km}");
    assert_eq!(&rows[1][1], "PAK4");
    assert_eq!((&rows[1][5], &rows[1][6]), ("Gwadar", "(outside)"));
    let km: f64 = rows[1][7].parse().unwrap();
    assert!((50.0..200.0).contains(&km), "{km}");
    assert!(err.contains("--check: 2 incident(s)"), "{err}");
    // Without --districts, the built-in polygons find the same two.
    let (out, err, code) = run(&["count", "rows.csv", "--check", "--format", "csv"], &d);
    assert_eq!(code, Some(0), "{err}");
    let mut r = csv::Reader::from_reader(out.as_bytes());
    let ids: Vec<String> = r.records().map(|x| x.unwrap()[1].to_string()).collect();
    assert_eq!(ids, ["PAK2", "PAK4"], "{out}");
}

#[test]
fn a_points_file_without_names_counts_and_one_without_points_is_refused() {
    let d = setup("nopoints");
    // Coordinates only, no location column: counted by point.
    fs::write(d.join("xy.csv"), "id,lat,lon\n1,1.5,1.0\n2,1.0,3.0\n3,50,50\n").unwrap();
    let (out, err, code) = run(
        &["count", "xy.csv", "--districts", "poly.geojson", "--format", "csv"],
        &d,
    );
    assert_eq!(code, Some(0), "{err}");
    assert!(
        out.contains("A,1,0\n") && out.contains("B,1,0\n") && out.contains("(outside),1,0\n"),
        "{out}"
    );
    // Names the gazetteer does not know and no coordinates: nothing to put in a polygon.
    fs::write(d.join("names.csv"), "location\nXyzzy Plugh\nunknown location\n").unwrap();
    let (out, err, code) = run(
        &["count", "names.csv", "--districts", "poly.geojson", "-o", "c.csv"],
        &d,
    );
    assert_eq!(code, Some(13), "{out}{err}");
    assert!(
        err.contains("names.csv: none of its 2 incidents has coordinates"),
        "{err}"
    );
    assert!(!d.join("c.csv").exists(), "no partial output");
    // Without polygons the same file counts, all in "(no location)".
    let (out, err, code) = run(&["count", "names.csv", "--format", "csv"], &d);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("(no location),2,0"), "{out}");
}

#[test]
fn bad_boundary_files_get_their_own_messages_and_exit_codes() {
    let d = setup("badb");
    fs::write(
        d.join("dup.geojson"),
        POLYGONS.replace(r#""name":"H""#, r#""name":"A""#),
    )
    .unwrap();
    fs::write(d.join("empty.geojson"), r#"{"type":"FeatureCollection","features":[]}"#).unwrap();
    fs::write(d.join("noname.geojson"), POLYGONS.replace(r#""name":"#, r#""label":"#)).unwrap();
    fs::write(d.join("broken.geojson"), r#"{"type":"FeatureCollection","features":[{"#).unwrap();
    for (file, code, needle) in [
        ("missing.geojson", 9, "missing.geojson: cannot read boundaries"),
        ("broken.geojson", 9, "broken.geojson: not valid GeoJSON"),
        ("empty.geojson", 9, "empty.geojson: no polygons"),
        ("noname.geojson", 9, "no district name field; tried ADM2_EN, shapeName"),
        ("noname.geojson", 9, "found: label"),
        ("dup.geojson", 12, "district 'A' appears twice (features 1 and 4)"),
    ] {
        let (_, err, got) = run(&["count", "pts.csv", "--districts", file, "-o", "out.csv"], &d);
        assert_eq!(got, Some(code), "{file}: {err}");
        assert!(err.contains(needle), "{file}: {err}");
        assert!(!d.join("out.csv").exists(), "{file}: no partial output");
    }
}

/// The reference: GDAL's SQLite dialect with SpatiaLite's ST_Intersects, on
/// 3,000 random points. Intersects counts a border point in both polygons;
/// incident-mapper gives it to the first in the file. So: where GDAL finds
/// exactly one district, ours is that one; where it finds several, ours is
/// the first of them; where none, ours is none.
#[test]
fn agrees_with_gdal_st_intersects_on_random_points() {
    let Some(p) = shared_boundaries("balochistan_districts_osm2023.geojson") else {
        return;
    };
    if Command::new("ogr2ogr").arg("--version").output().is_err() {
        assert!(std::env::var_os("CI").is_none(), "CI installs gdal-bin");
        return;
    }
    let d = setup("gdal");
    let mut s: u64 = 2024;
    let mut rnd = || {
        s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (s >> 11) as f64 / (1u64 << 53) as f64
    };
    let mut points: Vec<(f64, f64)> = (0..3000).map(|_| (60.8 + rnd() * 9.5, 24.8 + rnd() * 7.3)).collect();
    // Vertices of the polygons too: points exactly on borders.
    let b = incident_mapper::boundaries::Boundaries::from_file(&p, None).unwrap();
    for r in &b.regions {
        points.extend(r.geometry.0[0].exterior().0.iter().step_by(97).map(|c| (c.x, c.y)));
    }
    let n = points.len();
    let features: Vec<String> = points
        .iter()
        .enumerate()
        .map(|(i, (x, y))| {
            format!(r#"{{"type":"Feature","properties":{{"id":{i}}},"geometry":{{"type":"Point","coordinates":[{x},{y}]}}}}"#)
        })
        .collect();
    let rand = d.join("rand.geojson");
    fs::write(
        &rand,
        format!(
            r#"{{"type":"FeatureCollection","features":[{}]}}"#,
            features.join(",\n")
        ),
    )
    .unwrap();
    // The districts are the main layer: GDAL reads the other source once per row of the first.
    let layer = p.file_stem().unwrap().to_str().unwrap();
    let sql = format!(
        "SELECT r.id AS id, d.name AS name FROM \"{layer}\" d JOIN '{}'.rand r ON ST_Intersects(r.geometry, d.geometry)",
        rand.display()
    );
    let o = Command::new("ogr2ogr")
        .args(["-f", "CSV", "/vsistdout/"])
        .arg(&p)
        .args(["-dialect", "sqlite", "-sql", &sql])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mut gdal: Vec<Vec<String>> = vec![Vec::new(); n];
    for rec in csv::Reader::from_reader(o.stdout.as_slice()).records() {
        let rec = rec.unwrap();
        gdal[rec[0].parse::<usize>().unwrap()].push(rec[1].to_string());
    }
    let order = |name: &str| b.regions.iter().position(|r| r.name == name).unwrap();
    let (mut inside, mut ties) = (0, 0);
    for (id, &(lon, lat)) in points.iter().enumerate() {
        let ours = b.locate(lon, lat).map(|k| b.regions[k].name.clone());
        let theirs = &gdal[id];
        let expected = theirs.iter().min_by_key(|n| order(n)).cloned();
        assert_eq!(ours, expected, "point {id} ({lon}, {lat}): GDAL says {theirs:?}");
        inside += usize::from(!theirs.is_empty());
        ties += usize::from(theirs.len() > 1);
    }
    assert!(inside > 1200, "{inside}");
    assert!(ties > 50, "the border vertices are ties: {ties}");
}

#[test]
fn a_populations_file_gives_the_rates() {
    let d = setup("pops");
    fs::write(d.join("pop.csv"), "district,population\nA,150000\nB,\"200,000\"\n").unwrap();
    let (out, err, code) = run(
        &[
            "count",
            "pts.csv",
            "--districts",
            "poly.geojson",
            "--populations",
            "pop.csv",
            "--format",
            "csv",
        ],
        &d,
    );
    assert_eq!(code, Some(0), "{err}");
    assert!(
        out.starts_with("district,incidents,fatalities,incidents_per_100k\n"),
        "{out}"
    );
    // A: 3 incidents / 150,000 people; B: 1 / 200,000; C unknown: empty.
    assert!(out.contains("A,3,3,2\n"), "{out}");
    assert!(out.contains("B,1,3,0.5\n"), "{out}");
    assert!(out.contains("C,1,0,\n"), "{out}");
    fs::write(d.join("bad.csv"), "district,population\nA,many\n").unwrap();
    let (_, err, code) = run(
        &[
            "count",
            "pts.csv",
            "--districts",
            "poly.geojson",
            "--populations",
            "bad.csv",
        ],
        &d,
    );
    assert_eq!(code, Some(8), "{err}");
    assert!(
        err.contains("bad.csv: line 2: field 'population': 'many' is not a number of people"),
        "{err}"
    );
}

/// Issue 12: count, the choropleth and the chart count through one stage with
/// one district rule — the polygon a point falls in — so they cannot disagree,
/// even where the geocoder's district says otherwise.
#[test]
fn count_chart_and_choropleth_agree_on_districts() {
    use incident_mapper::boundaries::Boundaries;
    use incident_mapper::model::LocatedIncident;
    use incident_mapper::output::chart::{bars, GroupBy, Measure};
    use incident_mapper::output::counts::{count, Key};
    let b = Boundaries::from_geojson_str(
        r#"{"type":"FeatureCollection","features":[
        {"type":"Feature","properties":{"district":"West"},"geometry":{"type":"Polygon","coordinates":[[[60,25],[63,25],[63,28],[60,28],[60,25]]]}},
        {"type":"Feature","properties":{"district":"East"},"geometry":{"type":"Polygon","coordinates":[[[63,25],[66,25],[66,28],[63,28],[63,25]]]}}]}"#,
        None,
        "two.geojson",
    )
    .unwrap();
    let at = |lon: f64, district: &str, precision: u8| LocatedIncident {
        lon: Some(lon),
        lat: Some(26.0),
        precision: incident_mapper::model::GeoPrecision::from_code(precision),
        // The geocoder's district disagrees with the polygon on purpose.
        district: Some(district.into()),
        fatalities: Some(1.0),
        ..Default::default()
    };
    let v = vec![
        at(61.0, "Kech", 1),
        at(62.0, "Kech", 1),
        at(64.0, "Kech", 1),
        at(64.5, "Gwadar", 3),
        at(70.0, "Kech", 1),
    ];
    let table = incident_mapper::gazetteer::Gazetteer::embedded().districts;
    let rows = count(&v, &[Key::District], Some(&b), &table, None);
    let counted: Vec<(String, f64)> = rows
        .iter()
        .filter(|r| r.incidents > 0)
        .map(|r| (r.keys[0].clone(), r.incidents as f64))
        .collect();
    let mut charted = bars(&v, GroupBy::District, Measure::Incidents, Some(&b));
    charted.sort_by(|a, c| a.0.cmp(&c.0));
    assert_eq!(charted, counted);
    assert!(charted.contains(&("West".to_string(), 2.0)) && charted.contains(&("East".to_string(), 1.0)));
    let choropleth = incident_mapper::output::map::render::counts_by_region(&b, &v);
    assert_eq!(choropleth, vec![2, 1]);
}
