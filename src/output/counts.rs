//! Incident counts by district, province, month, year and event type.
//!
//! Every incident lands in exactly one row: its district (by point-in-polygon
//! when polygons are given, else the geocoder's), `(outside)` when its point
//! falls in no polygon, `(province only)` when only its province is known,
//! `(no location)` when it has none. Every district of the boundary file (or,
//! without one, of the embedded 2023 district table) appears, with zero when
//! nothing happened there.

use std::collections::BTreeMap;

use crate::boundaries::Boundaries;
use crate::gazetteer::districts::DistrictTable;
use crate::model::LocatedIncident;

/// A grouping key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    District,
    Province,
    Month,
    Year,
    EventType,
}

impl Key {
    pub fn parse(s: &str) -> Option<Key> {
        Some(match s.trim().to_ascii_lowercase().replace('-', "_").as_str() {
            "district" | "admin2" => Key::District,
            "province" | "admin1" => Key::Province,
            "month" => Key::Month,
            "year" => Key::Year,
            "event_type" | "type" => Key::EventType,
            _ => return None,
        })
    }

    pub fn column(self) -> &'static str {
        match self {
            Key::District => "district",
            Key::Province => "province",
            Key::Month => "month",
            Key::Year => "year",
            Key::EventType => "event_type",
        }
    }
}

pub const OUTSIDE: &str = "(outside)";
pub const PROVINCE_ONLY: &str = "(province only)";
pub const NO_LOCATION: &str = "(no location)";
pub const UNKNOWN: &str = "(unknown)";

/// One output row: its key values, counts, and the rate when populations are known.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub keys: Vec<String>,
    pub incidents: u64,
    pub fatalities: f64,
    pub per_100k: Option<f64>,
}

/// The district of each incident and where it came from.
pub fn district_of(i: &LocatedIncident, b: Option<&Boundaries>) -> String {
    if i.precision.is_some_and(|p| p >= 3) {
        return PROVINCE_ONLY.into();
    }
    match (b, i.lon, i.lat) {
        (Some(b), Some(lon), Some(lat)) => b
            .locate(lon, lat)
            .map_or_else(|| OUTSIDE.to_string(), |k| b.regions[k].name.clone()),
        (Some(_), _, _) => NO_LOCATION.into(),
        // Located, but in no district the geocoder knows (abroad): outside every district.
        (None, _, _) => i.district.clone().unwrap_or_else(|| {
            if i.lon.is_some() {
                OUTSIDE.into()
            } else {
                NO_LOCATION.into()
            }
        }),
    }
}

fn province_of(i: &LocatedIncident, district: &str, b: Option<&Boundaries>) -> String {
    if let Some(b) = b {
        if let Some(r) = b.regions.iter().find(|r| r.name == district) {
            if let Some(p) = &r.province {
                return p.clone();
            }
        }
    }
    i.province.clone().unwrap_or_else(|| UNKNOWN.into())
}

fn months_between(a: &str, b: &str) -> Vec<String> {
    let parse = |s: &str| -> Option<(i32, i32)> { Some((s.get(..4)?.parse().ok()?, s.get(5..7)?.parse().ok()?)) };
    let (Some((mut y, mut m)), Some((y1, m1))) = (parse(a), parse(b)) else {
        return vec![];
    };
    let mut out = Vec::new();
    while (y, m) <= (y1, m1) && out.len() < 2400 {
        out.push(format!("{y:04}-{m:02}"));
        m += 1;
        if m > 12 {
            m = 1;
            y += 1;
        }
    }
    out
}

/// Counts incidents by `keys`. `populations` (district → people) adds rates per 100,000 when grouping by district.
pub fn count(
    incidents: &[LocatedIncident],
    keys: &[Key],
    b: Option<&Boundaries>,
    table: &DistrictTable,
    populations: Option<&dyn Fn(&str) -> Option<f64>>,
) -> Vec<Row> {
    let mut acc: BTreeMap<Vec<String>, (u64, f64)> = BTreeMap::new();
    for i in incidents {
        let district = district_of(i, b);
        let k: Vec<String> = keys
            .iter()
            .map(|key| match key {
                Key::District => district.clone(),
                Key::Province => province_of(i, &district, b),
                Key::Month => i
                    .date
                    .as_deref()
                    .and_then(|d| d.get(..7))
                    .filter(|m| m.as_bytes().get(4) == Some(&b'-'))
                    .map_or_else(|| UNKNOWN.into(), String::from),
                Key::Year => i
                    .date
                    .as_deref()
                    .and_then(|d| d.get(..4))
                    .filter(|y| y.bytes().all(|c| c.is_ascii_digit()))
                    .map_or_else(|| UNKNOWN.into(), String::from),
                Key::EventType => i.event_type.clone().unwrap_or_else(|| UNKNOWN.into()),
            })
            .collect();
        let e = acc.entry(k).or_insert((0, 0.0));
        e.0 += 1;
        e.1 += i.fatalities.unwrap_or(0.0).max(0.0);
    }
    // Zero rows: every district (of the polygons, else of the 2023 table) crossed with the other keys' values;
    // months run without gaps.
    if let Some(dpos) = keys.iter().position(|k| *k == Key::District) {
        let districts: Vec<String> = match b {
            Some(b) => b.regions.iter().map(|r| r.name.clone()).collect(),
            None => table.districts.iter().map(|d| d.name.clone()).collect(),
        };
        let mut values: Vec<Vec<String>> = keys
            .iter()
            .enumerate()
            .map(|(p, _)| {
                let mut v: Vec<String> = acc.keys().map(|k| k[p].clone()).collect();
                v.sort();
                v.dedup();
                v
            })
            .collect();
        values[dpos] = districts;
        for (p, key) in keys.iter().enumerate() {
            if *key == Key::Month {
                let real: Vec<&String> = values[p].iter().filter(|m| m.as_str() != UNKNOWN).collect();
                if let (Some(a), Some(z)) = (real.first(), real.last()) {
                    values[p] = months_between(a, z);
                }
            }
        }
        let mut combos: Vec<Vec<String>> = vec![vec![]];
        for v in &values {
            combos = combos
                .iter()
                .flat_map(|c| v.iter().map(move |x| [c.clone(), vec![x.clone()]].concat()))
                .collect();
        }
        for c in combos {
            acc.entry(c).or_insert((0, 0.0));
        }
    }
    acc.into_iter()
        .map(|(k, (n, f))| {
            let per_100k = keys.iter().position(|k| *k == Key::District).and_then(|p| {
                let pop = populations?(&k[p])?;
                (pop > 0.0).then(|| (n as f64 * 100_000.0 / pop * 100.0).round() / 100.0)
            });
            Row {
                keys: k,
                incidents: n,
                fatalities: f,
                per_100k,
            }
        })
        .collect()
}

/// Names that do not join, for a person to fix with `--crosswalk`: the
/// geocoder's districts of incidents that no polygon carries (with how many
/// incidents), and polygon names the district table does not know (only
/// those of Balochistan or of no stated province: the table covers Balochistan).
pub fn join_report(
    incidents: &[LocatedIncident],
    b: &Boundaries,
    table: &DistrictTable,
) -> (Vec<(String, usize)>, Vec<String>) {
    let canon = |n: &str| table.get(n).map_or_else(|| n.to_string(), |d| d.name.clone());
    let polygons: std::collections::HashSet<String> = b.regions.iter().map(|r| canon(&r.name)).collect();
    let mut missing: BTreeMap<String, usize> = BTreeMap::new();
    for d in incidents.iter().filter_map(|i| i.district.as_deref()) {
        let c = canon(d);
        if !polygons.contains(&c) {
            *missing.entry(c).or_default() += 1;
        }
    }
    let unknown = b
        .regions
        .iter()
        .filter(|r| r.province.as_deref().is_none_or(|p| p == "Balochistan") && table.get(&r.name).is_none())
        .map(|r| r.name.clone())
        .collect();
    (missing.into_iter().collect(), unknown)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inc(lon: f64, lat: f64, date: &str, f: f64) -> LocatedIncident {
        LocatedIncident {
            lon: Some(lon),
            lat: Some(lat),
            precision: Some(1),
            fatalities: Some(f),
            date: Some(date.into()),
            ..Default::default()
        }
    }

    fn squares() -> Boundaries {
        let gj = r#"{"type":"FeatureCollection","features":[
          {"type":"Feature","properties":{"name":"A","province":"P"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}},
          {"type":"Feature","properties":{"name":"B","province":"P"},"geometry":{"type":"Polygon","coordinates":[[[1,0],[2,0],[2,1],[1,1],[1,0]]]}},
          {"type":"Feature","properties":{"name":"C","province":"P"},"geometry":{"type":"Polygon","coordinates":[[[5,5],[6,5],[6,6],[5,6],[5,5]]]}}]}"#;
        Boundaries::from_geojson_str(gj, None, "t").unwrap()
    }

    #[test]
    fn every_incident_counted_once_with_zero_districts_and_outside() {
        let b = squares();
        let v = vec![
            inc(0.5, 0.5, "2025-01-02", 3.0),
            inc(1.0, 0.5, "2025-03-01", 1.0),
            inc(9.0, 9.0, "2025-03-05", 0.0),
            LocatedIncident::default(),
        ];
        let rows = count(&v, &[Key::District], Some(&b), &DistrictTable::default(), None);
        let get = |d: &str| {
            rows.iter()
                .find(|r| r.keys[0] == d)
                .map(|r| (r.incidents, r.fatalities))
        };
        assert_eq!(get("A"), Some((2, 4.0))); // the border point goes to A, first in the file
        assert_eq!(get("B"), Some((0, 0.0)));
        assert_eq!(get("C"), Some((0, 0.0)));
        assert_eq!(get(OUTSIDE), Some((1, 0.0)));
        assert_eq!(get(NO_LOCATION), Some((1, 0.0)));
        assert_eq!(rows.iter().map(|r| r.incidents).sum::<u64>(), 4);
    }

    #[test]
    fn district_by_month_fills_the_grid() {
        let b = squares();
        let v = vec![inc(0.5, 0.5, "2025-01-02", 1.0), inc(1.5, 0.5, "2025-03-01", 1.0)];
        let rows = count(
            &v,
            &[Key::District, Key::Month],
            Some(&b),
            &DistrictTable::default(),
            None,
        );
        assert_eq!(rows.len(), 3 * 3); // A, B, C × 2025-01..2025-03
        assert!(rows.iter().any(|r| r.keys == ["C", "2025-02"] && r.incidents == 0));
        let pop = |d: &str| (d == "A").then_some(50_000.0);
        let rows = count(&v, &[Key::District], Some(&b), &DistrictTable::default(), Some(&pop));
        assert_eq!(rows.iter().find(|r| r.keys[0] == "A").unwrap().per_100k, Some(2.0));
        assert_eq!(rows.iter().find(|r| r.keys[0] == "B").unwrap().per_100k, None);
    }
}
