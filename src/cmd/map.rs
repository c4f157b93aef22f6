//! `incident-mapper map`: a province map of incidents, PNG or SVG, or an
//! interactive HTML page.

use std::path::{Path, PathBuf};

use clap::ValueEnum;

use crate::boundaries::Boundaries;
use crate::cmd::load::{load, require_points, Loaded};
use crate::cmd::options::{Common, DateRange};
use crate::config::{self, Populations};
use crate::error::{Error, ErrorKind, Result};
use crate::gazetteer::Gazetteer;
use crate::model::LocatedIncident;
use crate::output::map::classify::Breaks;
use crate::output::map::render::{MapOptions, MapReport, SizeBy, Style};
use crate::output::map::{render_png, render_svg, towns_of};
use crate::output::progress::Progress;

/// Draw a province map of incidents: proportional symbols by fatalities,
/// coloured by event type, with districts, towns, legend, scale bar, north
/// arrow, inset locator and source credits. PNG, or SVG when OUT ends in
/// .svg, or an interactive web map (Leaflet) when OUT ends in .html: one
/// file that opens from disk, with layers per event type, a choropleth,
/// popups and a date-range slider. District boundaries: built in
/// (© OpenStreetMap contributors, ODbL) unless --districts names others.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Incidents: the GeoJSON or GeoParquet `geocode` writes, or a CSV (geocoded first).
    pub input: PathBuf,
    /// Output map, .png, .svg or .html (default `-`: PNG on standard output, when it is not a terminal).
    #[arg(short, long, default_value = "-")]
    pub output: PathBuf,
    /// For .html: inline Leaflet from this folder (leaflet.js and leaflet.css, or what
    /// `npm pack leaflet@1.9.4` unpacks) so the page works offline; default: the pinned CDN with SRI hashes.
    #[arg(long, value_name = "DIR")]
    pub leaflet: Option<PathBuf>,
    /// The province shown (Balochistan, Sindh, Punjab, Khyber Pakhtunkhwa, Gilgit-Baltistan, ...).
    #[arg(long, default_value = "Balochistan")]
    pub province: String,
    /// The map's title.
    #[arg(long)]
    pub title: Option<String>,
    /// Size in pixels, WIDTHxHEIGHT.
    #[arg(long, default_value = "1600x1400", value_parser = parse_size)]
    pub size: (u32, u32),
    /// Symbol area by fatalities, or one size per incident.
    #[arg(long, value_enum, default_value_t = By::Fatalities)]
    pub by: By,
    /// Symbols, a choropleth of incidents per district, or both (PNG and SVG; the HTML map has both as layers).
    #[arg(long, value_enum, default_value_t = StyleArg::Points)]
    pub style: StyleArg,
    /// Number of choropleth classes.
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u8).range(2..=7))]
    pub classes: u8,
    /// How choropleth classes are cut: natural breaks (Fisher-Jenks) or quantiles.
    #[arg(long, value_enum, default_value_t = BreaksArg::Jenks)]
    pub breaks: BreaksArg,
    /// Choropleth of incidents per 100,000 people (2023 census populations of Balochistan's districts).
    #[arg(long)]
    pub per_capita: bool,
    /// People per district for --per-capita (implied): a CSV with columns district,population.
    #[arg(long, value_name = "FILE")]
    pub populations: Option<PathBuf>,
    #[command(flatten)]
    pub dates: DateRange,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StyleArg {
    Points,
    Choropleth,
    Both,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BreaksArg {
    Jenks,
    Quantile,
}

/// People per district, by the names of `b`'s regions (a district whose population is unknown is left out).
pub fn populations(b: &Boundaries, gaz: &Gazetteer, pops: &Populations) -> std::collections::HashMap<String, f64> {
    b.regions
        .iter()
        .filter_map(|r| Some((r.name.clone(), pops.get(&r.name, &gaz.districts)?)))
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum By {
    Fatalities,
    Count,
}

pub fn parse_size(s: &str) -> std::result::Result<(u32, u32), String> {
    let (w, h) = s
        .split_once(['x', 'X'])
        .ok_or_else(|| format!("'{s}' is not WIDTHxHEIGHT, e.g. 1600x1400"))?;
    let n = |v: &str| {
        v.trim()
            .parse::<u32>()
            .map_err(|_| format!("'{s}' is not WIDTHxHEIGHT, e.g. 1600x1400"))
    };
    Ok((n(w)?, n(h)?))
}

/// Renders `incidents` to `output` (PNG or SVG by extension), atomically.
pub fn write_map(
    output: &Path,
    opts: &MapOptions,
    incidents: &[LocatedIncident],
    districts: Option<&Boundaries>,
    gaz: &Gazetteer,
) -> Result<MapReport> {
    let towns = towns_of(gaz, &opts.province);
    // Districts that span more than the map's province (the built-in ones
    // cover Pakistan) are drawn for that province only: a neighbour's
    // district is not a district with no incidents.
    let own = districts.and_then(|b| b.of_province(&opts.province));
    let districts = own.as_ref().or(districts);
    let svg = crate::output::image_format(output)? == crate::output::ImageFormat::Svg;
    let (bytes, report) = if svg {
        let (s, r) = render_svg(opts, incidents, districts, &towns)?;
        (s.into_bytes(), r)
    } else {
        render_png(opts, incidents, districts, &towns)?
    };
    crate::output::atomic::write_bytes(output, &bytes)?;
    Ok(report)
}

/// Writes the HTML map of `incidents` to `output`, atomically: the districts
/// of the map's province (all of `districts` when none says it is in it),
/// and the built-in province outlines.
pub fn write_page(
    output: &Path,
    opts: &MapOptions,
    incidents: &[LocatedIncident],
    districts: &Boundaries,
    leaflet: &crate::output::map::html::Leaflet,
) -> Result<crate::output::map::html::PageReport> {
    let own = districts.of_province(&opts.province);
    let provinces = crate::boundaries::builtin::provinces();
    let (page, report) =
        crate::output::map::html::render_html(opts, incidents, own.as_ref().unwrap_or(districts), &provinces, leaflet);
    crate::output::atomic::write_bytes(output, page.as_bytes())?;
    Ok(report)
}

/// The date a map or chart says it was made (UTC): today, or the date of
/// `SOURCE_DATE_EPOCH` (seconds since 1970) when it is set — the
/// reproducible-builds convention, so that the same run makes the same bytes.
pub fn today() -> String {
    let fixed = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|s| chrono::DateTime::from_timestamp(s, 0))
        .map(|t| t.date_naive());
    fixed.unwrap_or_else(crate::input::dates::today).to_string()
}

/// The footer's source credits.
pub fn sources(input: &Path, districts: &Boundaries, gazetteers: &[PathBuf]) -> Vec<String> {
    let mut s = vec![format!("incidents: {}", input.display())];
    s.push(format!(
        "places: GeoNames (CC BY 4.0){}",
        if gazetteers.is_empty() {
            ""
        } else {
            " and added gazetteers"
        }
    ));
    s.push(if districts.builtin {
        "district boundaries: © OpenStreetMap contributors (ODbL)".into()
    } else {
        "district boundaries: as supplied (--districts)".into()
    });
    s
}

pub fn execute(mut a: Args) -> Result<()> {
    a.per_capita |= a.populations.is_some();
    let c = &a.common;
    crate::output::map::check_size("map", a.size.0, a.size.1)?;
    if crate::output::map::basemap::province_units(&a.province).is_empty() {
        return Err(Error::new(
            ErrorKind::Argument,
            format!("unknown province '{}'", a.province),
        ));
    }
    let html = crate::output::map::html::is_html(&a.output);
    let leaflet = match (&a.leaflet, html) {
        (Some(d), true) => Some(crate::output::map::html::Leaflet::from_dir(d)?),
        (Some(_), false) => {
            return Err(Error::new(
                ErrorKind::Argument,
                "--leaflet is for an HTML map (-o OUT.html)",
            ));
        }
        (None, _) => None,
    };
    let reads: Vec<&Path> = a.leaflet.iter().map(PathBuf::as_path).collect();
    let rejects = c.check_outputs(&a.input, &reads, &[&a.output])?;
    if !html {
        crate::output::image_format(&a.output)?;
    }
    let Loaded {
        boundaries,
        gaz,
        incidents,
        report: mut read,
    } = load(&a.input, c, &a.dates, rejects.as_deref(), !html)?;
    if !boundaries.builtin && a.style != StyleArg::Points {
        let located = incidents.iter().filter(|i| i.lon.is_some()).count() as u64;
        require_points(&a.input, located, incidents.len() as u64)?;
    }
    let opts = MapOptions {
        width: a.size.0,
        height: a.size.1,
        title: a
            .title
            .clone()
            .unwrap_or_else(|| format!("Reported incidents in {}", a.province)),
        province: a.province.clone(),
        by: if a.by == By::Count {
            SizeBy::Count
        } else {
            SizeBy::Fatalities
        },
        sources: sources(&a.input, &boundaries, &c.gazetteers),
        created: today(),
        style: match a.style {
            StyleArg::Points => Style::Points,
            StyleArg::Choropleth => Style::Choropleth,
            StyleArg::Both => Style::Both,
        },
        classes: a.classes as usize,
        breaks: if a.breaks == BreaksArg::Quantile {
            Breaks::Quantile
        } else {
            Breaks::Jenks
        },
        populations: match a.per_capita {
            true => Some(populations(
                &boundaries,
                &gaz,
                &Populations::load(a.populations.as_deref(), &gaz.districts)?,
            )),
            _ => None,
        },
    };
    if html {
        let leaflet = leaflet.unwrap_or(crate::output::map::html::Leaflet::Cdn);
        let step = Progress::step(
            format!(
                "writing the page of {} incidents",
                crate::output::map::render::thousands(incidents.len())
            ),
            c.quiet,
        );
        let page = write_page(&a.output, &opts, &incidents, &boundaries, &leaflet)?;
        step.finish();
        read.persist_rejects()?;
        if !c.quiet {
            crate::say!(
                "{}: {} incidents on {} markers, {} without a location ({} rows read{}); Leaflet {}",
                a.output.display(),
                page.located,
                page.markers,
                page.unlocated,
                read.rows,
                read.notes().iter().map(|n| format!(", {n}")).collect::<String>(),
                if a.leaflet.is_some() {
                    "inlined"
                } else {
                    "from unpkg.com (pinned, SRI)"
                }
            );
        }
        return Ok(());
    }
    let step = Progress::step(
        format!(
            "drawing {} incidents",
            crate::output::map::render::thousands(incidents.len())
        ),
        c.quiet,
    );
    let report = write_map(&a.output, &opts, &incidents, Some(&boundaries), &gaz)?;
    step.finish();
    read.persist_rejects()?;
    if !c.quiet {
        crate::say!("{}", config::describe_boundaries(c.districts.as_deref(), &boundaries));
        crate::say!(
            "{}: {} incidents drawn, {} outside the map, {} without a location ({} rows read{})",
            a.output.display(),
            report.drawn,
            report.outside,
            report.unlocated,
            read.rows,
            read.notes().iter().map(|n| format!(", {n}")).collect::<String>()
        );
    }
    Ok(())
}
