//! The `incident-mapper` binary: dispatch only. See `src/cmd/` for the subcommands.

use clap::Parser;
use incident_mapper::cli::{Cli, Command};
use incident_mapper::cmd;

/// mimalloc: a row is a dozen small strings made and dropped; glibc's
/// malloc/free was a sixth of a million-row geocode's time.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
        Command::Districts(a) => cmd::districts::execute(a),
        Command::Boundaries(c) => cmd::boundaries::execute(c),
    };
    if let Err(e) = result {
        // A closed standard output (`| head`) ends the run quietly, as in xsv and ripgrep.
        if e.kind == incident_mapper::error::ErrorKind::Output && e.message.contains("(os error 32)") {
            std::process::exit(0);
        }
        incident_mapper::say!("incident-mapper: error: {e}");
        for p in incident_mapper::output::atomic::unfinished_streams() {
            let name = if p.as_os_str() == "-" {
                "standard output".to_string()
            } else {
                p.display().to_string()
            };
            incident_mapper::say!(
                "incident-mapper: {name} is incomplete: it was streamed, and holds only what was written before this error; discard it"
            );
        }
        std::process::exit(e.kind.exit_code());
    }
}
