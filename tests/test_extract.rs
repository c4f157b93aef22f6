//! `extract`: place mentions in news text, measured against a hand-made gold
//! list for the five seed articles (`tests/data/seed_mentions.csv`, traps in
//! `tests/data/seed_traps.csv`), each trap of the issue, and the command.

mod common;

use incident_mapper::extract::{Extraction, Extractor, Status};
use incident_mapper::gazetteer::Gazetteer;
use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

/// Rows of a gold CSV (lines starting with '#' are comments).
fn gold_rows(name: &str) -> Vec<HashMap<String, String>> {
    let text = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(name)).unwrap();
    let body: String = text
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| format!("{l}\n"))
        .collect();
    let mut r = csv::Reader::from_reader(body.as_bytes());
    let head = r.headers().unwrap().clone();
    r.records()
        .map(|x| {
            head.iter()
                .zip(x.unwrap().iter())
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// Byte range of the n-th occurrence (1-based) of `s` on word boundaries.
fn nth(text: &str, s: &str, n: usize) -> (usize, usize) {
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    let mut k = 0;
    for (i, _) in text.match_indices(s) {
        if word(text[..i].chars().next_back()) || word(text[i + s.len()..].chars().next()) {
            continue;
        }
        k += 1;
        if k == n {
            return (i, i + s.len());
        }
    }
    panic!("{s} #{n} not found");
}

struct Score {
    gold: usize,
    found: usize,
    predicted: usize,
    true_predictions: usize,
    right_place: usize,
    trap_hits: Vec<String>,
    misses: Vec<String>,
}

fn evaluate(gaz: &Gazetteer, seeds: PathBuf) -> Score {
    let ex = Extractor::new(gaz).with_published(chrono::NaiveDate::from_ymd_opt(2025, 6, 1));
    let mut docs: HashMap<String, (String, Extraction)> = HashMap::new();
    for e in fs::read_dir(&seeds).unwrap() {
        let p = e.unwrap().path();
        let text = fs::read_to_string(&p).unwrap();
        let x = ex.extract(&text);
        docs.insert(p.file_name().unwrap().to_string_lossy().into(), (text, x));
    }
    let overlaps = |a: (usize, usize), b: (usize, usize)| a.0 < b.1 && b.0 < a.1;
    let mut s = Score {
        gold: 0,
        found: 0,
        predicted: docs.values().map(|d| d.1.mentions.len()).sum(),
        true_predictions: 0,
        right_place: 0,
        trap_hits: Vec::new(),
        misses: Vec::new(),
    };
    let mut matched: Vec<(String, usize)> = Vec::new();
    for g in gold_rows("seed_mentions.csv") {
        let (text, x) = &docs[&g["file"]];
        let span = nth(text, &g["place_as_written"], g["occurrence"].parse().unwrap());
        s.gold += 1;
        let hit = x.mentions.iter().position(|m| overlaps((m.start, m.end), span));
        let Some(i) = hit else {
            s.misses.push(format!("{} {}", g["file"], g["place_as_written"]));
            continue;
        };
        s.found += 1;
        matched.push((g["file"].clone(), i));
        let m = &x.mentions[i];
        let p = m.place.map(|p| gaz.place(p));
        let ok = match g["district"].as_str() {
            "OUTSIDE" => m.status == Status::Outside,
            "COUNTRY" => p.is_some_and(|p| p.id == "country:pk"),
            "PROVINCE" => p.is_some_and(|p| p.kind == incident_mapper::model::PlaceKind::Province),
            "REGION" => true,
            d => p.is_some_and(|p| p.district.as_deref() == Some(d)),
        };
        s.right_place += ok as usize;
    }
    matched.sort();
    matched.dedup();
    s.true_predictions = matched.len();
    for t in gold_rows("seed_traps.csv") {
        let (text, x) = &docs[&t["file"]];
        let span = nth(text, &t["text_as_written"], t["occurrence"].parse().unwrap());
        if x.mentions.iter().any(|m| overlaps((m.start, m.end), span)) {
            s.trap_hits.push(format!("{} {}", t["file"], t["text_as_written"]));
        }
    }
    s
}

#[test]
fn seed_articles_recall_precision_and_resolution() {
    let Some(seeds) = common::shared("seeds") else { return };
    let gaz = Gazetteer::embedded();
    let s = evaluate(&gaz, seeds);
    let recall = s.found as f64 / s.gold as f64;
    let precision = s.true_predictions as f64 / s.predicted as f64;
    let resolved = s.right_place as f64 / s.found as f64;
    eprintln!(
        "embedded gazetteer: {} gold mentions, recall {recall:.3}, precision {precision:.3}, right place {resolved:.3}; missed {:?}",
        s.gold, s.misses
    );
    assert_eq!(s.gold, 388);
    assert!(recall >= 0.83, "recall {recall}");
    assert!(precision >= 0.99, "precision {precision}");
    assert!(resolved >= 0.99, "resolution {resolved}");
    assert!(s.trap_hits.is_empty(), "traps tagged as places: {:?}", s.trap_hits);
}

#[test]
fn seed_articles_with_the_geonames_gazetteer() {
    let (Some(seeds), Some(gn)) = (
        common::shared("seeds"),
        common::shared_data("gazetteer/balochistan_geonames.txt"),
    ) else {
        return;
    };
    let places = {
        let mut base = Gazetteer::embedded_places();
        Gazetteer::merge(&mut base, Gazetteer::read_file(&gn).unwrap());
        base
    };
    let gaz = Gazetteer::new(places, incident_mapper::gazetteer::districts::DistrictTable::embedded());
    let s = evaluate(&gaz, seeds);
    let recall = s.found as f64 / s.gold as f64;
    let precision = s.true_predictions as f64 / s.predicted as f64;
    let resolved = s.right_place as f64 / s.found as f64;
    eprintln!("with GeoNames: recall {recall:.3}, precision {precision:.3}, right place {resolved:.3}");
    // 16,202 villages bring homonyms ("Islamabad", "China", "Kashmir" are villages of Balochistan).
    assert!(recall >= 0.85, "recall {recall}");
    assert!(precision >= 0.97, "precision {precision}");
    assert!(resolved >= 0.95, "resolution {resolved}");
    assert!(s.trap_hits.is_empty(), "traps tagged as places: {:?}", s.trap_hits);
}

/// The mentions of `text` as (text as written, status, place name, district).
fn mentions(text: &str) -> Vec<(String, Status, String, Option<String>)> {
    let gaz = Gazetteer::embedded();
    let x = Extractor::new(&gaz).extract(text);
    x.mentions
        .iter()
        .map(|m| {
            let p = m.place.map(|p| gaz.place(p));
            (
                m.text.clone(),
                m.status,
                p.map(|p| p.name.clone()).unwrap_or_default(),
                p.and_then(|p| p.district.clone()),
            )
        })
        .collect()
}

fn names(text: &str) -> Vec<String> {
    mentions(text).into_iter().map(|m| m.0).collect()
}

#[test]
fn traps_common_words_organisations_trains_people() {
    // Lower-case words that are place names.
    assert!(names("the hub of the trade, a bela tree, mach and dasht in the story").is_empty());
    // Trains, organisations, a person named like a place.
    assert!(names("Militants stopped the Jaffar Express and the Bolan Mail.").is_empty());
    assert_eq!(
        names("The Balochistan Liberation Army said the Pakistan Army had withdrawn from Turbat."),
        ["Turbat"]
    );
    assert_eq!(
        names("Chief Minister Sarfraz Bugti visited Dera Bugti."),
        ["Dera Bugti"]
    );
    assert_eq!(
        names("The Human Rights Commission of Pakistan condemned it."),
        Vec::<String>::new()
    );
    // A capitalised common word at a sentence start that the text also writes in lower case.
    assert!(names("Hub of activity. The hub of it all.").is_empty());
    // But the town, written as a name mid-sentence.
    assert_eq!(names("A blast hit a market in Hub on Friday."), ["Hub"]);
}

#[test]
fn possessives_multiword_names_and_spellings() {
    let m = mentions("Quetta's police and Killa Abdullah's levies met in Dera Bugti; Naushki and Noshki are Nushki.");
    let got: Vec<(&str, &str)> = m.iter().map(|x| (x.0.as_str(), x.2.as_str())).collect();
    assert_eq!(
        got,
        [
            ("Quetta", "Quetta"),
            ("Killa Abdullah", "Killa Abdullah"),
            ("Dera Bugti", "Dera Bugti"),
            ("Naushki", "Nushki"),
            ("Noshki", "Nushki"),
            ("Nushki", "Nushki")
        ]
    );
}

#[test]
fn places_abroad_are_reported_as_outside() {
    let m = mentions("Officials in Iran, Afghanistan and India condemned the attack, as did Moscow and Washington.");
    assert_eq!(m.len(), 5);
    assert!(m.iter().all(|x| x.1 == Status::Outside), "{m:?}");
    assert_eq!(m[3].2, "Moscow");
}

#[test]
fn the_document_decides_between_namesakes() {
    // Pishin is a district (and town) of Balochistan and a town of Iran's Sistan and Baluchestan.
    let pk = mentions("Gunmen attacked a checkpoint in Pishin, near Quetta and Killa Abdullah.");
    assert_eq!((pk[0].1, pk[0].3.as_deref()), (Status::Resolved, Some("Pishin")));
    let ir = mentions("In Sistan and Baluchestan, gunmen attacked a post in Pishin, near Saravan and Zahedan.");
    let pishin = ir.iter().find(|x| x.0 == "Pishin").unwrap();
    assert_eq!(pishin.1, Status::Outside, "{ir:?}");
}

#[test]
fn an_unknown_place_is_reported_and_the_rest_still_resolves() {
    let m = mentions("Militants seized the town of Zarkhunabad and attacked Turbat.");
    assert_eq!(m.len(), 2);
    assert_eq!((m[0].0.as_str(), m[0].1), ("Zarkhunabad", Status::Unresolved));
    assert_eq!((m[1].0.as_str(), m[1].1), ("Turbat", Status::Resolved));
}

#[test]
fn candidate_incidents_with_date_and_casualties() {
    let gaz = Gazetteer::embedded();
    let ex = Extractor::new(&gaz).with_published(chrono::NaiveDate::from_ymd_opt(2025, 3, 20));
    let text = "In a complex assault on a bus convoy in Noshki on March 16, 22 attackers and 13 soldiers were killed. \
                Militants temporarily seized the towns of Manoghar on May 2 and Surab on May 31. \
                The weather in Gwadar was fine.";
    let x = ex.extract(text);
    let rows: Vec<(String, Option<String>, Option<u32>, Option<u32>)> = x
        .incidents
        .iter()
        .map(|i| {
            (
                x.mentions[i.mention].text.clone(),
                i.date.map(|d| d.iso()),
                i.killed,
                i.sentence_killed,
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("Noshki".into(), Some("2025-03-16".into()), Some(35), Some(35)),
            ("Manoghar".into(), Some("2024-05-02".into()), None, None),
            ("Surab".into(), Some("2024-05-31".into()), None, None),
        ]
    );
    assert_eq!(x.incidents[0].casualty_detail, "22 attackers + 13 soldiers killed");
}

fn cmd(args: &[&str], dir: &Path, stdin: Option<&str>) -> (String, String, Option<i32>) {
    let mut c = assert_cmd::Command::cargo_bin("incident-mapper").unwrap();
    c.current_dir(dir).args(args);
    if let Some(s) = stdin {
        c.write_stdin(s);
    }
    let o = c.output().unwrap();
    (
        String::from_utf8_lossy(&o.stdout).into(),
        String::from_utf8_lossy(&o.stderr).into(),
        o.status.code(),
    )
}

#[test]
fn command_writes_mentions_incidents_and_geojson_that_count_reads() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(
        d.join("a.txt"),
        "Gunmen attacked a convoy in Noshki on March 16, killing five soldiers.\nA blast in Turbat wounded 3 people on March 18.\n",
    )
    .unwrap();
    // CSV mentions on standard output from standard input.
    let (out, _, code) = cmd(&["extract", "-q"], d, Some("Blasts hit Quetta and Kabul."));
    assert_eq!(code, Some(0));
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with(
        "file,place_as_written,start,end,sentence,status,geo_name,geo_id,geo_kind,geo_district,geo_province"
    ));
    assert!(
        lines[1].starts_with("<stdin>,Quetta,11,17,1,resolved,Quetta,"),
        "{}",
        lines[1]
    );
    assert!(
        lines[2].starts_with("<stdin>,Kabul,22,27,1,outside,Kabul,"),
        "{}",
        lines[2]
    );

    // GeoJSON incidents, read by count.
    let (_, err, code) = cmd(
        &[
            "extract",
            "a.txt",
            "-o",
            "inc.geojson",
            "--published",
            "2025-03-20",
            "--incidents",
            "inc.csv",
        ],
        d,
        None,
    );
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("2 candidate incidents"), "{err}");
    let g: serde_json::Value = serde_json::from_str(&fs::read_to_string(d.join("inc.geojson")).unwrap()).unwrap();
    let f = &g["features"][0];
    assert_eq!(f["properties"]["geo_district"], "Nushki");
    assert_eq!(f["properties"]["geo_date"], "2025-03-16");
    assert_eq!(f["properties"]["geo_fatalities"], 5);
    for v in f["properties"].as_object().unwrap().values() {
        assert!(!v.is_object() && !v.is_array(), "flat properties only");
    }
    assert_eq!(g["features"][1]["properties"]["wounded"], 3);
    let (out, err, code) = cmd(&["count", "inc.geojson", "--format", "csv", "-q"], d, None);
    assert_eq!(code, Some(0), "{err}");
    let row = |name: &str| {
        out.lines()
            .find(|l| l.starts_with(&format!("{name},")))
            .unwrap_or("")
            .to_string()
    };
    assert_eq!(row("Nushki"), "Nushki,1,5", "{out}");
    assert_eq!(row("Kech"), "Kech,1,0", "{out}");
    assert_eq!(row("Quetta"), "Quetta,0,0", "{out}");
    let inc = fs::read_to_string(d.join("inc.csv")).unwrap();
    assert_eq!(inc.lines().count(), 3);
}

#[test]
fn text_that_is_not_utf8_is_an_error_with_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("bad.txt"), b"Quetta\nblast in Tur\xe9bat\n").unwrap();
    let (_, err, code) = cmd(&["extract", "bad.txt", "-o", "out.csv"], dir.path(), None);
    assert_eq!(code, Some(5));
    assert!(err.contains("bad.txt:2:13: not UTF-8 text"), "{err}");
    assert!(!dir.path().join("out.csv").exists());
}

#[test]
fn bad_arguments_and_files_are_errors_that_say_so() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("a.txt"), "A blast in Turbat.").unwrap();
    let (_, err, code) = cmd(&["extract", "missing.txt", "-o", "out.csv"], d, None);
    assert_eq!(code, Some(3), "{err}");
    assert!(err.contains("missing.txt"), "{err}");
    let (_, err, code) = cmd(&["extract", "a.txt", "--published", "next week"], d, None);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("'next week' is not a date"), "{err}");
    let (_, err, code) = cmd(&["extract", "a.txt", "-o", "a.txt"], d, None);
    assert_eq!(code, Some(10), "{err}");
    assert!(
        err.contains("refusing to overwrite that file, which this command reads"),
        "{err}"
    );
    assert_eq!(fs::read_to_string(d.join("a.txt")).unwrap(), "A blast in Turbat.");
    assert!(!d.join("out.csv").exists());
}

#[test]
fn the_world_is_for_news_text_location_columns_stay_in_the_region() {
    // Countries and capitals were added for `extract`; in a location column,
    // village names that look like them ("Mali Menga", "Goih Qatar", "Binin")
    // must not become countries in Africa or the Gulf.
    let gaz = Gazetteer::embedded();
    let mut g = incident_mapper::geocode::Geocoder::new(&gaz);
    for loc in ["Mali Menga", "Goih Qatar", "Binin", "Shudan", "Dilai"] {
        let r = g.resolve(loc, None, Some("Balochistan"));
        let country = r.place.map(|p| gaz.place(p).country.clone());
        assert!(
            country.is_none() || country.as_deref() == Some("PK"),
            "{loc}: {country:?}"
        );
    }
    // The region's own foreign places still resolve.
    for (loc, want) in [("Kandahar", "AF"), ("Zahedan", "IR"), ("Moscow", "RU")] {
        let r = g.resolve(loc, None, None);
        assert_eq!(r.place.map(|p| gaz.place(p).country.as_str()), Some(want), "{loc}");
    }
    // While news text finds them.
    assert_eq!(names("Officials in Mali and Qatar condemned it."), ["Mali", "Qatar"]);
}

/// A text longer than a window (1 MB) is read window by window: positions
/// and sentence numbers stay the whole text's, every place is found once,
/// and the candidate incidents point at their own mentions.
#[test]
fn a_long_text_is_read_in_windows_with_whole_text_positions() {
    let gaz = Gazetteer::embedded();
    let ex = Extractor::new(&gaz);
    let paragraph = "Militants attacked a checkpost in Turbat on Monday, killing three soldiers. \
                     Residents of Noshki said the road to Quetta was closed.\n\n";
    let text = paragraph.repeat(2_600_000 / paragraph.len());
    assert!(text.len() > 2 * incident_mapper::extract::WINDOW_BYTES);
    let whole = ex.extract(&text);
    let windows = ex.extract_long(&text);
    let per_paragraph = 3;
    assert_eq!(windows.mentions.len(), per_paragraph * text.len() / paragraph.len());
    assert_eq!(windows.mentions.len(), whole.mentions.len());
    assert_eq!(windows.sentences, whole.sentences);
    for (a, b) in windows.mentions.iter().zip(&whole.mentions) {
        assert_eq!(
            (a.start, a.end, a.sentence, &a.text),
            (b.start, b.end, b.sentence, &b.text)
        );
        assert_eq!(&text[a.start..a.end], a.text);
    }
    assert_eq!(windows.incidents.len(), whole.incidents.len());
    for i in &windows.incidents {
        assert_eq!(windows.mentions[i.mention].text, "Turbat");
        assert_eq!(windows.mentions[i.mention].sentence, i.sentence);
    }
}
