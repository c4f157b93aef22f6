//! `incident-mapper boundaries`: the built-in district and province polygons
//! — write them out as GeoJSON, or rebuild them from OpenStreetMap GeoJSON.

use std::path::PathBuf;

use crate::boundaries::builtin;
use crate::boundaries::topology::Feature;
use crate::error::{Error, ErrorKind, Result};
use crate::output::atomic::{check_outputs_reading, write_bytes};
use crate::output::geojson::{FeatureWriter, Geometry};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Write the built-in polygons as GeoJSON (for QGIS or a web map).
    /// © OpenStreetMap contributors, ODbL 1.0.
    Export(ExportArgs),
    /// Rebuild the built-in polygons from OpenStreetMap GeoJSON files:
    /// `gazetteer/boundaries_osm2023.bin` is this command's output on
    /// `../shared/data/boundaries/pakistan_{districts,provinces}_osm2023.geojson`,
    /// byte for byte.
    Import(ImportArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LayerName {
    Districts,
    Provinces,
}

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// Which polygons.
    #[arg(long, value_enum, default_value_t = LayerName::Districts)]
    pub layer: LayerName,
    /// Only the polygons of this province (any case).
    #[arg(long, value_name = "NAME")]
    pub province: Option<String>,
    /// Where to write the GeoJSON (default `-`: standard output).
    #[arg(short, long, default_value = "-")]
    pub output: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// District polygons (GeoJSON FeatureCollection with a `name` property per feature).
    #[arg(long, value_name = "FILE")]
    pub districts: PathBuf,
    /// Province polygons (GeoJSON FeatureCollection with `name`).
    #[arg(long, value_name = "FILE")]
    pub provinces: PathBuf,
    /// Douglas–Peucker tolerance in metres (0 keeps every vertex).
    #[arg(long, value_name = "METRES", default_value_t = builtin::TOLERANCE_M)]
    pub tolerance: f64,
    /// Where to write the topology (the embedded file is gazetteer/boundaries_osm2023.bin).
    #[arg(short, long, value_name = "OUT.bin")]
    pub output: PathBuf,
}

pub fn execute(c: Command) -> Result<()> {
    match c {
        Command::Export(a) => export(a),
        Command::Import(a) => import(a),
    }
}

fn export(a: ExportArgs) -> Result<()> {
    check_outputs_reading(&[], &[&a.output])?;
    let layer = match a.layer {
        LayerName::Districts => "districts",
        LayerName::Provinces => "provinces",
    };
    let keep = |f: &&Feature| match &a.province {
        None => true,
        Some(p) => {
            let prov = f.properties.get("province").and_then(|v| v.as_str()).unwrap_or(&f.name);
            crate::boundaries::same_province(prov, p)
        }
    };
    let features: Vec<&Feature> = builtin::features(layer).iter().filter(keep).collect();
    if features.is_empty() {
        return Err(Error::new(
            ErrorKind::Argument,
            format!("--province: no {layer} in '{}'", a.province.unwrap_or_default()),
        ));
    }
    write_bytes(&a.output, &feature_collection(&features))?;
    crate::say!("{} {layer} written; {}", features.len(), builtin::CREDIT);
    Ok(())
}

/// Features as a GeoJSON FeatureCollection with flat properties (lists joined with `; `).
pub fn feature_collection(features: &[&Feature]) -> Vec<u8> {
    let attribution = format!("{}; {}", builtin::LICENCE, builtin::SOURCE);
    let mut w =
        FeatureWriter::with_members(Vec::new(), false, &[("attribution", &attribution)]).expect("writing to memory");
    for f in features {
        let mut p = w.feature(None, &Geometry::MultiPolygon(&f.geometry));
        p.str("name", Some(&f.name));
        for (k, v) in &f.properties {
            match v {
                serde_json::Value::Array(items) => {
                    let joined = items
                        .iter()
                        .map(|x| x.as_str().map_or_else(|| x.to_string(), String::from))
                        .collect::<Vec<_>>()
                        .join("; ");
                    p.str(k, Some(&joined));
                }
                other => {
                    let _ = serde_json::to_writer(p.key(k), other);
                }
            }
        }
        p.end().expect("writing to memory");
    }
    w.finish().expect("writing to memory")
}

fn import(a: ImportArgs) -> Result<()> {
    if !(a.tolerance >= 0.0 && a.tolerance.is_finite()) {
        return Err(Error::new(
            ErrorKind::Argument,
            "--tolerance: a number of metres, 0 or more",
        ));
    }
    check_outputs_reading(&[&a.districts, &a.provinces], &[&a.output])?;
    let t = builtin::import(&a.districts, &a.provinces, a.tolerance)?;
    let bytes = t.encode();
    write_bytes(&a.output, &bytes)?;
    let s = t.stats();
    crate::say!(
        "{}: {} arcs ({} simplified less so as not to cross another), {} → {} vertices at {} m tolerance (largest displacement {} m), {} bytes",
        a.output.display(),
        s.arcs,
        s.repaired_arcs,
        s.vertices_before,
        s.vertices_after,
        s.tolerance_m,
        s.max_displacement_m,
        bytes.len()
    );
    Ok(())
}
