//! Checks of a boundary file that do not stop a count but change what it
//! means: rings that cross themselves, and districts that overlap.
//!
//! - A ring is invalid (OGC simple features) when two of its segments cross,
//!   overlap, or touch anywhere but at the vertex they share, and when rings
//!   of one polygon cross. Found with geo's Bentley–Ottmann sweep
//!   ([`geo::sweep::Intersections`]).
//! - Two districts overlap when a vertex, an edge midpoint or an interior
//!   point of one lies strictly inside the other. Shared borders (the same
//!   edges in both polygons, as in OSM and most official sets) are not
//!   overlaps: their points are on both boundaries, inside neither. For each
//!   overlapping pair the overlap's area is measured with geo's boolean
//!   intersection.

use std::collections::{BTreeMap, HashMap};

use geo::sweep::{Cross, Intersections, LineOrPoint};
use geo::{
    BooleanOps, ChamberlainDuquetteArea, Coord, InteriorPoint, Line, LineIntersection, MultiPolygon, Polygon,
    RemoveRepeatedPoints,
};

use super::index::PolygonIndex;

/// A segment of a polygon's ring, numbered for adjacency tests.
#[derive(Debug, Clone)]
struct Segment {
    line: Line<f64>,
    ring: usize,
    index: usize,
    ring_len: usize,
}

impl Cross for Segment {
    type Scalar = f64;
    fn line(&self) -> LineOrPoint<f64> {
        self.line.into()
    }
}

fn adjacent(a: &Segment, b: &Segment) -> bool {
    a.ring == b.ring
        && (a.index.abs_diff(b.index) == 1
            || (a.index == 0 && b.index + 1 == b.ring_len)
            || (b.index == 0 && a.index + 1 == a.ring_len))
}

/// Where a polygon's rings cross or touch themselves or each other, if they do.
///
/// ```
/// use geo::polygon;
/// use incident_mapper::boundaries::validate::self_intersection;
/// let square = polygon![(x: 0., y: 0.), (x: 1., y: 0.), (x: 1., y: 1.), (x: 0., y: 1.)];
/// assert_eq!(self_intersection(&square), None);
/// let bowtie = polygon![(x: 0., y: 0.), (x: 1., y: 1.), (x: 1., y: 0.), (x: 0., y: 1.)];
/// let at = self_intersection(&bowtie).unwrap();
/// assert_eq!((at.x, at.y), (0.5, 0.5));
/// ```
pub fn self_intersection(p: &Polygon<f64>) -> Option<Coord<f64>> {
    let p = p.remove_repeated_points();
    let mut segments = Vec::new();
    for (ring, ls) in std::iter::once(p.exterior()).chain(p.interiors()).enumerate() {
        let n = ls.0.len().saturating_sub(1);
        for (index, w) in ls.0.windows(2).enumerate() {
            segments.push(Segment {
                line: Line::new(w[0], w[1]),
                ring,
                index,
                ring_len: n,
            });
        }
    }
    let found = std::panic::catch_unwind(move || {
        for (a, b, x) in Intersections::from_iter(segments) {
            match x {
                LineIntersection::SinglePoint {
                    intersection,
                    is_proper,
                } => {
                    if adjacent(&a, &b) {
                        continue;
                    }
                    // Rings of one polygon may touch at a point; a ring may not touch itself.
                    if a.ring != b.ring && !is_proper {
                        continue;
                    }
                    return Some(intersection);
                }
                LineIntersection::Collinear { intersection } => return Some(intersection.start),
            }
        }
        None
    });
    found.unwrap_or(None)
}

/// Two districts that overlap, by index, with a point of the overlap and its area.
#[derive(Debug, Clone, PartialEq)]
pub struct Overlap {
    pub first: usize,
    pub second: usize,
    pub at: Coord<f64>,
    /// Square kilometres, when geo's boolean intersection could measure it.
    pub area_km2: Option<f64>,
}

/// Pairs of regions whose interiors overlap, first index first, in file order.
pub fn overlaps(geometries: &[&MultiPolygon<f64>], index: &PolygonIndex) -> Vec<Overlap> {
    let midpoint = |w: &[Coord<f64>]| Coord {
        x: (w[0].x + w[1].x) / 2.0,
        y: (w[0].y + w[1].y) / 2.0,
    };
    fn rings(g: &MultiPolygon<f64>) -> impl Iterator<Item = &[Coord<f64>]> {
        g.0.iter()
            .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
            .map(|r| r.0.as_slice())
    }
    // How many regions have each vertex and each edge midpoint (bit for
    // bit). A point two regions share is on both boundaries: probing it
    // cannot find an overlap of those two, and skipping it saves most of the
    // work on clean files, whose neighbours share every border vertex. A
    // computed midpoint is rarely exactly on its edge, so a shared edge is
    // recognised by its midpoint, never probed.
    let key = |c: Coord<f64>, mid: bool| (c.x.to_bits(), c.y.to_bits(), mid);
    let mut shared: HashMap<(u64, u64, bool), (usize, u32)> = HashMap::new();
    for (r, g) in geometries.iter().enumerate() {
        for ring in rings(g) {
            for w in ring.windows(2) {
                for k in [key(w[0], false), key(midpoint(w), true)] {
                    let e = shared.entry(k).or_insert((r, 0));
                    if e.1 == 0 || e.0 != r {
                        *e = (r, e.1 + 1);
                    }
                }
            }
        }
    }
    let mut found: BTreeMap<(usize, usize), Coord<f64>> = BTreeMap::new();
    let mut cands = Vec::new();
    for (b, g) in geometries.iter().enumerate() {
        // Vertices and edge midpoints, and one interior point: a copy of a
        // region shares all its vertices with it, but not its inside.
        let probes = rings(g)
            .flat_map(|ring| ring.windows(2))
            .flat_map(|w| [(w[0], false), (midpoint(w), true)])
            .filter(|&(c, mid)| shared.get(&key(c, mid)).is_none_or(|e| e.1 < 2))
            .chain(g.interior_point().map(|p| (p.0, false)));
        for (c, _) in probes {
            index.candidates(c.x, c.y, &mut cands);
            for &(a, inside) in &cands {
                if inside && a != b {
                    found.entry((a.min(b), a.max(b))).or_insert(c);
                }
            }
        }
    }
    found
        .into_iter()
        .map(|((first, second), at)| {
            let (g1, g2) = ((*geometries[first]).clone(), (*geometries[second]).clone());
            let area_km2 = std::panic::catch_unwind(move || g1.intersection(&g2).chamberlain_duquette_unsigned_area())
                .ok()
                .map(|m2| m2 / 1e6);
            Overlap {
                first,
                second,
                at,
                area_km2,
            }
        })
        .collect()
}
