//! The command line speaks with one voice (issue 12, item 13): every option
//! has help text, every subcommand answers --version, the same key is spelled
//! the same way everywhere, and errors name the command they belong to.

mod common;

use std::process::Command;

use assert_cmd::prelude::*;
use clap::CommandFactory;
use incident_mapper::cli::Cli;

/// Every subcommand, nested ones included, with its path of names.
fn walk(c: &clap::Command, path: Vec<String>, out: &mut Vec<(Vec<String>, clap::Command)>) {
    for s in c.get_subcommands() {
        let mut p = path.clone();
        p.push(s.get_name().to_string());
        out.push((p.clone(), s.clone()));
        walk(s, p, out);
    }
}

#[test]
fn every_option_and_subcommand_has_help_text() {
    let mut cli = Cli::command();
    cli.build();
    let mut all = Vec::new();
    walk(&cli, vec![], &mut all);
    assert!(all.len() >= 9, "{}", all.len());
    let mut missing = Vec::new();
    for (path, c) in &all {
        if c.get_about().is_none() {
            missing.push(format!("{} (the subcommand)", path.join(" ")));
        }
        for a in c.get_arguments() {
            let id = a.get_id().as_str();
            if matches!(id, "help" | "version") {
                continue;
            }
            if a.get_help().is_none() && a.get_long_help().is_none() {
                missing.push(format!("{} {id}", path.join(" ")));
            }
        }
    }
    assert!(missing.is_empty(), "without help text: {missing:?}");
}

#[test]
fn every_subcommand_answers_version() {
    let version = env!("CARGO_PKG_VERSION");
    for sub in ["geocode", "count", "map", "chart", "extract", "run"] {
        let o = Command::cargo_bin("incident-mapper")
            .unwrap()
            .args([sub, "--version"])
            .output()
            .unwrap();
        assert!(o.status.success(), "{sub}: {}", String::from_utf8_lossy(&o.stderr));
        assert!(String::from_utf8_lossy(&o.stdout).contains(version), "{sub}");
    }
}

#[test]
fn event_type_is_spelled_either_way_in_count_and_chart() {
    let d = common::workdir("cli-event-type");
    std::fs::write(
        d.join("in.csv"),
        "location,date,event_type\nTurbat,2025-03-01,Battles\nGwadar,2025-03-02,Battles\nQuetta,2025-03-03,Riots\n",
    )
    .unwrap();
    for key in ["event_type", "event-type"] {
        let o = Command::cargo_bin("incident-mapper")
            .unwrap()
            .current_dir(&d)
            .args(["count", "in.csv", "--format", "csv", "--by", key])
            .output()
            .unwrap();
        assert!(o.status.success(), "count --by {key}");
        assert!(
            String::from_utf8_lossy(&o.stdout).contains("Battles,2,0"),
            "count --by {key}"
        );
        let o = Command::cargo_bin("incident-mapper")
            .unwrap()
            .current_dir(&d)
            .args(["chart", "in.csv", "-q", "-o", "c.svg", "--by", key])
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "chart --by {key}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
    let o = Command::cargo_bin("incident-mapper")
        .unwrap()
        .current_dir(&d)
        .args(["chart", "in.csv", "-o", "c.png", "--size", "10x10"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(11));
    assert!(err.contains("chart size") && !err.contains("map size"), "{err}");
}

/// One rule for -o in every command: it names the output, and without it the
/// output goes to standard output — except that an image is never written to
/// a terminal.
#[test]
fn without_o_every_command_writes_to_standard_output() {
    let d = common::workdir("cli-stdout");
    std::fs::write(
        d.join("in.csv"),
        "location,date\nTurbat,2025-03-01\nGwadar,2025-03-02\n",
    )
    .unwrap();
    let std_out = |args: &[&str]| {
        let o = common::run_in(&d, args);
        assert!(o.status.success(), "{args:?}: {}", String::from_utf8_lossy(&o.stderr));
        o.stdout
    };
    assert!(std_out(&["geocode", "in.csv", "-q"]).starts_with(b"{\"type\":\"FeatureCollection\""));
    assert!(String::from_utf8_lossy(&std_out(&["count", "in.csv", "-q"])).contains("Kech"));
    assert!(std_out(&["map", "in.csv", "-q"]).starts_with(b"\x89PNG"));
    assert!(std_out(&["chart", "in.csv", "-q"]).starts_with(b"\x89PNG"));
    std::fs::write(d.join("a.txt"), "A blast in Turbat.").unwrap();
    assert!(String::from_utf8_lossy(&std_out(&["extract", "a.txt", "-q"])).contains("Turbat"));
    // On a terminal (made with `script`), a PNG is refused.
    let bin = assert_cmd::cargo::cargo_bin("incident-mapper");
    let sh = format!("cd {} && {} map in.csv -q", d.display(), bin.display());
    let Ok(o) = Command::new("script").args(["-qec", &sh, "/dev/null"]).output() else {
        common::skip("script (util-linux) is not installed");
        return;
    };
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("refusing to write a PNG to the terminal"), "{text}");
    assert_eq!(o.status.code(), Some(11));
}

/// `run` takes the options the README gives it: --dedup, --dedup-days, and geocode's reading options.
#[test]
fn run_takes_the_options_the_readme_gives_it() {
    let d = common::workdir("cli-run");
    let o = common::run_in(
        &d,
        &[
            "run",
            "-q",
            "-o",
            "out",
            "--dedup",
            "--dedup-days",
            "3",
            "--on-error",
            "skip",
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(d.join("out/incidents.geojson")).unwrap()).unwrap();
    // With --dedup every feature says how many rows it stands for.
    assert!(v["features"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["properties"]["geo_dedup_count"].is_number()));
    let readme = std::fs::read_to_string(common::repo().join("README.md")).unwrap();
    let line = readme.lines().find(|l| l.starts_with("incident-mapper run ")).unwrap();
    for opt in line.split(['[', ']', ' ']).filter(|w| w.starts_with("--")) {
        let help = common::run_in(&d, &["run", "--help"]);
        assert!(
            String::from_utf8_lossy(&help.stdout).contains(opt),
            "run lacks {opt}, which README gives it"
        );
    }
}

/// `extract` shows a progress bar on a terminal (made with `script`) as it
/// reads a long text window by window, and none when standard error is not one.
#[test]
fn extract_shows_progress_on_a_terminal_only() {
    let d = common::workdir("cli-extract-progress");
    let para = "Militants attacked a checkpost in Turbat on Monday. Police in Quetta said two men were held.\n\n";
    std::fs::write(d.join("long.txt"), para.repeat(6_000_000 / para.len())).unwrap();
    let o = common::run_in(&d, &["extract", "long.txt", "-o", "m.csv"]);
    assert!(o.status.success());
    assert!(
        !String::from_utf8_lossy(&o.stderr).contains("MB read"),
        "no bar in a pipe"
    );
    let bin = assert_cmd::cargo::cargo_bin("incident-mapper");
    let sh = format!("cd {} && {} extract long.txt -o m.csv", d.display(), bin.display());
    let Ok(o) = Command::new("script").args(["-qec", &sh, "/dev/null"]).output() else {
        common::skip("script (util-linux) is not installed");
        return;
    };
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("long.txt: 1.0 MB read"), "{text}");
    assert!(text.contains("1 document(s)"), "{text}");
}
