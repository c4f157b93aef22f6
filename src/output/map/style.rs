//! The one style of the PNG/SVG map and the HTML map: event-type colours,
//! symbol sizes, choropleth classes and colours. Both read it, so a symbol
//! means the same on paper and on screen.

use plotters::style::RGBColor;

use super::classify::{breaks, Breaks};
use crate::model::LocatedIncident;

/// The colour-blind-safe Okabe–Ito palette, for event types; the last
/// colour is for "other" (types beyond the sixth most frequent).
pub const PALETTE: [RGBColor; 7] = [
    RGBColor(213, 94, 0),
    RGBColor(0, 114, 178),
    RGBColor(0, 158, 115),
    RGBColor(230, 159, 0),
    RGBColor(204, 121, 167),
    RGBColor(86, 180, 233),
    RGBColor(40, 40, 40),
];

/// ColorBrewer's OrRd sequential ramps (Brewer, Harrower 2003): it reads in
/// greyscale, and single-hued, so colour-blind readers see the order. Ramps
/// for 5, 6 and 7 classes; fewer classes take the first of 5.
pub const ORRD: [&[(u8, u8, u8)]; 3] = [
    &[
        (254, 240, 217),
        (253, 204, 138),
        (252, 141, 89),
        (227, 74, 51),
        (179, 0, 0),
    ],
    &[
        (254, 240, 217),
        (253, 212, 158),
        (253, 187, 132),
        (252, 141, 89),
        (227, 74, 51),
        (179, 0, 0),
    ],
    &[
        (254, 240, 217),
        (253, 212, 158),
        (253, 187, 132),
        (252, 141, 89),
        (239, 101, 72),
        (215, 48, 31),
        (153, 0, 0),
    ],
];

/// The colour of districts with no incidents: neutral, unlike any class.
pub const ZERO: RGBColor = RGBColor(232, 232, 232);

/// How symbols are sized.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SizeBy {
    /// Area proportional to fatalities.
    Fatalities,
    /// One size for all.
    Count,
}

/// The fill colours for `n` classes.
pub fn ramp(n: usize) -> Vec<RGBColor> {
    let r: &[(u8, u8, u8)] = match n {
        0..=5 => ORRD[0],
        6 => ORRD[1],
        _ => ORRD[2],
    };
    let take: Vec<usize> = match n {
        0 => vec![],
        1 => vec![2],
        2 => vec![1, 3],
        3 => vec![0, 2, 4],
        4 => vec![0, 1, 3, 4],
        _ => (0..r.len()).collect(),
    };
    take.into_iter().map(|i| RGBColor(r[i].0, r[i].1, r[i].2)).collect()
}

/// `#rrggbb`, for the HTML map.
pub fn hex(c: RGBColor) -> String {
    format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
}

/// The radius in pixels of a symbol for `f` fatalities, area proportional to `f`.
pub fn radius(by: SizeBy, f: Option<f64>, r_ref: f64, f_ref: f64) -> f64 {
    match by {
        SizeBy::Count => r_ref * 0.3,
        SizeBy::Fatalities => (r_ref * (f.unwrap_or(0.0).max(0.0) / f_ref).sqrt()).max(min_radius(r_ref)),
    }
}

/// The smallest symbol (0 or unknown fatalities).
pub fn min_radius(r_ref: f64) -> f64 {
    (r_ref * 0.16).max(2.5)
}

/// A "nice" round number (1, 2 or 5 × 10^k) not above `x`.
pub fn nice(x: f64) -> f64 {
    let p = 10f64.powf(x.log10().floor());
    [5.0, 2.0, 1.0]
        .into_iter()
        .map(|m| m * p)
        .find(|v| *v <= x)
        .unwrap_or(p)
}

/// The symbols of a set of incidents: which event types get a colour, and
/// the reference size.
#[derive(Debug, Clone)]
pub struct Symbology {
    /// Event types and their incidents, most frequent first ("" = not given).
    pub types: Vec<(String, usize)>,
    /// The types with a colour of their own (the first six); the rest share the last.
    pub colored: Vec<String>,
    /// The fatalities of the largest legend symbol (a nice number ≥ 10).
    pub f_ref: f64,
    /// Incidents with a point.
    pub located: usize,
}

impl Symbology {
    pub fn new(incidents: &[LocatedIncident]) -> Self {
        let mut types: Vec<(String, usize)> = Vec::new();
        for i in incidents {
            let t = i.event_type.as_deref().unwrap_or_default();
            match types.iter_mut().find(|(x, _)| x == t) {
                Some(e) => e.1 += 1,
                None => types.push((t.to_string(), 1)),
            }
        }
        types.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let colored = types.iter().take(PALETTE.len() - 1).map(|t| t.0.clone()).collect();
        let f_max = incidents.iter().filter_map(|i| i.fatalities).fold(0.0, f64::max);
        Symbology {
            types,
            colored,
            f_ref: nice(f_max.max(10.0)).max(10.0),
            located: incidents.iter().filter(|i| i.lon.is_some() && i.lat.is_some()).count(),
        }
    }

    /// The palette index of an event type.
    pub fn color_index(&self, t: Option<&str>) -> usize {
        let t = t.unwrap_or_default();
        self.colored.iter().position(|x| x == t).unwrap_or(PALETTE.len() - 1)
    }

    pub fn color_of(&self, t: Option<&str>) -> RGBColor {
        PALETTE[self.color_index(t)]
    }

    /// The radius of the reference symbol (`f_ref` fatalities) for a map
    /// whose unit is `u` pixels: symbols shrink as incidents multiply, so
    /// that dense clusters stay legible — full size up to 200 incidents, a
    /// quarter from 3,200 on.
    pub fn r_ref(&self, u: f64) -> f64 {
        34.0 * u * (200.0 / self.located.max(1) as f64).sqrt().clamp(0.25, 1.0)
    }

    /// The fatalities the legend shows symbols for.
    pub fn legend_values(&self) -> [f64; 3] {
        [self.f_ref / 10.0, self.f_ref / 2.0, self.f_ref]
    }
}

/// Decimals that tell a rate choropleth's class bounds apart (the legend's
/// labels): enough for the narrowest class, from 1 to 4.
///
/// ```
/// use incident_mapper::output::map::style::rate_decimals;
/// assert_eq!(rate_decimals(&[2.5, 7.0, 12.0]), 1);
/// assert_eq!(rate_decimals(&[0.04, 0.09, 0.27]), 2);
/// assert_eq!(rate_decimals(&[]), 1);
/// ```
pub fn rate_decimals(bounds: &[f64]) -> usize {
    let mut narrowest = f64::INFINITY;
    let mut prev = 0.0;
    for &b in bounds {
        if b > prev {
            narrowest = narrowest.min(b - prev);
        }
        prev = b;
    }
    if !narrowest.is_finite() {
        return 1;
    }
    ((-narrowest.log10()).ceil() as i64).clamp(1, 4) as usize
}

/// Choropleth classes: upper bounds over the positive values, and a colour each.
pub fn classes(values: &[f64], k: usize, method: Breaks) -> (Vec<f64>, Vec<RGBColor>) {
    let bounds = breaks(values, k, method);
    let colours = ramp(bounds.len());
    (bounds, colours)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_lengths_are_round() {
        assert_eq!(nice(237.0), 200.0);
        assert_eq!(nice(73.0), 50.0);
        assert_eq!(nice(1.0), 1.0);
    }

    #[test]
    fn symbol_area_is_proportional_to_fatalities() {
        let r = |f: f64| radius(SizeBy::Fatalities, Some(f), 20.0, 10.0);
        assert!((r(40.0) / r(10.0) - 2.0).abs() < 1e-9);
        assert_eq!(r(0.0), min_radius(20.0));
    }

    #[test]
    fn the_six_most_frequent_types_get_colours() {
        let inc = |t: &str| LocatedIncident {
            event_type: Some(t.into()),
            lon: Some(66.0),
            lat: Some(30.0),
            ..Default::default()
        };
        let mut v: Vec<LocatedIncident> = Vec::new();
        for (k, t) in ["a", "b", "c", "d", "e", "f", "g"].iter().enumerate() {
            v.extend((0..=(7 - k)).map(|_| inc(t)));
        }
        let s = Symbology::new(&v);
        assert_eq!(s.color_of(Some("a")), PALETTE[0]);
        assert_eq!(s.color_of(Some("f")), PALETTE[5]);
        assert_eq!(s.color_of(Some("g")), PALETTE[6], "the seventh shares 'other'");
        assert_eq!(s.located, v.len());
    }
}
