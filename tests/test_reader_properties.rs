//! Property tests for the readers: no input makes a reader panic, and what
//! they read is accounted for.

use std::io::Cursor;
use std::path::Path;

use incident_mapper::input::dates::{self, Order};
use incident_mapper::input::incidents::{IncidentReader, ReadOptions};
use proptest::prelude::*;

/// CSV-shaped text: a header from likely column names, rows of cells that
/// may hold quotes, separators, newlines, numbers, dates and junk.
fn csv_text() -> impl Strategy<Value = String> {
    let col = prop::sample::select(vec![
        "location",
        "admin2",
        "admin1",
        "latitude",
        "longitude",
        "event_date",
        "fatalities",
        "iyear",
        "imonth",
        "iday",
        "where_prec",
        "date_start",
        "date_end",
        "specificity",
        "geo_precision",
        "event_id_cnty",
        "notes",
    ]);
    let cell = prop_oneof![
        "[A-Za-z ]{0,12}",
        "-?[0-9]{1,3}(\\.[0-9]{1,6})?",
        "[0-9]{1,2}/[0-9]{1,2}/[0-9]{2,4}",
        Just("\"quoted, \"\"with\"\" comma\"".to_string()),
        Just("\"line\nbreak\"".to_string()),
        Just("\"unterminated".to_string()),
        any::<String>(),
    ];
    let sep = prop::sample::select(vec![",", ";", "\t"]);
    (
        prop::collection::vec(col, 1..8),
        prop::collection::vec(prop::collection::vec(cell, 0..9), 0..12),
        sep,
    )
        .prop_map(|(head, rows, sep)| {
            let mut s = head.join(sep);
            s.push('\n');
            for r in rows {
                s.push_str(&r.join(sep));
                s.push_str(if r.len() % 3 == 0 { "\r\n" } else { "\n" });
            }
            s
        })
}

/// Reads everything; returns (rows yielded ok, rows yielded as errors).
fn drain(bytes: Vec<u8>, opts: &ReadOptions) -> Option<(u64, u64)> {
    let mut r = IncidentReader::from_reader(Box::new(Cursor::new(bytes)), Path::new("p.csv"), opts).ok()?;
    let (mut ok, mut bad) = (0, 0);
    while let Some(row) = r.next_row() {
        match row {
            Ok(inc) => {
                ok += 1;
                if let Some((lat, lon)) = inc.coords {
                    assert!(lat.abs() <= 90.0 && lon.abs() <= 180.0);
                }
                if let Some(f) = inc.facts.fatalities {
                    assert!(f >= 0.0 && f.is_finite());
                }
            }
            Err(e) => {
                bad += 1;
                assert!(e.error.message.starts_with("p.csv"), "{}", e.error.message);
            }
        }
        assert!(ok + bad < 10_000, "a reader that never ends");
    }
    Some((ok, bad))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn the_csv_reader_never_panics_on_bytes(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        drain(bytes, &ReadOptions::default());
    }

    #[test]
    fn the_csv_reader_never_panics_on_csv_shaped_text(s in csv_text(), month_first in any::<bool>()) {
        let opts = ReadOptions {
            order: if month_first { Order::MonthFirst } else { Order::Unspecified },
            ..Default::default()
        };
        if let Some((ok, bad)) = drain(s.clone().into_bytes(), &opts) {
            // Rows in, rows out: every non-blank data record is yielded once, ok or not.
            let records = csv::ReaderBuilder::new().flexible(true).has_headers(true)
                .delimiter(if s.lines().next().unwrap_or("").contains('\t') { b'\t' } else if s.lines().next().unwrap_or("").contains(';') { b';' } else { b',' })
                .from_reader(s.as_bytes()).byte_records().count() as u64;
            prop_assert!(ok + bad <= records, "{ok} + {bad} > {records}");
        }
        // The same text in UTF-16 reads the same way.
        let mut utf16 = vec![0xFF, 0xFE];
        for u in s.encode_utf16() {
            utf16.extend(u.to_le_bytes());
        }
        prop_assert_eq!(drain(utf16, &opts), drain(s.into_bytes(), &opts));
    }

    #[test]
    fn the_geojson_reader_never_panics(s in prop_oneof![
        any::<String>(),
        "\\{\"type\":\"(Feature|FeatureCollection)\",\"features\":\\[.{0,40}\\]\\}",
        "(\u{1e}\\{\"type\":\"Feature\",\"properties\":\\{\"location\":\"[a-z]{0,8}\"\\},\"geometry\":(null|\\{\"type\":\"Point\",\"coordinates\":\\[[0-9.-]{1,5},[0-9.-]{1,5}\\]\\})\\}\n){0,4}",
    ]) {
        if let Ok(mut r) = incident_mapper::input::incidents::IncidentReader::from_geojson(
            s.as_bytes().to_vec(),
            Path::new("p.geojson"),
            &ReadOptions::default(),
        ) {
            while r.next_row().is_some() {}
        }
    }

    #[test]
    fn the_geonames_reader_never_panics(lines in prop::collection::vec("([^\t\n]{0,12}\t){0,20}[^\t\n]{0,12}", 0..6)) {
        let text = lines.join("\n");
        let _ = incident_mapper::gazetteer::geonames::read(text.as_bytes(), "p.txt");
    }

    #[test]
    fn date_filters_keep_their_bounds_and_nothing_outside(s in prop_oneof![
        any::<String>(),
        "([0-9]{1,4}[-/. ][0-9]{1,2}([-/. ][0-9]{1,4})?)?\t([0-9]{1,4}[-/. ][0-9]{1,2}([-/. ][0-9]{1,4})?)?",
        "((Jan|March|Sept|December) [0-9]{4})?\t([0-9]{4}(-[0-9]{2})?)?",
    ]) {
        incident_mapper::input::fuzz::date_filter(s.as_bytes());
    }

    #[test]
    fn dates_never_panic_and_their_iso_form_reads_back(s in prop_oneof![
        any::<String>(),
        "[0-9]{1,4}[-/. ][0-9]{1,2}[-/. ][0-9]{1,4}",
        "[0-9]{1,2} (Jan|March|Sept|sept\\.|December|Foo) [0-9]{2,4}",
        "(Jan|March|Sept|December) [0-9]{1,2},? [0-9]{4}",
    ], y in "[0-9]{0,5}", m in "[0-9]{0,3}", d in "[0-9]{0,3}") {
        for order in [Order::Unspecified, Order::DayFirst, Order::MonthFirst] {
            if let Some(x) = dates::parse(&s, order) {
                let back = dates::parse(&x.iso(), Order::Unspecified).unwrap();
                prop_assert_eq!((back.start, back.precision), (x.start, x.precision));
            }
        }
        let _ = dates::from_parts(&y, &m, &d);
        let _ = dates::range(&s, &y, Order::Unspecified);
    }

    #[test]
    fn the_boundary_reader_never_panics(s in prop_oneof![
        any::<String>(),
        "\\{\"type\":\"FeatureCollection\",\"features\":\\[\\{\"type\":\"Feature\",\"properties\":\\{\"name\":\"[A-Z]\"\\},\"geometry\":\\{\"type\":\"Polygon\",\"coordinates\":\\[\\[(\\[[0-9.-]{1,4},[0-9.-]{1,4}\\],?){0,6}\\]\\]\\}\\}\\]\\}",
    ]) {
        if let Ok(b) = incident_mapper::boundaries::Boundaries::from_geojson_str(&s, None, "p") {
            let _ = b.locate(0.5, 0.5);
            let _ = b.warnings();
        }
    }
}
