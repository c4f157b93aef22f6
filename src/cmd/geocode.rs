//! `incident-mapper geocode`: an incidents CSV to a GeoJSON FeatureCollection.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use clap::ValueEnum;

use crate::boundaries::Boundaries;
pub use crate::cmd::options::{Common, OnError};
use crate::config::{self, district_of_point};
use crate::error::{Error, Result};
use crate::gazetteer::Gazetteer;
use crate::geocode::dedup::{self, DedupKey};
use crate::geocode::Geocoder;
use crate::input::incidents::IncidentReader;
use crate::model::{Flag, LocatedIncident, Method, Names, PlaceKind, Resolution};
use crate::output::atomic::{check_outputs_reading, AtomicFile};
use crate::output::columnar::{Cell, Column, Kind, TableFormat, TableWriter};
use crate::output::csv_out::CsvIncidentWriter;
use crate::output::geojson::{
    fact_fields, geo_fields, property_names, props_key, round6, Flat, GeoJsonWriter, RenderedGeo, GEO_KINDS,
    GEO_PROPERTIES,
};
use crate::output::progress::Progress;
use crate::output::rejects::RejectsWriter;
use crate::output::unmatched::UnmatchedWriter;

/// Geocode an incidents CSV to GeoJSON (one Feature per row, none dropped).
///
/// The location column is `location`, `place`, `location_as_reported` or
/// `city` (or --location-column). `admin2`/`district` and `admin1`/`province`
/// columns, when present, guide the choice among namesakes; valid
/// `latitude`/`longitude` columns are kept (method `coordinates`).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Incidents: a CSV (`-` for standard input), GeoJSON or GeoParquet.
    pub input: PathBuf,
    /// Output file (default `-`: standard output).
    #[arg(short, long, default_value = "-")]
    pub output: PathBuf,
    /// Output format: a GeoJSON FeatureCollection, GeoJSON Text Sequences
    /// (RFC 8142, one feature per line), CSV with latitude,longitude,
    /// GeoParquet 1.1 (typed columns, WKB points, zstd: for DuckDB, Sedona,
    /// geopandas) or FlatGeobuf (with its spatial index; rows without a point
    /// left out). Default: from OUTPUT's extension (.csv; .geojsons,
    /// .geojsonl, .geojsonseq; .parquet, .geoparquet; .fgb), else geojson.
    #[arg(long, value_enum)]
    pub format: Option<OutputFormat>,
    #[command(flatten)]
    pub common: Common,
    /// Also write the rows that could not be resolved, with the reason and the best three candidates.
    #[arg(long, value_name = "CSV")]
    pub unmatched: Option<PathBuf>,
    #[command(flatten)]
    pub dedup: crate::cmd::options::DedupArgs,
}

/// What `geocode` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Geojson,
    Geojsonseq,
    Csv,
    Geoparquet,
    Fgb,
}

impl OutputFormat {
    /// The format an output path's extension asks for.
    pub fn of_path(p: &Path) -> OutputFormat {
        match p
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("csv") => OutputFormat::Csv,
            Some("geojsons" | "geojsonl" | "geojsonseq" | "geojsonld") => OutputFormat::Geojsonseq,
            _ => match TableFormat::of_path(p) {
                Some(TableFormat::GeoParquet) => OutputFormat::Geoparquet,
                Some(TableFormat::FlatGeobuf) => OutputFormat::Fgb,
                None => OutputFormat::Geojson,
            },
        }
    }

    /// The extension a file of this format is named with (the one [`OutputFormat::of_path`] reads as it).
    pub fn extension(self) -> &'static str {
        match self {
            OutputFormat::Geojson => "geojson",
            OutputFormat::Geojsonseq => "geojsons",
            OutputFormat::Csv => "csv",
            OutputFormat::Geoparquet => "parquet",
            OutputFormat::Fgb => "fgb",
        }
    }

    /// The typed table format this is, if it is one.
    pub fn table(self) -> Option<TableFormat> {
        match self {
            OutputFormat::Geoparquet => Some(TableFormat::GeoParquet),
            OutputFormat::Fgb => Some(TableFormat::FlatGeobuf),
            _ => None,
        }
    }
}

/// The columns of a typed table of geocoded rows: the input columns as
/// strings (named as in the GeoJSON), then the `geo_*` model, typed.
pub fn table_columns(headers: &[String]) -> Vec<Column> {
    property_names(headers)
        .into_iter()
        .map(|n| Column::new(n, Kind::Str))
        .chain(GEO_PROPERTIES.iter().zip(GEO_KINDS).map(|(n, k)| Column::new(*n, k)))
        .collect()
}

/// The writer of geocoded rows, in the chosen format.
enum Sink<W: std::io::Write + Send + 'static> {
    Json(GeoJsonWriter<W>),
    Csv(Box<CsvIncidentWriter<W>>),
    /// A typed table, with the `geo_*` values of resolutions met before.
    Table(Box<TableWriter<W>>, GeoValues),
}

/// The `geo_*` values of a resolution, kept for the rows that resolve alike.
#[derive(Default)]
struct GeoValues(rustc_hash::FxHashMap<u64, std::rc::Rc<[Flat]>>);

impl<W: std::io::Write + Send + 'static> Sink<W> {
    fn new(w: W, headers: &[String], format: OutputFormat) -> std::io::Result<Self> {
        Ok(match format {
            OutputFormat::Geojson => Sink::Json(GeoJsonWriter::new(w, headers, false)?),
            OutputFormat::Geojsonseq => Sink::Json(GeoJsonWriter::new(w, headers, true)?),
            OutputFormat::Csv => Sink::Csv(Box::new(CsvIncidentWriter::new(w, headers)?)),
            OutputFormat::Geoparquet | OutputFormat::Fgb => {
                let t = format.table().expect("a table format");
                Sink::Table(
                    Box::new(TableWriter::new(w, t, table_columns(headers), "incidents")?),
                    GeoValues::default(),
                )
            }
        })
    }

    fn write(
        &mut self,
        inc: &crate::model::Incident,
        r: &Resolution,
        geo: &RenderedGeo,
        gaz: &Gazetteer,
    ) -> std::io::Result<()> {
        match self {
            Sink::Json(w) => w.write(inc.row, &inc.fields, geo, &inc.facts),
            Sink::Csv(w) => w.write(&inc.fields, r, &inc.facts, gaz),
            Sink::Table(w, cache) => {
                let k = props_key(r);
                if cache.0.len() >= RENDER_CACHE_MAX {
                    cache.0.clear();
                }
                let values = cache.0.entry(k).or_insert_with(|| geo_fields(r, gaz).into());
                let facts = fact_fields(&inc.facts);
                let point = r.lon.zip(r.lat).map(|(x, y)| (round6(x), round6(y)));
                let fields = inc.fields.iter().map(|f| match f {
                    "" => Cell::Null,
                    s => Cell::Str(s),
                });
                w.row(
                    point,
                    fields
                        .chain(values.iter().map(Flat::as_cell))
                        .chain(facts.iter().map(Flat::as_cell)),
                )
            }
        }
    }

    /// Ends the output; also how many rows it left out (a FlatGeobuf's rows without a point).
    fn finish(self) -> std::io::Result<(W, u64)> {
        match self {
            Sink::Json(w) => Ok((w.finish()?, 0)),
            Sink::Csv(w) => Ok((w.finish()?, 0)),
            Sink::Table(w, _) => w.finish().map(|(w, c)| (w, c.left_out)),
        }
    }
}

/// Counts for the summary; `written + rejected == rows`.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Summary {
    pub rows: u64,
    pub written: u64,
    /// Rows the output format could not hold (a FlatGeobuf's rows without a point).
    pub left_out: u64,
    pub rejected: u64,
    /// Rows merged into another as reports of one event (`--dedup`).
    pub merged: u64,
    pub by_method: Vec<(Method, u64)>,
    pub distinct_inputs: usize,
    pub seconds: f64,
}

impl Summary {
    /// A few lines for stderr.
    pub fn render(&self) -> String {
        let methods: Vec<String> = self
            .by_method
            .iter()
            .filter(|(_, n)| *n > 0)
            .map(|(m, n)| format!("{} {}", m.as_str(), n))
            .collect();
        format!(
            "{} rows: {} written, {}{} rejected{}; {}; {} distinct locations; {:.2} s",
            self.rows,
            self.written,
            if self.left_out > 0 {
                format!(
                    "{} without a point left out (a FlatGeobuf file's spatial index holds no null geometry; \
                     --unmatched lists the unresolved, GeoParquet keeps them), ",
                    self.left_out
                )
            } else {
                String::new()
            },
            self.rejected,
            if self.merged > 0 {
                format!(
                    ", {} merged into other rows as duplicate reports (--dedup)",
                    self.merged
                )
            } else {
                String::new()
            },
            if methods.is_empty() {
                "nothing resolved".to_string()
            } else {
                methods.join(", ")
            },
            self.distinct_inputs,
            self.seconds
        )
    }
}

/// Distinct inputs whose rendering is kept; past this the cache starts over,
/// so memory stays bounded whatever the file.
const RENDER_CACHE_MAX: usize = 200_000;

/// Where one geocoding job reads and writes.
pub struct Job<'a> {
    pub reader: IncidentReader,
    pub input_label: &'a Path,
    pub output: &'a Path,
    pub format: OutputFormat,
    /// Merge duplicate reports within this many days (`--dedup`).
    pub dedup: Option<i64>,
    pub unmatched: Option<&'a Path>,
    pub common: &'a Common,
    /// Also hands every written row on, as the drawing and counting stages
    /// would read it back from the output (`run`: one pass feeds every output).
    pub tap: Option<&'a mut dyn FnMut(LocatedIncident)>,
}

/// A written row as [`crate::cmd::load`] would read it back from the GeoJSON:
/// numbered by feature, its point rounded as written.
fn as_read_back(
    feature: u64,
    inc: &crate::model::Incident,
    r: &Resolution,
    gaz: &Gazetteer,
    names: &mut Names,
) -> LocatedIncident {
    let place = r.place.map(|p| gaz.place(p).name.as_str());
    let set_aside = inc.flags.iter().chain(&r.flags).copied().find(|f| f.sets_aside());
    let mut li =
        LocatedIncident::from_resolution(feature, &inc.location, inc.facts.clone(), r, place, set_aside, names);
    li.lon = r.lon.map(round6);
    li.lat = r.lat.map(round6);
    li
}

/// Fills the district of a point from the polygons, when they are given.
/// A province or country stands for no district: its point is not looked up; nor does a
/// river or range the gazetteer gives no district (it runs through several: the Zhob River's
/// point is where it leaves the province).
fn fill_from_polygons(r: &mut Resolution, b: &Boundaries, gaz: &Gazetteer) {
    let province_level = r.precision.is_some_and(|p| !p.counts_in_district());
    let spans_districts = r.place.is_some_and(|i| {
        let p = gaz.place(i);
        p.kind < PlaceKind::Locality && p.district.is_none()
    });
    if r.method == Method::Province
        || province_level
        || spans_districts
        || !b.decides(r.method != Method::Coordinates, r.district.is_some())
    {
        return;
    }
    let (Some(lat), Some(lon)) = (r.lat, r.lon) else {
        return;
    };
    match district_of_point(b, &gaz.districts, lat, lon) {
        Some((d, p)) => {
            r.district = Some(d);
            if p.is_some() {
                r.province = p;
            }
            r.district_source = Some("point_in_polygon");
        }
        None => r.flags.push(Flag::OutsideDistricts),
    }
}

/// Runs the geocoding pipeline: read → resolve → write, streaming.
pub fn run_job(job: Job, gaz: &Gazetteer, boundaries: Option<&Boundaries>) -> Result<Summary> {
    let started = Instant::now();
    let Job {
        mut reader,
        input_label,
        output,
        format,
        dedup,
        unmatched,
        common,
        mut tap,
    } = job;
    let rejects_path = common.rejects_path(output);
    let outputs: Vec<&Path> = std::iter::once(output)
        .chain(unmatched)
        .chain(rejects_path.as_deref())
        .collect();
    check_outputs_reading(&common.reads(input_label), &outputs)?;
    let headers = reader.headers().to_vec();
    let mut out = Sink::new(AtomicFile::create(output)?, &headers, format).map_err(|e| Error::output(output, e))?;
    let mut um = match unmatched {
        Some(p) => Some(UnmatchedWriter::new(AtomicFile::create(p)?).map_err(|e| Error::output(p, e))?),
        None => None,
    };
    let mut rejects = match &rejects_path {
        Some(p) => Some(RejectsWriter::create(p, &headers)?),
        None => None,
    };
    let mut geocoder = Geocoder::new(gaz).with_far_km(common.far_km);
    let mut names = Names::default();
    let mut counts = [0u64; 7];
    let mut summary = Summary::default();
    let mut suggestion_cache: HashMap<String, Vec<crate::model::Candidate>> = HashMap::new();
    let mut rendered: rustc_hash::FxHashMap<String, (Resolution, RenderedGeo)> = Default::default();
    let mut key = String::new();
    let resolve = |geocoder: &mut Geocoder, inc: &crate::model::Incident| {
        let mut r = geocoder.resolve_incident(inc);
        if let Some(b) = boundaries {
            fill_from_polygons(&mut r, b, gaz);
        }
        r
    };
    let size = std::fs::metadata(input_label)
        .ok()
        .filter(|m| m.is_file())
        .map(|m| m.len());
    let progress = Progress::new(size, common.quiet);
    let mut held: Vec<(crate::model::Incident, Resolution, RenderedGeo)> = Vec::new();
    let mut props_cache: rustc_hash::FxHashMap<u64, std::rc::Rc<[u8]>> = Default::default();
    while let Some(row) = reader.next_row() {
        summary.rows += 1;
        progress.tick(summary.rows, reader.byte_position());
        let inc = match row {
            Ok(inc) => inc,
            Err(bad) => {
                if common.on_error == OnError::Fail || !bad.skippable() {
                    return Err(bad.into_error());
                }
                rejects.as_mut().expect("skip mode has a rejects writer").write(&bad)?;
                summary.rejected += 1;
                continue;
            }
        };
        // Rows without coordinates resolve the same way for the same
        // (location, district, province): render those once.
        let fresh;
        let (r, geo) = if inc.coords.is_none() && inc.flags.is_empty() {
            key.clear();
            for part in [
                Some(inc.location.as_str()),
                inc.admin2.as_deref(),
                inc.admin1.as_deref(),
            ] {
                key.push_str(part.unwrap_or(""));
                key.push('\u{1f}');
            }
            if rendered.len() >= RENDER_CACHE_MAX {
                rendered.clear();
            }
            if !rendered.contains_key(key.as_str()) {
                let r = resolve(&mut geocoder, &inc);
                let geo = RenderedGeo::new(&r, gaz);
                rendered.insert(key.clone(), (r, geo));
            }
            let (r, geo) = &rendered[key.as_str()];
            (r, geo)
        } else {
            let r = resolve(&mut geocoder, &inc);
            // Rows with coordinates differ in their point; their properties repeat.
            let k = props_key(&r);
            if props_cache.len() >= RENDER_CACHE_MAX {
                props_cache.clear();
            }
            let geo = match props_cache.get(&k) {
                Some(p) => RenderedGeo::with_props(&r, std::rc::Rc::clone(p)),
                None => {
                    let g = RenderedGeo::new(&r, gaz);
                    props_cache.insert(k, std::rc::Rc::clone(&g.props));
                    g
                }
            };
            fresh = (r, geo);
            (&fresh.0, &fresh.1)
        };
        if let (Some(w), Method::Unresolved) = (um.as_mut(), r.method) {
            if suggestion_cache.len() >= RENDER_CACHE_MAX {
                suggestion_cache.clear();
            }
            let sugg = suggestion_cache
                .entry(inc.location.clone())
                .or_insert_with(|| geocoder.suggestions(&inc.location, 3));
            w.write(&inc, r, sugg, gaz)
                .map_err(|e| Error::output(unmatched.unwrap(), e))?;
        }
        if dedup.is_some() {
            held.push((inc, r.clone(), geo.clone()));
            continue;
        }
        counts[Method::ALL.iter().position(|m| *m == r.method).unwrap()] += 1;
        out.write(&inc, r, geo, gaz).map_err(|e| Error::output(output, e))?;
        summary.written += 1;
        if let Some(t) = tap.as_mut() {
            t(as_read_back(summary.written, &inc, r, gaz, &mut names));
        }
        reader.recycle(inc.fields);
    }
    progress.finish();
    if let (false, Some(n)) = (common.quiet, reader.late_notice()) {
        crate::say!("{n}");
    }
    if let Some(window) = dedup {
        // Duplicates can be anywhere in the file: held rows are grouped now, and each group written once.
        let keys: Vec<DedupKey> = held
            .iter()
            .map(|(inc, r, _)| DedupKey {
                place: match (r.place, r.method, r.lat, r.lon) {
                    (Some(p), _, _, _) if r.precision.is_some_and(|x| x.counts_in_district()) => Some(format!("p{p}")),
                    (None, Method::Coordinates, Some(lat), Some(lon)) => Some(format!("{lat:.4},{lon:.4}")),
                    _ => None,
                },
                event_type: inc.facts.event_type.as_deref().unwrap_or("").to_lowercase(),
                date: inc.facts.date.map(|d| d.start),
                fatalities: inc.facts.fatalities,
            })
            .collect();
        for g in dedup::groups(&keys, window) {
            let k = dedup::keeper(&g, &keys);
            let ids: Vec<String> = g
                .iter()
                .map(|&i| held[i].0.facts.id.clone().unwrap_or_else(|| held[i].0.row.to_string()))
                .collect();
            let (inc, r, geo) = &mut held[k];
            inc.facts.dedup = Some((g.len() as u64, ids.join(";")));
            counts[Method::ALL.iter().position(|m| *m == r.method).unwrap()] += 1;
            out.write(inc, r, geo, gaz).map_err(|e| Error::output(output, e))?;
            summary.written += 1;
            summary.merged += g.len() as u64 - 1;
            if let Some(t) = tap.as_mut() {
                t(as_read_back(summary.written, inc, r, gaz, &mut names));
            }
        }
    }
    // Finish every output first, then rename them all: a failure leaves none.
    let (out, left_out) = out.finish().map_err(|e| Error::output(output, e))?;
    summary.written -= left_out;
    summary.left_out = left_out;
    let mut done = vec![out.finish()?];
    if let (Some(w), Some(p)) = (um, unmatched) {
        done.push(w.finish().map_err(|e| Error::output(p, e))?.finish()?);
    }
    if let Some(w) = rejects {
        done.push(w.finish()?);
    }
    for f in done {
        f.persist()?;
    }
    summary.by_method = Method::ALL.iter().copied().zip(counts).collect();
    summary.distinct_inputs = geocoder.distinct_inputs();
    summary.seconds = started.elapsed().as_secs_f64();
    debug_assert_eq!(
        summary.rows,
        summary.written + summary.left_out + summary.rejected + summary.merged
    );
    Ok(summary)
}

/// Loads what the options name and runs one job.
pub fn execute(args: Args) -> Result<()> {
    let c = &args.common;
    let outputs: Vec<&Path> = std::iter::once(args.output.as_path())
        .chain(args.unmatched.as_deref())
        .collect();
    c.check_outputs(&args.input, &[], &outputs)?;
    if let Some(p) = &args.unmatched {
        crate::output::columnar::refuse_table_name("--unmatched", p)?;
    }
    let format = args.format.unwrap_or_else(|| OutputFormat::of_path(&args.output));
    if let Some(t) = format.table() {
        crate::output::columnar::check_built(t)?;
    }
    let boundaries = config::load_districts(c.districts.as_deref(), c.name_field.as_deref())?;
    let (gaz, _) = config::load_gazetteer(&c.gazetteers, Some(&boundaries), c.crosswalk.as_deref())?;
    let reader = IncidentReader::open(&args.input, &c.read_options())?;
    if let (false, Some(n)) = (c.quiet, reader.notice()) {
        crate::say!("{n}");
    }
    let summary = run_job(
        Job {
            reader,
            input_label: &args.input,
            output: &args.output,
            format,
            dedup: args.dedup.window(),
            unmatched: args.unmatched.as_deref(),
            common: c,
            tap: None,
        },
        &gaz,
        Some(&boundaries),
    )?;
    if !c.quiet {
        if c.districts.is_some() {
            crate::say!("{}", config::describe_boundaries(c.districts.as_deref(), &boundaries));
        }
        crate::say!("{}", summary.render());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_format_is_read_back_from_its_extension() {
        for f in [
            OutputFormat::Geojson,
            OutputFormat::Geojsonseq,
            OutputFormat::Csv,
            OutputFormat::Geoparquet,
            OutputFormat::Fgb,
        ] {
            let p = PathBuf::from(format!("incidents.{}", f.extension()));
            assert_eq!(OutputFormat::of_path(&p), f);
        }
    }
}
