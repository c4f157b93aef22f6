//! `output/` holds exactly what `cargo run --release -- run` writes on a
//! clean clone (issue 13, "a fresh clone passes"): this test runs `run` into
//! a temporary folder and compares every file byte for byte — except the
//! maps' footer line, which states the day the map was made (a user who ran
//! `run` today has today's date there): PNG rows may differ only in the
//! footer band. When an output changes on purpose, rebuild it with
//! `SOURCE_DATE_EPOCH=1796342400 cargo run --release -- run` (README).

mod common;

use std::collections::BTreeSet;
use std::fs;

/// The date in the committed maps' footers: 2026-12-04.
const EPOCH: &str = "1796342400";

#[test]
fn output_holds_exactly_what_run_writes() {
    let d = common::workdir("run-output");
    let o = std::process::Command::new(assert_cmd::cargo::cargo_bin("incident-mapper"))
        .current_dir(common::repo())
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .args(["run", "-q", "-o"])
        .arg(d.join("out"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // Files only: a folder in output/ is the user's (the README's GeoParquet recipe writes output/big/).
    let names = |dir: &std::path::Path| -> BTreeSet<String> {
        fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap())
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect()
    };
    let committed = common::repo().join("output");
    let written = names(&d.join("out"));
    assert_eq!(names(&committed), written, "output/ holds other files than run writes");
    for f in &written {
        let (a, b) = (
            fs::read(committed.join(f)).unwrap(),
            fs::read(d.join("out").join(f)).unwrap(),
        );
        let same = if f.ends_with(".png") {
            common::same_but_footer(&a, &b)
        } else {
            a == b
        };
        assert!(
            same,
            "output/{f} is not what run writes now: rebuild it with SOURCE_DATE_EPOCH={EPOCH} cargo run --release -- run"
        );
    }
}

/// `run` reads its input once and feeds every output from that pass (issue
/// 14); what it counts and draws must be what `count` and `map` read back
/// from its incidents.geojson — with and without `--dedup`.
#[test]
fn run_counts_and_draws_what_its_geojson_reads_back_as() {
    for extra in [&[][..], &["--dedup", "--dedup-days", "30"][..]] {
        let d = common::workdir(&format!("run-one-pass{}", extra.len()));
        let out = d.join("out");
        let mut args = vec!["run", "-q", "-o", out.to_str().unwrap()];
        args.extend(extra);
        // With --dedup: the example set with a second report of its third event.
        let input = d.join("with_duplicate.csv");
        let example = fs::read_to_string(common::repo().join("examples/incidents.csv")).unwrap();
        let third = example.lines().nth(3).unwrap().replacen("EX-003", "EX-003b", 1);
        fs::write(&input, format!("{example}{third}\n")).unwrap();
        if !extra.is_empty() {
            args.push(input.to_str().unwrap());
        }
        let o = common::run_in(common::repo(), &args);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let geojson = out.join("incidents.geojson");
        if !extra.is_empty() {
            let g = fs::read_to_string(&geojson).unwrap();
            assert!(
                g.contains("\"geo_dedup_ids\":\"EX-003;EX-003b\""),
                "the duplicate was not merged"
            );
        }
        let c = d.join("counts.csv");
        let o = common::run_in(
            common::repo(),
            &[
                "count",
                "-q",
                geojson.to_str().unwrap(),
                "--per-capita",
                "--format",
                "csv",
                "-o",
                c.to_str().unwrap(),
            ],
        );
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let run_counts = fs::read_to_string(out.join("counts_by_district.csv")).unwrap();
        assert!(run_counts.lines().count() > 30, "{run_counts}");
        assert_eq!(fs::read_to_string(&c).unwrap(), run_counts, "{extra:?}");

        let page = d.join("map.html");
        let o = common::run_in(
            common::repo(),
            &["map", "-q", geojson.to_str().unwrap(), "-o", page.to_str().unwrap()],
        );
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let incidents = |p: &std::path::Path| -> serde_json::Value {
            let html = fs::read_to_string(p).unwrap();
            let start = html.find("id=\"im-data\">").unwrap() + "id=\"im-data\">".len();
            let end = start + html[start..].find("</script>").unwrap();
            let v: serde_json::Value = serde_json::from_str(&html[start..end]).unwrap();
            v["incidents"].clone()
        };
        let (ran, read) = (incidents(&out.join("map.html")), incidents(&page));
        assert!(ran["n"].as_u64().unwrap() >= 20, "{ran}");
        assert_eq!(ran, read, "{extra:?}");
        // The rows' own ids travel with them (geocode's geo_precision is not taken for ACLED's).
        assert_eq!(read["id"][0], "EX-001");
    }
}
