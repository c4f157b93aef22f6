//! The few plain types every stage shares: a gazetteer [`Place`], an input
//! [`Incident`] and the [`Resolution`] the geocoder makes of it.

use std::fmt;

/// What kind of place a gazetteer entry is, from most to least specific.
///
/// The order matters: everything from [`PlaceKind::District`] up is an
/// administrative unit ([`PlaceKind::is_admin`]), and the settlements
/// (locality < village < town) come just below. The natural and built
/// features that are not settlements ([`PlaceKind::is_feature`]: passes,
/// rivers, dams, shrines, ...) come first, [`PlaceKind::Landmark`] (any
/// other named feature) last among them.
///
/// ```
/// use incident_mapper::model::PlaceKind;
/// assert_eq!(PlaceKind::parse("air base"), Some(PlaceKind::Airport));
/// assert_eq!(PlaceKind::BorderCrossing.as_str(), "border_crossing");
/// assert!(PlaceKind::Pass.is_feature() && !PlaceKind::Pass.is_admin());
/// assert_eq!(PlaceKind::River.precision().code(), 2);
/// assert_eq!(PlaceKind::Dam.precision().code(), 1);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PlaceKind {
    /// A mountain pass (Bolan Pass, Khojak Pass).
    Pass,
    /// A hill, peak, mountain, ridge, spur or cliff.
    Hill,
    /// A mountain range (Sulaiman Mountains, Chagai Hills as a range).
    Range,
    /// A valley.
    Valley,
    /// A plain.
    Plain,
    /// A river, stream or wadi (dry river bed).
    River,
    /// A lake or natural reservoir.
    Lake,
    /// A dam, reservoir behind a dam, or barrage.
    Dam,
    /// A spring.
    Spring,
    /// An island.
    Island,
    /// A bay or cove.
    Bay,
    /// A cape or point on the coast.
    Cape,
    /// A port or harbour.
    Port,
    /// An airport, airfield, airstrip or air base.
    Airport,
    /// A railway station or stop.
    Station,
    /// A road or railway tunnel.
    Tunnel,
    /// A bridge.
    Bridge,
    /// A border crossing or border post.
    BorderCrossing,
    /// A shrine, tomb, mosque, temple or church.
    Shrine,
    /// A fort or castle.
    Fort,
    /// A mine or quarry.
    Mine,
    /// A gas or oil field.
    GasField,
    /// A park, wildlife sanctuary or reserve.
    Park,
    /// Any other named feature that is not a settlement (a market, a chowk, a building).
    Landmark,
    /// A part of a town: a neighbourhood, cantonment or camp.
    Locality,
    Village,
    Town,
    District,
    Province,
    Country,
}

impl PlaceKind {
    /// Every kind, in order.
    pub const ALL: [PlaceKind; 30] = [
        PlaceKind::Pass,
        PlaceKind::Hill,
        PlaceKind::Range,
        PlaceKind::Valley,
        PlaceKind::Plain,
        PlaceKind::River,
        PlaceKind::Lake,
        PlaceKind::Dam,
        PlaceKind::Spring,
        PlaceKind::Island,
        PlaceKind::Bay,
        PlaceKind::Cape,
        PlaceKind::Port,
        PlaceKind::Airport,
        PlaceKind::Station,
        PlaceKind::Tunnel,
        PlaceKind::Bridge,
        PlaceKind::BorderCrossing,
        PlaceKind::Shrine,
        PlaceKind::Fort,
        PlaceKind::Mine,
        PlaceKind::GasField,
        PlaceKind::Park,
        PlaceKind::Landmark,
        PlaceKind::Locality,
        PlaceKind::Village,
        PlaceKind::Town,
        PlaceKind::District,
        PlaceKind::Province,
        PlaceKind::Country,
    ];

    /// The kind as written in the gazetteer CSV and `geo_kind`: lower-case snake case
    /// (`pass`, `border_crossing`, `gas_field`, `town`).
    pub fn as_str(self) -> &'static str {
        match self {
            PlaceKind::Pass => "pass",
            PlaceKind::Hill => "hill",
            PlaceKind::Range => "range",
            PlaceKind::Valley => "valley",
            PlaceKind::Plain => "plain",
            PlaceKind::River => "river",
            PlaceKind::Lake => "lake",
            PlaceKind::Dam => "dam",
            PlaceKind::Spring => "spring",
            PlaceKind::Island => "island",
            PlaceKind::Bay => "bay",
            PlaceKind::Cape => "cape",
            PlaceKind::Port => "port",
            PlaceKind::Airport => "airport",
            PlaceKind::Station => "station",
            PlaceKind::Tunnel => "tunnel",
            PlaceKind::Bridge => "bridge",
            PlaceKind::BorderCrossing => "border_crossing",
            PlaceKind::Shrine => "shrine",
            PlaceKind::Fort => "fort",
            PlaceKind::Mine => "mine",
            PlaceKind::GasField => "gas_field",
            PlaceKind::Park => "park",
            PlaceKind::Landmark => "landmark",
            PlaceKind::Locality => "locality",
            PlaceKind::Village => "village",
            PlaceKind::Town => "town",
            PlaceKind::District => "district",
            PlaceKind::Province => "province",
            PlaceKind::Country => "country",
        }
    }

    /// Parses a kind as written in the project's gazetteer CSV: every
    /// [`as_str`](Self::as_str) name, and common synonyms (`city` is `town`;
    /// `neighbourhood`, `cantonment` and `camp` are `locality`; `peak` and
    /// `mountain` are `hill`; `wadi` is `river`; `air_base` is `airport`;
    /// `tomb` is `shrine`; `oil_field` is `gas_field`; ...). Case, spaces and
    /// hyphens do not matter (`Border crossing`, `gas-field`).
    pub fn parse(s: &str) -> Option<PlaceKind> {
        let s = s.trim().to_ascii_lowercase().replace([' ', '-'], "_");
        Some(match s.as_str() {
            "pass" => PlaceKind::Pass,
            "hill" | "hills" | "mountain" | "peak" | "ridge" => PlaceKind::Hill,
            "range" | "mountain_range" | "mountains" => PlaceKind::Range,
            "valley" => PlaceKind::Valley,
            "plain" => PlaceKind::Plain,
            "river" | "stream" | "wadi" => PlaceKind::River,
            "lake" => PlaceKind::Lake,
            "dam" | "reservoir" | "barrage" => PlaceKind::Dam,
            "spring" => PlaceKind::Spring,
            "island" => PlaceKind::Island,
            "bay" | "cove" => PlaceKind::Bay,
            "cape" | "headland" => PlaceKind::Cape,
            "port" | "harbour" | "harbor" => PlaceKind::Port,
            "airport" | "airfield" | "air_base" | "airbase" | "airstrip" => PlaceKind::Airport,
            "station" | "railway_station" | "railway_stop" => PlaceKind::Station,
            "tunnel" => PlaceKind::Tunnel,
            "bridge" => PlaceKind::Bridge,
            "border_crossing" | "border_post" => PlaceKind::BorderCrossing,
            "shrine" | "tomb" | "temple" | "mosque" | "church" => PlaceKind::Shrine,
            "fort" | "castle" => PlaceKind::Fort,
            "mine" | "quarry" => PlaceKind::Mine,
            "gas_field" | "oil_field" | "gasfield" | "oilfield" => PlaceKind::GasField,
            "park" | "reserve" | "national_park" | "sanctuary" => PlaceKind::Park,
            "landmark" => PlaceKind::Landmark,
            "locality" | "neighbourhood" | "neighborhood" | "cantonment" | "camp" => PlaceKind::Locality,
            "village" => PlaceKind::Village,
            "town" | "city" | "city/town" => PlaceKind::Town,
            "district" => PlaceKind::District,
            "province" | "territory" => PlaceKind::Province,
            "country" => PlaceKind::Country,
            _ => return None,
        })
    }

    /// True for administrative units (district, province, country).
    pub fn is_admin(self) -> bool {
        self >= PlaceKind::District
    }

    /// True for named places that are not settlements nor administrative
    /// units: the natural and built features (pass .. park) and
    /// [`PlaceKind::Landmark`].
    pub fn is_feature(self) -> bool {
        self <= PlaceKind::Landmark
    }

    /// ACLED's geo-precision for a point that stands for a place of this kind:
    /// 1 = the named town or a place within it (or a point feature: a pass, a dam,
    /// a shrine), 2 = a district or a feature that spans an area (a range, river,
    /// plain, valley or bay: its point is only somewhere along it),
    /// 3 = a province or larger.
    pub fn precision(self) -> GeoPrecision {
        match self {
            PlaceKind::Range | PlaceKind::River | PlaceKind::Plain | PlaceKind::Valley | PlaceKind::Bay => {
                GeoPrecision::Area
            }
            PlaceKind::District => GeoPrecision::Area,
            PlaceKind::Province | PlaceKind::Country => GeoPrecision::Province,
            _ => GeoPrecision::Place,
        }
    }
}

/// How precisely a point stands for where an incident happened, on ACLED's
/// geo-precision scale (written as its code, 1–3, in `geo_precision`).
/// Ordered from most to least precise, so `max` keeps the vaguer of two.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum GeoPrecision {
    /// 1: the named town or village, or a place in it (or a point feature).
    Place,
    /// 2: near a town, somewhere along an area feature, or only its district.
    Area,
    /// 3: only the province, or larger.
    Province,
}

impl GeoPrecision {
    /// ACLED's code: 1, 2 or 3.
    pub fn code(self) -> u8 {
        self as u8 + 1
    }

    /// From ACLED's code.
    ///
    /// ```
    /// use incident_mapper::model::GeoPrecision;
    /// assert_eq!(GeoPrecision::from_code(2), Some(GeoPrecision::Area));
    /// assert_eq!(GeoPrecision::from_code(2).map(GeoPrecision::code), Some(2));
    /// assert_eq!(GeoPrecision::from_code(4), None);
    /// ```
    pub fn from_code(code: u8) -> Option<Self> {
        match code {
            1 => Some(GeoPrecision::Place),
            2 => Some(GeoPrecision::Area),
            3 => Some(GeoPrecision::Province),
            _ => None,
        }
    }

    /// Whether an incident located this precisely counts in a district (a
    /// province-level point does not: counts put it under `(province only)`,
    /// the choropleth leaves it out).
    pub fn counts_in_district(self) -> bool {
        self != GeoPrecision::Province
    }
}

impl fmt::Display for PlaceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The administrative unit a place is the seat (capital, headquarters) of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Seat {
    #[default]
    None,
    District,
    Province,
    Country,
}

impl Seat {
    pub fn as_str(self) -> &'static str {
        match self {
            Seat::None => "",
            Seat::District => "district",
            Seat::Province => "province",
            Seat::Country => "country",
        }
    }

    pub fn parse(s: &str) -> Option<Seat> {
        Some(match s.trim().to_ascii_lowercase().as_str() {
            "" => Seat::None,
            "district" => Seat::District,
            "province" => Seat::Province,
            "country" => Seat::Country,
            _ => return None,
        })
    }
}

/// Where a place's district came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DistrictSource {
    /// The gazetteer row names it.
    #[default]
    Gazetteer,
    /// The place's point fell inside a polygon of `--districts`.
    PointInPolygon,
    /// The nearest district seat (no polygons were given).
    NearestSeat,
}

impl DistrictSource {
    pub fn as_str(self) -> &'static str {
        match self {
            DistrictSource::Gazetteer => "gazetteer",
            DistrictSource::PointInPolygon => "point_in_polygon",
            DistrictSource::NearestSeat => "nearest_seat",
        }
    }
}

/// One gazetteer entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    /// Stable identifier: `gn:<geonameid>`, `district:<slug>`, `prov:<slug>`, `cur:<slug>`.
    pub id: String,
    pub name: String,
    pub alt_names: Vec<String>,
    pub lat: f64,
    pub lon: f64,
    pub kind: PlaceKind,
    pub seat: Seat,
    /// The 2023-census district (Balochistan) or OSM 2023 district elsewhere.
    pub district: Option<String>,
    pub province: Option<String>,
    /// ISO 3166-1 alpha-2 country code.
    pub country: String,
    pub population: Option<u64>,
    /// Where the row comes from (GeoNames, census, a curated note).
    pub source: String,
    pub district_source: DistrictSource,
}

impl Place {
    /// A one-line description used in candidate lists: `Turbat (town, Kech, Balochistan)`.
    pub fn describe(&self) -> String {
        let mut parts = vec![self.kind.as_str().to_string()];
        if let Some(d) = &self.district {
            if self.kind != PlaceKind::District {
                parts.push(d.clone());
            }
        }
        if let Some(p) = &self.province {
            if self.kind != PlaceKind::Province {
                parts.push(p.clone());
            }
        } else if self.country != "PK" && self.kind != PlaceKind::Country {
            parts.push(self.country.clone());
        }
        format!("{} ({})", self.name, parts.join(", "))
    }
}

/// How a location was resolved (`geo_method`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// The row's own latitude/longitude were kept.
    Coordinates,
    /// A place's primary name matched (after normalisation).
    Exact,
    /// An alternate name or a transliteration variant matched.
    Alias,
    /// A bounded fuzzy match (typo) matched.
    Fuzzy,
    /// Only the district is known: the point is the district's representative point.
    District,
    /// Only the province (or country) is known.
    Province,
    /// Nothing could be resolved; geometry is null.
    Unresolved,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Coordinates => "coordinates",
            Method::Exact => "exact",
            Method::Alias => "alias",
            Method::Fuzzy => "fuzzy",
            Method::District => "district",
            Method::Province => "province",
            Method::Unresolved => "unresolved",
        }
    }

    pub const ALL: [Method; 7] = [
        Method::Coordinates,
        Method::Exact,
        Method::Alias,
        Method::Fuzzy,
        Method::District,
        Method::Province,
        Method::Unresolved,
    ];
}

/// A candidate the geocoder weighed, with its score (0..1).
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// Index of the place in the gazetteer.
    pub place: usize,
    pub score: f64,
}

/// What the geocoder made of one location (the resolved location of an incident).
#[derive(Debug, Clone, PartialEq)]
pub struct Resolution {
    /// Index of the chosen place in the gazetteer, if any.
    pub place: Option<usize>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub district: Option<String>,
    pub province: Option<String>,
    pub district_source: Option<&'static str>,
    pub method: Method,
    pub score: f64,
    /// ACLED geo-precision (1..3); `None` when unresolved.
    pub precision: Option<GeoPrecision>,
    /// How many candidate places were weighed.
    pub candidates: usize,
    /// The best alternatives after the chosen one (at most three).
    pub alternatives: Vec<Candidate>,
    /// The text that matched, as normalised.
    pub matched: Option<String>,
    /// Quality flags (`latlon_swapped`, `ambiguous`, ...).
    pub flags: Vec<Flag>,
    /// Why nothing (or only a larger unit) was resolved.
    pub reason: Option<String>,
}

impl Resolution {
    pub fn unresolved(reason: impl Into<String>) -> Self {
        Resolution {
            place: None,
            lat: None,
            lon: None,
            district: None,
            province: None,
            district_source: None,
            method: Method::Unresolved,
            score: 0.0,
            precision: None,
            candidates: 0,
            alternatives: Vec::new(),
            matched: None,
            flags: Vec::new(),
            reason: Some(reason.into()),
        }
    }
}

/// One input row, as the readers hand it on.
#[derive(Debug, Clone, PartialEq)]
pub struct Incident {
    /// 1-based data row number (the feature id).
    pub row: u64,
    /// Line number in the input file where the row starts.
    pub line: u64,
    /// Every input field, in input order.
    pub fields: csv::StringRecord,
    pub location: String,
    /// District as the row names it (`admin2`, `district`, ...).
    pub admin2: Option<String>,
    /// Province as the row names it (`admin1`, `province`, ...).
    pub admin1: Option<String>,
    /// Valid coordinates from the row, when it has them.
    pub coords: Option<(f64, f64)>,
    /// Problems found while reading the row (`latlon_swapped`, ...).
    pub flags: Vec<Flag>,
    /// The common model's facts, from the columns the schema names.
    pub facts: Facts,
}

/// What a row says besides its location, read through its schema.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Facts {
    pub date: Option<crate::input::dates::EventDate>,
    pub fatalities: Option<f64>,
    pub event_type: Option<String>,
    pub actor: Option<String>,
    pub id: Option<String>,
    /// The source's precision code as written, and what it means.
    pub source_precision: Option<(String, Option<crate::input::schema::SourcePrecision>)>,
    /// With `--dedup`: how many rows this one stands for, and their ids.
    pub dedup: Option<(u64, String)>,
}

/// A name many rows share (a place, district, province, event type):
/// held once, each row pointing to it. See [`Names`].
pub type Name = std::sync::Arc<str>;

/// Hands out one shared [`Name`] per distinct string, so that a million rows
/// of a few hundred places hold a few hundred strings. Bounded: past
/// [`Names::MAX`] distinct strings, new ones are no longer kept for sharing.
#[derive(Debug, Default)]
pub struct Names {
    seen: rustc_hash::FxHashSet<Name>,
}

impl Names {
    pub const MAX: usize = 100_000;

    /// The shared name for `s`.
    pub fn get(&mut self, s: &str) -> Name {
        if let Some(n) = self.seen.get(s) {
            return n.clone();
        }
        let n: Name = s.into();
        if self.seen.len() < Self::MAX {
            self.seen.insert(n.clone());
        }
        n
    }

    /// The shared name for `s`, if any.
    pub fn opt(&mut self, s: Option<&str>) -> Option<Name> {
        s.map(|s| self.get(s))
    }
}

/// An incident with its resolved location and the facts maps and counts use.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LocatedIncident {
    /// Where the row is in the input: its line in a CSV, its feature number in GeoJSON.
    pub line: u64,
    /// The row's own id (`event_id_cnty`, `eventid`, `id`, ...), when it has one.
    pub id: Option<Box<str>>,
    /// The location as written.
    pub location: Option<Name>,
    pub lon: Option<f64>,
    pub lat: Option<f64>,
    /// The gazetteer place the row resolved to (`geo_name`), when it is one.
    pub place: Option<Name>,
    /// The point is a gazetteer place's, found by the row's location name,
    /// not the row's own coordinates.
    pub by_name: bool,
    /// ACLED geo-precision: 1 the named place, 2 near it or its district, 3 a province.
    pub precision: Option<GeoPrecision>,
    pub district: Option<Name>,
    pub province: Option<Name>,
    pub fatalities: Option<f64>,
    pub event_type: Option<Name>,
    /// The event date, with its precision; `None` when undated, unreadable or out of bounds.
    pub date: Option<crate::input::dates::EventDate>,
    /// The first value of the row left out of sums and time bins as out of
    /// bounds or unreadable (`implausible_fatalities`, `implausible_date`, ...;
    /// see [`crate::input::values`]).
    pub set_aside: Option<Flag>,
}

impl LocatedIncident {
    /// A row with its resolution, as the drawing and counting stages see it:
    /// the point, the place's name (`place`), the district and province the
    /// resolution gives, and the facts maps and counts use. `by_name` follows
    /// from the method: a point that is not the row's own coordinates.
    #[allow(clippy::too_many_arguments)]
    pub fn from_resolution(
        line: u64,
        location: &str,
        facts: Facts,
        r: &Resolution,
        place: Option<&str>,
        set_aside: Option<Flag>,
        names: &mut Names,
    ) -> Self {
        LocatedIncident {
            line,
            id: facts.id.map(String::into_boxed_str),
            location: names.opt(Some(location).filter(|s| !s.is_empty())),
            lon: r.lon,
            lat: r.lat,
            by_name: r.lon.is_some() && r.method != Method::Coordinates,
            place: names.opt(place),
            precision: r.precision,
            district: names.opt(r.district.as_deref()),
            province: names.opt(r.province.as_deref()),
            fatalities: facts.fatalities,
            event_type: names.opt(facts.event_type.as_deref()),
            date: facts.date,
            set_aside,
        }
    }
}

/// Why a row or its resolution deserves a second look; written `;`-separated
/// in `geo_flags` by [`Flag::as_str`]. Values left out of sums and time bins
/// are [`Flag::sets_aside`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Flag {
    /// Namesakes in several districts; the row's context did not decide.
    Ambiguous,
    /// The place found is not in the district or province the row names.
    ContextMismatch,
    /// The phrase names more than one place; the first was taken.
    MultiplePlaces,
    /// "near", "outskirts of", a road: somewhere around the place (precision 2).
    Near,
    /// A weak match (a loose spelling), kept at district precision.
    LowConfidence,
    /// Latitude and longitude were swapped: ignored, resolved by name.
    LatlonSwapped,
    /// Coordinates 0, 0: ignored.
    ZeroCoordinates,
    /// Only one of latitude and longitude.
    PartialCoordinates,
    /// The row's point is far from the place it names.
    FarFromNamedPlace,
    /// The point lies outside what the gazetteer covers.
    OutsideGazetteerExtent,
    /// The point falls in no district polygon.
    OutsideDistricts,
    /// The row's province is not one the gazetteer knows.
    Admin1Unknown,
    /// The row's district is not one the gazetteer knows.
    Admin2Unknown,
    /// Only the row's own district or province columns placed it.
    FromRowContext,
    /// Day and month could be either way round.
    AmbiguousDate,
    /// A date that cannot be read: left out of time bins.
    UnparsedDate,
    /// A date before 1900 or after next year: left out of time bins.
    ImplausibleDate,
    /// A fatality figure that is not a number: not summed.
    UnparsedFatalities,
    /// A negative fatality figure: not summed.
    NegativeFatalities,
    /// More fatalities than one event can have: not summed.
    ImplausibleFatalities,
    /// A fatality figure that is not a whole number: not summed.
    FractionalFatalities,
    /// A source precision code the schema does not define.
    UnknownSourcePrecision,
    /// By the source's code, the point is a region's centroid.
    SourceRegionCentroid,
    /// By the source's code, the point is a district's centroid.
    SourceDistrictCentroid,
    /// By the source's code, the point is a province's centroid.
    SourceProvinceCentroid,
    /// By the source's code, the point is a country's centroid.
    SourceCountryCentroid,
    /// By the source's code, the point is in international waters.
    SourceInternationalWaters,
    /// The location is longer than a place phrase can be: only its first words were read.
    LongLocation,
}

impl Flag {
    /// Every flag, in the enum's order.
    pub const ALL: [Flag; 28] = [
        Flag::Ambiguous,
        Flag::ContextMismatch,
        Flag::MultiplePlaces,
        Flag::Near,
        Flag::LowConfidence,
        Flag::LatlonSwapped,
        Flag::ZeroCoordinates,
        Flag::PartialCoordinates,
        Flag::FarFromNamedPlace,
        Flag::OutsideGazetteerExtent,
        Flag::OutsideDistricts,
        Flag::Admin1Unknown,
        Flag::Admin2Unknown,
        Flag::FromRowContext,
        Flag::AmbiguousDate,
        Flag::UnparsedDate,
        Flag::ImplausibleDate,
        Flag::UnparsedFatalities,
        Flag::NegativeFatalities,
        Flag::ImplausibleFatalities,
        Flag::FractionalFatalities,
        Flag::UnknownSourcePrecision,
        Flag::SourceRegionCentroid,
        Flag::SourceDistrictCentroid,
        Flag::SourceProvinceCentroid,
        Flag::SourceCountryCentroid,
        Flag::SourceInternationalWaters,
        Flag::LongLocation,
    ];

    /// The flag as `geo_flags` writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Flag::Ambiguous => "ambiguous",
            Flag::ContextMismatch => "context_mismatch",
            Flag::MultiplePlaces => "multiple_places",
            Flag::Near => "near",
            Flag::LowConfidence => "low_confidence",
            Flag::LatlonSwapped => "latlon_swapped",
            Flag::ZeroCoordinates => "zero_coordinates",
            Flag::PartialCoordinates => "partial_coordinates",
            Flag::FarFromNamedPlace => "far_from_named_place",
            Flag::OutsideGazetteerExtent => "outside_gazetteer_extent",
            Flag::OutsideDistricts => "outside_districts",
            Flag::Admin1Unknown => "admin1_unknown",
            Flag::Admin2Unknown => "admin2_unknown",
            Flag::FromRowContext => "from_row_context",
            Flag::AmbiguousDate => "ambiguous_date",
            Flag::UnparsedDate => "unparsed_date",
            Flag::ImplausibleDate => "implausible_date",
            Flag::UnparsedFatalities => "unparsed_fatalities",
            Flag::NegativeFatalities => "negative_fatalities",
            Flag::ImplausibleFatalities => "implausible_fatalities",
            Flag::FractionalFatalities => "fractional_fatalities",
            Flag::UnknownSourcePrecision => "unknown_source_precision",
            Flag::SourceRegionCentroid => "source_region_centroid",
            Flag::SourceDistrictCentroid => "source_district_centroid",
            Flag::SourceProvinceCentroid => "source_province_centroid",
            Flag::SourceCountryCentroid => "source_country_centroid",
            Flag::SourceInternationalWaters => "source_international_waters",
            Flag::LongLocation => "long_location",
        }
    }

    /// A flag from its written name.
    ///
    /// ```
    /// use incident_mapper::model::Flag;
    /// assert_eq!(Flag::parse("near"), Some(Flag::Near));
    /// assert_eq!(Flag::parse("implausible_date").map(Flag::sets_aside), Some(true));
    /// assert_eq!(Flag::parse("nearby"), None);
    /// ```
    pub fn parse(s: &str) -> Option<Flag> {
        Flag::ALL.into_iter().find(|f| f.as_str() == s)
    }

    /// Whether the flag marks a value left out of sums and time bins (see [`crate::input::values`]).
    pub fn sets_aside(self) -> bool {
        matches!(
            self,
            Flag::UnparsedDate
                | Flag::ImplausibleDate
                | Flag::UnparsedFatalities
                | Flag::NegativeFatalities
                | Flag::ImplausibleFatalities
                | Flag::FractionalFatalities
        )
    }
}

impl std::fmt::Display for Flag {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Flags as `geo_flags` writes them: `near;ambiguous`.
pub fn join_flags(flags: &[Flag]) -> String {
    flags.iter().map(|f| f.as_str()).collect::<Vec<_>>().join(";")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_reads_back_from_its_name() {
        for k in PlaceKind::ALL {
            assert_eq!(PlaceKind::parse(k.as_str()), Some(k), "{k}");
        }
        let mut sorted = PlaceKind::ALL;
        sorted.sort();
        assert_eq!(sorted, PlaceKind::ALL, "ALL is in the enum's order");
    }

    #[test]
    fn synonyms_and_spellings() {
        for (s, k) in [
            ("airfield", PlaceKind::Airport),
            ("Air Base", PlaceKind::Airport),
            ("mountain", PlaceKind::Hill),
            ("peak", PlaceKind::Hill),
            ("reservoir", PlaceKind::Dam),
            ("barrage", PlaceKind::Dam),
            ("tomb", PlaceKind::Shrine),
            ("temple", PlaceKind::Shrine),
            ("mosque", PlaceKind::Shrine),
            ("oil_field", PlaceKind::GasField),
            ("gas-field", PlaceKind::GasField),
            ("railway_station", PlaceKind::Station),
            ("stream", PlaceKind::River),
            ("wadi", PlaceKind::River),
            ("Border crossing", PlaceKind::BorderCrossing),
            ("neighbourhood", PlaceKind::Locality),
            ("neighborhood", PlaceKind::Locality),
            ("cantonment", PlaceKind::Locality),
            ("camp", PlaceKind::Locality),
            ("city", PlaceKind::Town),
        ] {
            assert_eq!(PlaceKind::parse(s), Some(k), "{s}");
        }
        assert_eq!(PlaceKind::parse("point"), None);
        assert_eq!(PlaceKind::parse("spaceport"), None);
    }

    #[test]
    fn features_admin_units_and_precision() {
        let features: Vec<PlaceKind> = PlaceKind::ALL.into_iter().filter(|k| k.is_feature()).collect();
        assert_eq!(features.len(), 24);
        assert_eq!(features.last(), Some(&PlaceKind::Landmark));
        for k in PlaceKind::ALL {
            assert!(!(k.is_feature() && k.is_admin()), "{k}");
            let expected = match k {
                PlaceKind::Range | PlaceKind::River | PlaceKind::Plain | PlaceKind::Valley | PlaceKind::Bay => 2,
                PlaceKind::District => 2,
                PlaceKind::Province | PlaceKind::Country => 3,
                _ => 1,
            };
            assert_eq!(k.precision().code(), expected, "{k}");
        }
        assert!(!PlaceKind::Locality.is_feature() && !PlaceKind::Town.is_feature());
        assert_eq!(PlaceKind::Pass.precision().code(), 1);
        assert_eq!(PlaceKind::GasField.precision().code(), 1);
    }
}
