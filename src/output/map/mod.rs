//! Static maps of incidents (PNG and SVG) with plotters: see [`render`].

pub mod basemap;
pub mod classify;
pub mod furniture;
pub mod html;
pub mod layers;
pub mod projection;
pub mod raster;
pub mod render;
pub mod style;

use plotters::prelude::*;

use crate::boundaries::Boundaries;
use crate::error::{Error, ErrorKind, Result};
use crate::gazetteer::Gazetteer;
use crate::model::{LocatedIncident, PlaceKind, Seat};
use render::{MapOptions, MapReport, Town};

/// The smallest and largest map sizes accepted, in pixels.
pub const MIN_SIZE: u32 = 300;
pub const MAX_SIZE: u32 = 10_000;

/// Checks a map size.
pub fn check_size(what: &str, w: u32, h: u32) -> Result<()> {
    if !(MIN_SIZE..=MAX_SIZE).contains(&w) || !(MIN_SIZE..=MAX_SIZE).contains(&h) {
        return Err(Error::new(
            ErrorKind::Argument,
            format!(
                "--size {w}x{h}: {what} size out of range: width and height must be {MIN_SIZE} to {MAX_SIZE} pixels"
            ),
        ));
    }
    Ok(())
}

/// The towns to label on a province map: the seats of its districts and of the province.
pub fn towns_of(gaz: &Gazetteer, province: &str) -> Vec<Town> {
    let units = basemap::province_units(province);
    let mut towns: Vec<(&crate::model::Place, u64)> = gaz
        .places()
        .iter()
        .filter(|p| p.kind == PlaceKind::Town && p.seat >= Seat::District && p.country == "PK")
        .filter(|p| {
            p.province
                .as_deref()
                .is_some_and(|pr| basemap::province_units(pr).iter().any(|u| units.contains(u)))
        })
        .map(|p| (p, p.population.unwrap_or(0)))
        .collect();
    // Bigger towns first, so that they win label collisions.
    towns.sort_by(|a, b| (b.0.seat, b.1).cmp(&(a.0.seat, a.1)).then(a.0.name.cmp(&b.0.name)));
    towns.into_iter().map(|(p, _)| (p.name.clone(), p.lon, p.lat)).collect()
}

/// Renders a PNG.
pub fn render_png(
    opts: &MapOptions,
    incidents: &[LocatedIncident],
    districts: Option<&Boundaries>,
    towns: &[Town],
) -> Result<(Vec<u8>, MapReport)> {
    check_size("map", opts.width, opts.height)?;
    let (w, h) = (opts.width, opts.height);
    let mut buf = vec![0u8; w as usize * h as usize * 3];
    let under = {
        let root = BitMapBackend::with_buffer(&mut buf, (w, h)).into_drawing_area();
        render::draw_under(&root, opts, incidents, districts)?
    };
    // The symbols straight into the canvas (the same pixels, without plotters' per-pixel calls),
    // unless some are rings.
    if !raster::Canvas::new(&mut buf, w, h).filled_symbols(&under.symbols) {
        let root = BitMapBackend::with_buffer(&mut buf, (w, h)).into_drawing_area();
        layers::draw_symbols(&under.page(&root, opts), &under.symbols)?;
    }
    let report = {
        let root = BitMapBackend::with_buffer(&mut buf, (w, h)).into_drawing_area();
        render::draw_over(&root, opts, incidents, districts, towns, under)?
    };
    Ok((encode_png(&buf, opts.width, opts.height)?, report))
}

/// Encodes an RGB buffer as PNG.
pub fn encode_png(buf: &[u8], width: u32, height: u32) -> Result<Vec<u8>> {
    let mut png = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut png, width, height);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        let mut w = enc
            .write_header()
            .map_err(|e| Error::new(ErrorKind::Output, format!("PNG: {e}")))?;
        w.write_image_data(buf)
            .map_err(|e| Error::new(ErrorKind::Output, format!("PNG: {e}")))?;
    }
    Ok(png)
}

/// Renders an SVG.
pub fn render_svg(
    opts: &MapOptions,
    incidents: &[LocatedIncident],
    districts: Option<&Boundaries>,
    towns: &[Town],
) -> Result<(String, MapReport)> {
    check_size("map", opts.width, opts.height)?;
    let mut s = String::new();
    let report = {
        let root = SVGBackend::with_string(&mut s, (opts.width, opts.height)).into_drawing_area();
        render::draw(&root, opts, incidents, districts, towns)?
    };
    Ok((s, report))
}
