//! One input model, one voice (issue 12, items 10 and "tests and done"):
//! every command that reads incidents gives the same verdict — exit code and
//! message — on the same bad input, and accounts for every row of an input
//! holding each bad value: read = written (or counted) + rejected.

mod common;

use std::fs;

use common::workdir;

use common::run_in as run;

/// The commands that read incidents, each writing into `d`.
fn commands(input: &str) -> Vec<Vec<String>> {
    let v = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    vec![
        v(&["geocode", input, "-o", "out.geojson"]),
        v(&["count", input, "-o", "counts.csv"]),
        v(&["map", input, "-o", "map.png"]),
        v(&["chart", input, "-o", "chart.png"]),
    ]
}

#[test]
fn every_command_gives_the_same_verdict_on_the_same_bad_input() {
    let d = workdir("same");
    let polygon = r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"district":"Kech"},
        "geometry":{"type":"Polygon","coordinates":[[[62,25],[64,25],[64,27],[62,25]]]}}]}"#;
    let mut noise = Vec::new();
    let mut x: u32 = 12345;
    for _ in 0..3000 {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
        noise.push((x >> 16) as u8);
    }
    let cases: Vec<(&str, Vec<u8>, i32, &str)> = vec![
        ("empty.csv", vec![], 4, "empty.csv: the file is empty"),
        (
            "nolocation.csv",
            b"name,date\nTurbat,2025-03-01\n".to_vec(),
            4,
            "nolocation.csv: no location column",
        ),
        (
            "fields.csv",
            b"location,date\nTurbat,2025-03-01,extra\n".to_vec(),
            5,
            "fields.csv:2: malformed CSV line",
        ),
        (
            "quote.csv",
            b"location,date\n\"Turbat,2025-03-01\n".to_vec(),
            5,
            "quote.csv:2: malformed CSV line",
        ),
        (
            "emptyloc.csv",
            b"location,date\n,2025-03-01\n".to_vec(),
            6,
            "emptyloc.csv:2: field 'location' is empty",
        ),
        (
            "coords.csv",
            b"location,latitude,longitude\nTurbat,95,63\n".to_vec(),
            7,
            "coords.csv:2: field 'latitude'",
        ),
        (
            "polygons.geojson",
            polygon.as_bytes().to_vec(),
            4,
            "polygons.geojson: no feature is a point",
        ),
        ("noise.geojson", noise.clone(), 5, "noise.geojson:1:1: not GeoJSON"),
        (
            "empty.geojson",
            br#"{"type":"FeatureCollection","features":[]}"#.to_vec(),
            4,
            "empty.geojson: the collection has no features",
        ),
        (
            "brokenfeature.geojson",
            b"{\"type\":\"FeatureCollection\",\n\"features\":[{\"type\":\"Feature\",\"properties\":{\"location\":}}]}"
                .to_vec(),
            5,
            "brokenfeature.geojson:2:",
        ),
    ];
    for (name, bytes, code, needle) in &cases {
        fs::write(d.join(name), bytes).unwrap();
        for args in commands(name) {
            let a: Vec<&str> = args.iter().map(String::as_str).collect();
            let o = run(&d, &a);
            let err = String::from_utf8_lossy(&o.stderr);
            assert_eq!(o.status.code(), Some(*code), "{a:?}: {err}");
            let first = err.lines().next().unwrap_or("");
            assert!(
                first.starts_with("incident-mapper: error: ") && first.contains(needle),
                "{a:?}: {err}"
            );
        }
        for out in ["out.geojson", "counts.csv", "map.png", "chart.png"] {
            assert!(!d.join(out).exists(), "{name}: a failed run left {out}");
        }
    }
    // Missing files and folders: exit 3 everywhere.
    fs::create_dir_all(d.join("folder.csv")).unwrap();
    for name in ["missing.csv", "missing.geojson", "folder.csv"] {
        for args in commands(name) {
            let a: Vec<&str> = args.iter().map(String::as_str).collect();
            let o = run(&d, &a);
            assert_eq!(
                o.status.code(),
                Some(3),
                "{a:?}: {}",
                String::from_utf8_lossy(&o.stderr)
            );
            assert!(String::from_utf8_lossy(&o.stderr).contains(name));
        }
    }
}

/// The numbers in a summary line, in order.
fn numbers(s: &str) -> Vec<u64> {
    s.split(|c: char| !c.is_ascii_digit())
        .filter_map(|w| w.parse().ok())
        .collect()
}

#[test]
fn every_command_accounts_for_every_row_of_an_input_holding_each_bad_value() {
    let d = workdir("accounts");
    fs::write(
        d.join("bad.csv"),
        "id,date,location,latitude,longitude,fatalities\n\
         1,2025-03-01,Turbat,,,2\n\
         2,2025-03-02,,,,1\n\
         3,2025-03-03,Gwadar,95,62,0\n\
         4,2025-03-04,Quetta,,,1e308\n\
         5,2205-01-01,Panjgur,,,3\n\
         6,2025-03-06,Khuzdar,,,2.5\n\
         7,2025-03-07,\"Mastung,,,1\n\
         8,not a date,Noshki,,,4\n\
         9,2025-03-09,Fexaqacu,,,1\n",
    )
    .unwrap();
    // Lines 3 and 4 are rejected (empty location, latitude out of range); the unterminated
    // quote on line 8 runs to the end of the file: one malformed row, rejected. Seven rows.
    let rows = 7u64;
    let rejected = 3u64;
    let skip = ["--on-error", "skip"];
    let o = run(&d, &[&["geocode", "bad.csv", "-o", "out.geojson"][..], &skip].concat());
    let err = String::from_utf8_lossy(&o.stderr).to_string();
    assert!(o.status.success(), "{err}");
    let line = err.lines().find(|l| l.contains(" rows: ")).unwrap();
    let n = numbers(line);
    assert_eq!((n[0], n[1], n[2]), (rows, rows - rejected, rejected), "{line}");
    let written: serde_json::Value = serde_json::from_str(&fs::read_to_string(d.join("out.geojson")).unwrap()).unwrap();
    assert_eq!(written["features"].as_array().unwrap().len() as u64, rows - rejected);
    let rejects = csv::Reader::from_path(d.join("out.rejects.csv"))
        .unwrap()
        .records()
        .count();
    assert_eq!(rejects as u64, rejected);

    let o = run(&d, &[&["count", "bad.csv", "-o", "c.csv"][..], &skip].concat());
    let err = String::from_utf8_lossy(&o.stderr).to_string();
    let line = err.lines().find(|l| l.contains("rows read")).unwrap();
    let n = numbers(line);
    assert_eq!((n[0], n[1], n[2]), (rows, rows - rejected, rejected), "{line}");
    assert!(
        line.contains("3 with a date or fatality figure out of bounds"),
        "{line}"
    );

    let o = run(&d, &[&["map", "bad.csv", "-o", "m.png"][..], &skip].concat());
    let err = String::from_utf8_lossy(&o.stderr).to_string();
    let line = err.lines().find(|l| l.contains("rows read")).unwrap();
    let n = numbers(line);
    // drawn + outside + unlocated = kept; kept + rejected = read.
    assert_eq!(n[0] + n[1] + n[2] + rejected, rows, "{line}");
    assert_eq!((n[3], n[4]), (rows, rejected), "{line}");

    let o = run(&d, &[&["chart", "bad.csv", "-o", "c.png"][..], &skip].concat());
    let err = String::from_utf8_lossy(&o.stderr).to_string();
    let line = err.lines().find(|l| l.contains("rows read")).unwrap();
    let n = numbers(line);
    assert_eq!((n[1] + rejected, n[2], n[3]), (rows, rows, rejected), "{line}");

    // The geocoded GeoJSON read back gives the same counts as the CSV.
    let a = run(
        &d,
        &[
            "count",
            "bad.csv",
            "--on-error",
            "skip",
            "--format",
            "csv",
            "--by",
            "district,month",
            "-o",
            "-",
        ],
    );
    let b = run(
        &d,
        &["count", "out.geojson", "--format", "csv", "--by", "district,month"],
    );
    assert_eq!(String::from_utf8_lossy(&a.stdout), String::from_utf8_lossy(&b.stdout));
}
