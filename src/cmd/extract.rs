//! `incident-mapper extract`: place mentions and candidate incidents from news text.

use std::path::{Path, PathBuf};
use std::time::Instant;

use clap::ValueEnum;

use crate::config::{self, district_of_point};
use crate::error::{Error, Result};
use crate::extract::Extractor;
use crate::output::atomic::{check_outputs_reading, AtomicFile};
use crate::output::columnar::{TableFormat, TableWriter};
use crate::output::extract_out::{self as xo, DocResult, ExtractCounts, Located};
use crate::output::geojson::FeatureWriter;

/// Where the candidate incidents go as features.
enum Incidents {
    Json(FeatureWriter<AtomicFile>),
    Table(Box<TableWriter<AtomicFile>>),
}

/// Find the places named in news text (plain UTF-8 files, or standard
/// input), resolve them with the gazetteer in the context of each document,
/// and group them with dates, attack words and casualty figures into
/// candidate incidents for review.
///
/// CSV output (the default) has one row per mention; the candidate
/// incidents go to --incidents. GeoJSON output (--format geojson, or an
/// OUT ending in .geojson) holds the candidate incidents, which `map` and
/// `count` read directly; so does GeoParquet (.parquet), with typed columns
/// (FlatGeobuf, .fgb, for GIS: its located incidents, with its index).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Text files (UTF-8); `-` or none reads standard input.
    pub files: Vec<PathBuf>,
    /// Output file (`-`: standard output).
    #[arg(short, long, default_value = "-")]
    pub output: PathBuf,
    /// Output format (from OUT's extension when omitted; CSV for standard output).
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Also write the candidate incidents as CSV here.
    #[arg(long, value_name = "CSV")]
    pub incidents: Option<PathBuf>,
    /// Also write the mentions as CSV here (with --format geojson).
    #[arg(long, value_name = "CSV")]
    pub mentions: Option<PathBuf>,
    /// Publication date (YYYY-MM-DD): resolves "on Monday", "yesterday" and dates without a year.
    #[arg(long, value_name = "DATE", value_parser = parse_published)]
    pub published: Option<chrono::NaiveDate>,
    #[command(flatten)]
    pub reference: crate::cmd::options::ReferenceArgs,
    /// Print nothing but errors.
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Csv,
    Geojson,
    Geoparquet,
    Fgb,
}

fn parse_published(s: &str) -> std::result::Result<chrono::NaiveDate, String> {
    crate::input::dates::parse(s, crate::input::dates::Order::Unspecified)
        .filter(|d| d.precision == crate::input::dates::Precision::Day)
        .map(|d| d.start)
        .ok_or_else(|| format!("'{s}' is not a date (YYYY-MM-DD)"))
}

pub fn execute(a: Args) -> Result<()> {
    let started = Instant::now();
    let files = if a.files.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        a.files.clone()
    };
    let format = a.format.unwrap_or_else(|| {
        match a
            .output
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("geojson" | "json") => Format::Geojson,
            _ => match TableFormat::of_path(&a.output) {
                Some(TableFormat::GeoParquet) => Format::Geoparquet,
                Some(TableFormat::FlatGeobuf) => Format::Fgb,
                None => Format::Csv,
            },
        }
    });
    let table_format = match format {
        Format::Geoparquet => Some(TableFormat::GeoParquet),
        Format::Fgb => Some(TableFormat::FlatGeobuf),
        _ => None,
    };
    if let Some(t) = table_format {
        crate::output::columnar::check_built(t)?;
    }
    for (option, p) in [("--incidents", &a.incidents), ("--mentions", &a.mentions)] {
        if let Some(p) = p {
            crate::output::columnar::refuse_table_name(option, p)?;
        }
    }
    let mut outputs: Vec<&Path> = vec![&a.output];
    outputs.extend(a.incidents.as_deref());
    outputs.extend(a.mentions.as_deref());
    let mut reads: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    reads.extend(a.reference.files());
    check_outputs_reading(&reads, &outputs)?;
    let r = &a.reference;
    let boundaries = config::load_boundaries(r.districts.as_deref(), r.name_field.as_deref())?;
    let (gaz, _) = config::load_gazetteer(&r.gazetteers, boundaries.as_ref(), r.crosswalk.as_deref())?;
    let ex = Extractor::new(&gaz).with_published(a.published);

    let out_err = |p: &Path| {
        let p = p.to_path_buf();
        move |e: std::io::Error| Error::output(&p, e)
    };
    let csv_err = |p: &Path| {
        let p = p.to_path_buf();
        move |e: csv::Error| Error::output(&p, e)
    };
    // A CSV table at `p` with its header written.
    let table = |p: &Path, header: &[&str]| -> Result<(csv::Writer<AtomicFile>, PathBuf)> {
        let mut w = csv::Writer::from_writer(AtomicFile::create(p)?);
        w.write_record(header).map_err(csv_err(p))?;
        Ok((w, p.to_path_buf()))
    };
    // The main output, and the side tables.
    let (mut geo, mentions_at) = match (format, table_format) {
        (Format::Geojson, _) => {
            let f = FeatureWriter::new(AtomicFile::create(&a.output)?, false).map_err(out_err(&a.output))?;
            (Some(Incidents::Json(f)), a.mentions.as_deref())
        }
        (_, Some(t)) => {
            let f = TableWriter::new(
                AtomicFile::create(&a.output)?,
                t,
                xo::incident_table_columns(),
                "incidents",
            )
            .map_err(out_err(&a.output))?;
            (Some(Incidents::Table(Box::new(f))), a.mentions.as_deref())
        }
        _ => (None, Some(a.output.as_path())),
    };
    let mut mentions_w = mentions_at.map(|p| table(p, xo::MENTION_COLUMNS)).transpose()?;
    let mut incidents_w = a
        .incidents
        .as_deref()
        .map(|p| table(p, xo::INCIDENT_COLUMNS))
        .transpose()?;
    let mut counts = ExtractCounts::default();
    let (mut n_csv, mut n_geo) = (0usize, 0usize);
    // Writes one document's results (or one window of a long one).
    let mut emit = |label: &str, x: &crate::extract::Extraction, first: bool| -> Result<()> {
        let located: Vec<Located> = x
            .mentions
            .iter()
            .map(|m| {
                let mut l = Located::of(m, &gaz);
                // With polygons, a place below district level takes the district its point is in.
                if let (Some(b), Some(lat), Some(lon), Some(p)) = (&boundaries, l.lat, l.lon, m.place) {
                    if gaz.place(p).kind < crate::model::PlaceKind::District
                        && l.country.as_deref() == Some(crate::extract::HOME_COUNTRY)
                    {
                        if let Some((d, p)) = district_of_point(b, &gaz.districts, lat, lon) {
                            l.district = Some(d);
                            if p.is_some() {
                                l.province = p;
                            }
                        }
                    }
                }
                l
            })
            .collect();
        let d = DocResult {
            file: label,
            mentions: &x.mentions,
            located: &located,
            incidents: &x.incidents,
        };
        counts.add(&d);
        if !first {
            counts.documents -= 1; // a later window of the same document
        }
        if let Some((w, p)) = mentions_w.as_mut() {
            xo::write_mentions(w, &d).map_err(csv_err(p))?;
        }
        if let Some((w, p)) = incidents_w.as_mut() {
            xo::write_incidents_csv(w, &d, &mut n_csv).map_err(csv_err(p))?;
        }
        match geo.as_mut() {
            Some(Incidents::Json(g)) => xo::write_incidents_geojson(g, &d, &mut n_geo),
            Some(Incidents::Table(t)) => xo::write_incidents_table(t, &d, &mut n_geo),
            None => Ok(()),
        }
        .map_err(out_err(&a.output))?;
        Ok(())
    };
    // Documents are independent: read and geoparse a batch on every core,
    // then write the batch's results in input order. A document longer than
    // a window (1 MB) is geoparsed here, window by window, each written
    // before the next is read, so memory stays bounded on any length.
    enum Parsed {
        Done(String, crate::extract::Extraction, usize),
        Long(String, String),
    }
    // A bar over the input's bytes, on a terminal (documents, or a long one's windows).
    let total: u64 = files
        .iter()
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len())
        .sum();
    let progress = crate::output::progress::Progress::new(Some(total).filter(|&t| t > 0), a.quiet);
    let (mut done_bytes, mut done_docs) = (0u64, 0usize);
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).min(8);
    for batch in files.chunks(64 * workers) {
        let per = batch.len().div_ceil(workers).max(1);
        let parsed: Vec<Result<Parsed>> = std::thread::scope(|sc| {
            let handles: Vec<_> = batch
                .chunks(per)
                .map(|part| {
                    let ex = &ex;
                    sc.spawn(move || {
                        part.iter()
                            .map(|f| {
                                crate::input::text::read_text(f).map(|(label, text)| {
                                    if text.len() > crate::extract::WINDOW_BYTES {
                                        Parsed::Long(label, text)
                                    } else {
                                        let x = ex.extract(&text);
                                        Parsed::Done(label, x, text.len())
                                    }
                                })
                            })
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().expect("extract worker panicked"))
                .collect()
        });
        for doc in parsed {
            match doc? {
                Parsed::Done(label, x, len) => {
                    emit(&label, &x, true)?;
                    done_bytes += len as u64;
                    done_docs += 1;
                    progress.set(done_bytes, || format!("{done_docs} documents"));
                }
                Parsed::Long(label, text) => {
                    let mut first = true;
                    let mut failed = None;
                    ex.extract_windows(&text, |x, read| {
                        if failed.is_none() {
                            failed = emit(&label, &x, first).err();
                        }
                        first = false;
                        progress.set(done_bytes + read as u64, || {
                            format!("{label}: {:.1} MB read", read as f64 / 1e6)
                        });
                    });
                    done_bytes += text.len() as u64;
                    done_docs += 1;
                    if let Some(e) = failed {
                        return Err(e);
                    }
                }
            }
        }
    }
    progress.finish();
    // Finish everything, then rename everything.
    let mut finished = Vec::new();
    let mut left_out = 0;
    match geo {
        Some(Incidents::Json(g)) => finished.push(g.finish().map_err(out_err(&a.output))?.finish()?),
        Some(Incidents::Table(t)) => {
            let (f, c) = t.finish().map_err(out_err(&a.output))?;
            left_out = c.left_out;
            finished.push(f.finish()?);
        }
        None => {}
    }
    for (w, p) in mentions_w.into_iter().chain(incidents_w) {
        let f = w.into_inner().map_err(|e| Error::output(&p, e.into_error()))?;
        finished.push(f.finish()?);
    }
    for f in finished {
        f.persist()?;
    }
    if !a.quiet {
        let secs = started.elapsed().as_secs_f64();
        crate::say!(
            "{} document(s): {} place mentions ({} in Pakistan, {} outside, {} unresolved), {} candidate incidents{}; {:.2} s",
            counts.documents, counts.mentions, counts.resolved, counts.outside, counts.unresolved, counts.incidents,
            if left_out > 0 {
                format!(" ({left_out} without a point left out of the FlatGeobuf file: its spatial index holds no null geometry)")
            } else {
                String::new()
            },
            secs
        );
    }
    Ok(())
}
