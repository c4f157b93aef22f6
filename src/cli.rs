//! The command line: the subcommands and their options, as clap reads them.
//! `main.rs` parses and dispatches; the subcommands live in `src/cmd/`.

use clap::{Parser, Subcommand};

pub const EXIT_CODES: &str = "Exit codes:
  0  success            4  no location column   7  bad coordinates   10  output not writable
  2  usage error        5  malformed CSV line   8  gazetteer file         or same as the input
  3  input unreadable   6  empty location       9  boundaries file   11  bad option value
 12  duplicate district names in the boundaries file
 13  --districts given, but no incident has coordinates or a located place
 129, 130, 143  stopped by SIGHUP, Ctrl-C (SIGINT), SIGTERM: temporary files removed, no output replaced

Data: places © GeoNames (CC BY 4.0); built-in district and province boundaries © OpenStreetMap contributors (ODbL 1.0).";

#[derive(Parser)]
#[command(name = "incident-mapper", version, about, after_help = EXIT_CODES, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Geocode an incidents CSV to GeoJSON.
    Geocode(crate::cmd::geocode::Args),
    /// Look up names in the gazetteer; rebuild the embedded gazetteer.
    #[command(subcommand)]
    Gazetteer(crate::cmd::gazetteer::Command),
    /// Draw a province map of incidents (PNG or SVG).
    Map(crate::cmd::map::Args),
    /// Draw a bar chart of incidents by month, event type or district.
    Chart(crate::cmd::chart::Args),
    /// Count incidents and fatalities per district (zeros included), province, month, year, event type.
    Count(crate::cmd::count::Args),
    /// Find the places in news text and group them into candidate incidents.
    Extract(crate::cmd::extract::Args),
    /// List the districts: name, province, division, 2023 population, other names; areas with --districts.
    Districts(crate::cmd::districts::Args),
    /// The built-in district and province polygons (© OpenStreetMap contributors, ODbL): export, rebuild.
    #[command(subcommand)]
    Boundaries(crate::cmd::boundaries::Command),
    /// Run the whole job into an output folder (default input: the embedded example set).
    Run(crate::cmd::run::Args),
}
