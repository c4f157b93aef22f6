//! Calibration of `geo_score` (issue 11): fitted by isotonic regression on
//! the development rows of location strings, checked on the held-out rows.
//!
//! Development rows: `tests/data/geocode_devset.csv` and the odd rows of
//! `tests/data/geocode_families.csv`; held out: `tests/data/geocode_holdout.csv`
//! and the even rows of the families set — each geocoded with the embedded
//! gazetteer and with the GeoNames Balochistan file (from ../shared).
//! A row is right when its district (or, where none is expected, its
//! province; outside Pakistan, its country) is the one a person gives.
//!
//! `IM_WRITE_CALIBRATION=1 cargo test --release --test test_calibration -- --nocapture`
//! refits and writes `gazetteer/calibration.csv` (then rebuild).

mod common;

use std::path::{Path, PathBuf};

use incident_mapper::gazetteer::Gazetteer;
use std::collections::HashMap;

use incident_mapper::geocode::calibration::{class_of, parse, score_with, table};
use incident_mapper::geocode::Geocoder;
use incident_mapper::model::Method;

fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

use common::geonames_gazetteer as full_gazetteer;

/// (evidence class, right) of every resolved row of `file` (rows of one parity when `parity` is given).
fn scored(gaz: &Gazetteer, file: &str, parity: Option<usize>) -> Vec<(String, bool)> {
    let mut rdr = csv::Reader::from_path(repo(file)).unwrap();
    let head = rdr.headers().unwrap().clone();
    let col = |name: &str| head.iter().position(|h| h == name).unwrap();
    let (loc, a2, a1, ed, ep) = (
        col("location"),
        col("admin2"),
        col("admin1"),
        col("expected_district"),
        col("expected_province"),
    );
    let mut g = Geocoder::new(gaz).with_calibration(false);
    let mut out = Vec::new();
    for (i, row) in rdr.records().enumerate() {
        if parity.is_some_and(|p| (i + 1) % 2 != p) {
            continue;
        }
        let row = row.unwrap();
        let opt = |k: usize| Some(&row[k]).filter(|s| !s.is_empty());
        let r = g.resolve(&row[loc], opt(a2), opt(a1));
        if r.method == Method::Unresolved {
            continue;
        }
        let place = r.place.map(|i| gaz.place(i));
        let right = match &row[ep] {
            "UNRESOLVED" => false,
            "OUTSIDE" => place.is_some_and(|p| p.country != "PK"),
            _ => {
                let (want, _) = g.row_context(opt(ed), opt(ep));
                r.province == want.province
                    && (row[ed].is_empty() && r.district.is_none() || r.district == want.district)
            }
        };
        out.push((class_of(&r, place), right));
    }
    out
}

fn rows(dev: bool) -> Vec<(String, bool)> {
    let mut gazs = vec![Gazetteer::embedded()];
    gazs.extend(full_gazetteer());
    let mut out = Vec::new();
    for g in &gazs {
        if dev {
            out.extend(scored(g, "tests/data/geocode_devset.csv", None));
            out.extend(scored(g, "tests/data/geocode_families.csv", Some(1)));
        } else {
            out.extend(scored(g, "tests/data/geocode_holdout.csv", None));
            out.extend(scored(g, "tests/data/geocode_families.csv", Some(0)));
        }
    }
    out
}

/// Rows and right rows per evidence class.
fn fit(pts: &[(String, bool)]) -> HashMap<String, (f64, f64)> {
    let mut t: HashMap<String, (f64, f64)> = HashMap::new();
    for (c, r) in pts {
        let e = t.entry(c.clone()).or_default();
        e.0 += 1.0;
        e.1 += *r as u8 as f64;
    }
    t
}

fn to_csv(t: &HashMap<String, (f64, f64)>, n: usize) -> String {
    let mut s = format!(
        "# geo_score calibration: resolved rows and right rows per evidence class (src/geocode/calibration.rs),\n\
         # counted by tests/test_calibration.rs on {n} resolved development rows (geocode_devset.csv and the odd\n\
         # rows of geocode_families.csv, embedded gazetteer and embedded + GeoNames Balochistan).\n\
         class,rows,right\n"
    );
    let mut keys: Vec<&String> = t.keys().collect();
    keys.sort();
    for k in keys {
        s.push_str(&format!("{k},{},{}\n", t[k].0, t[k].1));
    }
    s
}

/// Reliability: per bin of calibrated score, rows and share right; and for
/// rows at or above each threshold.
fn reliability(label: &str, t: &HashMap<String, (f64, f64)>, pts: &[(String, bool)]) -> Vec<(f64, usize, f64)> {
    let cal: Vec<(f64, bool)> = pts.iter().map(|(c, r)| (score_with(t, c, 0.5), *r)).collect();
    println!("reliability, {label} ({} resolved rows):", cal.len());
    println!("| geo_score | rows | mean score | share right |");
    println!("|---|---|---|---|");
    let bins = [0.0, 0.5, 0.7, 0.8, 0.9, 0.95, 1.01];
    for w in bins.windows(2) {
        let inb: Vec<&(f64, bool)> = cal.iter().filter(|p| p.0 >= w[0] && p.0 < w[1]).collect();
        if inb.is_empty() {
            continue;
        }
        let mean = inb.iter().map(|p| p.0).sum::<f64>() / inb.len() as f64;
        let right = inb.iter().filter(|p| p.1).count() as f64 / inb.len() as f64;
        println!(
            "| {:.2}–{:.2} | {} | {:.3} | {:.3} |",
            w[0],
            w[1].min(1.0),
            inb.len(),
            mean,
            right
        );
    }
    let mut at_least = Vec::new();
    println!("| geo_score ≥ s | rows | share right |");
    println!("|---|---|---|");
    for s in [0.5, 0.7, 0.8, 0.9, 0.95] {
        let inb: Vec<&(f64, bool)> = cal.iter().filter(|p| p.0 >= s).collect();
        let right = inb.iter().filter(|p| p.1).count() as f64 / inb.len().max(1) as f64;
        println!("| {s:.2} | {} | {right:.3} |", inb.len());
        at_least.push((s, inb.len(), right));
    }
    at_least
}

#[test]
fn geo_score_is_calibrated_on_development_rows_and_holds_on_held_out_rows() {
    let dev = rows(true);
    let t = fit(&dev);
    let csv = to_csv(&t, dev.len());
    let path = repo("gazetteer/calibration.csv");
    if std::env::var_os("IM_WRITE_CALIBRATION").is_some() {
        std::fs::write(&path, &csv).unwrap();
        println!("wrote {}", path.display());
    } else if full_gazetteer().is_some() {
        // The compiled-in table is the count of today's code on today's rows.
        let committed = parse(&std::fs::read_to_string(&path).unwrap());
        assert_eq!(
            committed, t,
            "gazetteer/calibration.csv is stale: refit with IM_WRITE_CALIBRATION=1"
        );
        assert_eq!(table(), &committed);
    }
    reliability("development rows", &t, &dev);
    let held = rows(false);
    let at_least = reliability("held-out rows", &t, &held);
    // On held-out rows, rows scored >= s are right at least about s of the time.
    for (s, n, right) in at_least {
        if n >= 30 {
            assert!(right >= s - 0.1, "held-out rows with score >= {s}: {right:.3} right");
        }
    }
}

#[test]
fn a_class_is_shrunk_towards_its_method() {
    let t = parse("class,rows,right\nexact/town/,90,90\nexact/village/,10,0\nfuzzy/seat/low_confidence,4,2\n");
    let town = score_with(&t, "exact/town/", 0.0);
    let village = score_with(&t, "exact/village/", 0.0);
    assert!(town > 0.95 && village < 0.5, "{town} {village}");
    // A class never seen takes its method's share (itself shrunk towards all
    // rows'); an unknown method keeps the raw score.
    let all = 92.0 / 104.0;
    let method = (90.0 + 8.0 * all) / (100.0 + 8.0);
    assert!((score_with(&t, "exact/district/", 0.0) - method).abs() < 1e-9);
    assert_eq!(score_with(&t, "alias/town/", 0.42), 0.42);
}
