//! The bounds a figure must lie within to be counted, shared by every reader
//! (CSV and GeoJSON alike), so that one bad value cannot reach a sum, a time
//! bin or a legend.
//!
//! A value outside its bounds is flagged (in `geo_flags`, and in the summary
//! of the commands that count) and left out of sums and time bins; the row
//! itself is kept, with its original column as written.
//!
//! - **Fatalities**: a whole number from 0 to [`MAX_FATALITIES`]. `2.5`
//!   (`fractional_fatalities`), `-1` (`negative_fatalities`), `1e308`
//!   (`implausible_fatalities`) and `many` (`unparsed_fatalities`) are not counted.
//! - **Dates**: from 1 January [`MIN_YEAR`] to 31 December of next year;
//!   anything else is `implausible_date`.

use chrono::Datelike;

use crate::input::dates::EventDate;
use crate::model::Flag;

/// The most fatalities one event can be counted with. The deadliest attacks
/// GTD records are below 1,600 at one place; ACLED's largest battle events
/// are in the low thousands.
pub const MAX_FATALITIES: f64 = 10_000.0;

/// The first year an event date may have.
pub const MIN_YEAR: i32 = 1900;

/// The last year an event date may have: next year (a source may date plans
/// or be a little ahead). Read from the clock once per run, not per row.
pub fn max_year() -> i32 {
    static MAX: std::sync::OnceLock<i32> = std::sync::OnceLock::new();
    *MAX.get_or_init(|| crate::input::dates::today().year() + 1)
}

/// `s` without leading and trailing whitespace, as [`str::trim`] gives it,
/// answered at once for the common field that starts and ends with a
/// visible ASCII character (a reader trims every field of every row).
///
/// ```
/// use incident_mapper::input::values::trim;
/// assert_eq!(trim("Turbat"), "Turbat");
/// assert_eq!(trim("  Turbat \t"), "Turbat");
/// assert_eq!(trim("\u{a0}Turbat\u{2003}"), "Turbat");
/// assert_eq!(trim(" "), "");
/// assert_eq!(trim(""), "");
/// ```
pub fn trim(s: &str) -> &str {
    let visible = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_graphic());
    if visible(s.as_bytes().first()) && visible(s.as_bytes().last()) {
        s
    } else {
        s.trim()
    }
}

/// Reads a fatality figure as written (thousands separators allowed), or
/// says which flag it earns.
///
/// ```
/// use incident_mapper::input::values::fatalities;
/// use incident_mapper::model::Flag;
/// assert_eq!(fatalities("3"), Ok(3.0));
/// assert_eq!(fatalities("1,200"), Ok(1200.0));
/// assert_eq!(fatalities("4.0"), Ok(4.0));
/// assert_eq!(fatalities("2.5"), Err(Flag::FractionalFatalities));
/// assert_eq!(fatalities("-1"), Err(Flag::NegativeFatalities));
/// assert_eq!(fatalities("1e308"), Err(Flag::ImplausibleFatalities));
/// assert_eq!(fatalities("many"), Err(Flag::UnparsedFatalities));
/// ```
pub fn fatalities(s: &str) -> Result<f64, Flag> {
    let s = trim(s);
    let x: f64 = if s.contains(',') {
        s.replace(',', "").parse()
    } else {
        s.parse()
    }
    .map_err(|_| Flag::UnparsedFatalities)?;
    if !x.is_finite() {
        Err(Flag::UnparsedFatalities)
    } else if x < 0.0 {
        Err(Flag::NegativeFatalities)
    } else if x > MAX_FATALITIES {
        Err(Flag::ImplausibleFatalities)
    } else if x.fract() != 0.0 {
        Err(Flag::FractionalFatalities)
    } else {
        Ok(x)
    }
}

/// Checks that a date lies within [`MIN_YEAR`] ..= [`max_year`].
///
/// ```
/// use incident_mapper::input::{dates::{parse, Order}, values::date};
/// use incident_mapper::model::Flag;
/// assert!(date(parse("2025-03-11", Order::Unspecified).unwrap()).is_ok());
/// assert_eq!(date(parse("2205-01-01", Order::Unspecified).unwrap()), Err(Flag::ImplausibleDate));
/// assert_eq!(date(parse("1850", Order::Unspecified).unwrap()), Err(Flag::ImplausibleDate));
/// ```
pub fn date(d: EventDate) -> Result<EventDate, Flag> {
    if (MIN_YEAR..=max_year()).contains(&d.start.year()) {
        Ok(d)
    } else {
        Err(Flag::ImplausibleDate)
    }
}
