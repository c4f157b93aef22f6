//! Figures a user acts on (issue 12, "wrong figures with exit 0"): date
//! filters read as dates, values out of bounds flagged and left out of sums
//! and time bins, and typed fields that GDAL reads as numbers and dates.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use assert_cmd::prelude::*;

use common::workdir;

fn write(d: &Path, name: &str, text: &str) -> PathBuf {
    let p = d.join(name);
    fs::write(&p, text).unwrap();
    p
}

fn run(args: &[&str], files: &[&Path]) -> Output {
    let mut c = Command::cargo_bin("incident-mapper").unwrap();
    c.args(args);
    for f in files {
        c.arg(f);
    }
    c.output().unwrap()
}

/// `count --format csv` as (key, incidents, fatalities) rows.
fn counts(out: &Output) -> Vec<(String, u64, f64)> {
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .skip(1)
        .map(|l| {
            let c: Vec<&str> = l.rsplitn(3, ',').collect();
            (c[2].to_string(), c[1].parse().unwrap(), c[0].parse().unwrap())
        })
        .collect()
}

const MARCH: &str = "id,date,location,fatalities
1,2025-02-28,Turbat,1
2,2025-03-01,Turbat,2
3,15/03/2025,Gwadar,3
4,31 March 2025,Quetta,4
5,2025-04-01,Quetta,5
6,March 2025,Panjgur,6
";

fn total(rows: &[(String, u64, f64)]) -> (u64, f64) {
    rows.iter().fold((0, 0.0), |a, r| (a.0 + r.1, a.1 + r.2))
}

#[test]
fn from_and_to_are_dates_read_like_the_input_s() {
    let d = workdir("range");
    let inp = write(&d, "in.csv", MARCH);
    let by_month = |from: &str, to: &str| {
        let o = run(
            &[
                "count", "-q", "--format", "csv", "--by", "month", "--from", from, "--to", to,
            ],
            &[&inp],
        );
        counts(&o)
    };
    // Day-first numeric dates, as the input's reader reads them: March only.
    let r = by_month("01/03/2025", "31/03/2025");
    assert_eq!(r, vec![("2025-03".to_string(), 4, 15.0)], "{r:?}");
    // A month as a bound: from its first day to its last.
    assert_eq!(by_month("2025-03", "2025-03"), r);
    assert_eq!(by_month("March 2025", "2025-03-31"), r);
    // A month-dated incident counts from the first of its month.
    let r = by_month("2025-03-02", "2025-12-31");
    assert_eq!(total(&r), (3, 12.0), "{r:?}");
    // A year as --to runs to 31 December.
    let r = by_month("2025-03-31", "2025");
    assert_eq!(total(&r), (2, 9.0), "{r:?}");
}

#[test]
fn an_unreadable_date_option_is_a_usage_error_naming_it() {
    let d = workdir("badopt");
    let inp = write(&d, "in.csv", MARCH);
    for cmd in [
        vec!["count"],
        vec!["map", "-o", d.join("m.png").to_str().unwrap()],
        vec!["chart", "-o", d.join("c.png").to_str().unwrap()],
    ] {
        for (opt, bad) in [("--from", "garbage"), ("--to", "2025-02-30"), ("--from", "31/31/2025")] {
            let mut args = cmd.clone();
            args.extend([opt, bad]);
            let o = run(&args, &[&inp]);
            let err = String::from_utf8_lossy(&o.stderr);
            assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
            assert!(err.contains(opt) && err.contains(bad), "{args:?}: {err}");
        }
    }
    assert!(!d.join("m.png").exists() && !d.join("c.png").exists());
    // A bound that reads only month first is refused without --monthfirst's order... and taken with it.
    let o = run(&["count", "-q", "--monthfirst", "--from", "03/31/2025"], &[&inp]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = run(&["count", "-q", "--from", "03/31/2025"], &[&inp]);
    assert_eq!(o.status.code(), Some(2));
    // --from after --to keeps nothing: refused.
    let o = run(&["count", "-q", "--from", "2025-04-01", "--to", "2025-03-01"], &[&inp]);
    assert_eq!(o.status.code(), Some(2), "{}", String::from_utf8_lossy(&o.stderr));
}

const BAD_VALUES: &str = "id,date,location,fatalities
1,2025-03-01,Turbat,2
2,2025-03-02,Gwadar,1e308
3,2025-03-03,Quetta,2.5
4,2205-01-01,Panjgur,3
5,1850-06-01,Khuzdar,4
6,2025-03-04,Mastung,-1
7,2025-03-05,Turbat,7
";

#[test]
fn values_out_of_bounds_are_flagged_and_left_out_of_sums_and_bins() {
    let d = workdir("bounds");
    let inp = write(&d, "in.csv", BAD_VALUES);
    // Every row counted as an incident; only plausible fatalities summed.
    let o = run(&["count", "--format", "csv", "--by", "province"], &[&inp]);
    let err = String::from_utf8_lossy(&o.stderr).to_string();
    assert_eq!(total(&counts(&o)), (7, 2.0 + 3.0 + 4.0 + 7.0), "{err}");
    assert!(err.contains("7 rows read, 7 counted"), "{err}");
    assert!(err.contains("5 with a date or fatality figure out of bounds"), "{err}");
    // Years 2205 and 1850 make no month bins: the months run within March 2025.
    let o = run(&["count", "-q", "--format", "csv", "--by", "district,month"], &[&inp]);
    let rows = counts(&o);
    let months: std::collections::BTreeSet<String> = rows
        .iter()
        .map(|r| r.0.rsplit(',').next().unwrap().to_string())
        .collect();
    assert_eq!(
        months.into_iter().collect::<Vec<_>>(),
        vec!["(unknown)".to_string(), "2025-03".to_string()]
    );
    // geocode keeps every row, with the original column as written and the flag.
    let out = d.join("out.geojson");
    let o = run(&["geocode", "-q", "-o", out.to_str().unwrap()], &[&inp]);
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_str(&fs::read_to_string(&out).unwrap()).unwrap();
    let f = v["features"].as_array().unwrap();
    assert_eq!(f.len(), 7);
    let flags = |i: usize| f[i]["properties"]["geo_flags"].as_str().unwrap_or("").to_string();
    assert_eq!(f[1]["properties"]["fatalities"], "1e308");
    assert!(f[1]["properties"]["geo_fatalities"].is_null());
    assert!(flags(1).contains("implausible_fatalities"), "{}", flags(1));
    assert!(flags(2).contains("fractional_fatalities"), "{}", flags(2));
    assert!(flags(3).contains("implausible_date") && f[3]["properties"]["geo_date"].is_null());
    assert!(flags(4).contains("implausible_date"));
    assert!(flags(5).contains("negative_fatalities"));
    assert_eq!(flags(6), "");
    // Reading that GeoJSON back gives the same sums.
    let o = run(&["count", "-q", "--format", "csv", "--by", "province"], &[&out]);
    assert_eq!(total(&counts(&o)), (7, 16.0));
}

#[test]
fn gdal_reads_fatalities_as_integers_and_dates_as_dates() {
    let d = workdir("gdal");
    let inp = write(
        &d,
        "in.csv",
        "id,date,location,fatalities\n1,2025-03-01,Turbat,2\n2,March 2025,Gwadar,\n3,2024,Quetta,10\n",
    );
    let out = d.join("out.geojson");
    let o = run(&["geocode", "-q", "-o", out.to_str().unwrap()], &[&inp]);
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_str(&fs::read_to_string(&out).unwrap()).unwrap();
    let p = |i: usize, k: &str| v["features"][i]["properties"][k].clone();
    assert_eq!(p(1, "geo_date"), "2025-03-01");
    assert_eq!(p(1, "geo_date_precision"), "month");
    assert_eq!(p(2, "geo_date"), "2024-01-01");
    assert_eq!(p(2, "geo_date_precision"), "year");
    assert_eq!(p(0, "geo_fatalities"), 2);
    // The precision survives a round trip: March 2025 is a month, not 1 March.
    let o = run(&["count", "-q", "--format", "csv", "--by", "month"], &[&out]);
    let months: Vec<String> = counts(&o).into_iter().map(|r| r.0).collect();
    assert_eq!(months, vec!["(unknown)", "2025-03"]);
    let Ok(info) = Command::new("ogrinfo").args(["-so", "-al"]).arg(&out).output() else {
        assert!(std::env::var_os("CI").is_none(), "ogrinfo (gdal-bin) is missing in CI");
        common::skip("ogrinfo (gdal-bin) is not installed");
        return;
    };
    let info = String::from_utf8_lossy(&info.stdout);
    assert!(info.contains("geo_fatalities: Integer"), "{info}");
    assert!(info.contains("geo_date: Date"), "{info}");
    assert!(info.contains("geo_precision: Integer"), "{info}");
}
