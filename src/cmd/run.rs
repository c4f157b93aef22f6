//! `incident-mapper run`: the whole job into an output folder.

use std::io::Cursor;
use std::path::{Path, PathBuf};

use crate::cmd::geocode::{run_job, Job, OutputFormat};
use crate::cmd::options::{Common, OnError};
use crate::cmd::{count, map};
use crate::config;
use crate::error::{Error, ErrorKind, Result};
use crate::input::incidents::IncidentReader;
use crate::output::atomic::write_bytes;
use crate::output::counts::Key;
use crate::output::map::classify::Breaks;
use crate::output::map::render::{MapOptions, SizeBy, Style};
use crate::output::progress::Progress;

/// The example incident set compiled into the binary (`examples/incidents.csv`).
pub const EMBEDDED_EXAMPLE: &str = include_str!("../../examples/incidents.csv");

/// Run the whole job: geocode INPUT (default: the embedded example set) into
/// OUTDIR/incidents.geojson (or another --format) and OUTDIR/unmatched.csv, draw OUTDIR/map.png,
/// a choropleth OUTDIR/map_districts.png and the interactive OUTDIR/map.html, count OUTDIR/counts_by_district.csv
/// and OUTDIR/districts.geojson (the polygons with their counts), and print a
/// summary. Districts: the built-in polygons unless --districts names others.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Incidents CSV (`-` for standard input); the embedded example set when omitted.
    pub input: Option<PathBuf>,
    /// Output folder (created if missing).
    #[arg(short, long, default_value = "output")]
    pub output: PathBuf,
    /// Inline Leaflet in OUTDIR/map.html from this folder (see `map --leaflet`);
    /// default: the pinned CDN with SRI hashes.
    #[arg(long, value_name = "DIR")]
    pub leaflet: Option<PathBuf>,
    /// Format of the geocoded incidents: OUTDIR/incidents.geojson (default),
    /// .geojsons, .csv, .parquet (GeoParquet) or .fgb (FlatGeobuf).
    #[arg(long, value_enum, default_value = "geojson")]
    pub format: OutputFormat,
    #[command(flatten)]
    pub dedup: crate::cmd::options::DedupArgs,
    #[command(flatten)]
    pub common: Common,
}

pub fn execute(args: Args) -> Result<()> {
    let c = &args.common;
    if let Some(p) = &c.rejects {
        crate::output::columnar::refuse_table_name("--rejects", p)?;
    }
    std::fs::create_dir_all(&args.output).map_err(|e| {
        Error::new(
            ErrorKind::Output,
            format!("{}: cannot create folder: {e}", args.output.display()),
        )
    })?;
    if let Some(t) = args.format.table() {
        crate::output::columnar::check_built(t)?;
    }
    let leaflet = match &args.leaflet {
        Some(d) => crate::output::map::html::Leaflet::from_dir(d)?,
        None => crate::output::map::html::Leaflet::Cdn,
    };
    let boundaries = config::load_districts(c.districts.as_deref(), c.name_field.as_deref())?;
    let (gaz, report) = config::load_gazetteer(&c.gazetteers, Some(&boundaries), c.crosswalk.as_deref())?;
    let (reader, label) = match &args.input {
        Some(p) => (IncidentReader::open(p, &c.read_options())?, p.clone()),
        None => {
            let label = PathBuf::from("examples/incidents.csv (embedded)");
            let src = Box::new(Cursor::new(EMBEDDED_EXAMPLE.as_bytes()));
            (IncidentReader::from_reader(src, &label, &c.read_options())?, label)
        }
    };
    if let (false, Some(n)) = (c.quiet, reader.notice()) {
        crate::say!("{n}");
    }
    let incidents_path = args.output.join(format!("incidents.{}", args.format.extension()));
    let unmatched = args.output.join("unmatched.csv");
    let mut common = c.clone();
    let default_rejects = args.output.join("rejects.csv");
    if common.rejects.is_none() {
        if c.on_error == OnError::Skip {
            common.rejects = Some(default_rejects);
        } else if default_rejects.exists() {
            // The folder is run's own: a rejects file from an earlier run with
            // --on-error skip would no longer describe this one.
            std::fs::remove_file(&default_rejects).map_err(|e| Error::output(&default_rejects, e))?;
        }
    }
    // One pass: every geocoded row is written and handed on, as `map` and
    // `count` would read it back from the incidents file.
    let mut incidents = Vec::new();
    let mut keep = |i| incidents.push(i);
    let summary = run_job(
        Job {
            reader,
            input_label: &label,
            output: &incidents_path,
            format: args.format,
            dedup: args.dedup.window(),
            unmatched: Some(&unmatched),
            common: &common,
            tap: Some(&mut keep),
        },
        &gaz,
        Some(&boundaries),
    )?;
    let map_path = args.output.join("map.png");
    let opts = MapOptions {
        width: 1600,
        height: 1400,
        title: "Reported incidents in Balochistan".into(),
        province: "Balochistan".into(),
        by: SizeBy::Fatalities,
        sources: map::sources(&label, &boundaries, &c.gazetteers),
        created: map::today(),
        style: Style::Points,
        classes: 5,
        breaks: Breaks::Jenks,
        populations: None,
    };
    let step = Progress::step(
        format!(
            "drawing the maps of {} incidents",
            crate::output::map::render::thousands(incidents.len())
        ),
        c.quiet,
    );
    let drawn = map::write_map(&map_path, &opts, &incidents, Some(&boundaries), &gaz)?;
    // Counts per district, by the rule of `count`.
    let counts_path = args.output.join("counts_by_district.csv");
    let keys = [Key::District];
    let census = config::Populations::load(None, &gaz.districts)?;
    let rows = count::counts_for(&incidents, &keys, Some(&boundaries), &gaz, Some(&census));
    write_bytes(&counts_path, &count::render(&rows, &keys, true, count::Format::Csv)?)?;
    let districts_path = args.output.join("districts.geojson");
    write_bytes(&districts_path, &count::districts_geojson(&boundaries, &rows, true))?;
    // A choropleth of incidents per district.
    let choropleth = args.output.join("map_districts.png");
    let o = MapOptions {
        style: Style::Choropleth,
        title: "Reported incidents per district, Balochistan".into(),
        ..opts.clone()
    };
    map::write_map(&choropleth, &o, &incidents, Some(&boundaries), &gaz)?;
    // The interactive map.
    let page_path = args.output.join("map.html");
    let page = map::write_page(&page_path, &opts, &incidents, &boundaries, &leaflet)?;
    step.finish();
    if !c.quiet {
        crate::say!("gazetteer: {} embedded places{}", report.embedded, added(&report.added));
        crate::say!("{}", config::describe_boundaries(c.districts.as_deref(), &boundaries));
        if !report.added.is_empty() {
            crate::say!(
                "districts of added places: {} by point-in-polygon, {} by nearest district seat",
                report.by_polygon,
                report.by_nearest_seat
            );
        }
        crate::say!("{}: {}", label.display(), summary.render());
        crate::say!("wrote {}", show(&incidents_path));
        crate::say!("wrote {}", show(&unmatched));
        crate::say!(
            "wrote {} ({} drawn, {} outside the map, {} without a location)",
            show(&map_path),
            drawn.drawn,
            drawn.outside,
            drawn.unlocated
        );
        crate::say!("wrote {}", show(&counts_path));
        crate::say!("wrote {}", show(&choropleth));
        crate::say!(
            "wrote {} ({} incidents on {} markers; Leaflet {})",
            show(&page_path),
            page.located,
            page.markers,
            if args.leaflet.is_some() {
                "inlined"
            } else {
                "from unpkg.com"
            }
        );
        crate::say!("wrote {}", show(&districts_path));
    }
    Ok(())
}

fn added(a: &[(PathBuf, usize, usize)]) -> String {
    a.iter()
        .map(|(p, read, new)| format!(", {} read from {} ({} new)", read, p.display(), new))
        .collect()
}

fn show(p: &Path) -> String {
    p.display().to_string()
}
