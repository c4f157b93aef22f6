//! Replays the fuzzing corpus (`tests/fuzz/corpus/<target>/`) and every
//! crash the fuzzer ever found (`tests/fuzz/artifacts/<target>/`, kept as
//! regression cases) through the same entry points the fuzz targets call,
//! so `cargo test` guards them without a nightly toolchain. How to fuzz:
//! README, "Fuzzing".

use std::path::Path;

fn replay(target: &str, f: fn(&[u8])) -> usize {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz");
    let mut n = 0;
    for dir in ["corpus", "artifacts"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir).join(target)) else {
            continue;
        };
        let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for p in paths {
            let data = std::fs::read(&p).unwrap();
            // A panic names the file, to rerun with `cargo fuzz run TARGET FILE`.
            let r = std::panic::catch_unwind(|| f(&data));
            assert!(r.is_ok(), "{} panics", p.display());
            n += 1;
        }
    }
    n
}

#[test]
fn the_csv_corpus_and_crashes_read_without_panicking() {
    assert!(replay("csv", incident_mapper::input::fuzz::csv) >= 5);
}

#[test]
fn the_geojson_corpus_and_crashes_read_without_panicking() {
    assert!(replay("geojson", incident_mapper::input::fuzz::geojson) >= 2);
}

#[test]
fn the_geonames_corpus_and_crashes_read_without_panicking() {
    assert!(replay("geonames", incident_mapper::input::fuzz::geonames) >= 1);
}

#[test]
fn the_dates_corpus_and_crashes_read_without_panicking() {
    assert!(replay("dates", incident_mapper::input::fuzz::dates) >= 5);
}

#[test]
fn the_date_filter_corpus_and_crashes_read_without_panicking() {
    assert!(replay("date_filter", incident_mapper::input::fuzz::date_filter) >= 5);
}
