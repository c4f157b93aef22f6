//! The options several subcommands share, declared once and flattened into
//! each: how to read INPUT and the reference data ([`Common`]), and which
//! dates to keep ([`DateRange`]).

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::ValueEnum;

use crate::error::{Error, ErrorKind, Result};
use crate::input::dates::{self, EventDate, Order};
use crate::input::incidents::{Encoding, ReadOptions};
use crate::input::schema::Schema;

/// Options shared by every command that reads incidents.
#[derive(Debug, Clone, clap::Args)]
pub struct Common {
    #[command(flatten)]
    pub reference: ReferenceArgs,
    /// The column holding the location phrase (detected when omitted).
    #[arg(long, value_name = "NAME")]
    pub location_column: Option<String>,
    /// The input's layout: ACLED, UCDP GED, GTD or any other CSV (detected from the header when omitted).
    #[arg(long, value_enum)]
    pub schema: Option<Schema>,
    /// Numeric dates are day first: 11/03/2025 is 11 March (the default, with ambiguous dates flagged).
    #[arg(long, conflicts_with = "monthfirst")]
    pub dayfirst: bool,
    /// Numeric dates are month first: 11/03/2025 is 3 November.
    #[arg(long)]
    pub monthfirst: bool,
    /// The input's text encoding (detected when omitted: BOM, UTF-8, else Windows-1252).
    #[arg(long, value_enum)]
    pub encoding: Option<Encoding>,
    /// Flag coordinates farther than this (km) from the place the row names (`far_from_named_place`).
    #[arg(long, value_name = "KM", default_value_t = crate::geocode::NAMED_PLACE_RADIUS_KM)]
    pub far_km: f64,
    /// What to do with a row that cannot be used (malformed line, empty location, bad coordinates).
    #[arg(long, value_enum, default_value_t = OnError::Fail)]
    pub on_error: OnError,
    /// Where `--on-error skip` writes rejected rows (default: next to the output, `*.rejects.csv`).
    #[arg(long, value_name = "CSV")]
    pub rejects: Option<PathBuf>,
    /// Print nothing but errors.
    #[arg(short, long)]
    pub quiet: bool,
}

/// The reference data every command that places things reads: gazetteers,
/// district polygons and a district-name crosswalk.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct ReferenceArgs {
    /// Add places from a gazetteer file (GeoNames dump format or the project CSV); repeatable.
    #[arg(long = "gazetteer", value_name = "FILE")]
    pub gazetteers: Vec<PathBuf>,
    #[command(flatten)]
    pub units: UnitArgs,
}

/// The districts: polygons and the crosswalk of their names (`districts`
/// takes these alone; every command that places things takes them with the
/// gazetteers, in [`ReferenceArgs`]).
#[derive(Debug, Clone, Default, clap::Args)]
pub struct UnitArgs {
    /// District polygons (GeoJSON or Shapefile): districts of points and of places by point-in-polygon.
    /// Without it, count, map, chart, geocode, run and districts use the built-in districts of Pakistan
    /// (OpenStreetMap 2023, © OpenStreetMap contributors, ODbL); extract and gazetteer lookup the gazetteer's.
    #[arg(long, value_name = "FILE")]
    pub districts: Option<PathBuf>,
    /// District names crosswalk: a CSV `name,district` mapping other spellings or vintages to the 2023 districts.
    #[arg(long, value_name = "CSV")]
    pub crosswalk: Option<PathBuf>,
    /// Property of --districts that holds the district name (detected when omitted).
    #[arg(long, value_name = "FIELD")]
    pub name_field: Option<String>,
}

impl std::ops::Deref for ReferenceArgs {
    type Target = UnitArgs;
    fn deref(&self) -> &UnitArgs {
        &self.units
    }
}

impl ReferenceArgs {
    /// The files these options name, for [`check_outputs_reading`](crate::output::atomic::check_outputs_reading).
    pub fn files(&self) -> Vec<&std::path::Path> {
        let mut v: Vec<&std::path::Path> = self.gazetteers.iter().map(PathBuf::as_path).collect();
        v.extend(self.districts.as_deref());
        v.extend(self.crosswalk.as_deref());
        v
    }
}

impl std::ops::Deref for Common {
    type Target = ReferenceArgs;
    fn deref(&self) -> &ReferenceArgs {
        &self.reference
    }
}

impl Common {
    /// Where rejected rows are written: `--rejects`, or under `--on-error skip`
    /// beside OUTPUT (`OUT.rejects.csv`; `rejects.csv` when OUTPUT is standard output).
    pub fn rejects_path(&self, output: &std::path::Path) -> Option<PathBuf> {
        match (&self.rejects, self.on_error) {
            (Some(p), _) => Some(p.clone()),
            (None, OnError::Skip) if crate::output::atomic::is_stdout(output) => Some(PathBuf::from("rejects.csv")),
            (None, OnError::Skip) => Some(output.with_extension("rejects.csv")),
            (None, OnError::Fail) => None,
        }
    }

    /// Checks, before anything is read, that no output — `outputs`, OUTPUT
    /// first, and the rejects file that goes with it — is a file the command
    /// reads (INPUT, the reference files, `more_reads`) or another output;
    /// returns the rejects file's path.
    pub fn check_outputs(
        &self,
        input: &std::path::Path,
        more_reads: &[&std::path::Path],
        outputs: &[&std::path::Path],
    ) -> Result<Option<PathBuf>> {
        if let Some(p) = &self.rejects {
            crate::output::columnar::refuse_table_name("--rejects", p)?;
        }
        let rejects = self.rejects_path(outputs[0]);
        let mut outs = outputs.to_vec();
        outs.extend(rejects.as_deref());
        let mut reads = self.reads(input);
        reads.extend(more_reads);
        crate::output::atomic::check_outputs_reading(&reads, &outs)?;
        Ok(rejects)
    }

    /// INPUT and every reference file: what no output may overwrite.
    pub fn reads<'a>(&'a self, input: &'a std::path::Path) -> Vec<&'a std::path::Path> {
        let mut v = vec![input];
        v.extend(self.reference.files());
        v
    }

    /// What the reader needs from the options.
    pub fn read_options(&self) -> ReadOptions {
        ReadOptions {
            location_column: self.location_column.clone(),
            schema: self.schema,
            order: if self.monthfirst {
                Order::MonthFirst
            } else if self.dayfirst {
                Order::DayFirst
            } else {
                Order::Unspecified
            },
            encoding: self.encoding,
            model_only: false,
            progress: !self.quiet,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OnError {
    /// Stop at the first bad row, naming its line and field.
    Fail,
    /// Write bad rows to the rejects file and go on.
    Skip,
}

/// Which incidents to keep by date: `--from` and `--to`, read by the same
/// date reader as INPUT's date column (ISO, `11 March 2025`, `11/03/2025` day
/// first unless `--monthfirst`), each to its own precision: `--from 2025-03`
/// starts on 1 March, `--to 2025-03` ends on 31 March, `--to 2025` on 31
/// December.
///
/// An incident is placed at the first day of its date: a date known to the
/// month (`2025-03`) or the year counts from its 1st, a range
/// (`date_start`..`date_end`) from its start — the same day that puts it in
/// a month for `count --by month` and the chart. Undated incidents, and
/// those whose date is out of bounds, are left out once a range is given.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct DateRange {
    /// Only incidents dated on or after DATE (YYYY-MM-DD, YYYY-MM, YYYY, 11 March 2025, 11/03/2025).
    #[arg(long, value_name = "DATE", value_parser = date_arg)]
    pub from: Option<String>,
    /// Only incidents dated on or before DATE (to the end of its month or year when that is all it gives).
    #[arg(long, value_name = "DATE", value_parser = date_arg)]
    pub to: Option<String>,
}

/// Accepts a date that reads under either day/month order; the order is applied later, with INPUT's.
fn date_arg(s: &str) -> std::result::Result<String, String> {
    let ok = [Order::DayFirst, Order::MonthFirst]
        .iter()
        .any(|&o| dates::parse(s, o).is_some());
    if ok {
        Ok(s.to_string())
    } else {
        Err("not a date: write YYYY-MM-DD, YYYY-MM, YYYY, '11 March 2025' or 11/03/2025".into())
    }
}

/// The last day a date can mean: itself, the end of its month or year, or the end of its range.
pub fn last_day(d: &EventDate) -> NaiveDate {
    use chrono::Datelike;
    if let Some(e) = d.end {
        return e;
    }
    match d.precision {
        dates::Precision::Day => d.start,
        dates::Precision::Month => {
            let (y, m) = if d.start.month() == 12 {
                (d.start.year() + 1, 1)
            } else {
                (d.start.year(), d.start.month() + 1)
            };
            NaiveDate::from_ymd_opt(y, m, 1)
                .and_then(|n| n.pred_opt())
                .unwrap_or(d.start)
        }
        dates::Precision::Year => NaiveDate::from_ymd_opt(d.start.year(), 12, 31).unwrap_or(d.start),
    }
}

/// A [`DateRange`] read: the first and last day kept, both inclusive.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DateFilter {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

impl DateRange {
    /// Reads the range with INPUT's day/month order (`Order::Unspecified` reads day first).
    ///
    /// ```
    /// use incident_mapper::cmd::options::DateRange;
    /// use incident_mapper::input::dates::Order;
    /// let r = DateRange { from: Some("01/03/2025".into()), to: Some("2025-03".into()) };
    /// let f = r.filter(Order::Unspecified).unwrap();
    /// assert_eq!(f.from.unwrap().to_string(), "2025-03-01");
    /// assert_eq!(f.to.unwrap().to_string(), "2025-03-31");
    /// ```
    pub fn filter(&self, order: Order) -> Result<DateFilter> {
        let order = if order == Order::MonthFirst {
            order
        } else {
            Order::DayFirst
        };
        let read = |name: &str, s: &Option<String>| -> Result<Option<EventDate>> {
            let Some(s) = s.as_deref() else { return Ok(None) };
            dates::parse(s, order).map(Some).ok_or_else(|| {
                Error::new(
                    ErrorKind::Usage,
                    format!(
                        "--{name} {}: not a date when numeric dates are {}",
                        crate::error::quote(s),
                        if order == Order::MonthFirst {
                            "month first (--monthfirst)"
                        } else {
                            "day first"
                        }
                    ),
                )
            })
        };
        let f = DateFilter {
            from: read("from", &self.from)?.map(|d| d.start),
            to: read("to", &self.to)?.map(|d| last_day(&d)),
        };
        if let (Some(a), Some(b)) = (f.from, f.to) {
            if a > b {
                return Err(Error::new(
                    ErrorKind::Usage,
                    format!("--from {a} is after --to {b}: no incident could be kept; swap them"),
                ));
            }
        }
        Ok(f)
    }
}

impl DateFilter {
    /// Whether any bound is set.
    pub fn is_set(&self) -> bool {
        self.from.is_some() || self.to.is_some()
    }

    /// Whether an incident dated `date` is kept: all are when no bound is set;
    /// else those whose first day lies within the bounds.
    pub fn keep(&self, date: Option<&EventDate>) -> bool {
        if !self.is_set() {
            return true;
        }
        date.is_some_and(|d| self.from.is_none_or(|f| d.start >= f) && self.to.is_none_or(|t| d.start <= t))
    }

    /// The bounds as written in a summary: `2025-03-01..2025-03-31`.
    pub fn describe(&self) -> String {
        let s = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        format!("{}..{}", s(self.from), s(self.to))
    }
}

/// Merging duplicate reports of one event (`geocode`, `run`).
#[derive(Debug, Clone, Default, clap::Args)]
pub struct DedupArgs {
    /// Merge duplicate reports of one event: rows with the same resolved place and event type
    /// dated within --dedup-days of the group's first report. Keeps the highest fatality figure;
    /// geo_dedup_count and geo_dedup_ids list what was merged. Holds the rows in memory.
    #[arg(long)]
    pub dedup: bool,
    /// The --dedup window, in days.
    #[arg(long, default_value_t = 2, value_name = "DAYS", value_parser = clap::value_parser!(i64).range(0..=366))]
    pub dedup_days: i64,
}

impl DedupArgs {
    /// The window in days, when merging is asked for.
    pub fn window(&self) -> Option<i64> {
        self.dedup.then_some(self.dedup_days)
    }
}
