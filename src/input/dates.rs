//! Event dates as the sources write them, with their precision.
//!
//! - ISO `2025-03-11` (also `2025-03-11T08:00:00`, `2025/03/11`), `2025-03`, `2025`;
//! - `11 March 2025`, `11-Mar-2025`, `March 11, 2025`, `Mar 2025`;
//! - `11/03/2025` and `11.03.2025`: day first unless the file says otherwise
//!   ([`Order::MonthFirst`]); when both numbers are 12 or less and no order
//!   was chosen, the date is flagged ambiguous;
//! - GTD's split `iyear`, `imonth`, `iday`, where 0 means unknown;
//! - UCDP's `date_start` .. `date_end` ranges.
//!
//! A date keeps its precision: a month known but not the day is a month, not
//! the first of the month.

use chrono::{Datelike, NaiveDate};

/// Today's date (UTC), from the system clock.
pub fn today() -> NaiveDate {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    chrono::DateTime::from_timestamp(secs, 0)
        .map(|t| t.date_naive())
        .unwrap_or_default()
}

/// How precisely a date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Precision {
    Day,
    Month,
    Year,
}

impl Precision {
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::Day => "day",
            Precision::Month => "month",
            Precision::Year => "year",
        }
    }
}

/// A date or a range of dates. `start` is the first day the date can mean
/// (the 1st of a month known to the month); `end` the last day of a range,
/// when the source gives one that differs from the start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventDate {
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
    pub precision: Precision,
    /// Day and month could be either way round (`03/04/2025` with no order chosen).
    pub ambiguous: bool,
}

impl EventDate {
    /// The date as ISO 8601 to its precision: `2025-03-11`, `2025-03`, `2025`.
    pub fn iso(&self) -> String {
        let mut v = Vec::with_capacity(10);
        self.push_iso(&mut v);
        String::from_utf8(v).unwrap_or_default()
    }

    /// Appends [`EventDate::iso`] to `out` (without allocating).
    pub fn push_iso(&self, out: &mut Vec<u8>) {
        let parts = match self.precision {
            Precision::Day => 3,
            Precision::Month => 2,
            Precision::Year => 1,
        };
        push_ymd(out, self.start, parts);
    }

    /// The first day the date can mean, `YYYY-MM-DD` whatever its precision
    /// (what outputs write, so that GDAL and QGIS read a Date field; the
    /// precision goes beside it).
    ///
    /// ```
    /// use incident_mapper::input::dates::{parse, Order};
    /// assert_eq!(parse("March 2025", Order::Unspecified).unwrap().start_iso(), "2025-03-01");
    /// ```
    pub fn start_iso(&self) -> String {
        iso_day(self.start)
    }

    /// Appends [`EventDate::start_iso`] to `out`.
    pub fn push_start_iso(&self, out: &mut Vec<u8>) {
        push_ymd(out, self.start, 3);
    }

    /// The month the date falls in, `YYYY-MM`, when it is known to the month
    /// (a date known only to the year has none); a range's is its start's.
    ///
    /// ```
    /// use incident_mapper::input::dates::{parse, Order};
    /// assert_eq!(parse("11 March 2025", Order::Unspecified).unwrap().month().as_deref(), Some("2025-03"));
    /// assert_eq!(parse("2025", Order::Unspecified).unwrap().month(), None);
    /// ```
    pub fn month(&self) -> Option<String> {
        (self.precision != Precision::Year).then(|| {
            let mut v = Vec::with_capacity(7);
            push_ymd(&mut v, self.start, 2);
            String::from_utf8(v).unwrap_or_default()
        })
    }

    /// The year the date falls in (a range's start's).
    pub fn year(&self) -> i32 {
        self.start.year()
    }

    /// The end of a range as ISO 8601, when there is one.
    pub fn end_iso(&self) -> Option<String> {
        self.end.map(iso_day)
    }

    /// Appends the end of a range as ISO 8601; false when there is none.
    pub fn push_end_iso(&self, out: &mut Vec<u8>) -> bool {
        match self.end {
            Some(e) => {
                push_ymd(out, e, 3);
                true
            }
            None => false,
        }
    }
}

/// Appends a day as `YYYY-MM-DD`, the one way days are written (GeoJSON,
/// CSV, typed tables, and Parquet dates read back as text).
pub fn push_iso_day(out: &mut Vec<u8>, d: NaiveDate) {
    push_ymd(out, d, 3);
}

/// A day as `YYYY-MM-DD` (see [`push_iso_day`]).
pub fn iso_day(d: NaiveDate) -> String {
    let mut v = Vec::with_capacity(10);
    push_ymd(&mut v, d, 3);
    String::from_utf8(v).unwrap_or_default()
}

/// Appends `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (`parts` 1, 2 or 3).
fn push_ymd(out: &mut Vec<u8>, d: NaiveDate, parts: u8) {
    use std::io::Write;
    let two = |out: &mut Vec<u8>, n: u32| out.extend_from_slice(&[b'-', b'0' + (n / 10) as u8, b'0' + (n % 10) as u8]);
    match u32::try_from(d.year()) {
        Ok(y) if y <= 9999 => out.extend_from_slice(&[
            b'0' + (y / 1000) as u8,
            b'0' + (y / 100 % 10) as u8,
            b'0' + (y / 10 % 10) as u8,
            b'0' + (y % 10) as u8,
        ]),
        _ => {
            let _ = write!(out, "{:04}", d.year());
        }
    }
    if parts >= 2 {
        two(out, d.month());
    }
    if parts >= 3 {
        two(out, d.day());
    }
}

/// Day/month order of numeric dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Order {
    /// Not chosen: day first, ambiguous dates flagged.
    #[default]
    Unspecified,
    DayFirst,
    MonthFirst,
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

fn month_name(s: &str) -> Option<u32> {
    let s = s.trim_end_matches('.').to_ascii_lowercase();
    if s.len() < 3 {
        return None;
    }
    if s == "sept" {
        return Some(9);
    }
    MONTHS
        .iter()
        .position(|m| *m == s || (s.len() == 3 && m.starts_with(&s)))
        .map(|i| i as u32 + 1)
}

fn year(s: &str) -> Option<i32> {
    let y: i32 = s.parse().ok()?;
    match s.len() {
        4 if (1000..=2999).contains(&y) => Some(y),
        // Two-digit years: 00-69 → 2000s, 70-99 → 1900s (the POSIX rule).
        2 => Some(if y < 70 { 2000 + y } else { 1900 + y }),
        _ => None,
    }
}

fn day(y: i32, m: u32, d: u32, order_ambiguous: bool) -> Option<EventDate> {
    Some(EventDate {
        start: NaiveDate::from_ymd_opt(y, m, d)?,
        end: None,
        precision: Precision::Day,
        ambiguous: order_ambiguous,
    })
}

fn month(y: i32, m: u32) -> Option<EventDate> {
    Some(EventDate {
        start: NaiveDate::from_ymd_opt(y, m, 1)?,
        end: None,
        precision: Precision::Month,
        ambiguous: false,
    })
}

fn year_only(y: i32) -> Option<EventDate> {
    Some(EventDate {
        start: NaiveDate::from_ymd_opt(y, 1, 1)?,
        end: None,
        precision: Precision::Year,
        ambiguous: false,
    })
}

/// Parses one date as written; `None` when it is not a date.
///
/// ```
/// use incident_mapper::input::dates::{parse, Order, Precision};
/// let d = parse("11 March 2025", Order::Unspecified).unwrap();
/// assert_eq!((d.iso(), d.precision), ("2025-03-11".to_string(), Precision::Day));
/// assert_eq!(parse("March 11, 2025", Order::Unspecified).unwrap().iso(), "2025-03-11");
/// assert_eq!(parse("11/03/2025", Order::DayFirst).unwrap().iso(), "2025-03-11");
/// assert_eq!(parse("11/03/2025", Order::MonthFirst).unwrap().iso(), "2025-11-03");
/// assert!(parse("11/03/2025", Order::Unspecified).unwrap().ambiguous);
/// assert!(!parse("25/03/2025", Order::Unspecified).unwrap().ambiguous);
/// assert_eq!(parse("2025-03", Order::Unspecified).unwrap().precision, Precision::Month);
/// assert_eq!(parse("31 February 2025", Order::Unspecified), None);
/// ```
pub fn parse(s: &str, order: Order) -> Option<EventDate> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    // ISO first, with or without a time: 2025-03-11, 2025-03-11T08:00:00Z, 2025/03/11, 2025-03, 2025.
    let head = s.split(['T', ' ']).next().unwrap_or(s);
    let parts: Vec<&str> = head.split(['-', '/', '.']).collect();
    if parts[0].len() == 4
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    {
        let y = year(parts[0])?;
        return match parts.len() {
            1 if s.len() == 4 => year_only(y),
            2 => month(y, parts[1].parse().ok()?),
            3 => day(y, parts[1].parse().ok()?, parts[2].parse().ok()?, false),
            _ => None,
        };
    }
    // Numeric day/month/year: 11/03/2025, 11.03.2025, 11-03-2025.
    if parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
    {
        let (a, b): (u32, u32) = (parts[0].parse().ok()?, parts[1].parse().ok()?);
        let y = year(parts[2])?;
        let (d, m, ambiguous) = match order {
            Order::DayFirst => (a, b, false),
            Order::MonthFirst => (b, a, false),
            Order::Unspecified if a > 12 => (a, b, false),
            Order::Unspecified if b > 12 => (b, a, false),
            Order::Unspecified => (a, b, a != b),
        };
        return day(y, m, d, ambiguous);
    }
    // Words: 11 March 2025, 11-Mar-2025, March 11, 2025, Mar 2025, 11th March 2025.
    let words: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c == ',' || c == '-' || c == '/')
        .filter(|w| !w.is_empty())
        .collect();
    let num = |w: &str| -> Option<u32> {
        let w = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        (!w.is_empty() && w.len() <= 2).then(|| w.parse().ok()).flatten()
    };
    match words.as_slice() {
        [d, m, y] if month_name(m).is_some() => day(year(y)?, month_name(m)?, num(d)?, false),
        [m, d, y] if month_name(m).is_some() => day(year(y)?, month_name(m)?, num(d)?, false),
        [m, y] if month_name(m).is_some() => month(year(y)?, month_name(m)?),
        _ => None,
    }
}

/// GTD's split date: year, month and day columns, 0 (or empty) meaning unknown.
///
/// ```
/// use incident_mapper::input::dates::{from_parts, Precision};
/// assert_eq!(from_parts("2014", "6", "8").unwrap().iso(), "2014-06-08");
/// assert_eq!(from_parts("2014", "6", "0").unwrap().precision, Precision::Month);
/// assert_eq!(from_parts("2014", "0", "0").unwrap().iso(), "2014");
/// assert_eq!(from_parts("0", "6", "8"), None);
/// ```
pub fn from_parts(y: &str, m: &str, d: &str) -> Option<EventDate> {
    let n = |s: &str| -> Option<u32> {
        let s = s.trim();
        if s.is_empty() {
            return Some(0);
        }
        s.parse::<f64>()
            .ok()
            .filter(|x| x.fract() == 0.0 && *x >= 0.0)
            .map(|x| x as u32)
    };
    let (y, m, d) = (n(y)? as i32, n(m)?, n(d)?);
    if y == 0 {
        return None;
    }
    match (m, d) {
        (0, _) => year_only(y),
        (m, 0) => month(y, m),
        (m, d) => day(y, m, d, false),
    }
}

/// UCDP's range: `date_start` and `date_end`; the start's precision, the end kept when it differs.
///
/// ```
/// use incident_mapper::input::dates::{range, Order};
/// let r = range("2023-01-04", "2023-01-06", Order::Unspecified).unwrap();
/// assert_eq!((r.iso(), r.end_iso().as_deref()), ("2023-01-04".to_string(), Some("2023-01-06")));
/// assert_eq!(range("2023-01-04", "2023-01-04", Order::Unspecified).unwrap().end, None);
/// ```
pub fn range(start: &str, end: &str, order: Order) -> Option<EventDate> {
    let mut d = parse(start, order)?;
    if let Some(e) = parse(end, order) {
        if e.start > d.start {
            d.end = Some(e.start);
        }
    }
    Some(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_digits_match_chrono_formatting() {
        for (y, m, d) in [
            (2025, 3, 11),
            (999, 1, 9),
            (1, 12, 31),
            (9999, 10, 1),
            (10_000, 2, 28),
            (-44, 3, 15),
        ] {
            let date = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            let mut e = EventDate {
                start: date,
                end: Some(date),
                precision: Precision::Day,
                ambiguous: false,
            };
            assert_eq!(e.iso(), format!("{:04}-{:02}-{:02}", y, m, d));
            assert_eq!(e.end_iso().unwrap(), e.iso());
            e.precision = Precision::Month;
            assert_eq!(e.iso(), format!("{:04}-{:02}", y, m));
            e.precision = Precision::Year;
            assert_eq!(e.iso(), format!("{:04}", y));
        }
    }

    #[test]
    fn formats_the_press_and_the_datasets_use() {
        let iso = |s: &str| parse(s, Order::Unspecified).map(|d| d.iso());
        assert_eq!(iso("2025-03-11").as_deref(), Some("2025-03-11"));
        assert_eq!(iso("2025-03-11T08:30:00Z").as_deref(), Some("2025-03-11"));
        assert_eq!(iso("2025/03/11").as_deref(), Some("2025-03-11"));
        assert_eq!(iso("11-Mar-2025").as_deref(), Some("2025-03-11"));
        assert_eq!(iso("11th March 2025").as_deref(), Some("2025-03-11"));
        assert_eq!(iso("Sept 3, 2024").as_deref(), Some("2024-09-03"));
        assert_eq!(iso("3 sept. 2024").as_deref(), Some("2024-09-03"));
        assert_eq!(iso("March 2025").as_deref(), Some("2025-03"));
        assert_eq!(iso("2025").as_deref(), Some("2025"));
        assert_eq!(iso("25/12/24").as_deref(), Some("2024-12-25"));
        assert_eq!(iso("12/25/2024").as_deref(), Some("2024-12-25"));
        assert_eq!(iso("05.05.2025").as_deref(), Some("2025-05-05"));
        assert!(!parse("05.05.2025", Order::Unspecified).unwrap().ambiguous);
        for bad in [
            "",
            "yesterday",
            "2025-13-01",
            "32/01/2025",
            "Marchember 3, 2025",
            "20255",
            "1/2",
        ] {
            assert_eq!(parse(bad, Order::Unspecified), None, "{bad}");
        }
    }
}
