//! What `map`, `chart`, `count` and `run` read: INPUT as located incidents
//! (GeoJSON as `geocode` writes it, or a CSV geocoded on the way), within a
//! date range. Not a subcommand: the shared front of the drawing and
//! counting ones.
//!
//! [`for_each_incident`] streams, so counting a large file holds only the
//! counts; [`load`] collects, for the maps that need every point.

use std::path::Path;

use crate::boundaries::Boundaries;
use crate::cmd::options::{Common, DateRange, OnError};
use crate::config;
use crate::error::{Error, ErrorKind, Result};
use crate::gazetteer::Gazetteer;
use crate::geocode::Geocoder;
use crate::input::incidents::IncidentReader;
use crate::model::LocatedIncident;
use crate::output::rejects::RejectsWriter;

/// Rows read before a CSV's row count is estimated from its size.
const ESTIMATE_AFTER: u64 = 1024;

/// What reading needs to fill in beyond the located point.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions<'a> {
    /// Where rows skipped under `--on-error skip` go ([`Common::rejects_path`]).
    pub rejects: Option<&'a Path>,
    /// Resolve each row's name apart from its coordinates (`count --check`):
    /// the district it gives is passed beside each incident.
    pub named_district: bool,
    /// Leave the names of rows with coordinates unresolved: only their points
    /// are used (`count`, whose polygons locate them; drawings that show no
    /// names). The rows' ids and locations as written are not kept either.
    pub points_alone: bool,
}

/// How many rows were read, and where those not passed on went.
#[derive(Debug, Default)]
pub struct ReadReport {
    /// The rejects file, finished, to be renamed into place with the command's
    /// outputs (so that a failed run leaves none of them).
    pub rejects: Option<crate::output::atomic::Finished>,
    /// Where the rejects file goes.
    pub rejects_path: Option<std::path::PathBuf>,
    pub rows: u64,
    /// Rows rejected under `--on-error skip`.
    pub rejected: u64,
    /// Rows outside `--from`/`--to`.
    pub outside_dates: u64,
    /// Rows kept with a value left out of sums and time bins (out of bounds or unreadable).
    pub set_aside: u64,
}

impl ReadReport {
    /// Rows passed on to the command.
    pub fn kept(&self) -> u64 {
        self.rows - self.rejected - self.outside_dates
    }

    /// Renames the finished rejects file into place, once the command's own outputs are.
    pub fn persist_rejects(&mut self) -> Result<()> {
        match self.rejects.take() {
            Some(r) => r.persist(),
            None => Ok(()),
        }
    }

    /// What happened to the rows not simply passed on, for a summary:
    /// `3 rejected (--on-error skip), 2 outside --from/--to, ...`; empty when nothing.
    pub fn notes(&self) -> Vec<String> {
        let mut n = Vec::new();
        if self.rejected > 0 {
            n.push(match &self.rejects_path {
                Some(p) => format!("{} rejected, written to {}", self.rejected, p.display()),
                None => format!("{} rejected (--on-error skip)", self.rejected),
            });
        }
        if self.outside_dates > 0 {
            n.push(format!("{} outside --from/--to", self.outside_dates));
        }
        if self.set_aside > 0 {
            n.push(format!(
                "{} with a date or fatality figure out of bounds or unreadable, left out of sums and time bins",
                self.set_aside
            ));
        }
        n
    }
}

/// A row's cell in column `c`, trimmed; `None` when absent or empty.
fn cell(fields: &csv::StringRecord, c: Option<usize>) -> Option<&str> {
    c.and_then(|c| fields.get(c)).map(str::trim).filter(|s| !s.is_empty())
}

/// Calls `f` with every incident of INPUT in the date range, in input order.
pub fn for_each_incident(
    path: &Path,
    c: &Common,
    gaz: &Gazetteer,
    opts: LoadOptions,
    dates: &DateRange,
    f: impl FnMut(LocatedIncident, Option<&str>) -> Result<()>,
) -> Result<ReadReport> {
    read_incidents(path, c, gaz, opts, dates, |_| {}, f)
}

/// [`for_each_incident`], telling `hint` how many rows there are: first when
/// the input knows (a GeoJSON file's features), else an estimate from a
/// file's size once 1,024 rows have been read.
fn read_incidents(
    path: &Path,
    c: &Common,
    gaz: &Gazetteer,
    opts: LoadOptions,
    dates: &DateRange,
    mut hint: impl FnMut(usize),
    mut f: impl FnMut(LocatedIncident, Option<&str>) -> Result<()>,
) -> Result<ReadReport> {
    let dates = dates.filter(c.read_options().order)?;
    let mut report = ReadReport::default();
    let mut pass = |i: LocatedIncident, named: Option<&str>, report: &mut ReadReport| {
        report.rows += 1;
        report.set_aside += u64::from(i.set_aside.is_some());
        if dates.keep(i.date.as_ref()) {
            f(i, named)
        } else {
            report.outside_dates += 1;
            Ok(())
        }
    };
    let mut read_options = c.read_options();
    // Without a rejects file nothing keeps a row's other columns.
    read_options.model_only = opts.rejects.is_none();
    let mut reader = IncidentReader::open(path, &read_options)?;
    if let (false, Some(n)) = (c.quiet, reader.notice()) {
        crate::say!("{n}");
    }
    let mut rejects = match opts.rejects {
        Some(p) => Some(RejectsWriter::create(p, reader.headers())?),
        None => None,
    };
    if let Some(n) = reader.rows_hint() {
        hint(n);
    }
    let geocoded = reader.layout().geocoded;
    let mut names = crate::model::Names::default();
    let mut g = Geocoder::new(gaz)
        // District polygons (a user's, else the built-in ones) locate the
        // rows' own coordinates: the nearest-place district is not needed.
        .with_nearest_district(false)
        .with_names_for_points(!opts.points_alone)
        .with_far_km(c.far_km);
    let size = std::fs::metadata(path).ok().filter(|m| m.is_file()).map(|m| m.len());
    let progress = crate::output::progress::Progress::new(size, c.quiet);
    while let Some(row) = reader.next_row() {
        progress.tick(report.rows + 1, reader.byte_position());
        if report.rows == ESTIMATE_AFTER && reader.rows_hint().is_none() {
            if let (Some(size), pos) = (size, reader.byte_position()) {
                if pos > 0 {
                    // The rows so far, scaled to the file, and 5 % more.
                    hint((report.rows as u128 * u128::from(size) * 105 / 100 / u128::from(pos)) as usize);
                }
            }
        }
        let mut inc = match row {
            Ok(i) => i,
            Err(bad) if c.on_error == OnError::Skip && bad.skippable() => {
                report.rows += 1;
                report.rejected += 1;
                if let Some(w) = rejects.as_mut() {
                    w.write(&bad)?;
                }
                continue;
            }
            Err(bad) => return Err(bad.into_error()),
        };
        // `geocode`'s output keeps its resolution; anything else is geocoded here.
        let written = geocoded.filter(|gc| cell(&inc.fields, Some(gc.method)).is_some());
        let place;
        let r = match written {
            Some(gc) => {
                let mut r = crate::model::Resolution::unresolved("");
                if let Some((lat, lon)) = inc.coords {
                    (r.lat, r.lon) = (Some(lat), Some(lon));
                }
                r.method = match cell(&inc.fields, Some(gc.method)) {
                    Some("coordinates") => crate::model::Method::Coordinates,
                    _ => crate::model::Method::Exact,
                };
                r.precision = cell(&inc.fields, gc.precision)
                    .and_then(|s| s.parse::<f64>().ok())
                    .filter(|p| p.fract() == 0.0)
                    .and_then(|p| crate::model::GeoPrecision::from_code(p as u8));
                r.district = cell(&inc.fields, gc.district).map(String::from);
                place = cell(&inc.fields, gc.name);
                r.province = cell(&inc.fields, gc.province).map(String::from);
                r
            }
            None => {
                let r = g.resolve_incident(&inc);
                place = r.place.map(|p| gaz.place(p).name.as_str());
                r
            }
        };
        let named_district = if opts.named_district {
            let by_name = g.resolve(&inc.location, inc.admin2.as_deref(), inc.admin1.as_deref());
            by_name.district.or_else(|| inc.admin2.clone())
        } else {
            None
        };
        let mut set_aside = inc.flags.iter().copied().find(|f| f.sets_aside());
        if let Some(gc) = written {
            // The flags `geocode` wrote say which of its values it set aside.
            set_aside = set_aside.or_else(|| {
                cell(&inc.fields, gc.flags)?
                    .split(';')
                    .find_map(|f| crate::model::Flag::parse(f).filter(|f| f.sets_aside()))
            });
        }
        // The district is the geocoder's: counts and choropleths locate points
        // in the polygons themselves, and `count` reports names that do not join.
        let mut facts = std::mem::take(&mut inc.facts);
        // Drawings that show no names keep no id or location as written.
        let location = if opts.points_alone {
            facts.id = None;
            ""
        } else {
            inc.location.as_str()
        };
        let li = LocatedIncident::from_resolution(inc.line, location, facts, &r, place, set_aside, &mut names);
        reader.recycle(inc.fields);
        pass(li, named_district.as_deref(), &mut report)?;
    }
    progress.finish();
    if let (false, Some(n)) = (c.quiet, reader.late_notice()) {
        crate::say!("{n}");
    }
    report.rejects = rejects.map(RejectsWriter::finish).transpose()?;
    report.rejects_path = opts.rejects.map(Path::to_path_buf);
    Ok(report)
}

/// What the drawing commands load: the boundaries (`--districts`, else the
/// built-in ones), the gazetteer, and the incidents within the date range.
pub struct Loaded {
    pub boundaries: Boundaries,
    pub gaz: Gazetteer,
    pub incidents: Vec<LocatedIncident>,
    pub report: ReadReport,
}

/// The boundaries and gazetteer that `--districts` (else the built-in
/// polygons), `--gazetteer` and `--crosswalk` name.
pub fn load_reference(c: &Common) -> Result<(Boundaries, Gazetteer)> {
    let boundaries = config::load_districts(c.districts.as_deref(), c.name_field.as_deref())?;
    let (gaz, _) = config::load_gazetteer(&c.gazetteers, Some(&boundaries), c.crosswalk.as_deref())?;
    Ok((boundaries, gaz))
}

/// Loads what `--districts`, `--gazetteer` and INPUT name, keeping the
/// incidents within `dates`; `points_alone` as in [`LoadOptions`] (for
/// drawings that show no place names).
pub fn load(input: &Path, c: &Common, dates: &DateRange, rejects: Option<&Path>, points_alone: bool) -> Result<Loaded> {
    let (boundaries, gaz) = load_reference(c)?;
    let mut incidents = Vec::new();
    let opts = LoadOptions {
        rejects,
        points_alone,
        ..Default::default()
    };
    // Rows known up front (GeoJSON) are held in one allocation of their size, not grown by
    // doubling; a CSV's, in one of its estimated size.
    let hinted = std::cell::Cell::new(0);
    let report = read_incidents(
        input,
        c,
        &gaz,
        opts,
        dates,
        |n| hinted.set(n),
        |i, _| {
            if hinted.get() > incidents.capacity() {
                incidents.reserve_exact(hinted.get() - incidents.len());
                hinted.set(0);
            }
            incidents.push(i);
            Ok(())
        },
    )?;
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
