//! Reader for the GeoNames dump format (`PK.txt`, `cities500.txt`,
//! `balochistan_geonames.txt`): tab-separated, 19 columns, no header.
//!
//! `geonameid, name, asciiname, alternatenames, latitude, longitude,
//! feature class, feature code, country code, cc2, admin1 code, admin2 code,
//! admin3 code, admin4 code, population, elevation, dem, timezone,
//! modification date` — see <https://download.geonames.org/export/dump/readme.txt>.

use std::io::BufRead;

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

/// The kind and seat a GeoNames feature class/code stands for.
pub fn kind_of(class: &str, code: &str, population: u64) -> (PlaceKind, Seat) {
    match (class, code) {
        ("P", "PPLC") => (PlaceKind::Town, Seat::Country),
        ("P", "PPLA") => (PlaceKind::Town, Seat::Province),
        ("P", "PPLA2") => (PlaceKind::Town, Seat::District),
        ("P", "PPLA3") | ("P", "PPLA4") => (PlaceKind::Town, Seat::None),
        ("P", "PPLX") | ("P", "PPLL") => (PlaceKind::Locality, Seat::None),
        ("P", _) if population >= 10_000 => (PlaceKind::Town, Seat::None),
        ("P", _) => (PlaceKind::Village, Seat::None),
        ("A", "ADM1") => (PlaceKind::Province, Seat::None),
        ("A", "ADM2") => (PlaceKind::District, Seat::None),
        ("A", "PCLI") => (PlaceKind::Country, Seat::None),
        ("L", _) => (PlaceKind::Locality, Seat::None),
        _ => (PlaceKind::Landmark, Seat::None),
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

/// Reads every record of a GeoNames dump. `label` names the file in errors.
pub fn read<R: BufRead>(rdr: R, label: &str) -> Result<Vec<Place>> {
    let mut out = Vec::new();
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
        let population: u64 = f[14].trim().parse().unwrap_or(0);
        let (kind, seat) = kind_of(f[6].trim(), f[7].trim(), population);
        let country = f[8].trim().to_string();
        let province = if country == "PK" {
            pakistan_province(f[10].trim()).map(String::from)
        } else {
            None
        };
        let name = f[1].trim().to_string();
        let mut alt_names: Vec<String> = Vec::new();
        for a in std::iter::once(f[2]).chain(f[3].split(',')) {
            let a = a.trim();
            if !a.is_empty() && a != name && !alt_names.iter().any(|x| x == a) {
                alt_names.push(a.to_string());
            }
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
    Ok(out)
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
    fn rejects_short_lines_and_bad_coordinates_with_line_numbers() {
        let e = read("1\tX\tX\n".as_bytes(), "g.txt").unwrap_err();
        assert!(e.message.starts_with("g.txt:1:"), "{}", e.message);
        let bad = SAMPLE.replace("29.552354", "291.5");
        let e = read(bad.as_bytes(), "g.txt").unwrap_err();
        assert!(e.message.contains("g.txt:1: field 'latitude'"), "{}", e.message);
    }

    #[test]
    fn detects_the_format() {
        assert!(looks_like_geonames(SAMPLE.lines().next().unwrap()));
        assert!(!looks_like_geonames("id,name,latitude,longitude"));
    }
}
