//! What `-o` does to what it names (issue 12, "files destroyed"): a regular
//! file or a new name is replaced atomically; a symbolic link's target is
//! written and the link stays; a FIFO or a device is written in place as a
//! stream, never replaced, and a write error there fails the run. Devices and
//! FIFOs are made inside a temporary folder, never on the real /dev.

mod common;

use std::fs;
use std::os::unix::fs::FileTypeExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use assert_cmd::prelude::*;

fn workdir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("im-out-{}-{}", name, std::process::id()));
    let _ = fs::remove_dir_all(&d);
    fs::create_dir_all(&d).unwrap();
    d
}

/// A two-row incidents file in `d`.
fn input(d: &Path) -> PathBuf {
    let p = d.join("in.csv");
    fs::write(&p, "id,date,location,fatalities\n1,2025-03-01,Turbat,2\n2,2025-03-02,Gwadar,0\n").unwrap();
    p
}

fn geocode(inp: &Path, out: &Path) -> std::process::Output {
    Command::cargo_bin("incident-mapper")
        .unwrap()
        .args(["geocode", "-q"])
        .arg(inp)
        .arg("-o")
        .arg(out)
        .output()
        .unwrap()
}

/// Names of the folder's entries other than the input: no temporary litter.
fn litter(d: &Path) -> Vec<String> {
    fs::read_dir(d)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect()
}

#[test]
fn a_symlink_is_followed_and_stays_a_link() {
    let d = workdir("symlink");
    let inp = input(&d);
    let target = d.join("real.csv");
    fs::write(&target, "old\n").unwrap();
    let link = d.join("link.csv");
    std::os::unix::fs::symlink("real.csv", &link).unwrap();
    let o = geocode(&inp, &link);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "the link was replaced");
    let written = fs::read_to_string(&target).unwrap();
    assert!(written.starts_with("id,date,location,fatalities"), "{written}");
    assert_eq!(written.lines().count(), 3);
    assert!(litter(&d).is_empty(), "{:?}", litter(&d));
}

#[test]
fn a_fifo_is_written_in_place_and_its_reader_gets_the_rows() {
    let d = workdir("fifo");
    let inp = input(&d);
    let fifo = d.join("pipe.csv");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        common::skip("mkfifo is not available here");
        return;
    }
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || fs::read_to_string(fifo).unwrap())
    };
    let o = geocode(&inp, &fifo);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let got = reader.join().unwrap();
    assert_eq!(got.lines().count(), 3, "{got}");
    assert!(got.contains("Turbat") && got.contains("Kech"), "{got}");
    assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo(), "the FIFO was replaced");
    assert!(litter(&d).is_empty(), "{:?}", litter(&d));
}

/// Makes a character device like /dev/null (1,3) or /dev/full (1,7) in `d`;
/// `None` (a visible skip) where this user may not.
fn device(d: &Path, name: &str, minor: &str) -> Option<PathBuf> {
    let p = d.join(name);
    let ok = Command::new("mknod").arg(&p).args(["c", "1", minor]).status();
    if ok.is_ok_and(|s| s.success()) {
        Some(p)
    } else {
        common::skip("mknod is not permitted here (it needs root)");
        None
    }
}

#[test]
fn a_device_is_written_in_place_and_stays_a_device() {
    let d = workdir("device");
    let inp = input(&d);
    let Some(null) = device(&d, "null", "3") else { return };
    let o = geocode(&inp, &null);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(fs::metadata(&null).unwrap().file_type().is_char_device(), "the device was replaced");
    assert!(litter(&d).is_empty(), "{:?}", litter(&d));
}

#[test]
fn a_full_device_fails_the_run() {
    let d = workdir("full");
    let inp = input(&d);
    let Some(full) = device(&d, "full", "7") else { return };
    let o = geocode(&inp, &full);
    assert!(!o.status.success(), "writing to a full device reported success");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("full") && err.to_lowercase().contains("space"), "{err}");
    assert!(fs::metadata(&full).unwrap().file_type().is_char_device());
}

#[test]
fn a_regular_file_is_replaced_and_a_folder_is_refused() {
    let d = workdir("regular");
    let inp = input(&d);
    let out = d.join("out.csv");
    fs::write(&out, "old\n").unwrap();
    let o = geocode(&inp, &out);
    assert!(o.status.success());
    assert_eq!(fs::read_to_string(&out).unwrap().lines().count(), 3);
    let sub = d.join("folder");
    fs::create_dir(&sub).unwrap();
    let o = geocode(&inp, &sub);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("is a directory"));
    assert!(sub.is_dir());
    assert!(litter(&d).is_empty(), "{:?}", litter(&d));
}
