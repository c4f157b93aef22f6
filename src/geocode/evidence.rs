//! How much a name match says: a place's own or alternate name is evidence;
//! a transliteration variant or a misspelling is evidence only when it is
//! close to what is written and clearly nearer one place than any other.
//!
//! Nonsense is one or two edits from some village among 16,000 ("Khoolpoo"
//! is one from "Kolpur"), so a weak match is not taken for a village: it is
//! reported with its candidate and left unresolved (or to the row's
//! district). A weak misspelling of a prominent place (an administrative
//! unit, a seat, a city), and a spelling variant of a village's name, are
//! kept, flagged `low_confidence`, at precision 2: the district is likely,
//! the point is not.

use super::phrase::{Cand, Quality, Span};
use super::rank::compatible;
use crate::gazetteer::fuzzy::similarity;
use crate::gazetteer::normalize::normalize;
use crate::gazetteer::Gazetteer;
use crate::model::{Place, PlaceKind, Seat};

/// Population from which a town counts as prominent among namesakes.
pub const PROMINENT_POPULATION: u64 = 50_000;

/// Whether a place is known well enough that a misspelling most likely means it:
/// an administrative unit, the seat of one, or a city of [`PROMINENT_POPULATION`].
///
/// ```
/// use incident_mapper::gazetteer::Gazetteer;
/// use incident_mapper::geocode::evidence::prominent;
/// let g = Gazetteer::embedded();
/// let turbat = g.places().iter().find(|p| p.name == "Turbat").unwrap();
/// assert!(prominent(turbat));
/// ```
pub fn prominent(p: &Place) -> bool {
    p.seat != Seat::None || p.kind.is_admin() || p.population.unwrap_or(0) >= PROMINENT_POPULATION
}

/// The margin of similarity by which a misspelling must be nearer its place
/// than any unrelated place: wider for shorter words, where one edit is a
/// larger share of the word (`1.5 / letters`: 0.30 at 5 letters, 0.15 at 10).
pub fn margin(letters: usize) -> f64 {
    1.5 / letters.max(1) as f64
}

/// How alike the written text is to the nearest of the place's names (0..1).
fn written_similarity(text: &str, p: &Place) -> f64 {
    std::iter::once(&p.name)
        .chain(p.alt_names.iter())
        .map(|n| similarity(text, &normalize(n)))
        .fold(0.0, f64::max)
}

/// The best similarity of a candidate of `span` that is not `p` nor compatible with it.
fn rival(gaz: &Gazetteer, span: &Span, cand: Cand, p: &Place) -> f64 {
    span.cands
        .iter()
        .filter(|c| c.place != cand.place && !compatible(gaz, p, gaz.place(c.place as usize)))
        .map(|c| match c.quality {
            Quality::Fuzzy(s) => s,
            _ => 1.0,
        })
        .fold(0.0, f64::max)
}

/// Whether a misspelling too loose to be taken for a village is close
/// enough to a town (a tehsil seat, a town of 10,000: a few hundred of them,
/// less easily hit by chance than one of thousands of villages) to keep as
/// a weak match — reported with `low_confidence` at the district's precision.
pub fn close_to_a_town(gaz: &Gazetteer, span: &Span, cand: Cand, p: &Place) -> bool {
    let Quality::Fuzzy(sim) = cand.quality else {
        return false;
    };
    let letters = span.text.chars().filter(|c| c.is_alphabetic()).count();
    p.kind == PlaceKind::Town && sim >= 0.8 && sim - rival(gaz, span, cand, p) >= margin(letters)
}

/// `Some(what)` when the match of `cand` in `span` is weak evidence for place `p`:
/// a transliteration variant that looks little like any of its names, or a
/// misspelling that is not close, or not clearly nearer this place than another.
pub fn weak_match(gaz: &Gazetteer, span: &Span, cand: Cand, p: &Place) -> Option<&'static str> {
    match cand.quality {
        Quality::Exact | Quality::AltName => None,
        // Initials of a prominent place's name ("D.A. Yar"): how the press shortens it.
        Quality::Translit
            if super::phrase::abbreviated(&span.text) && gaz.by_initials(&span.text).contains(&cand.place) =>
        {
            None
        }
        // A spelling variant of a village's name: nonsense finds one among
        // 16,000 villages too easily to take it for that village.
        Quality::Translit if !prominent(p) => Some("a spelling variant"),
        Quality::Translit => (written_similarity(&span.text, p) < 0.6).then_some("a loose spelling variant"),
        Quality::Fuzzy(sim) => {
            let letters = span.text.chars().filter(|c| c.is_alphabetic()).count();
            let long_enough = prominent(p) || letters >= 8;
            // A slip that also splits or joins words is two slips: "Shorabak" is no village
            // "Sur Dabak" (a well-known place written run together, "Derabugti", still is).
            let words = span.text.split(' ').count();
            let same_words = prominent(p)
                || std::iter::once(&p.name)
                    .chain(p.alt_names.iter())
                    .any(|n| normalize(n).split(' ').count() == words);
            if sim < 0.85 || sim - rival(gaz, span, cand, p) < margin(letters) || !long_enough || !same_words {
                Some("a loose misspelling")
            } else {
                None
            }
        }
    }
}
