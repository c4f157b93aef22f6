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

use common::workdir;

/// A two-row incidents file in `d`.
fn input(d: &Path) -> PathBuf {
    let p = d.join("in.csv");
    fs::write(
        &p,
        "id,date,location,fatalities\n1,2025-03-01,Turbat,2\n2,2025-03-02,Gwadar,0\n",
    )
    .unwrap();
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
    assert!(
        fs::symlink_metadata(&link).unwrap().file_type().is_symlink(),
        "the link was replaced"
    );
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
    // The test holds the FIFO open for reading and writing, without blocking: the
    // run's writer never waits, and a run that replaced the FIFO leaves it empty
    // (the test then fails instead of waiting forever).
    use std::io::Read;
    use std::os::unix::fs::OpenOptionsExt;
    const O_NONBLOCK: i32 = 0o4000;
    let mut held = fs::OpenOptions::new()
        .read(true)
        .write(true)
        .custom_flags(O_NONBLOCK)
        .open(&fifo)
        .unwrap();
    let o = geocode(&inp, &fifo);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mut bytes = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match held.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => bytes.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => break,
            Err(e) => panic!("{e}"),
        }
    }
    let got = String::from_utf8_lossy(&bytes).into_owned();
    assert_eq!(got.lines().count(), 3, "{got}");
    assert!(got.contains("Turbat") && got.contains("Kech"), "{got}");
    assert!(
        fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo(),
        "the FIFO was replaced"
    );
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
    assert!(
        fs::metadata(&null).unwrap().file_type().is_char_device(),
        "the device was replaced"
    );
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

fn run(args: &[&str], d: &Path) -> std::process::Output {
    common::run_in(d, args)
}

/// A one-polygon district file (Kech's rough box) and a crosswalk in `d`.
fn reference_files(d: &Path) -> (PathBuf, PathBuf) {
    let districts = d.join("districts.geojson");
    fs::write(
        &districts,
        r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"district":"Kech"},
        "geometry":{"type":"Polygon","coordinates":[[[62,25],[64.5,25],[64.5,27],[62,27],[62,25]]]}}]}"#,
    )
    .unwrap();
    let crosswalk = d.join("crosswalk.csv");
    fs::write(&crosswalk, "name,district\nTurbat district,Kech\n").unwrap();
    (districts, crosswalk)
}

#[test]
fn no_output_may_overwrite_a_file_the_command_reads() {
    let d = workdir("reads");
    input(&d);
    let (districts, crosswalk) = reference_files(&d);
    let before = fs::read(&districts).unwrap();
    std::os::unix::fs::symlink("districts.geojson", d.join("link.geojson")).unwrap();
    fs::hard_link(&crosswalk, d.join("hard.csv")).unwrap();
    // Each a command line (split on spaces) whose output is a file it reads, or two outputs one file.
    let cases = [
        "count in.csv --districts districts.geojson -o districts.geojson",
        "count in.csv --districts districts.geojson --geojson ./districts.geojson",
        "map in.csv --districts districts.geojson -o link.geojson",
        "geocode in.csv --crosswalk crosswalk.csv -o hard.csv",
        "geocode in.csv --gazetteer crosswalk.csv -o out.geojson --unmatched crosswalk.csv",
        "chart in.csv --districts districts.geojson -o districts.geojson",
        "extract in.csv --districts districts.geojson --incidents districts.geojson",
        "count in.csv --per-capita --populations crosswalk.csv -o crosswalk.csv",
        "count in.csv --districts districts.geojson -o x.csv --geojson x.csv",
    ];
    for line in cases {
        let args: Vec<&str> = line.split(' ').collect();
        let o = run(&args, &d);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(10), "{args:?}: {err}");
        assert!(
            err.contains("refusing to overwrite") || err.contains("named for two outputs"),
            "{args:?}: {err}"
        );
        assert_eq!(
            fs::read(&districts).unwrap(),
            before,
            "{args:?} changed the districts file"
        );
        assert!(
            fs::read_to_string(&crosswalk).unwrap().starts_with("name,district"),
            "{args:?}"
        );
    }
    assert!(fs::symlink_metadata(d.join("link.geojson"))
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(!d.join("x.csv").exists());
}

#[test]
fn an_image_is_written_only_under_a_name_that_says_its_format() {
    let d = workdir("ext");
    input(&d);
    for (cmd, out) in [
        ("map", "m.jpg"),
        ("chart", "c.pdf"),
        ("map", "m"),
        ("chart", "c.PNG.txt"),
    ] {
        let o = run(&[cmd, "in.csv", "-o", out], &d);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(11), "{cmd} {out}: {err}");
        assert!(err.contains(".png or .svg"), "{err}");
        assert!(!d.join(out).exists());
    }
    for (cmd, out, magic) in [("map", "m.PNG", &b"\x89PNG"[..]), ("chart", "c.svg", &b"<svg"[..])] {
        let o = run(&[cmd, "in.csv", "-q", "-o", out], &d);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let bytes = fs::read(d.join(out)).unwrap();
        assert!(bytes.windows(magic.len()).take(200).any(|w| w == magic), "{out}");
    }
}

#[test]
fn messages_never_carry_control_characters_from_the_input() {
    let d = workdir("escape");
    fs::write(
        d.join("esc.csv"),
        "id,date,location,latitude,longitude\n1,2025-03-01,Tur\x1b[31mbat,3\x1b]0;pwned\x07,66\n",
    )
    .unwrap();
    fs::write(d.join("esc\x1b[2J.csv"), "id,location\n1,\n").unwrap();
    for args in [
        vec!["geocode", "esc.csv", "-o", "out.geojson"],
        vec!["count", "esc.csv"],
        vec![
            "geocode",
            "esc.csv",
            "-o",
            "o.geojson",
            "--location-column",
            "pl\x1bace",
        ],
        vec!["count", "esc\x1b[2J.csv"],
        vec!["geocode", "esc.csv", "-o", "o2.geojson", "--on-error", "skip"],
    ] {
        let o = run(&args, &d);
        let all = [o.stderr.as_slice(), o.stdout.as_slice()].concat();
        assert!(
            !all.iter().any(|&b| b == 0x1b || b == 0x07),
            "{args:?}: {}",
            String::from_utf8_lossy(&all)
        );
        if !args.contains(&"skip") {
            assert!(
                String::from_utf8_lossy(&o.stderr).contains("\\u{1b}"),
                "{args:?}: {}",
                String::from_utf8_lossy(&o.stderr)
            );
        }
    }
}

/// A CSV of `n` good rows with a bad one (empty location, no coordinates) at row `bad_at`.
fn many_rows(d: &Path, n: usize, bad_at: Option<usize>) -> PathBuf {
    use std::fmt::Write as _;
    let names = ["Turbat", "Gwadar", "Quetta", "Panjgur", "Khuzdar", "Mastung"];
    let mut s = String::from("id,date,location,fatalities\n");
    for i in 0..n {
        if Some(i) == bad_at {
            writeln!(s, "{i},2025-03-01,,").unwrap();
        } else {
            writeln!(s, "{i},2025-03-{:02},{},{}", i % 28 + 1, names[i % names.len()], i % 4).unwrap();
        }
    }
    let p = d.join("many.csv");
    fs::write(&p, s).unwrap();
    p
}

#[test]
fn a_signal_removes_the_temporary_file_and_exits_as_shells_expect() {
    let d = workdir("signal");
    let inp = many_rows(&d, 400_000, None);
    for (sig, code) in [("INT", 130), ("TERM", 143), ("HUP", 129)] {
        let out = d.join("out.geojson");
        let mut child = Command::cargo_bin("incident-mapper")
            .unwrap()
            .args(["geocode", "-q"])
            .arg(&inp)
            .arg("-o")
            .arg(&out)
            .spawn()
            .unwrap();
        // Wait for the temporary file to appear, then interrupt.
        let t0 = std::time::Instant::now();
        while litter(&d).is_empty() && t0.elapsed().as_secs() < 20 {
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        let started = !litter(&d).is_empty();
        Command::new("kill")
            .arg(format!("-{sig}"))
            .arg(child.id().to_string())
            .status()
            .unwrap();
        let status = child.wait().unwrap();
        if !started {
            // The run finished before we saw its temporary file: nothing to test on this machine.
            common::skip("the run finished before it could be interrupted");
            continue;
        }
        assert_eq!(status.code(), Some(code), "SIG{sig}");
        assert!(litter(&d).is_empty(), "SIG{sig} left {:?}", litter(&d));
        assert!(!out.exists(), "SIG{sig}: a partial output was renamed into place");
    }
}

#[test]
fn a_failing_run_on_standard_output_says_the_stream_is_incomplete() {
    let d = workdir("stdout-fail");
    let inp = many_rows(&d, 3000, Some(2000));
    let o = Command::cargo_bin("incident-mapper")
        .unwrap()
        .args(["geocode", "-o", "-"])
        .arg(&inp)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(6));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("many.csv:2002"), "{err}");
    assert!(err.contains("standard output is incomplete"), "{err}");
    // What was streamed is the start of a collection, not a whole one.
    assert!(o.stdout.starts_with(b"{\"type\":\"FeatureCollection\""));
    assert!(serde_json::from_slice::<serde_json::Value>(&o.stdout).is_err());
    // A run that succeeds says nothing of the kind.
    let good = many_rows(&d, 10, None);
    let o = Command::cargo_bin("incident-mapper")
        .unwrap()
        .args(["geocode", "-o", "-"])
        .arg(&good)
        .output()
        .unwrap();
    assert!(o.status.success());
    assert!(!String::from_utf8_lossy(&o.stderr).contains("incomplete"));
    assert!(serde_json::from_slice::<serde_json::Value>(&o.stdout).is_ok());
}

#[test]
fn a_closed_standard_output_ends_the_run_quietly() {
    let d = workdir("pipe");
    let inp = many_rows(&d, 200_000, None);
    let sh = format!(
        "{} geocode -q -o - {} | head -c 100 >/dev/null; echo ${{PIPESTATUS[0]}}",
        assert_cmd::cargo::cargo_bin("incident-mapper").display(),
        inp.display()
    );
    let o = Command::new("bash").args(["-c", &sh]).output().unwrap();
    assert_eq!(
        String::from_utf8_lossy(&o.stdout).trim(),
        "0",
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(
        !String::from_utf8_lossy(&o.stderr).contains("Broken pipe"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn count_map_and_chart_write_the_rows_they_reject() {
    let d = workdir("rejects");
    fs::write(
        d.join("rej.csv"),
        "id,date,location,latitude,longitude\n1,2025-03-01,Turbat,,\n2,2025-03-02,,,\n3,2025-03-03,Gwadar,95,62\n4,2025-03-04,Quetta,,\n",
    )
    .unwrap();
    for (args, rejects) in [
        (
            vec!["count", "rej.csv", "--on-error", "skip", "-o", "c.csv"],
            "c.rejects.csv",
        ),
        (vec!["count", "rej.csv", "--on-error", "skip"], "rejects.csv"),
        (
            vec!["map", "rej.csv", "--on-error", "skip", "-o", "m.png"],
            "m.rejects.csv",
        ),
        (
            vec![
                "chart",
                "rej.csv",
                "--on-error",
                "skip",
                "-o",
                "ch.svg",
                "--rejects",
                "mine.csv",
            ],
            "mine.csv",
        ),
    ] {
        let _ = fs::remove_file(d.join(rejects));
        let o = run(&args, &d);
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(o.status.success(), "{args:?}: {err}");
        assert!(
            err.contains("4 rows read") && err.contains(&format!("2 rejected, written to {rejects}")),
            "{args:?}: {err}"
        );
        let text = fs::read_to_string(d.join(rejects)).unwrap_or_else(|_| panic!("{args:?}: no {rejects}"));
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3, "{text}");
        assert!(lines[0].starts_with("line,reason,raw,id,date,location"));
        assert!(
            lines[1].starts_with("3,") && lines[1].contains("'location' is empty"),
            "{text}"
        );
        assert!(
            lines[2].starts_with("4,") && lines[2].contains("out of range"),
            "{text}"
        );
    }
    // Counted + rejected = read.
    let o = run(
        &[
            "count",
            "rej.csv",
            "--on-error",
            "skip",
            "--format",
            "csv",
            "--by",
            "province",
            "-o",
            "p.csv",
        ],
        &d,
    );
    assert!(o.status.success());
    let counted: u64 = fs::read_to_string(d.join("p.csv"))
        .unwrap()
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(1).unwrap().parse::<u64>().unwrap())
        .sum();
    assert_eq!(counted, 2);
}
