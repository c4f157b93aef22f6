//! The HTML map in a real browser (issue 13): headless Chromium opens the
//! page offline (Leaflet inlined with `--leaflet`) and the page's status
//! element reports what it drew; a screenshot is decoded and looked at.
//!
//! Needs Chromium (`chromium` on PATH, or `IM_CHROMIUM`) and Leaflet 1.9.4
//! unpacked (`IM_LEAFLET_DIR`, or `target/leaflet`): `.ci/run` installs both
//! (`apt-get install chromium`, `npm pack leaflet@1.9.4`). Without them the
//! tests skip visibly; in CI they fail.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Chromium and the Leaflet folder, or a visible skip (a failure in CI).
fn browser() -> Option<(PathBuf, PathBuf)> {
    let chromium = std::env::var_os("IM_CHROMIUM").map(PathBuf::from).or_else(|| {
        ["chromium", "chromium-browser", "google-chrome"].iter().find_map(|c| {
            std::env::var_os("PATH").and_then(|p| std::env::split_paths(&p).map(|d| d.join(c)).find(|f| f.is_file()))
        })
    });
    let leaflet = std::env::var_os("IM_LEAFLET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| common::repo().join("target/leaflet"));
    let have_leaflet = ["", "dist", "package/dist"]
        .iter()
        .any(|s| leaflet.join(s).join("leaflet.js").is_file());
    let ci = std::env::var_os("CI").is_some();
    match (chromium, have_leaflet) {
        (Some(c), true) => Some((c, leaflet)),
        (c, l) => {
            let why = format!(
                "{}{}(install Debian's chromium, and unpack Leaflet: mkdir -p target/leaflet && cd target/leaflet && npm pack leaflet@1.9.4 && tar xzf leaflet-1.9.4.tgz)",
                if c.is_none() { "no Chromium on PATH; " } else { "" },
                if l { "" } else { "no Leaflet 1.9.4 in IM_LEAFLET_DIR or target/leaflet; " },
            );
            assert!(!ci, "{why}");
            common::skip(&why);
            None
        }
    }
}

/// Runs headless Chromium on `page` (with `hash`) and returns the DOM after the scripts ran.
fn dump_dom(chromium: &Path, page: &Path, hash: &str) -> String {
    let url = format!("file://{}{hash}", page.canonicalize().unwrap().display());
    let o = Command::new(chromium)
        .args(headless_flags())
        .arg("--dump-dom")
        .arg(&url)
        .output()
        .expect("Chromium runs");
    assert!(o.status.success(), "chromium: {}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn headless_flags() -> Vec<&'static str> {
    vec![
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--hide-scrollbars",
        "--allow-file-access-from-files",
        "--virtual-time-budget=15000",
    ]
}

/// The value of `data-NAME` on the status element in a dumped DOM.
fn status(dom: &str, name: &str) -> Option<String> {
    let start = dom.find("id=\"im-status\"")?;
    let tag_start = dom[..start].rfind('<')?;
    let tag = &dom[tag_start..tag_start + dom[tag_start..].find('>')?];
    let key = format!("data-{name}=\"");
    let v = tag.find(&key)? + key.len();
    Some(tag[v..v + tag[v..].find('"')?].to_string())
}

fn num(dom: &str, name: &str) -> i64 {
    status(dom, name).and_then(|v| v.parse().ok()).unwrap_or_else(|| {
        panic!(
            "no data-{name} in the status element: {}",
            &dom[dom.find("im-status").unwrap_or(0)..][..400.min(dom.len())]
        )
    })
}

/// Incidents with a shared point (as district and town centroids pile up),
/// hostile strings, and some without a point.
fn rows() -> String {
    let mut s = String::from("event_id,event_date,location,event_type,fatalities,latitude,longitude\n");
    s.push_str("X1,2025-01-05,<img src=x onerror=alert(1)>,Battles,3,30.18,67.00\n");
    s.push_str("X2,2025-02-10,</script><script>alert(2)</script>,Battles,1,26.00,63.05\n");
    for k in 0..40 {
        // Forty at Khuzdar's point: one marker that counts 40.
        s.push_str(&format!(
            "K{k},2025-03-{:02},Khuzdar,Explosions/Remote violence,{},27.81,66.61\n",
            k % 28 + 1,
            k % 3
        ));
    }
    for k in 0..60 {
        let (lat, lon) = (25.5 + (k as f64) * 0.07, 62.5 + (k as f64 * 0.37) % 6.0);
        s.push_str(&format!(
            "R{k},2025-{:02}-11,somewhere,Violence against civilians,{},{lat:.3},{lon:.3}\n",
            k % 12 + 1,
            k % 5
        ));
    }
    s.push_str("U1,2025-05-05,Nowhere-at-all-xyz,Battles,2,,\n");
    s
}

/// Writes the test rows' page (Leaflet inlined) in a fresh work folder: (Chromium, the folder, the page).
fn page(name: &str) -> Option<(PathBuf, common::Workdir, PathBuf)> {
    let (chromium, leaflet) = browser()?;
    let d = common::workdir(name);
    fs::write(d.join("in.csv"), rows()).unwrap();
    let o = common::run_in(
        &d,
        &["map", "in.csv", "-o", "m.html", "--leaflet", leaflet.to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let page = d.join("m.html");
    Some((chromium, d, page))
}

#[test]
fn the_map_draws_every_incident_and_the_districts_in_chromium() {
    let Some((chromium, _dir, page)) = page("browser") else {
        return;
    };
    let dom = dump_dom(&chromium, &page, "");
    assert_eq!(status(&dom, "ready").as_deref(), Some("1"), "the page finished drawing");
    assert_eq!(
        num(&dom, "errors"),
        0,
        "script errors: {}",
        &dom[dom.find("im-status").unwrap()..][..600]
    );
    // 102 located incidents (one row has no point); the 40 at Khuzdar are one marker.
    assert_eq!(num(&dom, "incidents"), 102);
    assert_eq!(num(&dom, "shown"), 102, "the markers' counts add up to every incident");
    assert_eq!(num(&dom, "markers"), 102 - 40 + 1);
    assert!(num(&dom, "merged") >= 1);
    // Balochistan's 34 district polygons, as paths.
    assert_eq!(num(&dom, "districts"), 34);
    assert!(dom.matches("im-district").count() >= 34, "district paths in the DOM");
    // The district under the pointer, though the markers' canvas lies over the fills.
    let dom = dump_dom(&chromium, &page, "#tip=30.18,67.00");
    assert_eq!(num(&dom, "errors"), 0);
    let tip = dom
        .find("leaflet-tooltip im-district-tip")
        .map(|i| &dom[i..(i + 600).min(dom.len())])
        .unwrap_or("");
    assert!(
        tip.contains("Quetta") && tip.contains("incidents"),
        "no Quetta tooltip: {tip}"
    );
    let dom = dump_dom(&chromium, &page, "#tip=24.0,64.0");
    assert!(
        !dom.contains("leaflet-tooltip im-district-tip"),
        "a tooltip over the sea"
    );
    // A date range keeps the markers and the choropleth together: March only.
    let dom = dump_dom(&chromium, &page, "#from=2025-03-01&to=2025-03-31");
    assert_eq!(num(&dom, "errors"), 0);
    let march = rows()
        .lines()
        .filter(|l| l.contains(",2025-03-") && !l.ends_with(",,"))
        .count() as i64;
    assert_eq!(num(&dom, "shown"), march);
}

#[test]
fn a_hostile_location_shows_as_text() {
    let Some((chromium, _dir, page)) = page("browser-xss") else {
        return;
    };
    // Incidents 0 and 1 carry the hostile strings; open each one's popup.
    for (k, shown) in [
        (0, "&lt;img src=x onerror=alert(1)&gt;"),
        (1, "&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;"),
    ] {
        let dom = dump_dom(&chromium, &page, &format!("#popup={k}"));
        assert_eq!(num(&dom, "errors"), 0);
        assert!(dom.contains("leaflet-popup-content"), "the popup is open");
        assert!(dom.contains(shown), "popup {k} shows the location as text");
        assert!(
            !dom.contains("<img src=\"x\"") && !dom.contains("<img src=x"),
            "no image element made"
        );
    }
}

#[test]
fn the_screenshot_shows_districts_and_markers() {
    let Some((chromium, _dir, page)) = page("browser-shot") else {
        return;
    };
    let d = page.parent().unwrap();
    let shot = d.join("shot.png");
    let url = format!("file://{}", page.canonicalize().unwrap().display());
    let o = Command::new(&chromium)
        .args(headless_flags())
        .arg(format!("--screenshot={}", shot.display()))
        .arg("--window-size=1280,900")
        .arg(&url)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let decoder = png::Decoder::new(std::io::BufReader::new(fs::File::open(&shot).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    let px = |x: usize, y: usize| {
        let i = (y * info.width as usize + x) * info.color_type.samples();
        (buf[i], buf[i + 1], buf[i + 2])
    };
    let near = |a: (u8, u8, u8), b: (u8, u8, u8), tol: i32| {
        (a.0 as i32 - b.0 as i32).abs() <= tol
            && (a.1 as i32 - b.1 as i32).abs() <= tol
            && (a.2 as i32 - b.2 as i32).abs() <= tol
    };
    let (mut choro, mut marker, mut distinct) = (0, 0, std::collections::HashSet::new());
    for y in (0..info.height as usize).step_by(2) {
        for x in (0..info.width as usize).step_by(2) {
            let p = px(x, y);
            distinct.insert(p);
            // The choropleth's zero class (#e8e8e8) fills most districts.
            choro += usize::from(near(p, (0xe8, 0xe8, 0xe8), 6));
            // Violence against civilians: #e69f00, drawn with some opacity.
            marker += usize::from(p.0 > 200 && (120..200).contains(&p.1) && p.2 < 90);
        }
    }
    assert!(distinct.len() > 50, "not a blank page: {} colours", distinct.len());
    assert!(choro > 5_000, "district fills: {choro} pixels");
    assert!(marker > 20, "orange markers: {marker} pixels");
}

/// The SRI hashes the page pins are those of npm's `leaflet@1.9.4` files (which unpkg serves).
#[test]
fn the_pinned_sri_hashes_are_leaflets() {
    let Some((_, leaflet)) = browser() else {
        return;
    };
    use sha2::{Digest, Sha256};
    let dist = ["", "dist", "package/dist"]
        .iter()
        .map(|s| leaflet.join(s))
        .find(|d| d.join("leaflet.js").is_file())
        .unwrap();
    let d = common::workdir("browser-sri");
    fs::write(d.join("in.csv"), rows()).unwrap();
    let o = common::run_in(&d, &["map", "in.csv", "-o", "m.html"]);
    assert!(o.status.success());
    let page = fs::read_to_string(d.join("m.html")).unwrap();
    for f in ["leaflet.js", "leaflet.css"] {
        let digest = Sha256::digest(fs::read(dist.join(f)).unwrap());
        let sri = format!("integrity=\"sha256-{}\"", base64(&digest));
        assert!(page.contains(&sri), "{f}: {sri} not in the page");
    }
}

fn base64(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut s = String::new();
    for c in bytes.chunks(3) {
        let n =
            (u32::from(c[0]) << 16) | (u32::from(*c.get(1).unwrap_or(&0)) << 8) | u32::from(*c.get(2).unwrap_or(&0));
        for k in 0..4 {
            if k <= c.len() {
                s.push(A[(n >> (18 - 6 * k)) as usize & 63] as char);
            } else {
                s.push('=');
            }
        }
    }
    s
}
