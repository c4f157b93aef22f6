//! The `incident-mapper` binary: dispatch only. See `src/cmd/` for the subcommands.

use clap::{Parser, Subcommand};
use incident_mapper::cmd;

/// mimalloc: a row is a dozen small strings made and dropped; glibc's
/// malloc/free was a sixth of a million-row geocode's time.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const EXIT_CODES: &str = "Exit codes:
  0  success            4  no location column   7  bad coordinates   10  output not writable
  2  usage error        5  malformed CSV line   8  gazetteer file         or same as the input
  3  input unreadable   6  empty location       9  boundaries file   11  bad option value
 12  duplicate district names in the boundaries file
 13  --districts given, but no incident has coordinates or a located place

Data: GeoNames (CC BY 4.0), OpenStreetMap contributors (ODbL) where boundaries are used.";

#[derive(Parser)]
#[command(name = "incident-mapper", version, about, after_help = EXIT_CODES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Geocode an incidents CSV to GeoJSON.
    Geocode(cmd::geocode::Args),
    /// Look up names in the gazetteer; rebuild the embedded gazetteer.
    #[command(subcommand)]
    Gazetteer(cmd::gazetteer::Command),
    /// Draw a province map of incidents (PNG or SVG).
    Map(cmd::map::Args),
    /// Draw a bar chart of incidents by month, event type or district.
    Chart(cmd::chart::Args),
    /// Count incidents and fatalities per district (zeros included), province, month, year, event type.
    Count(cmd::count::Args),
    /// Find the places in news text and group them into candidate incidents.
    Extract(cmd::extract::Args),
    /// Run the whole job into an output folder (default input: the embedded example set).
    Run(cmd::run::Args),
}

fn main() {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Geocode(a) => cmd::geocode::execute(a),
        Command::Gazetteer(c) => cmd::gazetteer::execute(c),
        Command::Run(a) => cmd::run::execute(a),
        Command::Extract(a) => cmd::extract::execute(a),
        Command::Map(a) => cmd::map::execute(a),
        Command::Chart(a) => cmd::chart::execute(a),
        Command::Count(a) => cmd::count::execute(a),
    };
    if let Err(e) = result {
        eprintln!("incident-mapper: error: {e}");
        std::process::exit(e.kind.exit_code());
    }
}
