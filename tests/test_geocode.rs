//! Integration tests: run the real binary on files in a throw-away folder.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use assert_cmd::prelude::*;
use serde_json::Value;

fn bin() -> Command {
    Command::cargo_bin("incident-mapper").unwrap()
}

use common::shared_data as shared;

/// Runs `geocode -q INPUT -o OUT [extra...]` and expects success.
fn geocode_quietly(input: &Path, out: &Path, extra: &[&std::ffi::OsStr]) {
    bin()
        .args(["geocode", "-q"])
        .arg(input)
        .arg("-o")
        .arg(out)
        .args(extra)
        .assert()
        .success();
}

fn read_json(p: &Path) -> Value {
    serde_json::from_str(&fs::read_to_string(p).unwrap()).unwrap()
}

fn features(v: &Value) -> &Vec<Value> {
    v["features"].as_array().unwrap()
}

const SAMPLE: &str = "\
id,event_date,location,admin2,fatalities,latitude,longitude
1,2025-03-11,Bolan Pass near Mashkaf tunnel,,26,,
2,2025-03-16,Noshki,,5,,
3,2026-01-31,Quetta's Hazarganji market,,,,
4,2024-08-26,Suntsar area of Gwadar district,,,,
5,2024-10-06,Karachi airport,,2,,
6,2024-01-01,Xyzzy Plugh,,,,
7,2024-01-02,Turbat,Kech,,26.0012,63.0485
8,2024-01-03,Mustang,,,,
";

fn write_sample(dir: &Path) -> PathBuf {
    let p = dir.join("in.csv");
    fs::write(&p, SAMPLE).unwrap();
    p
}

#[test]
fn geocode_writes_one_feature_per_row_with_the_contract_properties() {
    let d = common::workdir("contract");
    let input = write_sample(&d);
    let out = d.join("out.geojson");
    let um = d.join("unmatched.csv");
    let o = bin()
        .args(["geocode"])
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .arg("--unmatched")
        .arg(&um)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v = read_json(&out);
    assert_eq!(v["type"], "FeatureCollection");
    assert!(v.get("crs").is_none());
    let f = features(&v);
    assert_eq!(f.len(), 8);
    for (i, feat) in f.iter().enumerate() {
        assert_eq!(feat["id"], (i + 1) as u64);
        // Flat properties only (QGIS processing tools need them).
        for (k, val) in feat["properties"].as_object().unwrap() {
            assert!(!val.is_array() && !val.is_object(), "property {k} is not flat");
        }
        // Input columns first, in input order, then the geo_* properties.
        let keys: Vec<&String> = feat["properties"].as_object().unwrap().keys().collect();
        assert_eq!(
            &keys[..7],
            &[
                "id",
                "event_date",
                "location",
                "admin2",
                "fatalities",
                "latitude",
                "longitude"
            ]
        );
        assert_eq!(keys[7], "geo_name");
    }
    let p = |i: usize, k: &str| f[i]["properties"][k].clone();
    // Noshki -> Nushki town, an alias.
    assert_eq!(p(1, "geo_name"), "Nushki");
    assert_eq!(p(1, "geo_method"), "alias");
    assert_eq!(p(1, "geo_precision"), 1);
    assert_eq!(p(1, "fatalities"), "5");
    // Hazarganji in Quetta, Suntsar in Gwadar.
    assert_eq!(p(2, "geo_district"), "Quetta");
    assert_eq!(p(3, "geo_name"), "Suntsar");
    assert_eq!(p(3, "geo_district"), "Gwadar");
    // Karachi is in Sindh, not forced into Balochistan.
    assert_eq!(p(4, "geo_province"), "Sindh");
    // The unresolvable row is still a feature, with null geometry.
    assert!(f[5]["geometry"].is_null());
    assert_eq!(p(5, "geo_method"), "unresolved");
    assert!(p(5, "geo_precision").is_null());
    // Coordinates kept, district filled in.
    assert_eq!(p(6, "geo_method"), "coordinates");
    assert_eq!(f[6]["geometry"]["coordinates"], serde_json::json!([63.0485, 26.0012]));
    assert_eq!(p(6, "geo_district"), "Kech");
    // A typo, fuzzily: the district is likely, the point is not (issue 11).
    assert_eq!(p(7, "geo_name"), "Mastung");
    assert_eq!(p(7, "geo_method"), "fuzzy");
    assert_eq!(p(7, "geo_precision"), 2);
    assert!(p(7, "geo_flags").as_str().unwrap().contains("low_confidence"));
    let s = p(7, "geo_score").as_f64().unwrap();
    assert!(s > 0.1 && s <= 1.0, "fuzzy score {s}");
    // Coordinates have at most 6 decimals.
    for feat in f.iter().filter(|x| !x["geometry"].is_null()) {
        for c in feat["geometry"]["coordinates"].as_array().unwrap() {
            let t = c.to_string();
            assert!(t.split('.').nth(1).map_or(0, str::len) <= 6, "{t}");
        }
    }
    // The unmatched report lists exactly the unresolved row, with a reason.
    let mut r = csv::Reader::from_path(&um).unwrap();
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 1);
    assert_eq!(&rows[0][0], "6");
    assert_eq!(&rows[0][2], "Xyzzy Plugh");
    assert!(rows[0][5].contains("no gazetteer place"), "{:?}", &rows[0]);
}

#[test]
fn swapped_coordinates_are_flagged_and_not_used() {
    let d = common::workdir("swapped");
    let input = d.join("in.csv");
    fs::write(&input, "location,latitude,longitude\nQuetta,67.0,30.18\n").unwrap();
    let out = d.join("out.geojson");
    geocode_quietly(&input, &out, &[]);
    let v = read_json(&out);
    let props = &features(&v)[0]["properties"];
    assert!(props["geo_flags"].as_str().unwrap().contains("latlon_swapped"));
    assert_eq!(props["geo_method"], "exact");
    let c = features(&v)[0]["geometry"]["coordinates"].as_array().unwrap().clone();
    assert!((c[0].as_f64().unwrap() - 67.0).abs() < 0.1 && (c[1].as_f64().unwrap() - 30.18).abs() < 0.1);
}

fn assert_fails(args: &[&str], dir: &Path, code: i32, needle: &str) {
    let o = bin().args(args).current_dir(dir).output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(code), "stderr: {err}");
    assert!(err.contains(needle), "expected {needle:?} in: {err}");
    assert!(!dir.join("out.geojson").exists(), "a failed run left an output file");
    let leftovers: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left behind");
}

#[test]
fn bad_inputs_get_clear_messages_and_distinct_exit_codes() {
    let d = common::workdir("bad");
    fs::write(d.join("ok.csv"), "location\nQuetta\n").unwrap();
    // (file to write, its content, extra arguments, exit code, message)
    let cases: &[(&str, &str, &[&str], i32, &str)] = &[
        ("", "", &[], 3, "missing.csv: cannot read"),
        ("nocol.csv", "name,date\nQuetta,2024\n", &[], 4, "found: name, date"),
        (
            "malformed.csv",
            "location,date\nQuetta,2024\nTurbat,2024,extra\n",
            &[],
            5,
            "malformed.csv:3: malformed CSV line",
        ),
        (
            "empty.csv",
            "location,date\nQuetta,2024\n ,2025\n",
            &[],
            6,
            "empty.csv:3: field 'location' is empty",
        ),
        (
            "range.csv",
            "location,latitude,longitude\nQuetta,95.5,67\n",
            &[],
            7,
            "range.csv:2: field 'latitude': 95.5 is out of range",
        ),
        (
            "nan.csv",
            "location,latitude,longitude\nQuetta,30.1,abc\n",
            &[],
            7,
            "field 'longitude': 'abc' is not a number",
        ),
        (
            "gaz.txt",
            "this is not a gazetteer\n",
            &["--gazetteer", "gaz.txt"],
            8,
            "gaz.txt: unknown gazetteer format",
        ),
        (
            "poly.geojson",
            "{\"type\":\"FeatureCollection\",\"features\":[]}",
            &["--districts", "poly.geojson"],
            9,
            "no polygons",
        ),
    ];
    for (file, content, extra, code, needle) in cases {
        let input = if file.is_empty() {
            "missing.csv"
        } else {
            fs::write(d.join(file), content).unwrap();
            if extra.is_empty() {
                file
            } else {
                "ok.csv"
            }
        };
        let mut args = vec!["geocode", input, "-o", "out.geojson"];
        args.extend_from_slice(extra);
        assert_fails(&args, &d, *code, needle);
    }
    // Never overwrite the input.
    let o = bin()
        .args(["geocode", "ok.csv", "-o", "ok.csv"])
        .current_dir(&d)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(10));
    assert_eq!(fs::read_to_string(d.join("ok.csv")).unwrap(), "location\nQuetta\n");
}

#[test]
fn skip_mode_accounts_for_every_row() {
    let d = common::workdir("skip");
    let input = d.join("in.csv");
    fs::write(
        &input,
        "location,latitude,longitude\nQuetta,,\n,,\nTurbat,1,2,3\nGwadar,95,62\nPasni,,\n",
    )
    .unwrap();
    let out = d.join("out.geojson");
    let rej = d.join("rejects.csv");
    let o = bin()
        .args(["geocode", "--on-error", "skip"])
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .arg("--rejects")
        .arg(&rej)
        .output()
        .unwrap();
    assert!(o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("5 rows: 2 written, 3 rejected"), "{err}");
    assert_eq!(features(&read_json(&out)).len(), 2);
    let mut r = csv::Reader::from_path(&rej).unwrap();
    let lines: Vec<String> = r.records().map(|x| x.unwrap()[0].to_string()).collect();
    assert_eq!(lines, vec!["3", "4", "5"]);
}

#[test]
fn added_gazetteer_and_districts_resolve_villages_and_say_how() {
    let (Some(g), Some(b)) = (
        shared("gazetteer/balochistan_geonames.txt"),
        shared("boundaries/balochistan_districts_osm2023.geojson"),
    ) else {
        return;
    };
    let d = common::workdir("added");
    let input = d.join("in.csv");
    fs::write(
        &input,
        "location,admin2\nHoshab,\nDasht,Kech\nSangan,\nacross Balochistan,\n",
    )
    .unwrap();
    let out = d.join("out.geojson");
    geocode_quietly(
        &input,
        &out,
        &[
            "--gazetteer".as_ref(),
            g.as_os_str(),
            "--districts".as_ref(),
            b.as_os_str(),
        ],
    );
    let v = read_json(&out);
    let f = features(&v);
    assert_eq!(f[0]["properties"]["geo_district"], "Kech");
    assert_eq!(f[0]["properties"]["geo_district_source"], "point_in_polygon");
    assert_eq!(f[1]["properties"]["geo_district"], "Kech");
    // A province-level answer gets no district from the polygons, and an
    // English word is not fuzzily turned into a village ("across" / "Arus").
    assert_eq!(f[3]["properties"]["geo_method"], "province");
    assert!(f[3]["properties"]["geo_district"].is_null());
}

#[test]
fn lookup_prints_candidates_with_scores_and_coordinates() {
    let o = bin().args(["gazetteer", "lookup", "Naushki"]).output().unwrap();
    assert!(o.status.success());
    let s = String::from_utf8_lossy(&o.stdout);
    assert!(s.contains("resolved:   Nushki (town, Nushki, Balochistan)"), "{s}");
    assert!(s.contains("29.55218"), "{s}");
    assert!(s.contains("district:nushki"), "{s}");
}

#[test]
fn run_writes_the_output_folder_from_the_embedded_example() {
    let d = common::workdir("run");
    let o = bin().args(["run", "-o"]).arg(d.join("output")).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v = read_json(&d.join("output/incidents.geojson"));
    let n_rows = csv::Reader::from_reader(include_str!("../examples/incidents.csv").as_bytes())
        .records()
        .count();
    assert_eq!(features(&v).len(), n_rows);
    assert!(d.join("output/unmatched.csv").exists());
    let png = fs::read(d.join("output/map.png")).unwrap();
    assert_eq!(&png[1..4], b"PNG");
    // Width and height from the IHDR chunk.
    assert_eq!(u32::from_be_bytes(png[16..20].try_into().unwrap()), 1600);
    assert_eq!(u32::from_be_bytes(png[20..24].try_into().unwrap()), 1400);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains(&format!("{n_rows} rows: {n_rows} written, 0 rejected")),
        "{err}"
    );
}

#[test]
fn ogrinfo_reads_the_output_with_the_right_count_and_fields() {
    if !common::have_ogrinfo() {
        return;
    }
    let d = common::workdir("ogr");
    let input = write_sample(&d);
    let out = d.join("out.geojson");
    geocode_quietly(&input, &out, &[]);
    let s = common::ogrinfo_summary(&out, &[]);
    assert!(s.contains("Feature Count: 8"), "{s}");
    for field in [
        "location: String",
        "geo_name: String",
        "geo_score: Real",
        "geo_precision: Integer",
        "geo_candidates: Integer",
    ] {
        assert!(s.contains(field), "missing {field} in {s}");
    }
}

#[test]
fn outputs_may_not_clobber_the_input_or_each_other() {
    let d = common::workdir("clobber");
    fs::write(d.join("in.csv"), "location\nQuetta\n,\n").unwrap();
    let cases: &[&[&str]] = &[
        &[
            "geocode",
            "in.csv",
            "-o",
            "out.geojson",
            "--on-error",
            "skip",
            "--rejects",
            "in.csv",
        ],
        &["geocode", "in.csv", "-o", "out.geojson", "--unmatched", "out.geojson"],
        &[
            "geocode",
            "in.csv",
            "-o",
            "out.geojson",
            "--on-error",
            "skip",
            "--rejects",
            "./out.geojson",
        ],
    ];
    for args in cases {
        let o = bin().args(*args).current_dir(&d).output().unwrap();
        assert_eq!(
            o.status.code(),
            Some(10),
            "{args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        assert!(!d.join("out.geojson").exists());
    }
    assert_eq!(fs::read_to_string(d.join("in.csv")).unwrap(), "location\nQuetta\n,\n");
}

#[test]
fn rejected_rows_keep_their_data_and_say_what_is_wrong() {
    let d = common::workdir("rejects");
    let mut bytes = b"location,admin2\nQuetta,Quetta\nTurbat,Kech,extra\nQ\xe9tta,Quetta\n".to_vec();
    bytes.extend_from_slice(b"\"unterminated,x\nSibi,Sibi\n");
    fs::write(d.join("in.csv"), &bytes).unwrap();
    let o = bin()
        .args([
            "geocode",
            "in.csv",
            "-o",
            "out.geojson",
            "--on-error",
            "skip",
            "--rejects",
            "rej.csv",
            // Declared UTF-8, so the bad byte is an error, not a sign of Windows-1252.
            "--encoding",
            "utf-8",
        ])
        .current_dir(&d)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mut r = csv::Reader::from_path(d.join("rej.csv")).unwrap();
    assert_eq!(
        r.headers().unwrap(),
        vec!["line", "reason", "raw", "location", "admin2"]
    );
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 3);
    assert_eq!(&rows[0][0], "3");
    assert!(rows[0][1].contains("3 fields where the header has 2"));
    assert_eq!(&rows[0][2], "Turbat,Kech,extra");
    assert!(
        rows[1][1].contains("field 'location' (column 1) is not valid UTF-8"),
        "{:?}",
        rows[1]
    );
    assert_eq!(&rows[1][3], "Q\u{fffd}tta");
    assert!(rows[2][1].contains("unterminated quote"), "{:?}", rows[2]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("4 rows: 1 written, 3 rejected"), "{err}");
}

#[test]
fn more_bad_inputs() {
    let d = common::workdir("bad2");
    fs::write(d.join("ok.csv"), "location\nQuetta\n").unwrap();
    fs::write(d.join("nan.csv"), "location,latitude,longitude\nQuetta,NaN,67\n").unwrap();
    assert_fails(
        &["geocode", "nan.csv", "-o", "out.geojson"],
        &d,
        7,
        "'NaN' is not a finite number",
    );
    let empty_poly = r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"A"},"geometry":{"type":"Polygon","coordinates":[]}}]}"#;
    fs::write(d.join("empty.geojson"), empty_poly).unwrap();
    assert_fails(
        &["geocode", "ok.csv", "-o", "out.geojson", "--districts", "empty.geojson"],
        &d,
        9,
        "'A' has an empty geometry",
    );
    let line = "9999001\tFoobarabad\tFoobarabad\t\t29.5\t66.0\tP\tPPL\tPK\t\t02\t\t\t\t0\t\t\tAsia/Karachi";
    fs::write(d.join("g17.txt"), line.rsplitn(3, '\t').last().unwrap()).unwrap();
    assert_fails(
        &["geocode", "ok.csv", "-o", "out.geojson", "--gazetteer", "g17.txt"],
        &d,
        8,
        "has 19 tab-separated fields",
    );
    // A BOM before a GeoNames dump does not end up in the first id; 18 fields are accepted.
    fs::write(d.join("gbom.txt"), format!("\u{feff}{line}\n")).unwrap();
    let o = bin()
        .args(["gazetteer", "lookup", "Foobarabad", "--gazetteer", "gbom.txt"])
        .current_dir(&d)
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("[gn:9999001]"),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
}

#[test]
fn standard_output_and_a_user_column_named_like_ours() {
    let d = common::workdir("stdout");
    fs::write(
        d.join("in.csv"),
        "location,geo_name,src_geo_name\nQuetta,mine,also mine\n",
    )
    .unwrap();
    let o = bin()
        .args(["geocode", "in.csv", "-o", "-", "-q"])
        .current_dir(&d)
        .output()
        .unwrap();
    assert!(o.status.success());
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let p = &features(&v)[0]["properties"];
    assert_eq!(p["src_geo_name"], "also mine");
    assert_eq!(p["src_geo_name_2"], "mine");
    assert_eq!(p["geo_name"], "Quetta");
    assert!(!d.join("-").exists());
}

#[test]
fn a_river_or_range_that_runs_through_several_districts_gets_no_district_from_its_point() {
    // The Zhob River's point is where it leaves the province (in Khyber Pakhtunkhwa's polygons);
    // the gazetteer gives it no district, and the built-in polygons must not give it one.
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("rivers.csv");
    fs::write(&input, "location\nZhob River\nSulaiman Range\nKech River\n").unwrap();
    let out = dir.path().join("rivers.geojson");
    geocode_quietly(&input, &out, &[]);
    let v = read_json(&out);
    let got: Vec<(Value, Value)> = features(&v)
        .iter()
        .map(|f| {
            (
                f["properties"]["geo_district"].clone(),
                f["properties"]["geo_province"].clone(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (Value::Null, Value::from("Balochistan")),
            (Value::Null, Value::from("Balochistan")),
            (Value::from("Kech"), Value::from("Balochistan")),
        ]
    );
}
