//! District polygons and point-in-polygon lookups.
//!
//! Polygons come from a GeoJSON file or Shapefile the user brings
//! (`--districts FILE`). They are indexed once ([`index::PolygonIndex`]:
//! monotone pieces in an R-tree) and checked once ([`validate`]: rings that
//! cross themselves, districts that overlap).
//!
//! The border rule: a point inside exactly one polygon belongs to it. A
//! point on a border shared by several polygons, or inside several
//! overlapping polygons, belongs to the one that comes first in the file —
//! deterministic, documented in the README, so that such a point is counted
//! once. A point on the outer edge of a single polygon belongs to it.

pub mod builtin;
pub mod index;
pub mod topology;
pub mod validate;

use std::path::Path;

use geo::{BoundingRect, Contains, InteriorPoint, Intersects, MultiPolygon, Point};

use crate::error::{Error, ErrorKind, Result};
use index::PolygonIndex;

/// Pakistan's provinces and territories, each with the names it goes by
/// (official, older spellings, abbreviations), compared after
/// normalisation and transliteration folding.
pub const PROVINCE_NAMES: [&[&str]; 7] = [
    &["balochistan", "baluchistan"],
    &["sindh", "sind"],
    &["punjab"],
    &["khyber pakhtunkhwa", "kp", "kpk", "nwfp"],
    &["gilgit baltistan", "northern areas"],
    &["azad jammu kashmir", "azad jammu and kashmir", "azad kashmir", "ajk"],
    &["islamabad capital territory", "islamabad", "ict"],
];

/// The index in [`PROVINCE_NAMES`] of the province `name` names, if any.
pub fn province_key(name: &str) -> Option<usize> {
    use crate::gazetteer::normalize::{normalize, translit_key};
    let k = translit_key(&normalize(name));
    PROVINCE_NAMES
        .iter()
        .position(|names| names.iter().any(|n| translit_key(n) == k))
}

/// Whether two names are of one province: equal in any case, or two names
/// of the same province (`KPK` and `Khyber Pakhtunkhwa`, `Baluchistan` and
/// `Balochistan`).
///
/// ```
/// use incident_mapper::boundaries::same_province;
/// assert!(same_province("KPK", "Khyber Pakhtunkhwa"));
/// assert!(same_province("baluchistan", "Balochistan"));
/// assert!(same_province("Some Region", "some region"));
/// assert!(!same_province("Sindh", "Punjab"));
/// ```
pub fn same_province(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim()) || province_key(a).is_some_and(|k| province_key(b) == Some(k))
}
pub use validate::Overlap;

/// Property names tried, in order, for a district's name.
pub const NAME_FIELDS: &[&str] = &[
    "ADM2_EN",
    "shapeName",
    "NAME_2",
    "name",
    "NAME",
    "district",
    "DISTRICT",
    "District",
    "wof:name",
    "ADM2_NAME",
    "admin2Name",
];
/// Property names tried, in order, for a district's province.
pub const PROVINCE_FIELDS: &[&str] = &["province", "PROVINCE", "ADM1_EN", "NAME_1", "admin1Name", "shapeGroup"];

/// One named polygon.
#[derive(Debug, Clone)]
pub struct Region {
    pub name: String,
    pub province: Option<String>,
    pub geometry: MultiPolygon<f64>,
}

/// A set of district polygons with a spatial index.
#[derive(Debug)]
pub struct Boundaries {
    pub regions: Vec<Region>,
    /// The property the names were read from.
    pub name_field: String,
    /// Pairs of districts whose interiors overlap (see [`validate::overlaps`]),
    /// found when first asked for: a quiet run that prints no warning never pays for the check.
    overlaps: std::sync::OnceLock<Vec<Overlap>>,
    /// Where a ring of each region crosses or touches itself, found when first
    /// asked for (a sweep over every segment: most of a start-up's time).
    self_intersections: std::sync::OnceLock<Vec<Option<geo::Coord<f64>>>>,
    /// The polygons that come with the tool ([`builtin`]), not a user's file.
    pub builtin: bool,
    index: PolygonIndex,
}

impl Boundaries {
    /// Reads polygons from a GeoJSON file. `name_field` overrides detection.
    pub fn from_geojson_file(path: &Path, name_field: Option<&str>) -> Result<Self> {
        let label = path.display().to_string();
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::new(ErrorKind::Boundaries, format!("{label}: cannot read boundaries: {e}")))?;
        Self::from_geojson_str(&text, name_field, &label)
    }

    /// Reads polygons from GeoJSON text; `label` names the source in errors.
    pub fn from_geojson_str(text: &str, name_field: Option<&str>, label: &str) -> Result<Self> {
        let err = |m: String| Error::new(ErrorKind::Boundaries, format!("{label}: {m}"));
        let gj: geojson::GeoJson = text.parse().map_err(|e| err(format!("not valid GeoJSON: {e}")))?;
        let features = match gj {
            geojson::GeoJson::FeatureCollection(fc) => fc.features,
            geojson::GeoJson::Feature(f) => vec![f],
            geojson::GeoJson::Geometry(_) => return Err(err("a bare geometry has no district names".into())),
        };
        let features = features
            .into_iter()
            .map(|f| {
                let geometry = f
                    .geometry
                    .map(|g| geo::Geometry::<f64>::try_from(g.value).map_err(|e| e.to_string()));
                (f.properties.unwrap_or_default(), geometry)
            })
            .collect();
        Self::from_features(features, name_field, label)
    }

    /// Reads polygons from an ESRI Shapefile (`.shp`, with its `.dbf` beside it).
    pub fn from_shapefile(path: &Path, name_field: Option<&str>) -> Result<Self> {
        let label = path.display().to_string();
        let err = |m: String| Error::new(ErrorKind::Boundaries, format!("{label}: {m}"));
        let rows = shapefile::read(path).map_err(|e| err(format!("cannot read shapefile: {e}")))?;
        let features = rows
            .into_iter()
            .map(|(shape, record)| {
                let mut props = serde_json::Map::new();
                let mut fields: Vec<(String, shapefile::dbase::FieldValue)> = record.into_iter().collect();
                fields.sort_by(|a, b| a.0.cmp(&b.0));
                for (k, v) in fields {
                    use shapefile::dbase::FieldValue as F;
                    let v = match v {
                        F::Character(Some(s)) | F::Memo(s) => serde_json::Value::String(s.trim().to_string()),
                        F::Numeric(Some(x)) | F::Double(x) | F::Currency(x) => serde_json::json!(x),
                        F::Float(Some(x)) => serde_json::json!(x),
                        F::Integer(x) => serde_json::json!(x),
                        _ => serde_json::Value::Null,
                    };
                    props.insert(k, v);
                }
                let geometry = Some(geo::Geometry::<f64>::try_from(shape).map_err(|e| format!("{e:?}")));
                (props, geometry)
            })
            .collect();
        Self::from_features(features, name_field, &label)
    }

    /// Reads a GeoJSON file, or a Shapefile when the name ends in `.shp`.
    pub fn from_file(path: &Path, name_field: Option<&str>) -> Result<Self> {
        if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("shp")) {
            Self::from_shapefile(path, name_field)
        } else {
            Self::from_geojson_file(path, name_field)
        }
    }

    /// Builds the set from features' properties and geometries (any source).
    #[allow(clippy::type_complexity)]
    fn from_features(
        features: Vec<(
            serde_json::Map<String, serde_json::Value>,
            Option<std::result::Result<geo::Geometry<f64>, String>>,
        )>,
        name_field: Option<&str>,
        label: &str,
    ) -> Result<Self> {
        let err = |m: String| Error::new(ErrorKind::Boundaries, format!("{label}: {m}"));
        if features.is_empty() {
            return Err(err("no polygons (the file has no features)".into()));
        }
        let mut fields_seen: Vec<String> = Vec::new();
        for (props, _) in &features {
            for k in props.keys() {
                if !fields_seen.contains(k) {
                    fields_seen.push(k.clone());
                }
            }
        }
        let field = match name_field {
            Some(f) if fields_seen.iter().any(|x| x == f) => f.to_string(),
            Some(f) => {
                return Err(err(format!("no property '{f}' (found: {})", fields_seen.join(", "))));
            }
            None => NAME_FIELDS
                .iter()
                .find(|f| fields_seen.iter().any(|x| x == *f))
                .map(|f| f.to_string())
                .ok_or_else(|| {
                    err(format!(
                        "no district name field; tried {}; found: {} (use --name-field)",
                        NAME_FIELDS.join(", "),
                        fields_seen.join(", ")
                    ))
                })?,
        };
        let mut regions = Vec::new();
        for (i, (props, geometry)) in features.into_iter().enumerate() {
            let name = match props.get(&field) {
                Some(serde_json::Value::String(s)) if !s.trim().is_empty() => s.trim().to_string(),
                Some(v) if !v.is_null() => v.to_string(),
                _ => return Err(err(format!("feature {} has no '{field}'", i + 1))),
            };
            let province = PROVINCE_FIELDS
                .iter()
                .find_map(|k| props.get(*k).and_then(|v| v.as_str()).map(String::from));
            let Some(g) = geometry else {
                return Err(err(format!("district '{name}' has no geometry")));
            };
            let g = g.map_err(|e| err(format!("district '{name}': {e}")))?;
            let mp = match g {
                geo::Geometry::Polygon(p) => MultiPolygon(vec![p]),
                geo::Geometry::MultiPolygon(mp) => mp,
                other => {
                    return Err(err(format!(
                        "district '{name}' is a {}, not a polygon",
                        geo_type_name(&other)
                    )));
                }
            };
            if mp.0.iter().all(|p| p.exterior().0.len() < 4) {
                return Err(err(format!("district '{name}' has an empty geometry")));
            }
            if mp
                .0
                .iter()
                .flat_map(|p| p.exterior().0.iter())
                .any(|c| !c.x.is_finite() || !c.y.is_finite())
            {
                return Err(err(format!(
                    "district '{name}' has coordinates that are not finite numbers"
                )));
            }
            {
                use geo::Area;
                if mp.unsigned_area() == 0.0 {
                    return Err(err(format!(
                        "district '{name}' is an invalid polygon: its area is zero"
                    )));
                }
            }
            if let Some(r) = mp.bounding_rect() {
                if r.min().x < -180.0 || r.max().x > 180.0 || r.min().y < -90.0 || r.max().y > 90.0 {
                    return Err(err(format!(
                        "district '{name}' has coordinates outside longitude/latitude range (e.g. {:.0}, {:.0}): \
                         the file looks projected (metres); reproject it to WGS84, e.g. \
                         ogr2ogr -t_srs EPSG:4326 out.geojson in.geojson",
                        r.min().x,
                        r.min().y
                    )));
                }
            }
            regions.push(Region {
                name,
                province,
                geometry: mp,
            });
        }
        if regions.is_empty() {
            return Err(err("no polygons".into()));
        }
        let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        for (i, r) in regions.iter().enumerate() {
            if let Some(first) = seen.insert(&r.name, i) {
                return Err(Error::new(
                    ErrorKind::DuplicateDistrict,
                    format!(
                        "{label}: district '{}' appears twice (features {} and {}); counts need one polygon per name: \
                         choose a unique field with --name-field, or dissolve the parts, e.g. \
                         ogr2ogr -dialect sqlite -sql \"SELECT ST_Union(geometry) AS geometry, {field} FROM <layer> GROUP BY {field}\" out.geojson {label}",
                        r.name,
                        first + 1,
                        i + 1,
                    ),
                ));
            }
        }
        Ok(Self::indexed(regions, field))
    }

    /// Indexes regions (they are validated when [`Self::warnings`] asks).
    fn indexed(regions: Vec<Region>, name_field: String) -> Self {
        let index = PolygonIndex::new(regions.iter().map(|r| &r.geometry));
        Boundaries {
            regions,
            name_field,
            overlaps: std::sync::OnceLock::new(),
            self_intersections: std::sync::OnceLock::new(),
            builtin: false,
            index,
        }
    }

    fn built_in(mut self) -> Self {
        self.builtin = true;
        self
    }

    /// Warnings about the file: self-intersecting rings and overlapping districts, one line each.
    pub fn warnings(&self) -> Vec<String> {
        let mut out = Vec::new();
        for (r, at) in self.regions.iter().zip(self.self_intersections()) {
            if let Some(c) = at {
                out.push(format!(
                    "district '{}' is not a valid polygon: its boundary crosses or touches itself at ({:.6}, {:.6}); \
                     points are still located in it by ray casting (repair it with ogr2ogr -makevalid)",
                    r.name, c.x, c.y
                ));
            }
        }
        // Largest first; slivers from digitising differences are summed up after a few.
        let mut ov: Vec<&Overlap> = self.overlaps().iter().collect();
        ov.sort_by(|a, b| {
            b.area_km2
                .unwrap_or(f64::INFINITY)
                .total_cmp(&a.area_km2.unwrap_or(f64::INFINITY))
        });
        const SHOWN: usize = 5;
        for o in ov.iter().take(SHOWN) {
            let area = o
                .area_km2
                .map(|a| format!("by {}", format_area(a)))
                .unwrap_or_else(|| "(area not measurable)".into());
            let (a, b) = (&self.regions[o.first].name, &self.regions[o.second].name);
            out.push(format!(
                "districts '{a}' and '{b}' overlap {area}, e.g. at ({:.6}, {:.6}); points there count in '{a}', the first in the file",
                o.at.x, o.at.y
            ));
        }
        if ov.len() > SHOWN {
            let rest = &ov[SHOWN..];
            let total: f64 = rest.iter().filter_map(|o| o.area_km2).sum();
            let names: Vec<String> = rest
                .iter()
                .map(|o| format!("{}/{}", self.regions[o.first].name, self.regions[o.second].name))
                .collect();
            out.push(format!(
                "{} more pairs of districts overlap, by {} in all: {}",
                rest.len(),
                format_area(total),
                names.join(", ")
            ));
        }
        out
    }

    /// Where each region's boundary crosses or touches itself (see
    /// [`validate::self_intersection`]), in the order of `regions`; `None` for a valid one.
    pub fn self_intersections(&self) -> &[Option<geo::Coord<f64>>] {
        self.self_intersections.get_or_init(|| {
            self.regions
                .iter()
                .map(|r| r.geometry.0.iter().find_map(validate::self_intersection))
                .collect()
        })
    }

    /// Pairs of districts whose interiors overlap (see [`validate::overlaps`]).
    pub fn overlaps(&self) -> &[Overlap] {
        self.overlaps.get_or_init(|| {
            let geometries: Vec<&MultiPolygon<f64>> = self.regions.iter().map(|r| &r.geometry).collect();
            validate::overlaps(&geometries, &self.index)
        })
    }

    /// The regions of `province` (any case, or another of its names: see
    /// [`same_province`]), as a set of their own; `None` when no region says
    /// it is in that province.
    pub fn of_province(&self, province: &str) -> Option<Boundaries> {
        let regions: Vec<Region> = self
            .regions
            .iter()
            .filter(|r| r.province.as_deref().is_some_and(|p| same_province(p, province)))
            .cloned()
            .collect();
        if regions.is_empty() {
            return None;
        }
        let b = Self::indexed(regions, self.name_field.clone());
        Some(if self.builtin { b.built_in() } else { b })
    }

    /// Whether these polygons decide the district of a point: always for a
    /// user's polygons; for the built-in ones, unless the point is a place
    /// found by name (`by_name`) to which the geocoder gave a district — its
    /// choice weighed the row's own district and province columns.
    pub fn decides(&self, by_name: bool, geocoder_has_district: bool) -> bool {
        !(self.builtin && by_name && geocoder_has_district)
    }

    /// The index of the region containing `(lon, lat)`; see the module docs for borders.
    ///
    /// ```
    /// use incident_mapper::boundaries::Boundaries;
    /// let gj = r#"{"type":"FeatureCollection","features":[
    ///   {"type":"Feature","properties":{"name":"A"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}},
    ///   {"type":"Feature","properties":{"name":"B"},"geometry":{"type":"Polygon","coordinates":[[[1,0],[2,0],[2,1],[1,1],[1,0]]]}}]}"#;
    /// let b = Boundaries::from_geojson_str(gj, None, "t").unwrap();
    /// assert_eq!(b.locate(1.5, 0.5), Some(1));
    /// assert_eq!(b.locate(1.0, 0.5), Some(0)); // shared border: first in the file
    /// assert_eq!(b.locate(5.0, 5.0), None);
    /// ```
    pub fn locate(&self, lon: f64, lat: f64) -> Option<usize> {
        let mut cands = Vec::with_capacity(4);
        self.locate_with(lon, lat, &mut cands)
    }

    /// [`Boundaries::locate`] with a caller's scratch vector, for lookups in a loop.
    pub fn locate_with(&self, lon: f64, lat: f64, scratch: &mut Vec<(usize, bool)>) -> Option<usize> {
        self.index.candidates(lon, lat, scratch);
        // Inside beats on a border; among equals the first in the file wins.
        let first = |inside: bool| scratch.iter().filter(|c| c.1 == inside).map(|c| c.0).min();
        first(true).or_else(|| first(false))
    }

    /// The reference lookup: geo's `Contains`/`Intersects` on every region, no index.
    /// Slow; tests check [`Boundaries::locate`] against it.
    pub fn locate_exhaustive(&self, lon: f64, lat: f64) -> Option<usize> {
        let p = Point::new(lon, lat);
        let all = || self.regions.iter().enumerate();
        all()
            .find(|(_, r)| r.geometry.contains(&p))
            .or_else(|| all().find(|(_, r)| r.geometry.intersects(&p)))
            .map(|(i, _)| i)
    }

    /// A point guaranteed to lie inside region `i`, as `(lat, lon)`.
    pub fn representative_point(&self, i: usize) -> Option<(f64, f64)> {
        self.regions[i].geometry.interior_point().map(|p| (p.y(), p.x()))
    }
}

/// An area for a message: square metres when small, else square kilometres.
fn format_area(km2: f64) -> String {
    if km2 < 0.01 {
        format!("about {:.0} m²", km2 * 1e6)
    } else if km2 < 10.0 {
        format!("about {km2:.2} km²")
    } else {
        format!("about {km2:.0} km²")
    }
}

fn geo_type_name(g: &geo::Geometry<f64>) -> &'static str {
    match g {
        geo::Geometry::Point(_) => "Point",
        geo::Geometry::Line(_) => "Line",
        geo::Geometry::LineString(_) => "LineString",
        geo::Geometry::MultiPoint(_) => "MultiPoint",
        geo::Geometry::MultiLineString(_) => "MultiLineString",
        geo::Geometry::GeometryCollection(_) => "GeometryCollection",
        _ => "non-polygon geometry",
    }
}
