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

/// The district key of an incident: its polygon (`region`, already located)
/// when polygons are given, else the geocoder's district. With the built-in
/// polygons, an incident located by name keeps the district the geocoder
/// gave it (which weighs the row's district and province columns), and only
/// the rows' own coordinates are located in the polygons.
fn district_key<'a>(i: &'a LocatedIncident, b: Option<&'a Boundaries>, region: Option<usize>) -> &'a str {
    if i.precision.is_some_and(|p| !p.counts_in_district()) {
        return PROVINCE_ONLY;
    }
    match (b, i.lon.is_some() && i.lat.is_some()) {
        (Some(b), true) if !b.decides(i.by_name, i.district.is_some()) => i.district.as_deref().unwrap_or(OUTSIDE),
        (Some(b), true) => region.map_or(OUTSIDE, |k| b.regions[k].name.as_str()),
        (Some(_), false) => NO_LOCATION,
        // Located, but in no district the geocoder knows (abroad): outside every district.
        (None, located) => i
            .district
            .as_deref()
            .unwrap_or(if located { OUTSIDE } else { NO_LOCATION }),
    }
}

/// The district row an incident counts in with polygons `b` (what
/// `count --by district` gives it): see [`district_key`].
pub fn district_of<'a>(i: &'a LocatedIncident, b: &'a Boundaries, scratch: &mut Vec<(usize, bool)>) -> &'a str {
    let region = match (i.lon, i.lat) {
        (Some(lon), Some(lat)) => b.locate_with(lon, lat, scratch),
        _ => None,
    };
    district_key(i, Some(b), region)
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

/// People per district, by district name, for rates per 100,000.
pub type Populations<'a> = &'a dyn Fn(&str) -> Option<f64>;

/// The most keys a count can have (each of [`Key`] once).
const MAX_KEYS: usize = 5;

/// Counts incidents one at a time, holding only the counts: a file of any
/// length counts in constant memory. Key values are interned, so adding an
/// incident allocates nothing once its values have been seen.
pub struct Counter<'a> {
    keys: Vec<Key>,
    b: Option<&'a Boundaries>,
    values: Vec<String>,
    ids: std::collections::HashMap<String, u32>,
    acc: std::collections::HashMap<[u32; MAX_KEYS], (u64, f64)>,
    scratch: Vec<(usize, bool)>,
    /// Incidents whose district is the polygon their point falls in.
    pub by_polygon: u64,
    /// Incidents whose district is the geocoder's (no polygons, or located
    /// by name with the built-in polygons).
    pub by_geocoder: u64,
}

impl<'a> Counter<'a> {
    /// A counter by `keys` (at most one of each), locating points in `b` when given.
    pub fn new(keys: &[Key], b: Option<&'a Boundaries>) -> Self {
        assert!(keys.len() <= MAX_KEYS, "at most {MAX_KEYS} keys");
        Counter {
            keys: keys.to_vec(),
            b,
            values: Vec::new(),
            ids: Default::default(),
            acc: Default::default(),
            scratch: Vec::new(),
            by_polygon: 0,
            by_geocoder: 0,
        }
    }

    fn intern(&mut self, v: &str) -> u32 {
        if let Some(&k) = self.ids.get(v) {
            return k;
        }
        let k = self.values.len() as u32;
        self.values.push(v.to_string());
        self.ids.insert(v.to_string(), k);
        k
    }

    /// Counts one incident; returns the region its point fell in, if any.
    pub fn add(&mut self, i: &LocatedIncident) -> Option<usize> {
        let region = match (self.b, i.lon, i.lat) {
            (Some(b), Some(lon), Some(lat)) => b.locate_with(lon, lat, &mut self.scratch),
            _ => None,
        };
        let district = district_key(i, self.b, region);
        let named = i.district.as_deref() == Some(district);
        // The polygon the row counts in, when the polygons decide its district.
        let decided = match (self.b, region) {
            (Some(b), Some(r)) if b.decides(i.by_name, i.district.is_some()) && district == b.regions[r].name => {
                Some((b, r))
            }
            _ => None,
        };
        if decided.is_some() {
            self.by_polygon += 1;
        } else if named {
            self.by_geocoder += 1;
        }
        let month_buf = self
            .keys
            .contains(&Key::Month)
            .then(|| i.date.and_then(|d| d.month()))
            .flatten();
        let year_buf = self
            .keys
            .contains(&Key::Year)
            .then(|| i.date.map(|d| format!("{:04}", d.year())))
            .flatten();
        let mut values: [&str; MAX_KEYS] = [""; MAX_KEYS];
        for (v, key) in values.iter_mut().zip(&self.keys) {
            *v = match key {
                Key::District => district,
                // The province of the district it counts in: the polygon's when
                // the polygons decided, else the geocoder's.
                Key::Province => decided
                    .and_then(|(b, r)| b.regions[r].province.as_deref())
                    .or(i.province.as_deref())
                    .unwrap_or(UNKNOWN),
                Key::Month => month_buf.as_deref().unwrap_or(UNKNOWN),
                Key::Year => year_buf.as_deref().unwrap_or(UNKNOWN),
                Key::EventType => i.event_type.as_deref().unwrap_or(UNKNOWN),
            };
        }
        let mut k = [u32::MAX; MAX_KEYS];
        for (slot, v) in k.iter_mut().zip(&values[..self.keys.len()]) {
            *slot = self.intern(v);
        }
        let e = self.acc.entry(k).or_insert((0, 0.0));
        e.0 += 1;
        e.1 += i.fatalities.unwrap_or(0.0).max(0.0);
        region
    }

    /// The counts by the first key's value, as added (no zero rows): what a
    /// chart's bars and a choropleth's classes are made of.
    pub fn totals(&self) -> Vec<(String, u64, f64)> {
        let mut v: Vec<(String, u64, f64)> = self
            .acc
            .iter()
            .map(|(k, &(n, f))| (self.values[k[0] as usize].clone(), n, f))
            .collect();
        v.sort_by(|a, b| a.0.cmp(&b.0));
        v
    }

    /// The rows, sorted by key, with zero rows: every district (of the
    /// polygons, else of the 2023 table) crossed with the other keys' values
    /// seen; months run without gaps. `populations` (district → people) adds
    /// rates per 100,000 when grouping by district.
    pub fn rows(self, table: &DistrictTable, populations: Option<Populations>) -> Vec<Row> {
        let keys = &self.keys;
        let mut acc: BTreeMap<Vec<String>, (u64, f64)> = self
            .acc
            .iter()
            .map(|(k, v)| {
                let names = k[..keys.len()]
                    .iter()
                    .map(|&x| self.values[x as usize].clone())
                    .collect();
                (names, *v)
            })
            .collect();
        if let Some(dpos) = keys.iter().position(|k| *k == Key::District) {
            // A user's polygons are the districts; the built-in ones cover
            // all Pakistan, and the zeros shown are Balochistan's (the table's).
            let districts: Vec<String> = match self.b {
                Some(b) if !b.builtin => b.regions.iter().map(|r| r.name.clone()).collect(),
                _ => table.districts.iter().map(|d| d.name.clone()).collect(),
            };
            let mut values: Vec<Vec<String>> = (0..keys.len())
                .map(|p| {
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
}

/// Counts incidents by `keys`; see [`Counter`].
pub fn count(
    incidents: &[LocatedIncident],
    keys: &[Key],
    b: Option<&Boundaries>,
    table: &DistrictTable,
    populations: Option<Populations>,
) -> Vec<Row> {
    let mut c = Counter::new(keys, b);
    for i in incidents {
        c.add(i);
    }
    c.rows(table, populations)
}

/// Names that do not join, for a person to fix with `--crosswalk`: the
/// geocoder's districts of incidents that no polygon carries (with how many
/// incidents), and polygon names the district table does not know (only
/// those of Balochistan or of no stated province: the table covers
/// Balochistan). Incidents in provinces the polygons do not cover are left
/// out: their districts have no polygon by design.
pub struct JoinReport<'a> {
    b: &'a Boundaries,
    table: &'a DistrictTable,
    polygons: std::collections::HashSet<String>,
    provinces: std::collections::HashSet<&'a str>,
    missing: BTreeMap<String, usize>,
}

impl<'a> JoinReport<'a> {
    pub fn new(b: &'a Boundaries, table: &'a DistrictTable) -> Self {
        let canon = |n: &str| table.get(n).map_or_else(|| n.to_string(), |d| d.name.clone());
        JoinReport {
            b,
            table,
            polygons: b.regions.iter().map(|r| canon(&r.name)).collect(),
            provinces: b.regions.iter().filter_map(|r| r.province.as_deref()).collect(),
            missing: BTreeMap::new(),
        }
    }

    pub fn add(&mut self, i: &LocatedIncident) {
        let Some(d) = i.district.as_deref() else {
            return;
        };
        if let Some(p) = i.province.as_deref() {
            if !self.provinces.is_empty() && !self.provinces.contains(p) {
                return;
            }
        }
        let c = self.table.get(d).map_or(d, |x| x.name.as_str());
        if !self.polygons.contains(c) {
            *self.missing.entry(c.to_string()).or_default() += 1;
        }
    }

    /// (incident districts with no polygon and their counts, polygon names the table does not know)
    pub fn finish(self) -> (Vec<(String, usize)>, Vec<String>) {
        let unknown = self
            .b
            .regions
            .iter()
            .filter(|r| r.province.as_deref().is_none_or(|p| p == "Balochistan") && self.table.get(&r.name).is_none())
            .map(|r| r.name.clone())
            .collect();
        (self.missing.into_iter().collect(), unknown)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inc(lon: f64, lat: f64, date: &str, f: f64) -> LocatedIncident {
        LocatedIncident {
            lon: Some(lon),
            lat: Some(lat),
            precision: Some(crate::model::GeoPrecision::Place),
            fatalities: Some(f),
            date: crate::input::dates::parse(date, crate::input::dates::Order::Unspecified),
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
    fn the_province_is_that_of_the_district_counted_in() {
        // Two provinces; built-in polygons keep a row located by name in its geocoder's district.
        let gj = r#"{"type":"FeatureCollection","features":[
          {"type":"Feature","properties":{"name":"A","province":"P"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}},
          {"type":"Feature","properties":{"name":"B","province":"Q"},"geometry":{"type":"Polygon","coordinates":[[[1,0],[2,0],[2,1],[1,1],[1,0]]]}}]}"#;
        let mut b = Boundaries::from_geojson_str(gj, None, "t").unwrap();
        b.builtin = true;
        let by_name = LocatedIncident {
            by_name: true,
            district: Some("A".into()),
            province: Some("P".into()),
            ..inc(1.5, 0.5, "2025-01-02", 1.0) // a point in B (Q) for a place the geocoder put in A (P)
        };
        let own_point = LocatedIncident {
            province: Some("P".into()),
            ..inc(1.5, 0.5, "2025-01-02", 1.0)
        };
        let rows = count(
            &[by_name, own_point],
            &[Key::District, Key::Province],
            Some(&b),
            &DistrictTable::default(),
            None,
        );
        let n = |d: &str, p: &str| rows.iter().find(|r| r.keys == [d, p]).map(|r| r.incidents);
        assert_eq!(n("A", "P"), Some(1));
        assert_eq!(n("B", "Q"), Some(1));
        assert_eq!(n("A", "Q"), None);
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
