//! `incident-mapper districts`: the districts the tool knows — name, province,
//! division, 2023 population, other names — or, with `--districts FILE`, the
//! districts of that file with each polygon's area.

use std::path::PathBuf;

use geo::orient::{Direction, Orient};
use geo::GeodesicArea;

use crate::cmd::count::{table_or_csv, Format};
use crate::cmd::options::UnitArgs;
use crate::config;
use crate::error::{Error, ErrorKind, Result};
use crate::output::atomic::check_outputs_reading;

/// List the districts: name, province, division, 2023 census population
/// (Balochistan's), other names (aliases and older units folded in) and
/// geodesic area in km² — of the built-in polygons (Pakistan's 156 districts,
/// © OpenStreetMap contributors, ODbL) or, with --districts, of that file's,
/// joined to the 2023 table by name (through --crosswalk).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only the districts of this province (any case).
    #[arg(long, value_name = "NAME")]
    pub province: Option<String>,
    #[command(flatten)]
    pub units: UnitArgs,
    /// How to write the list: an aligned table, CSV or JSON.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Where to write the list (default `-`: standard output).
    #[arg(short, long, default_value = "-")]
    pub output: PathBuf,
}

/// The columns of the list.
pub const COLUMNS: [&str; 6] = [
    "district",
    "province",
    "division",
    "population_2023",
    "other_names",
    "area_km2",
];

pub fn execute(a: Args) -> Result<()> {
    let mut reads: Vec<&std::path::Path> = Vec::new();
    reads.extend(a.units.districts.as_deref());
    reads.extend(a.units.crosswalk.as_deref());
    check_outputs_reading(&reads, &[&a.output])?;
    let b = config::load_districts(a.units.districts.as_deref(), a.units.name_field.as_deref())?;
    let (gaz, _) = config::load_gazetteer(&[], Some(&b), a.units.crosswalk.as_deref())?;
    let table = &gaz.districts;
    let other_names = |d: &crate::gazetteer::districts::District| {
        let mut v: Vec<&str> = d.aliases.iter().chain(&d.folded_units).map(String::as_str).collect();
        v.sort_unstable();
        v.dedup();
        v.join("; ")
    };
    // The built-in polygons carry OpenStreetMap's division and other names
    // for the districts the 2023 table (Balochistan's) does not hold.
    let builtin = b.builtin.then(|| crate::boundaries::builtin::features("districts"));
    let osm = |i: usize, key: &str| -> String {
        let v = builtin.and_then(|f| f[i].properties.get(key));
        match v {
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(serde_json::Value::Array(a)) => a.iter().filter_map(|x| x.as_str()).collect::<Vec<_>>().join("; "),
            _ => String::new(),
        }
    };
    let mut rows: Vec<Vec<String>> = b
        .regions
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let d = table.get(&r.name);
            // On the ellipsoid (Karney's method); rings oriented first, as a clockwise
            // exterior would otherwise measure the rest of the Earth.
            let km2 = r.geometry.orient(Direction::Default).geodesic_area_unsigned() / 1e6;
            vec![
                r.name.clone(),
                r.province
                    .clone()
                    .or_else(|| d.map(|d| d.province.clone()))
                    .unwrap_or_default(),
                d.map_or_else(|| osm(i, "division"), |d| d.division.clone()),
                d.and_then(|d| d.population_2023)
                    .map(|p| p.to_string())
                    .unwrap_or_default(),
                d.map_or_else(|| osm(i, "aliases"), other_names),
                format!("{km2:.1}"),
            ]
        })
        .collect();
    if let Some(p) = &a.province {
        rows.retain(|r| crate::boundaries::same_province(&r[1], p));
        if rows.is_empty() {
            let mut known: Vec<String> = table.districts.iter().map(|d| d.province.clone()).collect();
            known.extend(b.regions.iter().filter_map(|r| r.province.clone()));
            known.sort();
            known.dedup();
            return Err(Error::new(
                ErrorKind::Argument,
                format!(
                    "--province {}: no district of that province here (provinces: {})",
                    crate::error::quote(p),
                    known.join(", ")
                ),
            ));
        }
    }
    rows.sort_by(|x, y| (&x[1], &x[0]).cmp(&(&y[1], &y[0])));
    let bytes = match a.format {
        Format::Json => {
            let v: Vec<serde_json::Value> = rows
                .iter()
                .map(|r| {
                    let mut o = serde_json::Map::new();
                    for (k, cell) in COLUMNS.iter().zip(r) {
                        let value = match *k {
                            "population_2023" if !cell.is_empty() => cell
                                .parse::<u64>()
                                .map_or(serde_json::Value::Null, serde_json::Value::from),
                            "area_km2" if !cell.is_empty() => cell
                                .parse::<f64>()
                                .map_or(serde_json::Value::Null, serde_json::Value::from),
                            _ if cell.is_empty() => serde_json::Value::Null,
                            _ => cell.clone().into(),
                        };
                        o.insert((*k).into(), value);
                    }
                    serde_json::Value::Object(o)
                })
                .collect();
            let mut s = serde_json::to_vec_pretty(&v).map_err(|e| Error::new(ErrorKind::Output, e.to_string()))?;
            s.push(b'\n');
            s
        }
        f => {
            let head: Vec<String> = COLUMNS.iter().map(|c| c.to_string()).collect();
            table_or_csv(&head, &rows, 5, f)?
        }
    };
    crate::output::atomic::write_bytes(&a.output, &bytes)
}
