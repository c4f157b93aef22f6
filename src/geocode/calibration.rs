//! `geo_score` as a probability. Each resolution falls in an evidence class
//! — how its name matched (`geo_method`), what kind of place it chose
//! (village or feature, town, seat or city, district, province), and the
//! flags that say how the choice was made (`ambiguous`, `low_confidence`,
//! `near`, `from_row_context`, `context_mismatch`, `multiple_places`) — and
//! its score is the share of right resolutions in that class on the
//! development sets of location strings, shrunk towards the share of its
//! method (histogram binning with a Beta prior of [`PRIOR_ROWS`] rows; Zadrozny
//! & Elkan 2001). So of the rows scored about `s`, a share of about `s` has
//! the right district — see the reliability table in README.md.
//!
//! The table is `gazetteer/calibration.csv`, compiled in; it is refitted by
//! `IM_WRITE_CALIBRATION=1 cargo test --release --test test_calibration`.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::geocode::evidence::prominent;
use crate::model::{Flag, Place, PlaceKind, Resolution};

/// How many rows' worth of weight the method's share has in a class's score.
pub const PRIOR_ROWS: f64 = 8.0;

/// The flags that enter the evidence class, in this order.
const CLASS_FLAGS: &[Flag] = &[
    Flag::Ambiguous,
    Flag::ContextMismatch,
    Flag::FromRowContext,
    Flag::LowConfidence,
    Flag::MultiplePlaces,
    Flag::Near,
];

/// The evidence class of a resolution: `method/kind/flag+flag`.
///
/// ```
/// use incident_mapper::gazetteer::Gazetteer;
/// use incident_mapper::geocode::{calibration::class_of, Geocoder};
/// let g = Gazetteer::embedded();
/// let r = Geocoder::new(&g).resolve("Turbat", None, None);
/// assert_eq!(class_of(&r, r.place.map(|i| g.place(i))), "exact/seat/");
/// ```
pub fn class_of(r: &Resolution, place: Option<&Place>) -> String {
    let kind = match place {
        None => "none",
        Some(p) if p.kind >= PlaceKind::Province => "province",
        Some(p) if p.kind == PlaceKind::District => "district",
        Some(p) if prominent(p) => "seat",
        Some(p) if p.kind == PlaceKind::Town => "town",
        Some(_) => "village",
    };
    let flags: Vec<&str> = CLASS_FLAGS
        .iter()
        .filter(|f| r.flags.contains(f))
        .map(|f| f.as_str())
        .collect();
    format!("{}/{kind}/{}", r.method.as_str(), flags.join("+"))
}

/// The fitted table: class → (rows, right).
pub fn table() -> &'static HashMap<String, (f64, f64)> {
    static T: OnceLock<HashMap<String, (f64, f64)>> = OnceLock::new();
    T.get_or_init(|| parse(include_str!("../../gazetteer/calibration.csv")))
}

/// Parses the table's CSV (`class,rows,right`, `#` comments).
pub fn parse(text: &str) -> HashMap<String, (f64, f64)> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .skip(1)
        .filter_map(|l| {
            let mut f = l.split(',');
            let (c, n, k) = (f.next()?, f.next()?, f.next()?);
            Some((c.to_string(), (n.trim().parse().ok()?, k.trim().parse().ok()?)))
        })
        .collect()
}

/// The calibrated score of a class: its share of right rows, shrunk towards
/// its method's share, itself shrunk towards the share of all rows; a class
/// never seen takes its method's, and a method never seen keeps the raw score.
pub fn score_with(table: &HashMap<String, (f64, f64)>, class: &str, raw: f64) -> f64 {
    let method = class.split('/').next().unwrap_or("");
    let sum = |keep: &dyn Fn(&str) -> bool| {
        table
            .iter()
            .filter(|(c, _)| keep(c))
            .fold((0.0, 0.0), |(n, k), (_, v)| (n + v.0, k + v.1))
    };
    let (mn, mk) = sum(&|c| c.split('/').next() == Some(method));
    if mn == 0.0 {
        return raw;
    }
    // Class towards its method, the method towards all rows: few rows say little.
    let (an, ak) = sum(&|_| true);
    let overall = ak / an;
    let method_share = (mk + PRIOR_ROWS * overall) / (mn + PRIOR_ROWS);
    let (n, k) = table.get(class).copied().unwrap_or((0.0, 0.0));
    (k + PRIOR_ROWS * method_share) / (n + PRIOR_ROWS)
}

/// [`score_with`] the compiled-in table (the scores of its classes worked out once).
pub fn calibrate(r: &Resolution, place: Option<&Place>) -> f64 {
    static SCORES: OnceLock<HashMap<String, f64>> = OnceLock::new();
    let scores = SCORES.get_or_init(|| {
        table()
            .keys()
            .map(|c| (c.clone(), score_with(table(), c, f64::NAN)))
            .filter(|(_, s)| !s.is_nan())
            .collect()
    });
    let class = class_of(r, place);
    match scores.get(&class) {
        Some(s) => *s,
        None => score_with(table(), &class, r.score),
    }
}
