//! The embedded base map: Natural Earth countries (Pakistan and its
//! neighbours) and Pakistan's admin-1 units (public domain). Whatever lies
//! outside these countries is drawn as sea: the Arabian Sea and the Gulf of Oman.

use geo::MultiPolygon;

const COUNTRIES: &str = include_str!("assets/ne10m_countries_region.geojson");
const ADMIN1: &str = include_str!("assets/ne10m_admin1_pakistan.geojson");

/// A named shape of the base map.
#[derive(Debug, Clone)]
pub struct Shape {
    pub name: String,
    pub geometry: MultiPolygon<f64>,
}

fn shapes(text: &str) -> Vec<Shape> {
    let gj: geojson::GeoJson = text.parse().expect("embedded GeoJSON is valid");
    let geojson::GeoJson::FeatureCollection(fc) = gj else {
        return Vec::new();
    };
    fc.features
        .into_iter()
        .filter_map(|f| {
            let name = f.property("name")?.as_str()?.to_string();
            let g: geo::Geometry<f64> = f.geometry?.value.try_into().ok()?;
            let geometry = match g {
                geo::Geometry::Polygon(p) => MultiPolygon(vec![p]),
                geo::Geometry::MultiPolygon(m) => m,
                _ => return None,
            };
            Some(Shape { name, geometry })
        })
        .collect()
}

/// Pakistan and its neighbours: Iran, Afghanistan, India, China, Tajikistan, Turkmenistan, Oman.
/// Parsed once per process.
pub fn countries() -> &'static [Shape] {
    static C: std::sync::OnceLock<Vec<Shape>> = std::sync::OnceLock::new();
    C.get_or_init(|| shapes(COUNTRIES))
}

/// Pakistan's Natural Earth admin-1 units (older names: Sind, K.P., F.A.T.A., Northern Areas, F.C.T.).
pub fn provinces() -> &'static [Shape] {
    static P: std::sync::OnceLock<Vec<Shape>> = std::sync::OnceLock::new();
    P.get_or_init(|| shapes(ADMIN1))
}

/// The Natural Earth units that make up a province as this project names it
/// (Khyber Pakhtunkhwa includes the former F.A.T.A.). Empty when unknown.
///
/// ```
/// use incident_mapper::output::map::basemap::province_units;
/// assert_eq!(province_units("Balochistan"), vec!["Baluchistan"]);
/// assert_eq!(province_units("Khyber Pakhtunkhwa"), vec!["K.P.", "F.A.T.A."]);
/// assert!(province_units("Atlantis").is_empty());
/// ```
pub fn province_units(name: &str) -> Vec<&'static str> {
    // Natural Earth's units, in the order of `boundaries::PROVINCE_NAMES`.
    const UNITS: [&[&str]; 7] = [
        &["Baluchistan"],
        &["Sind"],
        &["Punjab"],
        &["K.P.", "F.A.T.A."],
        &["Northern Areas"],
        &["Azad Kashmir"],
        &["F.C.T."],
    ];
    crate::boundaries::province_key(name).map_or_else(Vec::new, |k| UNITS[k].to_vec())
}
