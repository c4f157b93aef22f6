//! The gazetteer: places with their names, indexed for the geocoder.
//!
//! The default gazetteer is compiled into the binary from
//! `gazetteer/places.csv` (built by `incident-mapper gazetteer import`, see
//! `gazetteer/README.md`). Users add places with `--gazetteer FILE`, in the
//! GeoNames dump format or the project's CSV format.

pub mod csv_format;
pub mod districts;
pub mod fuzzy;
pub mod geonames;
pub mod import;
pub mod lexicon;
pub mod normalize;

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::sync::OnceLock;

use rstar::primitives::GeomWithData;
use rstar::RTree;

use crate::error::{Error, ErrorKind, Result};
use crate::model::{DistrictSource, Place, PlaceKind, Seat};
use districts::DistrictTable;
use fuzzy::FuzzyIndex;
use normalize::{normalize, translit_key};

/// The embedded default gazetteer (project CSV format).
pub const EMBEDDED_PLACES: &str = include_str!("../../gazetteer/places.csv");

/// How a name in the index relates to its place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameKind {
    /// The place's primary name.
    Primary,
    /// One of its alternate names.
    Alternate,
}

/// A name index entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NameRef {
    pub place: u32,
    pub kind: NameKind,
}

type PointEntry = GeomWithData<[f64; 2], u32>;

/// Places plus the indexes the geocoder needs.
#[derive(Debug)]
pub struct Gazetteer {
    places: Vec<Place>,
    /// normalised name → places that carry it
    names: HashMap<String, Vec<NameRef>>,
    /// transliteration key → places
    keys: HashMap<String, Vec<u32>>,
    /// longest indexed name, in tokens
    max_tokens: usize,
    pub districts: DistrictTable,
    fuzzy: OnceLock<(FuzzyIndex, Vec<Vec<u32>>)>,
    /// primary-name keys bucketed by their first two letters, for suggestions
    prefixes: OnceLock<HashMap<String, Vec<(u32, String)>>>,
    /// names of two words or more by their initials and last word ("d m jamali")
    initials: OnceLock<HashMap<String, Vec<u32>>>,
    points: RTree<PointEntry>,
}

/// Planar coordinates for nearest-neighbour search: longitude scaled by
/// cos(30°), which keeps distances within a few percent across Pakistan.
fn planar(lat: f64, lon: f64) -> [f64; 2] {
    [lon * 0.866, lat]
}

/// Great-circle distance in kilometres (haversine, mean Earth radius 6371.0088 km).
///
/// ```
/// // Quetta to Karachi is about 570 km.
/// let d = incident_mapper::gazetteer::haversine_km(30.184, 67.001, 24.861, 67.010);
/// assert!((d - 592.0).abs() < 5.0, "{d}");
/// ```
pub fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0088 * a.sqrt().asin()
}

impl Gazetteer {
    /// The places of the embedded default gazetteer.
    pub fn embedded_places() -> Vec<Place> {
        csv_format::read_rows(EMBEDDED_PLACES.as_bytes(), "gazetteer/places.csv")
            .expect("embedded places.csv is valid")
            .into_iter()
            .map(|r| {
                r.into_place("gazetteer/places.csv")
                    .expect("embedded place has coordinates")
            })
            .collect()
    }

    /// Reads places from a file in the GeoNames dump format or the project CSV
    /// format (detected from the first line), or from a GeoNames `.zip` export
    /// (`PK.zip`). GeoNames records go through [`geonames::kind_for`]: every
    /// feature class it maps is read, the rest (administrative units, regions,
    /// buildings, ...) is skipped.
    pub fn read_file(path: &Path) -> Result<Vec<Place>> {
        let label = path.display().to_string();
        let file = File::open(path)
            .map_err(|e| Error::new(ErrorKind::Gazetteer, format!("{label}: cannot read gazetteer: {e}")))?;
        let mut rdr = BufReader::new(file);
        let mut first = String::new();
        {
            let buf = rdr
                .fill_buf()
                .map_err(|e| Error::new(ErrorKind::Gazetteer, format!("{label}: cannot read gazetteer: {e}")))?;
            if geonames::is_zip(buf) || path.extension().is_some_and(|e| e.eq_ignore_ascii_case("zip")) {
                drop(rdr);
                return geonames::read_dump(path, &geonames::DumpFilter::default()).map(|(places, _)| places);
            }
            let end = buf.iter().position(|&b| b == b'\n').unwrap_or(buf.len());
            first.push_str(String::from_utf8_lossy(&buf[..end]).trim_start_matches('\u{feff}'));
        }
        if geonames::looks_like_geonames(&first) {
            return geonames::read(rdr, &label);
        }
        let lower = first.to_ascii_lowercase();
        let header: Vec<&str> = lower.split(',').map(|h| h.trim().trim_matches('"')).collect();
        if ["name", "latitude", "longitude"].iter().all(|c| header.contains(c)) {
            let mut data = Vec::new();
            rdr.read_to_end(&mut data)
                .map_err(|e| Error::new(ErrorKind::Gazetteer, format!("{label}: {e}")))?;
            let data = data.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&data);
            return csv_format::read_rows(data, &label)?
                .into_iter()
                .map(|r| r.into_place(&label))
                .collect();
        }
        Err(Error::new(
            ErrorKind::Gazetteer,
            format!(
                "{label}: unknown gazetteer format: expected a GeoNames dump (19 tab-separated columns, \
                 no header) or a CSV with the columns {}",
                csv_format::HEADER.join(",")
            ),
        ))
    }

    /// Adds `extra` to `base`. A place whose id is already there only adds its
    /// alternate names (and fills what the existing record lacks).
    pub fn merge(base: &mut Vec<Place>, extra: Vec<Place>) -> usize {
        let mut by_id: HashMap<String, usize> = base.iter().enumerate().map(|(i, p)| (p.id.clone(), i)).collect();
        let mut added = 0;
        for p in extra {
            if let Some(&i) = by_id.get(&p.id) {
                let b = &mut base[i];
                for a in std::iter::once(&p.name).chain(&p.alt_names) {
                    if *a != b.name && !b.alt_names.contains(a) {
                        b.alt_names.push(a.clone());
                    }
                }
                if b.population.is_none() {
                    b.population = p.population;
                }
            } else {
                by_id.insert(p.id.clone(), base.len());
                base.push(p);
                added += 1;
            }
        }
        added
    }

    /// Gives every place without a district the district of the nearest
    /// district seat (used when no `--districts` polygons are given).
    /// Features that span an area (ranges, rivers, plains, valleys, bays:
    /// [`PlaceKind::precision`] 2) are left as they are: a point somewhere
    /// along them says nothing of a district. Returns how many places were assigned.
    pub fn assign_nearest_seat(places: &mut [Place]) -> usize {
        let seats: Vec<PointEntry> = places
            .iter()
            .enumerate()
            .filter(|(_, p)| p.seat >= Seat::District && p.district.is_some() && p.kind == PlaceKind::Town)
            .map(|(i, p)| PointEntry::new(planar(p.lat, p.lon), i as u32))
            .collect();
        let tree = RTree::bulk_load(seats);
        let mut n = 0;
        for i in 0..places.len() {
            let p = &places[i];
            if p.district.is_some() || p.kind.precision() > crate::model::GeoPrecision::Place || p.country != "PK" {
                continue;
            }
            let q = planar(places[i].lat, places[i].lon);
            if let Some(s) = tree.nearest_neighbor(&q) {
                let seat = &places[s.data as usize];
                let (d, p) = (seat.district.clone(), seat.province.clone());
                let place = &mut places[i];
                place.district = d;
                if place.province.is_none() {
                    place.province = p;
                }
                place.district_source = DistrictSource::NearestSeat;
                n += 1;
            }
        }
        n
    }

    /// Builds the indexes over `places`.
    pub fn new(places: Vec<Place>, districts: DistrictTable) -> Self {
        let mut names: HashMap<String, Vec<NameRef>> = HashMap::new();
        let mut keys: HashMap<String, Vec<u32>> = HashMap::new();
        let mut max_tokens = 1;
        for (i, p) in places.iter().enumerate() {
            let i = i as u32;
            for (n, kind) in std::iter::once((&p.name, NameKind::Primary))
                .chain(p.alt_names.iter().map(|a| (a, NameKind::Alternate)))
            {
                if kind == NameKind::Alternate && p.kind <= PlaceKind::Town && (airport_code(n) || unit_name(n)) {
                    continue;
                }
                let norm = normalize(n);
                if norm.is_empty() {
                    continue;
                }
                let tokens = norm.split(' ').count();
                let refs = names.entry(norm.clone()).or_default();
                match refs.iter_mut().find(|r| r.place == i) {
                    Some(r) if kind == NameKind::Primary => r.kind = NameKind::Primary,
                    Some(_) => {}
                    None => refs.push(NameRef { place: i, kind }),
                }
                if norm.is_ascii() {
                    max_tokens = max_tokens.max(tokens.min(6));
                }
                if norm.is_ascii() || normalize::is_arabic_script(&norm) {
                    let k = translit_key(&norm);
                    if k.len() >= 3 {
                        let v = keys.entry(k).or_default();
                        if v.last() != Some(&i) {
                            v.push(i);
                        }
                    }
                }
            }
        }
        let points = RTree::bulk_load(
            places
                .iter()
                .enumerate()
                .filter(|(_, p)| p.kind <= PlaceKind::Town && p.district.is_some())
                .map(|(i, p)| PointEntry::new(planar(p.lat, p.lon), i as u32))
                .collect(),
        );
        Gazetteer {
            places,
            names,
            keys,
            max_tokens,
            districts,
            fuzzy: OnceLock::new(),
            prefixes: OnceLock::new(),
            initials: OnceLock::new(),
            points,
        }
    }

    /// The embedded default gazetteer, indexed.
    pub fn embedded() -> Self {
        Self::new(Self::embedded_places(), DistrictTable::embedded())
    }

    pub fn places(&self) -> &[Place] {
        &self.places
    }

    pub fn place(&self, i: usize) -> &Place {
        &self.places[i]
    }

    pub fn len(&self) -> usize {
        self.places.len()
    }

    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }

    /// The longest name, in tokens (n-grams longer than this are not looked up).
    pub fn max_tokens(&self) -> usize {
        self.max_tokens
    }

    /// Places whose normalised name (primary or alternate) is exactly `normalized`.
    pub fn by_name(&self, normalized: &str) -> &[NameRef] {
        self.names.get(normalized).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Places whose transliteration key is `key`.
    pub fn by_key(&self, key: &str) -> &[u32] {
        self.keys.get(key).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Places whose name, shortened to initials but for its last word, is
    /// `abbreviated` ("d m jamali" for Dera Murad Jamali, "q saifullah" for
    /// Qila Saifullah): how the press shortens long names. Only names of this
    /// country's places are indexed.
    pub fn by_initials(&self, abbreviated: &str) -> &[u32] {
        let index = self.initials.get_or_init(|| {
            let mut m: HashMap<String, Vec<u32>> = HashMap::new();
            for (name, refs) in &self.names {
                // Primary names, and the other names of districts and their seats ("D.A. Yar" for
                // Dera Allah Yar): a village's alternates ("Rahim Khan") would make "R. Khan" a place.
                let refs: Vec<&NameRef> = refs
                    .iter()
                    .filter(|r| {
                        let p = &self.places[r.place as usize];
                        r.kind == NameKind::Primary || p.kind == PlaceKind::District || p.seat >= Seat::District
                    })
                    .collect();
                let words: Vec<&str> = name.split(' ').collect();
                if words.len() < 2 || !name.is_ascii() || words.last().is_none_or(|w| w.len() < 3) {
                    continue;
                }
                let (last, head) = words.split_last().unwrap_or((&"", &[]));
                let key = head
                    .iter()
                    .filter_map(|w| w.chars().next())
                    .map(String::from)
                    .chain(std::iter::once(last.to_string()))
                    .collect::<Vec<_>>()
                    .join(" ");
                // "Q. Abdullah" for Killa Abdullah, "K. Saifullah" for Qila Saifullah: the first
                // letter of Qila, Killa and Kila is written either way.
                let swapped: String = key
                    .split(' ')
                    .enumerate()
                    .map(|(i, w)| match w {
                        "k" if i < head.len() => "q",
                        "q" if i < head.len() => "k",
                        w => w,
                    })
                    .collect::<Vec<_>>()
                    .join(" ");
                let keys = if swapped == key { vec![key] } else { vec![key, swapped] };
                for k in keys {
                    for r in &refs {
                        if self.places[r.place as usize].country == "PK" {
                            let v = m.entry(k.clone()).or_default();
                            if !v.contains(&r.place) {
                                v.push(r.place);
                            }
                        }
                    }
                }
            }
            m.values_mut().for_each(|v| v.sort_unstable());
            m
        });
        index.get(abbreviated).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Places within the fuzzy bounds of `key`, with their similarity, best first.
    pub fn fuzzy(&self, key: &str) -> Vec<(u32, f64)> {
        let (index, places_of) = self.fuzzy.get_or_init(|| {
            let mut ks: Vec<(&String, &Vec<u32>)> = self.keys.iter().collect();
            ks.sort();
            let places_of = ks.iter().map(|(_, v)| (*v).clone()).collect();
            (
                FuzzyIndex::new(ks.into_iter().map(|(k, _)| k.clone()).collect()),
                places_of,
            )
        });
        let mut out = Vec::new();
        for (ki, sim) in index.search(key) {
            for &p in &places_of[ki as usize] {
                out.push((p, sim));
            }
        }
        out
    }

    /// Places whose primary name's key begins with the same two letters as
    /// `key` and is at least `min` alike by Jaro–Winkler, best first: loose
    /// suggestions for a person to review, beyond the fuzzy bounds.
    pub fn similar_names(&self, key: &str, min: f64) -> Vec<(u32, f64)> {
        let buckets = self.prefixes.get_or_init(|| {
            let mut m: HashMap<String, Vec<(u32, String)>> = HashMap::new();
            for (i, p) in self.places.iter().enumerate() {
                let k = translit_key(&normalize(&p.name));
                if k.is_ascii() && k.len() >= 2 {
                    m.entry(k[..2].to_string()).or_default().push((i as u32, k));
                }
            }
            m
        });
        if key.len() < 2 || !key.is_ascii() {
            return Vec::new();
        }
        let mut out: Vec<(u32, f64)> = buckets
            .get(&key[..2])
            .into_iter()
            .flatten()
            .map(|(i, k)| (*i, strsim::jaro_winkler(key, k)))
            .filter(|(_, s)| *s >= min)
            .collect();
        out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        out
    }

    /// The nearest town, village or locality that has a district, with its distance in km.
    pub fn nearest_place(&self, lat: f64, lon: f64) -> Option<(usize, f64)> {
        self.points.nearest_neighbor(&planar(lat, lon)).map(|e| {
            let p = &self.places[e.data as usize];
            (e.data as usize, haversine_km(lat, lon, p.lat, p.lon))
        })
    }

    /// The bounding box of all places, `(min_lat, min_lon, max_lat, max_lon)`.
    pub fn extent(&self) -> Option<(f64, f64, f64, f64)> {
        let pk: Vec<&Place> = self.places.iter().filter(|p| p.country == "PK").collect();
        let src: Vec<&Place> = if pk.is_empty() {
            self.places.iter().collect()
        } else {
            pk
        };
        src.iter().fold(None, |acc, p| {
            Some(match acc {
                None => (p.lat, p.lon, p.lat, p.lon),
                Some((a, b, c, d)) => (a.min(p.lat), b.min(p.lon), c.max(p.lat), d.max(p.lon)),
            })
        })
    }
}

/// Whether an alternate name of a settlement is its airport's three-letter code, as GeoNames
/// lists them ("BNP" for Bannu, "UET" for Quetta): in the press such letters are a party's or a
/// group's ("BNP", "BLA"), not the town's name.
///
/// ```
/// use incident_mapper::gazetteer::airport_code;
/// assert!(airport_code("BNP") && !airport_code("Bnp") && !airport_code("DG Khan"));
/// ```
pub fn airport_code(name: &str) -> bool {
    name.len() == 3 && name.bytes().all(|b| b.is_ascii_uppercase())
}

/// Whether an alternate name of a settlement names an administrative unit ("Duki District",
/// "Kech Tehsil", "ضلع دکی"): GeoNames lists some so, but "X district" in a location asks for
/// the unit.
fn unit_name(name: &str) -> bool {
    let last = name.rsplit([' ', '-']).next().unwrap_or("");
    let unit_last = ["district", "tehsil", "division", "province", "agency"]
        .iter()
        .any(|u| last.eq_ignore_ascii_case(u));
    // In Urdu the word comes first: "ضلع دکی" is "district Duki".
    unit_last && name.contains([' ', '-']) || name.starts_with("ضلع ")
}
