//! The map's layers, bottom to top, each drawing itself into the frame: the
//! base map, the choropleth, district lines and the province outline,
//! district names, incident symbols, town names.

use geo::InteriorPoint;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::basemap::{self, Shape};
use super::classify::class_of;
use super::render::{
    counts_by_region, err, hatch, overlaps, text_style, Frame, MapOptions, MapReport, Page, Rect, Style, Town, INK,
    LAND_OTHER, LAND_PK, LAND_PROVINCE, LINE, MUTED, SEA,
};
use super::style::{radius, Symbology, ZERO};
use crate::boundaries::Boundaries;
use crate::error::Result;
use crate::model::LocatedIncident;

/// What the choropleth drew, for the legend.
pub struct Choropleth {
    pub bounds: Vec<f64>,
    pub colours: Vec<RGBColor>,
    pub any_zero: bool,
    pub any_missing: bool,
}

/// Sea, Pakistan and its neighbours, the province shown, province lines.
pub fn base_map<DB: DrawingBackend>(page: &Page<DB>) -> Result<()> {
    let Page {
        root,
        ref frame,
        ref units,
        ..
    } = *page;
    let (fx, fy, fw, fh) = (frame.x0, frame.y0, frame.w, frame.h);
    let provinces = basemap::provinces();
    let chosen: Vec<&Shape> = provinces.iter().filter(|s| units.contains(&s.name.as_str())).collect();
    root.draw(&Rectangle::new([(fx, fy), (fx + fw, fy + fh)], SEA.filled()))
        .map_err(err)?;
    for c in basemap::countries() {
        let fill = if c.name == "Pakistan" { LAND_PK } else { LAND_OTHER };
        for ring in frame.rings(&c.geometry) {
            root.draw(&Polygon::new(ring.clone(), fill.filled())).map_err(err)?;
            root.draw(&PathElement::new(ring, LINE.stroke_width(1))).map_err(err)?;
        }
    }
    for s in chosen.iter() {
        for ring in frame.rings(&s.geometry) {
            root.draw(&Polygon::new(ring, LAND_PROVINCE.filled())).map_err(err)?;
        }
    }
    for s in provinces {
        for ring in frame.rings(&s.geometry) {
            root.draw(&PathElement::new(ring, LINE.stroke_width(1))).map_err(err)?;
        }
    }
    Ok(())
}

/// Districts filled by class of incidents (or incidents per 100,000 people).
pub fn choropleth<DB: DrawingBackend>(
    page: &Page<DB>,
    b: &Boundaries,
    incidents: &[LocatedIncident],
) -> Result<Choropleth> {
    let Page {
        root,
        opts,
        u,
        ref frame,
        ..
    } = *page;
    let counts = counts_by_region(b, incidents);
    let values = super::render::district_values(b, &counts, opts.populations.as_ref());
    let present: Vec<f64> = values.iter().flatten().copied().collect();
    let (bounds, colours) = super::style::classes(&present, opts.classes, opts.breaks);
    for (r, v) in b.regions.iter().zip(&values) {
        let fill = match v {
            None => WHITE,
            Some(x) if *x <= 0.0 => ZERO,
            Some(x) => colours[class_of(*x, &bounds)],
        };
        for ring in frame.rings(&r.geometry) {
            root.draw(&Polygon::new(ring.clone(), fill.filled())).map_err(err)?;
            if v.is_none() {
                hatch(root, &ring, (8.0 * u).max(4.0) as i32)?;
            }
        }
    }
    let any_zero = values.contains(&Some(0.0));
    let any_missing = values.iter().any(Option::is_none);
    Ok(Choropleth {
        bounds,
        colours,
        any_zero,
        any_missing,
    })
}

/// District boundaries, then the province's outline over them.
pub fn district_lines<DB: DrawingBackend>(page: &Page<DB>, districts: Option<&Boundaries>) -> Result<()> {
    let Page {
        root,
        u,
        ref frame,
        ref units,
        ..
    } = *page;
    let provinces = basemap::provinces();
    let chosen: Vec<&Shape> = provinces.iter().filter(|s| units.contains(&s.name.as_str())).collect();
    if let Some(b) = districts {
        for r in &b.regions {
            for ring in frame.rings(&r.geometry) {
                root.draw(&PathElement::new(
                    ring,
                    RGBColor(170, 160, 148).stroke_width((1.2 * u).max(1.0) as u32),
                ))
                .map_err(err)?;
            }
        }
    }
    for s in chosen.iter() {
        for ring in frame.rings(&s.geometry) {
            root.draw(&PathElement::new(ring, INK.stroke_width((2.2 * u).max(1.0) as u32)))
                .map_err(err)?;
        }
    }
    Ok(())
}

/// District names at a point inside each polygon, largest first, no overlaps.
pub fn district_labels<DB: DrawingBackend>(
    page: &Page<DB>,
    districts: Option<&Boundaries>,
    labels: &mut Vec<Rect>,
) -> Result<()> {
    let Page { root, u, ref frame, .. } = *page;
    if let Some(b) = districts {
        let mut order: Vec<usize> = (0..b.regions.len()).collect();
        order.sort_by(|&a, &c| {
            use geo::Area;
            b.regions[c]
                .geometry
                .unsigned_area()
                .total_cmp(&b.regions[a].geometry.unsigned_area())
        });
        let style = text_style(13.0 * u, MUTED, Pos::new(HPos::Center, VPos::Center), false);
        for i in order {
            let Some(p) = b.regions[i].geometry.interior_point() else {
                continue;
            };
            let (x, y) = frame.px(p.x(), p.y());
            let name = b.regions[i].name.to_uppercase();
            let (tw, th) = root.estimate_text_size(&name, &style).map_err(err)?;
            let rect = (
                x - tw as i32 / 2 - 2,
                y - th as i32 / 2 - 1,
                x + tw as i32 / 2 + 2,
                y + th as i32 / 2 + 1,
            );
            if !frame.inside((rect.0, rect.1))
                || !frame.inside((rect.2, rect.3))
                || labels.iter().any(|r| overlaps(*r, rect))
            {
                continue;
            }
            labels.push(rect);
            root.draw(&Text::new(name, (x, y), style.clone())).map_err(err)?;
        }
    }

    Ok(())
}

/// A symbol as drawn: its pixel, radius, colour, and whether it is hollow.
pub type Symbol = ((i32, i32), f64, RGBColor, bool);

/// Incidents: colour by event type, area by fatalities (the style the HTML
/// map shares), largest first; hollow when the point stands for a district or province.
pub fn symbols<DB: DrawingBackend>(
    page: &Page<DB>,
    incidents: &[LocatedIncident],
    sym: &Symbology,
) -> Result<MapReport> {
    let (pts, report) = symbol_list(&page.frame, page.opts, page.u, incidents, sym);
    draw_symbols(page, &pts)?;
    Ok(report)
}

/// The symbols of `incidents` in drawing order (largest first; repeats of
/// one symbol at one pixel capped), none for a choropleth alone; and what
/// was drawn, outside or unlocated.
pub fn symbol_list(
    frame: &Frame,
    opts: &MapOptions,
    u: f64,
    incidents: &[LocatedIncident],
    sym: &Symbology,
) -> (Vec<Symbol>, MapReport) {
    let f_ref = sym.f_ref;
    let r_ref = sym.r_ref(u);
    let mut report = MapReport::default();
    let mut pts: Vec<Symbol> = Vec::with_capacity(incidents.len());
    for i in incidents {
        let (Some(lon), Some(lat)) = (i.lon, i.lat) else {
            report.unlocated += 1;
            continue;
        };
        let p = frame.px(lon, lat);
        if !frame.inside(p) {
            report.outside += 1;
            continue;
        }
        let hollow = i.precision.is_some_and(|p| p > crate::model::GeoPrecision::Place);
        pts.push((
            p,
            radius(opts.by, i.fatalities, r_ref, f_ref),
            sym.color_of(i.event_type.as_deref()),
            hollow,
        ));
    }
    pts.sort_by(|a, b| b.1.total_cmp(&a.1));
    report.drawn = pts.len();
    // Identical semi-transparent symbols saturate: after six layers less than
    // 1 % of what lies beneath shows (0.45^6). Drawing more changes nothing
    // visible, so repeats of one symbol at one pixel are capped at six.
    // (pixel, radius in quarter pixels, colour, hollow) -> how many drawn there.
    type Key = ((i32, i32), i64, (u8, u8, u8), bool);
    let mut seen: rustc_hash::FxHashMap<Key, u8> = Default::default();
    seen.reserve(pts.len());
    pts.retain(|(p, r, c, hollow)| {
        let n = seen
            .entry((*p, (r * 4.0).round() as i64, (c.0, c.1, c.2), *hollow))
            .or_insert(0);
        *n += 1;
        *n <= 6
    });
    report.symbols = pts.len();
    if opts.style == Style::Choropleth {
        pts.clear();
    }
    (pts, report)
}

/// Draws `pts` (in order) with plotters: a filled disc and its outline, or a ring.
pub fn draw_symbols<DB: DrawingBackend>(page: &Page<DB>, pts: &[Symbol]) -> Result<()> {
    let Page { root, u, .. } = *page;
    for (p, r, c, hollow) in pts {
        let r = r.round() as i32;
        if *hollow {
            root.draw(&Circle::new(
                *p,
                r,
                ShapeStyle {
                    color: c.to_rgba(),
                    filled: false,
                    stroke_width: (2.0 * u).max(1.5) as u32,
                },
            ))
            .map_err(err)?;
        } else {
            root.draw(&Circle::new(*p, r, c.mix(0.55).filled())).map_err(err)?;
            root.draw(&Circle::new(
                *p,
                r,
                ShapeStyle {
                    color: c.mix(0.9),
                    filled: false,
                    stroke_width: 1,
                },
            ))
            .map_err(err)?;
        }
    }
    Ok(())
}

/// Town names: the places given, dots plus labels, skipping collisions.
pub fn towns<DB: DrawingBackend>(page: &Page<DB>, towns: &[Town], labels: &mut Vec<Rect>) -> Result<()> {
    let Page { root, u, ref frame, .. } = *page;
    let town_style = text_style(14.0 * u, INK, Pos::new(HPos::Left, VPos::Center), false);
    for (name, lon, lat) in towns {
        let (x, y) = frame.px(*lon, *lat);
        let (tw, th) = root.estimate_text_size(name, &town_style).map_err(err)?;
        let d = (5.0 * u) as i32;
        let rect = (x - d, y - th as i32 / 2, x + d + tw as i32 + 2, y + th as i32 / 2);
        if !frame.inside((rect.0, rect.1))
            || !frame.inside((rect.2, rect.3))
            || labels.iter().any(|r| overlaps(*r, rect))
        {
            continue;
        }
        labels.push(rect);
        root.draw(&Circle::new((x, y), (3.0 * u).max(2.0) as i32, INK.filled()))
            .map_err(err)?;
        root.draw(&Text::new(name.clone(), (x + d + 2, y), town_style.clone()))
            .map_err(err)?;
    }

    Ok(())
}
