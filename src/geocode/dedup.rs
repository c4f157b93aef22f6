//! Duplicate reports of one event: several outlets, several days, one row each.
//!
//! Two rows are reports of one event when they resolved to the same place
//! (the same gazetteer place, or the same coordinates to about 10 m), have
//! the same event type (case aside), and are dated within a window of days
//! of the first report of the group. Rows without a resolved place or a
//! date are never merged. A group keeps its row with the highest fatality
//! figure (the first such row on a tie) and lists the ids of all its rows.

use chrono::NaiveDate;

/// What decides whether two rows report one event.
#[derive(Debug, Clone, PartialEq)]
pub struct DedupKey {
    /// The resolved place: `Some` only for rows that can be merged.
    pub place: Option<String>,
    pub event_type: String,
    pub date: Option<NaiveDate>,
    pub fatalities: Option<f64>,
}

/// Groups of row indices, each in input order; every index appears in
/// exactly one group, and groups come in the order of their first row.
///
/// ```
/// use chrono::NaiveDate;
/// use incident_mapper::geocode::dedup::{groups, DedupKey};
/// let k = |place: &str, day: u32, f: f64| DedupKey {
///     place: Some(place.into()),
///     event_type: "Battles".into(),
///     date: NaiveDate::from_ymd_opt(2022, 2, day),
///     fatalities: Some(f),
/// };
/// let rows = [k("Panjgur", 2, 13.0), k("Nushki", 2, 9.0), k("Panjgur", 3, 22.0), k("Panjgur", 9, 1.0)];
/// assert_eq!(groups(&rows, 2), vec![vec![0, 2], vec![1], vec![3]]);
/// ```
pub fn groups(keys: &[DedupKey], window_days: i64) -> Vec<Vec<usize>> {
    let mut order: Vec<usize> = (0..keys.len()).collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (&keys[a], &keys[b]);
        (&x.place, &x.event_type, x.date, a).cmp(&(&y.place, &y.event_type, y.date, b))
    });
    let mut out: Vec<Vec<usize>> = Vec::new();
    let mut current: Vec<usize> = Vec::new();
    let mut anchor: Option<(&DedupKey, NaiveDate)> = None;
    for i in order {
        let k = &keys[i];
        let joins = match (anchor, &k.place, k.date) {
            (Some((a, first)), Some(_), Some(d)) => {
                a.place == k.place && a.event_type == k.event_type && (d - first).num_days() <= window_days
            }
            _ => false,
        };
        if !joins {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            anchor = match (&k.place, k.date) {
                (Some(_), Some(d)) => Some((k, d)),
                _ => None,
            };
        }
        current.push(i);
    }
    if !current.is_empty() {
        out.push(current);
    }
    for g in &mut out {
        g.sort_unstable();
    }
    out.sort_by_key(|g| g[0]);
    out
}

/// The row a group keeps: the highest fatality figure, the first on a tie.
pub fn keeper(group: &[usize], keys: &[DedupKey]) -> usize {
    let mut best = group[0];
    for &i in group {
        if keys[i].fatalities.unwrap_or(-1.0) > keys[best].fatalities.unwrap_or(-1.0) {
            best = i;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(place: Option<&str>, t: &str, day: Option<u32>, f: Option<f64>) -> DedupKey {
        DedupKey {
            place: place.map(String::from),
            event_type: t.into(),
            date: day.and_then(|d| NaiveDate::from_ymd_opt(2025, 1, d)),
            fatalities: f,
        }
    }

    #[test]
    fn windows_are_anchored_on_the_first_report() {
        // Days 1, 2, 3, 4 with a 2-day window: {1,2,3} then {4}; no chaining to day 4.
        let rows: Vec<DedupKey> = (1..=4)
            .map(|d| k(Some("Quetta"), "Battles", Some(d), Some(1.0)))
            .collect();
        assert_eq!(groups(&rows, 2), vec![vec![0, 1, 2], vec![3]]);
    }

    #[test]
    fn unplaced_undated_and_other_types_are_never_merged() {
        let rows = vec![
            k(None, "Battles", Some(1), Some(5.0)),
            k(None, "Battles", Some(1), Some(5.0)),
            k(Some("Quetta"), "Battles", None, Some(5.0)),
            k(Some("Quetta"), "Battles", None, Some(5.0)),
            k(Some("Quetta"), "Riots", Some(1), None),
            k(Some("Quetta"), "Battles", Some(1), None),
            k(Some("Quetta"), "Battles", Some(2), Some(7.0)),
        ];
        let g = groups(&rows, 1);
        assert_eq!(g, vec![vec![0], vec![1], vec![2], vec![3], vec![4], vec![5, 6]]);
        assert_eq!(keeper(&g[5], &rows), 6);
        let total: usize = g.iter().map(Vec::len).sum();
        assert_eq!(total, rows.len(), "every row in one group");
    }
}
