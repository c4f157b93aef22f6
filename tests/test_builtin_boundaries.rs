//! The built-in district and province polygons: rebuilt byte for byte from
//! `../shared`, no gaps or slivers between neighbours, and in agreement with
//! the full OpenStreetMap polygons.

mod common;

use std::process::Command;

use incident_mapper::boundaries::{builtin, Boundaries};
use incident_mapper::gazetteer::districts::DistrictTable;

use common::shared_data as shared;

/// splitmix64: a reproducible stream of uniform numbers in [0, 1).
struct Uniform(u64);

impl Uniform {
    fn next(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        (z ^ (z >> 31)) as f64 / (u64::MAX as f64 + 1.0)
    }
}

fn region_name(b: &Boundaries, lon: f64, lat: f64) -> Option<&str> {
    b.locate(lon, lat).map(|i| b.regions[i].name.as_str())
}

#[test]
fn the_embedded_boundaries_are_rebuilt_byte_for_byte() {
    let (Some(d), Some(p)) = (
        shared("boundaries/pakistan_districts_osm2023.geojson"),
        shared("boundaries/pakistan_provinces_osm2023.geojson"),
    ) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("b.bin");
    let o = Command::new(env!("CARGO_BIN_EXE_incident-mapper"))
        .args(["boundaries", "import", "--districts"])
        .arg(&d)
        .arg("--provinces")
        .arg(&p)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let made = std::fs::read(&out).unwrap();
    assert!(
        made == builtin::DATA,
        "gazetteer/boundaries_osm2023.bin is not what `boundaries import` makes ({} vs {} bytes); rebuild it:\n\
         cargo run --release -- boundaries import --districts {} --provinces {} -o gazetteer/boundaries_osm2023.bin",
        made.len(),
        builtin::DATA.len(),
        d.display(),
        p.display()
    );
    let summary = String::from_utf8_lossy(&o.stderr);
    assert!(
        summary.contains(&format!("at {} m tolerance", builtin::TOLERANCE_M)),
        "{summary}"
    );
}

/// No gaps, no slivers: every point of a built-in province lies in exactly
/// one built-in district of that province, and no two districts overlap.
#[test]
fn shared_borders_stay_shared() {
    let table = DistrictTable::embedded();
    let d = builtin::districts(&table);
    let p = builtin::provinces();
    // Overlaps only where OpenStreetMap's own polygons overlap (Karachi
    // South's shore runs inside Keamari's harbour polygon), none made by
    // simplifying.
    let pairs = |b: &Boundaries| -> Vec<(String, String)> {
        b.overlaps()
            .iter()
            .map(|o| (b.regions[o.first].name.clone(), b.regions[o.second].name.clone()))
            .collect()
    };
    let full_pairs = shared("boundaries/pakistan_districts_osm2023.geojson")
        .map(|f| pairs(&Boundaries::from_file(&f, None).unwrap()));
    eprintln!(
        "overlapping districts: built-in {:?}, full OSM {full_pairs:?}",
        d.overlaps()
    );
    if let Some(full) = full_pairs {
        for pair in pairs(&d) {
            assert!(full.contains(&pair), "{pair:?} overlap only once simplified");
        }
    }
    assert!(
        d.overlaps().iter().all(|o| o.area_km2.unwrap() < 0.01),
        "{:?}",
        d.overlaps()
    );
    assert!(p.overlaps().is_empty(), "overlapping provinces: {:?}", p.overlaps());
    for b in [&d, &p] {
        for (r, at) in b.regions.iter().zip(b.self_intersections()) {
            assert!(at.is_none(), "{} crosses itself at {:?}", r.name, at);
        }
    }
    let mut u = Uniform(7);
    let (mut inside, mut checked) = (0, 0);
    // Pakistan's extent.
    while checked < 300_000 {
        let (lon, lat) = (60.8 + u.next() * (77.9 - 60.8), 23.6 + u.next() * (37.1 - 23.6));
        checked += 1;
        let prov = region_name(&p, lon, lat);
        let dist = d.locate(lon, lat).map(|i| &d.regions[i]);
        assert_eq!(
            prov,
            dist.and_then(|r| r.province.as_deref()),
            "({lon}, {lat}): province {prov:?}, district {:?}",
            dist.map(|r| &r.name)
        );
        inside += usize::from(prov.is_some());
    }
    assert!(inside > 100_000, "{inside} points in Pakistan");
}

/// The figure: on 1,000,000 random points in Balochistan (inside
/// the full province polygon), the built-in districts give the same district
/// as the full OpenStreetMap polygons for at least 99.9%.
/// `IM_TOLERANCE=M` measures another tolerance (built in memory).
#[test]
fn simplified_districts_agree_with_the_full_ones() {
    let (Some(dfile), Some(pfile)) = (
        shared("boundaries/pakistan_districts_osm2023.geojson"),
        shared("boundaries/pakistan_provinces_osm2023.geojson"),
    ) else {
        return;
    };
    let table = DistrictTable::embedded();
    let full = Boundaries::from_file(&dfile, None).unwrap();
    let full_prov = Boundaries::from_file(&pfile, None).unwrap();
    let balochistan = full_prov.regions.iter().position(|r| r.name == "Balochistan").unwrap();
    let simple = match std::env::var("IM_TOLERANCE") {
        Ok(t) => {
            let topo = builtin::import(&dfile, &pfile, t.parse().unwrap()).unwrap();
            let bytes = topo.encode();
            let s = topo.stats();
            eprintln!(
                "tolerance {} m: {} -> {} vertices, {} bytes, largest displacement {} m",
                s.tolerance_m,
                s.vertices_before,
                s.vertices_after,
                bytes.len(),
                s.max_displacement_m
            );
            let layers = incident_mapper::boundaries::topology::Topology::decode(&bytes).unwrap();
            let gj =
                incident_mapper::cmd::boundaries::feature_collection(&layers[0].features.iter().collect::<Vec<_>>());
            Boundaries::from_geojson_str(std::str::from_utf8(&gj).unwrap(), None, "t").unwrap()
        }
        Err(_) => builtin::districts(&table),
    };
    let canon = |b: &Boundaries, i: Option<usize>| {
        i.map(|i| {
            let n = &b.regions[i].name;
            table.get(n).map_or_else(|| n.clone(), |d| d.name.clone())
        })
    };
    let bbox = {
        use geo::BoundingRect;
        full_prov.regions[balochistan].geometry.bounding_rect().unwrap()
    };
    let mut u = Uniform(2023);
    let (mut n, mut same) = (0u64, 0u64);
    let mut differ: std::collections::BTreeMap<String, u64> = Default::default();
    let mut scratch = Vec::new();
    while n < 1_000_000 {
        let lon = bbox.min().x + u.next() * bbox.width();
        let lat = bbox.min().y + u.next() * bbox.height();
        if full_prov.locate_with(lon, lat, &mut scratch) != Some(balochistan) {
            continue;
        }
        n += 1;
        let a = canon(&full, full.locate_with(lon, lat, &mut scratch));
        let b = canon(&simple, simple.locate_with(lon, lat, &mut scratch));
        if a == b {
            same += 1;
        } else {
            *differ.entry(format!("{a:?}/{b:?}")).or_default() += 1;
        }
    }
    let share = same as f64 / n as f64;
    eprintln!(
        "built-in vs full OSM districts: {same} of {n} random points in Balochistan agree ({:.4}%); differing: {:?}",
        share * 100.0,
        differ.iter().rev().take(8).collect::<Vec<_>>()
    );
    assert!(share >= 0.999, "agreement {share}");
}
