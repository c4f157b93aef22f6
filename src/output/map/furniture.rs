//! The map's furniture, each piece drawing itself around the frame: the
//! margins, north arrow, scale bar, title, legend, inset locator and footer.

use geo::BoundingRect;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::basemap;
use super::layers::Choropleth;
use super::projection::TransverseMercator;
use super::render::{
    clip_rings, err, hatch, text_style, thousands, Frame, MapReport, Page, Style, INK, LAND_OTHER, LAND_PK, LINE,
    MUTED, SEA,
};
use super::style::{nice, radius, SizeBy, Symbology, PALETTE, ZERO};
use crate::error::Result;
use crate::model::LocatedIncident;

/// Paints the margins over anything drawn past the frame, and frames it.
pub fn clip_margins<DB: DrawingBackend>(page: &Page<DB>) -> Result<()> {
    let Page {
        root, w, h, ref frame, ..
    } = *page;
    let (fx, fy, fw, fh) = (frame.x0, frame.y0, frame.w, frame.h);
    for r in [(0, 0, w, fy), (0, fy + fh, w, h), (0, 0, fx, h), (fx + fw, 0, w, h)] {
        root.draw(&Rectangle::new([(r.0, r.1), (r.2, r.3)], WHITE.filled()))
            .map_err(err)?;
    }
    root.draw(&Rectangle::new([(fx, fy), (fx + fw, fy + fh)], INK.stroke_width(1)))
        .map_err(err)?;

    Ok(())
}

/// North arrow (top right of the frame): north is up on the central meridian.
pub fn north_arrow<DB: DrawingBackend>(page: &Page<DB>) -> Result<()> {
    let Page { root, u, ref frame, .. } = *page;
    let (fx, fy, fw) = (frame.x0, frame.y0, frame.w);
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

    Ok(())
}

/// Scale bar (bottom left): true on the central meridian (the projection is conformal).
pub fn scale_bar<DB: DrawingBackend>(page: &Page<DB>) -> Result<()> {
    let Page { root, u, ref frame, .. } = *page;
    let (fx, fy, fw, fh) = (frame.x0, frame.y0, frame.w, frame.h);
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

    Ok(())
}

/// Title, and a subtitle with the number shown, the dates, what was not drawn.
pub fn title<DB: DrawingBackend>(page: &Page<DB>, incidents: &[LocatedIncident], report: &MapReport) -> Result<()> {
    let Page { root, opts, u, m, .. } = *page;
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

    Ok(())
}

/// The legend panel beside the frame: classes, event types, symbol sizes,
/// location precision, district boundary.
pub fn legend<DB: DrawingBackend>(
    page: &Page<DB>,
    choro: Option<&Choropleth>,
    sym: &Symbology,
    report: &MapReport,
    districts: bool,
) -> Result<()> {
    let Page {
        root,
        opts,
        u,
        m,
        w,
        panel_w,
        ref frame,
        ..
    } = *page;
    let (types, colored, f_ref) = (&sym.types, &sym.colored, sym.f_ref);
    let r_ref = sym.r_ref(u);
    let fy = frame.y0;
    let lx = w - m - panel_w;
    let mut ly = fy;
    let head = text_style(17.0 * u, INK, Pos::new(HPos::Left, VPos::Top), true);
    let body = text_style(14.0 * u, INK, Pos::new(HPos::Left, VPos::Center), false);
    let line_h = (26.0 * u) as i32;
    if let Some(Choropleth {
        bounds,
        colours,
        any_zero,
        any_missing,
    }) = choro
    {
        let title: &[&str] = if opts.populations.is_some() {
            &["Incidents per 100,000", "people (2023 census)"]
        } else {
            &["Incidents per district"]
        };
        for (k, line) in title.iter().enumerate() {
            root.draw(&Text::new(*line, (lx, ly), head.clone())).map_err(err)?;
            ly += if k + 1 < title.len() {
                (22.0 * u) as i32
            } else {
                (30.0 * u) as i32
            };
        }
        let sw = (22.0 * u) as i32;
        let rate = opts.populations.is_some();
        let decimals = super::style::rate_decimals(bounds);
        let fmt = |x: f64| {
            if rate {
                format!("{x:.decimals$}")
            } else {
                format!("{x:.0}")
            }
        };
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
    if districts {
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

    Ok(())
}

/// Inset locator: Pakistan with the province highlighted, under the legend.
pub fn inset<DB: DrawingBackend>(page: &Page<DB>) -> Result<()> {
    let Page {
        root,
        opts,
        u,
        m,
        w,
        panel_w,
        ref frame,
        ref units,
        ..
    } = *page;
    let (fy, fh) = (frame.y0, frame.h);
    let lx = w - m - panel_w;
    let provinces = basemap::provinces();
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

    Ok(())
}

/// Footer: sources, licences, projection, date.
pub fn footer<DB: DrawingBackend>(page: &Page<DB>) -> Result<()> {
    let Page {
        root,
        opts,
        u,
        m,
        w,
        h,
        footer_h,
        ref frame,
        ..
    } = *page;
    let tm = frame.tm;
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
    Ok(())
}
