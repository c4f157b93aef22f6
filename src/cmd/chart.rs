//! `incident-mapper chart`: a bar chart of incidents by month, event type or district.

use std::path::PathBuf;

use clap::ValueEnum;

use crate::cmd::load::{load, Loaded};
use crate::cmd::map::{parse_size, today};
use crate::cmd::options::{Common, DateRange};
use crate::error::Result;
use crate::output::chart::{bars, render_png, render_svg, ChartOptions, GroupBy, Measure};

/// Draw a bar chart of incidents (or fatalities) by month, event type or
/// district, with title, axis labels, units and a source line. PNG, or SVG
/// when OUT ends in .svg.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Incidents: the GeoJSON or GeoParquet `geocode` writes, or a CSV (geocoded first).
    pub input: PathBuf,
    /// Output chart, .png or .svg (default `-`: PNG on standard output, when it is not a terminal).
    #[arg(short, long, default_value = "-")]
    pub output: PathBuf,
    /// What the bars group by.
    #[arg(long, value_enum, default_value_t = ByArg::Month)]
    pub by: ByArg,
    /// What a bar measures.
    #[arg(long, value_enum, default_value_t = ValueArg::Incidents)]
    pub value: ValueArg,
    /// The chart's title (default: what is counted, and by what).
    #[arg(long)]
    pub title: Option<String>,
    /// Size in pixels, WIDTHxHEIGHT.
    #[arg(long, default_value = "1600x900", value_parser = parse_size)]
    pub size: (u32, u32),
    #[command(flatten)]
    pub dates: DateRange,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ByArg {
    Month,
    /// The event type (also written event_type, as in `count --by`).
    #[value(alias = "event_type", alias = "type")]
    EventType,
    District,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ValueArg {
    Incidents,
    Fatalities,
}

pub fn execute(a: Args) -> Result<()> {
    let c = &a.common;
    crate::output::map::check_size("chart", a.size.0, a.size.1)?;
    let rejects = c.check_outputs(&a.input, &[], &[&a.output])?;
    let svg = crate::output::image_format(&a.output)? == crate::output::ImageFormat::Svg;
    let Loaded {
        incidents,
        report: mut read,
        boundaries,
        ..
    } = load(&a.input, c, &a.dates, rejects.as_deref(), true)?;
    let by = match a.by {
        ByArg::Month => GroupBy::Month,
        ByArg::EventType => GroupBy::EventType,
        ByArg::District => GroupBy::District,
    };
    let measure = if a.value == ValueArg::Fatalities {
        Measure::Fatalities
    } else {
        Measure::Incidents
    };
    let data = bars(&incidents, by, measure, Some(&boundaries));
    let what = if measure == Measure::Fatalities {
        "Fatalities"
    } else {
        "Reported incidents"
    };
    let per = match by {
        GroupBy::Month => "per month",
        GroupBy::EventType => "by event type",
        GroupBy::District => "by district",
    };
    let o = ChartOptions {
        width: a.size.0,
        height: a.size.1,
        title: a.title.clone().unwrap_or_else(|| format!("{what} {per}")),
        by,
        measure,
        source: format!(
            "Source: {} incidents from {}; places: GeoNames (CC BY 4.0){}. Made with incident-mapper {} on {}.",
            incidents.len(),
            a.input.display(),
            match (by, boundaries.builtin) {
                (GroupBy::District, true) => "; district boundaries: © OpenStreetMap contributors (ODbL)",
                (GroupBy::District, false) => "; district boundaries: as supplied (--districts)",
                _ => "",
            },
            env!("CARGO_PKG_VERSION"),
            today()
        ),
    };
    let bytes = if svg {
        render_svg(&o, &data)?.into_bytes()
    } else {
        render_png(&o, &data)?
    };
    crate::output::atomic::write_bytes(&a.output, &bytes)?;
    read.persist_rejects()?;
    if !c.quiet {
        crate::say!(
            "{}: {} bars from {} incidents ({} rows read{})",
            a.output.display(),
            data.len(),
            incidents.len(),
            read.rows,
            read.notes().iter().map(|n| format!(", {n}")).collect::<String>()
        );
    }
    Ok(())
}
