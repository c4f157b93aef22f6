//! A point-in-polygon index over many polygons.
//!
//! Two levels, like GEOS's prepared geometries:
//! - an R-tree (rstar) over the bounding boxes of every polygon part, so a
//!   lookup only considers the few parts around the point;
//! - inside each part, its ring edges bucketed into horizontal slabs, so the
//!   crossing-number test (a ray from the point towards +x) looks at the
//!   handful of edges in the point's slab instead of all of a district's
//!   thousands.
//!
//! Orientation tests use geo's robust predicates ([`geo::Kernel::orient2d`],
//! Shewchuk's adaptive arithmetic), so a point exactly on an edge or a vertex
//! is reported as on the boundary, never as inside or outside by rounding;
//! the answer is the same as geo's `Contains`/`Intersects` (tests check it).

use geo::{BoundingRect, Coord, GeoNum, Kernel, MultiPolygon, Orientation, Polygon};
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{RTree, AABB};

/// Where a point lies relative to a polygon.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Position {
    Inside,
    OnBoundary,
    Outside,
}

/// One polygon (exterior and holes) with its edges bucketed by slab.
#[derive(Debug)]
pub struct SlabPolygon {
    min: Coord<f64>,
    max: Coord<f64>,
    slab_height: f64,
    /// Edges of slab `k` are `edges[offsets[k]..offsets[k + 1]]`.
    offsets: Vec<u32>,
    edges: Vec<[Coord<f64>; 2]>,
}

impl SlabPolygon {
    /// Buckets the rings' edges into about one slab per two edges.
    pub fn new(p: &Polygon<f64>) -> Self {
        let rings: Vec<&geo::LineString<f64>> = std::iter::once(p.exterior()).chain(p.interiors()).collect();
        let all: Vec<[Coord<f64>; 2]> = rings
            .iter()
            .flat_map(|r| r.0.windows(2).map(|w| [w[0], w[1]]))
            .filter(|[a, b]| a != b)
            .collect();
        let (min, max) = match p.bounding_rect() {
            Some(r) => (r.min(), r.max()),
            None => (Coord { x: 0.0, y: 0.0 }, Coord { x: -1.0, y: -1.0 }),
        };
        let n = (all.len() / 2).clamp(1, 1 << 16);
        let height = (max.y - min.y) / n as f64;
        let slab_height = if height > 0.0 { height } else { 1.0 };
        let slab = |y: f64| (((y - min.y) / slab_height) as usize).min(n - 1);
        let mut counts = vec![0u32; n + 1];
        for [a, b] in &all {
            for k in slab(a.y.min(b.y))..=slab(a.y.max(b.y)) {
                counts[k + 1] += 1;
            }
        }
        for k in 0..n {
            counts[k + 1] += counts[k];
        }
        let mut fill = counts.clone();
        let mut edges = vec![[Coord { x: 0.0, y: 0.0 }; 2]; counts[n] as usize];
        for e @ [a, b] in &all {
            for k in slab(a.y.min(b.y))..=slab(a.y.max(b.y)) {
                edges[fill[k] as usize] = *e;
                fill[k] += 1;
            }
        }
        SlabPolygon {
            min,
            max,
            slab_height,
            offsets: counts,
            edges,
        }
    }

    /// Where `p` lies: the crossing number of a ray towards +x, with points on an edge reported as such.
    ///
    /// ```
    /// use geo::polygon;
    /// use incident_mapper::boundaries::index::{Position, SlabPolygon};
    /// let square = SlabPolygon::new(&polygon![(x: 0., y: 0.), (x: 2., y: 0.), (x: 2., y: 2.), (x: 0., y: 2.)]);
    /// assert_eq!(square.position(geo::coord! { x: 1., y: 1. }), Position::Inside);
    /// assert_eq!(square.position(geo::coord! { x: 2., y: 1. }), Position::OnBoundary);
    /// assert_eq!(square.position(geo::coord! { x: 0., y: 0. }), Position::OnBoundary);
    /// assert_eq!(square.position(geo::coord! { x: 3., y: 1. }), Position::Outside);
    /// ```
    pub fn position(&self, p: Coord<f64>) -> Position {
        if p.x < self.min.x || p.x > self.max.x || p.y < self.min.y || p.y > self.max.y {
            return Position::Outside;
        }
        let n = self.offsets.len() - 1;
        let k = (((p.y - self.min.y) / self.slab_height) as usize).min(n - 1);
        let mut inside = false;
        for &[a, b] in &self.edges[self.offsets[k] as usize..self.offsets[k + 1] as usize] {
            let (lo, hi) = if a.y <= b.y { (a.y, b.y) } else { (b.y, a.y) };
            if p.y < lo || p.y > hi {
                continue;
            }
            // Only the edge's x-range matters from here; an edge wholly left of p cannot cross the ray.
            if p.x > a.x.max(b.x) {
                continue;
            }
            let o = <f64 as GeoNum>::Ker::orient2d(a, b, p);
            if o == Orientation::Collinear {
                if p.x >= a.x.min(b.x) {
                    return Position::OnBoundary;
                }
                continue;
            }
            // Half-open rule: the edge counts when it straddles p.y with one end strictly above.
            if (a.y > p.y) != (b.y > p.y) {
                let upward = b.y > a.y;
                let left_of_edge = o == Orientation::CounterClockwise;
                if upward == left_of_edge {
                    inside = !inside;
                }
            }
        }
        if inside {
            Position::Inside
        } else {
            Position::Outside
        }
    }
}

/// The index: regions are numbered in the order given to [`PolygonIndex::new`].
pub struct PolygonIndex {
    parts: Vec<(usize, SlabPolygon)>,
    tree: RTree<GeomWithData<Rectangle<[f64; 2]>, usize>>,
}

impl std::fmt::Debug for PolygonIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PolygonIndex")
            .field("parts", &self.parts.len())
            .finish()
    }
}

impl PolygonIndex {
    /// Indexes every part of every region.
    pub fn new<'a>(regions: impl IntoIterator<Item = &'a MultiPolygon<f64>>) -> Self {
        let parts: Vec<(usize, SlabPolygon)> = regions
            .into_iter()
            .enumerate()
            .flat_map(|(i, mp)| mp.0.iter().map(move |p| (i, SlabPolygon::new(p))))
            .collect();
        let entries = parts
            .iter()
            .enumerate()
            .map(|(k, (_, s))| GeomWithData::new(Rectangle::from_corners([s.min.x, s.min.y], [s.max.x, s.max.y]), k))
            .collect();
        PolygonIndex {
            parts,
            tree: RTree::bulk_load(entries),
        }
    }

    /// The regions whose interior (`true`) or boundary (`false`) holds the
    /// point, without repeats, written into `out` (cleared first).
    pub fn candidates(&self, lon: f64, lat: f64, out: &mut Vec<(usize, bool)>) {
        out.clear();
        let c = Coord { x: lon, y: lat };
        for e in self.tree.locate_in_envelope_intersecting(&AABB::from_point([lon, lat])) {
            let (region, part) = &self.parts[e.data];
            let inside = match part.position(c) {
                Position::Outside => continue,
                Position::Inside => true,
                Position::OnBoundary => false,
            };
            match out.iter_mut().find(|(r, _)| r == region) {
                // Two parts of one region touching at the point: inside either is inside.
                Some(slot) => slot.1 |= inside,
                None => out.push((*region, inside)),
            }
        }
    }
}
