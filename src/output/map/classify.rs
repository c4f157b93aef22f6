//! Class breaks for choropleth maps: quantiles and Fisher–Jenks natural breaks.
//!
//! Zero is its own class on the map (a district with no incidents is not
//! "low"), so breaks are computed over the positive values only.

/// How class breaks are chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Breaks {
    /// Equal numbers of districts per class.
    Quantile,
    /// Fisher–Jenks natural breaks: least within-class variance (Fisher 1958, Jenks 1977).
    Jenks,
}

/// Upper bounds of up to `k` classes over the positive values of `values`
/// (the last bound is the maximum). Fewer classes when there are fewer distinct values.
///
/// ```
/// use incident_mapper::output::map::classify::{breaks, Breaks};
/// let v = [1.0, 2.0, 2.0, 3.0, 10.0, 11.0, 12.0, 40.0];
/// assert_eq!(breaks(&v, 3, Breaks::Jenks), vec![3.0, 12.0, 40.0]);
/// assert_eq!(breaks(&[0.0, 0.0], 5, Breaks::Quantile), Vec::<f64>::new());
/// ```
pub fn breaks(values: &[f64], k: usize, method: Breaks) -> Vec<f64> {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| *x > 0.0 && x.is_finite()).collect();
    v.sort_by(f64::total_cmp);
    let mut distinct = v.clone();
    distinct.dedup();
    let k = k.min(distinct.len());
    if k == 0 {
        return Vec::new();
    }
    let mut b = match method {
        Breaks::Quantile => (1..=k).map(|i| v[(i * v.len()).div_ceil(k) - 1]).collect(),
        Breaks::Jenks => jenks(&v, k),
    };
    b.dedup();
    b
}

/// Fisher–Jenks by dynamic programming over the sorted values: O(k·n²).
fn jenks(v: &[f64], k: usize) -> Vec<f64> {
    let n = v.len();
    // Prefix sums for the within-class sum of squared deviations of v[i..j].
    let mut s = vec![0.0; n + 1];
    let mut s2 = vec![0.0; n + 1];
    for i in 0..n {
        s[i + 1] = s[i] + v[i];
        s2[i + 1] = s2[i] + v[i] * v[i];
    }
    let ssd = |i: usize, j: usize| {
        let (m, t) = ((j - i) as f64, s[j] - s[i]);
        s2[j] - s2[i] - t * t / m
    };
    // cost[c][j]: best cost of splitting v[..j] into c+1 classes; cut[c][j]: start of the last class.
    let mut cost = vec![vec![f64::INFINITY; n + 1]; k];
    let mut cut = vec![vec![0usize; n + 1]; k];
    for j in 1..=n {
        cost[0][j] = ssd(0, j);
    }
    for c in 1..k {
        for j in c + 1..=n {
            for i in c..j {
                let x = cost[c - 1][i] + ssd(i, j);
                if x < cost[c][j] {
                    cost[c][j] = x;
                    cut[c][j] = i;
                }
            }
        }
    }
    let mut bounds = vec![v[n - 1]];
    let mut j = n;
    for c in (1..k).rev() {
        j = cut[c][j];
        bounds.push(v[j - 1]);
    }
    bounds.reverse();
    bounds
}

/// The class (0-based) of a positive value given the upper bounds.
pub fn class_of(x: f64, bounds: &[f64]) -> usize {
    bounds
        .iter()
        .position(|b| x <= *b)
        .unwrap_or(bounds.len().saturating_sub(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_split_counts_evenly() {
        let v: Vec<f64> = (1..=10).map(f64::from).collect();
        assert_eq!(breaks(&v, 5, Breaks::Quantile), vec![2.0, 4.0, 6.0, 8.0, 10.0]);
    }

    #[test]
    fn jenks_finds_the_gaps() {
        let v = [1.0, 1.0, 2.0, 50.0, 52.0, 55.0, 200.0, 210.0];
        assert_eq!(breaks(&v, 3, Breaks::Jenks), vec![2.0, 55.0, 210.0]);
    }

    #[test]
    fn zeros_are_not_classed_and_few_values_give_few_classes() {
        assert_eq!(breaks(&[0.0, 0.0, 3.0, 3.0], 5, Breaks::Jenks), vec![3.0]);
        assert_eq!(class_of(3.0, &[2.0, 5.0]), 1);
        assert_eq!(class_of(9.0, &[2.0, 5.0]), 1);
    }
}
