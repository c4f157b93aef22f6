//! The interactive map: one self-contained HTML page that opens from disk.
//!
//! The page is Leaflet 1.9.4 (from a pinned CDN address with its SRI hash,
//! or inlined from a local copy for offline use), the tool's own script and
//! style (`src/output/map/assets/webmap.js`, `webmap.css`), and the data as one JSON
//! block: district and province polygons, the incidents as columns, and the
//! style of [`super::style`] — the PNG map's colours, symbol sizes and
//! classes. The JSON is written with `<`, `>` and `&` escaped (`\u003c`...),
//! so no value can end the script element; the script puts every value on
//! the page as text, never as HTML.

use std::collections::HashMap;
use std::path::Path;

use serde_json::{json, Value};

use super::render::{MapOptions, SizeBy};
use super::style::{classes, hex, min_radius, radius, Symbology, PALETTE, ZERO};
use crate::boundaries::Boundaries;
use crate::error::{Error, ErrorKind, Result};
use crate::model::LocatedIncident;
use crate::output::counts::district_of;

/// Leaflet's version, and its files' addresses and SRI hashes (sha256 of
/// the files in the npm package `leaflet@1.9.4`, which unpkg serves).
pub const LEAFLET_VERSION: &str = "1.9.4";
const LEAFLET_JS: &str = "https://unpkg.com/leaflet@1.9.4/dist/leaflet.js";
const LEAFLET_JS_SRI: &str = "sha256-20nQCchB9co0qIjJZRGuk2/Z9VM+kNiyxNV1lvTlZBo=";
const LEAFLET_CSS: &str = "https://unpkg.com/leaflet@1.9.4/dist/leaflet.css";
const LEAFLET_CSS_SRI: &str = "sha256-p4NxAoJBhIIN+hmNHrzRCf9tD/miZyoHS5obTRR9BMY=";

const SCRIPT: &str = include_str!("assets/webmap.js");
const STYLE: &str = include_str!("assets/webmap.css");

/// Where the page takes Leaflet from.
#[derive(Debug, Clone)]
pub enum Leaflet {
    /// The pinned CDN address, with its SRI hash (needs a connection when opened).
    Cdn,
    /// A local copy's `leaflet.js` and `leaflet.css`, inlined: the page works offline.
    Inline { js: String, css: String },
}

impl Leaflet {
    /// Reads `leaflet.js` and `leaflet.css` from `dir`, or from its `dist/`
    /// or `package/dist/` (what `npm pack leaflet` unpacks).
    pub fn from_dir(dir: &Path) -> Result<Self> {
        for sub in ["", "dist", "package/dist"] {
            let d = dir.join(sub);
            let (js, css) = (d.join("leaflet.js"), d.join("leaflet.css"));
            if js.is_file() && css.is_file() {
                let read = |p: &Path| std::fs::read_to_string(p).map_err(|e| Error::unreadable(p, e));
                let js = read(&js)?;
                if !js.contains(LEAFLET_VERSION) {
                    crate::say!(
                        "warning: {}: not Leaflet {LEAFLET_VERSION}, which the page was made for",
                        d.join("leaflet.js").display()
                    );
                }
                return Ok(Leaflet::Inline { js, css: read(&css)? });
            }
        }
        Err(Error::new(
            ErrorKind::Argument,
            format!(
                "--leaflet {}: no leaflet.js and leaflet.css there (nor in dist/ or package/dist/); \
                 get them with: npm pack leaflet@{LEAFLET_VERSION} && tar xzf leaflet-{LEAFLET_VERSION}.tgz",
                dir.display()
            ),
        ))
    }
}

/// True when `path` names an HTML page (`.html`, `.htm`).
pub fn is_html(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"))
}

/// How many incidents the page holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PageReport {
    /// Incidents with a point, all on the page.
    pub located: usize,
    /// Distinct (point, event type) markers they make.
    pub markers: usize,
    pub unlocated: usize,
}

/// JSON text safe inside `<script>`: `<`, `>`, `&` and the JavaScript line
/// separators as `\u` escapes (they only occur inside strings).
///
/// ```
/// use incident_mapper::output::map::html::script_safe_json;
/// let v = serde_json::json!({"x": "</script><b>&"});
/// assert_eq!(script_safe_json(&v), r#"{"x":"\u003c/script\u003e\u003cb\u003e\u0026"}"#);
/// ```
pub fn script_safe_json(v: &Value) -> String {
    let s = v.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 50);
    for ch in s.chars() {
        match ch {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// Text for an HTML element or attribute.
fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// A coordinate rounded to 1e-5 degree (about a metre).
fn r5(x: f64) -> Value {
    json!((x * 1e5).round() / 1e5)
}

/// Natural Earth's countries around Pakistan, simplified to about 1 km (the
/// page's land, so that it reads without tiles).
fn countries() -> Value {
    use geo::Simplify;
    let features: Vec<Value> = super::basemap::countries()
        .iter()
        .map(|s| {
            let g = s.geometry.simplify(&0.01);
            let coords: Vec<Vec<Vec<[Value; 2]>>> =
                g.0.iter()
                    .map(|p| {
                        std::iter::once(p.exterior())
                            .chain(p.interiors())
                            .map(|ls| ls.0.iter().map(|c| [r3(c.x), r3(c.y)]).collect())
                            .collect()
                    })
                    .collect();
            json!({
                "type": "Feature",
                "properties": {"name": s.name},
                "geometry": {"type": "MultiPolygon", "coordinates": coords},
            })
        })
        .collect();
    json!({"type": "FeatureCollection", "features": features})
}

/// A coordinate rounded to 1e-3 degree (about 100 m).
fn r3(x: f64) -> Value {
    json!((x * 1e3).round() / 1e3)
}

fn polygons(b: &Boundaries) -> Value {
    let features: Vec<Value> = b
        .regions
        .iter()
        .map(|r| {
            let rings = |p: &geo::Polygon<f64>| -> Vec<Vec<[Value; 2]>> {
                std::iter::once(p.exterior())
                    .chain(p.interiors())
                    .map(|ls| ls.0.iter().map(|c| [r5(c.x), r5(c.y)]).collect())
                    .collect()
            };
            let coords: Vec<_> = r.geometry.0.iter().map(rings).collect();
            json!({
                "type": "Feature",
                "properties": {"name": r.name, "province": r.province},
                "geometry": {"type": "MultiPolygon", "coordinates": coords},
            })
        })
        .collect();
    json!({"type": "FeatureCollection", "features": features})
}

/// The page for `incidents`: `districts` are drawn and counted (the map's
/// province's when they cover more), `provinces` outline the country.
pub fn render_html(
    opts: &MapOptions,
    incidents: &[LocatedIncident],
    districts: &Boundaries,
    provinces: &Boundaries,
    leaflet: &Leaflet,
) -> (String, PageReport) {
    let sym = Symbology::new(incidents);
    // Screen pixels: a unit of 0.6 of the PNG's (a 1600-pixel map at u = 1),
    // and no dot under 4 pixels, which a pointer could not find.
    let r_ref = sym.r_ref(0.6);
    let index: HashMap<&str, usize> = districts
        .regions
        .iter()
        .enumerate()
        .map(|(k, r)| (r.name.as_str(), k))
        .collect();
    let mut report = PageReport::default();
    let (mut lat, mut lon, mut date, mut kind, mut fat) = (vec![], vec![], vec![], vec![], vec![]);
    let (mut loc, mut resolved, mut prec, mut id, mut dist) = (vec![], vec![], vec![], vec![], vec![]);
    let mut counts = vec![0u64; districts.regions.len()];
    let mut scratch = Vec::new();
    let mut points = std::collections::HashSet::new();
    for i in incidents {
        let d = index.get(district_of(i, districts, &mut scratch)).copied();
        if let Some(d) = d {
            counts[d] += 1;
        }
        let (Some(x), Some(y)) = (i.lon, i.lat) else {
            report.unlocated += 1;
            continue;
        };
        report.located += 1;
        // The legend's index: the colour's, with "other" right after the coloured types.
        let t = sym.color_index(i.event_type.as_deref()).min(sym.colored.len());
        points.insert(((x * 1e5).round() as i64, (y * 1e5).round() as i64, t));
        lat.push(r5(y));
        lon.push(r5(x));
        date.push(i.date.map_or(Value::Null, |d| Value::from(d.start_iso())));
        kind.push(json!(t));
        fat.push(i.fatalities.map_or(Value::Null, |f| json!(f)));
        loc.push(i.location.as_deref().map_or(Value::Null, Value::from));
        // The place resolved to, with its district and province: "Suntsar (Gwadar, Balochistan)".
        let units: Vec<&str> = [i.district.as_deref(), i.province.as_deref()]
            .into_iter()
            .flatten()
            .filter(|u| i.place.as_deref() != Some(*u))
            .collect();
        resolved.push(match (&i.place, units.is_empty()) {
            (Some(p), true) => Value::from(p.as_ref()),
            (Some(p), false) => Value::from(format!("{p} ({})", units.join(", "))),
            (None, false) => Value::from(units.join(", ")),
            (None, true) => Value::Null,
        });
        prec.push(i.precision.map_or(Value::Null, |p| json!(p.code())));
        id.push(i.id.as_deref().map_or(Value::Null, Value::from));
        dist.push(json!(d.map_or(-1, |d| d as i64)));
    }
    report.markers = points.len();
    // Event types in legend order (the index each incident carries), then "other".
    let mut event_types: Vec<Value> = sym
        .colored
        .iter()
        .enumerate()
        .map(|(k, t)| {
            let n = sym.types.iter().find(|x| &x.0 == t).map_or(0, |x| x.1);
            json!({"name": if t.is_empty() { "(not given)" } else { t }, "color": hex(PALETTE[k]), "count": n})
        })
        .collect();
    let others: usize = sym.types.iter().skip(sym.colored.len()).map(|x| x.1).sum();
    if others > 0 {
        event_types.push(json!({"name": "other", "color": hex(PALETTE[PALETTE.len() - 1]), "count": others}));
    }
    // Counts, or with --per-capita incidents per 100,000 people: the PNG's classes.
    let values = super::render::district_values(districts, &counts, opts.populations.as_ref());
    let present: Vec<f64> = values.iter().flatten().copied().collect();
    let (bounds, colours) = classes(&present, opts.classes, opts.breaks);
    let populations = opts.populations.as_ref().map(|p| {
        districts
            .regions
            .iter()
            .map(|r| p.get(&r.name).copied())
            .collect::<Vec<_>>()
    });
    let extent = {
        use geo::BoundingRect;
        let rects: Vec<geo::Rect<f64>> = districts
            .regions
            .iter()
            .filter_map(|r| r.geometry.bounding_rect())
            .collect();
        let (w, s, e, n) = rects.iter().fold(
            (f64::INFINITY, f64::INFINITY, f64::NEG_INFINITY, f64::NEG_INFINITY),
            |(w, s, e, n), r| (w.min(r.min().x), s.min(r.min().y), e.max(r.max().x), n.max(r.max().y)),
        );
        json!([[r5(s), r5(w)], [r5(n), r5(e)]])
    };
    let dates: Vec<&str> = date.iter().filter_map(|d| d.as_str()).collect();
    let span = match (dates.iter().min(), dates.iter().max()) {
        (Some(a), Some(b)) => format!(", {a} to {b}"),
        _ => String::new(),
    };
    let mut footer = opts.sources.join("; ");
    footer.push_str(&format!(
        ". Made with incident-mapper {} on {}.",
        env!("CARGO_PKG_VERSION"),
        opts.created
    ));
    let osm = "© <a href=\"https://www.openstreetmap.org/copyright\">OpenStreetMap</a> contributors";
    let data = json!({
        "title": opts.title,
        "subtitle": format!("{} incidents on the map{span}", super::render::thousands(report.located)),
        "footer": footer,
        "bounds": extent,
        "event_types": event_types,
        "size": {
            "by": if opts.by == SizeBy::Fatalities { "fatalities" } else { "none" },
            "min_radius": min_radius(r_ref).max(4.0),
            "ref_radius": r_ref,
            "ref_value": sym.f_ref,
            "legend": sym.legend_values(),
            "count_radius": radius(SizeBy::Count, None, r_ref, sym.f_ref),
        },
        "choropleth": {
            "breaks": bounds,
            "colors": colours.iter().map(|c| hex(*c)).collect::<Vec<_>>(),
            "zero_color": hex(ZERO),
            "no_data_color": "#ffffff",
            "decimals": super::style::rate_decimals(&bounds),
            "label": if populations.is_some() { "Incidents per 100,000 people (2023 census)" } else { "Incidents per district" },
            // People per district (null: unknown); absent without --per-capita.
            "populations": populations,
        },
        "land": countries(),
        "districts": polygons(districts),
        "provinces": polygons(provinces),
        "incidents": {
            "n": report.located,
            "lat": lat, "lon": lon, "date": date, "type": kind, "fatalities": fat,
            "location": loc, "resolved": resolved, "precision": prec, "id": id, "district": dist,
        },
        "unlocated": report.unlocated,
        "attribution": {
            "boundaries": if districts.builtin {
                format!("Boundaries {osm} (ODbL)")
            } else {
                "Boundaries: as supplied (--districts)".to_string()
            },
            "provinces": format!("Provinces {osm} (ODbL)"),
            "tiles": format!("Tiles {osm}"),
            "land": "Land: <a href=\"https://www.naturalearthdata.com/\">Natural Earth</a>".to_string(),
        },
    });
    let (leaflet_css, leaflet_js) = match leaflet {
        Leaflet::Cdn => (
            format!(
                "<link rel=\"stylesheet\" href=\"{LEAFLET_CSS}\" integrity=\"{LEAFLET_CSS_SRI}\" crossorigin=\"\">"
            ),
            format!("<script src=\"{LEAFLET_JS}\" integrity=\"{LEAFLET_JS_SRI}\" crossorigin=\"\"></script>"),
        ),
        Leaflet::Inline { js, css } => (
            format!("<style>\n{}\n</style>", css.replace("</style", "<\\/style")),
            format!("<script>\n{}\n</script>", js.replace("</script", "<\\/script")),
        ),
    };
    let page = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"incident-mapper {version}\">\n\
         <title>{title}</title>\n{leaflet_css}\n<style>\n{STYLE}\n</style>\n</head>\n<body>\n\
         <div id=\"map\"></div>\n<div id=\"im-status\" hidden></div>\n\
         <noscript>This map needs JavaScript.</noscript>\n\
         <script type=\"application/json\" id=\"im-data\">{data}</script>\n\
         {leaflet_js}\n<script>\n{SCRIPT}\n</script>\n</body>\n</html>\n",
        version = env!("CARGO_PKG_VERSION"),
        title = escape_html(&opts.title),
        data = script_safe_json(&data),
    );
    (page, report)
}
