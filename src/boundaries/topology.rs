//! Polygon layers as a topology of shared arcs, simplified without gaps.
//!
//! The method of TopoJSON and mapshaper: every ring of every layer is cut
//! at its *junctions* — vertices where the edge graph branches (three
//! districts meet, a district border meets the country's edge) — into
//! *arcs*. A border shared by two districts, or by a district and its
//! province, is one arc, stored once and referenced by both rings (reversed
//! in one of them). Simplifying each arc once (Douglas–Peucker, geo's
//! [`SimplifyIdx`], on a local metric projection) therefore moves both sides
//! of a border alike: neighbours stay neighbours, with no gap and no sliver.
//! Junctions are never moved.
//!
//! [`Topology::encode`] writes a compact, deterministic binary form (a JSON
//! header with the names and the rings' arc references, then the arcs as
//! zig-zag varint deltas on a 1e-5° grid, about 1.1 m); [`Topology::decode`]
//! reads it back into [`Layer`]s of multipolygons.
//!
//! ```
//! use incident_mapper::boundaries::topology::{Feature, Topology};
//! use geo::{polygon, MultiPolygon};
//! // Two squares sharing the edge x = 1.
//! let a = MultiPolygon(vec![polygon![(x: 0., y: 0.), (x: 1., y: 0.), (x: 1., y: 1.), (x: 0., y: 1.)]]);
//! let b = MultiPolygon(vec![polygon![(x: 1., y: 0.), (x: 2., y: 0.), (x: 2., y: 1.), (x: 1., y: 1.)]]);
//! let feature = |name: &str, g| Feature { name: name.into(), geometry: g, properties: Default::default() };
//! let t = Topology::build(&[("squares", vec![feature("A", a), feature("B", b)])], 10.0);
//! // The shared edge is one arc, the two outer edges two more.
//! assert_eq!(t.arc_count(), 3);
//! let layers = Topology::decode(&t.encode()).unwrap();
//! assert_eq!(layers[0].features[1].name, "B");
//! ```

use std::collections::HashMap;

use geo::{Coord, LineString, MultiPolygon, Polygon, SimplifyIdx};
use serde::{Deserialize, Serialize};

/// The grid the arcs are stored on: 1e-5 degree (about 1.1 m of latitude).
pub const SCALE: f64 = 1e5;
const MAGIC: &[u8; 8] = b"IMTOPO1\n";

/// One named polygon of a layer, with the properties kept beside its name.
#[derive(Debug, Clone)]
pub struct Feature {
    pub name: String,
    pub geometry: MultiPolygon<f64>,
    pub properties: serde_json::Map<String, serde_json::Value>,
}

/// A named set of features (`districts`, `provinces`).
#[derive(Debug, Clone)]
pub struct Layer {
    pub name: String,
    pub features: Vec<Feature>,
}

/// What simplification did, for the import's report.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Stats {
    /// Douglas–Peucker tolerance, metres.
    pub tolerance_m: f64,
    pub vertices_before: usize,
    pub vertices_after: usize,
    pub arcs: usize,
    /// Arcs simplified at a smaller tolerance so as not to cross another.
    pub repaired_arcs: usize,
    /// The farthest any original vertex lies from the simplified border, metres.
    pub max_displacement_m: f64,
}

/// A vertex on the storage grid: (x, y) in 1e-5 degrees.
type Q = (i32, i32);

/// A ring as a list of arc references: `k` is arc k forwards, `!k` (bitwise
/// not, as in TopoJSON) arc k backwards.
type Ring = Vec<i32>;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
struct HeaderFeature {
    name: String,
    #[serde(default, skip_serializing_if = "serde_json::Map::is_empty")]
    properties: serde_json::Map<String, serde_json::Value>,
    /// Polygons, each its exterior ring then its holes.
    polygons: Vec<Vec<Ring>>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
struct HeaderLayer {
    name: String,
    features: Vec<HeaderFeature>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
struct Header {
    licence: String,
    source: String,
    stats: Stats,
    layers: Vec<HeaderLayer>,
}

/// Shared arcs and the layers' rings made of them.
#[derive(Debug, Clone, PartialEq)]
pub struct Topology {
    header: Header,
    arcs: Vec<Vec<Q>>,
}

fn quantize(c: Coord<f64>) -> Q {
    ((c.x * SCALE).round() as i32, (c.y * SCALE).round() as i32)
}

fn coord(q: Q) -> Coord<f64> {
    Coord {
        x: q.0 as f64 / SCALE,
        y: q.1 as f64 / SCALE,
    }
}

/// A ring's vertices on the grid, consecutive repeats and the closing vertex dropped.
fn grid_ring(ls: &LineString<f64>) -> Vec<Q> {
    let mut v: Vec<Q> = Vec::with_capacity(ls.0.len());
    for c in &ls.0 {
        let q = quantize(*c);
        if v.last() != Some(&q) {
            v.push(q);
        }
    }
    while v.len() > 1 && v.first() == v.last() {
        v.pop();
    }
    v
}

/// Metres per degree of longitude and latitude around `lat` (a local
/// equirectangular projection, good to a fraction of a percent over a
/// district's extent).
fn metres_per_degree(lat: f64) -> (f64, f64) {
    let (a, e2) = (6_378_137.0f64, 0.006_694_379_990_14f64);
    let s = lat.to_radians().sin();
    let w = (1.0 - e2 * s * s).sqrt();
    let east = std::f64::consts::PI / 180.0 * a * lat.to_radians().cos() / w;
    let north = std::f64::consts::PI / 180.0 * a * (1.0 - e2) / (w * w * w);
    (east, north)
}

/// The distance in metres from `p` to segment `a`–`b` (local projection).
fn segment_distance_m(p: Q, a: Q, b: Q) -> f64 {
    let (kx, ky) = metres_per_degree(p.1 as f64 / SCALE);
    let f = |q: Q| ((q.0 - p.0) as f64 / SCALE * kx, (q.1 - p.1) as f64 / SCALE * ky);
    let (ax, ay) = f(a);
    let (bx, by) = f(b);
    let (dx, dy) = (bx - ax, by - ay);
    let len2 = dx * dx + dy * dy;
    let t = if len2 == 0.0 {
        0.0
    } else {
        (-(ax * dx + ay * dy) / len2).clamp(0.0, 1.0)
    };
    let (cx, cy) = (ax + t * dx, ay + t * dy);
    (cx * cx + cy * cy).sqrt()
}

impl Topology {
    /// Cuts the layers' rings into shared arcs and simplifies each arc with
    /// tolerance `tolerance_m` metres (0 keeps every vertex).
    pub fn build(layers: &[(&str, Vec<Feature>)], tolerance_m: f64) -> Self {
        // Every ring on the grid, with the layer/feature/polygon it belongs to.
        let mut rings: Vec<Vec<Q>> = Vec::new();
        let mut shape: Vec<Vec<Vec<Vec<usize>>>> = Vec::new(); // layer → feature → polygon → ring ids
        for (_, features) in layers {
            let mut lf = Vec::new();
            for f in features {
                let mut polys = Vec::new();
                for p in &f.geometry.0 {
                    let mut ids = Vec::new();
                    for ls in std::iter::once(p.exterior()).chain(p.interiors()) {
                        let r = grid_ring(ls);
                        if r.len() >= 3 {
                            ids.push(rings.len());
                            rings.push(r);
                        }
                    }
                    if !ids.is_empty() {
                        polys.push(ids);
                    }
                }
                lf.push(polys);
            }
            shape.push(lf);
        }
        // The undirected edge graph: a vertex whose neighbours are not exactly two is a junction.
        let mut neighbours: HashMap<Q, Vec<Q>> = HashMap::new();
        for r in &rings {
            for i in 0..r.len() {
                let (a, b) = (r[i], r[(i + 1) % r.len()]);
                for (p, q) in [(a, b), (b, a)] {
                    let n = neighbours.entry(p).or_default();
                    if !n.contains(&q) {
                        n.push(q);
                    }
                }
            }
        }
        let junction = |q: &Q| neighbours.get(q).is_some_and(|n| n.len() != 2);

        // Cut rings into arcs; an arc is known by its first two vertices
        // (past a junction, the path is forced until the next one).
        let mut arcs: Vec<Vec<Q>> = Vec::new();
        let mut by_start: HashMap<(Q, Q), i32> = HashMap::new();
        let mut ring_arcs: Vec<Ring> = Vec::with_capacity(rings.len());
        for r in &rings {
            let n = r.len();
            let start = match (0..n).find(|&i| junction(&r[i])) {
                Some(i) => i,
                // No junction: a ring on its own (an island, or a ring
                // repeated in another layer). Start it at its least vertex
                // so that the repeat finds the same arc.
                None => (0..n).min_by_key(|&i| r[i]).unwrap_or(0),
            };
            let rotated: Vec<Q> = (0..=n).map(|k| r[(start + k) % n]).collect();
            let mut cuts: Vec<usize> = (0..n).filter(|&k| junction(&rotated[k])).collect();
            if cuts.is_empty() {
                cuts.push(0);
            }
            cuts.push(n);
            let mut refs = Vec::new();
            for w in cuts.windows(2) {
                let piece = &rotated[w[0]..=w[1]];
                let key = (piece[0], piece[1]);
                let id = match by_start.get(&key) {
                    Some(&id) => id,
                    None => {
                        let id = arcs.len() as i32;
                        arcs.push(piece.to_vec());
                        let m = piece.len();
                        by_start.insert(key, id);
                        by_start.insert((piece[m - 1], piece[m - 2]), !id);
                        id
                    }
                };
                refs.push(id);
            }
            ring_arcs.push(refs);
        }

        // Simplify each arc once. An arc that then crosses another (a
        // coastline cutting across a narrow channel into the district on
        // the other side) is simplified again at half the tolerance, until
        // no two arcs cross — mapshaper's repair, arc by arc.
        let vertices_before: usize = arcs.iter().map(|a| a.len() - 1).sum();
        let mut tolerance = vec![tolerance_m; arcs.len()];
        let mut keep: Vec<Vec<usize>> = arcs.iter().map(|a| simplify(a, tolerance_m)).collect();
        for round in 0.. {
            // A ring left with fewer than three corners keeps its arcs whole.
            for refs in &ring_arcs {
                let corners: usize = refs.iter().map(|&r| keep[arc_index(r)].len() - 1).sum();
                if corners < 3 {
                    for &r in refs {
                        tolerance[arc_index(r)] = 0.0;
                        keep[arc_index(r)] = (0..arcs[arc_index(r)].len()).collect();
                    }
                }
            }
            let lines: Vec<Vec<Q>> = arcs
                .iter()
                .zip(&keep)
                .map(|(a, k)| k.iter().map(|&i| a[i]).collect())
                .collect();
            let crossing: Vec<usize> = crossing_arcs(&lines)
                .into_iter()
                .filter(|&i| tolerance[i] > 0.0)
                .collect();
            if crossing.is_empty() {
                break;
            }
            for i in crossing {
                tolerance[i] = if round >= 8 { 0.0 } else { tolerance[i] / 2.0 };
                keep[i] = simplify(&arcs[i], tolerance[i]);
            }
        }
        let mut max_displacement_m = 0.0f64;
        let simplified: Vec<Vec<Q>> = arcs
            .iter()
            .zip(&keep)
            .map(|(a, k)| {
                for w in k.windows(2) {
                    for &p in &a[w[0] + 1..w[1]] {
                        max_displacement_m = max_displacement_m.max(segment_distance_m(p, a[w[0]], a[w[1]]));
                    }
                }
                k.iter().map(|&i| a[i]).collect()
            })
            .collect();
        let vertices_after: usize = simplified.iter().map(|a| a.len() - 1).sum();

        let mut header_layers = Vec::new();
        for ((name, features), lf) in layers.iter().zip(&shape) {
            let features = features
                .iter()
                .zip(lf)
                .map(|(f, polys)| HeaderFeature {
                    name: f.name.clone(),
                    properties: f.properties.clone(),
                    polygons: polys
                        .iter()
                        .map(|ids| ids.iter().map(|&i| ring_arcs[i].clone()).collect())
                        .collect(),
                })
                .collect();
            header_layers.push(HeaderLayer {
                name: name.to_string(),
                features,
            });
        }
        Topology {
            header: Header {
                licence: String::new(),
                source: String::new(),
                stats: Stats {
                    tolerance_m,
                    vertices_before,
                    vertices_after,
                    arcs: simplified.len(),
                    repaired_arcs: tolerance.iter().filter(|&&t| t < tolerance_m).count(),
                    max_displacement_m: (max_displacement_m * 10.0).round() / 10.0,
                },
                layers: header_layers,
            },
            arcs: simplified,
        }
    }

    /// Records where the data came from and its licence (kept in the encoded form).
    pub fn with_credits(mut self, source: &str, licence: &str) -> Self {
        self.header.source = source.into();
        self.header.licence = licence.into();
        self
    }

    pub fn arc_count(&self) -> usize {
        self.arcs.len()
    }

    pub fn stats(&self) -> &Stats {
        &self.header.stats
    }

    pub fn source(&self) -> &str {
        &self.header.source
    }

    pub fn licence(&self) -> &str {
        &self.header.licence
    }

    /// The binary form: magic, header length, JSON header, then the arcs.
    pub fn encode(&self) -> Vec<u8> {
        let header = serde_json::to_vec(&self.header).expect("a header serialises");
        let mut out = Vec::with_capacity(header.len() + 4 * self.arcs.iter().map(Vec::len).sum::<usize>());
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&(header.len() as u32).to_le_bytes());
        out.extend_from_slice(&header);
        put_varint(&mut out, self.arcs.len() as u64);
        for a in &self.arcs {
            put_varint(&mut out, a.len() as u64);
            let mut prev = (0i32, 0i32);
            for &q in a {
                put_varint(&mut out, zigzag(q.0 - prev.0));
                put_varint(&mut out, zigzag(q.1 - prev.1));
                prev = q;
            }
        }
        out
    }

    /// Reads [`Topology::encode`]'s form back.
    pub fn parse(bytes: &[u8]) -> Result<Self, String> {
        let rest = bytes
            .strip_prefix(MAGIC.as_slice())
            .ok_or("not an incident-mapper topology")?;
        let len = u32::from_le_bytes(rest.get(..4).ok_or("truncated")?.try_into().unwrap()) as usize;
        let header: Header =
            serde_json::from_slice(rest.get(4..4 + len).ok_or("truncated header")?).map_err(|e| e.to_string())?;
        let mut cur = &rest[4 + len..];
        let n = get_varint(&mut cur)? as usize;
        let mut arcs = Vec::with_capacity(n);
        for _ in 0..n {
            let m = get_varint(&mut cur)? as usize;
            let mut a = Vec::with_capacity(m);
            let mut prev = (0i32, 0i32);
            for _ in 0..m {
                let dx = unzigzag(get_varint(&mut cur)?);
                let dy = unzigzag(get_varint(&mut cur)?);
                prev = (prev.0 + dx, prev.1 + dy);
                a.push(prev);
            }
            arcs.push(a);
        }
        if !cur.is_empty() {
            return Err("trailing bytes".into());
        }
        let t = Topology { header, arcs };
        let bad = t
            .header
            .layers
            .iter()
            .flat_map(|l| &l.features)
            .flat_map(|f| &f.polygons)
            .flatten()
            .flatten()
            .any(|&r| arc_index(r) >= t.arcs.len());
        if bad {
            return Err("a ring refers to an arc that does not exist".into());
        }
        Ok(t)
    }

    /// The layers as polygons.
    pub fn layers(&self) -> Vec<Layer> {
        self.header
            .layers
            .iter()
            .map(|l| Layer {
                name: l.name.clone(),
                features: l
                    .features
                    .iter()
                    .map(|f| Feature {
                        name: f.name.clone(),
                        properties: f.properties.clone(),
                        geometry: MultiPolygon(
                            f.polygons
                                .iter()
                                .map(|rings| {
                                    let mut rings = rings.iter().map(|r| self.ring(r));
                                    let exterior = rings.next().unwrap_or_else(|| LineString(vec![]));
                                    Polygon::new(exterior, rings.collect())
                                })
                                .collect(),
                        ),
                    })
                    .collect(),
            })
            .collect()
    }

    /// [`Topology::parse`] then [`Topology::layers`].
    pub fn decode(bytes: &[u8]) -> Result<Vec<Layer>, String> {
        Ok(Self::parse(bytes)?.layers())
    }

    fn ring(&self, refs: &[i32]) -> LineString<f64> {
        let mut pts: Vec<Coord<f64>> = Vec::new();
        for &r in refs {
            let a = &self.arcs[arc_index(r)];
            let skip = usize::from(!pts.is_empty());
            if r >= 0 {
                pts.extend(a.iter().skip(skip).map(|&q| coord(q)));
            } else {
                pts.extend(a.iter().rev().skip(skip).map(|&q| coord(q)));
            }
        }
        LineString(pts)
    }
}

fn arc_index(r: i32) -> usize {
    (if r < 0 { !r } else { r }) as usize
}

/// The indices of `arc`'s vertices that Douglas–Peucker keeps at
/// `tolerance_m` metres, measured on a local projection. A closed arc is cut
/// at its vertex farthest from the start and each half simplified, so that
/// it keeps a shape.
fn simplify(arc: &[Q], tolerance_m: f64) -> Vec<usize> {
    if tolerance_m <= 0.0 || arc.len() <= 2 {
        return (0..arc.len()).collect();
    }
    let lat = arc.iter().map(|q| q.1 as f64).sum::<f64>() / arc.len() as f64 / SCALE;
    let (kx, ky) = metres_per_degree(lat);
    let metric = |s: &[Q]| -> LineString<f64> {
        s.iter()
            .map(|q| Coord {
                x: q.0 as f64 / SCALE * kx,
                y: q.1 as f64 / SCALE * ky,
            })
            .collect()
    };
    let last = arc.len() - 1;
    if arc[0] == arc[last] {
        let ls = metric(arc);
        let far = (1..last)
            .max_by(|&i, &j| {
                let d = |k: usize| {
                    let (a, b) = (ls.0[k], ls.0[0]);
                    (a.x - b.x).hypot(a.y - b.y)
                };
                d(i).total_cmp(&d(j))
            })
            .unwrap_or(1);
        let mut first = metric(&arc[..=far]).simplify_idx(&tolerance_m);
        let second = metric(&arc[far..]).simplify_idx(&tolerance_m);
        first.extend(second.into_iter().skip(1).map(|i| i + far));
        return first;
    }
    metric(arc).simplify_idx(&tolerance_m)
}

/// The arcs that cross or touch another arc (or themselves) anywhere but
/// at a vertex both share.
fn crossing_arcs(arcs: &[Vec<Q>]) -> Vec<usize> {
    use geo::line_intersection::{line_intersection, LineIntersection};
    use rstar::primitives::{GeomWithData, Rectangle};
    use rstar::RTreeObject;
    let segment = |a: usize, s: usize| geo::Line::new(coord(arcs[a][s]), coord(arcs[a][s + 1]));
    let items: Vec<GeomWithData<Rectangle<[f64; 2]>, (usize, usize)>> = arcs
        .iter()
        .enumerate()
        .flat_map(|(a, arc)| (0..arc.len().saturating_sub(1)).map(move |s| (a, s)))
        .map(|(a, s)| {
            let l = segment(a, s);
            let (p, q) = (l.start, l.end);
            GeomWithData::new(
                Rectangle::from_corners([p.x.min(q.x), p.y.min(q.y)], [p.x.max(q.x), p.y.max(q.y)]),
                (a, s),
            )
        })
        .collect();
    let tree = rstar::RTree::bulk_load(items.clone());
    let mut out = std::collections::BTreeSet::new();
    for it in &items {
        let (a, s) = it.data;
        let l = segment(a, s);
        for other in tree.locate_in_envelope_intersecting(&it.geom().envelope()) {
            let (b, t) = other.data;
            if (b, t) <= (a, s) {
                continue;
            }
            let m = segment(b, t);
            let shared = |p: geo::Coord<f64>| p == m.start || p == m.end;
            match line_intersection(l, m) {
                None => {}
                Some(LineIntersection::SinglePoint { intersection, .. })
                    if (intersection == l.start || intersection == l.end) && shared(intersection) => {}
                Some(_) => {
                    out.insert(a);
                    out.insert(b);
                }
            }
        }
    }
    out.into_iter().collect()
}

fn zigzag(v: i32) -> u64 {
    ((v << 1) ^ (v >> 31)) as u32 as u64
}

fn unzigzag(v: u64) -> i32 {
    let v = v as u32;
    ((v >> 1) as i32) ^ -((v & 1) as i32)
}

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn get_varint(cur: &mut &[u8]) -> Result<u64, String> {
    let mut v = 0u64;
    for shift in (0..64).step_by(7) {
        let (&b, rest) = cur.split_first().ok_or("truncated arcs")?;
        *cur = rest;
        v |= u64::from(b & 0x7f) << shift;
        if b < 0x80 {
            return Ok(v);
        }
    }
    Err("a varint longer than 64 bits".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{polygon, Area};

    fn feature(name: &str, p: Polygon<f64>) -> Feature {
        Feature {
            name: name.into(),
            geometry: MultiPolygon(vec![p]),
            properties: Default::default(),
        }
    }

    #[test]
    fn varints_and_zigzag_round_trip() {
        for v in [0, 1, -1, 63, -64, 1 << 20, -(1 << 30), i32::MAX, i32::MIN] {
            let mut b = Vec::new();
            put_varint(&mut b, zigzag(v));
            let mut cur = b.as_slice();
            assert_eq!(unzigzag(get_varint(&mut cur).unwrap()), v);
            assert!(cur.is_empty());
        }
    }

    #[test]
    fn a_shared_wiggly_border_stays_shared() {
        // Two districts split by a zig-zag border of 1 km steps, 100 m amplitude.
        let border: Vec<(f64, f64)> = (0..=100)
            .map(|i| (66.0 + 0.001 * f64::from(i % 2), 29.0 + 0.01 * f64::from(i)))
            .collect();
        let mut west: Vec<(f64, f64)> = vec![(65.0, 30.0), (65.0, 29.0)];
        west.extend(border.iter().copied());
        let mut east: Vec<(f64, f64)> = border.iter().rev().copied().collect();
        east.extend([(67.0, 29.0), (67.0, 30.0)]);
        let poly = |v: Vec<(f64, f64)>| Polygon::new(LineString::from(v), vec![]);
        let layers = [(
            "d",
            vec![feature("W", poly(west.clone())), feature("E", poly(east.clone()))],
        )];
        let t = Topology::build(&layers, 500.0);
        // The border is one arc, so both sides lose the same wiggles.
        let decoded = Topology::decode(&t.encode()).unwrap();
        let (w, e) = (&decoded[0].features[0].geometry, &decoded[0].features[1].geometry);
        let total = |g: &MultiPolygon<f64>| g.unsigned_area();
        let original = poly(west).unsigned_area() + poly(east).unsigned_area();
        assert!((total(w) + total(e) - original).abs() < 1e-9, "no gap, no overlap");
        assert!(t.stats().vertices_after < t.stats().vertices_before / 10);
        assert!(t.stats().max_displacement_m > 50.0 && t.stats().max_displacement_m <= 500.0);
        // Unsimplified, every vertex comes back (on the 1e-5 grid).
        let exact = Topology::decode(&Topology::build(&layers, 0.0).encode()).unwrap();
        assert_eq!(exact[0].features[0].geometry.0[0].exterior().0.len(), 104);
    }

    #[test]
    fn a_ring_repeated_in_another_layer_is_one_arc() {
        let sq = polygon![(x: 60., y: 25.), (x: 61., y: 25.), (x: 61., y: 26.), (x: 60., y: 26.)];
        let mut rev = sq.clone();
        rev.exterior_mut(|r| r.0.reverse());
        let t = Topology::build(&[("a", vec![feature("A", sq)]), ("b", vec![feature("B", rev)])], 0.0);
        assert_eq!(t.arc_count(), 1);
    }

    #[test]
    fn a_small_island_keeps_a_shape() {
        let tri = polygon![(x: 60., y: 25.), (x: 60.0001, y: 25.), (x: 60.0001, y: 25.0001)];
        let t = Topology::build(&[("a", vec![feature("A", tri)])], 1000.0);
        let g = &Topology::decode(&t.encode()).unwrap()[0].features[0].geometry;
        assert!(g.unsigned_area() > 0.0);
    }

    #[test]
    fn garbage_is_refused() {
        assert!(Topology::parse(b"hello").is_err());
        let t = Topology::build(&[("a", vec![])], 0.0).encode();
        assert!(Topology::parse(&t[..t.len() - 1]).is_err());
        assert!(Topology::parse(&t).is_ok());
    }
}
