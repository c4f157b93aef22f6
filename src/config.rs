//! What the subcommands share: loading the gazetteer and the boundaries
//! from the command-line options, in one place.

use std::path::{Path, PathBuf};

use crate::boundaries::Boundaries;
use crate::error::Result;
use crate::gazetteer::districts::DistrictTable;
use crate::gazetteer::Gazetteer;
use crate::model::{DistrictSource, Place, PlaceKind};

/// Reads `--districts FILE`, if given.
pub fn load_boundaries(path: Option<&Path>, name_field: Option<&str>) -> Result<Option<Boundaries>> {
    path.map(|p| Boundaries::from_file(p, name_field)).transpose()
}

/// The district polygons of `path`, or the built-in ones (Pakistan,
/// OpenStreetMap 2023) when no file is named.
pub fn load_districts(path: Option<&Path>, name_field: Option<&str>) -> Result<Boundaries> {
    Ok(match load_boundaries(path, name_field)? {
        Some(b) => b,
        None => crate::boundaries::builtin::districts(&DistrictTable::embedded()),
    })
}

/// What was read from a boundary file, for the summary: one line, then a
/// `warning:` line for each problem found (invalid rings, overlaps).
pub fn describe_boundaries(path: Option<&Path>, b: &Boundaries) -> String {
    let Some(path) = path else {
        return format!(
            "districts: {} polygons, {}",
            b.regions.len(),
            crate::boundaries::builtin::LABEL
        );
    };
    let mut s = format!(
        "{}: {} district polygons, names from property '{}'",
        path.display(),
        b.regions.len(),
        b.name_field
    );
    for w in b.warnings() {
        s.push_str(&format!("\nwarning: {}: {w}", path.display()));
    }
    s
}

/// The district (and province) of the polygon containing a place, with the
/// district name made canonical where the district table knows it.
pub fn district_of_point(
    b: &Boundaries,
    table: &DistrictTable,
    lat: f64,
    lon: f64,
) -> Option<(String, Option<String>)> {
    let region = &b.regions[b.locate(lon, lat)?];
    let known = table.get(&region.name);
    let name = known.map(|d| d.name.clone()).unwrap_or_else(|| region.name.clone());
    let province = region.province.clone().or_else(|| known.map(|d| d.province.clone()));
    Some((name, province))
}

/// What loading the gazetteer did, for the summary.
#[derive(Debug, Default, Clone)]
pub struct GazetteerReport {
    pub embedded: usize,
    pub added: Vec<(PathBuf, usize, usize)>,
    pub by_polygon: usize,
    pub by_nearest_seat: usize,
}

/// The embedded gazetteer plus every `--gazetteer FILE`. Added places with no
/// district get one by point-in-polygon — in `boundaries` when given, else in
/// the built-in district polygons, so that every command (`geocode`, `extract`,
/// `gazetteer lookup`) gives a place the same district — and only a point
/// outside every polygon gets the nearest district seat's.
pub fn load_gazetteer(
    files: &[PathBuf],
    boundaries: Option<&Boundaries>,
    crosswalk: Option<&Path>,
) -> Result<(Gazetteer, GazetteerReport)> {
    let mut table = DistrictTable::embedded();
    if let Some(p) = crosswalk {
        let data = std::fs::read(p).map_err(|e| crate::error::Error::unreadable(p, e))?;
        table.add_crosswalk(&data, &p.display().to_string())?;
    }
    let mut places = Gazetteer::embedded_places();
    let mut report = GazetteerReport {
        embedded: places.len(),
        ..Default::default()
    };
    let builtin;
    let boundaries = match boundaries {
        Some(b) => Some(b),
        None if !files.is_empty() => {
            builtin = crate::boundaries::builtin::districts(&table);
            Some(&builtin)
        }
        None => None,
    };
    for f in files {
        let mut extra = Gazetteer::read_file(f)?;
        let read = extra.len();
        if let Some(b) = boundaries {
            report.by_polygon += assign_by_polygon(&mut extra, b, &table);
        }
        let added = Gazetteer::merge(&mut places, extra);
        report.added.push((f.clone(), read, added));
    }
    if !files.is_empty() {
        report.by_nearest_seat = Gazetteer::assign_nearest_seat(&mut places);
    }
    Ok((Gazetteer::new(places, table), report))
}

fn assign_by_polygon(places: &mut [Place], b: &Boundaries, table: &DistrictTable) -> usize {
    let mut n = 0;
    for p in places
        .iter_mut()
        .filter(|p| p.district.is_none() && p.kind < PlaceKind::District)
    {
        if let Some((d, prov)) = district_of_point(b, table, p.lat, p.lon) {
            p.district = Some(d);
            if prov.is_some() {
                p.province = prov;
            }
            p.district_source = DistrictSource::PointInPolygon;
            n += 1;
        }
    }
    n
}

/// People per district for rates per 100,000: the 2023 census of
/// Balochistan's districts (the district table), or a user's CSV with the
/// columns `district,population` (`--populations FILE`), whose names join
/// through the crosswalk like any other district name.
pub struct Populations {
    by_name: std::collections::HashMap<String, f64>,
    user: bool,
}

impl Populations {
    /// Reads `path` when given; else the census figures of `table`.
    pub fn load(path: Option<&Path>, table: &DistrictTable) -> Result<Self> {
        let key = |n: &str| {
            table
                .get(n)
                .map_or_else(|| n.trim().to_lowercase(), |d| d.name.to_lowercase())
        };
        let Some(path) = path else {
            let by_name = table
                .districts
                .iter()
                .filter_map(|d| Some((key(&d.name), d.population_2023? as f64)))
                .collect();
            return Ok(Populations { by_name, user: false });
        };
        use crate::error::{Error, ErrorKind};
        let label = path.display().to_string();
        let err = |m: String| Error::new(ErrorKind::Gazetteer, format!("{label}: {m}"));
        let data = std::fs::read(path).map_err(|e| err(format!("cannot read populations: {e}")))?;
        let mut rdr = csv::Reader::from_reader(data.as_slice());
        let headers = rdr.headers().map_err(|e| err(e.to_string()))?.clone();
        let col = |n: &str| headers.iter().position(|h| h.trim().eq_ignore_ascii_case(n));
        let (Some(cd), Some(cp)) = (col("district"), col("population")) else {
            return Err(err(format!(
                "a populations file needs the columns district,population (found: {})",
                headers.iter().collect::<Vec<_>>().join(", ")
            )));
        };
        let mut by_name = std::collections::HashMap::new();
        for rec in rdr.records() {
            let r = rec.map_err(|e| err(e.to_string()))?;
            let line = r.position().map_or(0, |p| p.line());
            let (d, p) = (r.get(cd).unwrap_or("").trim(), r.get(cp).unwrap_or("").trim());
            let n: f64 = p
                .replace([',', '_', ' '], "")
                .parse()
                .ok()
                .filter(|x: &f64| x.is_finite() && *x >= 0.0)
                .ok_or_else(|| {
                    err(format!(
                        "line {line}: field 'population': '{p}' is not a number of people"
                    ))
                })?;
            if !d.is_empty() {
                by_name.insert(key(d), n);
            }
        }
        Ok(Populations { by_name, user: true })
    }

    /// People in district `name` (any spelling the crosswalk knows), if known.
    pub fn get(&self, name: &str, table: &DistrictTable) -> Option<f64> {
        let k = table
            .get(name)
            .map_or_else(|| name.trim().to_lowercase(), |d| d.name.to_lowercase());
        self.by_name.get(&k).copied()
    }

    /// Where the figures come from, for legends and summaries.
    pub fn source(&self) -> &'static str {
        if self.user {
            "--populations file"
        } else {
            "2023 census"
        }
    }
}
