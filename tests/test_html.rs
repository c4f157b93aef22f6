//! The HTML map as a file (issue 13): one page, data inlined safely, Leaflet
//! pinned with SRI hashes or inlined, and the same counts and classes as the
//! other outputs. `test_browser.rs` opens it in Chromium.

mod common;

use std::fs;
use std::path::Path;

use serde_json::Value;

/// Rows with hostile location strings, coordinates and names.
const ROWS: &str = "event_id,event_date,location,event_type,fatalities,latitude,longitude
A1,2025-01-05,<img src=x onerror=alert(1)>,Battles,3,30.18,67.00
A2,2025-02-10,</script><script>alert(2)</script>,Battles,1,30.18,67.00
A3,2025-03-15,Turbat & <b>Kech</b>,Explosions/Remote violence,0,26.00,63.05
A4,2025-03-20,Quetta,Explosions/Remote violence,5,,
A5,2025-04-01,Khuzdar,Violence against civilians,,,
A6,2025-04-02,Nowhere-at-all-xyz,Battles,2,,
";

/// The JSON data block of a page.
fn data_of(page: &str) -> Value {
    let open = "<script type=\"application/json\" id=\"im-data\">";
    let start = page.find(open).expect("a data block") + open.len();
    let end = start + page[start..].find("</script>").unwrap();
    serde_json::from_str(&page[start..end]).expect("the data block is JSON")
}

fn write_rows(d: &Path) {
    fs::write(d.join("in.csv"), ROWS).unwrap();
}

#[test]
fn the_page_holds_every_located_incident_and_no_live_markup() {
    let d = common::workdir("html-page");
    write_rows(&d);
    let o = common::run_in(&d, &["map", "in.csv", "-o", "m.html"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let page = fs::read_to_string(d.join("m.html")).unwrap();
    // Nothing a row says reaches the page as markup.
    assert!(!page.contains("<img src=x"), "raw <img> in the page");
    assert!(!page.contains("alert(2)</script>"));
    assert!(!page.contains("<b>Kech"));
    assert_eq!(
        page.matches("</script>").count(),
        3,
        "data, Leaflet and the map's script end where they should"
    );
    let v = data_of(&page);
    let inc = &v["incidents"];
    // Five of six rows are located (two by name); the sixth is not on the map.
    assert_eq!(inc["n"], 5);
    assert_eq!(v["unlocated"], 1);
    let locs: Vec<&str> = inc["location"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        locs.contains(&"<img src=x onerror=alert(1)>"),
        "values survive whole: {locs:?}"
    );
    assert!(locs.contains(&"</script><script>alert(2)</script>"));
    // Quetta's two rows share a point and a type: one marker for both.
    let lat = inc["lat"].as_array().unwrap();
    assert_eq!(lat.iter().filter(|x| x.as_f64() == Some(30.18)).count(), 2);
    assert_eq!(inc["date"][0], "2025-01-05");
    assert_eq!(inc["fatalities"][0], 3.0);
    // The place resolved to, with its units: Quetta by name; Khuzdar's row names a town in Khuzdar district.
    assert_eq!(inc["resolved"][3], "Quetta (Balochistan)");
    assert_eq!(inc["resolved"][4], "Khuzdar (Balochistan)");
    assert_eq!(inc["precision"][3], 1);
    // Event types in legend order with their colours (the PNG's palette).
    assert_eq!(v["event_types"][0]["name"], "Battles");
    assert_eq!(v["event_types"][0]["color"], "#d55e00");
    // Balochistan's 34 districts, the 7 provinces, ODbL credit.
    assert_eq!(v["districts"]["features"].as_array().unwrap().len(), 34);
    assert_eq!(v["provinces"]["features"].as_array().unwrap().len(), 7);
    assert!(v["attribution"]["boundaries"]
        .as_str()
        .unwrap()
        .contains("OpenStreetMap</a> contributors (ODbL)"));
    assert!(v["footer"].as_str().unwrap().contains("GeoNames"));
    // Leaflet from the pinned CDN with its SRI hashes.
    assert!(page.contains(
        r#"<script src="https://unpkg.com/leaflet@1.9.4/dist/leaflet.js" integrity="sha256-20nQCchB9co0qIjJZRGuk2/Z9VM+kNiyxNV1lvTlZBo=" crossorigin="">"#
    ));
    assert!(page.contains(r#"integrity="sha256-p4NxAoJBhIIN+hmNHrzRCf9tD/miZyoHS5obTRR9BMY=""#));
}

#[test]
fn the_page_counts_districts_as_count_does() {
    let d = common::workdir("html-counts");
    write_rows(&d);
    let o = common::run_in(&d, &["map", "in.csv", "-o", "m.html"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v = data_of(&fs::read_to_string(d.join("m.html")).unwrap());
    let names: Vec<&str> = v["districts"]["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["properties"]["name"].as_str().unwrap())
        .collect();
    let mut per: std::collections::BTreeMap<&str, u64> = Default::default();
    for k in v["incidents"]["district"].as_array().unwrap() {
        if let Some(k) = k.as_i64().filter(|k| *k >= 0) {
            *per.entry(names[k as usize]).or_default() += 1;
        }
    }
    let o = common::run_in(&d, &["count", "in.csv", "--format", "csv"]);
    assert!(o.status.success());
    let mut r = csv::Reader::from_reader(&o.stdout[..]);
    let counted: std::collections::BTreeMap<String, u64> = r
        .records()
        .map(|x| x.unwrap())
        .filter(|x| names.contains(&&x[0]) && &x[1] != "0")
        .map(|x| (x[0].to_string(), x[1].parse().unwrap()))
        .collect();
    let per: std::collections::BTreeMap<String, u64> = per.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
    assert_eq!(per, counted);
    assert_eq!(per.get("Quetta"), Some(&3), "two by their points, one by name");
    assert_eq!(per.get("Kech"), Some(&1));
    // The classes are the choropleth's over those counts: the largest bound is the largest count.
    let breaks = v["choropleth"]["breaks"].as_array().unwrap();
    assert_eq!(breaks.last().and_then(Value::as_f64), Some(3.0));
    assert_eq!(v["choropleth"]["colors"].as_array().unwrap().len(), breaks.len());
}

#[test]
fn leaflet_is_inlined_from_a_folder_or_refused_clearly() {
    let d = common::workdir("html-leaflet");
    write_rows(&d);
    let lf = d.join("package/dist");
    fs::create_dir_all(&lf).unwrap();
    fs::write(
        lf.join("leaflet.js"),
        "/* @preserve Leaflet 1.9.4 */ window.L_TEST = 1; // </script> inside\n",
    )
    .unwrap();
    fs::write(lf.join("leaflet.css"), ".leaflet-pane { z-index: 400; }\n").unwrap();
    let o = common::run_in(&d, &["map", "in.csv", "-o", "m.html", "--leaflet", "."]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let page = fs::read_to_string(d.join("m.html")).unwrap();
    assert!(
        page.contains("window.L_TEST = 1; // <\\/script> inside"),
        "inlined, its own </script> defused"
    );
    assert!(page.contains(".leaflet-pane { z-index: 400; }"));
    assert!(!page.contains("unpkg.com"));
    // A folder without Leaflet: exit 11, saying how to get it.
    let o = common::run_in(&d, &["map", "in.csv", "-o", "n.html", "--leaflet", "nowhere"]);
    assert_eq!(o.status.code(), Some(11));
    assert!(String::from_utf8_lossy(&o.stderr).contains("npm pack leaflet@1.9.4"));
    assert!(!d.join("n.html").exists());
    // --leaflet is for pages only.
    let o = common::run_in(&d, &["map", "in.csv", "-o", "m.png", "--leaflet", "."]);
    assert_eq!(o.status.code(), Some(11));
}

/// `--per-capita` reaches the page: each district's population (by name),
/// classes over rates as the PNG's, and the legend's title.
#[test]
fn per_capita_pages_classify_rates_by_each_districts_own_population() {
    let d = common::workdir("html-per-capita");
    write_rows(&d);
    let o = common::run_in(&d, &["map", "in.csv", "--per-capita", "-o", "m.html"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v = data_of(&fs::read_to_string(d.join("m.html")).unwrap());
    let choro = &v["choropleth"];
    assert!(choro["label"].as_str().unwrap().contains("per 100,000 people"));
    let pops = choro["populations"].as_array().unwrap();
    let features = v["districts"]["features"].as_array().unwrap();
    assert_eq!(pops.len(), features.len());
    assert_eq!(features.len(), 34);
    let gaz = incident_mapper::gazetteer::Gazetteer::embedded();
    let census = incident_mapper::config::Populations::load(None, &gaz.districts).unwrap();
    for (f, p) in features.iter().zip(pops) {
        let name = f["properties"]["name"].as_str().unwrap();
        assert_eq!(p.as_f64(), census.get(name, &gaz.districts), "{name}");
    }
    // The classes are the rates': Quetta's 3 incidents (A1, A2 and A4 by name) over its population lie in them.
    let q = features
        .iter()
        .position(|f| f["properties"]["name"] == "Quetta")
        .unwrap();
    let rate = 3.0 * 1e5 / pops[q].as_f64().unwrap();
    let breaks: Vec<f64> = choro["breaks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b.as_f64().unwrap())
        .collect();
    assert!(
        *breaks.last().unwrap() >= rate - 1e-9 && breaks.iter().all(|b| *b < 1.0),
        "{breaks:?} vs {rate}"
    );
    // Without --per-capita: counts, no populations.
    let o = common::run_in(&d, &["map", "in.csv", "-o", "c.html"]);
    assert!(o.status.success());
    let v = data_of(&fs::read_to_string(d.join("c.html")).unwrap());
    assert!(v["choropleth"]["populations"].is_null());
    assert_eq!(v["choropleth"]["label"], "Incidents per district");
}
