//! GeoParquet and FlatGeobuf (issue 15): written by geocode, extract and run,
//! read back by the clients users hand them to — DuckDB and geopandas
//! (tests/clients/columnar_readback.py), GDAL's ogrinfo, the flatgeobuf and
//! parquet crates — and by count, map and chart; the same rows, points and
//! typed values as the GeoJSON of the same run.
#![cfg(feature = "columnar")]

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use arrow_array::cast::AsArray;
use arrow_array::Array;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

fn ok(o: &std::process::Output) -> String {
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(o.status.success(), "{err}");
    err
}

fn run(dir: &Path, args: &[&str]) -> String {
    ok(&common::run_in(dir, args))
}

/// Geocodes `input` (a path from the repository root) to `stem`.geojson and `stem`.parquet in `d`.
fn geocode_both(d: &Path, input: &str, stem: &str) -> (PathBuf, PathBuf) {
    let input = common::repo().join(input);
    let (g, p) = (d.join(format!("{stem}.geojson")), d.join(format!("{stem}.parquet")));
    for out in [&g, &p] {
        run(
            d,
            &["geocode", "-q", input.to_str().unwrap(), "-o", out.to_str().unwrap()],
        );
    }
    (g, p)
}

fn features(p: &Path) -> Vec<serde_json::Value> {
    let v: serde_json::Value = serde_json::from_slice(&fs::read(p).unwrap()).unwrap();
    v["features"].as_array().unwrap().clone()
}

/// The Python with duckdb and geopandas (`IM_PYTHON`, else `python3`), or a
/// visible skip — a failure in CI, which installs them.
fn python_clients() -> Option<String> {
    let py = std::env::var("IM_PYTHON").unwrap_or_else(|_| "python3".into());
    let have = Command::new(&py)
        .args(["-c", "import duckdb, geopandas, pyarrow"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !have {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install duckdb, geopandas and pyarrow (IM_PYTHON={py})"
        );
        common::skip(&format!(
            "{py} lacks duckdb/geopandas/pyarrow (pip install duckdb geopandas pyarrow; IM_PYTHON names the python)"
        ));
        return None;
    }
    Some(py)
}

fn readback(py: &str, parquet: &Path, geojson: &Path) -> serde_json::Value {
    let o = Command::new(py)
        .arg(common::repo().join("tests/clients/columnar_readback.py"))
        .args([parquet, geojson])
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "{} vs {}: {}",
        parquet.display(),
        geojson.display(),
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice(&o.stdout).unwrap()
}

#[test]
fn duckdb_and_geopandas_read_back_what_the_geojson_holds() {
    let Some(py) = python_clients() else { return };
    let d = common::workdir("columnar-clients");
    for (input, stem) in [
        ("examples/incidents.csv", "incidents"),
        ("examples/acled_sample.csv", "acled"),
        ("examples/ucdp_sample.csv", "ucdp"),
    ] {
        let (g, p) = geocode_both(&d, input, stem);
        let r = readback(&py, &p, &g);
        let n = features(&g).len() as u64;
        assert_eq!(r["duckdb_rows"], n, "{r}");
        assert_eq!(r["geopandas_rows"], n, "{r}");
        assert_eq!(r["geopandas_crs"], "OGC:CRS84", "{r}");
        assert_eq!(r["geo"]["version"], "1.1.0", "{r}");
        assert_eq!(r["geo"]["types"], serde_json::json!(["Point"]), "{r}");
    }
    // extract's candidate incidents, with the same text twice: GeoJSON and GeoParquet.
    let text = d.join("report.txt");
    fs::write(
        &text,
        "QUETTA, March 12, 2025: Four soldiers were killed when militants attacked a convoy near Noshki. \
         Separately, two people were injured in a blast in Turbat on Tuesday.\n",
    )
    .unwrap();
    let (g, p) = (d.join("x.geojson"), d.join("x.parquet"));
    for out in [&g, &p] {
        run(
            &d,
            &["extract", "-q", text.to_str().unwrap(), "-o", out.to_str().unwrap()],
        );
    }
    let n = features(&g).len();
    assert!(n >= 2, "{n} candidate incidents");
    let r = readback(&py, &p, &g);
    assert_eq!(r["duckdb_rows"], n as u64, "{r}");

    // And the other way: files geopandas and DuckDB write (their defaults: Snappy; GeoArrow or WKB points) are read.
    let script = r#"
import sys, duckdb, geopandas as gpd
from shapely.geometry import Point
g = gpd.GeoDataFrame({"location": ["Quetta", "Turbat", "Nowhere"], "fatalities": [2, 0, 1]},
                     geometry=[Point(66.99, 30.18), Point(63.05, 25.99), None], crs="OGC:CRS84")
g.to_parquet(sys.argv[1] + "/gpd.parquet")
g.to_parquet(sys.argv[1] + "/gpd_geoarrow.parquet", geometry_encoding="geoarrow")
duckdb.sql("COPY (SELECT 'Quetta' AS location, 30.18327 AS latitude, 66.9905 AS longitude) TO '"
           + sys.argv[1] + "/duck.parquet' (FORMAT parquet)")
"#;
    let o = Command::new(&py).args(["-c", script]).arg(&d).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for f in ["gpd.parquet", "gpd_geoarrow.parquet"] {
        let o = common::run_in(&d, &["count", "-q", f, "--format", "csv"]);
        ok(&o);
        let c = String::from_utf8(o.stdout).unwrap();
        assert!(c.contains("Quetta,1,2") && c.contains("Kech,1,0"), "{f}: {c}");
    }
    let o = common::run_in(&d, &["geocode", "-q", "duck.parquet", "--format", "csv"]);
    ok(&o);
    assert!(String::from_utf8(o.stdout).unwrap().contains(",coordinates,"));
}

/// The GeoParquet file itself, read with the parquet crate: the spec's
/// metadata, typed columns, zstd, a bbox column null exactly where the
/// geometry is, row groups of a bounded size with bbox statistics.
#[test]
fn geoparquet_metadata_types_and_row_groups() {
    let d = common::workdir("columnar-meta");
    // 300,000 rows with coordinates, a few unresolved.
    let mut csv = String::from("event_id,location,latitude,longitude,event_date,fatalities\n");
    for i in 0..300_000u32 {
        let (lat, lon) = (25.0 + (i % 700) as f64 / 100.0, 61.0 + (i % 900) as f64 / 100.0);
        if i % 1000 == 7 {
            csv.push_str(&format!("E{i},Nowhereabad,,,2025-03-{:02},{}\n", i % 28 + 1, i % 5));
        } else {
            csv.push_str(&format!("E{i},,{lat},{lon},2025-03-{:02},{}\n", i % 28 + 1, i % 5));
        }
    }
    let input = d.join("in.csv");
    fs::write(&input, csv).unwrap();
    let out = d.join("out.parquet");
    let err = run(&d, &["geocode", input.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(err.contains("300000 rows: 300000 written, 0 rejected"), "{err}");

    let b = ParquetRecordBatchReaderBuilder::try_new(fs::File::open(&out).unwrap()).unwrap();
    let meta = b.metadata().clone();
    let geo: serde_json::Value = serde_json::from_str(
        meta.file_metadata()
            .key_value_metadata()
            .unwrap()
            .iter()
            .find(|k| k.key == "geo")
            .and_then(|k| k.value.as_deref())
            .unwrap(),
    )
    .unwrap();
    assert_eq!(geo["version"], "1.1.0");
    assert_eq!(geo["primary_column"], "geometry");
    let g = &geo["columns"]["geometry"];
    assert_eq!(g["encoding"], "WKB");
    assert_eq!(g["geometry_types"], serde_json::json!(["Point"]));
    assert!(g.get("crs").is_none(), "no crs: OGC:CRS84 by the spec");
    assert_eq!(g["bbox"], serde_json::json!([61.0, 25.0, 69.99, 31.99]));
    assert_eq!(g["covering"]["bbox"]["xmin"], serde_json::json!(["bbox", "xmin"]));
    assert_eq!(g["covering"]["bbox"]["ymax"], serde_json::json!(["bbox", "ymax"]));
    // 128k-row groups, each with min/max statistics on the covering column, all zstd.
    assert_eq!(meta.num_row_groups(), 3);
    assert_eq!(meta.row_group(0).num_rows(), 131_072);
    for rg in meta.row_groups() {
        for c in rg.columns() {
            assert!(
                matches!(c.compression(), parquet::basic::Compression::ZSTD(_)),
                "{}",
                c.column_path()
            );
        }
        let xmin = rg
            .columns()
            .iter()
            .find(|c| c.column_path().string() == "bbox.xmin")
            .unwrap();
        let s = xmin.statistics().expect("bbox.xmin statistics");
        assert!(s.min_bytes_opt().is_some() && s.max_bytes_opt().is_some());
    }
    let schema = b.schema().clone();
    let ty = |n: &str| schema.field_with_name(n).unwrap().data_type().to_string();
    for (col, t) in [
        ("event_id", "Utf8"),
        ("fatalities", "Utf8"),
        ("geo_score", "Float64"),
        ("geo_precision", "Int64"),
        ("geo_candidates", "Int64"),
        ("geo_date", "Date32"),
        ("geo_date_end", "Date32"),
        ("geo_date_precision", "Utf8"),
        ("geo_fatalities", "Int64"),
        ("geo_dedup_count", "Int64"),
        ("geometry", "Binary"),
    ] {
        assert_eq!(ty(col), t, "{col}");
    }
    assert!(ty("bbox").starts_with("Struct"), "{}", ty("bbox"));
    // Row by row: WKB points, the bbox null exactly where the geometry is, typed values.
    let (mut rows, mut nulls) = (0usize, 0usize);
    for batch in b.build().unwrap() {
        let batch = batch.unwrap();
        let geom = batch.column_by_name("geometry").unwrap().as_binary::<i32>().clone();
        let bbox = batch.column_by_name("bbox").unwrap().as_struct().clone();
        let xmin = bbox
            .column_by_name("xmin")
            .unwrap()
            .as_primitive::<arrow_array::types::Float64Type>()
            .clone();
        let ids = batch.column_by_name("event_id").unwrap().as_string::<i32>().clone();
        let fat = batch
            .column_by_name("geo_fatalities")
            .unwrap()
            .as_primitive::<arrow_array::types::Int64Type>()
            .clone();
        let day = batch
            .column_by_name("geo_date")
            .unwrap()
            .as_primitive::<arrow_array::types::Date32Type>()
            .clone();
        for r in 0..batch.num_rows() {
            let i: u32 = ids.value(r)[1..].parse().unwrap();
            assert_eq!(i as usize, rows, "rows in input order");
            assert_eq!(fat.value(r), (i % 5) as i64);
            assert_eq!(
                day.value_as_date(r).unwrap(),
                chrono::NaiveDate::from_ymd_opt(2025, 3, i % 28 + 1).unwrap()
            );
            assert_eq!(geom.is_null(r), bbox.is_null(r));
            if i % 1000 == 7 {
                assert!(geom.is_null(r), "row {i} is unresolved: null geometry");
                nulls += 1;
            } else {
                let w = geom.value(r);
                assert_eq!(w.len(), 21);
                assert_eq!(&w[..5], &[1, 1, 0, 0, 0]);
                let x = f64::from_le_bytes(w[5..13].try_into().unwrap());
                let y = f64::from_le_bytes(w[13..21].try_into().unwrap());
                let round6 = |v: f64| (v * 1e6).round() / 1e6;
                assert_eq!(
                    (x, y),
                    (
                        round6(61.0 + (i % 900) as f64 / 100.0),
                        round6(25.0 + (i % 700) as f64 / 100.0)
                    )
                );
                assert_eq!(xmin.value(r), x);
            }
            rows += 1;
        }
    }
    assert_eq!((rows, nulls), (300_000, 300));
}

/// `count`, `map` and `chart` read a GeoParquet file as they read the GeoJSON of the same rows.
#[test]
fn count_map_and_chart_read_geoparquet_as_geojson() {
    let d = common::workdir("columnar-read");
    let (g, p) = geocode_both(&d, "examples/incidents.csv", "in");
    for by in ["district", "district,month", "event_type", "province"] {
        let out = |f: &Path| {
            let o = common::run_in(&d, &["count", "-q", f.to_str().unwrap(), "--by", by, "--format", "csv"]);
            ok(&o);
            String::from_utf8(o.stdout).unwrap()
        };
        let (a, b) = (out(&g), out(&p));
        assert!(a.lines().count() > 3, "{a}");
        assert_eq!(a, b, "count --by {by}");
    }
    for (cmd, extra) in [
        ("map", &[][..]),
        ("map", &["--style", "choropleth"][..]),
        ("chart", &[][..]),
    ] {
        let png = |f: &Path, name: &str| {
            let o = d.join(name);
            let mut args = vec![cmd, "-q", f.to_str().unwrap(), "-o", o.to_str().unwrap()];
            args.extend(extra);
            run(&d, &args);
            fs::read(o).unwrap()
        };
        // The footer's source line names the input file (longer here, two lines): the pixels above it are the same.
        assert!(
            common::same_above(&png(&g, "g.png"), &png(&p, "p.png"), 8),
            "{cmd} {extra:?}"
        );
    }
    // The summary counts the same rows.
    let line = |f: &Path| {
        let err = run(
            &d,
            &["map", f.to_str().unwrap(), "-o", d.join("m.png").to_str().unwrap()],
        );
        err.lines().last().unwrap().split(": ").nth(1).unwrap().to_string()
    };
    assert_eq!(line(&g), line(&p));
}

/// `run --format geoparquet` writes incidents.parquet and counts what the GeoJSON run counts.
#[test]
fn run_writes_geoparquet_and_counts_alike() {
    let d = common::workdir("columnar-run");
    let (a, b) = (d.join("a"), d.join("b"));
    run(common::repo(), &["run", "-q", "-o", a.to_str().unwrap()]);
    run(
        common::repo(),
        &["run", "-q", "--format", "geoparquet", "-o", b.to_str().unwrap()],
    );
    assert!(b.join("incidents.parquet").is_file());
    assert!(!b.join("incidents.geojson").exists());
    assert_eq!(
        fs::read_to_string(a.join("counts_by_district.csv")).unwrap(),
        fs::read_to_string(b.join("counts_by_district.csv")).unwrap()
    );
    let o = common::run_in(
        &d,
        &[
            "count",
            "-q",
            b.join("incidents.parquet").to_str().unwrap(),
            "--per-capita",
            "--format",
            "csv",
        ],
    );
    ok(&o);
    assert_eq!(
        String::from_utf8(o.stdout).unwrap(),
        fs::read_to_string(a.join("counts_by_district.csv")).unwrap()
    );
}

/// The README's DuckDB recipe, run as written (in a copy of its commands'
/// output folder), gives count's figures for every district of Balochistan.
#[test]
fn readme_duckdb_recipe_counts_as_count_does() {
    let Some(py) = python_clients() else { return };
    let readme = fs::read_to_string(common::repo().join("README.md")).unwrap();
    let block = |marker: &str| -> String {
        let start = readme.find(marker).unwrap_or_else(|| panic!("README has no {marker}"));
        let rest = &readme[start..];
        let open = rest.find("```").unwrap();
        let body = &rest[open..];
        let body = &body[body.find('\n').unwrap() + 1..];
        body[..body.find("```").unwrap()].to_string()
    };
    let d = common::workdir("columnar-recipe");
    // The shell commands before the query, with the binary under test.
    let bin = assert_cmd::cargo::cargo_bin("incident-mapper");
    for line in block("<!-- recipe: commands -->").lines() {
        let line = line.split('#').next().unwrap().trim();
        if line.is_empty() {
            continue;
        }
        let args: Vec<&str> = line
            .strip_prefix("cargo run --release -- ")
            .unwrap_or_else(|| panic!("a recipe command is not `cargo run --release -- ...`: {line}"))
            .split_whitespace()
            .collect();
        let o = Command::new(&bin).current_dir(&d).args(&args).output().unwrap();
        ok(&o);
    }
    let sql = block("<!-- recipe: duckdb -->");
    let script =
        "import duckdb, json, sys\nrows = duckdb.sql(sys.stdin.read()).fetchall()\nprint(json.dumps([list(r) for r in rows]))";
    let mut child = Command::new(&py)
        .current_dir(&d)
        .args(["-c", script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(sql.as_bytes()).unwrap();
    let o = child.wait_with_output().unwrap();
    ok(&o);
    let rows: Vec<(String, String, u64, u64)> = serde_json::from_slice(&o.stdout).unwrap();
    // Every district of the list, every month between the first and the last.
    let districts: std::collections::BTreeSet<&str> = rows.iter().map(|r| r.0.as_str()).collect();
    let months: std::collections::BTreeSet<&str> = rows.iter().map(|r| r.1.as_str()).collect();
    assert_eq!(districts.len(), 34);
    assert_eq!(rows.len(), districts.len() * months.len());
    // The non-zero rows are count's, for Balochistan's districts.
    let parquet = d.join("output/big/incidents.parquet");
    let o = common::run_in(
        &d,
        &[
            "count",
            "-q",
            parquet.to_str().unwrap(),
            "--by",
            "district,month",
            "--format",
            "csv",
        ],
    );
    ok(&o);
    let counted: Vec<(String, String, u64, u64)> = String::from_utf8(o.stdout)
        .unwrap()
        .lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (
                f[0].to_string(),
                f[1].to_string(),
                f[2].parse().unwrap(),
                f[3].parse().unwrap(),
            )
        })
        .filter(|r| r.2 > 0 && districts.contains(r.0.as_str()))
        .collect();
    let nonzero: Vec<_> = rows.into_iter().filter(|r| r.2 > 0).collect();
    assert!(nonzero.len() >= 10, "{nonzero:?}");
    assert_eq!(nonzero, counted);
}

/// FlatGeobuf: GDAL's ogrinfo and the flatgeobuf crate read it, with its
/// index; rows without a point are left out and the summary says so.
#[test]
fn flatgeobuf_read_by_ogrinfo_and_its_index() {
    let d = common::workdir("columnar-fgb");
    let input = common::repo().join("examples/incidents.csv");
    let (g, f) = (d.join("in.geojson"), d.join("in.fgb"));
    run(
        &d,
        &["geocode", "-q", input.to_str().unwrap(), "-o", g.to_str().unwrap()],
    );
    let err = run(&d, &["geocode", input.to_str().unwrap(), "-o", f.to_str().unwrap()]);
    let feats = features(&g);
    let located: Vec<&serde_json::Value> = feats.iter().filter(|f| !f["geometry"].is_null()).collect();
    let (n, missing) = (located.len(), feats.len() - located.len());
    assert!(missing > 0, "the example set has an unresolved row");
    assert!(
        err.contains(&format!(
            "{} rows: {n} written, {missing} without a point left out",
            feats.len()
        )),
        "{err}"
    );

    // The flatgeobuf crate: the index is there, and a window reads the points in it.
    use flatgeobuf::{FallibleStreamingIterator, FeatureProperties, FgbReader};
    let mut file = std::io::BufReader::new(fs::File::open(&f).unwrap());
    let reader = FgbReader::open(&mut file).unwrap();
    assert!(reader.header().index_node_size() > 0, "no spatial index");
    assert_eq!(reader.header().features_count(), n as u64);
    assert_eq!(reader.header().crs().unwrap().code(), 4326);
    let box_ = (60.8, 24.8, 70.4, 32.2);
    let inside = |c: &serde_json::Value| {
        let (x, y) = (c[0].as_f64().unwrap(), c[1].as_f64().unwrap());
        box_.0 <= x && x <= box_.2 && box_.1 <= y && y <= box_.3
    };
    let want: usize = located.iter().filter(|f| inside(&f["geometry"]["coordinates"])).count();
    let mut sel = reader.select_bbox(box_.0, box_.1, box_.2, box_.3).unwrap();
    let mut got = 0;
    let mut names = Vec::new();
    while let Some(feat) = sel.next().unwrap() {
        got += 1;
        names.push(feat.property::<String>("geo_name").unwrap_or_default());
        let p: i64 = feat.property("geo_precision").unwrap();
        assert!((1..=3).contains(&p));
    }
    assert_eq!(got, want, "{names:?}");
    assert!(want < n, "some points are outside the window");

    // GDAL: count, extent, SRS, field types; a spatial filter through the index.
    if !common::have_ogrinfo() {
        return;
    }
    let s = common::ogrinfo_summary(&f, &[]);
    assert!(s.contains(&format!("Feature Count: {n}")), "{s}");
    assert!(s.contains("Geometry: Point"), "{s}");
    assert!(s.contains("ID[\"EPSG\",4326]"), "{s}");
    for field in [
        "location: String",
        "geo_score: Real",
        "geo_precision: Integer64",
        "geo_candidates: Integer64",
        "geo_fatalities: Integer64",
        "geo_date: DateTime",
    ] {
        assert!(s.contains(field), "missing {field} in {s}");
    }
    let s = common::ogrinfo_summary(&f, &["-spat", "60.8", "24.8", "70.4", "32.2"]);
    assert!(s.contains(&format!("Feature Count: {want}")), "{s}");
    // Every point and value as in the GeoJSON (ogr2ogr to GeoJSON, joined on event_id).
    let back = d.join("back.geojson");
    let o = Command::new("ogr2ogr")
        .args(["-f", "GeoJSON"])
        .arg(&back)
        .arg(&f)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let back = features(&back);
    assert_eq!(back.len(), n);
    for b in &back {
        let id = &b["properties"]["event_id"];
        let a = located.iter().find(|f| &f["properties"]["event_id"] == id).unwrap();
        let xy = |f: &serde_json::Value| {
            (
                f["geometry"]["coordinates"][0].as_f64(),
                f["geometry"]["coordinates"][1].as_f64(),
            )
        };
        assert_eq!(xy(a), xy(b), "{id}");
        for k in ["geo_name", "geo_district", "location"] {
            assert_eq!(a["properties"][k], b["properties"][k], "{id} {k}");
        }
        for k in ["geo_score", "geo_precision", "geo_fatalities"] {
            assert_eq!(a["properties"][k].as_f64(), b["properties"][k].as_f64(), "{id} {k}");
        }
        let day = |v: &serde_json::Value| v.as_str().map(|s| s[..10].to_string());
        assert_eq!(
            day(&a["properties"]["geo_date"]),
            day(&b["properties"]["geo_date"]),
            "{id}"
        );
    }
}

/// A file of only unresolved rows: valid GeoParquet with no extent (no
/// `bbox` in the metadata, every geometry null) that count reads back.
#[test]
fn geoparquet_without_a_single_point() {
    let d = common::workdir("columnar-empty");
    let input = d.join("in.csv");
    fs::write(
        &input,
        "location,event_date\nNowhereabad,2025-01-02\nZzyzx Qqq,2025-02-03\n",
    )
    .unwrap();
    let out = d.join("out.parquet");
    run(
        &d,
        &["geocode", "-q", input.to_str().unwrap(), "-o", out.to_str().unwrap()],
    );
    let b = ParquetRecordBatchReaderBuilder::try_new(fs::File::open(&out).unwrap()).unwrap();
    let kv = b.metadata().file_metadata().key_value_metadata().unwrap().clone();
    let geo = kv.iter().find(|k| k.key == "geo").expect("geo metadata").clone();
    let geo: serde_json::Value = serde_json::from_str(geo.value.as_deref().unwrap()).unwrap();
    assert!(geo["columns"]["geometry"].get("bbox").is_none(), "{geo}");
    assert_eq!(b.metadata().file_metadata().num_rows(), 2);
    let o = common::run_in(&d, &["count", "-q", out.to_str().unwrap(), "--format", "csv"]);
    ok(&o);
    assert!(String::from_utf8(o.stdout).unwrap().contains("(no location),2,0"));
}

/// WKB of a point.
fn wkb_point(x: f64, y: f64) -> Vec<u8> {
    let mut w = vec![1u8, 1, 0, 0, 0];
    w.extend(x.to_le_bytes());
    w.extend(y.to_le_bytes());
    w
}

/// Writes `columns` (name, array) as a Parquet file with `compression` and,
/// unless empty, the `geo` metadata given — as another tool would write one.
fn write_parquet(
    path: &Path,
    columns: Vec<(&str, arrow_array::ArrayRef)>,
    geo: &str,
    compression: parquet::basic::Compression,
) {
    let batch = arrow_array::RecordBatch::try_from_iter(columns).unwrap();
    let props = parquet::file::properties::WriterProperties::builder()
        .set_compression(compression)
        .build();
    let mut w =
        parquet::arrow::ArrowWriter::try_new(fs::File::create(path).unwrap(), batch.schema(), Some(props)).unwrap();
    w.write(&batch).unwrap();
    if !geo.is_empty() {
        w.append_key_value_metadata(parquet::file::metadata::KeyValue::new("geo".into(), Some(geo.into())));
    }
    w.close().unwrap();
}

/// A small GeoParquet file: `location` and a WKB point per row, with the given `geo` metadata.
fn handmade(path: &Path, geo: &str, points: &[Option<(f64, f64)>]) {
    use std::sync::Arc;
    let loc: arrow_array::StringArray = (0..points.len()).map(|i| Some(format!("place {i}"))).collect();
    let geom: arrow_array::BinaryArray = points.iter().map(|p| p.map(|(x, y)| wkb_point(x, y))).collect();
    write_parquet(
        path,
        vec![("location", Arc::new(loc)), ("geometry", Arc::new(geom))],
        geo,
        parquet::basic::Compression::UNCOMPRESSED,
    );
}

const WKB_POINTS: &str =
    r#"{"version":"1.1.0","primary_column":"geometry","columns":{"geometry":{"encoding":"WKB","geometry_types":[]}}}"#;

/// What other tools write: Snappy and gzip (pyarrow's, DuckDB's and Spark's
/// defaults), decimal coordinates, timestamps in a time zone, a polygon, a
/// broken geometry — read, located, dated as their writer meant.
#[test]
fn parquet_as_other_tools_write_it() {
    use arrow_array::{ArrayRef, BinaryArray, Decimal128Array, StringArray, TimestampMillisecondArray};
    use parquet::basic::{Compression, GzipLevel};
    use std::sync::Arc;
    let d = common::workdir("columnar-foreign");
    let ids: ArrayRef = Arc::new(StringArray::from(vec!["a", "b", "c"]));
    let loc: ArrayRef = Arc::new(StringArray::from(vec!["Quetta", "Turbat", "Gwadar"]));
    // Midnight in Karachi on 5, 6 and 7 January 2024 (19:00 UTC the day before).
    let day0 = chrono::NaiveDate::from_ymd_opt(2024, 1, 4)
        .unwrap()
        .and_hms_opt(19, 0, 0)
        .unwrap();
    let ms: Vec<i64> = (0..3)
        .map(|k| (day0 + chrono::Days::new(k)).and_utc().timestamp_millis())
        .collect();
    let when: ArrayRef = Arc::new(TimestampMillisecondArray::from(ms).with_timezone("Asia/Karachi"));
    let lat: ArrayRef = Arc::new(
        Decimal128Array::from(vec![30_183_270i128, 26_004_100, 25_126_390])
            .with_precision_and_scale(9, 6)
            .unwrap(),
    );
    let lon: ArrayRef = Arc::new(
        Decimal128Array::from(vec![66_990_500i128, 63_044_300, 62_322_450])
            .with_precision_and_scale(9, 6)
            .unwrap(),
    );
    for (name, c) in [
        ("snappy.parquet", Compression::SNAPPY),
        ("gzip.parquet", Compression::GZIP(GzipLevel::default())),
        ("lz4.parquet", Compression::LZ4_RAW),
    ] {
        let p = d.join(name);
        write_parquet(
            &p,
            vec![
                ("event_id", ids.clone()),
                ("location", loc.clone()),
                ("event_date", when.clone()),
                ("latitude", lat.clone()),
                ("longitude", lon.clone()),
            ],
            "",
            c,
        );
        let out = d.join(format!("{name}.csv"));
        run(&d, &["geocode", "-q", p.to_str().unwrap(), "-o", out.to_str().unwrap()]);
        let text = fs::read_to_string(&out).unwrap();
        let mut rows = csv::Reader::from_reader(text.as_bytes());
        let h = rows.headers().unwrap().clone();
        let col = |n: &str| h.iter().position(|x| x == n).unwrap();
        let rows: Vec<csv::StringRecord> = rows.records().map(|r| r.unwrap()).collect();
        assert_eq!(rows.len(), 3, "{name}");
        for (k, r) in rows.iter().enumerate() {
            assert_eq!(
                &r[col("geo_method")],
                "coordinates",
                "{name}: decimal coordinates are read"
            );
            assert_eq!(
                &r[col("geo_date")],
                format!("2024-01-0{}", 5 + k),
                "{name}: Karachi's day"
            );
        }
        assert_eq!(&rows[0][col("latitude")], "30.18327");
    }

    // A polygon among points, and a geometry that is not WKB: noted and rejected (with its values).
    let mut poly = vec![1u8, 3, 0, 0, 0, 1, 0, 0, 0, 4, 0, 0, 0];
    for (x, y) in [(66.0, 30.0), (67.0, 30.0), (67.0, 31.0), (66.0, 30.0)] {
        poly.extend(f64::to_le_bytes(x));
        poly.extend(f64::to_le_bytes(y));
    }
    let geom: ArrayRef = Arc::new(BinaryArray::from(vec![
        Some(wkb_point(66.99, 30.18).as_slice()),
        Some(poly.as_slice()),
        Some(b"\x01\x02garbage".as_slice()),
    ]));
    let mixed = d.join("mixed.parquet");
    write_parquet(
        &mixed,
        vec![("event_id", ids.clone()), ("location", loc.clone()), ("geometry", geom)],
        WKB_POINTS,
        Compression::SNAPPY,
    );
    let rejects = d.join("rejects.csv");
    let o = common::run_in(
        &d,
        &[
            "count",
            mixed.to_str().unwrap(),
            "--format",
            "csv",
            "--on-error",
            "skip",
            "--rejects",
            rejects.to_str().unwrap(),
        ],
    );
    let err = ok(&o);
    assert!(err.contains("1 rows have a geometry that is not a point"), "{err}");
    let r = fs::read_to_string(&rejects).unwrap();
    assert!(r.contains(",c,Gwadar,"), "the rejected row keeps its values: {r}");
    assert!(r.contains("not WKB"), "{r}");
    // The polygon's row is located by its name (Turbat, in Kech); the point in Quetta.
    let counts = String::from_utf8(o.stdout).unwrap();
    assert!(counts.contains("Quetta,1,") && counts.contains("Kech,1,"), "{counts}");

    // A file that declares only polygons: located by name, and a note says why its geometry was not used.
    let polys = d.join("polygons.parquet");
    let geom: ArrayRef = Arc::new(BinaryArray::from(vec![Some(poly.as_slice()); 3]));
    write_parquet(
        &polys,
        vec![("event_id", ids.clone()), ("location", loc.clone()), ("geometry", geom)],
        r#"{"version":"1.1.0","primary_column":"geometry","columns":{"geometry":{"encoding":"WKB","geometry_types":["Polygon"]}}}"#,
        Compression::SNAPPY,
    );
    let o = common::run_in(&d, &["count", polys.to_str().unwrap(), "--format", "csv"]);
    let err = ok(&o);
    assert!(err.contains("the geometry holds Polygon, not points"), "{err}");
    assert!(String::from_utf8(o.stdout).unwrap().contains("Quetta,1,"));

    // An input column named like the geometry or its covering: renamed, so the file stays readable.
    let input = d.join("clash.csv");
    fs::write(&input, "id,location,geometry,BBOX\n1,Quetta,POINT(1 2),b\n").unwrap();
    let out = d.join("clash.parquet");
    run(
        &d,
        &["geocode", "-q", input.to_str().unwrap(), "-o", out.to_str().unwrap()],
    );
    let b = ParquetRecordBatchReaderBuilder::try_new(fs::File::open(&out).unwrap()).unwrap();
    let names: Vec<String> = b.schema().fields().iter().map(|f| f.name().clone()).collect();
    for n in ["src_geometry", "src_BBOX", "geometry", "bbox"] {
        assert_eq!(
            names.iter().filter(|x| x.eq_ignore_ascii_case(n)).count(),
            1,
            "{n} in {names:?}"
        );
    }
    let o = common::run_in(&d, &["count", "-q", out.to_str().unwrap(), "--format", "csv"]);
    assert!(String::from_utf8(ok_out(&o)).unwrap().contains("Quetta,1,"));

    // FlatGeobuf is written, not read: a clear refusal.
    let fgb = d.join("x.fgb");
    run(
        &d,
        &["geocode", "-q", input.to_str().unwrap(), "-o", fgb.to_str().unwrap()],
    );
    let o = common::run_in(&d, &["count", fgb.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&o.stderr).contains("FlatGeobuf is written here, not read"));
}

fn ok_out(o: &std::process::Output) -> Vec<u8> {
    ok(o);
    o.stdout.clone()
}

/// A run that fails after it started streaming GeoParquet to standard
/// output leaves it without a footer — no reader takes it for a whole file —
/// and says so.
#[test]
fn a_failed_stream_is_not_a_whole_file() {
    let d = common::workdir("columnar-stream");
    let input = d.join("in.csv");
    let mut csv = String::from("location,event_date\n");
    for i in 0..40_000 {
        csv.push_str(if i == 39_000 {
            ",2025-01-02\n"
        } else {
            "Quetta,2025-01-02\n"
        });
    }
    fs::write(&input, csv).unwrap();
    for format in ["geoparquet", "fgb"] {
        let o = common::run_in(&d, &["geocode", input.to_str().unwrap(), "--format", format, "-o", "-"]);
        assert_eq!(o.status.code(), Some(6), "{format}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains("standard output is incomplete"), "{format}: {err}");
        let part = d.join(format!("part.{}", if format == "fgb" { "fgb" } else { "parquet" }));
        fs::write(&part, &o.stdout).unwrap();
        if format == "geoparquet" {
            assert!(ParquetRecordBatchReaderBuilder::try_new(fs::File::open(&part).unwrap()).is_err());
        } else {
            let mut f = std::io::BufReader::new(fs::File::open(&part).unwrap());
            assert!(flatgeobuf::FgbReader::open(&mut f).is_err(), "no FlatGeobuf header");
        }
    }
}

/// Every row unresolved: a FlatGeobuf of no features (without an index,
/// which GDAL cannot open when it indexes nothing).
#[test]
fn flatgeobuf_without_a_feature_opens() {
    let d = common::workdir("columnar-fgb-empty");
    let input = d.join("in.csv");
    fs::write(&input, "id,location\n1,Nowhere-ville\n").unwrap();
    let out = d.join("out.fgb");
    let err = run(&d, &["geocode", input.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(err.contains("1 rows: 0 written, 1 without a point left out"), "{err}");
    let mut f = std::io::BufReader::new(fs::File::open(&out).unwrap());
    let r = flatgeobuf::FgbReader::open(&mut f).unwrap();
    assert_eq!(r.header().features_count(), 0);
    if !common::have_ogrinfo() {
        return;
    }
    let s = common::ogrinfo_summary(&out, &[]);
    assert!(s.contains("Feature Count: 0"), "{s}");
}

#[test]
fn geoparquet_input_errors_name_the_file_and_exit_accordingly() {
    let d = common::workdir("columnar-errors");
    // A projected CRS: refused (exit 7), not read as degrees.
    let utm = d.join("utm.parquet");
    handmade(
        &utm,
        r#"{"version":"1.1.0","primary_column":"geometry","columns":{"geometry":{"encoding":"WKB","geometry_types":["Point"],
            "crs":{"type":"ProjectedCRS","name":"WGS 84 / UTM zone 42N","id":{"authority":"EPSG","code":32642}}}}}"#,
        &[Some((350000.0, 3340000.0))],
    );
    let o = common::run_in(&d, &["count", utm.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(7));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("utm.parquet") && err.contains("WGS 84 / UTM zone 42N"),
        "{err}"
    );
    // `geo` metadata that is not GeoParquet's, or names a column it does not describe or the file lacks: exit 4.
    for (name, geo, says) in [
        (
            "badjson.parquet",
            "{not json",
            "its GeoParquet metadata (key `geo`) cannot be read",
        ),
        (
            "undescribed.parquet",
            r#"{"version":"1.1.0","primary_column":"geom","columns":{"geometry":{"encoding":"WKB","geometry_types":[]}}}"#,
            "names `geom` the primary column but does not describe it",
        ),
        (
            "missing.parquet",
            r#"{"version":"1.1.0","primary_column":"geom","columns":{"geom":{"encoding":"WKB","geometry_types":[]}}}"#,
            "the geometry column `geom` is not in the file",
        ),
    ] {
        let p = d.join(name);
        handmade(&p, geo, &[Some((66.99, 30.18))]);
        let o = common::run_in(&d, &["count", p.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(4), "{name}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(name) && err.contains(says), "{name}: {err}");
    }
    // Not Parquet at all.
    let fake = d.join("fake.parquet");
    fs::write(&fake, "location\nQuetta\n").unwrap();
    let o = common::run_in(&d, &["count", fake.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&o.stderr).contains("fake.parquet: cannot read: not a Parquet file"));
    // EPSG:4326 and CRS84 spelled out are read; a null geometry is a row without a point.
    let ll = d.join("ll.parquet");
    handmade(
        &ll,
        r#"{"version":"1.0.0","primary_column":"geometry","columns":{"geometry":{"encoding":"WKB","geometry_types":[],
            "crs":{"id":{"authority":"EPSG","code":4326}}}}}"#,
        &[Some((66.99, 30.18)), None, Some((63.05, 25.99))],
    );
    let o = common::run_in(&d, &["count", "-q", ll.to_str().unwrap(), "--format", "csv"]);
    ok(&o);
    let s = String::from_utf8(o.stdout).unwrap();
    assert!(s.contains("Quetta,1,") && s.contains("Kech,1,"), "{s}");
    // Plain Parquet (no `geo` metadata) with a location column reads like a CSV.
    let plain = d.join("plain.parquet");
    handmade(&plain, "", &[Some((1.0, 2.0))]);
    let o = common::run_in(&d, &["count", "-q", plain.to_str().unwrap(), "--format", "csv"]);
    ok(&o);
}

/// A failing geocode leaves no half-written GeoParquet or FlatGeobuf file.
#[test]
fn a_failed_run_leaves_no_table() {
    let d = common::workdir("columnar-atomic");
    let input = d.join("in.csv");
    let mut csv = String::from("location,event_date\n");
    for _ in 0..70_000 {
        csv.push_str("Quetta,2025-01-02\n");
    }
    csv.push_str("\"unterminated,2025-01-02\nQuetta\n");
    fs::write(&input, csv).unwrap();
    for name in ["out.parquet", "out.fgb"] {
        let out = d.join(name);
        let o = common::run_in(&d, &["geocode", input.to_str().unwrap(), "-o", out.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(5), "{}", String::from_utf8_lossy(&o.stderr));
        assert!(!out.exists(), "{name} was left behind");
        let left: Vec<_> = fs::read_dir(&d).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(left.len(), 1, "{left:?}");
    }
}

/// The CSV side outputs refuse a table's name: CSV under `.parquet` would be refused by every Parquet reader.
#[test]
fn csv_side_outputs_refuse_a_table_name() {
    let d = common::workdir("columnar-side");
    let input = common::repo().join("examples/incidents.csv");
    let input = input.to_str().unwrap();
    let text = d.join("t.txt");
    fs::write(&text, "Two soldiers were killed in Turbat.\n").unwrap();
    let cases: &[&[&str]] = &[
        &["geocode", input, "-o", "out.parquet", "--unmatched", "u.parquet"],
        &[
            "geocode",
            input,
            "-o",
            "out.parquet",
            "--on-error",
            "skip",
            "--rejects",
            "r.fgb",
        ],
        &["count", input, "--on-error", "skip", "--rejects", "r.geoparquet"],
        &["run", input, "-o", "o", "--on-error", "skip", "--rejects", "r.parquet"],
        &[
            "extract",
            text.to_str().unwrap(),
            "-o",
            "x.parquet",
            "--incidents",
            "i.parquet",
        ],
    ];
    for args in cases {
        let o = common::run_in(&d, args);
        assert_eq!(o.status.code(), Some(11), "{args:?}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains("is written as CSV"), "{args:?}: {err}");
    }
    let left: Vec<_> = fs::read_dir(&d).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(left.len(), 1, "nothing written: {left:?}");
}
