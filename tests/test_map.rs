//! Maps: decode the PNG and check what a reader would see.

mod common;

use std::fs;
use std::process::Command;

use assert_cmd::prelude::*;
use incident_mapper::model::LocatedIncident;
use incident_mapper::output::map::classify::Breaks;
use incident_mapper::output::map::render::{pixel_of, MapOptions, SizeBy, Style, PALETTE, SEA};
use incident_mapper::output::map::{render_png, render_svg};

fn opts() -> MapOptions {
    MapOptions {
        width: 1200,
        height: 1000,
        title: "Test map".into(),
        province: "Balochistan".into(),
        by: SizeBy::Fatalities,
        sources: vec!["incidents: test".into()],
        created: "2026-11-23".into(),
        style: Style::Points,
        classes: 5,
        breaks: Breaks::Jenks,
        populations: None,
    }
}

fn incident(lon: f64, lat: f64, precision: u8, fatalities: f64, kind: &str) -> LocatedIncident {
    LocatedIncident {
        lon: Some(lon),
        lat: Some(lat),
        precision: incident_mapper::model::GeoPrecision::from_code(precision),
        fatalities: Some(fatalities),
        event_type: Some(kind.into()),
        date: incident_mapper::input::dates::parse("2025-03-11", incident_mapper::input::dates::Order::Unspecified),
        ..Default::default()
    }
}

struct Image {
    w: u32,
    h: u32,
    px: Vec<u8>,
}

impl Image {
    fn decode(png_bytes: &[u8]) -> Image {
        let dec = png::Decoder::new(png_bytes);
        let mut r = dec.read_info().unwrap();
        let mut px = vec![0; r.output_buffer_size()];
        let info = r.next_frame(&mut px).unwrap();
        assert_eq!(info.color_type, png::ColorType::Rgb);
        Image {
            w: info.width,
            h: info.height,
            px,
        }
    }
    fn at(&self, x: i32, y: i32) -> [u8; 3] {
        let i = (y as usize * self.w as usize + x as usize) * 3;
        [self.px[i], self.px[i + 1], self.px[i + 2]]
    }
    /// Pixels in a box darker than light grey (ink).
    fn ink(&self, x0: i32, y0: i32, x1: i32, y1: i32) -> usize {
        let mut n = 0;
        for y in y0..y1 {
            for x in x0..x1 {
                let p = self.at(x, y);
                if (p[0] as u32 + p[1] as u32 + p[2] as u32) < 3 * 150 {
                    n += 1;
                }
            }
        }
        n
    }
}

fn close(a: [u8; 3], b: [u8; 3], tol: i32) -> bool {
    a.iter().zip(b).all(|(x, y)| (*x as i32 - y as i32).abs() <= tol)
}

/// Alpha blend of `c` over `bg`.
fn over(c: [u8; 3], alpha: f64, bg: [u8; 3]) -> [u8; 3] {
    let f = |i: usize| (c[i] as f64 * alpha + bg[i] as f64 * (1.0 - alpha)).round() as u8;
    [f(0), f(1), f(2)]
}

const QUETTA: (f64, f64) = (67.00141, 30.18414);
const LAND_PROVINCE: [u8; 3] = [255, 253, 247];

#[test]
fn png_shows_incidents_where_they_are() {
    let o = opts();
    let incidents = vec![
        incident(QUETTA.0, QUETTA.1, 1, 30.0, "Battles"),
        // A district-level point (Kech's): drawn hollow.
        incident(63.09641, 26.00552, 2, 5.0, "Battles"),
    ];
    let (bytes, report) = render_png(&o, &incidents, None, &[]).unwrap();
    assert_eq!((report.drawn, report.outside, report.unlocated), (2, 0, 0));
    let img = Image::decode(&bytes);
    assert_eq!((img.w, img.h), (1200, 1000));

    let ((qx, qy), inside) = pixel_of(&o, QUETTA.0, QUETTA.1).unwrap();
    assert!(inside);
    let c = PALETTE[0];
    let expected = over([c.0, c.1, c.2], 0.55, LAND_PROVINCE);
    assert!(
        close(img.at(qx, qy), expected, 10),
        "Quetta pixel {:?}, expected {expected:?}",
        img.at(qx, qy)
    );

    // The hollow symbol's centre shows the land beneath it.
    let ((kx, ky), _) = pixel_of(&o, 63.09641, 26.00552).unwrap();
    assert!(
        close(img.at(kx, ky), LAND_PROVINCE, 6),
        "Kech centre {:?}",
        img.at(kx, ky)
    );

    // The Arabian Sea south of Gwadar is sea-coloured.
    let ((sx, sy), _) = pixel_of(&o, 63.5, 24.3).unwrap();
    assert!(
        close(img.at(sx, sy), [SEA.0, SEA.1, SEA.2], 4),
        "sea pixel {:?}",
        img.at(sx, sy)
    );

    // Text: the title band and the legend panel have ink; a blank margin has none.
    assert!(img.ink(20, 20, 600, 70) > 500, "no title text");
    assert!(img.ink(900, 110, 1180, 400) > 500, "empty legend");
    assert_eq!(img.ink(0, 0, 15, 1000), 0);
}

#[test]
fn choropleth_colours_districts_by_class_and_zero_apart() {
    use incident_mapper::boundaries::Boundaries;
    use incident_mapper::output::map::render::{ramp, ZERO};
    let Some(path) = common::shared_data("boundaries/balochistan_districts_osm2023.geojson") else {
        return;
    };
    let b = Boundaries::from_geojson_file(&path, None).unwrap();
    let mut o = opts();
    o.style = Style::Choropleth;
    // Three incidents in Quetta, one in Turbat (Kech); none in Chagai.
    let mut v = vec![incident(QUETTA.0, QUETTA.1, 1, 1.0, "Battles"); 3];
    v.push(incident(63.04849, 26.00122, 1, 1.0, "Battles"));
    let (bytes, _) = render_png(&o, &v, Some(&b), &[]).unwrap();
    let img = Image::decode(&bytes);
    let colours = ramp(2);
    let c = |k: usize| [colours[k].0, colours[k].1, colours[k].2];
    // A point in each district, away from its name label (drawn at the polygon's interior point).
    let probe = |lon: f64, lat: f64| {
        let ((x, y), _) = pixel_of(&o, lon, lat).unwrap();
        img.at(x, y)
    };
    assert!(close(probe(66.95, 30.05), c(1), 3), "Quetta {:?}", probe(66.95, 30.05));
    assert!(close(probe(62.8, 26.3), c(0), 3), "Kech {:?}", probe(62.8, 26.3));
    assert!(
        close(probe(63.5, 29.0), [ZERO.0, ZERO.1, ZERO.2], 3),
        "Chagai {:?}",
        probe(63.5, 29.0)
    );
}

#[test]
fn empty_input_still_makes_a_map_that_says_so() {
    let (svg, report) = render_svg(&opts(), &[], None, &[]).unwrap();
    assert_eq!(report.drawn, 0);
    assert!(svg.starts_with("<svg"));
    assert!(svg.contains("No incidents"));
    assert!(svg.contains("Natural Earth"));
}

#[test]
fn incidents_outside_the_extent_are_counted_not_drawn() {
    let karachi_far = incident(74.3, 31.5, 1, 1.0, "Battles"); // Lahore, far east of the frame
    let (_, report) = render_png(&opts(), &[karachi_far, LocatedIncident::default()], None, &[]).unwrap();
    assert_eq!((report.drawn, report.outside, report.unlocated), (0, 1, 1));
}

#[test]
fn bad_sizes_and_provinces_are_clear_errors() {
    let d = common::workdir("map");
    fs::write(d.join("in.csv"), "location\nQuetta\n").unwrap();
    for (args, needle) in [
        (vec!["--size", "0x0"], "--size 0x0: map size out of range"),
        (vec!["--size", "100000x100000"], "out of range"),
        (vec!["--province", "Atlantis"], "unknown province 'Atlantis'"),
    ] {
        let o = Command::cargo_bin("incident-mapper")
            .unwrap()
            .current_dir(&d)
            .args(["map", "in.csv", "-o", "m.png"])
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(11), "{args:?}");
        assert!(String::from_utf8_lossy(&o.stderr).contains(needle));
        assert!(!d.join("m.png").exists());
    }
    // A district file whose polygon has no area: a clear error naming it, exit 9.
    let flat = r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"Flatland"},"geometry":{"type":"Polygon","coordinates":[[[66,28],[67,28],[68,28],[66,28]]]}}]}"#;
    fs::write(d.join("flat.geojson"), flat).unwrap();
    let o = Command::cargo_bin("incident-mapper")
        .unwrap()
        .current_dir(&d)
        .args(["map", "in.csv", "-o", "m.png", "--districts", "flat.geojson"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(9));
    assert!(String::from_utf8_lossy(&o.stderr).contains("district 'Flatland' is an invalid polygon"));
    assert!(!d.join("m.png").exists());
    // From a CSV, geocoded on the way, to SVG.
    Command::cargo_bin("incident-mapper")
        .unwrap()
        .current_dir(&d)
        .args(["map", "in.csv", "-o", "m.svg", "-q", "--title", "Quetta only"])
        .assert()
        .success();
    let svg = fs::read_to_string(d.join("m.svg")).unwrap();
    assert!(svg.contains("Quetta only") && svg.contains("1 incident shown"));
}

#[test]
fn charts_draw_bars_titles_and_say_when_empty() {
    let d = common::workdir("chart");
    fs::write(
        d.join("in.csv"),
        "location,event_date,event_type,fatalities\nQuetta,2025-01-03,Battles,4\nTurbat,2025-03-09,Explosions/Remote violence,2\nGwadar,2025-03-20,Battles,\n",
    )
    .unwrap();
    for by in ["month", "event-type", "district"] {
        let out = d.join(format!("c-{by}.png"));
        Command::cargo_bin("incident-mapper")
            .unwrap()
            .args(["chart", "-q", "--by", by, "--size", "1000x600"])
            .arg(d.join("in.csv"))
            .arg("-o")
            .arg(&out)
            .assert()
            .success();
        let img = Image::decode(&fs::read(&out).unwrap());
        assert_eq!((img.w, img.h), (1000, 600));
        let bar_px = img.px.chunks(3).filter(|p| p == &[213, 94, 0]).count();
        assert!(bar_px > 2000, "{by}: only {bar_px} bar pixels");
        assert!(img.ink(10, 5, 500, 45) > 300, "{by}: no title");
    }
    fs::write(d.join("empty.csv"), "location,event_date\n").unwrap();
    Command::cargo_bin("incident-mapper")
        .unwrap()
        .args(["chart", "-q"])
        .arg(d.join("empty.csv"))
        .arg("-o")
        .arg(d.join("e.svg"))
        .assert()
        .success();
    assert!(fs::read_to_string(d.join("e.svg")).unwrap().contains("No incidents"));
}

/// Issue 12, item 2: the subtitle and the summary count incidents, not symbols.
#[test]
fn the_map_counts_incidents_even_where_symbols_are_capped() {
    let mut v: Vec<LocatedIncident> = (0..11).map(|_| incident(63.05, 26.0, 1, 2.0, "Battles")).collect();
    v.push(incident(62.33, 25.13, 1, 5.0, "Explosions"));
    let (_, report) = render_png(&opts(), &v, None, &[]).unwrap();
    assert_eq!(report.drawn, 12);
    assert!(report.symbols < report.drawn, "{report:?}");
    // End to end: the summary line states incidents.
    let d = common::workdir("map-cap");
    let mut csv = String::from("id,date,location,fatalities,event_type\n");
    for i in 0..11 {
        csv.push_str(&format!("{i},2025-03-{:02},Turbat,2,Battles\n", i + 1));
    }
    csv.push_str("11,2025-04-01,Gwadar,5,Explosions\n");
    fs::write(d.join("in.csv"), csv).unwrap();
    let o = Command::cargo_bin("incident-mapper")
        .unwrap()
        .current_dir(&d)
        .args(["map", "in.csv", "-o", "m.png"])
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("12 incidents drawn"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// Bars fill their slots: one bar sits in the middle of the plot (not in half
/// of it), and two bars leave no empty slot after them.
#[test]
fn chart_bars_fill_the_plot_whatever_their_number() {
    let d = common::workdir("chart-slots");
    let rows = ["Quetta,2025-03-03,Battles", "Turbat,2025-04-09,Battles"];
    for n in [1, 2] {
        let csv = format!("location,event_date,event_type\n{}\n", rows[..n].join("\n"));
        fs::write(d.join("in.csv"), csv).unwrap();
        let o = common::run_in(&d, &["chart", "-q", "in.csv", "--size", "1000x600", "-o", "c.png"]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let img = Image::decode(&fs::read(d.join("c.png")).unwrap());
        // The bar colour along a row halfway up the plot: where it starts and ends.
        let y = 300;
        let xs: Vec<i32> = (0..img.w as i32).filter(|&x| img.at(x, y) == [213, 94, 0]).collect();
        let (first, last) = (*xs.first().unwrap(), *xs.last().unwrap());
        let mid = (first + last) / 2;
        if n == 1 {
            // Centred on the plot (which starts after the axis labels, about 80 px in).
            assert!((mid - 540).abs() < 40, "one bar spans {first}..{last}");
        } else {
            // The second bar ends at the plot's right edge.
            assert!(last > 950, "two bars end at {last}");
        }
    }
}

/// `--per-capita` with the built-in polygons (all of Pakistan's, in no
/// province order): the map draws Balochistan's subset, and each district's
/// rate must use its own population — looked up by name, not by position.
#[test]
fn per_capita_rates_follow_district_names_in_a_province_subset() {
    use incident_mapper::output::map::render::district_values;
    let gaz = incident_mapper::gazetteer::Gazetteer::embedded();
    let all = incident_mapper::boundaries::builtin::districts(&gaz.districts);
    let census = incident_mapper::config::Populations::load(None, &gaz.districts).unwrap();
    let pops = incident_mapper::cmd::map::populations(&all, &gaz, &census);
    let own = all.of_province("Balochistan").unwrap();
    assert_eq!(own.regions.len(), 34);
    // Positions differ between the subset and the whole: the old alignment by position was wrong.
    assert!(own
        .regions
        .iter()
        .enumerate()
        .any(|(k, r)| all.regions[k].name != r.name));
    let counts: Vec<u64> = (1..=own.regions.len() as u64).collect();
    let values = district_values(&own, &counts, Some(&pops));
    for ((r, c), v) in own.regions.iter().zip(&counts).zip(&values) {
        let p = census
            .get(&r.name, &gaz.districts)
            .expect("every Balochistan district has a 2023 population");
        let want = *c as f64 * 100_000.0 / p;
        assert!((v.unwrap() - want).abs() < 1e-9, "{}: {v:?} != {want}", r.name);
    }
    // Quetta, the most populous, has the lowest rate per incident.
    let q = own.regions.iter().position(|r| r.name == "Quetta").unwrap();
    assert!(census.get("Quetta", &gaz.districts).unwrap() > 2_000_000.0);
    assert!(values[q].unwrap() < counts[q] as f64 * 100_000.0 / 1_000_000.0);
}
