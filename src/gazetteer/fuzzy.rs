//! Bounded fuzzy matching of transliteration keys.
//!
//! Used only after exact and alias lookups fail, and never on short keys:
//! a key of fewer than [`MIN_LEN`] letters is not fuzzy-matched at all. A
//! query matches a name when the Damerau–Levenshtein distance between their
//! keys is at most 1 (keys of 5–7 letters) or 2 (8 letters or more), or when
//! their consonant skeletons (of 4 consonants or more) are equal and the keys
//! are at least 60 % alike (vowel slips such as `Mustang` for `Mastung`).
//! Keys under 8 letters must also keep their first letter. Candidates are found
//! through a symmetric-delete index (SymSpell, Garbe 2012) and verified with
//! the true distance, so lookups do not scan the whole gazetteer.

use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use super::normalize::skeleton;

/// Keys shorter than this are never fuzzy-matched.
pub const MIN_LEN: usize = 5;

/// The largest edit distance accepted for a key of `len` letters.
pub fn max_distance(len: usize) -> usize {
    match len {
        0..=4 => 0,
        5..=7 => 1,
        _ => 2,
    }
}

/// Similarity in 0..1 from an edit distance: `1 - d / max(len)`.
pub fn similarity(a: &str, b: &str) -> f64 {
    let d = strsim::damerau_levenshtein(a, b) as f64;
    let m = a.chars().count().max(b.chars().count()).max(1) as f64;
    1.0 - d / m
}

/// Whether `a` and `b` are at most one edit apart (a substitution, an
/// insertion or deletion, or two adjacent letters swapped) — the same answer as
/// `strsim::damerau_levenshtein(a, b) <= 1`, without allocating.
///
/// ```
/// use incident_mapper::gazetteer::fuzzy::within_one_edit;
/// assert!(within_one_edit("makran", "mekran"));   // substitution
/// assert!(within_one_edit("makran", "makrn"));    // deletion
/// assert!(within_one_edit("makran", "mkaran"));   // transposition
/// assert!(within_one_edit("makran", "makran"));
/// assert!(!within_one_edit("makran", "mekrn"));
/// assert!(!within_one_edit("kalat", "kalatxx"));
/// ```
pub fn within_one_edit(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        return within_one(a.as_bytes(), b.as_bytes());
    }
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    within_one(&a, &b)
}

fn within_one<T: PartialEq>(a: &[T], b: &[T]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if long.len() - short.len() > 1 {
        return false;
    }
    // The common prefix, then what is left must be one edit.
    let p = short.iter().zip(long).take_while(|(x, y)| x == y).count();
    let (s, l) = (&short[p..], &long[p..]);
    if s.len() == l.len() {
        // Equal, one substitution, or one adjacent transposition.
        s.is_empty() || s[1..] == l[1..] || (s.len() >= 2 && s[0] == l[1] && s[1] == l[0] && s[2..] == l[2..])
    } else {
        // One insertion into the shorter.
        *s == l[1..]
    }
}

/// A fuzzy index over a set of keys.
#[derive(Debug, Default)]
pub struct FuzzyIndex {
    keys: Vec<String>,
    /// (hash of a key or of the key with one character deleted, key), sorted:
    /// one flat list rather than a map of small lists (a third of the memory).
    deletes: Vec<(u64, u32)>,
    skeletons: HashMap<String, Vec<u32>>,
}

fn h(s: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    s.hash(&mut hasher);
    hasher.finish()
}

fn deletes1(s: &str) -> impl Iterator<Item = String> + '_ {
    let idx: Vec<usize> = s.char_indices().map(|(i, _)| i).collect();
    idx.into_iter().map(move |i| {
        let mut t = String::with_capacity(s.len());
        t.push_str(&s[..i]);
        let rest = &s[i..];
        let mut chars = rest.chars();
        chars.next();
        t.push_str(chars.as_str());
        t
    })
}

impl FuzzyIndex {
    /// Indexes `keys` (each a transliteration key); returned matches refer to positions in it.
    pub fn new(keys: Vec<String>) -> Self {
        let mut deletes: Vec<(u64, u32)> = Vec::new();
        let mut skeletons: HashMap<String, Vec<u32>> = HashMap::new();
        for (i, k) in keys.iter().enumerate() {
            if k.chars().count() < MIN_LEN - 1 {
                continue;
            }
            let i = i as u32;
            deletes.push((h(k), i));
            for d in deletes1(k) {
                deletes.push((h(&d), i));
            }
            let sk = skeleton(k);
            if sk.chars().count() >= 3 {
                skeletons.entry(sk).or_default().push(i);
            }
        }
        deletes.sort_unstable();
        deletes.dedup();
        deletes.shrink_to_fit();
        FuzzyIndex {
            keys,
            deletes,
            skeletons,
        }
    }

    /// The entries of `deletes` with this hash.
    fn with_hash(&self, hash: u64) -> &[(u64, u32)] {
        let start = self.deletes.partition_point(|e| e.0 < hash);
        let end = start + self.deletes[start..].partition_point(|e| e.0 == hash);
        &self.deletes[start..end]
    }

    pub fn key(&self, i: u32) -> &str {
        &self.keys[i as usize]
    }

    /// The keys within the fuzzy bounds of `query`, best first, with their similarity.
    ///
    /// ```
    /// use incident_mapper::gazetteer::fuzzy::FuzzyIndex;
    /// let idx = FuzzyIndex::new(vec!["mastung".into(), "kuita".into(), "kalat".into()]);
    /// let m = idx.search("mustang");
    /// assert_eq!(idx.key(m[0].0), "mastung");
    /// assert!(idx.search("kala").is_empty()); // too short to fuzz
    /// ```
    pub fn search(&self, query: &str) -> Vec<(u32, f64)> {
        let len = query.chars().count();
        if len < MIN_LEN {
            return Vec::new();
        }
        let bound = max_distance(len);
        let mut found: HashMap<u32, f64> = HashMap::new();
        let consider = |i: u32, found: &mut HashMap<u32, f64>| {
            if found.contains_key(&i) {
                return;
            }
            let k = &self.keys[i as usize];
            let d = strsim::damerau_levenshtein(query, k);
            let sim = similarity(query, k);
            // Short keys must keep their first letter: "Zehri" is not "Lehri".
            if len < 8 && query.chars().next() != k.chars().next() {
                return;
            }
            let sk = skeleton(k);
            let same_skeleton = sk.chars().count() >= 4 && skeleton(query) == sk;
            if (d <= bound && d > 0) || (same_skeleton && d > 0 && sim >= 0.6) {
                found.insert(i, sim);
            }
        };
        for hash in std::iter::once(h(query)).chain(deletes1(query).map(|d| h(&d))) {
            for &(_, i) in self.with_hash(hash) {
                consider(i, &mut found);
            }
        }
        if let Some(v) = self.skeletons.get(&skeleton(query)) {
            for &i in v {
                consider(i, &mut found);
            }
        }
        let mut out: Vec<(u32, f64)> = found.into_iter().collect();
        out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn within_one_edit_agrees_with_damerau_levenshtein() {
        // Every pair of strings over a small alphabet up to 4 letters, plus non-ASCII.
        let mut words = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> = words
                .iter()
                .filter(|w| w.len() == words.last().unwrap().len())
                .flat_map(|w| ["a", "b", "c"].map(|c| format!("{w}{c}")))
                .collect();
            words.extend(longer);
        }
        words.extend(["ä".to_string(), "äb".into(), "bä".into(), "ab".into()]);
        let mut checked = 0;
        for a in &words {
            for b in &words {
                assert_eq!(
                    within_one_edit(a, b),
                    strsim::damerau_levenshtein(a, b) <= 1,
                    "{a:?} {b:?}"
                );
                checked += 1;
            }
        }
        assert!(checked > 10_000);
    }

    #[test]
    fn bounds_depend_on_length() {
        assert_eq!(max_distance(4), 0);
        assert_eq!(max_distance(6), 1);
        assert_eq!(max_distance(9), 2);
    }

    #[test]
    fn finds_one_edit_typos_and_vowel_slips_but_not_far_words() {
        let idx = FuzzyIndex::new(vec!["gvadar".into(), "kuzdar".into(), "panjgur".into(), "sibi".into()]);
        assert_eq!(idx.key(idx.search("gavadar")[0].0), "gvadar");
        assert_eq!(idx.key(idx.search("kuzadr")[0].0), "kuzdar"); // transposition
        assert_eq!(idx.key(idx.search("panjgir")[0].0), "panjgur");
        assert!(idx.search("kandahar").is_empty());
        // four letters: never fuzzed, whatever the distance
        assert!(idx.search("sibo").is_empty());
    }

    #[test]
    fn short_keys_keep_their_first_letter_and_short_skeletons_do_not_count() {
        let idx = FuzzyIndex::new(vec!["lihri".into(), "hazru".into(), "karak".into()]);
        assert!(idx.search("zihri").is_empty());
        assert_eq!(idx.key(idx.search("karek")[0].0), "karak");
        // "hazara" and "hazru" share only the 3-consonant skeleton "hzr"
        assert!(idx.search("hazara").is_empty());
    }

    #[test]
    fn two_edits_only_for_long_keys() {
        let idx = FuzzyIndex::new(vec!["dalbandin".into(), "turbat".into()]);
        assert_eq!(idx.key(idx.search("dalbndn")[0].0), "dalbandin");
        // "tarbut" is two substitutions from "turbat", but shares its skeleton
        assert_eq!(idx.key(idx.search("tarbut")[0].0), "turbat");
        // "turbxz" is two substitutions away with a different skeleton: too far for 6 letters
        assert!(idx.search("turbxz").is_empty());
    }
}
