//! `incident-mapper count`: incidents (and fatalities) per district, province, month, year, event type.

use std::path::{Path, PathBuf};

use clap::ValueEnum;

use crate::boundaries::Boundaries;
use crate::cmd::load::{for_each_incident, load_reference, require_points, LoadOptions};
use crate::cmd::options::{Common, DateRange};
use crate::config::{self, Populations};
use crate::error::{Error, ErrorKind, Result};
use crate::gazetteer::districts::DistrictTable;
use crate::gazetteer::Gazetteer;
use crate::model::LocatedIncident;
use crate::output::counts::{count, Counter, JoinReport, Key, Row};
use crate::output::geojson::{FeatureWriter, Geometry};

/// Count incidents and fatalities by district (every district, zeros
/// included), province, month, year or event type, or combinations
/// (`--by district,month`). An incident's district is the polygon its point
/// falls in (the built-in districts, or --districts); with the built-in ones,
/// a place found by name keeps the district the geocoder gave it, which
/// weighed the row's own district and province. Nothing is dropped:
/// `(outside)`, `(province only)` and `(no location)` rows hold the rest.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Incidents: the GeoJSON or GeoParquet `geocode` writes, or a CSV (geocoded first).
    pub input: PathBuf,
    /// Grouping keys, comma-separated: district, province, month, year, event_type.
    #[arg(long, default_value = "district", value_delimiter = ',')]
    pub by: Vec<String>,
    /// How to write the counts: an aligned table, CSV or JSON.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Where to write the counts (default: standard output).
    #[arg(short, long, default_value = "-")]
    pub output: PathBuf,
    /// Add incidents per 100,000 people (2023 census populations of Balochistan's districts).
    #[arg(long)]
    pub per_capita: bool,
    /// People per district for --per-capita (implied): a CSV with columns district,population.
    #[arg(long, value_name = "FILE")]
    pub populations: Option<PathBuf>,
    /// Also write the district polygons (the built-in ones, or --districts) with their counts as properties.
    #[arg(long, value_name = "OUT.geojson")]
    pub geojson: Option<PathBuf>,
    /// Instead of counts, list the incidents whose point falls in another
    /// district than the one their location and district columns name
    /// (needs --districts): a way to find bad coordinates.
    #[arg(long)]
    pub check: bool,
    #[command(flatten)]
    pub dates: DateRange,
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
        Format::Csv | Format::Table => {
            let rows: Vec<Vec<String>> = rows.iter().map(|r| cells(r, rates)).collect();
            table_or_csv(&head, &rows, keys.len(), format)?
        }
    })
}

/// CSV, or an aligned text table whose first `left` columns are left-aligned (text) and the rest right-aligned.
pub(crate) fn table_or_csv(head: &[String], rows: &[Vec<String>], left: usize, format: Format) -> Result<Vec<u8>> {
    if format == Format::Csv {
        let mut w = csv::Writer::from_writer(Vec::new());
        let e = |e: csv::Error| Error::new(ErrorKind::Output, e.to_string());
        w.write_record(head).map_err(e)?;
        for r in rows {
            w.write_record(r).map_err(e)?;
        }
        return w.into_inner().map_err(|e| Error::new(ErrorKind::Output, e.to_string()));
    }
    let all: Vec<&[String]> = std::iter::once(head).chain(rows.iter().map(Vec::as_slice)).collect();
    let widths: Vec<usize> = (0..head.len())
        .map(|c| all.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
        .collect();
    let mut s = String::new();
    for (i, r) in all.iter().enumerate() {
        let line: Vec<String> = r
            .iter()
            .enumerate()
            .map(|(c, v)| {
                if c < left {
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
    Ok(s.into_bytes())
}

/// The district polygons with their counts, as a GeoJSON FeatureCollection (flat properties).
pub fn districts_geojson(b: &Boundaries, rows: &[Row], rates: bool) -> Vec<u8> {
    let mut w = FeatureWriter::new(Vec::new(), false).expect("writing to memory");
    for r in &b.regions {
        let row = rows.iter().find(|x| x.keys[0] == r.name);
        let mut p = w.feature(None, &Geometry::MultiPolygon(&r.geometry));
        p.str("district", Some(&r.name))
            .str("province", r.province.as_deref())
            .num("incidents", Some(row.map_or(0, |x| x.incidents) as f64))
            .num("fatalities", Some(row.map_or(0.0, |x| x.fatalities)));
        if rates {
            p.num("incidents_per_100k", row.and_then(|x| x.per_100k));
        }
        p.end().expect("writing to memory");
    }
    w.finish().expect("writing to memory")
}

/// Counts for `incidents` as the command computes them (shared with `run`).
pub fn counts_for(
    incidents: &[LocatedIncident],
    keys: &[Key],
    b: Option<&Boundaries>,
    gaz: &Gazetteer,
    populations: Option<&Populations>,
) -> Vec<Row> {
    let pop = |d: &str| populations.and_then(|p| p.get(d, &gaz.districts));
    let pop_ref: &dyn Fn(&str) -> Option<f64> = &pop;
    count(incidents, keys, b, &gaz.districts, populations.map(|_| pop_ref))
}

/// An incident whose point and whose name disagree about its district.
#[derive(Debug, Clone, PartialEq)]
pub struct Mismatch {
    pub line: u64,
    pub id: Option<String>,
    pub location: Option<String>,
    pub lat: f64,
    pub lon: f64,
    /// The district the row's location and district columns name.
    pub named: String,
    /// The polygon the point falls in, or `(outside)`.
    pub polygon: String,
    /// Kilometres from the point to the named district's polygon, when the file has one.
    pub km_to_named: Option<f64>,
}

/// Compares an incident's named district with the polygon its point fell in
/// (`region`); district splits count as agreement (an incident named "Killa
/// Abdullah" in the polygon of Chaman, carved out of it in 2021, agrees).
pub fn check_incident(
    i: &LocatedIncident,
    named: Option<&str>,
    region: Option<usize>,
    b: &Boundaries,
    table: &DistrictTable,
) -> Option<Mismatch> {
    let named = named?;
    let (lon, lat) = (i.lon?, i.lat?);
    if i.precision.is_some_and(|p| !p.counts_in_district()) {
        return None;
    }
    let polygon = region.map(|k| b.regions[k].name.as_str());
    if polygon.is_some_and(|p| table.compatible(named, p)) {
        return None;
    }
    let canon = |n: &str| {
        table
            .get(n)
            .map_or_else(|| n.to_ascii_lowercase(), |d| d.name.to_ascii_lowercase())
    };
    let target = canon(named);
    let named_polygon = b.regions.iter().find(|r| canon(&r.name) == target);
    // A point outside the file's polygons, named in a district the file does not cover: nothing to compare.
    if region.is_none() && named_polygon.is_none() {
        return None;
    }
    let km_to_named = named_polygon.and_then(|r| {
        use geo::{Closest, ClosestPoint, Distance, Haversine};
        let p = geo::Point::new(lon, lat);
        match r.geometry.closest_point(&p) {
            Closest::Intersection(q) | Closest::SinglePoint(q) => {
                Some((Haversine::distance(p, q) / 100.0).round() / 10.0)
            }
            Closest::Indeterminate => None,
        }
    });
    Some(Mismatch {
        line: i.line,
        id: i.id.as_deref().map(String::from),
        location: i.location.as_deref().map(String::from),
        lat,
        lon,
        named: named.to_string(),
        polygon: polygon.unwrap_or(crate::output::counts::OUTSIDE).to_string(),
        km_to_named,
    })
}

/// Renders the `--check` list.
pub fn render_mismatches(m: &[Mismatch], format: Format) -> Result<Vec<u8>> {
    let head = [
        "line",
        "id",
        "location",
        "latitude",
        "longitude",
        "named_district",
        "polygon_district",
        "km_to_named_district",
    ];
    let cells = |x: &Mismatch| -> Vec<String> {
        vec![
            x.line.to_string(),
            x.id.clone().unwrap_or_default(),
            x.location.clone().unwrap_or_default(),
            format!("{}", x.lat),
            format!("{}", x.lon),
            x.named.clone(),
            x.polygon.clone(),
            x.km_to_named.map(|k| format!("{k}")).unwrap_or_default(),
        ]
    };
    Ok(match format {
        Format::Json => {
            let v: Vec<serde_json::Value> = m
                .iter()
                .map(|x| {
                    serde_json::json!({
                        "line": x.line, "id": x.id, "location": x.location, "latitude": x.lat,
                        "longitude": x.lon, "named_district": x.named, "polygon_district": x.polygon,
                        "km_to_named_district": x.km_to_named,
                    })
                })
                .collect();
            let mut s = serde_json::to_vec_pretty(&v).map_err(|e| Error::new(ErrorKind::Output, e.to_string()))?;
            s.push(b'\n');
            s
        }
        _ => {
            let rows: Vec<Vec<String>> = m.iter().map(cells).collect();
            table_or_csv(&head.map(String::from), &rows, 5, format)?
        }
    })
}

pub fn execute(mut a: Args) -> Result<()> {
    a.per_capita |= a.populations.is_some();
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
    if keys.iter().enumerate().any(|(n, k)| keys[..n].contains(k)) {
        return Err(Error::new(ErrorKind::Argument, "--by: a key is given twice"));
    }
    if a.per_capita && !keys.contains(&Key::District) {
        return Err(Error::new(
            ErrorKind::Argument,
            "--per-capita needs district among the --by keys",
        ));
    }
    let mut outs: Vec<&Path> = vec![&a.output];
    outs.extend(a.geojson.as_deref());
    let more_reads: Vec<&Path> = a.populations.iter().map(PathBuf::as_path).collect();
    let rejects = c.check_outputs(&a.input, &more_reads, &outs)?;
    let (boundaries, gaz) = load_reference(c)?;
    let b = Some(&boundaries);
    let pops = if a.per_capita {
        Some(Populations::load(a.populations.as_deref(), &gaz.districts)?)
    } else {
        None
    };
    // One pass: the counts asked for, by district for --geojson, the join report, the check.
    let mut counter = Counter::new(&keys, b);
    // --geojson's counts by district: the main counter's when it counts by district alone.
    let mut by_district = a
        .geojson
        .as_ref()
        .filter(|_| keys != [Key::District])
        .map(|_| Counter::new(&[Key::District], b));
    // Names that do not join matter for a user's polygons; the built-in ones are the table's.
    let mut joins = b.filter(|b| !b.builtin).map(|b| JoinReport::new(b, &gaz.districts));
    let mut mismatches = Vec::new();
    let mut located = 0u64;
    let opts = LoadOptions {
        named_district: a.check,
        points_alone: !a.check,
        rejects: rejects.as_deref(),
    };
    let mut read = for_each_incident(&a.input, c, &gaz, opts, &a.dates, |i, named| {
        located += u64::from(i.lon.is_some() && i.lat.is_some());
        let region = counter.add(&i);
        if let Some(d) = &mut by_district {
            d.add(&i);
        }
        if let Some(j) = &mut joins {
            j.add(&i);
        }
        if let (true, Some(b)) = (a.check, b) {
            mismatches.extend(check_incident(&i, named, region, b, &gaz.districts));
        }
        Ok(())
    })?;
    if !boundaries.builtin {
        require_points(&a.input, located, read.kept())?;
    }
    let (by_polygon, by_geocoder) = (counter.by_polygon, counter.by_geocoder);
    let rows = rows_of(counter, &gaz, pops.as_ref());
    if a.check {
        crate::output::atomic::write_bytes(&a.output, &render_mismatches(&mismatches, a.format)?)?;
    } else {
        crate::output::atomic::write_bytes(&a.output, &render(&rows, &keys, a.per_capita, a.format)?)?;
    }
    if let (Some(p), Some(b)) = (&a.geojson, b) {
        let district_rows = match by_district {
            Some(d) => rows_of(d, &gaz, pops.as_ref()),
            None => rows.clone(),
        };
        crate::output::atomic::write_bytes(p, &districts_geojson(b, &district_rows, a.per_capita))?;
    }
    read.persist_rejects()?;
    if !c.quiet {
        crate::say!("{}", config::describe_boundaries(c.districts.as_deref(), &boundaries));
        if let (Some(p), Some(j)) = (&c.districts, joins) {
            let (missing, unknown) = j.finish();
            if !missing.is_empty() {
                let list: Vec<String> = missing.iter().map(|(n, k)| format!("{n} ({k})")).collect();
                crate::say!(
                    "district names of incidents with no polygon in {}: {} (counted by their points; map names with --crosswalk)",
                    p.display(),
                    list.join(", ")
                );
            }
            if !unknown.is_empty() {
                crate::say!(
                    "polygon names not in the district table: {} (map them with --crosswalk)",
                    unknown.join(", ")
                );
            }
        }
        let total: u64 = rows.iter().map(|r| r.incidents).sum();
        let notes = read.notes();
        crate::say!(
            "{} rows read, {} counted{} in {} rows; districts: {by_polygon} by point-in-polygon ({}), \
             {by_geocoder} from the geocoder (located by name){}",
            read.rows,
            total,
            if notes.is_empty() {
                String::new()
            } else {
                format!(" ({})", notes.join(", "))
            },
            rows.len(),
            if boundaries.builtin {
                "the rows' own coordinates, built-in polygons"
            } else {
                "--districts"
            },
            match total - by_polygon - by_geocoder {
                0 => String::new(),
                n => format!(", {n} in no district"),
            }
        );
        if a.check {
            crate::say!(
                "--check: {} incident(s) whose point is not in the district their name gives",
                mismatches.len()
            );
        }
    }
    Ok(())
}

fn rows_of(c: Counter, gaz: &Gazetteer, populations: Option<&Populations>) -> Vec<Row> {
    let pop = |d: &str| populations.and_then(|p| p.get(d, &gaz.districts));
    let pop_ref: &dyn Fn(&str) -> Option<f64> = &pop;
    c.rows(&gaz.districts, populations.map(|_| pop_ref))
}
