//! Reader for the GeoNames dump format (`PK.txt`, `cities500.txt`,
//! `balochistan_geonames.txt`): tab-separated, 19 columns, no header.
//!
//! `geonameid, name, asciiname, alternatenames, latitude, longitude,
//! feature class, feature code, country code, cc2, admin1 code, admin2 code,
//! admin3 code, admin4 code, population, elevation, dem, timezone,
//! modification date` — see <https://download.geonames.org/export/dump/readme.txt>.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

use super::normalize::{normalize, translit_key};
use crate::error::{Error, ErrorKind, Result};
use crate::model::{DistrictSource, Place, PlaceKind, Seat};

/// Pakistan's GeoNames admin1 codes and the province names this project uses.
/// (01, the former FATA, merged into Khyber Pakhtunkhwa in 2018.)
pub fn pakistan_province(admin1: &str) -> Option<&'static str> {
    Some(match admin1 {
        "01" | "03" => "Khyber Pakhtunkhwa",
        "02" => "Balochistan",
        "04" => "Punjab",
        "05" => "Sindh",
        "06" => "Azad Jammu & Kashmir",
        "07" => "Gilgit-Baltistan",
        "08" => "Islamabad Capital Territory",
        _ => return None,
    })
}

/// The kind and seat a GeoNames record becomes, or `None` when it is skipped:
/// the one table every reader of GeoNames dumps (`--gazetteer FILE`,
/// `gazetteer import --geonames-dump FILE`) goes through. `name` decides one
/// case (a reservoir named "... Dam" is the dam); `population` decides
/// whether a populated place is a town or a village.
///
/// | class.code | kind |
/// |---|---|
/// | P.PPLC, P.PPLA, P.PPLA2 | town, seat of the country, province, district |
/// | P.PPLA3, P.PPLA4 | town |
/// | P.PPLX (section of a populated place), P.PPLL (populated locality) | locality |
/// | other P.* | town with 10,000 people or more, else village |
/// | T.PASS | pass |
/// | T.HLL, HLLS, MT, PK, PKS, RDGE, SPUR, CLF | hill |
/// | T.MTS | range |
/// | T.VAL, VALS | valley |
/// | T.PLN | plain |
/// | H.STM, STMI, STMS, STMX, WAD, WADS, WADX | river |
/// | H.LK, LKS, LKI, RSV, RSVI | lake (a reservoir whose name has the word "Dam": dam) |
/// | S.DAM, H.DAM | dam |
/// | H.SPNG, SPNS, SPNT | spring |
/// | T.ISL, ISLS, ISLET | island |
/// | H.BAY, BAYS, COVE | bay |
/// | T.CAPE, T.PT | cape |
/// | S.PRT, L.PRT, S.HBR, H.HBR | port |
/// | S.AIRP, AIRF, AIRB, AIRH | airport |
/// | S.RSTN, RSTP | station |
/// | R.TNL, TNLRD, TNLRR | tunnel |
/// | S.BDG | bridge |
/// | S.PSTB (border post) | border_crossing |
/// | S.SHRN, TMB, MSQE, TMPL, CH | shrine |
/// | S.FT, CSTL | fort |
/// | S.MN, MNAU, MNC, MNCR, MNCU, MNFE, MNN, MNQ, MNQR | mine |
/// | L.OILF, L.GASF, S.OILW (a well stands for its field), S.OILQ | gas_field |
/// | L.PRK, RESN, RESW, RESF | park |
/// | S.CMP, CMPRF, CMPMN, CMPL, L.MILB, S.INSM | locality (camps, cantonments and bases are lived-in parts of a place, as a press report uses them: "the FC camp in Turbat") |
/// | everything else | skipped |
///
/// Skipped on purpose: class A (administrative units: districts, provinces
/// and countries come from the curated tables, whose units and names are the
/// 2023 census's, not GeoNames'), L.AREA, L.RGN, L.LCTY (areas and regions
/// without a point a count could use), roads, canals, buildings, schools,
/// markets and the rest of S (too many, too rarely named in reports).
///
/// ```
/// use incident_mapper::gazetteer::geonames::kind_for;
/// use incident_mapper::model::{PlaceKind, Seat};
/// assert_eq!(kind_for("T", "PASS", "Bolan Pass", 0), Some((PlaceKind::Pass, Seat::None)));
/// assert_eq!(kind_for("H", "RSV", "Hub Dam Reservoir", 0), Some((PlaceKind::Dam, Seat::None)));
/// assert_eq!(kind_for("P", "PPLA2", "Nushki", 27680), Some((PlaceKind::Town, Seat::District)));
/// assert_eq!(kind_for("A", "ADM2", "Kech", 0), None);
/// ```
pub fn kind_for(class: &str, code: &str, name: &str, population: u64) -> Option<(PlaceKind, Seat)> {
    use PlaceKind as K;
    let kind = match (class, code) {
        ("P", "PPLC") => return Some((K::Town, Seat::Country)),
        ("P", "PPLA") => return Some((K::Town, Seat::Province)),
        ("P", "PPLA2") => return Some((K::Town, Seat::District)),
        ("P", "PPLA3" | "PPLA4") => K::Town,
        ("P", "PPLX" | "PPLL") => K::Locality,
        ("P", _) if population >= 10_000 => K::Town,
        ("P", _) => K::Village,
        ("T", "PASS") => K::Pass,
        ("T", "HLL" | "HLLS" | "MT" | "PK" | "PKS" | "RDGE" | "SPUR" | "CLF") => K::Hill,
        ("T", "MTS") => K::Range,
        ("T", "VAL" | "VALS") => K::Valley,
        ("T", "PLN") => K::Plain,
        ("H", "STM" | "STMI" | "STMS" | "STMX" | "WAD" | "WADS" | "WADX") => K::River,
        ("H", "RSV" | "RSVI") if has_word(name, "dam") => K::Dam,
        ("H", "LK" | "LKS" | "LKI" | "RSV" | "RSVI") => K::Lake,
        ("S" | "H", "DAM") => K::Dam,
        ("H", "SPNG" | "SPNS" | "SPNT") => K::Spring,
        ("T", "ISL" | "ISLS" | "ISLET") => K::Island,
        ("H", "BAY" | "BAYS" | "COVE") => K::Bay,
        ("T", "CAPE" | "PT") => K::Cape,
        ("S" | "L", "PRT") | ("S" | "H", "HBR") => K::Port,
        ("S", "AIRP" | "AIRF" | "AIRB" | "AIRH") => K::Airport,
        ("S", "RSTN" | "RSTP") => K::Station,
        ("R", "TNL" | "TNLRD" | "TNLRR") => K::Tunnel,
        ("S", "BDG") => K::Bridge,
        ("S", "PSTB") => K::BorderCrossing,
        ("S", "SHRN" | "TMB" | "MSQE" | "TMPL" | "CH") => K::Shrine,
        ("S", "FT" | "CSTL") => K::Fort,
        ("S", "MN" | "MNAU" | "MNC" | "MNCR" | "MNCU" | "MNFE" | "MNN" | "MNQ" | "MNQR") => K::Mine,
        ("L", "OILF" | "GASF") | ("S", "OILW" | "OILQ") => K::GasField,
        ("L", "PRK" | "RESN" | "RESW" | "RESF") => K::Park,
        ("S", "CMP" | "CMPRF" | "CMPMN" | "CMPL") | ("L", "MILB") | ("S", "INSM") => K::Locality,
        _ => return None,
    };
    Some((kind, Seat::None))
}

/// True when `word` is one of the words of `name` (any case).
fn has_word(name: &str, word: &str) -> bool {
    name.split(|c: char| !c.is_alphanumeric())
        .any(|w| w.eq_ignore_ascii_case(word))
}

/// What to keep of a GeoNames dump (the default keeps every record the
/// [`kind_for`] table maps).
#[derive(Debug, Clone, Default)]
pub struct DumpFilter {
    /// Only records of this GeoNames admin1 code (`02` is Balochistan; see [`pakistan_province`]).
    pub admin1: Option<String>,
    /// Only records of these feature classes (`P`, `T`, `H`, ...); empty keeps every class.
    pub classes: Vec<String>,
}

/// What reading a dump kept and skipped, for the import's summary.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DumpSummary {
    /// Records read (data lines).
    pub records: usize,
    /// Records kept, by kind.
    pub kept: BTreeMap<PlaceKind, usize>,
    /// Records whose class and code have no kind, by feature class (`A`, `L`, `S`, ...).
    pub unmapped: BTreeMap<String, usize>,
    /// Records of another admin1 code than [`DumpFilter::admin1`].
    pub other_admin1: usize,
    /// Records of a feature class not in [`DumpFilter::classes`].
    pub other_class: usize,
}

impl DumpSummary {
    /// How many records were kept.
    pub fn kept_total(&self) -> usize {
        self.kept.values().sum()
    }

    /// One line: `171234 records: 20345 kept (15000 village, 31 pass, ...); skipped: ...`.
    pub fn render(&self) -> String {
        let kinds: Vec<String> = self.kept.iter().map(|(k, n)| format!("{n} {k}")).collect();
        let mut s = format!("{} records: {} kept", self.records, self.kept_total());
        if !kinds.is_empty() {
            s.push_str(&format!(" ({})", kinds.join(", ")));
        }
        let mut skipped = Vec::new();
        if self.other_admin1 > 0 {
            skipped.push(format!("{} of another admin1", self.other_admin1));
        }
        if self.other_class > 0 {
            skipped.push(format!("{} of another feature class", self.other_class));
        }
        let unmapped: usize = self.unmapped.values().sum();
        if unmapped > 0 {
            let by: Vec<String> = self.unmapped.iter().map(|(c, n)| format!("{c} {n}")).collect();
            skipped.push(format!(
                "{unmapped} of feature codes without a kind (class {})",
                by.join(", ")
            ));
        }
        if !skipped.is_empty() {
            s.push_str(&format!("; skipped {}", skipped.join(", ")));
        }
        s
    }
}

/// True when a line looks like a GeoNames dump record (used for format
/// detection; [`read`] then checks the field count line by line).
pub fn looks_like_geonames(line: &str) -> bool {
    let f: Vec<&str> = line.split('\t').collect();
    f.len() >= 15
        && f[0].chars().all(|c| c.is_ascii_digit())
        && !f[0].is_empty()
        && f[4].trim().parse::<f64>().is_ok()
        && f[5].trim().parse::<f64>().is_ok()
}

/// Reads the records of a GeoNames dump that [`kind_for`] maps to a kind.
/// `label` names the file in errors.
pub fn read<R: BufRead>(rdr: R, label: &str) -> Result<Vec<Place>> {
    read_filtered(rdr, label, &DumpFilter::default()).map(|(places, _)| places)
}

/// Reads a GeoNames dump line by line (a country file such as `PK.txt` is
/// tens of megabytes), keeping the records `filter` admits and [`kind_for`]
/// maps, and saying what it skipped.
pub fn read_filtered<R: BufRead>(rdr: R, label: &str, filter: &DumpFilter) -> Result<(Vec<Place>, DumpSummary)> {
    let mut out = Vec::new();
    let mut summary = DumpSummary::default();
    for (i, line) in rdr.lines().enumerate() {
        let lineno = i + 1;
        let line = line.map_err(|e| Error::new(ErrorKind::Gazetteer, format!("{label}:{lineno}: {e}")))?;
        let line = if i == 0 {
            line.trim_start_matches('\u{feff}').to_string()
        } else {
            line
        };
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        // 19 fields; 18 when a tool dropped the trailing (empty) modification date.
        if !(18..=19).contains(&f.len()) {
            return Err(Error::new(
                ErrorKind::Gazetteer,
                format!(
                    "{label}:{lineno}: a GeoNames record has 19 tab-separated fields, this line has {}",
                    f.len()
                ),
            ));
        }
        let coord = |k: usize, what: &str, lim: f64| -> Result<f64> {
            match f[k].trim().parse::<f64>() {
                Ok(v) if v.abs() <= lim => Ok(v),
                _ => Err(Error::new(
                    ErrorKind::Gazetteer,
                    format!(
                        "{label}:{lineno}: field '{what}' (column {}): '{}' is not a valid {what}",
                        k + 1,
                        f[k]
                    ),
                )),
            }
        };
        let (lat, lon) = (coord(4, "latitude", 90.0)?, coord(5, "longitude", 180.0)?);
        summary.records += 1;
        let class = f[6].trim();
        if filter.admin1.as_deref().is_some_and(|a| a != f[10].trim()) {
            summary.other_admin1 += 1;
            continue;
        }
        if !filter.classes.is_empty() && !filter.classes.iter().any(|c| c == class) {
            summary.other_class += 1;
            continue;
        }
        let name = f[1].trim().to_string();
        let population: u64 = f[14].trim().parse().unwrap_or(0);
        let Some((kind, seat)) = kind_for(class, f[7].trim(), &name, population) else {
            *summary
                .unmapped
                .entry(if class.is_empty() {
                    "-".into()
                } else {
                    class.to_string()
                })
                .or_default() += 1;
            continue;
        };
        *summary.kept.entry(kind).or_default() += 1;
        let country = f[8].trim().to_string();
        let province = if country == "PK" {
            pakistan_province(f[10].trim()).map(String::from)
        } else {
            None
        };
        let mut alt_names: Vec<String> = Vec::new();
        // A village with many alternate names has had a namesake's article linked to it.
        let small = seat == Seat::None && matches!(kind, PlaceKind::Village | PlaceKind::Locality);
        let linked = small && f[3].split(',').filter(|a| !a.trim().is_empty()).count() > LINKED_ALTERNATES;
        let key = linked.then(|| name_key(&name));
        for a in std::iter::once(f[2]).chain(f[3].split(',')) {
            let a = a.trim();
            if a.is_empty() || a == name || alt_names.iter().any(|x| x == a) {
                continue;
            }
            if key.as_ref().is_some_and(|k| !spelling_of(k, a)) {
                continue;
            }
            alt_names.push(a.to_string());
        }
        out.push(Place {
            id: format!("gn:{}", f[0].trim()),
            name,
            alt_names,
            lat,
            lon,
            kind,
            seat,
            district: None,
            province,
            country,
            population: (population > 0).then_some(population),
            source: format!("GeoNames {} ({label})", f[0].trim()),
            district_source: DistrictSource::Gazetteer,
        });
    }
    Ok((out, summary))
}

/// More alternate names than this, for a village, mean that GeoNames linked
/// the record to an article about a namesake (a village "God" with 108 names
/// of God, one "Marwar" with "Jodhpur"): only the names that spell the
/// village's own are kept. Genuine villages have a handful of spellings.
const LINKED_ALTERNATES: usize = 5;

fn name_key(name: &str) -> String {
    translit_key(&normalize(name)).replace(' ', "")
}

/// Whether `alt` is a spelling of the name whose key is `key`: the keys are
/// at least half alike, or one holds the other ("Kili Saleh" of "Saleh").
fn spelling_of(key: &str, alt: &str) -> bool {
    let a = name_key(alt);
    !a.is_empty() && (a.contains(key) || key.contains(&a) || super::fuzzy::similarity(key, &a) >= 0.5)
}

/// True when `head` (a file's first bytes) is the start of a zip archive.
pub fn is_zip(head: &[u8]) -> bool {
    head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06")
}

/// Reads a GeoNames dump as downloaded from <https://download.geonames.org/export/dump/>:
/// a country's `.txt` (`PK.txt`) or its `.zip` (`PK.zip`, which holds `PK.txt`
/// and `readme.txt`), read as a stream either way. In a zip the dump is the
/// `.txt` named like the archive, else its only `.txt` that is not `readme.txt`.
/// Every problem is a gazetteer error (exit 8) that names the file.
pub fn read_dump(path: &Path, filter: &DumpFilter) -> Result<(Vec<Place>, DumpSummary)> {
    let label = path.display().to_string();
    let err = |m: String| Error::new(ErrorKind::Gazetteer, format!("{label}: {m}"));
    let file = File::open(path).map_err(|e| err(format!("cannot read GeoNames dump: {e}")))?;
    let mut rdr = BufReader::with_capacity(1 << 16, file);
    let head = rdr
        .fill_buf()
        .map_err(|e| err(format!("cannot read GeoNames dump: {e}")))?;
    let zipped = is_zip(head) || path.extension().is_some_and(|e| e.eq_ignore_ascii_case("zip"));
    if !zipped {
        return read_filtered(rdr, &label, filter);
    }
    let mut archive = zip::ZipArchive::new(rdr).map_err(|e| {
        err(format!(
            "not a readable zip archive ({e}); download it again, or unzip it and pass the .txt inside"
        ))
    })?;
    let names: Vec<String> = archive.file_names().map(String::from).collect();
    let base = |n: &str| n.rsplit('/').next().unwrap_or(n).to_string();
    let txts: Vec<&String> = names
        .iter()
        .filter(|n| {
            let b = base(n).to_ascii_lowercase();
            b.ends_with(".txt") && b != "readme.txt"
        })
        .collect();
    let stem = path
        .file_stem()
        .map(|s| format!("{}.txt", s.to_string_lossy()).to_ascii_lowercase());
    let entry = match txts
        .iter()
        .find(|n| Some(base(n).to_ascii_lowercase()) == stem)
        .or(if txts.len() == 1 { txts.first() } else { None })
    {
        Some(e) => (*e).clone(),
        None if txts.is_empty() => {
            return Err(err(format!(
                "the zip archive holds no GeoNames dump (.txt other than readme.txt); it holds: {}",
                if names.is_empty() {
                    "nothing".to_string()
                } else {
                    names.join(", ")
                }
            )))
        }
        None => {
            return Err(err(format!(
                "the zip archive holds several .txt files ({}) and none is named after the archive; \
                 unzip it and pass the one you mean",
                txts.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
            )))
        }
    };
    let inner = archive
        .by_name(&entry)
        .map_err(|e| err(format!("cannot read {entry} in the zip archive: {e}")))?;
    read_filtered(
        BufReader::with_capacity(1 << 16, inner),
        &format!("{label}/{entry}"),
        filter,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "1168749\tNushki\tNushki\tNoshki,Nushki\t29.552354\t66.023205\tP\tPPLA2\tPK\t\t02\t\t\t\t27680\t\t\tAsia/Karachi\t\n\
                          1164313\tSuntsar\tSuntsar\t\t25.5021\t61.98172\tP\tPPL\tPK\t\t02\t\t\t\t0\t\t\tAsia/Karachi\t\n";

    #[test]
    fn reads_records_with_kinds_and_provinces() {
        let p = read(SAMPLE.as_bytes(), "t").unwrap();
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].id, "gn:1168749");
        assert_eq!(p[0].kind, PlaceKind::Town);
        assert_eq!(p[0].seat, Seat::District);
        assert_eq!(p[0].province.as_deref(), Some("Balochistan"));
        assert_eq!(p[0].alt_names, vec!["Noshki".to_string()]);
        assert_eq!(p[0].population, Some(27680));
        assert_eq!(p[1].kind, PlaceKind::Village);
        assert!((p[1].lat - 25.5021).abs() < 1e-9);
    }

    #[test]
    fn a_village_linked_to_a_namesakes_article_keeps_only_its_spellings() {
        let line = |id: &str, name: &str, code: &str, alts: &str| {
            format!("{id}\t{name}\t{name}\t{alts}\t27.0\t65.0\tP\t{code}\tPK\t\t02\t\t\t\t0\t\t\tAsia/Karachi\t\n")
        };
        let linked = "Jodhpur,Marvaras,Mârvar,Jodhpur State,Rathore,Marwad";
        let text = [
            line("1", "Marwar", "PPL", linked),
            // A handful of names: kept as GeoNames gives them (an old name is a name).
            line("2", "Jafarabad", "PPL", "Kabula,Jafar Abad"),
            // A district seat keeps all of its names.
            line("3", "Marwar", "PPLA2", linked),
        ]
        .concat();
        let p = read(text.as_bytes(), "t").unwrap();
        assert_eq!(
            p[0].alt_names,
            vec!["Marvaras".to_string(), "Mârvar".to_string(), "Marwad".to_string()]
        );
        assert_eq!(p[1].alt_names, vec!["Kabula".to_string(), "Jafar Abad".to_string()]);
        assert_eq!(p[2].alt_names.len(), 6);
    }

    #[test]
    fn rejects_short_lines_and_bad_coordinates_with_line_numbers() {
        let e = read("1\tX\tX\n".as_bytes(), "g.txt").unwrap_err();
        assert!(e.message.starts_with("g.txt:1:"), "{}", e.message);
        let bad = SAMPLE.replace("29.552354", "291.5");
        let e = read(bad.as_bytes(), "g.txt").unwrap_err();
        assert!(e.message.contains("g.txt:1: field 'latitude'"), "{}", e.message);
    }

    #[test]
    fn feature_codes_map_to_kinds() {
        use PlaceKind as K;
        let cases = [
            ("T", "PASS", K::Pass),
            ("T", "HLL", K::Hill),
            ("T", "HLLS", K::Hill),
            ("T", "MT", K::Hill),
            ("T", "PK", K::Hill),
            ("T", "PKS", K::Hill),
            ("T", "RDGE", K::Hill),
            ("T", "SPUR", K::Hill),
            ("T", "CLF", K::Hill),
            ("T", "MTS", K::Range),
            ("T", "VAL", K::Valley),
            ("T", "PLN", K::Plain),
            ("H", "STM", K::River),
            ("H", "STMI", K::River),
            ("H", "STMS", K::River),
            ("H", "WAD", K::River),
            ("H", "WADS", K::River),
            ("H", "LK", K::Lake),
            ("H", "LKS", K::Lake),
            ("H", "RSV", K::Lake),
            ("S", "DAM", K::Dam),
            ("H", "DAM", K::Dam),
            ("H", "SPNG", K::Spring),
            ("T", "ISL", K::Island),
            ("T", "ISLS", K::Island),
            ("H", "BAY", K::Bay),
            ("H", "COVE", K::Bay),
            ("T", "CAPE", K::Cape),
            ("T", "PT", K::Cape),
            ("S", "PRT", K::Port),
            ("S", "HBR", K::Port),
            ("H", "HBR", K::Port),
            ("S", "AIRP", K::Airport),
            ("S", "AIRF", K::Airport),
            ("S", "AIRB", K::Airport),
            ("S", "AIRH", K::Airport),
            ("S", "RSTN", K::Station),
            ("S", "RSTP", K::Station),
            ("R", "TNL", K::Tunnel),
            ("R", "TNLRD", K::Tunnel),
            ("R", "TNLRR", K::Tunnel),
            ("S", "BDG", K::Bridge),
            ("S", "PSTB", K::BorderCrossing),
            ("S", "SHRN", K::Shrine),
            ("S", "TMB", K::Shrine),
            ("S", "MSQE", K::Shrine),
            ("S", "TMPL", K::Shrine),
            ("S", "CH", K::Shrine),
            ("S", "FT", K::Fort),
            ("S", "CSTL", K::Fort),
            ("S", "MN", K::Mine),
            ("S", "MNQ", K::Mine),
            ("S", "MNC", K::Mine),
            ("S", "MNCR", K::Mine),
            ("L", "OILF", K::GasField),
            ("L", "GASF", K::GasField),
            ("S", "OILW", K::GasField),
            ("L", "PRK", K::Park),
            ("L", "RESN", K::Park),
            ("L", "RESW", K::Park),
            ("L", "RESF", K::Park),
            ("S", "CMP", K::Locality),
            ("L", "MILB", K::Locality),
            ("S", "INSM", K::Locality),
        ];
        for (class, code, kind) in cases {
            assert_eq!(
                kind_for(class, code, "X", 0),
                Some((kind, Seat::None)),
                "{class}.{code}"
            );
        }
        for (class, code) in [
            ("A", "ADM1"),
            ("A", "ADM2"),
            ("A", "ADM3"),
            ("A", "PCLI"),
            ("L", "AREA"),
            ("L", "RGN"),
            ("L", "LCTY"),
            ("S", "SCH"),
            ("S", "BLDG"),
            ("R", "RD"),
            ("", ""),
            ("T", "PPL"),
        ] {
            assert_eq!(kind_for(class, code, "X", 0), None, "{class}.{code}");
        }
        // A reservoir named as a dam is the dam; the word must stand alone.
        assert_eq!(kind_for("H", "RSV", "Mirani Dam", 0), Some((K::Dam, Seat::None)));
        assert_eq!(kind_for("H", "RSV", "Hub-dam reservoir", 0), Some((K::Dam, Seat::None)));
        assert_eq!(kind_for("H", "RSV", "Damb Reservoir", 0), Some((K::Lake, Seat::None)));
        // Populated places as before.
        assert_eq!(kind_for("P", "PPLC", "X", 0), Some((K::Town, Seat::Country)));
        assert_eq!(kind_for("P", "PPLA", "X", 0), Some((K::Town, Seat::Province)));
        assert_eq!(kind_for("P", "PPLA2", "X", 0), Some((K::Town, Seat::District)));
        assert_eq!(kind_for("P", "PPLA3", "X", 0), Some((K::Town, Seat::None)));
        assert_eq!(kind_for("P", "PPLX", "X", 50_000), Some((K::Locality, Seat::None)));
        assert_eq!(kind_for("P", "PPL", "X", 10_000), Some((K::Town, Seat::None)));
        assert_eq!(kind_for("P", "PPL", "X", 9_999), Some((K::Village, Seat::None)));
        assert_eq!(kind_for("P", "PPLQ", "X", 0), Some((K::Village, Seat::None)));
    }

    #[test]
    fn filters_and_counts_what_it_skips() {
        let text = format!(
            "{SAMPLE}\
             9990010\tQorvand Pass\tQorvand Pass\t\t29.9\t67.2\tT\tPASS\tPK\t\t02\t\t\t\t0\t\t\tAsia/Karachi\t\n\
             9990030\tAlpha\tAlpha\t\t29.5\t66.0\tA\tADM2\tPK\t\t02\t\t\t\t0\t\t\tAsia/Karachi\t\n\
             9990031\tTest Area\tTest Area\t\t29.5\t66.0\tL\tAREA\tPK\t\t02\t\t\t\t0\t\t\tAsia/Karachi\t\n\
             9990033\tLahori Kot\tLahori Kot\t\t31.5\t74.3\tP\tPPL\tPK\t\t04\t\t\t\t0\t\t\tAsia/Karachi\t\n"
        );
        let (p, s) = read_filtered(text.as_bytes(), "t", &DumpFilter::default()).unwrap();
        assert_eq!(p.len(), 4);
        assert_eq!(p[2].kind, PlaceKind::Pass);
        assert_eq!(p[3].province.as_deref(), Some("Punjab"));
        assert_eq!(s.records, 6);
        assert_eq!(s.kept_total(), 4);
        assert_eq!(s.unmapped.get("A"), Some(&1));
        assert_eq!(s.unmapped.get("L"), Some(&1));
        assert_eq!(
            s.render(),
            "6 records: 4 kept (1 pass, 2 village, 1 town); skipped 2 of feature codes without a kind (class A 1, L 1)"
        );
        let f = DumpFilter {
            admin1: Some("02".into()),
            classes: vec!["T".into(), "A".into()],
        };
        let (p, s) = read_filtered(text.as_bytes(), "t", &f).unwrap();
        assert_eq!(p.iter().map(|p| p.id.as_str()).collect::<Vec<_>>(), ["gn:9990010"]);
        assert_eq!((s.other_admin1, s.other_class, s.unmapped.get("A")), (1, 3, Some(&1)));
    }

    #[test]
    fn detects_the_format() {
        assert!(looks_like_geonames(SAMPLE.lines().next().unwrap()));
        assert!(!looks_like_geonames("id,name,latitude,longitude"));
    }
}
