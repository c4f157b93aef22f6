//! The geocoder: a location phrase (plus the row's district/province
//! columns, plus coordinates when the row has them) to a [`Resolution`].
//!
//! Steps, each in its own function:
//! 1. [`normalize`](crate::gazetteer::normalize::normalize) the phrase;
//! 2. [`phrase::find_spans`]: every gazetteer name in it, with keyword hints;
//! 3. [`rank::rank`]: the most specific place consistent with the context;
//! 4. if that found nothing finer than a district, [`phrase::fuzzy_spans`]
//!    on the words no name covered, and rank again;
//! 5. fall back to the row's district, then province; else unresolved.
//!
//! Results are cached by the distinct (phrase, district, province) triple:
//! real files repeat a few thousand names across millions of rows.

pub mod calibration;
pub mod dedup;
pub mod evidence;
pub mod phrase;
pub mod rank;

use rustc_hash::FxHashMap as HashMap;
use std::rc::Rc;

use crate::gazetteer::normalize::{normalize, normalize_location, translit_key};
use crate::gazetteer::{haversine_km, Gazetteer};
use crate::model::{Candidate, Flag, GeoPrecision, Incident, Method, Place, PlaceKind, Resolution, Seat};
use phrase::{Cand, Hint, Quality, Role, Span};
use rank::{Decision, RowContext};

/// How far (km) a row's coordinates may be from the place it names before
/// the place is not taken as the row's `geo_name`.
pub const NAMED_PLACE_RADIUS_KM: f64 = 25.0;
/// How far (km) the nearest gazetteer place may be to lend coordinates its district.
pub const NEAREST_PLACE_RADIUS_KM: f64 = 60.0;

/// Distinct inputs kept in the cache; past this it starts over (bounded memory).
pub const CACHE_MAX: usize = 500_000;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct CacheKey {
    location: String,
    ctx: RowContext,
}

/// The most words, and bytes, of a location field that are searched for place names.
pub const LOCATION_MAX_WORDS: usize = 64;
pub const LOCATION_MAX_BYTES: usize = 512;
/// The population from which a town of the province, written before a district of another
/// province, is read as a city listed beside it rather than a place inside it (Quetta,
/// Khuzdar, Hub, Chaman, Dera Murad Jamali).
const LISTED_CITY_POPULATION: u64 = 100_000;

/// The first [`LOCATION_MAX_WORDS`] words (at most [`LOCATION_MAX_BYTES`]
/// bytes, cut at a word) of a location longer than that; `None` for one that is not.
///
/// ```
/// use incident_mapper::geocode::location_head;
/// assert_eq!(location_head("Suntsar area of Gwadar district"), None);
/// let long = "Turbat ".repeat(100);
/// assert_eq!(location_head(&long).unwrap().split_whitespace().count(), 64);
/// ```
pub fn location_head(location: &str) -> Option<&str> {
    if location.len() <= LOCATION_MAX_BYTES && location.split_whitespace().nth(LOCATION_MAX_WORDS).is_none() {
        return None;
    }
    let mut end = 0;
    for (n, w) in location.split_whitespace().enumerate() {
        let e = w.as_ptr() as usize - location.as_ptr() as usize + w.len();
        if n >= LOCATION_MAX_WORDS || e > LOCATION_MAX_BYTES {
            break;
        }
        end = e;
    }
    Some(&location[..end])
}

/// Resolves locations against a gazetteer, caching by distinct input.
#[derive(Debug)]
pub struct Geocoder<'g> {
    gaz: &'g Gazetteer,
    /// normalised (location, context) → resolution
    cache: HashMap<CacheKey, Rc<Resolution>>,
    /// raw location text, per context → the same resolutions (skips normalising on a hit)
    raw_cache: HashMap<RowContext, HashMap<String, Rc<Resolution>>>,
    ctx_cache: HashMap<String, (RowContext, Vec<Flag>)>,
    ctx_key: String,
    region: (f64, f64, f64, f64),
    nearest_district: bool,
    names_for_points: bool,
    far_km: f64,
    calibrated: bool,
}

impl<'g> Geocoder<'g> {
    pub fn new(gaz: &'g Gazetteer) -> Self {
        let (a, b, c, d) = gaz.extent().unwrap_or((-90.0, -180.0, 90.0, 180.0));
        Geocoder {
            gaz,
            cache: HashMap::default(),
            raw_cache: HashMap::default(),
            ctx_cache: HashMap::default(),
            ctx_key: String::new(),
            region: (a - 0.5, b - 0.5, c + 0.5, d + 0.5),
            nearest_district: true,
            names_for_points: true,
            far_km: NAMED_PLACE_RADIUS_KM,
            calibrated: true,
        }
    }

    /// How far (km) a row's coordinates may be from the place it names
    /// before they are flagged `far_from_named_place` (default 25 km).
    pub fn with_far_km(mut self, km: f64) -> Self {
        self.far_km = km;
        self
    }

    /// Whether rows with coordinates far from their named place get the
    /// district of the nearest gazetteer place (on by default). Commands
    /// that locate points in district polygons turn it off: the polygons
    /// answer that question, and the nearest-place search is most of the
    /// cost of a row with coordinates.
    pub fn with_nearest_district(mut self, on: bool) -> Self {
        self.nearest_district = on;
        self
    }

    /// Whether a row's coordinates are checked against the place its location
    /// names (on by default: `far_from_named_place`, the place's name and
    /// district). `count` turns it off: polygons locate the point, and no
    /// output shows the name — it was a tenth of a million-point count.
    pub fn with_names_for_points(mut self, on: bool) -> Self {
        self.names_for_points = on;
        self
    }

    /// Whether `geo_score` is the calibrated probability (on by default) or
    /// the raw score the calibration is fitted on.
    pub fn with_calibration(mut self, on: bool) -> Self {
        self.calibrated = on;
        self
    }

    /// Distinct (location, context) inputs resolved so far.
    pub fn distinct_inputs(&self) -> usize {
        self.cache.len()
    }

    fn in_region(&self, lat: f64, lon: f64) -> bool {
        let (a, b, c, d) = self.region;
        (a..=c).contains(&lat) && (b..=d).contains(&lon)
    }

    /// Resolves the row's district and province columns to canonical names.
    pub fn row_context(&mut self, admin2: Option<&str>, admin1: Option<&str>) -> (RowContext, Vec<Flag>) {
        self.ctx_key.clear();
        self.ctx_key.push_str(admin2.unwrap_or(""));
        self.ctx_key.push('\u{1f}');
        self.ctx_key.push_str(admin1.unwrap_or(""));
        if let Some(c) = self.ctx_cache.get(self.ctx_key.as_str()) {
            return c.clone();
        }
        let key = self.ctx_key.clone();
        let mut flags = Vec::new();
        let mut ctx = RowContext::default();
        if let Some(a1) = admin1.filter(|s| !s.trim().is_empty()) {
            match self.admin_unit(a1, PlaceKind::Province) {
                Some(i) => ctx.province = Some(self.gaz.place(i).name.clone()),
                None => flags.push(Flag::Admin1Unknown),
            }
        }
        if let Some(a2) = admin2.filter(|s| !s.trim().is_empty()) {
            match self.admin_unit(a2, PlaceKind::District) {
                Some(i) => {
                    let d = self.gaz.place(i);
                    ctx.district = Some(d.name.clone());
                    if ctx.province.is_none() {
                        ctx.province = d.province.clone();
                    }
                }
                None => flags.push(Flag::Admin2Unknown),
            }
        }
        self.ctx_cache.insert(key, (ctx.clone(), flags.clone()));
        (ctx, flags)
    }

    /// The gazetteer place of an administrative unit named `name` (of `kind`);
    /// "Kech (Turbat)", "Bolan/Kachhi": the first part that names one.
    fn admin_unit(&self, name: &str, kind: PlaceKind) -> Option<usize> {
        self.admin_unit_whole(name, kind).or_else(|| {
            name.split(['(', ')', '/', ',', ';'])
                .map(str::trim)
                .filter(|p| !p.is_empty() && p.len() < name.len())
                .find_map(|p| self.admin_unit_whole(p, kind))
        })
    }

    fn admin_unit_whole(&self, name: &str, kind: PlaceKind) -> Option<usize> {
        let norm = normalize(name);
        let trimmed = ["district", "distt", "province", "division", "agency"]
            .iter()
            .find_map(|w| norm.strip_suffix(&format!(" {w}")))
            .unwrap_or(&norm);
        if kind == PlaceKind::District {
            if let Some(d) = self.gaz.districts.get(trimmed) {
                let n = normalize(&d.name);
                if let Some(r) = self
                    .gaz
                    .by_name(&n)
                    .iter()
                    .find(|r| self.gaz.place(r.place as usize).kind == kind)
                {
                    return Some(r.place as usize);
                }
            }
        }
        let cands = phrase::lookup(self.gaz, trimmed);
        cands
            .iter()
            .filter(|c| self.gaz.place(c.place as usize).kind == kind)
            .max_by(|a, b| a.quality.score().total_cmp(&b.quality.score()))
            .map(|c| c.place as usize)
    }

    /// Resolves one incident: its coordinates when valid, else its location phrase.
    pub fn resolve_incident(&mut self, inc: &Incident) -> Resolution {
        let (ctx, ctx_flags) = self.row_context(inc.admin2.as_deref(), inc.admin1.as_deref());
        let mut flags: Vec<Flag> = inc.flags.clone();
        flags.extend(ctx_flags);
        let mut swapped = false;
        if let Some((lat, lon)) = inc.coords {
            if !self.in_region(lat, lon) && self.in_region(lon, lat) {
                flags.push(Flag::LatlonSwapped);
                swapped = true;
            } else {
                let mut r = self.resolve_coordinates(lat, lon, &inc.location, &ctx);
                // The source's own precision code says how exact its coordinates are.
                if let Some((_, Some(sp))) = &inc.facts.source_precision {
                    r.precision = Some(sp.geo_precision.max(r.precision.unwrap_or(GeoPrecision::Place)));
                    flags.extend(sp.centroid);
                    if sp.centroid.is_some() {
                        self.admin_of_centroid(&mut r, sp.geo_precision, &inc.location, &ctx);
                    }
                }
                flags.append(&mut r.flags);
                r.flags = dedup(flags);
                return r;
            }
        }
        let mut r = (*self.resolve_with(&inc.location, &ctx)).clone();
        if swapped && r.reason.is_none() {
            r.reason = Some("latitude/longitude look swapped; resolved by name instead".into());
        } else if swapped {
            r.reason = Some(format!(
                "latitude/longitude look swapped; {}",
                r.reason.unwrap_or_default()
            ));
        }
        flags.extend(r.flags.iter().copied());
        r.flags = dedup(flags);
        r
    }

    /// The units of coordinates that are, by the source's code, the centroid
    /// of a district (`precision` 2) or of a province or wider (3): not the
    /// nearest gazetteer place to the centroid, which may be in another
    /// district, but what the row names.
    fn admin_of_centroid(&mut self, r: &mut Resolution, precision: GeoPrecision, location: &str, ctx: &RowContext) {
        let named = if location.trim().is_empty() {
            None
        } else {
            Some(self.resolve_with(location, ctx))
        };
        r.place = None;
        r.matched = None;
        if precision == GeoPrecision::Province {
            r.district = None;
            r.district_source = None;
            r.province = ctx.province.clone().or_else(|| named.and_then(|n| n.province.clone()));
            return;
        }
        let (district, province) = match (&ctx.district, named) {
            (Some(d), _) => (Some(d.clone()), ctx.province.clone()),
            (None, Some(n)) if n.district.is_some() => (n.district.clone(), n.province.clone()),
            _ => (None, ctx.province.clone()),
        };
        if district.is_some() {
            r.district = district;
            r.province = province.or(r.province.take());
            r.district_source = Some(if ctx.district.is_some() { "row" } else { "gazetteer" });
        }
    }

    /// Resolves a location phrase with the row's raw district/province columns.
    pub fn resolve(&mut self, location: &str, admin2: Option<&str>, admin1: Option<&str>) -> Resolution {
        let (ctx, flags) = self.row_context(admin2, admin1);
        let mut r = (*self.resolve_with(location, &ctx)).clone();
        if !flags.is_empty() {
            let mut f = flags;
            f.extend(r.flags.iter().copied());
            r.flags = dedup(f);
        }
        r
    }

    fn resolve_with(&mut self, location: &str, ctx: &RowContext) -> Rc<Resolution> {
        // A field longer than any place phrase (a pasted paragraph, a 50 MB
        // cell) is not phrase-searched whole: its first words are, and the
        // row says so. The search stays linear in the input.
        if let Some(head) = location_head(location) {
            let mut r = (*self.resolve_with(head, ctx)).clone();
            if !r.flags.contains(&Flag::LongLocation) {
                r.flags.push(Flag::LongLocation);
            }
            return Rc::new(r);
        }
        if let Some(r) = self.raw_cache.get(ctx).and_then(|m| m.get(location)) {
            return Rc::clone(r);
        }
        let key = CacheKey {
            location: normalize_location(location),
            ctx: ctx.clone(),
        };
        let r = match self.cache.get(&key) {
            Some(r) => Rc::clone(r),
            None => {
                let mut r = self.resolve_phrase(&key.location, ctx);
                if self.calibrated && r.method != Method::Unresolved {
                    r.score = round3(calibration::calibrate(&r, r.place.map(|i| self.gaz.place(i))));
                }
                let r = Rc::new(r);
                if self.cache.len() >= CACHE_MAX {
                    self.cache.clear();
                    self.raw_cache.clear();
                }
                self.cache.insert(key, Rc::clone(&r));
                r
            }
        };
        self.raw_cache
            .entry(ctx.clone())
            .or_default()
            .insert(location.to_string(), Rc::clone(&r));
        r
    }

    fn resolve_coordinates(&mut self, lat: f64, lon: f64, location: &str, ctx: &RowContext) -> Resolution {
        let mut r = Resolution {
            place: None,
            lat: Some(lat),
            lon: Some(lon),
            district: None,
            province: None,
            district_source: None,
            method: Method::Coordinates,
            score: 1.0,
            precision: Some(GeoPrecision::Place),
            candidates: 0,
            alternatives: Vec::new(),
            matched: None,
            flags: Vec::new(),
            reason: None,
        };
        if !self.in_region(lat, lon) {
            r.flags.push(Flag::OutsideGazetteerExtent);
        }
        if self.names_for_points && !location.trim().is_empty() {
            let named = self.resolve_with(location, ctx);
            r.candidates = named.candidates;
            if let (Some(p), Some(plat), Some(plon)) = (named.place, named.lat, named.lon) {
                let place = self.gaz.place(p);
                let near = haversine_km(lat, lon, plat, plon) <= self.far_km;
                if near && place.kind < PlaceKind::District {
                    r.place = Some(p);
                    r.matched = named.matched.clone();
                    r.district = place.district.clone();
                    r.province = place.province.clone();
                    r.district_source = Some("gazetteer");
                    return r;
                }
                if place.kind < PlaceKind::District {
                    r.flags.push(Flag::FarFromNamedPlace);
                }
            }
        }
        if !self.nearest_district {
            return r;
        }
        if let Some((i, d)) = self.gaz.nearest_place(lat, lon) {
            if d <= NEAREST_PLACE_RADIUS_KM {
                let p = self.gaz.place(i);
                r.district = p.district.clone();
                r.province = p.province.clone();
                r.district_source = Some("nearest_place");
            }
        }
        r
    }

    /// Applies the span's keyword hint to its candidates. A "sub-town" hint
    /// with no sub-town candidate drops the span; a "district" hint on a
    /// town name ("Turbat district") means that town's district.
    fn apply_hint(&self, span: &mut Span) -> bool {
        if span.hint == Hint::None {
            return true;
        }
        // "Mach bazaar": the market of the town of that name, when there is one — not a
        // village named alike, as a sub-town word would have it.
        let a_towns_market = span.market
            && span.cands.iter().any(|c| {
                let k = self.gaz.place(c.place as usize).kind;
                k >= PlaceKind::Town && !k.is_admin()
            });
        let admitted: Vec<Cand> = span
            .cands
            .iter()
            .filter(|c| !a_towns_market && span.hint.admits(self.gaz.place(c.place as usize).kind))
            .copied()
            .collect();
        // "Chagai town" where the only non-unit reading is a village far
        // away: the town named like the district is more likely in it than
        // that village, so the district stays a reading.
        let town_sized = |c: &&Cand| {
            let p = self.gaz.place(c.place as usize);
            p.kind >= PlaceKind::Town || evidence::prominent(p)
        };
        if span.hint == Hint::Town && !admitted.is_empty() && !admitted.iter().any(|c| town_sized(&c)) {
            let units: Vec<Cand> = span
                .cands
                .iter()
                .filter(|c| self.gaz.place(c.place as usize).kind == PlaceKind::District)
                .copied()
                .collect();
            if !units.is_empty() {
                span.cands = units;
                return true;
            }
        }
        // A word beside a name is weaker evidence than the name as written: "tehsil of
        // Naseerabad" keeps the district so named, not only a town of Sindh spelt like it.
        let as_written = |c: &Cand| matches!(c.quality, Quality::Exact | Quality::AltName);
        if !admitted.is_empty() && !admitted.iter().any(as_written) && span.cands.iter().any(as_written) {
            return true;
        }
        if !admitted.is_empty() {
            span.cands = admitted;
            return true;
        }
        match span.hint {
            // "Kohlu market": no such market in the gazetteer. The name stays,
            // as a feature, so that it counts only if nothing else is named.
            Hint::SubTown => {
                let local: Vec<Cand> = span
                    .cands
                    .iter()
                    .filter(|c| !self.gaz.place(c.place as usize).kind.is_admin())
                    .copied()
                    .collect();
                // A town the press calls a village ("Mawand village, Kohlu") is that town; a
                // market or a neighbourhood no gazetteer has ("Kohlu market") is a feature of it.
                if !(span.called_village && !local.is_empty()) {
                    span.role = Role::Feature;
                }
                if !local.is_empty() {
                    span.cands = local;
                }
                true
            }
            Hint::District => {
                let mut ds: Vec<Cand> = Vec::new();
                for c in &span.cands {
                    if let Some(d) = &self.gaz.place(c.place as usize).district {
                        if let Some(i) = self.admin_unit(d, PlaceKind::District) {
                            if !ds.iter().any(|x| x.place as usize == i) {
                                ds.push(Cand {
                                    place: i as u32,
                                    quality: c.quality,
                                });
                            }
                        }
                    }
                }
                if !ds.is_empty() {
                    span.cands = ds;
                }
                true
            }
            _ => true,
        }
    }

    fn spans(&self, normalized: &str) -> (Vec<Span>, Vec<usize>) {
        let (mut spans, mut rest) = phrase::find_spans(self.gaz, normalized);
        // A clan's name ("Marri", "Bugti") that only a spelling variant or an alternate name
        // of a village matches ("Mari"; a Shahpur also called Bugti) is the clan's: a place
        // counts when the name is its own, as written.
        let lex = crate::gazetteer::lexicon::Lexicon::get();
        spans.retain_mut(|s| {
            if lex.is_tribe(&s.text) {
                s.cands.retain(|c| {
                    c.quality == Quality::Exact || self.gaz.place(c.place as usize).kind > PlaceKind::Village
                });
            }
            if s.cands.is_empty() {
                rest.extend(s.start..s.end);
            }
            !s.cands.is_empty()
        });
        // "Khalique Abad", "Baba Kot": a word that ends place names ("abad", "kot", "pur"),
        // written apart after a word that names no place here, is the end of that name — not a
        // village called Abad or Kot.
        let words: Vec<&str> = normalized.split(' ').collect();
        let ends: Vec<usize> = spans.iter().map(|s| s.end).collect();
        let spans_before_end = |i: usize| ends.contains(&i);
        spans.retain(|s| {
            let suffix = s.end == s.start + 1 && NAME_ENDINGS.contains(&words[s.start]);
            let after_unknown = s.start > 0
                && (rest.contains(&(s.start - 1))
                    || lex.is_honorific(words[s.start - 1])
                    || lex.is_person(words[s.start - 1]))
                && !spans_before_end(s.start);
            if suffix && after_unknown {
                rest.push(s.start);
                return false;
            }
            true
        });
        rest.sort_unstable();
        rest.dedup();
        spans.retain_mut(|s| self.apply_hint(s));
        self.trailing_container(normalized, &mut spans);
        (spans, rest)
    }

    /// "Tump, Kharan": the last of several names, when it can be a district,
    /// is where a minor place named before it lies — the order of an address.
    /// A reading of an earlier name outside it is then no reading of the place meant. Not after "and", "or", "to": "between
    /// Surab and Kalat", "from Quetta to Chaman" name two places, not an address.
    fn trailing_container(&self, normalized: &str, spans: &mut [Span]) {
        let Some((last, before)) = spans.split_last_mut() else {
            return;
        };
        let joined = last.start > 0
            && normalized
                .split(' ')
                .filter(|t| !t.is_empty())
                .nth(last.start - 1)
                .is_some_and(|w| matches!(w, "and" | "or" | "to" | "via"));
        if joined {
            return;
        }
        let admin = last
            .cands
            .iter()
            .any(|c| self.gaz.place(c.place as usize).kind == PlaceKind::District);
        // A minor place anywhere before it; a well-known one right before it ("Chaman,
        // Killa Saifullah": a Chaman in Killa Saifullah, not the border town, which lies
        // in a district of its own) — two well-known places need nothing between
        // them to be a list ("Quetta and Mastung", "from Quetta to Chaman").
        // Not across a province's border, out of the province the tool covers: "Quetta,
        // Islamabad" names two places ("Thul, Mastung" is a Thul in Mastung, not Sindh's).
        let same_province = |s: &Span| {
            last.cands
                .iter()
                .map(|c| self.gaz.place(c.place as usize))
                .filter(|q| q.kind == PlaceKind::District)
                .any(|q| {
                    q.province.as_deref() == Some(phrase::FOCUS_PROVINCE)
                        || s.cands
                            .iter()
                            .any(|c| self.gaz.place(c.place as usize).province == q.province)
                })
        };
        // Across that border, only a city is listed beside a district of another province: "Musa
        // Khel, Mianwali" is the Musa Khel of Mianwali (the district's seat here is a small town),
        // "Quetta, Islamabad" two cities.
        let city = |s: &Span| {
            s.cands.iter().any(|c| {
                let p = self.gaz.place(c.place as usize);
                !p.kind.is_admin() && (p.seat == Seat::Province || p.population.unwrap_or(0) >= LISTED_CITY_POPULATION)
            })
        };
        let named_before = before.iter().any(|s| {
            s.role == Role::Target
                && !s.cands.is_empty()
                && (s.end == last.start && (same_province(s) || !city(s))
                    || s.cands
                        .iter()
                        .all(|c| !evidence::prominent(self.gaz.place(c.place as usize))))
        });
        if last.role == Role::Target && admin && named_before {
            last.role = Role::Container;
            return;
        }
        // "Sohrab Goth, Karachi": a city of another province after a name whose every reading
        // lies in the province the tool covers is where that name lies — a village of the
        // same name here is not it.
        let city_abroad = |c: &Cand| {
            let q = self.gaz.place(c.place as usize);
            q.province.as_deref() != Some(phrase::FOCUS_PROVINCE) && !q.kind.is_admin() && evidence::prominent(q)
        };
        // Villages and localities only: a town of this province ("Gadani, Karachi", "Ormara,
        // Karachi") is datelined with the city, not in it.
        let only_here = |s: &Span| {
            s.cands.iter().all(|c| {
                let p = self.gaz.place(c.place as usize);
                p.province.as_deref() == Some(phrase::FOCUS_PROVINCE)
                    && p.kind < PlaceKind::Town
                    && !evidence::prominent(p)
            })
        };
        let words: Vec<&str> = normalized.split(' ').filter(|t| !t.is_empty()).collect();
        let beside = before.last().filter(|s| {
            s.role == Role::Target
                && !s.cands.is_empty()
                && s.end <= last.start
                && words[s.end..last.start].iter().all(|w| {
                    phrase::is_stop(w) && !matches!(*w, "and" | "or" | "to" | "via" | "near" | "outside" | "off")
                })
        });
        // ("Sohrab Goth Karachi": the word before the city had made it a goth's name.)
        let named_place = last.role == Role::Target || last.role == Role::Feature && last.hint == Hint::SubTown;
        if named_place && last.cands.iter().all(city_abroad) && beside.is_some_and(only_here) {
            last.role = Role::Container;
        }
        // "Quetta Town, Karachi", "Pishin Colony, Karachi": a name made a neighbourhood's by the
        // word after it, then a city of another province — the city's neighbourhood, whatever
        // the name's own readings (Karachi's towns are named after the places their people came
        // from).
        let neighbourhood = before.last().is_some_and(|s| {
            s.role == Role::Target
                && s.end + 1 == last.start
                && matches!(words[s.end], "town" | "colony" | "mohalla" | "goth")
        });
        if named_place && last.cands.iter().all(city_abroad) && neighbourhood {
            last.role = Role::Container;
        }
        // "Gadani, Karachi", "Rakhni, DG Khan": a town of the province (not a well-known one, which
        // may be listed beside the city) datelined with the nearest city of another is the town;
        // the city says where the report came from, no second place.
        let town_here = |s: &Span| {
            let here = |c: &Cand| self.gaz.place(c.place as usize).province.as_deref() == Some(phrase::FOCUS_PROVINCE);
            s.cands
                .iter()
                .any(|c| here(c) && self.gaz.place(c.place as usize).kind == PlaceKind::Town)
                && !s
                    .cands
                    .iter()
                    .any(|c| evidence::prominent(self.gaz.place(c.place as usize)))
        };
        // A city nearer the town than its own province's capital, whose bureau covers it: "Gulistan,
        // Karachi" is Karachi's Gulistan-e-Jauhar, not the town of Killa Abdullah beside Quetta.
        let nearer_than_capital = |s: &Span| {
            let capital = self.gaz.places().iter().find(|q| {
                q.seat == Seat::Province
                    && q.kind == PlaceKind::Town
                    && q.province.as_deref() == Some(phrase::FOCUS_PROVINCE)
            });
            s.cands.iter().any(|c| {
                let t = self.gaz.place(c.place as usize);
                let km = |q: &Place| haversine_km(t.lat, t.lon, q.lat, q.lon);
                t.kind == PlaceKind::Town
                    && t.province.as_deref() == Some(phrase::FOCUS_PROVINCE)
                    && capital.is_some_and(|cap| {
                        last.cands
                            .iter()
                            .any(|c| km(self.gaz.place(c.place as usize)) < km(cap))
                    })
            })
        };
        // (A town nearer its capital is some place of the city's that shares its name.)
        if named_place && last.cands.iter().all(city_abroad) && beside.is_some_and(town_here) {
            last.role = if beside.is_some_and(nearer_than_capital) {
                Role::Reference
            } else {
                Role::Container
            };
        }
    }

    /// "Miri Qalat, Turbat", "Killi Sherani Dakki, Loralai", "Shahi Tump, Turbat": a well-known
    /// name inside a longer one, written before a town that does not contain it, is a word of
    /// that longer name — the address puts the place at the town, not at the namesake ("Qalat"
    /// is no reason to go to Kalat). The longer name's other words are unknown or villages'
    /// names; a village of the town's district among them stays ("Miri" of Kech), one elsewhere
    /// goes with the well-known name. A district written last that contains the well-known
    /// place keeps it ("Shahi Tump, Kech" may be Tump). Two well-known names are a list ("Mand
    /// Tump, Turbat"), left as it is. When nothing is left of the longer name, it must be one the
    /// address rules take as a place of its own (`unknown_name_before`), or nothing changes.
    fn longer_name_before_town(&self, normalized: &str, spans: &mut Vec<Span>, rest: &mut Vec<usize>) {
        let lex = crate::gazetteer::lexicon::Lexicon::get();
        let words: Vec<&str> = normalized.split(' ').collect();
        // The town: the first span after which only what contains it follows ("..., Balochistan").
        let admin = |s: &Span| {
            s.cands
                .iter()
                .all(|c| self.gaz.place(c.place as usize).kind >= PlaceKind::District)
        };
        let Some(k) = (1..spans.len()).find(|&i| spans[i + 1..].iter().all(admin)) else {
            return;
        };
        let town = &spans[k];
        let here = |q: &Place| q.province.as_deref() == Some(phrase::FOCUS_PROVINCE);
        let town_here = town.cands.iter().any(|c| {
            let q = self.gaz.place(c.place as usize);
            matches!(q.kind, PlaceKind::Town | PlaceKind::District) && here(q)
        });
        if !town_here || town.near || town.role != Role::Target {
            return;
        }
        let name = &spans[..k];
        if name
            .iter()
            .any(|s| s.role != Role::Target || s.near || s.hint != Hint::None)
        {
            return;
        }
        // A town or a unit (a village's name is another matter: `partial_names`).
        let well_known = |s: &Span| {
            s.cands.iter().any(|c| {
                let p = self.gaz.place(c.place as usize);
                p.kind >= PlaceKind::Town || evidence::prominent(p)
            })
        };
        let mut well_known = name.iter().enumerate().filter(|(_, s)| well_known(s));
        let (Some((ti, t)), None) = (well_known.next(), well_known.next()) else {
            return;
        };
        // The longer name's other words: unknown ones (after a killi's word), villages' names.
        let lead = usize::from(words.first().is_some_and(|w| phrase::VILLAGE_BEFORE.contains(w)));
        let covered = |i: usize| name.iter().any(|s| (s.start..s.end).contains(&i));
        let others: Vec<usize> = (lead..town.start).filter(|i| !(t.start..t.end).contains(i)).collect();
        let word_ok = |i: &usize| {
            covered(*i)
                || rest.contains(i) && bare_name_word(words[*i]) && plausible_name_word(words[*i], lex, lead == 1)
        };
        if others.is_empty() || !others.iter().all(word_ok) || name[0].start < lead {
            return;
        }
        let district_of_town: Vec<&str> = town
            .cands
            .iter()
            .filter_map(|c| self.gaz.place(c.place as usize).district.as_deref())
            .collect();
        let contained = t.cands.iter().any(|c| {
            let p = self.gaz.place(c.place as usize);
            town.cands.iter().any(|d| {
                let q = self.gaz.place(d.place as usize);
                q.kind == PlaceKind::District && p.district.is_some() && p.district.as_deref() == Some(q.name.as_str())
            })
        });
        if contained {
            return;
        }
        // What goes: the well-known name, and villages of that name outside the town's district.
        let goes: Vec<usize> = (0..k)
            .filter(|&i| {
                i == ti
                    || spans[i].cands.iter().all(|c| {
                        let p = self.gaz.place(c.place as usize);
                        !p.district.as_deref().is_some_and(|d| district_of_town.contains(&d))
                    })
            })
            .collect();
        let mut new_rest = rest.clone();
        for &i in &goes {
            new_rest.extend(spans[i].start..spans[i].end);
        }
        new_rest.sort_unstable();
        if goes.len() == k && unknown_name_before(normalized, town, &new_rest).is_none() {
            return;
        }
        for &i in goes.iter().rev() {
            spans.remove(i);
        }
        *rest = new_rest;
    }

    /// The other end of "between X and Y" when the chosen span is one of them: the reading of
    /// the other name in the chosen place's district, else in its province, else the first.
    fn other_end_between(
        &self,
        normalized: &str,
        spans: &[Span],
        chosen: usize,
        p: &Place,
    ) -> Option<(&'g Place, bool)> {
        let words: Vec<&str> = normalized.split(' ').filter(|t| !t.is_empty()).collect();
        let opens = |s: &Span| {
            s.start >= 1 && words[s.start - 1] == "between"
                || s.start >= 2 && words[s.start - 2] == "between" && words[s.start - 1] == "the"
        };
        let pair = spans.iter().enumerate().find_map(|(a, sa)| {
            let b = spans
                .iter()
                .position(|sb| opens(sa) && words.get(sa.end) == Some(&"and") && sb.start == sa.end + 1)?;
            Some((a, b))
        })?;
        let (other, other_first) = match pair {
            (a, b) if a == chosen => (b, false),
            (a, b) if b == chosen => (a, true),
            _ => return None,
        };
        let s = &spans[other];
        if s.role != Role::Target {
            return None;
        }
        let readings: Vec<&Place> = s.cands.iter().map(|c| self.gaz.place(c.place as usize)).collect();
        readings
            .iter()
            .find(|q| q.district.is_some() && q.district == p.district)
            .or_else(|| {
                readings
                    .iter()
                    .find(|q| q.province.is_some() && q.province == p.province)
            })
            .or(readings.first())
            .map(|q| (*q, other_first))
    }

    /// Sets aside the minor readings of a street named after a person or a tribe ("Qambrani
    /// Road", "Saleem Street"): a street of some town, not the village of that name. Returns
    /// why, with the first reading set aside.
    fn streets_named_after_people(&self, normalized: &str, spans: &mut Vec<Span>) -> Option<(String, usize)> {
        let mut dropped = None;
        let words: Vec<&str> = normalized.split(' ').collect();
        let lex = crate::gazetteer::lexicon::Lexicon::get();
        let minor = |c: &Cand| !evidence::prominent(self.gaz.place(c.place as usize));
        spans.retain_mut(|s| {
            let street = matches!(words.get(s.end).copied(), Some("road" | "street"));
            if !(street && s.role == Role::Feature && (lex.is_person(&s.text) || lex.is_tribe(&s.text))) {
                return true;
            }
            if let Some(c) = s.cands.iter().find(|c| minor(c)) {
                dropped.get_or_insert((
                    format!(
                        "'{} {}' is a street named after a person or tribe, not the place {}",
                        s.text,
                        words[s.end],
                        self.gaz.place(c.place as usize).describe()
                    ),
                    c.place as usize,
                ));
            }
            s.cands.retain(|c| !minor(c));
            !s.cands.is_empty()
        });
        dropped
    }

    /// "Khost tehsil", "tehsil Khost": a tehsil is a unit of this country, so a place abroad of
    /// the name (Afghanistan's Khost) is no reading of it; with none here the name is one the
    /// gazetteer lacks.
    fn tehsils_are_here(normalized: &str, gaz: &Gazetteer, spans: &mut Vec<Span>) {
        let words: Vec<&str> = normalized.split(' ').collect();
        let tehsil = |w: Option<&&str>| w.is_some_and(|w| matches!(*w, "tehsil" | "subtehsil"));
        spans.retain_mut(|s| {
            let unit = tehsil(words.get(s.end)) || s.start > 0 && tehsil(words.get(s.start - 1));
            if unit {
                s.cands.retain(|c| gaz.place(c.place as usize).country == "PK");
            }
            !s.cands.is_empty()
        });
    }

    /// Sets aside the readings of a word joined to the next by the Persian izafat ("Kalat-e
    /// Naderi", "Torbat-e Heydarieh", "Kalat-i-Nadiri"): the compound is one name, of a place
    /// the gazetteer lacks (Iran's towns), not the place named by its first word; nor is its
    /// second word a misspelt place of its own. A compound the gazetteer has whole ("Ab-e-Gum")
    /// is one reading and stays. (`phrase::partial_names` has already set aside the villages
    /// before an izafat; this takes the units and towns, the name after it, and the fuzzy stage's
    /// words.) Returns why, with the first reading set aside.
    fn izafat_compounds(
        &self,
        normalized: &str,
        spans: &mut Vec<Span>,
        rest: &mut Vec<usize>,
    ) -> Option<(String, usize)> {
        let words: Vec<&str> = normalized.split(' ').collect();
        // (Not a letter naming a part of a town: "Block E, Quetta", "Phase I, Hub".)
        let parts = [
            "block", "gate", "lane", "phase", "plot", "sector", "street", "ward", "zone",
        ];
        let joints: Vec<usize> = (1..words.len().saturating_sub(1))
            .filter(|&j| {
                matches!(words[j], "e" | "i") && !matches!(words[j + 1], "e" | "i") && !parts.contains(&words[j - 1])
            })
            .collect();
        if joints.is_empty() {
            return None;
        }
        let mut dropped = None;
        spans.retain(|s| {
            let Some(j) = joints.iter().copied().find(|&j| s.end == j || s.start == j + 1) else {
                return true;
            };
            if let Some(c) = s.cands.first() {
                dropped.get_or_insert((
                    format!(
                        "'{}' is one name joined by the izafat, not {}",
                        words[j - 1..=j + 1].join(" "),
                        self.gaz.place(c.place as usize).describe()
                    ),
                    c.place as usize,
                ));
            }
            false
        });
        rest.retain(|i| !joints.iter().any(|&j| (j - 1..=j + 1).contains(i)));
        dropped
    }

    /// Sets aside the countries that name a border ("near the Pak-Iran border in Panjgur",
    /// "Pakistan-Afghanistan border, Chaman", "Chaman border crossing with Afghanistan") when the phrase names a place of its own: the
    /// border is where it lies, not in the country beyond it. True when it did.
    fn countries_naming_a_border(&self, normalized: &str, spans: &mut Vec<Span>) -> bool {
        let words: Vec<&str> = normalized.split(' ').collect();
        let country = |s: &Span| {
            s.cands
                .iter()
                .any(|c| self.gaz.place(c.place as usize).kind == PlaceKind::Country)
        };
        let border_word = |w: &str| matches!(w, "border" | "borders" | "frontier");
        let border_after = |end: usize| words.get(end).copied().is_some_and(border_word);
        // "the Chaman border crossing with Afghanistan", "Zhob, bordering Afghanistan": the country
        // the border is with.
        let border_with = |start: usize| {
            start >= 1 && words[start - 1] == "bordering"
                || start >= 2
                    && words[start - 1] == "with"
                    && words[start.saturating_sub(4)..start - 1].iter().any(|w| border_word(w))
        };
        // The countries of "X-Y border": each followed by "border" or by another such country.
        let mut naming = vec![false; spans.len()];
        for i in (0..spans.len()).rev() {
            let next_names = spans
                .get(i + 1)
                .is_some_and(|n| n.start == spans[i].end && naming[i + 1]);
            naming[i] = country(&spans[i]) && (border_after(spans[i].end) || next_names || border_with(spans[i].start));
        }
        if naming.iter().all(|n| !n) || spans.iter().zip(&naming).all(|(s, n)| *n || country(s)) {
            return false;
        }
        let mut naming = naming.into_iter();
        spans.retain(|_| !naming.next().unwrap_or(false));
        true
    }

    /// Sets aside a place's name that is a body's name here: a force, a party, a company, a
    /// train or a paper named after the place ("Zhob Militia", "Bolan Mail", "Quetta Shura",
    /// "Sui Southern Gas Company"), or a ruler's title ("Khan of Kalat"). Such a row says who,
    /// not where; the other names of the phrase still say where ("Bolan Mail near Mach"). A
    /// building of the body's after it ("Zhob Militia headquarters") is a place of the town's,
    /// and stays. The words of a body's name are no misspelt place either ("Maiwand Rifles",
    /// "Balochistan National Party"): they leave `rest`. Returns why, with the first reading
    /// set aside.
    fn bodies_named_after_places(
        &self,
        normalized: &str,
        spans: &mut Vec<Span>,
        rest: &mut Vec<usize>,
    ) -> Option<(String, usize)> {
        let words: Vec<&str> = normalized.split(' ').collect();
        let lex = crate::gazetteer::lexicon::Lexicon::get();
        let covered: Vec<(usize, usize)> = spans.iter().map(|s| (s.start, s.end)).collect();
        let in_span = |i: usize| covered.iter().any(|&(a, b)| (a..b).contains(&i));
        // Each body's name: up to three words before a body's word (no filler word between,
        // nothing of a building after it), as (first word, last word: the body's word).
        let mut bodies: Vec<(usize, usize)> = Vec::new();
        for (k, w) in words.iter().enumerate() {
            let premises = words
                .get(k + 1)
                .is_some_and(|w| BUILDING_WORDS.contains(w) || phrase::names_a_kind(w) || *w == "fort");
            // The Urdu order, the body's word first and an izafat after it: the name runs on
            // to the place ("Tehreek-e-Taliban Pakistan", "Tanzeem-e-Islami Balochistan").
            // (Only to a country or province: "Jamaat-e-Islami Quetta" is the party's Quetta chapter.)
            if lex.body_words.contains(*w) && matches!(words.get(k + 1).copied(), Some("e" | "i")) {
                let national = spans.iter().find(|s| {
                    (k + 2..=k + 4).contains(&s.start)
                        && s.cands
                            .iter()
                            .any(|c| self.gaz.place(c.place as usize).kind >= PlaceKind::Province)
                });
                if let Some(s) = national {
                    bodies.push((k, s.end - 1));
                }
                continue;
            }
            if !lex.body_words.contains(*w) || premises || k == 0 {
                continue;
            }
            let first = (k.saturating_sub(3)..k)
                .rev()
                // ("Quetta and Zhob Militia" names a town, then a force.)
                .take_while(|&i| !phrase::FILLER.contains(&words[i]) && words[i] != "or")
                .last();
            // A town's own police or levies ("Quetta Police Force", "Gwadar Levies Force") work
            // in the town: a body with premises there.
            let local = |first: usize| {
                words[first..k]
                    .iter()
                    .any(|w| lex.org_words.contains(*w) && !lex.body_words.contains(*w))
            };
            if let Some(first) = first.filter(|&f| !local(f)) {
                bodies.push((first, k));
            }
        }
        let body_of = |s: &Span| bodies.iter().copied().find(|&(a, k)| a <= s.start && s.end <= k + 1);
        // A place's name begins a body's only if no other place lies between ("Quetta and
        // Zhob Militia": Quetta is a town, then a force).
        let body_of = |s: &Span| body_of(s).filter(|&(_, k)| !(s.end..k).any(&in_span));
        let mut dropped = None;
        spans.retain(|s| {
            let body = body_of(s);
            // "Khan of Kalat": titles, "of", the name, and nothing else.
            let title = s.start >= 2
                && s.end == words.len()
                && words[s.start - 1] == "of"
                && words[..s.start - 1].iter().all(|w| lex.is_honorific(w));
            if body.is_none() && !title {
                return true;
            }
            if let Some(c) = s.cands.first() {
                let what = match body {
                    Some((a, k)) => format!(
                        "'{}' names a body (a force, a party, a company, a train), not a place",
                        words[a.min(s.start)..=k].join(" ")
                    ),
                    None => format!("'{normalized}' is a title, not a place"),
                };
                dropped.get_or_insert((what, c.place as usize));
            }
            false
        });
        rest.retain(|i| !bodies.iter().any(|&(a, k)| (a..=k).contains(i)));
        dropped
    }

    /// Whether the whole phrase is a person's name: titles, then a given name, then given
    /// names, family names, titles or a clan's name, ending in a family or clan name or begun
    /// by a title ("Abdullah Baloch", "Maulana Muhammad Khan Sherani"). Villages are named
    /// after men ("Abdullah", "Mahmud Khan"), so their names match; with the man's family name
    /// after it the row names him, not the village. A well-known place written in full is
    /// itself ("Musa Khel", "Usta Muhammad").
    fn names_a_person(&self, normalized: &str, spans: &[Span]) -> bool {
        let lex = crate::gazetteer::lexicon::Lexicon::get();
        let words: Vec<&str> = normalized.split(' ').collect();
        let titles = words.iter().take_while(|w| lex.is_honorific(w)).count();
        let name = &words[titles..];
        let Some(last) = name.last() else {
            return false;
        };
        // The last word a clan's or people's ("Baloch", "Achakzai"): "Muhammad Khan", "Mir Khan"
        // are villages' names as often as men's, and "Shah Noorani" a shrine's.
        let clan = |w: &str| lex.is_tribe(w) || lex.demonyms.contains(w);
        let family = |w: &str| lex.surnames.contains(w) || clan(w);
        let person = name.len() >= 2
            && lex.given_names.contains(name[0])
            && name[1..]
                .iter()
                .all(|w| lex.given_names.contains(*w) || family(w) || lex.is_honorific(w))
            && (titles > 0 || clan(last) && !lex.given_names.contains(*last))
            // A figure's name as the lexicon has it, or after a title ("Nawabzada Lashkari Raisani").
            || lex.figures.contains(normalized)
            || titles > 0 && lex.figures.contains(&name.join(" "))
            // A title, then a name that ends in a clan's: "Nawabzada Lashkari Raisani", whatever
            // the given name.
            || titles > 0
                && (2..=3).contains(&name.len())
                && clan(last)
                && !lex.given_names.contains(*last)
                && name.iter().all(|w| !phrase::is_stop(w) && !phrase::names_a_kind(w));
        // A place whose name is the whole phrase, as written: a village named after a man with
        // his clan ("Barkat Umrani"), a well-known place ("Musa Khel").
        let place_itself = spans.iter().any(|s| {
            s.start == 0
                && s.end == words.len()
                && s.cands.iter().any(|c| {
                    matches!(c.quality, Quality::Exact | Quality::AltName)
                        || evidence::prominent(self.gaz.place(c.place as usize))
                })
        });
        person && !place_itself
    }

    /// Resolves a normalised phrase in a row context (uncached).
    pub fn resolve_phrase(&self, normalized: &str, ctx: &RowContext) -> Resolution {
        if normalized.is_empty() {
            return self.fallback(ctx, "empty location");
        }
        let (mut spans, mut rest) = self.spans(normalized);
        if self.names_a_person(normalized, &spans) {
            let place = spans.first().and_then(|s| s.cands.first()).map(|c| c.place as usize);
            return self.set_aside(ctx, &format!("'{normalized}' is a person's name, not a place"), place);
        }
        // What was set aside (why, and the place), for the row's reason and alternatives.
        let mut dropped = self.streets_named_after_people(normalized, &mut spans);
        if let Some(body) = self.bodies_named_after_places(normalized, &mut spans, &mut rest) {
            dropped.get_or_insert(body);
        }
        if let Some(compound) = self.izafat_compounds(normalized, &mut spans, &mut rest) {
            dropped.get_or_insert(compound);
        }
        Self::tehsils_are_here(normalized, self.gaz, &mut spans);
        // The border is by the place named, not at it.
        let at_border = self.countries_naming_a_border(normalized, &mut spans);
        self.longer_name_before_town(normalized, &mut spans, &mut rest);
        let mut ranked = rank::rank(self.gaz, &spans, ctx);
        let coarse = ranked
            .as_ref()
            .is_none_or(|r| self.gaz.place(r.best.cand.place as usize).kind >= PlaceKind::District);
        if coarse && !rest.is_empty() {
            let mut fz = phrase::fuzzy_spans(self.gaz, normalized, &rest);
            fz.retain_mut(|s| self.apply_hint(s));
            if !fz.is_empty() {
                spans.extend(fz);
                spans.sort_by_key(|s| s.start);
                ranked = rank::rank(self.gaz, &spans, ctx);
            }
        }
        // A loose misspelling of a village is no evidence: set it aside and
        // let the rest of the phrase (or the row) speak.
        // Rivals are weighed among all the readings a span had: setting the nearest aside one
        // by one must not leave the last of several equally close villages without one.
        // (Copied when the first misspelling is weighed, before anything is set aside.)
        let mut weighed: Option<Vec<Span>> = None;
        while let Some(r) = &ranked {
            let (si, cand) = (r.best.span, r.best.cand);
            let p = self.gaz.place(cand.place as usize);
            // A spelling variant of a village is weighed like a misspelling when the names
            // written as such contradict it ("Moola, Khuzdar" is no village Mola of Awaran).
            let fuzzy = matches!(cand.quality, Quality::Fuzzy(_));
            let variant = matches!(cand.quality, Quality::Translit) && !evidence::prominent(p);
            if !fuzzy && !variant {
                break;
            }
            // A misspelling of a place that the names written as such contradict
            // ("Dera Ghazi Khan's Fort Munro" is no town Moro of Sindh).
            let contradicted = spans.iter().enumerate().any(|(i, s)| {
                i != si
                    && s.cands.iter().any(|c| !matches!(c.quality, Quality::Fuzzy(_)))
                    && s.cands.iter().all(|c| {
                        let q = self.gaz.place(c.place as usize);
                        // A variant is held to the district as it is now: the crosswalk's
                        // older, larger districts (Awaran was Khuzdar's) are no evidence for it.
                        let fits = if fuzzy {
                            rank::compatible(self.gaz, p, q)
                        } else {
                            q.kind >= PlaceKind::Province && q.province == p.province
                                || q.district.is_some() && q.district == p.district
                        };
                        !matches!(c.quality, Quality::Fuzzy(_)) && !fits
                    })
            });
            let weak = if contradicted {
                Some(if fuzzy {
                    "a misspelling the other names contradict"
                } else {
                    "a spelling variant the other names contradict"
                })
            } else if !fuzzy {
                break;
            } else {
                let all = weighed
                    .get_or_insert_with(|| spans.clone())
                    .iter()
                    .find(|s| (s.start, s.end) == (spans[si].start, spans[si].end))
                    .unwrap_or(&spans[si]);
                if evidence::prominent(p) || evidence::close_to_a_town(self.gaz, all, cand, p) {
                    None
                } else {
                    evidence::weak_match(self.gaz, all, cand, p)
                }
            };
            let Some(weak) = weak else {
                break;
            };
            dropped.get_or_insert((
                format!("'{}' is only {weak} of {}", spans[si].text, p.describe()),
                cand.place as usize,
            ));
            spans[si].cands.retain(|c| c.place != cand.place);
            if spans[si].cands.is_empty() {
                // Its words name no place now: an address may make them one ("Killi X, Pishin").
                let gone = spans.remove(si);
                rest.extend(gone.start..gone.end);
                rest.sort_unstable();
            }
            ranked = rank::rank(self.gaz, &spans, ctx);
        }
        let Some(ranked) = ranked else {
            return match dropped {
                Some((why, place)) => self.set_aside(ctx, &why, Some(place)),
                None => self.fallback(ctx, &format!("no gazetteer place found in '{normalized}'")),
            };
        };
        let best = &ranked.best;
        let span = &spans[best.span];
        let mut place_idx = best.cand.place as usize;
        let mut p = self.gaz.place(place_idx);
        let mut flags: Vec<Flag> = Vec::new();
        let mut reason = None;
        // The words of the place chosen (another span's when an address makes it the place).
        let mut matched = span.text.clone();
        // A province-level answer when the row names the district: use the district.
        if p.kind >= PlaceKind::Province {
            if let Some(d) = ctx
                .district
                .as_deref()
                .and_then(|d| self.admin_unit(d, PlaceKind::District))
            {
                if rank::compatible(self.gaz, p, self.gaz.place(d)) {
                    place_idx = d;
                    p = self.gaz.place(d);
                    reason = Some("only the province is named; district from the row".to_string());
                }
            }
        }
        // "between Turbat and Tump": the stretch between two places of one district lies in that
        // district (at its precision). Between two districts' places it is near the one chosen
        // (the first named, or the row's), at precision 2 — one place of the event, not two.
        // (Coders differ here: some code only the province; ACLED codes a place at precision 2.)
        let mut between = false;
        let mut near_between = false;
        if reason.is_none() && p.kind < PlaceKind::District {
            if let Some((q, q_first)) = self.other_end_between(normalized, &spans, best.span, p) {
                between = true;
                let (x, y) = if q_first {
                    (&q.name, &p.name)
                } else {
                    (&p.name, &q.name)
                };
                let district = p
                    .district
                    .as_deref()
                    .filter(|_| p.district == q.district)
                    .and_then(|d| self.admin_unit(d, PlaceKind::District));
                if let Some(u) = district {
                    reason = Some(format!(
                        "between {x} and {y}: somewhere in {} district",
                        self.gaz.place(u).name
                    ));
                    place_idx = u;
                    p = self.gaz.place(u);
                } else {
                    reason = Some(format!("between {x} and {y}: near {}", p.name));
                    near_between = true;
                }
            }
        }
        // "Tump, Kharan" with no Tump in Kharan: the place is somewhere in
        // Kharan district, not at its town.
        let mut near_town = near_between;
        if span.role == Role::Container && p.kind < PlaceKind::District {
            let outside = spans
                .iter()
                .enumerate()
                .find(|(i, s)| *i != best.span && s.role == Role::Target && !s.cands.is_empty());
            let unit = p
                .district
                .as_deref()
                .and_then(|d| self.admin_unit(d, PlaceKind::District));
            // A city only ("Sohrab Goth, Karachi"), or a province's capital ("Kili X, Quetta": the
            // city's own killis): near the city, not anywhere in its district.
            let city = p.kind == PlaceKind::Town && p.seat == Seat::Province
                || !span
                    .cands
                    .iter()
                    .any(|c| self.gaz.place(c.place as usize).kind.is_admin());
            match (outside, unit) {
                (Some((_, o)), _) if city => {
                    reason = Some(format!("'{}' names no place near {}; near it", o.text, p.name));
                    near_town = true;
                    flags.push(Flag::Near);
                }
                (Some((_, o)), Some(d)) => {
                    reason = Some(format!("'{}' names no place in {}; its district", o.text, p.name));
                    place_idx = d;
                    p = self.gaz.place(d);
                }
                _ => {}
            }
        }
        // "Kunjdar area of Panjgur", "Zarpakh village, Mastung": a name no gazetteer has, written
        // as a place before a town, is a place in the town's district or near it — not the town.
        if reason.is_none() && matches!(p.kind, PlaceKind::Town | PlaceKind::Village) {
            // The names after the town may only be what contains it ("..., Mastung, Balochistan").
            let only_containers_after = spans.iter().enumerate().all(|(i, s)| {
                i == best.span
                    || s.start >= span.end
                        && s.cands.iter().any(|c| {
                            let q = self.gaz.place(c.place as usize);
                            q.kind >= PlaceKind::District && rank::compatible(self.gaz, p, q)
                        })
            });
            if let Some(name) = unknown_name_before(normalized, span, &rest).filter(|_| only_containers_after) {
                // The town's name is also its district's ("Mastung"), whatever a hint kept of its readings.
                // (Its own name, in any spelling: "Wadh" is another name of Khuzdar district in the
                // crosswalk, not its name; "Musakhel" is Musa Khel's.) Not a province's capital: its
                // killis and mohallas are the city's own, near it, not anywhere in its district.
                let capital = p.kind == PlaceKind::Town && p.seat == Seat::Province;
                let district = self
                    .admin_unit(&span.text, PlaceKind::District)
                    .filter(|_| !capital)
                    .filter(|&d| translit_key(&normalize(&self.gaz.place(d).name)) == translit_key(&span.text))
                    .filter(|&d| rank::compatible(self.gaz, p, self.gaz.place(d)));
                if let Some(d) = district {
                    reason = Some(format!(
                        "'{name}' names no place in the gazetteer; somewhere in {} district",
                        self.gaz.place(d).name
                    ));
                    place_idx = d;
                    p = self.gaz.place(d);
                } else {
                    reason = Some(format!("'{name}' names no place in the gazetteer; near {}", p.name));
                    near_town = true;
                }
            }
        }
        // "Nasirabad area, Turbat": a name written as a place of its own before the town, none of
        // whose readings lies there (a district, a town far away), is a place of the town's that
        // the gazetteer has under no such name — near the town, not the town.
        if reason.is_none() && matches!(p.kind, PlaceKind::Town | PlaceKind::Village) {
            let words: Vec<&str> = normalized.split(' ').collect();
            let elsewhere = spans.iter().enumerate().find(|(i, s)| {
                let frame = &words[s.end.min(span.start)..span.start];
                *i != best.span
                    && s.end < span.start
                    && s.role == Role::Target
                    && !s.cands.is_empty()
                    && frame.first().is_some_and(|w| UNKNOWN_PLACE_NOUNS.contains(w))
                    && frame.iter().all(|w| UNKNOWN_PLACE_FRAME.contains(w))
                    && s.cands
                        .iter()
                        .all(|c| !rank::compatible(self.gaz, p, self.gaz.place(c.place as usize)))
            });
            if let Some((_, o)) = elsewhere {
                // A reading in the town's district is that place, the town its dateline
                // ("Hoshab area, Turbat": Hoshab, 80 km off, in Kech).
                let same_district = o.cands.iter().map(|c| c.place as usize).find(|&i| {
                    let q = self.gaz.place(i);
                    q.kind < PlaceKind::District && q.district.is_some() && q.district == p.district
                });
                if let Some(i) = same_district {
                    reason = Some(format!("{}, in {}'s district", self.gaz.place(i).name, p.name));
                    matched = o.text.clone();
                    place_idx = i;
                    p = self.gaz.place(i);
                } else {
                    reason = Some(format!("'{}' names no place near {}; near it", o.text, p.name));
                    near_town = true;
                }
            }
        }
        // A river or range runs through several districts: a district named beside it says which.
        if p.district.is_none() && p.kind < PlaceKind::District {
            let named = spans
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != best.span)
                .find_map(|(_, s)| {
                    s.cands.iter().map(|c| c.place as usize).find(|&d| {
                        let q = self.gaz.place(d);
                        q.kind == PlaceKind::District && q.province == p.province
                    })
                });
            if let Some(d) = named {
                let q = self.gaz.place(d);
                reason = Some(format!(
                    "{} runs through several districts; the district named is {}",
                    p.name, q.name
                ));
                place_idx = d;
                p = q;
            }
        }
        let method = match p.kind {
            PlaceKind::District => Method::District,
            PlaceKind::Province | PlaceKind::Country => Method::Province,
            _ => match best.cand.quality {
                Quality::Exact => Method::Exact,
                Quality::AltName | Quality::Translit => Method::Alias,
                Quality::Fuzzy(_) => Method::Fuzzy,
            },
        };
        let mut precision = p.kind.precision();
        if near_town {
            precision = precision.max(GeoPrecision::Area);
        }
        if near_between && !flags.contains(&Flag::Near) {
            flags.push(Flag::Near);
        }
        if (span.near || at_border) && precision == GeoPrecision::Place {
            precision = GeoPrecision::Area;
            flags.push(Flag::Near);
        }
        let mut score = best.cand.quality.score();
        if let Some(weak) = evidence::weak_match(self.gaz, span, best.cand, p) {
            flags.push(Flag::LowConfidence);
            precision = precision.max(GeoPrecision::Area);
            score *= 0.6;
            reason = Some(format!("{weak} of {}", p.name));
        }
        match ranked.decided_by {
            Decision::Unique => {}
            Decision::Context => score *= 0.95,
            Decision::Prominence => {
                score *= 0.85;
                flags.push(Flag::Ambiguous);
            }
        }
        let has_ctx = ctx.district.is_some() || ctx.province.is_some();
        if !best.fits_row && has_ctx {
            // The row's own district/province columns outrank a place found
            // elsewhere: keep the row's unit, say what was found instead.
            let found = p.describe();
            let mut r = self.fallback(
                ctx,
                &format!("'{}' matched {found}, outside the row's {}", span.text, ctx_label(ctx)),
            );
            r.flags.push(Flag::ContextMismatch);
            r.candidates = ranked.all.len();
            r.matched = Some(span.text.clone());
            r.alternatives = vec![Candidate {
                place: place_idx,
                score: round3(best.cand.quality.score() * 0.7),
            }];
            return r;
        }
        if ranked.multiple_places && !between {
            flags.push(Flag::MultiplePlaces);
        }
        if matches!(method, Method::District | Method::Province) && reason.is_none() {
            reason = Some(format!(
                "only the {} is known",
                if method == Method::District {
                    "district"
                } else {
                    "province"
                }
            ));
        }
        let alternatives = ranked
            .all
            .iter()
            .filter(|s| s.cand.place as usize != place_idx)
            .take(3)
            .map(|s| Candidate {
                place: s.cand.place as usize,
                score: round3(s.cand.quality.score() * if s.fits_row { 1.0 } else { 0.7 }),
            })
            .collect();
        Resolution {
            place: Some(place_idx),
            lat: Some(p.lat),
            lon: Some(p.lon),
            district: if p.kind <= PlaceKind::District {
                p.district.clone()
            } else {
                None
            },
            province: p.province.clone(),
            district_source: (p.kind <= PlaceKind::District).then(|| p.district_source.as_str()),
            method,
            score: round3(score),
            precision: Some(precision),
            candidates: ranked.all.len(),
            alternatives,
            matched: Some(matched),
            flags,
            reason,
        }
    }

    /// Falls back as [`Self::fallback`] when the phrase's one reading was set aside (`why`): the
    /// reading, if any, is offered as a weak alternative and the row flagged `low_confidence`.
    fn set_aside(&self, ctx: &RowContext, why: &str, place: Option<usize>) -> Resolution {
        let mut r = self.fallback(ctx, why);
        if let Some(place) = place {
            r.flags.push(Flag::LowConfidence);
            r.alternatives = vec![Candidate { place, score: 0.3 }];
        }
        r
    }

    /// Falls back to the row's district, then province, else unresolved.
    fn fallback(&self, ctx: &RowContext, why: &str) -> Resolution {
        let unit = ctx
            .district
            .as_deref()
            .and_then(|d| self.admin_unit(d, PlaceKind::District))
            .or_else(|| {
                ctx.province
                    .as_deref()
                    .and_then(|p| self.admin_unit(p, PlaceKind::Province))
            });
        let Some(i) = unit else {
            return Resolution::unresolved(why);
        };
        let p = self.gaz.place(i);
        let district = p.kind == PlaceKind::District;
        Resolution {
            place: Some(i),
            lat: Some(p.lat),
            lon: Some(p.lon),
            district: if district { p.district.clone() } else { None },
            province: p.province.clone(),
            district_source: district.then_some("row"),
            method: if district { Method::District } else { Method::Province },
            score: 1.0,
            precision: Some(p.kind.precision()),
            candidates: 0,
            alternatives: Vec::new(),
            matched: None,
            flags: vec![Flag::FromRowContext],
            reason: Some(format!(
                "{why}; {} from the row",
                if district { "district" } else { "province" }
            )),
        }
    }

    /// Candidates for a name, for `gazetteer lookup` and the unmatched report:
    /// every match the geocoder would weigh, plus the nearest names by
    /// Jaro–Winkler similarity when nothing matches.
    pub fn suggestions(&self, location: &str, n: usize) -> Vec<Candidate> {
        let norm = normalize_location(location);
        let (mut spans, rest) = self.spans(&norm);
        spans.extend(phrase::fuzzy_spans(self.gaz, &norm, &rest));
        let mut out: Vec<Candidate> = Vec::new();
        if let Some(r) = rank::rank(self.gaz, &spans, &RowContext::default()) {
            for s in r.all {
                if !out.iter().any(|c| c.place == s.cand.place as usize) {
                    out.push(Candidate {
                        place: s.cand.place as usize,
                        score: round3(s.cand.quality.score()),
                    });
                }
            }
        }
        if out.len() < n {
            let mut scored: Vec<(f64, usize)> = Vec::new();
            for w in norm.split(' ').filter(|w| w.len() >= 4 && !phrase::is_stop(w)) {
                for (i, s) in self.gaz.similar_names(&translit_key(w), 0.75) {
                    scored.push((s, i as usize));
                }
            }
            scored.sort_by(|a, b| {
                b.0.total_cmp(&a.0).then_with(|| {
                    let (pa, pb) = (self.gaz.place(a.1), self.gaz.place(b.1));
                    pb.population.unwrap_or(0).cmp(&pa.population.unwrap_or(0))
                })
            });
            for (s, i) in scored {
                if out.len() >= n {
                    break;
                }
                if !out.iter().any(|c| c.place == i) {
                    out.push(Candidate {
                        place: i,
                        score: round3(0.5 * s),
                    });
                }
            }
        }
        out.truncate(n);
        out
    }
}

fn ctx_label(ctx: &RowContext) -> String {
    match (&ctx.district, &ctx.province) {
        (Some(d), _) => format!("district {d}"),
        (None, Some(p)) => format!("province {p}"),
        _ => "context".into(),
    }
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

fn dedup(mut v: Vec<Flag>) -> Vec<Flag> {
    let mut seen = Vec::new();
    v.retain(|f| {
        if seen.contains(f) {
            false
        } else {
            seen.push(*f);
            true
        }
    });
    v
}

/// Words a place is introduced by in an address ("Gichk area of Panjgur", "Kotra
/// village, Khuzdar").
const UNKNOWN_PLACE_FRAME: &[&str] = &["area", "areas", "goth", "of", "tehsil", "valley", "village"];
/// The frame words that say what the name before them is: a place of its own.
const UNKNOWN_PLACE_NOUNS: &[&str] = &["area", "areas", "goth", "tehsil", "valley", "village"];
/// Words that end place names when written apart ("Khalique Abad", "Baba Kot", "Fateh Pur").
const NAME_ENDINGS: &[&str] = &["abad", "garh", "kot", "nagar", "pur"];

/// Words for a building, a base or a ground of a town: "Bugti House, Quetta", "Police
/// Lines, Turbat" are in the town, not another place before it.
const BUILDING_WORDS: &[&str] = &[
    "base",
    "camp",
    "centre",
    "center",
    "club",
    "compound",
    "court",
    "gate",
    "hall",
    "headquarters",
    "house",
    "jail",
    "lines",
    "office",
    "park",
    "plaza",
    "post",
    "prison",
    "station",
];

/// The name no gazetteer has that a phrase begins with, before its first found name, as
/// in an address: one or two words none of the found names covers ("Gichk", "Spin
/// Tangi"), then a word that makes them a place's name and the address's other words
/// ("area of", "village,"). Not a word for people or a title, not a word that names a kind
/// of thing ("Bugti Stadium, Quetta" is in Quetta) or an English word of incident reports
/// ("provincial capital Quetta"), and not a word under three letters.
fn unknown_name_before(normalized: &str, span: &phrase::Span, rest: &[usize]) -> Option<String> {
    if span.start == 0 || span.near {
        return None;
    }
    let tokens: Vec<&str> = normalized.split(' ').collect();
    let before = &tokens[..span.start];
    let lex = crate::gazetteer::lexicon::Lexicon::get();
    let killi = phrase::VILLAGE_BEFORE.contains(&before[0]);
    // Whether a title may stand in the name: in a killi's (often a man's, with his title), and
    // in a name that a frame word says is a place's ("Pir Koh area", "Mir Hasan village").
    let mut titled = killi;
    let name = if killi {
        // "Killi Zarpakh, Mastung", "Goth Allah Bux, Hub", "Killi Haji Murad, Turbat": the word
        // before says it is a village (often named after a man, with his title).
        // Its words name no place found (a man's name and title stay covered as a person's).
        let unfound = |i: usize| rest.contains(&i) || lex.is_honorific(before[i]) || lex.is_person(before[i]);
        if !(2..=4).contains(&before.len()) || !(1..before.len()).all(unfound) {
            return None;
        }
        &before[1..]
    } else {
        // A frame word says it is a place of its own. Without one, the address itself does
        // ("Kalmat, Gwadar"): one or two words no gazetteer has, then the town — but not a
        // word of incident reports, a date or a kind of thing ("Downtown Quetta", "Wednesday,
        // Quetta", "Press Club, Quetta" are of the town).
        let framed_after = |n: usize| {
            let frame = &before[n..];
            frame.first().is_some_and(|w| UNKNOWN_PLACE_NOUNS.contains(w))
                && frame.iter().all(|w| UNKNOWN_PLACE_FRAME.contains(w))
        };
        // Framed, a name may begin with a title, as places named after holy men and chiefs do
        // ("Pir Koh area of Dera Bugti", "Mir Hasan village").
        let plain_len = (0..before.len()).take_while(|i| rest.contains(i)).count();
        let titled_len = (0..before.len())
            .take_while(|&i| rest.contains(&i) || lex.is_honorific(before[i]))
            .count();
        let name_len = if titled_len > plain_len && titled_len <= 3 && framed_after(titled_len) {
            titled = true;
            titled_len
        } else {
            plain_len
        };
        let frame = &before[name_len..];
        if !(1..=3).contains(&name_len) || name_len == 3 && !titled {
            return None;
        }
        let framed = framed_after(name_len);
        let bare = frame.is_empty() && before.iter().all(|w| bare_name_word(w));
        if !framed && !bare {
            return None;
        }
        let joined = before[..name_len].join(" ");
        // Unframed, a person's name is the person's ("Abdul Rahman, Khuzdar", "Saleem,
        // Turbat"). A clan's or family's name alone is not: clans name the lands they hold
        // ("Sasoli, Khuzdar" is the Sasolis' land, not a man), and a man is written with his
        // given name.
        let clan_alone = name_len == 1 && !lex.given_names.contains(&joined) && !lex.figures.contains(&joined);
        if bare && !clan_alone && (lex.is_person(&joined) || lex.is_tribe(&joined)) {
            return None;
        }
        &before[..name_len]
    };
    let joined = name.join(" ");
    // A person's or a clan's name may be a place's here: the frame word says it is one
    // ("Kanak area", "Marri area", "Saleem village" — places are named after people and tribes).
    let plausible =
        name.iter().all(|w| plausible_name_word(w, lex, titled)) && !name.iter().all(|w| lex.is_honorific(w));
    plausible.then_some(joined)
}

/// A word that can stand as (part of) a place's name with nothing to frame it: four letters
/// or more, no word for a building, no stop word, no weekday or month ("Wednesday, Quetta").
fn bare_name_word(w: &str) -> bool {
    w.len() >= 4
        && !BUILDING_WORDS.contains(&w)
        && !phrase::is_stop(w)
        && w.parse::<chrono::Weekday>().is_err()
        && w.parse::<chrono::Month>().is_err()
}

/// A word that can be a place's name: letters only, three or more, not a word for people,
/// a title (except in a killi's name, often a man's with his title) or a kind of thing.
fn plausible_name_word(w: &str, lex: &crate::gazetteer::lexicon::Lexicon, titled: bool) -> bool {
    w.len() >= 3
        && w.chars().all(|c| c.is_alphabetic())
        && !lex.is_people_word(w)
        && (titled || !lex.is_honorific(w))
        && !phrase::names_a_kind(w)
        && !crate::gazetteer::lexicon::in_sorted(phrase::NOT_FUZZY, w)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::OnceLock;

    fn gaz() -> &'static Gazetteer {
        static G: OnceLock<Gazetteer> = OnceLock::new();
        G.get_or_init(Gazetteer::embedded)
    }

    fn r(loc: &str, admin2: Option<&str>, admin1: Option<&str>) -> Resolution {
        Geocoder::new(gaz()).resolve(loc, admin2, admin1)
    }

    fn name(res: &Resolution) -> String {
        res.place.map(|i| gaz().place(i).name.clone()).unwrap_or_default()
    }

    #[test]
    fn a_seat_town_beats_its_district_and_a_hint_picks_the_district() {
        let t = r("Kalat", None, None);
        assert_eq!(
            (name(&t).as_str(), t.method, t.precision),
            ("Kalat", Method::Exact, Some(GeoPrecision::Place))
        );
        let d = r("Kalat district", None, None);
        assert_eq!((d.method, d.precision), (Method::District, Some(GeoPrecision::Area)));
        assert_eq!(d.district.as_deref(), Some("Kalat"));
        // A town named with "district" means its district.
        assert_eq!(r("Turbat district", None, None).district.as_deref(), Some("Kech"));
    }

    #[test]
    fn the_most_specific_place_consistent_with_the_larger_unit() {
        let s = r("Suntsar area of Gwadar district", None, None);
        assert_eq!((name(&s).as_str(), s.district.as_deref()), ("Suntsar", Some("Gwadar")));
        let t = r("Nasirabad neighbourhood of Turbat", None, None);
        assert_eq!((name(&t).as_str(), t.district.as_deref()), ("Turbat", Some("Kech")));
        let c = r(
            "near Levies Headquarter Office at Chaman area of Killa Abdullah district",
            None,
            None,
        );
        assert_eq!((name(&c).as_str(), c.district.as_deref()), ("Chaman", Some("Chaman")));
        let h = r("Quetta's Hazarganji market", None, None);
        assert_eq!(h.district.as_deref(), Some("Quetta"));
    }

    #[test]
    fn province_only_and_places_outside_balochistan() {
        let p = r("troubled Baluchistan province", None, None);
        assert_eq!(
            (p.method, p.precision, p.province.as_deref()),
            (Method::Province, Some(GeoPrecision::Province), Some("Balochistan"))
        );
        assert_eq!(r("Karachi", None, None).province.as_deref(), Some("Sindh"));
        // With the district in the row, a province-only phrase gets the district.
        let k = r("Balochistan", Some("Kech"), None);
        assert_eq!((k.method, k.district.as_deref()), (Method::District, Some("Kech")));
    }

    #[test]
    fn row_context_breaks_ties_and_wins_over_a_place_elsewhere() {
        // Tump is in Kech; a row that says Kharan keeps Kharan and says so.
        let t = r("Tump", Some("Kharan"), None);
        assert_eq!((t.method, t.district.as_deref()), (Method::District, Some("Kharan")));
        assert!(t.flags.contains(&Flag::ContextMismatch));
        // Old district names in the row still fit (Chaman was in Killa Abdullah).
        let c = r("Chaman", Some("Qila Abdullah"), None);
        assert_eq!((name(&c).as_str(), c.method), ("Chaman", Method::Exact));
        // Unknown place, known district: the district, precision 2.
        let u = r("some village", Some("Panjgur"), None);
        assert_eq!(
            (u.method, u.precision, u.district.as_deref()),
            (Method::District, Some(GeoPrecision::Area), Some("Panjgur"))
        );
    }

    #[test]
    fn fuzzy_matching_is_bounded_and_scored() {
        let m = r("Mustang", None, None);
        assert_eq!((name(&m).as_str(), m.method), ("Mastung", Method::Fuzzy));
        // A vowel slip of a district seat: the district is likely, the point is not.
        assert_eq!(m.precision, Some(GeoPrecision::Area));
        assert!(m.flags.contains(&Flag::LowConfidence));
        // geo_score is the calibrated share of right rows of its evidence class.
        let class = calibration::class_of(&m, m.place.map(|i| gaz().place(i)));
        assert_eq!(class, "fuzzy/seat/low_confidence");
        assert!(m.score > 0.2 && m.score <= 1.0, "{}", m.score);
        // A loose misspelling of a village is set aside, not taken for it.
        let v = r("Khoolpoo area", None, None);
        assert_eq!(v.method, Method::Unresolved);
        // One of a town (Jiwani, a town of Gwadar) is kept, as a weak match: the district, flagged.
        let j = r("Jiwni", None, None);
        assert_eq!(
            (name(&j), j.precision),
            ("Jiwani".to_string(), Some(GeoPrecision::Area))
        );
        assert!(j.flags.contains(&Flag::LowConfidence), "{j:?}");
        // Too short to fuzz, and a stop word is never fuzzed.
        assert_eq!(r("Sibo", None, None).method, Method::Unresolved);
        assert_eq!(r("highwya", None, None).method, Method::Unresolved);
        // Doubled letters and vowel variants are aliases, not fuzzy.
        assert_eq!(r("Quettta", None, None).method, Method::Alias);
        assert_eq!(name(&r("Panjgoor", None, None)), "Panjgur");
        // Misspellings reach Balochistan's places and big units elsewhere, not
        // a village in Kashmir one letter from a keyboard row.
        assert_eq!(r("Qwerty", None, None).method, Method::Unresolved);
        assert_eq!(r("Qwerty Uiop", None, None).method, Method::Unresolved);
        assert_eq!(name(&r("Rawalpindy", None, None)), "Rawalpindi");
    }

    #[test]
    fn candidates_are_counted_and_the_cache_is_by_distinct_input() {
        let mut g = Geocoder::new(gaz());
        let a = g.resolve("Nushki", None, None);
        assert!(a.candidates >= 2, "town and district");
        g.resolve("nushki", None, None);
        g.resolve("NUSHKI", None, None);
        assert_eq!(g.distinct_inputs(), 1);
    }
}
