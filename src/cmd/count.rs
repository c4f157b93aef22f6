//! `incident-mapper count`: incidents (and fatalities) per district, province, month, year, event type.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::ValueEnum;

use crate::boundaries::Boundaries;
use crate::cmd::geocode::Common;
use crate::cmd::map::{load, Dates, Loaded};
use crate::config;
use crate::error::{Error, ErrorKind, Result};
use crate::gazetteer::Gazetteer;
use crate::model::LocatedIncident;
use crate::output::atomic::{check_outputs, is_stdout, AtomicFile};
use crate::output::counts::{count, join_report, Key, Row};

/// Count incidents and fatalities by district (every district, zeros
/// included), province, month, year or event type, or combinations
/// (`--by district,month`). With --districts, an incident's district is the
/// polygon its point falls in; without, the geocoder's. Nothing is dropped:
/// `(outside)`, `(province only)` and `(no location)` rows hold the rest.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Incidents: the GeoJSON `geocode` writes, or a CSV (geocoded first).
    pub input: PathBuf,
    /// Grouping keys, comma-separated: district, province, month, year, event_type.
    #[arg(long, default_value = "district", value_delimiter = ',')]
    pub by: Vec<String>,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Where to write the counts (default: standard output).
    #[arg(short, long, default_value = "-")]
    pub output: PathBuf,
    /// Add incidents per 100,000 people (2023 census populations of Balochistan's districts).
    #[arg(long)]
    pub per_capita: bool,
    /// Also write the district polygons with their counts as properties (needs --districts).
    #[arg(long, value_name = "OUT.geojson")]
    pub geojson: Option<PathBuf>,
    #[command(flatten)]
    pub dates: Dates,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Csv,
    Json,
}

/// The column names of a counts table.
pub fn header(keys: &[Key], rates: bool) -> Vec<String> {
    let mut h: Vec<String> = keys.iter().map(|k| k.column().to_string()).collect();
    h.push("incidents".into());
    h.push("fatalities".into());
    if rates {
        h.push("incidents_per_100k".into());
    }
    h
}

fn cells(r: &Row, rates: bool) -> Vec<String> {
    let mut c = r.keys.clone();
    c.push(r.incidents.to_string());
    c.push(format!("{}", r.fatalities));
    if rates {
        c.push(r.per_100k.map(|x| format!("{x}")).unwrap_or_default());
    }
    c
}

/// Renders rows as CSV, an aligned table, or JSON.
pub fn render(rows: &[Row], keys: &[Key], rates: bool, format: Format) -> Result<Vec<u8>> {
    let head = header(keys, rates);
    Ok(match format {
        Format::Csv => {
            let mut w = csv::Writer::from_writer(Vec::new());
            let e = |e: csv::Error| Error::new(ErrorKind::Output, e.to_string());
            w.write_record(&head).map_err(e)?;
            for r in rows {
                w.write_record(cells(r, rates)).map_err(e)?;
            }
            w.into_inner()
                .map_err(|e| Error::new(ErrorKind::Output, e.to_string()))?
        }
        Format::Json => {
            let v: Vec<serde_json::Value> = rows
                .iter()
                .map(|r| {
                    let mut o = serde_json::Map::new();
                    for (k, v) in keys.iter().zip(&r.keys) {
                        o.insert(k.column().into(), v.clone().into());
                    }
                    o.insert("incidents".into(), r.incidents.into());
                    o.insert("fatalities".into(), r.fatalities.into());
                    if rates {
                        o.insert("incidents_per_100k".into(), r.per_100k.into());
                    }
                    serde_json::Value::Object(o)
                })
                .collect();
            let mut s = serde_json::to_vec_pretty(&v).map_err(|e| Error::new(ErrorKind::Output, e.to_string()))?;
            s.push(b'\n');
            s
        }
        Format::Table => {
            let all: Vec<Vec<String>> = std::iter::once(head.clone())
                .chain(rows.iter().map(|r| cells(r, rates)))
                .collect();
            let widths: Vec<usize> = (0..head.len())
                .map(|c| all.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
                .collect();
            let mut s = String::new();
            for (i, r) in all.iter().enumerate() {
                let line: Vec<String> = r
                    .iter()
                    .enumerate()
                    .map(|(c, v)| {
                        if c < keys.len() {
                            format!("{v:<w$}", w = widths[c])
                        } else {
                            format!("{v:>w$}", w = widths[c])
                        }
                    })
                    .collect();
                s.push_str(line.join("  ").trim_end());
                s.push('\n');
                if i == 0 {
                    s.push_str(&widths.iter().map(|w| "-".repeat(*w)).collect::<Vec<_>>().join("  "));
                    s.push('\n');
                }
            }
            s.into_bytes()
        }
    })
}

/// The district polygons with their counts, as a GeoJSON FeatureCollection (flat properties).
pub fn districts_geojson(b: &Boundaries, rows: &[Row], rates: bool) -> Vec<u8> {
    let features: Vec<geojson::Feature> = b
        .regions
        .iter()
        .map(|r| {
            let row = rows.iter().find(|x| x.keys[0] == r.name);
            let mut p = serde_json::Map::new();
            p.insert("district".into(), r.name.clone().into());
            p.insert("province".into(), r.province.clone().into());
            p.insert("incidents".into(), row.map_or(0, |x| x.incidents).into());
            p.insert("fatalities".into(), row.map_or(0.0, |x| x.fatalities).into());
            if rates {
                p.insert("incidents_per_100k".into(), row.and_then(|x| x.per_100k).into());
            }
            geojson::Feature {
                bbox: None,
                geometry: Some(geojson::Geometry::from(&r.geometry)),
                id: None,
                properties: Some(p),
                foreign_members: None,
            }
        })
        .collect();
    let fc = geojson::FeatureCollection {
        bbox: None,
        features,
        foreign_members: None,
    };
    let mut s = fc.to_string().into_bytes();
    s.push(b'\n');
    s
}

fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    if is_stdout(path) {
        return crate::output::write_stdout(bytes);
    }
    let mut f = AtomicFile::create(path)?;
    f.write_all(bytes).map_err(|e| Error::output(path, e))?;
    f.commit()
}

/// Counts for `incidents` as the command computes them (shared with `run`).
pub fn counts_for(
    incidents: &[LocatedIncident],
    keys: &[Key],
    b: Option<&Boundaries>,
    gaz: &Gazetteer,
    per_capita: bool,
) -> Vec<Row> {
    let pop = |d: &str| gaz.districts.get(d).and_then(|x| x.population_2023).map(|p| p as f64);
    let pop_ref: &dyn Fn(&str) -> Option<f64> = &pop;
    count(incidents, keys, b, &gaz.districts, per_capita.then_some(pop_ref))
}

pub fn execute(a: Args) -> Result<()> {
    let c = &a.common;
    let keys: Vec<Key> =
        a.by.iter()
            .map(|k| {
                Key::parse(k).ok_or_else(|| {
                    Error::new(
                        ErrorKind::Argument,
                        format!("--by: unknown key '{k}' (use district, province, month, year, event_type)"),
                    )
                })
            })
            .collect::<Result<_>>()?;
    if a.per_capita && !keys.contains(&Key::District) {
        return Err(Error::new(
            ErrorKind::Argument,
            "--per-capita needs district among the --by keys",
        ));
    }
    if a.geojson.is_some() && c.districts.is_none() {
        return Err(Error::new(ErrorKind::Argument, "--geojson needs --districts FILE"));
    }
    let mut outs: Vec<&Path> = vec![&a.output];
    outs.extend(a.geojson.as_deref());
    check_outputs(&a.input, &outs)?;
    let Loaded {
        boundaries,
        gaz,
        incidents,
    } = load(&a.input, c, &a.dates)?;
    let rows = counts_for(&incidents, &keys, boundaries.as_ref(), &gaz, a.per_capita);
    write(&a.output, &render(&rows, &keys, a.per_capita, a.format)?)?;
    if let (Some(p), Some(b)) = (&a.geojson, &boundaries) {
        let by_district = counts_for(&incidents, &[Key::District], Some(b), &gaz, a.per_capita);
        write(p, &districts_geojson(b, &by_district, a.per_capita))?;
    }
    if !c.quiet {
        if let (Some(p), Some(b)) = (&c.districts, &boundaries) {
            eprintln!("{}", config::describe_boundaries(p, b));
            let (missing, unknown) = join_report(&incidents, b, &gaz.districts);
            if !missing.is_empty() {
                let list: Vec<String> = missing.iter().map(|(n, k)| format!("{n} ({k})")).collect();
                eprintln!(
                    "district names of incidents with no polygon in {}: {} (counted by their points; map names with --crosswalk)",
                    p.display(),
                    list.join(", ")
                );
            }
            if !unknown.is_empty() {
                eprintln!(
                    "polygon names not in the district table: {} (map them with --crosswalk)",
                    unknown.join(", ")
                );
            }
        }
        let total: u64 = rows.iter().map(|r| r.incidents).sum();
        eprintln!(
            "{} incidents in {} rows; districts from {}",
            total,
            rows.len(),
            if boundaries.is_some() {
                "point-in-polygon (--districts)"
            } else {
                "the geocoder"
            }
        );
    }
    Ok(())
}
