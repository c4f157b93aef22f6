//! Real-world inputs: ACLED, UCDP GED and GTD layouts; dates; encodings and dialects.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use assert_cmd::prelude::*;
use serde_json::Value;

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples").join(name)
}

fn geocode(dir: &Path, input: &Path, extra: &[&str]) -> Output {
    Command::cargo_bin("incident-mapper")
        .unwrap()
        .current_dir(dir)
        .arg("geocode")
        .arg(input)
        .args(["-o", "out.geojson"])
        .args(extra)
        .output()
        .unwrap()
}

/// Runs the binary in `dir` with `args`.
fn run(dir: &Path, args: &[&std::ffi::OsStr]) -> Output {
    Command::cargo_bin("incident-mapper")
        .unwrap()
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap()
}

/// Geocodes `input` in a fresh folder and returns the features' properties.
fn geocoded(name: &str, input: &Path) -> Vec<serde_json::Map<String, Value>> {
    let d = common::workdir(name);
    let o = geocode(&d, input, &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    features(&d)
}

/// Asserts that a run failed with `code` and a message containing `needle`.
fn expect_error(o: &Output, code: i32, needle: &str) {
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(code), "{err}");
    assert!(err.contains(needle), "{err}");
}

/// The features' properties, in order.
fn features(dir: &Path) -> Vec<serde_json::Map<String, Value>> {
    let v: Value = serde_json::from_str(&fs::read_to_string(dir.join("out.geojson")).unwrap()).unwrap();
    v["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["properties"].as_object().unwrap().clone())
        .collect()
}

fn s<'a>(p: &'a serde_json::Map<String, Value>, k: &str) -> Option<&'a str> {
    p.get(k).and_then(Value::as_str)
}

#[test]
fn acled_export_is_read_through_its_schema() {
    let f = geocoded("acled", &example("acled_sample.csv"));
    assert_eq!(f.len(), 6);
    // Every original column is kept, the common model added.
    assert_eq!(s(&f[0], "event_id_cnty"), Some("PAK90001"));
    assert_eq!(s(&f[0], "event_date"), Some("02 February 2022"));
    assert_eq!(s(&f[0], "geo_date"), Some("2022-02-02"));
    assert_eq!(s(&f[0], "geo_date_precision"), Some("day"));
    assert_eq!(f[0]["geo_fatalities"], 18);
    assert_eq!(s(&f[0], "geo_event_type"), Some("Battles"));
    assert_eq!(s(&f[0], "geo_actor"), Some("BLA: Balochistan Liberation Army"));
    assert_eq!(s(&f[0], "geo_district"), Some("Panjgur"));
    assert_eq!(
        (f[0]["geo_precision"].clone(), s(&f[0], "geo_source_precision")),
        (1.into(), Some("1"))
    );
    // ACLED geo_precision 2 stays 2; 3 is a wider region's point, said so.
    assert_eq!(f[3]["geo_precision"], 2);
    assert_eq!(f[4]["geo_precision"], 3);
    let flags = s(&f[4], "geo_flags").unwrap();
    assert!(
        flags.contains("source_region_centroid") && flags.contains("negative_fatalities"),
        "{flags}"
    );
    assert_eq!(
        f[4]["geo_fatalities"],
        Value::Null,
        "a negative toll is flagged, not used"
    );
    // Properties stay flat: strings, numbers, booleans, null.
    for p in &f {
        assert!(p.values().all(|v| !v.is_array() && !v.is_object()));
    }
}

#[test]
fn ucdp_ged_ranges_precision_codes_and_violence_types() {
    let f = geocoded("ucdp", &example("ucdp_sample.csv"));
    assert_eq!(f.len(), 3);
    // A range keeps its end; a one-day "range" has none.
    assert_eq!(
        (s(&f[0], "geo_date"), s(&f[0], "geo_date_end")),
        (Some("2022-02-02"), Some("2022-02-05"))
    );
    assert_eq!(s(&f[1], "geo_date_end"), None);
    assert_eq!(f[0]["geo_fatalities"], 13, "best estimate");
    assert_eq!(s(&f[0], "geo_event_type"), Some("State-based conflict"));
    assert_eq!(s(&f[2], "geo_event_type"), Some("One-sided violence"));
    assert_eq!(s(&f[0], "geo_actor"), Some("Government of Pakistan"));
    // where_prec 3: the coordinates are Nushki district's centroid. The
    // district is the row's (the nearest town to the centroid is in Kharan).
    assert_eq!(f[1]["geo_precision"], 2);
    assert_eq!(s(&f[1], "geo_source_precision"), Some("3"));
    assert_eq!(s(&f[1], "geo_flags"), Some("source_district_centroid"));
    assert_eq!(s(&f[1], "geo_district"), Some("Nushki"));
    assert_eq!(s(&f[1], "geo_name"), None, "a centroid is no town");
    // where_prec 4: a province centroid: no district at all.
    assert_eq!(f[2]["geo_precision"], 3);
    assert_eq!(s(&f[2], "geo_flags"), Some("source_province_centroid"));
    assert_eq!(s(&f[2], "geo_district"), None);
    assert_eq!(s(&f[2], "geo_province"), Some("Balochistan"));
}

#[test]
fn gtd_split_dates_specificity_and_perpetrators() {
    let f = geocoded("gtd", &example("gtd_sample.csv"));
    assert_eq!(f.len(), 3);
    assert_eq!(s(&f[0], "geo_date"), Some("2022-02-02"));
    // iday 0: known to the month only.
    assert_eq!(
        (s(&f[2], "geo_date"), s(&f[2], "geo_date_precision")),
        (Some("2019-03-01"), Some("month"))
    );
    assert_eq!(s(&f[0], "geo_actor"), Some("Baloch Liberation Army (BLA)"));
    assert_eq!(s(&f[0], "geo_event_type"), Some("Armed Assault"));
    assert_eq!(f[1]["geo_fatalities"], 9);
    // The location is GTD's `city` (Noshki, as GTD spells it), not its free-text `location`.
    assert_eq!(s(&f[1], "geo_district"), Some("Nushki"));
    assert_eq!(s(&f[1], "geo_flags"), Some("source_district_centroid"));
    assert_eq!(f[2]["geo_precision"], 3);
    assert_eq!(s(&f[2], "geo_district"), None);
}

#[test]
fn the_schema_can_be_overridden() {
    let d = common::workdir("override");
    // Read as a generic CSV, ACLED's precision code means nothing.
    let o = geocode(&d, &example("acled_sample.csv"), &["--schema", "generic"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let f = features(&d);
    assert_eq!(s(&f[4], "geo_source_precision"), None);
    assert_eq!(f[4]["geo_precision"], 1);
    let o = geocode(&d, &example("acled_sample.csv"), &["--schema", "nonsense"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn numeric_dates_follow_the_chosen_order_and_ambiguity_is_flagged() {
    let d = common::workdir("dates");
    let csv = "location,date\nQuetta,03/04/2025\nQuetta,25/04/2025\nQuetta,March 11 2025\nQuetta,sometime\n";
    fs::write(d.join("in.csv"), csv).unwrap();
    let o = geocode(&d, Path::new("in.csv"), &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let f = features(&d);
    assert_eq!(s(&f[0], "geo_date"), Some("2025-04-03"));
    assert_eq!(s(&f[0], "geo_flags"), Some("ambiguous_date"));
    assert_eq!(
        (s(&f[1], "geo_date"), s(&f[1], "geo_flags")),
        (Some("2025-04-25"), None)
    );
    assert_eq!(s(&f[2], "geo_date"), Some("2025-03-11"));
    assert_eq!(
        (s(&f[3], "geo_date"), s(&f[3], "geo_flags")),
        (None, Some("unparsed_date"))
    );
    assert_eq!(s(&f[3], "date"), Some("sometime"), "the original is kept");
    let o = geocode(&d, Path::new("in.csv"), &["--monthfirst"]);
    assert!(o.status.success());
    let f = features(&d);
    assert_eq!(
        (s(&f[0], "geo_date"), s(&f[0], "geo_flags")),
        (Some("2025-03-04"), None)
    );
    let o = geocode(&d, Path::new("in.csv"), &["--dayfirst", "--monthfirst"]);
    assert_eq!(o.status.code(), Some(2), "the two orders exclude each other");
}

/// One small file, written in every encoding and dialect a spreadsheet produces.
fn dialects() -> Vec<(&'static str, Vec<u8>)> {
    let text = "location,admin2,date\nNoshki,Nushki,2025-03-11\n\"Suntsar area of Gwadar district\",,2025-03-12\nTurbat,Kech,2025-03-13\n";
    let utf16 = |le: bool| {
        let mut v = if le { vec![0xFF, 0xFE] } else { vec![0xFE, 0xFF] };
        for u in text.encode_utf16() {
            v.extend(if le { u.to_le_bytes() } else { u.to_be_bytes() });
        }
        v
    };
    vec![
        ("utf-8", text.as_bytes().to_vec()),
        ("utf-8 with BOM", [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat()),
        ("utf-16le with BOM", utf16(true)),
        ("utf-16be with BOM", utf16(false)),
        ("semicolons", text.replace(',', ";").into_bytes()),
        ("tabs", text.replace(',', "\t").into_bytes()),
        ("CRLF", text.replace('\n', "\r\n").into_bytes()),
        ("trailing empty line", format!("{text}\n").into_bytes()),
        (
            "quoted newline",
            text.replace(
                "\"Suntsar area of Gwadar district\"",
                "\"Suntsar area\nof Gwadar district\"",
            )
            .into_bytes(),
        ),
    ]
}

#[test]
fn every_encoding_and_dialect_gives_the_same_places() {
    let d = common::workdir("dialects");
    for (name, bytes) in dialects() {
        fs::write(d.join("in.csv"), &bytes).unwrap();
        let o = geocode(&d, Path::new("in.csv"), &[]);
        assert!(o.status.success(), "{name}: {}", String::from_utf8_lossy(&o.stderr));
        let f = features(&d);
        let got: Vec<(Option<&str>, Option<&str>)> = f.iter().map(|p| (s(p, "geo_name"), s(p, "geo_date"))).collect();
        assert_eq!(
            got,
            vec![
                (Some("Nushki"), Some("2025-03-11")),
                (Some("Suntsar"), Some("2025-03-12")),
                (Some("Turbat"), Some("2025-03-13"))
            ],
            "{name}"
        );
        assert_eq!(s(&f[0], "admin2"), Some("Nushki"), "{name}: columns read");
        assert!(!String::from_utf8_lossy(&o.stderr).contains("warning"), "{name}");
    }
}

#[test]
fn windows_1252_is_detected_converted_and_warned_about() {
    let d = common::workdir("cp1252");
    // "Quétta" and an en dash, as Excel on Windows saves them.
    fs::write(d.join("in.csv"), b"location,notes\nQu\xe9tta,attack \x96 two killed\n").unwrap();
    let o = geocode(&d, Path::new("in.csv"), &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("warning: in.csv: not UTF-8; read as Windows-1252 and converted"),
        "{err}"
    );
    let f = features(&d);
    assert_eq!(s(&f[0], "location"), Some("Quétta"));
    assert_eq!(s(&f[0], "notes"), Some("attack – two killed"));
    assert_eq!(s(&f[0], "geo_name"), Some("Quetta"));
    // Declared UTF-8, the same bytes are an error naming line and column.
    let o = geocode(&d, Path::new("in.csv"), &["--encoding", "utf-8"]);
    expect_error(
        &o,
        5,
        "in.csv:2: malformed CSV line: field 'location' (column 1) is not valid UTF-8",
    );
}

#[test]
fn count_and_map_read_the_schemas_too() {
    let d = common::workdir("count");
    let gtd = example("gtd_sample.csv");
    let o = run(
        &d,
        &[
            "count".as_ref(),
            gtd.as_os_str(),
            "--by".as_ref(),
            "month".as_ref(),
            "--format".as_ref(),
            "csv".as_ref(),
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = String::from_utf8_lossy(&o.stdout);
    // GTD's split dates become months; 2019-03 to 2022-02 without gaps would be 36 rows, but
    // only districts get zero rows: months are the ones seen.
    assert!(out.contains("2019-03,1,2\n") && out.contains("2022-02,2,22\n"), "{out}");
}

#[test]
fn output_formats_geojson_sequences_and_csv() {
    let d = common::workdir("formats");
    let input = example("acled_sample.csv");
    // By extension: .geojsons is RFC 8142, .csv is CSV; --format overrides.
    let o = run(
        &d,
        &[
            "geocode".as_ref(),
            "-q".as_ref(),
            input.as_os_str(),
            "-o".as_ref(),
            "out.geojsons".as_ref(),
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let seq = fs::read(d.join("out.geojsons")).unwrap();
    let records: Vec<&[u8]> = seq.split(|&b| b == 0x1E).filter(|r| !r.is_empty()).collect();
    assert_eq!(records.len(), 6);
    for r in &records {
        assert_eq!(r.last(), Some(&b'\n'), "each record ends with a line feed");
        let v: Value = serde_json::from_slice(r).unwrap();
        assert_eq!(v["type"], "Feature");
    }
    let first: Value = serde_json::from_slice(records[0]).unwrap();
    assert_eq!(first["geometry"]["coordinates"], serde_json::json!([64.0946, 26.9643]));
    let o = run(
        &d,
        &[
            "geocode".as_ref(),
            "-q".as_ref(),
            input.as_os_str(),
            "-o".as_ref(),
            "out.txt".as_ref(),
            "--format".as_ref(),
            "csv".as_ref(),
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mut r = csv::Reader::from_path(d.join("out.txt")).unwrap();
    let h = r.headers().unwrap().clone();
    let col = |n: &str| {
        h.iter()
            .position(|x| x == n)
            .unwrap_or_else(|| panic!("no {n} in {h:?}"))
    };
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 6);
    // The input's own coordinates are kept as src_*; latitude,longitude are the resolved point.
    assert_eq!(
        (&rows[0][col("latitude")], &rows[0][col("longitude")]),
        ("26.9643", "64.0946")
    );
    assert_eq!(&rows[0][col("src_latitude")], "26.9643");
    assert_eq!(&rows[0][col("geo_date")], "2022-02-02");
    assert_eq!(&rows[1][col("geo_district")], "Nushki");
    assert_eq!(&rows[4][col("geo_fatalities")], "", "a negative toll is not used");
}

#[test]
fn geojson_and_geojson_sequences_are_read_as_incidents() {
    let d = common::workdir("gjin");
    // A collection with a point, a feature without geometry, and a nested property (kept as JSON text).
    fs::write(
        d.join("in.geojson"),
        r#"{"type":"FeatureCollection","features":[
 {"type":"Feature","geometry":{"type":"Point","coordinates":[66.02,29.55]},"properties":{"location":"Noshki","fatalities":3}},
 {"type":"Feature","geometry":null,"properties":{"location":"Suntsar area of Gwadar district","sources":["Dawn","BBC"]}}]}"#,
    )
    .unwrap();
    let o = geocode(&d, Path::new("in.geojson"), &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let f = features(&d);
    assert_eq!(f.len(), 2);
    assert_eq!(s(&f[0], "geo_method"), Some("coordinates"));
    assert_eq!(s(&f[0], "geo_district"), Some("Nushki"));
    assert_eq!(f[0]["geo_fatalities"], 3);
    assert_eq!(s(&f[1], "geo_name"), Some("Suntsar"));
    assert_eq!(s(&f[1], "sources"), Some(r#"["Dawn","BBC"]"#));
    // The same as a sequence, newline-delimited without RS too.
    let v: Value = serde_json::from_str(&fs::read_to_string(d.join("in.geojson")).unwrap()).unwrap();
    let lines: Vec<String> = v["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.to_string())
        .collect();
    fs::write(d.join("in.geojsonl"), lines.join("\n") + "\n").unwrap();
    let o = geocode(&d, Path::new("in.geojsonl"), &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let g = features(&d);
    assert_eq!(g.len(), 2);
    assert_eq!(s(&g[1], "geo_name"), Some("Suntsar"));
    // count reads sequences as well.
    let o = run(
        &d,
        &["geocode", "-q", "in.geojson", "-o", "again.geojsons"].map(std::ffi::OsStr::new),
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = run(
        &d,
        &["count", "again.geojsons", "--format", "csv"].map(std::ffi::OsStr::new),
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("Nushki,1,3\n") && out.contains("Gwadar,1,0\n"), "{out}");
    // Broken GeoJSON: exit 5, with the position.
    fs::write(
        d.join("bad.geojson"),
        "{\"type\":\"FeatureCollection\",\"features\":[{]}",
    )
    .unwrap();
    let o = geocode(&d, Path::new("bad.geojson"), &[]);
    expect_error(&o, 5, "bad.geojson:1:42: not GeoJSON");
    // A bad coordinate in feature 2 is reported as feature 2.
    fs::write(
        d.join("badcoord.geojson"),
        r#"{"type":"FeatureCollection","features":[
 {"type":"Feature","geometry":null,"properties":{"location":"Quetta"}},
 {"type":"Feature","geometry":null,"properties":{"location":"Quetta","latitude":"95"}}]}"#,
    )
    .unwrap();
    let o = geocode(&d, Path::new("badcoord.geojson"), &[]);
    expect_error(&o, 7, "badcoord.geojson:2: field 'latitude': 95 is out of range");
}

#[test]
fn no_progress_bar_when_standard_error_is_not_a_terminal() {
    let d = common::workdir("progress");
    let rows: String = (0..20_000)
        .map(|i| format!("Quetta,2025-01-{:02}\n", i % 28 + 1))
        .collect();
    fs::write(d.join("in.csv"), format!("location,date\n{rows}")).unwrap();
    let o = geocode(&d, Path::new("in.csv"), &[]);
    assert!(o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!err.contains('\r') && !err.contains('\u{1b}'), "{err:?}");
    assert_eq!(err.lines().count(), 1, "just the summary: {err}");
    let o = geocode(&d, Path::new("in.csv"), &["--quiet"]);
    assert!(o.status.success() && o.stderr.is_empty());
}

#[test]
fn dedup_merges_reports_of_one_event_and_accounts_for_every_row() {
    let d = common::workdir("dedup");
    // Panjgur reported twice a day apart (13 kept over 4); Nushki as Nushki and Noshki;
    // a Panjgur battle 18 days later, a riot, and an undated row stay apart.
    let csv = "id,event_date,location,event_type,fatalities\n\
               A1,2022-02-02,Panjgur,Battles,4\n\
               A2,2022-02-03,Panjgur,Battles,13\n\
               A3,2022-02-02,Nushki,Battles,9\n\
               A4,2022-02-03,Noshki,battles,7\n\
               A5,2022-02-20,Panjgur,Battles,1\n\
               A6,2022-02-02,Panjgur,Riots,0\n\
               A7,,Panjgur,Battles,2\n";
    fs::write(d.join("in.csv"), csv).unwrap();
    let o = geocode(&d, Path::new("in.csv"), &["--dedup"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("7 rows: 5 written, 0 rejected, 2 merged into other rows as duplicate reports"),
        "{err}"
    );
    let f = features(&d);
    let got: Vec<(Option<&str>, Value, Option<&str>)> = f
        .iter()
        .map(|p| (s(p, "id"), p["geo_dedup_count"].clone(), s(p, "geo_dedup_ids")))
        .collect();
    assert_eq!(
        got,
        vec![
            (Some("A2"), 2.into(), Some("A1;A2")),
            (Some("A3"), 2.into(), Some("A3;A4")),
            (Some("A5"), 1.into(), Some("A5")),
            (Some("A6"), 1.into(), Some("A6")),
            (Some("A7"), 1.into(), Some("A7")),
        ]
    );
    assert_eq!(f[0]["geo_fatalities"], 13, "the highest figure is kept");
    // A window of 0 days keeps reports on different days apart; without --dedup nothing merges.
    let o = geocode(&d, Path::new("in.csv"), &["--dedup", "--dedup-days", "0"]);
    assert!(o.status.success());
    assert_eq!(features(&d).len(), 7);
    let o = geocode(&d, Path::new("in.csv"), &[]);
    assert!(o.status.success());
    let f = features(&d);
    assert_eq!(f.len(), 7);
    assert!(f.iter().all(|p| p["geo_dedup_count"].is_null()));
}

#[test]
fn coordinates_far_from_the_named_place_are_flagged_at_a_set_distance() {
    let d = common::workdir("far");
    // Quetta named, a point in Gwadar district (about 680 km away); Quetta named 5 km from its centre.
    fs::write(
        d.join("in.csv"),
        "location,latitude,longitude\nQuetta,25.30,62.33\nQuetta,30.21,67.04\n",
    )
    .unwrap();
    let o = geocode(&d, Path::new("in.csv"), &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let f = features(&d);
    assert_eq!(s(&f[0], "geo_flags"), Some("far_from_named_place"));
    assert_eq!(s(&f[0], "geo_name"), None, "the point is not Quetta");
    assert_eq!(f[0]["geo_method"], "coordinates", "the row's own point is kept");
    assert_eq!((s(&f[1], "geo_flags"), s(&f[1], "geo_name")), (None, Some("Quetta")));
    // A looser set distance accepts it; a tighter one flags the second row too.
    let o = geocode(&d, Path::new("in.csv"), &["--far-km", "1000"]);
    assert!(o.status.success());
    assert_eq!(s(&features(&d)[0], "geo_flags"), None);
    let o = geocode(&d, Path::new("in.csv"), &["--far-km", "1"]);
    assert!(o.status.success());
    assert_eq!(s(&features(&d)[1], "geo_flags"), Some("far_from_named_place"));
}

#[test]
fn a_location_longer_than_a_place_phrase_is_read_from_its_first_words() {
    let d = common::workdir("long-location");
    // A pasted paragraph of 20,000 words, and a 2 MB single "word": neither is searched whole.
    let paragraph = format!("Turbat bazaar {}", "and then the convoy moved on ".repeat(3_300));
    let blob = format!("Quetta {}", "x".repeat(2_000_000));
    fs::write(
        d.join("in.csv"),
        format!("location\n\"{paragraph}\"\n\"{blob}\"\nSuntsar area of Gwadar district\n"),
    )
    .unwrap();
    let o = geocode(&d, Path::new("in.csv"), &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let f = features(&d);
    assert_eq!(f.len(), 3, "every row kept");
    assert_eq!(s(&f[0], "geo_name"), Some("Turbat"));
    assert!(s(&f[0], "geo_flags").unwrap_or("").contains("long_location"));
    assert_eq!(s(&f[1], "geo_name"), Some("Quetta"));
    assert!(s(&f[1], "geo_flags").unwrap_or("").contains("long_location"));
    // The location is written whole; only the search is bounded.
    assert_eq!(f[1]["location"].as_str().map(str::len), Some(blob.len()));
    // A place phrase of ordinary length is not flagged.
    assert_eq!(s(&f[2], "geo_flags"), None);
    assert_eq!(s(&f[2], "geo_name"), Some("Suntsar"));
}
