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
    if let Ok(table) = crate::input::geojson::to_csv(data, Path::new("f.geojson")) {
        csv(&table);
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
