//! Filled incident symbols drawn straight into an RGB canvas: the same
//! pixels as plotters' circle rasteriser and bitmap blending (spans, then
//! anti-aliased edge pixels, each blended with plotters' integer formulas),
//! without a call through the drawing backend per pixel — a map of 100,000
//! incidents spends most of its drawing time here. Rings (hollow symbols)
//! are left to plotters.

use plotters::style::RGBColor;

use super::layers::Symbol;

/// An RGB canvas, 3 bytes a pixel, row after row.
pub struct Canvas<'a> {
    buf: &'a mut [u8],
    w: i32,
    h: i32,
}

/// plotters-bitmap's scalar blend of one channel (`a` in 256ths).
#[inline]
fn blend(prev: &mut u8, new: u8, a: u64) {
    if new > *prev {
        *prev += (u64::from(new - *prev) * a / 256) as u8
    } else {
        *prev -= (u64::from(*prev - new) * a / 256) as u8
    }
}

impl<'a> Canvas<'a> {
    pub fn new(buf: &'a mut [u8], w: u32, h: u32) -> Self {
        Canvas {
            buf,
            w: w as i32,
            h: h as i32,
        }
    }

    /// One pixel at opacity `alpha` (plotters-bitmap's `draw_pixel`).
    #[inline]
    fn pixel(&mut self, (x, y): (i32, i32), c: RGBColor, alpha: f64) {
        if x < 0 || y < 0 || x >= self.w || y >= self.h {
            return;
        }
        let base = (y as usize * self.w as usize + x as usize) * 3;
        let px = &mut self.buf[base..base + 3];
        if alpha >= 1.0 - 1.0 / 256.0 {
            px.copy_from_slice(&[c.0, c.1, c.2]);
        } else {
            if alpha <= 0.0 {
                return;
            }
            let a = (alpha * 256.0) as u64; // the floor: α > 0 (NaN gives 0, as floor's does)
            blend(&mut px[0], c.0, a);
            blend(&mut px[1], c.1, a);
            blend(&mut px[2], c.2, a);
        }
    }

    /// The rectangle between two corners (the far ones excluded) at opacity
    /// `alpha` < 1 (plotters-bitmap's `blend_rect_fast`: whole groups of 8
    /// pixels of a row blended as (old × (256 − a) + new × a) / 256, the rest
    /// with the scalar blend).
    fn blend_rect(&mut self, ul: (i32, i32), br: (i32, i32), c: RGBColor, alpha: f64) {
        let alpha = alpha.clamp(0.0, 1.0);
        if alpha == 0.0 {
            return;
        }
        let (x0, y0) = (ul.0.min(br.0).max(0), ul.1.min(br.1).max(0));
        let (x1, y1) = (ul.0.max(br.0).min(self.w), ul.1.max(br.1).min(self.h));
        if x0 >= x1 || y0 >= y1 {
            return;
        }
        // floor(256 α): α > 0, so the cast (which truncates) is the floor.
        let a = (256.0 * alpha) as u64;
        let (keep, ca) = (
            256 - a as u32,
            [
                u32::from(c.0) * a as u32,
                u32::from(c.1) * a as u32,
                u32::from(c.2) * a as u32,
            ],
        );
        let count = (x1 - x0) as usize;
        let grouped = (count - 1) / 8 * 8;
        for y in y0..y1 {
            let start = (y as usize * self.w as usize + x0 as usize) * 3;
            let row = &mut self.buf[start..start + count * 3];
            let (head, tail) = row.split_at_mut(grouped * 3);
            for px in head.chunks_exact_mut(3) {
                px[0] = ((u32::from(px[0]) * keep + ca[0]) >> 8) as u8;
                px[1] = ((u32::from(px[1]) * keep + ca[1]) >> 8) as u8;
                px[2] = ((u32::from(px[2]) * keep + ca[2]) >> 8) as u8;
            }
            for px in tail.chunks_exact_mut(3) {
                blend(&mut px[0], c.0, a);
                blend(&mut px[1], c.1, a);
                blend(&mut px[2], c.2, a);
            }
        }
    }

    /// An axis-parallel line, both ends included, at opacity `alpha` < 1
    /// (plotters-bitmap's `draw_line` for a one-pixel stroke).
    fn line(&mut self, from: (i32, i32), to: (i32, i32), c: RGBColor, alpha: f64) {
        self.blend_rect(from, (to.0 + 1, to.1 + 1), c, alpha);
    }

    /// A circle as plotters-backend's `draw_circle` draws it with a
    /// one-pixel stroke: filled (spans) or not (edge pixels), then its
    /// anti-aliased rim.
    fn circle(&mut self, center: (i32, i32), radius: u32, c: RGBColor, alpha: f64, fill: bool) {
        if alpha == 0.0 {
            return;
        }
        let min = (f64::from(radius) * (1.0 - (2f64).sqrt() / 2.0)).ceil() as i32;
        let max = (f64::from(radius) * (1.0 + (2f64).sqrt() / 2.0)).floor() as i32;
        let (up, down) = (min + center.1 - radius as i32, max + center.1 - radius as i32);
        for dy in min..=max {
            let dy = dy - radius as i32;
            let y = center.1 + dy;
            let lx = (f64::from(radius) * f64::from(radius) - (f64::from(dy) * f64::from(dy)).max(1e-5)).sqrt();
            // lx ≥ 0 (or NaN): truncation is its floor, and NaN gives 0 either way.
            let fl = lx as i32;
            let left = center.0 - fl;
            let right = center.0 + fl;
            let v = if lx.is_nan() { lx } else { lx - f64::from(fl) };
            let x = center.0 + dy;
            let top = center.1 - fl;
            let bottom = center.1 + fl;
            if fill {
                self.line((left, y), (right, y), c, alpha);
                self.line((x, top), (x, up - 1), c, alpha);
                self.line((x, down + 1), (x, bottom), c, alpha);
            } else {
                self.pixel((left, y), c, alpha * (1.0 - v));
                self.pixel((right, y), c, alpha * (1.0 - v));
                self.pixel((x, top), c, alpha * (1.0 - v));
                self.pixel((x, bottom), c, alpha * (1.0 - v));
            }
            self.pixel((left - 1, y), c, alpha * v);
            self.pixel((right + 1, y), c, alpha * v);
            self.pixel((x, top - 1), c, alpha * v);
            self.pixel((x, bottom + 1), c, alpha * v);
        }
    }

    /// Draws `pts` in order as [`super::layers::draw_symbols`] draws a
    /// filled symbol: a disc at 55 % opacity, its outline at 90 %. False,
    /// drawing nothing, when a symbol is hollow (a ring: plotters draws those).
    pub fn filled_symbols(&mut self, pts: &[Symbol]) -> bool {
        if pts.iter().any(|s| s.3) {
            return false;
        }
        for &(p, r, c, _) in pts {
            let r = (r.round() as i32).max(0) as u32;
            self.circle(p, r, c, 0.55, true);
            self.circle(p, r, c, 0.9, false);
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use plotters::prelude::*;

    /// The canvas's symbols are plotters' pixels, byte for byte: many radii
    /// (0 to 40), colours over a patterned background, overlaps. (Symbols
    /// that cross the canvas's edge are not compared: plotters' drawing area
    /// clamps their points onto the edge, the canvas clips them; on a map
    /// the margins painted afterwards cover both.)
    #[test]
    fn filled_symbols_are_plotters_pixels() {
        let (w, h) = (300u32, 220u32);
        let background: Vec<u8> = (0..w * h * 3).map(|i| (i * 7 % 251) as u8).collect();
        let colours = [
            RGBColor(213, 94, 0),
            RGBColor(0, 114, 178),
            RGBColor(0, 158, 115),
            RGBColor(0, 0, 0),
            RGBColor(255, 255, 255),
        ];
        let mut pts: Vec<Symbol> = Vec::new();
        let mut seed = 7u64;
        let mut next = |n: u64| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 33) % n
        };
        for k in 0..400 {
            let p = (next(w as u64 - 90) as i32 + 45, next(h as u64 - 90) as i32 + 45);
            let r = if k < 41 { k as f64 } else { next(400) as f64 / 10.0 };
            pts.push((p, r, colours[k % colours.len()], false));
        }
        let mut theirs = background.clone();
        {
            let root = BitMapBackend::with_buffer(&mut theirs, (w, h)).into_drawing_area();
            for &(p, r, c, _) in &pts {
                let r = r.round() as i32;
                root.draw(&Circle::new(p, r, c.mix(0.55).filled())).unwrap();
                root.draw(&Circle::new(
                    p,
                    r,
                    ShapeStyle {
                        color: c.mix(0.9),
                        filled: false,
                        stroke_width: 1,
                    },
                ))
                .unwrap();
            }
            root.present().unwrap();
        }
        let mut ours = background.clone();
        assert!(Canvas::new(&mut ours, w, h).filled_symbols(&pts));
        assert_ne!(ours, background);
        let differ = ours.iter().zip(&theirs).filter(|(a, b)| a != b).count();
        assert_eq!(differ, 0, "{differ} bytes differ");
        // A ring among them: left to plotters.
        pts.push(((10, 10), 5.0, colours[0], true));
        let mut untouched = background.clone();
        assert!(!Canvas::new(&mut untouched, w, h).filled_symbols(&pts));
        assert_eq!(untouched, background);
    }
}
