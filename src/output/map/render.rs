//! Drawing a province map of incidents with plotters.
//!
//! Layers, bottom to top: sea, neighbouring countries, Pakistan's provinces,
//! the province shown, district boundaries and names, town names, incidents
//! as proportional symbols (largest first, semi-transparent; hollow when the
//! point only stands for a district or province), then the furniture: frame,
//! north arrow, scale bar, title and subtitle, legend, inset locator, footer.

use std::sync::OnceLock;

use geo::{BoundingRect, MultiPolygon};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::Pos;
use plotters::style::FontStyle;

use super::basemap::{self, Shape};
use super::classify::Breaks;
use super::projection::TransverseMercator;
pub use super::style::{radius, ramp, SizeBy, Symbology, PALETTE, ZERO};
use super::{furniture, layers};
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
    /// Population by district name (the boundaries' names; a district
    /// missing has no rate): when given, the choropleth shows incidents per
    /// 100,000 people.
    pub populations: Option<std::collections::HashMap<String, f64>>,
}

/// What the map shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Points,
    Choropleth,
    Both,
}

/// Districts with no data (no population for a rate) are hatched on white.
pub(super) const NO_DATA: RGBColor = RGBColor(150, 150, 150);

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

/// What a choropleth shows for each region of `b`, given its incident
/// `counts`: the count, or with `populations` incidents per 100,000 people
/// (`None` where the population is unknown or zero).
pub fn district_values(
    b: &Boundaries,
    counts: &[u64],
    populations: Option<&std::collections::HashMap<String, f64>>,
) -> Vec<Option<f64>> {
    b.regions
        .iter()
        .zip(counts)
        .map(|(r, &c)| match populations {
            None => Some(c as f64),
            Some(pop) => pop.get(&r.name).filter(|p| **p > 0.0).map(|p| c as f64 * 100_000.0 / p),
        })
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
pub(super) const LAND_OTHER: RGBColor = RGBColor(233, 230, 223);
pub(super) const LAND_PK: RGBColor = RGBColor(242, 239, 233);
pub(super) const LAND_PROVINCE: RGBColor = RGBColor(255, 253, 247);
pub(super) const LINE: RGBColor = RGBColor(180, 174, 164);
pub(super) const INK: RGBColor = RGBColor(40, 36, 32);
pub(super) const MUTED: RGBColor = RGBColor(110, 104, 96);

pub(super) fn err<E: std::fmt::Debug>(e: E) -> Error {
    Error::new(ErrorKind::Output, format!("drawing the map: {e:?}"))
}

/// Maps projected metres to pixels of the map frame.
#[derive(Clone)]
pub struct Frame {
    pub(super) tm: TransverseMercator,
    pub(super) x0: i32,
    pub(super) y0: i32,
    pub(super) w: i32,
    pub(super) h: i32,
    pub(super) cx: f64,
    pub(super) cy: f64,
    pub(super) scale: f64,
}

impl Frame {
    pub(super) fn px(&self, lon: f64, lat: f64) -> (i32, i32) {
        let (x, y) = self.tm.forward(lon, lat);
        (
            self.x0 + self.w / 2 + ((x - self.cx) * self.scale).round() as i32,
            self.y0 + self.h / 2 - ((y - self.cy) * self.scale).round() as i32,
        )
    }

    pub(super) fn inside(&self, p: (i32, i32)) -> bool {
        p.0 >= self.x0 && p.0 < self.x0 + self.w && p.1 >= self.y0 && p.1 < self.y0 + self.h
    }

    pub(super) fn rings(&self, mp: &MultiPolygon<f64>) -> Vec<Vec<(i32, i32)>> {
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

pub(super) fn text_style(size: f64, color: RGBColor, pos: Pos, bold: bool) -> TextStyle<'static> {
    let font = if bold {
        ("sans-serif", size, FontStyle::Bold).into_font()
    } else {
        ("sans-serif", size).into_font()
    };
    font.color(&color).pos(pos)
}

pub(super) type Rect = (i32, i32, i32, i32);

/// Clips pixel rings to a rectangle `(x0, y0, x1, y1)` (geo's boolean intersection).
pub(super) fn clip_rings(rings: Vec<Vec<(i32, i32)>>, r: Rect) -> Vec<Vec<(i32, i32)>> {
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

pub(super) fn overlaps(a: Rect, b: Rect) -> bool {
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
pub(super) fn hatch<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, ring: &[(i32, i32)], step: i32) -> Result<()> {
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

/// The page being drawn: the drawing area, the options, the layout.
pub struct Page<'a, DB: DrawingBackend> {
    pub root: &'a DrawingArea<DB, Shift>,
    pub opts: &'a MapOptions,
    /// One unit: 1 px on a 1000 px map.
    pub u: f64,
    pub m: i32,
    pub w: i32,
    pub h: i32,
    pub footer_h: i32,
    pub panel_w: i32,
    pub frame: Frame,
    /// The Natural Earth units of the province shown.
    pub units: Vec<&'static str>,
}

/// Draws the map on `root`, layers then furniture; returns how many incidents were drawn.
pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    opts: &MapOptions,
    incidents: &[LocatedIncident],
    districts: Option<&Boundaries>,
    towns: &[Town],
) -> Result<MapReport> {
    let under = draw_under(root, opts, incidents, districts)?;
    layers::draw_symbols(&under.page(root, opts), &under.symbols)?;
    draw_over(root, opts, incidents, districts, towns, under)
}

/// What lies under the symbols, drawn; the layout, the symbols to draw and
/// what the layers above them need.
pub struct Under {
    layout: Layout,
    choro: Option<layers::Choropleth>,
    labels: Vec<Rect>,
    sym: Symbology,
    /// The symbols, in drawing order.
    pub symbols: Vec<layers::Symbol>,
    report: MapReport,
}

impl Under {
    /// The page on `root` with this layout.
    pub fn page<'a, DB: DrawingBackend>(&self, root: &'a DrawingArea<DB, Shift>, opts: &'a MapOptions) -> Page<'a, DB> {
        let l = &self.layout;
        Page {
            root,
            opts,
            u: l.u,
            m: l.m,
            w: opts.width as i32,
            h: opts.height as i32,
            footer_h: l.footer_h,
            panel_w: l.panel_w,
            frame: l.frame.clone(),
            units: basemap::province_units(&opts.province),
        }
    }
}

/// The page, the base map, the choropleth, district lines and labels; and
/// the symbols of `incidents`, listed (not drawn).
pub fn draw_under<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    opts: &MapOptions,
    incidents: &[LocatedIncident],
    districts: Option<&Boundaries>,
) -> Result<Under> {
    register_fonts();
    root.fill(&WHITE).map_err(err)?;
    let layout = layout(opts, basemap::provinces())?;
    let mut under = Under {
        layout,
        choro: None,
        labels: Vec::new(),
        sym: Symbology::new(incidents),
        symbols: Vec::new(),
        report: MapReport::default(),
    };
    let page = under.page(root, opts);
    layers::base_map(&page)?;
    under.choro = match (opts.style, districts) {
        (Style::Points, _) => None,
        (_, Some(b)) => Some(layers::choropleth(&page, b, incidents)?),
        (_, None) => {
            return Err(Error::new(
                ErrorKind::Argument,
                "a choropleth needs district polygons (--districts FILE)",
            ))
        }
    };
    layers::district_lines(&page, districts)?;
    layers::district_labels(&page, districts, &mut under.labels)?;
    let (symbols, report) = layers::symbol_list(&page.frame, opts, page.u, incidents, &under.sym);
    (under.symbols, under.report) = (symbols, report);
    Ok(under)
}

/// Town names and the furniture, over the symbols; presents the page.
pub fn draw_over<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    opts: &MapOptions,
    incidents: &[LocatedIncident],
    districts: Option<&Boundaries>,
    towns: &[Town],
    mut under: Under,
) -> Result<MapReport> {
    let page = under.page(root, opts);
    let report = under.report;
    layers::towns(&page, towns, &mut under.labels)?;
    furniture::clip_margins(&page)?;
    furniture::north_arrow(&page)?;
    furniture::scale_bar(&page)?;
    furniture::title(&page, incidents, &report)?;
    furniture::legend(&page, under.choro.as_ref(), &under.sym, &report, districts.is_some())?;
    furniture::inset(&page)?;
    furniture::footer(&page)?;
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
