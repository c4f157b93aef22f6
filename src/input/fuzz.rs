//! Entry points for fuzzing the readers (cargo-fuzz targets in
//! `tests/fuzz/`), shared with `tests/test_fuzz_corpus.rs`, which replays
//! the fuzz corpus and every crash found under plain `cargo test`.
//!
//! Each takes arbitrary bytes and must return without panicking, whatever
//! they hold; the readers' errors are the expected outcome for most inputs.

use std::io::Cursor;
use std::path::Path;

use crate::input::dates::{self, Order};
use crate::input::incidents::{IncidentReader, ReadOptions};

/// The incidents CSV reader, start to end, with each date order.
pub fn csv(data: &[u8]) {
    for order in [Order::Unspecified, Order::MonthFirst] {
        let opts = ReadOptions {
            order,
            ..Default::default()
        };
        let Ok(mut r) = IncidentReader::from_reader(Box::new(Cursor::new(data.to_vec())), Path::new("f.csv"), &opts)
        else {
            continue;
        };
        let mut n = 0u64;
        while let Some(row) = r.next_row() {
            if let Ok(inc) = row {
                if let Some((lat, lon)) = inc.coords {
                    assert!(lat.abs() <= 90.0 && lon.abs() <= 180.0, "coordinates out of range");
                }
            }
            n += 1;
            assert!(n <= data.len() as u64 + 1, "more rows than bytes");
        }
    }
}

/// GeoJSON (collections and sequences) read as incidents, both ways the tool reads it.
pub fn geojson(data: &[u8]) {
    if let Ok(mut r) = crate::input::incidents::IncidentReader::from_geojson(
        data.to_vec(),
        Path::new("f.geojson"),
        &Default::default(),
    ) {
        let mut n = 0u64;
        while let Some(row) = r.next_row() {
            let _ = row;
            n += 1;
            assert!(n <= data.len() as u64 + 1, "more rows than bytes");
        }
    }
    let _ = crate::input::geojson::is_sequence(data);
}

/// The GeoNames dump reader.
pub fn geonames(data: &[u8]) {
    let _ = crate::gazetteer::geonames::read(data, "f.txt");
}

/// Dates: one string, and GTD-style parts split on tabs.
pub fn dates(data: &[u8]) {
    let s = String::from_utf8_lossy(data);
    for order in [Order::Unspecified, Order::DayFirst, Order::MonthFirst] {
        if let Some(d) = dates::parse(&s, order) {
            let back = dates::parse(&d.iso(), Order::Unspecified).expect("an ISO date reads back");
            assert_eq!((back.start, back.precision), (d.start, d.precision));
        }
    }
    let mut parts = s.split('\t');
    let (y, m, d) = (
        parts.next().unwrap_or(""),
        parts.next().unwrap_or(""),
        parts.next().unwrap_or(""),
    );
    let _ = dates::from_parts(y, m, d);
    let _ = dates::range(y, m, Order::Unspecified);
}

/// The `--from`/`--to` parser: two strings split on a tab, read with each
/// order. A range that reads has its first day on or before its last, keeps
/// its own bounds and nothing outside them.
pub fn date_filter(data: &[u8]) {
    use crate::cmd::options::DateRange;
    let s = String::from_utf8_lossy(data);
    let mut parts = s.splitn(2, '\t');
    let opt = |p: Option<&str>| p.map(str::to_string).filter(|p| !p.is_empty());
    let range = DateRange {
        from: opt(parts.next()),
        to: opt(parts.next()),
    };
    for order in [Order::Unspecified, Order::DayFirst, Order::MonthFirst] {
        let Ok(f) = range.filter(order) else { continue };
        let day = |d: chrono::NaiveDate| dates::EventDate {
            start: d,
            end: None,
            precision: dates::Precision::Day,
            ambiguous: false,
        };
        if let (Some(a), Some(b)) = (f.from, f.to) {
            assert!(a <= b, "from after to");
        }
        for bound in [f.from, f.to].into_iter().flatten() {
            assert!(f.keep(Some(&day(bound))), "a bound is not kept");
        }
        if let Some(a) = f.from.and_then(|a| a.pred_opt()) {
            assert!(!f.keep(Some(&day(a))), "the day before --from is kept");
        }
        if let Some(b) = f.to.and_then(|b| b.succ_opt()) {
            assert!(!f.keep(Some(&day(b))), "the day after --to is kept");
        }
        assert_eq!(f.keep(None), !f.is_set(), "undated incidents");
    }
}
