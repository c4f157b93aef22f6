//! Encodings found without a second pass (issue 12, item 9): a Windows-1252
//! letter first met at row 500 is read, not rejected; a file declared UTF-8
//! with a bad byte names `--encoding windows-1252`; UTF-16 without a BOM is
//! recognised by its NUL bytes, in `geocode` and in `extract`.

mod common;

use std::fs;

use common::workdir;

use common::run_in as run;

/// 600 plain rows, then one with an é and an en dash in Windows-1252.
fn late_1252(crlf: bool) -> Vec<u8> {
    let nl = if crlf { "\r\n" } else { "\n" };
    let mut s = format!("id,date,location,notes{nl}");
    for i in 0..600 {
        s.push_str(&format!("{i},2025-03-01,Turbat,plain{nl}"));
    }
    let mut b = s.into_bytes();
    b.extend_from_slice(b"600,2025-03-02,Gwadar,caf\xe9 \x96 blast");
    b.extend_from_slice(nl.as_bytes());
    b
}

#[test]
fn a_windows_1252_letter_late_in_the_file_is_read_with_a_warning() {
    let d = workdir("late");
    for crlf in [false, true] {
        fs::write(d.join("late.csv"), late_1252(crlf)).unwrap();
        let o = run(&d, &["geocode", "late.csv", "-o", "out.geojson"]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(o.status.success(), "{err}");
        assert!(
            err.contains("not UTF-8 from byte") && err.contains("Windows-1252"),
            "{err}"
        );
        let v: serde_json::Value = serde_json::from_str(&fs::read_to_string(d.join("out.geojson")).unwrap()).unwrap();
        let f = v["features"].as_array().unwrap();
        assert_eq!(f.len(), 601);
        assert_eq!(f[600]["properties"]["notes"], "café – blast");
        assert_eq!(f[600]["properties"]["geo_district"], "Gwadar");
        // count reads it the same way.
        let o = run(&d, &["count", "late.csv", "--format", "csv", "--by", "province"]);
        assert!(o.status.success());
        assert!(String::from_utf8_lossy(&o.stdout).contains("Balochistan,601,"));
    }
}

#[test]
fn a_declared_utf8_file_with_a_bad_byte_names_the_encoding_to_use() {
    let d = workdir("declared");
    for crlf in [false, true] {
        fs::write(d.join("late.csv"), late_1252(crlf)).unwrap();
        let o = run(&d, &["geocode", "late.csv", "--encoding", "utf-8", "-o", "out.geojson"]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(5), "{err}");
        // The header is line 1: the bad row is line 602, CRLF or not.
        assert!(err.contains("late.csv:602:"), "{err}");
        assert!(err.contains("--encoding windows-1252"), "{err}");
    }
}

#[test]
fn utf16_without_a_bom_is_recognised() {
    let d = workdir("utf16");
    let csv = "id,date,location\n1,2025-03-01,Turbat\n2,2025-03-02,Gwadar\n";
    let le: Vec<u8> = csv.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
    let be: Vec<u8> = csv.encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
    for (name, bytes, enc) in [("le.csv", &le, "UTF-16LE"), ("be.csv", &be, "UTF-16BE")] {
        fs::write(d.join(name), bytes).unwrap();
        let o = run(&d, &["geocode", name, "-o", "out.csv"]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(o.status.success(), "{err}");
        assert!(err.contains(enc), "{err}");
        let out = fs::read_to_string(d.join("out.csv")).unwrap();
        assert_eq!(out.lines().count(), 3);
        assert!(out.contains("Kech") && out.contains("Gwadar"), "{out}");
    }
    // extract: UTF-16 text, with or without a BOM, gives its places (not zero mentions).
    let text = "A blast in Turbat killed two people on 3 March 2025.\n";
    let mut bom = vec![0xFF, 0xFE];
    bom.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
    let plain: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
    for (name, bytes) in [("bom.txt", bom), ("nobom.txt", plain)] {
        fs::write(d.join(name), bytes).unwrap();
        let o = run(&d, &["extract", name]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let out = String::from_utf8_lossy(&o.stdout);
        assert!(out.contains(",Turbat,") && out.contains("Kech"), "{name}: {out}");
    }
}
