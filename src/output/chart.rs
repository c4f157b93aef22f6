//! Bar charts of incidents by month, event type or district (PNG or SVG).

use plotters::coord::ranged1d::{IntoSegmentedCoord, SegmentValue};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::error::{Error, ErrorKind, Result};
use crate::model::LocatedIncident;
use crate::output::map::render::register_fonts;

/// What the bars group by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupBy {
    Month,
    EventType,
    District,
}

/// What a bar measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    Incidents,
    Fatalities,
}

#[derive(Debug, Clone)]
pub struct ChartOptions {
    pub width: u32,
    pub height: u32,
    pub title: String,
    pub by: GroupBy,
    pub measure: Measure,
    /// The source line under the chart.
    pub source: String,
}

/// The bars: label and value, in display order. Months run without gaps from
/// the first to the last (empty months are zero); categories are sorted by
/// value, largest first; incidents without the key are counted under "(unknown)".
/// Counted by the one aggregation stage ([`Counter`](crate::output::counts::Counter)):
/// an incident's district is the polygon its point falls in when `b` is given,
/// as in `count` and the choropleth, with the same `(outside)`, `(province
/// only)` and `(no location)` bars.
///
/// ```
/// use incident_mapper::model::LocatedIncident;
/// use incident_mapper::output::chart::{bars, GroupBy, Measure};
/// use incident_mapper::input::dates::{parse, Order};
/// let mk = |d: &str| LocatedIncident { date: parse(d, Order::Unspecified), ..Default::default() };
/// let b = bars(&[mk("2025-01-05"), mk("2025-03-01"), mk("2025-03-20")], GroupBy::Month, Measure::Incidents, None);
/// assert_eq!(b, vec![("2025-01".into(), 1.0), ("2025-02".into(), 0.0), ("2025-03".into(), 2.0)]);
/// ```
pub fn bars(
    incidents: &[LocatedIncident],
    by: GroupBy,
    measure: Measure,
    b: Option<&crate::boundaries::Boundaries>,
) -> Vec<(String, f64)> {
    use crate::output::counts::{Counter, Key, UNKNOWN};
    let key = match by {
        GroupBy::Month => Key::Month,
        GroupBy::EventType => Key::EventType,
        GroupBy::District => Key::District,
    };
    let mut counter = Counter::new(&[key], b);
    for i in incidents {
        counter.add(i);
    }
    let mut acc: std::collections::BTreeMap<String, f64> = Default::default();
    let mut unknown = 0.0;
    for (k, n, f) in counter.totals() {
        let v = match measure {
            Measure::Incidents => n as f64,
            Measure::Fatalities => f,
        };
        if k == UNKNOWN {
            unknown += v;
        } else {
            acc.insert(k, v);
        }
    }
    let mut out: Vec<(String, f64)> = if by == GroupBy::Month {
        let keys: Vec<&String> = acc.keys().collect();
        match (keys.first(), keys.last()) {
            (Some(a), Some(b)) => {
                let (mut y, mut m): (i32, i32) = (a[..4].parse().unwrap_or(0), a[5..7].parse().unwrap_or(1));
                let (y1, m1): (i32, i32) = (b[..4].parse().unwrap_or(0), b[5..7].parse().unwrap_or(1));
                let mut v = Vec::new();
                while (y, m) <= (y1, m1) && v.len() < 1200 {
                    let k = format!("{y:04}-{m:02}");
                    v.push((k.clone(), acc.get(&k).copied().unwrap_or(0.0)));
                    m += 1;
                    if m > 12 {
                        m = 1;
                        y += 1;
                    }
                }
                v
            }
            _ => Vec::new(),
        }
    } else {
        let mut v: Vec<(String, f64)> = acc.into_iter().collect();
        v.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        v
    };
    if unknown > 0.0 {
        out.push(("(unknown)".into(), unknown));
    }
    out
}

fn err<E: std::fmt::Debug>(e: E) -> Error {
    Error::new(ErrorKind::Output, format!("drawing the chart: {e:?}"))
}

/// Draws the chart on `root`.
pub fn draw<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, o: &ChartOptions, data: &[(String, f64)]) -> Result<()> {
    register_fonts();
    let u = o.width.min(o.height) as f64 / 1000.0;
    root.fill(&WHITE).map_err(err)?;
    let ink = RGBColor(40, 36, 32);
    let (w, h) = (o.width as i32, o.height as i32);
    let title = ("sans-serif", 34.0 * u, FontStyle::Bold).into_font().color(&ink);
    root.draw(&Text::new(
        o.title.clone(),
        ((24.0 * u) as i32, (20.0 * u) as i32),
        title,
    ))
    .map_err(err)?;
    let foot = ("sans-serif", 13.0 * u)
        .into_font()
        .color(&RGBColor(110, 104, 96))
        .pos(Pos::new(HPos::Left, VPos::Bottom));
    root.draw(&Text::new(
        o.source.clone(),
        ((24.0 * u) as i32, h - (14.0 * u) as i32),
        foot,
    ))
    .map_err(err)?;
    let body = root.margin(
        (80.0 * u) as i32,
        (50.0 * u) as i32,
        (24.0 * u) as i32,
        (30.0 * u) as i32,
    );
    if data.is_empty() {
        let s = ("sans-serif", 24.0 * u)
            .into_font()
            .color(&ink)
            .pos(Pos::new(HPos::Center, VPos::Center));
        body.draw(&Text::new(
            "No incidents",
            (w / 2 - (24.0 * u) as i32, h / 2 - (80.0 * u) as i32),
            s,
        ))
        .map_err(err)?;
        return root.present().map_err(err);
    }
    let v_max = data.iter().map(|d| d.1).fold(0.0, f64::max).max(1.0) * 1.08;
    let n = data.len();
    // plotters' segmented axis over 0..=k has k + 1 slots; a single bar over one
    // slot would be degenerate, so it takes the middle one of three.
    let (slots, off) = if n == 1 { (2, 1) } else { (n - 1, 0) };
    let value_desc = match o.measure {
        Measure::Incidents => "Incidents (count)",
        Measure::Fatalities => "Fatalities (people killed)",
    };
    let labels: Vec<String> = data.iter().map(|d| d.0.clone()).collect();
    // Counts are whole numbers: ticks only at integers (no "0, 0, 0, 1, 1" when the largest bar is 1).
    let value_ticks = (v_max.floor() as usize + 1).clamp(2, 10);
    let value_fmt = |v: &f64| {
        if (v - v.round()).abs() > 1e-6 {
            String::new()
        } else {
            format!("{v:.0}")
        }
    };
    let text = |size: f64| ("sans-serif", size * u).into_font().color(&ink);
    let bar = RGBColor(213, 94, 0);
    let gap = (2.0 * u).max(1.0) as u32;
    if o.by == GroupBy::Month {
        // Vertical bars along time; month labels stay horizontal, every step-th one.
        let plot_w = (o.width as f64 - 150.0 * u).max(100.0);
        let step = ((n as f64 * 75.0 * u) / plot_w).ceil().max(1.0) as usize;
        let fmt = |v: &SegmentValue<usize>| match v {
            SegmentValue::CenterOf(i) if (off..n + off).contains(i) && (i - off) % step == 0 => {
                labels[*i - off].clone()
            }
            _ => String::new(),
        };
        let mut chart = ChartBuilder::on(&body)
            .x_label_area_size((60.0 * u) as i32)
            .y_label_area_size((80.0 * u) as i32)
            .build_cartesian_2d((0..slots).into_segmented(), 0f64..v_max)
            .map_err(err)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(slots + 1)
            .x_label_formatter(&fmt)
            .x_label_style(text(14.0))
            .y_label_style(text(14.0))
            .y_labels(value_ticks)
            .y_label_formatter(&value_fmt)
            .x_desc("Month")
            .y_desc(value_desc)
            .axis_desc_style(text(17.0))
            .light_line_style(TRANSPARENT)
            .bold_line_style(RGBColor(225, 221, 214))
            .draw()
            .map_err(err)?;
        chart
            .draw_series(data.iter().enumerate().map(|(i, (_, v))| {
                let mut r = Rectangle::new(
                    [
                        (SegmentValue::Exact(i + off), 0.0),
                        (SegmentValue::Exact(i + off + 1), *v),
                    ],
                    bar.filled(),
                );
                r.set_margin(0, 0, gap, gap);
                r
            }))
            .map_err(err)?;
    } else {
        // Horizontal bars for categories, largest at the top, names read normally.
        let longest = labels.iter().map(|l| l.chars().count()).max().unwrap_or(4) as f64;
        let fmt = |v: &SegmentValue<usize>| match v {
            SegmentValue::CenterOf(i) if (off..n + off).contains(i) => labels[n - 1 - (*i - off)].clone(),
            _ => String::new(),
        };
        let mut chart = ChartBuilder::on(&body)
            .x_label_area_size((60.0 * u) as i32)
            .y_label_area_size(((longest * 8.5 + 30.0) * u).min(o.width as f64 * 0.4) as i32)
            .build_cartesian_2d(0f64..v_max, (0..slots).into_segmented())
            .map_err(err)?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(slots + 1)
            .y_label_formatter(&fmt)
            .y_label_style(text(14.0))
            .x_label_style(text(14.0))
            .x_labels(value_ticks)
            .x_label_formatter(&value_fmt)
            .x_desc(value_desc)
            .y_desc(if o.by == GroupBy::District {
                "District"
            } else {
                "Event type"
            })
            .axis_desc_style(text(17.0))
            .light_line_style(TRANSPARENT)
            .bold_line_style(RGBColor(225, 221, 214))
            .draw()
            .map_err(err)?;
        chart
            .draw_series(data.iter().enumerate().map(|(i, (_, v))| {
                let k = n - 1 - i + off;
                let mut r = Rectangle::new(
                    [(0.0, SegmentValue::Exact(k)), (*v, SegmentValue::Exact(k + 1))],
                    bar.filled(),
                );
                r.set_margin(gap, gap, 0, 0);
                r
            }))
            .map_err(err)?;
    }
    root.present().map_err(err)
}

/// Renders a PNG.
pub fn render_png(o: &ChartOptions, data: &[(String, f64)]) -> Result<Vec<u8>> {
    crate::output::map::check_size("chart", o.width, o.height)?;
    let mut buf = vec![0u8; o.width as usize * o.height as usize * 3];
    {
        let root = BitMapBackend::with_buffer(&mut buf, (o.width, o.height)).into_drawing_area();
        draw(&root, o, data)?;
    }
    crate::output::map::encode_png(&buf, o.width, o.height)
}

/// Renders an SVG.
pub fn render_svg(o: &ChartOptions, data: &[(String, f64)]) -> Result<String> {
    crate::output::map::check_size("chart", o.width, o.height)?;
    let mut s = String::new();
    {
        let root = SVGBackend::with_string(&mut s, (o.width, o.height)).into_drawing_area();
        draw(&root, o, data)?;
    }
    Ok(s)
}
