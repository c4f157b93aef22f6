//! What the integration tests share: where the repository and `../shared` are,
//! and how a test that needs `../shared` skips.
//!
//! A user's fresh clone has no `../shared`: a test that needs it skips with a
//! line on the terminal — written straight to standard error, past the test
//! harness's capture, so a plain `cargo test` shows it. In CI (where `CI` is
//! set and `../shared` exists) a missing file is a failure.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};

/// The repository root.
pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared/<rel>` when it exists; otherwise a visible skip (`None`) or, in CI, a failure.
pub fn shared(rel: &str) -> Option<PathBuf> {
    let p = repo().join("../shared").join(rel);
    if p.exists() {
        return Some(p);
    }
    assert!(std::env::var_os("CI").is_none(), "{} is missing in CI", p.display());
    skip(&format!("{} not found (no ../shared beside the checkout)", p.display()));
    None
}

/// `../shared/data/<rel>`, as [`shared`].
pub fn shared_data(rel: &str) -> Option<PathBuf> {
    shared(&format!("data/{rel}"))
}

thread_local! {
    /// Whether this test (each runs on a thread of its own) has said why it skips.
    static SAID: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Says on the terminal why a test (or part of one) did not run: one line
/// per test, the first reason (a test that needs three missing files says so once).
pub fn skip(why: &str) {
    if SAID.with(|s| s.replace(true)) {
        return;
    }
    let name = std::thread::current().name().unwrap_or("test").to_string();
    let _ = writeln!(std::io::stderr(), "SKIPPED {name}: {why}");
}

/// The embedded gazetteer plus the GeoNames Balochistan file, districts from the
/// OSM 2023 polygons — what a user gets with `--gazetteer` and `--districts` —
/// or `None` (a visible skip) without `../shared`.
pub fn geonames_gazetteer() -> Option<incident_mapper::gazetteer::Gazetteer> {
    use incident_mapper::config;
    let gfile = shared_data("gazetteer/balochistan_geonames.txt")?;
    let dfile = shared_data("boundaries/balochistan_districts_osm2023.geojson")?;
    let b = config::load_boundaries(Some(&dfile), None).expect("OSM district polygons load");
    Some(
        config::load_gazetteer(&[gfile], b.as_ref(), None)
            .expect("GeoNames file loads")
            .0,
    )
}

/// A fresh, empty work folder for one test: `<tmp>/im-<name>-<pid>`.
///
/// Removed when the test is done with it; kept when the test panics, and named on
/// standard error, so a failure's files can be looked at.
pub fn workdir(name: &str) -> Workdir {
    let d = std::env::temp_dir().join(format!("im-{}-{}", name, std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    Workdir(d)
}

/// A test's work folder (see [`workdir`]); derefs to its path.
#[derive(Debug)]
pub struct Workdir(PathBuf);

impl std::ops::Deref for Workdir {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl AsRef<Path> for Workdir {
    fn as_ref(&self) -> &Path {
        &self.0
    }
}

impl AsRef<std::ffi::OsStr> for Workdir {
    fn as_ref(&self) -> &std::ffi::OsStr {
        self.0.as_os_str()
    }
}

impl Drop for Workdir {
    fn drop(&mut self) {
        if std::thread::panicking() {
            eprintln!("test files kept in {}", self.0.display());
        } else {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

/// Runs the binary in `dir` with `args`.
pub fn run_in(dir: &Path, args: &[&str]) -> std::process::Output {
    use assert_cmd::prelude::*;
    std::process::Command::cargo_bin("incident-mapper")
        .unwrap()
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap()
}

/// Whether two PNGs have the same size and pixels, the bottom 5 % (the footer
/// with the creation date) aside.
pub fn same_but_footer(a: &[u8], b: &[u8]) -> bool {
    same_above(a, b, 5)
}

/// Whether two PNGs have the same size and pixels, the bottom `percent` % aside.
pub fn same_above(a: &[u8], b: &[u8], percent: usize) -> bool {
    let decode = |bytes: &[u8]| {
        let mut r = png::Decoder::new(bytes).read_info().unwrap();
        let mut px = vec![0; r.output_buffer_size()];
        let info = r.next_frame(&mut px).unwrap();
        (info.width, info.height, info.line_size, px)
    };
    let (wa, ha, line, pa) = decode(a);
    let (wb, hb, _, pb) = decode(b);
    if (wa, ha) != (wb, hb) {
        return false;
    }
    let footer = ha as usize - ha as usize * percent / 100;
    (0..footer).all(|y| pa[y * line..(y + 1) * line] == pb[y * line..(y + 1) * line])
}

/// Whether GDAL's `ogrinfo` is installed; if not, a visible skip — a failure in CI, which installs it.
pub fn have_ogrinfo() -> bool {
    let have = std::process::Command::new("ogrinfo")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !have {
        assert!(std::env::var_os("CI").is_none(), "CI must install gdal-bin (ogrinfo)");
        skip("ogrinfo not installed (outside CI); apt-get install gdal-bin");
    }
    have
}

/// `ogrinfo -ro -al -so [extra] FILE`'s summary (layer, count, extent, SRS, fields); fails the test when ogrinfo does.
pub fn ogrinfo_summary(file: &Path, extra: &[&str]) -> String {
    let o = std::process::Command::new("ogrinfo")
        .args(["-ro", "-al", "-so"])
        .args(extra)
        .arg(file)
        .output()
        .unwrap();
    let s = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(o.status.success(), "{s}{}", String::from_utf8_lossy(&o.stderr));
    s
}
