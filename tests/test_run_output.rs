//! `output/` holds exactly what `cargo run --release -- run` writes on a
//! clean clone (issue 13, "a fresh clone passes"): this test runs `run` into
//! a temporary folder and compares every file byte for byte — except the
//! maps' footer line, which states the day the map was made (a user who ran
//! `run` today has today's date there): PNG rows may differ only in the
//! footer band. When an output changes on purpose, rebuild it with
//! `SOURCE_DATE_EPOCH=1796342400 cargo run --release -- run` (README).

mod common;

use std::collections::BTreeSet;
use std::fs;

/// The date in the committed maps' footers: 2026-12-04.
const EPOCH: &str = "1796342400";

#[test]
fn output_holds_exactly_what_run_writes() {
    let d = common::workdir("run-output");
    let o = std::process::Command::new(assert_cmd::cargo::cargo_bin("incident-mapper"))
        .current_dir(common::repo())
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .args(["run", "-q", "-o"])
        .arg(d.join("out"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let names = |dir: &std::path::Path| -> BTreeSet<String> {
        fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect()
    };
    let committed = common::repo().join("output");
    let written = names(&d.join("out"));
    assert_eq!(names(&committed), written, "output/ holds other files than run writes");
    for f in &written {
        let (a, b) = (
            fs::read(committed.join(f)).unwrap(),
            fs::read(d.join("out").join(f)).unwrap(),
        );
        let same = if f.ends_with(".png") {
            same_but_footer(&a, &b)
        } else {
            a == b
        };
        assert!(
            same,
            "output/{f} is not what run writes now: rebuild it with SOURCE_DATE_EPOCH={EPOCH} cargo run --release -- run"
        );
    }
}

/// Whether two PNGs have the same size and pixels, the bottom 5 % (the footer
/// with the creation date) aside.
fn same_but_footer(a: &[u8], b: &[u8]) -> bool {
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
    let footer = ha as usize - ha as usize * 5 / 100;
    (0..footer).all(|y| pa[y * line..(y + 1) * line] == pb[y * line..(y + 1) * line])
}
