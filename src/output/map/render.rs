//! Drawing a province map of incidents with plotters.
//!
//! Layers, bottom to top: sea, neighbouring countries, Pakistan's provinces,
//! the province shown, district boundaries and names, town names, incidents
//! as proportional symbols (largest first, semi-transparent; hollow when the
//! point only stands for a district or province), then the furniture: frame,
//! north arrow, scale bar, title and subtitle, legend, inset locator, footer.

use std::sync::OnceLock;

use geo::{BoundingRect, InteriorPoint, MultiPolygon};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::FontStyle;

use super::basemap::{self, Shape};
use super::classify::{class_of, Breaks};
pub use super::style::{radius, ramp, SizeBy, Symbology, PALETTE, ZERO};
use super::style::nice;
use super::projection::TransverseMercator;
use crate::boundaries::Boundaries;
use crate::error::{Error, ErrorKind, Result};
use crate::model::LocatedIncident;

static DEJAVU: &[u8] = include_bytes!("assets/DejaVuSans.ttf");
static DEJAVU_BOLD: &[u8] = include_bytes!("assets/DejaVuSans-Bold.ttf");

/// Registers the embedded font (once): text needs no system fonts.
pub fn register_fonts() {
    static DONE: OnceLock<()> = OnceLock::new();
    DONE.get_or_init(|| {
        plotters::style::register_font("sans-serif", FontStyle::Normal, DEJAVU).ok();
        plotters::style::register_font("sans-serif", FontStyle::Bold, DEJAVU_BOLD).ok();
    });
}

/// What to draw and how.
#[derive(Debug, Clone)]
pub struct MapOptions {
    pub width: u32,
    pub height: u32,
    pub title: String,
    pub province: String,
    pub by: SizeBy,
    /// Credits for the footer, e.g. "incidents: examples/incidents.csv".
    pub sources: Vec<String>,
    /// The creation date shown in the footer.
    pub created: String,
    /// Symbols, a choropleth of districts, or both.
    pub style: Style,
    /// Number of choropleth classes (5 to 7 is usual).
    pub classes: usize,
    pub breaks: Breaks,
    /// Population of each district (aligned with the boundaries' regions):
    /// when given, the choropleth shows incidents per 100,000 people.
    pub populations: Option<Vec<Option<f64>>>,
}

/// What the map shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Points,
    Choropleth,
    Both,
}

/// Districts with no data (no population for a rate) are hatched on white.
const NO_DATA: RGBColor = RGBColor(150, 150, 150);

/// Incidents per district polygon, by point-in-polygon; province-level
/// points (geo-precision 3) are not counted.
/// Counted by the one aggregation stage, as `count --districts` counts.
pub fn counts_by_region(b: &Boundaries, incidents: &[LocatedIncident]) -> Vec<u64> {
    use crate::output::counts::{Counter, Key};
    let mut c = Counter::new(&[Key::District], Some(b));
    for i in incidents {
        c.add(i);
    }
    let totals: std::collections::HashMap<String, u64> = c.totals().into_iter().map(|(k, n, _)| (k, n)).collect();
    b.regions
        .iter()
        .map(|r| totals.get(&r.name).copied().unwrap_or(0))
        .collect()
}

/// How many incidents were drawn, fell outside the map, or had no location.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MapReport {
    /// Incidents inside the map, each shown by a symbol (or in a choropleth's fill).
    pub drawn: usize,
    /// Symbols drawn: fewer than `drawn` when identical symbols at one spot
    /// were capped (one then stands for several incidents; the legend says so).
    pub symbols: usize,
    pub outside: usize,
    pub unlocated: usize,
}

/// A town to label: name, lon, lat.
pub type Town = (String, f64, f64);

pub const SEA: RGBColor = RGBColor(214, 230, 240);
const LAND_OTHER: RGBColor = RGBColor(233, 230, 223);
const LAND_PK: RGBColor = RGBColor(242, 239, 233);
const LAND_PROVINCE: RGBColor = RGBColor(255, 253, 247);
const LINE: RGBColor = RGBColor(180, 174, 164);
const INK: RGBColor = RGBColor(40, 36, 32);
const MUTED: RGBColor = RGBColor(110, 104, 96);

fn err<E: std::fmt::Debug>(e: E) -> Error {
    Error::new(ErrorKind::Output, format!("drawing the map: {e:?}"))
}

/// Maps projected metres to pixels of the map frame.
struct Frame {
    tm: TransverseMercator,
    x0: i32,
    y0: i32,
    w: i32,
    h: i32,
    cx: f64,
    cy: f64,
    scale: f64,
}

impl Frame {
    fn px(&self, lon: f64, lat: f64) -> (i32, i32) {
        let (x, y) = self.tm.forward(lon, lat);
        (
            self.x0 + self.w / 2 + ((x - self.cx) * self.scale).round() as i32,
            self.y0 + self.h / 2 - ((y - self.cy) * self.scale).round() as i32,
        )
    }

    fn inside(&self, p: (i32, i32)) -> bool {
        p.0 >= self.x0 && p.0 < self.x0 + self.w && p.1 >= self.y0 && p.1 < self.y0 + self.h
    }

    fn rings(&self, mp: &MultiPolygon<f64>) -> Vec<Vec<(i32, i32)>> {
        mp.0.iter()
            .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
            .map(|r| {
                let mut v: Vec<(i32, i32)> = r.0.iter().map(|c| self.px(c.x, c.y)).collect();
                v.dedup();
                v
            })
            .filter(|v| v.len() > 2)
            .collect()
    }
}


fn text_style(size: f64, color: RGBColor, pos: Pos, bold: bool) -> TextStyle<'static> {
    let font = if bold {
        ("sans-serif", size, FontStyle::Bold).into_font()
    } else {
        ("sans-serif", size).into_font()
    };
    font.color(&color).pos(pos)
}

type Rect = (i32, i32, i32, i32);

/// Clips pixel rings to a rectangle `(x0, y0, x1, y1)` (geo's boolean intersection).
fn clip_rings(rings: Vec<Vec<(i32, i32)>>, r: Rect) -> Vec<Vec<(i32, i32)>> {
    use geo::BooleanOps;
    let rect = geo::Rect::new(
        geo::coord! { x: r.0 as f64, y: r.1 as f64 },
        geo::coord! { x: r.2 as f64, y: r.3 as f64 },
    )
    .to_polygon();
    let mut out = Vec::new();
    for ring in rings {
        let mut coords: Vec<geo::Coord<f64>> = ring
            .iter()
            .map(|p| geo::coord! { x: p.0 as f64, y: p.1 as f64 })
            .collect();
        if coords.first() != coords.last() {
            coords.push(coords[0]);
        }
        let poly = geo::Polygon::new(geo::LineString(coords), vec![]);
        for p in poly.intersection(&rect) {
            let v: Vec<(i32, i32)> = p
                .exterior()
                .0
                .iter()
                .map(|c| (c.x.round() as i32, c.y.round() as i32))
                .collect();
            if v.len() > 2 {
                out.push(v);
            }
        }
    }
    out
}

/// `83789` → `83,789`.
pub fn thousands(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn overlaps(a: Rect, b: Rect) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

/// The page layout: margins, title band, map frame, side panel, footer.
struct Layout {
    u: f64,
    m: i32,
    footer_h: i32,
    panel_w: i32,
    frame: Frame,
}

fn layout(opts: &MapOptions, provinces: &[Shape]) -> Result<Layout> {
    let (w, h) = (opts.width as i32, opts.height as i32);
    let u = (w.min(h) as f64) / 1000.0; // one "unit": 1 px on a 1000 px map
    let m = (24.0 * u) as i32;
    let title_h = (90.0 * u) as i32;
    let footer_h = (46.0 * u) as i32;
    let panel_w = (w as f64 * 0.26) as i32;
    let (fx, fy) = (m, m + title_h);
    let (fw, fh) = (w - 2 * m - panel_w - m, h - fy - footer_h - m);
    // Projection centred on the province, scaled to fit the frame.
    let units = basemap::province_units(&opts.province);
    let chosen: Vec<&Shape> = provinces.iter().filter(|s| units.contains(&s.name.as_str())).collect();
    if chosen.is_empty() {
        return Err(Error::new(
            ErrorKind::Argument,
            format!("unknown province '{}'", opts.province),
        ));
    }
    let all: MultiPolygon<f64> = MultiPolygon(chosen.iter().flat_map(|s| s.geometry.0.clone()).collect());
    let bb = all.bounding_rect().expect("province has a shape");
    let tm = TransverseMercator {
        lon0: bb.center().x,
        lat0: bb.center().y,
    };
    let (mut x_lo, mut x_hi, mut y_lo, mut y_hi) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for c in all.0.iter().flat_map(|p| p.exterior().0.iter()) {
        let (x, y) = tm.forward(c.x, c.y);
        x_lo = x_lo.min(x);
        x_hi = x_hi.max(x);
        y_lo = y_lo.min(y);
        y_hi = y_hi.max(y);
    }
    let pad = 0.06 * (x_hi - x_lo).max(y_hi - y_lo);
    let scale = (fw as f64 / (x_hi - x_lo + 2.0 * pad)).min(fh as f64 / (y_hi - y_lo + 2.0 * pad));
    let frame = Frame {
        tm,
        x0: fx,
        y0: fy,
        w: fw,
        h: fh,
        cx: (x_lo + x_hi) / 2.0,
        cy: (y_lo + y_hi) / 2.0,
        scale,
    };
    Ok(Layout {
        u,
        m,
        footer_h,
        panel_w,
        frame,
    })
}

/// The pixel at which a point `(lon, lat)` is drawn on a map made with `opts`,
/// and whether it falls inside the map frame.
pub fn pixel_of(opts: &MapOptions, lon: f64, lat: f64) -> Result<((i32, i32), bool)> {
    let l = layout(opts, basemap::provinces())?;
    let p = l.frame.px(lon, lat);
    Ok((p, l.frame.inside(p)))
}

/// Diagonal hatching inside a ring's bounding box, clipped to nothing finer
/// than the box (used for small legend swatches and "no data" districts).
fn hatch<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, ring: &[(i32, i32)], step: i32) -> Result<()> {
    let (x0, x1) = (
        ring.iter().map(|p| p.0).min().unwrap_or(0),
        ring.iter().map(|p| p.0).max().unwrap_or(0),
    );
    let (y0, y1) = (
        ring.iter().map(|p| p.1).min().unwrap_or(0),
        ring.iter().map(|p| p.1).max().unwrap_or(0),
    );
    let poly: geo::Polygon<f64> = geo::Polygon::new(
        ring.iter()
            .map(|p| geo::coord! { x: p.0 as f64, y: p.1 as f64 })
            .collect(),
        vec![],
    );
    let mut k = x0 - (y1 - y0);
    while k < x1 {
        // A line x - y = k - y0, sampled and kept where it is inside the ring.
        let mut seg: Vec<(i32, i32)> = Vec::new();
        let mut y = y0;
        while y <= y1 {
            let x = k + (y - y0);
            use geo::Contains;
            if x >= x0 && x <= x1 && poly.contains(&geo::Point::new(x as f64, y as f64)) {
                seg.push((x, y));
            } else if seg.len() > 1 {
                root.draw(&PathElement::new(std::mem::take(&mut seg), NO_DATA.stroke_width(1)))
                    .map_err(err)?;
            } else {
                seg.clear();
            }
            y += 1;
        }
        if seg.len() > 1 {
            root.draw(&PathElement::new(seg, NO_DATA.stroke_width(1)))
                .map_err(err)?;
        }
        k += step;
    }
    Ok(())
}

/// Draws the map on `root`; returns how many incidents were drawn.
pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    opts: &MapOptions,
    incidents: &[LocatedIncident],
    districts: Option<&Boundaries>,
    towns: &[Town],
) -> Result<MapReport> {
    register_fonts();
    let (w, h) = (opts.width as i32, opts.height as i32);
    root.fill(&WHITE).map_err(err)?;
    let provinces = basemap::provinces();
    let Layout {
        u,
        m,
        footer_h,
        panel_w,
        frame,
    } = layout(opts, provinces)?;
    let (fx, fy, fw, fh) = (frame.x0, frame.y0, frame.w, frame.h);
    let tm = frame.tm;
    let units = basemap::province_units(&opts.province);
    let chosen: Vec<&Shape> = provinces.iter().filter(|s| units.contains(&s.name.as_str())).collect();

    // Base map.
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
    // Choropleth: districts filled by class.
    let mut choro: Option<(Vec<f64>, Vec<RGBColor>, bool, bool)> = None; // bounds, colours, any zero, any missing
    if opts.style != Style::Points {
        let Some(b) = districts else {
            return Err(Error::new(
                ErrorKind::Argument,
                "a choropleth needs district polygons (--districts FILE)",
            ));
        };
        let counts = counts_by_region(b, incidents);
        let values: Vec<Option<f64>> = match &opts.populations {
            None => counts.iter().map(|c| Some(*c as f64)).collect(),
            Some(pop) => counts
                .iter()
                .zip(pop)
                .map(|(c, p)| p.filter(|p| *p > 0.0).map(|p| *c as f64 * 100_000.0 / p))
                .collect(),
        };
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
        choro = Some((bounds, colours, any_zero, any_missing));
    }
    let mut labels: Vec<Rect> = Vec::new();
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
    // District names at a point inside each polygon, largest first, no overlaps.
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

    // Incidents: colour by event type, area by fatalities (the style the HTML map shares).
    let sym = Symbology::new(incidents);
    let (types, colored, f_ref) = (&sym.types, &sym.colored, sym.f_ref);
    let r_ref = sym.r_ref(u);
    let mut report = MapReport::default();
    let mut pts: Vec<((i32, i32), f64, RGBColor, bool)> = Vec::new();
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
    let mut seen: std::collections::HashMap<((i32, i32), i64, (u8, u8, u8), bool), u8> = Default::default();
    pts.retain(|(p, r, c, hollow)| {
        let n = seen
            .entry((*p, (r * 4.0).round() as i64, (c.0, c.1, c.2), *hollow))
            .or_insert(0);
        *n += 1;
        *n <= 6
    });
    let symbols = if opts.style == Style::Choropleth {
        &pts[..0]
    } else {
        &pts[..]
    };
    for (p, r, c, hollow) in symbols {
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
    report.symbols = pts.len();

    // Town names: the places given, dots plus labels, skipping collisions.
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

    // Clip: paint the margins over anything drawn past the frame.
    for r in [(0, 0, w, fy), (0, fy + fh, w, h), (0, 0, fx, h), (fx + fw, 0, w, h)] {
        root.draw(&Rectangle::new([(r.0, r.1), (r.2, r.3)], WHITE.filled()))
            .map_err(err)?;
    }
    root.draw(&Rectangle::new([(fx, fy), (fx + fw, fy + fh)], INK.stroke_width(1)))
        .map_err(err)?;

    // North arrow (top right of the frame): north is up on the central meridian.
    let (ax, ay) = (fx + fw - (40.0 * u) as i32, fy + (30.0 * u) as i32);
    let s = (16.0 * u) as i32;
    root.draw(&Polygon::new(
        vec![(ax, ay), (ax - s / 2, ay + 2 * s), (ax, ay + 3 * s / 2)],
        INK.filled(),
    ))
    .map_err(err)?;
    root.draw(&Polygon::new(
        vec![(ax, ay), (ax + s / 2, ay + 2 * s), (ax, ay + 3 * s / 2)],
        ShapeStyle {
            color: INK.to_rgba(),
            filled: false,
            stroke_width: 1,
        },
    ))
    .map_err(err)?;
    root.draw(&Text::new(
        "N",
        (ax, ay + 2 * s + (4.0 * u) as i32),
        text_style(16.0 * u, INK, Pos::new(HPos::Center, VPos::Top), true),
    ))
    .map_err(err)?;

    // Scale bar (bottom left): true on the central meridian (the projection is conformal).
    let km_per_px = 1.0 / (frame.scale * 1000.0);
    let len_km = nice(km_per_px * fw as f64 * 0.25);
    let len_px = (len_km / km_per_px).round() as i32;
    let (sx, sy) = (fx + (24.0 * u) as i32, fy + fh - (30.0 * u) as i32);
    let bh = (7.0 * u).max(3.0) as i32;
    for k in 0..4 {
        let (a, b) = (sx + k * len_px / 4, sx + (k + 1) * len_px / 4);
        let style = if k % 2 == 0 { INK.filled() } else { WHITE.filled() };
        root.draw(&Rectangle::new([(a, sy), (b, sy + bh)], style))
            .map_err(err)?;
    }
    root.draw(&Rectangle::new([(sx, sy), (sx + len_px, sy + bh)], INK.stroke_width(1)))
        .map_err(err)?;
    let ls = text_style(13.0 * u, INK, Pos::new(HPos::Center, VPos::Bottom), false);
    root.draw(&Text::new("0", (sx, sy - 3), ls.clone())).map_err(err)?;
    root.draw(&Text::new(format!("{len_km:.0} km"), (sx + len_px, sy - 3), ls))
        .map_err(err)?;

    // Title and subtitle.
    root.draw(&Text::new(
        opts.title.clone(),
        (m, m),
        text_style(34.0 * u, INK, Pos::new(HPos::Left, VPos::Top), true),
    ))
    .map_err(err)?;
    let first = incidents.iter().filter_map(|i| i.date).min_by_key(|d| d.start);
    let last = incidents.iter().filter_map(|i| i.date).max_by_key(|d| d.start);
    let (first, last) = (first.map(|d| d.iso()), last.map(|d| d.iso()));
    let shown = format!(
        "{} incident{} shown",
        thousands(report.drawn),
        if report.drawn == 1 { "" } else { "s" }
    );
    let mut sub = match (first.as_ref(), last.as_ref()) {
        (Some(a), Some(b)) if a != b => format!("{shown}, {a} to {b}"),
        (Some(a), _) => format!("{shown}, {a}"),
        _ => shown,
    };
    if incidents.is_empty() {
        sub = "No incidents".into();
    }
    if report.outside > 0 {
        sub.push_str(&format!(
            "; {} outside the map extent, not drawn",
            thousands(report.outside)
        ));
    }
    if report.unlocated > 0 {
        sub.push_str(&format!("; {} without a location", thousands(report.unlocated)));
    }
    root.draw(&Text::new(
        sub,
        (m, m + (46.0 * u) as i32),
        text_style(18.0 * u, MUTED, Pos::new(HPos::Left, VPos::Top), false),
    ))
    .map_err(err)?;

    // Legend panel.
    let lx = w - m - panel_w;
    let mut ly = fy;
    let head = text_style(17.0 * u, INK, Pos::new(HPos::Left, VPos::Top), true);
    let body = text_style(14.0 * u, INK, Pos::new(HPos::Left, VPos::Center), false);
    let line_h = (26.0 * u) as i32;
    if let Some((bounds, colours, any_zero, any_missing)) = &choro {
        let title = if opts.populations.is_some() {
            "Incidents per 100,000 people (2023 census)"
        } else {
            "Incidents per district"
        };
        root.draw(&Text::new(title, (lx, ly), head.clone())).map_err(err)?;
        ly += (30.0 * u) as i32;
        let sw = (22.0 * u) as i32;
        let rate = opts.populations.is_some();
        let fmt = |x: f64| if rate { format!("{x:.1}") } else { format!("{x:.0}") };
        let mut rows: Vec<(RGBColor, String, bool)> = Vec::new();
        if *any_zero {
            rows.push((ZERO, "0".into(), false));
        }
        // Counts are whole numbers: a class runs from one past the previous bound
        // (from 1 for the first); rates run from the previous bound.
        let mut lo: Option<f64> = None;
        for (b, c) in bounds.iter().zip(colours) {
            let from = match lo {
                None if rate => 0.0,
                None => 1.0,
                Some(l) if rate => l,
                Some(l) => l + 1.0,
            };
            let label = if !rate && from >= *b {
                fmt(*b)
            } else if rate && lo.is_none() {
                format!("up to {}", fmt(*b))
            } else {
                format!("{} – {}", fmt(from), fmt(*b))
            };
            rows.push((*c, label, false));
            lo = Some(*b);
        }
        if *any_missing {
            rows.push((WHITE, "no data".into(), true));
        }
        for (c, label, hatched) in rows {
            let ring = vec![
                (lx, ly - sw / 2),
                (lx + sw, ly - sw / 2),
                (lx + sw, ly + sw / 2),
                (lx, ly + sw / 2),
            ];
            root.draw(&Polygon::new(ring.clone(), c.filled())).map_err(err)?;
            if hatched {
                hatch(root, &ring, (6.0 * u).max(3.0) as i32)?;
            }
            root.draw(&Rectangle::new(
                [(lx, ly - sw / 2), (lx + sw, ly + sw / 2)],
                MUTED.stroke_width(1),
            ))
            .map_err(err)?;
            root.draw(&Text::new(label, (lx + sw + (10.0 * u) as i32, ly), body.clone()))
                .map_err(err)?;
            ly += line_h;
        }
        ly += (14.0 * u) as i32;
    }
    if opts.style != Style::Choropleth && !colored.iter().all(|t| t.is_empty()) {
        root.draw(&Text::new("Event type", (lx, ly), head.clone()))
            .map_err(err)?;
        ly += (30.0 * u) as i32;
        for (k, t) in colored.iter().enumerate() {
            let label = if t.is_empty() {
                "(not given)".to_string()
            } else {
                t.clone()
            };
            root.draw(&Circle::new(
                (lx + (9.0 * u) as i32, ly),
                (8.0 * u) as i32,
                PALETTE[k].mix(0.7).filled(),
            ))
            .map_err(err)?;
            root.draw(&Text::new(label, (lx + (26.0 * u) as i32, ly), body.clone()))
                .map_err(err)?;
            ly += line_h;
        }
        if types.len() > colored.len() {
            root.draw(&Circle::new(
                (lx + (9.0 * u) as i32, ly),
                (8.0 * u) as i32,
                PALETTE[PALETTE.len() - 1].mix(0.7).filled(),
            ))
            .map_err(err)?;
            root.draw(&Text::new("other", (lx + (26.0 * u) as i32, ly), body.clone()))
                .map_err(err)?;
            ly += line_h;
        }
        ly += (14.0 * u) as i32;
    }
    if opts.by == SizeBy::Fatalities && opts.style != Style::Choropleth {
        root.draw(&Text::new("Fatalities (symbol area)", (lx, ly), head.clone()))
            .map_err(err)?;
        ly += (34.0 * u) as i32;
        // Three reference symbols side by side, each with its value beneath.
        let values = sym.legend_values();
        let r_big = radius(opts.by, Some(f_ref), r_ref, f_ref).round() as i32;
        let base = ly + 2 * r_big;
        let mut cx = lx;
        for v in values {
            let r = radius(opts.by, Some(v), r_ref, f_ref).round() as i32;
            let col = (2 * r).max((36.0 * u) as i32);
            let x = cx + col / 2;
            let ring = ShapeStyle {
                color: INK.to_rgba(),
                filled: false,
                stroke_width: 1,
            };
            root.draw(&Circle::new((x, base - r), r, ring)).map_err(err)?;
            let under = text_style(14.0 * u, INK, Pos::new(HPos::Center, VPos::Top), false);
            root.draw(&Text::new(format!("{v:.0}"), (x, base + (6.0 * u) as i32), under))
                .map_err(err)?;
            cx += col + (14.0 * u) as i32;
        }
        ly = base + (42.0 * u) as i32;
        root.draw(&Text::new("0 or unknown: smallest dot", (lx, ly), body.clone()))
            .map_err(err)?;
        ly += (36.0 * u) as i32;
    }
    let r = (8.0 * u) as i32;
    if opts.style != Style::Choropleth {
        root.draw(&Text::new("Location", (lx, ly), head)).map_err(err)?;
        ly += (34.0 * u) as i32;
        root.draw(&Circle::new((lx + r, ly), r, PALETTE[0].mix(0.55).filled()))
            .map_err(err)?;
        root.draw(&Text::new(
            "town or village",
            (lx + (26.0 * u) as i32, ly),
            body.clone(),
        ))
        .map_err(err)?;
        ly += line_h;
        let hollow = ShapeStyle {
            color: PALETTE[0].to_rgba(),
            filled: false,
            stroke_width: (2.0 * u).max(1.5) as u32,
        };
        root.draw(&Circle::new((lx + r, ly), r, hollow)).map_err(err)?;
        root.draw(&Text::new(
            "district or province only",
            (lx + (26.0 * u) as i32, ly),
            body.clone(),
        ))
        .map_err(err)?;
        ly += line_h;
        if report.symbols < report.drawn {
            // Repeats of one symbol at one spot were capped: say what a symbol may stand for.
            root.draw(&Text::new("A symbol may stand for several", (lx, ly), body.clone()))
                .map_err(err)?;
            ly += line_h;
            root.draw(&Text::new("incidents at the same spot", (lx, ly), body.clone()))
                .map_err(err)?;
            ly += line_h;
        }
    }
    if districts.is_some() {
        root.draw(&PathElement::new(
            vec![(lx, ly), (lx + 2 * r, ly)],
            RGBColor(170, 160, 148).stroke_width(2),
        ))
        .map_err(err)?;
        root.draw(&Text::new(
            "district boundary",
            (lx + (26.0 * u) as i32, ly),
            body.clone(),
        ))
        .map_err(err)?;
    }

    // Inset locator: Pakistan with the province highlighted.
    let inset_w = panel_w;
    let inset_h = (inset_w as f64 * 0.9) as i32;
    let (ix, iy) = (lx, fy + fh - inset_h);
    root.draw(&Rectangle::new([(ix, iy), (ix + inset_w, iy + inset_h)], SEA.filled()))
        .map_err(err)?;
    let pk = basemap::countries().iter().find(|c| c.name == "Pakistan");
    if let Some(pk) = pk {
        let pbb = pk.geometry.bounding_rect().expect("Pakistan has a shape");
        let itm = TransverseMercator {
            lon0: pbb.center().x,
            lat0: pbb.center().y,
        };
        let (a, b) = (
            itm.forward(pbb.min().x, pbb.min().y),
            itm.forward(pbb.max().x, pbb.max().y),
        );
        let (bw, bh2) = ((b.0 - a.0).abs() * 1.15, (b.1 - a.1).abs() * 1.15);
        let iscale = (inset_w as f64 / bw).min(inset_h as f64 / bh2);
        let iframe = Frame {
            tm: itm,
            x0: ix,
            y0: iy,
            w: inset_w,
            h: inset_h,
            cx: (a.0 + b.0) / 2.0,
            cy: (a.1 + b.1) / 2.0,
            scale: iscale,
        };
        let bounds = (ix, iy, ix + inset_w, iy + inset_h);
        for c in basemap::countries() {
            let fill = if c.name == "Pakistan" { LAND_PK } else { LAND_OTHER };
            for ring in clip_rings(iframe.rings(&c.geometry), bounds) {
                root.draw(&Polygon::new(ring, fill.filled())).map_err(err)?;
            }
        }
        for s in provinces {
            let hi = units.contains(&s.name.as_str());
            for ring in clip_rings(iframe.rings(&s.geometry), bounds) {
                if hi {
                    root.draw(&Polygon::new(ring.clone(), PALETTE[0].mix(0.8).filled()))
                        .map_err(err)?;
                }
                root.draw(&PathElement::new(ring, LINE.stroke_width(1))).map_err(err)?;
            }
        }
        root.draw(&Rectangle::new(
            [(ix, iy), (ix + inset_w, iy + inset_h)],
            INK.stroke_width(1),
        ))
        .map_err(err)?;
        root.draw(&Text::new(
            format!("{} in Pakistan", opts.province),
            (ix + 4, iy + 4),
            text_style(13.0 * u, INK, Pos::new(HPos::Left, VPos::Top), false),
        ))
        .map_err(err)?;
    }

    // Footer: sources, licences, projection, date.
    let mut credit = opts.sources.join("; ");
    credit.push_str("; base map: Natural Earth (public domain)");
    let mut foot_size = 12.5 * u;
    let line = format!("Sources: {credit}.");
    // Shrink the credit line until it fits the page width.
    while foot_size > 8.0 * u {
        let (tw, _) = root
            .estimate_text_size(
                &line,
                &text_style(foot_size, MUTED, Pos::new(HPos::Left, VPos::Top), false),
            )
            .map_err(err)?;
        if (tw as i32) <= w - 2 * m {
            break;
        }
        foot_size -= 0.5 * u;
    }
    let foot = text_style(foot_size, MUTED, Pos::new(HPos::Left, VPos::Top), false);
    root.draw(&Text::new(
        line,
        (m, h - footer_h - m / 2 + (6.0 * u) as i32),
        foot.clone(),
    ))
    .map_err(err)?;
    root.draw(&Text::new(
        format!(
            "Transverse Mercator, central meridian {:.1}°E; scale bar true on that meridian. Made with incident-mapper {} on {}.",
            tm.lon0,
            env!("CARGO_PKG_VERSION"),
            opts.created
        ),
        (m, h - footer_h - m / 2 + (26.0 * u) as i32),
        foot,
    ))
    .map_err(err)?;
    root.present().map_err(err)?;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_separated() {
        assert_eq!(thousands(83789), "83,789");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000_000), "1,000,000");
    }
}
