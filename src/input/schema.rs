//! The layouts of the datasets users export from — ACLED, UCDP GED, GTD — and
//! of any other CSV ("generic"), mapped to the common model: where the
//! location, admin units, coordinates, date, fatalities, event type, actor,
//! row id and the source's own precision code are.
//!
//! The schema is detected from the header (each has columns no other has) or
//! chosen with `--schema`. Every original column stays in the output; this
//! only says which of them mean what.

use std::fmt;

use crate::model::{Flag, GeoPrecision};

/// Which dataset a file comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Schema {
    Acled,
    Ucdp,
    Gtd,
    Generic,
}

impl fmt::Display for Schema {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Schema::Acled => "acled",
            Schema::Ucdp => "ucdp",
            Schema::Gtd => "gtd",
            Schema::Generic => "generic",
        })
    }
}

/// Where a row's date is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateColumns {
    None,
    /// One column (ACLED `event_date`, a generic `date`).
    Single(usize),
    /// A range (UCDP `date_start`, `date_end`).
    Range(usize, usize),
    /// Split parts (GTD `iyear`, `imonth`, `iday`).
    Parts(usize, usize, usize),
    /// What `geocode` writes: `geo_date` (the first day), `geo_date_end`, `geo_date_precision`.
    Written(usize, Option<usize>, Option<usize>),
}

/// The columns `geocode` writes, when a file is its output (CSV or GeoJSON):
/// its resolution is used as it stands by `count`, `map` and `chart`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Geocoded {
    pub method: usize,
    /// `geo_name`: the gazetteer place the row resolved to.
    pub name: Option<usize>,
    pub precision: Option<usize>,
    pub district: Option<usize>,
    pub province: Option<usize>,
    pub flags: Option<usize>,
}

/// The columns that carry the common model, by position in the header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    pub schema: Schema,
    pub location: Option<usize>,
    pub admin2: Option<usize>,
    pub admin1: Option<usize>,
    pub lat: Option<usize>,
    pub lon: Option<usize>,
    pub date: DateColumns,
    pub fatalities: Option<usize>,
    pub event_type: Option<usize>,
    pub actor: Option<usize>,
    pub id: Option<usize>,
    /// The source's precision code (`geo_precision`, `where_prec`, `specificity`).
    pub precision: Option<usize>,
    /// The file is `geocode`'s output: where its resolution is.
    pub geocoded: Option<Geocoded>,
}

/// Column names, in order of preference, per part of the model (generic files).
pub const LOCATION_COLUMNS: &[&str] = &["location", "place", "location_as_reported", "city", "where_coordinates"];
pub const ADMIN2_COLUMNS: &[&str] = &["admin2", "district", "adm_2", "adm2"];
pub const ADMIN1_COLUMNS: &[&str] = &["admin1", "province", "provstate", "adm_1", "adm1"];
pub const LAT_COLUMNS: &[&str] = &["latitude", "lat"];
pub const LON_COLUMNS: &[&str] = &["longitude", "lon", "lng", "long"];
pub const DATE_COLUMNS: &[&str] = &["event_date", "date", "date_start"];
pub const FATALITY_COLUMNS: &[&str] = &["fatalities", "nkill", "best", "killed", "deaths"];
pub const EVENT_TYPE_COLUMNS: &[&str] = &["event_type", "attacktype1_txt", "type_of_violence", "type"];
pub const ACTOR_COLUMNS: &[&str] = &["actor1", "side_a", "gname", "actor", "perpetrator"];
pub const ID_COLUMNS: &[&str] = &["event_id_cnty", "event_id", "eventid", "id", "event_id_no_cnty"];

fn find(headers: &[String], names: &[&str]) -> Option<usize> {
    names
        .iter()
        .find_map(|n| headers.iter().position(|h| h.eq_ignore_ascii_case(n)))
}

fn has(headers: &[String], names: &[&str]) -> bool {
    names.iter().all(|n| find(headers, &[n]).is_some())
}

/// The schema a header belongs to, by the columns only that dataset has.
///
/// ```
/// use incident_mapper::input::schema::{detect, Schema};
/// let h = |s: &str| s.split(',').map(String::from).collect::<Vec<_>>();
/// assert_eq!(detect(&h("event_id_cnty,event_date,admin1,admin2,location,latitude,longitude,geo_precision,fatalities")), Schema::Acled);
/// assert_eq!(detect(&h("id,where_prec,where_coordinates,adm_1,adm_2,latitude,longitude,date_start,date_end,best")), Schema::Ucdp);
/// assert_eq!(detect(&h("eventid,iyear,imonth,iday,provstate,city,latitude,longitude,specificity,nkill")), Schema::Gtd);
/// assert_eq!(detect(&h("date,location,fatalities")), Schema::Generic);
/// // geocode's output of a generic file: its geo_precision is the geocoder's, not ACLED's
/// assert_eq!(detect(&h("event_id,event_date,location,admin2,geo_method,geo_precision")), Schema::Generic);
/// assert_eq!(detect(&h("event_id_no_cnty,event_date,location,admin2,src_geo_precision,geo_method,geo_precision")), Schema::Acled);
/// ```
pub fn detect(headers: &[String]) -> Schema {
    // In `geocode`'s output `geo_precision` is the geocoder's; a source's own
    // column of that name was kept as `src_geo_precision`.
    let precision = if has(headers, &["geo_method"]) {
        "src_geo_precision"
    } else {
        "geo_precision"
    };
    if has(headers, &["event_id_cnty", "event_date"]) || has(headers, &["event_date", precision, "admin2"]) {
        Schema::Acled
    } else if has(headers, &["where_prec", "date_start"]) || has(headers, &["where_coordinates", "best"]) {
        Schema::Ucdp
    } else if has(headers, &["eventid", "iyear"]) || has(headers, &["iyear", "imonth", "iday"]) {
        Schema::Gtd
    } else {
        Schema::Generic
    }
}

/// The column names each schema uses for the parts of the model (dates aside).
struct Names {
    location: &'static [&'static str],
    admin2: &'static [&'static str],
    admin1: &'static [&'static str],
    fatalities: &'static [&'static str],
    event_type: &'static [&'static str],
    actor: &'static [&'static str],
    id: &'static [&'static str],
    precision: &'static [&'static str],
}

impl Names {
    fn of(schema: Schema) -> Names {
        match schema {
            Schema::Acled => Names {
                location: &["location"],
                admin2: &["admin2"],
                admin1: &["admin1"],
                fatalities: &["fatalities"],
                event_type: &["event_type"],
                actor: &["actor1"],
                id: &["event_id_cnty", "event_id_no_cnty"],
                precision: &["geo_precision"],
            },
            Schema::Ucdp => Names {
                location: &["where_coordinates", "where_description"],
                admin2: &["adm_2"],
                admin1: &["adm_1"],
                fatalities: &["best"],
                event_type: &["type_of_violence"],
                actor: &["side_a"],
                id: &["id"],
                precision: &["where_prec"],
            },
            Schema::Gtd => Names {
                location: &["city"],
                admin2: &[],
                admin1: &["provstate"],
                fatalities: &["nkill"],
                event_type: &["attacktype1_txt"],
                actor: &["gname"],
                id: &["eventid"],
                precision: &["specificity"],
            },
            Schema::Generic => Names {
                location: LOCATION_COLUMNS,
                admin2: ADMIN2_COLUMNS,
                admin1: ADMIN1_COLUMNS,
                fatalities: FATALITY_COLUMNS,
                event_type: EVENT_TYPE_COLUMNS,
                actor: ACTOR_COLUMNS,
                id: ID_COLUMNS,
                precision: &[],
            },
        }
    }
}

impl Layout {
    /// Every column the layout uses.
    pub fn columns(&self) -> Vec<usize> {
        let mut v: Vec<usize> = [
            self.location,
            self.admin2,
            self.admin1,
            self.lat,
            self.lon,
            self.fatalities,
            self.event_type,
            self.actor,
            self.id,
            self.precision,
        ]
        .into_iter()
        .flatten()
        .collect();
        match self.date {
            DateColumns::None => {}
            DateColumns::Single(a) => v.push(a),
            DateColumns::Range(a, b) => v.extend([a, b]),
            DateColumns::Parts(a, b, c) => v.extend([a, b, c]),
            DateColumns::Written(a, b, c) => v.extend([Some(a), b, c].into_iter().flatten()),
        }
        if let Some(g) = self.geocoded {
            v.extend(
                [Some(g.method), g.name, g.precision, g.district, g.province, g.flags]
                    .into_iter()
                    .flatten(),
            );
        }
        v
    }

    /// Finds the columns of `schema` in `headers`; `location` overrides the location column.
    pub fn new(schema: Schema, headers: &[String], location: Option<&str>) -> Self {
        let f = |names: &[&str]| find(headers, names);
        let date = match schema {
            Schema::Acled => f(&["event_date"]).map_or(DateColumns::None, DateColumns::Single),
            Schema::Ucdp => match (f(&["date_start"]), f(&["date_end"])) {
                (Some(s), Some(e)) => DateColumns::Range(s, e),
                (Some(s), None) => DateColumns::Single(s),
                _ => DateColumns::None,
            },
            Schema::Gtd => match (f(&["iyear"]), f(&["imonth"]), f(&["iday"])) {
                (Some(y), Some(m), Some(d)) => DateColumns::Parts(y, m, d),
                _ => DateColumns::None,
            },
            Schema::Generic => f(DATE_COLUMNS).map_or(DateColumns::None, DateColumns::Single),
        };
        let n = Names::of(schema);
        let mut layout = Layout {
            schema,
            location: match location {
                Some(c) => f(&[c]),
                None => f(n.location),
            },
            admin2: f(n.admin2),
            admin1: f(n.admin1),
            lat: f(LAT_COLUMNS),
            lon: f(LON_COLUMNS),
            date,
            fatalities: f(n.fatalities),
            event_type: f(n.event_type),
            actor: f(n.actor),
            id: f(n.id),
            precision: f(n.precision),
            geocoded: None,
        };
        // `geocode`'s output: its own columns carry the model (the sources' are kept as written beside them).
        if let Some(method) = f(&["geo_method"]) {
            if location.is_none() {
                layout.location = layout.location.or_else(|| f(LOCATION_COLUMNS));
            }
            if let Some(d) = f(&["geo_date"]) {
                layout.date = DateColumns::Written(d, f(&["geo_date_end"]), f(&["geo_date_precision"]));
            }
            layout.fatalities = f(&["geo_fatalities"]).or(layout.fatalities);
            layout.event_type = f(&["geo_event_type"]).or(layout.event_type);
            layout.actor = f(&["geo_actor"]).or(layout.actor);
            layout.precision = f(&["geo_source_precision"]);
            layout.geocoded = Some(Geocoded {
                method,
                name: f(&["geo_name"]),
                precision: f(&["geo_precision"]),
                district: f(&["geo_district"]),
                province: f(&["geo_province"]),
                flags: f(&["geo_flags"]),
            });
        }
        layout
    }
}

/// How exact a source's coordinates are, by its own code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SourcePrecision {
    /// ACLED-style geo-precision: 1 the place itself, 2 near it or a district, 3 a province or wider.
    pub geo_precision: GeoPrecision,
    /// The flag saying what the coordinates stand for when they are a
    /// centroid by the source's code (`source_district_centroid`, ...).
    pub centroid: Option<Flag>,
}

/// Translates a source's precision code; `None` for a code the source does not define.
///
/// - ACLED `geo_precision`: 1 the town, 2 near it / part of a region, 3 a larger region (provincial capital).
/// - UCDP `where_prec`: 1 exact place, 2 within 25 km, 3 second-order unit (district), 4 first-order unit
///   (province), 5 a wider region or linear feature, 6 the country, 7 international waters or airspace.
/// - GTD `specificity`: 1 the town with its coordinates, 2 the town but coordinates of the smallest admin
///   unit, 3 not in a town: the smallest admin unit, 4 the first-order unit (province), 5 the country.
///
/// ```
/// use incident_mapper::input::schema::{translate_precision, Schema};
/// assert_eq!(translate_precision(Schema::Ucdp, "3").unwrap().centroid, Some(incident_mapper::model::Flag::SourceDistrictCentroid));
/// assert_eq!(translate_precision(Schema::Gtd, "4").unwrap().geo_precision.code(), 3);
/// assert_eq!(translate_precision(Schema::Acled, "1").unwrap().centroid, None);
/// assert_eq!(translate_precision(Schema::Ucdp, "9"), None);
/// ```
pub fn translate_precision(schema: Schema, code: &str) -> Option<SourcePrecision> {
    let code: u8 = code.trim().parse::<f64>().ok().filter(|x| x.fract() == 0.0)? as u8;
    let p = |geo_precision, centroid| {
        Some(SourcePrecision {
            geo_precision,
            centroid,
        })
    };
    match (schema, code) {
        (Schema::Acled, 1) => p(GeoPrecision::Place, None),
        (Schema::Acled, 2) => p(GeoPrecision::Area, None),
        (Schema::Acled, 3) => p(GeoPrecision::Province, Some(Flag::SourceRegionCentroid)),
        (Schema::Ucdp, 1) => p(GeoPrecision::Place, None),
        (Schema::Ucdp, 2) => p(GeoPrecision::Area, None),
        (Schema::Ucdp, 3) => p(GeoPrecision::Area, Some(Flag::SourceDistrictCentroid)),
        (Schema::Ucdp, 4) => p(GeoPrecision::Province, Some(Flag::SourceProvinceCentroid)),
        (Schema::Ucdp, 5) => p(GeoPrecision::Province, Some(Flag::SourceRegionCentroid)),
        (Schema::Ucdp, 6) => p(GeoPrecision::Province, Some(Flag::SourceCountryCentroid)),
        (Schema::Ucdp, 7) => p(GeoPrecision::Province, Some(Flag::SourceInternationalWaters)),
        (Schema::Gtd, 1) => p(GeoPrecision::Place, None),
        (Schema::Gtd, 2) | (Schema::Gtd, 3) => p(GeoPrecision::Area, Some(Flag::SourceDistrictCentroid)),
        (Schema::Gtd, 4) => p(GeoPrecision::Province, Some(Flag::SourceProvinceCentroid)),
        (Schema::Gtd, 5) => p(GeoPrecision::Province, Some(Flag::SourceCountryCentroid)),
        _ => None,
    }
}

/// UCDP's `type_of_violence` codes in words.
pub fn ucdp_violence(code: &str) -> Option<&'static str> {
    match code.trim() {
        "1" => Some("State-based conflict"),
        "2" => Some("Non-state conflict"),
        "3" => Some("One-sided violence"),
        _ => None,
    }
}
