//! Place resolution measured on material the code was not written from
//! (issue 11): openly licensed passages about Balochistan with a gold list
//! (`../shared/data/texts_dev`), UCDP GED place names with coder-checked
//! coordinates (`../shared/data/ucdp`), location strings written blind by a
//! second author (`tests/data/geocode_families.csv`, set A) and by a third
//! (`geocode_families_b.csv`, set B, who saw neither the code nor set A), and
//! word-like nonsense that names no place.
//!
//! Split rule, fixed before any tuning: passages `dNN` with odd NN and the
//! odd data rows (1st, 3rd, ...) of each location set are the dev half;
//! even ones the test half. The test half is scored and printed only with
//! `IM_TEST_HALF=1` (and always in CI, where the floors hold): while working
//! on the code, look at the dev half only.
//!
//! `cargo test --release --test test_accuracy -- --nocapture` prints every
//! figure and, for the dev half, every miss. `IM_DIAGNOSE=1` also prints the
//! test half's wrong text mentions — once it has been scored, to find which
//! change made a wrong one; the figures after such a look are no longer blind.

mod common;

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

use incident_mapper::extract::{Extractor, Status};
use incident_mapper::gazetteer::{haversine_km, Gazetteer};
use incident_mapper::geocode::Geocoder;
use incident_mapper::model::{Method, Place, PlaceKind};

use common::shared_data as need;

fn test_half_wanted() -> bool {
    std::env::var_os("IM_TEST_HALF").is_some() || std::env::var_os("CI").is_some()
}

use common::geonames_gazetteer as full_gazetteer;

fn csv_rows(path: &Path) -> Vec<HashMap<String, String>> {
    let mut r = csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let head = r.headers().unwrap().clone();
    r.records()
        .map(|x| {
            let x = x.unwrap();
            head.iter()
                .zip(x.iter())
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

// ---------------------------------------------------------------- texts

/// The class the gold list would give a resolved place: its 2023 district,
/// `PROVINCE` (Balochistan as a whole) or `OUTSIDE`.
fn class_of(gaz: &Gazetteer, p: &Place) -> String {
    if p.country != "PK" || p.province.as_deref() != Some("Balochistan") {
        return "OUTSIDE".into();
    }
    match &p.district {
        Some(d) if p.kind <= PlaceKind::District => canonical(gaz, d),
        _ => "PROVINCE".into(),
    }
}

/// A district's name as the 2023 table spells it ("Musakhel" is "Musa Khel").
fn canonical(gaz: &Gazetteer, name: &str) -> String {
    gaz.districts
        .get(name)
        .map_or_else(|| name.to_string(), |d| d.name.clone())
}

fn file_number(name: &str) -> usize {
    name[1..3].parse().unwrap()
}

/// Whole-word occurrences of `s` in `text`, as byte ranges.
fn occurrences(text: &str, s: &str) -> Vec<(usize, usize)> {
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric());
    text.match_indices(s)
        .map(|(i, _)| (i, i + s.len()))
        .filter(|&(a, b)| !word(text[..a].chars().next_back()) && !word(text[b..].chars().next()))
        .collect()
}

#[derive(Default)]
struct TextScore {
    gold: usize,
    found: usize,
    predicted: usize,
    right: usize,
    ignored: usize,
    negative_hits: usize,
    misses: Vec<String>,
    wrong: Vec<String>,
}

impl TextScore {
    fn precision(&self) -> f64 {
        self.right as f64 / self.predicted.max(1) as f64
    }
    fn recall(&self) -> f64 {
        self.found as f64 / self.gold.max(1) as f64
    }
}

/// Scores `extract` on the passages of one half. A gold row is Balochistan's
/// (a district or PROVINCE). Recall: gold rows of which some occurrence is
/// overlapped by a mention resolved to the gold class. Precision: distinct
/// (passage, string) mentions resolved inside Balochistan whose mentions
/// overlap a gold occurrence of the same class; a mention overlapping no gold
/// row at all whose string NOTES.md names (left out as unclear) is ignored.
fn score_texts(gaz: &Gazetteer, odd: bool) -> Option<TextScore> {
    let dir = need("texts_dev")?;
    let notes = fs::read_to_string(dir.join("NOTES.md")).unwrap();
    let gold = csv_rows(&dir.join("expected.csv"));
    let ex = Extractor::new(gaz);
    let mut files: Vec<String> = fs::read_dir(dir.join("texts"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt") && (file_number(n) % 2 == 1) == odd)
        .collect();
    files.sort();
    let mut s = TextScore::default();
    for f in &files {
        let raw = fs::read_to_string(dir.join("texts").join(f)).unwrap();
        // Line 1 names the source; the passage is the rest (offsets kept).
        let start = raw.find('\n').map_or(raw.len(), |i| i + 1);
        let text = &raw[start..];
        let x = ex.extract(text);
        let rows: Vec<(&str, String)> = gold
            .iter()
            .filter(|r| &r["file"] == f)
            .map(|r| {
                let c = r["district_truth"].as_str();
                let c = if c == "OUTSIDE" || c == "PROVINCE" {
                    c.to_string()
                } else {
                    canonical(gaz, c)
                };
                (r["place_as_written"].as_str(), c)
            })
            .collect();
        let occ: Vec<(Vec<(usize, usize)>, &str, &str)> = rows
            .iter()
            .map(|(w, c)| (occurrences(text, w), *w, c.as_str()))
            .collect();
        let overlaps = |a: (usize, usize), b: (usize, usize)| a.0 < b.1 && b.0 < a.1;
        // Every mention with its class.
        let classes: Vec<((usize, usize), String, String)> = x
            .mentions
            .iter()
            .filter(|m| m.status != Status::Unresolved)
            .filter_map(|m| {
                m.place
                    .map(|p| ((m.start, m.end), m.text.clone(), class_of(gaz, gaz.place(p))))
            })
            .collect();
        for (spans, w, c) in &occ {
            if *c == "OUTSIDE" {
                continue;
            }
            s.gold += 1;
            let hit = classes
                .iter()
                .any(|(m, _, mc)| mc == c && spans.iter().any(|g| overlaps(*m, *g)));
            if hit {
                s.found += 1;
            } else {
                let got: Vec<String> = classes
                    .iter()
                    .filter(|(m, _, _)| spans.iter().any(|g| overlaps(*m, *g)))
                    .map(|(_, t, mc)| format!("{t}->{mc}"))
                    .collect();
                s.misses.push(format!("{f}: {w:?} gold {c}, got [{}]", got.join(", ")));
            }
        }
        // Distinct predictions inside Balochistan.
        let mut preds: HashMap<(String, String), Vec<(usize, usize)>> = HashMap::new();
        for (m, t, c) in &classes {
            if c != "OUTSIDE" {
                preds.entry((t.clone(), c.clone())).or_default().push(*m);
            }
        }
        let mut keys: Vec<_> = preds.keys().cloned().collect();
        keys.sort();
        for k in keys {
            let ms = &preds[&k];
            let right = occ
                .iter()
                .any(|(sp, _, c)| *c == k.1 && sp.iter().any(|g| ms.iter().any(|m| overlaps(*m, *g))));
            // Gold spans the prediction overlaps without lying wholly inside it:
            // a gold name nested in a longer name the gold list left out
            // ("Nushki" in "Nushki Desert") does not make the longer one wrong.
            let any_gold = occ.iter().any(|(sp, _, _)| {
                sp.iter().any(|g| {
                    ms.iter()
                        .any(|m| overlaps(*m, *g) && !(m.0 <= g.0 && g.1 <= m.1 && m.1 - m.0 > g.1 - g.0))
                })
            });
            if !right && !any_gold && notes.contains(&k.0) {
                s.ignored += 1;
                continue;
            }
            s.predicted += 1;
            if right {
                s.right += 1;
            } else {
                let gold_here: Vec<String> = occ
                    .iter()
                    .filter(|(sp, _, _)| sp.iter().any(|g| ms.iter().any(|m| overlaps(*m, *g))))
                    .map(|(_, w, c)| format!("{w}={c}"))
                    .collect();
                s.wrong
                    .push(format!("{f}: {:?} -> {} (gold: [{}])", k.0, k.1, gold_here.join(", ")));
                if rows.iter().all(|r| r.1 == "OUTSIDE") {
                    s.negative_hits += 1;
                }
            }
        }
    }
    Some(s)
}

fn report_texts(label: &str, s: &TextScore, details: bool) {
    println!(
        "texts {label}: recall {:.3} ({}/{}), precision {:.3} ({}/{}), {} ignored (NOTES), {} in passages with no Balochistan place",
        s.recall(),
        s.found,
        s.gold,
        s.precision(),
        s.right,
        s.predicted,
        s.ignored,
        s.negative_hits
    );
    if details {
        s.misses.iter().for_each(|m| println!("  miss: {m}"));
        s.wrong.iter().for_each(|m| println!("  wrong: {m}"));
    }
}

/// Floors: a little under today's figures, so that a change that loses
/// accuracy fails (they are not the issue's goals; README gives both).
fn floor(label: &str, value: f64, min: f64) {
    assert!(value >= min, "{label}: {value:.3} below the floor {min}");
}

#[test]
fn texts_dev_half() {
    let emb = Gazetteer::embedded();
    let Some(s) = score_texts(&emb, true) else { return };
    report_texts("dev half, embedded", &s, true);
    floor("texts dev precision, embedded", s.precision(), 0.93);
    floor("texts dev recall, embedded", s.recall(), 0.58);
    let Some(full) = full_gazetteer() else { return };
    let f = score_texts(&full, true).unwrap();
    report_texts("dev half, embedded + GeoNames", &f, true);
    floor("texts dev precision, GeoNames", f.precision(), 0.93);
    floor("texts dev recall, GeoNames", f.recall(), 0.65);
    assert!(
        s.negative_hits + f.negative_hits <= 2,
        "places found in passages with none in Balochistan"
    );
}

#[test]
fn texts_test_half() {
    if !test_half_wanted() {
        common::skip("the test half is scored with IM_TEST_HALF=1 (and in CI)");
        return;
    }
    let emb = Gazetteer::embedded();
    let Some(s) = score_texts(&emb, false) else { return };
    report_texts("test half, embedded", &s, false);
    floor("texts test precision, embedded", s.precision(), 0.90);
    let Some(full) = full_gazetteer() else { return };
    let f = score_texts(&full, false).unwrap();
    report_texts(
        "test half, embedded + GeoNames",
        &f,
        std::env::var_os("IM_DIAGNOSE").is_some(),
    );
    floor("texts test precision, GeoNames", f.precision(), 0.90);
    floor("texts test recall, GeoNames", f.recall(), 0.70);
}

// ---------------------------------------------------------------- UCDP

/// Share of UCDP place names geocoded within 10 km (25 km for UCDP precision 2) of UCDP's point.
fn score_ucdp(gaz: &Gazetteer, label: &str) -> Option<f64> {
    let rows = csv_rows(&need("ucdp/balochistan_places_dev.csv")?);
    let mut g = Geocoder::new(gaz);
    let mut ok = 0;
    for r in &rows {
        let res = g.resolve(&r["location"], None, None);
        let (lat, lon): (f64, f64) = (r["latitude"].parse().unwrap(), r["longitude"].parse().unwrap());
        let limit = if r["where_prec"] == "1" { 10.0 } else { 25.0 };
        let d = match (res.lat, res.lon) {
            (Some(a), Some(b)) => haversine_km(lat, lon, a, b),
            _ => f64::INFINITY,
        };
        if d <= limit {
            ok += 1;
        } else {
            println!(
                "  ucdp miss ({label}): {:?} ({}) -> {} {:?} at {:.0} km",
                r["location"],
                r["adm_2"],
                res.place.map(|p| gaz.place(p).describe()).unwrap_or_else(|| "-".into()),
                res.method.as_str(),
                d
            );
        }
    }
    let share = ok as f64 / rows.len() as f64;
    println!(
        "ucdp {label}: {ok}/{} within 10 km (25 km for precision 2) = {:.3}",
        rows.len(),
        share
    );
    Some(share)
}

#[test]
fn ucdp_place_names() {
    let Some(e) = score_ucdp(&Gazetteer::embedded(), "embedded") else {
        return;
    };
    floor("ucdp, embedded", e, 0.45);
    if let Some(full) = full_gazetteer() {
        let f = score_ucdp(&full, "embedded + GeoNames").unwrap();
        floor("ucdp, GeoNames", f, 0.65);
    }
}

// ---------------------------------------------------------------- nonsense

/// Word-like nonsense, deterministic: syllables of the region's sounds, and
/// a few consonant clusters ("Kqlqt"), bare or in frames ("near X", "X area").
fn nonsense(n: usize) -> Vec<String> {
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move |m: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % m as u64) as usize
    };
    const ON: &[&str] = &[
        "b", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "q", "r", "s", "t", "v", "w", "y", "z", "kh", "sh",
        "ch", "gh", "zh", "",
    ];
    const V: &[&str] = &["a", "e", "i", "o", "u", "aa", "ee", "oo", "ai", "au"];
    const CODA: &[&str] = &["", "", "", "n", "r", "l", "k", "t", "m", "sh", "z"];
    const FRAMES: &[&str] = &[
        "{}",
        "{}",
        "{}",
        "near {}",
        "{} area",
        "{} village",
        "the {}",
        "{} town",
        "{} bazaar",
        "{} road",
    ];
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        let word = if next(12) == 0 {
            let c = "bcdfghjklmnpqrstvwxz".as_bytes();
            (0..4 + next(3)).map(|_| c[next(c.len())] as char).collect::<String>()
        } else {
            let mut w = String::new();
            for _ in 0..2 + next(2) {
                w.push_str(ON[next(ON.len())]);
                w.push_str(V[next(V.len())]);
                w.push_str(CODA[next(CODA.len())]);
            }
            w
        };
        let mut c = word.chars();
        let word = c
            .next()
            .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
            .unwrap_or_default();
        out.push(FRAMES[next(FRAMES.len())].replace("{}", &word));
    }
    out
}

/// Nonsense placed at precision 1 by anything but an exact (or alternate) name.
fn score_nonsense(gaz: &Gazetteer, label: &str) -> f64 {
    let strings = nonsense(5000);
    let mut g = Geocoder::new(gaz);
    let mut bad = Vec::new();
    let mut weak = 0;
    for s in &strings {
        let r = g.resolve(s, None, None);
        if r.place.is_some() && r.flags.contains(&incident_mapper::model::Flag::LowConfidence) {
            weak += 1;
        }
        if r.precision != Some(incident_mapper::model::GeoPrecision::Place) || r.method == Method::Exact {
            continue;
        }
        let exact_name = r.place.is_some_and(|p| {
            r.matched
                .as_deref()
                .is_some_and(|m| gaz.by_name(m).iter().any(|x| x.place as usize == p))
        });
        if !exact_name {
            bad.push(format!(
                "{s:?} -> {} ({})",
                gaz.place(r.place.unwrap()).describe(),
                r.method.as_str()
            ));
        }
    }
    let share = bad.len() as f64 / strings.len() as f64;
    println!(
        "nonsense {label}: {} of {} at precision 1 by a non-exact match = {:.4}; {weak} placed with low_confidence (any precision)",
        bad.len(),
        strings.len(),
        share
    );
    let n = if std::env::var_os("IM_VERBOSE").is_some() {
        bad.len()
    } else {
        15
    };
    bad.iter().take(n).for_each(|b| println!("  e.g. {b}"));
    share
}

#[test]
fn nonsense_is_not_placed_at_precision_one() {
    // The issue's goals: at most 0.5 % with the default, 1 % with the GeoNames file.
    let s = score_nonsense(&Gazetteer::embedded(), "embedded");
    assert!(s <= 0.005, "{s}");
    if let Some(full) = full_gazetteer() {
        let f = score_nonsense(&full, "embedded + GeoNames");
        assert!(f <= 0.01, "{f}");
    }
}

// ---------------------------------------------------------------- location strings

/// The blind family sets: A (`geocode_families.csv`, 352 rows) and B
/// (`geocode_families_b.csv`, 238 rows, written later by another session that
/// never saw the code nor set A's strings), each split odd/even by row.
fn families_file(set: &str) -> PathBuf {
    let name = if set == "B" {
        "geocode_families_b.csv"
    } else {
        "geocode_families.csv"
    };
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(name)
}

/// Right district (or province, outside, unresolved as the row says) on one half of a blind family set.
fn score_families(gaz: &Gazetteer, set: &str, odd: bool, label: &str, details: bool) -> f64 {
    let rows = csv_rows(&families_file(set));
    let mut g = Geocoder::new(gaz);
    let mut ok = 0;
    let mut n = 0;
    let mut by_family: HashMap<String, (usize, usize)> = HashMap::new();
    for (i, row) in rows.iter().enumerate() {
        if ((i + 1) % 2 == 1) != odd {
            continue;
        }
        n += 1;
        let opt = |k: &str| Some(row[k].as_str()).filter(|s| !s.is_empty());
        let r = g.resolve(&row["location"], opt("admin2"), opt("admin1"));
        let place = r.place.map(|i| gaz.place(i));
        let right = match row["expected_province"].as_str() {
            "UNRESOLVED" => r.method == Method::Unresolved,
            "OUTSIDE" => place.is_some_and(|p| p.country != "PK"),
            _ => {
                // The expected names as the gazetteer spells them ("Musakhel" is
                // "Musa Khel", "Azad Kashmir" is "Azad Jammu & Kashmir").
                let (want, _) = g.row_context(opt("expected_district"), opt("expected_province"));
                r.province == want.province
                    && (row["expected_district"].is_empty() && r.district.is_none()
                        || !row["expected_district"].is_empty() && r.district == want.district)
            }
        };
        let e = by_family.entry(row["family"].clone()).or_default();
        e.1 += 1;
        if right {
            ok += 1;
            e.0 += 1;
        } else if details {
            println!(
                "  miss [{}] {:?} [{}|{}] expected {}/{} got {} / {:?} / {:?} ({})",
                row["family"],
                row["location"],
                row["admin2"],
                row["admin1"],
                row["expected_district"],
                row["expected_province"],
                place.map(|p| p.describe()).unwrap_or_else(|| "-".into()),
                r.district,
                r.province,
                r.method.as_str()
            );
        }
    }
    let acc = ok as f64 / n.max(1) as f64;
    let mut fams: Vec<_> = by_family.into_iter().collect();
    fams.sort();
    let per: Vec<String> = fams.iter().map(|(f, (a, b))| format!("{f} {a}/{b}")).collect();
    println!(
        "location strings {set} {label}: {ok}/{n} = {acc:.3} ({})",
        per.join(", ")
    );
    acc
}

/// Scores one half of both location sets with both gazetteers, each against its floor.
fn location_strings(odd: bool, floors: [(&str, f64); 2]) {
    let half = if odd { "dev" } else { "test" };
    for (set, min) in floors {
        let e = score_families(&Gazetteer::embedded(), set, odd, &format!("{half} half, embedded"), odd);
        floor(&format!("location strings {set} {half}, embedded"), e, min);
        if let Some(full) = full_gazetteer() {
            let f = score_families(&full, set, odd, &format!("{half} half, embedded + GeoNames"), odd);
            floor(&format!("location strings {set} {half}, GeoNames"), f, min);
        }
    }
}

#[test]
fn location_strings_dev_half() {
    location_strings(true, [("A", 0.92), ("B", 0.78)]);
}

#[test]
fn location_strings_test_half() {
    if !test_half_wanted() {
        common::skip("the test half is scored with IM_TEST_HALF=1 (and in CI)");
        return;
    }
    location_strings(false, [("A", 0.84), ("B", 0.83)]);
}

#[test]
fn nonsense_generator_is_deterministic_and_word_like() {
    let a = nonsense(50);
    assert_eq!(a, nonsense(50));
    assert!(a.iter().all(|s| s.chars().any(|c| c.is_ascii_uppercase())));
    let distinct: HashSet<&String> = a.iter().collect();
    assert!(distinct.len() >= 45);
}
