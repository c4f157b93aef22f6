//! What `map`, `chart`, `count` and `run` read: INPUT as located incidents
//! (GeoJSON as `geocode` writes it, or a CSV geocoded on the way), within a
//! date range. Not a subcommand: the shared front of the drawing and
//! counting ones.
//!
//! [`for_each_incident`] streams, so counting a large file holds only the
//! counts; [`load`] collects, for the maps that need every point.

use std::path::Path;

use crate::boundaries::Boundaries;
use crate::cmd::geocode::{Common, OnError};
use crate::config;
use crate::error::{Error, ErrorKind, Result};
use crate::gazetteer::Gazetteer;
use crate::geocode::Geocoder;
use crate::input::incidents::IncidentReader;
use crate::model::LocatedIncident;

/// A date range, shared by the commands that draw and count.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct Dates {
    /// Only incidents on or after this date (YYYY-MM-DD).
    #[arg(long)]
    pub from: Option<String>,
    /// Only incidents on or before this date (YYYY-MM-DD).
    #[arg(long)]
    pub to: Option<String>,
}

impl Dates {
    /// Whether an incident dated `date` is in the range; undated ones only when there is no range.
    pub fn keep(&self, date: Option<&str>) -> bool {
        if self.from.is_none() && self.to.is_none() {
            return true;
        }
        date.is_some_and(|d| {
            self.from.as_deref().is_none_or(|f| d >= f)
                && self.to.as_deref().is_none_or(|t| &d[..d.len().min(t.len())] <= t)
        })
    }
}

/// What reading needs to fill in beyond the located point.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions {
    /// Resolve each row's name apart from its coordinates (`count --check`).
    pub named_district: bool,
    /// District polygons will locate the points: skip the geocoder's nearest-place district.
    pub polygons: bool,
}

/// How many rows were read, and where those not passed on went.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReadReport {
    pub rows: u64,
    /// Rows rejected under `--on-error skip`.
    pub rejected: u64,
    /// Rows outside `--from`/`--to`.
    pub outside_dates: u64,
}

impl ReadReport {
    /// Rows passed on to the command.
    pub fn kept(&self) -> u64 {
        self.rows - self.rejected - self.outside_dates
    }
}

/// Calls `f` with every incident of INPUT in the date range, in input order.
pub fn for_each_incident(
    path: &Path,
    c: &Common,
    gaz: &Gazetteer,
    opts: LoadOptions,
    dates: &Dates,
    mut f: impl FnMut(LocatedIncident) -> Result<()>,
) -> Result<ReadReport> {
    let mut report = ReadReport::default();
    let mut pass = |i: LocatedIncident, report: &mut ReadReport| {
        report.rows += 1;
        if dates.keep(i.date.as_deref()) {
            f(i)
        } else {
            report.outside_dates += 1;
            Ok(())
        }
    };
    if crate::input::geojson::is_geojson_path(path) {
        for i in crate::input::geojson::read_incidents(path)? {
            pass(i, &mut report)?;
        }
        return Ok(report);
    }
    let mut reader = IncidentReader::open(path, &c.read_options())?;
    if let (false, Some(n)) = (c.quiet, reader.notice()) {
        eprintln!("{n}");
    }
    let mut g = Geocoder::new(gaz)
        .with_nearest_district(!opts.polygons)
        .with_far_km(c.far_km);
    let size = std::fs::metadata(path).ok().filter(|m| m.is_file()).map(|m| m.len());
    let progress = crate::output::progress::Progress::new(size, c.quiet);
    while let Some(row) = reader.next_row() {
        progress.tick(report.rows + 1, reader.byte_position());
        let inc = match row {
            Ok(i) => i,
            Err(bad) if c.on_error == OnError::Skip => {
                report.rows += 1;
                report.rejected += 1;
                let _ = bad;
                continue;
            }
            Err(bad) => return Err(bad.error),
        };
        let r = g.resolve_incident(&inc);
        let named_district = if opts.named_district {
            let by_name = g.resolve(&inc.location, inc.admin2.as_deref(), inc.admin1.as_deref());
            by_name.district.or_else(|| inc.admin2.clone())
        } else {
            None
        };
        let crate::model::Incident {
            line,
            fields,
            location,
            facts,
            ..
        } = inc;
        reader.recycle(fields);
        let li = LocatedIncident {
            line,
            id: facts.id,
            location: Some(location).filter(|s| !s.is_empty()),
            lon: r.lon,
            lat: r.lat,
            precision: r.precision,
            // The geocoder's: counts and choropleths locate points in the
            // polygons themselves, and `count` reports names that do not join.
            district: r.district,
            province: r.province,
            named_district,
            fatalities: facts.fatalities,
            event_type: facts.event_type,
            date: facts.date.map(|d| d.iso()),
        };
        pass(li, &mut report)?;
    }
    progress.finish();
    Ok(report)
}

/// What the drawing commands load: the boundaries (when given), the
/// gazetteer, and the incidents within the date range.
pub struct Loaded {
    pub boundaries: Option<Boundaries>,
    pub gaz: Gazetteer,
    pub incidents: Vec<LocatedIncident>,
    pub report: ReadReport,
}

/// The boundaries and gazetteer that `--districts`, `--gazetteer` and `--crosswalk` name.
pub fn load_reference(c: &Common) -> Result<(Option<Boundaries>, Gazetteer)> {
    let boundaries = config::load_boundaries(c.districts.as_deref(), c.name_field.as_deref())?;
    let (gaz, _) = config::load_gazetteer(&c.gazetteers, boundaries.as_ref(), c.crosswalk.as_deref())?;
    Ok((boundaries, gaz))
}

/// Loads what `--districts`, `--gazetteer` and INPUT name, keeping the incidents within `dates`.
pub fn load(input: &Path, c: &Common, dates: &Dates) -> Result<Loaded> {
    let (boundaries, gaz) = load_reference(c)?;
    let mut incidents = Vec::new();
    let opts = LoadOptions {
        polygons: boundaries.is_some(),
        ..Default::default()
    };
    let report = for_each_incident(input, c, &gaz, opts, dates, |i| {
        incidents.push(i);
        Ok(())
    })?;
    Ok(Loaded {
        boundaries,
        gaz,
        incidents,
        report,
    })
}

/// With district polygons, points are what is counted: an input where no
/// incident has one is an error, not a table of zeros.
pub fn require_points(input: &Path, located: u64, kept: u64) -> Result<()> {
    if kept > 0 && located == 0 {
        return Err(Error::new(
            ErrorKind::NoCoordinates,
            format!(
                "{}: none of its {kept} incidents has coordinates or a place the gazetteer knows, \
                 so none can be located in the district polygons; geocode it first \
                 (incident-mapper geocode), add latitude/longitude columns, or count without --districts",
                input.display()
            ),
        ));
    }
    Ok(())
}
